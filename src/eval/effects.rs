//! What a command did outside the workspace, and the builtins that act on
//! files directly: file effects (`Outcome::files`: files read, written or
//! deleted, directory changes) recorded with absolute paths resolved against
//! the working directory at the time of the call; `delete`; and the diary
//! (`diary FILE`, `diary on|off`, `diary`), which tees the interpreter's
//! output and the commands that produced it into a file.

use super::Interp;
use crate::error::{Error, Result};
use crate::history::{FileEffect, FileKind};
use crate::value::Value;
use std::cell::RefCell;
use std::fs::File;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

/// The open diary file, shared by the interpreter and its output writers.
pub(super) type DiarySink = Rc<RefCell<Option<File>>>;

/// Diary state: the file name (`diary` in the working directory until one
/// is given) and the open file while the diary is on.
#[derive(Default)]
pub(super) struct Diary {
    /// Absolute path of the file the diary writes to, once chosen.
    path: Option<PathBuf>,
    pub(super) sink: DiarySink,
}

impl Diary {
    pub(super) fn is_on(&self) -> bool {
        self.sink.borrow().is_some()
    }

    /// Append text to the diary file when it is on (errors are ignored: a
    /// diary that cannot be written must not stop the command).
    pub(super) fn write(&self, text: &str) {
        if let Some(f) = self.sink.borrow_mut().as_mut() {
            let _ = f.write_all(text.as_bytes());
        }
    }
}

/// A writer that also copies everything into the diary while it is on.
pub(super) struct Tee {
    pub(super) inner: Box<dyn Write>,
    pub(super) diary: DiarySink,
}

