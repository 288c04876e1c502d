//! Builtins: strings family — building and trimming char arrays (`strcat`,
//! `strvcat`, `char`, `blanks`, `deblank`, `strtrim`, `strjust`), case
//! (`upper`, `lower`), comparison (`strcmp` family), search and replace
//! (`strfind`, `strrep`) and character classes (`isspace`, `isletter`, ...),
//! with GNU Octave 7's results and sizes.
//!
//! Submodules: `convert` (`str2double`, `dec2bin` and friends), `regex`
//! (`regexprep`, `regexp`), `split` (`strsplit`, `strjoin`), `tok` (`strtok`,
//! `startsWith`, `endsWith`), `validate` (`validatestring`,
//! `compare_versions`). Functions that take "a string or a cell
//! array of strings" map over a cellstr through `cells::map_cellstr`.

// `Error` is the crate-wide error type (not ours to shrink); builtins return it.

pub mod convert;
pub mod regex;
pub mod split;
pub mod tok;
pub mod validate;

/// `error(...)` arguments to (identifier, message); lives in `format`.
pub use super::format::error_message;

use super::{cells, Builtin, Ctx};
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Value};

pub const TABLE: &[Builtin] = table![
    "strcat" => bi_strcat,
    "strvcat" => bi_strvcat,
    "char" => bi_char,
    "blanks" => bi_blanks,
    "deblank" => bi_deblank,
    "strtrim" => bi_strtrim,
    "upper" => bi_upper,
    "toupper" => bi_upper,
    "lower" => bi_lower,
    "tolower" => bi_lower,
    "strcmp" => bi_strcmp,
    "strcmpi" => bi_strcmpi,
    "strncmp" => bi_strncmp,
    "strncmpi" => bi_strncmpi,
    "strfind" => bi_strfind,
    "strrep" => bi_strrep,
    "strjust" => bi_strjust,
    "isspace" => bi_isspace,
    "isletter" => bi_isletter,
    "isalpha" => bi_isletter,
    "isdigit" => bi_isdigit,
    "isupper" => bi_isupper,
    "islower" => bi_islower,
    "isalnum" => bi_isalnum,
    "ispunct" => bi_ispunct,
    "str2double" => convert::bi_str2double,
    "dec2bin" => convert::bi_dec2bin,
    "dec2hex" => convert::bi_dec2hex,
    "dec2base" => convert::bi_dec2base,
    "bin2dec" => convert::bi_bin2dec,
    "hex2dec" => convert::bi_hex2dec,
    "base2dec" => convert::bi_base2dec,
    "regexprep" => regex::bi_regexprep,
    "regexp" => regex::bi_regexp,
    "regexpi" => regex::bi_regexpi,
    "strtok" => tok::bi_strtok,
    "strsplit" => split::bi_strsplit,
    "strjoin" => split::bi_strjoin,
    "startsWith" => tok::bi_starts_with,
    "contains" => tok::bi_contains,
    "endsWith" => tok::bi_ends_with,
    "validatestring" => validate::bi_validatestring,
    "compare_versions" => validate::bi_compare_versions,
];

const SPACE: u16 = 32;

/// C `isspace`: space, \t, \n, \v, \f, \r.
pub(crate) fn is_space(c: u16) -> bool {
    matches!(c, 32 | 9..=13)
}

/// A char matrix from rows padded with spaces (`n x maxlen`; 0x0 for no rows).
pub(crate) fn rows_to_char(rows: &[Vec<u16>]) -> Value {
    if rows.is_empty() {
        return Value::str("");
    }
    let n = rows.len();
    let w = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut data = vec![SPACE; n * w];
    for (i, r) in rows.iter().enumerate() {
        for (j, &c) in r.iter().enumerate() {
            data[i + j * n] = c;
        }
    }
    Value::Char(Array::new(Dims::mat(n, w), data))
}

/// A 1xN char row.
pub(crate) fn char_row(units: Vec<u16>) -> Value {
    let n = units.len();
    Value::Char(Array::new(Dims::row(n), units))
}

/// Char view of a char, numeric or logical array (numbers become codes).
fn as_chars(v: &Value, who: &str) -> Result<Array<u16>> {
    match v {
        Value::Char(a) => Ok(a.clone()),
        Value::Num(_) | Value::Bool(_) | Value::Single(_) | Value::Int(_) => {
            crate::value::char_codes(&v.to_num_array(who)?)
        }
        Value::Complex(_) | Value::SingleComplex(_) => Err(Error::new(format!(
            "{who}: wrong type argument 'complex matrix'"
        ))),
        Value::Cell(_) | Value::Struct(_) | Value::Func(_) | Value::Sparse(_) => {
            Err(Error::wrong_type(who, v.class_name()))
        }
    }
}

/// Rows of the 2-D view of a char array.
pub(crate) fn rows_of(a: &Array<u16>) -> Vec<Vec<u16>> {
    let (r, c) = (a.rows(), a.dims().trailing());
    (0..r)
        .map(|i| (0..c).map(|j| *a.at(i, j)).collect())
        .collect()
}

