//! The MAT-file writer: little-endian Level 5, one miMATRIX per variable,
//! wrapped in miCOMPRESSED for v7. Sizes are computed before anything is
//! written, so a variable the format cannot hold is an error before the
//! file is touched. Function handles (whose MAT encoding MATLAB does not
//! document) are left out with a note naming them.

use super::*;
use crate::value::StructArray;
use crate::with_int;
use flate2::write::ZlibEncoder;
use flate2::Compression;
use std::io::{self, Write};

/// zlib levels for v7. Measured with flate2's miniz_oxide backend: on
/// well-compressible data (integers, rounded values) level 6 runs at about
/// 140 MB/s and gives files up to 10x smaller than level 1; on
/// incompressible doubles level 6 crawls (about 11 MB/s) for a 2% gain
/// while level 1 runs at about 60 MB/s. So a 1 MB sample of large numeric
/// data is compressed at level 1 first and the level chosen from its ratio.
const LEVEL_FAST: u32 = 1;
const LEVEL_DEFAULT: u32 = 6;
const SAMPLE_ELEMENTS: usize = 1 << 17;

/// Elements converted per chunk when data must be re-encoded (big-endian
/// hosts, complex, logical and char data).
const CHUNK: usize = 1 << 16;

pub(super) fn write(path: &Path, vars: &[(&str, &Value)], compress: bool) -> Result<Vec<String>> {
    let (vars, notes) = writable(vars)?;
    let sizes = sizes(&vars)?;
    // The file's size for the progress bar (unknown when compressed).
    let total = if compress {
        0
    } else {
        sizes.iter().map(|&n| u64::from(n) + 8).sum::<u64>() + 128
    };
    super::super::write_atomic_sized(path, total, |w| body(w, &vars, &sizes, compress))
        .map_err(|e| super::super::write_error("save", path, &e))?;
    Ok(notes)
}

/// The whole file in memory (for tests).
#[cfg(test)]
pub(super) fn to_bytes(vars: &[(&str, &Value)], compress: bool) -> Result<Vec<u8>> {
    let (vars, _) = writable(vars)?;
    let sizes = sizes(&vars)?;
    let mut out = Vec::new();
    body(&mut out, &vars, &sizes, compress).map_err(|e| Error::new(e.to_string()))?;
    Ok(out)
}

/// What a value holds that decides whether it can be written.
#[derive(PartialEq)]
enum Holds {
    /// Only arrays MAT-files hold.
    Data,
    /// A function handle (itself, or in a cell or struct).
    Handle,
    /// Cells and structs nested deeper than a reader accepts.
    TooDeep,
}

/// Looks through `v` (at nesting `depth`) for what a MAT-file cannot hold,
/// never deeper than [`MAX_DEPTH`] levels.
fn holds(v: &Value, depth: usize) -> Holds {
    let inner: Box<dyn Iterator<Item = &Value>> = match v {
        Value::Func(_) => return Holds::Handle,
        Value::Cell(c) => Box::new(c.data().iter()),
        Value::Struct(s) => Box::new(s.elems().data().iter().flat_map(|r| r.iter())),
        Value::Num(_)
        | Value::Complex(_)
        | Value::Bool(_)
        | Value::Char(_)
        | Value::Single(_)
        | Value::SingleComplex(_)
        | Value::Int(_)
        | Value::Sparse(_) => return Holds::Data,
    };
    if depth >= MAX_DEPTH {
        return Holds::TooDeep;
    }
    let mut found = Holds::Data;
    for x in inner {
        match holds(x, depth + 1) {
            Holds::Data => {}
            Holds::Handle => found = Holds::Handle,
            Holds::TooDeep => return Holds::TooDeep,
        }
    }
    found
}

/// Named values to write.
type Vars<'a> = Vec<(&'a str, &'a Value)>;

