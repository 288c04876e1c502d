//! Digital filtering and two-dimensional convolution: `filter` (direct
//! form II transposed, with initial and final delay states), `conv2`
//! (full, same and valid parts; the separable form) and `filter2`.

use super::{check_nargs, default_dim, dim_arg, float_out, is_single, lanes, opt_str};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Value, C64};
use std::ops::{Add, Div, Mul, Sub};

/// The arithmetic `filter` and `conv2` need, for real and complex doubles.
trait Elem:
    Copy + Default + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self> + Div<Output = Self>
{
}

impl Elem for f64 {}

impl Elem for C64 {}

/// Numeric data of an argument, or the function's "must be arrays" error
/// for containers.
fn data(v: &Value, fname: &str, what: &str) -> Result<Value> {
    match v {
        Value::Cell(_) | Value::Struct(_) | Value::Func(_) => {
            Err(Error::new(format!("{fname}: {what} must be arrays")))
        }
        _ => Ok(v.clone()),
    }
}

fn real(v: &Value, fname: &str) -> Result<Array<f64>> {
    v.to_num_array(fname)
}

fn cplx(v: &Value, fname: &str) -> Result<Array<C64>> {
    v.to_complex_array(fname)
}

/// Filters one lane in place with normalized coefficients `b`, `a` (same
/// length n, a[0] == 1) from delay state `z` (n-1 values), leaving the
/// final state in `z`.
fn run<T: Elem>(b: &[T], a: &[T], x: &[T], z: &mut [T], y: &mut Vec<T>) {
    let n = b.len();
    for &xi in x {
        let yi = b[0] * xi + z.first().copied().unwrap_or_default();
        for k in 1..n {
            let next = if k < n - 1 { z[k] } else { T::default() };
            z[k - 1] = next + b[k] * xi - a[k] * yi;
        }
        y.push(yi);
    }
}

/// The whole filter over every lane along `k`, in one element type.
fn filter_all<T: Elem>(
    b: &[T],
    a: &[T],
    x: &Array<T>,
    zi: Option<&Array<T>>,
    k: usize,
) -> Result<(Array<T>, Array<T>)> {
    let n = b.len().max(a.len()).max(1);
    let a0 = a.first().copied().unwrap_or_default();
    let norm = |c: &[T]| -> Vec<T> {
        let mut v: Vec<T> = c.iter().map(|&t| t / a0).collect();
        v.resize(n, T::default());
        v
    };
    let (b, a) = (norm(b), norm(a));
    let len = x.dims().get(k);
    let mut states: Vec<T> = Vec::new();
    let mut lane_no = 0usize;
    let zdata = zi.map(|z| z.data());
    let y = lanes(x, k, len, |lane, out| {
        let mut z: Vec<T> = match zdata {
            Some(d) => d
                .get(lane_no * (n - 1)..(lane_no + 1) * (n - 1))
                .map(|s| s.to_vec())
                .unwrap_or_else(|| vec![T::default(); n - 1]),
            None => vec![T::default(); n - 1],
        };
        lane_no += 1;
        run(&b, &a, lane, &mut z, out);
        states.extend_from_slice(&z);
        Ok(())
    })?;
    // zf: (n-1) by the other dimensions of x, lanes in the order walked.
    let mut zd: Vec<usize> = x.dims().as_slice().to_vec();
    while zd.len() <= k {
        zd.push(1);
    }
    zd.remove(k);
    zd.insert(0, n - 1);
    let zf = Array::try_new(Dims::new(&zd), states)
        .ok_or_else(|| Error::new("filter: internal size error"))?;
    Ok((y, zf))
}

