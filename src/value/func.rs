//! Function handles as flat values.
//!
//! A named handle (`@sin`, `@myfun`) is only a name, resolved at every call
//! like any other call, so an edited function file takes effect at once. An
//! anonymous function (`@(x) a * x`) is its source text, as Octave prints
//! it, plus the values it captured when it was made (by value, as MATLAB
//! does). Nothing here points at code: the interpreter parses the text when
//! it first calls it (and after a resume) and caches the parse by text.

use super::Value;

/// A function handle.
#[derive(Clone, Debug, PartialEq)]
pub enum Func {
    /// `@name`.
    Named(String),
    /// `@(params) body`: the text (`func2str`), and the captured variables
    /// the body reads, in the order they first appear.
    Anon {
        text: String,
        captures: Vec<(String, Value)>,
    },
}

impl Func {
    /// What `func2str` returns: `sin` for `@sin` (Octave drops the `@`),
    /// the whole text for an anonymous function.
    pub fn text(&self) -> String {
        match self {
            Func::Named(n) => n.clone(),
            Func::Anon { text, .. } => text.clone(),
        }
    }
    /// How a handle displays: `@sin`, `@(x) a * x`.
    pub fn display_text(&self) -> String {
        match self {
            Func::Named(n) => format!("@{n}"),
            Func::Anon { text, .. } => text.clone(),
        }
    }
    /// Bytes of the captured values' element data.
    pub fn byte_size(&self) -> usize {
        match self {
            Func::Named(_) => 0,
            Func::Anon { captures, .. } => captures.iter().map(|(_, v)| v.byte_size()).sum(),
        }
    }
}
