//! GNU Octave's own function tests, run unchanged against flatlab.
//!
//! The `%!assert`, `%!test`, `%!error`, `%!fail`, `%!shared`, `%!function`,
//! `%!xtest` and `%!warning` blocks are read at test time from the m-files
//! of the installed Octave (`/usr/share/octave/VERSION/m`; nothing of them
//! is copied here) and run block by block in flatlab (`octave_tests/run.rs`).
//! `%!testif` and `%!demo` blocks are skipped and counted.
//!
//! `octave_function_tests` runs the files of the functions flatlab defines
//! (`exist (NAME, "builtin")` answered by flatlab itself; a user's `.m`
//! file does not count). `octave_tests/failing.txt` lists the blocks that
//! fail, one key (`FILE:BLOCK:HASH`) per line with the reason, and
//! `octave_tests/files.txt` the files it runs. The test fails when a block
//! not in the list fails (a regression), when a listed block passes (delete
//! its line: the list only shrinks), when a listed file is no longer run
//! (flatlab stopped defining its function) and when a new file is (a new
//! builtin: its blocks join the lists). The lists are for the Octave version
//! in the first line of failing.txt; another version cannot be compared.
//! `FLATLAB_OCTAVE_TESTS_BLESS=1` updates the lists with what may change
//! without review (drops the lines of blocks that pass, adds new files and
//! their failing blocks; regressions still fail);
//! `FLATLAB_OCTAVE_TESTS_BLESS=all` writes them afresh from the run (for
//! another Octave version).
//!
//! `octave_function_tests_all` (ignored; `cargo test --release --test
//! octave_tests octave_function_tests_all -- --ignored`, about 20 s) runs
//! the blocks of every m-file, including functions flatlab does not define,
//! and prints the overall pass rate (the held-out measurement of issue 14),
//! the most common failure reasons and the missing functions.
//! `octave_passes_its_own_blocks` (ignored, about 6 minutes) runs the same
//! block files through `octave-cli`, to check the harness: 96.9% pass.
//!
//! `FLATLAB_OCTAVE_M_ROOT` replaces `/usr/share/octave` (the newest
//! `VERSION/m` below it is used). Every run writes its results to
//! `CARGO_TARGET_TMPDIR/octave_tests-*.tsv`.
//! Without Octave's m-files the tests are skipped with a note on stderr;
//! under `FLATLAB_REQUIRE_INTEROP=1` (CI) they fail instead.

mod common;
#[path = "octave_tests/extract.rs"]
mod extract;
#[path = "octave_tests/run.rs"]
mod run;

use extract::Block;
use run::{Outcome, Status};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const FILES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/octave_tests/files.txt");
const LIST: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/octave_tests/failing.txt"
);

/// A block still running after this is a hang (a failure).
const TIMEOUT: Duration = Duration::from_secs(10);

/// Straight to stderr, past the test harness's capture, so it shows.
fn note(s: &str) {
    let _ = writeln!(std::io::stderr(), "{s}");
}

/// The installed Octave's m-file folder and its version, newest first.
fn octave_m_dir() -> Option<(PathBuf, String)> {
    let root = std::env::var_os("FLATLAB_OCTAVE_M_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/share/octave"));
    let mut found: Vec<(Vec<u64>, String, PathBuf)> = std::fs::read_dir(&root)
        .ok()?
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_string_lossy().into_owned();
            let parts: Option<Vec<u64>> = v.split('.').map(|p| p.parse().ok()).collect();
            let m = e.path().join("m");
            (m.is_dir()).then_some((parts?, v, m))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, v, m)| (m, v))
}

/// Skips loudly (or fails under FLATLAB_REQUIRE_INTEROP=1) without Octave.
fn m_dir_or_skip(test: &str) -> Option<(PathBuf, String)> {
    let found = octave_m_dir();
    if found.is_none() {
        assert!(
            !common::interop_required(),
            "FLATLAB_REQUIRE_INTEROP=1 but no Octave m-files under /usr/share/octave/VERSION/m: \
             install octave"
        );
        note(&format!(
            "SKIP {test}: no GNU Octave m-files under /usr/share/octave/VERSION/m \
             (apt-get install octave); Octave's function tests did NOT run"
        ));
    }
    found
}

