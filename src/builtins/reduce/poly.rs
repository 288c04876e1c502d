//! Numerical integration and convolution: trapz, cumtrapz, conv, deconv.
//! interp1 lives in `interp`; polyfit and polyval in `builtins::polynomial`.

use super::{
    check_nargout, check_nargs, default_dim, map_lanes, num_arg, opt_str, parse_dim, real_arg, Num,
};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Value, C64};

/// Parses trapz/cumtrapz arguments into (x, y, dim).
fn trapz_args(args: &[Value], fname: &str) -> Result<(Option<Array<f64>>, Array<f64>, usize)> {
    check_nargs(args, 1, 3, fname)?;
    let dim_err = |_| {
        Error::new(format!(
            "{fname}: DIM must be an integer and a valid dimension"
        ))
    };
    let (x, y, dim) = match args.len() {
        1 => (None, real_arg(&args[0], fname)?, None),
        2 if args[1].is_scalar() && !args[0].is_scalar() => (
            None,
            real_arg(&args[0], fname)?,
            Some(parse_dim(&args[1], dim_err)?),
        ),
        2 => (
            Some(real_arg(&args[0], fname)?),
            real_arg(&args[1], fname)?,
            None,
        ),
        _ => (
            Some(real_arg(&args[0], fname)?),
            real_arg(&args[1], fname)?,
            Some(parse_dim(&args[2], dim_err)?),
        ),
    };
    if let Some(k) = dim {
        if k >= y.dims().ndims() {
            return Err(dim_err(0.0));
        }
    }
    let k = dim.unwrap_or_else(|| default_dim(y.dims()));
    Ok((x, y, k))
}

/// A scalar X is a spacing: integrate with unit spacing and scale after
/// (Octave's `x * 0.5 * sum (...)`, so rounding agrees).
fn spacing(x: &mut Option<Array<f64>>) -> f64 {
    match x {
        Some(a) if a.numel() == 1 => {
            let h = a.data()[0];
            *x = None;
            h
        }
        _ => 1.0,
    }
}

/// Pairs each y element with its x coordinate along dimension k.
fn with_x(
    x: Option<&Array<f64>>,
    y: &Array<f64>,
    k: usize,
    fname: &str,
) -> Result<Array<(f64, f64)>> {
    let n = y.dims().get(k);
    let lanes = super::Lanes::new(y.dims(), k);
    let mut out = Vec::with_capacity(y.numel());
    for (i, &v) in y.data().iter().enumerate() {
        let j = i.checked_div(lanes.stride).unwrap_or(0) % n.max(1);
        let xv = match x {
            None => j as f64 + 1.0,
            Some(xa) if xa.dims().is_vector() && xa.dims() != y.dims() => {
                if xa.numel() != n {
                    return Err(Error::new(format!(
                        "{fname}: length of X and length of Y along DIM must match"
                    )));
                }
                xa.data()[j]
            }
            Some(xa) => {
                if xa.dims() != y.dims() {
                    return Err(Error::new(format!("{fname}: X and Y must have same shape")));
                }
                xa.data()[i]
            }
        };
        out.push((xv, v));
    }
    Ok(Array::new(y.dims().clone(), out))
}

/// trapz: numerical integration by the trapezoidal rule.
///
/// `Q = trapz(Y)` integrates Y with unit spacing: the sum of the areas of
/// the trapezoids between consecutive points, along the first dimension
/// whose size is not 1 (a row of column integrals for a matrix).
///
/// `Q = trapz(X, Y)` uses the sample points X (a vector as long as that
/// dimension, or an array of the size of Y).
///
/// `Q = trapz(..., DIM)` integrates along dimension DIM.
///
/// ```text
/// >> trapz([1 2 3])
/// ans = 4
/// >> trapz([0 1 2], [0 1 4])
/// ans = 3
/// >> trapz([1 2; 3 4], 2)
/// ans =
///
///    1.5000
///    3.5000
/// ```
pub fn trapz(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "trapz")?;
    let (x, y, k) = trapz_args(&args, "trapz")?;
    if *y.dims() == Dims::empty() && args.len() == 1 {
        return Ok(vec![Value::num(0.0)]);
    }
    let mut x = x;
    let h = spacing(&mut x);
    let p = with_x(x.as_ref(), &y, k, "trapz")?;
    let r = map_lanes(&p, k, 1, |l, o| {
        o.push(
            l.windows(2)
                .map(|w| 0.5 * (w[1].0 - w[0].0) * (w[1].1 + w[0].1))
                .sum::<f64>(),
        );
    });
    Ok(vec![Value::Num(r.map(|&v: &f64| h * v))])
}

