//! Scalar kernels of the gamma family, the exponential integral and the
//! complete elliptic integrals: plain functions of `f64`/`C64`, each loop
//! bounded. Gamma, log-gamma and the error functions themselves come from
//! `libm` (a port of musl's, correct to an ulp or two).

use crate::value::C64;
use std::f64::consts::PI;

/// Euler–Mascheroni constant.
pub const EULER: f64 = 0.577_215_664_901_532_9;

/// Γ(x): +Inf at 0 and at the negative integers (-Inf at -0) and, as
/// Octave, at -Inf.
pub fn gamma(x: f64) -> f64 {
    if x == 0.0 {
        return f64::INFINITY.copysign(x);
    }
    if x < 0.0 && x == x.floor() {
        return f64::INFINITY;
    }
    libm::tgamma(x)
}

/// ln|Γ(x)| and the sign of Γ(x).
pub fn lgamma_sign(x: f64) -> (f64, f64) {
    if x <= 0.0 && x == x.floor() {
        return (f64::INFINITY, 1.0);
    }
    let (l, s) = libm::lgamma_r(x);
    (l, if s < 0 { -1.0 } else { 1.0 })
}

/// sin(πx) and cos(πx) with the argument reduced exactly first.
fn sincos_pi(x: f64) -> (f64, f64) {
    let r = x - 2.0 * (x / 2.0).round();
    // r in [-1, 1]
    let (s, c) = (PI * r).sin_cos();
    if r == r.round() {
        return (0.0, c.round());
    }
    if (2.0 * r) == (2.0 * r).round() {
        return (s.round(), 0.0);
    }
    (s, c)
}

/// Even Bernoulli numbers B_2 .. B_30.
const BERNOULLI: [f64; 15] = [
    1.0 / 6.0,
    -1.0 / 30.0,
    1.0 / 42.0,
    -1.0 / 30.0,
    5.0 / 66.0,
    -691.0 / 2730.0,
    7.0 / 6.0,
    -3617.0 / 510.0,
    43867.0 / 798.0,
    -174611.0 / 330.0,
    854513.0 / 138.0,
    -236364091.0 / 2730.0,
    8553103.0 / 6.0,
    -23749461029.0 / 870.0,
    8615841276005.0 / 14322.0,
];

/// Digamma ψ(x): -Inf at 0, at the negative integers and at -Inf, as
/// Octave.
pub fn digamma(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if x == f64::INFINITY {
        return x;
    }
    if x <= 0.0 && x == x.floor() {
        return f64::NEG_INFINITY;
    }
    if x < 0.0 {
        // Reflection: ψ(x) = ψ(1 - x) - π cot(πx).
        let (s, c) = sincos_pi(x);
        return digamma(1.0 - x) - PI * c / s;
    }
    let mut x = x;
    let mut acc = 0.0;
    // Upward recurrence to x >= 10: at most ten steps.
    while x < 10.0 {
        acc -= 1.0 / x;
        x += 1.0;
    }
    let x2 = 1.0 / (x * x);
    let mut series = 0.0;
    let mut p = x2;
    for (k, b) in BERNOULLI.iter().take(8).enumerate() {
        series += b / (2.0 * (k as f64 + 1.0)) * p;
        p *= x2;
    }
    acc + x.ln() - 0.5 / x - series
}

/// ψ(z) for complex z.
pub fn digamma_c(z: C64) -> C64 {
    if z.im == 0.0 {
        return C64::new(digamma(z.re), 0.0);
    }
    if z.re < 0.0 {
        // ψ(z) = ψ(1 - z) - π cot(πz)
        let pz = z * PI;
        return digamma_c(C64::new(1.0, 0.0) - z) - PI * pz.cos() / pz.sin();
    }
    let mut z = z;
    let mut acc = C64::new(0.0, 0.0);
    let mut steps = 0;
    while z.norm() < 10.0 && steps < 20 {
        acc -= z.inv();
        z += 1.0;
        steps += 1;
    }
    let z2 = (z * z).inv();
    let mut series = C64::new(0.0, 0.0);
    let mut p = z2;
    for (k, b) in BERNOULLI.iter().take(10).enumerate() {
        series += p * (b / (2.0 * (k as f64 + 1.0)));
        p *= z2;
    }
    acc + z.ln() - z.inv() * 0.5 - series
}

