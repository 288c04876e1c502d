//! Flat, self-contained workspace values.
//!
//! A `Value` never points at code or at another value: it is a class tag plus
//! a column-major array of numbers, characters, logicals, or of other values
//! (cells, struct records), or a function handle that is a name or the text
//! of an anonymous function with the values it captured. This is what the
//! workspace holds, what the store persists and what every builtin takes and
//! returns.
//!
//! Submodules: `array` (the container), `class` (MATLAB's classes), `int`
//! (the integer classes), `structs` (struct arrays), `func` (function
//! handles), `display` (Octave's display format).

pub mod array;
pub mod class;
pub mod display;
pub mod func;
pub mod int;
pub(crate) mod pod;
pub mod sparse;
pub mod structs;

pub use array::{Array, Dims};
pub use class::Class;
pub use func::Func;
pub use int::{IntArray, IntElem};
pub use num_complex::Complex32 as C32;
pub use num_complex::Complex64 as C64;
pub use sparse::SparseMatrix;
pub use structs::{Record, StructArray};

use crate::error::{Error, Result};

/// Octave's missing value `NA`: a NaN with its own payload (the single NA
/// widened to double), shown as `NA` and told apart by `isna`.
pub const NA_BITS: u64 = 0x7FF8_40F4_4000_0000;

/// Whether `x` is the missing value `NA` (in double or widened from single).
pub fn is_na(x: f64) -> bool {
    x.to_bits() == NA_BITS
}

/// A MATLAB value. Scalars are 1x1 arrays.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Real double array.
    Num(Array<f64>),
    /// Complex double array. Operations narrow results with all-zero
    /// imaginary parts to `Num` (`Value::narrowed`); `complex()` does not.
    Complex(Array<C64>),
    /// Logical array.
    Bool(Array<bool>),
    /// Char array of UTF-16 code units (MATLAB's char).
    Char(Array<u16>),
    /// Real single-precision array.
    Single(Array<f32>),
    /// Complex single-precision array (narrowed like `Complex`).
    SingleComplex(Array<C32>),
    /// An array of one of the eight integer classes.
    Int(IntArray),
    /// Cell array: an array of values.
    Cell(Box<Array<Value>>),
    /// Struct array with ordered fields (1x1 for `s.a = 1` or a caught `err`).
    Struct(Box<StructArray>),
    /// Function handle.
    Func(Box<Func>),
    /// 2-D sparse matrix of double, complex double or logical elements.
    Sparse(Box<SparseMatrix>),
}

/// `each_class!(fname, &value, |a| body)`: `body` applied to the typed
/// `&Array<T>` inside a numeric, logical or char value, giving a value of
/// the same class (`body` returns `Array<T>` for the same `T`). Cells,
/// structs and handles are an error naming `fname`.
#[macro_export]
macro_rules! each_class {
    ($fname:expr, $v:expr, |$a:ident| $body:expr) => {
        match $v {
            $crate::value::Value::Num($a) => $crate::value::Value::Num($body),
            $crate::value::Value::Complex($a) => $crate::value::Value::Complex($body),
            $crate::value::Value::Bool($a) => $crate::value::Value::Bool($body),
            $crate::value::Value::Char($a) => $crate::value::Value::Char($body),
            $crate::value::Value::Single($a) => $crate::value::Value::Single($body),
            $crate::value::Value::SingleComplex($a) => $crate::value::Value::SingleComplex($body),
            $crate::value::Value::Int(ia) => $crate::value::Value::Int(match ia {
                $crate::value::IntArray::I8($a) => $crate::value::IntArray::I8($body),
                $crate::value::IntArray::U8($a) => $crate::value::IntArray::U8($body),
                $crate::value::IntArray::I16($a) => $crate::value::IntArray::I16($body),
                $crate::value::IntArray::U16($a) => $crate::value::IntArray::U16($body),
                $crate::value::IntArray::I32($a) => $crate::value::IntArray::I32($body),
                $crate::value::IntArray::U32($a) => $crate::value::IntArray::U32($body),
                $crate::value::IntArray::I64($a) => $crate::value::IntArray::I64($body),
                $crate::value::IntArray::U64($a) => $crate::value::IntArray::U64($body),
            }),
            other @ ($crate::value::Value::Cell(_)
            | $crate::value::Value::Struct(_)
            | $crate::value::Value::Func(_)
            | $crate::value::Value::Sparse(_)) => {
                return Err($crate::error::Error::wrong_type($fname, other.class_name()))
            }
        }
    };
}

