//! The interpreter's state and control flow as a user meets them (issue
//! 10, faults 4, 6 and 11): `exist` with a type, `persistent` and `global`
//! variables (globals persist with the workspace), one warning path that
//! `warning off` and the diary see, `who`/`whos` with names, `for` over a
//! range without storing it, and a recursion limit the session survives.

mod common;

use common::tmux::{self, Tmux};
use common::{stderr, stdout, Sandbox};

/// A counter function: its persistent `k` starts as `[]`.
const COUNTER: &str = "function n = counter()\n  persistent k\n  if isempty(k)\n    k = 0;\n  end\n  k = k + 1;\n  n = k;\nend\n";

/// Runs `code`, which must fail (exit status 1) with `text` in its error.
fn fails_with(s: &Sandbox, code: &str, text: &str) {
    let o = s.code(code);
    assert_eq!(o.status.code(), Some(1), "{code}: {}", stderr(&o));
    assert!(stderr(&o).contains(text), "{code}: {}", stderr(&o));
}

/// The lines of `text`, trimmed.
fn lines(text: &str) -> Vec<String> {
    text.lines().map(|l| l.trim().to_string()).collect()
}

#[test]
fn exist_honours_its_type_argument() {
    let s = Sandbox::new("exist");
    s.write("myfun.m", "function y = myfun(x)\n  y = x;\nend\n");
    std::fs::create_dir_all(s.cwd.join("adir")).expect("mkdir");
    let out = s.ok(
        "v = 1;\n\
         disp([exist('e', 'var'), exist('pi', 'var'), exist('v', 'var'), exist('v')])\n\
         disp([exist('pi'), exist('pi', 'builtin'), exist('sin', 'file'), exist('v', 'builtin')])\n\
         disp([exist('myfun'), exist('myfun', 'file'), exist('myfun', 'builtin'), exist('myfun.m')])\n\
         disp([exist('adir'), exist('adir', 'dir'), exist('adir', 'file'), exist('myfun', 'dir')])\n\
         disp([exist('workspace'), exist('lastwarn'), exist('double', 'class'), exist('nosuch')])",
    );
    assert_eq!(
        lines(&out),
        [
            "0   0   1   1",
            "5   5   0   0",
            "2   2   0   2",
            "7   7   7   0",
            "5   5   0   0"
        ],
        "{out}"
    );
    fails_with(
        &s,
        "exist('x', 'foo')",
        "exist: unrecognized type argument \"foo\"",
    );
}

#[test]
fn persistent_variables_live_with_their_function_for_the_session() {
    let s = Sandbox::new("persistent");
    s.write("counter.m", COUNTER);
    // One command, and one command per line in a pipe: the same count.
    assert_eq!(s.ok("counter(); counter(); disp(counter())").trim(), "3");
    let o = s.pipe(&[], "counter();\ncounter();\ndisp(counter())\n");
    assert_eq!(stdout(&o).trim(), "3", "{}", stderr(&o));
    // `clear` of variables keeps them; clearing the function, functions or
    // all starts afresh.
    let out = s.ok("counter(); counter(); clear; disp(counter())\n\
         clear counter; disp(counter())\n\
         counter(); clear functions; disp(counter())\n\
         counter(); clear all; disp(counter())");
    assert_eq!(lines(&out), ["3", "1", "1", "1"], "{out}");
    // An edited file is a new function: its persistent variables start over.
    let o = s.pipe(
        &[],
        "counter();\ndisp(counter())\nsystem('echo \"% edited\" >> counter.m');\ndisp(counter())\n",
    );
    assert_eq!(lines(&stdout(&o)), ["2", "1"], "{}", stderr(&o));
    // Persistent variables are not part of the workspace.
    fails_with(&s, "persistent k", "only allowed inside functions");
}

