//! Octave's display format for values (`x = 5`, aligned matrix columns).
//!
//! This mirrors how GNU Octave 7 prints a value, character for character:
//! `display_named` is what `x = <expr>` without a semicolon shows,
//! `disp` is what `disp(x)` shows. The layout follows Octave's
//! `print_name_tag` / `print` / `print_raw` split:
//!
//! * a value shown "as a scalar" (1x1, empty, or a char row) goes on the
//!   name line (`x = 5`, `s = hello`, `v = [](0x3)`);
//! * anything else gets `x =`, a blank line, the body, and a blank line;
//! * N-d arrays print one `ans(:,:,k) = ...` page at a time;
//! * structs print `scalar structure containing the fields:` and their
//!   fields indented by four, nested structs deeper than two levels only
//!   by field name, size and type; struct arrays their size and field
//!   names; cells `{`, their elements named `[i,j]`, and `}`;
//! * single prints as double but with single's digit limits (`num::Prec`),
//!   integer matrices with their own column width (`matrix::int_width`);
//! * a named handle prints on the name line (`f = @sin`), an anonymous
//!   one as its text after a blank line, never indented.
//!
//! Octave keeps `a:b:c` as an unevaluated range and prints non-integer
//! ranges one column wider; `display_named_range` / `disp_range` reproduce
//! that for callers that know a value came straight from a range.
//!
//! Submodules: `num` (number formats), `matrix` (column layout),
//! `containers` (cells and structs).

mod containers;
mod matrix;
mod num;
mod sparse;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_kinds;
#[cfg(test)]
mod tests_more;

use super::{Array, Dims, Func, IntElem, Value, C64};
use crate::error::Error;
use crate::with_int;
use num::Prec;

/// `format short` / `format long`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DisplayFormat {
    #[default]
    Short,
    Long,
}

/// How many struct levels print their field values (Octave's
/// `struct_levels_to_print` default).
const STRUCT_LEVELS: i32 = 2;

/// What `name = <expr>` (no semicolon) prints, e.g. "x = 5\n" or
/// "A =\n\n   1   2\n\n".
pub fn display_named(name: &str, v: &Value, fmt: DisplayFormat, width: usize) -> String {
    let p = Printer { fmt, width };
    p.with_name(name, v, 0, STRUCT_LEVELS)
}

/// What `disp(v)` prints (no name, no blank lines around matrices), e.g.
/// "   1   2   3\n".
pub fn disp(v: &Value, fmt: DisplayFormat, width: usize) -> String {
    let p = Printer { fmt, width };
    p.print(v, 0, STRUCT_LEVELS)
}

/// Octave's short/long rendering of one real number as a scalar display
/// would show it ("3.1416", "5", "1.0000e-05", "NaN", "-Inf").
pub fn format_real_scalar(x: f64, fmt: DisplayFormat) -> String {
    num::render(x, num::real_scalar_fmt(x, Prec::double(fmt)))
}

/// What `name = a:b:c` prints when the value is still the range Octave
/// keeps unevaluated: `v` is the resulting row and `limit` the given `c`.
/// Non-integer ranges print one column wider than the same matrix
/// (`a = 0:0.25:1` vs `a = [0:0.25:1]`). Anything but a real row of two or
/// more elements is displayed as `display_named` would.
pub fn display_named_range(
    name: &str,
    v: &Value,
    limit: f64,
    fmt: DisplayFormat,
    width: usize,
) -> String {
    match range_row(v) {
        Some(data) => format!(
            "{name} =\n\n{}\n\n",
            matrix::range(data, limit, Prec::double(fmt), 0, width)
        ),
        None => display_named(name, v, fmt, width),
    }
}

/// What `disp(a:b:c)` prints (see `display_named_range`).
pub fn disp_range(v: &Value, limit: f64, fmt: DisplayFormat, width: usize) -> String {
    match range_row(v) {
        Some(data) => format!(
            "{}\n",
            matrix::range(data, limit, Prec::double(fmt), 0, width)
        ),
        None => disp(v, fmt, width),
    }
}

/// The data of a real row with at least two elements.
fn range_row(v: &Value) -> Option<&[f64]> {
    match v {
        Value::Num(a) if a.dims().is_row() && a.numel() >= 2 => Some(a.data()),
        _ => None,
    }
}

/// Display settings threaded through the recursive printers.
struct Printer {
    fmt: DisplayFormat,
    width: usize,
}

