//! sum, prod, mean, any, all, cumsum, cumprod, diff and nnz.

use super::{
    check_nargout, check_nargs, default_dim, map_lanes, num_arg, opt_str, parse_dim, real_arg,
    split_nanflag, Num,
};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Value, C64};

/// Splits the trailing arguments of a reduction into an optional DIM and
/// the accepted text options (checked against `allowed`).
pub(super) fn dim_and_opts(
    rest: &[Value],
    fname: &str,
    allowed: &[&str],
    dim_err: &dyn Fn(f64) -> Error,
) -> Result<(Option<usize>, Vec<String>)> {
    let mut dim = None;
    let mut opts = Vec::new();
    for v in rest {
        if let Some(s) = opt_str(v) {
            if !allowed.contains(&s.as_str()) {
                return Err(Error::new(if fname.starts_with("cum") {
                    format!("{fname}: unrecognized string argument")
                } else {
                    format!("{fname}: unrecognized type argument '{s}'")
                }));
            }
            opts.push(s);
        } else if dim.is_none() {
            dim = Some(parse_dim(v, dim_err)?);
        } else {
            return Err(Error::nargin(fname));
        }
    }
    Ok((dim, opts))
}

#[derive(Clone, Copy, PartialEq)]
enum Red {
    Sum,
    Prod,
    Mean,
}

/// `x(:)` of any value.
pub(super) fn flatten(v: &Value) -> Value {
    let n = v.numel();
    v.clone()
        .reshaped(Dims::col(n))
        .unwrap_or_else(|| v.clone())
}

/// Sum from +0 (so `sum(-0)` is 0): in element order as Octave adds for
/// short lanes, in SIMD partial sums for long ones (`fast::sum`).
fn sum_real(l: &[f64]) -> f64 {
    super::fast::sum(l)
}

fn red_real(kind: Red, l: &[f64]) -> f64 {
    match kind {
        Red::Sum => sum_real(l),
        Red::Prod => l.iter().product(),
        Red::Mean => sum_real(l) / l.len() as f64,
    }
}

/// Sum, product or mean along a dimension other than the first, walking
/// the data in memory order with one accumulator per lane: each lane is
/// still accumulated in its own element order (the same result as lane
/// by lane), without a strided, cache-missing read per element.
fn strided_fold(a: &Array<f64>, k: usize, kind: Red, omit: bool) -> Option<Array<f64>> {
    let k = k.min(a.dims().ndims());
    let lanes = super::Lanes::new(a.dims(), k);
    if lanes.stride <= 1 {
        return None;
    }
    let is_prod = kind == Red::Prod;
    let init = if is_prod { 1.0 } else { 0.0 };
    // One loop per operator (a function pointer would stop the compiler
    // from vectorizing the row loop).
    #[inline(always)]
    fn op(is_prod: bool, x: f64, y: f64) -> f64 {
        if is_prod {
            x * y
        } else {
            x + y
        }
    }
    let src = a.data();
    let block = lanes.stride * lanes.n;
    let mut out = Vec::with_capacity(lanes.count());
    let mut counts = vec![0usize; if omit { lanes.stride } else { 0 }];
    for o in 0..lanes.outer {
        let start = out.len();
        out.resize(start + lanes.stride, init);
        let acc = out.get_mut(start..)?;
        counts.fill(0);
        for j in 0..lanes.n {
            let from = o * block + j * lanes.stride;
            let row = src.get(from..from + lanes.stride)?;
            if omit {
                for ((a, &x), c) in acc.iter_mut().zip(row).zip(counts.iter_mut()) {
                    if !x.is_nan() {
                        *a = op(is_prod, *a, x);
                        *c += 1;
                    }
                }
            } else if is_prod {
                for (a, &x) in acc.iter_mut().zip(row) {
                    *a *= x;
                }
            } else {
                for (a, &x) in acc.iter_mut().zip(row) {
                    *a += x;
                }
            }
        }
        if kind == Red::Mean {
            for (i, a) in acc.iter_mut().enumerate() {
                let n = if omit {
                    counts.get(i).copied().unwrap_or(0)
                } else {
                    lanes.n
                };
                *a /= n as f64;
            }
        }
    }
    Some(Array::new(a.dims().with(k, 1), out))
}

