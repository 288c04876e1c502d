//! `regexprep`, `regexp` and `regexpi` on the `regex` crate. Patterns are
//! PCRE-style as in Octave (lookaround and backreferences are not
//! available); replacements use `$0`..`$N` for the match and its tokens and
//! backslash escapes. `regexp` gives every output (`start`, `end`,
//! `tokenExtents`, `match`, `tokens`, `names`, `split`; the selected ones
//! first, then the others in that order), on a char row or on every element
//! of a cellstr; `regexprep` maps over a cellstr and applies a cell of
//! patterns one after the other.

use super::super::cells;
use super::Ctx;
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Record, StructArray, Value};
use regex::{Regex, RegexBuilder};

/// Options shared by `regexp` and `regexprep`.
#[derive(Default)]
struct Opts {
    once: bool,
    ignore_case: bool,
    line_anchors: bool,
    dot_except_newline: bool,
    free_spacing: bool,
    empty_match: bool,
}

impl Opts {
    /// Applies a known option word; false when it is not one.
    fn apply(&mut self, word: &str) -> bool {
        match word.to_ascii_lowercase().as_str() {
            "once" => self.once = true,
            "ignorecase" => self.ignore_case = true,
            "matchcase" => self.ignore_case = false,
            "lineanchors" => self.line_anchors = true,
            "stringanchors" => self.line_anchors = false,
            "dotall" => self.dot_except_newline = false,
            "dotexceptnewline" => self.dot_except_newline = true,
            "freespacing" => self.free_spacing = true,
            "literalspacing" => self.free_spacing = false,
            "emptymatch" => self.empty_match = true,
            "noemptymatch" => self.empty_match = false,
            "warnings" => {}
            _ => return false,
        }
        true
    }

    fn build(&self, pat: &str, who: &str) -> Result<Regex> {
        RegexBuilder::new(pat)
            .case_insensitive(self.ignore_case)
            .multi_line(self.line_anchors)
            .dot_matches_new_line(!self.dot_except_newline)
            .ignore_whitespace(self.free_spacing)
            .size_limit(1 << 24)
            .build()
            .map_err(|e| Error::new(format!("{who}: {}", first_line(&e.to_string()))))
    }
}

fn first_line(s: &str) -> String {
    s.lines()
        .filter(|l| l.trim_start().starts_with("error:"))
        .map(|l| l.trim().to_string())
        .next()
        .unwrap_or_else(|| s.lines().next().unwrap_or("").to_string())
}

fn text_arg(v: &Value, who: &str, what: &str) -> Result<String> {
    match v {
        Value::Char(a) => Ok(String::from_utf16_lossy(a.data())),
        _ => Err(Error::new(format!("{who}: {what} must be a string"))),
    }
}

/// One piece of a parsed replacement string.
enum Piece {
    Lit(String),
    Group(usize),
}

fn parse_replacement(rep: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut lit = String::new();
    let mut it = rep.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '\\' => match it.next() {
                Some('n') => lit.push('\n'),
                Some('t') => lit.push('\t'),
                Some('r') => lit.push('\r'),
                Some('a') => lit.push('\u{7}'),
                Some('f') => lit.push('\u{c}'),
                Some('v') => lit.push('\u{b}'),
                Some('b') => lit.push('\u{8}'),
                Some(o) => lit.push(o),
                None => lit.push('\\'),
            },
            '$' if it.peek().is_some_and(char::is_ascii_digit) => {
                let mut n = 0usize;
                while let Some(d) = it.peek().and_then(|c| c.to_digit(10)) {
                    n = n.saturating_mul(10).saturating_add(d as usize);
                    it.next();
                }
                pieces.push(Piece::Lit(std::mem::take(&mut lit)));
                pieces.push(Piece::Group(n));
            }
            '$' if it.peek() == Some(&'{') => {
                let mut name = String::new();
                it.next();
                for c in it.by_ref() {
                    if c == '}' {
                        break;
                    }
                    name.push(c);
                }
                pieces.push(Piece::Lit(std::mem::take(&mut lit)));
                pieces.push(Piece::Group(name.parse().unwrap_or(usize::MAX)));
            }
            other => lit.push(other),
        }
    }
    pieces.push(Piece::Lit(lit));
    pieces
}

