//! Builtins: element-wise mathematics on real, complex, logical and char
//! arrays (`sqrt`, `log`, trig, rounding, `abs`, `sign`, class predicates
//! such as `isnan`). Real inputs outside a function's real domain map to
//! complex results as MATLAB does (`sqrt(-9)` is `0+3i`).
//!
//! Submodules: `binary` (two-operand functions with implicit expansion),
//! `integer` (number theory: `gcd`, `primes`, `factorial`...), `consts`
//! (`pi`, `eps`, `Inf`, `i`... with optional size arguments).

// `Error` is the crate-wide error type (shared, not ours to shrink); every
// builtin returns it, so clippy's size lint is noise here.

mod binary;
pub use binary::{scalar_kernel, scalar_kernel1, Kernel1};
mod consts;
mod integer;

pub(crate) use consts::eps_of;

use super::util::nargchk;
use super::{Builtin, Ctx};
use crate::error::{Error, Result};
use crate::value::{Array, Value, C64};

pub const TABLE: &[Builtin] = &[
    b("abs", abs),
    b("acos", acos),
    b("acosh", acosh),
    b("angle", angle),
    b("arg", angle),
    b("asin", asin),
    b("asinh", asinh),
    b("atan", atan),
    b("atanh", atanh),
    b("ceil", ceil),
    b("conj", conj),
    b("cos", cos),
    b("cosh", cosh),
    b("exp", exp),
    b("expm1", expm1),
    b("fix", fix),
    b("floor", floor),
    b("imag", imag),
    b("log", log),
    b("log10", log10),
    b("log1p", log1p),
    b("log2", log2),
    b("real", real),
    b("round", round),
    b("sign", sign),
    b("sin", sin),
    b("sinh", sinh),
    b("sqrt", sqrt),
    b("tan", tan),
    b("tanh", tanh),
    b("isnan", isnan),
    b("isinf", isinf),
    b("isfinite", isfinite),
    b("iscomplex", iscomplex),
    b("atan2", binary::atan2),
    b("hypot", binary::hypot),
    b("mod", binary::mod_),
    b("rem", binary::rem),
    b("nthroot", binary::nthroot),
    b("complex", binary::complex),
    b("gcd", integer::gcd),
    b("lcm", integer::lcm),
    b("factorial", integer::factorial),
    b("nchoosek", integer::nchoosek),
    b("primes", integer::primes),
    b("isprime", integer::isprime),
    b("pi", consts::pi),
    b("e", consts::e),
    b("Inf", consts::inf),
    b("inf", consts::inf),
    b("NaN", consts::nan),
    b("NA", consts::na),
    b("isna", isna),
    b("nan", consts::nan),
    b("eps", consts::eps),
    b("realmax", consts::realmax),
    b("realmin", consts::realmin),
    b("flintmax", consts::flintmax),
    b("i", consts::imag_unit),
    b("j", consts::imag_unit),
    b("I", consts::imag_unit),
    b("J", consts::imag_unit),
];

const fn b(name: &'static str, func: super::BuiltinFn) -> Builtin {
    Builtin {
        name,
        func,
        calls_back: false,
    }
}

/// The single argument of a one-argument function.
fn one(fname: &str, args: Vec<Value>) -> Result<Value> {
    nargchk(fname, args.len(), 1, 1)?;
    args.into_iter().next().ok_or_else(|| Error::nargin(fname))
}

/// Octave's wrong-type error for struct arguments.
fn no_struct(fname: &str, v: &Value) -> Result<()> {
    if let Value::Struct(_) = v {
        return Err(Error::new(format!(
            "{fname}: not defined for scalar struct"
        )));
    }
    Ok(())
}

/// Applies a mapping: `fr` on real input inside `domain`; otherwise every
/// element goes through `fc` as complex and the result is narrowed.
fn map_fn(
    fname: &str,
    args: Vec<Value>,
    fr: fn(f64) -> f64,
    fc: fn(C64) -> C64,
    domain: Option<fn(f64) -> bool>,
) -> Result<Vec<Value>> {
    let v = one(fname, args)?;
    // Real doubles inside the domain: one pass, split over the cores, in
    // the argument's own buffer when it is an unshared temporary.
    let v = match v {
        Value::Num(a) if domain.is_none_or(|d| a.data().iter().all(|&x| x.is_nan() || d(x))) => {
            return Ok(vec![Value::Num(crate::ops::par::map_owned(a, fr)?)]);
        }
        other => other,
    };
    let r = map_value(fname, &v, fr, fc, domain)?;
    // Single stays single; integer arguments give doubles here.
    if matches!(v, Value::Single(_) | Value::SingleComplex(_)) {
        return Ok(vec![crate::ops::classes::to_single_result(r)?]);
    }
    Ok(vec![r])
}

