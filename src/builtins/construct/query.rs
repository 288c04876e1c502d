//! Shape and class queries and conversions: `size`, `numel`, `ndims`,
//! `length`, the `is*` predicates, `class`, `logical`,
//! and the index converters `ind2sub` / `sub2ind` with Octave's errors.

use super::super::util::nargchk;
use super::super::Ctx;
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Value};

fn one<'a>(fname: &str, a: &'a [Value]) -> Result<&'a Value> {
    nargchk(fname, a.len(), 1, 1)?;
    a.first().ok_or_else(|| Error::nargin(fname))
}

fn dims_row(ext: &[usize]) -> Value {
    Value::row(ext.iter().map(|&e| e as f64).collect())
}

/// numel: number of elements of an array.
///
/// `N = numel(A)` is the number of elements of A, prod(size(A)); for a
/// cell array, the number of cells.
///
/// ```text
/// >> numel(ones(2, 3))
/// ans = 6
/// >> numel({1, 2, 3})
/// ans = 3
/// ```
pub fn numel(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    if a.is_empty() {
        return Err(Error::with_id(
            "Octave:invalid-fun-call",
            "Invalid call to numel",
        ));
    }
    // numel(A, idx...) counts an indexing result; only the plain form and
    // index arguments of scalar size are supported.
    if a.len() == 1 {
        return Ok(vec![Value::num(a[0].numel() as f64)]);
    }
    let d = a[0].dims();
    let nidx = a.len() - 1;
    let mut n = 1.0;
    for (k, idx) in a[1..].iter().enumerate() {
        let colon =
            matches!(idx, Value::Char(_)) && idx.to_str("numel").ok().as_deref() == Some(":");
        n *= if colon {
            if k + 1 == nidx {
                d.as_slice().iter().skip(k).product::<usize>() as f64
            } else {
                d.get(k) as f64
            }
        } else {
            idx.numel() as f64
        };
    }
    Ok(vec![Value::num(n)])
}

/// ndims: number of dimensions of an array.
///
/// `N = ndims(A)` is the number of dimensions of A, always at least 2
/// (trailing dimensions of length 1 do not count).
///
/// ```text
/// >> ndims(ones(2, 3))
/// ans = 2
/// >> ndims(ones(2, 3, 4))
/// ans = 3
/// ```
pub fn ndims(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    let v = one("ndims", &a)?;
    Ok(vec![Value::num(v.dims().ndims() as f64)])
}

/// rows: the number of rows of an array.
///
/// `n = rows(A)` is `size(A, 1)`.
///
/// ```text
/// >> rows(ones(2, 3))
/// ans = 2
/// ```
pub fn rows(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    let v = one("rows", &a)?;
    Ok(vec![Value::num(v.dims().get(0) as f64)])
}

/// columns: the number of columns of an array.
///
/// `n = columns(A)` is `size(A, 2)`.
///
/// ```text
/// >> columns(ones(2, 3))
/// ans = 3
/// ```
pub fn columns(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    let v = one("columns", &a)?;
    Ok(vec![Value::num(v.dims().get(1) as f64)])
}

