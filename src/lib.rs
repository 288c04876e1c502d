//! flatlab: a persistent MATLAB-like numeric workspace shell.
//!
//! Data flows one way: `syntax` turns text into a tree, `eval` walks it over
//! `value`s using `ops` and `builtins`, and after each top-level command the
//! `shell` commits the changed variables with a `history` record to the
//! `store`. `repl` and `cli` are the front ends; `formats` moves values in and
//! out of files. See ARCHITECTURE.md.

pub mod alloc;
pub mod builtins;
pub mod cli;
pub mod error;
pub mod eval;
pub mod formats;
pub mod graphics;
pub mod history;
pub mod ops;
pub(crate) mod par;
pub mod repl;
pub mod shell;
pub mod store;
pub mod syntax;
#[cfg(test)]
pub(crate) mod test_rng;
pub mod value;
