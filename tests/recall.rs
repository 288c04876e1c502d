//! The line editor's history comes from the workspace store, in a real
//! terminal emulator (tmux, raw mode, as users run it): Ctrl-R in a second
//! session finds a command of the first one, shows that it ran in another
//! directory, and Enter runs it (without the mark) in the new session.
//! `.ci/run` installs tmux.

mod common;
use common::tmux::{self, Tmux};
use common::Sandbox;
use std::path::Path;

/// Runs `input` through `flatlab` on a pipe in `dir` (session 1).
fn pipe_in(s: &Sandbox, dir: &Path, input: &str) {
    let o = s.pipe_in(dir, &[], input);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The last screen line that starts with the prompt or the search prompt.
fn input_line(screen: &str) -> String {
    screen
        .lines()
        .rev()
        .find(|l| l.contains("default>>") || l.contains("reverse-i-search"))
        .unwrap_or("")
        .to_string()
}

#[test]
fn ctrl_r_recalls_an_earlier_session_and_marks_its_directory() {
    if !tmux::available() {
        eprintln!("tmux is not installed: skipping (CI installs it)");
        return;
    }
    let s = Sandbox::new("recall");
    let dir_a = s.cwd.join("dir_a");
    let dir_b = s.cwd.join("dir_b");
    std::fs::create_dir_all(&dir_a).unwrap();
    std::fs::create_dir_all(&dir_b).unwrap();
    let a = dir_a.canonicalize().unwrap().display().to_string();

    // Session 1, in directory A.
    pipe_in(&s, &dir_a, "marker_from_session_one = 42;\nother_b = 1;\n");

    // Session 2, in directory B: Ctrl-R finds the command, marked as from A.
    let t = Tmux::start(&s, &dir_b, "recall", 220);
    t.wait_for("the first prompt", |sc| sc.contains("default>>"));
    t.key("C-r");
    t.type_text("marker_from", false);
    let mark = format!("% ran in {a}");
    let sc = t.wait_for("the found command and its directory", |sc| {
        let l = input_line(sc);
        l.contains("reverse-i-search") && l.contains("marker_from_session_one = 42;")
    });
    let found = input_line(&sc);
    assert!(
        found.contains(&mark),
        "a command from another directory must be marked:\n{sc}"
    );
    t.key("Enter");
    t.wait_for("the second prompt", |sc| {
        sc.matches("default>>").count() >= 2
    });
    t.type_text("disp(marker_from_session_one + 1)", true);
    t.wait_for("the recalled command ran", |sc| {
        sc.lines().any(|l| l.trim() == "43")
    });

    // Up twice: the recalled command, which now ran here, is not marked.
    t.key("Up");
    t.key("Up");
    let sc = t.wait_for("the recalled command again", |sc| {
        sc.lines()
            .last_non_empty()
            .contains("default>> marker_from_session_one = 42;")
    });
    assert!(
        !sc.lines().last_non_empty().contains("ran in"),
        "a command that last ran here is not marked:\n{sc}"
    );
    // One more Up reaches session 1's `other_b = 1;`, from A.
    t.key("Up");
    t.key("Up");
    let sc = t.wait_for("session 1's first command", |sc| {
        sc.lines()
            .last_non_empty()
            .contains("default>> marker_from_session_one = 42;")
            && sc.lines().last_non_empty().contains(&mark)
    });
    drop(sc);
    // Ctrl-C clears the line; Ctrl-D is sent once the new, empty prompt is
    // up (raw mode is on again by then, so it is a key, not a tty EOF).
    t.key("C-c");
    t.wait_for("an empty prompt", |sc| {
        sc.lines().last_non_empty().trim_end() == "default>>"
    });
    t.key("C-d");
    t.wait_exit("Ctrl-D");

    // The record of the recalled command is the command, without the mark,
    // and it ran in B.
    let o = s.run(&["history", "-w", "default", "--all", "--long"]);
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(!text.contains("ran in"), "{text}");
    let o = s.run(&["history", "-w", "default", "--grep", "^marker_from"]);
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains(&format!("[in {a}]")), "{text}");
}

trait LastNonEmpty<'a> {
    fn last_non_empty(self) -> &'a str;
}

impl<'a, I: DoubleEndedIterator<Item = &'a str>> LastNonEmpty<'a> for I {
    fn last_non_empty(mut self) -> &'a str {
        self.rfind(|l| !l.trim().is_empty()).unwrap_or("")
    }
}
