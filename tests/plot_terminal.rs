//! Figures in the terminal: in a plain terminal (tmux) `plot` at the REPL
//! draws a braille preview and prints the PNG's path; with the kitty
//! protocol forced, the escape sequence reaches a terminal (a pty) but never
//! a pipe or `-c` run, whose stdout stays MATLAB output.

mod common;
use common::tmux::{self, Tmux};
use common::{Sandbox, BIN};
use rexpect::session::spawn_command;
use std::process::Command;

/// Fail straight away, naming what is missing, when `plot` is not a
/// function yet (the plot builtins land from branch plotfn).
fn assert_plot_defined(s: &Sandbox) {
    let o = s.code("plot(1:10); disp(42)");
    assert!(
        o.status.success() && common::stdout(&o).trim_end().ends_with("42"),
        "plot(1:10) fails in -c: {} (the plot builtins must be merged for this test)",
        common::stderr(&o)
    );
}

fn is_braille(c: char) -> bool {
    ('\u{2801}'..='\u{28ff}').contains(&c)
}

#[test]
fn repl_in_tmux_shows_a_braille_preview_and_the_png_path() {
    let s = Sandbox::new("plot_tmux");
    if !tmux::available() {
        return;
    }
    assert_plot_defined(&s);
    let t = Tmux::start(&s, &s.cwd, "plot", 100);
    t.wait_for("the first prompt", |sc| sc.contains("default>>"));
    t.type_text("plot(1:10)", true);
    let screen = t.wait_for("the preview and the PNG path", |sc| {
        sc.contains("figure 1") && sc.contains(".png") || sc.contains("rror")
    });
    assert!(!screen.contains("rror"), "{screen}");
    let dots: usize = screen.chars().filter(|c| is_braille(*c)).count();
    assert!(dots > 20, "few braille dots for a line:\n{screen}");
    // The preview fits the terminal: no line wider than 80 columns.
    assert!(screen.lines().all(|l| l.chars().count() <= 80), "{screen}");
    // The PNG the path names exists and is a PNG.
    let path = screen
        .lines()
        .find_map(|l| l.trim().strip_prefix("figure 1: "))
        .unwrap_or_else(|| panic!("no 'figure 1: PATH' line:\n{screen}"));
    let bytes = std::fs::read(path.trim()).expect("the PNG file named");
    assert!(bytes.starts_with(b"\x89PNG"), "{path} is not a PNG");

    // `close` changes figures but shows nothing new.
    let before = screen.matches("figure 1:").count();
    t.type_text("close all; disp('closed')", true);
    // The echoed command contains "closed" too: wait for the output line,
    // or Ctrl-D below can arrive while the command runs (the terminal is
    // then in cooked mode and the line discipline drops the EOF).
    let screen = t.wait_for("close ran", |sc| sc.lines().any(|l| l.trim() == "closed"));
    assert_eq!(screen.matches("figure 1:").count(), before, "{screen}");
    t.ctrl_d_exit();
    // The session's PNG files go with the session (the figures stay in
    // the workspace).
    assert!(
        !std::path::Path::new(path.trim()).exists(),
        "{path} outlived the session"
    );
}

#[test]
fn forced_kitty_writes_escapes_only_to_a_terminal() {
    let s = Sandbox::new("plot_kitty");
    assert_plot_defined(&s);
    // -c and a pipe: stdout is MATLAB output only, whatever the variable.
    let o = s
        .cmd()
        .env("FLATLAB_INLINE_IMAGES", "kitty")
        .env("TERM", "xterm-kitty")
        .args(["-c", "plot(1:10); disp(7)"])
        .output()
        .expect("run -c");
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert_eq!(common::stdout(&o), "7\n");
    assert!(!o.stdout.contains(&0x1b) && !o.stderr.contains(&0x1b));
    let mut cmd = s.cmd();
    cmd.env("FLATLAB_INLINE_IMAGES", "kitty")
        .env("TERM", "xterm-kitty");
    let o = {
        use std::io::Write;
        let mut child = cmd
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn a pipe run");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(b"plot(1:10)\ndisp(8)\n")
            .expect("write stdin");
        child.wait_with_output().expect("pipe run")
    };
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert_eq!(common::stdout(&o), "8\n");
    assert!(!o.stdout.contains(&0x1b));

    // The REPL on a pty with kitty forced writes the kitty sequence. (A
    // dumb TERM keeps rustyline from querying the cursor; the variable
    // still forces the protocol.)
    let mut cmd = Command::new(BIN);
    cmd.env("FLATLAB_HOME", &s.home)
        .env("NO_COLOR", "1")
        .env("TERM", "dumb")
        .env("FLATLAB_INLINE_IMAGES", "kitty")
        .current_dir(&s.cwd);
    let mut p = spawn_command(cmd, Some(30_000)).expect("spawn flatlab in a pty");
    p.exp_string(">> ").expect("the prompt");
    p.send_line("plot(1:10)").expect("type plot");
    p.exp_string("\x1b_Gf=100,a=T")
        .expect("the kitty graphics sequence on the terminal");
    let first = p.exp_string("\x1b\\").expect("the first chunk's end");
    // The payload is the PNG, base64: it starts with the PNG signature.
    assert!(first.contains(";iVBORw0KGgo"), "{first:?}");
    if first.contains("m=1;") {
        p.exp_string("m=0;").expect("the last chunk (m=0)");
        p.exp_string("\x1b\\").expect("the sequence's end");
    } else {
        assert!(first.contains("m=0;"), "{first:?}");
    }
    p.exp_string("figure 1: ").expect("the PNG path");
    p.send_line("exit").expect("exit");
    p.exp_eof().expect("the REPL ends");
}
