//! Two-operand element-wise math with implicit expansion: `atan2`,
//! `hypot`, `mod`, `rem` (Octave's exact rules), `nthroot`, `complex`.

use super::super::util::{nargchk, zip_map};
use super::super::Ctx;
use crate::error::{Error, Result};
use crate::value::{Array, Value, C32, C64};

/// Both operands as real arrays (complex parts are an error).
fn two_real(fname: &str, args: &[Value]) -> Result<(Array<f64>, Array<f64>)> {
    nargchk(fname, args.len(), 2, 2)?;
    let mut out = Vec::with_capacity(2);
    for a in args {
        match a {
            Value::Struct(_) => {
                return Err(Error::new(format!(
                    "{fname}: not defined for scalar struct"
                )))
            }
            Value::Complex(c) if c.data().iter().any(|z| z.im != 0.0) => {
                return Err(Error::new(format!(
                    "{fname}: not defined for complex numbers"
                )))
            }
            other => out.push(other.to_num_array(fname)?),
        }
    }
    let b = out.pop().ok_or_else(|| Error::nargin(fname))?;
    let a = out.pop().ok_or_else(|| Error::nargin(fname))?;
    Ok((a, b))
}

/// `f` of two real operands in double, the result in the class the
/// operands give (`mod(int8(7), 2)` is int8, `rem(single(7.5), 2)` single).
fn real_binary(fname: &str, args: Vec<Value>, f: fn(f64, f64) -> f64) -> Result<Vec<Value>> {
    // Two doubles of the same size, or one scalar: one pass split over
    // the cores, in an argument's own buffer when it is an unshared
    // temporary (`mod(k.*k, m)`); the same `f` on the same elements.
    if let [Value::Num(a), Value::Num(b)] = args.as_slice() {
        if a.dims() == b.dims() || a.is_scalar() || b.is_scalar() {
            let mut it = args.into_iter();
            if let (Some(Value::Num(a)), Some(Value::Num(b))) = (it.next(), it.next()) {
                return Ok(vec![Value::Num(crate::ops::owned::zip_real(a, b, f)?)]);
            }
            return Err(Error::nargin(fname));
        }
    }
    let (a, b) = two_real(fname, &args)?;
    let class = crate::ops::classes::pair_class(fname, &args[0], &args[1])?;
    let r = Value::Num(zip_map(fname, &a, &b, |&x, &y| f(x, y))?);
    Ok(vec![crate::ops::classes::in_class(class, r)?])
}

/// atan2: four-quadrant inverse tangent.
///
/// `theta = atan2(y, x)` returns, element by element, the angle in radians
/// in [-pi, pi] between the positive x axis and the point (x, y). Unlike
/// `atan(y/x)`, the signs of both arguments select the quadrant. The
/// arguments must be real and of compatible sizes (implicit expansion).
///
/// ```text
/// >> atan2(1, 1)
/// ans = 0.7854
/// >> atan2([1 -1], [-1 -1])
/// ans =
///
///    2.3562  -2.3562
/// ```
pub fn atan2(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    real_binary("atan2", a, f64::atan2)
}

/// hypot: square root of a sum of squares without overflow.
///
/// `c = hypot(a, b)` returns sqrt(abs(a).^2 + abs(b).^2) element by element
/// (arguments of compatible sizes), computed so that large or tiny values
/// neither overflow nor underflow.
///
/// ```text
/// >> hypot(3, 4)
/// ans = 5
/// >> hypot(1e200, 1e200)
/// ans = 1.4142e+200
/// ```
pub fn hypot(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("hypot", args.len(), 2, 2)?;
    // Complex operands use their magnitudes.
    let mags: Vec<Value> = args
        .into_iter()
        .map(|v| match v {
            Value::Complex(c) => Value::Num(c.map(|z| z.norm())),
            other => other,
        })
        .collect();
    real_binary("hypot", mags, f64::hypot)
}

