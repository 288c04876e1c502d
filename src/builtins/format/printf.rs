//! The printf engine behind `sprintf`, `fprintf`, `printf`, `num2str`,
//! `error` and `warning`, following Octave's `oct-stream.cc` rules:
//!
//! * the format is split into literal-text elements and conversion elements;
//! * all arguments are flattened column-major into one stream of values;
//!   `%s` takes the rest of a char argument at once (or a run of small
//!   integers from a numeric one), other conversions take one element;
//! * the format is recycled while values remain, and output stops at the
//!   first conversion that finds no value left;
//! * `%d`-style conversions of non-integers switch to `%g` (keeping flags,
//!   width and precision), Inf/NaN print as text padded to the width.
//!
//! Numbers are formatted in pure Rust with C's exact `%f/%e/%g` rules.

use crate::error::{Error, Result};
use crate::value::{IntElem, Value};

/// Largest field width or precision accepted (keeps output allocation bounded).
const MAX_FIELD: usize = 1 << 20;

/// Process backslash escapes of a format string as Octave's
/// `do_string_escapes` does (unknown escapes warn and keep the character).
pub fn do_escapes(s: &[u16]) -> Vec<u16> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if c != u16::from(b'\\') || i + 1 >= s.len() {
            out.push(c);
            i += 1;
            continue;
        }
        let n = s[i + 1];
        i += 2;
        let simple = match char::from_u32(u32::from(n)).unwrap_or('\u{fffd}') {
            'a' => Some(7),
            'b' => Some(8),
            'f' => Some(12),
            'n' => Some(10),
            'r' => Some(13),
            't' => Some(9),
            'v' => Some(11),
            '\\' => Some(u16::from(b'\\')),
            '\'' => Some(u16::from(b'\'')),
            '"' => Some(u16::from(b'"')),
            _ => None,
        };
        if let Some(v) = simple {
            out.push(v);
        } else if (u16::from(b'0')..=u16::from(b'7')).contains(&n) {
            let mut v = u32::from(n - u16::from(b'0'));
            let mut k = 1;
            while k < 3 && i < s.len() && (u16::from(b'0')..=u16::from(b'7')).contains(&s[i]) {
                v = v * 8 + u32::from(s[i] - u16::from(b'0'));
                i += 1;
                k += 1;
            }
            out.push(v as u16);
        } else if n == u16::from(b'x') {
            let mut v = 0u32;
            let mut k = 0;
            while k < 2 && i < s.len() {
                match char::from_u32(u32::from(s[i])).and_then(|c| c.to_digit(16)) {
                    Some(d) => {
                        v = v * 16 + d;
                        i += 1;
                        k += 1;
                    }
                    None => break,
                }
            }
            if k == 0 {
                crate::error::warn("malformed hex escape sequence '\\x' -- converting to '\\0'");
            }
            out.push(v as u16);
        } else {
            let ch = String::from_utf16_lossy(&[n]);
            crate::error::warn(&format!(
                "unrecognized escape sequence '\\{ch}' -- converting to '{ch}'"
            ));
            out.push(n);
        }
    }
    out
}

/// Field width or precision: absent, taken from the arguments (`*`), or given.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Field {
    None,
    Star,
    Given(usize),
}

/// One element of a parsed format.
#[derive(Clone, Debug)]
enum Elt {
    /// Literal text (no value consumed).
    Text(Vec<u16>),
    /// `%%`.
    Percent,
    Conv(Spec),
}

#[derive(Clone, Debug)]
struct Spec {
    flags: Flags,
    width: Field,
    prec: Field,
    ty: u8,
}

#[derive(Clone, Copy, Debug, Default)]
struct Flags {
    left: bool,
    plus: bool,
    space: bool,
    zero: bool,
    alt: bool,
}

fn invalid_format(who: &str) -> Error {
    Error::new(format!("{who}: invalid format specified"))
}

