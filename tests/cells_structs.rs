//! Cell arrays, struct arrays and comma-separated lists through every door
//! (`-c`, a pipe, a script, the REPL): literals, brace indexing and
//! assignment with growth at every level, struct arrays, `c{:}` and `s.f`
//! spread into calls, `[ ]`, `{ }` and multi-assignment, `varargin` and
//! `varargout`, Octave's error texts, and persistence to a second process.
//!
//! The expected outputs are what Octave 7.3 prints for the same code;
//! `the_same_code_prints_what_octave_prints` checks that against
//! `octave-cli` itself when it is installed.

mod common;

use common::{same_through_doors, stderr, stdout, Sandbox};

/// Code that exercises one area each, with Octave 7.3's output.
const CASES: &[(&str, &str)] = &[
    (
        "c = {1, 'ab', [1 2 3]; {4}, [], 'z'}; printf('%d %d|', size(c)); disp(class(c{1, 2})); \
         disp(c{1, 3}(end)); disp(c{2, 1}{1}); disp(c{end}); d = {}; printf('%d %d|%d\\n', size(d), isempty(d)); \
         e = {1, {}}; printf('%d %d\\n', size(e))",
        "2 3|char\n3\n4\nz\n0 0|1\n1 2\n",
    ),
    (
        "clear q; q{3} = 7; printf('%d %d %d\\n', size(q), q{3}); q{2}{2}(3) = 4; disp(q{2}{2}); \
         q{1}.f = 'v'; disp(q{1}.f); q(2) = []; printf('%d %d\\n', size(q)); q(end+1) = {9}; disp(q{end})",
        "1 3 7\n   0   0   4\nv\n1 2\n9\n",
    ),
    (
        "c = {[1 2], 3, [4 5 6]}; disp([c{:}]); x = {c{:}, 'k'}; printf('%d %d\\n', size(x)); \
         y = [c, {7}]; printf('%d %d\\n', size(y)); z = [{1}; {2}]; printf('%d %d\\n', size(z)); \
         w = [{1}, 2]; disp(class(w{2})); disp(max(c{1:2}))",
        "   1   2   3   4   5   6\n1 4\n1 4\n2 1\ndouble\n   3   3\n",
    ),
    (
        "c = {10, 20, 30}; [a, b] = c{:}; printf('%d %d\\n', a, b); [p{1:2}] = deal(1, 2); \
         printf('%d %d\\n', p{:}); r = cell(1, 2); [r{:}] = size(ones(3, 5)); printf('%d %d\\n', r{:}); \
         v = c{:}; disp(v)",
        "10 20\n1 2\n3 5\n10\n",
    ),
    (
        "s(2).a = 1; printf('%d %d|', size(s)); disp(isempty(s(1).a)); s(3).b = 'x'; \
         printf('%d %d|%s\\n', size(s), s(3).b); s(1) = []; printf('%d %d|', size(s)); disp([s.a]); \
         t = {s.b}; printf('%d|%s\\n', isempty(t{1}), t{2})",
        "1 2|1\n1 3|x\n1 2|1\n1|x\n",
    ),
    (
        "s = struct('a', {1, 2, 3}); [s.a] = deal(0); disp([s.a]); [s(2:3).a] = deal(4, 5); disp([s.a]); \
         s(end+1).a = 9; disp([s.a]); s(2) = struct('a', 7); disp([s.a]); u = s([1 3]); disp([u.a])",
        "   0   0   0\n   0   4   5\n   0   4   5   9\n   0   7   5   9\n   0   5\n",
    ),
    (
        "s.x.y.z = 1; disp(s.x.y.z); q.a{2}(3).b = 1; printf('%d %d|', size(q.a{2})); disp(q.a{2}(3).b); \
         n = 'fo'; s.(n) = 4; disp(s.fo + s.(n)); s.m = zeros(2, 3); s.m(2, :) = [1 2 3]; disp(sum(s.m(:)))",
        "1\n1 3|1\n8\n6\n",
    ),
    (
        "c = {5, 'a', [1 2]}; for e = c, printf('%s %d %d|', class(e), size(e)); end; disp(''); \
         s = struct('v', {1, 2}); for e = s, printf('%d ', e.v); end; disp('')",
        "cell 1 1|cell 1 1|cell 1 1|\n1 2 \n",
    ),
    (
        "c = {1, 2; 3, 4}; z = c(:); printf('%d %d|', size(z)); t = c'; disp(t{1, 2}); \
         r = reshape({1, 2, 3, 4}, 1, 4); printf('%d %d|', size(r)); disp(r{3}); \
         printf('%d %d %d %d\\n', numel(c), length(c), ndims(c), isempty(c))",
        "4 1|3\n1 4|3\n4 2 2 0\n",
    ),
    (
        "c = {1, 2}; c{:}\ns = struct('a', {3, 4}); s.a\nx = ans;\nprintf('%d\\n', x)",
        "ans = 1\nans = 2\nans = 3\nans = 4\n4\n",
    ),
];

