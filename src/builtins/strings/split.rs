//! `strsplit` and `strjoin`: text to a 1xN cellstr and back, with MATLAB's
//! options (`'CollapseDelimiters'`, `'DelimiterType'`) and escape
//! sequences in delimiters (`'\t'`), as Octave 7 gives them. Empty pieces
//! are `''` (0x0), as in Octave.

use super::super::cells::{cellstr_units, cellstr_value, str_value};
use super::super::format::printf::do_escapes;
use super::Ctx;
use crate::error::{Error, Result};
use crate::value::{Dims, Value};

/// A row of values as a 1xN cell.
fn cell_row(items: Vec<Value>) -> Value {
    cellstr_value(Dims::row(items.len()), items)
}

/// strsplit: split a string at delimiters.
///
/// `C = strsplit(S)` splits S at whitespace into a row cell array of
/// strings.
///
/// `C = strsplit(S, DELIMITER)` splits at DELIMITER, or at any of the
/// strings of a cell array DELIMITER (escape sequences such as \t are
/// interpreted). Consecutive delimiters count as one unless the option
/// 'CollapseDelimiters' is false; with 'DelimiterType',
/// 'RegularExpression' the delimiters are regular expressions.
///
/// `[C, MATCHES] = strsplit(...)` also returns the delimiters found.
///
/// ```text
/// >> strsplit('a,b;c', {',', ';'})
/// ans =
/// {
///   [1,1] = a
///   [1,2] = b
///   [1,3] = c
/// }
/// ```
pub fn bi_strsplit(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "strsplit";
    if args.is_empty() {
        return Err(Error::nargin(WHO));
    }
    // strsplit(s[, del][, collapse][, name, value]...): the values before
    // the first name are the delimiters and a logical collapse flag.
    let first_name = args
        .iter()
        .skip(1)
        .position(Value::is_char)
        .map_or(args.len(), |p| p + 1);
    let (mut del_arg, mut collapse_arg) = (None, None);
    match &args[1..first_name] {
        [] => {}
        [c @ Value::Bool(_)] => collapse_arg = Some(c),
        [d] => del_arg = Some(d),
        [d, c @ Value::Bool(_)] => (del_arg, collapse_arg) = (Some(d), Some(c)),
        _ => {
            return Err(Error::with_id(
                "Octave:invalid-fun-call",
                "Invalid call to strsplit",
            ))
        }
    }
    // A char right after S is the delimiter, unless it is an option name
    // with a value after it and nothing else is left.
    let mut rest = &args[first_name..];
    if del_arg.is_none() && collapse_arg.is_none() && !rest.is_empty() {
        let is_name = |v: &Value| {
            v.to_str(WHO).is_ok_and(|k| {
                k.eq_ignore_ascii_case("collapsedelimiters")
                    || k.eq_ignore_ascii_case("delimitertype")
            })
        };
        if rest.len() % 2 == 1 || !is_name(&rest[0]) {
            del_arg = Some(&rest[0]);
            rest = &rest[1..];
            if let Some(c @ Value::Bool(_)) = rest.first() {
                collapse_arg = Some(c);
                rest = &rest[1..];
            }
        }
    }
    let mut collapse = collapse_arg.cloned();
    let mut deltype = "simple".to_string();
    for pair in rest.chunks(2) {
        let key = pair[0].to_str(WHO)?;
        let Some(v) = pair.get(1) else {
            return Err(Error::with_id(
                "Octave:invalid-fun-call",
                "Invalid call to strsplit",
            ));
        };
        if key.eq_ignore_ascii_case("collapsedelimiters") {
            collapse = Some(v.clone());
        } else if key.eq_ignore_ascii_case("delimitertype") {
            deltype = v.to_str(WHO)?;
        } else {
            return Err(Error::with_id(
                "Octave:strsplit:invalid_parameter_name",
                format!("strsplit: invalid parameter name, '{key}'"),
            ));
        }
    }
    // 'DelimiterType' may be abbreviated ('s', 'r'), in any case.
    let abbrev = |full: &str| {
        !deltype.is_empty()
            && full.len() >= deltype.len()
            && full[..deltype.len()].eq_ignore_ascii_case(&deltype)
    };
    let regex = if abbrev("simple") {
        false
    } else if abbrev("regularexpression") {
        true
    } else {
        return Err(Error::with_id(
            "Octave:strsplit:invalid_delimitertype",
            "strsplit: Invalid DELIMITERTYPE",
        ));
    };
    let units = |v: &Value| -> Option<Vec<Vec<u16>>> {
        match v {
            Value::Char(a) if a.rows() <= 1 => Some(vec![a.data().to_vec()]),
            Value::Cell(_) => {
                cellstr_units(v).map(|c| c.into_iter().map(<[u16]>::to_vec).collect())
            }
            _ => None,
        }
    };
    let s: Vec<u16> = match &args[0] {
        Value::Char(a) if a.numel() == 0 || (a.dims().ndims() == 2 && a.rows() == 1) => {
            a.data().to_vec()
        }
        Value::Char(_) => return Err(Error::new("strsplit: S must be a char row vector")),
        _ => return Err(Error::new("strsplit: S and DEL must be string values")),
    };
    let mut delims: Vec<Vec<u16>> = match del_arg {
        // Whitespace by default.
        None if regex => vec!["\\s".encode_utf16().collect()],
        None => [" ", "\x0c", "\n", "\r", "\t", "\x0b"]
            .iter()
            .map(|d| d.encode_utf16().collect())
            .collect(),
        Some(d) => {
            units(d).ok_or_else(|| Error::new("strsplit: S and DEL must be string values"))?
        }
    };
    let collapse = match collapse {
        None => true,
        Some(c) if c.numel() == 1 => c.is_true()?,
        Some(_) => {
            return Err(Error::new(
                "strsplit: COLLAPSEDELIMITERS must be a scalar value",
            ))
        }
    };
    if s.is_empty() {
        let mut out = vec![cell_row(vec![args[0].clone()])];
        if ctx.nargout > 1 {
            out.push(cellstr_value(Dims::mat(1, 0), Vec::new()));
        }
        return Ok(out);
    }
    // Spans [start, end) of the delimiters found, left to right.
    let spans: Vec<(usize, usize)> = if regex {
        let pat: Vec<String> = delims.iter().map(|d| String::from_utf16_lossy(d)).collect();
        super::regex::find_spans(&s, &pat.join("|"), WHO)?
    } else {
        delims = delims.into_iter().map(|d| do_escapes(&d)).collect();
        // The longest delimiter wins where several match.
        delims.sort_by_key(|d| std::cmp::Reverse(d.len()));
        let mut spans = Vec::new();
        let mut k = 0;
        while k < s.len() {
            match delims
                .iter()
                .find(|d| !d.is_empty() && s[k..].starts_with(d))
            {
                Some(d) => {
                    spans.push((k, k + d.len()));
                    k += d.len();
                }
                None => k += 1,
            }
        }
        spans
    };
    let mut pieces: Vec<Value> = Vec::with_capacity(spans.len() + 1);
    let mut found: Vec<Value> = Vec::with_capacity(spans.len());
    let mut last = 0;
    let mut prev_end: Option<usize> = None;
    for &(a, b) in &spans {
        if collapse && prev_end == Some(a) {
            // Adjacent delimiters count as one: extend the previous match.
            if let Some(m) = found.last_mut() {
                let mut units: Vec<u16> = match m {
                    Value::Char(x) => x.data().to_vec(),
                    _ => Vec::new(),
                };
                units.extend_from_slice(&s[a..b]);
                *m = str_value(&units);
            }
        } else {
            pieces.push(str_value(&s[last..a]));
            found.push(str_value(&s[a..b]));
        }
        last = b;
        prev_end = Some(b);
    }
    pieces.push(str_value(&s[last..]));
    let mut out = vec![cell_row(pieces)];
    if ctx.nargout > 1 {
        out.push(cell_row(found));
    }
    Ok(out)
}

