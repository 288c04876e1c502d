//! textscan: formatted text into a cell array of columns.
//!
//! The format's conversions are applied in turn to the fields of the text,
//! cycling through the format until the text (or the repeat count) runs
//! out; a line break ends a field like a delimiter, but the format does
//! not restart at each line (as in MATLAB). Every conversion consumes at
//! least one character or ends the scan, so the scan is bounded by the
//! text, and the columns by the number of fields.

use super::scan::unescape;
use super::{fid_arg, open_file};
use crate::builtins::reduce::{check_nargout, opt_str};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::{Array, Class, Dims, Value};
use std::io::{Read, Seek, SeekFrom};

/// What a conversion produces.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Out {
    /// A number, stored in this class (double, single or an integer).
    Num(Class),
    /// A string (`%s`, `%q`, `%[...]`): a cell of char rows.
    Str,
    /// Characters (`%c`): a char column.
    Chars,
}

#[derive(Debug)]
enum Conv {
    Number,
    Word,
    Quoted,
    Chars,
    /// `%[...]`: the characters of the set, and whether it is negated.
    Set(Vec<char>, bool),
}

#[derive(Debug)]
enum Item {
    Field {
        conv: Conv,
        out: Out,
        skip: bool,
        width: Option<usize>,
    },
    Literal(Vec<char>),
}

/// The format's items (whitespace between them is not matched).
fn parse_format(fmt: &str) -> Result<Vec<Item>> {
    let bad = |what: &str| Error::new(format!("textscan: {what} in format '{fmt}'"));
    let c: Vec<char> = unescape(fmt).chars().collect();
    let mut items = Vec::new();
    let mut i = 0;
    let mut lit = Vec::new();
    let flush = |lit: &mut Vec<char>, items: &mut Vec<Item>| {
        if !lit.is_empty() {
            items.push(Item::Literal(std::mem::take(lit)));
        }
    };
    while i < c.len() {
        if c[i].is_whitespace() {
            flush(&mut lit, &mut items);
            i += 1;
            continue;
        }
        if c[i] != '%' {
            lit.push(c[i]);
            i += 1;
            continue;
        }
        if c.get(i + 1) == Some(&'%') {
            lit.push('%');
            i += 2;
            continue;
        }
        flush(&mut lit, &mut items);
        i += 1;
        let skip = c.get(i) == Some(&'*');
        if skip {
            i += 1;
        }
        let mut width = None;
        while let Some(d) = c.get(i).and_then(|ch| ch.to_digit(10)) {
            width = Some(
                width
                    .unwrap_or(0usize)
                    .saturating_mul(10)
                    .saturating_add(d as usize),
            );
            i += 1;
        }
        // A precision (%5.2f) is read and ignored.
        if c.get(i) == Some(&'.') {
            i += 1;
            while c.get(i).is_some_and(|ch| ch.is_ascii_digit()) {
                i += 1;
            }
        }
        let Some(&k) = c.get(i) else {
            return Err(bad("incomplete conversion"));
        };
        i += 1;
        // The bit size after %d, %u, %f.
        let mut bits = String::new();
        if matches!(k, 'd' | 'u' | 'f') {
            while c.get(i).is_some_and(|ch| ch.is_ascii_digit()) && bits.len() < 2 {
                bits.push(c[i]);
                i += 1;
            }
        }
        let (conv, out) = match (k, bits.as_str()) {
            ('f', "" | "64") | ('n', _) => (Conv::Number, Out::Num(Class::Double)),
            ('f', "32") => (Conv::Number, Out::Num(Class::Single)),
            ('d', b) | ('u', b) => {
                let class = match (k, b) {
                    ('d', "8") => Class::Int8,
                    ('d', "16") => Class::Int16,
                    ('d', "" | "32") => Class::Int32,
                    ('d', "64") => Class::Int64,
                    ('u', "8") => Class::UInt8,
                    ('u', "16") => Class::UInt16,
                    ('u', "" | "32") => Class::UInt32,
                    ('u', "64") => Class::UInt64,
                    _ => return Err(bad(&format!("bad integer size '%{k}{b}'"))),
                };
                (Conv::Number, Out::Num(class))
            }
            ('s', _) => (Conv::Word, Out::Str),
            ('q', _) => (Conv::Quoted, Out::Str),
            ('c', _) => (Conv::Chars, Out::Chars),
            ('[', _) => {
                let negate = c.get(i) == Some(&'^');
                if negate {
                    i += 1;
                }
                let mut set = Vec::new();
                // A ']' first in the set is a member.
                if c.get(i) == Some(&']') {
                    set.push(']');
                    i += 1;
                }
                while i < c.len() && c[i] != ']' {
                    if c.get(i + 1) == Some(&'-') && c.get(i + 2).is_some_and(|&e| e != ']') {
                        let (a, b) = (c[i] as u32, c[i + 2] as u32);
                        // Ranges are bounded by the format's own length.
                        for u in a.min(b)..=a.max(b).min(a.min(b) + 0x10000) {
                            if let Some(ch) = char::from_u32(u) {
                                set.push(ch);
                            }
                        }
                        i += 3;
                    } else {
                        set.push(c[i]);
                        i += 1;
                    }
                }
                if i >= c.len() {
                    return Err(bad("unterminated %["));
                }
                i += 1;
                (Conv::Set(set, negate), Out::Str)
            }
            _ => return Err(bad(&format!("unknown conversion '%{k}'"))),
        };
        items.push(Item::Field {
            conv,
            out,
            skip,
            width,
        });
    }
    flush(&mut lit, &mut items);
    Ok(items)
}

