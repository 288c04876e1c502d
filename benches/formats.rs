//! File-format benchmark: save and load of one large double array (400 MB
//! by default) through the release binary, against NumPy, SciPy, pandas and
//! Octave on the same data, on the same machine, in one run.
//!
//! ```text
//! cargo bench --bench formats                        # 400 MB, a few minutes
//! FLATLAB_BENCH_MB=64 cargo bench --bench formats    # quick look
//! FLATLAB_BENCH_CSV_MB=40 ...                        # smaller CSV part
//! FLATLAB_BENCH_REPS=5 ...                           # repetitions (median)
//! ```
//!
//! What is timed is the operation itself, never process start-up or making
//! the array:
//! - flatlab: a pipe session (`flatlab -w NAME`); the time from a marker
//!   line before the command to one after it (the marker is printed only
//!   once the command's workspace commit is durable). A `load` includes
//!   committing the loaded variable to the workspace store (part of the
//!   product): for `a.npy`/`a.mat` the workspace already holds the same
//!   data (A), so the commit hashes it and finds every chunk stored; for
//!   `b.npy`/`b.mat` (data the workspace does not hold) it also writes and
//!   fsyncs all of it. "no commit" is `tic; load f; toc` inside the command;
//! - Python and Octave: `time.perf_counter()` / `tic`-`toc` around the call
//!   inside one script each.
//!
//! flatlab's writers are durable (temporary file, fsync, rename), so
//! `numpy.save` and `scipy.io.savemat` are timed both plain and followed by
//! `os.fsync`. The array is made once by flatlab (`rand`) and written as
//! .npy; Python and Octave read that file (untimed) so every tool handles
//! the same numbers. Loads read files just written, from the page cache,
//! for every tool alike; before each timed operation all dirty pages are
//! flushed (`sync`, untimed) and every tool pauses half a second, so none
//! pays for an earlier one's writeback or background work (flatlab closes a
//! large file it replaced on a background thread, since freeing its blocks
//! takes ~90 ms on ext4; NumPy pays that inside `open(..., 'wb')`).
//! Every tool does one untimed warm-up run of each binary-format operation
//! first (on a virtual machine, memory untouched for a few seconds can cost
//! ten times more to touch the first time, which would otherwise decide
//! the ratios).

mod common;

use common::*;
use std::collections::BTreeMap;
use std::time::Duration;

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Rows x columns of a double matrix of about `mb` MB (10^6 bytes), 5000
/// columns wide when big enough (400 MB: 10000 x 5000).
fn shape(mb: usize) -> (usize, usize) {
    let numel = (mb * 1_000_000 / 8).max(1);
    let cols = 5000.min(numel);
    (numel / cols, cols)
}

fn main() {
    let mb = env_num("FLATLAB_BENCH_MB", 400);
    let csv_mb = env_num("FLATLAB_BENCH_CSV_MB", mb);
    let reps = env_num("FLATLAB_BENCH_REPS", 3).max(1);
    let (rows, cols) = shape(mb);
    let (crows, ccols) = shape(csv_mb);
    let home = Home::new("formats");
    let dir = &home.dir;
    eprintln!("{rows}x{cols} doubles ({mb} MB), CSV {crows}x{ccols}, {reps} repetitions");

    // flatlab: make the arrays, then time each operation in one session.
    // Undo retention is off so that `clear` really frees a loaded array's
    // chunks and the next load of it writes them again.
    let mut cmd = home.cmd(&["-w", "fmt"]);
    cmd.env("FLATLAB_UNDO_COMMANDS", "0");
    let mut s = Session::start(cmd);
    s.send(&format!(
        "A = rand({rows},{cols}); C = rand({crows},{ccols});"
    ));
    s.sync("made");
    s.send("save src.npy A");
    s.send("save csrc.npy C");
    // Files whose data the workspace does not hold (B = A + 1, cleared).
    s.send("B = A + 1; save b.npy B; save -v6 b.mat B; clear B");
    s.sync("sources written");
    let mut fl: BTreeMap<&str, Duration> = BTreeMap::new();
    // `n` timed runs after `warm` untimed ones, each followed by `after`
    // (untimed).
    let mut timed =
        |s: &mut Session, key: &'static str, cmd: &str, after: &str, warm: usize, n: usize| {
            let mut t = Vec::new();
            for k in 0..warm + n {
                settle();
                let t0 = s.sync("t0");
                s.send(cmd);
                let t1 = s.sync("t1");
                if k >= warm {
                    t.push(t1 - t0);
                }
                if !after.is_empty() {
                    s.send(after);
                }
            }
            fl.insert(key, median(t));
        };
    timed(&mut s, "save npy", "save a.npy A", "", 1, reps);
    timed(&mut s, "save mat", "save -v6 a.mat A", "", 1, reps);
    // A copy of A, already stored: the commit hashes it and finds every
    // chunk present.
    timed(&mut s, "load npy", "load a.npy", "clear a", 1, reps);
    timed(&mut s, "load mat", "load a.mat", "", 1, reps);
    // New data: the commit also writes and fsyncs all of it.
    timed(&mut s, "load npy new", "load b.npy", "clear b", 1, reps);
    timed(&mut s, "load mat new", "load b.mat", "clear B", 1, reps);
    timed(&mut s, "save csv", "save c.csv C", "", 0, 1);
    timed(&mut s, "load csv", "load c.csv", "clear c", 0, 1);
    let mut no_commit = |s: &mut Session, key: &'static str, cmd: &str, warm: usize, n: usize| {
        let mut t = Vec::new();
        for k in 0..warm + n {
            settle();
            let out = s.output_of(&format!("tic; {cmd}; fprintf('toc=%.6f\\n', toc);"));
            let secs = out
                .iter()
                .find_map(|l| l.strip_prefix("toc=")?.parse::<f64>().ok())
                .unwrap_or_else(|| panic!("no toc output from {cmd}: {out:?}"));
            if k >= warm {
                t.push(Duration::from_secs_f64(secs));
            }
        }
        fl.insert(key, median(t));
    };
    no_commit(&mut s, "load npy nc", "load a.npy", 1, reps);
    no_commit(&mut s, "load mat nc", "load a.mat", 1, reps);
    no_commit(&mut s, "load csv nc", "load c.csv", 0, 1);
    // The flatlab files must hold what was saved (a cheap sanity check).
    let check =
        s.output_of("x = load('a.npy'); y = load('c.csv'); disp(isequal(x, A) && isequal(y, C))");
    assert_eq!(check.last().map(String::as_str), Some("1"), "{check:?}");
    s.finish();

    let py = python(dir, reps);
    let oct = octave_times(dir, reps);
    table(mb, csv_mb, &fl, &py, &oct);
}

