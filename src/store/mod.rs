//! The durable workspace: every variable and the command history of one
//! workspace live in one redb database file, updated by one fsynced write
//! transaction per top-level command, so a crash (even `kill -9`) at any
//! moment leaves the workspace as it was after the last completed command.
//!
//! Files under the workspace root `home` (see `default_home`):
//! - `<name>.flatlab`: the redb database of workspace `<name>`;
//! - `<name>.flatlab-lock`: JSON `{"pid", "host", "opened"}` written by the
//!   process that has the workspace open, only to name it in "in use" errors.
//!   redb's own file lock is the authority; a stale lock-info file left by a
//!   killed process is harmless and overwritten by the next open.
//!
//! Tables:
//! - `meta` (&str -> u64): `format_version`, `generation` (bumped by every
//!   commit), `created` (unix ms);
//! - `vars` (&str -> bytes): rmp-serde `VarMeta` (class, dims, complex flag,
//!   element count, chunk count, generation written; struct fields inline);
//! - `chunks` ((&str, u64) -> bytes): element data, `CHUNK_BYTES` (1 MiB) per
//!   chunk, in the little-endian layout documented in `codec`;
//! - `history` (u64 seq -> bytes): rmp-serde `HistoryRecord`.
//!
//! Every redb call runs under `catch_unwind`: a damaged file is an error,
//! never a crash.

mod codec;
mod error;
mod list;
#[cfg(test)]
mod tests;

pub use error::{LockHolder, StoreError};
pub use list::{
    default_home, format_age, format_bytes, list_workspaces, resume_banner, WorkspaceInfo,
};

use crate::history::{now_ms, HistoryRecord};
use crate::value::Value;
use redb::{Database, Durability, ReadableDatabase, ReadableTable, TableDefinition};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// The newest store format this build reads and the one it writes.
pub const FORMAT_VERSION: u64 = 1;
/// File name extension of workspace databases.
pub const EXTENSION: &str = "flatlab";

const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
const VARS: TableDefinition<&str, &[u8]> = TableDefinition::new("vars");
const CHUNKS: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("chunks");
const HISTORY: TableDefinition<u64, &[u8]> = TableDefinition::new("history");

/// The redb file header: a file that does not start with it is not ours.
const REDB_MAGIC: [u8; 9] = [b'r', b'e', b'd', b'b', 0x1A, 0x0A, 0xA9, 0x0D, 0x0A];

/// For the resume banner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub variables: usize,
    /// Bytes of element data over all variables.
    pub bytes: u64,
    /// When the last command finished (unix ms), if any ran.
    pub last_command: Option<i64>,
    pub generation: u64,
}

/// An open workspace. Only one `Store` per workspace exists at a time,
/// across all processes.
pub struct Store {
    db: Database,
    name: String,
    path: PathBuf,
    lock_path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

thread_local! {
    /// Depth of `guarded` calls on this thread: panics inside are reported
    /// as errors, so the panic hook stays quiet for them.
    static GUARD_DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Wraps the current panic hook (once) so that panics caught by `guarded`
/// print nothing; all other panics reach the previous hook unchanged.
fn install_quiet_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if GUARD_DEPTH.with(|d| d.get()) == 0 {
                previous(info);
            }
        }));
    });
}

/// Runs `f`, turning a panic inside redb or the codec into a "damaged" error.
fn guarded<T>(path: &Path, f: impl FnOnce() -> Result<T, StoreError>) -> Result<T, StoreError> {
    install_quiet_hook();
    GUARD_DEPTH.with(|d| d.set(d.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(f));
    GUARD_DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    match result {
        Ok(r) => r,
        Err(p) => {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unexpected internal failure".into());
            Err(StoreError::corrupt(path, msg))
        }
    }
}

/// Checks a workspace name is a plain file name.
pub(crate) fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

pub(crate) fn db_path(home: &Path, name: &str) -> PathBuf {
    home.join(format!("{name}.{EXTENSION}"))
}

pub(crate) fn lock_path(home: &Path, name: &str) -> PathBuf {
    home.join(format!("{name}.{EXTENSION}-lock"))
}

/// redb settings: a 64 MiB page cache (the default 1 GiB would keep a
/// second copy of a large workspace in memory after loading it).
pub(crate) fn builder() -> redb::Builder {
    let mut b = Database::builder();
    b.set_cache_size(64 << 20);
    b
}

/// Rejects a non-empty file that is not a redb database before redb reads it.
pub(crate) fn check_header(path: &Path) -> Result<(), StoreError> {
    use std::io::Read;
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(StoreError::io(path, &e)),
    };
    let mut head = Vec::with_capacity(REDB_MAGIC.len());
    f.by_ref()
        .take(REDB_MAGIC.len() as u64)
        .read_to_end(&mut head)
        .map_err(|e| StoreError::io(path, &e))?;
    if head.is_empty() || head == REDB_MAGIC {
        Ok(())
    } else {
        Err(StoreError::corrupt(path, "unrecognized file header"))
    }
}

