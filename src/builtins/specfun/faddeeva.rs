//! The error functions of a complex argument through the Faddeeva function
//! w(z) = exp(-z²)·erfc(-iz).
//!
//! w is computed in the closed upper half plane only, where it is bounded:
//! - for |z| < 6 by Weideman's rational expansion (J. A. C. Weideman,
//!   "Computation of the complex error function", SIAM J. Numer. Anal. 31,
//!   1994): w(z) = 2·p(Z)/(L - iz)² + (1/√π)/(L - iz) with Z = (L + iz) /
//!   (L - iz) and p a polynomial of degree N - 1 whose coefficients are the
//!   cosine transform of exp(-t²)(L² + t²) on the points t = L·tan(θ/2);
//!   N = 40 gives about 1e-15 relative error there;
//! - for |z| >= 6 by the Laplace continued fraction
//!   w(z) = (i/√π) / (z - ½/(z - 1/(z - (3/2)/(z - ...)))), 30 levels deep.
//!
//! erf, erfc, erfcx and erfi follow from w by reflections chosen so that w
//! is only ever called in the upper half plane; near the origin, where
//! 1 - exp(-z²)·w(iz) would cancel, erf and erfi use their Taylor series.
//! Arguments on the real or imaginary axis use the real kernels, which
//! keep exact zeros in the other part (erf(30i) is 0 + Inf·i, not NaN).

use super::erf::erfcx_k;
use crate::value::C64;
use std::f64::consts::{FRAC_2_SQRT_PI, PI};
use std::sync::OnceLock;

/// Terms of Weideman's expansion.
const N: usize = 40;

/// L = sqrt(N/√2) and the coefficients a_1..a_N of p(Z) = Σ a_n Z^(n-1).
fn weideman() -> &'static (f64, [f64; N]) {
    static COEFFS: OnceLock<(f64, [f64; N])> = OnceLock::new();
    COEFFS.get_or_init(|| {
        let m = 2 * N;
        let l = (N as f64 / std::f64::consts::SQRT_2).sqrt();
        let mut a = [0.0; N];
        // a_n = 1/(2M) Σ_{|k|<M} f(t_k) cos(π k n / M), t_k = L tan(kπ/2M).
        let f: Vec<(f64, f64)> = (1..m)
            .map(|k| {
                let t = l * (k as f64 * PI / (2 * m) as f64).tan();
                (k as f64, (-t * t).exp() * (l * l + t * t))
            })
            .collect();
        let f0 = l * l;
        for (n, an) in a.iter_mut().enumerate() {
            let n = (n + 1) as f64;
            // f is even in k: the terms for k and -k are equal.
            let s: f64 = f
                .iter()
                .map(|&(k, fk)| 2.0 * fk * (PI * k * n / m as f64).cos())
                .sum();
            *an = (f0 + s) / (2 * m) as f64;
        }
        (l, a)
    })
}

/// w(z) for Im z >= 0.
fn w_upper(z: C64) -> C64 {
    let i = C64::new(0.0, 1.0);
    let inv_sqrt_pi = FRAC_2_SQRT_PI / 2.0;
    if z.norm() >= 6.0 {
        let mut r = C64::new(0.0, 0.0);
        for k in (1..=30).rev() {
            r = (f64::from(k) / 2.0) / (z - r);
        }
        return i * inv_sqrt_pi / (z - r);
    }
    let (l, a) = weideman();
    let d = C64::new(*l, 0.0) - i * z;
    let zz = (C64::new(*l, 0.0) + i * z) / d;
    let mut p = C64::new(0.0, 0.0);
    for &c in a.iter().rev() {
        p = p * zz + c;
    }
    2.0 * p / (d * d) + inv_sqrt_pi / d
}

/// exp(-z²)·w, written so that a real or imaginary z gives an exactly
/// real or imaginary exponent.
fn exp_neg_sq_times(z: C64, w: C64) -> C64 {
    let e = C64::new((z.im - z.re) * (z.im + z.re), -2.0 * z.re * z.im);
    e.exp() * w
}

/// erf(z) = 2/√π Σ (-1)^n z^(2n+1) / (n! (2n+1)), for |z| < 1.
fn erf_taylor(z: C64) -> C64 {
    let z2 = z * z;
    let mut term = z; // (-1)^n z^(2n+1) / n!
    let mut sum = z;
    for n in 1..40 {
        term = -term * z2 / f64::from(n);
        let t = term / f64::from(2 * n + 1);
        sum += t;
        if t.norm() <= 1e-17 * sum.norm() {
            break;
        }
    }
    sum * FRAC_2_SQRT_PI
}

