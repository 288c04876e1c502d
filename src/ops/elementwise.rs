//! Element-wise operators with scalar and implicit expansion (broadcasting):
//! `+ - .* ./ .\ .^`, comparisons and `& |`. The kernels run as tight loops
//! over slices; broadcasting walks the output one first-dimension run at a
//! time so the inner loop is a plain zip.

use super::{nan_to_logical, numeric_operand, power, Numeric};
use crate::error::{Error, Result};
use crate::syntax::ast::BinOp;
use crate::value::{Array, Dims, Value, C64};
use smallvec::SmallVec;

/// Octave's nonconformant error with its own prefix (`operator +`, `product`...).
pub(crate) fn nonconformant(prefix: &str, a: &Dims, b: &Dims) -> Error {
    Error::with_id(
        "Octave:nonconformant-args",
        format!(
            "{prefix}: nonconformant arguments (op1 is {}, op2 is {})",
            a.to_string_x(),
            b.to_string_x()
        ),
    )
}

/// The name Octave uses in the nonconformant message of an element-wise op.
pub(crate) fn op_prefix(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "operator +",
        BinOp::Sub => "operator -",
        BinOp::Mul => "product",
        BinOp::Div | BinOp::LeftDiv => "quotient",
        BinOp::Pow => "operator .^",
        BinOp::Eq => "mx_el_eq",
        BinOp::Ne => "mx_el_ne",
        BinOp::Lt => "mx_el_lt",
        BinOp::Le => "mx_el_le",
        BinOp::Gt => "mx_el_gt",
        BinOp::Ge => "mx_el_ge",
        BinOp::And | BinOp::AndAnd => "mx_el_and",
        BinOp::Or | BinOp::OrOr => "mx_el_or",
        BinOp::MatMul => "operator *",
        BinOp::MatDiv => "operator /",
        BinOp::MatLeftDiv => "operator \\",
        BinOp::MatPow => "operator ^",
    }
}

/// Result dims of broadcasting `a` with `b`, or the nonconformant error.
pub(crate) fn broadcast_dims(prefix: &str, a: &Dims, b: &Dims) -> Result<Dims> {
    let nd = a.ndims().max(b.ndims());
    let mut out: SmallVec<[usize; 4]> = SmallVec::with_capacity(nd);
    for k in 0..nd {
        let (x, y) = (a.get(k), b.get(k));
        if x == y || y == 1 {
            out.push(x);
        } else if x == 1 {
            out.push(y);
        } else {
            return Err(nonconformant(prefix, a, b));
        }
    }
    super::checked_numel(&out)?;
    Ok(Dims::new(&out))
}

fn internal() -> Error {
    Error::new("internal error: broadcast index out of range")
}

