//! Descriptive statistics: covariance and correlation (`cov`, `corr`,
//! `corrcoef` with p-values and confidence bounds), quantiles (`quantile`,
//! `prctile`, `iqr`: Octave's nine methods, MATLAB's default method 5),
//! and the centring and scaling family (`range`, `bounds`, `center`,
//! `zscore`, `normalize`, `rescale`, `skewness`, `kurtosis`).
//!
//! Functions that Octave writes as arithmetic on whole arrays are written
//! the same way here, through the operators (`ops::binary`) and the
//! reductions flatlab already has (`mean`, `std`, `min`, `max`), so class
//! rules and implicit expansion are those of the language.

use super::{check_nargs, default_dim, float_out, is_single, lanes, opt_str};
use crate::builtins::specfun::{erfinv_k as erfinv, tcdf};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::ops::{self, classes::to_single_result};
use crate::syntax::ast::{BinOp, PostOp};
use crate::value::{Array, Dims, Value};

/// Calls another builtin for `nargout` outputs.
pub(crate) fn call(
    ctx: &mut Ctx,
    name: &str,
    args: Vec<Value>,
    nargout: usize,
) -> Result<Vec<Value>> {
    let b = crate::builtins::lookup(name)
        .ok_or_else(|| Error::new(format!("internal error: no builtin {name}")))?;
    let saved = ctx.nargout;
    ctx.nargout = nargout;
    let r = (b.func)(ctx, args);
    ctx.nargout = saved;
    r
}

/// The first output of another builtin.
pub(crate) fn call1(ctx: &mut Ctx, name: &str, args: Vec<Value>) -> Result<Value> {
    call(ctx, name, args, 1)?
        .into_iter()
        .next()
        .ok_or_else(|| Error::new(format!("{name}: no value returned")))
}

fn bin(op: BinOp, a: &Value, b: &Value) -> Result<Value> {
    ops::binary(op, a, b)
}

/// Integers, logicals (and chars) as doubles; double and single unchanged.
fn floating(v: &Value, fname: &str) -> Result<Value> {
    match v {
        Value::Num(_) | Value::Complex(_) | Value::Single(_) | Value::SingleComplex(_) => {
            Ok(v.clone())
        }
        _ => Ok(Value::Num(v.to_num_array(fname)?)),
    }
}

/// A DIM argument with Octave's "DIM must be an integer and a valid
/// dimension" message; 0-based.
pub(crate) fn dim_of(v: &Value, fname: &str) -> Result<usize> {
    super::dim_arg(
        v,
        &format!("{fname}: DIM must be an integer and a valid dimension"),
    )
}

fn dim_value(k: usize) -> Value {
    Value::num((k + 1) as f64)
}

/// `FNAME: normalization OPT must be 0 or 1` unless the value is 0 or 1.
fn zero_or_one(v: &Value, msg: &str) -> Result<bool> {
    let ok = v.numel() == 1 && (v.is_numeric() || matches!(v, Value::Bool(_)));
    let x = if ok {
        v.scalar_f64(msg).unwrap_or(f64::NAN)
    } else {
        f64::NAN
    };
    if x == 0.0 || x == 1.0 {
        Ok(x == 1.0)
    } else {
        Err(Error::new(msg.to_string()))
    }
}

// ----- covariance and correlation -----

/// A row vector as a column; anything else as it is.
fn as_columns(v: Value) -> Value {
    if v.dims_ref().is_row() {
        let n = v.numel();
        v.clone().reshaped(Dims::col(n)).unwrap_or(v)
    } else {
        v
    }
}

/// Octave 7's `cov(x)` and `cov(x, y)`: x' * y of the centred columns over
/// n - 1 + opt.
fn covariance(ctx: &mut Ctx, x: &Value, y: Option<&Value>, opt: bool) -> Result<Value> {
    let x = as_columns(floating(x, "cov")?);
    let n = x.dims().get(0);
    let xc = center_of(ctx, &x, 0)?;
    let yc = match y {
        Some(y) => {
            let y = as_columns(floating(y, "cov")?);
            if y.dims().get(0) != n {
                return Err(Error::new(
                    "cov: X and Y must have the same number of observations",
                ));
            }
            center_of(ctx, &y, 0)?
        }
        None => xc.clone(),
    };
    let xt = ops::postfix(PostOp::CTranspose, &xc)?;
    let p = bin(BinOp::MatMul, &xt, &yc)?;
    let d = n as f64 - 1.0 + if opt { 1.0 } else { 0.0 };
    bin(BinOp::Div, &p, &Value::num(d))
}

/// Checks cov's (and corr's) data: numeric or logical, two-dimensional.
fn cov_data(v: &Value, fname: &str) -> Result<()> {
    if !(v.is_numeric() || matches!(v, Value::Bool(_))) {
        return Err(Error::new(format!(
            "{fname}: X and Y must be numeric matrices or vectors"
        )));
    }
    if v.dims_ref().ndims() != 2 {
        return Err(Error::new(format!(
            "{fname}: X and Y must be 2-D matrices or vectors"
        )));
    }
    Ok(())
}

/// A zero or one of x's floating class (single stays single).
fn scalar_like(x: &Value, v: f64) -> Result<Value> {
    if is_single(x) {
        to_single_result(Value::num(v))
    } else {
        Ok(Value::num(v))
    }
}

