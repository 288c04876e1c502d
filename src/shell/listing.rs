//! The `history` listing, shared by the `history` command and
//! `flatlab history -w NAME ...`: filters over the stored records, or the
//! workspace's sessions with `--sessions`.

use crate::history::{self, query};
use crate::store::{self, SessionEnd, Store};

/// The lines `history ARGS` prints (no trailing newline), or an error
/// message. `session` is the current session's id (for a bare `--session`).
pub fn listing(st: &Store, args: &[String], session: &str) -> Result<String, String> {
    let cwd = std::env::current_dir()
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    if args.iter().any(|a| a == "--sessions") {
        return sessions(st);
    }
    let filter = query::Filter::parse(args, session, &cwd)?;
    let records = st.history_matching(&filter).map_err(|e| e.to_string())?;
    let now = history::now_ms();
    let lines: Vec<String> = records
        .iter()
        .map(|r| {
            if filter.long {
                query::format_long(r, now, &cwd)
            } else {
                query::format_line(r, now, &cwd)
            }
        })
        .collect();
    Ok(lines.join("\n"))
}

fn sessions(st: &Store) -> Result<String, String> {
    let all = st.sessions().map_err(|e| e.to_string())?;
    let now = std::time::SystemTime::now();
    let lines: Vec<String> = all
        .iter()
        .map(|(s, end)| {
            let end = match end {
                SessionEnd::Running => "running".to_string(),
                SessionEnd::Clean => "ended".to_string(),
                SessionEnd::Crashed => "crashed or killed".to_string(),
            };
            format!(
                "{}  started {}  {:<17}  pid {} on {}  ({}, flatlab {})",
                s.id,
                store::format_age(s.started, now),
                end,
                s.pid,
                s.host,
                source_name(s.source),
                s.version
            )
        })
        .collect();
    Ok(lines.join("\n"))
}

fn source_name(s: history::Source) -> &'static str {
    match s {
        history::Source::Interactive => "interactive",
        history::Source::Pipe => "pipe",
        history::Source::Code => "-c",
        history::Source::Script => "script",
    }
}
