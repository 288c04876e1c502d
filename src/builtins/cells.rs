//! Cell array builtins: `iscellstr`, `cellstr`, `cell2mat`, `num2cell`,
//! `mat2cell`, and the cellstr helpers the string and set functions share
//! (`cellstr_units`, `cellstr_value`, `map_cellstr`), so that every
//! function taking "a string or a cell array of strings" does it one way.
//!
//! `cell`, `iscell`, `deal` and `struct` live in `containers`.

use super::{Builtin, Ctx};
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Value};

pub const TABLE: &[Builtin] = table![
    "iscellstr" => iscellstr,
    "cellstr" => cellstr,
    "cell2mat" => cell2mat,
    "num2cell" => num2cell,
    "mat2cell" => mat2cell,
];

/// Whether `v` is a cell array whose every element is a char array.
pub(crate) fn is_cellstr(v: &Value) -> bool {
    matches!(v, Value::Cell(c) if c.data().iter().all(Value::is_char))
}

/// The char data of each element of a cellstr (column-major), or `None`
/// when `v` is not a cellstr. A char matrix element counts by its data.
pub(crate) fn cellstr_units(v: &Value) -> Option<Vec<&[u16]>> {
    let Value::Cell(c) = v else { return None };
    c.data()
        .iter()
        .map(|e| match e {
            Value::Char(a) => Some(a.data()),
            _ => None,
        })
        .collect()
}

/// A char row from UTF-16 units (`''`, 0x0, when there are none).
pub(crate) fn str_value(units: &[u16]) -> Value {
    if units.is_empty() {
        Value::str("")
    } else {
        Value::Char(Array::row(units.to_vec()))
    }
}

/// A cell array of char rows, shaped `dims`.
pub(crate) fn cellstr_value(dims: Dims, items: Vec<Value>) -> Value {
    Value::cell(Array::new(dims, items))
}

/// `f` applied to `v` when it is char, or to every element of a cellstr
/// (the result keeps the cell's shape); `bad` is the error for anything
/// else (and for a cell holding a non-char).
pub(crate) fn map_cellstr(
    v: &Value,
    bad: &dyn Fn() -> Error,
    f: &mut dyn FnMut(&Value) -> Result<Value>,
) -> Result<Value> {
    match v {
        Value::Char(_) => f(v),
        Value::Cell(c) => {
            let mut out = Vec::with_capacity(c.numel());
            for e in c.data() {
                if !e.is_char() {
                    return Err(bad());
                }
                out.push(f(e)?);
            }
            Ok(Value::cell(Array::new(c.dims().clone(), out)))
        }
        _ => Err(bad()),
    }
}

fn one<'a>(who: &str, args: &'a [Value]) -> Result<&'a Value> {
    match args {
        [v] => Ok(v),
        _ => Err(Error::nargin(who)),
    }
}

/// iscellstr: true for a cell array of strings.
///
/// `tf = iscellstr(c)` is true when c is a cell array each of whose cells
/// holds a char array (an empty cell array counts); false for anything
/// else.
///
/// ```text
/// >> iscellstr({'a', 'bc'})
/// ans = 1
/// >> iscellstr({'a', 1})
/// ans = 0
/// >> iscellstr('abc')
/// ans = 0
/// ```
fn iscellstr(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    Ok(vec![Value::bool(is_cellstr(one("iscellstr", &args)?))])
}