/// cov: covariance matrix.
///
/// `c = cov(x)` for a vector x is its variance; for a matrix, whose rows
/// are observations and columns variables, the covariance matrix of the
/// columns. It is normalized by n - 1 (n observations).
///
/// `c = cov(x, opt)` normalizes by n when opt is 1 (0 is the default).
///
/// `c = cov(x, y)` and `cov(x, y, opt)` are the cross-covariances of the
/// columns of x and y, which have the same number of rows (as Octave 7
/// computes them; MATLAB instead treats x and y as two variables).
///
/// `c = cov(..., nanflag)`: `'includenan'` (the default) lets NaN through;
/// `'omitrows'` leaves out every observation (row) holding a NaN.
///
/// ```text
/// >> cov([1 2; 3 5; 4 4])
/// ans =
///
///    2.3333   1.8333
///    1.8333   2.3333
///
/// ```
pub fn cov(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    super::check_nargout(ctx, 1, "cov")?;
    let mut omit_rows = false;
    if args.len() > 1 {
        if let Some(flag) = args.last().and_then(opt_str) {
            match flag.as_str() {
                "includenan" => {}
                "omitrows" => omit_rows = true,
                "partialrows" => {
                    return Err(Error::new("cov: 'partialrows' is not supported"));
                }
                _ => {
                    return Err(Error::new(format!(
                    "cov: NANFLAG must be 'includenan', 'omitrows' or 'partialrows', not '{flag}'"
                )))
                }
            }
            args.pop();
        }
    }
    check_nargs(&args, 1, 3, "cov")?;
    if omit_rows {
        args = without_nan_rows(args)?;
    }
    let x = &args[0];
    cov_data(x, "cov")?;
    let mut y = args.get(1).filter(|v| !(args.len() == 2 && v.numel() == 1));
    if let Some(y) = y {
        cov_data(y, "cov")?;
    }
    let opt = match (args.len(), args.get(1), args.get(2)) {
        (2, Some(o), _) if o.numel() == 1 => Some(o),
        (3, _, Some(o)) => Some(o),
        _ => None,
    };
    let opt = match opt {
        Some(o) => zero_or_one(o, "cov: normalization OPT must be 0 or 1")?,
        None => false,
    };
    if args.len() == 3 && args[1].is_empty() {
        y = None;
    }
    if x.numel() == 1 {
        return Ok(vec![scalar_like(x, 0.0)?]);
    }
    Ok(vec![covariance(ctx, x, y, opt)?])
}

/// cov's data (x, and y when it is not the scalar OPT) with every row that
/// holds a NaN in either left out.
fn without_nan_rows(mut args: Vec<Value>) -> Result<Vec<Value>> {
    let data = usize::from(args.len() == 3 || args.get(1).is_some_and(|v| v.numel() > 1)) + 1;
    for v in args.iter().take(data) {
        cov_data(v, "cov")?;
    }
    let cols: Vec<Value> = args.iter().take(data).cloned().map(as_columns).collect();
    let m = cols[0].dims().get(0);
    let mut keep = vec![true; m];
    for c in &cols {
        if c.dims().get(0) != m {
            return Err(Error::new(
                "cov: X and Y must have the same number of observations",
            ));
        }
        let a = c.to_complex_array("cov")?;
        for (i, z) in a.data().iter().enumerate() {
            if z.re.is_nan() || z.im.is_nan() {
                keep[i % m.max(1)] = false;
            }
        }
    }
    let rows: Vec<usize> = (0..m).filter(|&i| keep[i]).collect();
    for (slot, c) in args.iter_mut().zip(cols) {
        let n = c.dims().trailing();
        let sel: Vec<usize> = (0..n)
            .flat_map(|j| rows.iter().map(move |&i| i + j * m))
            .collect();
        *slot = crate::builtins::reduce::gather(&c, &sel, Dims::mat(rows.len(), n));
    }
    Ok(args)
}

/// corr: correlation coefficients.
///
/// `r = corr(x)` returns the correlation coefficients of the columns of x
/// (rows are observations); a row vector is one variable.
///
/// `r = corr(x, y)` returns the correlation of each column of x with each
/// column of y: cov(x, y) ./ (std(x)' * std(y)).
///
/// ```text
/// >> corr([1 2 3]', [2 4 7]')
/// ans = 0.9934
/// ```
pub fn corr(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 1, 2, "corr")?;
    super::check_nargout(ctx, 1, "corr")?;
    let x = &args[0];
    cov_data(x, "corr")?;
    if x.numel() == 1 {
        return Ok(vec![scalar_like(x, 1.0)?]);
    }
    if let Some(y) = args.get(1) {
        cov_data(y, "corr")?;
        let c = covariance(ctx, x, Some(y), false)?;
        let sx = call1(ctx, "std", vec![as_columns(floating(x, "corr")?)])?;
        let sy = call1(ctx, "std", vec![as_columns(floating(y, "corr")?)])?;
        let s = bin(BinOp::MatMul, &ops::postfix(PostOp::Transpose, &sx)?, &sy)?;
        return Ok(vec![bin(BinOp::Div, &c, &s)?]);
    }
    let c = covariance(ctx, x, None, false)?;
    let cr = c.to_complex_array("corr")?;
    let n = cr.rows();
    let diag: Vec<f64> = (0..n).map(|i| cr.at(i, i).re.sqrt()).collect();
    let s = Value::col(diag);
    let ss = bin(BinOp::MatMul, &s, &ops::postfix(PostOp::Transpose, &s)?)?;
    Ok(vec![bin(BinOp::Div, &c, &ss)?])
}

/// The correlation of two equally long real columns (NaN when either is
/// constant).
fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    if x.is_empty() {
        return f64::NAN;
    }
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    // One square root of the product: exactly 1 for a column with itself.
    sxy / (sxx * syy).sqrt()
}

