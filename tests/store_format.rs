//! Store format 3 through the real binary: new kinds (cells, struct
//! arrays, handles, integer and single arrays) survive restarts, lazy
//! resume, undo/redo, recovery and the migration of a format-2 workspace;
//! an edit of one field of a large struct writes about one chunk.
//! Variables of the new kinds are made by `load`ing workspace JSON until
//! the `{}`/`@` syntax lands; tests that need it are marked ignored.

mod common;
use common::{stderr, Sandbox};
use serde_json::Value as J;
use std::path::Path;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/store");

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(FIXTURES).join(name)).expect("read fixture")
}

/// The `variables` object of a workspace JSON file.
fn vars_of(path: &Path) -> serde_json::Map<String, J> {
    let text = std::fs::read_to_string(path).expect("read saved workspace");
    let j: J = serde_json::from_str(&text).expect("workspace JSON");
    j["variables"].as_object().expect("variables").clone()
}

/// The workspace as `save` writes it, from a fresh process.
fn saved(s: &Sandbox, args: &[&str], file: &str) -> serde_json::Map<String, J> {
    let mut a = args.to_vec();
    let code = format!("save('{file}')");
    a.extend(["-c", &code]);
    let o = s.run(&a);
    assert!(o.status.success(), "{}", stderr(&o));
    vars_of(&s.cwd.join(file))
}

/// One JSON entry with `n` doubles (a variable of n * 8 bytes).
fn doubles(n: usize) -> String {
    let data: Vec<String> = (0..n)
        .map(|i| format!("{}", (i % 1000) as f64 / 8.0))
        .collect();
    format!(
        r#"{{"class": "double", "size": [1, {n}], "data": [{}]}}"#,
        data.join(",")
    )
}

/// Workspace JSON with the edge cases of every new kind, and a handle
/// whose captured array is 8 MB (chunks of their own).
fn new_kinds_json() -> String {
    format!(
        r#"{{"variables": {{
 "i8": {{"class": "int8", "size": [1, 3], "data": [-128, 0, 127]}},
 "u64": {{"class": "uint64", "size": [1, 2], "data": [18446744073709551615, 0]}},
 "i64": {{"class": "int64", "size": [2, 1], "data": [-9223372036854775808, 9223372036854775807]}},
 "sg": {{"class": "single", "size": [1, 4], "data": [0.100000001, "NaN", "-Inf", -0.0]}},
 "sgz": {{"class": "single", "complex": true, "size": [1, 1], "real": [3], "imag": [-0.0]}},
 "c00": {{"class": "cell", "size": [0, 0], "data": []}},
 "c10": {{"class": "cell", "size": [1, 0], "data": []}},
 "c03": {{"class": "cell", "size": [0, 3], "data": []}},
 "c": {{"class": "cell", "size": [1, 3], "data": [
        {{"class": "double", "size": [1, 1], "data": [1]}},
        {{"class": "char", "size": [1, 2], "data": ["ab"]}},
        {{"class": "cell", "size": [1, 1], "data": [{{"class": "uint8", "size": [1, 1], "data": [255]}}]}}]}},
 "s": {{"class": "struct", "size": [1, 2], "fields": ["a", "b"], "data": [
        {{"a": {{"class": "double", "size": [1, 1], "data": [1]}},
          "b": {{"class": "char", "size": [0, 0], "data": []}}}},
        {{"a": {{"class": "int16", "size": [1, 1], "data": [-32768]}},
          "b": {{"class": "char", "size": [1, 1], "data": ["x"]}}}}]}},
 "e": {{"class": "struct", "size": [0, 0], "fields": ["a", "b"], "data": []}},
 "h": {{"class": "function_handle", "size": [1, 1], "text": "@(x) x + big",
        "captures": {{"big": {big}}}}},
 "n": {{"class": "function_handle", "size": [1, 1], "text": "sin"}}
}}}}"#,
        big = doubles(1_000_000)
    )
}

/// `whos` lines without the columns that differ between the process that
/// made the variables and a resumed one (on disk, writing command).
fn whos_columns(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            // Name Size Bytes OnDisk Cmd Class, after an optional attribute.
            let w = if w.len() == 7 { &w[1..] } else { &w[..] };
            (w.len() == 6 && w[1].contains('x'))
                .then(|| format!("{} {} {} {}", w[0], w[1], w[2], w[5]))
        })
        .collect()
}

