//! Running the real binary under a deadline, so an input that makes flatlab
//! hang fails its test (naming the input) instead of stalling the suite;
//! feeding a text through each door a user has; and checking that a run
//! ended by itself rather than by a panic or a signal.

use super::Sandbox;
use std::ffi::OsStr;
use std::io::{Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Output, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Far beyond what any of these inputs needs (well under a second each in a
/// debug build), so only a hang reaches it, even on a loaded machine.
pub const DEADLINE: Duration = Duration::from_secs(60);

/// Run `cmd` with `stdin` as its standard input and collect its output. A
/// process still running after `DEADLINE` is killed and the test fails,
/// naming `what`.
pub fn output(cmd: &mut Command, stdin: &[u8], what: &str) -> Output {
    run(cmd, stdin, what, None)
}

/// As `output`, for generated programs that may loop for ever by their own
/// logic (`while 1`): after `patience` the process gets a Ctrl-C (SIGINT)
/// every second, as a user would press it. Only a process that ignores
/// Ctrl-C until `DEADLINE` fails the test.
pub fn output_interrupting(
    cmd: &mut Command,
    stdin: &[u8],
    what: &str,
    patience: Duration,
) -> Output {
    run(cmd, stdin, what, Some(patience))
}

fn run(cmd: &mut Command, stdin: &[u8], what: &str, patience: Option<Duration>) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn flatlab");
    let mut input = child.stdin.take().expect("stdin is piped");
    let data = stdin.to_vec();
    // Written from a thread: a large input must not block on a full pipe
    // while flatlab blocks on a full stdout. A write error just means
    // flatlab stopped reading, which its exit status will tell.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let start = Instant::now();
    let mut next_interrupt = patience;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for flatlab") {
            break status;
        }
        if let Some(at) = next_interrupt.filter(|at| start.elapsed() > *at) {
            // SAFETY: kill(2) with the pid of our own child, not yet reaped.
            unsafe {
                libc::kill(child.id() as libc::pid_t, libc::SIGINT);
            }
            next_interrupt = Some(at + Duration::from_secs(1));
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("flatlab still running after {DEADLINE:?} (killed): {what}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let _ = writer.join();
    Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    }
}

fn drain(pipe: Option<impl Read + Send + 'static>) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut buf);
        }
        buf
    })
}

/// The run ended by itself: no panic (exit status 101) and no signal (an
/// abort such as a stack overflow is SIGABRT).
pub fn assert_no_crash(o: &Output, what: &str) {
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        o.status.signal().is_none(),
        "flatlab killed by signal {:?}: {what}\nstderr: {stderr}",
        o.status.signal()
    );
    assert_ne!(
        o.status.code(),
        Some(101),
        "flatlab panicked: {what}\nstderr: {stderr}"
    );
    assert!(
        !stderr.contains("panicked at") && !stderr.contains("stack overflow"),
        "flatlab crashed: {what}\nstderr: {stderr}"
    );
}

/// How a text reaches flatlab.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Door {
    /// `flatlab prog.m`
    Script,
    /// `flatlab -c TEXT`
    Code,
    /// `flatlab < TEXT`: each command runs as soon as it is complete.
    Pipe,
    /// `flatlab -c "eval(fileread('prog.txt'))"`
    Eval,
}

impl Door {
    pub const ALL: [Door; 4] = [Door::Script, Door::Code, Door::Pipe, Door::Eval];
}

/// Feed `text` to flatlab in `s` through `door`, under the deadline (with
/// Ctrl-C after `patience`, if given), and check that it did not crash.
pub fn feed(s: &Sandbox, door: Door, text: &[u8], patience: Option<Duration>) -> Output {
    let what = format!(
        "{door:?} with {:?}",
        abbreviate(&String::from_utf8_lossy(text))
    );
    let mut cmd = s.cmd();
    let stdin: &[u8] = match door {
        Door::Script => {
            std::fs::write(s.cwd.join("prog.m"), text).expect("write prog.m");
            cmd.arg("prog.m");
            b""
        }
        Door::Code => {
            cmd.arg("-c").arg(OsStr::from_bytes(text));
            b""
        }
        Door::Pipe => text,
        Door::Eval => {
            std::fs::write(s.cwd.join("prog.txt"), text).expect("write prog.txt");
            cmd.args(["-c", "eval(fileread('prog.txt'))"]);
            b""
        }
    };
    let o = run(&mut cmd, stdin, &what, patience);
    assert_no_crash(&o, &what);
    o
}

/// The first and last characters of a long text, for messages.
pub fn abbreviate(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= 160 {
        return text.to_string();
    }
    let head: String = chars[..80].iter().collect();
    let tail: String = chars[chars.len() - 80..].iter().collect();
    format!("{head} ... {tail}")
}
