//! Dense linear algebra on column-major slices, generic over real and complex
//! doubles: LU with partial pivoting, square solves with Octave's singular
//! warnings and least-squares fallback, inverses, determinants, minimum-norm
//! least squares (SVD) and eigen-decompositions (faer).
//!
//! Square solves, inverses and least squares live in `solve` (re-exported
//! here). Matrices are `(rows, cols, Vec<T>)` in MATLAB's column-major order.

use super::solve::rcond_est;
pub use super::solve::{
    chol_upper, hermitian_positive_diag, inverse, inverse_quiet, lstsq, solve, triangular,
    warn_singular,
};
use super::Numeric;
use crate::error::{Error, Result};
use crate::value::{Array, Dims, C64};
use faer::{Mat, MatRef};
use std::fmt::Debug;
use std::ops::{Add, AddAssign, Div, DivAssign, Mul, MulAssign, Neg, Sub, SubAssign};

/// A matrix element: `f64` or `C64`.
pub trait Elem:
    faer::traits::ComplexField<Real = f64>
    + Copy
    + Debug
    + PartialEq
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + AddAssign
    + SubAssign
    + MulAssign
    + DivAssign
    + Send
    + Sync
    + 'static
{
    fn e0() -> Self;
    fn e1() -> Self;
    fn from_re(x: f64) -> Self;
    /// Modulus.
    fn modulus(self) -> f64;
    /// `|re| + |im|` (LAPACK's pivot measure).
    fn abs1(self) -> f64;
    fn cj(self) -> Self;
    fn re_part(self) -> f64;
    fn finite(self) -> bool;
    fn to_c64(self) -> C64;
    /// `acc + a * b`, fused for reals (OpenBLAS's kernels use FMA, so small
    /// products round as in Octave).
    fn fma(a: Self, b: Self, acc: Self) -> Self;
    /// Wraps column-major data as an operand.
    fn wrap(dims: Dims, v: Vec<Self>) -> Numeric;
}

impl Elem for f64 {
    fn e0() -> Self {
        0.0
    }
    fn e1() -> Self {
        1.0
    }
    fn from_re(x: f64) -> Self {
        x
    }
    fn modulus(self) -> f64 {
        self.abs()
    }
    fn abs1(self) -> f64 {
        self.abs()
    }
    fn cj(self) -> Self {
        self
    }
    fn re_part(self) -> f64 {
        self
    }
    fn finite(self) -> bool {
        self.is_finite()
    }
    fn to_c64(self) -> C64 {
        C64::new(self, 0.0)
    }
    #[inline]
    fn fma(a: Self, b: Self, acc: Self) -> Self {
        a.mul_add(b, acc)
    }
    fn wrap(dims: Dims, v: Vec<Self>) -> Numeric {
        Numeric::Re(Array::new(dims, v))
    }
}

impl Elem for C64 {
    fn e0() -> Self {
        C64::new(0.0, 0.0)
    }
    fn e1() -> Self {
        C64::new(1.0, 0.0)
    }
    fn from_re(x: f64) -> Self {
        C64::new(x, 0.0)
    }
    fn modulus(self) -> f64 {
        self.norm()
    }
    fn abs1(self) -> f64 {
        self.re.abs() + self.im.abs()
    }
    fn cj(self) -> Self {
        self.conj()
    }
    fn re_part(self) -> f64 {
        self.re
    }
    fn finite(self) -> bool {
        self.re.is_finite() && self.im.is_finite()
    }
    fn to_c64(self) -> C64 {
        self
    }
    #[inline]
    fn fma(a: Self, b: Self, acc: Self) -> Self {
        acc + a * b
    }
    fn wrap(dims: Dims, v: Vec<Self>) -> Numeric {
        Numeric::Cx(Array::new(dims, v))
    }
}

/// Borrow column-major data as a faer matrix.
pub fn as_mat<T: Elem>(m: usize, n: usize, a: &[T]) -> MatRef<'_, T> {
    MatRef::from_column_major_slice(a, m, n)
}

