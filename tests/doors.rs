//! Every door gives the same answer: what a user types at the REPL, pipes in,
//! passes with `-c` or keeps in a script must store and show the same values.
//! Issue 10 found faults that only the typed doors had; these tests drive all
//! of them with the same input.

mod common;

use common::tmux::{self, Tmux};
use common::{stdout, Sandbox};

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

/// The same at the interactive prompt, typed into a real terminal.
#[test]
fn fractional_literal_typed_at_the_repl() {
    if !tmux::available() {
        return;
    }
    let s = Sandbox::new("door-repl");
    let t = Tmux::start(&s, &s.cwd, "door-repl", 100);
    t.wait_for("prompt", |sc| sc.contains(">>"));
    t.type_text("a = 0.5", true);
    t.wait_for("a displayed", |sc| sc.contains("a = 0.5000"));
    t.type_text("exit", true);
    t.wait_exit("exit");
    drop(t);
    assert_eq!(stored(&s, "a"), "0.5");
}
