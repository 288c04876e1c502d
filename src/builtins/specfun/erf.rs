//! erf, erfc, erfcx, erfi (real and complex arguments; the complex ones
//! in `faddeeva`), erfinv, erfcinv.

use super::faddeeva::{erf_c, erfc_c, erfcx_c, erfi_c, erfi_k};
use super::{map_real, out_complex};
use crate::builtins::reduce::{check_nargout, check_nargs};
use crate::builtins::Ctx;
use crate::error::Result;
use crate::value::{Value, C64};
use std::f64::consts::PI;

/// 2/sqrt(π).
const TWO_OVER_SQRT_PI: f64 = std::f64::consts::FRAC_2_SQRT_PI;

/// exp(x²)·erfc(x), without overflow for large x.
pub fn erfcx_k(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x < 0.0 {
        if x < -26.7 {
            return f64::INFINITY;
        }
        // exp(x²) with x² split exactly into hi + lo.
        let hi = x * x;
        let lo = x.mul_add(x, -hi);
        return 2.0 * hi.exp() * lo.exp() - erfcx_k(-x);
    }
    if x < 26.0 {
        let hi = x * x;
        let lo = x.mul_add(x, -hi);
        return hi.exp() * lo.exp() * libm::erfc(x);
    }
    if x.is_infinite() {
        return 0.0;
    }
    // Asymptotic series 1/(x√π) Σ (-1)^k (2k-1)!! / (2x²)^k.
    let t = 1.0 / (2.0 * x * x);
    let mut term = 1.0;
    let mut sum = 1.0;
    for k in 1..12 {
        term *= -(2.0 * f64::from(k) - 1.0) * t;
        sum += term;
    }
    sum / (x * PI.sqrt())
}

/// A first guess of erfinv(y) from Giles' single-precision approximation,
/// given w = -ln((1-y)(1+y)).
fn giles(y: f64, w: f64) -> f64 {
    let p = if w < 6.25 {
        let w = w - 3.125;
        let mut p = -3.644_806_6e-21;
        for c in [
            -6.855_693_4e-19,
            1.057_312_5e-16,
            1.054_723_5e-15,
            -6.887_232_0e-14,
            1.584_779_6e-13,
            5.052_937_0e-12,
            -3.676_810_3e-11,
            -1.356_878_6e-10,
            2.078_939_0e-9,
            6.016_936_9e-10,
            -7.963_616_7e-8,
            1.500_006_5e-7,
            3.127_936_1e-6,
            -4.086_262_5e-7,
            -2.141_412_1e-4,
            -8.893_325_6e-5,
            0.009_869_936_7,
            0.002_405_998_9,
            -0.105_002_64,
            0.057_497_16,
            1.762_876_8,
        ] {
            p = c + p * w;
        }
        p
    } else if w < 16.0 {
        let w = w.sqrt() - 3.25;
        let mut p = 2.202_485_6e-9;
        for c in [
            -5.437_783_6e-9,
            -1.543_829_5e-8,
            7.617_592_2e-7,
            -4.366_452_3e-6,
            1.075_949_7e-5,
            -7.825_493e-6,
            -0.000_127_634_4,
            0.000_502_127_6,
            -0.001_236_689,
            0.003_053_465,
            -0.008_312_389,
            0.013_813_584,
            -0.009_458_963,
            0.019_095_168,
            -0.045_573_27,
            1.502_245,
            2.832_976_8,
        ] {
            p = c + p * w;
        }
        p
    } else {
        let w = w.sqrt() - 5.0;
        let mut p = -2.714_541_5e-11;
        for c in [
            -2.555_641_8e-10,
            1.515_163_4e-9,
            -3.789_465_4e-9,
            7.612_761_6e-9,
            -1.496_002_7e-8,
            2.914_795_3e-8,
            -6.771_199_8e-8,
            2.290_402_5e-7,
            -9.927_614_2e-7,
            4.526_062_6e-6,
            -1.968_177_8e-5,
            7.599_527_7e-5,
            -0.000_216_615_05,
            -0.000_277_151_07,
            -0.003_446_748_8,
            1.003_706_3,
            4.849_906_6,
        ] {
            p = c + p * w;
        }
        p
    };
    p * y
}

