//! Builtins that need the interpreter itself: workspace commands (`clear`,
//! `who`, `whos`, `exist`, `isglobal`), output (`disp`, `display`), errors
//! and warnings (`error`, `rethrow`, `lasterr`, `warning`, `lastwarn`),
//! evaluation (`eval`, `feval`, `run`, `str2num`, `max_recursion_depth`),
//! files and directories (`cd`, `pwd`, `addpath`, `save`, `load`; `delete`
//! and `diary` live in `effects`), timers
//! and session commands (`format`, `pause`, `exit`).
//!
//! `TABLE` is the interpreter's part of the one builtin table
//! (`builtins::entry`): each entry names a builtin and the fn it runs with
//! the interpreter, declared nowhere else. The `help`, `which` family
//! (`helpcmd`), `delete`/`diary` (`effects`) and `system`/`mkdir`...
//! (`sysfiles`) have their fns in those files and their entries here.

use super::vars::VarEntry;
use super::Interp;
use crate::builtins::{InterpBuiltin, InterpFn};
use crate::error::{Error, Result};
use crate::history::FileKind;
pub use crate::syntax::{glob_match, is_varname};
use crate::value::display::{self, DisplayFormat};
use crate::value::{Struct, Value};
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// The interpreter's part of the builtin table (`builtins::entry`): every
/// builtin that needs the interpreter, with the fn it runs. The fns carry
/// the help (`/// NAME: summary` doc comments, read by build.rs).
pub const TABLE: &[InterpBuiltin] = &[
    e("disp", |it, a, _| it.disp_builtin("disp", a)),
    e("fdisp", |it, a, _| it.disp_builtin("fdisp", a)),
    e("help", |it, a, n| it.help_builtin("help", a, n)),
    e("doc", |it, a, n| it.help_builtin("doc", a, n)),
    e("lookfor", |it, a, n| it.lookfor_builtin(a, n)),
    e("which", |it, a, n| it.which_builtin(a, n)),
    e("type", |it, a, n| it.type_builtin(a, n)),
    e("what", |it, a, n| it.what_builtin(a, n)),
    e("display", |it, a, _| it.display_builtin(a)),
    e("error", |it, a, _| match it.error_builtin(a) {
        // error('') raises nothing, as in MATLAB and Octave.
        Some(e) => Err(e),
        None => Ok(vec![]),
    }),
    e("rethrow", |_, a, _| rethrow(a)),
    e("lasterr", |it, _, _| it.lasterr_builtin()),
    e("warning", |it, a, n| it.warning_builtin(a, n)),
    e("lastwarn", |it, a, n| it.lastwarn_builtin(a, n)),
    e("clear", |it, a, _| it.clear_builtin(a)),
    e("clearvars", |it, a, _| it.clear_builtin(a)),
    e("who", |it, a, n| it.who_builtin(a, n)),
    e("whos", |it, a, n| it.whos_builtin(a, n)),
    e("exist", |it, a, _| it.exist_builtin(a)),
    e("isglobal", |it, a, _| it.isglobal_builtin(a)),
    e("max_recursion_depth", |it, a, n| {
        it.max_recursion_depth_builtin(a, n)
    }),
    e("isvarname", |_, a, _| isvarname(a)),
    e("eval", |it, a, n| it.eval_builtin(a, n)),
    e("evalc", |it, a, n| it.evalc_builtin(a, n)),
    e("fail", |it, a, n| it.fail_builtin(a, n)),
    e("run", |it, a, _| it.run_builtin(a)),
    e("source", |it, a, _| it.run_builtin(a)),
    e("str2num", |it, a, _| it.str2num_builtin(a)),
    e("cd", |it, a, _| it.cd_builtin(a)),
    e("chdir", |it, a, _| it.cd_builtin(a)),
    e("pwd", |_, _, _| pwd()),
    e("addpath", |it, a, _| it.addpath_builtin(a)),
    e("rmpath", |it, a, _| it.rmpath_builtin(a)),
    e("path", |it, _, n| it.path_builtin(n)),
    e("format", |it, a, _| it.format_builtin(a)),
    e("exit", |it, a, _| it.exit_builtin(a)),
    e("quit", |it, a, _| it.exit_builtin(a)),
    e("nargin", |it, a, _| it.nargin_builtin("nargin", a)),
    e("nargout", |it, a, _| it.nargin_builtin("nargout", a)),
    e("clc", |_, _, _| clc()),
    e("beep", |it, _, _| beep(it)),
    e("fflush", |_, _, _| fflush()),
    e("more", |_, _, _| more()),
    e("drawnow", |_, _, _| drawnow()),
    e("print_usage", |_, _, _| print_usage()),
    e("getenv", |_, a, _| getenv(a)),
    e("setenv", |_, a, _| setenv(a)),
    e("pause", |it, a, n| it.pause_builtin(a, n)),
    e("workspace", |it, _, _| it.workspace_builtin()),
    e("history", |it, a, _| it.history_builtin(a)),
    e("save", |it, a, _| it.save_builtin(a)),
    e("load", |it, a, n| it.load_builtin(a, n)),
    e("delete", |it, a, _| it.delete_builtin(a)),
    e("diary", |it, a, _| it.diary_builtin(a)),
    e("system", |it, a, n| it.system_builtin("system", a, n)),
    e("unix", |it, a, n| it.system_builtin("unix", a, n)),
    e("mkdir", |it, a, n| it.mkdir_builtin(a, n)),
    e("rmdir", |it, a, n| it.rmdir_builtin(a, n)),
    e("copyfile", |it, a, n| it.copymove_builtin("copyfile", a, n)),
    e("movefile", |it, a, n| it.copymove_builtin("movefile", a, n)),
    e("fileread", |it, a, _| it.fileread_builtin(a)),
    e("input", |it, a, _| it.input_builtin(a)),
    e("keyboard", |it, a, _| it.keyboard_builtin(a)),
    // MATLAB functions flatlab refuses with a clear error (their classes
    // do not exist here); `exist` does not count them as builtins.
    refused("containers", |_, _, _| containers()),
    refused("string", |_, _, _| unsupported("string")),
    refused("strings", |_, _, _| unsupported("strings")),
];

const fn e(name: &'static str, func: InterpFn) -> InterpBuiltin {
    InterpBuiltin {
        name,
        func,
        refused: false,
    }
}

const fn refused(name: &'static str, func: InterpFn) -> InterpBuiltin {
    InterpBuiltin {
        name,
        func,
        refused: true,
    }
}

fn containers() -> Result<Vec<Value>> {
    Err(Error::with_id(
        "flatlab:unsupported",
        "containers.Map is not supported: a map is a reference (handle) object, and a \
         flatlab workspace holds only values. Use a struct with dynamic fields instead: \
         m = struct(); m.(key) = value; isfield(m, key); fieldnames(m)",
    ))
}

fn unsupported(name: &str) -> Result<Vec<Value>> {
    Err(Error::with_id(
        "flatlab:unsupported",
        format!(
            "'{name}' is not supported: flatlab values are double (real or complex), logical and char arrays"
        ),
    ))
}

/// clc: clear the command window.
///
/// `clc` clears the terminal in MATLAB. In flatlab it does nothing: the
/// output of earlier commands stays on screen (clear the terminal itself,
/// e.g. with Ctrl-L where the terminal supports it).
///
/// ```text
/// >> clc
/// ```
fn clc() -> Result<Vec<Value>> {
    Ok(vec![])
}

/// beep: sound the terminal bell.
///
/// `beep` writes the bell character (char(7)) to the output, as Octave
/// does; a terminal shows it by ringing or flashing.
///
/// ```text
/// >> s = evalc('beep'); double(s)
/// ans = 7
/// ```
fn beep(it: &mut Interp) -> Result<Vec<Value>> {
    it.out.write_all(b"\x07").map_err(out_err)?;
    Ok(vec![])
}

/// drawnow: update figures on screen now.
///
/// `drawnow` makes MATLAB draw pending changes to figures before the
/// script goes on, as in an animation loop. flatlab draws a changed
/// figure when the command that changed it finishes (inline at the prompt,
/// and on the `plots` page), so `drawnow` does nothing; it is accepted so
/// that scripts calling it run. The options ('limitrate', 'nocallbacks')
/// are accepted and ignored.
///
/// ```text
/// >> plot(1:3); drawnow; ishold, close all
/// ans = 0
/// ```
fn drawnow() -> Result<Vec<Value>> {
    Ok(vec![])
}

/// fflush: flush buffered output of a file.
///
/// `fflush(fid)` makes sure output written to the file identifier fid has
/// been passed on. flatlab writes its output without buffering that needs
/// flushing, so this does nothing; it is accepted for scripts written for
/// Octave, as in `fflush(1)`. (Octave's `stdout` is not defined in flatlab:
/// use 1.)
///
/// ```text
/// >> fflush(1);
/// ```
fn fflush() -> Result<Vec<Value>> {
    Ok(vec![])
}

/// getenv: the value of an environment variable.
///
/// `v = getenv(name)` returns the value of the environment variable name as
/// a string, or an empty string when it is not set. See `setenv`.
///
/// ```text
/// >> isempty(getenv('NO_SUCH_VARIABLE_SET_HERE'))
/// ans = 1
/// >> setenv('FLATLAB_DOC_EXAMPLE', 'abc'); getenv('FLATLAB_DOC_EXAMPLE')
/// ans = abc
/// ```
fn getenv(args: &[Value]) -> Result<Vec<Value>> {
    match args.first().map(|a| a.to_str("getenv")) {
        Some(Ok(n)) => Ok(vec![Value::str(&std::env::var(n).unwrap_or_default())]),
        Some(Err(e)) => Err(e),
        None => Err(Error::nargin("getenv")),
    }
}

