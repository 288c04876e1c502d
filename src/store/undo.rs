//! Undo and redo: superseded versions of variables, kept per command.
//!
//! - priors, in `log` at (seq, name) (checksummed `Saved`; format 3 kept
//!   them in a table `undo` of the same shape): the version of `name`
//!   before command `seq` changed it (`meta: None`: it did not exist). They
//!   sit next to the command's history record at (seq, ""), so a small
//!   commit writes both in one leaf. The
//!   entry holds a reference to each of its chunks, so unchanged chunks
//!   are shared with the current version and retention costs only what
//!   changed. A checkpoint of a running command saves priors under the
//!   sequence number its record will get; later writes of the same name by
//!   the same command keep the first prior.
//! - `redo` ((seq, name) -> `Saved`): the versions an `undo` replaced, reapplied by
//!   `redo`. Any later command that changes variables clears it, and so
//!   does a commit that moves the floor (below) past its oldest command:
//!   a command past the bound is then neither redone nor undone again.
//!   An empty `redo` is not written.
//! - `undone` (seq -> seq of the undo): commands currently undone, so
//!   provenance can skip them.
//!
//! Retention is bounded (`Retention`): priors of the last `commands`
//! commands, and at most `bytes` of data held only by them (estimated when
//! saved: the chunks no other version shares at that moment). The oldest
//! commands' priors go first.
//!
//! Priors past the command bound are not deleted one command at a time
//! (each deletion rewrites an old leaf of `log`: more pages per commit):
//! the counter `undo_floor` (in `log`'s rightmost leaf, written anyway)
//! marks commands below it as past the bound, and `undo` ignores their
//! entries; they are deleted together once `PRUNE_BATCH` commands are past
//! it. The counter `undo_oldest` says no command below it has priors, so
//! that sweep scans from there rather than from the first history record.
//! Priors keep their chunk references until deleted, so reference counts
//! and `verify` see them as kept versions. The byte bound is applied at
//! once.

use super::cas::{self, hashes_of, Prior, Writer};
use super::codec::VarMeta;
use super::log::{self, COUNTERS, FLOOR, LOG, OLDEST, RETAINED};
use super::{Store, StoreError, VarInfo};
use crate::history::HistoryRecord;
use redb::{ReadableTable, ReadableTableMetadata, Table, TableDefinition, WriteTransaction};
use serde::{Deserialize, Serialize};

/// Format 3 only: the priors, now in `log` (see `log`).
pub(super) const UNDO: TableDefinition<(u64, &str), &[u8]> = TableDefinition::new("undo");
pub(super) const REDO: TableDefinition<(u64, &str), &[u8]> = TableDefinition::new("redo");
pub(super) const UNDONE: TableDefinition<u64, u64> = TableDefinition::new("undone");

/// Commands past the bound whose priors are deleted in one commit.
pub(super) const PRUNE_BATCH: u64 = 32;

/// A kept version of a variable.
#[derive(Serialize, Deserialize, Default, Clone, Debug)]
pub(super) struct Saved {
    #[serde(default)]
    pub meta: Option<VarMeta>,
    /// Bytes only this entry kept when it was saved (an estimate).
    #[serde(default)]
    pub retained: u64,
}

/// How much undo history is kept.
#[derive(Debug, Clone, Copy)]
pub struct Retention {
    /// Keep the priors of this many most recent commands.
    pub commands: u64,
    /// And at most this many bytes held only by kept versions.
    pub bytes: u64,
}

impl Retention {
    /// From `FLATLAB_UNDO_COMMANDS` (default 200) and `FLATLAB_UNDO_BYTES`
    /// (default 2 GB).
    pub fn from_env() -> Retention {
        let get = |k: &str, d: u64| {
            std::env::var(k)
                .ok()
                .and_then(|v| v.trim().parse::<f64>().ok())
                .filter(|v| *v >= 0.0)
                .map(|v| v as u64)
                .unwrap_or(d)
        };
        Retention {
            commands: get("FLATLAB_UNDO_COMMANDS", 200),
            bytes: get("FLATLAB_UNDO_BYTES", 2_000_000_000),
        }
    }
}

/// What to undo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UndoTarget {
    /// The most recent command not undone yet.
    Last,
    /// Every command from this one on: the state before it.
    Before(u64),
}

/// What an undo or redo did.
#[derive(Debug, Clone, Default)]
pub struct UndoReport {
    /// The commands reverted or reapplied, in the order processed.
    pub commands: Vec<u64>,
    /// Each affected variable with its new stored version (None: removed).
    pub vars: Vec<(String, Option<VarInfo>)>,
    /// The record of the undo/redo command itself.
    pub seq: u64,
}