/// corrcoef: correlation coefficients with p-values and confidence bounds.
///
/// `R = corrcoef(x)` returns the matrix of correlation coefficients of the
/// columns of x (rows are observations; a row vector is one variable).
///
/// `R = corrcoef(x, y)` treats x and y, of the same number of elements, as
/// two variables: `corrcoef([x(:) y(:)])`.
///
/// `[R, P] = corrcoef(...)` also returns the p-values of the hypothesis of
/// no correlation (Student's t with n - 2 degrees of freedom); `[R, P, RL,
/// RU] = corrcoef(...)` the lower and upper bounds of a 95% confidence
/// interval for each coefficient.
///
/// `corrcoef(..., 'Alpha', a)` sets the confidence level to 100*(1-a)%;
/// `corrcoef(..., 'Rows', r)` with r `'all'` (default), `'complete'` (rows
/// with a NaN left out) or `'pairwise'` (left out per pair of columns).
///
/// ```text
/// >> corrcoef([1 2 3 4], [1 3 2 4])
/// ans =
///
///    1.0000   0.8000
///    0.8000   1.0000
///
/// ```
pub fn corrcoef(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const F: &str = "corrcoef";
    if args.is_empty() {
        return Err(Error::nargin(F));
    }
    super::check_nargout(ctx, 4, F)?;
    let mut rest = &args[1..];
    let mut cols: Vec<Vec<f64>>;
    let x = super::real_data(&args[0], F)?;
    if let Some(y) = rest
        .first()
        .filter(|v| v.is_numeric() || matches!(v, Value::Bool(_)))
    {
        let y = super::real_data(y, F)?;
        if x.numel() > 0 && y.numel() > 0 && x.numel() != y.numel() {
            return Err(Error::new("corrcoef: X and Y must be the same size"));
        }
        cols = vec![x.data().to_vec(), y.data().to_vec()];
        rest = &rest[1..];
        if x.numel() == 0 || y.numel() == 0 {
            cols = vec![];
        }
    } else if x.dims().is_row() {
        cols = vec![x.data().to_vec()];
    } else {
        let (m, n) = (x.rows(), x.dims().trailing());
        cols = (0..n)
            .map(|j| x.data()[j * m..(j + 1) * m].to_vec())
            .collect();
    }
    let mut alpha = 0.05;
    let mut rows = "all".to_string();
    for (i, pair) in rest.chunks(2).enumerate() {
        let Some(name) = opt_str(&pair[0]) else {
            return Err(Error::new(format!(
                "corrcoef: parameter {} must be a string",
                2 * i + 1
            )));
        };
        let Some(value) = pair.get(1) else {
            return Err(Error::new(format!(
                "corrcoef: parameter \"{name}\" missing value"
            )));
        };
        match name.as_str() {
            "alpha" => {
                let a = (value.is_numeric() && value.numel() == 1)
                    .then(|| value.scalar_f64(F).ok())
                    .flatten()
                    .filter(|a| (0.0..=1.0).contains(a));
                alpha = a.ok_or_else(|| {
                    Error::new("corrcoef: \"alpha\" must be a scalar between 0 and 1")
                })?;
            }
            "rows" => {
                let r = opt_str(value)
                    .ok_or_else(|| Error::new("corrcoef: \"rows\" value must be a string"))?;
                if !["all", "complete", "pairwise"].contains(&r.as_str()) {
                    return Err(Error::new(
                        "corrcoef: \"rows\" must be \"all\", \"complete\", or \"pairwise\"",
                    ));
                }
                rows = r;
            }
            _ => {
                let raw = pair[0].to_str(F).unwrap_or(name);
                return Err(Error::new(format!("corrcoef: Unknown option \"{raw}\"")));
            }
        }
    }
    if rows == "complete" {
        let m = cols.first().map_or(0, Vec::len);
        let keep: Vec<bool> = (0..m)
            .map(|i| cols.iter().all(|c| !c[i].is_nan()))
            .collect();
        for c in &mut cols {
            *c = c
                .iter()
                .zip(&keep)
                .filter(|(_, &k)| k)
                .map(|(&v, _)| v)
                .collect();
        }
    }
    let m = cols.first().map_or(0, Vec::len);
    let single = is_single(&args[0]) || args.get(1).is_some_and(is_single);
    let out = |a: Array<f64>| float_out(Value::Num(a), single);
    if cols.is_empty() || m * cols.len() <= 1 {
        let nan = out(Array::scalar(f64::NAN))?;
        return Ok(vec![nan; ctx.nargout.max(1)]);
    }
    let n = cols.len();
    let pairwise = rows == "pairwise";
    let nn = crate::ops::checked_numel(&[n, n])?;
    let mut r = crate::builtins::util::alloc_vec(nn, 0.0)?;
    let mut p = crate::builtins::util::alloc_vec(nn, 0.0)?;
    let mut mm = crate::builtins::util::alloc_vec(nn, m as f64)?;
    for i in 0..n {
        r[i + i * n] = 1.0;
        if !pairwise && cols[i].iter().any(|v| v.is_nan()) {
            r[i + i * n] = f64::NAN;
            p[i + i * n] = f64::NAN;
        } else {
            p[i + i * n] = 1.0;
        }
        for j in i + 1..n {
            let (xi, xj): (Vec<f64>, Vec<f64>) = if pairwise {
                cols[i]
                    .iter()
                    .zip(&cols[j])
                    .filter(|(a, b)| !a.is_nan() && !b.is_nan())
                    .map(|(&a, &b)| (a, b))
                    .unzip()
            } else {
                (cols[i].clone(), cols[j].clone())
            };
            let c = pearson(&xi, &xj);
            r[i + j * n] = c;
            r[j + i * n] = c;
            mm[i + j * n] = xi.len() as f64;
            mm[j + i * n] = xi.len() as f64;
            let df = m as f64 - 2.0;
            let stat = df.sqrt() * c / (1.0 - c * c).sqrt();
            let cdf = tcdf(stat, df);
            let pv = 2.0 * cdf.min(1.0 - cdf);
            p[i + j * n] = pv;
            p[j + i * n] = pv;
        }
    }
    let d = Dims::mat(n, n);
    let mut res = vec![out(Array::new(d.clone(), r.clone()))?];
    if ctx.nargout > 1 {
        // Octave's p: 1 on the diagonal only where computed.
        res.push(out(Array::new(d.clone(), p))?);
    }
    if ctx.nargout > 2 {
        let z = std::f64::consts::SQRT_2 * erfinv(1.0 - alpha);
        let mut lo = crate::builtins::util::alloc_vec(nn, 0.0)?;
        let mut hi = crate::builtins::util::alloc_vec(nn, 0.0)?;
        for k in 0..nn {
            let ci = z / (mm[k] - 3.0).sqrt();
            lo[k] = (r[k].atanh() - ci).tanh();
            hi[k] = (r[k].atanh() + ci).tanh();
        }
        res.push(out(Array::new(d.clone(), lo))?);
        res.push(out(Array::new(d, hi))?);
    }
    Ok(res)
}