fn out_err(e: std::io::Error) -> Error {
    Error::new(format!("cannot write output: {e}"))
}

impl Interp {
    /// isglobal: true if a name is declared global in the current scope.
    ///
    /// `tf = isglobal(name)` is true when the variable called name (a string)
    /// has been declared with `global` in the current workspace or function.
    ///
    /// ```text
    /// >> global g; isglobal('g')
    /// ans = 1
    /// >> x = 1; isglobal('x')
    /// ans = 0
    /// ```
    fn isglobal_builtin(&mut self, args: &[Value]) -> Result<Vec<Value>> {
        match args {
            [n] => n
                .to_str("isglobal")
                .map(|n| vec![Value::bool(self.is_global(&n))]),
            _ => Err(Error::nargin("isglobal")),
        }
    }

    /// addpath: add folders to the function search path.
    ///
    /// `addpath(dir1, dir2, ...)` puts the folders at the front of the search
    /// path, so that function files in them can be called by name and take
    /// precedence over later folders. A folder argument may hold several
    /// folders separated by ':'. Options such as '-end' are not supported
    /// (they are ignored). See `path` and `rmpath`.
    ///
    /// ```text
    /// >> mkdir('lib'); fid = fopen('lib/sq.m', 'w'); fputs(fid, "function y = sq(x)\ny = x^2;\n"); fclose(fid); addpath('lib'); sq(4)
    /// ans = 16
    /// ```
    fn addpath_builtin(&mut self, args: &[Value]) -> Result<Vec<Value>> {
        let mut r = Ok(vec![]);
        for a in args {
            match a.to_str("addpath") {
                Ok(s) => {
                    for p in s
                        .split(':')
                        .filter(|p| !p.is_empty() && !p.starts_with('-'))
                    {
                        let pb = PathBuf::from(p);
                        let pb = std::fs::canonicalize(&pb).unwrap_or(pb);
                        self.funcs.path.retain(|q| q != &pb);
                        self.funcs.path.insert(0, pb);
                    }
                }
                Err(e) => r = Err(e),
            }
        }
        self.funcs.new_command();
        r
    }

    /// exit, quit: end the session.
    ///
    /// `exit` ends flatlab (after the running command stops), with exit status
    /// 0; `exit(status)` sets the status the process returns to the shell.
    /// `quit` is the same. The workspace is kept in its store, as after any
    /// command. What the command did before `exit` ran is kept; the rest of
    /// it does not run.
    ///
    /// ```text
    /// >> disp('bye'), exit, disp('not shown')
    /// bye
    /// ```
    fn exit_builtin(&mut self, args: &[Value]) -> Result<Vec<Value>> {
        let code = args
            .first()
            .and_then(|a| a.scalar_f64("exit").ok())
            .unwrap_or(0.0);
        self.exit = Some(code as i32);
        // Stop the running command; the shell sees `exit` in the outcome.
        let mut e = Error::with_id("flatlab:exit", "");
        e.kind = crate::error::ErrorKind::Interrupted;
        Err(e)
    }

    /// display: show a value as a statement without a semicolon would.
    ///
    /// `display(x)` shows x as `x = ...`, with the name of the variable x, as
    /// flatlab does for a statement that is not ended by a semicolon. For an
    /// expression without a name only the value is shown, as `disp` would.
    ///
    /// ```text
    /// >> x = 5; display(x)
    /// x = 5
    /// >> A = [1 2; 3 4]; display(A)
    /// A =
    ///
    ///    1   2
    ///    3   4
    /// ```
    fn display_builtin(&mut self, args: &[Value]) -> Result<Vec<Value>> {
        match (args.first(), self.display_arg.take()) {
            (Some(v), Some(var)) => {
                let v = v.clone();
                self.display(&var, &v).map(|_| vec![])
            }
            (Some(_), None) => self.disp_builtin("disp", &args[..1]),
            (None, _) => Err(Error::nargin("display")),
        }
    }

    /// history: list the commands run in this workspace.
    ///
    /// `history` lists the newest commands recorded in the workspace's
    /// store, across sessions, each with its number and age (the directory
    /// it ran in when that is not the current one, and the error of a
    /// command that failed).
    ///
    /// `history n` lists the newest n commands, `history --all` every one.
    /// Filters: `--session` (this session), `--here` (run in this folder),
    /// `--grep PATTERN` (a regular expression), `--failed`, `--wrote x`,
    /// `--read x`; `--long` shows every recorded field, `--sessions` each
    /// run of flatlab on the workspace.
    ///
    /// There is no example here: every line shows how long ago its command
    /// ran, and what is listed depends on the commands stored in the
    /// workspace, so no output can be written down that stays true (and
    /// Octave's `history` lists another thing, its own history file).
    fn history_builtin(&mut self, args: &[Value]) -> Result<Vec<Value>> {
        let mut strs = Vec::new();
        for a in args {
            strs.push(a.to_str("history")?);
        }
        let text = match &self.backing {
            Some(b) => b.history(&strs).map_err(Error::new)?,
            None => return Err(Error::new("history: no workspace store attached")),
        };
        if !text.is_empty() {
            writeln!(self.out, "{text}").map_err(out_err)?;
        }
        Ok(vec![])
    }

    /// disp, fdisp: show a value without its name.
    ///
    /// `disp(x)` shows the value of x without the `x =` line: a string is shown
    /// as its text, numbers as they would be displayed (same format), followed
    /// by a newline.
    ///
    /// `fdisp(fid, x)` shows x the same way on the file identifier fid (1 for
    /// standard output, 2 for standard error, or a file opened with `fopen`).
    ///
    /// ```text
    /// >> disp([1 2; 3 4])
    ///    1   2
    ///    3   4
    /// >> disp('hello')
    /// hello
    /// >> fdisp(1, pi)
    /// 3.1416
    /// ```
    fn disp_builtin(&mut self, name: &str, args: &[Value]) -> Result<Vec<Value>> {
        let v = match (name, args) {
            ("fdisp", [_, v]) | ("disp", [v]) | ("disp", [v, _]) => v,
            _ => return Err(Error::nargin(name)),
        };
        let text = display::disp(v, self.state.format, self.state.width);
        self.write_to(name, args, text.as_bytes())?;
        Ok(vec![])
    }

    /// Writes for `fdisp` (whose first argument is a file identifier: 1
    /// standard output, 2 standard error, or a file fopen opened) and for
    /// `disp` (standard output).
    fn write_to(&mut self, name: &str, args: &[Value], bytes: &[u8]) -> Result<()> {
        let fid = match name {
            "fdisp" if args.len() == 2 => crate::builtins::files::fid_arg(&args[0], name)?,
            _ => 1,
        };
        match fid {
            1 => self.out.write_all(bytes).map_err(out_err),
            2 => self.err.write_all(bytes).map_err(out_err),
            _ => match self.state.files.get_mut(fid) {
                Some(f) => f.write(bytes, name),
                None => Err(Error::new(format!("{name}: invalid stream number = {fid}"))),
            },
        }
    }

    /// error: raise an error.
    ///
    /// `error(msg)` stops the running code with the error message msg; it is
    /// shown as `error: msg` unless a `try`/`catch` catches it.
    ///
    /// `error(template, a, ...)` formats the message from the template as
    /// `sprintf` does.
    ///
    /// `error(id, template, a, ...)` also sets the identifier id (a string with
    /// a ':' such as 'mytool:badInput'), which `catch err` reads as
    /// err.identifier.
    ///
    /// `error(s)` raises the error described by a struct s with fields
    /// message and identifier. `error('')` raises nothing.
    ///
    /// ```text
    /// >> try, error('value %d too big', 7), catch e, disp(e.message), end
    /// value 7 too big
    /// >> try, error('my:id', 'bad input'), catch e, disp(e.identifier), end
    /// my:id
    /// ```
    fn error_builtin(&mut self, args: &[Value]) -> Option<Error> {
        if let Some(Value::Struct(s)) = args.first() {
            let msg = s
                .get("message")
                .and_then(|m| m.to_str("error").ok())
                .unwrap_or_default();
            let id = s
                .get("identifier")
                .and_then(|m| m.to_str("error").ok())
                .unwrap_or_default();
            return Some(Error::with_id(id, msg));
        }
        if args.is_empty() {
            return Some(Error::nargin("error"));
        }
        match crate::builtins::strings::error_message(args) {
            Ok((_, msg)) if msg.is_empty() => None,
            Ok((id, msg)) => Some(Error::with_id(id, msg)),
            Err(e) => Some(e),
        }
    }

