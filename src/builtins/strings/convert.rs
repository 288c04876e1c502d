//! Text <-> number conversions: `str2double` (strict parse of one number,
//! real or complex, NaN otherwise) and the base conversions `dec2bin`,
//! `dec2hex`, `dec2base`, `bin2dec`, `hex2dec`, `base2dec` (Octave 7 rules:
//! one row per element, zero-padded to a common width; negative integers in
//! two's complement of the smallest fitting width).

use super::{rows_of, rows_to_char, Ctx};
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Value, C64};

/// Parses an unsigned real magnitude at `s[*i..]`: digits with optional
/// fraction and exponent, or Inf / NaN / NA. `None` when nothing matches.
fn parse_magnitude(s: &[u8], i: &mut usize) -> Option<f64> {
    let rest = &s[*i..];
    let lower: Vec<u8> = rest
        .iter()
        .take(8)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    for (word, v) in [
        (&b"infinity"[..], f64::INFINITY),
        (b"inf", f64::INFINITY),
        (b"nan", f64::NAN),
        (b"na", f64::NAN),
    ] {
        if lower.starts_with(word) {
            *i += word.len();
            return Some(v);
        }
    }
    let start = *i;
    let mut k = *i;
    let digits = |k: &mut usize| {
        let b = *k;
        while *k < s.len() && s[*k].is_ascii_digit() {
            *k += 1;
        }
        *k - b
    };
    let int_digits = digits(&mut k);
    let mut frac_digits = 0;
    if k < s.len() && s[k] == b'.' {
        k += 1;
        frac_digits = digits(&mut k);
    }
    if int_digits + frac_digits == 0 {
        return None;
    }
    if k < s.len() && matches!(s[k], b'e' | b'E' | b'd' | b'D') {
        let mut e = k + 1;
        if e < s.len() && matches!(s[e], b'+' | b'-') {
            e += 1;
        }
        if digits(&mut e) == 0 {
            return None;
        }
        k = e;
    }
    let text: String = s[start..k]
        .iter()
        .map(|&c| {
            if c == b'd' || c == b'D' {
                'e'
            } else {
                c as char
            }
        })
        .collect();
    *i = k;
    text.parse().ok()
}

fn skip_ws(s: &[u8], i: &mut usize) {
    while *i < s.len() && s[*i].is_ascii_whitespace() {
        *i += 1;
    }
}

/// One signed term: `[+-] [number] [*] [i|j]`; returns (value, is_imaginary).
fn parse_term(s: &[u8], i: &mut usize, need_sign: bool) -> Option<(f64, bool)> {
    skip_ws(s, i);
    let mut sign = 1.0;
    let mut signed = false;
    while *i < s.len() && matches!(s[*i], b'+' | b'-') {
        if s[*i] == b'-' {
            sign = -sign;
        }
        signed = true;
        *i += 1;
        skip_ws(s, i);
    }
    if need_sign && !signed {
        return None;
    }
    let mag = parse_magnitude(s, i);
    let mut k = *i;
    skip_ws(s, &mut k);
    if mag.is_some() && k < s.len() && s[k] == b'*' {
        k += 1;
        skip_ws(s, &mut k);
    }
    if k < s.len() && matches!(s[k], b'i' | b'j' | b'I' | b'J') {
        *i = k + 1;
        return Some((sign * mag.unwrap_or(1.0), true));
    }
    mag.map(|m| (sign * m, false))
}

/// Octave's str2double for one string; `None` means NaN.
pub fn parse_double(text: &str) -> Option<C64> {
    let cleaned: Vec<u8> = text.bytes().filter(|&c| c != b',').collect();
    let s = cleaned.as_slice();
    let mut i = 0;
    let (a, a_im) = parse_term(s, &mut i, false)?;
    skip_ws(s, &mut i);
    if i == s.len() {
        return Some(if a_im {
            C64::new(0.0, a)
        } else {
            C64::new(a, 0.0)
        });
    }
    let (b, b_im) = parse_term(s, &mut i, true)?;
    skip_ws(s, &mut i);
    if i != s.len() || a_im == b_im {
        return None;
    }
    Some(if a_im { C64::new(b, a) } else { C64::new(a, b) })
}

