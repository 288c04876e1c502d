//! Partial reads and element edits of stored arrays, for variables the
//! interpreter has not read (a lazily resumed workspace):
//!
//! - `Store::read_elements` reads the elements of a range of a plain
//!   array (numeric, logical or char, stored as chunks) from just the
//!   chunks that hold them, each verified against its key;
//! - `Store::patch_elements` records new values for some elements as a
//!   pending *patch*, in memory. `load` and `read_elements` see pending
//!   patches. The next `commit_changes` or `checkpoint` writes each patch
//!   (`Writer::put_patch`) as a new version of the variable whose record
//!   lists the unchanged chunks of the old version and a rewritten chunk
//!   for each chunk an edit falls in, so a one-element edit of a 400 MB
//!   array reads and writes one chunk. The old version is retired like
//!   any replaced one (kept for `undo`). A patch of a variable that the
//!   same commit also writes whole or clears is dropped: that value or
//!   removal already includes it (the interpreter applies pending patches
//!   when it reads the variable, through `load`).
//!
//! A failed commit keeps its patches for the retry; `undo`/`redo` drop the
//! patches of the variables they restore.

use super::cas::{self, meta_of, sha256, Prior, Writer};
use super::codec::{self, VarMeta};
use super::{guarded, Store, StoreError, FORMAT_VERSION, VARS};
use crate::value::pod::try_zeroed;
use crate::value::{Class, Value};
use redb::{ReadableDatabase, ReadableTable};
use std::collections::BTreeMap;
use std::ops::Range;

/// Most element edits pending for one variable: beyond, `patch_elements`
/// refuses, and the interpreter reads the variable (with its edits) and
/// goes on in memory, as a loop over many of its elements is better off.
const MAX_PENDING: usize = 1 << 16;

/// New values of some elements of one stored array, not yet committed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Patch {
    /// Bytes per element.
    size: usize,
    /// Class and element count of the stored array.
    class: String,
    numel: u64,
    /// Each edited element's new bytes (little-endian, the store's layout),
    /// by 0-based column-major position.
    edits: BTreeMap<usize, Vec<u8>>,
}

impl Patch {
    /// Writes the edits that fall in elements `range` into `buf`, which
    /// holds those elements.
    fn overlay(&self, range: Range<usize>, buf: &mut [u8]) {
        for (&p, b) in self.edits.range(range.clone()) {
            let at = (p - range.start) * self.size;
            if let Some(dst) = buf.get_mut(at..at + self.size) {
                dst.copy_from_slice(b);
            }
        }
    }
}

/// Bytes per element of a record that is a plain array stored as chunks
/// in the current layout (so elements can be read and edited in place):
/// a real numeric, logical or char array whose chunk list matches its size.
fn plain_chunked(m: &VarMeta) -> Option<usize> {
    let class = Class::from_name(&m.class)?;
    if m.tree.is_some()
        || m.json
        || m.complex
        || m.hashes.is_empty()
        || m.chunks != m.hashes.len() as u64
        || matches!(class, Class::Cell | Class::Struct | Class::FunctionHandle)
    {
        return None;
    }
    let size = class.element_bytes();
    let bytes = m.numel.checked_mul(size as u64)?;
    let cs = m.chunk_size();
    let count = usize::try_from(bytes).ok()?.div_ceil(cs.max(1));
    (bytes == m.bytes && size > 0 && cs % size == 0 && count == m.hashes.len()).then_some(size)
}

/// Length in bytes of chunk `i` of a record's data.
fn chunk_len(m: &VarMeta, i: usize) -> usize {
    let cs = m.chunk_size();
    let n = m.hashes.len();
    if i + 1 < n {
        cs
    } else {
        (m.bytes as usize).saturating_sub(cs.saturating_mul(n.saturating_sub(1)))
    }
}

