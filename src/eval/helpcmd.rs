//! Finding out about functions: `help`, `doc`, `lookfor`, `which`, `type`
//! and `what`. Builtins answer from the help table `build.rs` collects from
//! their doc comments (`builtins::help`); function and script files answer
//! with their own comment block and text. A file on the path shadows a
//! builtin of the same name, as it does when called.

use super::Interp;
use crate::builtins::help;
use crate::builtins::is_builtin;
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Struct, Value};
use std::io::Write;
use std::path::PathBuf;

fn out_err(e: std::io::Error) -> Error {
    Error::new(format!("cannot write output: {e}"))
}

fn names_of(args: &[Value], who: &str) -> Result<Vec<String>> {
    args.iter()
        .map(|a| match a {
            Value::Char(_) => a.to_str(who),
            _ => Err(Error::new(format!("{who}: NAME must be a string"))),
        })
        .collect()
}

impl Interp {
    /// The function or script file `name` names: NAME.m on the path, or a
    /// path to a file given as is.
    fn file_for(&mut self, name: &str) -> Option<PathBuf> {
        if super::special::is_varname(name) {
            if let Some(p) = self.funcs.find_file(name) {
                return Some(super::effects::absolute(&p));
            }
        }
        let p = PathBuf::from(name);
        p.is_file().then(|| super::effects::absolute(&p))
    }

    fn emit(&mut self, text: &str, nargout: usize) -> Result<Vec<Value>> {
        if nargout > 0 {
            return Ok(vec![Value::str(text)]);
        }
        self.out.write_all(text.as_bytes()).map_err(out_err)?;
        Ok(vec![])
    }

    /// help, doc: show the help of a function.
    ///
    /// `help name` shows the help text of the function name: for a built-in
    /// function, its summary, calling forms and examples; for a function file,
    /// its first block of comments. `help` alone says how to use help.
    ///
    /// `text = help('name')` returns the text instead of showing it. `doc name`
    /// is the same as `help name`. See also `lookfor`.
    ///
    /// ```text
    /// >> fid = fopen('twice.m', 'w'); fprintf(fid, 'function y = twice(x)\n%% TWICE doubles x.\ny = 2*x;\n'); fclose(fid); s = help('twice'); disp(strtrim(s(strfind(s, 'TWICE'):end)))
    /// TWICE doubles x.
    /// ```
    pub(crate) fn help_builtin(
        &mut self,
        who: &str,
        args: &[Value],
        nargout: usize,
    ) -> Result<Vec<Value>> {
        let names = names_of(args, who)?;
        let Some(name) = names.first() else {
            let n = help::documented_names().len();
            let text = format!(
                "\n  help NAME     shows how to call NAME (a builtin or a function file) and examples\n  lookfor WORD  lists the functions whose summary mentions WORD\n  which NAME    says what NAME is: a variable, a function file, or a builtin\n  type NAME     prints a function file\n  what          lists the function files in the current folder\n\n  {n} builtins have help text.\n\n"
            );
            return self.emit(&text, nargout);
        };
        if names.len() > 1 {
            return Err(Error::nargin(who));
        }
        if let Some(path) = self.file_for(name) {
            let text = std::fs::read(&path)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .map_err(|e| Error::new(format!("{who}: cannot read '{}': {e}", path.display())))?;
            let kind = if text.trim_start().starts_with("function") {
                "function"
            } else {
                "script"
            };
            let body =
                help::file_help(&text).unwrap_or_else(|| format!(" {name} has no help text\n"));
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let out = format!(
                "'{stem}' is a {kind} from the file {}\n\n{body}\n",
                path.display()
            );
            return self.emit(&out, nargout);
        }
        if let Some(d) = help::lookup(name) {
            let text = help::render(name, d);
            return self.emit(&text, nargout);
        }
        if is_builtin(name) {
            let text =
                format!("'{name}' is a built-in function (its help text is not written yet)\n\n");
            return self.emit(&text, nargout);
        }
        Err(Error::new(format!("{who}: '{name}' not found")))
    }

    /// lookfor: search the help summaries for a word.
    ///
    /// `lookfor WORD` lists the builtins whose name or one-line summary
    /// contains WORD (ignoring case), one per line with the summary.
    ///
    /// `[NAMES, SUMMARIES] = lookfor(WORD)` returns them as cell arrays
    /// instead.
    ///
    /// ```text
    /// >> [n, s] = lookfor('sine'); any(strcmp(n, 'sin'))
    /// ans = 1
    /// ```
    pub(crate) fn lookfor_builtin(&mut self, args: &[Value], nargout: usize) -> Result<Vec<Value>> {
        let words = names_of(args, "lookfor")?;
        let [word] = words.as_slice() else {
            return Err(Error::nargin("lookfor"));
        };
        let hits = help::lookfor(word);
        if nargout > 0 {
            let names: Vec<Value> = hits.iter().map(|(n, _)| Value::str(n)).collect();
            let sums: Vec<Value> = hits.iter().map(|(_, s)| Value::str(s)).collect();
            let n = names.len();
            return Ok(vec![
                Value::Cell(Box::new(Array::new(Dims::col(n), names))),
                Value::Cell(Box::new(Array::new(Dims::col(n), sums))),
            ]);
        }
        let mut text = String::new();
        for (n, s) in hits {
            text.push_str(&format!("{n:<20}{s}\n"));
        }
        self.emit(&text, 0)
    }

