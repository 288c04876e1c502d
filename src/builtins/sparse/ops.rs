//! Operators with a sparse operand, with MATLAB's result rules: `+`/`-`
//! of two sparse matrices and `.*`, `./`, `*` with a sparse side stay
//! sparse, comparisons and `&`/`|` give sparse logical, and `+`/`-` with a
//! full operand give full. Where the result keeps zeros where the sparse
//! operands have them, it is computed on the stored elements only; the
//! rest (`S + 1`, `S .^ 0`) is computed full, while small enough.

use super::{full_for, value, NumCsc, FULL_LIMIT};
use crate::error::{Error, Result};
use crate::ops::{scalar_binary, Scalar};
use crate::syntax::ast::{BinOp, UnOp};
use crate::value::sparse::{Csc, SpData, SpElem, SparseMatrix};
use crate::value::{Array, Dims, Value, C64};

/// Octave's type name of a sparse matrix in operator errors.
pub fn type_name(s: &SparseMatrix) -> &'static str {
    match s.data {
        SpData::Real(_) => "sparse matrix",
        SpData::Complex(_) => "sparse complex matrix",
        SpData::Bool(_) => "sparse bool matrix",
    }
}

/// `S'` and `S.'`.
pub fn transpose(s: &SparseMatrix, conj: bool) -> Result<Value> {
    Ok(value(match &s.data {
        SpData::Real(c) => SparseMatrix::real(c.transpose_with(|x| *x)?),
        SpData::Bool(c) => SparseMatrix::logical(c.transpose_with(|x| *x)?),
        SpData::Complex(c) if conj => SparseMatrix::complex(c.transpose_with(|z| z.conj())?),
        SpData::Complex(c) => SparseMatrix::complex(c.transpose_with(|z| *z)?),
    }))
}

/// `-S`, `+S`, `!S`.
pub fn unary(op: UnOp, s: &SparseMatrix) -> Result<Value> {
    match op {
        UnOp::Plus => Ok(value(match &s.data {
            SpData::Bool(_) => SparseMatrix::real(s.to_real()?),
            _ => s.clone(),
        })),
        UnOp::Neg => Ok(match NumCsc::of(s)? {
            NumCsc::Re(c) => value(SparseMatrix::real(c.map_nz(|x| -x)?)),
            NumCsc::Cx(c) => value(SparseMatrix::complex(c.map_nz(|z| -z)?)),
        }),
        UnOp::Not => {
            if let SpData::Real(c) = &s.data {
                if c.vals.iter().any(|x| x.is_nan()) {
                    return Err(crate::ops::nan_to_logical());
                }
            }
            // True where S is zero: as dense as S is sparse.
            let pattern = s.to_bool()?;
            let numel = checked(s.rows(), s.cols(), "!")?;
            let mut b = Csc::builder(s.rows(), s.cols(), numel - pattern.nnz())?;
            for j in 0..s.cols() {
                let mut stored = pattern.rowidx[pattern.col_range(j)].iter().peekable();
                for i in 0..s.rows() {
                    if stored.next_if(|&&r| r == i).is_none() {
                        b.push(i, true);
                    }
                }
                b.end_col();
            }
            Ok(value(SparseMatrix::logical(b.finish())))
        }
    }
}

/// rows*cols when a full result of that size may be made.
fn checked(rows: usize, cols: usize, what: &str) -> Result<usize> {
    if rows as f64 * cols as f64 > FULL_LIMIT {
        return Err(Error::new(format!(
            "operator {what}: not supported for sparse matrices of this size"
        )));
    }
    Ok(rows * cols)
}

/// An operand seen by the element-wise kernels.
enum Side<'a> {
    Sparse(&'a SparseMatrix),
    /// A full scalar (or a 1x1 sparse one), as a complex number.
    Scalar(C64),
    Full(&'a Value),
}

fn side(v: &Value) -> Result<Side<'_>> {
    Ok(match v {
        Value::Sparse(s) if s.rows() == 1 && s.cols() == 1 => {
            Side::Scalar(s.to_complex()?.get(0, 0))
        }
        Value::Sparse(s) => Side::Sparse(s),
        Value::Num(_) | Value::Complex(_) | Value::Bool(_) | Value::Char(_) if v.is_scalar() => {
            Side::Scalar(v.to_complex_array("operator")?.data()[0])
        }
        other => Side::Full(other),
    })
}

/// Whether the result of `op` is sparse, given which operands are.
fn sparse_result(op: BinOp, a_sparse: bool, b_sparse: bool) -> bool {
    match op {
        BinOp::Add | BinOp::Sub => a_sparse && b_sparse,
        BinOp::Mul | BinOp::Div | BinOp::LeftDiv => true,
        // A sparse base with an exponent keeping 0 as 0 (the native
        // path); anything else (`S .^ 0`, `2 .^ S`) is full.
        BinOp::Pow => false,
        _ => true,
    }
}

