//! Matrix decompositions: chol, lu, qr, eig, svd, and expm.
//! Sign conventions of eigenvectors and of Q/R may differ from Octave; the
//! unique parts (eigenvalues, singular values, L*U = P*A) agree.

use super::{matrix_arg, square_arg, value_of, with_elems};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::ops::dense::{self, Elem};
use crate::ops::Numeric;
use crate::value::{Value, C64};

fn nargs(name: &str, args: &[Value], lo: usize, hi: usize) -> Result<()> {
    if args.len() < lo || args.len() > hi {
        return Err(Error::new(format!("Invalid call to {name}")));
    }
    Ok(())
}

fn max_out(name: &str, ctx: &Ctx, n: usize) -> Result<()> {
    if ctx.nargout > n {
        return Err(Error::too_many_outputs(name));
    }
    Ok(())
}

/// chol: Cholesky factorization of a symmetric positive definite matrix.
///
/// `R = chol(A)` returns the upper triangular R with R'*R = A, for a
/// symmetric (Hermitian) positive definite A; only the upper triangle of A
/// is used. A matrix that is not positive definite is an error.
///
/// `[R, p] = chol(A)` does not fail: p is 0 when A is positive definite,
/// otherwise the index of the pivot where the factorization broke down, and
/// R the factor of the leading (p-1)-by-(p-1) block.
///
/// `L = chol(A, 'lower')` returns the lower triangular L with L*L' = A
/// (`'upper'` is the default).
///
/// ```text
/// >> chol([4 2; 2 3])
/// ans =
///
///    2.0000   1.0000
///         0   1.4142
/// >> [R, p] = chol([1 2; 2 1])
/// R = 1
/// p = 2
/// ```
pub(crate) fn chol(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("chol", &args, 1, 2)?;
    max_out("chol", ctx, 2)?;
    let x = matrix_arg("chol", &args[0])?;
    let d = x.dims();
    if d.rows() != d.cols() {
        return Err(Error::new("chol: A must be a square matrix"));
    }
    let n = d.rows();
    let lower =
        match args.get(1) {
            Some(v) => match v.to_str("chol")?.to_ascii_lowercase().as_str() {
                "lower" => true,
                "upper" => false,
                _ => return Err(Error::new(
                    "chol: optional argument must be one of \"vector\", \"lower\", or \"upper\"",
                )),
            },
            None => false,
        };
    let want_p = ctx.nargout >= 2;
    fn go<T: Elem>(n: usize, a: &[T], lower: bool, want_p: bool) -> Result<Vec<Value>> {
        // chol(A,'lower') reads the lower triangle: use A' (same for Hermitian A).
        let src = if lower {
            dense::adjoint(n, n, a)
        } else {
            a.to_vec()
        };
        let fix = |r: Vec<T>, k: usize| -> Value {
            let mut out = vec![T::e0(); k * k];
            for j in 0..k {
                for i in 0..=j {
                    out[i + j * k] = r[i + j * n];
                }
            }
            let out = if lower {
                dense::adjoint(k, k, &out)
            } else {
                out
            };
            value_of(k, k, out)
        };
        match dense::chol_upper(n, &src) {
            Ok(r) => {
                let mut v = vec![fix(r, n)];
                if want_p {
                    v.push(Value::num(0.0));
                }
                Ok(v)
            }
            Err((p, r)) => {
                if want_p {
                    Ok(vec![fix(r, p - 1), Value::num(p as f64)])
                } else {
                    Err(Error::new("chol: input matrix must be positive definite"))
                }
            }
        }
    }
    with_elems!(&x, |a| go(n, a, lower, want_p))
}