/// Applies `f` element-wise with scalar and implicit expansion.
pub(crate) fn zip_with<A: Copy, B: Copy, R: Clone>(
    prefix: &str,
    a: &Array<A>,
    b: &Array<B>,
    f: impl Fn(A, B) -> R,
) -> Result<Array<R>> {
    let (da, db) = (a.dims(), b.dims());
    let (xa, xb) = (a.data(), b.data());
    // Fallible: the result may not fit in memory.
    use crate::value::pod::try_collect;
    if da == db {
        let v = try_collect(xa.len(), xa.iter().zip(xb).map(|(&x, &y)| f(x, y)))?;
        return Ok(Array::new(da.clone(), v));
    }
    if da.is_scalar() {
        if let Some(&x) = xa.first() {
            let v = try_collect(xb.len(), xb.iter().map(|&y| f(x, y)))?;
            return Ok(Array::new(db.clone(), v));
        }
    }
    if db.is_scalar() {
        if let Some(&y) = xb.first() {
            let v = try_collect(xa.len(), xa.iter().map(|&x| f(x, y)))?;
            return Ok(Array::new(da.clone(), v));
        }
    }
    let out = broadcast_dims(prefix, da, db)?;
    let n = out.numel();
    if n == 0 {
        return Ok(Array::empty_with(out));
    }
    let nd = out.ndims();
    let r0 = out.get(0);
    let (sa_full, sb_full) = (da.strides(), db.strides());
    let stride = |d: &Dims, s: &SmallVec<[usize; 4]>, k: usize| -> usize {
        if d.get(k) == 1 {
            0
        } else {
            s.get(k).copied().unwrap_or(0)
        }
    };
    let sa: SmallVec<[usize; 4]> = (0..nd).map(|k| stride(da, &sa_full, k)).collect();
    let sb: SmallVec<[usize; 4]> = (0..nd).map(|k| stride(db, &sb_full, k)).collect();
    let (ia, ib) = (da.get(0) != 1, db.get(0) != 1);
    let mut res: Vec<R> = super::alloc_vec(n)?;
    let mut idx: SmallVec<[usize; 4]> = SmallVec::from_elem(0, nd);
    let (mut oa, mut ob) = (0usize, 0usize);
    for _ in 0..n / r0 {
        match (ia, ib) {
            (true, true) => {
                let ra = xa.get(oa..oa + r0).ok_or_else(internal)?;
                let rb = xb.get(ob..ob + r0).ok_or_else(internal)?;
                res.extend(ra.iter().zip(rb).map(|(&x, &y)| f(x, y)));
            }
            (false, true) => {
                let x = *xa.get(oa).ok_or_else(internal)?;
                let rb = xb.get(ob..ob + r0).ok_or_else(internal)?;
                res.extend(rb.iter().map(|&y| f(x, y)));
            }
            (true, false) => {
                let ra = xa.get(oa..oa + r0).ok_or_else(internal)?;
                let y = *xb.get(ob).ok_or_else(internal)?;
                res.extend(ra.iter().map(|&x| f(x, y)));
            }
            (false, false) => {
                let x = *xa.get(oa).ok_or_else(internal)?;
                let y = *xb.get(ob).ok_or_else(internal)?;
                let r = f(x, y);
                res.extend(std::iter::repeat_n(r, r0));
            }
        }
        for k in 1..nd {
            idx[k] += 1;
            oa += sa[k];
            ob += sb[k];
            if idx[k] < out.get(k) {
                break;
            }
            oa -= sa[k] * out.get(k);
            ob -= sb[k] * out.get(k);
            idx[k] = 0;
        }
    }
    Ok(Array::new(out, res))
}

/// [`zip_with`] in one pass over one fresh buffer, split over the cores
/// for large arrays, when the operands have the same size or one is a
/// scalar (the common cases); implicit expansion takes the general path.
pub(crate) fn zip_fast<A: Copy + Sync, B: Copy + Sync, R: super::par::Fresh>(
    prefix: &str,
    a: &Array<A>,
    b: &Array<B>,
    f: impl Fn(A, B) -> R + Sync + Copy,
) -> Result<Array<R>> {
    if let Some(r) = super::par::zip_arrays(a, b, f) {
        return Ok(r?);
    }
    zip_with(prefix, a, b, f)
}

// ----- scalar kernels -----

/// Real power as Octave computes it (C `pow`, correctly rounded by glibc, so
/// integer results such as 3^20 or 2^52 are exact).
#[inline]
pub(crate) fn pow_real(x: f64, y: f64) -> f64 {
    if y == 2.0 {
        x * x
    } else if y == 1.0 {
        x
    } else {
        x.powf(y)
    }
}

/// Complex division that survives zero and huge denominators (Smith's method;
/// a real divisor divides component-wise as C++ does).
#[inline]
pub(crate) fn cdiv(a: C64, b: C64) -> C64 {
    if b.im == 0.0 {
        return C64::new(a.re / b.re, a.im / b.re);
    }
    if b.re == 0.0 {
        return C64::new(a.im / b.im, -a.re / b.im);
    }
    if b.re.abs() >= b.im.abs() {
        let r = b.im / b.re;
        let d = b.re + b.im * r;
        C64::new((a.re + a.im * r) / d, (a.im - a.re * r) / d)
    } else {
        let r = b.re / b.im;
        let d = b.re * r + b.im;
        C64::new((a.re * r + a.im) / d, (a.im * r - a.re) / d)
    }
}

// ----- operators -----

/// `+ - .* ./ .\ .^` and comparisons on any numeric/logical/char operands.
pub(crate) fn binary(op: BinOp, a: &Value, b: &Value) -> Result<Value> {
    let sym = op.symbol();
    let x = numeric_operand(sym, a, b, a)?;
    let y = numeric_operand(sym, a, b, b)?;
    let p = op_prefix(op);
    match (x, y) {
        (x, y) if op == BinOp::Pow => pow(p, x, y),
        (Numeric::Re(x), Numeric::Re(y)) => real_op(op, p, &x, &y),
        (x, y) => {
            let (x, y) = (x.into_complex()?, y.into_complex()?);
            complex_op(op, p, &x, &y)
        }
    }
}

