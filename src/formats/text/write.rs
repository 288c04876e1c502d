//! Writers: delimited text (`writematrix`, `csvwrite`, `dlmwrite`) and
//! MATLAB ASCII (`save -ascii`). Numbers are formatted into one reused
//! buffer (no heap allocation per number on the default paths) and the
//! file is written through `write_atomic`'s 1 MiB buffer, or appended to.

use crate::error::{Error, Result};
use crate::value::{Value, C64};
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

/// How numbers are written by the delimited writers.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Precision {
    /// The shortest text that reads back to the same double.
    #[default]
    Shortest,
    /// `%.Ng`: N significant digits (dlmwrite's numeric 'precision').
    Digits(usize),
    /// A printf format for one number, e.g. `%.3f` (dlmwrite's text 'precision').
    Format(String),
}

/// Options of the delimited writers.
#[derive(Clone, Debug, PartialEq)]
pub struct DelimOptions {
    pub delimiter: String,
    pub precision: Precision,
    /// Add to the end of an existing file instead of replacing it.
    pub append: bool,
    /// Empty rows (lines of delimiters) before the data (`roffset`).
    pub row_offset: usize,
    /// Empty fields before each row's data (`coffset`).
    pub col_offset: usize,
    pub newline: String,
}

impl Default for DelimOptions {
    fn default() -> Self {
        DelimOptions {
            delimiter: ",".into(),
            precision: Precision::Shortest,
            append: false,
            row_offset: 0,
            col_offset: 0,
            newline: "\n".into(),
        }
    }
}

/// Options of `save -ascii`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct AsciiOptions {
    /// `-double`: 16 digits after the point instead of 7.
    pub double: bool,
    /// `-tabs`: tab between elements.
    pub tabs: bool,
    /// `-append`: add to the end of an existing file.
    pub append: bool,
}

/// The 2-D view of a value as written to text.
struct View<'a> {
    rows: usize,
    cols: usize,
    cells: Cells<'a>,
}

enum Cells<'a> {
    Real(Cow<'a, [f64]>),
    Complex(&'a [C64]),
}

fn view<'a>(v: &'a Value, who: &str) -> Result<View<'a>> {
    let d = v.dims();
    let rows = d.rows();
    let cols = v.numel().checked_div(rows).unwrap_or(0);
    let cells = match v {
        Value::Num(a) => Cells::Real(Cow::Borrowed(a.data())),
        Value::Complex(a) => Cells::Complex(a.data()),
        Value::Bool(_) | Value::Char(_) | Value::Single(_) | Value::Int(_) => {
            Cells::Real(Cow::Owned(v.to_num_array(who)?.into_vec()))
        }
        Value::Sparse(_) if v.is_complex() => {
            return Err(Error::new(format!(
                "{who}: complex sparse matrices cannot be written as text; use full(...)"
            )))
        }
        Value::Sparse(_) => Cells::Real(Cow::Owned(v.to_num_array(who)?.into_vec())),
        Value::SingleComplex(_) => {
            return Err(Error::new(format!(
                "{who}: complex single arrays cannot be written as text yet"
            )))
        }
        Value::Struct(_) | Value::Cell(_) | Value::Func(_) => {
            return Err(Error::new(format!(
                "{who}: only numeric, logical and char arrays can be written as text, not a {}",
                v.class_name()
            )))
        }
    };
    Ok(View { rows, cols, cells })
}

/// Appends the shortest text that reads back to `x` (integers without a
/// fraction, `-0` kept, `NaN`, `Inf`, `-Inf`, exponent form outside
/// 1e-5..1e16).
pub(crate) fn push_shortest(out: &mut Vec<u8>, x: f64) {
    if x.is_nan() {
        out.extend_from_slice(b"NaN");
    } else if x.is_infinite() {
        out.extend_from_slice(if x > 0.0 { b"Inf" } else { b"-Inf" });
    } else if x == x.trunc() && x.abs() < 1e16 {
        if x == 0.0 && x.is_sign_negative() {
            out.extend_from_slice(b"-0");
        } else {
            push_int(out, x as i64);
        }
    } else {
        let a = x.abs();
        // Writing into a Vec cannot fail.
        let _ = if (1e-5..1e16).contains(&a) {
            write!(out, "{x}")
        } else {
            write!(out, "{x:e}")
        };
    }
}