/// The function a real binary builtin maps over its operands' elements,
/// for a caller holding two real double scalars (the evaluator's fast path
/// for `mod(k, 2)` in a loop): the very function the builtin uses, so both
/// paths give the same bits.
pub fn scalar_kernel(name: &str) -> Option<fn(f64, f64) -> f64> {
    match name {
        "mod" => Some(mod_value),
        "rem" => Some(rem_value),
        "atan2" => Some(f64::atan2),
        _ => None,
    }
}

/// A one-argument element function and its real domain (`None`: every
/// double).
pub type Kernel1 = (fn(f64) -> f64, Option<fn(f64) -> bool>);

/// The element function of a one-argument element-wise builtin and the
/// real doubles it maps to real doubles (outside, the builtin answers
/// complex: `sqrt(-1)`), for a caller holding one real double scalar
/// (`floor(x / 2)` in a loop): the functions the builtins map over arrays,
/// so both paths give the same bits. NaN is inside every domain.
pub fn scalar_kernel1(name: &str) -> Option<Kernel1> {
    let nonneg: Option<fn(f64) -> bool> = Some(|x| x >= 0.0);
    let unit: Option<fn(f64) -> bool> = Some(|x| (-1.0..=1.0).contains(&x));
    Some(match name {
        "abs" => (f64::abs, None),
        "floor" => (f64::floor, None),
        "ceil" => (f64::ceil, None),
        "fix" => (f64::trunc, None),
        "round" => (f64::round, None),
        "exp" => (f64::exp, None),
        "sin" => (f64::sin, None),
        "cos" => (f64::cos, None),
        "tan" => (f64::tan, None),
        "atan" => (f64::atan, None),
        "sinh" => (f64::sinh, None),
        "cosh" => (f64::cosh, None),
        "sqrt" => (f64::sqrt, nonneg),
        "log" => (f64::ln, nonneg),
        "log10" => (f64::log10, nonneg),
        "asin" => (f64::asin, unit),
        "acos" => (f64::acos, unit),
        _ => return None,
    })
}

/// Whether `y` is integer-valued (infinities too), without a libm call:
/// every double of magnitude 2^52 or more is an integer.
#[inline]
fn is_integer(y: f64) -> bool {
    if y.abs() < 4_503_599_627_370_496.0 {
        (y as i64) as f64 == y
    } else {
        !y.is_nan()
    }
}

/// `q.floor()` and `q.trunc()` without a libm call (the same values,
/// signed zeros aside: callers fix the sign of their result).
#[inline]
fn floor_of(q: f64) -> f64 {
    if q.abs() < 4_503_599_627_370_496.0 {
        let t = (q as i64) as f64;
        if t > q {
            t - 1.0
        } else {
            t
        }
    } else {
        q
    }
}

#[inline]
fn trunc_of(q: f64) -> f64 {
    if q.abs() < 4_503_599_627_370_496.0 {
        (q as i64) as f64
    } else {
        q
    }
}

/// `x - floor(x/y)*y` with Octave's corrections: `mod(x,0)` is `x`, results
/// within eps of an integer quotient are 0, and the sign follows `y`.
pub fn mod_value(x: f64, y: f64) -> f64 {
    let mut r = if y == 0.0 {
        x
    } else {
        let q = x / y;
        if !is_integer(y) && ((q - q.round()) / q.round()).abs() < f64::EPSILON {
            0.0
        } else {
            x - y * floor_of(q)
        }
    };
    if x != y && y != 0.0 {
        r = r.copysign(y);
    }
    r
}

/// `x - fix(x/y)*y`; `rem(x,0)` is NaN; the sign follows `x`.
pub fn rem_value(x: f64, y: f64) -> f64 {
    let mut r = if y == 0.0 {
        f64::NAN
    } else {
        let q = x / y;
        if !is_integer(y) && ((q - q.round()) / q.round()).abs() < f64::EPSILON {
            0.0
        } else {
            x - y * trunc_of(q)
        }
    };
    if x != y && y != 0.0 {
        r = r.copysign(x);
    }
    r
}