/// Every `.m` file under `dir`, as paths relative to it, sorted.
fn m_files(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else if p.extension().is_some_and(|x| x == "m") {
                if let Ok(rel) = p.strip_prefix(base) {
                    out.push(rel.to_string_lossy().into_owned());
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// A file's function name when it is a plain function on the path (not a
/// class method, package function or private function).
fn plain_name(rel: &str) -> Option<String> {
    let p = Path::new(rel);
    let in_special = p.components().any(|c| {
        let c = c.as_os_str().to_string_lossy();
        c.starts_with('@') || c.starts_with('+') || c == "private"
    });
    let stem = p.file_stem()?.to_string_lossy().into_owned();
    (!in_special && extract::is_ident(&stem)).then_some(stem)
}

/// Which of `names` flatlab defines as builtins, asked of flatlab itself.
fn flatlab_builtins(names: &[String]) -> Vec<bool> {
    let s = common::Sandbox::new("octtests-exist");
    let list: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    s.write(
        "names.m",
        &format!(
            "octtest_names = {{{}}};\nfor k = 1:numel(octtest_names)\n  \
             fprintf('%d\\n', exist(octtest_names{{k}}, 'builtin'));\nend\n",
            list.join(", ")
        ),
    );
    let o = s.run(&["names.m"]);
    let out = common::stdout(&o);
    let codes: Vec<bool> = out.lines().map(|l| l.trim() == "5").collect();
    assert!(
        o.status.success() && codes.len() == names.len(),
        "asking flatlab which names are builtins failed\nstdout: {out}\nstderr: {}",
        common::stderr(&o)
    );
    codes
}

/// One file's blocks and results.
struct FileRun {
    rel: String,
    blocks: Vec<Block>,
    results: HashMap<usize, Outcome>,
}

/// Runs `files` on every core; progress on stderr every 50 files.
fn run_files(files: Vec<(String, Vec<Block>)>, cmd: &[String], tag: &str) -> Vec<FileRun> {
    let scratch =
        std::env::temp_dir().join(format!("flatlab-octtests-{tag}-{}", std::process::id()));
    // Longest first, so the last file to finish is a short one.
    let mut files = files;
    files.sort_by_key(|(_, b)| std::cmp::Reverse(b.len()));
    let next = AtomicUsize::new(0);
    let done = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let total = files.len();
    std::thread::scope(|sc| {
        for _ in 0..workers {
            sc.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some((rel, blocks)) = files.get(i) else {
                    break;
                };
                let dir = scratch.join(format!("f{i}"));
                let results = run::run_file(cmd, blocks, &dir, TIMEOUT);
                let _ = std::fs::remove_dir_all(&dir);
                let mut d = done.lock().expect("results lock");
                d.push(FileRun {
                    rel: rel.clone(),
                    blocks: blocks.clone(),
                    results,
                });
                if d.len() % 50 == 0 {
                    note(&format!("octave tests: {}/{total} files", d.len()));
                }
            });
        }
    });
    let _ = std::fs::remove_dir_all(&scratch);
    let mut runs = done.into_inner().expect("results lock");
    runs.sort_by(|a, b| a.rel.cmp(&b.rel));
    runs
}

/// Counts over a set of runs, and every test block's key and outcome.
struct Summary {
    files: usize,
    tests: usize,
    passed: usize,
    skipped: usize,
    crashes: Vec<(String, String)>,
    outcomes: BTreeMap<String, Outcome>,
    /// The files whose blocks ran.
    files_run: BTreeSet<String>,
    /// Where each block starts in its file.
    lines: HashMap<String, usize>,
}

fn summarize(runs: &[FileRun]) -> Summary {
    let mut s = Summary {
        files: runs.len(),
        tests: 0,
        passed: 0,
        skipped: 0,
        crashes: Vec::new(),
        outcomes: BTreeMap::new(),
        files_run: runs.iter().map(|r| r.rel.clone()).collect(),
        lines: HashMap::new(),
    };
    for r in runs {
        for (i, b) in r.blocks.iter().enumerate() {
            if b.kind.is_skipped() {
                s.skipped += 1;
            }
            if !b.kind.is_test() {
                continue;
            }
            s.tests += 1;
            let key = b.key(&r.rel);
            let o = r.results.get(&i).cloned().unwrap_or(Outcome {
                status: Status::Fail,
                reason: "harness: no result recorded".to_string(),
                secs: 0.0,
            });
            match o.status {
                Status::Pass => s.passed += 1,
                Status::Crash | Status::Hang => {
                    let code: String = b.text.chars().take(300).collect();
                    s.crashes
                        .push((format!("{key} ({}) line {}", o.reason, b.line), code));
                }
                Status::Fail => {}
            }
            s.lines.insert(key.clone(), b.line);
            s.outcomes.insert(key, o);
        }
    }
    s
}

/// A failure reason with names and numbers kept but positions dropped, so
/// reasons group: "'foo' undefined near line 3, column 5" is "undefined:
/// foo".
fn reason_class(reason: &str) -> String {
    let re_undef = regex::Regex::new(r"^'([^']+)' undefined").expect("regex");
    if let Some(c) = re_undef.captures(reason) {
        return format!("undefined: {}", &c[1]);
    }
    if let Some(rest) = reason.strip_prefix("panic: ") {
        return format!("panic: {}", rest.chars().take(80).collect::<String>());
    }
    let re_pos = regex::Regex::new(r"near line \d+, column \d+|\d+").expect("regex");
    let r = re_pos.replace_all(reason, "N");
    let r = match r.find(" (after %!shared") {
        Some(p) => &r[..p],
        None => &r,
    };
    r.chars().take(90).collect()
}

/// The `n` most common failure reasons (only missing functions when
/// `undefined`), with how many blocks fail for each.
fn top_reasons(s: &Summary, n: usize, undefined: bool) -> String {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for o in s.outcomes.values().filter(|o| o.status != Status::Pass) {
        let class = reason_class(&o.reason);
        if !undefined || class.starts_with("undefined: ") {
            *counts.entry(class).or_default() += 1;
        }
    }
    let mut v: Vec<(String, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.iter()
        .take(n)
        .map(|(r, c)| format!("  {c:5}  {r}\n"))
        .collect()
}

fn write_tsv(name: &str, s: &Summary) -> PathBuf {
    let p = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let mut text = String::new();
    for (k, o) in &s.outcomes {
        text.push_str(&format!("{k}\t{:?}\t{}\n", o.status, o.reason));
    }
    std::fs::write(&p, text).unwrap_or_else(|e| panic!("write {}: {e}", p.display()));
    p
}

fn report(what: &str, s: &Summary, secs: f64) -> String {
    let rate = 100.0 * s.passed as f64 / s.tests.max(1) as f64;
    let by_undefined = s
        .outcomes
        .values()
        .filter(|o| o.status == Status::Pass && o.reason.starts_with(run::UNDEFINED_PASS))
        .count();
    let strict = 100.0 * (s.passed - by_undefined) as f64 / s.tests.max(1) as f64;
    let mut r = format!(
        "{what}: {} m-files, {} test blocks, {} pass ({rate:.1}%), {} fail, \
         {} skipped (%!testif/%!demo), {} panics or hangs, {secs:.0} s\n\
         of the passes, {by_undefined} are %!error blocks an undefined function \
         satisfied ({strict:.1}% pass without them)\n",
        s.files,
        s.tests,
        s.passed,
        s.tests - s.passed,
        s.skipped,
        s.crashes.len()
    );
    r.push_str("most common failure reasons (blocks):\n");
    r.push_str(&top_reasons(s, 20, false));
    r.push_str("missing functions (blocks that fail first on them):\n");
    r.push_str(&top_reasons(s, 20, true));
    let mut slow: Vec<(&String, &Outcome)> = s.outcomes.iter().collect();
    slow.sort_by(|a, b| b.1.secs.total_cmp(&a.1.secs));
    r.push_str(&format!(
        "slowest blocks (a block past {} s is a hang):\n",
        TIMEOUT.as_secs()
    ));
    for (k, o) in slow.iter().take(5) {
        r.push_str(&format!("  {:6.2} s  {k}\n", o.secs));
    }
    if !s.crashes.is_empty() {
        r.push_str("panics and hangs:\n");
        for (k, code) in &s.crashes {
            r.push_str(&format!("  {k}\n    {}\n", code.replace('\n', "\n    ")));
        }
    }
    r
}

/// Every file with test blocks (all of them, or those of flatlab's
/// functions) and its blocks.
fn selected_files(m_dir: &Path, only_flatlab: bool) -> Vec<(String, Vec<Block>)> {
    let mut files: Vec<(String, Vec<Block>)> = m_files(m_dir)
        .into_iter()
        .filter_map(|rel| {
            let bytes = std::fs::read(m_dir.join(&rel)).ok()?;
            let blocks = extract::blocks(&String::from_utf8_lossy(&bytes));
            blocks
                .iter()
                .any(|b| b.kind.is_test() || b.kind.is_skipped())
                .then_some((rel, blocks))
        })
        .collect();
    if only_flatlab {
        let named: Vec<(usize, String)> = files
            .iter()
            .enumerate()
            .filter_map(|(i, (rel, _))| plain_name(rel).map(|n| (i, n)))
            .collect();
        let names: Vec<String> = named.iter().map(|(_, n)| n.clone()).collect();
        let defined = flatlab_builtins(&names);
        let keep: std::collections::HashSet<usize> = named
            .iter()
            .zip(defined)
            .filter_map(|((i, _), d)| d.then_some(*i))
            .collect();
        files = files
            .into_iter()
            .enumerate()
            .filter_map(|(i, f)| keep.contains(&i).then_some(f))
            .collect();
    }
    files
}

/// The committed list: version and key → its line.
fn read_list() -> (Option<String>, BTreeMap<String, String>) {
    let text = std::fs::read_to_string(LIST).unwrap_or_default();
    let mut version = None;
    let mut keys = BTreeMap::new();
    for line in text.lines() {
        if let Some(v) = line.strip_prefix("# octave ") {
            version = Some(v.trim().to_string());
        } else if !line.starts_with('#') && !line.trim().is_empty() {
            let k = line.split(' ').next().unwrap_or(line);
            keys.insert(k.to_string(), line.to_string());
        }
    }
    (version, keys)
}

/// The committed list of files the gate runs.
fn read_files() -> BTreeSet<String> {
    let text = std::fs::read_to_string(FILES).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.trim().to_string())
        .collect()
}

/// A list line for a failing block.
fn list_line(s: &Summary, key: &str, o: &Outcome) -> String {
    let reason: String = o.reason.chars().take(100).collect();
    let line = s.lines.get(key).copied().unwrap_or(0);
    format!("{key} line {line}: {reason}")
}

fn write_lists(version: &str, failing: &BTreeMap<String, String>, files: &BTreeSet<String>) {
    let mut text = format!(
        "# octave {version}\n\
         # Octave function-test blocks that fail in flatlab (tests/octave_tests.rs).\n\
         # One block per line: FILE:BLOCK:HASH (FILE under /usr/share/octave/VERSION/m,\n\
         # BLOCK its position among the file's %! blocks, HASH of its text), the line\n\
         # where it starts, and why it fails. Delete a line when its block passes;\n\
         # never add one for a block that used to pass.\n"
    );
    for line in failing.values() {
        text.push_str(line);
        text.push('\n');
    }
    std::fs::write(LIST, text).unwrap_or_else(|e| panic!("write {LIST}: {e}"));
    let mut text = String::from(
        "# The m-files whose blocks tests/octave_tests.rs runs: those of the functions\n\
         # flatlab defines. A file leaves the list only if flatlab stops defining its\n\
         # function, which is a regression.\n",
    );
    for f in files {
        text.push_str(f);
        text.push('\n');
    }
    std::fs::write(FILES, text).unwrap_or_else(|e| panic!("write {FILES}: {e}"));
}

/// Runs the files of flatlab's functions (`only_flatlab`) or all files
/// through `cmd` (flatlab unless said), prints the report and writes every
/// result to `CARGO_TARGET_TMPDIR/octave_tests-TAG.tsv`.
fn measure(m_dir: &Path, version: &str, only_flatlab: bool, cmd: Option<&[String]>) -> Summary {
    let start = Instant::now();
    let files = selected_files(m_dir, only_flatlab);
    let flatlab = [common::BIN.to_string()];
    let by = match cmd {
        Some(c) => format!("run by {}", c.join(" ")),
        None => "run by flatlab".to_string(),
    };
    let tag = match (cmd.is_some(), only_flatlab) {
        (true, _) => "octave",
        (false, true) => "defined",
        (false, false) => "all",
    };
    let runs = run_files(files, cmd.unwrap_or(&flatlab), tag);
    let s = summarize(&runs);
    let what = if only_flatlab {
        "tests of flatlab's functions"
    } else {
        "tests of all m-files (held out)"
    };
    let tsv = write_tsv(&format!("octave_tests-{tag}.tsv"), &s);
    let secs = start.elapsed().as_secs_f64();
    note(&report(&format!("Octave {version} {what}, {by}"), &s, secs));
    note(&format!("every result: {}", tsv.display()));
    s
}

#[test]
fn octave_function_tests() {
    let Some((m_dir, version)) = m_dir_or_skip("octave_function_tests") else {
        return;
    };
    let (list_version, listed) = read_list();
    let listed_files = read_files();
    let bless = std::env::var("FLATLAB_OCTAVE_TESTS_BLESS").unwrap_or_default();
    if bless != "all" && list_version.as_deref() != Some(version.as_str()) {
        let msg = format!(
            "tests/octave_tests/failing.txt is for Octave {}, but Octave {version} is \
             installed: its blocks cannot be compared (FLATLAB_OCTAVE_TESTS_BLESS=all makes \
             the lists for it)",
            list_version.as_deref().unwrap_or("(none)")
        );
        assert!(!common::interop_required(), "{msg}");
        note(&format!("SKIP octave_function_tests: {msg}"));
        return;
    }
    let s = measure(&m_dir, &version, true, None);
    if bless == "all" {
        let failing = s
            .outcomes
            .iter()
            .filter(|(_, o)| o.status != Status::Pass)
            .map(|(k, o)| (k.clone(), list_line(&s, k, o)))
            .collect();
        write_lists(&version, &failing, &s.files_run);
        note(&format!("wrote {LIST} and {FILES} from this run"));
        return;
    }
    let file_of = |k: &str| k.split(':').next().unwrap_or("").to_string();
    let mut regressions = Vec::new();
    let mut new_failing = BTreeMap::new();
    let mut still_failing = BTreeMap::new();
    let mut fixed = Vec::new();
    for (k, o) in &s.outcomes {
        match (o.status == Status::Pass, listed.contains_key(k)) {
            (false, false) if !listed_files.contains(&file_of(k)) => {
                new_failing.insert(k.clone(), list_line(&s, k, o));
            }
            (false, false) => regressions.push(format!("{k} {:?}: {}", o.status, o.reason)),
            (false, true) => {
                still_failing.insert(k.clone(), listed[k].clone());
            }
            (true, true) => fixed.push(k.clone()),
            (true, false) => {}
        }
    }
    let stale: Vec<&String> = listed
        .keys()
        .filter(|k| !s.outcomes.contains_key(*k))
        .collect();
    let dropped: Vec<&String> = listed_files.difference(&s.files_run).collect();
    let new_files: Vec<&String> = s.files_run.difference(&listed_files).collect();
    let mut msg = String::new();
    if !regressions.is_empty() {
        msg.push_str(&format!(
            "{} Octave test blocks fail that are not in tests/octave_tests/failing.txt \
             (regressions):\n  {}\n",
            regressions.len(),
            regressions.join("\n  ")
        ));
    }
    if !dropped.is_empty() {
        msg.push_str(&format!(
            "flatlab no longer defines the functions of these files of \
             tests/octave_tests/files.txt (regressions):\n  {}\n",
            join(&dropped)
        ));
    }
    if bless == "1" {
        // Only what may change without review: lines of blocks that pass
        // now go, files flatlab newly defines come in with their failures.
        still_failing.extend(new_failing);
        let files = s.files_run.union(&listed_files).cloned().collect();
        write_lists(&version, &still_failing, &files);
        note(&format!("updated {LIST} and {FILES}"));
        assert!(msg.is_empty(), "{msg}");
        return;
    }
    if !new_files.is_empty() {
        msg.push_str(&format!(
            "flatlab now defines the functions of these files, whose blocks run for the \
             first time ({} of them fail; not regressions): FLATLAB_OCTAVE_TESTS_BLESS=1 \
             adds them to tests/octave_tests/files.txt and failing.txt\n  {}\n",
            new_failing.len(),
            join(&new_files)
        ));
    }
    if !fixed.is_empty() || !stale.is_empty() {
        let gone: Vec<&String> = fixed.iter().chain(stale).collect();
        msg.push_str(&format!(
            "{} blocks in tests/octave_tests/failing.txt pass now or no longer exist: \
             delete these lines (or FLATLAB_OCTAVE_TESTS_BLESS=1):\n  {}\n",
            gone.len(),
            join(&gone)
        ));
    }
    assert!(msg.is_empty(), "{msg}");
}

fn join(v: &[&String]) -> String {
    v.iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join("\n  ")
}

/// The held-out measurement: every m-file's blocks, whether flatlab
/// defines the function or not. Prints the rate; fails only on a panic,
/// abort or hang, which are flatlab bugs whatever the function.
#[test]
#[ignore = "a report, not a gate: the pass rate of all of Octave's m-file tests"]
fn octave_function_tests_all() {
    let Some((m_dir, version)) = m_dir_or_skip("octave_function_tests_all") else {
        return;
    };
    let s = measure(&m_dir, &version, false, None);
    assert!(
        s.crashes.is_empty(),
        "flatlab panicked, aborted or hung in {} blocks (listed above)",
        s.crashes.len()
    );
}

/// The harness checked against Octave itself: the same block files and
/// driver, run by `octave-cli` over every m-file, pass nearly all (what
/// fails is listed: no graphics toolkit, Octave's own known failures, or
/// the harness). A few minutes: Octave takes a while to start.
#[test]
#[ignore = "checks the harness against octave-cli (minutes)"]
fn octave_passes_its_own_blocks() {
    let Some((m_dir, version)) = m_dir_or_skip("octave_passes_its_own_blocks") else {
        return;
    };
    let cmd: Vec<String> = ["octave-cli", "--norc", "--no-history", "--quiet"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    if !common::tool_available(&cmd[0], &["--version"], false, "the harness check") {
        return;
    }
    let s = measure(&m_dir, &version, false, Some(&cmd));
    for (k, o) in s.outcomes.iter().filter(|(_, o)| o.status != Status::Pass) {
        note(&format!("  {k}: {}", o.reason));
    }
}

#[test]
fn failing_list_is_sorted_and_unique() {
    let text = std::fs::read_to_string(LIST).unwrap_or_default();
    let keys: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split(' ').next().unwrap_or(""))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        keys, sorted,
        "failing.txt must be sorted, one line per block"
    );
}

