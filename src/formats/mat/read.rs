//! The MAT-file reader. Reads any byte stream front to back (a file, a
//! slice, the output of a zlib stream), so nothing is held twice: every
//! variable's data goes straight from the stream into its array, converted
//! on the way in chunks of [`CHUNK`] bytes, and compressed elements are
//! inflated into the array too, never into a buffer of the whole element.
//!
//! Sizes are trusted only as far as data backs them: a plain element's byte
//! count is checked against the bytes left in the file; a compressed
//! element's inner count is a promise checked as the stream delivers (it
//! must deliver exactly that much, and reading stops at the first bytes
//! beyond it); element counts must match the dimensions before the array
//! is allocated, and the allocation itself is refused with an error (never
//! an abort) when the system cannot give that much memory.

use super::*;
use crate::value::pod::{bytes_of_mut, try_with_capacity, try_zeroed, NoMemory, MAX_ELEMS};
use crate::value::{Array, Class, Dims, IntElem, Record, StructArray, C32, C64};
use crate::with_int_class;
use flate2::read::ZlibDecoder;
use std::io::{self, Read, Take};
use std::path::Path;

/// Why a file could not be read.
enum Fail {
    /// A sentence completing "FILE ...": the file is not something we read.
    Is(String),
    /// What is malformed (said after "corrupt MAT-file").
    Corrupt(String),
    /// Anything else (memory, the file's read errors), said after "FILE: ".
    Other(String),
}

type R<T> = std::result::Result<T, Fail>;

fn corrupt<T>(msg: impl Into<String>) -> R<T> {
    Err(Fail::Corrupt(msg.into()))
}

/// Bytes converted per step when data is not copied straight into its
/// array.
const CHUNK: usize = 64 << 10;

/// Longest metadata element read whole (array flags, dimensions, names).
const MAX_META: usize = 1 << 16;

pub(super) fn parse_named(bytes: &[u8], file: Option<&str>) -> Result<Loaded> {
    let mut p = Parser::default();
    let r = p.file(&mut &bytes[..], bytes.len());
    p.finish(r, file)
}

/// Reads the MAT-file at `path` (shown as `shown` in messages).
pub(super) fn read_file(path: &Path, shown: &str) -> Result<Loaded> {
    let io_err = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::new(format!("load: unable to find file {shown}"))
        } else {
            Error::new(format!("load: unable to read file {shown}: {e}"))
        }
    };
    let f = std::fs::File::open(path).map_err(io_err)?;
    let len = f.metadata().map_err(io_err)?.len();
    let len = usize::try_from(len).unwrap_or(usize::MAX);
    let progress = crate::formats::progress::Progress::new("load", len as u64);
    let counted = crate::formats::progress::Counting::new(f, progress);
    let mut r = io::BufReader::with_capacity(1 << 16, counted);
    let mut p = Parser::default();
    let result = p.file(&mut r, len);
    drop(r);
    p.finish(result, Some(shown))
}

const HDF5_SIGNATURE: &[u8] = b"\x89HDF\r\n\x1a\n";

const V73: &str = "is a MATLAB v7.3 (HDF5) MAT-file, which flatlab cannot read; \
                   re-save it with save('-v7') in MATLAB or Octave";

/// True when `b` starts like a Level 4 MAT-file: a 20-byte header of five
/// 32-bit integers (type MOPT, rows, columns, imaginary flag, name length)
/// in either byte order.
fn looks_like_level4(b: &[u8]) -> bool {
    let Some(h) = b.get(..20) else {
        return false;
    };
    [false, true].into_iter().any(|be| {
        let v = |i: usize| u32_at(h, i * 4, be).unwrap_or(u32::MAX);
        let mopt = v(0);
        let (m, o, p, t) = (mopt / 1000, mopt / 100 % 10, mopt / 10 % 10, mopt % 10);
        mopt < 5000
            && m <= 4
            && o == 0
            && p <= 5
            && t <= 2
            && v(3) <= 1
            && (1..4096).contains(&v(4))
    })
}

fn u16_at(b: &[u8], at: usize, be: bool) -> Option<u16> {
    let s: [u8; 2] = b.get(at..at.checked_add(2)?)?.try_into().ok()?;
    Some(if be {
        u16::from_be_bytes(s)
    } else {
        u16::from_le_bytes(s)
    })
}

fn u32_at(b: &[u8], at: usize, be: bool) -> Option<u32> {
    let s: [u8; 4] = b.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(if be {
        u32::from_be_bytes(s)
    } else {
        u32::from_le_bytes(s)
    })
}

fn pad8(n: usize) -> Option<usize> {
    n.checked_add(7).map(|m| m / 8 * 8)
}

/// One variable's outcome.
enum Var {
    Value(String, Value),
    Skipped(String, Skip),
}

#[derive(Default)]
struct Parser {
    be: bool,
    vars: Vec<(String, Value)>,
    notes: Vec<String>,
    /// Complex integer arrays (which flatlab does not have), read as
    /// complex double: (variable, class).
    converted: Vec<(String, &'static str)>,
}

impl Parser {
    /// Turns the outcome into the result: notes and errors worded for
    /// `file` (or for in-memory data).
    fn finish(self, r: R<()>, file: Option<&str>) -> Result<Loaded> {
        let prefix = match file {
            Some(f) => format!("load: {f}: "),
            None => "load: ".to_string(),
        };
        match r {
            Ok(()) => {
                let mut notes: Vec<String> =
                    self.notes.iter().map(|n| format!("{prefix}{n}")).collect();
                match self.converted.as_slice() {
                    [] => {}
                    [(name, class)] => notes.push(format!(
                        "{prefix}variable '{name}' holds complex {class} data, \
                         converted to complex double (flatlab has no complex integers)"
                    )),
                    many => {
                        let list: Vec<String> =
                            many.iter().map(|(n, c)| format!("'{n}' ({c})")).collect();
                        notes.push(format!(
                            "{prefix}variables {} hold complex integer data, \
                             converted to complex double (flatlab has no complex integers)",
                            list.join(", ")
                        ))
                    }
                }
                Ok(Loaded {
                    vars: self.vars,
                    notes,
                })
            }
            Err(Fail::Is(msg)) => Err(Error::new(match file {
                Some(f) => format!("load: {f} {msg}"),
                None => format!("load: the data {msg}"),
            })),
            Err(Fail::Corrupt(msg)) => Err(Error::new(format!("{prefix}corrupt MAT-file: {msg}"))),
            Err(Fail::Other(msg)) => Err(Error::new(format!("{prefix}{msg}"))),
        }
    }

