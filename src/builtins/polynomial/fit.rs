//! polyfit (least squares by Householder QR, real or complex) and polyval
//! (Horner's rule, with polyfit's error estimate and centring).

use super::{horner, horner_re, out, row, Coefs};
use crate::builtins::reduce::{check_nargout, check_nargs};
use crate::builtins::Ctx;
use crate::error::{warn, Error, Result};
use crate::ops::dense::Elem;
use crate::ops::elementwise::cdiv;
use crate::value::{Dims, Struct, Value, C64};

/// Householder QR of the m x n column-major `a` (m >= n) applied to `b`:
/// returns the least-squares solution and the n x n upper factor R. A zero
/// pivot leaves its unknown at zero.
pub(crate) fn qr_lstsq<T: Elem>(a: &[T], m: usize, n: usize, b: &[T]) -> (Vec<T>, Vec<T>) {
    let mut a = a.to_vec();
    let mut b = b.to_vec();
    let steps = n.min(m);
    for k in 0..steps {
        let norm = (k..m)
            .map(|i| {
                let v = a[i + k * m].modulus();
                v * v
            })
            .sum::<f64>()
            .sqrt();
        if norm == 0.0 {
            continue;
        }
        let x0 = a[k + k * m];
        let phase = if x0.modulus() == 0.0 {
            T::e1()
        } else {
            x0 / T::from_re(x0.modulus())
        };
        let alpha = -(phase * T::from_re(norm));
        let mut v: Vec<T> = (k..m).map(|i| a[i + k * m]).collect();
        v[0] -= alpha;
        let vv: f64 = v
            .iter()
            .map(|x| {
                let r = x.modulus();
                r * r
            })
            .sum();
        if vv == 0.0 {
            continue;
        }
        let scale = T::from_re(2.0 / vv);
        for j in k..n {
            let mut d = T::e0();
            for i in k..m {
                d += v[i - k].cj() * a[i + j * m];
            }
            let d = d * scale;
            for i in k..m {
                a[i + j * m] -= d * v[i - k];
            }
        }
        let mut d = T::e0();
        for i in k..m {
            d += v[i - k].cj() * b[i];
        }
        let d = d * scale;
        for i in k..m {
            b[i] -= d * v[i - k];
        }
    }
    let mut x = vec![T::e0(); n];
    for k in (0..steps).rev() {
        let mut s = b[k];
        for j in k + 1..n {
            s -= a[k + j * m] * x[j];
        }
        let d = a[k + k * m];
        x[k] = if d.modulus() == 0.0 { T::e0() } else { s / d };
    }
    let mut r = vec![T::e0(); steps * n];
    for j in 0..n {
        for i in 0..steps.min(j + 1) {
            r[i + j * steps] = a[i + j * m];
        }
    }
    (x, r)
}

/// inv(R' R) for the n x n upper-triangular R, or `None` when R is singular.
fn cov_from_r(r: &[C64], n: usize) -> Option<Vec<C64>> {
    if (0..n).any(|i| r[i + i * n].norm() == 0.0) {
        return None;
    }
    // Rinv (upper) by back substitution, column by column.
    let zero = C64::new(0.0, 0.0);
    let mut ri = vec![zero; n * n];
    for j in 0..n {
        for i in (0..=j).rev() {
            let mut s = if i == j { C64::new(1.0, 0.0) } else { zero };
            for k in i + 1..=j {
                s -= r[i + k * n] * ri[k + j * n];
            }
            ri[i + j * n] = s / r[i + i * n];
        }
    }
    // C = Rinv * Rinv^H.
    let mut c = vec![zero; n * n];
    for i in 0..n {
        for j in 0..n {
            let mut s = zero;
            for k in i.max(j)..n {
                s += ri[i + k * n] * ri[j + k * n].conj();
            }
            c[i + j * n] = s;
        }
    }
    Some(c)
}

