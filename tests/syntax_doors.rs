//! The parser through every door a user feeds text through: a script, a
//! function file, `-c`, a pipe, `eval`, and the REPL. Windows line ends,
//! function files without `end`, deep nesting, `...` at the end of input,
//! and `end` inside calls within an index (issue 10, faults 2, 3, 4, 13).
//! Every run has a deadline, so a hang fails instead of stalling the suite.

mod common;
use common::bounded::{abbreviate, feed, Door};
use common::{stderr, stdout, Sandbox};
use flatlab::syntax::parser::{MAX_CHAIN, MAX_EXPR_DEPTH, MAX_NESTING};
use std::process::Output;

const DOORS: [Door; 4] = Door::ALL;

/// Feed `text` to flatlab through `door`, in `s`.
fn through(s: &Sandbox, door: Door, text: &str) -> Output {
    feed(s, door, text.as_bytes(), None)
}

/// `text` through `door` must succeed; its stdout.
fn ok_through(s: &Sandbox, door: Door, text: &str) -> String {
    let o = through(s, door, text);
    assert!(
        o.status.success(),
        "{door:?} failed on {:?}\nstdout: {}\nstderr: {}",
        abbreviate(text),
        stdout(&o),
        stderr(&o)
    );
    stdout(&o)
}

/// `text` through `door` must fail with `needle` in its stderr; the stderr.
fn fails_through(s: &Sandbox, door: Door, text: &str, needle: &str) -> String {
    let o = through(s, door, text);
    let err = stderr(&o);
    assert!(
        !o.status.success() && err.contains(needle),
        "{door:?} on {:?}: expected a failure saying {needle:?}\nstdout: {}\nstderr: {}",
        abbreviate(text),
        stdout(&o),
        abbreviate(&err)
    );
    err
}

// ---------- fault 2: Windows line ends ----------

/// A script touching every place a line end matters: comments, a block
/// comment, command syntax (the words of `format long` once ran into the
/// `\r` and never ended), continuations, rows of a matrix, strings, blocks.
const LINES: &[&str] = &[
    "% a comment",
    "%{",
    "a block comment: x = 99",
    "%}",
    "more off",
    "format long",
    "x = pi",
    "format short",
    "y = [1 2 ...",
    "     3]",
    "z = [1 2",
    "3 4];",
    "disp(z(2, 1))",
    "s = 'it''s'",
    "if x > 3",
    "  w = 1; % trailing comment",
    "end",
    "clear w",
    "disp(exist('w'))",
    "for k = 1:2",
    "  disp(k)",
    "end",
];

fn with_line_end(lines: &[&str], end: &str) -> String {
    lines.iter().map(|l| format!("{l}{end}")).collect()
}

#[test]
fn windows_and_old_mac_line_ends_read_as_newlines_through_every_door() {
    let s = Sandbox::new("crlf");
    let unix = with_line_end(LINES, "\n");
    for door in DOORS {
        let want = ok_through(&s, door, &unix);
        assert!(
            want.contains("x = 3.14159265358979") && want.contains("y =\n\n   1   2   3"),
            "{door:?}: the LF script itself must run fully:\n{want}"
        );
        for end in ["\r\n", "\r"] {
            let text = with_line_end(LINES, end);
            assert_eq!(
                ok_through(&s, door, &text),
                want,
                "{door:?} with line ends {end:?}"
            );
        }
    }
}

#[test]
fn crlf_command_syntax_lines_end() {
    // The reported cases, each the whole input and each in a script.
    let s = Sandbox::new("crlf-commands");
    std::fs::create_dir_all(s.cwd.join("foo")).expect("create foo");
    for cmd in ["format short", "format long", "addpath foo", "more off"] {
        for door in DOORS {
            let text = format!("{cmd}\r\nv = 2\r\n");
            assert_eq!(ok_through(&s, door, &text), "v = 2\n", "{door:?}: {cmd}");
        }
    }
    // A blank before the line end (`clear x \r\n`) is not a word either.
    assert_eq!(
        ok_through(
            &s,
            Door::Script,
            "x = 1;\r\nclear x \r\ndisp(exist('x'))\r\n"
        ),
        "0\n"
    );
}