/// filter: one-dimensional digital filter.
///
/// `y = filter(b, a, x)` filters the data x with the rational transfer
/// function whose numerator coefficients are b and denominator coefficients
/// a: a(1)*y(n) = b(1)*x(n) + ... + b(nb)*x(n-nb+1) - a(2)*y(n-1) - ... -
/// a(na)*y(n-na+1). Both are divided by a(1), which must be nonzero. A
/// matrix is filtered column by column (the first non-singleton dimension).
///
/// `[y, zf] = filter(b, a, x, zi)` starts from the delay states zi (a vector
/// of max(length(a), length(b)) - 1 values, or one column of them per lane)
/// and returns the final states zf, so long signals can be filtered in
/// pieces. `[]` for zi means zero states.
///
/// `y = filter(b, a, x, zi, dim)` filters along dimension dim.
///
/// ```text
/// >> filter(1, [1 -0.5], [1 1 1])
/// ans =
///
///    1.0000   1.5000   1.7500
///
/// ```
pub fn filter(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const F: &str = "filter";
    check_nargs(&args, 3, 5, F)?;
    super::check_nargout(ctx, 2, F)?;
    let b = data(&args[0], F, "B")?;
    let a = data(&args[1], F, "A")?;
    let x = data(&args[2], F, "X and SI")?;
    let zi = match args.get(3) {
        Some(v) if !v.is_empty() => Some(data(v, F, "X and SI")?),
        _ => None,
    };
    let k = match args.get(4) {
        Some(v) => dim_arg(v, "filter: DIM must be a valid dimension")?,
        None => default_dim(x.dims_ref()),
    };
    let n = b.numel().max(a.numel()).max(1);
    let ra = real(&a, F).ok();
    let a0_zero = match &ra {
        Some(r) => r.data().first().is_none_or(|&v| v == 0.0),
        None => cplx(&a, F)?.data().first().is_none_or(|z| z.norm() == 0.0),
    };
    if a0_zero {
        return Err(Error::new("filter: the first element of A must be nonzero"));
    }
    if let Some(z) = &zi {
        let lanes_of_x = if x.numel() == 0 {
            1
        } else {
            x.numel() / x.dims().get(k).max(1)
        };
        let zn = z.numel();
        let ok = if z.dims_ref().is_vector() && lanes_of_x == 1 {
            zn == n - 1
        } else {
            z.dims().get(0) == n - 1 && zn == (n - 1) * lanes_of_x
        };
        if !ok {
            return Err(Error::new(
                "filter: first dimension of SI must be of length max (length (a), length (b)) - 1",
            ));
        }
    }
    let single = [&b, &a, &x].iter().any(|v| is_single(v)) || zi.as_ref().is_some_and(is_single);
    let complex =
        [&b, &a, &x].iter().any(|v| v.is_complex()) || zi.as_ref().is_some_and(Value::is_complex);
    let (y, zf) = if complex {
        let zi = zi.as_ref().map(|z| cplx(z, F)).transpose()?;
        let (y, zf) = filter_all(
            cplx(&b, F)?.data(),
            cplx(&a, F)?.data(),
            &cplx(&x, F)?,
            zi.as_ref(),
            k,
        )?;
        (Value::Complex(y), Value::Complex(zf))
    } else {
        let zi = zi.as_ref().map(|z| real(z, F)).transpose()?;
        let (y, zf) = filter_all(
            real(&b, F)?.data(),
            real(&a, F)?.data(),
            &real(&x, F)?,
            zi.as_ref(),
            k,
        )?;
        (Value::Num(y), Value::Num(zf))
    };
    let mut out = vec![float_out(y, single)?];
    if ctx.nargout > 1 {
        out.push(float_out(zf, single)?);
    }
    Ok(out)
}

/// Which part of the full convolution `conv2` returns.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Full,
    Same,
    Valid,
}

fn shape_arg(v: &Value, fname: &str) -> Result<Shape> {
    match opt_str(v).as_deref() {
        Some("full") => Ok(Shape::Full),
        Some("same") => Ok(Shape::Same),
        Some("valid") => Ok(Shape::Valid),
        _ => Err(Error::new(format!("{fname}: SHAPE type not valid"))),
    }
}

