//! gallery's random matrices (cycol, rando, randhess, randsvd: the
//! session's generator) and the seeded data matrices (uniformdata,
//! normaldata, integerdata: a generator of their own seeded with j).

use super::{dim, one, sq, Args, Mat};
use crate::builtins::random::Rng;
use crate::builtins::util::MAX_NUMEL;
use crate::builtins::Ctx;
use crate::error::Result;
use crate::ops::alloc_vec;
use crate::value::{Array, Value};
use std::f64::consts::PI;

pub(super) fn cycol(ctx: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let (m, n) = a.rows_cols(0)?;
    let k = match a.given(1) {
        Some(_) => dim(a.scalar(1, "K")?)?,
        None => ((n as f64 / 4.0).round() as usize).max(1),
    };
    let k = k.max(1);
    let base = Mat::new(m, k.min(n.max(1)), |_, _| 0.0)?;
    let mut base = base;
    for j in 0..base.c {
        for i in 0..m {
            base.set(i, j, ctx.state.rng.next_normal());
        }
    }
    one(Mat::new(m, n, |i, j| base.get(i, j % base.c.max(1)))?.value())
}

pub(super) fn randhess(ctx: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let v = match a.given(0) {
        Some(v) if v.is_numeric() && !v.is_complex() => v,
        _ => return Err(a.err("N or X must be numeric real values")),
    };
    let (n, x, last) = if v.is_scalar() {
        let n = super::square_order(dim(v.scalar_f64("gallery")?)?)?;
        let x: Vec<f64> = (0..n.saturating_sub(1))
            .map(|_| ctx.state.rng.next_f64() * 2.0 * PI)
            .collect();
        let s = if ctx.state.rng.next_normal() < 0.0 {
            -1.0
        } else {
            1.0
        };
        (n, x, s)
    } else if v.dims().is_vector() && !v.is_empty() {
        let x = v.to_num_array("gallery")?.into_vec();
        let xn = x[x.len() - 1];
        let s = if xn < 0.0 { -1.0 } else { 1.0 };
        (x.len(), x, s)
    } else {
        return Err(a.err("N or X must be a scalar or a vector"));
    };
    let mut h = Mat::new(n, n, |i, j| if i == j { 1.0 } else { 0.0 })?;
    if n > 0 {
        h.set(n - 1, n - 1, last);
    }
    for i in (1..n).rev() {
        let (c, s) = (x[i - 1].cos(), x[i - 1].sin());
        for j in 0..n {
            let (u, w) = (h.get(i - 1, j), h.get(i, j));
            h.set(i - 1, j, c * u + s * w);
            h.set(i, j, -s * u + c * w);
        }
    }
    one(h.value())
}

pub(super) fn rando(ctx: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let (m, n) = a.rows_cols(0)?;
    let k = a.num(1, "K", 1.0)?;
    if !(k == 1.0 || k == 2.0 || k == 3.0) {
        return Err(a.err(&format!("unknown K '{}'", k)));
    }
    let mut r = Mat::new(m, n, |_, _| 0.0)?;
    for v in r.d.iter_mut() {
        let u = ctx.state.rng.next_f64();
        *v = match k as i32 {
            1 => (u + 0.5).floor(),
            2 => 2.0 * (u + 0.5).floor() - 1.0,
            _ => (3.0 * u - 1.5).round(),
        };
    }
    one(r.value())
}

/// The distributions of the seeded data matrices.
#[derive(Clone, Copy)]
enum Data {
    Uniform,
    Normal,
    Integer,
}

