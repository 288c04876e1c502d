//! Read-only history views that must stay fast over a long history: the
//! commands the line editor recalls (up arrow, Ctrl-R), and the filtered
//! scan behind `history --grep/--wrote/--session ...`.
//!
//! Both decode a borrowed view of each record (only the fields they need,
//! strings borrowed from the stored bytes, nothing allocated for a record
//! that is skipped); a record is decoded whole only when it is returned.
//! Every record's checksum is still verified, so damage is never hidden.

use super::{cas, decode_record, guarded, Store, StoreError, FORMAT_VERSION, HISTORY};
use crate::history::query::Filter;
use crate::history::{HistoryRecord, Status};
use redb::{ReadableDatabase, ReadableTable};
use serde::Deserialize;
use std::borrow::Cow;

/// One stored command as the line editor recalls it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recalled {
    /// The command text as typed.
    pub text: String,
    /// The directory it ran in ("" when unknown).
    pub cwd: String,
}

/// The fields of a `HistoryRecord` that recall and filters look at,
/// borrowed from the stored bytes (fields not named here are skipped).
#[derive(Deserialize, Default)]
#[serde(default)]
struct View<'a> {
    #[serde(borrow)]
    text: Cow<'a, str>,
    #[serde(borrow)]
    cwd: Cow<'a, str>,
    #[serde(borrow)]
    session: Cow<'a, str>,
    status: Status,
    #[serde(borrow)]
    reads: Vec<Cow<'a, str>>,
    #[serde(borrow)]
    writes: Vec<Cow<'a, str>>,
    #[serde(borrow)]
    cleared: Vec<Cow<'a, str>>,
}

/// Only the fields recall needs (so reads/writes lists are not even built).
#[derive(Deserialize, Default)]
#[serde(default)]
struct RecallView<'a> {
    #[serde(borrow)]
    text: Cow<'a, str>,
    #[serde(borrow)]
    cwd: Cow<'a, str>,
    #[serde(borrow)]
    session: Cow<'a, str>,
}

/// `Filter::matches` over a view: the same conditions, field by field.
fn view_matches(f: &Filter, r: &View<'_>) -> bool {
    if let Some(s) = &f.session {
        if !r.session.starts_with(s.as_str()) {
            return false;
        }
    }
    if f.cwd.as_ref().is_some_and(|c| r.cwd != c.as_str()) {
        return false;
    }
    if f.failed && r.status == Status::Ok {
        return false;
    }
    if let Some(w) = &f.wrote {
        if !r.writes.iter().chain(&r.cleared).any(|v| v == w.as_str()) {
            return false;
        }
    }
    if f.read
        .as_ref()
        .is_some_and(|v| !r.reads.iter().any(|x| x == v.as_str()))
    {
        return false;
    }
    f.grep.as_ref().is_none_or(|re| re.is_match(&r.text))
}

impl Store {
    /// The line editor's history: the last `limit` stored commands,
    /// ordered so that those of this process's session come last (nearest
    /// to the prompt), each group oldest first. Damaged records are
    /// skipped (the editor's history is a convenience; `history` reports
    /// them).
    pub fn recall(&self, limit: usize) -> Result<Vec<Recalled>, StoreError> {
        let current = self.session_id().unwrap_or("").to_string();
        guarded(&self.path, || {
            let txn = self.db()?.begin_read().map_err(|e| self.err(e))?;
            let hist = txn.open_table(HISTORY).map_err(|e| self.err(e))?;
            let mut others = Vec::new();
            let mut ours = Vec::new();
            for item in hist.iter().map_err(|e| self.err(e))?.rev().take(limit) {
                let (_, v) = item.map_err(|e| self.err(e))?;
                let Some(payload) = cas::unwrap(v.value()) else {
                    continue;
                };
                let Ok(r) = rmp_serde::from_slice::<RecallView>(payload) else {
                    continue;
                };
                if r.text.trim().is_empty() {
                    continue;
                }
                let rec = Recalled {
                    text: r.text.into_owned(),
                    cwd: r.cwd.into_owned(),
                };
                if !current.is_empty() && r.session == current.as_str() {
                    ours.push(rec);
                } else {
                    others.push(rec);
                }
            }
            others.reverse();
            ours.reverse();
            others.extend(ours);
            Ok(others)
        })
    }