/// lu: LU factorization with partial pivoting.
///
/// `[L, U, P] = lu(A)` factors A so that L*U = P*A, with L unit lower
/// triangular, U upper triangular and P a permutation matrix.
///
/// `[L, U] = lu(A)` returns the permuted lower factor L = P'*L, so that
/// L*U = A.
///
/// `Y = lu(A)` returns the factors packed in one matrix (U on and above
/// the diagonal, the multipliers of L below it).
///
/// `[L, U, P] = lu(A, 'vector')` returns the permutation as a row vector
/// p, with L*U = A(p,:).
///
/// ```text
/// >> [L, U] = lu([1 2; 3 4])
/// L =
///
///    0.3333   1.0000
///    1.0000        0
///
/// U =
///
///    3.0000   4.0000
///         0   0.6667
/// ```
pub(crate) fn lu(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("lu", &args, 1, 2)?;
    max_out("lu", ctx, 3)?;
    let x = matrix_arg("lu", &args[0])?;
    let (m, n) = (x.dims().rows(), x.dims().cols());
    let nout = ctx.nargout;
    let vector = match args.get(1) {
        Some(v) => {
            if v.to_str("lu")?.eq_ignore_ascii_case("vector") {
                true
            } else {
                return Err(Error::new("lu: unrecognized option"));
            }
        }
        None => false,
    };
    if nout >= 3 && !vector {
        crate::ops::checked_numel(&[m, m])?;
    }
    fn go<T: Elem>(m: usize, n: usize, a: &[T], nout: usize, vector: bool) -> Vec<Value> {
        let f = dense::lu_factor(m, n, a.to_vec());
        if nout <= 1 {
            return vec![value_of(m, n, f.lu)];
        }
        let k = m.min(n);
        let mut l = vec![T::e0(); m * k];
        let mut u = vec![T::e0(); k * n];
        for j in 0..k {
            l[j + j * m] = T::e1();
            for i in j + 1..m {
                l[i + j * m] = f.lu[i + j * m];
            }
        }
        for j in 0..n {
            for i in 0..=j.min(k.saturating_sub(1)) {
                if i < k {
                    u[i + j * k] = f.lu[i + j * m];
                }
            }
        }
        if nout == 2 {
            // L = P' * L: row perm[i] of the result is row i of L
            let mut pl = vec![T::e0(); m * k];
            for j in 0..k {
                for i in 0..m {
                    pl[f.perm[i] + j * m] = l[i + j * m];
                }
            }
            return vec![value_of(m, k, pl), value_of(k, n, u)];
        }
        if vector {
            let p: Vec<f64> = f.perm.iter().map(|&i| (i + 1) as f64).collect();
            return vec![value_of(m, k, l), value_of(k, n, u), Value::row(p)];
        }
        let mut p = vec![0.0; m * m];
        for (i, &src) in f.perm.iter().enumerate() {
            p[i + src * m] = 1.0;
        }
        vec![value_of(m, k, l), value_of(k, n, u), Value::matrix(m, m, p)]
    }
    Ok(with_elems!(&x, |a| go(m, n, a, nout, vector)))
}

/// `qr`'s options after the matrix: economy size (`0` or `"econ"`) and
/// the permutation as a row of column numbers (`"vector"`, or `0`) rather
/// than a matrix (`"matrix"`, the default), as MATLAB reads them.
pub(super) fn qr_options(args: &[Value]) -> Result<(bool, bool)> {
    let (mut econ, mut vector) = (false, false);
    for v in args.iter().skip(1) {
        if let Value::Char(_) = v {
            match v.to_str("qr")?.to_ascii_lowercase().as_str() {
                "econ" => econ = true,
                "vector" => vector = true,
                "matrix" => vector = false,
                o => {
                    return Err(Error::new(format!(
                        "qr: type for P must be 'matrix' or 'vector', not {o}"
                    )))
                }
            }
        } else if v.scalar_f64("qr")? == 0.0 {
            (econ, vector) = (true, true);
        } else {
            return Err(Error::new("qr: the numeric option must be 0"));
        }
    }
    Ok((econ, vector))
}