/// The variables to write: those holding a function handle are left out
/// with a note naming them (the rest is saved, as the user asked); a
/// variable nested too deeply is an error.
fn writable<'a>(vars: &[(&'a str, &'a Value)]) -> Result<(Vars<'a>, Vec<String>)> {
    let mut keep = Vec::with_capacity(vars.len());
    let mut notes = Vec::new();
    for &(name, v) in vars {
        match holds(v, 0) {
            Holds::Data => keep.push((name, v)),
            Holds::Handle => {
                let verb = if matches!(v, Value::Func(_)) {
                    "is"
                } else {
                    "holds"
                };
                notes.push(format!(
                    "save: '{name}' {verb} a function handle; MAT-files cannot hold it, skipped"
                ));
            }
            Holds::TooDeep => {
                return Err(Error::new(format!(
                    "save: variable '{name}' nests cells and structs more than {MAX_DEPTH} levels deep, \
                     more than flatlab reads back from a MAT-file"
                )))
            }
        }
    }
    Ok((keep, notes))
}

/// The miMATRIX byte count of each variable; an error naming the first
/// one the format cannot hold.
fn sizes(vars: &[(&str, &Value)]) -> Result<Vec<u32>> {
    let mut sizes = Vec::with_capacity(vars.len());
    for (name, v) in vars {
        if name.is_empty() {
            return Err(Error::new("save: invalid empty variable name"));
        }
        match matrix_len(name, v).and_then(|n| u32::try_from(n).ok()) {
            Some(n) => sizes.push(n),
            None => {
                return Err(Error::new(format!(
                    "save: variable '{name}' is too large for a MAT-file \
                     (the v6/v7 format limits a variable to 4 GB)"
                )))
            }
        }
    }
    Ok(sizes)
}

/// Header and variables, streamed to `w`.
fn body<W: Write>(
    w: &mut W,
    vars: &[(&str, &Value)],
    sizes: &[u32],
    compress: bool,
) -> io::Result<()> {
    w.write_all(&header_bytes())?;
    for ((name, v), &n) in vars.iter().zip(sizes) {
        if compress {
            let cap = (n as usize / 4).clamp(1024, 64 << 20);
            let mut z = ZlibEncoder::new(Vec::with_capacity(cap), Compression::new(zlib_level(v)));
            put_matrix(&mut z, name, v, n)?;
            let data = z.finish()?;
            let len = u32::try_from(data.len()).map_err(|_| {
                io::Error::other(format!(
                    "variable '{name}' compresses to more than 4 GB; save it with -v6"
                ))
            })?;
            w.write_all(&tag(MI_COMPRESSED, len))?;
            w.write_all(&data)?;
        } else {
            put_matrix(w, name, v, n)?;
        }
    }
    Ok(())
}

/// The zlib level for `v`: the default, unless a sample of its numbers
/// compresses poorly at the fast level (random-looking doubles), where the
/// default level costs several times the time for almost no gain.
fn zlib_level(v: &Value) -> u32 {
    let sample: &[f64] = match v {
        Value::Num(a) if a.numel() > SAMPLE_ELEMENTS => {
            a.data().get(..SAMPLE_ELEMENTS).unwrap_or_default()
        }
        _ => return LEVEL_DEFAULT,
    };
    let mut z = ZlibEncoder::new(Vec::new(), Compression::new(LEVEL_FAST));
    if write_f64_le(&mut z, sample).is_err() {
        return LEVEL_DEFAULT;
    }
    match z.finish() {
        Ok(out) if out.len() * 2 > sample.len() * 8 => LEVEL_FAST,
        _ => LEVEL_DEFAULT,
    }
}

/// The 128-byte header: text, no subsystem data, version 0x0100, "IM".
fn header_bytes() -> [u8; 128] {
    let mut h = [b' '; 128];
    let text = format!(
        "MATLAB 5.0 MAT-file, Platform: {}, Created on: {}",
        std::env::consts::OS,
        ctime_now()
    );
    let t = text.as_bytes();
    let n = t.len().min(116);
    h[..n].copy_from_slice(&t[..n]);
    h[116..124].fill(0);
    h[124..126].copy_from_slice(&0x0100u16.to_le_bytes());
    h[126..128].copy_from_slice(b"IM");
    h
}

/// The current UTC time as C's `ctime` prints it: `Sat Nov 21 16:27:40 2026`.
fn ctime_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (proleptic Gregorian).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    const WD: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MON: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{} {} {:2} {:02}:{:02}:{:02} {}",
        WD.get(days.rem_euclid(7) as usize).unwrap_or(&"Thu"),
        MON.get((month - 1) as usize).unwrap_or(&"Jan"),
        day,
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
        year
    )
}

