//! max, min (reductions with index outputs and the element-wise two-argument
//! form with implicit expansion), cummax and cummin.
//!
//! NaN is skipped unless a whole lane is NaN (MATLAB's default
//! `'omitnan'`); with `'includenan'` any NaN wins. Complex values compare by
//! magnitude, then by phase angle.

use super::{
    check_nargout, check_nargs, default_dim, idx, map_lanes, num_arg, opt_str, parse_dim,
    split_nanflag, NanFlag, Num,
};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Value, C64};

/// `a` is strictly better than `b` (larger for max, smaller for min).
fn better_real(is_max: bool, a: f64, b: f64) -> bool {
    if is_max {
        a > b
    } else {
        a < b
    }
}

fn better_cplx(is_max: bool, a: C64, b: C64) -> bool {
    let (na, nb) = (a.norm(), b.norm());
    if na != nb {
        return better_real(is_max, na, nb);
    }
    better_real(is_max, a.arg(), b.arg())
}

fn cnan(z: &C64) -> bool {
    z.re.is_nan() || z.im.is_nan()
}

/// Best element of a lane and its 0-based position; NaN only if all NaN,
/// or (`include_nan`) the first NaN; `None` for an empty lane.
fn extreme<T: Copy>(
    l: &[T],
    include_nan: bool,
    nan: impl Fn(&T) -> bool,
    better: impl Fn(T, T) -> bool,
) -> Option<(T, usize)> {
    let mut best: Option<(T, usize)> = None;
    for (i, &x) in l.iter().enumerate() {
        if nan(&x) {
            if include_nan {
                return Some((x, i));
            }
            continue;
        }
        match best {
            Some((b, _)) if !better(x, b) => {}
            _ => best = Some((x, i)),
        }
    }
    best.or_else(|| l.first().map(|&f| (f, 0)))
}

fn split_pairs<T: Clone + Default>(a: Array<(T, f64)>) -> (Array<T>, Array<f64>) {
    let dims = a.dims().clone();
    let (v, i): (Vec<T>, Vec<f64>) = a.into_vec().into_iter().unzip();
    (Array::new(dims.clone(), v), Array::new(dims, i))
}

fn reduce_minmax(
    x: &Value,
    dim: Option<usize>,
    fname: &str,
    is_max: bool,
    nargout: usize,
    nan_flag: NanFlag,
) -> Result<Vec<Value>> {
    let include = !nan_flag.omits(true);
    let is_bool = matches!(x, Value::Bool(_));
    let num = num_arg(x, fname)?;
    let dims = x.dims();
    if dim.is_none() && dims == Dims::empty() {
        return Ok(vec![Value::empty(), Value::empty()][..nargout.clamp(1, 2)].to_vec());
    }
    let k = dim.unwrap_or_else(|| default_dim(&dims));
    let out_len = dims.get(k).min(1);
    let (v, i) = match num {
        Num::Real(a) => {
            // SIMD running bests (the same elements and positions).
            if let Some((v, i)) = super::fast::minmax(&a, k, is_max, include, nargout >= 2) {
                let v = if is_bool {
                    Value::Bool(v.map(|&x| x != 0.0))
                } else {
                    Value::Num(v)
                };
                let mut out = vec![crate::ops::classes::in_class_of(x, v)?];
                if nargout >= 2 {
                    out.push(Value::Num(i));
                }
                return Ok(out);
            }
            let r = map_lanes(&a, k, out_len, |l, o| {
                if let Some((m, i)) =
                    extreme(l, include, |x| x.is_nan(), |p, q| better_real(is_max, p, q))
                {
                    o.push((m, idx(i)));
                }
            });
            let (v, i) = split_pairs(r);
            let v = if is_bool {
                Value::Bool(v.map(|&x| x != 0.0))
            } else {
                Value::Num(v)
            };
            (v, i)
        }
        Num::Cplx(a) => {
            let r = map_lanes(&a, k, out_len, |l, o| {
                if let Some((m, i)) = extreme(l, include, cnan, |p, q| better_cplx(is_max, p, q)) {
                    o.push((m, idx(i)));
                }
            });
            let (v, i) = split_pairs(r);
            (Value::Complex(v).narrowed(), i)
        }
    };
    let mut out = vec![crate::ops::classes::in_class_of(x, v)?];
    if nargout >= 2 {
        out.push(Value::Num(i));
    }
    Ok(out)
}

