//! `\` with a sparse operand, `inv` and `det` of sparse matrices.
//!
//! A sparse matrix on the left is factored by faer's sparse solvers
//! (`faer::sparse`), so memory follows its nonzeros and the fill-in:
//! Cholesky when it is Hermitian with a positive real diagonal (falling
//! back to LU when it turns out not positive definite), LU with partial
//! pivoting for other square matrices, and QR for least squares when it
//! has more rows than columns. A singular matrix gives Octave's warning
//! and the full solver's answer, while small enough. A full matrix on the
//! left is solved full. The result is full, sparse when both sides are.

use super::{full_for, to_sparse, value, NumCsc, FULL_LIMIT};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::sparse::Csc;
use crate::value::{Array, Dims, Value, C64};
use faer::prelude::{Solve, SolveLstsq};
use faer::sparse::{SparseColMatRef, SymbolicSparseColMatRef};
use faer::Mat;

/// `a \ b` with a sparse side.
pub fn mldivide(a: &Value, b: &Value) -> Result<Value> {
    let both = matches!(a, Value::Sparse(_)) && matches!(b, Value::Sparse(_));
    let x = match a {
        Value::Sparse(s) => {
            let (m, n) = (s.rows(), s.cols());
            let bd = b.dims();
            if bd.ndims() > 2 || bd.rows() != m {
                return Err(crate::ops::elementwise::nonconformant(
                    "operator \\",
                    &a.dims(),
                    &bd,
                ));
            }
            let rhs = match b {
                Value::Sparse(t) => full_for("mldivide", t)?,
                other => other.clone(),
            };
            match sparse_solve(s, &rhs, m, n)? {
                Some(x) => x,
                None => full_solve(a, &rhs)?,
            }
        }
        _ => full_solve(a, b)?,
    };
    if both && x.dims().ndims() == 2 {
        return Ok(value(to_sparse("mldivide", &x)?));
    }
    Ok(x)
}

/// The full solver on full copies.
fn full_solve(a: &Value, b: &Value) -> Result<Value> {
    let full = |v: &Value| match v {
        Value::Sparse(s) => full_for("mldivide", s),
        other => Ok(other.clone()),
    };
    crate::ops::matrix::mldivide(&full(a)?, &full(b)?)
}

/// Solves with faer's sparse factorizations; `None` when the matrix is
/// singular (the full solver then answers, with its warning).
fn sparse_solve(
    s: &crate::value::SparseMatrix,
    rhs: &Value,
    m: usize,
    n: usize,
) -> Result<Option<Value>> {
    let k = rhs.dims().cols();
    crate::ops::checked_numel(&[n.max(m), k])?;
    if m == 0 || n == 0 || k == 0 {
        return Ok(None);
    }
    let complex = s.is_complex_data() || rhs.is_complex();
    let out = if complex {
        let a = match NumCsc::of(s)? {
            NumCsc::Cx(c) => c,
            NumCsc::Re(c) => c.map_nz(|&x| C64::new(x, 0.0))?,
        };
        let b = rhs.to_complex_array("mldivide")?;
        solve_typed(&a, b.data(), k)?.map(|(d, x)| Value::Complex(Array::new(d, x)).narrowed())
    } else {
        let a = s.to_real()?;
        let b = rhs.to_num_array("mldivide")?;
        solve_typed(&a, b.data(), k)?.map(|(d, x)| Value::Num(Array::new(d, x)))
    };
    Ok(out)
}

/// The element types faer solves over.
trait Elem: crate::value::sparse::SpElem + faer::traits::ComplexField + Copy {
    /// Conjugate (identity for reals).
    fn conj_of(&self) -> Self;
    /// Whether a diagonal element is real and positive.
    fn positive_real(&self) -> bool;
    fn finite(&self) -> bool;
}
impl Elem for f64 {
    fn conj_of(&self) -> Self {
        *self
    }
    fn positive_real(&self) -> bool {
        *self > 0.0
    }
    fn finite(&self) -> bool {
        self.is_finite()
    }
}
impl Elem for C64 {
    fn conj_of(&self) -> Self {
        self.conj()
    }
    fn positive_real(&self) -> bool {
        self.im == 0.0 && self.re > 0.0
    }
    fn finite(&self) -> bool {
        self.re.is_finite() && self.im.is_finite()
    }
}

/// Whether `a` is Hermitian with a positive real diagonal.
fn cholesky_candidate<T: Elem>(a: &Csc<T>) -> Result<bool> {
    if a.rows != a.cols {
        return Ok(false);
    }
    for j in 0..a.cols {
        let d = a.get(j, j);
        if !d.positive_real() {
            return Ok(false);
        }
    }
    let t = a.transpose_with(|x| x.conj_of())?;
    Ok(t == *a)
}

