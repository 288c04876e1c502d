//! gamma, gammaln (lgamma), psi, beta, betaln, expint.

use super::kernels;
use super::{map_real, out_complex, real_operand, zip_real, Real};
use crate::builtins::reduce::{check_nargout, check_nargs};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::{Value, C64};

/// gamma: the gamma function.
///
/// `Y = gamma(X)` returns Γ(x) for every element of the real array X:
/// the integral of t^(x-1) e^(-t) from 0 to Inf, extended to negative x
/// by analytic continuation. It is Inf at 0 and the negative integers;
/// `gamma(n+1)` is `factorial(n)`. Single input gives single output.
///
/// ```text
/// >> gamma([0.5 5 -1.5])
/// ans =
///
///     1.7725   24.0000    2.3633
/// ```
pub fn gamma(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 1, 1, "gamma")?;
    check_nargout(ctx, 1, "gamma")?;
    Ok(vec![map_real("gamma", &args[0], kernels::gamma)?])
}

/// gammaln, lgamma: the logarithm of the gamma function.
///
/// `Y = gammaln(X)` (also `lgamma(X)`) returns ln Γ(x) for every element
/// of the real array X, without the overflow of `log(gamma(X))`. Where
/// Γ(x) is negative the result is complex, ln|Γ(x)| + iπ, as in Octave.
///
/// ```text
/// >> gammaln([1 10 100])
/// ans =
///
///           0    12.8018   359.1342
/// ```
pub fn gammaln(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 1, 1, "lgamma")?;
    check_nargout(ctx, 1, "lgamma")?;
    let r = real_operand("lgamma", &args[0], None)?;
    let c = r.a.try_map(|&x| {
        if x == f64::NEG_INFINITY {
            return C64::new(f64::INFINITY, 0.0);
        }
        let (l, s) = kernels::lgamma_sign(x);
        C64::new(l, if s < 0.0 { std::f64::consts::PI } else { 0.0 })
    })?;
    Ok(vec![out_complex(c, r.single)?])
}

/// psi: the digamma and polygamma functions.
///
/// `Y = psi(Z)` returns the digamma function ψ(z) = Γ'(z)/Γ(z) for every
/// element of Z (real or complex).
///
/// `Y = psi(K, Z)` returns the K-th derivative of ψ (the polygamma
/// function) for a non-negative integer K and real non-negative Z.
///
/// ```text
/// >> psi([1 2])
/// ans =
///
///   -0.5772   0.4228
/// ```
pub fn psi(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 1, 2, "psi")?;
    check_nargout(ctx, 1, "psi")?;
    let z = args.last().ok_or_else(|| Error::nargin("psi"))?;
    let k = if args.len() == 2 {
        let kv = real_operand("psi", &args[0], Some("K must be an integer"))?;
        let k = match kv.a.data() {
            [k] => *k,
            _ => return Err(Error::new("psi: K must be an integer")),
        };
        if k < 0.0 {
            return Err(Error::new("psi: K must be non-negative"));
        }
        if k != k.floor() || k > 1000.0 {
            return Err(Error::new("psi: K must be an integer"));
        }
        k as u32
    } else {
        0
    };
    if matches!(z, Value::Cell(_) | Value::Struct(_) | Value::Func(_)) {
        return Err(Error::wrong_type("psi", z.class_name()));
    }
    if k == 0 && z.is_complex() {
        let single = matches!(z, Value::SingleComplex(_));
        let c = z.to_complex_array("psi")?;
        return Ok(vec![out_complex(
            c.try_map(|&w| kernels::digamma_c(w))?,
            single,
        )?]);
    }
    if k == 0 {
        return Ok(vec![map_real("psi", z, kernels::digamma)?]);
    }
    let r = real_operand("psi", z, Some("Z must be real value for polygamma (K > 0)"))?;
    if r.a.data().iter().any(|&x| x < 0.0) {
        return Err(Error::new(
            "psi: Z must be non-negative for polygamma (K > 0)",
        ));
    }
    Ok(vec![super::out_real(
        r.a.try_map(|&x| kernels::polygamma(k, x))?,
        r.single,
    )?])
}

/// The two operands of beta and betaln: real, scalar or of one size.
fn beta_operands(fname: &str, args: &[Value]) -> Result<(Real, Real)> {
    check_nargs(args, 2, 2, fname)?;
    let msg = "A and B must be real";
    let a = real_operand(fname, &args[0], Some(msg))?;
    let b = real_operand(fname, &args[1], Some(msg))?;
    if a.a.numel() != 1 && b.a.numel() != 1 && a.a.dims() != b.a.dims() {
        return Err(Error::new(format!(
            "{fname}: A and B must have consistent sizes"
        )));
    }
    Ok((a, b))
}

/// beta: the beta function.
///
/// `B = beta(A, B)` returns B(a, b) = Γ(a)Γ(b)/Γ(a+b) element-wise; A and
/// B are real, of one size or scalars.
///
/// ```text
/// >> beta(2, 3)
/// ans = 0.083333
/// ```
pub fn beta(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "beta")?;
    let (a, b) = beta_operands("beta", &args)?;
    Ok(vec![zip_real("beta", &a, &b, None, |&x, &y| {
        kernels::beta(x, y)
    })?])
}

/// betaln: the logarithm of the beta function.
///
/// `Y = betaln(A, B)` returns ln B(a, b) element-wise, without the
/// underflow of `log(beta(A, B))` for large arguments.
///
/// ```text
/// >> betaln(3, 4)
/// ans = -4.0943
/// ```
pub fn betaln(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "betaln")?;
    let (a, b) = beta_operands("betaln", &args)?;
    Ok(vec![zip_real("betaln", &a, &b, None, |&x, &y| {
        kernels::betaln(x, y)
    })?])
}

/// expint: the exponential integral E1.
///
/// `Y = expint(X)` returns E1(x), the integral of e^(-t)/t from x to Inf,
/// for every element of X (real or complex). Negative real x gives the
/// complex value -Ei(-x) - iπ.
///
/// ```text
/// >> expint([0.5 1 2])
/// ans =
///
///    0.559774   0.219384   0.048901
/// ```
pub fn expint(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 1, 1, "expint")?;
    check_nargout(ctx, 1, "expint")?;
    let v = &args[0];
    match v {
        Value::Char(_) | Value::Cell(_) | Value::Struct(_) | Value::Func(_) | Value::Bool(_) => {
            return Err(Error::new("expint: X must be numeric"))
        }
        _ => {}
    }
    let single = matches!(v, Value::Single(_) | Value::SingleComplex(_));
    let c = v.to_complex_array("expint")?;
    // Real positive arguments carry a -0 imaginary part, as Octave's.
    let r = c.try_map(|&z| {
        let w = kernels::expint_c(z);
        if z.im == 0.0 && z.re > 0.0 {
            C64::new(w.re, -0.0)
        } else {
            w
        }
    })?;
    Ok(vec![out_complex(r, single)?])
}
