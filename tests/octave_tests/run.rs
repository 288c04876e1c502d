//! Running one m-file's test blocks in flatlab.
//!
//! Each runnable block becomes a function file `octtest_bN.m` whose inputs
//! and outputs are the shared variables (as Octave's `test` wraps a block
//! in `function [a, b] = __test__ (a, b)`; `%!error` and `%!warning`
//! blocks only take them), each `%!function` block becomes `NAME.m`, and
//! a driver script calls the blocks in order, each inside `try`, printing
//! a marker line before and after it. One flatlab process, with its own
//! `FLATLAB_HOME` and working directory, runs the blocks of a file.
//!
//! The markers are read as they come, so a block that runs longer than the
//! timeout is a hang: the process is killed and the block reported. When a
//! process ends before its last block (a panic, an abort, `exit`), the block
//! that had started is reported with the cause and a new process runs the
//! rest, after replaying the last `%!shared` initialisation.
//!
//! A `%!function` defined again later in the file starts a new process
//! there, so each block sees the definition Octave would give it; a function
//! defined later in the same process is visible to earlier blocks (Octave
//! would say it is undefined there), which no test relies on.
//!
//! Other differences from Octave's own `test`: after a crash the shared
//! variables start again from their `%!shared` initialisation (changes
//! earlier blocks made to them are lost); the blocks are files in a scratch
//! folder, so the private functions next to the tested m-file are not
//! visible (Octave's internals; one block in 7,599 needs one), and a line
//! number in a message counts the `function` line the file starts with.

use super::extract::{is_ident, Block, Kind};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How a test block ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Pass,
    Fail,
    /// The process panicked, aborted or exited during the block.
    Crash,
    /// The block ran past the timeout.
    Hang,
}

#[derive(Clone, Debug)]
pub struct Outcome {
    pub status: Status,
    /// Why it failed (one line), empty for a pass.
    pub reason: String,
    /// How long the block ran, in seconds.
    pub secs: f64,
}

/// The reason a passing `%!error` block carries when the error it raised
/// was an undefined function's.
pub const UNDEFINED_PASS: &str = "passed on an undefined function: ";

/// What the driver reported for a block that finished.
enum Report {
    /// Ran to its end without error.
    Done,
    /// Raised an error: identifier and message.
    Raised(String, String),
}

/// Runs the blocks of one file with `cmd` (flatlab, or octave-cli to check
/// the harness); the outcome of every test block (by position in
/// `blocks`). `scratch` is a directory for the processes' homes and working
/// directories (removed by the caller).
pub fn run_file(
    cmd: &[String],
    blocks: &[Block],
    scratch: &Path,
    timeout: Duration,
) -> HashMap<usize, Outcome> {
    let mut results = HashMap::new();
    // Segments: a redefinition of a helper function starts a new one.
    let mut seg_starts = vec![0];
    let mut defined = HashSet::new();
    for (i, b) in blocks.iter().enumerate() {
        if let Some(name) = &b.func_name {
            if !defined.insert(name.clone()) {
                seg_starts.push(i);
                defined.clear();
                defined.insert(name.clone());
            }
        }
    }
    seg_starts.push(blocks.len());
    let mut run_no = 0;
    // Shared blocks whose initialisation crashed: not replayed.
    let mut no_replay = HashSet::new();
    // The failure of the last `%!shared` initialisation, if it failed.
    let mut shared_failure: Option<String> = None;
    for seg in seg_starts.windows(2) {
        let (from, to) = (seg[0], seg[1]);
        let mut start = from;
        while start < to && blocks[start..to].iter().any(|b| runnable(&b.kind)) {
            run_no += 1;
            let dir = scratch.join(format!("run{run_no}"));
            let replay = blocks[..start]
                .iter()
                .rposition(|b| b.kind == Kind::Shared)
                .filter(|k| !no_replay.contains(k));
            let end = run_process(
                cmd,
                blocks,
                &dir,
                replay,
                start..to,
                timeout,
                &mut results,
                &mut shared_failure,
            );
            let _ = std::fs::remove_dir_all(&dir);
            match end {
                None => break,
                Some((crashed, outcome)) => {
                    if blocks[crashed].kind.is_test() {
                        results.insert(crashed, outcome);
                    } else if blocks[crashed].kind == Kind::Shared {
                        no_replay.insert(crashed);
                        shared_failure = Some(outcome.reason);
                    }
                    start = crashed.max(start.saturating_sub(1)) + 1;
                }
            }
        }
    }
    results
}