fn trim_trailing_spaces(mut r: Vec<u16>) -> Vec<u16> {
    while r.last() == Some(&SPACE) {
        r.pop();
    }
    r
}

/// `strcat` with cell arguments: a cell of the cells' common size, each
/// element the join of the cell elements (kept as they are) and the char
/// arguments (trailing whitespace removed).
fn strcat_cells(args: &[Value]) -> Result<Vec<Value>> {
    let bad = || Error::new("strcat: inputs must be strings or cells of strings");
    let mut dims: Option<Dims> = None;
    for a in args {
        if let Value::Cell(c) = a {
            if c.numel() != 1 {
                match &dims {
                    Some(d) if d != c.dims() => {
                        return Err(Error::new(
                            "strcat: arguments must be the same size, or be scalars",
                        ))
                    }
                    _ => dims = Some(c.dims().clone()),
                }
            }
        }
    }
    let dims = dims.unwrap_or_else(Dims::scalar);
    let mut parts: Vec<Vec<&[u16]>> = Vec::with_capacity(args.len());
    let mut trimmed: Vec<Vec<u16>> = Vec::new();
    for a in args {
        if let Value::Char(c) = a {
            let row = if c.rows() <= 1 {
                c.data().to_vec()
            } else {
                return Err(bad());
            };
            let mut r = row;
            while r.last().is_some_and(|&u| is_space(u)) {
                r.pop();
            }
            trimmed.push(r);
        }
    }
    let mut t = trimmed.iter();
    for a in args {
        match a {
            Value::Cell(_) => parts.push(cells::cellstr_units(a).ok_or_else(bad)?),
            Value::Char(_) => parts.push(vec![t.next().map_or(&[][..], Vec::as_slice)]),
            _ => return Err(bad()),
        }
    }
    let items: Vec<Value> = (0..dims.numel())
        .map(|k| {
            let units: Vec<u16> = parts
                .iter()
                .flat_map(|p| if p.len() == 1 { p[0] } else { p[k] }.iter().copied())
                .collect();
            cells::str_value(&units)
        })
        .collect();
    Ok(vec![cells::cellstr_value(dims, items)])
}

/// strcat: concatenate strings horizontally.
///
/// `S = strcat(S1, S2, ...)` joins its arguments side by side. For char
/// arguments, trailing whitespace of each is removed first; if any
/// argument is a cell array the result is a cell array, joined element by
/// element (whitespace kept), with char arguments repeated for every cell.
///
/// ```text
/// >> strcat('a ', 'b ', 'c')
/// ans = abc
/// >> strcat({'a '}, 'b')
/// ans =
/// {
///   [1,1] = a b
/// }
/// ```
fn bi_strcat(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if args.iter().any(|a| matches!(a, Value::Cell(_))) {
        return strcat_cells(&args);
    }
    let bad = || Error::new("strcat: inputs must be strings or cells of strings");
    let mut parts: Vec<Vec<Vec<u16>>> = Vec::with_capacity(args.len());
    for a in &args {
        let chars = match a {
            Value::Complex(_) | Value::Struct(_) => return Err(bad()),
            _ => as_chars(a, "strcat")?,
        };
        // cellstr: one string per row (an empty array is one empty string).
        let rows = if chars.numel() == 0 && chars.rows() <= 1 {
            vec![Vec::new()]
        } else {
            rows_of(&chars)
        };
        parts.push(rows.into_iter().map(trim_trailing_spaces).collect());
    }
    if parts.is_empty() {
        return Ok(vec![Value::str("")]);
    }
    let n = parts
        .iter()
        .map(Vec::len)
        .filter(|&k| k != 1)
        .max()
        .unwrap_or(1);
    if parts.iter().any(|p| p.len() != 1 && p.len() != n) {
        return Err(Error::new(
            "strcat: arguments must be the same size, or be scalars",
        ));
    }
    let rows: Vec<Vec<u16>> = (0..n)
        .map(|i| {
            parts
                .iter()
                .flat_map(|p| if p.len() == 1 { &p[0] } else { &p[i] }.iter().copied())
                .collect()
        })
        .collect();
    Ok(vec![rows_to_char(&rows)])
}

/// strvcat: stack strings vertically into a char array.
///
/// `S = strvcat(S1, S2, ...)` makes a char array whose rows are the
/// arguments (strings, char arrays, cell arrays of strings), padded with
/// blanks to the same length. Unlike char, empty strings are left out.
///
/// ```text
/// >> strvcat('a', 'bcd')
/// ans =
///
/// a
/// bcd
/// >> size(strvcat('a', '', 'b'))
/// ans =
///
///    2   1
/// ```
fn bi_strvcat(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let mut rows = Vec::new();
    for a in &args {
        let c = as_chars(a, "strvcat")?;
        if c.numel() > 0 {
            rows.extend(rows_of(&c));
        }
    }
    Ok(vec![rows_to_char(&rows)])
}

