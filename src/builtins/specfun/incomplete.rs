//! The regularized incomplete gamma and beta functions and their inverses:
//! gammainc, gammaincinv, betainc, betaincinv.

use super::kernels::{self, stirling_corr};
use super::{at, common_size3, out_complex, out_real, real_operand, text_opt, Real};
use crate::builtins::reduce::{check_nargout, check_nargs};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::{Array, Value, C64};
use std::f64::consts::PI;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tail {
    Lower,
    Upper,
    ScaledLower,
    ScaledUpper,
}

fn tail_arg(fname: &str, v: Option<&Value>, scaled: bool) -> Result<Tail> {
    let Some(v) = v else {
        return Ok(Tail::Lower);
    };
    let t = match text_opt(v).as_deref() {
        Some("lower") => Tail::Lower,
        Some("upper") => Tail::Upper,
        Some("scaledlower") if scaled => Tail::ScaledLower,
        Some("scaledupper") if scaled => Tail::ScaledUpper,
        _ => return Err(Error::new(format!("{fname}: invalid value for TAIL"))),
    };
    Ok(t)
}

/// ln(1 + d) - d without cancellation for small d.
fn log1pmx(d: f64) -> f64 {
    if d.abs() > 0.5 {
        return d.ln_1p() - d;
    }
    // -d²/2 + d³/3 - ...
    let mut term = -d;
    let mut sum = 0.0;
    for k in 2..200 {
        term *= -d;
        let t = term / f64::from(k);
        sum -= t;
        if t.abs() <= 1e-18 * sum.abs() {
            break;
        }
    }
    sum
}

/// D = x^a e^{-x} / Γ(a+1) for x > 0, a > 0.
fn gamma_prefix(x: f64, a: f64) -> f64 {
    if a >= 30.0 {
        let d = (x - a) / a;
        let e = a * log1pmx(d) - stirling_corr(a);
        return e.exp() / (2.0 * PI * a).sqrt();
    }
    direct_prefix(x, a)
}

/// |x|^a e^{-x} / Γ(a+1) for a < 30, in one rounding each where nothing
/// overflows (the exponential of a sum of logs would lose its size in
/// digits).
fn direct_prefix(x: f64, a: f64) -> f64 {
    let p = x.abs().powf(a);
    let e = (-x).exp();
    let g = libm::tgamma(a + 1.0);
    let r = p * e / g;
    if p.is_finite() && e.is_finite() && r.is_normal() && (p * e).is_normal() {
        return r;
    }
    (a * x.abs().ln() - x - libm::lgamma(a + 1.0)).exp()
}

/// Σ_{n≥0} x^n / ((a+1)...(a+n)), so that P(a, x) = D·S.
fn gamma_series(x: f64, a: f64) -> f64 {
    let mut term = 1.0;
    let mut sum = 1.0;
    let mut n = 1.0;
    while n < 1e7 {
        term *= x / (a + n);
        sum += term;
        if term.abs() <= 1e-17 * sum.abs() {
            break;
        }
        n += 1.0;
    }
    sum
}

