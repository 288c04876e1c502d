//! besselj, bessely, besseli, besselk, besselh and airy, through the
//! `complex-bessel` crate (a pure-Rust translation of Amos' algorithm 644,
//! the library MATLAB and Octave use), with its error codes as `ierr`.

use crate::builtins::reduce::{check_nargout, check_nargs};
use crate::builtins::util::zip_map;
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::{Array, Value, C64};
use complex_bessel::{Accuracy, Scaling};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    J,
    Y,
    I,
    K,
    H1,
    H2,
}

type SeqFn = fn(
    f64,
    C64,
    usize,
    Scaling,
) -> std::result::Result<complex_bessel::BesselResult<f64>, complex_bessel::Error>;

/// One value and Amos' ierr (0 ok, 1 input, 2 overflow, 3 reduced
/// accuracy, 4 no accuracy, 5 no convergence).
fn eval(kind: Kind, nu: f64, z: C64, scaled: bool) -> (C64, f64) {
    let nan = C64::new(f64::NAN, f64::NAN);
    if nu.is_nan() || z.re.is_nan() || z.im.is_nan() {
        return (C64::new(f64::NAN, 0.0), 0.0);
    }
    if z.re.is_infinite() || z.im.is_infinite() || nu.is_infinite() {
        return (C64::new(f64::NAN, 0.0), 4.0);
    }
    let zero = z.re == 0.0 && z.im == 0.0;
    if zero {
        match kind {
            Kind::Y => return (C64::new(f64::NEG_INFINITY, 0.0), 0.0),
            Kind::K => return (C64::new(f64::INFINITY, 0.0), 0.0),
            Kind::H1 | Kind::H2 => return (nan, 1.0),
            _ => {
                if nu == 0.0 {
                    return (C64::new(1.0, 0.0), 0.0);
                }
                if nu > 0.0 || nu == nu.floor() {
                    return (C64::new(0.0, 0.0), 0.0);
                }
                return (C64::new(f64::INFINITY, 0.0), 0.0);
            }
        }
    }
    let f: SeqFn = match kind {
        Kind::J => complex_bessel::besselj_seq,
        Kind::Y => complex_bessel::bessely_seq,
        Kind::I => complex_bessel::besseli_seq,
        Kind::K => complex_bessel::besselk_seq,
        Kind::H1 => complex_bessel::hankel1_seq,
        Kind::H2 => complex_bessel::hankel2_seq,
    };
    let scaling = if scaled {
        Scaling::Exponential
    } else {
        Scaling::Unscaled
    };
    match f(nu, z, 1, scaling) {
        Ok(r) => {
            let v = r.values.first().copied().unwrap_or(nan);
            let ierr = if r.status == Accuracy::Reduced {
                3.0
            } else {
                0.0
            };
            (v, ierr)
        }
        Err(e) => error_value(e),
    }
}

fn error_value(e: complex_bessel::Error) -> (C64, f64) {
    match e {
        complex_bessel::Error::InvalidInput => (C64::new(f64::NAN, 0.0), 1.0),
        complex_bessel::Error::Overflow => (C64::new(f64::INFINITY, 0.0), 2.0),
        complex_bessel::Error::TotalPrecisionLoss => (C64::new(f64::NAN, 0.0), 4.0),
        complex_bessel::Error::ConvergenceFailure => (C64::new(f64::NAN, 0.0), 5.0),
    }
}

/// The OPT argument: 0/false or 1/true.
fn opt_arg(fname: &str, v: Option<&Value>) -> Result<bool> {
    let Some(v) = v else {
        return Ok(false);
    };
    let bad = || Error::new(format!("{fname}: OPT must be 0 (or false) or 1 (or true)"));
    let a = v.to_num_array(fname).map_err(|_| bad())?;
    match a.data() {
        [x] if *x == 0.0 => Ok(false),
        [x] if *x == 1.0 => Ok(true),
        _ => Err(bad()),
    }
}

fn is_single(v: &Value) -> bool {
    matches!(v, Value::Single(_) | Value::SingleComplex(_))
}

/// Order and argument: real order, numeric argument (real or complex).
fn order_and_arg(fname: &str, nu: &Value, x: &Value) -> Result<(Array<f64>, Array<C64>)> {
    let nu_ok = matches!(nu, Value::Num(_) | Value::Single(_) | Value::Bool(_))
        || (nu.is_complex() && nu.to_num_array(fname).is_ok());
    if !nu_ok {
        return Err(Error::new(format!(
            "{fname}: ALPHA must be a scalar or matrix"
        )));
    }
    let x_ok = matches!(
        x,
        Value::Num(_)
            | Value::Single(_)
            | Value::Complex(_)
            | Value::SingleComplex(_)
            | Value::Bool(_)
    );
    if !x_ok {
        return Err(Error::new(format!("{fname}: X must be a scalar or matrix")));
    }
    Ok((nu.to_num_array(fname)?, x.to_complex_array(fname)?))
}

