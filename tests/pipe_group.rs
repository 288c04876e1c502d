//! Grouped commits in pipe mode (issue 13): commands that arrive together
//! share one fsync, yet no output shows before every command before it is
//! on disk, each command keeps its own history record and undo step, and a
//! kill -9 after an acknowledgement loses nothing acknowledged.

mod common;
use common::{kill_after_ack, stderr, stdout, Sandbox};
use std::process::{Command, Stdio};

/// `count` quiet one-line commands `x1 = 1;` ... numbered from `from`.
fn quiet(from: usize, count: usize) -> String {
    (from..from + count)
        .map(|i| format!("x{i} = {i};\n"))
        .collect()
}

/// `disp(x1 + ... + xk)`: fails if any of them is missing.
fn sum_of(k: usize) -> String {
    let terms: Vec<String> = (1..=k).map(|i| format!("x{i}")).collect();
    format!("disp({})", terms.join(" + "))
}

#[test]
fn sigkill_after_the_acknowledgement_of_command_k_keeps_every_command_up_to_k() {
    // Commands 1..k are quiet; the acknowledgement is the next command's
    // output line, and many commands follow in the same write.
    for k in [1, 37, 300] {
        let s = Sandbox::new("groupkill");
        let mut code = quiet(1, k);
        code.push_str("disp('ack')\n");
        code.push_str(&quiet(k + 1, 400));
        kill_after_ack(&s, &code);
        let o = s.code(&sum_of(k));
        assert_eq!(
            stdout(&o).trim(),
            (k * (k + 1) / 2).to_string(),
            "k = {k}: {}",
            stderr(&o)
        );
        let listing = stdout(&s.run(&["history", "--all"]));
        let records = listing.lines().filter(|l| l.contains(" = ")).count();
        assert!(
            records >= k,
            "k = {k}: {records} history records:\n{listing}"
        );
    }
}

#[test]
fn grouped_commands_keep_their_own_records_and_undo_steps() {
    let s = Sandbox::new("grouprec");
    let mut input = quiet(1, 300);
    input.push_str("a = 1;\na = 2;\na = 3;\n");
    let o = s.pipe(&[], &input);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "", "quiet commands show nothing");
    let listing = stdout(&s.run(&["history", "--all"]));
    let texts: Vec<&str> = listing
        .lines()
        .filter_map(|l| l.split_once("  ").map(|(_, t)| t.trim()))
        .collect();
    assert_eq!(texts.len(), 303, "{listing}");
    assert!(texts[0].ends_with("x1 = 1;") && texts[299].ends_with("x300 = 300;"));
    assert!(texts[302].ends_with("a = 3;"), "{listing}");
    // One undo step per command, not per group.
    let o = s.pipe(&[], "undo\ndisp(a)\n");
    assert_eq!(stdout(&o).lines().last(), Some("2"), "{}", stderr(&o));
    assert_eq!(s.ok(&sum_of(300)).trim(), (300 * 301 / 2).to_string());
}

#[test]
fn an_error_in_a_group_is_shown_recorded_and_the_pipe_goes_on() {
    let s = Sandbox::new("grouperr");
    let o = s.pipe(
        &[],
        "a = 1;\nb = undefined_thing + 1;\nc = 3;\ndisp(a + c)\n",
    );
    assert_eq!(o.status.code(), Some(1), "a failed command fails the pipe");
    assert!(stderr(&o).contains("undefined_thing"), "{}", stderr(&o));
    assert_eq!(stdout(&o), "4\n");
    let listing = stdout(&s.run(&["history", "--all"]));
    assert_eq!(listing.lines().count(), 4, "{listing}");
    assert_eq!(s.ok("disp(a + c)").trim(), "4");
}

/// Runs `input` piped into flatlab under strace, tracing `calls`; the log.
fn traced(s: &Sandbox, input: &str, calls: &str) -> Option<String> {
    let log = s.cwd.join("trace.txt");
    let mut c = Command::new("strace");
    c.args(["-f", "-qq", "-o"])
        .arg(&log)
        .arg(format!("-etrace={calls}"))
        .arg("--")
        .arg(common::BIN)
        .env("FLATLAB_HOME", &s.home)
        .current_dir(&s.cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = c.spawn().ok()?;
    {
        use std::io::Write;
        let mut stdin = child.stdin.take()?;
        stdin.write_all(input.as_bytes()).ok()?;
    }
    let status = child.wait().ok()?;
    assert!(status.success(), "flatlab under strace failed");
    std::fs::read_to_string(&log).ok()
}

fn strace_ok() -> bool {
    common::tool_available(
        "strace",
        &["-f", "-o", "/dev/null", "true"],
        common::interop_required(),
        "the fsync-counting pipe tests",
    )
}

#[test]
fn quiet_commands_piped_together_share_their_fsyncs() {
    if !strace_ok() {
        return;
    }
    let s = Sandbox::new("groupsync");
    let log = traced(&s, &quiet(1, 500), "fdatasync,fsync").expect("strace run");
    let syncs = log.lines().filter(|l| l.contains("sync(")).count();
    // One per group of at most 256 commands or 50 ms, plus creation and
    // the end of the session: far fewer than one per command.
    assert!(syncs < 100, "{syncs} fsyncs for 500 commands:\n{log}");
    assert_eq!(s.ok(&sum_of(500)).trim(), (500 * 501 / 2).to_string());
}

#[test]
fn every_displayed_result_follows_the_fsync_of_the_command_before() {
    if !strace_ok() {
        return;
    }
    let s = Sandbox::new("groupshow");
    let input: String = (1..=50).map(|i| format!("x{i} = {i}\n")).collect();
    let log = traced(&s, &input, "fdatasync,write").expect("strace run");
    // Every write to stdout comes after an fsync that came after the
    // previous write to stdout: each command was durable before anything
    // of the next one showed.
    let mut synced = false;
    let mut shown = 0;
    for l in log.lines() {
        if l.contains("sync(") {
            synced = true;
        } else if l.contains("write(1,") {
            assert!(synced, "output before its commit:\n{log}");
            synced = false;
            shown += 1;
        }
    }
    assert!(shown >= 50, "{shown} writes to stdout:\n{log}");
}
