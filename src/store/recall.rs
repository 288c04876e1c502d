//! Read-only history views that must stay fast over a long history: the
//! commands the line editor recalls (up arrow, Ctrl-R), and the filtered
//! scan behind `history --grep/--wrote/--session ...`.
//!
//! Both decode a borrowed view of a record (only the fields they need,
//! strings borrowed from the stored bytes); a record is decoded whole only
//! when it is returned. The filtered scan rejects most records on their raw
//! bytes before hashing them (see `history_scan`): a record a filter cannot
//! select is not checksummed, every record it returns is.

use super::log::{COUNTERS, LOG};
use super::{cas, decode_record, guarded, Store, StoreError, FORMAT_VERSION};
use crate::history::query::Filter;
use crate::history::{HistoryRecord, Status};
use redb::ReadableDatabase;
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

/// Literal strings a record matching `f` must contain in its stored bytes
/// (rmp-serde writes strings as their raw UTF-8): the session prefix, the
/// directory and the variable names. A record that lacks one is skipped
/// before it is decoded at all; the search is regex's SIMD literal search.
fn needles(f: &Filter) -> Vec<regex::bytes::Regex> {
    [&f.session, &f.cwd, &f.wrote, &f.read]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .filter_map(|s| regex::bytes::Regex::new(&regex::escape(s)).ok())
        .collect()
}

/// The `text` field of an encoded record, found by walking the MessagePack
/// map without decoding the other fields (None if the bytes are not the
/// map rmp-serde writes; the caller then decodes normally).
fn text_field(b: &[u8]) -> Option<&str> {
    str_fields(b, ["text"]).map(|[t]| t)
}

/// The string fields `names` of an encoded record ("" for one it lacks, as
/// serde's default gives), walking the map as `text_field` does.
fn str_fields<'a, const N: usize>(b: &'a [u8], names: [&str; N]) -> Option<[&'a str; N]> {
    let mut c = Cursor { b, at: 0 };
    let n = c.map_len()?;
    let mut out = [""; N];
    let mut found = 0;
    for _ in 0..n {
        let key = c.str()?;
        match names.iter().position(|k| *k == key) {
            Some(i) => {
                *out.get_mut(i)? = c.str()?;
                found += 1;
                if found == N {
                    // Fields are unique: stop at the last one wanted.
                    break;
                }
            }
            None => c.skip(0)?,
        }
    }
    Some(out)
}