/// a·CF where Q(a, x) = D·a·CF (Legendre's continued fraction).
fn gamma_cf(x: f64, a: f64) -> f64 {
    let tiny = 1e-300;
    let mut b = x + 1.0 - a;
    let mut c = 1.0 / tiny;
    let mut d = 1.0 / if b.abs() < tiny { tiny } else { b };
    let mut h = d;
    let mut i = 1.0;
    while i < 1e6 {
        let an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        if d.abs() < tiny {
            d = tiny;
        }
        c = b + an / c;
        if c.abs() < tiny {
            c = tiny;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() <= 1e-16 {
            break;
        }
        i += 1.0;
    }
    a * h
}

/// The incomplete gamma function of one (x, a) pair for the tail.
pub fn gammainc_k(x: f64, a: f64, tail: Tail) -> C64 {
    let re = |v: f64| C64::new(v, 0.0);
    if x.is_nan() || a.is_nan() {
        return re(f64::NAN);
    }
    // Trivial values, as Octave's tests fix them.
    if x == 0.0 || a.is_infinite() {
        return re(match tail {
            Tail::Lower => {
                if a == 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Tail::Upper => {
                if a == 0.0 {
                    0.0
                } else {
                    1.0
                }
            }
            Tail::ScaledLower => 1.0,
            Tail::ScaledUpper => {
                if a == 0.0 {
                    0.0
                } else {
                    f64::INFINITY
                }
            }
        });
    }
    if a == 0.0 {
        return re(match tail {
            Tail::Lower => 1.0,
            Tail::Upper | Tail::ScaledUpper => 0.0,
            Tail::ScaledLower => x.exp(),
        });
    }
    if x == f64::INFINITY {
        return re(match tail {
            Tail::Lower => 1.0,
            Tail::Upper | Tail::ScaledUpper => 0.0,
            Tail::ScaledLower => f64::INFINITY,
        });
    }
    if a == 1.0 {
        // Closed forms, as Octave computes them.
        let small = x.abs() < 0.5;
        return re(match tail {
            Tail::Lower if small => -(-x).exp_m1(),
            Tail::Lower => 1.0 - (-x).exp(),
            Tail::Upper => (-x).exp(),
            Tail::ScaledLower if small => x.exp_m1() / x,
            Tail::ScaledLower => (x.exp() - 1.0) / x,
            Tail::ScaledUpper => 1.0 / x,
        });
    }
    if a == a.floor() && a > 1.0 && a <= 18.0 && x <= 36.0 && x.abs() >= 0.1 {
        // Q = e^{-x} Σ_{k<a} x^k/k!, exact in form for small integer a.
        let mut term = 1.0;
        let mut sum = 1.0;
        let mut k = 1.0;
        while k < a {
            term *= x / k;
            sum += term;
            k += 1.0;
        }
        let q = (-x).exp() * sum;
        let d = || {
            if x > 0.0 {
                gamma_prefix(x, a)
            } else {
                direct_prefix(x, a) * if (a as u64) % 2 == 1 { -1.0 } else { 1.0 }
            }
        };
        return re(match tail {
            Tail::Lower => 1.0 - q,
            Tail::Upper => q,
            Tail::ScaledLower => (1.0 - q) / d(),
            Tail::ScaledUpper => q / d(),
        });
    }
    if x < 0.0 {
        return gammainc_negative(x, a, tail);
    }
    // The scaled upper tail is the continued fraction itself: prefer it
    // wherever it converges quickly.
    let use_series = (x + 0.25 < a || (x < 1.0 && !(a < 1.0 && x > 0.3)))
        && !(tail == Tail::ScaledUpper && x >= 1.0 && x > 0.8 * a);
    let dpre = gamma_prefix(x, a);
    if use_series {
        let s = gamma_series(x, a);
        let p = dpre * s;
        re(match tail {
            Tail::Lower => p,
            Tail::Upper => 1.0 - p,
            Tail::ScaledLower => s,
            Tail::ScaledUpper => (1.0 - p) / dpre,
        })
    } else {
        let f = gamma_cf(x, a);
        let q = dpre * f;
        re(match tail {
            Tail::Lower => 1.0 - q,
            Tail::Upper => q,
            Tail::ScaledLower => (1.0 - q) / dpre,
            Tail::ScaledUpper => f,
        })
    }
}

/// x < 0. P = x^a/Γ(a+1) · M(a, a+1, -x), whose series Σ a/(a+n) |x|^n/n!
/// has positive terms (Kummer's transformation of the alternating one);
/// x^a = |x|^a e^{iπa} is real for integer a. For integer a below |x|,
/// Q = e^{-x} Σ_{k<a} x^k/k! is the shorter sum.
fn gammainc_negative(x: f64, a: f64, tail: Tail) -> C64 {
    let ax = -x;
    let int_a = a == a.floor() && a <= 170.0;
    let phase = if int_a {
        C64::new(if (a as u64) % 2 == 0 { 1.0 } else { -1.0 }, 0.0)
    } else {
        let r = a - 2.0 * (a / 2.0).round();
        let (s, c) = (PI * r).sin_cos();
        C64::new(c, s)
    };
    let one = C64::new(1.0, 0.0);
    // D = x^a e^{-x} / Γ(a+1), complex.
    let dpre = || {
        let mag = if a < 30.0 {
            direct_prefix(x, a)
        } else {
            let (l, _) = kernels::lgamma_sign(a + 1.0);
            (a * ax.ln() + ax - l).exp()
        };
        phase * mag
    };
    if int_a && a < ax {
        let mut term = 1.0;
        let mut sum = 1.0;
        let mut k = 1.0;
        while k < a {
            term *= x / k;
            sum += term;
            k += 1.0;
        }
        let q = C64::new(ax.exp() * sum, 0.0);
        return match tail {
            Tail::Lower => one - q,
            Tail::Upper => q,
            Tail::ScaledLower => (one - q) / dpre(),
            Tail::ScaledUpper => q / dpre(),
        };
    }
    // Σ a/(a+n) |x|^n / n!
    let mut t = 1.0;
    let mut sum = 1.0;
    let mut n = 1.0;
    while n < 1e7 {
        t *= ax / n;
        let term = t * a / (a + n);
        sum += term;
        if term <= 1e-17 * sum || !sum.is_finite() {
            break;
        }
        n += 1.0;
    }
    // |x|^a / Γ(a+1)
    let pw = if a < 170.0 {
        ax.powf(a) / libm::tgamma(a + 1.0)
    } else {
        (a * ax.ln() - libm::lgamma(a + 1.0)).exp()
    };
    let p = phase * (pw * sum);
    match tail {
        Tail::Lower => p,
        Tail::Upper => one - p,
        // S = e^{x} Σ ...: P / D.
        Tail::ScaledLower => C64::new(sum * x.exp(), 0.0),
        Tail::ScaledUpper => (one - p) / dpre(),
    }
}

/// Real operands of gammainc-like functions with their messages.
fn operands(fname: &str, args: &[Value], n: usize) -> Result<Vec<Real>> {
    let mut v = Vec::with_capacity(n);
    for a in args.iter().take(n) {
        v.push(real_operand(fname, a, Some("all inputs must be real"))?);
    }
    Ok(v)
}

/// gammainc: the regularized incomplete gamma function.
///
/// `Y = gammainc(X, A)` returns P(a, x), the integral of t^(a-1) e^(-t)
/// from 0 to x divided by Γ(a), element-wise (X and A of one size or
/// scalars; A non-negative; negative X gives the analytic continuation).
///
/// `Y = gammainc(X, A, TAIL)` with TAIL `'lower'` (the default),
/// `'upper'` (Q = 1 - P, computed without cancellation), `'scaledlower'`
/// or `'scaledupper'` (P or Q times Γ(a+1) e^x / x^a).
///
/// ```text
/// >> gammainc([0.5 1 2], 2)
/// ans =
///
///    0.090204   0.264241   0.593994
/// ```
pub fn gammainc(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 2, 3, "gammainc")?;
    check_nargout(ctx, 1, "gammainc")?;
    let ops = operands("gammainc", &args, 2)?;
    let (x, a) = (&ops[0], &ops[1]);
    let (dims, n) = common_size3(
        "gammainc",
        [&x.a, &a.a, &x.a],
        "X and A must be of common size or scalars",
    )?;
    if a.a.data().iter().any(|&v| v < 0.0) {
        return Err(Error::new("gammainc: A must be non-negative"));
    }
    let tail = tail_arg("gammainc", args.get(2), true)?;
    let mut out = crate::builtins::util::alloc_vec(n, C64::new(0.0, 0.0))?;
    for (k, o) in out.iter_mut().enumerate() {
        *o = gammainc_k(at(&x.a, k), at(&a.a, k), tail);
    }
    Ok(vec![out_complex(
        Array::new(dims, out),
        x.single || a.single,
    )?])
}

/// P(a, x) or Q(a, x) for x >= 0 (real).
fn gamma_p(x: f64, a: f64, upper: bool) -> f64 {
    gammainc_k(x, a, if upper { Tail::Upper } else { Tail::Lower }).re
}

/// The x >= 0 with P(a, x) = y (or Q(a, x) = y when `upper`).
pub fn gammaincinv_k(y: f64, a: f64, upper: bool) -> f64 {
    if y.is_nan() || a.is_nan() {
        return f64::NAN;
    }
    // Work with the smaller tail: 1 - y is exact for y > 0.5.
    let (y, upper) = if y > 0.5 {
        (1.0 - y, !upper)
    } else {
        (y, upper)
    };
    if y == 0.0 {
        return if upper { f64::INFINITY } else { 0.0 };
    }
    // First guess.
    let mut x = if !upper && y < 0.05 {
        (y * libm::tgamma(a + 1.0)).powf(1.0 / a)
    } else if upper && a < 1.0 && y < 0.05 {
        // Q ≈ e^{-x} x^{a-1} / Γ(a) for large x.
        (-(y * libm::tgamma(a)).ln()).max(1.0)
    } else {
        let z = std::f64::consts::SQRT_2 * super::erf::erfcinv_k(2.0 * y);
        let z = if upper { z } else { -z };
        let t = 1.0 / (9.0 * a);
        let w = 1.0 - t + z * t.sqrt();
        (a * w * w * w).max(1e-3 * a.min(1.0))
    };
    if !x.is_finite() || x <= 0.0 {
        x = a.max(1e-3);
    }
    let (mut lo, mut hi) = (0.0_f64, f64::INFINITY);
    for _ in 0..200 {
        let f = gamma_p(x, a, upper) - y;
        // Bracket: P rises with x, Q falls.
        if (f > 0.0) != upper {
            hi = hi.min(x);
        } else {
            lo = lo.max(x);
        }
        if f == 0.0 {
            break;
        }
        // dP/dx = x^{a-1} e^{-x} / Γ(a) = D·a/x.
        let dp = gamma_prefix(x, a) * a / x;
        let d = if upper { -dp } else { dp };
        let mut next = if d != 0.0 && d.is_finite() {
            let step = f / d;
            // Halley's correction with f''/f' = (a - 1)/x - 1.
            let h = 0.5 * step * ((a - 1.0) / x - 1.0);
            if h.abs() < 1.0 {
                x - step / (1.0 - h)
            } else {
                x - step
            }
        } else {
            f64::NAN
        };
        if !(next > lo && next < hi && next.is_finite()) {
            next = if hi.is_finite() {
                0.5 * (lo + hi)
            } else {
                2.0 * x.max(lo) + 1.0
            };
        }
        let done = (next - x).abs() <= 1e-15 * x.abs() || next == x;
        x = next;
        if done {
            break;
        }
    }
    x
}

/// gammaincinv: the inverse of the regularized incomplete gamma function.
///
/// `X = gammaincinv(Y, A)` returns the x with gammainc(x, a) = y,
/// element-wise, for Y in [0, 1] and A > 0.
///
/// `X = gammaincinv(Y, A, TAIL)` inverts the `'lower'` (default) or
/// `'upper'` tail.
///
/// ```text
/// >> gammaincinv(0.5, [1 2 3])
/// ans =
///
///    0.6931   1.6783   2.6741
/// ```
pub fn gammaincinv(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 2, 3, "gammaincinv")?;
    check_nargout(ctx, 1, "gammaincinv")?;
    let fname = "gammaincinv";
    let ops = operands(fname, &args, 2)?;
    let (y, a) = (&ops[0], &ops[1]);
    let (dims, n) = common_size3(
        fname,
        [&y.a, &a.a, &y.a],
        "Y and A must be of common size or scalars",
    )?;
    if y.a
        .data()
        .iter()
        .any(|&v| !v.is_nan() && !(0.0..=1.0).contains(&v))
    {
        return Err(Error::new("gammaincinv: Y must be in the range [0, 1]"));
    }
    if a.a.data().iter().any(|&v| v <= 0.0) {
        return Err(Error::new("gammaincinv: A must be strictly positive"));
    }
    let tail = tail_arg(fname, args.get(2), false)?;
    let mut out = crate::builtins::util::alloc_vec(n, 0.0)?;
    for (k, o) in out.iter_mut().enumerate() {
        *o = gammaincinv_k(at(&y.a, k), at(&a.a, k), tail == Tail::Upper);
    }
    Ok(vec![out_real(Array::new(dims, out), y.single || a.single)?])
}

