//! Square solves (`\`, `/`), inverses and least squares with Octave's
//! choice of method by matrix type: triangular substitution, Cholesky for
//! Hermitian matrices with a positive diagonal, LU otherwise; exactly
//! singular systems warn and fall back to minimum-norm least squares. The
//! operation order follows OpenBLAS/LAPACK so results agree with Octave to
//! the last bit on small systems.

use super::dense::{as_mat, is_hermitian, lu_factor, norm1, Elem};
use crate::error::{warn_id, Error, Result};

/// Octave's warning for singular or badly conditioned matrices.
pub fn warn_singular(rcond: f64) {
    if rcond == 0.0 {
        warn_id(
            "Octave:singular-matrix",
            "matrix singular to machine precision",
        );
    } else {
        warn_id(
            "Octave:singular-matrix",
            &format!(
                "matrix singular to machine precision, rcond = {}",
                super::fmt_g(rcond)
            ),
        );
    }
}

fn badly_conditioned(rc: f64) -> bool {
    rc + 1.0 == 1.0 || rc.is_nan()
}

/// `A \ B` with `A` `m x n`, `B` `m x nrhs` (callers checked the rows agree).
/// Square: LU; exactly singular: warning and minimum-norm least squares, as
/// Octave; otherwise least squares.
pub fn solve<T: Elem>(m: usize, n: usize, a: &[T], b: &[T], nrhs: usize) -> Result<Vec<T>> {
    if m == n {
        if n == 0 {
            return Ok(Vec::new());
        }
        if let Some(upper) = triangular(n, a) {
            let rc = tri_rcond(n, a, upper);
            if badly_conditioned(rc) {
                warn_singular(rc);
            }
            let mut x = b.to_vec();
            for xc in x.chunks_exact_mut(n) {
                tri_solve(n, a, upper, false, xc);
            }
            return Ok(x);
        }
        if let Some(r) = hermitian_positive_diag(n, a)
            .then(|| chol_upper(n, a).ok())
            .flatten()
        {
            let rc = chol_rcond(n, a, &r);
            if badly_conditioned(rc) {
                warn_singular(rc);
            }
            return Ok(chol_solve(n, &r, b));
        }
        let lu = lu_factor(n, n, a.to_vec());
        if lu.singular {
            warn_singular(0.0);
            return lstsq(m, n, a, b, nrhs);
        }
        let rc = lu.rcond(norm1(n, n, a));
        if badly_conditioned(rc) {
            warn_singular(rc);
        }
        return Ok(lu.solve(b, nrhs));
    }
    lstsq(m, n, a, b, nrhs)
}

/// `Some(true)` for upper and `Some(false)` for lower triangular matrices
/// with a nonzero diagonal (Octave's matrix-type probe); `None` otherwise.
pub fn triangular<T: Elem>(n: usize, a: &[T]) -> Option<bool> {
    if n < 2 || (0..n).any(|i| a[i + i * n] == T::e0()) {
        return None;
    }
    if (0..n).all(|j| a[j * n + j + 1..(j + 1) * n].iter().all(|&v| v == T::e0())) {
        return Some(true);
    }
    if (0..n).all(|j| a[j * n..j * n + j].iter().all(|&v| v == T::e0())) {
        return Some(false);
    }
    None
}

