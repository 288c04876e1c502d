//! The fundamental subspaces and solvers built on the decompositions:
//! `null`, `orth` (from the SVD, with Octave's tolerance) and `linsolve`.
//! Signs of basis vectors depend on the SVD and may differ from Octave's;
//! the spaces they span agree. Single input answers in single (the SVD
//! runs in double; the rank and the zeroing use eps('single')).

use super::{matrix_arg, value_of, with_elems};
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

/// The optional tolerance argument of null and orth.
fn tol_arg(name: &str, v: Option<&Value>) -> Result<Option<f64>> {
    match v {
        None => Ok(None),
        Some(t) if t.is_char() && name == "null" && t.to_str(name)? == "r" => {
            Err(Error::new("null: option for rational not yet implemented"))
        }
        Some(t) => {
            let a = t.to_num_array(name)?;
            match a.data() {
                [x] => Ok(Some(*x)),
                _ => Err(Error::new(format!("{name}: TOL must be a real scalar"))),
            }
        }
    }
}

/// Full SVD `(U, s, V)` of an m-by-n matrix with finite entries.
fn full_svd<T: Elem>(
    name: &str,
    m: usize,
    n: usize,
    a: &[T],
) -> Result<(Vec<T>, Vec<f64>, Vec<T>)> {
    if !a.iter().all(|v| v.finite()) {
        return Err(Error::new(format!(
            "{name}: cannot take SVD of matrix containing Inf or NaN values"
        )));
    }
    crate::ops::checked_numel(&[m, m])?;
    crate::ops::checked_numel(&[n, n])?;
    let f = dense::as_mat(m, n, a)
        .svd()
        .map_err(|_| Error::new(format!("{name}: SVD failed to converge")))?;
    let s = f.S().column_vector().iter().map(|z| z.re_part()).collect();
    Ok((dense::from_mat(f.U()), s, dense::from_mat(f.V())))
}

/// The numerical rank: singular values above `tol`, by default
/// max(size(A)) * s(1) * eps (eps of the class of A).
fn rank_of(m: usize, n: usize, s: &[f64], tol: Option<f64>, eps: f64) -> usize {
    let s1 = s.first().copied().unwrap_or(0.0);
    let tol = tol.unwrap_or(m.max(n) as f64 * s1 * eps);
    s.iter().filter(|&&x| x > tol).count()
}

/// Whether A is single: the answer is then single too, and eps is
/// eps('single'). The SVD itself runs in double, so the single answer
/// is the correctly rounded basis.
fn single_class(v: &Value) -> bool {
    matches!(v, Value::Single(_) | Value::SingleComplex(_))
}

/// The answer in the class of A (single or double).
fn in_class(v: Value, single: bool) -> Result<Value> {
    if single {
        crate::ops::classes::convert(&v, crate::value::Class::Single)
    } else {
        Ok(v)
    }
}

/// eps of the class of A.
fn class_eps(single: bool) -> f64 {
    if single {
        f32::EPSILON as f64
    } else {
        f64::EPSILON
    }
}

/// null: orthonormal basis of the null space of a matrix.
///
/// `Z = null(A)` returns a matrix whose columns are an orthonormal basis of
/// the null space of A (the vectors x with A*x = 0), from the singular
/// value decomposition: the right singular vectors of the singular values
/// at most max(size(A)) * s(1) * eps. Z has size(A, 2) rows and as many
/// columns as size(A, 2) minus the rank of A; entries smaller than eps are
/// set to zero. For single A, Z is single and eps is eps('single'). The
/// signs of the columns may differ from other programs.
///
/// `Z = null(A, TOL)` counts singular values at most TOL as zero.
///
/// ```text
/// >> size(null([1 1; 1 1]))
/// ans =
///
///    2   1
///
/// >> norm([1 2 3; 4 5 6] * null([1 2 3; 4 5 6])) < 1e-14
/// ans = 1
/// >> null([1 0; 1 0])
/// ans =
///
///    0
///    1
///
/// ```
pub(crate) fn null(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("null", &args, 1, 2)?;
    let tol = tol_arg("null", args.get(1))?;
    let single = single_class(&args[0]);
    let x = matrix_arg("null", &args[0])?;
    let (m, n) = (x.dims().rows(), x.dims().cols());
    if n == 0 {
        return Ok(vec![in_class(Value::empty(), single)?]);
    }
    if m == 0 {
        let eye = Value::matrix(n, n, dense::identity::<f64>(n));
        return Ok(vec![in_class(eye, single)?]);
    }
    fn go<T: Elem>(m: usize, n: usize, a: &[T], tol: Option<f64>, eps: f64) -> Result<Value> {
        let (_, s, v) = full_svd("null", m, n, a)?;
        let r = rank_of(m, n, &s, tol, eps).min(n);
        let mut z: Vec<T> = v[r * n..].to_vec();
        for e in z.iter_mut() {
            if e.modulus() < eps {
                *e = T::e0();
            }
        }
        Ok(value_of(n, n - r, z))
    }
    let eps = class_eps(single);
    let z = with_elems!(&x, |a| go(m, n, a, tol, eps))?;
    Ok(vec![in_class(z, single)?])
}

