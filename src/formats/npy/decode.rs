//! Turning .npy data bytes into a flatlab value: element conversion (every
//! numeric dtype becomes double; bool becomes logical; unicode and byte
//! strings become char), byte order, and C order to MATLAB's column-major
//! order.
//!
//! Data is read from any `Read` in chunks, so a file or a zip member is never
//! held twice in memory, and output buffers grow only as data arrives beyond
//! what the caller vouches for (`prealloc`).

use super::header::{Endian, Header, Kind};
use crate::value::pod::{bytes_of_mut, Pod};
use crate::value::{Array, Dims, Value, C64};
use std::io::Read;

/// Raw bytes converted per chunk on the general (non-memcpy) paths.
const CHUNK: usize = 1 << 20;

/// Reads `h.data_len` bytes from `r` and converts them. At most `prealloc`
/// bytes of output are reserved before the data has actually been read.
/// Returns the value and notes about conversions.
pub(super) fn read_value<R: Read>(
    r: &mut R,
    h: &Header,
    prealloc: u64,
) -> Result<(Value, Vec<String>), String> {
    let d = h.dtype;
    let n = h.numel;
    let mut notes = Vec::new();
    let native = (d.endian == Endian::Little) == cfg!(target_endian = "little");
    let converted = |notes: &mut Vec<String>| {
        notes.push(format!("NumPy {} data converted to double", d.numpy_name()));
    };
    let pre = |size: usize| (prealloc / size.max(1) as u64).min(n as u64) as usize;
    let value = match (d.kind, d.itemsize) {
        (Kind::Float, 8) => {
            let mut v: Vec<f64> = read_pod_ordered(r, h, pre(8))?;
            if !native {
                v.iter_mut()
                    .for_each(|x| *x = f64::from_bits(x.to_bits().swap_bytes()));
            }
            Value::Num(Array::new(numeric_dims(&h.shape), v))
        }
        (Kind::Complex, 16) => {
            let mut v: Vec<C64> = read_pod_ordered(r, h, pre(16))?;
            if !native {
                for z in v.iter_mut() {
                    *z = C64::new(
                        f64::from_bits(z.re.to_bits().swap_bytes()),
                        f64::from_bits(z.im.to_bits().swap_bytes()),
                    );
                }
            }
            Value::Complex(Array::new(numeric_dims(&h.shape), v))
        }
        (Kind::Complex, 8) => {
            let e = d.endian;
            let v = read_converted(r, n, 8, pre(16), |b| {
                C64::new(
                    f32::from_bits(uint(&b[..4], e) as u32) as f64,
                    f32::from_bits(uint(&b[4..8], e) as u32) as f64,
                )
            })?;
            converted(&mut notes);
            Value::Complex(numeric(v, h))
        }
        (Kind::Bool, _) => {
            let v = read_converted(r, n, 1, pre(1), |b| b[0] != 0)?;
            Value::Bool(numeric(v, h))
        }
        (Kind::Float | Kind::Int | Kind::Uint, size) => {
            let (kind, e) = (d.kind, d.endian);
            let mut inexact = false;
            let v = read_converted(r, n, size, pre(8), |b| {
                let u = uint(b, e);
                match kind {
                    Kind::Float if size == 4 => f32::from_bits(u as u32) as f64,
                    Kind::Float => half_to_f64(u as u16),
                    Kind::Int => {
                        // Sign-extend from `size` bytes.
                        let shift = 64 - 8 * size as u32;
                        let x = ((u << shift) as i64) >> shift;
                        let f = x as f64;
                        inexact |= f as i128 != x as i128;
                        f
                    }
                    _ => {
                        let f = u as f64;
                        inexact |= f as u128 != u as u128;
                        f
                    }
                }
            })?;
            converted(&mut notes);
            if inexact {
                notes.push(format!(
                    "some NumPy {} values are beyond 2^53 and were rounded to the nearest double",
                    d.numpy_name()
                ));
            }
            Value::Num(numeric(v, h))
        }
        (Kind::Unicode, size) => {
            let width = size / 4;
            let units = n
                .checked_mul(width)
                .ok_or("the number of characters overflows")?;
            let e = d.endian;
            let cps = read_converted(r, units, 4, pre(4), |b| uint(b, e) as u32)?;
            let cps = to_column_major(cps, h, width);
            let mut bad = false;
            let v = strings(&cps, width, &h.shape, |cp, out| {
                push_code_point(cp, out, &mut bad)
            });
            if bad {
                notes.push("invalid Unicode code points were replaced by U+FFFD".into());
            }
            v
        }
        (Kind::Bytes, width) => {
            let units = n
                .checked_mul(width)
                .ok_or("the number of characters overflows")?;
            let bytes = read_converted(r, units, 1, pre(2), |b| b[0] as u32)?;
            let bytes = to_column_major(bytes, h, width);
            notes.push("NumPy bytes strings read as Latin-1 text".into());
            strings(&bytes, width, &h.shape, |c, out| out.push(c as u16))
        }
        (kind, size) => return Err(format!("unsupported element type {kind:?} of {size} bytes")),
    };
    Ok((value, notes))
}

