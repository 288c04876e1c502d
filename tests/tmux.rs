//! The REPL in a real terminal emulator (tmux), where rustyline runs in raw
//! mode as it does for users: Ctrl-C at the prompt is a key that clears the
//! line, Ctrl-C during a command is SIGINT, Tab completes, Ctrl-D leaves.
//! (tests/pty.rs covers the dumb-terminal path.) `.ci/run` installs tmux.

mod common;
use common::tmux::{self, Tmux};
use common::Sandbox;

fn start(s: &Sandbox, tag: &str) -> Option<Tmux> {
    tmux::available().then(|| Tmux::start(s, &s.cwd, tag, 100))
}

fn count(screen: &str, needle: &str) -> usize {
    screen.matches(needle).count()
}

/// Whether the REPL is waiting at an empty prompt: keys that act on the line
/// (Ctrl-C, Ctrl-D) are only sent then, as a user sends them on seeing it;
/// sent while a command still runs, they would reach the command instead.
fn at_prompt(screen: &str) -> bool {
    screen.trim_end().ends_with("default>>")
}

#[test]
fn raw_mode_terminal_session() {
    let s = Sandbox::new("tmux");
    let Some(t) = start(&s, "raw") else { return };
    t.wait_for("the first prompt", |sc| sc.contains("default>>"));

    t.type_text("measurement_a = [1 2 3];", true);
    t.wait_for("second prompt", |sc| count(sc, "default>>") >= 2);
    // Tab completes a variable name.
    t.type_text("disp(measur", false);
    t.wait_for("the typed prefix", |sc| sc.contains("disp(measur"));
    t.key("Tab");
    t.wait_for("the completed name", |sc| sc.contains("disp(measurement_a"));
    t.type_text(" * 100)", true);
    t.wait_for("completed name evaluated", |sc| {
        sc.contains("100   200   300")
    });

    // Ctrl-C at the prompt clears the typed text. A user types on when the
    // next prompt shows (keys sent before it may be dropped with the line).
    let prompts = count(&t.wait_for("the prompt", at_prompt), "default>>");
    t.type_text("lost = 1", false);
    t.wait_for("the typed text", |sc| sc.contains("lost = 1"));
    t.key("C-c");
    t.wait_for("a fresh prompt", |sc| count(sc, "default>>") > prompts);
    t.type_text("disp(exist('lost') + 40)", true);
    t.wait_for("the cleared line never ran", |sc| {
        sc.lines().any(|l| l.trim() == "40")
    });

    // Ctrl-C stops a running loop; earlier statements are kept.
    t.type_text("before = 7; disp('looping'), while true, end", true);
    t.wait_for("the loop running", |sc| {
        sc.lines().any(|l| l.trim() == "looping")
    });
    t.key("C-c");
    t.wait_for("interrupt notice", |sc| sc.contains("interrupted"));
    t.wait_for("the prompt after the interrupt", at_prompt);
    t.type_text("disp(before + 1)", true);
    t.wait_for("workspace consistent", |sc| {
        sc.lines().any(|l| l.trim() == "8")
    });
    t.wait_for("the prompt after it", at_prompt);

    // Ctrl-D leaves; the session ends with the process.
    t.key("C-d");
    t.wait_exit("Ctrl-D");

    let o = s.code("disp(measurement_a(end) + before)");
    assert_eq!(common::stdout(&o), "10\n");
}
