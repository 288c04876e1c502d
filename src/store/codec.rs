//! Encoding of values for the store: a small metadata record per variable
//! plus its element data as raw little-endian bytes split into chunks.
//!
//! Element bytes (column-major order, as in memory):
//! - double: the f64 bit pattern, 8 bytes LE (NaN payloads and -0.0 kept);
//! - complex double: interleaved per element, real part then imaginary part
//!   (16 bytes per element);
//! - logical: 1 byte, 0 or 1;
//! - char: the UTF-16 code unit, 2 bytes LE.
//!
//! A struct has no chunks: its fields are encoded recursively inside its
//! metadata record (`fields`, each with its data inline), since structs are small.

use super::StoreError;
use crate::value::{Array, Dims, Struct, Value, C64};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Bytes per chunk written now (a multiple of every element size): 4 KiB
/// under 1 MiB, so a chunk with its key and the database's leaf header fits
/// one 1 MiB page. redb allocates pages in powers of two, so a chunk of a
/// full 1 MiB took a 2 MiB page: twice the disk space and twice the bytes
/// written per edited chunk.
pub(crate) const CHUNK_BYTES: usize = (1 << 20) - 4096;

/// Chunk size of records written before `VarMeta::chunk_bytes` existed.
const LEGACY_CHUNK_BYTES: usize = 1 << 20;

/// Limit on struct nesting when decoding (a damaged file must not recurse forever).
const MAX_DEPTH: usize = 64;

/// Per-variable metadata stored in the `vars` table (rmp-serde named map).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub(crate) struct VarMeta {
    /// "double", "logical", "char" or "struct".
    #[serde(default)]
    pub class: String,
    #[serde(default)]
    pub dims: Vec<u64>,
    #[serde(default)]
    pub complex: bool,
    /// Element count (product of dims).
    #[serde(default)]
    pub numel: u64,
    /// Number of chunks in the `chunks` table (0 for structs and empties).
    #[serde(default)]
    pub chunks: u64,
    /// Workspace generation that wrote this variable.
    #[serde(default)]
    pub generation: u64,
    /// Bytes of element data (for summaries).
    #[serde(default)]
    pub bytes: u64,
    /// Struct fields, encoded inline.
    #[serde(default)]
    pub fields: Vec<(String, Inline)>,
    /// Format 2: element data of a small array (at most `INLINE_MAX` bytes),
    /// kept inside this record.
    #[serde(default)]
    pub data: Bytes,
    /// Format 2: SHA-256 of each chunk of a larger array, in order; the
    /// chunks live in the content-addressed `cas` table under these keys.
    #[serde(default)]
    pub hashes: Vec<Bytes>,
    /// Bytes per chunk of `hashes` (every chunk but the last is this long);
    /// 0 in records written with the original 1 MiB chunks.
    #[serde(default)]
    pub chunk_bytes: u64,
}

impl VarMeta {
    /// Bytes per chunk of this record's chunked data.
    pub(crate) fn chunk_size(&self) -> usize {
        match self.chunk_bytes {
            0 => LEGACY_CHUNK_BYTES,
            n => usize::try_from(n).unwrap_or(usize::MAX),
        }
    }
}

/// A value encoded entirely inside its metadata (struct fields).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub(crate) struct Inline {
    #[serde(default)]
    pub meta: VarMeta,
    #[serde(default)]
    pub data: Bytes,
}

/// A byte string that rmp-serde writes as msgpack bin (not an int array).
#[derive(Clone, Debug, PartialEq, Default)]
pub(crate) struct Bytes(pub Vec<u8>);