/// textscan's options.
struct Opts {
    delims: Vec<Vec<char>>,
    white: Vec<char>,
    eol: Vec<Vec<char>>,
    header: usize,
    multi: bool,
    collect: bool,
    return_on_error: bool,
    empty_tokens: Vec<Vec<char>>,
    comment: Option<(Vec<char>, Option<Vec<char>>)>,
    empty_value: f64,
}

impl Default for Opts {
    fn default() -> Self {
        Opts {
            delims: Vec::new(),
            white: vec![' ', '\u{8}', '\t'],
            eol: vec![vec!['\r', '\n'], vec!['\n'], vec!['\r']],
            header: 0,
            multi: false,
            collect: false,
            return_on_error: true,
            empty_tokens: Vec::new(),
            comment: None,
            empty_value: f64::NAN,
        }
    }
}

/// A string or cell array of strings option as strings (escapes read).
fn strings_opt(v: &Value, name: &str) -> Result<Vec<String>> {
    let bad = || {
        Error::new(format!(
            "textscan: {name} must be a string or cell array of strings"
        ))
    };
    match v {
        Value::Char(_) => Ok(vec![unescape(&v.to_str("textscan")?)]),
        Value::Cell(c) => c
            .data()
            .iter()
            .map(|e| match e {
                Value::Char(_) => Ok(unescape(&e.to_str("textscan")?)),
                _ => Err(bad()),
            })
            .collect(),
        _ => Err(bad()),
    }
}

