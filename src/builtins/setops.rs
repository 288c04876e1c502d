//! Sets of strings and numbers: `sort`, `unique` and `ismember` on
//! cellstr (the numeric forms live in `reduce` and hand cells over to
//! here), and `setdiff`, `intersect` and `union` for both, with MATLAB's
//! index outputs (columns, first occurrences, lowest indices) and
//! orientation (a row when the inputs are rows).
//!
//! Strings order by their UTF-16 codes, a prefix first ('B' < 'a' < 'ab'),
//! as Octave sorts them. A char row next to a cellstr is one string.

use super::cells::{cellstr_units, str_value};
use super::reduce::cmp_real;
use super::{Builtin, Ctx};
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Value};
use std::cmp::Ordering;

pub const TABLE: &[Builtin] = table![
    "setdiff" => setdiff,
    "intersect" => intersect,
    "union" => union,
    "setxor" => setxor,
    "lookup" => lookup,
];

/// One set element: a number, a string, or (with `'rows'`) a row.
#[derive(Clone, Debug)]
enum Key {
    Num(f64),
    Str(Vec<u16>),
    Row(Vec<f64>),
}

fn cmp_key(a: &Key, b: &Key) -> Ordering {
    match (a, b) {
        (Key::Num(x), Key::Num(y)) => cmp_real(*x, *y),
        (Key::Str(x), Key::Str(y)) => x.cmp(y),
        (Key::Row(x), Key::Row(y)) => x
            .iter()
            .zip(y)
            .map(|(p, q)| cmp_real(*p, *q))
            .find(|o| o.is_ne())
            .unwrap_or_else(|| x.len().cmp(&y.len())),
        (Key::Num(_), _) => Ordering::Less,
        (_, Key::Num(_)) => Ordering::Greater,
        (Key::Str(_), _) => Ordering::Less,
        (_, Key::Str(_)) => Ordering::Greater,
    }
}

/// Whether two keys are the same set element: equal, and no NaN in
/// either (NaN is never equal to anything, itself included, so each NaN
/// is an element of its own).
fn same(a: &Key, b: &Key) -> bool {
    let nan = |k: &Key| match k {
        Key::Num(x) => x.is_nan(),
        Key::Row(r) => r.iter().any(|x| x.is_nan()),
        Key::Str(_) => false,
    };
    cmp_key(a, b) == Ordering::Equal && !nan(a)
}

/// What the results are made of.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Cell,
    Num,
    Char,
    Bool,
}

/// The options after the operands, checked as Octave's set functions
/// check them (`validsetargs`).
#[derive(Clone, Copy, Default)]
struct Opts {
    rows: bool,
    stable: bool,
    legacy: bool,
}

/// Numeric, char or logical: what set functions take besides cellstr.
fn plain(v: &Value) -> bool {
    !matches!(v, Value::Cell(_) | Value::Struct(_) | Value::Func(_))
}

fn set_opts(who: &str, a: &Value, b: &Value, rest: &[Value]) -> Result<Opts> {
    let mut o = Opts::default();
    let mut sorted = false;
    for v in rest {
        let s = v.to_str(who)?;
        match s.as_str() {
            "legacy" => o.legacy = true,
            "sorted" => sorted = true,
            "stable" => o.stable = true,
            "rows" => {
                o.rows = true;
                if matches!(a, Value::Cell(_)) || matches!(b, Value::Cell(_)) {
                    return Err(Error::new(format!(
                        "{who}: cells not supported with \"rows\" flag"
                    )));
                }
                if !plain(a) || !plain(b) {
                    return Err(Error::new(format!(
                        "{who}: A and B must be arrays or cell arrays of strings"
                    )));
                }
                if a.dims().ndims() > 2 || b.dims().ndims() > 2 {
                    return Err(Error::new(format!(
                        "{who}: A and B must be 2-dimensional matrices with \"rows\" flag"
                    )));
                }
                if a.dims().cols() != b.dims().cols() && !a.is_empty() && !b.is_empty() {
                    return Err(Error::new(format!(
                        "{who}: number of columns in A and B must match"
                    )));
                }
            }
            _ => return Err(Error::new(format!("{who}: invalid option: {s}"))),
        }
    }
    if sorted as u8 + o.stable as u8 + o.legacy as u8 > 1 {
        return Err(Error::new(format!(
            "{who}: only one of \"sorted\", \"stable\", or \"legacy\" may be specified"
        )));
    }
    Ok(o)
}

