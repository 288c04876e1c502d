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
pub(crate) type Sink = BufWriter<progress::Counting<Writeback>>;

/// A file being written that asks the kernel to start writing each
/// [`WRITEBACK_EVERY`] bytes to the disk as soon as they are written, so the
/// disk works while the rest is still being produced and the final fsync
/// waits only for the tail (for a 400 MB save, the fsync otherwise doubled
/// the time). Only a hint: durability still comes from the fsync.
pub(crate) struct Writeback {
    file: std::fs::File,
    pending: u64,
    /// File offset just past the last byte written.
    end: u64,
}

/// Bytes written between two writeback requests.
const WRITEBACK_EVERY: u64 = 8 << 20;

impl Writeback {
    fn new(file: std::fs::File) -> Writeback {
        Writeback {
            file,
            pending: 0,
            end: 0,
        }
    }

    fn start_writeback(&mut self) {
        let len = std::mem::take(&mut self.pending);
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            let start = self.end.saturating_sub(len);
            let (Ok(s), Ok(n)) = (i64::try_from(start), i64::try_from(len)) else {
                return;
            };
            // SAFETY: a plain syscall on a file descriptor this struct owns
            // and keeps open, over a byte range just written. Errors only
            // mean no early writeback, so they are ignored.
            unsafe {
                libc::sync_file_range(self.file.as_raw_fd(), s, n, libc::SYNC_FILE_RANGE_WRITE);
            }
        }
    }
}

impl Write for Writeback {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.pending += n as u64;
        self.end += n as u64;
        if self.pending >= WRITEBACK_EVERY {
            self.start_writeback();
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Zip archives (.npz) seek back to patch member headers.
impl std::io::Seek for Writeback {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        // Hand what was written so far to the disk, then follow the file.
        self.start_writeback();
        self.end = self.file.seek(pos)?;
        Ok(self.end)
    }
}

/// Writes `body` into `file` through a [`Sink`] (`total` bytes expected,
/// 0: unknown) and fsyncs it; the progress bar stays up until the data is
/// on the disk.
pub(crate) fn write_synced(
    file: std::fs::File,
    total: u64,
    body: impl FnOnce(&mut Sink) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let counting =
        progress::Counting::new(Writeback::new(file), progress::Progress::new("save", total));
    let mut w = BufWriter::with_capacity(1 << 20, counting);
    body(&mut w)?;
    w.flush()?;
    let counting = w.into_inner().map_err(|e| e.into_error())?;
    counting.get_ref().file.sync_all()?;
    drop(counting);
    Ok(())
}

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
    let mut replaced = None;
    let result = (|| {
        let file = std::fs::File::create(&tmp)?;
        write_synced(file, total, body)?;
        replaced = hold_if_large(path);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
        return result;
    }
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    if let Some(old) = replaced {
        // The last close of the replaced file frees its blocks (about 90 ms
        // for 400 MB on ext4); do that off the caller's path. If no thread
        // can start, the file is closed here.
        let _ = std::thread::Builder::new().spawn(move || drop(old));
    }
    Ok(())
}

/// An open handle on the file at `path` when it is large, so that renaming
/// over it does not free its blocks inside `rename` (the caller closes the
/// handle later, elsewhere).
fn hold_if_large(path: &Path) -> Option<std::fs::File> {
    const LARGE: u64 = 64 << 20;
    let f = std::fs::File::open(path).ok()?;
    let meta = f.metadata().ok()?;
    (meta.is_file() && meta.len() >= LARGE).then_some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacing_a_large_file_leaves_exactly_the_new_one() {
        let dir = crate::eval::test_util::tempdir("write_atomic_large");
        let path = dir.join("big.bin");
        let size = (65 << 20) + 3;
        for fill in [1u8, 2u8] {
            write_atomic_sized(&path, size as u64, |w| {
                let block = vec![fill; 1 << 20];
                let mut left = size;
                while left > 0 {
                    let n = left.min(block.len());
                    w.write_all(&block[..n])?;
                    left -= n;
                }
                Ok(())
            })
            .unwrap();
            let got = std::fs::read(&path).unwrap();
            assert_eq!(got.len(), size);
            assert!(got.iter().all(|&b| b == fill), "fill {fill}");
        }
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("big.bin")]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
