//! Random, mutated and hostile input to the parser and the evaluator, in
//! process and through the doors a user feeds text through (`-c`, a pipe, a
//! script): kilobytes of text, bytes that are not UTF-8, every kind of line
//! end, nesting around and far past the limits. No panic, no crash, no hang,
//! ever; invalid input gets a clear error. Runs of the binary have a
//! deadline (and a Ctrl-C first for generated programs that loop), so a
//! hang fails the test instead of stalling the suite.

mod common;
use common::bounded::{self, feed, Door};
use common::{stderr, stdout, Sandbox};
use flatlab::eval::Interp;
use flatlab::syntax::parser::{MAX_EXPR_DEPTH, MAX_NESTING};
use proptest::prelude::*;
use std::path::PathBuf;
use std::process::Output;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// Fragments of MATLAB, so random programs reach deep into the evaluator.
const FRAGMENTS: &[&str] = &[
    "x",
    "y",
    "A",
    "v",
    "1",
    "2",
    "0",
    "-1",
    "3.5",
    "NaN",
    "Inf",
    "2i",
    "'ab'",
    "\"s\\n\"",
    "[1 2 3]",
    "[1;2]",
    "[]",
    "zeros(2)",
    "ones(2,3)",
    "magic(3)",
    "1:4",
    "end",
    ":",
    "(",
    ")",
    "[",
    "]",
    ",",
    ";",
    "\n",
    " ",
    "+",
    "-",
    "*",
    ".*",
    "/",
    "./",
    "\\",
    "'",
    ".'",
    "==",
    "~=",
    "<",
    "&",
    "|",
    "&&",
    "||",
    "~",
    "=",
    "x(2)",
    "x(end+1)",
    "A(:,1)",
    "A(2,:) = []",
    "if x",
    "else",
    "end",
    "for k = 1:3",
    "while 0",
    "switch x",
    "case 1",
    "otherwise",
    "try",
    "catch e",
    "break",
    "continue",
    "return",
    "sum(",
    "max(",
    "size(",
    "reshape(",
    "sprintf('%d',",
    "disp(",
    "num2str(",
    "function",
    "%",
    "...",
    "{",
    "}",
    "@",
    ".",
    "e.message",
    "clear x",
    "format long",
    "x.f = 1",
    "%{\n",
    "%}\n",
    "x(min(end, 2))",
    "x((end))",
];

/// Up to `max` fragments joined: with 400, a few kilobytes.
fn program(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..max).prop_map(|v| v.join(""))
}

/// Run `src` in a fresh interpreter, interrupting it after a short time so
/// generated infinite loops end.
fn run_bounded(src: &str) {
    let mut it = Interp::new(Box::new(std::io::sink()), Box::new(std::io::sink()));
    let flag = it.interrupt_flag();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let d2 = done.clone();
    let timer = std::thread::spawn(move || {
        for _ in 0..50 {
            if d2.load(Ordering::SeqCst) {
                return;
            }
            std::thread::sleep(Duration::from_millis(4));
        }
        flag.store(true, Ordering::SeqCst);
    });
    let _ = it.run_command(src);
    done.store(true, Ordering::SeqCst);
    let _ = timer.join();
}

/// `text` with every `\n` replaced by the line ends of `ends`, in turn.
fn with_line_ends(text: &str, ends: &[&str]) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut k = 0;
    for c in text.chars() {
        if c == '\n' {
            out.push_str(ends[k % ends.len()]);
            k += 1;
        } else {
            out.push(c);
        }
    }
    out
}

/// Things that open one nesting level around an expression, and what
/// closes them.
const OPENERS: &[(&str, &str)] = &[
    ("(", ")"),
    ("[", "]"),
    ("{", "}"),
    ("abs(", ")"),
    ("v(", ")"),
    ("max(2, ", ")"),
    ("-", ""),
    ("~", ""),
    ("+", ""),
    ("2^(", ")"),
    ("[1, ", "]"),
];

/// `blocks` nested `if`s around `x = EXPR;`, EXPR being `1` inside the
/// `openers` (indexes into OPENERS), outermost first.
fn nested_program(blocks: usize, openers: &[usize]) -> String {
    let open: String = openers.iter().map(|&k| OPENERS[k].0).collect();
    let close: String = openers.iter().rev().map(|&k| OPENERS[k].1).collect();
    format!(
        "{}x = {open}1{close};\n{}",
        "if true\n".repeat(blocks),
        "end\n".repeat(blocks)
    )
}

