//! Format 4 tests: history records, undo priors and counters share the
//! `log` table; a format-3 store (tables `history`, `undo` and the
//! counters in `meta`) is migrated on open in one transaction, keeping
//! its history, undo stack, generation and chunk references.

use super::*;
use crate::store::log::{self, LOG};
use crate::store::undo::UNDO;
use redb::TableHandle;

/// Rewrites the closed format-4 store at `path` in the format-3 layout,
/// as a build of format 3 left it: records in `history`, priors in
/// `undo`, counters in `meta`, no `log`.
fn downgrade_to_v3(path: &Path) {
    let db = Database::open(path).unwrap();
    let txn = db.begin_write().unwrap();
    {
        let log_t = txn.open_table(LOG).unwrap();
        let mut hist = txn.open_table(HISTORY).unwrap();
        let mut undo = txn.open_table(UNDO).unwrap();
        let mut meta = txn.open_table(META).unwrap();
        for item in log_t.iter().unwrap() {
            let (k, v) = item.unwrap();
            let (seq, name) = k.value();
            if seq == log::COUNTERS {
                let mut b = [0u8; 8];
                b.copy_from_slice(v.value());
                meta.insert(name, u64::from_le_bytes(b)).unwrap();
            } else if name.is_empty() {
                hist.insert(seq, v.value()).unwrap();
            } else {
                undo.insert((seq, name), v.value()).unwrap();
            }
        }
        // Format 3 had no `undo_oldest`.
        meta.remove(log::OLDEST).unwrap();
        meta.insert("format_version", 3).unwrap();
    }
    txn.delete_table(LOG).unwrap();
    txn.commit().unwrap();
}

fn table_names(st: &Store) -> Vec<String> {
    let txn = st.db().unwrap().begin_read().unwrap();
    txn.list_tables()
        .unwrap()
        .map(|t| t.name().to_string())
        .collect()
}

#[test]
fn format_3_store_is_migrated_with_history_undo_and_counts() {
    let home = TempHome::new("v4migrate");
    let big1 = Value::row((0..300_000).map(|i| i as f64).collect()); // 3 chunks
    let mut big2 = big1.clone();
    if let Value::Num(a) = &mut big2 {
        a.data_mut()[5] = -1.0;
    }
    let path = {
        let mut st = Store::open(&home.0, "w").unwrap();
        st.commit(&[("x", &Value::num(1.0))], &[], &rec("x = 1"))
            .unwrap();
        st.commit(&[("A", &big1)], &[], &rec("A = big")).unwrap();
        st.commit(
            &[("x", &Value::num(2.0)), ("A", &big2)],
            &[],
            &rec("x = 2; A(6) = -1"),
        )
        .unwrap();
        st.commit(
            &[("y", &Value::str("hi"))],
            &["x"],
            &rec("y = 'hi'; clear x"),
        )
        .unwrap();
        assert!(st.verify().unwrap().is_empty());
        st.path().to_path_buf()
    };
    downgrade_to_v3(&path);
    assert_eq!(stored_version(&path), 3);
    let (gen3, texts3) = {
        let db = Database::open(&path).unwrap();
        let txn = db.begin_read().unwrap();
        let meta = txn.open_table(META).unwrap();
        let g = meta.get("generation").unwrap().unwrap().value();
        let hist = txn.open_table(HISTORY).unwrap();
        let texts: Vec<String> = hist
            .iter()
            .unwrap()
            .map(|i| {
                let (_, v) = i.unwrap();
                decode_record(&path, 3, v.value()).unwrap().text
            })
            .collect();
        (g, texts)
    };
    assert_eq!(texts3.len(), 4);

    let mut st = Store::open(&home.0, "w").unwrap();
    // Migrated in place: format 4, the old tables gone.
    let names = table_names(&st);
    assert!(names.contains(&"log".to_string()), "{names:?}");
    assert!(!names.contains(&"history".to_string()), "{names:?}");
    assert!(!names.contains(&"undo".to_string()), "{names:?}");
    assert_eq!(st.summary().unwrap().generation, gen3);
    assert_eq!(st.info().unwrap().generation, gen3);
    let texts: Vec<String> = st
        .history(None)
        .unwrap()
        .into_iter()
        .map(|r| r.text)
        .collect();
    assert_eq!(texts, texts3);
    assert!(st.verify().unwrap().is_empty(), "{:?}", st.verify());
    // The undo stack survived: undoing the last two commands gives x = 1
    // and the first big array back, with exact chunk counts after.
    st.undo(UndoTarget::Last, &rec("undo")).unwrap();
    assert_eq!(st.load("x").unwrap(), Some(Value::num(2.0)));
    assert_eq!(st.load("y").unwrap(), None);
    st.undo(UndoTarget::Last, &rec("undo")).unwrap();
    assert_eq!(st.load("x").unwrap(), Some(Value::num(1.0)));
    assert_eq!(st.load("A").unwrap(), Some(big1.clone()));
    assert!(st.verify().unwrap().is_empty(), "{:?}", st.verify());
    st.redo(&rec("redo")).unwrap();
    assert_eq!(st.load("A").unwrap(), Some(big2));
    // New commands go on numbering after the migrated ones.
    let g = st
        .commit(&[("z", &Value::num(3.0))], &[], &rec("z = 3"))
        .unwrap();
    let hist = st.history(None).unwrap();
    assert_eq!(hist.len(), 8);
    assert_eq!(hist.last().unwrap().seq, 8);
    assert_eq!(hist.last().unwrap().generation, g);
    assert!(st.verify().unwrap().is_empty(), "{:?}", st.verify());
    drop(st);
    assert_eq!(stored_version(&path), FORMAT_VERSION);
}