/// Polygamma ψ⁽ᵏ⁾(x) for k >= 1 and x >= 0.
pub fn polygamma(k: u32, x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    let kf = f64::from(k);
    let sign = if k % 2 == 1 { 1.0 } else { -1.0 };
    if x == 0.0 {
        return if k % 2 == 1 {
            f64::INFINITY
        } else {
            f64::NEG_INFINITY
        };
    }
    if x.is_infinite() {
        return 0.0;
    }
    let kfact = libm::tgamma(kf + 1.0);
    // Shift to x >= 20 + k, summing 1/(x+n)^(k+1): bounded by 20 + k steps.
    let target = 20.0 + kf;
    let mut x = x;
    let mut acc = 0.0;
    let mut steps = 0;
    while x < target && steps < 10_000 {
        acc += x.powi(-(k as i32) - 1);
        x += 1.0;
        steps += 1;
    }
    // Asymptotic expansion.
    let lnx = x.ln();
    let mut s = libm::tgamma(kf) / x.powi(k as i32) + kfact / (2.0 * x.powi(k as i32 + 1));
    for (j, b) in BERNOULLI.iter().enumerate() {
        let j2 = 2.0 * (j as f64 + 1.0);
        // B_2j (2j+k-1)! / ((2j)! x^(2j+k))
        let lterm = libm::lgamma(j2 + kf) - libm::lgamma(j2 + 1.0) - (j2 + kf) * lnx;
        let t = b * lterm.exp();
        s += t;
        if t.abs() < 1e-17 * s.abs() {
            break;
        }
    }
    let r = sign * (kfact * acc + s);
    if r.is_nan() {
        // k! overflowed: the value is beyond the range.
        return sign * f64::INFINITY;
    }
    r
}

/// B(a, b) for real a, b (signed; 0 where Γ(a+b) has a pole).
pub fn beta(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        return f64::NAN;
    }
    let s = a + b;
    if a > 0.0 && b > 0.0 && s < 170.0 {
        return gamma(a) * gamma(b) / gamma(s);
    }
    let pole = |x: f64| x <= 0.0 && x == x.floor();
    if pole(s) && !pole(a) && !pole(b) {
        return 0.0;
    }
    if (a.abs() < 170.0) && (b.abs() < 170.0) && (s.abs() < 170.0) {
        let r = gamma(a) * gamma(b) / gamma(s);
        if r.is_finite() {
            return r;
        }
    }
    let (la, sa) = lgamma_sign(a);
    let (lb, sb) = lgamma_sign(b);
    let (ls, ss) = lgamma_sign(s);
    sa * sb * ss * (betaln_parts(a, b, la, lb, ls)).exp()
}

fn betaln_parts(a: f64, b: f64, la: f64, lb: f64, ls: f64) -> f64 {
    if a >= 10.0 && b >= 10.0 {
        return betaln_large(a, b);
    }
    la + lb - ls
}

/// ln B(a, b) for a, b >= 10 through Stirling's series, without the
/// cancellation of three large log-gammas.
fn betaln_large(a: f64, b: f64) -> f64 {
    let (p, q) = if a < b { (a, b) } else { (b, a) };
    let s = p + q;
    let corr = stirling_corr(p) + stirling_corr(q) - stirling_corr(s);
    // ln B = 0.5 ln(2π) - 0.5 ln q + (p - 0.5) ln(p/s) + q ln(q/s) + corr
    0.5 * (2.0 * PI).ln() - 0.5 * q.ln() + (p - 0.5) * (p / s).ln() + q * (-p / s).ln_1p() + corr
}

/// ln Γ(x) - [(x-0.5) ln x - x + 0.5 ln 2π] for x >= 10.
pub fn stirling_corr(x: f64) -> f64 {
    let x2 = 1.0 / (x * x);
    (1.0 / 12.0 - x2 * (1.0 / 360.0 - x2 * (1.0 / 1260.0 - x2 * (1.0 / 1680.0 - x2 / 1188.0)))) / x
}

/// ln |B(a, b)|.
pub fn betaln(a: f64, b: f64) -> f64 {
    if a >= 10.0 && b >= 10.0 {
        return betaln_large(a, b);
    }
    if a > 0.0 && b > 0.0 && a + b < 170.0 {
        // Γ is exact to an ulp or two here: one rounding in the log.
        let r = gamma(a) * gamma(b) / gamma(a + b);
        if r.is_normal() {
            return r.ln();
        }
    }
    let (la, _) = lgamma_sign(a);
    let (lb, _) = lgamma_sign(b);
    let (ls, _) = lgamma_sign(a + b);
    la + lb - ls
}

/// The exponential integral E1(z) = ∫_z^∞ e^{-t}/t dt, principal branch;
/// on the negative real axis, -Ei(-x) - iπ as Octave.
pub fn expint_c(z: C64) -> C64 {
    let (x, y) = (z.re, z.im);
    if x.is_nan() || y.is_nan() {
        return C64::new(f64::NAN, 0.0);
    }
    if x == 0.0 && y == 0.0 {
        return C64::new(f64::INFINITY, 0.0);
    }
    if y == 0.0 && x == f64::INFINITY {
        return C64::new(0.0, 0.0);
    }
    if y == 0.0 && x == f64::NEG_INFINITY {
        return C64::new(f64::NEG_INFINITY, -PI);
    }
    let r = z.norm();
    // The series cancels for growing |z| in the right half-plane, where
    // the continued fraction converges well.
    if r <= 1.0 || (x <= 0.0 && r <= 2.0) || (x < 0.0 && y.abs() < 1.0 && r < 40.0) {
        return expint_series(z);
    }
    if x < 0.0 && y.abs() < 1.0 {
        // Asymptotic series near the negative axis, with the branch term.
        let mut term = C64::new(1.0, 0.0);
        let mut sum = term;
        let mut n = 1.0;
        while n < 60.0 {
            let next = term * (-n) / z;
            if next.norm() > term.norm() {
                break;
            }
            term = next;
            sum += term;
            if term.norm() < 1e-17 * sum.norm() {
                break;
            }
            n += 1.0;
        }
        let branch = if y.is_sign_negative() && y != 0.0 {
            PI
        } else {
            -PI
        };
        return (-z).exp() / z * sum + C64::new(0.0, branch);
    }
    expint_cf(z)
}

