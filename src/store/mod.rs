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
//! Tables (format version 4; see `cas` for records and chunks, `codec` for
//! how values are encoded):
//! - `meta` (&str -> u64): `format_version` and `created` (unix ms),
//!   written when the store is made or migrated, never by a commit;
//! - `vars` (&str -> checksummed record): rmp-serde `VarMeta` (class, dims,
//!   complex flag, element count, generation written; the data of small
//!   arrays inline, else the SHA-256 keys of its chunks; for a cell, struct
//!   array or function handle, its tree, whose large leaves are chunks too);
//! - `cas` (SHA-256 -> bytes) and `refs` (SHA-256 -> u64): element data in
//!   `CHUNK_BYTES` (1 MiB less 4 KiB, so one fits a 1 MiB database page) chunks, in the little-endian layout documented in
//!   `codec`, shared by content and reference-counted;
//! - `log` ((u64, &str) -> bytes, see `log`): the history record of
//!   command `seq` at `(seq, "")`, the version of variable `name` before
//!   command `seq` changed it (for undo) at `(seq, name)`, and the counters
//!   every commit updates (`generation`, `last_commit`, and for undo
//!   `retained_bytes`, `undo_floor`, `undo_oldest`) at `(u64::MAX, key)`;
//! - `redo` and `undone` (see `undo`), written only by undo and redo (and
//!   cleared by the next change); `sessions` (see `sessions`), written by a
//!   session's first commit and its clean end.
//!
//! What one small commit writes: every table it changes costs its leaf,
//! the path to it and the table tree's page, and redb adds its own
//! freed/allocated-page records (4 pages per commit with one table
//! touched). A one-line command that sets a small variable changes two
//! tables: `vars` and the rightmost leaf of `log`, where its history
//! record, the superseded version and the counters all land (7 pages of
//! 4 KiB and the header, one `fdatasync`; format 3 spread the same over
//! `history`, `undo` and `meta` and wrote 10 pages).
//!
//! Format 1 (chunks keyed by (name, index) in `chunks`, records without
//! checksums) and format 2 (cells, struct arrays, handles, integer and
//! single arrays kept whole as JSON text) are migrated to format 3 in one
//! transaction on open, and format 3 (`history` (u64 seq -> record),
//! `undo` ((seq, name) -> prior), the counters in `meta`) to format 4 in
//! the next (a crash between the two leaves a format-3 store, migrated on
//! the next open). A build that reads up to format 3 refuses a format-4
//! store ("written by a newer flatlab"), never misreads it.
//!
//! Test seam: `FLATLAB_FAULT_COMMIT` (see `fault`) makes commits fail.
//!
//! Every redb call runs under `catch_unwind`: a damaged file is an error,
//! never a crash.

mod cas;
mod codec;
mod create;
mod error;
mod fault;
mod hash;
mod list;
mod log;
mod patch;
mod recall;
mod repair;
mod sessions;
#[cfg(test)]
mod tests;
mod undo;

pub use cas::CommitStats;
pub(crate) use create::{check_header, Header};
pub use error::{LockHolder, StoreError};
pub use fault::FaultPlan;
pub use list::{
    default_home, format_age, format_bytes, list_workspaces, resume_banner, WorkspaceInfo,
};
pub use recall::Recalled;
pub use repair::{recover, RecoverReport};
pub use sessions::SessionEnd;
pub use undo::{Retention, UndoReport, UndoTarget};

use crate::history::{now_ms, HistoryRecord};
use crate::value::Value;
use redb::{
    Database, Durability, ReadableDatabase, ReadableTable, ReadableTableMetadata, TableDefinition,
};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// The newest store format this build reads and the one it writes.
pub const FORMAT_VERSION: u64 = 4;
/// File name extension of workspace databases.
pub const EXTENSION: &str = "flatlab";

const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
const VARS: TableDefinition<&str, &[u8]> = TableDefinition::new("vars");
/// Format 1 only: chunks keyed by (variable, index).
const CHUNKS_V1: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("chunks");
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

/// One variable as listed by `Store::directory` (from its metadata only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarInfo {
    pub name: String,
    /// "double", "logical", "char", "struct" ("" when damaged).
    pub class: String,
    pub dims: Vec<usize>,
    pub complex: bool,
    /// Bytes of element data in memory.
    pub bytes: u64,
    /// Bytes its record and chunks take in the file (shared chunks counted
    /// in full for each variable using them).
    pub disk_bytes: u64,
    /// Set when its metadata record is damaged (why); other fields are then empty.
    pub damaged: Option<String>,
    /// Workspace generation that wrote this version.
    pub generation: u64,
}

