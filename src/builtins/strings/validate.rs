//! `validatestring` (a unique case-insensitive prefix among allowed
//! strings, with MATLAB's optional function name, variable name and
//! argument position in its messages) and Octave's `compare_versions`.

use super::{Ctx, Value};
use crate::error::{Error, Result};

/// A char row (or empty char) as text, or `None`.
fn row_text(v: &Value) -> Option<String> {
    match v {
        Value::Char(a) if a.rows() <= 1 || a.numel() == 0 => v.to_str("validatestring").ok(),
        _ => None,
    }
}

/// Case-insensitive: does `s` begin with the `n` characters of `p`?
fn prefix_ci(p: &[char], s: &str, n: usize) -> bool {
    let s: Vec<char> = s.chars().collect();
    n > 0
        && p.len() >= n
        && s.len() >= n
        && p[..n]
            .iter()
            .zip(&s[..n])
            .all(|(a, b)| a.to_lowercase().eq(b.to_lowercase()))
}

/// validatestring: check a string against a list of allowed ones.
///
/// `validstr = validatestring(str, strarray)` returns the element of the
/// cell array of strings strarray that str is a case-insensitive prefix
/// of. When several match and the shortest of them is a prefix of all the
/// others, that one is returned; otherwise, or when none matches, it is
/// an error listing the candidates.
///
/// `validstr = validatestring(str, strarray, funcname)`,
/// `validatestring(str, strarray, funcname, varname)` and
/// `validatestring(..., position)` name the function, the variable and
/// the argument position in the error message.
///
/// ```text
/// >> validatestring('app', {'apple', 'banana'})
/// ans = apple
/// >> validatestring('r', {'red', 'green', 'blue'})
/// ans = red
/// ```
pub fn bi_validatestring(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "validatestring";
    if !(2..=5).contains(&args.len()) {
        return Err(Error::nargin(WHO));
    }
    let mut rest: &[Value] = &args[2..];
    let mut position = 0.0;
    if let Some((last, init)) = rest.split_last() {
        if last.is_numeric() && !last.is_char() {
            position = last.scalar_f64(WHO)?.trunc();
            rest = init;
            if position.is_nan() || position < 1.0 {
                return Err(Error::new("validatestring: POSITION must be >= 1"));
            }
        }
    }
    let names: Vec<&Value> = rest.iter().filter(|v| v.is_char()).collect();
    if names.len() > 2 {
        return Err(Error::new(
            "validatestring: invalid number of character inputs (> 3)",
        ));
    }
    let Some(s) = (match &args[0] {
        Value::Char(a) if a.rows() == 1 => row_text(&args[0]),
        _ => None,
    }) else {
        return Err(Error::new(
            "validatestring: STR must be a single character string",
        ));
    };
    let Value::Cell(c) = &args[1] else {
        return Err(Error::new("validatestring: STRARRAY must be a cellstr"));
    };
    let list: Vec<String> = c
        .data()
        .iter()
        .map(row_text)
        .collect::<Option<_>>()
        .ok_or_else(|| Error::new("validatestring: STRARRAY must be a cellstr"))?;
    let name = |k: usize, what: &str| -> Result<String> {
        match names.get(k) {
            None => Ok(String::new()),
            Some(v) => row_text(v).ok_or_else(|| {
                Error::new(format!(
                    "validatestring: {what} must be a single character string"
                ))
            }),
        }
    };
    let mut funcname = name(0, "FUNCNAME")?;
    let varname = name(1, "VARNAME")?;
    if funcname.is_empty() {
        funcname = WHO.to_string();
    }
    let mut head = format!("{funcname}: '{s}' ");
    match (varname.is_empty(), position > 0.0) {
        (false, true) => head.push_str(&format!("(variable {varname}, argument #{position}) ")),
        (false, false) => head.push_str(&format!("(variable {varname}) ")),
        (true, true) => head.push_str(&format!("(argument #{position}) ")),
        (true, false) => {}
    }
    let quoted = |v: &[&String]| {
        v.iter()
            .map(|t| format!("'{t}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let sc: Vec<char> = s.chars().collect();
    let n = sc.len();
    let hits: Vec<&String> = list.iter().filter(|t| prefix_ci(&sc, t, n)).collect();
    match hits.as_slice() {
        [] => {
            let all: Vec<&String> = list.iter().collect();
            Err(Error::new(format!(
                "{head}does not match any of\n{}",
                quoted(&all)
            )))
        }
        [one] => Ok(vec![Value::str(one)]),
        many => {
            // The shortest match (the first of equal length) wins when it
            // is a prefix of every other match.
            let mut short = many[0];
            for t in many {
                if t.chars().count() < short.chars().count() {
                    short = t;
                }
            }
            let sh: Vec<char> = short.chars().collect();
            let len = sh.len();
            if many.iter().all(|t| prefix_ci(&sh, t, len)) {
                Ok(vec![Value::str(short)])
            } else {
                Err(Error::new(format!(
                    "{head}matches multiple possible values:\n{}",
                    quoted(many)
                )))
            }
        }
    }
}

/// A version string split into its leading numbers (dot-separated) and
/// the text from the first other character on; numbers that do not parse
/// make the number part empty, as in Octave.
fn split_version(v: &str) -> (Vec<f64>, Vec<u32>) {
    let cut = v
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.'))
        .map_or(v.len(), |(i, _)| i);
    let (num, text) = v.split_at(cut);
    let parts: Vec<f64> = num
        .split('.')
        .map(|p| p.parse::<f64>().unwrap_or(f64::NAN))
        .collect();
    // Octave's `if (isnan (v))` on a vector is true only when all are NaN.
    let nums = if parts.iter().all(|p| p.is_nan()) {
        Vec::new()
    } else {
        parts
    };
    (nums, text.chars().map(u32::from).collect())
}

/// compare_versions: compare two version strings.
///
/// `result = compare_versions(v1, v2, operator)` compares the version
/// strings v1 and v2 (numbers separated by dots, optionally followed by
/// text such as "rc1") with one of the operators '==', '<', '<=', '>',
/// '>=', '!=' or '~=' ('=<' and '=>' are accepted too). Missing numbers
/// count as 0, so "1.1" equals "1.1.0"; the text parts compare character
/// by character. The result is a logical scalar.
///
/// ```text
/// >> compare_versions('1.10', '1.9', '>')
/// ans = 1
/// >> compare_versions('7.3.0', '7.3', '==')
/// ans = 1
/// >> compare_versions('1.1a', '1.1b', '>=')
/// ans = 0
/// ```
pub fn bi_compare_versions(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "compare_versions";
    let [v1, v2, op] = args.as_slice() else {
        return Err(Error::nargin(WHO));
    };
    if !(v1.is_char() && v2.is_char()) {
        return Err(Error::new(
            "compare_versions: version numbers V1 and V2 must be strings",
        ));
    }
    let single = |v: &Value| matches!(v, Value::Char(a) if a.rows() == 1 && a.dims().ndims() == 2);
    if !single(v1) || !single(v2) {
        return Err(Error::new(
            "compare_versions: version numbers V1 and V2 must be a single row",
        ));
    }
    if !op.is_char() {
        return Err(Error::new("compare_versions: OPERATOR must be a string"));
    }
    let ops: Vec<char> = op.to_str(WHO)?.chars().collect();
    if ops.len() > 2 {
        return Err(Error::new(
            "compare_versions: OPERATOR must be 1 or 2 characters long",
        ));
    }
    let (s1, s2) = (v1.to_str(WHO)?, v2.to_str(WHO)?);
    let (mut n1, mut c1) = split_version(&s1);
    let (mut n2, mut c2) = split_version(&s2);
    if n1.is_empty() && c1.is_empty() {
        return Err(Error::new(format!(
            "compare_versions: version string V1 is not valid: {s1}"
        )));
    }
    if n2.is_empty() && c2.is_empty() {
        return Err(Error::new(format!(
            "compare_versions: version string V2 is not valid: {s2}"
        )));
    }
    let nl = n1.len().max(n2.len());
    n1.resize(nl, 0.0);
    n2.resize(nl, 0.0);
    let cl = c1.len().max(c2.len());
    c1.resize(cl, 0);
    c2.resize(cl, 0);
    let equal_op = ops.contains(&'=');
    let not_op = ops.iter().any(|&c| c == '!' || c == '~');
    let lt_op = ops.contains(&'<');
    let gt_op = ops.contains(&'>');
    if gt_op && lt_op {
        return Err(Error::new(
            "compare_versions: OPERATOR cannot contain both greater and less than symbols",
        ));
    }
    if (gt_op || lt_op) && not_op {
        return Err(Error::new(
            "compare_versions: OPERATOR cannot contain not and greater than or less than symbols",
        ));
    }
    if ops == ['='] {
        return Err(Error::new(
            "compare_versions: equality OPERATOR is \"==\", not \"=\"",
        ));
    }
    if !(equal_op || not_op || lt_op || gt_op) {
        return Err(Error::new("compare_versions: no valid OPERATOR specified"));
    }
    let sign = if lt_op { -1.0 } else { 1.0 };
    let diffs = n1.iter().zip(&n2).map(|(a, b)| a - b).chain(
        c1.iter()
            .zip(&c2)
            .map(|(&a, &b)| f64::from(a) - f64::from(b)),
    );
    // NaN parts (as "1..2") differ, as in Octave's find on nonzeros.
    let first = diffs.map(|d| d * sign).find(|&d| d != 0.0);
    let mut out = match first {
        None => equal_op,
        Some(d) if lt_op || gt_op => d > 0.0,
        Some(_) => false,
    };
    if not_op {
        out = !out;
    }
    Ok(vec![Value::bool(out)])
}