    /// clear, clearvars: remove variables from the workspace.
    ///
    /// `clear` removes all variables of the current scope (`clearvars` too).
    ///
    /// `clear name1 name2 ...` removes the named variables; names may hold the
    /// wildcards `*` and `?` (`clear x*`). A function of that name is cleared
    /// too, so that its file is read again.
    ///
    /// `clear -except name ...` (or `clearvars -except ...`) removes all
    /// variables except the named ones.
    ///
    /// `clear global` removes global variables, `clear functions` forgets
    /// loaded function files and their persistent variables, and `clear all`
    /// does all of these. In a function, clearing a global or persistent name
    /// removes only its declaration there.
    ///
    /// ```text
    /// >> a = 1; b = 2; clear a; exist('a'), exist('b')
    /// ans = 0
    /// ans = 1
    /// >> x1 = 1; x2 = 2; y = 3; clear x*; who
    /// Variables visible from the current scope:
    ///
    /// y
    /// >> a = 1; b = 2; clearvars -except b; who
    /// Variables visible from the current scope:
    ///
    /// b
    /// ```
    fn clear_builtin(&mut self, args: &[Value]) -> Result<Vec<Value>> {
        let (mut all, mut globals, mut functions) = (false, false, false);
        let mut pats = Vec::new();
        // Names after `-x`/`-exclusive` (`clearvars -except`) are kept.
        let mut keep: Option<Vec<String>> = None;
        for a in args {
            let w = a.to_str("clear")?;
            match w.as_str() {
                "-x" | "-exclusive" | "-except" => keep = Some(Vec::new()),
                "all" | "-all" | "-a" | "classes" | "-classes" | "-c" => all = true,
                "global" | "-global" | "-g" => globals = true,
                "functions" | "-functions" | "-f" => functions = true,
                "variables" | "-variables" | "-v" => {}
                o if o.starts_with('-') => {
                    return Err(Error::with_id(
                        "flatlab:unsupported",
                        format!("clear: option '{o}' is not supported"),
                    ))
                }
                _ => match keep.as_mut() {
                    Some(k) => k.push(w),
                    None => pats.push(w),
                },
            }
        }
        let keep = keep.unwrap_or_default();
        let matches = |pats: &[String], n: &str| {
            (pats.is_empty() || pats.iter().any(|p| glob_match(p, n)))
                && !keep.iter().any(|p| glob_match(p, n))
        };
        if all {
            for n in self.frame_names() {
                self.clear_var(&n);
            }
            for g in self.global_names() {
                self.clear_global(&g);
            }
            self.clear_functions(None);
            return Ok(vec![]);
        }
        if globals || functions {
            if globals {
                for g in self.global_names() {
                    if matches(&pats, &g) {
                        self.clear_global(&g);
                    }
                }
            }
            if functions {
                match pats.is_empty() {
                    true => self.clear_functions(None),
                    false => pats.iter().for_each(|p| self.clear_functions(Some(p))),
                }
            }
            return Ok(vec![]);
        }
        for n in self.frame_names() {
            if matches(&pats, &n) {
                self.clear_var(&n);
            }
        }
        // `clear NAME` also forgets function NAME (and its persistent variables).
        for p in &pats {
            if is_varname(p) {
                self.clear_functions(Some(p));
            }
        }
        Ok(vec![])
    }

    /// What `who`/`whos` list, from their arguments: the current scope,
    /// `global` variables or a file's (`-file F`), filtered by names or
    /// `*`/`?` patterns. Returns the heading and the entries.
    fn listing(&mut self, fname: &str, args: &[Value]) -> Result<(String, Vec<VarEntry>)> {
        let mut words = Vec::new();
        for a in args {
            words.push(a.to_str(fname)?);
        }
        let mut pats = Vec::new();
        let mut scope = None;
        let mut it = words.into_iter();
        while let Some(w) = it.next() {
            match w.as_str() {
                "global" | "-global" => scope = Some(None),
                "-file" => match it.next() {
                    Some(f) => scope = Some(Some(f)),
                    None => return Err(Error::new(format!("{fname}: -file needs a file name"))),
                },
                _ => pats.push(w),
            }
        }
        let (heading, mut entries) = match scope {
            None => (
                "Variables visible from the current scope:\n\n".to_string(),
                self.var_infos(),
            ),
            Some(None) => ("Global variables:\n\n".to_string(), self.global_infos()),
            Some(Some(file)) => {
                let req = crate::formats::parse_load_args(std::slice::from_ref(&file))?;
                let loaded = crate::formats::load_request(&req)?;
                self.record_effect(FileKind::Read, &req.path);
                let mut entries: Vec<VarEntry> = loaded
                    .loaded
                    .vars
                    .iter()
                    .map(|(n, v)| VarEntry {
                        name: n.clone(),
                        info: super::LazyVar {
                            class: v.class_name().to_string(),
                            dims: v.dims(),
                            complex: v.is_complex(),
                            bytes: v.byte_size() as u64,
                        },
                        global: false,
                        persistent: false,
                    })
                    .collect();
                entries.sort_by(|a, b| a.name.cmp(&b.name));
                (format!("Variables in the file {file}:\n\n"), entries)
            }
        };
        if !pats.is_empty() {
            entries.retain(|e| pats.iter().any(|p| glob_match(p, &e.name)));
        }
        Ok((heading, entries))
    }

    /// who: list the variables of the workspace.
    ///
    /// `who` lists the names of the variables in the current scope;
    /// `who PATTERN ...` only those matching the patterns (wildcards such as
    /// 'a*').
    ///
    /// `C = who(...)` returns the names as a cell column instead.
    ///
    /// ```text
    /// >> x = int8([1 2]); y = 'a'; who
    /// Variables visible from the current scope:
    ///
    /// x  y
    /// ```
    fn who_builtin(&mut self, args: &[Value], nargout: usize) -> Result<Vec<Value>> {
        let (heading, entries) = self.listing("who", args)?;
        let names: Vec<String> = entries.into_iter().map(|e| e.name).collect();
        if nargout > 0 {
            return Ok(vec![crate::builtins::structs::names_column(&names)]);
        }
        if names.is_empty() {
            return Ok(vec![]);
        }
        let mut text = heading;
        let width = names.iter().map(|n| n.len()).max().unwrap_or(0) + 2;
        let per_line = (self.state.width.max(width) / width).max(1);
        for chunk in names.chunks(per_line) {
            let line: String = chunk.iter().map(|n| format!("{n:<width$}")).collect();
            text.push_str(line.trim_end());
            text.push('\n');
        }
        text.push('\n');
        self.out.write_all(text.as_bytes()).map_err(out_err)?;
        Ok(vec![])
    }

