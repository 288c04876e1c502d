//! Workspace root, listing of workspaces and the resume banner.

use super::{
    builder, check_header, db_path, guarded, lock_path, read_holder, summary_of, valid_name,
    Header, StoreError, Summary, EXTENSION,
};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Where workspaces live: `$FLATLAB_HOME` if set (and non-empty), else the
/// platform data directory for "flatlab" (e.g. `~/.local/share/flatlab`),
/// else `./.flatlab` when no home directory is known.
pub fn default_home() -> PathBuf {
    if let Some(h) = std::env::var_os("FLATLAB_HOME").filter(|h| !h.is_empty()) {
        return PathBuf::from(h);
    }
    directories::ProjectDirs::from("", "", "flatlab")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".flatlab"))
}

/// One workspace as listed by `list_workspaces`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceInfo {
    pub name: String,
    /// Variable count; `None` when it could not be read (in use, damaged).
    pub variables: Option<usize>,
    /// Size of the database file.
    pub bytes_on_disk: u64,
    /// When the last command finished (unix ms); the file's modification
    /// time when the workspace could not be read; `None` if never used.
    pub last_used: Option<i64>,
    /// Set when another process has it open: who (e.g. "flatlab process 12 on host h").
    pub in_use: Option<String>,
    /// Set when the file could not be read for another reason.
    pub error: Option<String>,
}

/// All workspaces under `home`, sorted by name. A workspace open in another
/// process is reported with `in_use` set (its variable count unknown).
pub fn list_workspaces(home: &Path) -> Result<Vec<WorkspaceInfo>, StoreError> {
    let entries = match std::fs::read_dir(home) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StoreError::io(home, &e)),
    };
    let suffix = format!(".{EXTENSION}");
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| StoreError::io(home, &e))?;
        let file = entry.file_name();
        let Some(file) = file.to_str() else { continue };
        let Some(name) = file.strip_suffix(&suffix) else {
            continue;
        };
        if !valid_name(name) {
            continue;
        }
        out.push(describe(home, name));
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

fn describe(home: &Path, name: &str) -> WorkspaceInfo {
    let path = db_path(home, name);
    let md = std::fs::metadata(&path).ok();
    let mut info = WorkspaceInfo {
        name: name.to_string(),
        variables: None,
        bytes_on_disk: md.as_ref().map(|m| m.len()).unwrap_or(0),
        last_used: md
            .and_then(|m| m.modified().ok())
            .map(crate::history::to_ms),
        in_use: None,
        error: None,
    };
    let summary = check_header(&path).and_then(|header| {
        if header != Header::Redb {
            // Missing, or never finished being created: empty, and opening
            // it creates it anew.
            return Ok(Summary {
                variables: 0,
                bytes: 0,
                last_command: None,
                generation: 0,
            });
        }
        guarded(&path, || {
            match builder().open_read_only(&path) {
                Ok(db) => summary_of(&db, &path, name),
                Err(redb::DatabaseError::DatabaseAlreadyOpen) => Err(StoreError::InUse {
                    workspace: name.to_string(),
                    holder: None,
                }),
                // Probably left by a crash and in need of recovery, which a
                // read-only handle does not do: open it for writing.
                Err(_) => {
                    let db = builder()
                        .open(&path)
                        .map_err(|e| StoreError::redb(&path, name, e))?;
                    summary_of(&db, &path, name)
                }
            }
        })
    });
    match summary {
        Ok(s) => {
            info.variables = Some(s.variables);
            info.last_used = s.last_command;
        }
        Err(StoreError::InUse { .. }) => {
            info.in_use = Some(
                read_holder(&lock_path(home, name))
                    .map(|h| h.to_string())
                    .unwrap_or_else(|| "another flatlab process".into()),
            );
        }
        Err(e) => info.error = Some(e.to_string()),
    }
    info
}

/// "resumed workspace 'default': 12 variables, 3.4 MB, last command 2 h ago".
pub fn resume_banner(name: &str, s: &Summary, now: SystemTime) -> String {
    let vars = if s.variables == 1 {
        "1 variable".to_string()
    } else {
        format!("{} variables", s.variables)
    };
    let mut out = format!(
        "resumed workspace '{name}': {vars}, {}",
        format_bytes(s.bytes)
    );
    if let Some(t) = s.last_command {
        let ago = crate::history::to_ms(now).saturating_sub(t).max(0) / 1000;
        out.push_str(", last command ");
        out.push_str(&human_ago(ago));
    }
    out
}

/// Decimal units with one decimal: "512 B", "3.4 kB", "12.0 MB".
pub fn format_bytes(b: u64) -> String {
    const UNITS: [&str; 5] = ["kB", "MB", "GB", "TB", "PB"];
    if b < 1000 {
        return format!("{b} B");
    }
    let mut x = b as f64 / 1000.0;
    let mut unit = UNITS[0];
    for u in UNITS.iter().skip(1) {
        if x < 999.95 {
            break;
        }
        x /= 1000.0;
        unit = u;
    }
    format!("{x:.1} {unit}")
}

/// How long ago unix-ms time `t` was: "2 h ago".
pub fn format_age(t: i64, now: SystemTime) -> String {
    human_ago(crate::history::to_ms(now).saturating_sub(t).max(0) / 1000)
}

fn human_ago(secs: i64) -> String {
    match secs {
        s if s < 60 => format!("{s} s ago"),
        s if s < 3600 => format!("{} min ago", s / 60),
        s if s < 86_400 => format!("{} h ago", s / 3600),
        s if s < 2 * 86_400 => "1 day ago".to_string(),
        s => format!("{} days ago", s / 86_400),
    }
}