fn parse_opts(pairs: &[Value]) -> Result<Opts> {
    let mut o = Opts::default();
    if pairs.len() % 2 != 0 {
        return Err(Error::new(
            "textscan: options must come in name/value pairs",
        ));
    }
    for p in pairs.chunks(2) {
        let name =
            opt_str(&p[0]).ok_or_else(|| Error::new("textscan: option names must be strings"))?;
        let v = &p[1];
        let flag = |v: &Value| -> Result<bool> {
            if v.numel() != 1 {
                return Err(Error::new(format!(
                    "textscan: {name} must be a logical scalar"
                )));
            }
            v.is_true()
        };
        match name.as_str() {
            "delimiter" => {
                o.delims = match v {
                    // Each character of a string is a delimiter.
                    Value::Char(_) => strings_opt(v, "Delimiter")?
                        .concat()
                        .chars()
                        .map(|c| vec![c])
                        .collect(),
                    _ => strings_opt(v, "Delimiter")?
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .map(|s| s.chars().collect())
                        .collect(),
                }
            }
            "whitespace" => o.white = strings_opt(v, "Whitespace")?.concat().chars().collect(),
            "endofline" => {
                let s = strings_opt(v, "EndOfLine")?.concat();
                o.eol = if s.is_empty() {
                    Vec::new()
                } else {
                    vec![s.chars().collect()]
                };
            }
            "headerlines" => {
                let n = v.scalar_f64("textscan")?;
                if n.is_nan() || n < 0.0 || n.fract() != 0.0 {
                    return Err(Error::new(
                        "textscan: HeaderLines must be a non-negative integer",
                    ));
                }
                o.header = n.min(1e15) as usize;
            }
            "multipledelimsasone" => o.multi = flag(v)?,
            "collectoutput" => o.collect = flag(v)?,
            "returnonerror" => o.return_on_error = flag(v)?,
            "treatasempty" => {
                o.empty_tokens = strings_opt(v, "TreatAsEmpty")?
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .map(|s| s.chars().collect())
                    .collect()
            }
            "commentstyle" => {
                let s = strings_opt(v, "CommentStyle")?;
                o.comment = match s.as_slice() {
                    [] => None,
                    [a] if a.is_empty() => None,
                    [a] => Some((a.chars().collect(), None)),
                    [a, b] if !a.is_empty() && !b.is_empty() => {
                        Some((a.chars().collect(), Some(b.chars().collect())))
                    }
                    _ => {
                        return Err(Error::new(
                            "textscan: CommentStyle must be a string or a pair of strings",
                        ))
                    }
                };
            }
            "emptyvalue" => o.empty_value = v.scalar_f64("textscan")?,
            _ => {
                return Err(Error::new(format!(
                    "textscan: unrecognized option '{}'",
                    p[0].to_str("textscan").unwrap_or_default()
                )))
            }
        }
    }
    // Delimiter characters are not whitespace.
    let single: Vec<char> = o
        .delims
        .iter()
        .filter(|d| d.len() == 1)
        .map(|d| d[0])
        .collect();
    o.white.retain(|c| !single.contains(c));
    Ok(o)
}

/// One output column.
enum Column {
    Num(Class, Vec<f64>),
    Str(Vec<String>),
    /// One row per field (`%Nc` reads N characters).
    Chars(Vec<String>),
}

struct Scanner<'a> {
    s: &'a [char],
    pos: usize,
    o: &'a Opts,
}