fn tag(ty: u32, n: u32) -> [u8; 8] {
    let mut t = [0u8; 8];
    t[..4].copy_from_slice(&ty.to_le_bytes());
    t[4..].copy_from_slice(&n.to_le_bytes());
    t
}

fn pad8(n: u64) -> u64 {
    n.div_ceil(8) * 8
}

/// Bytes a data element of `n` data bytes occupies, tag and padding
/// included (1 to 4 bytes use the 8-byte small form).
fn elem_len(n: u64) -> Option<u64> {
    if (1..=4).contains(&n) {
        Some(8)
    } else {
        pad8(n).checked_add(8)
    }
}

fn dims_of(v: &Value) -> Vec<usize> {
    v.dims().as_slice().to_vec()
}

/// The byte count of the miMATRIX element for `v` (its tag excluded), or
/// `None` when it does not fit the format's 32-bit counts.
fn matrix_len(name: &str, v: &Value) -> Option<u64> {
    let ndims = dims_of(v).len() as u64;
    let dims_ok = dims_of(v).iter().all(|&d| i32::try_from(d).is_ok());
    if !dims_ok {
        return None;
    }
    let mut n = 16 + elem_len(4 * ndims)? + elem_len(name.len() as u64)?;
    let numel = v.numel() as u64;
    // One data element of `numel` elements of `class`.
    let part = |class: Class| elem_len(numel.checked_mul(class.element_bytes() as u64)?);
    let children = |items: &mut dyn Iterator<Item = &Value>| {
        let mut k = 0u64;
        for x in items {
            k = k.checked_add(8)?.checked_add(matrix_len("", x)?)?;
        }
        Some(k)
    };
    let data = match v {
        Value::Num(_) | Value::Bool(_) | Value::Char(_) | Value::Single(_) | Value::Int(_) => {
            part(v.class())?
        }
        Value::Complex(_) | Value::SingleComplex(_) => part(v.class())?.checked_mul(2)?,
        Value::Cell(c) => children(&mut c.data().iter())?,
        Value::Struct(s) => {
            let width = field_width(s) as u64;
            let names = 8 + elem_len(width.checked_mul(s.names().len() as u64)?)?;
            let mut fields = s.elems().data().iter().flat_map(|r| r.iter());
            names.checked_add(children(&mut fields)?)?
        }
        Value::Sparse(s) => {
            // ir, jc, pr (and pi), with room for nzmax = max(nnz, 1).
            let room = s.nnz().max(1) as u64;
            let vals = elem_len(8 * room)?;
            let mut k = elem_len(4 * room)?
                .checked_add(elem_len(4 * (s.cols() as u64 + 1))?)?
                .checked_add(vals)?;
            if s.is_complex_data() {
                k = k.checked_add(vals)?;
            }
            k
        }
        Value::Func(_) => return None,
    };
    n = n.checked_add(data)?;
    // Every individual data element must fit a u32 count too.
    if n > u64::from(u32::MAX) {
        return None;
    }
    Some(n)
}

/// The data of a sparse matrix: `ir` and `jc` as int32, then the real
/// values (and imaginary ones) as doubles, padded to nzmax = max(nnz, 1).
fn put_sparse<W: Write>(w: &mut W, s: &crate::value::SparseMatrix) -> io::Result<()> {
    use crate::value::sparse::SpData;
    let (rowidx, colptr) = s.data.pattern();
    let room = s.nnz().max(1);
    let int32 = |x: usize| {
        i32::try_from(x)
            .map_err(io::Error::other)
            .map(i32::to_le_bytes)
    };
    let mut ir = Vec::with_capacity(4 * room);
    for &r in rowidx {
        ir.extend_from_slice(&int32(r)?);
    }
    ir.resize(4 * room, 0);
    put_bytes(w, MI_INT32, &ir)?;
    let mut jc = Vec::with_capacity(4 * colptr.len());
    for &c in colptr {
        jc.extend_from_slice(&int32(c)?);
    }
    put_bytes(w, MI_INT32, &jc)?;
    let doubles = |xs: &mut dyn Iterator<Item = f64>| {
        let mut b = Vec::with_capacity(8 * room);
        for x in xs {
            b.extend_from_slice(&x.to_le_bytes());
        }
        b.resize(8 * room, 0);
        b
    };
    match &s.data {
        SpData::Real(c) => put_bytes(w, MI_DOUBLE, &doubles(&mut c.vals.iter().copied())),
        SpData::Bool(c) => put_bytes(
            w,
            MI_DOUBLE,
            &doubles(&mut c.vals.iter().map(|&b| f64::from(u8::from(b)))),
        ),
        SpData::Complex(c) => {
            put_bytes(w, MI_DOUBLE, &doubles(&mut c.vals.iter().map(|z| z.re)))?;
            put_bytes(w, MI_DOUBLE, &doubles(&mut c.vals.iter().map(|z| z.im)))
        }
    }
}