impl Serialize for Bytes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Bytes, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Bytes;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Bytes, E> {
                Ok(Bytes(v.to_vec()))
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Bytes, E> {
                Ok(Bytes(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<Bytes, A::Error> {
                let mut out = Vec::new();
                while let Some(b) = a.next_element::<u8>()? {
                    out.push(b);
                }
                Ok(Bytes(out))
            }
        }
        d.deserialize_bytes(V)
    }
}

fn elem_size(v: &Value) -> usize {
    match v {
        Value::Num(_) => 8,
        Value::Complex(_) => 16,
        Value::Bool(_) => 1,
        Value::Char(_) => 2,
        Value::Struct(_) => 0,
    }
}

/// Metadata of `v` (without chunk count / generation filled for arrays).
pub(crate) fn base_meta(v: &Value) -> Result<VarMeta, StoreError> {
    let dims: Vec<u64> = v.dims().as_slice().iter().map(|&d| d as u64).collect();
    let numel = v.numel() as u64;
    let bytes = numel
        .checked_mul(elem_size(v) as u64)
        .ok_or_else(|| StoreError::Unsupported("array too large".into()))?;
    let mut m = VarMeta {
        class: v.class_name().to_string(),
        dims,
        complex: v.is_complex(),
        numel,
        bytes,
        ..VarMeta::default()
    };
    if let Value::Struct(s) = v {
        for (name, fv) in &s.fields {
            let mut data = Vec::new();
            let mut fm = base_meta(fv)?;
            for_each_chunk(fv, usize::MAX, |_, c| {
                data.extend_from_slice(&c);
                Ok(())
            })?;
            fm.bytes = data.len() as u64;
            m.bytes = m.bytes.saturating_add(fm.bytes);
            m.fields.push((
                name.clone(),
                Inline {
                    meta: fm,
                    data: Bytes(data),
                },
            ));
        }
    }
    Ok(m)
}

/// Calls `sink(index, bytes)` for each chunk of at most `chunk_bytes` bytes of
/// `v`'s element data; returns the chunk count. Structs have no chunks.
pub(crate) fn for_each_chunk(
    v: &Value,
    chunk_bytes: usize,
    mut sink: impl FnMut(u64, Vec<u8>) -> Result<(), StoreError>,
) -> Result<u64, StoreError> {
    fn go<T>(
        data: &[T],
        size: usize,
        chunk_bytes: usize,
        put: impl Fn(&T, &mut Vec<u8>),
        sink: &mut impl FnMut(u64, Vec<u8>) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError> {
        let per = (chunk_bytes / size).max(1);
        let mut n = 0u64;
        for part in data.chunks(per) {
            let mut buf = Vec::with_capacity(part.len() * size);
            for x in part {
                put(x, &mut buf);
            }
            sink(n, buf)?;
            n += 1;
        }
        Ok(n)
    }
    match v {
        Value::Num(a) => go(
            a.data(),
            8,
            chunk_bytes,
            |x, b| b.extend_from_slice(&x.to_bits().to_le_bytes()),
            &mut sink,
        ),
        Value::Complex(a) => go(
            a.data(),
            16,
            chunk_bytes,
            |z, b| {
                b.extend_from_slice(&z.re.to_bits().to_le_bytes());
                b.extend_from_slice(&z.im.to_bits().to_le_bytes());
            },
            &mut sink,
        ),
        Value::Bool(a) => go(
            a.data(),
            1,
            chunk_bytes,
            |&x, b| b.push(u8::from(x)),
            &mut sink,
        ),
        Value::Char(a) => go(
            a.data(),
            2,
            chunk_bytes,
            |x, b| b.extend_from_slice(&x.to_le_bytes()),
            &mut sink,
        ),
        Value::Struct(_) => Ok(0),
    }
}

/// Arrays with at most this many bytes of element data are stored inside
/// their metadata record; larger ones as content-addressed chunks.
pub(crate) const INLINE_MAX: u64 = 4096;

/// Encodes `v` for writing (format 2): its metadata with generation, and
/// either its data inline (small arrays, structs) or, for arrays of more
/// than `INLINE_MAX` bytes, one `sink(index, bytes)` call per chunk of
/// `CHUNK_BYTES`, which stores the chunk and returns its key (hash).
pub(crate) fn encode(
    v: &Value,
    generation: u64,
    mut sink: impl FnMut(u64, Vec<u8>) -> Result<Vec<u8>, StoreError>,
) -> Result<VarMeta, StoreError> {
    let mut m = base_meta(v)?;
    m.generation = generation;
    if matches!(v, Value::Struct(_)) {
        return Ok(m);
    }
    if m.bytes <= INLINE_MAX {
        let mut data = Vec::new();
        for_each_chunk(v, usize::MAX, |_, c| {
            data.extend_from_slice(&c);
            Ok(())
        })?;
        m.data = Bytes(data);
        return Ok(m);
    }
    let mut hashes = Vec::new();
    m.chunks = for_each_chunk(v, CHUNK_BYTES, |i, c| {
        hashes.push(Bytes(sink(i, c)?));
        Ok(())
    })?;
    m.hashes = hashes;
    m.chunk_bytes = CHUNK_BYTES as u64;
    Ok(m)
}

/// Element size in bytes of an array value (0 for structs).
pub(crate) fn element_bytes(v: &Value) -> usize {
    elem_size(v)
}

/// The bytes of chunk `i` (of `CHUNK_BYTES`) of array `v`, as `encode` makes it.
pub(crate) fn chunk_at(v: &Value, i: usize) -> Vec<u8> {
    fn part<T>(data: &[T], size: usize, i: usize, put: impl Fn(&T, &mut Vec<u8>)) -> Vec<u8> {
        let per = (CHUNK_BYTES / size).max(1);
        let start = i.saturating_mul(per).min(data.len());
        let end = start.saturating_add(per).min(data.len());
        let mut buf = Vec::with_capacity((end - start) * size);
        for x in data.get(start..end).unwrap_or(&[]) {
            put(x, &mut buf);
        }
        buf
    }
    match v {
        Value::Num(a) => part(a.data(), 8, i, |x, b| {
            b.extend_from_slice(&x.to_bits().to_le_bytes())
        }),
        Value::Complex(a) => part(a.data(), 16, i, |z, b| {
            b.extend_from_slice(&z.re.to_bits().to_le_bytes());
            b.extend_from_slice(&z.im.to_bits().to_le_bytes());
        }),
        Value::Bool(a) => part(a.data(), 1, i, |&x, b| b.push(u8::from(x))),
        Value::Char(a) => part(a.data(), 2, i, |x, b| b.extend_from_slice(&x.to_le_bytes())),
        Value::Struct(_) => Vec::new(),
    }
}

pub(crate) fn meta_to_bytes(m: &VarMeta) -> Result<Vec<u8>, StoreError> {
    rmp_serde::to_vec_named(m).map_err(|e| StoreError::Unsupported(e.to_string()))
}

pub(crate) fn meta_from_bytes(path: &Path, name: &str, b: &[u8]) -> Result<VarMeta, StoreError> {
    rmp_serde::from_slice(b)
        .map_err(|e| StoreError::corrupt(path, format!("variable '{name}': bad metadata ({e})")))
}

/// Validated dims and element count of a metadata record.
fn checked_dims(m: &VarMeta) -> Result<(Dims, usize), String> {
    if m.dims.len() < 2 {
        return Err("fewer than two dimensions".into());
    }
    let mut ext = Vec::with_capacity(m.dims.len());
    let mut n: usize = 1;
    for &d in &m.dims {
        let d = usize::try_from(d).map_err(|_| "dimension too large".to_string())?;
        n = n.checked_mul(d).ok_or("dimensions overflow")?;
        ext.push(d);
    }
    if n as u64 != m.numel {
        return Err(format!("size does not match element count {}", m.numel));
    }
    Ok((Dims::new(&ext), n))
}

/// Rebuilds a value from its metadata and the concatenation of its chunks,
/// given as an iterator of byte slices. Every inconsistency is an error.
pub(crate) fn decode<I>(
    path: &Path,
    name: &str,
    m: &VarMeta,
    chunks: I,
) -> Result<Value, StoreError>
where
    I: IntoIterator<Item = Result<Vec<u8>, StoreError>>,
{
    decode_depth(m, chunks, 0).map_err(|e| match e {
        DecodeErr::Msg(s) => StoreError::corrupt(path, format!("variable '{name}': {s}")),
        DecodeErr::Store(e) => e,
    })
}

enum DecodeErr {
    Msg(String),
    Store(StoreError),
}

impl From<String> for DecodeErr {
    fn from(s: String) -> Self {
        DecodeErr::Msg(s)
    }
}

fn decode_depth<I>(m: &VarMeta, chunks: I, depth: usize) -> Result<Value, DecodeErr>
where
    I: IntoIterator<Item = Result<Vec<u8>, StoreError>>,
{
    if depth > MAX_DEPTH {
        return Err("structs nested too deeply".to_string().into());
    }
    if m.class == "struct" {
        let mut s = Struct::default();
        for (fname, inl) in &m.fields {
            let v =
                decode_depth(&inl.meta, [Ok(inl.data.0.clone())], depth + 1).map_err(
                    |e| match e {
                        DecodeErr::Msg(s) => DecodeErr::Msg(format!("field '{fname}': {s}")),
                        other => other,
                    },
                )?;
            s.fields.push((fname.clone(), v));
        }
        return Ok(Value::Struct(Box::new(s)));
    }
    let (dims, n) = checked_dims(m)?;
    let size = match (m.class.as_str(), m.complex) {
        ("double", false) => 8,
        ("double", true) => 16,
        ("logical", false) => 1,
        ("char", false) => 2,
        (c, cx) => return Err(format!("unknown class '{c}' (complex: {cx})").into()),
    };
    Ok(match size {
        8 => Value::Num(make(
            dims,
            collect(chunks, n, 8, |b| Ok(f64::from_bits(le64(b, 0))))?,
        )?),
        16 => Value::Complex(make(
            dims,
            collect(chunks, n, 16, |b| {
                Ok(C64::new(
                    f64::from_bits(le64(b, 0)),
                    f64::from_bits(le64(b, 8)),
                ))
            })?,
        )?),
        1 => Value::Bool(make(
            dims,
            collect(chunks, n, 1, |b| match b.first() {
                Some(0) => Ok(false),
                Some(1) => Ok(true),
                other => Err(format!("invalid logical byte {other:?}")),
            })?,
        )?),
        _ => Value::Char(make(
            dims,
            collect(chunks, n, 2, |b| {
                Ok(u16::from_le_bytes([
                    b.first().copied().unwrap_or(0),
                    b.get(1).copied().unwrap_or(0),
                ]))
            })?,
        )?),
    })
}

/// Parses the chunks straight into `n` elements of `size` bytes each,
/// checking that the data holds exactly that many.
fn collect<T, I>(
    chunks: I,
    n: usize,
    size: usize,
    parse: impl Fn(&[u8]) -> Result<T, String>,
) -> Result<Vec<T>, DecodeErr>
where
    I: IntoIterator<Item = Result<Vec<u8>, StoreError>>,
{
    let mut out: Vec<T> = Vec::new();
    // Fallible: a damaged size must be an error, not an allocation abort.
    out.try_reserve_exact(n)
        .map_err(|_| format!("out of memory for {n} elements"))?;
    for c in chunks {
        let c = c.map_err(DecodeErr::Store)?;
        if c.len() % size != 0 {
            return Err(format!("a chunk of {} bytes splits an element", c.len()).into());
        }
        if out.len().saturating_add(c.len() / size) > n {
            return Err(format!("more data than its {n} elements").into());
        }
        for e in c.chunks_exact(size) {
            out.push(parse(e)?);
        }
    }
    if out.len() != n {
        return Err(format!("data holds {} of its {n} elements", out.len()).into());
    }
    Ok(out)
}

/// The little-endian u64 at `at` (0 bytes past the end of `b`).
fn le64(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    if let Some(src) = b.get(at..at + 8) {
        a.copy_from_slice(src);
    }
    u64::from_le_bytes(a)
}

fn make<T: Clone>(dims: Dims, data: Vec<T>) -> Result<Array<T>, DecodeErr> {
    if dims.is_empty() {
        if !data.is_empty() {
            return Err("empty array with data".to_string().into());
        }
        return Ok(Array::empty_with(dims));
    }
    Array::try_new(dims, data).ok_or_else(|| "size does not match data".to_string().into())
}
