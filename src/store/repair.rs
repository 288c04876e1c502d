//! Migration from formats 1, 2 and 3, integrity checks and recovery of
//! damaged stores.

use super::cas::{self, Writer};
use super::log::{self, LOG};
use super::undo::UNDO;
use super::{
    builder, check_format, codec, db_path, decode_record, guarded, valid_name, Store, StoreError,
    CHUNKS_V1, FORMAT_VERSION, HISTORY, META, VARS,
};
use crate::history::now_ms;
use redb::{Database, ReadableDatabase, ReadableTable};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Rewrites a format-1 store as format 3 in one transaction: every variable
/// re-encoded into content-addressed chunks, history records checksummed,
/// the old `chunks` table dropped. A variable that cannot be decoded fails
/// the migration (nothing changes) with an error naming it.
pub(super) fn migrate_v1(st: &Store) -> Result<(), StoreError> {
    let path = st.path.as_path();
    let err = |e: redb::Error| StoreError::redb(path, &st.name, e);
    let txn = st.begin()?;
    {
        let old_chunks = txn.open_table(CHUNKS_V1).map_err(|e| err(e.into()))?;
        let mut hist = txn.open_table(HISTORY).map_err(|e| err(e.into()))?;
        let mut meta = txn.open_table(META).map_err(|e| err(e.into()))?;
        let mut w = Writer::open(&txn, path, &st.name, None)?;
        let mut records = Vec::new();
        for item in w.vars.iter().map_err(|e| err(e.into()))? {
            let (k, v) = item.map_err(|e| err(e.into()))?;
            records.push((k.value().to_string(), v.value().to_vec()));
        }
        for (name, rec) in records {
            let m = cas::meta_of(path, &name, 1, &rec)?;
            let range = old_chunks
                .range((name.as_str(), 0u64)..(name.as_str(), m.chunks))
                .map_err(|e| err(e.into()))?;
            let parts = range.map(|item| {
                let (_, cv) = item.map_err(|e| err(e.into()))?;
                Ok(cv.value().to_vec())
            });
            let value = codec::decode(path, &name, &m, parts)?;
            w.vars.remove(name.as_str()).map_err(|e| err(e.into()))?;
            w.put(&name, &value, m.generation)?;
        }
        let mut old_hist = Vec::new();
        for item in hist.iter().map_err(|e| err(e.into()))? {
            let (k, v) = item.map_err(|e| err(e.into()))?;
            old_hist.push((k.value(), v.value().to_vec()));
        }
        for (seq, b) in old_hist {
            let wrapped = cas::wrap(&b);
            hist.insert(seq, wrapped.as_slice())
                .map_err(|e| err(e.into()))?;
        }
        meta.insert("format_version", 3)
            .map_err(|e| err(e.into()))?;
    }
    txn.delete_table(CHUNKS_V1).map_err(|e| err(e.into()))?;
    txn.commit().map_err(|e| err(e.into()))
}

/// Brings a format-2 store to format 3 in one transaction: every variable
/// kept whole as JSON text (cells, struct arrays, handles, integer and
/// single arrays) or as a scalar struct with inline fields is rewritten as
/// a tree, its large arrays as chunks. Plain arrays are already in the
/// format-3 layout and are not touched. A record that cannot be read is
/// left as it is, for `verify` and `recover` to report. Undo and redo
/// entries keep the old layouts, which format 3 still reads.
pub(super) fn migrate_v2(st: &Store) -> Result<(), StoreError> {
    let path = st.path.as_path();
    let err = |e: redb::Error| StoreError::redb(path, &st.name, e);
    let reads = Cell::new(0);
    let txn = st.begin()?;
    {
        let mut meta = txn.open_table(META).map_err(|e| err(e.into()))?;
        let mut w = Writer::open(&txn, path, &st.name, None)?;
        let mut old = Vec::new();
        for item in w.vars.iter().map_err(|e| err(e.into()))? {
            let (k, v) = item.map_err(|e| err(e.into()))?;
            let name = k.value().to_string();
            if let Ok(m) = cas::meta_of(path, &name, 2, v.value()) {
                if m.json || (m.tree.is_none() && m.class == "struct") {
                    old.push((name, m));
                }
            }
        }
        for (name, m) in old {
            let Ok(value) = cas::load_value(path, &name, &m, &w.cas, &reads) else {
                continue;
            };
            w.vars.remove(name.as_str()).map_err(|e| err(e.into()))?;
            w.put(&name, &value, m.generation)?;
        }
        meta.insert("format_version", 3)
            .map_err(|e| err(e.into()))?;
    }
    txn.commit().map_err(|e| err(e.into()))
}