/// The elements of `v` as keys; `strings` when the other operand is a
/// cellstr (a char row is then one string, an empty array no string).
fn keys(who: &str, v: &Value, strings: bool, rows: bool) -> Result<Vec<Key>> {
    match v {
        Value::Cell(_) => match cellstr_units(v) {
            Some(items) => Ok(items.into_iter().map(|u| Key::Str(u.to_vec())).collect()),
            None => Err(Error::new(format!(
                "{who}: cell array input must be a cell array of strings"
            ))),
        },
        Value::Char(a) if strings => {
            if a.rows() > 1 {
                return Err(Error::new(format!(
                    "{who}: a char matrix cannot be compared with a cell array of strings"
                )));
            }
            Ok(vec![Key::Str(a.data().to_vec())])
        }
        _ if strings && plain(v) && v.is_empty() => Ok(Vec::new()),
        _ if strings && plain(v) => Err(Error::new(format!(
            "{who}: cell array of strings cannot be combined with a nonstring value"
        ))),
        _ if !plain(v) => Err(Error::new(format!(
            "{who}: A and B must be arrays or cell arrays of strings"
        ))),
        Value::Complex(_) | Value::SingleComplex(_) => {
            Err(Error::new(format!("{who}: complex input is not supported")))
        }
        other => {
            let a = other.to_num_array(who)?;
            if rows {
                let (m, n) = (a.dims().rows(), a.dims().cols());
                let d = a.data();
                return Ok((0..m)
                    .map(|i| Key::Row((0..n).map(|j| d[i + j * m]).collect()))
                    .collect());
            }
            Ok(a.data().iter().map(|&x| Key::Num(x)).collect())
        }
    }
}

/// The keys as a value of `kind`: a vector (a row when `row`), or with
/// `'rows'` a matrix of `cols` columns, one key per row.
fn build(kind: Kind, ks: Vec<Key>, row: bool, rows: Option<usize>) -> Value {
    let n = ks.len();
    let num = |k: &Key| match k {
        Key::Num(x) => *x,
        Key::Str(_) | Key::Row(_) => f64::NAN,
    };
    let vec_dims = if row { Dims::row(n) } else { Dims::col(n) };
    let (dims, flat): (Dims, Vec<f64>) = match rows {
        Some(cols) => {
            let mut flat = vec![0.0; n * cols];
            for (i, k) in ks.iter().enumerate() {
                if let Key::Row(r) = k {
                    for (j, &x) in r.iter().enumerate().take(cols) {
                        flat[i + j * n] = x;
                    }
                }
            }
            (Dims::new(&[n, cols]), flat)
        }
        None => (vec_dims.clone(), ks.iter().map(num).collect()),
    };
    match kind {
        Kind::Cell => {
            let items = ks
                .iter()
                .map(|k| match k {
                    Key::Str(u) => str_value(u),
                    other => Value::num(num(other)),
                })
                .collect();
            Value::cell(Array::new(vec_dims, items))
        }
        Kind::Num => Value::Num(Array::new(dims, flat)),
        Kind::Char => Value::Char(Array::new(
            dims,
            flat.into_iter().map(crate::value::char_unit).collect(),
        )),
        Kind::Bool => Value::Bool(Array::new(
            dims,
            flat.into_iter().map(|x| x != 0.0).collect(),
        )),
    }
}

/// Indices (0-based) of the first occurrence (`last`: the last) of each
/// distinct key, in sorted order of the keys, or in order of appearance
/// when `stable`.
fn distinct(ks: &[Key], stable: bool, last: bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..ks.len()).collect();
    order.sort_by(|&i, &j| cmp_key(&ks[i], &ks[j]).then(i.cmp(&j)));
    let mut picked: Vec<usize> = Vec::new();
    let mut k = 0;
    while k < order.len() {
        let mut e = k;
        while e + 1 < order.len() && same(&ks[order[k]], &ks[order[e + 1]]) {
            e += 1;
        }
        picked.push(if last { order[e] } else { order[k] });
        k = e + 1;
    }
    if stable {
        picked.sort_unstable();
    }
    picked
}

/// A lookup of keys in `kb`: the index of the first (`last`: the last)
/// occurrence of the same element, by binary search over its distinct keys.
fn finder(kb: &[Key], last: bool) -> impl Fn(&Key) -> Option<usize> + '_ {
    let db = distinct(kb, false, last);
    move |k: &Key| {
        db.binary_search_by(|&j| cmp_key(&kb[j], k))
            .ok()
            .map(|p| db[p])
            .filter(|&j| same(&kb[j], k))
    }
}