/// cumtrapz: cumulative trapezoidal integration.
///
/// `Z = cumtrapz(Y)` returns the running integral of Y by the trapezoidal
/// rule with unit spacing, starting at 0, along the first dimension whose
/// size is not 1. `Z(end)` equals `trapz(Y)`.
///
/// `Z = cumtrapz(X, Y)` integrates over the points X (a vector matching
/// the length of Y along the dimension, or an array of Y's size).
///
/// `Z = cumtrapz(..., dim)` integrates along dimension dim.
///
/// ```text
/// >> cumtrapz([1 2 3])
/// ans =
///
///         0   1.5000   4.0000
/// >> cumtrapz([0 1 3], [1 2 3])
/// ans =
///
///         0   1.5000   6.5000
/// ```
pub fn cumtrapz(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "cumtrapz")?;
    let (x, y, k) = trapz_args(&args, "cumtrapz")?;
    let mut x = x;
    let h = spacing(&mut x);
    let p = with_x(x.as_ref(), &y, k, "cumtrapz")?;
    let n = y.dims().get(k);
    let r = map_lanes(&p, k, n, |l, o| {
        let mut acc = 0.0;
        if !l.is_empty() {
            o.push(0.0);
        }
        for w in l.windows(2) {
            acc += 0.5 * (w[1].0 - w[0].0) * (w[1].1 + w[0].1);
            o.push(acc);
        }
    });
    Ok(vec![Value::Num(r.map(|&v: &f64| h * v))])
}

/// Full convolution of two sequences.
fn conv_full<T>(a: &[T], b: &[T]) -> Vec<T>
where
    T: Copy + Default + std::ops::Mul<Output = T> + std::ops::AddAssign,
{
    if a.is_empty() || b.is_empty() {
        return Vec::new();
    }
    let mut y = vec![T::default(); a.len() + b.len() - 1];
    // Outer loop over b, inner over a: the summation order of Octave's conv2,
    // so results agree to the last bit.
    for (j, &q) in b.iter().enumerate() {
        for (i, &p) in a.iter().enumerate() {
            y[i + j] += p * q;
        }
    }
    y
}

fn to_c(n: Num) -> Vec<C64> {
    match n {
        Num::Real(a) => a.data().iter().map(|&x| C64::new(x, 0.0)).collect(),
        Num::Cplx(a) => a.into_vec(),
    }
}

/// Real or complex vector result in a given orientation.
fn vec_value(re: Option<Vec<f64>>, cx: Vec<C64>, row: bool) -> Value {
    let n = re.as_ref().map_or(cx.len(), |v| v.len());
    let dims = if row { Dims::row(n) } else { Dims::col(n) };
    match re {
        Some(v) => Value::Num(Array::new(dims, v)),
        None => Value::Complex(Array::new(dims, cx)).narrowed(),
    }
}

fn take<T>(v: Vec<T>, start: usize, len: usize) -> Vec<T> {
    v.into_iter().skip(start).take(len).collect()
}