fn is_logical_op(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::Eq
            | BinOp::Ne
            | BinOp::Lt
            | BinOp::Le
            | BinOp::Gt
            | BinOp::Ge
            | BinOp::And
            | BinOp::Or
            | BinOp::AndAnd
            | BinOp::OrOr
    )
}

/// One element of `x op y`: `None` when the full path must answer (a
/// complex power of reals, NaN in a logical operator).
fn elem(op: BinOp, x: C64, y: C64) -> Option<C64> {
    if x.im == 0.0 && y.im == 0.0 {
        return match scalar_binary(op, x.re, y.re)? {
            Scalar::Num(r) => Some(C64::new(r, 0.0)),
            Scalar::Bool(b) => Some(C64::new(f64::from(u8::from(b)), 0.0)),
        };
    }
    let v =
        crate::ops::binary(op, &Value::complex(x.re, x.im), &Value::complex(y.re, y.im)).ok()?;
    let z = v.to_complex_array("operator").ok()?;
    z.data().first().copied()
}

/// An element-wise operator (or a matrix one) with a sparse operand.
pub fn binary(op: BinOp, a: &Value, b: &Value) -> Result<Value> {
    match op {
        BinOp::MatMul => return mtimes(a, b),
        BinOp::MatDiv if b.is_scalar() => return binary(BinOp::Div, a, b),
        BinOp::MatLeftDiv if a.is_scalar() => return binary(BinOp::LeftDiv, a, b),
        BinOp::MatLeftDiv => return super::solve::mldivide(a, b),
        BinOp::MatDiv => {
            // b / a = (a' \ b')'.
            let at = crate::ops::postfix(crate::syntax::ast::PostOp::Transpose, b)?;
            let bt = crate::ops::postfix(crate::syntax::ast::PostOp::Transpose, a)?;
            let x = super::solve::mldivide(&at, &bt)?;
            return crate::ops::postfix(crate::syntax::ast::PostOp::Transpose, &x);
        }
        BinOp::MatPow => return mpower(a, b),
        BinOp::AndAnd | BinOp::OrOr => return dense(op, a, b, false),
        _ => {}
    }
    let want_sparse = sparse_result(
        op,
        matches!(a, Value::Sparse(_)),
        matches!(b, Value::Sparse(_)),
    );
    let logical = is_logical_op(op);
    let zero = C64::new(0.0, 0.0);
    if want_sparse || (op == BinOp::Pow && matches!(a, Value::Sparse(_))) {
        let native = match (side(a)?, side(b)?) {
            (Side::Sparse(x), Side::Sparse(y)) => {
                if x.rows() != y.rows() || x.cols() != y.cols() {
                    return Err(nonconformant(op, a, b));
                }
                match elem(op, zero, zero) {
                    Some(z) if z == zero => zip(op, x, y)?,
                    _ => None,
                }
            }
            (Side::Sparse(x), Side::Scalar(s)) => match elem(op, zero, s) {
                Some(z) if z == zero => map(x, |v| elem(op, v, s))?,
                _ => None,
            },
            (Side::Scalar(s), Side::Sparse(y)) => match elem(op, s, zero) {
                Some(z) if z == zero => map(y, |v| elem(op, s, v))?,
                _ => None,
            },
            (Side::Sparse(x), Side::Full(f)) if f.dims_ref() == &x.dims => {
                with_full(op, x, f, false)?
            }
            (Side::Full(f), Side::Sparse(y)) if f.dims_ref() == &y.dims => {
                with_full(op, y, f, true)?
            }
            _ => None,
        };
        if let Some(c) = native {
            return Ok(finish(c, logical));
        }
    }
    dense(op, a, b, want_sparse)
}

fn nonconformant(op: BinOp, a: &Value, b: &Value) -> Error {
    crate::ops::elementwise::nonconformant(
        crate::ops::elementwise::op_prefix(op),
        a.dims_ref(),
        b.dims_ref(),
    )
}

/// A complex result as sparse logical, or narrowed to real.
fn finish(c: Csc<C64>, logical: bool) -> Value {
    if logical {
        match c.map_nz(|z| z.re != 0.0 || z.im != 0.0) {
            Ok(b) => value(SparseMatrix::logical(b)),
            Err(e) => {
                // map_nz only fails for lack of memory: say so.
                let _ = e;
                Value::empty()
            }
        }
    } else {
        value(SparseMatrix::complex(c))
    }
}

/// `f` of each stored element (`f(0)` is known to be 0).
fn map(x: &SparseMatrix, f: impl Fn(C64) -> Option<C64>) -> Result<Option<Csc<C64>>> {
    let c = x.to_complex()?;
    let mut ok = true;
    let out = c.map_nz(|&v| match f(v) {
        Some(z) => z,
        None => {
            ok = false;
            C64::new(0.0, 0.0)
        }
    })?;
    Ok(ok.then_some(out))
}

