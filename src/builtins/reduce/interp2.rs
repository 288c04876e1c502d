//! interp2: interpolation on a 2-D grid (bilinear, nearest, the bicubic
//! Hermite surface with pchip slopes, or the tensor-product not-a-knot
//! spline), with NaN or a given value outside the grid (the spline
//! extrapolates unless a value is given). Complex values interpolate as
//! their real and imaginary parts.

use super::interp::{slopes, Method};
use super::{check_nargout, opt_str, real_arg};
use crate::builtins::util::checked_numel;
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Value, C64};

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Linear,
    Nearest,
    Spline,
    /// 'pchip' and 'cubic' (the same in Octave): the bicubic Hermite
    /// surface with pchip slopes along each dimension.
    Pchip,
}

/// Index i of the interval [x_i, x_{i+1}] holding v (clamped to the ends).
fn interval(x: &[f64], v: f64) -> usize {
    x.partition_point(|&t| t <= v)
        .saturating_sub(1)
        .min(x.len().saturating_sub(2))
}

/// The cubic Hermite piece through (x, y) with slopes d, at v.
fn hermite(x: &[f64], y: &[f64], d: &[f64], v: f64) -> f64 {
    super::interp::hermite_piece(x, y, d, interval(x, v), v)
}

/// A grid vector (X or Y): a vector, or the first row/column of a matrix
/// (meshgrid form); made ascending, with whether it was flipped.
fn grid(v: Vec<f64>, name: &str) -> Result<(Vec<f64>, bool)> {
    if v.iter().any(|t| t.is_nan()) {
        return Err(Error::new(format!(
            "interp2: {name} must be strictly monotonic"
        )));
    }
    if v.len() > 1 && v.windows(2).all(|w| w[1] < w[0]) {
        return Ok((v.into_iter().rev().collect(), true));
    }
    if v.windows(2).any(|w| w[1] <= w[0]) {
        return Err(Error::new(format!(
            "interp2: {name} must be strictly monotonic"
        )));
    }
    Ok((v, false))
}

