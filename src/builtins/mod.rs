//! Builtin functions: a table of plain functions, one file per family.
//!
//! Every builtin has the same signature: the call context and the evaluated
//! arguments in, the output values out (`Ok(vec![])` when it returns nothing).
//! Argument errors are MATLAB errors, never panics. Builtins that need the
//! interpreter itself (`clear`, `who`, `exist`, `eval`, `cd`, `save`, `load`,
//! `run`, `nargin`...) are handled in `eval::special`, not here.

pub mod classes;
pub mod construct;
pub mod fileio;
pub mod format;
pub mod linalg;
pub mod math;
pub mod random;
pub mod reduce;
pub mod strings;
pub mod util;

use crate::error::Result;
use crate::value::display::DisplayFormat;
use crate::value::Value;
use std::collections::HashMap;
use std::io::Write;
use std::sync::OnceLock;
use std::time::Instant;

/// Session state builtins may read or change.
pub struct State {
    /// `format short` / `format long`.
    pub format: DisplayFormat,
    /// Terminal width used to split wide matrices into column chunks.
    pub width: usize,
    /// Generator behind `rand`, `randn`, `randi` (seeded by `rng`).
    pub rng: random::Rng,
    /// Start time of the last `tic`.
    pub tic: Option<Instant>,
}

impl Default for State {
    fn default() -> Self {
        State {
            format: DisplayFormat::Short,
            width: 80,
            rng: random::Rng::default(),
            tic: None,
        }
    }
}

/// What a builtin sees of the running interpreter.
pub struct Ctx<'a> {
    /// Where displayed output goes (stdout in a script, the REPL's writer).
    pub out: &'a mut dyn Write,
    /// Where warnings go (stderr).
    pub err: &'a mut dyn Write,
    pub state: &'a mut State,
    /// How many outputs the caller asked for (0 for a bare statement).
    pub nargout: usize,
}

pub type BuiltinFn = fn(&mut Ctx, Vec<Value>) -> Result<Vec<Value>>;

/// One entry of the builtin table.
pub struct Builtin {
    pub name: &'static str,
    pub func: BuiltinFn,
}

/// Every family's table, concatenated.
fn all_tables() -> [&'static [Builtin]; 9] {
    [
        classes::TABLE,
        fileio::TABLE,
        construct::TABLE,
        linalg::TABLE,
        math::TABLE,
        random::TABLE,
        reduce::TABLE,
        strings::TABLE,
        format::TABLE,
    ]
}

fn index() -> &'static HashMap<&'static str, &'static Builtin> {
    static INDEX: OnceLock<HashMap<&'static str, &'static Builtin>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut m = HashMap::new();
        for t in all_tables() {
            for b in t {
                m.insert(b.name, b);
            }
        }
        m
    })
}

/// The builtin called `name`, if any.
pub fn lookup(name: &str) -> Option<&'static Builtin> {
    index().get(name).copied()
}

/// All builtin names, sorted (for completion and `exist`).
pub fn names() -> Vec<&'static str> {
    let mut v: Vec<_> = index().keys().copied().collect();
    v.sort_unstable();
    v
}
