//! Builtins that reach outside the workspace and are recorded as file
//! effects: `system`/`unix` (an external command; the history records the
//! command line), `mkdir`, `rmdir`, `copyfile`, `movefile` and `fileread`. Their messages follow Octave 7.

use super::Interp;
use crate::error::{Error, Result};
use crate::history::FileKind;
use crate::value::Value;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

fn str_arg(v: &Value, who: &str) -> Result<String> {
    match v {
        Value::Char(_) => v.to_str(who),
        _ => Err(Error::new(format!("{who}: arguments must be strings"))),
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
    /// system, unix: run a shell command.
    ///
    /// `STATUS = system(COMMAND)` runs COMMAND with the shell (/bin/sh) and
    /// returns its exit status (0 for success); its output is shown. `unix`
    /// is the same function. The command gets no standard input; Ctrl-C
    /// stops it.
    ///
    /// `[STATUS, OUTPUT] = system(COMMAND)` returns the output as a string
    /// instead of showing it; `system(COMMAND, true)` does not show it either
    /// (it is the second output).
    ///
    /// ```text
    /// >> [status, out] = system('echo hi')
    /// status = 0
    /// out = hi
    /// >> status = system('exit 3')
    /// status = 3
    /// ```
    pub(crate) fn system_builtin(
        &mut self,
        name: &str,
        args: &[Value],
        nargout: usize,
    ) -> Result<Vec<Value>> {
        let cmd = match args {
            [c] | [c, _] | [c, _, _] => str_arg(c, name)?,
            _ => return Err(Error::nargin(name)),
        };
        let return_output = nargout > 1
            || match args.get(1) {
                Some(v) => v.is_true().unwrap_or(false),
                None => false,
            };
        // The program writes to the shared stderr and acts outside this
        // process: output held for a group commit shows first, after it.
        crate::shell::release_output();
        let mut child = Command::new("/bin/sh")
            .arg("-c")
            .arg(&cmd)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| Error::new(format!("{name}: cannot run /bin/sh: {}", io_text(&e))))?;
        self.record_effect_text(FileKind::External, &cmd);
        let mut stdout = child
            .stdout
            .take()
            .ok_or_else(|| Error::new(format!("{name}: no output pipe")))?;
        // A reader thread, so this thread can watch for Ctrl-C.
        let reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = stdout.read_to_end(&mut buf);
            buf
        });
        let status = loop {
            match child.try_wait() {
                Ok(Some(s)) => break s,
                Ok(None) => {}
                Err(e) => return Err(Error::new(format!("{name}: {}", io_text(&e)))),
            }
            if self.check_interrupt().is_err() {
                let _ = child.kill();
                let _ = child.wait();
                let _ = reader.join();
                return Err(Error::interrupted());
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let output = reader.join().unwrap_or_default();
        let code = match status.code() {
            Some(c) => c as f64,
            None => {
                use std::os::unix::process::ExitStatusExt;
                128.0 + status.signal().unwrap_or(0) as f64
            }
        };
        if return_output {
            let text = String::from_utf8_lossy(&output).into_owned();
            Ok(vec![Value::num(code), Value::str(&text)])
        } else {
            self.out
                .write_all(&output)
                .map_err(|e| Error::new(format!("cannot write output: {e}")))?;
            let _ = self.out.flush();
            Ok(vec![Value::num(code)])
        }
    }

    /// mkdir: make a new folder.
    ///
    /// `mkdir(DIRNAME)` creates the folder DIRNAME, with any missing parent
    /// folders; `mkdir(PARENT, DIRNAME)` creates it inside PARENT. An existing
    /// folder is not an error.
    ///
    /// `[STATUS, MSG, MSGID] = mkdir(...)` returns 1 on success (0 otherwise,
    /// instead of an error), a message ('directory exists' when it already
    /// did) and a message identifier.
    ///
    /// ```text
    /// >> [ok, msg] = mkdir('sub')
    /// ok = 1
    /// msg =
    /// ```
    pub(crate) fn mkdir_builtin(&mut self, args: &[Value], nargout: usize) -> Result<Vec<Value>> {
        let dir = match args {
            [d] => PathBuf::from(str_arg(d, "mkdir")?),
            [p, d] => Path::new(&str_arg(p, "mkdir")?).join(str_arg(d, "mkdir")?),
            _ => return Err(Error::nargin("mkdir")),
        };
        let (ok, msg) = if dir.is_dir() {
            (true, "directory exists".to_string())
        } else {
            match std::fs::create_dir_all(&dir) {
                Ok(()) => {
                    self.record_effect(FileKind::Write, &dir);
                    (true, String::new())
                }
                Err(e) => (false, io_text(&e)),
            }
        };
        status_outputs("mkdir", ok, msg, nargout)
    }

    /// rmdir: remove a folder.
    ///
    /// `rmdir(DIRNAME)` removes the empty folder DIRNAME;
    /// `rmdir(DIRNAME, 's')` removes it with all its contents.
    ///
    /// `[STATUS, MSG, MSGID] = rmdir(...)` returns 1 on success (0 otherwise,
    /// instead of an error), a message and a message identifier.
    ///
    /// ```text
    /// >> mkdir('d'); rmdir('d'); exist('d', 'dir')
    /// ans = 0
    /// ```
    pub(crate) fn rmdir_builtin(&mut self, args: &[Value], nargout: usize) -> Result<Vec<Value>> {
        let (dir, recursive) = match args {
            [d] => (PathBuf::from(str_arg(d, "rmdir")?), false),
            [d, s] => (
                PathBuf::from(str_arg(d, "rmdir")?),
                str_arg(s, "rmdir")? == "s",
            ),
            _ => return Err(Error::nargin("rmdir")),
        };
        let r = if recursive {
            std::fs::remove_dir_all(&dir)
        } else {
            std::fs::remove_dir(&dir)
        };
        let (ok, msg) = match r {
            Ok(()) => {
                self.record_effect(FileKind::Delete, &dir);
                (true, String::new())
            }
            Err(e) => (false, io_text(&e)),
        };
        status_outputs("rmdir", ok, msg, nargout)
    }

    /// copyfile, movefile: copy or move files.
    ///
    /// `copyfile(src, dest)` copies the file src to dest; `movefile(src, dest)`
    /// moves (renames) it. src may be a pattern with `*` and `?` matching
    /// several files; when dest is an existing folder the files go into it
    /// under their own names.
    ///
    /// `[status, msg, msgid] = copyfile(...)` (or `movefile`) returns true on
    /// success, or false and a message instead of raising an error.
    ///
    /// ```text
    /// >> fid = fopen('a.txt', 'w'); fputs(fid, 'abc'); fclose(fid); copyfile('a.txt', 'b.txt'); fileread('b.txt')
    /// ans = abc
    /// >> fid = fopen('a.txt', 'w'); fclose(fid); movefile('a.txt', 'c.txt'); [exist('a.txt') exist('c.txt')]
    /// ans =
    ///
    ///    0   2
    /// ```
    pub(crate) fn copymove_builtin(
        &mut self,
        name: &str,
        args: &[Value],
        nargout: usize,
    ) -> Result<Vec<Value>> {
        let (src, dst) = match args {
            [s, d] | [s, d, _] => (str_arg(s, name)?, PathBuf::from(str_arg(d, name)?)),
            _ => return Err(Error::nargin(name)),
        };
        let files = super::effects::expand(&src);
        let fail = |msg: String| -> Result<Vec<Value>> {
            if nargout == 0 {
                Err(Error::new(format!("{name}: {msg}")))
            } else {
                Ok(vec![Value::bool(false), Value::str(&msg), Value::str(name)])
            }
        };
        if files.is_empty() {
            return fail("no files to move".into());
        }
        let into_dir = dst.is_dir();
        if files.len() > 1 && !into_dir {
            return fail(format!(
                "when copying multiple files, DEST must be a directory: {}",
                dst.display()
            ));
        }
        for f in files {
            let target = match (into_dir, f.file_name()) {
                (true, Some(n)) => dst.join(n),
                _ => dst.clone(),
            };
            let r = if name == "movefile" {
                std::fs::rename(&f, &target)
                    .or_else(|_| std::fs::copy(&f, &target).and_then(|_| std::fs::remove_file(&f)))
            } else {
                std::fs::copy(&f, &target).map(|_| ())
            };
            if let Err(e) = r {
                return fail(io_text(&e));
            }
            let first = if name == "movefile" {
                FileKind::Delete
            } else {
                FileKind::Read
            };
            self.record_effect(first, &f);
            self.record_effect(FileKind::Write, &target);
        }
        if nargout == 0 {
            return Ok(vec![]);
        }
        Ok(vec![Value::bool(true), Value::str(""), Value::str("")])
    }

    /// fileread: read a whole text file into a string.
    ///
    /// `text = fileread(filename)` returns the contents of the file as a char
    /// row, line breaks included.
    ///
    /// ```text
    /// >> fid = fopen('t.txt', 'w'); fprintf(fid, 'line 1\nline 2\n'); fclose(fid); s = fileread('t.txt'); numel(s)
    /// ans = 14
    /// >> fid = fopen('t.txt', 'w'); fprintf(fid, 'a,b'); fclose(fid); fileread('t.txt')
    /// ans = a,b
    /// ```
    pub(crate) fn fileread_builtin(&mut self, args: &[Value]) -> Result<Vec<Value>> {
        let file = match args {
            [f] | [f, _, _] => str_arg(f, "fileread")?,
            _ => return Err(Error::nargin("fileread")),
        };
        let bytes = std::fs::read(&file).map_err(|_| Error::new("fileread: cannot open file"))?;
        self.record_effect(FileKind::Read, Path::new(&file));
        Ok(vec![Value::str(&String::from_utf8_lossy(&bytes))])
    }

    /// Record an effect whose "path" is not a file (an external command line).
    fn record_effect_text(&mut self, kind: FileKind, text: &str) {
        let e = crate::history::FileEffect {
            kind,
            path: text.to_string(),
        };
        if !self.track.files.contains(&e) {
            self.track.files.push(e);
        }
    }
}