#[test]
fn every_new_kind_survives_a_restart_and_resumes_lazily() {
    let s = Sandbox::new("store-kinds");
    s.write("v.json", &new_kinds_json());
    let first = s.ok("load('v.json'); save('before.json'); whos");
    let before = vars_of(&s.cwd.join("before.json"));
    assert_eq!(before.len(), 13);
    // A fresh process lists them from the store's records (lazily), with
    // the sizes whos gave when they were in memory.
    let resumed = s.ok("whos");
    assert_eq!(whos_columns(&resumed), whos_columns(&first));
    assert!(
        whos_columns(&resumed).contains(&"i8 1x3 3 int8".to_string()),
        "{resumed}"
    );
    assert!(
        whos_columns(&resumed).contains(&"sg 1x4 16 single".to_string()),
        "{resumed}"
    );
    // Read back after the restart, every value is what was loaded.
    assert_eq!(saved(&s, &[], "after.json"), before);
    // The 8 MB captured array is chunks, not text inside a record.
    let o = s.ok("workspace");
    let chunks: u64 = o
        .lines()
        .find_map(|l| l.trim().strip_prefix("chunks:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("chunk count");
    assert!(chunks >= 8, "{o}");
}

#[test]
fn undo_redo_and_recover_cover_the_new_kinds() {
    let s = Sandbox::new("store-undo");
    s.write("v.json", &fixture("new_kinds.json"));
    s.ok("load('v.json'); save('all.json')");
    let all = vars_of(&s.cwd.join("all.json"));
    s.ok("clear c s h");
    s.ok("i = 1; f = 2;");
    assert!(!saved(&s, &[], "x.json").contains_key("c"));
    s.ok("undo");
    s.ok("undo");
    assert_eq!(saved(&s, &[], "undone.json"), all);
    s.ok("redo");
    let redone = saved(&s, &[], "redone.json");
    assert!(!redone.contains_key("c") && redone.contains_key("i"));
    // --recover copies every readable variable, new kinds included.
    let o = s.run(&["--recover"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(saved(&s, &["-w", "default-recovered"], "rec.json"), redone);
}

#[test]
fn format_2_workspace_of_the_previous_build_migrates_on_open() {
    let s = Sandbox::new("store-migrate");
    std::fs::copy(
        Path::new(FIXTURES).join("format2.flatlab"),
        s.home.join("default.flatlab"),
    )
    .expect("copy fixture");
    let mut expected = vars_of(&Path::new(FIXTURES).join("format2.json"));
    let after_cmd2 = expected.clone();
    // Command 3 of the fixture was `i = 7`.
    expected.insert(
        "i".into(),
        serde_json::json!({"class": "double", "size": [1, 1], "data": [7]}),
    );
    assert_eq!(saved(&s, &[], "now.json"), expected);
    // Its history came along, and the undo entry command 3 left (an int32
    // array kept as text by format 2) still restores.
    let o = s.run(&["history"]);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("load('v.json'); x = 1:3;"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    s.ok("undo");
    assert_eq!(saved(&s, &[], "undone.json"), after_cmd2);
    s.ok("redo");
    assert_eq!(saved(&s, &[], "redone.json"), expected);
}

/// The "last write" line of `workspace`: bytes written and new chunks.
fn last_write(out: &str) -> (f64, u64) {
    let l = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("last write:"))
        .unwrap_or_else(|| panic!("no last write in {out}"));
    let mut w = l.split_whitespace();
    let n: f64 = w.next().and_then(|x| x.parse().ok()).expect("amount");
    let unit = w.next().expect("unit");
    let bytes = n * match unit {
        "B" => 1.0,
        "kB" | "KB" => 1e3,
        "MB" => 1e6,
        "GB" => 1e9,
        other => panic!("unit {other}"),
    };
    let new = w
        .next()
        .and_then(|x| x.trim_start_matches('(').parse().ok())
        .expect("new chunks");
    (bytes, new)
}

/// Pipes `input` to flatlab without checkpoints (so each command's commit
/// writes all it changed, however slow the machine); its stdout.
fn pipe_whole(s: &Sandbox, input: &str) -> String {
    use std::io::Write;
    let mut child = s
        .cmd()
        .env("FLATLAB_CHECKPOINT_SECS", "1e9")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn flatlab");
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(input.as_bytes())
        .expect("write");
    let o = child.wait_with_output().expect("wait");
    assert!(o.status.success(), "{}", stderr(&o));
    String::from_utf8_lossy(&o.stdout).to_string()
}

#[test]
fn one_field_edit_of_a_struct_with_a_large_field_writes_about_one_chunk() {
    let s = Sandbox::new("store-field");
    // 64 MB in field f; then one element of it, then another field.
    let out = pipe_whole(
        &s,
        "s.f = rand(1, 8e6); s.g = 'x';\nworkspace\ns.f(5) = 1;\nworkspace\ns.g = 'y';\nworkspace\n",
    );
    let parts: Vec<&str> = out.split("workspace '").skip(1).collect();
    assert_eq!(parts.len(), 3, "{out}");
    let (made, new) = last_write(parts[0]);
    assert!(made >= 64e6 && new >= 61, "{out}");
    let (edit, new) = last_write(parts[1]);
    assert_eq!(new, 1, "{out}");
    assert!(edit < 1.2e6, "{out}");
    let (other, new) = last_write(parts[2]);
    assert_eq!(new, 0, "{out}");
    assert!(other < 64e3, "{out}");
}

#[test]
fn cells_structs_and_handles_made_by_code_persist() {
    let s = Sandbox::new("store-syntax");
    s.ok("c = {1, 'a', {}}; t(2).a = int8(-128); big = 1:1e6; f = @(x) x + big; clear big");
    let o = s.ok("disp(class(c{3})); disp(t(2).a); disp(f(1)(end)); disp(size(c))");
    assert_eq!(o, "cell\n-128\n1000001\n   1   3\n");
    // Editing one cell of a large cell writes about one chunk.
    let out = pipe_whole(&s, "c = {rand(1, 8e6), 'x'};\nc{1}(5) = 1;\nworkspace\n");
    let (bytes, new) = last_write(&out);
    assert!(new == 1 && bytes < 1.2e6, "{out}");
}
