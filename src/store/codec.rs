//! Encoding of values for the store (format 3): a metadata record per
//! variable, in which every value is a tree, plus its large numeric data as
//! raw little-endian bytes split into content-addressed chunks.
//!
//! - A numeric, logical or char array (a *leaf*, of any class: double,
//!   single, int8..uint64, complex or not) keeps its element data inside
//!   the record when small, else as the SHA-256 keys of its chunks (`cas`).
//!   A variable that is a leaf uses the record's own fields (`data`,
//!   `hashes`), exactly as format 2 did, so plain arrays need no migration.
//! - A cell array, struct array or function handle is a `Node` tree in the
//!   record's `tree`: cells list their elements, struct arrays their field
//!   names and each element's field values, handles their name or text and
//!   captured values; the leaves inside are `Leaf`s, whose data is inline
//!   up to `NESTED_INLINE_MAX` bytes and chunked beyond, so a large array
//!   in a struct field or a cell is chunked and shared like a plain one,
//!   and an edit of one field rewrites the small record and the chunks
//!   that changed.
//! - The element nodes of a large container (over `PAGE_BYTES` encoded)
//!   are split into `Page`s stored as chunks too, so editing one cell of
//!   a 100,000-element cell rewrites one page and the record. A record
//!   lists every chunk reference inside its pages (`paged`), so the
//!   references it holds (`VarMeta::chunk_refs`, which the reference
//!   counts, undo retention and `verify` use) come from the record alone.
//! - Every value is encoded again at each commit that changes it (the
//!   interpreter says which variables changed, not which part): unchanged
//!   leaves and pages are hashed but not written, being already stored.
//!
//! Element bytes (column-major order, as in memory), little-endian:
//! - double: the f64 bit pattern, 8 bytes (NaN payloads and -0.0 kept);
//!   single: the f32 bit pattern, 4 bytes;
//! - complex double or single: interleaved per element, real part then
//!   imaginary part;
//! - integers: two's complement (int) or unsigned, 1, 2, 4 or 8 bytes;
//! - logical: 1 byte, 0 or 1;
//! - char: the UTF-16 code unit, 2 bytes.
//!
//! Older records still read: format 1 and 2 scalar structs of plain arrays
//! (`fields`, each with its data inline) and the format 2 interim layout
//! that kept a cell, struct array, handle, integer or single array whole as
//! workspace JSON text (`json`; kept in undo entries of migrated stores).

use super::hash::sha256_chunks_to;
use super::StoreError;
use crate::value::pod::{bytes_of, bytes_of_mut, try_zeroed, Plain, Pod};
use crate::value::{Array, Class, Dims, Func, IntElem, StructArray, Value, C32, C64};
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

/// Limit on nesting (cells in cells, struct fields, captured values): a
/// deeper value is refused when stored, and a damaged record must not
/// recurse forever when read. Each level takes up to four levels of
/// msgpack nesting, whose decoder stops at 1024.
pub(crate) const MAX_DEPTH: usize = 200;

/// Leaves inside a container with at most this many bytes of element data
/// are kept in the record; larger ones are chunks of their own, so the
/// record of a cell of many arrays stays small (it is rewritten whole by
/// each edit of the variable) and equal arrays are stored once.
pub(crate) const NESTED_INLINE_MAX: u64 = 256;

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
    /// Format 2 interim (read only): the value was kept whole as
    /// workspace JSON text in `data`.
    #[serde(default)]
    pub json: bool,
    /// Format 3: the value of a cell array, struct array or function handle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tree: Option<Box<Node>>,
    /// Format 3: every chunk reference inside the tree's pages (the pages'
    /// own chunks and those of the leaves and pages in them), with its
    /// length, so the references a record holds are known from the record
    /// alone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paged: Vec<(Bytes, u64)>,
}