/// polyfit: fit a polynomial to data in the least-squares sense.
///
/// `p = polyfit(x, y, n)` returns the coefficients (highest power first) of
/// the degree-n polynomial that best fits y at x. A logical mask as n
/// selects which powers to fit (the others are zero).
///
/// `[p, S] = polyfit(x, y, n)` also returns a struct for polyval's error
/// estimate: yf (the fitted values), X (the Vandermonde matrix), R (the
/// triangular QR factor), C (the unscaled covariance), df (degrees of
/// freedom) and normr (the norm of the residuals).
///
/// `[p, S, mu] = polyfit(x, y, n)` fits in the centred and scaled variable
/// (x - mu(1)) / mu(2), with mu = [mean(x), std(x)].
///
/// ```text
/// >> polyfit(1:5, [2.1 3.9 6.2 7.8 10.1], 1)
/// ans =
///
///    1.990000   0.050000
/// ```
pub fn polyfit(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 3, "polyfit")?;
    check_nargs(&args, 3, 3, "polyfit")?;
    let xs = Coefs::of(&args[0], "polyfit")?;
    let ys = Coefs::of(&args[1], "polyfit")?;
    let single = xs.single || ys.single;
    let y_is_row = ys.dims.is_row() && ys.dims.ndims() == 2;
    let nx = xs.len();
    if nx != ys.len() {
        return Err(Error::new(
            "polyfit: X and Y must have the same number of points",
        ));
    }
    let mut x = xs.data;
    let y = ys.data;
    let mut mu = None;
    if ctx.nargout > 2 {
        let mean = x.iter().sum::<C64>() / nx as f64;
        let sd = (x.iter().map(|v| (v - mean).norm_sqr()).sum::<f64>()
            / (nx as f64 - 1.0).max(1.0))
        .sqrt();
        for v in x.iter_mut() {
            *v = (*v - mean) / sd;
        }
        mu = Some(row(vec![mean, C64::new(sd, 0.0)], single)?);
    }
    let (mut mask, pad) = match &args[2] {
        Value::Bool(m) => (m.data().to_vec(), true),
        v => {
            let n = v
                .scalar_f64("polyfit")
                .ok()
                .filter(|&n| n >= 0.0 && n.is_finite() && n.fract() == 0.0)
                .filter(|_| v.is_scalar() && !matches!(v, Value::Complex(_)));
            let Some(n) = n else {
                return Err(Error::new("polyfit: N must be a non-negative integer"));
            };
            if n > 1e6 || n as usize > nx.saturating_mul(64) + 64 {
                return Err(Error::new(
                    "polyfit: N is too large for the number of points",
                ));
            }
            (vec![true; n as usize + 1], false)
        }
    };
    let mut pad = pad;
    let ncoef = mask.len();
    let fitted = mask.iter().filter(|&&b| b).count();
    if fitted > nx {
        warn("polyfit: degree of polynomial N is >= number of data points; solution is not unique");
        // Keep the nx lowest powers among the selected ones.
        let mut drop = fitted - nx;
        for b in mask.iter_mut() {
            if drop == 0 {
                break;
            }
            if *b {
                *b = false;
                drop -= 1;
            }
        }
        pad = true;
    }
    let cols: Vec<usize> = (0..ncoef).filter(|&j| mask[j]).collect();
    let k = cols.len();
    // Vandermonde matrix of all ncoef powers, highest first.
    let mut vander = vec![C64::new(0.0, 0.0); nx * ncoef];
    for (i, &xv) in x.iter().enumerate() {
        let mut p = C64::new(1.0, 0.0);
        for j in (0..ncoef).rev() {
            vander[i + j * nx] = p;
            p *= xv;
        }
    }
    let mut v = Vec::with_capacity(nx * k);
    for &j in &cols {
        v.extend_from_slice(&vander[j * nx..(j + 1) * nx]);
    }
    let complex = x.iter().chain(&y).any(|z| z.im != 0.0);
    let (pk, r): (Vec<C64>, Vec<C64>) = if complex {
        qr_lstsq(&v, nx, k, &y)
    } else {
        let vr: Vec<f64> = v.iter().map(|z| z.re).collect();
        let yr: Vec<f64> = y.iter().map(|z| z.re).collect();
        let (p, r) = qr_lstsq(&vr, nx, k, &yr);
        (
            p.into_iter().map(|x| C64::new(x, 0.0)).collect(),
            r.into_iter().map(|x| C64::new(x, 0.0)).collect(),
        )
    };
    let mut p = vec![C64::new(0.0, 0.0); ncoef];
    for (&j, &c) in cols.iter().zip(&pk) {
        p[j] = c;
    }
    let mut outs = vec![row(p, single)?];
    if ctx.nargout > 1 {
        let rr = k.min(nx);
        let yf: Vec<C64> = (0..nx)
            .map(|i| (0..k).map(|j| v[i + j * nx] * pk[j]).sum())
            .collect();
        let normr = yf
            .iter()
            .zip(&y)
            .map(|(f, y)| (f - y).norm_sqr())
            .sum::<f64>()
            .sqrt();
        let cov = if rr == k { cov_from_r(&r, k) } else { None };
        let cov = cov.unwrap_or_else(|| vec![C64::new(f64::NAN, 0.0); k * k]);
        // Spread the fitted columns back over all ncoef powers.
        let spread = |src: &[C64], rows: usize| -> Vec<C64> {
            let mut full = vec![C64::new(0.0, 0.0); rows * ncoef];
            for (c, &j) in cols.iter().enumerate() {
                full[j * rows..(j + 1) * rows].copy_from_slice(&src[c * rows..(c + 1) * rows]);
            }
            full
        };
        let (xm, rm, cm) = if pad {
            (spread(&v, nx), spread(&r, rr), spread(&cov, k))
        } else {
            (vander, r, cov)
        };
        let ncols = if pad { ncoef } else { k };
        let yf_dims = if y_is_row {
            Dims::row(nx)
        } else {
            Dims::col(nx)
        };
        let mut s = Struct::default();
        s.set("yf", out(yf_dims, yf, single)?);
        s.set("X", out(Dims::mat(nx, ncols), xm, single)?);
        s.set("R", out(Dims::mat(rr, ncols), rm, single)?);
        s.set("C", out(Dims::mat(k, ncols), cm, single)?);
        s.set("df", Value::num(nx.saturating_sub(k) as f64));
        s.set(
            "normr",
            out(Dims::scalar(), vec![C64::new(normr, 0.0)], single)?,
        );
        outs.push(Value::Struct(Box::new(s)));
    }
    if let Some(mu) = mu {
        outs.push(mu);
    }
    Ok(outs)
}

