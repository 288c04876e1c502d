//! Builtins of MATLAB's numeric classes: the constructors `int8` ...
//! `uint64`, `single`, `double`; `cast` and `typecast`; the predicates
//! `isinteger`, `isfloat`, `isreal`, `isa`; `intmax`/`intmin`; `idivide`;
//! and the bit functions `bitand`, `bitor`, `bitxor`, `bitshift`, `bitcmp`.
//!
//! Conversions go through `ops::classes::convert`, the one place that
//! says how a value becomes another class.

use super::util::{nargchk, zip_map};
use super::{Builtin, Ctx};
use crate::error::{Error, Result};
use crate::ops::classes::{convert, int_elems};
use crate::ops::int::round_div;
use crate::value::{Array, Class, Dims, IntElem, Value};

pub const TABLE: &[Builtin] = &[
    b("int8", int8),
    b("uint8", uint8),
    b("int16", int16),
    b("uint16", uint16),
    b("int32", int32),
    b("uint32", uint32),
    b("int64", int64),
    b("uint64", uint64),
    b("single", single),
    b("double", double),
    b("cast", cast),
    b("typecast", typecast),
    b("isinteger", isinteger),
    b("isfloat", isfloat),
    b("isreal", isreal),
    b("isa", isa),
    b("intmax", intmax),
    b("intmin", intmin),
    b("idivide", idivide),
    b("bitand", bitand),
    b("bitor", bitor),
    b("bitxor", bitxor),
    b("bitshift", bitshift),
    b("bitcmp", bitcmp),
];

const fn b(name: &'static str, func: super::BuiltinFn) -> Builtin {
    Builtin {
        name,
        func,
        calls_back: false,
    }
}

/// The one argument of a constructor, converted to `class`.
fn construct(class: Class, a: Vec<Value>) -> Result<Vec<Value>> {
    let [v] = a.as_slice() else {
        return Err(Error::with_id(
            "Octave:invalid-fun-call",
            format!("Invalid call to {class}"),
        ));
    };
    Ok(vec![convert(v, class)?])
}

/// int8: convert to 8-bit signed integers.
///
/// `y = int8(x)` converts x to class int8, rounding to the nearest integer
/// (halves away from zero) and saturating at the limits of the class, -128
/// and 127; NaN becomes 0. Arithmetic on integers stays in the class and
/// saturates too.
///
/// ```text
/// >> int8([100 200 -300 2.5])
/// ans =
///
///   100  127  -128    3
/// >> int16(7) / int16(2)
/// ans = 4
/// >> class(int32(1))
/// ans = int32
/// ```
fn int8(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    construct(Class::Int8, a)
}
/// uint8: convert to 8-bit unsigned integers.
///
/// `Y = uint8(X)` is X converted to class uint8: values are rounded to the
/// nearest integer (halves away from zero) and saturate at 0 and 255; NaN
/// becomes 0. Arithmetic on uint8 values stays uint8 and saturates.
///
/// ```text
/// >> uint8(3.5)
/// ans = 4
/// >> uint8([-1 300])
/// ans =
///
///     0  255
/// ```
fn uint8(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    construct(Class::UInt8, a)
}

/// int16: convert to 16-bit signed integers.
///
/// `y = int16(x)` converts x to class int16, rounding to the nearest integer
/// (halves away from zero) and saturating at -32768 and 32767; NaN becomes
/// 0.
///
/// ```text
/// >> int16([1.5 -40000 40000])
/// ans =
///
///       2  -32768  32767
/// ```
fn int16(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    construct(Class::Int16, a)
}
/// uint16: convert to 16-bit unsigned integers.
///
/// `Y = uint16(X)` is X converted to class uint16: values are rounded to
/// the nearest integer and saturate at 0 and 65535; NaN becomes 0.
///
/// ```text
/// >> uint16(70000)
/// ans = 65535
/// ```
fn uint16(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    construct(Class::UInt16, a)
}

