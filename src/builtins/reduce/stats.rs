//! median, mode, std and var along a dimension.
//!
//! Empty inputs follow MATLAB: the statistic of an empty lane is NaN (mode's
//! frequency output is 0). median, std and var take MATLAB's `'omitnan'`
//! (NaN elements left out) and `'includenan'` (the default: any NaN gives
//! NaN).

use super::{
    check_nargout, check_nargs, default_dim, map_lanes, opt_str, parse_dim, real_arg, split_nanflag,
};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Value};

/// Shared driver: `f` maps a lane to one value; 0x0 with no DIM is one lane.
fn lane_stat<U: Clone + Default>(
    x: &Array<f64>,
    dim: Option<usize>,
    f: impl Fn(&[f64]) -> U,
) -> Array<U> {
    if dim.is_none() && *x.dims() == Dims::empty() {
        return Array::scalar(f(&[]));
    }
    let k = dim.unwrap_or_else(|| default_dim(x.dims()));
    map_lanes(x, k, 1, |l, o| o.push(f(l)))
}

fn median_of(l: &[f64]) -> f64 {
    if l.is_empty() || l.iter().any(|x| x.is_nan()) {
        return f64::NAN;
    }
    let mut v = l.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        // Octave computes the mean of the middle pair as (a + b) / 2.
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The lane without its NaN elements, when they are to be left out.
fn without_nan(l: &[f64], omit: bool) -> std::borrow::Cow<'_, [f64]> {
    if omit && l.iter().any(|x| x.is_nan()) {
        std::borrow::Cow::Owned(l.iter().copied().filter(|x| !x.is_nan()).collect())
    } else {
        std::borrow::Cow::Borrowed(l)
    }
}

/// median: middle value of an array.
///
/// `M = median(X)` is the median of a vector, or of each column of a
/// matrix (the first dimension whose size is not 1): the middle element
/// after sorting, or the mean of the two middle ones. A NaN element makes
/// the result NaN.
///
/// `M = median(X, DIM)` works along dimension DIM; `median(X, 'all')`
/// is the median of every element, and `median(X, VECDIM)` the median
/// over the dimensions in the vector VECDIM (MATLAB's forms).
/// `median(..., 'omitnan')` leaves NaN elements out.
///
/// ```text
/// >> median([3 1 4 1 5])
/// ans = 3
/// >> median([1 2; 3 4], 2)
/// ans =
///
///    1.5000
///    3.5000
/// ```
pub fn median(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "median")?;
    let (args, nan) = split_nanflag(args);
    let omit = nan.omits(false);
    check_nargs(&args, 1, 2, "median")?;
    // MATLAB's median takes numeric and logical data, not char (Octave's
    // words).
    if !matches!(
        args[0],
        Value::Num(_) | Value::Single(_) | Value::Int(_) | Value::Bool(_)
    ) {
        return Err(Error::new("median: X must be a numeric vector or matrix"));
    }
    let x = real_arg(&args[0], "median")?;
    let stat = |l: &[f64]| median_of(&without_nan(l, omit));
    let m = match args.get(1) {
        // MATLAB's 'all' and vector DIM: the median over those dimensions.
        Some(v)
            if opt_str(v).as_deref() == Some("all")
                || (v.numel() > 1 && v.dims().is_vector() && !v.is_char()) =>
        {
            let sel = vec_dims(v, x.dims(), "median")?;
            let (g, out_dims) = group_dims(&x, &sel)?;
            Array::new(out_dims, lane_stat(&g, Some(0), stat).into_vec())
        }
        Some(v) => {
            let dim = parse_dim(v, |_| {
                Error::new("median: DIM must be an integer and a valid dimension")
            })?;
            lane_stat(&x, Some(dim), stat)
        }
        None => lane_stat(&x, None, stat),
    };
    let m = Value::Num(m);
    Ok(vec![same_class(m, &args[0])?])
}

/// A statistic of single or integer data in that class (integers round
/// to nearest, as `median (int8 ([1 2 3 4]))` is 3); of other data, double.
fn same_class(r: Value, x: &Value) -> Result<Value> {
    match x {
        Value::Single(_) | Value::Int(_) => crate::ops::classes::convert(&r, x.class()),
        _ => Ok(r),
    }
}