fn idx_vec(v: &[usize], row: bool) -> Value {
    let data: Vec<f64> = v.iter().map(|&i| (i + 1) as f64).collect();
    if row {
        Value::row(data)
    } else {
        Value::col(data)
    }
}

/// The result followed by as many index vectors (1-based) as asked for,
/// rows when `row_idx` (the `'legacy'` orientation of a row result).
fn with_indices(nargout: usize, first: Value, indices: &[&[usize]], row_idx: bool) -> Vec<Value> {
    let mut out = vec![first];
    for ix in indices.iter().take(nargout.saturating_sub(1)) {
        out.push(idx_vec(ix, row_idx));
    }
    out
}

/// Whether `v` counts as a row for the orientation of a result.
fn rowish(v: &Value) -> bool {
    let d = v.dims();
    d.ndims() == 2 && (d.rows() == 1 || d.numel() == 0)
}

/// Whether the result of two operands is a row: both rows, or with
/// `'legacy'` either one not a column.
fn row_result(a: &Value, b: &Value, o: Opts) -> bool {
    if matches!(a, Value::Cell(_)) || matches!(b, Value::Cell(_)) {
        // With strings Octave's isrow decides: a 0x0 operand is no row.
        let is_row = |v: &Value| v.dims().ndims() == 2 && v.dims().rows() == 1;
        return is_row(a) && is_row(b);
    }
    if o.legacy {
        let column = |v: &Value| v.dims().ndims() == 2 && v.dims().cols() == 1;
        !column(a) || !column(b)
    } else {
        rowish(a) && rowish(b)
    }
}

/// The operands' keys and the kind of the result.
fn operands(who: &str, a: &Value, b: &Value, o: Opts) -> Result<(Vec<Key>, Vec<Key>, Kind)> {
    let strings = matches!(a, Value::Cell(_)) || matches!(b, Value::Cell(_));
    let kind = match (a, b) {
        _ if strings => Kind::Cell,
        (Value::Char(_), Value::Char(_)) => Kind::Char,
        (Value::Bool(_), Value::Bool(_)) => Kind::Bool,
        _ => Kind::Num,
    };
    Ok((
        keys(who, a, strings, o.rows)?,
        keys(who, b, strings, o.rows)?,
        kind,
    ))
}

/// An empty result keeps a 0x0 shape when both inputs are 0x0.
fn shaped(v: Value, a: &Value, b: Option<&Value>) -> Value {
    let zero = |x: &Value| x.dims().as_slice() == [0, 0];
    if v.is_empty() && zero(a) && b.is_none_or(zero) {
        v.reshaped(Dims::empty()).unwrap_or_else(Value::empty)
    } else {
        v
    }
}

/// The result of a two-operand set function: the keys as a value (a row
/// when `row`), shaped for empty operands, and the index vectors.
struct Finish<'a> {
    kind: Kind,
    row: bool,
    o: Opts,
    a: &'a Value,
    /// The second operand when it takes part in the empty shape.
    b: Option<&'a Value>,
    /// Whether two 0x0 operands give a 0x0 result (not union's strings:
    /// `[a(:); b(:)]` is 0x1).
    zero_shape: bool,
}

impl Finish<'_> {
    fn out(&self, nargout: usize, ks: Vec<Key>, indices: &[&[usize]]) -> Vec<Value> {
        let cols = self.o.rows.then(|| {
            let b = self.b.unwrap_or(self.a);
            if self.a.is_empty() { b } else { self.a }.dims().cols()
        });
        let c = build(self.kind, ks, self.row, cols);
        let c = if self.zero_shape {
            shaped(c, self.a, self.b)
        } else {
            c
        };
        let row_idx = self.o.legacy && self.row && !self.o.rows;
        with_indices(nargout, c, indices, row_idx)
    }
}

fn check_args(who: &str, args: &[Value]) -> Result<()> {
    if args.len() < 2 || args.len() > 4 {
        return Err(Error::nargin(who));
    }
    Ok(())
}

