//! Function handles through every door: `@name` resolved at every call,
//! anonymous functions capturing by value, kept as text plus captures so
//! that after a restart they run the function files as they are now.

mod common;

use common::{same_through_doors, stderr, Sandbox};

#[test]
fn anonymous_functions_capture_by_value_and_call() {
    let out = same_through_doors(
        "a = 2; h = @(x) a * x; a = 5; disp(h(3)); g = @(x, y) x + y; disp(g(1, 2)); \
         q = @() 42; disp(q()); v = @(varargin) numel(varargin); disp(v(1, 2, 3))",
    );
    assert_eq!(out, "6\n3\n42\n3\n");
}

#[test]
fn named_handles_feval_and_text() {
    let out = same_through_doors(
        "s = @sin; disp(s(0)); disp(feval(@plus, 1, 2)); disp(feval('min', [4 2 8])); \
         disp(func2str(@(x) x.^2+1)); disp(func2str(s)); k = str2func('@(x) 3*x - 1'); disp(k(2)); \
         disp(nargin(@(x, y, z) x)); disp(nargin(@(x, varargin) x)); disp(is_function_handle(k))",
    );
    assert_eq!(out, "0\n3\n2\n@(x) x .^ 2 + 1\nsin\n5\n3\n-2\n1\n");
}

#[test]
fn handle_text_is_octaves() {
    let cases = [
        (
            "@(x, y) x(1:end)+y'*2-[1 2;3 4]",
            "@(x, y) x (1:end) + y' * 2 - [1, 2; 3, 4]",
        ),
        (
            "@(s) s.a{2}(3) & ~s.b || -x.^-2",
            "@(s) s.a {2} (3) & !s.b || -x .^ -2",
        ),
        (
            "@(x) 1e3*x+.5-0.25e-2+2i",
            "@(x) 1e3 * x + .5 - 0.25e-2 + 2i",
        ),
        ("@(x) (x)+1", "@(x) (x) + 1"),
        ("@(x) x(:)'", "@(x) x (:)'"),
        ("@(x) @(y) x+y", "@(x) @(y) x + y"),
        ("@(x) x~=1", "@(x) x != 1"),
        ("@(s) s.(n)", "@(s) s.(n)"),
    ];
    let s = Sandbox::new("handles-text");
    for (src, want) in cases {
        let out = s.ok(&format!("disp(func2str({src}))"));
        assert_eq!(out.trim_end(), want, "text of {src}");
    }
}

#[test]
fn in_brackets_the_body_of_an_anonymous_function_is_one_element() {
    let s = Sandbox::new("handles-brackets");
    // The space after the parameter list separates nothing.
    assert_eq!(s.ok("f = [@(x) x + 1]; disp(f(1))"), "2\n");
}

#[test]
fn too_many_inputs_is_an_error_naming_the_anonymous_function() {
    let s = Sandbox::new("handles-nargin");
    let o = s.code("f = @(x) x; f(1, 2)");
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("@<anonymous>: function called with too many inputs"),
        "{}",
        stderr(&o)
    );
}

/// An anonymous function stored before its called function file is edited
/// runs the file as it is after a restart; captured values come back.
#[test]
fn a_stored_handle_runs_the_edited_function_file_after_a_restart() {
    let s = Sandbox::new("handles-resume");
    s.write("sq.m", "function y = sq(x)\n  y = x^2;\nend\n");
    s.ok("a = 2; h = @(x) a * x + sq(x); n = @sq; g = @(t) @(u) t + u;");
    assert_eq!(s.ok("disp(h(3)); disp(n(4))"), "15\n16\n");
    // A different size, so the edit is seen whatever the clock's resolution.
    s.write("sq.m", "function y = sq(x)\n  y = 100 * x;\nend\n");
    assert_eq!(s.ok("disp(h(3)); disp(n(4))"), "306\n400\n");
    assert_eq!(s.ok("k = g(10); disp(k(1))"), "11\n");
}

#[test]
fn subfunctions_are_reachable_from_handles_made_in_their_file() {
    let s = Sandbox::new("handles-subfn");
    s.write(
        "main.m",
        "function r = main()\n  f = @(x) helper(x) + 1;\n  r = [f(1), feval(@helper, 2)];\nend\n\
         function y = helper(x)\n  y = 10 * x;\nend\n",
    );
    assert_eq!(s.ok("disp(main())"), "   11   20\n");
}