impl Write for Tee {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        if let Some(f) = self.diary.borrow_mut().as_mut() {
            // The diary file shows this text too: output held for a group
            // commit is shown (after that commit) before it reaches the file.
            crate::shell::release_output();
            // Only the bytes the terminal took, so a short write is not doubled.
            let _ = f.write_all(buf.get(..n).unwrap_or(buf));
        }
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// `path` made absolute against the current directory, with `.` and `..`
/// removed lexically (the file may not exist, e.g. after `delete`).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The files a table builtin (`builtins::fileio`) reads or writes, by its
/// arguments; recorded when the call succeeds.
pub(super) fn table_builtin_effects(name: &str, args: &[Value]) -> Vec<(FileKind, PathBuf)> {
    let (kind, pos) = match name {
        "writematrix" => (FileKind::Write, 1),
        "csvwrite" | "dlmwrite" => (FileKind::Write, 0),
        "readmatrix" | "csvread" | "dlmread" => (FileKind::Read, 0),
        // fopen reads or writes by its permission ('r' unless given).
        "fopen" => {
            let writes = match args.get(1) {
                Some(m @ Value::Char(_)) => m
                    .to_str(name)
                    .map(|m| m.contains(['w', 'a', '+']))
                    .unwrap_or(false),
                _ => false,
            };
            (
                if writes {
                    FileKind::Write
                } else {
                    FileKind::Read
                },
                0,
            )
        }
        "print" | "saveas" | "exportgraphics" => {
            return crate::builtins::plot::written_file(name, args)
                .map(|p| vec![(FileKind::Write, p)])
                .unwrap_or_default()
        }
        _ => return Vec::new(),
    };
    match args.get(pos) {
        Some(v @ Value::Char(_)) => match v.to_str(name) {
            Ok(s) => vec![(kind, PathBuf::from(s))],
            Err(_) => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// The system's text for an I/O error, without Rust's " (os error N)".
fn io_text(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

impl Interp {
    /// Record one file effect of the running command (absolute path,
    /// duplicates collapsed, first occurrence kept).
    pub(super) fn record_effect(&mut self, kind: FileKind, path: &Path) {
        let path = absolute(path).display().to_string();
        let e = FileEffect { kind, path };
        if !self.track.files.contains(&e) {
            self.track.files.push(e);
        }
    }

    /// Write a warning as Octave prints it, to the error stream (and diary).
    fn warn_err(&mut self, msg: &str) {
        crate::error::warn(msg);
    }

    /// delete: delete files.
    ///
    /// `delete(filename)` or the command form `delete filename` removes the
    /// file; the wildcards `*` and `?` in the last part of the name remove
    /// every matching file. Several names may be given. A name that matches
    /// nothing, or a file that cannot be removed, gives a warning, not an
    /// error; folders are not removed (use `rmdir`).
    ///
    /// `delete(h)` deletes the graphics objects whose handles are in h: a
    /// figure (as `close` does), axes with everything in them, or a line,
    /// text or other object drawn in axes (its title or axis labels are
    /// emptied). Every handle must name an open object. In flatlab the
    /// handles of objects drawn in the same axes after a deleted one move
    /// down by one (MATLAB keeps them).
    ///
    /// ```text
    /// >> f = tempname(); fclose(fopen(f, 'w')); exist(f, 'file'), delete(f); exist(f, 'file')
    /// ans = 2
    /// ans = 0
    /// >> h = plot(1:10); delete(h); size(get(gca, 'children')), close all
    /// ans =
    ///
    ///    0   1
    ///
    /// >> f = figure; delete(f); isfigure(f)
    /// ans = 0
    /// ```
    pub(crate) fn delete_builtin(&mut self, args: &[Value]) -> Result<Vec<Value>> {
        if args.is_empty() {
            return Err(Error::nargin("delete"));
        }
        if args.iter().all(|a| a.is_numeric() && !a.is_char()) {
            return self.delete_handles(args);
        }
        let mut names = Vec::with_capacity(args.len());
        for a in args {
            match a {
                Value::Char(_) => names.push(a.to_str("delete")?),
                _ => {
                    return Err(Error::new(
                        "delete: first argument must be a filename or graphics handle",
                    ))
                }
            }
        }
        for name in names {
            let files = expand(&name);
            if files.is_empty() {
                self.warn_err(&format!("delete: no such file: {name}"));
                continue;
            }
            for f in files {
                let shown = f.display().to_string();
                let is_dir = std::fs::symlink_metadata(&f)
                    .map(|m| m.is_dir())
                    .unwrap_or(false);
                let r = if is_dir {
                    Err(std::io::Error::from_raw_os_error(libc::EISDIR))
                } else {
                    std::fs::remove_file(&f)
                };
                match r {
                    Ok(()) => self.record_effect(FileKind::Delete, &f),
                    Err(e) => self.warn_err(&format!("delete: {shown}: {}", io_text(&e))),
                }
            }
        }
        Ok(vec![])
    }

    /// `delete(h, ...)` of graphics handles: every handle is resolved
    /// first, then the objects go, the deepest first and from the highest
    /// index down, so each handle still names its object when its turn
    /// comes.
    fn delete_handles(&mut self, args: &[Value]) -> Result<Vec<Value>> {
        use crate::builtins::plot::{resolve, Target};
        self.load_figures()?;
        let bad = || Error::new("delete: first argument must be a filename or graphics handle");
        let mut targets = Vec::new();
        for a in args {
            let Value::Num(arr) = a else {
                return Err(bad());
            };
            for &h in arr.data() {
                match resolve(&self.state.graphics, h) {
                    Some(Target::Root) => {
                        return Err(Error::new(
                            "delete: can't delete the root object (handle 0)",
                        ))
                    }
                    Some(t) => targets.push(t),
                    None => return Err(bad()),
                }
            }
        }
        // Artists and labels before axes before figures; higher indices first.
        let rank = |t: &Target| match *t {
            Target::Artist(f, a, j) => (0, f, a, j),
            Target::Label(f, a, j) => (1, f, a, j),
            Target::Axes(f, a) => (2, f, a, 0),
            Target::Figure(f) => (3, f, 0, 0),
            Target::Root => (4, 0, 0, 0),
        };
        targets.sort_by_key(|t| std::cmp::Reverse(rank(t)));
        targets.dedup();
        let g = &mut self.state.graphics;
        for t in targets {
            match t {
                Target::Figure(n) => {
                    g.close(n);
                }
                Target::Axes(n, ai) => {
                    if let Some(f) = g.figures.get_mut(&n) {
                        if ai < f.axes.len() {
                            f.axes.remove(ai);
                            f.current = match f.current {
                                Some(c) if c == ai => f.axes.len().checked_sub(1),
                                Some(c) if c > ai => Some(c - 1),
                                c => c,
                            };
                            g.changed.insert(n);
                        }
                    }
                }
                Target::Artist(n, ai, j) => {
                    if let Some(ax) = g.figures.get_mut(&n).and_then(|f| f.axes.get_mut(ai)) {
                        if j < ax.children.len() {
                            ax.children.remove(j);
                            g.changed.insert(n);
                        }
                    }
                }
                Target::Label(n, ai, which) => {
                    if let Some(ax) = g.figures.get_mut(&n).and_then(|f| f.axes.get_mut(ai)) {
                        match which {
                            0 => ax.title.clear(),
                            1 => ax.xlabel.clear(),
                            2 => ax.ylabel.clear(),
                            _ => ax.zlabel.clear(),
                        }
                        g.changed.insert(n);
                    }
                }
                Target::Root => {}
            }
        }
        self.collect_figure_changes();
        Ok(vec![])
    }

    /// diary: record the session in a file.
    ///
    /// `diary on` starts copying the commands' output to the file `diary` in
    /// the current folder (appending); `diary off` stops; `diary` alone toggles.
    ///
    /// `diary filename` starts recording to that file.
    ///
    /// ```text
    /// >> diary('log.txt'); disp(42); diary off; fileread('log.txt')
    /// 42
    /// ans = 42
    /// ```
    pub(crate) fn diary_builtin(&mut self, args: &[Value]) -> Result<Vec<Value>> {
        let arg = match args {
            [] => None,
            [a] => match a {
                Value::Char(_) => Some(a.to_str("diary")?),
                _ => return Err(Error::new("diary: argument must be a string")),
            },
            _ => return Err(Error::nargin("diary")),
        };
        match arg.as_deref() {
            Some("off") => {
                self.diary.sink.borrow_mut().take();
            }
            Some("on") => self.diary_on(None)?,
            Some(file) => self.diary_on(Some(PathBuf::from(file)))?,
            None if self.diary.is_on() => {
                self.diary.sink.borrow_mut().take();
            }
            None => self.diary_on(None)?,
        }
        Ok(vec![])
    }

    /// Open the diary (appending) on `file`, or on the file chosen before
    /// (`diary` in the current directory by default).
    fn diary_on(&mut self, file: Option<PathBuf>) -> Result<()> {
        let path = match (file, &self.diary.path) {
            (Some(f), _) => absolute(&f),
            // `diary on` while on: nothing to do.
            (None, Some(_)) if self.diary.is_on() => return Ok(()),
            (None, Some(p)) => p.clone(),
            (None, None) => absolute(Path::new("diary")),
        };
        let f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| {
                // Octave's wording, then why.
                Error::new(format!(
                    "diary: can't open diary file '{}': {e}",
                    path.display()
                ))
            })?;
        *self.diary.sink.borrow_mut() = Some(f);
        self.record_effect(FileKind::Write, &path);
        self.diary.path = Some(path);
        Ok(())
    }

    /// Whether the diary is recording.
    pub fn diary_is_on(&self) -> bool {
        self.diary.is_on()
    }
}

/// The existing files `name` names: itself when it exists, or the matches
/// of a `*`/`?` pattern in its last component, sorted.
pub(super) fn expand(name: &str) -> Vec<PathBuf> {
    let p = Path::new(name);
    let file = p
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default();
    if !file.contains('*') && !file.contains('?') {
        return if std::fs::symlink_metadata(p).is_ok() {
            vec![p.to_path_buf()]
        } else {
            Vec::new()
        };
    }
    let dir = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut out: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .flatten()
            .filter(|e| {
                let n = e.file_name().to_string_lossy().to_string();
                // As a shell glob: a leading dot is matched only explicitly.
                (!n.starts_with('.') || file.starts_with('.'))
                    && super::special::glob_match(&file, &n)
            })
            .map(|e| {
                if p.parent().is_some_and(|d| !d.as_os_str().is_empty()) {
                    dir.join(e.file_name())
                } else {
                    PathBuf::from(e.file_name())
                }
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{tempdir, Buf};
    use super::*;

    fn interp() -> (Interp, Buf, Buf) {
        let (out, err) = (Buf::default(), Buf::default());
        let it = Interp::new(Box::new(out.clone()), Box::new(err.clone()));
        (it, out, err)
    }

    fn fx(kind: FileKind, p: &Path) -> FileEffect {
        FileEffect {
            kind,
            path: p.display().to_string(),
        }
    }

    #[test]
    fn absolute_paths_resolve_against_cwd_lexically() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(absolute(Path::new("a/./b/../c.mat")), cwd.join("a/c.mat"));
        assert_eq!(absolute(Path::new("/x/y/../z")), PathBuf::from("/x/z"));
    }

    #[test]
    fn save_load_and_text_files_are_recorded_in_order_without_duplicates() {
        let d = tempdir("io");
        let ds = d.display();
        std::fs::create_dir(d.join("sub")).unwrap();
        let (mut it, _, _) = interp();
        let o = it.run_command(&format!(
            "x = [1 2; 3 4]; save {ds}/sub/../out.mat x; load {ds}/out.mat; save {ds}/out.mat x"
        ));
        assert!(o.error.is_none(), "{:?}", o.error);
        assert_eq!(
            o.files,
            vec![
                fx(FileKind::Write, &d.join("out.mat")),
                fx(FileKind::Read, &d.join("out.mat")),
            ]
        );
        // `save name` without an extension writes name.mat.
        let o = it.run_command(&format!(
            "save {ds}/plain x; writematrix(x, '{ds}/m.csv'); y = readmatrix('{ds}/m.csv'); \
             csvwrite('{ds}/c.csv', x); z = csvread('{ds}/c.csv'); dlmwrite('{ds}/t.txt', x); \
             w = dlmread('{ds}/t.txt');"
        ));
        assert!(o.error.is_none(), "{:?}", o.error);
        assert_eq!(
            o.files,
            vec![
                fx(FileKind::Write, &d.join("plain.mat")),
                fx(FileKind::Write, &d.join("m.csv")),
                fx(FileKind::Read, &d.join("m.csv")),
                fx(FileKind::Write, &d.join("c.csv")),
                fx(FileKind::Read, &d.join("c.csv")),
                fx(FileKind::Write, &d.join("t.txt")),
                fx(FileKind::Read, &d.join("t.txt")),
            ]
        );
        // A pure command has none; a failed read records nothing.
        let o = it.run_command("q = x + 1;");
        assert!(o.files.is_empty());
        let o = it.run_command(&format!("q = readmatrix('{ds}/missing.csv');"));
        assert!(o.error.is_some());
        assert!(o.files.is_empty(), "{:?}", o.files);
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn effects_inside_functions_and_scripts_count() {
        let d = tempdir("fn");
        let ds = d.display();
        std::fs::write(
            d.join("saver.m"),
            format!("function saver(v)\n  save('{ds}/f.mat', 'v');\nend\n"),
        )
        .unwrap();
        std::fs::write(
            d.join("myscript.m"),
            format!("s = 5;\nsaver(s);\nwritematrix(s, '{ds}/s.txt');\n"),
        )
        .unwrap();
        let (mut it, _, _) = interp();
        let o = it.run_command(&format!("addpath('{ds}'); myscript"));
        assert!(o.error.is_none(), "{:?}", o.error);
        assert_eq!(
            o.files,
            vec![
                fx(FileKind::Read, &d.join("myscript.m")),
                fx(FileKind::Write, &d.join("f.mat")),
                fx(FileKind::Write, &d.join("s.txt")),
            ]
        );
        let o = it.run_command(&format!("run {ds}/myscript.m"));
        assert!(o.error.is_none(), "{:?}", o.error);
        assert_eq!(
            o.files.first(),
            Some(&fx(FileKind::Read, &d.join("myscript.m")))
        );
        let o = it.run_script_file(&d.join("myscript.m"));
        assert!(o.error.is_none(), "{:?}", o.error);
        assert_eq!(o.files.len(), 3, "{:?}", o.files);
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn cd_records_the_new_directory() {
        // To where the process already is: the working directory is shared
        // by every test thread, so it must not really change.
        let cwd = std::env::current_dir().unwrap();
        let (mut it, _, _) = interp();
        let o = it.run_command(&format!("cd('{}')", cwd.display()));
        assert!(o.error.is_none(), "{:?}", o.error);
        assert_eq!(o.files, vec![fx(FileKind::Cd, &cwd)]);
        let o = it.run_command("cd /no/such/dir/anywhere");
        assert!(o.error.is_some());
        assert!(o.files.is_empty());
    }

    #[test]
    fn delete_removes_files_and_warns_as_octave_does() {
        let d = tempdir("del");
        let ds = d.display();
        for f in ["a.tmp", "b.tmp", "keep.txt", ".hidden.tmp"] {
            std::fs::write(d.join(f), "x").unwrap();
        }
        std::fs::create_dir(d.join("sub")).unwrap();
        let (mut it, _, err) = interp();
        let o = it.run_command(&format!("delete {ds}/*.tmp"));
        assert!(o.error.is_none(), "{:?}", o.error);
        assert_eq!(
            o.files,
            vec![
                fx(FileKind::Delete, &d.join("a.tmp")),
                fx(FileKind::Delete, &d.join("b.tmp")),
            ]
        );
        assert!(!d.join("a.tmp").exists() && !d.join("b.tmp").exists());
        assert!(d.join("keep.txt").exists() && d.join(".hidden.tmp").exists());
        assert_eq!(err.text(), "");

        let o = it.run_command(&format!(
            "delete('{ds}/nope.txt', '{ds}/keep.txt'); delete {ds}/sub; delete {ds}/*.zzz"
        ));
        assert!(o.error.is_none(), "{:?}", o.error);
        assert_eq!(o.files, vec![fx(FileKind::Delete, &d.join("keep.txt"))]);
        assert_eq!(
            err.text(),
            format!(
                "warning: delete: no such file: {ds}/nope.txt\n\
                 warning: delete: {ds}/sub: Is a directory\n\
                 warning: delete: no such file: {ds}/*.zzz\n"
            )
        );
        let o = it.run_command("delete(3)");
        assert_eq!(
            o.error.map(|e| e.message.clone()).as_deref(),
            Some("delete: first argument must be a filename or graphics handle")
        );
        let o = it.run_command("delete()");
        assert_eq!(
            o.error.map(|e| e.message.clone()).as_deref(),
            Some("Invalid call to delete: wrong number of input arguments.")
        );
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn diary_records_commands_output_and_errors() {
        let d = tempdir("diary");
        let log = d.join("log.txt");
        let (mut it, out, _) = interp();
        let o = it.run_command("a = 0");
        assert!(o.files.is_empty());
        let o = it.run_command(&format!("diary {}", log.display()));
        assert!(o.error.is_none(), "{:?}", o.error);
        assert_eq!(o.files, vec![fx(FileKind::Write, &log)]);
        assert!(it.diary_is_on());
        it.run_command("x = 1");
        it.run_command("y = [1 2];");
        it.run_command("disp(y)");
        it.run_command("error('boom')");
        it.run_command("diary off");
        assert!(!it.diary_is_on());
        it.run_command("z = 3");
        assert_eq!(
            std::fs::read_to_string(&log).unwrap(),
            "x = 1\nx = 1\ny = [1 2];\ndisp(y)\n   1   2\nerror('boom')\nerror: boom\n    error('boom')\n    ^\ndiary off\n"
        );
        // The terminal still got everything.
        assert!(out.text().contains("z = 3"), "{}", out.text());

        // `diary` toggles and reuses the file; `diary on` appends to it.
        it.run_command("diary");
        assert!(it.diary_is_on());
        it.run_command("w = 4;");
        it.run_command("diary");
        assert!(!it.diary_is_on());
        it.run_command("diary on");
        it.run_command("1 +");
        it.run_command("diary off");
        let text = std::fs::read_to_string(&log).unwrap();
        let tail = &text["x = 1\nx = 1\ny = [1 2];\ndisp(y)\n   1   2\nerror('boom')\nerror: boom\n    error('boom')\n    ^\ndiary off\n".len()..];
        assert!(
            tail.starts_with("w = 4;\ndiary\n1 +\nparse error near"),
            "{tail}"
        );
        assert!(tail.ends_with("diary off\n"), "{tail}");

        let o = it.run_command(&format!("diary {}/no/such/dir/f", d.display()));
        assert_eq!(
            o.error.map(|e| e.message.clone()),
            Some(format!(
                "diary: can't open diary file '{}/no/such/dir/f': No such file or directory (os error 2)",
                d.display()
            ))
        );
        let o = it.run_command("diary(3)");
        assert_eq!(
            o.error.map(|e| e.message.clone()).as_deref(),
            Some("diary: argument must be a string")
        );
        let _ = std::fs::remove_dir_all(&d);
    }
}