/// setdiff: set difference.
///
/// `C = setdiff(A, B)` is the sorted list of the distinct values of A that
/// are not in B (numbers, or strings of cell arrays of strings).
///
/// `C = setdiff(A, B, 'rows')` works on the rows of matrices;
/// `setdiff(..., 'stable')` keeps the order of A instead of sorting.
///
/// `[C, IA] = setdiff(...)` also returns indices such that C = A(IA).
///
/// ```text
/// >> setdiff([5 1 3 1], 1)
/// ans =
///
///    3   5
/// >> setdiff({'a', 'b'}, {'a'})
/// ans =
/// {
///   [1,1] = b
/// }
/// >> setdiff([5 1 3], 1, 'stable')
/// ans =
///
///    5   3
/// ```
fn setdiff(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "setdiff";
    check_args(WHO, &args)?;
    let o = set_opts(WHO, &args[0], &args[1], &args[2..])?;
    let (ka, kb, kind) = operands(WHO, &args[0], &args[1], o)?;
    let find_b = finder(&kb, false);
    let ia: Vec<usize> = distinct(&ka, o.stable, o.legacy)
        .into_iter()
        .filter(|&i| find_b(&ka[i]).is_none())
        .collect();
    let row = if o.legacy {
        row_result(&args[0], &args[1], o)
    } else {
        rowish(&args[0])
    };
    let f = Finish {
        kind,
        row,
        o,
        a: &args[0],
        b: None,
        zero_shape: true,
    };
    let ks = ia.iter().map(|&i| ka[i].clone()).collect();
    Ok(f.out(ctx.nargout, ks, &[&ia]))
}

/// intersect: the elements common to two sets.
///
/// `c = intersect(a, b)` returns the distinct values found in both a and b,
/// sorted. a and b are numeric, char or cell arrays of strings. The result
/// is a row unless both are columns.
///
/// `[c, ia, ib] = intersect(a, b)` also returns index vectors with
/// c = a(ia) and c = b(ib).
///
/// `c = intersect(a, b, 'rows')` treats each row of the matrices a and b as
/// one element; `'stable'` keeps the order of a instead of sorting.
///
/// ```text
/// >> intersect([5 1 3 3], [3 5 7])
/// ans =
///
///    3   5
/// >> [c, ia, ib] = intersect([5 1 3], [3 5 7])
/// c =
///
///    3   5
///
/// ia =
///
///    3
///    1
///
/// ib =
///
///    1
///    2
/// >> intersect({'a', 'b'}, {'b', 'c'})
/// ans =
/// {
///   [1,1] = b
/// }
/// ```
fn intersect(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "intersect";
    check_args(WHO, &args)?;
    let number = |v: &Value| plain(v) && !v.is_char();
    if args.len() == 2 && number(&args[0]) && number(&args[1]) {
        // Numbers of any class, complex included, keep their class there.
        return super::reduce::intersect_numbers(ctx, args);
    }
    let o = set_opts(WHO, &args[0], &args[1], &args[2..])?;
    let (ka, kb, kind) = operands(WHO, &args[0], &args[1], o)?;
    if args[0].is_empty() || args[1].is_empty() {
        // Octave's empty answers: [] for numbers, {} beside a cell, '' else.
        let c = if kind == Kind::Cell {
            Value::cell(Array::new(Dims::empty(), Vec::new()))
        } else if args[0].is_numeric() && args[1].is_numeric() {
            Value::empty()
        } else {
            Value::Char(Array::new(Dims::empty(), Vec::new()))
        };
        let mut out = vec![c];
        out.extend((1..ctx.nargout.min(3)).map(|_| Value::empty()));
        return Ok(out);
    }
    let find_b = finder(&kb, o.legacy);
    let (mut ia, mut ib) = (Vec::new(), Vec::new());
    for i in distinct(&ka, o.stable, o.legacy) {
        if let Some(j) = find_b(&ka[i]) {
            ia.push(i);
            ib.push(j);
        }
    }
    let f = Finish {
        kind,
        row: row_result(&args[0], &args[1], o),
        o,
        a: &args[0],
        b: Some(&args[1]),
        zero_shape: true,
    };
    let ks = ia.iter().map(|&i| ka[i].clone()).collect();
    Ok(f.out(ctx.nargout, ks, &[&ia, &ib]))
}

