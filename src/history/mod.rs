//! Command history records: one per top-level command, stored by the
//! workspace store in the same transaction as the variables it changed.
//!
//! Every field has `#[serde(default)]` so records written by older versions
//! still decode after fields are added (the store encodes records with
//! rmp-serde as named maps).

pub mod query;

use serde::{Deserialize, Serialize};
use std::time::{SystemTime, UNIX_EPOCH};

/// Where a command came from.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Source {
    /// Typed at the interactive prompt.
    #[default]
    Interactive,
    /// Read from a pipe or redirected standard input.
    Pipe,
    /// `flatlab -c CODE`.
    Code,
    /// `flatlab FILE.m`.
    Script,
}

/// What a command did outside the workspace.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Read,
    Write,
    Delete,
    /// Changed the working directory (the path is the new one).
    Cd,
    /// Ran an external program (the path is the command line).
    External,
}

/// One effect on the file system, with the path as the command named it
/// resolved against the directory it ran in.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct FileEffect {
    pub kind: FileKind,
    pub path: String,
}

/// One run of flatlab on a workspace.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct SessionRecord {
    #[serde(default)]
    pub id: String,
    /// Unix milliseconds.
    #[serde(default)]
    pub started: i64,
    /// Unix milliseconds of a clean end; None while running or after a crash.
    #[serde(default)]
    pub ended: Option<i64>,
    #[serde(default)]
    pub pid: u32,
    #[serde(default)]
    pub host: String,
    #[serde(default)]
    pub user: String,
    /// flatlab's version.
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub source: Source,
}

/// How a command ended.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub enum Status {
    #[default]
    Ok,
    /// The command raised an error with this message.
    Error(String),
    /// The user interrupted it (Ctrl-C).
    Interrupted,
    /// Stored by a checkpoint while the command ran: its changes so far.
    /// The final record of the command replaces it.
    Running,
    /// The process ended while the command ran (killed, crashed, power
    /// lost): what its last checkpoint saved is kept. Never stored: the
    /// store reports a `Running` record of another session this way.
    Killed,
}

impl Status {
    /// The status as listings show it ("" when ok).
    pub fn describe(&self) -> String {
        match self {
            Status::Ok => String::new(),
            Status::Error(m) => format!("error: {}", m.lines().next().unwrap_or("")),
            Status::Interrupted => "interrupted".into(),
            Status::Running => "running".into(),
            Status::Killed => "killed".into(),
        }
    }
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
    /// Variables the command cleared.
    #[serde(default)]
    pub cleared: Vec<String>,
    /// Files read, written or deleted, directory changes, external commands.
    #[serde(default)]
    pub files: Vec<FileEffect>,
    /// Workspace generation before the command.
    #[serde(default)]
    pub generation_before: u64,
    /// The user who ran it.
    #[serde(default)]
    pub user: String,
    #[serde(default)]
    pub source: Source,
    /// The command this one re-ran (`rerun N`).
    #[serde(default)]
    pub origin: Option<u64>,
    /// Commands whose workspace changes this one reverted (`undo`).
    #[serde(default)]
    pub undid: Vec<u64>,
    /// Commands whose workspace changes this one reapplied (`redo`).
    #[serde(default)]
    pub redid: Vec<u64>,
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
            user: username(),
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

/// The user running this process: $USER or $LOGNAME, else the uid.
pub fn username() -> String {
    for var in ["USER", "LOGNAME"] {
        if let Ok(u) = std::env::var(var) {
            if !u.is_empty() {
                return u;
            }
        }
    }
    // SAFETY: getuid has no preconditions and cannot fail.
    format!("uid {}", unsafe { libc::getuid() })
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

/// Unix seconds as [year, month, day, hour, minute, seconds] in UTC.
pub fn civil_from_unix(t: f64) -> Vec<f64> {
    let days = (t / 86400.0).floor() as i64;
    let secs = t - days as f64 * 86400.0;
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    vec![
        y as f64,
        m as f64,
        d as f64,
        (secs / 3600.0).floor(),
        ((secs % 3600.0) / 60.0).floor(),
        secs % 60.0,
    ]
}

/// Unix milliseconds as "2026-11-21 17:25:38 UTC".
pub fn format_utc(ms: i64) -> String {
    let c = civil_from_unix(ms as f64 / 1000.0);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
        c[0],
        c[1],
        c[2],
        c[3],
        c[4],
        c[5].floor()
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
    fn utc_times() {
        assert_eq!(format_utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(format_utc(1_795_280_538_781), "2026-11-21 17:02:18 UTC");
    }

    #[test]
    fn host_and_session() {
        assert!(!hostname().is_empty());
        assert_ne!(new_session_id(), new_session_id());
    }
}