fn map_value(
    fname: &str,
    v: &Value,
    fr: fn(f64) -> f64,
    fc: fn(C64) -> C64,
    domain: Option<fn(f64) -> bool>,
) -> Result<Value> {
    no_struct(fname, v)?;
    if let Value::Complex(a) = v {
        // Elements on the real axis inside the domain take the real path
        // (so sin(complex(-Inf, 0)) is NaN + 0i, as in Octave). A NaN is
        // inside no domain: sqrt(complex(NaN, 0)) is NaN + NaNi and stays
        // complex, as in Octave (C99's csqrt, clog...).
        let real_ok = |x: f64| domain.is_none_or(|d| !x.is_nan() && d(x));
        return Ok(Value::Complex(a.try_map(|&z| {
            if z.im == 0.0 && real_ok(z.re) {
                C64::new(fr(z.re), 0.0)
            } else {
                fc(z)
            }
        })?)
        .narrowed());
    }
    let a = v.to_num_array(fname)?;
    if let Some(d) = domain {
        if a.data().iter().any(|&x| !x.is_nan() && !d(x)) {
            // In-domain elements (and NaN) keep their real value.
            let c = a.try_map(|&x| {
                if x.is_nan() || d(x) {
                    C64::new(fr(x), 0.0)
                } else {
                    fc(C64::new(x, 0.0))
                }
            })?;
            return Ok(Value::Complex(c).narrowed());
        }
    }
    Ok(Value::Num(a.try_map(|&x| fr(x))?))
}

/// Rounding-like functions apply to real and imaginary parts separately.
fn map_parts(fname: &str, args: Vec<Value>, f: fn(f64) -> f64) -> Result<Vec<Value>> {
    let v = match one(fname, args)? {
        Value::Num(a) => return Ok(vec![Value::Num(crate::ops::par::map_owned(a, f)?)]),
        other => other,
    };
    no_struct(fname, &v)?;
    let r = match &v {
        // Integers are whole already (and int64 beyond 2^53 has no double).
        Value::Int(_) => return Ok(vec![v]),
        Value::Complex(_) | Value::SingleComplex(_) => {
            let a = v.to_complex_array(fname)?;
            Value::Complex(a.try_map(|z| C64::new(f(z.re), f(z.im)))?).narrowed()
        }
        other => Value::Num(other.to_num_array(fname)?.try_map(|&x| f(x))?),
    };
    Ok(vec![crate::ops::classes::in_class_of(&v, r)?])
}

/// Predicates give logical arrays of the same size.
fn predicate(
    fname: &str,
    args: Vec<Value>,
    fr: fn(f64) -> bool,
    fc: fn(C64) -> bool,
) -> Result<Vec<Value>> {
    let v = one(fname, args)?;
    no_struct(fname, &v)?;
    Ok(vec![Value::Bool(match &v {
        Value::Complex(a) => a.try_map(|&z| fc(z))?,
        Value::Num(a) => a.try_map(|&x| fr(x))?,
        Value::Bool(a) => a.try_map(|&x| fr(if x { 1.0 } else { 0.0 }))?,
        Value::Char(a) => a.try_map(|&x| fr(f64::from(x)))?,
        Value::SingleComplex(_) => v.to_complex_array(fname)?.try_map(|&z| fc(z))?,
        Value::Single(_) | Value::Int(_) => v.to_num_array(fname)?.try_map(|&x| fr(x))?,
        Value::Cell(_) | Value::Struct(_) | Value::Func(_) | Value::Sparse(_) => {
            return Err(Error::wrong_type(fname, v.class_name()))
        }
    })])
}

// ----- domain predicates -----

fn nonneg(x: f64) -> bool {
    x >= 0.0
}
fn unit(x: f64) -> bool {
    (-1.0..=1.0).contains(&x)
}
fn ge_one(x: f64) -> bool {
    x >= 1.0
}
fn ge_minus_one(x: f64) -> bool {
    x >= -1.0
}

/// Real-axis values of the inverse functions outside their real domain,
/// with Octave's signs (`asin(2)` is `1.5708 - 1.3170i`, `acos(2)` is
/// `0 + 1.3170i`, `acosh(-2)` is `1.3170 + 3.1416i`, `atanh(2)` is
/// `0.5493 + 1.5708i`). Off the real axis the principal values apply.
fn asin_c(z: C64) -> C64 {
    if z.im != 0.0 || z.re.abs() <= 1.0 || z.re.is_nan() {
        // Kahan's formula, accurate for large |z|.
        let (a, b) = (
            (C64::new(1.0, 0.0) - z).sqrt(),
            (C64::new(1.0, 0.0) + z).sqrt(),
        );
        return C64::new(z.re.atan2((a * b).re), (a.conj() * b).im.asinh());
    }
    let s = z.re.signum();
    C64::new(s * std::f64::consts::FRAC_PI_2, -s * z.re.abs().acosh())
}
fn acos_c(z: C64) -> C64 {
    if z.im != 0.0 || z.re.abs() <= 1.0 || z.re.is_nan() {
        let (a, b) = (
            (C64::new(1.0, 0.0) - z).sqrt(),
            (C64::new(1.0, 0.0) + z).sqrt(),
        );
        return C64::new(2.0 * a.re.atan2(b.re), (b.conj() * a).im.asinh());
    }
    C64::new(std::f64::consts::FRAC_PI_2, 0.0) - asin_c(z)
}
fn acosh_c(z: C64) -> C64 {
    if z.im != 0.0 || z.re >= 1.0 || z.re.is_nan() {
        let (a, b) = ((z - 1.0).sqrt(), (z + 1.0).sqrt());
        return C64::new((a.conj() * b).re.asinh(), 2.0 * a.im.atan2(b.re));
    }
    if z.re >= -1.0 {
        C64::new(0.0, z.re.acos())
    } else {
        C64::new((-z.re).acosh(), std::f64::consts::PI)
    }
}
fn atanh_c(z: C64) -> C64 {
    if z.im != 0.0 || z.re.abs() <= 1.0 || z.re.is_nan() {
        return z.atanh();
    }
    let x = z.re;
    if x.is_infinite() {
        return C64::new(0.0f64.copysign(x), std::f64::consts::FRAC_PI_2);
    }
    C64::new(
        0.5 * ((1.0 + x) / (1.0 - x)).abs().ln(),
        std::f64::consts::FRAC_PI_2,
    )
}

