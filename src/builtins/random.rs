//! Builtins: random numbers (`rand`, `randn`, `randi`, `rng`).

use super::Builtin;

/// The generator state behind `rand`/`randn`/`randi`.
#[derive(Default)]
pub struct Rng {}

pub const TABLE: &[Builtin] = &[];