/// size: the dimensions of an array.
///
/// `SZ = size(A)` is a row vector of the lengths of A's dimensions (at
/// least two).
///
/// `N = size(A, DIM)` is the length of dimension DIM (1 beyond the last
/// one); a vector DIM gives the lengths of those dimensions.
///
/// `[M, N, ...] = size(A)` returns the lengths as separate outputs; the
/// last output takes the product of the remaining dimensions, and outputs
/// beyond the last dimension are 1.
///
/// ```text
/// >> size(ones(2, 3))
/// ans =
///
///    2   3
/// >> size(ones(2, 3), 2)
/// ans = 3
/// >> [r, c] = size(ones(2, 3, 4))
/// r = 2
/// c = 12
/// ```
pub fn size(ctx: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("size", a.len(), 1, 2)?;
    let d = a[0].dims();
    if let Some(dv) = a.get(1) {
        let req = dv.to_num_array("size")?;
        let mut out = Vec::with_capacity(req.numel());
        for &x in req.data() {
            if x.fract() != 0.0 || x.is_nan() {
                return Err(Error::new(format!(
                    "conversion of {} to octave_idx_type value failed",
                    super::super::util::fmt_num(x)
                )));
            }
            if x < 1.0 {
                return Err(Error::new(format!(
                    "size: requested dimension DIM (= {}) out of range",
                    super::super::util::fmt_num(x)
                )));
            }
            out.push(if x > 1e9 {
                1.0
            } else {
                d.get(x as usize - 1) as f64
            });
        }
        if ctx.nargout > 1 {
            if ctx.nargout != out.len() {
                return Err(Error::too_many_outputs("size"));
            }
            return Ok(out.into_iter().map(Value::num).collect());
        }
        return Ok(vec![Value::row(out)]);
    }
    let ext = d.as_slice();
    if ctx.nargout <= 1 {
        return Ok(vec![dims_row(ext)]);
    }
    // [r, c, ...] = size(A): the last output absorbs trailing dimensions.
    let n = ctx.nargout;
    let mut out = Vec::with_capacity(n);
    for k in 0..n {
        let e: usize = if k + 1 == n {
            ext.iter().skip(k).product()
        } else {
            d.get(k)
        };
        out.push(Value::num(e as f64));
    }
    Ok(out)
}

/// length: length of the largest dimension.
///
/// `N = length(A)` is max(size(A)) for a nonempty A, and 0 for an empty
/// one.
///
/// ```text
/// >> length(ones(2, 5))
/// ans = 5
/// >> length([])
/// ans = 0
/// ```
pub fn length(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    let v = one("length", &a)?;
    let d = v.dims();
    let n = if d.is_empty() {
        0
    } else {
        d.as_slice().iter().copied().max().unwrap_or(0)
    };
    Ok(vec![Value::num(n as f64)])
}

fn pred(fname: &str, a: &[Value], f: impl Fn(&Value, &Dims) -> bool) -> Result<Vec<Value>> {
    let v = one(fname, a)?;
    Ok(vec![Value::bool(f(v, &v.dims()))])
}

/// isempty: true for an empty array.
///
/// `tf = isempty(A)` is true when A has no elements, i.e. any of its
/// dimensions is zero (`[]`, `''`, `{}`, `zeros(0, 3)`...).
///
/// ```text
/// >> isempty([])
/// ans = 1
/// >> isempty(zeros(0, 3))
/// ans = 1
/// >> isempty(' ')
/// ans = 0
/// ```
pub fn isempty(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    pred("isempty", &a, |v, _| v.is_empty())
}

/// isscalar: true for a 1-by-1 array.
///
/// `tf = isscalar(A)` is true when A has exactly one element (size 1-by-1),
/// whatever its class: a 1x1 cell or struct counts.
///
/// ```text
/// >> isscalar(5)
/// ans = 1
/// >> isscalar([1 2])
/// ans = 0
/// >> isscalar({[1 2 3]})
/// ans = 1
/// ```
pub fn isscalar(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    pred("isscalar", &a, |_, d| d.is_scalar())
}
/// isvector: whether an array is a vector.
///
/// `TF = isvector(A)` is true when A is 1-by-N or N-by-1 with N >= 1 (a
/// scalar counts as a vector).
///
/// ```text
/// >> isvector([1 2 3])
/// ans = 1
/// >> isvector(ones(2))
/// ans = 0
/// ```
pub fn isvector(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    pred("isvector", &a, |_, d| d.is_vector())
}

/// isrow: true for a row vector.
///
/// `tf = isrow(A)` is true when A has size 1-by-n (n >= 0) and no further
/// dimensions.
///
/// ```text
/// >> isrow([1 2 3])
/// ans = 1
/// >> isrow([1; 2])
/// ans = 0
/// >> isrow('hello')
/// ans = 1
/// ```
pub fn isrow(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    pred("isrow", &a, |_, d| d.is_row())
}

/// iscolumn: true for a column vector.
///
/// `tf = iscolumn(A)` is true when A has size n-by-1 (n >= 0) and no further
/// dimensions.
///
/// ```text
/// >> iscolumn([1; 2; 3])
/// ans = 1
/// >> iscolumn([1 2 3])
/// ans = 0
/// ```
pub fn iscolumn(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    pred("iscolumn", &a, |_, d| d.is_col())
}