/// conv: convolution and polynomial multiplication.
///
/// `w = conv(u, v)` returns the convolution of the vectors u and v, of
/// length numel(u) + numel(v) - 1: the coefficients of the product of the
/// polynomials with coefficients u and v.
///
/// `w = conv(u, v, shape)` returns part of it: 'full' (the default), 'same'
/// (the central part, the size of u) or 'valid' (only the parts computed
/// without zero padding).
///
/// ```text
/// >> conv([1 1], [1 -1])
/// ans =
///
///    1   0  -1
/// >> conv([1 2 3], [1 1], 'same')
/// ans =
///
///    3   5   3
/// ```
pub fn conv(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "conv")?;
    check_nargs(&args, 2, 3, "conv")?;
    let (a, b) = (&args[0], &args[1]);
    if !(a.dims().is_vector() && b.dims().is_vector()) {
        return Err(Error::new("conv: both arguments A and B must be vectors"));
    }
    let shape = match args.get(2) {
        None => "full".to_string(),
        Some(v) => match opt_str(v) {
            Some(s) if s == "full" || s == "same" || s == "valid" => s,
            _ => {
                return Err(Error::new(
                    "conv: SHAPE argument must be \"full\", \"same\", or \"valid\"",
                ))
            }
        },
    };
    let (la, lb) = (a.numel(), b.numel());
    let (na, nb) = (num_arg(a, "conv")?, num_arg(b, "conv")?);
    let real = matches!((&na, &nb), (Num::Real(_), Num::Real(_)));
    let (ra, rb) = (a.dims().is_row(), b.dims().is_row());
    // Range of the full result kept, and the orientation (Octave's conv.m).
    let full_len = (la + lb).saturating_sub(1);
    let (start, len, row) = match shape.as_str() {
        "full" => (0, full_len, (la > lb && ra) || (la <= lb && rb)),
        "same" => (lb / 2, la, ra),
        _ => (lb.saturating_sub(1), (la + 1).saturating_sub(lb), ra),
    };
    Ok(vec![if real {
        let (x, y) = match (na, nb) {
            (Num::Real(x), Num::Real(y)) => (x, y),
            _ => return Err(Error::new("conv: internal type mismatch")),
        };
        vec_value(
            Some(take(conv_full(x.data(), y.data()), start, len)),
            vec![],
            row,
        )
    } else {
        vec_value(None, take(conv_full(&to_c(na), &to_c(nb)), start, len), row)
    }])
}

