//! The interactive shell in a real pseudo-terminal (rustyline needs one):
//! a multi-line `for` block, Ctrl-C at the prompt, Ctrl-C interrupting
//! `while true, end`, Ctrl-D, and a second start that resumes the workspace.

mod common;
use common::{Sandbox, BIN};
use rexpect::session::{spawn_command, PtySession};
use std::process::Command;

fn start(s: &Sandbox) -> PtySession {
    let mut cmd = Command::new(BIN);
    cmd.env("FLATLAB_HOME", &s.home)
        .env("NO_COLOR", "1")
        // A dumb terminal: rustyline then reads lines without querying the
        // cursor position (which rexpect cannot answer); Ctrl-C arrives as
        // SIGINT, the path terminals without raw mode take.
        .env("TERM", "dumb")
        .current_dir(&s.cwd);
    spawn_command(cmd, Some(20_000)).expect("spawn flatlab in a pty")
}

#[test]
fn interactive_session_survives_ctrl_c_and_resumes() {
    let s = Sandbox::new("pty");
    let mut p = start(&s);
    p.exp_string("default>> ").expect("first prompt");

    // A multi-line block: the parser keeps reading until `end`.
    p.send_line("acc = 0;").expect("send");
    p.exp_string("default>> ").expect("prompt");
    p.send_line("for k = 1:3").expect("send");
    p.send_line("  acc = acc + k;").expect("send");
    p.send_line("end").expect("send");
    p.exp_string("default>> ").expect("prompt after the block");
    p.send_line("disp(acc * 100)").expect("send");
    p.exp_string("600").expect("the block ran once, as a whole");
    p.exp_string("default>> ").expect("prompt");

    // Ctrl-C at the prompt clears the half-typed line.
    p.send("lost = 1").expect("send");
    p.flush().expect("flush");
    p.send_control('c').expect("ctrl-c");
    // The next line at once: the signal is handled by the interpreter's
    // thread before it reads that line (the helper threads block SIGINT).
    p.send_line("disp(exist('lost') + 40)").expect("send");
    p.exp_string("40").expect("the cleared line never ran");
    p.exp_string("default>> ").expect("prompt");

    // Ctrl-C stops a running loop; statements that completed are kept.
    p.send_line("before = 7; while true, end").expect("send");
    std::thread::sleep(std::time::Duration::from_millis(300));
    p.send_control('c').expect("ctrl-c");
    p.exp_string("interrupted").expect("interrupt notice");
    p.exp_string("default>> ")
        .expect("prompt after the interrupt");
    p.send_line("disp(before + 1)").expect("send");
    p.exp_string("8")
        .expect("workspace consistent after the interrupt");
    p.exp_string("default>> ").expect("prompt");

    // Ctrl-D leaves.
    p.send_control('d').expect("ctrl-d");
    p.exp_eof().expect("exit on Ctrl-D");

    // A second start resumes the workspace and says so.
    let mut p = start(&s);
    p.exp_string("resumed workspace 'default'")
        .expect("resume banner");
    p.exp_string("default>> ").expect("prompt");
    p.send_line("disp(acc + before)").expect("send");
    p.exp_string("13").expect("variables resumed");
    p.send_line("exit").expect("send");
    p.exp_eof().expect("exit");
}
