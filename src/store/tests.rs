//! Store tests: bit-exact round trips, atomic commits, locking, damage.

use super::*;
use crate::history::Status;
use crate::value::{same_bits, Array, Dims, Struct, C64};
use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

struct TempHome(PathBuf);

impl TempHome {
    fn new(tag: &str) -> TempHome {
        let p = std::env::temp_dir().join(format!(
            "flatlab-store-test-{tag}-{}-{}",
            std::process::id(),
            crate::history::new_session_id()
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempHome(p)
    }
}

impl Drop for TempHome {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Turns undo retention off, for tests of how versions are freed.
fn no_undo(st: &mut Store) {
    st.set_retention(Retention {
        commands: 0,
        bytes: 0,
    });
}

fn rec(text: &str) -> HistoryRecord {
    HistoryRecord::new(text, "test-session")
}

fn samples() -> Vec<(&'static str, Value)> {
    let nan_payload = f64::from_bits(0x7ff8_0000_0000_0123);
    let big: Vec<f64> = (0..400_000).map(|i| (i as f64).sin()).collect(); // 3.2 MB: 4 chunks
    let mut s = Struct::default();
    s.set("message", Value::str("boom é"));
    s.set("identifier", Value::str(""));
    s.set("stack", Value::row(vec![-0.0, nan_payload]));
    let mut inner = Struct::default();
    inner.set("z", Value::complex(1.0, -2.0));
    s.set("inner", Value::Struct(Box::new(inner)));
    vec![
        (
            "nanp",
            Value::row(vec![
                nan_payload,
                -0.0,
                0.0,
                f64::INFINITY,
                f64::NEG_INFINITY,
            ]),
        ),
        ("scalar", Value::num(-0.0)),
        (
            "z",
            Value::Complex(Array::new(
                Dims::mat(2, 1),
                vec![C64::new(1.5, -0.0), C64::new(nan_payload, 3.0)],
            )),
        ),
        ("zs", Value::complex(0.0, 2.0)),
        ("e", Value::empty()),
        ("e03", Value::Num(Array::empty_with(Dims::mat(0, 3)))),
        ("ec", Value::str("")),
        (
            "txt",
            Value::char_rows(&["héllo 😀".into(), "wörld".into()]),
        ),
        (
            "m",
            Value::Bool(Array::new(Dims::mat(1, 3), vec![true, false, true])),
        ),
        ("b", Value::bool(false)),
        (
            "a3",
            Value::Num(Array::new(
                Dims::new(&[2, 3, 4]),
                (0..24).map(|i| i as f64).collect(),
            )),
        ),
        ("big", Value::Num(Array::new(Dims::mat(1000, 400), big))),
        ("err", Value::Struct(Box::new(s))),
    ]
}

#[test]
fn every_kind_round_trips_bit_exactly() {
    let home = TempHome::new("roundtrip");
    let vals = samples();
    {
        let mut st = Store::open(&home.0, "default").unwrap();
        let changed: Vec<(&str, &Value)> = vals.iter().map(|(n, v)| (*n, v)).collect();
        assert_eq!(st.commit(&changed, &[], &rec("setup")).unwrap(), 1);
        let big = st.var_meta("big").unwrap().unwrap();
        assert_eq!(big.chunks, 4);
        let loaded = st.load_all().unwrap();
        check_all(&vals, &loaded);
    }
    // After drop and reopen: same data.
    let st = Store::open(&home.0, "default").unwrap();
    let loaded = st.load_all().unwrap();
    check_all(&vals, &loaded);
    let s = st.summary().unwrap();
    assert_eq!(s.variables, vals.len());
    assert_eq!(s.generation, 1);
    assert!(s.bytes >= 3_200_000);
    assert!(s.last_command.is_some());
}

fn check_all(expected: &[(&str, Value)], loaded: &[(String, Value)]) {
    check_with(expected, loaded, same_bits)
}

/// `loaded` holds exactly the variables `expected`, each `same` as expected.
fn check_with(
    expected: &[(&str, Value)],
    loaded: &[(String, Value)],
    same: fn(&Value, &Value) -> bool,
) {
    assert_eq!(loaded.len(), expected.len());
    for (n, v) in expected {
        let got = loaded
            .iter()
            .find(|(m, _)| m == n)
            .unwrap_or_else(|| panic!("{n} missing"));
        assert!(same(v, &got.1), "{n}: {:?} != {:?}", v, got.1);
    }
}

/// The format version recorded in the (closed) store at `path`.
fn stored_version(path: &Path) -> u64 {
    let db = Database::open(path).unwrap();
    let txn = db.begin_read().unwrap();
    let meta = txn.open_table(META).unwrap();
    meta.get("format_version").unwrap().unwrap().value()
}

#[test]
fn clear_removes_and_rewrite_shrinks() {
    let home = TempHome::new("clear");
    let mut st = Store::open(&home.0, "w").unwrap();
    no_undo(&mut st);
    let big = Value::row(vec![1.0; 300_000]); // 3 chunks
    let x = Value::num(1.0);
    st.commit(&[("big", &big), ("x", &x)], &[], &rec("a"))
        .unwrap();
    let small = Value::row(vec![2.0; 10]);
    st.commit(&[("big", &small)], &["x"], &rec("b")).unwrap();
    let loaded = st.load_all().unwrap();
    assert_eq!(loaded, vec![("big".to_string(), small.clone())]);
    // 80 bytes: inline, no chunks.
    assert_eq!(st.var_meta("big").unwrap().unwrap().chunks, 0);
    assert!(st.verify().unwrap().is_empty());
    assert_eq!(st.info().unwrap().chunks, 0);
    st.commit(&[], &["big"], &rec("clear big")).unwrap();
    assert!(st.load_all().unwrap().is_empty());
    let s = st.summary().unwrap();
    assert_eq!((s.variables, s.bytes, s.generation), (0, 0, 3));
    let before = std::fs::metadata(st.path()).unwrap().len();
    st.compact().unwrap();
    let after = std::fs::metadata(st.path()).unwrap().len();
    assert!(after < before, "{before} -> {after}");
    assert_eq!(st.history(None).unwrap().len(), 3);
}

#[test]
fn commit_does_not_rewrite_unchanged_large_variable() {
    let home = TempHome::new("norewrite");
    let mut st = Store::open(&home.0, "w").unwrap();
    let big = Value::row((0..500_000).map(|i| i as f64).collect());
    st.commit(&[("big", &big)], &[], &rec("big = ...")).unwrap();
    let before = std::fs::metadata(st.path()).unwrap().len();
    for i in 0..5 {
        let x = Value::num(i as f64);
        st.commit(&[("x", &x)], &[], &rec("x = i")).unwrap();
    }
    let m = st.var_meta("big").unwrap().unwrap();
    assert_eq!(m.generation, 1);
    assert_eq!(st.var_meta("x").unwrap().unwrap().generation, 6);
    // Rewriting 4 MB five times would grow the file by far more than 4 MB.
    let after = std::fs::metadata(st.path()).unwrap().len();
    assert!(after < before + 2_000_000, "{before} -> {after}");
}

#[test]
fn history_is_ordered_and_limited() {
    let home = TempHome::new("history");
    let mut st = Store::open(&home.0, "h").unwrap();
    for i in 0..5 {
        let mut r = rec(&format!("cmd {i}"));
        if i == 3 {
            r.status = Status::Error("bad".into());
        }
        r.writes = vec!["x".into()];
        let v = Value::num(i as f64);
        st.commit(&[("x", &v)], &[], &r).unwrap();
    }
    let all = st.history(None).unwrap();
    let texts: Vec<&str> = all.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, ["cmd 0", "cmd 1", "cmd 2", "cmd 3", "cmd 4"]);
    let seqs: Vec<u64> = all.iter().map(|r| r.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5]);
    assert_eq!(all[3].status, Status::Error("bad".into()));
    assert_eq!(all[4].generation, 5);
    let last2 = st.history(Some(2)).unwrap();
    assert_eq!(last2.len(), 2);
    assert_eq!(last2[0].text, "cmd 3");
    assert_eq!(last2[1].text, "cmd 4");
}

#[test]
fn second_open_in_same_process_is_in_use() {
    let home = TempHome::new("inuse");
    let _a = Store::open(&home.0, "default").unwrap();
    let err = Store::open(&home.0, "default").unwrap_err();
    let msg = err.to_string();
    assert!(err.is_in_use(), "{msg}");
    assert!(
        msg.starts_with(&format!(
            "workspace 'default' is in use by flatlab process {} on host ",
            std::process::id()
        )),
        "{msg}"
    );
    // Another workspace in the same home is independent.
    assert!(Store::open(&home.0, "other").is_ok());
}

/// Child half of `second_open_in_child_process_is_in_use`: only acts when
/// the parent sets the variable.
#[test]
fn child_open_probe() {
    let Some(home) = std::env::var_os("FLATLAB_STORE_TEST_CHILD_HOME") else {
        return;
    };
    let err = Store::open(Path::new(&home), "default").unwrap_err();
    crate::outln!("CHILD-ERROR: {err}");
}

#[test]
fn second_open_in_child_process_is_in_use() {
    let home = TempHome::new("child");
    let _a = Store::open(&home.0, "default").unwrap();
    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new(exe)
        .args(["--exact", "store::tests::child_open_probe", "--nocapture"])
        .env("FLATLAB_STORE_TEST_CHILD_HOME", &home.0)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let want = format!(
        "CHILD-ERROR: workspace 'default' is in use by flatlab process {} on host {}",
        std::process::id(),
        crate::history::hostname()
    );
    assert!(stdout.contains(&want), "{stdout}");
}

#[test]
fn garbage_and_truncated_files_are_errors() {
    let home = TempHome::new("garbage");
    std::fs::write(
        home.0.join("junk.flatlab"),
        b"this is not a database at all",
    )
    .unwrap();
    let e = Store::open(&home.0, "junk").unwrap_err();
    assert!(matches!(e, StoreError::Corrupt { .. }), "{e}");
    assert!(e.to_string().contains("not a flatlab workspace"), "{e}");

    // Valid header, garbage after it.
    let mut bytes = REDB_MAGIC.to_vec();
    bytes.extend((0..5000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    std::fs::write(home.0.join("noise.flatlab"), &bytes).unwrap();
    assert!(Store::open(&home.0, "noise").is_err());

    // A real workspace cut in half.
    {
        let mut st = Store::open(&home.0, "cut").unwrap();
        let v = Value::row((0..100_000).map(|i| i as f64).collect());
        st.commit(&[("v", &v)], &[], &rec("v")).unwrap();
    }
    let p = home.0.join("cut.flatlab");
    let len = std::fs::metadata(&p).unwrap().len();
    let f = std::fs::OpenOptions::new().write(true).open(&p).unwrap();
    f.set_len(len / 2).unwrap();
    drop(f);
    let cut = Store::open(&home.0, "cut");
    assert!(matches!(cut, Err(StoreError::Corrupt { .. })), "{cut:?}");

    // A real workspace with garbage written over its middle: opening and
    // reading may fail or not, but must not panic.
    {
        let mut st = Store::open(&home.0, "smash").unwrap();
        let v = Value::row((0..100_000).map(|i| i as f64).collect());
        let w = Value::str("text");
        st.commit(&[("v", &v), ("w", &w)], &[], &rec("v")).unwrap();
    }
    let p = home.0.join("smash.flatlab");
    let mut data = std::fs::read(&p).unwrap();
    let n = data.len();
    for (i, b) in data.iter_mut().enumerate().skip(4096).take(n / 2) {
        *b = (i as u8).wrapping_mul(151) ^ 0x5a;
    }
    std::fs::write(&p, &data).unwrap();
    if let Ok(st) = Store::open(&home.0, "smash") {
        let _ = st.load_all();
        let _ = st.summary();
        let _ = st.history(None);
    }

    // Listing reports the damaged files instead of failing.
    let list = list_workspaces(&home.0).unwrap();
    assert!(list.iter().any(|w| w.name == "junk" && w.error.is_some()));
}

#[test]
fn foreign_redb_file_is_rejected() {
    let home = TempHome::new("foreign");
    let p = home.0.join("other.flatlab");
    {
        let db = Database::create(&p).unwrap();
        let txn = db.begin_write().unwrap();
        {
            let t: TableDefinition<u64, u64> = TableDefinition::new("something");
            let mut t = txn.open_table(t).unwrap();
            t.insert(1, 2).unwrap();
        }
        txn.commit().unwrap();
    }
    let e = Store::open(&home.0, "other").unwrap_err();
    assert!(e.to_string().contains("not a flatlab workspace"), "{e}");
}

#[test]
fn newer_format_is_refused() {
    let home = TempHome::new("newer");
    let p = {
        let st = Store::open(&home.0, "w").unwrap();
        st.path().to_path_buf()
    };
    {
        let db = Database::create(&p).unwrap();
        let txn = db.begin_write().unwrap();
        txn.open_table(META)
            .unwrap()
            .insert("format_version", FORMAT_VERSION + 1)
            .unwrap();
        txn.commit().unwrap();
    }
    let e = Store::open(&home.0, "w").unwrap_err();
    assert!(matches!(e, StoreError::NewerFormat { .. }), "{e}");
    assert!(e.to_string().contains("newer flatlab"), "{e}");
}

#[test]
fn invalid_names_are_refused() {
    let home = TempHome::new("names");
    for n in ["", "../x", "a/b", ".hidden", "a b"] {
        assert!(matches!(
            Store::open(&home.0, n),
            Err(StoreError::InvalidName(_))
        ));
    }
}

#[test]
fn listing_reports_counts_and_in_use() {
    let home = TempHome::new("list");
    {
        let mut st = Store::open(&home.0, "alpha").unwrap();
        let v = Value::row(vec![1.0, 2.0]);
        st.commit(&[("a", &v), ("b", &v)], &[], &rec("a=b=.."))
            .unwrap();
    }
    let _open = Store::open(&home.0, "beta").unwrap();
    std::fs::write(home.0.join("notes.txt"), "x").unwrap();
    let list = list_workspaces(&home.0).unwrap();
    let names: Vec<&str> = list.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(names, ["alpha", "beta"]);
    assert_eq!(list[0].variables, Some(2));
    assert!(list[0].last_used.is_some());
    assert!(list[0].bytes_on_disk > 0);
    assert!(list[0].in_use.is_none());
    let holder = list[1].in_use.as_deref().unwrap_or("");
    assert!(
        holder.contains(&format!("process {}", std::process::id())),
        "{:?}",
        list[1]
    );
    assert!(list_workspaces(&home.0.join("missing")).unwrap().is_empty());
}

#[test]
fn banner_text() {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    let s = Summary {
        variables: 12,
        bytes: 3_400_000,
        last_command: Some(crate::history::to_ms(now) - 2 * 3600 * 1000 - 5000),
        generation: 7,
    };
    assert_eq!(
        resume_banner("default", &s, now),
        "resumed workspace 'default': 12 variables, 3.4 MB, last command 2 h ago"
    );
    let s1 = Summary {
        variables: 1,
        bytes: 8,
        last_command: None,
        generation: 0,
    };
    assert_eq!(
        resume_banner("w", &s1, now),
        "resumed workspace 'w': 1 variable, 8 B"
    );
}

/// Child half of `kill_9_mid_commit_keeps_last_complete_state`: commits forever.
#[test]
fn child_commit_loop() {
    let Some(home) = std::env::var_os("FLATLAB_STORE_TEST_LOOP_HOME") else {
        return;
    };
    let mut st = Store::open(Path::new(&home), "default").unwrap();
    let big = Value::row(vec![0.5; 200_000]);
    for i in 1.. {
        let x = Value::num(i as f64);
        let y = Value::row(vec![i as f64; 1000 + (i % 7) * 50_000]);
        let mut r = rec(&format!("x = {i}"));
        r.writes = vec!["x".into(), "y".into()];
        let changed: Vec<(&str, &Value)> = if i == 1 {
            vec![("x", &x), ("y", &y), ("big", &big)]
        } else {
            vec![("x", &x), ("y", &y)]
        };
        st.commit(&changed, if i % 3 == 0 { &["gone"] } else { &[] }, &r)
            .unwrap();
        if i == 3 {
            crate::outln!("READY");
        }
    }
}

#[test]
fn kill_9_mid_commit_keeps_last_complete_state() {
    use std::io::{BufRead, BufReader};
    let home = TempHome::new("kill9");
    for round in 0..3 {
        let exe = std::env::current_exe().unwrap();
        let mut child = std::process::Command::new(exe)
            .args(["--exact", "store::tests::child_commit_loop", "--nocapture"])
            .env("FLATLAB_STORE_TEST_LOOP_HOME", &home.0)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        if round == 0 {
            // Wait until a few commits happened.
            let out = child.stdout.take().unwrap();
            let mut lines = BufReader::new(out).lines();
            while let Some(Ok(l)) = lines.next() {
                if l.contains("READY") {
                    break;
                }
            }
        } else {
            std::thread::sleep(Duration::from_millis(150 + 70 * round));
        }
        // SIGKILL (what `kill -9` sends).
        child.kill().unwrap();
        child.wait().unwrap();
        // Listing a workspace left by a killed process works (recovering it).
        let list = list_workspaces(&home.0).unwrap();
        assert_eq!(list.len(), 1);
        assert!(
            list[0].error.is_none() && list[0].in_use.is_none(),
            "{:?}",
            list[0]
        );
        let st = Store::open(&home.0, "default").unwrap();
        let vars = st.load_all().unwrap();
        let s = st.summary().unwrap();
        let hist = st.history(None).unwrap();
        if s.generation == 0 {
            assert!(vars.is_empty());
            continue;
        }
        let last = hist.last().unwrap();
        assert_eq!(last.generation, s.generation);
        assert_eq!(hist.len() as u64, s.generation);
        let i: f64 = last.text.trim_start_matches("x = ").parse().unwrap();
        let get = |n: &str| vars.iter().find(|(m, _)| m == n).map(|(_, v)| v.clone());
        assert_eq!(get("x"), Some(Value::num(i)));
        let y = get("y").unwrap();
        assert_eq!(y.numel(), 1000 + (i as usize % 7) * 50_000);
        assert_eq!(get("big").unwrap().numel(), 200_000);
        drop(st);
        // The next round's child restarts at i = 1.
        std::fs::remove_file(home.0.join("default.flatlab")).unwrap();
    }
}

#[test]
fn damaged_metadata_is_an_error() {
    let p = Path::new("x.flatlab");
    let ok = |m: &codec::VarMeta, chunks: Vec<Vec<u8>>| {
        codec::decode(p, "v", m, chunks.into_iter().map(Ok))
    };
    let base = codec::VarMeta {
        class: "double".into(),
        dims: vec![1, 2],
        numel: 2,
        chunks: 1,
        ..Default::default()
    };
    let two = [
        1.5f64.to_bits().to_le_bytes(),
        (-0.0f64).to_bits().to_le_bytes(),
    ]
    .concat();
    assert!(ok(&base, vec![two.clone()]).is_ok());
    // Short, long, misaligned data.
    assert!(ok(&base, vec![two[..8].to_vec()]).is_err());
    assert!(ok(&base, vec![two.clone(), two.clone()]).is_err());
    assert!(ok(&base, vec![two[..7].to_vec()]).is_err());
    // Absurd sizes do not abort.
    let huge = codec::VarMeta {
        dims: vec![1 << 31, 1 << 31],
        numel: 1 << 62,
        ..base.clone()
    };
    assert!(ok(&huge, vec![two.clone()]).is_err());
    let overflow = codec::VarMeta {
        dims: vec![u64::MAX, 3],
        numel: 5,
        ..base.clone()
    };
    assert!(ok(&overflow, vec![]).is_err());
    // Unknown class, bad logical byte, too-deep struct.
    let odd = codec::VarMeta {
        class: "cell".into(),
        ..base.clone()
    };
    assert!(ok(&odd, vec![two]).is_err());
    let logical = codec::VarMeta {
        class: "logical".into(),
        dims: vec![1, 1],
        numel: 1,
        ..base.clone()
    };
    assert!(ok(&logical, vec![vec![1]]).is_ok());
    assert!(ok(&logical, vec![vec![7]]).is_err());
    let mut deep = codec::VarMeta {
        class: "struct".into(),
        ..Default::default()
    };
    for _ in 0..codec::MAX_DEPTH + 5 {
        deep = codec::VarMeta {
            class: "struct".into(),
            fields: vec![(
                "f".into(),
                codec::Inline {
                    meta: deep,
                    data: codec::Bytes(Vec::new()),
                },
            )],
            ..Default::default()
        };
    }
    let e = ok(&deep, vec![]).unwrap_err();
    assert!(e.to_string().contains("nested too deeply"), "{e}");
}

mod patch;
mod v2;
mod v3;
mod v4;

#[test]
#[ignore = "a timing run on large data, not a check: run by hand with --ignored --nocapture"]
fn perf_large() {
    let home = TempHome::new("perf");
    let mut st = Store::open(&home.0, "p").unwrap();
    let big = Value::row((0..12_500_000).map(|i| i as f64).collect());
    let t = std::time::Instant::now();
    st.commit(&[("big", &big)], &[], &rec("big")).unwrap();
    crate::errln!("commit 100MB: {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let x = Value::num(1.0);
    st.commit(&[("x", &x)], &[], &rec("x")).unwrap();
    crate::errln!("commit small: {:?}", t.elapsed());
    drop(st);
    let t = std::time::Instant::now();
    let st = Store::open(&home.0, "p").unwrap();
    let all = st.load_all().unwrap();
    crate::errln!("open+load: {:?} ({})", t.elapsed(), all.len());
}

#[test]
#[ignore = "a timing run on large data, not a check: run by hand with --ignored --nocapture"]
fn perf_encode() {
    let big = Value::row((0..12_500_000).map(|i| i as f64).collect());
    let t = std::time::Instant::now();
    let mut total = 0;
    codec::encode(&big, 1, |_, b| {
        total += b.len();
        Ok(())
    })
    .unwrap();
    crate::errln!("encode 100MB: {:?} {total}", t.elapsed());
}

#[test]
fn checkpoints_store_the_running_command_and_its_end_replaces_it() {
    let h = TempHome::new("running");
    let draft = HistoryRecord {
        session: "s1".into(),
        ..rec("long loop")
    };
    let start = |st: &mut Store| {
        st.start_session(crate::history::SessionRecord {
            id: "s1".into(),
            ..Default::default()
        });
    };
    let (one, two, three) = (Value::num(1.0), Value::num(2.0), Value::num(3.0));
    let change = |name, value| Change {
        name,
        value,
        dirty: None,
    };
    {
        let mut st = Store::open(&h.0, "w").unwrap();
        start(&mut st);
        st.commit(&[("a", &one)], &[], &rec("a = 1")).unwrap();
        st.begin_command(draft.clone(), true);
        st.checkpoint(&[change("x", &two)], &[]).unwrap();
        st.checkpoint(&[change("y", &three)], &["a"]).unwrap();
        let all = st.history(None).unwrap();
        assert_eq!(all.len(), 2);
        let r = &all[1];
        assert_eq!((r.seq, &r.status), (2, &Status::Running));
        assert_eq!(
            (r.writes.clone(), r.cleared.clone()),
            (vec!["x".into(), "y".into()], vec!["a".into()])
        );
        assert_eq!(r.generation_before, all[0].generation);
        // Killed here: no final commit.
    }
    let mut st = Store::open(&h.0, "w").unwrap();
    let all = st.history(None).unwrap();
    assert_eq!(
        all[1].status,
        Status::Killed,
        "another session sees it killed"
    );
    let gens: Vec<u64> = st
        .directory()
        .unwrap()
        .iter()
        .map(|v| v.generation)
        .collect();
    assert_eq!(
        st.commands_of_generations(&gens).unwrap(),
        vec![Some(2), Some(2)]
    );
    st.commit(&[], &[], &rec("next")).unwrap();
    assert_eq!(st.history(None).unwrap()[2].seq, 3);
    drop(st);

    // A command that ends normally: its final record replaces the running one.
    let mut st = Store::open(&h.0, "w").unwrap();
    start(&mut st);
    st.begin_command(draft.clone(), true);
    st.checkpoint(&[change("x", &one)], &[]).unwrap();
    let before = st.history(None).unwrap()[3].generation_before;
    let done = HistoryRecord {
        writes: vec!["x".into(), "z".into()],
        ..draft.clone()
    };
    st.commit(&[("z", &one)], &[], &done).unwrap();
    let all = st.history(None).unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!((all[3].seq, &all[3].status), (4, &Status::Ok));
    assert_eq!(all[3].generation_before, before);
    assert!(all[3].generation > before + 1);
    // Its priors are under its number: undo restores x as it was before it.
    st.undo(UndoTarget::Last, &rec("undo")).unwrap();
    assert!(same_bits(&st.load("x").unwrap().unwrap(), &two));
    assert_eq!(st.load("z").unwrap(), None);
}

#[test]
fn a_clean_end_is_kept_by_close_and_by_drop_without_its_own_fsync() {
    let h = TempHome::new("session-end");
    for (k, close) in [(1, true), (2, false)] {
        let mut st = Store::open(&h.0, "w").unwrap();
        st.start_session(crate::history::SessionRecord {
            id: format!("s{k}"),
            pid: std::process::id(),
            host: crate::history::hostname(),
            ..Default::default()
        });
        st.commit(&[("x", &Value::num(k as f64))], &[], &rec("x = k"))
            .unwrap();
        st.end_session().unwrap();
        if close {
            st.close().unwrap();
        }
    }
    let st = Store::open(&h.0, "w").unwrap();
    let ends: Vec<(String, SessionEnd)> = st
        .sessions()
        .unwrap()
        .into_iter()
        .map(|(s, e)| (s.id, e))
        .collect();
    assert_eq!(
        ends,
        vec![
            ("s1".into(), SessionEnd::Clean),
            ("s2".into(), SessionEnd::Clean)
        ]
    );
    assert_eq!(st.load("x").unwrap(), Some(Value::num(2.0)));
}
