//! Polynomials as coefficient vectors, highest power first: fitting and
//! evaluation (`fit`: polyfit, polyval) and algebra (`algebra`: poly,
//! roots, polyder, polyint, polyvalm, compan, polyaffine, polyreduce,
//! polygcd) and partial fractions (`residue`: residue, mpoles).
//!
//! Coefficients are computed in double (real or complex); a single operand
//! makes the result single, as MATLAB's arithmetic would.

mod algebra;
mod fit;
mod residue;

use super::Builtin;
use crate::error::{Error, Result};
use crate::ops::classes::to_single_result;
use crate::value::{Array, Dims, Value, C64};

pub const TABLE: &[Builtin] = table![
    "polyfit" => fit::polyfit,
    "polyval" => fit::polyval,
    "poly" => algebra::poly,
    "roots" => algebra::roots,
    "polyder" => algebra::polyder,
    "polyint" => algebra::polyint,
    "polyvalm" => algebra::polyvalm,
    "compan" => algebra::compan,
    "polyaffine" => algebra::polyaffine,
    "polyreduce" => algebra::polyreduce,
    "polygcd" => algebra::polygcd,
    "residue" => residue::residue,
    "mpoles" => residue::mpoles,
];

/// A polynomial's coefficients (or any numeric operand) as complex doubles,
/// with whether it held complex values and whether it was single.
pub(crate) struct Coefs {
    pub data: Vec<C64>,
    pub dims: Dims,
    pub complex: bool,
    pub single: bool,
}

impl Coefs {
    /// Numeric, logical or char operands; cells, structs and handles are
    /// "wrong type argument".
    pub fn of(v: &Value, fname: &str) -> Result<Coefs> {
        let single = matches!(v, Value::Single(_) | Value::SingleComplex(_));
        let (data, complex) = match v {
            Value::Complex(_) | Value::SingleComplex(_) => {
                (v.to_complex_array(fname)?.into_vec(), true)
            }
            Value::Cell(_) => return Err(Error::wrong_type(fname, "cell")),
            Value::Struct(_) => return Err(Error::wrong_type(fname, "struct")),
            other => (
                other
                    .to_num_array(fname)?
                    .into_vec()
                    .into_iter()
                    .map(|x| C64::new(x, 0.0))
                    .collect(),
                false,
            ),
        };
        Ok(Coefs {
            data,
            dims: v.dims(),
            complex,
            single,
        })
    }

    pub fn is_vector_or_empty(&self) -> bool {
        self.dims.is_vector() || self.dims.is_empty()
    }

    pub fn len(&self) -> usize {
        self.data.len()
    }
}

/// `data` shaped `dims` as a double (narrowed to real when every imaginary
/// part is zero), or single when `single`.
pub(crate) fn out(dims: Dims, data: Vec<C64>, single: bool) -> Result<Value> {
    let v = if data.iter().all(|z| z.im == 0.0) {
        Value::Num(Array::new(dims, data.into_iter().map(|z| z.re).collect()))
    } else {
        Value::Complex(Array::new(dims, data))
    };
    if single {
        to_single_result(v)
    } else {
        Ok(v)
    }
}

/// A row vector result, as [`out`].
pub(crate) fn row(data: Vec<C64>, single: bool) -> Result<Value> {
    let n = data.len();
    out(Dims::row(n), data, single)
}

/// Horner's rule.
pub(crate) fn horner(p: &[C64], x: C64) -> C64 {
    p.iter().fold(C64::new(0.0, 0.0), |acc, &c| acc * x + c)
}

/// Horner's rule on reals (no complex arithmetic on the common path).
pub(crate) fn horner_re(p: &[f64], x: f64) -> f64 {
    p.iter().fold(0.0, |acc, &c| acc * x + c)
}

/// Full convolution of two coefficient vectors.
pub(crate) fn convolve(a: &[C64], b: &[C64]) -> Vec<C64> {
    if a.is_empty() || b.is_empty() {
        return Vec::new();
    }
    let mut c = vec![C64::new(0.0, 0.0); a.len() + b.len() - 1];
    for (i, &x) in a.iter().enumerate() {
        for (j, &y) in b.iter().enumerate() {
            c[i + j] += x * y;
        }
    }
    c
}