// ----- quantiles -----

/// One quantile of a sorted lane (NaN last, `m` of its values not NaN) by
/// Octave's method 1 to 9.
pub(crate) fn quantile_of(x: &[f64], m: usize, p: f64, method: u8) -> f64 {
    if p < 0.0 {
        return f64::NEG_INFINITY;
    }
    if p > 1.0 {
        return f64::INFINITY;
    }
    if p.is_nan() {
        return f64::NAN;
    }
    let at = |i: isize| -> f64 {
        if i < 1 {
            return f64::NAN;
        }
        x.get(i as usize - 1).copied().unwrap_or(f64::NAN)
    };
    if x.len() == 1 {
        return x[0];
    }
    let mf = m as f64;
    match method {
        1 => at((p * mf).ceil().max(1.0) as isize),
        2 => {
            let pp = p * mf;
            let lr = pp.ceil().max(1.0) as isize;
            let rl = (pp + 1.0).floor().min(mf) as isize;
            (at(lr) + at(rl)) / 2.0
        }
        3 => {
            let t = (p * mf).max(1.0);
            // Round half to even.
            let r = t.round();
            let r = if (t - t.trunc()).abs() == 0.5 && r % 2.0 != 0.0 {
                r - 1.0
            } else {
                r
            };
            at(r as isize)
        }
        _ => {
            let pp = match method {
                4 => p * mf,
                5 => p * mf + 0.5,
                6 => p * (mf + 1.0),
                7 => p * (mf - 1.0) + 1.0,
                8 => p * (mf + 1.0 / 3.0) + 1.0 / 3.0,
                _ => p * (mf + 0.25) + 0.375,
            };
            let pi = pp.floor().min(mf - 1.0).max(1.0);
            let pr = (pp - pi).clamp(0.0, 1.0);
            let i = pi as isize;
            let lo = at(i);
            // A lane of one value reads it twice.
            let hi = if m == 1 { at(1) } else { at(i + 1) };
            (1.0 - pr) * lo + pr * hi
        }
    }
}

/// The sorted lane (NaN last) and its count of numbers.
pub(crate) fn sorted(lane: &[f64]) -> (Vec<f64>, usize) {
    let mut v = lane.to_vec();
    v.sort_by(|a, b| match (a.is_nan(), b.is_nan()) {
        (true, true) => std::cmp::Ordering::Equal,
        (true, false) => std::cmp::Ordering::Greater,
        (false, true) => std::cmp::Ordering::Less,
        _ => a.total_cmp(b),
    });
    let m = v.iter().filter(|x| !x.is_nan()).count();
    (v, m)
}

/// Quantiles of `x` along `k` at the probabilities `p`, laid out as
/// Octave's quantile lays them out.
fn quantiles(x: &Value, p: &Array<f64>, k: usize, method: u8, fname: &str) -> Result<Value> {
    let a = x.to_num_array(fname)?;
    let ps = p.data();
    let q = lanes(&a, k, ps.len(), |lane, out| {
        let (v, m) = sorted(lane);
        out.extend(ps.iter().map(|&pp| quantile_of(&v, m, pp, method)));
        Ok(())
    })?;
    let qd = q.dims().clone();
    let mut v = float_out(Value::Num(q), is_single(x))?;
    if qd.is_vector() && qd.numel() != 1 && ps.len() != 1 {
        let n = qd.numel();
        let d = if p.dims().is_row() {
            Dims::row(n)
        } else {
            Dims::col(n)
        };
        v = v
            .reshaped(d)
            .ok_or_else(|| Error::new("quantile: internal size error"))?;
    }
    Ok(v)
}

/// The probabilities: a numeric vector, or the default when empty.
fn probs(v: Option<&Value>, default: &[f64], fname: &str) -> Result<Array<f64>> {
    match v {
        Some(v) if !v.is_empty() => {
            if !v.is_numeric() || !v.dims_ref().is_vector() {
                return Err(Error::new(format!("{fname}: P must be a numeric vector")));
            }
            v.to_num_array(fname)
        }
        _ => Ok(Array::row(default.to_vec())),
    }
}

fn quantile_dim(v: Option<&Value>, x: &Value) -> Result<usize> {
    match v {
        Some(v) => super::dim_arg(v, "quantile: DIM must be a positive integer"),
        None => Ok(default_dim(x.dims_ref())),
    }
}

/// quantile: quantiles of a data set.
///
/// `Q = quantile(x, p)` returns the quantiles of x at the cumulative
/// probabilities p (a vector in [0, 1]) along the first non-singleton
/// dimension; NaN values are left out. Without p (or with `[]`) p is
/// [0 0.25 0.5 0.75 1].
///
/// `Q = quantile(x, p, dim)` works along dimension dim.
///
/// `Q = quantile(x, p, dim, method)` picks one of the nine methods of
/// Hyndman and Fan; the default, 5, is MATLAB's: piecewise linear through
/// the points ((k - 0.5)/n, x(k)) of the sorted data.
///
/// ```text
/// >> quantile([1 2 3 4 10], [0.25 0.5 0.75])
/// ans =
///
///    1.7500   3.0000   5.5000
///
/// ```
pub fn quantile(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 1, 4, "quantile")?;
    let x = &args[0];
    if !(x.is_numeric() || matches!(x, Value::Bool(_))) || x.is_empty() {
        return Err(Error::new(
            "quantile: X must be a non-empty numeric vector or matrix",
        ));
    }
    let p = probs(args.get(1), &[0.0, 0.25, 0.5, 0.75, 1.0], "quantile")?;
    let k = quantile_dim(args.get(2), x)?;
    let method = match args.get(3) {
        Some(m) => {
            let v = m.scalar_f64("quantile").unwrap_or(f64::NAN);
            if !(1.0..=9.0).contains(&v) || v.fract() != 0.0 {
                return Err(Error::new(format!(
                    "quantile: Unknown METHOD, '{}'",
                    crate::builtins::util::fmt_num(v)
                )));
            }
            v as u8
        }
        None => 5,
    };
    Ok(vec![quantiles(x, &p, k, method, "quantile")?])
}

