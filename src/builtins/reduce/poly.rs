//! Polynomials and numerical integration: trapz, cumtrapz, conv, deconv,
//! polyfit (Householder QR least squares), polyval. interp1 lives in
//! `interp`.

use super::{
    check_nargout, check_nargs, default_dim, map_lanes, num_arg, opt_str, parse_dim, real_arg, Num,
};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Struct, Value, C64};

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

/// Least-squares solution of A x = b (A is m x n column-major) by Householder
/// QR. Returns (x, R) with R the n x n (or m x n when m < n) upper factor.
pub(crate) fn lstsq(a: &[f64], m: usize, n: usize, b: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let mut a = a.to_vec();
    let mut b = b.to_vec();
    let steps = n.min(m);
    for k in 0..steps {
        let norm: f64 = (k..m)
            .map(|i| a[i + k * m] * a[i + k * m])
            .sum::<f64>()
            .sqrt();
        if norm == 0.0 {
            continue;
        }
        let alpha = if a[k + k * m] > 0.0 { -norm } else { norm };
        let mut v: Vec<f64> = (k..m).map(|i| a[i + k * m]).collect();
        v[0] -= alpha;
        let vv: f64 = v.iter().map(|x| x * x).sum();
        if vv == 0.0 {
            continue;
        }
        for j in k..n {
            let d: f64 = (k..m).map(|i| v[i - k] * a[i + j * m]).sum::<f64>() * 2.0 / vv;
            for i in k..m {
                a[i + j * m] -= d * v[i - k];
            }
        }
        let d: f64 = (k..m).map(|i| v[i - k] * b[i]).sum::<f64>() * 2.0 / vv;
        for i in k..m {
            b[i] -= d * v[i - k];
        }
    }
    let mut x = vec![0.0; n];
    for k in (0..steps).rev() {
        let mut s = b[k];
        for j in k + 1..n {
            s -= a[k + j * m] * x[j];
        }
        let d = a[k + k * m];
        x[k] = if d == 0.0 { 0.0 } else { s / d };
    }
    let rr = steps;
    let mut r = vec![0.0; rr * n];
    for j in 0..n {
        for i in 0..rr.min(j + 1) {
            r[i + j * rr] = a[i + j * m];
        }
    }
    (x, r)
}

pub fn polyfit(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 3, "polyfit")?;
    check_nargs(&args, 3, 3, "polyfit")?;
    let mut x = real_arg(&args[0], "polyfit")?.into_vec();
    let y = real_arg(&args[1], "polyfit")?.into_vec();
    if x.len() != y.len() {
        return Err(Error::new(
            "polyfit: X and Y must have the same number of points",
        ));
    }
    let nd = args[2]
        .scalar_f64("polyfit")
        .ok()
        .filter(|&n| n >= 0.0 && n.is_finite() && n.fract() == 0.0);
    let Some(nd) = nd else {
        return Err(Error::new("polyfit: N must be a non-negative integer"));
    };
    let m = x.len();
    let k = nd as usize + 1;
    if k > m.max(1) * 64 + 64 {
        return Err(Error::new("polyfit: N is too large"));
    }
    let mut mu = None;
    if ctx.nargout >= 3 {
        let mean = x.iter().sum::<f64>() / m as f64;
        let sd = (x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (m as f64 - 1.0)).sqrt();
        for v in x.iter_mut() {
            *v = (*v - mean) / sd;
        }
        mu = Some(Value::col(vec![mean, sd]));
    }
    if k > m {
        crate::error::warn(
            "polyfit: degree of polynomial N is >= number of data points; solution is not unique",
        );
    }
    let mut a = vec![0.0; m * k];
    for (i, &xv) in x.iter().enumerate() {
        let mut p = 1.0;
        for j in (0..k).rev() {
            a[i + j * m] = p;
            p *= xv;
        }
    }
    let (p, r) = lstsq(&a, m, k, &y);
    let mut out = vec![Value::row(p.clone())];
    if ctx.nargout >= 2 {
        let fit = polyval_real(&p, &x);
        let normr = fit
            .iter()
            .zip(&y)
            .map(|(f, y)| (y - f) * (y - f))
            .sum::<f64>()
            .sqrt();
        let rr = k.min(m);
        let mut s = Struct::default();
        s.set("R", Value::Num(Array::new(Dims::mat(rr, k), r)));
        s.set("df", Value::num(m.saturating_sub(k) as f64));
        s.set("normr", Value::num(normr));
        out.push(Value::Struct(Box::new(s)));
    }
    if let Some(mu) = mu {
        out.push(mu);
    }
    Ok(out)
}

