//! The evaluator's slots and in-place fast paths (issue 13) give the
//! answers of the general path through every door, keep value semantics,
//! and record every change for the store: what a loop wrote is there in
//! the next process.

mod common;
use common::{same_through_doors, stderr, stdout, Sandbox};

#[test]
fn appends_and_element_edits_give_the_general_answers() {
    let out = same_through_doors(
        "x = []; for i = 1:5, x(end+1) = i*i; end; disp(x); disp(size(x))\n\
         c = zeros(2,1); c(end+1) = 7; disp(size(c))\n\
         s = ''; for i = 1:3, s = [s sprintf('%d,', i) 'x']; end; disp(s)\n\
         r = [1 2]; r = [r 3 [4 5]]; disp(r)\n\
         A = zeros(2,3); for i = 1:2, for j = 1:3, A(i,j) = 10*i + j; end, end; disp(A)\n\
         B = A; A(2,2) = -1; disp(B(2,2)); disp(A(2,2)); disp(A(5))\n\
         k = 2; disp(A(k, k+1)); disp(A(k*2))\n\
         t = 'ab'; t = [t 1]; disp(class(t))\n",
    );
    assert_eq!(
        out,
        "    1    4    9   16   25\n   1   5\n   3   1\n1,x2,x3,x\n   1   2   3   4   5\n   \
         11   12   13\n   21   22   23\n22\n-1\n13\n23\n-1\nchar\n",
        "{out}"
    );
}

#[test]
fn out_of_range_and_bad_subscripts_keep_their_errors() {
    let s = Sandbox::new("slots-errors");
    let o = s.code("A = zeros(2); y = A(3,1);");
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("out of bound") && stderr(&o).contains("A"),
        "{}",
        stderr(&o)
    );
    let o = s.code("A = zeros(2); A(0) = 1;");
    assert!(stderr(&o).contains("A(0): subscripts"), "{}", stderr(&o));
    let o = s.code("A = zeros(2); A(1.5) = 1;");
    assert!(stderr(&o).contains("1.5"), "{}", stderr(&o));
    // Growth beyond the array still works (the general path).
    assert_eq!(
        s.ok("B = zeros(2); B(3,3) = 1; disp(size(B))"),
        "   3   3\n"
    );
}

#[test]
fn what_a_loop_changed_is_in_the_next_process() {
    let s = Sandbox::new("slots-persist");
    s.ok("A = zeros(3); x = []; s = '';");
    s.ok("for i = 1:3, A(i,i) = i; x(end+1) = i; s = [s 'ab']; end");
    // Element edits after a whole assignment in the same command.
    s.ok("A = ones(2); A(1,2) = 5; n = 0; for k = 1:10, n = n + k; end");
    let out = s.ok("disp(A); disp(x); disp(s); disp(n)");
    assert_eq!(
        out, "   1   5\n   1   1\n   1   2   3\nababab\n55\n",
        "{out}"
    );
    // And the history records what each command wrote.
    let o = s.run(&["history", "--wrote", "x"]);
    assert!(stdout(&o).contains("x(end+1)"), "{}", stdout(&o));
}

#[test]
fn functions_scripts_and_eval_see_the_same_variables() {
    let s = Sandbox::new("slots-scopes");
    s.write(
        "acc.m",
        "function y = acc(n)\n  y = 0;\n  for k = 1:n\n    y = y + k;\n  end\n  eval('z = y * 2;');\n  y = z;\nend\n",
    );
    s.write("side.m", "w = v + 1;\n");
    let out = s.ok("v = 1; side; disp(w); disp(acc(4)); eval('q = w + 1;'); disp(q); who");
    assert!(out.starts_with("2\n20\n3\n"), "{out}");
    assert!(
        out.contains("q") && out.contains("v") && out.contains("w"),
        "{out}"
    );
    assert!(!out.contains("acc") && !out.contains(" k "), "{out}");
}

#[test]
fn a_file_or_subfunction_named_like_a_scalar_builtin_still_wins() {
    let s = Sandbox::new("slots-shadow");
    assert_eq!(s.ok("k = 7; disp(mod(k, 4)); disp(rem(-k, 4))"), "3\n-3\n");
    s.write("rem.m", "function r = rem(a, b)\n  r = 42;\nend\n");
    s.write(
        "f.m",
        "function y = f(x)\n  y = mod(x, 2);\nend\nfunction m = mod(a, b)\n  m = -1;\nend\n",
    );
    assert_eq!(
        s.ok("disp(rem(5, 3)); disp(f(3)); mod = [10 20]; disp(mod(2))"),
        "42\n-1\n20\n"
    );
}
