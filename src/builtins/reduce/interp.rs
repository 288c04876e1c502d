//! interp1: 1-D interpolation (linear, nearest, previous, next, spline,
//! pchip) with NaN or a given value outside the data range, or 'extrap'.

use super::{check_nargout, opt_str, real_arg};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Value};

#[derive(Clone, Copy, PartialEq)]
enum Method {
    Linear,
    Nearest,
    Previous,
    Next,
    Spline,
    Pchip,
}

enum Extrap {
    Fill(f64),
    Extrap,
}

/// Index i of the interval [x_i, x_{i+1}] holding v (clamped to the ends).
fn interval(x: &[f64], v: f64) -> usize {
    let n = x.len();
    // partition_point: first index with x > v.
    let p = x.partition_point(|&xi| xi <= v);
    p.saturating_sub(1).min(n.saturating_sub(2))
}

fn sign(v: f64) -> f64 {
    if v > 0.0 {
        1.0
    } else if v < 0.0 {
        -1.0
    } else {
        0.0
    }
}

/// Spline (not-a-knot) or pchip derivatives at the knots.
fn slopes(x: &[f64], y: &[f64], method: Method) -> Vec<f64> {
    let n = x.len();
    let h: Vec<f64> = x.windows(2).map(|w| w[1] - w[0]).collect();
    let del: Vec<f64> = (0..n - 1).map(|i| (y[i + 1] - y[i]) / h[i]).collect();
    if n == 2 {
        return vec![del[0]; 2];
    }
    if method == Method::Pchip {
        let mut d = vec![0.0; n];
        for k in 1..n - 1 {
            if del[k - 1] * del[k] > 0.0 {
                let w1 = 2.0 * h[k] + h[k - 1];
                let w2 = h[k] + 2.0 * h[k - 1];
                d[k] = (w1 + w2) / (w1 / del[k - 1] + w2 / del[k]);
            }
        }
        let end = |h0: f64, h1: f64, d0: f64, d1: f64| {
            let mut s = ((2.0 * h0 + h1) * d0 - h0 * d1) / (h0 + h1);
            if sign(s) != sign(d0) {
                s = 0.0;
            } else if sign(d0) != sign(d1) && s.abs() > (3.0 * d0).abs() {
                s = 3.0 * d0;
            }
            s
        };
        d[0] = end(h[0], h[1], del[0], del[1]);
        d[n - 1] = end(h[n - 2], h[n - 3], del[n - 2], del[n - 3]);
        return d;
    }
    if n == 3 {
        // Not-a-knot with three points: the interpolating parabola.
        let c = (del[1] - del[0]) / (x[2] - x[0]);
        return (0..3)
            .map(|i| del[0] + c * (2.0 * x[i] - x[0] - x[1]))
            .collect();
    }
    // Tridiagonal system for not-a-knot end conditions (as MATLAB spline).
    let mut sub = vec![0.0; n];
    let mut diag = vec![0.0; n];
    let mut sup = vec![0.0; n];
    let mut r = vec![0.0; n];
    diag[0] = h[1];
    sup[0] = h[0] + h[1];
    r[0] = ((h[0] + 2.0 * sup[0]) * h[1] * del[0] + h[0] * h[0] * del[1]) / sup[0];
    for k in 1..n - 1 {
        sub[k] = h[k];
        diag[k] = 2.0 * (h[k - 1] + h[k]);
        sup[k] = h[k - 1];
        r[k] = 3.0 * (h[k] * del[k - 1] + h[k - 1] * del[k]);
    }
    let s = h[n - 2] + h[n - 3];
    sub[n - 1] = s;
    diag[n - 1] = h[n - 3];
    r[n - 1] =
        (h[n - 2] * h[n - 2] * del[n - 3] + (2.0 * s + h[n - 2]) * h[n - 3] * del[n - 2]) / s;
    // Thomas algorithm.
    for k in 1..n {
        let m = sub[k] / diag[k - 1];
        diag[k] -= m * sup[k - 1];
        r[k] -= m * r[k - 1];
    }
    let mut d = vec![0.0; n];
    d[n - 1] = r[n - 1] / diag[n - 1];
    for k in (0..n - 1).rev() {
        d[k] = (r[k] - sup[k] * d[k + 1]) / diag[k];
    }
    d
}