#[test]
fn crlf_function_files_with_help_and_block_comments() {
    let s = Sandbox::new("crlf-functions");
    let closed = [
        "function y = twice(x)",
        "% TWICE  help text",
        "%   y = twice(x)",
        "%{",
        "  y = 0;",
        "%}",
        "  y = helper(x) ...",
        "      + 0;",
        "end",
        "function r = helper(x)",
        "  if x > 0",
        "    r = 2 * x;",
        "  else",
        "    r = 0;",
        "  end",
        "end",
    ];
    let open: Vec<&str> = closed.iter().copied().filter(|l| *l != "end").collect();
    for (style, lines) in [("with end", closed.to_vec()), ("without end", open)] {
        for end in ["\r\n", "\r", "\n"] {
            s.write("twice.m", &with_line_end(&lines, end));
            for door in [Door::Code, Door::Pipe] {
                assert_eq!(
                    ok_through(&s, door, "disp(twice(21))\n"),
                    "42\n",
                    "{door:?}, function file {style}, line ends {end:?}"
                );
            }
        }
    }
    // A function on the addpath list, with CRLF, called from a CRLF script.
    std::fs::create_dir_all(s.cwd.join("lib")).expect("create lib");
    std::fs::write(
        s.cwd.join("lib").join("inc.m"),
        "function y = inc(x)\r\n  y = x + 1;\r\n",
    )
    .expect("write inc.m");
    assert_eq!(
        ok_through(&s, Door::Script, "addpath lib\r\ndisp(inc(1))\r\n"),
        "2\n"
    );
}

#[test]
fn crlf_parse_errors_point_at_the_right_line() {
    let s = Sandbox::new("crlf-errors");
    for end in ["\r\n", "\r"] {
        let text = format!("x = 1;{end}y = 2;{end}z = (3 + );{end}");
        let err = fails_through(&s, Door::Script, &text, "line 3, column 10");
        assert!(
            err.contains("    z = (3 + );\n"),
            "line ends {end:?}: {err}"
        );
    }
}

// ---------- fault 3: function files without `end` ----------

/// The same functions in both styles: MATLAB takes either, as long as the
/// file is consistent.
fn function_file(closed: bool) -> String {
    let end = if closed { "end\n" } else { "" };
    format!(
        "function y = outer(x)\n\
         % OUTER  help text\n\
         y = 0;\n\
         for k = 1:x\n\
         \x20 if mod(k, 2) == 0\n\
         \x20   y = y + inner(k);\n\
         \x20 else\n\
         \x20   y = y - 1;\n\
         \x20 end\n\
         end\n\
         {end}\
         function z = inner(k)\n\
         switch k\n\
         \x20 case 2\n\
         \x20   z = 100;\n\
         \x20 otherwise\n\
         \x20   z = k;\n\
         end\n\
         while z > 1000\n\
         \x20 z = z / 2;\n\
         end\n\
         {end}"
    )
}

#[test]
fn function_files_with_and_without_end_give_the_same_answer() {
    let s = Sandbox::new("fn-end");
    let mut answers = Vec::new();
    for closed in [true, false] {
        s.write("outer.m", &function_file(closed));
        for door in [Door::Code, Door::Pipe, Door::Script] {
            let out = ok_through(&s, door, "disp(outer(5))\n");
            answers.push((closed, door, out));
        }
    }
    // outer(5) = -1 + 100 - 1 + 4 - 1
    for (closed, door, out) in &answers {
        assert_eq!(out, "101\n", "closed with end: {closed}, {door:?}");
    }
}

