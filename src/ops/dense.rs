//! Dense linear algebra on column-major slices, generic over real and complex
//! doubles: LU with partial pivoting, square solves with Octave's singular
//! warnings and least-squares fallback, inverses, determinants, minimum-norm
//! least squares (SVD) and eigen-decompositions (faer).
//!
//! Matrices are `(rows, cols, Vec<T>)` in MATLAB's column-major order.

use super::Numeric;
use crate::error::{warn, Error, Result};
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

/// Octave's warning for singular or badly conditioned matrices.
pub fn warn_singular(rcond: f64) {
    if rcond == 0.0 {
        warn("matrix singular to machine precision");
    } else {
        warn(&format!(
            "matrix singular to machine precision, rcond = {}",
            super::fmt_g(rcond)
        ));
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
fn rcond_est<T: Elem>(
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
fn tri_inverse<T: Elem>(n: usize, a: &mut [T], upper: bool) {
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

/// Eigen-decomposition of a general square matrix: (eigenvalues, column-major
/// eigenvectors), complex.
pub fn eig_general<T: Elem>(n: usize, a: &[T]) -> Result<(Vec<C64>, Vec<C64>)> {
    if n == 0 {
        return Ok((Vec::new(), Vec::new()));
    }
    if !a.iter().all(|v| v.finite()) {
        return Err(Error::new(
            "eig: input matrix must not contain Inf or NaN values",
        ));
    }
    let c: Vec<C64> = a.iter().map(|v| v.to_c64()).collect();
    let e = as_mat(n, n, &c)
        .eigen()
        .map_err(|_| Error::new("eig: failed to converge"))?;
    let mut vals: Vec<C64> = e.S().column_vector().iter().copied().collect();
    let mut vecs = from_mat(e.U());
    // LAPACK lists each conjugate pair with the positive imaginary part
    // first, and for real matrices the pairs are exact conjugates.
    let real_input = c.iter().all(|z| z.im == 0.0);
    let mut j = 0;
    while j + 1 < n {
        let (x, y) = (vals[j], vals[j + 1]);
        let tol = 64.0 * f64::EPSILON * x.norm();
        if x.im != 0.0 && (y - x.conj()).norm() <= tol {
            if x.im < 0.0 {
                vals.swap(j, j + 1);
                for i in 0..n {
                    vecs.swap(i + j * n, i + (j + 1) * n);
                }
            }
            if real_input {
                vals[j + 1] = vals[j].conj();
                for i in 0..n {
                    vecs[i + (j + 1) * n] = vecs[i + j * n].conj();
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
