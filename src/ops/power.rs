//! Powers as Octave computes them: which operand types make `.^` complex,
//! and the complex kernels with the C99 (Annex G) arithmetic Octave's
//! `std::pow` reaches through libstdc++ and glibc, so the special values
//! agree: `0 .^ 1i` is NaN+NaNi, `complex(0,0) .^ -2.5` is Inf-NaNi, and an
//! integer power that overflows keeps its infinities (`(2+3i) .^ 1000` is
//! -Inf+NaNi, not NaN+NaNi).
//!
//! Octave picks the kernel by the operand types, not by the values:
//!
//! | base \ exponent | real                                       | complex            |
//! |-----------------|--------------------------------------------|--------------------|
//! | real            | real, or `pow_cr` for all elements when a negative base meets a non-integer exponent | `pow_rc` |
//! | complex         | `pow_cr`                                   | `pow_cc`           |

use crate::value::C64;

/// Octave's `xisint`: an integer within C `int` range. NaN, Inf and
/// integers beyond 2^31 are not: they take the general kernels.
pub(crate) fn is_int_exponent(y: f64) -> bool {
    y == y.round() && y > -2147483648.0 && y < 2147483647.0
}

/// Whether `base .^ e` on real scalars is complex (a negative base to a
/// non-integer power, NaN and Inf included: `(-2.5)^NaN` is NaN+NaNi).
pub(crate) fn real_pow_is_complex(base: f64, e: f64) -> bool {
    base < 0.0 && !is_int_exponent(e)
}

/// C99's complex product (Annex G, as gcc's `__muldc3`): the textbook
/// formula, and where both parts come out NaN, the infinities recovered.
pub(crate) fn mul(z: C64, w: C64) -> C64 {
    let (mut a, mut b, mut c, mut d) = (z.re, z.im, w.re, w.im);
    let (ac, bd, ad, bc) = (a * c, b * d, a * d, b * c);
    let (x, y) = (ac - bd, ad + bc);
    if !(x.is_nan() && y.is_nan()) {
        return C64::new(x, y);
    }
    // A NaN in the other factor becomes a (signed) zero; an infinite
    // factor becomes a box of unit parts.
    let zero_nan = |v: f64| if v.is_nan() { 0f64.copysign(v) } else { v };
    let unit_inf = |v: f64| (if v.is_infinite() { 1f64 } else { 0f64 }).copysign(v);
    let mut recalc = false;
    if a.is_infinite() || b.is_infinite() {
        (a, b) = (unit_inf(a), unit_inf(b));
        (c, d) = (zero_nan(c), zero_nan(d));
        recalc = true;
    }
    if c.is_infinite() || d.is_infinite() {
        (c, d) = (unit_inf(c), unit_inf(d));
        (a, b) = (zero_nan(a), zero_nan(b));
        recalc = true;
    }
    if !recalc && [ac, bd, ad, bc].iter().any(|v| v.is_infinite()) {
        (a, b, c, d) = (zero_nan(a), zero_nan(b), zero_nan(c), zero_nan(d));
        recalc = true;
    }
    if !recalc {
        return C64::new(x, y);
    }
    C64::new(
        f64::INFINITY * (a * c - b * d),
        f64::INFINITY * (a * d + b * c),
    )
}

/// `(sin y, cos y)`, exact for tiny `y` as glibc takes it.
fn sin_cos(y: f64) -> (f64, f64) {
    if y.abs() > f64::MIN_POSITIVE {
        y.sin_cos()
    } else {
        (y, 1.0)
    }
}

/// C99's `cexp` with its special values (Annex G) and glibc's scaling, so
/// `exp(710 + 0.5i)` has finite parts where they are representable.
pub(crate) fn exp(z: C64) -> C64 {
    let (x, y) = (z.re, z.im);
    if x.is_finite() {
        if !y.is_finite() {
            return C64::new(f64::NAN, f64::NAN);
        }
        // The largest integer t with exp(t) finite.
        const T: f64 = 709.0;
        let (mut s, mut c) = sin_cos(y);
        let mut x = x;
        for _ in 0..2 {
            if x > T {
                let e = T.exp();
                x -= T;
                s *= e;
                c *= e;
            }
        }
        if x > T {
            return C64::new(f64::MAX * c, f64::MAX * s);
        }
        let e = x.exp();
        return C64::new(e * c, e * s);
    }
    if x.is_infinite() {
        let value = if x < 0.0 { 0.0 } else { f64::INFINITY };
        if y.is_finite() {
            if y == 0.0 {
                return C64::new(value, y);
            }
            let (s, c) = sin_cos(y);
            return C64::new(value.copysign(c), value.copysign(s));
        }
        return if x < 0.0 {
            C64::new(0.0, 0f64.copysign(y))
        } else {
            C64::new(f64::INFINITY, f64::NAN)
        };
    }
    // x is NaN.
    C64::new(f64::NAN, if y == 0.0 { y } else { f64::NAN })
}