    /// `s = whos`: one struct element per variable, with Octave's fields.
    fn whos_struct(&self, vars: &[VarEntry]) -> Value {
        let names: Vec<String> = [
            "name",
            "size",
            "bytes",
            "class",
            "global",
            "sparse",
            "complex",
            "nesting",
            "persistent",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let function = match &self.frame().fname {
            Some(f) => f.to_string(),
            None => "top scope".to_string(),
        };
        let nesting = Value::Struct(Box::new(Struct::scalar(vec![
            ("function".to_string(), Value::str(&function)),
            ("level".to_string(), Value::num(1.0)),
        ])));
        let records: Vec<crate::value::Record> = vars
            .iter()
            .map(|e| {
                let v = &e.info;
                // (A stored variable not read yet is taken as full.)
                let sparse = matches!(self.slot(&e.name), Some(Value::Sparse(_)));
                let size: Vec<f64> = v.dims.as_slice().iter().map(|&d| d as f64).collect();
                vec![
                    Value::str(&e.name),
                    Value::Num(crate::value::Array::new(
                        crate::value::Dims::row(size.len()),
                        size,
                    )),
                    Value::num(v.bytes as f64),
                    Value::str(&v.class),
                    Value::bool(e.global),
                    Value::bool(sparse),
                    Value::bool(v.complex),
                    nesting.clone(),
                    Value::bool(e.persistent),
                ]
                .into_boxed_slice()
            })
            .collect();
        let n = records.len();
        Value::Struct(Box::new(crate::value::StructArray::new(
            names,
            crate::value::Array::new(crate::value::Dims::col(n), records),
        )))
    }

    /// whos: list the variables of the workspace, with details.
    ///
    /// `whos` lists the variables in the current scope with their size, bytes
    /// and class (flatlab adds the size on disk of stored variables and the
    /// command that made them); `whos PATTERN ...` only those matching the
    /// patterns (wildcards such as 'a*').
    ///
    /// `s = whos(...)` returns the list instead of showing it: a struct
    /// array with one element per variable (a column, 0x1 when none match)
    /// and the fields name, size, bytes, class, global, sparse, complex,
    /// nesting (a struct with the fields function and level) and persistent.
    ///
    /// ```text
    /// >> x = int8([1 2]); s = evalc('whos'); ~isempty(strfind(s, 'int8'))
    /// ans = 1
    /// >> a = [1 2 3]; z = 1+2i; s = whos; [s.bytes], s(2).complex, s(1).size
    /// ans =
    ///
    ///    24   16
    ///
    /// ans = 1
    /// ans =
    ///
    ///    1   3
    ///
    /// ```
    fn whos_builtin(&mut self, args: &[Value], nargout: usize) -> Result<Vec<Value>> {
        // Sizes and classes only: a lazily resumed variable is not read.
        let local = !args.iter().any(|a| {
            a.to_str("whos")
                .is_ok_and(|w| w.starts_with('-') || w == "global")
        });
        let (mut text, vars) = self.listing("whos", args)?;
        if nargout > 0 {
            return Ok(vec![self.whos_struct(&vars)]);
        }
        if vars.is_empty() {
            return Ok(vec![]);
        }
        let nw = vars.iter().map(|e| e.name.len()).max().unwrap_or(4).max(4);
        if local {
            let scope = match (&self.frame().fname, &self.frame().source.path) {
                (Some(f), Some(p)) => format!("{f}: {}", super::effects::absolute(p).display()),
                (Some(f), None) => f.to_string(),
                _ => "top scope".to_string(),
            };
            text.push_str(&format!("variables in scope: {scope}\n\n"));
        }
        // With a store attached, a column shows what each stored variable
        // takes on disk and the command that last wrote it.
        let disk = self.backing.is_some() && (self.in_base() || !local);
        let (sizes, writers) = match (&self.backing, disk) {
            (Some(b), true) => (b.disk_sizes(), b.writers()),
            _ => Default::default(),
        };
        let (dh, du) = if disk {
            ("  On disk    Cmd", "  =======    ===")
        } else {
            ("", "")
        };
        text.push_str(&format!(
            "  Attr   {:<nw$}   {:>10}  {:>10}{dh}  Class\n",
            "Name", "Size", "Bytes"
        ));
        text.push_str(&format!(
            "  ====   {:<nw$}   {:>10}  {:>10}{du}  =====\n",
            "====", "====", "====="
        ));
        let mut total = 0;
        for e in &vars {
            let v = &e.info;
            // Octave's attribute column: complex, global, persistent.
            let flag = |on: bool, c: char| if on { c } else { ' ' };
            let attr = format!(
                "{}  {}{}",
                flag(v.complex, 'c'),
                flag(e.global, 'g'),
                flag(e.persistent, 'p')
            );
            total += v.bytes;
            let key = match e.global {
                true => super::global_key(&e.name),
                false => e.name.clone(),
            };
            // A variable the running command changed is not stored yet.
            let stored = !self.track.changed.contains(&key);
            let shown = |m: &HashMap<String, u64>| match m.get(&key) {
                Some(x) if stored => x.to_string(),
                _ => "-".to_string(),
            };
            let on_disk = if disk && (e.global || local) {
                format!("  {:>7}  {:>5}", shown(&sizes), shown(&writers))
            } else if disk {
                format!("  {:>7}  {:>5}", "-", "-")
            } else {
                String::new()
            };
            text.push_str(&format!(
                "  {attr}  {:<nw$}   {:>10}  {:>10}{on_disk}  {}\n",
                e.name,
                v.dims.to_string_x(),
                v.bytes,
                v.class
            ));
        }
        let elements = vars.iter().map(|e| e.info.dims.numel()).sum::<usize>();
        text.push_str(&format!(
            "\nTotal is {elements} element{} using {} byte{}\n\n",
            if elements == 1 { "" } else { "s" },
            total,
            if total == 1 { "" } else { "s" }
        ));
        self.out.write_all(text.as_bytes()).map_err(out_err)?;
        Ok(vec![])
    }

    /// exist: whether a name is a variable, function, file or folder.
    ///
    /// `c = exist(name)` returns a code for what name (a string) is: 1 a
    /// variable, 2 a file (a function or script file on the path, or any file
    /// by that name), 5 a built-in function, 7 a folder, 0 nothing.
    ///
    /// `c = exist(name, type)` looks only for one kind: 'var', 'builtin',
    /// 'file', 'dir' or 'class' (flatlab has no classes: 0).
    ///
    /// ```text
    /// >> x = 1; exist('x')
    /// ans = 1
    /// >> exist('sin')
    /// ans = 5
    /// >> exist('no_such_thing_here')
    /// ans = 0
    /// ```
    fn exist_builtin(&mut self, args: &[Value]) -> Result<Vec<Value>> {
        let (name, kind) = match args {
            [n] => (n, None),
            [n, t] => (n, Some(t)),
            _ => return Err(Error::nargin("exist")),
        };
        if !name.is_char() {
            return Err(Error::new("exist: NAME must be a string"));
        }
        let name = name.to_str("exist")?;
        let kind = match kind {
            Some(t) if !t.is_char() => return Err(Error::new("exist: TYPE must be a string")),
            Some(t) => Some(t.to_str("exist")?),
            None => None,
        };
        let path = std::path::Path::new(&name);
        let function_file = |it: &Interp| is_varname(&name) && it.function_names().contains(&name);
        let file = |it: &Interp| {
            if function_file(it) || path.is_file() {
                2.0
            } else if path.is_dir() {
                7.0
            } else {
                0.0
            }
        };
        let builtin = || {
            if crate::builtins::is_builtin(&name) {
                5.0
            } else {
                0.0
            }
        };
        let code = match kind.as_deref() {
            None if self.has_var(&name) => 1.0,
            None if function_file(self) => 2.0,
            None if crate::builtins::is_builtin(&name) => 5.0,
            None => file(self),
            Some("var") => f64::from(u8::from(self.has_var(&name))),
            Some("builtin") => builtin(),
            Some("file") => file(self),
            Some("dir") => {
                if path.is_dir() {
                    7.0
                } else {
                    0.0
                }
            }
            Some("class") => 0.0,
            Some(other) => {
                return Err(Error::new(format!(
                    "exist: unrecognized type argument \"{other}\""
                )))
            }
        };
        Ok(vec![Value::num(code)])
    }

    /// warning: show a warning, or control which warnings are shown.
    ///
    /// `warning(MSG)` prints "warning: MSG" to the error stream and carries
    /// on; `warning(FORMAT, A1, ...)` formats the message as sprintf does;
    /// `warning(ID, FORMAT, ...)` gives it an identifier such as
    /// 'mytool:slow' that can be turned off. lastwarn returns the last one.
    ///
    /// `warning('off', ID)` and `warning('on', ID)` turn the warning ID off or
    /// on; ID 'all' means every warning. `warning('query', ID)` reports the
    /// state of ID.
    ///
    /// `S = warning(...)` returns the state before the call as a struct
    /// (identifier, state); `warning(S)` restores it.
    ///
    /// ```text
    /// >> warning('off', 'my:id'); warning('my:id', 'not shown'); disp('done')
    /// done
    /// >> s = warning('query', 'my:id'); s.state
    /// ans = on
    /// >> s = warning('off', 'all'); warning('hidden'); warning(s); disp('restored')
    /// restored
    /// ```
    fn warning_builtin(&mut self, args: &[Value], nargout: usize) -> Result<Vec<Value>> {
        let state_struct = |id: &str, on: bool| {
            let mut s = Struct::default();
            s.set("identifier", Value::str(id));
            s.set("state", Value::str(if on { "on" } else { "off" }));
            Value::Struct(Box::new(s))
        };
        let listing = match args {
            [] => nargout == 0,
            [w] => nargout == 0 && w.to_str("warning").is_ok_and(|w| w == "query"),
            _ => false,
        };
        if listing {
            let (all_on, ids) = self.warnings.borrow().states();
            let mut text = format!(
                "By default, warnings are {}.\n",
                if all_on { "enabled" } else { "disabled" }
            );
            if !ids.is_empty() {
                text.push_str("Non-default warning states are:\n\n  State  Warning ID\n");
                for (id, on) in ids {
                    text.push_str(&format!("  {:>5}  {id}\n", if on { "on" } else { "off" }));
                }
            }
            text.push('\n');
            self.out.write_all(text.as_bytes()).map_err(out_err)?;
            return Ok(vec![]);
        }
        let Some(first) = args.first() else {
            let on = self.warnings.borrow().enabled("");
            return Ok(vec![state_struct("all", on)]);
        };
        if let Value::Struct(s) = first {
            let field = |f: &str| s.get(f).and_then(|v| v.to_str("warning").ok());
            return match (field("identifier"), field("state").as_deref()) {
                (Some(id), Some(st @ ("on" | "off"))) => {
                    self.warnings.borrow_mut().set(&id, st == "on");
                    Ok(vec![])
                }
                _ => Err(Error::new(
                    "warning: STATE structure must have fields 'identifier' and 'state' ('on' or 'off')",
                )),
            };
        }
        let word = first.to_str("warning")?;
        if matches!(word.as_str(), "on" | "off" | "query" | "error") && args.len() <= 3 {
            let id = match args.get(1) {
                Some(v) => v.to_str("warning")?,
                None => "all".to_string(),
            };
            let was = self
                .warnings
                .borrow()
                .enabled(if id == "all" { "" } else { &id });
            match word.as_str() {
                "on" | "off" => self.warnings.borrow_mut().set(&id, word == "on"),
                "error" => {
                    return Err(Error::with_id(
                        "flatlab:unsupported",
                        "warning: turning warnings into errors ('error' state) is not supported",
                    ))
                }
                _ if nargout == 0 => {
                    let text = format!(
                        "\"{id}\" warning state is \"{}\"\n",
                        if was { "on" } else { "off" }
                    );
                    self.out.write_all(text.as_bytes()).map_err(out_err)?;
                    return Ok(vec![]);
                }
                _ => {}
            }
            return Ok(match nargout {
                0 => vec![],
                _ => vec![state_struct(&id, was)],
            });
        }
        let (id, msg) = crate::builtins::format::warning_message(args)?;
        if !msg.is_empty() {
            crate::error::warn_id(&id, &msg);
        }
        Ok(vec![])
    }

    /// lastwarn: the last warning message.
    ///
    /// `[MSG, ID] = lastwarn` is the message and identifier of the most recent
    /// warning (also of one whose display is turned off).
    ///
    /// `lastwarn(MSG, ID)` sets them (ID may be left out); with an output it
    /// returns the previous message.
    ///
    /// ```text
    /// >> lastwarn('set by hand', 'my:id'); [msg, id] = lastwarn
    /// msg = set by hand
    /// id = my:id
    /// ```
    fn lastwarn_builtin(&mut self, args: &[Value], nargout: usize) -> Result<Vec<Value>> {
        let (msg, id) = self.warnings.borrow().last.clone();
        match args {
            [] => {}
            [m] => self.warnings.borrow_mut().last = (m.to_str("lastwarn")?, String::new()),
            [m, i] => {
                self.warnings.borrow_mut().last = (m.to_str("lastwarn")?, i.to_str("lastwarn")?)
            }
            _ => return Err(Error::nargin("lastwarn")),
        }
        if !args.is_empty() && nargout == 0 {
            return Ok(vec![]);
        }
        Ok(vec![Value::str(&msg), Value::str(&id)])
    }

    /// max_recursion_depth: limit on nested function calls.
    ///
    /// `N = max_recursion_depth` is how deep function calls may nest before
    /// flatlab stops with an error (256 at the start); a runaway recursion
    /// ends with that error instead of a crash.
    ///
    /// `OLD = max_recursion_depth(N)` sets the limit to N and returns the old
    /// one.
    ///
    /// ```text
    /// >> max_recursion_depth
    /// ans = 256
    /// ```
    fn max_recursion_depth_builtin(
        &mut self,
        args: &[Value],
        nargout: usize,
    ) -> Result<Vec<Value>> {
        let old = Value::num(self.max_depth as f64);
        match args {
            [] => Ok(vec![old]),
            [n] => {
                let n = n.scalar_f64("max_recursion_depth")?;
                if n.is_nan() || n < 1.0 {
                    return Err(Error::new(
                        "max_recursion_depth: arg must be greater than 0",
                    ));
                }
                if n.fract() != 0.0 {
                    return Err(Error::new(
                        "max_recursion_depth: arg must be an integer value",
                    ));
                }
                self.max_depth = if n >= usize::MAX as f64 {
                    usize::MAX
                } else {
                    n as usize
                };
                Ok(if nargout > 0 { vec![old] } else { vec![] })
            }
            _ => Err(Error::nargin("max_recursion_depth")),
        }
    }

    /// eval: evaluate code given as a string.
    ///
    /// `eval(code)` runs the statements in the string code in the current
    /// workspace, as if typed there; their output is shown as usual.
    ///
    /// `eval(try_code, catch_code)` runs catch_code when try_code raises an
    /// error (`lasterr` holds the message).
    ///
    /// `[a, b, ...] = eval(code)` returns the values of the expression code.
    ///
    /// ```text
    /// >> eval('x = 1 + 1')
    /// x = 2
    /// >> z = eval('3 * 4')
    /// z = 12
    /// >> eval('y = [1 2', 'disp(''parse failed'')')
    /// parse failed
    /// ```
    fn eval_builtin(&mut self, args: &[Value], nargout: usize) -> Result<Vec<Value>> {
        let code = args
            .first()
            .ok_or_else(|| Error::nargin("eval"))?
            .to_str("eval")?;
        let catch = args.get(1).map(|c| c.to_str("eval")).transpose()?;
        match self.eval_string(&code, nargout) {
            Ok(v) => Ok(v),
            Err(e) if e.is_interrupt() => Err(e),
            Err(e) => match catch {
                Some(c) => {
                    self.last_error = Some(e);
                    self.eval_string(&c, nargout)
                }
                None => Err(e),
            },
        }
    }

    /// evalc: evaluate code and capture what it displays.
    ///
    /// `s = evalc(code)` runs code as eval does and returns, as a char
    /// row, everything it would have displayed (values, disp, printf);
    /// `s = evalc(try_code, catch_code)` runs catch_code when try_code
    /// fails. Warnings and errors still go to standard error.
    ///
    /// ```text
    /// >> s = evalc('x = 1 + 1'); strtrim(s)
    /// ans = x = 2
    /// ```
    fn evalc_builtin(&mut self, args: &[Value], nargout: usize) -> Result<Vec<Value>> {
        /// A writer into a buffer the caller keeps.
        struct Capture(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);
        impl Write for Capture {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.0.borrow_mut().extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        if args.is_empty() || args.len() > 2 {
            return Err(Error::nargin("evalc"));
        }
        let buf = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let saved = std::mem::replace(&mut self.out, Box::new(Capture(buf.clone())));
        let r = self.eval_builtin(args, nargout.saturating_sub(1));
        self.out = saved;
        let mut outs = r?;
        let text = String::from_utf8_lossy(&buf.borrow()).into_owned();
        outs.insert(0, Value::str(&text));
        outs.truncate(nargout.max(1));
        Ok(outs)
    }

    /// fail: true if code raises an expected error (for tests).
    ///
    /// `fail(code)` runs the string code and raises an error unless it raised an
    /// error.
    ///
    /// `fail(code, pattern)` also requires the error message to match the
    /// regular expression pattern.
    ///
    /// `fail(code, 'warning', pattern)` requires a warning instead of an error.
    /// `tf = fail(...)` returns true instead of nothing on success.
    ///
    /// ```text
    /// >> fail('[1 2] * [3 4]', 'nonconformant')
    /// >> try, fail('1 + 1'), catch e, disp(e.message), end
    /// expected error <.> but got none
    /// ```
    fn fail_builtin(&mut self, args: &[Value], nargout: usize) -> Result<Vec<Value>> {
        let strs = args
            .iter()
            .map(|a| a.to_str("fail"))
            .collect::<Result<Vec<_>>>()?;
        let (code, warning, pattern) = match strs.as_slice() {
            [code] => (code, false, ""),
            [code, w] if w == "warning" => (code, true, ""),
            [code, p] => (code, false, p.as_str()),
            [code, w, p] if w == "warning" => (code, true, p.as_str()),
            _ => {
                return Err(Error::with_id(
                    "Octave:invalid-fun-call",
                    "Invalid call to fail",
                ))
            }
        };
        let pattern = if pattern.is_empty() { "." } else { pattern };
        let matches = |text: &str| -> Result<bool> {
            let units: Vec<u16> = text.encode_utf16().collect();
            Ok(!crate::builtins::strings::regex::find_spans(&units, pattern, "fail")?.is_empty())
        };
        let code = format!("{code};");
        let msg = if warning {
            // Warnings raised by the code are caught, not shown.
            let sink = {
                let mut w = self.warnings.borrow_mut();
                w.last = (String::new(), String::new());
                w.sink.replace(Box::new(std::io::sink()))
            };
            let r = self.eval_string(&code, 0);
            let last = {
                let mut w = self.warnings.borrow_mut();
                w.sink = sink;
                w.last.0.clone()
            };
            match r {
                Err(e) if e.is_interrupt() => return Err(e),
                Err(e) => format!(
                    "expected warning <{pattern}>\nbut got error <{}>",
                    e.message
                ),
                Ok(_) if last.is_empty() => {
                    format!("expected warning <{pattern}> but got none")
                }
                Ok(_) if matches(&last)? => return Ok(fail_result(nargout)),
                Ok(_) => format!("expected warning <{pattern}>\nbut got <{last}>"),
            }
        } else {
            match self.eval_string(&code, 0) {
                Err(e) if e.is_interrupt() => return Err(e),
                Err(e) => {
                    if matches(&e.message)? {
                        self.last_error = Some(e);
                        return Ok(fail_result(nargout));
                    }
                    let m = format!("expected error <{pattern}>\nbut got <{}>", e.message);
                    self.last_error = Some(e);
                    m
                }
                Ok(_) => format!("expected error <{pattern}> but got none"),
            }
        };
        Err(Error::new(msg))
    }

    /// Evaluate code text in the current frame (`eval`, `str2num`).
    fn eval_string(&mut self, code: &str, nargout: usize) -> Result<Vec<Value>> {
        if self.eval_depth >= super::MAX_EVAL_DEPTH {
            return Err(Error::with_id(
                "Octave:stack-depth",
                "max_stack_depth exceeded",
            ));
        }
        super::stack::check()?;
        self.eval_depth += 1;
        let r = self.eval_string_here(code, nargout);
        self.eval_depth -= 1;
        r
    }

    fn eval_string_here(&mut self, code: &str, nargout: usize) -> Result<Vec<Value>> {
        let prog = crate::syntax::parse(code)
            .map_err(|pe| Error::with_id("Octave:parse-error", pe.render(code, None)))?;
        let source = std::rc::Rc::new(super::Source {
            path: None,
            text: code.to_string(),
        });
        let saved = std::mem::replace(&mut self.frame_mut().source, source);
        let saved_scope = self.frame_mut().enter_scope(&prog.scope);
        let result = if nargout > 0 && prog.body.len() == 1 {
            if let crate::syntax::ast::StmtKind::Expr(e) = &prog.body[0].kind {
                self.eval_multi(e, nargout)
            } else {
                self.run_program(&prog).map(|_| vec![])
            }
        } else {
            self.run_program(&prog).map(|_| vec![])
        };
        self.frame_mut().leave_scope(saved_scope);
        self.frame_mut().source = saved;
        // Spans inside eval'd text do not refer to the caller's source.
        result.map_err(|mut e| {
            e.span = None;
            e
        })
    }

    /// str2num: convert text to numbers by evaluating it.
    ///
    /// `X = str2num(S)` evaluates the text S as the expression [S] and returns
    /// the result, so S may hold a matrix with brackets, separators and even
    /// expressions. Rows of a char matrix become rows of X. Because the text is
    /// run, prefer str2double for plain numbers from outside sources.
    ///
    /// `[X, STATE] = str2num(S)` also returns true when the evaluation
    /// succeeded; on failure X is [].
    ///
    /// ```text
    /// >> x = str2num('[1 2; 3 4]')
    /// x =
    ///
    ///    1   2
    ///    3   4
    /// >> [x, ok] = str2num('1+')
    /// x = [](0x0)
    /// ok = 0
    /// ```
    fn str2num_builtin(&mut self, args: &[Value]) -> Result<Vec<Value>> {
        let v = args.first().ok_or_else(|| Error::nargin("str2num"))?;
        let rows = v
            .char_rows_of()
            .ok_or_else(|| Error::new("str2num: S must be a string or string array"))?;
        // Evaluated as one expression: no temporary variable ever exists.
        let code = format!("[{}]", rows.join(";"));
        match self.eval_string(&code, 1) {
            Ok(mut v) if !v.is_empty() => Ok(vec![v.swap_remove(0), Value::bool(true)]),
            _ => Ok(vec![Value::empty(), Value::bool(false)]),
        }
    }

    /// run, source: run a script file.
    ///
    /// `run(SCRIPT)` runs the commands of the script file SCRIPT (a path; .m
    /// is added when it has no extension) in the current workspace. A script
    /// in another folder runs with that folder as the current one, which is
    /// restored afterwards. `source(FILE)` is the same function.
    ///
    /// ```text
    /// >> fid = fopen('s.m', 'w'); fprintf(fid, 'y = 6*7;\n'); fclose(fid); run('s.m'); y
    /// y = 42
    /// ```
    fn run_builtin(&mut self, args: &[Value]) -> Result<Vec<Value>> {
        let file = args
            .first()
            .ok_or_else(|| Error::nargin("run"))?
            .to_str("run")?;
        let mut p = PathBuf::from(&file);
        if p.extension().is_none() {
            p.set_extension("m");
        }
        if !p.is_file() {
            return Err(Error::new(format!(
                "run: file SCRIPT must exist and be a valid Octave scriptfile ('{file}' not found)"
            )));
        }
        self.record_effect(FileKind::Read, &p);
        // Octave runs the script from its own directory.
        let dir = p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map(|d| d.to_path_buf());
        let old = std::env::current_dir().ok();
        if let Some(d) = &dir {
            std::env::set_current_dir(d)
                .map_err(|e| Error::new(format!("run: cannot change to {}: {e}", d.display())))?;
            self.funcs.new_command();
        }
        let fname = p.file_name().map(PathBuf::from).unwrap_or(p.clone());
        let r = self.nested(|it| it.run_script(if dir.is_some() { &fname } else { &p }));
        if let (Some(_), Some(o)) = (&dir, old) {
            let _ = std::env::set_current_dir(o);
            self.funcs.new_command();
        }
        r.map(|_| vec![])
    }

    /// cd, chdir: change the current folder.
    ///
    /// `cd folder` or `cd(folder)` makes folder (relative or absolute, `~` for
    /// the home folder, `..` for the parent) the current folder: files are read
    /// and written there, and function files there can be called.
    ///
    /// `cd` alone goes to the home folder. `pwd` shows where you are.
    ///
    /// ```text
    /// >> mkdir('d'); cd d; [~, name] = fileparts(pwd)
    /// name = d
    /// ```
    fn cd_builtin(&mut self, args: &[Value]) -> Result<Vec<Value>> {
        let target = match args.first() {
            Some(a) => a.to_str("cd")?,
            None => std::env::var("HOME").unwrap_or_else(|_| "/".into()),
        };
        let target = if let Some(rest) = target.strip_prefix('~') {
            format!("{}{rest}", std::env::var("HOME").unwrap_or_default())
        } else {
            target
        };
        std::env::set_current_dir(&target).map_err(|e| Error::new(format!("cd: {target}: {e}")))?;
        self.funcs.new_command();
        let now = std::env::current_dir().unwrap_or_else(|_| PathBuf::from(&target));
        self.record_effect(FileKind::Cd, &now);
        Ok(vec![])
    }

    /// format: choose how numbers are displayed.
    ///
    /// `format long` shows doubles with 16 significant digits (singles with
    /// 8); `format short` (the default) with 5. `format` alone returns to the
    /// default. `format compact` and `format loose` are accepted and change
    /// nothing.
    ///
    /// ```text
    /// >> format long; pi
    /// ans = 3.141592653589793
    /// >> format long; format short; pi
    /// ans = 3.1416
    /// ```
    fn format_builtin(&mut self, args: &[Value]) -> Result<Vec<Value>> {
        let mode = match args.first() {
            Some(a) => a.to_str("format")?.to_lowercase(),
            None => "short".into(),
        };
        self.state.format = match mode.as_str() {
            "short" => DisplayFormat::Short,
            "long" => DisplayFormat::Long,
            "compact" | "loose" => self.state.format,
            other => {
                return Err(Error::new(format!(
                    "format: unrecognized format state '{other}'"
                )))
            }
        };
        Ok(vec![])
    }

    /// save: save workspace variables to a file.
    ///
    /// `save(FILENAME)` saves every variable of the workspace to FILENAME;
    /// `save(FILENAME, 'X', 'Y', ...)` only those named (wildcards such as
    /// 'a*' allowed). The command form `save FILENAME X Y` is the same.
    ///
    /// The format follows the options, else the file extension: a MAT-file
    /// (MATLAB v7, compressed; -v6 for uncompressed, read by MATLAB, Octave
    /// and SciPy) by default, -ascii for plain text of numbers (-double, -tabs
    /// for more digits and tabs), .npy/.npz for NumPy, .csv, .json. -append
    /// adds variables to an existing MAT-file.
    ///
    /// ```text
    /// >> x = 5; save v.mat x; clear x; S = load('v.mat'); S.x
    /// ans = 5
    /// ```
    fn save_builtin(&mut self, args: &[Value]) -> Result<Vec<Value>> {
        let strs = args
            .iter()
            .map(|a| a.to_str("save"))
            .collect::<Result<Vec<_>>>()?;
        let req = crate::formats::parse_save_args(&strs)?;
        let all = self.frame_names();
        let mut chosen: Vec<String> = Vec::new();
        if req.names.is_empty() {
            if self.in_base() {
                self.load_all_lazy()?;
            }
            chosen = all;
        } else {
            for pat in &req.names {
                let before = chosen.len();
                for n in &all {
                    if glob_match(pat, n) && !chosen.contains(n) {
                        chosen.push(n.clone());
                    }
                }
                if chosen.len() == before && !all.iter().any(|n| glob_match(pat, n)) {
                    return Err(Error::new(format!("save: no such variable '{pat}'")));
                }
            }
        }
        let mut selected: Vec<(String, Value)> = Vec::with_capacity(chosen.len());
        for n in chosen {
            if let Some(v) = self.lookup_var(&n)? {
                selected.push((n, v.clone()));
            }
        }
        let refs: Vec<(&str, &Value)> = selected.iter().map(|(n, v)| (n.as_str(), v)).collect();
        let notes = crate::formats::save_request(&req, &refs)?;
        self.record_effect(FileKind::Write, &req.path);
        for note in notes {
            crate::error::warn(&note);
        }
        Ok(vec![])
    }

    /// load: load variables from a file.
    ///
    /// `load(FILENAME)` reads the variables saved in FILENAME into the
    /// workspace; `load(FILENAME, 'X', 'Y', ...)` only those named. The
    /// command form `load FILENAME X` is the same. MAT-files, NumPy .npy/.npz
    /// and workspace .json files are recognised, and text files of numbers
    /// (ASCII, CSV) give one matrix named after the file. Nothing is
    /// assigned unless the whole file could be read.
    ///
    /// `S = load(...)` returns the variables as the fields of a struct
    /// instead, or the matrix itself for a text file.
    ///
    /// ```text
    /// >> x = [1 2; 3 4]; save -ascii v.txt x; y = load('v.txt')
    /// y =
    ///
    ///    1   2
    ///    3   4
    /// ```
    fn load_builtin(&mut self, args: &[Value], nargout: usize) -> Result<Vec<Value>> {
        let strs = args
            .iter()
            .map(|a| a.to_str("load"))
            .collect::<Result<Vec<_>>>()?;
        let req = crate::formats::parse_load_args(&strs)?;
        let r = crate::formats::load_request(&req)?;
        self.record_effect(FileKind::Read, &req.path);
        for note in &r.loaded.notes {
            crate::error::warn(note);
        }
        let vars = r.loaded.vars;
        if nargout > 0 {
            if r.kind == crate::formats::LoadKind::Matrix {
                if let Some((_, v)) = vars.into_iter().next() {
                    return Ok(vec![v]);
                }
                return Ok(vec![Value::empty()]);
            }
            let mut s = Struct::default();
            for (n, v) in vars {
                s.set(&n, v);
            }
            return Ok(vec![Value::Struct(Box::new(s))]);
        }
        for (n, v) in vars {
            self.assign_var(&n, v);
        }
        Ok(vec![])
    }
}

/// Whether `pause` waits (`pause('off')` makes every pause return at once).
static PAUSE_ON: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

impl Interp {
    /// pause: wait for some seconds or for a key.
    ///
    /// `pause(N)` waits N seconds (at most a million; Ctrl-C stops it); a
    /// negative N does not wait, NaN warns and does not wait.
    ///
    /// `pause` and `pause(Inf)` wait for a key press when standard input is
    /// a terminal; without one (commands from a pipe, a redirected script)
    /// they return at once instead of waiting forever.
    ///
    /// `pause('off')` makes every pause return at once, `pause('on')` makes
    /// them wait again; `OLD = pause('on')`, `pause('off')` and
    /// `pause('query')` return the state before the call, `'on'` or `'off'`.
    ///
    /// ```text
    /// >> x = pause('query')
    /// x = on
    /// ```
    fn pause_builtin(&mut self, args: &[Value], nargout: usize) -> Result<Vec<Value>> {
        use std::sync::atomic::Ordering;
        if args.len() > 1 {
            return Err(Error::with_id(
                "Octave:invalid-fun-call",
                "Invalid call to pause",
            ));
        }
        let state = |on: bool| Value::str(if on { "on" } else { "off" });
        let secs = match args.first() {
            Some(Value::Char(_)) => {
                let what = args[0].to_str("pause")?;
                let old = PAUSE_ON.load(Ordering::Relaxed);
                match what.as_str() {
                    "on" | "off" => PAUSE_ON.store(what == "on", Ordering::Relaxed),
                    "query" => return Ok(vec![state(old)]),
                    _ => {
                        return Err(Error::new(
                            "pause: first argument must be \"on\", \"off\", or \"query\"",
                        ))
                    }
                }
                return Ok(if nargout > 0 {
                    vec![state(old)]
                } else {
                    vec![]
                });
            }
            Some(v) if v.numel() == 1 && v.is_numeric() && !v.is_complex() => {
                v.scalar_f64("pause")?
            }
            Some(Value::Bool(a)) if a.numel() == 1 => args[0].scalar_f64("pause")?,
            Some(_) => return Err(Error::new("pause: N must be a scalar real value")),
            None => f64::INFINITY,
        };
        if secs.is_nan() {
            crate::error::warn_id("Octave:pause", "pause: NaN is an invalid delay");
            return Ok(vec![]);
        }
        if secs <= 0.0 || !PAUSE_ON.load(Ordering::Relaxed) {
            return Ok(vec![]);
        }
        // What was displayed before the pause shows during it.
        crate::shell::release_output();
        if secs.is_infinite() {
            return self.wait_for_key().map(|_| vec![]);
        }
        let end = Instant::now() + std::time::Duration::from_secs_f64(secs.min(1e6));
        while Instant::now() < end {
            self.check_interrupt()?;
            let left = end.saturating_duration_since(Instant::now());
            std::thread::sleep(left.min(std::time::Duration::from_millis(10)));
        }
        Ok(vec![])
    }

    /// Wait until the terminal on standard input has input (a key, or a
    /// line when it is in line mode), and consume it; return at once when
    /// standard input is not a terminal. Ctrl-C stops the wait.
    fn wait_for_key(&mut self) -> Result<()> {
        // SAFETY: isatty only inspects the descriptor.
        if unsafe { libc::isatty(0) } != 1 {
            return Ok(());
        }
        loop {
            self.check_interrupt()?;
            match stdin_ready(10) {
                Ok(true) => {
                    let mut buf = [0u8; 256];
                    // SAFETY: reads at most buf.len() bytes into buf.
                    let _ = unsafe { libc::read(0, buf.as_mut_ptr().cast(), buf.len()) };
                    return Ok(());
                }
                Ok(false) => {}
                Err(_) => return Ok(()),
            }
        }
    }
}

/// Whether standard input has something to read within `ms` milliseconds
/// (`false` on a timeout or an interrupted wait, so the caller can look
/// for Ctrl-C and wait again).
fn stdin_ready(ms: i32) -> std::io::Result<bool> {
    let mut fd = libc::pollfd {
        fd: 0,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd.
    let n = unsafe { libc::poll(&mut fd, 1, ms) };
    if n < 0 {
        let e = std::io::Error::last_os_error();
        return match e.kind() {
            std::io::ErrorKind::Interrupted => Ok(false),
            _ => Err(e),
        };
    }
    Ok(n > 0)
}

impl Interp {
    /// lasterr: the message of the last error.
    ///
    /// `MSG = lasterr` is the message of the most recent error, also one
    /// caught by try/catch ('' when there was none). The error object of a
    /// catch (try ... catch err) has more: identifier and stack.
    ///
    /// ```text
    /// >> try, error('boom'), catch, end; lasterr
    /// ans = boom
    /// ```
    fn lasterr_builtin(&self) -> Result<Vec<Value>> {
        Ok(vec![Value::str(
            self.last_error
                .as_ref()
                .map(|e| e.message.as_str())
                .unwrap_or(""),
        )])
    }

    /// rmpath: remove folders from the search path.
    ///
    /// `rmpath(DIR1, DIR2, ...)` removes the folders from the search path set
    /// by addpath, so the functions in them are no longer found.
    ///
    /// ```text
    /// >> mkdir('zzdocdir'); addpath('zzdocdir'); rmpath('zzdocdir'); isempty(strfind(path, 'zzdocdir'))
    /// ans = 1
    /// ```
    fn rmpath_builtin(&mut self, args: &[Value]) -> Result<Vec<Value>> {
        for a in args {
            if let Ok(s) = a.to_str("rmpath") {
                let pb = PathBuf::from(&s);
                let pb = std::fs::canonicalize(&pb).unwrap_or(pb);
                self.funcs.path.retain(|q| q != &pb);
            }
        }
        // Names resolved through the removed folder are looked up again.
        self.funcs.new_command();
        Ok(vec![])
    }

    /// path: the folders searched for functions.
    ///
    /// `P = path` returns the search path as one string, the folders separated
    /// by ':' (pathsep), the current folder '.' first; `path` alone prints it.
    /// Folders are added with addpath and removed with rmpath.
    ///
    /// ```text
    /// >> p = path; p(1)
    /// ans = .
    /// ```
    fn path_builtin(&mut self, nargout: usize) -> Result<Vec<Value>> {
        let mut text = String::from(".");
        for p in &self.funcs.path {
            text.push(':');
            text.push_str(&p.display().to_string());
        }
        if nargout > 0 {
            Ok(vec![Value::str(&text)])
        } else {
            writeln!(self.out, "{text}")
                .map_err(out_err)
                .map(|_| vec![])
        }
    }

    /// nargin, nargout: the number of arguments of a function call.
    ///
    /// Inside a function, `N = nargin` is the number of arguments it was
    /// called with and `N = nargout` the number of outputs the caller asked
    /// for; this lets optional arguments take defaults.
    ///
    /// `N = nargin(F)` and `N = nargout(F)` for a function name or handle F
    /// are the number of arguments and outputs it declares; negative when it
    /// takes varargin (varargout), as -(the fixed ones + 1).
    ///
    /// ```text
    /// >> fid = fopen('g.m', 'w'); fprintf(fid, 'function [a, b] = g(x, y)\n  a = nargin; b = nargout;\nend\n'); fclose(fid); [p, q] = g(1)
    /// p = 1
    /// q = 2
    /// >> f = @(a, b) a + b; nargin(f)
    /// ans = 2
    /// ```
    fn nargin_builtin(&mut self, name: &str, args: &[Value]) -> Result<Vec<Value>> {
        let (ni, no, in_fn) = self.nargin_nargout();
        if let Some(f) = args.first() {
            self.arg_counts(name, f).map(|n| vec![Value::num(n)])
        } else if !in_fn {
            Err(Error::new(format!(
                "'{name}' undefined: only valid inside a function"
            )))
        } else {
            Ok(vec![Value::num(
                if name == "nargin" { ni } else { no } as f64
            )])
        }
    }

    /// workspace: describe the workspace store.
    ///
    /// `workspace` shows the workspace flatlab keeps variables and history in:
    /// its name, file, size, number of variables and last commit. (MATLAB's
    /// workspace opens a browser window; flatlab's workspace is its store.)
    ///
    /// ```text
    /// >> ischar(evalc('workspace'))
    /// ans = 1
    /// ```
    fn workspace_builtin(&mut self) -> Result<Vec<Value>> {
        let text = match &self.backing {
            Some(b) => b.describe(),
            None => "no workspace store attached".to_string(),
        };
        writeln!(self.out, "{text}")
            .map_err(out_err)
            .map(|_| vec![])
    }
}

/// rethrow: raise an error again.
///
/// `rethrow(ERR)` raises the error described by the struct ERR, with
/// fields message and identifier, such as the error object of a catch:
/// the caller sees the original message and identifier.
///
/// ```text
/// >> err = struct('message', 'oops', 'identifier', 'a:b'); try, rethrow(err), catch e, disp(e.identifier), end
/// a:b
/// ```
fn rethrow(args: &[Value]) -> Result<Vec<Value>> {
    match args.first() {
        Some(Value::Struct(s)) => {
            let msg = s
                .get("message")
                .and_then(|m| m.to_str("rethrow").ok())
                .unwrap_or_default();
            let id = s
                .get("identifier")
                .and_then(|m| m.to_str("rethrow").ok())
                .unwrap_or_default();
            Err(Error::with_id(id, msg))
        }
        _ => Err(Error::new("rethrow: ERR must be a struct")),
    }
}

/// isvarname: whether a string is a valid variable name.
///
/// `TF = isvarname(NAME)` is true when NAME is a char row that can name a
/// variable: a letter followed by letters, digits and underscores, not a
/// keyword such as for or end. Anything else (a number, a cell) gives
/// false.
///
/// ```text
/// >> isvarname('x1')
/// ans = 1
/// >> isvarname('1x')
/// ans = 0
/// >> isvarname('for')
/// ans = 0
/// ```
fn isvarname(args: &[Value]) -> Result<Vec<Value>> {
    match args.first() {
        Some(v) => Ok(vec![Value::bool(
            v.to_str("isvarname")
                .map(|s| is_varname(&s))
                .unwrap_or(false),
        )]),
        None => Err(Error::nargin("isvarname")),
    }
}

/// pwd: the current folder.
///
/// `D = pwd` is the full path of the current working folder; `pwd` alone
/// shows it. cd changes it.
///
/// ```text
/// >> ischar(pwd)
/// ans = 1
/// >> d = pwd; mkdir('sub'); cd('sub'); strcmp(pwd, fullfile(d, 'sub'))
/// ans = 1
/// ```
fn pwd() -> Result<Vec<Value>> {
    match std::env::current_dir() {
        Ok(d) => Ok(vec![Value::str(&d.display().to_string())]),
        Err(e) => Err(Error::new(format!("pwd: {e}"))),
    }
}

/// more: control paging of the output.
///
/// `more on` and `more off` turn the pager for long output on or off in
/// MATLAB. flatlab never pages its output, so both are accepted and do
/// nothing.
///
/// ```text
/// >> more off
///
/// ```
fn more() -> Result<Vec<Value>> {
    Ok(vec![])
}

/// print_usage: raise the error for an invalid call.
///
/// `print_usage()` inside a function raises an "Invalid call" error
/// (identifier Octave:invalid-fun-call), for a function called with the
/// wrong arguments. (Octave adds the usage lines of the function's help
/// text; flatlab gives the message alone.)
///
/// ```text
/// >> fid = fopen('f.m', 'w'); fprintf(fid, 'function f(x)\n  print_usage();\nend\n'); fclose(fid); try, f(), catch, disp('caught'), end
/// caught
/// ```
fn print_usage() -> Result<Vec<Value>> {
    Err(Error::with_id("Octave:invalid-fun-call", "Invalid call"))
}

/// setenv: set an environment variable.
///
/// `setenv(NAME, VALUE)` sets the environment variable NAME to the string
/// VALUE for this session and the programs it starts (system);
/// `setenv(NAME)` sets it to the empty string. getenv reads it.
///
/// ```text
/// >> setenv('FLATLAB_DOC_VAR', 'bar'); getenv('FLATLAB_DOC_VAR')
/// ans = bar
/// ```
fn setenv(args: &[Value]) -> Result<Vec<Value>> {
    match (args.first().map(|a| a.to_str("setenv")), args.get(1)) {
        (Some(Ok(n)), v) => {
            let val = v
                .map(|v| v.to_str("setenv"))
                .transpose()
                .ok()
                .flatten()
                .unwrap_or_default();
            std::env::set_var(n, val);
            Ok(vec![])
        }
        (Some(Err(e)), _) => Err(e),
        _ => Err(Error::nargin("setenv")),
    }
}

/// What `fail` returns when it passes: true, if a value was asked for.
fn fail_result(nargout: usize) -> Vec<Value> {
    if nargout > 0 {
        vec![Value::bool(true)]
    } else {
        vec![]
    }
}

/// The longest line `input` and `keyboard` read (a longer one is an
/// error, not an allocation sized by the input).
const INPUT_LINE_MAX: usize = 1 << 20;

/// Octave's message when no line can be read.
fn input_failed() -> Error {
    Error::new("input: reading user-input failed!")
}

impl Interp {
    /// input: ask for a value typed by the user.
    ///
    /// `x = input(prompt)` shows the text prompt, reads one line and
    /// evaluates it as an expression in the workspace that called input,
    /// returning its value; an empty line returns `[]`.
    ///
    /// `s = input(prompt, 's')` returns the line as typed, as a string
    /// (an empty line gives '').
    ///
    /// At the prompt the line is typed on the terminal. Commands piped into
    /// flatlab give the next line of the pipe (that line is then not run as
    /// a command); `flatlab -c` and scripts read standard input. At the end
    /// of the input it is an error, "input: reading user-input failed!".
    /// Before waiting, what the command changed so far is saved, and the
    /// output so far (the prompt too) is shown.
    ///
    /// ```text
    /// >> try, x = input('> '), catch e, disp(e.message), end
    /// > input: reading user-input failed!
    /// ```
    fn input_builtin(&mut self, args: &[Value]) -> Result<Vec<Value>> {
        let (prompt, as_text) = match args {
            [p] => (p, false),
            [p, s] => {
                if s.to_str("input").ok().as_deref() != Some("s") {
                    return Err(Error::new("input: second argument must be 's'."));
                }
                (p, true)
            }
            _ => {
                return Err(Error::with_id(
                    "Octave:invalid-fun-call",
                    "Invalid call to input",
                ))
            }
        };
        if !prompt.is_char() {
            return Err(Error::new("input: unrecognized argument"));
        }
        let prompt = prompt.to_str("input")?;
        let line = self.read_user_line(&prompt)?.ok_or_else(input_failed)?;
        if as_text {
            return Ok(vec![Value::str(&line)]);
        }
        if line.trim().is_empty() {
            return Ok(vec![Value::empty()]);
        }
        let outs = self.eval_string(&line, 1)?;
        Ok(outs.into_iter().take(1).collect())
    }

    /// keyboard: stop and take commands typed by the user.
    ///
    /// `keyboard` stops the running code and reads commands (from the
    /// terminal, or the next lines of a pipe or of standard input) at a
    /// `keyboard> ` prompt, running each in the workspace of the code that
    /// called keyboard, so its variables can be looked at and changed.
    /// `dbcont` or `return` goes on with the code; `dbquit` stops it with an
    /// error. `keyboard(prompt)` shows prompt instead of `keyboard> `. At the
    /// end of the input the code goes on. There is no stepping or
    /// breakpoints (`dbstep`, `dbstop`).
    ///
    /// ```text
    /// >> x = 1; keyboard; disp(x)
    /// keyboard> 1
    /// ```
    fn keyboard_builtin(&mut self, args: &[Value]) -> Result<Vec<Value>> {
        let prompt = match args {
            [] => "keyboard> ".to_string(),
            [p] if p.is_char() => p.to_str("keyboard")?,
            [_] => return Err(Error::new("keyboard: PROMPT must be a string")),
            _ => {
                return Err(Error::with_id(
                    "Octave:invalid-fun-call",
                    "Invalid call to keyboard",
                ))
            }
        };
        // Bounded by the input: every turn consumes a line, and at its end
        // the code goes on.
        while let Some(line) = self.read_user_line(&prompt)? {
            match line.trim() {
                "dbcont" | "return" => break,
                "dbquit" => return Err(Error::new("keyboard: dbquit: stopped")),
                "" => continue,
                code => {
                    if let Err(e) = self.eval_string(code, 0) {
                        if e.is_interrupt() {
                            return Err(e);
                        }
                        writeln!(self.err, "error: {}", e.message).map_err(out_err)?;
                    }
                }
            }
        }
        Ok(vec![])
    }

    /// Shows `prompt` and reads one line for `input`/`keyboard`: the next
    /// line of the pipe in pipe mode, else of standard input (the terminal
    /// at the prompt). `None` at the end of the input. The line end is
    /// removed.
    fn read_user_line(&mut self, prompt: &str) -> Result<Option<String>> {
        self.out.write_all(prompt.as_bytes()).map_err(out_err)?;
        self.out.flush().map_err(out_err)?;
        // Nothing shown may come before the change behind it is durable:
        // the command's changes so far are saved, the earlier commands of
        // a pipe group made durable, and the output held for them (and the
        // prompt) shown before the wait.
        if self.checkpoints.is_some() {
            self.checkpoint_now();
        }
        crate::shell::release_output();
        let bytes = match crate::shell::read_pipe_line() {
            Some(r) => {
                r.map_err(|e| Error::new(format!("input: cannot read standard input: {e}")))?
            }
            None => self.read_stdin_line()?,
        };
        let Some(mut bytes) = bytes else {
            return Ok(None);
        };
        if bytes.len() > INPUT_LINE_MAX {
            return Err(Error::new("input: the line read is longer than 1 MiB"));
        }
        if bytes.last() == Some(&b'\n') {
            bytes.pop();
        }
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| Error::new("input: the line read is not valid UTF-8"))
    }

    /// One line of standard input, read a byte at a time (what follows it
    /// stays for the next reader), waiting in short polls so Ctrl-C stops
    /// the wait. `None` at the end of the input with nothing read.
    fn read_stdin_line(&mut self) -> Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        loop {
            self.check_interrupt()?;
            match stdin_ready(50) {
                Ok(true) => {}
                Ok(false) => continue,
                Err(e) => {
                    return Err(Error::new(format!(
                        "input: cannot read standard input: {e}"
                    )))
                }
            }
            let mut b = [0u8; 1];
            // SAFETY: reads at most one byte into b.
            let r = unsafe { libc::read(0, b.as_mut_ptr().cast(), 1) };
            match r {
                1 => {
                    line.push(b[0]);
                    if b[0] == b'\n' || line.len() > INPUT_LINE_MAX {
                        return Ok(Some(line));
                    }
                }
                0 => return Ok((!line.is_empty()).then_some(line)),
                _ => {
                    let e = std::io::Error::last_os_error();
                    if e.kind() != std::io::ErrorKind::Interrupted {
                        return Err(Error::new(format!(
                            "input: cannot read standard input: {e}"
                        )));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::civil_from_unix;

    #[test]
    fn globbing() {
        assert!(glob_match("a*", "abc"));
        assert!(glob_match("a?c", "abc"));
        assert!(!glob_match("b*", "abc"));
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_unix(0.0)[..3], [1970.0, 1.0, 1.0]);
        assert_eq!(civil_from_unix(951782400.0)[..3], [2000.0, 2.0, 29.0]);
    }
}
