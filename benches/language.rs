//! Language benchmark (issue 13): the same workloads as whole processes in
//! flatlab (the release binary), `octave-cli` and `python3` (pure Python
//! for the loop workloads, NumPy for the array workloads), side by side on
//! this machine, in one run.
//!
//! ```text
//! cargo bench --bench language                  # 5 runs per tool and workload
//! FLATLAB_BENCH_RUNS=3 cargo bench --bench language
//! cargo bench --bench language -- --quick       # 1 run each (or FLATLAB_BENCH_QUICK=1)
//! cargo bench --bench language -- loop sort     # only workloads whose key contains a word
//! FLATLAB_BENCH_BIG_MB=0 cargo bench --bench language   # skip the 1 GB start
//! FLATLAB_BENCH_TIMEOUT=600 ...                 # seconds before a run is killed
//! ```
//!
//! How it measures:
//! - every run is a whole process on a script file (`flatlab FILE.m`,
//!   `octave-cli FILE.m`, `python3 FILE.py`), timed from spawn to exit;
//!   flatlab gets a fresh FLATLAB_HOME per run, so each run is the cold
//!   start of an empty workspace — except "start, 1 GB workspace", which
//!   runs `flatlab -c` on a workspace holding a 1 GB array made once
//!   (Octave and Python have no workspace, so that row repeats their bare
//!   start), and the piped row, where 1,000 one-line commands arrive on
//!   stdin (Python has no equivalent and is skipped there);
//! - the tools alternate (flatlab, octave, python, flatlab, ...) so a
//!   noisy neighbour hurts them alike; each time is the median of the runs;
//! - every script prints `CHECKSUM v1 v2 ...` computed from its results on
//!   deterministic data (integer arithmetic exact in doubles, so every tool
//!   starts from the same numbers); the values are compared with a relative
//!   tolerance and any disagreement or failed run is printed loudly and
//!   makes the bench exit non-zero;
//! - NumPy runs with `OPENBLAS_CORETYPE` unset and the OpenBLAS kernel it
//!   picked is printed, as is Octave's BLAS;
//! - a missing tool is skipped loudly and its columns read "—";
//! - the pure-Python loops run inside a `main()` function, as a Python
//!   programmer writes them (locals are faster than module globals, and
//!   `s = s + t` appends in place only to a local string);
//! - the environment passes through: `OPENBLAS_NUM_THREADS=1` (for
//!   instance) applies to Octave and NumPy alike. On a machine whose cores
//!   are busy with other work, OpenBLAS's spinning threads can make
//!   NumPy's `eigvals` ten times slower than with one thread.
//!
//! A second table gives each process's CPU time (user + system, every
//! thread): less disturbed than wall time when other work shares the
//! cores, but not a goal (a parallel kernel's threads all count).
//!
//! The "making the 1e7 test vector" row times the data generator alone,
//! which the sort, element-wise and masking rows include. The 1-minute
//! load average before and after the runs is printed with the machine:
//! numbers from a busy machine are not those of a quiet one.
//!
//! The goals column states issue 13's goals; "growth" goals are about the
//! appends alone, so they are checked against flatlab's time minus its
//! median bare start (the "start + `x = 1+1`" row).

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Relative tolerance of checksum comparisons: the tools sum in different
/// orders (NumPy pairwise, others sequentially) and their libm's differ in
/// the last bit.
const RTOL: f64 = 1e-9;

/// Modulus and multiplier of the data generator: `x = mod(mod(k.*k, M) *
/// A, M) / M` for k = 1..n is exact in doubles for n ≤ 1e7 (k² < 2^53,
/// (M-1)·A < 2^53), so every tool gets bit-identical inputs. M is prime,
/// A ≈ M/φ scatters neighbouring values, and the square breaks the linear
/// structure a plain `k*A mod M` would give a matrix built from it.
const GEN_M: u64 = 10_000_019;
const GEN_A: u64 = 6_180_352;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tool {
    Flatlab,
    Octave,
    Python,
}

const TOOLS: [Tool; 3] = [Tool::Flatlab, Tool::Octave, Tool::Python];

impl Tool {
    fn name(self) -> &'static str {
        match self {
            Tool::Flatlab => "flatlab",
            Tool::Octave => "octave",
            Tool::Python => "python",
        }
    }
}

/// How a workload's scripts are run.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Each tool runs its script file; flatlab in a fresh empty home.
    Script,
    /// flatlab runs `-c CODE` on the workspace holding the 1 GB array;
    /// the others run their script file (their bare start).
    BigStart,
    /// flatlab and octave-cli read the script's lines from stdin.
    Pipe,
}

/// Issue 13's goal for a workload.
#[derive(Clone, Copy)]
enum Goal {
    None,
    /// flatlab's whole process under this many seconds.
    Under(f64),
    /// flatlab's time minus its bare start under this many seconds.
    UnderAfterStart(f64),
    /// flatlab/octave at most `oct` and flatlab/python at most `py`.
    Ratios {
        oct: Option<f64>,
        py: Option<f64>,
    },
}