pub(crate) fn read_holder(lock: &Path) -> Option<LockHolder> {
    let text = std::fs::read_to_string(lock).ok()?;
    serde_json::from_str(&text).ok()
}

fn write_holder(lock: &Path, h: &LockHolder) {
    let Ok(text) = serde_json::to_string(h) else {
        return;
    };
    let tmp = lock.with_extension(format!("{EXTENSION}-lock.tmp{}", h.pid));
    if std::fs::write(&tmp, text).is_ok() && std::fs::rename(&tmp, lock).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

impl Store {
    /// Opens or creates workspace `name` as `home/<name>.flatlab` (creating
    /// `home`). Fails with `StoreError::InUse` naming the holding process
    /// when the workspace is open elsewhere; never waits for it.
    pub fn open(home: &Path, name: &str) -> Result<Store, StoreError> {
        if !valid_name(name) {
            return Err(StoreError::InvalidName(name.to_string()));
        }
        std::fs::create_dir_all(home).map_err(|e| StoreError::io(home, &e))?;
        let path = db_path(home, name);
        let lock = lock_path(home, name);
        check_header(&path)?;
        let existed = path.exists();
        let db = guarded(&path, || {
            builder()
                .create(&path)
                .map_err(|e| StoreError::redb(&path, name, e))
        })
        .map_err(|e| match e {
            StoreError::InUse { workspace, .. } => StoreError::InUse {
                workspace,
                holder: read_holder(&lock),
            },
            other => other,
        })?;
        let store = Store {
            db,
            name: name.to_string(),
            path,
            lock_path: lock,
        };
        store.init()?;
        if !existed {
            // Make the new file's directory entry durable too (best effort).
            if let Ok(d) = std::fs::File::open(home) {
                let _ = d.sync_all();
            }
        }
        write_holder(
            &store.lock_path,
            &LockHolder {
                pid: std::process::id(),
                host: crate::history::hostname(),
                opened: now_ms(),
            },
        );
        Ok(store)
    }

    fn err(&self, e: impl Into<redb::Error>) -> StoreError {
        StoreError::redb(&self.path, &self.name, e)
    }

    /// Creates the tables of a new workspace; checks the format of an old one.
    fn init(&self) -> Result<(), StoreError> {
        guarded(&self.path, || {
            if check_format(&self.db, &self.path)? {
                return Ok(());
            }
            let mut txn = self.db.begin_write().map_err(|e| self.err(e))?;
            txn.set_durability(Durability::Immediate)
                .map_err(|e| StoreError::Io {
                    path: self.path.clone(),
                    detail: e.to_string(),
                })?;
            {
                let mut meta = txn.open_table(META).map_err(|e| self.err(e))?;
                meta.insert("format_version", FORMAT_VERSION)
                    .map_err(|e| self.err(e))?;
                meta.insert("generation", 0).map_err(|e| self.err(e))?;
                meta.insert("created", now_ms().max(0) as u64)
                    .map_err(|e| self.err(e))?;
                txn.open_table(VARS).map_err(|e| self.err(e))?;
                txn.open_table(CHUNKS).map_err(|e| self.err(e))?;
                txn.open_table(HISTORY).map_err(|e| self.err(e))?;
            }
            txn.commit().map_err(|e| self.err(e))
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// All variables with their exact values, ordered by name.
    pub fn load_all(&self) -> Result<Vec<(String, Value)>, StoreError> {
        guarded(&self.path, || {
            load_all_from(&self.db, &self.path, &self.name)
        })
    }

    /// Writes one command's effect in one atomic, fsynced transaction: puts
    /// `changed` (only those: other variables are not rewritten), then
    /// removes `cleared`, appends `record` (its `seq` and `generation` are
    /// assigned here) and bumps the generation, which it returns.
    pub fn commit(
        &mut self,
        changed: &[(&str, &Value)],
        cleared: &[&str],
        record: &HistoryRecord,
    ) -> Result<u64, StoreError> {
        guarded(&self.path, || self.commit_inner(changed, cleared, record))
    }

    fn commit_inner(
        &self,
        changed: &[(&str, &Value)],
        cleared: &[&str],
        record: &HistoryRecord,
    ) -> Result<u64, StoreError> {
        let path = self.path.clone();
        let mut txn = self.db.begin_write().map_err(|e| self.err(e))?;
        txn.set_durability(Durability::Immediate)
            .map_err(|e| StoreError::Io {
                path: path.clone(),
                detail: e.to_string(),
            })?;
        let generation;
        {
            let mut meta = txn.open_table(META).map_err(|e| self.err(e))?;
            let mut vars = txn.open_table(VARS).map_err(|e| self.err(e))?;
            let mut chunks = txn.open_table(CHUNKS).map_err(|e| self.err(e))?;
            let mut hist = txn.open_table(HISTORY).map_err(|e| self.err(e))?;
            let old_gen = meta
                .get("generation")
                .map_err(|e| self.err(e))?
                .map(|g| g.value())
                .unwrap_or(0);
            generation = old_gen.saturating_add(1);
            for (name, value) in changed {
                let m = codec::encode(value, generation, |i, bytes| {
                    chunks
                        .insert((*name, i), bytes.as_slice())
                        .map(|_| ())
                        .map_err(|e| self.err(e))
                })?;
                // Drop chunks of an older, larger version of this variable.
                chunks
                    .retain_in((*name, m.chunks)..=(*name, u64::MAX), |_, _| false)
                    .map_err(|e| self.err(e))?;
                let mb = codec::meta_to_bytes(&m)?;
                vars.insert(*name, mb.as_slice()).map_err(|e| self.err(e))?;
            }
            for name in cleared {
                vars.remove(*name).map_err(|e| self.err(e))?;
                chunks
                    .retain_in((*name, 0u64)..=(*name, u64::MAX), |_, _| false)
                    .map_err(|e| self.err(e))?;
            }
            let seq = hist
                .last()
                .map_err(|e| self.err(e))?
                .map(|(k, _)| k.value())
                .unwrap_or(0)
                .saturating_add(1);
            let mut rec = record.clone();
            rec.seq = seq;
            rec.generation = generation;
            let rb = rmp_serde::to_vec_named(&rec)
                .map_err(|e| StoreError::Unsupported(e.to_string()))?;
            hist.insert(seq, rb.as_slice()).map_err(|e| self.err(e))?;
            meta.insert("generation", generation)
                .map_err(|e| self.err(e))?;
        }
        txn.commit().map_err(|e| self.err(e))?;
        Ok(generation)
    }

    /// Variable count, data bytes, time of the last command, generation.
    pub fn summary(&self) -> Result<Summary, StoreError> {
        guarded(&self.path, || summary_of(&self.db, &self.path, &self.name))
    }

    /// History records oldest first; only the last `limit` when given.
    pub fn history(&self, limit: Option<usize>) -> Result<Vec<HistoryRecord>, StoreError> {
        guarded(&self.path, || {
            let txn = self.db.begin_read().map_err(|e| self.err(e))?;
            let hist = txn.open_table(HISTORY).map_err(|e| self.err(e))?;
            let iter = hist.iter().map_err(|e| self.err(e))?;
            let mut out = Vec::new();
            for item in iter.rev() {
                if limit.is_some_and(|l| out.len() >= l) {
                    break;
                }
                let (_, v) = item.map_err(|e| self.err(e))?;
                out.push(decode_record(&self.path, v.value())?);
            }
            out.reverse();
            Ok(out)
        })
    }

    /// Gives space freed by cleared or shrunk variables back to the file
    /// system (redb reuses it otherwise, but never shrinks the file).
    /// Returns whether anything was compacted.
    pub fn compact(&mut self) -> Result<bool, StoreError> {
        guarded(&self.path, || {
            self.db
                .compact()
                .map_err(|e| StoreError::redb(&self.path, &self.name, e))
        })
    }

    /// Metadata of one stored variable (tests and diagnostics).
    #[cfg(test)]
    pub(crate) fn var_meta(&self, name: &str) -> Result<Option<codec::VarMeta>, StoreError> {
        let txn = self.db.begin_read().map_err(|e| self.err(e))?;
        let vars = txn.open_table(VARS).map_err(|e| self.err(e))?;
        let got = vars.get(name).map_err(|e| self.err(e))?;
        got.map(|g| codec::meta_from_bytes(&self.path, name, g.value()))
            .transpose()
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // Remove our lock-info record, unless another process already replaced it.
        if read_holder(&self.lock_path).is_some_and(|h| h.pid == std::process::id()) {
            let _ = std::fs::remove_file(&self.lock_path);
        }
    }
}

fn decode_record(path: &Path, b: &[u8]) -> Result<HistoryRecord, StoreError> {
    rmp_serde::from_slice(b)
        .map_err(|e| StoreError::corrupt(path, format!("bad history record ({e})")))
}

/// True when the workspace tables exist (format checked); false for a new,
/// empty database. A redb file of another program is an error.
fn check_format(db: &impl ReadableDatabase, path: &Path) -> Result<bool, StoreError> {
    let txn = db.begin_read().map_err(|e| StoreError::redb(path, "", e))?;
    let meta = match txn.open_table(META) {
        Ok(t) => t,
        Err(redb::TableError::TableDoesNotExist(_)) => {
            let others = txn
                .list_tables()
                .map_err(|e| StoreError::redb(path, "", e))?
                .count();
            if others == 0 {
                return Ok(false);
            }
            return Err(StoreError::corrupt(
                path,
                "not a flatlab workspace (no meta table)",
            ));
        }
        Err(e) => return Err(StoreError::redb(path, "", e)),
    };
    let version = meta
        .get("format_version")
        .map_err(|e| StoreError::redb(path, "", e))?
        .map(|g| g.value())
        .ok_or_else(|| StoreError::corrupt(path, "no format version"))?;
    if version > FORMAT_VERSION {
        return Err(StoreError::NewerFormat {
            path: path.to_path_buf(),
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    if version == 0 {
        return Err(StoreError::corrupt(path, "invalid format version 0"));
    }
    Ok(true)
}

fn load_all_from(
    db: &impl ReadableDatabase,
    path: &Path,
    name: &str,
) -> Result<Vec<(String, Value)>, StoreError> {
    let e = |e: redb::Error| StoreError::redb(path, name, e);
    let txn = db.begin_read().map_err(|x| e(x.into()))?;
    let vars = txn.open_table(VARS).map_err(|x| e(x.into()))?;
    let chunks = txn.open_table(CHUNKS).map_err(|x| e(x.into()))?;
    let mut out = Vec::new();
    for item in vars.iter().map_err(|x| e(x.into()))? {
        let (k, v) = item.map_err(|x| e(x.into()))?;
        let var = k.value().to_string();
        let m = codec::meta_from_bytes(path, &var, v.value())?;
        let mut expect = 0u64;
        let range = chunks
            .range((var.as_str(), 0u64)..=(var.as_str(), u64::MAX))
            .map_err(|x| e(x.into()))?;
        let parts = range.map(|item| {
            let (ck, cv) = item.map_err(|x| e(x.into()))?;
            let idx = ck.value().1;
            if idx != expect || idx >= m.chunks {
                return Err(StoreError::corrupt(
                    path,
                    format!("variable '{var}': unexpected chunk {idx}"),
                ));
            }
            expect += 1;
            Ok(cv.value().to_vec())
        });
        let value = codec::decode(path, &var, &m, parts)?;
        out.push((var, value));
    }
    Ok(out)
}

fn summary_of(db: &impl ReadableDatabase, path: &Path, name: &str) -> Result<Summary, StoreError> {
    let e = |e: redb::Error| StoreError::redb(path, name, e);
    let txn = db.begin_read().map_err(|x| e(x.into()))?;
    let meta = txn.open_table(META).map_err(|x| e(x.into()))?;
    let vars = txn.open_table(VARS).map_err(|x| e(x.into()))?;
    let hist = txn.open_table(HISTORY).map_err(|x| e(x.into()))?;
    let generation = meta
        .get("generation")
        .map_err(|x| e(x.into()))?
        .map(|g| g.value())
        .unwrap_or(0);
    let mut bytes = 0u64;
    let mut count = 0usize;
    for item in vars.iter().map_err(|x| e(x.into()))? {
        let (k, v) = item.map_err(|x| e(x.into()))?;
        let m = codec::meta_from_bytes(path, k.value(), v.value())?;
        bytes = bytes.saturating_add(m.bytes);
        count += 1;
    }
    let last_command = match hist.last().map_err(|x| e(x.into()))? {
        Some((_, v)) => Some(decode_record(path, v.value())?.ended()),
        None => None,
    };
    Ok(Summary {
        variables: count,
        bytes,
        last_command,
        generation,
    })
}