/// Copy a faer matrix out to column-major data.
pub fn from_mat<T: Elem>(a: MatRef<'_, T>) -> Vec<T> {
    let (m, n) = (a.nrows(), a.ncols());
    let mut v = Vec::with_capacity(m * n);
    for j in 0..n {
        for i in 0..m {
            v.push(a[(i, j)]);
        }
    }
    v
}

/// Column-major identity.
pub fn identity<T: Elem>(n: usize) -> Vec<T> {
    let mut v = vec![T::e0(); n * n];
    for i in 0..n {
        v[i + i * n] = T::e1();
    }
    v
}

/// Conjugate transpose of an `m x n` matrix.
pub fn adjoint<T: Elem>(m: usize, n: usize, a: &[T]) -> Vec<T> {
    let mut v = Vec::with_capacity(m * n);
    for i in 0..m {
        for j in 0..n {
            v.push(a[i + j * m].cj());
        }
    }
    v
}

/// Plain transpose of an `m x n` matrix.
pub fn transpose_data<T: Copy>(m: usize, n: usize, a: &[T]) -> Vec<T> {
    let mut v = Vec::with_capacity(m * n);
    for i in 0..m {
        for j in 0..n {
            v.push(a[i + j * m]);
        }
    }
    v
}

/// `A * B` for column-major `m x k` and `k x n` data (faer when large).
pub fn matmul<T: Elem>(m: usize, k: usize, n: usize, a: &[T], b: &[T]) -> Vec<T> {
    let mut out = vec![T::e0(); m * n];
    if m == 0 || n == 0 || k == 0 {
        return out;
    }
    if m >= 32 && n >= 32 && k >= 32 {
        let mut dst = Mat::<T>::zeros(m, n);
        faer::linalg::matmul::matmul(
            dst.as_mut(),
            faer::Accum::Replace,
            as_mat(m, k, a),
            as_mat(k, n, b),
            T::e1(),
            faer::get_global_parallelism(),
        );
        return from_mat(dst.as_ref());
    }
    if m == 1 {
        for (o, bcol) in out.iter_mut().zip(b.chunks_exact(k)) {
            let mut s = T::e0();
            for (&x, &y) in a.iter().zip(bcol) {
                s = T::fma(x, y, s);
            }
            *o = s;
        }
        return out;
    }
    for (ocol, bcol) in out.chunks_exact_mut(m).zip(b.chunks_exact(k)) {
        for (acol, &t) in a.chunks_exact(m).zip(bcol) {
            for (o, &x) in ocol.iter_mut().zip(acol) {
                *o = T::fma(x, t, *o);
            }
        }
    }
    out
}

/// LU factorization with partial pivoting of an `m x n` matrix: `P*A = L*U`
/// with L unit lower triangular stored below the diagonal of `lu`.
pub struct Lu<T> {
    pub m: usize,
    pub n: usize,
    pub lu: Vec<T>,
    /// Row `i` of `P*A` is row `perm[i]` of `A`.
    pub perm: Vec<usize>,
    /// Determinant sign of the permutation.
    pub sign: f64,
    /// An exactly zero pivot was met (LAPACK's `info > 0`).
    pub singular: bool,
}