/// ismatrix: true for a two-dimensional array.
///
/// `tf = ismatrix(A)` is true when A has exactly two dimensions (m-by-n, m
/// and n >= 0), scalars, vectors and empties included; false for arrays
/// with a third dimension larger than 1.
///
/// ```text
/// >> ismatrix([1 2; 3 4])
/// ans = 1
/// >> ismatrix(zeros(2, 2, 3))
/// ans = 0
/// ```
pub fn ismatrix(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    pred("ismatrix", &a, |_, d| d.is_matrix())
}

/// issquare: true for a square matrix.
///
/// `tf = issquare(A)` is true when A is two-dimensional with as many rows as
/// columns (`zeros(0)` included).
///
/// ```text
/// >> issquare(magic(3))
/// ans = 1
/// >> issquare([1 2 3])
/// ans = 0
/// ```
pub fn issquare(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    pred("issquare", &a, |_, d| d.is_matrix() && d.rows() == d.cols())
}

/// islogical, isbool: true for logical arrays.
///
/// `tf = islogical(A)` is true when A is of class logical (the results of
/// comparisons, `true`, `false`, `logical(x)`). `isbool` is the same.
///
/// ```text
/// >> islogical(true)
/// ans = 1
/// >> islogical(1)
/// ans = 0
/// >> islogical([1 2] > 1)
/// ans = 1
/// ```
pub fn islogical(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    pred("islogical", &a, |v, _| matches!(v, Value::Bool(_)))
}

/// isnumeric: true for numeric arrays.
///
/// `tf = isnumeric(A)` is true when A is double, single or an integer class,
/// real or complex; false for logical, char, cell, struct and function
/// handles.
///
/// ```text
/// >> isnumeric(5)
/// ans = 1
/// >> isnumeric(int8(5))
/// ans = 1
/// >> isnumeric(true)
/// ans = 0
/// ```
pub fn isnumeric(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    pred("isnumeric", &a, |v, _| v.is_numeric())
}

/// ischar: true for character arrays.
///
/// `tf = ischar(A)` is true when A is of class char (a string in quotes);
/// false for a cell array of strings.
///
/// ```text
/// >> ischar('hello')
/// ans = 1
/// >> ischar({'hello'})
/// ans = 0
/// ```
pub fn ischar(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    pred("ischar", &a, |v, _| v.is_char())
}

/// class: the class name of a value.
///
/// `c = class(A)` returns the class of A as a string: 'double', 'single',
/// 'int8' ... 'uint64', 'logical', 'char', 'cell', 'struct' or
/// 'function_handle'.
///
/// ```text
/// >> class(pi)
/// ans = double
/// >> class(int8(1))
/// ans = int8
/// >> class({})
/// ans = cell
/// ```
pub fn class(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    let v = one("class", &a)?;
    Ok(vec![Value::str(v.class_name())])
}

/// logical: convert to logical values.
///
/// `L = logical(X)` is true where X is nonzero and false where it is zero
/// (class logical). NaN cannot be converted.
///
/// ```text
/// >> logical([2 0 -1])
/// ans =
///
///   1  0  1
/// ```
pub fn logical(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    let v = one("logical", &a)?;
    match v {
        Value::Bool(_) => Ok(vec![v.clone()]),
        Value::Struct(_) => Err(Error::wrong_type("logical", "struct")),
        Value::Num(x) if x.data().iter().any(|e| e.is_nan()) => Err(Error::with_id(
            "MATLAB:nologicalnan",
            "invalid conversion from NaN to logical",
        )),
        other => Ok(vec![Value::Bool(other.to_bool_array("logical")?)]),
    }
}

/// Extents from a dims vector argument (`[2 3]`); at least 2.
fn dims_arg(fname: &str, v: &Value) -> Result<Vec<usize>> {
    let a = v.to_num_array(fname)?;
    if a.numel() < 1 {
        return Err(Error::new(format!("{fname}: DIMS must contain integers")));
    }
    let mut ext = Vec::with_capacity(a.numel().max(2));
    for &x in a.data() {
        if x < 0.0 || x.fract() != 0.0 || !x.is_finite() {
            return Err(Error::new(format!("{fname}: DIMS must contain integers")));
        }
        ext.push(x as usize);
    }
    if ext.len() < 2 {
        ext.push(1);
    }
    Ok(ext)
}

