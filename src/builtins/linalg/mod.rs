//! Builtins: linalg family. Matrix functions (det inv pinv rank norm trace
//! kron cross dot), the decompositions (in `decomp`: chol lu qr eig svd
//! expm) and the function forms of the operators (plus, mtimes, ...), which
//! call `crate::ops`.

// `Error` is large by design (span and location); boxing it is error.rs's call.

mod decomp;
mod matfun;
mod spaces;

use super::{Builtin, Ctx};
use crate::error::{Error, Result};
use crate::ops::dense::{self, Elem};
use crate::ops::{self, numeric_arg, Numeric};
use crate::syntax::ast::{BinOp, PostOp, UnOp};
use crate::value::{Array, Dims, Value, C64};

/// `WRAPPER = FN, N;`: a builtin answering single when an argument is
/// single, as MATLAB and Octave do: FN computes in double and the first N
/// of its outputs are rounded to single (the rest, permutations and
/// counts such as `lu`'s P or `chol`'s p, stay double as in Octave).
macro_rules! single_when_single {
    ($($wrapper:ident = $f:path, $n:expr;)*) => {$(
        fn $wrapper(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
            let single = args
                .iter()
                .any(|v| matches!(v, Value::Single(_) | Value::SingleComplex(_)));
            let out = $f(ctx, args)?;
            if !single {
                return Ok(out);
            }
            out.into_iter()
                .enumerate()
                .map(|(k, v)| {
                    if k < $n {
                        crate::ops::classes::to_single_result(v)
                    } else {
                        Ok(v)
                    }
                })
                .collect()
        }
    )*};
}

single_when_single! {
    det_single = det, usize::MAX;
    inv_single = inv, usize::MAX;
    cond_single = cond, usize::MAX;
    rcond_single = rcond, usize::MAX;
    pinv_single = pinv, usize::MAX;
    norm_single = norm, usize::MAX;
    trace_single = trace, usize::MAX;
    kron_single = kron, usize::MAX;
    chol_single = decomp::chol, 1;
    lu_single = decomp::lu, 2;
    qr_single2 = decomp::qr, 2;
    eig_single = decomp::eig, usize::MAX;
    svd_single = decomp::svd, usize::MAX;
    expm_single = decomp::expm, usize::MAX;
    sqrtm_single = matfun::sqrtm, usize::MAX;
    logm_single = matfun::logm, usize::MAX;
    cross_single = cross, usize::MAX;
    dot_single = dot, usize::MAX;
}

/// `qr` of single data: Q and R single, and the permutation too when it
/// is a row of column numbers (a permutation matrix stays double), as in
/// Octave.
fn qr_single(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let vector = matches!(decomp::qr_options(&args), Ok((_, true)));
    let single = args
        .iter()
        .any(|v| matches!(v, Value::Single(_) | Value::SingleComplex(_)));
    let mut out = qr_single2(ctx, args)?;
    if single && vector && out.len() == 3 {
        if let Some(e) = out.pop() {
            out.push(crate::ops::classes::to_single_result(e)?);
        }
    }
    Ok(out)
}

pub const TABLE: &[Builtin] = &[
    Builtin {
        name: "det",
        func: det_single,
        calls_back: false,
    },
    Builtin {
        name: "inv",
        func: inv_single,
        calls_back: false,
    },
    Builtin {
        name: "cond",
        func: cond_single,
        calls_back: false,
    },
    Builtin {
        name: "rcond",
        func: rcond_single,
        calls_back: false,
    },
    Builtin {
        name: "inverse",
        func: inv_single,
        calls_back: false,
    },
    Builtin {
        name: "pinv",
        func: pinv_single,
        calls_back: false,
    },
    Builtin {
        name: "rank",
        func: rank,
        calls_back: false,
    },
    Builtin {
        name: "norm",
        func: norm_single,
        calls_back: false,
    },
    Builtin {
        name: "trace",
        func: trace_single,
        calls_back: false,
    },
    Builtin {
        name: "kron",
        func: kron_single,
        calls_back: false,
    },
    Builtin {
        name: "cross",
        func: cross_single,
        calls_back: false,
    },
    Builtin {
        name: "dot",
        func: dot_single,
        calls_back: false,
    },
    Builtin {
        name: "chol",
        func: chol_single,
        calls_back: false,
    },
    Builtin {
        name: "lu",
        func: lu_single,
        calls_back: false,
    },
    Builtin {
        name: "qr",
        func: qr_single,
        calls_back: false,
    },
    Builtin {
        name: "eig",
        func: eig_single,
        calls_back: false,
    },
    Builtin {
        name: "svd",
        func: svd_single,
        calls_back: false,
    },
    Builtin {
        name: "expm",
        func: expm_single,
        calls_back: false,
    },
    Builtin {
        name: "mtimes",
        func: mtimes,
        calls_back: false,
    },
    Builtin {
        name: "mldivide",
        func: mldivide,
        calls_back: false,
    },
    Builtin {
        name: "mrdivide",
        func: mrdivide,
        calls_back: false,
    },
    Builtin {
        name: "mpower",
        func: mpower,
        calls_back: false,
    },
    Builtin {
        name: "plus",
        func: plus,
        calls_back: false,
    },
    Builtin {
        name: "minus",
        func: minus,
        calls_back: false,
    },
    Builtin {
        name: "times",
        func: times,
        calls_back: false,
    },
    Builtin {
        name: "rdivide",
        func: rdivide,
        calls_back: false,
    },
    Builtin {
        name: "ldivide",
        func: ldivide,
        calls_back: false,
    },
    Builtin {
        name: "power",
        func: power,
        calls_back: false,
    },
    Builtin {
        name: "eq",
        func: eq,
        calls_back: false,
    },
    Builtin {
        name: "ne",
        func: ne,
        calls_back: false,
    },
    Builtin {
        name: "lt",
        func: lt,
        calls_back: false,
    },
    Builtin {
        name: "le",
        func: le,
        calls_back: false,
    },
    Builtin {
        name: "gt",
        func: gt,
        calls_back: false,
    },
    Builtin {
        name: "ge",
        func: ge,
        calls_back: false,
    },
    Builtin {
        name: "and",
        func: and,
        calls_back: false,
    },
    Builtin {
        name: "or",
        func: or,
        calls_back: false,
    },
    Builtin {
        name: "not",
        func: not,
        calls_back: false,
    },
    Builtin {
        name: "xor",
        func: xor,
        calls_back: false,
    },
    Builtin {
        name: "uminus",
        func: uminus,
        calls_back: false,
    },
    Builtin {
        name: "uplus",
        func: uplus,
        calls_back: false,
    },
    Builtin {
        name: "transpose",
        func: transpose,
        calls_back: false,
    },
    Builtin {
        name: "ctranspose",
        func: ctranspose,
        calls_back: false,
    },
    Builtin {
        name: "null",
        func: spaces::null,
        calls_back: false,
    },
    Builtin {
        name: "orth",
        func: spaces::orth,
        calls_back: false,
    },
    Builtin {
        name: "sqrtm",
        func: sqrtm_single,
        calls_back: false,
    },
    Builtin {
        name: "logm",
        func: logm_single,
        calls_back: false,
    },
    Builtin {
        name: "linsolve",
        func: spaces::linsolve,
        calls_back: false,
    },
];