/// Continued fraction for I_x(a, b) (modified Lentz).
fn beta_cf(x: f64, a: f64, b: f64) -> f64 {
    let tiny = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < tiny {
        d = tiny;
    }
    d = 1.0 / d;
    let mut h = d;
    let mut m = 1.0;
    while m < 1e6 {
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < tiny {
            d = tiny;
        }
        c = 1.0 + aa / c;
        if c.abs() < tiny {
            c = tiny;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < tiny {
            d = tiny;
        }
        c = 1.0 + aa / c;
        if c.abs() < tiny {
            c = tiny;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() <= 1e-16 {
            break;
        }
        m += 1.0;
    }
    h
}

/// x^a (1-x)^b / B(a, b).
fn beta_prefix(x: f64, a: f64, b: f64) -> f64 {
    (a * x.ln() + b * (-x).ln_1p() - kernels::betaln(a, b)).exp()
}

/// I_x(a, b), or 1 - I_x(a, b) when `upper`.
pub fn betainc_k(x: f64, a: f64, b: f64, upper: bool) -> f64 {
    if x.is_nan() || a.is_nan() || b.is_nan() {
        return f64::NAN;
    }
    let lower_is = |lower: f64| if upper { 1.0 - lower } else { lower };
    if x == 0.0 || x == 1.0 {
        return lower_is(x);
    }
    if a.is_infinite() && b.is_infinite() {
        return f64::NAN;
    }
    if b.is_infinite() {
        return lower_is(1.0);
    }
    if a.is_infinite() {
        return lower_is(0.0);
    }
    // Closed forms: I_x(a, 1) = x^a, I_x(1, b) = 1 - (1-x)^b.
    if b == 1.0 {
        let l = a * x.ln();
        return if upper { -l.exp_m1() } else { l.exp() };
    }
    if a == 1.0 {
        let l = b * (-x).ln_1p();
        return if upper { l.exp() } else { -l.exp_m1() };
    }
    let pre = beta_prefix(x, a, b);
    if x < (a + 1.0) / (a + b + 2.0) {
        let lower = pre * beta_cf(x, a, b) / a;
        if upper {
            1.0 - lower
        } else {
            lower
        }
    } else {
        let up = pre * beta_cf(1.0 - x, b, a) / b;
        if upper {
            up
        } else {
            1.0 - up
        }
    }
}

fn beta_checks(fname: &str, x: &Real, a: &Real, b: &Real, what: &str) -> Result<()> {
    if x.a
        .data()
        .iter()
        .any(|&v| !v.is_nan() && !(0.0..=1.0).contains(&v))
    {
        return Err(Error::new(format!(
            "{fname}: {what} must be in the range [0, 1]"
        )));
    }
    if a.a.data().iter().any(|&v| v <= 0.0) {
        return Err(Error::new(format!("{fname}: A must be strictly positive")));
    }
    if b.a.data().iter().any(|&v| v <= 0.0) {
        return Err(Error::new(format!("{fname}: B must be strictly positive")));
    }
    Ok(())
}

/// betainc: the regularized incomplete beta function.
///
/// `I = betainc(X, A, B)` returns I_x(a, b), the integral of
/// t^(a-1) (1-t)^(b-1) from 0 to x divided by B(a, b), element-wise; X in
/// [0, 1], A and B positive, all of one size or scalars.
///
/// `I = betainc(X, A, B, TAIL)` with TAIL `'lower'` (the default) or
/// `'upper'` (1 - I_x(a, b), computed without cancellation).
///
/// ```text
/// >> betainc(0.5, [1 2 3], 2)
/// ans =
///
///    0.7500   0.5000   0.3125
/// ```
pub fn betainc(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 3, 4, "betainc")?;
    check_nargout(ctx, 1, "betainc")?;
    let fname = "betainc";
    let ops = operands(fname, &args, 3)?;
    let (x, a, b) = (&ops[0], &ops[1], &ops[2]);
    let (dims, n) = common_size3(
        fname,
        [&x.a, &a.a, &b.a],
        "X, A, and B must be of common size or scalars",
    )?;
    beta_checks(fname, x, a, b, "X")?;
    let tail = tail_arg(fname, args.get(3), false)?;
    let mut out = crate::builtins::util::alloc_vec(n, 0.0)?;
    for (k, o) in out.iter_mut().enumerate() {
        *o = betainc_k(at(&x.a, k), at(&a.a, k), at(&b.a, k), tail == Tail::Upper);
    }
    Ok(vec![out_real(
        Array::new(dims, out),
        x.single || a.single || b.single,
    )?])
}

/// The x in [0, 1] with I_x(a, b) = y (or the upper tail = y).
pub fn betaincinv_k(y: f64, a: f64, b: f64, upper: bool) -> f64 {
    if y.is_nan() || a.is_nan() || b.is_nan() {
        return f64::NAN;
    }
    // Solve with the smaller tail as the target (1 - y is exact for
    // y > 0.5), but always for x itself, never for 1 - x.
    let (target, up) = if y > 0.5 {
        (1.0 - y, !upper)
    } else {
        (y, upper)
    };
    if target == 0.0 {
        return if up { 1.0 } else { 0.0 };
    }
    // Closed forms for a = 1 or b = 1 (see betainc_k).
    if b == 1.0 {
        return if upper {
            ((-y).ln_1p() / a).exp()
        } else {
            (y.ln() / a).exp()
        };
    }
    if a == 1.0 {
        return if upper {
            -(y.ln() / b).exp_m1()
        } else {
            -((-y).ln_1p() / b).exp_m1()
        };
    }
    // The lower-tail probability, for the first guess only.
    let p = if up { 1.0 - target } else { target };
    let mut x = if a >= 1.0 && b >= 1.0 {
        let pp = p.min(1.0 - p);
        let s = (-2.0 * pp.ln()).sqrt();
        // The normal quantile of p.
        let mut z = s - (2.30753 + s * 0.27061) / (1.0 + s * (0.99229 + s * 0.04481));
        if p < 0.5 {
            z = -z;
        }
        let al = (z * z - 3.0) / 6.0;
        let h = 2.0 / (1.0 / (2.0 * a - 1.0) + 1.0 / (2.0 * b - 1.0));
        let w = z * (al + h).sqrt() / h
            - (1.0 / (2.0 * b - 1.0) - 1.0 / (2.0 * a - 1.0)) * (al + 5.0 / 6.0 - 2.0 / (3.0 * h));
        a / (a + b * (2.0 * w).exp())
    } else {
        let lna = (a / (a + b)).ln();
        let lnb = (b / (a + b)).ln();
        let tt = (a * lna).exp() / a;
        let u = (b * lnb).exp() / b;
        let w = tt + u;
        if p < tt / w {
            (a * w * p).powf(1.0 / a)
        } else {
            1.0 - (b * w * (1.0 - p)).powf(1.0 / b)
        }
    };
    if !(x > 0.0 && x < 1.0) {
        x = 0.5;
    }
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    let lb = kernels::betaln(a, b);
    for _ in 0..400 {
        let f = betainc_k(x, a, b, up) - target;
        // The lower tail rises with x, the upper one falls.
        let rising = (f > 0.0) != up;
        if f == 0.0 {
            break;
        }
        if rising {
            hi = hi.min(x);
        } else {
            lo = lo.max(x);
        }
        let dp = ((a - 1.0) * x.ln() + (b - 1.0) * (-x).ln_1p() - lb).exp();
        let d = if up { -dp } else { dp };
        let mut next = if d != 0.0 && d.is_finite() {
            let step = f / d;
            let h = 0.5 * step * ((a - 1.0) / x - (b - 1.0) / (1.0 - x));
            if h.abs() < 1.0 {
                x - step / (1.0 - h)
            } else {
                x - step
            }
        } else {
            f64::NAN
        };
        if !(next > lo && next < hi) {
            // Bisect, geometrically when the bracket spans magnitudes.
            next = if lo > 0.0 && hi / lo > 4.0 {
                (lo * hi).sqrt()
            } else if lo == 0.0 && hi < 0.25 {
                hi * 1e-3
            } else {
                0.5 * (lo + hi)
            };
        }
        let done = (next - x).abs() <= 4.0 * f64::EPSILON * x || next == x;
        x = next;
        if done {
            // One last Newton-accurate value is already in x.
            break;
        }
    }
    x
}

/// betaincinv: the inverse of the regularized incomplete beta function.
///
/// `X = betaincinv(Y, A, B)` returns the x with betainc(x, a, b) = y,
/// element-wise, for Y in [0, 1] and positive A, B.
///
/// `X = betaincinv(Y, A, B, TAIL)` inverts the `'lower'` (default) or
/// `'upper'` tail.
///
/// ```text
/// >> betaincinv(0.5, 2, 3)
/// ans = 0.3857
/// ```
pub fn betaincinv(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 3, 4, "betaincinv")?;
    check_nargout(ctx, 1, "betaincinv")?;
    let fname = "betaincinv";
    for v in args.iter().take(3) {
        if !matches!(
            v,
            Value::Num(_) | Value::Single(_) | Value::Complex(_) | Value::SingleComplex(_)
        ) {
            return Err(Error::new(
                "betaincinv: Y, A, and B must be of type double or single floating point",
            ));
        }
    }
    let mut ops = Vec::with_capacity(3);
    for v in args.iter().take(3) {
        ops.push(real_operand(fname, v, Some("Y, A, and B must be real"))?);
    }
    let (y, a, b) = (&ops[0], &ops[1], &ops[2]);
    let (dims, n) = common_size3(
        fname,
        [&y.a, &a.a, &b.a],
        "Y, A, and B must be of common size or scalars",
    )?;
    beta_checks(fname, y, a, b, "Y")?;
    let tail = tail_arg(fname, args.get(3), false)?;
    let mut out = crate::builtins::util::alloc_vec(n, 0.0)?;
    for (k, o) in out.iter_mut().enumerate() {
        *o = betaincinv_k(at(&y.a, k), at(&a.a, k), at(&b.a, k), tail == Tail::Upper);
    }
    Ok(vec![out_real(
        Array::new(dims, out),
        y.single || a.single || b.single,
    )?])
}