/// The principal logarithm, `(ln |z|, arg z)`.
fn ln(z: C64) -> C64 {
    C64::new(z.re.hypot(z.im).ln(), z.im.atan2(z.re))
}

/// `std::pow(complex, int)`: repeated squaring with C99 products, and the
/// reciprocal for a negative power.
pub(crate) fn pow_int(z: C64, n: i64) -> C64 {
    let mut m = n.unsigned_abs();
    let mut x = z;
    let mut y = if m % 2 == 1 { x } else { C64::new(1.0, 0.0) };
    m >>= 1;
    while m > 0 {
        x = mul(x, x);
        if m % 2 == 1 {
            y = mul(y, x);
        }
        m >>= 1;
    }
    if n < 0 {
        super::elementwise::cdiv(C64::new(1.0, 0.0), y)
    } else {
        y
    }
}

/// `std::pow(complex, double)`: a positive real base stays real; any
/// other goes through the polar form (so a zero base gives Inf-NaNi for
/// a negative power and NaN+NaNi for a NaN or infinite one).
pub(crate) fn pow_real_exponent(z: C64, y: f64) -> C64 {
    if z.im == 0.0 && z.re > 0.0 {
        return C64::new(z.re.powf(y), 0.0);
    }
    let l = ln(z);
    let (r, th) = ((y * l.re).exp(), y * l.im);
    C64::new(r * th.cos(), r * th.sin())
}

/// A complex base to a real exponent, as Octave's `.^` takes it: integer
/// exponents by repeated squaring, others through the polar form.
pub(crate) fn pow_cr(z: C64, y: f64) -> C64 {
    if is_int_exponent(y) {
        pow_int(z, y as i64)
    } else {
        pow_real_exponent(z, y)
    }
}

/// `std::pow(double, complex)`: a positive base through the polar form,
/// any other as a complex base.
pub(crate) fn pow_rc(x: f64, w: C64) -> C64 {
    if x > 0.0 {
        let (r, th) = (x.powf(w.re), w.im * x.ln());
        C64::new(r * th.cos(), r * th.sin())
    } else {
        pow_cc(C64::new(x, 0.0), w)
    }
}

/// `std::pow(complex, complex)`, glibc's `cpow`: `cexp(w * clog(z))`.
pub(crate) fn pow_cc(z: C64, w: C64) -> C64 {
    exp(mul(w, ln(z)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(z: C64) -> (f64, f64) {
        (z.re, z.im)
    }

    fn same(got: C64, want: (f64, f64)) -> bool {
        let eq = |a: f64, b: f64| (a.is_nan() && b.is_nan()) || a == b;
        eq(got.re, want.0) && eq(got.im, want.1)
    }

    #[test]
    fn special_values_match_octave() {
        let (inf, nan) = (f64::INFINITY, f64::NAN);
        let c = |re, im| C64::new(re, im);
        // Values octave-cli 7.3 gives.
        let cases = [
            (pow_rc(0.0, c(0.0, 1.0)), (nan, nan)),
            (pow_rc(0.0, c(0.5, 1.0)), (0.0, 0.0)),
            (pow_rc(0.0, c(-0.5, -1.0)), (inf, nan)),
            (pow_rc(-inf, c(2.0, 0.0)), (inf, nan)),
            (pow_rc(inf, c(0.0, 1.0)), (nan, nan)),
            (pow_cr(c(0.0, 0.0), -2.5), (inf, nan)),
            (pow_cr(c(0.0, 0.0), f64::NAN), (nan, nan)),
            (pow_cr(c(0.0, 0.0), inf), (nan, nan)),
            (pow_cr(c(0.0, 0.0), 0.0), (1.0, 0.0)),
            (pow_cr(c(inf, 0.0), 2.0), (inf, nan)),
            (pow_cr(c(2.0, 3.0), 1000.0), (-inf, nan)),
            (pow_cc(c(inf, 0.0), c(-0.5, -1.0)), (0.0, 0.0)),
            (pow_cr(c(-2.5, 0.0), f64::NAN), (nan, nan)),
        ];
        for (k, (got, want)) in cases.iter().enumerate() {
            assert!(same(*got, *want), "case {k}: {:?} vs {want:?}", parts(*got));
        }
        assert!(real_pow_is_complex(-2.5, f64::NAN));
        assert!(real_pow_is_complex(-2.0, 1e10));
        assert!(!real_pow_is_complex(-2.0, 3.0));
    }

    #[test]
    fn products_recover_infinities() {
        let p = mul(C64::new(f64::INFINITY, f64::NAN), C64::new(2.0, 0.0));
        assert!(p.re.is_infinite(), "{p:?}");
        let q = mul(C64::new(1.0, 2.0), C64::new(3.0, 4.0));
        assert_eq!(parts(q), (-5.0, 10.0));
    }
}
