//! Command history records: one per top-level command, stored by the
//! workspace store in the same transaction as the variables it changed.
//!
//! Every field has `#[serde(default)]` so records written by older versions
//! still decode after fields are added (the store encodes records with
//! rmp-serde as named maps).

use serde::{Deserialize, Serialize};
use std::time::{SystemTime, UNIX_EPOCH};

/// How a command ended.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub enum Status {
    #[default]
    Ok,
    /// The command raised an error with this message.
    Error(String),
    /// The user interrupted it (Ctrl-C).
    Interrupted,
}

/// One executed top-level command and what it did to the workspace.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct HistoryRecord {
    /// Position in the workspace history (1, 2, ...); assigned by `Store::commit`.
    #[serde(default)]
    pub seq: u64,
    /// The command text as typed.
    #[serde(default)]
    pub text: String,
    /// Start time, unix milliseconds.
    #[serde(default)]
    pub started: i64,
    #[serde(default)]
    pub duration_ms: u64,
    /// Working directory when it ran.
    #[serde(default)]
    pub cwd: String,
    /// Session id (`new_session_id`) of the process that ran it.
    #[serde(default)]
    pub session: String,
    #[serde(default)]
    pub host: String,
    #[serde(default)]
    pub status: Status,
    /// Variables read and written by the command.
    #[serde(default)]
    pub reads: Vec<String>,
    #[serde(default)]
    pub writes: Vec<String>,
    /// Workspace generation after the command; assigned by `Store::commit`.
    #[serde(default)]
    pub generation: u64,
}

impl HistoryRecord {
    /// A record for `text` started now, with this host and the current directory.
    pub fn new(text: &str, session: &str) -> HistoryRecord {
        HistoryRecord {
            text: text.to_string(),
            started: now_ms(),
            cwd: std::env::current_dir()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            session: session.to_string(),
            host: hostname(),
            ..HistoryRecord::default()
        }
    }
    /// Unix milliseconds when the command finished.
    pub fn ended(&self) -> i64 {
        self.started
            .saturating_add(i64::try_from(self.duration_ms).unwrap_or(i64::MAX))
    }
}

/// Current time in unix milliseconds (0 if the clock is before 1970).
pub fn now_ms() -> i64 {
    to_ms(SystemTime::now())
}

/// A `SystemTime` as unix milliseconds (negative before 1970).
pub fn to_ms(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_millis()).unwrap_or(i64::MAX),
    }
}

/// This machine's host name ("unknown" if it cannot be read).
pub fn hostname() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: buf is valid for buf.len() bytes; gethostname writes at most
    // that many and we stop at the first NUL (or the end) below.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        return "unknown".to_string();
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    let name = String::from_utf8_lossy(buf.get(..end).unwrap_or(&[])).into_owned();
    if name.is_empty() {
        "unknown".to_string()
    } else {
        name
    }
}

/// A fresh session id: process id, start time and a little per-call entropy,
/// as hex (e.g. "3039-18c2f3a1b2c-7f3a").
pub fn new_session_id() -> String {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    h.write_u128(nanos);
    format!(
        "{:x}-{:x}-{:04x}",
        std::process::id(),
        now_ms().max(0),
        h.finish() & 0xffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_round_trips_through_rmp() {
        let r = HistoryRecord {
            seq: 3,
            text: "x = 1".into(),
            status: Status::Error("boom".into()),
            reads: vec!["a".into()],
            writes: vec!["x".into()],
            ..HistoryRecord::new("x = 1", "s")
        };
        let bytes = rmp_serde::to_vec_named(&r).unwrap();
        let back: HistoryRecord = rmp_serde::from_slice(&bytes).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn missing_fields_default() {
        #[derive(Serialize)]
        struct Old {
            text: String,
        }
        let bytes = rmp_serde::to_vec_named(&Old { text: "y".into() }).unwrap();
        let back: HistoryRecord = rmp_serde::from_slice(&bytes).unwrap();
        assert_eq!(back.text, "y");
        assert_eq!(back.status, Status::Ok);
        assert_eq!(back.seq, 0);
    }

    #[test]
    fn host_and_session() {
        assert!(!hostname().is_empty());
        assert_ne!(new_session_id(), new_session_id());
    }
}
