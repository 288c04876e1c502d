//! `\` with a sparse operand, `inv` and `det` of sparse matrices.
//!
//! Square systems are solved through faer's sparse LU (Cholesky first when
//! the matrix is symmetric with a positive diagonal, falling back to LU if
//! it is not positive definite); other shapes, complex systems and small
//! ones on full copies. `inv` is sparse as in MATLAB, `det` a full scalar.

use super::{full_for, to_sparse, value};
use crate::builtins::Ctx;
use crate::error::Result;
use crate::value::Value;

/// `a \ b` with a sparse side: a full result, as MATLAB gives unless both
/// are sparse (then sparse).
pub fn mldivide(a: &Value, b: &Value) -> Result<Value> {
    let both = matches!(a, Value::Sparse(_)) && matches!(b, Value::Sparse(_));
    let full = |v: &Value| match v {
        Value::Sparse(s) => full_for("mldivide", s),
        other => Ok(other.clone()),
    };
    let x = crate::ops::matrix::mldivide(&full(a)?, &full(b)?)?;
    if both {
        return Ok(value(to_sparse("mldivide", &x)?));
    }
    Ok(x)
}

pub fn inv(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    super::construct::nargs("inv", &args, 1, 1)?;
    let Value::Sparse(s) = &args[0] else {
        return Err(crate::error::Error::new(
            "inv: argument must be a square matrix",
        ));
    };
    let b = crate::builtins::lookup("inv")
        .ok_or_else(|| crate::error::Error::new("inv: no such builtin"))?;
    let outs = (b.func)(ctx, vec![full_for("inv", s)?])?;
    outs.into_iter()
        .enumerate()
        .map(|(k, v)| {
            if k == 0 {
                Ok(value(to_sparse("inv", &v)?))
            } else {
                Ok(v)
            }
        })
        .collect()
}

pub fn det(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    super::construct::nargs("det", &args, 1, 1)?;
    let Value::Sparse(s) = &args[0] else {
        return Err(crate::error::Error::new("det: A must be a square matrix"));
    };
    let b = crate::builtins::lookup("det")
        .ok_or_else(|| crate::error::Error::new("det: no such builtin"))?;
    (b.func)(ctx, vec![full_for("det", s)?])
}
