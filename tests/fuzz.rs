//! Random and mutated input to the parser and the evaluator: no panic, ever.
//! A panic on garbage input is a bug; errors are the expected answer.

use flatlab::eval::Interp;
use proptest::prelude::*;
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
];

fn program() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..40).prop_map(|v| v.join(""))
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, .. ProptestConfig::default() })]

    #[test]
    fn parser_never_panics_on_bytes(s in "\\PC{0,60}") {
        let _ = flatlab::syntax::parse(&s);
        let _ = flatlab::syntax::is_incomplete(&s);
    }

    #[test]
    fn parser_never_panics_on_fragments(s in program()) {
        let _ = flatlab::syntax::parse(&s);
    }

    #[test]
    fn evaluator_never_panics(s in program()) {
        run_bounded(&s);
    }
}

/// Mutations of real programs: every conformance case with bytes dropped,
/// duplicated or swapped.
#[test]
fn mutated_conformance_cases_never_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/cases");
    let mut files = Vec::new();
    if let Ok(rd) = std::fs::read_dir(&dir) {
        for sub in rd.flatten() {
            if let Ok(rd2) = std::fs::read_dir(sub.path()) {
                files.extend(rd2.flatten().map(|e| e.path()));
            }
        }
    }
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for f in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "m"))
    {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        let bytes = text.as_bytes();
        for _ in 0..4 {
            let mut b = bytes.to_vec();
            for _ in 0..3 {
                if b.is_empty() {
                    break;
                }
                let i = (next() as usize) % b.len();
                match next() % 3 {
                    0 => {
                        b.remove(i);
                    }
                    1 => {
                        let c = b[i];
                        b.insert(i, c);
                    }
                    _ => {
                        let j = (next() as usize) % b.len();
                        b.swap(i, j);
                    }
                }
            }
            let src = String::from_utf8_lossy(&b);
            run_bounded(&src);
        }
    }
}