/// True when Octave prints the value on the name line (`x = ...`).
fn prints_as_scalar(v: &Value) -> bool {
    match v {
        Value::Struct(_) => false,
        Value::Char(a) => a.dims().get(0) <= 1,
        Value::Cell(a) => a.is_empty() || a.dims().ndims() > 2,
        Value::Func(f) => matches!(**f, Func::Named(_)),
        _ => {
            let d = v.dims_ref();
            d.is_scalar() || d.is_empty()
        }
    }
}

/// Octave's type name, shown for fields of structs nested too deep.
fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Char(_) => "sq_string",
        Value::Cell(_) => "cell",
        _ => crate::ops::type_name(v),
    }
}

fn empty_dims(d: &Dims) -> String {
    format!("[]({})", d.to_string_x())
}

impl Printer {
    /// `name = ` or `name =\n\n` (plus the scalar struct header, or just
    /// `name =\n` before a cell's brace); the flag says whether a blank line
    /// follows the value.
    fn name_tag(&self, name: &str, v: &Value, indent: usize) -> (String, bool) {
        let pad = " ".repeat(indent);
        match v {
            Value::Struct(s) if s.is_scalar() => (
                format!("{pad}{name} =\n\n{pad}  scalar structure containing the fields:\n\n"),
                true,
            ),
            _ if prints_as_scalar(v) => (format!("{pad}{name} = "), false),
            Value::Cell(_) => (format!("{pad}{name} =\n"), true),
            _ => (format!("{pad}{name} =\n\n"), true),
        }
    }

    fn with_name(&self, name: &str, v: &Value, indent: usize, levels: i32) -> String {
        let (mut out, pad_after) = self.name_tag(name, v, indent);
        out.push_str(&self.print(v, indent, levels));
        if pad_after {
            out.push('\n');
        }
        out
    }

    /// The body followed by a newline (structs end with their last field).
    fn print(&self, v: &Value, indent: usize, levels: i32) -> String {
        let mut out = self.raw(v, indent, levels);
        if !matches!(v, Value::Struct(_)) {
            out.push('\n');
        }
        out
    }

    /// The body alone, without a final newline (structs excepted).
    fn raw(&self, v: &Value, indent: usize, levels: i32) -> String {
        let d = v.dims_ref();
        match v {
            Value::Struct(s) => self.structure(s, indent, levels),
            Value::Cell(a) => self.cell(a, indent, levels),
            Value::Func(f) => f.display_text(),
            Value::Char(a) if d.ndims() <= 2 => char_rows(a),
            Value::Sparse(s) => self.sparse(s),
            _ if d.is_empty() => empty_dims(d),
            _ if d.ndims() > 2 => self.pages(v, indent, levels),
            Value::Num(a) => self.real(a, false, indent),
            Value::Single(a) => match a.try_map(|&x| f64::from(x)) {
                Ok(wide) => self.real(&wide, true, indent),
                Err(e) => Error::from(e).message.clone(),
            },
            Value::Complex(a) => self.complex(a, false, indent),
            Value::SingleComplex(a) => {
                match a.try_map(|z| C64::new(f64::from(z.re), f64::from(z.im))) {
                    Ok(wide) => self.complex(&wide, true, indent),
                    Err(e) => Error::from(e).message.clone(),
                }
            }
            Value::Bool(a) if d.is_scalar() => if a.data().first() == Some(&true) {
                "1"
            } else {
                "0"
            }
            .to_string(),
            Value::Bool(a) => matrix::logical(a, indent, self.width),
            Value::Int(ia) if d.is_scalar() => {
                with_int!(ia, a => a.data().first().map(|x| x.to_i128().to_string()))
                    .unwrap_or_default()
            }
            Value::Int(ia) => with_int!(ia, a => {
                matrix::int(a, matrix::int_width(a.data()), indent, self.width)
            }),
            Value::Char(_) => String::new(), // unreachable: handled above
        }
    }

    /// A nonempty 2-D double (`single` false) or single real array.
    fn real(&self, a: &Array<f64>, single: bool, indent: usize) -> String {
        let p = Prec::of(self.fmt, single);
        match a.data() {
            [x] => num::render(*x, num::real_scalar_fmt(*x, p)),
            _ => matrix::real(a, p, indent, self.width),
        }
    }

