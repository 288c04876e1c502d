//! Builtins: format family.

use super::Builtin;

pub const TABLE: &[Builtin] = &[];
