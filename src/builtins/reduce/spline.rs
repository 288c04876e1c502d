//! spline and pchip: cubic interpolants in pp-form (the struct `mkpp`
//! builds and `ppval` evaluates). `spline` uses not-a-knot end conditions,
//! or given end slopes when y has two more values than x (the complete
//! spline); `pchip` uses the shape-preserving Fritsch–Carlson slopes that
//! interp1's 'pchip' method uses.

use super::interp::{slopes, Method};
use super::pp::{self, Pp};
use super::{check_nargout, real_arg};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::{Array, Value, C64};

/// `f(x, y, xi)` of complex y: its real and imaginary parts interpolated
/// apart (both methods are linear in y once the sites are fixed for
/// spline; pchip's slopes are taken per part, as Octave does).
fn complex_parts(
    ctx: &mut Ctx,
    args: &[Value],
    who: &str,
    f: fn(&mut Ctx, Vec<Value>) -> Result<Vec<Value>>,
) -> Result<Vec<Value>> {
    let z = args[1].to_complex_array(who)?;
    let mut part = |im: bool| -> Result<Array<f64>> {
        let y = Value::Num(z.map(|c| if im { c.im } else { c.re }));
        let r = f(ctx, vec![args[0].clone(), y, args[2].clone()])?;
        r.into_iter()
            .next()
            .ok_or_else(|| Error::new(format!("{who}: no result")))?
            .to_num_array(who)
    };
    let (re, im) = (part(false)?, part(true)?);
    let data = re
        .data()
        .iter()
        .zip(im.data())
        .map(|(&r, &i)| C64::new(r, i))
        .collect();
    Ok(vec![Value::Complex(Array::new(re.dims().clone(), data))])
}

/// The data of a spline or pchip call: sorted distinct sites, the values
/// of each value dimension along them, the value dimensions, and the end
/// slopes of each value dimension when given (complete spline).
struct Data {
    x: Vec<f64>,
    ys: Vec<Vec<f64>>,
    dim: Vec<usize>,
    ends: Option<Vec<(f64, f64)>>,
}

fn data(xv: &Value, yv: &Value, who: &str, allow_ends: bool) -> Result<Data> {
    let xa = real_arg(xv, who)?;
    let ya = real_arg(yv, who)?;
    if !xa.dims().is_vector() && xa.numel() > 1 {
        return Err(Error::new(format!("{who}: X must be a vector")));
    }
    let n = xa.numel();
    if n < 2 {
        return Err(Error::new(format!("{who}: requires at least 2 points")));
    }
    // A vector y is one function; otherwise the last dimension runs along x.
    let (dim, ny): (Vec<usize>, usize) = if ya.dims().is_vector() || ya.numel() <= 1 {
        (vec![1], ya.numel())
    } else {
        let s = ya.dims().as_slice();
        let (last, lead) = s.split_last().unwrap_or((&0, &[]));
        (lead.to_vec(), *last)
    };
    let nd: usize = dim.iter().product();
    let with_ends = allow_ends && ny == n + 2;
    if ny != n && !with_ends {
        return Err(Error::new(format!("{who}: length of X and Y must match")));
    }
    let yd = ya.data();
    let mut order: Vec<usize> = (0..n).collect();
    let xd = xa.data();
    if xd.iter().any(|v| v.is_nan()) {
        return Err(Error::new(format!("{who}: X must not contain NaN")));
    }
    order.sort_by(|&a, &b| xd[a].total_cmp(&xd[b]));
    let x: Vec<f64> = order.iter().map(|&i| xd[i]).collect();
    if x.windows(2).any(|w| w[0] == w[1]) {
        return Err(Error::new(format!("{who}: X must be strictly monotonic")));
    }
    let off = usize::from(with_ends);
    let ys: Vec<Vec<f64>> = (0..nd)
        .map(|j| order.iter().map(|&i| yd[j + nd * (i + off)]).collect())
        .collect();
    let ends = with_ends.then(|| {
        (0..nd)
            .map(|j| (yd[j], yd[j + nd * (n + 1)]))
            .collect::<Vec<_>>()
    });
    Ok(Data { x, ys, dim, ends })
}