/// The 2-D convolution of `a` (ma x na) by `b` (mb x nb), `shape` part.
fn conv2_of<T: Elem>(a: &Array<T>, b: &Array<T>, shape: Shape) -> Result<Array<T>> {
    let (ma, na) = (a.rows(), a.cols());
    let (mb, nb) = (b.rows(), b.cols());
    // Offsets of the part in the full result and its size.
    let (r0, c0, rows, cols) = match shape {
        Shape::Full => (
            0,
            0,
            (ma + mb).saturating_sub(1),
            (na + nb).saturating_sub(1),
        ),
        Shape::Same => (mb / 2, nb / 2, ma, na),
        Shape::Valid => (
            mb.saturating_sub(1),
            nb.saturating_sub(1),
            (ma + 1).saturating_sub(mb),
            (na + 1).saturating_sub(nb),
        ),
    };
    // The full convolution with an empty operand is empty (0x0, as Octave).
    let empty = ma == 0 || na == 0 || mb == 0 || nb == 0;
    let (rows, cols) = if empty && shape == Shape::Full {
        (0, 0)
    } else {
        (rows, cols)
    };
    let n = crate::ops::checked_numel(&[rows, cols])?;
    let mut out = crate::builtins::util::alloc_vec(n, T::default())?;
    let (ad, bd) = (a.data(), b.data());
    for j in 0..cols {
        let fj = j + c0;
        for i in 0..rows {
            let fi = i + r0;
            let mut s = T::default();
            // Full index (fi, fj) = (p + u, q + v), p < ma, u < mb.
            let q_lo = (fj + 1).saturating_sub(nb);
            let q_hi = fj.min(na.saturating_sub(1));
            let p_lo = (fi + 1).saturating_sub(mb);
            let p_hi = fi.min(ma.saturating_sub(1));
            if ma > 0 && na > 0 && mb > 0 && nb > 0 {
                for q in q_lo..=q_hi {
                    let v = fj - q;
                    for p in p_lo..=p_hi {
                        let u = fi - p;
                        s = s + ad[p + q * ma] * bd[u + v * mb];
                    }
                }
            }
            out[i + j * rows] = s;
        }
    }
    Ok(Array::new(Dims::mat(rows, cols), out))
}

/// Checks that a conv2 operand is at most two-dimensional.
fn two_d(v: &Value, fname: &str) -> Result<()> {
    match v {
        Value::Cell(_) | Value::Struct(_) | Value::Func(_) => {
            Err(Error::wrong_type(fname, v.class_name()))
        }
        _ if v.dims_ref().ndims() > 2 => Err(Error::new(format!(
            "{fname}: A and B must be 1-D vectors or 2-D matrices"
        ))),
        _ => Ok(()),
    }
}

/// Convolution of `a` by `b` in the class and complexity the operands ask.
fn conv2_values(a: &Value, b: &Value, shape: Shape, fname: &str) -> Result<Value> {
    two_d(a, fname)?;
    two_d(b, fname)?;
    let single = is_single(a) || is_single(b);
    let v = if a.is_complex() || b.is_complex() {
        Value::Complex(conv2_of(&cplx(a, fname)?, &cplx(b, fname)?, shape)?)
    } else {
        Value::Num(conv2_of(&real(a, fname)?, &real(b, fname)?, shape)?)
    };
    float_out(v, single)
}

/// conv2: two-dimensional convolution.
///
/// `C = conv2(A, B)` returns the full 2-D convolution of the matrices A and
/// B, of size size(A) + size(B) - 1.
///
/// `C = conv2(A, B, shape)` returns part of it: `'full'` (the default),
/// `'same'` (the central part, the size of A) or `'valid'` (only the parts
/// computed without zero padding: max(size(A) - size(B) + 1, 0)).
///
/// `C = conv2(u, v, A)` and `conv2(u, v, A, shape)` convolve the columns of
/// A with the vector u and then its rows with the vector v: the same as
/// `conv2(A, u(:) * v(:).')`, computed separably.
///
/// ```text
/// >> conv2([1 2; 3 4], [1 1; 1 1])
/// ans =
///
///     1    3    2
///     4   10    6
///     3    7    4
///
/// ```
pub fn conv2(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const F: &str = "conv2";
    check_nargs(&args, 2, 4, F)?;
    let last_is_shape = args.len() > 2 && matches!(args[args.len() - 1], Value::Char(_));
    let shape = if last_is_shape {
        shape_arg(&args[args.len() - 1], F)?
    } else {
        Shape::Full
    };
    let ops = if last_is_shape {
        &args[..args.len() - 1]
    } else {
        &args[..]
    };
    match ops {
        [a, b] => Ok(vec![conv2_values(a, b, shape, F)?]),
        [u, v, a] => {
            for w in [u, v] {
                if !w.dims_ref().is_vector() && !w.is_empty() {
                    return Err(Error::new(
                        "conv2: arguments must be vectors for separable option",
                    ));
                }
            }
            let col = |w: &Value| w.clone().reshaped(Dims::col(w.numel()));
            let row = |w: &Value| w.clone().reshaped(Dims::row(w.numel()));
            let (Some(uc), Some(vr)) = (col(u), row(v)) else {
                return Err(Error::new("conv2: internal size error"));
            };
            // Columns by u, rows by v: the full result, then the part (the
            // parts of a separable kernel are those of u * v.').
            let full = conv2_values(&conv2_values(a, &uc, Shape::Full, F)?, &vr, Shape::Full, F)?;
            if shape == Shape::Full {
                return Ok(vec![full]);
            }
            let (mb, nb) = (u.numel(), v.numel());
            let (ma, na) = (a.dims().get(0), a.dims().get(1));
            let (r0, c0, rows, cols) = match shape {
                Shape::Same => (mb / 2, nb / 2, ma, na),
                _ => (
                    mb.saturating_sub(1),
                    nb.saturating_sub(1),
                    (ma + 1).saturating_sub(mb),
                    (na + 1).saturating_sub(nb),
                ),
            };
            let fr = full.dims().get(0);
            let mut sel = Vec::with_capacity(rows * cols);
            for j in 0..cols {
                for i in 0..rows {
                    sel.push((i + r0) + (j + c0) * fr);
                }
            }
            Ok(vec![crate::builtins::reduce::gather(
                &full,
                &sel,
                Dims::mat(rows, cols),
            )])
        }
        _ => Err(Error::nargin(F)),
    }
}

