//! Random crash test (issue 3, "Must show"): pipe hundreds of random workspace changes
//! (scalars, multi-MiB arrays, single-element edits of them, strings, copies, clears) to the
//! real binary, each followed by `disp('ack N')`; SIGKILL it at random moments (after an
//! acknowledgement, or a random few milliseconds after sending a large command or a burst of
//! commands, so that commits are in flight), restart it on the same workspace and check that
//! the persisted workspace equals the exact model state after some prefix of the sent commands
//! that includes every acknowledged one. The model then continues from the matched prefix.
//!
//! Deterministic: `FLATLAB_CRASH_SEED` overrides the fixed seed (printed at the start),
//! `FLATLAB_CRASH_KILLS` the number of kills (default 120).

mod common;
use common::rng::Rng;
use common::Sandbox;

use std::collections::BTreeMap;
use std::fs::OpenOptions;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Stdio};
use std::rc::Rc;
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

const DEFAULT_SEED: u64 = 0x5EED_2026_0003;
const DEFAULT_KILLS: usize = 120;
/// How long to wait for one line of output before declaring the binary hung.
const LINE_TIMEOUT: Duration = Duration::from_secs(60);

/// One variable, as the model knows it or as read back from the JSON dump.
#[derive(Clone, Debug)]
enum Var {
    /// A real double matrix, column-major; shared between model states until edited.
    Num {
        rows: usize,
        cols: usize,
        data: Rc<Vec<f64>>,
    },
    /// A 1-by-N char row.
    Char(String),
    /// Anything else read from the dump (never produced by the model).
    Other(String),
}

type Ws = BTreeMap<String, Var>;

const SMALL: &[&str] = &["x", "y", "z", "w", "v", "m"];
const STRS: &[&str] = &["s", "t"];
const LARGE: &[&str] = &["A", "B", "C", "D"];
/// 8 MiB, 2 MiB, 2 MiB, ~2.1 MiB of doubles.
const SHAPES: &[(usize, usize)] = &[(1000, 1000), (512, 512), (1024, 256), (400, 700)];
/// Factors for which `i * k` is exact for every i <= 1e6.
const FACTORS: &[f64] = &[1.0, 2.0, 3.0, -1.0, 0.5, -0.25, 7.0];

fn all_names() -> Vec<&'static str> {
    SMALL.iter().chain(STRS).chain(LARGE).copied().collect()
}

/// A MATLAB literal that reads back as exactly `x`.
fn lit(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x == f64::INFINITY {
        "Inf".into()
    } else if x == f64::NEG_INFINITY {
        "-Inf".into()
    } else if x == 0.0 && x.is_sign_negative() {
        "-0".into()
    } else {
        format!("{x}")
    }
}

/// A random value: mostly multiples of 1/8 (exact in binary), sometimes NaN, ±Inf or -0.
fn value(rng: &mut Rng) -> f64 {
    match rng.below(100) {
        0..=2 => f64::NAN,
        3..=4 => f64::INFINITY,
        5..=6 => f64::NEG_INFINITY,
        7..=8 => -0.0,
        _ => (rng.below(16001) as f64 - 8000.0) / 8.0,
    }
}

fn num(rows: usize, cols: usize, data: Vec<f64>) -> Var {
    Var::Num {
        rows,
        cols,
        data: Rc::new(data),
    }
}

fn big_assign(rng: &mut Rng, ws: &mut Ws) -> String {
    let name = *rng.pick(LARGE);
    let (r, c) = *rng.pick(SHAPES);
    let k = *rng.pick(FACTORS);
    let n = r * c;
    ws.insert(
        name.into(),
        num(r, c, (1..=n).map(|i| i as f64 * k).collect()),
    );
    format!("{name} = reshape(1:{n}, {r}, {c}) * {};", lit(k))
}

/// Names of numeric variables with at least `min` elements.
fn numeric(ws: &Ws, min: usize) -> Vec<String> {
    ws.iter()
        .filter(|(_, v)| matches!(v, Var::Num { rows, cols, .. } if rows * cols >= min))
        .map(|(k, _)| k.clone())
        .collect()
}

