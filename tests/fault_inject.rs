//! Real I/O faults at every step (issue 10): a session that creates a
//! workspace, commits, checkpoints a loop, saves .json/.mat/.npy/.csv files
//! and exits is first traced with strace to list every file syscall it makes
//! on its own files; then it is run again once per listed call with that one
//! call failing (`strace -e inject=SYSCALL:error=EIO:when=N`, and ENOSPC for
//! the calls that write), and each run must show:
//!
//! - a clear message: every error or warning names the OS error;
//! - a usable session: once the workspace is open, the later commands of the
//!   pipe still run;
//! - nothing acknowledged lost: in a new process, every variable and file of a
//!   command that completed without an error is there, with its value;
//! - no half state: a variable or file that is there has its value (a failed
//!   save leaves no file or a whole one);
//! - a store that opens, with no temporary left beside it.
//!
//! Needs strace with ptrace allowed; skips with a note without it, and fails
//! instead under FLATLAB_REQUIRE_INTEROP=1.

mod common;
use common::{Sandbox, BIN};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

/// The syscalls failed, with the errors each gets.
const FAULTS: &[(&str, &[&str])] = &[
    ("openat", &["EIO"]),
    ("mkdir", &["EIO", "ENOSPC"]),
    ("ftruncate", &["EIO", "ENOSPC"]),
    ("fallocate", &["EIO", "ENOSPC"]),
    ("pwrite64", &["EIO", "ENOSPC"]),
    ("write", &["EIO", "ENOSPC"]),
    ("fdatasync", &["EIO", "ENOSPC"]),
    ("fsync", &["EIO", "ENOSPC"]),
    ("rename", &["EIO"]),
    ("renameat2", &["EIO"]),
    ("link", &["EIO"]),
    ("unlink", &["EIO"]),
];

/// Each line acknowledges itself on stdout once it has run; the shell
/// commits it before reading the next line.
fn script(dir: &Path) -> String {
    let d = dir.display();
    format!(
        "a = 11; disp('ack a')\n\
         save {d}/s.json a; disp('ack s.json')\n\
         save {d}/s.mat a; disp('ack s.mat')\n\
         save {d}/s.npy a; disp('ack s.npy')\n\
         save {d}/s.csv a; disp('ack s.csv')\n\
         for k = 1:3, c = 10 + k; end; disp('ack c')\n\
         b = 22; disp('ack b')\n\
         disp('ack end')\n"
    )
}

/// What a new process finds: `name value` lines for the variables and the
/// files (`name broken: why` for a file that does not load).
fn check_code(dir: &Path) -> String {
    let d = dir.display();
    let mut code = String::new();
    for (v, _) in VARS {
        code.push_str(&format!(
            "if exist('{v}') == 1, fprintf('{v} %g\\n', {v}); end\n"
        ));
    }
    for (f, get) in FILES {
        code.push_str(&format!(
            "if exist('{d}/{f}', 'file'), try, x = load('{d}/{f}'); fprintf('{f} %g\\n', {get}); catch err, fprintf('{f} broken: %s\\n', err.message); end, end\n"
        ));
    }
    code
}

const VARS: &[(&str, &str)] = &[("a", "11"), ("b", "22"), ("c", "13")];
const FILES: &[(&str, &str)] = &[
    ("s.json", "x.a"),
    ("s.mat", "x.a"),
    ("s.npy", "x"),
    ("s.csv", "x"),
];

/// The value variable or file `name` must have wherever it exists.
fn expected(name: &str) -> Option<&'static str> {
    match VARS.iter().find(|(v, _)| *v == name) {
        Some((_, value)) => Some(value),
        None => FILES.iter().any(|(f, _)| *f == name).then_some("11"),
    }
}

/// A sandbox whose workspace directory does not exist yet (so creating it
/// is one of the steps), with the files saved in its `cwd`.
fn env(s: &Sandbox, c: &mut Command) {
    c.env("FLATLAB_HOME", s.home.join("ws"))
        .env("NO_COLOR", "1")
        .env("FLATLAB_CHECKPOINT_SECS", "0")
        .current_dir(&s.cwd);
}