fn red_cplx(kind: Red, l: &[C64]) -> C64 {
    match kind {
        Red::Sum => l.iter().sum(),
        Red::Prod => l.iter().product(),
        Red::Mean => l.iter().sum::<C64>() / l.len() as f64,
    }
}

/// The sum, product or mean of a real double vector of one or more
/// elements as `reduction` folds its one lane (`None` for any other
/// array).
fn vector_fold(a: &Array<f64>, kind: Red) -> Option<f64> {
    let d = a.dims();
    (d.ndims() == 2 && (d.rows() == 1 || d.cols() == 1) && d.numel() > 0)
        .then(|| red_real(kind, a.data()))
}

/// `sum(v)` of a real double vector, as the builtin answers it, for the
/// interpreter's scalar path (`None` for any other array).
pub(crate) fn sum_of_vector(a: &Array<f64>) -> Option<f64> {
    vector_fold(a, Red::Sum)
}

fn reduction(args: Vec<Value>, fname: &str, kind: Red) -> Result<Vec<Value>> {
    // `sum(v)` of a real vector (the common call, in loops too): its one
    // lane folded as the general path below folds it, without the options.
    if let [Value::Num(a)] = &args[..] {
        if let Some(x) = vector_fold(a, kind) {
            return Ok(vec![Value::num(x)]);
        }
    }
    let (args, nan) = split_nanflag(args);
    check_nargs(&args, 1, 3, fname)?;
    let dim_err = |x: f64| {
        if kind == Red::Mean {
            Error::new(format!(
                "{fname}: DIM must be an integer and a valid dimension"
            ))
        } else {
            Error::new(format!("{fname}: invalid dimension DIM = {x}"))
        }
    };
    let (dim, opts) = dim_and_opts(
        &args[1..],
        fname,
        &["native", "double", "extra", "default", "all"],
        &dim_err,
    )?;
    let omit = nan.omits(false);
    // `'native'` keeps a logical input logical (a sum is then `any`, a
    // product `all`), as in Octave and MATLAB.
    let native_bool = kind != Red::Mean
        && matches!(args[0], Value::Bool(_))
        && opts.iter().any(|o| o == "native");
    // MATLAB's 'all': reduce every element, as over x(:).
    let (x0, dim) = if opts.iter().any(|o| o == "all") {
        (flatten(&args[0]), Some(0))
    } else {
        (args[0].clone(), dim)
    };
    let x = num_arg(&x0, fname)?;
    let dims = match &x {
        Num::Real(a) => a.dims().clone(),
        Num::Cplx(a) => a.dims().clone(),
    };
    let zero_by_zero = dim.is_none() && dims == Dims::empty();
    let k = dim.unwrap_or_else(|| default_dim(&dims));
    let out = match x {
        Num::Real(a) => {
            if zero_by_zero {
                Value::num(red_real(kind, &[]))
            } else if let Some(r) = strided_fold(&a, k, kind, omit) {
                Value::Num(r)
            } else {
                Value::Num(map_lanes(&a, k, 1, |l, o| {
                    if omit && kind != Red::Prod {
                        // A NaN counts as +0, which changes no sum from +0.
                        let s = super::fast::sum_by(l, |x| if x.is_nan() { 0.0 } else { x });
                        o.push(if kind == Red::Mean {
                            s / l.iter().filter(|x| !x.is_nan()).count() as f64
                        } else {
                            s
                        })
                    } else if omit {
                        let v: Vec<f64> = l.iter().copied().filter(|x| !x.is_nan()).collect();
                        o.push(red_real(kind, &v))
                    } else {
                        o.push(red_real(kind, l))
                    }
                }))
            }
        }
        Num::Cplx(a) => {
            if zero_by_zero {
                Value::num(red_real(kind, &[]))
            } else {
                Value::Complex(map_lanes(&a, k, 1, |l, o| {
                    if omit {
                        let v: Vec<C64> = l
                            .iter()
                            .copied()
                            .filter(|z| !z.re.is_nan() && !z.im.is_nan())
                            .collect();
                        o.push(red_cplx(kind, &v))
                    } else {
                        o.push(red_cplx(kind, l))
                    }
                }))
                .narrowed()
            }
        }
    };
    Ok(vec![if native_bool {
        logical_of(out)?
    } else {
        reduced_class(&x0, out, &opts)?
    }])
}

