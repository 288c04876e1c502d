//! Moving-window statistics (`movmean`, `movsum`, `movmax`, `movmin`,
//! `movmedian`, `movprod`, `movstd`, `movvar`) over lanes along a
//! dimension, with MATLAB's window forms and end-point rules, and
//! `detrend` (polynomial trends, with breakpoints, removed by least
//! squares through the backslash operator).

use super::{check_nargs, default_dim, float_out, is_single, lanes, opt_str};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::ops;
use crate::syntax::ast::BinOp;
use crate::value::{Array, Dims, Value};

/// What happens where the window runs past the ends of the data.
#[derive(Clone, Copy, PartialEq)]
enum Ends {
    Shrink,
    Discard,
    Fill(f64),
    Periodic,
    Same,
}

/// The longest window whose missing elements are filled in.
const MAX_FILLED: usize = 1 << 24;

/// The parsed arguments of a moving statistic.
struct Window {
    before: usize,
    after: usize,
    dim: Option<usize>,
    ends: Ends,
    omit_nan: bool,
}

/// The window from `wlen`: a length k (centred; k/2 before and k/2 - 1 after
/// when even) or `[kb kf]`.
fn window_len(v: &Value, fname: &str) -> Result<(usize, usize)> {
    let a = super::real_data(v, fname)?;
    let ok = |x: f64| x >= 0.0 && x.is_finite() && x <= 1e9;
    match a.data() {
        [k] if *k >= 1.0 && ok(*k) => {
            // A non-integer length rounds down to the elements it covers.
            let k = k.floor() as usize;
            if k % 2 == 1 {
                Ok((k / 2, k / 2))
            } else {
                Ok((k / 2, k / 2 - 1))
            }
        }
        [b, f] if ok(*b) && ok(*f) && b.fract() == 0.0 && f.fract() == 0.0 => {
            Ok((*b as usize, *f as usize))
        }
        _ => Err(Error::new(format!(
            "{fname}: WLEN must be a positive scalar or a vector [NB NA] of nonnegative integers"
        ))),
    }
}

/// Parses `(x, wlen, [w,] [dim,] options...)`; `weight` says whether the
/// statistic takes a normalization argument (movstd, movvar).
fn parse(fname: &str, args: &[Value], weight: bool) -> Result<(Window, bool)> {
    if args.len() < 2 {
        return Err(Error::nargin(fname));
    }
    let (before, after) = window_len(&args[1], fname)?;
    let mut rest = &args[2..];
    let mut w1 = false;
    if weight {
        if let Some(v) = rest.first().filter(|v| !matches!(v, Value::Char(_))) {
            if !v.is_empty() {
                let w = v.scalar_f64(fname)?;
                if w != 0.0 && w != 1.0 {
                    return Err(Error::new(format!("{fname}: W must be 0 or 1")));
                }
                w1 = w == 1.0;
            }
            rest = &rest[1..];
        }
    }
    let mut dim = None;
    if let Some(v) = rest.first().filter(|v| !matches!(v, Value::Char(_))) {
        dim = Some(super::dim_arg(
            v,
            &format!("{fname}: DIM must be a valid dimension"),
        )?);
        rest = &rest[1..];
    }
    let mut ends = Ends::Shrink;
    let mut omit_nan = false;
    let mut i = 0;
    while i < rest.len() {
        let name = opt_str(&rest[i])
            .ok_or_else(|| Error::new(format!("{fname}: options must be given as strings")))?;
        match name.as_str() {
            "omitnan" => omit_nan = true,
            "includenan" => omit_nan = false,
            "endpoints" => {
                let v = rest
                    .get(i + 1)
                    .ok_or_else(|| Error::new(format!("{fname}: 'Endpoints' needs a value")))?;
                ends = match opt_str(v).as_deref() {
                    Some("shrink") => Ends::Shrink,
                    Some("discard") => Ends::Discard,
                    Some("fill") => Ends::Fill(f64::NAN),
                    Some("periodic") => Ends::Periodic,
                    Some("same") => Ends::Same,
                    Some(s) => {
                        return Err(Error::new(format!(
                            "{fname}: invalid value '{s}' for 'Endpoints'"
                        )))
                    }
                    None if v.numel() == 1 && !v.is_complex() => Ends::Fill(v.scalar_f64(fname)?),
                    None => {
                        return Err(Error::new(format!(
                            "{fname}: 'Endpoints' must be a string or a real scalar"
                        )))
                    }
                };
                i += 1;
            }
            "samplepoints" => {
                return Err(Error::new(format!(
                    "{fname}: 'SamplePoints' is not supported"
                )))
            }
            _ => {
                let raw = rest[i].to_str(fname).unwrap_or(name);
                return Err(Error::new(format!("{fname}: unknown option '{raw}'")));
            }
        }
        i += 1;
    }
    Ok((
        Window {
            before,
            after,
            dim,
            ends,
            omit_nan,
        },
        w1,
    ))
}