/// Chunk `i` of `m`'s data from `cas`, verified against its key.
fn chunk_of<'a>(
    path: &std::path::Path,
    name: &str,
    m: &VarMeta,
    i: usize,
    cas: &'a impl ReadableTable<&'static [u8], &'static [u8]>,
) -> Result<redb::AccessGuard<'a, &'static [u8]>, StoreError> {
    let n = m.hashes.len();
    let key = &m.hashes[i].0;
    let bad = |why: &str| cas::chunk_error(path, name, i, n, why);
    let got = cas
        .get(key.as_slice())
        .map_err(|e| bad(&format!("cannot be read ({e})")))?
        .ok_or_else(|| bad("is missing"))?;
    let len = got.value().len();
    if len != chunk_len(m, i) {
        return Err(bad(&format!("has {len} bytes, not {}", chunk_len(m, i))));
    }
    if sha256(got.value()).as_slice() != key.as_slice() {
        return Err(bad("is damaged (checksum mismatch)"));
    }
    Ok(got)
}

impl Store {
    /// Elements `range` (0-based, column-major) of stored variable `name`
    /// as a column of its class, with pending edits applied, reading only
    /// the chunks that hold them. `None` when there is no such variable or
    /// it is not a plain array stored as chunks, or the range is outside
    /// it (then read it whole with `load`).
    pub fn read_elements(
        &self,
        name: &str,
        range: Range<usize>,
    ) -> Result<Option<Value>, StoreError> {
        guarded(&self.path, || {
            let txn = self.db()?.begin_read().map_err(|e| self.err(e))?;
            let vars = txn.open_table(VARS).map_err(|e| self.err(e))?;
            let chunks = txn.open_table(cas::CAS).map_err(|e| self.err(e))?;
            let Some(rec) = vars.get(name).map_err(|e| self.err(e))? else {
                return Ok(None);
            };
            let m = meta_of(&self.path, name, FORMAT_VERSION, rec.value())?;
            let Some(size) = plain_chunked(&m) else {
                return Ok(None);
            };
            if range.start > range.end || range.end as u64 > m.numel {
                return Ok(None);
            }
            let (lo, hi) = (range.start * size, range.end * size);
            let mut buf: Vec<u8> = try_zeroed(hi - lo).map_err(|e| {
                StoreError::Unsupported(format!("out of memory reading '{name}' ({e})"))
            })?;
            let cs = m.chunk_size();
            if hi > lo {
                for i in lo / cs..=(hi - 1) / cs {
                    self.chunk_reads.set(self.chunk_reads.get() + 1);
                    let got = chunk_of(&self.path, name, &m, i, &chunks)?;
                    let src = got.value();
                    let start = i * cs;
                    let (a, b) = (lo.max(start), hi.min(start + src.len()));
                    if a < b {
                        buf[a - lo..b - lo].copy_from_slice(&src[a - start..b - start]);
                    }
                }
            }
            if let Some(p) = self.patches.get(name) {
                p.overlay(range.clone(), &mut buf);
            }
            codec::elements_from_le(&m.class, range.len(), &buf)
                .map(Some)
                .map_err(|why| StoreError::corrupt(&self.path, format!("variable '{name}': {why}")))
        })
    }

    /// Sets the elements at `positions` (0-based, column-major) of stored
    /// variable `name` to the real scalar `value`, without reading the
    /// variable: kept pending until the next commit or checkpoint, which
    /// writes only the chunks the edits fall in. False (nothing changed)
    /// when the variable is not a plain array stored as chunks of
    /// `value`'s class, or a position is outside it.
    pub fn patch_elements(
        &mut self,
        name: &str,
        positions: &[usize],
        value: &Value,
    ) -> Result<bool, StoreError> {
        // The record of a variable with a pending patch cannot have changed
        // since (commits and undo drop patches): only the first edit reads it.
        let (size, class, numel) = match self.patches.get(name) {
            Some(p) if p.edits.len().saturating_add(positions.len()) > MAX_PENDING => {
                return Ok(false)
            }
            Some(p) => (p.size, p.class.clone(), p.numel),
            None => {
                let m = guarded(&self.path, || {
                    let txn = self.db()?.begin_read().map_err(|e| self.err(e))?;
                    let vars = txn.open_table(VARS).map_err(|e| self.err(e))?;
                    let got = vars.get(name).map_err(|e| self.err(e))?;
                    got.map(|g| meta_of(&self.path, name, FORMAT_VERSION, g.value()))
                        .transpose()
                })?;
                let Some(m) = m else {
                    return Ok(false);
                };
                let Some(size) = plain_chunked(&m) else {
                    return Ok(false);
                };
                (size, m.class, m.numel)
            }
        };
        let bytes = codec::le_bytes(value);
        if value.numel() != 1
            || value.is_complex()
            || value.class_name() != class
            || bytes.len() != size
            || positions.len() > MAX_PENDING
            || positions.iter().any(|&p| p as u64 >= numel)
        {
            return Ok(false);
        }
        let patch = self.patches.entry(name.to_string()).or_insert(Patch {
            size,
            class,
            numel,
            edits: BTreeMap::new(),
        });
        for &p in positions {
            patch.edits.insert(p, bytes.to_vec());
        }
        Ok(true)
    }