/// One changed variable for `Store::commit_changes`.
#[derive(Clone, Copy, Debug)]
pub struct Change<'a> {
    pub name: &'a str,
    pub value: &'a Value,
    /// When known: the element index ranges (column-major, 0-based) that
    /// may differ from the stored version; everything else is promised
    /// unchanged. `None`: anything may have changed.
    pub dirty: Option<&'a [std::ops::Range<usize>]>,
}

/// For a `workspace` command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreInfo {
    pub path: PathBuf,
    /// Size of the database file.
    pub file_bytes: u64,
    pub variables: usize,
    /// Distinct stored chunks.
    pub chunks: u64,
    pub generation: u64,
    /// When the last commit happened (unix ms), if any.
    pub last_commit: Option<i64>,
}

/// The command running now (`Store::begin_command`): each checkpoint
/// stores its record as `Status::Running` with the names saved so far, so
/// that after a crash history, `whos` and provenance still account for what
/// the checkpoints kept. Its final commit replaces that record.
#[derive(Debug)]
struct Running {
    draft: HistoryRecord,
    /// Whether the command still runs (its checkpoints record it); false
    /// once another command started while its final record waits for a
    /// commit that failed.
    active: bool,
    /// Number and generation before the command, once a checkpoint stored
    /// its record.
    stored: Option<(u64, u64)>,
    writes: std::collections::BTreeSet<String>,
    cleared: std::collections::BTreeSet<String>,
}

impl Running {
    /// Its record as of a checkpoint that also saves `changed` and `cleared`.
    fn record(&self, changed: &[Change], cleared: &[&str]) -> HistoryRecord {
        let mut writes = self.writes.clone();
        let mut gone = self.cleared.clone();
        for c in changed {
            gone.remove(c.name);
            writes.insert(c.name.to_string());
        }
        for n in cleared {
            writes.remove(*n);
            gone.insert(n.to_string());
        }
        HistoryRecord {
            status: crate::history::Status::Running,
            duration_ms: u64::try_from(now_ms().saturating_sub(self.draft.started)).unwrap_or(0),
            writes: writes.into_iter().collect(),
            cleared: gone.into_iter().collect(),
            ..self.draft.clone()
        }
    }
}

/// An open workspace. Only one `Store` per workspace exists at a time,
/// across all processes.
pub struct Store {
    /// None only after a failed commit whose reopening failed too.
    db: Option<Database>,
    name: String,
    path: PathBuf,
    lock_path: PathBuf,
    stats: CommitStats,
    /// Chunks read so far (tests check that listings read none).
    chunk_reads: std::cell::Cell<u64>,
    fault: Option<FaultPlan>,
    attempts: u64,
    /// This process's session and whether its record is stored yet.
    session: Option<(crate::history::SessionRecord, bool)>,
    /// The command running now, whose checkpoints store it as running.
    running: Option<Running>,
    /// How many superseded versions are kept for undo.
    retention: Retention,
    /// Whether commits of finished commands are deferred (`defer_commits`).
    defer: bool,
    /// Deferred commits since the last durable one: visible to this handle,
    /// not yet on disk.
    unsynced: u64,
    /// Set when deferred commits were lost (the handle was reopened after
    /// a failed write before they were persisted); see `take_lost`.
    lost: bool,
    /// Element edits of variables not read, written by the next commit
    /// (see `patch`).
    patches: std::collections::HashMap<String, patch::Patch>,
}

/// What one commit writes: variables, removals and pending element edits.
struct Writes<'a> {
    changed: &'a [Change<'a>],
    cleared: &'a [&'a str],
    patches: &'a [(&'a str, &'a patch::Patch)],
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

pub fn db_path(home: &Path, name: &str) -> PathBuf {
    home.join(format!("{name}.{EXTENSION}"))
}

pub(crate) fn lock_path(home: &Path, name: &str) -> PathBuf {
    home.join(format!("{name}.{EXTENSION}-lock"))
}

/// redb settings: a 64 MiB page cache (the default 1 GiB would keep a
/// second copy of a large workspace in memory after loading it).
pub(crate) fn builder() -> redb::Builder {
    builder_with(CACHE_BYTES)
}

/// The page cache of a session's store.
const CACHE_BYTES: usize = 64 << 20;

/// The page cache of a store opened to read through once
/// (`Store::open_for_scan`).
const SCAN_CACHE_BYTES: usize = 4 << 20;

fn builder_with(cache: usize) -> redb::Builder {
    let mut b = Database::builder();
    b.set_cache_size(cache);
    b
}

/// The lock-info record, unless it names a process on this host that no
/// longer exists (a stale record left by a killed process).
pub(crate) fn read_holder(lock: &Path) -> Option<LockHolder> {
    let text = std::fs::read_to_string(lock).ok()?;
    let h: LockHolder = serde_json::from_str(&text).ok()?;
    if h.host == crate::history::hostname() && !pid_alive(h.pid) {
        return None;
    }
    Some(h)
}