/// Left-looking (Crout, "dot" form) LU with partial pivoting, in the same
/// operation order as OpenBLAS's `getf2`, so exactly singular matrices such
/// as `[1 2 3; 4 5 6; 7 8 9]` meet an exactly zero pivot as in Octave.
pub fn lu_factor<T: Elem>(m: usize, n: usize, mut a: Vec<T>) -> Lu<T> {
    if m.min(n) >= FAER_LU_MIN {
        return lu_faer(m, n, a);
    }
    let mut perm: Vec<usize> = (0..m).collect();
    let mut sign = 1.0;
    let mut singular = false;
    let mut temp = vec![T::e0(); m];
    for j in 0..n {
        let col = j * m;
        let jm = j.min(m);
        // upper part: unit lower triangular solve, sums accumulated then subtracted
        for t in temp.iter_mut() {
            *t = T::e0();
        }
        for k in 0..jm {
            let bk = a[col + k] - temp[k];
            a[col + k] = bk;
            if k + 1 < jm {
                let (lcol, _) = a.split_at(col);
                for i in k + 1..jm {
                    temp[i] += lcol[i + k * m] * bk;
                }
            }
        }
        if j >= m {
            continue;
        }
        // lower part: a[i,j] -= sum_k l[i,k] * u[k,j]
        for t in temp[j..].iter_mut() {
            *t = T::e0();
        }
        for k in 0..jm {
            let uk = a[col + k];
            let (lcol, _) = a.split_at(col);
            let lk = &lcol[k * m + j..k * m + m];
            for (t, &l) in temp[j..].iter_mut().zip(lk) {
                *t += l * uk;
            }
        }
        for i in j..m {
            a[col + i] -= temp[i];
        }
        let mut p = j;
        let mut best = -1.0;
        for i in j..m {
            let v = a[col + i].abs1();
            if v > best || (best.is_nan() && !v.is_nan()) {
                best = v;
                p = i;
            }
        }
        if a[col + p] == T::e0() {
            singular = true;
            continue;
        }
        if p != j {
            for c in 0..n {
                a.swap(j + c * m, p + c * m);
            }
            perm.swap(j, p);
            sign = -sign;
        }
        let r = T::e1() / a[col + j];
        for x in a[col + j + 1..col + m].iter_mut() {
            *x *= r;
        }
    }
    Lu {
        m,
        n,
        lu: a,
        perm,
        sign,
        singular,
    }
}

/// Size from which LU runs in faer's blocked kernel (small matrices keep the
/// OpenBLAS-like operation order above).
const FAER_LU_MIN: usize = 96;

/// Blocked LU from faer, repacked into `Lu`.
fn lu_faer<T: Elem>(m: usize, n: usize, a: Vec<T>) -> Lu<T> {
    use faer::dyn_stack::{MemBuffer, MemStack};
    use faer::linalg::lu::partial_pivoting::factor;
    let mut mat = as_mat(m, n, &a).to_owned();
    let k = m.min(n);
    let mut fwd = vec![0usize; m];
    let mut inv = vec![0usize; m];
    let par = faer::get_global_parallelism();
    let mut buf = MemBuffer::new(factor::lu_in_place_scratch::<usize, T>(
        m,
        n,
        par,
        Default::default(),
    ));
    let (info, _) = factor::lu_in_place(
        mat.as_mut(),
        &mut fwd,
        &mut inv,
        par,
        MemStack::new(&mut buf),
        Default::default(),
    );
    let lu = from_mat(mat.as_ref());
    let singular = (0..k).any(|i| lu[i + i * m] == T::e0());
    let sign = if info.transposition_count % 2 == 0 {
        1.0
    } else {
        -1.0
    };
    Lu {
        m,
        n,
        lu,
        perm: fwd,
        sign,
        singular,
    }
}

impl<T: Elem> Lu<T> {
    /// Solves `A X = B` in place for square `A` (`b` is `n x nrhs`).
    pub fn solve(&self, b: &[T], nrhs: usize) -> Vec<T> {
        let n = self.n;
        let mut x = vec![T::e0(); n * nrhs];
        for j in 0..nrhs {
            let bc = &b[j * n..(j + 1) * n];
            let xc = &mut x[j * n..(j + 1) * n];
            for i in 0..n {
                xc[i] = bc[self.perm[i]];
            }
            // forward (unit lower)
            for k in 0..n {
                let t = xc[k];
                if t != T::e0() {
                    let lcol = &self.lu[k * n + k + 1..(k + 1) * n];
                    for (xi, &l) in xc[k + 1..].iter_mut().zip(lcol) {
                        *xi -= l * t;
                    }
                }
            }
            // backward (upper)
            for k in (0..n).rev() {
                xc[k] /= self.lu[k + k * n];
                let t = xc[k];
                if t != T::e0() {
                    let ucol = &self.lu[k * n..k * n + k];
                    for (xi, &u) in xc[..k].iter_mut().zip(ucol) {
                        *xi -= u * t;
                    }
                }
            }
        }
        x
    }