/// qr: QR factorization.
///
/// `[Q, R] = qr(A)` factors the M-by-N matrix A as Q*R, with Q an M-by-M
/// orthogonal (unitary) matrix and R an M-by-N upper triangular one.
///
/// `[Q, R] = qr(A, 0)` or `qr(A, 'econ')` is the economy size
/// factorization: for M > N only the first N columns of Q and N rows of R.
///
/// `R = qr(A)` returns the upper triangular factor R alone.
///
/// `[Q, R, E] = qr(A)` pivots the columns so that abs(diag(R)) decreases:
/// A*E = Q*R with E a permutation matrix. `[Q, R, e] = qr(A, 0)` gives the
/// economy size factors and the permutation as a row vector e, with
/// A(:, e) = Q*R. The options `'vector'` and `'matrix'` choose the form of
/// the permutation (`[Q, R, e] = qr(A, 'vector')`, full size, or
/// `qr(A, 'econ', 'vector')`).
///
/// ```text
/// >> [Q, R] = qr([3 4; 4 3])
/// Q =
///
///   -0.6000  -0.8000
///   -0.8000   0.6000
///
/// R =
///
///   -5.0000  -4.8000
///         0  -1.4000
/// >> [Q, R] = qr([1 2; 3 4; 5 6], 0)
/// Q =
///
///   -0.1690   0.8971
///   -0.5071   0.2760
///   -0.8452  -0.3450
///
/// R =
///
///   -5.9161  -7.4374
///         0   0.8281
/// ```
pub(crate) fn qr(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("qr", &args, 1, 3)?;
    max_out("qr", ctx, 3)?;
    let x = matrix_arg("qr", &args[0])?;
    let (econ, vector) = qr_options(&args)?;
    let (m, n) = (x.dims().rows(), x.dims().cols());
    let nout = ctx.nargout;
    if nout >= 2 && !econ {
        crate::ops::checked_numel(&[m, m])?;
    }
    fn go<T: Elem>(m: usize, n: usize, a: &[T], form: (bool, bool), nout: usize) -> Vec<Value> {
        let (econ, vector) = form;
        let k = m.min(n);
        if m == 0 || n == 0 {
            let qc = if econ { k } else { m };
            let q = dense::identity::<T>(m).into_iter().take(m * qc).collect();
            let r = vec![T::e0(); qc * n];
            return if nout <= 1 {
                vec![value_of(qc, n, r)]
            } else {
                vec![value_of(m, qc, q), value_of(qc, n, r)]
            };
        }
        if nout >= 3 {
            return pivoted(m, n, a, econ, vector);
        }
        let f = dense::as_mat(m, n, a).qr();
        let rows = if econ { k } else { m };
        let r = upper(f.R(), rows, n);
        if nout <= 1 {
            return vec![value_of(rows, n, r)];
        }
        let q = if econ {
            dense::from_mat(f.compute_thin_Q().as_ref())
        } else {
            dense::from_mat(f.compute_Q().as_ref())
        };
        vec![value_of(m, rows, q), value_of(rows, n, r)]
    }
    /// The first `rows` rows of the upper triangle of `rfull` (m-by-n),
    /// column-major.
    fn upper<T: Elem>(rfull: faer::MatRef<'_, T>, rows: usize, n: usize) -> Vec<T> {
        let mut r = vec![T::e0(); rows * n];
        for j in 0..n {
            for i in 0..rows.min(j + 1) {
                r[i + j * rows] = rfull[(i, j)];
            }
        }
        r
    }
    /// `[Q, R, E] = qr(A)` (E a permutation matrix, A*E = Q*R) or
    /// `[Q, R, e] = qr(A, "vector")` (e a row of column numbers,
    /// A(:, e) = Q*R), each also economy size.
    fn pivoted<T: Elem>(m: usize, n: usize, a: &[T], econ: bool, vector: bool) -> Vec<Value> {
        let k = m.min(n);
        let f = dense::as_mat(m, n, a).col_piv_qr();
        let rows = if econ { k } else { m };
        let r = upper(f.R(), rows, n);
        let q = if econ {
            dense::from_mat(f.compute_thin_Q().as_ref())
        } else {
            dense::from_mat(f.compute_Q().as_ref())
        };
        // Column j of Q*R is column perm[j] of A.
        let perm: Vec<usize> = f.P().arrays().0.to_vec();
        let e = if vector {
            Value::row(perm.iter().map(|&c| (c + 1) as f64).collect())
        } else {
            let mut em = vec![0.0; n * n];
            for (j, &c) in perm.iter().enumerate() {
                em[c + j * n] = 1.0;
            }
            Value::matrix(n, n, em)
        };
        vec![value_of(m, rows, q), value_of(rows, n, r), e]
    }
    Ok(with_elems!(&x, |a| go(m, n, a, (econ, vector), nout)))
}

