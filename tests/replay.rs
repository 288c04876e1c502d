//! undo/redo, rerun and provenance through the real binary, across
//! processes.

mod common;

use common::Sandbox;

fn out(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn undo_and_redo_survive_restarts_and_cover_clears_edits_and_failures() {
    let sb = Sandbox::new("undo");
    let o = sb.pipe(
        &["-w", "u"],
        "x = 1;\ny = x + 10;\nA = zeros(300000, 1);\nx = 5;\nclear y\nA(7) = 3;\nz = x * 2; w = undefined_fn(1);\n",
    );
    assert!(!o.status.success()); // the last command failed after z = ...
                                  // A new process undoes what the earlier one did, newest first. The
                                  // failed command's completed part (z) is undone too.
    let o = sb.pipe(
        &["-w", "u"],
        "undo\ndisp(exist('z'))\nundo\ndisp(A(7))\nundo\ndisp(y)\nundo\ndisp(x)\n",
    );
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(out(&o), "0\n0\n11\n1\n");
    let e = err(&o);
    assert!(e.contains("undid command 7; removed z"), "{e}");
    assert!(e.contains("undid command 6; restored A"), "{e}");
    assert!(e.contains("undid command 5; restored y"), "{e}");
    assert!(e.contains("undid command 4; restored x"), "{e}");
    // Redo in yet another process reapplies the last undone first.
    let o = sb.run(&["-w", "u", "-c", "redo"]);
    assert!(o.status.success(), "{}", err(&o));
    let o = sb.run(&["-w", "u", "-c", "disp(x); disp(exist('y'))"]);
    assert_eq!(out(&o), "5\n1\n");
    let o = sb.pipe(&["-w", "u"], "redo\ndisp(exist('y'))\nredo\ndisp(A(7))\n");
    assert_eq!(out(&o), "0\n3\n", "{}", err(&o));
    // `undo N` goes back to the state before command N.
    let o = sb.pipe(&["-w", "u"], "undo 2\nwho\n");
    assert!(o.status.success(), "{}", err(&o));
    let who = out(&o);
    assert!(
        who.contains('x') && !who.contains('y') && !who.contains('A'),
        "{who}"
    );
    let o = sb.run(&["-w", "u", "-c", "disp(x)"]);
    assert_eq!(out(&o), "1\n");
    // A new change clears the redo stack.
    let o = sb.pipe(&["-w", "u"], "q = 1;\nredo\n");
    assert!(err(&o).contains("redo: nothing to redo"), "{}", err(&o));
    // The history shows what undo did.
    let o = sb.run(&["history", "-w", "u", "--all", "--grep", "^undo"]);
    assert!(out(&o).contains("[undid "), "{}", out(&o));
    // And `undo = 3` is still an ordinary assignment.
    let o = sb.run(&["-w", "u", "-c", "undo = 3; disp(undo + 1)"]);
    assert_eq!(out(&o), "4\n", "{}", err(&o));
}

#[test]
fn rerun_refuses_file_commands_from_elsewhere_and_reports_changed_inputs() {
    let sb = Sandbox::new("rerun");
    let a = sb.cwd.join("a");
    let b = sb.cwd.join("b");
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    let run_in = |dir: &std::path::Path, input: &str| sb.pipe_in(dir, &["-w", "r"], input);
    // 1: x = 2; 2: save out.json x (a file effect, in a); 3: y = x * 3 (pure).
    let o = run_in(&a, "x = 2;\nsave out.json x\ny = x * 3;\n");
    assert!(o.status.success(), "{}", err(&o));
    assert!(a.join("out.json").exists());
    // From b, the save is refused with the reason and both ways out.
    let o = run_in(&b, "rerun 2\n");
    assert!(!o.status.success());
    let e = err(&o);
    assert!(
        e.contains("rerun: command 2 (save out.json x) touched files"),
        "{e}"
    );
    assert!(e.contains("--here") && e.contains("--there"), "{e}");
    assert!(!b.join("out.json").exists());
    // --here writes in b; --there writes in a again (and comes back).
    let o = run_in(&b, "rerun 2 --here\n");
    assert!(o.status.success(), "{}", err(&o));
    assert!(b.join("out.json").exists());
    std::fs::remove_file(a.join("out.json")).unwrap();
    let o = run_in(&b, "rerun 2 --there\ndisp(pwd)\n");
    assert!(o.status.success(), "{}", err(&o));
    assert!(a.join("out.json").exists());
    assert_eq!(out(&o).trim(), b.display().to_string());
    // A pure command reruns anywhere; changed inputs are named.
    let o = run_in(&b, "x = 10;\nrerun 3\ndisp(y)\n");
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(out(&o), "30\n");
    assert!(
        err(&o).contains("the inputs of command 3 changed since it ran: x"),
        "{}",
        err(&o)
    );
    // The rerun is recorded as a new command naming its origin; -1 is the last.
    let o = sb.run(&["history", "-w", "r", "3"]);
    assert!(out(&o).contains("[rerun of 3]"), "{}", out(&o));
    let o = run_in(&b, "rerun -1\n");
    assert!(o.status.success(), "{}", err(&o));
    // delete and cd recorded in a are refused from b too.
    std::fs::write(a.join("junk.txt"), "1").unwrap();
    let o = run_in(&a, "delete junk.txt\ncd ..\n");
    assert!(o.status.success(), "{}", err(&o));
    let o = sb.run(&["history", "-w", "r", "2"]);
    let last = out(&o);
    let seqs: Vec<&str> = last
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    for seq in seqs {
        let o = run_in(&b, &format!("rerun {seq}\n"));
        assert!(!o.status.success(), "rerun {seq} ran: {last}");
        assert!(err(&o).contains("touched files"), "{}", err(&o));
    }
    let o = run_in(&b, "rerun 99\n");
    assert!(err(&o).contains("rerun: no command 99"), "{}", err(&o));
}

#[test]
fn provenance_script_rebuilds_the_variable_bit_for_bit_in_a_fresh_workspace() {
    let sb = Sandbox::new("prov");
    let o = sb.pipe(
        &["-w", "p"],
        "a = (1:6) / 7;\nb = magic(4);\nnoise = 42;\nc = b(1:2, 1:3) * 3.1;\nd = a(1:3) .^ 2;\nunrelated = noise + 1;\nx = c * d' + sum(a);\nx = x / 3;\n",
    );
    assert!(o.status.success(), "{}", err(&o));
    let want = out(&sb.run(&[
        "-w",
        "p",
        "-c",
        "format long; disp(x); disp(sprintf('%.17g ', x))",
    ]));
    assert!(want.contains("2.0755102040816324"), "{want}");
    let o = sb.run(&["-w", "p", "-c", "provenance x --script recipe.m"]);
    assert!(o.status.success(), "{}", err(&o));
    let listing = out(&o);
    // The chain: a, b, c, d, x, x (6 commands); noise and unrelated are not in it.
    assert_eq!(listing.lines().count(), 6, "{listing}");
    assert!(!listing.contains("noise"), "{listing}");
    let recipe = std::fs::read_to_string(sb.cwd.join("recipe.m")).unwrap();
    assert!(recipe.contains("x = x / 3;"), "{recipe}");
    // Replayed in a fresh workspace, the recipe gives the same x, bit for bit.
    let o = sb.run(&["-w", "fresh", "recipe.m"]);
    assert!(o.status.success(), "{}", err(&o));
    let got = out(&sb.run(&[
        "-w",
        "fresh",
        "-c",
        "format long; disp(x); disp(sprintf('%.17g ', x))",
    ]));
    assert_eq!(got, want);
    // Undoing the last command moves x's provenance back one step.
    let o = sb.pipe(&["-w", "p"], "undo\nprovenance x\n");
    assert_eq!(out(&o).lines().count(), 5, "{}", out(&o));
}
