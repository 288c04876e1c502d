//! Partial loads (issue 13): in a fresh process, indexing or editing a few
//! elements of a large stored array reads only the chunks holding them,
//! while the values every later read sees (in the same process, in a new
//! one, after `undo`) are those of the whole array edited.
//!
//! Bytes read are measured from outside: the `rchar` of the child's
//! `/proc/PID/io` (every byte it read through read(2)/pread(2), page cache
//! or not), taken once the piped session acknowledged the command.

mod common;

use common::*;
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

/// Elements of the test array: 40 MB of doubles, about 40 chunks.
const N: usize = 5_000_000;
/// Bytes of the test array.
const BYTES: u64 = 8 * N as u64;

/// A workspace `w` holding `A = (1:N)'`, so that `A(k)` is `k`.
fn workspace(tag: &str) -> Sandbox {
    let s = Sandbox::new(tag);
    let o = s.run(&["-w", "w", "-c", &format!("A = (1:{N})';")]);
    assert!(o.status.success(), "making A: {}", stderr(&o));
    s
}

/// `flatlab -w w -c CODE`, which must succeed; its stdout.
fn run(s: &Sandbox, code: &str) -> String {
    let o = s.run(&["-w", "w", "-c", code]);
    assert!(
        o.status.success(),
        "code failed: {code}\nstdout: {}\nstderr: {}",
        stdout(&o),
        stderr(&o)
    );
    stdout(&o)
}