/// deconv: deconvolution and polynomial division.
///
/// `[q, r] = deconv(y, a)` divides the polynomial y by a: q is the quotient
/// and r the remainder, with y = conv(a, q) + r. r has the size of y.
///
/// ```text
/// >> [q, r] = deconv([1 0 -1], [1 1])
/// q =
///
///    1  -1
///
/// r =
///
///    0   0   0
/// >> [q, r] = deconv([1 2 3], [1 1])
/// q =
///
///    1   1
///
/// r =
///
///    0   0   2
/// ```
pub fn deconv(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 2, "deconv")?;
    check_nargs(&args, 2, 2, "deconv")?;
    let (yv, av) = (&args[0], &args[1]);
    if !(yv.dims().is_vector() && av.dims().is_vector()) {
        return Err(Error::new("deconv: Y and A must be vectors"));
    }
    let y = real_arg(yv, "deconv")?;
    let a = real_arg(av, "deconv")?;
    let (ly, la) = (y.numel(), a.numel());
    let (yd, ad) = (y.data(), a.data());
    let (b, r) = if ly < la || la == 0 {
        (Value::num(0.0), yd.to_vec())
    } else {
        if ad[0] == 0.0 {
            return Err(Error::new("filter: the first element of A must be nonzero"));
        }
        let lb = ly - la + 1;
        let mut q = vec![0.0; lb];
        for k in 0..lb {
            let mut s = yd[k];
            for i in 1..la.min(k + 1) {
                s -= ad[i] * q[k - i];
            }
            q[k] = s / ad[0];
        }
        let c = conv_full(ad, &q);
        let r: Vec<f64> = (0..ly)
            .map(|k| {
                if k < lb {
                    0.0
                } else {
                    yd[k] - c.get(k).copied().unwrap_or(0.0)
                }
            })
            .collect();
        // Quotient shape: size(y) - size(a) + 1 after aligning orientations.
        let bv = if y.dims().is_row() {
            Value::row(q)
        } else {
            Value::col(q)
        };
        (bv, r)
    };
    let mut out = vec![b];
    if ctx.nargout >= 2 {
        out.push(Value::Num(Array::new(y.dims().clone(), r)));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::test_call as call;
    use super::*;

    #[test]
    fn conv_shapes() {
        let r = call(
            conv,
            vec![Value::col(vec![1.0, 2.0]), Value::row(vec![1.0, 2.0, 3.0])],
            1,
        );
        assert_eq!(r[0], Value::row(vec![1.0, 4.0, 7.0, 6.0]));
        let r = call(
            conv,
            vec![Value::row(vec![1.0, 2.0]), Value::col(vec![1.0, 2.0, 3.0])],
            1,
        );
        assert_eq!(r[0], Value::col(vec![1.0, 4.0, 7.0, 6.0]));
        let r = call(
            conv,
            vec![
                Value::row(vec![1.0, 2.0]),
                Value::col(vec![1.0, 2.0, 3.0]),
                Value::str("same"),
            ],
            1,
        );
        assert_eq!(r[0], Value::row(vec![4.0, 7.0]));
        let r = call(
            conv,
            vec![
                Value::row(vec![1.0, 2.0, 3.0, 4.0, 5.0]),
                Value::row(vec![1.0; 3]),
                Value::str("valid"),
            ],
            1,
        );
        assert_eq!(r[0], Value::row(vec![6.0, 9.0, 12.0]));
        let r = call(
            conv,
            vec![
                Value::row(vec![1.0, 2.0]),
                Value::row(vec![1.0; 4]),
                Value::str("valid"),
            ],
            1,
        );
        assert_eq!(r[0].dims().as_slice(), &[1, 0]);
    }

    #[test]
    fn deconv_quotient_remainder() {
        let r = call(
            deconv,
            vec![
                Value::row(vec![1.0, 2.0, 3.0, 4.0]),
                Value::row(vec![1.0, 1.0]),
            ],
            2,
        );
        assert_eq!(r[0], Value::row(vec![1.0, 1.0, 2.0]));
        assert_eq!(r[1], Value::row(vec![0.0, 0.0, 0.0, 2.0]));
        let r = call(
            deconv,
            vec![
                Value::row(vec![1.0, 2.0, 3.0]),
                Value::row(vec![2.0, 4.0, 6.0, 8.0]),
            ],
            2,
        );
        assert_eq!(r[0], Value::num(0.0));
    }

    #[test]
    fn trapz_and_cumtrapz() {
        assert_eq!(
            call(trapz, vec![Value::row(vec![1.0, 2.0, 3.0])], 1)[0],
            Value::num(4.0)
        );
        let r = call(
            trapz,
            vec![
                Value::row(vec![0.0, 1.0, 3.0]),
                Value::row(vec![0.0, 1.0, 9.0]),
            ],
            1,
        );
        assert_eq!(r[0], Value::num(10.5));
        let r = call(cumtrapz, vec![Value::row(vec![1.0, 2.0, 3.0])], 1);
        assert_eq!(r[0], Value::row(vec![0.0, 1.5, 4.0]));
    }

    #[test]
    fn matrices_and_columns() {
        let a = Value::matrix(2, 2, vec![1.0, 3.0, 2.0, 4.0]);
        assert_eq!(
            call(trapz, vec![a.clone()], 1)[0],
            Value::row(vec![2.0, 3.0])
        );
        assert_eq!(
            call(trapz, vec![a.clone(), Value::num(2.0)], 1)[0],
            Value::col(vec![1.5, 3.5])
        );
        assert_eq!(
            call(cumtrapz, vec![a], 1)[0],
            Value::matrix(2, 2, vec![0.0, 2.0, 0.0, 3.0])
        );
        assert_eq!(
            call(
                trapz,
                vec![Value::num(0.5), Value::row(vec![1.0, 2.0, 3.0])],
                1
            )[0],
            Value::num(2.0)
        );
        let r = call(
            deconv,
            vec![Value::col(vec![1.0, 5.0, 6.0]), Value::row(vec![1.0, 2.0])],
            2,
        );
        assert_eq!(r[0], Value::col(vec![1.0, 3.0]));
        assert_eq!(r[1], Value::col(vec![0.0, 0.0, 0.0]));
    }

    #[test]
    fn conv_rounding_matches_octave() {
        let x = Value::row(vec![3.0, 5.0, 7.0, 6.0, 8.0, 12.0, 11.0, 9.0, 10.0, 14.0]);
        let w = Value::row(vec![1.0 / 3.0; 3]);
        let r = call(conv, vec![x, w, Value::str("valid")], 1);
        match &r[0] {
            Value::Num(a) => assert_eq!(a.data()[2], 6.999999999999999),
            _ => panic!("not numeric"),
        }
    }
}
