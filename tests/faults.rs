//! Faults end with a usable workspace and a clear message: a failing commit
//! (injected through the store's `FLATLAB_FAULT_COMMIT` test seam), a
//! damaged store file, and a stale lock left by a killed process.

mod common;
use common::{stderr, stdout, Sandbox};

/// Pipes `input` to flatlab with `vars` set in its environment.
fn pipe_with(s: &Sandbox, vars: &[(&str, &str)], input: &str) -> std::process::Output {
    let mut c = s.cmd();
    c.envs(vars.iter().copied())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    c.spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().expect("piped").write_all(input.as_bytes())?;
            c.wait_with_output()
        })
        .expect("run flatlab")
}

#[test]
fn failed_commit_is_reported_and_retried_by_the_next_command() {
    let s = Sandbox::new("fault");
    // The 2nd commit of the process fails (as with a full disk).
    let o = pipe_with(
        &s,
        &[("FLATLAB_FAULT_COMMIT", "2")],
        "a = 1;\nb = 2;\ndisp(b)\nc = 3;\n",
    );
    let err = stderr(&o);
    assert!(
        err.contains("workspace not saved: no space left on device")
            && err.contains("still in memory"),
        "{err}"
    );
    // The variables stayed usable in memory.
    assert_eq!(stdout(&o), "2\n");
    assert_eq!(o.status.code(), Some(1), "an unsaved command is a failure");
    // The next commit carried the failed command's changes: nothing is missing.
    let o = s.code("disp([a b c])");
    assert_eq!(stdout(&o), "   1   2   3\n", "{}", stderr(&o));
}

