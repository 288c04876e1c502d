//! Builtins: format family.

use super::Builtin;

pub const TABLE: &[Builtin] = &[];

use crate::error::Result;
use crate::value::Value;
/// Stub until the strfmt branch lands.
pub fn sprintf(fmt: &str, _args: &[Value]) -> Result<String> {
    Ok(fmt.to_string())
}