/// union: set union.
///
/// `C = union(A, B)` is the sorted list of the distinct values found in A
/// or B (numbers, or strings of cell arrays of strings).
///
/// `C = union(A, B, 'rows')` works on the rows of matrices;
/// `union(..., 'stable')` keeps the order of appearance.
///
/// `[C, IA, IB] = union(...)` also returns indices: the values taken from
/// A are A(IA), the others B(IB).
///
/// ```text
/// >> union([3 1], [2 1])
/// ans =
///
///    1   2   3
/// >> [c, ia, ib] = union([3 1], [2 1])
/// c =
///
///    1   2   3
///
/// ia =
///
///    2
///    1
///
/// ib = 1
/// ```
fn union(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "union";
    check_args(WHO, &args)?;
    let o = set_opts(WHO, &args[0], &args[1], &args[2..])?;
    let (ka, kb, kind) = operands(WHO, &args[0], &args[1], o)?;
    let na = ka.len();
    let all: Vec<Key> = ka.into_iter().chain(kb).collect();
    let picked = distinct(&all, o.stable, o.legacy);
    let ia: Vec<usize> = picked.iter().copied().filter(|&i| i < na).collect();
    let ib: Vec<usize> = picked
        .iter()
        .filter(|&&i| i >= na)
        .map(|&i| i - na)
        .collect();
    let f = Finish {
        kind,
        row: row_result(&args[0], &args[1], o),
        o,
        a: &args[0],
        b: Some(&args[1]),
        zero_shape: kind != Kind::Cell,
    };
    let ks = picked.iter().map(|&i| all[i].clone()).collect();
    Ok(f.out(ctx.nargout, ks, &[&ia, &ib]))
}

/// setxor: the elements in exactly one of two sets.
///
/// `C = setxor(A, B)` is the sorted list of the distinct values found in A
/// or in B but not in both (numbers, or strings of cell arrays of
/// strings). The result is a row unless an operand is a column.
///
/// `C = setxor(A, B, 'rows')` works on the rows of matrices;
/// `setxor(..., 'stable')` lists the values of A in their order, then
/// those of B; `'sorted'` is the default.
///
/// `[C, IA, IB] = setxor(...)` also returns index vectors (first
/// occurrences): the values taken from A are A(IA), the others B(IB).
/// The index of an empty operand is [] (0x0).
///
/// ```text
/// >> setxor([5 1 3 1 7], [3 8 7 8 2])
/// ans =
///
///    1   2   5   8
///
/// >> setxor([5 1 3 1 7], [3 8 7 8 2], 'stable')
/// ans =
///
///    5   1   8   2
///
/// ```
fn setxor(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "setxor";
    check_args(WHO, &args)?;
    let o = set_opts(WHO, &args[0], &args[1], &args[2..])?;
    let (ka, kb, kind) = operands(WHO, &args[0], &args[1], o)?;
    let (find_a, find_b) = (finder(&ka, false), finder(&kb, false));
    let ia: Vec<usize> = distinct(&ka, o.stable, o.legacy)
        .into_iter()
        .filter(|&i| find_b(&ka[i]).is_none())
        .collect();
    let ib: Vec<usize> = distinct(&kb, o.stable, o.legacy)
        .into_iter()
        .filter(|&i| find_a(&kb[i]).is_none())
        .collect();
    let mut ks: Vec<Key> = ia
        .iter()
        .map(|&i| ka[i].clone())
        .chain(ib.iter().map(|&i| kb[i].clone()))
        .collect();
    if !o.stable {
        ks.sort_by(cmp_key);
    }
    let f = Finish {
        kind,
        row: row_result(&args[0], &args[1], o),
        o,
        a: &args[0],
        b: Some(&args[1]),
        zero_shape: kind != Kind::Cell,
    };
    let row_idx = o.legacy && f.row && !o.rows;
    let mut out = f.out(ctx.nargout, ks, &[&ia, &ib]);
    // Octave's shapes of an empty index: 0x0 for an empty operand (unique's
    // index of an empty set), and 0x0 too when the answer has a single
    // element (its index list is then a scalar, and a scalar's empty
    // selection is 0x0), unless legacy makes the indices rows.
    let single = ia.len() + ib.len() == 1 && !row_idx;
    for (k, (operand, list)) in args[..2].iter().zip([&ia, &ib]).enumerate() {
        if operand.is_empty() || (single && list.is_empty()) {
            if let Some(idx) = out.get_mut(k + 1) {
                *idx = Value::empty();
            }
        }
    }
    Ok(out)
}

