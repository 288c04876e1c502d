//! Turning a flatlab value into .npy bytes: always Fortran order with the
//! MATLAB shape, so NumPy sees the same array element for element.
//!
//! - double → `<f8`, complex → `<c16` (native byte order of this machine;
//!   `<` on every little-endian host), logical → `|b1`, single → `<f4`,
//!   complex single → `<c8`, int8..uint64 → `|i1` `|u1` `<i2` `<u2` `<i4`
//!   `<u4` `<i8` `<u8` (NumPy's own names for them);
//! - cells, structs and function handles have no NumPy array form (object
//!   arrays would need pickle): an error saying what to use instead;
//! - char → NumPy unicode: an r x c char matrix is shape `(r,)` of `<U{w}`
//!   strings, each row's UTF-16 converted to code points (surrogate pairs
//!   combined, a lone surrogate kept as is) and NUL-padded to the longest
//!   row `w` (at least 1, as NumPy itself does). N-d char (d0, d1, d2, ...)
//!   is shape (d0, d2, ...) of strings of the d1 characters.

use super::header;
use crate::value::pod::bytes_of;
use crate::value::Value;
use crate::with_int;
use std::io::{self, Write};

/// A value ready to write: its header and its data bytes.
pub(super) struct Encoded<'a> {
    pub header: Vec<u8>,
    pub body: Body<'a>,
}

/// The data bytes: borrowed from the value when its memory already is the
/// file's layout, built otherwise.
pub(super) enum Body<'a> {
    Borrowed(&'a [u8]),
    Owned(Vec<u8>),
}

impl Encoded<'_> {
    pub fn len(&self) -> u64 {
        let body = match &self.body {
            Body::Borrowed(b) => b.len(),
            Body::Owned(b) => b.len(),
        };
        (self.header.len() + body) as u64
    }
    pub fn write_to<W: Write>(&self, w: &mut W) -> io::Result<()> {
        w.write_all(&self.header)?;
        let body = match &self.body {
            Body::Borrowed(b) => b,
            Body::Owned(b) => b.as_slice(),
        };
        // Large slices go to the writer in 8 MiB pieces (one syscall each
        // through the caller's buffer) rather than one element at a time.
        for piece in body.chunks(8 << 20) {
            w.write_all(piece)?;
        }
        Ok(())
    }
}

const ORDER: &str = if cfg!(target_endian = "big") {
    ">"
} else {
    "<"
};

/// Encodes `v`; the error names what cannot be written.
pub(super) fn encode(v: &Value) -> Result<Encoded<'_>, String> {
    let shape = |d: &crate::value::Dims| d.as_slice().to_vec();
    Ok(match v {
        Value::Num(a) => Encoded {
            header: header::format(&format!("{ORDER}f8"), &shape(a.dims())),
            body: Body::Borrowed(bytes_of(a.data())),
        },
        Value::Complex(a) => Encoded {
            header: header::format(&format!("{ORDER}c16"), &shape(a.dims())),
            body: Body::Borrowed(bytes_of(a.data())),
        },
        Value::Bool(a) => Encoded {
            header: header::format("|b1", &shape(a.dims())),
            body: Body::Owned(a.data().iter().map(|&b| b as u8).collect()),
        },
        Value::Char(a) => {
            let dims = a.dims().as_slice();
            let (d0, d1) = (dims[0], dims[1]);
            let rest: usize = dims[2..].iter().product();
            let count = d0 * rest;
            let data = a.data();
            // Code points of every element, in column-major element order.
            let mut cps: Vec<Vec<u32>> = Vec::with_capacity(count);
            for k in 0..rest {
                for i in 0..d0 {
                    let units = (0..d1).map(|j| data[i + d0 * (j + d1 * k)]);
                    cps.push(code_points(units));
                }
            }
            let w = cps.iter().map(Vec::len).max().unwrap_or(0).max(1);
            let mut body = Vec::with_capacity(count * w * 4);
            for s in &cps {
                for &c in s {
                    body.extend_from_slice(&c.to_le_bytes());
                }
                body.resize(body.len() + (w - s.len()) * 4, 0);
            }
            let mut sh = vec![d0];
            sh.extend_from_slice(&dims[2..]);
            Encoded {
                header: header::format(&format!("<U{w}"), &sh),
                body: Body::Owned(body),
            }
        }
        Value::Single(a) => Encoded {
            header: header::format("<f4", &shape(a.dims())),
            body: Body::Owned(le_bytes(a.data(), |x| x.to_le_bytes())),
        },
        Value::SingleComplex(a) => Encoded {
            header: header::format("<c8", &shape(a.dims())),
            body: Body::Owned(le_bytes(a.data(), |z| {
                let mut b = [0u8; 8];
                b[..4].copy_from_slice(&z.re.to_le_bytes());
                b[4..].copy_from_slice(&z.im.to_le_bytes());
                b
            })),
        },
        Value::Int(a) => {
            let class = a.class();
            let kind = if class.is_signed_integer() { 'i' } else { 'u' };
            let size = class.element_bytes();
            let order = if size == 1 { '|' } else { '<' };
            with_int!(a, x => Encoded {
                header: header::format(&format!("{order}{kind}{size}"), &shape(x.dims())),
                body: Body::Owned(le_bytes(x.data(), |e| e.to_le_bytes())),
            })
        }
        Value::Sparse(_) => {
            return Err("a sparse matrix cannot be saved in a NumPy file: \
                 save full(...) instead (or a .mat file)"
                .to_string())
        }
        Value::Struct(_) | Value::Cell(_) | Value::Func(_) => {
            let what = match v {
                Value::Cell(_) => "a cell array",
                Value::Struct(_) => "a struct",
                _ => "a function handle",
            };
            return Err(format!(
                "{what} cannot be saved in a NumPy file: .npy and .npz hold numeric, \
                 logical and char arrays only (save it to a .mat or .json file)"
            ));
        }
    })
}

/// The little-endian bytes of every element, in order.
fn le_bytes<T, const K: usize>(xs: &[T], f: impl Fn(&T) -> [u8; K]) -> Vec<u8> {
    let mut out = Vec::with_capacity(xs.len() * K);
    for x in xs {
        out.extend_from_slice(&f(x));
    }
    out
}

/// UTF-16 to code points: valid pairs combined, lone surrogates kept.
fn code_points(units: impl Iterator<Item = u16>) -> Vec<u32> {
    char::decode_utf16(units)
        .map(|r| match r {
            Ok(c) => c as u32,
            Err(e) => e.unpaired_surrogate() as u32,
        })
        .collect()
}