/// prctile: percentiles of a data set.
///
/// `Q = prctile(x, p)` returns the percentiles of x at p (in percent, a
/// vector in [0, 100]) along the first non-singleton dimension:
/// `quantile(x, p/100)`. Without p it is [0 25 50 75 100].
///
/// `Q = prctile(x, p, dim)` works along dimension dim.
///
/// ```text
/// >> prctile([1 2 3 4 10], 50)
/// ans = 3
/// ```
pub fn prctile(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 1, 3, "prctile")?;
    let x = &args[0];
    if !(x.is_numeric() || matches!(x, Value::Bool(_))) {
        return Err(Error::new("prctile: X must be a numeric vector or matrix"));
    }
    let p = probs(args.get(1), &[0.0, 25.0, 50.0, 75.0, 100.0], "prctile")?;
    let p = p.map(|v| v / 100.0);
    let k = quantile_dim(args.get(2), x)?;
    if x.is_empty() {
        return Err(Error::new(
            "quantile: X must be a non-empty numeric vector or matrix",
        ));
    }
    Ok(vec![quantiles(x, &p, k, 5, "prctile")?])
}

/// The dimensions `ks` (0-based, distinct) of `a` moved to the front and
/// merged into one: the result has `[prod of ks, the others...]` and the
/// dims of the reduced result (`ks` set to 1) are returned beside it.
pub(crate) fn merge_dims<T: Clone>(a: &Array<T>, ks: &[usize]) -> Result<(Array<T>, Dims)> {
    let nd = a.dims().ndims().max(ks.iter().max().map_or(0, |m| m + 1));
    let d: Vec<usize> = (0..nd).map(|k| a.dims().get(k)).collect();
    let strides: Vec<usize> = (0..nd).map(|k| d[..k].iter().product()).collect();
    let others: Vec<usize> = (0..nd).filter(|k| !ks.contains(k)).collect();
    let order: Vec<usize> = ks.iter().copied().chain(others.iter().copied()).collect();
    let n = a.numel();
    let mut data = crate::ops::alloc_vec(n)?;
    let mut idx = vec![0usize; nd];
    let src = a.data();
    for _ in 0..n {
        let s: usize = order.iter().zip(&idx).map(|(&k, &i)| i * strides[k]).sum();
        if let Some(v) = src.get(s) {
            data.push(v.clone());
        }
        for (j, &k) in order.iter().enumerate() {
            idx[j] += 1;
            if idx[j] < d[k] {
                break;
            }
            idx[j] = 0;
        }
    }
    let inner: usize = ks.iter().map(|&k| d[k]).product();
    let mut md = vec![inner];
    md.extend(others.iter().map(|&k| d[k]));
    let mut rd = d.clone();
    for &k in ks {
        rd[k] = 1;
    }
    let merged = Array::try_new(Dims::new(&md), data)
        .ok_or_else(|| Error::new("internal size error merging dimensions"))?;
    Ok((merged, Dims::new(&rd)))
}

/// iqr: interquartile range.
///
/// `Z = iqr(x)` returns the difference between the 75th and 25th
/// percentiles (by `quantile`'s method 5) of x along the first
/// non-singleton dimension; NaN values are left out.
///
/// `Z = iqr(x, dim)` works along dimension dim; a vector of dimensions
/// works over all of them at once, and `'all'` over every element.
///
/// ```text
/// >> iqr([1 2 3 4 10])
/// ans = 3.7500
/// ```
pub fn iqr(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 1, 2, "iqr")?;
    let x = &args[0];
    if !(x.is_numeric() || matches!(x, Value::Bool(_))) {
        return Err(Error::new("iqr: X must be a numeric vector or matrix"));
    }
    let a = x.to_num_array("iqr")?;
    let bad = || Error::new("iqr: DIM must be a positive integer scalar, vector, or 'all'");
    let ks: Vec<usize> = match args.get(1) {
        None => {
            let d = a.dims();
            if d.as_slice().iter().all(|&e| e == 1) {
                vec![1]
            } else {
                vec![default_dim(d)]
            }
        }
        Some(v) if opt_str(v).as_deref() == Some("all") => (0..a.dims().ndims()).collect(),
        Some(Value::Char(_)) => return Err(bad()),
        Some(v) => {
            if !v.is_numeric() || !(v.dims_ref().is_vector() || v.is_empty()) || v.is_empty() {
                return Err(bad());
            }
            let ds = v.to_num_array("iqr").map_err(|_| bad())?;
            let mut ks = Vec::new();
            for &dv in ds.data() {
                if !(dv >= 1.0 && dv.fract() == 0.0 && dv <= super::MAX_DIM as f64) {
                    return Err(bad());
                }
                let k = dv as usize - 1;
                if ks.contains(&k) {
                    return Err(Error::new(
                        "iqr: vector DIM must contain non-repeating positive integers",
                    ));
                }
                ks.push(k);
            }
            ks
        }
    };
    let iqr_of = |lane: &[f64]| {
        let (v, m) = sorted(lane);
        (quantile_of(&v, m, 0.75, 5) - quantile_of(&v, m, 0.25, 5)).abs()
    };
    let z = if ks.len() == 1 {
        lanes(&a, ks[0], 1, |lane, out| {
            out.push(iqr_of(lane));
            Ok(())
        })?
    } else {
        let (merged, rd) = merge_dims(&a, &ks)?;
        let r = lanes(&merged, 0, 1, |lane, out| {
            out.push(iqr_of(lane));
            Ok(())
        })?;
        r.reshaped(rd)
            .ok_or_else(|| Error::new("iqr: internal size error"))?
    };
    Ok(vec![float_out(Value::Num(z), is_single(x))?])
}