/// Brings a format-3 store to format 4 in one transaction: history
/// records (`history`), undo priors (`undo`) and the per-commit counters
/// of `meta` move to `log` (see `log`), and the two tables are dropped.
/// Records are copied as they are (a damaged one stays damaged, for
/// `verify` to report).
pub(super) fn migrate_v3(st: &Store) -> Result<(), StoreError> {
    let path = st.path.as_path();
    let err = |e: redb::Error| StoreError::redb(path, &st.name, e);
    let txn = st.begin()?;
    {
        let mut meta = txn.open_table(META).map_err(|e| err(e.into()))?;
        let mut log = txn.open_table(LOG).map_err(|e| err(e.into()))?;
        {
            let hist = txn.open_table(HISTORY).map_err(|e| err(e.into()))?;
            for item in hist.iter().map_err(|e| err(e.into()))? {
                let (k, v) = item.map_err(|e| err(e.into()))?;
                log.insert((k.value(), ""), v.value())
                    .map_err(|e| err(e.into()))?;
            }
        }
        let mut oldest = None;
        {
            let undo = txn.open_table(UNDO).map_err(|e| err(e.into()))?;
            for item in undo.iter().map_err(|e| err(e.into()))? {
                let (k, v) = item.map_err(|e| err(e.into()))?;
                let (seq, name) = k.value();
                // Variable names are never empty (that key is a record's).
                if name.is_empty() || seq == log::COUNTERS {
                    continue;
                }
                oldest.get_or_insert(seq);
                log.insert((seq, name), v.value())
                    .map_err(|e| err(e.into()))?;
            }
        }
        for key in [log::GENERATION, log::LAST_COMMIT, log::RETAINED, log::FLOOR] {
            let v = meta
                .remove(key)
                .map_err(|e| err(e.into()))?
                .map(|g| g.value());
            if let Some(v) = v {
                log::set_counter(&mut log, key, v).map_err(|e| err(e.into()))?;
            }
        }
        if log::counter(&log, log::GENERATION)
            .map_err(|e| err(e.into()))?
            .is_none()
        {
            log::set_counter(&mut log, log::GENERATION, 0).map_err(|e| err(e.into()))?;
        }
        log::set_counter(&mut log, log::OLDEST, oldest.unwrap_or(0)).map_err(|e| err(e.into()))?;
        meta.insert("format_version", FORMAT_VERSION)
            .map_err(|e| err(e.into()))?;
    }
    txn.delete_table(HISTORY).map_err(|e| err(e.into()))?;
    txn.delete_table(UNDO).map_err(|e| err(e.into()))?;
    txn.commit().map_err(|e| err(e.into()))
}

/// See `Store::verify`.
pub(super) fn verify(st: &Store) -> Result<Vec<(String, String)>, StoreError> {
    let path = st.path.as_path();
    let err = |e: redb::Error| StoreError::redb(path, &st.name, e);
    let txn = st.db()?.begin_read().map_err(|e| err(e.into()))?;
    let vars = txn.open_table(VARS).map_err(|e| err(e.into()))?;
    let chunks = txn.open_table(cas::CAS).map_err(|e| err(e.into()))?;
    let refs = txn.open_table(cas::REFS).map_err(|e| err(e.into()))?;
    let hist = txn.open_table(LOG).map_err(|e| err(e.into()))?;
    let mut out = Vec::new();
    let mut counts: BTreeMap<Vec<u8>, u64> = BTreeMap::new();
    for item in vars.iter().map_err(|e| err(e.into()))? {
        let (k, v) = item.map_err(|e| err(e.into()))?;
        let name = k.value().to_string();
        let m = match cas::meta_of(path, &name, FORMAT_VERSION, v.value()) {
            Ok(m) => m,
            Err(e) => {
                out.push((name, e.to_string()));
                continue;
            }
        };
        for h in cas::hashes_of(&m) {
            *counts.entry(h).or_default() += 1;
        }
        if let Err(e) = check_var(path, &name, &m, &chunks, &st.chunk_reads) {
            out.push((name, e.to_string()));
        }
    }
    for h in super::undo::kept_hashes(&txn, path)? {
        *counts.entry(h).or_default() += 1;
    }
    for problem in audit_counts(&counts, &refs, &chunks).map_err(err)? {
        out.push(("(chunks)".into(), problem));
    }
    log::each_record(
        &hist,
        false,
        |seq, v| {
            if let Err(e) = decode_record(path, FORMAT_VERSION, v) {
                out.push(("(history)".into(), format!("record {seq}: {e}")));
            }
            Ok(true)
        },
        |e| err(e.into()),
    )?;
    Ok(out)
}