/// A whole-array operation on a large array (a full rewrite of its data).
fn big_op(rng: &mut Rng, ws: &mut Ws) -> String {
    let names = numeric(ws, 1000);
    if names.is_empty() {
        return big_assign(rng, ws);
    }
    let name = rng.pick(&names).clone();
    let Some(Var::Num { rows, cols, data }) = ws.get(&name).cloned() else {
        unreachable!("numeric() lists numeric variables");
    };
    let (cmd, new): (String, Vec<f64>) = if rng.chance(40) {
        (
            format!("{name} = -{name};"),
            data.iter().map(|x| -x).collect(),
        )
    } else {
        let k = rng.range(1, 5) as f64;
        if rng.chance(50) {
            (
                format!("{name} = {name} + {k};"),
                data.iter().map(|x| x + k).collect(),
            )
        } else {
            (
                format!("{name} = {name} - {k};"),
                data.iter().map(|x| x - k).collect(),
            )
        }
    };
    ws.insert(name, num(rows, cols, new));
    cmd
}

/// `X(i) = v;`, `X(r, c) = v;` or (row vectors) `X(n+1) = v;` on an existing numeric variable,
/// preferring large ones.
fn edit(rng: &mut Rng, ws: &mut Ws, large_only: bool) -> String {
    let large = numeric(ws, 1000);
    let names = if large_only || (!large.is_empty() && rng.chance(70)) {
        large
    } else {
        numeric(ws, 1)
    };
    if names.is_empty() {
        return big_assign(rng, ws);
    }
    let name = rng.pick(&names).clone();
    let v = value(rng);
    let Some(Var::Num { rows, cols, data }) = ws.get_mut(&name) else {
        unreachable!("numeric() lists numeric variables");
    };
    let n = *rows * *cols;
    let d = Rc::make_mut(data);
    if *rows == 1 && rng.chance(25) {
        d.push(v);
        *cols += 1;
        format!("{name}({}) = {};", n + 1, lit(v))
    } else if rng.chance(50) {
        let i = rng.range(1, n);
        d[i - 1] = v;
        format!("{name}({i}) = {};", lit(v))
    } else {
        let r = rng.range(1, *rows);
        let c = rng.range(1, *cols);
        d[(c - 1) * *rows + (r - 1)] = v;
        format!("{name}({r}, {c}) = {};", lit(v))
    }
}

fn scalar(rng: &mut Rng, ws: &mut Ws) -> String {
    let name = *rng.pick(SMALL);
    let v = value(rng);
    ws.insert(name.into(), num(1, 1, vec![v]));
    format!("{name} = {};", lit(v))
}

/// A small matrix literal `[a, b; c, d]` (rows = 1 gives a row vector).
fn small_matrix(rng: &mut Rng, ws: &mut Ws, rows: usize, cols: usize) -> String {
    let name = *rng.pick(SMALL);
    let mut by_row = vec![vec![0.0; cols]; rows];
    for row in by_row.iter_mut() {
        for x in row.iter_mut() {
            *x = value(rng);
        }
    }
    let text = by_row
        .iter()
        .map(|row| row.iter().map(|&x| lit(x)).collect::<Vec<_>>().join(", "))
        .collect::<Vec<_>>()
        .join("; ");
    let mut data = Vec::with_capacity(rows * cols);
    for c in 0..cols {
        for row in &by_row {
            data.push(row[c]);
        }
    }
    ws.insert(name.into(), num(rows, cols, data));
    format!("{name} = [{text}];")
}

fn string(rng: &mut Rng, ws: &mut Ws) -> String {
    let name = if rng.chance(80) {
        *rng.pick(STRS)
    } else if rng.chance(50) {
        *rng.pick(SMALL)
    } else {
        *rng.pick(LARGE)
    };
    let chars: Vec<char> = "abcxyzXYZ0129 _-.,;'%=()".chars().collect();
    let len = rng.range(1, 24);
    let text: String = (0..len).map(|_| *rng.pick(&chars)).collect();
    ws.insert(name.into(), Var::Char(text.clone()));
    format!("{name} = '{}';", text.replace('\'', "''"))
}