// ----- location and scale -----

/// range: difference between the largest and the smallest element.
///
/// `y = range(x)` returns max(x) - min(x) along the first non-singleton
/// dimension.
///
/// `y = range(x, dim)` works along dimension dim.
///
/// ```text
/// >> range([4 9 1 7])
/// ans = 8
/// ```
pub fn range(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 1, 2, "range")?;
    let mut a = vec![args[0].clone()];
    if let Some(d) = args.get(1) {
        a.push(Value::empty());
        a.push(d.clone());
    }
    let hi = call1(ctx, "max", a.clone())?;
    let lo = call1(ctx, "min", a)?;
    Ok(vec![bin(BinOp::Sub, &hi, &lo)?])
}

/// `x - mean(x, k)` (integers as doubles; an empty lane leaves x).
fn center_of(ctx: &mut Ctx, x: &Value, k: usize) -> Result<Value> {
    let x = floating(x, "center")?;
    if x.dims().get(k) == 0 {
        return Ok(x);
    }
    let mu = call1(ctx, "mean", vec![x.clone(), dim_value(k)])?;
    bin(BinOp::Sub, &x, &mu)
}

/// center: subtract the mean.
///
/// `y = center(x)` subtracts from x its mean along the first non-singleton
/// dimension (each column of a matrix gets mean 0). Integer and logical
/// data give doubles.
///
/// `y = center(x, dim)` works along dimension dim.
///
/// ```text
/// >> center([1 2 6])
/// ans =
///
///   -2  -1   3
///
/// ```
pub fn center(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 1, 2, "center")?;
    let x = &args[0];
    if !(x.is_numeric() || matches!(x, Value::Bool(_))) {
        return Err(Error::new("center: X must be a numeric vector or matrix"));
    }
    let k = match args.get(1) {
        Some(v) => dim_of(v, "center")?,
        None => default_dim(x.dims_ref()),
    };
    Ok(vec![center_of(ctx, x, k)?])
}

/// zscore: standardized scores.
///
/// `z = zscore(x)` subtracts the mean of x along the first non-singleton
/// dimension and divides by the standard deviation (a standard deviation of
/// 0 divides by 1).
///
/// `z = zscore(x, opt)` uses the standard deviation normalized by n when
/// opt is 1 (n - 1 when 0, the default, or `[]`); `zscore(x, opt, dim)`
/// works along dimension dim.
///
/// `[z, mu, sigma] = zscore(...)` also returns the means and standard
/// deviations.
///
/// ```text
/// >> zscore([1 2 3])
/// ans =
///
///   -1   0   1
///
/// ```
pub fn zscore(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 1, 3, "zscore")?;
    super::check_nargout(ctx, 3, "zscore")?;
    let x = &args[0];
    if !(x.is_numeric() || matches!(x, Value::Bool(_))) {
        return Err(Error::new("zscore: X must be a numeric vector or matrix"));
    }
    let opt = match args.get(1) {
        Some(v) if !v.is_empty() => {
            zero_or_one(v, "zscore: normalization OPT must be empty, 0, or 1")?
        }
        _ => false,
    };
    let k = match args.get(2) {
        Some(v) => dim_of(v, "zscore")?,
        None => default_dim(x.dims_ref()),
    };
    let nargout = ctx.nargout;
    if x.dims().get(k) == 0 {
        let e = Value::Num(Array::empty_with(Dims::empty()));
        return Ok(vec![x.clone(), e.clone(), e]);
    }
    let xf = floating(x, "zscore")?;
    let mu = call1(ctx, "mean", vec![xf.clone(), dim_value(k)])?;
    let sigma = call1(
        ctx,
        "std",
        vec![
            xf.clone(),
            Value::num(if opt { 1.0 } else { 0.0 }),
            dim_value(k),
        ],
    )?;
    let s = match &sigma {
        Value::Num(a) => Value::Num(a.map(|&v| if v == 0.0 { 1.0 } else { v })),
        Value::Single(a) => Value::Single(a.map(|&v| if v == 0.0 { 1.0 } else { v })),
        other => other.clone(),
    };
    let z = bin(BinOp::Div, &bin(BinOp::Sub, &xf, &mu)?, &s)?;
    let mut out = vec![z];
    if nargout > 1 {
        out.push(mu);
        out.push(sigma);
    }
    Ok(out)
}