fn pid_alive(pid: u32) -> bool {
    let Ok(p) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if p <= 0 {
        return false;
    }
    // SAFETY: kill with signal 0 only checks whether the process exists.
    let r = unsafe { libc::kill(p, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

fn write_holder(lock: &Path, h: &LockHolder) {
    let Ok(text) = serde_json::to_string(h) else {
        return;
    };
    let tmp = lock.with_extension(format!("{EXTENSION}-lock.tmp{}", h.pid));
    if std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, lock))
        .is_err()
    {
        let _ = std::fs::remove_file(&tmp);
    }
}

impl Store {
    /// Opens or creates workspace `name` as `home/<name>.flatlab` (creating
    /// `home`), migrating a format-1 store. Fails with `StoreError::InUse`
    /// naming the holding process when the workspace is open elsewhere;
    /// never waits for it. A stale lock-info file never blocks.
    pub fn open(home: &Path, name: &str) -> Result<Store, StoreError> {
        Store::open_with(home, name, CACHE_BYTES)
    }

    /// `open` for a process that reads the store through once and exits
    /// (`flatlab history`): a small page cache, so the pages of a scan
    /// reuse the memory of pages already read. With the session's 64 MiB
    /// cache, a scan of 100,000 records kept every page, each in fresh
    /// memory: 13,500 page faults, two thirds of the scan's time.
    pub fn open_for_scan(home: &Path, name: &str) -> Result<Store, StoreError> {
        Store::open_with(home, name, SCAN_CACHE_BYTES)
    }

    fn open_with(home: &Path, name: &str, cache: usize) -> Result<Store, StoreError> {
        if !valid_name(name) {
            return Err(StoreError::InvalidName(name.to_string()));
        }
        create::ensure_home(home)?;
        let path = db_path(home, name);
        let lock = lock_path(home, name);
        create::remove_stale(home, name);
        let in_use = |e: StoreError| match e {
            StoreError::InUse { workspace, .. } => StoreError::InUse {
                workspace,
                holder: read_holder(&lock),
            },
            other => other,
        };
        // Another process may create or replace the file between the
        // header check and the open: then look again (a few times).
        let mut db = None;
        for _ in 0..4 {
            db = match check_header(&path)? {
                Header::Missing => create::create(home, name, &path, false).map_err(in_use)?,
                Header::Unfinished => create::replace_unfinished(home, name, &path)?,
                Header::Redb => Some(
                    guarded(&path, || {
                        builder_with(cache)
                            .open(&path)
                            .map_err(|e| StoreError::redb(&path, name, e))
                    })
                    .map_err(in_use)?,
                ),
            };
            if db.is_some() {
                break;
            }
        }
        let db = db.ok_or_else(|| StoreError::Io {
            path: path.clone(),
            detail: "it kept changing while being opened (another process is creating it)".into(),
        })?;
        let store = Store::with_db(db, name, &path);
        store.init()?;
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

    /// A `Store` over an open database (`path` names it in errors).
    fn with_db(db: Database, name: &str, path: &Path) -> Store {
        let home = path.parent().unwrap_or(Path::new("."));
        Store {
            db: Some(db),
            name: name.to_string(),
            path: path.to_path_buf(),
            lock_path: lock_path(home, name),
            stats: CommitStats::default(),
            chunk_reads: std::cell::Cell::new(0),
            fault: FaultPlan::from_env(),
            attempts: 0,
            session: None,
            running: None,
            retention: Retention::from_env(),
            defer: false,
            unsynced: 0,
            lost: false,
            patches: Default::default(),
        }
    }

    /// The database handle, giving up the `Store`.
    fn into_db(mut self) -> Result<Database, StoreError> {
        self.db.take().ok_or_else(|| closed(&self.path))
    }

    fn db(&self) -> Result<&Database, StoreError> {
        self.db.as_ref().ok_or_else(|| closed(&self.path))
    }

    /// Drops and reopens the database handle: after a real I/O error redb
    /// refuses every later operation on the old handle. Best effort: on
    /// failure the next commit tries again.
    fn reopen(&mut self) {
        if self.unsynced > 0 {
            // Deferred commits live only in the dropped handle: the caller
            // must commit those commands again (`take_lost`), before any
            // record of the running command.
            self.unsynced = 0;
            self.lost = true;
            if let Some(r) = self.running.as_mut().filter(|r| r.stored.is_none()) {
                r.active = false;
            }
        }
        self.db = None;
        let path = self.path.clone();
        self.db = guarded(&path, || {
            builder()
                .open(&path)
                .map_err(|e| StoreError::redb(&path, &self.name, e))
        })
        .ok();
    }

    fn err(&self, e: impl Into<redb::Error>) -> StoreError {
        StoreError::redb(&self.path, &self.name, e)
    }

    fn begin(&self) -> Result<redb::WriteTransaction, StoreError> {
        self.begin_with(true)
    }

    /// A write transaction that is fsynced on commit when `durable`, else
    /// kept in memory until the next durable commit.
    fn begin_with(&self, durable: bool) -> Result<redb::WriteTransaction, StoreError> {
        let mut txn = self.db()?.begin_write().map_err(|e| self.err(e))?;
        let d = if durable {
            Durability::Immediate
        } else {
            Durability::None
        };
        txn.set_durability(d).map_err(|e| StoreError::Io {
            path: self.path.clone(),
            detail: e.to_string(),
        })?;
        Ok(txn)
    }

    /// Creates the tables of a new workspace; checks the format of an old
    /// one and migrates format 1.
    fn init(&self) -> Result<(), StoreError> {
        guarded(&self.path, || {
            match check_format(self.db()?, &self.path)? {
                Some(FORMAT_VERSION) => return Ok(()),
                // Each step is one transaction; a crash between them
                // leaves a format-3 store, migrated on the next open.
                Some(1) => {
                    repair::migrate_v1(self)?;
                    return repair::migrate_v3(self);
                }
                Some(2) => {
                    repair::migrate_v2(self)?;
                    return repair::migrate_v3(self);
                }
                Some(_) => return repair::migrate_v3(self),
                None => {}
            }
            let txn = self.begin()?;
            {
                let mut meta = txn.open_table(META).map_err(|e| self.err(e))?;
                meta.insert("format_version", FORMAT_VERSION)
                    .map_err(|e| self.err(e))?;
                meta.insert("created", now_ms().max(0) as u64)
                    .map_err(|e| self.err(e))?;
                txn.open_table(VARS).map_err(|e| self.err(e))?;
                txn.open_table(cas::CAS).map_err(|e| self.err(e))?;
                txn.open_table(cas::REFS).map_err(|e| self.err(e))?;
                let mut log = txn.open_table(log::LOG).map_err(|e| self.err(e))?;
                log::set_counter(&mut log, log::GENERATION, 0).map_err(|e| self.err(e))?;
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
            let txn = self.db()?.begin_read().map_err(|e| self.err(e))?;
            let vars = txn.open_table(VARS).map_err(|e| self.err(e))?;
            let chunks = txn.open_table(cas::CAS).map_err(|e| self.err(e))?;
            let mut out = Vec::new();
            for item in vars.iter().map_err(|e| self.err(e))? {
                let (k, v) = item.map_err(|e| self.err(e))?;
                let var = k.value().to_string();
                let m = cas::meta_of(&self.path, &var, FORMAT_VERSION, v.value())?;
                let overlay = |buf: &mut [u8]| self.overlay_patch(&var, &m, buf);
                let value = cas::load_value_with(
                    &self.path,
                    &var,
                    &m,
                    &chunks,
                    &self.chunk_reads,
                    &overlay,
                )?;
                out.push((var, value));
            }
            Ok(out)
        })
    }

    /// One variable's value (None if there is no such variable), with its
    /// pending element edits (`patch_elements`). A damaged record or chunk
    /// is an error naming the variable.
    pub fn load(&self, name: &str) -> Result<Option<Value>, StoreError> {
        guarded(&self.path, || {
            let txn = self.db()?.begin_read().map_err(|e| self.err(e))?;
            let vars = txn.open_table(VARS).map_err(|e| self.err(e))?;
            let chunks = txn.open_table(cas::CAS).map_err(|e| self.err(e))?;
            let Some(rec) = vars.get(name).map_err(|e| self.err(e))? else {
                return Ok(None);
            };
            let m = cas::meta_of(&self.path, name, FORMAT_VERSION, rec.value())?;
            let overlay = |buf: &mut [u8]| self.overlay_patch(name, &m, buf);
            cas::load_value_with(&self.path, name, &m, &chunks, &self.chunk_reads, &overlay)
                .map(Some)
        })
    }

    /// Every variable's name, class, size and footprint, from the metadata
    /// records only (no chunk is read): cheap however large the data.
    pub fn directory(&self) -> Result<Vec<VarInfo>, StoreError> {
        guarded(&self.path, || {
            let txn = self.db()?.begin_read().map_err(|e| self.err(e))?;
            let vars = txn.open_table(VARS).map_err(|e| self.err(e))?;
            let mut out = Vec::new();
            for item in vars.iter().map_err(|e| self.err(e))? {
                let (k, v) = item.map_err(|e| self.err(e))?;
                let name = k.value().to_string();
                let rec = v.value();
                out.push(match cas::meta_of(&self.path, &name, FORMAT_VERSION, rec) {
                    Ok(m) => VarInfo {
                        class: m.class.clone(),
                        dims: m
                            .dims
                            .iter()
                            .map(|&d| usize::try_from(d).unwrap_or(usize::MAX))
                            .collect(),
                        complex: m.complex,
                        bytes: m.bytes,
                        disk_bytes: (rec.len() as u64).saturating_add(m.chunked_bytes()),
                        damaged: None,
                        generation: m.generation,
                        name,
                    },
                    Err(e) => VarInfo {
                        name,
                        class: String::new(),
                        dims: Vec::new(),
                        complex: false,
                        bytes: 0,
                        disk_bytes: rec.len() as u64,
                        damaged: Some(e.to_string()),
                        generation: 0,
                    },
                });
            }
            Ok(out)
        })
    }

    /// Writes one command's effect in one atomic, fsynced transaction: puts
    /// `changed` (only those: other variables are not rewritten, and only
    /// chunks not already stored are written), then removes `cleared`,
    /// appends `record` (its `seq` and `generation` are assigned here) and
    /// bumps the generation, which it returns. On failure nothing changes
    /// on disk and the store stays usable: commit again (with all pending
    /// changes) to retry.
    pub fn commit(
        &mut self,
        changed: &[(&str, &Value)],
        cleared: &[&str],
        record: &HistoryRecord,
    ) -> Result<u64, StoreError> {
        let changes: Vec<Change> = changed
            .iter()
            .map(|&(name, value)| Change {
                name,
                value,
                dirty: None,
            })
            .collect();
        self.commit_any(&changes, cleared, Some(record), false)
    }

    /// `commit` with, per changed variable, an optional promise of which
    /// elements changed since its stored version (`Change::dirty`): then
    /// only the chunks holding them are encoded and hashed, so a
    /// one-element edit of a huge array costs about one chunk. Also writes
    /// the pending element edits (`patch_elements`) of variables not read.
    pub fn commit_changes(
        &mut self,
        changed: &[Change],
        cleared: &[&str],
        record: &HistoryRecord,
    ) -> Result<u64, StoreError> {
        self.commit_any(changed, cleared, Some(record), true)
    }

    /// A checkpoint of a command still running: its changes so far (and
    /// pending element edits), in one fsynced transaction like `commit`. With a command announced by
    /// `begin_command`, its record is stored too, as running (replaced by
    /// its final commit); without, no record is written.
    pub fn checkpoint(&mut self, changed: &[Change], cleared: &[&str]) -> Result<u64, StoreError> {
        self.commit_any(changed, cleared, None, true)
    }

    /// Announces the command about to run (`draft`: its text, start time,
    /// session...), so that its checkpoints record it. `recorded` is false
    /// while records of earlier commands wait for a commit (records are
    /// stored in the order the commands ran): then its checkpoints store no
    /// record, and a record an earlier command's checkpoint stored keeps
    /// its number for that command's final commit.
    pub fn begin_command(&mut self, draft: HistoryRecord, recorded: bool) {
        match self.running.as_mut() {
            Some(r) if r.stored.is_some() && !recorded => r.active = false,
            _ => {
                self.running = recorded.then(|| Running {
                    draft,
                    active: true,
                    stored: None,
                    writes: Default::default(),
                    cleared: Default::default(),
                })
            }
        }
    }

    /// While `on`, the commits of finished commands (`commit`,
    /// `commit_changes`) are deferred: each is its own transaction, visible
    /// at once to this handle, but not written and fsynced until the next
    /// durable commit (`sync`, a checkpoint, `end_session`, or a commit
    /// made with deferring off). A crash loses the deferred commits, never
    /// part of one: the file holds a prefix of the commands. Callers must
    /// `sync` before showing anything that depends on them.
    pub fn defer_commits(&mut self, on: bool) {
        self.defer = on;
    }

    /// Deferred commits not yet on disk.
    pub fn unsynced(&self) -> u64 {
        self.unsynced
    }

    /// Whether deferred commits were lost since the last call (a failed
    /// write made the handle reopen before they were persisted): the
    /// caller still has them in memory and must commit them again. Until
    /// then the running command's checkpoints store no record of it.
    pub fn take_lost(&mut self) -> bool {
        std::mem::take(&mut self.lost)
    }

    /// Makes every deferred commit durable with one fsynced transaction
    /// (nothing to do when none waits). On failure they are lost from the
    /// handle (`take_lost` says so) and the store stays usable.
    pub fn sync(&mut self) -> Result<(), StoreError> {
        if self.unsynced == 0 {
            return Ok(());
        }
        if self.db.is_none() {
            self.reopen();
        }
        let result = guarded(&self.path, || {
            let txn = self.begin()?;
            txn.commit().map_err(|e| self.err(e))
        });
        match result {
            Ok(()) => {
                self.unsynced = 0;
                Ok(())
            }
            Err(e) => {
                self.reopen();
                Err(e)
            }
        }
    }

    /// One commit; `patched`: with the pending element edits.
    fn commit_any(
        &mut self,
        changed: &[Change],
        cleared: &[&str],
        record: Option<&HistoryRecord>,
        patched: bool,
    ) -> Result<u64, StoreError> {
        self.attempts += 1;
        let fail = self.fault.is_some_and(|f| f.fails(self.attempts));
        if self.db.is_none() {
            self.reopen();
        }
        // A final record goes where a checkpoint stored it as running; a
        // checkpoint of the running command updates that record.
        let patches = match patched {
            true => self.patches_for(changed, cleared),
            false => Vec::new(),
        };
        let (stored, interim) = match (record, &self.running) {
            (Some(_), Some(r)) => (r.stored, None),
            (None, Some(r)) if r.active => {
                let mut rec = r.record(changed, cleared);
                for (n, _) in &patches {
                    if !rec.writes.iter().any(|w| w == n) {
                        rec.writes.push(n.to_string());
                    }
                }
                (r.stored, Some(rec))
            }
            _ => (None, None),
        };
        // Only a finished command's commit may wait; a checkpoint is
        // durable (and so persists every deferred commit before it).
        // Pending element edits are not kept once committed, so a commit
        // carrying them is durable too (a lost deferred commit is redone
        // from the interpreter's memory, which does not hold them).
        let durable = !(self.defer && record.is_some() && patches.is_empty());
        let result = guarded(&self.path, || {
            let txn = self.begin_with(durable)?;
            let writes = Writes {
                changed,
                cleared,
                patches: &patches,
            };
            self.commit_inner(txn, writes, record.or(interim.as_ref()), stored, fail)
        });
        drop(patches);
        let (generation, stats, rec_seq, rec_before) = match result {
            Ok(r) => r,
            Err(e) => {
                if !fail && !matches!(e, StoreError::Unsupported(_)) {
                    self.reopen();
                }
                return Err(e);
            }
        };
        self.stats = stats;
        if durable {
            self.unsynced = 0;
        } else {
            self.unsynced += 1;
        }
        if patched {
            self.drop_patches(None);
        }
        if let Some((_, saved)) = self.session.as_mut() {
            *saved = true;
        }
        match (record, interim) {
            (Some(_), _) => self.running = None,
            (None, Some(rec)) => {
                if let Some(r) = self.running.as_mut() {
                    r.stored = Some((rec_seq, rec_before));
                    r.writes = rec.writes.into_iter().collect();
                    r.cleared = rec.cleared.into_iter().collect();
                }
            }
            (None, None) => {}
        }
        Ok(generation)
    }

    /// One commit: `record`, if any, goes to number `stored.0` (with
    /// `generation_before` `stored.1`) when a checkpoint already stored
    /// the command as running, else to the next number. Returns the new
    /// generation, what was written, and the record's number and
    /// generation before.
    fn commit_inner(
        &self,
        txn: redb::WriteTransaction,
        writes: Writes<'_>,
        record: Option<&HistoryRecord>,
        stored: Option<(u64, u64)>,
        fail: bool,
    ) -> Result<(u64, CommitStats, u64, u64), StoreError> {
        let Writes {
            changed,
            cleared,
            patches,
        } = writes;
        let generation;
        let stats;
        let (rec_seq, rec_before);
        {
            let mut log = txn.open_table(log::LOG).map_err(|e| self.err(e))?;
            let mut w = cas::Writer::open(&txn, &self.path, &self.name, Some(Vec::new()))?;
            let old_gen = log::counter(&log, log::GENERATION)
                .map_err(|e| self.err(e))?
                .unwrap_or(0);
            // The running command's number, or the next one.
            let (seq_next, gen_before) = match stored {
                Some(s) => s,
                None => (
                    log::last_seq(&log)
                        .map_err(|e| self.err(e))?
                        .saturating_add(1),
                    old_gen,
                ),
            };
            rec_seq = seq_next;
            rec_before = gen_before;
            generation = old_gen.saturating_add(1);
            for c in changed {
                match c.dirty {
                    Some(d) => w.put_dirty(c.name, c.value, generation, d)?,
                    None => w.put(c.name, c.value, generation)?,
                }
            }
            for (name, p) in patches {
                w.put_patch(name, p, generation)?;
            }
            for name in cleared {
                w.remove(name)?;
            }
            let kept = w.kept.take().unwrap_or_default();
            undo::keep_priors(&txn, &mut w, &mut log, seq_next, kept, &self.retention)?;
            if let Some(record) = record {
                let seq = seq_next;
                let mut rec = record.clone();
                rec.seq = seq;
                rec.generation_before = gen_before;
                rec.generation = generation;
                let rb = cas::wrap(
                    &rmp_serde::to_vec_named(&rec)
                        .map_err(|e| StoreError::Unsupported(e.to_string()))?,
                );
                w.stats.bytes_written += rb.len() as u64;
                log.insert((seq, ""), rb.as_slice())
                    .map_err(|e| self.err(e))?;
            }
            log::set_counter(&mut log, log::GENERATION, generation).map_err(|e| self.err(e))?;
            log::set_counter(&mut log, log::LAST_COMMIT, now_ms().max(0) as u64)
                .map_err(|e| self.err(e))?;
            stats = w.stats;
        }
        if let Some((s, false)) = &self.session {
            self.put_session(&txn, s)?;
        }
        if fail {
            // Test seam: drop (abort) the transaction after all its writes.
            drop(txn);
            return Err(StoreError::Io {
                path: self.path.clone(),
                detail: "no space left on device (injected by FLATLAB_FAULT_COMMIT)".into(),
            });
        }
        txn.commit().map_err(|e| self.err(e))?;
        Ok((generation, stats, rec_seq, rec_before))
    }

    /// A record as this handle reports it: one a checkpoint stored as
    /// running in another session is `Killed` (that session is over: the
    /// store has one writer at a time).
    pub(crate) fn as_seen(&self, mut r: HistoryRecord) -> HistoryRecord {
        if r.status == crate::history::Status::Running && self.session_id() != Some(&r.session) {
            r.status = crate::history::Status::Killed;
        }
        r
    }

    /// Closes the database file, returning the error that dropping it would
    /// ignore (of its final write, which marks a clean shutdown: committed
    /// data is safe either way, and the next open checks the file). A later
    /// commit reopens it.
    pub fn close(&mut self) -> Result<(), StoreError> {
        match self.db.take() {
            Some(db) => guarded(&self.path, || db.close().map_err(|e| self.err(e))),
            None => Ok(()),
        }
    }

    /// What the last successful commit wrote.
    pub fn last_commit_stats(&self) -> CommitStats {
        self.stats
    }

    /// Replaces the undo retention bound read from the environment.
    pub fn set_retention(&mut self, r: Retention) {
        self.retention = r;
    }

    /// Replaces the fault plan read from `FLATLAB_FAULT_COMMIT` (test seam);
    /// attempts are counted from this call on.
    #[doc(hidden)]
    pub fn set_fault_plan(&mut self, plan: Option<FaultPlan>) {
        self.fault = plan;
        self.attempts = 0;
    }

    /// Reopens the database handle as after a failed commit (tests).
    #[cfg(test)]
    pub(crate) fn force_reopen(&mut self) {
        self.reopen();
    }

    /// Chunks read by this handle so far (tests: listings read none).
    #[doc(hidden)]
    pub fn chunk_reads(&self) -> u64 {
        self.chunk_reads.get()
    }

    /// Variable count, data bytes, time of the last command, generation.
    pub fn summary(&self) -> Result<Summary, StoreError> {
        guarded(&self.path, || {
            summary_of(self.db()?, &self.path, &self.name)
        })
    }

    /// Path, file size, variable and chunk counts, generation, last commit.
    pub fn info(&self) -> Result<StoreInfo, StoreError> {
        guarded(&self.path, || {
            let txn = self.db()?.begin_read().map_err(|e| self.err(e))?;
            let log = txn.open_table(log::LOG).map_err(|e| self.err(e))?;
            let vars = txn.open_table(VARS).map_err(|e| self.err(e))?;
            let refs = txn.open_table(cas::REFS).map_err(|e| self.err(e))?;
            let get = |k: &str| log::counter(&log, k).map_err(|e| self.err(e));
            Ok(StoreInfo {
                path: self.path.clone(),
                file_bytes: std::fs::metadata(&self.path)
                    .map_err(|e| StoreError::io(&self.path, &e))?
                    .len(),
                variables: vars.len().map_err(|e| self.err(e))? as usize,
                chunks: refs.len().map_err(|e| self.err(e))?,
                generation: get(log::GENERATION)?.unwrap_or(0),
                last_commit: get(log::LAST_COMMIT)?.map(|t| t.min(i64::MAX as u64) as i64),
            })
        })
    }

    /// Checks every record and chunk; returns the damaged variables with
    /// why (empty when all is well). Entries named "(history)" or
    /// "(chunks)" report damaged history records or reference counts.
    pub fn verify(&self) -> Result<Vec<(String, String)>, StoreError> {
        guarded(&self.path, || repair::verify(self))
    }

    /// History records oldest first; only the last `limit` when given.
    pub fn history(&self, limit: Option<usize>) -> Result<Vec<HistoryRecord>, StoreError> {
        guarded(&self.path, || {
            let txn = self.db()?.begin_read().map_err(|e| self.err(e))?;
            let log = txn.open_table(log::LOG).map_err(|e| self.err(e))?;
            let mut out = Vec::new();
            log::each_record(
                &log,
                true,
                |_, v| {
                    if limit.is_some_and(|l| out.len() >= l) {
                        return Ok(false);
                    }
                    out.push(self.as_seen(decode_record(&self.path, FORMAT_VERSION, v)?));
                    Ok(true)
                },
                |e| self.err(e),
            )?;
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
                .as_mut()
                .ok_or_else(|| closed(&self.path))?
                .compact()
                .map_err(|e| StoreError::redb(&self.path, &self.name, e))
        })
    }

    /// Metadata of one stored variable (tests and diagnostics).
    #[cfg(test)]
    pub(crate) fn var_meta(&self, name: &str) -> Result<Option<codec::VarMeta>, StoreError> {
        let txn = self.db()?.begin_read().map_err(|e| self.err(e))?;
        let vars = txn.open_table(VARS).map_err(|e| self.err(e))?;
        let got = vars.get(name).map_err(|e| self.err(e))?;
        got.map(|g| cas::meta_of(&self.path, name, FORMAT_VERSION, g.value()))
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

fn closed(path: &Path) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        detail: "the workspace file could not be reopened after an I/O error".into(),
    }
}

/// A history record of store format `version`.
fn decode_record(path: &Path, version: u64, b: &[u8]) -> Result<HistoryRecord, StoreError> {
    let payload = if version >= 2 {
        cas::unwrap(b).ok_or_else(|| {
            StoreError::corrupt(path, "a history record is damaged (checksum mismatch)")
        })?
    } else {
        b
    };
    rmp_serde::from_slice(payload)
        .map_err(|e| StoreError::corrupt(path, format!("bad history record ({e})")))
}

/// The format version when the workspace tables exist; None for a new,
/// empty database. A redb file of another program is an error.
fn check_format(db: &impl ReadableDatabase, path: &Path) -> Result<Option<u64>, StoreError> {
    let txn = db.begin_read().map_err(|e| StoreError::redb(path, "", e))?;
    let meta = match txn.open_table(META) {
        Ok(t) => t,
        Err(redb::TableError::TableDoesNotExist(_)) => {
            let others = txn
                .list_tables()
                .map_err(|e| StoreError::redb(path, "", e))?
                .count();
            if others == 0 {
                return Ok(None);
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
    Ok(Some(version))
}

fn summary_of(db: &impl ReadableDatabase, path: &Path, name: &str) -> Result<Summary, StoreError> {
    let e = |e: redb::Error| StoreError::redb(path, name, e);
    let version = check_format(db, path)?.unwrap_or(FORMAT_VERSION);
    let txn = db.begin_read().map_err(|x| e(x.into()))?;
    let vars = txn.open_table(VARS).map_err(|x| e(x.into()))?;
    // A store of an older format is listed without migrating it.
    let (generation, last) = if version >= 4 {
        let log = txn.open_table(log::LOG).map_err(|x| e(x.into()))?;
        let g = log::counter(&log, log::GENERATION).map_err(|x| e(x.into()))?;
        let seq = log::last_seq(&log).map_err(|x| e(x.into()))?;
        (g, log::record(&log, seq).map_err(|x| e(x.into()))?)
    } else {
        let meta = txn.open_table(META).map_err(|x| e(x.into()))?;
        let hist = txn.open_table(HISTORY).map_err(|x| e(x.into()))?;
        let g = meta
            .get("generation")
            .map_err(|x| e(x.into()))?
            .map(|g| g.value());
        let last = hist
            .last()
            .map_err(|x| e(x.into()))?
            .map(|(_, v)| v.value().to_vec());
        (g, last)
    };
    let generation = generation.unwrap_or(0);
    let mut bytes = 0u64;
    let mut count = 0usize;
    for item in vars.iter().map_err(|x| e(x.into()))? {
        let (k, v) = item.map_err(|x| e(x.into()))?;
        // A damaged record does not stop the summary; `verify` reports it.
        if let Ok(m) = cas::meta_of(path, k.value(), version, v.value()) {
            bytes = bytes.saturating_add(m.bytes);
        }
        // A global counts once: not again for the marker of its declaration;
        // figures are not variables.
        if !crate::eval::is_marker(k.value()) && !crate::graphics::is_graphics_key(k.value()) {
            count += 1;
        }
    }
    let last_command = last
        .and_then(|v| decode_record(path, version, &v).ok())
        .map(|r| r.ended());
    Ok(Summary {
        variables: count,
        bytes,
        last_command,
        generation,
    })
}