/// Flushes every dirty page to disk and waits half a second (untimed), so
/// no operation pays for the writeback or the background work of an
/// earlier one. Every tool gets the same pause.
fn settle() {
    // SAFETY: sync(2) takes no arguments and cannot fail.
    unsafe { libc::sync() };
    std::thread::sleep(Duration::from_millis(500));
}

const PY: &str = r#"
import os, sys, time, statistics
import numpy as np
reps = int(sys.argv[1])
A = np.load('src.npy')
C = np.load('csrc.npy')
def med(f, n=reps, warm=1):
    ts = []
    for k in range(warm + n):
        os.sync()
        time.sleep(0.5)
        t = time.perf_counter(); f(); dt = time.perf_counter() - t
        if k >= warm:
            ts.append(dt)
    return statistics.median(ts)
def synced(path, write):
    with open(path, 'wb') as fh:
        write(fh)
        fh.flush()
        os.fsync(fh.fileno())
out = {}
out['numpy.save'] = med(lambda: np.save('p.npy', A))
out['numpy.save+fsync'] = med(lambda: synced('p.npy', lambda fh: np.save(fh, A)))
out['numpy.load'] = med(lambda: np.load('p.npy'))
try:
    import scipy.io
    out['savemat'] = med(lambda: scipy.io.savemat('p.mat', {'A': A}))
    out['savemat+fsync'] = med(lambda: synced('p.mat', lambda fh: scipy.io.savemat(fh, {'A': A})))
    out['loadmat'] = med(lambda: scipy.io.loadmat('p.mat'))
    # scipy reads flatlab's file to the same values
    assert np.array_equal(scipy.io.loadmat('a.mat')['A'], A)
except ImportError:
    pass
try:
    import pandas as pd
    df = pd.DataFrame(C)
    out['to_csv'] = med(lambda: df.to_csv('p.csv', header=False, index=False), 1, 0)
    out['read_csv'] = med(lambda: pd.read_csv('p.csv', header=None), 1, 0)
except ImportError:
    pass
for k, v in out.items():
    print(k, v)
"#;

