//! Builtins: strings family.

use super::Builtin;

pub const TABLE: &[Builtin] = &[];

use crate::error::Result;
use crate::value::Value;
/// Stub until the strfmt branch lands: (identifier, message) of error(...).
pub fn error_message(args: &[Value]) -> Result<(String, String)> {
    Ok((
        String::new(),
        args.first()
            .map(|a| a.to_str("error"))
            .transpose()?
            .unwrap_or_default(),
    ))
}
