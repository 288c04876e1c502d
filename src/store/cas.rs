//! Storage of variables (formats 2 to 4): checksummed records and
//! content-addressed, reference-counted chunks.
//!
//! - Every record (a variable's metadata in `vars`, a history record) is
//!   stored as 8 bytes of checksum (the first 8 bytes of the SHA-256 of the
//!   payload) followed by the rmp-serde payload; `unwrap` verifies it.
//! - An array of more than `codec::INLINE_MAX` bytes (inside a cell, struct
//!   or handle: `codec::NESTED_INLINE_MAX`) is split into
//!   `codec::CHUNK_BYTES` chunks (each record names its chunk size) stored in `cas` (SHA-256 -> bytes) with a
//!   reference count in `refs` (SHA-256 -> u64). The key is the checksum:
//!   a chunk is verified by rehashing it on every read. A chunk already
//!   stored (by this or any variable) is never written again. A record
//!   holds one reference per chunk key it lists, its tree's leaves included
//!   (`VarMeta::chunk_refs`).
//! - `Writer` updates records, chunks and counts inside one write
//!   transaction, so counts are exact whenever a transaction commits.

use super::codec::{self, VarMeta};
use super::StoreError;
use crate::value::Value;
use redb::{ReadableTable, Table, TableDefinition};
use std::cell::Cell;
use std::path::Path;

pub(crate) const CAS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("cas");
pub(crate) const REFS: TableDefinition<&[u8], u64> = TableDefinition::new("refs");

/// What one successful commit wrote (see `Store::last_commit_stats`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CommitStats {
    /// Bytes of records and new chunks handed to the database (excluding
    /// its own page overhead).
    pub bytes_written: u64,
    /// New chunks stored.
    pub chunks_written: u64,
    /// Chunks that were already stored and only gained a reference.
    pub chunks_reused: u64,
    /// Chunks whose last reference went away and that were deleted.
    pub chunks_freed: u64,
}

pub(crate) use super::hash::sha256;

/// `payload` prefixed with its checksum.
pub(crate) fn wrap(payload: &[u8]) -> Vec<u8> {
    let h = sha256(payload);
    let mut out = Vec::with_capacity(8 + payload.len());
    out.extend_from_slice(&h[..8]);
    out.extend_from_slice(payload);
    out
}

/// The payload of a wrapped record, or None when the checksum does not match.
pub(crate) fn unwrap(b: &[u8]) -> Option<&[u8]> {
    let (c, p) = b.split_at_checked(8)?;
    (sha256(p).get(..8) == Some(c)).then_some(p)
}

/// Decodes a variable's metadata record of store format `version`.
pub(crate) fn meta_of(
    path: &Path,
    name: &str,
    version: u64,
    b: &[u8],
) -> Result<VarMeta, StoreError> {
    let payload = if version >= 2 {
        unwrap(b).ok_or_else(|| {
            StoreError::corrupt(
                path,
                format!("variable '{name}': metadata record is damaged (checksum mismatch)"),
            )
        })?
    } else {
        b
    };
    codec::meta_from_bytes(path, name, payload)
}

/// Rebuilds a variable from its metadata, reading and verifying its
/// chunks (its own, or its tree's leaves') from `cas`; `reads` counts
/// chunk reads.
pub(crate) fn load_value(
    path: &Path,
    name: &str,
    m: &VarMeta,
    cas: &impl ReadableTable<&'static [u8], &'static [u8]>,
    reads: &Cell<u64>,
) -> Result<Value, StoreError> {
    load_value_with(path, name, m, cas, reads, &|_| {})
}

/// `load_value`, with `overlay` applied to the whole data of a plain array
/// (one buffer of all its elements) once read and verified: the pending
/// element edits of `Store::patch_elements`.
pub(crate) fn load_value_with(
    path: &Path,
    name: &str,
    m: &VarMeta,
    cas: &impl ReadableTable<&'static [u8], &'static [u8]>,
    reads: &Cell<u64>,
    overlay: &dyn Fn(&mut [u8]),
) -> Result<Value, StoreError> {
    let n = m.hashes.len();
    if m.chunks != n as u64 {
        return Err(StoreError::corrupt(
            path,
            format!(
                "variable '{name}': metadata lists {n} chunk keys for {} chunks",
                m.chunks
            ),
        ));
    }
    let mut fetch = |keys: &[codec::Bytes], chunk_size: usize, buf: &mut [u8]| {
        read_chunks(path, name, keys, chunk_size, cas, reads, buf)?;
        overlay(buf);
        Ok(())
    };
    codec::decode_var(path, name, m, &mut fetch)
}