/// Power series: E1(z) = -γ - ln z - Σ (-z)^n / (n n!).
fn expint_series(z: C64) -> C64 {
    let mut term = C64::new(1.0, 0.0);
    let mut sum = C64::new(0.0, 0.0);
    for n in 1..500 {
        let nf = f64::from(n);
        term = term * (-z) / nf;
        let t = term / nf;
        sum += t;
        if t.norm() <= 1e-17 * sum.norm() {
            break;
        }
    }
    // ln of a real negative (imaginary +0) has +iπ, giving -iπ here.
    let lz = if z.im == 0.0 && z.re < 0.0 {
        C64::new((-z.re).ln(), PI)
    } else {
        z.ln()
    };
    -EULER - lz - sum
}

/// Continued fraction (modified Lentz) for |arg z| < π, |z| > 2.
fn expint_cf(z: C64) -> C64 {
    // E1(z) = e^{-z} / (z + 1 - 1/(z + 3 - 4/(z + 5 - ...)))
    let tiny = 1e-300;
    let mut b = z + 1.0;
    let mut c = C64::new(1.0 / tiny, 0.0);
    let mut d = b.inv();
    let mut h = d;
    for i in 1..10_000 {
        let an = -f64::from(i) * f64::from(i);
        b += 2.0;
        d = (d * an + b).inv();
        c = b + c.inv() * an;
        if c.norm() < tiny {
            c = C64::new(tiny, 0.0);
        }
        let del = c * d;
        h *= del;
        if (del - 1.0).norm() < 1e-16 {
            break;
        }
    }
    h * (-z).exp()
}

/// Complete elliptic integrals K(m) and E(m) for m <= 1 by the
/// arithmetic-geometric mean.
pub fn ellipke(m: f64, tol: f64) -> (f64, f64) {
    if m.is_nan() {
        return (f64::NAN, f64::NAN);
    }
    if m == 1.0 {
        return (f64::INFINITY, 1.0);
    }
    if m == f64::NEG_INFINITY {
        return (0.0, f64::INFINITY);
    }
    let mut a: f64 = 1.0;
    let mut b = (1.0 - m).sqrt();
    let mut c = m.abs().sqrt();
    let mut sum = 0.5 * m;
    let mut pow2 = 0.5;
    for _ in 0..64 {
        if c.abs() <= tol * a.abs() {
            break;
        }
        let an = 0.5 * (a + b);
        c = 0.5 * (a - b);
        b = (a * b).sqrt();
        a = an;
        pow2 *= 2.0;
        sum += pow2 * c * c;
    }
    let k = PI / (2.0 * a);
    (k, k * (1.0 - sum))
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
    fn digamma_matches_scipy() {
        // scipy.special.psi
        let cases = [
            (1.0, -0.5772156649015329),
            (0.5, -1.9635100260214235),
            (7.3, 1.917820335637986),
            (-2.5, 1.1031566406452432),
            (123.4, 4.8113737751162775),
        ];
        for (x, want) in cases {
            assert!(rel(digamma(x), want) < 1e-14, "psi({x}) = {}", digamma(x));
        }
        // scipy.special.polygamma(1, 3.5), polygamma(3, 0.7)
        assert!(rel(polygamma(1, 3.5), 0.3303577561002349) < 1e-13);
        assert!(rel(polygamma(3, 0.7), 25.879149678427744) < 1e-13);
    }

    #[test]
    fn beta_and_expint_match_scipy() {
        assert!(rel(beta(2.5, 3.5), 0.03681553890925539) < 1e-14);
        assert!(rel(betaln(200.5, 30.25), -90.35024601882151) < 1e-14);
        // scipy.special.exp1
        assert!(rel(expint_c(C64::new(0.5, 0.0)).re, 0.5597735947761608) < 1e-14);
        assert!(rel(expint_c(C64::new(7.0, 0.0)).re, 0.00011548173161033822) < 1e-13);
        let z = expint_c(C64::new(-3.0, 0.0));
        assert!(rel(z.re, -9.933832570625417) < 1e-14 && rel(z.im, -PI) < 1e-15);
        let w = expint_c(C64::new(1.5, 2.5));
        assert!((w - C64::new(-0.06232096392906872, 0.012761288150091588)).norm() < 1e-15);
    }

    #[test]
    fn ellipke_values() {
        let (k, e) = ellipke(0.5, f64::EPSILON);
        assert!(rel(k, 1.8540746773013719) < 1e-15 && rel(e, 1.3506438810476755) < 1e-15);
    }
}
