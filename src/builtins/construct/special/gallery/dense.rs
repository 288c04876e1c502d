//! gallery's dense matrices built from formulas (krylov and toeppd draw
//! from the session's generator only for defaults not given).

use super::{column, dim, filled, one, sq, Args, Mat};
use crate::builtins::util::MAX_NUMEL;
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::ops::alloc_vec;
use crate::value::{Array, Dims, Value, C64};
use std::f64::consts::PI;

fn hilb(i: usize, j: usize) -> f64 {
    1.0 / (i + j + 1) as f64
}

pub(super) fn gcd(mut a: usize, mut b: usize) -> usize {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

pub(super) fn cauchy(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let x = a.vector_or_n(0, "X")?;
    let y = match a.given(1) {
        Some(v) if v.is_numeric() && !v.is_complex() => v.to_num_array("gallery")?.into_vec(),
        Some(_) => return Err(a.err("Y must be numeric")),
        None => x.clone(),
    };
    if x.len() != y.len() {
        return Err(a.err("X and Y must be vectors of same length"));
    }
    one(sq(x.len(), |i, j| 1.0 / (x[i] + y[j]))?)
}

pub(super) fn chebspec(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let k = a.num(1, "K", 0.0)?;
    if k != 0.0 && k != 1.0 {
        return Err(a.err("K should be either 0 or 1"));
    }
    let drop = k == 1.0;
    // The (m+1) x (m+1) matrix on the Chebyshev points cos(i*pi/m).
    let m = if drop { n } else { n.saturating_sub(1) };
    if n == 0 {
        return one(Value::Num(Array::new(Dims::mat(0, 0), Vec::new())));
    }
    let x: Vec<f64> = (0..=m)
        .map(|i| (i as f64 * (PI / m as f64)).cos())
        .collect();
    let d = |i: usize| if i == 0 || i == m { 2.0 } else { 1.0 };
    let sign = |i: usize| if i % 2 == 1 { -1.0 } else { 1.0 };
    let corner = (2.0 * (m * m) as f64 + 1.0) / 6.0;
    let c = Mat::new(m + 1, m + 1, |i, j| {
        if i == j {
            if i == 0 {
                corner
            } else if i == m {
                -corner
            } else {
                -x[i] / (2.0 * (1.0 - x[i] * x[i]))
            }
        } else {
            sign(i) * sign(j) * (d(i) * (1.0 / d(j))) / (x[i] - x[j])
        }
    })?;
    let off = usize::from(drop);
    one(sq(n, |i, j| c.get(i + off, j + off))?)
}

pub(super) fn chebvand(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let pi = a.a.len() - 1;
    let raw = a.values(pi, "P")?;
    let p: Vec<f64> = if raw.len() == 1 && raw[0].fract() == 0.0 {
        let n = dim(raw[0])?;
        let rows = if a.a.len() == 2 {
            a.int(0, "M")?.max(1.0)
        } else {
            n as f64
        };
        if rows * n as f64 > MAX_NUMEL as f64 {
            return Err(crate::builtins::util::too_large());
        }
        match n {
            0 => Vec::new(),
            1 => vec![0.0],
            _ => (0..n).map(|k| k as f64 / (n - 1) as f64).collect(),
        }
    } else {
        raw
    };
    let n = p.len();
    let m = if a.a.len() == 2 {
        dim(a.int(0, "M")?)?
    } else {
        n
    };
    let mut c = Mat::new(m, n, |_, _| 1.0)?;
    if m > 1 {
        for (j, &pj) in p.iter().enumerate() {
            c.set(1, j, pj);
            for i in 2..m {
                let v = 2.0 * pj * c.get(i - 1, j) - c.get(i - 2, j);
                c.set(i, j, v);
            }
        }
    }
    one(c.value())
}

pub(super) fn chow(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let alpha = a.num(1, "ALPHA", 1.0)?;
    let delta = a.num(2, "DELTA", 0.0)?;
    one(sq(n, |i, j| {
        let base = if i >= j {
            alpha.powf((i - j + 1) as f64)
        } else if j == i + 1 {
            1.0
        } else {
            0.0
        };
        if i == j {
            base + delta
        } else {
            base
        }
    })?)
}

pub(super) fn circul(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let v = a
        .vector_or_n(0, "V")
        .map_err(|_| a.err("X must be a scalar or a vector"))?;
    let n = v.len();
    one(sq(n, |i, j| v[(j + n - i) % n])?)
}

pub(super) fn clement(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?.max(1);
    let sym = a.switch01(1, 0.0)?;
    // Subdiagonal n-1, ..., 1 and superdiagonal 1, ..., n-1.
    one(sq(n, |i, j| {
        if i == j + 1 {
            let (x, z) = ((n - 1 - j) as f64, (j + 1) as f64);
            if sym {
                (x * z).sqrt()
            } else {
                x
            }
        } else if j == i + 1 {
            let (x, z) = ((n - 1 - i) as f64, (i + 1) as f64);
            if sym {
                (x * z).sqrt()
            } else {
                z
            }
        } else {
            0.0
        }
    })?)
}

pub(super) fn compar(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let m = match a.given(0) {
        Some(v) if v.is_numeric() && !v.is_complex() && v.dims().ndims() == 2 => v,
        _ => return Err(a.err("A must be a 2-D matrix")),
    };
    let k = a.switch01(1, 0.0)?;
    let (r, c) = (m.dims().rows(), m.dims().cols());
    let d = m.to_num_array("gallery")?.into_vec();
    let at = |i: usize, j: usize| d[i + j * r];
    if !k {
        return one(Mat::new(r, c, |i, j| {
            if i == j {
                at(i, j).abs()
            } else {
                -at(i, j).abs()
            }
        })?
        .value());
    }
    // Each off-diagonal element is minus the largest off-diagonal
    // magnitude of its row; triangular A keeps its zero triangle.
    let lower = (0..r).all(|i| (i + 1..c).all(|j| at(i, j) == 0.0));
    let upper = (0..r).all(|i| (0..i.min(c)).all(|j| at(i, j) == 0.0));
    let rowmax: Vec<f64> = (0..r)
        .map(|i| {
            (0..c)
                .filter(|&j| j != i)
                .map(|j| at(i, j).abs())
                .fold(0.0, f64::max)
        })
        .collect();
    one(Mat::new(r, c, |i, j| {
        if i == j {
            at(i, j).abs()
        } else if (lower && j > i) || (upper && j < i) {
            0.0
        } else {
            -rowmax[i]
        }
    })?
    .value())
}

/// Orthonormal basis of the columns of the n x k matrix `x` (modified
/// Gram-Schmidt, twice; columns dependent on the earlier ones dropped).
pub(super) fn orth_basis(n: usize, cols: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let scale = cols
        .iter()
        .map(|v| v.iter().map(|x| x * x).sum::<f64>().sqrt())
        .fold(0.0, f64::max);
    let mut q: Vec<Vec<f64>> = Vec::new();
    for v in cols {
        let mut w = v.clone();
        for _ in 0..2 {
            for u in &q {
                let dot: f64 = (0..n).map(|i| u[i] * w[i]).sum();
                for i in 0..n {
                    w[i] -= dot * u[i];
                }
            }
        }
        let norm = w.iter().map(|x| x * x).sum::<f64>().sqrt();
        if norm > scale * n.max(cols.len()) as f64 * f64::EPSILON * 10.0 {
            q.push(w.iter().map(|x| x / norm).collect());
        }
    }
    q
}

pub(super) fn condex(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let k = a.num(1, "K", 4.0)?;
    let theta = a.num(2, "THETA", 100.0)?;
    let t = theta;
    let base: Mat = if k == 1.0 {
        let rows = [
            [1.0, -1.0, -2.0 * t, 0.0],
            [0.0, 1.0, t, -t],
            [0.0, 1.0, 1.0 + t, -(t + 1.0)],
            [0.0, 0.0, 0.0, t],
        ];
        Mat::new(4, 4, |i, j| rows[i][j])?
    } else if k == 2.0 {
        let rows = [
            [1.0, 1.0 - 2.0 / (t * t), -2.0],
            [0.0, 1.0 / t, -1.0 / t],
            [0.0, 0.0, 1.0],
        ];
        Mat::new(3, 3, |i, j| rows[i][j])?
    } else if k == 3.0 {
        Mat::new(n, n, |i, j| {
            if i == j {
                if i + 1 == n {
                    -1.0
                } else {
                    1.0
                }
            } else if i > j {
                -1.0
            } else {
                -0.0
            }
        })?
    } else if k == 4.0 {
        let e = filled(n, 1.0)?;
        let e1: Vec<f64> = (0..n).map(|i| if i == 0 { 1.0 } else { 0.0 }).collect();
        let b: Vec<f64> = (0..n)
            .map(|i| {
                let s = if i % 2 == 0 { 1.0 } else { -1.0 };
                s * (1.0 + i as f64 / (n as f64 - 1.0))
            })
            .collect();
        let q = orth_basis(n, &[e, e1, b]);
        // eye(n) + theta * (I - Q*Q').
        Mat::new(n, n, |i, j| {
            let qq: f64 = q.iter().map(|u| u[i] * u[j]).sum();
            let p = if i == j { 1.0 - qq } else { -qq };
            if i == j {
                1.0 + theta * p
            } else {
                theta * p
            }
        })?
    } else {
        return Err(a.err(&format!("unknown estimator K '{}'", k)));
    };
    if base.c >= n {
        return one(base.value());
    }
    // Smaller than n: padded with the identity.
    let m = base.c;
    one(sq(n, |i, j| {
        if i < m && j < m {
            base.get(i, j)
        } else if i == j {
            1.0
        } else {
            0.0
        }
    })?)
}

pub(super) fn dramadah(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let k = a.num(1, "K", 1.0)?;
    // Toeplitz matrices from their first column c and first row r.
    let (c, r): (Vec<f64>, Vec<f64>) = if k == 1.0 {
        let c = (0..n)
            .map(|i| if i % 4 == 1 || i % 4 == 2 { 0.0 } else { 1.0 })
            .collect();
        let r = (0..n)
            .map(|j| [1.0, 1.0, 0.0, 1.0].get(j).copied().unwrap_or(0.0))
            .collect();
        (c, r)
    } else if k == 2.0 {
        let c = (0..n).map(|i| if i == 0 { 1.0 } else { 0.0 }).collect();
        let r = (0..n)
            .map(|j| if j >= 2 && j % 2 == 0 { 0.0 } else { 1.0 })
            .collect();
        (c, r)
    } else if k == 3.0 {
        let c = (0..n).map(|i| if i % 2 == 1 { 0.0 } else { 1.0 }).collect();
        let r = (0..n).map(|j| if j < 2 { 1.0 } else { 0.0 }).collect();
        (c, r)
    } else {
        return Err(a.err(&format!("unknown K '{}'", k)));
    };
    one(sq(n, |i, j| if i >= j { c[i - j] } else { r[j - i] })?)
}

pub(super) fn fiedler(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let c = a.vector_or_n(0, "C")?;
    one(sq(c.len(), |i, j| (c[j] - c[i]).abs())?)
}

fn jordan(n: usize, lambda: f64) -> Result<Mat> {
    Mat::new(n, n, |i, j| {
        if i == j {
            lambda
        } else if j == i + 1 {
            1.0
        } else {
            0.0
        }
    })
}

pub(super) fn forsythe(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let alpha = a.num(1, "ALPHA", f64::EPSILON.sqrt())?;
    let lambda = a.num(2, "LAMBDA", 0.0)?;
    let mut m = jordan(n, lambda)?;
    if n > 0 {
        m.set(n - 1, 0, alpha);
    }
    one(m.value())
}

pub(super) fn frank(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let reflect = a.switch01(1, 0.0)?;
    let f = |i: usize, j: usize| -> f64 {
        if j >= i {
            (n - j) as f64
        } else if i == j + 1 {
            (n - j - 1) as f64
        } else {
            0.0
        }
    };
    if reflect {
        one(sq(n, |i, j| f(n - 1 - j, n - 1 - i))?)
    } else {
        one(sq(n, f)?)
    }
}

pub(super) fn gcdmat(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    one(sq(n, |i, j| gcd(i + 1, j + 1) as f64)?)
}

pub(super) fn gearmat(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let i = a.num(1, "I", n as f64)?;
    let j = a.num(2, "J", -(n as f64))?;
    let bad = |x: f64| x == 0.0 || x.abs() > n as f64 || x.fract() != 0.0;
    if bad(i) {
        return Err(a.err("I must be a nonzero scalar, and abs (I) <= N"));
    }
    if bad(j) {
        return Err(a.err("J must be a nonzero scalar, and abs (J) <= N"));
    }
    let mut m = Mat::new(n, n, |r, c| if r.abs_diff(c) == 1 { 1.0 } else { 0.0 })?;
    m.set(0, i.abs() as usize - 1, i.signum());
    m.set(n - 1, n - j.abs() as usize, j.signum());
    one(m.value())
}

pub(super) fn grcar(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let k = a.num(1, "K", 3.0)?;
    one(sq(n, |i, j| {
        if i == j + 1 {
            -1.0
        } else if j >= i && (j - i) as f64 <= k {
            1.0
        } else {
            0.0
        }
    })?)
}

pub(super) fn hanowa(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.int(0, "N")?;
    if n % 2.0 != 0.0 {
        return Err(a.err("N must be even"));
    }
    let n = dim(n)?;
    let d = a.num(1, "D", -1.0)?;
    let m = n / 2;
    one(sq(n, |i, j| {
        if i == j {
            d
        } else if i + m == j {
            -((i + 1) as f64)
        } else if j + m == i {
            (j + 1) as f64
        } else {
            0.0
        }
    })?)
}

pub(super) fn house(ctx: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let x = a.values(0, "X")?;
    if !a.a[0].dims().is_vector() || x.is_empty() {
        return Err(a.err("X must be a vector"));
    }
    let norm = x.iter().map(|v| v * v).sum::<f64>().sqrt();
    let s = norm * if x[0] >= 0.0 { 1.0 } else { -1.0 };
    let mut v = x;
    let beta = if s == 0.0 {
        1.0
    } else {
        v[0] += s;
        1.0 / (s * v[0])
    };
    let mut out = vec![column(v)];
    if ctx.nargout > 1 {
        out.push(Value::num(beta));
    }
    Ok(out)
}

pub(super) fn invhess(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let x = a
        .vector_or_n(0, "X")
        .map_err(|_| a.err("X must be an integer scalar, or a vector"))?;
    let n = x.len();
    let y: Vec<f64> = match a.given(1) {
        Some(v) => {
            let y = a.values(1, "Y")?;
            if !v.dims().is_vector() || y.is_empty() || y.len() + 1 != n {
                return Err(a.err("Y must be a vector of length -1 than X"));
            }
            y
        }
        None => x.iter().take(n.saturating_sub(1)).map(|v| -v).collect(),
    };
    one(sq(n, |i, j| if i < j { y[i] } else { x[j] })?)
}

pub(super) fn invol(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    // Row scale factors, as the recurrence d(i+1) = -(n+i)(n-i) d(i)/i^2.
    let mut d = vec![-(n as f64)];
    for i in 1..n {
        let (fi, fn_) = (i as f64, n as f64);
        let prev = d[i - 1];
        d.push(-(fn_ + fi) * (fn_ - fi) * prev / (fi * fi));
    }
    one(sq(n, |i, j| {
        let h = if j == 0 {
            -(n as f64) * hilb(i, j)
        } else {
            hilb(i, j)
        };
        if i == 0 {
            h
        } else {
            d[i] * h
        }
    })?)
}

pub(super) fn ipjfact(ctx: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let recip = a.switch01(1, 0.0)?;
    // c(k) = (k+1)! and d(k) = (n+k)!, built as cumulative products.
    let mut c = Vec::with_capacity(n);
    let mut acc = 1.0;
    for k in 2..=n + 1 {
        acc *= k as f64;
        c.push(acc);
    }
    let base = if n >= 2 { c[n - 2] } else { 1.0 };
    let mut d = Vec::with_capacity(n);
    let mut acc = 1.0;
    for k in n + 1..=2 * n {
        acc *= k as f64;
        d.push(acc * base);
    }
    let m = Mat::new(n, n, |i, j| {
        let h = if i + j < n {
            c[i + j]
        } else {
            d[i + j + 1 - n]
        };
        if recip {
            1.0 / h
        } else {
            h
        }
    })?;
    let mut out = vec![m.value()];
    if ctx.nargout > 1 {
        // fact[k] = k!, as prod (1:k) multiplies.
        let mut fact = filled(2 * n + 2, 1.0)?;
        for k in 1..fact.len() {
            fact[k] = fact[k - 1] * k as f64;
        }
        let mut det = 1.0;
        if recip {
            for i in 0..n {
                det *= fact[i] / fact[n + 1 + i];
            }
            if (n * n.saturating_sub(1) / 2) % 2 == 1 {
                det = -det;
            }
        } else {
            for i in 1..n {
                det *= fact[i + 1] * fact[n - i];
            }
            det *= fact[n + 1];
        }
        out.push(Value::num(det));
    }
    Ok(out)
}

pub(super) fn jordbloc(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let lambda = a.num(1, "LAMBDA", 1.0)?;
    one(jordan(n, lambda)?.value())
}

pub(super) fn kahan(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let (r, n) = a.rows_cols(0)?;
    let theta = a.num(1, "THETA", 1.2)?;
    let pert = a.num(2, "PERT", 25.0)?;
    let (s, c) = (theta.sin(), theta.cos());
    one(Mat::new(r, n, |i, j| {
        if i >= n {
            0.0
        } else if j < i {
            // s^i * (0 - c*0): negative zero as Octave's (and MATLAB's)
            // arithmetic leaves it.
            s.powf(i as f64) * -(c * 0.0)
        } else if i == j {
            s.powf(i as f64) + pert * f64::EPSILON * (n - i) as f64
        } else {
            s.powf(i as f64) * -c
        }
    })?
    .value())
}

pub(super) fn kms(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let rho = match a.given(1) {
        Some(v) if v.is_scalar() && v.is_numeric() => v
            .to_complex_array("gallery")?
            .data()
            .first()
            .copied()
            .unwrap_or_default(),
        Some(_) => return Err(a.err("RHO must be a scalar")),
        None => C64::new(0.5, 0.0),
    };
    if rho.im == 0.0 {
        let rho = rho.re;
        return one(sq(n, |i, j| {
            rho.powi(i.abs_diff(j).min(i32::MAX as usize) as i32)
        })?);
    }
    // Complex rho: Hermitian, the conjugate powers below the diagonal.
    let numel = n.checked_mul(n).filter(|&k| k <= MAX_NUMEL);
    numel.ok_or_else(crate::builtins::util::too_large)?;
    let mut d = alloc_vec(n * n)?;
    for j in 0..n {
        for i in 0..n {
            let p = rho.powi(i.abs_diff(j).min(i32::MAX as usize) as i32);
            d.push(if i > j { p.conj() } else { p });
        }
    }
    one(Value::Complex(Array::new(Dims::mat(n, n), d)))
}

pub(super) fn krylov(ctx: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let av = &a.a[0];
    let dims = av.dims();
    if !av.is_numeric() || av.is_complex() || dims.ndims() != 2 || dims.rows() != dims.cols() {
        return Err(a.err("A must be a square 2-D matrix"));
    }
    let (n, m) = if av.is_scalar() {
        let n = dim(av.scalar_f64("gallery")?)?;
        let mut m = Mat::new(n, n, |_, _| 0.0)?;
        for v in m.d.iter_mut() {
            *v = ctx.state.rng.next_normal();
        }
        (n, m.d)
    } else {
        (dims.rows(), av.to_num_array("gallery")?.into_vec())
    };
    let x = match a.given(1) {
        Some(v) => {
            let x = a.values(1, "X")?;
            if !v.dims().is_vector() || x.len() != n {
                return Err(a.err("X must be a vector of length equal to A"));
            }
            x
        }
        None => filled(n, 1.0)?,
    };
    let j = match a.given(2) {
        Some(_) => dim(a.int(2, "J")?)?,
        None => n,
    };
    let mut b = Mat::new(n, j, |_, _| 1.0)?;
    if j > 0 {
        for (i, &xi) in x.iter().enumerate() {
            b.set(i, 0, xi);
        }
    }
    for c in 1..j {
        for i in 0..n {
            let s: f64 = (0..n).map(|k| m[i + k * n] * b.get(k, c - 1)).sum();
            b.set(i, c, s);
        }
    }
    one(b.value())
}

pub(super) fn lauchli(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let mu = a.num(1, "MU", f64::EPSILON.sqrt())?;
    one(Mat::new(n + 1, n, |i, j| {
        if i == 0 {
            1.0
        } else if i == j + 1 {
            mu
        } else {
            0.0
        }
    })?
    .value())
}

pub(super) fn lehmer(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    one(sq(n, |i, j| (i.min(j) + 1) as f64 / (i.max(j) + 1) as f64)?)
}

pub(super) fn lesp(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    one(sq(n, |i, j| {
        if i == j {
            -(2.0 * (i + 2) as f64 + 1.0)
        } else if i == j + 1 {
            1.0 / (j + 2) as f64
        } else if j == i + 1 {
            (i + 2) as f64
        } else {
            0.0
        }
    })?)
}

pub(super) fn lotkin(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    one(sq(n, |i, j| if i == 0 { 1.0 } else { hilb(i, j) })?)
}

pub(super) fn minij(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    one(sq(n, |i, j| (i.min(j) + 1) as f64)?)
}

pub(super) fn moler(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let alpha = a.num(1, "ALPHA", -1.0)?;
    one(sq(n, |i, j| {
        let k = i.min(j) as f64;
        if i == j {
            alpha * alpha * k + 1.0
        } else {
            alpha * alpha * k + alpha
        }
    })?)
}

pub(super) fn orthog(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let k = a.num(1, "K", 1.0)?;
    let fnn = n as f64;
    let q = match k as i64 {
        _ if k.fract() != 0.0 => return Err(a.err(&format!("unknown K '{}'", k))),
        1 => {
            let s = (2.0 / (fnn + 1.0)).sqrt();
            sq(n, |i, j| {
                (((i + 1) * (j + 1)) as f64 * (PI / (fnn + 1.0))).sin() * s
            })?
        }
        2 => {
            let s = 2.0 / (2.0 * fnn + 1.0).sqrt();
            sq(n, |i, j| {
                (((i + 1) * (j + 1)) as f64 * (2.0 * PI / (2.0 * fnn + 1.0))).sin() * s
            })?
        }
        3 => {
            let numel = n.checked_mul(n).filter(|&t| t <= MAX_NUMEL);
            numel.ok_or_else(crate::builtins::util::too_large)?;
            let mut d = alloc_vec(n * n)?;
            for j in 0..n {
                for i in 0..n {
                    let ang = (i * j) as f64 * 2.0 * PI / fnn;
                    d.push(C64::new(ang.cos(), ang.sin()) / fnn.sqrt());
                }
            }
            Value::Complex(Array::new(Dims::mat(n, n), d))
        }
        4 => sq(n, |i, j| {
            let v = if i == 0 {
                1.0
            } else if i == j {
                -(i as f64)
            } else if j < i {
                1.0
            } else {
                0.0
            };
            let w = if i == 0 { fnn } else { i as f64 };
            v / (w * (i + 1) as f64).sqrt()
        })?,
        5 => sq(n, |i, j| {
            let m = (i * j) as f64 * (2.0 * PI / fnn);
            (m.cos() + m.sin()) / fnn.sqrt()
        })?,
        -1 => sq(n, |i, j| ((i * j) as f64 * (PI / (fnn - 1.0))).cos())?,
        -2 => sq(n, |i, j| (i as f64 * (j as f64 + 0.5) * (PI / fnn)).cos())?,
        _ => return Err(a.err(&format!("unknown K '{}'", k))),
    };
    one(q)
}

pub(super) fn parter(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    one(sq(n, |i, j| 1.0 / ((i + 1) as f64 + 0.5 - (j + 1) as f64))?)
}

pub(super) fn pei(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let alpha = a.num(1, "ALPHA", 1.0)?;
    one(sq(n, |i, j| if i == j { alpha + 1.0 } else { 1.0 })?)
}

pub(super) fn prolate(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let w = a.num(1, "W", 0.25)?;
    let t: Vec<f64> = (0..n)
        .map(|k| {
            if k == 0 {
                2.0 * w
            } else {
                (2.0 * PI * w * k as f64).sin() / (PI * k as f64)
            }
        })
        .collect();
    one(sq(n, |i, j| t[i.abs_diff(j)])?)
}

pub(super) fn redheff(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let m = Mat::new(n, n, |i, j| {
        if j == 0 || (j + 1) % (i + 1) == 0 {
            1.0
        } else {
            0.0
        }
    })?;
    let d = m.d.iter().map(|&x| x != 0.0).collect();
    one(Value::Bool(Array::new(Dims::mat(n, n), d)))
}

pub(super) fn riemann(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    one(sq(n, |i, j| {
        if (j + 2) % (i + 2) == 0 {
            (i + 1) as f64
        } else {
            -1.0
        }
    })?)
}

pub(super) fn ris(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    one(sq(n, |i, j| 0.5 / (n as f64 - (i + j) as f64 - 0.5))?)
}

pub(super) fn smoke(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let open = a.switch01(1, 0.0)?;
    n.checked_mul(n)
        .filter(|&k| k <= MAX_NUMEL)
        .ok_or_else(crate::builtins::util::too_large)?;
    let mut d = filled(n * n, C64::new(0.0, 0.0))?;
    for i in 0..n {
        // w^(i+1) for w = exp(2*pi*i/n); the last diagonal element is 1.
        d[i + i * n] = if i + 1 == n {
            C64::new(1.0, 0.0)
        } else {
            C64::from_polar(1.0, 2.0 * PI * (i + 1) as f64 / n as f64)
        };
        if i + 1 < n {
            d[i + (i + 1) * n] = C64::new(1.0, 0.0);
        }
    }
    if !open && n > 0 {
        d[n - 1] = C64::new(1.0, 0.0);
    }
    one(Value::Complex(Array::new(Dims::mat(n, n), d)).narrowed())
}

pub(super) fn toeppd(ctx: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let m = match a.given(1) {
        Some(_) => {
            let m = dim(a.int(1, "M")?)?;
            if m > 1 << 24 {
                return Err(crate::builtins::util::too_large());
            }
            m
        }
        None => n,
    };
    let mut draw = |i: usize| -> Result<Vec<f64>> {
        match a.given(i) {
            Some(_) => a.values(i, if i == 2 { "W" } else { "THETA" }),
            None => {
                dim(m as f64)?;
                Ok((0..m).map(|_| ctx.state.rng.next_f64()).collect())
            }
        }
    };
    let w = draw(2)?;
    let theta = draw(3)?;
    if w.len() != m || theta.len() != m {
        return Err(a.err("W and THETA must be vectors of length M"));
    }
    one(sq(n, |i, j| {
        let e = 2.0 * PI * (i as f64 - j as f64);
        w.iter()
            .zip(&theta)
            .map(|(wk, tk)| wk * (tk * e).cos())
            .sum()
    })?)
}

pub(super) fn triw(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let v = a.values(0, "N")?;
    if !(v.len() == 1 || v.len() == 2) {
        return Err(a.err("N must be a 1 or 2 elements vector"));
    }
    let (m, n) = (dim(v[0].trunc())?, dim(v[v.len() - 1].trunc())?);
    let alpha = match a.given(1) {
        Some(x) if x.is_scalar() => a.scalar(1, "ALPHA")?,
        Some(_) => return Err(a.err("ALPHA must be a scalar")),
        None => -1.0,
    };
    let k = match a.given(2) {
        Some(_) => {
            let k = a
                .int(2, "K")
                .map_err(|_| a.err("K must be a numeric integer >= 0"))?;
            if k < 0.0 {
                return Err(a.err("K must be a numeric integer >= 0"));
            }
            k
        }
        None => n as f64 - 1.0,
    };
    one(Mat::new(m, n, |i, j| {
        if i == j {
            1.0
        } else if j > i && (j - i) as f64 <= k {
            alpha
        } else if i > j {
            // alpha * 0, the sign kept as in MATLAB's formula.
            alpha * 0.0
        } else {
            0.0
        }
    })?
    .value())
}

// 0.7853 in wilk(4)'s b is data, not an approximation of pi/4.
#[allow(clippy::approx_constant)]
pub(super) fn wilk(ctx: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a
        .scalar(0, "N")
        .map_err(|_| a.err("N must be a numeric scalar"))?;
    let (m, b): (Value, Option<Vec<f64>>) = if n == 3.0 {
        let rows = [[1e-10, 0.9, -0.4], [0.0, 0.9, -0.4], [0.0, 0.0, 1e-10]];
        (sq(3, |i, j| rows[i][j])?, Some(vec![0.0, 0.0, 1.0]))
    } else if n == 4.0 {
        let rows = [
            [0.9143e-4, 0.0, 0.0, 0.0],
            [0.8762, 0.7156e-4, 0.0, 0.0],
            [0.7943, 0.8143, 0.9504e-4, 0.0],
            [0.8017, 0.6123, 0.7165, 0.7123e-4],
        ];
        (
            sq(4, |i, j| rows[i][j])?,
            Some(vec![0.6524, 0.3127, 0.4186, 0.7853]),
        )
    } else if n == 5.0 {
        (sq(5, |i, j| hilb(i, j + 1) * 1.8144)?, None)
    } else if n == 21.0 {
        (
            sq(21, |i, j| {
                if i == j {
                    (i as f64 - 10.0).abs()
                } else if i.abs_diff(j) == 1 {
                    1.0
                } else {
                    0.0
                }
            })?,
            None,
        )
    } else {
        return Err(a.err(&format!("unknown N '{}'", n)));
    };
    let mut out = vec![m];
    if ctx.nargout > 1 {
        match b {
            Some(b) => out.push(column(b)),
            None => {
                return Err(Error::new(format!(
                    "gallery: wilk matrix of order {n} has no right-hand side b"
                )))
            }
        }
    }
    Ok(out)
}