/// filter2: two-dimensional digital filter.
///
/// `Y = filter2(b, x)` filters the matrix x with the 2-D FIR filter b:
/// `conv2(x, rot90(b, 2), 'same')`, the correlation of x with b.
///
/// `Y = filter2(b, x, shape)` returns the `'same'` (default), `'full'` or
/// `'valid'` part, as `conv2` does.
///
/// ```text
/// >> filter2([1 1], magic(3))
/// ans =
///
///     9    7    6
///     8   12    7
///    13   11    2
///
/// ```
pub fn filter2(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const F: &str = "filter2";
    check_nargs(&args, 2, 3, F)?;
    let shape = match args.get(2) {
        Some(v) => shape_arg(v, F)?,
        None => Shape::Same,
    };
    let b = &args[0];
    two_d(b, F)?;
    // rot90(b, 2): every element reversed in column-major order.
    let n = b.numel();
    let sel: Vec<usize> = (0..n).rev().collect();
    let rb = crate::builtins::reduce::gather(b, &sel, b.dims());
    Ok(vec![conv2_values(&args[1], &rb, shape, F)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_in_pieces_equals_filter_at_once() {
        let b = [1.0, 0.5, 0.25];
        let a = [1.0, -0.3];
        let x: Vec<f64> = (0..10).map(|i| (i as f64).sin()).collect();
        let whole = filter_all(&b, &a, &Array::col(x.clone()), None, 0).unwrap();
        let (y1, z1) = filter_all(&b, &a, &Array::col(x[..4].to_vec()), None, 0).unwrap();
        let (y2, _) = filter_all(&b, &a, &Array::col(x[4..].to_vec()), Some(&z1), 0).unwrap();
        let joined: Vec<f64> = y1.data().iter().chain(y2.data()).copied().collect();
        for (p, q) in joined.iter().zip(whole.0.data()) {
            assert!((p - q).abs() < 1e-14);
        }
    }

    #[test]
    fn conv2_parts() {
        let a = Array::new(Dims::mat(2, 2), vec![1.0, 3.0, 2.0, 4.0]);
        let b = Array::new(Dims::mat(1, 3), vec![1.0, 1.0, 1.0]);
        let f = conv2_of(&a, &b, Shape::Full).unwrap();
        assert_eq!(f.data(), &[1.0, 3.0, 3.0, 7.0, 3.0, 7.0, 2.0, 4.0]);
        let s = conv2_of(&a, &b, Shape::Same).unwrap();
        assert_eq!(s.data(), &[3.0, 7.0, 3.0, 7.0]);
        let v = conv2_of(&a, &b, Shape::Valid).unwrap();
        assert_eq!(v.dims().as_slice(), &[2, 0]);
    }
}
