//! `regexprep`, `regexp` and `regexpi` on the `regex` crate. Patterns are
//! PCRE-style as in Octave (lookaround and backreferences are not
//! available); replacements use `$0`..`$N` for the match and its tokens and
//! backslash escapes. `regexp` supports the outputs that are not cell arrays:
//! start and end indices, and the matched text with 'once'.

use super::{char_row, Ctx};
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Value};
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

pub fn bi_regexprep(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "regexprep";
    if args.len() < 3 {
        return Err(Error::nargin(WHO));
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
        return Ok(vec![args[0].clone()]);
    }
    out.push_str(&s[last..]);
    let units: Vec<u16> = out.encode_utf16().collect();
    Ok(vec![if units.is_empty() {
        Value::str("")
    } else {
        char_row(units)
    }])
}

/// UTF-16 index (1-based) of the character at byte offset `b` of `s`.
fn unit_index(s: &str, b: usize) -> f64 {
    (s.get(..b).map_or(0, |p| p.encode_utf16().count()) + 1) as f64
}

fn regexp_common(ctx: &mut Ctx, args: Vec<Value>, who: &str, ci: bool) -> Result<Vec<Value>> {
    if args.len() < 2 {
        return Err(Error::nargin(who));
    }
    let s = text_arg(&args[0], who, "STRING")?;
    let pat = text_arg(&args[1], who, "PATTERN")?;
    let mut opts = Opts {
        ignore_case: ci,
        ..Opts::default()
    };
    let mut selectors: Vec<String> = Vec::new();
    for o in &args[2..] {
        let w = text_arg(o, who, "OPTIONS")?;
        let lw = w.to_ascii_lowercase();
        if matches!(
            lw.as_str(),
            "match" | "tokens" | "names" | "start" | "end" | "split" | "tokenextents"
        ) {
            selectors.push(lw);
        } else if !opts.apply(&w) {
            return Err(Error::new(format!("{who}: unknown option \"{w}\"")));
        }
    }
    let re = opts.build(&pat, who)?;
    let mut matches: Vec<(usize, usize)> = Vec::new();
    for m in re.find_iter(&s) {
        if m.is_empty() && !opts.empty_match {
            continue;
        }
        matches.push((m.start(), m.end()));
        if opts.once {
            break;
        }
    }
    let default_order = [
        "start",
        "end",
        "tokenextents",
        "match",
        "tokens",
        "names",
        "split",
    ];
    let nout = ctx.nargout.max(1);
    let order: Vec<String> = if selectors.is_empty() {
        default_order
            .iter()
            .take(nout)
            .map(|s| s.to_string())
            .collect()
    } else {
        selectors.into_iter().take(nout).collect()
    };
    let mut out = Vec::with_capacity(order.len());
    for sel in &order {
        let v = match sel.as_str() {
            "start" | "end" => {
                let idx: Vec<f64> = matches
                    .iter()
                    .map(|&(a, b)| {
                        if sel == "start" {
                            unit_index(&s, a)
                        } else {
                            unit_index(&s, b) - 1.0
                        }
                    })
                    .collect();
                if opts.once {
                    idx.first().map_or_else(Value::empty, |&x| Value::num(x))
                } else {
                    let n = idx.len();
                    Value::Num(Array::new(Dims::row(n), idx))
                }
            }
            "match" if opts.once => match matches.first() {
                Some(&(a, b)) => {
                    let u: Vec<u16> = s[a..b].encode_utf16().collect();
                    if u.is_empty() {
                        Value::str("")
                    } else {
                        char_row(u)
                    }
                }
                None => Value::str(""),
            },
            other => {
                return Err(Error::new(format!(
                    "{who}: the '{other}' output is a cell array, which flatlab does not support"
                )))
            }
        };
        out.push(v);
    }
    Ok(out)
}

pub fn bi_regexp(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    regexp_common(ctx, args, "regexp", false)
}

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