/// interp2: interpolation of data on a 2-D grid.
///
/// `Vq = interp2(X, Y, V, Xq, Yq)` returns the values at the points
/// (Xq, Yq) of the bilinear interpolant of the values V(i,j) at the grid
/// points (X(j), Y(i)). X and Y are vectors (length columns(V) and
/// rows(V)) or matrices in meshgrid form; Xq and Yq have the same size,
/// or are a row and a column, which span a grid. Points outside the grid
/// give NaN.
///
/// `Vq = interp2(V, Xq, Yq)` takes X = 1:columns(V) and Y = 1:rows(V).
///
/// `Vq = interp2(V, k)` refines the grid k times (2^k - 1 points between
/// each pair); `interp2(V)` refines it once.
///
/// `Vq = interp2(..., method)` chooses 'linear' (the default), 'nearest',
/// 'pchip' or 'cubic' (the same in Octave: the bicubic Hermite surface
/// whose slopes along x and y are pchip's, shape-preserving along each
/// grid line, and whose cross slopes are the mean of the pchip slopes of
/// those), or 'spline' (the not-a-knot spline along each dimension, which
/// extrapolates outside the grid; the query points must then be vectors
/// or in meshgrid form).
///
/// `Vq = interp2(..., method, extrapval)` puts extrapval outside the grid.
///
/// Vq is single when V, the grid or the query points are single, and
/// complex V interpolates as its real and imaginary parts.
///
/// ```text
/// >> interp2([1 2; 3 4], 1.5, 1.5)
/// ans = 2.5000
/// >> interp2(1:3, [10 20], [1 2 3; 4 5 6], [1.5 2.5], [15; 20])
/// ans =
///
///    3.0000   4.0000
///    4.5000   5.5000
///
/// >> interp2([1 2 4; 2 3 9], 1.5, 1.5, 'pchip')
/// ans = 1.8408
/// >> interp2([1 2; 3 4], [0 2], [1 1], 'linear', -1)
/// ans =
///
///   -1   2
///
/// ```
pub fn interp2(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "interp2")?;
    if args.is_empty() || args.len() > 7 {
        return Err(Error::nargin("interp2"));
    }
    let mut nargs = args.len();
    let mut method = "linear".to_string();
    let mut extrap: Option<C64> = None;
    if nargs > 1 && args[nargs - 2].is_char() {
        let e = &args[nargs - 1];
        let numeric = matches!(
            e,
            Value::Num(_)
                | Value::Complex(_)
                | Value::Single(_)
                | Value::SingleComplex(_)
                | Value::Int(_)
        );
        if !numeric || !e.is_scalar() {
            return Err(Error::new("interp2: EXTRAP must be a numeric scalar"));
        }
        extrap = e.to_complex_array("interp2")?.data().first().copied();
        method = opt_str(&args[nargs - 2]).unwrap_or_default();
        nargs -= 2;
    } else if let Some(s) = args.last().and_then(opt_str) {
        method = s;
        nargs -= 1;
    }
    let bare = method.trim_start_matches('*').to_lowercase();
    let kind = match bare.as_str() {
        "linear" => Kind::Linear,
        "nearest" => Kind::Nearest,
        "spline" => Kind::Spline,
        "cubic" | "pchip" => Kind::Pchip,
        _ => {
            return Err(Error::new(format!(
                "interp2: '{method}' does not match any valid string:\nnearest\nlinear\npchip\ncubic\nspline"
            )))
        }
    };
    let (zi, xv, yv, qx, qy, refine) = match nargs {
        1 => (0, None, None, None, None, Some(1.0)),
        2 => {
            let n = args[1].scalar_f64("interp2").ok();
            match n {
                Some(n) if n >= 0.0 && n == n.trunc() => (0, None, None, None, None, Some(n)),
                _ => return Err(Error::new("interp2: N must be an integer >= 0")),
            }
        }
        3 => (0, None, None, Some(1), Some(2), None),
        5 => (2, Some(0), Some(1), Some(3), Some(4), None),
        _ => return Err(Error::nargin("interp2")),
    };
    // Single data (values, grid or query points) give a single answer, as
    // MATLAB's; the arithmetic runs in double.
    let single = args[..nargs]
        .iter()
        .any(|v| matches!(v, Value::Single(_) | Value::SingleComplex(_)));
    let in_class = |v: Value| -> Result<Value> {
        if single {
            crate::ops::classes::convert(&v, crate::value::Class::Single)
        } else {
            Ok(v)
        }
    };
    // Complex values (or a complex fill value) interpolate as their real
    // and imaginary parts, as Octave does.
    let extrap_im = extrap.map(|e| e.im).unwrap_or(0.0);
    let numeric_z = args[zi].is_numeric() && !args[zi].is_char();
    if numeric_z && (args[zi].is_complex() || extrap_im != 0.0) {
        let z = args[zi].to_complex_array("interp2")?;
        let mut parts = Vec::with_capacity(2);
        for im in [false, true] {
            let mut a = args.clone();
            a[zi] = Value::Num(z.map(|c| if im { c.im } else { c.re }));
            let fill = extrap.map(|e| if im { e.im } else { e.re });
            parts.push(real_interp2(
                &a, kind, &bare, fill, zi, xv, yv, qx, qy, refine,
            )?);
        }
        let data = parts[0]
            .data()
            .iter()
            .zip(parts[1].data())
            .map(|(&r, &i)| C64::new(r, i))
            .collect();
        let v = Value::Complex(Array::new(parts[0].dims().clone(), data));
        return Ok(vec![in_class(v.narrowed())?]);
    }
    let fill = extrap.map(|e| e.re);
    let out = real_interp2(&args, kind, &bare, fill, zi, xv, yv, qx, qy, refine)?;
    Ok(vec![in_class(Value::Num(out))?])
}