/// Copies the chunks `keys` (of `chunk_size` bytes) straight into `buf`,
/// then verifies every chunk against its key on all cores.
fn read_chunks(
    path: &Path,
    name: &str,
    keys: &[codec::Bytes],
    chunk_size: usize,
    cas: &impl ReadableTable<&'static [u8], &'static [u8]>,
    reads: &Cell<u64>,
    buf: &mut [u8],
) -> Result<(), StoreError> {
    let n = keys.len();
    let pieces: Vec<&mut [u8]> = buf.chunks_mut(chunk_size.max(1)).collect();
    for (i, (dst, h)) in pieces.into_iter().zip(keys).enumerate() {
        reads.set(reads.get() + 1);
        let bad = |why: String| chunk_error(path, name, i, n, &why);
        let got = cas
            .get(h.0.as_slice())
            .map_err(|e| bad(format!("cannot be read ({e})")))?
            .ok_or_else(|| bad("is missing".into()))?;
        let src = got.value();
        if src.len() != dst.len() {
            return Err(bad(format!("has {} bytes, not {}", src.len(), dst.len())));
        }
        dst.copy_from_slice(src);
    }
    let got = super::hash::sha256_chunks(buf, chunk_size.max(1));
    match got.iter().zip(keys).position(|(k, h)| k.as_slice() != h.0) {
        Some(i) => Err(chunk_error(
            path,
            name,
            i,
            n,
            "is damaged (checksum mismatch)",
        )),
        None => Ok(()),
    }
}

pub(super) fn chunk_error(path: &Path, name: &str, i: usize, n: usize, why: &str) -> StoreError {
    StoreError::corrupt(
        path,
        format!("variable '{name}': chunk {} of {n} {why}", i + 1),
    )
}

/// Checks one stored chunk against its key; its length in bytes.
pub(crate) fn check_chunk(
    path: &Path,
    name: &str,
    cas: &impl ReadableTable<&'static [u8], &'static [u8]>,
    hash: &[u8],
    i: usize,
    n: usize,
) -> Result<usize, StoreError> {
    let got = cas
        .get(hash)
        .map_err(|e| chunk_error(path, name, i, n, &format!("cannot be read ({e})")))?
        .ok_or_else(|| chunk_error(path, name, i, n, "is missing"))?;
    let bytes = got.value();
    if sha256(bytes).as_slice() != hash {
        return Err(chunk_error(
            path,
            name,
            i,
            n,
            "is damaged (checksum mismatch)",
        ));
    }
    Ok(bytes.len())
}

/// The tables of one write transaction, with the statistics of its writes.
pub(crate) struct Writer<'t, 'p> {
    pub vars: Table<'t, &'static str, &'static [u8]>,
    pub cas: Table<'t, &'static [u8], &'static [u8]>,
    pub refs: Table<'t, &'static [u8], u64>,
    pub stats: CommitStats,
    pub path: &'p Path,
    pub workspace: &'p str,
    /// When set, versions replaced or removed are kept here (with their
    /// chunk references) instead of released, for undo.
    pub kept: Option<Vec<(String, Prior)>>,
}

/// The stored version of a variable before a write.
#[derive(Debug, Clone)]
pub(crate) enum Prior {
    Absent,
    /// Its record is damaged: its chunks stay until `recover`.
    Damaged,
    Present(VarMeta),
}

/// Every chunk key `m` holds a reference to (see `VarMeta::chunk_refs`).
pub(crate) fn hashes_of(m: &VarMeta) -> Vec<Vec<u8>> {
    m.chunk_refs().iter().map(|c| c.hash.to_vec()).collect()
}