/// Knot slopes of the complete spline: the end slopes given, the inner
/// ones from the tridiagonal continuity equations (Thomas algorithm; the
/// system is diagonally dominant).
fn complete_slopes(x: &[f64], y: &[f64], d0: f64, dn: f64) -> Vec<f64> {
    let n = x.len();
    let mut d = vec![0.0; n];
    d[0] = d0;
    d[n - 1] = dn;
    if n == 2 {
        return d;
    }
    let h: Vec<f64> = x.windows(2).map(|w| w[1] - w[0]).collect();
    let del: Vec<f64> = (0..n - 1).map(|i| (y[i + 1] - y[i]) / h[i]).collect();
    let m = n - 2;
    let mut diag = vec![0.0; m];
    let mut r = vec![0.0; m];
    // Row i is knot k = i + 1: h[k] d[k-1] + 2(h[k-1]+h[k]) d[k] + h[k-1] d[k+1].
    for i in 0..m {
        let k = i + 1;
        diag[i] = 2.0 * (h[k - 1] + h[k]);
        r[i] = 3.0 * (h[k] * del[k - 1] + h[k - 1] * del[k]);
    }
    r[0] -= h[1] * d0;
    r[m - 1] -= h[n - 3] * dn;
    for i in 1..m {
        let k = i + 1;
        let f = h[k] / diag[i - 1];
        diag[i] -= f * h[k - 2];
        r[i] -= f * r[i - 1];
    }
    d[m] = r[m - 1] / diag[m - 1];
    for i in (0..m - 1).rev() {
        let k = i + 1;
        d[k] = (r[i] - h[k - 1] * d[k + 1]) / diag[i];
    }
    d
}

/// The pp-form of cubic pieces with the given knot slopes (Hermite form).
fn hermite(x: &[f64], ys: &[Vec<f64>], ds: &[Vec<f64>], dim: Vec<usize>) -> Pp {
    let pieces = x.len() - 1;
    let nd = ys.len();
    let rows = pieces * nd;
    let mut coefs = vec![0.0; rows * 4];
    for (j, (y, d)) in ys.iter().zip(ds).enumerate() {
        for p in 0..pieces {
            let h = x[p + 1] - x[p];
            let del = (y[p + 1] - y[p]) / h;
            let c = [
                (d[p] - 2.0 * del + d[p + 1]) / (h * h),
                (3.0 * del - 2.0 * d[p] - d[p + 1]) / h,
                d[p],
                y[p],
            ];
            for (k, v) in c.into_iter().enumerate() {
                coefs[p * nd + j + k * rows] = v;
            }
        }
    }
    Pp {
        breaks: x.to_vec(),
        coefs,
        pieces,
        order: 4,
        dim,
        orient_first: false,
    }
}

/// The not-a-knot spline through too few points for a cubic: the line
/// through two points (order 2) or the parabola through three (order 3,
/// one piece over the whole range), as MATLAB and Octave give.
fn low_order(x: &[f64], ys: &[Vec<f64>], dim: Vec<usize>) -> Pp {
    let nd = ys.len();
    let n = x.len();
    let order = n;
    let mut coefs = vec![0.0; nd * order];
    for (j, y) in ys.iter().enumerate() {
        let d1 = (y[1] - y[0]) / (x[1] - x[0]);
        let c: Vec<f64> = if n == 2 {
            vec![d1, y[0]]
        } else {
            let d2 = (y[2] - y[1]) / (x[2] - x[1]);
            let a = (d2 - d1) / (x[2] - x[0]);
            vec![a, d1 - a * (x[1] - x[0]), y[0]]
        };
        for (k, v) in c.into_iter().enumerate() {
            coefs[j + k * nd] = v;
        }
    }
    Pp {
        breaks: vec![x[0], x[n - 1]],
        coefs,
        pieces: 1,
        order,
        dim,
        orient_first: false,
    }
}

/// The pp-form, or its values at `args[2]` when given.
fn finish(ctx: &mut Ctx, pp: Pp, args: Vec<Value>) -> Result<Vec<Value>> {
    match <[Value; 3]>::try_from(args) {
        Ok([_, _, xi]) => pp::ppval(ctx, vec![pp.to_value(), xi]),
        Err(_) => Ok(vec![pp.to_value()]),
    }
}

