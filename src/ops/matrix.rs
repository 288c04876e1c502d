//! Matrix operators: `*`, `/`, `\`, `^`.
//! Scalar operands fall back to the element-wise kernels as MATLAB does.

use super::dense::{self, Elem};
use super::elementwise::{self, nonconformant};
use super::{numeric_operand, power, Numeric};
use crate::error::{Error, Result};
use crate::syntax::ast::BinOp;
use crate::value::{Array, Dims, Value, C64};

fn operands(op: BinOp, a: &Value, b: &Value) -> Result<(Numeric, Numeric)> {
    let sym = op.symbol();
    Ok((
        numeric_operand(sym, a, b, a)?,
        numeric_operand(sym, a, b, b)?,
    ))
}

fn check_2d(op: &str, a: &Dims, b: &Dims) -> Result<()> {
    if !a.is_matrix() || !b.is_matrix() {
        return Err(Error::new(format!(
            "operator {op}: not defined for N-D objects"
        )));
    }
    Ok(())
}

/// Builds a value from column-major data of either element type.
fn to_value<T: Elem>(m: usize, n: usize, v: Vec<T>) -> Value {
    T::wrap(Dims::mat(m, n), v).into_value()
}

/// `a * b`: matrix product; scalar operands multiply element-wise.
pub fn mtimes(a: &Value, b: &Value) -> Result<Value> {
    if a.is_scalar() || b.is_scalar() {
        return elementwise::binary(BinOp::Mul, a, b);
    }
    let (x, y) = operands(BinOp::MatMul, a, b)?;
    let (da, db) = (x.dims().clone(), y.dims().clone());
    check_2d("*", &da, &db)?;
    let (m, k, k2, n) = (da.rows(), da.cols(), db.rows(), db.cols());
    if k != k2 {
        return Err(nonconformant("operator *", &da, &db));
    }
    super::checked_numel(&[m, n])?;
    Ok(match (x, y) {
        (Numeric::Re(x), Numeric::Re(y)) => Value::Num(Array::new(
            Dims::mat(m, n),
            dense::matmul(m, k, n, x.data(), y.data()),
        )),
        (x, y) => {
            let (x, y) = (x.into_complex()?, y.into_complex()?);
            to_value(m, n, dense::matmul(m, k, n, x.data(), y.data()))
        }
    })
}

/// `a \ b`: solves `a * x = b` (element-wise when `a` is scalar).
pub fn mldivide(a: &Value, b: &Value) -> Result<Value> {
    if a.is_scalar() {
        return elementwise::binary(BinOp::LeftDiv, a, b);
    }
    let (x, y) = operands(BinOp::MatLeftDiv, a, b)?;
    let (da, db) = (x.dims().clone(), y.dims().clone());
    check_2d("\\", &da, &db)?;
    if da.rows() != db.rows() {
        return Err(nonconformant("operator \\", &da, &db));
    }
    let (m, n, nrhs) = (da.rows(), da.cols(), db.cols());
    Ok(match (x, y) {
        (Numeric::Re(x), Numeric::Re(y)) => {
            to_value(n, nrhs, dense::solve(m, n, x.data(), y.data(), nrhs)?)
        }
        (x, y) => {
            let (x, y) = (x.into_complex()?, y.into_complex()?);
            to_value(n, nrhs, dense::solve(m, n, x.data(), y.data(), nrhs)?)
        }
    })
}

/// `b / a`: solves `x * a = b` as `(a.' \ b.').'` (element-wise for scalar `a`).
pub fn mrdivide(b: &Value, a: &Value) -> Result<Value> {
    if a.is_scalar() {
        return elementwise::binary(BinOp::Div, b, a);
    }
    let (y, x) = operands(BinOp::MatDiv, b, a)?;
    let (db, da) = (y.dims().clone(), x.dims().clone());
    check_2d("/", &db, &da)?;
    if da.cols() != db.cols() {
        return Err(nonconformant("operator /", &db, &da));
    }
    // x * A = B  <=>  A.' * x.' = B.'
    let (m, n) = (da.rows(), da.cols());
    let rows_b = db.rows();
    fn go<T: Elem>(m: usize, n: usize, rb: usize, a: &[T], b: &[T]) -> Result<Value> {
        let at = dense::transpose_data(m, n, a);
        let bt = dense::transpose_data(rb, n, b);
        let xt = dense::solve(n, m, &at, &bt, rb)?;
        Ok(to_value(rb, m, dense::transpose_data(m, rb, &xt)))
    }
    match (x, y) {
        (Numeric::Re(x), Numeric::Re(y)) => go(m, n, rows_b, x.data(), y.data()),
        (x, y) => {
            let (x, y) = (x.into_complex()?, y.into_complex()?);
            go(m, n, rows_b, x.data(), y.data())
        }
    }
}

const MPOWER_SHAPE: &str = "for x^y, only square matrix arguments are permitted and one argument must be scalar.  Use .^ for elementwise power.";

