//! Source text to syntax tree: lexer (nom), parser, and parse errors.

pub mod ast;

pub use ast::Span;