/// char: convert to a character array, or stack strings as rows.
///
/// `c = char(x)` converts the numeric codes in x to characters (`char(65)` is
/// 'A'); a char argument is returned unchanged.
///
/// `c = char(s1, s2, ...)` stacks the strings as the rows of a char matrix,
/// padding shorter ones with blanks on the right. A cell array gives one
/// row per element.
///
/// ```text
/// >> char([72 105])
/// ans = Hi
/// >> char('a', 'bcd')
/// ans =
///
/// a
/// bcd
/// >> size(char('one', 'three'))
/// ans =
///
///    2   5
/// ```
fn bi_char(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if args.is_empty() {
        return Ok(vec![Value::str("")]);
    }
    if let [a] = args.as_slice() {
        match a {
            Value::Cell(c) if c.numel() == 0 => {
                return Ok(vec![Value::Char(Array::empty_with(Dims::empty()))])
            }
            Value::Cell(_) => {}
            _ => return Ok(vec![Value::Char(as_chars(a, "char")?)]),
        }
    }
    let mut rows = Vec::new();
    for a in &args {
        char_rows(a, &mut rows, 0)?;
    }
    Ok(vec![rows_to_char(&rows)])
}

/// The rows `char` makes of one argument: a string's rows (an empty one
/// is one empty row), a cell's elements in order, nested cells included.
fn char_rows(v: &Value, rows: &mut Vec<Vec<u16>>, depth: usize) -> Result<()> {
    if depth > 256 {
        return Err(Error::new("char: cell arrays nested too deeply"));
    }
    if let Value::Cell(c) = v {
        for e in c.data() {
            char_rows(e, rows, depth + 1)?;
        }
        return Ok(());
    }
    let c = as_chars(v, "char")?;
    if c.numel() == 0 {
        rows.push(Vec::new());
    } else {
        rows.extend(rows_of(&c));
    }
    Ok(())
}

/// blanks: a string of blanks.
///
/// `s = blanks(n)` returns a 1-by-n char row of spaces.
///
/// ```text
/// >> ['[' blanks(3) ']']
/// ans = [   ]
/// >> size(blanks(5))
/// ans =
///
///    1   5
/// ```
fn bi_blanks(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if args.len() != 1 {
        return Err(Error::nargin("blanks"));
    }
    let bad = || Error::new("blanks: N must be a non-negative integer");
    let n = args[0].scalar_f64("blanks").map_err(|_| bad())?;
    if !(n >= 0.0 && n.fract() == 0.0) {
        return Err(bad());
    }
    if n > crate::ops::MAX_ELEMS as f64 {
        return Err(crate::ops::too_many(n));
    }
    let n = n as usize;
    Ok(vec![if n == 0 {
        Value::str("")
    } else {
        char_row(super::util::alloc_vec(n, SPACE)?)
    }])
}

/// Columns `lo..hi` of a char matrix.
fn cols(a: &Array<u16>, lo: usize, hi: usize) -> Value {
    let r = a.rows();
    let mut data = Vec::with_capacity(r * (hi - lo));
    for j in lo..hi {
        for i in 0..r {
            data.push(*a.at(i, j));
        }
    }
    Value::Char(Array::new(Dims::mat(r, hi - lo), data))
}

fn one_arg<'a>(args: &'a [Value], who: &str) -> Result<&'a Value> {
    match args {
        [v] => Ok(v),
        _ => Err(Error::nargin(who)),
    }
}

/// `f` on a char argument, or on every element of a cellstr (keeping the
/// cell's shape); anything else is the error `msg`.
fn on_cellstr(
    v: &Value,
    msg: &str,
    f: fn(&mut Ctx, Vec<Value>) -> Result<Vec<Value>>,
    ctx: &mut Ctx,
    rest: &[Value],
) -> Result<Vec<Value>> {
    let bad = || Error::new(msg);
    let out = cells::map_cellstr(v, &bad, &mut |e| {
        let mut a = vec![e.clone()];
        a.extend_from_slice(rest);
        f(ctx, a)?.into_iter().next().ok_or_else(|| Error::new(msg))
    })?;
    Ok(vec![out])
}

/// deblank: remove trailing whitespace.
///
/// `s = deblank(str)` removes trailing whitespace and null characters from
/// the string str (leading blanks are kept; see `strtrim` for both ends).
/// For a char matrix the common trailing blank columns go; for a cell array
/// of strings, each cell is deblanked.
///
/// ```text
/// >> ['[' deblank('  hi  ') ']']
/// ans = [  hi]
/// >> deblank({'a ', 'b  '})
/// ans =
/// {
///   [1,1] = a
///   [1,2] = b
/// }
/// ```
fn bi_deblank(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let v = one_arg(&args, "deblank")?;
    deblank(v).map(|v| vec![v])
}