#[test]
fn reasons_group_by_missing_name() {
    assert_eq!(
        reason_class("'polyfit' undefined near line 3, column 5"),
        "undefined: polyfit"
    );
    assert_eq!(
        reason_class("ASSERT errors for: 12 x 3"),
        "ASSERT errors for: N x N"
    );
}

/// The harness itself: blocks whose outcome is known, including a crash,
/// an abort by a signal, a hang, shared variables that propagate, helper
/// functions redefined, and error patterns and identifiers that do or do
/// not match.
#[test]
fn harness_reports_each_kind_of_outcome() {
    let src = "\
%!assert (1 + 1, 2)
%!assert (1 + 1, 3)
%!test
%! x = 1;
%!
%! assert (x, 1)
%!error <undefined> octtest_no_such_fn (1)
%!error <zzz nomatch> error ('abc')
%!error id=My:id error ('My:id', 'm')
%!error id=My:id error ('Other:id', 'm')
%!error x = 1;
%!shared a, b
%! a = 5;
%!test assert (a, 5); b = 7;
%!test assert (b, 7)
%!function y = helper (x)
%!  y = 2 * x;
%!endfunction
%!assert (helper (3), 6)
%!test exit (3)
%!test assert (a, 5); assert (isempty (b))
%!test while true, end
%!test system ('kill -9 $PPID');
%!assert (a, 5)
%!testif HAVE_NOTHING
%! error ('not run')
%!function y = helper (x)
%!  y = 3 * x;
%!endfunction
%!assert (helper (3), 9)
%!warning warning ('w')
";
    let blocks = extract::blocks(src);
    let dir = std::env::temp_dir().join(format!("flatlab-octtests-self-{}", std::process::id()));
    let results = run::run_file(
        &[common::BIN.to_string()],
        &blocks,
        &dir,
        Duration::from_secs(2),
    );
    let _ = std::fs::remove_dir_all(&dir);
    use Status::*;
    // (first line of the block, expected status, a piece of the reason)
    let want: &[(&str, Status, &str)] = &[
        ("assert (1 + 1, 2)", Pass, ""),
        ("assert (1 + 1, 3)", Fail, "ASSERT"),
        ("test", Pass, ""),
        ("error <undefined>", Pass, ""),
        (
            "error <zzz nomatch>",
            Fail,
            "expected an error <zzz nomatch>, got: abc",
        ),
        ("error id=My:id error ('My:id'", Pass, ""),
        (
            "error id=My:id error ('Other:id'",
            Fail,
            "expected id My:id",
        ),
        ("error x = 1;", Fail, "expected an error, but got none"),
        ("test assert (a, 5); b = 7;", Pass, ""),
        ("test assert (b, 7)", Pass, ""),
        ("assert (helper (3), 6)", Pass, ""),
        ("test exit (3)", Crash, "status 3"),
        ("test assert (a, 5); assert (isempty (b))", Pass, ""),
        ("test while true, end", Hang, "hang"),
        ("test system", Crash, "signal 9"),
        ("assert (a, 5)", Pass, ""),
        ("assert (helper (3), 9)", Pass, ""),
        ("warning warning ('w')", Pass, ""),
    ];
    let tests: Vec<(usize, &Block)> = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.kind.is_test())
        .collect();
    assert_eq!(tests.len(), want.len());
    assert_eq!(
        blocks.iter().filter(|b| b.kind.is_skipped()).count(),
        1,
        "the %!testif block is skipped"
    );
    for ((i, b), (first, status, reason)) in tests.iter().zip(want) {
        assert!(b.text.starts_with(first), "block {}: {:?}", i, b.text);
        let o = results
            .get(i)
            .unwrap_or_else(|| panic!("no result for {:?}", b.text));
        assert_eq!(&o.status, status, "{:?}: {}", b.text, o.reason);
        assert!(o.reason.contains(reason), "{:?}: {}", b.text, o.reason);
    }
}