// ----- element-wise functions -----

/// sqrt: square root, element by element.
///
/// `Y = sqrt(X)` is the square root of each element of X. Negative real
/// elements give complex results (`sqrt(-9)` is 0+3i); for complex X the
/// principal root is taken.
///
/// ```text
/// >> sqrt([4 9 16])
/// ans =
///
///    2   3   4
/// >> sqrt(-9)
/// ans =  0 + 3i
/// ```
fn sqrt(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    map_fn("sqrt", a, f64::sqrt, sqrt_c, Some(nonneg))
}

/// exp: exponential, e raised to a power.
///
/// `y = exp(x)` returns e^x for each element of x. For complex x = a + bi it
/// is e^a*(cos(b) + i*sin(b)). For the matrix exponential use `expm`.
///
/// ```text
/// >> exp([0 1 2])
/// ans =
///
///    1.0000   2.7183   7.3891
/// >> exp(1i*pi)
/// ans = -1.0000e+00 + 1.2246e-16i
/// ```
fn exp(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    map_fn("exp", a, f64::exp, |z| z.exp(), None)
}

/// expm1: exp(x) - 1, accurate for small x.
///
/// `y = expm1(x)` returns exp(x) - 1 for each element of x without the loss
/// of precision the subtraction suffers when x is near zero.
///
/// ```text
/// >> expm1(1e-10)
/// ans = 1.0000e-10
/// >> exp(1e-10) - 1
/// ans = 1.0000e-10
/// ```
fn expm1(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    map_fn("expm1", a, f64::exp_m1, |z| z.exp() - 1.0, None)
}
/// log: natural logarithm, element by element.
///
/// `Y = log(X)` is the natural (base e) logarithm of each element of X.
/// log(0) is -Inf; negative or complex elements give complex results.
///
/// ```text
/// >> log([1 exp(2)])
/// ans =
///
///    0   2
/// >> log(-1)
/// ans =       0 + 3.1416i
/// ```
fn log(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    map_fn("log", a, f64::ln, |z| z.ln(), Some(nonneg))
}
/// log10: base-10 logarithm, element by element.
///
/// `Y = log10(X)` is the common logarithm of each element of X; negative
/// or complex elements give complex results.
///
/// ```text
/// >> log10([1 10 1000])
/// ans =
///
///    0   1   3
/// ```
fn log10(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    map_fn(
        "log10",
        a,
        f64::log10,
        |z| z.ln() / std::f64::consts::LN_10,
        Some(nonneg),
    )
}
/// log1p: log(1+x), accurate for small x.
///
/// `Y = log1p(X)` is log(1 + X) for each element, computed without the
/// rounding error of forming 1 + X first, so it stays accurate when X is
/// tiny. Elements below -1 give complex results.
///
/// ```text
/// >> log1p(1e-10)
/// ans = 1.0000e-10
/// ```
fn log1p(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    map_fn(
        "log1p",
        a,
        f64::ln_1p,
        |z| (z + 1.0).ln(),
        Some(ge_minus_one),
    )
}
/// log2: base-2 logarithm, or split into mantissa and exponent.
///
/// `Y = log2(X)` is the base-2 logarithm of each element of X.
///
/// `[F, E] = log2(X)` splits each element into a mantissa F, with
/// 0.5 <= abs(F) < 1, and an integer exponent E such that X = F .* 2.^E.
///
/// ```text
/// >> log2([1 8 0.5])
/// ans =
///
///    0   3  -1
/// >> [f, e] = log2(8)
/// f = 0.5000
/// e = 4
/// ```
fn log2(ctx: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    if ctx.nargout < 2 {
        return map_fn(
            "log2",
            a,
            f64::log2,
            |z| z.ln() / std::f64::consts::LN_2,
            Some(nonneg),
        );
    }
    // [f, e] = log2(x): x = f * 2^e with 0.5 <= |f| < 1.
    let v = one("log2", a)?;
    no_struct("log2", &v)?;
    let x = match &v {
        Value::Complex(c) => c.map(|z| z.re),
        other => other.to_num_array("log2")?,
    };
    let parts: Vec<(f64, f64)> = x.data().iter().map(|&x| frexp(x)).collect();
    let f = parts.iter().map(|p| p.0).collect();
    let e = parts.iter().map(|p| p.1).collect();
    Ok(vec![
        Value::Num(Array::new(x.dims().clone(), f)),
        Value::Num(Array::new(x.dims().clone(), e)),
    ])
}

/// Mantissa in [0.5, 1) and exponent; zero, Inf and NaN give (x, 0).
fn frexp(x: f64) -> (f64, f64) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0.0);
    }
    let mut e = x.abs().log2().floor() + 1.0;
    let mut f = x / 2f64.powf(e);
    // Correct rounding at exact powers of two and for subnormals.
    while f.abs() >= 1.0 {
        f /= 2.0;
        e += 1.0;
    }
    while f.abs() < 0.5 {
        f *= 2.0;
        e -= 1.0;
    }
    (f, e)
}

