//! Discrete Fourier transforms along one, two or every dimension (rustfft:
//! any length, mixed radix and Bluestein for primes), the shifts that put
//! the zero frequency in the middle, and `nextpow2`.

use super::{check_nargs, default_dim, dim_arg, float_out, is_single, lanes, num_arg, Num};
use crate::builtins::reduce::gather;
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Value, C64};
use rustfft::FftPlanner;

/// The data of an FFT argument as complex doubles; cells, structs and
/// handles are the function's wrong-type error.
fn cplx_arg(v: &Value, fname: &str) -> Result<Array<C64>> {
    match v {
        Value::Cell(_) | Value::Struct(_) | Value::Func(_) => {
            Err(Error::wrong_type(fname, v.class_name()))
        }
        _ => Ok(match num_arg(v, fname)? {
            Num::Cplx(a) => a,
            Num::Real(a) => a.try_map(|&x| C64::new(x, 0.0))?,
        }),
    }
}

/// Transforms every lane of `a` along `k`, truncated or zero-padded to `n`
/// points; the inverse is scaled by 1/n.
pub(crate) fn transform(a: &Array<C64>, k: usize, n: usize, inverse: bool) -> Result<Array<C64>> {
    let mut planner = FftPlanner::<f64>::new();
    let plan = if inverse {
        planner.plan_fft_inverse(n)
    } else {
        planner.plan_fft_forward(n)
    };
    let scale = if inverse && n > 0 {
        1.0 / n as f64
    } else {
        1.0
    };
    let mut scratch = vec![C64::new(0.0, 0.0); plan.get_inplace_scratch_len()];
    lanes(a, k, n, |lane, out| {
        out.extend(lane.iter().take(n).copied());
        out.resize(n, C64::new(0.0, 0.0));
        if n > 0 {
            plan.process_with_scratch(out, &mut scratch);
        }
        if scale != 1.0 {
            for z in out.iter_mut() {
                *z *= scale;
            }
        }
        Ok(())
    })
}

/// A point count N: `[]` for the default, else a positive scalar (rounded,
/// as Octave does); 0 makes an empty result.
fn points(v: &Value, fname: &str) -> Result<Option<usize>> {
    if v.is_empty() && v.is_numeric() {
        return Ok(None);
    }
    let x = match v {
        Value::Cell(_) | Value::Struct(_) | Value::Func(_) => {
            return Err(Error::wrong_type(fname, v.class_name()))
        }
        _ if v.numel() != 1 => {
            return Err(Error::new(format!("{fname}: N must be a scalar")));
        }
        _ => v.scalar_f64(fname)?.round(),
    };
    if x.is_nan() {
        return Err(Error::new(format!(
            "{fname}: number of points (N) cannot be NaN"
        )));
    }
    if x < 0.0 {
        return Err(Error::new(format!(
            "{fname}: number of points (N) must be greater than zero"
        )));
    }
    if x > crate::builtins::util::MAX_NUMEL as f64 {
        return Err(crate::builtins::util::too_many(x));
    }
    Ok(Some(x as usize))
}

/// `fft(x, n, dim)` / `ifft(...)` shared parsing: data, dimension, points.
fn one_dim(fname: &str, args: &[Value], inverse: bool, symmetric: bool) -> Result<Value> {
    check_nargs(args, 1, 3, fname)?;
    let x = cplx_arg(&args[0], fname)?;
    let n = match args.get(1) {
        Some(v) => points(v, fname)?,
        None => None,
    };
    let k = match args.get(2) {
        Some(v) => dim_arg(
            v,
            &format!("{fname}: DIM must be a valid dimension along which to perform FFT"),
        )?,
        None => default_dim(x.dims()),
    };
    if x.dims() == &Dims::empty() && n.is_none() {
        return float_out(
            Value::Num(Array::empty_with(Dims::empty())),
            is_single(&args[0]),
        );
    }
    let n = n.unwrap_or_else(|| x.dims().get(k));
    let y = if symmetric {
        // Only the first half (and the middle) of each lane is read: the
        // rest is taken as its conjugate mirror, so the result is real.
        let mirrored = lanes(&x, k, n, |lane, out| {
            out.extend(lane.iter().take(n).copied());
            out.resize(n, C64::new(0.0, 0.0));
            for j in (n / 2 + 1)..n {
                out[j] = out[n - j].conj();
            }
            if let Some(z) = out.first_mut() {
                z.im = 0.0;
            }
            if n % 2 == 0 && n > 0 {
                out[n / 2].im = 0.0;
            }
            Ok(())
        })?;
        let y = transform(&mirrored, k, n, true)?;
        return float_out(Value::Num(y.try_map(|z| z.re)?), is_single(&args[0]));
    } else {
        transform(&x, k, n, inverse)?
    };
    float_out(Value::Complex(y), is_single(&args[0]))
}