/// Whether the function is real on this real argument.
fn real_valued(kind: Kind, nu: f64, z: C64) -> bool {
    if z.im != 0.0 {
        return false;
    }
    match kind {
        Kind::H1 | Kind::H2 => false,
        Kind::Y | Kind::K => z.re >= 0.0,
        Kind::J | Kind::I => z.re >= 0.0 || nu == nu.floor(),
    }
}

fn bessel_common(
    ctx: &mut Ctx,
    fname: &str,
    kind: Kind,
    nu: &Value,
    x: &Value,
    opt: Option<&Value>,
) -> Result<Vec<Value>> {
    check_nargout(ctx, 2, fname)?;
    let scaled = opt_arg(fname, opt)?;
    let (na, xa) = order_and_arg(fname, nu, x)?;
    let r = zip_map(fname, &na, &xa, |&n, &z| {
        let (mut v, ierr) = eval(kind, n, z, scaled);
        if real_valued(kind, n, z) {
            v.im = 0.0;
        }
        (v, ierr)
    })?;
    let vals = r.try_map(|p| p.0)?;
    let ierr = r.try_map(|p| p.1)?;
    let single = is_single(nu) || is_single(x);
    let mut out = vec![super::out_complex(vals, single)?];
    if ctx.nargout >= 2 {
        out.push(Value::Num(ierr));
    }
    Ok(out)
}

/// besselj: Bessel functions of the first kind.
///
/// `J = besselj(NU, X)` returns J_nu(x) for real orders NU and real or
/// complex arguments X, with implicit expansion (a row of orders and a
/// column of arguments give a table).
///
/// `J = besselj(NU, X, 1)` scales the result by exp(-abs(imag(x))).
///
/// `[J, IERR] = besselj(...)` also returns Amos' error flag per element:
/// 0 success, 1 bad input, 2 overflow, 3 reduced accuracy, 4 no accuracy
/// (argument or order too large), 5 no convergence.
///
/// ```text
/// >> besselj(0, [1 2])
/// ans =
///
///    0.7652   0.2239
/// ```
pub fn besselj(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 2, 3, "besselj")?;
    bessel_common(ctx, "besselj", Kind::J, &args[0], &args[1], args.get(2))
}

/// bessely: Bessel functions of the second kind.
///
/// `Y = bessely(NU, X)` returns Y_nu(x) element-wise (complex for
/// negative real x); Y is -Inf at x = 0.
///
/// `Y = bessely(NU, X, 1)` scales the result by exp(-abs(imag(x))).
///
/// `[Y, IERR] = bessely(...)` also returns the error flag, as besselj.
///
/// ```text
/// >> bessely(1, [1 2])
/// ans =
///
///   -0.7812  -0.1070
/// ```
pub fn bessely(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 2, 3, "bessely")?;
    bessel_common(ctx, "bessely", Kind::Y, &args[0], &args[1], args.get(2))
}

/// besseli: modified Bessel functions of the first kind.
///
/// `I = besseli(NU, X)` returns I_nu(x) element-wise.
///
/// `I = besseli(NU, X, 1)` scales the result by exp(-abs(real(x))).
///
/// `[I, IERR] = besseli(...)` also returns the error flag, as besselj.
///
/// ```text
/// >> besseli(0, [1 2])
/// ans =
///
///    1.2661   2.2796
/// ```
pub fn besseli(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 2, 3, "besseli")?;
    bessel_common(ctx, "besseli", Kind::I, &args[0], &args[1], args.get(2))
}

/// besselk: modified Bessel functions of the second kind.
///
/// `K = besselk(NU, X)` returns K_nu(x) element-wise; K is Inf at x = 0.
///
/// `K = besselk(NU, X, 1)` scales the result by exp(x).
///
/// `[K, IERR] = besselk(...)` also returns the error flag, as besselj.
///
/// ```text
/// >> besselk(0, [1 2])
/// ans =
///
///    0.4210   0.1139
/// ```
pub fn besselk(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 2, 3, "besselk")?;
    bessel_common(ctx, "besselk", Kind::K, &args[0], &args[1], args.get(2))
}

