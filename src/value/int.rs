//! Integer arrays: MATLAB's eight integer classes as one enum over
//! `Array<T>`, with the element conversions every integer operation uses.
//!
//! MATLAB converts to an integer class by rounding half away from zero and
//! saturating at the class's range; NaN becomes 0 (`int8(-200.5)` is
//! -128, `uint8(2.5)` is 3, `int32(NaN)` is 0). `IntElem::from_f64` is that
//! rule for every element type, so no caller writes it again.

use super::{Array, Class, Dims};

/// An element type of an integer class.
pub trait IntElem:
    Copy + PartialEq + PartialOrd + Default + std::fmt::Debug + Send + Sync + 'static
{
    const CLASS: Class;
    const MIN: Self;
    const MAX: Self;
    /// The value as a double (exact up to 2^53; int64/uint64 beyond round).
    fn to_f64(self) -> f64;
    /// MATLAB's conversion of a double: round half away from zero,
    /// saturate, NaN to 0.
    fn from_f64(x: f64) -> Self;
    /// The value as an i128 (exact for every class).
    fn to_i128(self) -> i128;
    /// An i128 saturated to the class's range.
    fn from_i128(x: i128) -> Self;
    /// The array as an `IntArray` of this class.
    fn wrap(a: Array<Self>) -> IntArray;
    /// The array when `a` is of this class.
    fn unwrap(a: &IntArray) -> Option<&Array<Self>>;
}

macro_rules! int_elem {
    ($t:ty, $class:ident, $variant:ident) => {
        impl IntElem for $t {
            const CLASS: Class = Class::$class;
            const MIN: Self = <$t>::MIN;
            const MAX: Self = <$t>::MAX;
            fn to_f64(self) -> f64 {
                self as f64
            }
            fn from_f64(x: f64) -> Self {
                // `as` saturates and maps NaN to 0; `round` rounds half away
                // from zero: together, MATLAB's rule.
                x.round() as $t
            }
            fn to_i128(self) -> i128 {
                self as i128
            }
            fn from_i128(x: i128) -> Self {
                x.clamp(<$t>::MIN as i128, <$t>::MAX as i128) as $t
            }
            fn wrap(a: Array<Self>) -> IntArray {
                IntArray::$variant(a)
            }
            fn unwrap(a: &IntArray) -> Option<&Array<Self>> {
                match a {
                    IntArray::$variant(x) => Some(x),
                    _ => None,
                }
            }
        }
    };
}

int_elem!(i8, Int8, I8);
int_elem!(u8, UInt8, U8);
int_elem!(i16, Int16, I16);
int_elem!(u16, UInt16, U16);
int_elem!(i32, Int32, I32);
int_elem!(u32, UInt32, U32);
int_elem!(i64, Int64, I64);
int_elem!(u64, UInt64, U64);

/// An array of one of the integer classes.
#[derive(Clone, Debug, PartialEq)]
pub enum IntArray {
    I8(Array<i8>),
    U8(Array<u8>),
    I16(Array<i16>),
    U16(Array<u16>),
    I32(Array<i32>),
    U32(Array<u32>),
    I64(Array<i64>),
    U64(Array<u64>),
}

/// `with_int!(array, a => expr)`: `expr` with `a` bound to the typed
/// `Array<T>` inside, whatever the class; `T` is usable through `IntElem`
/// on `a`'s elements.
#[macro_export]
macro_rules! with_int {
    ($arr:expr, $a:ident => $body:expr) => {
        match $arr {
            $crate::value::IntArray::I8($a) => $body,
            $crate::value::IntArray::U8($a) => $body,
            $crate::value::IntArray::I16($a) => $body,
            $crate::value::IntArray::U16($a) => $body,
            $crate::value::IntArray::I32($a) => $body,
            $crate::value::IntArray::U32($a) => $body,
            $crate::value::IntArray::I64($a) => $body,
            $crate::value::IntArray::U64($a) => $body,
        }
    };
}

