//! Error text as the user sees it (Octave's `error: ...` form), with the
//! function file and line for errors raised inside functions and scripts.

use crate::error::Error;

/// `error: message` plus `error: called from` lines when the location is known.
pub fn render(e: &Error) -> String {
    let mut s = if e.message.is_empty() {
        "error: unspecified error".to_string()
    } else {
        format!("error: {}", e.message)
    };
    if let Some(loc) = &e.location {
        s.push_str(&format!(
            "\nerror: called from\n    {} at line {} column {} ({})",
            loc.name, loc.line, loc.column, loc.file
        ));
    }
    s
}

/// Render with a caret under the failing code of a command typed at the
/// prompt: always, except for a one-character command (`x`), where it would
/// point at nothing more than the command itself. The subscript `0` of
/// `temp(0)` gets its caret like any longer code.
pub fn render_with_source(e: &Error, src: &str) -> String {
    let mut s = render(e);
    if e.location.is_none() {
        if let Some(span) = e.span {
            let failing = src.get(span.start as usize..span.end as usize);
            let one_char_command = src.lines().count() <= 1
                && span.end as usize <= span.start as usize + 1
                && failing.map(str::trim) == Some(src.trim());
            if !one_char_command {
                let (_, col, text) = crate::syntax::error::line_col(src, span.start as usize);
                s.push('\n');
                s.push_str(&crate::syntax::error::source_excerpt(text, col));
            }
        }
    }
    s
}