    /// Checks the header (`b` holds at least the file's first 520 bytes,
    /// or all of it) and sets the byte order.
    fn header(&mut self, b: &[u8]) -> R<()> {
        if b.starts_with(HDF5_SIGNATURE)
            || b.get(512..520) == Some(HDF5_SIGNATURE)
            || b.starts_with(b"MATLAB 7.3 MAT-file")
        {
            return Err(Fail::Is(V73.into()));
        }
        if b.len() < 128 || !matches!(b.get(126..128), Some(b"IM") | Some(b"MI")) {
            if looks_like_level4(b) {
                return Err(Fail::Is(
                    "is a Level 4 MAT-file (MATLAB v4), which flatlab cannot read; \
                     re-save it with save('-v6') or save('-v7')"
                        .into(),
                ));
            }
            if b.is_empty() {
                return Err(Fail::Is("is empty, not a MAT-file".into()));
            }
            if b.len() < 128 {
                return Err(Fail::Is(format!(
                    "is not a MAT-file: {} bytes is too short for a Level 5 header",
                    b.len()
                )));
            }
            return Err(Fail::Is(
                "is not a MAT-file: no Level 5 header (endian indicator 'IM' or 'MI' at byte 126)"
                    .into(),
            ));
        }
        self.be = b.get(126..128) == Some(b"MI");
        if u16_at(b, 124, self.be) == Some(0x0200) {
            return Err(Fail::Is(V73.into()));
        }
        Ok(())
    }

    /// Reads a whole file of `len` bytes from `r`, front to back.
    fn file(&mut self, r: &mut impl Read, len: usize) -> R<()> {
        let mut head = vec![0u8; len.min(520)];
        r.read_exact(&mut head).map_err(file_error)?;
        self.header(&head)?;
        let rest = head.get(128..).unwrap_or_default();
        self.elements(&mut rest.chain(r), len)
    }

    /// The top-level data elements, from byte 128 of a file of `len`
    /// bytes (`r` is positioned there).
    fn elements(&mut self, r: &mut impl Read, len: usize) -> R<()> {
        let mut pos = 128usize;
        while pos < len {
            let mut tag = [0u8; 8];
            let avail = (len - pos).min(8);
            r.read_exact(&mut tag[..avail]).map_err(file_error)?;
            if avail < 8 {
                if tag.iter().all(|&x| x == 0) {
                    break;
                }
                return corrupt(format!("truncated data element at byte {pos}"));
            }
            let first = u32_at(&tag, 0, self.be).unwrap_or_default();
            if first >> 16 != 0 {
                // A small element holds at most 4 bytes after its tag word.
                if first >> 16 > 4 {
                    return corrupt(format!(
                        "small data element at byte {pos} claims {} bytes (at most 4)",
                        first >> 16
                    ));
                }
                pos += 8;
                continue;
            }
            let claimed = u32_at(&tag, 4, self.be).unwrap_or_default() as usize;
            let n = element_len(first, claimed);
            let remain = len - pos - 8;
            if n > remain {
                return corrupt(format!(
                    "data element at byte {pos} claims {claimed} bytes but only {remain} remain"
                ));
            }
            let mut body = (&mut *r).take(n as u64);
            let var = match first {
                MI_MATRIX => {
                    let mut b = Body::new(&mut body, n, pos, self.be, None);
                    self.matrix(&mut b)?
                }
                MI_COMPRESSED => self.compressed(&mut body, pos)?,
                _ => None,
            };
            // What the variable did not use (a skipped class, unknown
            // elements), then the padding.
            let unread = body.limit() as usize;
            skip(&mut body, unread).map_err(file_error)?;
            let step = if first == MI_COMPRESSED {
                n
            } else {
                pad8(n).unwrap_or(n).min(remain)
            };
            skip(r, step - n).map_err(file_error)?;
            pos += 8 + step;
            self.record(var);
        }
        Ok(())
    }

    fn record(&mut self, var: Option<Var>) {
        match var {
            Some(Var::Value(name, v)) => self.vars.push((name, v)),
            Some(Var::Skipped(name, why)) => self
                .notes
                .push(format!("skipping variable '{name}': {why}")),
            None => {}
        }
    }

