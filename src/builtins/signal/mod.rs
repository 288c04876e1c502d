//! Signal processing and data statistics: Fourier transforms (`fft`:
//! fft, ifft, fft2, ifft2, fftn, ifftn, fftshift, ifftshift, nextpow2,
//! through the rustfft crate, any length), digital filters and 2-D
//! convolution (`filter`: filter, filter2, conv2), descriptive statistics
//! (`stats`: cov, corrcoef, corr, quantile, prctile, iqr, range, center,
//! zscore, rescale, bounds, skewness, kurtosis; `normalize`; `special`:
//! the special functions behind corrcoef's p-values), counting (`accum`:
//! histc, histcounts, accumarray) and moving-window statistics (`moving`:
//! movmean, movsum, movmax, movmin, movmedian, movprod, movstd, movvar,
//! detrend).
//!
//! Everything computes in double (complex where the data are); a single
//! operand makes the result single, integers and logicals count as the
//! doubles they equal. This file holds the table and the lane walk along a
//! dimension that every family shares.

mod accum;
pub(crate) use accum::nice_width;
mod fft;
mod filter;
mod moving;
mod normalize;
mod stats;

use super::{Builtin, BuiltinFn};
use crate::error::{Error, Result};
use crate::ops::classes::to_single_result;
use crate::value::{Array, Value};

pub(crate) use super::reduce::{check_nargout, check_nargs, default_dim, num_arg, opt_str, Num};

pub const TABLE: &[Builtin] = &[
    plain("fft", fft::fft),
    plain("ifft", fft::ifft),
    plain("fft2", fft::fft2),
    plain("ifft2", fft::ifft2),
    plain("fftn", fft::fftn),
    plain("ifftn", fft::ifftn),
    plain("fftshift", fft::fftshift),
    plain("ifftshift", fft::ifftshift),
    plain("nextpow2", fft::nextpow2),
    plain("filter", filter::filter),
    plain("filter2", filter::filter2),
    plain("conv2", filter::conv2),
    plain("cov", stats::cov),
    plain("corrcoef", stats::corrcoef),
    plain("corr", stats::corr),
    plain("quantile", stats::quantile),
    plain("prctile", stats::prctile),
    plain("iqr", stats::iqr),
    plain("range", stats::range),
    plain("center", stats::center),
    plain("zscore", stats::zscore),
    plain("normalize", normalize::normalize),
    plain("rescale", stats::rescale),
    plain("bounds", stats::bounds),
    plain("skewness", stats::skewness),
    plain("kurtosis", stats::kurtosis),
    plain("histc", accum::histc),
    plain("histcounts", accum::histcounts),
    plain("movmean", moving::movmean),
    plain("movsum", moving::movsum),
    plain("movmax", moving::movmax),
    plain("movmin", moving::movmin),
    plain("movmedian", moving::movmedian),
    plain("movstd", moving::movstd),
    plain("movvar", moving::movvar),
    plain("movprod", moving::movprod),
    plain("detrend", moving::detrend),
    Builtin {
        name: "accumarray",
        func: accum::accumarray,
        calls_back: true,
    },
];

/// A table entry that does not call functions back.
const fn plain(name: &'static str, func: BuiltinFn) -> Builtin {
    Builtin {
        name,
        func,
        calls_back: false,
    }
}

/// The highest dimension a DIM argument may name: beyond the rank every
/// extent is 1, and a result never needs more than this many.
const MAX_DIM: usize = 64;

/// Whether the value is of class single (real or complex).
pub(crate) fn is_single(v: &Value) -> bool {
    matches!(v, Value::Single(_) | Value::SingleComplex(_))
}

/// A result computed in double, narrowed to real when every imaginary part
/// is zero, and rounded to single when an operand was single.
pub(crate) fn float_out(v: Value, single: bool) -> Result<Value> {
    let v = v.narrowed();
    if single {
        to_single_result(v)
    } else {
        Ok(v)
    }
}

/// A DIM argument (1-based positive integer) as 0-based, or the function's
/// own error `msg`.
pub(crate) fn dim_arg(v: &Value, msg: &str) -> Result<usize> {
    let bad = || Error::new(msg.to_string());
    if !v.is_numeric() && !matches!(v, Value::Bool(_)) || v.numel() != 1 || v.is_complex() {
        return Err(bad());
    }
    let x = v.scalar_f64(msg).map_err(|_| bad())?;
    if !(1.0..=MAX_DIM as f64).contains(&x) || x.fract() != 0.0 {
        if x.fract() == 0.0 && x > MAX_DIM as f64 {
            return Err(Error::new(
                "out of memory or dimension too large for Octave's index type",
            ));
        }
        return Err(bad());
    }
    Ok(x as usize - 1)
}

/// Applies `f` to every lane of `a` along dimension `k` (0-based; beyond the
/// rank each element is a lane of one). `f` gets the lane and pushes
/// exactly `out_len` results, the lanes of the output whose dimension `k`
/// has extent `out_len`.
pub(crate) fn lanes<T: Clone, U: Clone + Default>(
    a: &Array<T>,
    k: usize,
    out_len: usize,
    mut f: impl FnMut(&[T], &mut Vec<U>) -> Result<()>,
) -> Result<Array<U>> {
    let d = a.dims();
    let stride: usize = d.as_slice().iter().take(k).product();
    let n = d.get(k);
    let outer: usize = d.as_slice().iter().skip(k + 1).product();
    let odims = d.with(k, out_len);
    let total = crate::ops::checked_numel(odims.as_slice())?;
    let mut out = crate::builtins::util::alloc_vec(total, U::default())?;
    let src = a.data();
    let mut buf: Vec<T> = Vec::with_capacity(n);
    let mut res: Vec<U> = Vec::with_capacity(out_len);
    for o in 0..outer {
        for s in 0..stride {
            let base = o * stride * n + s;
            buf.clear();
            buf.extend((0..n).filter_map(|j| src.get(base + j * stride).cloned()));
            res.clear();
            f(&buf, &mut res)?;
            let ob = o * stride * out_len + s;
            for (j, v) in res.drain(..).take(out_len).enumerate() {
                if let Some(slot) = out.get_mut(ob + j * stride) {
                    *slot = v;
                }
            }
        }
    }
    Ok(Array::new(odims, out))
}

/// Real data of a numeric, logical or char argument; complex values are
/// the function's error.
pub(crate) fn real_data(v: &Value, fname: &str) -> Result<Array<f64>> {
    match v {
        Value::Cell(_) | Value::Struct(_) | Value::Func(_) => {
            Err(Error::wrong_type(fname, v.class_name()))
        }
        Value::Complex(_) | Value::SingleComplex(_) => Err(Error::new(format!(
            "{fname}: X must be a real numeric array"
        ))),
        other => other.to_num_array(fname),
    }
}