    /// Solves `A^H x = b` for one right-hand side.
    fn solve_adjoint(&self, b: &[T]) -> Vec<T> {
        let n = self.n;
        let mut w = b.to_vec();
        // U^H w = b (forward)
        for k in 0..n {
            let ucol = &self.lu[k * n..k * n + k];
            let mut s = w[k];
            for (&u, &wi) in ucol.iter().zip(&w[..k]) {
                s -= u.cj() * wi;
            }
            w[k] = s / self.lu[k + k * n].cj();
        }
        // L^H v = w (backward, unit)
        for k in (0..n).rev() {
            let lcol = &self.lu[k * n + k + 1..(k + 1) * n];
            let mut s = w[k];
            for (&l, &wi) in lcol.iter().zip(&w[k + 1..]) {
                s -= l.cj() * wi;
            }
            w[k] = s;
        }
        let mut y = vec![T::e0(); n];
        for i in 0..n {
            y[self.perm[i]] = w[i];
        }
        y
    }

    /// Inverse of a square factored matrix in LAPACK `getri` order
    /// (`inv(U)` by `trti2`, then `inv(A)*L = inv(U)`, then the column
    /// interchanges), so signs of zeros and roundings follow Octave.
    pub fn inverse(&self) -> Vec<T> {
        let n = self.n;
        let mut a = self.lu.clone();
        // Invert U in place (LAPACK getri order), then solve for inv(A).
        super::solve::tri_inverse(n, &mut a, true);
        let mut work = vec![T::e0(); n];
        for j in (0..n).rev() {
            for i in j + 1..n {
                work[i] = a[i + j * n];
                a[i + j * n] = T::e0();
            }
            for k in j + 1..n {
                let w = work[k];
                for i in 0..n {
                    let v = a[i + k * n];
                    a[i + j * n] -= v * w;
                }
            }
        }
        let mut out = vec![T::e0(); n * n];
        for (i, &c) in self.perm.iter().enumerate() {
            out[c * n..(c + 1) * n].copy_from_slice(&a[i * n..(i + 1) * n]);
        }
        out
    }

    /// Determinant (square only).
    pub fn det(&self) -> T {
        let mut d = T::from_re(self.sign);
        for k in 0..self.n.min(self.m) {
            d *= self.lu[k + k * self.m];
        }
        d
    }

    /// Reciprocal 1-norm condition estimate (Hager/Higham), given `‖A‖₁`.
    pub fn rcond(&self, anorm: f64) -> f64 {
        if self.singular && self.n > 0 {
            return 0.0;
        }
        rcond_est(
            self.n,
            anorm,
            |b| self.solve(b, 1),
            |b| self.solve_adjoint(b),
        )
    }
}

/// Matrix 1-norm (maximum absolute column sum).
pub fn norm1<T: Elem>(m: usize, n: usize, a: &[T]) -> f64 {
    if m == 0 {
        return 0.0;
    }
    let mut best = 0.0f64;
    for j in 0..n {
        let s: f64 = a[j * m..(j + 1) * m].iter().map(|v| v.modulus()).sum();
        if s.is_nan() {
            return f64::NAN;
        }
        best = best.max(s);
    }
    best
}

/// Eigen-decomposition of a general square matrix: (eigenvalues, column-major
/// eigenvectors), complex.
pub fn eig_general<T: Elem>(n: usize, a: &[T]) -> Result<(Vec<C64>, Vec<C64>)> {
    let (vals, vecs) = eig_general_with(n, a, true)?;
    Ok((vals, vecs.unwrap_or_default()))
}

/// The eigenvalues alone of a general matrix (`e = eig(A)`): the real
/// Schur form without accumulating the eigenvectors, as LAPACK's dgeev
/// with `jobvr = 'N'`; in the order and conjugate-pair layout of
/// [`eig_general`].
pub fn eig_values_general<T: Elem>(n: usize, a: &[T]) -> Result<Vec<C64>> {
    Ok(eig_general_with(n, a, false)?.0)
}