fn meta_entries(st: &Store) -> Vec<(String, u64)> {
    let txn = st.db().unwrap().begin_read().unwrap();
    let meta = txn.open_table(META).unwrap();
    meta.iter()
        .unwrap()
        .map(|i| {
            let (k, v) = i.unwrap();
            (k.value().to_string(), v.value())
        })
        .collect()
}

#[test]
fn a_small_commit_leaves_meta_alone_and_keeps_all_in_log() {
    let home = TempHome::new("v4small");
    let mut st = Store::open(&home.0, "w").unwrap();
    let meta0 = meta_entries(&st);
    assert_eq!(
        meta0.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
        ["created", "format_version"]
    );
    for k in 0..300 {
        st.commit(&[("x", &Value::num(k as f64))], &[], &rec("x = k;"))
            .unwrap();
    }
    // Generation and times are counters in `log`, not `meta`.
    assert_eq!(meta_entries(&st), meta0);
    assert_eq!(st.info().unwrap().generation, 300);
    assert!(st.info().unwrap().last_commit.is_some());
    let mut names = table_names(&st);
    names.sort();
    assert_eq!(names, ["cas", "log", "meta", "redo", "refs", "vars"]);
    // The default bound keeps 200 commands' priors; older ones are swept
    // in batches, so at most PRUNE_BATCH more remain.
    let kept = st.undo_entry_commands().unwrap();
    assert!(
        kept.len() >= 200 && kept.len() <= 200 + undo::PRUNE_BATCH as usize + 1,
        "{}",
        kept.len()
    );
    assert_eq!(*kept.last().unwrap(), 300);
    st.undo(UndoTarget::Last, &rec("undo")).unwrap();
    assert_eq!(st.load("x").unwrap(), Some(Value::num(298.0)));
    st.undo(UndoTarget::Before(250), &rec("undo")).unwrap();
    assert_eq!(st.load("x").unwrap(), Some(Value::num(248.0)));
    assert!(st.verify().unwrap().is_empty());
    // Records, not undo entries, are what history lists.
    let h = st.history(Some(3)).unwrap();
    assert_eq!(h.iter().map(|r| r.seq).collect::<Vec<_>>(), [300, 301, 302]);
}
