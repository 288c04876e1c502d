//! Kill -9 right after an acknowledged command: the restarted workspace has it.

mod common;
use common::{stdout, Sandbox};
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

#[test]
fn sigkill_after_acknowledged_command_keeps_it() {
    let s = Sandbox::new("crash");
    let mut child = s
        .cmd()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn flatlab");
    let mut stdin = child.stdin.take().expect("piped");
    let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
    // A large value (several store chunks) and a small one, then an acknowledgement:
    // a piped command is read only after the previous one is committed.
    stdin
        .write_all(b"big = reshape(1:300000, 1000, 300); small = -0;\ndisp('ack')\n")
        .expect("write");
    stdin.flush().expect("flush");
    let ack = lines.next().expect("a line").expect("read");
    assert_eq!(ack, "ack");
    // SIGKILL: no destructor, no flush, no chance to clean up.
    child.kill().expect("kill");
    let _ = child.wait();
    let o = s.code("disp(size(big)); disp(big(end)); disp(1 / small)");
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    assert_eq!(stdout(&o), "   1000    300\n300000\n-Inf\n");
}
