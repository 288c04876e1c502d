//! Every door gives the same answer: what a user types at the REPL, pipes in,
//! passes with `-c` or keeps in a script must store and show the same values.
//! Issue 10 found faults that only the typed doors had; these tests drive all
//! of them with the same input.

mod common;

use common::tmux::{self, Tmux};
use common::{stderr, stdout, Sandbox};

/// The value of `name` as stored in the workspace, printed with full precision
/// by a second process.
fn stored(s: &Sandbox, name: &str) -> String {
    s.ok(&format!("fprintf('%.17g\\n', {name});"))
        .trim()
        .to_string()
}

/// A fractional literal at the very end of the text (no `;`, no newline) was
/// stored truncated: `-c "dt = 0.01"` stored 0 (issue 10, fault 1).
#[test]
fn fractional_literal_at_end_of_input_through_every_door() {
    let cases = [("dt = 0.01", "dt", "0.01"), ("x = 1 + 0.5", "x", "1.5")];
    for (code, name, want) in cases {
        // -c
        let s = Sandbox::new("door-c");
        let shown = s.ok(code);
        assert!(
            !shown.trim_end().ends_with("= 0") && !shown.trim_end().ends_with("= 1"),
            "-c {code:?} displayed {shown:?}"
        );
        assert_eq!(stored(&s, name), want, "-c {code:?}");

        // pipe: every line ends with the literal
        let s = Sandbox::new("door-pipe");
        let o = s.pipe(&[], &format!("{code}\nz = 1\n"));
        assert!(o.status.success(), "pipe {code:?}: {}", stdout(&o));
        assert_eq!(stored(&s, name), want, "pipe {code:?}");

        // script file without a final newline
        let s = Sandbox::new("door-script");
        let f = s.write("last.m", code);
        let o = s.run(&[f.to_str().expect("utf-8 temp path")]);
        assert!(o.status.success(), "script {code:?}: {}", stdout(&o));
        assert_eq!(stored(&s, name), want, "script {code:?}");
    }
    let s = Sandbox::new("door-pipe-last");
    let o = s.pipe(&[], "y = 2.5\nz = 1\nw = 0.25");
    assert!(o.status.success());
    assert_eq!(stored(&s, "y"), "2.5");
    assert_eq!(stored(&s, "w"), "0.25");
}

/// flatlab at its first prompt in a real terminal (tmux), or None (with a
/// note) when tmux is missing.
fn at_prompt(tag: &str) -> Option<(Sandbox, Tmux)> {
    if !tmux::available() {
        return None;
    }
    let s = Sandbox::new(tag);
    let t = Tmux::start(&s, &s.cwd, tag, 100);
    t.wait_for("prompt", |sc| sc.contains(">>"));
    Some((s, t))
}

/// The same at the interactive prompt, typed into a real terminal.
#[test]
fn fractional_literal_typed_at_the_repl() {
    let Some((s, t)) = at_prompt("door-repl") else {
        return;
    };
    t.type_text("a = 0.5", true);
    t.wait_for("a displayed", |sc| sc.contains("a = 0.5000"));
    t.type_text("exit", true);
    t.wait_exit("exit");
    drop(t);
    assert_eq!(stored(&s, "a"), "0.5");
}

/// `flatlab` with raw (possibly non-UTF-8) arguments.
fn run_raw(s: &Sandbox, args: &[&[u8]]) -> std::process::Output {
    use std::os::unix::ffi::OsStrExt;
    let mut c = s.cmd();
    for a in args {
        c.arg(std::ffi::OsStr::from_bytes(a));
    }
    c.output().expect("run flatlab")
}

fn no_panic(o: &std::process::Output, what: &str) {
    let err = stderr(o);
    assert!(
        o.status.code() != Some(101) && !err.contains("panicked"),
        "{what} panicked: {err}"
    );
}