/// MATLAB dims of a numeric array of NumPy `shape`: 0-d is 1x1, 1-d `(n,)`
/// is a 1xn row (SciPy's `oned_as='row'`), N-d keeps its dimensions.
fn numeric_dims(shape: &[usize]) -> Dims {
    match shape {
        [] => Dims::scalar(),
        [n] => Dims::row(*n),
        s => Dims::new(s),
    }
}

/// Column-major array from file-order data.
fn numeric<T: Copy>(data: Vec<T>, h: &Header) -> Array<T> {
    let data = to_column_major(data, h, 1);
    Array::new(numeric_dims(&h.shape), data)
}

/// File order to column-major order; `block` items make one element.
fn to_column_major<T: Copy>(data: Vec<T>, h: &Header, block: usize) -> Vec<T> {
    if h.fortran_order || h.shape.len() < 2 {
        data
    } else {
        c_to_f(data, &h.shape, block)
    }
}

/// Reorders C-order (row-major) data of `shape`, each element `block`
/// contiguous items, into Fortran (column-major) order.
///
/// Row-major data of shape (d0, d1, ..., dk) is a d0 x R row-major matrix
/// of R = d1*...*dk "columns"; transposing it makes the d0 index fastest.
/// The result is then R row-major-indexed blocks of d0 elements, which is
/// the same problem for the shape (d1, ..., dk) with blocks d0 times larger.
pub(super) fn c_to_f<T: Copy>(data: Vec<T>, shape: &[usize], block: usize) -> Vec<T> {
    c_to_f_from(data, shape, block, 0)
}

/// `c_to_f` from step `start` on (the steps before it already done, so
/// elements are blocks of `block` items).
fn c_to_f_from<T: Copy>(mut data: Vec<T>, shape: &[usize], block: usize, start: usize) -> Vec<T> {
    if data.is_empty() {
        return data;
    }
    let mut block = block;
    let mut tmp: Vec<T> = Vec::new();
    for k in start..shape.len().saturating_sub(1) {
        let rows = shape[k];
        let cols: usize = shape[k + 1..].iter().product();
        if rows > 1 && cols > 1 && block > 0 {
            if tmp.len() != data.len() {
                tmp = data.clone();
            }
            transpose_blocks(&data, &mut tmp, rows, cols, block);
            std::mem::swap(&mut data, &mut tmp);
        }
        block = block.saturating_mul(rows);
    }
    data
}

/// `dst[(i + j*rows)*b ..][..b] = src[(i*cols + j)*b ..][..b]`, in tiles.
fn transpose_blocks<T: Copy>(src: &[T], dst: &mut [T], rows: usize, cols: usize, b: usize) {
    if b == 1 {
        return transpose_into(src, rows, cols, dst, rows, 0);
    }
    for i in 0..rows {
        for j in 0..cols {
            let s = (i * cols + j) * b;
            let t = (i + j * rows) * b;
            dst[t..t + b].copy_from_slice(&src[s..s + b]);
        }
    }
}