fn wrap_saved(s: &Saved) -> Result<Vec<u8>, StoreError> {
    let payload = rmp_serde::to_vec_named(s).map_err(|e| StoreError::Unsupported(e.to_string()))?;
    Ok(cas::wrap(&payload))
}

fn unwrap_saved(w: &Writer, b: &[u8]) -> Result<Saved, StoreError> {
    let p = cas::unwrap(b)
        .ok_or_else(|| StoreError::corrupt(w.path, "an undo record is damaged (checksum)"))?;
    rmp_serde::from_slice(p)
        .map_err(|e| StoreError::corrupt(w.path, format!("bad undo record ({e})")))
}

/// Bytes of `m` held by no other reference (chunks with a count of 1, plus
/// inline data).
fn unique_bytes(w: &Writer, m: &VarMeta) -> Result<u64, StoreError> {
    let mut total = m.data.0.len() as u64;
    for c in m.chunk_refs() {
        let n = w
            .refs
            .get(c.hash)
            .map_err(|e| StoreError::redb(w.path, w.workspace, e))?
            .map(|g| g.value())
            .unwrap_or(0);
        if n == 1 {
            total += c.len;
        }
    }
    Ok(total)
}

/// A `log` counter (0 when absent).
fn get_meta(log: &Log, w: &Writer, key: &str) -> Result<u64, StoreError> {
    Ok(log::counter(log, key)
        .map_err(|e| StoreError::redb(w.path, w.workspace, e))?
        .unwrap_or(0))
}