    /// A nonempty 2-D double or single complex array.
    fn complex(&self, a: &Array<C64>, single: bool, indent: usize) -> String {
        let p = Prec::of(self.fmt, single);
        match a.data() {
            [z] => {
                let (rf, imf) = num::complex_scalar_fmt(z.re, z.im, p);
                matrix::complex_cell(*z, rf, imf)
            }
            _ => matrix::complex(a, p, indent, self.width),
        }
    }

    /// An N-d array as `ans(:,:,k)` pages (Octave's `print_nd_array`): every
    /// page is followed by a blank line but the last, which has no final
    /// newline. Integer pages are Octave's own loop: each is a matrix (even
    /// 1x1) named without the indent, all with the width of the whole array.
    fn pages(&self, v: &Value, indent: usize, levels: i32) -> String {
        let int_fw = match v {
            Value::Int(ia) => Some(with_int!(ia, a => matrix::int_width(a.data()))),
            _ => None,
        };
        let d = v.dims();
        let ext = d.as_slice();
        let (nr, nc) = (d.get(0), d.get(1));
        let page_len = nr.saturating_mul(nc);
        let npages = ext.iter().skip(2).product::<usize>();
        let mut idx = vec![0usize; ext.len().saturating_sub(2)];
        let mut out = String::new();
        for p in 0..npages {
            let nm = format!(
                "ans(:,:,{})",
                idx.iter()
                    .map(|k| (k + 1).to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            );
            let start = p.saturating_mul(page_len);
            let page = page_of(v, start, nr, nc);
            let (tag, pad_after, body) = match (&page, int_fw) {
                (Value::Int(ia), Some(fw)) => (
                    format!("{nm} =\n\n"),
                    true,
                    with_int!(ia, a => matrix::int(a, fw, indent, self.width)),
                ),
                _ => {
                    let (tag, pad_after) = self.name_tag(&nm, &page, indent);
                    (tag, pad_after, self.raw(&page, indent, levels))
                }
            };
            out.push_str(&tag);
            out.push_str(&body);
            if p + 1 < npages {
                out.push('\n');
                if pad_after {
                    out.push('\n');
                }
            }
            // Advance the page index over dimensions 3.. (column-major).
            for (k, slot) in idx.iter_mut().enumerate() {
                *slot += 1;
                if *slot < ext.get(k + 2).copied().unwrap_or(1) {
                    break;
                }
                *slot = 0;
            }
        }
        out
    }
}

/// Page `[start, start + nr*nc)` of an N-d value as an `nr` x `nc` value of
/// the same class (complex pages with no imaginary part become real, as
/// Octave narrows them).
fn page_of(v: &Value, start: usize, nr: usize, nc: usize) -> Value {
    fn slice<T: Clone>(a: &Array<T>, start: usize, nr: usize, nc: usize) -> Array<T> {
        let len = nr.saturating_mul(nc);
        let data = a.data();
        let end = start.saturating_add(len).min(data.len());
        let part: Vec<T> = data.get(start..end).map(<[T]>::to_vec).unwrap_or_default();
        let dims = if part.len() == len {
            Dims::mat(nr, nc)
        } else {
            Dims::col(part.len())
        };
        Array::new(dims, part)
    }
    match v {
        Value::Num(a) => Value::Num(slice(a, start, nr, nc)),
        Value::Complex(a) => Value::Complex(slice::<C64>(a, start, nr, nc)).narrowed(),
        Value::Bool(a) => Value::Bool(slice(a, start, nr, nc)),
        Value::Char(a) => Value::Char(slice(a, start, nr, nc)),
        Value::Func(_) => v.clone(),
        _ => {
            let page = || -> crate::error::Result<Value> {
                Ok(crate::each_array!("display", v, |a| slice(
                    a, start, nr, nc
                )))
            };
            page().unwrap_or_else(|_| v.clone())
        }
    }
}

/// A 2-D char array as its rows joined by newlines (an empty row prints
/// nothing; zero rows print nothing at all).
fn char_rows(a: &Array<u16>) -> String {
    let d = a.dims();
    let (nr, nc) = (d.get(0), d.get(1));
    let data = a.data();
    let rows: Vec<String> = (0..nr)
        .map(|i| {
            let units: Vec<u16> = (0..nc)
                .filter_map(|j| data.get(i + j * nr).copied())
                .collect();
            String::from_utf16_lossy(&units)
        })
        .collect();
    rows.join("\n")
}