/// int32: convert to 32-bit signed integers.
///
/// `y = int32(x)` converts x to class int32, rounding to the nearest integer
/// (halves away from zero) and saturating at intmin('int32') and
/// intmax('int32'); NaN becomes 0.
///
/// ```text
/// >> int32(2.5)
/// ans = 3
/// >> int32(7) / 2
/// ans = 4
/// ```
fn int32(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    construct(Class::Int32, a)
}
/// uint32: convert to 32-bit unsigned integers.
///
/// `Y = uint32(X)` is X converted to class uint32: values are rounded to
/// the nearest integer and saturate at 0 and 4294967295; NaN becomes 0.
///
/// ```text
/// >> uint32([2.5 -1])
/// ans =
///
///   3  0
/// ```
fn uint32(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    construct(Class::UInt32, a)
}

/// int64: convert to 64-bit signed integers.
///
/// `y = int64(x)` converts x to class int64, rounding to the nearest integer
/// (halves away from zero) and saturating at the limits of the class. int64
/// arithmetic is exact beyond flintmax, where doubles are not.
///
/// ```text
/// >> int64(2)^62
/// ans = 4611686018427387904
/// >> int64(-3.5)
/// ans = -4
/// ```
fn int64(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    construct(Class::Int64, a)
}
/// uint64: convert to 64-bit unsigned integers.
///
/// `Y = uint64(X)` is X converted to class uint64: values are rounded to
/// the nearest integer and saturate at 0 and 18446744073709551615; NaN
/// becomes 0. A double holds integers exactly only up to 2^53.
///
/// ```text
/// >> uint64(2)^60
/// ans = 1152921504606846976
/// ```
fn uint64(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    construct(Class::UInt64, a)
}
/// single: convert to single precision.
///
/// `Y = single(X)` is X converted to 32-bit floating point (class
/// single): numbers are rounded to about 7 significant digits, integer and
/// char values converted, logical values to 0 and 1. Arithmetic on single
/// values stays single.
///
/// ```text
/// >> single(pi)
/// ans = 3.1416
/// >> class(single(1) + 1)
/// ans = single
/// ```
fn single(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    construct(Class::Single, a)
}

/// double: convert to double precision.
///
/// `y = double(x)` converts x, of any numeric, logical or char class, to
/// double precision floating point; characters become their codes.
///
/// ```text
/// >> double('AB')
/// ans =
///
///    65   66
/// >> double(int8(-5)) / 2
/// ans = -2.5000
/// ```
fn double(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    construct(Class::Double, a)
}

/// cast: convert to a named class.
///
/// `y = cast(x, cls)` converts x to the class named by the string cls
/// ('double', 'single', 'int8' ... 'uint64', 'logical', 'char'), as calling
/// that class's function would.
///
/// `y = cast(x, 'like', p)` converts x to the class of p.
///
/// ```text
/// >> cast(3.7, 'int8')
/// ans = 4
/// >> class(cast(int8(5), 'like', single(1)))
/// ans = single
/// ```
fn cast(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("cast", a.len(), 2, 3)?;
    let class = if a.len() == 3 {
        if !a[1].to_str("cast")?.eq_ignore_ascii_case("like") {
            return Err(Error::with_id(
                "Octave:invalid-fun-call",
                "Invalid call to cast",
            ));
        }
        a[2].class()
    } else {
        if !a[1].is_char() {
            return Err(Error::new("cast: TYPE must be a string"));
        }
        let name = a[1].to_str("cast")?;
        match Class::from_name(&name) {
            Some(c) if c.is_numeric() || matches!(c, Class::Logical | Class::Char) => c,
            _ => {
                return Err(Error::new(format!(
                    "cast: type conversion to '{name}' is not supported"
                )))
            }
        }
    };
    if !(class.is_numeric() || matches!(class, Class::Logical | Class::Char)) {
        return Err(Error::new(format!(
            "cast: type conversion to '{class}' is not supported"
        )));
    }
    if matches!(a[0], Value::Cell(_) | Value::Struct(_) | Value::Func(_)) {
        return Err(Error::new(format!(
            "cast: type conversion from '{}' is not supported",
            a[0].class_name()
        )));
    }
    let r = convert(&a[0], class)?;
    // Like a complex prototype, the result is complex (of zero imaginary part).
    if a.len() == 3 && a[2].is_complex() {
        return Ok(vec![match r {
            Value::Num(x) => Value::Complex(x.map(|&re| crate::value::C64::new(re, 0.0))),
            Value::Single(x) => Value::SingleComplex(x.map(|&re| crate::value::C32::new(re, 0.0))),
            other => other,
        }]);
    }
    Ok(vec![r])
}

