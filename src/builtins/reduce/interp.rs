//! interp1: 1-D interpolation (linear, nearest, previous, next, spline,
//! pchip) with NaN or a given value outside the data range, or 'extrap';
//! complex values as their two parts; the interpolant as a pp-form
//! (`'pp'`); at a jump (a repeated x) the right value, or the left one.

use super::pp::Pp;
use super::{check_nargout, opt_str, real_arg};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Value};

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Method {
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
pub(super) fn slopes(x: &[f64], y: &[f64], method: Method) -> Vec<f64> {
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
        Method::Spline | Method::Pchip => hermite_piece(x, y, d, i, v),
    }
}

/// Linear interpolation over sorted `x` with repeated values (jumps): the
/// piece starting at the last `x` not above `v` (with `left`, the piece
/// ending at the first `x` not below `v`), the end pieces extended.
fn linear_at_jumps(x: &[f64], y: &[f64], v: f64, left: bool) -> f64 {
    let n = x.len();
    let e = if left {
        x.partition_point(|&t| t < v)
    } else {
        x.partition_point(|&t| t <= v)
    };
    // At a given x: its last value (the first with `left`).
    let at = if left { e } else { e.wrapping_sub(1) };
    if x.get(at) == Some(&v) {
        return y[at];
    }
    let (mut s, mut e) = (e.clamp(1, n - 1) - 1, e.clamp(1, n - 1));
    // A zero-length piece can only be reached at an end: step inward.
    while x[s] == x[e] && s > 0 && e == n - 1 {
        s -= 1;
        e -= 1;
    }
    while x[s] == x[e] && e < n - 1 {
        s += 1;
        e += 1;
    }
    y[s] + (v - x[s]) / (x[e] - x[s]) * (y[e] - y[s])
}

/// The options after the numbers: a method, `'extrap'` or a fill value,
/// `'pp'`, and `'left'`/`'right'` (which side of a jump a repeated x takes).
struct Opts {
    method: Method,
    /// The method as given (for messages).
    name: String,
    extrap: Extrap,
    pp: bool,
    left: bool,
}

fn options(rest: &[Value]) -> Result<Opts> {
    let mut o = Opts {
        method: Method::Linear,
        name: "linear".into(),
        extrap: Extrap::Fill(f64::NAN),
        pp: false,
        left: false,
    };
    let mut method_seen = false;
    for v in rest {
        let Some(s) = opt_str(v) else {
            if v.is_char() {
                return Err(Error::new("interp1: EXTRAP must be a scalar or 'extrap'"));
            }
            o.extrap = Extrap::Fill(v.scalar_f64("interp1")?);
            continue;
        };
        let bare = s.trim_start_matches('*');
        let method = match bare {
            "linear" => Some(Method::Linear),
            "nearest" => Some(Method::Nearest),
            "previous" => Some(Method::Previous),
            "next" => Some(Method::Next),
            "spline" => Some(Method::Spline),
            "pchip" | "cubic" => Some(Method::Pchip),
            _ => None,
        };
        match (method, bare) {
            (Some(m), _) if !method_seen => {
                o.method = m;
                o.name = bare.to_string();
                method_seen = true;
            }
            (_, "extrap") => o.extrap = Extrap::Extrap,
            (_, "pp") => o.pp = true,
            (_, "left") => o.left = true,
            (_, "right") => o.left = false,
            _ if method_seen => {
                return Err(Error::new("interp1: EXTRAP must be a scalar or 'extrap'"))
            }
            _ => return Err(Error::new(format!("interp1: invalid METHOD '{s}'"))),
        }
    }
    Ok(o)
}

