//! MATLAB's class rules for operators and conversions: which class an
//! operation on integer or single operands computes in, the conversion of
//! any value to a class (`int8(x)`, `cast`, indexed assignment, `[a b]`),
//! and the operators themselves for those classes.
//!
//! The rules (Octave's where MATLAB agrees, and its error texts):
//! - an integer with double, single, logical or char is that integer class;
//!   two different integer classes are an error, except in comparisons,
//!   which compare the exact values; an integer with a complex value is an
//!   error;
//! - single with double, logical or char is single: the other operand is
//!   rounded to single first, the operation runs in double on the single
//!   values and its result is rounded to single (for `+ - * /` that is the
//!   correctly rounded single result);
//! - everything else (double, logical, char, complex) is the double path
//!   in `ops`.
//!
//! Integer kernels are in `ops::int`.

use super::int::{int_int, int_real, real_int, Arith};
use super::{elementwise, type_name};
use crate::error::{Error, Result};
use crate::syntax::ast::BinOp;
use crate::value::{Array, Class, IntArray, IntElem, Value, C32, C64};

/// The class a binary operator on `a` and `b` computes in, when it is not
/// the double path: an integer class or `Single`.
fn op_class(op: BinOp, a: &Value, b: &Value) -> Result<Option<Class>> {
    let int_of = |v: &Value| match v {
        Value::Int(x) => Some(x.class()),
        _ => None,
    };
    let single = |v: &Value| matches!(v, Value::Single(_) | Value::SingleComplex(_));
    let container = |v: &Value| matches!(v, Value::Cell(_) | Value::Struct(_) | Value::Func(_));
    if container(a) || container(b) {
        return Ok(None);
    }
    match (int_of(a), int_of(b)) {
        (None, None) => Ok((single(a) || single(b)).then_some(Class::Single)),
        (Some(x), Some(y)) if x != y && !is_comparison(op) => Err(not_implemented(op, a, b)),
        (Some(x), other) | (other, Some(x)) => {
            if a.is_complex() || b.is_complex() {
                return Err(not_implemented(op, a, b));
            }
            // Comparisons of two integer classes use the first one's.
            let _ = other;
            Ok(Some(x))
        }
    }
}

fn is_comparison(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
    )
}

/// Octave's error for an operator its operand types do not have.
pub(crate) fn not_implemented(op: BinOp, a: &Value, b: &Value) -> Error {
    Error::with_id(
        "Octave:undefined-function",
        format!(
            "binary operator '{}' not implemented for '{}' by '{}' operations",
            op.symbol(),
            type_name(a),
            type_name(b)
        ),
    )
}

/// `a op b` when either operand is an integer or single; `None` for the
/// double path. Logical operators (`&`, `|`) never come here: they act on
/// truth values of any class.
pub(crate) fn binary(op: BinOp, a: &Value, b: &Value) -> Result<Option<Value>> {
    if matches!(op, BinOp::And | BinOp::Or | BinOp::AndAnd | BinOp::OrOr) {
        return Ok(None);
    }
    match op_class(op, a, b)? {
        None => Ok(None),
        Some(Class::Single) => single_binary(op, a, b).map(Some),
        Some(class) => int_binary(op, class, a, b).map(Some),
    }
}

// ----- single -----

/// A value as the doubles its single conversion holds (double and complex
/// operands rounded to single; logical, char and single unchanged).
fn as_single_doubles(v: &Value) -> Result<Value> {
    Ok(match v {
        Value::Num(a) => Value::Num(a.try_map(|&x| f64::from(x as f32))?),
        Value::Complex(a) => Value::Complex(a.try_map(|z| round_c(*z))?),
        Value::Single(a) => Value::Num(a.try_map(|&x| f64::from(x))?),
        Value::SingleComplex(a) => {
            Value::Complex(a.try_map(|z| C64::new(z.re.into(), z.im.into()))?)
        }
        other => other.clone(),
    })
}