/// lookup: indices of values in a sorted table.
///
/// `IDX = lookup(TABLE, Y)` returns for each element of Y the index of the
/// last entry of the monotonic TABLE not greater than it (for an ascending
/// TABLE: TABLE(IDX) <= Y < TABLE(IDX+1)), 0 when Y is below TABLE(1); for
/// a descending TABLE the inequalities turn around. TABLE may be a cell
/// array of strings and Y a string or a cell array of strings. IDX has the
/// shape of Y.
///
/// `IDX = lookup(TABLE, Y, OPT)` with OPT made of: `'m'` (IDX is 0 unless
/// TABLE(IDX) equals Y), `'b'` (a logical: whether Y is in TABLE), `'l'`
/// (the leftmost interval extends to minus infinity: IDX is at least 1),
/// `'r'` (the rightmost extends to infinity: IDX is at most numel(TABLE)-1).
///
/// ```text
/// >> lookup([1 2 3], [0.5 1 2.5 3 4])
/// ans =
///
///    0   1   2   3   3
///
/// >> lookup([1 2 3], [0.5 1 2.5 3 4], 'lr')
/// ans =
///
///    1   1   2   2   2
///
/// ```
fn lookup(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "lookup";
    if args.len() < 2 || args.len() > 3 {
        return Err(Error::nargin(WHO));
    }
    let (mut m, mut b, mut l, mut r) = (false, false, false, false);
    if let Some(o) = args.get(2) {
        for c in o.to_str(WHO)?.chars() {
            match c.to_ascii_lowercase() {
                'm' => m = true,
                'b' => b = true,
                'l' => l = true,
                'r' => r = true,
                _ => return Err(Error::new(format!("lookup: unrecognized option: {c}"))),
            }
        }
    }
    let strings = matches!(args[0], Value::Cell(_));
    if !strings && !plain(&args[0]) {
        return Err(Error::new(
            "lookup: TABLE must be a numeric array or a cell array of strings",
        ));
    }
    if !strings && matches!(args[1], Value::Cell(_)) {
        return Err(Error::new("lookup: Y must be numeric when TABLE is"));
    }
    let table = keys(WHO, &args[0], strings, false)?;
    let ys = keys(WHO, &args[1], strings, false)?;
    let n = table.len();
    let desc = n > 1 && cmp_key(&table[0], &table[n - 1]) == Ordering::Greater;
    let idx: Vec<usize> = ys
        .iter()
        .map(|y| {
            // Entries before the first one past y (ascending: table <= y).
            let k = table.partition_point(|t| {
                let o = cmp_key(t, y);
                if desc {
                    o != Ordering::Less
                } else {
                    o != Ordering::Greater
                }
            });
            let mut k = k;
            if (m || b) && (k == 0 || cmp_key(&table[k - 1], y) != Ordering::Equal) {
                k = 0;
            }
            if l && k == 0 {
                k = 1;
            }
            if r && n > 0 && k >= n {
                k = n - 1;
            }
            k
        })
        .collect();
    let dims = if strings && matches!(args[1], Value::Char(_)) {
        Dims::mat(1, 1)
    } else {
        args[1].dims().clone()
    };
    let out = if b {
        Value::Bool(Array::new(dims, idx.iter().map(|&k| k > 0).collect()))
    } else {
        Value::Num(Array::new(dims, idx.iter().map(|&k| k as f64).collect()))
    };
    Ok(vec![out])
}

/// `[s, i] = sort(c)` of a cellstr, along the first non-singleton
/// dimension or `dim`, `'ascend'` or `'descend'` (stable).
pub fn sort_cellstr(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "sort";
    let c = &args[0];
    let Value::Cell(cells) = c else {
        return Err(Error::nargin(WHO));
    };
    let ks = keys(WHO, c, true, false)
        .map_err(|_| Error::new("sort: only cell arrays of character strings may be sorted"))?;
    let mut desc = false;
    let mut dim = None;
    for o in &args[1..] {
        match o {
            Value::Char(_) => match o.to_str(WHO)?.to_ascii_lowercase().as_str() {
                "ascend" => desc = false,
                "descend" => desc = true,
                _ => {
                    return Err(Error::new(
                        "sort: MODE must be either \"ascend\" or \"descend\"",
                    ))
                }
            },
            other => {
                let d = other.scalar_f64(WHO)?;
                if !(d >= 1.0 && d.fract() == 0.0) {
                    return Err(Error::new("sort: DIM must be a valid dimension"));
                }
                dim = Some(d as usize - 1);
            }
        }
    }
    let dims = cells.dims().clone();
    let k = dim.unwrap_or_else(|| dims.first_nonsingleton());
    let n = dims.get(k);
    let stride: usize = (0..k).map(|d| dims.get(d)).product();
    let mut out = cells.data().to_vec();
    let mut perm = vec![0.0; ks.len()];
    if n > 0 {
        for base in 0..ks.len() {
            // Lane starts: every index whose subscript along k is 0.
            if (base / stride) % n != 0 {
                continue;
            }
            let lane: Vec<usize> = (0..n).map(|i| base + i * stride).collect();
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|&i, &j| {
                let o = cmp_key(&ks[lane[i]], &ks[lane[j]]);
                if desc {
                    o.reverse()
                } else {
                    o
                }
            });
            for (pos, &src) in order.iter().enumerate() {
                out[lane[pos]] = cells.data()[lane[src]].clone();
                perm[lane[pos]] = (src + 1) as f64;
            }
        }
    }
    let mut r = vec![Value::cell(Array::new(dims.clone(), out))];
    if ctx.nargout > 1 {
        r.push(Value::Num(Array::new(dims, perm)));
    }
    Ok(r)
}

