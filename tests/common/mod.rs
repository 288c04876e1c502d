//! Helpers for tests that drive the real `flatlab` binary.
#![allow(dead_code)]

pub mod bounded;
pub mod rng;
pub mod tmux;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_flatlab");

/// A private FLATLAB_HOME and working directory, removed on drop.
pub struct Sandbox {
    pub home: PathBuf,
    pub cwd: PathBuf,
}

impl Sandbox {
    pub fn new(tag: &str) -> Sandbox {
        let base = std::env::temp_dir().join(format!(
            "flatlab-test-{tag}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        let home = base.join("home");
        let cwd = base.join("cwd");
        std::fs::create_dir_all(&home).expect("create test home");
        std::fs::create_dir_all(&cwd).expect("create test cwd");
        Sandbox { home, cwd }
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::new(BIN);
        c.env("FLATLAB_HOME", &self.home)
            .env("NO_COLOR", "1")
            .current_dir(&self.cwd)
            .stdin(Stdio::null());
        c
    }

    /// `flatlab ARGS...`
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("run flatlab")
    }

    /// `flatlab -c CODE`
    pub fn code(&self, code: &str) -> Output {
        self.run(&["-c", code])
    }

    /// `flatlab -c CODE`, which must succeed; its stdout.
    pub fn ok(&self, code: &str) -> String {
        let o = self.code(code);
        assert!(
            o.status.success(),
            "code failed: {code}\nstdout: {}\nstderr: {}",
            stdout(&o),
            stderr(&o)
        );
        stdout(&o)
    }

    /// Pipe `input` to `flatlab` (stdin not a terminal).
    pub fn pipe(&self, args: &[&str], input: &str) -> Output {
        self.pipe_in(&self.cwd, args, input)
    }

    /// `pipe`, with `dir` as the working directory.
    pub fn pipe_in(&self, dir: &Path, args: &[&str], input: &str) -> Output {
        self.pipe_bytes_in(dir, args, input.as_bytes())
    }

    /// Pipe raw bytes (which need not be UTF-8) to `flatlab`.
    pub fn pipe_bytes(&self, args: &[&str], input: &[u8]) -> Output {
        self.pipe_bytes_in(&self.cwd, args, input)
    }

    fn pipe_bytes_in(&self, dir: &Path, args: &[&str], input: &[u8]) -> Output {
        use std::io::Write;
        let mut child = self
            .cmd()
            .current_dir(dir)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn flatlab");
        // Written from a second thread while the output is read: a large
        // input and output would otherwise fill both pipes and wait forever.
        let mut stdin = child.stdin.take().expect("stdin is piped");
        std::thread::scope(|sc| {
            let writer = sc.spawn(move || stdin.write_all(input));
            let out = child.wait_with_output().expect("wait flatlab");
            // flatlab may exit before reading everything (e.g. `exit`).
            let _ = writer.join().expect("stdin writer");
            out
        })
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.cwd.join(name);
        std::fs::write(&p, text).expect("write test file");
        p
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(base) = self.home.parent() {
            let _ = std::fs::remove_dir_all(base);
        }
    }
}

/// What `code` prints through `-c`, a pipe and a script (each in a fresh
/// sandbox), which must all succeed and print the same.
pub fn same_through_doors(code: &str) -> String {
    let c = Sandbox::new("doors-c");
    let by_c = c.ok(code);
    let p = Sandbox::new("doors-pipe");
    let o = p.pipe(&[], &format!("{code}\n"));
    assert!(o.status.success(), "pipe {code:?}: {}", stderr(&o));
    let by_pipe = stdout(&o);
    let s = Sandbox::new("doors-script");
    s.write("t.m", code);
    let o = s.run(&["t.m"]);
    assert!(o.status.success(), "script {code:?}: {}", stderr(&o));
    assert_eq!(by_c, stdout(&o), "-c and script differ for {code:?}");
    assert_eq!(by_c, by_pipe, "-c and pipe differ for {code:?}");
    by_c
}

/// Runs `code` (which ends by printing `ack`) in a piped session, waits
/// for the acknowledgement and kills the process with SIGKILL: no
/// destructor, no flush, no chance to clean up.
pub fn kill_after_ack(s: &Sandbox, code: &str) {
    use std::io::{BufRead, BufReader, Write};
    let mut child = s
        .cmd()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn flatlab");
    let mut stdin = child.stdin.take().expect("piped");
    let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
    stdin.write_all(code.as_bytes()).expect("write");
    stdin.flush().expect("flush");
    let ack = lines.next().expect("a line").expect("read");
    assert_eq!(ack, "ack");
    child.kill().expect("kill");
    let _ = child.wait();
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Whether FLATLAB_REQUIRE_INTEROP=1 (as in CI): a missing interop tool
/// then fails the test instead of skipping it.
pub fn interop_required() -> bool {
    std::env::var("FLATLAB_REQUIRE_INTEROP").as_deref() == Ok("1")
}

/// True when `tool ARGS` runs and succeeds. Otherwise the test fails when
/// `required`, or prints a note that `skipped` is skipped.
pub fn tool_available(tool: &str, args: &[&str], required: bool, skipped: &str) -> bool {
    let ok = Command::new(tool)
        .args(args)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        assert!(
            !required,
            "FLATLAB_REQUIRE_INTEROP=1 but {tool} {args:?} failed: {skipped} cannot run"
        );
        // Straight to stderr, past the test harness's capture, so it shows.
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr(),
            "note: {tool} {args:?} failed; {skipped} skipped"
        );
    }
    ok
}

pub fn exists(p: &Path) -> bool {
    p.exists()
}