/// The class of a sum, product or mean of `x` computed in double: single
/// stays single (unless `'double'`); integers give double (Octave's
/// default, which the conformance kit follows), their own class with
/// `'native'`.
fn reduced_class(x: &Value, out: Value, opts: &[String]) -> Result<Value> {
    let has = |o: &str| opts.iter().any(|s| s == o);
    match x {
        Value::Single(_) | Value::SingleComplex(_) if !has("double") => {
            crate::ops::classes::in_class_of(x, out)
        }
        Value::Int(_) if has("native") => crate::ops::classes::in_class_of(x, out),
        _ => Ok(out),
    }
}

/// A 0/1-valued numeric result as logical (for `'native'` on logical input).
fn logical_of(v: Value) -> Result<Value> {
    Ok(Value::Bool(v.to_bool_array("native")?))
}

/// sum: sum of array elements.
///
/// `S = sum(X)` adds up the elements of a vector, or each column of a
/// matrix (the first dimension whose size is not 1), giving a row of
/// column sums.
///
/// `S = sum(X, DIM)` sums along dimension DIM; `sum(X, 'all')` sums every
/// element.
///
/// `S = sum(..., OUTTYPE)` chooses the class of the result: 'double',
/// 'native' (the class of X, saturating for integers) or 'default'.
/// `sum(..., 'omitnan')` leaves NaN elements out ('includenan' is the
/// default).
///
/// ```text
/// >> sum([1 2; 3 4])
/// ans =
///
///    4   6
/// >> sum([1 2; 3 4], 2)
/// ans =
///
///    3
///    7
/// >> sum(int8([100 100]), 'native')
/// ans = 127
/// ```
pub fn sum(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "sum")?;
    reduction(args, "sum", Red::Sum)
}

/// prod: product of array elements.
///
/// `P = prod(X)` multiplies the elements of a vector, or those of each
/// column of a matrix (the first dimension whose size is not 1).
///
/// `P = prod(X, DIM)` works along dimension DIM; `prod(X, 'all')`
/// multiplies every element.
///
/// `P = prod(..., OUTTYPE)` chooses the class of the result ('double',
/// 'native' or 'default'); `prod(..., 'omitnan')` leaves NaN elements out.
///
/// ```text
/// >> prod([1 2 3 4])
/// ans = 24
/// >> prod([1 2; 3 4], 2)
/// ans =
///
///     2
///    12
/// ```
pub fn prod(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "prod")?;
    reduction(args, "prod", Red::Prod)
}

/// mean: average of array elements.
///
/// `M = mean(X)` is the arithmetic mean of a vector, or of each column of
/// a matrix (the first dimension whose size is not 1).
///
/// `M = mean(X, DIM)` averages along dimension DIM; `mean(X, 'all')`
/// averages every element.
///
/// `M = mean(..., OUTTYPE)` chooses the class of the result ('double',
/// 'native' or 'default'); `mean(..., 'omitnan')` leaves NaN elements out.
///
/// ```text
/// >> mean([1 2; 3 4])
/// ans =
///
///    2   3
/// >> mean([1 2; 3 4], 2)
/// ans =
///
///    1.5000
///    3.5000
/// ```
pub fn mean(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "mean")?;
    if let Some(Value::Struct(_) | Value::Cell(_)) = args.first() {
        return Err(Error::new("mean: X must be a numeric vector or matrix"));
    }
    // Octave's mean type: "a" (arithmetic, the default), "g" (geometric),
    // "h" (harmonic); any other one-letter option is unknown.
    let mut kind = 'a';
    if let Some(pos) = args.iter().skip(1).position(|v| {
        matches!(v, Value::Char(_)) && opt_str(v).is_some_and(|s| s.chars().count() == 1)
    }) {
        let v = args.remove(pos + 1);
        let s = opt_str(&v).unwrap_or_default();
        kind = match s.as_str() {
            "a" | "g" | "h" => s.chars().next().unwrap_or('a'),
            _ => {
                return Err(Error::new(format!(
                    "mean: mean type '{}' not recognized",
                    v.to_str("mean").unwrap_or_default()
                )))
            }
        };
    }
    if kind == 'a' || args.is_empty() {
        return reduction(args, "mean", Red::Mean);
    }
    let single = matches!(args[0], Value::Single(_));
    let x = real_arg(&args[0], "mean")?;
    if kind == 'g' && x.data().iter().any(|&v| v < 0.0) {
        return Err(Error::new("mean: X must not contain any negative values"));
    }
    let f = if kind == 'g' { f64::ln } else { f64::recip };
    args[0] = Value::Num(x.map(|&v| f(v)));
    let out = reduction(args, "mean", Red::Mean)?;
    let back = if kind == 'g' { f64::exp } else { f64::recip };
    out.into_iter()
        .map(|v| {
            let r = match v {
                Value::Num(a) => Value::Num(a.map(|&m| back(m))),
                other => other,
            };
            if single {
                crate::ops::classes::to_single_result(r)
            } else {
                Ok(r)
            }
        })
        .collect()
}

