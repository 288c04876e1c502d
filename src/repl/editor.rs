//! The rustyline helper: input validation by the real parser, completion of
//! names and paths, a colored prompt on terminals, and the directory hint
//! of recalled commands.
//!
//! A command recalled from history (up arrow, Ctrl-R) that ran in another
//! directory than the current one is shown with a hint after the line,
//! `  % ran in /that/dir`. The hint is display only: it is not part of the
//! line, cannot be accepted into it (its completion is None), so it never
//! changes what runs or what is recorded.

use crate::eval::Interp;
use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::SearchDirection;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
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

/// Where each line-editor history entry ran, kept in step with rustyline's
/// history: `dirs[i]` is the directory of history entry `i`; `last` maps a
/// text to the directory of its most recent run (Ctrl-R does not tell the
/// hinter which entry it found, only the line).
#[derive(Clone, Default)]
pub struct Dirs(Rc<RefCell<DirsInner>>);

#[derive(Default)]
struct DirsInner {
    dirs: VecDeque<String>,
    last: HashMap<String, String>,
    max: usize,
}

impl Dirs {
    /// An empty record for a history of at most `max` entries.
    pub fn new(max: usize) -> Dirs {
        Dirs(Rc::new(RefCell::new(DirsInner {
            max,
            ..DirsInner::default()
        })))
    }

    /// Notes that `text`, run in `cwd`, was offered to the history;
    /// `added` is what `add_history_entry` returned (false when rustyline
    /// dropped it as a duplicate of the previous entry).
    pub fn push(&self, text: &str, cwd: &str, added: bool) {
        let mut d = self.0.borrow_mut();
        if added {
            d.dirs.push_back(cwd.to_string());
            while d.dirs.len() > d.max.max(1) {
                d.dirs.pop_front();
            }
        } else if let Some(back) = d.dirs.back_mut().filter(|_| !text.is_empty()) {
            // Same text as the previous entry: it now last ran here.
            *back = cwd.to_string();
        }
        d.last.insert(text.to_string(), cwd.to_string());
    }

    /// The directory of the entry the user is looking at: the browsed entry
    /// when `line` is still its text, else the latest run of `line`.
    fn of(&self, line: &str, ctx: &Context<'_>) -> Option<String> {
        let d = self.0.borrow();
        let idx = ctx.history_index();
        let browsed = ctx
            .history()
            .get(idx, SearchDirection::Forward)
            .ok()
            .flatten()
            .filter(|r| r.idx == idx && r.entry == line);
        if browsed.is_some() {
            if let Some(dir) = d.dirs.get(idx) {
                return Some(dir.clone());
            }
        }
        d.last.get(line).cloned()
    }
}

/// The text shown after a recalled line that ran in another directory.
pub fn dir_mark(dir: &str) -> String {
    format!("  % ran in {dir}")
}

/// A hint that is only shown, never inserted into the line.
pub struct DirHint(String);

impl rustyline::hint::Hint for DirHint {
    fn display(&self) -> &str {
        &self.0
    }
    fn completion(&self) -> Option<&str> {
        None
    }
}

pub struct FlatHelper {
    names: Names,
    files: FilenameCompleter,
    color: bool,
    dirs: Dirs,
}

impl FlatHelper {
    pub fn new(names: Names, dirs: Dirs, color: bool) -> FlatHelper {
        FlatHelper {
            names,
            files: FilenameCompleter::new(),
            color,
            dirs,
        }
    }
}

/// The current directory as the history records it ("" if unreadable).
pub fn current_dir() -> String {
    std::env::current_dir()
        .map(|d| d.display().to_string())
        .unwrap_or_default()
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
    type Hint = DirHint;

    fn hint(&self, line: &str, _pos: usize, ctx: &Context<'_>) -> Option<DirHint> {
        if line.trim().is_empty() {
            return None;
        }
        let dir = self.dirs.of(line, ctx)?;
        let here = current_dir();
        (!dir.is_empty() && dir != here).then(|| DirHint(dir_mark(&dir)))
    }
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

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        if self.color {
            // Dim, like a comment: it is not part of the command.
            Cow::Owned(format!("\x1b[2m{hint}\x1b[0m"))
        } else {
            Cow::Borrowed(hint)
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
    fn recalled_entries_know_their_directory() {
        use rustyline::history::{DefaultHistory, History};
        let mut h = DefaultHistory::new();
        let dirs = Dirs::new(100);
        for (text, dir) in [("a = 1", "/A"), ("b = 2", "/B"), ("a = 1", "/C")] {
            let added = h.add(text).unwrap();
            dirs.push(text, dir, added);
        }
        // Not browsing (Ctrl-R, typing): the latest run of the text.
        let ctx = Context::new(&h);
        assert_eq!(dirs.of("a = 1", &ctx).as_deref(), Some("/C"));
        assert_eq!(dirs.of("b = 2", &ctx).as_deref(), Some("/B"));
        assert_eq!(dirs.of("never ran", &ctx), None);
        // A consecutive duplicate is dropped by rustyline but moves the
        // entry to where it ran last.
        let added = h.add("a = 1").unwrap();
        assert!(!added);
        dirs.push("a = 1", "/D", added);
        assert_eq!(dirs.0.borrow().dirs, ["/A", "/B", "/D"]);
        assert_eq!(dir_mark("/A"), "  % ran in /A");
    }

    #[test]
    fn dirs_stay_in_step_with_a_full_history() {
        let dirs = Dirs::new(2);
        for (t, d) in [("1", "/1"), ("2", "/2"), ("3", "/3")] {
            dirs.push(t, d, true);
        }
        assert_eq!(dirs.0.borrow().dirs, ["/2", "/3"]);
    }

    #[test]
    fn path_context() {
        assert!(wants_path("load('da"));
        assert!(wants_path("cd wor"));
        assert!(!wants_path("x = ab"));
    }
}
