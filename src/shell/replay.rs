//! Shell commands over the stored history: `undo`, `redo`, `rerun` and
//! `provenance`. They act on the store and the workspace together, so the
//! shell runs them itself (at the prompt, from pipes and `-c`; not inside
//! scripts or functions).

use super::{Shell, Store};
use crate::error::Error;
use crate::eval::{LazyVar, Outcome};
use crate::history::{self, query, FileKind, HistoryRecord, Status};
use crate::store::{UndoReport, UndoTarget};
use crate::value::Dims;
use std::collections::{BTreeSet, HashSet};

const COMMANDS: [&str; 4] = ["undo", "redo", "rerun", "provenance"];

/// `text` as one of the shell's history commands in command syntax (`undo`,
/// `undo 5`, `rerun 3:5 --here`, `provenance x --script r.m`), if it is one.
/// `undo = 3` or `rerun(2)` are ordinary MATLAB and are not.
pub fn shell_command(text: &str) -> Option<(&'static str, Vec<String>)> {
    let t = text.trim().trim_end_matches(';').trim_end();
    if t.contains('\n') {
        return None;
    }
    let (word, rest) = match t.find(char::is_whitespace) {
        Some(i) => (&t[..i], t[i..].trim_start()),
        None => (t, ""),
    };
    let cmd = COMMANDS.iter().find(|c| **c == word)?;
    if rest.starts_with('=') && !rest.starts_with("==") || rest.starts_with('(') {
        return None;
    }
    Some((cmd, rest.split_whitespace().map(String::from).collect()))
}

fn failed(msg: impl Into<String>) -> Outcome {
    Outcome {
        error: Some(Error::new(msg.into())),
        ..Outcome::default()
    }
}

fn cwd() -> String {
    std::env::current_dir()
        .map(|d| d.display().to_string())
        .unwrap_or_default()
}

impl Shell {
    pub(super) fn shell_command(&mut self, text: &str, cmd: &str, args: &[String]) -> Outcome {
        // Earlier commits that failed go first, so the store is current.
        if let Err(e) = self.commit_pending() {
            return failed(format!(
                "{cmd}: the workspace is not saved ({}); try again",
                super::cause(&e)
            ));
        }
        match cmd {
            "undo" | "redo" => self.undo_redo(text, cmd, args),
            "rerun" => self.rerun(args),
            _ => self.provenance(args),
        }
    }

    fn record_for(&self, text: &str) -> HistoryRecord {
        HistoryRecord {
            text: text.to_string(),
            started: history::now_ms(),
            cwd: cwd(),
            session: self.session.clone(),
            host: self.host.clone(),
            user: self.user.clone(),
            source: self.source,
            ..HistoryRecord::default()
        }
    }

    fn undo_redo(&mut self, text: &str, cmd: &str, args: &[String]) -> Outcome {
        let record = self.record_for(text);
        let result = if cmd == "redo" {
            if !args.is_empty() {
                return failed("redo: takes no arguments (it reapplies the last undone command)");
            }
            self.store.borrow_mut().redo(&record)
        } else {
            let target = match args {
                [] => UndoTarget::Last,
                [n] => match n.parse::<u64>() {
                    Ok(n) if n > 0 => UndoTarget::Before(n),
                    _ => return failed(format!("undo: '{n}' is not a command number")),
                },
                _ => return failed("undo: use 'undo' or 'undo N'"),
            };
            self.store.borrow_mut().undo(target, &record)
        };
        match result {
            Ok(report) => {
                self.apply(&report);
                let verb = if cmd == "undo" { "undid" } else { "redid" };
                crate::errln!("{}", describe(verb, &report));
                Outcome::default()
            }
            Err(e) => failed(e.to_string()),
        }
    }

    /// Brings the interpreter's workspace in line with what the store did.
    fn apply(&mut self, report: &UndoReport) {
        for (name, info) in &report.vars {
            match info {
                Some(i) => self.interp.restore_lazy(
                    name,
                    LazyVar {
                        class: i.class.clone(),
                        dims: Dims::new(&i.dims),
                        complex: i.complex,
                        bytes: i.bytes,
                    },
                ),
                None => self.interp.forget_var(name),
            }
        }
    }