#[test]
fn globals_are_shared_and_persist_with_the_workspace() {
    let s = Sandbox::new("global");
    s.write("gset.m", "function gset(v)\n  global G\n  G = v;\nend\n");
    s.write("gget.m", "function v = gget()\n  global G\n  v = G;\nend\n");
    // A global set in a function is the one declared at top level.
    let out = s.ok("gset(7); global G; disp(G); G = 8; disp(gget()); disp(isglobal('G'))");
    assert_eq!(lines(&out), ["7", "8", "1"], "{out}");
    // A new process: the declaration and the value are still there.
    let out = s.ok("disp(G); who");
    assert!(out.starts_with("8\n") && out.contains("G"), "{out}");
    // One variable, however it is stored; and it can be exported by name.
    let list = stdout(&s.run(&["--list"]));
    assert!(
        list.lines()
            .any(|l| l.split_whitespace().take(2).eq(["default", "1"])),
        "{list}"
    );
    let o = s.run(&["export", "-w", "default", "G", "g.json"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(
        std::fs::read_to_string(s.cwd.join("g.json")).is_ok_and(|t| t.contains("[8]")),
        "exported G"
    );
    // Declared only in a function: stored, and `global G` sees it.
    let t = Sandbox::new("global-fn");
    t.write("gset.m", "function gset(v)\n  global H\n  H = v;\nend\n");
    t.ok("gset(5);");
    let o = t.code("H");
    assert!(!o.status.success(), "H is not declared here");
    let out = t.ok("who global; global H; disp(H)");
    assert!(
        out.contains("Global variables:") && out.trim_end().ends_with('5'),
        "{out}"
    );
    let out = t.ok("whos global");
    assert!(
        out.lines().any(|l| l.starts_with("     g   H ")),
        "attribute g: {out}"
    );
    // `clear H` drops the declaration only; `clear global H` the variable.
    let out = t.ok("global H; clear H; disp(exist('H')); global H; disp(H)");
    assert_eq!(lines(&out), ["0", "5"], "{out}");
    t.ok("clear global H");
    let out = t.ok("global H; disp(size(H))");
    assert_eq!(out.trim(), "0   0", "{out}");
}

#[test]
fn declaring_a_local_global_follows_octave() {
    let s = Sandbox::new("global-local");
    let o = s.code("x = 3; global x; disp(x)");
    assert!(o.status.success());
    assert_eq!(stdout(&o).trim(), "3");
    assert!(
        stderr(&o)
            .contains("warning: global: existing local value used to initialize global variable"),
        "{}",
        stderr(&o)
    );
    // A global that exists already (set in a function) wins over the local.
    s.write("gset.m", "function gset(v)\n  global G\n  G = v;\nend\n");
    let o = s.code("gset(3); G = 4; global G; disp(G)");
    assert_eq!(stdout(&o).trim(), "3", "the global's value wins");
    assert!(
        stderr(&o).contains("global value overrides existing local value"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn history_undo_and_provenance_know_globals() {
    let s = Sandbox::new("global-history");
    s.ok("global g; g = 1;");
    s.ok("g = g + 1; y = g * 10;");
    let long = s.ok("history --long 1");
    assert!(long.contains("read        global:g"), "{long}");
    assert!(long.contains("wrote       global:g y"), "{long}");
    let prov = stdout(&s.pipe(&[], "provenance g\n"));
    assert!(
        prov.contains("global g; g = 1;") && prov.contains("g = g + 1"),
        "{prov}"
    );
    let o = s.pipe(&[], "undo\n");
    assert!(stderr(&o).contains("restored global:g"), "{}", stderr(&o));
    assert_eq!(s.ok("disp(g)").trim(), "1");
}

#[test]
fn warning_off_all_silences_the_interpreters_own_warnings() {
    let s = Sandbox::new("warnings");
    let singular = "x = [1 2; 2 4] \\ [1; 2];";
    let o = s.code(singular);
    assert!(
        stderr(&o).contains("warning: matrix singular to machine precision"),
        "{}",
        stderr(&o)
    );
    for off in [
        "warning('off', 'all');",
        "warning('off', 'Octave:singular-matrix');",
    ] {
        let o = s.code(&format!(
            "{off} {singular} warning('on', 'all'); {singular}"
        ));
        assert!(o.status.success());
        assert_eq!(
            stderr(&o).matches("warning: matrix singular").count(),
            1,
            "{off}: {}",
            stderr(&o)
        );
    }
    // Only the identifier given is off.
    let o =
        s.code("warning('off', 'My:a'); warning('My:a', 'quiet'); warning('My:b', 'loud %d', 2)");
    assert_eq!(stderr(&o), "warning: loud 2\n");
    let out = s.ok(&format!("{singular} [m, id] = lastwarn"));
    assert!(
        out.contains("m = matrix singular to machine precision")
            && out.contains("id = Octave:singular-matrix"),
        "{out}"
    );
    let out = s.ok("warning('off', 'My:c'); warning('query', 'My:c'); st = warning('query', 'My:d'); disp(st.state)");
    assert_eq!(
        lines(&out),
        ["\"My:c\" warning state is \"off\"", "on"],
        "{out}"
    );
}

#[test]
fn warnings_go_into_the_diary() {
    let s = Sandbox::new("warn-diary");
    s.ok("diary d.txt; x = [1 2; 2 4] \\ [1; 2]; warning('mine'); diary off");
    let diary = std::fs::read_to_string(s.cwd.join("d.txt")).expect("diary");
    assert!(
        diary.contains("warning: matrix singular to machine precision")
            && diary.contains("warning: mine"),
        "{diary}"
    );
}

#[test]
fn who_and_whos_list_only_the_names_asked_for() {
    let s = Sandbox::new("whos");
    s.ok("t = 1; tt = [1 2]; a = 3; b = 'x';");
    let names = |out: &str| -> Vec<String> {
        out.lines()
            .filter(|l| l.starts_with("    ") || l.starts_with("  c") || l.starts_with("     g"))
            .filter_map(|l| l.split_whitespace().next().map(str::to_string))
            .collect()
    };
    assert_eq!(names(&s.ok("whos t")), ["t"]);
    assert_eq!(names(&s.ok("whos t*")), ["t", "tt"]);
    assert_eq!(names(&s.ok("whos a b")), ["a", "b"]);
    let out = s.ok("who t*");
    assert_eq!(out.lines().nth(2).map(str::trim), Some("t   tt"), "{out}");
    assert_eq!(s.ok("who nomatch"), "");
    s.ok("save f.mat a tt");
    let out = s.ok("whos -file f.mat");
    assert!(out.starts_with("Variables in the file f.mat:"), "{out}");
    assert_eq!(names(&out), ["a", "tt"], "{out}");
}

/// `for i = 1:1e9` walked the range after storing all of it (7.8 GB).
/// Under a 1 GiB address-space limit it must run.
#[test]
fn for_over_a_huge_range_takes_no_memory() {
    let s = Sandbox::new("for-lazy");
    // `ulimit -v` is a shell builtin: no extra tool needed.
    let o = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 1048576 && exec \"$0\" -c 'for i = 1:1e9, if i == 3, break; end; end; disp(i)'")
        .arg(common::BIN)
        .env("FLATLAB_HOME", &s.home)
        .current_dir(&s.cwd)
        .output()
        .expect("run sh");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "3");
}

#[test]
fn for_over_a_range_sees_the_stored_ranges_values() {
    let s = Sandbox::new("for-values");
    let out = s.ok(
        "z = []; for x = 0:0.1:1, z(end+1) = x; end; disp(isequal(z, 0:0.1:1))\n\
         z = []; for x = 10:-1.5:1, z(end+1) = x; end; disp(isequal(z, 10:-1.5:1))\n\
         z = []; for x = -1:0.3:2, z(end+1) = x; end; disp(isequal(z, -1:0.3:2))\n\
         for i = 10:-1:1, end; disp(i)\n\
         i = 5; for i = 1:0, end; disp(size(i))\n\
         for i = 1:Inf, if i > 3, break; end; end; disp(i)",
    );
    assert_eq!(lines(&out), ["1", "1", "1", "1", "1   0", "4"], "{out}");
}

const REC: &str = "function y = rec(n)\n  y = rec(n + 1);\nend\n";
/// Recursion through every kind of block, so each level takes more stack.
const DEEP: &str = "function y = deep(n)\n  y = 0;\n  if n > 0\n    for k = 1:1\n      while true\n        try\n          switch 1\n            case 1\n              y = 1 + deep(n - 1);\n          end\n        catch e\n          rethrow(e);\n        end\n        break;\n      end\n    end\n  end\nend\n";

#[test]
fn infinite_recursion_is_an_error_the_session_survives() {
    let s = Sandbox::new("recursion");
    s.write("rec.m", REC);
    fails_with(&s, "rec(1)", "error: max_recursion_depth exceeded");
    // The pipe goes on with the next line.
    let o = s.pipe(&[], "rec(1)\ndisp('after')\n");
    assert_eq!(stdout(&o).trim(), "after", "{}", stderr(&o));
    // Caught like any error.
    assert_eq!(
        s.ok("try, rec(1); catch e, disp(e.message); end").trim(),
        "max_recursion_depth exceeded"
    );
    // A script that runs itself, and eval of eval: errors, not a crash.
    s.write("again.m", "again\n");
    fails_with(&s, "again", "max_recursion_depth exceeded");
    fails_with(&s, "s = 'eval(s)'; eval(s)", "max_stack_depth exceeded");
    // Even with the limit raised past what the stack holds.
    fails_with(
        &s,
        "max_recursion_depth(1e9); rec(1)",
        "max_stack_depth exceeded",
    );
}

#[test]
fn deep_recursion_within_the_limit_works_through_every_door() {
    let s = Sandbox::new("deep");
    s.write("deep.m", DEEP);
    let code = "disp(deep(255))";
    assert_eq!(s.ok(code).trim(), "255", "256 nested calls via -c");
    let o = s.pipe(&[], &format!("{code}\n"));
    assert_eq!(stdout(&o).trim(), "255", "pipe: {}", stderr(&o));
    let f = s.write("top.m", &format!("{code}\n"));
    let o = s.run(&[f.to_str().expect("utf-8 temp path")]);
    assert_eq!(stdout(&o).trim(), "255", "script: {}", stderr(&o));
    // One more level is over the limit; the limit can be raised.
    fails_with(&s, "deep(256)", "max_recursion_depth exceeded");
    let out = s.ok(
        "old = max_recursion_depth(300); disp(old); disp(deep(290)); disp(max_recursion_depth)",
    );
    assert_eq!(lines(&out), ["256", "290", "300"], "{out}");
}

/// The same at the interactive prompt: deep recursion works, runaway
/// recursion is an error and the prompt comes back, and Ctrl-C stops a
/// loop over a range too large to store.
#[test]
fn recursion_and_huge_loops_at_the_repl() {
    if !tmux::available() {
        return;
    }
    let s = Sandbox::new("state-repl");
    s.write("deep.m", DEEP);
    s.write("rec.m", REC);
    let t = Tmux::start(&s, &s.cwd, "state-repl", 100);
    t.wait_for("prompt", |sc| sc.contains(">>"));
    t.type_text("disp(deep(255) + 1000)", true);
    t.wait_for("deep result", |sc| sc.contains("1255"));
    t.type_text("rec(1)", true);
    t.wait_for("recursion error", |sc| {
        sc.contains("error: max_recursion_depth exceeded")
    });
    t.type_text("disp('looping'); for i = 1:1e15, end", true);
    t.wait_for("loop started", |sc| sc.contains("\nlooping"));
    t.key("C-c");
    t.wait_for("interrupted", |sc| sc.contains("interrupt"));
    t.type_text("disp(i > 1)", true);
    t.wait_for("session goes on", |sc| sc.lines().any(|l| l.trim() == "1"));
    t.type_text("exit", true);
    t.wait_exit("exit");
}