/// Nonzero test for any/all: `nan_true` says whether NaN counts as nonzero.
fn truth_array(v: &Value, fname: &str, nan_true: bool) -> Result<Array<bool>> {
    Ok(match v {
        Value::Bool(a) => a.clone(),
        Value::Complex(a) => a.map(|z| {
            if z.re.is_nan() || z.im.is_nan() {
                nan_true
            } else {
                z.re != 0.0 || z.im != 0.0
            }
        }),
        Value::Struct(_) => return Err(Error::wrong_type(fname, "struct")),
        other => other
            .to_num_array(fname)?
            .map(|&x| if x.is_nan() { nan_true } else { x != 0.0 }),
    })
}

fn any_all(args: Vec<Value>, fname: &str, is_all: bool) -> Result<Vec<Value>> {
    check_nargs(&args, 1, 2, fname)?;
    let whole = args.get(1).and_then(opt_str).is_some_and(|s| s == "all");
    let dim = match args.get(1) {
        Some(_) if whole => Some(0),
        Some(v) => Some(parse_dim(v, |_| {
            Error::new(format!("{fname}: DIM must be an integer"))
        })?),
        None => None,
    };
    let x = if whole {
        flatten(&args[0])
    } else {
        args[0].clone()
    };
    if !(dim.is_none() && *x.dims_ref() == Dims::empty()) {
        let k = dim.unwrap_or_else(|| default_dim(x.dims_ref()));
        // Logical and double data tested where they lie, no truth copy.
        let fast = match &x {
            Value::Bool(a) => super::fast::any_all(a, k, is_all, |b| b),
            Value::Num(a) if is_all => super::fast::any_all(a, k, true, |v| v != 0.0),
            Value::Num(a) => super::fast::any_all(a, k, false, |v| v != 0.0 && !v.is_nan()),
            _ => None,
        };
        if let Some(r) = fast {
            return Ok(vec![Value::Bool(r)]);
        }
    }
    // any ignores NaN; all treats it as nonzero (MATLAB).
    let a = truth_array(&x, fname, is_all)?;
    let f = |l: &[bool], o: &mut Vec<bool>| {
        o.push(if is_all {
            l.iter().all(|&b| b)
        } else {
            l.iter().any(|&b| b)
        })
    };
    if dim.is_none() && *a.dims() == Dims::empty() {
        return Ok(vec![Value::bool(is_all)]);
    }
    let k = dim.unwrap_or_else(|| default_dim(a.dims()));
    Ok(vec![Value::Bool(map_lanes(&a, k, 1, f))])
}

/// any: true if any element is nonzero.
///
/// `tf = any(A)` for a vector is true when at least one element is nonzero
/// (NaN counts as nonzero); for a matrix it tests each column and returns a
/// row; for N-D arrays it works along the first dimension whose size is not
/// 1. `any([])` is false.
///
/// `tf = any(A, dim)` tests along dimension dim; `any(A, 'all')` tests every
/// element.
///
/// ```text
/// >> any([0 0 1])
/// ans = 1
/// >> any([0 1; 0 0])
/// ans =
///
///   0  1
/// >> any([0 1; 0 0], 2)
/// ans =
///
///   1
///   0
/// ```
pub fn any(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "any")?;
    any_all(args, "any", false)
}