/// Nesting around the limit: `(blocks, openers)` with a total of blocks
/// and openers within 3 of `MAX_NESTING`.
fn near_the_nesting_limit() -> impl Strategy<Value = (usize, Vec<usize>)> {
    (0usize..6, -3i64..=3).prop_flat_map(|(blocks, delta)| {
        let n = (MAX_NESTING as i64 + delta) as usize - blocks;
        (Just(blocks), prop::collection::vec(0..OPENERS.len(), n..=n))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, .. ProptestConfig::default() })]

    #[test]
    fn parser_never_panics_on_short_text(s in "\\PC{0,60}") {
        let _ = flatlab::syntax::parse(&s);
        let _ = flatlab::syntax::is_incomplete(&s);
    }

    #[test]
    fn parser_never_panics_on_fragments(s in program(40)) {
        let _ = flatlab::syntax::parse(&s);
    }

    #[test]
    fn evaluator_never_panics(s in program(40)) {
        run_bounded(&s);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, .. ProptestConfig::default() })]

    /// Kilobytes of any characters, control characters included.
    #[test]
    fn parser_never_panics_on_kilobytes(s in "(\\PC|[\\r\\n\\t\\x00-\\x1f]){0,4000}") {
        let _ = flatlab::syntax::parse(&s);
        let _ = flatlab::syntax::is_incomplete(&s);
    }

    /// A lone `\r` reads exactly as `\n`; `\r\n` as a blank and `\n`: the
    /// same statements (their spans shift), or the same error.
    #[test]
    fn parser_reads_every_line_end_alike(
        s in program(400),
        ends in prop::collection::vec(prop::sample::select(&["\n", "\r\n", "\r"][..]), 1..6),
    ) {
        let unix = flatlab::syntax::parse(&s);
        let lone_cr = flatlab::syntax::parse(&with_line_ends(&s, &["\r"]));
        prop_assert_eq!(&unix, &lone_cr);
        let mixed_text = with_line_ends(&s, &ends);
        let mixed = flatlab::syntax::parse(&mixed_text);
        match (&unix, &mixed) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a.body.len(), b.body.len());
                prop_assert_eq!(a.functions.len(), b.functions.len());
            }
            (Err(a), Err(b)) => prop_assert_eq!(&a.message, &b.message),
            _ => prop_assert!(false, "LF {:?} but mixed line ends {:?}", unix, mixed),
        }
        prop_assert_eq!(
            flatlab::syntax::is_incomplete(&s),
            flatlab::syntax::is_incomplete(&mixed_text)
        );
    }

    /// Valid nesting parses exactly up to the limit and is refused past it,
    /// in a test thread's 2 MB of stack.
    #[test]
    fn parser_accepts_nesting_exactly_up_to_the_limit(
        (blocks, openers) in near_the_nesting_limit()
    ) {
        let src = nested_program(blocks, &openers);
        let r = flatlab::syntax::parse(&src);
        if blocks + openers.len() <= MAX_NESTING {
            prop_assert!(r.is_ok(), "{:?}", r.err());
        } else {
            let e = r.expect_err("past the limit");
            prop_assert!(e.message.starts_with("nesting deeper than"), "{}", e.message);
        }
    }

    /// Chains that nest (postfix operators, indexes, fields, `||`) parse
    /// exactly up to the depth limit; chains of other binary operators are
    /// folded when evaluated and parse at any depth below `MAX_CHAIN`.
    #[test]
    fn parser_accepts_chains_exactly_up_to_the_limit(
        op in prop::sample::select(&["+1", "-1", ".*1", "==1", "&1", "||1", "^1", "'", ".'", "(1)", ".f"][..]),
        delta in -2i64..=2,
    ) {
        let n = (MAX_EXPR_DEPTH as i64 - 1 + delta) as usize;
        let src = format!("x = y{};", op.repeat(n));
        let r = flatlab::syntax::parse(&src);
        let folded = !matches!(op, "||1" | "'" | ".'" | "(1)" | ".f");
        if n < MAX_EXPR_DEPTH || folded {
            prop_assert!(r.is_ok(), "{:?}", r.err());
        } else {
            let e = r.expect_err("past the limit");
            prop_assert!(e.message.starts_with("expression deeper than"), "{}", e.message);
        }
    }
}