/// The 'uniformdata', 'normaldata' and 'integerdata' matrices: `rand`,
/// `randn` or `randi` of the arguments before the last, from a generator of their own seeded
/// with that last argument j (the session's generator is untouched), so
/// the same j gives the same data.
fn seeded(a: &Args, kind: Data) -> Result<Vec<Value>> {
    let last = a.a.len() - 1;
    let j = a
        .scalar(last, "J")
        .ok()
        .filter(|j| j.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(j));
    let Some(j) = j else {
        return Err(a.err("J must be an integer in the range [0, 2^32-1]"));
    };
    let mut rng = Rng::seeded(j as u32);
    let (first, lo, span) = match kind {
        Data::Integer => {
            let lim = a.values(0, "IMAX")?;
            let (lo, hi) = match lim[..] {
                [hi] => (1.0, hi),
                [lo, hi] => (lo, hi),
                _ => return Err(a.err("IMAX must be a scalar or a two-element vector")),
            };
            if !(lo.is_finite() && hi.is_finite() && lo.fract() == 0.0 && hi.fract() == 0.0)
                || hi < lo
            {
                return Err(a.err("IMAX must be integers with IMIN <= IMAX"));
            }
            (1, lo, hi - lo + 1.0)
        }
        _ => (0, 0.0, 0.0),
    };
    let dims = crate::builtins::util::parse_size("gallery", &a.a[first..last])?;
    let numel = dims.numel();
    let mut d = alloc_vec(numel)?;
    for _ in 0..numel {
        d.push(match kind {
            Data::Uniform => rng.next_f64(),
            Data::Normal => rng.next_normal(),
            Data::Integer => lo + (rng.next_f64() * span).floor(),
        });
    }
    one(Value::Num(Array::new(dims, d)))
}

pub(super) fn uniformdata(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    seeded(a, Data::Uniform)
}

pub(super) fn normaldata(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    seeded(a, Data::Normal)
}

pub(super) fn integerdata(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    seeded(a, Data::Integer)
}

/// Q * A for a random orthogonal Q (n - 1 Householder reflections of
/// normal vectors, then random signs), A n x m column-major.
fn random_orthogonal_times(ctx: &mut Ctx, a: &mut Mat) {
    let (n, m) = (a.r, a.c);
    if n == 0 {
        return;
    }
    let mut d = vec![0.0; n];
    for k in (0..n - 1).rev() {
        let len = n - k;
        let mut x: Vec<f64> = (0..len).map(|_| ctx.state.rng.next_normal()).collect();
        let norm = x.iter().map(|v| v * v).sum::<f64>().sqrt();
        let sgn = if x[0] >= 0.0 { 1.0 } else { -1.0 };
        let s = sgn * norm;
        d[k] = -sgn;
        x[0] += s;
        let beta = s * x[0];
        for c in 0..m {
            let y: f64 = (0..len).map(|t| x[t] * a.get(k + t, c)).sum();
            for (t, &xt) in x.iter().enumerate() {
                let v = a.get(k + t, c) - xt * (y / beta);
                a.set(k + t, c, v);
            }
        }
    }
    let last = if ctx.state.rng.next_normal() < 0.0 {
        -1.0
    } else {
        1.0
    };
    for c in 0..m {
        for (i, &di) in d.iter().enumerate().take(n - 1) {
            let v = di * a.get(i, c);
            a.set(i, c, v);
        }
        let v = a.get(n - 1, c) * last;
        a.set(n - 1, c, v);
    }
}

fn transpose(a: &Mat) -> Result<Mat> {
    Mat::new(a.c, a.r, |i, j| a.get(j, i))
}

/// A Householder vector v and beta with (I - beta*v*v')*x = -+norm(x)*e1.
fn householder(x: &[f64]) -> (Vec<f64>, f64) {
    let norm = x.iter().map(|v| v * v).sum::<f64>().sqrt();
    let s = norm * if x[0] >= 0.0 { 1.0 } else { -1.0 };
    let mut v = x.to_vec();
    if s == 0.0 {
        return (v, 1.0);
    }
    v[0] += s;
    let beta = 1.0 / (s * v[0]);
    (v, beta)
}