#[test]
fn a_file_mixing_both_styles_is_refused_as_octave_does() {
    let s = Sandbox::new("fn-mixed");
    let closed_then_open = "function y = f1(x)\n y = g(x);\nend\nfunction z = g(x)\n z = 2*x;\n";
    let open_then_closed = "function y = f2(x)\n y = g(x);\nfunction z = g(x)\n z = 2*x;\nend\n";
    for (name, text, line) in [("f1", closed_then_open, 4), ("f2", open_then_closed, 1)] {
        s.write(&format!("{name}.m"), text);
        let err = fails_through(
            &s,
            Door::Code,
            &format!("disp({name}(3))"),
            "inconsistent function endings -- if one function is explicitly ended, so must all the others",
        );
        assert!(
            err.contains(&format!("near line {line}, column 1")),
            "{name}: {err}"
        );
    }
    // A stray `end` after a closed function is an error too, not a new style.
    s.write("f3.m", "function y = f3(x)\n y = x;\nend\nend\n");
    fails_through(&s, Door::Code, "disp(f3(3))", "f3.m: near line 4");
    // A function inside another one's `end` is nested: said so, not "parse error".
    s.write(
        "f4.m",
        "function y = f4(x)\n  y = inner(x);\n  function z = inner(w)\n    z = 2*w;\n  end\nend\n",
    );
    fails_through(
        &s,
        Door::Code,
        "disp(f4(3))",
        "f4.m: near line 3, column 3: nested functions are not supported",
    );
}

#[test]
fn scripts_with_local_functions_in_both_styles() {
    let s = Sandbox::new("script-local");
    let closed = "a = 2;\ndisp(h(a))\nfunction r = h(x)\n  if x > 1\n    r = k(x) + 1;\n  else\n    r = 0;\n  end\nend\nfunction r = k(x)\n  r = x * 10;\nend\n";
    let open = "a = 2;\ndisp(h(a))\nfunction r = h(x)\n  if x > 1\n    r = k(x) + 1;\n  else\n    r = 0;\n  end\nfunction r = k(x)\n  r = x * 10;\n";
    for text in [closed, open] {
        for door in [Door::Script, Door::Code] {
            assert_eq!(ok_through(&s, door, text), "21\n", "{door:?}:\n{text}");
        }
    }
    // Mixed styles in a script: Octave's error.
    let mixed = "disp(h(2))\nfunction r = h(x)\n r = x+1;\nend\nfunction r = k(x)\n r = x+1;\n";
    for door in [Door::Script, Door::Code] {
        fails_through(&s, door, mixed, "inconsistent function endings");
    }
}

#[test]
fn a_pipe_ending_in_a_function_without_end_runs_it() {
    // In a pipe the function runs to the end of the input (more lines could
    // still belong to it), and then it is complete: no "'end' missing".
    let s = Sandbox::new("pipe-fn");
    let o = through(&s, Door::Pipe, "v = 3\nfunction y = f(x)\n  y = 2 * x;\n");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "v = 3\n");
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

// ---------- fault 4: deep nesting ----------

/// `depth` levels of `open` around `inner`, closed by `close`.
fn wrap(open: &str, inner: &str, close: &str, depth: usize) -> String {
    format!("{}{inner}{}", open.repeat(depth), close.repeat(depth))
}

/// Every kind of nesting, at the deepest depth the parser accepts, as
/// `x = EXPR` statements (or blocks) with the value the test expects.
fn deepest_allowed() -> Vec<(&'static str, String, f64)> {
    let n = MAX_NESTING;
    let d = MAX_EXPR_DEPTH;
    let sign = if n % 2 == 0 { 1.0 } else { -1.0 };
    vec![
        (
            "parentheses",
            format!("x = {};", wrap("(", "1", ")", n)),
            1.0,
        ),
        ("brackets", format!("x = {};", wrap("[", "2", "]", n)), 2.0),
        (
            "calls",
            format!("x = {};", wrap("abs(", "-3", ")", n - 1)),
            3.0,
        ),
        (
            "indexes",
            format!("v = 1; x = {};", wrap("v(", "1", ")", n)),
            1.0,
        ),
        ("unary minus", format!("x = {}1;", "-".repeat(n)), sign),
        (
            "not",
            format!("x = {}0;", "~".repeat(n)),
            if n % 2 == 0 { 0.0 } else { 1.0 },
        ),
        (
            "blocks",
            format!(
                "x = 0;\n{}x = 5;\n{}",
                "if true\n".repeat(n),
                "end\n".repeat(n)
            ),
            5.0,
        ),
        // Chains of `+` are folded by a loop: ten times the depth limit.
        (
            "sum",
            format!("x = 1{};", "+1".repeat(10 * d - 1)),
            (10 * d) as f64,
        ),
        // Chains that nest: one tree level per operator.
        (
            "index chain",
            format!("v = 6; x = v{};", "(1)".repeat(d - 1)),
            6.0,
        ),
        ("transposes", format!("x = 7{};", "'".repeat(d - 1)), 7.0),
        (
            "calls around a sum",
            format!(
                "x = {};",
                wrap("abs(", &format!("1{}", "+1".repeat(d - n)), ")", n - 1)
            ),
            (d - n + 1) as f64,
        ),
        (
            "an index chain in blocks",
            format!(
                "v = 8; x = 0;\n{}x = v{};\n{}",
                "while x == 0\n".repeat(n - 1),
                "(1)".repeat(d - 1),
                "end\n".repeat(n - 1)
            ),
            8.0,
        ),
        (
            "a sum in blocks",
            format!(
                "x = 0;\n{}x = 1{};\n{}",
                "for k = 1\n".repeat(n),
                "+1".repeat(d - 1),
                "end\n".repeat(n)
            ),
            d as f64,
        ),
    ]
}

