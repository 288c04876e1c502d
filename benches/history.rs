//! History benchmark: `history` over 100,000 stored commands must answer in
//! under 100 ms (issue 4), measured as a user sees it: the whole
//! `flatlab history -w NAME ...` process, and the `history` command inside
//! a running session (between two output markers).
//!
//! ```text
//! cargo bench --bench history                      # 100,000 commands
//! FLATLAB_BENCH_HISTORY=20000 cargo bench --bench history
//! ```
//!
//! The workspace is built through the library (`Store::commit`, one
//! transaction per command, as the shell commits them) in 100 sessions of
//! 1,000 commands over 3 directories. Every commit is fsynced, so the
//! scratch home defaults to /dev/shm when it exists (set FLATLAB_BENCH_DIR
//! to build it elsewhere); the queries read the file through the page cache
//! either way. Prints a Markdown table: median wall time, and the CPU time
//! (user + system) per run, which a loaded machine disturbs less.

mod common;

use common::*;
use flatlab::history::{HistoryRecord, SessionRecord, Source, Status};
use flatlab::store::Store;
use std::time::{Duration, Instant};

const RUNS: usize = 9;

fn main() {
    let n: usize = std::env::var("FLATLAB_BENCH_HISTORY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    if std::env::var_os("FLATLAB_BENCH_DIR").is_none() && std::path::Path::new("/dev/shm").is_dir()
    {
        std::env::set_var("FLATLAB_BENCH_DIR", "/dev/shm");
    }
    let home = Home::new("history");
    eprintln!("storing {n} commands...");
    let t = Instant::now();
    populate(&home, n);
    let built = t.elapsed();
    let file = std::fs::metadata(home.dir.join("big.flatlab"))
        .map(|m| m.len())
        .unwrap_or(0);
    eprintln!("  stored in {:.1} s", built.as_secs_f64());

    let mut rows: Vec<(String, (Duration, Duration), String)> = Vec::new();
    {
        // What the REPL loads into the line editor at start (in-process).
        let st = Store::open(&home.dir, "big").expect("open bench workspace");
        let mut got = 0;
        let d = median(
            (0..RUNS)
                .map(|_| {
                    let t = Instant::now();
                    got = st.recall(10_000).map(|r| r.len()).unwrap_or(0);
                    t.elapsed()
                })
                .collect(),
        );
        rows.push((
            "`Store::recall(10_000)` (line editor history at REPL start)".into(),
            (d, d),
            format!("in-process, wall = CPU; {got} entries"),
        ));
    }
    let empty = home.run(&["-w", "small", "-c", "x = 1;"]);
    drop(empty);
    rows.push((
        "`flatlab -w small -c 'disp(1)'` (process floor, 1-command workspace)".into(),
        time(|| {
            home.run(&["-w", "small", "-c", "disp(1)"]);
        }),
        "start, open, run, commit, exit".into(),
    ));
    let cli: &[(&[&str], &str)] = &[
        (&[], "newest 20"),
        (
            &["--grep", "^zz_rare"],
            "regex over every record (10 match)",
        ),
        (
            &["--wrote", "rare_var"],
            "every record (1 match, the oldest)",
        ),
        (&["--read", "y7"], "newest 20 that read y7"),
        (&["--here", "5"], "newest 5 run here (none: every record)"),
        (&["--failed"], "newest 20 failed (1 in 1,000)"),
    ];
    for (args, note) in cli {
        let mut a = vec!["history", "-w", "big"];
        a.extend_from_slice(args);
        let out = home.run(&a).stdout;
        let lines = out.lines().count();
        rows.push((
            format!("`flatlab {}`", a.join(" ")),
            time(|| {
                home.run(&a);
            }),
            format!("{note}; {lines} lines"),
        ));
    }

    // Inside a session: the time from sending the command to seeing the
    // marker after it, against the same for an empty `disp`.
    let mut s = home.session("big");
    s.sync("ready");
    let pid = s.pid();
    let round = |s: &mut Session, cmd: &str| {
        let mut v = Vec::new();
        let cpu0 = proc_cpu(pid);
        for _ in 0..RUNS {
            let t = Instant::now();
            let lines = s.output_of(cmd);
            v.push((t.elapsed(), lines.len()));
        }
        let cpu = proc_cpu(pid).saturating_sub(cpu0) / RUNS as u32;
        let lines = v.first().map(|x| x.1).unwrap_or(0);
        ((median(v.into_iter().map(|x| x.0).collect()), cpu), lines)
    };
    let (floor, _) = round(&mut s, "disp(1)");
    rows.push((
        "in session: `disp(1)` (command floor)".into(),
        floor,
        "one command + marker, each committed".into(),
    ));
    for (cmd, note) in [
        ("history", "newest 20"),
        ("history --session", "this session's newest 20"),
        ("history --grep ^zz_rare", "regex over every record"),
        ("history --wrote rare_var", "every record"),
    ] {
        let (d, lines) = round(&mut s, cmd);
        rows.push((
            format!("in session: `{cmd}`"),
            d,
            format!("{note}; {lines} lines"),
        ));
    }
    s.finish();

    if std::env::var_os("FLATLAB_BENCH_KEEP").is_some() {
        eprintln!("kept {}", home.dir.display());
        std::mem::forget(home);
    }
    println!(
        "{n} stored commands, {:.1} MiB store file (built in {:.1} s); median of {RUNS} runs",
        file as f64 / (1 << 20) as f64,
        built.as_secs_f64()
    );
    println!();
    println!("| query | median wall | CPU per run | note |");
    println!("|---|---|---|---|");
    for (what, (wall, cpu), note) in rows {
        println!(
            "| {what} | {:.1} ms | {:.1} ms | {note} |",
            ms(wall),
            ms(cpu)
        );
    }
}

/// Median wall time of `f` and the mean CPU time of the child processes
/// it waited for.
fn time(mut f: impl FnMut()) -> (Duration, Duration) {
    f();
    let cpu0 = children_cpu();
    let wall = median(
        (0..RUNS)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    );
    (wall, children_cpu().saturating_sub(cpu0) / RUNS as u32)
}

/// User + system time of all waited-for children so far.
fn children_cpu() -> Duration {
    // SAFETY: rusage is plain data that getrusage fills.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: a valid pointer to a local.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut ru) };
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec.max(0) as u64) + Duration::from_micros(t.tv_usec.max(0) as u64)
    };
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

