//! Constant functions with optional size arguments: `pi`, `e`, `Inf`,
//! `NaN`, `eps` (also `eps(x)`), `realmax`, `realmin`, `flintmax`, and the
//! imaginary unit `i`/`j`/`I`/`J`.

use super::super::util::{filled, parse_size, split_class, Classes};
use super::super::Ctx;
use crate::error::{Error, Result};
use crate::value::{Class, Value, C64, NA_BITS};

fn constant(fname: &str, args: &[Value], x: f64) -> Result<Vec<Value>> {
    limit(fname, args, x, x as f32)
}

/// A constant whose value depends on the class: `x` in double, `s` in
/// single (`realmax('single')`, `eps('single')`).
fn limit(fname: &str, args: &[Value], x: f64, s: f32) -> Result<Vec<Value>> {
    let (size_args, class) = split_class(fname, args, Classes::Float)?;
    let x = if class.class == Class::Single {
        f64::from(s)
    } else {
        x
    };
    Ok(vec![class.filled(parse_size(fname, size_args)?, x)?])
}

/// pi: the ratio of a circle's circumference to its diameter.
///
/// `P = pi` is 3.14159265358979...
///
/// `P = pi(N)`, `pi(M, N, ...)` or `pi([M N ...])` is an array of that
/// size filled with pi; a trailing 'single' or 'double' chooses the class.
///
/// ```text
/// >> pi
/// ans = 3.1416
/// >> pi(1, 3)
/// ans =
///
///    3.1416   3.1416   3.1416
/// ```
pub fn pi(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    constant("pi", &a, std::f64::consts::PI)
}

/// e: Euler's number, the base of the natural logarithm.
///
/// `x = e` returns e = 2.71828... as a double scalar.
///
/// `X = e(n)`, `X = e(m, n, ...)` or `X = e([m n ...])` return an array of
/// that size filled with e; a trailing class name `'single'` or `'double'`
/// chooses the class.
///
/// ```text
/// >> e
/// ans = 2.7183
/// >> log(e(1, 2))
/// ans =
///
///    1   1
/// ```
pub fn e(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    constant("e", &a, std::f64::consts::E)
}

/// Inf, inf: positive infinity.
///
/// `x = Inf` returns the IEEE infinity, the result of overflow and of
/// dividing a nonzero number by zero; `-Inf` is negative infinity.
///
/// `X = Inf(n)`, `X = Inf(m, n, ...)` or `X = Inf([m n ...])` return an array
/// of that size filled with Inf; a trailing `'single'` or `'double'`, or
/// `'like', p`, chooses the class.
///
/// ```text
/// >> 1/0
/// ans = Inf
/// >> Inf(1, 3)
/// ans =
///
///    Inf   Inf   Inf
/// >> [-Inf Inf] + 1
/// ans =
///
///   -Inf   Inf
/// ```
pub fn inf(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    constant("Inf", &a, f64::INFINITY)
}

/// NaN, nan: not a number, the result of undefined operations.
///
/// `x = NaN` returns the IEEE not-a-number value, which results from
/// operations such as `0/0` or `Inf - Inf`. NaN is not equal to anything,
/// itself included: test for it with `isnan`.
///
/// `X = NaN(n)`, `X = NaN(m, n, ...)` or `X = NaN([m n ...])` return an array
/// of that size filled with NaN; a trailing `'single'` or `'double'`, or
/// `'like', p`, chooses the class.
///
/// ```text
/// >> 0/0
/// ans = NaN
/// >> NaN(2, 3)
/// ans =
///
///    NaN   NaN   NaN
///    NaN   NaN   NaN
/// >> NaN == NaN
/// ans = 0
/// ```
pub fn nan(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    constant("NaN", &a, f64::NAN)
}
/// The single NA: the double one narrowed.
const NA_SINGLE_BITS: u32 = 0x7FC2_07A2;

/// NA: the missing-value marker, a special NaN.
///
/// `x = NA` returns Octave's "not available" value: a NaN with a particular
/// bit pattern, displayed as NA. `isna` tells it apart from other NaNs;
/// `isnan` is true for both.
///
/// `X = NA(n)`, `X = NA(m, n, ...)` or `X = NA([m n ...])` return an array of
/// that size filled with NA; a trailing `'single'` or `'double'` chooses the
/// class.
///
/// ```text
/// >> [1 NA 3]
/// ans =
///
///      1    NA     3
/// >> [isna(NA) isnan(NA)]
/// ans =
///
///   1  1
/// ```
pub fn na(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    limit(
        "NA",
        &a,
        f64::from_bits(NA_BITS),
        f32::from_bits(NA_SINGLE_BITS),
    )
}

/// realmax: largest finite floating-point number.
///
/// `R = realmax` is the largest finite double, about 1.7977e+308;
/// `realmax('single')` the largest finite single. Size arguments as for
/// `zeros` give an array of it.
///
/// ```text
/// >> realmax
/// ans = 1.7977e+308
/// >> realmax('single')
/// ans = 3.4028e+38
/// ```
pub fn realmax(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    limit("realmax", &a, f64::MAX, f32::MAX)
}
/// realmin: smallest normalized floating-point number.
///
/// `R = realmin` is the smallest positive normalized double, about
/// 2.2251e-308; `realmin('single')` the smallest normalized single. Size
/// arguments as for `zeros` give an array of it.
///
/// ```text
/// >> realmin
/// ans = 2.2251e-308
/// >> realmin('single')
/// ans = 1.1755e-38
/// ```
pub fn realmin(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    limit("realmin", &a, f64::MIN_POSITIVE, f32::MIN_POSITIVE)
}