/// interp2 of real values: Z is `args[zi]`, the grid vectors `args[xv]`
/// and `args[yv]` (or 1:n), the query points `args[qx]` and `args[qy]`
/// or the grid refined `refine` times; `extrap` fills points outside.
#[allow(clippy::too_many_arguments)]
fn real_interp2(
    args: &[Value],
    kind: Kind,
    bare: &str,
    extrap: Option<f64>,
    zi: usize,
    xv: Option<usize>,
    yv: Option<usize>,
    qx: Option<usize>,
    qy: Option<usize>,
    refine: Option<f64>,
) -> Result<Array<f64>> {
    let z = match &args[zi] {
        Value::Num(a) => a.clone(),
        v if v.is_char() || !v.is_numeric() => {
            return Err(Error::new("interp2: Z must be a 2-D matrix"))
        }
        v => real_arg(v, "interp2")?,
    };
    if z.numel() <= 1 || z.dims().ndims() != 2 {
        return Err(Error::new("interp2: Z must be a 2-D matrix"));
    }
    let (zr, zc) = (z.rows(), z.cols());
    let numeric = |k: Option<usize>| {
        k.and_then(|k| args.get(k))
            .is_none_or(|v| v.is_numeric() && !v.is_char())
    };
    if !numeric(xv) || !numeric(yv) {
        return Err(Error::new("interp2: X, Y must be numeric matrices"));
    }
    if !numeric(qx) || !numeric(qy) {
        return Err(Error::new("interp2: XI, YI must be numeric"));
    }
    let (x, y) = match (xv, yv) {
        (Some(a), Some(b)) => {
            let (a, b) = (
                real_arg(&args[a], "interp2")?,
                real_arg(&args[b], "interp2")?,
            );
            if a.dims().is_vector() && b.dims().is_vector() {
                (a.data().to_vec(), b.data().to_vec())
            } else if a.dims() == b.dims() {
                let (r, c) = (a.rows(), a.cols());
                let xs = (0..c).map(|j| a.data()[j * r]).collect();
                let ys = b.data()[..r].to_vec();
                (xs, ys)
            } else {
                return Err(Error::new(
                    "interp2: X and Y must be matrices of equal size",
                ));
            }
        }
        _ => (
            (1..=zc).map(|v| v as f64).collect(),
            (1..=zr).map(|v| v as f64).collect(),
        ),
    };
    if x.len() != zc || y.len() != zr {
        return Err(Error::new(
            "interp2: X and Y size must match the dimensions of Z",
        ));
    }
    let (x, flip_x) = grid(x, "X")?;
    let (y, flip_y) = grid(y, "Y")?;
    if x.len() < 2 || y.len() < 2 {
        return Err(Error::new(format!(
            "interp2: {bare} requires at least 2 points in each dimension"
        )));
    }
    // The values as rows (one per y), ascending in both directions.
    let rows: Vec<Vec<f64>> = (0..zr)
        .map(|i| {
            let i = if flip_y { zr - 1 - i } else { i };
            (0..zc)
                .map(|j| {
                    let j = if flip_x { zc - 1 - j } else { j };
                    z.data()[i + j * zr]
                })
                .collect()
        })
        .collect();
    // The query points and the shape of the answer.
    let (xq, yq, dims): (Vec<f64>, Vec<f64>, Dims) = if let Some(k) = refine {
        let p = 2f64.powf(k);
        let count = |n: usize| ((n as f64 - 1.0) * p + 1.0).floor();
        let (cx, cy) = (count(zc), count(zr));
        let total = cx * cy;
        if total.is_nan() || total > crate::builtins::util::MAX_NUMEL as f64 {
            return Err(Error::new(
                "interp2: out of memory or dimension too large for Octave's index type",
            ));
        }
        let xs: Vec<f64> = (0..cx as usize).map(|i| 1.0 + i as f64 / p).collect();
        let ys: Vec<f64> = (0..cy as usize).map(|i| 1.0 + i as f64 / p).collect();
        spread(&xs, &ys)?
    } else {
        let (a, b) = (qx.unwrap_or(1), qy.unwrap_or(2));
        let (a, b) = (
            real_arg(&args[a], "interp2")?,
            real_arg(&args[b], "interp2")?,
        );
        // A row and a column (a scalar is both) span a grid, as meshgrid.
        let cross =
            (a.dims().is_row() && b.dims().is_col()) || (a.dims().is_col() && b.dims().is_row());
        let spline_grid = kind == Kind::Spline
            && a.dims().is_vector()
            && b.dims().is_vector()
            && a.dims() != b.dims();
        if cross || spline_grid {
            spread(a.data(), b.data())?
        } else if a.dims() == b.dims() {
            if kind == Kind::Spline && !meshgrid_form(&a, &b) {
                return Err(Error::new(
                    "interp2: XI, YI must have uniform spacing ('meshgrid' format)",
                ));
            }
            (a.data().to_vec(), b.data().to_vec(), a.dims().clone())
        } else {
            return Err(Error::new(
                "interp2: XI and YI must be matrices of equal size",
            ));
        }
    };
    let (x0, x1, y0, y1) = (x[0], x[x.len() - 1], y[0], y[y.len() - 1]);
    let row_slopes: Vec<Vec<f64>> = if kind == Kind::Spline {
        rows.iter().map(|r| slopes(&x, r, Method::Spline)).collect()
    } else {
        Vec::new()
    };
    let hermite_data = if kind == Kind::Pchip {
        Some(HermiteGrid::new(&x, &y, &rows))
    } else {
        None
    };
    let out: Vec<f64> = xq
        .iter()
        .zip(&yq)
        .map(|(&u, &v)| {
            if u.is_nan() || v.is_nan() {
                return f64::NAN;
            }
            let outside = !(x0..=x1).contains(&u) || !(y0..=y1).contains(&v);
            if outside && (kind != Kind::Spline || extrap.is_some()) {
                return extrap.unwrap_or(f64::NAN);
            }
            let (j, i) = (interval(&x, u), interval(&y, v));
            match kind {
                Kind::Linear => {
                    let tx = (u - x[j]) / (x[j + 1] - x[j]);
                    let ty = (v - y[i]) / (y[i + 1] - y[i]);
                    let a = rows[i][j];
                    let b = rows[i][j + 1] - a;
                    let c = rows[i + 1][j] - a;
                    let d = rows[i + 1][j + 1] - a - b - c;
                    a + b * tx + c * ty + d * tx * ty
                }
                Kind::Nearest => {
                    let jj = j + usize::from(u - x[j] >= x[j + 1] - u);
                    let ii = i + usize::from(v - y[i] >= y[i + 1] - v);
                    rows[ii][jj]
                }
                Kind::Pchip => match &hermite_data {
                    Some(g) => g.at(&x, &y, &rows, j, i, u, v),
                    None => f64::NAN,
                },
                Kind::Spline => {
                    let col: Vec<f64> = rows
                        .iter()
                        .zip(&row_slopes)
                        .map(|(r, d)| hermite(&x, r, d, u))
                        .collect();
                    let d = slopes(&y, &col, Method::Spline);
                    hermite(&y, &col, &d, v)
                }
            }
        })
        .collect();
    Ok(Array::new(dims, out))
}

