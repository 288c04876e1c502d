//! Random `sprintf` cases compared with GNU Octave: formats with flags,
//! widths, precisions and `*` fields over `%d %i %u %x %f %e %E %g %G %s`,
//! fed NaN, Inf, -0, huge, tiny, negative and non-integer values (so `%d`
//! switches to its `%f`/`%e` form), integer, single and logical classes,
//! strings to `%s`, and vectors that cycle the format. Every case runs in
//! one script through flatlab (the fast printf path, its parsed-format
//! cache warm after the first case of a format) and one through
//! `octave-cli`; each prints its result as character codes, and the lines
//! must be equal.
//!
//! The generator (seeded, so every run checks the same cases) leaves out
//! what flatlab does as MATLAB and Octave 7 does otherwise: numbers given
//! to `%s` or `%c`, and the `#` flag.
//!
//! Skipped with a note without octave-cli; fails instead under
//! FLATLAB_REQUIRE_INTEROP=1 (CI).

mod common;

use common::rng::Rng;
use common::{interop_required, stderr, stdout, tool_available, Sandbox};
use std::process::Command;

const SEED: u64 = 0x5B21_7F00_D00D;
const CASES: usize = 1500;

const NUMS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "7",
    "42",
    "-123",
    "100000",
    "999999.5",
    "1e6",
    "-1e15",
    "123456789",
    "1e300",
    "-1e300",
    "1e-300",
    "1e-5",
    "1e-4",
    "0.5",
    "-2.5",
    "0.125",
    "2.675",
    "pi",
    "-e",
    "123456.789",
    "0.1",
    "65",
    "255",
    "NaN",
    "Inf",
    "-Inf",
    "int8(-5)",
    "int32(77)",
    "uint16(300)",
    "single(0.1)",
    "single(-2.5)",
    "true",
    "2^53",
    "-2^31",
];

/// Plain doubles, for vectors that cycle the format.
const PLAIN: usize = 30;

const STRS: &[&str] = &["'abc'", "''", "'x y'", "'%d'"];

/// One `sprintf(...)` call: a format of one to three conversions and
/// arguments that fit it (chars for `%s`, small integers for `*`), given for
/// zero to three rounds of the format, or one vector cycling it.
fn case(r: &mut Rng) -> String {
    #[derive(PartialEq)]
    enum Kind {
        Star,
        Text,
        Num,
    }
    let mut fmt = String::new();
    let mut kinds = Vec::new();
    for _ in 0..r.range(1, 3) {
        fmt.push_str(r.pick::<&str>(&["", "", "x=", " ", "\\n", "|", "%%", "\\t"]));
        fmt.push('%');
        let conv = *r.pick(&[
            'd', 'd', 'd', 'i', 'f', 'f', 'e', 'E', 'g', 'G', 's', 'u', 'x',
        ]);
        for flag in ['-', '+', ' ', '0'] {
            if r.chance(20) {
                fmt.push(flag);
            }
        }
        match r.below(20) {
            0..=4 => fmt.push_str(&r.range(0, 15).to_string()),
            5 | 6 => {
                fmt.push('*');
                kinds.push(Kind::Star);
            }
            _ => {}
        }
        match r.below(20) {
            0..=4 => fmt.push_str(&format!(".{}", r.range(0, 12))),
            5 if conv != 's' => {
                fmt.push_str(".*");
                kinds.push(Kind::Star);
            }
            _ => {}
        }
        fmt.push(conv);
        kinds.push(if conv == 's' { Kind::Text } else { Kind::Num });
    }
    let mut args = Vec::new();
    for _ in 0..r.range(0, 3) {
        for k in &kinds {
            args.push(match k {
                Kind::Star => r.range(0, 12).to_string(),
                Kind::Text => r.pick(STRS).to_string(),
                Kind::Num => r.pick(NUMS).to_string(),
            });
        }
    }
    if !args.is_empty() && kinds.iter().all(|k| *k == Kind::Num) && r.chance(30) {
        let v: Vec<&str> = (0..r.range(2, 6))
            .map(|_| *r.pick(&NUMS[..PLAIN]))
            .collect();
        args = vec![format!("[{}]", v.join(" "))];
    }
    let args: String = args.iter().map(|a| format!(", {a}")).collect();
    format!("sprintf('{fmt}'{args})")
}

/// The script: each case prints `K:` and its text as character codes, or
/// `K:ERR` when it raises.
fn script(cases: &[String]) -> String {
    cases
        .iter()
        .enumerate()
        .map(|(k, c)| {
            format!(
                "try, s = {c}; fprintf('%d:', {k}); fprintf('%d ', double(s)); fprintf('\\n'); \
                 catch, fprintf('%d:ERR\\n', {k}); end\n"
            )
        })
        .collect()
}

/// A line's text, readable in a failure message.
fn readable(line: &str) -> String {
    match line.split_once(':') {
        Some((_, "ERR")) => "error".into(),
        Some((_, codes)) => {
            let units: Vec<u16> = codes
                .split_whitespace()
                .filter_map(|c| c.parse().ok())
                .collect();
            format!("{:?}", String::from_utf16_lossy(&units))
        }
        None => format!("{line:?}"),
    }
}

#[test]
fn random_sprintf_cases_print_as_octave_prints_them() {
    if !tool_available(
        "octave-cli",
        &["--version"],
        interop_required(),
        "comparing random sprintf cases with octave-cli",
    ) {
        return;
    }
    let mut r = Rng(SEED);
    let cases: Vec<String> = (0..CASES).map(|_| case(&mut r)).collect();
    let sb = Sandbox::new("printf-octave");
    let file = sb.write("cases.m", &script(&cases));

    let o = sb.run(&[file.to_str().expect("utf-8 temp path")]);
    assert!(o.status.success(), "flatlab failed: {}", stderr(&o));
    let ours = stdout(&o);
    let o = Command::new("octave-cli")
        .args(["--no-gui", "--quiet", "--norc"])
        .arg(&file)
        .current_dir(&sb.cwd)
        .output()
        .expect("run octave-cli");
    assert!(o.status.success(), "octave-cli failed: {}", stderr(&o));
    let theirs = stdout(&o);

    let ours: Vec<&str> = ours.lines().collect();
    let theirs: Vec<&str> = theirs.lines().collect();
    assert_eq!(ours.len(), CASES, "flatlab printed {} lines", ours.len());
    assert_eq!(theirs.len(), CASES, "octave printed {} lines", theirs.len());
    let mismatches: Vec<String> = cases
        .iter()
        .zip(ours.iter().zip(&theirs))
        .filter(|(_, (a, b))| a != b)
        .map(|(c, (a, b))| {
            format!(
                "{c}\n  flatlab: {}\n  octave:  {}",
                readable(a),
                readable(b)
            )
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "{} of {CASES} cases differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    // The cases are not all errors or all empty (that would check nothing).
    let printed = ours
        .iter()
        .filter(|l| {
            l.split_once(':')
                .is_some_and(|(_, t)| t != "ERR" && !t.is_empty())
        })
        .count();
    assert!(printed > CASES / 2, "only {printed} cases printed text");
}