/// bounds: smallest and largest elements.
///
/// `[s, l] = bounds(x)` returns min(x) and max(x) along the first
/// non-singleton dimension, in one call.
///
/// `[s, l] = bounds(x, dim)` works along dimension dim.
///
/// `bounds(..., nanflag)`: `'omitnan'` (the default) leaves NaN out;
/// `'includenan'` makes a lane holding NaN give NaN.
///
/// ```text
/// >> [s, l] = bounds([4 9 1 7])
/// s = 1
/// l = 9
/// ```
pub fn bounds(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 1, 3, "bounds")?;
    super::check_nargout(ctx, 2, "bounds")?;
    let x = &args[0];
    if !(x.is_numeric() || matches!(x, Value::Bool(_))) {
        return Err(Error::new("bounds: X must be a numeric vector or matrix"));
    }
    let mut include = false;
    let mut dim = None;
    for v in &args[1..] {
        match opt_str(v).as_deref() {
            Some("includenan") => include = true,
            Some("omitnan") => include = false,
            Some(other) => {
                return Err(Error::new(format!(
                    "bounds: NANFLAG must be 'omitnan' or 'includenan', not '{other}'"
                )))
            }
            None if v.is_empty() => {}
            None => dim = Some(dim_of(v, "bounds")?),
        }
    }
    let k = dim.unwrap_or_else(|| default_dim(x.dims_ref()));
    let a = vec![x.clone(), Value::empty(), dim_value(k)];
    let mut s = call1(ctx, "min", a.clone())?;
    let mut l = call1(ctx, "max", a)?;
    if include && (matches!(x, Value::Num(_) | Value::Single(_))) {
        let xa = x.to_num_array("bounds")?;
        let has_nan = lanes(&xa, k, 1, |lane, out| {
            out.push(lane.iter().any(|v| v.is_nan()));
            Ok(())
        })?;
        let set_nan = |v: Value| -> Result<Value> {
            let a = v.to_num_array("bounds")?;
            let data: Vec<f64> = a
                .data()
                .iter()
                .zip(has_nan.data())
                .map(|(&v, &n)| if n { f64::NAN } else { v })
                .collect();
            float_out(Value::Num(Array::new(a.dims().clone(), data)), is_single(x))
        };
        s = set_nan(s)?;
        l = set_nan(l)?;
    }
    Ok(vec![s, l])
}

/// Skewness and kurtosis of one lane in one float type, in Octave's order
/// of operations (so single data round as Octave's single arithmetic does):
/// the lane centred, its variance normalized by n, then the moment.
macro_rules! shape_moments {
    ($name:ident, $t:ty) => {
        fn $name(lane: &[f64], p: i32) -> (f64, f64) {
            let n = lane.len() as $t;
            let x: Vec<$t> = lane.iter().map(|&v| v as $t).collect();
            let mean = x.iter().sum::<$t>() / n;
            let d: Vec<$t> = x.iter().map(|v| v - mean).collect();
            let md = d.iter().sum::<$t>() / n;
            let var = d.iter().map(|v| (v - md) * (v - md)).sum::<$t>() / n;
            let mp = d.iter().map(|v| v.powi(p)).sum::<$t>();
            let y = if p == 3 {
                let s = var.sqrt();
                if s != 0.0 {
                    mp / (n * s.powi(3))
                } else {
                    <$t>::NAN
                }
            } else if var != 0.0 {
                mp / (n * var.powi(2))
            } else {
                <$t>::NAN
            };
            (n as f64, y as f64)
        }
    };
}

shape_moments!(shape_f64, f64);
shape_moments!(shape_f32, f32);

/// The skewness (p = 3) or kurtosis (p = 4) of a lane and its length.
fn shape_of(lane: &[f64], p: i32, single: bool) -> (f64, f64) {
    // NaN values are missing values, as MATLAB treats them.
    let kept: Vec<f64>;
    let lane = if lane.iter().any(|v| v.is_nan()) {
        kept = lane.iter().copied().filter(|v| !v.is_nan()).collect();
        &kept[..]
    } else {
        lane
    };
    if single {
        shape_f32(lane, p)
    } else {
        shape_f64(lane, p)
    }
}

/// skewness and kurtosis: parsing and the walk over the lanes.
fn shape_stat(args: &[Value], fname: &str, f: impl Fn(&[f64], bool, bool) -> f64) -> Result<Value> {
    check_nargs(args, 1, 3, fname)?;
    let x = &args[0];
    if !(x.is_numeric() || matches!(x, Value::Bool(_))) {
        return Err(Error::new(format!(
            "{fname}: X must be a numeric vector or matrix"
        )));
    }
    let biased = match args.get(1) {
        Some(v) if !v.is_empty() => zero_or_one(v, &format!("{fname}: FLAG must be 0 or 1"))?,
        _ => true,
    };
    let k = match args.get(2) {
        Some(v) => dim_of(v, fname)?,
        None => default_dim(x.dims_ref()),
    };
    let a = super::real_data(x, fname)?;
    let single = is_single(x);
    let y = lanes(&a, k, 1, |lane, out| {
        out.push(f(lane, biased, single));
        Ok(())
    })?;
    float_out(Value::Num(y), is_single(x))
}

/// skewness: sample skewness.
///
/// `y = skewness(x)` returns the skewness of x along the first
/// non-singleton dimension: the third central moment over the cube of the
/// standard deviation (normalized by n). Constant data give NaN; NaN
/// elements are left out as missing values (as MATLAB does).
///
/// `y = skewness(x, flag)`: flag 0 corrects for bias (sqrt(n*(n-1))/(n-2)
/// times the above, NaN for n < 3); 1 (the default, or `[]`) does not.
/// `y = skewness(x, flag, dim)` works along dimension dim.
///
/// ```text
/// >> skewness([1 2 3 10])
/// ans = 1.0182
/// ```
pub fn skewness(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let y = shape_stat(&args, "skewness", |lane, biased, single| {
        let (n, mut y) = shape_of(lane, 3, single);
        if !biased {
            y = if n > 2.0 {
                y * (n * (n - 1.0)).sqrt() / (n - 2.0)
            } else {
                f64::NAN
            };
        }
        y
    })?;
    Ok(vec![y])
}