/// Splits ifft's trailing `'symmetric'`/`'nonsymmetric'` off the arguments.
fn symmetry_flag(fname: &str, mut args: Vec<Value>) -> Result<(Vec<Value>, bool)> {
    if args.len() > 1 {
        if let Some(s) = args.last().and_then(super::opt_str) {
            let sym = match s.as_str() {
                "symmetric" => true,
                "nonsymmetric" => false,
                _ => {
                    return Err(Error::new(format!(
                        "{fname}: unknown option '{s}': use 'symmetric' or 'nonsymmetric'"
                    )))
                }
            };
            args.pop();
            return Ok((args, sym));
        }
    }
    Ok((args, false))
}

/// fft: discrete Fourier transform.
///
/// `Y = fft(X)` transforms the vector X, or each column of a matrix (the
/// first non-singleton dimension of an N-d array), by the fast Fourier
/// transform of any length: Y(k) = sum over j of X(j)*exp(-2*pi*i*(j-1)*(k-1)/n).
///
/// `Y = fft(X, n)` truncates or zero-pads X to n points first (`[]` keeps
/// the length).
///
/// `Y = fft(X, n, dim)` transforms along dimension dim.
///
/// The result is complex (real when every imaginary part is zero, as
/// Octave shows it); single data give a single result.
///
/// ```text
/// >> fft([1 2 3 4])
/// ans =
///
///    10 +  0i   -2 +  2i   -2 +  0i   -2 -  2i
///
/// ```
pub fn fft(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    Ok(vec![one_dim("fft", &args, false, false)?])
}

/// ifft: inverse discrete Fourier transform.
///
/// `X = ifft(Y)` inverts `fft` along the first non-singleton dimension:
/// X(j) = (1/n) * sum over k of Y(k)*exp(2*pi*i*(j-1)*(k-1)/n).
///
/// `X = ifft(Y, n)` and `X = ifft(Y, n, dim)` pad or truncate to n points and
/// work along dimension dim, as `fft` does.
///
/// `X = ifft(..., 'symmetric')` treats each lane as conjugate symmetric (only
/// its first half is read) and returns a real result; `'nonsymmetric'` is
/// the default.
///
/// ```text
/// >> ifft([10 -2+2i -2 -2-2i])
/// ans =
///
///    1   2   3   4
///
/// ```
pub fn ifft(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let (args, sym) = symmetry_flag("ifft", args)?;
    Ok(vec![one_dim("ifft", &args, true, sym)?])
}

/// `fft2`/`ifft2`: along the first two dimensions, each padded to m and n.
fn two_dim(fname: &str, args: Vec<Value>, inverse: bool) -> Result<Value> {
    let (args, sym) = if inverse {
        symmetry_flag(fname, args)?
    } else {
        (args, false)
    };
    if args.len() != 1 && args.len() != 3 {
        return Err(Error::nargin(fname));
    }
    let mut x = cplx_arg(&args[0], fname)?;
    let mut sizes = [x.dims().get(0), x.dims().get(1)];
    if args.len() == 3 {
        for (s, v) in sizes.iter_mut().zip(&args[1..]) {
            if let Some(n) = points(v, fname)? {
                *s = n;
            }
        }
    }
    for (k, &n) in sizes.iter().enumerate() {
        x = transform(&x, k, n, inverse)?;
    }
    finish(x, sym, is_single(&args[0]))
}

/// The complex result, or its real part for the 'symmetric' inverse.
fn finish(x: Array<C64>, real: bool, single: bool) -> Result<Value> {
    if real {
        float_out(Value::Num(x.try_map(|z| z.re)?), single)
    } else {
        float_out(Value::Complex(x), single)
    }
}

/// fft2: two-dimensional discrete Fourier transform.
///
/// `Y = fft2(X)` transforms along the first two dimensions (each page of an
/// N-d array): `fft(fft(X, [], 1), [], 2)`.
///
/// `Y = fft2(X, m, n)` truncates or zero-pads X to m rows and n columns
/// first.
///
/// ```text
/// >> fft2([1 2; 3 4])
/// ans =
///
///    10   -2
///    -4    0
///
/// ```
pub fn fft2(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    Ok(vec![two_dim("fft2", args, false)?])
}