// ----- typecast -----

/// The bytes of a real numeric array in memory order (little-endian).
fn bytes_of(v: &Value) -> Option<Vec<u8>> {
    Some(match v {
        Value::Num(a) => a.data().iter().flat_map(|x| x.to_le_bytes()).collect(),
        Value::Single(a) => a.data().iter().flat_map(|x| x.to_le_bytes()).collect(),
        Value::Int(x) => crate::with_int!(x, a => {
            let n = x.class().element_bytes();
            a.data()
                .iter()
                .flat_map(|e| e.to_i128().to_le_bytes().into_iter().take(n))
                .collect()
        }),
        _ => return None,
    })
}

/// Elements of integer type `T` from little-endian bytes.
fn int_from_bytes<T: IntElem>(bytes: &[u8]) -> Vec<T> {
    let n = T::CLASS.element_bytes();
    bytes
        .chunks_exact(n)
        .map(|c| {
            let mut w = [0u8; 16];
            w[..n].copy_from_slice(c);
            let mut v = i128::from_le_bytes(w);
            let bits = 8 * n as u32;
            if T::CLASS.is_signed_integer() && v >= 1 << (bits - 1) {
                v -= 1 << bits;
            }
            T::from_i128(v)
        })
        .collect()
}

/// typecast: reinterpret the bytes of an array as another class.
///
/// `Y = typecast(X, CLASS)` takes the bytes of the numeric array X as they
/// are in memory (little-endian) and reads them as elements of the numeric
/// class CLASS ('double', 'single', 'int8', ..., 'uint64'); no values are
/// converted. The number of bytes must fit whole elements of CLASS.
///
/// ```text
/// >> typecast(single(1), 'uint32')
/// ans = 1065353216
/// >> typecast(uint8([1 0 0 0]), 'uint32')
/// ans = 1
/// ```
fn typecast(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("typecast", a.len(), 2, 2)?;
    let name = a[1].to_str("typecast")?;
    let class = match Class::from_name(&name) {
        Some(c) if c.is_numeric() => c,
        Some(Class::Logical) => {
            return Err(Error::new("typecast: cannot convert to logical class"))
        }
        _ => {
            return Err(Error::new(format!(
                "typecast: cannot convert to {name} class"
            )))
        }
    };
    let v = &a[0];
    let Some(bytes) = bytes_of(v) else {
        return Err(Error::new("typecast: X must be a real numeric array"));
    };
    let d = v.dims();
    if !d.is_vector() && !v.is_empty() {
        return Err(Error::new("typecast: X must be a vector"));
    }
    let size = class.element_bytes();
    if bytes.len() % size != 0 {
        return Err(Error::new(
            "typecast: incorrect number of input values to make output value",
        ));
    }
    let n = bytes.len() / size;
    let dims = if d.is_row() && d.cols() != 1 || d.is_scalar() {
        Dims::row(n)
    } else {
        Dims::col(n)
    };
    let out = match class {
        Class::Double => Value::Num(Array::new(
            dims,
            bytes
                .chunks_exact(8)
                .map(|c| f64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
                .collect(),
        )),
        Class::Single => Value::Single(Array::new(
            dims,
            bytes
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes(c.try_into().unwrap_or([0; 4])))
                .collect(),
        )),
        c => {
            match crate::with_int_class!(c, T => T::wrap(Array::new(dims, int_from_bytes::<T>(&bytes))))
            {
                Some(r) => Value::Int(r),
                None => return Err(Error::new("typecast: cannot convert to this class")),
            }
        }
    };
    Ok(vec![out])
}

// ----- predicates -----