/// Code that fails, with Octave 7.3's message.
const ERRORS: &[(&str, &str)] = &[
    (
        "c = {1, 2}; b = c{3};",
        "c(3): out of bound 2 (dimensions are 1x2)",
    ),
    (
        "c = {1, 2}; b = c{2, 3};",
        "c(2,_): out of bound 1 (dimensions are 1x2)",
    ),
    (
        "s = struct('a', {1, 2}); b = s(3);",
        "s(3): out of bound 2 (dimensions are 1x2)",
    ),
    ("x = 5; x{2} = 1;", "scalar cannot be indexed with {"),
    ("x = [1 2]; y = x{1};", "matrix cannot be indexed with {"),
    ("s.a = 1; y = s{1};", "struct cannot be indexed with {"),
    ("c = {1, 2}; y = c.a;", "cell cannot be indexed with ."),
    ("c = {1, 2}; c(2).f = 1;", "cell cannot be indexed with ."),
    (
        "c = {[1 2], 2}; y = c{1:2}(1);",
        "a cs-list cannot be further indexed",
    ),
    (
        "s = struct('a', {1, 2}); y = s.a(1);",
        "a cs-list cannot be further indexed",
    ),
    (
        "s = struct('a', {1, 2}); y = s.b;",
        "structure has no member 'b'",
    ),
    (
        "s = struct('a', 1); s(2) = struct('b', 2);",
        "incompatible fields in struct assignment",
    ),
    (
        "c = {1, 2}; [a, b, d] = c{:};",
        "element number 3 undefined in return list",
    ),
    (
        "c = {1, 2}; c(5) = [];",
        "A(I) = []: index out of bounds: value 5 out of bound 2",
    ),
    (
        "s = struct('a', {1, 2}); s(5) = [];",
        "A(I) = []: index out of bounds: value 5 out of bound 2",
    ),
    (
        "x = [struct('a', 1), 3];",
        "concatenation operator not implemented for 'struct' by 'scalar' operations",
    ),
    (
        "c = {}; x = c{:};",
        "invalid number of elements on RHS of assignment",
    ),
    ("x = {1, 2; 3};", "number of columns must match"),
    (
        "x = 5; x(2).a = 1;",
        "in indexed assignment of scalar, last rhs index must be ()",
    ),
];

/// The first `error: ` line of a failed run, without the prefix.
fn message(o: &std::process::Output) -> Option<String> {
    stderr(o)
        .lines()
        .find_map(|l| l.strip_prefix("error: "))
        .map(str::to_string)
}

#[test]
fn cells_struct_arrays_and_cs_lists_through_every_door() {
    for (code, want) in CASES {
        assert_eq!(same_through_doors(code), *want, "{code}");
    }
}

#[test]
fn errors_read_as_octave_prints_them() {
    let s = Sandbox::new("cells-errors");
    for (code, want) in ERRORS {
        let o = s.code(&format!("clear all; {code}"));
        assert!(!o.status.success(), "{code} succeeded");
        assert_eq!(message(&o).as_deref(), Some(*want), "{code}");
    }
}

#[test]
fn a_failed_assignment_leaves_the_value_as_it_was() {
    let s = Sandbox::new("cells-atomic");
    s.ok("c = {1, {2, 3}}; t = struct('a', {1, 2});");
    // Each fails deep inside the target, after growing or moving parts out.
    for code in [
        "c{2}{5}(2, 2, 2) = [1 2]",
        "c{4}.f(0) = 1",
        "t(3).a(0) = 1",
        "t(1).a{2}(0) = 1",
        "c{2}{1}.x = 1",
    ] {
        let o = s.code(code);
        assert!(!o.status.success(), "{code} succeeded");
    }
    let out = s.ok(
        "printf('%d %d|%d %d|%d %d %d|', size(c), size(c{2}), c{1}, c{2}{:}); \
         printf('%d %d|%d\\n', size(t), isfield(t, 'b'))",
    );
    assert_eq!(out, "1 2|1 2|1 2 3|1 2|0\n");
}