/// `each_array!(fname, &value, |a| body)`: like `each_class!`, and also
/// for cells and struct arrays (whose elements are values and records):
/// for operations that only move elements (`reshape`, `flip`, `repmat`),
/// where `body` needs nothing of `T` but `Clone`. Handles are an error.
#[macro_export]
macro_rules! each_array {
    ($fname:expr, $v:expr, |$a:ident| $body:expr) => {
        match $v {
            $crate::value::Value::Cell($a) => {
                let $a: &$crate::value::Array<$crate::value::Value> = $a;
                $crate::value::Value::Cell(Box::new($body))
            }
            $crate::value::Value::Struct(s) => {
                let $a = s.elems();
                $crate::value::Value::Struct(Box::new($crate::value::StructArray::new(
                    s.names().to_vec(),
                    $body,
                )))
            }
            other => $crate::each_class!($fname, other, |$a| $body),
        }
    };
}

/// The old name of a scalar struct: a 1x1 `StructArray`.
pub type Struct = StructArray;

/// The char code of a number, as MATLAB converts doubles to char (like
/// `uint16`): rounded half away from zero (`char(66.5)` is `'C'`), saturated
/// to 0..65535, NaN as 0. Every number-to-char conversion goes through here.
pub fn char_unit(x: f64) -> u16 {
    if x.is_nan() {
        0
    } else {
        x.round().clamp(0.0, 65535.0) as u16
    }
}

/// The char codes of numbers converted on purpose (`char(x)`, `s(i) = x`
/// into a char array): `char_unit` of each, but NaN has no char and is
/// refused, as Octave refuses it (concatenation, `['a' NaN]`, gives 0 in
/// Octave and goes through `char_unit`).
pub fn char_codes(a: &Array<f64>) -> Result<Array<u16>> {
    if a.data().iter().any(|x| x.is_nan()) {
        return Err(Error::new("invalid conversion from NaN to character"));
    }
    Ok(a.try_map(|&x| char_unit(x))?)
}

impl Value {
    // ----- constructors -----

    /// A cell array.
    pub fn cell(a: Array<Value>) -> Value {
        Value::Cell(Box::new(a))
    }
    /// A struct array (1x1 from `StructArray::scalar`).
    pub fn structure(s: StructArray) -> Value {
        Value::Struct(Box::new(s))
    }
    /// A function handle.
    pub fn func(f: Func) -> Value {
        Value::Func(Box::new(f))
    }

    pub fn num(x: f64) -> Value {
        Value::Num(Array::scalar(x))
    }
    pub fn bool(b: bool) -> Value {
        Value::Bool(Array::scalar(b))
    }
    pub fn complex(re: f64, im: f64) -> Value {
        Value::Complex(Array::scalar(C64::new(re, im)))
    }
    /// The empty 0x0 double `[]`.
    pub fn empty() -> Value {
        Value::Num(Array::empty_with(Dims::empty()))
    }
    pub fn row(v: Vec<f64>) -> Value {
        Value::Num(Array::row(v))
    }
    pub fn col(v: Vec<f64>) -> Value {
        Value::Num(Array::col(v))
    }
    pub fn matrix(rows: usize, cols: usize, data: Vec<f64>) -> Value {
        Value::Num(Array::new(Dims::mat(rows, cols), data))
    }
    /// A 1xN char row from Rust text (0x0 for the empty string, as MATLAB's `''`).
    pub fn str(s: &str) -> Value {
        let units: Vec<u16> = s.encode_utf16().collect();
        if units.is_empty() {
            return Value::Char(Array::empty_with(Dims::empty()));
        }
        Value::Char(Array::row(units))
    }
    /// A char matrix from rows padded with spaces to equal length.
    pub fn char_rows(rows: &[String]) -> Value {
        let units: Vec<Vec<u16>> = rows.iter().map(|r| r.encode_utf16().collect()).collect();
        let w = units.iter().map(|r| r.len()).max().unwrap_or(0);
        let n = units.len();
        let mut data = vec![b' ' as u16; n * w];
        for (i, r) in units.iter().enumerate() {
            for (j, &c) in r.iter().enumerate() {
                data[i + j * n] = c;
            }
        }
        Value::Char(Array::new(Dims::mat(n, w), data))
    }