/// Python's times by name, or empty when python3 with numpy is missing.
fn python(dir: &std::path::Path, reps: usize) -> BTreeMap<String, f64> {
    let script = dir.join("bench.py");
    std::fs::write(&script, PY).expect("write bench.py");
    let ok = std::process::Command::new("python3")
        .args(["-c", "import numpy"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        eprintln!("python3 with numpy not found: no Python columns");
        return BTreeMap::new();
    }
    eprintln!("running the Python side...");
    let mut c = std::process::Command::new("python3");
    c.arg(&script).arg(reps.to_string()).current_dir(dir);
    parse_times(&run_measured(c).stdout)
}

/// Octave's `save -v6` and `load` times, or empty without octave-cli.
fn octave_times(dir: &std::path::Path, reps: usize) -> BTreeMap<String, f64> {
    let Some(oct) = octave() else {
        eprintln!("octave-cli not installed: no Octave columns");
        return BTreeMap::new();
    };
    eprintln!("running the Octave side...");
    let script = format!(
        "load('a.mat'); ts = zeros(1, {reps} + 1); tl = ts;\n\
         for k = 1:{reps} + 1\n\
           system('sync'); pause(0.5); t = tic; save('-v6', 'o.mat', 'A'); ts(k) = toc(t);\n\
           system('sync'); pause(0.5); t = tic; S = load('o.mat'); tl(k) = toc(t); clear S;\n\
         end\n\
         printf('octave.save %.6f\\noctave.load %.6f\\n', median(ts(2:end)), median(tl(2:end)));\n"
    );
    std::fs::write(dir.join("bench.m"), script).expect("write bench.m");
    let mut c = std::process::Command::new(oct);
    c.args(["--norc", "--quiet", "bench.m"]).current_dir(dir);
    parse_times(&run_measured(c).stdout)
}

fn parse_times(out: &str) -> BTreeMap<String, f64> {
    out.lines()
        .filter_map(|l| {
            let (k, v) = l.split_once(' ')?;
            Some((k.to_string(), v.trim().parse().ok()?))
        })
        .collect()
}

fn table(
    mb: usize,
    csv_mb: usize,
    fl: &BTreeMap<&str, Duration>,
    py: &BTreeMap<String, f64>,
    oct: &BTreeMap<String, f64>,
) {
    let secs = |k: &str| fl.get(k).map(|d| d.as_secs_f64()).unwrap_or(f64::NAN);
    let other = |m: &BTreeMap<String, f64>, k: &str| m.get(k).copied();
    let cell = |mine: f64, theirs: Option<f64>, label: &str| match theirs {
        Some(t) => format!("{label} {:.3} s (**{:.2}x**)", t, mine / t),
        None => format!("{label}: not available"),
    };
    println!("Save and load of a {mb} MB double array (CSV: {csv_mb} MB of doubles); median times; ratio = flatlab / other.\n");
    println!("| operation | flatlab | compared with |");
    println!("|---|---|---|");
    let row = |what: &str, key: &str, cmp: Vec<String>| {
        println!("| {what} | {:.3} s | {} |", secs(key), cmp.join("; "));
    };
    let s = secs("save npy");
    row(
        "`save a.npy A`",
        "save npy",
        vec![
            cell(s, other(py, "numpy.save"), "numpy.save"),
            cell(s, other(py, "numpy.save+fsync"), "numpy.save + fsync"),
        ],
    );
    let s = secs("save mat");
    row(
        "`save -v6 a.mat A`",
        "save mat",
        vec![
            cell(s, other(py, "numpy.save"), "numpy.save"),
            cell(s, other(py, "numpy.save+fsync"), "numpy.save + fsync"),
            cell(s, other(py, "savemat"), "scipy savemat"),
            cell(s, other(py, "savemat+fsync"), "savemat + fsync"),
            cell(s, other(oct, "octave.save"), "Octave save -v6"),
        ],
    );
    for (what, key, fmt) in [
        (
            "`load a.npy` (commit finds the data stored)",
            "load npy",
            "npy",
        ),
        ("`load a.npy`, no commit (tic/toc)", "load npy nc", "npy"),
        (
            "`load a.mat` (commit finds the data stored)",
            "load mat",
            "mat",
        ),
        ("`load a.mat`, no commit (tic/toc)", "load mat nc", "mat"),
        (
            "`load b.npy`, new data (commit writes it)",
            "load npy new",
            "npy",
        ),
        (
            "`load b.mat`, new data (commit writes it)",
            "load mat new",
            "mat",
        ),
    ] {
        let s = secs(key);
        let mut cmp = vec![cell(s, other(py, "numpy.load"), "numpy.load")];
        if fmt == "mat" {
            cmp.push(cell(s, other(py, "loadmat"), "scipy loadmat"));
            cmp.push(cell(s, other(oct, "octave.load"), "Octave load"));
        }
        row(what, key, cmp);
    }
    let s = secs("save csv");
    row(
        "`save c.csv C`",
        "save csv",
        vec![cell(s, other(py, "to_csv"), "pandas to_csv")],
    );
    for (what, key) in [
        ("`load c.csv` (with workspace commit)", "load csv"),
        ("`load c.csv`, no commit (tic/toc)", "load csv nc"),
    ] {
        let s = secs(key);
        row(
            what,
            key,
            vec![cell(s, other(py, "read_csv"), "pandas read_csv")],
        );
    }
}