/// A value inside a variable's tree (format 3). Short names keep the
/// record of a large cell or struct array compact.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub(crate) enum Node {
    /// A numeric, logical or char array.
    #[serde(rename = "L")]
    Leaf(Leaf),
    /// A cell array: its size and elements in column-major order.
    #[serde(rename = "C")]
    Cell {
        #[serde(rename = "d")]
        dims: Vec<u64>,
        #[serde(rename = "e", default)]
        elems: Vec<Node>,
        /// Instead of `elems` when they are many: the pages holding them.
        #[serde(rename = "p", default, skip_serializing_if = "Vec::is_empty")]
        pages: Vec<Page>,
    },
    /// A struct array: its size, field names in order, and the field
    /// values of each element in column-major order (element k's field j
    /// at `k * names.len() + j`).
    #[serde(rename = "S")]
    Struct {
        #[serde(rename = "d")]
        dims: Vec<u64>,
        #[serde(rename = "n", default)]
        names: Vec<String>,
        #[serde(rename = "e", default)]
        elems: Vec<Node>,
        #[serde(rename = "p", default, skip_serializing_if = "Vec::is_empty")]
        pages: Vec<Page>,
    },
    /// A named function handle.
    #[serde(rename = "N")]
    Named(String),
    /// A sparse matrix: its size, the room reserved (`nzmax`), its column
    /// pointers and row indices (uint64 leaves, 0-based) and its stored
    /// values (a double, complex or logical leaf). Stores written before
    /// sparse matrices have no such node and read as before.
    #[serde(rename = "P")]
    Sparse {
        #[serde(rename = "d")]
        dims: Vec<u64>,
        #[serde(rename = "z", default)]
        nzmax: u64,
        #[serde(rename = "j")]
        colptr: Box<Node>,
        #[serde(rename = "i")]
        rowidx: Box<Node>,
        #[serde(rename = "v")]
        vals: Box<Node>,
    },
    /// An anonymous function: its text and captured values.
    #[serde(rename = "A")]
    Anon {
        #[serde(rename = "t")]
        text: String,
        #[serde(rename = "c", default)]
        captures: Vec<(String, Node)>,
    },
}

/// A run of a large container's element nodes, stored apart from the
/// record (msgpack of the `Vec<Node>`) in chunks like an array's data, so
/// an edit of one element rewrites its page and the record's page list,
/// not every element.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub(crate) struct Page {
    /// Nodes in it.
    #[serde(rename = "n")]
    pub count: u64,
    /// Bytes of its encoding.
    #[serde(rename = "b")]
    pub bytes: u64,
    #[serde(rename = "h")]
    pub hashes: Vec<Bytes>,
    #[serde(rename = "s")]
    pub chunk_bytes: u64,
}

/// Element nodes of a container whose encodings together exceed this
/// many bytes are split into pages of about this size.
pub(crate) const PAGE_BYTES: usize = 64 << 10;

/// An array inside a tree: like a leaf variable's own fields.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub(crate) struct Leaf {
    /// The class name (`Class::name`).
    #[serde(rename = "k")]
    pub class: String,
    #[serde(rename = "x", default, skip_serializing_if = "is_false")]
    pub complex: bool,
    #[serde(rename = "d")]
    pub dims: Vec<u64>,
    /// Bytes of element data.
    #[serde(rename = "b", default)]
    pub bytes: u64,
    /// The element data, when at most `NESTED_INLINE_MAX` bytes.
    #[serde(rename = "v", default, skip_serializing_if = "Bytes::is_empty")]
    pub data: Bytes,
    /// Else the keys of its chunks, of `chunk_bytes` bytes each (the last
    /// may be shorter).
    #[serde(rename = "h", default, skip_serializing_if = "Vec::is_empty")]
    pub hashes: Vec<Bytes>,
    #[serde(rename = "s", default, skip_serializing_if = "is_zero")]
    pub chunk_bytes: u64,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// Bytes per chunk of a record's chunked data (`chunk_bytes`, 0 in records
/// written with the original 1 MiB chunks).
fn chunk_size_of(chunk_bytes: u64) -> usize {
    match chunk_bytes {
        0 => LEGACY_CHUNK_BYTES,
        n => usize::try_from(n).unwrap_or(usize::MAX),
    }
}

/// One chunk reference of a record: its key and length in bytes.
pub(crate) struct ChunkRef<'a> {
    pub hash: &'a [u8],
    pub len: u64,
}

