//! Durability benchmarks: what the per-command commit costs, measured on the
//! real release binary over pipes, as a user would feel it.
//!
//! ```text
//! cargo bench --bench durability            # 1 GB workspace, ~2 minutes
//! FLATLAB_BENCH_MB=128 cargo bench --bench durability   # quick look
//! ```
//!
//! Prints a Markdown table (the README's numbers come from it):
//! - resume time to the end of `-c 'y = x + 1'` for an empty workspace and
//!   for one holding 1 GB of other variables, and the peak RSS of the latter;
//! - per-command time of a small assignment in a session with an empty
//!   workspace and with 1 GB of other variables loaded in memory;
//! - a one-element edit of a 400 MB array: time per edit and bytes the
//!   process wrote to storage per edit (from /proc/PID/io), against the
//!   time of one 4 KiB fsync on the same file system;
//! - 1,000 piped one-line commands, flatlab against `octave-cli`;
//! - page writes of one small commit: 60 `x = k;` commands sent one at a
//!   time (30 ms apart, so each commits alone) to a workspace with 400
//!   earlier commands, under `strace -e pwrite64,fdatasync` (skipped when
//!   strace is missing). Each commit's writes are those between two
//!   `fdatasync`s; 4 KiB ones are database pages, the short one redb's
//!   header.
//!
//! `FLATLAB_BENCH_ONLY=pages cargo bench --bench durability` runs only
//! the page count (seconds).

mod common;

use common::*;
use std::time::{Duration, Instant};