    /// Applies the pending patch of `name`, if any, to its data `buf` (all
    /// of its elements, as `load` gathers them).
    pub(super) fn overlay_patch(&self, name: &str, m: &VarMeta, buf: &mut [u8]) {
        if let Some(p) = self.patches.get(name) {
            if plain_chunked(m) == Some(p.size) && buf.len() as u64 == m.bytes {
                p.overlay(0..m.numel as usize, buf);
            }
        }
    }

    /// The pending patches a commit writes: those of variables it does not
    /// also write whole or clear.
    pub(super) fn patches_for<'s>(
        &'s self,
        changed: &[super::Change],
        cleared: &[&str],
    ) -> Vec<(&'s str, &'s Patch)> {
        self.patches
            .iter()
            .filter(|(n, _)| {
                !changed.iter().any(|c| c.name == n.as_str()) && !cleared.contains(&n.as_str())
            })
            .map(|(n, p)| (n.as_str(), p))
            .collect()
    }

    /// Forgets the pending patches of `names` (restored by `undo`/`redo`);
    /// all of them with `None` (written by a commit).
    pub(super) fn drop_patches(&mut self, names: Option<&[&str]>) {
        match names {
            None => self.patches.clear(),
            Some(ns) => self.patches.retain(|n, _| !ns.contains(&n.as_str())),
        }
    }

    /// Names with a pending patch (tests).
    #[cfg(test)]
    pub(crate) fn patched(&self) -> Vec<String> {
        self.patches.keys().cloned().collect()
    }
}

impl Writer<'_, '_> {
    /// Writes `patch` to stored variable `name` as a new version (of
    /// `generation`): the chunks the edits fall in are read, edited and
    /// stored under their new keys; the others are shared with the old
    /// version, which is retired (kept for undo).
    pub(super) fn put_patch(
        &mut self,
        name: &str,
        patch: &Patch,
        generation: u64,
    ) -> Result<(), StoreError> {
        let gone = || {
            StoreError::corrupt(
                self.path,
                format!("variable '{name}' was edited in place but its stored form changed"),
            )
        };
        let Prior::Present(old) = self.prior(name)? else {
            return Err(gone());
        };
        if plain_chunked(&old) != Some(patch.size) {
            return Err(gone());
        }
        let cs = old.chunk_size();
        let per = cs / patch.size;
        let mut by_chunk: BTreeMap<usize, Vec<(usize, &[u8])>> = BTreeMap::new();
        for (&p, b) in &patch.edits {
            if p as u64 >= old.numel {
                return Err(gone());
            }
            by_chunk
                .entry(p / per)
                .or_default()
                .push(((p % per) * patch.size, b));
        }
        let mut m = old.clone();
        for (i, h) in old.hashes.iter().enumerate() {
            match by_chunk.get(&i) {
                Some(edits) => {
                    let mut bytes = chunk_of(self.path, name, &old, i, &self.cas)?
                        .value()
                        .to_vec();
                    for &(at, b) in edits {
                        if let Some(dst) = bytes.get_mut(at..at + b.len()) {
                            dst.copy_from_slice(b);
                        }
                    }
                    let key = sha256(&bytes);
                    self.add_chunk(&key, &bytes)?;
                    m.hashes[i] = codec::Bytes(key.to_vec());
                }
                None => self.add_ref(&h.0)?,
            }
        }
        self.retire(name, Prior::Present(old))?;
        m.generation = generation;
        self.put_meta(name, &m)
    }
}