/// The chunk references of data of `bytes` bytes in chunks `hashes` of
/// `chunk_size` bytes.
fn refs_of<'a>(hashes: &'a [Bytes], chunk_size: usize, bytes: u64, out: &mut Vec<ChunkRef<'a>>) {
    let n = hashes.len() as u64;
    let size = chunk_size as u64;
    for (i, h) in hashes.iter().enumerate() {
        let len = if (i as u64) + 1 < n {
            size
        } else {
            bytes.saturating_sub(size.saturating_mul(n.saturating_sub(1)))
        };
        out.push(ChunkRef { hash: &h.0, len });
    }
}

impl VarMeta {
    /// Bytes per chunk of this record's chunked data.
    pub(crate) fn chunk_size(&self) -> usize {
        chunk_size_of(self.chunk_bytes)
    }

    /// Every chunk this record references (its own and its tree's leaves'),
    /// in order, once per reference: what its reference counts hold.
    pub(crate) fn chunk_refs(&self) -> Vec<ChunkRef<'_>> {
        let mut out = Vec::new();
        refs_of(&self.hashes, self.chunk_size(), self.bytes, &mut out);
        visible_refs(self.tree.iter().map(|t| &**t), &mut out);
        out.extend(self.paged.iter().map(|(h, len)| ChunkRef {
            hash: &h.0,
            len: *len,
        }));
        out
    }

    /// Bytes of its data stored as chunks (counted once per reference).
    pub(crate) fn chunked_bytes(&self) -> u64 {
        self.chunk_refs().iter().map(|c| c.len).sum()
    }
}