fn one<'a>(fname: &str, a: &'a [Value]) -> Result<&'a Value> {
    nargchk(fname, a.len(), 1, 1)?;
    a.first().ok_or_else(|| Error::nargin(fname))
}

/// isinteger: true for integer-class arrays.
///
/// `tf = isinteger(x)` is true when x is of an integer class (int8 ...
/// uint64). It tests the class, not the values: `isinteger(5)` is false
/// because 5 is a double.
///
/// ```text
/// >> isinteger(int8(5))
/// ans = 1
/// >> isinteger(5)
/// ans = 0
/// ```
fn isinteger(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    Ok(vec![Value::bool(
        one("isinteger", &a)?.class().is_integer(),
    )])
}

/// isfloat: true for floating-point arrays.
///
/// `tf = isfloat(x)` is true when x is double or single, real or complex.
///
/// ```text
/// >> isfloat(pi)
/// ans = 1
/// >> isfloat(int8(1))
/// ans = 0
/// ```
fn isfloat(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    Ok(vec![Value::bool(one("isfloat", &a)?.class().is_float())])
}

/// isreal: true for arrays stored without an imaginary part.
///
/// `tf = isreal(x)` is false when x is stored as complex, even with zero
/// imaginary parts (`complex(1, 0)`); true for real numeric, logical and
/// char arrays, false for cells and structs.
///
/// ```text
/// >> isreal(5)
/// ans = 1
/// >> isreal(3 + 4i)
/// ans = 0
/// >> isreal(complex(1, 0))
/// ans = 0
/// ```
fn isreal(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    let v = one("isreal", &a)?;
    let c = v.class();
    let real = (c.is_numeric() || matches!(c, Class::Logical | Class::Char)) && !v.is_complex();
    Ok(vec![Value::bool(real)])
}

/// isa: true if a value belongs to a class or class category.
///
/// `tf = isa(x, cls)` is true when x is of class cls ('double', 'int8',
/// 'cell', ...) or belongs to the category cls: 'numeric' (any numeric
/// class), 'float' (double or single) or 'integer' (any integer class).
///
/// ```text
/// >> isa(1, 'double')
/// ans = 1
/// >> isa(int8(1), 'integer')
/// ans = 1
/// >> isa(true, 'numeric')
/// ans = 0
/// ```
fn isa(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("isa", a.len(), 2, 2)?;
    let name = a[1].to_str("isa")?;
    let c = a[0].class();
    let r = match name.as_str() {
        "numeric" => c.is_numeric(),
        "float" => c.is_float(),
        "integer" => c.is_integer(),
        other => c.name() == other,
    };
    Ok(vec![Value::bool(r)])
}

// ----- intmax / intmin -----

/// The integer class `intmax`/`intmin` are asked about.
fn int_class_arg(fname: &str, a: &[Value]) -> Result<Class> {
    let class = match a {
        [] => Class::Int32,
        [Value::Char(_)] => {
            let name = a[0].to_str(fname)?;
            Class::from_name(&name)
                .filter(|c| c.is_integer())
                .ok_or_else(|| Error::new(format!("{fname}: not defined for '{name}' objects")))?
        }
        [Value::Char(_), p] if a[0].to_str(fname)?.eq_ignore_ascii_case("like") => p.class(),
        [Value::Int(x)] => x.class(),
        [_] => {
            return Err(Error::new(format!(
                "{fname}: argument must be a string or integer variable"
            )))
        }
        _ => {
            return Err(Error::with_id(
                "Octave:invalid-fun-call",
                format!("Invalid call to {fname}"),
            ))
        }
    };
    if !class.is_integer() {
        return Err(Error::new(format!(
            "{fname}: not defined for '{class}' objects"
        )));
    }
    Ok(class)
}