/// str2double: convert text to a double.
///
/// `X = str2double(S)` is the number written in the string S (real or
/// complex, with Inf and NaN accepted), or NaN when S is not a number.
/// For a cell array, each cell is converted (NaN for non-strings).
///
/// ```text
/// >> str2double('3.14')
/// ans = 3.1400
/// >> str2double({'1', 'x', '2e3'})
/// ans =
///
///       1    NaN   2000
/// ```
pub fn bi_str2double(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if args.len() != 1 {
        return Err(Error::nargin("str2double"));
    }
    if let Value::Cell(c) = &args[0] {
        // One number per element; anything but a char row is NaN.
        let vals: Vec<C64> = c
            .data()
            .iter()
            .map(|e| match e {
                Value::Char(a) if a.rows() <= 1 => {
                    parse_double(&String::from_utf16_lossy(a.data()))
                        .unwrap_or(C64::new(f64::NAN, 0.0))
                }
                _ => C64::new(f64::NAN, 0.0),
            })
            .collect();
        return Ok(vec![
            Value::Complex(Array::new(c.dims().clone(), vals)).narrowed()
        ]);
    }
    let Value::Char(a) = &args[0] else {
        return Ok(vec![Value::num(f64::NAN)]);
    };
    let rows: Vec<Vec<u16>> = if a.rows() <= 1 {
        vec![a.data().to_vec()]
    } else {
        rows_of(a)
    };
    let vals: Vec<C64> = rows
        .iter()
        .map(|r| {
            let t = String::from_utf16_lossy(r);
            parse_double(&t).unwrap_or(C64::new(f64::NAN, 0.0))
        })
        .collect();
    let n = vals.len();
    let v = Value::Complex(Array::new(Dims::col(n), vals)).narrowed();
    Ok(vec![v])
}

/// The numbers of a dec2base argument, exactly: numeric or logical
/// arrays, or a cell array of them (taken element by element).
fn exact_values(v: &Value, who: &str, bad: &dyn Fn() -> Error) -> Result<Vec<i128>> {
    use crate::value::IntElem;
    let _ = who;
    // A float is taken when it is a whole number within 64 bits.
    let exact = |x: f64| {
        if x.is_finite() && x.fract() == 0.0 && x.abs() < 1.9e19 {
            Ok(x as i128)
        } else {
            Err(bad())
        }
    };
    match v {
        Value::Int(ia) => {
            Ok(crate::with_int!(ia, a => a.data().iter().map(|x| x.to_i128()).collect()))
        }
        Value::Num(a) => a.data().iter().map(|&x| exact(x)).collect(),
        Value::Single(a) => a.data().iter().map(|&x| exact(f64::from(x))).collect(),
        Value::Bool(a) => Ok(a.data().iter().map(|&b| i128::from(b)).collect()),
        Value::Cell(c) => {
            let mut out = Vec::with_capacity(c.numel());
            for e in c.data() {
                if matches!(e, Value::Cell(_)) {
                    return Err(bad());
                }
                out.extend(exact_values(e, who, bad)?);
            }
            Ok(out)
        }
        _ => Err(bad()),
    }
}

/// Non-negative integer values for `dec2base`; with `allow_negative`
/// (dec2bin, dec2hex) negatives in two's complement over the narrowest of
/// 8, 16, 32 or 64 bits that holds every value.
fn integers(v: &Value, who: &str, allow_negative: bool) -> Result<Vec<u64>> {
    let bad = || {
        Error::new(if allow_negative {
            format!("{who}: input must be integers")
        } else {
            format!("{who}: input must be real non-negative integers")
        })
    };
    let d = exact_values(v, who, &bad)?;
    if d.iter().any(|&x| x < 0) {
        if !allow_negative {
            return Err(bad());
        }
        let fits = |lo: i128, hi: i128| d.iter().all(|&x| (lo..=hi).contains(&x));
        let bits = if fits(-128, 127) {
            8
        } else if fits(-32768, 32767) {
            16
        } else if fits(-2147483648, 2147483647) {
            32
        } else {
            64
        };
        return Ok(d
            .iter()
            .map(|&x| {
                // Saturate to int64, then two's complement in `bits`.
                let x = x.clamp(i128::from(i64::MIN), i128::from(u64::MAX));
                let m = if x < 0 { x as i64 as u64 } else { x as u64 };
                if bits == 64 {
                    m
                } else {
                    m & ((1u64 << bits) - 1)
                }
            })
            .collect());
    }
    Ok(d.iter()
        .map(|&x| x.min(i128::from(u64::MAX)) as u64)
        .collect())
}

fn to_base(mut x: u64, base: u64, symbols: &[u16]) -> Vec<u16> {
    let mut v = Vec::new();
    loop {
        v.push(symbols[(x % base) as usize]);
        x /= base;
        if x == 0 {
            break;
        }
    }
    v.reverse();
    v
}

