//! Driving flatlab in a real terminal emulator (tmux), where rustyline runs
//! in raw mode as it does for users.

use super::{Sandbox, BIN};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A tmux session running flatlab, on a tmux server of its own (so tests
/// running in parallel never share, or race to stop, one server, and a
/// user's tmux configuration is not read); killed on drop.
pub struct Tmux {
    session: String,
}

/// `tmux` talking to the server of `session`.
fn tmux_for(session: &str) -> Command {
    let mut c = Command::new("tmux");
    c.args(["-L", session, "-f", "/dev/null"]);
    c
}

/// Whether tmux is installed. In CI (which installs it) a missing tmux is a
/// failure; elsewhere the test is skipped with a note.
pub fn available() -> bool {
    let ok = Command::new("tmux").arg("-V").output().is_ok();
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install tmux for this test"
        );
        eprintln!("tmux is not installed: skipping (CI installs it)");
    }
    ok
}

impl Tmux {
    /// flatlab in a new `width` x 40 tmux session, started in `dir`.
    pub fn start(s: &Sandbox, dir: &Path, tag: &str, width: u16) -> Tmux {
        Tmux::start_with(s, dir, tag, width, &[])
    }

    /// `start`, with arguments for flatlab (plain words: no quoting is done).
    /// COLUMNS is unset, so flatlab sees the terminal's width as a user does.
    pub fn start_with(s: &Sandbox, dir: &Path, tag: &str, width: u16, args: &[&str]) -> Tmux {
        let session = format!("flatlab-{tag}-{}", std::process::id());
        let cmd = format!(
            "cd '{}' && unset COLUMNS; FLATLAB_HOME='{}' NO_COLOR=1 '{}' {}",
            dir.display(),
            s.home.display(),
            BIN,
            args.join(" ")
        );
        let ok = tmux_for(&session)
            .args([
                "new-session",
                "-d",
                "-s",
                &session,
                "-x",
                &width.to_string(),
                "-y",
                "40",
                &cmd,
            ])
            .status()
            .expect("start tmux");
        assert!(ok.success());
        Tmux { session }
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = tmux_for(&self.session)
            .args(args)
            .output()
            .expect("run tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Types text literally (no key-name interpretation), optionally Enter.
    /// Sent as bytes: tmux would take a `;` ending the text for its own
    /// command separator and drop it.
    pub fn type_text(&self, text: &str, enter: bool) {
        self.type_bytes(text.as_bytes());
        if enter {
            self.tmux(&["send-keys", "-t", &self.session, "Enter"]);
        }
    }

    /// Types raw bytes (which need not be UTF-8) in one go, as a paste would.
    pub fn type_bytes(&self, bytes: &[u8]) {
        let hex: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let mut args = vec!["send-keys", "-t", &self.session, "-H"];
        args.extend(hex.iter().map(String::as_str));
        self.tmux(&args);
    }

    /// Sends one key by its tmux name (`C-r`, `Tab`, `Up`...).
    pub fn key(&self, k: &str) {
        self.tmux(&["send-keys", "-t", &self.session, k]);
    }

    /// The visible screen, wrapped lines joined.
    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-J", "-t", &self.session])
    }

    /// Everything the session has shown, scrolled-off lines included,
    /// wrapped lines joined.
    pub fn scrollback(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-J", "-S", "-", "-t", &self.session])
    }

    /// Waits until the screen satisfies `pred`; panics with the screen after
    /// 20 s. Returns the screen that satisfied it.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        self.wait(what, Tmux::screen, pred)
    }

    /// `wait_for` on the whole scrollback.
    pub fn wait_for_all(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        self.wait(what, Tmux::scrollback, pred)
    }

    fn wait(
        &self,
        what: &str,
        capture: fn(&Tmux) -> String,
        pred: impl Fn(&str) -> bool,
    ) -> String {
        let start = Instant::now();
        loop {
            let s = capture(self);
            if pred(&s) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waiting for {what}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Ctrl-D until flatlab exits (20 s at most): a key that arrives while
    /// the line editor is not reading (the terminal in cooked mode between
    /// a command's output and the next prompt) is dropped by the line
    /// discipline, so it is sent again every 2 s.
    #[allow(dead_code)]
    pub fn ctrl_d_exit(&self) {
        let start = Instant::now();
        let mut sent: Option<Instant> = None;
        while self.alive() {
            if sent.is_none_or(|t| t.elapsed() >= Duration::from_secs(2)) {
                self.key("C-d");
                sent = Some(Instant::now());
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "Ctrl-D did not exit:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits (20 s at most) for flatlab to exit after `what`.
    pub fn wait_exit(&self, what: &str) {
        let start = Instant::now();
        while self.alive() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "{what} did not exit:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Whether the session (and so flatlab) is still running.
    pub fn alive(&self) -> bool {
        // Once flatlab has exited, its server is gone too: no message.
        tmux_for(&self.session)
            .args(["has-session", "-t", &self.session])
            .stderr(std::process::Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = tmux_for(&self.session)
            .args(["kill-server"])
            .stderr(std::process::Stdio::null())
            .status();
    }
}