/// cellstr: convert a char matrix to a cell array of strings.
///
/// `c = cellstr(s)` returns a column cell array holding the rows of the char
/// array s, each with its trailing blanks removed. A cell array of strings
/// is returned unchanged.
///
/// ```text
/// >> cellstr(['ab '; 'cde'])
/// ans =
/// {
///   [1,1] = ab
///   [2,1] = cde
/// }
/// >> cellstr('one')
/// ans =
/// {
///   [1,1] = one
/// }
/// ```
fn cellstr(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let v = one("cellstr", &args)?;
    match v {
        Value::Cell(_) if is_cellstr(v) => Ok(vec![v.clone()]),
        Value::Char(a) if a.dims().ndims() == 2 => {
            if a.rows() == 0 {
                return Ok(vec![cellstr_value(Dims::scalar(), vec![Value::str("")])]);
            }
            let rows: Vec<Value> = super::strings::rows_of(a)
                .into_iter()
                .map(|mut r| {
                    while r.last() == Some(&32) {
                        r.pop();
                    }
                    str_value(&r)
                })
                .collect();
            let n = rows.len();
            Ok(vec![cellstr_value(Dims::col(n), rows)])
        }
        Value::Char(_) => Err(Error::new(
            "cellstr: argument STRING must be a 2-D character array",
        )),
        other => Err(Error::new(format!(
            "cellstr: argument STRING must be a 2-D character array (not {})",
            other.class_name()
        ))),
    }
}

/// cell2mat: join the contents of a cell array into one array.
///
/// `A = cell2mat(C)` concatenates the arrays held in the cells of C as
/// blocks: the cells of each row side by side, then the rows on top of each
/// other. The blocks must fit together and be of one class (numeric,
/// logical or char).
///
/// ```text
/// >> cell2mat({[1 2], 3; [4 5], 6})
/// ans =
///
///    1   2   3
///    4   5   6
/// >> cell2mat({'ab', 'cd'})
/// ans = abcd
/// ```
fn cell2mat(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let v = one("cell2mat", &args)?;
    let Value::Cell(c) = v else {
        return Err(Error::new("cell2mat: C must be a cell array"));
    };
    if c.is_empty() {
        return Ok(vec![Value::empty()]);
    }
    let first = &c.data()[0];
    let kind = |e: &Value| match e {
        Value::Cell(_) => 0,
        Value::Struct(_) => 1,
        Value::Func(_) => 2,
        Value::Char(_) => 3,
        Value::Bool(_) => 4,
        _ => 5,
    };
    if matches!(first, Value::Func(_)) || c.data().iter().any(|e| kind(e) != kind(first)) {
        return Err(Error::new(
            "cell2mat: wrong type elements or mixed cells, structs, and matrices",
        ));
    }
    if c.dims().ndims() > 2 {
        return Err(Error::new(
            "cell2mat: cell arrays of more than two dimensions are not supported",
        ));
    }
    let (nr, nc) = (c.rows(), c.cols());
    let mut rows = Vec::with_capacity(nr);
    for i in 0..nr {
        let parts: Vec<Value> = (0..nc).map(|j| c.at(i, j).clone()).collect();
        rows.push(super::construct::concat(1, parts).map_err(|e| dim_error(&e))?);
    }
    let m = super::construct::concat(0, rows).map_err(|e| dim_error(&e))?;
    Ok(vec![m])
}

fn dim_error(e: &Error) -> Error {
    Error::new(format!("cell2mat: dimension mismatch ({})", e.message))
}