/// sin: sine of an angle in radians, element by element.
///
/// `Y = sin(X)` is the sine of each element of X (in radians); complex
/// elements are allowed.
///
/// ```text
/// >> sin(pi/6)
/// ans = 0.5000
/// >> sin([0 pi/2])
/// ans =
///
///    0   1
/// ```
fn sin(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    map_fn("sin", a, f64::sin, |z| z.sin(), None)
}

/// cos: cosine of an angle in radians.
///
/// `y = cos(x)` returns the cosine of each element of x (complex x allowed).
/// For an angle in degrees, convert first: `cos(x*pi/180)`.
///
/// ```text
/// >> cos([0 pi/3 pi])
/// ans =
///
///    1.0000   0.5000  -1.0000
/// >> cos(1i)
/// ans = 1.5431
/// ```
fn cos(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    map_fn("cos", a, f64::cos, |z| z.cos(), None)
}
/// tan: tangent of an angle in radians, element by element.
///
/// `Y = tan(X)` is the tangent of each element of X (in radians); complex
/// elements are allowed.
///
/// ```text
/// >> tan(pi/4)
/// ans = 1.0000
/// ```
fn tan(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    map_fn("tan", a, f64::tan, |z| z.tan(), None)
}
/// sinh: hyperbolic sine, element by element.
///
/// `Y = sinh(X)` is (exp(X) - exp(-X))/2 for each element of X.
///
/// ```text
/// >> sinh(1)
/// ans = 1.1752
/// ```
fn sinh(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    map_fn("sinh", a, f64::sinh, |z| z.sinh(), None)
}

/// cosh: hyperbolic cosine.
///
/// `y = cosh(x)` returns (exp(x) + exp(-x))/2 for each element of x (complex
/// x allowed).
///
/// ```text
/// >> cosh([0 1 -1])
/// ans =
///
///    1.0000   1.5431   1.5431
/// ```
fn cosh(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    map_fn("cosh", a, f64::cosh, |z| z.cosh(), None)
}
/// tanh: hyperbolic tangent, element by element.
///
/// `Y = tanh(X)` is sinh(X)./cosh(X) for each element of X.
///
/// ```text
/// >> tanh([0 1])
/// ans =
///
///         0   0.7616
/// ```
fn tanh(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    map_fn("tanh", a, f64::tanh, tanh_c, None)
}
/// Complex square root without cancellation for negative real parts.
fn sqrt_c(z: C64) -> C64 {
    if z.re == 0.0 && z.im == 0.0 {
        return C64::new(0.0, z.im);
    }
    if z.im.is_infinite() {
        return C64::new(f64::INFINITY, z.im);
    }
    let r = z.norm();
    if z.re >= 0.0 {
        let t = ((r + z.re) / 2.0).sqrt();
        C64::new(t, z.im / (2.0 * t))
    } else {
        let t = ((r - z.re) / 2.0).sqrt();
        C64::new(z.im.abs() / (2.0 * t), t.copysign(z.im))
    }
}

/// asinh(z) = -i asin(i z), through the accurate asin.
fn asinh_c(z: C64) -> C64 {
    let w = asin_c(C64::new(-z.im, z.re));
    C64::new(w.im, -w.re)
}

/// Complex tanh without overflow for large real parts.
fn tanh_c(z: C64) -> C64 {
    if z.re.abs() > 20.0 {
        let tiny = 4.0 * (-2.0 * z.re.abs()).exp();
        return C64::new(z.re.signum(), (2.0 * z.im).sin() * 0.5 * tiny);
    }
    z.tanh()
}

/// asin: inverse sine in radians.
///
/// `y = asin(x)` returns the arc sine of each element of x. For real x in
/// [-1, 1] the result is real in [-pi/2, pi/2]; outside it, and for complex
/// x, the result is complex.
///
/// ```text
/// >> asin([-1 0 0.5 1])
/// ans =
///
///   -1.5708        0   0.5236   1.5708
/// >> asin(2)
/// ans =  1.5708 - 1.3170i
/// ```
fn asin(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    map_fn("asin", a, f64::asin, asin_c, Some(unit))
}

/// acos: inverse cosine in radians.
///
/// `y = acos(x)` returns the arc cosine of each element of x. For real x in
/// [-1, 1] the result is real in [0, pi]; outside it, and for complex x, the
/// result is complex.
///
/// ```text
/// >> acos([1 0 -1])
/// ans =
///
///         0   1.5708   3.1416
/// >> acos(2)
/// ans =       0 + 1.3170i
/// ```
fn acos(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    map_fn("acos", a, f64::acos, acos_c, Some(unit))
}

/// atan: inverse tangent in radians.
///
/// `y = atan(x)` returns the arc tangent of each element of x, in
/// (-pi/2, pi/2) for real x. For the four-quadrant angle of a point (x, y)
/// use `atan2(y, x)`.
///
/// ```text
/// >> atan([0 1 Inf])
/// ans =
///
///         0   0.7854   1.5708
/// >> 4*atan(1)
/// ans = 3.1416
/// ```
fn atan(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    map_fn("atan", a, f64::atan, |z| z.atan(), None)
}