/// Query matrices in meshgrid form: every row of `xq` the same, every
/// column of `yq` the same (what the spline, evaluated on a grid, needs).
fn meshgrid_form(xq: &Array<f64>, yq: &Array<f64>) -> bool {
    let r = xq.rows().max(1);
    let rows_same = xq.data().chunks(r).all(|c| c.iter().all(|&t| t == c[0]));
    let c = yq.rows().max(1);
    let cols_same = yq
        .data()
        .chunks(c)
        .all(|col| col.iter().zip(yq.data()).all(|(p, q)| p == q));
    rows_same && cols_same
}

/// The product of the signs of a and b, 0 when either is 0 (PCHIM's
/// DPCHST).
fn sign_product(a: f64, b: f64) -> f64 {
    if a == 0.0 || b == 0.0 {
        0.0
    } else {
        a.signum() * b.signum()
    }
}

/// The pchip slopes at the knots x of the values f: Fritsch and Carlson's
/// monotone slopes as SLATEC's PCHIM computes them (Brodlie's weighted
/// harmonic mean inside, shape-preserving three-point formulas at the
/// ends), with PCHIM's order of operations, so that interp2 answers as
/// Octave's `__pchip_deriv__` does to the last bit.
fn pchim(x: &[f64], f: &[f64]) -> Vec<f64> {
    let n = x.len().min(f.len());
    if n < 2 {
        return vec![0.0; n];
    }
    let mut d = vec![0.0; n];
    let mut h1 = x[1] - x[0];
    let mut del1 = (f[1] - f[0]) / h1;
    if n == 2 {
        d[0] = del1;
        d[1] = del1;
        return d;
    }
    let mut h2 = x[2] - x[1];
    let mut del2 = (f[2] - f[1]) / h2;
    let mut hsum = h1 + h2;
    let w1 = (h1 + hsum) / hsum;
    let w2 = -h1 / hsum;
    d[0] = w1 * del1 + w2 * del2;
    if sign_product(d[0], del1) <= 0.0 {
        d[0] = 0.0;
    } else if sign_product(del1, del2) < 0.0 {
        let dmax = 3.0 * del1;
        if d[0].abs() > dmax.abs() {
            d[0] = dmax;
        }
    }
    for i in 1..n - 1 {
        if i > 1 {
            h1 = h2;
            h2 = x[i + 1] - x[i];
            hsum = h1 + h2;
            del1 = del2;
            del2 = (f[i + 1] - f[i]) / h2;
        }
        if sign_product(del1, del2) > 0.0 {
            let hsumt3 = hsum + hsum + hsum;
            let w1 = (hsum + h1) / hsumt3;
            let w2 = (hsum + h2) / hsumt3;
            let dmax = del1.abs().max(del2.abs());
            let dmin = del1.abs().min(del2.abs());
            d[i] = dmin / (w1 * (del1 / dmax) + w2 * (del2 / dmax));
        }
    }
    let w1 = -h2 / hsum;
    let w2 = (h2 + hsum) / hsum;
    d[n - 1] = w1 * del1 + w2 * del2;
    if sign_product(d[n - 1], del2) <= 0.0 {
        d[n - 1] = 0.0;
    } else if sign_product(del1, del2) < 0.0 {
        let dmax = 3.0 * del2;
        if d[n - 1].abs() > dmax.abs() {
            d[n - 1] = dmax;
        }
    }
    d
}