/// num2cell: array to cell array.
///
/// `C = num2cell(A)` puts every element of A in its own cell; C has the
/// size of A.
///
/// `C = num2cell(A, DIMS)` puts whole slices of A along the dimensions
/// DIMS in each cell (num2cell(A, 1) gives one cell per column).
///
/// ```text
/// >> num2cell([1 2])
/// ans =
/// {
///   [1,1] = 1
///   [1,2] = 2
/// }
/// >> c = num2cell([1 2; 3 4], 1)
/// c =
/// {
///   [1,1] =
///
///      1
///      3
///
///   [1,2] =
///
///      2
///      4
///
/// }
/// ```
fn num2cell(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "num2cell";
    let (a, along) = match args.as_slice() {
        [a] => (a, Vec::new()),
        [a, d] => {
            let mut v = Vec::new();
            for &x in d.to_num_array(WHO)?.data() {
                if !(x >= 1.0 && x.fract() == 0.0) {
                    return Err(Error::new(
                        "num2cell: DIMS must be a valid array of integers between 1 and ndims (A)",
                    ));
                }
                v.push(x as usize - 1);
            }
            (a, v)
        }
        _ => return Err(Error::nargin(WHO)),
    };
    if let Value::Func(_) = a {
        return Ok(vec![Value::cell(Array::scalar(a.clone()))]);
    }
    let dims = a.dims();
    if along.is_empty() {
        let n = a.numel();
        let mut out = Vec::with_capacity(n);
        for k in 0..n {
            out.push(super::cellfun::element(WHO, a, k)?);
        }
        return Ok(vec![Value::cell(Array::new(dims, out))]);
    }
    // The result's size: 1 along the collapsed dimensions.
    let nd = dims
        .ndims()
        .max(along.iter().map(|d| d + 1).max().unwrap_or(0));
    let ext: Vec<usize> = (0..nd).map(|i| dims.get(i)).collect();
    let outer: Vec<usize> = (0..nd)
        .map(|i| if along.contains(&i) { 1 } else { ext[i] })
        .collect();
    let inner: Vec<usize> = (0..nd)
        .map(|i| if along.contains(&i) { ext[i] } else { 1 })
        .collect();
    let out_dims = Dims::new(&outer);
    let in_dims = Dims::new(&inner);
    let strides = dims_strides(&ext);
    let mut cells = Vec::with_capacity(out_dims.numel());
    for o in 0..out_dims.numel() {
        let osub = subs(o, &outer);
        let sel: Vec<usize> = (0..in_dims.numel())
            .map(|i| {
                let isub = subs(i, &inner);
                (0..nd).map(|d| (osub[d] + isub[d]) * strides[d]).sum()
            })
            .collect();
        cells.push(pick(WHO, a, &sel, in_dims.clone())?);
    }
    Ok(vec![Value::cell(Array::new(out_dims, cells))])
}

/// Column-major strides of extents.
fn dims_strides(ext: &[usize]) -> Vec<usize> {
    let mut s = Vec::with_capacity(ext.len());
    let mut acc = 1;
    for &e in ext {
        s.push(acc);
        acc *= e;
    }
    s
}

/// Subscripts (0-based) of linear index `k` in extents `ext`.
fn subs(mut k: usize, ext: &[usize]) -> Vec<usize> {
    ext.iter()
        .map(|&e| {
            let e = e.max(1);
            let s = k % e;
            k /= e;
            s
        })
        .collect()
}

/// The elements of `a` at linear indices `sel`, shaped `dims`, same class.
fn pick(who: &str, a: &Value, sel: &[usize], dims: Dims) -> Result<Value> {
    fn gather<T: Clone>(x: &Array<T>, sel: &[usize], dims: Dims) -> Array<T> {
        let d = x.data();
        Array::new(dims, sel.iter().map(|&i| d[i].clone()).collect())
    }
    Ok(crate::each_array!(who, a, |x| gather(x, sel, dims.clone())))
}