    /// Decodes the miCOMPRESSED element at file byte `at`, whose zlib data
    /// `z` yields. Its output must be one complete element, exactly the
    /// size its tag claims: inflating stops at the first bytes beyond it.
    fn compressed(&mut self, z: &mut impl Read, at: usize) -> R<Option<Var>> {
        let zlib = |e: io::Error| {
            Fail::Corrupt(format!(
                "compressed element at byte {at}: corrupt zlib data ({e})"
            ))
        };
        let mut d = ZlibDecoder::new(z);
        let mut tag = [0u8; 8];
        d.read_exact(&mut tag).map_err(|e| {
            Fail::Corrupt(format!(
                "compressed element at byte {at}: cannot inflate the element tag ({e})"
            ))
        })?;
        let first = u32_at(&tag, 0, self.be).unwrap_or_default();
        let n = if first >> 16 != 0 {
            0
        } else {
            element_len(first, u32_at(&tag, 4, self.be).unwrap_or_default() as usize)
        };
        let mut inner = (&mut d).take(n as u64);
        let var = if first == MI_MATRIX {
            let mut b = Body::new(&mut inner, n, at, self.be, Some(n));
            let var = self.matrix(&mut b)?;
            b.skip(b.left())?;
            var
        } else {
            let mut b = Body::new(&mut inner, n, at, self.be, Some(n));
            b.skip(n)?;
            None
        };
        // A writer may pad the element to 8 bytes; anything more is data
        // that no tag accounts for, and is not inflated.
        let mut extra = [0u8; 9];
        let mut got = 0;
        while got < extra.len() {
            match d.read(&mut extra[got..]) {
                Ok(0) => break,
                Ok(k) => got += k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(zlib(e)),
            }
        }
        if got > 8 {
            let which = match &var {
                Some(Var::Value(name, _)) | Some(Var::Skipped(name, _)) => {
                    format!(" (variable '{name}')")
                }
                None => String::new(),
            };
            return corrupt(format!(
                "compressed element at byte {at}{which} inflates to more than the {} bytes its tag claims",
                n + 8
            ));
        }
        Ok(var)
    }

    /// Decodes one variable from an miMATRIX body. `None` for nameless
    /// entries (MATLAB's subsystem data); a variable of a class flatlab
    /// does not hold (or a cell or struct holding one) is skipped with a
    /// note, its data left unread in `b`.
    fn matrix<S: Read>(&mut self, b: &mut Body<S>) -> R<Option<Var>> {
        let Some(head) = self.head(b)? else {
            return Ok(None);
        };
        if head.name.is_empty() {
            return Ok(None);
        }
        let name = head.name.clone();
        Ok(Some(match self.value(b, head, &name, 0)? {
            Got::Value(v) => Var::Value(name, v),
            Got::Skipped(why) => Var::Skipped(name, why),
        }))
    }

    /// The array flags, dimensions and name of an miMATRIX body (and the
    /// class name of an object); `None` for an empty body.
    fn head<S: Read>(&self, b: &mut Body<S>) -> R<Option<Head>> {
        let at = b.at;
        let flags = match b.tag()? {
            Some(t) if t.ty == MI_UINT32 && t.n >= 4 && t.n <= MAX_META => {
                let d = b.meta(&t)?;
                u32_at(&d, 0, self.be).unwrap_or_default()
            }
            Some(_) => return corrupt(format!("variable at byte {at}: bad array flags")),
            None => return Ok(None),
        };
        let class = flags & 0xFF;
        if class == MX_OPAQUE {
            // Opaque (MCOS) arrays: the name, the type system, the class.
            let name = b.text()?.unwrap_or_default();
            let _type_system = b.text()?;
            let object = b.text()?.unwrap_or_default();
            return Ok(Some(Head {
                class,
                flags,
                dims: Vec::new(),
                name,
                object,
            }));
        }
        let dims = match b.tag()? {
            Some(t) if t.ty == MI_INT32 && t.n % 4 == 0 && t.n > 0 && t.n <= MAX_META => {
                let data = b.meta(&t)?;
                let mut d = Vec::with_capacity(data.len() / 4);
                for k in 0..data.len() / 4 {
                    let x = u32_at(&data, 4 * k, self.be).unwrap_or_default() as i32;
                    if x < 0 {
                        return corrupt(format!("variable at byte {at}: negative dimension {x}"));
                    }
                    d.push(x as usize);
                }
                d
            }
            _ => return corrupt(format!("variable at byte {at}: bad dimensions")),
        };
        let name = match b.tag()? {
            Some(t) if matches!(t.ty, MI_INT8 | MI_UINT8 | MI_UTF8) && t.n <= MAX_META => {
                text(&b.meta(&t)?)
            }
            _ => return corrupt(format!("variable at byte {at}: bad name")),
        };
        let object = if class == MX_OBJECT {
            b.text()?.unwrap_or_default()
        } else {
            String::new()
        };
        Ok(Some(Head {
            class,
            flags,
            dims,
            name,
            object,
        }))
    }

    /// The value of the array `h` heads (the rest of its body is `b`),
    /// inside top-level variable `var` at nesting `depth`.
    fn value<S: Read>(&mut self, b: &mut Body<S>, h: Head, var: &str, depth: usize) -> R<Got> {
        let skip = |what: String, why: &'static str| {
            Ok(Got::Skipped(Skip {
                what,
                why,
                nested: depth > 0,
            }))
        };
        match h.class {
            MX_FUNCTION => return skip(
                "a function handle".into(),
                "MATLAB's MAT-file encoding of handles is undocumented; re-create it after loading",
            ),
            MX_OBJECT | MX_OPAQUE => {
                let what = match h.object.as_str() {
                    "" => "an object".to_string(),
                    cls => format!("an object of class '{cls}'"),
                };
                let why = if h.object == "containers.Map" {
                    "flatlab has no reference objects; a struct with dynamic fields serves as a map"
                } else {
                    "flatlab has no objects"
                };
                return skip(what, why);
            }
            MX_SPARSE => return self.sparse(b, &h, var).map(Got::Value),
            MX_CELL | MX_STRUCT | MX_CHAR | MX_DOUBLE..=MX_UINT64 => {}
            other => {
                return skip(
                    format!("an array of unknown class {other}"),
                    "not supported",
                )
            }
        }
        let numel = h
            .dims
            .iter()
            .try_fold(1usize, |a, &d| a.checked_mul(d))
            .filter(|&n| n <= MAX_ELEMS)
            .ok_or_else(|| {
                Fail::Corrupt(format!(
                    "variable '{var}': dimensions {} are too large",
                    Dims::new(&h.dims).to_string_x()
                ))
            })?;
        let shape = Dims::new(&h.dims);
        let v = Decode {
            name: var,
            shape: &shape,
            numel,
            be: self.be,
        };
        if matches!(h.class, MX_CELL | MX_STRUCT) && depth >= MAX_DEPTH {
            return Err(Fail::Other(format!(
                "variable '{var}': cells and structs are nested more than {MAX_DEPTH} levels deep"
            )));
        }
        match h.class {
            MX_CELL => self.cell(b, &v, depth),
            MX_STRUCT => self.structure(b, &v, depth),
            _ => self.numeric(b, &h, &v).map(Got::Value),
        }
    }

