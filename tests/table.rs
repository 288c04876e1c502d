//! The one builtin table, through every door: interpreter builtins are
//! found by `exist` as any other, `fputs`/`puts` return their status,
//! `s = whos` is Octave's struct array, `delete(h)` deletes graphics
//! objects, `input`'s errors; `input` and `keyboard` reading the next line
//! of a pipe, of standard input under `-c` and in a script, and at the
//! prompt (tmux); what ran before `input` waits is durable (kill -9 while
//! it waits); tab completion lists names with their summaries (tmux). The
//! expected text of the doors test is octave-cli 7.3's output of the same
//! code.

mod common;
use common::{kill_after_ack, same_through_doors, stderr, stdout, Sandbox};

const CODE: &str = r#"s = fputs(1, "a\n"), t = puts("b\n"), u = puts(5)
disp([exist('clear'), exist('disp'), exist('puts'), exist('eval'), exist('input'), exist('whos')])
clear; a = [1 2 3]; z = 1+2i; w = whos; disp(size(w)); disp([w.bytes]); disp(w(2).complex); disp(getfield(w(1).nesting, 'function')); disp(class(w(1).size))
e = whos('nomatch'); disp(size(e)); disp(strjoin(fieldnames(e)', ' '))
f = figure('visible', 'off'); h = plot(1:10); delete(h); disp(size(get(gca, 'children')))
ax = gca; delete(ax); disp(isempty(get(f, 'children')))
delete(f); disp(isfigure(f))
try, delete(), catch err, disp(strtok(err.message, ':.')), end
try, delete(struct()), catch err, disp(err.message), end
try, input('x', 'y'), catch err, disp(err.message), end
try, input(1), catch err, disp(err.message), end
"#;

const WANT: &str = r#"a
s = 0
b
t = 0
u = -1
   5   5   5   5   5   5
   2   1
   24   16
1
top scope
double
   0   1
name size bytes class global sparse complex nesting persistent
   0   1
1
0
Invalid call to delete
delete: first argument must be a filename or graphics handle
input: second argument must be 's'.
input: unrecognized argument
"#;

#[test]
fn interpreter_builtins_answer_as_octave_through_every_door() {
    assert_eq!(same_through_doors(CODE), WANT);
}

const ASK: &str = "x = input('value? '); y = input('name? ', 's'); disp(x * 2); disp(['<' y '>'])";

#[test]
fn input_reads_standard_input_under_c_and_in_scripts() {
    // octave-cli --eval with the same standard input prints the same.
    let want = "value? name? 14\n<Ada Lovelace>\n";
    let s = Sandbox::new("table-input-c");
    let o = s.pipe(&["-c", ASK], "3+4\nAda Lovelace\n");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), want);
    let s = Sandbox::new("table-input-script");
    s.write("ask.m", ASK);
    let o = s.pipe(&["ask.m"], "3+4\nAda Lovelace\n");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), want);
    // At the end of the input: Octave's error.
    let o = s.pipe(&["-c", "x = input('v: ')"], "");
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("input: reading user-input failed!"),
        "{}",
        stderr(&o)
    );
    // An empty line is [] (or '' with 's').
    let o = s.pipe(
        &[
            "-c",
            "x = input(''); y = input('', 's'); disp(size(x)), disp(class(y))",
        ],
        "\n\n",
    );
    assert_eq!(stdout(&o), "   0   0\nchar\n");
}

#[test]
fn input_in_a_pipe_takes_the_next_line_which_is_not_run() {
    let s = Sandbox::new("table-input-pipe");
    let o = s.pipe(&[], &format!("{ASK}\n3+4\nAda Lovelace\ndisp('after')\n"));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "value? name? 14\n<Ada Lovelace>\nafter\n");
    // The lines read were not commands: the history has three.
    let h = s.ok("h = evalc('history --all'); disp(numel(strfind(h, 'Ada')))");
    assert_eq!(h, "0\n");
}

#[test]
fn keyboard_runs_lines_in_the_callers_workspace() {
    let s = Sandbox::new("table-keyboard");
    s.write(
        "kb.m",
        "function r = kb()\n  v = 1;\n  keyboard\n  r = v;\nend\n",
    );
    let o = s.pipe(&[], "r = kb()\nv = v + 41\ndbcont\ndisp(r)\n");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "keyboard> v = 42\nkeyboard> r = 42\n42\n");
}

#[test]
fn what_ran_before_input_waits_is_durable() {
    let s = Sandbox::new("table-input-durable");
    // The prompt shows only once `a` (an earlier command of the group) and
    // `x` (the running command's change) are durable; then kill -9.
    kill_after_ack(&s, "a = 1;\nx = 42; y = input(sprintf('ack\\n'));\n");
    assert_eq!(s.ok("disp([a x])"), "    1   42\n");
}

#[test]
fn repl_completes_names_with_summaries_and_input_reads_the_terminal() {
    if !common::tmux::available() {
        return;
    }
    let s = Sandbox::new("table-repl");
    let t = common::tmux::Tmux::start(&s, &s.cwd, "table-repl", 120);
    t.wait_for("the prompt", |sc| sc.contains(">> "));
    // One candidate: completed in the line.
    t.type_text("polyf", false);
    t.key("Tab");
    t.wait_for("the completed name", |sc| sc.contains(">> polyfit"));
    t.key("C-c");
    t.wait_for("a fresh prompt", at_fresh_prompt);
    // Several: listed with their summaries.
    t.type_text("poly", false);
    t.key("Tab");
    t.key("Tab");
    let sc = t.wait_for("the candidates", |sc| {
        sc.contains("polyval  -- evaluate a polynomial")
    });
    assert!(sc.contains("polyfit  -- fit a polynomial"), "{sc}");
    t.key("C-c");
    t.wait_for("a fresh prompt", at_fresh_prompt);
    t.type_text("x = input('val? ')", true);
    // (The command line itself contains "val? ": wait for the prompt's own
    // line, or the answer may be typed before input reads it.)
    t.wait_for("the input prompt", |sc| {
        sc.lines().any(|l| l.starts_with("val? "))
    });
    t.type_text("3+4", true);
    let sc = t.wait_for("the answer", |sc| sc.contains("x = 7"));
    assert!(sc.contains("val? 3+4"), "{sc}");
    t.ctrl_d_exit();
}

/// Whether the screen's last line is an empty prompt (keys typed before
/// the fresh prompt shows, after Ctrl-C, can be lost).
fn at_fresh_prompt(sc: &str) -> bool {
    sc.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim_end().ends_with(">>"))
}
