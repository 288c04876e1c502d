//! Loops and function bodies run in their compiled form (`eval::compile`,
//! issue 13): the answers, errors and their places are the tree walk's
//! and Octave's through every door, a function file edited between calls
//! is compiled again, and call frames reused from a pool start empty.

mod common;
use common::{same_through_doors, stderr, stdout, Sandbox};

/// Each line's expected output was checked with `octave-cli` 7.
#[test]
fn compiled_loops_and_calls_answer_as_octave() {
    let s = Sandbox::new("compiled-answers");
    s.write(
        "fnret.m",
        "function [a, b] = fnret(x)\n  if x > 0\n    a = x;\n    b = 2*x;\n  else\n    a = -x;\n  end\nend\n",
    );
    s.write(
        "fib.m",
        "function r = fib(n)\n  if n < 2\n    r = n;\n    return\n  end\n  r = fib(n-1) + fib(n-2);\nend\n",
    );
    s.write(
        "argn.m",
        "function r = argn(a, b)\n  r = nargin * 10 + exist('b');\nend\n",
    );
    s.write(
        "nest.m",
        "function r = nest(n)\n  r = 0;\n  for i = 1:n\n    for j = 1:n\n      if j > i, break; end\n      \
         if mod(j, 2) == 0, continue; end\n      r = r + j;\n      if r > 40, return; end\n    end\n  end\nend\n",
    );
    let code = "[p, q] = fnret(3); disp([p q])\n\
        try\n  [p, q] = fnret(-3);\ncatch err\n  disp(err.message)\nend\n\
        [p, q] = fnret(4); disp([p q])\n\
        disp(fib(15))\n\
        disp([argn(1) argn(1, 2) argn(1)])\n\
        disp(nest(5)); disp(nest(20))\n\
        x = []; k = 0;\nwhile isempty(x) || x(end) < 10\n  k = k + 1; x(end+1) = k*k;\nend\ndisp(x)\n\
        s = 0; for i = 1:10, i = i * 100; s = s + i; end; disp([s i])\n\
        for e = 1:0, end; disp(size(e))\n\
        t = 0; for c = [1 2; 3 4], t = t + c(1)*c(2); end; disp(t)\n\
        v = 1:5; y = 0; for i = 1:numel(v), y = y + v(end - i + 1) * i; end; disp(y)\n\
        z = 0; for i = 1:3, z = z + (i > 1) + ~(i == 2) - -i; end; disp(z)\n\
        b = true; n = 0; while b, n = n + 1; b = n < 4; end; disp(n)\n\
        m = int8(100); for i = 1:5, m = m + 10; end; disp(m); disp(class(m))\n\
        w = single(0); for i = 1:3, w = w + 0.1; end; disp(class(w))\n\
        q = 0; for i = 1:4, q = q + 1i*i; end; disp(q)\n";
    let by_c = s.ok(code);
    let o = s.pipe(&[], code);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), by_c, "pipe and -c differ");
    s.write("t.m", code);
    let o = s.run(&["t.m"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), by_c, "script and -c differ");
    let lines: Vec<&str> = by_c.lines().collect();
    // Line 2: the output `b` was never set in the second call, although
    // the first call's frame (whose slot vectors the second reuses) had it.
    assert!(lines[1].contains("'b'"), "{by_c}");
    let mut rest = vec![lines[0]];
    rest.extend(&lines[2..]);
    assert_eq!(
        rest.join("\n"),
        "   3   6\n   4   8\n610\n   10   21   10\n19\n44\n    1    4    9   16\n   5500   1000\n   \
         1   0\n11\n35\n10\n4\n127\nint8\nsingle\n  0 + 10i",
        "{by_c}"
    );
}

#[test]
fn short_circuits_skip_their_right_operand() {
    let out = same_through_doors(
        "x = []; n = 0;\n\
         for i = 1:3\n  if ~isempty(x) && x(1) > 0, n = n + 100; end\n  \
         if isempty(x) || x(99), n = n + 1; end\nend\n\
         k = 0; while k < 3 && true, k = k + 1; end\n\
         disp([n k])",
    );
    assert_eq!(out, "   3   3\n");
}

#[test]
fn a_long_operator_chain_in_a_loop_runs() {
    // Folded when compiled: neither compiling nor running it recurses per term.
    let terms = vec!["1"; 20000].join(" + ");
    let out = same_through_doors(&format!(
        "s = 0; for i = 1:3, s = s + {terms}; end; disp(s)"
    ));
    assert_eq!(out, "60000\n");
}