    /// A sparse matrix: row indices (`ir`), column pointers (`jc`), real
    /// values and, when complex, imaginary values (`pr`, `pi`), all
    /// checked before they make the matrix.
    fn sparse<S: Read>(&mut self, b: &mut Body<S>, h: &Head, var: &str) -> R<Value> {
        let bad = |m: &str| Fail::Corrupt(format!("variable '{var}': {m}"));
        let [rows, cols] = h.dims[..] else {
            return Err(bad("a sparse matrix that is not 2-D"));
        };
        let be = self.be;
        let numbers = |b: &mut Body<S>, what: &str| -> R<Vec<f64>> {
            let t = b
                .tag()?
                .ok_or_else(|| bad(&format!("the sparse matrix has no {what}")))?;
            let size = type_size(t.ty).ok_or_else(|| bad(&format!("bad data type of {what}")))?;
            let count = t.n / size;
            let mut out =
                crate::ops::alloc_vec(count).map_err(|e| Fail::Other(e.message.clone()))?;
            out.resize(count, 0.0);
            b.data(&t, |r| read_doubles(r, t.ty, be, &mut out))?;
            Ok(out)
        };
        let ir = numbers(b, "row indices")?;
        let jc = numbers(b, "column pointers")?;
        let pr = numbers(b, "values")?;
        let pi = if h.flags & FLAG_COMPLEX != 0 {
            Some(numbers(b, "imaginary parts")?)
        } else {
            None
        };
        let idx = |v: &[f64]| -> Vec<u64> { v.iter().map(|&x| x.max(0.0) as u64).collect() };
        let nnz = jc.last().map_or(0, |&x| x.max(0.0) as usize);
        if nnz > ir.len() || nnz > pr.len() || pi.as_ref().is_some_and(|p| nnz > p.len()) {
            return Err(bad(
                "the sparse matrix has fewer elements than its column pointers say",
            ));
        }
        let u64s = |v: Vec<u64>| Value::Int(crate::value::IntArray::U64(Array::col(v)));
        let vals = match (&pi, h.flags & FLAG_LOGICAL != 0) {
            (Some(pi), _) => Value::Complex(Array::col(
                pr[..nnz]
                    .iter()
                    .zip(&pi[..nnz])
                    .map(|(&r, &i)| C64::new(r, i))
                    .collect(),
            )),
            (None, true) => Value::Bool(Array::col(pr[..nnz].iter().map(|&x| x != 0.0).collect())),
            (None, false) => Value::Num(Array::col(pr[..nnz].to_vec())),
        };
        let v = crate::builtins::sparse::from_store_parts(
            rows as u64,
            cols as u64,
            0,
            u64s(idx(&jc)),
            u64s(idx(&ir[..nnz])),
            vals,
        )
        .map_err(|m| bad(&m))?;
        // Stored zeros (allowed in the file) are dropped.
        match v {
            Value::Sparse(s) => {
                let full_zero = crate::each_sp!(&s.data, |c| c
                    .vals
                    .iter()
                    .any(crate::value::sparse::SpElem::is_zero));
                if !full_zero {
                    return Ok(Value::Sparse(s));
                }
                let mut s = *s;
                match &mut s.data {
                    crate::value::sparse::SpData::Real(c) => c.prune(),
                    crate::value::sparse::SpData::Complex(c) => c.prune(),
                    crate::value::sparse::SpData::Bool(c) => c.prune(),
                }
                Ok(Value::Sparse(Box::new(crate::value::SparseMatrix::new(
                    s.data,
                ))))
            }
            other => Ok(other),
        }
    }

    /// A cell array's elements: one miMATRIX each, in column-major order.
    fn cell<S: Read>(&mut self, b: &mut Body<S>, v: &Decode, depth: usize) -> R<Got> {
        v.backed(b, v.numel)?;
        let mut items = v.alloc::<Value>(try_with_capacity)?;
        for _ in 0..v.numel {
            match self.child(b, v.name, depth + 1)? {
                Got::Value(x) => items.push(x),
                skipped => return Ok(skipped),
            }
        }
        Ok(Got::Value(Value::cell(Array::new(v.shape.clone(), items))))
    }

    /// A struct array: the width of each field name, the names, then one
    /// miMATRIX per field of each element (elements in column-major order,
    /// fields in the names' order).
    fn structure<S: Read>(&mut self, b: &mut Body<S>, v: &Decode, depth: usize) -> R<Got> {
        let width = match b.tag()? {
            Some(t) if t.ty == MI_INT32 && t.n == 4 => {
                let d = b.meta(&t)?;
                u32_at(&d, 0, self.be).unwrap_or_default() as usize
            }
            _ => return Err(v.bad("bad struct field name length")),
        };
        let raw = match b.tag()? {
            Some(t) if matches!(t.ty, MI_INT8 | MI_UINT8 | MI_UTF8) => {
                let mut raw = Vec::new();
                b.data(&t, |r| r.take(t.n as u64).read_to_end(&mut raw))?;
                raw
            }
            None => Vec::new(),
            Some(_) => return Err(v.bad("bad struct field names")),
        };
        if !raw.is_empty() && (width == 0 || raw.len() % width != 0) {
            return Err(v.bad(&format!(
                "{} bytes of struct field names are not a whole number of {width}-byte names",
                raw.len()
            )));
        }
        let mut names: Vec<String> = Vec::new();
        for chunk in raw.chunks(width.max(1)) {
            let n = text(chunk);
            if n.is_empty() || names.contains(&n) {
                return Err(v.bad(&format!("empty or repeated struct field name '{n}'")));
            }
            names.push(n);
        }
        let nf = names.len();
        let count = v
            .numel
            .checked_mul(nf)
            .ok_or_else(|| v.bad("dimensions overflow"))?;
        v.backed(b, count)?;
        let mut records = v.alloc::<Record>(try_with_capacity)?;
        for _ in 0..v.numel {
            let mut rec = Vec::with_capacity(nf);
            for _ in 0..nf {
                match self.child(b, v.name, depth + 1)? {
                    Got::Value(x) => rec.push(x),
                    skipped => return Ok(skipped),
                }
            }
            records.push(rec.into_boxed_slice());
        }
        let s = StructArray::new(names, Array::new(v.shape.clone(), records));
        Ok(Got::Value(Value::structure(s)))
    }

