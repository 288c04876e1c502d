//! Creating a workspace file so that a failure or a crash at any step
//! leaves either no workspace or a complete, empty one, never a file that
//! no later start can open.
//!
//! A new store is built under a temporary name in the same directory
//! (`.<name>.flatlab-creating.<pid>`): redb initializes it, the workspace
//! tables are committed (fsynced), and only then is it renamed to
//! `<name>.flatlab` without replacing anything (`renameat2(RENAME_NOREPLACE)`,
//! or a hard link where that is not supported), and the directory is
//! fsynced. If that last fsync fails the new name is removed again, so a
//! workspace that exists is always durable. The database handle stays open
//! across the rename (POSIX keeps the file, and redb's lock on it).
//!
//! Older versions created the file in place; a crash or I/O error there
//! left a file redb never finished (no magic number: it can hold no
//! committed data). Such an *unfinished* file (empty, or zero everywhere
//! but redb's header, without its magic number) is recognised and replaced
//! by a fresh store, under an exclusive lock on it. A temporary left by a
//! creator that died is removed at the next open.

use super::{builder, guarded, Store, StoreError, EXTENSION, REDB_MAGIC};
use redb::Database;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// What is at a workspace's path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Header {
    /// No file.
    Missing,
    /// A redb database (flatlab's or another program's: `check_format` tells).
    Redb,
    /// A file redb began to create and never finished: no committed data.
    Unfinished,
}

/// redb writes its header (320 bytes) before its magic number; nothing
/// else is written before the magic number is.
const HEADER_ROOM: u64 = 512;
/// Larger files are never taken for unfinished ones (redb's first layout
/// is about 1 MiB).
const UNFINISHED_MAX: u64 = 16 << 20;

/// What the file at `path` is; a non-empty file that is neither a redb
/// database nor an unfinished one is "damaged or not a flatlab workspace".
pub(crate) fn check_header(path: &Path) -> Result<Header, StoreError> {
    let mut f = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Header::Missing),
        Err(e) => return Err(StoreError::io(path, &e)),
    };
    header_of(&mut f, path)
}

fn header_of(f: &mut File, path: &Path) -> Result<Header, StoreError> {
    let io = |e: std::io::Error| StoreError::io(path, &e);
    let len = f.metadata().map_err(io)?.len();
    let mut head = Vec::with_capacity(REDB_MAGIC.len());
    f.by_ref()
        .take(REDB_MAGIC.len() as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    if head == REDB_MAGIC {
        return Ok(Header::Redb);
    }
    let unfinished = len <= UNFINISHED_MAX && head.iter().all(|&b| b == 0) && {
        // Everything past the header must be zero as well.
        let mut rest = Vec::new();
        std::io::copy(
            &mut f.by_ref().take(HEADER_ROOM - REDB_MAGIC.len() as u64),
            &mut std::io::sink(),
        )
        .map_err(io)?;
        f.read_to_end(&mut rest).map_err(io)?;
        rest.iter().all(|&b| b == 0)
    };
    if unfinished {
        Ok(Header::Unfinished)
    } else {
        Err(StoreError::corrupt(path, "unrecognized file header"))
    }
}

/// The temporary name a process builds workspace `name` under.
fn temp_path(home: &Path, name: &str, pid: u32) -> PathBuf {
    home.join(format!(".{name}.{EXTENSION}-creating.{pid}"))
}

/// Wraps a failure of creation step `step` for the user.
fn failed(path: &Path, step: &str, e: StoreError) -> StoreError {
    let detail = match e {
        StoreError::Io { detail, .. } | StoreError::Permission { detail, .. } => detail,
        other => return other,
    };
    StoreError::Io {
        path: path.to_path_buf(),
        detail: format!("creating it failed ({step}): {detail}"),
    }
}

/// Creates `home` (and missing parents), fsyncing each new directory's
/// parent so the new entries are durable.
pub(super) fn ensure_home(home: &Path) -> Result<(), StoreError> {
    if home.is_dir() {
        return Ok(());
    }
    let mut created = Vec::new();
    let mut p = Some(home);
    while let Some(d) = p {
        if d.as_os_str().is_empty() || d.exists() {
            break;
        }
        created.push(d.to_path_buf());
        p = d.parent();
    }
    std::fs::create_dir_all(home).map_err(|e| StoreError::io(home, &e))?;
    for d in created {
        let parent = crate::formats::parent_dir(&d);
        crate::formats::sync_dir(&parent).map_err(|w| StoreError::Io {
            path: d.clone(),
            detail: format!("creating the directory failed: {w}"),
        })?;
    }
    Ok(())
}

/// An exclusive, non-blocking `flock` on `f` (redb takes the same lock
/// while it has a file open).
fn try_lock(f: &File) -> bool {
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a descriptor `f` owns; no memory is passed.
    unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
}

/// Removes temporaries of workspace `name` left by creators that died
/// (their process is gone and nothing holds the file open with a lock).
pub(super) fn remove_stale(home: &Path, name: &str) {
    let prefix = format!(".{name}.{EXTENSION}-creating.");
    let Ok(entries) = std::fs::read_dir(home) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(pid) = file
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if super::pid_alive(pid) && pid != std::process::id() {
            continue;
        }
        let path = entry.path();
        if File::open(&path).is_ok_and(|f| try_lock(&f)) {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Renames `from` to `to` unless `to` exists (then `AlreadyExists`).
fn rename_noreplace(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let c = |p: &Path| {
            CString::new(p.as_os_str().as_bytes())
                .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))
        };
        let (f, t) = (c(from)?, c(to)?);
        // SAFETY: two NUL-terminated paths that outlive the call.
        let r = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                f.as_ptr(),
                libc::AT_FDCWD,
                t.as_ptr(),
                libc::RENAME_NOREPLACE,
            )
        };
        if r == 0 {
            return Ok(());
        }
        let e = std::io::Error::last_os_error();
        // Not supported by this file system: fall back to a hard link.
        if !matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) {
            return Err(e);
        }
    }
    std::fs::hard_link(from, to)?;
    std::fs::remove_file(from)
}