fn eval_one(x: &[f64], y: &[f64], d: &[f64], method: Method, v: f64) -> f64 {
    let n = x.len();
    let i = interval(x, v);
    match method {
        Method::Linear => {
            let t = (v - x[i]) / (x[i + 1] - x[i]);
            if v == x[i + 1] {
                y[i + 1]
            } else {
                y[i] + t * (y[i + 1] - y[i])
            }
        }
        Method::Nearest => {
            let mid = 0.5 * (x[i] + x[i + 1]);
            if v >= mid {
                y[i + 1]
            } else {
                y[i]
            }
        }
        Method::Previous => {
            if v >= x[n - 1] {
                y[n - 1]
            } else if v < x[0] {
                y[0]
            } else {
                y[i]
            }
        }
        Method::Next => {
            if v <= x[0] {
                y[0]
            } else if v == x[i] {
                y[i]
            } else {
                y[i + 1]
            }
        }
        Method::Spline | Method::Pchip => {
            let h = x[i + 1] - x[i];
            let t = v - x[i];
            let del = (y[i + 1] - y[i]) / h;
            let c = (3.0 * del - 2.0 * d[i] - d[i + 1]) / h;
            let b = (d[i] - 2.0 * del + d[i + 1]) / (h * h);
            y[i] + t * (d[i] + t * (c + t * b))
        }
    }
}

pub fn interp1(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "interp1")?;
    let nnum = args.iter().take_while(|v| !v.is_char()).count();
    if !(2..=3).contains(&nnum) || args.len() > nnum + 2 {
        return Err(Error::nargin("interp1"));
    }
    let mut method = Method::Linear;
    let mut extrap = Extrap::Fill(f64::NAN);
    let rest = &args[nnum..];
    if let Some(m) = rest.first() {
        let s = opt_str(m).unwrap_or_default();
        let s = s.trim_start_matches('*');
        method = match s {
            "linear" => Method::Linear,
            "nearest" => Method::Nearest,
            "previous" => Method::Previous,
            "next" => Method::Next,
            "spline" => Method::Spline,
            "pchip" | "cubic" => Method::Pchip,
            "extrap" => {
                extrap = Extrap::Extrap;
                Method::Linear
            }
            _ => return Err(Error::new(format!("interp1: invalid METHOD '{s}'"))),
        };
    }
    if let Some(e) = rest.get(1) {
        extrap = match opt_str(e).as_deref() {
            Some("extrap") => Extrap::Extrap,
            Some(_) => return Err(Error::new("interp1: EXTRAP must be a scalar or 'extrap'")),
            None => Extrap::Fill(e.scalar_f64("interp1")?),
        };
    }
    let (xa, ya, xi) = if nnum == 2 {
        let y = real_arg(&args[0], "interp1")?;
        let n = if y.dims().is_vector() {
            y.numel()
        } else {
            y.rows()
        };
        (
            Array::col((1..=n).map(|v| v as f64).collect()),
            y,
            real_arg(&args[1], "interp1")?,
        )
    } else {
        (
            real_arg(&args[0], "interp1")?,
            real_arg(&args[1], "interp1")?,
            real_arg(&args[2], "interp1")?,
        )
    };
    let n = xa.numel();
    let y_vec = ya.dims().is_vector();
    let (ny, nc) = if y_vec {
        (ya.numel(), 1)
    } else {
        (ya.rows(), ya.dims().trailing())
    };
    if !xa.dims().is_vector() || ny != n {
        return Err(Error::new("interp1: length of X and Y must match"));
    }
    if n < 2 {
        return Err(Error::new(
            "interp1: minimum of 2 points required in each dimension",
        ));
    }
    // Sort x ascending (stable), permuting y rows alike.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| xa.data()[i].total_cmp(&xa.data()[j]));
    let x: Vec<f64> = order.iter().map(|&i| xa.data()[i]).collect();
    if x.iter().any(|v| v.is_nan()) {
        return Err(Error::new("interp1: X must not contain NaN values"));
    }
    let has_jumps = x.windows(2).any(|w| w[0] == w[1]);
    if has_jumps
        && !matches!(
            method,
            Method::Linear | Method::Nearest | Method::Previous | Method::Next
        )
    {
        return Err(Error::new(
            "interp1: discontinuities not supported for METHOD 'spline'",
        ));
    }
    let m = xi.numel();
    let mut out = Vec::with_capacity(m * nc);
    for c in 0..nc {
        let y: Vec<f64> = order.iter().map(|&i| ya.data()[i + c * n]).collect();
        // Right-continuous at repeated x: drop the left of each duplicate pair.
        let (xs, ys): (Vec<f64>, Vec<f64>) = if has_jumps {
            let keep: Vec<usize> = (0..n).filter(|&i| i + 1 == n || x[i] != x[i + 1]).collect();
            if keep.len() < 2 {
                (x.clone(), y.clone())
            } else {
                (
                    keep.iter().map(|&i| x[i]).collect(),
                    keep.iter().map(|&i| y[i]).collect(),
                )
            }
        } else {
            (x.clone(), y)
        };
        let d = match method {
            Method::Spline | Method::Pchip => slopes(&xs, &ys, method),
            _ => Vec::new(),
        };
        let (lo, hi) = (xs[0], xs[xs.len() - 1]);
        for &v in xi.data() {
            out.push(if v.is_nan() {
                f64::NAN
            } else if v < lo || v > hi {
                match extrap {
                    Extrap::Fill(f) => f,
                    Extrap::Extrap => eval_one(&xs, &ys, &d, method, v),
                }
            } else {
                eval_one(&xs, &ys, &d, method, v)
            });
        }
    }
    let dims = if nc == 1 && y_vec {
        xi.dims().clone()
    } else if xi.dims().is_vector() {
        Dims::mat(m, nc)
    } else {
        let mut d = xi.dims().as_slice().to_vec();
        d.push(nc);
        Dims::new(&d)
    };
    Ok(vec![Value::Num(Array::new(dims, out))])
}