    /// The next element of a cell or struct in `b`: an miMATRIX whose
    /// body is read through its own bounded stream (an empty one is `[]`).
    fn child<S: Read>(&mut self, b: &mut Body<S>, var: &str, depth: usize) -> R<Got> {
        let t = match b.tag()? {
            Some(t) if t.ty == MI_MATRIX && t.small.is_none() => t,
            Some(t) => {
                return corrupt(format!(
                "variable '{var}': a cell or struct element has data type {} (miMATRIX expected)",
                t.ty
            ))
            }
            None => {
                return corrupt(format!(
                    "variable '{var}': the data ends before the last cell or struct element"
                ))
            }
        };
        let (at, be, inflated) = (b.at, b.be, b.inflated);
        let offset = b.offset + (b.n - b.left());
        let inner: &mut dyn Read = &mut *b.r;
        let mut take = inner.take(t.n as u64);
        let mut cb = Body {
            r: &mut take,
            n: t.n,
            at,
            be,
            inflated,
            offset,
        };
        let got = match self.head(&mut cb)? {
            None => Got::Value(Value::empty()),
            Some(h) => self.value(&mut cb, h, var, depth)?,
        };
        cb.skip(cb.left())?;
        let pad = pad8(t.n).unwrap_or(t.n) - t.n;
        b.skip(pad.min(b.left()))?;
        Ok(got)
    }

    /// A numeric, logical or char array of class `h.class`, its data
    /// converted from whatever storage type the file uses.
    fn numeric<S: Read>(&mut self, b: &mut Body<S>, h: &Head, v: &Decode) -> R<Value> {
        let (class, flags, numel) = (h.class, h.flags, v.numel);
        let shape = v.shape;
        let Some(real) = b.tag()? else {
            if numel == 0 {
                return Ok(v.empty(class, flags));
            }
            return Err(v.bad("no data"));
        };
        let int_class = class_of(class).filter(|c| c.is_integer());
        let value = if class == MX_CHAR {
            Value::Char(v.chars(b, &real)?)
        } else if flags & FLAG_LOGICAL != 0 {
            v.count(&real, "real")?;
            let mut out = v.alloc::<bool>(try_with_capacity)?;
            b.data(&real, |r| {
                each_number(r, real.ty, v.be, numel, |_, x| out.push(x != 0.0))
            })?;
            Value::Bool(Array::new(shape.clone(), out))
        } else if flags & FLAG_COMPLEX != 0 && class == MX_SINGLE {
            let mut out = v.alloc::<C32>(try_with_capacity)?;
            out.resize(numel, C32::new(0.0, 0.0));
            v.complex_parts(b, &real, &mut out, |z, x| z.re = x, |z, x| z.im = x)?;
            Value::SingleComplex(Array::new(shape.clone(), out))
        } else if flags & FLAG_COMPLEX != 0 {
            let mut out = v.alloc::<C64>(try_zeroed)?;
            v.complex_parts(b, &real, &mut out, |z, x| z.re = x, |z, x| z.im = x)?;
            if let Some(c) = int_class {
                self.converted.push((v.name.to_string(), c.name()));
            }
            Value::Complex(Array::new(shape.clone(), out))
        } else if class == MX_SINGLE {
            Value::Single(v.typed::<f32, S>(b, &real)?)
        } else if let Some(c) = int_class {
            let got = with_int_class!(c, T => v.typed::<T, S>(b, &real).map(T::wrap));
            match got {
                Some(a) => Value::Int(a?),
                None => return Err(v.bad("bad integer class")),
            }
        } else {
            v.count(&real, "real")?;
            let mut out = v.alloc::<f64>(try_zeroed)?;
            b.data(&real, |r| read_doubles(r, real.ty, v.be, &mut out))?;
            Value::Num(Array::new(shape.clone(), out))
        };
        Ok(value)
    }
}

/// What an miMATRIX body says before its data.
struct Head {
    class: u32,
    flags: u32,
    dims: Vec<usize>,
    name: String,
    /// The class name of an object or opaque array.
    object: String,
}

/// A value, or why the variable holding it is skipped.
enum Got {
    Value(Value),
    Skipped(Skip),
}

/// Why a variable is skipped: what it is (or holds) and why flatlab
/// cannot hold that.
struct Skip {
    what: String,
    why: &'static str,
    /// Found inside a cell or struct.
    nested: bool,
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let verb = if self.nested { "holds" } else { "is" };
        write!(f, "it {verb} {} ({})", self.what, self.why)
    }
}

/// The tag of a data element inside a variable.
struct Tag {
    ty: u32,
    /// Data bytes (padding excluded).
    n: usize,
    /// A small element's data, held in its tag.
    small: Option<[u8; 4]>,
}

/// The body of one miMATRIX element, read front to back from a stream that
/// yields exactly its `n` bytes (`left` of them not read yet).
struct Body<'s, S> {
    r: &'s mut Take<S>,
    n: usize,
    /// File offset of the top-level element holding it (for messages).
    at: usize,
    be: bool,
    /// Inside a compressed element: the byte count its inner tag claims
    /// (so a short stream is reported as such).
    inflated: Option<usize>,
    /// Bytes of the top-level element before this body (nonzero for the
    /// elements of a cell or struct).
    offset: usize,
}