fn copy(rng: &mut Rng, ws: &mut Ws) -> String {
    let names: Vec<String> = ws.keys().cloned().collect();
    if names.is_empty() {
        return scalar(rng, ws);
    }
    let src = rng.pick(&names).clone();
    let v = ws[&src].clone();
    // Large arrays are copied only to the large names, which bounds the dump size (and time).
    let dst = match &v {
        Var::Num { rows, cols, .. } if rows * cols >= 1000 => *rng.pick(LARGE),
        _ => *rng.pick(&all_names()),
    };
    ws.insert(dst.into(), v);
    format!("{dst} = {src};")
}

fn clear(rng: &mut Rng, ws: &mut Ws) -> String {
    let existing: Vec<String> = ws.keys().cloned().collect();
    let count = rng.range(1, 2);
    let mut names = Vec::new();
    for _ in 0..count {
        let n = if existing.is_empty() || rng.chance(15) {
            rng.pick(&all_names()).to_string()
        } else {
            rng.pick(&existing).clone()
        };
        ws.remove(&n);
        names.push(n);
    }
    format!("clear {}", names.join(" "))
}

/// One statement that ends in `;` (so several can share a line).
fn statement(rng: &mut Rng, ws: &mut Ws) -> String {
    match rng.below(100) {
        0..=17 => scalar(rng, ws),
        18..=24 => {
            let cols = rng.range(1, 6);
            small_matrix(rng, ws, 1, cols)
        }
        25..=29 => {
            let (r, c) = (rng.range(2, 3), rng.range(2, 4));
            small_matrix(rng, ws, r, c)
        }
        30..=41 => string(rng, ws),
        42..=50 => big_assign(rng, ws),
        51..=56 => big_op(rng, ws),
        57..=92 => edit(rng, ws, false),
        _ => copy(rng, ws),
    }
}

/// One top-level command line and the model state after it.
fn command(rng: &mut Rng, before: &Ws) -> (String, Ws) {
    let mut ws = before.clone();
    let cmd = match rng.below(100) {
        0..=11 => clear(rng, &mut ws),
        12..=18 => {
            let a = statement(rng, &mut ws);
            let b = statement(rng, &mut ws);
            format!("{a} {b}")
        }
        _ => statement(rng, &mut ws),
    };
    (cmd, ws)
}

/// A command that writes megabytes: a new large array, a whole-array operation, or an
/// element edit of a large array (copy-on-write of the model; one chunk in the store).
fn big_command(rng: &mut Rng, before: &Ws) -> (String, Ws) {
    let mut ws = before.clone();
    let cmd = match rng.below(100) {
        0..=49 => big_assign(rng, &mut ws),
        50..=74 => big_op(rng, &mut ws),
        _ => edit(rng, &mut ws, true),
    };
    (cmd, ws)
}

fn describe(v: &Var) -> String {
    match v {
        Var::Num { rows, cols, .. } => format!("double {rows}x{cols}"),
        Var::Char(s) => format!("char 1x{} {s:?}", s.encode_utf16().count()),
        Var::Other(s) => s.clone(),
    }
}

fn same_f64(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
}

/// The first difference between the persisted workspace and a model state, if any.
fn difference(persisted: &Ws, model: &Ws) -> Option<String> {
    for (name, want) in model {
        let Some(got) = persisted.get(name) else {
            return Some(format!(
                "variable '{name}' ({}) is missing from the persisted workspace",
                describe(want)
            ));
        };
        let differs = match (got, want) {
            (
                Var::Num {
                    rows: r1,
                    cols: c1,
                    data: d1,
                },
                Var::Num {
                    rows: r2,
                    cols: c2,
                    data: d2,
                },
            ) if r1 == r2 && c1 == c2 => {
                if let Some(i) = (0..d1.len().min(d2.len())).find(|&i| !same_f64(d1[i], d2[i])) {
                    Some(format!(
                        "element {} (linear, 1-based) is {} persisted, {} in the model",
                        i + 1,
                        lit(d1[i]),
                        lit(d2[i])
                    ))
                } else if d1.len() != d2.len() {
                    Some(format!("{} data values persisted", d1.len()))
                } else {
                    None
                }
            }
            (Var::Char(a), Var::Char(b)) if a == b => None,
            _ => Some(String::new()),
        };
        if let Some(why) = differs {
            return Some(format!(
                "variable '{name}': persisted {}, model {}{}{why}",
                describe(got),
                describe(want),
                if why.is_empty() { "" } else { "; " }
            ));
        }
    }
    persisted
        .keys()
        .find(|k| !model.contains_key(*k))
        .map(|k| format!("persisted workspace has extra variable '{k}'"))
}