/// all: true if all elements are nonzero.
///
/// `tf = all(A)` for a vector is true when every element is nonzero; for a
/// matrix it tests each column and returns a row; for N-D arrays it works
/// along the first dimension whose size is not 1. `all([])` is true.
///
/// `tf = all(A, dim)` tests along dimension dim; `all(A, 'all')` tests every
/// element.
///
/// ```text
/// >> all([1 2 3])
/// ans = 1
/// >> all([1 1 0; 1 1 1])
/// ans =
///
///   1  1  0
/// >> all([1 1 0; 1 1 1], 2)
/// ans =
///
///   0
///   1
/// ```
pub fn all(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "all")?;
    any_all(args, "all", true)
}

fn cumulative(args: Vec<Value>, fname: &str, is_prod: bool) -> Result<Vec<Value>> {
    let (args, nan) = split_nanflag(args);
    check_nargs(&args, 1, 3, fname)?;
    let dim_err = |x: f64| Error::new(format!("{fname}: invalid dimension argument = {x}"));
    let (dim, opts) = dim_and_opts(&args[1..], fname, &["native", "double"], &dim_err)?;
    // MATLAB's 'omitnan': a NaN adds nothing (counts as 0, or 1 in a product).
    let omit = nan.omits(false);
    // MATLAB's cumsum and cumprod take numeric and logical data, not
    // char (Octave's words).
    if args[0].is_char() {
        return Err(Error::new(if is_prod {
            "invalid conversion from string to real N-D array".to_string()
        } else {
            format!("{fname}: wrong type argument 'sq_string'")
        }));
    }
    let native_bool = matches!(args[0], Value::Bool(_)) && opts.iter().any(|o| o == "native");
    let x = num_arg(&args[0], fname)?;
    let out = match x {
        Num::Real(a) => {
            let k = dim.unwrap_or_else(|| default_dim(a.dims()));
            let n = a.dims().get(k);
            if let Some(r) = super::fast::cumulative(&a, k, is_prod, omit) {
                return Ok(vec![if native_bool {
                    logical_of(Value::Num(r))?
                } else {
                    reduced_class(&args[0], Value::Num(r), &opts)?
                }]);
            }
            Value::Num(map_lanes(&a, k, n, |l, o| {
                let mut acc = if is_prod { 1.0 } else { 0.0 };
                for &x in l {
                    if !(omit && x.is_nan()) {
                        if is_prod {
                            acc *= x
                        } else {
                            acc += x
                        }
                    }
                    o.push(acc);
                }
            }))
        }
        Num::Cplx(a) => {
            let k = dim.unwrap_or_else(|| default_dim(a.dims()));
            let n = a.dims().get(k);
            Value::Complex(map_lanes(&a, k, n, |l, o| {
                let mut acc = C64::new(if is_prod { 1.0 } else { 0.0 }, 0.0);
                for &x in l {
                    if !(omit && (x.re.is_nan() || x.im.is_nan())) {
                        if is_prod {
                            acc *= x
                        } else {
                            acc += x
                        }
                    }
                    o.push(acc);
                }
            }))
            .narrowed()
        }
    };
    Ok(vec![if native_bool {
        logical_of(out)?
    } else {
        reduced_class(&args[0], out, &opts)?
    }])
}

/// cumsum: cumulative sum.
///
/// `B = cumsum(A)` returns the running sums of A along its first dimension
/// whose size is not 1: for a vector, B(k) = sum(A(1:k)); for a matrix,
/// running sums down each column.
///
/// `B = cumsum(A, dim)` sums along dimension dim.
///
/// `B = cumsum(..., 'omitnan')` skips NaN elements ('includenan', the
/// default, lets them propagate).
///
/// ```text
/// >> cumsum(1:5)
/// ans =
///
///     1    3    6   10   15
/// >> cumsum([1 2; 3 4])
/// ans =
///
///    1   2
///    4   6
/// >> cumsum([1 2; 3 4], 2)
/// ans =
///
///    1   3
///    3   7
/// ```
pub fn cumsum(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "cumsum")?;
    cumulative(args, "cumsum", false)
}

