//! The display cases of the conformance kit typed at the real prompt: each
//! line of a case goes into flatlab's REPL in a terminal (tmux), and what the
//! terminal shows, without the prompts and the echoed input, must be what
//! GNU Octave printed for the case (`display/NAME.out`).
//!
//! The conformance runner checks these cases through scripts and pipes; this
//! is the door a user types through (line editor, terminal width from the
//! terminal, one command and commit per line). The sample spreads over the
//! kinds of display and holds only cases that pass via script.
//!
//! Separating output from input: flatlab runs on a workspace named `typed`,
//! so every prompt line starts with `typed>> ` followed by the echoed line
//! (checked to be exactly the typed text); each line is typed only after the
//! previous command's output is complete, i.e. when the next prompt shows.
//! Everything else after the first prompt is output.

mod common;

use common::tmux::{self, Tmux};
use common::Sandbox;
use std::path::PathBuf;

const PROMPT: &str = "typed>> ";

/// Display cases (`../shared/conformance/display/NAME.m`): scalars (with a
/// fractional literal ending the line, issue 10's first fault), integer and
/// real matrices, columns split to the terminal's width, logical, char,
/// complex, non-finite, `ans`, `format long`, `fprintf`, a tall matrix,
/// ranges, a struct.
const SAMPLE: &[&str] = &[
    "02_scalar_real",
    "03_scalar_large_small",
    "04_scalar_edges",
    "08_matrix_int",
    "10_matrix_real",
    "14_wide_real_columns",
    "16_logical_scalar_and_row",
    "18_char_matrix",
    "20_complex_row",
    "21_nonfinite",
    "22_ans_display",
    "26_format_long",
    "28_fprintf_forms",
    "36_tall_matrix",
    "40_ranges",
    "48_struct_scalar",
];

fn kit() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/display");
    assert!(
        dir.is_dir(),
        "the conformance kit is missing at {}: this test cannot run without it",
        dir.display()
    );
    dir
}

/// The runner's comparison: trailing spaces and trailing blank lines ignored.
fn normalize(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text
        .replace("\r\n", "\n")
        .split('\n')
        .map(|l| l.trim_end().to_string())
        .collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

fn prompts(screen: &str) -> usize {
    screen.lines().filter(|l| l.starts_with(PROMPT)).count()
}

/// Types `code` line by line at the prompt; returns the output shown and the
/// whole transcript.
fn typed(name: &str, code: &str) -> Result<(String, String), String> {
    typed_with(name, code, &[])
}

/// `typed`, with `files` (name, text) written to the working directory
/// first.
fn typed_with(name: &str, code: &str, files: &[(&str, &str)]) -> Result<(String, String), String> {
    let s = Sandbox::new("repl-display");
    for (file, text) in files {
        s.write(file, text);
    }
    let t = Tmux::start_with(&s, &s.cwd, name, 80, &["-w", "typed"]);
    t.wait_for_all("the first prompt", |sc| prompts(sc) == 1);
    let lines: Vec<&str> = code.lines().filter(|l| !l.trim().is_empty()).collect();
    for (k, line) in lines.iter().enumerate() {
        t.type_text(line, true);
        t.wait_for_all(&format!("the prompt after {line:?}"), |sc| {
            prompts(sc) == k + 2
        });
    }
    let transcript = t.scrollback();
    let mut typed_lines = lines.iter();
    let mut output = String::new();
    let mut after_first = false;
    for l in transcript.lines() {
        match l.strip_prefix(PROMPT) {
            Some(echo) => {
                after_first = true;
                let echo = echo.trim_end();
                if let Some(want) = typed_lines.next() {
                    if echo != want.trim_end() {
                        return Err(format!(
                            "echo {echo:?} where {want:?} was typed\n{transcript}"
                        ));
                    }
                }
            }
            None if after_first => {
                output.push_str(l);
                output.push('\n');
            }
            None => {}
        }
    }
    Ok((output, transcript))
}

/// The first line where the output shown differs from Octave's, if any.
fn difference(name: &str, got: &str, want: &str, transcript: &str) -> Option<String> {
    let (got, want) = (normalize(got), normalize(want));
    let end = "<end of output>".to_string();
    let i = (0..got.len().max(want.len())).find(|&i| got.get(i) != want.get(i))?;
    Some(format!(
        "{name} line {}: expected {:?}, got {:?}\n--- terminal:\n{transcript}",
        i + 1,
        want.get(i).unwrap_or(&end),
        got.get(i).unwrap_or(&end),
    ))
}

#[test]
fn display_cases_typed_at_the_prompt_print_what_octave_prints() {
    if !tmux::available() {
        return;
    }
    let dir = kit();
    let mut failures = Vec::new();
    for name in SAMPLE {
        let read = |ext: &str| {
            let p = dir.join(format!("{name}.{ext}"));
            std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        };
        let (code, want) = (read("m"), read("out"));
        let (got, transcript) = match typed(name, &code) {
            Ok(r) => r,
            Err(why) => {
                failures.push(format!("{name}: {why}"));
                continue;
            }
        };
        failures.extend(difference(name, &got, &want, &transcript));
    }
    assert!(
        failures.is_empty(),
        "{} of {} display cases differ when typed at the prompt:\n\n{}",
        failures.len(),
        SAMPLE.len(),
        failures.join("\n\n")
    );
}

/// Issue 11 kinds (integers, single, cells, struct arrays, handles) shown at
/// the prompt: the values of a display case come from workspace JSON (the
/// parser does not know `{}` and `@` yet), the names typed at the prompt
/// must show what Octave printed for the case.
#[test]
fn new_kinds_loaded_at_the_prompt_print_what_octave_prints() {
    if !tmux::available() {
        return;
    }
    let cases: &[(&str, &str, &str)] = &[
        (
            "54_int8_negative",
            r#""a": {"class": "int8", "size": [2, 2], "data": [-5, 100, 3, -128]}"#,
            "a",
        ),
        (
            "61_single_matrix",
            r#""A": {"class": "single", "size": [2, 2], "data": [1.5, -3, 2, 4.25]}"#,
            "A",
        ),
        (
            "44_cell_of_strings",
            r#""names": {"class": "cell", "size": [3, 1], "data": [
                 {"class": "char", "size": [1, 5], "data": ["alpha"]},
                 {"class": "char", "size": [1, 2], "data": ["be"]},
                 {"class": "char", "size": [1, 1], "data": ["c"]}]}"#,
            "names",
        ),
        (
            "50_struct_array",
            r#""s": {"class": "struct", "size": [1, 3], "fields": ["a"], "data": [
                 {"a": {"class": "double", "size": [1, 1], "data": [1]}},
                 {"a": {"class": "double", "size": [1, 1], "data": [2]}},
                 {"a": {"class": "double", "size": [1, 1], "data": [3]}}]}"#,
            "s",
        ),
        (
            "64_handle_named",
            r#""f": {"class": "function_handle", "size": [1, 1], "text": "sin"},
               "g": {"class": "function_handle", "size": [1, 1], "text": "max"}"#,
            "f\ng",
        ),
    ];
    let dir = kit();
    let mut failures = Vec::new();
    for (name, vars, show) in cases {
        let json = format!("{{\"variables\": {{{vars}}}}}");
        let want = std::fs::read_to_string(dir.join(format!("{name}.out")))
            .unwrap_or_else(|e| panic!("{name}.out: {e}"));
        let code = format!("load('v.json');\n{show}\n");
        match typed_with(name, &code, &[("v.json", &json)]) {
            Ok((got, transcript)) => failures.extend(difference(name, &got, &want, &transcript)),
            Err(why) => failures.push(format!("{name}: {why}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