/// intmax: the largest value of an integer class.
///
/// `m = intmax` returns the largest int32, 2147483647.
///
/// `m = intmax(cls)` returns the largest value of the integer class cls
/// ('int8' ... 'uint64'), in that class; `intmax('like', p)` that of the
/// class of p.
///
/// ```text
/// >> intmax
/// ans = 2147483647
/// >> intmax('uint8')
/// ans = 255
/// >> intmax('int16') + 1
/// ans = 32767
/// ```
fn intmax(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    let class = int_class_arg("intmax", &a)?;
    let v = crate::with_int_class!(class, T => T::wrap(Array::scalar(T::MAX)));
    v.map(|x| vec![Value::Int(x)])
        .ok_or_else(|| Error::new("intmax: not an integer class"))
}

/// intmin: the smallest value of an integer class.
///
/// `m = intmin` returns the smallest int32, -2147483648.
///
/// `m = intmin(cls)` returns the smallest value of the integer class cls
/// ('int8' ... 'uint64'), in that class; `intmin('like', p)` that of the
/// class of p.
///
/// ```text
/// >> intmin
/// ans = -2147483648
/// >> intmin('int8')
/// ans = -128
/// ```
fn intmin(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    let class = int_class_arg("intmin", &a)?;
    let v = crate::with_int_class!(class, T => T::wrap(Array::scalar(T::MIN)));
    v.map(|x| vec![Value::Int(x)])
        .ok_or_else(|| Error::new("intmin: not an integer class"))
}

// ----- idivide -----

/// How `idivide` rounds the quotient.
#[derive(Clone, Copy)]
enum Rounding {
    Fix,
    Floor,
    Ceil,
    Round,
}

/// `a / b` rounded as asked, exactly; division by zero as MATLAB's integer
/// division (intmax, intmin or 0).
fn divide<T: IntElem>(x: T, y: T, how: Rounding) -> T {
    let (a, b) = (x.to_i128(), y.to_i128());
    if b == 0 {
        return T::from_f64(a as f64 / 0.0);
    }
    let (q, r) = (a / b, a % b);
    let exact = r == 0;
    let positive = (a < 0) == (b < 0);
    T::from_i128(match how {
        // Octave 7's 'fix', which the conformance kit records: the
        // quotient rounded toward -Inf for a positive divisor and toward
        // +Inf for a negative one (MATLAB truncates toward zero).
        Rounding::Fix if !exact && b > 0 && !positive => q - 1,
        Rounding::Fix if !exact && b < 0 && positive => q + 1,
        Rounding::Fix => q,
        Rounding::Floor if !exact && !positive => q - 1,
        Rounding::Ceil if !exact && positive => q + 1,
        Rounding::Round => round_div(a, b),
        Rounding::Floor | Rounding::Ceil => q,
    })
}

/// idivide: integer division with a choice of rounding.
///
/// `q = idivide(a, b)` divides a by b, of which at least one is of an
/// integer class, rounding the quotient toward zero ('fix'), unlike `a ./ b`,
/// which rounds to nearest.
///
/// `q = idivide(a, b, op)` rounds with op: 'fix', 'round', 'floor' or
/// 'ceil'.
///
/// ```text
/// >> idivide(int32(7), int32(2))
/// ans = 3
/// >> idivide(int32([7 -7]), int32(2), 'floor')
/// ans =
///
///    3  -4
/// >> int32(7) / int32(2)
/// ans = 4
/// ```
fn idivide(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("idivide", a.len(), 2, 3)?;
    let how = match a.get(2) {
        None => Rounding::Fix,
        Some(v) => match v.to_str("idivide")?.as_str() {
            "fix" => Rounding::Fix,
            "floor" => Rounding::Floor,
            "ceil" => Rounding::Ceil,
            "round" => Rounding::Round,
            other => {
                return Err(Error::new(format!(
                    "idivide: unrecognized rounding type \"{other}\""
                )))
            }
        },
    };
    let class = match (&a[0], &a[1]) {
        (Value::Int(x), Value::Int(y)) if x.class() != y.class() => {
            return Err(Error::new(format!(
                "idivide: integer type of X ({}) must match integer type of Y ({})",
                x.class(),
                y.class()
            )))
        }
        (Value::Int(x), _) | (_, Value::Int(x)) => x.class(),
        _ => {
            return Err(Error::new(
                "idivide: at least one input (X or Y) must be an integer type",
            ))
        }
    };
    let r = crate::with_int_class!(class, T => {
        let (x, y) = (int_elems::<T>(&a[0])?, int_elems::<T>(&a[1])?);
        zip_map("idivide", &x, &y, |&s, &t| divide(s, t, how)).map(T::wrap)
    });
    match r {
        Some(r) => Ok(vec![Value::Int(r?)]),
        None => Err(Error::new("idivide: not an integer class")),
    }
}