/// The pp-form of the interpolant of each column of `ys` over the sorted,
/// distinct `x`: linear pieces (order 2), constant ones (nearest between
/// midpoints, previous and next), or cubic ones (spline, pchip); beyond
/// the ends it extends as `'extrap'` does.
fn pp_form(x: &[f64], ys: &[Vec<f64>], method: Method) -> Pp {
    let n = x.len();
    let nc = ys.len();
    let (breaks, order): (Vec<f64>, usize) = match method {
        Method::Linear => (x.to_vec(), 2),
        Method::Spline | Method::Pchip => (x.to_vec(), 4),
        Method::Nearest => {
            let mut b = vec![x[0]];
            b.extend(x.windows(2).map(|w| 0.5 * (w[0] + w[1])));
            b.push(x[n - 1]);
            (b, 1)
        }
        Method::Previous => {
            let mut b = x.to_vec();
            b.push(2.0 * x[n - 1] - x[n - 2]);
            (b, 1)
        }
        Method::Next => {
            // Descending breaks: pieces closed on the right, so a knot takes
            // its own value and the points after it the next one.
            let mut b: Vec<f64> = x.iter().rev().copied().collect();
            b.push(2.0 * x[0] - x[1]);
            (b, 1)
        }
    };
    let pieces = breaks.len() - 1;
    let rows = pieces * nc;
    let mut coefs = vec![0.0; rows * order];
    for (j, y) in ys.iter().enumerate() {
        let d = match method {
            Method::Spline | Method::Pchip => slopes(x, y, method),
            _ => Vec::new(),
        };
        for p in 0..pieces {
            let row = p * nc + j;
            let c: Vec<f64> = match method {
                Method::Linear => vec![(y[p + 1] - y[p]) / (x[p + 1] - x[p]), y[p]],
                Method::Nearest | Method::Previous => vec![y[p]],
                Method::Next => vec![y[n - 1 - p]],
                Method::Spline | Method::Pchip => {
                    let h = x[p + 1] - x[p];
                    let del = (y[p + 1] - y[p]) / h;
                    vec![
                        (d[p] - 2.0 * del + d[p + 1]) / (h * h),
                        (3.0 * del - 2.0 * d[p] - d[p + 1]) / h,
                        d[p],
                        y[p],
                    ]
                }
            };
            for (k, v) in c.into_iter().enumerate() {
                coefs[row + k * rows] = v;
            }
        }
    }
    Pp {
        breaks,
        coefs,
        pieces,
        order,
        dim: vec![nc],
        orient_first: nc > 1,
    }
}