// ----- helpers -----

/// Exactly `n` arguments or "Invalid call to NAME".
fn nargs(name: &str, args: &[Value], lo: usize, hi: usize) -> Result<()> {
    if args.len() < lo || args.len() > hi {
        return Err(Error::new(format!("Invalid call to {name}")));
    }
    Ok(())
}

/// A 2-D numeric argument.
pub(super) fn matrix_arg(name: &str, v: &Value) -> Result<Numeric> {
    let x = numeric_arg(name, v)?;
    if !x.dims().is_matrix() {
        return Err(Error::new(format!("{name}: A must be a 2-D matrix")));
    }
    Ok(x)
}

/// The side of a square matrix argument.
pub(super) fn square_arg(name: &str, x: &Numeric) -> Result<usize> {
    let d = x.dims();
    if !d.is_matrix() || d.rows() != d.cols() {
        return Err(Error::new(format!("{name}: A must be a square matrix")));
    }
    Ok(d.rows())
}

/// Wraps generic column-major data as a (narrowed) value.
pub(super) fn value_of<T: Elem>(m: usize, n: usize, v: Vec<T>) -> Value {
    T::wrap(Dims::mat(m, n), v).into_value()
}

/// Runs `f` on the elements of a real or complex operand.
macro_rules! with_elems {
    ($x:expr, |$d:ident| $body:expr) => {
        match $x {
            Numeric::Re(a) => {
                let $d: &[f64] = a.data();
                $body
            }
            Numeric::Cx(a) => {
                let $d: &[C64] = a.data();
                $body
            }
        }
    };
}
pub(super) use with_elems;

/// Singular values, descending (empty for empty input; NaN for non-finite).
pub(super) fn singular_values<T: Elem>(m: usize, n: usize, a: &[T]) -> Result<Vec<f64>> {
    if m == 0 || n == 0 {
        return Ok(Vec::new());
    }
    if !a.iter().all(|v| v.finite()) {
        return Ok(vec![f64::NAN; m.min(n)]);
    }
    dense::as_mat(m, n, a)
        .singular_values()
        .map_err(|_| Error::new("svd: failed to converge"))
}

/// `exp` of a 1x1 operand (expm of a scalar).
pub(super) fn scalar_exp(x: &Numeric) -> Value {
    match x {
        Numeric::Re(a) => Value::num(a.data().first().map_or(f64::NAN, |v| v.exp())),
        Numeric::Cx(a) => {
            let z = a
                .data()
                .first()
                .map_or(C64::new(f64::NAN, 0.0), |v| v.exp());
            Value::complex(z.re, z.im).narrowed()
        }
    }
}

// ----- functions -----

/// det: determinant of a square matrix.
///
/// `d = det(A)` returns the determinant of the square matrix A, computed
/// from its LU factorization (so integer matrices may give results a
/// rounding error away from an integer). A determinant near zero means A is
/// close to singular, but the reciprocal condition number r that
/// `[X, r] = inv(A)` returns measures that better.
///
/// ```text
/// >> det([1 2; 3 4])
/// ans = -2
/// >> det(magic(3))
/// ans = -360
/// ```
fn det(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("det", &args, 1, 1)?;
    let x = matrix_arg("det", &args[0])?;
    let n = square_arg("det", &x)?;
    fn go<T: Elem>(n: usize, a: &[T]) -> Value {
        if n == 0 {
            return Value::num(1.0);
        }
        // Octave picks the method by matrix type: triangular -> diagonal
        // product; Hermitian with positive diagonal -> Cholesky; else LU.
        if n == 1 || dense::triangular(n, a).is_some() {
            let mut d = T::e1();
            for i in 0..n {
                d *= a[i + i * n];
            }
            return value_of(1, 1, vec![d]);
        }
        if dense::hermitian_positive_diag(n, a) {
            if let Ok(r) = dense::chol_upper(n, a) {
                let mut c = T::e1();
                for i in 0..n {
                    c *= r[i + i * n];
                }
                return value_of(1, 1, vec![c * c]);
            }
        }
        let lu = dense::lu_factor(n, n, a.to_vec());
        value_of(1, 1, vec![lu.det()])
    }
    Ok(vec![with_elems!(&x, |d| go(n, d))])
}