/// asinh: inverse hyperbolic sine.
///
/// `y = asinh(x)` returns the inverse hyperbolic sine of each element of x,
/// log(x + sqrt(x.^2 + 1)); real for all real x.
///
/// ```text
/// >> asinh([0 1 -1])
/// ans =
///
///         0   0.8814  -0.8814
/// >> sinh(asinh(2))
/// ans = 2.0000
/// ```
fn asinh(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    map_fn("asinh", a, f64::asinh, asinh_c, None)
}

/// acosh: inverse hyperbolic cosine.
///
/// `y = acosh(x)` returns the inverse hyperbolic cosine of each element of
/// x: real for real x >= 1, complex elsewhere.
///
/// ```text
/// >> acosh([1 2 10])
/// ans =
///
///         0   1.3170   2.9932
/// >> acosh(0)
/// ans =       0 + 1.5708i
/// ```
fn acosh(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    map_fn("acosh", a, f64::acosh, acosh_c, Some(ge_one))
}

/// atanh: inverse hyperbolic tangent.
///
/// `y = atanh(x)` returns the inverse hyperbolic tangent of each element of
/// x: real for real x in [-1, 1] (±Inf at ±1), complex outside.
///
/// ```text
/// >> atanh([0 0.5 1])
/// ans =
///
///         0   0.5493      Inf
/// >> atanh(2)
/// ans =  0.5493 + 1.5708i
/// ```
fn atanh(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    map_fn("atanh", a, f64::atanh, atanh_c, Some(unit))
}

/// floor: round toward negative infinity.
///
/// `y = floor(x)` returns the largest integer not greater than each element
/// of x. Complex x has its real and imaginary parts rounded separately;
/// integer classes are returned unchanged; the class of x is kept.
///
/// ```text
/// >> floor([-2.5 -0.2 0.2 2.5])
/// ans =
///
///   -3  -1   0   2
/// >> floor(7/2)
/// ans = 3
/// ```
fn floor(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    map_parts("floor", a, f64::floor)
}

/// ceil: round toward positive infinity.
///
/// `y = ceil(x)` returns the smallest integer not less than each element of
/// x. Complex x has its real and imaginary parts rounded separately; integer
/// classes are returned unchanged; the class of x is kept.
///
/// ```text
/// >> ceil([-2.5 -0.2 0.2 2.5])
/// ans =
///
///   -2   0   1   3
/// >> ceil(1.2 - 3.7i)
/// ans =  2 - 3i
/// ```
fn ceil(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    map_parts("ceil", a, f64::ceil)
}

/// fix: round toward zero.
///
/// `y = fix(x)` truncates each element of x to the integer nearest zero
/// (floor for positive, ceil for negative values). Complex x has its parts
/// rounded separately; the class of x is kept.
///
/// ```text
/// >> fix([-2.7 -0.5 0.5 2.7])
/// ans =
///
///   -2   0   0   2
/// >> fix(-7/2)
/// ans = -3
/// ```
fn fix(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    map_parts("fix", a, f64::trunc)
}
/// round: round to the nearest integer, or to N digits.
///
/// `Y = round(X)` rounds each element of X to the nearest integer; halves
/// round away from zero (2.5 to 3, -2.5 to -3). Complex elements have
/// their real and imaginary parts rounded.
///
/// `Y = round(X, N)` rounds to N digits after the decimal point (N > 0),
/// to the nearest integer (N = 0), or to the nearest multiple of 10^-N
/// (N < 0), as MATLAB does. `round(X, N, 'significant')` rounds to N
/// significant digits (N > 0); `round(X, N, 'decimals')` is the default
/// form. The class of X is kept.
///
/// ```text
/// >> round([2.5 -2.5 1.4])
/// ans =
///
///    3  -3   1
/// >> round(pi, 3)
/// ans = 3.1420
/// >> round(1234.5678, -2)
/// ans = 1200
/// ```
fn round(_: &mut Ctx, mut a: Vec<Value>) -> Result<Vec<Value>> {
    if a.len() <= 1 {
        // f64::round rounds half away from zero, as MATLAB does.
        return map_parts("round", a, f64::round);
    }
    nargchk("round", a.len(), 1, 3)?;
    let significant = match a.get(2) {
        None => false,
        Some(t) => match t
            .to_str("round")
            .ok()
            .map(|s| s.to_ascii_lowercase())
            .as_deref()
        {
            Some("significant") => true,
            Some("decimals") => false,
            _ => {
                return Err(Error::new(
                    "round: TYPE must be 'significant' or 'decimals'",
                ))
            }
        },
    };
    let n = match &a[1] {
        v if v.numel() == 1 && !v.is_char() => v.scalar_f64("round")?,
        _ => f64::NAN,
    };
    if n.fract() != 0.0 || !n.is_finite() || (significant && n < 1.0) {
        return Err(Error::new(if significant {
            "round: N must be a positive integer scalar when TYPE is 'significant'"
        } else {
            "round: N must be an integer scalar"
        }));
    }
    // Beyond +-400 digits nothing representable changes (or all rounds to 0).
    let n = n.clamp(-400.0, 400.0) as i32;
    a.truncate(1);
    let v = a.pop().ok_or_else(|| Error::nargin("round"))?;
    no_struct("round", &v)?;
    let f = |x: f64| {
        if significant {
            round_significant(x, n)
        } else {
            round_digits(x, n)
        }
    };
    let r = match &v {
        Value::Complex(_) | Value::SingleComplex(_) => {
            let z = v.to_complex_array("round")?;
            Value::Complex(z.try_map(|z| C64::new(f(z.re), f(z.im)))?).narrowed()
        }
        other => Value::Num(other.to_num_array("round")?.try_map(|&x| f(x))?),
    };
    Ok(vec![crate::ops::classes::in_class_of(&v, r)?])
}