/// deblank of one value: trailing blanks and NULs off a char array, each
/// element of a cell array in turn.
fn deblank(v: &Value) -> Result<Value> {
    if let Value::Cell(c) = v {
        // Element by element, into nested cells; empty arrays stay.
        let mut out = Vec::with_capacity(c.numel());
        for e in c.data() {
            out.push(match e {
                Value::Char(_) | Value::Cell(_) => deblank(e)?,
                e if e.is_empty() && !matches!(e, Value::Struct(_)) => e.clone(),
                _ => {
                    return Err(Error::new(
                        "deblank: S argument must be a string or cellstring",
                    ))
                }
            });
        }
        return Ok(Value::Cell(Box::new(Array::new(c.dims().clone(), out))));
    }
    if v.is_empty() {
        return Ok(v.clone());
    }
    let Value::Char(a) = v else {
        return Err(Error::new(
            "deblank: S argument must be a string or cellstring",
        ));
    };
    let r = a.rows().max(1);
    let last = a.data().iter().rposition(|&c| !is_space(c) && c != 0);
    Ok(match last {
        None => Value::str(""),
        Some(k) => cols(a, 0, k / r + 1),
    })
}

/// strtrim: remove leading and trailing whitespace.
///
/// `S = strtrim(STR)` is STR without the whitespace at its start and
/// end. For a cell array of strings each is trimmed.
///
/// ```text
/// >> strtrim({' a ', 'b  '})
/// ans =
/// {
///   [1,1] = a
///   [1,2] = b
/// }
/// ```
fn bi_strtrim(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let v = one_arg(&args, "strtrim")?;
    if let Value::Cell(_) = v {
        return on_cellstr(
            v,
            "strtrim: S argument must be a string or cellstring",
            bi_strtrim,
            ctx,
            &[],
        );
    }
    let Value::Char(a) = v else {
        return Err(Error::new(
            "strtrim: S argument must be a string or cellstring",
        ));
    };
    let r = a.rows().max(1);
    let nonblank = || {
        (0..a.numel())
            .filter(|&k| !is_space(a.data()[k]))
            .map(|k| k / r)
    };
    Ok(vec![match (nonblank().min(), nonblank().max()) {
        (Some(lo), Some(hi)) => cols(a, lo, hi + 1),
        _ => Value::str(""),
    }])
}

fn map_case(v: &Value, upper: bool) -> Value {
    match v {
        Value::Char(a) => Value::Char(a.map(|&c| {
            let ch = char::from_u32(u32::from(c));
            match ch {
                Some(ch) => {
                    let mut it: Box<dyn Iterator<Item = char>> = if upper {
                        Box::new(ch.to_uppercase())
                    } else {
                        Box::new(ch.to_lowercase())
                    };
                    match (it.next(), it.next()) {
                        (Some(m), None) if (m as u32) < 0x10000 => m as u32 as u16,
                        _ => c,
                    }
                }
                None => c,
            }
        })),
        other => other.clone(),
    }
}

/// `upper`/`lower` of a char array or of every element of a cellstr;
/// other values are returned as they are.
fn change_case(args: &[Value], who: &str, upper: bool) -> Result<Vec<Value>> {
    let v = one_arg(args, who)?;
    if let Value::Cell(_) = v {
        let bad = || {
            Error::new(format!(
                "{who}: S must be a string or cell array of strings"
            ))
        };
        return Ok(vec![cells::map_cellstr(v, &bad, &mut |e| {
            Ok(map_case(e, upper))
        })?]);
    }
    Ok(vec![map_case(v, upper)])
}

/// upper, toupper: convert text to uppercase.
///
/// `B = upper(A)` is the char array A with lowercase letters turned into
/// uppercase; other characters are unchanged. For a cell array of strings
/// each string is converted; other values are returned unchanged.
/// `toupper` is the same function.
///
/// ```text
/// >> upper('abc')
/// ans = ABC
/// >> upper({'ab', 'Cd'})
/// ans =
/// {
///   [1,1] = AB
///   [1,2] = CD
/// }
/// ```
fn bi_upper(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    change_case(&args, "upper", true)
}

/// lower, tolower: convert text to lowercase.
///
/// `B = lower(A)` is the char array A with uppercase letters turned into
/// lowercase; other characters are unchanged. For a cell array of strings
/// each string is converted; other values are returned unchanged.
/// `tolower` is the same function.
///
/// ```text
/// >> lower('Hello World')
/// ans = hello world
/// ```
fn bi_lower(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    change_case(&args, "lower", false)
}

fn fold(c: u16, ci: bool) -> u16 {
    if ci && (u16::from(b'A')..=u16::from(b'Z')).contains(&c) {
        c + 32
    } else {
        c
    }
}

fn str_eq(a: &Value, b: &Value, ci: bool, n: Option<usize>) -> bool {
    let (Value::Char(x), Value::Char(y)) = (a, b) else {
        return false;
    };
    match n {
        None => {
            x.dims() == y.dims()
                && x.data()
                    .iter()
                    .zip(y.data())
                    .all(|(&p, &q)| fold(p, ci) == fold(q, ci))
        }
        Some(n) => {
            x.numel() >= n
                && y.numel() >= n
                && x.data()[..n]
                    .iter()
                    .zip(&y.data()[..n])
                    .all(|(&p, &q)| fold(p, ci) == fold(q, ci))
        }
    }
}

