//! Plotting builtins: `figure`, `plot`, `title`, `print`... Each edits the
//! session's figures in `State::graphics`; the interpreter stores the
//! changed figures with the command (see `crate::graphics`).
//!
//! PLACEHOLDER: filled in by the plotting-functions work.

use super::Builtin;

/// The plotting builtins.
pub static TABLE: &[Builtin] = table![];

/// Whether `name` is a plotting builtin (the interpreter loads the stored
/// figures before calling one and collects its changes after).
pub fn is_graphics(name: &str) -> bool {
    TABLE.iter().any(|b| b.name == name)
}