/// cumprod: cumulative product.
///
/// `B = cumprod(A)` returns the running products of A along its first
/// dimension whose size is not 1: for a vector, B(k) = prod(A(1:k)); for a
/// matrix, down each column.
///
/// `B = cumprod(A, dim)` works along dimension dim; `'omitnan'` skips NaN
/// elements ('includenan' is the default).
///
/// ```text
/// >> cumprod(1:5)
/// ans =
///
///      1     2     6    24   120
/// >> cumprod([1 2; 3 4], 2)
/// ans =
///
///     1    2
///     3   12
/// ```
pub fn cumprod(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "cumprod")?;
    cumulative(args, "cumprod", true)
}

fn diff_once<T: Copy + Default + std::ops::Sub<Output = T>>(a: &Array<T>, k: usize) -> Array<T> {
    let n = a.dims().get(k).saturating_sub(1);
    map_lanes(a, k, n, |l, o| o.extend(l.windows(2).map(|w| w[1] - w[0])))
}

/// diff: differences between adjacent elements.
///
/// `Y = diff(X)` for a vector returns [X(2)-X(1), X(3)-X(2), ...], one
/// element shorter; for a matrix, the differences down each column.
///
/// `Y = diff(X, n)` applies diff n times (the n-th difference).
///
/// `Y = diff(X, n, dim)` takes differences along dimension dim.
///
/// ```text
/// >> diff([1 4 9 16])
/// ans =
///
///    3   5   7
/// >> diff([1 4 9 16], 2)
/// ans =
///
///    2   2
/// >> diff([1 2; 4 8], 1, 2)
/// ans =
///
///    1
///    4
/// ```
pub fn diff(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "diff")?;
    check_nargs(&args, 1, 3, "diff")?;
    let order = match args.get(1) {
        Some(v) if !v.is_empty() => {
            let x = v.scalar_f64("diff")?;
            if x < 0.0 {
                return Err(Error::new("diff: order K must be non-negative"));
            }
            if x.fract() != 0.0 || x.is_nan() {
                return Err(Error::new("diff: order K must be an integer"));
            }
            x.min(1e9) as usize
        }
        _ => 1,
    };
    let dim = match args.get(2) {
        Some(v) => Some(parse_dim(v, |_| {
            Error::new("diff: DIM must be a valid dimension")
        })?),
        None => None,
    };
    let x = num_arg(&args[0], "diff")?;
    let dims = match &x {
        Num::Real(a) => a.dims().clone(),
        Num::Cplx(a) => a.dims().clone(),
    };
    let k = dim.unwrap_or_else(|| default_dim(&dims));
    if dim.is_none() && order > 0 && dims.get(k) == 1 {
        return Ok(vec![Value::empty()]);
    }
    // Beyond the lane length the result is empty along k: stop early.
    let steps = order.min(dims.get(k));
    Ok(vec![match x {
        Num::Real(mut a) => {
            for _ in 0..steps {
                a = diff_once(&a, k);
            }
            Value::Num(a)
        }
        Num::Cplx(mut a) => {
            for _ in 0..steps {
                a = diff_once(&a, k);
            }
            Value::Complex(a).narrowed()
        }
    }])
}

/// nnz: the number of nonzero elements.
///
/// `n = nnz(A)` counts the elements of A that are not zero (NaN counts as
/// nonzero; a complex element is zero when both parts are). For a sparse
/// matrix it is the number of stored nonzeros.
///
/// ```text
/// >> nnz([1 0 2; 0 0 3])
/// ans = 3
/// >> nnz(speye(4))
/// ans = 4
/// ```
pub fn nnz(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "nnz")?;
    check_nargs(&args, 1, 1, "nnz")?;
    let n = match &args[0] {
        Value::Bool(a) => a.data().iter().filter(|&&b| b).count(),
        Value::Complex(a) => a
            .data()
            .iter()
            .filter(|z| z.re != 0.0 || z.im != 0.0)
            .count(),
        Value::Struct(_) => return Err(Error::wrong_type("nnz", "struct")),
        other => other
            .to_num_array("nnz")?
            .data()
            .iter()
            .filter(|&&x| x != 0.0)
            .count(),
    };
    Ok(vec![Value::num(n as f64)])
}

