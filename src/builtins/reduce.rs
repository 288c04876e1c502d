//! Builtins: reduce family.

use super::Builtin;

pub const TABLE: &[Builtin] = &[];