impl<'s, S: Read> Body<'s, S> {
    fn new(r: &'s mut Take<S>, n: usize, at: usize, be: bool, inflated: Option<usize>) -> Self {
        Body {
            r,
            n,
            at,
            be,
            inflated,
            offset: 0,
        }
    }

    fn left(&self) -> usize {
        self.r.limit() as usize
    }

    /// An error of the underlying stream, worded for where it happened.
    fn fail(&self, e: io::Error) -> Fail {
        let at = self.at;
        match self.inflated {
            Some(n) if e.kind() == io::ErrorKind::UnexpectedEof => Fail::Corrupt(format!(
                "compressed element at byte {at}: the zlib stream ends after {} bytes but the element claims {n}",
                self.offset + self.n - self.left()
            )),
            Some(_) => Fail::Corrupt(format!(
                "compressed element at byte {at}: corrupt zlib data ({e})"
            )),
            None => file_error(e),
        }
    }

    fn read(&mut self, buf: &mut [u8]) -> R<()> {
        self.r.read_exact(buf).map_err(|e| self.fail(e))
    }

    fn skip(&mut self, k: usize) -> R<()> {
        skip(&mut *self.r, k).map_err(|e| self.fail(e))
    }

    /// The next element's tag; `None` at the end of the body (or before
    /// zero padding shorter than a tag).
    fn tag(&mut self) -> R<Option<Tag>> {
        let left = self.left();
        let pos = self.n - left;
        let at = self.at;
        if left == 0 {
            return Ok(None);
        }
        let mut t = [0u8; 8];
        if left < 8 {
            self.read(&mut t[..left])?;
            if t.iter().all(|&x| x == 0) {
                return Ok(None);
            }
            return corrupt(format!(
                "variable at byte {at}: truncated data element at byte {pos} of its {} bytes",
                self.n
            ));
        }
        self.read(&mut t)?;
        let first = u32_at(&t, 0, self.be).unwrap_or_default();
        if first >> 16 != 0 {
            let (ty, n) = (first & 0xFFFF, (first >> 16) as usize);
            if n > 4 {
                return corrupt(format!(
                    "variable at byte {at}: small data element at byte {pos} claims {n} bytes (at most 4)"
                ));
            }
            let mut small = [0u8; 4];
            small.copy_from_slice(&t[4..8]);
            return Ok(Some(Tag {
                ty,
                n,
                small: Some(small),
            }));
        }
        let claimed = u32_at(&t, 4, self.be).unwrap_or_default() as usize;
        let n = element_len(first, claimed);
        let avail = self.left();
        if n > avail {
            return corrupt(format!(
                "variable at byte {at}: data element at byte {pos} claims {claimed} bytes but only {avail} remain"
            ));
        }
        Ok(Some(Tag {
            ty: first,
            n,
            small: None,
        }))
    }

    /// Streams the data of `t` through `f` (which must read all of it),
    /// then skips its padding.
    fn data<T>(&mut self, t: &Tag, f: impl FnOnce(&mut dyn Read) -> io::Result<T>) -> R<T> {
        if let Some(small) = &t.small {
            let mut src = small.get(..t.n).unwrap_or_default();
            return f(&mut src).map_err(|e| self.fail(e));
        }
        let out = f(&mut (&mut *self.r).take(t.n as u64)).map_err(|e| self.fail(e))?;
        let pad = pad8(t.n).unwrap_or(t.n) - t.n;
        self.skip(pad.min(self.left()))?;
        Ok(out)
    }

    /// The bytes of a metadata element (at most [`MAX_META`]).
    fn meta(&mut self, t: &Tag) -> R<Vec<u8>> {
        let mut buf = vec![0u8; t.n.min(MAX_META)];
        self.data(t, |r| r.read_exact(&mut buf))?;
        Ok(buf)
    }

    /// The next element read as a name; `None` at the end of the body.
    fn text(&mut self) -> R<Option<String>> {
        match self.tag()? {
            Some(t) if t.n <= MAX_META => Ok(Some(text(&self.meta(&t)?))),
            Some(t) => {
                self.data(&t, |r| skip(r, t.n))?;
                Ok(Some(String::new()))
            }
            None => Ok(None),
        }
    }
}

/// What decoding one variable's data needs to know.
struct Decode<'a> {
    name: &'a str,
    shape: &'a Dims,
    numel: usize,
    be: bool,
}