// ----- bit functions -----

/// Bits of a double operand of a bit function: the unsigned 53-bit integer
/// it rounds to (negative values are 0).
const DOUBLE_BITS: u32 = 53;

/// The class a bit function computes in, and its operands' integers: an
/// integer class (a double operand is converted to it) or double.
fn bit_operands(fname: &str, a: &Value, b: &Value) -> Result<(Class, Array<i128>, Array<i128>)> {
    let class = match (a, b) {
        (Value::Int(x), Value::Int(y)) if x.class() != y.class() => {
            return Err(Error::new(format!(
                "{fname}: must have matching operand types"
            )))
        }
        (Value::Int(x), _) | (_, Value::Int(x)) => x.class(),
        _ => Class::Double,
    };
    let ints = |v: &Value| -> Result<Array<i128>> { bit_elems(fname, class, v) };
    Ok((class, ints(a)?, ints(b)?))
}

/// The integers of `v` in bit-function class `class`.
fn bit_elems(fname: &str, class: Class, v: &Value) -> Result<Array<i128>> {
    if let Some(r) = crate::with_int_class!(class, T => int_elems::<T>(v)
        .and_then(|a| Ok(a.try_map(|e| e.to_i128())?)))
    {
        return r;
    }
    if matches!(v, Value::Cell(_) | Value::Struct(_) | Value::Func(_)) || v.is_complex() {
        return Err(Error::wrong_type(fname, v.class_name()));
    }
    Ok(v.to_num_array(fname)?.try_map(|&x| {
        if x.is_nan() || x <= 0.0 {
            0
        } else {
            (x.round().min(9007199254740991.0)) as i128
        }
    })?)
}

/// Integers back in the class (`wrap`: keep the class's low bits, as
/// a shift does).
fn bit_result(class: Class, a: Array<i128>, wrap: bool) -> Result<Value> {
    if let Some(r) = crate::with_int_class!(class, T => a.try_map(|&v| {
        T::from_i128(if wrap { wrap_bits(v, T::CLASS) } else { v })
    }).map(T::wrap))
    {
        return Ok(Value::Int(r?));
    }
    let mask = (1i128 << DOUBLE_BITS) - 1;
    Ok(Value::Num(a.try_map(|&v| (v & mask) as f64)?))
}

/// `v` reduced to the bit width of integer class `class` (two's
/// complement for signed classes).
fn wrap_bits(v: i128, class: Class) -> i128 {
    let bits = 8 * class.element_bytes() as u32;
    let low = v & ((1i128 << bits) - 1);
    if class.is_signed_integer() && low >= 1 << (bits - 1) {
        low - (1 << bits)
    } else {
        low
    }
}

fn bit_binary(fname: &str, a: Vec<Value>, f: fn(i128, i128) -> i128) -> Result<Vec<Value>> {
    nargchk(fname, a.len(), 2, 2)?;
    let (class, x, y) = bit_operands(fname, &a[0], &a[1])?;
    let r = zip_map(fname, &x, &y, |&s, &t| f(s, t))?;
    Ok(vec![bit_result(class, r, false)?])
}

/// bitand: bitwise AND.
///
/// `c = bitand(a, b)` returns the bitwise AND of the nonnegative integers a
/// and b, element by element (compatible sizes). Doubles must be integer
/// valued below flintmax; integer classes keep their class.
///
/// ```text
/// >> bitand(12, 10)
/// ans = 8
/// >> bitand(uint8([255 15]), uint8(60))
/// ans =
///
///   60  12
/// ```
fn bitand(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    bit_binary("bitand", a, |s, t| s & t)
}