impl Goal {
    fn text(self) -> String {
        match self {
            Goal::None => "—".into(),
            Goal::Under(s) => format!("flatlab < {:.0} ms", s * 1e3),
            Goal::UnderAfterStart(s) => {
                format!("< {:.0} ms beyond start", s * 1e3)
            }
            Goal::Ratios { oct, py } => {
                let mut parts = Vec::new();
                if let Some(o) = oct {
                    parts.push(format!("≤ {} × octave", fmt_ratio_goal(o)));
                }
                if let Some(p) = py {
                    parts.push(format!("≤ {} × python", fmt_ratio_goal(p)));
                }
                parts.join(", ")
            }
        }
    }
}

fn fmt_ratio_goal(r: f64) -> String {
    if r < 1.0 {
        format!("1/{:.0}", 1.0 / r)
    } else {
        format!("{r}")
    }
}

/// One workload: its MATLAB text (flatlab and Octave run the same file),
/// its Python text, and extra files (function files) it needs.
struct Workload {
    key: &'static str,
    title: &'static str,
    m: String,
    py: Option<String>,
    /// The Python script imports NumPy.
    numpy: bool,
    files: Vec<(&'static str, &'static str)>,
    mode: Mode,
    goal: Goal,
}

impl Workload {
    /// A workload of script files: `m` for flatlab and Octave, `py` in
    /// pure Python.
    fn plain(key: &'static str, title: &'static str, m: String, py: String, goal: Goal) -> Self {
        Workload {
            key,
            title,
            m,
            py: Some(py),
            numpy: false,
            files: vec![],
            mode: Mode::Script,
            goal,
        }
    }

    /// The same, `py` using NumPy.
    fn arrays(key: &'static str, title: &'static str, m: String, py: String, goal: Goal) -> Self {
        Workload {
            numpy: true,
            ..Workload::plain(key, title, m, py, goal)
        }
    }

    /// Lines `m` piped into flatlab and octave-cli (Python has none).
    fn piped(key: &'static str, title: &'static str, m: String, goal: Goal) -> Self {
        Workload {
            py: None,
            mode: Mode::Pipe,
            ..Workload::plain(key, title, m, String::new(), goal)
        }
    }

    /// Run in `mode`.
    fn in_mode(self, mode: Mode) -> Self {
        Workload { mode, ..self }
    }

    /// With the file `name` holding `text` beside the scripts.
    fn with_file(mut self, name: &'static str, text: &'static str) -> Self {
        self.files.push((name, text));
        self
    }
}

/// Building a string of `n` numbered lines by appending to it.
fn string_growth(key: &'static str, title: &'static str, n: usize, goal: Goal) -> Workload {
    Workload::plain(
        key,
        title,
        format!(
            "s = '';\nfor i = 1:{n}\n  s = [s sprintf('%d\\n', i)];\nend\n{}",
            check_m(&["numel(s)", "sum(double(s))"])
        ),
        py_main(&format!(
            "s = ''\nfor i in range(1, {n} + 1):\n    s = s + '%d\\n' % i\n{}",
            check_py(&["len(s)", "sum(s.encode())"])
        )),
        goal,
    )
}

/// MATLAB text that makes `var`, the row of deterministic values in [0, 1)
/// numbered `lo` to `hi` by the generator.
fn gen_m(var: &str, lo: &str, hi: &str) -> String {
    format!(
        "k = {lo}:{hi}; {var} = mod(mod(k.*k, {GEN_M}) * {GEN_A}, {GEN_M}) / {GEN_M}; clear k;\n"
    )
}

/// The same as `gen_m` in NumPy.
fn gen_py(var: &str, lo: &str, hi: &str) -> String {
    format!(
        "k = np.arange({lo}, int({hi}) + 1, dtype=np.float64)\n\
         {var} = np.mod(np.mod(k * k, {GEN_M}) * {GEN_A}, {GEN_M}) / {GEN_M}\n\
         del k\n"
    )
}

/// MATLAB line printing the checksum values.
fn check_m(exprs: &[&str]) -> String {
    let fmt = vec!["%.17g"; exprs.len()].join(" ");
    format!("printf('CHECKSUM {fmt}\\n', {});\n", exprs.join(", "))
}

/// Python line printing the checksum values.
fn check_py(exprs: &[&str]) -> String {
    let vals: Vec<String> = exprs.iter().map(|e| format!("float({e})")).collect();
    format!(
        "print('CHECKSUM ' + ' '.join('%.17g' % v for v in [{}]))\n",
        vals.join(", ")
    )
}