    /// which: locate a function or variable.
    ///
    /// `which NAME` says what NAME is: a variable, a built-in function (with
    /// the source file its help comes from) or a function file (with its
    /// path).
    ///
    /// `S = which(NAME)` returns the path of the function file, 'built-in'
    /// for a builtin, 'variable' for a variable, or '' when nothing has the
    /// name.
    ///
    /// ```text
    /// >> x = 1; which x
    /// 'x' is a variable
    /// ```
    pub(crate) fn which_builtin(&mut self, args: &[Value], nargout: usize) -> Result<Vec<Value>> {
        let names = names_of(args, "which")?;
        if names.is_empty() {
            return Err(Error::nargin("which"));
        }
        let mut found = Vec::new();
        let mut text = String::new();
        for name in &names {
            let (line, value) = if self.has_var(name) {
                (format!("'{name}' is a variable\n"), "variable".to_string())
            } else if let Some(p) = self.file_for(name) {
                let p = p.display().to_string();
                (format!("'{name}' is a function from the file {p}\n"), p)
            } else if is_builtin(name) {
                let line = match help::lookup(name) {
                    Some(d) => {
                        format!("'{name}' is a built-in function from the file {}\n", d.file)
                    }
                    None => format!("'{name}' is a built-in function\n"),
                };
                (line, "built-in".to_string())
            } else {
                (format!("'{name}' not found\n"), String::new())
            };
            text.push_str(&line);
            found.push(value);
        }
        if nargout > 0 {
            return Ok(match found.as_slice() {
                [one] => vec![Value::str(one)],
                many => {
                    let v: Vec<Value> = many.iter().map(|s| Value::str(s)).collect();
                    let n = v.len();
                    vec![Value::Cell(Box::new(Array::new(Dims::row(n), v)))]
                }
            });
        }
        self.emit(&text, 0)
    }

    /// type: show the contents of a file or function.
    ///
    /// `type NAME` shows the text of the function or script file NAME (found
    /// like a call, with or without .m), or of any file named by its path.
    /// For a builtin it says so.
    ///
    /// `TEXT = type(NAME)` returns the text instead of showing it.
    ///
    /// ```text
    /// >> fid = fopen('n.txt', 'w'); fprintf(fid, 'hello\n'); fclose(fid); disp(strtrim(evalc('type n.txt')))
    /// hello
    /// ```
    pub(crate) fn type_builtin(&mut self, args: &[Value], nargout: usize) -> Result<Vec<Value>> {
        let names = names_of(args, "type")?;
        if names.is_empty() {
            return Err(Error::nargin("type"));
        }
        let mut out = String::new();
        for name in &names {
            if let Some(path) = self.file_for(name) {
                let text = std::fs::read(&path)
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .map_err(|e| {
                        Error::new(format!("type: cannot read '{}': {e}", path.display()))
                    })?;
                if nargout == 0 {
                    out.push('\n');
                }
                out.push_str(&text);
                if nargout == 0 && !text.ends_with('\n') {
                    out.push('\n');
                }
            } else if self.has_var(name) {
                return Err(Error::new(format!("type: '{name}' is a variable")));
            } else if is_builtin(name) {
                if nargout > 0 {
                    out.push_str(&format!("{name} is a built-in function"));
                } else {
                    out.push_str(&format!("'{name}' is a built-in function\n"));
                }
            } else {
                return Err(Error::new(format!("type: '{name}' undefined")));
            }
        }
        self.emit(&out, nargout)
    }

    /// what: list the function files and MAT-files of a folder.
    ///
    /// `what` lists the .m and .mat files of the current folder; `what DIR`
    /// those of DIR.
    ///
    /// `W = what(...)` returns a struct with fields path, m and mat (cell
    /// columns of file names).
    ///
    /// ```text
    /// >> fid = fopen('a.m', 'w'); fclose(fid); w = what; w.m
    /// ans =
    /// {
    ///   [1,1] = a.m
    /// }
    /// ```
    pub(crate) fn what_builtin(&mut self, args: &[Value], nargout: usize) -> Result<Vec<Value>> {
        let names = names_of(args, "what")?;
        let dir = match names.as_slice() {
            [] => PathBuf::from("."),
            [d] => PathBuf::from(d),
            _ => return Err(Error::nargin("what")),
        };
        let abs = super::effects::absolute(&dir);
        let rd = std::fs::read_dir(&dir)
            .map_err(|e| Error::new(format!("what: cannot read '{}': {e}", abs.display())))?;
        let (mut m, mut mat) = (Vec::new(), Vec::new());
        for e in rd.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if n.ends_with(".m") {
                m.push(n);
            } else if n.ends_with(".mat") {
                mat.push(n);
            }
        }
        m.sort();
        mat.sort();
        if nargout > 0 {
            let cell = |v: &[String]| {
                let c: Vec<Value> = v.iter().map(|s| Value::str(s)).collect();
                let n = c.len();
                Value::Cell(Box::new(Array::new(Dims::col(n), c)))
            };
            let mut s = Struct::default();
            s.set("path", Value::str(&abs.display().to_string()));
            s.set("m", cell(&m));
            s.set("mat", cell(&mat));
            return Ok(vec![Value::Struct(Box::new(s))]);
        }
        let mut text = String::new();
        for (label, list) in [("M-files", &m), ("MAT-files", &mat)] {
            if list.is_empty() {
                continue;
            }
            text.push_str(&format!("{label} in directory {}:\n\n", abs.display()));
            let w = list.iter().map(|n| n.chars().count()).max().unwrap_or(0) + 2;
            let per_line = ((self.state.width.saturating_sub(3)).max(w) / w).max(1);
            let rows = list.len().div_ceil(per_line);
            for r in 0..rows {
                let mut line = String::from("   ");
                for c in 0..per_line {
                    if let Some(n) = list.get(r + c * rows) {
                        line.push_str(&format!("{n:<w$}"));
                    }
                }
                text.push_str(line.trim_end());
                text.push('\n');
            }
            text.push('\n');
        }
        self.emit(&text, 0)
    }
}
