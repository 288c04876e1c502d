//! `save`/`load` forms with JSON, CSV and ASCII text files, the delimited
//! text builtins, and `flatlab export`/`flatlab import`, driving the real
//! binary.

mod common;
use common::{stderr, stdout, Sandbox};

fn read(sb: &Sandbox, name: &str) -> String {
    std::fs::read_to_string(sb.cwd.join(name)).expect("file written")
}

#[test]
fn save_ascii_command_syntax_writes_matlab_layout() {
    let sb = Sandbox::new("fmt-ascii");
    sb.ok("x = [1 2.5; -3 1e10]; s = 'hi'; save -ascii a.txt x");
    assert_eq!(
        read(&sb, "a.txt"),
        "   1.0000000e+00   2.5000000e+00\n  -3.0000000e+00   1.0000000e+10\n"
    );
    sb.ok("save('b.txt', 'x', 's', '-ascii', '-double', '-tabs')");
    let b = read(&sb, "b.txt");
    assert!(b.starts_with("   1.0000000000000000e+00\t   2.5000000000000000e+00\n"));
    assert!(
        b.ends_with("   1.0400000000000000e+02\t   1.0500000000000000e+02\n"),
        "{b}"
    );
    // .txt without -ascii is ASCII too; -append adds text.
    sb.ok("y = 7; save c.txt y; save c.txt y -append");
    assert_eq!(read(&sb, "c.txt"), "   7.0000000e+00\n   7.0000000e+00\n");
}

#[test]
fn load_ascii_names_the_variable_after_the_file() {
    let sb = Sandbox::new("fmt-loadascii");
    sb.write("1bad-name.txt", "% comment\n1, 2\n3 4 % trailing\n");
    let out =
        sb.ok("load 1bad-name.txt; disp(X1bad_name); A = load('1bad-name.txt'); disp(size(A))");
    assert_eq!(out, "   1   2\n   3   4\n   2   2\n");
    sb.write("rag.txt", "1 2 3\n4 5\n");
    let o = sb.code("z = 1; load rag.txt");
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("Number of columns on line 2 of ASCII file rag.txt"),
        "{}",
        stderr(&o)
    );
    // The failed load left the workspace as it was.
    assert_eq!(sb.ok("disp(exist('rag'))"), "0\n");
}

#[test]
fn json_save_load_append_and_selection() {
    let sb = Sandbox::new("fmt-json");
    sb.ok("a = [1 2; 3 4]; b = 'text'; c = true; save('w.json')");
    sb.ok("clear all; d = 5; save w.json d -append");
    let out = sb.ok("clear all; load w.json a d; disp(a); disp(d); disp(exist('b'))");
    assert_eq!(out, "   1   2\n   3   4\n5\n0\n");
    let out = sb.ok("S = load('w.json'); disp(S.b); disp(class(S.c))");
    assert_eq!(out, "text\nlogical\n");
    let out = sb.ok("clear all; load('w.json', '?'); who");
    assert!(out.contains('a') && out.contains('b') && out.contains('c') && out.contains('d'));
}