/// Most frequent non-NaN value (smallest on ties) and its count.
fn mode_of(l: &[f64]) -> (f64, f64) {
    let (all, c) = modes_of(l);
    (all.first().copied().unwrap_or(f64::NAN), c)
}

/// Every most frequent non-NaN value, ascending, and their count (no
/// value and count 0 for a lane of NaN or nothing).
fn modes_of(l: &[f64]) -> (Vec<f64>, f64) {
    let mut v: Vec<f64> = l.iter().copied().filter(|x| !x.is_nan()).collect();
    v.sort_by(|a, b| a.total_cmp(b));
    let (mut best, mut bestc) = (Vec::new(), 0usize);
    let mut i = 0;
    while i < v.len() {
        let mut j = i;
        while j < v.len() && v[j] == v[i] {
            j += 1;
        }
        // -0 and 0 are one value; the mode is 0.
        let x = if v[i] == 0.0 { 0.0 } else { v[i] };
        if j - i > bestc {
            best.clear();
            bestc = j - i;
        }
        if j - i == bestc {
            best.push(x);
        }
        i = j.max(i + 1);
    }
    (best, bestc as f64)
}

/// mode: most frequent value of an array.
///
/// `M = mode(X)` is the most frequent value of a vector, or of each column
/// of a matrix (the first dimension whose size is not 1); on a tie, the
/// smallest of the most frequent values. NaN elements are left out.
///
/// `[M, F] = mode(X)` also returns how often M occurs.
///
/// `[M, F, C] = mode(X)` also returns a cell array the size of M whose
/// cells hold every value occurring F times, as a sorted column (empty
/// where F is 0).
///
/// `M = mode(X, DIM)` works along dimension DIM.
///
/// ```text
/// >> [m, f] = mode([1 2 2 3 3])
/// m = 2
/// f = 2
/// >> mode([1 2; 2 3; 2 3])
/// ans =
///
///    2   3
/// >> [m, f, c] = mode([1 2; 2 3; 1 3])
/// m =
///
///    1   3
///
/// f =
///
///    2   2
///
/// c =
/// {
///   [1,1] = 1
///   [1,2] = 3
/// }
///
/// ```
pub fn mode(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 3, "mode")?;
    check_nargs(&args, 1, 2, "mode")?;
    if !matches!(
        args[0],
        Value::Num(_) | Value::Single(_) | Value::Int(_) | Value::Bool(_)
    ) {
        return Err(Error::new("mode: X must be a numeric vector or matrix"));
    }
    let dim = match args.get(1) {
        Some(v) => Some(parse_dim(v, |_| {
            Error::new("mode: DIM must be an integer and a valid dimension")
        })?),
        None => None,
    };
    let x = real_arg(&args[0], "mode")?;
    let m = lane_stat(&x, dim, |l| mode_of(l).0);
    let mdims = m.dims().clone();
    // The mode of logical data is logical (Octave and MATLAB).
    let is_bool = matches!(args[0], Value::Bool(_));
    let m = if is_bool && m.data().iter().all(|v| !v.is_nan()) {
        Value::Bool(m.map(|&v| v != 0.0))
    } else {
        same_class(Value::Num(m), &args[0])?
    };
    let mut out = vec![m];
    if ctx.nargout >= 2 {
        out.push(Value::Num(lane_stat(&x, dim, |l| mode_of(l).1)));
    }
    if ctx.nargout >= 3 {
        let all = lane_stat(&x, dim, |l| modes_of(l).0);
        let mut cells = Vec::with_capacity(all.numel());
        for modes in all.data() {
            // No value counted (an empty or all-NaN lane): an empty column.
            let col = if modes.is_empty() {
                Value::Num(Array::new(Dims::mat(0, 1), Vec::new()))
            } else {
                Value::col(modes.clone())
            };
            cells.push(if is_bool {
                crate::ops::classes::convert(&col, args[0].class())?
            } else {
                same_class(col, &args[0])?
            });
        }
        out.push(Value::cell(Array::new(mdims, cells)));
    }
    Ok(out)
}