/// The byte offset of the first occurrence of `needle` in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn damaged_store_is_detected_and_recovered() {
    let s = Sandbox::new("damage");
    // A distinctive large array (several chunks) and a small variable.
    let o = s.code("big = 12345.678 * ones(1, 400000); small = 7;");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let file = s.home.join("default.flatlab");
    let mut bytes = std::fs::read(&file).expect("read store");
    let at = find(&bytes, &12345.678f64.to_le_bytes()).expect("array data in the file") + 3;
    bytes[at] ^= 0x40;
    std::fs::write(&file, &bytes).expect("write damaged store");

    // Using the damaged variable is an error naming it; the rest works.
    let o = s.code("disp(small); x = big(1);");
    assert_eq!(stdout(&o), "7\n");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("'big'") && err.contains("damaged"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    // --recover copies what is readable and lists what was lost.
    let o = s.run(&["--recover"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("default-recovered") && out.contains("lost: big"),
        "{out}"
    );
    let o = s.run(&[
        "-w",
        "default-recovered",
        "-c",
        "disp(small); disp(exist('big'))",
    ]);
    assert_eq!(stdout(&o), "7\n0\n", "{}", stderr(&o));
}

#[test]
fn stale_lock_from_a_killed_process_does_not_block() {
    let s = Sandbox::new("stale");
    assert_eq!(s.code("x = 1;").status.code(), Some(0));
    // A lock-info file naming a process that no longer exists.
    let host = flatlab::history::hostname();
    std::fs::write(
        s.home.join("default.flatlab-lock"),
        format!("{{\"pid\": 999999999, \"host\": \"{host}\", \"opened\": 0}}"),
    )
    .expect("write stale lock");
    let o = s.code("disp(x + 1)");
    assert_eq!(stdout(&o), "2\n", "{}", stderr(&o));
}

#[test]
fn compact_and_workspace_report() {
    let s = Sandbox::new("compact");
    s.code("A = ones(1000); clear A; b = 1;");
    let o = s.run(&["--compact"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("compacted workspace 'default'"));
    let o = s.code("workspace");
    let out = stdout(&o);
    assert!(
        out.contains("default.flatlab") && out.contains("generation"),
        "{out}"
    );
}

/// The first 320 bytes of a workspace file that an older flatlab left when
/// the first fdatasync of its creation failed (issue 10, fault 7): redb's
/// header without its magic number; the rest of the 1 MiB file is zero.
const UNFINISHED_HEADER: &[(usize, &[u8])] = &[
    (
        0x00,
        &[
            0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0,
            0, 1, 1, 0, 0,
        ],
    ),
    (0x40, &[3]),
    (
        0xb0,
        &[
            0x1a, 0x6a, 0xb5, 0xef, 0x61, 0xd1, 0x80, 0x8d, 0x07, 0x2c, 0x03, 0x93, 0x86, 0xfb,
            0xbc, 0x3f,
        ],
    ),
    (0xc0, &[3]),
    (
        0x130,
        &[
            0x1a, 0x6a, 0xb5, 0xef, 0x61, 0xd1, 0x80, 0x8d, 0x07, 0x2c, 0x03, 0x93, 0x86, 0xfb,
            0xbc, 0x3f,
        ],
    ),
];

#[test]
fn a_workspace_file_whose_creation_never_finished_is_created_anew() {
    let mut header_only = vec![0u8; 1_056_768];
    for (at, bytes) in UNFINISHED_HEADER {
        header_only[*at..*at + bytes.len()].copy_from_slice(bytes);
    }
    // What a failed creation could leave: the header without redb's magic
    // number, the file only sized, or only created.
    for (what, bytes) in [
        ("header without magic", header_only),
        ("zeros", vec![0u8; 1_056_768]),
        ("empty", Vec::new()),
    ] {
        let s = Sandbox::new("unfinished");
        let file = s.home.join("default.flatlab");
        std::fs::write(&file, &bytes).expect("write unfinished store");
        let o = s.run(&["--list"]);
        assert_eq!(o.status.code(), Some(0), "{what}: {}", stderr(&o));
        assert!(!stdout(&o).contains("unreadable"), "{what}: {}", stdout(&o));
        let o = s.code("a = 1;");
        assert_eq!(o.status.code(), Some(0), "{what}: {}", stderr(&o));
        assert_eq!(s.ok("disp(a)"), "1\n", "{what}");
        let names: Vec<_> = std::fs::read_dir(&s.home)
            .expect("list home")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["default.flatlab"], "{what}: nothing else is left");
    }
}

#[test]
fn a_file_that_is_not_a_workspace_is_refused_and_left_alone() {
    let s = Sandbox::new("notours");
    let file = s.home.join("default.flatlab");
    std::fs::write(&file, "my notes\n").expect("write");
    let o = s.code("a = 1;");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("not a flatlab workspace"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&file).expect("read"), b"my notes\n");
    // Zeros at the start, but data after redb's header room: not ours either.
    let mut bytes = vec![0u8; 8192];
    bytes[4096] = 1;
    std::fs::write(&file, &bytes).expect("write");
    let o = s.code("a = 1;");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read(&file).expect("read"), bytes);
}

#[test]
fn a_creation_temporary_left_by_a_dead_process_is_removed() {
    let s = Sandbox::new("stalecreate");
    // A temporary of a creator that died (no such process).
    let stale = s.home.join(".default.flatlab-creating.999999999");
    std::fs::write(&stale, [0u8; 4096]).expect("write stale temporary");
    assert_eq!(s.ok("a = 1; disp(a)"), "1\n");
    assert!(!stale.exists(), "the stale temporary is removed");
    let o = s.run(&["--list"]);
    assert!(stdout(&o).contains("default"), "{}", stdout(&o));
    assert!(!stdout(&o).contains("creating"), "{}", stdout(&o));
}