fn push_int(out: &mut Vec<u8>, v: i64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let neg = v < 0;
    let mut u = v.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (u % 10) as u8;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    if neg {
        out.push(b'-');
    }
    out.extend_from_slice(&buf[i..]);
}

/// One number in the chosen precision.
fn push_num(out: &mut Vec<u8>, x: f64, p: &Precision) -> Result<()> {
    match p {
        Precision::Shortest => push_shortest(out, x),
        Precision::Digits(n) => {
            let s = crate::builtins::format::sprintf(&format!("%.{n}g"), &[Value::num(x)])?;
            out.extend_from_slice(s.as_bytes());
        }
        Precision::Format(f) => {
            let s = crate::builtins::format::sprintf(f, &[Value::num(x)])?;
            out.extend_from_slice(s.as_bytes());
        }
    }
    Ok(())
}

/// `re+imi` / `re-imi` as MATLAB's writematrix writes complex numbers.
fn push_complex(out: &mut Vec<u8>, z: C64, p: &Precision) -> Result<()> {
    push_num(out, z.re, p)?;
    if z.im.is_sign_negative() && !z.im.is_nan() {
        out.push(b'-');
        push_num(out, -z.im, p)?;
    } else {
        out.push(b'+');
        push_num(out, z.im, p)?;
    }
    out.push(b'i');
    Ok(())
}

/// Flush the staging buffer to the writer once it holds this much.
const FLUSH_AT: usize = 1 << 16;

fn body_delimited(w: &mut impl Write, v: &View, o: &DelimOptions) -> Result<()> {
    let io = |e: std::io::Error| Error::new(format!("write error: {e}"));
    let d = o.delimiter.as_bytes();
    let nl = o.newline.as_bytes();
    let mut buf: Vec<u8> = Vec::with_capacity(FLUSH_AT + 4096);
    let width = o.col_offset + v.cols;
    for _ in 0..o.row_offset {
        for _ in 1..width {
            buf.extend_from_slice(d);
        }
        buf.extend_from_slice(nl);
    }
    for r in 0..v.rows {
        for _ in 0..o.col_offset {
            buf.extend_from_slice(d);
        }
        for c in 0..v.cols {
            if c > 0 {
                buf.extend_from_slice(d);
            }
            let k = r + c * v.rows;
            match &v.cells {
                Cells::Real(x) => {
                    push_num(&mut buf, x.get(k).copied().unwrap_or(0.0), &o.precision)?
                }
                Cells::Complex(z) => push_complex(
                    &mut buf,
                    z.get(k).copied().unwrap_or_default(),
                    &o.precision,
                )?,
            }
            if buf.len() >= FLUSH_AT {
                w.write_all(&buf).map_err(io)?;
                buf.clear();
            }
        }
        buf.extend_from_slice(nl);
    }
    w.write_all(&buf).map_err(io)
}

/// The text `write_delimited` writes for `v`.
pub fn format_delimited(v: &Value, o: &DelimOptions, who: &str) -> Result<Vec<u8>> {
    let view = view(v, who)?;
    let mut out = Vec::new();
    body_delimited(&mut out, &view, o).map_err(|e| prefixed(who, e))?;
    Ok(out)
}

/// Writes `v` as delimited text to `path` (atomically, or appended).
/// `who` names the caller in errors (`csvwrite: ...`).
pub fn write_delimited(path: &Path, v: &Value, o: &DelimOptions, who: &str) -> Result<()> {
    let view = view(v, who)?;
    write_or_append(path, o.append, who, |w| body_delimited(w, &view, o))
}

/// Runs `body` on a buffered writer for `path`: through `write_atomic`, or
/// on the file opened for appending (created when missing).
fn write_or_append(
    path: &Path,
    append: bool,
    who: &str,
    body: impl FnOnce(&mut super::super::Sink) -> Result<()>,
) -> Result<()> {
    use super::super::{write_error, Step, WriteFailure};
    let mut inner: Option<Error> = None;
    let r = if append {
        let f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| {
                write_error(
                    who,
                    path,
                    &WriteFailure::new(Step::Create, path, e).into_io(),
                )
            })?;
        super::super::write_synced(f, path, 0, |w| {
            body(w).map_err(|e| {
                inner = Some(e);
                std::io::Error::other("formatting failed")
            })
        })
    } else {
        super::super::write_atomic(path, |w| {
            body(w).map_err(|e| {
                inner = Some(e);
                std::io::Error::other("formatting failed")
            })
        })
    };
    match (r, inner) {
        (Ok(()), _) => Ok(()),
        // A failed step of writing the file is the cause, whatever `body`
        // made of it.
        (Err(e), Some(i)) if WriteFailure::of(&e).is_none() => Err(prefixed(who, i)),
        (Err(e), _) => Err(write_error(who, path, &e)),
    }
}