    /// The records `f` selects, oldest first: scans from the newest, skips
    /// non-matching records after decoding only a borrowed view of them,
    /// and stops once `f.limit` matched. (`history_matching` uses it.)
    pub fn history_scan(&self, f: &Filter) -> Result<Vec<HistoryRecord>, StoreError> {
        guarded(&self.path, || {
            let txn = self.db()?.begin_read().map_err(|e| self.err(e))?;
            let hist = txn.open_table(HISTORY).map_err(|e| self.err(e))?;
            let mut out = Vec::new();
            for item in hist.iter().map_err(|e| self.err(e))?.rev() {
                if f.limit.is_some_and(|l| out.len() >= l) {
                    break;
                }
                let (_, v) = item.map_err(|e| self.err(e))?;
                let bytes = v.value();
                let payload = cas::unwrap(bytes).ok_or_else(|| {
                    StoreError::corrupt(
                        &self.path,
                        "a history record is damaged (checksum mismatch)",
                    )
                })?;
                let view: View = rmp_serde::from_slice(payload).map_err(|e| {
                    StoreError::corrupt(&self.path, format!("bad history record ({e})"))
                })?;
                if view_matches(f, &view) {
                    out.push(decode_record(&self.path, FORMAT_VERSION, bytes)?);
                }
            }
            out.reverse();
            Ok(out)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::SessionRecord;
    use crate::value::Value;

    fn home(tag: &str) -> std::path::PathBuf {
        let p = std::env::temp_dir().join(format!(
            "flatlab-recall-{tag}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        p
    }

    fn rec(text: &str, session: &str, cwd: &str, writes: &[&str]) -> HistoryRecord {
        HistoryRecord {
            cwd: cwd.into(),
            writes: writes.iter().map(|s| s.to_string()).collect(),
            ..HistoryRecord::new(text, session)
        }
    }

    #[test]
    fn recall_puts_this_session_last_and_keeps_dirs() {
        let h = home("order");
        let mut st = Store::open(&h, "w").unwrap();
        st.start_session(SessionRecord {
            id: "mine".into(),
            ..SessionRecord::default()
        });
        let one = Value::num(1.0);
        st.commit(&[("a", &one)], &[], &rec("a = 1", "old", "/A", &["a"]))
            .unwrap();
        st.commit(&[], &[], &rec("b = 2", "mine", "/B", &["b"]))
            .unwrap();
        st.commit(&[], &[], &rec("c = 3", "other", "/C", &["c"]))
            .unwrap();
        st.commit(&[], &[], &rec("   ", "other", "/C", &[]))
            .unwrap();
        let got = st.recall(10).unwrap();
        let texts: Vec<&str> = got.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["a = 1", "c = 3", "b = 2"]);
        assert_eq!(got[0].cwd, "/A");
        assert_eq!(got[2].cwd, "/B");
        // Only the newest `limit` records are loaded.
        let got = st.recall(2).unwrap();
        let texts: Vec<&str> = got.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["c = 3"]);
        drop(st);
        let _ = std::fs::remove_dir_all(&h);
    }

    #[test]
    fn scan_agrees_with_filter_matches() {
        let h = home("scan");
        let mut st = Store::open(&h, "w").unwrap();
        let mut failed = rec("error('x')", "s2", "/A", &[]);
        failed.status = Status::Error("x".into());
        let mut reader = rec("y = x + 1", "s1", "/B", &["y"]);
        reader.reads = vec!["x".into()];
        let mut clearer = rec("clear x", "s2", "/B", &[]);
        clearer.cleared = vec!["x".into()];
        let all = [
            rec("x = 1", "s1", "/A", &["x"]),
            reader,
            failed,
            clearer,
            rec("disp(1)", "s2", "/A", &[]),
        ];
        for r in &all {
            st.commit(&[], &[], r).unwrap();
        }
        let args: &[&[&str]] = &[
            &[],
            &["--all"],
            &["2"],
            &["--grep", "x"],
            &["--grep", "^clear"],
            &["--wrote", "x"],
            &["--read", "x"],
            &["--failed"],
            &["--session", "s2"],
            &["--here"],
            &["--session", "s1", "--grep", "y"],
        ];
        for a in args {
            let a: Vec<String> = a.iter().map(|s| s.to_string()).collect();
            let f = Filter::parse(&a, "s1", "/A").unwrap();
            let got: Vec<String> = st
                .history_scan(&f)
                .unwrap()
                .into_iter()
                .map(|r| r.text)
                .collect();
            let stored = st.history(None).unwrap();
            let mut want: Vec<String> = stored
                .into_iter()
                .rev()
                .filter(|r| f.matches(r))
                .take(f.limit.unwrap_or(usize::MAX))
                .map(|r| r.text)
                .collect();
            want.reverse();
            assert_eq!(got, want, "history {a:?}");
        }
        let f = Filter::parse(&["--wrote".into(), "x".into()], "s1", "/A").unwrap();
        let got: Vec<String> = st
            .history_scan(&f)
            .unwrap()
            .into_iter()
            .map(|r| r.text)
            .collect();
        assert_eq!(got, ["x = 1", "clear x"]);
        drop(st);
        let _ = std::fs::remove_dir_all(&h);
    }
}