/// inv, inverse: inverse of a square matrix.
///
/// `X = inv(A)` returns the inverse of the square matrix A, so that A*X is
/// the identity. A singular matrix gives Inf elements and a warning "matrix
/// singular to machine precision". To solve A*x = b, `A\b` is faster and
/// more accurate than `inv(A)*b`.
///
/// `[X, rcond] = inv(A)` also returns the reciprocal condition number of A.
///
/// ```text
/// >> inv([1 2; 3 4])
/// ans =
///
///   -2.0000   1.0000
///    1.5000  -0.5000
/// >> [2 0; 0 4] * inv([2 0; 0 4])
/// ans =
///
///    1   0
///    0   1
/// ```
fn inv(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("inv", &args, 1, 1)?;
    let x = matrix_arg("inverse", &args[0])?;
    let d = x.dims();
    if d.rows() != d.cols() {
        return Err(Error::new("inverse: argument must be a square matrix"));
    }
    let n = d.rows();
    if n == 1 {
        // scalar: plain reciprocal, no singular warning (as Octave)
        let v = ops::binary(BinOp::Div, &Value::num(1.0), &x.clone().into_value())?;
        let rc = match &x {
            Numeric::Re(a) => a
                .data()
                .first()
                .map_or(0.0, |v| if *v == 0.0 { 0.0 } else { 1.0 }),
            Numeric::Cx(a) => a
                .data()
                .first()
                .map_or(0.0, |v| if v.norm() == 0.0 { 0.0 } else { 1.0 }),
        };
        let mut out = vec![v];
        if ctx.nargout >= 2 {
            out.push(Value::num(rc));
        }
        return Ok(out);
    }
    fn go<T: Elem>(n: usize, a: &[T], want_rcond: bool) -> (Value, f64) {
        if want_rcond {
            let (inv, rc) = dense::inverse_quiet(n, a);
            (value_of(n, n, inv), rc)
        } else {
            (value_of(n, n, dense::inverse(n, a)), 0.0)
        }
    }
    let want = ctx.nargout >= 2;
    let (v, rc) = with_elems!(&x, |d| go(n, d, want));
    let mut out = vec![v];
    if want {
        out.push(Value::num(rc));
    }
    Ok(out)
}

/// rcond: the reciprocal condition number of a square matrix, in the
/// 1-norm.
///
/// `c = rcond(A)` is near 1 for a well-conditioned matrix and near 0 (0
/// when singular) for a badly conditioned one: LAPACK's estimate, as
/// `[X, c] = inv(A)` gives it. `rcond([])` is Inf.
///
/// ```text
/// >> rcond([1 2; 3 4])
/// ans = 0.047619
/// >> rcond([1 2; 2 4])
/// ans = 0
/// ```
fn rcond(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("rcond", &args, 1, 1)?;
    let x = matrix_arg("rcond", &args[0])?;
    let d = x.dims();
    if d.rows() != d.cols() {
        return Err(Error::new("rcond: A must be a square matrix"));
    }
    if d.rows() == 0 {
        return Ok(vec![Value::num(f64::INFINITY)]);
    }
    let asked = ctx.nargout;
    ctx.nargout = 2;
    let r = inv(ctx, args);
    ctx.nargout = asked;
    let mut r = r?;
    match r.pop() {
        Some(rc) if r.len() == 1 => Ok(vec![rc]),
        _ => Err(Error::new("rcond: internal error: no estimate")),
    }
}

/// cond: the condition number of a matrix.
///
/// `c = cond(A)` is the ratio of the largest to the smallest singular
/// value of A (the 2-norm condition number): 1 for an orthogonal matrix,
/// large when solving with A loses digits, Inf when A is exactly singular.
///
/// `c = cond(A, p)` is `norm(A, p) * norm(inv(A), p)` for p = 1, Inf or
/// 'fro' (a square A).
///
/// ```text
/// >> cond([1 2; 3 4])
/// ans = 14.933
/// >> cond([1 2; 3 4], 1)
/// ans = 21.000
/// >> cond(eye(3))
/// ans = 1
/// ```
fn cond(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("cond", &args, 1, 2)?;
    let x = matrix_arg("cond", &args[0])?;
    let two = match args.get(1) {
        None => true,
        Some(p) => !p.is_char() && p.scalar_f64("cond")? == 2.0,
    };
    if two {
        let finite = match &x {
            Numeric::Re(a) => a.data().iter().all(|v| v.is_finite()),
            Numeric::Cx(a) => a
                .data()
                .iter()
                .all(|v| v.re.is_finite() && v.im.is_finite()),
        };
        if !finite {
            return Err(Error::new("cond: A must not contain Inf or NaN values"));
        }
        if x.dims().is_empty() {
            return Ok(vec![Value::num(0.0)]);
        }
        let asked = ctx.nargout;
        ctx.nargout = 1;
        let s = decomp::svd(ctx, vec![args[0].clone()]);
        ctx.nargout = asked;
        let s = s?
            .into_iter()
            .next()
            .ok_or_else(|| Error::new("cond: internal error: no singular values"))?
            .to_num_array("cond")?;
        let (hi, lo) = s
            .data()
            .iter()
            .fold((0.0f64, f64::INFINITY), |(h, l), &v| (h.max(v), l.min(v)));
        if s.data().iter().any(|v| v.is_nan()) {
            return Ok(vec![Value::num(f64::NAN)]);
        }
        return Ok(vec![Value::num(if lo == 0.0 {
            f64::INFINITY
        } else {
            hi / lo
        })]);
    }
    let d = x.dims();
    if d.rows() != d.cols() {
        return Err(Error::new("cond: A must be a square matrix if P != 2"));
    }
    let p = args[1].clone();
    let na = norm(ctx, vec![args[0].clone(), p.clone()])?;
    let ai = inv(ctx, vec![args[0].clone()])?;
    let ni = norm(
        ctx,
        vec![ai.into_iter().next().unwrap_or_else(Value::empty), p],
    )?;
    let (na, ni) = (
        na.first().map_or(Ok(f64::NAN), |v| v.scalar_f64("cond"))?,
        ni.first().map_or(Ok(f64::NAN), |v| v.scalar_f64("cond"))?,
    );
    Ok(vec![Value::num(na * ni)])
}