impl<'t, 'p> Writer<'t, 'p> {
    /// The tables of write transaction `txn` of the store at `path`
    /// (`workspace` names it in errors); `kept` as the field says.
    pub fn open(
        txn: &'t redb::WriteTransaction,
        path: &'p Path,
        workspace: &'p str,
        kept: Option<Vec<(String, Prior)>>,
    ) -> Result<Writer<'t, 'p>, StoreError> {
        let err = |e: redb::TableError| StoreError::redb(path, workspace, e);
        Ok(Writer {
            vars: txn.open_table(super::VARS).map_err(err)?,
            cas: txn.open_table(CAS).map_err(err)?,
            refs: txn.open_table(REFS).map_err(err)?,
            stats: CommitStats::default(),
            path,
            workspace,
            kept,
        })
    }
}

impl Writer<'_, '_> {
    /// The stored version of `name`.
    pub fn prior(&self, name: &str) -> Result<Prior, StoreError> {
        let got = self
            .vars
            .get(name)
            .map_err(|e| StoreError::redb(self.path, self.workspace, e))?;
        Ok(match got {
            None => Prior::Absent,
            Some(g) => match meta_of(self.path, name, 2, g.value()) {
                Ok(m) => Prior::Present(m),
                Err(_) => Prior::Damaged,
            },
        })
    }

    /// Done with the version `prior` of `name`: kept for undo when the
    /// writer keeps versions, else its chunk references are dropped.
    pub(super) fn retire(&mut self, name: &str, prior: Prior) -> Result<(), StoreError> {
        match (&mut self.kept, prior) {
            (_, Prior::Damaged) => Ok(()),
            (Some(k), p) => {
                k.push((name.to_string(), p));
                Ok(())
            }
            (None, Prior::Present(m)) => self.release(&hashes_of(&m)),
            (None, Prior::Absent) => Ok(()),
        }
    }

    /// One more reference to the chunk `bytes` with key `h`: stored (and
    /// counted as written) when new, its count bumped when already present.
    pub(super) fn add_chunk(&mut self, h: &[u8; 32], bytes: &[u8]) -> Result<(), StoreError> {
        let err = |e: redb::StorageError| StoreError::redb(self.path, self.workspace, e);
        let n = self.refs.get(h.as_slice()).map_err(err)?.map(|g| g.value());
        match n {
            Some(n) => {
                self.stats.chunks_reused += 1;
                self.refs
                    .insert(h.as_slice(), n.saturating_add(1))
                    .map_err(err)?;
            }
            None => {
                self.cas.insert(h.as_slice(), bytes).map_err(err)?;
                self.refs.insert(h.as_slice(), 1).map_err(err)?;
                self.stats.chunks_written += 1;
                self.stats.bytes_written += bytes.len() as u64;
            }
        }
        Ok(())
    }

    /// One more reference to the stored chunk with key `h` (shared by a
    /// new version of a variable).
    pub(super) fn add_ref(&mut self, h: &[u8]) -> Result<(), StoreError> {
        let err = |e: redb::StorageError| StoreError::redb(self.path, self.workspace, e);
        let c = self.refs.get(h).map_err(err)?.map(|g| g.value());
        self.refs
            .insert(h, c.unwrap_or(0).saturating_add(1))
            .map_err(err)?;
        self.stats.chunks_reused += 1;
        Ok(())
    }

    /// Stores `value` as variable `name`, replacing any previous version.
    pub fn put(&mut self, name: &str, value: &Value, generation: u64) -> Result<(), StoreError> {
        let old = self.prior(name)?;
        // Add the new references before dropping the old ones, so chunks
        // shared by both versions are never deleted and rewritten.
        let m = codec::encode(value, generation, |key, bytes| self.add_chunk(key, bytes))?;
        self.retire(name, old)?;
        self.put_meta(name, &m)
    }

