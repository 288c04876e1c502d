//! `normalize`: MATLAB's centring and scaling methods along a dimension.

use super::stats::{dim_of, quantile_of, sorted};
use super::{check_nargs, default_dim, float_out, is_single, lanes, opt_str};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::ops;
use crate::syntax::ast::BinOp;
use crate::value::Value;

/// How `normalize` transforms each lane.
enum Method {
    ZscoreStd,
    ZscoreRobust,
    Norm(f64),
    ScaleStd,
    ScaleMad,
    ScaleFirst,
    ScaleIqr,
    ScaleBy(Value),
    Range(f64, f64),
    CenterMean,
    CenterMedian,
    CenterBy(Value),
    MedianIqr,
}

fn median_of(lane: &[f64]) -> f64 {
    let (v, m) = sorted(lane);
    if m == 0 || m != lane.len() {
        return f64::NAN;
    }
    if m % 2 == 1 {
        v[m / 2]
    } else {
        (v[m / 2 - 1] + v[m / 2]) / 2.0
    }
}

fn std_of(lane: &[f64]) -> f64 {
    let n = lane.len() as f64;
    if lane.len() <= 1 {
        return 0.0;
    }
    let mean = lane.iter().sum::<f64>() / n;
    (lane.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
}

/// (center, scale) of one lane by the method; data become (x - c) / s.
fn center_scale(lane: &[f64], m: &Method) -> (f64, f64) {
    let n = lane.len() as f64;
    let mean = || lane.iter().sum::<f64>() / n;
    let mad = || {
        let med = median_of(lane);
        let dev: Vec<f64> = lane.iter().map(|v| (v - med).abs()).collect();
        median_of(&dev)
    };
    let iqr = || {
        let (v, k) = sorted(lane);
        quantile_of(&v, k, 0.75, 5) - quantile_of(&v, k, 0.25, 5)
    };
    match m {
        Method::ZscoreStd => (mean(), std_of(lane)),
        Method::ZscoreRobust => (median_of(lane), mad()),
        Method::Norm(p) => {
            let s = if p.is_infinite() {
                lane.iter().fold(0.0f64, |a, v| a.max(v.abs()))
            } else {
                lane.iter()
                    .map(|v| v.abs().powf(*p))
                    .sum::<f64>()
                    .powf(1.0 / p)
            };
            (0.0, s)
        }
        Method::ScaleStd => (0.0, std_of(lane)),
        Method::ScaleMad => (0.0, mad()),
        Method::ScaleFirst => (0.0, lane.first().copied().unwrap_or(f64::NAN)),
        Method::ScaleIqr => (0.0, iqr()),
        Method::Range(a, b) => {
            let lo = lane.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = lane.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            // x -> a + (x - lo) / (hi - lo) * (b - a) as (x - c) / s.
            let s = (hi - lo) / (b - a);
            (lo - a * s, s)
        }
        Method::CenterMean => (mean(), 1.0),
        Method::CenterMedian => (median_of(lane), 1.0),
        Method::MedianIqr => (median_of(lane), iqr()),
        Method::ScaleBy(_) | Method::CenterBy(_) => (0.0, 1.0),
    }
}

/// The method and its type from normalize's arguments after X and DIM.
fn normalize_method(rest: &[Value]) -> Result<Method> {
    let bad = |s: &str| Error::new(format!("normalize: unknown method or method type '{s}'"));
    let Some(first) = rest.first() else {
        return Ok(Method::ZscoreStd);
    };
    let name = opt_str(first).ok_or_else(|| Error::new("normalize: METHOD must be a string"))?;
    let ty = rest.get(1);
    let ty_str = ty.and_then(opt_str);
    if rest.len() > 2 {
        return Err(Error::new("Invalid call to normalize"));
    }
    Ok(match name.as_str() {
        "zscore" => match ty_str.as_deref() {
            None | Some("std") => Method::ZscoreStd,
            Some("robust") => Method::ZscoreRobust,
            Some(s) => return Err(bad(s)),
        },
        "norm" => match ty {
            None => Method::Norm(2.0),
            Some(v) => {
                let p = v.scalar_f64("normalize")?;
                if p.is_nan() || p <= 0.0 {
                    return Err(Error::new("normalize: P must be a positive number"));
                }
                Method::Norm(p)
            }
        },
        "scale" => match (ty_str.as_deref(), ty) {
            (None, None) | (Some("std"), _) => Method::ScaleStd,
            (Some("mad"), _) => Method::ScaleMad,
            (Some("first"), _) => Method::ScaleFirst,
            (Some("iqr"), _) => Method::ScaleIqr,
            (None, Some(v)) => Method::ScaleBy(v.clone()),
            (Some(s), _) => return Err(bad(s)),
        },
        "range" => match ty {
            None => Method::Range(0.0, 1.0),
            Some(v) => {
                let r = v.to_num_array("normalize")?;
                match r.data() {
                    [a, b] if a < b => Method::Range(*a, *b),
                    _ => {
                        return Err(Error::new(
                            "normalize: RANGE must be a two-element increasing vector",
                        ))
                    }
                }
            }
        },
        "center" => match (ty_str.as_deref(), ty) {
            (None, None) | (Some("mean"), _) => Method::CenterMean,
            (Some("median"), _) => Method::CenterMedian,
            (None, Some(v)) => Method::CenterBy(v.clone()),
            (Some(s), _) => return Err(bad(s)),
        },
        "medianiqr" => Method::MedianIqr,
        other => return Err(bad(other)),
    })
}

/// normalize: normalize data.
///
/// `N = normalize(A)` returns the z-scores of A along the first
/// non-singleton dimension: (A - mean) / std, std normalized by n - 1.
///
/// `N = normalize(A, dim)` works along dimension dim.
///
/// `N = normalize(..., method, type)` picks the method: `'zscore'` (type
/// `'std'`, the default, or `'robust'`: median and median absolute
/// deviation), `'norm'` (type p, default 2: divide by the p-norm, Inf
/// allowed), `'scale'` (type `'std'` default, `'mad'`, `'first'`, `'iqr'`
/// or a number or array to divide by), `'range'` (type [a b], default
/// [0 1]: map the lane's range onto it), `'center'` (type `'mean'`
/// default, `'median'`, or a number or array to subtract) and
/// `'medianiqr'` (median subtracted, divided by the interquartile range).
///
/// `[N, C, S] = normalize(...)` also returns the centring and scaling
/// values, with N = (A - C) ./ S.
///
/// ```text
/// >> normalize([1 2 3], 'range')
/// ans =
///
///         0   0.5000   1.0000
///
/// ```
pub fn normalize(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const F: &str = "normalize";
    check_nargs(&args, 1, 4, F)?;
    super::check_nargout(ctx, 3, F)?;
    let x = &args[0];
    if !(x.is_numeric() || matches!(x, Value::Bool(_))) {
        return Err(Error::new("normalize: A must be a numeric array"));
    }
    let (k, rest) = match args.get(1) {
        Some(v) if !matches!(v, Value::Char(_)) => (dim_of(v, F)?, &args[2..]),
        _ => (default_dim(x.dims_ref()), &args[1..]),
    };
    let method = normalize_method(rest)?;
    let single = is_single(x);
    let xf = if single {
        x.clone()
    } else {
        Value::Num(x.to_num_array(F)?)
    };
    let (c, s) = match &method {
        Method::ScaleBy(v) => (Value::num(0.0), v.clone()),
        Method::CenterBy(v) => (v.clone(), Value::num(1.0)),
        m => {
            let a = super::real_data(x, F)?;
            let part = |which: usize| {
                lanes(&a, k, 1, |lane, out| {
                    let cs = center_scale(lane, m);
                    out.push(if which == 0 { cs.0 } else { cs.1 });
                    Ok(())
                })
            };
            (
                float_out(Value::Num(part(0)?), single)?,
                float_out(Value::Num(part(1)?), single)?,
            )
        }
    };
    let n = ops::binary(BinOp::Div, &ops::binary(BinOp::Sub, &xf, &c)?, &s)?;
    Ok(vec![n, c, s])
}