/// Normalizes each eigenvector to unit norm with its largest component real
/// (LAPACK's convention for general matrices).
fn normalize_vectors(n: usize, v: &mut [C64]) {
    for col in v.chunks_exact_mut(n.max(1)) {
        let nrm = col.iter().map(|z| z.norm_sqr()).sum::<f64>().sqrt();
        let big =
            col.iter().copied().fold(
                C64::new(0.0, 0.0),
                |b, z| if z.norm() > b.norm() { z } else { b },
            );
        if nrm == 0.0 || big.norm() == 0.0 {
            continue;
        }
        let phase = big.conj() / big.norm();
        for z in col.iter_mut() {
            *z = *z * phase / nrm;
        }
    }
}

/// eig: eigenvalues and eigenvectors.
///
/// `e = eig(A)` returns the eigenvalues of the square matrix A as a column
/// (ascending for a symmetric matrix; complex eigenvalues of a real matrix
/// come in conjugate pairs).
///
/// `[V, D] = eig(A)` returns the eigenvectors as the columns of V and the
/// eigenvalues on the diagonal of D, so that A*V = V*D. Symmetric matrices
/// give orthonormal V.
///
/// `e = eig(A, B)` and `[V, D] = eig(A, B)` solve the generalized problem
/// A*v = lambda*B*v. A trailing `'vector'` or `'matrix'` chooses the form of
/// the eigenvalue output.
///
/// ```text
/// >> eig([2 0; 0 3])
/// ans =
///
///    2
///    3
/// >> A = [2 1; 1 2]; [V, D] = eig(A); diag(D)'
/// ans =
///
///    1   3
/// >> A = [2 1; 1 2]; [V, D] = eig(A); norm(A*V - V*D) < 1e-12
/// ans = 1
/// ```
pub(crate) fn eig(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("eig", &args, 1, 2)?;
    max_out("eig", ctx, 2)?;
    let mut x = matrix_arg("eig", &args[0])?;
    let d = x.dims();
    if d.rows() != d.cols() {
        return Err(Error::new("eig: A must be a square matrix"));
    }
    if let Some(b) = args.get(1) {
        if !b.is_char() {
            // generalized problem A*v = lambda*B*v, solved as eig(B \ A)
            let bd = b.dims();
            if bd != *d {
                return Err(Error::new("eig: B must be a square matrix"));
            }
            x = crate::ops::numeric_arg(
                "eig",
                &crate::ops::binary(crate::syntax::ast::BinOp::MatLeftDiv, b, &args[0])?,
            )?;
        }
    }
    let d = x.dims();
    let n = d.rows();
    let want_v = ctx.nargout >= 2;
    fn go<T: Elem>(n: usize, a: &[T], want_v: bool) -> Result<Vec<Value>> {
        if dense::is_hermitian(n, a) {
            let (vals, vecs) = dense::eig_hermitian(n, a)?;
            if !want_v {
                return Ok(vec![Value::col(vals)]);
            }
            let mut dm = vec![0.0; n * n];
            for (i, &l) in vals.iter().enumerate() {
                dm[i + i * n] = l;
            }
            return Ok(vec![value_of(n, n, vecs), Value::matrix(n, n, dm)]);
        }
        if !want_v {
            return Ok(vec![value_of(n, 1, dense::eig_values_general(n, a)?)]);
        }
        let (vals, mut vecs) = dense::eig_general(n, a)?;
        normalize_vectors(n, &mut vecs);
        let mut dm = vec![C64::new(0.0, 0.0); n * n];
        for (i, &l) in vals.iter().enumerate() {
            dm[i + i * n] = l;
        }
        Ok(vec![value_of(n, n, vecs), value_of(n, n, dm)])
    }
    with_elems!(&x, |a| go(n, a, want_v))
}

