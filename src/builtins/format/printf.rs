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
use smallvec::SmallVec;
use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

/// Largest field width or precision accepted (keeps output allocation bounded).
const MAX_FIELD: usize = 1 << 20;

/// Process backslash escapes of a format string as Octave's
/// `do_string_escapes` does (unknown escapes warn and keep the character).
pub fn do_escapes(s: &[u16]) -> Vec<u16> {
    escapes_checked(s).0
}

/// `do_escapes`, and whether it warned (a format whose escapes warn is not
/// kept in the parse cache, so the warning shows on every call).
fn escapes_checked(s: &[u16]) -> (Vec<u16>, bool) {
    escapes_with(s, true)
}

/// `escapes_checked`, showing its warnings only when `warn`.
fn escapes_with(s: &[u16], warn: bool) -> (Vec<u16>, bool) {
    let mut warned = false;
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
                warned = true;
            }
            if k == 0 && warn {
                crate::error::warn("malformed hex escape sequence '\\x' -- converting to '\\0'");
            }
            out.push(v as u16);
        } else {
            warned = true;
            if warn {
                let ch = String::from_utf16_lossy(&[n]);
                crate::error::warn(&format!(
                    "unrecognized escape sequence '\\{ch}' -- converting to '{ch}'"
                ));
            }
            out.push(n);
        }
    }
    (out, warned)
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

/// One argument, flattened: borrowed from the argument where its elements
/// already are chars or doubles, converted otherwise.
enum Source<'a> {
    Chars(&'a [u16]),
    Nums(Cow<'a, [f64]>),
    /// An integer-class argument, kept exact: int64 and uint64 values
    /// beyond 2^53 print every digit under `%d` (as MATLAB prints them).
    Ints(Vec<i128>),
}

impl Source<'_> {
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
    fn got<'b>(&self, k: usize) -> Got<'b> {
        match self {
            Source::Ints(v) => Got::Int(v.get(k).copied().unwrap_or(0)),
            _ => Got::Num(self.num(k).unwrap_or(0.0)),
        }
    }
}

/// A value handed to a conversion.
enum Got<'a> {
    /// An empty argument consumed by a numeric conversion (prints nothing).
    Empty,
    /// Text (a `%s` run, or an empty argument for `%s`/`%c`).
    Str(Cow<'a, [u16]>),
    /// One char: an element of a char array, or a small integer under `%c`.
    Char(u16),
    Num(f64),
    /// One element of an integer-class array.
    Int(i128),
}

struct Cache<'a> {
    vals: SmallVec<[Source<'a>; 4]>,
    val_idx: usize,
    elt_idx: usize,
    failed: bool,
}