/// erfi(x) = -i·erf(ix) = 2/√π·exp(x²)·D(x) for real x.
pub fn erfi_k(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x.abs() < 1.0 {
        return erf_taylor(C64::new(0.0, x)).im;
    }
    if x.abs() > 26.7 {
        return x.signum() * f64::INFINITY;
    }
    // On the real axis Im w(x) = 2/√π·D(x).
    let hi = x * x;
    let lo = x.mul_add(x, -hi);
    hi.exp() * lo.exp() * w_upper(C64::new(x, 0.0)).im
}

/// erf of a complex argument.
pub fn erf_c(z: C64) -> C64 {
    if z.im == 0.0 {
        return C64::new(libm::erf(z.re), z.im);
    }
    if z.re == 0.0 {
        return C64::new(z.re, erfi_k(z.im));
    }
    if z.re.is_nan() || z.im.is_nan() {
        return C64::new(f64::NAN, f64::NAN);
    }
    if z.norm() < 1.0 {
        return erf_taylor(z);
    }
    // erf is odd; for Re z > 0, erf(z) = 1 - exp(-z²)·w(iz).
    let (s, z) = if z.re < 0.0 { (-1.0, -z) } else { (1.0, z) };
    let iz = C64::new(-z.im, z.re);
    s * (1.0 - exp_neg_sq_times(z, w_upper(iz)))
}

/// erfc of a complex argument.
pub fn erfc_c(z: C64) -> C64 {
    if z.im == 0.0 {
        return C64::new(libm::erfc(z.re), -z.im);
    }
    if z.re == 0.0 {
        return C64::new(1.0, -erfi_k(z.im));
    }
    if z.re.is_nan() || z.im.is_nan() {
        return C64::new(f64::NAN, f64::NAN);
    }
    if z.norm() < 1.0 {
        return 1.0 - erf_taylor(z);
    }
    if z.re >= 0.0 {
        exp_neg_sq_times(z, w_upper(C64::new(-z.im, z.re)))
    } else {
        // erfc(z) = 2 - erfc(-z).
        2.0 - exp_neg_sq_times(z, w_upper(C64::new(z.im, -z.re)))
    }
}

/// erfcx(z) = exp(z²)·erfc(z) of a complex argument.
pub fn erfcx_c(z: C64) -> C64 {
    if z.im == 0.0 {
        return C64::new(erfcx_k(z.re), -z.im);
    }
    if z.re.is_nan() || z.im.is_nan() {
        return C64::new(f64::NAN, f64::NAN);
    }
    if z.re >= 0.0 {
        w_upper(C64::new(-z.im, z.re))
    } else {
        // exp(z²)(2 - erfc(-z)) = 2·exp(z²) - w(-iz).
        let e = C64::new((z.re - z.im) * (z.re + z.im), 2.0 * z.re * z.im);
        2.0 * e.exp() - w_upper(C64::new(z.im, -z.re))
    }
}

/// erfi(z) = -i·erf(iz) of a complex argument.
pub fn erfi_c(z: C64) -> C64 {
    let e = erf_c(C64::new(-z.im, z.re));
    C64::new(e.im, -e.re)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Relative error in the complex norm.
    fn rel(a: C64, b: C64) -> f64 {
        if a == b {
            return 0.0;
        }
        (a - b).norm() / b.norm()
    }

    // `REF`: 408 points of the plane with |z| from 1e-4 to 20 (axes
    // included) where every value is finite and nonzero.
    include!("faddeeva_ref.rs");

    #[test]
    fn erf_family_matches_reference_values() {
        type Kernel = fn(C64) -> C64;
        let fs: [(&str, Kernel); 4] = [
            ("erf", erf_c),
            ("erfc", erfc_c),
            ("erfcx", erfcx_c),
            ("erfi", erfi_c),
        ];
        for row in REF {
            let z = C64::new(row[0], row[1]);
            for (k, (name, f)) in fs.iter().enumerate() {
                let want = C64::new(row[2 + 2 * k], row[3 + 2 * k]);
                let e = rel(f(z), want);
                assert!(
                    e < 1e-13,
                    "{name}({z}): {} vs {want}, relative error {e}",
                    f(z)
                );
            }
        }
        assert!(REF.len() > 400);
    }

    #[test]
    fn real_erfi_and_the_axes() {
        // erfi(0.5) and erfi(2) from mpmath.
        assert!((erfi_k(0.5) - 0.614_952_094_696_510_9).abs() < 1e-15);
        assert!((erfi_k(2.0) / 18.564_802_414_575_553 - 1.0).abs() < 1e-14);
        assert_eq!(erfi_k(30.0), f64::INFINITY);
        assert_eq!(erfi_k(-30.0), f64::NEG_INFINITY);
        assert_eq!(erf_c(C64::new(0.0, 30.0)), C64::new(0.0, f64::INFINITY));
        assert!(erf_c(C64::new(f64::NAN, 1.0)).re.is_nan());
    }
}