#[test]
fn save_errors_name_the_file_the_step_and_the_os_error() {
    let s = Sandbox::new("saveerr");
    s.ok("a = [1 2 3];");
    // A directory where the file should go: the rename into place fails.
    for f in ["d.json", "d.mat", "d.npy", "d.npz", "d.csv", "d.txt"] {
        std::fs::create_dir(s.cwd.join(f)).expect("mkdir");
        let o = s.pipe(&[], &format!("save {f} a\ndisp(sum(a))\n"));
        let err = stderr(&o);
        assert!(
            err.contains(&format!("'{f}'"))
                && err.contains("renaming the temporary file")
                && err.contains("(os error 21)"),
            "{f}: {err}"
        );
        assert_eq!(stdout(&o), "6\n", "{f}: the session goes on");
        // Nothing is left behind next to it.
        let left: Vec<_> = std::fs::read_dir(&s.cwd)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp"))
            .collect();
        assert!(left.is_empty(), "{f}: {left:?}");
    }
    // The diary and provenance's script say why too.
    let err = stderr(&s.code("diary nodir/log"));
    assert!(
        err.contains("diary: can't open diary file") && err.contains("(os error 2)"),
        "{err}"
    );
    std::fs::create_dir(s.cwd.join("r.m")).expect("mkdir");
    let err = stderr(&s.pipe(&[], "provenance a --script r.m\n"));
    assert!(
        err.contains("'r.m'") && err.contains("renaming") && err.contains("(os error 21)"),
        "{err}"
    );
    // A missing directory: Octave's "unable to open output file", and why.
    for args in ["nodir/x.json a", "-append nodir/x.csv a"] {
        let o = s.code(&format!("save {args}"));
        let err = stderr(&o);
        assert!(
            err.contains("save: unable to open output file 'nodir/x.")
                && err.contains("No such file or directory (os error 2)"),
            "{args}: {err}"
        );
    }
}

#[test]
fn saving_through_a_symbolic_link_replaces_its_target() {
    let s = Sandbox::new("symlink");
    s.write("real.csv", "old\n");
    std::os::unix::fs::symlink("real.csv", s.cwd.join("link.csv")).expect("symlink");
    s.ok("a = [1 2]; save link.csv a");
    let link = s.cwd.join("link.csv");
    assert!(link.is_symlink(), "the link stays a link");
    assert_eq!(
        std::fs::read_to_string(s.cwd.join("real.csv")).expect("read"),
        "1,2\n"
    );
}

/// The number of the history line whose text starts with `prefix`.
fn history_number(listing: &str, prefix: &str) -> Option<String> {
    listing.lines().find_map(|l| {
        let mut parts = l.split_whitespace();
        let n = parts.next()?;
        l.contains(prefix).then(|| n.to_string())
    })
}

/// A `for` loop over a range runs its scalar statements on registers
/// (`eval::loops`): the checkpoint timer still saves the values the loop
/// has reached, not those of its last general statement.
#[test]
fn a_register_loop_killed_after_a_checkpoint_keeps_its_progress() {
    use std::io::{BufRead, BufReader, Write};
    let s = Sandbox::new("killed-regloop");
    let mut child = s
        .cmd()
        .env("FLATLAB_CHECKPOINT_SECS", "0.05")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn flatlab");
    let mut stdin = child.stdin.take().expect("piped");
    let loop_text = "x = 0; for k = 1:1e15, x = k; if k == 1000, disp('ready'); end; end";
    writeln!(stdin, "{loop_text}").expect("write");
    stdin.flush().expect("flush");
    let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
    assert_eq!(lines.next().expect("a line").expect("read"), "ready");
    // Several timer checkpoints after the last general statement (`disp`).
    std::thread::sleep(std::time::Duration::from_millis(600));
    child.kill().expect("kill");
    let _ = child.wait();
    let seen = s.ok("disp([x > 1000, x == k])");
    assert_eq!(
        seen.trim(),
        "1  1",
        "x and k as the last checkpoint saved them"
    );
}