fn round_c(z: C64) -> C64 {
    C64::new(f64::from(z.re as f32), f64::from(z.im as f32))
}

/// A double result as single (logical results stay logical).
pub(crate) fn to_single_result(v: Value) -> Result<Value> {
    Ok(match v {
        Value::Num(a) => Value::Single(a.try_map(|&x| x as f32)?),
        Value::Complex(a) => {
            Value::SingleComplex(a.try_map(|z| C32::new(z.re as f32, z.im as f32))?).narrowed()
        }
        other => other,
    })
}

fn single_binary(op: BinOp, a: &Value, b: &Value) -> Result<Value> {
    let (x, y) = (as_single_doubles(a)?, as_single_doubles(b)?);
    to_single_result(super::binary_double(op, &x, &y)?)
}

// ----- integers -----

/// An operand of an integer operation: of the result's class, or the
/// doubles another operand equals.
enum Side<T> {
    Int(Array<T>),
    Real(Array<f64>),
}

fn side<T: IntElem>(v: &Value) -> Result<Side<T>> {
    if let Value::Int(x) = v {
        if let Some(a) = T::unwrap(x) {
            return Ok(Side::Int(a.clone()));
        }
    }
    Ok(Side::Real(v.to_num_array("operator")?))
}

/// The element-wise operator a matrix operator on an integer is, when one
/// operand is a scalar as Octave requires; `None` otherwise.
fn elementwise_form(op: BinOp, a: &Value, b: &Value) -> Option<BinOp> {
    let (sa, sb) = (a.is_scalar(), b.is_scalar());
    match op {
        BinOp::MatMul if sa || sb => Some(BinOp::Mul),
        BinOp::MatDiv if sb => Some(BinOp::Div),
        BinOp::MatLeftDiv if sa => Some(BinOp::LeftDiv),
        BinOp::MatPow if sa && sb => Some(BinOp::Pow),
        BinOp::MatMul | BinOp::MatDiv | BinOp::MatLeftDiv | BinOp::MatPow => None,
        other => Some(other),
    }
}

fn int_binary(op: BinOp, class: Class, a: &Value, b: &Value) -> Result<Value> {
    let Some(ew) = elementwise_form(op, a, b) else {
        return Err(not_implemented(op, a, b));
    };
    if is_comparison(ew) {
        return compare(ew, a, b);
    }
    let p = elementwise::op_prefix(ew);
    let (arith, swap) = match ew {
        BinOp::Add => (Arith::Add, false),
        BinOp::Sub => (Arith::Sub, false),
        BinOp::Mul => (Arith::Mul, false),
        BinOp::Div => (Arith::Div, false),
        BinOp::LeftDiv => (Arith::Div, true),
        _ => (Arith::Pow, false),
    };
    let (x, y) = if swap { (b, a) } else { (a, b) };
    crate::with_int_class!(class, T => int_arith::<T>(p, arith, x, y))
        .unwrap_or_else(|| Err(not_implemented(op, a, b)))
        .map_err(|e| {
            if swap && e.identifier == "Octave:nonconformant-args" {
                elementwise::nonconformant(p, a.dims_ref(), b.dims_ref())
            } else {
                e
            }
        })
}

fn int_arith<T: IntElem>(p: &str, op: Arith, a: &Value, b: &Value) -> Result<Value> {
    use elementwise::zip_with as zip;
    let r = match (side::<T>(a)?, side::<T>(b)?) {
        (Side::Int(x), Side::Int(y)) => zip(p, &x, &y, |s, t| int_int(op, s, t))?,
        (Side::Int(x), Side::Real(y)) => zip(p, &x, &y, |s, t| int_real(op, s, t))?,
        (Side::Real(x), Side::Int(y)) => zip(p, &x, &y, |s, t| real_int(op, s, t))?,
        (Side::Real(x), Side::Real(y)) => zip(p, &x, &y, |s, t| T::from_f64(op.f64(s, t)))?,
    };
    Ok(Value::Int(T::wrap(r)))
}