/// svd: singular value decomposition.
///
/// `S = svd(A)` is a column of the singular values of A, in decreasing
/// order.
///
/// `[U, S, V] = svd(A)` factors A = U*S*V', with U and V unitary and S
/// diagonal with the singular values, of the size of A.
///
/// `[U, S, V] = svd(A, 'econ')` or `svd(A, 0)` is the economy size
/// decomposition: for an M-by-N A with M > N, U is M-by-N and S N-by-N.
///
/// ```text
/// >> svd([1 2; 3 4; 5 6])
/// ans =
///
///    9.5255
///    0.5143
/// >> [U, S, V] = svd([1 2; 3 4; 5 6], 'econ'); size(U)
/// ans =
///
///    3   2
/// ```
pub(crate) fn svd(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("svd", &args, 1, 2)?;
    max_out("svd", ctx, 3)?;
    let x = matrix_arg("svd", &args[0])?;
    let econ = args.len() == 2;
    let (m, n) = (x.dims().rows(), x.dims().cols());
    if ctx.nargout <= 1 {
        let s = with_elems!(&x, |a| super::singular_values(m, n, a))?;
        return Ok(vec![Value::col(s)]);
    }
    fn go<T: Elem>(m: usize, n: usize, a: &[T], econ: bool) -> Result<Vec<Value>> {
        let k = m.min(n);
        if !econ {
            crate::ops::checked_numel(&[m, m])?;
            crate::ops::checked_numel(&[n, n])?;
        }
        if m == 0 || n == 0 || !a.iter().all(|v| v.finite()) {
            if m == 0 || n == 0 {
                let (ur, vc) = if econ { (k, k) } else { (m, n) };
                return Ok(vec![
                    value_of(
                        m,
                        ur,
                        dense::identity::<T>(m).into_iter().take(m * ur).collect(),
                    ),
                    Value::matrix(ur, vc, vec![0.0; ur * vc]),
                    value_of(
                        n,
                        vc,
                        dense::identity::<T>(n).into_iter().take(n * vc).collect(),
                    ),
                ]);
            }
            return Err(Error::new(
                "svd: cannot take SVD of matrix containing Inf or NaN values",
            ));
        }
        let mat = dense::as_mat(m, n, a);
        let f = if econ { mat.thin_svd() } else { mat.svd() }
            .map_err(|_| Error::new("svd: failed to converge"))?;
        let (u, v) = (f.U(), f.V());
        let s: Vec<f64> = f.S().column_vector().iter().map(|z| z.re_part()).collect();
        let (sr, sc) = if econ { (k, k) } else { (m, n) };
        let mut sm = vec![0.0; sr * sc];
        for (i, &x) in s.iter().enumerate().take(k) {
            sm[i + i * sr] = x;
        }
        Ok(vec![
            value_of(u.nrows(), u.ncols(), dense::from_mat(u)),
            Value::matrix(sr, sc, sm),
            value_of(v.nrows(), v.ncols(), dense::from_mat(v)),
        ])
    }
    with_elems!(&x, |a| go(m, n, a, econ))
}

