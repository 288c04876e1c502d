//! gallery's sparse matrices: tridiag, toeppen, dorr, poisson, neumann
//! and wathen (double sparse, as MATLAB returns them).

use super::{column, dim, filled, one, sparse, Args};
use crate::builtins::Ctx;
use crate::error::Result;
use crate::ops::alloc_vec;
use crate::value::sparse::{Csc, SparseMatrix};
use crate::value::Value;

/// The three diagonals of Dorr's matrix: sub (n-1), main (n), super (n-1).
pub(super) fn dorr_diagonals(n: usize, theta: f64) -> Result<(Vec<f64>, Vec<f64>, Vec<f64>)> {
    let h = 1.0 / (n as f64 + 1.0);
    let m = n.div_ceil(2);
    let term = theta / (h * h);
    let (mut c, mut d, mut e) = (filled(n, 0.0)?, filled(n, 0.0)?, filled(n, 0.0)?);
    for i in 0..n {
        let ih = (i + 1) as f64 * h;
        if i < m {
            c[i] = -term;
            e[i] = c[i] - (0.5 - ih) / h;
        } else {
            e[i] = -term;
            c[i] = e[i] + (0.5 - ih) / h;
        }
        d[i] = -(c[i] + e[i]);
    }
    let sub = c.get(1..).map(<[f64]>::to_vec).unwrap_or_default();
    e.truncate(n.saturating_sub(1));
    Ok((sub, d, e))
}

fn tridiagonal(sub: &[f64], diag: &[f64], sup: &[f64]) -> Result<Value> {
    let n = diag.len();
    let mut trip = alloc_vec(n.saturating_mul(3))?;
    for i in 0..n {
        if i > 0 {
            trip.push((i, i - 1, sub[i - 1]));
        }
        trip.push((i, i, diag[i]));
        if i + 1 < n {
            trip.push((i, i + 1, sup[i]));
        }
    }
    sparse(n, n, trip)
}

pub(super) fn dorr(ctx: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.sparse_order(0)?;
    let theta = a.num(1, "THETA", 0.01)?;
    dim(3.0 * n as f64)?;
    let (c, d, e) = dorr_diagonals(n, theta)?;
    if ctx.nargout <= 1 {
        return one(tridiagonal(&c, &d, &e)?);
    }
    Ok(vec![column(c), column(d), column(e)])
}

pub(super) fn neumann(ctx: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let v = a.values(0, "N")?;
    if !(v.len() == 1 || v.len() == 2) || v.iter().any(|x| x.fract() != 0.0) {
        return Err(a.err("N must be a 1 or 2 element integer"));
    }
    let (m1, m2) = if v.len() == 1 {
        let m = v[0].max(0.0).sqrt();
        if m * m != v[0] {
            return Err(a.err("N must be a perfect square"));
        }
        (dim(m)?, dim(m)?)
    } else {
        (dim(v[0])?, dim(v[1])?)
    };
    let size = m1
        .checked_mul(m2)
        .filter(|&k| k <= 1 << 22)
        .ok_or_else(crate::builtins::util::too_large)?;
    // T: tridiag(-1, 2, -1) with -2 at (1, 2) and (m1, m1 - 1).
    let t = |i: usize, j: usize| -> f64 {
        if i == j {
            2.0
        } else if i.abs_diff(j) == 1 {
            if (i == 0 && j == 1) || (i + 1 == m1 && j + 2 == m1) {
                -2.0
            } else {
                -1.0
            }
        } else {
            0.0
        }
    };
    // kron(T, eye(m2)) + kron(eye(m2), T) as the Octave code writes it
    // (the second term's blocks are m1 x m1 only when m1 == m2).
    let mut trip = alloc_vec(5 * size)?;
    for bi in 0..m1 {
        for bj in 0..m1 {
            let tv = t(bi, bj);
            if tv != 0.0 {
                for k in 0..m2 {
                    trip.push((bi * m2 + k, bj * m2 + k, tv));
                }
            }
        }
    }
    for blk in 0..m2 {
        for i in 0..m1 {
            for j in 0..m1 {
                let tv = t(i, j);
                if tv != 0.0 {
                    trip.push((blk * m1 + i, blk * m1 + j, tv));
                }
            }
        }
    }
    let a_mat = sparse(size, size, trip)?;
    let mut out = vec![a_mat];
    if ctx.nargout > 1 {
        let mut tt = Vec::new();
        for i in 0..m1 {
            for j in 0..m1 {
                if t(i, j) != 0.0 {
                    tt.push((i, j, t(i, j)));
                }
            }
        }
        out.push(sparse(m1, m1, tt)?);
    }
    Ok(out)
}

pub(super) fn poisson(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let size = n
        .checked_mul(n)
        .filter(|&k| k <= 1 << 22)
        .ok_or_else(crate::builtins::util::too_large)?;
    let mut trip = alloc_vec(5 * size)?;
    for bj in 0..n {
        for i in 0..n {
            let k = bj * n + i;
            trip.push((k, k, 4.0));
            if i > 0 {
                trip.push((k, k - 1, -1.0));
            }
            if i + 1 < n {
                trip.push((k, k + 1, -1.0));
            }
            if bj > 0 {
                trip.push((k, k - n, -1.0));
            }
            if bj + 1 < n {
                trip.push((k, k + n, -1.0));
            }
        }
    }
    one(sparse(size, size, trip)?)
}