/// `[u, i, j] = unique(c)` of a cellstr: sorted distinct strings (a row
/// for a row, else a column), first occurrences `i` (`'last'`: last) and
/// `j` with `u(j) == c(:)`; `'stable'` keeps the order of appearance.
pub fn unique_cellstr(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "unique";
    let c = &args[0];
    let ks = keys(WHO, c, true, false)
        .map_err(|_| Error::new("unique: X must be an array or cell array of strings"))?;
    let (mut stable, mut last) = (false, false);
    for o in &args[1..] {
        match o.to_str(WHO).map(|s| s.to_ascii_lowercase()).as_deref() {
            Ok("stable") => stable = true,
            Ok("last") => last = true,
            Ok("first") | Ok("sorted") | Ok("legacy") => {}
            Ok("rows") => crate::error::warn("unique: \"rows\" is ignored for cell arrays"),
            // Anything else was refused by unique's option check.
            _ => {}
        }
    }
    let picked = distinct(&ks, stable, last);
    let j: Vec<usize> = ks
        .iter()
        .map(|k| {
            picked
                .iter()
                .position(|&p| cmp_key(&ks[p], k) == Ordering::Equal)
                .unwrap_or(0)
        })
        .collect();
    let u = build(
        Kind::Cell,
        picked.iter().map(|&i| ks[i].clone()).collect(),
        c.dims().is_row(),
        None,
    );
    Ok(with_indices(
        ctx.nargout,
        shaped(u, c, None),
        &[&picked, &j],
        false,
    ))
}

