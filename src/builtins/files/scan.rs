//! Formatted reading of text, as C's scanf and MATLAB's sscanf do it: the
//! format is applied again and again while it consumes input; each numeric
//! conversion gives a number, %s and %c give their characters' codes, and
//! a format of character conversions only gives text.

use super::super::reduce::{check_nargout, check_nargs};
use super::text;
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::ops::alloc_vec;
use crate::value::{Array, Dims, Value};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// %d and %u (decimal), %o (octal), %x (hex), %i (base from prefix).
    Int(u32),
    IntAuto,
    Float,
    Str,
    Chars,
    Set,
}

#[derive(Clone, Debug)]
enum Item {
    /// Whitespace in the format: skips any amount of input whitespace.
    Space,
    /// A character that must match.
    Lit(char),
    Conv {
        skip: bool,
        width: Option<usize>,
        kind: Kind,
        /// The characters of a %[...] set, and whether it is negated.
        set: Vec<char>,
        negate: bool,
    },
}

/// Backslash escapes of a format, as sprintf reads them.
pub(super) fn unescape(fmt: &str) -> String {
    let mut out = String::with_capacity(fmt.len());
    let mut it = fmt.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('a') => out.push('\x07'),
            Some('f') => out.push('\x0c'),
            Some('v') => out.push('\x0b'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn parse_format(fmt: &str, who: &str) -> Result<Vec<Item>> {
    let chars: Vec<char> = unescape(fmt).chars().collect();
    let mut items = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            items.push(Item::Space);
            continue;
        }
        if c != '%' {
            items.push(Item::Lit(c));
            i += 1;
            continue;
        }
        i += 1;
        if chars.get(i) == Some(&'%') {
            items.push(Item::Lit('%'));
            i += 1;
            continue;
        }
        let skip = chars.get(i) == Some(&'*');
        if skip {
            i += 1;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let width = if i > start {
            let w: String = chars[start..i].iter().collect();
            Some(w.parse::<usize>().unwrap_or(usize::MAX).max(1))
        } else {
            None
        };
        // Length modifiers change nothing here.
        while i < chars.len() && matches!(chars[i], 'l' | 'h' | 'L') {
            i += 1;
        }
        let Some(&conv) = chars.get(i) else {
            return Err(Error::new(format!("{who}: invalid format specifier")));
        };
        i += 1;
        let mut set = Vec::new();
        let mut negate = false;
        let kind = match conv {
            'd' | 'u' => Kind::Int(10),
            'o' => Kind::Int(8),
            'x' | 'X' => Kind::Int(16),
            'i' => Kind::IntAuto,
            'f' | 'e' | 'g' | 'E' | 'G' | 'a' => Kind::Float,
            's' => Kind::Str,
            'c' => Kind::Chars,
            '[' => {
                if chars.get(i) == Some(&'^') {
                    negate = true;
                    i += 1;
                }
                // A ']' first is part of the set.
                if chars.get(i) == Some(&']') {
                    set.push(']');
                    i += 1;
                }
                while i < chars.len() && chars[i] != ']' {
                    if chars[i] == '-'
                        && !set.is_empty()
                        && i + 1 < chars.len()
                        && chars[i + 1] != ']'
                    {
                        let (lo, hi) = (set[set.len() - 1], chars[i + 1]);
                        let (lo, hi) = (lo as u32, hi as u32);
                        for code in lo + 1..=hi.max(lo) {
                            if let Some(ch) = char::from_u32(code) {
                                set.push(ch);
                            }
                        }
                        i += 2;
                        continue;
                    }
                    set.push(chars[i]);
                    i += 1;
                }
                if i >= chars.len() {
                    return Err(Error::new(format!("{who}: invalid format specifier")));
                }
                i += 1;
                Kind::Set
            }
            _ => return Err(Error::new(format!("{who}: invalid format specifier"))),
        };
        items.push(Item::Conv {
            skip,
            width,
            kind,
            set,
            negate,
        });
    }
    Ok(items)
}

/// What a scan read.
pub struct Scanned {
    pub values: Vec<f64>,
    /// Conversions that succeeded (a %s counts once).
    pub count: usize,
    /// Where reading stopped (0-based, in chars).
    pub pos: usize,
    /// The format failed to match the input before it ended.
    pub failed: bool,
    /// Every conversion of the format reads text (%s, %c, %[).
    pub text_only: bool,
}

struct Reader<'a> {
    s: &'a [char],
    pos: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.s.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    /// Digits of `base` (at most `max` chars), as their value.
    fn digits(&mut self, base: u32, max: &mut usize) -> Option<f64> {
        let mut v = 0.0;
        let mut any = false;
        while *max > 0 {
            match self.peek().and_then(|c| c.to_digit(base)) {
                Some(d) => {
                    v = v * f64::from(base) + f64::from(d);
                    any = true;
                    self.pos += 1;
                    *max -= 1;
                }
                None => break,
            }
        }
        any.then_some(v)
    }

    fn sign(&mut self, max: &mut usize) -> f64 {
        match self.peek() {
            Some(c @ ('+' | '-')) if *max > 0 => {
                self.pos += 1;
                *max -= 1;
                if c == '-' {
                    -1.0
                } else {
                    1.0
                }
            }
            _ => 1.0,
        }
    }

    fn int(&mut self, base: Option<u32>, width: Option<usize>) -> Option<f64> {
        let start = self.pos;
        let mut max = width.unwrap_or(usize::MAX);
        let sign = self.sign(&mut max);
        let prefixed =
            |r: &Reader| r.peek() == Some('0') && matches!(r.s.get(r.pos + 1), Some('x' | 'X'));
        let base = match base {
            Some(16) => {
                if prefixed(self) && max >= 3 {
                    self.pos += 2;
                    max -= 2;
                }
                16
            }
            Some(b) => b,
            None if prefixed(self) && max >= 3 => {
                self.pos += 2;
                max -= 2;
                16
            }
            None if self.peek() == Some('0') => 8,
            None => 10,
        };
        match self.digits(base, &mut max) {
            Some(v) => Some(sign * v),
            None => {
                self.pos = start;
                None
            }
        }
    }

    fn float(&mut self, width: Option<usize>) -> Option<f64> {
        let start = self.pos;
        let mut max = width.unwrap_or(usize::MAX);
        let mut text = String::new();
        if let Some(c @ ('+' | '-')) = self.peek() {
            if max > 0 {
                text.push(c);
                self.pos += 1;
                max -= 1;
            }
        }
        // Inf and NaN, in any case.
        for word in ["inf", "nan"] {
            let n = word.len();
            if max >= n
                && self.s.len() >= self.pos + n
                && self.s[self.pos..self.pos + n]
                    .iter()
                    .collect::<String>()
                    .eq_ignore_ascii_case(word)
            {
                self.pos += n;
                let v = if word == "inf" {
                    f64::INFINITY
                } else {
                    f64::NAN
                };
                return Some(if text == "-" { -v } else { v });
            }
        }
        let mut mantissa = false;
        let take = |r: &mut Reader, text: &mut String, max: &mut usize| -> bool {
            let mut any = false;
            while *max > 0 && r.peek().is_some_and(|c| c.is_ascii_digit()) {
                text.push(r.s[r.pos]);
                r.pos += 1;
                *max -= 1;
                any = true;
            }
            any
        };
        mantissa |= take(self, &mut text, &mut max);
        if max > 0 && self.peek() == Some('.') {
            text.push('.');
            self.pos += 1;
            max -= 1;
            mantissa |= take(self, &mut text, &mut max);
        }
        if !mantissa {
            self.pos = start;
            return None;
        }
        if max > 0 && matches!(self.peek(), Some('e' | 'E' | 'd' | 'D')) {
            let save = (self.pos, text.len(), max);
            text.push('e');
            self.pos += 1;
            max -= 1;
            if let Some(c @ ('+' | '-')) = self.peek() {
                if max > 0 {
                    text.push(c);
                    self.pos += 1;
                    max -= 1;
                }
            }
            if !take(self, &mut text, &mut max) {
                self.pos = save.0;
                text.truncate(save.1);
            }
        }
        text.parse::<f64>().ok()
    }
}