/// Variance of a lane with normalization `opt` (0: N-1, 1: N) or weights.
fn var_of(l: &[f64], w: &Weights) -> f64 {
    let n = l.len();
    if n == 0 {
        return f64::NAN;
    }
    match w {
        Weights::Vector(w) => {
            let sw: f64 = w.iter().sum();
            let mu = l.iter().zip(w).map(|(x, w)| x * w).sum::<f64>() / sw;
            l.iter()
                .zip(w)
                .map(|(x, w)| w * (x - mu) * (x - mu))
                .sum::<f64>()
                / sw
        }
        Weights::Norm(opt) => {
            if n == 1 {
                return if l[0].is_finite() { 0.0 } else { f64::NAN };
            }
            let mu = l.iter().sum::<f64>() / n as f64;
            let ss: f64 = l.iter().map(|x| (x - mu) * (x - mu)).sum();
            ss / if *opt == 1 { n as f64 } else { (n - 1) as f64 }
        }
    }
}

/// The dimensions (0-based) named by `'all'` or a vector DIM of
/// non-repeating positive integers.
fn vec_dims(v: &Value, dims: &Dims, fname: &str) -> Result<Vec<usize>> {
    if opt_str(v).as_deref() == Some("all") {
        return Ok((0..dims.ndims()).collect());
    }
    let d = real_arg(v, fname)?;
    if !d.dims().is_vector()
        || d.data()
            .iter()
            .any(|&k| k.is_nan() || k < 1.0 || k.fract() != 0.0)
    {
        return Err(Error::new(format!(
            "{fname}: DIM must be a positive integer scalar, vector, or 'all'"
        )));
    }
    let mut sel = Vec::with_capacity(d.numel());
    for &k in d.data() {
        if k > 1e9 || sel.contains(&(k as usize - 1)) {
            return Err(Error::new(format!(
                "{fname}: vector DIM must contain non-repeating positive integers"
            )));
        }
        sel.push(k as usize - 1);
    }
    Ok(sel)
}

/// The elements of `x` grouped over the dimensions `sel` (0-based): an
/// array of size [group, rest] whose columns hold each group, and the
/// result's dimensions (x's with the selected ones set to 1).
fn group_dims(x: &Array<f64>, sel: &[usize]) -> Result<(Array<f64>, Dims)> {
    let nd = x
        .dims()
        .ndims()
        .max(sel.iter().map(|&k| k + 1).max().unwrap_or(0));
    let sizes: Vec<usize> = (0..nd).map(|k| x.dims().get(k)).collect();
    let out_sizes: Vec<usize> = (0..nd)
        .map(|k| if sel.contains(&k) { 1 } else { sizes[k] })
        .collect();
    let g: usize = sel.iter().map(|&k| sizes[k]).product();
    let m: usize = out_sizes.iter().product();
    let mut data = crate::ops::alloc_vec(g * m)?;
    data.resize(g * m, 0.0);
    let mut fill = vec![0usize; m];
    let mut sub = vec![0usize; nd];
    for &v in x.data() {
        let mut out = 0;
        let mut stride = 1;
        for k in 0..nd {
            if !sel.contains(&k) {
                out += sub[k] * stride;
                stride *= sizes[k];
            }
        }
        data[out * g + fill[out]] = v;
        fill[out] += 1;
        for k in 0..nd {
            sub[k] += 1;
            if sub[k] < sizes[k] {
                break;
            }
            sub[k] = 0;
        }
    }
    Ok((Array::new(Dims::mat(g, m), data), Dims::new(&out_sizes)))
}

enum Weights {
    Norm(u8),
    Vector(Vec<f64>),
}