fn polyval_real(p: &[f64], x: &[f64]) -> Vec<f64> {
    x.iter()
        .map(|&v| p.iter().fold(0.0, |acc, &c| acc * v + c))
        .collect()
}

pub fn polyval(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "polyval")?;
    check_nargs(&args, 2, 4, "polyval")?;
    let (p, x) = (&args[0], &args[1]);
    if !(p.is_numeric() || matches!(p, Value::Bool(_))) || (!p.dims().is_vector() && !p.is_empty())
    {
        return Err(Error::new(
            "polyval: P must be a numeric floating point vector",
        ));
    }
    if !x.is_numeric() {
        return Err(Error::new("polyval: X must be numeric floating point"));
    }
    let dims = x.dims();
    let mut xs = num_arg(x, "polyval")?;
    if let Some(muv) = args.get(3) {
        let mu = real_arg(muv, "polyval")?;
        if mu.numel() < 2 {
            return Err(Error::new(
                "polyval: MU must be numeric floating point with 2 values",
            ));
        }
        let (m0, m1) = (mu.data()[0], mu.data()[1]);
        xs = match xs {
            Num::Real(a) => Num::Real(a.map(|&v| (v - m0) / m1)),
            Num::Cplx(a) => Num::Cplx(a.map(|&v| (v - m0) / m1)),
        };
    }
    let out = match (num_arg(p, "polyval")?, xs) {
        (Num::Real(pa), Num::Real(xa)) => {
            Value::Num(Array::new(dims, polyval_real(pa.data(), xa.data())))
        }
        (pn, xn) => {
            let pc = to_c(pn);
            let xc = to_c(xn);
            let v: Vec<C64> = xc
                .iter()
                .map(|&v| pc.iter().fold(C64::new(0.0, 0.0), |acc, &c| acc * v + c))
                .collect();
            Value::Complex(Array::new(dims, v)).narrowed()
        }
    };
    Ok(vec![out])
}

#[cfg(test)]
mod tests {
    use super::super::test_call as call;
    use super::*;

    fn close(v: &Value, want: &[f64]) {
        match v {
            Value::Num(a) => {
                assert_eq!(a.numel(), want.len(), "{v:?}");
                for (x, y) in a.data().iter().zip(want) {
                    assert!((x - y).abs() < 1e-9, "{v:?} vs {want:?}");
                }
            }
            _ => panic!("not real: {v:?}"),
        }
    }

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
    fn trapz_and_polyfit() {
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
        let r = call(
            polyfit,
            vec![
                Value::row(vec![1.0, 2.0, 3.0, 4.0]),
                Value::row(vec![1.0, 4.0, 9.0, 16.0]),
                Value::num(2.0),
            ],
            1,
        );
        close(&r[0], &[1.0, 0.0, 0.0]);
        let r = call(
            polyval,
            vec![
                Value::row(vec![1.0, 2.0, 3.0]),
                Value::row(vec![0.0, 1.0, -1.0]),
            ],
            1,
        );
        assert_eq!(r[0], Value::row(vec![3.0, 6.0, 2.0]));
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
        let r = call(
            polyfit,
            vec![
                Value::row(vec![1.0, 2.0, 3.0]),
                Value::row(vec![2.0, 4.0, 6.0]),
                Value::num(1.0),
            ],
            1,
        );
        close(&r[0], &[2.0, 0.0]);
        assert_eq!(
            call(polyval, vec![Value::empty(), Value::num(3.0)], 1)[0],
            Value::num(0.0)
        );
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

    #[test]
    fn polyfit_line_matches_octave() {
        let t = Value::row(vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        let y = Value::row(vec![1.1, 2.9, 5.2, 7.1, 8.8, 11.2]);
        let r = call(polyfit, vec![t, y, Value::num(1.0)], 1);
        close(&r[0], &[2.002857142857143, 1.0428571428571434]);
    }
}