    fn rerun(&mut self, args: &[String]) -> Outcome {
        let (mut here, mut there) = (false, false);
        let mut spec = None;
        for a in args {
            match a.as_str() {
                "--here" => here = true,
                "--there" => there = true,
                s if spec.is_none() => spec = Some(s.to_string()),
                s => return failed(format!("rerun: unexpected '{s}'")),
            }
        }
        if here && there {
            return failed("rerun: give --here or --there, not both");
        }
        let Some(spec) = spec else {
            return failed("rerun: which command? (rerun N, rerun N:M, rerun -K)");
        };
        let records = match self.records_for(&spec) {
            Ok(r) => r,
            Err(msg) => return failed(msg),
        };
        let now = cwd();
        // Refuse before running anything.
        for r in &records {
            if !r.undid.is_empty() || !r.redid.is_empty() {
                return failed(format!(
                    "rerun: command {} was an undo or redo; use undo/redo instead",
                    r.seq
                ));
            }
            if !r.files.is_empty() && r.cwd != now && !here && !there {
                let effects: Vec<String> = r
                    .files
                    .iter()
                    .take(3)
                    .map(|f| format!("{} {}", kind_word(f.kind), f.path))
                    .collect();
                return failed(format!(
                    "rerun: command {} ({}) touched files ({}) and ran in {}, not here ({}); \
                     rerun {} --here runs it in this directory, rerun {} --there runs it in {}",
                    r.seq,
                    first_line(&r.text),
                    effects.join(", "),
                    r.cwd,
                    now,
                    spec,
                    spec,
                    r.cwd
                ));
            }
        }
        let mut last = Outcome::default();
        for r in records {
            let changed = self.changed_inputs(&r);
            if !changed.is_empty() {
                crate::errln!(
                    "rerun: the inputs of command {} changed since it ran: {} (their current values are used)",
                    r.seq,
                    changed.join(", ")
                );
            }
            let back = if there && r.cwd != now {
                if let Err(e) = std::env::set_current_dir(&r.cwd) {
                    return failed(format!("rerun: cannot change to {}: {e}", r.cwd));
                }
                Some(now.clone())
            } else {
                None
            };
            crate::errln!("rerun {}: {}", r.seq, first_line(&r.text));
            self.origin = Some(r.seq);
            let text = r.text.clone();
            last = self.run_and_commit(&text, |it| it.run_command(&text));
            if let Some(dir) = back {
                let _ = std::env::set_current_dir(dir);
            }
            if last.failed() || last.exit.is_some() {
                break;
            }
        }
        last
    }

    /// The records `rerun SPEC` names: N, N:M or -K (the K-th last).
    fn records_for(&self, spec: &str) -> Result<Vec<HistoryRecord>, String> {
        let st = self.store.borrow();
        let last = st
            .history(Some(1))
            .map_err(|e| e.to_string())?
            .first()
            .map(|r| r.seq)
            .unwrap_or(0);
        let num = |s: &str| -> Result<u64, String> {
            s.trim()
                .parse::<u64>()
                .map_err(|_| format!("rerun: '{spec}' is not N, N:M or -K"))
        };
        let (lo, hi) = if let Some(k) = spec.strip_prefix('-') {
            let k = num(k)?;
            if k == 0 || k > last {
                return Err(format!("rerun: there are only {last} commands"));
            }
            (last + 1 - k, last + 1 - k)
        } else if let Some((a, b)) = spec.split_once(':') {
            (num(a)?, num(b)?)
        } else {
            let n = num(spec)?;
            (n, n)
        };
        if lo == 0 || hi < lo || hi > last {
            return Err(format!(
                "rerun: no command {spec} (commands are numbered 1 to {last})"
            ));
        }
        let mut out = Vec::new();
        for seq in lo..=hi {
            match st.history_record(seq).map_err(|e| e.to_string())? {
                Some(r) => out.push(r),
                None => return Err(format!("rerun: command {seq} is not in the history")),
            }
        }
        Ok(out)
    }

    /// Variables `r` read that were written (or removed) after it ran.
    fn changed_inputs(&self, r: &HistoryRecord) -> Vec<String> {
        let dir = self.store.borrow().directory().unwrap_or_default();
        r.reads
            .iter()
            .filter(|n| match dir.iter().find(|v| &v.name == *n) {
                Some(v) => v.generation > r.generation,
                None => true,
            })
            .cloned()
            .collect()
    }

    fn provenance(&mut self, args: &[String]) -> Outcome {
        let mut name = None;
        let mut script = None;
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "--script" => match it.next() {
                    Some(f) => script = Some(f.clone()),
                    None => return failed("provenance: --script needs a file name"),
                },
                s if name.is_none() && !s.starts_with('-') => name = Some(s.to_string()),
                s => return failed(format!("provenance: unexpected '{s}'")),
            }
        }
        let Some(name) = name else {
            return failed("provenance: which variable? (provenance x [--script FILE.m])");
        };
        // A global is stored (and written, in the history) as `global:NAME`.
        let key = self.interp.store_key(&name);
        if !self.interp.has_base_var(&key) {
            return failed(format!("provenance: no variable '{name}' in the workspace"));
        }
        let chain = match provenance_chain(&self.store.borrow(), &key) {
            Ok(c) => c,
            Err(msg) => return failed(msg),
        };
        if let Some(file) = script {
            let mut text = format!(
                "% Rebuilds '{name}': the commands that produced it, from workspace '{}'.\n",
                self.name()
            );
            for r in &chain.records {
                text.push_str(r.text.trim_end());
                text.push('\n');
            }
            let path = std::path::Path::new(&file);
            let written = crate::formats::write_atomic(path, |w| {
                std::io::Write::write_all(w, text.as_bytes())
            });
            if let Err(e) = written {
                return Outcome {
                    error: Some(crate::formats::write_error("provenance", path, &e)),
                    ..Outcome::default()
                };
            }
        }
        let now = history::now_ms();
        let here = cwd();
        let mut out = String::new();
        for r in &chain.records {
            out.push_str(&query::format_line(r, now, &here));
            out.push('\n');
        }
        for o in &chain.origins {
            out.push_str(&format!("        ({o})\n"));
        }
        crate::outln!("{}", out.trim_end());
        Outcome::default()
    }
}