/// x rounded to n digits after the decimal point (before it when n < 0),
/// halves away from zero.
fn round_digits(x: f64, n: i32) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    if n >= 0 {
        // Past 2^52 a double has no fraction digits left to round.
        let big = 4503599627370496.0;
        let (s1, s2) = (10f64.powi(n / 2), 10f64.powi(n - n / 2));
        let y = x * s1 * s2;
        if !y.is_finite() || y.abs() >= big {
            return x;
        }
        if n <= 22 {
            // 10^n is exact: one rounding on the way back.
            y.round() / 10f64.powi(n)
        } else {
            y.round() / s2 / s1
        }
    } else {
        let s = 10f64.powi(-n);
        if s.is_infinite() {
            // Every finite double is nearer 0 than 10^309.
            return 0.0 * x.signum();
        }
        (x / s).round() * s
    }
}

/// x rounded to n > 0 significant digits.
fn round_significant(x: f64, n: i32) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    let e = x.abs().log10().floor() as i32 + 1;
    round_digits(x, n - e)
}

/// abs: absolute value, or the modulus of complex numbers.
///
/// `y = abs(x)` returns |x| element by element: for complex x, the modulus
/// sqrt(real(x).^2 + imag(x).^2). Integer classes keep their class and
/// saturate (`abs(intmin('int8'))` is 127); single stays single.
///
/// ```text
/// >> abs([-2 0 3.5])
/// ans =
///
///    2.0000        0   3.5000
/// >> abs(3 + 4i)
/// ans = 5
/// >> abs(int8(-128))
/// ans = 127
/// ```
fn abs(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    let v = match one("abs", a)? {
        Value::Num(x) => return Ok(vec![Value::Num(crate::ops::par::map_owned(x, f64::abs)?)]),
        other => other,
    };
    no_struct("abs", &v)?;
    let r = match &v {
        Value::Int(x) => {
            // Exact and saturating: abs(intmin('int8')) is 127.
            return Ok(vec![Value::Int(crate::ops::int::map_exact(x, i128::abs)?)]);
        }
        Value::Complex(_) | Value::SingleComplex(_) => {
            Value::Num(v.to_complex_array("abs")?.map(|z| z.norm()))
        }
        other => Value::Num(other.to_num_array("abs")?.map(|x| x.abs())),
    };
    Ok(vec![crate::ops::classes::in_class_of(&v, r)?])
}

/// sign: signum function.
///
/// `Y = sign(X)` is 1 for positive elements, -1 for negative ones and 0
/// for zeros. For complex X it is X./abs(X) (0 at 0).
///
/// ```text
/// >> sign([-3 0 2])
/// ans =
///
///   -1   0   1
/// ```
fn sign(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    let v = one("sign", a)?;
    no_struct("sign", &v)?;
    let r = match &v {
        Value::Int(x) => {
            return Ok(vec![Value::Int(crate::ops::int::map_exact(
                x,
                i128::signum,
            )?)]);
        }
        Value::Complex(_) | Value::SingleComplex(_) => {
            Value::Complex(v.to_complex_array("sign")?.map(|&z| {
                let r = z.norm();
                if r == 0.0 {
                    C64::new(0.0, 0.0)
                } else {
                    z / r
                }
            }))
            .narrowed()
        }
        other => Value::Num(other.to_num_array("sign")?.map(|&x| real_sign(x))),
    };
    Ok(vec![crate::ops::classes::in_class_of(&v, r)?])
}

fn real_sign(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else if x.is_nan() {
        f64::NAN
    } else {
        0.0
    }
}

/// angle, arg: phase angle of complex numbers.
///
/// `theta = angle(z)` returns, element by element, the angle in radians
/// between the positive real axis and z in the complex plane, in [-pi, pi]:
/// `atan2(imag(z), real(z))`. Positive reals give 0, negative reals pi.
/// `arg` is the same function.
///
/// ```text
/// >> angle([1i -1 1+1i])
/// ans =
///
///    1.5708   3.1416   0.7854
/// >> arg(-2)
/// ans = 3.1416
/// ```
fn angle(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    let v = one("angle", a)?;
    no_struct("angle", &v)?;
    Ok(vec![match &v {
        Value::Complex(c) => Value::Num(c.map(|z| z.im.atan2(z.re))),
        // Octave gives 0 for NaN and pi for negative values (and -0).
        other => Value::Num(other.to_num_array("angle")?.map(|&x| {
            if x.is_nan() {
                0.0
            } else {
                0f64.atan2(x)
            }
        })),
    }])
}

