//! History across processes and sessions: filters, session boundaries, the
//! recorded context, and a session killed with SIGKILL.

mod common;

use common::Sandbox;
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

fn text(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn lines_of(s: &str) -> Vec<String> {
    s.lines().map(|l| l.to_string()).collect()
}

#[test]
fn history_filters_sessions_and_context_across_processes() {
    let sb = Sandbox::new("history");
    let other = sb.cwd.join("other");
    std::fs::create_dir_all(&other).unwrap();

    // Session 1: a pipe in the sandbox directory, with a failure and a clear.
    let o = sb.pipe(
        &["-w", "h"],
        "x = 1;\ny = x + 2;\nz = no_such_thing + 1;\nclear y\n",
    );
    assert!(!o.status.success());
    // Session 2: -c in another directory.
    let o = sb
        .cmd()
        .current_dir(&other)
        .args(["-w", "h", "-c", "w = x * 3;"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{o:?}");

    // Session 3: killed with SIGKILL after two acknowledged commands.
    let mut child = sb
        .cmd()
        .args(["-w", "h"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    writeln!(stdin, "k1 = 10;\nk2 = k1 + 1;\ndisp('ack')").unwrap();
    stdin.flush().unwrap();
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    assert_eq!(line.trim(), "ack");
    child.kill().unwrap();
    child.wait().unwrap();

    let hist = |args: &[&str]| {
        let mut a = vec!["history", "-w", "h"];
        a.extend_from_slice(args);
        let o = sb.run(&a);
        assert!(o.status.success(), "{o:?}");
        lines_of(&text(&o))
    };
    let all = hist(&["--all"]);
    let texts: Vec<&str> = all
        .iter()
        .map(|l| {
            l.split("  ")
                .filter(|s| !s.is_empty())
                .nth(2)
                .unwrap_or("")
                .trim()
        })
        .collect();
    // The kill may land before or after `disp('ack')` itself committed
    // (its output comes first); every command before it is there.
    assert!(texts.len() == 7 || texts.len() == 8, "{all:#?}");
    assert_eq!(
        texts[..7],
        [
            "x = 1;",
            "y = x + 2;",
            "z = no_such_thing + 1;",
            "clear y",
            "w = x * 3;",
            "k1 = 10;",
            "k2 = k1 + 1;",
        ],
        "{all:#?}"
    );
    // Numbers are consecutive across sessions.
    assert!(all[0].trim_start().starts_with("1 "));
    assert!(all[6].trim_start().starts_with("7 "));
    // The command run elsewhere is marked with its directory.
    assert!(
        all[4].contains(&format!("[in {}]", other.display())),
        "{}",
        all[4]
    );
    assert!(!all[0].contains("[in "), "{}", all[0]);
    assert!(
        all[2].contains("[error: 'no_such_thing' undefined"),
        "{}",
        all[2]
    );

    assert_eq!(hist(&["--failed"]).len(), 1);
    let wrote_y = hist(&["--wrote", "y"]);
    assert_eq!(wrote_y.len(), 2, "{wrote_y:?}"); // assigned, then cleared
    assert!(wrote_y[1].contains("clear y"));
    let read_x = hist(&["--read", "x"]);
    assert_eq!(read_x.len(), 2, "{read_x:?}");
    assert_eq!(hist(&["--here"]).len(), all.len() - 1);
    assert_eq!(hist(&["--grep", "k[12]"]).len(), 2);
    assert_eq!(hist(&["2"]).len(), 2);
    // A bare --session from the command line is the latest session: the
    // killed one, whose acknowledged commands are all there.
    let last = hist(&["--session"]);
    assert!(last.len() == 2 || last.len() == 3, "{last:?}");
    assert!(last[0].contains("k1 = 10;"));

    // Sessions: two clean ends, then the killed one.
    let sessions = hist(&["--sessions"]);
    assert_eq!(sessions.len(), 3, "{sessions:?}");
    assert!(sessions[0].contains("ended") && sessions[0].contains("(pipe,"));
    assert!(sessions[1].contains("ended") && sessions[1].contains("(-c,"));
    assert!(sessions[2].contains("crashed or killed"), "{}", sessions[2]);

    // --long shows the recorded context of a command.
    let long = hist(&["--long", "--grep", "clear"]).join("\n");
    assert!(long.contains("cleared     y"), "{long}");
    assert!(long.contains(&format!("directory   {}", sb.cwd.display())));
    assert!(long.contains("generation  3 -> 4"), "{long}");
    assert!(long.contains("(pipe)"), "{long}");
    let long = hist(&["--long", "--grep", "^w ="]).join("\n");
    assert!(long.contains("read        x"), "{long}");
    assert!(long.contains("wrote       w"), "{long}");

    // Inside a session, `history --session` is that session only (the
    // running `history` command is recorded once it completes).
    let o = sb.pipe(&["-w", "h"], "q = 5;\nr = 6;\nhistory --session\n");
    let own = lines_of(&text(&o));
    assert_eq!(own.len(), 2, "{own:?}");
    assert!(own[0].contains("q = 5;") && own[1].contains("r = 6;"));

    // Bad options are errors naming the option; a missing workspace too.
    let o = sb.run(&["history", "-w", "h", "--bogus"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown option '--bogus'"));
    let o = sb.run(&["history", "-w", "nope"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no workspace named 'nope'"));
}