/// `a ^ b`: matrix power.
pub fn mpower(a: &Value, b: &Value) -> Result<Value> {
    let (sa, sb) = (a.is_scalar(), b.is_scalar());
    if sa && sb {
        return elementwise::binary(BinOp::Pow, a, b);
    }
    let (x, y) = operands(BinOp::MatPow, a, b)?;
    if !sa && !sb {
        return Err(Error::new("can't do A ^ B for A and B both matrices"));
    }
    let (da, db) = (x.dims().clone(), y.dims().clone());
    let square = |d: &Dims| d.is_matrix() && d.rows() == d.cols();
    if sb {
        if !square(&da) {
            return Err(Error::new(MPOWER_SHAPE));
        }
        let n = da.rows();
        match y {
            Numeric::Re(e) => {
                let p = e.data().first().copied().unwrap_or(0.0);
                if p.fract() == 0.0 && p.abs() < 2147483648.0 {
                    return Ok(match x {
                        Numeric::Re(m) => to_value(n, n, int_power(n, m.data(), p as i64)),
                        Numeric::Cx(m) => to_value(n, n, int_power(n, m.data(), p as i64)),
                    });
                }
                let ev = eig_any(n, &x)?;
                fn_of_matrix(n, ev, |l| power::pow_real_exponent(l, p))
            }
            Numeric::Cx(e) => {
                let p = e.data().first().copied().unwrap_or(C64::new(0.0, 0.0));
                let ev = eig_any(n, &x)?;
                fn_of_matrix(n, ev, |l| power::pow_cc(l, p))
            }
        }
    } else {
        if !square(&db) {
            return Err(Error::new(MPOWER_SHAPE));
        }
        let n = db.rows();
        let (base, base_real) = match x {
            Numeric::Re(s) => (
                C64::new(s.data().first().copied().unwrap_or(0.0), 0.0),
                true,
            ),
            Numeric::Cx(s) => (
                s.data().first().copied().unwrap_or(C64::new(0.0, 0.0)),
                false,
            ),
        };
        // A real base > 0 to a real matrix power is real (expm(log(a) * B)):
        // drop the rounding residue of the eigen-decomposition's complex
        // arithmetic, as Octave does (it keeps 0 ^ B and NaN ^ B complex).
        let real_result = base.im == 0.0 && base.re > 0.0 && matches!(y, Numeric::Re(_));
        let ev = eig_any(n, &y)?;
        let r = fn_of_matrix(n, ev, |l| {
            if base.im == 0.0 && base.re > 0.0 {
                // std::pow(double, complex): exact for integer eigenvalues
                let r = base.re.powf(l.re);
                let th = l.im * base.re.ln();
                if th == 0.0 {
                    C64::new(r, 0.0)
                } else {
                    C64::new(r * th.cos(), r * th.sin())
                }
            } else if base_real {
                power::pow_rc(base.re, l)
            } else {
                power::pow_cc(base, l)
            }
        })?;
        Ok(match r {
            Value::Complex(c) if real_result => Value::Num(c.map(|z| z.re)),
            r => r,
        })
    }
}

fn eig_any(n: usize, x: &Numeric) -> Result<(Vec<C64>, Vec<C64>)> {
    match x {
        Numeric::Re(m) => dense::eig_general(n, m.data()),
        Numeric::Cx(m) => dense::eig_general(n, m.data()),
    }
}

/// `V * diag(f(lambda)) * inv(V)`.
fn fn_of_matrix(
    n: usize,
    (vals, vecs): (Vec<C64>, Vec<C64>),
    f: impl Fn(C64) -> C64,
) -> Result<Value> {
    let mut vd = vecs.clone();
    for (j, col) in vd.chunks_exact_mut(n.max(1)).enumerate() {
        let d = f(vals.get(j).copied().unwrap_or(C64::new(0.0, 0.0)));
        for v in col.iter_mut() {
            *v = elementwise::cmul(*v, d);
        }
    }
    let (vinv, _) = dense::inverse_quiet(n, &vecs);
    Ok(to_value(n, n, dense::matmul(n, n, n, &vd, &vinv)))
}

/// Square matrix to an integer power by repeated squaring (negative powers
/// invert first, warning when singular as Octave does).
fn int_power<T: Elem>(n: usize, a: &[T], p: i64) -> Vec<T> {
    if p == 0 {
        return dense::identity(n);
    }
    let base: Vec<T> = if p < 0 {
        let (inv, rc) = dense::inverse_quiet(n, a);
        if rc + 1.0 == 1.0 || rc.is_nan() {
            crate::error::warn_id(
                "Octave:singular-matrix",
                &format!(
                    "inverse: matrix singular to machine precision, rcond = {}",
                    super::fmt_g(rc)
                ),
            );
        }
        inv
    } else {
        a.to_vec()
    };
    let mut e = p.unsigned_abs();
    let mut x = base;
    let mut result: Option<Vec<T>> = None;
    loop {
        if e & 1 == 1 {
            result = Some(match result {
                None => x.clone(),
                Some(r) => dense::matmul(n, n, n, &r, &x),
            });
        }
        e >>= 1;
        if e == 0 {
            break;
        }
        x = dense::matmul(n, n, n, &x, &x);
    }
    result.unwrap_or_else(|| dense::identity(n))
}