struct Row {
    what: String,
    value: String,
    note: String,
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is accepted.
    let mb: usize = std::env::var("FLATLAB_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1024);
    let home = Home::new("durability");
    let mut rows = Vec::new();
    if std::env::var("FLATLAB_BENCH_ONLY").as_deref() == Ok("pages") {
        pages_per_commit(&home, &mut rows);
        print_rows(rows);
        return;
    }
    let fsync = fsync_floor(&home.dir, 30);
    rows.push(Row {
        what: "one 4 KiB write + fsync on this file system".into(),
        value: format!("{:.2} ms", ms(fsync)),
        note: "the floor under any durable commit".into(),
    });

    // Workspaces: `small` holds one scalar; `big` the same scalar plus four
    // random arrays of mb/4 MiB each (random, so no chunk is shared).
    let per = mb * (1 << 20) / 8 / 4;
    home.run(&["-w", "small", "-c", "x = 1;"]);
    eprintln!("creating a {mb} MiB workspace...");
    let t = Instant::now();
    home.run(&[
        "-w",
        "big",
        "-c",
        &format!(
            "x = 1; B1 = rand({per},1); B2 = rand({per},1); B3 = rand({per},1); B4 = rand({per},1);"
        ),
    ]);
    eprintln!("  created in {:.1} s", t.elapsed().as_secs_f64());
    let file = std::fs::metadata(home.dir.join("big.flatlab"))
        .map(|m| m.len())
        .unwrap_or(0);
    rows.push(Row {
        what: format!("commit of {mb} MiB of new random arrays (one command)"),
        value: format!("{:.1} s", t.elapsed().as_secs_f64()),
        note: format!(
            "includes generating them; store file {:.0} MiB",
            file as f64 / (1 << 20) as f64
        ),
    });

    resume(&home, mb, &mut rows);
    per_command(&home, mb, &mut rows);
    edit_400mb(&home, fsync, &mut rows);
    piped_lines(&home, &mut rows);
    pages_per_commit(&home, &mut rows);
    print_rows(rows);
}

fn print_rows(rows: Vec<Row>) {
    println!("| measurement | result | note |");
    println!("|---|---|---|");
    for r in rows {
        println!("| {} | {} | {} |", r.what, r.value, r.note);
    }
}

/// Page writes per commit of a command that arrives alone (see the
/// module comment).
fn pages_per_commit(home: &Home, rows: &mut Vec<Row>) {
    const N: usize = 60;
    let strace = std::process::Command::new("strace").arg("-V").output();
    if !strace.is_ok_and(|o| o.status.success()) {
        eprintln!("strace not installed: no page count");
        return;
    }
    let warm: String = (1..=400).map(|k| format!("w = {k};\n")).collect();
    let path = home.dir.join("warm.m");
    std::fs::write(&path, warm).expect("write warm-up lines");
    let f = std::fs::File::open(&path).expect("open warm-up lines");
    let out = home
        .cmd(&["-w", "pages"])
        .stdin(f)
        .stdout(std::process::Stdio::null())
        .output()
        .expect("run warm-up");
    assert!(out.status.success(), "warm-up failed");
    let trace = home.dir.join("pages.trace");
    let mut cmd = std::process::Command::new("strace");
    cmd.args(["-f", "-e", "trace=pwrite64,fdatasync", "-o"])
        .arg(&trace)
        .arg(BIN)
        .args(["-w", "pages"])
        .env("FLATLAB_HOME", &home.dir)
        .env("NO_COLOR", "1")
        .current_dir(&home.dir);
    let mut s = Session::start(cmd);
    for k in 0..N {
        s.send(&format!("x = {k};"));
        std::thread::sleep(Duration::from_millis(30));
    }
    s.sync("end");
    s.finish();
    let text = std::fs::read_to_string(&trace).expect("read trace");
    // Per commit: (page writes, other writes), split at each fdatasync.
    let mut commits: Vec<(usize, usize)> = Vec::new();
    let mut cur = (0, 0);
    for line in text.lines() {
        if line.contains("pwrite64(") {
            let n: usize = line
                .rsplit("= ")
                .next()
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            if n >= 4096 {
                cur.0 += n / 4096;
            } else {
                cur.1 += 1;
            }
        } else if line.contains("fdatasync(") && line.trim_end().ends_with("= 0") {
            commits.push(std::mem::take(&mut cur));
        }
    }
    // The small commands' commits: skip the first (session record) and
    // the last few (the marker and the close).
    let mid: Vec<(usize, usize)> = commits
        .iter()
        .copied()
        .skip(2)
        .take(commits.len().saturating_sub(5))
        .filter(|c| c.0 > 0)
        .collect();
    let mut pages: Vec<usize> = mid.iter().map(|c| c.0).collect();
    pages.sort_unstable();
    let median = pages.get(pages.len() / 2).copied().unwrap_or(0);
    let headers = mid.iter().map(|c| c.1).max().unwrap_or(0);
    rows.push(Row {
        what: "page writes of one small commit (`x = k;` arriving alone)".into(),
        value: format!("{median} pages of 4 KiB + {headers} header write"),
        note: format!(
            "median of {} commits (range {}-{}), strace; redb itself writes 4 pages per commit",
            pages.len(),
            pages.first().copied().unwrap_or(0),
            pages.last().copied().unwrap_or(0)
        ),
    });
}

fn resume(home: &Home, mb: usize, rows: &mut Vec<Row>) {
    let time = |ws: &str| {
        let mut walls = Vec::new();
        let mut rss = 0;
        for _ in 0..15 {
            let r = home.run(&["-w", ws, "-c", "y = x + 1;"]);
            walls.push(r.wall);
            rss = rss.max(r.peak_rss_kb);
        }
        (median(walls), rss)
    };
    let (small, small_rss) = time("small");
    let (big, big_rss) = time("big");
    rows.push(Row {
        what: "resume + `y = x + 1` + commit, empty workspace".into(),
        value: format!("{:.1} ms", ms(small)),
        note: format!(
            "whole process, median of 15; peak RSS {} MB",
            small_rss / 1024
        ),
    });
    rows.push(Row {
        what: format!("same, workspace with {mb} MiB of other variables"),
        value: format!("{:.1} ms", ms(big)),
        note: format!(
            "ratio {:.2} (goal ≤ 2, ≤ 100 ms); peak RSS {} MB (goal < 100 MB)",
            big.as_secs_f64() / small.as_secs_f64(),
            big_rss / 1024
        ),
    });
}

/// Median per-command time of `x = K;` over `n` commands, in batches.
fn assignments(s: &mut Session, n: usize) -> Duration {
    let mut per = Vec::new();
    for batch in 0..5 {
        let t0 = s.sync(&format!("go{batch}"));
        for k in 0..n {
            s.send(&format!("x = {k};"));
        }
        let t1 = s.sync(&format!("done{batch}"));
        // The closing marker is one command too.
        per.push((t1 - t0) / (n as u32 + 1));
    }
    median(per)
}

fn per_command(home: &Home, mb: usize, rows: &mut Vec<Row>) {
    const N: usize = 200;
    let mut s = home.session("small");
    let small = assignments(&mut s, N);
    s.finish();

    let mut s = home.session("big");
    // Touch every array so all of it is in memory, as in a working session.
    s.send("t = B1(1) + B2(1) + B3(1) + B4(1);");
    let big = assignments(&mut s, N);
    s.finish();
    rows.push(Row {
        what: "per command `x = K;` (pipe, committed), empty workspace".into(),
        value: format!("{:.2} ms", ms(small)),
        note: format!("median of 5 batches of {N}"),
    });
    rows.push(Row {
        what: format!("same, {mb} MiB of other variables in memory"),
        value: format!("{:.2} ms", ms(big)),
        note: format!(
            "ratio {:.2} (goal ≤ 1.2)",
            big.as_secs_f64() / small.as_secs_f64()
        ),
    });
}

fn edit_400mb(home: &Home, fsync: Duration, rows: &mut Vec<Row>) {
    const EDITS: usize = 20;
    let n = 50_000_000usize; // 400 MB of doubles
    home.run(&["-w", "edit", "-c", &format!("A = rand({n},1);")]);
    let mut s = home.session("edit");
    // The first use reads the array; time the edits after it.
    s.send("A(1) = 0;");
    let t0 = s.sync("loaded");
    let w0 = s.write_bytes();
    for j in 0..EDITS {
        let k = 1 + j * (n / EDITS) + 7;
        s.send(&format!("A({k}) = -{k};"));
    }
    let t1 = s.sync("edited");
    let w1 = s.write_bytes();
    let ws = s.output_of("workspace");
    s.finish();
    let per = (t1 - t0) / (EDITS as u32 + 1);
    let last = ws
        .iter()
        .find_map(|l| l.trim().strip_prefix("last write:"))
        .map(|v| v.trim().to_string())
        .unwrap_or_default();
    let written = match (w0, w1) {
        (Some(a), Some(b)) => format!(
            "{:.2} MiB written to storage per edit",
            (b - a) as f64 / (EDITS + 1) as f64 / (1 << 20) as f64
        ),
        _ => "storage writes not reported by this kernel".into(),
    };
    rows.push(Row {
        what: "one-element edit `A(k) = v` of a 400 MB array".into(),
        value: format!("{:.1} ms", ms(per)),
        note: format!(
            "{:.1} ms beyond one fsync (goal ≤ 20); {written} (chunks are 1 MiB); the marker's commit: {last}",
            ms(per.saturating_sub(fsync))
        ),
    });
}

fn piped_lines(home: &Home, rows: &mut Vec<Row>) {
    let mut script = String::new();
    for k in 1..=250 {
        script.push_str(&format!("x = {k};\n"));
        script.push_str("y = x * 2 + 1;\n");
        script.push_str("v(x) = y;\n");
        script.push_str("s = sprintf('%d:%d', x, y);\n");
    }
    let path = home.dir.join("lines.m");
    std::fs::write(&path, &script).expect("write lines");
    let run_piped = |mut cmd: std::process::Command| {
        let f = std::fs::File::open(&path).expect("open lines");
        let t = Instant::now();
        let out = cmd
            .stdin(f)
            .stdout(std::process::Stdio::null())
            .output()
            .expect("run");
        assert!(out.status.success(), "{:?} failed", cmd);
        t.elapsed()
    };
    let mut fl = Vec::new();
    let mut oc = Vec::new();
    for i in 0..3 {
        let ws = format!("lines{i}");
        fl.push(run_piped(home.cmd(&["-w", &ws])));
        if let Some(o) = octave() {
            let mut c = std::process::Command::new(o);
            c.args(["--norc", "--quiet", "--no-history", "--no-window-system"]);
            oc.push(run_piped(c));
        }
    }
    let fl = median(fl);
    let value = format!("{:.0} ms", ms(fl));
    let note = if oc.is_empty() {
        "octave-cli not installed: no ratio".to_string()
    } else {
        let oc = median(oc);
        format!(
            "octave-cli (keeps nothing on disk): {:.0} ms; ratio flatlab/octave {:.2}",
            ms(oc),
            fl.as_secs_f64() / oc.as_secs_f64()
        )
    };
    rows.push(Row {
        what: "1,000 piped one-line commands, new workspace, each committed".into(),
        value,
        note,
    });
}
