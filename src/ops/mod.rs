//! Numeric kernels behind the operators: element-wise arithmetic with
//! implicit expansion, comparisons, logical ops, matrix multiply/divide/power
//! and transposes. Used by the evaluator and by builtins (`plus`, `power`...).
//!
//! Submodules: `elementwise` (broadcasting kernels), `matrix` (products,
//! transposes, matrix powers), `dense` (element trait, products, LU and
//! eigen-decompositions shared with the `linalg` builtins), `par` (one-pass
//! element-wise maps and zips split over the cores, in place for unshared
//! temporaries; branch-free compaction of the positions a predicate
//! keeps), `owned` (`binary_owned`/`unary_owned`: operators on operands
//! given up by the caller, written into an unshared operand's buffer),
//! `solve` (square
//! solves, inverses, least squares), `power` (which operand types make
//! `.^` complex, and the complex power kernels with C99's special values),
//! `classes` (MATLAB's class rules for integer and single operands, and
//! conversions between classes), `int` (exact integer kernels).

// `Error` is large by design (span and location); boxing it is error.rs's call.

pub mod classes;
pub mod dense;
pub mod elementwise;
pub(crate) mod fused;
pub mod int;
pub mod matrix;
pub mod owned;
pub(crate) mod par;
pub(crate) mod power;
pub mod solve;

pub use owned::{binary_owned, unary_owned};

use crate::error::{Error, Result};
use crate::syntax::ast::{BinOp, PostOp, UnOp};
use crate::value::{Array, Class, IntElem, Value, C64};

/// A numeric operand: real or complex double (logical and char converted).
#[derive(Clone, Debug)]
pub enum Numeric {
    Re(Array<f64>),
    Cx(Array<C64>),
}

impl Numeric {
    pub fn dims(&self) -> &crate::value::Dims {
        match self {
            Numeric::Re(a) => a.dims(),
            Numeric::Cx(a) => a.dims(),
        }
    }
    /// The complex view (promoting real data), or why the promoted copy
    /// does not fit in memory.
    pub fn into_complex(self) -> Result<Array<C64>> {
        match self {
            Numeric::Re(a) => Ok(a.try_map(|&x| C64::new(x, 0.0))?),
            Numeric::Cx(a) => Ok(a),
        }
    }
    /// Back to a value, narrowing complex results with zero imaginary parts.
    pub fn into_value(self) -> Value {
        match self {
            Numeric::Re(a) => Value::Num(a),
            Numeric::Cx(a) => Value::Complex(a).narrowed(),
        }
    }
}

/// Octave's name of a value's type in "operator not implemented" errors.
pub(crate) fn type_name(v: &Value) -> &'static str {
    let s = v.is_scalar();
    match v {
        Value::Num(_) if s => "scalar",
        Value::Num(_) => "matrix",
        Value::Complex(_) if s => "complex scalar",
        Value::Complex(_) => "complex matrix",
        Value::Bool(_) if s => "bool",
        Value::Bool(_) => "bool matrix",
        Value::Char(_) => "string",
        Value::Single(_) if s => "float scalar",
        Value::Single(_) => "float matrix",
        Value::SingleComplex(_) if s => "float complex scalar",
        Value::SingleComplex(_) => "float complex matrix",
        Value::Int(ia) => match (ia.class(), s) {
            (Class::Int8, true) => "int8 scalar",
            (Class::Int8, false) => "int8 matrix",
            (Class::UInt8, true) => "uint8 scalar",
            (Class::UInt8, false) => "uint8 matrix",
            (Class::Int16, true) => "int16 scalar",
            (Class::Int16, false) => "int16 matrix",
            (Class::UInt16, true) => "uint16 scalar",
            (Class::UInt16, false) => "uint16 matrix",
            (Class::Int32, true) => "int32 scalar",
            (Class::Int32, false) => "int32 matrix",
            (Class::UInt32, true) => "uint32 scalar",
            (Class::UInt32, false) => "uint32 matrix",
            (Class::Int64, true) => "int64 scalar",
            (Class::Int64, false) => "int64 matrix",
            (_, true) => "uint64 scalar",
            (_, false) => "uint64 matrix",
        },
        Value::Cell(_) => "cell array",
        Value::Struct(_) if s => "scalar struct",
        Value::Struct(_) => "struct",
        Value::Func(_) => "function handle",
        Value::Sparse(m) => crate::builtins::sparse::ops::type_name(m),
    }
}