/// Reads `save('file.json')` output (see the conformance README, "Workspace JSON").
fn read_dump(path: &Path) -> Result<Ws, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("read {}: {e}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| format!("parse {}: {e}", path.display()))?;
    let vars = json["variables"]
        .as_object()
        .ok_or("dump has no \"variables\" object")?;
    let mut ws = Ws::new();
    for (name, v) in vars {
        let size: Vec<usize> = v["size"]
            .as_array()
            .ok_or_else(|| format!("'{name}' has no size"))?
            .iter()
            .map(|d| d.as_u64().map(|d| d as usize))
            .collect::<Option<_>>()
            .ok_or_else(|| format!("'{name}' has a bad size"))?;
        let class = v["class"].as_str().unwrap_or("?");
        let complex = v.get("complex").and_then(|c| c.as_bool()).unwrap_or(false);
        let var = match (class, size.as_slice()) {
            ("double", &[rows, cols]) if !complex => {
                let data = v["data"]
                    .as_array()
                    .ok_or_else(|| format!("'{name}' has no data"))?
                    .iter()
                    .map(|x| match x {
                        serde_json::Value::String(s) => match s.as_str() {
                            "NaN" => Some(f64::NAN),
                            "Inf" => Some(f64::INFINITY),
                            "-Inf" => Some(f64::NEG_INFINITY),
                            _ => None,
                        },
                        other => other.as_f64(),
                    })
                    .collect::<Option<Vec<f64>>>()
                    .ok_or_else(|| format!("'{name}' has a bad data value"))?;
                num(rows, cols, data)
            }
            ("char", &[1, _]) => match v["data"].as_array().map(|a| a.as_slice()) {
                Some([serde_json::Value::String(s)]) => Var::Char(s.clone()),
                _ => Var::Other(format!("char {size:?} {}", v["data"])),
            },
            _ => Var::Other(format!(
                "{class}{} {size:?}",
                if complex { " complex" } else { "" }
            )),
        };
        ws.insert(name.clone(), var);
    }
    Ok(ws)
}

/// A running `flatlab` reading commands from a pipe; stdout lines arrive on a channel.
struct Session {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<String>,
}

impl Session {
    fn start(s: &Sandbox, stderr_log: &Path) -> Session {
        let log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(stderr_log)
            .expect("open stderr log");
        let mut child = s
            .cmd()
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log))
            .spawn()
            .expect("spawn flatlab");
        let stdin = child.stdin.take().expect("stdin is piped");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Session {
            child,
            stdin,
            lines: rx,
        }
    }

    fn send(&mut self, text: &str) -> Result<(), String> {
        self.stdin
            .write_all(text.as_bytes())
            .and_then(|()| self.stdin.flush())
            .map_err(|e| format!("writing to flatlab failed ({e}): did it exit?"))
    }

    fn line(&self) -> Result<String, String> {
        match self.lines.recv_timeout(LINE_TIMEOUT) {
            Ok(l) => Ok(l),
            Err(RecvTimeoutError::Timeout) => Err(format!("no output for {LINE_TIMEOUT:?}")),
            Err(RecvTimeoutError::Disconnected) => Err("flatlab closed its output".into()),
        }
    }

    /// SIGKILL, then every line it printed before dying.
    fn kill(mut self) -> Vec<String> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        drop(self.stdin);
        let mut rest = Vec::new();
        while let Ok(l) = self.lines.recv_timeout(LINE_TIMEOUT) {
            rest.push(l);
        }
        rest
    }
}

/// Commands sent to one session and the model state after each of them.
struct Sent {
    /// `states[j]` is the workspace after the first j commands of the session.
    states: Vec<Ws>,
    /// Global number and text of each command of the session.
    cmds: Vec<(usize, String)>,
    /// How many of the session's commands were acknowledged.
    acked: usize,
    /// Global number of the last command before the session.
    base: usize,
}