/// The commands that produced a variable, oldest first, and where the chain
/// ends without a command (loaded files, variables older than the history).
pub struct Chain {
    pub records: Vec<HistoryRecord>,
    pub origins: Vec<String>,
}

/// Follows `name` back through the history: the last effective command that
/// wrote it, then for each variable that command read, the last effective
/// command before it that wrote that variable, and so on. Undone commands
/// and undo/redo records are skipped.
pub fn provenance_chain(st: &Store, name: &str) -> Result<Chain, String> {
    let all = st.history(None).map_err(|e| e.to_string())?;
    let undone: HashSet<u64> = st
        .undone()
        .map_err(|e| e.to_string())?
        .into_iter()
        .collect();
    let effective: Vec<&HistoryRecord> = all
        .iter()
        .filter(|r| r.undid.is_empty() && r.redid.is_empty() && !undone.contains(&r.seq))
        .collect();
    let writer = |var: &str, before: u64| -> Option<&HistoryRecord> {
        effective
            .iter()
            .rev()
            .find(|r| r.seq < before && r.writes.iter().any(|w| w == var))
            .copied()
    };
    let mut seen: BTreeSet<u64> = BTreeSet::new();
    let mut origins = Vec::new();
    let mut todo = vec![(name.to_string(), u64::MAX)];
    let mut asked: HashSet<(String, u64)> = HashSet::new();
    while let Some((var, before)) = todo.pop() {
        if !asked.insert((var.clone(), before)) {
            continue;
        }
        match writer(&var, before) {
            Some(r) => {
                if seen.insert(r.seq) {
                    for f in r.files.iter().filter(|f| f.kind == FileKind::Read) {
                        origins.push(format!("command {} read {}", r.seq, f.path));
                    }
                    if r.status != Status::Ok {
                        origins.push(format!("command {} did not complete", r.seq));
                    }
                    for input in &r.reads {
                        todo.push((input.clone(), r.seq));
                    }
                }
            }
            None => origins.push(format!(
                "'{var}' was not written by any command in the history"
            )),
        }
    }
    let records = all
        .iter()
        .filter(|r| seen.contains(&r.seq))
        .cloned()
        .collect();
    origins.sort();
    origins.dedup();
    Ok(Chain { records, origins })
}

fn describe(verb: &str, r: &UndoReport) -> String {
    let cmds: Vec<String> = r.commands.iter().map(|c| c.to_string()).collect();
    let mut restored = Vec::new();
    let mut removed = Vec::new();
    for (n, v) in r.vars.iter().filter(|(n, _)| !crate::eval::is_marker(n)) {
        // Figures read as "figure 2"; the current-figure marker is not named.
        let n = match crate::graphics::figure_number(n) {
            Some(k) => format!("figure {k}"),
            None if crate::graphics::is_graphics_key(n) => continue,
            None => n.clone(),
        };
        let list = if v.is_some() {
            &mut restored
        } else {
            &mut removed
        };
        if !list.contains(&n) {
            list.push(n);
        }
    }
    let mut s = format!(
        "{verb} command{} {}",
        if cmds.len() == 1 { "" } else { "s" },
        cmds.join(", ")
    );
    if !restored.is_empty() {
        s.push_str(&format!("; restored {}", restored.join(", ")));
    }
    if !removed.is_empty() {
        s.push_str(&format!("; removed {}", removed.join(", ")));
    }
    s
}

fn kind_word(k: FileKind) -> &'static str {
    match k {
        FileKind::Read => "read",
        FileKind::Write => "wrote",
        FileKind::Delete => "deleted",
        FileKind::Cd => "cd",
        FileKind::External => "ran",
    }
}

fn first_line(t: &str) -> String {
    let mut l = t.lines().next().unwrap_or("").trim_end().to_string();
    if t.trim_end().lines().nth(1).is_some() {
        l.push_str(" ...");
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_shell_commands_in_command_syntax_only() {
        assert_eq!(shell_command("undo"), Some(("undo", vec![])));
        assert_eq!(shell_command(" undo 5; "), Some(("undo", vec!["5".into()])));
        assert_eq!(
            shell_command("rerun 3:4 --here"),
            Some(("rerun", vec!["3:4".into(), "--here".into()]))
        );
        assert_eq!(shell_command("undo = 3"), None);
        assert_eq!(shell_command("rerun(2)"), None);
        assert_eq!(shell_command("undone = 1"), None);
        assert_eq!(shell_command("x = 1"), None);
        assert_eq!(shell_command("undo\nx = 1"), None);
        assert!(shell_command("undo == 1").is_some());
    }
}