/// `[tf, loc] = ismember(a, s)` where `a` or `s` is a cellstr: whether
/// each string of `a` is in `s`, and its lowest index there (0 if not).
pub fn ismember_cellstr(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "ismember";
    if args.len() != 2 {
        return Err(Error::nargin(WHO));
    }
    let (ka, ks) = (
        keys(WHO, &args[0], true, false)?,
        keys(WHO, &args[1], true, false)?,
    );
    let sorted = distinct(&ks, false, false);
    let loc: Vec<f64> = ka
        .iter()
        .map(|k| {
            sorted
                .binary_search_by(|&j| cmp_key(&ks[j], k))
                .map_or(0.0, |p| (sorted[p] + 1) as f64)
        })
        .collect();
    let dims = match &args[0] {
        Value::Cell(c) => c.dims().clone(),
        _ => Dims::scalar(),
    };
    let tf = Value::Bool(Array::new(
        dims.clone(),
        loc.iter().map(|&l| l > 0.0).collect(),
    ));
    let mut out = vec![tf];
    if ctx.nargout > 1 {
        out.push(Value::Num(Array::new(dims, loc)));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::strings::tests::call_n;

    fn run(f: super::super::BuiltinFn, args: Vec<Value>, nargout: usize) -> Vec<Value> {
        call_n(f, args, nargout).unwrap()
    }

    fn cs(items: &[&str]) -> Value {
        Value::cell(Array::row(items.iter().map(|s| Value::str(s)).collect()))
    }

    #[test]
    fn cellstr_sort_unique_ismember() {
        let r = run(
            sort_cellstr,
            vec![cs(&["beta", "Alpha", "alpha", "Beta"])],
            2,
        );
        assert_eq!(r[0], cs(&["Alpha", "Beta", "alpha", "beta"]));
        assert_eq!(r[1], Value::row(vec![2.0, 4.0, 3.0, 1.0]));
        let r = run(unique_cellstr, vec![cs(&["b", "a", "b", "c", "a"])], 3);
        assert_eq!(r[0], cs(&["a", "b", "c"]));
        assert_eq!(r[1], Value::col(vec![2.0, 1.0, 4.0]));
        assert_eq!(r[2], Value::col(vec![2.0, 1.0, 2.0, 3.0, 1.0]));
        let r = run(
            ismember_cellstr,
            vec![cs(&["a", "z", "b"]), cs(&["b", "a", "a"])],
            2,
        );
        assert_eq!(r[0], Value::Bool(Array::row(vec![true, false, true])));
        assert_eq!(r[1], Value::row(vec![2.0, 0.0, 1.0]));
    }

    #[test]
    fn setdiff_intersect_union() {
        let r = run(setdiff, vec![cs(&["b", "a", "c", "a"]), cs(&["c"])], 2);
        assert_eq!(r[0], cs(&["a", "b"]));
        assert_eq!(r[1], Value::col(vec![2.0, 1.0]));
        let r = run(
            intersect,
            vec![cs(&["b", "a", "c"]), cs(&["c", "b", "d"])],
            3,
        );
        assert_eq!(r[0], cs(&["b", "c"]));
        assert_eq!(r[2], Value::col(vec![2.0, 1.0]));
        let r = run(union, vec![cs(&["b", "a"]), cs(&["c", "a"])], 3);
        assert_eq!(r[0], cs(&["a", "b", "c"]));
        assert_eq!(r[1], Value::col(vec![2.0, 1.0]));
        assert_eq!(r[2], Value::col(vec![1.0]));
        let r = run(
            intersect,
            vec![
                Value::row(vec![1.0, 2.0, 3.0]),
                Value::col(vec![2.0, 3.0, 4.0]),
            ],
            1,
        );
        assert_eq!(r[0], Value::col(vec![2.0, 3.0]));
        let r = run(
            setdiff,
            vec![Value::row(vec![5.0, 1.0, 3.0, 1.0]), Value::num(3.0)],
            2,
        );
        assert_eq!(r[0], Value::row(vec![1.0, 5.0]));
        assert_eq!(r[1], Value::col(vec![2.0, 1.0]));
    }

    /// The numbers of a double result, NaN written out so that it compares.
    fn nums(v: &Value) -> String {
        match v {
            Value::Num(a) => format!("{:?} {:?}", a.dims().as_slice(), a.data()),
            other => panic!("not double: {other:?}"),
        }
    }

    #[test]
    fn nan_is_an_element_of_its_own() {
        let nan = f64::NAN;
        // union([NaN 1 NaN], [NaN 2]): every NaN is kept, in order of place.
        let r = run(
            union,
            vec![Value::row(vec![nan, 1.0, nan]), Value::row(vec![nan, 2.0])],
            3,
        );
        assert_eq!(nums(&r[0]), "[1, 5] [1.0, 2.0, NaN, NaN, NaN]");
        assert_eq!(r[1], Value::col(vec![2.0, 1.0, 3.0]));
        assert_eq!(r[2], Value::col(vec![2.0, 1.0]));
        // setdiff([NaN 1 NaN], NaN): no NaN in b matches one in a.
        let r = run(
            setdiff,
            vec![Value::row(vec![nan, 1.0, nan]), Value::num(nan)],
            1,
        );
        assert_eq!(nums(&r[0]), "[1, 3] [1.0, NaN, NaN]");
        // intersect with 'stable' (the general path) and without.
        let (a, b) = (Value::row(vec![nan, 1.0]), Value::row(vec![nan, 1.0]));
        let r = run(
            intersect,
            vec![a.clone(), b.clone(), Value::str("stable")],
            1,
        );
        assert_eq!(nums(&r[0]), "[1, 1] [1.0]");
        let r = run(intersect, vec![a, b], 1);
        assert_eq!(nums(&r[0]), "[1, 1] [1.0]");
        // Rows with a NaN are distinct rows.
        let m = Value::matrix(2, 2, vec![1.0, 1.0, nan, nan]);
        let r = run(
            union,
            vec![m, Value::row(vec![1.0, nan]), Value::str("rows")],
            1,
        );
        assert_eq!(nums(&r[0]), "[3, 2] [1.0, 1.0, 1.0, NaN, NaN, NaN]");
    }
}