/// Split a format into elements; returns them and the number of conversions.
fn parse_format(fmt: &[u16], who: &str) -> Result<(Vec<Elt>, usize)> {
    let mut elts = Vec::new();
    let mut text: Vec<u16> = Vec::new();
    let mut nconv = 0;
    let mut i = 0;
    let at = |k: usize| -> u8 {
        match fmt.get(k) {
            Some(&c) if c < 128 => c as u8,
            Some(_) => 0xff,
            None => 0,
        }
    };
    while i < fmt.len() {
        if fmt[i] != u16::from(b'%') {
            text.push(fmt[i]);
            i += 1;
            continue;
        }
        if !text.is_empty() {
            elts.push(Elt::Text(std::mem::take(&mut text)));
        }
        i += 1;
        let mut flags = Flags::default();
        loop {
            match at(i) {
                b'-' => flags.left = true,
                b'+' => flags.plus = true,
                b' ' => flags.space = true,
                b'0' => flags.zero = true,
                b'#' => flags.alt = true,
                _ => break,
            }
            i += 1;
        }
        let number = |i: &mut usize| -> Result<usize> {
            let mut v: usize = 0;
            while at(*i).is_ascii_digit() {
                v = v
                    .saturating_mul(10)
                    .saturating_add(usize::from(at(*i) - b'0'));
                *i += 1;
            }
            if v > MAX_FIELD {
                return Err(Error::new(format!(
                    "{who}: invalid field width, must be integer >= 0 and <= INT_MAX"
                )));
            }
            Ok(v)
        };
        let mut width = Field::None;
        if at(i) == b'*' {
            width = Field::Star;
            i += 1;
        } else if at(i).is_ascii_digit() {
            width = Field::Given(number(&mut i)?);
        }
        let mut prec = Field::None;
        if at(i) == b'.' {
            i += 1;
            if at(i) == b'*' {
                prec = Field::Star;
                i += 1;
            } else {
                prec = Field::Given(number(&mut i)?);
            }
        }
        let modifier = matches!(at(i), b'h' | b'l' | b'L');
        let m = at(i);
        if modifier {
            i += 1;
        }
        let ty = at(i);
        let ok = match ty {
            b'd' | b'i' | b'o' | b'x' | b'X' | b'u' | b'c' => !(modifier && m == b'L'),
            b'f' | b'e' | b'E' | b'g' | b'G' => !(modifier && m != b'L'),
            b's' | b'%' => !modifier,
            _ => false,
        };
        if !ok {
            return Err(invalid_format(who));
        }
        i += 1;
        if ty == b'%' {
            elts.push(Elt::Percent);
        } else {
            nconv += 1;
            elts.push(Elt::Conv(Spec {
                flags,
                width,
                prec,
                ty,
            }));
        }
    }
    if !text.is_empty() || elts.is_empty() {
        elts.push(Elt::Text(text));
    }
    Ok((elts, nconv))
}

/// One argument, flattened.
enum Source {
    Chars(Vec<u16>),
    Nums(Vec<f64>),
    /// An integer-class argument, kept exact: int64 and uint64 values
    /// beyond 2^53 print every digit under `%d` (as MATLAB prints them).
    Ints(Vec<i128>),
}

impl Source {
    fn len(&self) -> usize {
        match self {
            Source::Chars(c) => c.len(),
            Source::Nums(v) => v.len(),
            Source::Ints(v) => v.len(),
        }
    }
    /// Element `k` of a numeric source as a double.
    fn num(&self, k: usize) -> Option<f64> {
        match self {
            Source::Chars(_) => None,
            Source::Nums(v) => v.get(k).copied(),
            Source::Ints(v) => v.get(k).map(|&x| x as f64),
        }
    }
    /// Element `k` of a numeric source as a conversion argument.
    fn got(&self, k: usize) -> Got {
        match self {
            Source::Ints(v) => Got::Int(v.get(k).copied().unwrap_or(0)),
            _ => Got::Num(self.num(k).unwrap_or(0.0)),
        }
    }
}

/// A value handed to a conversion.
enum Got {
    /// An empty argument consumed by a numeric conversion (prints nothing).
    Empty,
    /// Text (a `%s` run, a char element, or an empty argument for `%s`/`%c`).
    Str(Vec<u16>),
    /// One element of a char array given to a numeric conversion.
    Char(u16),
    Num(f64),
    /// One element of an integer-class array.
    Int(i128),
}

struct Cache {
    vals: Vec<Source>,
    val_idx: usize,
    elt_idx: usize,
    failed: bool,
}