/// User + system time of process `pid` (from /proc, in clock ticks).
fn proc_cpu(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which may contain spaces) in ")".
    let rest = stat.rsplit_once(')').map(|x| x.1).unwrap_or("");
    let f: Vec<u64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0))
        .collect();
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after ")".
    let ticks = f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0);
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    Duration::from_micros(ticks * 1_000_000 / hz)
}

/// `n` commands in sessions of 1,000, over three directories. Command k is
/// `x<k%50> = y<k%13> + k;`; every 10,000th is `zz_rare...`, every 1,000th
/// failed; the very first wrote `rare_var`.
fn populate(home: &Home, n: usize) {
    let dirs = [
        "/home/user/project",
        "/home/user/project/data",
        "/tmp/scratch",
    ];
    let mut st: Option<Store> = None;
    let t0 = flatlab::history::now_ms() - n as i64 * 1000;
    for k in 0..n {
        if k % 1000 == 0 {
            drop(st.take());
            let mut s = Store::open(&home.dir, "big").expect("open bench workspace");
            s.start_session(SessionRecord {
                id: format!("bench-{:04}", k / 1000),
                started: t0 + k as i64 * 1000,
                ended: Some(t0 + (k as i64 + 1000) * 1000),
                pid: 1,
                host: "bench".into(),
                user: "bench".into(),
                version: env!("CARGO_PKG_VERSION").into(),
                source: Source::Interactive,
            });
            st = Some(s);
        }
        let (text, writes, reads) = if k == 0 {
            (
                "rare_var = 1;".to_string(),
                vec!["rare_var".to_string()],
                vec![],
            )
        } else if k % 10_000 == 5 {
            (
                format!("zz_rare_{k} = 1;"),
                vec![format!("zz_rare_{k}")],
                vec![],
            )
        } else {
            (
                format!("x{} = y{} + {k};", k % 50, k % 13),
                vec![format!("x{}", k % 50)],
                vec![format!("y{}", k % 13)],
            )
        };
        let rec = HistoryRecord {
            text,
            started: t0 + k as i64 * 1000,
            duration_ms: 1,
            cwd: dirs[k % 3].to_string(),
            session: format!("bench-{:04}", k / 1000),
            host: "bench".into(),
            user: "bench".into(),
            status: if k % 1000 == 999 {
                Status::Error("Undefined variable".into())
            } else {
                Status::Ok
            },
            reads,
            writes,
            ..HistoryRecord::default()
        };
        if let Some(s) = st.as_mut() {
            s.commit(&[], &[], &rec).expect("commit bench record");
        }
    }
    if let Some(mut s) = st {
        let _ = s.end_session();
    }
}