/// real: real part of complex numbers.
///
/// `Y = real(Z)` is the real part of each element of Z (Z itself for real
/// input; a char gives its character codes).
///
/// ```text
/// >> real([1+2i 3])
/// ans =
///
///    1   3
/// ```
fn real(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    let v = one("real", a)?;
    no_struct("real", &v)?;
    let r = match &v {
        Value::Int(_) | Value::Single(_) => return Ok(vec![v]),
        Value::SingleComplex(c) => Value::Single(c.map(|z| z.re)),
        Value::Complex(c) => Value::Num(c.map(|z| z.re)),
        other => Value::Num(other.to_num_array("real")?),
    };
    Ok(vec![r])
}

/// imag: imaginary part of complex numbers.
///
/// `y = imag(z)` returns the imaginary part of each element of z, real; for
/// real input the result is all zeros.
///
/// ```text
/// >> imag(3 - 4i)
/// ans = -4
/// >> imag([1+2i 5 -1i])
/// ans =
///
///    2   0  -1
/// ```
fn imag(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    let v = one("imag", a)?;
    no_struct("imag", &v)?;
    let r = match &v {
        Value::SingleComplex(c) => Value::Single(c.map(|z| z.im)),
        Value::Complex(c) => Value::Num(c.map(|z| z.im)),
        other => Value::Num(other.to_num_array("imag")?.map(|_| 0.0)),
    };
    Ok(vec![crate::ops::classes::in_class_of(&v, r)?])
}

/// conj: complex conjugate.
///
/// `zc = conj(z)` returns real(z) - i*imag(z) element by element; real input
/// is returned unchanged.
///
/// ```text
/// >> conj(3 + 4i)
/// ans =  3 - 4i
/// >> conj([1 2i; -1i 5])
/// ans =
///
///    1 - 0i   0 - 2i
///    0 + 1i   5 - 0i
/// ```
fn conj(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    let v = one("conj", a)?;
    no_struct("conj", &v)?;
    Ok(vec![match &v {
        // Narrowed like every other result: conj(complex(2, 0)) is 2 (Octave).
        Value::Complex(c) => Value::Complex(c.map(|z| z.conj())).narrowed(),
        Value::SingleComplex(c) => Value::SingleComplex(c.map(|z| z.conj())).narrowed(),
        Value::Int(_) | Value::Single(_) => v.clone(),
        other => Value::Num(other.to_num_array("conj")?),
    }])
}

/// isnan: true for NaN (not-a-number) elements.
///
/// `tf = isnan(x)` returns a logical array of the size of x, true where an
/// element is NaN (NA included); for complex x, where either part is NaN.
/// Use it instead of `x == NaN`, which is always false.
///
/// ```text
/// >> isnan([1 NaN Inf 0/0])
/// ans =
///
///   0  1  0  1
/// ```
fn isnan(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    predicate("isnan", a, f64::is_nan, |z| z.re.is_nan() || z.im.is_nan())
}

/// isna: true for NA (missing value) elements.
///
/// `tf = isna(x)` returns a logical array of the size of x, true where an
/// element is the special NaN value NA. Ordinary NaNs give false.
///
/// ```text
/// >> isna([1 NA NaN])
/// ans =
///
///   0  1  0
/// ```
fn isna(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    use crate::value::is_na;
    predicate("isna", a, is_na, |z| is_na(z.re) || is_na(z.im))
}

/// isinf: true for infinite elements.
///
/// `tf = isinf(x)` returns a logical array of the size of x, true where an
/// element is Inf or -Inf (for complex x, where either part is).
///
/// ```text
/// >> isinf([1 Inf -Inf NaN])
/// ans =
///
///   0  1  1  0
/// ```
fn isinf(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    predicate("isinf", a, f64::is_infinite, |z| {
        z.re.is_infinite() || z.im.is_infinite()
    })
}

/// isfinite: true for finite elements.
///
/// `tf = isfinite(x)` returns a logical array of the size of x, true where an
/// element is neither Inf, -Inf nor NaN (for complex x, both parts finite).
///
/// ```text
/// >> isfinite([1 Inf -Inf NaN 0])
/// ans =
///
///   1  0  0  0  1
/// ```
fn isfinite(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    predicate("isfinite", a, f64::is_finite, |z| {
        z.re.is_finite() && z.im.is_finite()
    })
}

/// iscomplex: true if an array is stored as complex.
///
/// `tf = iscomplex(x)` returns true when x has complex storage, even if its
/// imaginary parts are all zero (as `complex(1, 0)` keeps); false for real,
/// logical, char, cell and struct values. See also `isreal`.
///
/// ```text
/// >> iscomplex(3 + 4i)
/// ans = 1
/// >> iscomplex(3)
/// ans = 0
/// >> iscomplex(complex(1, 0))
/// ans = 1
/// ```
fn iscomplex(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    let v = one("iscomplex", a)?;
    Ok(vec![Value::bool(v.is_complex())])
}

#[cfg(test)]
// Expected values are Octave's 4-decimal display (1.5708, 3.1416...).
#[allow(clippy::approx_constant)]
pub(crate) mod tests {
    use super::*;
    use crate::builtins::State;

    /// Calls builtin `name` of any table with `nargout` outputs.
    pub fn call(name: &str, args: Vec<Value>, nargout: usize) -> Result<Vec<Value>> {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let mut state = State::default();
        let mut ctx = Ctx {
            out: &mut out,
            err: &mut err,
            state: &mut state,
            nargout,
            caller: None,
        };
        let f = crate::builtins::lookup(name).map(|b| b.func);
        match f {
            Some(f) => f(&mut ctx, args),
            None => Err(Error::undefined(name, None)),
        }
    }