/// Output dims of implicit expansion, or `None` when nonconformant.
pub(crate) fn broadcast_dims(a: &Dims, b: &Dims) -> Option<Dims> {
    let n = a.ndims().max(b.ndims());
    let mut d = Vec::with_capacity(n);
    for k in 0..n {
        let (x, y) = (a.get(k), b.get(k));
        d.push(if x == y {
            x
        } else if x == 1 {
            y
        } else if y == 1 {
            x
        } else {
            return None;
        });
    }
    Some(Dims::new(&d))
}

/// Element-wise combination with implicit expansion.
pub(crate) fn broadcast<T: Copy, U: Clone>(
    a: &Array<T>,
    b: &Array<T>,
    out: &Dims,
    f: impl Fn(T, T) -> U,
) -> Array<U> {
    let n = out.numel();
    let od = out.as_slice();
    let (ad, bd) = (a.dims(), b.dims());
    let (sa, sb) = (ad.strides(), bd.strides());
    let mut sub = vec![0usize; od.len()];
    let mut res = Vec::with_capacity(n);
    let (da, db) = (a.data(), b.data());
    for _ in 0..n {
        let mut ia = 0;
        let mut ib = 0;
        for (k, &s) in sub.iter().enumerate() {
            if ad.get(k) != 1 {
                ia += s * sa.get(k).copied().unwrap_or(0);
            }
            if bd.get(k) != 1 {
                ib += s * sb.get(k).copied().unwrap_or(0);
            }
        }
        match (da.get(ia), db.get(ib)) {
            (Some(&x), Some(&y)) => res.push(f(x, y)),
            _ => break,
        }
        for (k, s) in sub.iter_mut().enumerate() {
            *s += 1;
            if *s < od[k] {
                break;
            }
            *s = 0;
        }
    }
    Array::new(out.clone(), res)
}

fn pairwise(a: &Value, b: &Value, fname: &str, is_max: bool, nan_flag: NanFlag) -> Result<Value> {
    let class = crate::ops::classes::pair_class(fname, a, b)?;
    crate::ops::classes::in_class(class, pairwise_double(a, b, fname, is_max, nan_flag)?)
}

/// `pairwise` on the doubles the operands equal.
fn pairwise_double(
    a: &Value,
    b: &Value,
    fname: &str,
    is_max: bool,
    nan_flag: NanFlag,
) -> Result<Value> {
    let include = !nan_flag.omits(true);
    let (da, db) = (a.dims(), b.dims());
    let out = broadcast_dims(&da, &db).ok_or_else(|| {
        Error::with_id(
            "Octave:nonconformant-args",
            format!(
                "{fname}: nonconformant arguments (op1 is {}, op2 is {})",
                da.to_string_x(),
                db.to_string_x()
            ),
        )
    })?;
    let both_bool = matches!((a, b), (Value::Bool(_), Value::Bool(_)));
    match (num_arg(a, fname)?, num_arg(b, fname)?) {
        (Num::Real(x), Num::Real(y)) => {
            let r = broadcast(&x, &y, &out, |p, q| {
                if include && (p.is_nan() || q.is_nan()) {
                    f64::NAN
                } else if q.is_nan() || (!p.is_nan() && !better_real(is_max, q, p)) {
                    p
                } else {
                    q
                }
            });
            Ok(if both_bool {
                Value::Bool(r.map(|&x| x != 0.0))
            } else {
                Value::Num(r)
            })
        }
        (x, y) => {
            let to_c = |n: Num| match n {
                Num::Real(r) => r.map(|&v| C64::new(v, 0.0)),
                Num::Cplx(c) => c,
            };
            let (x, y) = (to_c(x), to_c(y));
            let r = broadcast(&x, &y, &out, |p, q| {
                if include && cnan(&p) {
                    p
                } else if include && cnan(&q) {
                    q
                } else if cnan(&q) || (!cnan(&p) && !better_cplx(is_max, q, p)) {
                    p
                } else {
                    q
                }
            });
            Ok(Value::Complex(r).narrowed())
        }
    }
}

