//! Matrix functions through the eigendecomposition: `sqrtm` and `logm`.
//! A Hermitian matrix is diagonalised by a unitary matrix (exact in
//! exact arithmetic, so a symmetric positive definite A gets a real
//! result); another matrix by its eigenvectors V, as f(A) = V*f(D)/V.
//! faer offers no complex Schur form, so a defective (non-diagonalisable)
//! matrix, whose V is singular, is an error rather than the Schur-Parlett
//! answer Octave gives.

use super::{square_arg, value_of, with_elems};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::ops::dense::{self, Elem};
use crate::ops::{numeric_arg, Numeric};
use crate::value::{Value, C64};

/// f(A) for a square A, f applied to the eigenvalues; `real_ok` says
/// for which real eigenvalues f is real.
fn apply(name: &str, x: &Numeric, f: fn(C64) -> C64, real_ok: fn(f64) -> bool) -> Result<Value> {
    let n = square_arg(name, x)?;
    if n == 0 {
        return Ok(Value::empty());
    }
    fn go<T: Elem>(
        name: &str,
        n: usize,
        a: &[T],
        f: fn(C64) -> C64,
        real_ok: fn(f64) -> bool,
    ) -> Result<Value> {
        if !a.iter().all(|v| v.finite()) {
            return Ok(Value::matrix(n, n, vec![f64::NAN; n * n]));
        }
        let real_input = a.iter().all(|v| v.to_c64().im == 0.0);
        if dense::is_hermitian(n, a) {
            let (w, v) = dense::eig_hermitian(n, a)?;
            let v: Vec<C64> = v.iter().map(|e| e.to_c64()).collect();
            let fw: Vec<C64> = w.iter().map(|&l| f(C64::new(l, 0.0))).collect();
            let vh = dense::adjoint(n, n, &v);
            let mut vd = v.clone();
            for j in 0..n {
                for i in 0..n {
                    vd[i + j * n] *= fw[j];
                }
            }
            let r = dense::matmul(n, n, n, &vd, &vh);
            let real = real_input && w.iter().all(|&l| real_ok(l));
            return Ok(finish(n, r, real));
        }
        let (vals, vecs) = dense::eig_general(n, a)?;
        let lu = dense::lu_factor(n, n, vecs.clone());
        let rc = lu.rcond(dense::norm1(n, n, &vecs));
        if lu.singular || rc.is_nan() || rc <= f64::EPSILON * n as f64 {
            return Err(Error::new(format!(
                "{name}: the matrix is not diagonalizable (defective); this form is not supported"
            )));
        }
        let vinv = lu.inverse();
        let mut vd = vecs;
        for (j, &l) in vals.iter().enumerate().take(n) {
            let fl = f(l);
            for i in 0..n {
                vd[i + j * n] *= fl;
            }
        }
        let r = dense::matmul(n, n, n, &vd, &vinv);
        let real = real_input && vals.iter().all(|l| l.im == 0.0 && real_ok(l.re));
        Ok(finish(n, r, real))
    }
    with_elems!(x, |a| go(name, n, a, f, real_ok))
}

/// The result, real when the function of a real matrix is real.
fn finish(n: usize, r: Vec<C64>, real: bool) -> Value {
    if real {
        Value::matrix(n, n, r.iter().map(|z| z.re).collect())
    } else {
        value_of(n, n, r)
    }
}

/// sqrtm: principal square root of a square matrix.
///
/// `S = sqrtm(A)` returns the matrix S with S*S = A whose eigenvalues have
/// nonnegative real parts (the principal square root). It is real when A is
/// real with no negative eigenvalue, e.g. symmetric positive definite. It is
/// not `sqrt(A)`, which works element by element. Computed from the
/// eigendecomposition of A; a defective A is an error.
///
/// ```text
/// >> sqrtm([4 0; 0 9])
/// ans =
///
///    2   0
///    0   3
///
/// >> sqrtm([5 4; 4 5])
/// ans =
///
///    2   1
///    1   2
///
/// ```
pub(crate) fn sqrtm(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if args.len() != 1 {
        return Err(Error::new("Invalid call to sqrtm"));
    }
    let x = numeric_arg("sqrtm", &args[0])?;
    if !x.dims().is_matrix() || x.dims().rows() != x.dims().cols() {
        return Err(Error::new("sqrtm: A must be a square matrix"));
    }
    Ok(vec![apply("sqrtm", &x, |z| z.sqrt(), |l| l >= 0.0)?])
}

/// logm: principal logarithm of a square matrix.
///
/// `L = logm(A)` returns the matrix L with expm(L) = A whose eigenvalues
/// have imaginary parts in (-pi, pi] (the principal logarithm). It is real
/// when A is real with positive eigenvalues, e.g. symmetric positive
/// definite. It is not `log(A)`, which works element by element. Computed
/// from the eigendecomposition of A; a defective A is an error.
///
/// ```text
/// >> logm([5 4; 4 5])
/// ans =
///
///    1.0986   1.0986
///    1.0986   1.0986
///
/// >> logm([2 1; 1 2])
/// ans =
///
///    0.5493   0.5493
///    0.5493   0.5493
///
/// ```
pub(crate) fn logm(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if args.len() != 1 {
        return Err(Error::new("Invalid call to logm"));
    }
    let x = numeric_arg("logm", &args[0])?;
    if !x.dims().is_matrix() || x.dims().rows() != x.dims().cols() {
        return Err(Error::new("logm: A must be a square matrix"));
    }
    Ok(vec![apply("logm", &x, |z| z.ln(), |l| l > 0.0)?])
}