const SYMBOLS: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

fn len_arg(v: Option<&Value>, who: &str) -> Result<usize> {
    match v {
        None => Ok(0),
        Some(v) => {
            let bad = || Error::new(format!("{who}: LEN must be a non-negative integer"));
            if v.numel() != 1
                || matches!(
                    v,
                    Value::Complex(_) | Value::SingleComplex(_) | Value::Cell(_) | Value::Struct(_)
                )
            {
                return Err(bad());
            }
            let l = v.scalar_f64(who)?;
            if !(l >= 0.0 && l.fract() == 0.0 && l <= 4096.0) {
                return Err(Error::new(format!(
                    "{who}: LEN must be a non-negative integer"
                )));
            }
            Ok(l as usize)
        }
    }
}

fn base_rows(vals: &[u64], base: u64, symbols: &[u16], len: usize) -> Value {
    let strs: Vec<Vec<u16>> = vals.iter().map(|&x| to_base(x, base, symbols)).collect();
    let w = strs.iter().map(Vec::len).max().unwrap_or(0).max(len);
    let rows: Vec<Vec<u16>> = strs
        .into_iter()
        .map(|s| {
            let mut r = vec![symbols[0]; w - s.len()];
            r.extend(s);
            r
        })
        .collect();
    if rows.is_empty() {
        return Value::str("");
    }
    rows_to_char(&rows)
}

fn dec2base_common(args: &[Value], who: &str, base: u64, allow_neg: bool) -> Result<Vec<Value>> {
    if args.is_empty() || args.len() > 2 {
        return Err(Error::nargin(who));
    }
    let vals = integers(&args[0], who, allow_neg)?;
    let len = len_arg(args.get(1), who)?;
    let symbols: Vec<u16> = SYMBOLS.iter().map(|&c| u16::from(c)).collect();
    Ok(vec![base_rows(&vals, base, &symbols, len)])
}

/// dec2bin: binary representation of integers as text.
///
/// `s = dec2bin(d)` returns the binary digits of the nonnegative integer d
/// as a char row; for an array d, one row per element, padded on the left
/// with zeros to a common width. Negative values are shown in two's
/// complement (`dec2bin(-5)` is 11111011).
///
/// `s = dec2bin(d, len)` pads each row with zeros to at least len digits.
///
/// ```text
/// >> dec2bin(10)
/// ans = 1010
/// >> dec2bin(5, 8)
/// ans = 00000101
/// >> dec2bin([1 2 3])
/// ans =
///
/// 01
/// 10
/// 11
/// ```
pub fn bi_dec2bin(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    dec2base_common(&args, "dec2bin", 2, true)
}

/// dec2hex: hexadecimal representation of integers as text.
///
/// `s = dec2hex(d)` returns the hexadecimal digits (0-9, A-F) of the
/// nonnegative integer d as a char row; for an array d, one row per element,
/// padded with zeros to a common width.
///
/// `s = dec2hex(d, len)` pads each row with zeros to at least len digits.
///
/// ```text
/// >> dec2hex(255)
/// ans = FF
/// >> dec2hex(255, 4)
/// ans = 00FF
/// ```
pub fn bi_dec2hex(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    dec2base_common(&args, "dec2hex", 16, true)
}

/// dec2base: representation of integers in any base as text.
///
/// `s = dec2base(d, base)` returns the digits of the nonnegative integer d in
/// base base (2 to 36, digits 0-9 then A-Z) as a char row; for an array d,
/// one row per element, padded to a common width.
///
/// `s = dec2base(d, symbols)` with a string of distinct symbols uses them as
/// the digits: the base is their number.
///
/// `s = dec2base(d, base, len)` pads each row to at least len digits.
///
/// ```text
/// >> dec2base(10, 3)
/// ans = 101
/// >> dec2base(255, 16, 4)
/// ans = 00FF
/// >> dec2base(5, 'ab')
/// ans = bab
/// ```
pub fn bi_dec2base(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if args.len() < 2 || args.len() > 3 {
        return Err(Error::nargin("dec2base"));
    }
    let vals = integers(&args[0], "dec2base", false)?;
    let len = len_arg(args.get(2), "dec2base")?;
    let (base, symbols) = base_arg(&args[1], "dec2base")?;
    Ok(vec![base_rows(&vals, base, &symbols, len)])
}