#[test]
fn the_deepest_allowed_nesting_parses_and_evaluates_through_every_door() {
    // The test binary is the debug build: a deep tree that evaluates here
    // has stack to spare in a release build.
    let s = Sandbox::new("deep-ok");
    for (kind, code, want) in deepest_allowed() {
        let text = format!("{code}\ndisp(x)\n");
        for door in DOORS {
            let out = ok_through(&s, door, &text);
            let got: f64 = out.trim().parse().unwrap_or(f64::NAN);
            assert_eq!(got, want, "{kind} through {door:?}: {out}");
        }
    }
}

/// One level past each limit.
fn one_too_deep() -> Vec<(&'static str, String, &'static str)> {
    let n = MAX_NESTING + 1;
    let d = MAX_EXPR_DEPTH;
    let nesting = "nesting deeper than";
    let depth = "expression deeper than";
    vec![
        (
            "parentheses",
            format!("x = {};", wrap("(", "1", ")", n)),
            nesting,
        ),
        (
            "brackets",
            format!("x = {};", wrap("[", "1", "]", n)),
            nesting,
        ),
        (
            "braces",
            format!("x = {};", wrap("{", "1", "}", n)),
            nesting,
        ),
        (
            "calls",
            format!("x = {};", wrap("abs(", "1", ")", n)),
            nesting,
        ),
        ("unary minus", format!("x = {}1;", "-".repeat(n)), nesting),
        ("not", format!("x = {}1;", "~".repeat(n)), nesting),
        ("plus", format!("x = {}1;", "+".repeat(n)), nesting),
        (
            "exponent signs",
            format!("x = 2^{}1;", "-".repeat(n)),
            nesting,
        ),
        (
            "blocks",
            format!("{}x = 1;\n{}", "if true\n".repeat(n), "end\n".repeat(n)),
            nesting,
        ),
        (
            "while in for",
            format!(
                "{}x = 1;\n{}",
                "for k = 1\nwhile false\n".repeat(n / 2 + 1),
                "end\nend\n".repeat(n / 2 + 1)
            ),
            nesting,
        ),
        (
            "short-circuit chain",
            format!("x = 1{};", "||1".repeat(d)),
            depth,
        ),
        (
            "index chain",
            format!("v = 1; x = v{};", "(1)".repeat(d)),
            depth,
        ),
        ("transposes", format!("x = 1{};", "'".repeat(d)), depth),
    ]
}

/// A chain of binary operators is bounded by its length, not by depth: a sum
/// of `MAX_CHAIN + 1` terms runs, one more operator is a clear parse error.
/// (Through a script and a pipe: the text is longer than one argument may be.)
#[test]
fn operator_chains_run_up_to_their_length_limit() {
    let s = Sandbox::new("chain");
    let longest = format!("x = 1{};\ndisp(x)\n", "+1".repeat(MAX_CHAIN));
    let too_long = format!("x = 1{};\ndisp(x)\n", "-1".repeat(MAX_CHAIN + 1));
    for door in [Door::Script, Door::Pipe] {
        let o = through(&s, door, &longest);
        assert!(o.status.success(), "{door:?}: {}", abbreviate(&stderr(&o)));
        assert_eq!(stdout(&o), format!("{}\n", MAX_CHAIN + 1), "{door:?}");
        let o = through(&s, door, &too_long);
        assert!(!o.status.success(), "{door:?}");
        assert!(
            stderr(&o).contains(&format!("more than {MAX_CHAIN} operators in a row")),
            "{door:?}: {}",
            abbreviate(&stderr(&o))
        );
    }
}

