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
        format!(
            "parse error {place}: {}\n{}",
            self.message,
            source_excerpt(text, col)
        )
    }
}

/// Longest source line shown whole under an error; a longer one (generated
/// code can put 100,000 terms on a line) is cut to a window around the caret.
const EXCERPT_WIDTH: usize = 120;

/// The two lines that show where an error is: the source line, indented,
/// and a caret under column `col` (1-based, in characters). Tabs before the
/// caret are kept so it lines up; a line longer than `EXCERPT_WIDTH` shows
/// only the characters around the caret, with `...` where it was cut.
pub fn source_excerpt(line: &str, col: usize) -> String {
    let chars: Vec<char> = line.chars().collect();
    let at = col.saturating_sub(1).min(chars.len());
    let (from, to) = if chars.len() <= EXCERPT_WIDTH {
        (0, chars.len())
    } else {
        let from = at.saturating_sub(EXCERPT_WIDTH / 2);
        let to = (from + EXCERPT_WIDTH).min(chars.len());
        (to.saturating_sub(EXCERPT_WIDTH), to)
    };
    let head = if from > 0 { "..." } else { "" };
    let tail = if to < chars.len() { "..." } else { "" };
    let shown: String = chars[from..to].iter().collect();
    let pad: String = std::iter::repeat_n(' ', head.len())
        .chain(
            chars[from..at]
                .iter()
                .map(|&c| if c == '\t' { '\t' } else { ' ' }),
        )
        .collect();
    format!("    {head}{shown}{tail}\n    {pad}^")
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

#[cfg(test)]
mod tests {
    use super::source_excerpt;

    #[test]
    fn excerpts_keep_short_lines_and_cut_long_ones_around_the_caret() {
        assert_eq!(
            source_excerpt("x = (1 + )", 10),
            "    x = (1 + )\n             ^"
        );
        assert_eq!(source_excerpt("\tx = )", 6), "    \tx = )\n    \t    ^");
        let long = format!("x = 1{}", "+1".repeat(1000));
        let e = source_excerpt(&long, 1000);
        let (text, caret) = e.split_once('\n').expect("two lines");
        assert!(
            text.starts_with("    ...") && text.ends_with("..."),
            "{text}"
        );
        assert!(text.len() < 140, "{text}");
        // The caret stands under the same character as in the whole line.
        let shown_at = caret.len() - 1;
        let skipped = 1000 - 1 - (shown_at - 4 - 3);
        assert_eq!(text.as_bytes()[shown_at], long.as_bytes()[999], "{skipped}");
        let start = source_excerpt(&long, 2);
        assert!(
            start.starts_with("    x = 1+1") && start.ends_with("\n     ^"),
            "{start}"
        );
    }
}