/// regexprep: replace text using a regular expression.
///
/// `S = regexprep(STR, PAT, REP)` replaces every match of the regular
/// expression PAT in STR by REP, in which $1, $2, ... stand for the
/// tokens of the match and $0 for the whole match. STR may be a cell
/// array of strings; PAT and REP may be cell arrays, applied in turn.
///
/// `S = regexprep(..., OPTION)` with 'once' replaces only the first match,
/// 'ignorecase' matches regardless of letter case.
///
/// ```text
/// >> regexprep('hello world', 'o', '0')
/// ans = hell0 w0rld
/// >> regexprep('abc', '(a)(b)', '$2$1')
/// ans = bac
/// ```
pub fn bi_regexprep(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    Ok(vec![regexprep(args)?])
}

fn regexprep(args: Vec<Value>) -> Result<Value> {
    const WHO: &str = "regexprep";
    if args.len() < 3 {
        return Err(Error::nargin(WHO));
    }
    if let Value::Cell(_) = &args[0] {
        // Every element of a cellstr, each replaced as a string.
        let bad = || Error::new("regexprep: STRING must be a string or cell array of strings");
        let out = cells::map_cellstr(&args[0], &bad, &mut |e| {
            let mut a = args.clone();
            a[0] = e.clone();
            regexprep(a)
        })?;
        return Ok(out);
    }
    if let Value::Cell(_) = &args[1] {
        // A cell of patterns: each applied in turn, with its own
        // replacement (or the one replacement for all).
        let bad = || Error::new("regexprep: PATTERN must be a string or cell array of strings");
        let pats = cells::cellstr_units(&args[1]).ok_or_else(bad)?;
        let reps: Vec<Value> =
            match &args[2] {
                Value::Cell(r) if r.numel() == pats.len() => r.data().to_vec(),
                Value::Cell(_) => return Err(Error::new(
                    "regexprep: the number of replacements does not match the number of patterns",
                )),
                other => vec![other.clone(); pats.len()],
            };
        let mut cur = args[0].clone();
        for (p, r) in pats.into_iter().zip(reps) {
            let mut a = args.clone();
            a[0] = cur;
            a[1] = cells::str_value(p);
            a[2] = r;
            cur = regexprep(a)?;
        }
        return Ok(cur);
    }
    let s = text_arg(&args[0], WHO, "STRING")?;
    let pat = text_arg(&args[1], WHO, "PATTERN")?;
    let rep = text_arg(&args[2], WHO, "REPSTR")?;
    let mut opts = Opts::default();
    for o in &args[3..] {
        let w = text_arg(o, WHO, "OPTIONS")?;
        if !opts.apply(&w) {
            return Err(Error::new(format!("{WHO}: unknown option \"{w}\"")));
        }
    }
    let re = opts.build(&pat, WHO)?;
    let pieces = parse_replacement(&rep);
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    let mut any = false;
    for caps in re.captures_iter(&s) {
        let Some(m) = caps.get(0) else { continue };
        if m.is_empty() && !opts.empty_match {
            continue;
        }
        any = true;
        out.push_str(&s[last..m.start()]);
        for p in &pieces {
            match p {
                Piece::Lit(t) => out.push_str(t),
                Piece::Group(g) => {
                    if let Some(t) = caps.get(*g) {
                        out.push_str(t.as_str());
                    }
                }
            }
        }
        last = m.end();
        if opts.once {
            break;
        }
    }
    if !any {
        return Ok(args[0].clone());
    }
    out.push_str(&s[last..]);
    let units: Vec<u16> = out.encode_utf16().collect();
    Ok(cells::str_value(&units))
}

/// Text for the `regex` crate, with the UTF-16 index of every byte offset
/// (MATLAB's indices count UTF-16 units).
struct Text {
    s: String,
    /// `units[b]`: UTF-16 units before byte offset `b` (`s.len() + 1` entries).
    units: Vec<usize>,
}

