//! The REPL in a real terminal emulator (tmux), where rustyline runs in raw
//! mode as it does for users: Ctrl-C at the prompt is a key that clears the
//! line, Ctrl-C during a command is SIGINT, Tab completes, Ctrl-D leaves.
//! (tests/pty.rs covers the dumb-terminal path.) `.ci/run` installs tmux.

mod common;
use common::{Sandbox, BIN};
use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    session: String,
}

impl Tmux {
    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux").args(args).output().expect("run tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
    /// Type text literally (no key-name interpretation), optionally Enter.
    fn type_text(&self, text: &str, enter: bool) {
        self.tmux(&["send-keys", "-t", &self.session, "-l", text]);
        if enter {
            self.tmux(&["send-keys", "-t", &self.session, "Enter"]);
        }
    }
    fn key(&self, k: &str) {
        self.tmux(&["send-keys", "-t", &self.session, k]);
    }
    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", &self.session])
    }
    /// Wait until the screen satisfies `pred`; panics with the screen after 20 s.
    fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if pred(&s) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waiting for {what}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    fn alive(&self) -> bool {
        Command::new("tmux")
            .args(["has-session", "-t", &self.session])
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.session])
            .status();
    }
}

fn start(s: &Sandbox, tag: &str) -> Option<Tmux> {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("tmux is not installed: skipping (CI installs it)");
        return None;
    }
    let session = format!("flatlab-{tag}-{}", std::process::id());
    let cmd = format!(
        "cd '{}' && FLATLAB_HOME='{}' NO_COLOR=1 '{}'",
        s.cwd.display(),
        s.home.display(),
        BIN
    );
    let ok = Command::new("tmux")
        .args([
            "new-session",
            "-d",
            "-s",
            &session,
            "-x",
            "100",
            "-y",
            "40",
            &cmd,
        ])
        .status()
        .expect("start tmux");
    assert!(ok.success());
    Some(Tmux { session })
}

fn count(screen: &str, needle: &str) -> usize {
    screen.matches(needle).count()
}

#[test]
fn raw_mode_terminal_session() {
    if std::env::var_os("CI").is_some() && Command::new("tmux").arg("-V").output().is_err() {
        panic!("CI must install tmux for this test");
    }
    let s = Sandbox::new("tmux");
    let Some(t) = start(&s, "raw") else { return };
    t.wait_for("the first prompt", |sc| sc.contains("default>>"));

    t.type_text("measurement_a = [1 2 3];", true);
    t.wait_for("second prompt", |sc| count(sc, "default>>") >= 2);
    // Tab completes a variable name.
    t.type_text("disp(measur", false);
    t.key("Tab");
    t.type_text(" * 100)", true);
    t.wait_for("completed name evaluated", |sc| {
        sc.contains("100   200   300")
    });

    // Ctrl-C at the prompt clears the typed text.
    t.type_text("lost = 1", false);
    t.key("C-c");
    t.type_text("disp(exist('lost') + 40)", true);
    t.wait_for("the cleared line never ran", |sc| {
        sc.lines().any(|l| l.trim() == "40")
    });

    // Ctrl-C stops a running loop; earlier statements are kept.
    t.type_text("before = 7; while true, end", true);
    std::thread::sleep(Duration::from_millis(300));
    t.key("C-c");
    t.wait_for("interrupt notice", |sc| sc.contains("interrupted"));
    t.type_text("disp(before + 1)", true);
    t.wait_for("workspace consistent", |sc| {
        sc.lines().any(|l| l.trim() == "8")
    });

    // Ctrl-D leaves; the session ends with the process.
    t.key("C-d");
    let start = Instant::now();
    while t.alive() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "Ctrl-D did not exit:\n{}",
            t.screen()
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    let o = s.code("disp(measurement_a(end) + before)");
    assert_eq!(common::stdout(&o), "10\n");
}