/// Runs the script under `strace ARGS`, stdout and stderr into one stream
/// (so an error follows the acknowledgement of the line it belongs to).
fn traced(s: &Sandbox, strace_args: &[String]) -> (Option<i32>, String) {
    let out = s.cwd.join("../out.txt");
    let file = std::fs::File::create(&out).expect("create output file");
    let mut c = Command::new("strace");
    c.args(strace_args)
        .arg("--")
        .arg(BIN)
        .stdin(Stdio::piped())
        .stdout(file.try_clone().expect("dup"))
        .stderr(file);
    env(s, &mut c);
    let mut child = c.spawn().expect("spawn strace");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("piped");
        // The process may be gone already (a failed start): that is checked below.
        let _ = stdin.write_all(script(&s.cwd).as_bytes());
    }
    let status = child.wait().expect("wait strace");
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    let _ = std::fs::remove_file(&out);
    (status.code(), text)
}

/// Every (syscall, occurrence number) that touches the sandbox, in a run
/// without faults. Every thread is traced (`-f`: the interpreter runs on its
/// own thread, and large saves close files on another); strace counts the
/// occurrences of a call per thread, so they are counted per thread here too.
fn injection_points() -> Vec<(String, usize)> {
    let s = Sandbox::new("inject-list");
    let log = s.cwd.join("../trace.txt");
    let names: Vec<&str> = FAULTS.iter().map(|(n, _)| *n).collect();
    let (code, out) = traced(
        &s,
        &[
            "-f".into(),
            "-y".into(),
            "-o".into(),
            log.display().to_string(),
            format!("-etrace={}", names.join(",")),
        ],
    );
    assert_eq!(code, Some(0), "the clean run fails:\n{out}");
    assert!(out.ends_with("ack end\n"), "{out}");
    let trace = std::fs::read_to_string(&log).expect("read trace");
    let base = s.home.parent().expect("sandbox base").display().to_string();
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut points = Vec::new();
    for line in trace.lines() {
        // With -f and -o, a line starts with the thread's id.
        let (thread, line) = match line.split_once(' ') {
            Some((id, rest)) if id.bytes().all(|b| b.is_ascii_digit()) => (id, rest.trim_start()),
            _ => ("", line),
        };
        let Some(name) = line.split('(').next().filter(|n| names.contains(n)) else {
            continue;
        };
        let n = seen
            .entry((thread.to_string(), name.to_string()))
            .or_default();
        *n += 1;
        // `-y` shows the working directory after AT_FDCWD: not a path used.
        let line = match line.split_once("AT_FDCWD<") {
            Some((head, tail)) => format!("{head}{}", tail.split_once('>').map_or("", |t| t.1)),
            None => line.to_string(),
        };
        // Not the terminal streams (they lead to the output file here).
        let std_stream = ["(0<", "(1<", "(2<"]
            .iter()
            .any(|p| line[name.len()..].starts_with(p));
        if line.contains(&base) && !std_stream && !points.contains(&(name.to_string(), *n)) {
            points.push((name.to_string(), *n));
        }
    }
    points
}

