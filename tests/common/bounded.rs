//! Running the real binary under a deadline, so an input that makes flatlab
//! hang fails its test (naming the input) instead of stalling the suite, and
//! checking that a run ended by itself rather than by a panic or a signal.

use std::io::{Read, Write};
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
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for flatlab") {
            break status;
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