/// The chunk references of the leaves of `nodes` outside pages.
fn visible_refs<'a>(nodes: impl Iterator<Item = &'a Node>, out: &mut Vec<ChunkRef<'a>>) {
    let mut stack: Vec<&Node> = nodes.collect();
    stack.reverse();
    while let Some(n) = stack.pop() {
        match n {
            Node::Leaf(l) => refs_of(&l.hashes, chunk_size_of(l.chunk_bytes), l.bytes, out),
            Node::Cell { elems, .. } | Node::Struct { elems, .. } => {
                stack.extend(elems.iter().rev())
            }
            Node::Named(_) => {}
            Node::Sparse {
                colptr,
                rowidx,
                vals,
                ..
            } => stack.extend([&**vals, &**rowidx, &**colptr]),
            Node::Anon { captures, .. } => stack.extend(captures.iter().rev().map(|(_, v)| v)),
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

impl Bytes {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

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
        Value::Struct(_) | Value::Cell(_) | Value::Func(_) | Value::Sparse(_) => 0,
        _ => v.class().element_bytes() * if v.is_complex() { 2 } else { 1 },
    }
}

/// Whether `v` is a numeric, logical or char array (stored as a leaf).
fn is_leaf(v: &Value) -> bool {
    !matches!(
        v,
        Value::Struct(_) | Value::Cell(_) | Value::Func(_) | Value::Sparse(_)
    )
}

fn dims_of(d: &Dims) -> Vec<u64> {
    d.as_slice().iter().map(|&d| d as u64).collect()
}

/// Metadata of `v` (without chunk count / generation filled for arrays).
/// `bytes` is the element data of a leaf, and for a container what `whos`
/// counts (the sum over its contents).
pub(crate) fn base_meta(v: &Value) -> Result<VarMeta, StoreError> {
    let numel = v.numel() as u64;
    let bytes = if is_leaf(v) {
        numel
            .checked_mul(elem_size(v) as u64)
            .ok_or_else(|| StoreError::Unsupported("array too large".into()))?
    } else {
        v.byte_size() as u64
    };
    Ok(VarMeta {
        class: v.class_name().to_string(),
        dims: dims_of(v.dims_ref()),
        complex: v.is_complex(),
        numel,
        bytes,
        ..VarMeta::default()
    })
}

/// The element data of array `v` in the store's layout (column-major,
/// little-endian; see the module comment): a view of the array's own memory
/// on little-endian machines, so encoding a large array copies nothing.
/// Containers and handles have none.
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
        Value::Single(a) => view(a.data(), |x, b| b.extend_from_slice(&x.to_le_bytes())),
        Value::SingleComplex(a) => view(a.data(), |z, b| {
            b.extend_from_slice(&z.re.to_le_bytes());
            b.extend_from_slice(&z.im.to_le_bytes());
        }),
        Value::Int(ia) => crate::with_int!(ia, a => view(a.data(), |x, b| {
            b.extend_from_slice(&x.to_le_bytes())
        })),
        Value::Struct(_) | Value::Cell(_) | Value::Func(_) | Value::Sparse(_) => Cow::Borrowed(&[]),
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

/// Where `encode` hands each chunk: `sink(key, bytes)` stores it.
type Sink<'s> = dyn FnMut(&[u8; 32], &[u8]) -> Result<(), StoreError> + 's;

/// The element data of leaf `v`: inline when at most `inline_max` bytes,
/// else one `sink` call per chunk of `CHUNK_BYTES` (keys computed for all
/// chunks first, on every core). Returns (inline data, chunk keys).
fn encode_data(
    v: &Value,
    inline_max: u64,
    sink: &mut Sink,
) -> Result<(Bytes, Vec<Bytes>), StoreError> {
    let bytes = le_bytes(v);
    if bytes.len() as u64 <= inline_max {
        return Ok((Bytes(bytes.into_owned()), Vec::new()));
    }
    let keys = sha256_chunks_to(&bytes, CHUNK_BYTES, &mut *sink)?;
    Ok((
        Bytes::default(),
        keys.iter().map(|k| Bytes(k.to_vec())).collect(),
    ))
}

/// The tree of `v` at nesting `depth`: its large leaves and pages handed
/// to `sink`, the chunk references inside pages added to `paged`.
fn encode_node(
    v: &Value,
    sink: &mut Sink,
    paged: &mut Vec<(Bytes, u64)>,
    depth: usize,
) -> Result<Node, StoreError> {
    if depth > MAX_DEPTH {
        return Err(StoreError::Unsupported(format!(
            "a value nested more than {MAX_DEPTH} levels deep (cells in cells, struct fields or captured values) cannot be stored"
        )));
    }
    let mut all = |vs: &mut dyn Iterator<Item = &Value>, sink: &mut Sink| {
        let elems = vs
            .map(|e| encode_node(e, sink, paged, depth + 1))
            .collect::<Result<Vec<Node>, StoreError>>()?;
        paginate(elems, sink, paged)
    };
    Ok(match v {
        Value::Cell(a) => {
            let (elems, pages) = all(&mut a.data().iter(), sink)?;
            Node::Cell {
                dims: dims_of(a.dims()),
                elems,
                pages,
            }
        }
        Value::Struct(s) => {
            let (elems, pages) = all(&mut s.elems().data().iter().flat_map(|r| r.iter()), sink)?;
            Node::Struct {
                dims: dims_of(s.dims()),
                names: s.names().to_vec(),
                elems,
                pages,
            }
        }
        Value::Sparse(s) => {
            let (colptr, rowidx, vals) = crate::builtins::sparse::store_parts(s)
                .map_err(|e| StoreError::Unsupported(e.message.clone()))?;
            let mut part = |v: &Value| encode_node(v, sink, paged, depth + 1).map(Box::new);
            Node::Sparse {
                dims: vec![s.rows() as u64, s.cols() as u64],
                nzmax: s.nzmax as u64,
                colptr: part(&colptr)?,
                rowidx: part(&rowidx)?,
                vals: part(&vals)?,
            }
        }
        Value::Func(f) => match &**f {
            Func::Named(n) => Node::Named(n.clone()),
            Func::Anon { text, captures } => Node::Anon {
                text: text.clone(),
                captures: captures
                    .iter()
                    .map(|(n, c)| Ok((n.clone(), encode_node(c, sink, paged, depth + 1)?)))
                    .collect::<Result<_, StoreError>>()?,
            },
        },
        leaf => {
            let m = base_meta(leaf)?;
            let (data, hashes) = encode_data(leaf, NESTED_INLINE_MAX, sink)?;
            Node::Leaf(Leaf {
                class: m.class,
                complex: m.complex,
                dims: m.dims,
                bytes: m.bytes,
                chunk_bytes: if hashes.is_empty() {
                    0
                } else {
                    CHUNK_BYTES as u64
                },
                data,
                hashes,
            })
        }
    })
}

fn to_msgpack<T: Serialize + ?Sized>(x: &T) -> Result<Vec<u8>, StoreError> {
    rmp_serde::to_vec_named(x).map_err(|e| StoreError::Unsupported(e.to_string()))
}

/// A container's element nodes as they go into its node: as they are when
/// their encodings are small together, else split into pages of about
/// `PAGE_BYTES`, each stored through `sink` like an array's data, with
/// the references they hold (and their own) added to `paged`.
fn paginate(
    elems: Vec<Node>,
    sink: &mut Sink,
    paged: &mut Vec<(Bytes, u64)>,
) -> Result<(Vec<Node>, Vec<Page>), StoreError> {
    let sizes = elems
        .iter()
        .map(|n| to_msgpack(n).map(|b| b.len()))
        .collect::<Result<Vec<usize>, StoreError>>()?;
    if sizes.iter().sum::<usize>() <= PAGE_BYTES {
        return Ok((elems, Vec::new()));
    }
    let mut pages = Vec::new();
    let mut start = 0;
    while start < elems.len() {
        let (mut end, mut size) = (start, 0);
        while end < elems.len() && (end == start || size + sizes[end] <= PAGE_BYTES) {
            size += sizes[end];
            end += 1;
        }
        let group = &elems[start..end];
        let bytes = to_msgpack(group)?;
        let keys = sha256_chunks_to(&bytes, CHUNK_BYTES, &mut *sink)?;
        let page = Page {
            count: group.len() as u64,
            bytes: bytes.len() as u64,
            hashes: keys.iter().map(|k| Bytes(k.to_vec())).collect(),
            chunk_bytes: CHUNK_BYTES as u64,
        };
        let mut refs = Vec::new();
        visible_refs(group.iter(), &mut refs);
        refs_of(&page.hashes, CHUNK_BYTES, page.bytes, &mut refs);
        paged.extend(refs.iter().map(|r| (Bytes(r.hash.to_vec()), r.len)));
        pages.push(page);
        start = end;
    }
    Ok((Vec::new(), pages))
}

/// Encodes `v` for writing (format 3): its metadata with generation; a
/// leaf's data inline (at most `INLINE_MAX` bytes) or as chunks, a
/// container's or handle's tree (see the module comment). Each chunk goes
/// to `sink(key, bytes)`, which stores it under its key (SHA-256).
pub(crate) fn encode(
    v: &Value,
    generation: u64,
    mut sink: impl FnMut(&[u8; 32], &[u8]) -> Result<(), StoreError>,
) -> Result<VarMeta, StoreError> {
    let mut m = base_meta(v)?;
    m.generation = generation;
    if !is_leaf(v) {
        let mut paged = Vec::new();
        m.tree = Some(Box::new(encode_node(v, &mut sink, &mut paged, 0)?));
        m.paged = paged;
        return Ok(m);
    }
    let (data, hashes) = encode_data(v, INLINE_MAX, &mut sink)?;
    m.data = data;
    if !hashes.is_empty() {
        m.chunks = hashes.len() as u64;
        m.hashes = hashes;
        m.chunk_bytes = CHUNK_BYTES as u64;
    }
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

/// Validated dims and element count (checked against `numel` when given).
fn checked_dims(dims: &[u64], numel: Option<u64>) -> Result<(Dims, usize), String> {
    if dims.len() < 2 {
        return Err("fewer than two dimensions".into());
    }
    let mut ext = Vec::with_capacity(dims.len());
    let mut n: usize = 1;
    for &d in dims {
        let d = usize::try_from(d).map_err(|_| "dimension too large".to_string())?;
        n = n.checked_mul(d).ok_or("dimensions overflow")?;
        ext.push(d);
    }
    if let Some(numel) = numel.filter(|&k| k != n as u64) {
        return Err(format!("size does not match element count {numel}"));
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

/// How decoding reads chunked data: `fetch(keys, chunk_size, buf)` copies
/// the chunks `keys` (of `chunk_size` bytes, the last possibly shorter)
/// into `buf`, whose length matches, verifying each against its key.
pub(crate) type Fetch<'f> = dyn FnMut(&[Bytes], usize, &mut [u8]) -> Result<(), StoreError> + 'f;

/// Rebuilds a value from its metadata and the concatenation of its chunks,
/// given as an iterator of byte strings (format 1). Every inconsistency is
/// an error.
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
    let mut none = no_chunks;
    decode_meta(m, Source::Bytes(&all), &mut none, 0).map_err(|e| e.named(path, name))
}

/// A fetch for records whose data is all in hand: chunks are an error.
fn no_chunks(_: &[Bytes], _: usize, _: &mut [u8]) -> Result<(), StoreError> {
    Err(StoreError::Unsupported(
        "a record of this format has no chunk keys".into(),
    ))
}

/// A column of `count` elements of plain class `class` (real) from their
/// bytes in the store's layout (`Store::read_elements`).
pub(crate) fn elements_from_le(class: &str, count: usize, bytes: &[u8]) -> Result<Value, String> {
    decode_leaf(class, false, &[count as u64, 1], None, Source::Bytes(bytes)).map_err(|e| match e {
        DecodeErr::Msg(s) => s,
        DecodeErr::Store(e) => e.to_string(),
    })
}

/// Rebuilds a variable from its metadata record, reading chunked data
/// (its own or its tree's leaves') through `fetch`.
pub(crate) fn decode_var(
    path: &Path,
    name: &str,
    m: &VarMeta,
    fetch: &mut Fetch,
) -> Result<Value, StoreError> {
    let got = match &m.tree {
        Some(t) => decode_node(t, fetch, 0),
        None if m.hashes.is_empty() => {
            let mut none = no_chunks;
            decode_meta(m, Source::Bytes(&m.data.0), &mut none, 0)
        }
        None => {
            let chunk_size = m.chunk_size();
            let mut fill = |buf: &mut [u8]| fetch(&m.hashes, chunk_size, buf);
            let src = Source::Chunks {
                count: m.hashes.len(),
                chunk_size,
                fill: &mut fill,
            };
            let mut none = no_chunks;
            decode_meta(m, src, &mut none, 0)
        }
    };
    got.map_err(|e| e.named(path, name))
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

impl DecodeErr {
    /// The error of variable `name`.
    fn named(self, path: &Path, name: &str) -> StoreError {
        match self {
            DecodeErr::Msg(s) => StoreError::corrupt(path, format!("variable '{name}': {s}")),
            DecodeErr::Store(e) => e,
        }
    }
    /// The same error, said to be inside `place` (`field 'a'`, `cell 3`).
    fn within(self, place: impl FnOnce() -> String) -> DecodeErr {
        match self {
            DecodeErr::Msg(s) => DecodeErr::Msg(format!("{}: {s}", place())),
            other => other,
        }
    }
}

/// A record's value: legacy layouts (JSON text, inline struct fields) and
/// leaves, whose data comes from `src`.
fn decode_meta(
    m: &VarMeta,
    src: Source,
    fetch: &mut Fetch,
    depth: usize,
) -> Result<Value, DecodeErr> {
    if depth > MAX_DEPTH {
        return Err("values nested too deeply".to_string().into());
    }
    if m.json {
        let Source::Bytes(text) = src else {
            return Err("a value kept as text has chunks".to_string().into());
        };
        let text = std::str::from_utf8(text).map_err(|e| format!("bad text ({e})"))?;
        return Ok(crate::formats::json::value_from_json(text)?);
    }
    if let Some(t) = &m.tree {
        return decode_node(t, fetch, depth);
    }
    if m.class == "struct" {
        // Records written before struct arrays: a scalar struct's fields.
        let mut fields = Vec::with_capacity(m.fields.len());
        for (fname, inl) in &m.fields {
            let v = decode_meta(&inl.meta, Source::Bytes(&inl.data.0), fetch, depth + 1)
                .map_err(|e| e.within(|| format!("field '{fname}'")))?;
            fields.push((fname.clone(), v));
        }
        return Ok(Value::structure(StructArray::scalar(fields)));
    }
    decode_leaf(&m.class, m.complex, &m.dims, Some(m.numel), src)
}

/// A value of a tree at nesting `depth`.
fn decode_node(n: &Node, fetch: &mut Fetch, depth: usize) -> Result<Value, DecodeErr> {
    if depth > MAX_DEPTH {
        return Err("values nested too deeply".to_string().into());
    }
    let all = |nodes: &[Node], fetch: &mut Fetch| {
        nodes
            .iter()
            .enumerate()
            .map(|(i, e)| {
                decode_node(e, fetch, depth + 1)
                    .map_err(|x| x.within(|| format!("element {}", i + 1)))
            })
            .collect::<Result<Vec<Value>, DecodeErr>>()
    };
    Ok(match n {
        Node::Leaf(l) => {
            let src = if l.hashes.is_empty() {
                Source::Bytes(&l.data.0)
            } else {
                let chunk_size = chunk_size_of(l.chunk_bytes);
                let fill = &mut |buf: &mut [u8]| fetch(&l.hashes, chunk_size, buf);
                return decode_leaf(
                    &l.class,
                    l.complex,
                    &l.dims,
                    None,
                    Source::Chunks {
                        count: l.hashes.len(),
                        chunk_size,
                        fill,
                    },
                )
                .and_then(|v| leaf_bytes_match(l, v));
            };
            leaf_bytes_match(l, decode_leaf(&l.class, l.complex, &l.dims, None, src)?)?
        }
        Node::Cell { dims, elems, pages } => {
            let (dims, n) = checked_dims(dims, None)?;
            let elems = &*paged_nodes(elems, pages, fetch)?;
            if elems.len() != n {
                return Err(format!("a cell of {n} elements lists {}", elems.len()).into());
            }
            Value::cell(make(dims, all(elems, fetch)?)?)
        }
        Node::Struct {
            dims,
            names,
            elems,
            pages,
        } => {
            let (dims, n) = checked_dims(dims, None)?;
            let elems = &*paged_nodes(elems, pages, fetch)?;
            if Some(elems.len()) != n.checked_mul(names.len()) {
                return Err(format!(
                    "a struct array of {n} elements and {} fields lists {} values",
                    names.len(),
                    elems.len()
                )
                .into());
            }
            let values = all(elems, fetch)?;
            let records: Vec<crate::value::Record> = if names.is_empty() {
                vec![Box::default(); n]
            } else {
                values
                    .chunks(names.len())
                    .map(|r| r.to_vec().into_boxed_slice())
                    .collect()
            };
            Value::structure(StructArray::new(names.clone(), make(dims, records)?))
        }
        Node::Named(name) => Value::func(Func::Named(name.clone())),
        Node::Sparse {
            dims,
            nzmax,
            colptr,
            rowidx,
            vals,
        } => {
            let mut part = |n: &Node, what: &str| {
                decode_node(n, fetch, depth + 1).map_err(|x| x.within(|| what.to_string()))
            };
            let (colptr, rowidx, vals) = (
                part(colptr, "column pointers")?,
                part(rowidx, "row indices")?,
                part(vals, "values")?,
            );
            let (rows, cols) = match dims[..] {
                [r, c] => (r, c),
                _ => return Err("a sparse matrix that is not 2-D".to_string().into()),
            };
            crate::builtins::sparse::from_store_parts(rows, cols, *nzmax, colptr, rowidx, vals)?
        }
        Node::Anon { text, captures } => {
            let mut got = Vec::with_capacity(captures.len());
            for (name, c) in captures {
                let v = decode_node(c, fetch, depth + 1)
                    .map_err(|x| x.within(|| format!("captured '{name}'")))?;
                got.push((name.clone(), v));
            }
            Value::func(Func::Anon {
                text: text.clone(),
                captures: got,
            })
        }
    })
}

/// A container's element nodes: `elems`, or read from its `pages`.
fn paged_nodes<'a>(
    elems: &'a [Node],
    pages: &[Page],
    fetch: &mut Fetch,
) -> Result<Cow<'a, [Node]>, DecodeErr> {
    if pages.is_empty() {
        return Ok(Cow::Borrowed(elems));
    }
    if !elems.is_empty() {
        return Err("a container lists elements and pages".to_string().into());
    }
    let mut out = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        let bad =
            |why: String| DecodeErr::from(format!("page {} of {}: {why}", i + 1, pages.len()));
        let chunk_size = chunk_size_of(p.chunk_bytes);
        let len = usize::try_from(p.bytes).map_err(|_| bad("too large".into()))?;
        if len.div_ceil(chunk_size.max(1)) != p.hashes.len() || len == 0 {
            return Err(bad(format!(
                "{} chunks cannot hold {len} bytes",
                p.hashes.len()
            )));
        }
        let mut buf: Vec<u8> = try_zeroed(len).map_err(|m| bad(format!("out of memory ({m})")))?;
        fetch(&p.hashes, chunk_size, &mut buf).map_err(DecodeErr::Store)?;
        let nodes: Vec<Node> =
            rmp_serde::from_slice(&buf).map_err(|e| bad(format!("bad encoding ({e})")))?;
        if nodes.len() as u64 != p.count {
            return Err(bad(format!("{} nodes, not {}", nodes.len(), p.count)));
        }
        out.extend(nodes);
    }
    Ok(Cow::Owned(out))
}

/// `v` when its element data is as long as its leaf record says (the
/// length that chunk accounting and `verify` rely on).
fn leaf_bytes_match(l: &Leaf, v: Value) -> Result<Value, DecodeErr> {
    let have = (v.numel() as u64).saturating_mul(elem_size(&v) as u64);
    if have != l.bytes {
        return Err(format!("{have} bytes of data, its record says {}", l.bytes).into());
    }
    Ok(v)
}

/// A numeric, logical or char array of class `class` (`Class::name`).
fn decode_leaf(
    class: &str,
    complex: bool,
    dims: &[u64],
    numel: Option<u64>,
    src: Source,
) -> Result<Value, DecodeErr> {
    let (dims, n) = checked_dims(dims, numel)?;
    let unknown = || DecodeErr::from(format!("unknown class '{class}' (complex: {complex})"));
    let c = Class::from_name(class).ok_or_else(unknown)?;
    Ok(match (c, complex) {
        (Class::Double, false) => Value::Num(make(
            dims,
            elements(src, n, |x: &mut f64| {
                *x = f64::from_bits(u64::from_le(x.to_bits()))
            })?,
        )?),
        (Class::Double, true) => Value::Complex(make(
            dims,
            elements(src, n, |z: &mut C64| {
                z.re = f64::from_bits(u64::from_le(z.re.to_bits()));
                z.im = f64::from_bits(u64::from_le(z.im.to_bits()));
            })?,
        )?),
        (Class::Single, false) => Value::Single(make(
            dims,
            elements(src, n, |x: &mut f32| {
                *x = f32::from_bits(u32::from_le(x.to_bits()))
            })?,
        )?),
        (Class::Single, true) => Value::SingleComplex(make(
            dims,
            elements(src, n, |z: &mut C32| {
                z.re = f32::from_bits(u32::from_le(z.re.to_bits()));
                z.im = f32::from_bits(u32::from_le(z.im.to_bits()));
            })?,
        )?),
        (Class::Logical, false) => {
            let raw: Vec<u8> = elements(src, n, |_| {})?;
            if let Some(b) = raw.iter().find(|&&b| b > 1) {
                return Err(format!("invalid logical byte {b}").into());
            }
            Value::Bool(make(dims, raw.iter().map(|&b| b == 1).collect())?)
        }
        (Class::Char, false) => Value::Char(make(
            dims,
            elements(src, n, |u: &mut u16| *u = u16::from_le(*u))?,
        )?),
        (c, false) if c.is_integer() => {
            let got = crate::with_int_class!(c, T => make(
                dims,
                elements(src, n, |x: &mut T| *x = T::from_le(*x))?,
            )
            .map(|a| Value::Int(T::wrap(a))));
            got.ok_or_else(unknown)??
        }
        _ => return Err(unknown()),
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
