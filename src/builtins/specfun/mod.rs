//! Special functions: gamma and beta families (`gamma`, `gammaln`, `psi`,
//! `gammainc`, `betainc` and their inverses, `expint`), the error functions
//! (`erf`, `erfc`, `erfcx`, `erfi`, `erfinv`, `erfcinv`; complex ones
//! through the Faddeeva function in `faddeeva`), Bessel, Hankel and Airy
//! functions, and the rest (`legendre`, `ellipke`, `factor`, `perms`,
//! `cbrt`, `realpow`).
//!
//! Every function is element-wise with implicit expansion. They compute in
//! double: a single operand makes the result single, integer, logical and
//! char operands give doubles (as Octave). The numerical kernels are plain
//! `f64`/`C64` functions in `kernels` so they can be unit-tested against
//! reference values; the builtins only check and shape their arguments.

mod bessel;
mod erf;
mod faddeeva;
mod gamma;
mod incomplete;
mod kernels;
mod misc;

pub(crate) use erf::erfinv_k;

/// Student's t cumulative distribution with n degrees of freedom, through
/// the regularized incomplete beta function (for corrcoef's p-values).
pub(crate) fn tcdf(x: f64, n: f64) -> f64 {
    if x.is_nan() || n.is_nan() || n <= 0.0 {
        return f64::NAN;
    }
    if x.is_infinite() {
        return if x > 0.0 { 1.0 } else { 0.0 };
    }
    let xx = x * x;
    let lower = if xx > n {
        incomplete::betainc_k(n / (n + xx), n / 2.0, 0.5, false) / 2.0
    } else {
        0.5 * (1.0 - incomplete::betainc_k(xx / (n + xx), 0.5, n / 2.0, false))
    };
    if x > 0.0 {
        1.0 - lower
    } else {
        lower
    }
}

use super::util::zip_map;
use super::Builtin;
use crate::error::{Error, Result};
use crate::ops::classes::to_single_result;
use crate::value::{Array, Value, C64};

pub const TABLE: &[Builtin] = table![
    "gamma" => gamma::gamma,
    "gammaln" => gamma::gammaln,
    "lgamma" => gamma::gammaln,
    "psi" => gamma::psi,
    "beta" => gamma::beta,
    "betaln" => gamma::betaln,
    "expint" => gamma::expint,
    "gammainc" => incomplete::gammainc,
    "gammaincinv" => incomplete::gammaincinv,
    "betainc" => incomplete::betainc,
    "betaincinv" => incomplete::betaincinv,
    "erf" => erf::erf,
    "erfc" => erf::erfc,
    "erfcx" => erf::erfcx,
    "erfi" => erf::erfi,
    "erfinv" => erf::erfinv,
    "erfcinv" => erf::erfcinv,
    "besselj" => bessel::besselj,
    "bessely" => bessel::bessely,
    "besseli" => bessel::besseli,
    "besselk" => bessel::besselk,
    "besselh" => bessel::besselh,
    "airy" => bessel::airy,
    "legendre" => misc::legendre,
    "ellipke" => misc::ellipke,
    "factor" => misc::factor,
    "perms" => misc::perms,
    "cbrt" => misc::cbrt,
    "realpow" => misc::realpow,
];

/// A numeric operand as doubles, and whether it was single.
pub(crate) struct Real {
    pub a: Array<f64>,
    pub single: bool,
}

fn is_single(v: &Value) -> bool {
    matches!(v, Value::Single(_) | Value::SingleComplex(_))
}

/// Octave's "not defined for complex" wording: scalar or matrix.
fn complex_error(fname: &str, v: &Value) -> Error {
    let what = if v.dims().numel() == 1 {
        "scalar"
    } else {
        "matrix"
    };
    Error::new(format!("{fname}: not defined for complex {what}"))
}