fn var_std(args: Vec<Value>, fname: &str, sqrt: bool) -> Result<Vec<Value>> {
    let (args, nan) = split_nanflag(args);
    let omit = nan.omits(false);
    check_nargs(&args, 1, 3, fname)?;
    if matches!(args[0], Value::Char(_) | Value::Cell(_) | Value::Struct(_)) {
        return Err(Error::new(format!(
            "{fname}: X must be a numeric vector or matrix"
        )));
    }
    let x = real_arg(&args[0], fname)?;
    let dim_err = || {
        Error::new(format!(
            "{fname}: DIM must be a positive integer scalar, vector, or 'all'"
        ))
    };
    // The dimension: one, several (a vector), or every one ('all').
    let mut all = false;
    let mut dims_sel: Option<Vec<usize>> = None;
    let dim = match args.get(2) {
        Some(v) if opt_str(v).as_deref() == Some("all") => {
            all = true;
            dims_sel = Some((0..x.dims().ndims()).collect());
            None
        }
        Some(v) if v.numel() > 1 && !matches!(v, Value::Char(_)) => {
            dims_sel = Some(vec_dims(v, x.dims(), fname)?);
            None
        }
        Some(v) => Some(parse_dim(v, |_| dim_err())?),
        None => None,
    };
    let werr = || {
        Error::new(format!(
            "{fname}: W must be 0, 1, or a vector of positive integers"
        ))
    };
    let mut w = match args.get(1) {
        None => Weights::Norm(0),
        Some(v) if v.is_empty() => Weights::Norm(0),
        Some(v) if v.numel() == 1 => match v.scalar_f64(fname)? {
            0.0 => Weights::Norm(0),
            1.0 => Weights::Norm(1),
            // A weight vector of one element, for data of one element
            // along the dimension.
            w if w > 0.0
                && dims_sel.is_none()
                && x.dims().get(dim.unwrap_or_else(|| default_dim(x.dims()))) == 1 =>
            {
                Weights::Vector(vec![w])
            }
            _ => return Err(werr()),
        },
        Some(v) => {
            let a = real_arg(v, fname)?;
            if !a.dims().is_vector() || a.data().iter().any(|&x| x.is_nan() || x < 0.0) {
                return Err(werr());
            }
            Weights::Vector(a.data().to_vec())
        }
    };
    if let (Some(_), Weights::Vector(_)) = (&dims_sel, &w) {
        return Err(Error::new(if all {
            format!("{fname}: W must be either 0 or 1 when using 'ALL' as dimension")
        } else {
            format!("{fname}: W must be either 0 or 1 when DIM is a vector")
        }));
    }
    let (x, dim, out_dims) = match &dims_sel {
        Some(sel) => {
            let (g, out_dims) = group_dims(&x, sel)?;
            (g, Some(0), Some(out_dims))
        }
        None => (x, dim, None),
    };
    if let Weights::Vector(wv) = &w {
        let k = dim.unwrap_or_else(|| default_dim(x.dims()));
        if wv.len() != x.dims().get(k) {
            return Err(Error::new(format!(
                "{fname}: the length of W must be equal to the size of X in the dimension along which variance is calculated"
            )));
        }
        if wv.len() == 1 {
            w = Weights::Norm(1);
        }
    }
    let r = lane_stat(&x, dim, |l| {
        let v = if !omit || !l.iter().any(|x| x.is_nan()) {
            var_of(l, &w)
        } else if let Weights::Vector(wv) = &w {
            // Each NaN takes its weight with it.
            let (kept, kw): (Vec<f64>, Vec<f64>) = l
                .iter()
                .zip(wv)
                .filter(|(x, _)| !x.is_nan())
                .map(|(&x, &w)| (x, w))
                .unzip();
            var_of(&kept, &Weights::Vector(kw))
        } else {
            var_of(&without_nan(l, true), &w)
        };
        if sqrt {
            v.sqrt()
        } else {
            v
        }
    });
    let r = match out_dims {
        Some(d) => Array::new(d, r.into_vec()),
        None => r,
    };
    // Single data gives single; integer data gives double.
    let r = Value::Num(r);
    match &args[0] {
        Value::Single(_) => Ok(vec![same_class(r, &args[0])?]),
        _ => Ok(vec![r]),
    }
}

/// std: standard deviation.
///
/// `S = std(X)` is the standard deviation of a vector, or of each column
/// of a matrix (the first dimension whose size is not 1), normalized by
/// N-1.
///
/// `S = std(X, W)` normalizes by N when W is 1 (by N-1 when W is 0); a
/// vector W of weights gives a weighted standard deviation.
///
/// `S = std(X, W, DIM)` works along dimension DIM; `std(X, W, 'all')`
/// takes every element.
///
/// ```text
/// >> std([2 4 4 4 5 5 7 9])
/// ans = 2.1381
/// >> std([2 4 4 4 5 5 7 9], 1)
/// ans = 2
/// >> std([1 2; 3 5])
/// ans =
///
///    1.4142   2.1213
/// ```
pub fn std(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "std")?;
    var_std(args, "std", true)
}