/// kurtosis: sample kurtosis.
///
/// `y = kurtosis(x)` returns the kurtosis of x along the first
/// non-singleton dimension: the fourth central moment over the squared
/// variance (normalized by n); 3 for a normal distribution. Constant data
/// give NaN; NaN elements are left out as missing values (as MATLAB does).
///
/// `y = kurtosis(x, flag)`: flag 0 corrects for bias (NaN for n < 4); 1
/// (the default, or `[]`) does not. `y = kurtosis(x, flag, dim)` works
/// along dimension dim.
///
/// ```text
/// >> kurtosis([1 2 3 10])
/// ans = 2.2304
/// ```
pub fn kurtosis(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let y = shape_stat(&args, "kurtosis", |lane, biased, single| {
        let (n, mut y) = shape_of(lane, 4, single);
        if !biased {
            y = if n > 3.0 {
                let c = (n - 1.0) / ((n - 2.0) * (n - 3.0));
                3.0 + c * ((n + 1.0) * y - 3.0 * (n - 1.0))
            } else {
                f64::NAN
            };
        }
        y
    })?;
    Ok(vec![y])
}

/// rescale: scale data to an interval.
///
/// `R = rescale(A)` maps the elements of A linearly onto [0, 1]: the
/// smallest to 0, the largest to 1 (constant data give 0).
///
/// `R = rescale(A, l, u)` maps onto [l, u] (arrays of bounds expand
/// against A).
///
/// `R = rescale(..., 'InputMin', inmin, 'InputMax', inmax)` maps inmin and
/// inmax (in place of min(A(:)) and max(A(:))) to the bounds, elements
/// beyond them clamped. The result is single for single A, else double.
///
/// ```text
/// >> rescale([2 4 6 10])
/// ans =
///
///         0   0.2500   0.5000   1.0000
///
/// ```
pub fn rescale(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const F: &str = "rescale";
    if ![1, 3, 5, 7].contains(&args.len()) {
        return Err(Error::nargin(F));
    }
    let a = &args[0];
    if !(a.is_numeric() || matches!(a, Value::Bool(_))) {
        return Err(Error::new("rescale: A must be a numeric or logical matrix"));
    }
    let a = if is_single(a) {
        a.clone()
    } else {
        Value::Num(a.to_num_array(F)?)
    };
    let mut rest = &args[1..];
    let (mut l, mut u) = (Value::num(0.0), Value::num(1.0));
    if rest.first().is_some_and(Value::is_numeric) {
        if !rest[1].is_numeric() {
            return Err(Error::new("rescale: upper bound U must be numeric"));
        }
        l = rest[0].clone();
        u = rest[1].clone();
        rest = &rest[2..];
        let gt = bin(BinOp::Gt, &l, &u)?;
        if gt.to_bool_array(F)?.data().iter().any(|&b| b) {
            return Err(Error::new(
                "rescale: lower bound L must be smaller than upper bound U",
            ));
        }
    }
    let (mut inmin, mut inmax) = (None, None);
    for pair in rest.chunks(2) {
        let name = opt_str(&pair[0]).unwrap_or_default();
        let v = pair.get(1).cloned().unwrap_or_else(Value::empty);
        match name.as_str() {
            "inputmin" if v.is_numeric() => inmin = Some(v),
            "inputmin" => return Err(Error::new("rescale: INMIN must be numeric")),
            "inputmax" if v.is_numeric() => inmax = Some(v),
            "inputmax" => return Err(Error::new("rescale: INMAX must be numeric")),
            _ => return Err(Error::new("rescale: invalid option(s)")),
        }
    }
    let truncate = inmin.is_some() || inmax.is_some();
    let n = a.numel();
    let flat = a
        .clone()
        .reshaped(Dims::col(n))
        .unwrap_or_else(|| a.clone());
    let lo = match inmin {
        Some(v) => v,
        None => call1(ctx, "min", vec![flat.clone()])?,
    };
    let hi = match inmax {
        Some(v) => v,
        None => call1(ctx, "max", vec![flat])?,
    };
    let span = bin(BinOp::Sub, &hi, &lo)?;
    let span = match span {
        Value::Num(s) => Value::Num(s.map(|&v| if v == 0.0 { 1.0 } else { v })),
        Value::Single(s) => Value::Single(s.map(|&v| if v == 0.0 { 1.0 } else { v })),
        other => other,
    };
    let t = bin(BinOp::Div, &bin(BinOp::Sub, &a, &lo)?, &span)?;
    let mut r = bin(
        BinOp::Add,
        &l,
        &bin(BinOp::Mul, &t, &bin(BinOp::Sub, &u, &l)?)?,
    )?;
    if truncate {
        // Elements below inmin become l, above inmax u: every operand
        // expanded to the result's size, then chosen element by element.
        let zeros = Value::Num(crate::builtins::util::filled(r.dims(), 0.0)?);
        let full =
            |v: &Value| -> Result<Array<f64>> { bin(BinOp::Add, v, &zeros)?.to_num_array(F) };
        let (below, above) = (bin(BinOp::Lt, &a, &lo)?, bin(BinOp::Gt, &a, &hi)?);
        let (rb, ra) = (full(&below)?, full(&above)?);
        let (lf, uf, rf) = (full(&l)?, full(&u)?, r.to_num_array(F)?);
        let data: Vec<f64> = (0..rf.numel())
            .map(|i| {
                if rb.data()[i] != 0.0 {
                    lf.data()[i]
                } else if ra.data()[i] != 0.0 {
                    uf.data()[i]
                } else {
                    rf.data()[i]
                }
            })
            .collect();
        r = float_out(
            Value::Num(Array::new(rf.dims().clone(), data)),
            is_single(&a),
        )?;
    }
    Ok(vec![r])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_method_5_matches_octave() {
        let (v, m) = sorted(&[1.0, 2.0, 3.0, 4.0, 10.0]);
        assert_eq!(quantile_of(&v, m, 0.25, 5), 1.75);
        assert_eq!(quantile_of(&v, m, 0.5, 5), 3.0);
        assert_eq!(quantile_of(&v, m, 0.75, 5), 5.5);
        let (v, m) = sorted(&[1.0, f64::NAN, 3.0, 2.0]);
        assert_eq!(m, 3);
        assert_eq!(
            quantile_of(&v, m, 0.75, 5) - quantile_of(&v, m, 0.25, 5),
            1.5
        );
    }
}