impl Cache {
    fn new(args: &[Value], who: &str) -> Result<Cache> {
        let mut vals = Vec::with_capacity(args.len());
        for a in args {
            vals.push(match a {
                Value::Char(c) => Source::Chars(c.data().to_vec()),
                Value::Complex(c) => Source::Nums(c.data().iter().map(|z| z.re).collect()),
                Value::SingleComplex(c) => {
                    Source::Nums(c.data().iter().map(|z| f64::from(z.re)).collect())
                }
                Value::Int(ia) => Source::Ints(
                    crate::with_int!(ia, a => a.data().iter().map(|x| x.to_i128()).collect()),
                ),
                Value::Cell(_) => return Err(Error::wrong_type(who, "cell")),
                Value::Struct(_) | Value::Func(_) => {
                    return Err(Error::wrong_type(who, crate::ops::type_name(a)))
                }
                other => Source::Nums(other.to_num_array(who)?.data().to_vec()),
            });
        }
        Ok(Cache {
            vals,
            val_idx: 0,
            elt_idx: 0,
            failed: false,
        })
    }

    fn exhausted(&self) -> bool {
        self.val_idx >= self.vals.len()
    }

    fn advance_if_done(&mut self, n: usize) {
        if self.elt_idx >= n {
            self.elt_idx = 0;
            self.val_idx += 1;
        }
    }

    fn next(&mut self, ty: u8) -> Option<Got> {
        if self.exhausted() {
            self.failed = true;
            return None;
        }
        if let Some(src) = self.vals.get(self.val_idx) {
            let n = src.len();
            if n == 0 {
                self.val_idx += 1;
                self.elt_idx = 0;
                return Some(if ty == b's' || ty == b'c' {
                    Got::Str(Vec::new())
                } else {
                    Got::Empty
                });
            }
            let k = self.elt_idx;
            let got = match src {
                Source::Chars(c) if ty == b's' => {
                    self.elt_idx = n;
                    Got::Str(c.get(k..).unwrap_or(&[]).to_vec())
                }
                Source::Chars(c) => {
                    self.elt_idx += 1;
                    Got::Char(c.get(k).copied().unwrap_or(0))
                }
                _ if ty == b's' => {
                    let run: Vec<u16> = (k..n)
                        .map_while(|j| src.num(j))
                        .take_while(|&x| x.round() == x && (0.0..=255.0).contains(&x))
                        .map(|x| x as u16)
                        .collect();
                    if run.is_empty() {
                        self.elt_idx += 1;
                        src.got(k)
                    } else {
                        self.elt_idx += run.len();
                        Got::Str(run)
                    }
                }
                _ => {
                    self.elt_idx += 1;
                    let x = src.num(k).unwrap_or(0.0);
                    if ty == b'c' && x.round() == x && (0.0..256.0).contains(&x) {
                        Got::Str(vec![x as u16])
                    } else {
                        src.got(k)
                    }
                }
            };
            self.advance_if_done(n);
            return Some(got);
        }
        self.failed = true;
        None
    }

    /// A `*` width or precision: a non-negative integer value.
    fn int_value(&mut self, who: &str) -> Result<usize> {
        let x = match self.next(0) {
            Some(Got::Num(x)) => x,
            Some(Got::Int(v)) => v as f64,
            Some(Got::Char(c)) => f64::from(c),
            _ => f64::NAN,
        };
        if !(x >= 0.0 && x.round() == x && x <= MAX_FIELD as f64) {
            return Err(Error::new(format!(
                "{who}: invalid field width, must be integer >= 0 and <= INT_MAX"
            )));
        }
        Ok(x as usize)
    }
}