/// The numeric view of an operand of binary operator `op`.
pub(crate) fn numeric_operand(op: &str, a: &Value, b: &Value, this: &Value) -> Result<Numeric> {
    match this {
        Value::Num(x) => Ok(Numeric::Re(x.clone())),
        Value::Complex(x) => Ok(Numeric::Cx(x.clone())),
        Value::Bool(_) | Value::Char(_) | Value::Single(_) | Value::Int(_) => {
            Ok(Numeric::Re(this.to_num_array(op)?))
        }
        Value::SingleComplex(_) => Ok(Numeric::Cx(this.to_complex_array(op)?)),
        Value::Sparse(_) if this.is_complex() => Ok(Numeric::Cx(this.to_complex_array(op)?)),
        Value::Sparse(_) => Ok(Numeric::Re(this.to_num_array(op)?)),
        Value::Cell(_) | Value::Struct(_) | Value::Func(_) => Err(Error::with_id(
            "Octave:undefined-function",
            format!(
                "binary operator '{op}' not implemented for '{}' by '{}' operations",
                type_name(a),
                type_name(b)
            ),
        )),
    }
}

/// Numeric view of a value for builtins (`ctx` names the function).
pub fn numeric_arg(ctx: &str, v: &Value) -> Result<Numeric> {
    match v {
        Value::Num(x) => Ok(Numeric::Re(x.clone())),
        Value::Complex(x) => Ok(Numeric::Cx(x.clone())),
        Value::Bool(_) | Value::Char(_) | Value::Single(_) | Value::Int(_) => {
            Ok(Numeric::Re(v.to_num_array(ctx)?))
        }
        Value::SingleComplex(_) => Ok(Numeric::Cx(v.to_complex_array(ctx)?)),
        Value::Sparse(_) if v.is_complex() => Ok(Numeric::Cx(v.to_complex_array(ctx)?)),
        Value::Sparse(_) => Ok(Numeric::Re(v.to_num_array(ctx)?)),
        Value::Cell(_) | Value::Struct(_) | Value::Func(_) => {
            Err(Error::wrong_type(ctx, v.class_name()))
        }
    }
}

/// A real double or logical scalar: what an operator on two real double
/// scalars gives, unboxed (the evaluator keeps loop arithmetic in these).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scalar {
    Num(f64),
    Bool(bool),
}

impl Scalar {
    pub fn into_value(self) -> Value {
        match self {
            Scalar::Num(x) => Value::num(x),
            Scalar::Bool(b) => Value::bool(b),
        }
    }
}

/// A binary operator on two real double scalars, when the result is a
/// real double or logical scalar (`None`: a complex power, or a logical
/// operator on NaN, which the array path answers or reports). The one
/// place this arithmetic is written: `binary` takes it for 1x1 doubles.
#[inline(always)]
pub fn scalar_binary(op: BinOp, x: f64, y: f64) -> Option<Scalar> {
    let num = |r: f64| Some(Scalar::Num(r));
    let log = |r: bool| Some(Scalar::Bool(r));
    match op {
        BinOp::Add => num(x + y),
        BinOp::Sub => num(x - y),
        BinOp::Mul | BinOp::MatMul => num(x * y),
        BinOp::Div | BinOp::MatDiv => num(x / y),
        BinOp::LeftDiv | BinOp::MatLeftDiv => num(y / x),
        BinOp::Pow | BinOp::MatPow => {
            if power::real_pow_is_complex(x, y) {
                None
            } else {
                num(elementwise::pow_real(x, y))
            }
        }
        BinOp::Eq => log(x == y),
        BinOp::Ne => log(x != y),
        BinOp::Lt => log(x < y),
        BinOp::Le => log(x <= y),
        BinOp::Gt => log(x > y),
        BinOp::Ge => log(x >= y),
        BinOp::And | BinOp::AndAnd | BinOp::Or | BinOp::OrOr => {
            if x.is_nan() || y.is_nan() {
                None
            } else if matches!(op, BinOp::And | BinOp::AndAnd) {
                log(x != 0.0 && y != 0.0)
            } else {
                log(x != 0.0 || y != 0.0)
            }
        }
    }
}