#[cfg(test)]
mod tests {
    use super::super::test_call as call;
    use super::*;

    fn row(v: &[f64]) -> Value {
        Value::row(v.to_vec())
    }

    #[test]
    fn linear_orientation_and_range() {
        let r = call(
            interp1,
            vec![
                Value::col(vec![1.0, 2.0, 3.0]),
                Value::col(vec![2.0, 4.0, 8.0]),
                Value::col(vec![1.5, 2.5]),
            ],
            1,
        );
        assert_eq!(r[0], Value::col(vec![3.0, 6.0]));
        let r = call(
            interp1,
            vec![
                row(&[1.0, 2.0, 3.0]),
                row(&[10.0, 20.0, 30.0]),
                row(&[0.0, 2.5, 4.0]),
                Value::str("linear"),
                Value::str("extrap"),
            ],
            1,
        );
        assert_eq!(r[0], row(&[0.0, 25.0, 40.0]));
        let r = call(
            interp1,
            vec![
                row(&[1.0, 2.0, 3.0]),
                row(&[10.0, 20.0, 30.0]),
                row(&[0.0, 2.5]),
            ],
            1,
        );
        match &r[0] {
            Value::Num(a) => assert!(a.data()[0].is_nan() && a.data()[1] == 25.0),
            _ => panic!("not numeric"),
        }
    }

    #[test]
    fn other_methods() {
        let x = row(&[1.0, 2.0, 3.0]);
        let y = row(&[10.0, 20.0, 30.0]);
        let r = call(
            interp1,
            vec![
                x.clone(),
                y.clone(),
                row(&[1.4, 2.5, 3.0]),
                Value::str("nearest"),
            ],
            1,
        );
        assert_eq!(r[0], row(&[10.0, 30.0, 30.0]));
        let r = call(
            interp1,
            vec![
                x.clone(),
                y.clone(),
                row(&[1.5, 2.5, 3.0]),
                Value::str("previous"),
            ],
            1,
        );
        assert_eq!(r[0], row(&[10.0, 20.0, 30.0]));
        let r = call(
            interp1,
            vec![x, y, row(&[1.0, 1.5, 2.5, 3.0]), Value::str("next")],
            1,
        );
        assert_eq!(r[0], row(&[10.0, 20.0, 30.0, 30.0]));
        let xs = row(&[1.0, 2.0, 3.0, 4.0]);
        let ys = row(&[1.0, 8.0, 27.0, 64.0]);
        let r = call(
            interp1,
            vec![
                xs.clone(),
                ys.clone(),
                row(&[1.5, 2.5]),
                Value::str("spline"),
            ],
            1,
        );
        assert_eq!(r[0], row(&[3.375, 15.625]));
        let r = call(
            interp1,
            vec![xs, ys, row(&[1.5, 2.5]), Value::str("pchip")],
            1,
        );
        match &r[0] {
            Value::Num(a) => {
                assert!((a.data()[0] - 3.3462).abs() < 1e-4, "{a:?}");
                assert!((a.data()[1] - 15.6405).abs() < 1e-4, "{a:?}");
            }
            _ => panic!("not numeric"),
        }
    }

    #[test]
    fn matrix_y_and_unsorted_x() {
        let y = Value::matrix(3, 2, vec![10.0, 20.0, 30.0, 1.0, 2.0, 3.0]);
        let r = call(interp1, vec![row(&[1.0, 2.0, 3.0]), y, row(&[1.5, 2.5])], 1);
        assert_eq!(r[0], Value::matrix(2, 2, vec![15.0, 25.0, 1.5, 2.5]));
        let r = call(
            interp1,
            vec![
                row(&[3.0, 2.0, 1.0]),
                row(&[30.0, 20.0, 10.0]),
                Value::num(1.5),
            ],
            1,
        );
        assert_eq!(r[0], Value::num(15.0));
        let r = call(
            interp1,
            vec![
                row(&[1.0, 1.0, 3.0]),
                row(&[10.0, 20.0, 30.0]),
                Value::num(2.0),
            ],
            1,
        );
        assert_eq!(r[0], Value::num(25.0));
        let r = call(interp1, vec![row(&[10.0, 20.0, 30.0]), Value::num(1.5)], 1);
        assert_eq!(r[0], Value::num(15.0));
    }
}
