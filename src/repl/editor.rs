//! The rustyline helper: input validation by the real parser, completion of
//! names and paths, a colored prompt on terminals, and the directory hint
//! of recalled commands.
//!
//! A name is completed with what it is: a builtin with the one-line summary
//! of its help (`polyfit  -- polyfit: fit a polynomial...`), a function file
//! with the first line of its help comment, a variable with its size and
//! class. Several candidates are listed one a line (`CompletionType::List`);
//! only the name goes into the line.
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
use std::path::PathBuf;
use std::rc::Rc;

/// Names offered for completion, refreshed after every command, each with
/// what it names.
#[derive(Clone, Default)]
pub struct Names(Rc<RefCell<Vec<(String, Kind)>>>);

/// What a completed name names (what its description is made from).
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Keyword,
    /// A variable: its size and class, e.g. "3x3 double".
    Variable(String),
    /// A builtin (its summary is read from the help table when shown).
    Builtin,
    /// A function or script file on the path: the file, read for its help
    /// line only when it is a candidate.
    File(PathBuf),
}

/// The widest description shown after a candidate (the terminal wraps
/// longer lines; the summary is cut with "...").
const DESCRIPTION_MAX: usize = 60;

/// `name  -- description`, the description cut to `DESCRIPTION_MAX`
/// characters.
fn described(name: &str, description: &str) -> String {
    let d = description.trim();
    if d.is_empty() {
        return name.to_string();
    }
    let mut cut: String = d.chars().take(DESCRIPTION_MAX).collect();
    if d.chars().count() > DESCRIPTION_MAX {
        cut.push_str("...");
    }
    format!("{name}  -- {cut}")
}

impl Kind {
    /// The text shown after the name in a candidate list.
    fn description(&self, name: &str) -> String {
        match self {
            Kind::Keyword => "keyword".to_string(),
            Kind::Variable(what) => format!("variable, {what}"),
            Kind::Builtin => crate::builtins::help::lookup(name)
                .map(|d| d.summary.to_string())
                .unwrap_or_else(|| "built-in function".to_string()),
            Kind::File(path) => std::fs::read(path)
                .ok()
                .and_then(|b| crate::builtins::help::file_help(&String::from_utf8_lossy(&b)))
                .and_then(|h| {
                    h.lines()
                        .map(str::trim)
                        .find(|l| !l.is_empty())
                        .map(str::to_string)
                })
                .unwrap_or_else(|| format!("function file {}", path.display())),
        }
    }
}

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
    /// The names visible now: variables first, then function files, then
    /// builtins and keywords (the first of a name wins, as a call would
    /// resolve it).
    pub fn refresh(&self, interp: &Interp) {
        let mut v: Vec<(String, Kind)> = Vec::new();
        for n in interp.var_names() {
            let what = interp
                .get_var(&n)
                .map(|x| format!("{} {}", x.dims().to_string_x(), x.class_name()))
                .unwrap_or_else(|| "stored".to_string());
            v.push((n, Kind::Variable(what)));
        }
        for (n, path) in interp.function_files() {
            v.push((n, Kind::File(path)));
        }
        v.extend(
            crate::builtins::names()
                .iter()
                .map(|s| (s.to_string(), Kind::Builtin)),
        );
        v.extend(KEYWORDS.iter().map(|s| (s.to_string(), Kind::Keyword)));
        // Stable: the first entry of a name is kept.
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v.dedup_by(|b, a| a.0 == b.0);
        *self.0.borrow_mut() = v;
    }

    /// The candidates for the word `word`: each name that starts with it,
    /// displayed with its description.
    pub fn candidates(&self, word: &str) -> Vec<Pair> {
        let names = self.0.borrow();
        let hits: Vec<&(String, Kind)> =
            names.iter().filter(|(n, _)| n.starts_with(word)).collect();
        // A long list is not worth reading every function file for.
        let describe = hits.len() <= 200;
        hits.into_iter()
            .map(|(n, k)| Pair {
                display: if describe {
                    described(n, &k.description(n))
                } else {
                    n.clone()
                },
                replacement: n.clone(),
            })
            .collect()
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
        Ok((start, self.names.candidates(word)))
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
    fn completion_lists_names_with_their_summaries() {
        let dir = std::env::temp_dir().join(format!("flatlab-complete-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("polyfrob.m");
        std::fs::write(
            &f,
            "function y = polyfrob(x)\n% POLYFROB frobnicates x.\ny = x;\n",
        )
        .unwrap();
        let names = Names::default();
        *names.0.borrow_mut() = vec![
            ("polyfit".into(), Kind::Builtin),
            ("polyfrob".into(), Kind::File(f.clone())),
            ("polyval".into(), Kind::Builtin),
            ("polyx".into(), Kind::Variable("1x3 double".into())),
            ("sin".into(), Kind::Builtin),
        ];
        let c = names.candidates("polyf");
        let shown: Vec<&str> = c.iter().map(|p| p.display.as_str()).collect();
        let summary = crate::builtins::help::lookup("polyfit").unwrap().summary;
        assert_eq!(
            shown,
            [
                described("polyfit", summary).as_str(),
                "polyfrob  -- POLYFROB frobnicates x.",
            ]
        );
        assert!(shown[0].starts_with("polyfit  -- fit a polynomial"));
        // Only the name goes into the line.
        assert_eq!(c[0].replacement, "polyfit");
        assert_eq!(c[1].replacement, "polyfrob");
        assert_eq!(
            names.candidates("polyx")[0].display,
            "polyx  -- variable, 1x3 double"
        );
        assert!(names.candidates("zzz").is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn long_summaries_are_cut() {
        let long = "a".repeat(100);
        let d = described("f", &long);
        assert_eq!(d, format!("f  -- {}...", "a".repeat(DESCRIPTION_MAX)));
        assert_eq!(described("f", ""), "f");
    }

    #[test]
    fn path_context() {
        assert!(wants_path("load('da"));
        assert!(wants_path("cd wor"));
        assert!(!wants_path("x = ab"));
    }
}