/// expm: matrix exponential.
///
/// `E = expm(A)` returns the matrix exponential of the square matrix A, the
/// sum of A^k/k! for k = 0, 1, ... (Octave's method: trace reduction, scaling,
/// (8,8) Padé approximant, squaring). It is not `exp(A)`, which works element
/// by element.
///
/// ```text
/// >> expm([1 1; 0 1])
/// ans =
///
///    2.7183   2.7183
///         0   2.7183
/// >> expm([0 1; 0 0])
/// ans =
///
///    1   1
///    0   1
/// ```
pub(crate) fn expm(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("expm", &args, 1, 1)?;
    let x = matrix_arg("expm", &args[0])?;
    let n = square_arg("expm", &x)?;
    if n == 1 {
        return Ok(vec![crate::builtins::linalg::scalar_exp(&x)]);
    }
    fn go<T: Elem>(n: usize, a: &[T]) -> Value {
        if n == 0 {
            return value_of::<T>(0, 0, Vec::new());
        }
        let mut a: Vec<T> = a
            .iter()
            .map(|&v| {
                if v.re_part() == f64::NEG_INFINITY {
                    T::from_re(-f64::MAX)
                } else {
                    v
                }
            })
            .collect();
        let mut tr = T::e0();
        for i in 0..n {
            tr += a[i + i * n];
        }
        let trshift = tr.re_part() / n as f64;
        if trshift > 0.0 {
            for i in 0..n {
                a[i + i * n] -= T::from_re(trshift);
            }
        }
        // infinity norm
        let t = dense::transpose_data(n, n, &a);
        let nrm = dense::norm1(n, n, &t);
        let s = if nrm > 0.0 && nrm.is_finite() {
            // frexp exponent: nrm = f * 2^e with f in [0.5, 1)
            let e = nrm.log2().floor() as i32 + 1;
            e.clamp(0, 1023)
        } else {
            0
        };
        let scale = T::from_re(2f64.powi(-s));
        for v in a.iter_mut() {
            *v *= scale;
        }
        let c = [
            5.0e-1,
            1.1666666666666667e-1,
            1.6666666666666667e-2,
            1.6025641025641026e-3,
            1.0683760683760684e-4,
            4.856_254_856_254_856e-6,
            1.3875013875013875e-7,
            1.9270852604185938e-9,
        ];
        let id = dense::identity::<T>(n);
        let a2 = dense::matmul(n, n, n, &a, &a);
        let axpy_id = |m: Vec<T>, c: f64| -> Vec<T> {
            let mut m = m;
            for i in 0..n {
                m[i + i * n] += T::from_re(c);
            }
            m
        };
        let scaled = |c: f64| -> Vec<T> { a2.iter().map(|&v| v * T::from_re(c)).collect() };
        // x = (((c8 a2 + c6 I) a2 + c4 I) a2 + c2 I) a2 + I
        let mut xm = axpy_id(scaled(c[7]), c[5]);
        xm = axpy_id(dense::matmul(n, n, n, &xm, &a2), c[3]);
        xm = axpy_id(dense::matmul(n, n, n, &xm, &a2), c[1]);
        xm = axpy_id(dense::matmul(n, n, n, &xm, &a2), 1.0);
        // y = (((c7 a2 + c5 I) a2 + c3 I) a2 + c1 I) a
        let mut ym = axpy_id(scaled(c[6]), c[4]);
        ym = axpy_id(dense::matmul(n, n, n, &ym, &a2), c[2]);
        ym = axpy_id(dense::matmul(n, n, n, &ym, &a2), c[0]);
        ym = dense::matmul(n, n, n, &ym, &a);
        let _ = id;
        let lhs: Vec<T> = xm.iter().zip(&ym).map(|(&p, &q)| p - q).collect();
        let rhs: Vec<T> = xm.iter().zip(&ym).map(|(&p, &q)| p + q).collect();
        let mut r =
            dense::solve(n, n, &lhs, &rhs, n).unwrap_or_else(|_| vec![T::from_re(f64::NAN); n * n]);
        for _ in 0..s {
            r = dense::matmul(n, n, n, &r, &r);
        }
        if trshift > 0.0 {
            let e = T::from_re(trshift.exp());
            for v in r.iter_mut() {
                *v *= e;
            }
        }
        value_of(n, n, r)
    }
    let _ = Numeric::Re;
    Ok(vec![with_elems!(&x, |a| go(n, a))])
}
