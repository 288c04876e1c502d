//! Function functions through the doors a user has: fzero, fminbnd,
//! fminsearch, integral, quadgk, quad, ode45, ode23, ode15s and the option
//! structs, checked against the numbers GNU Octave 7 gives for the same
//! code (skipped with a note when octave-cli is missing, failing instead
//! under FLATLAB_REQUIRE_INTEROP=1), plus the errors and limits that keep
//! a bad function from hanging the shell.

mod common;

use common::{interop_required, stderr, stdout, tool_available, Sandbox};
use std::process::Command;

/// What `code` prints through `-c`, a pipe and a script; the three must agree.
fn flatlab(code: &str) -> String {
    let sb = Sandbox::new("funfun");
    let by_c = sb.ok(code);
    let piped = sb.pipe(&[], &format!("{code}\n"));
    assert!(piped.status.success(), "pipe: {}", stderr(&piped));
    sb.write("case.m", code);
    let script = sb.run(&["case.m"]);
    assert!(script.status.success(), "script: {}", stderr(&script));
    assert_eq!(by_c, stdout(&piped), "-c and pipe differ for {code:?}");
    assert_eq!(by_c, stdout(&script), "-c and script differ for {code:?}");
    by_c
}

/// What Octave prints for `code`, or None (with a note) without octave-cli.
fn octave(code: &str) -> Option<String> {
    if !tool_available(
        "octave-cli",
        &["--version"],
        interop_required(),
        "comparison with Octave",
    ) {
        return None;
    }
    let o = Command::new("octave-cli")
        .args(["--no-gui", "--quiet", "--norc", "--eval", code])
        .output()
        .expect("octave-cli runs");
    assert!(o.status.success(), "octave: {}", stderr(&o));
    Some(stdout(&o))
}

fn numbers(text: &str) -> Vec<f64> {
    text.split_whitespace()
        .map(|w| {
            w.parse::<f64>()
                .unwrap_or_else(|_| panic!("not a number: {w:?} in {text:?}"))
        })
        .collect()
}

/// `code` prints numbers (`printf('%.17g\n', ...)`); flatlab's must equal
/// Octave's within relative tolerance `rel` (absolute below 1).
fn agrees_with_octave(code: &str, rel: f64) {
    let ours = numbers(&flatlab(code));
    let Some(theirs) = octave(code) else { return };
    let theirs = numbers(&theirs);
    assert_eq!(
        ours.len(),
        theirs.len(),
        "{code}\nours {ours:?}\noctave {theirs:?}"
    );
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        assert!(
            (a - b).abs() <= rel * b.abs().max(1.0),
            "{code}\nvalue {i}: ours {a}, octave {b} (tolerance {rel})"
        );
    }
}

#[test]
fn fzero_bracket_start_point_and_function_name() {
    // Brent's method and Octave's both stop at eps: 1e-12 relative.
    agrees_with_octave(
        "printf('%.17g\\n', fzero(@(x) x^2 - 2, [1 2]), fzero(@(x) x.^3 - 8, 1), \
         fzero('cos', 1), fzero(@sin, [3 4]), fzero(@(x) exp(x) - 3, [0 2]))",
        1e-12,
    );
    let out = flatlab(
        "[x, fval, flag, out] = fzero(@(x) exp(x) - 3, [0 2]); \
         printf('%d %d %s\\n', flag, abs(fval) < 1e-12, out.algorithm)",
    );
    assert_eq!(out, "1 1 bisection, interpolation\n");
}

