//! Turning .npy data bytes into a flatlab value: element conversion
//! (float64 and complex128 become double, float32 and complex64 single,
//! the integer dtypes the integer class of their size and sign, float16
//! double; bool becomes logical; unicode and byte strings become char),
//! byte order, and C order to MATLAB's column-major order.
//!
//! Data is read from any `Read` straight into the value's storage, which is
//! allocated once at the size the header announces (the caller checked that
//! the bytes to back it can be there) and fallibly: a size the system
//! cannot give is an error, never an abort. Conversion and reordering
//! happen chunk by chunk on the way in, so a load peaks at one copy of the
//! array plus a small buffer (string arrays, rare and small, take a few
//! copies of their text).

use super::header::{Endian, Header, Kind};
use crate::value::pod::{bytes_of_mut, try_with_capacity, try_zeroed, NoMemory, Pod};
use crate::value::{Array, Class, Dims, IntElem, Value, C32, C64};
use crate::with_int_class;
use std::io::Read;

/// Raw bytes read per step when data cannot go straight into its array.
const CHUNK: usize = 1 << 20;

/// Reads `h.data_len` bytes from `r` into a value; `what` names the array
/// in messages ("variable 'x'"). Returns the value and notes about
/// conversions.
pub(super) fn read_value<R: Read>(
    r: &mut R,
    h: &Header,
    what: &str,
) -> Result<(Value, Vec<String>), String> {
    let d = h.dtype;
    let n = h.numel;
    let mut notes = Vec::new();
    let native = (d.endian == Endian::Little) == cfg!(target_endian = "little");
    let converted = |notes: &mut Vec<String>| {
        notes.push(format!("NumPy {} data converted to double", d.numpy_name()));
    };
    let no_memory = |m: NoMemory| format!("not enough memory to load {what} ({m})");
    let dims = numeric_dims(&h.shape);
    let value = match (d.kind, d.itemsize) {
        (Kind::Float, 8) => {
            let mut v: Vec<f64> = try_zeroed(n).map_err(no_memory)?;
            read_plain(r, h, &mut v)?;
            if !native {
                v.iter_mut()
                    .for_each(|x| *x = f64::from_bits(x.to_bits().swap_bytes()));
            }
            Value::Num(Array::new(dims, v))
        }
        (Kind::Complex, 16) => {
            let mut v: Vec<C64> = try_zeroed(n).map_err(no_memory)?;
            read_plain(r, h, &mut v)?;
            if !native {
                for z in v.iter_mut() {
                    *z = C64::new(
                        f64::from_bits(z.re.to_bits().swap_bytes()),
                        f64::from_bits(z.im.to_bits().swap_bytes()),
                    );
                }
            }
            Value::Complex(Array::new(dims, v))
        }
        (Kind::Complex, 8) => {
            let e = d.endian;
            let mut v: Vec<C32> = try_with_capacity(n).map_err(no_memory)?;
            v.resize(n, C32::new(0.0, 0.0));
            read_each(r, h, 8, 1, &mut v, |b| {
                C32::new(
                    f32::from_bits(uint(&b[..4], e) as u32),
                    f32::from_bits(uint(&b[4..8], e) as u32),
                )
            })?;
            Value::SingleComplex(Array::new(dims, v))
        }
        (Kind::Bool, _) => {
            let mut v: Vec<bool> = try_with_capacity(n).map_err(no_memory)?;
            v.resize(n, false);
            read_each(r, h, 1, 1, &mut v, |b| b[0] != 0)?;
            Value::Bool(Array::new(dims, v))
        }
        (Kind::Float, 4) => {
            let e = d.endian;
            let mut v: Vec<f32> = try_with_capacity(n).map_err(no_memory)?;
            v.resize(n, 0.0);
            read_each(r, h, 4, 1, &mut v, |b| f32::from_bits(uint(b, e) as u32))?;
            Value::Single(Array::new(dims, v))
        }
        (Kind::Float, size) => {
            let e = d.endian;
            let mut v: Vec<f64> = try_zeroed(n).map_err(no_memory)?;
            read_each(r, h, size, 1, &mut v, |b| half_to_f64(uint(b, e) as u16))?;
            converted(&mut notes);
            Value::Num(Array::new(dims, v))
        }
        (kind @ (Kind::Int | Kind::Uint), size) => {
            let signed = kind == Kind::Int;
            let class = Class::INTEGERS
                .into_iter()
                .find(|c| c.element_bytes() == size && c.is_signed_integer() == signed)
                .ok_or_else(|| format!("unsupported integer size {size}"))?;
            let e = d.endian;
            let got = with_int_class!(class, T => {
                let mut v: Vec<T> = try_with_capacity(n).map_err(no_memory)?;
                v.resize(n, T::default());
                read_each(r, h, size, 1, &mut v, |b| {
                    let u = uint(b, e);
                    if signed {
                        // Sign-extend from `size` bytes: exact in i128.
                        let shift = 64 - 8 * size as u32;
                        T::from_i128((((u << shift) as i64) >> shift).into())
                    } else {
                        T::from_i128(u.into())
                    }
                })?;
                Value::Int(T::wrap(Array::new(dims.clone(), v)))
            });
            got.ok_or_else(|| format!("unsupported integer size {size}"))?
        }
        (Kind::Unicode, size) => {
            let width = size / 4;
            let units = n
                .checked_mul(width)
                .ok_or("the number of characters overflows")?;
            let e = d.endian;
            let mut cps: Vec<u32> = try_zeroed(units).map_err(no_memory)?;
            read_each(r, h, 4, width, &mut cps, |b| uint(b, e) as u32)?;
            let mut bad = false;
            let v = strings(&cps, width, &h.shape, |cp, out| {
                push_code_point(cp, out, &mut bad)
            })
            .map_err(no_memory)?;
            if bad {
                notes.push("invalid Unicode code points were replaced by U+FFFD".into());
            }
            v
        }
        (Kind::Bytes, width) => {
            let units = n
                .checked_mul(width)
                .ok_or("the number of characters overflows")?;
            let mut bytes: Vec<u8> = try_zeroed(units).map_err(no_memory)?;
            read_each(r, h, 1, width, &mut bytes, |b| b[0])?;
            notes.push("NumPy bytes strings read as Latin-1 text".into());
            strings(&bytes, width, &h.shape, |c, out| out.push(c as u16)).map_err(no_memory)?
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

/// True when the file's element order differs from MATLAB's.
fn c_order(h: &Header) -> bool {
    !h.fortran_order && h.shape.len() >= 2
}

/// Reads plain elements into `out` in MATLAB's column-major order: a
/// memcpy from the reader for Fortran-order data; C-order matrices are
/// transposed a chunk of rows at a time, other C-order data is placed
/// element by element.
fn read_plain<T: Pod, R: Read>(r: &mut R, h: &Header, out: &mut [T]) -> Result<(), String> {
    let n = out.len();
    if !c_order(h) || n == 0 {
        return r.read_exact(bytes_of_mut(out)).map_err(|e| truncated(e, n));
    }
    let size = std::mem::size_of::<T>();
    let (rows, cols) = (h.shape[0], n / h.shape[0].max(1));
    if h.shape.len() == 2 && cols * size <= CHUNK {
        let k = (CHUNK / size / cols.max(1)).clamp(1, rows);
        let mut buf: Vec<T> = vec![T::ZERO; k * cols];
        let mut i0 = 0;
        while i0 < rows {
            let kk = k.min(rows - i0);
            let part = &mut buf[..kk * cols];
            r.read_exact(bytes_of_mut(part))
                .map_err(|e| truncated(e, n))?;
            transpose_into(part, kk, cols, out, rows, i0);
            i0 += kk;
        }
        return Ok(());
    }
    read_each(r, h, size, 1, out, |b| {
        let mut x = T::ZERO;
        bytes_of_mut(std::slice::from_mut(&mut x)).copy_from_slice(b);
        x
    })
}

/// Reads `out.len()` items of `size` bytes, converting each with `f` and
/// storing it at its place in column-major order (elements of `block`
/// items each, in the header's order).
fn read_each<T, R: Read>(
    r: &mut R,
    h: &Header,
    size: usize,
    block: usize,
    out: &mut [T],
    mut f: impl FnMut(&[u8]) -> T,
) -> Result<(), String> {
    let n = out.len();
    let elem = size.saturating_mul(block);
    if elem == 0 || n == 0 {
        return Ok(());
    }
    let per = (CHUNK / elem).max(1);
    let mut buf = vec![0u8; per.min(n / block) * elem];
    let mut order = Order::new(h);
    let mut done = 0;
    while done < n {
        let m = per.min((n - done) / block);
        let bytes = &mut buf[..m * elem];
        r.read_exact(bytes).map_err(|e| truncated(e, n))?;
        for item in bytes.chunks_exact(elem) {
            let at = order.next() * block;
            for (j, b) in item.chunks_exact(size).enumerate() {
                if let Some(slot) = out.get_mut(at + j) {
                    *slot = f(b);
                }
            }
        }
        done += m * block;
    }
    Ok(())
}

/// Column-major positions of the elements of an array in the order a
/// .npy file holds them (C order: last index fastest), one after another.
struct Order {
    shape: Vec<usize>,
    /// Column-major stride of each dimension.
    stride: Vec<usize>,
    /// Index of the next element, per dimension.
    idx: Vec<usize>,
    /// Its column-major position.
    pos: usize,
    /// Fortran order: positions are just 0, 1, 2...
    plain: bool,
}

impl Order {
    fn new(h: &Header) -> Order {
        let plain = !c_order(h);
        let shape = h.shape.clone();
        let mut stride = Vec::with_capacity(shape.len());
        let mut acc = 1usize;
        for &d in &shape {
            stride.push(acc);
            acc = acc.saturating_mul(d);
        }
        Order {
            idx: vec![0; shape.len()],
            shape,
            stride,
            pos: 0,
            plain,
        }
    }

    /// The column-major position of the next element.
    fn next(&mut self) -> usize {
        let here = self.pos;
        if self.plain {
            self.pos += 1;
            return here;
        }
        // Odometer over the C-order index, last dimension fastest.
        for k in (0..self.shape.len()).rev() {
            self.idx[k] += 1;
            self.pos += self.stride[k];
            if self.idx[k] < self.shape[k] || k == 0 {
                break;
            }
            self.pos -= self.stride[k] * self.shape[k];
            self.idx[k] = 0;
        }
        here
    }
}

fn truncated(e: std::io::Error, n: usize) -> String {
    if e.kind() == std::io::ErrorKind::UnexpectedEof {
        format!("the data is truncated: the header announces {n} items, fewer are present")
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
fn strings<T: Copy + Into<u32>>(
    items: &[T],
    width: usize,
    shape: &[usize],
    mut push: impl FnMut(u32, &mut Vec<u16>),
) -> Result<Value, NoMemory> {
    let d0 = shape.first().copied().unwrap_or(1);
    let mut dims = vec![d0, 0];
    if shape.len() > 1 {
        dims.extend_from_slice(&shape[1..]);
    }
    if width == 0 {
        // Zero-width strings (`<U0`): no data however many there are.
        return Ok(Value::Char(Array::empty_with(Dims::new(&dims))));
    }
    // The header checked that this product does not overflow, and it is at
    // most the data size divided by `width`.
    let count: usize = shape.iter().product();
    let mut starts: Vec<usize> = try_with_capacity(count + 1)?;
    let mut units: Vec<u16> = try_with_capacity(items.len())?;
    starts.push(0);
    for e in 0..count {
        let s = items.get(e * width..(e + 1) * width).unwrap_or(&[]);
        let len = s.iter().rposition(|&c| c.into() != 0).map_or(0, |p| p + 1);
        for &c in &s[..len] {
            push(c.into(), &mut units);
        }
        starts.push(units.len());
    }
    let w = starts.windows(2).map(|p| p[1] - p[0]).max().unwrap_or(0);
    let mut data: Vec<u16> = try_with_capacity(count * w)?;
    data.resize(count * w, b' ' as u16);
    for e in 0..count {
        let (i, k) = (e % d0.max(1), e / d0.max(1));
        let s = &units[starts[e]..starts[e + 1]];
        for (j, &u) in s.iter().enumerate() {
            data[i + d0 * (j + w * k)] = u;
        }
    }
    dims[1] = w;
    let dims = Dims::new(&dims);
    Ok(Value::Char(Array::new(dims, data)))
}