/// Checks one variable's data without building its value: every chunk
/// present and matching its key, and the sizes consistent.
fn check_var(
    path: &Path,
    name: &str,
    m: &codec::VarMeta,
    chunks: &impl ReadableTable<&'static [u8], &'static [u8]>,
    reads: &Cell<u64>,
) -> Result<(), StoreError> {
    if m.hashes.is_empty() {
        return cas::load_value(path, name, m, chunks, reads).map(|_| ());
    }
    let n = m.hashes.len();
    let bad = |s: String| StoreError::corrupt(path, format!("variable '{name}': {s}"));
    if m.chunks != n as u64 {
        return Err(bad(format!("{n} chunk keys for {} chunks", m.chunks)));
    }
    let mut total = 0u64;
    for (i, h) in m.hashes.iter().enumerate() {
        reads.set(reads.get() + 1);
        let len = cas::check_chunk(path, name, chunks, &h.0, i, n)?;
        if i + 1 < n && len != m.chunk_size() {
            return Err(bad(format!("chunk {} has {len} bytes", i + 1)));
        }
        total = total.saturating_add(len as u64);
    }
    if total != m.bytes {
        return Err(bad(format!(
            "{total} bytes of data for {} expected",
            m.bytes
        )));
    }
    Ok(())
}

/// Differences between the reference counts stored and `counts` (recounted
/// from the variables), and chunks without a count or counts without a chunk.
fn audit_counts(
    counts: &BTreeMap<Vec<u8>, u64>,
    refs: &impl ReadableTable<&'static [u8], u64>,
    chunks: &impl ReadableTable<&'static [u8], &'static [u8]>,
) -> Result<Vec<String>, redb::Error> {
    let hex = |h: &[u8]| {
        h.iter()
            .take(6)
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let mut out = Vec::new();
    let mut stored = BTreeMap::new();
    for item in refs.iter()? {
        let (k, v) = item?;
        stored.insert(k.value().to_vec(), v.value());
    }
    for (h, &n) in counts {
        match stored.get(h) {
            Some(&s) if s == n => {}
            Some(&s) => out.push(format!("chunk {}: count {s}, used {n} times", hex(h))),
            None => out.push(format!("chunk {}: used {n} times, not counted", hex(h))),
        }
    }
    for (h, s) in &stored {
        if !counts.contains_key(h) {
            out.push(format!("chunk {}: count {s}, not used", hex(h)));
        }
    }
    for item in chunks.iter()? {
        let (k, _) = item?;
        if !stored.contains_key(k.value()) {
            out.push(format!("chunk {}: stored but not counted", hex(k.value())));
        }
    }
    if out.is_empty() && stored.len() as u64 != chunks.len()? {
        out.push("counted chunks missing from the chunk table".into());
    }
    Ok(out)
}

/// What `recover` saved and lost.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RecoverReport {
    /// The new workspace's file.
    pub path: PathBuf,
    /// Variables copied intact, by name.
    pub recovered: Vec<String>,
    /// Variables that could not be read, with why.
    pub lost: Vec<(String, String)>,
    pub history_copied: usize,
    pub history_lost: usize,
}

