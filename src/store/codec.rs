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

use super::hash::sha256_chunks;
use super::StoreError;
use crate::value::pod::{bytes_of, bytes_of_mut, try_zeroed, Plain, Pod};
use crate::value::{Array, Dims, Value, C64};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
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
    /// The value is kept whole as workspace JSON text in `data` (cells,
    /// struct arrays, handles, integer and single arrays, until they have
    /// their own chunked layout).
    #[serde(default)]
    pub json: bool,
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
        Value::Single(_) | Value::SingleComplex(_) | Value::Int(_) => {
            v.class().element_bytes() * if v.is_complex() { 2 } else { 1 }
        }
        Value::Struct(_) | Value::Cell(_) | Value::Func(_) => 0,
    }
}

/// Values kept whole as JSON text inside their record: all but double,
/// logical and char arrays and scalar structs of those.
fn kept_as_json(v: &Value) -> bool {
    match v {
        Value::Num(_) | Value::Complex(_) | Value::Bool(_) | Value::Char(_) => false,
        Value::Struct(s) => !s.is_scalar() || s.scalar_fields().any(|(_, f)| kept_as_json(f)),
        Value::Single(_)
        | Value::SingleComplex(_)
        | Value::Int(_)
        | Value::Cell(_)
        | Value::Func(_) => true,
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
    if kept_as_json(v) {
        m.bytes = v.byte_size() as u64;
    } else if let Value::Struct(s) = v {
        for (name, fv) in s.scalar_fields() {
            let data = le_bytes(fv).into_owned();
            let mut fm = base_meta(fv)?;
            fm.bytes = data.len() as u64;
            m.bytes = m.bytes.saturating_add(fm.bytes);
            m.fields.push((
                name.to_string(),
                Inline {
                    meta: fm,
                    data: Bytes(data),
                },
            ));
        }
    }
    Ok(m)
}

/// The element data of array `v` in the store's layout (column-major,
/// little-endian; see the module comment): a view of the array's own memory
/// on little-endian machines, so encoding a large array copies nothing.
/// Structs have none.
pub(crate) fn le_bytes(v: &Value) -> Cow<'_, [u8]> {
    fn view<T: Plain>(data: &[T], put: impl Fn(&T, &mut Vec<u8>)) -> Cow<'_, [u8]> {
        if cfg!(target_endian = "little") {
            return Cow::Borrowed(bytes_of(data));
        }
        let mut b = Vec::with_capacity(std::mem::size_of_val(data));
        for x in data {
            put(x, &mut b);
        }
        Cow::Owned(b)
    }
    match v {
        Value::Num(a) => view(a.data(), |x, b| b.extend_from_slice(&x.to_le_bytes())),
        Value::Complex(a) => view(a.data(), |z, b| {
            b.extend_from_slice(&z.re.to_le_bytes());
            b.extend_from_slice(&z.im.to_le_bytes());
        }),
        Value::Bool(a) => view(a.data(), |&x, b| b.push(u8::from(x))),
        Value::Char(a) => view(a.data(), |x, b| b.extend_from_slice(&x.to_le_bytes())),
        Value::Single(_)
        | Value::SingleComplex(_)
        | Value::Int(_)
        | Value::Struct(_)
        | Value::Cell(_)
        | Value::Func(_) => Cow::Borrowed(&[]),
    }
}

/// Calls `sink(index, bytes)` for each chunk of at most `chunk_bytes` bytes
/// (a multiple of the element size) of `v`'s element data; returns the
/// chunk count. Structs have no chunks. (Tests use it to write records
/// the way older versions did.)
#[cfg(test)]
pub(crate) fn for_each_chunk(
    v: &Value,
    chunk_bytes: usize,
    mut sink: impl FnMut(u64, Vec<u8>) -> Result<(), StoreError>,
) -> Result<u64, StoreError> {
    let mut n = 0u64;
    for c in le_bytes(v).chunks(chunk_bytes.max(1)) {
        sink(n, c.to_vec())?;
        n += 1;
    }
    Ok(n)
}

/// Arrays with at most this many bytes of element data are stored inside
/// their metadata record; larger ones as content-addressed chunks.
pub(crate) const INLINE_MAX: u64 = 4096;

/// Encodes `v` for writing (format 2): its metadata with generation, and
/// either its data inline (small arrays, structs) or, for arrays of more
/// than `INLINE_MAX` bytes, one `sink(key, bytes)` call per chunk of
/// `CHUNK_BYTES`, in order, which stores the chunk under its key (SHA-256,
/// computed for all chunks first, on every core).
pub(crate) fn encode(
    v: &Value,
    generation: u64,
    mut sink: impl FnMut(&[u8; 32], &[u8]) -> Result<(), StoreError>,
) -> Result<VarMeta, StoreError> {
    let mut m = base_meta(v)?;
    m.generation = generation;
    if kept_as_json(v) {
        m.json = true;
        m.data = Bytes(crate::formats::json::value_to_json(v).into_bytes());
        return Ok(m);
    }
    if matches!(v, Value::Struct(_)) {
        return Ok(m);
    }
    let bytes = le_bytes(v);
    if m.bytes <= INLINE_MAX {
        m.data = Bytes(bytes.into_owned());
        return Ok(m);
    }
    let keys = sha256_chunks(&bytes, CHUNK_BYTES);
    for (key, chunk) in keys.iter().zip(bytes.chunks(CHUNK_BYTES)) {
        sink(key, chunk)?;
    }
    m.chunks = keys.len() as u64;
    m.hashes = keys.iter().map(|k| Bytes(k.to_vec())).collect();
    m.chunk_bytes = CHUNK_BYTES as u64;
    Ok(m)
}