/// A pure-Python script body as the body of `main()`, then the call: a
/// Python programmer's loops run on local variables (faster than module
/// globals, and `s = s + t` appends in place only to a local string).
fn py_main(body: &str) -> String {
    let mut out = String::from("def main():\n");
    for line in body.lines() {
        out.push_str("    ");
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("\n\nmain()\n");
    out
}

const PY_NUMPY: &str = "import numpy as np\n";

fn workloads() -> Vec<Workload> {
    let loops = Goal::Ratios {
        oct: Some(1.0 / 20.0),
        py: Some(1.0),
    };
    let numpy = Goal::Ratios {
        oct: None,
        py: Some(1.0),
    };
    let start_m = format!("x = 1+1;\n{}", check_m(&["x"]));
    let start_py = format!("x = 1+1\n{}", check_py(&["x"]));
    vec![
        Workload::plain(
            "start",
            "start + `x = 1+1`",
            start_m.clone(),
            start_py.clone(),
            Goal::Under(0.020),
        ),
        Workload::plain(
            "start-1gb",
            "start + `x = 1+1`, 1 GB workspace (octave, python: bare start)",
            start_m,
            start_py,
            Goal::Under(0.020),
        )
        .in_mode(Mode::BigStart),
        Workload::plain(
            "loop",
            "scalar loop `s = s + i*2`, 1e6 iterations",
            format!(
                "s = 0;\nfor i = 1:1000000\n  s = s + i*2;\nend\n{}",
                check_m(&["s"])
            ),
            py_main(&format!(
                "s = 0\nfor i in range(1, 1000001):\n    s = s + i*2\n{}",
                check_py(&["s"])
            )),
            loops,
        ),
        Workload::plain(
            "nested",
            "nested loops `A(i,j) = i + j`, 1000x1000",
            format!(
                "n = 1000;\nA = zeros(n, n);\nfor i = 1:n\n  for j = 1:n\n    A(i,j) = i + j;\n  end\nend\n{}",
                check_m(&["sum(A(:))", "A(123,456)", "A(n,1)"])
            ),
            py_main(&format!(
                "n = 1000\nA = [[0.0] * n for _ in range(n)]\n\
                 for i in range(1, n + 1):\n    for j in range(1, n + 1):\n        A[i-1][j-1] = i + j\n{}",
                check_py(&["sum(map(sum, A))", "A[122][455]", "A[n-1][0]"])
            )),
            loops,
        ),
        Workload::plain(
            "calls",
            "1e5 calls of a small user function (a scalar body: inlined)",
            format!(
                "s = 0;\nfor i = 1:100000\n  s = bench_step(i, s);\nend\n{}",
                check_m(&["s"])
            ),
            format!(
                "def bench_step(x, acc):\n    return acc + x*0.5\n\n{}",
                py_main(&format!(
                    "s = 0\nfor i in range(1, 100001):\n    s = bench_step(i, s)\n{}",
                    check_py(&["s"])
                ))
            ),
            loops,
        )
        .with_file(
            "bench_step.m",
            "function y = bench_step(x, acc)\n  y = acc + x*0.5;\nend\n",
        ),
        Workload::plain(
            "calls_vec",
            "1e5 calls passing a vector (the body reads an element of it: inlined)",
            format!(
                "v = [1 2 3];\ns = 0;\nfor i = 1:100000\n  v(2) = i;\n  s = bench_vec(v, s);\nend\n{}",
                check_m(&["s"])
            ),
            format!(
                "def bench_vec(v, acc):\n    return acc + v[1]*0.5\n\n{}",
                py_main(&format!(
                    "v = [1.0, 2.0, 3.0]\ns = 0\nfor i in range(1, 100001):\n    v[1] = i\n    s = bench_vec(v, s)\n{}",
                    check_py(&["s"])
                ))
            ),
            loops,
        )
        .with_file(
            "bench_vec.m",
            "function y = bench_vec(v, acc)\n  y = acc + v(2)*0.5;\nend\n",
        ),
        Workload::plain(
            "calls_sum",
            "1e5 calls passing a vector (the body sums it: a call, not inlined)",
            format!(
                "v = [1 2 3];\ns = 0;\nfor i = 1:100000\n  v(2) = i;\n  s = bench_sum(v, s);\nend\n{}",
                check_m(&["s"])
            ),
            format!(
                "def bench_sum(v, acc):\n    return acc + sum(v)*0.5\n\n{}",
                py_main(&format!(
                    "v = [1.0, 2.0, 3.0]\ns = 0\nfor i in range(1, 100001):\n    v[1] = i\n    s = bench_sum(v, s)\n{}",
                    check_py(&["s"])
                ))
            ),
            loops,
        )
        .with_file(
            "bench_sum.m",
            "function y = bench_sum(v, acc)\n  y = acc + sum(v)*0.5;\nend\n",
        ),
        Workload::plain(
            "collatz",
            "`while` with branches: Collatz steps, n = 1..3e4",
            format!(
                "total = 0;\nlongest = 0;\nfor n = 1:30000\n  k = n;\n  steps = 0;\n  while k ~= 1\n    \
                 if mod(k, 2) == 0\n      k = k / 2;\n    else\n      k = 3*k + 1;\n    end\n    \
                 steps = steps + 1;\n  end\n  total = total + steps;\n  \
                 if steps > longest\n    longest = steps;\n  end\nend\n{}",
                check_m(&["total", "longest"])
            ),
            py_main(&format!(
                "total = 0\nlongest = 0\nfor n in range(1, 30001):\n    k = n\n    steps = 0\n    \
                 while k != 1:\n        if k % 2 == 0:\n            k = k // 2\n        else:\n            \
                 k = 3*k + 1\n        steps = steps + 1\n    total = total + steps\n    \
                 if steps > longest:\n        longest = steps\n{}",
                check_py(&["total", "longest"])
            )),
            loops,
        ),
        Workload::plain(
            "grow",
            "growth `x(end+1) = i`, 1e5 times",
            format!(
                "x = [];\nfor i = 1:100000\n  x(end+1) = i;\nend\n{}",
                check_m(&["numel(x)", "sum(x)", "x(end)"])
            ),
            py_main(&format!(
                "x = []\nfor i in range(1, 100001):\n    x.append(i)\n{}",
                check_py(&["len(x)", "sum(x)", "x[-1]"])
            )),
            Goal::UnderAfterStart(0.020),
        ),
        Workload::plain(
            "grow-col",
            "column growth `A(:, end+1) = [i; 2*i; 3*i]`, 1e5 times",
            format!(
                "A = zeros(3, 0);\nfor i = 1:100000\n  A(:, end+1) = [i; 2*i; 3*i];\nend\n{}",
                check_m(&["size(A, 2)", "sum(A(:))", "A(3, end)"])
            ),
            py_main(&format!(
                "A = []\nfor i in range(1, 100001):\n    A.append([i, 2*i, 3*i])\n{}",
                check_py(&["len(A)", "sum(map(sum, A))", "A[-1][2]"])
            )),
            Goal::UnderAfterStart(0.020),
        ),
        string_growth(
            "string-1e4",
            "string growth `s = [s sprintf('%d\\n', i)]`, 1e4 times",
            10_000,
            Goal::None,
        ),
        string_growth(
            "string-1e5",
            "string growth `s = [s sprintf('%d\\n', i)]`, 1e5 times",
            100_000,
            Goal::UnderAfterStart(0.020),
        ),
        Workload::arrays(
            "gen",
            "making the 1e7 test vector alone (part of the three rows below)",
            format!(
                "n = 1e7;\n{}{}",
                gen_m("x", "1", "n"),
                check_m(&["sum(x)", "x(4242)"])
            ),
            format!(
                "{PY_NUMPY}n = 10**7\n{}{}",
                gen_py("x", "1", "n"),
                check_py(&["x.sum()", "x[4241]"])
            ),
            Goal::None,
        ),
        Workload::arrays(
            "sort",
            "sort + cumsum of 1e7, unique of 1e6",
            format!(
                "n = 1e7;\n{}s = sort(x);\nc = cumsum(s);\nu = unique(floor(x(1:1000000) * 1e5));\n{}",
                gen_m("x", "1", "n"),
                check_m(&["c(end)", "c(n/2)", "s(12345)", "numel(u)", "sum(u)"])
            ),
            format!(
                "{PY_NUMPY}n = 10**7\n{}s = np.sort(x)\nc = np.cumsum(s)\n\
                 u = np.unique(np.floor(x[:1000000] * 1e5))\n{}",
                gen_py("x", "1", "n"),
                check_py(&["c[-1]", "c[n//2 - 1]", "s[12344]", "u.size", "u.sum()"])
            ),
            numpy,
        ),
        Workload::arrays(
            "elementwise",
            "`sum(x.*x + 3*x)` on 1e7, `exp(-x/n).*sin(x)`",
            format!(
                "n = 1e7;\n{}s1 = sum(x.*x + 3*x);\ny = exp(-x/n).*sin(x);\n{}",
                gen_m("x", "1", "n"),
                check_m(&["s1", "sum(y)", "y(777)"])
            ),
            format!(
                "{PY_NUMPY}n = 10**7\n{}s1 = np.sum(x*x + 3*x)\ny = np.exp(-x/n)*np.sin(x)\n{}",
                gen_py("x", "1", "n"),
                check_py(&["s1", "y.sum()", "y[776]"])
            ),
            numpy,
        ),
        Workload::arrays(
            "mask",
            "logical masking and find on 1e7",
            format!(
                "n = 1e7;\n{}y = x(x > 0.5);\nk = find(x < 0.25);\nz = x;\nz(z > 0.9) = 0;\n{}",
                gen_m("x", "1", "n"),
                check_m(&["numel(y)", "sum(y)", "sum(k)", "sum(z)"])
            ),
            format!(
                "{PY_NUMPY}n = 10**7\n{}y = x[x > 0.5]\nk = np.flatnonzero(x < 0.25) + 1\n\
                 z = x.copy()\nz[z > 0.9] = 0\n{}",
                gen_py("x", "1", "n"),
                check_py(&["y.size", "y.sum()", "k.sum()", "z.sum()"])
            ),
            numpy,
        ),
        Workload::arrays(
            "linalg",
            "1000x1000 matmul, `A\\b` on 1000x1000, eig and svd of 500x500",
            format!(
                "n = 1000;\n{}{}{}A = reshape(a, n, n) + 10*eye(n);\nB = reshape(b, n, n);\nclear a b;\n\
                 C = A*B;\nz = A\\r';\nE = A(1:500, 1:500);\ne = eig(E);\nsv = svd(E);\n{}",
                gen_m("a", "1", "n*n"),
                gen_m("b", "n*n+1", "2*n*n"),
                gen_m("r", "2*n*n+1", "2*n*n+n"),
                check_m(&[
                    "sum(C(:))",
                    "sum(z)",
                    "sum(real(e))",
                    "sum(abs(e))",
                    "sum(sv)"
                ])
            ),
            format!(
                "{PY_NUMPY}n = 1000\n{}{}{}\
                 A = a.reshape(n, n, order='F') + 10*np.eye(n)\nB = b.reshape(n, n, order='F')\n\
                 C = A @ B\nz = np.linalg.solve(A, r)\nE = A[:500, :500]\n\
                 e = np.linalg.eigvals(E)\nsv = np.linalg.svd(E, compute_uv=False)\n{}",
                gen_py("a", "1", "n*n"),
                gen_py("b", "n*n+1", "2*n*n"),
                gen_py("r", "2*n*n+1", "2*n*n+n"),
                check_py(&[
                    "C.sum()",
                    "z.sum()",
                    "e.real.sum()",
                    "np.abs(e).sum()",
                    "sv.sum()"
                ])
            ),
            Goal::Ratios {
                oct: Some(1.0),
                py: None,
            },
        ),
        Workload::piped(
            "pipe",
            "1,000 one-line commands piped (flatlab: each committed; python: —)",
            pipe_lines(),
            Goal::Ratios {
                oct: Some(2.0),
                py: None,
            },
        ),
    ]
}

/// The piped commands: the same 1,000 lines as the durability bench, then
/// one checksum line.
fn pipe_lines() -> String {
    let mut s = String::new();
    for k in 1..=250 {
        s.push_str(&format!("x = {k};\n"));
        s.push_str("y = x * 2 + 1;\n");
        s.push_str("v(x) = y;\n");
        s.push_str("s = sprintf('%d:%d', x, y);\n");
    }
    s.push_str(&check_m(&["sum(v)", "numel(v)", "numel(s)"]));
    s
}

/// Where the tools are, and what is known about them.
struct Tools {
    octave: Option<PathBuf>,
    python: Option<PathBuf>,
    numpy: bool,
}

fn find_in_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn probe_tools() -> Tools {
    let octave = octave().or_else(|| find_in_path("octave-cli"));
    if octave.is_none() {
        eprintln!("!!! octave-cli not found: its columns are skipped");
    }
    let python = find_in_path("python3");
    let numpy = python.as_ref().is_some_and(|p| {
        Command::new(p)
            .args(["-c", "import numpy"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    });
    match (&python, numpy) {
        (None, _) => eprintln!("!!! python3 not found: its columns are skipped"),
        (Some(_), false) => {
            eprintln!("!!! NumPy not importable by python3: the array workloads skip Python")
        }
        _ => {}
    }
    Tools {
        octave,
        python,
        numpy,
    }
}

/// What one run printed and how long it took.
struct Outcome {
    wall: Duration,
    cpu: Duration,
    checksum: Vec<f64>,
}

/// The values of the last `CHECKSUM` line of `out`.
fn parse_checksum(out: &str) -> Result<Vec<f64>, String> {
    let line = out
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("CHECKSUM"))
        .ok_or_else(|| {
            let tail: Vec<&str> = out.lines().rev().take(3).collect();
            format!("no CHECKSUM line in the output (last lines: {tail:?})")
        })?;
    line.split_whitespace()
        .map(|v| {
            v.parse::<f64>()
                .map_err(|e| format!("checksum value {v:?}: {e}"))
        })
        .collect()
}

fn same_checksum(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x == y || (x - y).abs() <= RTOL * x.abs().max(y.abs()) || (x.is_nan() && y.is_nan())
        })
}