/// ifft2: inverse two-dimensional discrete Fourier transform.
///
/// `X = ifft2(Y)` inverts `fft2` along the first two dimensions.
///
/// `X = ifft2(Y, m, n)` pads or truncates to m rows and n columns first.
///
/// `X = ifft2(..., 'symmetric')` returns the real part, for data known to
/// be conjugate symmetric.
///
/// ```text
/// >> ifft2([10 -2; -4 0])
/// ans =
///
///    1   2
///    3   4
///
/// ```
pub fn ifft2(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    Ok(vec![two_dim("ifft2", args, true)?])
}

/// `fftn`/`ifftn`: along every dimension, each padded to its entry of siz.
fn all_dims(fname: &str, args: Vec<Value>, inverse: bool) -> Result<Value> {
    let (args, sym) = if inverse {
        symmetry_flag(fname, args)?
    } else {
        (args, false)
    };
    check_nargs(&args, 1, 2, fname)?;
    let mut x = cplx_arg(&args[0], fname)?;
    let sizes: Vec<usize> = match args.get(1) {
        None => x.dims().as_slice().to_vec(),
        Some(v) => {
            let s = v.to_num_array(fname)?;
            if !s.dims().is_vector() || s.numel() < x.dims().ndims() {
                return Err(Error::new(format!(
                    "{fname}: SIZ must have at least as many elements as X has dimensions"
                )));
            }
            if s.numel() > super::MAX_DIM {
                return Err(crate::builtins::util::too_large());
            }
            s.data()
                .iter()
                .map(|&n| points(&Value::num(n), fname).map(|p| p.unwrap_or(0)))
                .collect::<Result<_>>()?
        }
    };
    for (k, &n) in sizes.iter().enumerate() {
        x = transform(&x, k, n, inverse)?;
    }
    finish(x, sym, is_single(&args[0]))
}

/// fftn: N-dimensional discrete Fourier transform.
///
/// `Y = fftn(X)` transforms along every dimension of X in turn.
///
/// `Y = fftn(X, siz)` truncates or zero-pads dimension k to siz(k) points
/// first; siz has at least `ndims(X)` elements.
///
/// ```text
/// >> fftn([1 2; 3 4])
/// ans =
///
///    10   -2
///    -4    0
///
/// ```
pub fn fftn(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    Ok(vec![all_dims("fftn", args, false)?])
}

/// ifftn: inverse N-dimensional discrete Fourier transform.
///
/// `X = ifftn(Y)` inverts `fftn` along every dimension.
///
/// `X = ifftn(Y, siz)` pads or truncates dimension k to siz(k) points first.
///
/// `X = ifftn(..., 'symmetric')` returns the real part, for data known to
/// be conjugate symmetric.
///
/// ```text
/// >> ifftn([10 -2; -4 0])
/// ans =
///
///    1   2
///    3   4
///
/// ```
pub fn ifftn(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    Ok(vec![all_dims("ifftn", args, true)?])
}

/// Rotates `x` along the dimensions `dims` so that element `(j + s(n)) mod
/// n` of each lane comes first, for `s` the shift of a lane of n elements.
fn rotate(x: &Value, only: Option<usize>, fname: &str, s: fn(usize) -> usize) -> Result<Value> {
    match x {
        Value::Num(_)
        | Value::Complex(_)
        | Value::Bool(_)
        | Value::Char(_)
        | Value::Single(_)
        | Value::SingleComplex(_)
        | Value::Int(_) => {}
        _ => return Err(Error::new(format!("{fname}: X must be a vector or matrix"))),
    }
    let dims = x.dims();
    let d = dims.as_slice();
    let strides = dims.strides();
    let n = x.numel();
    let vector_dim = (only.is_none() && dims.is_vector() && n > 0).then(|| default_dim(&dims));
    let shift: Vec<usize> = d
        .iter()
        .enumerate()
        .map(|(k, &e)| {
            let on = match (only, vector_dim) {
                (Some(o), _) => o == k,
                (None, Some(v)) => v == k,
                (None, None) => true,
            };
            if on && e > 0 {
                s(e) % e
            } else {
                0
            }
        })
        .collect();
    let mut sel = crate::ops::alloc_vec(n)?;
    let mut idx = vec![0usize; d.len()];
    for _ in 0..n {
        let mut src = 0;
        for k in 0..d.len() {
            src += ((idx[k] + shift[k]) % d[k].max(1)) * strides[k];
        }
        sel.push(src);
        for k in 0..d.len() {
            idx[k] += 1;
            if idx[k] < d[k] {
                break;
            }
            idx[k] = 0;
        }
    }
    Ok(gather(x, &sel, dims))
}

