//! `num2str`, `int2str` and `mat2str`, following Octave's m-files: a
//! per-matrix `%N.Mg` / `%N.0f` format chosen from the largest magnitude,
//! applied row by row through the printf engine, then the rows are padded
//! into a char matrix and common blank columns trimmed.

use super::printf::{do_escapes, format_units};
use super::{char_row, Ctx};
use crate::error::{Error, Result};
use crate::value::{Array, Dims, IntArray, IntElem, Value, C64};
use crate::with_int;

fn units(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

fn run_fmt(fmt: &[u16], data: Vec<f64>, who: &str) -> Result<Vec<u16>> {
    format_units(fmt, &[Value::row(data)], who)
}

fn is_space(c: u16) -> bool {
    matches!(c, 32 | 9..=13)
}

/// Split at newlines, pad into a char matrix and trim blank columns at both
/// ends (Octave's `strtrim (char (ostrsplit (s, "\n", drop_empty)))`).
fn split_pad_trim(text: &[u16], drop_empty: bool) -> Value {
    let mut rows: Vec<&[u16]> = text.split(|&c| c == 10).collect();
    if drop_empty {
        rows.retain(|r| !r.is_empty());
    }
    let w = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let (mut lo, mut hi) = (usize::MAX, 0);
    for r in &rows {
        for (j, &c) in r.iter().enumerate() {
            if !is_space(c) {
                lo = lo.min(j);
                hi = hi.max(j + 1);
            }
        }
    }
    if rows.is_empty() || w == 0 || lo == usize::MAX {
        return Value::str("");
    }
    let n = rows.len();
    let width = hi - lo;
    let mut data = vec![32u16; n * width];
    for (i, r) in rows.iter().enumerate() {
        for j in lo..hi {
            if let Some(&c) = r.get(j) {
                data[i + (j - lo) * n] = c;
            }
        }
    }
    Value::Char(Array::new(Dims::mat(n, width), data))
}

/// Elements in row-major order (`x.'(:)`) with the 2-D view's shape.
fn row_major<T: Copy>(a: &Array<T>) -> (usize, usize, Vec<T>) {
    let (r, c) = (a.rows(), a.dims().trailing());
    let mut v = Vec::with_capacity(a.numel());
    for i in 0..r {
        for j in 0..c {
            v.push(*a.at(i, j));
        }
    }
    (r, c, v)
}

/// Number of `%` conversions after removing `%%`.
fn conversions(fmt: &str) -> usize {
    fmt.replace("%%", "").matches('%').count()
}

fn precision_arg(v: &Value) -> Result<Option<usize>> {
    let bad = || Error::new("num2str: PRECISION must be a scalar integer >= 0");
    match v {
        Value::Num(a) if a.numel() == 1 => {
            let p = a.data()[0];
            if p >= 0.0 && p.fract() == 0.0 && p <= 1e4 {
                Ok(Some(p as usize))
            } else {
                Err(bad())
            }
        }
        Value::Char(_) => Ok(None),
        _ => Err(bad()),
    }
}

fn max_digits(vals: impl Iterator<Item = f64>) -> i64 {
    let m = vals
        .filter(|x| x.is_finite())
        .fold(0.0f64, |m, x| m.max(x.abs()));
    if m == 0.0 {
        0
    } else {
        m.log10().floor() as i64
    }
}

/// The text `num2str` and `int2str` give for a nonzero integral double
/// below 1e15 in magnitude: its digits (the `%N.0f` row of the general
/// path, trimmed), written without a format; `None` for any other value.
fn integer_text(x: f64) -> Option<Value> {
    if !(x.trunc() == x && x != 0.0 && x.abs() < 1e15) {
        return None;
    }
    let mut buf = [0u16; 17];
    let mut i = buf.len();
    // Exact: |x| < 1e15 < 2^53.
    let mut m = x.abs() as u64;
    while m > 0 {
        i -= 1;
        buf[i] = u16::from(b'0') + (m % 10) as u16;
        m /= 10;
    }
    if x < 0.0 {
        i -= 1;
        buf[i] = u16::from(b'-');
    }
    Some(char_row(buf[i..].to_vec()))
}

/// A real double scalar argument, if that is what `args` is.
fn double_scalar(args: &[Value]) -> Option<f64> {
    match args {
        [Value::Num(a)] if a.numel() == 1 => a.data().first().copied(),
        _ => None,
    }
}

/// num2str: convert numbers to text.
///
/// `S = num2str(X)` is a char array showing the numbers of X: integers in
/// full, other values to about four decimal places in %g style
/// (trailing zeros dropped); a matrix gives
/// one row of text per row, columns separated by blanks. A char X is
/// returned unchanged.
///
/// `S = num2str(X, PREC)` shows PREC significant digits.
///
/// `S = num2str(X, FORMAT)` formats the numbers with the printf-style
/// FORMAT, one row per row of X.
///
/// ```text
/// >> num2str(pi)
/// ans = 3.1416
/// >> num2str(pi, 8)
/// ans = 3.1415927
/// >> num2str([1 2 3])
/// ans = 1  2  3
/// ```
pub fn bi_num2str(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if let Some(v) = double_scalar(&args).and_then(integer_text) {
        return Ok(vec![v]);
    }
    num2str_general(ctx, args)
}

/// `num2str` without the scalar-integer shortcut (its reference in tests).
fn num2str_general(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if args.is_empty() || args.len() > 2 {
        return Err(Error::nargin("num2str"));
    }
    let x = &args[0];
    if let Value::Char(_) = x {
        return Ok(vec![x.clone()]);
    }
    if let Value::Struct(_) | Value::Cell(_) | Value::Func(_) = x {
        return Err(Error::new(
            "num2str: X must be a numeric, logical, or character array",
        ));
    }
    if x.is_empty() {
        return Ok(vec![Value::str("")]);
    }
    match x {
        Value::Complex(a) => return Ok(vec![complex_num2str(a, args.get(1))?]),
        Value::SingleComplex(_) => {
            let a = x.to_complex_array("num2str")?;
            return Ok(vec![complex_num2str(&a, args.get(1))?]);
        }
        Value::Int(ia) => return Ok(vec![int_num2str(ia, args.get(1))?]),
        _ => {}
    }
    let a = x.to_num_array("num2str")?;
    let fmt: String = match args.get(1) {
        Some(p) => match precision_arg(p)? {
            Some(p) => format!("%{}.{}g", p + 7, p),
            None => p.to_str("num2str")?,
        },
        None if matches!(x, Value::Bool(_)) => "%3d".into(),
        None => {
            let data = a.data();
            let ndgt = max_digits(data.iter().copied());
            let non_int = data.iter().any(|v| v.is_finite() && v.fract() != 0.0);
            if ndgt > 15 || non_int {
                let nd = (ndgt + 5).clamp(5, 16);
                format!("%{}.{}g", nd + 7, nd)
            } else {
                let mut nd = ndgt + 3;
                if data.iter().any(|v| !v.is_finite()) {
                    nd = nd.max(5);
                }
                format!("%{nd}.0f")
            }
        }
    };
    let (_, nc, data) = row_major(&a);
    let f = row_format(&fmt, nc);
    let text = run_fmt(&f, data, "num2str")?;
    Ok(vec![split_pad_trim(&text, true)])
}

/// The format applied to each row of `nc` columns: a user's format with
/// several conversions (or `%s`, `%c`) as given, any other repeated once per
/// column with trailing blanks dropped, and a newline.
fn row_format(fmt: &str, nc: usize) -> Vec<u16> {
    let one = do_escapes(&units(fmt));
    if conversions(fmt) > 1 || fmt == "%s" || fmt == "%c" {
        return one;
    }
    repeat_columns(&one, nc)
}

/// `one` once per column, trailing blanks dropped, then a newline.
fn repeat_columns(one: &[u16], nc: usize) -> Vec<u16> {
    let mut f = Vec::with_capacity(one.len() * nc + 1);
    for _ in 0..nc {
        f.extend_from_slice(one);
    }
    while f.last().is_some_and(|&c| is_space(c) || c == 0) {
        f.pop();
    }
    f.push(10);
    f
}

/// Decimal digits of the largest magnitude, less one (`floor(log10(max))`
/// counted exactly, so int64 values near 10^k do not round up); 0 for none.
fn int_max_digits(ia: &IntArray) -> usize {
    let max = with_int!(ia, a => a.data().iter().map(|x| x.to_i128().unsigned_abs()).max());
    max.map_or(0, |m| m.checked_ilog10().unwrap_or(0) as usize)
}

/// The rows of an integer array in row-major order, as an integer row (so
/// the printf engine sees exact values), and the column count.
fn int_rows(ia: &IntArray) -> (usize, Value) {
    with_int!(ia, a => {
        let (_, nc, data) = row_major(a);
        (nc, Value::Int(IntElem::wrap(Array::row(data))))
    })
}

/// `num2str` of an integer array: `%Nd` columns (a precision argument is
/// the field width), every digit exact, as MATLAB writes integers.
fn int_num2str(ia: &IntArray, arg: Option<&Value>) -> Result<Value> {
    let fmt = match arg {
        Some(p) => match precision_arg(p)? {
            Some(p) => format!("%{p}d"),
            None => p.to_str("num2str")?,
        },
        None => format!("%{}d", int_max_digits(ia) + 3),
    };
    let (nc, row) = int_rows(ia);
    let text = format_units(&row_format(&fmt, nc), &[row], "num2str")?;
    Ok(split_pad_trim(&text, true))
}

fn complex_num2str(a: &Array<C64>, arg: Option<&Value>) -> Result<Value> {
    let fmt = match arg {
        Some(p) => match precision_arg(p)? {
            Some(p) => format!("%{}.{}g%-+{}.{}gi", p + 7, p, p + 7, p),
            None => {
                let s = p.to_str("num2str")?;
                let tail: String = s.chars().skip(1).collect();
                format!("{}%-+{tail}i", s.trim_end())
            }
        },
        None => {
            let d = a.data();
            let ndgt = max_digits(d.iter().flat_map(|z| [z.re, z.im]));
            let non_int = d.iter().any(|z| {
                z.re.is_finite() && z.im.is_finite() && (z.re.fract() != 0.0 || z.im.fract() != 0.0)
            });
            if non_int {
                let nd = (ndgt + 5).clamp(5, 16);
                format!("%{}.{}g%-+{}.{}gi", nd + 7, nd, nd + 7, nd)
            } else {
                let nd = ndgt + 3;
                format!("%{nd}.0f%-+{nd}.0fi")
            }
        }
    };
    let (_, nc, data) = row_major(a);
    let f = repeat_columns(&units(&fmt), nc);
    let flat: Vec<f64> = data.iter().flat_map(|z| [z.re, z.im]).collect();
    let text = run_fmt(&f, flat, "num2str")?;
    // " +i\n" -> "i\n", then "( +)i" -> "i$1".
    let text = move_i(&text, true);
    let mut text = move_i(&text, false);
    text.pop();
    Ok(split_pad_trim(&text, false))
}

/// Moves an `i` that follows a run of spaces in front of the run; with
/// `at_eol` only where the `i` ends a line (and the spaces are dropped).
fn move_i(s: &[u16], at_eol: bool) -> Vec<u16> {
    let mut out = Vec::with_capacity(s.len());
    let mut k = 0;
    while k < s.len() {
        if s[k] == 32 {
            let mut j = k;
            while j < s.len() && s[j] == 32 {
                j += 1;
            }
            let is_i = s.get(j) == Some(&u16::from(b'i'));
            if at_eol && is_i && s.get(j + 1) == Some(&10) {
                out.extend_from_slice(&[u16::from(b'i'), 10]);
                k = j + 2;
                continue;
            }
            if !at_eol && is_i {
                out.push(u16::from(b'i'));
                out.extend_from_slice(&s[k..j]);
                k = j + 1;
                continue;
            }
            out.extend_from_slice(&s[k..j]);
            k = j;
            continue;
        }
        out.push(s[k]);
        k += 1;
    }
    out
}

/// int2str: convert numbers to text after rounding to integers.
///
/// `s = int2str(x)` rounds x to the nearest integers (halves away from zero)
/// and returns them as text; a matrix gives a char matrix with columns
/// aligned as `disp` would show them.
///
/// ```text
/// >> int2str(2.7)
/// ans = 3
/// >> int2str([1.5 2.5 -0.5])
/// ans = 2  3 -1
/// >> ['n = ' int2str(42)]
/// ans = n = 42
/// ```
pub fn bi_int2str(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if let Some(v) = double_scalar(&args).and_then(|x| integer_text(x.round())) {
        return Ok(vec![v]);
    }
    int2str_general(ctx, args)
}

/// `int2str` without the scalar-integer shortcut (its reference in tests).
fn int2str_general(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if args.len() != 1 {
        return Err(Error::nargin("int2str"));
    }
    let x = &args[0];
    match x {
        Value::Char(_) => return Ok(vec![x.clone()]),
        Value::Struct(_) | Value::Cell(_) | Value::Func(_) => {
            return Err(Error::new(
                "int2str: N must be a numeric, logical, or character array",
            ))
        }
        _ => {}
    }
    if x.is_empty() {
        return Ok(vec![Value::str("")]);
    }
    if let Value::Int(ia) = x {
        // Already integers: every digit exact (through a double, int64
        // values beyond 2^53 would change).
        let (nc, row) = int_rows(ia);
        let fmt = format!("%{}d", int_max_digits(ia) + 3);
        let text = format_units(&row_format(&fmt, nc), &[row], "int2str")?;
        return Ok(vec![split_pad_trim(&text, true)]);
    }
    let a = match x {
        Value::Complex(c) => c.map(|z| z.re),
        Value::SingleComplex(c) => c.map(|z| f64::from(z.re)),
        other => other.to_num_array("int2str")?,
    }
    .map(|v| v.round());
    let mut nd = max_digits(a.data().iter().copied()) + 3;
    if a.data().iter().any(|v| !v.is_finite()) {
        nd = nd.max(5);
    }
    let one = units(&format!("%{nd}.0f"));
    let (_, nc, data) = row_major(&a);
    let mut f = Vec::with_capacity(one.len() * nc + 1);
    for _ in 0..nc {
        f.extend_from_slice(&one);
    }
    f.push(10);
    let text = run_fmt(&f, data, "int2str")?;
    Ok(vec![split_pad_trim(&text, true)])
}

fn g_text(x: f64, prec: usize) -> Result<String> {
    let f = units(&format!("%.{prec}g"));
    Ok(String::from_utf16_lossy(&run_fmt(&f, vec![x], "mat2str")?))
}

/// mat2str: matrix as the text of a MATLAB expression.
///
/// `S = mat2str(X)` is the text that, evaluated, rebuilds the 2-D numeric,
/// logical or char array X: brackets, blanks between columns and
/// semicolons between rows (up to 15 significant digits).
///
/// `S = mat2str(X, N)` uses N significant digits.
///
/// `S = mat2str(..., 'class')` wraps the result in the class name, as in
/// int8([1 2]).
///
/// ```text
/// >> mat2str([1 2; 3 4])
/// ans = [1 2;3 4]
/// >> mat2str([pi 1], 4)
/// ans = [3.142 1]
/// >> mat2str(logical([1 0]))
/// ans = [true false]
/// ```
pub fn bi_mat2str(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if args.is_empty() || args.len() > 3 {
        return Err(Error::nargin("mat2str"));
    }
    let x = &args[0];
    if !x.dims().is_matrix() {
        return Err(Error::new("mat2str: X must be two dimensional"));
    }
    let mut prec = (15usize, 15usize);
    let mut cls = false;
    for a in &args[1..] {
        match a {
            Value::Char(_) => cls = a.to_str("mat2str")? == "class",
            Value::Num(p) if !p.is_empty() && p.numel() <= 2 => {
                let d = p.data();
                let conv = |v: f64| -> usize { v.trunc().clamp(0.0, 1e4) as usize };
                prec = (conv(d[0]), conv(*d.get(1).unwrap_or(&d[0])));
            }
            Value::Num(p) if p.is_empty() => {}
            _ => return Err(Error::new("mat2str: N must have only 1 or 2 elements")),
        }
    }
    let (r, c) = (x.dims().rows(), x.dims().cols());
    let elem = |i: usize, j: usize| -> Result<String> {
        let k = i + j * r;
        let complex = |re: f64, im: f64| -> Result<String> {
            let f = units(&format!("%+.{}g", prec.1));
            let im = String::from_utf16_lossy(&run_fmt(&f, vec![im], "mat2str")?);
            Ok(format!("{}{im}i", g_text(re, prec.0)?))
        };
        Ok(match x {
            Value::Num(a) => g_text(a.data()[k], prec.0)?,
            Value::Single(a) => g_text(f64::from(a.data()[k]), prec.0)?,
            Value::Bool(a) => (if a.data()[k] { "true" } else { "false" }).to_string(),
            Value::Complex(a) => complex(a.data()[k].re, a.data()[k].im)?,
            Value::SingleComplex(a) => {
                let z = a.data()[k];
                complex(f64::from(z.re), f64::from(z.im))?
            }
            // Integers exactly, whatever the precision (eval gives them back).
            Value::Int(ia) => with_int!(ia, a => a.data()[k].to_i128().to_string()),
            Value::Char(_)
            | Value::Cell(_)
            | Value::Struct(_)
            | Value::Func(_)
            | Value::Sparse(_) => String::new(),
        })
    };
    let s = match x {
        Value::Struct(_) | Value::Cell(_) | Value::Func(_) => return Err(Error::nargin("mat2str")),
        Value::Char(_) => {
            let rows: Vec<String> = x
                .char_rows_of()
                .unwrap_or_default()
                .into_iter()
                .map(|row| format!("'{}'", row.replace('\'', "''")))
                .collect();
            if rows.len() == 1 {
                rows.into_iter().next().unwrap_or_default()
            } else {
                format!("[{}]", rows.join(";"))
            }
        }
        _ if x.numel() == 0 => "[]".to_string(),
        _ if x.numel() == 1 => elem(0, 0)?,
        _ => {
            let mut rows = Vec::with_capacity(r);
            for i in 0..r {
                let items: Result<Vec<String>> = (0..c).map(|j| elem(i, j)).collect();
                rows.push(items?.join(" "));
            }
            format!("[{}]", rows.join(";"))
        }
    };
    let s = if cls {
        format!("{}({s})", x.class_name())
    } else {
        s
    };
    Ok(vec![char_row(units(&s))])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::State;

    fn try_call(f: crate::builtins::BuiltinFn, args: Vec<Value>) -> Result<Vec<Value>> {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut state = State::default();
        let mut ctx = Ctx {
            out: &mut out,
            err: &mut err,
            state: &mut state,
            nargout: 1,
            caller: None,
        };
        f(&mut ctx, args)
    }

    fn call(f: crate::builtins::BuiltinFn, args: Vec<Value>) -> Value {
        try_call(f, args).unwrap().remove(0)
    }

    fn rows(v: &Value) -> Vec<String> {
        v.char_rows_of().unwrap()
    }

    /// The scalar-integer shortcut of `num2str` and `int2str` gives what the
    /// general path (format, rows, trim) gives, for integers of every size
    /// and for the values it leaves to the general path.
    #[test]
    fn integer_shortcut_matches_general_path() {
        let mut xs = vec![
            0.0,
            -0.0,
            0.4,
            -0.4,
            0.5,
            -0.5,
            2.5,
            -2.5,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1e15 - 1.0,
            -(1e15 - 1.0),
            1e15,
            1e15 - 0.5,
            1e16,
            9007199254740993.0,
            1e300,
            5e-324,
        ];
        let mut p = 1.0f64;
        for _ in 0..16 {
            xs.extend([p, -p, p - 1.0, 1.0 - p, p + 1.0, 7.0 * p, -3.0 * p, p + 0.5]);
            p *= 10.0;
        }
        let mut shortcut = 0;
        for x in xs {
            for (fast, general) in [
                (
                    bi_num2str as crate::builtins::BuiltinFn,
                    num2str_general as crate::builtins::BuiltinFn,
                ),
                (bi_int2str, int2str_general),
            ] {
                let want = call(general, vec![Value::num(x)]);
                let got = call(fast, vec![Value::num(x)]);
                assert_eq!(got, want, "x = {x:e}");
                assert_eq!(got.dims(), want.dims(), "x = {x:e}");
            }
            shortcut += usize::from(integer_text(x).is_some());
        }
        assert!(shortcut > 100, "the shortcut took only {shortcut} values");
    }

    #[test]
    fn num2str_scalars() {
        let n = |x: f64| rows(&call(bi_num2str, vec![Value::num(x)]));
        assert_eq!(n(42.0), ["42"]);
        assert_eq!(n(-7.0), ["-7"]);
        assert_eq!(n(123456789.0), ["123456789"]);
        assert_eq!(n(std::f64::consts::PI), ["3.1416"]);
        assert_eq!(n(1e-5), ["1e-05"]);
        assert_eq!(n(1e10), ["10000000000"]);
        assert_eq!(n(0.1 + 0.2), ["0.3"]);
        assert_eq!(n(-0.5), ["-0.5"]);
        assert_eq!(n(1e16), ["1e+16"]);
        assert_eq!(n(123456789.123), ["123456789.123"]);
        assert_eq!(n(-0.0), ["-0"]);
        let p = |x: f64, p: f64| rows(&call(bi_num2str, vec![Value::num(x), Value::num(p)]));
        assert_eq!(p(std::f64::consts::PI, 8.0), ["3.1415927"]);
        assert_eq!(p(2.0 / 3.0, 3.0), ["0.667"]);
        assert_eq!(p(12345.678, 4.0), ["1.235e+04"]);
        assert_eq!(p(100.0, 2.0), ["1e+02"]);
    }

    #[test]
    fn num2str_matrices() {
        let v = call(bi_num2str, vec![Value::row(vec![1.0, 2.0, 3.0])]);
        assert_eq!(rows(&v), ["1  2  3"]);
        let v = call(
            bi_num2str,
            vec![Value::matrix(2, 2, vec![1.0, 3.0, 2.0, 4.0])],
        );
        assert_eq!(rows(&v), ["1  2", "3  4"]);
        let v = call(bi_num2str, vec![Value::row(vec![-1.0, 10.0, 200.0])]);
        assert_eq!(rows(&v), ["-1   10  200"]);
        let v = call(
            bi_num2str,
            vec![Value::matrix(2, 2, vec![1.5, 3.0, 2.25, 4.0])],
        );
        assert_eq!(rows(&v), ["1.5        2.25", "  3           4"]);
        let v = call(
            bi_num2str,
            vec![Value::row(vec![f64::NAN, 1.0, f64::INFINITY])],
        );
        assert_eq!(rows(&v), ["NaN    1  Inf"]);
        let v = call(
            bi_num2str,
            vec![Value::row(vec![1.0, 2.0, 3.0]), Value::str("%d,")],
        );
        assert_eq!(rows(&v), ["1,2,3,"]);
        let v = call(bi_num2str, vec![Value::empty()]);
        assert_eq!(v.dims().as_slice(), &[0, 0]);
    }

    #[test]
    fn num2str_complex() {
        let v = call(bi_num2str, vec![Value::complex(3.0, 4.0)]);
        assert_eq!(rows(&v), ["3+4i"]);
        let z = Value::Complex(Array::row(vec![C64::new(1.0, 2.0), C64::new(3.5, -1.0)]));
        assert_eq!(
            rows(&call(bi_num2str, vec![z])),
            ["1+2i                   3.5-1i"]
        );
    }

    #[test]
    fn int2str_rounds_half_away() {
        let n = |x: f64| rows(&call(bi_int2str, vec![Value::num(x)]));
        assert_eq!(n(2.7), ["3"]);
        assert_eq!(n(-2.5), ["-3"]);
        assert_eq!(n(0.5), ["1"]);
        let v = call(bi_int2str, vec![Value::row(vec![1.2, 3.8])]);
        assert_eq!(rows(&v), ["1  4"]);
        let v = call(
            bi_int2str,
            vec![Value::matrix(2, 2, vec![1.5, 100.0, -2.5, f64::NAN])],
        );
        assert_eq!(rows(&v), ["  2   -3", "100  NaN"]);
    }

    #[test]
    fn mat2str_forms() {
        let m = |v: Value| rows(&call(bi_mat2str, vec![v]))[0].clone();
        assert_eq!(
            m(Value::matrix(2, 2, vec![1.0, 3.0, 2.0, 4.0])),
            "[1 2;3 4]"
        );
        assert_eq!(
            m(Value::Bool(Array::row(vec![true, false]))),
            "[true false]"
        );
        assert_eq!(m(Value::col(vec![1.0, 2.0])), "[1;2]");
        assert_eq!(m(Value::num(-0.1)), "-0.1");
        assert_eq!(m(Value::empty()), "[]");
        assert_eq!(m(Value::str("it's")), "'it''s'");
        let z = Value::Complex(Array::row(vec![C64::new(1.0, 2.0), C64::new(3.0, 0.0)]));
        assert_eq!(m(z), "[1+2i 3+0i]");
        let v = call(
            bi_mat2str,
            vec![Value::num(std::f64::consts::PI), Value::num(4.0)],
        );
        assert_eq!(rows(&v), ["3.142"]);
    }

    fn int_value(class: crate::value::Class, data: Vec<f64>, rows: usize) -> Value {
        let cols = data.len() / rows.max(1);
        let a = Array::new(Dims::mat(rows, cols), data);
        Value::Int(IntArray::from_f64(class, &a).unwrap().unwrap())
    }

    #[test]
    fn integers_as_text_keep_every_digit() {
        use crate::value::Class;
        let i64max = Value::Int(IntArray::I64(Array::scalar(i64::MAX)));
        let u64max = Value::Int(IntArray::U64(Array::scalar(u64::MAX)));
        let near = Value::Int(IntArray::I64(Array::scalar(9007199254740993)));
        for f in [bi_num2str, bi_int2str, bi_mat2str] {
            assert_eq!(
                rows(&call(f, vec![i64max.clone()])),
                ["9223372036854775807"]
            );
            assert_eq!(
                rows(&call(f, vec![u64max.clone()])),
                ["18446744073709551615"]
            );
            assert_eq!(rows(&call(f, vec![near.clone()])), ["9007199254740993"]);
        }
        let m = int_value(Class::Int16, vec![100.0, 3.0, -5.0, 4.0], 2);
        assert_eq!(
            rows(&call(bi_num2str, vec![m.clone()])),
            ["100   -5", "  3    4"]
        );
        assert_eq!(
            rows(&call(bi_int2str, vec![m.clone()])),
            ["100   -5", "  3    4"]
        );
        assert_eq!(rows(&call(bi_mat2str, vec![m.clone()])), ["[100 -5;3 4]"]);
        assert_eq!(
            rows(&call(bi_mat2str, vec![m, Value::str("class")])),
            ["int16([100 -5;3 4])"]
        );
        let r = int_value(Class::Int8, vec![1.0, -2.0, 3.0], 1);
        assert_eq!(rows(&call(bi_num2str, vec![r.clone()])), ["1 -2  3"]);
        assert_eq!(
            rows(&call(bi_num2str, vec![r.clone(), Value::num(4.0)])),
            ["1  -2   3"]
        );
        assert_eq!(
            rows(&call(bi_num2str, vec![r, Value::str("%d,")])),
            ["1,-2,3,"]
        );
        let empty = int_value(Class::UInt8, vec![], 0);
        assert_eq!(call(bi_num2str, vec![empty.clone()]).numel(), 0);
        assert_eq!(rows(&call(bi_mat2str, vec![empty])), ["[]"]);
    }

    #[test]
    fn single_as_text_uses_its_value() {
        use crate::value::C32;
        let pi = Value::Single(Array::scalar(std::f32::consts::PI));
        assert_eq!(rows(&call(bi_num2str, vec![pi.clone()])), ["3.1416"]);
        assert_eq!(
            rows(&call(bi_mat2str, vec![pi.clone()])),
            ["3.14159274101257"]
        );
        assert_eq!(
            rows(&call(bi_mat2str, vec![pi.clone(), Value::str("class")])),
            ["single(3.14159274101257)"]
        );
        assert_eq!(rows(&call(bi_int2str, vec![pi])), ["3"]);
        let m = Value::Single(Array::new(Dims::mat(2, 2), vec![1.5, 3.0, 2.0, 4.0]));
        assert_eq!(rows(&call(bi_mat2str, vec![m])), ["[1.5 2;3 4]"]);
        let z = Value::SingleComplex(Array::row(vec![C32::new(1.0, 2.0), C32::new(3.0, 0.0)]));
        assert_eq!(rows(&call(bi_mat2str, vec![z.clone()])), ["[1+2i 3+0i]"]);
        assert_eq!(rows(&call(bi_num2str, vec![z.clone()])), ["1+2i   3+0i"]);
        assert_eq!(rows(&call(bi_int2str, vec![z])), ["1  3"]);
    }

    #[test]
    fn containers_are_refused_with_octaves_message() {
        let cell = Value::cell(Array::scalar(Value::num(1.0)));
        let handle = Value::func(crate::value::Func::Named("sin".into()));
        for v in [cell, handle] {
            let e = try_call(bi_num2str, vec![v.clone()]).unwrap_err();
            assert_eq!(
                e.message,
                "num2str: X must be a numeric, logical, or character array"
            );
            let e = try_call(bi_int2str, vec![v.clone()]).unwrap_err();
            assert_eq!(
                e.message,
                "int2str: N must be a numeric, logical, or character array"
            );
            assert!(try_call(bi_mat2str, vec![v]).is_err());
        }
    }
}