impl Scanner<'_> {
    fn starts_with(&self, at: usize, pat: &[char]) -> bool {
        !pat.is_empty() && self.s.get(at..at + pat.len()) == Some(pat)
    }
    fn eol_at(&self, at: usize) -> Option<usize> {
        self.o
            .eol
            .iter()
            .find(|e| self.starts_with(at, e))
            .map(Vec::len)
    }
    fn delim_at(&self, at: usize) -> Option<usize> {
        self.o
            .delims
            .iter()
            .find(|d| self.starts_with(at, d))
            .map(Vec::len)
    }
    fn white_at(&self, at: usize) -> bool {
        self.s.get(at).is_some_and(|c| self.o.white.contains(c))
            && self.delim_at(at).is_none()
            && self.eol_at(at).is_none()
    }
    /// Whether a field ends at `at` (for words, whitespace ends it unless
    /// delimiters were given).
    fn field_end(&self, at: usize) -> bool {
        at >= self.s.len()
            || self.delim_at(at).is_some()
            || self.eol_at(at).is_some()
            || (self.o.delims.is_empty() && self.white_at(at))
            || self.comment_at(at)
    }
    fn comment_at(&self, at: usize) -> bool {
        self.o
            .comment
            .as_ref()
            .is_some_and(|(open, _)| self.starts_with(at, open))
    }
    /// Skip whitespace and comments (a line comment up to its line end).
    fn skip_white(&mut self) {
        loop {
            while self.white_at(self.pos) {
                self.pos += 1;
            }
            let Some((open, close)) = &self.o.comment else {
                return;
            };
            if !self.starts_with(self.pos, open) {
                return;
            }
            self.pos += open.len();
            match close {
                Some(close) => {
                    while self.pos < self.s.len() && !self.starts_with(self.pos, close) {
                        self.pos += 1;
                    }
                    self.pos = (self.pos + close.len()).min(self.s.len());
                }
                None => {
                    while self.pos < self.s.len() && self.eol_at(self.pos).is_none() {
                        self.pos += 1;
                    }
                }
            }
        }
    }
    /// Skip whitespace, comments and line ends (blank lines).
    fn skip_white_lines(&mut self) {
        loop {
            self.skip_white();
            match self.eol_at(self.pos) {
                Some(n) => self.pos += n,
                None => return,
            }
        }
    }
    /// After a field: whitespace, then one delimiter (several with
    /// MultipleDelimsAsOne) or a line end. Whether a delimiter was taken.
    fn separator(&mut self) -> bool {
        self.skip_white();
        if let Some(n) = self.delim_at(self.pos) {
            self.pos += n;
            if self.o.multi {
                loop {
                    let save = self.pos;
                    self.skip_white();
                    match self.delim_at(self.pos) {
                        Some(n) => self.pos += n,
                        None => {
                            self.pos = save;
                            break;
                        }
                    }
                }
            }
            return true;
        }
        if let Some(n) = self.eol_at(self.pos) {
            self.pos += n;
        }
        false
    }
    /// A TreatAsEmpty token filling the field at the position.
    fn empty_token(&self) -> Option<usize> {
        self.o
            .empty_tokens
            .iter()
            .find(|t| self.starts_with(self.pos, t) && self.field_end(self.pos + t.len()))
            .map(Vec::len)
    }
    /// A number at the position (at most `width` characters).
    fn number(&mut self, width: usize) -> Option<f64> {
        let end = self.s.len().min(self.pos.saturating_add(width));
        let s = &self.s[self.pos..end];
        let mut i = 0;
        if matches!(s.first(), Some('+' | '-')) {
            i = 1;
        }
        let word = |w: &str| {
            let n = w.len();
            s.len() >= i + n
                && s[i..i + n]
                    .iter()
                    .zip(w.chars())
                    .all(|(a, b)| a.eq_ignore_ascii_case(&b))
        };
        if word("inf") || word("nan") {
            let n = if word("infinity") { 8 } else { 3 };
            let neg = s[0] == '-';
            self.pos += i + n;
            let v = if word("nan") { f64::NAN } else { f64::INFINITY };
            return Some(if neg { -v } else { v });
        }
        let digits = |i: &mut usize| {
            let st = *i;
            while s.get(*i).is_some_and(char::is_ascii_digit) {
                *i += 1;
            }
            *i - st
        };
        let mut nd = digits(&mut i);
        if s.get(i) == Some(&'.') {
            i += 1;
            nd += digits(&mut i);
        }
        if nd == 0 {
            return None;
        }
        if matches!(s.get(i), Some('e' | 'E' | 'd' | 'D')) {
            let mut j = i + 1;
            if matches!(s.get(j), Some('+' | '-')) {
                j += 1;
            }
            if digits(&mut j) > 0 {
                i = j;
            }
        }
        let text: String = s[..i]
            .iter()
            .map(|&c| if c == 'd' || c == 'D' { 'e' } else { c })
            .collect();
        self.pos += i;
        text.parse().ok()
    }
}