impl Sent {
    fn seq_of(&self, prefix: usize) -> usize {
        self.base + prefix
    }
}

fn tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let start = text.len().saturating_sub(3000);
    let start = (start..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    text[start..].to_string()
}

#[derive(Default)]
struct Stats {
    kills: usize,
    commands: usize,
    kills_with_pending: usize,
    pending_kept: usize,
    pending_lost: usize,
    /// Kills after which some but not all unacknowledged commands were persisted.
    partial: usize,
    max_dump_bytes: u64,
}

#[test]
fn random_sigkill_keeps_a_prefix_including_every_acknowledged_command() {
    let seed = std::env::var("FLATLAB_CRASH_SEED")
        .ok()
        .and_then(|s| {
            let s = s.trim();
            match s.strip_prefix("0x") {
                Some(h) => u64::from_str_radix(h, 16).ok(),
                None => s.parse().ok(),
            }
        })
        .unwrap_or(DEFAULT_SEED);
    let kills: usize = std::env::var("FLATLAB_CRASH_KILLS")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(DEFAULT_KILLS);
    eprintln!(
        "crash_random: seed {seed:#x} (FLATLAB_CRASH_SEED), {kills} kills (FLATLAB_CRASH_KILLS)"
    );
    let started = Instant::now();
    let mut rng = Rng(seed);
    let s = Sandbox::new("crash-random");
    let stderr_log = s.cwd.join("stderr.log");
    let dump = s.cwd.join("dump.json");
    let mut stats = Stats::default();
    let mut seq;
    // The session before the first one: nothing sent, the workspace is empty.
    let mut prev = Sent {
        states: vec![Ws::new()],
        cmds: Vec::new(),
        acked: 0,
        base: 0,
    };
    let mut model;

    for round in 0..=kills {
        let ctx = |msg: String| -> String {
            format!(
                "seed {seed:#x}, restart {round}: {msg}\nflatlab stderr (tail):\n{}",
                tail(&stderr_log)
            )
        };
        let mut sess = Session::start(&s, &stderr_log);

        // Restarted: dump the persisted workspace and find the prefix it matches.
        let _ = std::fs::remove_file(&dump);
        sess.send("save('dump.json')\ndisp('dumped')\n")
            .unwrap_or_else(|e| panic!("{}", ctx(e)));
        let line = sess.line().unwrap_or_else(|e| panic!("{}", ctx(e)));
        assert_eq!(line, "dumped", "{}", ctx("unexpected output".into()));
        stats.max_dump_bytes = stats
            .max_dump_bytes
            .max(std::fs::metadata(&dump).map(|m| m.len()).unwrap_or(0));
        let persisted = read_dump(&dump).unwrap_or_else(|e| panic!("{}", ctx(e)));
        let matched = (prev.acked..prev.states.len())
            .find(|&p| difference(&persisted, &prev.states[p]).is_none());
        let Some(p) = matched else {
            let sent = prev.states.len() - 1;
            let cmds: String = prev
                .cmds
                .iter()
                .map(|(n, c)| {
                    let c = if c.len() > 200 { &c[..200] } else { c };
                    format!("  #{n}: {c}\n")
                })
                .collect();
            let against = |p: usize| {
                difference(&persisted, &prev.states[p]).unwrap_or_else(|| "equal".into())
            };
            panic!(
                "{}",
                ctx(format!(
                    "the persisted workspace matches no prefix through command #{} \
                     (acknowledged) ..= #{} (sent).\ncommands of the killed session:\n{cmds}\
                     against the prefix through #{}: {}{}",
                    prev.seq_of(prev.acked),
                    prev.seq_of(sent),
                    prev.seq_of(prev.acked),
                    against(prev.acked),
                    if sent > prev.acked {
                        format!(
                            "\nagainst the prefix through #{}: {}",
                            prev.seq_of(sent),
                            against(sent)
                        )
                    } else {
                        String::new()
                    },
                ))
            );
        };
        let sent = prev.states.len() - 1;
        if sent > prev.acked {
            stats.kills_with_pending += 1;
            stats.pending_kept += p - prev.acked;
            stats.pending_lost += sent - p;
            if p > prev.acked && p < sent {
                stats.partial += 1;
            }
        }
        // Continue from the matched prefix; the lost commands never happened.
        seq = prev.seq_of(p);
        model = prev.states.swap_remove(p);
        if round == kills {
            drop(sess.stdin);
            let status = sess.child.wait().expect("wait flatlab");
            assert!(status.success(), "{}", ctx(format!("exit status {status}")));
            break;
        }

        // A new session: some acknowledged commands, then a kill at a random moment.
        let mut cur = Sent {
            states: vec![model],
            cmds: Vec::new(),
            acked: 0,
            base: seq,
        };
        let push = |sess: &mut Session, cur: &mut Sent, seq: &mut usize, cmd: String, ws: Ws| {
            *seq += 1;
            sess.send(&format!("{cmd}\ndisp('ack {seq}')\n"))
                .unwrap_or_else(|e| panic!("{}", ctx(format!("#{seq} {cmd}: {e}"))));
            cur.cmds.push((*seq, cmd));
            cur.states.push(ws);
        };
        let wait_ack = |sess: &Session, cur: &mut Sent| {
            let (n, cmd) = &cur.cmds[cur.acked];
            let want = format!("ack {n}");
            let got = sess
                .line()
                .unwrap_or_else(|e| panic!("{}", ctx(format!("waiting for '{want}': {e}"))));
            assert_eq!(got, want, "{}", ctx(format!("after #{n}: {cmd}")));
            cur.acked += 1;
        };
        for _ in 0..rng.range(0, 5) {
            let (cmd, ws) = command(&mut rng, cur.states.last().expect("non-empty"));
            push(&mut sess, &mut cur, &mut seq, cmd, ws);
            wait_ack(&sess, &mut cur);
        }
        match rng.below(100) {
            // Right after an acknowledgement.
            0..=19 => {}
            // A large commit in flight.
            20..=59 => {
                let (cmd, ws) = big_command(&mut rng, cur.states.last().expect("non-empty"));
                push(&mut sess, &mut cur, &mut seq, cmd, ws);
                std::thread::sleep(Duration::from_micros(rng.below(80_000)));
            }
            // A burst of commands written at once, killed after a random delay or ack.
            _ => {
                let burst = rng.range(2, 6);
                for _ in 0..burst {
                    let (cmd, ws) = if rng.chance(30) {
                        big_command(&mut rng, cur.states.last().expect("non-empty"))
                    } else {
                        command(&mut rng, cur.states.last().expect("non-empty"))
                    };
                    push(&mut sess, &mut cur, &mut seq, cmd, ws);
                }
                if rng.chance(50) {
                    for _ in 0..rng.range(0, burst - 1) {
                        wait_ack(&sess, &mut cur);
                    }
                } else {
                    std::thread::sleep(Duration::from_micros(rng.below(150_000)));
                }
            }
        }
        stats.kills += 1;
        stats.commands += cur.cmds.len();
        // Acknowledgements printed before the kill still count as acknowledged.
        let rest = sess.kill();
        let last = rest.len().saturating_sub(1);
        for (i, l) in rest.iter().enumerate() {
            let want = cur.cmds.get(cur.acked).map(|(n, _)| format!("ack {n}"));
            match want {
                Some(w) if *l == w => cur.acked += 1,
                // A line cut short by the kill is not an acknowledgement.
                Some(w) if i == last && w.starts_with(l.as_str()) => {}
                _ => panic!(
                    "{}",
                    ctx(format!("unexpected output {l:?} (expected {want:?})"))
                ),
            }
        }
        prev = cur;
    }

    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "crash_random: {} kills, {} commands in {secs:.1} s; {} kills with unacknowledged \
         commands in flight: {} of those commands were persisted, {} lost, {} kills kept some \
         but not all; largest dump {} MiB",
        stats.kills,
        stats.commands,
        stats.kills_with_pending,
        stats.pending_kept,
        stats.pending_lost,
        stats.partial,
        stats.max_dump_bytes >> 20
    );
    assert!(
        stats.kills >= 100.min(kills),
        "only {} kills (seed {seed:#x})",
        stats.kills
    );
}