/// A `.\` nonconformant message lists the operands the other way round.
fn swapped(op: BinOp, e: Error, da: &Dims, db: &Dims) -> Error {
    if op == BinOp::LeftDiv && e.identifier == "Octave:nonconformant-args" {
        nonconformant("quotient", db, da)
    } else {
        e
    }
}

fn real_op(op: BinOp, p: &str, x: &Array<f64>, y: &Array<f64>) -> Result<Value> {
    let num = |r: Result<Array<f64>>| r.map(Value::Num);
    let log = |r: Result<Array<bool>>| r.map(Value::Bool);
    match op {
        BinOp::Add => num(zip_fast(p, x, y, |a, b| a + b)),
        BinOp::Sub => num(zip_fast(p, x, y, |a, b| a - b)),
        BinOp::Mul => num(zip_fast(p, x, y, |a, b| a * b)),
        BinOp::Div => num(zip_fast(p, x, y, |a, b| a / b)),
        BinOp::LeftDiv => {
            num(zip_fast(p, x, y, |a, b| b / a)).map_err(|e| swapped(op, e, x.dims(), y.dims()))
        }
        BinOp::Eq => log(zip_fast(p, x, y, |a, b| a == b)),
        BinOp::Ne => log(zip_fast(p, x, y, |a, b| a != b)),
        BinOp::Lt => log(zip_fast(p, x, y, |a, b| a < b)),
        BinOp::Le => log(zip_fast(p, x, y, |a, b| a <= b)),
        BinOp::Gt => log(zip_fast(p, x, y, |a, b| a > b)),
        BinOp::Ge => log(zip_fast(p, x, y, |a, b| a >= b)),
        _ => Err(Error::new(format!(
            "internal error: operator {} is not element-wise",
            op.symbol()
        ))),
    }
}

/// `.^` by operand types, as Octave dispatches it (`power`'s table). With
/// implicit expansion (neither operand scalar, sizes differ) Octave takes
/// a complex base to a real exponent through the polar form even for
/// integer exponents.
fn pow(p: &str, x: Numeric, y: Numeric) -> Result<Value> {
    let num = |r: Result<Array<C64>>| r.map(|a| Value::Complex(a).narrowed());
    let expands = !x.dims().is_scalar() && !y.dims().is_scalar() && x.dims() != y.dims();
    match (x, y) {
        (Numeric::Re(x), Numeric::Re(y)) => real_pow(p, &x, &y, expands),
        (Numeric::Cx(x), Numeric::Re(y)) if expands => {
            num(zip_with(p, &x, &y, power::pow_real_exponent))
        }
        (Numeric::Cx(x), Numeric::Re(y)) => num(zip_with(p, &x, &y, power::pow_cr)),
        (Numeric::Re(x), Numeric::Cx(y)) => num(zip_with(p, &x, &y, power::pow_rc)),
        (Numeric::Cx(x), Numeric::Cx(y)) => num(zip_with(p, &x, &y, power::pow_cc)),
    }
}

/// `.^` on real arrays: complex whenever a negative base meets a
/// non-integer exponent (NaN and Inf included), and then every element
/// goes through complex pow, as Octave does. Octave tests a scalar base,
/// and bases under implicit expansion, against all exponents being
/// integers, without its `int` range: `(-2).^[1 1e10]` is real there,
/// `(-2)^1e10` complex.
fn real_pow(p: &str, x: &Array<f64>, y: &Array<f64>, expands: bool) -> Result<Value> {
    let integers = |y: &Array<f64>| y.data().iter().all(|&e| e.is_finite() && e == e.round());
    let needs_complex = if y.is_scalar() {
        let e = y.data().first().copied().unwrap_or(0.0);
        x.data().iter().any(|&v| power::real_pow_is_complex(v, e))
    } else if x.is_scalar() || expands {
        x.data().iter().any(|&b| b < 0.0) && !integers(y)
    } else {
        zip_with(p, x, y, power::real_pow_is_complex)?
            .data()
            .iter()
            .any(|&t| t)
    };
    if needs_complex {
        let r = zip_with(p, x, y, |a, e| {
            power::pow_real_exponent(C64::new(a, 0.0), e)
        })?;
        return Ok(Value::Complex(r).narrowed());
    }
    if let (true, Some(&e)) = (y.is_scalar(), y.data().first()) {
        let xs = x.data();
        let v = if e == 2.0 {
            super::par::map(xs, |a| a * a)
        } else if e == 3.0 {
            super::par::map(xs, |a| a * a * a)
        } else if e == -1.0 {
            super::par::map(xs, |a| 1.0 / a)
        } else {
            super::par::map(xs, |a| a.powf(e))
        }?;
        return Ok(Value::Num(Array::new(x.dims().clone(), v)));
    }
    Ok(Value::Num(zip_fast(p, x, y, pow_real)?))
}