/// Checks one faulty run and what a new process finds after it; returns
/// the problems.
fn check(call: &str, n: usize, errno: &str) -> Vec<String> {
    let s = Sandbox::new("inject");
    let (code, out) = traced(
        &s,
        &[
            "-f".into(),
            "-qq".into(),
            "-o".into(),
            "/dev/null".into(),
            format!("-etrace={call}"),
            format!("-einject={call}:error={errno}:when={n}"),
        ],
    );
    let os = match errno {
        "EIO" => "(os error 5)",
        _ => "(os error 28)",
    };
    let mut bad = Vec::new();
    if out.contains("panicked") || !matches!(code, Some(0 | 1)) {
        bad.push(format!("crashed (exit {code:?})"));
    }
    // A message for the user is an error or warning line; each names the OS error.
    let messages: Vec<&str> = out
        .lines()
        .filter(|l| {
            l.starts_with("error:") || l.starts_with("flatlab:") || l.starts_with("warning:")
        })
        .collect();
    for m in &messages {
        if !m.contains(os) {
            bad.push(format!("unclear message: {m}"));
        }
    }
    if code != Some(0) && messages.is_empty() {
        bad.push("failed without a message".into());
    }
    // A durability step that failed cannot go unreported.
    if matches!(call, "fsync" | "fdatasync") && messages.is_empty() {
        bad.push("a failed fsync went unreported".into());
    }
    // A usable session: once open, every line ran.
    let started = out.contains("ack a\n");
    if started && !out.contains("ack end\n") {
        bad.push("the session stopped after the fault".into());
    }
    // Acknowledged: the line's ack with no message before the next one.
    let mut acked = Vec::new();
    let lines: Vec<&str> = out.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        let Some(what) = l.strip_prefix("ack ") else {
            continue;
        };
        let clean = lines[i + 1..]
            .iter()
            .take_while(|l| !l.starts_with("ack "))
            .all(|l| !(l.starts_with("error:") || l.starts_with("warning:")));
        if clean {
            acked.push(what.to_string());
        }
    }
    // A new process: the store opens, and holds what was promised.
    let mut c = Command::new(BIN);
    env(&s, &mut c);
    let after = c
        .args(["-c", &check_code(&s.cwd)])
        .stdin(Stdio::null())
        .output()
        .expect("run flatlab");
    let found = String::from_utf8_lossy(&after.stdout).into_owned();
    if !after.status.success() {
        bad.push(format!(
            "the workspace does not open afterwards: {}",
            String::from_utf8_lossy(&after.stderr)
        ));
    }
    let got: BTreeMap<&str, &str> = found.lines().filter_map(|l| l.split_once(' ')).collect();
    for (name, value) in got.iter() {
        if expected(name) != Some(*value) {
            bad.push(format!("{name} is '{value}'"));
        }
    }
    for a in &acked {
        if let Some(value) = expected(a) {
            if got.get(a.as_str()) != Some(&value) {
                bad.push(format!("acknowledged {a} = {value} is lost"));
            }
        }
    }
    let left: Vec<String> = std::fs::read_dir(s.home.join("ws"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n != "default.flatlab")
                .collect()
        })
        .unwrap_or_default();
    if !left.is_empty() {
        bad.push(format!("left beside the store: {left:?}"));
    }
    bad.into_iter()
        .map(|b| format!("{call} #{n} {errno}: {b}\n--- output:\n{out}"))
        .collect()
}

#[test]
fn every_failing_file_syscall_is_reported_and_loses_nothing_acknowledged() {
    if !common::tool_available(
        "strace",
        &["-f", "-o", "/dev/null", "true"],
        common::interop_required(),
        "the fault-injection test",
    ) {
        return;
    }
    let points = injection_points();
    // Sanity: the list covers creation, commits and saves.
    for call in [
        "mkdir",
        "openat",
        "pwrite64",
        "fdatasync",
        "fsync",
        "rename",
    ] {
        assert!(
            points.iter().any(|(c, _)| c == call),
            "no {call} in {points:?}"
        );
    }
    let mut runs: Vec<(String, usize, &str)> = Vec::new();
    for (call, n) in &points {
        let errnos = FAULTS
            .iter()
            .find(|(c, _)| c == call)
            .map(|(_, e)| *e)
            .unwrap_or(&[]);
        for e in errnos {
            runs.push((call.clone(), *n, e));
        }
    }
    // Two at a time: each run is mostly waiting for its child processes.
    let problems = std::sync::Mutex::new(Vec::new());
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((call, n, e)) = runs.get(i) else {
                    break;
                };
                let found = check(call, *n, e);
                problems.lock().expect("lock").extend(found);
            });
        }
    });
    let problems = problems.into_inner().expect("lock");
    // Past the harness's capture, so the log shows how much was covered.
    use std::io::Write as _;
    let _ = writeln!(
        std::io::stderr(),
        "note: {} injected faults at {} syscall occurrences",
        runs.len(),
        points.len()
    );
    assert!(
        problems.is_empty(),
        "{} of {} injected faults went wrong:\n{}",
        problems.len(),
        runs.len(),
        problems.join("\n")
    );
}