/// Format `args` with `fmt` (escapes already processed), as UTF-16 units.
pub fn format_units(fmt: &[u16], args: &[Value], who: &str) -> Result<Vec<u16>> {
    let (elts, nconv) = parse_format(fmt, who)?;
    let mut cache = Cache::new(args, who)?;
    let mut out: Vec<u16> = Vec::new();
    let mut idx = 0;
    while let Some(elt) = elts.get(idx) {
        match elt {
            Elt::Percent => out.push(u16::from(b'%')),
            Elt::Text(t) if !t.is_empty() => out.extend_from_slice(t),
            Elt::Text(_) => {
                // An empty format: consumes nothing, prints nothing.
                break;
            }
            Elt::Conv(spec) => {
                let width = match spec.width {
                    Field::Star => Some(cache.int_value(who)?),
                    Field::Given(w) => Some(w),
                    Field::None => None,
                };
                let prec = match spec.prec {
                    Field::Star => Some(cache.int_value(who)?),
                    Field::Given(p) => Some(p),
                    Field::None => None,
                };
                let Some(got) = cache.next(spec.ty) else {
                    break;
                };
                let s = Resolved {
                    flags: spec.flags,
                    width,
                    prec,
                    ty: spec.ty,
                };
                match got {
                    Got::Empty => {}
                    Got::Str(text) => pad_string(&mut out, &s, &text),
                    Got::Char(c) if spec.ty == b's' || spec.ty == b'c' => {
                        pad_string(&mut out, &s, &[c])
                    }
                    Got::Char(c) => format_number(&mut out, &s, f64::from(c)),
                    Got::Num(x) => format_number(&mut out, &s, x),
                    Got::Int(v) => format_int_value(&mut out, &s, v),
                }
            }
        }
        idx += 1;
        if idx >= elts.len() {
            if nconv > 0 && !cache.exhausted() {
                idx = 0;
            } else {
                break;
            }
        }
        if cache.exhausted() && matches!(elts.get(idx), Some(Elt::Conv(_))) {
            break;
        }
        if cache.failed {
            break;
        }
    }
    Ok(out)
}

/// A conversion with its `*` fields resolved.
struct Resolved {
    flags: Flags,
    width: Option<usize>,
    prec: Option<usize>,
    ty: u8,
}

fn pad_string(out: &mut Vec<u16>, s: &Resolved, text: &[u16]) {
    let text = match s.prec {
        Some(p) if p < text.len() => &text[..p],
        _ => text,
    };
    let w = s.width.unwrap_or(0);
    let pad = w.saturating_sub(text.len());
    if !s.flags.left {
        out.extend(std::iter::repeat_n(u16::from(b' '), pad));
    }
    out.extend_from_slice(text);
    if s.flags.left {
        out.extend(std::iter::repeat_n(u16::from(b' '), pad));
    }
}

fn push_ascii(out: &mut Vec<u16>, s: &str) {
    out.extend(s.encode_utf16());
}

/// Numeric conversion of one value, with Octave's fallbacks.
fn format_number(out: &mut Vec<u16>, s: &Resolved, x: f64) {
    if !x.is_finite() {
        let t = if x.is_nan() {
            if s.flags.plus {
                "+NaN"
            } else {
                "NaN"
            }
        } else if x < 0.0 {
            "-Inf"
        } else if s.flags.plus {
            "+Inf"
        } else {
            "Inf"
        };
        let r = Resolved {
            flags: s.flags,
            width: s.width,
            prec: None,
            ty: b's',
        };
        pad_string(out, &r, &t.encode_utf16().collect::<Vec<_>>());
        return;
    }
    let integral = x.trunc() == x;
    let text = match s.ty {
        b'd' | b'i' if integral && x <= i64::MAX as f64 => fmt_int(
            s,
            (x as i64).unsigned_abs(),
            x < 0.0 && (x as i64) != 0,
            10,
            false,
        ),
        b'c' if integral && x <= i64::MAX as f64 => {
            let mut buf = Vec::new();
            if let Some(ch) = char::from_u32(x as u32).filter(|_| (0.0..1.114e6).contains(&x)) {
                push_ascii(&mut buf, &ch.to_string());
            }
            pad_string(out, s, &buf);
            return;
        }
        b'o' | b'x' | b'X' | b'u' if integral && x >= 0.0 && x <= u64::MAX as f64 => {
            let base = match s.ty {
                b'o' => 8,
                b'u' => 10,
                _ => 16,
            };
            fmt_int(s, x as u64, false, base, s.ty == b'X')
        }
        b'f' | b'e' | b'E' | b'g' | b'G' => fmt_float(s, x, s.ty),
        _ => fmt_float(s, x, b'g'),
    };
    push_ascii(out, &text);
}

/// Numeric conversion of an integer-class element: as its double would
/// print, except that integer conversions of values beyond 2^53 (int64,
/// uint64) print every digit instead of going through a rounded double.
fn format_int_value(out: &mut Vec<u16>, s: &Resolved, v: i128) {
    const EXACT: i128 = 1 << 53;
    let mag = u64::try_from(v.unsigned_abs()).unwrap_or(u64::MAX);
    let text = match s.ty {
        _ if (-EXACT..=EXACT).contains(&v) => return format_number(out, s, v as f64),
        b'd' | b'i' => fmt_int(s, mag, v < 0, 10, false),
        b'o' | b'x' | b'X' | b'u' if v >= 0 => {
            let base = match s.ty {
                b'o' => 8,
                b'u' => 10,
                _ => 16,
            };
            fmt_int(s, mag, false, base, s.ty == b'X')
        }
        _ => return format_number(out, s, v as f64),
    };
    push_ascii(out, &text);
}