/// Scan `input` with `fmt`, stopping after `limit` values.
pub fn scan_text(input: &str, fmt: &str, limit: usize, who: &str) -> Result<Scanned> {
    let items = parse_format(fmt, who)?;
    let convs: Vec<&Item> = items
        .iter()
        .filter(|i| matches!(i, Item::Conv { skip: false, .. }))
        .collect();
    let text_only = !convs.is_empty()
        && convs.iter().all(|i| {
            matches!(
                i,
                Item::Conv {
                    kind: Kind::Str | Kind::Chars | Kind::Set,
                    ..
                }
            )
        });
    let chars: Vec<char> = input.chars().collect();
    let mut r = Reader { s: &chars, pos: 0 };
    let mut values = Vec::new();
    let mut count = 0;
    let mut failed = false;
    let has_conv = items.iter().any(|i| matches!(i, Item::Conv { .. }));
    'cycles: loop {
        let cycle_start = r.pos;
        for item in &items {
            if values.len() >= limit {
                break 'cycles;
            }
            match item {
                Item::Space => r.skip_space(),
                Item::Lit(c) => {
                    if r.peek() == Some(*c) {
                        r.pos += 1;
                    } else {
                        failed = r.peek().is_some();
                        break 'cycles;
                    }
                }
                Item::Conv {
                    skip,
                    width,
                    kind,
                    set,
                    negate,
                } => {
                    if !matches!(kind, Kind::Chars | Kind::Set) {
                        r.skip_space();
                    }
                    if r.peek().is_none() {
                        break 'cycles;
                    }
                    let got: Option<Vec<f64>> = match kind {
                        Kind::Int(b) => r.int(Some(*b), *width).map(|v| vec![v]),
                        Kind::IntAuto => r.int(None, *width).map(|v| vec![v]),
                        Kind::Float => r.float(*width).map(|v| vec![v]),
                        Kind::Str => {
                            let mut v = Vec::new();
                            let max = width.unwrap_or(usize::MAX);
                            while v.len() < max && r.peek().is_some_and(|c| !c.is_whitespace()) {
                                v.push(f64::from(r.s[r.pos] as u32));
                                r.pos += 1;
                            }
                            (!v.is_empty()).then_some(v)
                        }
                        Kind::Chars => {
                            let n = width.unwrap_or(1);
                            let mut v = Vec::new();
                            while v.len() < n && r.peek().is_some() {
                                v.push(f64::from(r.s[r.pos] as u32));
                                r.pos += 1;
                            }
                            Some(v)
                        }
                        Kind::Set => {
                            let mut v = Vec::new();
                            let max = width.unwrap_or(usize::MAX);
                            while v.len() < max
                                && r.peek().is_some_and(|c| set.contains(&c) != *negate)
                            {
                                v.push(f64::from(r.s[r.pos] as u32));
                                r.pos += 1;
                            }
                            (!v.is_empty()).then_some(v)
                        }
                    };
                    match got {
                        Some(v) => {
                            if !skip {
                                let room = limit - values.len();
                                values.extend(v.into_iter().take(room));
                                count += 1;
                            }
                        }
                        None => {
                            failed = true;
                            break 'cycles;
                        }
                    }
                }
            }
        }
        if !has_conv || r.pos == cycle_start || r.pos >= chars.len() {
            break;
        }
    }
    Ok(Scanned {
        values,
        count,
        pos: r.pos,
        failed,
        text_only,
    })
}

