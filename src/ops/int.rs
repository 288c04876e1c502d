//! Integer arithmetic as MATLAB defines it: the exact result, rounded half
//! away from zero and saturated to the class's range (`IntElem::from_i128`).
//!
//! One generic kernel per operator over `IntElem`. An integer meets either
//! an integer of its own class or a double (single, logical and char
//! operands arrive as the doubles they equal). Classes up to 32 bits
//! compute with a double operand in double, as MATLAB and Octave do (every
//! value of theirs is a double exactly); int64 and uint64 are exact for
//! every operand: `int64(9007199254740993) + 1` is 9007199254740994, and
//! `int64(9007199254740993) * 1.5` rounds the exact product. Non-finite
//! doubles (and division by zero) go through double arithmetic, which gives
//! MATLAB's answers: `x/0` is intmax, intmin or 0, `x + NaN` is 0.

use crate::error::Result;
use crate::value::{Array, IntArray, IntElem};

/// `f` of each element's exact value, saturated back into the class
/// (`abs(intmin('int8'))` is 127).
pub fn map_exact(x: &IntArray, f: impl Fn(i128) -> i128) -> Result<IntArray> {
    crate::with_int!(x, a => map_typed(a, &f))
}

fn map_typed<T: IntElem>(a: &Array<T>, f: &impl Fn(i128) -> i128) -> Result<IntArray> {
    Ok(T::wrap(a.try_map(|e| T::from_i128(f(e.to_i128())))?))
}

/// An element-wise arithmetic operator on integers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arith {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
}

impl Arith {
    /// The operator on doubles.
    pub fn f64(self, x: f64, y: f64) -> f64 {
        match self {
            Arith::Add => x + y,
            Arith::Sub => x - y,
            Arith::Mul => x * y,
            Arith::Div => x / y,
            Arith::Pow => x.powf(y),
        }
    }
}

/// Whether `T` is int64 or uint64 (values beyond 2^53 are not doubles).
fn wide<T: IntElem>() -> bool {
    T::CLASS.element_bytes() == 8
}

/// A magnitude far outside every integer class: saturates whatever the
/// class, and sums of two of them do not overflow an i128.
const HUGE: i128 = 1 << 100;

/// `x op y` for two integers of one class.
pub fn int_int<T: IntElem>(op: Arith, x: T, y: T) -> T {
    let (a, b) = (x.to_i128(), y.to_i128());
    match op {
        Arith::Add => T::from_i128(a + b),
        Arith::Sub => T::from_i128(a - b),
        Arith::Mul => T::from_i128(a.saturating_mul(b)),
        Arith::Div if b == 0 => T::from_f64(a as f64 / 0.0),
        Arith::Div => T::from_i128(round_div(a, b)),
        Arith::Pow => pow::<T>(a, y.to_f64()),
    }
}

/// `x op y` for an integer and a double.
pub fn int_real<T: IntElem>(op: Arith, x: T, y: f64) -> T {
    if op == Arith::Pow {
        return pow::<T>(x.to_i128(), y);
    }
    if !wide::<T>() || !y.is_finite() || (op == Arith::Div && y == 0.0) {
        return T::from_f64(op.f64(x.to_f64(), y));
    }
    let a = x.to_i128();
    T::from_i128(match op {
        Arith::Add => add_exact(a, y),
        Arith::Sub => add_exact(a, -y),
        Arith::Mul => {
            let (m, e) = decompose(y);
            scaled_quotient(a.saturating_mul(m), e, 1)
        }
        _ => {
            let (m, e) = decompose(y);
            scaled_quotient(a, -e, m)
        }
    })
}

/// `x op y` for a double and an integer.
pub fn real_int<T: IntElem>(op: Arith, x: f64, y: T) -> T {
    let b = y.to_i128();
    if op == Arith::Pow || !wide::<T>() || !x.is_finite() || (op == Arith::Div && b == 0) {
        return T::from_f64(op.f64(x, y.to_f64()));
    }
    T::from_i128(match op {
        Arith::Add => add_exact(b, x),
        Arith::Sub => add_exact(-b, x),
        Arith::Mul => int_real::<T>(Arith::Mul, y, x).to_i128(),
        _ => {
            let (m, e) = decompose(x);
            scaled_quotient(m, e, b)
        }
    })
}

/// `base ^ e`: exact (saturating) for integer exponents 0 to 127, which is
/// every exponent that does not saturate at once; otherwise through double
/// (`int8(2)^-1` is 1, `int8(2)^0.5` is 1, `int8(-8)^(1/3)` is 0: NaN).
fn pow<T: IntElem>(base: i128, e: f64) -> T {
    if (0.0..128.0).contains(&e) && e.fract() == 0.0 {
        let mut r: i128 = 1;
        for _ in 0..e as u32 {
            r = r.saturating_mul(base).clamp(-HUGE, HUGE);
        }
        return T::from_i128(r);
    }
    T::from_f64((base as f64).powf(e))
}

/// `a / b` rounded half away from zero (`b != 0`).
pub fn round_div(a: i128, b: i128) -> i128 {
    let (q, r) = (a / b, a % b);
    if r != 0 && r.unsigned_abs() >= b.unsigned_abs() - r.unsigned_abs() {
        if (a < 0) == (b < 0) {
            q + 1
        } else {
            q - 1
        }
    } else {
        q
    }
}

