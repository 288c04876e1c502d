//! The help system: every example in a builtin's help text runs and prints
//! what the help says it prints (the help and the behaviour come from one
//! place and cannot drift apart); every builtin has help text, except
//! those listed in `tests/help_undocumented.txt`, a list that may only
//! shrink; and `help`, `which`, `type`, `what` and `lookfor` answer through
//! every door.

mod common;
use common::{same_through_doors, Sandbox};
use flatlab::builtins::help::{lookup, DOCS};

const UNDOCUMENTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/help_undocumented.txt");

/// Output compared without trailing blank lines and trailing blanks.
fn norm(s: &str) -> String {
    let lines: Vec<&str> = s.lines().map(str::trim_end).collect();
    lines.join("\n").trim_end().to_string()
}

#[test]
fn every_help_example_prints_what_its_help_says() {
    let mut failures = Vec::new();
    let mut count = 0;
    for d in DOCS {
        for (code, want) in d.examples {
            count += 1;
            let s = Sandbox::new("help-example");
            let o = s.code(code);
            let got = String::from_utf8_lossy(&o.stdout).into_owned();
            if norm(&got) != norm(want) || !o.status.success() {
                failures.push(format!(
                    "{} ({}): >> {code}\n--- help says\n{want}\n--- flatlab prints\n{got}{}",
                    d.names[0],
                    d.file,
                    String::from_utf8_lossy(&o.stderr)
                ));
            }
        }
    }
    assert!(
        count > 0,
        "no examples found: is build.rs collecting the help?"
    );
    assert!(
        failures.is_empty(),
        "{} of {count} help examples print something else:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_builtin_has_help_except_the_listed_ones() {
    let mut names: Vec<&str> = flatlab::builtins::names();
    names.sort_unstable();
    names.dedup();
    let missing: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| lookup(n).is_none())
        .collect();
    if std::env::var_os("FLATLAB_HELP_BLESS").is_some() {
        let mut text = String::from(
            "# Builtins without help text yet (tests/help.rs). A list that may only\n# shrink: write the help (a doc comment `/// NAME: summary`, calling\n# forms and a ```text block of examples) and delete the name here.\n",
        );
        for n in &missing {
            text.push_str(n);
            text.push('\n');
        }
        std::fs::write(UNDOCUMENTED, text).expect("write the undocumented list");
        return;
    }
    let listed = std::fs::read_to_string(UNDOCUMENTED).unwrap_or_default();
    let listed: Vec<&str> = listed
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect();
    let new: Vec<&&str> = missing.iter().filter(|n| !listed.contains(n)).collect();
    assert!(
        new.is_empty(),
        "builtins without help text (write a doc comment `/// NAME: summary` on each): {new:?}"
    );
    let stale: Vec<&&str> = listed.iter().filter(|n| !missing.contains(n)).collect();
    assert!(
        stale.is_empty(),
        "these have help now (or are no builtin): delete them from tests/help_undocumented.txt: {stale:?}"
    );
    println!(
        "{} of {} builtins have help text",
        names.len() - missing.len(),
        names.len()
    );
}

#[test]
fn help_which_type_and_lookfor_through_every_door() {
    let code = r#"fid = fopen('twice.m', 'w'); fprintf(fid, 'function y = twice(x)\n%% TWICE doubles its input.\n%%   y = twice(x) returns 2*x.\ny = 2*x;\n'); fclose(fid);
disp(strrep(help('twice'), [pwd '/'], './'))
s = help('twice'); disp(strncmp(s, '''twice'' is a function from the file ', 36))
h = help('polyval'); disp(strncmp(h, '''polyval'' is a built-in function from the file src/builtins/polynomial/fit.rs', 70))
which polyval
x = 1; which x
disp(which('twice')(end-6:end)), disp(which('polyval')), disp(which('x')), disp(isempty(which('no_such_thing')))
type twice
[n, s] = lookfor('polynomial'); disp(any(strcmp(n, 'roots')))
try, help no_such_thing, catch e, disp(e.message), end
"#;
    let want = "'twice' is a function from the file ./twice.m\n\n TWICE doubles its input.\n   y = twice(x) returns 2*x.\n\n\n1\n1\n'polyval' is a built-in function from the file src/builtins/polynomial/fit.rs\n'x' is a variable\ntwice.m\nbuilt-in\nvariable\n1\n\nfunction y = twice(x)\n% TWICE doubles its input.\n%   y = twice(x) returns 2*x.\ny = 2*x;\n1\nhelp: 'no_such_thing' not found\n";
    assert_eq!(same_through_doors(code), want);
}