#[test]
fn a_command_killed_after_a_checkpoint_stays_in_the_history() {
    use std::io::{BufRead, BufReader, Write};
    let s = Sandbox::new("killed");
    s.ok("a = 1;");
    let mut child = s
        .cmd()
        // A checkpoint after every statement of a long command.
        .env("FLATLAB_CHECKPOINT_SECS", "0")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn flatlab");
    let mut stdin = child.stdin.take().expect("piped");
    let loop_text = "i = 0; while true, i = i + 1; x = i; if i == 3, disp('ready'); end; end";
    writeln!(stdin, "{loop_text}").expect("write");
    stdin.flush().expect("flush");
    let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
    // `ready` comes after the statements that set x to 3 and their checkpoints.
    assert_eq!(lines.next().expect("a line").expect("read"), "ready");
    child.kill().expect("kill");
    let _ = child.wait();

    let x: f64 = s.ok("disp(x)").trim().parse().expect("x is a number");
    assert!(x >= 3.0, "x = {x}");
    let listing = s.ok("history");
    let n = history_number(&listing, "i = 0; while true").expect("the loop is in the history");
    let line = listing
        .lines()
        .find(|l| l.contains("while true"))
        .unwrap_or("");
    assert!(line.contains("[killed]"), "{listing}");
    let long = s.ok("history --long --failed --wrote x");
    assert!(
        long.contains("while true")
            && long.contains("status      killed")
            && long.contains("wrote       i x"),
        "{long}"
    );
    // whos credits x to the loop, not to a later command.
    let whos = s.ok("whos x");
    let row = whos
        .lines()
        .find(|l| l.split_whitespace().next() == Some("x"))
        .unwrap_or_else(|| panic!("no row for x: {whos}"));
    assert_eq!(row.split_whitespace().nth(4), Some(n.as_str()), "{whos}");
    // provenance names the loop and says it did not complete.
    let o = s.pipe(&[], "provenance x\n");
    let out = stdout(&o);
    assert!(
        out.contains("while true") && out.contains("did not complete"),
        "{out}{}",
        stderr(&o)
    );
    assert!(!out.contains("not written by any command"), "{out}");
}

#[test]
fn a_long_command_that_finishes_has_one_record() {
    let s = Sandbox::new("finished");
    let o = s
        .cmd()
        .env("FLATLAB_CHECKPOINT_SECS", "0")
        .args(["-c", "for k = 1:5, y = k; end"])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let listing = s.ok("history");
    let loops: Vec<_> = listing.lines().filter(|l| l.contains("for k")).collect();
    assert_eq!(loops.len(), 1, "{listing}");
    assert!(!loops[0].contains('['), "{listing}");
    let long = s.ok("history --long 2");
    assert!(
        long.starts_with("     1  ")
            && long.contains("status      ok")
            && long.contains("wrote       k y"),
        "{long}"
    );
}

/// The `Cmd` column of `whos` for each variable.
fn whos_cmds(whos: &str) -> Vec<(String, String)> {
    whos.lines()
        .filter_map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            (w.len() == 6 && w[5] == "double").then(|| (w[0].to_string(), w[4].to_string()))
        })
        .collect()
}

#[test]
fn a_checkpointed_command_whose_final_commit_failed_keeps_its_place() {
    let s = Sandbox::new("latecommit");
    // Three checkpoints (one per `x = k`), then the loop's own commit fails.
    let o = pipe_with(
        &s,
        &[
            ("FLATLAB_CHECKPOINT_SECS", "0"),
            ("FLATLAB_FAULT_COMMIT", "4"),
        ],
        "for k = 1:3, x = k; end\ny = 5;\n",
    );
    assert!(stderr(&o).contains("workspace not saved"), "{}", stderr(&o));
    let listing = s.ok("history");
    let lines: Vec<&str> = listing.lines().collect();
    assert!(
        lines.len() == 2
            && lines[0].contains("for k = 1:3")
            && !lines[0].contains('[')
            && lines[1].contains("y = 5"),
        "{listing}"
    );
    assert_eq!(
        whos_cmds(&s.ok("whos")),
        [("k", "1"), ("x", "1"), ("y", "2")].map(|(a, b)| (a.to_string(), b.to_string()))
    );
}