/// The bench's scratch space: scripts, per-run homes, the 1 GB workspace.
struct Bench {
    home: Home,
    scripts: PathBuf,
    big: Option<PathBuf>,
    tools: Tools,
    timeout: Duration,
    runs: usize,
}

impl Bench {
    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.scripts.join(name);
        if let Err(e) = std::fs::write(&p, text) {
            eprintln!("!!! cannot write {}: {e}", p.display());
            std::process::exit(1);
        }
        p
    }

    /// Whether `tool` can run workload `w` (and why not, if not).
    fn skip_reason(&self, tool: Tool, w: &Workload) -> Option<&'static str> {
        match tool {
            Tool::Flatlab => None,
            Tool::Octave => self.tools.octave.is_none().then_some("octave-cli missing"),
            Tool::Python => {
                if w.py.is_none() {
                    Some("no Python equivalent")
                } else if self.tools.python.is_none() {
                    Some("python3 missing")
                } else if w.numpy && !self.tools.numpy {
                    Some("NumPy missing")
                } else {
                    None
                }
            }
        }
    }

    /// One run of workload `w` (scripts at `m`/`py`) by `tool`.
    fn run_once(
        &self,
        tool: Tool,
        w: &Workload,
        m: &Path,
        py: Option<&Path>,
        r: usize,
    ) -> Result<Outcome, String> {
        let run = match tool {
            Tool::Flatlab => {
                let mut cmd = Command::new(BIN);
                cmd.current_dir(&self.scripts).env("NO_COLOR", "1");
                let fresh = self.home.dir.join(format!("run-{}-{r}", w.key));
                match w.mode {
                    Mode::BigStart => {
                        let Some(big) = &self.big else {
                            return Err("no 1 GB workspace".into());
                        };
                        let code = std::fs::read_to_string(m)
                            .map_err(|e| format!("cannot read {}: {e}", m.display()))?;
                        cmd.env("FLATLAB_HOME", big).args(["-c", &code]);
                    }
                    Mode::Script | Mode::Pipe => {
                        let _ = std::fs::remove_dir_all(&fresh);
                        std::fs::create_dir_all(&fresh)
                            .map_err(|e| format!("cannot create {}: {e}", fresh.display()))?;
                        cmd.env("FLATLAB_HOME", &fresh);
                        if w.mode == Mode::Script {
                            cmd.arg(m);
                        } else {
                            cmd.args(["-w", "pipe"]);
                        }
                    }
                }
                let stdin = (w.mode == Mode::Pipe).then_some(m);
                let res = try_run_measured(cmd, stdin, Some(self.timeout));
                let _ = std::fs::remove_dir_all(&fresh);
                res?
            }
            Tool::Octave => {
                let exe = self.tools.octave.as_ref().ok_or("octave-cli missing")?;
                let mut cmd = Command::new(exe);
                cmd.current_dir(&self.scripts).args([
                    "--norc",
                    "--quiet",
                    "--no-history",
                    "--no-window-system",
                ]);
                if w.mode == Mode::Pipe {
                    try_run_measured(cmd, Some(m), Some(self.timeout))?
                } else {
                    cmd.arg(m);
                    try_run_measured(cmd, None, Some(self.timeout))?
                }
            }
            Tool::Python => {
                let exe = self.tools.python.as_ref().ok_or("python3 missing")?;
                let py = py.ok_or("no Python script")?;
                let mut cmd = Command::new(exe);
                cmd.current_dir(&self.scripts)
                    .env_remove("OPENBLAS_CORETYPE")
                    .arg(py);
                try_run_measured(cmd, None, Some(self.timeout))?
            }
        };
        Ok(Outcome {
            wall: run.wall,
            cpu: run.cpu,
            checksum: parse_checksum(&run.stdout)?,
        })
    }
}