fn shift_args(fname: &str, args: &[Value]) -> Result<Option<usize>> {
    check_nargs(args, 1, 2, fname)?;
    match args.get(1) {
        None => Ok(None),
        Some(v) => {
            let msg = format!("{fname}: dimension DIM must be a positive integer");
            if v.numel() != 1 {
                return Err(Error::new(msg));
            }
            Ok(Some(dim_arg(v, &msg)?))
        }
    }
}

/// fftshift: move the zero-frequency term to the middle.
///
/// `Y = fftshift(X)` swaps the halves of a vector, or of X along every
/// dimension, so the output of `fft` runs from negative to positive
/// frequencies: element ceil(n/2)+1 comes first.
///
/// `Y = fftshift(X, dim)` swaps along dimension dim only.
///
/// ```text
/// >> fftshift(0:6)
/// ans =
///
///    4   5   6   0   1   2   3
///
/// ```
pub fn fftshift(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let only = shift_args("fftshift", &args)?;
    Ok(vec![rotate(&args[0], only, "fftshift", |n| n.div_ceil(2))?])
}

/// ifftshift: undo `fftshift`.
///
/// `X = ifftshift(Y)` swaps the halves back: element floor(n/2)+1 comes
/// first, so `ifftshift(fftshift(X))` is X for odd lengths too.
///
/// `X = ifftshift(Y, dim)` swaps along dimension dim only.
///
/// ```text
/// >> ifftshift(0:6)
/// ans =
///
///    3   4   5   6   0   1   2
///
/// ```
pub fn ifftshift(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let only = shift_args("ifftshift", &args)?;
    Ok(vec![rotate(&args[0], only, "ifftshift", |n| n / 2)?])
}

/// The exponent of the smallest power of 2 not below |x|.
fn nextpow2_of(x: f64) -> f64 {
    let a = x.abs();
    if a.is_nan() || a.is_infinite() {
        return a;
    }
    if a == 0.0 {
        return 0.0;
    }
    let mut e = a.log2().ceil();
    // log2 may round across an integer: settle on 2^(e-1) < a <= 2^e.
    if e.exp2() < a {
        e += 1.0;
    }
    if (e - 1.0).exp2() >= a {
        e -= 1.0;
    }
    e
}

/// nextpow2: exponent of the next power of two.
///
/// `P = nextpow2(A)` returns, for each element, the smallest integer p with
/// 2^p >= abs(A): the length to pad to for a power-of-two FFT.
/// nextpow2(0) is 0; Inf gives Inf and NaN gives NaN. The result has the
/// class of A.
///
/// ```text
/// >> nextpow2([1 5 16 17 0.5])
/// ans =
///
///    0   3   4   5  -1
///
/// ```
pub fn nextpow2(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 1, 1, "nextpow2")?;
    let x = &args[0];
    if !x.is_numeric() {
        return Err(Error::new("nextpow2: X must be numeric"));
    }
    let a = super::real_data(x, "nextpow2")?;
    let p = a.try_map(|&v| nextpow2_of(v))?;
    Ok(vec![crate::ops::classes::in_class_of(x, Value::Num(p))?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transform_matches_the_definition_for_prime_lengths() {
        let x: Vec<C64> = (0..7)
            .map(|j| C64::new(j as f64, (j * j) as f64 / 3.0))
            .collect();
        let a = Array::col(x.clone());
        let y = transform(&a, 0, 7, false).unwrap();
        for k in 0..7 {
            let mut s = C64::new(0.0, 0.0);
            for (j, xj) in x.iter().enumerate() {
                let t = -2.0 * std::f64::consts::PI * (j * k) as f64 / 7.0;
                s += xj * C64::new(t.cos(), t.sin());
            }
            assert!((y.data()[k] - s).norm() < 1e-12);
        }
        let back = transform(&y, 0, 7, true).unwrap();
        for (b, xj) in back.data().iter().zip(&x) {
            assert!((b - xj).norm() < 1e-12);
        }
    }

    #[test]
    fn nextpow2_is_exact_at_powers() {
        assert_eq!(nextpow2_of(1024.0), 10.0);
        assert_eq!(nextpow2_of(1025.0), 11.0);
        assert_eq!(nextpow2_of(0.5), -1.0);
        assert_eq!(nextpow2_of(f64::from_bits(1)), -1074.0);
        assert_eq!(nextpow2_of(-17.0), 5.0);
    }
}