#[test]
fn nesting_past_the_limit_is_a_clear_parse_error_through_every_door() {
    let s = Sandbox::new("deep-err");
    for (kind, code, message) in one_too_deep() {
        let text = format!("{code}\ndisp(x)\n");
        for door in DOORS {
            let o = through(&s, door, &text);
            assert!(!o.status.success(), "{kind} through {door:?} succeeded");
            let err = stderr(&o);
            assert!(
                err.contains("parse error") && err.contains(message),
                "{kind} through {door:?}: {}",
                abbreviate(&err)
            );
            // A pipe goes on after the error, as the REPL does.
            if door != Door::Pipe {
                assert!(stdout(&o).is_empty(), "{kind} through {door:?} ran");
            }
        }
    }
}

#[test]
fn the_reported_five_thousand_parentheses_and_a_deep_function_file() {
    let s = Sandbox::new("deep-5000");
    let text = format!("x = {}\n", wrap("(", "1", ")", 5000));
    for door in DOORS {
        fails_through(&s, door, &text, "nesting deeper than");
    }
    // Found by name at a call, inside an index, inside a function.
    s.write(
        "deep.m",
        &format!(
            "function y = deep()\n  y = {};\n",
            wrap("(", "1", ")", 5000)
        ),
    );
    let err = fails_through(&s, Door::Code, "v = 1:3; v(deep())", "nesting deeper than");
    assert!(err.contains("deep.m"), "{err}");
}

// ---------- fault 13: `...` at the end of input ----------

#[test]
fn a_continuation_ending_the_input_ends_the_statement() {
    let s = Sandbox::new("cont-end");
    for text in [
        "x = 7 ...",
        "x = 7 ...\n",
        "x = 7 ... a comment",
        "x = 7 ...\r\n",
    ] {
        for door in DOORS {
            assert_eq!(ok_through(&s, door, text), "x = 7\n", "{door:?}: {text:?}");
        }
    }
    // And the value is stored.
    assert_eq!(s.ok("disp(x)"), "7\n");
    for door in DOORS {
        assert_eq!(
            ok_through(&s, door, "y = [1, ...\n2] ..."),
            "y =\n\n   1   2\n\n",
            "{door:?}"
        );
    }
}

#[test]
fn a_continuation_in_a_pipe_joins_the_next_line() {
    let s = Sandbox::new("cont-pipe");
    // As in Octave: the next line continues the statement...
    assert_eq!(
        ok_through(&s, Door::Pipe, "x = 7 ...\n+1\ndisp(x)\n"),
        "x = 8\n8\n"
    );
    assert_eq!(ok_through(&s, Door::Pipe, "x = 7 ...\r\n+1\r\n"), "x = 8\n");
    // ...and an empty line after it ends the statement.
    assert_eq!(
        ok_through(&s, Door::Pipe, "x = 7 ...\n\ndisp(x)\n"),
        "x = 7\n7\n"
    );
    // The same text as a script, for comparison.
    assert_eq!(
        ok_through(&s, Door::Script, "x = 7 ...\n+1\ndisp(x)\n"),
        "x = 8\n8\n"
    );
}

#[test]
fn a_continuation_at_the_prompt_asks_for_the_next_line() {
    let s = Sandbox::new("cont-repl");
    if !common::tmux::available() {
        return;
    }
    let t = common::tmux::Tmux::start(&s, &s.cwd, "cont", 100);
    t.wait_for("the first prompt", |sc| sc.contains("default>>"));
    t.type_text("x = 7 ...", true);
    t.type_text("+ 1", true);
    t.wait_for("the continued statement", |sc| sc.contains("x = 8"));
    // An empty line after `...` ends the statement.
    t.type_text("y = 5 ...", true);
    t.type_text("", true);
    t.wait_for("the statement ended by an empty line", |sc| {
        sc.contains("y = 5")
    });
    // A function typed at the prompt still reads on until its `end`: its
    // lines do not run one by one (`r = 2 * v` alone would fail on `v`).
    t.type_text("function r = twice(v)", true);
    t.type_text("r = 2 * v", true);
    t.type_text("end", true);
    t.type_text("disp(40 + 2)", true);
    let screen = t.wait_for("the next command", |sc| {
        sc.lines().any(|l| l.trim() == "42")
    });
    assert!(!screen.contains("error"), "{screen}");
    t.key("C-d");
    t.wait_exit("Ctrl-D");
    assert_eq!(s.ok("disp([x y])"), "   8   5\n");
}