/// A BASE argument: a number from 2 to 36 (digits 0-9A-Z), or a string of
/// distinct non-blank symbols.
fn base_arg(v: &Value, who: &str) -> Result<(u64, Vec<u16>)> {
    let range = if who == "dec2base" {
        "BASE must be an integer between 2 and 36, or a string of symbols"
    } else {
        "BASE must be between 2 and 36, or a string of symbols"
    };
    match v {
        Value::Char(s) => {
            let sym = s.data().to_vec();
            let mut sorted = sym.clone();
            sorted.sort_unstable();
            sorted.dedup();
            if sorted.len() != sym.len() {
                return Err(Error::new(format!(
                    "{who}: symbols representing digits must be unique"
                )));
            }
            if sym
                .iter()
                .any(|&c| char::from_u32(u32::from(c)).is_some_and(char::is_whitespace))
            {
                return Err(Error::new(format!(
                    "{who}: whitespace characters are not valid symbols"
                )));
            }
            Ok((sym.len() as u64, sym))
        }
        b if b.numel() != 1 && who == "base2dec" => Err(Error::new(
            "base2dec: cannot convert from several bases at once",
        )),
        b => {
            let ok = b.numel() == 1
                && !matches!(
                    b,
                    Value::Complex(_) | Value::SingleComplex(_) | Value::Cell(_) | Value::Struct(_)
                );
            let x = if ok { b.scalar_f64(who)? } else { f64::NAN };
            if !(2.0..=36.0).contains(&x) || x.fract() != 0.0 {
                return Err(Error::new(format!("{who}: {range}")));
            }
            Ok((x as u64, SYMBOLS.iter().map(|&c| u16::from(c)).collect()))
        }
    }
}

/// Strings of digits in `base` (given by `symbols`) to numbers; spaces are
/// ignored, any other unknown character gives NaN.
fn base2dec_common(s: &Value, base: u32, who: &str) -> Result<Vec<Value>> {
    let symbols: Vec<u16> = SYMBOLS.iter().map(|&c| u16::from(c)).collect();
    base2dec_symbols(s, &symbols[..base as usize], who)
}

fn base2dec_symbols(s: &Value, symbols: &[u16], who: &str) -> Result<Vec<Value>> {
    let base = symbols.len() as f64;
    // Letters are digits in either case when the symbols are the default.
    let default = symbols
        .iter()
        .zip(SYMBOLS.iter())
        .all(|(&a, &b)| a == u16::from(b));
    let digit = |c: u16| -> Option<f64> {
        let c = if default && (u16::from(b'a')..=u16::from(b'z')).contains(&c) {
            c - 32
        } else {
            c
        };
        symbols.iter().position(|&x| x == c).map(|p| p as f64)
    };
    let rows: Vec<Vec<u16>> = match s {
        Value::Char(a) if a.rows() <= 1 => vec![a.data().to_vec()],
        Value::Char(a) => rows_of(a),
        Value::Cell(c) => {
            let mut rows = Vec::with_capacity(c.numel());
            for e in c.data() {
                match e {
                    Value::Char(a) => rows.push(a.data().to_vec()),
                    _ => {
                        return Err(Error::new(format!(
                            "{who}: S must be a string or cellstring"
                        )))
                    }
                }
            }
            rows
        }
        _ => {
            return Err(Error::new(format!(
                "{who}: S must be a string or cellstring"
            )))
        }
    };
    let vals: Vec<f64> = rows
        .iter()
        .map(|r| {
            let mut acc = 0.0f64;
            for &c in r.iter().filter(|&&c| c != u16::from(b' ')) {
                match digit(c) {
                    Some(d) => acc = acc * base + d,
                    None => return f64::NAN,
                }
            }
            acc
        })
        .collect();
    let n = vals.len();
    Ok(vec![Value::Num(Array::new(Dims::col(n), vals))])
}

/// bin2dec: convert binary text to numbers.
///
/// `d = bin2dec(s)` returns the value of the binary number in the string s;
/// for a char matrix or a cell array of strings, one value per row or cell,
/// as a column. Spaces are ignored; other invalid strings give NaN.
///
/// ```text
/// >> bin2dec('1011')
/// ans = 11
/// >> bin2dec({'1', '10', '111'})
/// ans =
///
///    1
///    2
///    7
/// ```
pub fn bi_bin2dec(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    match args.as_slice() {
        [s] => base2dec_common(s, 2, "bin2dec"),
        _ => Err(Error::nargin("bin2dec")),
    }
}