#[test]
fn fzero_never_hangs_and_refuses_bad_brackets() {
    // no root: MATLAB gives NaN and exit flag -3 or -6, with a message
    let out = flatlab(
        "[x, fv, flag] = fzero(@(x) x.^2 + 1, 0, optimset('Display', 'off')); \
         printf('%d %d\\n', isnan(x), flag < 0)",
    );
    assert_eq!(out, "1 1\n");
    let sb = Sandbox::new("funfun-err");
    let o = sb.code("fzero(@(x) x.^2 + 1, [0 1])");
    assert!(!o.status.success());
    assert!(stderr(&o).contains("must differ in sign"), "{}", stderr(&o));
    let o = sb.code("fzero(42, 1)");
    assert!(
        stderr(&o).contains("FUN must be a function handle"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn minimizers_match_octave() {
    // different but convergent algorithms with tight tolerances: 1e-6
    agrees_with_octave(
        "o = optimset('TolX', 1e-10); printf('%.17g\\n', fminbnd(@(x) (x - 2)^2, 0, 5, o), \
         fminbnd(@cos, 3, 4, o)); \
         o = optimset('TolX', 1e-10, 'TolFun', 1e-10, 'MaxFunEvals', 10000, 'MaxIter', 10000); \
         printf('%.17g\\n', fminsearch(@(p) 100 * (p(2) - p(1)^2)^2 + (1 - p(1))^2, [-1.2 1], o))",
        1e-6,
    );
    let out = flatlab(
        "[x, fv, flag, out] = fminsearch(@(p) sum((p - [1 2]).^2), [0 0]); \
         printf('%d %d %d %s\\n', flag, out.funcCount <= 400, isequal(size(x), [1 2]), out.algorithm)",
    );
    assert_eq!(out, "1 1 1 Nelder-Mead simplex direct search\n");
    // the limit stops a function that is NaN everywhere
    let out = flatlab(
        "[x, fv, flag] = fminsearch(@(p) NaN, [1 1], optimset('Display', 'off')); printf('%d\\n', flag)",
    );
    assert_eq!(out, "0\n");
}

#[test]
fn quadrature_matches_octave() {
    // integral/quadgk meet 1e-10 absolute, 1e-6 relative, and give far better
    // on smooth integrands; quad's tolerance 1e-6 bounds the whole integral.
    agrees_with_octave(
        "printf('%.17g\\n', integral(@(x) x.^2, 0, 1), integral(@sin, 0, pi), \
         integral(@(x) exp(-x.^2), -Inf, Inf), quadgk(@(x) 1 ./ sqrt(x), 0, 1), \
         quadgk(@(x) 1 ./ (1 + x.^2), -Inf, Inf), integral(@(x) [x, x.^2], 0, 1, 'ArrayValued', true), \
         integral(@(x) abs(x - 1), 0, 2, 'Waypoints', 1))",
        1e-9,
    );
    agrees_with_octave(
        "printf('%.17g\\n', quad(@(x) 1 ./ (1 + x.^2), 0, 1), quad(@(x) exp(x), 0, 1))",
        1e-8,
    );
}

#[test]
fn integrands_are_called_with_vectors_as_matlab() {
    let sb = Sandbox::new("funfun-int");
    let o = sb.code("integral(@(x) 5, 0, 1)");
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("same size as the input"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("ArrayValued"), "{}", stderr(&o));
    // the same integrand is fine once declared array-valued
    assert_eq!(
        flatlab("printf('%g\\n', integral(@(x) 5, 0, 1, 'ArrayValued', true))"),
        "5\n"
    );
    // a divergent integral ends with a warning, not a hang
    let o = sb.code("q = integral(@(x) 1 ./ x, 0, 1);");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning:"), "{}", stderr(&o));
}

#[test]
fn ode_steps_are_octaves() {
    // Octave's step control: the same steps to the last digits.
    agrees_with_octave(
        "[t, y] = ode45(@(t, y) [y(2); (1 - y(1)^2) * y(2) - y(1)], [0 20], [2; 0]); \
         printf('%.17g\\n', numel(t), t, y(end, :)); \
         [t, y] = ode23(@(t, y) [y(2); -y(1)], [0 2], [0; 1]); printf('%.17g\\n', numel(t), t, y(end, :)); \
         [t, y] = ode45(@(t, y) -2 * y, [0 0.5 1], 1, odeset('RelTol', 1e-10, 'AbsTol', 1e-12)); \
         printf('%.17g\\n', t, y)",
        1e-9,
    );
}

#[test]
fn stiff_problems_and_sol_structs() {
    // Robertson's reaction with ode15s: the tolerances (RelTol 1e-3) apart
    agrees_with_octave(
        "[t, y] = ode15s(@(t, y) [-0.04*y(1) + 1e4*y(2)*y(3); 0.04*y(1) - 1e4*y(2)*y(3) - 3e7*y(2)^2; \
         3e7*y(2)^2], [0 40], [1; 0; 0]); printf('%.17g\\n', y(end, :))",
        1e-3,
    );
    let out = flatlab(
        "sol = ode45(@(t, y) -y, [0 1], 1); printf('%s %d %d %d\\n', sol.solver, \
         size(sol.y, 1), isequal(size(sol.x), size(sol.y)), sol.stats.nsteps == numel(sol.x) - 1)",
    );
    assert_eq!(out, "ode45 1 1 1\n");
    let sb = Sandbox::new("funfun-ode");
    let o = sb.code("[t, y] = ode45(@(t, y) -y, [0 1], 1, odeset('Events', @(t, y) y));");
    assert!(
        stderr(&o).contains("the event function must return [value, isterminal, direction]"),
        "{}",
        stderr(&o)
    );
    let o = sb.code("[t, y] = ode45(@(t, y) [1; 2], [0 1], 1);");
    assert!(
        stderr(&o).contains("same number of elements"),
        "{}",
        stderr(&o)
    );
    let o = sb.code("[t, y] = ode45(@(t, y) -y, [0 1 0.5], 1);");
    assert!(
        stderr(&o).contains("strictly increase or decrease"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn option_values_ignore_case_and_defaults() {
    let out = flatlab(
        "o = optimset('tolx', 1e-8, 'MaxIter', 50); o2 = optimset(o, 'maxiter', 10); \
         printf('%g %g %g %d\\n', optimget(o2, 'MAXITER'), optimget(o2, 'TolX'), \
         optimget(o2, 'TolFun', 7), isfield(o2, 'TolFun')); \
         e = odeset('RelTol', 1e-6); printf('%g %d %d\\n', odeget(e, 'reltol'), isempty(e.AbsTol), \
         isfield(e, 'Vectorized')); d = optimset('fzero'); printf('%s %g\\n', d.Display, d.TolX)",
    );
    assert_eq!(out, "10 1e-08 7 0\n1e-06 1 1\nnotify 2.22045e-16\n");
    let sb = Sandbox::new("funfun-opt");
    let o = sb.code("optimset('NoSuchOption', 1)");
    assert!(
        stderr(&o).contains("unrecognized option name 'NoSuchOption'"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn option_structs_keep_octaves_field_order() {
    let out = flatlab(
        "o = optimset('tolx', 1e-8, 'MaxIter', 50); o2 = optimset(o, 'maxiter', 10); \
         f = fieldnames(o2); printf('%s ', f{:}); \
         e = odeset('RelTol', 1e-6, 'AbsTol', 1); f = fieldnames(e); \
         printf('%s %s %s %d\\n', f{1}, f{2}, f{3}, numel(f))",
    );
    assert_eq!(out, "TolX MaxIter RelTol AbsTol BDF 22\n");
}