/// Builds a new, empty workspace store as `path` (see the module comment).
/// Returns the open database, or `Ok(None)` when another process created
/// the workspace meanwhile (open that one). `replace`: an unfinished file
/// at `path`, locked by the caller, is replaced instead.
pub(super) fn create(
    home: &Path,
    name: &str,
    path: &Path,
    replace: bool,
) -> Result<Option<Database>, StoreError> {
    let tmp = temp_path(home, name, std::process::id());
    let _ = std::fs::remove_file(&tmp);
    let result = build_and_place(name, path, &tmp, replace);
    if !matches!(result, Ok(Some(_))) {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn build_and_place(
    name: &str,
    path: &Path,
    tmp: &Path,
    replace: bool,
) -> Result<Option<Database>, StoreError> {
    let db = guarded(path, || {
        builder()
            .create(tmp)
            .map_err(|e| StoreError::redb(path, name, e))
    })
    .map_err(|e| failed(path, "initializing the new file", e))?;
    let store = Store::with_db(db, name, path);
    store
        .init()
        .map_err(|e| failed(path, "writing the workspace tables", e))?;
    let db = store.into_db()?;
    let placed = if replace {
        std::fs::rename(tmp, path)
    } else {
        rename_noreplace(tmp, path)
    };
    match placed {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(None),
        Err(e) => {
            return Err(failed(
                path,
                "renaming it into place",
                StoreError::io(path, &e),
            ))
        }
    }
    let dir = crate::formats::parent_dir(path);
    if let Err(w) = crate::formats::sync_dir(&dir) {
        // Not durable: take the name back, so the next start creates it
        // again rather than using a workspace that may vanish in a crash.
        let _ = std::fs::remove_file(path);
        return Err(StoreError::Io {
            path: path.to_path_buf(),
            detail: format!("creating it failed: {w}"),
        });
    }
    Ok(Some(db))
}

/// Opens the unfinished file at `path` under an exclusive lock and, if it
/// is still there and still unfinished, replaces it with a new store.
/// `Ok(None)`: it changed meanwhile (open whatever is there now).
pub(super) fn replace_unfinished(
    home: &Path,
    name: &str,
    path: &Path,
) -> Result<Option<Database>, StoreError> {
    use std::os::unix::fs::MetadataExt;
    let mut f = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::io(path, &e)),
    };
    if !try_lock(&f) {
        return Err(StoreError::InUse {
            workspace: name.to_string(),
            holder: super::read_holder(&super::lock_path(home, name)),
        });
    }
    let same = match (f.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    };
    if !same || header_of(&mut f, path)? != Header::Unfinished {
        return Ok(None);
    }
    create(home, name, path, true)
}