fn cmp_common(args: &[Value], who: &str, ci: bool, with_n: bool) -> Result<Vec<Value>> {
    let want = if with_n { 3 } else { 2 };
    if args.len() != want {
        return Err(Error::nargin(who));
    }
    let n = if with_n {
        let n = args[2].scalar_f64(who)?;
        if n.is_nan() || n <= 0.0 {
            return Err(Error::new(format!("{who}: N must be greater than 0")));
        }
        Some(n.min(usize::MAX as f64) as usize)
    } else {
        None
    };
    let eq = |x: &Value, y: &Value| str_eq(x, y, ci, n);
    Ok(vec![match (&args[0], &args[1]) {
        (Value::Cell(x), Value::Cell(y)) => {
            if x.numel() != 1 && y.numel() != 1 && x.dims() != y.dims() {
                return Err(Error::new(format!("{who}: nonconformant cell arrays")));
            }
            Value::Bool(super::util::zip_map(who, x, y, eq)?)
        }
        (Value::Cell(x), other) => Value::Bool(x.map(|e| eq(e, other))),
        (other, Value::Cell(y)) => Value::Bool(y.map(|e| eq(other, e))),
        (a, b) => Value::bool(eq(a, b)),
    }])
}

/// strcmp: compare strings.
///
/// `TF = strcmp(S1, S2)` is true when S1 and S2 are the same string
/// (same size and characters), false otherwise, also for non-strings.
/// When one or both are cell arrays of strings, the result is a logical
/// array comparing each cell (a char argument is compared with every
/// cell).
///
/// ```text
/// >> strcmp('abc', 'abc')
/// ans = 1
/// >> strcmp({'a', 'b'}, 'a')
/// ans =
///
///   1  0
/// ```
fn bi_strcmp(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    cmp_common(&args, "strcmp", false, false)
}
/// strcmpi: compare strings, ignoring case.
///
/// `TF = strcmpi(S1, S2)` is strcmp on the lowercased strings: true when
/// they are equal apart from letter case. Cell arrays of strings are
/// compared cell by cell.
///
/// ```text
/// >> strcmpi('ABC', 'abc')
/// ans = 1
/// ```
fn bi_strcmpi(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    cmp_common(&args, "strcmpi", true, false)
}
/// strncmp: compare the first N characters of strings.
///
/// `TF = strncmp(S1, S2, N)` is true when the first N characters of S1 and
/// S2 agree (both must have at least N). Cell arrays of strings are
/// compared cell by cell.
///
/// ```text
/// >> strncmp('hello', 'help', 3)
/// ans = 1
/// >> strncmp({'abc', 'abd'}, 'abx', 2)
/// ans =
///
///   1  1
/// ```
fn bi_strncmp(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    cmp_common(&args, "strncmp", false, true)
}
/// strncmpi: compare the first N characters of strings, ignoring case.
///
/// `TF = strncmpi(S1, S2, N)` is strncmp ignoring letter case.
///
/// ```text
/// >> strncmpi('HELlo', 'help', 3)
/// ans = 1
/// ```
fn bi_strncmpi(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    cmp_common(&args, "strncmpi", true, true)
}

/// Start offsets (0-based) of `pat` in `s`, overlapping or not.
fn find_all(s: &[u16], pat: &[u16], overlaps: bool) -> Vec<usize> {
    let mut v = Vec::new();
    if pat.is_empty() || pat.len() > s.len() {
        return v;
    }
    let mut k = 0;
    while k + pat.len() <= s.len() {
        if &s[k..k + pat.len()] == pat {
            v.push(k);
            k += if overlaps { 1 } else { pat.len() };
        } else {
            k += 1;
        }
    }
    v
}

fn overlaps_opt(rest: &[Value], who: &str) -> Result<bool> {
    match rest {
        [] => Ok(true),
        [k, v] if k.is_char() && k.to_str(who)?.eq_ignore_ascii_case("overlaps") => v.is_true(),
        _ => Err(Error::nargin(who)),
    }
}