// ---------- fault 13: `end` inside calls within an index ----------

/// Subscripts where `end` sits inside parentheses or a call, each with an
/// equivalent subscript without `end` (x has 5 elements, y 2, m is 4x4).
const END_CASES: &[(&str, &str)] = &[
    ("x(min(end, 3))", "x(3)"),
    ("x(abs(end))", "x(5)"),
    ("x((end))", "x(5)"),
    ("x(((end)))", "x(5)"),
    ("x(1+(end-5))", "x(1)"),
    ("x(max(end-(1:3)))", "x(4)"),
    ("x([1 (end)])", "x([1 5])"),
    ("x(y(end))", "x(2)"),
    ("x(numel(x(end)))", "x(1)"),
    ("x(min(numel(y), end))", "x(2)"),
    ("x(end).^2", "x(5).^2"),
    ("m(end, min(end, 2))", "m(4, 2)"),
    ("m(min(end, 9))", "m(9)"),
    ("m(floor(end/2), end)", "m(2, 4)"),
    ("s.f(min(end, 2))", "s.f(2)"),
];

const END_SETUP: &str = "x = 10:10:50; y = [1 2]; m = magic(4); s.f = [7 8 9];";

#[test]
fn end_inside_parentheses_and_calls_refers_to_the_enclosing_index() {
    let s = Sandbox::new("end-calls");
    for (expr, plain) in END_CASES {
        let code = format!("{END_SETUP} disp(isequal({expr}, {plain}))");
        assert_eq!(s.ok(&code), "1\n", "{expr} should equal {plain}");
    }
    // In an assignment target too.
    assert_eq!(
        s.ok("x = 1:5; x(min(end, 3)) = 0; disp(x)"),
        "   1   2   0   4   5\n"
    );
}

#[test]
fn end_outside_any_index_is_refused() {
    let s = Sandbox::new("end-outside");
    for code in ["min(end, 3)", "x = 1:3; x(end+1) = min(end, 9)"] {
        fails_through(
            &s,
            Door::Code,
            code,
            "invalid use of 'end': may only be used to index existing value",
        );
    }
    for code in ["y = (end)", "x = 1:3; x((:))"] {
        fails_through(&s, Door::Code, code, "parse error");
    }
}

#[test]
fn a_function_called_inside_an_index_has_no_end_of_its_callers() {
    let s = Sandbox::new("end-frames");
    // `end` in the function body refers to the function's own indexes...
    s.write("lastof.m", "function r = lastof(v)\n  r = v(end);\n");
    assert_eq!(s.ok("x = 10:10:50; disp(x(lastof([1 2 3])))"), "30\n");
    // ...and, outside them, to nothing: not to the caller's `x`.
    s.write("bad.m", "function r = bad()\n  r = min(end, 2);\n");
    fails_through(
        &s,
        Door::Code,
        "x = 10:10:50; x(bad())",
        "invalid use of 'end'",
    );
}

#[test]
fn end_inside_calls_matches_octave() {
    if !common::tool_available(
        "octave-cli",
        &["--version"],
        common::interop_required(),
        "end_inside_calls_matches_octave",
    ) {
        return;
    }
    let s = Sandbox::new("end-octave");
    let exprs: Vec<&str> = END_CASES.iter().map(|(e, _)| *e).collect();
    let body: String = exprs.iter().map(|e| format!("disp({e});\n")).collect();
    let code = format!("{END_SETUP}\n{body}");
    let octave = common::bounded::output(
        std::process::Command::new("octave-cli")
            .args(["--no-gui", "--quiet", "--norc", "--eval", &code])
            .current_dir(&s.cwd),
        b"",
        "octave-cli",
    );
    assert!(octave.status.success(), "{}", stderr(&octave));
    assert_eq!(s.ok(&code), stdout(&octave));
}