/// Pads sign+prefix+digits to the width (zero padding goes after the sign).
fn pad_number(s: &Resolved, sign: &str, body: &str, zero_ok: bool) -> String {
    let len = sign.len() + body.len();
    let w = s.width.unwrap_or(0);
    if len >= w {
        return format!("{sign}{body}");
    }
    let pad = w - len;
    if s.flags.left {
        format!("{sign}{body}{}", " ".repeat(pad))
    } else if s.flags.zero && zero_ok {
        format!("{sign}{}{body}", "0".repeat(pad))
    } else {
        format!("{}{sign}{body}", " ".repeat(pad))
    }
}

fn sign_of(s: &Resolved, negative: bool) -> &'static str {
    if negative {
        "-"
    } else if s.flags.plus {
        "+"
    } else if s.flags.space {
        " "
    } else {
        ""
    }
}

fn fmt_int(s: &Resolved, mag: u64, negative: bool, base: u32, upper: bool) -> String {
    let mut digits = match base {
        8 => format!("{mag:o}"),
        16 if upper => format!("{mag:X}"),
        16 => format!("{mag:x}"),
        _ => mag.to_string(),
    };
    if let Some(p) = s.prec {
        if p == 0 && mag == 0 {
            digits.clear();
        } else if digits.len() < p {
            digits = format!("{}{digits}", "0".repeat(p - digits.len()));
        }
    }
    let mut prefix = String::new();
    if s.flags.alt {
        if base == 8 && !digits.starts_with('0') {
            digits.insert(0, '0');
        } else if base == 16 && mag != 0 {
            prefix.push_str(if upper { "0X" } else { "0x" });
        }
    }
    let sign = if base == 10 && matches!(s.ty, b'd' | b'i') {
        sign_of(s, negative)
    } else {
        ""
    };
    pad_number(s, &format!("{sign}{prefix}"), &digits, s.prec.is_none())
}

/// `d.ddd` mantissa and decimal exponent of |x| with `p` fraction digits.
fn exp_parts(ax: f64, p: usize) -> (String, i32) {
    let t = format!("{ax:.p$e}");
    match t.split_once('e') {
        Some((m, e)) => (m.to_string(), e.parse().unwrap_or(0)),
        None => (t, 0),
    }
}

fn exp_suffix(e: i32, upper: bool) -> String {
    let sign = if e < 0 { '-' } else { '+' };
    let ch = if upper { 'E' } else { 'e' };
    format!("{ch}{sign}{:02}", e.unsigned_abs())
}

fn strip_zeros(m: &mut String) {
    if m.contains('.') {
        while m.ends_with('0') {
            m.pop();
        }
        if m.ends_with('.') {
            m.pop();
        }
    }
}