/// The inverse error function on [-1, 1].
pub fn erfinv_k(y: f64) -> f64 {
    if y.is_nan() || y.abs() > 1.0 {
        return f64::NAN;
    }
    if y.abs() == 1.0 {
        return f64::INFINITY.copysign(y);
    }
    if y == 0.0 {
        return y;
    }
    if y.abs() > 0.5 {
        // 1 - |y| is exact here; the erfc form keeps the tail accurate.
        return erfcinv_k(1.0 - y.abs()).copysign(y);
    }
    let w = -((1.0 - y) * (1.0 + y)).ln();
    let mut x = giles(y, w);
    // Halley steps on erf(x) - y.
    for _ in 0..4 {
        let f = libm::erf(x) - y;
        let d = TWO_OVER_SQRT_PI * (-x * x).exp();
        let step = f / d;
        x -= step / (1.0 + x * step);
        if step.abs() <= 1e-17 * x.abs() {
            break;
        }
    }
    x
}

/// The inverse complementary error function on [0, 2].
pub fn erfcinv_k(z: f64) -> f64 {
    if z.is_nan() || !(0.0..=2.0).contains(&z) {
        return f64::NAN;
    }
    if z == 0.0 {
        return f64::INFINITY;
    }
    if z == 2.0 {
        return f64::NEG_INFINITY;
    }
    if z > 1.0 {
        return -erfcinv_k(2.0 - z);
    }
    if z > 0.5 {
        return erfinv_k(1.0 - z);
    }
    // z in (0, 0.5]: Newton on ln erfc(x) - ln z, with ln erfc(x) as
    // ln erfcx(x) - x² so that nothing underflows.
    let w = -(z * (2.0 - z)).ln();
    let mut x = if w < 16.0 {
        giles(1.0, w)
    } else {
        // erfc(x) ≈ e^{-x²}/(x√π): a few fixed-point steps.
        let lz = z.ln();
        let mut x = (-lz).sqrt();
        for _ in 0..4 {
            x = (-lz - (x * PI.sqrt()).ln()).sqrt();
        }
        x
    };
    let lz = z.ln();
    for _ in 0..10 {
        let e = erfcx_k(x);
        let h = e.ln() - x * x - lz;
        let dh = -TWO_OVER_SQRT_PI / e;
        let step = h / dh;
        x -= step;
        if step.abs() <= 1e-16 * x.abs() {
            break;
        }
    }
    x
}

/// erf: the error function.
///
/// `Y = erf(X)` returns 2/sqrt(π) times the integral of e^(-t²) from 0 to
/// x, for every element of X (real or complex).
///
/// ```text
/// >> erf([0 0.5 1])
/// ans =
///
///         0   0.5205   0.8427
/// >> erf(1 + 2i)
/// ans = -0.5366 - 5.0491i
/// ```
pub fn erf(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 1, 1, "erf")?;
    check_nargout(ctx, 1, "erf")?;
    Ok(vec![real_or_complex("erf", &args[0], libm::erf, erf_c)?])
}

/// `fr` on a real operand, `fc` on a complex one.
fn real_or_complex(
    fname: &str,
    v: &Value,
    fr: fn(f64) -> f64,
    fc: fn(C64) -> C64,
) -> Result<Value> {
    if !v.is_complex() {
        return map_real(fname, v, fr);
    }
    let single = matches!(v, Value::SingleComplex(_));
    out_complex(v.to_complex_array(fname)?.try_map(|&z| fc(z))?, single)
}

/// erfc: the complementary error function.
///
/// `Y = erfc(X)` returns 1 - erf(x) element-wise, computed without the
/// cancellation of that difference for large x; X may be complex.
///
/// ```text
/// >> erfc([0 1 5])
/// ans =
///
///    1.0000e+00   1.5730e-01   1.5375e-12
/// ```
pub fn erfc(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 1, 1, "erfc")?;
    check_nargout(ctx, 1, "erfc")?;
    Ok(vec![real_or_complex("erfc", &args[0], libm::erfc, erfc_c)?])
}