#[test]
fn errors_in_compiled_loops_keep_their_text_and_place() {
    let s = Sandbox::new("compiled-errors");
    s.write(
        "e1.m",
        "s = 0;\nfor i = 1:3\n  s = s + undefined_thing(i);\nend\n",
    );
    let o = s.run(&["e1.m"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("'undefined_thing' undefined near line 3, column 11"),
        "{}",
        stderr(&o)
    );
    s.write(
        "e2.m",
        "x = [1 2 3];\nk = 0;\nwhile k < 5\n  k = k + 1;\n  y = x(k);\nend\n",
    );
    let o = s.run(&["e2.m"]);
    let err = stderr(&o);
    assert!(
        err.contains("x(4): out of bound 3 (dimensions are 1x3)") && err.contains("line 5"),
        "{err}"
    );
    s.write(
        "e3f.m",
        "function r = e3f(n)\n  r = 0;\n  for i = 1:n\n    r = r + [1 2] * [3 4];\n  end\nend\n",
    );
    let o = s.code("z = e3f(2);");
    let err = stderr(&o);
    assert!(
        err.contains("operator *: nonconformant arguments (op1 is 1x2, op2 is 1x2)")
            && err.contains("e3f at line 4"),
        "{err}"
    );
    // What ran before the error is kept, as in the tree walk.
    let o = s.code("k = 0; for i = 1:5, k = i; if i == 3, error('stop'); end, end");
    assert!(stderr(&o).contains("stop"));
    assert_eq!(s.ok("disp(k)"), "3\n");
}

#[test]
fn an_edited_function_file_is_compiled_again() {
    let s = Sandbox::new("compiled-edit");
    s.write("f.m", "function r = f()\n  r = 1;\nend\n");
    let o = s.pipe(
        &[],
        "s = 0; for i = 1:3, s = s + f(); end; disp(s)\n\
         system('printf ''function r = f()\\n  r = 22;\\nend\\n'' > f.m');\n\
         s = 0; for i = 1:3, s = s + f(); end; disp(s)\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "3\n66\n", "{}", stderr(&o));
}

/// The scalar path (`eval::scalar`: assignments and conditions of
/// scalars computed unboxed, falling back to the general form for anything
/// else), a call site remembering what its name reaches, `x(end+1)` grown
/// in place, and `switch`/`try` compiled at top level: every answer
/// checked with `octave-cli` 7, the same through `-c`, a pipe and a script.
#[test]
fn the_scalar_path_answers_as_octave_through_every_door() {
    let s = Sandbox::new("compiled-scalar");
    let code = "b = true; x = b + 1; disp(class(x)); disp(x)\n\
        y = -b; disp(class(y)); disp(y)\n\
        z = ~b; disp(class(z))\n\
        A = [1 2; 3 4]; s = 0;\n\
        for i = 1:2, for j = 1:2, s = s + A(i, j) * mod(i + j, 3); end, end, disp(s)\n\
        k = 7; n = 0; while k ~= 1 && n < 100, if mod(k, 2) == 0, k = k / 2; else, k = 3*k + 1; end, n = n + 1; end, disp(n)\n\
        r = 0; for t = 1:5, r = r + floor(t / 2) + abs(-t) + rem(-t, 3); end, disp(r)\n\
        q = 0; for t = 1:3, q = q + sqrt(-t); end, disp(q)\n\
        c = zeros(3, 1); for t = 1:3, c(t) = t^2; end, disp(c')\n\
        v = []; for t = 1:4, v(end+1) = t; end, disp(size(v))\n\
        w = [1; 2]; for t = 3:5, w(end+1) = t; end, disp(size(w)); disp(w')\n\
        mod = 5; disp(mod(1))\n\
        clear mod\n\
        u = 0; for t = 1:3, u = u + (t > 1); end, disp(class(u)); disp(u)\n\
        f = 0; for t = [0.5 1.5 2.5], if t > 1 || t < 0, f = f + 1; end, end, disp(f)\n\
        try, p = [1 2 3]; for t = 1:4, g = p(t) + 1; end, catch e, disp(e.message), end\n\
        try, x = NaN; while x, end, catch e, disp(e.message), end\n\
        switch 3, case {1, 2}, disp('low'), case 3, disp('three'), otherwise, disp('other'), end\n\
        try, error('my:id', 'boom %d', 4), catch e, disp(e.identifier), disp(e.message), end\n\
        h = int8(120); for t = 1:3, h = h + 5; end, disp(h)\n";
    let want = "double\n2\ndouble\n-1\nlogical\n6\n16\n15\n      0 + 4.1463i\n   1   4   9\n\
        \x20  1   4\n   5   1\n   1   2   3   4   5\n5\ndouble\n2\n2\n\
        p(4): out of bound 3 (dimensions are 1x3)\ninvalid conversion from NaN to logical\n\
        three\nmy:id\nboom 4\n127\n";
    every_door_prints(&s, code, want);
}

/// Small scalar functions run inlined on registers (`scalar::Body`); every
/// case the inlined form cannot answer (an integer or single argument, a
/// displayed result, a name read before it is set, the wrong number of
/// arguments) runs as a call and answers as that. Checked with octave-cli 7.
#[test]
fn small_scalar_functions_answer_as_calls_through_every_door() {
    let s = Sandbox::new("compiled-inline");
    s.write(
        "step_fn.m",
        "function y = step_fn(x, acc)\n  y = acc + x*0.5;\nend\n",
    );
    s.write("pos_fn.m", "function t = pos_fn(x)\n  t = x > 0;\nend\n");
    s.write("loud_fn.m", "function y = loud_fn(x)\n  y = x + 1\nend\n");
    s.write(
        "early_fn.m",
        "function y = early_fn(x)\n  y = w + x;\n  w = 1;\nend\n",
    );
    s.write(
        "same_fn.m",
        "function y = same_fn(x)\n  x = x * 2;\n  y = x + 1;\nend\n",
    );
    let code = "s = 0; for i = 1:4, s = step_fn(i, s); end, disp(s)\nb = pos_fn(-2) + pos_fn(3); disp(class(pos_fn(3))); disp(b)\nc = 0; for i = 1:3, c = c + pos_fn(i - 2); end, disp(c)\nh = int8(100); for i = 1:2, h = step_fn(h, h); end, disp(class(h)); disp(h)\ng = single(1); g = step_fn(g, 1); disp(class(g))\nu = 0; for i = 1:2, u = same_fn(i) + u; end, disp(u)\nfor i = 1:2, v = loud_fn(i); end\ntry, for i = 1:2, q = early_fn(i); end, catch e, disp(e.message), end\ntry, for i = 1:2, q = step_fn(i); end, catch e, disp(e.message), end\ntry, for i = 1:2, q = step_fn(i, 1, 2); end, catch e, disp(e.message), end\nd = 0; for i = 1:3, if step_fn(i, 0) > 1, d = d + 1; end, end, disp(d)\n\
        try, q = loud_fn(1, 2); catch e, disp(e.message), end, v = loud_fn(5);\n";
    let want = "5\nlogical\n1\n1\nint8\n127\nsingle\n8\ny = 2\ny = 3\n\
        'w' undefined near line 2, column 7\n'acc' undefined near line 2, column 7\n\
        step_fn: function called with too many inputs\n1\n\
        loud_fn: function called with too many inputs\ny = 6\n";
    every_door_prints(&s, code, want);
}

/// Small functions whose bodies branch (`if`/`elseif`/`else` around quiet
/// scalar assignments) are inlined too: a NaN condition, a logical
/// argument and an output no branch set give the answers and errors of a
/// real call. Checked with `octave-cli` 7.
#[test]
fn small_branching_functions_answer_as_calls_through_every_door() {
    let s = Sandbox::new("compiled-inline-if");
    s.write(
        "sgn_fn.m",
        "function y = sgn_fn(x)\n  if x > 0\n    y = 1;\n  elseif x < 0\n    y = -1;\n  else\n    y = 0;\n  end\nend\n",
    );
    s.write(
        "cond_fn.m",
        "function y = cond_fn(x)\n  if x\n    y = 1;\n  else\n    y = 2;\n  end\nend\n",
    );
    s.write(
        "miss_fn.m",
        "function y = miss_fn(x)\n  if x > 0\n    y = 1;\n  end\nend\n",
    );
    s.write(
        "clip_fn.m",
        "function y = clip_fn(x, lo, hi)\n  y = x;\n  if y < lo\n    y = lo;\n  end\n  if y > hi && hi > lo\n    y = hi;\n  end\nend\n",
    );
    let code = "s = 0; for i = -3:3, s = s + sgn_fn(i) * 10^(i+3); end, disp(s)\n\
        c = 0; for i = -5:5, c = c + clip_fn(i, -2, 3); end, disp(c)\n\
        disp(class(sgn_fn(true))), disp(sgn_fn(-0.5))\n\
        for i = 1:2, t = cond_fn(i - 1); end, disp(t)\n\
        try, for i = 1:2, q = cond_fn(NaN); end, catch e, disp(e.message), end\n\
        try, for i = 1:2, q = miss_fn(1 - i); end, catch e, disp(isempty(strfind(e.message, '''y'''))), end\n";
    let want = "1109889\n3\ndouble\n-1\n1\ninvalid conversion from NaN to logical\n0\n";
    every_door_prints(&s, code, want);
}

/// A small function that reads elements of an array argument (`v(2)`,
/// `A(i, j)`) is inlined too, reading the caller's variable where it lies;
/// an argument that is no variable, an array of another class, a
/// subscript out of range or not an integer, and a parameter the body
/// assigns give the answers and errors of a real call. Checked with
/// `octave-cli` 7.
#[test]
fn small_functions_reading_array_arguments_answer_as_calls_through_every_door() {
    let s = Sandbox::new("compiled-inline-arrays");
    s.write(
        "ev_fn.m",
        "function y = ev_fn(v, acc)\n  y = acc + v(2)*0.5;\nend\n",
    );
    s.write(
        "ev2_fn.m",
        "function y = ev2_fn(A, i, j)\n  y = A(i, j) - A(j, i);\nend\n",
    );
    s.write("evw_fn.m", "function y = evw_fn(v)\n  y = v(1) + v;\nend\n");
    s.write(
        "evs_fn.m",
        "function y = evs_fn(v)\n  v = 1;\n  y = v(1);\nend\n",
    );
    s.write("evb_fn.m", "function y = evb_fn(p, k)\n  if p(k) > 0\n    y = p(k);\n  else\n    y = -p(k);\n  end\nend\n");
    s.write("loop_fn.m", "function s = loop_fn(v)\n  s = 0;\n  for i = 1:3\n    v(2) = i;\n    s = ev_fn(v, s);\n  end\nend\n");
    let code = "v = [1 2 3]; s = 0; for i = 1:5, v(2) = i; s = ev_fn(v, s); end, disp(s)\n\
        A = magic(4); t = 0; for i = 1:4, for j = 1:4, t = t + ev2_fn(A, i, j)^2; end, end, disp(t)\n\
        try, w = [1 2]; for i = 1:3, q = ev_fn(w, i); w = 5; end, catch e, disp(e.message), end\n\
        k = int8([1 2 3]); u = 0; for i = 1:2, u = ev_fn(k, u); end, disp(class(u)), disp(u)\n\
        b = [true false true]; c = 0; for i = 1:2, c = ev_fn(b, c); end, disp(c)\n\
        m = 0; for i = 1:3, m = m + evw_fn(i); end, disp(m)\n\
        for i = 1:2, r = evw_fn([1 2]); end, disp(r)\n\
        z = 0; for i = 1:3, z = z + evb_fn([-1 2 -3], i); end, disp(z)\n\
        y0 = 0; for i = 1:3, y0 = y0 + ev_fn(v + 1, 0); end, disp(y0)\n\
        try, for i = 1:3, q = ev2_fn(A, i, 1.5); end, catch e, disp(e.message), end\n\
        n = 0; for i = 1:2, n = n + evs_fn([4 5]); end, disp(n)\n\
        disp(loop_fn([1 1 1]))\n\
        x = 0; for i = 1:4, x = x + ev2_fn(A, i, 5 - i); end, disp(x)\n\
        try, for i = 3:6, q = ev2_fn(A, i, 1); end, catch e, disp(e.message), end\n";
    let want =
        "7.5000\n360\nv(2): out of bound 1 (dimensions are 1x1)\nint8\n2\n0\n12\n   2   3\n6\n9\n\
        A(_,1.5): subscripts must be either integers 1 to (2^63)-1 or logicals\n2\n3\n0\n\
        A(5,_): out of bound 4 (dimensions are 4x4)\n";
    every_door_prints(&s, code, want);
}

/// `sum(v)` of a variable holding a real double vector runs on the
/// scalar path inside scalar expressions and conditions; every other
/// argument (a matrix, an empty, logical, integer, single, complex or N-d
/// array) and `sum` shadowed by a variable answer as the builtin and
/// indexing do. Checked with `octave-cli` 7.
#[test]
fn sums_of_vectors_in_scalar_expressions_answer_as_octave_through_every_door() {
    let s = Sandbox::new("compiled-sum-scalar");
    let code = "v = [1 2 3]; s = 0; for i = 1:3, s = s + sum(v) * i; end, disp(s)\n\
        c = [1; 2; 4]; t = sum(c) + 1, m = [1 2; 3 4]; u = sum(m) + 1\n\
        e = zeros(1, 0); w = sum(e) + 1, e2 = []; w2 = sum(e2) + 1\n\
        b = [true true false]; x = sum(b) + 1, class(x)\n\
        k = int8([100 100]); y = sum(k) + 1, class(y)\n\
        g = single([1 2]); z = sum(g) + 1, class(z)\n\
        q = [1i 2]; r = sum(q) + 1\n\
        n = [1 NaN 3]; p = sum(n) + 1, h = [Inf -Inf]; o = sum(h) + 1\n\
        a3 = ones(1, 1, 3); f = sum(a3) + 1\n\
        p1 = 5; s1 = sum(p1) * 2\n\
        for i = 1:3, if sum(v) > 5, disp('big'), end, end\n\
        sum = [10 20 30]; s2 = sum(2) + 1\n\
        clear sum\n\
        d = 0.1 * (1:10); s3 = sum(d) - 5.5\n";
    let want = "36\nt = 8\nu =\n\n   5   7\n\nw = 1\nw2 = 1\nx = 3\nans = double\n\
        y = 201\nans = double\nz = 4\nans = single\nr =  3 + 1i\np = NaN\n\
        o = NaN\nf = 4\ns1 = 10\nbig\nbig\nbig\ns2 = 21\ns3 = 8.8818e-16\n";
    every_door_prints(&s, code, want);
}

/// A call reuses the frame the last call of the same function left
/// (`Interp::spare_frames`): names an `eval` added, a `global`
/// declaration, a caught error's variables, `nargin`/`nargout` and
/// recursion levels never leak from one call into the next. Answers
/// checked with `octave-cli` 7.
#[test]
fn a_reused_call_frame_starts_empty() {
    let s = Sandbox::new("compiled-frames");
    s.write(
        "fr_eval.m",
        "function r = fr_eval(k)\n  if k == 1\n    eval('zz = 7;');\n  end\n  r = exist('zz');\nend\n",
    );
    s.write(
        "fr_glob.m",
        "function r = fr_glob(k)\n  if k\n    global G\n    G = 3;\n  end\n  r = exist('G', 'var');\nend\n",
    );
    s.write(
        "fr_rec.m",
        "function r = fr_rec(n)\n  if n <= 1\n    r = 1;\n  else\n    t = n;\n    r = t * fr_rec(n - 1);\n  end\nend\n",
    );
    s.write(
        "fr_err.m",
        "function r = fr_err(k)\n  if k\n    w = 5;\n    error('boom');\n  end\n  r = exist('w');\nend\n",
    );
    s.write(
        "fr_two.m",
        "function [a, b] = fr_two(x)\n  a = nargin;\n  if nargout > 1\n    b = x;\n  end\nend\n",
    );
    let code = "disp([fr_eval(1) fr_eval(2) fr_eval(1) fr_eval(0)])\n\
        disp([fr_glob(1) fr_glob(0)])\nclear global G\n\
        for i = 1:3, f(i) = fr_rec(i + 2); end, disp(f)\n\
        try, fr_err(1); catch e, disp(e.message), end\ndisp(fr_err(0))\n\
        [p, q] = fr_two(4); disp([p q]); disp(fr_two())\n\
        for i = 1:2, c{i} = fr_two(i); end, disp(c)\n";
    let want = "   1   0   1   0\n   1   0\n     6    24   120\nboom\n0\n   1   4\n0\n\
        {\n  [1,1] = 1\n  [1,2] = 1\n}\n";
    every_door_prints(&s, code, want);
}

/// `code` prints `want` through `-c`, a pipe and a script.
fn every_door_prints(s: &Sandbox, code: &str, want: &str) {
    assert_eq!(s.ok(code), want, "-c");
    let o = s.pipe(&[], code);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), want, "pipe");
    s.write("t.m", code);
    let o = s.run(&["t.m"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), want, "script");
}