/// The shape a SIZE argument gives what is read: m rows, and n columns
/// or as many as needed (`None`).
pub(crate) type Shape = Option<(usize, Option<usize>)>;

/// A size argument of sscanf/fscanf/fread: the number of values to read at
/// most, and the shape to give them (`None` for a column).
pub(crate) fn size_arg(v: Option<&Value>, who: &str) -> Result<(usize, Shape)> {
    let Some(v) = v else {
        return Ok((usize::MAX, None));
    };
    let a = v.to_num_array(who)?;
    let bad = || Error::new(format!("{who}: invalid SIZE specification"));
    let extent = |x: f64| -> Result<Option<usize>> {
        if x == f64::INFINITY {
            Ok(None)
        } else if x >= 0.0 && x.fract() == 0.0 && x <= 1e15 {
            Ok(Some(x as usize))
        } else {
            Err(bad())
        }
    };
    match a.data() {
        [n] => Ok((extent(*n)?.unwrap_or(usize::MAX), None)),
        [m, n] => {
            let m = extent(*m)?.ok_or_else(bad)?;
            let n = extent(*n)?;
            let limit = match n {
                Some(n) => m.saturating_mul(n),
                None => usize::MAX,
            };
            Ok((limit, Some((m, n))))
        }
        _ => Err(bad()),
    }
}

/// Values read by a scan (or fread) shaped as the SIZE argument asks: a
/// column, or m rows filled column by column and padded with zeros.
pub(crate) fn shape_values(values: Vec<f64>, shape: Shape) -> Result<Array<f64>> {
    match shape {
        None => {
            let n = values.len();
            Ok(Array::new(Dims::col(n), values))
        }
        Some((m, n)) => {
            let count = values.len();
            let cols = if m == 0 {
                n.unwrap_or(0)
            } else {
                count.div_ceil(m)
            };
            let total = m.saturating_mul(cols);
            let mut data = alloc_vec(total)?;
            data.extend(values);
            data.resize(total, 0.0);
            Ok(Array::new(Dims::mat(m, cols), data))
        }
    }
}

