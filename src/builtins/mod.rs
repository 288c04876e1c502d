//! Builtin functions: one table declares every builtin name, each family
//! (one file or folder) contributing its part.
//!
//! A plain builtin (`Builtin`) has one signature: the call context and the
//! evaluated arguments in, the output values out (`Ok(vec![])` when it
//! returns nothing). Argument errors are MATLAB errors, never panics.
//! Builtins that need the interpreter itself (`clear`, `who`, `exist`,
//! `eval`, `cd`, `save`, `load`, `run`, `nargin`...) are entries of the same
//! table (`InterpBuiltin`, declared by `eval::special::TABLE`) whose function
//! takes the interpreter. `entry` answers for every name with one lookup;
//! the interpreter resolves a called name once per command and then calls
//! the entry's function directly.

/// `table![name => function, ...]`: builtin table entries for functions
/// that do not call back into the interpreter.
macro_rules! table {
    ($($name:literal => $f:expr),* $(,)?) => {
        &[$($crate::builtins::Builtin { name: $name, func: $f, calls_back: false }),*]
    };
}

pub mod cellfun;
pub mod cells;
pub mod classes;
pub mod construct;
pub mod containers;
pub mod fileio;
pub mod files;
pub mod format;
pub mod funfun;
pub mod handles;
pub mod help;
pub mod linalg;
pub mod math;
pub mod plot;
pub mod polynomial;
pub mod random;
pub mod reduce;
pub mod setops;
pub mod signal;
pub mod sparse;
pub mod specfun;
pub mod strings;
pub mod structs;
pub mod testfun;
pub mod time;
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
    /// Open figures (`figure`, `plot`...); the interpreter stores the
    /// changed ones after each graphics builtin.
    pub graphics: crate::graphics::Graphics,
    /// Files opened by `fopen` (session state, not workspace values).
    pub files: files::FileTable,
}

impl Default for State {
    fn default() -> Self {
        State {
            format: DisplayFormat::Short,
            width: 80,
            rng: random::Rng::default(),
            tic: None,
            graphics: crate::graphics::Graphics::default(),
            files: files::FileTable::default(),
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
    /// The interpreter, for builtins that call functions back (`cellfun`,
    /// `fzero`, `ode45`...); `None` where nothing can be called.
    pub caller: Option<&'a mut dyn Caller>,
}

/// How a builtin calls a function value (a handle or a name) back through
/// the interpreter: one interface for every builtin that takes a function.
pub trait Caller {
    /// Call `f` with `args` for `nargout` outputs. The builtin lends the
    /// session state and its output stream for the call.
    fn call(
        &mut self,
        state: &mut State,
        out: &mut dyn Write,
        f: &Value,
        args: Vec<Value>,
        nargout: usize,
    ) -> Result<Vec<Value>>;
}

impl Ctx<'_> {
    /// Call the function value `f` (a handle, or a name as a char row).
    pub fn call(&mut self, f: &Value, args: Vec<Value>, nargout: usize) -> Result<Vec<Value>> {
        match self.caller.as_deref_mut() {
            Some(c) => c.call(self.state, self.out, f, args, nargout),
            None => Err(crate::error::Error::new(
                "internal error: this builtin cannot call functions here",
            )),
        }
    }

    /// Call `f` for exactly one output.
    pub fn call1(&mut self, f: &Value, args: Vec<Value>) -> Result<Value> {
        self.call(f, args, 1)?.into_iter().next().ok_or_else(|| {
            crate::error::Error::new("value on right hand side of assignment is undefined: the function returned no value")
        })
    }
}

pub type BuiltinFn = fn(&mut Ctx, Vec<Value>) -> Result<Vec<Value>>;

/// One entry of the builtin table.
pub struct Builtin {
    pub name: &'static str,
    pub func: BuiltinFn,
    /// It calls functions back (`Ctx::call`): the interpreter lends itself.
    pub calls_back: bool,
}

/// An interpreter builtin: what `clear`, `eval` or `save` run, given the
/// interpreter, the evaluated arguments and the number of outputs asked for.
pub type InterpFn = fn(&mut crate::eval::Interp, &[Value], usize) -> Result<Vec<Value>>;

/// One entry of the builtin table that needs the interpreter.
pub struct InterpBuiltin {
    pub name: &'static str,
    pub func: InterpFn,
    /// A MATLAB name flatlab refuses with a clear error (`containers.Map`,
    /// `string`): callable, so the error is the one explained, but no
    /// builtin for `exist` or completion.
    pub refused: bool,
}

/// What a builtin name leads to.
#[derive(Clone, Copy)]
pub enum Entry {
    Plain(&'static Builtin),
    Interp(&'static InterpBuiltin),
}

/// Every family's table, concatenated.
fn all_tables() -> [&'static [Builtin]; 26] {
    [
        plot::TABLE,
        plot::COMPUTE_TABLE,
        containers::TABLE,
        handles::TABLE,
        classes::TABLE,
        setops::TABLE,
        testfun::TABLE,
        cellfun::TABLE,
        cells::TABLE,
        structs::TABLE,
        funfun::TABLE,
        fileio::TABLE,
        construct::TABLE,
        linalg::TABLE,
        math::TABLE,
        random::TABLE,
        reduce::TABLE,
        strings::TABLE,
        format::TABLE,
        polynomial::TABLE,
        files::TABLE,
        time::TABLE,
        specfun::TABLE,
        signal::TABLE,
        sparse::TABLE,
        sparse::TABLE_PLAIN,
    ]
}

/// The interpreter's part of the table.
fn interp_table() -> &'static [InterpBuiltin] {
    crate::eval::INTERP_BUILTINS
}

fn index() -> &'static HashMap<&'static str, Entry> {
    static INDEX: OnceLock<HashMap<&'static str, Entry>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut m = HashMap::new();
        for t in all_tables() {
            for b in t {
                m.insert(b.name, Entry::Plain(b));
            }
        }
        for b in interp_table() {
            m.insert(b.name, Entry::Interp(b));
        }
        m
    })
}

/// The table entry of `name`, plain or needing the interpreter.
pub fn entry(name: &str) -> Option<Entry> {
    index().get(name).copied()
}

/// The plain builtin called `name`, if any (for families that call one
/// another's functions).
pub fn lookup(name: &str) -> Option<&'static Builtin> {
    match entry(name)? {
        Entry::Plain(b) => Some(b),
        Entry::Interp(_) => None,
    }
}

/// Whether `name` is a builtin flatlab runs (`exist`, `which`, `nargin`):
/// any entry but a refused MATLAB name.
pub fn is_builtin(name: &str) -> bool {
    match entry(name) {
        Some(Entry::Interp(b)) => !b.refused,
        Some(Entry::Plain(_)) => true,
        None => false,
    }
}

/// All builtin names, sorted (for completion, `exist`, `what`).
pub fn names() -> Vec<&'static str> {
    let mut v: Vec<_> = index()
        .iter()
        .filter(|(_, e)| !matches!(e, Entry::Interp(b) if b.refused))
        .map(|(n, _)| *n)
        .collect();
    v.sort_unstable();
    v
}

#[cfg(test)]
mod tests {
    /// A name in two tables would leave one entry unreachable, silently.
    #[test]
    fn every_builtin_name_is_in_one_table_only() {
        let mut seen = std::collections::HashSet::new();
        for t in super::all_tables() {
            for b in t {
                assert!(seen.insert(b.name), "builtin {} is declared twice", b.name);
            }
        }
        for b in super::interp_table() {
            assert!(seen.insert(b.name), "builtin {} is declared twice", b.name);
        }
    }
}