impl Text {
    fn new(data: &[u16]) -> Text {
        let s = String::from_utf16_lossy(data);
        let mut units = vec![0; s.len() + 1];
        let mut u = 0;
        for (b, ch) in s.char_indices() {
            for k in 0..ch.len_utf8() {
                units[b + k] = u;
            }
            u += ch.len_utf16();
        }
        units[s.len()] = u;
        Text { s, units }
    }
    /// The text between byte offsets, as a char row (`''` when empty).
    fn piece(&self, a: usize, b: usize) -> Value {
        let units: Vec<u16> = self.s.get(a..b).unwrap_or("").encode_utf16().collect();
        super::super::cells::str_value(&units)
    }
}

/// One match: its byte span and the spans of its capture groups (`None`
/// for a group that took no part).
struct Hit {
    span: (usize, usize),
    groups: Vec<Option<(usize, usize)>>,
}

fn hits(re: &Regex, t: &Text, opts: &Opts) -> Vec<Hit> {
    let mut v = Vec::new();
    for caps in re.captures_iter(&t.s) {
        let Some(m) = caps.get(0) else { continue };
        if m.is_empty() && !opts.empty_match {
            continue;
        }
        v.push(Hit {
            span: (m.start(), m.end()),
            groups: (1..caps.len())
                .map(|g| caps.get(g).map(|c| (c.start(), c.end())))
                .collect(),
        });
        if opts.once {
            break;
        }
    }
    v
}

/// Spans (UTF-16 offsets, end exclusive) of the matches of `pat` in `s`
/// (for `strsplit` with `'DelimiterType', 'RegularExpression'`).
pub(crate) fn find_spans(s: &[u16], pat: &str, who: &str) -> Result<Vec<(usize, usize)>> {
    let opts = Opts::default();
    let re = opts.build(pat, who)?;
    let t = Text::new(s);
    Ok(hits(&re, &t, &opts)
        .into_iter()
        .map(|h| (t.units[h.span.0], t.units[h.span.1]))
        .collect())
}

/// The outputs `regexp` can give, in their default order.
const OUTPUTS: [&str; 7] = [
    "start",
    "end",
    "tokenextents",
    "match",
    "tokens",
    "names",
    "split",
];

fn cell_row(items: Vec<Value>) -> Value {
    Value::cell(Array::new(Dims::row(items.len()), items))
}

/// The token spans of a hit: its groups, or the whole match when the
/// pattern has none (as MATLAB gives them).
fn token_spans(h: &Hit) -> Vec<Option<(usize, usize)>> {
    if h.groups.is_empty() {
        vec![Some(h.span)]
    } else {
        h.groups.clone()
    }
}