#[cfg(test)]
mod tests {
    use super::super::test_call as call;
    use super::*;

    fn m(r: usize, c: usize, d: &[f64]) -> Value {
        Value::matrix(r, c, d.to_vec())
    }

    #[test]
    fn empty_special_cases() {
        assert_eq!(call(sum, vec![Value::empty()], 1)[0], Value::num(0.0));
        assert_eq!(call(prod, vec![Value::empty()], 1)[0], Value::num(1.0));
        assert!(
            matches!(&call(mean, vec![Value::empty()], 1)[0], Value::Num(a) if a.data()[0].is_nan())
        );
        assert_eq!(
            call(sum, vec![m(0, 3, &[])], 1)[0],
            Value::row(vec![0.0; 3])
        );
        assert_eq!(
            call(sum, vec![m(3, 0, &[])], 1)[0].dims().as_slice(),
            &[1, 0]
        );
        assert_eq!(call(any, vec![Value::empty()], 1)[0], Value::bool(false));
        assert_eq!(call(all, vec![Value::empty()], 1)[0], Value::bool(true));
    }

    #[test]
    fn mean_and_sum_along_dims() {
        let a = m(2, 3, &[1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
        assert_eq!(
            call(mean, vec![a.clone()], 1)[0],
            Value::row(vec![2.5, 3.5, 4.5])
        );
        assert_eq!(
            call(mean, vec![a.clone(), Value::num(2.0)], 1)[0],
            Value::col(vec![2.0, 5.0])
        );
        assert_eq!(
            call(sum, vec![a, Value::num(3.0)], 1)[0].dims().as_slice(),
            &[2, 3]
        );
    }

    #[test]
    fn any_ignores_nan_and_cumsum() {
        assert_eq!(
            call(any, vec![Value::num(f64::NAN)], 1)[0],
            Value::bool(false)
        );
        let a = m(2, 2, &[1.0, 3.0, 2.0, 4.0]);
        assert_eq!(
            call(cumsum, vec![a.clone()], 1)[0],
            m(2, 2, &[1.0, 4.0, 2.0, 6.0])
        );
        assert_eq!(
            call(cumsum, vec![a.clone(), Value::num(2.0)], 1)[0],
            m(2, 2, &[1.0, 3.0, 3.0, 7.0])
        );
        assert_eq!(call(cumprod, vec![a], 1)[0], m(2, 2, &[1.0, 3.0, 2.0, 8.0]));
    }

    #[test]
    fn diff_orders() {
        assert_eq!(
            call(
                diff,
                vec![Value::row(vec![1.0, 4.0, 9.0, 16.0]), Value::num(2.0)],
                1
            )[0],
            Value::row(vec![2.0, 2.0])
        );
        assert_eq!(call(diff, vec![Value::num(5.0)], 1)[0], Value::empty());
        assert_eq!(
            call(
                diff,
                vec![Value::row(vec![1.0, 2.0, 3.0]), Value::num(5.0)],
                1
            )[0]
            .dims()
            .as_slice(),
            &[1, 0]
        );
        assert_eq!(
            call(nnz, vec![Value::row(vec![f64::NAN, 0.0])], 1)[0],
            Value::num(1.0)
        );
    }

    #[test]
    fn all_and_omitnan_options() {
        let a = Value::matrix(2, 2, vec![1.0, f64::NAN, 3.0, 4.0]);
        assert_eq!(
            call(sum, vec![a.clone(), Value::str("omitnan")], 1)[0],
            Value::row(vec![1.0, 7.0])
        );
        assert_eq!(
            call(
                mean,
                vec![a.clone(), Value::str("all"), Value::str("omitnan")],
                1
            )[0],
            Value::num(8.0 / 3.0)
        );
        assert_eq!(
            call(sum, vec![Value::empty(), Value::str("all")], 1)[0],
            Value::num(0.0)
        );
        assert_eq!(
            call(any, vec![a, Value::str("all")], 1)[0],
            Value::bool(true)
        );
    }
}
