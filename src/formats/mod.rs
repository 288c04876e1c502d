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
use std::path::{Path, PathBuf};

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
    /// The first OS error of a write or seek, kept for the error report
    /// however the writer above turned it into its own error.
    failed: Option<i32>,
}

/// Bytes written between two writeback requests.
const WRITEBACK_EVERY: u64 = 8 << 20;

impl Writeback {
    fn new(file: std::fs::File) -> Writeback {
        Writeback {
            file,
            pending: 0,
            end: 0,
            failed: None,
        }
    }

    /// Keeps the first OS error.
    fn note(&mut self, e: &std::io::Error) {
        if self.failed.is_none() {
            self.failed = e.raw_os_error();
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
        let n = self.file.write(buf).inspect_err(|e| self.note(e))?;
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
        self.end = self.file.seek(pos).inspect_err(|e| self.note(e))?;
        Ok(self.end)
    }
}

/// A step of writing a file, as errors name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// Creating (or opening) the file written to.
    Create,
    /// Writing the data.
    Write,
    /// fsync of the written data.
    Sync,
    /// Renaming the temporary file over the target.
    Rename,
    /// Opening the directory to fsync it.
    OpenDir,
    /// fsync of the directory, which makes a new name durable.
    SyncDir,
}

/// A failed step of writing a file: what was being done, to which file or
/// directory, and the OS error. Carried inside an `io::Error` (same kind)
/// from [`write_atomic`] and [`write_synced`] to [`write_error`].
#[derive(Debug)]
pub(crate) struct WriteFailure {
    pub step: Step,
    /// The file or directory the step acted on.
    pub on: PathBuf,
    pub source: std::io::Error,
}

impl WriteFailure {
    pub(crate) fn new(step: Step, on: &Path, source: std::io::Error) -> WriteFailure {
        WriteFailure {
            step,
            on: on.to_path_buf(),
            source,
        }
    }

    /// Into an `io::Error` of the same kind, for writers' `io::Result`s.
    pub(crate) fn into_io(self) -> std::io::Error {
        std::io::Error::new(self.source.kind(), self)
    }

    /// The step that failed when `e` carries one.
    pub(crate) fn of(e: &std::io::Error) -> Option<&WriteFailure> {
        e.get_ref()?.downcast_ref::<WriteFailure>()
    }
}

impl std::fmt::Display for WriteFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let on = self.on.display();
        let e = &self.source;
        match self.step {
            Step::Create => write!(f, "cannot create '{on}': {e}"),
            Step::Write => write!(f, "writing the data failed: {e}"),
            Step::Sync => write!(f, "fsync of the written data failed: {e}"),
            Step::Rename => write!(
                f,
                "renaming the temporary file '{on}' into place failed: {e}"
            ),
            Step::OpenDir => write!(f, "opening directory '{on}' to fsync it failed: {e}"),
            Step::SyncDir => write!(f, "fsync of directory '{on}' failed: {e}"),
        }
    }
}

impl std::error::Error for WriteFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// The error `who` ("save", "csvwrite", ...) reports when writing `path`
/// failed with `e`: it names the file, the step and the OS error. A failed
/// directory fsync says the file is in place but may not survive a crash.
pub(crate) fn write_error(who: &str, path: &Path, e: &std::io::Error) -> crate::error::Error {
    let file = path.display();
    let msg = match WriteFailure::of(e) {
        Some(w) if matches!(w.step, Step::OpenDir | Step::SyncDir) => format!(
            "{who}: '{file}' was written but is not durable (it may be lost in a system crash): {w}"
        ),
        // Octave's wording first, then why.
        Some(w) if w.step == Step::Create => {
            format!("{who}: unable to open output file '{file}': {w}")
        }
        _ => format!("{who}: unable to write file '{file}': {e}"),
    };
    crate::error::Error::new(msg)
}