/// Element size in bytes of an array value (0 for structs).
pub(crate) fn element_bytes(v: &Value) -> usize {
    elem_size(v)
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

/// Where the element data of a value being decoded comes from.
pub(crate) enum Source<'a> {
    /// All of it, in hand (inline data, struct fields, gathered chunks).
    Bytes(&'a [u8]),
    /// `count` chunks of `chunk_size` bytes (the last may be shorter) that
    /// `fill` copies into the buffer it is given, whose length is checked
    /// against the chunk count before it is allocated.
    Chunks {
        count: usize,
        chunk_size: usize,
        fill: &'a mut dyn FnMut(&mut [u8]) -> Result<(), StoreError>,
    },
}

/// Rebuilds a value from its metadata and the concatenation of its chunks,
/// given as an iterator of byte strings. Every inconsistency is an error.
pub(crate) fn decode<I>(
    path: &Path,
    name: &str,
    m: &VarMeta,
    chunks: I,
) -> Result<Value, StoreError>
where
    I: IntoIterator<Item = Result<Vec<u8>, StoreError>>,
{
    let mut all = Vec::new();
    for c in chunks {
        let c = c?;
        if all.len().saturating_add(c.len()) as u64 > m.bytes.max(1 << 20) {
            return Err(StoreError::corrupt(
                path,
                format!("variable '{name}': more data than its {} bytes", m.bytes),
            ));
        }
        all.extend_from_slice(&c);
    }
    decode_from(path, name, m, Source::Bytes(&all))
}

/// Rebuilds a value from its metadata and the source of its element data.
pub(crate) fn decode_from(
    path: &Path,
    name: &str,
    m: &VarMeta,
    src: Source,
) -> Result<Value, StoreError> {
    decode_depth(m, src, 0).map_err(|e| match e {
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

fn decode_depth(m: &VarMeta, src: Source, depth: usize) -> Result<Value, DecodeErr> {
    if depth > MAX_DEPTH {
        return Err("structs nested too deeply".to_string().into());
    }
    if m.json {
        let Source::Bytes(text) = src else {
            return Err("a value kept as text has chunks".to_string().into());
        };
        let text = std::str::from_utf8(text).map_err(|e| format!("bad text ({e})"))?;
        return Ok(crate::formats::json::value_from_json(text)?);
    }
    if m.class == "struct" {
        // Records written before struct arrays: a scalar struct's fields.
        let mut fields = Vec::with_capacity(m.fields.len());
        for (fname, inl) in &m.fields {
            let v = decode_depth(&inl.meta, Source::Bytes(&inl.data.0), depth + 1).map_err(
                |e| match e {
                    DecodeErr::Msg(s) => DecodeErr::Msg(format!("field '{fname}': {s}")),
                    other => other,
                },
            )?;
            fields.push((fname.clone(), v));
        }
        return Ok(Value::structure(crate::value::StructArray::scalar(fields)));
    }
    let (dims, n) = checked_dims(m)?;
    Ok(match (m.class.as_str(), m.complex) {
        ("double", false) => Value::Num(make(
            dims,
            elements(src, n, |x: &mut f64| {
                *x = f64::from_bits(u64::from_le(x.to_bits()))
            })?,
        )?),
        ("double", true) => Value::Complex(make(
            dims,
            elements(src, n, |z: &mut C64| {
                z.re = f64::from_bits(u64::from_le(z.re.to_bits()));
                z.im = f64::from_bits(u64::from_le(z.im.to_bits()));
            })?,
        )?),
        ("logical", false) => {
            let raw: Vec<u8> = elements(src, n, |_| {})?;
            if let Some(b) = raw.iter().find(|&&b| b > 1) {
                return Err(format!("invalid logical byte {b}").into());
            }
            Value::Bool(make(dims, raw.iter().map(|&b| b == 1).collect())?)
        }
        ("char", false) => Value::Char(make(
            dims,
            elements(src, n, |u: &mut u16| *u = u16::from_le(*u))?,
        )?),
        (c, cx) => return Err(format!("unknown class '{c}' (complex: {cx})").into()),
    })
}

/// The `n` elements of `src`, copied in one piece into their buffer;
/// `from_le` turns each from the store's little-endian layout into the
/// machine's (run only on big-endian machines).
fn elements<T: Pod>(src: Source, n: usize, from_le: impl Fn(&mut T)) -> Result<Vec<T>, DecodeErr> {
    let size = std::mem::size_of::<T>();
    let total = n
        .checked_mul(size)
        .ok_or_else(|| "dimensions overflow".to_string())?;
    let have = match &src {
        Source::Bytes(b) => b.len(),
        Source::Chunks {
            count, chunk_size, ..
        } => {
            if total.div_ceil((*chunk_size).max(1)) != *count {
                return Err(format!(
                    "{count} chunks of {chunk_size} bytes cannot hold {total} bytes of data"
                )
                .into());
            }
            total
        }
    };
    if have % size != 0 {
        return Err(format!("{have} bytes of data split an element").into());
    }
    if have > total {
        return Err(format!("more data than its {n} elements").into());
    }
    if have < total {
        return Err(format!("data holds {} of its {n} elements", have / size).into());
    }
    // Fallible: a damaged size must be an error, not an allocation abort.
    let mut out: Vec<T> =
        try_zeroed(n).map_err(|m| format!("out of memory for {n} elements ({m})"))?;
    let buf = bytes_of_mut(&mut out);
    match src {
        Source::Bytes(b) => buf.copy_from_slice(b),
        Source::Chunks { fill, .. } => fill(buf).map_err(DecodeErr::Store)?,
    }
    if cfg!(target_endian = "big") {
        out.iter_mut().for_each(from_le);
    }
    Ok(out)
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