/// Arguments that are not UTF-8 panicked in main.rs (exit 101; issue 10,
/// fault 5). Code and names must be text: a clear error naming the place.
/// Paths are bytes on Unix: such a script runs, or fails with the OS error.
#[test]
fn arguments_that_are_not_utf8_are_errors_not_panics() {
    let s = Sandbox::new("door-args");
    let o = run_raw(&s, &[b"-c", b"x=1;\ny=\xff;"]);
    no_panic(&o, "-c");
    assert_eq!(o.status.code(), Some(1), "-c: {}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("-c CODE is not valid UTF-8: byte 0xFF at line 2, column 3, byte offset 7"),
        "{}",
        stderr(&o)
    );
    assert!(s.ok("disp(exist('x'))").contains('0'), "nothing of it ran");

    let o = run_raw(&s, &[b"-w", b"w\xff", b"-c", b"x=1"]);
    no_panic(&o, "-w");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("invalid workspace name 'w\\xFF': not valid UTF-8"),
        "{}",
        stderr(&o)
    );

    let o = run_raw(&s, &[b"f\xff.m"]);
    no_panic(&o, "a missing script");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("No such file or directory (os error 2)")
            && stderr(&o).contains("cannot run script 'f"),
        "{}",
        stderr(&o)
    );

    use std::os::unix::ffi::OsStrExt;
    std::fs::write(
        s.cwd.join(std::ffi::OsStr::from_bytes(b"f\xff.m")),
        "from_odd_name = 5",
    )
    .expect("write script");
    let o = run_raw(&s, &[b"f\xff.m"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "from_odd_name = 5");
    assert_eq!(stored(&s, "from_odd_name"), "5");
}

/// One line that is not UTF-8 stopped a whole piped session ("cannot read
/// standard input"; issue 10, fault 5). It is reported with its line number,
/// its command is not run, and the session goes on.
#[test]
fn a_pipe_goes_on_after_a_line_that_is_not_utf8() {
    let s = Sandbox::new("door-pipe-bytes");
    let o = s.pipe_bytes(
        &[],
        b"a = 1\nb = '\xff'\nc = 3\nfor k = 1:2\n  d = '\xe9';\nend\ne = 5",
    );
    no_panic(&o, "pipe");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("line 2 is not valid UTF-8 (byte 0xFF at column 6); it was not run"),
        "{err}"
    );
    assert!(
        err.contains("line 5 is not valid UTF-8 (byte 0xE9 at column 8); the command on lines 4-6 was not run"),
        "{err}"
    );
    assert_eq!(stdout(&o), "a = 1\nc = 3\ne = 5\n");
    let exist = s.ok(
        "fprintf('%d', exist('a'), exist('b'), exist('c'), exist('d'), exist('k'), exist('e'))",
    );
    assert_eq!(exist, "101001");
}

/// A script or function file that is not UTF-8 was refused ("stream did not
/// contain valid UTF-8", with no place). Files from Windows are often
/// Windows-1252: they are read as such, as MATLAB falls back to the system
/// encoding, with a warning naming the file and the first such byte.
#[test]
fn script_and_function_files_in_windows_1252_run() {
    let s = Sandbox::new("door-latin1");
    std::fs::write(
        s.cwd.join("latin.m"),
        b"% Temp\xe9rature, \x93quoted\x94\nt = 'caf\xe9';\nv = tail2(t);\n",
    )
    .expect("write script");
    std::fs::write(
        s.cwd.join("tail2.m"),
        b"function y = tail2(x)\n% \xa9 2019 \x80\ny = double(x(end-1:end));\nend\n",
    )
    .expect("write function");
    let o = s.run(&["latin.m"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("warning: latin.m is not valid UTF-8 (byte 0xE9 at line 1, column 7, byte offset 6); read as Windows-1252"),
        "{err}"
    );
    assert!(err.contains("tail2.m is not valid UTF-8"), "{err}");
    // The same text as typed in UTF-8: é is U+00E9 either way.
    assert_eq!(s.ok("fprintf('%d ', v)"), "102 233 ");
    assert_eq!(s.ok("fprintf('%d', isequal(t, 'café'))"), "1");
}

/// At the prompt, a line with a byte that is not UTF-8 ended the session
/// ("input error"). It is refused and the session goes on; the rest of the
/// line (already typed or pasted) is dropped with it.
#[test]
fn the_repl_goes_on_after_a_line_that_is_not_utf8() {
    let Some((s, t)) = at_prompt("door-repl-bytes") else {
        return;
    };
    t.type_bytes(b"q = 5; % \xff\r");
    // The refusal, then the next prompt (keys typed before it can be lost).
    t.wait_for("the refusal and the next prompt", |sc| {
        sc.contains("the typed line is not valid UTF-8") && sc.trim_end().ends_with(">>")
    });
    t.type_text("w = 42", true);
    t.wait_for("w displayed", |sc| sc.lines().any(|l| l.trim() == "w = 42"));
    t.type_text("exit", true);
    t.wait_exit("exit");
    drop(t);
    assert_eq!(stored(&s, "w"), "42");
    assert_eq!(s.ok("fprintf('%d', exist('q'))"), "0");
}