fn eig_general_with<T: Elem>(
    n: usize,
    a: &[T],
    want_vecs: bool,
) -> Result<(Vec<C64>, Option<Vec<C64>>)> {
    if n == 0 {
        return Ok((Vec::new(), want_vecs.then(Vec::new)));
    }
    if !a.iter().all(|v| v.finite()) {
        return Err(Error::new(
            "eig: input matrix must not contain Inf or NaN values",
        ));
    }
    let c: Vec<C64> = a.iter().map(|v| v.to_c64()).collect();
    let real_input = c.iter().all(|z| z.im == 0.0);
    // A real matrix goes through the real Schur form, as LAPACK's dgeev:
    // its real eigenvalues come out with an imaginary part of +0 (the
    // complex path can leave -0, which puts them on the other side of
    // the branch cut of sqrt and log: A^0.5 took the other root).
    let failed = |_| Error::new("eig: failed to converge");
    let (mut vals, mut vecs): (Vec<C64>, Option<Vec<C64>>) = if !want_vecs {
        let v = if real_input {
            let re: Vec<f64> = c.iter().map(|z| z.re).collect();
            as_mat(n, n, &re).eigenvalues().map_err(failed)?
        } else {
            as_mat(n, n, &c).eigenvalues().map_err(failed)?
        };
        (v, None)
    } else {
        let e = if real_input {
            let re: Vec<f64> = c.iter().map(|z| z.re).collect();
            as_mat(n, n, &re).eigen().map_err(failed)?
        } else {
            as_mat(n, n, &c).eigen().map_err(failed)?
        };
        (
            e.S().column_vector().iter().copied().collect(),
            Some(from_mat(e.U())),
        )
    };
    // LAPACK lists each conjugate pair with the positive imaginary part
    // first, and for real matrices the pairs are exact conjugates.
    let mut j = 0;
    while j + 1 < n {
        let (x, y) = (vals[j], vals[j + 1]);
        let tol = 64.0 * f64::EPSILON * x.norm();
        if x.im != 0.0 && (y - x.conj()).norm() <= tol {
            if x.im < 0.0 {
                vals.swap(j, j + 1);
                if let Some(vecs) = vecs.as_mut() {
                    for i in 0..n {
                        vecs.swap(i + j * n, i + (j + 1) * n);
                    }
                }
            }
            if real_input {
                vals[j + 1] = vals[j].conj();
                if let Some(vecs) = vecs.as_mut() {
                    for i in 0..n {
                        vecs[i + (j + 1) * n] = vecs[i + j * n].conj();
                    }
                }
            }
            j += 2;
        } else {
            j += 1;
        }
    }
    Ok((vals, vecs))
}

/// True when the matrix equals its conjugate transpose.
pub fn is_hermitian<T: Elem>(n: usize, a: &[T]) -> bool {
    for j in 0..n {
        for i in j..n {
            if a[i + j * n] != a[j + i * n].cj() {
                return false;
            }
        }
    }
    true
}

/// Eigen-decomposition of a Hermitian matrix: ascending real eigenvalues and
/// orthonormal eigenvectors.
pub fn eig_hermitian<T: Elem>(n: usize, a: &[T]) -> Result<(Vec<f64>, Vec<T>)> {
    if n == 0 {
        return Ok((Vec::new(), Vec::new()));
    }
    if !a.iter().all(|v| v.finite()) {
        return Err(Error::new(
            "eig: input matrix must not contain Inf or NaN values",
        ));
    }
    let e = as_mat(n, n, a)
        .self_adjoint_eigen(faer::Side::Lower)
        .map_err(|_| Error::new("eig: failed to converge"))?;
    let vals: Vec<f64> = e.S().column_vector().iter().map(|v| v.re_part()).collect();
    Ok((vals, from_mat(e.U())))
}