/// A prefix operator on a real double scalar, unboxed (`None`: `~NaN`,
/// which is an error the array path reports).
#[inline]
pub fn scalar_unary(op: UnOp, x: f64) -> Option<Scalar> {
    match op {
        UnOp::Neg => Some(Scalar::Num(-x)),
        UnOp::Plus => Some(Scalar::Num(x)),
        UnOp::Not => (!x.is_nan()).then_some(Scalar::Bool(x == 0.0)),
    }
}

/// A binary operator applied to two values (MATLAB/Octave semantics,
/// with MATLAB's class rules for integer and single operands: `classes`).
pub fn binary(op: BinOp, a: &Value, b: &Value) -> Result<Value> {
    if let (Value::Num(x), Value::Num(y)) = (a, b) {
        if let (Some(&x1), Some(&y1)) = (single(x), single(y)) {
            if let Some(v) = scalar_binary(op, x1, y1) {
                return Ok(v.into_value());
            }
        }
    }
    if matches!(a, Value::Sparse(_)) || matches!(b, Value::Sparse(_)) {
        return crate::builtins::sparse::ops::binary(op, a, b);
    }
    if let Some(v) = classes::binary(op, a, b)? {
        return Ok(v);
    }
    binary_double(op, a, b)
}

/// A binary operator on double, complex, logical and char operands (and
/// the single path, on the doubles its operands equal).
fn binary_double(op: BinOp, a: &Value, b: &Value) -> Result<Value> {
    match op {
        BinOp::Add
        | BinOp::Sub
        | BinOp::Mul
        | BinOp::Div
        | BinOp::LeftDiv
        | BinOp::Pow
        | BinOp::Eq
        | BinOp::Ne
        | BinOp::Lt
        | BinOp::Le
        | BinOp::Gt
        | BinOp::Ge => elementwise::binary(op, a, b),
        BinOp::And | BinOp::Or | BinOp::AndAnd | BinOp::OrOr => elementwise::logical(op, a, b),
        BinOp::MatMul => matrix::mtimes(a, b),
        BinOp::MatDiv => matrix::mrdivide(a, b),
        BinOp::MatLeftDiv => matrix::mldivide(a, b),
        BinOp::MatPow => matrix::mpower(a, b),
    }
}

/// The single element of a 1x1 array.
#[inline]
fn single<T>(a: &Array<T>) -> Option<&T> {
    if a.is_scalar() {
        a.data().first()
    } else {
        None
    }
}

/// A prefix operator: `-a`, `+a`, `~a` / `!a`.
pub fn unary(op: UnOp, a: &Value) -> Result<Value> {
    let not_impl = |sym: &str| {
        Error::with_id(
            "Octave:undefined-function",
            format!(
                "unary operator '{sym}' not implemented for '{}' operands",
                type_name(a)
            ),
        )
    };
    if let Value::Num(x) = a {
        if let Some(v) = single(x).and_then(|&s| scalar_unary(op, s)) {
            return Ok(v.into_value());
        }
    }
    if let Value::Sparse(s) = a {
        return crate::builtins::sparse::ops::unary(op, s);
    }
    match op {
        UnOp::Neg => match a {
            Value::Num(x) => Ok(Value::Num(Array::new(
                x.dims().clone(),
                par::map(x.data(), |v: f64| -v)?,
            ))),
            Value::Complex(x) => Ok(Value::Complex(x.try_map(|&z| -z)?)),
            Value::Bool(x) => Ok(Value::Num(x.try_map(|&t| if t { -1.0 } else { -0.0 })?)),
            Value::Char(x) => Ok(Value::Num(x.try_map(|&c| -(c as f64))?)),
            Value::Single(x) => Ok(Value::Single(x.try_map(|&v| -v)?)),
            Value::SingleComplex(x) => Ok(Value::SingleComplex(x.try_map(|&z| -z)?)),
            Value::Int(ia) => Ok(Value::Int(crate::with_int!(ia, x => {
                let neg = x.try_map(|&v| negated(v))?;
                IntElem::wrap(neg)
            }))),
            Value::Cell(_) | Value::Struct(_) | Value::Func(_) | Value::Sparse(_) => {
                Err(not_impl("-"))
            }
        },
        UnOp::Plus => match a {
            Value::Num(_)
            | Value::Complex(_)
            | Value::Single(_)
            | Value::SingleComplex(_)
            | Value::Int(_) => Ok(a.clone()),
            Value::Bool(_) | Value::Char(_) => Ok(Value::Num(a.to_num_array("+")?)),
            Value::Cell(_) | Value::Struct(_) | Value::Func(_) | Value::Sparse(_) => {
                Err(not_impl("+"))
            }
        },
        UnOp::Not => match a {
            Value::Bool(x) => Ok(Value::Bool(x.try_map(|&t| !t)?)),
            Value::Num(x) => {
                if x.data().iter().any(|v| v.is_nan()) {
                    return Err(nan_to_logical());
                }
                Ok(Value::Bool(x.try_map(|&v| v == 0.0)?))
            }
            Value::Complex(x) => {
                if x.data().iter().any(|z| z.re.is_nan() || z.im.is_nan()) {
                    return Err(nan_to_logical());
                }
                Ok(Value::Bool(x.try_map(|z| z.re == 0.0 && z.im == 0.0)?))
            }
            Value::Char(x) => Ok(Value::Bool(x.try_map(|&c| c == 0)?)),
            Value::Single(_) | Value::SingleComplex(_) | Value::Int(_) => {
                let x = a.to_complex_array("!")?;
                if x.data().iter().any(|z| z.re.is_nan() || z.im.is_nan()) {
                    return Err(nan_to_logical());
                }
                Ok(Value::Bool(x.try_map(|z| z.re == 0.0 && z.im == 0.0)?))
            }
            Value::Cell(_) | Value::Struct(_) | Value::Func(_) | Value::Sparse(_) => {
                Err(not_impl("!"))
            }
        },
    }
}

