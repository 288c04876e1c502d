//! Builtins: strings family.

use super::Builtin;

pub const TABLE: &[Builtin] = &[];