fn is_float(v: &Value) -> bool {
    matches!(
        v,
        Value::Num(_) | Value::Complex(_) | Value::Single(_) | Value::SingleComplex(_)
    )
}

/// polyval: evaluate a polynomial.
///
/// `y = polyval(p, x)` evaluates the polynomial with coefficients p
/// (highest power first) at each element of x; y has x's shape.
///
/// `[y, dy] = polyval(p, x, S)` also returns the standard error of each
/// prediction, from the struct S that polyfit returns.
///
/// `y = polyval(p, x, [], mu)` and `[y, dy] = polyval(p, x, S, mu)`
/// evaluate at (x - mu(1)) / mu(2), for the centred fits of polyfit.
///
/// ```text
/// >> polyval([1 2 3], [0 1 2])
/// ans =
///
///     3    6   11
/// ```
pub fn polyval(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 2, "polyval")?;
    check_nargs(&args, 2, 4, "polyval")?;
    if ctx.nargout > 1 && args.len() < 3 {
        return Err(Error::nargin("polyval"));
    }
    let (pv, xv) = (&args[0], &args[1]);
    if !is_float(pv) || !(pv.dims().is_vector() || pv.is_empty()) {
        return Err(Error::new(
            "polyval: P must be a numeric floating point vector",
        ));
    }
    if !is_float(xv) {
        return Err(Error::new("polyval: X must be numeric floating point"));
    }
    // S matters only for dy; without it polyval ignores the argument.
    let s = if ctx.nargout > 1 {
        match &args[2] {
            Value::Struct(s) => {
                if ["R", "normr", "df"].iter().any(|f| s.get(f).is_none()) {
                    return Err(Error::new("polyval: S input is missing required fields"));
                }
                Some(s)
            }
            v if v.is_empty() => {
                return Err(Error::new(
                    "polyval: S input is required for DY output argument",
                ))
            }
            _ => return Err(Error::new("polyval: S input must be a structure")),
        }
    } else {
        None
    };
    let p = Coefs::of(pv, "polyval")?;
    let x = Coefs::of(xv, "polyval")?;
    let single = p.single || x.single;
    let mut xd = x.data;
    if let Some(muv) = args.get(3) {
        if !is_float(muv) || muv.numel() < 2 {
            return Err(Error::new(
                "polyval: MU must be numeric floating point with 2 values",
            ));
        }
        let mu = Coefs::of(muv, "polyval")?.data;
        for v in xd.iter_mut() {
            *v = cdiv(*v - mu[0], mu[1]);
        }
    }
    let y: Vec<C64> = if p.complex || xd.iter().any(|z| z.im != 0.0) {
        xd.iter().map(|&v| horner(&p.data, v)).collect()
    } else {
        let pr: Vec<f64> = p.data.iter().map(|z| z.re).collect();
        xd.iter()
            .map(|v| C64::new(horner_re(&pr, v.re), 0.0))
            .collect()
    };
    let mut outs = vec![out(x.dims.clone(), y, single)?];
    if ctx.nargout > 1 {
        let Some(s) = s else {
            return Err(Error::nargin("polyval"));
        };
        outs.push(out(x.dims, error_estimate(s, &p.data, &xd)?, single)?);
    }
    Ok(outs)
}