fn minmax(ctx: &mut Ctx, args: Vec<Value>, fname: &str, is_max: bool) -> Result<Vec<Value>> {
    let (args, nan) = split_nanflag(args);
    if args.is_empty() || args.len() > 3 {
        return Err(Error::nargin(fname));
    }
    for a in &args {
        if let Value::Struct(_) = a {
            return Err(Error::wrong_type(fname, "struct"));
        }
    }
    let nargout = ctx.nargout;
    match args.len() {
        1 => reduce_minmax(&args[0], None, fname, is_max, nargout, nan),
        // `max(x, [], 'omitnan')`: the reduction, its flag taken off.
        2 if nan != NanFlag::Default && args[1].dims().as_slice() == [0, 0] => {
            reduce_minmax(&args[0], None, fname, is_max, nargout, nan)
        }
        2 => {
            if ctx.nargout > 1 {
                return Err(Error::too_many_outputs(fname));
            }
            Ok(vec![pairwise(&args[0], &args[1], fname, is_max, nan)?])
        }
        _ => {
            if !args[1].is_empty() {
                // Octave: the second argument is ignored with a warning.
                crate::error::warn(&format!("{fname}: second argument is ignored"));
            }
            if opt_str(&args[2]).is_some_and(|s| s == "all") {
                // MATLAB's max(x, [], 'all'): over x(:); [] stays [].
                if args[0].is_empty() {
                    return Ok(vec![Value::empty(); ctx.nargout.clamp(1, 2)]);
                }
                let n = args[0].numel();
                let flat = args[0]
                    .clone()
                    .reshaped(Dims::col(n))
                    .unwrap_or_else(|| args[0].clone());
                return reduce_minmax(&flat, Some(0), fname, is_max, nargout, nan);
            }
            let dim = parse_dim(&args[2], |_| {
                Error::new(format!("{fname}: DIM must be a valid dimension"))
            })?;
            reduce_minmax(&args[0], Some(dim), fname, is_max, nargout, nan)
        }
    }
}

/// max: largest elements of an array.
///
/// `M = max(X)` is the largest element of a vector, or a row of the
/// largest element of each column of a matrix (along the first dimension
/// whose size is not 1). NaN elements are ignored unless all are NaN.
///
/// `[M, I] = max(X)` also returns the index of the (first) largest
/// element along that dimension.
///
/// `[M, I] = max(X, [], DIM)` works along dimension DIM;
/// `max(X, [], 'all')` is the largest of all elements.
///
/// `C = max(A, B)` is the element-wise larger of A and B (with implicit
/// expansion).
///
/// ```text
/// >> [m, i] = max([1 5 3])
/// m = 5
/// i = 2
/// >> max([1 5; 7 2], [], 2)
/// ans =
///
///    5
///    7
/// >> max(3, [1 5 2])
/// ans =
///
///    3   5   3
/// ```
pub fn max(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 2, "max")?;
    minmax(ctx, args, "max", true)
}

/// min: smallest elements of an array.
///
/// `M = min(X)` is the smallest element of a vector, or a row of the
/// smallest element of each column of a matrix (along the first dimension
/// whose size is not 1). NaN elements are ignored unless all are NaN.
///
/// `[M, I] = min(X)` also returns the index of the (first) smallest
/// element along that dimension.
///
/// `[M, I] = min(X, [], DIM)` works along dimension DIM;
/// `min(X, [], 'all')` is the smallest of all elements.
///
/// `C = min(A, B)` is the element-wise smaller of A and B (with implicit
/// expansion).
///
/// ```text
/// >> min([4 2; 1 3])
/// ans =
///
///    1   2
/// >> [m, i] = min([4 2 8; 1 9 0], [], 2)
/// m =
///
///    2
///    0
///
/// i =
///
///    2
///    3
/// ```
pub fn min(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 2, "min")?;
    minmax(ctx, args, "min", false)
}