/// bitor: bitwise OR.
///
/// `c = bitor(a, b)` returns the bitwise OR of the nonnegative integers a and
/// b, element by element (compatible sizes).
///
/// ```text
/// >> bitor(12, 10)
/// ans = 14
/// ```
fn bitor(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    bit_binary("bitor", a, |s, t| s | t)
}

/// bitxor: bitwise exclusive OR.
///
/// `c = bitxor(a, b)` returns the bitwise XOR of the nonnegative integers a
/// and b, element by element (compatible sizes).
///
/// ```text
/// >> bitxor(12, 10)
/// ans = 6
/// >> bitxor(uint8(5), uint8(3))
/// ans = 6
/// ```
fn bitxor(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    bit_binary("bitxor", a, |s, t| s ^ t)
}

/// bitshift: shift bits left or right.
///
/// `c = bitshift(a, n)` shifts the bits of a by n places: left for positive
/// n (multiplying by 2^n), right for negative n (dividing by 2^-n and
/// dropping the fraction). Bits shifted beyond the width of the class are
/// lost.
///
/// ```text
/// >> bitshift(1, 3)
/// ans = 8
/// >> bitshift(16, -2)
/// ans = 4
/// >> bitshift(uint8(255), 1)
/// ans = 254
/// ```
fn bitshift(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("bitshift", a.len(), 2, 2)?;
    let class = match &a[0] {
        Value::Int(x) => x.class(),
        _ => Class::Double,
    };
    let x = bit_elems("bitshift", class, &a[0])?;
    let n = a[1].to_num_array("bitshift")?;
    let r = zip_map("bitshift", &x, &n, |&v, &k| {
        let k = if k.is_nan() { 0.0 } else { k.round() };
        if k >= 0.0 {
            if k >= 100.0 {
                0
            } else {
                v << (k as u32)
            }
        } else if k <= -100.0 {
            if v < 0 {
                -1
            } else {
                0
            }
        } else {
            v >> ((-k) as u32)
        }
    })?;
    Ok(vec![bit_result(class, r, true)?])
}

/// bitcmp: bitwise complement.
///
/// `c = bitcmp(a)` flips every bit of a within the width of its class (8
/// bits for int8/uint8 and so on; 53 bits for doubles).
///
/// ```text
/// >> bitcmp(uint8(0))
/// ans = 255
/// >> bitcmp(uint8(240))
/// ans = 15
/// ```
fn bitcmp(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("bitcmp", a.len(), 1, 2)?;
    let (class, bits) = match &a[0] {
        Value::Int(x) => (x.class(), 8 * x.class().element_bytes() as u32),
        Value::Num(_) => (Class::Double, DOUBLE_BITS),
        Value::Single(_) => (Class::Single, 24),
        v => {
            return Err(Error::new(format!(
                "bitcmp: invalid class {}",
                v.class_name()
            )))
        }
    };
    // The complement of the low `k` bits (all of them by default); a
    // signed integer's mask is -1 whatever `k`, as a right shift of -1
    // keeps it.
    let k = match a.get(1) {
        None => bits,
        Some(k) => {
            let k = match k.scalar_f64("bitcmp") {
                Ok(k) if k.fract() == 0.0 => k,
                _ => return Err(Error::new("bitcmp: K must be a scalar integer")),
            };
            if k < 1.0 || k > f64::from(bits) {
                return Err(Error::new(format!(
                    "bitcmp: K must be in the range [1,{bits}]"
                )));
            }
            k as u32
        }
    };
    let mask: i128 = if class.is_signed_integer() {
        -1
    } else {
        (1i128 << k) - 1
    };
    let x = bit_elems("bitcmp", class, &a[0])?;
    let r = x.try_map(|&v| (v & mask) ^ mask)?;
    if class == Class::Single {
        return Ok(vec![Value::Single(r.try_map(|&v| v as f32)?)]);
    }
    Ok(vec![bit_result(class, r, true)?])
}