/// Rows `i0..i0+k` of a row-major `? x cols` matrix, given as `src` (k
/// rows), into the column-major `rows x cols` matrix `dst`, in tiles.
fn transpose_into<T: Copy>(
    src: &[T],
    k: usize,
    cols: usize,
    dst: &mut [T],
    rows: usize,
    i0: usize,
) {
    const TILE: usize = 32;
    for a in (0..k).step_by(TILE) {
        let a1 = (a + TILE).min(k);
        for j0 in (0..cols).step_by(TILE) {
            let j1 = (j0 + TILE).min(cols);
            for i in a..a1 {
                let row = &src[i * cols + j0..i * cols + j1];
                let mut t = i0 + i + j0 * rows;
                for &x in row {
                    dst[t] = x;
                    t += rows;
                }
            }
        }
    }
}

/// Reads plain elements in MATLAB's column-major order. C-order data the
/// caller vouches for is transposed while it is read, a chunk of rows at a
/// time, straight into the final buffer (no second full-size copy).
fn read_pod_ordered<T: Pod, R: Read>(
    r: &mut R,
    h: &Header,
    prealloc: usize,
) -> Result<Vec<T>, String> {
    let (n, shape) = (h.numel, &h.shape);
    let reorder = !h.fortran_order && shape.len() >= 2;
    let rows = shape.first().copied().unwrap_or(1);
    if !reorder || prealloc < n || rows <= 1 || n == 0 {
        let v = read_pod(r, n, prealloc)?;
        return Ok(if reorder { c_to_f(v, shape, 1) } else { v });
    }
    let cols = n / rows;
    let k = (CHUNK / std::mem::size_of::<T>() / cols).clamp(1, rows);
    let mut buf: Vec<T> = T::zeroed(k * cols);
    let mut out: Vec<T> = T::zeroed(n);
    let mut i0 = 0;
    while i0 < rows {
        let kk = k.min(rows - i0);
        let part = &mut buf[..kk * cols];
        r.read_exact(bytes_of_mut(part))
            .map_err(|e| truncated(e, i0 * cols, n))?;
        transpose_into(part, kk, cols, &mut out, rows, i0);
        i0 += kk;
    }
    Ok(c_to_f_from(out, shape, rows, 1))
}

/// Reads `n` plain elements straight into their final buffer (a memcpy from
/// the reader), growing it chunk by chunk past `prealloc` elements.
fn read_pod<T: Pod, R: Read>(r: &mut R, n: usize, prealloc: usize) -> Result<Vec<T>, String> {
    let step = CHUNK / std::mem::size_of::<T>();
    let mut v: Vec<T> = T::zeroed(prealloc.max(step).min(n));
    r.read_exact(bytes_of_mut(&mut v))
        .map_err(|e| truncated(e, 0, n))?;
    while v.len() < n {
        // Past what the caller vouched for: double as data actually arrives.
        let have = v.len();
        let mut bigger = T::zeroed(have.saturating_mul(2).min(n));
        bigger[..have].copy_from_slice(&v);
        v = bigger;
        r.read_exact(bytes_of_mut(&mut v[have..]))
            .map_err(|e| truncated(e, have, n))?;
    }
    Ok(v)
}

/// Reads `n` elements of `size` bytes, converting each with `f`.
fn read_converted<T, R: Read>(
    r: &mut R,
    n: usize,
    size: usize,
    prealloc: usize,
    mut f: impl FnMut(&[u8]) -> T,
) -> Result<Vec<T>, String> {
    let mut out: Vec<T> = Vec::with_capacity(prealloc.min(n));
    if size == 0 {
        return Ok(out);
    }
    let per_chunk = (CHUNK / size).max(1);
    let mut buf = vec![0u8; per_chunk.min(n) * size];
    while out.len() < n {
        let k = per_chunk.min(n - out.len());
        let bytes = &mut buf[..k * size];
        r.read_exact(bytes)
            .map_err(|e| truncated(e, out.len(), n))?;
        out.extend(bytes.chunks_exact(size).map(&mut f));
    }
    Ok(out)
}