fn prefixed(who: &str, e: Error) -> Error {
    if e.message.starts_with(&format!("{who}:")) {
        e
    } else {
        Error::new(format!("{who}: {}", e.message))
    }
}

/// MATLAB's `%.Ne` with a sign and at least two exponent digits, right
/// aligned in `width` (NaN and Inf as `NaN`, `Inf`, `-Inf`).
fn push_e(out: &mut Vec<u8>, tmp: &mut String, x: f64, digits: usize, width: usize) {
    let pad = |out: &mut Vec<u8>, len: usize| {
        out.extend(std::iter::repeat_n(b' ', width.saturating_sub(len)));
    };
    if !x.is_finite() {
        let t: &[u8] = if x.is_nan() {
            b"NaN"
        } else if x > 0.0 {
            b"Inf"
        } else {
            b"-Inf"
        };
        pad(out, t.len());
        out.extend_from_slice(t);
        return;
    }
    tmp.clear();
    let _ = write!(tmp, "{x:.digits$e}");
    let (mant, exp) = tmp.split_once('e').unwrap_or((tmp.as_str(), "0"));
    let (sign, exp_digits) = match exp.strip_prefix('-') {
        Some(d) => (b'-', d),
        None => (b'+', exp),
    };
    let len = mant.len() + 2 + exp_digits.len().max(2);
    pad(out, len);
    out.extend_from_slice(mant.as_bytes());
    out.push(b'e');
    out.push(sign);
    if exp_digits.len() < 2 {
        out.push(b'0');
    }
    out.extend_from_slice(exp_digits.as_bytes());
}

fn body_ascii(
    w: &mut impl Write,
    vars: &[(&str, &Value)],
    o: &AsciiOptions,
    notes: &mut Vec<String>,
) -> Result<()> {
    let io = |e: std::io::Error| Error::new(format!("write error: {e}"));
    let (digits, width) = if o.double { (16, 25) } else { (7, 16) };
    let mut buf: Vec<u8> = Vec::with_capacity(FLUSH_AT + 4096);
    let mut tmp = String::with_capacity(40);
    for (name, v) in vars {
        let view = match view(v, "save") {
            Ok(view) => view,
            Err(_) => {
                notes.push(format!(
                    "save: Attempt to write an unsupported data type to an ASCII file. Variable '{name}' not written to file."
                ));
                continue;
            }
        };
        if matches!(view.cells, Cells::Complex(_)) {
            notes.push("save: omitting imaginary part for ASCII file".into());
        }
        for r in 0..view.rows {
            for c in 0..view.cols {
                if o.tabs && c > 0 {
                    buf.push(b'\t');
                }
                let k = r + c * view.rows;
                let x = match &view.cells {
                    Cells::Real(x) => x.get(k).copied().unwrap_or(0.0),
                    Cells::Complex(z) => z.get(k).map(|z| z.re).unwrap_or(0.0),
                };
                push_e(&mut buf, &mut tmp, x, digits, width);
                if buf.len() >= FLUSH_AT {
                    w.write_all(&buf).map_err(io)?;
                    buf.clear();
                }
            }
            buf.push(b'\n');
        }
    }
    w.write_all(&buf).map_err(io)
}

/// The text `save -ascii` writes for `vars`, and its warnings.
pub fn format_ascii(vars: &[(&str, &Value)], o: &AsciiOptions) -> (Vec<u8>, Vec<String>) {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = body_ascii(&mut out, vars, o, &mut notes);
    (out, notes)
}

/// `save -ascii`: writes `vars` one after the other to `path`; returns
/// warnings (complex parts dropped, unsupported variables skipped).
pub fn write_ascii(path: &Path, vars: &[(&str, &Value)], o: &AsciiOptions) -> Result<Vec<String>> {
    let mut notes = Vec::new();
    write_or_append(path, o.append, "save", |w| {
        body_ascii(w, vars, o, &mut notes)
    })?;
    Ok(notes)
}