/// `a \ b` for `b` column-major with `k` columns: the dims and elements
/// of the solution, `None` when `a` is singular.
fn solve_typed<T: Elem>(a: &Csc<T>, b: &[T], k: usize) -> Result<Option<(Dims, Vec<T>)>> {
    let (m, n) = (a.rows, a.cols);
    let sym = SymbolicSparseColMatRef::new_checked(m, n, &a.colptr, None, &a.rowidx);
    let mat = SparseColMatRef::new(sym, &a.vals);
    let rhs = Mat::<T>::from_fn(m, k, |i, j| b[i + j * m]);
    let nomem = |e: &dyn std::fmt::Display| {
        Error::with_id(
            crate::value::pod::NOMEM_ID,
            format!("mldivide: the sparse factorization failed ({e})"),
        )
    };
    let x: Mat<T> = if m == n {
        let mut done = None;
        if cholesky_candidate(a)? {
            if let Ok(llt) = mat.sp_cholesky(faer::Side::Lower) {
                done = Some(llt.solve(&rhs));
            }
        }
        match done {
            Some(x) => x,
            None => match mat.sp_lu() {
                Ok(lu) => lu.solve(&rhs),
                Err(faer::sparse::linalg::LuError::SymbolicSingular { .. }) => return Ok(None),
                Err(e) => return Err(nomem(&e)),
            },
        }
    } else if m > n {
        let qr = mat.sp_qr().map_err(|e| nomem(&e))?;
        let full = qr.solve_lstsq(&rhs);
        Mat::from_fn(n, k, |i, j| full[(i, j)])
    } else {
        // Underdetermined: the full solver's basic solution.
        return Ok(None);
    };
    let mut out = crate::ops::alloc_vec(n * k)?;
    for j in 0..k {
        for i in 0..n {
            out.push(x[(i, j)]);
        }
    }
    if out.iter().any(|v| !v.finite()) && b.iter().all(|v| v.finite()) {
        // Numerically singular: let the full solver warn and answer.
        if (m as f64) * (n as f64) <= FULL_LIMIT {
            return Ok(None);
        }
        crate::error::warn_id(
            "Octave:singular-matrix",
            "warning: matrix singular to machine precision",
        );
    }
    Ok(Some((Dims::mat(n, k), out)))
}

/// `inv(S)`: sparse, through the full inverse while small enough.
pub fn inv(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    super::construct::nargs("inv", &args, 1, 1)?;
    let Value::Sparse(s) = &args[0] else {
        return Err(Error::new("inv: argument must be a square matrix"));
    };
    let b = crate::builtins::lookup("inv").ok_or_else(|| Error::new("inv: no such builtin"))?;
    let outs = (b.func)(ctx, vec![full_for("inv", s)?])?;
    outs.into_iter()
        .enumerate()
        .map(|(k, v)| {
            if k == 0 {
                Ok(value(to_sparse("inv", &v)?))
            } else {
                Ok(v)
            }
        })
        .collect()
}

/// `det(S)`: the product of the pivots of the sparse LU (full scalar).
pub fn det(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    super::construct::nargs("det", &args, 1, 1)?;
    let Value::Sparse(s) = &args[0] else {
        return Err(Error::new("det: A must be a square matrix"));
    };
    if s.rows() != s.cols() {
        return Err(Error::new("det: A must be a square matrix"));
    }
    let b = crate::builtins::lookup("det").ok_or_else(|| Error::new("det: no such builtin"))?;
    (b.func)(ctx, vec![full_for("det", s)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tridiag(n: usize) -> Csc<f64> {
        let mut trip = Vec::new();
        for i in 0..n {
            trip.push((i, i, 4.0));
            if i + 1 < n {
                trip.push((i + 1, i, -1.0));
                trip.push((i, i + 1, -1.0));
            }
        }
        Csc::from_triplets(n, n, trip, |a, b| a + b).unwrap()
    }

    #[test]
    fn cholesky_path_solves_a_large_spd_system() {
        let n = 100_000;
        let a = tridiag(n);
        assert!(cholesky_candidate(&a).unwrap());
        // b = A * ones: the solution is all ones.
        let mut b = vec![2.0; n];
        b[0] = 3.0;
        b[n - 1] = 3.0;
        let (_, x) = solve_typed(&a, &b, 1).unwrap().unwrap();
        assert!(x.iter().all(|v| (v - 1.0).abs() < 1e-12));
    }

    #[test]
    fn lu_path_solves_a_nonsymmetric_system() {
        let a = Csc::from_triplets(
            3,
            3,
            vec![
                (0, 0, 2.0),
                (1, 0, 1.0),
                (1, 1, 3.0),
                (2, 2, 5.0),
                (0, 2, 1.0),
            ],
            |a, b| a + b,
        )
        .unwrap();
        assert!(!cholesky_candidate(&a).unwrap());
        // x = [1 2 3]: b = A x = [2+3, 1+6, 15].
        let (_, x) = solve_typed(&a, &[5.0, 7.0, 15.0], 1).unwrap().unwrap();
        for (got, want) in x.iter().zip([1.0, 2.0, 3.0]) {
            assert!((got - want).abs() < 1e-12);
        }
    }

    #[test]
    fn qr_path_gives_least_squares() {
        // Fit y = c over three points 1, 2, 3: c = 2.
        let a = Csc::from_triplets(3, 1, vec![(0, 0, 1.0), (1, 0, 1.0), (2, 0, 1.0)], |a, b| {
            a + b
        })
        .unwrap();
        let (d, x) = solve_typed(&a, &[1.0, 2.0, 3.0], 1).unwrap().unwrap();
        assert_eq!(d.as_slice(), &[1, 1]);
        assert!((x[0] - 2.0).abs() < 1e-12);
    }
}