/// hex2dec: convert hexadecimal text to numbers.
///
/// `d = hex2dec(s)` returns the value of the hexadecimal number in the
/// string s (digits 0-9 and A-F in either case); for a char matrix or a cell
/// array of strings, one value per row or cell, as a column. Invalid
/// strings give NaN.
///
/// ```text
/// >> hex2dec('FF')
/// ans = 255
/// >> hex2dec({'ff'; '10'})
/// ans =
///
///    255
///     16
/// ```
pub fn bi_hex2dec(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    match args.as_slice() {
        [s] => base2dec_common(s, 16, "hex2dec"),
        _ => Err(Error::nargin("hex2dec")),
    }
}

/// base2dec: convert text in any base to numbers.
///
/// `d = base2dec(s, base)` returns the value of the string s read as a
/// number in base base (2 to 36, digits 0-9 then A-Z, either case); for a
/// char matrix or a cell array of strings, one value per row or cell.
///
/// `d = base2dec(s, symbols)` reads s with the given string of symbols as
/// the digits, the first standing for 0.
///
/// ```text
/// >> base2dec('zz', 36)
/// ans = 1295
/// >> base2dec('121', 3)
/// ans = 16
/// >> base2dec('yyyzx', 'xyz')
/// ans = 123
/// ```
pub fn bi_base2dec(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    match args.as_slice() {
        [s, b] => {
            let (_, symbols) = base_arg(b, "base2dec")?;
            let symbols = match b {
                Value::Char(_) => symbols,
                _ => symbols[..b.scalar_f64("base2dec")? as usize].to_vec(),
            };
            base2dec_symbols(s, &symbols, "base2dec")
        }
        _ => Err(Error::nargin("base2dec")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::call;
    use super::*;

    fn d(s: &str) -> Value {
        call(bi_str2double, vec![Value::str(s)]).unwrap()
    }

    #[test]
    fn str2double_parses_or_gives_nan() {
        assert_eq!(d("2.5"), Value::num(2.5));
        assert_eq!(d("1e3"), Value::num(1000.0));
        assert_eq!(d(" -42 "), Value::num(-42.0));
        assert_eq!(d("-Inf"), Value::num(f64::NEG_INFINITY));
        assert_eq!(d("inf"), Value::num(f64::INFINITY));
        assert_eq!(d(".5"), Value::num(0.5));
        assert_eq!(d("+.5e-2"), Value::num(0.005));
        assert_eq!(d("1,000"), Value::num(1000.0));
        for bad in ["abc", "", "1e", "1 2", "."] {
            assert!(d(bad).scalar_f64("t").unwrap().is_nan(), "{bad}");
        }
        assert_eq!(d("3+4i"), Value::complex(3.0, 4.0));
        assert_eq!(d("2i"), Value::complex(0.0, 2.0));
        assert_eq!(d("-i"), Value::complex(0.0, -1.0));
        assert!(call(bi_str2double, vec![Value::num(5.0)])
            .unwrap()
            .scalar_f64("t")
            .unwrap()
            .is_nan());
    }

    #[test]
    fn base_conversions() {
        let c = |f: crate::builtins::BuiltinFn, a: Vec<Value>| {
            call(f, a).unwrap().char_rows_of().unwrap()
        };
        assert_eq!(c(bi_dec2bin, vec![Value::num(5.0)]), ["101"]);
        assert_eq!(
            c(bi_dec2bin, vec![Value::num(5.0), Value::num(8.0)]),
            ["00000101"]
        );
        assert_eq!(
            c(bi_dec2bin, vec![Value::row(vec![1.0, 2.0, 10.0])]),
            ["0001", "0010", "1010"]
        );
        assert_eq!(c(bi_dec2bin, vec![Value::num(0.0)]), ["0"]);
        assert_eq!(c(bi_dec2bin, vec![Value::num(-5.0)]), ["11111011"]);
        assert_eq!(c(bi_dec2hex, vec![Value::num(255.0)]), ["FF"]);
        assert_eq!(
            c(bi_dec2hex, vec![Value::num(255.0), Value::num(4.0)]),
            ["00FF"]
        );
        assert_eq!(
            call(bi_bin2dec, vec![Value::str("101")]).unwrap(),
            Value::num(5.0)
        );
        assert_eq!(
            call(bi_bin2dec, vec![Value::str("1 0 1")]).unwrap(),
            Value::num(5.0)
        );
        assert_eq!(
            call(bi_hex2dec, vec![Value::str("ff")]).unwrap(),
            Value::num(255.0)
        );
        assert!(call(bi_hex2dec, vec![Value::str("xyz")])
            .unwrap()
            .scalar_f64("t")
            .unwrap()
            .is_nan());
    }
}