/// One table row's measurements.
struct Measured {
    times: [Option<Duration>; 3],
    /// Median CPU time (user + system, every thread) per tool.
    cpu: [Option<Duration>; 3],
    failed: bool,
    mismatch: bool,
}

fn measure(bench: &Bench, w: &Workload) -> Measured {
    let m = bench.write(&format!("bench_{}.m", w.key.replace('-', "_")), &w.m);
    let py =
        w.py.as_ref()
            .map(|t| bench.write(&format!("bench_{}.py", w.key.replace('-', "_")), t));
    for (name, text) in &w.files {
        bench.write(name, text);
    }
    let mut walls: [Vec<Duration>; 3] = Default::default();
    let mut cpus: [Vec<Duration>; 3] = Default::default();
    let mut sums: [Option<Vec<f64>>; 3] = Default::default();
    let mut failed = false;
    let mut broken = [false; 3];
    for (i, tool) in TOOLS.iter().enumerate() {
        if let Some(why) = bench.skip_reason(*tool, w) {
            eprintln!("  {}: {} skipped ({why})", w.key, tool.name());
            broken[i] = true;
        }
    }
    for r in 0..bench.runs {
        for (i, tool) in TOOLS.iter().enumerate() {
            if broken[i] {
                continue;
            }
            match bench.run_once(*tool, w, &m, py.as_deref(), r) {
                Ok(o) => {
                    walls[i].push(o.wall);
                    cpus[i].push(o.cpu);
                    match &sums[i] {
                        None => sums[i] = Some(o.checksum),
                        Some(prev) if !same_checksum(prev, &o.checksum) => {
                            eprintln!(
                                "!!! {}: {} printed a different checksum in run {r}: {:?} then {:?}",
                                w.key,
                                tool.name(),
                                prev,
                                o.checksum
                            );
                            failed = true;
                        }
                        Some(_) => {}
                    }
                }
                Err(e) => {
                    eprintln!("!!! {}: {} FAILED: {e}", w.key, tool.name());
                    failed = true;
                    broken[i] = true;
                }
            }
        }
    }
    // Every tool's checksum against the first tool that has one (flatlab's
    // when it ran).
    let mut mismatch = false;
    let reference = sums.iter().position(Option::is_some);
    if let Some(ri) = reference {
        let want = sums[ri].clone().unwrap_or_default();
        for (i, s) in sums.iter().enumerate() {
            if let Some(s) = s {
                if !same_checksum(&want, s) {
                    eprintln!(
                        "!!!!!!!! CHECKSUM MISMATCH in {}: {} printed {:?}, {} printed {:?}",
                        w.key,
                        TOOLS[ri].name(),
                        want,
                        TOOLS[i].name(),
                        s
                    );
                    mismatch = true;
                }
            }
        }
    }
    let mut times: [Option<Duration>; 3] = [None; 3];
    let mut cpu: [Option<Duration>; 3] = [None; 3];
    for i in 0..3 {
        if !broken[i] && !walls[i].is_empty() {
            times[i] = Some(median(walls[i].clone()));
            cpu[i] = Some(median(cpus[i].clone()));
        }
    }
    let shown: Vec<String> = TOOLS
        .iter()
        .zip(&times)
        .map(|(t, d)| match d {
            Some(d) => format!("{} {:.4} s", t.name(), d.as_secs_f64()),
            None => format!("{} —", t.name()),
        })
        .collect();
    eprintln!("  {}: {}", w.key, shown.join(", "));
    Measured {
        times,
        cpu,
        failed,
        mismatch,
    }
}