/// In-place triangular solve with `T` (`adjoint`: with `T^H`), multiplying
/// by reciprocal pivots as OpenBLAS's `trsm` does.
fn tri_solve<T: Elem>(n: usize, a: &[T], upper: bool, adjoint: bool, x: &mut [T]) {
    let inv: Vec<T> = (0..n).map(|i| T::e1() / a[i + i * n]).collect();
    match (upper, adjoint) {
        (true, false) => {
            for k in (0..n).rev() {
                x[k] *= inv[k];
                let t = x[k];
                for (xi, &u) in x[..k].iter_mut().zip(&a[k * n..k * n + k]) {
                    *xi -= u * t;
                }
            }
        }
        (false, false) => {
            for k in 0..n {
                x[k] *= inv[k];
                let t = x[k];
                for (xi, &l) in x[k + 1..].iter_mut().zip(&a[k * n + k + 1..(k + 1) * n]) {
                    *xi -= l * t;
                }
            }
        }
        (true, true) => {
            // U^H is lower: forward, row k of U^H is column k of U conjugated
            for k in 0..n {
                let mut s = x[k];
                for (&u, &xi) in a[k * n..k * n + k].iter().zip(&x[..k]) {
                    s -= u.cj() * xi;
                }
                x[k] = s * inv[k].cj();
            }
        }
        (false, true) => {
            for k in (0..n).rev() {
                let mut s = x[k];
                for (&l, &xi) in a[k * n + k + 1..(k + 1) * n].iter().zip(&x[k + 1..]) {
                    s -= l.cj() * xi;
                }
                x[k] = s * inv[k].cj();
            }
        }
    }
}

fn tri_rcond<T: Elem>(n: usize, a: &[T], upper: bool) -> f64 {
    rcond_est(
        n,
        norm1(n, n, a),
        |b| {
            let mut x = b.to_vec();
            tri_solve(n, a, upper, false, &mut x);
            x
        },
        |b| {
            let mut x = b.to_vec();
            tri_solve(n, a, upper, true, &mut x);
            x
        },
    )
}

/// Hager/Higham estimate of `1 / (‖A‖₁ ‖A⁻¹‖₁)` from solves with `A` and `A^H`.
pub(crate) fn rcond_est<T: Elem>(
    n: usize,
    anorm: f64,
    solve: impl Fn(&[T]) -> Vec<T>,
    solve_adj: impl Fn(&[T]) -> Vec<T>,
) -> f64 {
    if n == 0 {
        return f64::INFINITY;
    }
    if anorm == 0.0 {
        return 0.0;
    }
    if anorm.is_nan() {
        return f64::NAN;
    }
    let mut x = vec![T::from_re(1.0 / n as f64); n];
    let mut est = 0.0f64;
    for _ in 0..5 {
        let y = solve(&x);
        let ynorm: f64 = y.iter().map(|v| v.modulus()).sum();
        if ynorm.is_nan() {
            return f64::NAN;
        }
        if ynorm <= est {
            break;
        }
        est = ynorm;
        let xi: Vec<T> = y
            .iter()
            .map(|&v| {
                let m = v.modulus();
                if m == 0.0 {
                    T::e1()
                } else {
                    v / T::from_re(m)
                }
            })
            .collect();
        let z = solve_adj(&xi);
        let (mut jmax, mut zmax) = (0, -1.0);
        for (j, v) in z.iter().enumerate() {
            if v.modulus() > zmax {
                zmax = v.modulus();
                jmax = j;
            }
        }
        let ztx: f64 = z.iter().zip(&x).map(|(p, q)| (p.cj() * *q).re_part()).sum();
        if zmax <= ztx {
            break;
        }
        x = vec![T::e0(); n];
        x[jmax] = T::e1();
    }
    if est == 0.0 {
        return f64::INFINITY;
    }
    1.0 / (anorm * est)
}

/// Octave tries Cholesky first for Hermitian matrices with a positive real
/// diagonal.
pub fn hermitian_positive_diag<T: Elem>(n: usize, a: &[T]) -> bool {
    (0..n).all(|i| {
        let d = a[i + i * n];
        d.re_part() > 0.0 && d == T::from_re(d.re_part())
    }) && is_hermitian(n, a)
}