/// C's `%f`, `%e`, `%g` (and upper-case forms) for a finite value.
fn fmt_float(s: &Resolved, x: f64, ty: u8) -> String {
    let ax = x.abs();
    let negative = x.is_sign_negative();
    let alt = s.flags.alt;
    let body = match ty {
        b'f' => {
            let p = s.prec.unwrap_or(6);
            let mut b = format!("{ax:.p$}");
            if alt && p == 0 {
                b.push('.');
            }
            b
        }
        b'e' | b'E' => {
            let p = s.prec.unwrap_or(6);
            let (mut m, e) = exp_parts(ax, p);
            if alt && p == 0 {
                m.push('.');
            }
            m + &exp_suffix(e, ty == b'E')
        }
        _ => {
            let p = match s.prec {
                Some(0) => 1,
                Some(p) => p,
                None => 6,
            };
            let x_exp = if ax == 0.0 { 0 } else { exp_parts(ax, p - 1).1 };
            if (x_exp as i64) < p as i64 && x_exp >= -4 {
                let fp = (p as i64 - 1 - x_exp as i64).max(0) as usize;
                let mut b = format!("{ax:.fp$}");
                if alt {
                    if !b.contains('.') {
                        b.push('.');
                    }
                } else {
                    strip_zeros(&mut b);
                }
                b
            } else {
                let (mut m, e) = exp_parts(ax, p - 1);
                if alt {
                    if !m.contains('.') {
                        m.push('.');
                    }
                } else {
                    strip_zeros(&mut m);
                }
                m + &exp_suffix(e, ty == b'G')
            }
        }
    };
    pad_number(s, sign_of(s, negative), &body, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp(fmt: &str, args: &[Value]) -> String {
        let f: Vec<u16> = fmt.encode_utf16().collect();
        String::from_utf16_lossy(&format_units(&do_escapes(&f), args, "sprintf").unwrap())
    }

    #[test]
    fn integer_classes_print_exactly() {
        use crate::value::{Array, IntArray, C32};
        let i64s = Value::Int(IntArray::I64(Array::row(vec![
            i64::MAX,
            i64::MIN,
            9007199254740993,
        ])));
        assert_eq!(
            sp("%d|", std::slice::from_ref(&i64s)),
            "9223372036854775807|-9223372036854775808|9007199254740993|"
        );
        assert_eq!(
            sp(
                "%i,%5d",
                &[Value::Int(IntArray::I8(Array::row(vec![5, -3])))]
            ),
            "5,   -3"
        );
        let u = Value::Int(IntArray::U64(Array::scalar(u64::MAX)));
        assert_eq!(
            sp("%d %u %x", &[u.clone(), u.clone(), u]),
            "18446744073709551615 18446744073709551615 ffffffffffffffff"
        );
        // Within 2^53 every conversion is the double's, Octave's fallbacks too.
        let small = Value::Int(IntArray::I8(Array::scalar(-1)));
        assert_eq!(
            sp("%x|%5.2f|%e", &[small.clone(), small.clone(), small]),
            "-1|-1.00|-1.000000e+00"
        );
        assert_eq!(
            sp("%s", &[Value::Int(IntArray::U8(Array::row(vec![72, 105])))]),
            "Hi"
        );
        assert_eq!(sp("%g", &[Value::Single(Array::scalar(0.1))]), "0.1");
        assert_eq!(
            sp("%.10f", &[Value::Single(Array::scalar(0.1))]),
            "0.1000000015"
        );
        assert_eq!(
            sp(
                "%d",
                &[Value::SingleComplex(Array::scalar(C32::new(3.0, 4.0)))]
            ),
            "3"
        );
    }

    #[test]
    fn integer_conversions_and_fallbacks() {
        assert_eq!(sp("%d", &[Value::num(1.5)]), "1.5");
        assert_eq!(sp("%d", &[Value::num(std::f64::consts::PI)]), "3.14159");
        assert_eq!(sp("%d", &[Value::num(123456789.5)]), "1.23457e+08");
        assert_eq!(sp("%5d|", &[Value::num(1.5)]), "  1.5|");
        assert_eq!(sp("%.2d", &[Value::num(std::f64::consts::PI)]), "3.1");
        assert_eq!(sp("%x", &[Value::num(-1.0)]), "-1");
        assert_eq!(sp("%o", &[Value::num(8.0)]), "10");
        assert_eq!(sp("%05d", &[Value::num(42.0)]), "00042");
        assert_eq!(
            sp("%.3d|%.0d|", &[Value::num(5.0), Value::num(0.0)]),
            "005||"
        );
        assert_eq!(sp("% d|%+d", &[Value::num(5.0), Value::num(5.0)]), " 5|+5");
        assert_eq!(sp("%d", &[Value::num(-0.0)]), "0");
        assert_eq!(
            sp("%d", &[Value::num(-(2f64.powi(63)))]),
            "-9223372036854775808"
        );
        assert_eq!(
            sp(
                "%#o %#x %#X %#.0f %#g",
                &[8.0, 255.0, 255.0, 3.0, 2.0].map(Value::num)
            ),
            "010 0xff 0XFF 3. 2.00000"
        );
    }

    #[test]
    fn float_conversions() {
        assert_eq!(sp("%g", &[Value::num(-0.0)]), "-0");
        assert_eq!(sp("%g", &[Value::num(100000.0)]), "100000");
        assert_eq!(sp("%g", &[Value::num(1e6)]), "1e+06");
        assert_eq!(sp("%g", &[Value::num(1e-4)]), "0.0001");
        assert_eq!(sp("%g", &[Value::num(1.23456789e-5)]), "1.23457e-05");
        assert_eq!(
            sp("%10.4g|", &[Value::num(std::f64::consts::PI * 1000.0)]),
            "      3142|"
        );
        assert_eq!(
            sp(
                "%.0e|%G|%E",
                &[Value::num(12345.0), Value::num(1e-10), Value::num(0.5)]
            ),
            "1e+04|1E-10|5.000000E-01"
        );
        assert_eq!(
            sp("%.2f %.2f %.1f", &[0.125, 0.375, 0.25].map(Value::num)),
            "0.12 0.38 0.2"
        );
        assert_eq!(sp("%e", &[Value::num(0.0)]), "0.000000e+00");
        assert_eq!(sp("%5.1f%%|", &[Value::num(2.25)]), "  2.2%|");
    }

    #[test]
    fn nonfinite_values() {
        assert_eq!(sp("%d", &[Value::num(f64::NAN)]), "NaN");
        assert_eq!(sp("%5d|", &[Value::num(f64::INFINITY)]), "  Inf|");
        assert_eq!(sp("%-6d|", &[Value::num(f64::NEG_INFINITY)]), "-Inf  |");
        assert_eq!(sp("%05d|", &[Value::num(f64::NAN)]), "  NaN|");
        assert_eq!(sp("%+5.1f|", &[Value::num(f64::NEG_INFINITY)]), " -Inf|");
        assert_eq!(sp("%+d", &[Value::num(f64::INFINITY)]), "+Inf");
    }

    #[test]
    fn strings_and_recycling() {
        assert_eq!(sp("%s", &[Value::num(65.0)]), "A");
        assert_eq!(sp("%s|", &[Value::row(vec![72.0, 105.0])]), "Hi|");
        assert_eq!(sp("%d", &[Value::str("abc")]), "979899");
        assert_eq!(
            sp("%c%d|", &[Value::str("ab"), Value::num(5.0)]),
            "a98|\u{5}"
        );
        assert_eq!(sp("%5s|", &[Value::str("abc")]), "  abc|");
        assert_eq!(sp("%.3s|", &[Value::str("abcdef")]), "abc|");
        assert_eq!(
            sp(
                "%d %s",
                &[Value::num(1.0), Value::str("abc"), Value::num(2.0)]
            ),
            "1 abc2 "
        );
        assert_eq!(sp("%d,", &[Value::row(vec![1.0, 2.0, 3.0])]), "1,2,3,");
        assert_eq!(
            sp("%d-%d;", &[Value::row(vec![1.0, 2.0, 3.0, 4.0])]),
            "1-2;3-4;"
        );
        assert_eq!(
            sp("(%d,%d)", &[Value::matrix(2, 2, vec![1.0, 3.0, 2.0, 4.0])]),
            "(1,3)(2,4)"
        );
        assert_eq!(
            sp(
                "%s %s|",
                &[Value::str("ab"), Value::str("cd"), Value::str("e")]
            ),
            "ab cd|e "
        );
        assert_eq!(sp("%s=%d|", &[Value::str("x"), Value::empty()]), "x=|");
        assert_eq!(sp("a%db", &[Value::empty()]), "ab");
        assert_eq!(sp("a %d b", &[]), "a ");
        assert_eq!(sp("hello", &[Value::num(1.0)]), "hello");
        assert_eq!(sp("%d", &[]), "");
        assert_eq!(sp("", &[]), "");
        assert_eq!(
            sp(
                "%*d|%-*.*f|",
                &[5.0, 3.0, 8.0, 2.0, std::f64::consts::PI].map(Value::num)
            ),
            "    3|3.14    |"
        );
        assert_eq!(sp("%5.3s|", &[Value::num(65.0)]), "    A|");
    }

    #[test]
    fn escapes() {
        assert_eq!(sp("a\\tb\\\\c\\x41\\101", &[]), "a\tb\\cAA");
    }

    #[test]
    fn bad_formats_are_errors() {
        let f: Vec<u16> = "abc%".encode_utf16().collect();
        assert!(format_units(&f, &[], "sprintf").is_err());
        let f: Vec<u16> = "%y".encode_utf16().collect();
        assert!(format_units(&f, &[], "sprintf").is_err());
    }
}