/// Applies `stat` to the window around every element of every lane.
fn moving(
    fname: &str,
    args: Vec<Value>,
    weight: bool,
    keep_class: bool,
    stat: impl Fn(&[f64], bool) -> f64,
) -> Result<Vec<Value>> {
    let (w, w1) = parse(fname, &args, weight)?;
    let x = &args[0];
    if !(x.is_numeric() || matches!(x, Value::Bool(_))) {
        return Err(Error::new(format!("{fname}: X must be a numeric array")));
    }
    let a = super::real_data(x, fname)?;
    let k = w.dim.unwrap_or_else(|| default_dim(a.dims()));
    let n = a.dims().get(k);
    let out_len = match w.ends {
        Ends::Discard => n.saturating_sub(w.before + w.after),
        _ => n,
    };
    let mut buf: Vec<f64> = Vec::new();
    let y = lanes(&a, k, out_len, |lane, out| {
        let n = lane.len();
        let wrap = matches!(w.ends, Ends::Periodic | Ends::Same);
        if wrap && w.before + w.after >= n && n > 0 {
            return Err(Error::new(format!(
                "{fname}: WLEN must be shorter than the data for 'periodic' and 'same' end points"
            )));
        }
        // A filled window holds every element it spans: keep it in reach.
        if matches!(w.ends, Ends::Fill(_)) && w.before + w.after > MAX_FILLED {
            return Err(Error::new(format!(
                "{fname}: a window of {} elements is too long to fill (at most {MAX_FILLED})",
                w.before + w.after + 1
            )));
        }
        for i in 0..n {
            let full = i >= w.before && i + w.after < n;
            if w.ends == Ends::Discard && !full {
                continue;
            }
            buf.clear();
            match w.ends {
                // Elements past the ends are the fill value (NaN for
                // 'fill'), counted like the others.
                Ends::Fill(v) if !full => {
                    let lo = i.saturating_sub(w.before);
                    let hi = (i + w.after).min(n - 1);
                    let missing = (w.before - (i - lo)) + (w.after - (hi - i));
                    buf.extend(std::iter::repeat_n(v, missing.min(w.before + w.after)));
                    buf.extend_from_slice(&lane[lo..=hi]);
                }
                Ends::Periodic | Ends::Same if !full => {
                    for off in 0..=(w.before + w.after) {
                        let j = i as isize + off as isize - w.before as isize;
                        let v = if w.ends == Ends::Periodic {
                            lane[j.rem_euclid(n as isize) as usize]
                        } else {
                            lane[j.clamp(0, n as isize - 1) as usize]
                        };
                        buf.push(v);
                    }
                }
                _ => {
                    let lo = i.saturating_sub(w.before);
                    let hi = (i + w.after).min(n - 1);
                    buf.extend_from_slice(&lane[lo..=hi]);
                }
            }
            if w.omit_nan {
                buf.retain(|v| !v.is_nan());
            }
            out.push(stat(&buf, w1));
        }
        Ok(())
    })?;
    let v = Value::Num(y);
    Ok(vec![if keep_class && !matches!(x, Value::Bool(_)) {
        ops::classes::in_class_of(x, v)?
    } else {
        float_out(v, is_single(x))?
    }])
}

fn mean_of(b: &[f64]) -> f64 {
    b.iter().sum::<f64>() / b.len() as f64
}

fn var_of(b: &[f64], w1: bool) -> f64 {
    let n = b.len() as f64;
    match b.len() {
        0 => f64::NAN,
        1 => 0.0,
        _ => {
            let m = mean_of(b);
            let s = b.iter().map(|v| (v - m).powi(2)).sum::<f64>();
            s / if w1 { n } else { n - 1.0 }
        }
    }
}

fn extreme(b: &[f64], max: bool) -> f64 {
    if b.is_empty() {
        return f64::NAN;
    }
    if b.iter().any(|v| v.is_nan()) {
        return f64::NAN;
    }
    b.iter().copied().fold(
        if max {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        },
        |a, v| {
            if max {
                a.max(v)
            } else {
                a.min(v)
            }
        },
    )
}