/// spline: cubic spline interpolation.
///
/// `pp = spline(x, y)` returns the piecewise polynomial (pp-form, for
/// ppval and unmkpp) of the cubic spline through the points (x, y) with
/// not-a-knot end conditions. When y has two more values than x, its
/// first and last values are the slopes at the ends (the complete, or
/// clamped, spline). When y is a matrix, each column y(:,j) is the value
/// at x(j).
///
/// `yi = spline(x, y, xi)` returns the values of the spline at xi.
///
/// ```text
/// >> spline(0:3, [0 1 8 27], 1.5)
/// ans = 3.3750
/// >> pp = spline(0:3, [0 1 8 27]); ppval(pp, [0.5 2.5])
/// ans =
///
///     0.1250   15.6250
///
/// >> spline([0 1], [0 1 3 0], 0.5)
/// ans = 2
/// ```
pub fn spline(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "spline")?;
    if !(2..=3).contains(&args.len()) {
        return Err(Error::nargin("spline"));
    }
    if args.len() == 3 && args[1].is_complex() {
        return complex_parts(ctx, &args, "spline", spline);
    }
    let d = data(&args[0], &args[1], "spline", true)?;
    let pp = match &d.ends {
        Some(ends) => {
            let ds: Vec<Vec<f64>> =
                d.ys.iter()
                    .zip(ends)
                    .map(|(y, &(a, b))| complete_slopes(&d.x, y, a, b))
                    .collect();
            hermite(&d.x, &d.ys, &ds, d.dim)
        }
        None if d.x.len() <= 3 => low_order(&d.x, &d.ys, d.dim),
        None => {
            let ds: Vec<Vec<f64>> =
                d.ys.iter()
                    .map(|y| slopes(&d.x, y, Method::Spline))
                    .collect();
            hermite(&d.x, &d.ys, &ds, d.dim)
        }
    };
    finish(ctx, pp, args)
}

/// pchip: piecewise cubic Hermite interpolation that keeps the data's shape.
///
/// `pp = pchip(x, y)` returns the piecewise polynomial (pp-form, for ppval
/// and unmkpp) of the shape-preserving cubic through the points (x, y):
/// its slopes (Fritsch–Carlson) keep it monotonic where the data are and
/// flat at local extrema. When y is a matrix, each column y(:,j) is the
/// value at x(j).
///
/// `yi = pchip(x, y, xi)` returns the values of the interpolant at xi.
///
/// ```text
/// >> pchip(0:3, [0 1 8 27], [0.5 2.5])
/// ans =
///
///     0.2812   15.6538
///
/// >> pp = pchip([0 1], [1 3]); pp.coefs
/// ans =
///
///    0   0   2   1
///
/// ```
pub fn pchip(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "pchip")?;
    if !(2..=3).contains(&args.len()) {
        return Err(Error::nargin("pchip"));
    }
    if args.len() == 3 && args[1].is_complex() {
        return complex_parts(ctx, &args, "pchip", pchip);
    }
    let d = data(&args[0], &args[1], "pchip", false)?;
    let ds: Vec<Vec<f64>> =
        d.ys.iter()
            .map(|y| slopes(&d.x, y, Method::Pchip))
            .collect();
    let pp = hermite(&d.x, &d.ys, &ds, d.dim);
    finish(ctx, pp, args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_a_knot_reproduces_a_cubic() {
        let x = [0.0, 0.5, 1.7, 2.0, 3.1];
        let y: Vec<f64> = x.iter().map(|v| v * v * v - 2.0 * v).collect();
        let d = slopes(&x, &y, Method::Spline);
        for (xi, di) in x.iter().zip(&d) {
            assert!((di - (3.0 * xi * xi - 2.0)).abs() < 1e-10);
        }
    }

    #[test]
    fn complete_spline_reproduces_a_cubic() {
        let x = [0.0, 1.0, 1.5, 3.0];
        let y: Vec<f64> = x.iter().map(|v| v * v * v).collect();
        let d = complete_slopes(&x, &y, 0.0, 27.0);
        for (xi, di) in x.iter().zip(&d) {
            assert!((di - 3.0 * xi * xi).abs() < 1e-10);
        }
    }
}