/// besselh: Bessel functions of the third kind (Hankel functions).
///
/// `H = besselh(NU, X)` returns the Hankel function of the first kind
/// H1_nu(x) = J_nu(x) + i Y_nu(x).
///
/// `H = besselh(NU, K, X)` returns the first (K = 1) or second (K = 2,
/// J - iY) kind.
///
/// `H = besselh(NU, K, X, 1)` scales H1 by exp(-i x) and H2 by exp(i x).
///
/// `[H, IERR] = besselh(...)` also returns the error flag, as besselj.
///
/// ```text
/// >> besselh(0, 2)
/// ans =  0.2239 + 0.5104i
/// ```
pub fn besselh(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 2, 4, "besselh")?;
    if args.len() == 2 {
        return bessel_common(ctx, "besselh", Kind::H1, &args[0], &args[1], None);
    }
    let k = args[1]
        .to_num_array("besselh")
        .ok()
        .and_then(|a| match a.data() {
            [k] => Some(*k),
            _ => None,
        });
    let kind = match k {
        Some(1.0) => Kind::H1,
        Some(2.0) => Kind::H2,
        _ => return Err(Error::new("besselh: K must be 1 or 2")),
    };
    bessel_common(ctx, "besselh", kind, &args[0], &args[2], args.get(3))
}

/// airy: Airy functions.
///
/// `A = airy(Z)` is `airy(0, Z)`, the Airy function Ai(z).
///
/// `A = airy(K, Z)` returns Ai(z) for K = 0, Ai'(z) for K = 1, Bi(z) for
/// K = 2 and Bi'(z) for K = 3, element-wise for real or complex Z.
///
/// `A = airy(K, Z, 1)` scales Ai and Ai' by exp(2/3 z^(3/2)) and Bi and
/// Bi' by exp(-abs(real(2/3 z^(3/2)))).
///
/// `[A, IERR] = airy(...)` also returns the error flag, as besselj.
///
/// ```text
/// >> airy(0, [0 1])
/// ans =
///
///    0.3550   0.1353
/// ```
pub fn airy(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 1, 3, "airy")?;
    check_nargout(ctx, 2, "airy")?;
    let (k, z) = if args.len() == 1 {
        (0.0, &args[0])
    } else {
        let k = args[0]
            .to_num_array("airy")
            .ok()
            .and_then(|a| match a.data() {
                [k] => Some(*k),
                _ => None,
            });
        match k {
            Some(k) if [0.0, 1.0, 2.0, 3.0].contains(&k) => (k, &args[1]),
            _ => return Err(Error::new("airy: K must be 0, 1, 2, or 3")),
        }
    };
    let scaled = opt_arg("airy", args.get(2))?;
    if !matches!(
        z,
        Value::Num(_)
            | Value::Single(_)
            | Value::Complex(_)
            | Value::SingleComplex(_)
            | Value::Bool(_)
    ) {
        return Err(Error::new("airy: Z must be a complex matrix"));
    }
    let za = z.to_complex_array("airy")?;
    let scaling = if scaled {
        Scaling::Exponential
    } else {
        Scaling::Unscaled
    };
    let r = za.try_map(|&w| {
        if w.re.is_nan() || w.im.is_nan() {
            return (C64::new(f64::NAN, 0.0), 0.0);
        }
        let res = match k as u8 {
            0 => complex_bessel::airy_raw(w, scaling),
            1 => complex_bessel::airyprime_raw(w, scaling),
            2 => complex_bessel::biry_raw(w, scaling),
            _ => complex_bessel::biryprime_raw(w, scaling),
        };
        match res {
            Ok(r) => {
                let mut v = r.value;
                if w.im == 0.0 {
                    v.im = 0.0;
                }
                (
                    v,
                    if r.status == Accuracy::Reduced {
                        3.0
                    } else {
                        0.0
                    },
                )
            }
            Err(e) => error_value(e),
        }
    })?;
    let vals = r.try_map(|p| p.0)?;
    let ierr = r.try_map(|p| p.1)?;
    let mut out = vec![super::out_complex(vals, is_single(z))?];
    if ctx.nargout >= 2 {
        out.push(Value::Num(ierr));
    }
    Ok(out)
}

#[cfg(test)]
// Reference values are quoted to the digits their sources give.
#[allow(clippy::excessive_precision)]
mod tests {
    use super::*;

    #[test]
    fn values_match_scipy() {
        // scipy.special.jv, yv, iv, kv, hankel1
        let cases = [
            (Kind::J, 0.5, 3.7, -0.21977625985052762),
            (Kind::Y, 2.0, 5.5, 0.33084123326140574),
            (Kind::I, 1.5, 0.8, 0.20276790791867894),
            (Kind::K, 3.0, 2.5, 0.26822714639344925),
        ];
        for (kind, nu, x, want) in cases {
            let (v, ierr) = eval(kind, nu, C64::new(x, 0.0), false);
            assert_eq!(ierr, 0.0);
            assert!(((v.re - want) / want).abs() < 1e-13, "{nu} {x}: {v}");
        }
    }
}