fn runnable(k: &Kind) -> bool {
    k.is_test() || *k == Kind::Shared
}

/// One process over `range` (after replaying shared block
/// `replay`). Records the outcome of each finished test block; returns the
/// block the process died or hung in, with the cause, or None when every
/// block finished.
#[allow(clippy::too_many_arguments)]
fn run_process(
    cmd: &[String],
    blocks: &[Block],
    dir: &Path,
    replay: Option<usize>,
    range: std::ops::Range<usize>,
    timeout: Duration,
    results: &mut HashMap<usize, Outcome>,
    shared_failure: &mut Option<String>,
) -> Option<(usize, Outcome)> {
    let home = dir.join("home");
    let cwd = dir.join("cwd");
    if let Err(e) = std::fs::create_dir_all(&home).and_then(|_| std::fs::create_dir_all(&cwd)) {
        panic!("cannot create {}: {e}", dir.display());
    }
    let order: Vec<usize> = replay
        .into_iter()
        .chain(range.clone().filter(|&i| runnable(&blocks[i].kind)))
        .collect();
    write_files(blocks, &cwd, &order, range.end);
    let mut child = Command::new(&cmd[0])
        .args(&cmd[1..])
        .arg("octtest_run.m")
        .env("FLATLAB_HOME", &home)
        .env("NO_COLOR", "1")
        .current_dir(&cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn flatlab");
    let (tx, rx) = mpsc::channel::<Vec<u8>>();
    let out = child.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut r = BufReader::new(out);
        let mut line = Vec::new();
        loop {
            line.clear();
            match r.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    if line.starts_with(b"@@FLT ") && tx.send(line.clone()).is_err() {
                        break;
                    }
                }
            }
        }
    });
    let err = child.stderr.take().expect("piped");
    let err_reader = std::thread::spawn(move || tail(err, 64 * 1024));
    let mut current: Option<usize> = None;
    let mut started = Instant::now();
    let mut deadline = started + timeout;
    let mut hung = false;
    loop {
        let wait = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(wait) {
            Ok(line) => {
                let line = String::from_utf8_lossy(&line);
                let mut f = line.trim_end_matches(['\n', '\r']).splitn(4, ' ');
                let (_, tag, idx) = (f.next(), f.next(), f.next());
                let Some(idx) = idx.and_then(|s| s.parse::<usize>().ok()) else {
                    continue;
                };
                if idx >= blocks.len() {
                    continue;
                }
                match tag {
                    Some("S") => {
                        current = Some(idx);
                        started = Instant::now();
                        deadline = started + timeout;
                    }
                    Some("P") => {
                        current = None;
                        finish(&blocks[idx], idx, Report::Done, results, shared_failure);
                    }
                    Some("F") => {
                        current = None;
                        let rest = f.next().unwrap_or("");
                        let (id, msg) = rest.split_once('|').unwrap_or((rest, ""));
                        let r = Report::Raised(unhex(id), unhex(msg));
                        finish(&blocks[idx], idx, r, results, shared_failure);
                    }
                    _ => {}
                }
                if let Some(o) = results.get_mut(&idx).filter(|_| tag != Some("S")) {
                    o.secs = started.elapsed().as_secs_f64();
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                hung = true;
                let _ = child.kill();
                break;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    let status = wait_bounded(&mut child);
    let _ = reader.join();
    let stderr = err_reader.join().unwrap_or_default();
    // Blocks of this run without a result: the one that started is the
    // culprit; the others are run again in a new process.
    let pending = order.iter().find(|&&i| {
        (blocks[i].kind.is_test() && !results.contains_key(&i) && i >= range.start)
            || Some(i) == current
    });
    let culprit = current.or_else(|| pending.copied())?;
    let reason = if hung {
        format!("hang: still running after {} s", timeout.as_secs())
    } else {
        crash_reason(status, &stderr)
    };
    let st = if hung { Status::Hang } else { Status::Crash };
    let secs = started.elapsed().as_secs_f64();
    Some((
        culprit,
        Outcome {
            status: st,
            reason,
            secs,
        },
    ))
}

/// Waits for a child that was killed or closed its output; a child that
/// keeps running (its stdout closed early) is killed after a grace period.
fn wait_bounded(child: &mut Child) -> Option<std::process::ExitStatus> {
    let until = Instant::now() + Duration::from_secs(5);
    loop {
        match child.try_wait() {
            Ok(Some(s)) => return Some(s),
            Ok(None) if Instant::now() < until => std::thread::sleep(Duration::from_millis(10)),
            Ok(None) => {
                let _ = child.kill();
                return child.wait().ok();
            }
            Err(_) => return None,
        }
    }
}

fn crash_reason(status: Option<std::process::ExitStatus>, stderr: &str) -> String {
    if let Some(p) = stderr.lines().find(|l| l.contains("panicked at")) {
        let next = stderr
            .lines()
            .skip_while(|l| !l.contains("panicked at"))
            .nth(1)
            .unwrap_or("");
        return format!("panic: {} {}", p.trim(), next.trim());
    }
    match status {
        Some(s) if s.signal().is_some() => format!(
            "abort: killed by signal {}; {}",
            s.signal().unwrap_or(0),
            last_line(stderr)
        ),
        Some(s) => format!(
            "exit: the process ended (status {}) during the block; {}",
            s.code().unwrap_or(-1),
            last_line(stderr)
        ),
        None => "exit: the process could not be waited for".to_string(),
    }
}

fn last_line(s: &str) -> &str {
    s.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("")
}

/// The last `cap` bytes a stream writes.
fn tail(mut r: impl Read, cap: usize) -> String {
    let mut kept: Vec<u8> = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match r.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                kept.extend_from_slice(&buf[..n]);
                if kept.len() > 2 * cap {
                    kept.drain(..kept.len() - cap);
                }
            }
        }
    }
    String::from_utf8_lossy(&kept).into_owned()
}