fn truncated(e: std::io::Error, have: usize, n: usize) -> String {
    if e.kind() == std::io::ErrorKind::UnexpectedEof {
        format!("the data is truncated: the header announces {n} elements, fewer are present (read {have} so far)")
    } else {
        format!("error reading the data: {e}")
    }
}

/// An unsigned integer of 1 to 8 bytes in byte order `e`.
fn uint(b: &[u8], e: Endian) -> u64 {
    let mut x: u64 = 0;
    match e {
        Endian::Little => b.iter().rev().for_each(|&c| x = (x << 8) | c as u64),
        Endian::Big => b.iter().for_each(|&c| x = (x << 8) | c as u64),
    }
    x
}

/// IEEE half precision to double (exact).
pub(super) fn half_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = ((h >> 10) & 0x1f) as i32;
    let frac = (h & 0x3ff) as f64;
    let mag = match exp {
        0 => frac * 2f64.powi(-24),
        31 if frac == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (1.0 + frac / 1024.0) * 2f64.powi(exp - 15),
    };
    sign * mag
}

/// Appends code point `cp` as UTF-16: astral planes as surrogate pairs, a
/// lone surrogate as itself (so it round-trips), anything beyond U+10FFFF as
/// U+FFFD.
fn push_code_point(cp: u32, out: &mut Vec<u16>, bad: &mut bool) {
    if cp < 0x1_0000 {
        out.push(cp as u16);
    } else if cp <= 0x10_FFFF {
        let c = cp - 0x1_0000;
        out.push(0xD800 | (c >> 10) as u16);
        out.push(0xDC00 | (c & 0x3ff) as u16);
    } else {
        *bad = true;
        out.push(0xFFFD);
    }
}

/// A char array from column-major string elements of `width` code units
/// each (trailing NULs dropped, as NumPy does): element shape () is one row,
/// (r,) is r rows, (d0, d1, ...) gives dims (d0, w, d1, ...). Rows are
/// padded with spaces to the longest string `w`.
fn strings(
    items: &[u32],
    width: usize,
    shape: &[usize],
    mut push: impl FnMut(u32, &mut Vec<u16>),
) -> Value {
    let d0 = shape.first().copied().unwrap_or(1);
    let mut dims = vec![d0, 0];
    if shape.len() > 1 {
        dims.extend_from_slice(&shape[1..]);
    }
    if width == 0 {
        // Zero-width strings (`<U0`): no data however many there are.
        return Value::Char(Array::empty_with(Dims::new(&dims)));
    }
    // The header checked that this product does not overflow, and it is at
    // most the data size divided by `width`.
    let count: usize = shape.iter().product();
    let mut starts = Vec::with_capacity(count + 1);
    let mut units: Vec<u16> = Vec::with_capacity(items.len());
    starts.push(0);
    for e in 0..count {
        let s = items.get(e * width..(e + 1) * width).unwrap_or(&[]);
        let len = s.iter().rposition(|&c| c != 0).map_or(0, |p| p + 1);
        for &c in &s[..len] {
            push(c, &mut units);
        }
        starts.push(units.len());
    }
    let w = starts.windows(2).map(|p| p[1] - p[0]).max().unwrap_or(0);
    let mut data = vec![b' ' as u16; count * w];
    for e in 0..count {
        let (i, k) = (e % d0.max(1), e / d0.max(1));
        let s = &units[starts[e]..starts[e + 1]];
        for (j, &u) in s.iter().enumerate() {
            data[i + d0 * (j + w * k)] = u;
        }
    }
    dims[1] = w;
    let dims = Dims::new(&dims);
    Value::Char(Array::new(dims, data))
}
