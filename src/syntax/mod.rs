//! Source text to syntax tree: lexer (nom atoms), parser, and parse errors.

pub mod ast;
pub mod encoding;
pub mod error;
pub mod lexer;
pub mod parser;
pub mod resolve;

pub use ast::Span;
pub use error::ParseError;
pub use parser::{is_incomplete, parse};

/// Parse the text of an anonymous function (`@(x) x + 1`, as `func2str`
/// gives it or a user writes it for `str2func`); the error says why not.
pub fn parse_anon(text: &str) -> Result<std::rc::Rc<ast::AnonFunc>, String> {
    let prog = parse(text).map_err(|e| e.render(text, None))?;
    match (&prog.body[..], prog.functions.is_empty()) {
        (
            [ast::Stmt {
                kind:
                    ast::StmtKind::Expr(ast::Expr {
                        kind: ast::ExprKind::AnonFunc(a),
                        ..
                    }),
                ..
            }],
            true,
        ) => Ok(a.clone()),
        _ => Err(format!("'{text}' is not an anonymous function")),
    }
}

/// Whether the byte at `k` ends a line: a `\n`, or a `\r` not followed by
/// `\n` (the `\r` of `\r\n` is the blank before its newline).
pub fn ends_line(bytes: &[u8], k: usize) -> bool {
    bytes[k] == b'\n' || (bytes[k] == b'\r' && bytes.get(k + 1) != Some(&b'\n'))
}

/// The lines of `text`, each with its line end: `\n`, `\r\n`, or a lone `\r`
/// (old Mac files), the line ends the lexer reads.
pub fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let bytes = rest.as_bytes();
        let end = (0..bytes.len())
            .find(|&k| ends_line(bytes, k))
            .map_or(rest.len(), |k| k + 1);
        let (line, tail) = rest.split_at(end);
        rest = tail;
        Some(line)
    })
}

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

#[cfg(test)]
mod tests {
    use super::lines_inclusive;

    #[test]
    fn lines_end_at_every_kind_of_line_end() {
        let lines: Vec<&str> = lines_inclusive("a\nb\r\nc\rd").collect();
        assert_eq!(lines, ["a\n", "b\r\n", "c\r", "d"]);
        assert_eq!(lines_inclusive("").count(), 0);
        assert_eq!(
            lines_inclusive("\r\r\n").collect::<Vec<_>>(),
            ["\r", "\r\n"]
        );
    }
}