/// var: variance.
///
/// `V = var(X)` is the variance of a vector, or of each column of a matrix
/// (the first dimension whose size is not 1), normalized by N-1.
///
/// `V = var(X, W)` normalizes by N when W is 1 (by N-1 when W is 0); a
/// vector W of weights gives a weighted variance.
///
/// `V = var(X, W, DIM)` works along dimension DIM; `var(X, W, 'all')`
/// takes every element.
///
/// ```text
/// >> var([1 2 3 4])
/// ans = 1.6667
/// >> var([1 2; 3 5], 0, 2)
/// ans =
///
///    0.5000
///    2.0000
/// ```
pub fn var(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "var")?;
    var_std(args, "var", false)
}

#[cfg(test)]
mod tests {
    use super::super::test_call as call;
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(
            call(median, vec![Value::row(vec![3.0, 1.0, 2.0])], 1)[0],
            Value::num(2.0)
        );
        assert_eq!(
            call(median, vec![Value::row(vec![4.0, 1.0, 3.0, 2.0])], 1)[0],
            Value::num(2.5)
        );
        let a = Value::matrix(3, 2, vec![1.0, 3.0, 9.0, 5.0, 2.0, 4.0]);
        assert_eq!(
            call(median, vec![a.clone()], 1)[0],
            Value::row(vec![3.0, 4.0])
        );
        assert_eq!(
            call(median, vec![a, Value::num(2.0)], 1)[0],
            Value::col(vec![3.0, 2.5, 6.5])
        );
    }

    #[test]
    fn modes() {
        assert_eq!(
            call(
                mode,
                vec![Value::row(vec![1.0, 2.0, 2.0, 3.0, 3.0, 3.0])],
                1
            )[0],
            Value::num(3.0)
        );
        assert_eq!(
            call(mode, vec![Value::row(vec![1.0, 1.0, 2.0, 2.0])], 1)[0],
            Value::num(1.0)
        );
        let d = Value::matrix(3, 2, vec![2.0, 2.0, 1.0, 1.0, 3.0, 3.0]);
        assert_eq!(call(mode, vec![d], 1)[0], Value::row(vec![2.0, 3.0]));
    }

    #[test]
    fn std_var() {
        let r = call(std, vec![Value::row(vec![1.0, 2.0, 3.0, 4.0])], 1);
        match &r[0] {
            Value::Num(a) => assert!((a.data()[0] - 1.2909944487358056).abs() < 1e-12),
            _ => panic!("not numeric"),
        }
        assert_eq!(
            call(
                var,
                vec![Value::row(vec![1.0, 2.0, 3.0, 4.0]), Value::num(1.0)],
                1
            )[0],
            Value::num(1.25)
        );
        assert_eq!(call(var, vec![Value::num(5.0)], 1)[0], Value::num(0.0));
        let w = Value::row(vec![0.1, 0.2, 0.3, 0.4]);
        let r = call(std, vec![Value::row(vec![1.0, 2.0, 3.0, 4.0]), w], 1);
        match &r[0] {
            Value::Num(a) => assert!((a.data()[0] - 1.0).abs() < 1e-12),
            _ => panic!("not numeric"),
        }
    }

    #[test]
    fn along_dims() {
        let a = Value::matrix(2, 2, vec![1.0, 3.0, 2.0, 5.0]);
        let r = call(std, vec![a.clone(), Value::num(1.0), Value::num(2.0)], 1);
        assert_eq!(r[0], Value::col(vec![0.5, 1.0]));
        let r = call(
            mode,
            vec![
                Value::matrix(2, 2, vec![1.0, 1.0, 2.0, 3.0]),
                Value::num(2.0),
            ],
            2,
        );
        assert_eq!(r[0], Value::col(vec![1.0, 1.0]));
        assert_eq!(r[1], Value::col(vec![1.0, 1.0]));
        let r = call(median, vec![Value::empty()], 1);
        assert!(matches!(&r[0], Value::Num(x) if x.numel() == 1 && x.data()[0].is_nan()));
    }

    #[test]
    fn std_matches_octave_bits() {
        let d = Value::row(vec![12.5, 15.2, 11.8, 14.1, 13.9, 16.4, 12.2]);
        assert_eq!(call(std, vec![d], 1)[0], Value::num(1.6849473638804322));
    }

    #[test]
    fn mode_of_logical_is_logical() {
        let b = Value::Bool(Array::row(vec![true, false, true]));
        assert_eq!(call(mode, vec![b], 1)[0], Value::bool(true));
    }
}