pub(super) fn toeppen(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.sparse_order(0)?;
    let mut coef = [1.0, -10.0, 0.0, 10.0, 1.0];
    for (k, c) in coef.iter_mut().enumerate() {
        if a.given(k + 1).is_some() {
            *c = a
                .scalar(k + 1, "A")
                .map_err(|_| a.err("A, B, C, D and E must be numeric scalars"))?;
        }
    }
    dim(5.0 * n as f64)?;
    let mut trip = alloc_vec(n.saturating_mul(5))?;
    for j in 0..n {
        for (k, &c) in coef.iter().enumerate() {
            // Diagonal k - 2: row j - (k - 2).
            let i = j as i64 + 2 - k as i64;
            if i >= 0 && (i as usize) < n {
                trip.push((i as usize, j, c));
            }
        }
    }
    one(sparse(n, n, trip)?)
}

pub(super) fn tridiag(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    // tridiag(n), tridiag(c, d, e) or tridiag(n, c, d, e).
    let (x, y, z, n) = match a.a.len() {
        1 => (vec![-1.0], vec![2.0], vec![-1.0], a.sparse_order(0)?),
        3 | 4 => {
            let f = a.a.len() - 3;
            let (x, y, z) = (
                a.values(f, "X")?,
                a.values(f + 1, "Y")?,
                a.values(f + 2, "Z")?,
            );
            // With scalars the order is the first argument (c itself
            // when there are three).
            let n = if x.len() == 1 && y.len() == 1 && z.len() == 1 {
                a.sparse_order(0)?
            } else {
                0
            };
            (x, y, z, n)
        }
        _ => return Err(a.err("1, 3, or 4 arguments are required")),
    };
    if x.len() == 1 && y.len() == 1 && z.len() == 1 {
        dim(3.0 * n as f64)?;
        let m = n.saturating_sub(1);
        return one(tridiagonal(
            &filled(m, x[0])?,
            &filled(n, y[0])?,
            &filled(m, z[0])?,
        )?);
    }
    if y.len() != x.len() + 1 {
        return Err(a.err("X must have one element less than Y"));
    }
    if y.len() != z.len() + 1 {
        return Err(a.err("Z must have one element less than Y"));
    }
    one(tridiagonal(&x, &y, &z)?)
}

/// A positive integer scalar.
fn positive(a: &Args, i: usize, what: &str) -> Result<usize> {
    match a.scalar(i, what) {
        Ok(x) if x >= 1.0 && x.fract() == 0.0 => dim(x),
        _ => Err(a.err(&format!("{what} must be a positive scalar"))),
    }
}

pub(super) fn wathen(ctx: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let nx = positive(a, 0, "NX")?;
    let ny = positive(a, 1, "NY")?;
    let scaled = a.num(2, "K", 0.0)? != 0.0;
    // The 8 x 8 element matrix of the serendipity element, / 45.
    const E1: [[f64; 4]; 4] = [
        [6., -6., 2., -8.],
        [-6., 32., -6., 20.],
        [2., -6., 6., -6.],
        [-8., 20., -6., 32.],
    ];
    const E2: [[f64; 4]; 4] = [
        [3., -8., 2., -6.],
        [-8., 16., -8., 20.],
        [2., -8., 3., -8.],
        [-6., 20., -8., 16.],
    ];
    let e = |r: usize, c: usize| -> f64 {
        let v = match (r < 4, c < 4) {
            (true, true) => E1[r][c],
            (true, false) => E2[r][c - 4],
            (false, true) => E2[c][r - 4],
            (false, false) => E1[r - 4][c - 4],
        };
        v / 45.0
    };
    let cells = nx
        .checked_mul(ny)
        .filter(|&k| k <= 1 << 18)
        .ok_or_else(crate::builtins::util::too_large)?;
    let n = 3 * cells + 2 * nx + 2 * ny + 1;
    let mut rho = filled(cells, 0.0)?;
    for r in rho.iter_mut() {
        *r = 100.0 * ctx.state.rng.next_f64();
    }
    let mut trip = alloc_vec(64 * cells)?;
    for j in 1..=ny {
        for i in 1..=nx {
            // Node numbers (1-based) of the element's eight nodes.
            let n1 = 3 * j * nx + 2 * i + 2 * j + 1;
            let n4 = (3 * j - 1) * nx + 2 * j + i - 1;
            let n5 = 3 * (j - 1) * nx + 2 * i + 2 * j - 3;
            let nn = [n1, n1 - 1, n1 - 2, n4, n5, n5 + 1, n5 + 2, n4 + 1];
            let r = rho[(i - 1) + (j - 1) * nx];
            for (kr, &row) in nn.iter().enumerate() {
                for (kc, &col) in nn.iter().enumerate() {
                    trip.push((row - 1, col - 1, e(kr, kc) * r));
                }
            }
        }
    }
    if scaled {
        // diag(diag(A)) \ A: each row over its diagonal element.
        let csc = Csc::from_triplets(n, n, trip, |x, y| x + y)?;
        let mut diag = filled(n, 0.0)?;
        for (c, dc) in diag.iter_mut().enumerate() {
            for k in csc.colptr[c]..csc.colptr[c + 1] {
                if csc.rowidx[k] == c {
                    *dc = csc.vals[k];
                }
            }
        }
        let mut out = csc;
        for c in 0..n {
            for k in out.colptr[c]..out.colptr[c + 1] {
                out.vals[k] /= diag[out.rowidx[k]];
            }
        }
        return one(Value::Sparse(Box::new(SparseMatrix::real(out))));
    }
    one(sparse(n, n, trip)?)
}