fn fmt_pos(pos: usize, n: usize, text: &str) -> String {
    (0..n)
        .map(|k| {
            if k == pos {
                text.to_string()
            } else {
                "_".to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// sub2ind: linear index from subscripts.
///
/// `IND = sub2ind(DIMS, I, J, ...)` is the linear (column-major) index of
/// the element at row I, column J, ... in an array of size DIMS; I, J, ...
/// may be arrays of the same size.
///
/// ```text
/// >> sub2ind([3 4], 2, 3)
/// ans = 8
/// >> sub2ind([3 4], [1 3], [2 4])
/// ans =
///
///     4   12
/// ```
pub fn sub2ind(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    if a.len() < 2 {
        return Err(Error::with_id(
            "Octave:invalid-fun-call",
            "Invalid call to sub2ind",
        ));
    }
    let ext = dims_arg("sub2ind", &a[0])?;
    let subs: Vec<Array<f64>> = a[1..]
        .iter()
        .map(|v| v.to_num_array("sub2ind"))
        .collect::<Result<_>>()?;
    let shape = subs[0].dims().clone();
    if subs.iter().any(|s| s.dims() != &shape) {
        return Err(Error::new(
            "sub2ind: all subscripts must be of the same size",
        ));
    }
    let ns = subs.len();
    // Extent seen by subscript k: the last subscript spans trailing dims.
    let bound = |k: usize| -> usize {
        if k + 1 == ns {
            ext.iter().skip(k).product()
        } else {
            ext.get(k).copied().unwrap_or(1)
        }
    };
    let dims_text = Dims::new(&ext).to_string_x();
    let mut out = vec![0.0; shape.numel()];
    for (k, s) in subs.iter().enumerate() {
        let stride: usize = ext.iter().take(k).product();
        let b = bound(k);
        for (o, &x) in out.iter_mut().zip(s.data()) {
            if x < 1.0 || x.fract() != 0.0 || x.is_nan() {
                return Err(Error::with_id(
                    "Octave:invalid-index",
                    format!(
                        "index ({}): subscripts must be either integers 1 to (2^63)-1 or logicals",
                        fmt_pos(k, ns, &super::super::util::fmt_num(x))
                    ),
                ));
            }
            if x > b as f64 {
                return Err(Error::with_id(
                    "Octave:index-out-of-bounds",
                    format!(
                        "index ({}): out of bound {b} (dimensions are {dims_text})",
                        fmt_pos(k, ns, &super::super::util::fmt_num(x))
                    ),
                ));
            }
            *o += (x - 1.0) * stride as f64;
        }
    }
    Ok(vec![Value::Num(Array::new(
        shape,
        out.into_iter().map(|x| x + 1.0).collect(),
    ))])
}

/// ind2sub: subscripts from linear indices.
///
/// `[r, c] = ind2sub(sz, ind)` converts linear indices ind into row and
/// column subscripts of an array of size sz (column-major order, as `A(ind)`
/// counts). With more outputs, `[s1, s2, s3, ...] = ind2sub(sz, ind)` gives
/// one subscript per dimension; the last output takes up the remaining
/// dimensions. Indices beyond prod(sz) are an error.
///
/// ```text
/// >> [r, c] = ind2sub([2 3], 5)
/// r = 1
/// c = 3
/// >> [r, c, p] = ind2sub([2 3 4], [1 10])
/// r =
///
///    1   2
///
/// c =
///
///    1   2
///
/// p =
///
///    1   2
/// ```
pub fn ind2sub(ctx: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("ind2sub", a.len(), 2, 2)?;
    let ext = dims_arg("ind2sub", &a[0])?;
    let ind = a[1].to_num_array("ind2sub")?;
    let total: f64 = ext.iter().map(|&e| e as f64).product();
    for &x in ind.data() {
        if x < 1.0 || x.fract() != 0.0 || x.is_nan() {
            return Err(Error::new(format!(
                "ind2sub: invalid index index {}: subscripts must be either integers 1 to (2^63)-1 or logicals",
                super::super::util::fmt_num(x)
            )));
        }
        if x > total {
            return Err(Error::new("ind2sub: index out of range"));
        }
    }
    let nout = ctx.nargout.max(1);
    // Effective extents: the last output absorbs the trailing dimensions.
    let mut eff: Vec<usize> = Vec::with_capacity(nout);
    for k in 0..nout {
        if k + 1 == nout {
            eff.push(ext.iter().skip(k).product());
        } else {
            eff.push(ext.get(k).copied().unwrap_or(1));
        }
    }
    let mut outs: Vec<Vec<f64>> = vec![Vec::with_capacity(ind.numel()); nout];
    for &x in ind.data() {
        let mut rem = x as usize - 1;
        for (k, &e) in eff.iter().enumerate() {
            let e = e.max(1);
            let s = if k + 1 == nout { rem } else { rem % e };
            outs[k].push((s + 1) as f64);
            rem /= e;
        }
    }
    Ok(outs
        .into_iter()
        .map(|v| Value::Num(Array::new(ind.dims().clone(), v)))
        .collect())
}

#[cfg(test)]
mod tests {
    use crate::builtins::math::tests::{call, call1};
    use crate::value::{Array, Dims, Value};

    #[test]
    fn size_forms() {
        let a = Value::Num(Array::filled(Dims::new(&[2, 3, 4]), 0.0));
        assert_eq!(
            call1("size", vec![a.clone()]),
            Value::row(vec![2.0, 3.0, 4.0])
        );
        let r = call("size", vec![a.clone()], 2).unwrap();
        assert_eq!(r, vec![Value::num(2.0), Value::num(12.0)]);
        let r = call("size", vec![Value::matrix(2, 3, vec![0.0; 6])], 4).unwrap();
        assert_eq!(r[2], Value::num(1.0));
        assert_eq!(call1("size", vec![a, Value::num(3.0)]), Value::num(4.0));
        let e = call("size", vec![Value::num(1.0), Value::num(0.0)], 1).unwrap_err();
        assert_eq!(
            e.message,
            "size: requested dimension DIM (= 0) out of range"
        );
        assert_eq!(
            call1(
                "length",
                vec![Value::Num(Array::filled(Dims::mat(3, 0), 0.0))]
            ),
            Value::num(0.0)
        );
    }

    #[test]
    fn index_conversion() {
        let d = Value::row(vec![2.0, 3.0]);
        let r = call("ind2sub", vec![d.clone(), Value::row(vec![2.0, 5.0])], 2).unwrap();
        assert_eq!(r[0], Value::row(vec![2.0, 1.0]));
        assert_eq!(r[1], Value::row(vec![1.0, 3.0]));
        let e = call("ind2sub", vec![d.clone(), Value::num(7.0)], 1).unwrap_err();
        assert_eq!(e.message, "ind2sub: index out of range");
        let s = call1(
            "sub2ind",
            vec![
                Value::row(vec![2.0, 3.0, 4.0]),
                Value::num(2.0),
                Value::num(3.0),
                Value::num(4.0),
            ],
        );
        assert_eq!(s, Value::num(24.0));
        let e = call(
            "sub2ind",
            vec![d.clone(), Value::num(3.0), Value::num(1.0)],
            1,
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "index (3,_): out of bound 2 (dimensions are 2x3)"
        );
        let e = call("sub2ind", vec![d, Value::num(0.0), Value::num(1.0)], 1).unwrap_err();
        assert_eq!(
            e.message,
            "index (0,_): subscripts must be either integers 1 to (2^63)-1 or logicals"
        );
    }

    #[test]
    fn classes() {
        assert_eq!(
            call1("class", vec![Value::bool(true)]),
            Value::str("logical")
        );
        assert_eq!(
            call1("isa", vec![Value::num(1.0), Value::str("float")]),
            Value::bool(true)
        );
        assert_eq!(
            call1("isa", vec![Value::bool(true), Value::str("numeric")]),
            Value::bool(false)
        );
        let e = call("logical", vec![Value::num(f64::NAN)], 1).unwrap_err();
        assert_eq!(e.message, "invalid conversion from NaN to logical");
        assert_eq!(call1("double", vec![Value::str("a")]), Value::num(97.0));
    }
}