/// Reduces A to lower bandwidth kl and upper bandwidth ku by orthogonal
/// transformations from both sides (singular values kept).
fn band_reduce(mut a: Mat, kl: usize, ku: usize) -> Result<Mat> {
    let flip = ku == 0;
    let (kl, ku) = if flip { (ku, kl) } else { (kl, ku) };
    if flip {
        a = transpose(&a)?;
    }
    let (m, n) = (a.r, a.c);
    let steps = m.min(n).min(
        (m as i64 - kl as i64 - 1)
            .max(n as i64 - ku as i64 - 1)
            .max(0) as usize,
    );
    for j in 0..steps {
        if j + kl + 1 < m {
            let x: Vec<f64> = (j + kl..m).map(|i| a.get(i, j)).collect();
            let (v, beta) = householder(&x);
            for c in j..n {
                let y: f64 = (0..v.len()).map(|t| v[t] * a.get(j + kl + t, c)).sum();
                for (t, &vt) in v.iter().enumerate() {
                    let val = a.get(j + kl + t, c) - beta * vt * y;
                    a.set(j + kl + t, c, val);
                }
            }
            for i in j + kl + 1..m {
                a.set(i, j, 0.0);
            }
        }
        if j + ku + 1 < n {
            let x: Vec<f64> = (j + ku..n).map(|c| a.get(j, c)).collect();
            let (v, beta) = householder(&x);
            for r in j..m {
                let y: f64 = (0..v.len()).map(|t| a.get(r, j + ku + t) * v[t]).sum();
                for (t, &vt) in v.iter().enumerate() {
                    let val = a.get(r, j + ku + t) - beta * y * vt;
                    a.set(r, j + ku + t, val);
                }
            }
            for c in j + ku + 1..n {
                a.set(j, c, 0.0);
            }
        }
    }
    if flip {
        a = transpose(&a)?;
    }
    Ok(a)
}

pub(super) fn randsvd(ctx: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let (m, n) = a
        .rows_cols(0)
        .map_err(|_| a.err("N must be a 1 or 2 element integer vector"))?;
    let kappa = a.num(1, "KAPPA", (1.0 / f64::EPSILON).sqrt())?;
    if kappa.abs() < 1.0 {
        return Err(a.err("KAPPA must larger than or equal to 1"));
    }
    let mode = a.num(2, "MODE", 3.0)?;
    let kl = a.num(3, "KL", m.max(n) as f64 - 1.0)?;
    let ku = a.num(4, "KU", kl)?;
    let (posdef, kappa) = (kappa < 0.0, kappa.abs());
    let p = m.min(n);
    if m.checked_mul(n).is_none_or(|k| k > MAX_NUMEL) || (m.max(n) > 1 << 14 && p > 1) {
        return Err(crate::builtins::util::too_large());
    }
    if p == 1 {
        let mut v = Mat::new(m, n, |_, _| 0.0)?;
        for x in v.d.iter_mut() {
            *x = ctx.state.rng.next_normal();
        }
        let norm = v.d.iter().map(|x| x * x).sum::<f64>().sqrt();
        v.d.iter_mut().for_each(|x| *x /= norm);
        return one(v.value());
    }
    let fp = p as f64;
    let mut sigma: Vec<f64> = match mode.abs() {
        1.0 => (0..p)
            .map(|i| if i == 0 { 1.0 } else { 1.0 / kappa })
            .collect(),
        2.0 => (0..p)
            .map(|i| if i + 1 == p { 1.0 / kappa } else { 1.0 })
            .collect(),
        3.0 => {
            let factor = kappa.powf(-1.0 / (fp - 1.0));
            (0..p).map(|i| factor.powf(i as f64)).collect()
        }
        4.0 => (0..p)
            .map(|i| 1.0 - i as f64 / (fp - 1.0) * (1.0 - 1.0 / kappa))
            .collect(),
        5.0 => (0..p)
            .map(|_| (-ctx.state.rng.next_f64() * kappa.ln()).exp())
            .collect(),
        _ => return Err(a.err(&format!("unknown MODE '{}'", mode))),
    };
    if mode < 0.0 {
        sigma.reverse();
    }
    if posdef {
        let mut q = Mat::new(p, p, |i, j| if i == j { 1.0 } else { 0.0 })?;
        random_orthogonal_times(ctx, &mut q);
        // (Q' * diag(sigma) * Q + its transpose) / 2.
        let b = Mat::new(p, p, |i, j| {
            (0..p).map(|k| q.get(k, i) * sigma[k] * q.get(k, j)).sum()
        })?;
        return one(sq(p, |i, j| (b.get(i, j) + b.get(j, i)) / 2.0)?);
    }
    let diag = Mat::new(m, n, |i, j| if i == j { sigma[i] } else { 0.0 })?;
    if kl == 0.0 && ku == 0.0 {
        return one(diag.value());
    }
    let mut t = transpose(&diag)?;
    random_orthogonal_times(ctx, &mut t);
    let mut u = transpose(&t)?;
    random_orthogonal_times(ctx, &mut u);
    if kl < n as f64 - 1.0 || ku < n as f64 - 1.0 {
        u = band_reduce(u, dim(kl)?, dim(ku)?)?;
    }
    one(u.value())
}