impl Decode<'_> {
    fn bad(&self, what: &str) -> Fail {
        Fail::Corrupt(format!("variable '{}': {what}", self.name))
    }

    /// The empty value of a variable with no data element.
    fn empty(&self, class: u32, flags: u32) -> Value {
        let shape = self.shape.clone();
        let complex = flags & FLAG_COMPLEX != 0;
        let int = class_of(class)
            .and_then(|c| with_int_class!(c, T => T::wrap(Array::<T>::empty_with(shape.clone()))));
        if class == MX_CHAR {
            Value::Char(Array::empty_with(shape))
        } else if flags & FLAG_LOGICAL != 0 {
            Value::Bool(Array::empty_with(shape))
        } else if class == MX_SINGLE && complex {
            Value::SingleComplex(Array::empty_with(shape))
        } else if class == MX_SINGLE {
            Value::Single(Array::empty_with(shape))
        } else if complex {
            Value::Complex(Array::empty_with(shape))
        } else if let Some(a) = int {
            Value::Int(a)
        } else {
            Value::Num(Array::empty_with(shape))
        }
    }

    /// Checks that the bytes left in `b` can hold `count` more elements
    /// of a cell or struct (each at least an 8-byte tag), before anything
    /// is allocated for them.
    fn backed<S: Read>(&self, b: &Body<S>, count: usize) -> R<()> {
        if count.checked_mul(8).is_none_or(|need| need > b.left()) {
            return Err(self.bad(&format!(
                "its dimensions {} claim {count} elements but only {} bytes remain",
                self.shape.to_string_x(),
                b.left()
            )));
        }
        Ok(())
    }

    /// The real part `real` and the imaginary part after it, each converted
    /// to `T` and stored into `out` by `re` and `im`.
    fn complex_parts<S: Read, T: Elem, Z>(
        &self,
        b: &mut Body<S>,
        real: &Tag,
        out: &mut [Z],
        re: impl Fn(&mut Z, T),
        im: impl Fn(&mut Z, T),
    ) -> R<()> {
        self.count(real, "real")?;
        b.data(real, |r| {
            each_elem(r, real.ty, self.be, self.numel, |k, x| re(&mut out[k], x))
        })?;
        match b.tag()? {
            Some(imag) => {
                self.count(&imag, "imaginary")?;
                b.data(&imag, |r| {
                    each_elem(r, imag.ty, self.be, self.numel, |k, x| im(&mut out[k], x))
                })
            }
            None if self.numel == 0 => Ok(()),
            None => Err(self.bad("complex flag set but no imaginary part")),
        }
    }

    /// A real array of element type `T` from data element `t`.
    fn typed<T: Elem, S: Read>(&self, b: &mut Body<S>, t: &Tag) -> R<Array<T>> {
        self.count(t, "real")?;
        let mut out = self.alloc::<T>(try_with_capacity)?;
        b.data(t, |r| {
            each_elem(r, t.ty, self.be, self.numel, |_, x| out.push(x))
        })?;
        Ok(Array::new(self.shape.clone(), out))
    }

    /// Checks that numeric element `t` holds exactly one number per
    /// element of the array.
    fn count(&self, t: &Tag, which: &str) -> R<()> {
        let size = type_size(t.ty)
            .ok_or_else(|| self.bad(&format!("{which} part has non-numeric type {}", t.ty)))?;
        if t.n % size != 0 {
            return Err(self.bad(&format!(
                "{which} part of {} bytes is not a whole number of {size}-byte elements",
                t.n
            )));
        }
        if t.n / size != self.numel {
            return Err(self.bad(&format!(
                "{which} part holds {} elements but the dimensions {} need {}",
                t.n / size,
                self.shape.to_string_x(),
                self.numel
            )));
        }
        Ok(())
    }

    /// The array's storage, from `make` (zeroed or empty with capacity).
    fn alloc<T>(&self, make: fn(usize) -> std::result::Result<Vec<T>, NoMemory>) -> R<Vec<T>> {
        make(self.numel).map_err(|m| {
            Fail::Other(format!(
                "not enough memory to load variable '{}' ({m})",
                self.name
            ))
        })
    }

    /// A char array's UTF-16 code units from element `t`.
    fn chars<S: Read>(&self, b: &mut Body<S>, t: &Tag) -> R<Array<u16>> {
        let n = self.numel;
        let mismatch = |got: usize| {
            self.bad(&format!(
                "{got} characters but the dimensions {} need {n}",
                self.shape.to_string_x()
            ))
        };
        let mut out = self.alloc::<u16>(try_with_capacity)?;
        match t.ty {
            MI_UTF8 => {
                // One to three bytes per UTF-16 code unit.
                if t.n < n || t.n / 3 > n {
                    return Err(self.bad(&format!(
                        "{} bytes of UTF-8 cannot hold the {n} characters of dimensions {}",
                        t.n,
                        self.shape.to_string_x()
                    )));
                }
                let mut bytes = try_with_capacity::<u8>(t.n).map_err(|m| {
                    Fail::Other(format!(
                        "not enough memory to load variable '{}' ({m})",
                        self.name
                    ))
                })?;
                b.data(t, |r| r.take(t.n as u64).read_to_end(&mut bytes))?;
                out.extend(String::from_utf8_lossy(&bytes).encode_utf16().take(n + 1));
            }
            MI_UTF32 => {
                if t.n % 4 != 0 || t.n / 4 > n {
                    return Err(mismatch(t.n / 4));
                }
                let be = self.be;
                b.data(t, |r| {
                    each_number(r, MI_UINT32, be, t.n / 4, |_, x| {
                        let ch = char::from_u32(x as u32).unwrap_or('\u{FFFD}');
                        let mut buf = [0u16; 2];
                        for &u in ch.encode_utf16(&mut buf).iter() {
                            if out.len() <= n {
                                out.push(u);
                            }
                        }
                    })
                })?;
            }
            _ => {
                let size = type_size(t.ty).ok_or_else(|| self.bad("bad char data"))?;
                if t.n % size != 0 {
                    return Err(self.bad("bad char data"));
                }
                if t.n / size != n {
                    return Err(mismatch(t.n / size));
                }
                b.data(t, |r| {
                    each_number(r, t.ty, self.be, n, |_, x| out.push(x as u16))
                })?;
            }
        }
        if out.len() != n {
            return Err(mismatch(out.len()));
        }
        Ok(Array::new(self.shape.clone(), out))
    }
}

/// A read error of the file itself (not of compressed data in it).
fn file_error(e: io::Error) -> Fail {
    if e.kind() == io::ErrorKind::UnexpectedEof {
        Fail::Corrupt("the file ends inside a data element".into())
    } else {
        Fail::Other(format!("read error: {e}"))
    }
}