// ---------- through the doors ----------

/// A small deterministic generator (xorshift), so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// A length from 1 to `max`, short ones as likely as long ones by scale.
    fn length(&mut self, max: usize) -> usize {
        let bits = usize::BITS - max.leading_zeros();
        let scale = 1usize << self.below(bits as usize);
        (1 + self.below(scale)).min(max)
    }
}

/// What flatlab must do with any input: succeed, or fail with a message
/// that says so (an `error:`/`parse error` line, or `flatlab:` for a text
/// it could not take at all).
fn assert_clear_outcome(o: &Output, what: &str) {
    if o.status.success() {
        return;
    }
    let err = stderr(o);
    assert!(
        err.lines().any(|l| l.starts_with("error: ")
            || l.starts_with("parse error")
            || l.starts_with("flatlab: ")),
        "{what}: exit {:?} without a clear error\nstdout: {}\nstderr: {}",
        o.status.code(),
        bounded::abbreviate(&stdout(o)),
        bounded::abbreviate(&err)
    );
}

/// Generated programs may loop (`while 1`): Ctrl-C after this long.
const PATIENCE: Duration = Duration::from_secs(10);

/// The doors that take any bytes today (`-c` with bytes that are not UTF-8
/// is `non_utf8_code_argument_is_a_clear_error`).
fn doors_for(text: &[u8]) -> Vec<Door> {
    let mut doors = vec![Door::Script, Door::Pipe];
    if std::str::from_utf8(text).is_ok() && !text.contains(&0) {
        doors.push(Door::Code);
    }
    doors
}

#[test]
fn hostile_bytes_through_every_door() {
    let s = Sandbox::new("fuzz-bytes");
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    for n in 0..40 {
        let len = rng.length(4096);
        let text: Vec<u8> = match n % 3 {
            // Any bytes.
            0 => (0..len).map(|_| rng.next() as u8).collect(),
            // Text that is mostly code, with stray high bytes.
            1 => (0..len)
                .map(|_| {
                    let frag = FRAGMENTS[rng.below(FRAGMENTS.len())].as_bytes();
                    let mut b = frag.to_vec();
                    if rng.below(8) == 0 {
                        b.push(0x80 | rng.next() as u8);
                    }
                    b
                })
                .take(len / 4 + 1)
                .flatten()
                .collect(),
            // Printable ASCII and line ends.
            _ => (0..len)
                .map(|_| match rng.below(20) {
                    0 => b'\n',
                    1 => b'\r',
                    _ => 0x20 + rng.below(95) as u8,
                })
                .collect(),
        };
        for door in doors_for(&text) {
            let o = feed(&s, door, &text, Some(PATIENCE));
            assert_clear_outcome(&o, &format!("input {n} through {door:?}"));
        }
    }
}

#[test]
fn long_programs_with_any_line_end_through_every_door() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let ends = ["\n", "\r\n", "\r"];
    for n in 0..20 {
        let count = rng.length(600);
        let unix: String = (0..count)
            .map(|_| FRAGMENTS[rng.below(FRAGMENTS.len())])
            .collect();
        let mixed = with_line_ends(&unix, &[ends[rng.below(3)], ends[rng.below(3)]]);
        for door in [Door::Script, Door::Code, Door::Pipe] {
            // Each version in a fresh workspace, so both start alike.
            let runs: Vec<Output> = [&unix, &mixed]
                .iter()
                .map(|text| {
                    let s = Sandbox::new("fuzz-lines");
                    let o = feed(&s, door, text.as_bytes(), Some(PATIENCE));
                    assert_clear_outcome(&o, &format!("program {n} through {door:?}"));
                    o
                })
                .collect();
            // An interrupted loop may have printed more or less.
            if !stderr(&runs[0]).contains("interrupted")
                && !stderr(&runs[1]).contains("interrupted")
            {
                assert_eq!(
                    (stdout(&runs[0]), runs[0].status.code()),
                    (stdout(&runs[1]), runs[1].status.code()),
                    "program {n} through {door:?}: LF and {:?}",
                    bounded::abbreviate(&mixed)
                );
            }
        }
    }
}