/// orth: orthonormal basis of the range of a matrix.
///
/// `B = orth(A)` returns a matrix whose columns are an orthonormal basis of
/// the range (column space) of A, from the singular value decomposition:
/// the left singular vectors of the singular values above
/// max(size(A)) * s(1) * eps. B has size(A, 1) rows and rank(A) columns.
/// For single A, B is single and eps is eps('single'). The signs of the
/// columns may differ from other programs.
///
/// `B = orth(A, TOL)` counts singular values at most TOL as zero.
///
/// ```text
/// >> size(orth([1 1; 1 1]))
/// ans =
///
///    2   1
///
/// >> B = orth([2 0; 0 3; 0 0]); B' * B
/// ans =
///
///    1   0
///    0   1
///
/// ```
pub(crate) fn orth(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("orth", &args, 1, 2)?;
    let tol = tol_arg("orth", args.get(1))?;
    let single = single_class(&args[0]);
    let x = matrix_arg("orth", &args[0])?;
    let (m, n) = (x.dims().rows(), x.dims().cols());
    if m == 0 || n == 0 {
        return Ok(vec![in_class(Value::empty(), single)?]);
    }
    fn go<T: Elem>(m: usize, n: usize, a: &[T], tol: Option<f64>, eps: f64) -> Result<Value> {
        let (u, s, _) = full_svd("orth", m, n, a)?;
        let r = rank_of(m, n, &s, tol, eps).min(m);
        Ok(value_of(m, r, u[..r * m].iter().map(|&e| -e).collect()))
    }
    let eps = class_eps(single);
    let b = with_elems!(&x, |a| go(m, n, a, tol, eps))?;
    Ok(vec![in_class(b, single)?])
}

/// Whether option `name` of the struct `opts` is set and true.
fn flag(opts: Option<&crate::value::StructArray>, name: &str) -> Result<bool> {
    match opts.and_then(|s| s.get(name)) {
        Some(v) => v.is_true(),
        None => Ok(false),
    }
}

/// The lower (`lower`) or upper triangle of a matrix, the rest zero.
fn triangle(x: &Numeric, lower: bool) -> Value {
    let (m, n) = (x.dims().rows(), x.dims().cols());
    fn go<T: Elem>(m: usize, n: usize, a: &[T], lower: bool) -> Value {
        let mut v = a.to_vec();
        for j in 0..n {
            for i in 0..m {
                if (lower && i < j) || (!lower && i > j) {
                    v[i + j * m] = T::e0();
                }
            }
        }
        value_of(m, n, v)
    }
    with_elems!(x, |a| go(m, n, a, lower))
}

/// linsolve: solve a linear system with options describing the matrix.
///
/// `X = linsolve(A, B)` solves A*X = B, as `A \ B` does: by LU
/// factorization for a square A, in the least-squares sense otherwise.
///
/// `X = linsolve(A, B, OPTS)` takes what is known of A from the logical
/// fields of the struct OPTS: `LT` (A is lower triangular: only its lower
/// triangle is used), `UT` (upper triangular, likewise), `TRANSA` (solve
/// A'*X = B instead); `UHESS`, `SYM`, `POSDEF` and `RECT` describe A and
/// leave the answer unchanged.
///
/// `[X, R] = linsolve(...)` also returns the reciprocal condition number of
/// A when it is square, its rank otherwise.
///
/// ```text
/// >> linsolve([2 0; 1 4], [2; 9])
/// ans =
///
///    1
///    2
///
/// >> linsolve([2 1; 0 4], [2; 9], struct('UT', true, 'TRANSA', true))
/// ans =
///
///    1
///    2
///
/// ```
pub(crate) fn linsolve(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("linsolve", &args, 2, 3)?;
    if ctx.nargout > 2 {
        return Err(Error::too_many_outputs("linsolve"));
    }
    let numeric = |v: &Value| v.is_numeric() || matches!(v, Value::Bool(_));
    if !numeric(&args[0]) || !numeric(&args[1]) {
        return Err(Error::new("linsolve: A and B must be numeric"));
    }
    let opts = match args.get(2) {
        None => None,
        Some(Value::Struct(s)) => Some(&**s),
        Some(_) => return Err(Error::new("linsolve: OPTS must be a structure")),
    };
    let x = matrix_arg("linsolve", &args[0])?;
    let a = if flag(opts, "LT")? {
        triangle(&x, true)
    } else if flag(opts, "UT")? {
        triangle(&x, false)
    } else {
        args[0].clone()
    };
    let a = if flag(opts, "TRANSA")? {
        crate::ops::postfix(crate::syntax::ast::PostOp::CTranspose, &a)?
    } else {
        a
    };
    let sol = crate::ops::binary(crate::syntax::ast::BinOp::MatLeftDiv, &a, &args[1])?;
    if ctx.nargout < 2 {
        return Ok(vec![sol]);
    }
    let d = a.dims();
    let r = if d.rows() == d.cols() {
        super::rcond(ctx, vec![a])?
    } else {
        super::rank(ctx, vec![a])?
    };
    let mut out = vec![sol];
    out.extend(r.into_iter().take(1));
    Ok(out)
}