/// The slopes of a bicubic Hermite surface through grid values (one row
/// per y): pchip slopes along x (`dx`) and along y (`dy`), and the cross
/// slope `dxy`, the mean of the pchip slopes of `dy` along x and of `dx`
/// along y (Octave's interp2 'pchip' and 'cubic').
struct HermiteGrid {
    dx: Vec<Vec<f64>>,
    dy: Vec<Vec<f64>>,
    dxy: Vec<Vec<f64>>,
}

impl HermiteGrid {
    fn new(x: &[f64], y: &[f64], rows: &[Vec<f64>]) -> HermiteGrid {
        let nc = x.len();
        let along_x = |m: &[Vec<f64>]| -> Vec<Vec<f64>> { m.iter().map(|r| pchim(x, r)).collect() };
        // Along y: column by column, written back as rows.
        let along_y = |m: &[Vec<f64>]| -> Vec<Vec<f64>> {
            let mut out = vec![vec![0.0; nc]; m.len()];
            for j in 0..nc {
                let col: Vec<f64> = m.iter().map(|r| r.get(j).copied().unwrap_or(0.0)).collect();
                for (o, s) in out.iter_mut().zip(pchim(y, &col)) {
                    if let Some(t) = o.get_mut(j) {
                        *t = s;
                    }
                }
            }
            out
        };
        let dx = along_x(rows);
        let dy = along_y(rows);
        let dxy = along_x(&dy)
            .iter()
            .zip(along_y(&dx))
            .map(|(a, b)| a.iter().zip(b).map(|(p, q)| (p + q) / 2.0).collect())
            .collect();
        HermiteGrid { dx, dy, dxy }
    }