/// interp1: one-dimensional interpolation.
///
/// `yi = interp1(x, y, xi)` returns the values at the points xi of the
/// piecewise linear function through the points (x, y); x must be distinct
/// (it is sorted if need be). Points outside the range of x give NaN. When
/// y is a matrix, each column is interpolated.
///
/// `yi = interp1(y, xi)` takes x = 1:n.
///
/// `yi = interp1(x, y, xi, method)` chooses the method: 'linear' (the
/// default), 'nearest', 'previous', 'next', 'pchip' (shape-preserving
/// cubic), 'cubic' or 'spline'.
///
/// `yi = interp1(..., method, 'extrap')` extrapolates outside the range;
/// `interp1(..., method, v)` puts the value v there instead of NaN.
///
/// ```text
/// >> interp1([1 2 3], [10 20 30], 2.5)
/// ans = 25
/// >> interp1([1 2 3], [10 20 15], [1.5 2.5], 'nearest')
/// ans =
///
///    20   15
/// >> interp1([1 2 3], [10 20 30], [0 4], 'linear', 'extrap')
/// ans =
///
///     0   40
/// ```
pub fn interp1(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "interp1")?;
    let nnum = args.iter().take_while(|v| !v.is_char()).count();
    if !(1..=3).contains(&nnum) || args.len() > nnum + 3 {
        return Err(Error::nargin("interp1"));
    }
    let o = options(&args[nnum..])?;
    // The numbers are (y, xi) or (x, y, xi); with 'pp' there is no xi.
    let data = nnum - usize::from(!o.pp);
    if !(1..=2).contains(&data) {
        return Err(Error::nargin("interp1"));
    }
    // Complex values interpolate as their real and imaginary parts.
    let yk = data - 1;
    if args[yk].is_complex() && !o.pp {
        let mut part = |im: bool| -> Result<Value> {
            let mut a = args.clone();
            let z = args[yk].to_complex_array("interp1")?;
            a[yk] = Value::Num(z.map(|c| if im { c.im } else { c.re }));
            if im {
                // A real fill value has no imaginary part (NaN stays NaN).
                for v in a[nnum..].iter_mut() {
                    if !v.is_char() {
                        let f = v.to_complex_array("interp1")?;
                        let f = f.data().first().copied().unwrap_or_default();
                        *v = Value::num(if f.re.is_nan() { f64::NAN } else { f.im });
                    }
                }
            }
            let r = interp1(ctx, a)?;
            r.into_iter()
                .next()
                .ok_or_else(|| Error::new("interp1: no result"))
        };
        let (re, im) = (part(false)?, part(true)?);
        let (re, im) = (re.to_num_array("interp1")?, im.to_num_array("interp1")?);
        let data = re
            .data()
            .iter()
            .zip(im.data())
            .map(|(&r, &i)| crate::value::C64::new(r, i))
            .collect();
        return Ok(vec![Value::Complex(Array::new(re.dims().clone(), data))]);
    }
    let method = o.method;
    let extrap = o.extrap;
    let y = real_arg(&args[yk], "interp1")?;
    let xa = if data == 1 {
        let n = if y.dims().is_vector() {
            y.numel()
        } else {
            y.rows()
        };
        Array::col((1..=n).map(|v| v as f64).collect())
    } else {
        real_arg(&args[0], "interp1")?
    };
    let (ya, xi) = if o.pp {
        (y, Array::empty_with(Dims::mat(0, 0)))
    } else {
        (y, real_arg(&args[data], "interp1")?)
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
    if has_jumps && !matches!(method, Method::Linear | Method::Nearest | Method::Previous) {
        return Err(Error::new(format!(
            "interp1: discontinuities not supported for METHOD '{}'",
            o.name
        )));
    }
    // Each column with the repeated x of a jump reduced to one side: the
    // right (later) value by default, the left with 'left'.
    let keep: Vec<usize> = if has_jumps {
        (0..n)
            .filter(|&i| {
                if o.left {
                    i == 0 || x[i] != x[i - 1]
                } else {
                    i + 1 == n || x[i] != x[i + 1]
                }
            })
            .collect()
    } else {
        (0..n).collect()
    };
    let keep = if keep.len() < 2 {
        (0..n).collect()
    } else {
        keep
    };
    let xs: Vec<f64> = keep.iter().map(|&i| x[i]).collect();
    let columns: Vec<Vec<f64>> = (0..nc)
        .map(|c| keep.iter().map(|&i| ya.data()[order[i] + c * n]).collect())
        .collect();
    if o.pp {
        return Ok(vec![pp_form(&xs, &columns, method).to_value()]);
    }
    let m = xi.numel();
    let mut out = Vec::with_capacity(m * nc);
    let jumps_linear = has_jumps && method == Method::Linear;
    if jumps_linear {
        // Linear pieces between the points as they are, a jump where x
        // repeats: its right value there (the left one with 'left').
        for c in 0..nc {
            let y: Vec<f64> = order.iter().map(|&i| ya.data()[i + c * n]).collect();
            let (lo, hi) = (x[0], x[n - 1]);
            for &v in xi.data() {
                out.push(match extrap {
                    _ if v.is_nan() => f64::NAN,
                    Extrap::Fill(f) if v < lo || v > hi => f,
                    _ => linear_at_jumps(&x, &y, v, o.left),
                });
            }
        }
    }
    for ys in columns.iter().filter(|_| !jumps_linear) {
        let d = match method {
            Method::Spline | Method::Pchip => slopes(&xs, ys, method),
            _ => Vec::new(),
        };
        let (lo, hi) = (xs[0], xs[xs.len() - 1]);
        for &v in xi.data() {
            out.push(if v.is_nan() {
                f64::NAN
            } else if v < lo || v > hi {
                match extrap {
                    Extrap::Fill(f) => f,
                    Extrap::Extrap => eval_one(&xs, ys, &d, method, v),
                }
            } else {
                eval_one(&xs, ys, &d, method, v)
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

/// The cubic Hermite piece on interval `i` through (x, y) with slopes d,
/// at v (interp1's spline and pchip, interp2's spline).
pub(super) fn hermite_piece(x: &[f64], y: &[f64], d: &[f64], i: usize, v: f64) -> f64 {
    let h = x[i + 1] - x[i];
    let t = v - x[i];
    let del = (y[i + 1] - y[i]) / h;
    let c = (3.0 * del - 2.0 * d[i] - d[i + 1]) / h;
    let b = (d[i] - 2.0 * del + d[i + 1]) / (h * h);
    y[i] + t * (d[i] + t * (c + t * b))
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