/// `x op y` over the union of their patterns (`op(0, 0)` is 0).
fn zip(op: BinOp, x: &SparseMatrix, y: &SparseMatrix) -> Result<Option<Csc<C64>>> {
    let (p, q) = (x.to_complex()?, y.to_complex()?);
    let zero = C64::new(0.0, 0.0);
    let mut b = Csc::builder(p.rows, p.cols, p.nnz() + q.nnz())?;
    for j in 0..p.cols {
        let (mut s, mut t) = (p.colptr[j], q.colptr[j]);
        let (se, te) = (p.colptr[j + 1], q.colptr[j + 1]);
        while s < se || t < te {
            let rs = if s < se { p.rowidx[s] } else { usize::MAX };
            let rt = if t < te { q.rowidx[t] } else { usize::MAX };
            let (r, u, v) = if rs < rt {
                s += 1;
                (rs, p.vals[s - 1], zero)
            } else if rt < rs {
                t += 1;
                (rt, zero, q.vals[t - 1])
            } else {
                s += 1;
                t += 1;
                (rs, p.vals[s - 1], q.vals[t - 1])
            };
            match elem(op, u, v) {
                Some(z) => b.push(r, z),
                None => return Ok(None),
            }
        }
        b.end_col();
    }
    Ok(Some(b.finish()))
}

/// `x op f` (or `f op x` when `flipped`) for a full `f` of the same size,
/// on the stored elements of `x`, when `op(0, f)` is 0 everywhere.
fn with_full(op: BinOp, x: &SparseMatrix, f: &Value, flipped: bool) -> Result<Option<Csc<C64>>> {
    let zero = C64::new(0.0, 0.0);
    let fa = match f {
        Value::Num(_) | Value::Complex(_) | Value::Bool(_) => f.to_complex_array("operator")?,
        _ => return Ok(None),
    };
    let g = |u: C64, v: C64| {
        if flipped {
            elem(op, v, u)
        } else {
            elem(op, u, v)
        }
    };
    for &v in fa.data() {
        if g(zero, v) != Some(zero) {
            return Ok(None);
        }
    }
    let c = x.to_complex()?;
    let mut b = Csc::builder(c.rows, c.cols, c.nnz())?;
    for j in 0..c.cols {
        for k in c.col_range(j) {
            let r = c.rowidx[k];
            match g(c.vals[k], fa.data()[r + j * c.rows]) {
                Some(z) => b.push(r, z),
                None => return Ok(None),
            }
        }
        b.end_col();
    }
    Ok(Some(b.finish()))
}

/// The operator on full copies; the result made sparse when `sparse`.
fn dense(op: BinOp, a: &Value, b: &Value, sparse: bool) -> Result<Value> {
    let full = |v: &Value| match v {
        Value::Sparse(s) => full_for(&format!("operator {}", op.symbol()), s),
        other => Ok(other.clone()),
    };
    let r = crate::ops::binary(op, &full(a)?, &full(b)?)?;
    if sparse && r.dims().ndims() == 2 {
        return Ok(value(super::to_sparse("operator", &r)?));
    }
    Ok(r)
}

/// `a * b` with a sparse side: sparse times sparse (or scalar) is sparse,
/// sparse times full is full.
pub fn mtimes(a: &Value, b: &Value) -> Result<Value> {
    if a.is_scalar() || b.is_scalar() {
        return binary(BinOp::Mul, a, b);
    }
    let (da, db) = (a.dims(), b.dims());
    if da.ndims() > 2 || db.ndims() > 2 || da.cols() != db.rows() {
        return Err(crate::ops::elementwise::nonconformant(
            "operator *",
            &da,
            &db,
        ));
    }
    match (a, b) {
        (Value::Sparse(x), Value::Sparse(y)) => {
            let out = match (NumCsc::of(x)?, NumCsc::of(y)?) {
                (NumCsc::Re(p), NumCsc::Re(q)) => NumCsc::Re(spmm(&p, &q)?),
                (p, q) => NumCsc::Cx(spmm(&cx(p)?, &cx(q)?)?),
            };
            Ok(out.into_value())
        }
        (Value::Sparse(x), f) => {
            let (m, n) = (x.rows(), db.cols());
            crate::ops::checked_numel(&[m, n])?;
            match (NumCsc::of(x)?, crate::ops::numeric_arg("mtimes", f)?) {
                (NumCsc::Re(p), crate::ops::Numeric::Re(q)) => {
                    Ok(Value::Num(sp_full(&p, q.data(), n)?))
                }
                (p, q) => {
                    Ok(Value::Complex(sp_full(&cx(p)?, q.into_complex()?.data(), n)?).narrowed())
                }
            }
        }
        (f, Value::Sparse(y)) => {
            let (m, n) = (da.rows(), y.cols());
            crate::ops::checked_numel(&[m, n])?;
            match (crate::ops::numeric_arg("mtimes", f)?, NumCsc::of(y)?) {
                (crate::ops::Numeric::Re(p), NumCsc::Re(q)) => {
                    Ok(Value::Num(full_sp(p.data(), m, &q)?))
                }
                (p, q) => {
                    Ok(Value::Complex(full_sp(p.into_complex()?.data(), m, &cx(q)?)?).narrowed())
                }
            }
        }
        _ => crate::ops::matrix::mtimes(a, b),
    }
}