/// `with_int_class!(class, T => expr)`: `expr` with the type `T` of the
/// integer class `class`; `None` when `class` is not an integer class.
#[macro_export]
macro_rules! with_int_class {
    ($class:expr, $t:ident => $body:expr) => {
        match $class {
            $crate::value::Class::Int8 => {
                type $t = i8;
                Some($body)
            }
            $crate::value::Class::UInt8 => {
                type $t = u8;
                Some($body)
            }
            $crate::value::Class::Int16 => {
                type $t = i16;
                Some($body)
            }
            $crate::value::Class::UInt16 => {
                type $t = u16;
                Some($body)
            }
            $crate::value::Class::Int32 => {
                type $t = i32;
                Some($body)
            }
            $crate::value::Class::UInt32 => {
                type $t = u32;
                Some($body)
            }
            $crate::value::Class::Int64 => {
                type $t = i64;
                Some($body)
            }
            $crate::value::Class::UInt64 => {
                type $t = u64;
                Some($body)
            }
            _ => None,
        }
    };
}

impl IntArray {
    pub fn class(&self) -> Class {
        match self {
            IntArray::I8(_) => Class::Int8,
            IntArray::U8(_) => Class::UInt8,
            IntArray::I16(_) => Class::Int16,
            IntArray::U16(_) => Class::UInt16,
            IntArray::I32(_) => Class::Int32,
            IntArray::U32(_) => Class::UInt32,
            IntArray::I64(_) => Class::Int64,
            IntArray::U64(_) => Class::UInt64,
        }
    }
    pub fn dims(&self) -> &Dims {
        with_int!(self, a => a.dims())
    }
    pub fn numel(&self) -> usize {
        with_int!(self, a => a.numel())
    }
    /// The elements as doubles (`double(x)`; int64 beyond 2^53 rounds).
    pub fn to_f64(&self) -> Result<Array<f64>, super::pod::NoMemory> {
        with_int!(self, a => a.try_map(|x| x.to_f64()))
    }
    /// `a` converted to integer class `class` by MATLAB's rule; `None`
    /// when `class` is not an integer class.
    pub fn from_f64(
        class: Class,
        a: &Array<f64>,
    ) -> Option<Result<IntArray, super::pod::NoMemory>> {
        with_int_class!(class, T => a.try_map(|&x| T::from_f64(x)).map(T::wrap))
    }
    /// The same elements in another shape (equal element counts).
    pub fn reshaped(self, dims: Dims) -> Option<IntArray> {
        Some(match self {
            IntArray::I8(a) => IntArray::I8(a.reshaped(dims)?),
            IntArray::U8(a) => IntArray::U8(a.reshaped(dims)?),
            IntArray::I16(a) => IntArray::I16(a.reshaped(dims)?),
            IntArray::U16(a) => IntArray::U16(a.reshaped(dims)?),
            IntArray::I32(a) => IntArray::I32(a.reshaped(dims)?),
            IntArray::U32(a) => IntArray::U32(a.reshaped(dims)?),
            IntArray::I64(a) => IntArray::I64(a.reshaped(dims)?),
            IntArray::U64(a) => IntArray::U64(a.reshaped(dims)?),
        })
    }
    /// Whether any element is nonzero, per element (`logical(x)`).
    pub fn nonzero(&self) -> Result<Array<bool>, super::pod::NoMemory> {
        with_int!(self, a => a.try_map(|x| x.to_i128() != 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversion_rounds_half_away_and_saturates() {
        assert_eq!(i8::from_f64(-200.5), -128);
        assert_eq!(u8::from_f64(2.5), 3);
        assert_eq!(u8::from_f64(-2.5), 0);
        assert_eq!(i8::from_f64(-2.5), -3);
        assert_eq!(i32::from_f64(f64::NAN), 0);
        assert_eq!(i64::from_f64(f64::INFINITY), i64::MAX);
        assert_eq!(u64::from_f64(1.8446744073709552e19), u64::MAX);
        assert_eq!(i16::from_i128(1 << 40), i16::MAX);
    }

    #[test]
    fn classes_and_shapes() {
        let a = IntArray::from_f64(Class::UInt16, &Array::row(vec![1.0, 70000.0]))
            .expect("integer class")
            .expect("memory");
        assert_eq!(a.class(), Class::UInt16);
        assert_eq!(u16::unwrap(&a).expect("u16").data(), &[1, 65535]);
        assert!(IntArray::from_f64(Class::Double, &Array::scalar(1.0)).is_none());
        let col = a.reshaped(Dims::col(2)).expect("same count");
        assert_eq!(col.dims(), &Dims::col(2));
    }
}