/// Integer arrays of every class for tests.
#[cfg(test)]
pub(crate) fn ints(class: Class, xs: &[f64]) -> Value {
    let a = Array::row(xs.to_vec());
    match crate::value::IntArray::from_f64(class, &a) {
        Some(Ok(r)) => Value::Int(r),
        _ => panic!("not an integer class: {class}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::math::tests::{call, call1};
    use crate::value::IntArray;

    #[test]
    fn constructors_and_casts() {
        assert_eq!(
            call1("int8", vec![Value::row(vec![f64::NAN, 1.0, f64::INFINITY])]),
            ints(Class::Int8, &[0.0, 1.0, 127.0])
        );
        assert_eq!(
            call1("cast", vec![Value::num(3.7), Value::str("int16")]),
            ints(Class::Int16, &[4.0])
        );
        let e = call("cast", vec![Value::num(1.0), Value::str("cell")], 1).unwrap_err();
        assert_eq!(
            e.message,
            "cast: type conversion to 'cell' is not supported"
        );
        assert_eq!(
            call1("double", vec![Value::Single(Array::scalar(0.1))]),
            Value::num(0.10000000149011612)
        );
    }

    #[test]
    fn typecast_reinterprets_bytes() {
        let w = call1("typecast", vec![Value::num(1.0), Value::str("uint32")]);
        assert_eq!(w, ints(Class::UInt32, &[0.0, 1072693248.0]));
        let back = call1("typecast", vec![w, Value::str("double")]);
        assert_eq!(back, Value::num(1.0));
        let n = call1("typecast", vec![Value::num(-2.0), Value::str("uint64")]);
        assert_eq!(
            n,
            Value::Int(IntArray::U64(Array::scalar((-2f64).to_bits())))
        );
        let e = call(
            "typecast",
            vec![ints(Class::UInt8, &[1.0, 2.0, 3.0]), Value::str("uint16")],
            1,
        );
        assert!(e.is_err());
    }

    #[test]
    fn limits_and_division() {
        assert_eq!(
            call1("intmax", vec![]),
            Value::Int(IntArray::I32(Array::scalar(i32::MAX)))
        );
        assert_eq!(
            call1("intmin", vec![Value::str("int8")]),
            ints(Class::Int8, &[-128.0])
        );
        let x = ints(Class::Int16, &[10.0, 11.0, -11.0, -10.0]);
        let four = ints(Class::Int16, &[4.0]);
        let d = |how: &str| call1("idivide", vec![x.clone(), four.clone(), Value::str(how)]);
        assert_eq!(d("fix"), ints(Class::Int16, &[2.0, 2.0, -3.0, -3.0]));
        assert_eq!(d("floor"), ints(Class::Int16, &[2.0, 2.0, -3.0, -3.0]));
        assert_eq!(d("ceil"), ints(Class::Int16, &[3.0, 3.0, -2.0, -2.0]));
        assert_eq!(d("round"), ints(Class::Int16, &[3.0, 3.0, -3.0, -3.0]));
    }

    #[test]
    fn bits() {
        let u = |x: f64| ints(Class::UInt8, &[x]);
        assert_eq!(call1("bitshift", vec![u(255.0), Value::num(1.0)]), u(254.0));
        assert_eq!(call1("bitshift", vec![u(16.0), Value::num(-2.0)]), u(4.0));
        assert_eq!(
            call1(
                "bitshift",
                vec![ints(Class::Int8, &[64.0]), Value::num(1.0)]
            ),
            ints(Class::Int8, &[-128.0])
        );
        assert_eq!(call1("bitcmp", vec![u(170.0)]), u(85.0));
        assert_eq!(
            call1("bitcmp", vec![ints(Class::Int8, &[1.0])]),
            ints(Class::Int8, &[-2.0])
        );
        assert_eq!(call1("bitand", vec![u(5.0), Value::num(300.0)]), u(5.0));
        assert_eq!(
            call1("bitxor", vec![Value::num(7.0), Value::num(2.0)]),
            Value::num(5.0)
        );
        assert_eq!(
            call1("bitshift", vec![Value::num(1.0), Value::num(60.0)]),
            Value::num(0.0)
        );
    }
}