fn secs(d: Option<Duration>) -> String {
    match d {
        None => "—".into(),
        Some(d) => {
            let s = d.as_secs_f64();
            if s >= 10.0 {
                format!("{s:.1}")
            } else if s >= 1.0 {
                format!("{s:.2}")
            } else {
                format!("{s:.3}")
            }
        }
    }
}

fn ratio(a: Option<Duration>, b: Option<Duration>) -> Option<f64> {
    Some(a?.as_secs_f64() / b?.as_secs_f64())
}

fn fmt_ratio(r: Option<f64>) -> String {
    match r {
        None => "—".into(),
        Some(r) if r >= 10.0 => format!("{r:.0}"),
        Some(r) if r >= 0.1 => format!("{r:.2}"),
        Some(r) => format!("{r:.3}"),
    }
}

/// "met", "not met", or why it cannot be judged.
fn verdict(goal: Goal, m: &Measured, start: Option<Duration>) -> String {
    if m.mismatch {
        return "checksum mismatch".into();
    }
    let [fl, oc, py] = m.times;
    let Some(fl) = fl else {
        return "flatlab failed".into();
    };
    let yes = |ok: bool| if ok { "met" } else { "not met" }.to_string();
    match goal {
        Goal::None => "—".into(),
        Goal::Under(s) => yes(fl.as_secs_f64() < s),
        Goal::UnderAfterStart(s) => match start {
            Some(st) => {
                let beyond = fl.as_secs_f64() - st.as_secs_f64();
                format!("{} ({:.0} ms beyond start)", yes(beyond < s), beyond * 1e3)
            }
            None => "no start time".into(),
        },
        Goal::Ratios { oct, py: pyg } => {
            let mut ok = true;
            let mut missing = false;
            if let Some(g) = oct {
                match ratio(Some(fl), oc) {
                    Some(r) => ok &= r <= g,
                    None => missing = true,
                }
            }
            if let Some(g) = pyg {
                match ratio(Some(fl), py) {
                    Some(r) => ok &= r <= g,
                    None => missing = true,
                }
            }
            if !ok {
                "not met".into()
            } else if missing {
                "unknown (a tool is missing)".into()
            } else {
                "met".into()
            }
        }
    }
}