/// flintmax: the largest consecutive integer in floating point.
///
/// `f = flintmax` returns 2^53, the largest double below which every integer
/// is exactly representable (flintmax + 1 rounds back to flintmax).
///
/// `f = flintmax('single')` returns 2^24 as a single; `flintmax('double')`
/// is the same as `flintmax`.
///
/// ```text
/// >> flintmax
/// ans = 9.0072e+15
/// >> flintmax == 2^53
/// ans = 1
/// >> flintmax('single')
/// ans = 1.6777e+07
/// ```
pub fn flintmax(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    limit("flintmax", &a, 9007199254740992.0, 16777216.0)
}

/// i, j, I, J: the imaginary unit.
///
/// `z = i` returns the complex number 0 + 1i, the square root of -1 (`j`,
/// `I` and `J` are the same). A variable named i or j hides the function;
/// write `1i` to be sure of the imaginary unit.
///
/// `Z = i(n)`, `Z = i(m, n, ...)` or `Z = i([m n ...])` return an array of
/// that size filled with the imaginary unit.
///
/// ```text
/// >> i^2
/// ans = -1
/// >> 3 + 4*j
/// ans =  3 + 4i
/// >> abs(3 + 4i)
/// ans = 5
/// ```
pub fn imag_unit(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    let (size_args, _) = split_class("i", &a, Classes::Float)?;
    let dims = parse_size("i", size_args)?;
    Ok(vec![Value::Complex(filled(dims, C64::new(0.0, 1.0))?)])
}

/// Distance from |x| to the next larger double (the smallest subnormal
/// for 0 and subnormals; NaN for Inf and NaN).
pub fn eps_of(x: f64) -> f64 {
    let x = x.abs();
    if !x.is_finite() {
        return f64::NAN;
    }
    if x < f64::MIN_POSITIVE {
        return f64::from_bits(1);
    }
    let exp = ((x.to_bits() >> 52) & 0x7ff) as i32 - 1023;
    2f64.powi(exp - 52)
}

/// Distance from |x| to the next larger single (`eps(single(1))`).
pub fn eps_of_single(x: f32) -> f32 {
    let x = x.abs();
    if !x.is_finite() {
        return f32::NAN;
    }
    if x < f32::MIN_POSITIVE {
        return f32::from_bits(1);
    }
    let exp = ((x.to_bits() >> 23) & 0xff) as i32 - 127;
    2f32.powi(exp - 23)
}

/// eps: floating-point relative accuracy, the spacing of doubles.
///
/// `d = eps` returns 2^-52, the distance from 1.0 to the next larger double.
///
/// `d = eps(x)` returns, element by element, the distance from abs(x) to the
/// next larger number of the same class (double or single); NaN for Inf and
/// NaN.
///
/// `d = eps('single')` returns the single precision spacing at 1, 2^-23;
/// `eps(m, n, ...)` with sizes returns an array filled with eps.
///
/// ```text
/// >> eps
/// ans = 2.2204e-16
/// >> eps([1 1000])
/// ans =
///
///    2.2204e-16   1.1369e-13
/// >> eps('single')
/// ans = 1.1921e-07
/// ```
pub fn eps(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    // eps(X) for a numeric X gives the spacing at each element.
    if a.len() == 1 && !matches!(a[0], Value::Char(_)) {
        let x = match &a[0] {
            Value::Single(s) => return Ok(vec![Value::Single(s.map(|&v| eps_of_single(v)))]),
            Value::SingleComplex(c) => {
                return Ok(vec![Value::Single(c.map(|z| eps_of_single(z.norm())))])
            }
            Value::Int(_) => return Err(Error::new("eps: X must be of a floating point type")),
            Value::Complex(c) => c.map(|z| z.norm()),
            other => other.to_num_array("eps")?,
        };
        return Ok(vec![Value::Num(x.map(|&v| eps_of(v)))]);
    }
    limit("eps", &a, f64::EPSILON, f32::EPSILON)
}

#[cfg(test)]
mod tests {
    use super::super::tests::call1;
    use super::*;
    use crate::value::{Array, Dims};

    #[test]
    fn constants_and_sizes() {
        assert_eq!(call1("pi", vec![]), Value::num(std::f64::consts::PI));
        assert_eq!(
            call1("pi", vec![Value::num(2.0), Value::num(1.0)]),
            Value::col(vec![std::f64::consts::PI; 2])
        );
        assert_eq!(
            call1("Inf", vec![Value::row(vec![2.0, 1.0])]),
            Value::col(vec![f64::INFINITY; 2])
        );
        let i2 = call1("i", vec![Value::num(2.0)]);
        assert_eq!(
            i2,
            Value::Complex(Array::filled(Dims::mat(2, 2), C64::new(0.0, 1.0)))
        );
        assert_eq!(call1("flintmax", vec![]), Value::num(2f64.powi(53)));
    }

    #[test]
    fn eps_spacing() {
        assert_eq!(eps_of(1.0), f64::EPSILON);
        assert_eq!(eps_of(1e10), 1.9073486328125e-06);
        assert_eq!(eps_of(0.0), 5e-324);
        assert!(eps_of(f64::INFINITY).is_nan());
        assert_eq!(call1("eps", vec![]), Value::num(f64::EPSILON));
    }
}