/// pinv: Moore-Penrose pseudoinverse.
///
/// `B = pinv(A)` is the pseudoinverse of A, computed from its singular
/// value decomposition; singular values below max(size(A)) * norm(A) *
/// eps count as zero. For a full-rank square A it is inv(A); A\b and
/// pinv(A)*b differ for rank-deficient A.
///
/// `B = pinv(A, TOL)` uses the tolerance TOL instead.
///
/// ```text
/// >> pinv([1; 2])
/// ans =
///
///    0.2000   0.4000
/// ```
fn pinv(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("pinv", &args, 1, 2)?;
    let x = matrix_arg("pinv", &args[0])?;
    let tol = match args.get(1) {
        Some(t) => Some(t.scalar_f64("pinv")?),
        None => None,
    };
    let (m, n) = (x.dims().rows(), x.dims().cols());
    fn go<T: Elem>(m: usize, n: usize, a: &[T], tol: Option<f64>) -> Result<Value> {
        if m == 0 || n == 0 {
            return Ok(value_of::<T>(n, m, vec![T::e0(); m * n]));
        }
        if !a.iter().all(|v| v.finite()) {
            return Ok(value_of(n, m, vec![T::from_re(f64::NAN); m * n]));
        }
        let svd = dense::as_mat(m, n, a)
            .thin_svd()
            .map_err(|_| Error::new("pinv: SVD failed to converge"))?;
        let (u, v) = (svd.U(), svd.V());
        let s: Vec<f64> = svd
            .S()
            .column_vector()
            .iter()
            .map(|z| z.re_part())
            .collect();
        let smax = s.first().copied().unwrap_or(0.0);
        let tol = tol.unwrap_or(m.max(n) as f64 * smax * f64::EPSILON);
        let mut out = vec![T::e0(); n * m];
        for (k, &sk) in s.iter().enumerate() {
            if sk <= tol {
                continue;
            }
            let r = T::from_re(1.0 / sk);
            for j in 0..m {
                let c = u[(j, k)].cj() * r;
                for i in 0..n {
                    out[i + j * n] += v[(i, k)] * c;
                }
            }
        }
        Ok(value_of(n, m, out))
    }
    Ok(vec![with_elems!(&x, |d| go(m, n, d, tol))?])
}

/// rank: rank of a matrix.
///
/// `K = rank(A)` is the number of singular values of A larger than
/// max(size(A)) * norm(A) * eps: the number of linearly independent rows
/// or columns.
///
/// `K = rank(A, TOL)` counts the singular values larger than TOL.
///
/// ```text
/// >> rank(magic(4))
/// ans = 3
/// >> rank([1 2; 2 4])
/// ans = 1
/// ```
fn rank(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("rank", &args, 1, 2)?;
    let x = matrix_arg("rank", &args[0])?;
    let (m, n) = (x.dims().rows(), x.dims().cols());
    let s = with_elems!(&x, |d| singular_values(m, n, d))?;
    let smax = s.first().copied().unwrap_or(0.0);
    let tol = match args.get(1) {
        Some(t) => t.scalar_f64("rank")?,
        None => m.max(n) as f64 * smax * f64::EPSILON,
    };
    let r = s.iter().filter(|&&v| v > tol).count();
    Ok(vec![Value::num(r as f64)])
}

/// trace: sum of the diagonal elements.
///
/// `T = trace(A)` is sum(diag(A)) for a square matrix A.
///
/// ```text
/// >> trace([1 2; 3 4])
/// ans = 5
/// ```
fn trace(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("trace", &args, 1, 1)?;
    let x = numeric_arg("trace", &args[0])?;
    let d = x.dims().clone();
    if !d.is_matrix() {
        return Err(Error::new("trace: only valid on 2-D objects"));
    }
    let k = d.rows().min(d.cols());
    fn go<T: Elem>(r: usize, k: usize, a: &[T]) -> Value {
        let mut s = T::e0();
        for i in 0..k {
            s += a[i + i * r];
        }
        value_of(1, 1, vec![s])
    }
    Ok(vec![with_elems!(&x, |a| go(d.rows(), k, a))])
}