/// Octave's `[status, msg, msgid]` convention: with no outputs asked for,
/// a failure is an error.
fn status_outputs(who: &str, ok: bool, msg: String, nargout: usize) -> Result<Vec<Value>> {
    if nargout == 0 {
        if ok {
            return Ok(vec![]);
        }
        return Err(Error::new(format!("{who}: operation failed: {msg}")));
    }
    Ok(vec![
        Value::bool(ok),
        Value::str(&msg),
        Value::str(if msg.is_empty() { "" } else { who }),
    ])
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{tempdir, Buf};
    use super::*;
    use crate::history::FileEffect;

    #[test]
    fn system_runs_displays_returns_and_is_recorded() {
        let out = Buf::default();
        let mut it = Interp::new(Box::new(out.clone()), Box::new(std::io::sink()));
        let o = it.run_command("s = system('echo hi; exit 3');");
        assert!(o.error.is_none(), "{:?}", o.error);
        assert_eq!(it.get_var("s"), Some(&Value::num(3.0)));
        assert_eq!(String::from_utf8_lossy(&out.0.borrow()), "hi\n");
        assert_eq!(
            o.files,
            vec![FileEffect {
                kind: FileKind::External,
                path: "echo hi; exit 3".into()
            }]
        );
        let o = it.run_command("[s, t] = system('printf abc');");
        assert!(o.error.is_none(), "{:?}", o.error);
        assert_eq!(it.get_var("s"), Some(&Value::num(0.0)));
        assert_eq!(it.get_var("t"), Some(&Value::str("abc")));
        assert_eq!(String::from_utf8_lossy(&out.0.borrow()), "hi\n");
        let o = it.run_command("system(3)");
        assert!(o.error.is_some());
    }

    #[test]
    fn copyfile_movefile_and_fileread_are_recorded() {
        let d = tempdir("copy");
        let ds = d.display();
        std::fs::write(d.join("f1.txt"), "hi\n").unwrap();
        std::fs::create_dir(d.join("sub")).unwrap();
        let mut it = Interp::new(Box::new(std::io::sink()), Box::new(std::io::sink()));
        let o = it.run_command(&format!(
            "copyfile('{ds}/f1.txt', '{ds}/f2.txt'); movefile('{ds}/f*.txt', '{ds}/sub'); \
             t = fileread('{ds}/sub/f2.txt');"
        ));
        assert!(o.error.is_none(), "{:?}", o.error);
        assert_eq!(it.get_var("t"), Some(&Value::str("hi\n")));
        let e = |kind, p: &str| FileEffect {
            kind,
            path: d.join(p).display().to_string(),
        };
        assert_eq!(
            o.files,
            vec![
                e(FileKind::Read, "f1.txt"),
                e(FileKind::Write, "f2.txt"),
                e(FileKind::Delete, "f1.txt"),
                e(FileKind::Write, "sub/f1.txt"),
                e(FileKind::Delete, "f2.txt"),
                e(FileKind::Write, "sub/f2.txt"),
                e(FileKind::Read, "sub/f2.txt"),
            ]
        );
        let o = it.run_command(&format!("copyfile('{ds}/nonex', '{ds}/x')"));
        assert_eq!(
            o.error.map(|e| e.message.clone()).as_deref(),
            Some("copyfile: no files to move")
        );
        let o = it.run_command(&format!("[s, m] = movefile('{ds}/nonex', '{ds}/x');"));
        assert!(o.error.is_none());
        assert_eq!(it.get_var("m"), Some(&Value::str("no files to move")));
        let o = it.run_command(&format!("fileread('{ds}/nonex')"));
        assert_eq!(
            o.error.map(|e| e.message.clone()).as_deref(),
            Some("fileread: cannot open file")
        );
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn mkdir_and_rmdir_follow_octave() {
        let d = tempdir("dirs");
        let ds = d.display();
        let mut it = Interp::new(Box::new(std::io::sink()), Box::new(std::io::sink()));
        let o = it.run_command(&format!("mkdir {ds}/a/b; [s, m, id] = mkdir('{ds}/a/b');"));
        assert!(o.error.is_none(), "{:?}", o.error);
        assert!(d.join("a/b").is_dir());
        assert_eq!(it.get_var("s"), Some(&Value::bool(true)));
        assert_eq!(it.get_var("m"), Some(&Value::str("directory exists")));
        assert_eq!(it.get_var("id"), Some(&Value::str("mkdir")));
        assert_eq!(
            o.files,
            vec![FileEffect {
                kind: FileKind::Write,
                path: d.join("a/b").display().to_string()
            }]
        );
        let o = it.run_command(&format!("rmdir {ds}/nonex"));
        assert_eq!(
            o.error.map(|e| e.message.clone()).as_deref(),
            Some("rmdir: operation failed: No such file or directory")
        );
        let o = it.run_command(&format!("rmdir('{ds}/a', 's')"));
        assert!(o.error.is_none(), "{:?}", o.error);
        assert!(!d.join("a").exists());
        assert_eq!(o.files[0].kind, FileKind::Delete);
        let _ = std::fs::remove_dir_all(&d);
    }
}