/// strfind: find a substring.
///
/// `IDX = strfind(STR, PATTERN)` is a row of the indices in STR where
/// occurrences of PATTERN start (overlapping ones included); empty when
/// there is none.
///
/// `IDX = strfind(CELLSTR, PATTERN)` for a cell array of strings is a
/// cell array of the same size holding each string's index row.
///
/// `IDX = strfind(STR, PATTERN, 'overlaps', FALSE)` counts only
/// non-overlapping occurrences.
///
/// ```text
/// >> strfind('abcabc', 'bc')
/// ans =
///
///    2   5
/// >> strfind({'abcab', 'x'; 'b', ''}, 'b')
/// ans =
/// {
///   [1,1] =
///
///      2   5
///
///   [2,1] = 1
///   [1,2] = [](0x0)
///   [2,2] = [](0x0)
/// }
///
/// ```
fn bi_strfind(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if args.len() != 2 && args.len() != 4 {
        return Err(Error::nargin("strfind"));
    }
    if let (Value::Cell(_), Value::Char(_)) = (&args[0], &args[1]) {
        return on_cellstr(
            &args[0],
            "strfind: each element of CELLSTR must be a string",
            bi_strfind,
            ctx,
            &args[1..],
        );
    }
    let Value::Char(s) = &args[0] else {
        return Err(Error::new(
            "strfind: first argument must be a string or cell array of strings",
        ));
    };
    let Value::Char(p) = &args[1] else {
        return Err(Error::new(
            "strfind: PATTERN must be a string or cell array of strings",
        ));
    };
    let overlaps = overlaps_opt(&args[2..], "strfind")?;
    let idx = find_all(s.data(), p.data(), overlaps);
    Ok(vec![if idx.is_empty() {
        Value::empty()
    } else {
        Value::row(idx.into_iter().map(|k| (k + 1) as f64).collect())
    }])
}

/// strrep: replace every occurrence of a substring.
///
/// `S = strrep(STR, PTN, REP)` replaces every occurrence of PTN in STR
/// with REP. STR may be a cell array of strings, each one replaced.
///
/// ```text
/// >> strrep('hello world', 'o', '0')
/// ans = hell0 w0rld
/// >> strrep({'aa', 'ba'}, 'a', 'x')
/// ans =
/// {
///   [1,1] = xx
///   [1,2] = bx
/// }
/// ```
fn bi_strrep(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if args.len() != 3 && args.len() != 5 {
        return Err(Error::nargin("strrep"));
    }
    if let Value::Cell(_) = &args[0] {
        return on_cellstr(
            &args[0],
            "strrep: S must be a string or cell array of strings",
            bi_strrep,
            ctx,
            &args[1..],
        );
    }
    let Value::Char(s) = &args[0] else {
        return Err(Error::new(
            "strrep: S must be a string or cell array of strings",
        ));
    };
    let (Value::Char(p), Value::Char(r)) = (&args[1], &args[2]) else {
        return Err(Error::new(
            "strrep: PTN and REP arguments must be strings or cell arrays of strings",
        ));
    };
    let overlaps = overlaps_opt(&args[3..], "strrep")?;
    let src = s.data();
    let idx = find_all(src, p.data(), overlaps);
    if idx.is_empty() {
        return Ok(vec![args[0].clone()]);
    }
    let mut out = Vec::with_capacity(src.len());
    let mut k = 0;
    for &j in &idx {
        if j >= k {
            out.extend_from_slice(&src[k..j]);
        }
        out.extend_from_slice(r.data());
        k = j + p.numel();
    }
    if k < src.len() {
        out.extend_from_slice(&src[k..]);
    }
    Ok(vec![if out.is_empty() {
        Value::str("")
    } else {
        char_row(out)
    }])
}

/// strjust: justify the text in a char array.
///
/// `B = strjust(A)` right-justifies each row of the char array A, moving
/// its trailing blanks to the front.
///
/// `B = strjust(A, MODE)` justifies 'right', 'left' or 'center'.
///
/// ```text
/// >> strjust(['a  '; 'bb '], 'right')
/// ans =
///
///   a
///  bb
/// ```
fn bi_strjust(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if args.is_empty() || args.len() > 2 {
        return Err(Error::nargin("strjust"));
    }
    let Value::Char(a) = &args[0] else {
        return Err(Error::new(
            "strjust: S must be a string or 2-D character matrix",
        ));
    };
    if !a.dims().is_matrix() {
        return Err(Error::new(
            "strjust: S must be a string or 2-D character matrix",
        ));
    }
    if a.is_empty() {
        return Ok(vec![args[0].clone()]);
    }
    let mode = match args.get(1) {
        Some(m) => m.to_str("strjust")?.to_ascii_lowercase(),
        None => "right".into(),
    };
    let (nr, nc) = (a.rows(), a.cols());
    let mut data = vec![SPACE; nr * nc];
    for i in 0..nr {
        let nonbl: Vec<usize> = (0..nc)
            .filter(|&j| *a.at(i, j) != SPACE && *a.at(i, j) != 0)
            .collect();
        let (Some(&mn), Some(&mx)) = (nonbl.first(), nonbl.last()) else {
            continue;
        };
        let shift: i64 = match mode.as_str() {
            "right" => (nc - 1 - mx) as i64,
            "left" => -(mn as i64),
            _ => ((nc as i64 + 1 - (mx as i64 + 1) - (mn as i64 + 1)) as f64 / 2.0).floor() as i64,
        };
        for &j in &nonbl {
            let t = (j as i64 + shift).clamp(0, nc as i64 - 1) as usize;
            data[i + t * nr] = *a.at(i, j);
        }
    }
    Ok(vec![Value::Char(Array::new(Dims::mat(nr, nc), data))])
}

