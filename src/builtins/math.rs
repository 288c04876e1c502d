//! Builtins: math family.

use super::Builtin;

pub const TABLE: &[Builtin] = &[];