/// One output of `regexp` for the hits in `t`.
fn output(sel: &str, t: &Text, hs: &[Hit], re: &Regex, once: bool) -> Value {
    let first = hs.first();
    let idx = |b: usize| t.units[b] as f64;
    let tokens = |h: &Hit| {
        let v: Vec<Value> = token_spans(h)
            .into_iter()
            .map(|g| g.map_or_else(|| Value::str(""), |(a, b)| t.piece(a, b)))
            .collect();
        cell_row(v)
    };
    let extents = |h: &Hit| {
        let spans = token_spans(h);
        let n = spans.len();
        let mut data = vec![0.0; 2 * n];
        for (k, g) in spans.iter().enumerate() {
            let (a, b) = g.unwrap_or((h.span.0, h.span.0));
            data[k] = idx(a) + 1.0;
            data[k + n] = idx(b);
        }
        Value::matrix(n, 2, data)
    };
    match sel {
        "start" | "end" => {
            let at = |h: &Hit| {
                if sel == "start" {
                    idx(h.span.0) + 1.0
                } else {
                    idx(h.span.1)
                }
            };
            if once {
                first.map_or_else(Value::empty, |h| Value::num(at(h)))
            } else {
                let v: Vec<f64> = hs.iter().map(at).collect();
                Value::Num(Array::new(Dims::row(v.len()), v))
            }
        }
        "tokenextents" if once => first.map_or_else(Value::empty, extents),
        "tokenextents" => cell_row(hs.iter().map(extents).collect()),
        "match" if once => first.map_or_else(|| Value::str(""), |h| t.piece(h.span.0, h.span.1)),
        "match" => cell_row(hs.iter().map(|h| t.piece(h.span.0, h.span.1)).collect()),
        "tokens" if once => {
            first.map_or_else(|| Value::cell(Array::empty_with(Dims::empty())), tokens)
        }
        "tokens" => cell_row(hs.iter().map(tokens).collect()),
        "names" => {
            // Named groups, by their group number (1-based).
            let named: Vec<(usize, String)> = re
                .capture_names()
                .enumerate()
                .filter_map(|(g, n)| n.map(|n| (g, n.to_string())))
                .collect();
            let names: Vec<String> = named.iter().map(|(_, n)| n.clone()).collect();
            if named.is_empty() {
                return Value::structure(StructArray::default());
            }
            let record = |h: &Hit| -> Record {
                named
                    .iter()
                    .map(|(g, _)| match h.groups.get(g - 1).copied().flatten() {
                        Some((a, b)) => t.piece(a, b),
                        None => Value::str(""),
                    })
                    .collect::<Vec<Value>>()
                    .into_boxed_slice()
            };
            let take = if once { hs.len().min(1) } else { hs.len() };
            let recs: Vec<Record> = hs[..take].iter().map(record).collect();
            let dims = if recs.is_empty() {
                Dims::empty()
            } else {
                Dims::row(recs.len())
            };
            Value::structure(StructArray::new(names, Array::new(dims, recs)))
        }
        _ => {
            // "split": the text between the matches.
            let mut pieces = Vec::with_capacity(hs.len() + 1);
            let mut last = 0;
            for h in hs {
                pieces.push(t.piece(last, h.span.0));
                last = h.span.1;
            }
            pieces.push(t.piece(last, t.s.len()));
            cell_row(pieces)
        }
    }
}

fn regexp_common(ctx: &mut Ctx, args: Vec<Value>, who: &str, ci: bool) -> Result<Vec<Value>> {
    if args.len() < 2 {
        return Err(Error::nargin(who));
    }
    let mut opts = Opts {
        ignore_case: ci,
        ..Opts::default()
    };
    let mut selectors: Vec<&'static str> = Vec::new();
    for o in &args[2..] {
        let w = text_arg(o, who, "OPTIONS")?;
        let lw = w.to_ascii_lowercase();
        if let Some(sel) = OUTPUTS.iter().find(|s| **s == lw) {
            selectors.push(sel);
        } else if !opts.apply(&w) {
            return Err(Error::new(format!("{who}: unknown option \"{w}\"")));
        }
    }
    // The selected outputs first, then the others in the default order.
    let order: Vec<&str> = selectors
        .iter()
        .copied()
        .chain(OUTPUTS.iter().copied().filter(|s| !selectors.contains(s)))
        .take(ctx.nargout.max(1))
        .collect();
    let run = |subject: &Value, pattern: &Value| -> Result<Vec<Value>> {
        let Value::Char(sa) = subject else {
            return Err(Error::new(format!("{who}: STRING must be a string")));
        };
        let pat = text_arg(pattern, who, "PATTERN")?;
        let re = opts.build(&pat, who)?;
        let t = Text::new(sa.data());
        let hs = hits(&re, &t, &opts);
        Ok(order
            .iter()
            .map(|sel| output(sel, &t, &hs, &re, opts.once))
            .collect())
    };
    match (&args[0], &args[1]) {
        (Value::Cell(c), p) | (p @ Value::Char(_), Value::Cell(c)) => {
            // A cellstr subject or pattern: one result per element, each
            // output a cell of the cell's shape.
            let subject_is_cell = matches!(&args[0], Value::Cell(_));
            let mut outs: Vec<Vec<Value>> = vec![Vec::with_capacity(c.numel()); order.len()];
            for e in c.data() {
                let r = if subject_is_cell {
                    run(e, p)?
                } else {
                    run(p, e)?
                };
                for (o, v) in outs.iter_mut().zip(r) {
                    o.push(v);
                }
            }
            Ok(outs
                .into_iter()
                .map(|o| Value::cell(Array::new(c.dims().clone(), o)))
                .collect())
        }
        (s, p) => run(s, p),
    }
}