/// An exact number: an integer of any class, or a double.
#[derive(Clone, Copy, Debug)]
enum Exact {
    I(i128),
    F(f64),
}

/// `a` compared with `b` exactly; `None` when `b` is NaN.
fn cmp_exact(a: Exact, b: Exact) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering;
    match (a, b) {
        (Exact::I(x), Exact::I(y)) => Some(x.cmp(&y)),
        (Exact::F(x), Exact::F(y)) => x.partial_cmp(&y),
        (Exact::F(_), Exact::I(_)) => cmp_exact(b, a).map(Ordering::reverse),
        (Exact::I(x), Exact::F(y)) => {
            if y.is_nan() {
                None
            } else if y >= 1e38 {
                Some(Ordering::Less)
            } else if y <= -1e38 {
                Some(Ordering::Greater)
            } else {
                let f = y.floor();
                match x.cmp(&(f as i128)) {
                    Ordering::Equal if f != y => Some(Ordering::Less),
                    o => Some(o),
                }
            }
        }
    }
}

fn exact_elems(v: &Value) -> Result<Array<Exact>> {
    Ok(match v {
        Value::Int(x) => crate::with_int!(x, a => a.try_map(|e| Exact::I(e.to_i128()))?),
        other => other.to_num_array("operator")?.try_map(|&x| Exact::F(x))?,
    })
}

/// Comparisons with an integer operand, on exact values (`int64(2)^60 + 1
/// > int64(2)^60`, `int8(5) > 4.5`).
fn compare(op: BinOp, a: &Value, b: &Value) -> Result<Value> {
    use std::cmp::Ordering::*;
    let p = elementwise::op_prefix(op);
    let (x, y) = (exact_elems(a)?, exact_elems(b)?);
    let r = elementwise::zip_with(p, &x, &y, |s, t| {
        let o = cmp_exact(s, t);
        match op {
            BinOp::Eq => o == Some(Equal),
            BinOp::Ne => o != Some(Equal),
            BinOp::Lt => o == Some(Less),
            BinOp::Le => matches!(o, Some(Less | Equal)),
            BinOp::Gt => o == Some(Greater),
            _ => matches!(o, Some(Greater | Equal)),
        }
    })?;
    Ok(Value::Bool(r))
}

// ----- conversions -----

/// Octave's name of a value in "invalid conversion" errors.
fn conversion_name(v: &Value) -> &'static str {
    match v {
        Value::Cell(_) => "cell",
        Value::Struct(_) if v.is_scalar() => "scalar struct",
        Value::Struct(_) => "struct",
        Value::Func(_) => "function handle",
        other => type_name(other),
    }
}

fn invalid_conversion(v: &Value, class: Class) -> Error {
    Error::new(format!(
        "invalid conversion from {} to {}",
        conversion_name(v),
        class.name()
    ))
}

/// The elements of `v` converted to integer type `T` by MATLAB's rule
/// (exact between integer classes; rounded half away from zero and
/// saturated from doubles and singles; NaN is 0). Complex values and
/// containers are Octave's conversion errors.
pub fn int_elems<T: IntElem>(v: &Value) -> Result<Array<T>> {
    Ok(match v {
        Value::Int(x) => match T::unwrap(x) {
            Some(a) => a.clone(),
            None => crate::with_int!(x, a => a.try_map(|e| T::from_i128(e.to_i128()))?),
        },
        Value::Num(a) => a.try_map(|&e| T::from_f64(e))?,
        Value::Single(a) => a.try_map(|&e| T::from_f64(e.into()))?,
        Value::Bool(a) => a.try_map(|&e| T::from_i128(e.into()))?,
        Value::Char(a) => a.try_map(|&e| T::from_i128(e.into()))?,
        Value::Sparse(_) if !v.is_complex() => {
            v.to_num_array("int")?.try_map(|&e| T::from_f64(e))?
        }
        Value::Sparse(_)
        | Value::Complex(_)
        | Value::SingleComplex(_)
        | Value::Cell(_)
        | Value::Struct(_)
        | Value::Func(_) => return Err(invalid_conversion(v, T::CLASS)),
    })
}