fn class_test(args: &[Value], who: &str, f: fn(char) -> bool) -> Result<Vec<Value>> {
    let v = one_arg(args, who)?;
    Ok(vec![match v {
        Value::Char(a) => Value::Bool(a.map(|&c| char::from_u32(u32::from(c)).is_some_and(f))),
        other => Value::Bool(Array::filled(other.dims(), false)),
    }])
}

/// isspace: true for whitespace characters.
///
/// `tf = isspace(s)` returns a logical array of the size of s, true where a
/// character is a space, tab, newline, vertical tab, form feed or carriage
/// return. Non-char input gives all false.
///
/// ```text
/// >> isspace('a b c')
/// ans =
///
///   0  1  0  1  0
/// ```
fn bi_isspace(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    class_test(&args, "isspace", |c| matches!(c, ' ' | '\t'..='\r'))
}

/// isletter, isalpha: true for letters.
///
/// `tf = isletter(s)` returns a logical array of the size of s, true where a
/// character is a letter (A-Z, a-z). Non-char input gives all false.
/// `isalpha` is the same.
///
/// ```text
/// >> isletter('a1B2')
/// ans =
///
///   1  0  1  0
/// >> isalpha('x_y')
/// ans =
///
///   1  0  1
/// ```
fn bi_isletter(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    class_test(&args, "isletter", |c| c.is_ascii_alphabetic())
}

/// isdigit: true for decimal digits.
///
/// `tf = isdigit(s)` returns a logical array of the size of s, true where a
/// character is one of 0-9. Non-char input gives all false.
///
/// ```text
/// >> isdigit('a1b22')
/// ans =
///
///   0  1  0  1  1
/// ```
fn bi_isdigit(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    class_test(&args, "isdigit", |c| c.is_ascii_digit())
}

/// isupper: true for uppercase letters.
///
/// `tf = isupper(s)` returns a logical array of the size of s, true where a
/// character is an uppercase letter A-Z.
///
/// ```text
/// >> isupper('aBcD')
/// ans =
///
///   0  1  0  1
/// ```
fn bi_isupper(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    class_test(&args, "isupper", |c| c.is_ascii_uppercase())
}

/// islower: true for lowercase letters.
///
/// `tf = islower(s)` returns a logical array of the size of s, true where a
/// character is a lowercase letter a-z.
///
/// ```text
/// >> islower('aBcD')
/// ans =
///
///   1  0  1  0
/// ```
fn bi_islower(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    class_test(&args, "islower", |c| c.is_ascii_lowercase())
}

/// isalnum: true for letters and digits.
///
/// `tf = isalnum(s)` returns a logical array of the size of s, true where a
/// character is a letter (A-Z, a-z) or a digit (0-9).
///
/// ```text
/// >> isalnum('a1_ !')
/// ans =
///
///   1  1  0  0  0
/// ```
fn bi_isalnum(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    class_test(&args, "isalnum", |c| c.is_ascii_alphanumeric())
}