/// The text of `sprintf('%x,', double(s))`.
fn unhex(s: &str) -> String {
    s.split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            u32::from_str_radix(p.trim(), 16)
                .ok()
                .and_then(char::from_u32)
                .unwrap_or('\u{fffd}')
        })
        .collect()
}

/// Records what a finished block means.
fn finish(
    b: &Block,
    idx: usize,
    r: Report,
    results: &mut HashMap<usize, Outcome>,
    shared_failure: &mut Option<String>,
) {
    let pass = || Outcome {
        status: Status::Pass,
        reason: String::new(),
        secs: 0.0,
    };
    let fail = |reason: String| Outcome {
        status: Status::Fail,
        reason: one_line(&reason),
        secs: 0.0,
    };
    let outcome = match (&b.kind, r) {
        (Kind::Shared, Report::Done) => {
            *shared_failure = None;
            return;
        }
        (Kind::Shared, Report::Raised(_, msg)) => {
            *shared_failure = Some(one_line(&msg));
            return;
        }
        (Kind::Error, Report::Done) => fail(match (&b.id, &b.pattern) {
            (Some(id), _) => format!("expected an error with id {id}, but got none"),
            (None, Some(p)) => format!("expected an error <{p}>, but got none"),
            (None, None) => "expected an error, but got none".to_string(),
        }),
        (Kind::Error, Report::Raised(id, msg)) => {
            // A pass as Octave counts it, but only because a function is
            // missing: noted, so the report can tell these apart.
            let passed = || match (b.id.is_none(), id == "Octave:undefined-function") {
                (true, true) => Outcome {
                    reason: format!("{UNDEFINED_PASS}{}", one_line(&msg)),
                    ..pass()
                },
                _ => pass(),
            };
            match (&b.id, &b.pattern) {
                (Some(want), _) if *want != id => {
                    fail(format!("expected id {want}, got id {id:?}: {msg}"))
                }
                // Octave matches `strtrim (lasterr ())` after its "error: ".
                (None, Some(p)) => match pattern_matches(p, msg.trim()) {
                    Ok(true) => passed(),
                    Ok(false) => fail(format!("expected an error <{p}>, got: {msg}")),
                    Err(e) => fail(format!("harness: pattern <{p}> not a Rust regex: {e}")),
                },
                _ => passed(),
            }
        }
        (_, Report::Done) => pass(),
        (_, Report::Raised(_, msg)) => match shared_failure {
            Some(s) => fail(format!("{msg} (after %!shared failed: {s})")),
            None => fail(msg),
        },
    };
    results.insert(idx, outcome);
}