/// mod: remainder after division, with the sign of the divisor.
///
/// `M = mod(X, Y)` is X - floor(X./Y).*Y element by element (with implicit
/// expansion): the result has the sign of Y, and mod(X, 0) is X. Integer
/// classes are kept.
///
/// ```text
/// >> mod([5 -5], 3)
/// ans =
///
///    2   1
/// >> mod(5.5, 2)
/// ans = 1.5000
/// ```
pub fn mod_(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    real_binary("mod", a, mod_value)
}

/// rem: remainder after division, with the sign of the dividend.
///
/// `R = rem(X, Y)` is X - fix(X./Y).*Y element by element (with implicit
/// expansion): the result has the sign of X, and rem(X, 0) is X. Integer
/// classes are kept.
///
/// ```text
/// >> rem([5 -5], 3)
/// ans =
///
///    2  -2
/// ```
pub fn rem(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    real_binary("rem", a, rem_value)
}

/// nthroot: real n-th root.
///
/// `Y = nthroot(X, N)` is the real N-th root of each element of X, for a
/// real nonzero scalar N. Unlike X.^(1/N), the root of a negative X is
/// real (and negative) when N is odd; a negative X with an even N is an
/// error.
///
/// ```text
/// >> nthroot(-8, 3)
/// ans = -2
/// >> nthroot(16, 4)
/// ans = 2
/// ```
pub fn nthroot(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("nthroot", args.len(), 2, 2)?;
    if args.iter().any(|v| v.is_complex()) {
        return Err(Error::new("nthroot: X must not contain complex values"));
    }
    let (x, n) = two_real("nthroot", &args)?;
    if n.numel() != 1 || n.data()[0] == 0.0 {
        return Err(Error::new("nthroot: N must be a real nonzero scalar"));
    }
    let n = n.data()[0];
    let odd = n.fract() == 0.0 && n.rem_euclid(2.0) == 1.0;
    if x.data().iter().any(|&v| v < 0.0) && !odd {
        return Err(Error::new(
            "nthroot: N must be an odd integer if X contains negative values",
        ));
    }
    let integer = n.fract() == 0.0;
    let out = x.map(|&v| {
        let neg = v < 0.0;
        let mut y = if neg {
            -(-v).powf(1.0 / n)
        } else {
            v.powf(1.0 / n)
        };
        // One Newton step makes exact roots exact (nthroot(27,3) == 3).
        if integer && n > 0.0 && y.is_finite() && y != 0.0 {
            y = ((v / y.powf(n - 1.0)) + y * (n - 1.0)) / n;
        }
        y
    });
    Ok(vec![Value::Num(out)])
}

/// complex: build a complex array from real and imaginary parts.
///
/// `z = complex(a, b)` returns a + b*i element by element, a and b real of
/// compatible sizes. The result stays complex even where b is zero, unlike
/// `a + 0i`, which is simplified to real.
///
/// `z = complex(a)` returns a as a complex array with zero imaginary parts.
///
/// ```text
/// >> complex(1, 2)
/// ans =  1 + 2i
/// >> complex([1 2], 0)
/// ans =
///
///    1 + 0i   2 + 0i
/// >> iscomplex(complex(5))
/// ans = 1
/// ```
pub fn complex(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("complex", args.len(), 1, 2)?;
    if args
        .iter()
        .any(|v| matches!(v, Value::Single(_) | Value::SingleComplex(_)))
    {
        return complex_single(&args).map(|v| vec![v]);
    }
    if args.len() == 1 {
        return Ok(vec![match &args[0] {
            Value::Complex(c) => Value::Complex(c.clone()),
            Value::Struct(_) => return Err(Error::wrong_type("complex", "scalar struct")),
            other => Value::Complex(other.to_num_array("complex")?.map(|&x| C64::new(x, 0.0))),
        }]);
    }
    if args.iter().any(|v| v.is_complex()) {
        return Err(Error::new("complex: invalid conversion"));
    }
    let (re, im) = two_real("complex", &args)?;
    if re.numel() != 1 && im.numel() != 1 && re.dims() != im.dims() {
        return Err(Error::new("complex: dimension mismatch"));
    }
    Ok(vec![Value::Complex(zip_map(
        "complex",
        &re,
        &im,
        |&x, &y| C64::new(x, y),
    )?)])
}