fn median_of(b: &[f64]) -> f64 {
    if b.is_empty() || b.iter().any(|v| v.is_nan()) {
        return f64::NAN;
    }
    let mut v = b.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// movmean: moving mean.
///
/// `M = movmean(A, k)` returns the mean of each window of k elements
/// centred on each element of A (k odd: (k-1)/2 on either side; k even:
/// k/2 before and k/2-1 after), along the first non-singleton dimension.
/// Near the ends the window shrinks to the elements there are.
///
/// `M = movmean(A, [kb kf])` uses kb elements before and kf after.
///
/// `M = movmean(..., dim)` works along dimension dim; `movmean(...,
/// nanflag)` with `'includenan'` (default) or `'omitnan'`;
/// `movmean(..., 'Endpoints', e)` with e `'shrink'` (default), `'discard'`
/// (only full windows), `'fill'` (the missing elements are NaN), a number
/// (the missing elements are that number), or Octave's `'periodic'` and
/// `'same'`. The other moving statistics take the same
/// forms.
///
/// ```text
/// >> movmean([4 8 6 -1 -2 -3], 3)
/// ans =
///
///    6.0000   6.0000   4.3333   1.0000  -2.0000  -2.5000
///
/// ```
pub fn movmean(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    moving("movmean", args, false, false, |b, _| mean_of(b))
}

/// movsum: moving sum.
///
/// `S = movsum(A, k)` returns the sum of each window of k elements centred
/// on each element of A; `movsum(A, [kb kf])` of kb elements before and kf
/// after. dim, nanflag and `'Endpoints'` as for `movmean`.
///
/// ```text
/// >> movsum([1 2 3 4 5], 3)
/// ans =
///
///     3    6    9   12    9
///
/// ```
pub fn movsum(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    moving("movsum", args, false, true, |b, _| b.iter().sum())
}

/// movprod: moving product.
///
/// `P = movprod(A, k)` returns the product of each window of k elements
/// centred on each element of A; `movprod(A, [kb kf])` of kb elements
/// before and kf after. dim, nanflag and `'Endpoints'` as for `movmean`.
///
/// ```text
/// >> movprod([1 2 3 4 5], 3)
/// ans =
///
///     2    6   24   60   20
///
/// ```
pub fn movprod(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    moving("movprod", args, false, true, |b, _| b.iter().product())
}

/// movmax: moving maximum.
///
/// `M = movmax(A, k)` returns the largest element of each window of k
/// elements centred on each element of A; `movmax(A, [kb kf])` of kb
/// elements before and kf after. dim, nanflag and `'Endpoints'` as for
/// `movmean`.
///
/// ```text
/// >> movmax([4 8 6 -1 -2 -3], 3)
/// ans =
///
///    8   8   8   6  -1  -2
///
/// ```
pub fn movmax(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    moving("movmax", args, false, true, |b, _| extreme(b, true))
}

/// movmin: moving minimum.
///
/// `M = movmin(A, k)` returns the smallest element of each window of k
/// elements centred on each element of A; `movmin(A, [kb kf])` of kb
/// elements before and kf after. dim, nanflag and `'Endpoints'` as for
/// `movmean`.
///
/// ```text
/// >> movmin([4 8 6 -1 -2 -3], 3)
/// ans =
///
///    4   4  -1  -2  -3  -3
///
/// ```
pub fn movmin(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    moving("movmin", args, false, true, |b, _| extreme(b, false))
}

/// movmedian: moving median.
///
/// `M = movmedian(A, k)` returns the median of each window of k elements
/// centred on each element of A; `movmedian(A, [kb kf])` of kb elements
/// before and kf after. dim, nanflag and `'Endpoints'` as for `movmean`.
///
/// ```text
/// >> movmedian([4 8 6 -1 -2 -3], 3)
/// ans =
///
///    6.0000   6.0000   6.0000  -1.0000  -2.0000  -2.5000
///
/// ```
pub fn movmedian(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    moving("movmedian", args, false, false, |b, _| median_of(b))
}

/// movstd: moving standard deviation.
///
/// `S = movstd(A, k)` returns the standard deviation (normalized by n - 1)
/// of each window of k elements centred on each element of A;
/// `movstd(A, [kb kf])` of kb elements before and kf after.
///
/// `S = movstd(A, k, w)` normalizes by n when w is 1 (0 is the default).
/// dim, nanflag and `'Endpoints'` follow, as for `movmean`.
///
/// ```text
/// >> movstd([1 2 4 8], 3)
/// ans =
///
///    0.7071   1.5275   3.0551   2.8284
///
/// ```
pub fn movstd(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    moving("movstd", args, true, false, |b, w1| var_of(b, w1).sqrt())
}

/// movvar: moving variance.
///
/// `V = movvar(A, k)` returns the variance (normalized by n - 1) of each
/// window of k elements centred on each element of A; `movvar(A, [kb kf])`
/// of kb elements before and kf after.
///
/// `V = movvar(A, k, w)` normalizes by n when w is 1 (0 is the default).
/// dim, nanflag and `'Endpoints'` follow, as for `movmean`.
///
/// ```text
/// >> movvar([1 2 4 8], 3)
/// ans =
///
///    0.5000   2.3333   9.3333   8.0000
///
/// ```
pub fn movvar(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    moving("movvar", args, true, false, var_of)
}

/// detrend: remove a polynomial trend.
///
/// `y = detrend(x)` removes the best straight-line fit from the vector x,
/// or from each column of a matrix.
///
/// `y = detrend(x, n)` removes a polynomial trend of degree n (an integer;
/// `'constant'` is 0, `'linear'` 1).
///
/// `y = detrend(x, n, bp)` removes a continuous piecewise polynomial trend
/// with breakpoints at the sample indices bp.
///
/// ```text
/// >> detrend([1 3 2 5])
/// ans =
///
///   -0.1000   0.8000  -1.3000   0.6000
///
/// ```
pub fn detrend(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const F: &str = "detrend";
    check_nargs(&args, 1, 3, F)?;
    let x = &args[0];
    if !x.is_numeric() || x.dims_ref().ndims() > 2 {
        return Err(Error::new("detrend: X must be a numeric vector or matrix"));
    }
    let bad = || Error::new("detrend: P must be \"constant\", \"linear\", or a positive integer");
    let p = match args.get(1) {
        None => 1,
        Some(v) => match opt_str(v).as_deref() {
            Some("constant") => 0,
            Some("linear") => 1,
            Some(_) => return Err(bad()),
            None => {
                if v.numel() != 1 {
                    return Err(bad());
                }
                let p = v.scalar_f64(F).map_err(|_| bad())?;
                if !(p >= 0.0 && p.fract() == 0.0 && p <= 64.0) {
                    return Err(bad());
                }
                p as usize
            }
        },
    };
    let bps: Vec<f64> = match args.get(2) {
        Some(v) => {
            let mut b = super::real_data(v, F)?.into_vec();
            b.sort_by(f64::total_cmp);
            b.dedup();
            b
        }
        None => vec![],
    };
    let row = x.dims_ref().rows() == 1;
    let xc = if row {
        x.clone()
            .reshaped(Dims::col(x.numel()))
            .ok_or_else(|| Error::new("detrend: internal size error"))?
    } else {
        x.clone()
    };
    let r = xc.dims().get(0);
    // Basis: 1, t, ..., t^p, and (t - bp)^j for t past each breakpoint
    // (j = 1..p), so each piece is its own polynomial, joined continuously.
    let t: Vec<f64> = (1..=r).map(|i| i as f64).collect();
    let inner: Vec<f64> = bps
        .iter()
        .copied()
        .filter(|&b| b > 1.0 && b < r as f64)
        .collect();
    let cols = p + 1 + inner.len() * p;
    let n = crate::ops::checked_numel(&[r, cols])?;
    let mut b = crate::ops::alloc_vec(n)?;
    for j in 0..=p {
        b.extend(t.iter().map(|&ti| ti.powi(j as i32)));
    }
    for &bp in &inner {
        for j in 1..=p {
            b.extend(t.iter().map(|&ti| {
                if ti > bp {
                    (ti - bp).powi(j as i32)
                } else {
                    0.0
                }
            }));
        }
    }
    let bm = Value::Num(Array::new(Dims::mat(r, cols), b));
    let coef = crate::ops::binary(BinOp::MatLeftDiv, &bm, &xc)?;
    let fit = crate::ops::binary(BinOp::MatMul, &bm, &coef)?;
    let y = crate::ops::binary(BinOp::Sub, &xc, &fit)?;
    let y = if row {
        let n = y.numel();
        y.reshaped(Dims::row(n))
            .ok_or_else(|| Error::new("detrend: internal size error"))?
    } else {
        y
    };
    Ok(vec![y])
}