#[test]
fn deep_nesting_through_every_door() {
    let s = Sandbox::new("fuzz-deep");
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    for n in 0..12 {
        let blocks = rng.below(4);
        // Around the limit, or far past it.
        let total = match n % 3 {
            0 => MAX_NESTING - 1 + rng.below(3),
            1 => MAX_NESTING + rng.below(5000),
            _ => 1 + rng.below(MAX_NESTING),
        };
        let openers: Vec<usize> = (0..total.saturating_sub(blocks))
            .map(|_| rng.below(OPENERS.len()))
            .collect();
        let text = format!("v = 1;\n{}disp(x)\n", nested_program(blocks, &openers));
        let too_deep = blocks + openers.len() > MAX_NESTING;
        for door in [Door::Script, Door::Code, Door::Pipe] {
            let o = feed(&s, door, text.as_bytes(), Some(PATIENCE));
            let what = format!("nesting {} through {door:?}", blocks + openers.len());
            assert_clear_outcome(&o, &what);
            let err = stderr(&o);
            // Within the limit it parses (and may still fail to evaluate:
            // a cell, a negative index); past it, a parse error says why.
            assert_eq!(
                err.contains("nesting deeper than"),
                too_deep,
                "{what}: {err}"
            );
        }
    }
}

/// The `.m` files of the conformance kit. Without the kit these tests
/// cannot run, and they fail rather than pass having run nothing.
fn conformance_cases() -> Vec<PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/cases");
    let groups = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!(
            "the conformance kit is expected at {} (the shared folder beside this \
             repository): {e}; the fuzz tests mutate its cases",
            dir.display()
        )
    });
    let mut files: Vec<PathBuf> = groups
        .flatten()
        .filter_map(|g| std::fs::read_dir(g.path()).ok())
        .flat_map(|rd| rd.flatten().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "m"))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no conformance cases (*.m) under {}",
        dir.display()
    );
    files
}

/// Mutations of real programs: every conformance case with bytes dropped,
/// duplicated, swapped, or replaced by bytes that are not UTF-8, and line
/// ends turned into `\r\n` or `\r`.
#[test]
fn mutated_conformance_cases_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for f in conformance_cases() {
        let text = std::fs::read_to_string(&f)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", f.display()));
        for k in 0..4 {
            let base = match k {
                1 => with_line_ends(&text, &["\r\n"]),
                2 => with_line_ends(&text, &["\r"]),
                _ => text.clone(),
            };
            let mut b = base.into_bytes();
            for _ in 0..3 {
                if b.is_empty() {
                    break;
                }
                let i = rng.below(b.len());
                match rng.below(4) {
                    0 => {
                        b.remove(i);
                    }
                    1 => {
                        let c = b[i];
                        b.insert(i, c);
                    }
                    2 => {
                        let j = rng.below(b.len());
                        b.swap(i, j);
                    }
                    _ => b[i] = 0x80 | rng.next() as u8,
                }
            }
            run_bounded(&String::from_utf8_lossy(&b));
        }
    }
}

/// Real programs with Windows line ends print what they print with Unix
/// ones (a sample of the conformance cases, as scripts).
#[test]
fn conformance_cases_read_the_same_with_windows_line_ends() {
    for f in conformance_cases().iter().step_by(9) {
        let text = std::fs::read_to_string(f)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", f.display()));
        let run = |t: &str| {
            let s = Sandbox::new("fuzz-conf");
            feed(&s, Door::Script, t.as_bytes(), Some(PATIENCE))
        };
        let unix = run(&text);
        let windows = run(&with_line_ends(&text, &["\r\n"]));
        assert_eq!(
            (stdout(&unix), unix.status.code()),
            (stdout(&windows), windows.status.code()),
            "{}",
            f.display()
        );
    }
}

/// `flatlab -c` with bytes that are not UTF-8 (issue 10, fault 5: main.rs
/// once panicked reading the arguments).
#[test]
fn non_utf8_code_argument_is_a_clear_error() {
    let s = Sandbox::new("fuzz-argv");
    for text in [&b"x=\xff;"[..], b"y = 1 % caf\xe9", b"\xc3\x28 = 2"] {
        let o = feed(&s, Door::Code, text, None);
        assert_clear_outcome(&o, &format!("-c {}", String::from_utf8_lossy(text)));
    }
}