/// `v` converted to numeric, logical or char class `class`, as the class's
/// constructor converts (`int8(x)`, `single(x)`, `double(x)`, `cast`).
/// Complex values stay complex in double and single.
pub fn convert(v: &Value, class: Class) -> Result<Value> {
    if v.class() == class {
        return Ok(v.clone());
    }
    if let Some(r) = crate::with_int_class!(class, T => int_elems::<T>(v).map(T::wrap)) {
        return Ok(Value::Int(r?));
    }
    let container = matches!(v, Value::Cell(_) | Value::Struct(_) | Value::Func(_));
    if container {
        return Err(invalid_conversion(v, class));
    }
    Ok(match class {
        Class::Double => match v {
            Value::SingleComplex(a) => {
                Value::Complex(a.try_map(|z| C64::new(z.re.into(), z.im.into()))?)
            }
            other => Value::Num(other.to_num_array("double")?),
        },
        Class::Single => match v {
            Value::Complex(a) => {
                Value::SingleComplex(a.try_map(|z| C32::new(z.re as f32, z.im as f32))?)
            }
            Value::Int(x) => Value::Single(crate::with_int!(x, a => a.try_map(|e| {
                // Through i128 so that int64 rounds once, to single.
                e.to_i128() as f32
            })?)),
            other => Value::Single(other.to_num_array("single")?.try_map(|&x| x as f32)?),
        },
        Class::Logical => Value::Bool(v.to_bool_array("logical")?),
        Class::Char => Value::Char(crate::value::char_codes(&v.to_num_array("char")?)?),
        _ => return Err(invalid_conversion(v, class)),
    })
}

/// The class MATLAB gives an element-wise function of two operands that
/// keeps its operands' class (`max`, `min`, `mod`, `rem`, `atan2`...): as
/// for operators, an integer class or `Single`; `None` for double.
pub fn pair_class(fname: &str, a: &Value, b: &Value) -> Result<Option<Class>> {
    let int_of = |v: &Value| match v {
        Value::Int(x) => Some(x.class()),
        _ => None,
    };
    match (int_of(a), int_of(b)) {
        (Some(x), Some(y)) if x != y => Err(Error::new(format!(
            "{fname}: arguments of classes {x} and {y} cannot be combined"
        ))),
        (Some(x), _) | (_, Some(x)) => {
            if a.is_complex() || b.is_complex() {
                return Err(Error::new(format!(
                    "{fname}: complex arguments cannot be combined with {x}"
                )));
            }
            Ok(Some(x))
        }
        _ if matches!(a, Value::Single(_) | Value::SingleComplex(_))
            || matches!(b, Value::Single(_) | Value::SingleComplex(_)) =>
        {
            Ok(Some(Class::Single))
        }
        _ => Ok(None),
    }
}

/// A result a function computed in double, in the class it keeps:
/// integers are rounded and saturated into their class, single results
/// rounded to single; logical results and every other class unchanged.
pub fn in_class(class: Option<Class>, v: Value) -> Result<Value> {
    match (class, v) {
        (Some(Class::Single), v) => to_single_result(v),
        (Some(c), Value::Num(a)) if c.is_integer() => from_doubles(c, &a),
        (_, v) => Ok(v),
    }
}

/// `in_class` for a function of one argument `x` that keeps its class.
pub fn in_class_of(x: &Value, v: Value) -> Result<Value> {
    let c = x.class();
    in_class((c.is_integer() || c == Class::Single).then_some(c), v)
}

