//! Builtins: construct family.

use super::Builtin;

pub const TABLE: &[Builtin] = &[];