/// A finite double as `m * 2^e` with `m` an integer (odd unless 0).
fn decompose(y: f64) -> (i128, i32) {
    if y == 0.0 {
        return (0, 0);
    }
    let bits = y.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = (bits & ((1u64 << 52) - 1)) as i128;
    let (mut m, mut e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), exp - 1075)
    };
    let tz = m.trailing_zeros() as i32;
    m >>= tz;
    e += tz;
    (if y < 0.0 { -m } else { m }, e)
}

/// `a + y` rounded, exactly.
fn add_exact(a: i128, y: f64) -> i128 {
    let (m, e) = decompose(y);
    if e >= 0 {
        return if e > 70 {
            HUGE * m.signum()
        } else {
            a + (m << e)
        };
    }
    // A fraction: |y| < 2^53. Beyond 2^-60 scaling, |y| < 1/2 and only
    // an integer at 0 could move, which rounds back to 0.
    if -e > 60 {
        return a;
    }
    round_div((a << -e) + m, 1 << -e)
}

/// `num * 2^shift / den` rounded half away from zero, saturated at
/// `HUGE` (`den != 0`).
fn scaled_quotient(num: i128, shift: i32, den: i128) -> i128 {
    let neg = (num < 0) != (den < 0);
    let (n, d) = (num.unsigned_abs(), den.unsigned_abs());
    if n == 0 {
        return 0;
    }
    let q = if shift >= 0 {
        // Long division, one doubling at a time: stops once saturated.
        let (mut q, mut r) = (n / d, n % d);
        for _ in 0..shift {
            if q >= HUGE as u128 {
                break;
            }
            q <<= 1;
            if r >= d - r {
                r -= d - r;
                q += 1;
            } else {
                r <<= 1;
            }
        }
        q.min(HUGE as u128) + u128::from(q < HUGE as u128 && r >= d - r && r != 0)
    } else {
        let s = (-shift) as u32;
        if d.leading_zeros() <= s {
            // den * 2^s exceeds 2^127 > 2 * num: below one half.
            0
        } else {
            let big = d << s;
            let (q, r) = (n / big, n % big);
            q + u128::from(r != 0 && r >= big - r)
        }
    };
    let q = q.min(HUGE as u128) as i128;
    if neg {
        -q
    } else {
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_integers_are_exact() {
        let big = 9007199254740993i64;
        assert_eq!(int_real(Arith::Add, big, 1.0), 9007199254740994);
        assert_eq!(int_real(Arith::Add, big, 0.5), 9007199254740994);
        assert_eq!(int_real(Arith::Add, -big, -0.5), -9007199254740994);
        assert_eq!(int_real(Arith::Add, big, -0.5), 9007199254740993);
        assert_eq!(int_real(Arith::Mul, big, 1.5), 13510798882111490);
        assert_eq!(int_real(Arith::Mul, big, 3.0), 27021597764222979);
        assert_eq!(int_real(Arith::Div, big, 2.0), 4503599627370497);
        assert_eq!(int_real(Arith::Div, big, 0.5), 18014398509481986);
        assert_eq!(int_real(Arith::Div, 7i64, 1e-300), i64::MAX);
        assert_eq!(int_real(Arith::Div, 7i64, 1e300), 0);
        assert_eq!(real_int(Arith::Div, 1e300, 7i64), i64::MAX);
        assert_eq!(real_int(Arith::Div, 7.0, 2i64), 4);
        assert_eq!(real_int(Arith::Sub, 1.0, big), 1 - big);
        assert_eq!(int_real(Arith::Sub, u64::MAX, 1.0), u64::MAX - 1);
        assert_eq!(int_real(Arith::Add, u64::MAX, 1e30), u64::MAX);
        assert_eq!(int_real(Arith::Mul, 3i64, 1e-320), 0);
        assert_eq!(int_int(Arith::Pow, 3i64, 39), 4052555153018976267);
        assert_eq!(int_int(Arith::Mul, u64::MAX, u64::MAX), u64::MAX);
        assert_eq!(int_int(Arith::Div, -7i64, 2), -4);
        assert_eq!(int_int(Arith::Div, 7i64, 0), i64::MAX);
        assert_eq!(int_int(Arith::Div, -7i64, 0), i64::MIN);
        assert_eq!(int_int(Arith::Div, 0i64, 0), 0);
    }

    #[test]
    fn narrow_integers_compute_in_double() {
        assert_eq!(int_int(Arith::Sub, 3u8, 5), 0);
        assert_eq!(int_int(Arith::Mul, 16u8, 16), 255);
        assert_eq!(int_int(Arith::Div, -7i16, 2), -4);
        assert_eq!(int_real(Arith::Div, 5i8, 0.0), 127);
        assert_eq!(int_real(Arith::Div, -5i8, 0.0), -128);
        assert_eq!(int_real(Arith::Add, 5i8, f64::NAN), 0);
        assert_eq!(int_real(Arith::Pow, 2i8, -1.0), 1);
        assert_eq!(int_real(Arith::Pow, -8i8, 1.0 / 3.0), 0);
        assert_eq!(int_real(Arith::Pow, -2i16, 3.0), -8);
        assert_eq!(real_int(Arith::Pow, 2.0, 3i8), 8);
        assert_eq!(int_real(Arith::Mul, 3i16, 2.5), 8);
    }

    #[test]
    fn rounding_division_goes_half_away_from_zero() {
        assert_eq!(round_div(5, 2), 3);
        assert_eq!(round_div(-5, 2), -3);
        assert_eq!(round_div(5, -2), -3);
        assert_eq!(round_div(7, 3), 2);
        assert_eq!(round_div(-7, 3), -2);
        assert_eq!(decompose(1.5), (3, -1));
        assert_eq!(decompose(-8.0), (-1, 3));
    }
}