/// A MessagePack reader over a byte slice: every read is bounds-checked.
struct Cursor<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.b.get(self.at..end)?;
        self.at = end;
        Some(s)
    }
    fn byte(&mut self) -> Option<u8> {
        self.take(1).map(|s| s[0])
    }
    fn uint(&mut self, bytes: usize) -> Option<usize> {
        let s = self.take(bytes)?;
        let v = s.iter().fold(0u64, |a, &x| (a << 8) | u64::from(x));
        usize::try_from(v).ok()
    }
    fn map_len(&mut self) -> Option<usize> {
        match self.byte()? {
            m @ 0x80..=0x8f => Some(usize::from(m & 0x0f)),
            0xde => self.uint(2),
            0xdf => self.uint(4),
            _ => None,
        }
    }
    fn str(&mut self) -> Option<&'a str> {
        let n = match self.byte()? {
            m @ 0xa0..=0xbf => usize::from(m & 0x1f),
            0xd9 => self.uint(1)?,
            0xda => self.uint(2)?,
            0xdb => self.uint(4)?,
            _ => return None,
        };
        std::str::from_utf8(self.take(n)?).ok()
    }
    /// Skips one value of any type (nested at most 32 deep).
    fn skip(&mut self, depth: usize) -> Option<()> {
        if depth > 32 {
            return None;
        }
        let m = self.byte()?;
        let (skip, items) = match m {
            0x00..=0x7f | 0xe0..=0xff | 0xc0 | 0xc2 | 0xc3 => (0, 0),
            0x80..=0x8f => (0, 2 * usize::from(m & 0x0f)),
            0x90..=0x9f => (0, usize::from(m & 0x0f)),
            0xa0..=0xbf => (usize::from(m & 0x1f), 0),
            0xc4 | 0xd9 => (self.uint(1)?, 0),
            0xc5 | 0xda => (self.uint(2)?, 0),
            0xc6 | 0xdb => (self.uint(4)?, 0),
            0xc7 => (self.uint(1)?.checked_add(1)?, 0),
            0xc8 => (self.uint(2)?.checked_add(1)?, 0),
            0xc9 => (self.uint(4)?.checked_add(1)?, 0),
            0xca | 0xce | 0xd2 => (4, 0),
            0xcb | 0xcf | 0xd3 => (8, 0),
            0xcc | 0xd0 => (1, 0),
            0xcd | 0xd1 => (2, 0),
            0xd4 => (2, 0),
            0xd5 => (3, 0),
            0xd6 => (5, 0),
            0xd7 => (9, 0),
            0xd8 => (17, 0),
            0xdc => (0, self.uint(2)?),
            0xdd => (0, self.uint(4)?),
            0xde => (0, self.uint(2)?.checked_mul(2)?),
            0xdf => (0, self.uint(4)?.checked_mul(2)?),
            0xc1 => return None,
        };
        self.take(skip)?;
        for _ in 0..items {
            self.skip(depth + 1)?;
        }
        Some(())
    }
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
            let hist = txn.open_table(LOG).map_err(|e| self.err(e))?;
            let mut others = Vec::new();
            let mut ours = Vec::new();
            let records = hist
                .range(..(COUNTERS, ""))
                .map_err(|e| self.err(e))?
                .rev()
                // Undo entries share the table: only history records count.
                .filter(|item| item.as_ref().map_or(true, |(k, _)| k.value().1.is_empty()));
            for item in records.take(limit) {
                let (_, v) = item.map_err(|e| self.err(e))?;
                let Some(payload) = cas::unwrap(v.value()) else {
                    continue;
                };
                let r = match str_fields(payload, ["text", "cwd", "session"]) {
                    Some([text, cwd, session]) => RecallView {
                        text: Cow::Borrowed(text),
                        cwd: Cow::Borrowed(cwd),
                        session: Cow::Borrowed(session),
                    },
                    None => match rmp_serde::from_slice::<RecallView>(payload) {
                        Ok(r) => r,
                        Err(_) => continue,
                    },
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

    /// The records `f` selects, oldest first: scans from the newest and
    /// stops once `f.limit` matched. A record is first tested cheaply on
    /// its raw bytes (literals the filter needs, the failed status, the
    /// `--grep` regex on its text field); only the survivors have their
    /// checksum verified (a damaged one is an error, as before) and are
    /// decoded, first as a borrowed view to test the whole filter, then in
    /// full. (`history_matching` uses it.)
    pub fn history_scan(&self, f: &Filter) -> Result<Vec<HistoryRecord>, StoreError> {
        guarded(&self.path, || {
            let txn = self.db()?.begin_read().map_err(|e| self.err(e))?;
            let hist = txn.open_table(LOG).map_err(|e| self.err(e))?;
            let needles = needles(f);
            // A failed record names its status variant.
            let failed_re = regex::bytes::Regex::new("Error|Interrupted|Running|Killed")
                .map_err(|e| StoreError::Unsupported(e.to_string()))?;
            let mut out = Vec::new();
            for item in hist.range(..(COUNTERS, "")).map_err(|e| self.err(e))?.rev() {
                if f.limit.is_some_and(|l| out.len() >= l) {
                    break;
                }
                let (k, v) = item.map_err(|e| self.err(e))?;
                // Undo entries share the table.
                if !k.value().1.is_empty() {
                    continue;
                }
                let bytes = v.value();
                // Cheap rejections first, on the unverified payload (after
                // the 8-byte checksum): a record that cannot match is
                // skipped without hashing or decoding it.
                let raw = bytes.get(8..).unwrap_or(&[]);
                if !needles.iter().all(|n| n.is_match(raw)) {
                    continue;
                }
                if f.failed && !failed_re.is_match(raw) {
                    continue;
                }
                if let (Some(re), Some(text)) = (&f.grep, text_field(raw)) {
                    if !re.is_match(text) {
                        continue;
                    }
                }
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
                    out.push(self.as_seen(decode_record(&self.path, FORMAT_VERSION, bytes)?));
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
    fn text_field_walks_the_encoded_record() {
        let mut r = rec("y = 'h\u{e9}llo'", "s", "/A", &["y"]);
        r.status = Status::Error("boom".into());
        r.origin = Some(70_000);
        r.duration_ms = u64::MAX;
        r.started = -5;
        r.text = "t".repeat(300);
        let b = rmp_serde::to_vec_named(&r).unwrap();
        assert_eq!(text_field(&b), Some(r.text.as_str()));
        assert_eq!(
            str_fields(&b, ["session", "cwd", "nope"]),
            Some(["s", "/A", ""])
        );
        // Truncated or foreign bytes give None, never a panic.
        for n in 0..b.len() {
            let _ = text_field(&b[..n]);
        }
        assert_eq!(text_field(&[0xc1, 0xff]), None);
        assert_eq!(text_field(&[]), None);
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