/// Width of each struct field name in the file, NUL terminator included.
fn field_width(s: &StructArray) -> usize {
    s.names().iter().map(String::len).max().unwrap_or(0) + 1
}

/// Writes one data element's tag (small form for 1-4 bytes) and returns
/// the padding to write after its `n` data bytes.
fn put_tag<W: Write>(w: &mut W, ty: u32, n: usize) -> io::Result<usize> {
    if (1..=4).contains(&n) {
        w.write_all(&(((n as u32) << 16) | ty).to_le_bytes())?;
        Ok(4 - n)
    } else {
        let n32 = u32::try_from(n).map_err(|_| io::Error::other("data element over 4 GB"))?;
        w.write_all(&tag(ty, n32))?;
        Ok((8 - n % 8) % 8)
    }
}

fn put_bytes<W: Write>(w: &mut W, ty: u32, bytes: &[u8]) -> io::Result<()> {
    let pad = put_tag(w, ty, bytes.len())?;
    w.write_all(bytes)?;
    w.write_all(&[0u8; 8][..pad])
}

/// Writes the miMATRIX element (tag included) for `v`, `n` being its
/// precomputed byte count.
fn put_matrix<W: Write>(w: &mut W, name: &str, v: &Value, n: u32) -> io::Result<()> {
    w.write_all(&tag(MI_MATRIX, n))?;
    let numeric = |c: Class| {
        let (_, mx, mi) = NUMERIC_CLASSES
            .into_iter()
            .find(|&(k, _, _)| k == c)
            .unwrap_or((Class::Double, MX_DOUBLE, MI_DOUBLE));
        (mx, mi)
    };
    let (class, flags) = match v {
        Value::Complex(_) | Value::SingleComplex(_) => (numeric(v.class()).0, FLAG_COMPLEX),
        Value::Num(_) | Value::Single(_) | Value::Int(_) => (numeric(v.class()).0, 0),
        Value::Bool(_) => (MX_UINT8, FLAG_LOGICAL),
        Value::Char(_) => (MX_CHAR, 0),
        Value::Cell(_) => (MX_CELL, 0),
        Value::Struct(_) => (MX_STRUCT, 0),
        Value::Func(_) => {
            return Err(io::Error::other(
                "a function handle cannot be written to a MAT-file",
            ))
        }
        Value::Sparse(s) if s.is_complex_data() => (MX_SPARSE, FLAG_COMPLEX),
        Value::Sparse(s) if s.class() == Class::Logical => (MX_SPARSE, FLAG_LOGICAL),
        Value::Sparse(_) => (MX_SPARSE, 0),
    };
    // The second word is nzmax for sparse matrices.
    let nzmax = match v {
        Value::Sparse(s) => u32::try_from(s.nnz().max(1)).map_err(io::Error::other)?,
        _ => 0,
    };
    let mut head = Vec::with_capacity(64);
    head.extend_from_slice(&tag(MI_UINT32, 8));
    head.extend_from_slice(&(class | flags).to_le_bytes());
    head.extend_from_slice(&nzmax.to_le_bytes());
    let dims: Vec<u8> = dims_of(v)
        .iter()
        .flat_map(|&d| (d as i32).to_le_bytes())
        .collect();
    put_bytes(&mut head, MI_INT32, &dims)?;
    put_bytes(&mut head, MI_INT8, name.as_bytes())?;
    w.write_all(&head)?;
    match v {
        Value::Num(a) => put_f64s(w, a.data()),
        Value::Complex(a) => {
            let z = a.data();
            put_mapped(w, MI_DOUBLE, z, |c| c.re.to_le_bytes())?;
            put_mapped(w, MI_DOUBLE, z, |c| c.im.to_le_bytes())
        }
        Value::Bool(a) => put_mapped(w, MI_UINT8, a.data(), |&b| [u8::from(b)]),
        Value::Char(a) => put_mapped(w, MI_UINT16, a.data(), |c| c.to_le_bytes()),
        Value::Single(a) => put_mapped(w, MI_SINGLE, a.data(), |x| x.to_le_bytes()),
        Value::SingleComplex(a) => {
            let z = a.data();
            put_mapped(w, MI_SINGLE, z, |c| c.re.to_le_bytes())?;
            put_mapped(w, MI_SINGLE, z, |c| c.im.to_le_bytes())
        }
        Value::Int(a) => {
            let mi = numeric(a.class()).1;
            with_int!(a, x => put_mapped(w, mi, x.data(), |e| e.to_le_bytes()))
        }
        Value::Sparse(s) => put_sparse(w, s),
        Value::Cell(c) => put_children(w, &mut c.data().iter()),
        Value::Struct(s) => {
            let width = field_width(s);
            put_bytes(w, MI_INT32, &(width as i32).to_le_bytes())?;
            let mut names = vec![0u8; width * s.names().len()];
            for (chunk, fname) in names.chunks_mut(width.max(1)).zip(s.names()) {
                let b = fname.as_bytes();
                if let Some(dst) = chunk.get_mut(..b.len()) {
                    dst.copy_from_slice(b);
                }
            }
            put_bytes(w, MI_INT8, &names)?;
            put_children(w, &mut s.elems().data().iter().flat_map(|r| r.iter()))
        }
        // Refused with the class flags above.
        Value::Func(_) => Ok(()),
    }
}