/// The scan's result: columns, and the characters consumed.
fn scan(s: &[char], items: &[Item], o: &Opts, rows: usize) -> Result<(Vec<Column>, usize)> {
    let mut cols: Vec<Column> = items
        .iter()
        .filter_map(|it| match it {
            Item::Field {
                out, skip: false, ..
            } => Some(match out {
                Out::Num(c) => Column::Num(*c, Vec::new()),
                Out::Str => Column::Str(Vec::new()),
                Out::Chars => Column::Chars(Vec::new()),
            }),
            _ => None,
        })
        .collect();
    let mut sc = Scanner { s, pos: 0, o };
    // Header lines.
    for _ in 0..o.header {
        while sc.pos < s.len() && sc.eol_at(sc.pos).is_none() {
            sc.pos += 1;
        }
        match sc.eol_at(sc.pos) {
            Some(n) => sc.pos += n,
            None => break,
        }
    }
    let mut after_delim = false;
    let mut row = 0;
    'rows: while row < rows {
        let row_start = sc.pos;
        let mut k = 0; // output column
        for (f, it) in items.iter().enumerate() {
            // Blank lines and leading whitespace; a line end right after
            // a delimiter ends an empty field instead.
            if o.delims.is_empty() || (!after_delim && f == 0) {
                sc.skip_white_lines();
            } else {
                sc.skip_white();
            }
            let at_end = sc.pos >= s.len();
            if at_end && !after_delim {
                break 'rows;
            }
            let empty = at_end
                || (!o.delims.is_empty()
                    && (sc.delim_at(sc.pos).is_some() || sc.eol_at(sc.pos).is_some()));
            let (conv, skip, width) = match it {
                Item::Literal(l) => {
                    if sc.starts_with(sc.pos, l) {
                        sc.pos += l.len();
                        after_delim = sc.separator();
                        continue;
                    }
                    if o.return_on_error {
                        break 'rows;
                    }
                    return Err(Error::new(format!(
                        "textscan: Read error in field {} of row {}",
                        f + 1,
                        row + 1
                    )));
                }
                Item::Field {
                    conv, skip, width, ..
                } => (conv, *skip, width.unwrap_or(usize::MAX)),
            };
            let read_err = || {
                Error::new(format!(
                    "textscan: Read error in field {} of row {}",
                    f + 1,
                    row + 1
                ))
            };
            let mut value: Option<f64> = None;
            let mut word: Option<String> = None;
            match conv {
                Conv::Number => {
                    if empty {
                        value = Some(o.empty_value);
                    } else if let Some(n) = sc.empty_token() {
                        sc.pos += n;
                        value = Some(o.empty_value);
                    } else {
                        match sc.number(width) {
                            Some(v) => value = Some(v),
                            None if o.return_on_error => break 'rows,
                            None => return Err(read_err()),
                        }
                    }
                }
                Conv::Word | Conv::Quoted => {
                    let mut w = String::new();
                    if matches!(conv, Conv::Quoted) && s.get(sc.pos) == Some(&'"') {
                        sc.pos += 1;
                        while sc.pos < s.len() {
                            if s[sc.pos] == '"' {
                                if s.get(sc.pos + 1) == Some(&'"') {
                                    w.push('"');
                                    sc.pos += 2;
                                    continue;
                                }
                                sc.pos += 1;
                                break;
                            }
                            w.push(s[sc.pos]);
                            sc.pos += 1;
                        }
                    }
                    let mut n = 0;
                    while !sc.field_end(sc.pos) && n < width {
                        w.push(s[sc.pos]);
                        sc.pos += 1;
                        n += 1;
                    }
                    let t = w.trim_end_matches(|c| o.white.contains(&c)).len();
                    w.truncate(t);
                    word = Some(w);
                }
                Conv::Set(set, negate) => {
                    let mut w = String::new();
                    let mut n = 0;
                    while let Some(&c) = s.get(sc.pos) {
                        if set.contains(&c) == *negate || n >= width {
                            break;
                        }
                        w.push(c);
                        sc.pos += 1;
                        n += 1;
                    }
                    if w.is_empty() && !empty {
                        if o.return_on_error {
                            break 'rows;
                        }
                        return Err(read_err());
                    }
                    word = Some(w);
                }
                Conv::Chars => {
                    let n = if width == usize::MAX { 1 } else { width };
                    let end = s.len().min(sc.pos.saturating_add(n));
                    word = Some(s[sc.pos..end].iter().collect());
                    sc.pos = end;
                }
            }
            after_delim = sc.separator();
            if skip {
                continue;
            }
            match (&mut cols[k], value, word) {
                (Column::Num(_, v), Some(x), _) => v.push(x),
                (Column::Str(v), _, Some(w)) => v.push(w),
                (Column::Chars(v), _, Some(w)) => v.push(w),
                _ => return Err(Error::new("textscan: internal error: column kind")),
            }
            k += 1;
        }
        row += 1;
        // A row that consumed nothing would repeat forever.
        if sc.pos == row_start {
            break;
        }
    }
    Ok((cols, sc.pos))
}