/// Upper Cholesky factor `R` (`R^H R = A`) from the upper triangle, in
/// OpenBLAS `potf2` order. `Err(j)` is the 1-based column where positivity
/// failed, with the factor computed so far.
pub fn chol_upper<T: Elem>(n: usize, a: &[T]) -> std::result::Result<Vec<T>, (usize, Vec<T>)> {
    let mut r = vec![T::e0(); n * n];
    for j in 0..n {
        let mut s = a[j + j * n].re_part();
        for k in 0..j {
            let v = r[k + j * n];
            s -= (v.cj() * v).re_part();
        }
        if s <= 0.0 || s.is_nan() {
            return Err((j + 1, r));
        }
        let d = s.sqrt();
        r[j + j * n] = T::from_re(d);
        let rd = T::from_re(1.0 / d);
        for i in j + 1..n {
            let mut t = a[j + i * n];
            for k in 0..j {
                t -= r[k + j * n].cj() * r[k + i * n];
            }
            r[j + i * n] = t * rd;
        }
    }
    Ok(r)
}

/// Solves `R^H R X = B` (triangular solves multiply by reciprocal pivots,
/// as OpenBLAS's `trsm` kernels do).
fn chol_solve<T: Elem>(n: usize, r: &[T], b: &[T]) -> Vec<T> {
    let inv: Vec<T> = (0..n).map(|i| T::e1() / r[i + i * n]).collect();
    let mut x = b.to_vec();
    for xc in x.chunks_exact_mut(n.max(1)) {
        // R^H y = b (forward)
        for k in 0..n {
            let mut s = xc[k];
            for i in 0..k {
                s -= r[i + k * n].cj() * xc[i];
            }
            xc[k] = s * inv[k].cj();
        }
        // R x = y (backward)
        for k in (0..n).rev() {
            xc[k] *= inv[k];
            let t = xc[k];
            for i in 0..k {
                xc[i] -= r[i + k * n] * t;
            }
        }
    }
    x
}

/// Reciprocal condition estimate from a Cholesky factor (`A^H = A`).
fn chol_rcond<T: Elem>(n: usize, a: &[T], r: &[T]) -> f64 {
    rcond_est(
        n,
        norm1(n, n, a),
        |b| chol_solve(n, r, b),
        |b| chol_solve(n, r, b),
    )
}

/// Minimum-norm least-squares solution of `A X = B` via the SVD.
pub fn lstsq<T: Elem>(m: usize, n: usize, a: &[T], b: &[T], nrhs: usize) -> Result<Vec<T>> {
    if m == 0 || n == 0 {
        return Ok(vec![T::e0(); n * nrhs]);
    }
    if !a.iter().all(|v| v.finite()) {
        return Ok(vec![T::from_re(f64::NAN); n * nrhs]);
    }
    let svd = as_mat(m, n, a)
        .thin_svd()
        .map_err(|_| Error::new("SVD failed to converge"))?;
    let (u, v) = (svd.U(), svd.V());
    let s: Vec<f64> = svd
        .S()
        .column_vector()
        .iter()
        .map(|x| x.re_part())
        .collect();
    let smax = s.first().copied().unwrap_or(0.0);
    let tol = m.max(n) as f64 * f64::EPSILON * smax;
    let r = s.len();
    let mut x = vec![T::e0(); n * nrhs];
    for j in 0..nrhs {
        let bc = &b[j * m..(j + 1) * m];
        for (k, &sk) in s.iter().enumerate().take(r) {
            if sk <= tol || sk == 0.0 {
                continue;
            }
            let mut c = T::e0();
            for (i, &bi) in bc.iter().enumerate() {
                c += u[(i, k)].cj() * bi;
            }
            let c = c / T::from_re(sk);
            for i in 0..n {
                x[i + j * n] += v[(i, k)] * c;
            }
        }
    }
    Ok(x)
}

/// Inverse of a square matrix, with Octave's warnings; an exactly singular
/// matrix gives all-Inf.
pub fn inverse<T: Elem>(n: usize, a: &[T]) -> Vec<T> {
    if n == 0 {
        return Vec::new();
    }
    let (inv, rc) = typed_inverse(n, a);
    if badly_conditioned(rc) {
        warn_singular(rc);
    }
    inv
}