/// Copies every readable variable and history record of workspace `name`
/// (in `home`) into the new workspace `new_name` (which must not exist yet),
/// in one transaction, and lists what could not be read. The damaged
/// workspace is left as it is.
pub fn recover(home: &Path, name: &str, new_name: &str) -> Result<RecoverReport, StoreError> {
    for n in [name, new_name] {
        if !valid_name(n) {
            return Err(StoreError::InvalidName(n.to_string()));
        }
    }
    let src_path = db_path(home, name);
    let dst_path = db_path(home, new_name);
    if !src_path.exists() {
        return Err(StoreError::Io {
            path: src_path,
            detail: format!("workspace '{name}' does not exist"),
        });
    }
    if dst_path.exists() {
        return Err(StoreError::Io {
            path: dst_path,
            detail: format!("workspace '{new_name}' already exists; choose another name"),
        });
    }
    if super::check_header(&src_path)? != super::Header::Redb {
        return Err(StoreError::Io {
            path: src_path,
            detail: format!(
                "workspace '{name}' was never completely created and holds no data (opening it creates it anew)"
            ),
        });
    }
    let src = guarded(&src_path, || {
        builder()
            .open(&src_path)
            .map_err(|e| StoreError::redb(&src_path, name, e))
    })?;
    let version = guarded(&src_path, || check_format(&src, &src_path))?;
    // Format 3 and later read format 2 records as they are.
    let Some(version @ 2..=FORMAT_VERSION) = version else {
        return Err(StoreError::corrupt(
            &src_path,
            "only format 2, 3 and 4 workspaces can be recovered (open it once to migrate)",
        ));
    };
    let names = guarded(&src_path, || var_names(&src, &src_path, name))?;
    let mut dst = Store::open(home, new_name)?;
    let mut report = RecoverReport {
        path: dst.path.clone(),
        ..Default::default()
    };
    let reads = Cell::new(0);
    let txn = dst.begin()?;
    let generation;
    {
        let derr = |e: redb::Error| StoreError::redb(&dst_path, new_name, e);
        let mut hist = txn.open_table(LOG).map_err(|e| derr(e.into()))?;
        let mut w = Writer::open(&txn, &dst_path, new_name, None)?;
        generation = guarded(&src_path, || {
            let e = |x: redb::Error| StoreError::redb(&src_path, name, x);
            let txn = src.begin_read().map_err(|x| e(x.into()))?;
            if version >= 4 {
                let log = txn.open_table(LOG).map_err(|x| e(x.into()))?;
                return Ok(log::counter(&log, log::GENERATION)
                    .map_err(|x| e(x.into()))?
                    .unwrap_or(0));
            }
            let meta = txn.open_table(META).map_err(|x| e(x.into()))?;
            Ok(meta
                .get("generation")
                .map_err(|x| e(x.into()))?
                .map(|g| g.value())
                .unwrap_or(0))
        })
        .unwrap_or(0);
        for var in names {
            let got = guarded(&src_path, || {
                let e = |x: redb::Error| StoreError::redb(&src_path, name, x);
                let txn = src.begin_read().map_err(|x| e(x.into()))?;
                let vars = txn.open_table(VARS).map_err(|x| e(x.into()))?;
                let chunks = txn.open_table(cas::CAS).map_err(|x| e(x.into()))?;
                let rec = vars
                    .get(var.as_str())
                    .map_err(|x| e(x.into()))?
                    .ok_or_else(|| StoreError::corrupt(&src_path, "record vanished"))?;
                let m = cas::meta_of(&src_path, &var, FORMAT_VERSION, rec.value())?;
                let v = cas::load_value(&src_path, &var, &m, &chunks, &reads)?;
                Ok((m.generation, v))
            });
            match got {
                Ok((g, v)) => {
                    w.put(&var, &v, g)?;
                    report.recovered.push(var);
                }
                Err(e) => report.lost.push((var, e.to_string())),
            }
        }
        let records = guarded(&src_path, || {
            let e = |x: redb::Error| StoreError::redb(&src_path, name, x);
            let txn = src.begin_read().map_err(|x| e(x.into()))?;
            let mut out = Vec::new();
            if version >= 4 {
                let h = txn.open_table(LOG).map_err(|x| e(x.into()))?;
                for item in h.range(..(log::COUNTERS, "")).map_err(|x| e(x.into()))? {
                    match item {
                        Ok((k, v)) if k.value().1.is_empty() => {
                            out.push((k.value().0, v.value().to_vec()))
                        }
                        Ok(_) => {}
                        Err(_) => break,
                    }
                }
                return Ok(out);
            }
            let h = txn.open_table(HISTORY).map_err(|x| e(x.into()))?;
            for item in h.iter().map_err(|x| e(x.into()))? {
                match item {
                    Ok((k, v)) => out.push((k.value(), v.value().to_vec())),
                    Err(_) => break,
                }
            }
            Ok(out)
        })
        .unwrap_or_default();
        for (seq, b) in records {
            if decode_record(&src_path, FORMAT_VERSION, &b).is_ok() {
                hist.insert((seq, ""), b.as_slice())
                    .map_err(|e| derr(e.into()))?;
                report.history_copied += 1;
            } else {
                report.history_lost += 1;
            }
        }
        log::set_counter(&mut hist, log::GENERATION, generation).map_err(|e| derr(e.into()))?;
        log::set_counter(&mut hist, log::LAST_COMMIT, now_ms().max(0) as u64)
            .map_err(|e| derr(e.into()))?;
    }
    txn.commit()
        .map_err(|e| StoreError::redb(&dst_path, new_name, e))?;
    dst.stats = Default::default();
    Ok(report)
}

fn var_names(db: &Database, path: &Path, ws: &str) -> Result<Vec<String>, StoreError> {
    let e = |x: redb::Error| StoreError::redb(path, ws, x);
    let txn = db.begin_read().map_err(|x| e(x.into()))?;
    let vars = txn.open_table(VARS).map_err(|x| e(x.into()))?;
    let mut out = Vec::new();
    for item in vars.iter().map_err(|x| e(x.into()))? {
        // Keys past a damaged page cannot be listed; the rest still can.
        match item {
            Ok((k, _)) => out.push(k.value().to_string()),
            Err(_) => break,
        }
    }
    Ok(out)
}