/// Running best of each lane with the index where it was attained; leading
/// NaNs stay until the first number, ties keep the earlier index. With
/// `include_nan` the first NaN stays to the end of the lane.
fn cum_lanes<T: Copy + Default>(
    a: &Array<T>,
    dim: Option<usize>,
    include_nan: bool,
    nan: impl Fn(&T) -> bool,
    better: impl Fn(T, T) -> bool,
) -> (Array<T>, Array<f64>) {
    let k = dim.unwrap_or_else(|| default_dim(a.dims()));
    let n = a.dims().get(k);
    let r = map_lanes(a, k, n, |l, o| {
        let mut best: Option<(T, usize)> = None;
        for (i, &x) in l.iter().enumerate() {
            best = match best {
                None => Some((x, i)),
                Some((b, bi)) if include_nan && nan(&b) => Some((b, bi)),
                Some(_) if include_nan && nan(&x) => Some((x, i)),
                Some((b, _)) if nan(&b) && !nan(&x) => Some((x, i)),
                Some((b, _)) if !nan(&x) && better(x, b) => Some((x, i)),
                keep => keep,
            };
            if let Some((b, bi)) = best {
                o.push((b, idx(bi)));
            }
        }
    });
    split_pairs(r)
}

fn cumext(ctx: &mut Ctx, args: Vec<Value>, fname: &str, is_max: bool) -> Result<Vec<Value>> {
    let (args, nan) = split_nanflag(args);
    let include = !nan.omits(true);
    check_nargs(&args, 1, 2, fname)?;
    let dim = match args.get(1) {
        Some(v) => Some(parse_dim(v, |_| {
            Error::new(format!("{fname}: DIM must be a valid dimension"))
        })?),
        None => None,
    };
    let is_bool = matches!(args[0], Value::Bool(_));
    let (v, i) = match num_arg(&args[0], fname)? {
        Num::Real(a) => {
            let (v, i) = cum_lanes(
                &a,
                dim,
                include,
                |x| x.is_nan(),
                |p, q| better_real(is_max, p, q),
            );
            let v = if is_bool {
                Value::Bool(v.map(|&x| x != 0.0))
            } else {
                Value::Num(v)
            };
            (v, i)
        }
        Num::Cplx(a) => {
            let (v, i) = cum_lanes(&a, dim, include, cnan, |p, q| better_cplx(is_max, p, q));
            (Value::Complex(v), i)
        }
    };
    let mut out = vec![crate::ops::classes::in_class_of(&args[0], v)?];
    if ctx.nargout >= 2 {
        out.push(Value::Num(i));
    }
    Ok(out)
}

/// cummax: cumulative maximum.
///
/// `M = cummax(A)` returns the running maximum of A along its first
/// dimension whose size is not 1: M(k) = max(A(1:k)) for a vector. NaN
/// elements are skipped (leading NaNs stay NaN until the first number).
///
/// `[M, I] = cummax(A)` also returns the index of each running maximum.
///
/// `M = cummax(A, dim)` works along dimension dim.
///
/// ```text
/// >> cummax([1 3 2 5 4])
/// ans =
///
///    1   3   3   5   5
/// >> [m, i] = cummax([1 3 2 5 4])
/// m =
///
///    1   3   3   5   5
///
/// i =
///
///    1   2   2   4   4
/// ```
pub fn cummax(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 2, "cummax")?;
    cumext(ctx, args, "cummax", true)
}