#[cfg(test)]
// Reference values are quoted to the digits their sources give.
#[allow(clippy::excessive_precision)]
mod tests {
    use super::*;

    fn rel(a: f64, b: f64) -> f64 {
        if a == b {
            0.0
        } else {
            ((a - b) / b).abs()
        }
    }

    #[test]
    fn gammainc_matches_reference() {
        // Octave's test values.
        for (x, a, t, want) in [
            (2.0, 2.0, Tail::Lower, 0.593994150290162),
            (200.0, 200.0, Tail::Upper, 0.49059658199276367497),
            (60.0, 6.0, Tail::Upper, 6.18022358081160257327e-20),
            (-10.0, 10.0, Tail::Lower, 3.112658265341493126871617e7),
            (751.0, 750.0, Tail::Upper, 0.4805914320558831327179457887),
            (200.0, 200.0, Tail::ScaledLower, 18.065406676779221643065),
            (1000.0, 1000.5, Tail::ScaledLower, 39.48467539583672271),
            (709.0, 1000.0, Tail::Upper, 0.99999999999999999999999954358),
        ] {
            let err = rel(gammainc_k(x, a, t).re, want);
            assert!(err < 2.5 * f64::EPSILON, "gammainc({x}, {a}): {err}");
        }
    }

    #[test]
    fn inverses_round_trip() {
        for &a in &[0.1, 0.5, 1.0, 2.0, 7.5, 150.0] {
            for &y in &[1e-10, 0.01, 0.3, 0.5, 0.8, 0.999] {
                let x = gammaincinv_k(y, a, false);
                assert!(rel(gamma_p(x, a, false), y) < 1e-13, "a={a} y={y} x={x}");
                let x = gammaincinv_k(y, a, true);
                assert!(rel(gamma_p(x, a, true), y) < 1e-13, "upper a={a} y={y}");
            }
        }
        for &(a, b) in &[(0.1, 0.3), (2.0, 3.0), (0.5, 8.0), (40.0, 2.0)] {
            for &y in &[1e-8, 0.2, 0.5, 0.9] {
                let x = betaincinv_k(y, a, b, false);
                assert!(
                    rel(betainc_k(x, a, b, false), y) < 1e-13,
                    "a={a} b={b} y={y}"
                );
            }
        }
    }
}