/// An integer array of `class` from doubles (for builtins that compute in
/// double and give the class of their input).
pub fn from_doubles(class: Class, a: &Array<f64>) -> Result<Value> {
    Ok(match class {
        Class::Single => Value::Single(a.try_map(|&x| x as f32)?),
        Class::Double => Value::Num(a.clone()),
        Class::Logical => Value::Bool(a.try_map(|&x| x != 0.0)?),
        Class::Char => Value::Char(a.try_map(|&x| crate::value::char_unit(x))?),
        c => match IntArray::from_f64(c, a) {
            Some(r) => Value::Int(r?),
            None => return Err(Error::new(format!("cannot make class {c} from numbers"))),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops;

    fn i8v(x: f64) -> Value {
        convert(&Value::num(x), Class::Int8).unwrap()
    }

    #[test]
    fn class_rules_of_operators() {
        let r = ops::binary(BinOp::Add, &i8v(100.0), &Value::num(100.0)).unwrap();
        assert_eq!(r, i8v(127.0));
        let r = ops::binary(BinOp::Add, &Value::bool(true), &i8v(1.0)).unwrap();
        assert_eq!(r, i8v(2.0));
        let i16 = convert(&Value::num(2.0), Class::Int16).unwrap();
        let e = ops::binary(BinOp::Add, &i8v(1.0), &i16).unwrap_err();
        assert_eq!(
            e.message,
            "binary operator '+' not implemented for 'int8 scalar' by 'int16 scalar' operations"
        );
        let lt = ops::binary(BinOp::Lt, &i8v(1.0), &i16).unwrap();
        assert_eq!(lt, Value::bool(true));
        let s = ops::binary(
            BinOp::Div,
            &Value::Single(Array::scalar(1.0)),
            &Value::num(3.0),
        );
        assert_eq!(s.unwrap(), Value::Single(Array::scalar(1.0f32 / 3.0)));
        let m = ops::binary(BinOp::MatMul, &Value::row(vec![1.0, 2.0]), &i8v(3.0)).unwrap();
        assert_eq!(m.class(), Class::Int8);
        let e = ops::binary(BinOp::Add, &i8v(1.0), &Value::complex(0.0, 1.0)).unwrap_err();
        assert!(e.message.contains("'int8 scalar' by 'complex scalar'"));
    }

    #[test]
    fn exact_comparisons() {
        let big = convert(&Value::num(2f64.powi(60)), Class::Int64).unwrap();
        let one = convert(&Value::num(1.0), Class::Int64).unwrap();
        let bigger = ops::binary(BinOp::Add, &big, &one).unwrap();
        let gt = ops::binary(BinOp::Gt, &bigger, &big).unwrap();
        assert_eq!(gt, Value::bool(true));
        let eq = ops::binary(BinOp::Eq, &bigger, &Value::num(2f64.powi(60))).unwrap();
        assert_eq!(eq, Value::bool(false));
        assert_eq!(
            ops::binary(BinOp::Gt, &i8v(5.0), &Value::num(4.5)).unwrap(),
            Value::bool(true)
        );
        assert_eq!(
            ops::binary(BinOp::Ne, &i8v(5.0), &Value::num(f64::NAN)).unwrap(),
            Value::bool(true)
        );
    }

    #[test]
    fn conversions_between_classes() {
        let big = Value::Int(IntArray::I64(Array::scalar(9007199254740993)));
        let s = convert(&big, Class::Int16).unwrap();
        assert_eq!(s, Value::Int(IntArray::I16(Array::scalar(i16::MAX))));
        let back = convert(&big, Class::UInt64).unwrap();
        assert_eq!(
            back,
            Value::Int(IntArray::U64(Array::scalar(9007199254740993)))
        );
        let e = convert(&Value::complex(1.0, 2.0), Class::Int8).unwrap_err();
        assert_eq!(e.message, "invalid conversion from complex scalar to int8");
        let c = convert(&Value::str("a"), Class::UInt8).unwrap();
        assert_eq!(c, Value::Int(IntArray::U8(Array::scalar(97))));
        let f = convert(&Value::num(0.1), Class::Single).unwrap();
        assert_eq!(f, Value::Single(Array::scalar(0.1f32)));
    }
}
