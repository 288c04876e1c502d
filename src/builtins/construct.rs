//! Builtins: construct family.

use super::Builtin;

pub const TABLE: &[Builtin] = &[];

use crate::error::{Error, Result};
use crate::value::Value;
/// Stub until the numfun branch lands.
pub fn concat(_dim: usize, parts: Vec<Value>) -> Result<Value> {
    let mut v = Vec::new();
    for p in parts {
        v.push(p.scalar_f64("concat")?);
    }
    Ok(Value::row(v))
}
/// Stub until the numfun branch lands.
pub fn range(start: f64, step: f64, stop: f64) -> Result<Value> {
    if step == 0.0 {
        return Err(Error::new("stub"));
    }
    let n = ((stop - start) / step).floor() as i64 + 1;
    Ok(Value::row(
        (0..n.max(0)).map(|k| start + k as f64 * step).collect(),
    ))
}