/// Reads and drops `k` bytes; fewer present is an UnexpectedEof error.
fn skip(r: &mut (impl Read + ?Sized), k: usize) -> io::Result<()> {
    let got = io::copy(&mut r.take(k as u64), &mut io::sink())?;
    if got < k as u64 {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok(())
}

/// Reads `out.len()` numbers of storage type `ty` into doubles: miDOUBLE
/// straight into `out`'s bytes (swapped in place when the byte order is
/// not the host's), other types converted chunk by chunk.
fn read_doubles(r: &mut dyn Read, ty: u32, be: bool, out: &mut [f64]) -> io::Result<()> {
    if ty != MI_DOUBLE {
        return each_number(r, ty, be, out.len(), |k, x| out[k] = x);
    }
    r.read_exact(bytes_of_mut(out))?;
    if be != cfg!(target_endian = "big") {
        out.iter_mut()
            .for_each(|x| *x = f64::from_bits(x.to_bits().swap_bytes()));
    }
    Ok(())
}

/// Reads `count` numbers of storage type `ty` as doubles (see
/// [`each_elem`]).
fn each_number(
    r: &mut dyn Read,
    ty: u32,
    be: bool,
    count: usize,
    put: impl FnMut(usize, f64),
) -> io::Result<()> {
    each_elem(r, ty, be, count, put)
}

/// An element type the reader converts every storage type into: MATLAB's
/// conversions (integers round half away from zero and saturate), and
/// the bits kept when the storage type is the element type itself (NaN
/// payloads of single and double survive).
trait Elem: Copy {
    fn of_int(x: i128) -> Self;
    fn of_f64(x: f64) -> Self;
    fn of_f32(x: f32) -> Self;
}

impl Elem for f64 {
    fn of_int(x: i128) -> f64 {
        x as f64
    }
    fn of_f64(x: f64) -> f64 {
        x
    }
    fn of_f32(x: f32) -> f64 {
        f64::from(x)
    }
}

impl Elem for f32 {
    fn of_int(x: i128) -> f32 {
        x as f32
    }
    fn of_f64(x: f64) -> f32 {
        x as f32
    }
    fn of_f32(x: f32) -> f32 {
        x
    }
}

macro_rules! int_elem {
    ($($t:ty),*) => {$(
        impl Elem for $t {
            fn of_int(x: i128) -> $t {
                <$t as IntElem>::from_i128(x)
            }
            fn of_f64(x: f64) -> $t {
                <$t as IntElem>::from_f64(x)
            }
            fn of_f32(x: f32) -> $t {
                <$t as IntElem>::from_f64(f64::from(x))
            }
        }
    )*};
}
int_elem!(i8, u8, i16, u16, i32, u32, i64, u64);

/// Reads `count` numbers of storage type `ty` (any numeric type; the
/// caller checked it is one), converting each to `T` and passing it with
/// its index to `put`.
fn each_elem<T: Elem>(
    r: &mut dyn Read,
    ty: u32,
    be: bool,
    count: usize,
    mut put: impl FnMut(usize, T),
) -> io::Result<()> {
    let Some(size) = type_size(ty) else {
        return Err(io::Error::other(format!("non-numeric type {ty}")));
    };
    let mut buf = vec![0u8; CHUNK.min(count.saturating_mul(size))];
    let per = buf.len() / size.max(1);
    let mut k = 0;
    while k < count {
        let m = per.min(count - k);
        let bytes = &mut buf[..m * size];
        r.read_exact(bytes)?;
        macro_rules! conv {
            ($t:ty, $n:expr, |$x:ident| $via:expr) => {
                for c in bytes.chunks_exact($n) {
                    let mut a = [0u8; $n];
                    // chunks_exact yields exactly $n bytes.
                    a.copy_from_slice(c);
                    let $x = if be {
                        <$t>::from_be_bytes(a)
                    } else {
                        <$t>::from_le_bytes(a)
                    };
                    put(k, $via);
                    k += 1;
                }
            };
        }
        match ty {
            MI_INT8 => conv!(i8, 1, |x| T::of_int(x.into())),
            MI_UINT8 | MI_UTF8 => conv!(u8, 1, |x| T::of_int(x.into())),
            MI_INT16 => conv!(i16, 2, |x| T::of_int(x.into())),
            MI_UINT16 | MI_UTF16 => conv!(u16, 2, |x| T::of_int(x.into())),
            MI_INT32 => conv!(i32, 4, |x| T::of_int(x.into())),
            MI_UINT32 | MI_UTF32 => conv!(u32, 4, |x| T::of_int(x.into())),
            MI_SINGLE => conv!(f32, 4, |x| T::of_f32(x)),
            MI_DOUBLE => conv!(f64, 8, |x| T::of_f64(x)),
            MI_INT64 => conv!(i64, 8, |x| T::of_int(x.into())),
            _ => conv!(u64, 8, |x| T::of_int(x.into())),
        }
    }
    Ok(())
}

/// The flatlab class of MAT array class `mx` (numeric classes only).
fn class_of(mx: u32) -> Option<Class> {
    NUMERIC_CLASSES
        .iter()
        .find(|&&(_, m, _)| m == mx)
        .map(|&(c, _, _)| c)
}

/// Text of a name element: bytes up to the first NUL, as UTF-8 (lossy).
fn text(b: &[u8]) -> String {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(b.get(..end).unwrap_or_default()).into_owned()
}

/// The byte count of a data element of type `ty` whose tag claims `n`.
///
/// An miMATRIX body is a sequence of 8-byte-aligned sub-elements, so its
/// size is a multiple of 8. GNU Octave (7.x) counts a char array whose
/// data fits a small (4-byte) element at its unpadded size (a 2x2 char
/// array claims 52 bytes for a 48-byte body), so the next variable would
/// start mid-element; such a count is rounded down to the true size.
fn element_len(ty: u32, n: usize) -> usize {
    if ty == MI_MATRIX && n % 8 != 0 {
        n & !7
    } else {
        n
    }
}

/// Bytes per element of a numeric data type.
fn type_size(ty: u32) -> Option<usize> {
    Some(match ty {
        MI_INT8 | MI_UINT8 | MI_UTF8 => 1,
        MI_INT16 | MI_UINT16 | MI_UTF16 => 2,
        MI_INT32 | MI_UINT32 | MI_SINGLE | MI_UTF32 => 4,
        MI_DOUBLE | MI_INT64 | MI_UINT64 => 8,
        _ => return None,
    })
}