    // ----- shape and class -----

    pub fn class(&self) -> Class {
        match self {
            Value::Num(_) | Value::Complex(_) => Class::Double,
            Value::Single(_) | Value::SingleComplex(_) => Class::Single,
            Value::Int(a) => a.class(),
            Value::Bool(_) => Class::Logical,
            Value::Char(_) => Class::Char,
            Value::Cell(_) => Class::Cell,
            Value::Struct(_) => Class::Struct,
            Value::Func(_) => Class::FunctionHandle,
            Value::Sparse(s) => s.class(),
        }
    }
    pub fn class_name(&self) -> &'static str {
        self.class().name()
    }
    pub fn dims(&self) -> Dims {
        self.dims_ref().clone()
    }
    /// The size, borrowed (a function handle is 1x1).
    pub fn dims_ref(&self) -> &Dims {
        static SCALAR: std::sync::OnceLock<Dims> = std::sync::OnceLock::new();
        match self {
            Value::Num(a) => a.dims(),
            Value::Complex(a) => a.dims(),
            Value::Bool(a) => a.dims(),
            Value::Char(a) => a.dims(),
            Value::Single(a) => a.dims(),
            Value::SingleComplex(a) => a.dims(),
            Value::Int(a) => a.dims(),
            Value::Cell(a) => a.dims(),
            Value::Struct(s) => s.dims(),
            Value::Func(_) => SCALAR.get_or_init(Dims::scalar),
            Value::Sparse(s) => &s.dims,
        }
    }
    pub fn numel(&self) -> usize {
        match self {
            Value::Num(a) => a.numel(),
            Value::Complex(a) => a.numel(),
            Value::Bool(a) => a.numel(),
            Value::Char(a) => a.numel(),
            Value::Single(a) => a.numel(),
            Value::SingleComplex(a) => a.numel(),
            Value::Int(a) => a.numel(),
            Value::Cell(a) => a.numel(),
            Value::Struct(s) => s.numel(),
            Value::Func(_) => 1,
            Value::Sparse(s) => s.rows().saturating_mul(s.cols()),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.numel() == 0
    }
    pub fn is_scalar(&self) -> bool {
        self.dims().is_scalar()
    }
    pub fn is_complex(&self) -> bool {
        match self {
            Value::Complex(_) | Value::SingleComplex(_) => true,
            Value::Sparse(s) => matches!(s.data, sparse::SpData::Complex(_)),
            _ => false,
        }
    }
    pub fn is_char(&self) -> bool {
        matches!(self, Value::Char(_))
    }
    /// MATLAB's `isnumeric`: double, single and the integer classes.
    pub fn is_numeric(&self) -> bool {
        self.class().is_numeric()
    }
    /// Approximate bytes of element data (for `whos` and size reports).
    pub fn byte_size(&self) -> usize {
        match self {
            Value::Complex(_) | Value::SingleComplex(_) => {
                self.numel() * 2 * self.class().element_bytes()
            }
            Value::Num(_) | Value::Bool(_) | Value::Char(_) | Value::Single(_) | Value::Int(_) => {
                self.numel() * self.class().element_bytes()
            }
            Value::Cell(a) => a.data().iter().map(Value::byte_size).sum(),
            Value::Struct(s) => s.byte_size(),
            Value::Func(f) => f.byte_size(),
            Value::Sparse(s) => s.byte_size(),
        }
    }

    // ----- conversions -----

    /// Real double view: logical, char, single and integers convert
    /// (`double(x)`); complex values with nonzero imaginary parts and
    /// containers are an error naming `ctx`.
    pub fn to_num_array(&self, ctx: &str) -> Result<Array<f64>> {
        match self {
            Value::Num(a) => Ok(a.clone()),
            Value::Bool(a) => Ok(a.try_map(|&b| if b { 1.0 } else { 0.0 })?),
            Value::Char(a) => Ok(a.try_map(|&c| c as f64)?),
            Value::Single(a) => Ok(a.try_map(|&x| x as f64)?),
            Value::Int(a) => Ok(a.to_f64()?),
            Value::Complex(a) => {
                if a.data().iter().all(|z| z.im == 0.0) {
                    Ok(a.try_map(|z| z.re)?)
                } else {
                    Err(Error::new(format!(
                        "{ctx}: complex input is not supported here"
                    )))
                }
            }
            Value::SingleComplex(a) => {
                if a.data().iter().all(|z| z.im == 0.0) {
                    Ok(a.try_map(|z| z.re as f64)?)
                } else {
                    Err(Error::new(format!(
                        "{ctx}: complex input is not supported here"
                    )))
                }
            }
            Value::Sparse(s) => match &s.data {
                sparse::SpData::Complex(c) if c.vals.iter().any(|z| z.im != 0.0) => Err(
                    Error::new(format!("{ctx}: complex input is not supported here")),
                ),
                _ => s.to_real()?.to_dense(),
            },
            Value::Cell(_) | Value::Struct(_) | Value::Func(_) => {
                Err(Error::wrong_type(ctx, self.class_name()))
            }
        }
    }
    /// Complex view of any numeric, logical or char value.
    pub fn to_complex_array(&self, ctx: &str) -> Result<Array<C64>> {
        match self {
            Value::Complex(a) => Ok(a.clone()),
            Value::SingleComplex(a) => Ok(a.try_map(|z| C64::new(z.re as f64, z.im as f64))?),
            Value::Sparse(s) => s.to_complex()?.to_dense(),
            other => Ok(other.to_num_array(ctx)?.try_map(|&x| C64::new(x, 0.0))?),
        }
    }
    /// Logical view: nonzero is true; NaN is an error as in MATLAB.
    pub fn to_bool_array(&self, ctx: &str) -> Result<Array<bool>> {
        match self {
            Value::Bool(a) => Ok(a.clone()),
            Value::Complex(a) => Ok(a.try_map(|z| z.re != 0.0 || z.im != 0.0)?),
            Value::SingleComplex(a) => Ok(a.try_map(|z| z.re != 0.0 || z.im != 0.0)?),
            Value::Int(a) => Ok(a.nonzero()?),
            Value::Sparse(s) => {
                if let sparse::SpData::Real(c) = &s.data {
                    if c.vals.iter().any(|x| x.is_nan()) {
                        return Err(Error::with_id(
                            "MATLAB:nologicalnan",
                            "logical: NaN can't be converted to logical value",
                        ));
                    }
                }
                s.to_bool()?.to_dense()
            }
            other => {
                let a = other.to_num_array(ctx)?;
                if a.data().iter().any(|x| x.is_nan()) {
                    return Err(Error::with_id(
                        "MATLAB:nologicalnan",
                        "logical: NaN can't be converted to logical value",
                    ));
                }
                Ok(a.try_map(|&x| x != 0.0)?)
            }
        }
    }
    /// The single real number of a scalar (logical/char convert).
    pub fn scalar_f64(&self, ctx: &str) -> Result<f64> {
        let a = self.to_num_array(ctx)?;
        if a.numel() != 1 {
            return Err(Error::new(format!("{ctx}: argument must be a scalar")));
        }
        Ok(a.data()[0])
    }
    /// A non-negative integer scalar (sizes, counts).
    pub fn scalar_usize(&self, ctx: &str) -> Result<usize> {
        let x = self.scalar_f64(ctx)?;
        if x.is_nan() || x < 0.0 || x.fract() != 0.0 {
            return Err(Error::new(format!(
                "{ctx}: argument must be a non-negative integer"
            )));
        }
        Ok(x as usize)
    }
    /// Text of a char array (rows concatenated column-major is wrong for
    /// matrices, so only rows and empties are accepted).
    pub fn to_str(&self, ctx: &str) -> Result<String> {
        match self {
            Value::Char(a) if a.rows() <= 1 || a.is_empty() => {
                Ok(String::from_utf16_lossy(a.data()))
            }
            Value::Char(_) => Err(Error::new(format!(
                "{ctx}: argument must be a character row, not a char matrix"
            ))),
            other => Err(Error::new(format!(
                "{ctx}: argument must be a string, not {}",
                other.class_name()
            ))),
        }
    }
    /// Rows of a char matrix as strings (no trimming).
    pub fn char_rows_of(&self) -> Option<Vec<String>> {
        match self {
            Value::Char(a) => {
                let (r, c) = (a.rows(), a.dims().trailing());
                Some(
                    (0..r)
                        .map(|i| {
                            let units: Vec<u16> = (0..c).map(|j| *a.at(i, j)).collect();
                            String::from_utf16_lossy(&units)
                        })
                        .collect(),
                )
            }
            _ => None,
        }
    }
    /// MATLAB truth of a condition (`if`, `while`): nonempty and all nonzero.
    pub fn is_true(&self) -> Result<bool> {
        match self {
            Value::Bool(a) => Ok(!a.is_empty() && a.data().iter().all(|&b| b)),
            Value::Num(_) | Value::Single(_) => {
                let a = self.to_num_array("if")?;
                if a.data().iter().any(|x| x.is_nan()) {
                    return Err(Error::new("invalid conversion from NaN to logical"));
                }
                Ok(!a.is_empty() && a.data().iter().all(|&x| x != 0.0))
            }
            Value::Int(a) => {
                let nz = a.nonzero()?;
                Ok(!nz.is_empty() && nz.data().iter().all(|&b| b))
            }
            Value::Complex(a) => {
                Ok(!a.is_empty() && a.data().iter().all(|z| z.re != 0.0 || z.im != 0.0))
            }
            Value::SingleComplex(a) => {
                Ok(!a.is_empty() && a.data().iter().all(|z| z.re != 0.0 || z.im != 0.0))
            }
            Value::Char(a) => Ok(!a.is_empty() && a.data().iter().all(|&c| c != 0)),
            Value::Sparse(s) => {
                if let sparse::SpData::Real(c) = &s.data {
                    if c.vals.iter().any(|x| x.is_nan()) {
                        return Err(Error::new("invalid conversion from NaN to logical"));
                    }
                }
                let n = s.rows().saturating_mul(s.cols());
                Ok(n > 0 && s.nnz() == n)
            }
            Value::Cell(_) | Value::Struct(_) | Value::Func(_) => Err(Error::new(format!(
                "wrong type argument '{}' in a conditional expression",
                match self {
                    Value::Cell(_) => "cell array",
                    Value::Struct(_) => "struct",
                    _ => "function handle",
                }
            ))),
        }
    }
    /// Complex values whose imaginary parts are all zero become real, in
    /// the memory that held them (a fresh result, as operators and
    /// builtins narrow, needs no second buffer). An array shared with
    /// another value is copied; when even that copy does not fit, the
    /// value stays complex with the same numbers rather than abort.
    pub fn narrowed(self) -> Value {
        match self {
            Value::Complex(a) if a.data().iter().all(|z| z.im == 0.0) => {
                let dims = a.dims().clone();
                match a.into_unshared_vec() {
                    Ok(v) => Value::Num(Array::new(dims, pod::real_parts_in_place(v))),
                    Err(shared) => match shared.try_map(|z| z.re) {
                        Ok(re) => Value::Num(re),
                        Err(_) => Value::Complex(shared),
                    },
                }
            }
            Value::SingleComplex(a) if a.data().iter().all(|z| z.im == 0.0) => {
                match a.try_map(|z| z.re) {
                    Ok(re) => Value::Single(re),
                    Err(_) => Value::SingleComplex(a),
                }
            }
            v => v,
        }
    }
    /// Same class, new shape (for `reshape`, `A(:)`); `None` if the counts differ.
    pub fn reshaped(self, dims: Dims) -> Option<Value> {
        Some(match self {
            Value::Num(a) => Value::Num(a.reshaped(dims)?),
            Value::Complex(a) => Value::Complex(a.reshaped(dims)?),
            Value::Bool(a) => Value::Bool(a.reshaped(dims)?),
            Value::Char(a) => Value::Char(a.reshaped(dims)?),
            Value::Single(a) => Value::Single(a.reshaped(dims)?),
            Value::SingleComplex(a) => Value::SingleComplex(a.reshaped(dims)?),
            Value::Int(a) => Value::Int(a.reshaped(dims)?),
            Value::Cell(a) => Value::Cell(Box::new(a.reshaped(dims)?)),
            Value::Struct(s) => {
                let (names, elems) = s.into_parts();
                Value::Struct(Box::new(StructArray::new(names, elems.reshaped(dims)?)))
            }
            Value::Sparse(s) => {
                if dims.ndims() != 2 || dims.numel() != self_numel(&s) {
                    return None;
                }
                Value::Sparse(Box::new(s.reshaped(dims.rows(), dims.cols()).ok()?))
            }
            Value::Func(f) => {
                if dims.is_scalar() {
                    Value::Func(f)
                } else {
                    return None;
                }
            }
        })
    }
}

