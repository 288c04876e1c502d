//! The `log` table of format 4: history records, undo priors and the
//! per-commit counters in one B-tree, keyed so that everything a small
//! commit writes besides the variable itself lands in its rightmost leaf.
//!
//! Keys are (u64, &str):
//! - `(seq, "")`: the history record of command `seq` (checksummed
//!   rmp-serde `HistoryRecord`);
//! - `(seq, name)`: the version of variable `name` before command `seq`
//!   changed it (checksummed `undo::Saved`), as the `undo` table of format
//!   3 held it;
//! - `(COUNTERS, key)`: the counters a commit updates (`generation`,
//!   `last_commit`, `retained_bytes`, `undo_floor`, `undo_oldest`), each
//!   8 bytes little-endian. `COUNTERS` is `u64::MAX`, so they sort after
//!   every command and share the leaf of the newest records.
//!
//! In format 3 these lived in three tables (`history`, `undo`, `meta`),
//! each costing a small commit its leaf and the path to it.

use redb::{ReadableTable, StorageError, Table, TableDefinition};

pub(crate) const LOG: TableDefinition<(u64, &str), &[u8]> = TableDefinition::new("log");

/// First key component of the counters.
pub(crate) const COUNTERS: u64 = u64::MAX;

pub(crate) const GENERATION: &str = "generation";
pub(crate) const LAST_COMMIT: &str = "last_commit";
/// Estimated bytes held only by undo and redo entries.
pub(crate) const RETAINED: &str = "retained_bytes";
/// Commands numbered below it are past the retention bound.
pub(crate) const FLOOR: &str = "undo_floor";
/// No command numbered below it has undo entries left (so pruning scans
/// from here, not from the first history record).
pub(crate) const OLDEST: &str = "undo_oldest";

/// A counter (None when never written).
pub(crate) fn counter(
    t: &impl ReadableTable<(u64, &'static str), &'static [u8]>,
    key: &str,
) -> Result<Option<u64>, StorageError> {
    Ok(t.get((COUNTERS, key))?.map(|g| {
        let v = g.value();
        let mut b = [0u8; 8];
        let n = v.len().min(8);
        b[..n].copy_from_slice(&v[..n]);
        u64::from_le_bytes(b)
    }))
}

/// Sets a counter.
pub(crate) fn set_counter(
    t: &mut Table<(u64, &'static str), &'static [u8]>,
    key: &str,
    v: u64,
) -> Result<(), StorageError> {
    t.insert((COUNTERS, key), v.to_le_bytes().as_slice())?;
    Ok(())
}

/// The number of the newest history record (0 when there is none).
pub(crate) fn last_seq(
    t: &impl ReadableTable<(u64, &'static str), &'static [u8]>,
) -> Result<u64, StorageError> {
    for item in t.range(..(COUNTERS, ""))?.rev() {
        let (k, _) = item?;
        if k.value().1.is_empty() {
            return Ok(k.value().0);
        }
    }
    Ok(0)
}

/// The history record of command `seq`, as stored.
pub(crate) fn record(
    t: &impl ReadableTable<(u64, &'static str), &'static [u8]>,
    seq: u64,
) -> Result<Option<Vec<u8>>, StorageError> {
    Ok(t.get((seq, ""))?.map(|g| g.value().to_vec()))
}

/// Every history record (number, stored bytes), newest first while
/// `rev`; `f` returns false to stop.
pub(crate) fn each_record(
    t: &impl ReadableTable<(u64, &'static str), &'static [u8]>,
    rev: bool,
    mut f: impl FnMut(u64, &[u8]) -> Result<bool, crate::store::StoreError>,
    err: impl Fn(StorageError) -> crate::store::StoreError,
) -> Result<(), crate::store::StoreError> {
    let range = t.range(..(COUNTERS, "")).map_err(&err)?;
    let mut go = |item: Result<_, StorageError>| -> Result<bool, crate::store::StoreError> {
        let (k, v): (redb::AccessGuard<(u64, &str)>, redb::AccessGuard<&[u8]>) =
            item.map_err(&err)?;
        let (seq, name) = k.value();
        if !name.is_empty() {
            return Ok(true);
        }
        f(seq, v.value())
    };
    if rev {
        for item in range.rev() {
            if !go(item)? {
                break;
            }
        }
    } else {
        for item in range {
            if !go(item)? {
                break;
            }
        }
    }
    Ok(())
}