#[test]
fn save_load_errors() {
    let sb = Sandbox::new("fmt-err");
    let o = sb.code("load nofile.mat");
    assert!(
        stderr(&o).contains("load: unable to find file nofile.mat"),
        "{}",
        stderr(&o)
    );
    let o = sb.code("x = 1; save f.json nosuch");
    assert!(
        stderr(&o).contains("save: no such variable 'nosuch'"),
        "{}",
        stderr(&o)
    );
    let o = sb.code("x = 1; y = 2; save f.csv");
    assert!(
        stderr(&o).contains("exactly one variable"),
        "{}",
        stderr(&o)
    );
    let o = sb.code("x = 1; save -bogus f.mat x");
    assert!(
        stderr(&o).contains("save: Unrecognized option '-bogus'"),
        "{}",
        stderr(&o)
    );
    let o = sb.code("load w.json zz");
    assert!(!o.status.success());
    // -append never drops entries the reader had to skip (Octave's cells).
    let oc = r#"{"variables": {"a": {"class": "double", "size": [1,1], "data": [1]}, "c": {"class": "cell", "size": [1,1], "unsupported": true}}}"#;
    sb.write("oc.json", oc);
    let o = sb.code("b = 2; save oc.json b -append");
    assert!(
        stderr(&o).contains("cannot -append to 'oc.json'"),
        "{}",
        stderr(&o)
    );
    assert_eq!(read(&sb, "oc.json"), oc);
    // dlmread/csvread word a missing file as Octave does.
    let o = sb.code("csvread('nofile.csv')");
    assert!(
        stderr(&o).contains("csvread: unable to open file 'nofile.csv'"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn csv_save_load_and_builtins() {
    let sb = Sandbox::new("fmt-csv");
    sb.ok("m = [0.1 -2; NaN 1e300]; save m.csv m");
    assert_eq!(read(&sb, "m.csv"), "0.1,-2\nNaN,1e300\n");
    let out = sb.ok("clear all; load m.csv; disp(isequal(isnan(m), [0 0; 1 0]) && isequal(m([1 3 4]), [0.1 -2 1e300]))",
    );
    assert_eq!(out, "1\n");
    sb.ok("writematrix([1 2; 3 4], 'w.txt', 'Delimiter', 'tab')");
    assert_eq!(read(&sb, "w.txt"), "1\t2\n3\t4\n");
    let out = sb.ok("disp(readmatrix('w.txt'))");
    assert_eq!(out, "   1   2\n   3   4\n");
    sb.ok("csvwrite('c.csv', [1 2], 1, 1)");
    assert_eq!(read(&sb, "c.csv"), ",,\n,1,2\n");
    sb.ok("dlmwrite('d.txt', [pi 2], 'precision', 3); dlmwrite('d.txt', [1+2i 3], '-append', 'delimiter', ';')");
    assert_eq!(read(&sb, "d.txt"), "3.14,2\n1+2i;3+0i\n");
    sb.write("h.csv", "a,b,c\n1,2,3\n4,,6\n7,8\n");
    let out = sb
        .ok("disp(csvread('h.csv')); disp(dlmread('h.csv', ',', 1, 1)); disp(readmatrix('h.csv'))");
    assert_eq!(
        out,
        "   1   2   3\n   4   0   6\n   7   8   0\n   2   3\n   0   6\n   8   0\n     1     2     3\n     4   NaN     6\n     7     8   NaN\n"
    );
    let out = sb.ok(
        "disp(dlmread('h.csv', ',', [1 0 2 1])); disp(readmatrix('h.csv', 'NumHeaderLines', 2))",
    );
    assert_eq!(
        out,
        "   4   0\n   7   8\n     4   NaN     6\n     7     8   NaN\n"
    );
    let o = sb.code("readmatrix('missing.csv')");
    assert!(
        stderr(&o).contains("readmatrix: unable to find file missing.csv"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn export_and_import_from_the_command_line() {
    let sb = Sandbox::new("fmt-cli");
    sb.ok("x = [1 2 3; 4 5 6]; y = 'abc';");
    let o = sb.run(&["export", "-w", "default", "x", "x.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(read(&sb, "x.csv"), "1,2,3\n4,5,6\n");
    let o = sb.run(&["export", "-w", "default", "y", "y.json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = sb.run(&["export", "-w", "default", "nosuch", "n.csv"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("no variable 'nosuch'"),
        "{}",
        stderr(&o)
    );

    sb.write("data.csv", ",a,b\n0,1.5,2\n1,,4\n");
    let o = sb.run(&["import", "-w", "other", "data.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("imported 1 variable from data.csv into workspace 'other': data"));
    let o = sb.run(&["import", "-w", "other", "y.json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&sb.run(&["-w", "other", "-c", "disp(data); disp(y)"]));
    assert_eq!(
        out,
        "        0   1.5000   2.0000\n   1.0000      NaN   4.0000\nabc\n"
    );
    // The import is one command in the workspace's history; a failed one changes nothing.
    let o = sb.run(&["import", "-w", "other", "missing.mat"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("unable to find file missing.mat"),
        "{}",
        stderr(&o)
    );
}
