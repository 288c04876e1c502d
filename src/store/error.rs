//! Errors of the workspace store, worded for the user.

use std::fmt;
use std::path::{Path, PathBuf};

/// Who holds a workspace open (from the lock-info file next to it).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LockHolder {
    #[serde(default)]
    pub pid: u32,
    #[serde(default)]
    pub host: String,
    /// Unix milliseconds when it opened the workspace.
    #[serde(default)]
    pub opened: i64,
}

impl fmt::Display for LockHolder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "flatlab process {} on host {}", self.pid, self.host)?;
        if let Some(t) = format_utc(self.opened) {
            write!(f, " (opened {t})")?;
        }
        Ok(())
    }
}

/// A failure to open, read or write a workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The workspace name cannot be used as a file name.
    InvalidName(String),
    /// Another process (or another handle in this one) has it open.
    InUse {
        workspace: String,
        holder: Option<LockHolder>,
    },
    /// The file is not a flatlab workspace or is damaged.
    Corrupt { path: PathBuf, detail: String },
    /// Written by a newer flatlab.
    NewerFormat {
        path: PathBuf,
        found: u64,
        supported: u64,
    },
    /// The operating system refused access.
    Permission { path: PathBuf, detail: String },
    /// Any other I/O failure (disk full, ...).
    Io { path: PathBuf, detail: String },
    /// A value the store cannot write (e.g. larger than the format allows).
    Unsupported(String),
    /// A request that cannot be done as asked ("nothing to undo").
    Refused(String),
}

impl StoreError {
    pub(crate) fn corrupt(path: &Path, detail: impl Into<String>) -> StoreError {
        StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: detail.into(),
        }
    }
    pub(crate) fn io(path: &Path, e: &std::io::Error) -> StoreError {
        if e.kind() == std::io::ErrorKind::PermissionDenied {
            StoreError::Permission {
                path: path.to_path_buf(),
                detail: e.to_string(),
            }
        } else {
            StoreError::Io {
                path: path.to_path_buf(),
                detail: e.to_string(),
            }
        }
    }
    /// Converts any redb error; `workspace` names it for "in use".
    pub(crate) fn redb(path: &Path, workspace: &str, e: impl Into<redb::Error>) -> StoreError {
        match e.into() {
            redb::Error::DatabaseAlreadyOpen | redb::Error::LockProtocolMismatch => {
                StoreError::InUse {
                    workspace: workspace.to_string(),
                    holder: None,
                }
            }
            redb::Error::Io(io) => StoreError::io(path, &io),
            redb::Error::Corrupted(m) => StoreError::corrupt(path, m),
            redb::Error::UpgradeRequired(v) => StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: format!("unsupported database file format version {v}"),
            },
            redb::Error::ValueTooLarge(n) => {
                StoreError::Unsupported(format!("a stored record of {n} bytes is too large"))
            }
            redb::Error::TableDoesNotExist(table) => StoreError::corrupt(
                path,
                format!("table '{table}' is missing (not a flatlab workspace?)"),
            ),
            redb::Error::TableTypeMismatch { table, .. } => StoreError::corrupt(
                path,
                format!("table '{table}' has an unexpected type (not a flatlab workspace?)"),
            ),
            other => StoreError::Io {
                path: path.to_path_buf(),
                detail: other.to_string(),
            },
        }
    }
    pub fn is_in_use(&self) -> bool {
        matches!(self, StoreError::InUse { .. })
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::InvalidName(n) => write!(
                f,
                "invalid workspace name '{n}': use letters, digits, '_', '-' and '.' (not first), at most 64 characters"
            ),
            StoreError::InUse { workspace, holder } => match holder {
                Some(h) => write!(f, "workspace '{workspace}' is in use by {h}"),
                None => write!(f, "workspace '{workspace}' is in use by another flatlab process"),
            },
            StoreError::Corrupt { path, detail } => write!(
                f,
                "workspace file {} is damaged or not a flatlab workspace: {detail}",
                path.display()
            ),
            StoreError::NewerFormat {
                path,
                found,
                supported,
            } => write!(
                f,
                "workspace file {} was written by a newer flatlab (format version {found}; this version reads up to {supported}); upgrade flatlab to open it",
                path.display()
            ),
            StoreError::Permission { path, detail } => {
                write!(f, "permission denied for {}: {detail}", path.display())
            }
            StoreError::Io { path, detail } => {
                write!(f, "cannot access workspace file {}: {detail}", path.display())
            }
            StoreError::Unsupported(m) => write!(f, "cannot store value: {m}"),
            StoreError::Refused(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<StoreError> for crate::error::Error {
    fn from(e: StoreError) -> Self {
        crate::error::Error::new(e.to_string())
    }
}

/// Unix milliseconds as "YYYY-MM-DD HH:MM UTC" (None if out of range).
pub(crate) fn format_utc(ms: i64) -> Option<String> {
    if ms <= 0 {
        return None;
    }
    let secs = ms / 1000;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    Some(format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rem / 3600,
        (rem % 3600) / 60
    ))
}

/// Days since 1970-01-01 to (year, month, day), Howard Hinnant's algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_format() {
        // 2026-11-21 13:02:00 UTC
        assert_eq!(
            format_utc(1_795_266_120_000).as_deref(),
            Some("2026-11-21 13:02 UTC")
        );
    }

    #[test]
    fn in_use_message_names_holder() {
        let e = StoreError::InUse {
            workspace: "default".into(),
            holder: Some(LockHolder {
                pid: 12345,
                host: "abc".into(),
                opened: 1_795_266_120_000,
            }),
        };
        assert_eq!(
            e.to_string(),
            "workspace 'default' is in use by flatlab process 12345 on host abc (opened 2026-11-21 13:02 UTC)"
        );
    }
}
