//! The real binary, end to end: modes, exit statuses, persistence between
//! processes, function files looked up at every call.

mod common;
use common::{stderr, stdout, Sandbox};

#[test]
fn variables_persist_between_processes() {
    let s = Sandbox::new("persist");
    let o = s.code("x = 42; name = 'flat'; z = 3 - 4i; m = [1 2; 3 4] > 2;");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "", "assignments with ';' print nothing");
    let o = s.code("disp(x); disp(name); disp(abs(z)); disp(class(m))");
    assert_eq!(stdout(&o), "42\nflat\n5\nlogical\n", "{}", stderr(&o));
}

#[test]
fn exit_statuses() {
    let s = Sandbox::new("status");
    assert_eq!(s.code("y = 1;").status.code(), Some(0));
    let o = s.code("a = 1; b = undefined_thing + 1; c = 3;");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("undefined_thing"), "{}", stderr(&o));
    // What ran before the error is kept; what came after never ran.
    let o = s.code("disp(exist('a')); disp(exist('c'))");
    assert_eq!(stdout(&o), "1\n0\n");
    assert_eq!(s.run(&["--no-such-option"]).status.code(), Some(2));
    assert_eq!(s.run(&["-w"]).status.code(), Some(2));
}

#[test]
fn script_runs_in_the_workspace_and_stops_at_an_error() {
    let s = Sandbox::new("script");
    s.write(
        "setup.m",
        "a = 10;\nb = a * 2;\nerror('my:id', 'stopped at %d', b);\nc = 1;\n",
    );
    let o = s.run(&["setup.m"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("stopped at 20"), "{}", stderr(&o));
    let o = s.code("disp(a + b); disp(exist('c'))");
    assert_eq!(stdout(&o), "30\n0\n");
}

#[test]
fn piped_commands_run_as_they_arrive_with_multiline_blocks() {
    let s = Sandbox::new("pipe");
    let o = s.pipe(
        &[],
        "total = 0;\nfor k = 1:4\n  total = total + k;\nend\ndisp(total)\nnope(1)\ndisp('after')\n",
    );
    assert_eq!(stdout(&o), "10\nafter\n");
    assert_eq!(
        o.status.code(),
        Some(1),
        "an uncaught error in a piped command sets status 1"
    );
    // Notices never reach stdout.
    let o = s.pipe(&[], "disp(total)\n");
    assert_eq!(stdout(&o), "10\n");
}

#[test]
fn workspaces_are_separate_and_listed() {
    let s = Sandbox::new("list");
    s.run(&["-w", "alpha", "-c", "v = 1:1000;"]);
    s.run(&["-w", "beta", "-c", "w = 1;"]);
    let o = s.run(&["-w", "beta", "-c", "disp(exist('v'))"]);
    assert_eq!(stdout(&o), "0\n");
    let o = s.run(&["--list"]);
    let out = stdout(&o);
    assert!(out.contains("alpha") && out.contains("beta"), "{out}");
}

#[test]
fn edited_function_file_takes_effect_on_next_call() {
    let s = Sandbox::new("fn");
    s.write("twice.m", "function y = twice(x)\n  y = 2 * x;\nend\n");
    s.pipe(&[], "r1 = twice(5);\n");
    // Rewrite with a different body (and size) between calls.
    s.write(
        "twice.m",
        "function y = twice(x)\n  y = 2 * x + 100;\nend\n",
    );
    let o = s.pipe(&[], "r2 = twice(5);\ndisp([r1 r2])\n");
    assert_eq!(stdout(&o), "    10   110\n", "{}", stderr(&o));
}

#[test]
fn function_files_with_subfunctions_and_multiple_outputs() {
    let s = Sandbox::new("subfn");
    s.write(
        "stats2.m",
        "function [m, r] = stats2(v)\n  m = helper(v) / numel(v);\n  if nargout > 1\n    r = max(v) - min(v);\n  end\nend\nfunction s = helper(v)\n  s = sum(v);\nend\n",
    );
    let o = s.code("[m, r] = stats2([1 2 3 6]); disp(m); disp(r); q = stats2(4);");
    assert_eq!(stdout(&o), "3\n5\n", "{}", stderr(&o));
    let o = s.code("helper(1)");
    assert_eq!(
        o.status.code(),
        Some(1),
        "subfunctions are private to their file"
    );
}

#[test]
fn error_in_function_names_file_and_line() {
    let s = Sandbox::new("fnerr");
    s.write(
        "bad.m",
        "function bad()\n  x = 1;\n  y = x + nothere;\nend\n",
    );
    let o = s.code("bad()");
    let err = stderr(&o);
    assert!(err.contains("nothere"), "{err}");
    assert!(err.contains("bad") && err.contains("line 3"), "{err}");
}

#[test]
fn parse_error_points_at_the_column() {
    let s = Sandbox::new("parse");
    let o = s.code("x = (1 + )");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("parse error"), "{err}");
    assert!(
        err.contains("x = (1 + )") && err.contains("         ^"),
        "{err}"
    );
}

#[test]
fn second_process_gets_a_clear_in_use_error() {
    use std::io::Write;
    let s = Sandbox::new("lock");
    let mut holder = s
        .cmd()
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn holder");
    let mut stdin = holder.stdin.take().expect("piped");
    // Wait until the holder has the workspace open (it answers a command).
    stdin.write_all(b"disp('ready')\n").expect("write");
    stdin.flush().expect("flush");
    let mut out = holder.stdout.take().expect("piped");
    let mut buf = [0u8; 6];
    std::io::Read::read_exact(&mut out, &mut buf).expect("holder answers");
    assert_eq!(&buf, b"ready\n");
    let o = s.code("x = 1;");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("default") && err.contains("in use"), "{err}");
    assert!(
        err.contains(&holder.id().to_string()),
        "names the other process: {err}"
    );
    drop(stdin);
    let _ = holder.wait();
    // Once the holder has exited, the workspace opens again.
    assert_eq!(s.code("x = 1;").status.code(), Some(0));
}

#[test]
fn help_and_version() {
    let s = Sandbox::new("help");
    let o = s.run(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("flatlab -c 'CODE'"));
    let o = s.run(&["--version"]);
    assert!(stdout(&o).starts_with("flatlab "));
}
