//! `strtok` (first token and remainder, of a string or of every element of
//! a cellstr) and `startsWith` / `endsWith` for char arguments.

use super::{char_row, Ctx};
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Value};

/// Octave's default `strtok` delimiters: NUL and the C whitespace set.
fn default_delim(c: u16) -> bool {
    matches!(c, 0 | 9..=13 | 32)
}

/// strtok: first token of a string.
///
/// `TOK = strtok(STR)` is the first token of STR, after skipping leading
/// whitespace, up to the next whitespace character.
///
/// `TOK = strtok(STR, DELIM)` uses the characters of DELIM as delimiters
/// instead.
///
/// `[TOK, REM] = strtok(...)` also returns the rest of the string, from
/// the delimiter after the token on.
///
/// ```text
/// >> [t, r] = strtok('  hello world')
/// t = hello
/// r =  world
/// >> strtok('a,b', ',')
/// ans = a
/// ```
pub fn bi_strtok(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if args.is_empty() || args.len() > 2 {
        return Err(Error::nargin("strtok"));
    }
    if let Value::Cell(c) = &args[0] {
        // Every element of a cellstr: cells of tokens and of remainders.
        let (mut toks, mut rests) = (Vec::with_capacity(c.numel()), Vec::new());
        for e in c.data() {
            if !e.is_char() {
                return Err(Error::new(
                    "strtok: STR must be a string or cell array of strings.",
                ));
            }
            let mut a = vec![e.clone()];
            a.extend(args.get(1).cloned());
            let mut r = bi_strtok(ctx, a)?.into_iter();
            toks.extend(r.next());
            rests.extend(r.next());
        }
        let mut out = vec![Value::cell(Array::new(c.dims().clone(), toks))];
        if ctx.nargout > 1 {
            out.push(Value::cell(Array::new(c.dims().clone(), rests)));
        }
        return Ok(out);
    }
    let Value::Char(s) = &args[0] else {
        return Err(Error::new(
            "strtok: STR must be a string or cell array of strings.",
        ));
    };
    let delims: Option<Vec<u16>> = match args.get(1) {
        None => None,
        Some(Value::Char(d)) => Some(d.data().to_vec()),
        Some(other) => Some(
            other
                .to_num_array("strtok")?
                .data()
                .iter()
                .map(|&x| crate::value::char_unit(x))
                .collect(),
        ),
    };
    let is_delim = |c: u16| match &delims {
        None => default_delim(c),
        Some(d) => d.contains(&c),
    };
    let data = s.data();
    let start = data
        .iter()
        .position(|&c| !is_delim(c))
        .unwrap_or(data.len());
    let end = data[start..]
        .iter()
        .position(|&c| is_delim(c))
        .map_or(data.len(), |k| start + k);
    let tok = if s.is_empty() {
        Value::str("")
    } else {
        char_row(data[start..end].to_vec())
    };
    let mut out = vec![tok];
    if ctx.nargout > 1 {
        let rest = data[end..].to_vec();
        out.push(if rest.is_empty() {
            Value::str("")
        } else {
            char_row(rest)
        });
    }
    Ok(out)
}

/// Where a pattern must match: at the start, at the end, or anywhere.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Start,
    End,
    Anywhere,
}

/// A string or the strings of a cell array, with the cell's shape.
fn string_list(v: &Value, who: &str, what: &str) -> Result<(Vec<Vec<u16>>, Option<Dims>)> {
    let bad = || {
        Error::new(format!(
            "{who}: {what} must be a string or cell array of strings"
        ))
    };
    match v {
        Value::Char(a) if a.rows() <= 1 => Ok((vec![a.data().to_vec()], None)),
        Value::Cell(c) => {
            let mut out = Vec::with_capacity(c.numel());
            for e in c.data() {
                match e {
                    Value::Char(a) if a.rows() <= 1 => out.push(a.data().to_vec()),
                    _ => return Err(bad()),
                }
            }
            Ok((out, Some(c.dims().clone())))
        }
        _ => Err(bad()),
    }
}