type Log<'t> = Table<'t, (u64, &'static str), &'static [u8]>;

/// The oldest command numbered `from` or later with entries in `t` (the
/// `log`, whose history records and counters are skipped, or `redo`).
fn first_entry(t: &Log, w: &Writer, from: u64) -> Result<Option<u64>, StoreError> {
    let err = |e: redb::StorageError| StoreError::redb(w.path, w.workspace, e);
    for item in t.range((from, "")..(COUNTERS, "")).map_err(err)? {
        let (k, _) = item.map_err(err)?;
        if !k.value().1.is_empty() {
            return Ok(Some(k.value().0));
        }
    }
    Ok(None)
}

/// The newest command numbered `from` or later with entries in `t`.
fn last_entry(t: &Log, w: &Writer, from: u64) -> Result<Option<u64>, StoreError> {
    let err = |e: redb::StorageError| StoreError::redb(w.path, w.workspace, e);
    for item in t.range((from, "")..(COUNTERS, "")).map_err(err)?.rev() {
        let (k, _) = item.map_err(err)?;
        if !k.value().1.is_empty() {
            return Ok(Some(k.value().0));
        }
    }
    Ok(None)
}

fn release_saved(w: &mut Writer, s: &Saved) -> Result<(), StoreError> {
    match &s.meta {
        Some(m) => w.release(&hashes_of(m)),
        None => Ok(()),
    }
}

/// All entries of command `seq` in `t` (the `log`, whose history record
/// is skipped, or `redo`).
fn entries_of(
    t: &Table<(u64, &str), &[u8]>,
    w: &Writer,
    seq: u64,
) -> Result<Vec<(String, Saved)>, StoreError> {
    let err = |e: redb::StorageError| StoreError::redb(w.path, w.workspace, e);
    let mut out = Vec::new();
    for item in t
        .range((seq, "")..(seq.saturating_add(1), ""))
        .map_err(err)?
    {
        let (k, v) = item.map_err(err)?;
        if k.value().1.is_empty() {
            continue;
        }
        out.push((k.value().1.to_string(), unwrap_saved(w, v.value())?));
    }
    Ok(out)
}

/// Called inside a commit after the writes, with the versions they
/// replaced (`kept`): saves each as the prior of command `seq` (unless that
/// command already saved one), clears the redo stack when anything changed,
/// and prunes to `ret`.
pub(super) fn keep_priors(
    txn: &WriteTransaction,
    w: &mut Writer,
    undo: &mut Log,
    seq: u64,
    kept: Vec<(String, Prior)>,
    ret: &Retention,
) -> Result<(), StoreError> {
    let (path, ws) = (w.path, w.workspace);
    let terr = |e: redb::TableError| StoreError::redb(path, ws, e);
    let err = |e: redb::StorageError| StoreError::redb(path, ws, e);
    let old_total = get_meta(undo, w, RETAINED)?;
    let mut total = old_total;
    // Commands below `floor` are past the bound (never lowered: priors a
    // larger bound of an earlier process already dropped stay dropped).
    let old_floor = get_meta(undo, w, FLOOR)?;
    let floor = seq
        .saturating_add(1)
        .saturating_sub(ret.commands)
        .max(old_floor);
    let mut redo = txn.open_table(REDO).map_err(terr)?;
    // The redo stack goes as a whole: when anything changes, and when its
    // oldest undone command is past the bound (its versions could be
    // redone but never undone again; and redo reapplies the oldest first,
    // so the newer ones cannot go without it).
    let stale = redo
        .first()
        .map_err(err)?
        .is_some_and(|(k, _)| k.value().0 < floor);
    let redo_empty = redo.is_empty().map_err(err)?;
    if !redo_empty && (!kept.is_empty() || stale) {
        let mut all = Vec::new();
        for item in redo.iter().map_err(err)? {
            let (_, v) = item.map_err(err)?;
            all.push(unwrap_saved(w, v.value())?);
        }
        for s in &all {
            release_saved(w, s)?;
            total = total.saturating_sub(s.retained);
        }
        redo.retain(|_, _| false).map_err(err)?;
    }
    for (name, prior) in kept {
        if ret.commands == 0 {
            // Undo is off: versions are dropped as they are replaced.
            if let Prior::Present(m) = &prior {
                w.release(&hashes_of(m))?;
            }
            continue;
        }
        let meta_v = match prior {
            Prior::Present(m) => Some(m),
            Prior::Absent => None,
            Prior::Damaged => continue,
        };
        let exists = undo.get((seq, name.as_str())).map_err(err)?.is_some();
        if exists {
            // An earlier checkpoint of this command kept the true prior;
            // this intermediate version is not needed.
            if let Some(m) = &meta_v {
                w.release(&hashes_of(m))?;
            }
            continue;
        }
        let retained = match &meta_v {
            Some(m) => unique_bytes(w, m)?,
            None => 0,
        };
        total = total.saturating_add(retained);
        let s = Saved {
            meta: meta_v,
            retained,
        };
        undo.insert((seq, name.as_str()), wrap_saved(&s)?.as_slice())
            .map_err(err)?;
    }
    // Entries of commands below the floor are deleted in batches: when the
    // oldest is PRUNE_BATCH commands past the bound (or undo is off), all
    // of them at once. No command below `undo_oldest` has entries, so
    // nothing is looked for while it is less than a batch behind the floor.
    let old_oldest = get_meta(undo, w, OLDEST)?;
    let mut oldest = old_oldest;
    if ret.commands == 0 || oldest.saturating_add(PRUNE_BATCH) < floor || total > ret.bytes {
        let first = first_entry(undo, w, oldest)?;
        let sweep = ret.commands == 0
            || first.is_some_and(|oldest| oldest.saturating_add(PRUNE_BATCH) < floor);
        let mut next = first;
        // Prune the oldest commands' priors (never the current command's).
        while let Some(o) = next {
            let too_old = sweep && o < floor;
            let current = o >= seq && ret.commands > 0;
            if current || !(too_old || total > ret.bytes) {
                break;
            }
            for (name, s) in entries_of(undo, w, o)? {
                release_saved(w, &s)?;
                total = total.saturating_sub(s.retained);
                undo.remove((o, name.as_str())).map_err(err)?;
            }
            next = first_entry(undo, w, o.saturating_add(1))?;
        }
        // Entries added later are numbered `seq` or more.
        oldest = next.unwrap_or(seq).min(seq);
    }
    if total != old_total {
        log::set_counter(undo, RETAINED, total).map_err(err)?;
    }
    if floor != old_floor {
        log::set_counter(undo, FLOOR, floor).map_err(err)?;
    }
    if oldest != old_oldest {
        log::set_counter(undo, OLDEST, oldest).map_err(err)?;
    }
    Ok(())
}

/// A `VarInfo` for a stored version (no disk size).
fn info(name: &str, m: &VarMeta) -> VarInfo {
    VarInfo {
        name: name.to_string(),
        class: m.class.clone(),
        dims: m
            .dims
            .iter()
            .map(|&d| usize::try_from(d).unwrap_or(usize::MAX))
            .collect(),
        complex: m.complex,
        bytes: m.bytes,
        disk_bytes: 0,
        damaged: None,
        generation: m.generation,
    }
}

impl Store {
    /// Reverts the workspace changes of the last command not yet undone
    /// (`Last`), or of every command from N on (`Before(N)`), in one
    /// transaction that also appends `record` (the undo command itself).
    pub fn undo(
        &mut self,
        target: UndoTarget,
        record: &HistoryRecord,
    ) -> Result<UndoReport, StoreError> {
        self.undo_redo(Some(target), record)
    }

    /// Reapplies the most recently undone command.
    pub fn redo(&mut self, record: &HistoryRecord) -> Result<UndoReport, StoreError> {
        self.undo_redo(None, record)
    }

    fn undo_redo(
        &mut self,
        target: Option<UndoTarget>,
        record: &HistoryRecord,
    ) -> Result<UndoReport, StoreError> {
        if self.db.is_none() {
            self.reopen();
        }
        let path = self.path.clone();
        let result = super::guarded(&path, || {
            let txn = self.begin()?;
            let report = self.undo_redo_in(&txn, target, record)?;
            if let Some((s, false)) = &self.session {
                self.put_session(&txn, s)?;
            }
            txn.commit().map_err(|e| self.err(e))?;
            Ok(report)
        });
        if let Ok(report) = &result {
            if let Some((_, saved)) = self.session.as_mut() {
                *saved = true;
            }
            // Element edits still pending apply to versions now replaced.
            let names: Vec<&str> = report.vars.iter().map(|(n, _)| n.as_str()).collect();
            self.drop_patches(Some(&names));
        }
        result
    }

    fn undo_redo_in(
        &self,
        txn: &WriteTransaction,
        target: Option<UndoTarget>,
        record: &HistoryRecord,
    ) -> Result<UndoReport, StoreError> {
        let err = |e: redb::StorageError| self.err(e);
        let terr = |e: redb::TableError| self.err(e);
        // History records, undo entries and counters share `log`.
        let mut undo = txn.open_table(LOG).map_err(terr)?;
        let mut redo = txn.open_table(REDO).map_err(terr)?;
        let mut undone = txn.open_table(UNDONE).map_err(terr)?;
        let mut w = Writer::open(txn, &self.path, &self.name, None)?;
        let seq_new = log::last_seq(&undo).map_err(err)?.saturating_add(1);
        let mut total = get_meta(&undo, &w, RETAINED)?;
        // Entries of commands past the retention bound wait for deletion.
        let floor = get_meta(&undo, &w, FLOOR)?;
        let mut oldest = get_meta(&undo, &w, OLDEST)?;
        // Which commands, newest first for undo; the latest undone for redo.
        let seqs: Vec<u64> = match target {
            Some(UndoTarget::Last) => last_entry(&undo, &w, floor)?
                .map(|s| vec![s])
                .unwrap_or_default(),
            Some(UndoTarget::Before(n)) => {
                let mut v: Vec<u64> = Vec::new();
                for item in undo
                    .range((n.max(floor), "")..(COUNTERS, ""))
                    .map_err(err)?
                {
                    let (k, _) = item.map_err(err)?;
                    if k.value().1.is_empty() {
                        continue;
                    }
                    if v.last() != Some(&k.value().0) {
                        v.push(k.value().0);
                    }
                }
                v.reverse();
                v
            }
            // As for undo: not an undone command past the bound (a store
            // written before the redo stack was dropped with them).
            None => redo
                .first()
                .map_err(err)?
                .map(|(k, _)| k.value().0)
                .filter(|&s| s >= floor)
                .map(|s| vec![s])
                .unwrap_or_default(),
        };
        if seqs.is_empty() {
            return Err(StoreError::Refused(match target {
                Some(UndoTarget::Last) => "undo: nothing to undo (no earlier command changed variables, or their versions are past the retention bound)".into(),
                Some(UndoTarget::Before(n)) => format!("undo: nothing to undo from command {n} on (no command since changed variables, or their versions are past the retention bound)"),
                None => "redo: nothing to redo (nothing was undone since variables last changed, or the undone commands' versions are past the retention bound)".into(),
            }));
        }
        let mut report = UndoReport {
            seq: seq_new,
            ..UndoReport::default()
        };
        for &seq in &seqs {
            let (from, to) = if target.is_some() {
                (&mut undo, &mut redo)
            } else {
                (&mut redo, &mut undo)
            };
            for (name, saved) in entries_of(from, &w, seq)? {
                let current = match w.prior(&name)? {
                    Prior::Present(m) => Some(m),
                    Prior::Absent => None,
                    // A damaged current record cannot be kept: drop it.
                    Prior::Damaged => None,
                };
                match &saved.meta {
                    Some(m) => w.put_meta(&name, m)?,
                    None => {
                        w.vars.remove(name.as_str()).map_err(err)?;
                    }
                }
                total = total.saturating_sub(saved.retained);
                let retained = match &current {
                    Some(m) => unique_bytes(&w, m)?,
                    None => 0,
                };
                total = total.saturating_add(retained);
                let s = Saved {
                    meta: current,
                    retained,
                };
                to.insert((seq, name.as_str()), wrap_saved(&s)?.as_slice())
                    .map_err(err)?;
                from.remove((seq, name.as_str())).map_err(err)?;
                report
                    .vars
                    .push((name.clone(), saved.meta.as_ref().map(|m| info(&name, m))));
            }
            if target.is_some() {
                undone.insert(seq, seq_new).map_err(err)?;
            } else {
                undone.remove(seq).map_err(err)?;
                // Its entries are back in `log`: pruning must see them.
                oldest = oldest.min(seq);
            }
            report.commands.push(seq);
        }
        // The undo/redo command's own record.
        let old_gen = get_meta(&undo, &w, log::GENERATION)?;
        let generation = old_gen.saturating_add(1);
        let mut rec = record.clone();
        rec.seq = seq_new;
        rec.generation_before = old_gen;
        rec.generation = generation;
        let mut writes: Vec<String> = Vec::new();
        let mut cleared: Vec<String> = Vec::new();
        for (n, v) in &report.vars {
            let list = if v.is_some() {
                &mut writes
            } else {
                &mut cleared
            };
            if !list.contains(n) {
                list.push(n.clone());
            }
        }
        rec.writes = writes;
        rec.cleared = cleared;
        if target.is_some() {
            rec.undid = report.commands.clone();
        } else {
            rec.redid = report.commands.clone();
        }
        let rb = cas::wrap(
            &rmp_serde::to_vec_named(&rec).map_err(|e| StoreError::Unsupported(e.to_string()))?,
        );
        undo.insert((seq_new, ""), rb.as_slice()).map_err(err)?;
        log::set_counter(&mut undo, log::GENERATION, generation).map_err(err)?;
        log::set_counter(&mut undo, RETAINED, total).map_err(err)?;
        log::set_counter(&mut undo, OLDEST, oldest).map_err(err)?;
        log::set_counter(&mut undo, log::LAST_COMMIT, super::now_ms().max(0) as u64)
            .map_err(err)?;
        Ok(report)
    }

    /// The commands with stored `undo` entries, whether past the bound
    /// or not (tests: batched deletion).
    #[cfg(test)]
    pub(crate) fn undo_entry_commands(&self) -> Result<Vec<u64>, StoreError> {
        use redb::ReadableDatabase;
        let txn = self.db()?.begin_read().map_err(|e| self.err(e))?;
        let t = txn.open_table(LOG).map_err(|e| self.err(e))?;
        let mut out: Vec<u64> = Vec::new();
        for item in t.range(..(COUNTERS, "")).map_err(|e| self.err(e))? {
            let (k, _) = item.map_err(|e| self.err(e))?;
            if k.value().1.is_empty() {
                continue;
            }
            if out.last() != Some(&k.value().0) {
                out.push(k.value().0);
            }
        }
        Ok(out)
    }

    /// Commands currently undone.
    pub fn undone(&self) -> Result<Vec<u64>, StoreError> {
        super::guarded(&self.path, || {
            use redb::ReadableDatabase;
            let txn = self.db()?.begin_read().map_err(|e| self.err(e))?;
            let t = match txn.open_table(UNDONE) {
                Ok(t) => t,
                Err(redb::TableError::TableDoesNotExist(_)) => return Ok(Vec::new()),
                Err(e) => return Err(self.err(e)),
            };
            let mut out = Vec::new();
            for item in t.iter().map_err(|e| self.err(e))? {
                let (k, _) = item.map_err(|e| self.err(e))?;
                out.push(k.value());
            }
            Ok(out)
        })
    }
}

/// Chunk references held by undo and redo entries (for `verify`).
pub(super) fn kept_hashes(
    txn: &redb::ReadTransaction,
    path: &std::path::Path,
) -> Result<Vec<Vec<u8>>, StoreError> {
    let mut out = Vec::new();
    for def in [LOG, REDO] {
        let t = match txn.open_table(def) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => continue,
            Err(e) => return Err(StoreError::redb(path, "", e)),
        };
        let items = t
            .range(..(COUNTERS, ""))
            .map_err(|e| StoreError::redb(path, "", e))?;
        for item in items {
            let (k, v) = item.map_err(|e| StoreError::redb(path, "", e))?;
            // History records share `log`.
            if k.value().1.is_empty() {
                continue;
            }
            let p = cas::unwrap(v.value())
                .ok_or_else(|| StoreError::corrupt(path, "an undo record is damaged"))?;
            let s: Saved = rmp_serde::from_slice(p)
                .map_err(|e| StoreError::corrupt(path, format!("bad undo record ({e})")))?;
            if let Some(m) = s.meta {
                out.extend(hashes_of(&m));
            }
        }
    }
    Ok(out)
}