    /// The surface at (u, v) in the cell of columns j, j+1 and rows i, i+1,
    /// with the terms summed in the order Octave sums them.
    #[allow(clippy::too_many_arguments)]
    fn at(&self, x: &[f64], y: &[f64], z: &[Vec<f64>], j: usize, i: usize, u: f64, v: f64) -> f64 {
        // The cubic Hermite basis on [0, 1] scaled by the step h: the value
        // weights (b11 at the left knot, b12 at the right) and the slope
        // weights (b21, b22).
        let basis = |t: f64, h: f64| {
            let mut t1 = t * t;
            let mut t2 = t * t1 - t1;
            let b22 = h * t2;
            t1 = t2 - t1;
            let b21 = h * (t1 + t);
            t2 += t1;
            ([t2 + 1.0, -t2], [b21, b22])
        };
        let hx = x[j + 1] - x[j];
        let hy = y[i + 1] - y[i];
        let (xv, xs) = basis((u - x[j]) / hx, hx);
        let (yv, ys) = basis((v - y[i]) / hy, hy);
        let mut sum = 0.0;
        for a in 0..2 {
            for b in 0..2 {
                let (r, c) = (i + b, j + a);
                sum += xv[a] * yv[b] * z[r][c];
                sum += xs[a] * yv[b] * self.dx[r][c];
                sum += xv[a] * ys[b] * self.dy[r][c];
                sum += xs[a] * ys[b] * self.dxy[r][c];
            }
        }
        sum
    }
}

/// The grid spanned by the x values (columns) and y values (rows).
fn spread(xs: &[f64], ys: &[f64]) -> Result<(Vec<f64>, Vec<f64>, Dims)> {
    let n = checked_numel(&[ys.len(), xs.len()])?;
    let mut gx = Vec::with_capacity(n);
    let mut gy = Vec::with_capacity(n);
    for &u in xs {
        for &v in ys {
            gx.push(u);
            gy.push(v);
        }
    }
    Ok((gx, gy, Dims::mat(ys.len(), xs.len())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pchip_surface_reproduces_a_bilinear_function() {
        let x = [0.0, 1.0, 2.5, 3.0];
        let y = [-1.0, 0.5, 2.0];
        let f = |u: f64, v: f64| 2.0 + 3.0 * u - v + 0.5 * u * v;
        let rows: Vec<Vec<f64>> = y
            .iter()
            .map(|&v| x.iter().map(|&u| f(u, v)).collect())
            .collect();
        let g = HermiteGrid::new(&x, &y, &rows);
        for &(u, v) in &[(0.3, -0.2), (2.7, 1.9), (1.0, 0.5), (3.0, 2.0)] {
            let got = g.at(&x, &y, &rows, interval(&x, u), interval(&y, v), u, v);
            assert!((got - f(u, v)).abs() < 1e-12, "{u} {v}: {got}");
        }
    }

    #[test]
    fn pchim_slopes_are_pchips() {
        let x = [0.0, 0.7, 1.5, 3.0, 3.2, 5.0];
        let y = [1.0, 2.0, 2.5, 2.5, 0.0, -3.0];
        let want = slopes(&x, &y, Method::Pchip);
        for (a, b) in pchim(&x, &y).iter().zip(&want) {
            assert!((a - b).abs() < 1e-12, "{a} {b}");
        }
        // Flat and sign-changing neighbours give zero slopes.
        let d = pchim(&x, &y);
        assert_eq!(d[3], 0.0);
        assert_eq!(pchim(&[0.0, 1.0], &[2.0, 5.0]), vec![3.0, 3.0]);
    }

    #[test]
    fn spline_reproduces_a_bicubic() {
        let x = [0.0, 1.0, 2.5, 3.0, 4.0];
        let y = [-1.0, 0.0, 0.5, 2.0];
        let f = |u: f64, v: f64| u * u * u - 2.0 * u * v * v + v * v * v;
        let rows: Vec<Vec<f64>> = y
            .iter()
            .map(|&v| x.iter().map(|&u| f(u, v)).collect())
            .collect();
        let (u, v) = (1.7, 1.3);
        let col: Vec<f64> = rows
            .iter()
            .map(|r| hermite(&x, r, &slopes(&x, r, Method::Spline), u))
            .collect();
        let got = hermite(&y, &col, &slopes(&y, &col, Method::Spline), v);
        assert!((got - f(u, v)).abs() < 1e-10);
    }
}