/// regexp: match a regular expression.
///
/// `[S, E, TE, MATCH, TOKENS, NAMES, SPLIT] = regexp(STR, PAT)` finds the
/// matches of the regular expression PAT in STR: their start indices S,
/// end indices E, token extents TE, matched text MATCH, tokens (the text of
/// each parenthesized group) TOKENS, named tokens NAMES (a struct, from
/// (?<name>...)) and the text between matches SPLIT.
///
/// `regexp(STR, PAT, OPTION, ...)` selects and orders the outputs with
/// 'start', 'end', 'tokenExtents', 'match', 'tokens', 'names' and 'split';
/// 'once' returns only the first match (not wrapped in a cell);
/// 'ignorecase' matches regardless of letter case. STR or PAT may be a
/// cell array, giving a cell array of results.
///
/// ```text
/// >> regexp('ab12cd345', '\d+', 'match')
/// ans =
/// {
///   [1,1] = 12
///   [1,2] = 345
/// }
/// >> [s, e] = regexp('ab12cd345', '\d+')
/// s =
///
///    3   7
///
/// e =
///
///    4   9
/// >> regexp('one two', '\w+', 'match', 'once')
/// ans = one
/// ```
pub fn bi_regexp(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    regexp_common(ctx, args, "regexp", false)
}

/// regexpi: match a regular expression, ignoring case.
///
/// `[...] = regexpi(STR, PAT, ...)` is regexp with the 'ignorecase'
/// option: the same outputs and options.
///
/// ```text
/// >> regexpi('ABC', 'b', 'match')
/// ans =
/// {
///   [1,1] = B
/// }
/// ```
pub fn bi_regexpi(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    regexp_common(ctx, args, "regexpi", true)
}

#[cfg(test)]
mod tests {
    use super::super::tests::call;
    use super::*;

    fn rep(args: &[&str]) -> Value {
        call(bi_regexprep, args.iter().map(|s| Value::str(s)).collect()).unwrap()
    }

    #[test]
    fn regexprep_cases() {
        assert_eq!(rep(&["hello world", "o", "0"]), Value::str("hell0 w0rld"));
        assert_eq!(rep(&["abc123def", "[0-9]", ""]), Value::str("abcdef"));
        assert_eq!(rep(&["a   b  c", " +", " "]), Value::str("a b c"));
        assert_eq!(rep(&["cat hat", "^c", "b"]), Value::str("bat hat"));
        assert_eq!(rep(&["abc", "(a)(b)", "$2$1"]), Value::str("bac"));
        assert_eq!(rep(&["aBc", "b", "X", "ignorecase"]), Value::str("aXc"));
        assert_eq!(rep(&["aaa", "a", "b", "once"]), Value::str("baa"));
        assert_eq!(rep(&["abc", "(?<x>b)", "[$0]"]), Value::str("a[b]c"));
        assert_eq!(rep(&["a", "a", ""]).dims().as_slice(), &[0, 0]);
        assert_eq!(rep(&["a.b", "\\.", "\\n"]), Value::str("a\nb"));
    }

    #[test]
    fn regexp_indices_and_once_match() {
        let v = call(bi_regexp, vec![Value::str("abcabc"), Value::str("b")]).unwrap();
        assert_eq!(v, Value::row(vec![2.0, 5.0]));
        let v = call(bi_regexp, vec![Value::str("abc"), Value::str("x")]).unwrap();
        assert_eq!(v.dims().as_slice(), &[1, 0]);
        let m = |p: &str| {
            call(
                bi_regexp,
                vec![
                    Value::str("abcabc"),
                    Value::str(p),
                    Value::str("match"),
                    Value::str("once"),
                ],
            )
            .unwrap()
        };
        assert_eq!(m("b."), Value::str("bc"));
        assert_eq!(m("x").dims().as_slice(), &[0, 0]);
    }
}