fn self_numel(s: &SparseMatrix) -> usize {
    s.rows().saturating_mul(s.cols())
}

/// Bit-level equality for tests: dims, and every double's bits (so -0.0
/// and NaN payloads count); structs field by field; other classes by `==`.
#[cfg(test)]
pub(crate) fn same_bits(a: &Value, b: &Value) -> bool {
    let re = |d: &[f64]| d.iter().map(|p| p.to_bits()).collect::<Vec<u64>>();
    let cx = |d: &[C64]| {
        d.iter()
            .flat_map(|z| [z.re.to_bits(), z.im.to_bits()])
            .collect::<Vec<u64>>()
    };
    match (a, b) {
        (Value::Num(x), Value::Num(y)) => x.dims() == y.dims() && re(x.data()) == re(y.data()),
        (Value::Complex(x), Value::Complex(y)) => {
            x.dims() == y.dims() && cx(x.data()) == cx(y.data())
        }
        (Value::Single(x), Value::Single(y)) => {
            x.dims() == y.dims()
                && x.data()
                    .iter()
                    .map(|p| p.to_bits())
                    .eq(y.data().iter().map(|p| p.to_bits()))
        }
        (Value::Cell(x), Value::Cell(y)) => {
            x.dims() == y.dims() && x.data().iter().zip(y.data()).all(|(p, q)| same_bits(p, q))
        }
        (Value::Struct(x), Value::Struct(y)) => {
            x.names() == y.names()
                && x.dims() == y.dims()
                && x.elems()
                    .data()
                    .iter()
                    .zip(y.elems().data())
                    .all(|(p, q)| p.iter().zip(q.iter()).all(|(v, w)| same_bits(v, w)))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_stays_small() {
        // The value type is moved on every evaluation step: keep it compact.
        // Pinned exactly, so a variant that grows it is a decision, not an
        // accident: containers and handles are boxed, integer arrays share
        // one `IntArray` variant.
        assert_eq!(std::mem::size_of::<Value>(), 72);
    }

    #[test]
    fn narrowing_drops_zero_imaginary_parts() {
        let v = Value::complex(3.0, 0.0).narrowed();
        assert_eq!(v, Value::num(3.0));
        let w = Value::complex(3.0, 1.0).narrowed();
        assert!(w.is_complex());
        // A shared array narrows to a copy and leaves the other intact.
        let c = Array::row(vec![C64::new(1.0, 0.0), C64::new(2.0, 0.0)]);
        let kept = Value::Complex(c.clone());
        assert_eq!(Value::Complex(c).narrowed(), Value::row(vec![1.0, 2.0]));
        assert!(kept.is_complex());
    }

    #[test]
    fn char_rows_pad() {
        let v = Value::char_rows(&["ab".into(), "c".into()]);
        assert_eq!(v.dims().as_slice(), &[2, 2]);
        assert_eq!(
            v.char_rows_of().unwrap(),
            vec!["ab".to_string(), "c ".to_string()]
        );
    }
}