/// erfcx: the scaled complementary error function.
///
/// `Y = erfcx(X)` returns exp(x²)·erfc(x) element-wise, finite for large
/// x where erfc underflows; X may be complex.
///
/// ```text
/// >> erfcx([0 1 30])
/// ans =
///
///    1.000000   0.427584   0.018796
/// ```
pub fn erfcx(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 1, 1, "erfcx")?;
    check_nargout(ctx, 1, "erfcx")?;
    Ok(vec![real_or_complex("erfcx", &args[0], erfcx_k, erfcx_c)?])
}

/// erfi: the imaginary error function.
///
/// `Y = erfi(X)` returns -i·erf(i·x) element-wise, which is
/// 2/sqrt(π) times the integral of e^(t²) from 0 to x for real x; X may
/// be complex.
///
/// ```text
/// >> erfi([0 0.5 1])
/// ans =
///
///         0   0.6150   1.6504
/// >> erfi(1 + 1i)
/// ans =  0.1905 + 1.3162i
/// ```
pub fn erfi(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 1, 1, "erfi")?;
    check_nargout(ctx, 1, "erfi")?;
    Ok(vec![real_or_complex("erfi", &args[0], erfi_k, erfi_c)?])
}

/// erfinv: the inverse error function.
///
/// `X = erfinv(Y)` returns the x with erf(x) = y for every element of Y in
/// [-1, 1]; ±1 give ±Inf and values outside give NaN.
///
/// ```text
/// >> erfinv([0 0.5 1])
/// ans =
///
///         0   0.4769      Inf
/// ```
pub fn erfinv(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 1, 1, "erfinv")?;
    check_nargout(ctx, 1, "erfinv")?;
    Ok(vec![map_real("erfinv", &args[0], erfinv_k)?])
}

/// erfcinv: the inverse complementary error function.
///
/// `X = erfcinv(Y)` returns the x with erfc(x) = y for every element of Y
/// in [0, 2]; 0 gives Inf, 2 gives -Inf and values outside give NaN.
///
/// ```text
/// >> erfcinv([0.5 1 1.5])
/// ans =
///
///    0.4769        0  -0.4769
/// ```
pub fn erfcinv(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 1, 1, "erfcinv")?;
    check_nargout(ctx, 1, "erfcinv")?;
    Ok(vec![map_real("erfcinv", &args[0], erfcinv_k)?])
}

#[cfg(test)]
// Reference values are quoted to the digits their sources give.
#[allow(clippy::excessive_precision)]
mod tests {
    use super::*;

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    #[test]
    fn inverses_round_trip() {
        for &y in &[
            1e-300,
            1e-20,
            1e-5,
            0.1,
            0.3,
            0.5,
            0.7,
            0.9,
            0.999,
            1.0 - 1e-12,
        ] {
            let x = erfinv_k(y);
            assert!(rel(libm::erf(x), y) < 4e-16, "erfinv({y})");
        }
        for &z in &[1e-300, 1e-100, 1e-10, 0.01, 0.4, 0.8, 1.3, 1.99] {
            let x = erfcinv_k(z);
            // erfc's condition number near x is about 2x².
            let tol = 4e-16 * (1.0 + 2.0 * x * x);
            assert!(rel(libm::erfc(x), z) < tol, "erfcinv({z}) = {x}");
        }
    }

    #[test]
    fn erfcx_matches_scipy() {
        // scipy.special.erfcx
        for (x, want) in [
            (-3.0, 16205.988853999586),
            (0.3, 0.7345993345676554),
            (5.0, 0.11070463773306861),
            (30.0, 0.018795888861416754),
            (1e5, 5.6418958351954685e-06),
        ] {
            assert!(rel(erfcx_k(x), want) < 1e-14, "erfcx({x}) = {}", erfcx_k(x));
        }
    }
}
