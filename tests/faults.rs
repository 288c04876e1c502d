//! Faults end with a usable workspace and a clear message: a failing commit
//! (injected through the store's `FLATLAB_FAULT_COMMIT` test seam), a
//! damaged store file, and a stale lock left by a killed process.

mod common;
use common::{stderr, stdout, Sandbox};

#[test]
fn failed_commit_is_reported_and_retried_by_the_next_command() {
    let s = Sandbox::new("fault");
    // The 2nd commit of the process fails (as with a full disk).
    let o = s
        .cmd()
        .env("FLATLAB_FAULT_COMMIT", "2")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin
                .take()
                .expect("piped")
                .write_all(b"a = 1;\nb = 2;\ndisp(b)\nc = 3;\n")?;
            c.wait_with_output()
        })
        .expect("run flatlab");
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
