//! Grouped commits in pipe mode (issue 13): commands that arrive together,
//! displaying ones included (their output is held until the group commits),
//! share one fsync, yet no output shows before every command before it is
//! on disk, each command keeps its own history record and undo step, and a
//! kill -9 after an acknowledgement loses nothing acknowledged.

mod common;
use common::{kill_after_ack, stderr, stdout, Sandbox};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::thread::JoinHandle;

/// `flatlab` (a command made by `Sandbox::cmd`) reading `input` from a
/// pipe, with its stdout and stderr going
/// to `out` and `err`. The input is written by a thread (a long input
/// cannot block on a full pipe, and a write fails harmlessly once flatlab
/// is killed); joining it waits for the input to be written or refused.
fn piped(mut flatlab: Command, input: &str, out: Stdio, err: Stdio) -> (Child, JoinHandle<()>) {
    let mut child = flatlab
        .stdin(Stdio::piped())
        .stdout(out)
        .stderr(err)
        .spawn()
        .expect("spawn flatlab");
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = input.to_string();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    (child, writer)
}

/// The same, its stdout read line by line here and its stderr dropped.
fn piped_lines(flatlab: Command, input: &str) -> (Child, BufReader<ChildStdout>, JoinHandle<()>) {
    let (mut child, writer) = piped(flatlab, input, Stdio::piped(), Stdio::null());
    let out = BufReader::new(child.stdout.take().expect("piped stdout"));
    (child, out, writer)
}

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
    child.stdin.take()?.write_all(input.as_bytes()).ok()?;
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
fn displaying_commands_piped_together_share_their_fsyncs_and_show_after_them() {
    if !strace_ok() {
        return;
    }
    let s = Sandbox::new("groupshow");
    let log = traced(&s, &displaying(1, 50), "fdatasync,fsync,write").expect("strace run");
    // Every write to stdout comes after an fsync that came after the
    // previous write to stdout: what shows was durable before it showed.
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
    assert!(shown >= 1, "nothing written to stdout:\n{log}");
    // The 50 results are held and shown together after one commit, not
    // one fsync each.
    let syncs = log.lines().filter(|l| l.contains("sync(")).count();
    assert!(
        syncs < 25,
        "{syncs} fsyncs for 50 displaying commands:\n{log}"
    );
    let o = s.pipe(&[], &displaying(51, 3));
    assert_eq!(
        stdout(&o),
        "x51 = 51\nx52 = 52\nx53 = 53\n",
        "{}",
        stderr(&o)
    );
    assert_eq!(s.ok(&sum_of(53)).trim(), (53 * 54 / 2).to_string());
}

/// `count` displaying one-line commands `x1 = 1` ... numbered from `from`.
fn displaying(from: usize, count: usize) -> String {
    (from..from + count)
        .map(|i| format!("x{i} = {i}\n"))
        .collect()
}

#[test]
fn sigkill_keeps_every_command_whose_result_was_shown() {
    // Killed after reading `seen` result lines, while later commands still
    // run; everything flatlab wrote before it died is then read too (all
    // of it was visible).
    for seen in [1, 150, 900] {
        let s = Sandbox::new("groupshowkill");
        let (mut child, mut out, writer) = piped_lines(s.cmd(), &displaying(1, 2000));
        let mut shown = String::new();
        for _ in 0..seen {
            out.read_line(&mut shown).expect("read a result line");
        }
        child.kill().expect("kill");
        let _ = child.wait();
        out.read_to_string(&mut shown).expect("read the rest");
        let _ = writer.join();
        let lines: Vec<&str> = shown.lines().collect();
        assert!(lines.len() >= seen, "seen = {seen}: {shown}");
        // The results show in order (the last one may be cut short).
        for (n, l) in lines.iter().enumerate() {
            let want = format!("x{0} = {0}", n + 1);
            assert!(
                !l.is_empty() && want.starts_with(l),
                "seen = {seen}: line {} is {l:?}, not {want:?}",
                n + 1
            );
        }
        let k = lines.len();
        let o = s.code(&sum_of(k));
        assert_eq!(
            stdout(&o).trim(),
            (k * (k + 1) / 2).to_string(),
            "seen = {seen}: {k} results were shown, not all in the store: {}",
            stderr(&o)
        );
    }
}

