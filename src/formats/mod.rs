//! Moving workspace values in and out of files. `save`/`load` pick the
//! format from their options, then from the file extension (`dispatch`).
//!
//! One module per format: `json` (workspace JSON), `mat` (MAT-file Level 5,
//! MATLAB v6/v7), `npy` (NumPy .npy/.npz), `text` (CSV, delimited and ASCII
//! text). Every writer goes through [`write_atomic`], so a failed or
//! interrupted save leaves the old file or the complete new one.

pub mod json;
pub mod mat;
pub mod npy;
pub mod text;

mod dispatch;
pub(crate) mod progress;

use crate::value::Value;
use std::io::{BufWriter, Write};
use std::path::Path;

/// What a reader found in a file: the variables in file order, and notes
/// for the user (classes converted, entries skipped) to print as warnings.
#[derive(Debug, Default, Clone)]
pub struct Loaded {
    pub vars: Vec<(String, Value)>,
    pub notes: Vec<String>,
}

pub use dispatch::{
    load, load_request, parse_load_args, parse_save_args, save, save_request, Format, LoadKind,
    LoadRequest, LoadResult, SaveRequest,
};

/// What writers write to: a 1 MiB buffer over the file, counting bytes for
/// the progress bar (shown on a terminal when a save takes over a second).
pub(crate) type Sink = BufWriter<progress::Counting<std::fs::File>>;

/// Streams a file to a temporary name next to `path` through a 1 MiB
/// buffer, fsyncs it and renames it over `path` (then fsyncs the directory,
/// best effort). On any error the temporary file is removed and `path` is
/// untouched.
pub(crate) fn write_atomic(
    path: &Path,
    body: impl FnOnce(&mut Sink) -> std::io::Result<()>,
) -> std::io::Result<()> {
    write_atomic_sized(path, 0, body)
}

/// [`write_atomic`] for a file of `total` bytes (0: unknown), the size its
/// progress bar shows.
pub(crate) fn write_atomic_sized(
    path: &Path,
    total: u64,
    body: impl FnOnce(&mut Sink) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "no file name"))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(file_name);
    tmp_name.push(format!(".tmp{}", std::process::id()));
    let tmp = dir.join(tmp_name);
    let result = (|| {
        let file = std::fs::File::create(&tmp)?;
        let counting = progress::Counting::new(file, progress::Progress::new("save", total));
        let mut w = BufWriter::with_capacity(1 << 20, counting);
        body(&mut w)?;
        w.flush()?;
        let counting = w.into_inner().map_err(|e| e.into_error())?;
        // The bar stays up while the data reaches the disk.
        counting.get_ref().sync_all()?;
        drop(counting.into_inner());
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
        return result;
    }
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
