//! Builtins: linalg family.

use super::Builtin;

pub const TABLE: &[Builtin] = &[];