/// polyval's dy: sqrt(1 + sum(|A / R|.^2, 2)) * normr / sqrt(df), with A
/// the Vandermonde rows of x.
fn error_estimate(s: &Struct, p: &[C64], x: &[C64]) -> Result<Vec<C64>> {
    let (Some(rv), Some(normr), Some(df)) = (s.get("R"), s.get("normr"), s.get("df")) else {
        return Err(Error::new("polyval: S input is missing required fields"));
    };
    let r = Coefs::of(rv, "polyval")?;
    let normr = normr.scalar_f64("polyval")?;
    let df = df.scalar_f64("polyval")?;
    let n = p.len();
    let (rows, cols) = (r.dims.rows(), r.dims.cols());
    if cols != n || rows == 0 {
        return Err(Error::new(
            "polyval: S.R must have as many columns as P has coefficients",
        ));
    }
    let scale = normr / df.sqrt();
    let mut dy = Vec::with_capacity(x.len());
    for &xv in x {
        let mut a = vec![C64::new(0.0, 0.0); n];
        let mut pw = C64::new(1.0, 0.0);
        for j in (0..n).rev() {
            a[j] = pw;
            pw *= xv;
        }
        // z = a / R: solve z R = a, i.e. R^T z^T = a^T (least squares when
        // R is not square).
        let rt = crate::ops::dense::transpose_data(rows, cols, &r.data);
        let z = if rows == cols && (0..n).all(|i| r.data[i + i * n].norm() != 0.0) {
            let mut z = vec![C64::new(0.0, 0.0); n];
            for i in 0..n {
                let mut acc = a[i];
                for k in 0..i {
                    acc -= rt[i + k * n] * z[k];
                }
                z[i] = acc / rt[i + i * n];
            }
            z
        } else {
            crate::ops::solve::lstsq(cols, rows, &rt, &a, 1)?
        };
        let ss: f64 = z.iter().map(|v| v.norm_sqr()).sum();
        dy.push(C64::new((1.0 + ss).sqrt() * scale, 0.0));
    }
    Ok(dy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::reduce::test_call as call;

    fn reals(v: &Value) -> Vec<f64> {
        match v {
            Value::Num(a) => a.data().to_vec(),
            other => panic!("not real: {other:?}"),
        }
    }

    #[test]
    fn line_fit_matches_octave() {
        let t = Value::row(vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        let y = Value::row(vec![1.1, 2.9, 5.2, 7.1, 8.8, 11.2]);
        let p = reals(&call(polyfit, vec![t, y, Value::num(1.0)], 1)[0]);
        assert!((p[0] - 2.002857142857143).abs() < 1e-13);
        assert!((p[1] - 1.0428571428571434).abs() < 1e-13);
    }

    #[test]
    fn complex_coefficients_are_recovered() {
        let x: Vec<C64> = (1..=4).map(|k| C64::new(k as f64, 0.0)).collect();
        let p0 = [
            C64::new(0.0, 1.0),
            C64::new(0.0, 0.0),
            C64::new(0.0, 2.0),
            C64::new(4.0, 0.0),
        ];
        let y: Vec<C64> = x.iter().map(|&v| horner(&p0, v)).collect();
        let mut a = Vec::new();
        for j in 0..4 {
            for v in &x {
                a.push(v.powi(3 - j));
            }
        }
        let (p, _) = qr_lstsq(&a, 4, 4, &y);
        for (got, want) in p.iter().zip(&p0) {
            assert!((got - want).norm() < 1e-12, "{p:?}");
        }
    }

    #[test]
    fn covariance_inverts_r_transpose_r() {
        let r = [
            C64::new(2.0, 0.0),
            C64::new(0.0, 0.0),
            C64::new(1.0, 0.0),
            C64::new(4.0, 0.0),
        ];
        // R'R = [4 2; 2 17]; its inverse is [17 -2; -2 4] / 64.
        let c = cov_from_r(&r, 2).unwrap();
        let want = [17.0 / 64.0, -2.0 / 64.0, -2.0 / 64.0, 4.0 / 64.0];
        for (g, w) in c.iter().zip(want) {
            assert!((g.re - w).abs() < 1e-15 && g.im == 0.0);
        }
        assert!(cov_from_r(&[C64::new(0.0, 0.0)], 1).is_none());
    }
}