/// In-place inverse of a triangular matrix (LAPACK `trti2`, non-unit).
pub(super) fn tri_inverse<T: Elem>(n: usize, a: &mut [T], upper: bool) {
    if upper {
        for j in 0..n {
            a[j + j * n] = T::e1() / a[j + j * n];
            let ajj = -a[j + j * n];
            for jj in 0..j {
                let temp = a[jj + j * n];
                if temp != T::e0() {
                    for i in 0..jj {
                        let v = a[i + jj * n];
                        a[i + j * n] += temp * v;
                    }
                    a[jj + j * n] = temp * a[jj + jj * n];
                }
            }
            for i in 0..j {
                a[i + j * n] *= ajj;
            }
        }
    } else {
        for j in (0..n).rev() {
            a[j + j * n] = T::e1() / a[j + j * n];
            let ajj = -a[j + j * n];
            // x = a[j+1..n, j]; T = a[j+1..n, j+1..n] (lower, already inverted)
            for jj in (j + 1..n).rev() {
                let temp = a[jj + j * n];
                if temp != T::e0() {
                    for i in (jj + 1..n).rev() {
                        let v = a[i + jj * n];
                        a[i + j * n] += temp * v;
                    }
                    a[jj + j * n] = temp * a[jj + jj * n];
                }
            }
            for i in j + 1..n {
                a[i + j * n] *= ajj;
            }
        }
    }
}

/// Inverse of a Hermitian positive definite matrix from its Cholesky
/// factor (LAPACK `potri`: `inv(R)`, then `inv(R) * inv(R)^H` by `lauu2`),
/// mirrored to the lower triangle as Octave does.
fn chol_inverse<T: Elem>(n: usize, r: &[T]) -> Vec<T> {
    let mut a = r.to_vec();
    tri_inverse(n, &mut a, true);
    for i in 0..n {
        let aii = a[i + i * n];
        if i + 1 < n {
            let mut d = T::e0();
            for k in i..n {
                let v = a[i + k * n];
                d += v * v.cj();
            }
            a[i + i * n] = d;
            for row in 0..i {
                let mut s = T::e0();
                for k in i + 1..n {
                    s += a[row + k * n] * a[i + k * n].cj();
                }
                a[row + i * n] = aii * a[row + i * n] + s;
            }
        } else {
            for row in 0..=i {
                a[row + i * n] *= aii;
            }
        }
    }
    for j in 0..n {
        for i in j + 1..n {
            a[i + j * n] = a[j + i * n].cj();
        }
    }
    a
}

/// Octave's inverse by matrix type: triangular (`trtri`), Hermitian
/// positive definite (`potri`), otherwise LU (`getri`). Returns the inverse
/// and the rcond estimate; singular matrices give all-Inf and rcond 0.
fn typed_inverse<T: Elem>(n: usize, a: &[T]) -> (Vec<T>, f64) {
    if let Some(upper) = triangular(n, a) {
        let rc = tri_rcond(n, a, upper);
        let mut inv = a.to_vec();
        tri_inverse(n, &mut inv, upper);
        return (inv, rc);
    }
    if hermitian_positive_diag(n, a) {
        if let Ok(r) = chol_upper(n, a) {
            let rc = chol_rcond(n, a, &r);
            return (chol_inverse(n, &r), rc);
        }
    }
    let lu = lu_factor(n, n, a.to_vec());
    if lu.singular {
        return (vec![T::from_re(f64::INFINITY); n * n], 0.0);
    }
    let rc = lu.rcond(norm1(n, n, a));
    (lu.inverse(), rc)
}

/// Same as `inverse` but reports singularity to the caller instead of
/// warning (returns the inverse and the rcond estimate).
pub fn inverse_quiet<T: Elem>(n: usize, a: &[T]) -> (Vec<T>, f64) {
    if n == 0 {
        return (Vec::new(), f64::INFINITY);
    }
    typed_inverse(n, a)
}
