//! Source text to syntax tree: lexer (nom atoms), parser, and parse errors.

pub mod ast;
pub mod encoding;
pub mod error;
pub mod lexer;
pub mod parser;

pub use ast::Span;
pub use error::ParseError;
pub use parser::{is_incomplete, parse};

/// MATLAB variable-name rule: a letter, then letters, digits and `_`, at
/// most 63 characters, not a keyword.
pub fn is_varname(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !lexer::is_keyword(s)
        && s.len() <= 63
}

/// `*` and `?` wildcards in names, as in `clear a*` or `load f.mat x*`.
pub fn glob_match(pat: &str, name: &str) -> bool {
    fn rec(p: &[char], n: &[char]) -> bool {
        match (p.first(), n.first()) {
            (None, None) => true,
            (Some('*'), _) => rec(&p[1..], n) || (!n.is_empty() && rec(p, &n[1..])),
            (Some('?'), Some(_)) => rec(&p[1..], &n[1..]),
            (Some(a), Some(b)) if a == b => rec(&p[1..], &n[1..]),
            _ => false,
        }
    }
    let p: Vec<char> = pat.chars().collect();
    let n: Vec<char> = name.chars().collect();
    rec(&p, &n)
}