/// Octave's `regexp (msg, pattern, "once")` is not empty (Octave's
/// default options: `.` matches a newline, `^` and `$` the string's ends).
fn pattern_matches(p: &str, msg: &str) -> Result<bool, regex::Error> {
    let re = regex::RegexBuilder::new(p)
        .dot_matches_new_line(true)
        .build()?;
    Ok(re.is_match(msg))
}

fn one_line(s: &str) -> String {
    if s.trim().is_empty() {
        return "(an error with an empty message)".to_string();
    }
    let s: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let s = s.trim();
    match s.char_indices().nth(160) {
        Some((cut, _)) => format!("{}...", &s[..cut]),
        None => s.to_string(),
    }
}

/// Writes the block functions, the helper functions and the driver.
fn write_files(blocks: &[Block], cwd: &Path, order: &[usize], end: usize) {
    let write = |name: &str, text: &str| {
        let p: PathBuf = cwd.join(name);
        std::fs::write(&p, text).unwrap_or_else(|e| panic!("write {}: {e}", p.display()));
    };
    // Helper functions defined before the end of this range; a later
    // definition of a name replaces an earlier one, as in Octave.
    for b in &blocks[..end] {
        if let (Kind::Function, Some(name)) = (&b.kind, &b.func_name) {
            write(&format!("{name}.m"), &format!("{}\n", b.code));
        }
    }
    // A block that changes directory must not lose the blocks after it.
    let mut driver = String::from("addpath(pwd);\n");
    let mut vars: Vec<String> = Vec::new();
    for &i in order {
        let b = &blocks[i];
        if b.kind == Kind::Shared {
            if !vars.is_empty() {
                driver.push_str(&format!("clear {};\n", vars.join(" ")));
            }
            vars = if b.bad_shared {
                Vec::new()
            } else {
                b.shared.clone()
            };
            for v in &vars {
                driver.push_str(&format!("{v} = [];\n"));
            }
            if b.bad_shared {
                // Octave: "shared variable initialization failed".
                driver.push_str(&marker_fail(
                    i,
                    "shared variables are not comma-separated names",
                ));
                continue;
            }
            if b.code.trim().is_empty() {
                continue;
            }
        }
        let args = vars.join(", ");
        let outs = if vars.is_empty() {
            String::new()
        } else {
            format!("[{args}] = ")
        };
        let takes_back = !matches!(b.kind, Kind::Error | Kind::Warning);
        let (sig_out, call_out) = if takes_back {
            (outs.clone(), outs)
        } else {
            (String::new(), String::new())
        };
        let fname = format!("octtest_b{i}");
        write(
            &format!("{fname}.m"),
            &format!("function {sig_out}{fname}({args})\n{}\n", b.code),
        );
        driver.push_str(&format!(
            "fprintf('\\n@@FLT S {i}\\n');\n\
             try\n  {call_out}{fname}({args});\n  fprintf('\\n@@FLT P {i}\\n');\n\
             catch octtest_err\n  fprintf('\\n@@FLT F {i} %s|%s\\n', \
             sprintf('%x,', double(octtest_err.identifier)), \
             sprintf('%x,', double(octtest_err.message)));\nend\n"
        ));
    }
    debug_assert!(vars.iter().all(|v| is_ident(v)));
    write("octtest_run.m", &driver);
}

/// A driver line reporting block `i` as failed with `msg` (ASCII).
fn marker_fail(i: usize, msg: &str) -> String {
    let hex: String = msg.bytes().map(|b| format!("{b:x},")).collect();
    format!("fprintf('\\n@@FLT F {i} |{hex}\\n');\n")
}