/// Output of a command's stdout, trimmed, or None.
fn output_of(mut cmd: Command) -> Option<String> {
    let out = cmd.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The OpenBLAS kernel NumPy picks with OPENBLAS_CORETYPE unset.
const NUMPY_BLAS: &str = r#"
import ctypes, numpy
numpy.ones(1)
try:
    import threadpoolctl
    for i in threadpoolctl.threadpool_info():
        if i.get('user_api') == 'blas':
            print('%s %s, kernel %s, %s threads (threadpoolctl)' % (i.get('internal_api'), i.get('version'), i.get('architecture'), i.get('num_threads')))
    raise SystemExit
except ImportError:
    pass
libs = sorted({l.split()[-1] for l in open('/proc/self/maps') if 'blas' in l.lower() and '.so' in l})
for p in libs:
    lib = ctypes.CDLL(p)
    for pre, suf in [('', ''), ('', '64_'), ('scipy_', '64_'), ('scipy_', '')]:
        f = getattr(lib, pre + 'openblas_get_config' + suf, None)
        if f is not None:
            f.restype = ctypes.c_char_p
            t = getattr(lib, pre + 'openblas_get_num_threads' + suf, None)
            threads = '%d threads' % t() if t is not None else 'threads unknown'
            print('numpy %s: %s, %s (%s)' % (numpy.__version__, f().decode(), threads, p.split('/')[-1]))
            raise SystemExit
print('numpy %s: BLAS libraries %s (no OpenBLAS config symbol)' % (numpy.__version__, libs))
"#;

fn machine_report(tools: &Tools) {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.trim().trim_end_matches(" kB").parse::<u64>().ok())
        })
        .map(|kb| format!("{:.0} GiB", kb as f64 / (1 << 20) as f64))
        .unwrap_or_else(|| "? GiB".into());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    println!(
        "date {} UTC; {cpu}, {cores} cores, {mem}, Linux {kernel}",
        utc_now()
    );
    println!("flatlab: {BIN}");
    if let Some(o) = &tools.octave {
        let mut v = Command::new(o);
        v.args(["--norc", "--quiet", "--no-window-system", "--eval"])
            .arg("printf('%s; BLAS %s\\n', version(), version('-blas'))");
        println!(
            "octave-cli {}",
            output_of(v).unwrap_or_else(|| "(version unknown)".into())
        );
    }
    if let Some(p) = &tools.python {
        let mut v = Command::new(p);
        v.arg("--version");
        println!(
            "{}",
            output_of(v).unwrap_or_else(|| "python3 (version unknown)".into())
        );
        if tools.numpy {
            let mut b = Command::new(p);
            b.env_remove("OPENBLAS_CORETYPE").args(["-c", NUMPY_BLAS]);
            println!(
                "NumPy BLAS with OPENBLAS_CORETYPE unset: {}",
                output_of(b).unwrap_or_else(|| "(could not ask NumPy)".into())
            );
        }
    }
}

/// The 1-minute load average, or "?": numbers taken while other work
/// keeps the cores busy are not comparable with a quiet machine's.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|t| t.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

/// The current UTC time as `YYYY-MM-DD HH:MM`.
fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        rem / 3600,
        (rem % 3600) / 60
    )
}

