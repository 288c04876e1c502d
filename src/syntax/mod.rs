//! Source text to syntax tree: lexer (nom atoms), parser, and parse errors.

pub mod ast;
pub mod error;
pub mod lexer;
pub mod parser;

pub use ast::Span;
pub use error::ParseError;
pub use parser::{is_incomplete, parse};
