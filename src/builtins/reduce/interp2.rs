//! interp2: interpolation on a 2-D grid (bilinear, nearest, or the
//! tensor-product not-a-knot spline), with NaN or a given value outside
//! the grid (the spline extrapolates unless a value is given).

use super::interp::{slopes, Method};
use super::{check_nargout, opt_str, real_arg};
use crate::builtins::util::checked_numel;
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Value};

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Linear,
    Nearest,
    Spline,
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
/// `Vq = interp2(..., method)` chooses 'linear' (the default), 'nearest'
/// or 'spline' (the not-a-knot spline along each dimension, which
/// extrapolates outside the grid).
///
/// `Vq = interp2(..., method, extrapval)` puts extrapval outside the grid.
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
    let mut extrap: Option<f64> = None;
    if nargs > 1 && args[nargs - 2].is_char() {
        let e = &args[nargs - 1];
        if e.is_char() || !matches!(e, Value::Num(_)) || !e.is_scalar() {
            return Err(Error::new("interp2: EXTRAP must be a numeric scalar"));
        }
        extrap = Some(e.scalar_f64("interp2")?);
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
        "cubic" | "pchip" => {
            return Err(Error::new(format!(
                "interp2: method '{bare}' is not supported (use 'linear', 'nearest' or 'spline')"
            )))
        }
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
        let cross = (a.dims().is_row() && b.dims().is_col() && a.numel() > 1 && b.numel() > 1)
            || (a.dims().is_col() && b.dims().is_row() && a.numel() > 1 && b.numel() > 1);
        let spline_grid = kind == Kind::Spline
            && a.dims().is_vector()
            && b.dims().is_vector()
            && a.dims() != b.dims();
        if cross || spline_grid {
            spread(a.data(), b.data())?
        } else if a.dims() == b.dims() {
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
    Ok(vec![Value::Num(Array::new(dims, out))])
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