fn affix(args: &[Value], who: &str, place: Place) -> Result<Vec<Value>> {
    if args.len() != 2 && args.len() != 4 {
        return Err(Error::nargin(who));
    }
    let (strs, dims) = string_list(&args[0], who, "STR")?;
    let (pats, _) = string_list(&args[1], who, "PATTERN")?;
    let mut ci = false;
    if args.len() == 4 {
        // "IgnoreCase", or any non-empty abbreviation of it.
        let key = match &args[2] {
            Value::Char(_) => args[2].to_str(who)?,
            _ => String::new(),
        };
        if key.is_empty() || key.len() > 10 || !"ignorecase".starts_with(&key.to_lowercase()) {
            return Err(Error::new(format!(
                "{who}: third input must be \"IgnoreCase\""
            )));
        }
        let v = &args[3];
        if v.numel() != 1 || !(v.class().is_numeric() || matches!(v, Value::Bool(_))) {
            return Err(Error::new(format!(
                "{who}: \"IgnoreCase\" value must be a logical scalar"
            )));
        }
        ci = v.is_true()?;
    }
    let fold = |c: u16| {
        if ci && (65..=90).contains(&c) {
            c + 32
        } else {
            c
        }
    };
    let eq = |a: &[u16], b: &[u16]| a.iter().zip(b).all(|(&x, &y)| fold(x) == fold(y));
    let hit = |s: &[u16]| {
        pats.iter().any(|p| {
            p.len() <= s.len()
                && match place {
                    Place::Start => eq(&s[..p.len()], p),
                    Place::End => eq(&s[s.len() - p.len()..], p),
                    Place::Anywhere => p.is_empty() || s.windows(p.len()).any(|w| eq(w, p)),
                }
        })
    };
    let t: Vec<bool> = strs.iter().map(|s| hit(s)).collect();
    Ok(vec![Value::Bool(Array::new(
        dims.unwrap_or_else(Dims::scalar),
        t,
    ))])
}

/// startsWith: whether strings start with a pattern.
///
/// `TF = startsWith(STR, PATTERN)` is true for each string of STR (a char
/// row or a cell array of strings) that starts with PATTERN, or with any of
/// the strings of a cell array PATTERN.
///
/// `TF = startsWith(STR, PATTERN, 'IgnoreCase', TRUE)` ignores letter
/// case.
///
/// ```text
/// >> startsWith('hello', 'he')
/// ans = 1
/// >> startsWith({'abc', 'xbc'}, 'a')
/// ans =
///
///   1  0
/// ```
pub fn bi_starts_with(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    affix(&args, "startsWith", Place::Start)
}

/// endsWith: true if text ends with a pattern.
///
/// `tf = endsWith(str, pattern)` is true when the string str ends with
/// pattern. str may be a cell array of strings (one result per cell), and
/// pattern a cell array of strings, in which case matching any of them
/// counts.
///
/// `tf = endsWith(str, pattern, 'IgnoreCase', true)` ignores case.
///
/// ```text
/// >> endsWith('report.txt', '.txt')
/// ans = 1
/// >> endsWith({'a.m', 'b.txt', 'c.c'}, {'.m', '.c'})
/// ans =
///
///   1  0  1
/// >> endsWith('ABC', 'bc', 'IgnoreCase', true)
/// ans = 1
/// ```
pub fn bi_ends_with(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    affix(&args, "endsWith", Place::End)
}

/// contains: whether strings contain a pattern.
///
/// `tf = contains(str, pattern)` is true where str (a string or a cell
/// array of strings) contains pattern (a string, or any of a cell array of
/// strings). `contains(str, pattern, 'IgnoreCase', true)` ignores case.
///
/// ```text
/// >> contains({'data.csv', 'notes.txt'}, '.csv')
/// ans =
///
///   1  0
/// ```
pub fn bi_contains(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    affix(&args, "contains", Place::Anywhere)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::State;

    fn run(args: Vec<Value>) -> Vec<Value> {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut state = State::default();
        let mut ctx = Ctx {
            out: &mut out,
            err: &mut err,
            state: &mut state,
            nargout: 2,
            caller: None,
        };
        bi_strtok(&mut ctx, args).unwrap()
    }

    #[test]
    fn strtok_splits_at_delimiters() {
        let r = run(vec![Value::str("  hello world")]);
        assert_eq!(r, vec![Value::str("hello"), Value::str(" world")]);
        let r = run(vec![Value::str("a,b"), Value::str(",")]);
        assert_eq!(r, vec![Value::str("a"), Value::str(",b")]);
        let r = run(vec![Value::str("   ")]);
        assert_eq!(r[0].dims().as_slice(), &[1, 0]);
        assert_eq!(r[1].dims().as_slice(), &[0, 0]);
    }

    #[test]
    fn affixes() {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut state = State::default();
        let mut ctx = Ctx {
            out: &mut out,
            err: &mut err,
            state: &mut state,
            nargout: 1,
            caller: None,
        };
        let r = bi_starts_with(&mut ctx, vec![Value::str("hello"), Value::str("he")]).unwrap();
        assert_eq!(r[0], Value::bool(true));
        let args = vec![
            Value::str("hello"),
            Value::str("LO"),
            Value::str("IgnoreCase"),
            Value::bool(true),
        ];
        assert_eq!(bi_ends_with(&mut ctx, args).unwrap()[0], Value::bool(true));
        let r = bi_ends_with(&mut ctx, vec![Value::str("lo"), Value::str("hello")]).unwrap();
        assert_eq!(r[0], Value::bool(false));
    }
}