/// Element-wise chains over variables (`x.*x + 3*x - x./y`,
/// `exp(-x/n).*sin(y) + ...`) run fused, in one pass (`eval::fuse`):
/// every element is bit for bit what the operators and functions give one
/// at a time (Inf, -0 and division by zero included; NaN where they give
/// NaN, whose sign bit x86 leaves to operand order), and whatever fusion
/// does not cover (integers, single, implicit expansion, a matrix product,
/// a size mismatch, `sqrt` or `log` of a negative, a function name that is
/// a variable or a user's file, a function called by a bare name) answers
/// and fails as before, the function called once. Answers checked with
/// `octave-cli` 7.
#[test]
fn fused_element_wise_chains_answer_as_their_operators_through_every_door() {
    let s = Sandbox::new("compiled-fused");
    s.write(
        "tick.m",
        "function r = tick()\n  global T\n  T = T + 1;\n  r = T;\nend\n",
    );
    s.write("cosh.m", "function r = cosh(x)\n  r = 100 + x;\nend\n");
    let code = r#"same = @(a, b) isequal(isnan(a), isnan(b)) && isequal(typecast(a(~isnan(a)), 'uint64'), typecast(b(~isnan(b)), 'uint64'));
x = sin((1:100000)') * 1e3; x(7) = NaN; x(8) = Inf; x(9) = -Inf; x(10) = 0; x(11) = -0;
y = cos((1:100000)'); y(12) = 0; y(13) = -0; y(14) = NaN; n = 7;
a = x.*x + 3*x - x./y; t1 = x.*x; t2 = 3*x; t3 = x./y; b = t1 + t2; b = b - t3;
disp(same(a, b))
c = -x/n + y*2 - 1; t = -x; t = t/n; u = y*2; t = t + u; t = t - 1;
disp(same(c, t))
a = exp(-x/n).*sin(y) + sqrt(abs(x)) - log(x.*x + 1); t1 = -x; t1 = t1/n; t1 = exp(t1); t2 = sin(y);
t3 = abs(x); t3 = sqrt(t3); t4 = x.*x; t4 = t4 + 1; t4 = log(t4); b = t1.*t2; b = b + t3; b = b - t4;
disp(same(a, b))
y2 = y / 2; a = cos(y).*tan(y) - atan(y)./exp(x + 1) + sinh(y2) .* 2 + asin(y2) - acos(y2 ./ 2);
t = cos(y); t = t.*tan(y); u = x + 1; u = exp(u); u = atan(y)./u; t = t - u; u = sinh(y2); u = u .* 2;
t = t + u; t = t + asin(y2); u = y2 ./ 2; u = acos(u); t = t - u;
disp(same(a, t))
a = floor(x/7) + ceil(y*3) - fix(x./3) .* round(y*2) + 1 ./ ceil(-abs(y)); t = x/7; t = floor(t); u = y*3; u = ceil(u);
t = t + u; u = x./3; u = fix(u); w = y*2; w = round(w); u = u .* w; t = t - u; u = abs(y); u = -u; u = ceil(u); u = 1 ./ u; t = t + u;
disp(same(a, t))
disp(1 ./ (-x(11) * 2 + 0 .* y(1)))
v = (1:4)' / 3; w = v - 2;
disp(v .* v + 3 * v)
disp(size(v * w' + 1)), disp(size(v + (1:3) .* 2))
disp(class(int8(v) .* 2 + 1)), disp(class(single(v) .* v + 1))
try, q = v .* (1:3)' - 1; catch err, disp(err.message), end
w3 = w(1:3); try, q = v .* w3 - 1; catch err, disp(err.message), end
z = zeros(0, 3); disp(size(z .* z + 1))
global T
T = 0; g = v .* 2 + tick; disp([T g(1)])
m = 5 .* 2 + v; disp(m(1))
disp(sqrt(v - 1) * 2 + 1)
disp(log(v - 1) .* 2)
sin = [10 20 30 40]'; disp(sin(v * 3) + 1)
clear sin
disp(cosh(v) * 3 - 1)
"#;
    let want = OCTAVE_FUSED;
    every_door_prints(&s, code, want);
}

/// octave-cli 7.3's output for the fused test (its warning that `cosh.m`
/// shadows a builtin goes to stderr).
const OCTAVE_FUSED: &str = r#"1
1
1
1
1
Inf
   1.1111
   2.4444
   4.0000
   5.7778
   4   4
   4   3
int8
single
product: nonconformant arguments (op1 is 4x1, op2 is 3x1)
product: nonconformant arguments (op1 is 4x1, op2 is 3x1)
   0   3
   1.0000   1.6667
10.333
   1.0000 + 1.6330i
   1.0000 + 1.1547i
   1.0000 +      0i
   2.1547 +      0i
  -0.8109 + 6.2832i
  -2.1972 + 6.2832i
     -Inf +      0i
  -2.1972 +      0i
   11
   21
   31
   41
   300
   301
   302
   303
"#;

/// Growth that keeps every element in place (`A(:, end+1) = col`, a page
/// added to an N-d array) appends with headroom instead of copying the
/// array, and growth that moves elements (rows added, both extents grown)
/// copies them column by column: every answer checked with `octave-cli` 7
/// (a shared array left as it was, cells, text, logical, integer, single
/// and complex arrays, empty ones, a gap filled with zeros, 1,000 appended
/// columns), through every door.
#[test]
fn arrays_grown_by_columns_and_pages_answer_as_octave_through_every_door() {
    let s = Sandbox::new("compiled-grow-columns");
    let code = "A = zeros(3, 2); A(:, end+1) = [1; 2; 3]; A(:, 5) = 7; disp(A)\n\
        B = []; B(:, end+1) = [1; 2]; B(:, end+1) = [3; 4]; disp(B), disp(size(B))\n\
        C = [1 2; 3 4]; C(end+1, :) = [5 6]; disp(C)\n\
        D = zeros(2, 2); D(:, :, 2) = ones(2); D(:, :, 4) = 2; disp(size(D)), disp(squeeze(sum(sum(D, 1), 2))')\n\
        E = zeros(2, 3); E(3, 4) = 1; disp(E)\n\
        c = cell(2, 0); c(:, end+1) = {1; 'x'}; c(:, end+1) = {2; 'y'}; disp(size(c)), disp(class(c{2, 2}))\n\
        s = ['ab'; 'cd']; s(:, end+1) = ['x'; 'y']; disp(s)\n\
        P = [1; 2]; Q = P; P(:, end+1) = 9; disp(P), disp(Q)\n\
        L = true(2, 1); L(:, end+1) = false; disp(L)\n\
        r = 1:3; r(1, end+1) = 5; disp(r)\n\
        F = zeros(2, 2, 2); try, F(:, end+1) = 1; catch e, disp(e.message), end\n\
        G = zeros(2, 1); G(:, :, 2) = [5; 6]; disp(size(G)), disp(G(:)')\n\
        H = int16([1 2; 3 4]); for k = 1:3, H(:, end+1) = k; end, disp(H)\n\
        K = zeros(0, 3); K(:, end+1) = zeros(0, 1); disp(size(K))\n\
        M = single(ones(2)); M(:, 4) = 2; disp(M), disp(class(M))\n\
        N = [1 2 3]; N(2, :) = 4; disp(N)\n\
        z = 1i * [1; 2]; z(:, end+1) = [3; 4]; disp(z)\n\
        W = zeros(3, 0); for k = 1:1000, W(:, end+1) = [k; 2*k; 3*k]; end, disp(size(W)), disp(sum(W(:)))\n\
        X = zeros(2, 3); X(:, 2:3) = []; X(:, end+1) = [7; 8]; disp(X)\n";
    let want = "\x20  0   0   1   0   7\n   0   0   2   0   7\n   0   0   3   0   7\n\
        \x20  1   3\n   2   4\n   2   2\n   1   2\n   3   4\n   5   6\n\
        \x20  2   2   4\n   0   4   0   8\n   0   0   0   0\n   0   0   0   0\n\
        \x20  0   0   0   1\n   2   2\nchar\nabx\ncdy\n   1   9\n   2   9\n   1\n\
        \x20  2\n  1  0\n  1  0\n   1   2   3   5\n\
        Invalid resizing operation or ambiguous assignment to an out-of-bounds array element\n\
        \x20  2   1   2\n   0   0   5   6\n  1  2  1  2  3\n  3  4  1  2  3\n\
        \x20  0   4\n   1   1   0   2\n   1   1   0   2\nsingle\n   1   2   3\n\
        \x20  4   4   4\n   0 + 1i   3 + 0i\n   0 + 2i   4 + 0i\n      3   1000\n\
        3003000\n   0   7\n   0   8\n";
    every_door_prints(&s, code, want);
}

/// Text built by `s = [s sprintf('...', ...) '...']` (a literal format
/// parsed when compiling, written straight onto `s`) and growth by
/// `x(end+1) = v` and `end`-relative element writes: every answer checked
/// with `octave-cli` 7 (formats of every kind, a shared `s`, an empty `''`,
/// a bad argument leaving `s` as it was, a numeric `s`, `sprintf` shadowed
/// by a variable), the same through `-c`, a pipe and a script.
#[test]
fn text_appends_and_end_growth_answer_as_octave_through_every_door() {
    let s = Sandbox::new("compiled-text");
    let code = r#"s = 'ab'; for t = 1:3, s = [s sprintf('%d,', t) '|']; end, disp(s)
s = ''; for t = 1:3, s = [s sprintf('%d\n', t)]; end, disp(size(s))
s = 'x'; s = [s sprintf('%5.2f;', [1.5 2.25]) sprintf('%s-%c', 'ab', 'c')]; disp(s)
s = 'x'; s = [s sprintf('%*d', 4, 7) sprintf('%d %s', 1, 'q') sprintf('%g', true)]; disp(s)
s = 'q'; r = s; s = [s sprintf('%d', 5)]; disp(r); disp(s)
s = 'q'; s = [s '']; disp(size(s)); u = ''; u = [u '']; disp(size(u)); u = [u sprintf('')]; disp(size(u))
s = 'ab'; try, s = [s sprintf('%d', {1})]; catch e, disp(e.message), end, disp(s)
s = [1 2]; s = [s sprintf('%d', 3)]; disp(class(s)); disp(s)
s = 'ab'; s = [s sprintf('%d%%', 50) sprintf('%x', 255) sprintf('%5s|', 'r') sprintf('%-4d|', 3)]; disp(s)
s = 'ab'; s = [s sprintf('%d', -2.5) sprintf('%d', NaN) sprintf('%f', Inf) sprintf('%d', int8(-7))]; disp(s)
s = 'ab'; s = [s sprintf('a\tb') sprintf('%d', [])]; disp(double(s))
sprintf = @(varargin) 'shadowed'; s = 'ab'; s = [s sprintf('%d', 1)]; disp(s)
clear sprintf
disp(sprintf('%d-%d', 1, 2, 3))
v = []; for t = 1:3, v(end+1) = t * 2; end, disp(v)
v = 5; v(end+1) = 6; disp(v)
w = (1:3)'; w(end+1) = 9; disp(w')
A = ones(2); A(end, end) = 7; A(end, 1) = 3; disp(A)
try, A(end+1) = 4; catch e, disp(e.message), end
x = 1:5; disp(x(end)); disp(x(end-1)); y = x; x(end) = 0; disp(y(end)); disp(x(end))
z = zeros(1, 0); z(end+1) = 1; disp(size(z))
c = 'ab'; c(end+1) = 'c'; disp(c)
s = 'a'; for k = 1:2, s = [s sprintf('%d,', 1, 2, 3, 4, 5, 6, 7, 8, 9, k) 'x']; end, disp(s)
"#;
    let want = "ab1,|2,|3,|
   1   6
x 1.50; 2.25;ab-c
x   71 q1
q
q5
   1   1
   0   0
   1   0
sprintf: wrong type argument 'cell'
ab
char
\x01\x023
ab50%ff    r|3   |
ab-2.5NaNInf-7
   97   98   97    9   98
abshadowed
1-23-
   2   4   6
   5   6
   1   2   3   9
   1   1
   3   7
Invalid resizing operation or ambiguous assignment to an out-of-bounds array element
5
4
5
0
   1   1
abc
a1,2,3,4,5,6,7,8,9,1,x1,2,3,4,5,6,7,8,9,2,x
";
    every_door_prints(&s, code, want);
}

/// What the compiled appends grow in place is committed like any
/// assignment: a new process reads the grown text and vector back.
#[test]
fn text_and_vectors_grown_in_place_are_committed() {
    let s = Sandbox::new("compiled-grown-durable");
    s.ok("s = 'ab'; x = [1 2];\nfor i = 1:3, s = [s sprintf('%d;', i) 'z']; x(end+1) = i; end\n");
    assert_eq!(
        s.ok("disp(s), disp(x)"),
        "ab1;z2;z3;z\n   1   2   1   2   3\n"
    );
    // Resumed from the store (read lazily), then grown again.
    s.ok("for i = 4:5, s = [s sprintf('%d;', i)]; x(end+1) = i; end");
    assert_eq!(s.ok("disp(s), disp(numel(x))"), "ab1;z2;z3;z4;5;\n7\n");
    // Columns appended in place (`A(:, end+1) = ...`), by a literal and by
    // a variable, then again after a resume that read `A` whole.
    s.ok("A = zeros(2, 0); c = [7; 8]; for i = 1:2, A(:, end+1) = [i; -i]; A(:, end+1) = c; end");
    assert_eq!(s.ok("disp(A)"), "   1   7   2   7\n  -1   8  -2   8\n");
    s.ok("t = sum(A(:)); A(:, end+1) = [t; 0];");
    assert_eq!(s.ok("disp(A(:, end)')"), "   30    0\n");
}

/// Elements written in place are committed whether the command made the
/// array whole first (its whole change covers the edits) or edits an
/// array an earlier command stored (only the edited elements are new).
#[test]
fn elements_written_in_place_are_committed() {
    let s = Sandbox::new("compiled-edits-durable");
    s.ok("A = zeros(3); for i = 1:3, A(i, i) = i; end, A(1, 3) = 7;");
    assert_eq!(
        s.ok("disp(A)"),
        "   1   0   7\n   0   2   0\n   0   0   3\n"
    );
    // Resumed from the store, read whole, then edited without a whole
    // assignment.
    s.ok("t = sum(sum(A)); for j = 1:3, A(3, j) = 10 * j; end");
    assert_eq!(
        s.ok("disp(A)"),
        "    1    0    7\n    0    2    0\n   10   20   30\n"
    );
    // Edited, then changed whole, then edited, in one command.
    s.ok("A(1, 1) = -1; A = A + 1; A(2, 2) = 0;");
    assert_eq!(
        s.ok("disp(A(:)')"),
        "    0    1   11    1    0   21    8    1   31\n"
    );
}

/// A call site remembers which function its name reaches only for the
/// command: a function file created, or a variable made, between commands
/// changes what the same compiled code calls.
#[test]
fn a_call_site_follows_new_files_and_variables() {
    let s = Sandbox::new("compiled-sites");
    s.write(
        "run_it.m",
        "function r = run_it()\n  r = 0;\n  for i = 1:3\n    r = r + helper_fn(i) + mod(i, 2);\n  end\nend\n",
    );
    s.write("helper_fn.m", "function y = helper_fn(x)\n  y = x;\nend\n");
    let first = "disp(run_it())\n";
    let o = s.pipe(
        &[],
        &format!(
            "{first}system('echo \"function y = helper_fn(x), y = 10 * x; end\" > helper_fn.m');\n\
             {first}system('echo \"function y = mod(a, b), y = 100; end\" > mod.m');\n{first}"
        ),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // 1+2+3 + (1+0+1); then 10+20+30 + 2; then mod.m in the folder wins.
    assert_eq!(stdout(&o), "8\n62\n360\n");
}

/// A range with an integer or single operand gives its class to the loop
/// variable, as Octave 7 answers (a double range is walked as a counter).
#[test]
fn an_integer_or_single_range_gives_the_loop_variable_its_class() {
    let s = Sandbox::new("compiled-range-class");
    let code = "for k = int8(1):2:5, disp(class(k)), disp(k), end\n\
        for k = single(0.5):1, disp(class(k)), end\n\
        s = 0; for k = 1:int16(3), s = s + k; end, disp(class(s)), disp(s)\n\
        for k = int8(1):0, end, disp(class(k)), disp(size(k))\n\
        for k = single(1):0, end, disp(class(k))\n\
        try, for k = int8(1):0.5:2, end, catch e, disp(e.message), end\n";
    every_door_prints(
        &s,
        code,
        "int8\n1\nint8\n3\nint8\n5\nsingle\nint16\n6\nint8\n   1   0\nsingle\n\
         colon operator increment invalid (not an integer)\n",
    );
}

/// `for` loops over ranges run their scalar statements on registers
/// (`eval::loops`); with a checkpoint after every statement
/// (`FLATLAB_CHECKPOINT_SECS=0`) they run in their general form. Both give
/// the same output, errors, workspace and history record (variables read
/// and written), through a value changing class mid-loop, an error leaving
/// the loop, `eval`, `clear`, globals, displayed assignments, element
/// writes, nested and empty ranges, early exits and a loop handed to the
/// general form midway.
#[test]
fn register_loops_answer_and_record_as_the_general_form() {
    let programs: &[&[&str]] = &[
        &["s = 0; for i = 1:3, t = i*2; s = s + t; end; disp([s t i])"],
        &["total = 0; longest = 0; for n = 1:30, k = n; steps = 0; \
           while k ~= 1, if mod(k, 2) == 0, k = k / 2; else, k = 3*k + 1; end, \
           steps = steps + 1; end, total = total + steps; \
           if steps > longest, longest = steps; end, end, disp([total longest k n])"],
        &["f = false; c = 0; for k = 1:5, f = k > 2; if f, c = c + 1; end, end, \
           disp(class(f)); disp(c); g = f; disp(class(g))"],
        &["x = 0; for k = 1:4, if k == 3, x = [x 1]; else, x = x + 1; end, end, disp(x)"],
        &["m = int8(100); for k = 1:5, m = m + 10; end, disp(m); disp(class(m))"],
        &["s = 0; for k = 1:5, s = s + k; if k == 3, error('stop at %d', k); end, end", "disp(s); disp(k)"],
        &["try, s = 0; for k = 1:5, s = s + k; q = nothere + 1; end, catch e, disp(e.message), end, disp(s)"],
        &["A = zeros(3); for i = 1:3, for j = 1:3, A(i, j) = i*10 + j; end, end, disp(A)"],
        &["v = []; w = zeros(1, 2); for i = 1:4, v(end+1) = i*i; w(i) = v(i) + 1; end, disp(v); disp(w)"],
        &["for i = 1:3, i = i * 100; end, disp(i)"],
        &["global g; g = 0; for k = 1:3, g = g + k; end, disp(g)", "global g; disp(g)"],
        &["s = 0; for k = 1:3, s = s + k; eval('s = s * 2;'); end, disp(s)"],
        &["for k = 1:2, z = k; clear z; end, disp(exist('z'))"],
        &["for k = 1:2, y = k * 2, end"],
        &["c = 0; for i = 1:2, for j = 1:0, c = c + 1; end, end, disp(size(j)); disp(c)"],
        &["v = [3 4]; c = 0; for i = 1:2, for j = 1:v(i), c = c + j; end, end, disp([c i j])"],
        &["x = NaN; for k = 1:2, if x, end, end"],
        &["s = 0; for k = int8(1):3, s = s + k; end, disp(class(k)); disp(class(s))"],
        &["for k = 1:2, mod = k; end, disp(mod)"],
        &["r = 0; for k = 1:4, r = r + mod(k, 3) + abs(-k) + floor(k / 2); end, disp(r)"],
        &["big = (1:5) * 2;", "s2 = 0; for k = 1:5, s2 = s2 + big(k); end, disp(s2)"],
        &["s = 0; for k = 1:3, s = s + nothere; end"],
        &["s = 0; for k = 1:10, if k > 3, break; end, s = s + k; end, disp([s k])"],
        &["s = 0; for k = 1:6, if mod(k, 2), continue; end, s = s + k; end, disp([s k])"],
        &["s = 0; for k = 1:3, s = s + k; disp(s); end"],
        &["n = 0; for k = 1:3, n = n + 1i; end, disp(n)"],
        &["a = 1; for k = 1:3, a = a * 2; b = a; a = single(b); end, disp(class(a)); disp(a)"],
        &["s = 0; for k = 10:-3:1, s = s*10 + k; end, disp(s); for k = 0.1:0.1:0.3, t = k; end, disp(t == 0.3)"],
        &["x = 5; for k = 1:3, x = x - 1; y = x; x = []; x = y; end, disp([x y])"],
        // Mostly general statements: handed to the general loop after a
        // few dozen passes, the loop variable and registers carried over.
        &["s = 0; v = [1 2 3]; for k = 1:100, v(2) = k; s = s + sum(v); t = k; \
           if k == 90, break; end, end, disp([s t k v])"],
    ];
    for (n, commands) in programs.iter().enumerate() {
        let runs: Vec<Vec<String>> = ["2", "0"]
            .iter()
            .map(|secs| {
                let s = Sandbox::new(&format!("regloop-{n}-{secs}"));
                let mut seen = Vec::new();
                for c in commands.iter() {
                    let o = s
                        .cmd()
                        .env("FLATLAB_CHECKPOINT_SECS", secs)
                        .args(["-c", c])
                        .output()
                        .expect("run flatlab");
                    seen.push(format!(
                        "{:?}\n{}{}",
                        o.status.code(),
                        stdout(&o),
                        stderr(&o)
                    ));
                }
                let o = s.run(&["history", "--long"]);
                let record: String = stdout(&o)
                    .lines()
                    .filter(|l| {
                        let l = l.trim_start();
                        ["read ", "wrote ", "cleared ", "status "]
                            .iter()
                            .any(|k| l.starts_with(k))
                    })
                    .map(|l| format!("{l}\n"))
                    .collect();
                seen.push(record);
                seen
            })
            .collect();
        assert_eq!(runs[0], runs[1], "program {n}: {commands:?}");
    }
}