#[test]
fn held_stdout_and_stderr_keep_their_order_and_a_program_waits_for_them() {
    let s = Sandbox::new("grouporder");
    // Both streams into one file, as on one terminal.
    let path = s.cwd.join("both.txt");
    let file = std::fs::File::create(&path).expect("create output file");
    let err = file.try_clone().expect("clone output file");
    // The program run by `system` writes to the shared stderr itself.
    let input = "a = 1\nwarning('first')\nb = 2\nfprintf(2, 'to stderr\\n');\nsystem('echo from-sh >&2');\nc = 3\n";
    let (mut child, writer) = piped(s.cmd(), input, Stdio::from(file), Stdio::from(err));
    let status = child.wait().expect("wait flatlab");
    let _ = writer.join();
    assert!(status.success());
    let both = std::fs::read_to_string(&path).expect("read output file");
    assert_eq!(
        both,
        "a = 1\nwarning: first\nb = 2\nto stderr\nfrom-sh\nc = 3\n"
    );
}

#[test]
fn a_long_command_shows_its_progress_while_it_runs() {
    let s = Sandbox::new("groupprogress");
    // The loop ends when the test, having seen `started`, creates go.txt;
    // had its output been held to the end, `started` would show only after
    // the loop gave up, followed by `held`.
    let code = "disp('started'); k = 0; while ~exist('go.txt', 'file') && k < 200000, k = k + 1; disp(k); end; if exist('go.txt', 'file'), disp('released'), else, disp('held'), end\n";
    let (mut child, mut out, writer) = piped_lines(s.cmd(), code);
    let mut first = String::new();
    out.read_line(&mut first).expect("read a line");
    assert_eq!(first, "started\n");
    std::fs::write(s.cwd.join("go.txt"), "").expect("create go.txt");
    let mut rest = String::new();
    out.read_to_string(&mut rest).expect("read the rest");
    assert!(child.wait().expect("wait flatlab").success());
    let _ = writer.join();
    assert_eq!(rest.lines().last(), Some("released"));
}

#[test]
fn output_followed_by_a_quiet_stretch_shows_during_it_after_a_commit() {
    // A command displays once, then a loop (in the same command or the
    // next) runs quietly until the test, having seen the line, creates
    // go.txt, or gives up after 60 s. Periodic checkpoints are an hour
    // apart, so only a commit asked for because output is waiting can show
    // the line in time: had it been held to the end, the loop would have
    // given up (`held`). The checkpoint is taken at a statement boundary,
    // so the loop has a statement in its body, as long loops do.
    let wait = "t = tic; while ~exist('go.txt', 'file') && toc(t) < 60, k = 1; end; \
                if exist('go.txt', 'file'), disp('released'), else, disp('held'), end\n";
    for (tag, input, kill) in [
        (
            "quietone",
            format!("a = 7;\ndisp('started'); {wait}"),
            false,
        ),
        (
            "quiettwo",
            format!("a = 7;\ndisp('started')\n{wait}"),
            false,
        ),
        (
            "quietkill",
            format!("a = 7;\ndisp('started')\n{wait}"),
            true,
        ),
    ] {
        let s = Sandbox::new(tag);
        let mut flatlab = s.cmd();
        flatlab.env("FLATLAB_CHECKPOINT_SECS", "3600");
        let (mut child, mut out, writer) = piped_lines(flatlab, &input);
        let mut first = String::new();
        out.read_line(&mut first).expect("read a line");
        assert_eq!(first, "started\n", "{tag}");
        if kill {
            // What showed was durable, and so was the command before it.
            child.kill().expect("kill");
            let _ = child.wait();
            let _ = writer.join();
            assert_eq!(s.ok("disp(a)").trim(), "7", "{tag}");
            continue;
        }
        std::fs::write(s.cwd.join("go.txt"), "").expect("create go.txt");
        let mut rest = String::new();
        out.read_to_string(&mut rest).expect("read the rest");
        assert!(child.wait().expect("wait flatlab").success(), "{tag}");
        let _ = writer.join();
        assert_eq!(rest, "released\n", "{tag}");
        assert_eq!(s.ok("disp(a)").trim(), "7", "{tag}");
    }
}
