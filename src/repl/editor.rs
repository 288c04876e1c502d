//! The rustyline helper: input validation by the real parser, completion of
//! names and paths, and a colored prompt on terminals.

use crate::eval::Interp;
use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper};
use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

/// Names offered for completion, refreshed after every command.
#[derive(Clone, Default)]
pub struct Names(Rc<RefCell<Vec<String>>>);

const KEYWORDS: &[&str] = &[
    "if",
    "elseif",
    "else",
    "end",
    "for",
    "while",
    "switch",
    "case",
    "otherwise",
    "try",
    "catch",
    "break",
    "continue",
    "return",
    "function",
    "global",
    "persistent",
];

impl Names {
    pub fn refresh(&self, interp: &Interp) {
        let mut v: Vec<String> = interp.var_names();
        v.extend(crate::builtins::names().iter().map(|s| s.to_string()));
        v.extend(crate::eval::special_names().iter().map(|s| s.to_string()));
        v.extend(interp.function_names());
        v.extend(KEYWORDS.iter().map(|s| s.to_string()));
        v.sort();
        v.dedup();
        *self.0.borrow_mut() = v;
    }
}

pub struct FlatHelper {
    names: Names,
    files: FilenameCompleter,
    color: bool,
}

impl FlatHelper {
    pub fn new(names: Names, color: bool) -> FlatHelper {
        FlatHelper {
            names,
            files: FilenameCompleter::new(),
            color,
        }
    }
}

/// Is the cursor inside a quoted string or after a command word that takes a path?
fn wants_path(line: &str) -> bool {
    let quotes = line.chars().filter(|&c| c == '\'').count();
    if quotes % 2 == 1 {
        return true;
    }
    let first = line.split_whitespace().next().unwrap_or("");
    matches!(
        first,
        "cd" | "load" | "save" | "run" | "addpath" | "rmpath" | "source" | "type" | "edit"
    ) && line.contains(char::is_whitespace)
}

impl Completer for FlatHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let before = &line[..pos];
        if wants_path(before) {
            return self.files.complete(line, pos, ctx);
        }
        let start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map(|k| k + 1)
            .unwrap_or(0);
        let word = &before[start..];
        if word.is_empty() {
            return Ok((pos, Vec::new()));
        }
        let names = self.names.0.borrow();
        let out = names
            .iter()
            .filter(|n| n.starts_with(word))
            .map(|n| Pair {
                display: n.clone(),
                replacement: n.clone(),
            })
            .collect();
        Ok((start, out))
    }
}

impl Hinter for FlatHelper {
    type Hint = String;
}

impl Highlighter for FlatHelper {
    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(
        &'s self,
        prompt: &'p str,
        default: bool,
    ) -> Cow<'b, str> {
        if self.color && default {
            Cow::Owned(format!("\x1b[1;34m{prompt}\x1b[0m"))
        } else {
            Cow::Borrowed(prompt)
        }
    }
}

impl Validator for FlatHelper {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        // The real parser decides: an open block, bracket or `...` keeps reading.
        if crate::syntax::is_incomplete(ctx.input()) {
            Ok(ValidationResult::Incomplete)
        } else {
            Ok(ValidationResult::Valid(None))
        }
    }
}

impl Helper for FlatHelper {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_context() {
        assert!(wants_path("load('da"));
        assert!(wants_path("cd wor"));
        assert!(!wants_path("x = ab"));
    }
}