/// fsyncs directory `dir`, so that names just created or renamed in it
/// survive a crash. The error names the step (opening or syncing it).
pub(crate) fn sync_dir(dir: &Path) -> Result<(), WriteFailure> {
    let d = std::fs::File::open(dir).map_err(|e| WriteFailure::new(Step::OpenDir, dir, e))?;
    d.sync_all()
        .map_err(|e| WriteFailure::new(Step::SyncDir, dir, e))
}

/// The directory holding `path` ("." for a bare file name).
pub(crate) fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes `body` into `file` (named `path` in errors) through a [`Sink`]
/// (`total` bytes expected, 0: unknown) and fsyncs it when it is a regular
/// file (a device or pipe has nothing to make durable); the progress bar
/// stays up until the data is on the disk. OS errors come back as
/// [`WriteFailure`]s naming the step; other errors of `body` as they are.
pub(crate) fn write_synced(
    file: std::fs::File,
    path: &Path,
    total: u64,
    body: impl FnOnce(&mut Sink) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let step = |step: Step| {
        move |e: std::io::Error| {
            if e.raw_os_error().is_some() {
                WriteFailure::new(step, path, e).into_io()
            } else {
                e
            }
        }
    };
    let counting =
        progress::Counting::new(Writeback::new(file), progress::Progress::new("save", total));
    let mut w = BufWriter::with_capacity(1 << 20, counting);
    if let Err(e) = body(&mut w) {
        // A failed write under the buffer is the cause, whatever error
        // `body` made of it.
        return Err(match w.get_ref().get_ref().failed {
            Some(code) => {
                let os = std::io::Error::from_raw_os_error(code);
                WriteFailure::new(Step::Write, path, os).into_io()
            }
            None => step(Step::Write)(e),
        });
    }
    w.flush().map_err(step(Step::Write))?;
    let counting = w
        .into_inner()
        .map_err(|e| e.into_error())
        .map_err(step(Step::Write))?;
    let file = &counting.get_ref().file;
    if file.metadata().map_err(step(Step::Sync))?.is_file() {
        file.sync_all().map_err(step(Step::Sync))?;
    }
    drop(counting);
    Ok(())
}

/// Streams a file to a temporary name next to `path` through a 1 MiB
/// buffer, fsyncs it, renames it over `path` and fsyncs the directory. On
/// an error before the rename the temporary file is removed and `path` is
/// untouched; a failed directory fsync is an error too (the new file is in
/// place but not durable). Errors carry the failed step ([`WriteFailure`];
/// turn them into the user's message with [`write_error`]).
///
/// A symbolic link is followed (the file it names is replaced, the link
/// stays); a device or pipe (`/dev/stdout`) is written to directly, never
/// replaced by a regular file.
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
    let resolved;
    let path = match std::fs::metadata(path) {
        Ok(m) if !m.is_file() && !m.is_dir() => {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| WriteFailure::new(Step::Create, path, e).into_io())?;
            return write_synced(file, path, total, body);
        }
        Ok(_) if path.is_symlink() => {
            resolved = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            resolved.as_path()
        }
        _ => path,
    };
    let dir = parent_dir(path);
    let file_name = path
        .file_name()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "no file name"))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(file_name);
    tmp_name.push(format!(".tmp{}", std::process::id()));
    let tmp = dir.join(tmp_name);
    let mut replaced = None;
    let result = (|| {
        let file = std::fs::File::create(&tmp)
            .map_err(|e| WriteFailure::new(Step::Create, &tmp, e).into_io())?;
        write_synced(file, &tmp, total, body)?;
        replaced = hold_if_large(path);
        std::fs::rename(&tmp, path).map_err(|e| WriteFailure::new(Step::Rename, &tmp, e).into_io())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
        return result;
    }
    if let Some(old) = replaced {
        // The last close of the replaced file frees its blocks (about 90 ms
        // for 400 MB on ext4); do that off the caller's path. If no thread
        // can start, the file is closed here.
        let _ = std::thread::Builder::new().spawn(move || drop(old));
    }
    sync_dir(&dir).map_err(WriteFailure::into_io)
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