/// mat2cell: split an array into a cell array of blocks.
///
/// `C = mat2cell(A, R, C)` cuts the 2-D array A into blocks: R lists the
/// row count of each block row (summing to size(A,1)), C the column count
/// of each block column (summing to size(A,2)). C{i,j} is the block in
/// block row i and block column j.
///
/// `C = mat2cell(A, R)` keeps all columns together: C is a column of
/// blocks of R(i) rows.
///
/// ```text
/// >> c = mat2cell(magic(4), [2 2], [3 1]); size(c{1,1})
/// ans =
///
///    2   3
/// >> c = mat2cell((1:4)', [1 3]); c{2}
/// ans =
///
///    2
///    3
///    4
/// ```
fn mat2cell(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "mat2cell";
    if args.len() < 2 || args.len() > 3 {
        return Err(Error::nargin(WHO));
    }
    let a = &args[0];
    if let Value::Func(_) = a {
        return Err(Error::wrong_type(WHO, a.class_name()));
    }
    let dims = a.dims();
    if dims.ndims() > 2 {
        return Err(Error::new(
            "mat2cell: arrays of more than two dimensions are not supported",
        ));
    }
    let (nr, nc) = (dims.rows(), dims.cols());
    let parts = |v: &Value, dim: usize, total: usize| -> Result<Vec<usize>> {
        let mut out = Vec::new();
        for &x in v.to_num_array(WHO)?.data() {
            if !(x >= 0.0 && x.fract() == 0.0) {
                return Err(Error::new(
                    "mat2cell: dimension vectors must contain non-negative integers",
                ));
            }
            out.push(x as usize);
        }
        let sum: usize = out.iter().sum();
        if sum != total {
            return Err(Error::new(format!(
                "mat2cell: mismatch on dimension {} ({sum} != {total})",
                dim + 1
            )));
        }
        Ok(out)
    };
    let rs = parts(&args[1], 0, nr)?;
    let cs = match args.get(2) {
        Some(v) => parts(v, 1, nc)?,
        None => vec![nc],
    };
    let mut c0 = 0;
    let mut blocks = vec![Value::empty(); rs.len() * cs.len()];
    for (j, &w) in cs.iter().enumerate() {
        let mut r0 = 0;
        for (i, &h) in rs.iter().enumerate() {
            let sel: Vec<usize> = (c0..c0 + w)
                .flat_map(|c| (r0..r0 + h).map(move |r| r + c * nr))
                .collect();
            blocks[i + j * rs.len()] = pick(WHO, a, &sel, Dims::mat(h, w))?;
            r0 += h;
        }
        c0 += w;
    }
    Ok(vec![Value::cell(Array::new(
        Dims::mat(rs.len(), cs.len()),
        blocks,
    ))])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::strings::tests::call;

    fn cell_row(v: Vec<Value>) -> Value {
        Value::cell(Array::row(v))
    }

    #[test]
    fn cellstr_checks_and_conversion() {
        assert!(is_cellstr(&cell_row(vec![Value::str("a"), Value::str("")])));
        assert!(!is_cellstr(&cell_row(vec![
            Value::str("a"),
            Value::num(1.0)
        ])));
        assert!(is_cellstr(&Value::cell(Array::empty_with(Dims::empty()))));
        assert!(!is_cellstr(&Value::str("abc")));
        let m = Value::char_rows(&["ab ".into(), "c".into()]);
        let c = call(cellstr, vec![m]).unwrap();
        assert_eq!(c.dims().as_slice(), &[2, 1]);
        assert_eq!(cellstr_units(&c).unwrap()[1], &[99u16][..]);
        assert!(call(cellstr, vec![Value::num(1.0)]).is_err());
    }

    #[test]
    fn cell2mat_joins_blocks() {
        let c = Value::cell(Array::new(
            Dims::mat(2, 2),
            vec![
                Value::row(vec![1.0, 2.0]),
                Value::row(vec![4.0, 5.0]),
                Value::num(3.0),
                Value::num(6.0),
            ],
        ));
        let m = call(cell2mat, vec![c]).unwrap();
        assert_eq!(m, Value::matrix(2, 3, vec![1.0, 4.0, 2.0, 5.0, 3.0, 6.0]));
        let bad = cell_row(vec![Value::num(1.0), Value::str("a")]);
        assert!(call(cell2mat, vec![bad]).is_err());
    }

    #[test]
    fn num2cell_and_mat2cell() {
        let a = Value::matrix(2, 2, vec![1.0, 3.0, 2.0, 4.0]);
        let c = call(num2cell, vec![a.clone(), Value::num(1.0)]).unwrap();
        assert_eq!(c.dims().as_slice(), &[1, 2]);
        let Value::Cell(c) = c else { panic!() };
        assert_eq!(c.data()[1], Value::col(vec![2.0, 4.0]));
        let c = call(num2cell, vec![a.clone()]).unwrap();
        assert_eq!(c.dims().as_slice(), &[2, 2]);
        let m = call(
            mat2cell,
            vec![a, Value::row(vec![1.0, 1.0]), Value::num(2.0)],
        )
        .unwrap();
        let Value::Cell(m) = m else { panic!() };
        assert_eq!(m.dims().as_slice(), &[2, 1]);
        assert_eq!(m.data()[1], Value::row(vec![3.0, 4.0]));
    }
}