/// ispunct: true for punctuation characters.
///
/// `tf = ispunct(s)` returns a logical array of the size of s, true where a
/// character is printable ASCII punctuation: neither a letter, a digit, nor
/// whitespace or a control character.
///
/// ```text
/// >> ispunct('a,b!')
/// ans =
///
///   0  1  0  1
/// ```
fn bi_ispunct(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    class_test(&args, "ispunct", |c| c.is_ascii_punctuation())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::builtins::{BuiltinFn, State};

    pub(crate) fn call(f: BuiltinFn, args: Vec<Value>) -> Result<Value> {
        call_n(f, args, 1).map(|mut v| v.remove(0))
    }

    /// `f(args)` asked for `nargout` outputs, with no interpreter behind.
    pub(crate) fn call_n(f: BuiltinFn, args: Vec<Value>, nargout: usize) -> Result<Vec<Value>> {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut state = State::default();
        let mut ctx = Ctx {
            out: &mut out,
            err: &mut err,
            state: &mut state,
            nargout,
            caller: None,
        };
        f(&mut ctx, args)
    }

    fn s(x: &str) -> Value {
        Value::str(x)
    }

    fn rows(v: &Value) -> Vec<String> {
        v.char_rows_of().unwrap()
    }

    #[test]
    fn strcat_trims_trailing_spaces_of_char_args() {
        assert_eq!(
            call(bi_strcat, vec![s("abc"), s("def")]).unwrap(),
            s("abcdef")
        );
        assert_eq!(call(bi_strcat, vec![s("a "), s("b")]).unwrap(), s("ab"));
        assert_eq!(
            call(bi_strcat, vec![s("x"), s("1"), s("y")]).unwrap(),
            s("x1y")
        );
        assert_eq!(call(bi_strcat, vec![s(" a"), s(" b")]).unwrap(), s(" a b"));
        assert_eq!(call(bi_strcat, vec![s("a\t"), s("b")]).unwrap(), s("a\tb"));
        let m = Value::char_rows(&["a ".into(), "bc".into()]);
        assert_eq!(
            rows(&call(bi_strcat, vec![m, s("x")]).unwrap()),
            ["ax ", "bcx"]
        );
        let e = call(bi_strcat, vec![s(""), s("")]).unwrap();
        assert_eq!(e.dims().as_slice(), &[1, 0]);
    }

    #[test]
    fn char_and_strvcat() {
        assert_eq!(
            call(
                bi_char,
                vec![Value::row((65..=70).map(f64::from).collect())]
            )
            .unwrap(),
            s("ABCDEF")
        );
        assert_eq!(call(bi_char, vec![Value::num(65.7)]).unwrap(), s("B"));
        assert_eq!(
            rows(&call(bi_char, vec![s("a"), s(""), s("bcd")]).unwrap()),
            ["a  ", "   ", "bcd"]
        );
        assert_eq!(
            rows(&call(bi_strvcat, vec![s("a"), s("bcd"), s(""), s("ef")]).unwrap()),
            ["a  ", "bcd", "ef "]
        );
    }

    #[test]
    fn trimming() {
        assert_eq!(
            call(bi_strtrim, vec![s("   padded   ")]).unwrap(),
            s("padded")
        );
        assert_eq!(call(bi_strtrim, vec![s("\t tab\n")]).unwrap(), s("tab"));
        assert_eq!(call(bi_deblank, vec![s("trail   ")]).unwrap(), s("trail"));
        assert_eq!(call(bi_deblank, vec![s("  lead")]).unwrap(), s("  lead"));
        assert_eq!(call(bi_deblank, vec![s("ab \t\n\0")]).unwrap(), s("ab"));
        assert_eq!(
            call(bi_strtrim, vec![s("   ")]).unwrap().dims().as_slice(),
            &[0, 0]
        );
        let m = Value::char_rows(&["  a ".into(), " bc ".into()]);
        assert_eq!(rows(&call(bi_strtrim, vec![m]).unwrap()), [" a", "bc"]);
        assert!(call(bi_strtrim, vec![Value::num(5.0)]).is_err());
        assert_eq!(call(bi_blanks, vec![Value::num(3.0)]).unwrap(), s("   "));
    }

    #[test]
    fn comparisons() {
        let b = |f: BuiltinFn, a: Vec<Value>| call(f, a).unwrap() == Value::bool(true);
        assert!(b(bi_strcmp, vec![s("abc"), s("abc")]));
        assert!(!b(bi_strcmp, vec![s("abc"), s("ABC")]));
        assert!(b(bi_strcmpi, vec![s("abc"), s("ABC")]));
        assert!(b(bi_strncmp, vec![s("hello"), s("help"), Value::num(3.0)]));
        assert!(!b(bi_strncmp, vec![s("hello"), s("help"), Value::num(4.0)]));
        assert!(b(bi_strncmpi, vec![s("HELlo"), s("help"), Value::num(3.0)]));
        assert!(!b(bi_strcmp, vec![s("a"), Value::num(97.0)]));
        assert!(!b(bi_strcmp, vec![s("abc"), s("abcd")]));
        assert!(!b(bi_strncmp, vec![s("abc"), s("abd"), Value::num(5.0)]));
    }

    #[test]
    fn find_replace_justify() {
        assert_eq!(
            call(bi_strfind, vec![s("abcabc"), s("bc")]).unwrap(),
            Value::row(vec![2.0, 5.0])
        );
        assert_eq!(
            call(bi_strfind, vec![s("aaa"), s("aa")]).unwrap(),
            Value::row(vec![1.0, 2.0])
        );
        assert_eq!(
            call(bi_strfind, vec![s("abc"), s("x")]).unwrap(),
            Value::empty()
        );
        assert_eq!(
            call(bi_strrep, vec![s("abcabc"), s("bc"), s("X")]).unwrap(),
            s("aXaX")
        );
        assert_eq!(
            call(bi_strrep, vec![s("aaa"), s("aa"), s("b")]).unwrap(),
            s("bb")
        );
        let m = Value::char_rows(&["a  ".into(), "bb ".into()]);
        assert_eq!(
            rows(&call(bi_strjust, vec![m, s("right")]).unwrap()),
            ["  a", " bb"]
        );
        let m = Value::char_rows(&["a   ".into(), "bb  ".into()]);
        assert_eq!(
            rows(&call(bi_strjust, vec![m, s("center")]).unwrap()),
            [" a  ", " bb "]
        );
    }

    #[test]
    fn case_and_classes() {
        assert_eq!(call(bi_upper, vec![s("abC1")]).unwrap(), s("ABC1"));
        assert_eq!(
            call(bi_lower, vec![Value::num(5.0)]).unwrap(),
            Value::num(5.0)
        );
        let v = call(bi_isspace, vec![s("a b\t")]).unwrap();
        assert_eq!(v, Value::Bool(Array::row(vec![false, true, false, true])));
        let v = call(bi_isletter, vec![s("a1B_")]).unwrap();
        assert_eq!(v, Value::Bool(Array::row(vec![true, false, true, false])));
    }
}