impl<'a> Cache<'a> {
    fn new(args: &'a [Value], who: &str) -> Result<Cache<'a>> {
        Cache::of(args.iter().map(FmtArg::Value), args.len(), who)
    }

    fn of(args: impl Iterator<Item = FmtArg<'a>>, n: usize, who: &str) -> Result<Cache<'a>> {
        let mut vals = SmallVec::with_capacity(n);
        for a in args {
            let a = match a {
                FmtArg::Num(x) => {
                    vals.push(Source::Nums(Cow::Borrowed(std::slice::from_ref(x))));
                    continue;
                }
                FmtArg::Value(a) => a,
            };
            vals.push(match a {
                Value::Char(c) => Source::Chars(c.data()),
                Value::Num(n) => Source::Nums(Cow::Borrowed(n.data())),
                Value::Complex(c) => {
                    Source::Nums(Cow::Owned(c.data().iter().map(|z| z.re).collect()))
                }
                Value::SingleComplex(c) => Source::Nums(Cow::Owned(
                    c.data().iter().map(|z| f64::from(z.re)).collect(),
                )),
                Value::Int(ia) => Source::Ints(
                    crate::with_int!(ia, a => a.data().iter().map(|x| x.to_i128()).collect()),
                ),
                Value::Cell(_) => return Err(Error::wrong_type(who, "cell")),
                Value::Struct(_) | Value::Func(_) => {
                    return Err(Error::wrong_type(who, crate::ops::type_name(a)))
                }
                other => Source::Nums(Cow::Owned(other.to_num_array(who)?.data().to_vec())),
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

    fn next(&mut self, ty: u8) -> Option<Got<'a>> {
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
                    Got::Str(Cow::Borrowed(&[]))
                } else {
                    Got::Empty
                });
            }
            let k = self.elt_idx;
            let got = match src {
                Source::Chars(c) if ty == b's' => {
                    let c: &'a [u16] = c;
                    self.elt_idx = n;
                    Got::Str(Cow::Borrowed(c.get(k..).unwrap_or(&[])))
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
                        Got::Str(Cow::Owned(run))
                    }
                }
                _ => {
                    self.elt_idx += 1;
                    let x = src.num(k).unwrap_or(0.0);
                    if ty == b'c' && x.round() == x && (0.0..256.0).contains(&x) {
                        Got::Char(x as u16)
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

/// A parsed format: its elements (escapes already processed) and the number
/// of conversions among them.
struct Parsed {
    elts: Vec<Elt>,
    nconv: usize,
}

/// Formats kept parsed per thread: a loop calling `sprintf('%d\n', i)`
/// parses its format once. Keyed by the text as given and whether escapes
/// are processed; first in, first out.
const PARSED_SLOTS: usize = 16;
/// Longer formats are parsed on every call (the key would cost more).
const PARSED_MAX_LEN: usize = 256;

type ParsedEntry = (bool, Box<[u16]>, Rc<Parsed>);

thread_local! {
    static PARSED: RefCell<Vec<ParsedEntry>> = const { RefCell::new(Vec::new()) };
}

/// The parsed form of `fmt` (after escape processing when `escapes`), from
/// the cache when it is there. Formats that fail to parse, or whose escapes
/// warn, are not kept, so their error or warning shows on every call.
fn parsed(fmt: &[u16], escapes: bool, who: &str) -> Result<Rc<Parsed>> {
    let cacheable = fmt.len() <= PARSED_MAX_LEN;
    if cacheable {
        let hit = PARSED.with(|c| {
            c.borrow()
                .iter()
                .find(|(e, k, _)| *e == escapes && **k == *fmt)
                .map(|(_, _, p)| Rc::clone(p))
        });
        if let Some(p) = hit {
            return Ok(p);
        }
    }
    let (text, warned) = if escapes && fmt.contains(&u16::from(b'\\')) {
        let (t, w) = escapes_checked(fmt);
        (Cow::Owned(t), w)
    } else {
        (Cow::Borrowed(fmt), false)
    };
    let (elts, nconv) = parse_format(&text, who)?;
    let p = Rc::new(Parsed { elts, nconv });
    if cacheable && !warned {
        PARSED.with(|c| {
            let mut c = c.borrow_mut();
            if c.len() >= PARSED_SLOTS {
                c.remove(0);
            }
            c.push((escapes, fmt.into(), Rc::clone(&p)));
        });
    }
    Ok(p)
}

/// An argument of a format parsed ahead (`Format`): a value, or a real
/// double scalar the caller holds unboxed.
pub enum FmtArg<'a> {
    Value(&'a Value),
    Num(&'a f64),
}

/// A format parsed once, ahead of its calls: the literal format of a
/// compiled `sprintf('...', ...)` call site.
pub struct Format {
    parsed: Rc<Parsed>,
    /// Every conversion numeric, without `*` fields (see `run_scalars`).
    plain: bool,
    /// For a plain format, at most how many characters one pass writes.
    most: usize,
}

/// At most how many characters one numeric conversion writes beyond its
/// width and precision (`%f` of the largest double has 309 digits before
/// the point; signs, points and exponents fit in the rest).
const NUMBER_MOST: usize = 340;

impl Format {
    /// `fmt` as the user wrote it (backslash escapes to process): `None`
    /// when it does not parse or its escapes warn, which the general call
    /// reports at each call.
    pub fn escaped(fmt: &[u16]) -> Option<Format> {
        let (text, warned) = escapes_with(fmt, false);
        if warned {
            return None;
        }
        let (elts, nconv) = parse_format(&text, "sprintf").ok()?;
        let plain = nconv > 0
            && elts.iter().all(|e| match e {
                Elt::Conv(c) => {
                    c.width != Field::Star && c.prec != Field::Star && !matches!(c.ty, b's' | b'c')
                }
                Elt::Text(t) => !t.is_empty(),
                Elt::Percent => true,
            });
        let most = elts
            .iter()
            .map(|e| match e {
                Elt::Conv(c) => {
                    let given = |f: Field| match f {
                        Field::Given(w) => w,
                        _ => 0,
                    };
                    given(c.width) + given(c.prec) + NUMBER_MOST
                }
                Elt::Text(t) => t.len(),
                Elt::Percent => 1,
            })
            .sum();
        Some(Format {
            parsed: Rc::new(Parsed { elts, nconv }),
            plain,
            most,
        })
    }

    /// At most how many characters `write_nums` writes for `n` numbers,
    /// when it writes them straight (a plain format, one number per
    /// conversion); `None` otherwise.
    pub fn most_for(&self, n: usize) -> Option<usize> {
        (self.plain && n == self.parsed.nconv).then_some(self.most)
    }

    /// `write_nums` when `most_for(xs.len())` is `Some`: the numbers
    /// written straight.
    pub fn write_plain(&self, out: &mut Vec<u16>, xs: &[f64]) {
        run_scalars(out, &self.parsed, xs);
    }

    /// `write_into` of real double scalars: one per conversion of a plain
    /// format goes straight to the number writers.
    pub fn write_nums(&self, out: &mut Vec<u16>, xs: &[f64], who: &str) -> Result<()> {
        if self.plain && xs.len() == self.parsed.nconv {
            run_scalars(out, &self.parsed, xs);
            return Ok(());
        }
        self.write_into(out, xs.iter().map(FmtArg::Num), who)
    }

    /// The text `fmt` makes of `args`, appended to `out` (what `sprintf`
    /// returns, with its errors named after `who`).
    pub fn write_into<'a>(
        &self,
        out: &mut Vec<u16>,
        args: impl ExactSizeIterator<Item = FmtArg<'a>>,
        who: &str,
    ) -> Result<()> {
        let n = args.len();
        run_into(out, &self.parsed, Cache::of(args, n, who)?, who, true)
    }
}

/// Format `args` with `fmt` (escapes already processed), as UTF-16 units.
pub fn format_units(fmt: &[u16], args: &[Value], who: &str) -> Result<Vec<u16>> {
    let p = parsed(fmt, false, who)?;
    run(&p, args, who, true)
}

/// Format `args` with `fmt` as the user wrote it (backslash escapes are
/// processed first, as `do_escapes`), as UTF-16 units.
pub fn format_escaped(fmt: &[u16], args: &[Value], who: &str) -> Result<Vec<u16>> {
    let p = parsed(fmt, true, who)?;
    run(&p, args, who, true)
}

/// `format_units` through the general number formatting only (no cache, no
/// fast writers): the reference the fast path is tested against.
#[cfg(test)]
pub(crate) fn format_units_general(fmt: &[u16], args: &[Value], who: &str) -> Result<Vec<u16>> {
    let (elts, nconv) = parse_format(fmt, who)?;
    run(&Parsed { elts, nconv }, args, who, false)
}

/// The printf loop over a parsed format. With `fast`, `%d`/`%i` of
/// integers and `%f`/`%e`/`%g` without the `#` flag are written straight
/// into the output (the same text the general formatting gives).
fn run(p: &Parsed, args: &[Value], who: &str, fast: bool) -> Result<Vec<u16>> {
    let mut out: Vec<u16> = Vec::with_capacity(32);
    run_into(&mut out, p, Cache::new(args, who)?, who, fast)?;
    Ok(out)
}

/// `run`, appending to `out`.
fn run_into(
    out: &mut Vec<u16>,
    p: &Parsed,
    mut cache: Cache<'_>,
    who: &str,
    fast: bool,
) -> Result<()> {
    let elts = &p.elts;
    let nconv = p.nconv;
    let mut scratch = String::new();
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
                    Got::Str(text) => pad_string(out, &s, &text),
                    Got::Char(c) if spec.ty == b's' || spec.ty == b'c' => pad_string(out, &s, &[c]),
                    Got::Char(c) if fast => format_number_fast(out, &s, f64::from(c), &mut scratch),
                    Got::Char(c) => format_number(out, &s, f64::from(c)),
                    Got::Num(x) if fast => format_number_fast(out, &s, x, &mut scratch),
                    Got::Num(x) => format_number(out, &s, x),
                    Got::Int(v) if fast && (-EXACT..=EXACT).contains(&v) => {
                        format_number_fast(out, &s, v as f64, &mut scratch)
                    }
                    Got::Int(v) => format_int_value(out, &s, v),
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
    Ok(())
}

/// `run_into` of a format whose conversions are all numeric without `*`
/// fields, given exactly one real double per conversion: each element in
/// order, no argument stream (the text the general loop writes for it).
fn run_scalars(out: &mut Vec<u16>, p: &Parsed, xs: &[f64]) {
    let given = |f: Field| match f {
        Field::Given(w) => Some(w),
        _ => None,
    };
    let mut scratch = String::new();
    let mut xs = xs.iter();
    for elt in &p.elts {
        match elt {
            Elt::Percent => out.push(u16::from(b'%')),
            Elt::Text(t) => push_units(out, t),
            Elt::Conv(spec) => {
                let s = Resolved {
                    flags: spec.flags,
                    width: given(spec.width),
                    prec: given(spec.prec),
                    ty: spec.ty,
                };
                format_number_fast(out, &s, xs.next().copied().unwrap_or(0.0), &mut scratch);
            }
        }
    }
}

/// `out.extend_from_slice(t)`, element by element for the few units of
/// a line end or a number's digits (a `memcpy` call costs more).
#[inline]
fn push_units(out: &mut Vec<u16>, t: &[u16]) {
    if t.len() <= 8 {
        out.reserve(t.len());
        for &c in t {
            out.push(c);
        }
    } else {
        out.extend_from_slice(t);
    }
}

/// Whether finite `x` is a whole number (`x.trunc() == x` without the
/// library call: every finite double of magnitude 2^52 or more is whole,
/// and below that the conversion to `i64` is exact).
#[inline]
fn is_whole(x: f64) -> bool {
    x.abs() >= 4_503_599_627_370_496.0 || (x as i64) as f64 == x
}

/// Integers of this magnitude or less print as their double would.
const EXACT: i128 = 1 << 53;

/// `format_number` for the common conversions without building strings:
/// `%d`/`%i` of an integral value as digits, `%f`/`%e`/`%g` (and `%d` of a
/// non-integer, which prints as `%g`) through `scratch`; anything else (the
/// `#` flag, non-finite values, `%c`/`%o`/`%x`/`%X`/`%u`) goes to
/// `format_number`.
fn format_number_fast(out: &mut Vec<u16>, s: &Resolved, x: f64, scratch: &mut String) {
    if !x.is_finite() || s.flags.alt {
        return format_number(out, s, x);
    }
    let ty = match s.ty {
        b'd' | b'i' if is_whole(x) && x <= i64::MAX as f64 => {
            // As format_number: saturating conversion (below i64::MIN too).
            let v = x as i64;
            return int_fast(out, s, v.unsigned_abs(), x < 0.0 && v != 0);
        }
        b'd' | b'i' => b'g',
        b'f' | b'e' | b'E' | b'g' | b'G' => s.ty,
        _ => return format_number(out, s, x),
    };
    float_fast(out, s, x, ty, scratch);
}

/// "00" to "99": the digits of each number below 100.
const DIGIT_PAIRS: [u8; 200] = {
    let mut t = [0u8; 200];
    let mut k = 0;
    while k < 100 {
        t[2 * k] = b'0' + (k / 10) as u8;
        t[2 * k + 1] = b'0' + (k % 10) as u8;
        k += 1;
    }
    t
};

/// `fmt_int` in base 10 for `%d`/`%i`, written into `out`.
fn int_fast(out: &mut Vec<u16>, s: &Resolved, mag: u64, negative: bool) {
    if s.width.is_none() && s.prec.is_none() && !s.flags.plus && !s.flags.space {
        // The common `%d`: the sign and digits alone, two digits a step.
        let mut buf = [0u16; 21];
        let mut i = buf.len();
        let mut m = mag;
        while m >= 100 {
            let r = (m % 100) as usize;
            m /= 100;
            i -= 2;
            buf[i] = u16::from(DIGIT_PAIRS[2 * r]);
            buf[i + 1] = u16::from(DIGIT_PAIRS[2 * r + 1]);
        }
        if m >= 10 {
            i -= 2;
            buf[i] = u16::from(DIGIT_PAIRS[2 * m as usize]);
            buf[i + 1] = u16::from(DIGIT_PAIRS[2 * m as usize + 1]);
        } else {
            i -= 1;
            buf[i] = u16::from(b'0') + m as u16;
        }
        if negative {
            i -= 1;
            buf[i] = u16::from(b'-');
        }
        push_units(out, &buf[i..]);
        return;
    }
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut m = mag;
    loop {
        i -= 1;
        buf[i] = b'0' + (m % 10) as u8;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    let mut digits: &[u8] = &buf[i..];
    let mut zeros = 0;
    if let Some(p) = s.prec {
        if p == 0 && mag == 0 {
            digits = &[];
        } else if digits.len() < p {
            zeros = p - digits.len();
        }
    }
    push_padded(
        out,
        s,
        sign_of(s, negative).as_bytes(),
        zeros,
        digits,
        s.prec.is_none(),
    );
}

/// `pad_number` of sign, `zeros` zeros and `body`, written into `out`.
fn push_padded(
    out: &mut Vec<u16>,
    s: &Resolved,
    sign: &[u8],
    zeros: usize,
    body: &[u8],
    zero_ok: bool,
) {
    let len = sign.len() + zeros + body.len();
    let pad = s.width.unwrap_or(0).saturating_sub(len);
    let zero_pad = s.flags.zero && zero_ok && !s.flags.left;
    if !s.flags.left && !zero_pad {
        out.extend(std::iter::repeat_n(u16::from(b' '), pad));
    }
    out.extend(sign.iter().map(|&b| u16::from(b)));
    if zero_pad {
        out.extend(std::iter::repeat_n(u16::from(b'0'), pad));
    }
    out.extend(std::iter::repeat_n(u16::from(b'0'), zeros));
    out.extend(body.iter().map(|&b| u16::from(b)));
    if s.flags.left {
        out.extend(std::iter::repeat_n(u16::from(b' '), pad));
    }
}

/// Digits after the point past which every double prints zeros (2^-1074
/// has 1074, and no double has more significant digits). Rust's formatter
/// panics on a precision above `u16::MAX`, so a longer precision is written
/// as this many digits and then zeros (exact: nothing is rounded away).
const EXACT_DIGITS: usize = 1100;

/// `{ax:.p$}` appended to `buf`, for any precision.
fn push_fixed(buf: &mut String, ax: f64, p: usize) {
    use std::fmt::Write as _;
    let q = p.min(EXACT_DIGITS);
    let _ = write!(buf, "{ax:.q$}");
    buf.extend(std::iter::repeat_n('0', p - q));
}

/// `{ax:.p$e}` appended to `buf`, for any precision.
fn push_exp_form(buf: &mut String, ax: f64, p: usize) {
    use std::fmt::Write as _;
    let q = p.min(EXACT_DIGITS);
    let start = buf.len();
    let _ = write!(buf, "{ax:.q$e}");
    if p > q {
        if let Some(at) = buf[start..].find('e') {
            let exp = buf.split_off(start + at);
            buf.extend(std::iter::repeat_n('0', p - q));
            buf.push_str(&exp);
        }
    }
}

/// `exp_parts` into `scratch`: leaves the mantissa there, returns the
/// exponent.
fn exp_into(scratch: &mut String, ax: f64, p: usize) -> i32 {
    scratch.clear();
    push_exp_form(scratch, ax, p);
    match scratch.find('e') {
        Some(at) => {
            let e = scratch[at + 1..].parse().unwrap_or(0);
            scratch.truncate(at);
            e
        }
        None => 0,
    }
}

/// `exp_suffix` appended to `scratch`.
fn push_exp(scratch: &mut String, e: i32, upper: bool) {
    use std::fmt::Write as _;
    scratch.push(if upper { 'E' } else { 'e' });
    scratch.push(if e < 0 { '-' } else { '+' });
    let _ = write!(scratch, "{:02}", e.unsigned_abs());
}

/// `fmt_float` without the `#` flag, through `scratch`, into `out`.
fn float_fast(out: &mut Vec<u16>, s: &Resolved, x: f64, ty: u8, scratch: &mut String) {
    let ax = x.abs();
    match ty {
        b'f' => {
            let p = s.prec.unwrap_or(6);
            scratch.clear();
            push_fixed(scratch, ax, p);
        }
        b'e' | b'E' => {
            let p = s.prec.unwrap_or(6);
            let e = exp_into(scratch, ax, p);
            push_exp(scratch, e, ty == b'E');
        }
        _ => {
            let p = match s.prec {
                Some(0) => 1,
                Some(p) => p,
                None => 6,
            };
            let x_exp = if ax == 0.0 {
                scratch.clear();
                0
            } else {
                exp_into(scratch, ax, p - 1)
            };
            if (x_exp as i64) < p as i64 && x_exp >= -4 {
                let fp = (p as i64 - 1 - x_exp as i64).max(0) as usize;
                scratch.clear();
                push_fixed(scratch, ax, fp);
                strip_zeros(scratch);
            } else {
                // scratch holds the mantissa exp_into left (ax is not 0 here).
                strip_zeros(scratch);
                push_exp(scratch, x_exp, ty == b'G');
            }
        }
    }
    push_padded(
        out,
        s,
        sign_of(s, x.is_sign_negative()).as_bytes(),
        0,
        scratch.as_bytes(),
        true,
    );
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
        let t = if crate::value::is_na(x) {
            if s.flags.plus {
                "+NA"
            } else {
                "NA"
            }
        } else if x.is_nan() {
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
    let mut t = String::new();
    push_exp_form(&mut t, ax, p);
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
            let mut b = String::new();
            push_fixed(&mut b, ax, p);
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
                let mut b = String::new();
                push_fixed(&mut b, ax, fp);
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

    use crate::test_rng::Rng;

    /// Numbers printf has rules for: NaN, Inf, -0, huge, tiny, negative
    /// integers, non-integers, values at the i64 and 2^53 edges, rounding ties.
    const NUMS: &[f64] = &[
        0.0,
        -0.0,
        1.0,
        -1.0,
        7.0,
        42.0,
        -123.0,
        100000.0,
        999999.5,
        1e6,
        -1e15,
        123456789.0,
        9007199254740993.0,
        i64::MAX as f64,
        i64::MIN as f64,
        1.8446744073709552e19,
        1e300,
        -1e300,
        f64::MAX,
        1e-300,
        5e-324,
        1e-5,
        1e-4,
        0.5,
        -2.5,
        0.125,
        0.375,
        2.675,
        std::f64::consts::PI,
        -std::f64::consts::E,
        123456.789,
        0.1,
        65.0,
        255.0,
        256.0,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];

    fn random_value(r: &mut Rng) -> Value {
        use crate::value::{Array, IntArray};
        match r.index(10) {
            0..=3 => Value::num(*r.pick(NUMS)),
            4 => Value::row((0..1 + r.index(4)).map(|_| *r.pick(NUMS)).collect()),
            5 => Value::num(r.index(12) as f64),
            6 => Value::str(r.pick::<&str>(&["", "a", "abc", "x y", "%d", "\u{e9}t\u{e9}"])),
            7 => Value::Int(IntArray::I64(Array::row(vec![*r.pick(&[
                i64::MAX,
                i64::MIN,
                -5,
                0,
                9007199254740993,
                300,
            ])]))),
            8 => Value::Single(Array::scalar(*r.pick(NUMS) as f32)),
            _ => Value::Bool(Array::row(vec![true, false])),
        }
    }

    fn random_format(r: &mut Rng) -> String {
        let mut f = String::new();
        for _ in 0..1 + r.index(3) {
            f.push_str(r.pick::<&str>(&["", "", "x=", " ", "\\n", "\\t", "|", "%%", "\\\\"]));
            f.push('%');
            for flag in ["-", "+", " ", "0", "#"] {
                if r.index(5) == 0 {
                    f.push_str(flag);
                }
            }
            match r.index(4) {
                0 => f.push_str(&r.index(25).to_string()),
                1 => f.push('*'),
                _ => {}
            }
            match r.index(4) {
                0 => f.push_str(&format!(".{}", r.index(20))),
                1 => f.push_str(".*"),
                _ => {}
            }
            f.push(*r.pick(&[
                'd', 'd', 'd', 'i', 'f', 'f', 'e', 'E', 'g', 'g', 'G', 's', 'c', 'u', 'x', 'o', 'X',
            ]));
        }
        if r.index(2) == 0 {
            f.push_str("\\n");
        }
        f
    }

    fn general(fmt: &str, args: &[Value]) -> Result<Vec<u16>> {
        let f: Vec<u16> = fmt.encode_utf16().collect();
        format_units_general(&do_escapes(&f), args, "sprintf")
    }

    fn fast(fmt: &str, args: &[Value]) -> Result<Vec<u16>> {
        let f: Vec<u16> = fmt.encode_utf16().collect();
        format_escaped(&f, args, "sprintf")
    }

    fn same(fmt: &str, args: &[Value]) {
        let want = general(fmt, args).map_err(|e| e.to_string());
        // Twice: parsed on the first call, from the cache on the second.
        for round in 0..2 {
            let got = fast(fmt, args).map_err(|e| e.to_string());
            assert_eq!(
                got.as_ref().map(|u| String::from_utf16_lossy(u)),
                want.as_ref().map(|u| String::from_utf16_lossy(u)),
                "sprintf('{fmt}', {args:?}) round {round}"
            );
        }
    }

    #[test]
    fn fast_path_matches_general_path_on_random_formats() {
        let mut r = Rng::new(0x5EED_F0A7);
        let mut outputs = std::collections::HashSet::new();
        for _ in 0..20_000 {
            let fmt = random_format(&mut r);
            let args: Vec<Value> = (0..r.index(5)).map(|_| random_value(&mut r)).collect();
            same(&fmt, &args);
            if let Ok(u) = general(&fmt, &args) {
                outputs.insert(u);
            }
        }
        // The cases really differ (a generator stuck on one case checks nothing).
        assert!(
            outputs.len() > 5_000,
            "only {} distinct outputs",
            outputs.len()
        );
    }

    #[test]
    fn fast_path_matches_general_path_on_every_number() {
        let convs = ["d", "i", "f", "e", "E", "g", "G", "c", "u", "x"];
        let specs = [
            "", "5", "-5", "05", "+", " ", "+08", "-+12", ".0", ".1", ".3", ".10", "8.3", "-8.3",
            "08.3", "+.2", " 020.15", ".17", "30.20",
        ];
        let mut n = 0;
        for c in convs {
            for sp in specs {
                let fmt = format!("%{sp}{c}|");
                for &x in NUMS {
                    same(&fmt, &[Value::num(x)]);
                    same(&fmt, &[Value::num(x * 1e-3)]);
                    same(&fmt, &[Value::num(x.floor())]);
                    n += 3;
                }
                same(&fmt, &[Value::row(NUMS.to_vec())]);
                same(&fmt, &[Value::str("abc"), Value::num(-3.0)]);
            }
        }
        assert_eq!(n, convs.len() * specs.len() * NUMS.len() * 3);
        // `*` width and precision from the arguments, the format recycled.
        same(
            "%*.*f|%-*d\\n",
            &[Value::row(vec![
                8.0, 2.0, -1.5, 4.0, 7.0, 12.0, 3.0, 0.001, 5.0, 9.0,
            ])],
        );
    }

    /// Precisions beyond what Rust's formatter takes (u16::MAX) print the
    /// exact digits and then zeros, as C does, instead of panicking.
    #[test]
    fn huge_precisions_print_exact_digits_then_zeros() {
        let exact = "0.1000000000000000055511151231257827021181583404541015625";
        for fmt in ["%.*f", "%.*g", "%.*e", "%.*d"] {
            for p in [70_000.0, 100_000.0] {
                same(fmt, &[Value::num(p), Value::num(0.1)]);
                same(fmt, &[Value::num(p), Value::num(5e-324)]);
                same(fmt, &[Value::num(p), Value::num(-1.5e300)]);
            }
        }
        let f = String::from_utf16_lossy(
            &fast("%.*f", &[Value::num(100_000.0), Value::num(0.1)]).unwrap(),
        );
        assert_eq!(f.len(), 100_002);
        assert!(f.starts_with(exact) && f[exact.len()..].bytes().all(|b| b == b'0'));
        let e = String::from_utf16_lossy(&fast("%.70000e", &[Value::num(1.0)]).unwrap());
        assert_eq!(e.len(), 70_006);
        assert!(e.starts_with("1.000") && e.ends_with("0e+00"));
        let g = String::from_utf16_lossy(&fast("%.80000g", &[Value::num(0.1)]).unwrap());
        assert_eq!(g, exact);
        let tiny = String::from_utf16_lossy(
            &fast("%.*f", &[Value::num(70_000.0), Value::num(5e-324)]).unwrap(),
        );
        assert_eq!(tiny.len(), 70_002);
        assert!(tiny.starts_with("0.000") && tiny[..1076].ends_with("625"));
    }

    #[test]
    fn cached_format_keeps_its_errors_and_warning_escapes() {
        for _ in 0..2 {
            assert!(fast("abc%", &[]).is_err());
            assert!(fast("%5.3y", &[Value::num(1.0)]).is_err());
        }
        // Escape processing is part of the key: the raw and processed
        // forms of one text are different formats.
        let raw: Vec<u16> = "a\\tb".encode_utf16().collect();
        assert_eq!(
            String::from_utf16_lossy(&format_units(&raw, &[], "sprintf").unwrap()),
            "a\\tb"
        );
        assert_eq!(
            String::from_utf16_lossy(&format_escaped(&raw, &[], "sprintf").unwrap()),
            "a\tb"
        );
        assert_eq!(
            String::from_utf16_lossy(&format_units(&raw, &[], "sprintf").unwrap()),
            "a\\tb"
        );
        // More formats than the cache holds: every one still right.
        for k in 0..3 * PARSED_SLOTS {
            let fmt = format!("%{k}d;");
            same(&fmt, &[Value::num(k as f64)]);
        }
    }

    #[test]
    fn bad_formats_are_errors() {
        let f: Vec<u16> = "abc%".encode_utf16().collect();
        assert!(format_units(&f, &[], "sprintf").is_err());
        let f: Vec<u16> = "%y".encode_utf16().collect();
        assert!(format_units(&f, &[], "sprintf").is_err());
    }
}