/// `complex` with a single operand: complex single, built from the f32
/// parts themselves so NaN payloads and signed zeros are kept.
fn complex_single(args: &[Value]) -> Result<Value> {
    let part = |v: &Value| -> Result<Array<f32>> {
        match v {
            Value::Single(a) => Ok(a.clone()),
            Value::SingleComplex(_) | Value::Complex(_) => {
                Err(Error::new("complex: invalid conversion"))
            }
            Value::Struct(_) | Value::Cell(_) | Value::Func(_) => {
                Err(Error::wrong_type("complex", v.class_name()))
            }
            other => Ok(other.to_num_array("complex")?.try_map(|&x| x as f32)?),
        }
    };
    if let [Value::SingleComplex(a)] = args {
        return Ok(Value::SingleComplex(a.clone()));
    }
    let re = part(&args[0])?;
    let im = match args.get(1) {
        Some(v) => part(v)?,
        None => return Ok(Value::SingleComplex(re.try_map(|&x| C32::new(x, 0.0))?)),
    };
    if re.numel() != 1 && im.numel() != 1 && re.dims() != im.dims() {
        return Err(Error::new("complex: dimension mismatch"));
    }
    Ok(Value::SingleComplex(zip_map(
        "complex",
        &re,
        &im,
        |&x, &y| C32::new(x, y),
    )?))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{call, call1};
    use super::*;

    /// `mod` and `rem` round without libm calls: the same bits as with
    /// `f64::round`/`floor`/`trunc` (signed zeros included) on edge values
    /// and random ones of every magnitude.
    #[test]
    fn mod_and_rem_match_the_libm_forms() {
        fn reference(x: f64, y: f64, floor: bool) -> f64 {
            let mut r = if y == 0.0 {
                if floor {
                    x
                } else {
                    f64::NAN
                }
            } else {
                let q = x / y;
                if y.round() != y && ((q - q.round()) / q.round()).abs() < f64::EPSILON {
                    0.0
                } else {
                    x - y * if floor { q.floor() } else { q.trunc() }
                }
            };
            if x != y && y != 0.0 {
                r = r.copysign(if floor { y } else { x });
            }
            r
        }
        let mut vals = vec![
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.0,
            -1.0,
            2.0,
            -2.0,
            3.0,
            0.1,
            -0.3,
            2.5,
            1e-300,
            4.5e15,
            -4.5e15,
            9.1e18,
            -9.3e18,
            1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        let mut rng = crate::test_rng::Rng::new(7);
        for _ in 0..300 {
            let mag = 10f64.powi(rng.index(40) as i32 - 20);
            let x = (rng.index(2_000_001) as f64 - 1e6) / 1e3 * mag;
            vals.push(x);
            vals.push(x.round());
        }
        let same = |a: f64, b: f64| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
        for &x in &vals {
            for &y in &vals {
                assert!(
                    same(mod_value(x, y), reference(x, y, true)),
                    "mod({x:e}, {y:e})"
                );
                assert!(
                    same(rem_value(x, y), reference(x, y, false)),
                    "rem({x:e}, {y:e})"
                );
            }
        }
    }

    /// The evaluator answers `floor(x)` of a real double scalar through
    /// `scalar_kernel1`: inside each function's domain it must give the
    /// builtin's bits, and outside it the builtin (complex) must answer.
    #[test]
    fn scalar_kernels_give_the_builtins_bits() {
        let xs = [
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.0,
            -1.0,
            2.5,
            -2.5,
            1e-300,
            3.7e12,
            -7.25,
            1e308,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        let names = [
            "abs", "floor", "ceil", "fix", "round", "exp", "sin", "cos", "tan", "atan", "sinh",
            "cosh", "sqrt", "log", "log10", "asin", "acos",
        ];
        for name in names {
            let (f, domain) = scalar_kernel1(name).expect(name);
            for x in xs {
                let r = call1(name, vec![Value::num(x)]);
                if x.is_nan() || domain.is_none_or(|d| d(x)) {
                    let Value::Num(a) = &r else {
                        panic!("{name}({x}) is real inside the domain: {r:?}")
                    };
                    assert_eq!(a.data()[0].to_bits(), f(x).to_bits(), "{name}({x})");
                } else {
                    assert!(matches!(r, Value::Complex(_)), "{name}({x}) outside: {r:?}");
                }
            }
            // The array form too (`eval::fuse` applies the kernel to
            // arrays and must give the builtin's bits).
            let inside: Vec<f64> = xs
                .into_iter()
                .filter(|&x| x.is_nan() || domain.is_none_or(|d| d(x)))
                .collect();
            let r = call1(name, vec![Value::row(inside.clone())]);
            let Value::Num(a) = &r else {
                panic!("{name} of an array inside the domain is real: {r:?}")
            };
            for (&got, &x) in a.data().iter().zip(&inside) {
                let want = f(x);
                assert!(
                    got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
                    "{name}([... {x} ...])"
                );
            }
        }
        for (name, f) in ["mod", "rem", "atan2"].map(|n| (n, scalar_kernel(n).expect(n))) {
            for x in xs {
                for y in xs {
                    let r = call1(name, vec![Value::num(x), Value::num(y)]);
                    let Value::Num(a) = &r else {
                        panic!("{name}({x}, {y}): {r:?}")
                    };
                    assert_eq!(a.data()[0].to_bits(), f(x, y).to_bits(), "{name}({x}, {y})");
                }
            }
        }
    }

    #[test]
    fn mod_rem_octave_rules() {
        assert_eq!(mod_value(-7.0, 3.0), 2.0);
        assert_eq!(rem_value(-7.0, 3.0), -1.0);
        assert_eq!(mod_value(7.0, -3.0), -2.0);
        assert_eq!(rem_value(7.0, -3.0), 1.0);
        assert_eq!(mod_value(-7.0, -3.0), -1.0);
        assert_eq!(mod_value(5.5, 2.0), 1.5);
        assert_eq!(rem_value(-5.5, 2.0), -1.5);
        assert_eq!(mod_value(5.0, 0.0), 5.0);
        assert_eq!(mod_value(0.0, 5.0), 0.0);
        assert!(rem_value(5.0, 0.0).is_nan());
        assert_eq!(mod_value(5.5, -2.0), -0.5);
        assert_eq!(mod_value(1e17, 3.0), 0.0);
        assert_eq!(mod_value(0.3, 0.1), 0.0);
        let v = call1("mod", vec![Value::row(vec![5.0, -5.0]), Value::num(3.0)]);
        assert_eq!(v, Value::row(vec![2.0, 1.0]));
    }

    #[test]
    fn expansion_and_errors() {
        let v = call1(
            "hypot",
            vec![
                Value::num(3.0),
                Value::matrix(2, 2, vec![4.0, 6.0, 5.0, 7.0]),
            ],
        );
        match v {
            Value::Num(a) => assert_eq!(a.data()[0], 5.0),
            _ => panic!(),
        }
        let e = call(
            "atan2",
            vec![Value::row(vec![1.0, 2.0]), Value::row(vec![1.0, 2.0, 3.0])],
            1,
        );
        assert_eq!(
            e.unwrap_err().message.clone(),
            "atan2: nonconformant arguments (op1 is 1x2, op2 is 1x3)"
        );
    }

    #[test]
    fn complex_stays_complex() {
        let v = call1("complex", vec![Value::num(3.0), Value::num(0.0)]);
        assert!(v.is_complex());
        assert_eq!(
            call1("nthroot", vec![Value::num(-27.0), Value::num(3.0)]),
            Value::num(-3.0)
        );
        assert_eq!(
            call1("nthroot", vec![Value::num(27.0), Value::num(3.0)]),
            Value::num(3.0)
        );
    }
}