/// The number of columns of the first line of numbers (for an empty format).
fn first_line_fields(s: &[char], o: &Opts) -> usize {
    let mut sc = Scanner { s, pos: 0, o };
    sc.skip_white_lines();
    let mut n = 0;
    while sc.pos < s.len() && sc.number(usize::MAX).is_some() {
        n += 1;
        sc.skip_white();
        if sc.eol_at(sc.pos).is_some() || sc.pos >= s.len() {
            break;
        }
        if !sc.separator() && !o.delims.is_empty() {
            break;
        }
    }
    n.max(1)
}

/// The columns as MATLAB's outputs: numbers in their class, strings as a
/// cell column, characters as a char column; CollectOutput joins
/// neighbouring columns of one class and length into one matrix or cell.
fn outputs(cols: Vec<Column>, collect: bool) -> Result<Value> {
    let kind = |c: &Column| match c {
        Column::Num(cl, v) => (Some(*cl), v.len(), false),
        Column::Str(v) => (None, v.len(), false),
        Column::Chars(v) => (None, v.len(), true),
    };
    let mut groups: Vec<Vec<Column>> = Vec::new();
    for c in cols {
        let joins = collect
            && groups
                .last()
                .and_then(|g| g.last())
                .is_some_and(|last| kind(last) == kind(&c) && !kind(&c).2);
        match groups.last_mut() {
            Some(g) if joins => g.push(c),
            _ => groups.push(vec![c]),
        }
    }
    let mut vals = Vec::with_capacity(groups.len());
    for g in groups {
        let ncols = g.len();
        let rows = g.first().map(|c| kind(c).1).unwrap_or(0);
        let mut nums = Vec::new();
        let mut strs = Vec::new();
        let mut class = None;
        let chars = g.first().is_some_and(|c| kind(c).2);
        for c in g {
            match c {
                Column::Num(cl, v) => {
                    class = Some(cl);
                    nums.extend(v);
                }
                Column::Str(v) => strs.extend(v.into_iter().map(|w| Value::str(&w))),
                Column::Chars(v) => vals.push(Value::char_rows(&v)),
            }
        }
        match class {
            Some(cl) => {
                let v = Value::Num(Array::new(Dims::mat(rows, ncols), nums));
                vals.push(if cl == Class::Double {
                    v
                } else {
                    crate::ops::classes::convert(&v, cl)?
                });
            }
            None if !chars => vals.push(Value::cell(Array::new(Dims::mat(rows, ncols), strs))),
            None => {}
        }
    }
    let n = vals.len();
    Ok(Value::cell(Array::new(Dims::mat(1, n), vals)))
}