/// Makes the workspace holding a `mb` MB array (once per bench run).
fn make_big(home: &Home, mb: usize) -> Option<PathBuf> {
    if mb == 0 {
        eprintln!("!!! FLATLAB_BENCH_BIG_MB=0: the 1 GB start row is skipped");
        return None;
    }
    let dir = home.dir.join("big-home");
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!(
            "!!! cannot create {}: {e}; the 1 GB start row is skipped",
            dir.display()
        );
        return None;
    }
    let n = mb * 1_000_000 / 8;
    eprintln!("making a workspace holding a {mb} MB array (A = rand({n},1))...");
    let t = Instant::now();
    let mut cmd = Command::new(BIN);
    cmd.env("FLATLAB_HOME", &dir)
        .env("NO_COLOR", "1")
        .current_dir(&home.dir)
        .args(["-c", &format!("A = rand({n},1);")]);
    match try_run_measured(cmd, None, Some(Duration::from_secs(1800))) {
        Ok(_) => {
            eprintln!("  made in {:.1} s", t.elapsed().as_secs_f64());
            Some(dir)
        }
        Err(e) => {
            eprintln!("!!! making the big workspace FAILED: {e}; its row is skipped");
            None
        }
    }
}

fn env_num(name: &str) -> Option<usize> {
    let v = std::env::var(name).ok()?;
    match v.trim().parse() {
        Ok(n) => Some(n),
        Err(_) => {
            eprintln!("!!! {name}={v:?} is not a number; ignored");
            None
        }
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `--quick` means one run; any other
    // word selects the workloads whose key contains it.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick")
        || std::env::var("FLATLAB_BENCH_QUICK").is_ok_and(|v| v != "0" && !v.is_empty());
    let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let runs = if quick {
        1
    } else {
        env_num("FLATLAB_BENCH_RUNS").unwrap_or(5).max(1)
    };
    let timeout = Duration::from_secs(env_num("FLATLAB_BENCH_TIMEOUT").unwrap_or(600) as u64);
    let all = workloads();
    let chosen: Vec<&Workload> = all
        .iter()
        .filter(|w| filters.is_empty() || filters.iter().any(|f| w.key.contains(f.as_str())))
        .collect();
    if chosen.is_empty() {
        let keys: Vec<&str> = all.iter().map(|w| w.key).collect();
        eprintln!("no workload matches {filters:?}; the keys are {keys:?}");
        std::process::exit(2);
    }

    let load_before = load_average();
    let tools = probe_tools();
    let home = Home::new("language");
    let scripts = home.dir.join("scripts");
    if let Err(e) = std::fs::create_dir_all(&scripts) {
        eprintln!("!!! cannot create {}: {e}", scripts.display());
        std::process::exit(1);
    }
    let wants_big = chosen.iter().any(|w| w.mode == Mode::BigStart);
    let big = if wants_big {
        make_big(&home, env_num("FLATLAB_BENCH_BIG_MB").unwrap_or(1000))
    } else {
        None
    };
    let bench = Bench {
        home,
        scripts,
        big,
        tools,
        timeout,
        runs,
    };
    eprintln!(
        "{} workloads, {runs} run(s) per tool, tools alternating",
        chosen.len()
    );

    let mut rows = Vec::new();
    let mut bad = false;
    for w in &chosen {
        if w.mode == Mode::BigStart && bench.big.is_none() {
            eprintln!("!!! {}: skipped (no big workspace)", w.key);
            continue;
        }
        eprintln!("{} ...", w.key);
        let m = measure(&bench, w);
        bad |= m.failed || m.mismatch;
        rows.push((*w, m));
    }
    let start = rows
        .iter()
        .find(|(w, _)| w.key == "start")
        .and_then(|(_, m)| m.times[0]);

    println!();
    machine_report(&bench.tools);
    println!(
        "load average (1 min) {load_before} before the runs, {} after",
        load_average()
    );
    println!("whole processes, median of {runs}, tools alternating\n");
    println!(
        "| workload | flatlab s | octave s | python s | flatlab/octave | flatlab/python | goal | met |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for (w, m) in &rows {
        let [fl, oc, py] = m.times;
        let met = verdict(w.goal, m, start);
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            w.title,
            secs(fl),
            secs(oc),
            secs(py),
            fmt_ratio(ratio(fl, oc)),
            fmt_ratio(ratio(fl, py)),
            w.goal.text(),
            met
        );
    }
    // CPU time changes less than wall time when other work shares the
    // cores; it is no goal (it counts every thread of a parallel kernel).
    println!("\nCPU time (user + system, all threads), median of {runs}:\n");
    println!("| workload | flatlab cpu s | octave cpu s | python cpu s | flatlab/octave | flatlab/python |");
    println!("|---|---|---|---|---|---|");
    for (w, m) in &rows {
        let [fl, oc, py] = m.cpu;
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            w.title,
            secs(fl),
            secs(oc),
            secs(py),
            fmt_ratio(ratio(fl, oc)),
            fmt_ratio(ratio(fl, py)),
        );
    }
    if bad {
        eprintln!("\n!!!!!!!! some runs FAILED or printed different checksums (see above)");
        std::process::exit(1);
    }
}
