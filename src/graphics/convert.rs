//! A figure as a workspace value and back: a struct whose numeric fields
//! are plain arrays, so the store keeps them in content-addressed chunks.
//!
//! PLACEHOLDER: filled in by the integration work.

use super::model::Figure;
use crate::error::Result;
use crate::value::Value;

/// The figure as a flat struct value (what the store keeps as `figure:N`).
pub fn to_value(fig: &Figure) -> Value {
    let _ = fig;
    Value::num(0.0)
}

/// The figure a stored value describes.
pub fn from_value(v: &Value) -> Result<Figure> {
    let _ = v;
    Err(crate::error::Error::new("figures cannot be read back yet"))
}
