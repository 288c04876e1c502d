//! Element patches of stored arrays (`Store::patch_elements`): what a
//! commit writes, what reads see before and after, undo, and what is left
//! alone (classes, containers, positions it cannot edit).

use super::*;
use crate::value::IntArray;

/// `n` doubles `0, 1, 2...` (column), several chunks.
fn ramp(n: usize) -> Value {
    Value::Num(Array::new(Dims::col(n), (0..n).map(|i| i as f64).collect()))
}

fn change<'a>(name: &'a str, value: &'a Value) -> Change<'a> {
    Change {
        name,
        value,
        dirty: None,
    }
}

#[test]
fn a_patch_writes_one_chunk_and_reads_see_it_before_and_after_the_commit() {
    let h = TempHome::new("patch");
    let mut st = Store::open(&h.0, "w").unwrap();
    let n = 400_000; // 3.2 MB: 4 chunks
    let a = ramp(n);
    st.commit(&[("a", &a)], &[], &rec("a = ramp")).unwrap();
    let per = codec::CHUNK_BYTES / 8;
    let at = [5, per + 3];
    assert!(st.patch_elements("a", &at, &Value::num(-1.0)).unwrap());
    // Pending: partial reads and whole loads both see it.
    let reads = st.chunk_reads();
    let got = st.read_elements("a", 4..7).unwrap().unwrap();
    assert_eq!(got, Value::col(vec![4.0, -1.0, 6.0]));
    assert_eq!(st.chunk_reads() - reads, 1, "one chunk holds elements 4..7");
    let mut want: Vec<f64> = (0..n).map(|i| i as f64).collect();
    for &p in &at {
        want[p] = -1.0;
    }
    let want = Value::Num(Array::new(Dims::col(n), want));
    assert_eq!(st.load("a").unwrap().unwrap(), want);
    // The commit writes the two chunks the edits fall in, and the record.
    st.commit_changes(&[], &[], &rec("a(...) = -1")).unwrap();
    let stats = st.last_commit_stats();
    assert_eq!(stats.chunks_written, 2, "{stats:?}");
    assert!(
        stats.bytes_written < 3 * codec::CHUNK_BYTES as u64,
        "{stats:?}"
    );
    assert!(st.patched().is_empty());
    assert_eq!(st.load("a").unwrap().unwrap(), want);
    assert_eq!(
        st.read_elements("a", per + 2..per + 4).unwrap().unwrap(),
        Value::col(vec![(per + 2) as f64, -1.0])
    );
    assert!(st.verify().unwrap().is_empty());
    // Undo brings back the version before the edit; redo the edit.
    st.undo(UndoTarget::Last, &rec("undo")).unwrap();
    assert_eq!(st.load("a").unwrap().unwrap(), a);
    st.redo(&rec("redo")).unwrap();
    assert_eq!(st.load("a").unwrap().unwrap(), want);
    assert!(st.verify().unwrap().is_empty());
}

#[test]
fn a_whole_write_or_clear_in_the_same_commit_wins_over_a_patch() {
    let h = TempHome::new("patch-whole");
    let mut st = Store::open(&h.0, "w").unwrap();
    let a = ramp(300_000);
    st.commit(&[("a", &a), ("b", &a)], &[], &rec("a = ramp; b = a"))
        .unwrap();
    assert!(st.patch_elements("a", &[1], &Value::num(9.0)).unwrap());
    assert!(st.patch_elements("b", &[1], &Value::num(9.0)).unwrap());
    let other = Value::num(3.0);
    st.commit_changes(&[change("a", &other)], &["b"], &rec("a = 3; clear b"))
        .unwrap();
    assert_eq!(st.load("a").unwrap(), Some(other));
    assert_eq!(st.load("b").unwrap(), None);
    assert!(st.patched().is_empty());
    assert!(st.verify().unwrap().is_empty());
}

#[test]
fn a_failed_commit_keeps_the_patch_for_the_retry_and_commit_leaves_it() {
    let h = TempHome::new("patch-fail");
    let mut st = Store::open(&h.0, "w").unwrap();
    let a = ramp(300_000);
    st.commit(&[("a", &a)], &[], &rec("a = ramp")).unwrap();
    assert!(st.patch_elements("a", &[2], &Value::num(-5.0)).unwrap());
    // `commit` (records of earlier commands) does not write it.
    st.commit(&[], &[], &rec("earlier")).unwrap();
    assert_eq!(st.patched(), vec!["a".to_string()]);
    st.set_fault_plan(Some(FaultPlan::parse("1").unwrap()));
    assert!(st.commit_changes(&[], &[], &rec("a(3) = -5")).is_err());
    assert_eq!(st.patched(), vec!["a".to_string()]);
    st.set_fault_plan(None);
    st.commit_changes(&[], &[], &rec("a(3) = -5")).unwrap();
    let got = st.read_elements("a", 2..3).unwrap().unwrap();
    assert_eq!(got, Value::col(vec![-5.0]));
    drop(st);
    // Durable: a new handle reads it.
    let st = Store::open(&h.0, "w").unwrap();
    assert_eq!(
        st.read_elements("a", 1..4).unwrap().unwrap(),
        Value::col(vec![1.0, -5.0, 3.0])
    );
}

#[test]
fn only_plain_chunked_arrays_of_the_same_class_are_patched() {
    let h = TempHome::new("patch-refuse");
    let mut st = Store::open(&h.0, "w").unwrap();
    let a = ramp(300_000);
    let ints = Value::Int(IntArray::I16(Array::new(
        Dims::col(600_000),
        (0..600_000).map(|i| (i % 1000) as i16).collect(),
    )));
    let small = Value::row(vec![1.0, 2.0]);
    let cell = Value::cell(Array::new(Dims::row(1), vec![a.clone()]));
    st.commit(
        &[("a", &a), ("i", &ints), ("s", &small), ("c", &cell)],
        &[],
        &rec("setup"),
    )
    .unwrap();
    // Wrong class, complex, not a scalar, past the end, not chunked, a
    // container, missing.
    assert!(!st.patch_elements("a", &[0], &Value::bool(true)).unwrap());
    assert!(!st
        .patch_elements("a", &[0], &Value::complex(1.0, 1.0))
        .unwrap());
    assert!(!st.patch_elements("a", &[0], &small).unwrap());
    assert!(!st
        .patch_elements("a", &[300_000], &Value::num(1.0))
        .unwrap());
    assert!(!st.patch_elements("s", &[0], &Value::num(1.0)).unwrap());
    assert!(!st.patch_elements("c", &[0], &Value::num(1.0)).unwrap());
    assert!(!st.patch_elements("nope", &[0], &Value::num(1.0)).unwrap());
    assert!(st.patched().is_empty());
    assert_eq!(st.read_elements("c", 0..1).unwrap(), None);
    assert_eq!(st.read_elements("a", 0..300_001).unwrap(), None);
    // An integer array of its own class is.
    let seven = Value::Int(IntArray::I16(Array::scalar(7)));
    assert!(st.patch_elements("i", &[599_999], &seven).unwrap());
    st.commit_changes(&[], &[], &rec("i(end) = 7")).unwrap();
    let got = st.read_elements("i", 599_998..600_000).unwrap().unwrap();
    let want = Value::Int(IntArray::I16(Array::new(Dims::col(2), vec![998, 7])));
    assert_eq!(got, want);
    assert!(st.verify().unwrap().is_empty());
}