    /// Like `put` for a new version of an array whose elements changed only
    /// in the element index ranges `dirty` (a promise by the caller): chunks
    /// outside them keep the keys of the stored version without being
    /// encoded or hashed. Falls back to `put` when the stored version is
    /// not an array of the same class and element count.
    pub fn put_dirty(
        &mut self,
        name: &str,
        value: &Value,
        generation: u64,
        dirty: &[std::ops::Range<usize>],
    ) -> Result<(), StoreError> {
        let old = match self
            .vars
            .get(name)
            .map_err(|e| StoreError::redb(self.path, self.workspace, e))?
        {
            Some(g) => meta_of(self.path, name, 2, g.value()).ok(),
            None => None,
        };
        let mut m = codec::base_meta(value)?;
        let size = codec::element_bytes(value);
        let usable = old.as_ref().is_some_and(|o| {
            size > 0
                && m.bytes > codec::INLINE_MAX
                && o.class == m.class
                && o.complex == m.complex
                && o.numel == m.numel
                && o.tree.is_none()
                && !o.hashes.is_empty()
                && o.chunks == o.hashes.len() as u64
                && o.chunk_size() == codec::CHUNK_BYTES
        });
        let Some(old) = old.filter(|_| usable) else {
            return self.put(name, value, generation);
        };
        let per = codec::CHUNK_BYTES / size;
        let n = value.numel().div_ceil(per);
        if n != old.hashes.len() {
            return self.put(name, value, generation);
        }
        let bytes = codec::le_bytes(value);
        let chunk = |i: usize| {
            let lo = (i * codec::CHUNK_BYTES).min(bytes.len());
            bytes
                .get(lo..(lo + codec::CHUNK_BYTES).min(bytes.len()))
                .unwrap_or_default()
        };
        let touched: Vec<usize> = (0..n)
            .filter(|&i| {
                let (lo, hi) = (i * per, (i + 1) * per);
                dirty.iter().any(|r| r.start < hi && lo < r.end)
            })
            .collect();
        let mut new_keys = touched
            .iter()
            .zip(crate::par::par_map(&touched, |&i| sha256(chunk(i))))
            .peekable();
        let mut hashes = Vec::with_capacity(n);
        for (i, oh) in old.hashes.iter().enumerate() {
            let h = if let Some((_, key)) = new_keys.next_if(|(&t, _)| t == i) {
                self.add_chunk(&key, chunk(i))?;
                key.to_vec()
            } else {
                self.add_ref(&oh.0)?;
                oh.0.clone()
            };
            hashes.push(codec::Bytes(h));
        }
        self.retire(name, Prior::Present(old))?;
        m.generation = generation;
        m.chunks = n as u64;
        m.hashes = hashes;
        m.chunk_bytes = codec::CHUNK_BYTES as u64;
        self.put_meta(name, &m)
    }

    /// Writes a metadata record as is (its chunks must already be counted).
    pub fn put_meta(&mut self, name: &str, m: &VarMeta) -> Result<(), StoreError> {
        let rec = wrap(&codec::meta_to_bytes(m)?);
        self.stats.bytes_written += rec.len() as u64;
        self.vars
            .insert(name, rec.as_slice())
            .map_err(|e| StoreError::redb(self.path, self.workspace, e))?;
        Ok(())
    }

    /// Removes variable `name` and its references; false if it did not exist.
    pub fn remove(&mut self, name: &str) -> Result<bool, StoreError> {
        let old = self.prior(name)?;
        let existed = self
            .vars
            .remove(name)
            .map_err(|e| StoreError::redb(self.path, self.workspace, e))?
            .is_some();
        if existed {
            self.retire(name, old)?;
        }
        Ok(existed)
    }

    /// Drops one reference to each chunk, deleting chunks left without any.
    pub fn release(&mut self, hashes: &[Vec<u8>]) -> Result<(), StoreError> {
        for h in hashes {
            let n = self
                .refs
                .get(h.as_slice())
                .map_err(|e| StoreError::redb(self.path, self.workspace, e))?
                .map(|g| g.value());
            match n {
                Some(n) if n > 1 => {
                    self.refs
                        .insert(h.as_slice(), n - 1)
                        .map_err(|e| StoreError::redb(self.path, self.workspace, e))?;
                }
                Some(_) => {
                    self.refs
                        .remove(h.as_slice())
                        .map_err(|e| StoreError::redb(self.path, self.workspace, e))?;
                    self.cas
                        .remove(h.as_slice())
                        .map_err(|e| StoreError::redb(self.path, self.workspace, e))?;
                    self.stats.chunks_freed += 1;
                }
                // Damaged counts: leave the chunk (it may be shared).
                None => {}
            }
        }
        Ok(())
    }
}