/// textscan: read formatted text into a cell array of columns.
///
/// `C = textscan(FID, FORMAT)` reads the file opened by `fopen` as FID from
/// its current position; `C = textscan(STR, FORMAT)` reads the string
/// STR. FORMAT's conversions are applied to the fields of the text in
/// turn, cycling until the text ends: `%f` (double; `%f32` single), `%d`
/// (int32; `%d8` ... `%d64`, `%u` ... for the other integer classes),
/// `%s` (a word), `%q` (a word or a "quoted string"), `%c` (a character;
/// `%Nc` N characters, a row of a char matrix), `%[abc]` and `%[^abc]`
/// (the longest run of characters in, or not in, the set), `%*...` (read
/// and skip), and literal text, which must match. C is a 1xK cell array
/// with a column per conversion: numbers as a column vector of their
/// class, strings as a cell column. An empty FORMAT reads as many `%f`
/// columns as the first line has numbers.
///
/// `C = textscan(..., FORMAT, N)` applies the format N times.
///
/// `C = textscan(..., NAME, VALUE)` sets options: 'Delimiter' (each
/// character of a string, or each string of a cell array, separates
/// fields; whitespace does otherwise), 'Whitespace', 'HeaderLines' (lines
/// skipped first), 'EndOfLine', 'MultipleDelimsAsOne', 'CollectOutput'
/// (neighbouring columns of one class joined into one matrix or cell
/// array), 'ReturnOnError' (true: stop at a field that does not convert
/// and return what was read; false: an error), 'TreatAsEmpty' (strings
/// read as an empty field), 'EmptyValue' (the number of an empty field,
/// NaN by default) and 'CommentStyle' (a string starting a comment to the
/// line end, or a pair of strings around a comment).
///
/// `[C, POS] = textscan(...)` also returns how many characters were read.
///
/// ```text
/// >> c = textscan(sprintf('a 1\nb 2'), '%s %d')
/// c =
/// {
///   [1,1] =
///   {
///     [1,1] = a
///     [2,1] = b
///   }
///
///   [1,2] =
///
///     1
///     2
///
/// }
///
/// >> c = textscan('1,,3', '%f %f %f', 'Delimiter', ','); c{2}
/// ans = NaN
/// ```
pub fn textscan(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 2, "textscan")?;
    if args.is_empty() {
        return Err(Error::nargin("textscan"));
    }
    let fmt = match args.get(1) {
        None => "%f".to_string(),
        Some(v @ Value::Char(_)) => v.to_str("textscan")?,
        Some(_) => return Err(Error::new("textscan: FORMAT must be a string")),
    };
    let mut rest = args.get(2..).unwrap_or(&[]);
    let mut rows = usize::MAX;
    if let Some(v) = rest.first().filter(|v| !v.is_char()) {
        let n = if v.is_empty() {
            -1.0
        } else {
            v.scalar_f64("textscan")?
        };
        if n.is_nan() || (n < 0.0 && n != -1.0) || (n.is_finite() && n.fract() != 0.0) {
            return Err(Error::new(
                "textscan: N must be a non-negative integer, -1 or Inf",
            ));
        }
        if (0.0..1e15).contains(&n) {
            rows = n as usize;
        }
        rest = &rest[1..];
    }
    let o = parse_opts(rest)?;
    let (input, fid) = match &args[0] {
        Value::Char(_) => (args[0].to_str("textscan")?, None),
        v if v.is_numeric() => {
            let fid = fid_arg(v, "textscan")?;
            let f = open_file(&mut ctx.state.files, fid, "textscan")?;
            f.check_readable("textscan")?;
            let mut bytes = Vec::new();
            f.io.read_to_end(&mut bytes)
                .map_err(|e| Error::new(format!("textscan: cannot read '{}': {e}", f.name)))?;
            (
                String::from_utf8_lossy(&bytes).into_owned(),
                Some((fid, bytes.len())),
            )
        }
        _ => {
            return Err(Error::new(
                "textscan: first argument must be a file id or string",
            ))
        }
    };
    let chars: Vec<char> = input.chars().collect();
    let items = if fmt.trim().is_empty() {
        (0..first_line_fields(&chars, &o))
            .map(|_| Item::Field {
                conv: Conv::Number,
                out: Out::Num(Class::Double),
                skip: false,
                width: None,
            })
            .collect()
    } else {
        parse_format(&fmt)?
    };
    let (cols, pos) = scan(&chars, &items, &o, rows)?;
    let mut consumed = pos as f64;
    if let Some((fid, read)) = fid {
        // Leave the file just past what was read (the rest was buffered).
        let f = open_file(&mut ctx.state.files, fid, "textscan")?;
        let bytes: usize = chars[..pos].iter().map(|c| c.len_utf8()).sum();
        let end =
            f.io.stream_position()
                .map_err(|e| Error::new(format!("textscan: {}: {e}", f.name)))?;
        let start = end.saturating_sub(read as u64);
        f.io.seek(SeekFrom::Start(start + bytes as u64))
            .map_err(|e| Error::new(format!("textscan: {}: {e}", f.name)))?;
        consumed = (start + bytes as u64) as f64;
    }
    let mut out = vec![outputs(cols, o.collect)?];
    if ctx.nargout >= 2 {
        out.push(Value::num(consumed));
    }
    Ok(out)
}
