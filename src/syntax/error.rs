//! Parse errors: a message, the span it points at, and whether the input
//! merely ended too early (the REPL then keeps reading lines).

use super::ast::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    pub message: String,
    pub span: Span,
    /// The input ended inside a block, bracket, string continuation or `...`:
    /// more lines could complete it.
    pub incomplete: bool,
}

impl ParseError {
    pub fn new(message: &str, span: Span) -> ParseError {
        ParseError {
            message: message.to_string(),
            span,
            incomplete: false,
        }
    }

    /// Render with the offending line and a caret under the column:
    ///
    /// ```text
    /// parse error near line 1, column 9: unexpected ')'
    ///     x = (1 + )
    ///              ^
    /// ```
    pub fn render(&self, src: &str, file: Option<&str>) -> String {
        let (line, col, text) = line_col(src, self.span.start as usize);
        let place = match file {
            Some(f) => format!("{f}: near line {line}, column {col}"),
            None => format!("near line {line}, column {col}"),
        };
        let caret: String = text
            .chars()
            .take(col.saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        format!(
            "parse error {place}: {}\n    {text}\n    {caret}^",
            self.message
        )
    }
}

/// 1-based line and column of byte offset `at`, and the text of that line.
/// Lines end where the lexer's do: at `\n`, `\r\n` or a lone `\r`.
pub fn line_col(src: &str, at: usize) -> (usize, usize, &str) {
    let at = at.min(src.len());
    let at = (0..=at)
        .rev()
        .find(|&k| src.is_char_boundary(k))
        .unwrap_or(0);
    let bytes = src.as_bytes();
    let ends_line = |k: &usize| super::ends_line(bytes, *k);
    let line_start = (0..at).rev().find(ends_line).map(|k| k + 1).unwrap_or(0);
    let line_end = src[at..]
        .find(['\n', '\r'])
        .map(|n| at + n)
        .unwrap_or(src.len());
    let line = (0..at).filter(ends_line).count() + 1;
    let col = src[line_start..at].chars().count() + 1;
    (line, col, &src[line_start..line_end])
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "parse error: {}", self.message)
    }
}