/// The outputs of sscanf/fscanf: the values (text when the format reads
/// only text and no SIZE shapes them), the count and the error message.
pub(crate) fn scan_outputs(s: Scanned, shape: Shape, who: &str) -> Result<Vec<Value>> {
    let count = s.count;
    let msg = if s.failed {
        format!("{who}: format failed to match")
    } else {
        String::new()
    };
    let a = if s.text_only && shape.is_none() {
        let text: String = s
            .values
            .iter()
            .filter_map(|&c| char::from_u32(c as u32))
            .collect();
        Value::str(&text)
    } else {
        let arr = shape_values(s.values, shape)?;
        if s.text_only {
            Value::Char(arr.map(|&c| c as u16))
        } else {
            Value::Num(arr)
        }
    };
    Ok(vec![a, Value::num(count as f64), Value::str(&msg)])
}

/// sscanf: read formatted data from a string.
///
/// `A = sscanf(str, format)` reads str with the scanf-style format,
/// applying it again while it consumes input, and returns the numbers read
/// as a column (the characters of %s and %c as their codes; text when the
/// format has only %s/%c conversions).
///
/// `A = sscanf(str, format, size)` reads at most size values (Inf, n, or
/// [m n] with n possibly Inf, filling m rows column by column).
///
/// `[A, count, errmsg, nextindex] = sscanf(...)` also returns how many
/// conversions succeeded, an error message when the format stopped
/// matching, and the index of the first character not read.
///
/// ```text
/// >> sscanf('3 4 5', '%d')'
/// ans =
///
///    3   4   5
/// ```
pub fn sscanf(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 4, "sscanf")?;
    check_nargs(&args, 2, 3, "sscanf")?;
    let input = match &args[0] {
        Value::Char(_) => args[0].to_str("sscanf")?,
        _ => return Err(Error::new("sscanf: STRING must be a string")),
    };
    let fmt = text(&args[1], "sscanf", "format TEMPLATE")?;
    let (limit, shape) = size_arg(args.get(2), "sscanf")?;
    let s = scan_text(&input, &fmt, limit, "sscanf")?;
    let next = s.pos + 1;
    let mut out = scan_outputs(s, shape, "sscanf")?;
    out.push(Value::num(next as f64));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(s: &str, f: &str) -> Vec<f64> {
        scan_text(s, f, usize::MAX, "t").unwrap().values
    }

    #[test]
    fn numbers_and_cycles() {
        assert_eq!(scan("1.5 2", "%d"), vec![1.0]);
        assert_eq!(scan("x=3, y=4", "x=%d, y=%d"), vec![3.0, 4.0]);
        assert_eq!(scan("1,2,3", "%d,"), vec![1.0, 2.0, 3.0]);
        assert_eq!(scan("ff 10", "%x"), vec![255.0, 16.0]);
        assert_eq!(scan("12345", "%2d"), vec![12.0, 34.0, 5.0]);
        assert_eq!(scan("0x1A 010", "%i"), vec![26.0, 8.0]);
        assert_eq!(scan("1 2", "%*d %d"), vec![2.0]);
        let v = scan("Inf -inf 1e3 2.5E-1", "%f");
        assert_eq!(v, vec![f64::INFINITY, f64::NEG_INFINITY, 1000.0, 0.25]);
        assert!(scan("NaN", "%g")[0].is_nan());
    }

    #[test]
    fn text_conversions() {
        let s = scan_text("abc def", "%s", usize::MAX, "t").unwrap();
        assert!(s.text_only);
        assert_eq!(s.values.len(), 6);
        assert_eq!(scan("  hi", "%c"), vec![32.0, 32.0, 104.0, 105.0]);
        assert_eq!(scan("12abc", "%d%s"), vec![12.0, 97.0, 98.0, 99.0]);
        assert_eq!(scan("ab12", "%[a-z]%d"), vec![97.0, 98.0, 12.0]);
    }

    #[test]
    fn failure_position_and_count() {
        let s = scan_text("1 2 abc", "%f", usize::MAX, "t").unwrap();
        assert_eq!((s.count, s.pos, s.failed), (2, 4, true));
        let s = scan_text("1 2 3 4 5", "%d", 3, "t").unwrap();
        assert_eq!(s.values, vec![1.0, 2.0, 3.0]);
    }
}