/// Writes the elements of a cell or the fields of a struct's elements,
/// one nameless miMATRIX each.
fn put_children<W: Write>(w: &mut W, items: &mut dyn Iterator<Item = &Value>) -> io::Result<()> {
    for x in items {
        let n = matrix_len("", x)
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| io::Error::other("cell or struct element over 4 GB"))?;
        put_matrix(w, "", x, n)?;
    }
    Ok(())
}

/// Writes an miDOUBLE element from `xs` in bulk.
fn put_f64s<W: Write>(w: &mut W, xs: &[f64]) -> io::Result<()> {
    let pad = put_tag(w, MI_DOUBLE, xs.len() * 8)?;
    write_f64_le(w, xs)?;
    w.write_all(&[0u8; 8][..pad])
}

#[cfg(target_endian = "little")]
fn write_f64_le<W: Write>(w: &mut W, xs: &[f64]) -> io::Result<()> {
    // On a little-endian host the memory is the file's little-endian bytes.
    w.write_all(crate::value::pod::bytes_of(xs))
}

#[cfg(not(target_endian = "little"))]
fn write_f64_le<W: Write>(w: &mut W, xs: &[f64]) -> io::Result<()> {
    let mut buf = Vec::with_capacity(CHUNK * 8);
    for chunk in xs.chunks(CHUNK) {
        buf.clear();
        for x in chunk {
            buf.extend_from_slice(&x.to_le_bytes());
        }
        w.write_all(&buf)?;
    }
    Ok(())
}

/// Writes a data element of `ty` whose elements are `f(x)` for each `x`,
/// converted a chunk at a time.
fn put_mapped<W: Write, T, const K: usize>(
    w: &mut W,
    ty: u32,
    xs: &[T],
    f: impl Fn(&T) -> [u8; K],
) -> io::Result<()> {
    let pad = put_tag(w, ty, xs.len() * K)?;
    let mut buf = Vec::with_capacity(CHUNK.min(xs.len()) * K);
    for chunk in xs.chunks(CHUNK) {
        buf.clear();
        for x in chunk {
            buf.extend_from_slice(&f(x));
        }
        w.write_all(&buf)?;
    }
    w.write_all(&[0u8; 8][..pad])
}