#[test]
fn varargin_and_varargout_are_cells() {
    let s = Sandbox::new("cells-varargs");
    s.write(
        "vg.m",
        "function [a, varargout] = vg(varargin)\n  a = nargin;\n  varargout = varargin;\nend\n",
    );
    s.write(
        "vn.m",
        "function n = vn(varargin)\n  n = numel(varargin);\n  if n == 0\n    printf('%s %d %d|', class(varargin), size(varargin));\n  end\nend\n",
    );
    s.write(
        "vf.m",
        "function varargout = vf(n)\n  for k = 1:n\n    varargout{k} = k * 10;\n  end\nend\n",
    );
    let out = s.ok(
        "[a, b, c] = vg(1, 2); printf('%d %d %d\\n', a, b, c); disp(vn()); disp(vn(1, 'x', {3})); \
         [p, q] = vf(2); printf('%d %d\\n', p, q); args = {4, 5}; [x, y] = vg(args{:}); disp(y)",
    );
    assert_eq!(out, "2 1 2\ncell 0 0|0\n3\n10 20\n4\n");
    let o = s.code("[p, q] = vf(1)");
    assert_eq!(
        message(&o).as_deref(),
        Some("element number 2 undefined in return list")
    );
}

#[test]
fn cells_and_struct_arrays_persist_to_the_next_process() {
    let s = Sandbox::new("cells-persist");
    s.ok(
        "c = {1, 'ab', {2, [3 4]}}; s(2).a = {5}; s(1).b = 'x'; e = {}; z = struct('a', {}); \
         n.deep{3}(2).v = 7;",
    );
    let out = s.ok(
        "disp(c{3}{2}(2)); disp(s(2).a{1}); disp(s(1).b); printf('%d %d|%d %d|%d %d|%d\\n', size(s), \
         size(e), size(z), n.deep{3}(2).v); disp(class(c{2}))",
    );
    assert_eq!(out, "4\n5\nx\n1 2|0 0|0 0|7\nchar\n");
    // And an edit made by a third process is what a fourth one reads.
    s.ok("c{3}{2}(2) = 40; s(3).a = 'new';");
    assert_eq!(
        s.ok("printf('%d %d %s\\n', c{3}{2}(2), numel(s), s(3).a)"),
        "40 3 new\n"
    );
}

#[test]
fn a_multi_line_loop_filling_a_cell_at_the_prompt() {
    let s = Sandbox::new("cells-repl");
    if !common::tmux::available() {
        return;
    }
    let t = common::tmux::Tmux::start(&s, &s.cwd, "cells", 100);
    t.wait_for("the first prompt", |sc| sc.contains("default>>"));
    // Each command is typed once the prompt is back, as a user does (keys
    // typed while a command runs are not the next command's).
    let prompts = |n: usize| move |sc: &str| sc.matches("default>>").count() >= n;
    t.type_text("c = {};", true);
    t.wait_for("the second prompt", prompts(2));
    for line in ["for k = 1:3", "  c{end+1} = k * 2;", "end"] {
        t.type_text(line, true);
    }
    t.wait_for("the prompt after the loop", prompts(3));
    t.type_text("printf('got %d\\n', [c{:}])", true);
    t.wait_for("the loop's output", |sc| {
        sc.contains("got 2") && sc.contains("got 4") && sc.contains("got 6")
    });
    t.key("C-d");
    t.wait_exit("Ctrl-D");
    assert_eq!(s.ok("printf('%d ', size(c), c{:})"), "1 3 2 4 6 ");
}

#[test]
fn the_same_code_prints_what_octave_prints() {
    if !common::tool_available(
        "octave-cli",
        &["--version"],
        common::interop_required(),
        "the comparison of cell and struct code with Octave",
    ) {
        return;
    }
    let s = Sandbox::new("cells-octave");
    for (code, _) in CASES {
        let o = std::process::Command::new("octave-cli")
            .args(["--no-gui", "--quiet", "--norc", "--eval", code])
            .output()
            .expect("run octave-cli");
        assert_eq!(s.ok(&format!("clear all; {code}")), stdout(&o), "{code}");
    }
    for (code, _) in ERRORS {
        let o = std::process::Command::new("octave-cli")
            .args(["--no-gui", "--quiet", "--norc", "--eval", code])
            .output()
            .expect("run octave-cli");
        let got = s.code(&format!("clear all; {code}"));
        assert_eq!(message(&got), message(&o), "{code}");
    }
}