/// `-v` of an integer, saturated (`-int8(-128)` is 127).
fn negated<T: IntElem>(v: T) -> T {
    T::from_i128(-v.to_i128())
}

/// Octave's error for NaN used as a logical value in an operator.
pub(crate) fn nan_to_logical() -> Error {
    Error::with_id(
        "Octave:nan-to-logical-conversion",
        "invalid conversion from NaN to logical",
    )
}

/// A postfix operator: `a'` (conjugate transpose) or `a.'` (transpose).
pub fn postfix(op: PostOp, a: &Value) -> Result<Value> {
    if !a.dims().is_matrix() {
        return Err(Error::new("transpose not defined for N-D objects"));
    }
    Ok(match a {
        Value::Num(x) => {
            if x.is_scalar() {
                return Ok(a.clone());
            }
            Value::Num(x.transpose()?)
        }
        Value::Complex(x) => Value::Complex(match op {
            PostOp::CTranspose => x.transpose_map(|z| z.conj())?,
            PostOp::Transpose => x.transpose()?,
        }),
        Value::Bool(x) => Value::Bool(x.transpose()?),
        Value::Char(x) => Value::Char(x.transpose()?),
        Value::SingleComplex(x) => Value::SingleComplex(match op {
            PostOp::CTranspose => x.transpose_map(|z| z.conj())?,
            PostOp::Transpose => x.transpose()?,
        }),
        Value::Single(_) | Value::Int(_) | Value::Cell(_) | Value::Struct(_) => {
            crate::each_array!("transpose", a, |x| x.transpose()?)
        }
        Value::Func(_) => {
            return Err(Error::with_id(
                "Octave:undefined-function",
                "transpose not defined for function handle",
            ))
        }
        Value::Sparse(s) => crate::builtins::sparse::ops::transpose(s, op == PostOp::CTranspose)?,
    })
}

// The guarded allocation every kernel and builtin goes through lives with
// the other memory helpers.
pub use crate::value::pod::{alloc_vec, checked_numel, too_large, too_many, MAX_ELEMS};

/// C's `%g` formatting (6 significant digits), used in Octave's warnings.
pub(crate) fn fmt_g(x: f64) -> String {
    fmt_g_prec(x, 6)
}

/// C's `%.{prec}g` (`prec` at least 1).
pub(crate) fn fmt_g_prec(x: f64, prec: usize) -> String {
    let prec = prec.max(1);
    if x == 0.0 {
        return "0".into();
    }
    if !x.is_finite() {
        return if x.is_nan() {
            "nan".into()
        } else if x > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        };
    }
    let e = format!("{:.*e}", prec - 1, x);
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let strip = |s: &str| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s.to_string()
        }
    };
    if exp < -4 || exp >= prec as i32 {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{}e{}{:02}", strip(mant), sign, exp.abs())
    } else {
        let decimals = (prec as i32 - 1 - exp).max(0) as usize;
        strip(&format!("{:.*}", decimals, x))
    }
}

#[cfg(test)]
mod tests;