fn complex_op(op: BinOp, p: &str, x: &Array<C64>, y: &Array<C64>) -> Result<Value> {
    let num = |r: Result<Array<C64>>| r.map(|a| Value::Complex(a).narrowed());
    let log = |r: Result<Array<bool>>| r.map(Value::Bool);
    match op {
        BinOp::Add => num(zip_fast(p, x, y, |a, b| a + b)),
        BinOp::Sub => num(zip_fast(p, x, y, |a, b| a - b)),
        BinOp::Mul => num(zip_fast(p, x, y, cmul)),
        BinOp::Div => num(zip_fast(p, x, y, cdiv)),
        BinOp::LeftDiv => num(zip_with(p, x, y, |a, b| cdiv(b, a)))
            .map_err(|e| swapped(op, e, x.dims(), y.dims())),
        // MATLAB compares real parts; == and ~= compare both parts.
        BinOp::Eq => log(zip_with(p, x, y, |a, b| a == b)),
        BinOp::Ne => log(zip_with(p, x, y, |a, b| a != b)),
        BinOp::Lt => log(zip_with(p, x, y, |a, b| a.re < b.re)),
        BinOp::Le => log(zip_with(p, x, y, |a, b| a.re <= b.re)),
        BinOp::Gt => log(zip_with(p, x, y, |a, b| a.re > b.re)),
        BinOp::Ge => log(zip_with(p, x, y, |a, b| a.re >= b.re)),
        _ => Err(Error::new(format!(
            "internal error: operator {} is not element-wise",
            op.symbol()
        ))),
    }
}

/// Complex product; a purely real factor multiplies component-wise (so
/// `Inf * (1+0i)` does not produce NaN parts).
#[inline]
pub(crate) fn cmul(a: C64, b: C64) -> C64 {
    if b.im == 0.0 {
        C64::new(a.re * b.re, a.im * b.re)
    } else if a.im == 0.0 {
        C64::new(a.re * b.re, a.re * b.im)
    } else {
        a * b
    }
}

/// Logical view of an operand of `&` / `|`.
fn bool_operand(op: &str, a: &Value, b: &Value, this: &Value) -> Result<Array<bool>> {
    match this {
        Value::Bool(x) => Ok(x.clone()),
        Value::Num(x) => {
            if x.data().iter().any(|v| v.is_nan()) {
                return Err(nan_to_logical());
            }
            Ok(x.map(|&v| v != 0.0))
        }
        Value::Complex(x) => {
            if x.data().iter().any(|z| z.re.is_nan() || z.im.is_nan()) {
                return Err(nan_to_logical());
            }
            Ok(x.map(|z| z.re != 0.0 || z.im != 0.0))
        }
        Value::Char(x) => Ok(x.map(|&c| c != 0)),
        Value::Single(_) | Value::SingleComplex(_) | Value::Int(_) | Value::Sparse(_) => {
            let x = this.to_complex_array(op)?;
            if x.data().iter().any(|z| z.re.is_nan() || z.im.is_nan()) {
                return Err(nan_to_logical());
            }
            Ok(x.map(|z| z.re != 0.0 || z.im != 0.0))
        }
        Value::Cell(_) | Value::Struct(_) | Value::Func(_) => Err(Error::with_id(
            "Octave:undefined-function",
            format!(
                "binary operator '{op}' not implemented for '{}' by '{}' operations",
                super::type_name(a),
                super::type_name(b)
            ),
        )),
    }
}

/// Element-wise `&` and `|` (the short-circuit forms also land here when
/// called directly: they then act on all elements).
pub(crate) fn logical(op: BinOp, a: &Value, b: &Value) -> Result<Value> {
    let sym = op.symbol();
    let x = bool_operand(sym, a, b, a)?;
    let y = bool_operand(sym, a, b, b)?;
    let p = op_prefix(op);
    let r = match op {
        BinOp::And | BinOp::AndAnd => zip_fast(p, &x, &y, |s, t| s && t)?,
        _ => zip_fast(p, &x, &y, |s, t| s || t)?,
    };
    Ok(Value::Bool(r))
}