/// Vector p-norm of the moduli.
fn vec_norm(v: &[f64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    if p == 2.0 {
        let scale = v
            .iter()
            .fold(0.0f64, |m, &x| if x.is_nan() { f64::NAN } else { m.max(x) });
        if scale == 0.0 || !scale.is_finite() {
            return scale;
        }
        let s: f64 = v.iter().map(|&x| (x / scale) * (x / scale)).sum();
        return scale * s.sqrt();
    }
    if p == f64::INFINITY {
        return v.iter().fold(0.0f64, |m, &x| {
            if x.is_nan() || m.is_nan() {
                f64::NAN
            } else {
                m.max(x)
            }
        });
    }
    if p == f64::NEG_INFINITY {
        return v.iter().fold(f64::INFINITY, |m, &x| {
            if x.is_nan() || m.is_nan() {
                f64::NAN
            } else {
                m.min(x)
            }
        });
    }
    if p == 1.0 {
        return v.iter().sum();
    }
    if p == 0.0 {
        return v.iter().filter(|&&x| x != 0.0).count() as f64;
    }
    v.iter().map(|&x| x.powf(p)).sum::<f64>().powf(1.0 / p)
}

/// norm: vector or matrix norm.
///
/// `N = norm(V)` for a vector is its Euclidean length; `norm(V, P)` the
/// p-norm sum(abs(V).^P)^(1/P), with P = Inf the largest and -Inf the
/// smallest absolute value.
///
/// `N = norm(A)` for a matrix is its 2-norm (the largest singular value);
/// `norm(A, 1)` the largest column sum of absolute values, `norm(A, Inf)`
/// the largest row sum, `norm(A, 'fro')` the Frobenius norm.
///
/// ```text
/// >> norm([3 4])
/// ans = 5
/// >> norm([1 2; 3 4], 1)
/// ans = 6
/// >> norm([1 2; 3 4], 'fro')
/// ans = 5.4772
/// ```
fn norm(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("norm", &args, 1, 3)?;
    enum P {
        Num(f64),
        Fro,
    }
    let p = match args.get(1) {
        None => P::Num(2.0),
        Some(v @ Value::Char(_)) => {
            let s = v.to_str("norm")?;
            match s.to_ascii_lowercase().as_str() {
                "fro" => P::Fro,
                "inf" => P::Num(f64::INFINITY),
                "-inf" => P::Num(f64::NEG_INFINITY),
                _ => return Err(Error::new(format!("norm: unrecognized option: {s}"))),
            }
        }
        Some(v) => P::Num(v.scalar_f64("norm")?),
    };
    // MATLAB's norm takes single and double only; Octave refuses char and
    // logical with these words.
    if let Value::Char(_) | Value::Bool(_) = &args[0] {
        let who = if matches!(p, P::Fro) {
            "xfrobnorm"
        } else {
            "xnorm"
        };
        let what = match &args[0] {
            Value::Char(_) => "sq_string",
            v => crate::ops::type_name(v),
        };
        return Err(Error::new(format!("{who}: wrong type argument '{what}'")));
    }
    let x = numeric_arg("norm", &args[0])?;
    let d = x.dims().clone();
    if !d.is_matrix() {
        return Err(Error::new("norm: only valid for 2-D objects"));
    }
    let mags: Vec<f64> = match &x {
        Numeric::Re(a) => a.data().iter().map(|v| v.abs()).collect(),
        Numeric::Cx(a) => a.data().iter().map(|z| z.norm()).collect(),
    };
    let (m, n) = (d.rows(), d.cols());
    let r = if d.is_vector() || mags.is_empty() {
        match p {
            P::Fro => vec_norm(&mags, 2.0),
            P::Num(p) => vec_norm(&mags, p),
        }
    } else {
        match p {
            P::Fro => vec_norm(&mags, 2.0),
            P::Num(1.0) => dense::norm1(m, n, &mags),
            P::Num(p) if p == f64::INFINITY => {
                let t = dense::transpose_data(m, n, &mags);
                dense::norm1(n, m, &t)
            }
            P::Num(2.0) => {
                let s = with_elems!(&x, |a| singular_values(m, n, a))?;
                s.first().copied().unwrap_or(0.0)
            }
            P::Num(_) => {
                return Err(Error::new(
                    "norm: only p = 1, 2, Inf or 'fro' are implemented for matrices",
                ))
            }
        }
    };
    Ok(vec![Value::num(r)])
}

/// kron: Kronecker tensor product.
///
/// `K = kron(A, B)` is the block matrix whose (i,j) block is A(i,j)*B;
/// `kron(A, B, C, ...)` applies it left to right.
///
/// ```text
/// >> kron([1 2], [1; 1])
/// ans =
///
///    1   2
///    1   2
/// >> kron(eye(2), [1 2])
/// ans =
///
///    1   2   0   0
///    0   0   1   2
/// ```
fn kron(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if args.len() < 2 {
        return Err(Error::new("Invalid call to kron"));
    }
    let mut acc = matrix_arg("kron", &args[0])?;
    for b in &args[1..] {
        let b = matrix_arg("kron", b)?;
        let (da, db) = (acc.dims(), b.dims());
        let extent = |x: usize, y: usize| {
            x.checked_mul(y)
                .ok_or_else(|| ops::too_many(x as f64 * y as f64))
        };
        ops::checked_numel(&[extent(da.rows(), db.rows())?, extent(da.cols(), db.cols())?])?;
        acc = kron2(acc, b)?;
    }
    Ok(vec![acc.into_value()])
}

fn kron2(a: Numeric, b: Numeric) -> Result<Numeric> {
    fn go<T: Elem>(ad: &Dims, a: &[T], bd: &Dims, b: &[T]) -> Result<Numeric> {
        let (ma, na, mb, nb) = (ad.rows(), ad.cols(), bd.rows(), bd.cols());
        let (m, n) = (ma * mb, na * nb);
        let mut out = super::util::alloc_vec(m * n, T::e0())?;
        for ja in 0..na {
            for jb in 0..nb {
                let col = ja * nb + jb;
                for ia in 0..ma {
                    let x = a[ia + ja * ma];
                    for ib in 0..mb {
                        out[(ia * mb + ib) + col * m] = x * b[ib + jb * mb];
                    }
                }
            }
        }
        Ok(T::wrap(Dims::mat(m, n), out))
    }
    match (a, b) {
        (Numeric::Re(a), Numeric::Re(b)) => go(a.dims(), a.data(), b.dims(), b.data()),
        (a, b) => {
            let (a, b) = (a.into_complex()?, b.into_complex()?);
            go(a.dims(), a.data(), b.dims(), b.data())
        }
    }
}

/// cross: cross product of 3-element vectors.
///
/// `C = cross(A, B)` returns the cross product of the vectors A and B, which
/// must have 3 elements each. For matrices, the cross products of the
/// columns (or of the first dimension of size 3).
///
/// `C = cross(A, B, dim)` takes the vectors along dimension dim, which must
/// have size 3.
///
/// ```text
/// >> cross([1 0 0], [0 1 0])
/// ans =
///
///    0   0   1
/// >> cross([1 2 3], [4 5 6])
/// ans =
///
///   -3   6  -3
/// ```
fn cross(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("cross", &args, 2, 3)?;
    let a = numeric_arg("cross", &args[0])?;
    let b = numeric_arg("cross", &args[1])?;
    let (da, db) = (a.dims().clone(), b.dims().clone());
    let (da2, b) =
        if da != db && da.numel() == 3 && db.numel() == 3 && da.is_vector() && db.is_vector() {
            // row x column: Octave warns and answers in the first's orientation
            let b = match b {
                Numeric::Re(x) => {
                    Numeric::Re(x.reshaped(da.clone()).unwrap_or_else(|| Array::scalar(0.0)))
                }
                Numeric::Cx(x) => Numeric::Cx(
                    x.reshaped(da.clone())
                        .unwrap_or_else(|| Array::scalar(C64::new(0.0, 0.0))),
                ),
            };
            (da.clone(), b)
        } else {
            (da.clone(), b)
        };
    if da2 != *b.dims() {
        return Err(Error::new("cross: X and Y must have the same dimensions"));
    }
    let dim = match args.get(2) {
        Some(v) => {
            let k = v.scalar_usize("cross")?;
            if k == 0 || da2.get(k - 1) != 3 {
                return Err(Error::new("cross: dimension DIM must have 3 elements"));
            }
            k - 1
        }
        None => match (0..da2.ndims()).find(|&k| da2.get(k) == 3) {
            Some(k) => k,
            None => {
                return Err(Error::new(
                    "cross: must have at least one dimension with 3 elements",
                ))
            }
        },
    };
    let stride: usize = (0..dim).map(|k| da2.get(k)).product();
    fn go<T: Elem>(d: &Dims, dim: usize, stride: usize, a: &[T], b: &[T]) -> Numeric {
        let n = d.numel();
        let mut out = vec![T::e0(); n];
        let block = stride * 3;
        for base in (0..n).step_by(block.max(1)) {
            for s in 0..stride {
                let i0 = base + s;
                let (i1, i2) = (i0 + stride, i0 + 2 * stride);
                out[i0] = a[i1] * b[i2] - a[i2] * b[i1];
                out[i1] = a[i2] * b[i0] - a[i0] * b[i2];
                out[i2] = a[i0] * b[i1] - a[i1] * b[i0];
            }
        }
        let _ = dim;
        T::wrap(d.clone(), out)
    }
    let r = match (a, b) {
        (Numeric::Re(a), Numeric::Re(b)) => go(&da2, dim, stride, a.data(), b.data()),
        (a, b) => {
            let (a, b) = (a.into_complex()?, b.into_complex()?);
            go(&da2, dim, stride, a.data(), b.data())
        }
    };
    Ok(vec![r.into_value()])
}

/// dot: dot product.
///
/// `d = dot(a, b)` returns the scalar product sum(conj(a).*b) of two vectors
/// of the same length. For matrices, the dot products of the columns, as a
/// row.
///
/// `d = dot(a, b, dim)` works along dimension dim.
///
/// ```text
/// >> dot([1 2 3], [4 5 6])
/// ans = 32
/// >> dot([1 2; 3 4], [1 2; 3 4])
/// ans =
///
///    10   20
/// >> dot([1 2; 3 4], [1 2; 3 4], 2)
/// ans =
///
///     5
///    25
/// ```
fn dot(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("dot", &args, 2, 3)?;
    let a = numeric_arg("dot", &args[0])?;
    let b = numeric_arg("dot", &args[1])?;
    let (da, db) = (a.dims().clone(), b.dims().clone());
    let vectors = da.is_vector() && db.is_vector() && da.numel() == db.numel();
    if !vectors && da != db {
        return Err(Error::new("dot: sizes of X and Y must match"));
    }
    fn go<T: Elem>(d: &Dims, vectors: bool, dim: Option<usize>, a: &[T], b: &[T]) -> Numeric {
        if vectors && dim.is_none() {
            let mut s = T::e0();
            for (&x, &y) in a.iter().zip(b) {
                s += x.cj() * y;
            }
            return T::wrap(Dims::scalar(), vec![s]);
        }
        let k = dim.unwrap_or_else(|| d.first_nonsingleton());
        if k >= d.ndims() {
            // a singleton dimension: element-wise conj(x).*y
            let v: Vec<T> = a.iter().zip(b).map(|(&x, &y)| x.cj() * y).collect();
            return T::wrap(d.clone(), v);
        }
        let len = d.get(k);
        let stride: usize = (0..k).map(|i| d.get(i)).product();
        let od = d.with(k, 1);
        let n = od.numel();
        let mut out = vec![T::e0(); n];
        for (o, slot) in out.iter_mut().enumerate() {
            let (lo, hi) = (o % stride.max(1), o / stride.max(1));
            let base = lo + hi * stride * len;
            let mut s = T::e0();
            for t in 0..len {
                let i = base + t * stride;
                s += a[i].cj() * b[i];
            }
            *slot = s;
        }
        T::wrap(od, out)
    }
    let dim = match args.get(2) {
        Some(v) => {
            let k = v.scalar_usize("dot")?;
            if k == 0 {
                return Err(Error::new("dot: DIM must be a valid dimension"));
            }
            Some(k - 1)
        }
        None => None,
    };
    let r = match (a, b) {
        (Numeric::Re(a), Numeric::Re(b)) => go(&da, vectors, dim, a.data(), b.data()),
        (a, b) => {
            let (a, b) = (a.into_complex()?, b.into_complex()?);
            go(&da, vectors, dim, a.data(), b.data())
        }
    };
    Ok(vec![r.into_value()])
}

// ----- function forms of the operators -----

fn bin(name: &str, op: BinOp, args: Vec<Value>, chain: bool) -> Result<Vec<Value>> {
    if args.len() < 2 || (!chain && args.len() > 2) {
        return Err(Error::new(format!("Invalid call to {name}")));
    }
    let mut it = args.into_iter();
    let mut acc = it.next().unwrap_or_else(Value::empty);
    for b in it {
        acc = ops::binary(op, &acc, &b)?;
    }
    Ok(vec![acc])
}

/// mtimes: matrix multiplication, the function form of *.
///
/// `C = mtimes(A, B)` is the matrix product A * B (the columns of A must
/// match the rows of B; a scalar multiplies every element);
/// `mtimes(A, B, C, ...)` multiplies left to right.
///
/// ```text
/// >> mtimes([1 2], [3; 4])
/// ans = 11
/// >> mtimes([1 2; 3 4], [5; 6])
/// ans =
///
///    17
///    39
/// ```
fn mtimes(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    bin("mtimes", BinOp::MatMul, args, true)
}
/// mldivide: matrix left division, the function form of \.
///
/// `X = mldivide(A, B)` is A \ B, the solution of A*X = B: by LU for a
/// square A, by least squares (QR) for a rectangular one.
///
/// ```text
/// >> mldivide([1 2; 3 4], [5; 6])
/// ans =
///
///   -4.0000
///    4.5000
/// ```
fn mldivide(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    bin("mldivide", BinOp::MatLeftDiv, args, false)
}
/// mrdivide: matrix right division, the function form of /.
///
/// `X = mrdivide(B, A)` is B / A, the solution of X*A = B (least squares
/// when A is not square).
///
/// ```text
/// >> mrdivide([1 2], [1 2; 3 4])
/// ans =
///
///    1   0
/// ```
fn mrdivide(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    bin("mrdivide", BinOp::MatDiv, args, false)
}
/// mpower: matrix power, the function form of ^.
///
/// `C = mpower(A, P)` is A ^ P: for a square matrix A and an integer P,
/// A multiplied by itself P times (the inverse's power for negative P);
/// for scalars, the ordinary power.
///
/// ```text
/// >> mpower([1 1; 0 1], 3)
/// ans =
///
///    1   3
///    0   1
/// ```
fn mpower(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    bin("mpower", BinOp::MatPow, args, false)
}
/// plus: addition, the function form of +.
///
/// `C = plus(A, B)` is A + B, element by element with implicit expansion
/// (a scalar or a singleton dimension stretches to match);
/// `plus(A, B, C, ...)` adds all of them left to right.
///
/// ```text
/// >> plus(1, 2)
/// ans = 3
/// >> plus([1 2], [10; 20])
/// ans =
///
///    11   12
///    21   22
/// ```
fn plus(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    bin("plus", BinOp::Add, args, true)
}
/// minus: subtraction, the function form of -.
///
/// `C = minus(A, B)` is A - B, element by element with implicit expansion.
///
/// ```text
/// >> minus([5 6], 1)
/// ans =
///
///    4   5
/// ```
fn minus(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    bin("minus", BinOp::Sub, args, false)
}
/// times: element-wise multiplication, the function form of .*.
///
/// `C = times(A, B)` is A .* B, element by element with implicit
/// expansion; `times(A, B, C, ...)` multiplies all of them left to right.
///
/// ```text
/// >> times([1 2], [3 4])
/// ans =
///
///    3   8
/// ```
fn times(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    bin("times", BinOp::Mul, args, true)
}
/// rdivide: element-wise right division, the function form of ./.
///
/// `C = rdivide(A, B)` is A ./ B, each element of A divided by the
/// matching element of B (implicit expansion; x/0 is Inf or NaN).
///
/// ```text
/// >> rdivide([1 2], 4)
/// ans =
///
///    0.2500   0.5000
/// ```
fn rdivide(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    bin("rdivide", BinOp::Div, args, false)
}
/// ldivide: element-wise left division, the function form of .\.
///
/// `C = ldivide(A, B)` is A .\ B, each element of B divided by the
/// matching element of A (implicit expansion).
///
/// ```text
/// >> ldivide(4, [1 2])
/// ans =
///
///    0.2500   0.5000
/// ```
fn ldivide(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    bin("ldivide", BinOp::LeftDiv, args, false)
}
/// power: element-wise power, the function form of .^.
///
/// `C = power(A, B)` is A .^ B, each element of A raised to the matching
/// element of B (implicit expansion). A negative base with a non-integer
/// exponent gives a complex result.
///
/// ```text
/// >> power([1 2 3], 2)
/// ans =
///
///    1   4   9
/// >> power(2, [1 2 3])
/// ans =
///
///    2   4   8
/// ```
fn power(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    bin("power", BinOp::Pow, args, false)
}
/// ne: not-equal comparison, the function form of ~= (or !=).
///
/// `TF = ne(A, B)` is a logical array, true where the elements of A and B
/// differ (implicit expansion; char compares character codes; NaN differs
/// from everything).
///
/// ```text
/// >> ne([1 2 3], 2)
/// ans =
///
///   1  0  1
/// >> ne('abc', 'abd')
/// ans =
///
///   0  0  1
/// ```
fn ne(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    bin("ne", BinOp::Ne, args, false)
}
/// lt: less-than comparison, the function form of <.
///
/// `TF = lt(A, B)` is a logical array, true where an element of A is less
/// than the matching element of B (implicit expansion; complex numbers
/// compare by their real parts).
///
/// ```text
/// >> lt([1 2 3], 2)
/// ans =
///
///   1  0  0
/// ```
fn lt(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    bin("lt", BinOp::Lt, args, false)
}
/// le: less-than-or-equal comparison, the function form of <=.
///
/// `TF = le(A, B)` is a logical array, true where an element of A is less
/// than or equal to the matching element of B (implicit expansion).
///
/// ```text
/// >> le([1 2 3], 2)
/// ans =
///
///   1  1  0
/// ```
fn le(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    bin("le", BinOp::Le, args, false)
}
/// or: element-wise logical OR, the function form of |.
///
/// `TF = or(A, B)` is true where A or B (or both) is nonzero (implicit
/// expansion); `or(A, B, C, ...)` combines all of them. Unlike ||, both
/// operands are always evaluated.
///
/// ```text
/// >> or([1 0 0], [0 0 1])
/// ans =
///
///   1  0  1
/// ```
fn or(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    bin("or", BinOp::Or, args, true)
}

/// eq: element-wise equality, the function form of `==`.
///
/// `tf = eq(A, B)` is `A == B`: a logical array, true where corresponding
/// elements are equal (implicit expansion: a scalar compares with every
/// element). Complex numbers are equal when both parts are; char compares
/// by character code; NaN equals nothing. To compare whole arrays or
/// strings use `isequal` or `strcmp`.
///
/// ```text
/// >> eq([1 2 3], 2)
/// ans =
///
///   0  1  0
/// >> [1 2 3] == [1 5 3]
/// ans =
///
///   1  0  1
/// >> 'abc' == 'b'
/// ans =
///
///   0  1  0
/// ```
fn eq(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    bin("eq", BinOp::Eq, args, false)
}

/// gt: element-wise greater than, the function form of `>`.
///
/// `tf = gt(A, B)` is `A > B`: a logical array, true where an element of A
/// is greater than the corresponding element of B (implicit expansion).
/// Complex operands compare by their real parts. Char compares by code.
///
/// ```text
/// >> gt([1 2 3], 2)
/// ans =
///
///   0  0  1
/// >> [1 5; 7 2] > 4
/// ans =
///
///   0  1
///   1  0
/// ```
fn gt(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    bin("gt", BinOp::Gt, args, false)
}

/// ge: element-wise greater than or equal, the function form of `>=`.
///
/// `tf = ge(A, B)` is `A >= B`: a logical array, true where an element of A
/// is greater than or equal to the corresponding element of B (implicit
/// expansion). Complex operands compare by their real parts.
///
/// ```text
/// >> ge(3, [1 3 5])
/// ans =
///
///   1  1  0
/// >> [1 2; 3 4] >= 2
/// ans =
///
///   0  1
///   1  1
/// ```
fn ge(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    bin("ge", BinOp::Ge, args, false)
}

/// and: element-wise logical AND, the function form of `&`.
///
/// `tf = and(A, B)` is `A & B`: a logical array, true where both
/// corresponding elements are nonzero (implicit expansion). NaN is an
/// error. `and(A, B, C, ...)` combines all arguments.
///
/// The short-circuit `&&` instead takes scalar conditions and skips the
/// right side when the left is false.
///
/// ```text
/// >> and([1 0 1], [1 1 0])
/// ans =
///
///   1  0  0
/// >> [1 0 2] & 1
/// ans =
///
///   1  0  1
/// >> and(1, 1, 0)
/// ans = 0
/// ```
fn and(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    bin("and", BinOp::And, args, true)
}

fn un(name: &str, args: Vec<Value>, f: impl Fn(&Value) -> Result<Value>) -> Result<Vec<Value>> {
    if args.len() != 1 {
        return Err(Error::new(format!("Invalid call to {name}")));
    }
    Ok(vec![f(&args[0])?])
}

/// xor: element-wise logical exclusive OR.
///
/// `TF = xor(A, B)` is true where exactly one of A and B is nonzero
/// (implicit expansion).
///
/// ```text
/// >> xor([1 1 0], [1 0 0])
/// ans =
///
///   0  1  0
/// ```
fn xor(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if args.len() != 2 {
        return Err(Error::new("Invalid call to xor"));
    }
    let truth = |v: &Value| ops::unary(UnOp::Not, &ops::unary(UnOp::Not, v)?);
    Ok(vec![ops::binary(
        BinOp::Ne,
        &truth(&args[0])?,
        &truth(&args[1])?,
    )?])
}

/// not: logical negation, the function form of ~ (or !).
///
/// `TF = not(A)` is true where A is zero and false where it is nonzero.
///
/// ```text
/// >> not([1 0 2])
/// ans =
///
///   0  1  0
/// ```
fn not(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    un("not", args, |v| ops::unary(UnOp::Not, v))
}
/// uminus: unary minus, the function form of -A.
///
/// `B = uminus(A)` is -A, each element negated.
///
/// ```text
/// >> uminus([1 -2])
/// ans =
///
///   -1   2
/// ```
fn uminus(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    un("uminus", args, |v| ops::unary(UnOp::Neg, v))
}
/// uplus: unary plus, the function form of +A.
///
/// `B = uplus(A)` is +A, A unchanged.
///
/// ```text
/// >> uplus(int8(3))
/// ans = 3
/// ```
fn uplus(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    un("uplus", args, |v| ops::unary(UnOp::Plus, v))
}
/// transpose: transpose a matrix (the .' operator).
///
/// `B = transpose(A)` is A.': rows become columns; complex elements are
/// not conjugated (use ctranspose or ' for that).
///
/// ```text
/// >> transpose([1 2; 3 4])
/// ans =
///
///    1   3
///    2   4
/// >> transpose([1+i 2])
/// ans =
///
///    1 + 1i
///    2 + 0i
/// ```
fn transpose(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    un("transpose", args, |v| ops::postfix(PostOp::Transpose, v))
}

/// ctranspose: complex conjugate transpose, the function form of `'`.
///
/// `B = ctranspose(A)` is `A'`: the rows of A become columns and complex
/// elements are conjugated. For real A it is the same as `transpose(A)`
/// (`A.'`). A must be two-dimensional.
///
/// ```text
/// >> ctranspose([1 2; 3 4])
/// ans =
///
///    1   3
///    2   4
/// >> [1+2i 3i]'
/// ans =
///
///    1 - 2i
///    0 - 3i
/// ```
fn ctranspose(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    un("ctranspose", args, |v| ops::postfix(PostOp::CTranspose, v))
}

#[cfg(test)]
mod tests;