/// The `rchar` line of `/proc/PID/io`.
fn rchar(pid: u32) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/io")).expect("read /proc/PID/io");
    text.lines()
        .find_map(|l| l.strip_prefix("rchar:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("an rchar line")
}

/// Runs `code` as one command of a fresh piped session of workspace `w`,
/// then `disp('ack')`; returns what `code` printed and the bytes the
/// process had read once it acknowledged (its commit included).
fn read_bytes_of(s: &Sandbox, code: &str) -> (String, u64) {
    let mut child = s
        .cmd()
        .args(["-w", "w"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn flatlab");
    let mut stdin = child.stdin.take().expect("piped");
    let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
    stdin
        .write_all(format!("{code}\ndisp('ack')\n").as_bytes())
        .expect("write");
    stdin.flush().expect("flush");
    let mut printed = String::new();
    loop {
        match lines.next() {
            Some(Ok(l)) if l == "ack" => break,
            Some(Ok(l)) => {
                printed.push_str(&l);
                printed.push('\n');
            }
            other => {
                let _ = child.kill();
                let out = child.wait_with_output().expect("wait");
                panic!(
                    "no ack for {code:?} ({other:?}); printed {printed:?}; stderr: {}",
                    stderr(&out)
                );
            }
        }
    }
    let bytes = rchar(child.id());
    drop(stdin);
    let out = child.wait_with_output().expect("wait flatlab");
    assert!(out.status.success(), "{code}: {}", stderr(&out));
    (printed, bytes)
}

#[test]
fn an_element_edit_reaches_every_later_read() {
    let s = workspace("partial-values");
    run(&s, "A(5) = 1;");
    // A fresh process: single elements, `end`, a range and the whole array.
    let out = run(
        &s,
        &format!(
            "disp(A(5)); disp(A(4)); disp(A(end)); x = A(3:6); disp(x'); \
             disp(isequal(size(x), [4 1])); disp(sum(A) == {N}*({N}+1)/2 - 4)"
        ),
    );
    assert_eq!(out, format!("1\n4\n{N}\n   3   4   1   6\n1\n1\n"));
    // Edits and reads before the commit, partial and whole, in one command;
    // a matrix index, a variable subscript and `end`.
    let out = run(
        &s,
        "k = 7; A(k) = -2; A(end) = 0; disp([A(6) A(7) A(8)]); \
         disp(A([k 5])'); B = A; disp([B(7) B(end)]); disp(class(A))",
    );
    assert_eq!(out, "   6  -2   8\n  -2   1\n  -2   0\ndouble\n");
    let out = run(
        &s,
        "disp([A(7) A(end) A(5)]); disp(nnz(A ~= (1:numel(A))'))",
    );
    assert_eq!(out, "  -2   0   1\n3\n");
    // `whos` lists it with its size without reading it.
    let out = run(&s, "whos A");
    assert!(out.contains(&format!("{N}x1")), "{out}");
    assert!(out.contains(&BYTES.to_string()), "{out}");
}

#[test]
fn undo_restores_the_version_before_an_element_edit() {
    let s = workspace("partial-undo");
    run(&s, "A(5) = 1;");
    assert_eq!(run(&s, "disp(A(5))"), "1\n");
    let o = s.pipe(&["-w", "w"], "undo\ndisp(A(5))\n");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "5\n", "{}", stderr(&o));
    assert_eq!(
        run(&s, "disp(A(5)); disp(sum(A) == 5000000*5000001/2)"),
        "5\n1\n"
    );
    // The history names the edit as a write of A.
    let o = s.pipe(&["-w", "w"], "redo\nprovenance A\n");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("A(5) = 1"), "{}", stdout(&o));
    assert_eq!(run(&s, "disp(A(5))"), "1\n");
}

#[test]
fn indexing_and_editing_a_few_elements_reads_one_chunk() {
    let s = workspace("partial-bytes");
    // One chunk is just under 1 MiB; the process's own reads (workspace
    // directory, history) are small.
    let bound = 3 << 20;
    let (out, edit) = read_bytes_of(&s, "A(5) = 1;");
    assert_eq!(out, "");
    assert!(edit < bound, "A(5) = 1 read {edit} bytes");
    let (out, slice) = read_bytes_of(&s, "x = A(1:1000); disp([x(5) x(1000)])");
    assert_eq!(out, "      1   1000\n");
    assert!(slice < bound, "x = A(1:1000) read {slice} bytes");
    // The same measure sees a whole read.
    let (out, whole) = read_bytes_of(&s, "disp(sum(A) > 0)");
    assert_eq!(out, "1\n");
    assert!(whole > BYTES, "sum(A) read only {whole} bytes");
    // The edit was durable.
    assert_eq!(run(&s, "disp(A(5))"), "1\n");
}

#[test]
fn an_element_edit_survives_sigkill_and_a_failed_commit() {
    // Acknowledged, then killed: the edit is on disk.
    let s = Sandbox::new("partial-kill");
    s.ok(&format!("A = (1:{N})';"));
    kill_after_ack(&s, "A(5) = 1;\ndisp('ack')\n");
    assert_eq!(s.ok("disp([A(4) A(5)])"), "   4   1\n");
    // The edit's commit fails (the process's first): the values stay right
    // in memory, and the next command's commit carries the edit.
    let s = workspace("partial-fault");
    let mut child = s
        .cmd()
        .args(["-w", "w"])
        .env("FLATLAB_FAULT_COMMIT", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn flatlab");
    let mut stdin = child.stdin.take().expect("piped");
    stdin
        .write_all(b"A(5) = 1;\ndisp(A(5))\nA(6) = 2;\n")
        .expect("write");
    drop(stdin);
    let o = child.wait_with_output().expect("wait flatlab");
    assert!(stderr(&o).contains("workspace not saved"), "{}", stderr(&o));
    assert_eq!(stdout(&o), "1\n");
    assert_eq!(run(&s, "disp([A(4) A(5) A(6) A(7)])"), "   4   1   2   7\n");
}

#[test]
fn a_loop_editing_many_elements_goes_on_in_memory_with_every_edit() {
    // More edits than the store keeps pending: the array is read (with the
    // edits so far) partway through, and the rest happen in memory.
    let s = workspace("partial-loop");
    run(&s, "for i = 1:70000, A(i) = -i; end");
    let out = run(
        &s,
        "disp([A(1) A(65536) A(65537) A(70000) A(70001)]); \
         disp(sum(A(1:70000) == -(1:70000)'))",
    );
    assert_eq!(out, "      -1  -65536  -65537  -70000   70001\n70000\n");
}

/// The size and class queries a metadata call answers, as one command
/// (`[r, c] = size(A)` assigns, the rest display as `ans`).
const QUERIES: &str = "size(A), numel(A), class(A), isempty(A), ndims(A), \
     length(A), isa(A, 'float'), isa(A, 'integer'), isnumeric(A), isreal(A), \
     ischar(A), size(A, 2), size(A, [2 1]), [r, c] = size(A)";

#[test]
fn size_and_class_of_a_stored_400mb_array_read_no_chunk() {
    let s = Sandbox::new("partial-meta");
    // 400 MB of distinct doubles (no two chunks alike), 10000x5000.
    let o = s.run(&["-w", "w", "-c", "A = reshape(1:50e6, 10000, 5000);"]);
    assert!(o.status.success(), "making A: {}", stderr(&o));
    // A fresh process answers from A's record: a few pages, not 400 MB.
    let (out, meta) = read_bytes_of(&s, QUERIES);
    assert!(meta < 3 << 20, "{QUERIES} read {meta} bytes");
    // The same queries with A read whole print the same.
    let (whole_out, whole) = read_bytes_of(&s, &format!("sum(A); {QUERIES}"));
    assert!(whole > 400_000_000, "a whole read measured {whole} bytes");
    assert!(out.contains("ans =\n\n   10000    5000\n"), "{out}");
    assert!(out.contains("ans = double\n"), "{out}");
    assert!(out.contains("r = 10000\nc = 5000\n"), "{out}");
    assert_eq!(out, whole_out, "answered from the record vs read whole");
    // Through `-c` too, and the command counts as reading A.
    let o = s.run(&["-w", "w", "-c", "n = numel(A)"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "n = 5.0000e+07\n");
    let o = s.run(&["-w", "w", "history", "--read", "A"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let listed = stdout(&o);
    assert!(listed.contains("n = numel(A)"), "{listed}");
    assert!(listed.contains("isempty(A)"), "{listed}");
}

#[test]
fn a_function_file_or_variable_named_like_the_query_wins() {
    let s = workspace("partial-meta-shadow");
    // A function file `numel.m` in the working directory shadows the builtin.
    s.write("numel.m", "function n = numel(x)\n  n = 42;\nend\n");
    assert_eq!(run(&s, "disp(numel(A))"), "42\n");
    std::fs::remove_file(s.cwd.join("numel.m")).expect("remove numel.m");
    assert_eq!(run(&s, "disp(numel(A))"), format!("{N}\n"));
    // A variable named `size` is indexed, not called.
    assert_eq!(run(&s, "size = [7 8 9]; disp(size(2))"), "8\n");
    // Arguments the builtin rejects give its errors.
    let o = s.run(&["-w", "w", "-c", "clear size; size(A, 0)"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("size: requested dimension DIM (= 0) out of range"),
        "{}",
        stderr(&o)
    );
}