    pub fn call1(name: &str, args: Vec<Value>) -> Value {
        call(name, args, 1).unwrap().remove(0)
    }

    fn c(v: &Value) -> C64 {
        match v {
            Value::Complex(a) => a.data()[0],
            _ => panic!("not complex: {v:?}"),
        }
    }

    fn close(a: C64, re: f64, im: f64) -> bool {
        (a.re - re).abs() < 1e-4 && (a.im - im).abs() < 1e-4
    }

    #[test]
    fn real_domain_maps_to_complex() {
        assert!(close(c(&call1("sqrt", vec![Value::num(-9.0)])), 0.0, 3.0));
        assert!(close(c(&call1("log", vec![Value::num(-1.0)])), 0.0, 3.1416));
        assert!(close(
            c(&call1("log10", vec![Value::num(-100.0)])),
            2.0,
            1.3644
        ));
        assert!(close(
            c(&call1("log2", vec![Value::num(-8.0)])),
            3.0,
            4.5324
        ));
        assert!(close(
            c(&call1("asin", vec![Value::num(2.0)])),
            1.5708,
            -1.3170
        ));
        assert!(close(
            c(&call1("asin", vec![Value::num(-2.0)])),
            -1.5708,
            1.3170
        ));
        assert!(close(c(&call1("acos", vec![Value::num(2.0)])), 0.0, 1.3170));
        assert!(close(
            c(&call1("acos", vec![Value::num(-2.0)])),
            3.1416,
            -1.3170
        ));
        assert!(close(
            c(&call1("acosh", vec![Value::num(0.5)])),
            0.0,
            1.0472
        ));
        assert!(close(
            c(&call1("acosh", vec![Value::num(-2.0)])),
            1.3170,
            3.1416
        ));
        assert!(close(
            c(&call1("atanh", vec![Value::num(2.0)])),
            0.5493,
            1.5708
        ));
        assert!(close(
            c(&call1("atanh", vec![Value::num(-2.0)])),
            -0.5493,
            1.5708
        ));
        assert!(close(
            c(&call1("log1p", vec![Value::num(-2.0)])),
            0.0,
            3.1416
        ));
        // Off the real axis (values from Octave 7).
        let z = |re, im| Value::complex(re, im);
        assert!(close(
            c(&call1("asin", vec![z(2.0, 1.0)])),
            1.063440023577752,
            1.469351744368185
        ));
        assert!(close(
            c(&call1("acos", vec![z(2.0, 1.0)])),
            0.507356303217145,
            -1.469351744368185
        ));
        assert!(close(
            c(&call1("acosh", vec![z(0.5, 1.0)])),
            0.926133031350183,
            1.221357263937683
        ));
        assert!(close(
            c(&call1("atanh", vec![z(2.0, 1.0)])),
            0.402359478108525,
            1.338972522294493
        ));
        assert!(close(
            c(&call1("asin", vec![z(-2.0, -0.5)])),
            -1.293042070237183,
            -1.361800900857846
        ));
        assert!(close(
            c(&call1("sqrt", vec![z(-4.0, -1.0)])),
            0.248098393402356,
            -2.015329455153383
        ));
        assert!(close(
            c(&call1("log", vec![z(-1.0, -1.0)])),
            0.346573590279973,
            -2.356194490192345
        ));
        assert_eq!(call1("sqrt", vec![Value::num(4.0)]), Value::num(2.0));
        assert_eq!(call1("sqrt", vec![Value::bool(true)]), Value::num(1.0));
    }

    #[test]
    fn rounding_and_sign() {
        assert_eq!(call1("round", vec![Value::num(-2.5)]), Value::num(-3.0));
        assert_eq!(call1("round", vec![Value::num(2.5)]), Value::num(3.0));
        assert_eq!(
            call1("fix", vec![Value::complex(-2.5, 3.7)]),
            Value::complex(-2.0, 3.0)
        );
        assert_eq!(call1("floor", vec![Value::num(-0.5)]), Value::num(-1.0));
        assert!(close(
            c(&call1("sign", vec![Value::complex(3.0, 4.0)])),
            0.6,
            0.8
        ));
        assert_eq!(call1("abs", vec![Value::str("a")]), Value::num(97.0));
        assert_eq!(
            call1("angle", vec![Value::num(-1.0)]),
            Value::num(std::f64::consts::PI)
        );
    }

    #[test]
    fn log2_two_outputs() {
        let r = call("log2", vec![Value::row(vec![8.0, -3.0, 0.0])], 2).unwrap();
        assert_eq!(r[0], Value::row(vec![0.5, -0.75, 0.0]));
        assert_eq!(r[1], Value::row(vec![4.0, 2.0, 0.0]));
    }

    #[test]
    fn predicates() {
        assert_eq!(
            call1("isreal", vec![Value::complex(3.0, 0.0)]),
            Value::bool(false)
        );
        assert_eq!(call1("isreal", vec![Value::str("a")]), Value::bool(true));
        let v = call1("isnan", vec![Value::row(vec![1.0, f64::NAN])]);
        assert_eq!(v, Value::Bool(Array::row(vec![false, true])));
    }
}