fn cx(n: NumCsc) -> Result<Csc<C64>> {
    Ok(match n {
        NumCsc::Cx(c) => c,
        NumCsc::Re(c) => c.map_nz(|&x| C64::new(x, 0.0))?,
    })
}

/// The arithmetic the products need.
pub trait Field:
    SpElem + Copy + std::ops::Add<Output = Self> + std::ops::Mul<Output = Self> + std::ops::AddAssign
{
}
impl Field for f64 {}
impl Field for C64 {}

/// Sparse times sparse (Gustavson's column-by-column product).
pub fn spmm<T: Field>(a: &Csc<T>, b: &Csc<T>) -> Result<Csc<T>> {
    let (m, n) = (a.rows, b.cols);
    let mut out = Csc::builder(m, n, a.nnz() + b.nnz())?;
    let mut acc: Vec<T> = crate::builtins::util::alloc_vec(m, T::zero())?;
    let mut mark: Vec<usize> = crate::builtins::util::alloc_vec(m, usize::MAX)?;
    let mut touched: Vec<usize> = Vec::new();
    for j in 0..n {
        touched.clear();
        for kb in b.col_range(j) {
            let (k, bv) = (b.rowidx[kb], b.vals[kb]);
            for ka in a.col_range(k) {
                let i = a.rowidx[ka];
                if mark[i] != j {
                    mark[i] = j;
                    acc[i] = T::zero();
                    touched.push(i);
                }
                acc[i] += a.vals[ka] * bv;
            }
        }
        touched.sort_unstable();
        for &i in &touched {
            out.push(i, acc[i]);
        }
        out.end_col();
    }
    Ok(out.finish())
}

/// Sparse `a` times full column-major `b` with `n` columns: full.
fn sp_full<T: Field>(a: &Csc<T>, b: &[T], n: usize) -> Result<Array<T>> {
    let m = a.rows;
    let k = a.cols;
    let mut out = crate::builtins::util::alloc_vec(crate::ops::checked_numel(&[m, n])?, T::zero())?;
    for j in 0..n {
        for p in 0..k {
            let bv = b[p + j * k];
            if bv.is_zero() {
                continue;
            }
            for q in a.col_range(p) {
                out[a.rowidx[q] + j * m] += a.vals[q] * bv;
            }
        }
    }
    Ok(Array::new(Dims::mat(m, n), out))
}

/// Full column-major `a` with `m` rows times sparse `b`: full.
fn full_sp<T: Field>(a: &[T], m: usize, b: &Csc<T>) -> Result<Array<T>> {
    let n = b.cols;
    let mut out = crate::builtins::util::alloc_vec(crate::ops::checked_numel(&[m, n])?, T::zero())?;
    for j in 0..n {
        for q in b.col_range(j) {
            let (k, bv) = (b.rowidx[q], b.vals[q]);
            for i in 0..m {
                out[i + j * m] += a[i + k * m] * bv;
            }
        }
    }
    Ok(Array::new(Dims::mat(m, n), out))
}

/// `S ^ p`: repeated products for a non-negative integer `p` (sparse),
/// else on the full matrix.
fn mpower(a: &Value, b: &Value) -> Result<Value> {
    if let (Value::Sparse(s), true) = (a, b.is_scalar() && !matches!(b, Value::Sparse(_))) {
        let p = b.scalar_f64("mpower").ok();
        if let Some(p) = p.filter(|p| *p >= 0.0 && p.fract() == 0.0 && *p < 1e6) {
            if s.rows() != s.cols() {
                return Err(Error::new(
                    "for x^y, only square matrix arguments are permitted and one argument must be scalar.  Use .^ for elementwise power.",
                ));
            }
            let mut result = value(SparseMatrix::real(super::construct::eye(
                s.rows(),
                s.cols(),
            )?));
            let mut base = a.clone();
            let mut e = p as u64;
            while e > 0 {
                if e & 1 == 1 {
                    result = mtimes(&result, &base)?;
                }
                e >>= 1;
                if e > 0 {
                    base = mtimes(&base, &base)?;
                }
            }
            return Ok(result);
        }
    }
    dense(BinOp::MatPow, a, b, matches!(a, Value::Sparse(_)))
}