/// cummin: cumulative minimum.
///
/// `M = cummin(A)` returns the running minimum of A along its first
/// dimension whose size is not 1: M(k) = min(A(1:k)) for a vector. NaN
/// elements are skipped (leading NaNs stay NaN until the first number).
///
/// `[M, I] = cummin(A)` also returns the index of each running minimum.
///
/// `M = cummin(A, dim)` works along dimension dim.
///
/// ```text
/// >> cummin([5 3 4 1 2])
/// ans =
///
///    5   3   3   1   1
/// >> cummin([4 2; 1 3], 2)
/// ans =
///
///    4   2
///    1   1
/// ```
pub fn cummin(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 2, "cummin")?;
    cumext(ctx, args, "cummin", false)
}

#[cfg(test)]
mod tests {
    use super::super::test_call as call;
    use super::*;

    fn nan() -> f64 {
        f64::NAN
    }

    #[test]
    fn nan_skipped_with_index() {
        let r = call(max, vec![Value::row(vec![nan(), 5.0, nan(), 7.0])], 2);
        assert_eq!(r[0], Value::num(7.0));
        assert_eq!(r[1], Value::num(4.0));
        let r = call(max, vec![Value::row(vec![nan(), nan()])], 2);
        assert!(matches!(&r[0], Value::Num(a) if a.data()[0].is_nan()));
        assert_eq!(r[1], Value::num(1.0));
        let r = call(min, vec![Value::row(vec![nan(), 4.0, 2.0])], 2);
        assert_eq!(r, vec![Value::num(2.0), Value::num(3.0)]);
        assert_eq!(
            call(max, vec![Value::num(nan()), Value::num(1.0)], 1)[0],
            Value::num(1.0)
        );
    }

    #[test]
    fn two_args_expand_and_dims() {
        let r = call(
            max,
            vec![Value::row(vec![1.0, 2.0, 3.0]), Value::col(vec![1.0, 2.0])],
            1,
        );
        assert_eq!(
            r[0],
            Value::matrix(2, 3, vec![1.0, 2.0, 2.0, 2.0, 3.0, 3.0])
        );
        assert_eq!(call(max, vec![Value::empty()], 1)[0], Value::empty());
        assert_eq!(
            call(max, vec![Value::matrix(0, 3, vec![])], 1)[0]
                .dims()
                .as_slice(),
            &[0, 3]
        );
        let r = call(
            max,
            vec![
                Value::matrix(2, 2, vec![1.0, 7.0, 5.0, 2.0]),
                Value::empty(),
                Value::num(2.0),
            ],
            2,
        );
        assert_eq!(
            r,
            vec![Value::col(vec![5.0, 7.0]), Value::col(vec![2.0, 1.0])]
        );
    }

    #[test]
    fn complex_compares_abs_then_angle() {
        let z = Value::Complex(Array::row(vec![C64::new(0.0, 2.0), C64::new(-2.0, 0.0)]));
        assert_eq!(call(max, vec![z], 1)[0], Value::num(-2.0));
    }

    #[test]
    fn cumulative_extremes() {
        let r = call(cummin, vec![Value::row(vec![5.0, 3.0, 4.0, 1.0, 2.0])], 2);
        assert_eq!(r[0], Value::row(vec![5.0, 3.0, 3.0, 1.0, 1.0]));
        assert_eq!(r[1], Value::row(vec![1.0, 2.0, 2.0, 4.0, 4.0]));
        let r = call(
            cummax,
            vec![Value::row(vec![nan(), 2.0, 1.0, nan(), 3.0])],
            1,
        );
        match &r[0] {
            Value::Num(a) => {
                assert!(a.data()[0].is_nan());
                assert_eq!(&a.data()[1..], &[2.0, 2.0, 2.0, 3.0]);
            }
            _ => panic!("not numeric"),
        }
    }

    #[test]
    fn max_over_all() {
        let a = Value::matrix(2, 2, vec![1.0, 9.0, 3.0, 4.0]);
        let r = call(max, vec![a, Value::empty(), Value::str("all")], 2);
        assert_eq!(r, vec![Value::num(9.0), Value::num(2.0)]);
        let r = call(
            min,
            vec![Value::empty(), Value::empty(), Value::str("all")],
            1,
        );
        assert_eq!(r[0], Value::empty());
    }
}