/// strjoin: join a cell array of strings into one string.
///
/// `S = strjoin(C)` joins the strings of the cell array C with a space
/// between each pair.
///
/// `S = strjoin(C, DELIMITER)` puts DELIMITER between them instead
/// (escape sequences such as \n are interpreted); a cell array
/// DELIMITER gives its elements in turn, one between each pair.
///
/// ```text
/// >> strjoin({'a', 'b', 'c'})
/// ans = a b c
/// >> strjoin({'a', 'b', 'c'}, ', ')
/// ans = a, b, c
/// ```
pub fn bi_strjoin(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "strjoin";
    if args.is_empty() || args.len() > 2 {
        return Err(Error::nargin(WHO));
    }
    let Some(items) = cellstr_units(&args[0]) else {
        return Err(Error::new("strjoin: CSTR must be a cell array of strings"));
    };
    let n = items.len();
    let delims: Vec<Vec<u16>> = match args.get(1) {
        None => vec![vec![32]; n.saturating_sub(1)],
        Some(Value::Char(a)) if a.rows() <= 1 => {
            vec![do_escapes(a.data()); n.saturating_sub(1)]
        }
        Some(d @ Value::Cell(_)) => match cellstr_units(d) {
            Some(v) if v.len() + 1 == n || (n == 0 && v.is_empty()) => {
                v.into_iter().map(<[u16]>::to_vec).collect()
            }
            _ => {
                return Err(Error::new(
                    "strjoin: the number of delimiters does not match the number of strings",
                ))
            }
        },
        Some(_) => return Err(Error::new("strjoin: DELIMITER must be a string")),
    };
    let mut out = Vec::new();
    for (k, it) in items.iter().enumerate() {
        if k > 0 {
            out.extend_from_slice(&delims[k - 1]);
        }
        out.extend_from_slice(it);
    }
    Ok(vec![str_value(&out)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::strings::tests::call;

    fn texts(v: &Value) -> Vec<String> {
        cellstr_units(v)
            .unwrap()
            .into_iter()
            .map(String::from_utf16_lossy)
            .collect()
    }

    #[test]
    fn strsplit_cases() {
        let c = call(bi_strsplit, vec![Value::str("x--y"), Value::str("-")]).unwrap();
        assert_eq!(texts(&c), ["x", "y"]);
        assert_eq!(c.dims().as_slice(), &[1, 2]);
        let c = call(bi_strsplit, vec![Value::str("  a b ")]).unwrap();
        assert_eq!(texts(&c), ["", "a", "b", ""]);
        let c = call(
            bi_strsplit,
            vec![
                Value::str("a,,b"),
                Value::str(","),
                Value::str("CollapseDelimiters"),
                Value::bool(false),
            ],
        )
        .unwrap();
        assert_eq!(texts(&c), ["a", "", "b"]);
        let d = Value::cell(crate::value::Array::row(vec![
            Value::str(","),
            Value::str(";"),
        ]));
        let c = call(bi_strsplit, vec![Value::str("a,b;c"), d]).unwrap();
        assert_eq!(texts(&c), ["a", "b", "c"]);
        let c = call(bi_strsplit, vec![Value::str("a\tb"), Value::str("\\t")]).unwrap();
        assert_eq!(texts(&c), ["a", "b"]);
    }

    #[test]
    fn strjoin_cases() {
        let c = call(bi_strsplit, vec![Value::str("3.5,abc,7"), Value::str(",")]).unwrap();
        let s = call(bi_strjoin, vec![c, Value::str(";")]).unwrap();
        assert_eq!(s, Value::str("3.5;abc;7"));
        let e = call(
            bi_strjoin,
            vec![Value::cell(crate::value::Array::empty_with(Dims::empty()))],
        )
        .unwrap();
        assert_eq!(e, Value::str(""));
        assert!(call(bi_strjoin, vec![Value::str("abc")]).is_err());
    }
}