/// A real operand (numeric, logical or char); complex values with a
/// nonzero imaginary part are `complex_msg` (or Octave's "not defined for
/// complex" when `None`), containers "wrong type argument".
pub(crate) fn real_operand(fname: &str, v: &Value, complex_msg: Option<&str>) -> Result<Real> {
    if matches!(v, Value::Cell(_) | Value::Struct(_) | Value::Func(_)) {
        return Err(Error::wrong_type(fname, v.class_name()));
    }
    if v.is_complex() {
        let nonreal = v
            .to_complex_array(fname)?
            .data()
            .iter()
            .any(|z| z.im != 0.0);
        if nonreal {
            return Err(match complex_msg {
                Some(m) => Error::new(format!("{fname}: {m}")),
                None => complex_error(fname, v),
            });
        }
    }
    Ok(Real {
        a: v.to_num_array(fname)?,
        single: is_single(v),
    })
}

/// Doubles as the result class: single when any operand was single.
pub(crate) fn out_real(a: Array<f64>, single: bool) -> Result<Value> {
    let v = Value::Num(a);
    if single {
        to_single_result(v)
    } else {
        Ok(v)
    }
}

/// Complex doubles as the result class, narrowed to real when every
/// imaginary part is zero.
pub(crate) fn out_complex(a: Array<C64>, single: bool) -> Result<Value> {
    let v = Value::Complex(a).narrowed();
    if single {
        to_single_result(v)
    } else {
        Ok(v)
    }
}

/// `f` applied to every element of a real operand.
pub(crate) fn map_real(fname: &str, v: &Value, f: impl Fn(f64) -> f64) -> Result<Value> {
    let r = real_operand(fname, v, None)?;
    out_real(r.a.try_map(|&x| f(x))?, r.single)
}

/// `f` on two real operands with implicit expansion; `sizes_msg` replaces
/// the nonconformant error when the function has its own.
pub(crate) fn zip_real(
    fname: &str,
    a: &Real,
    b: &Real,
    sizes_msg: Option<&str>,
    f: impl FnMut(&f64, &f64) -> f64,
) -> Result<Value> {
    let r = zip_map(fname, &a.a, &b.a, f).map_err(|e| match sizes_msg {
        Some(m) if !is_resource_error(&e) => Error::new(format!("{fname}: {m}")),
        _ => e,
    })?;
    out_real(r, a.single || b.single)
}

fn is_resource_error(e: &Error) -> bool {
    e.to_string().contains("out of memory")
}

/// Three real operands expanded to one size (scalars and equal sizes; a
/// mismatch is `NAME: MSG`).
pub(crate) fn common_size3(
    fname: &str,
    ops: [&Array<f64>; 3],
    msg: &str,
) -> Result<(crate::value::Dims, usize)> {
    let mut dims: Option<crate::value::Dims> = None;
    for a in ops {
        if a.numel() == 1 {
            continue;
        }
        match &dims {
            None => dims = Some(a.dims().clone()),
            Some(d) if d == a.dims() => {}
            Some(_) => return Err(Error::new(format!("{fname}: {msg}"))),
        }
    }
    let d = dims.unwrap_or_else(|| ops[0].dims().clone());
    let n = d.numel();
    Ok((d, n))
}

/// Element `k` of an operand that is either a scalar or of the common size.
pub(crate) fn at(a: &Array<f64>, k: usize) -> f64 {
    let d = a.data();
    if d.len() == 1 {
        d[0]
    } else {
        d.get(k).copied().unwrap_or(f64::NAN)
    }
}

/// A trailing text option, lowercased.
pub(crate) fn text_opt(v: &Value) -> Option<String> {
    crate::builtins::reduce::opt_str(v)
}

#[cfg(test)]
mod kernel_tests {
    #[test]
    fn inverse_erf_and_t_distribution_against_known_values() {
        assert!((super::erfinv_k(0.95) - 1.385_903_824_349_678).abs() < 1e-13);
        // t with 1 degree of freedom is Cauchy: P(T <= 1) = 3/4.
        assert!((super::tcdf(1.0, 1.0) - 0.75).abs() < 1e-13);
        assert!((super::tcdf(-1.0, 1.0) - 0.25).abs() < 1e-13);
        assert!((super::tcdf(0.0, 7.0) - 0.5).abs() < 1e-15);
    }
}
