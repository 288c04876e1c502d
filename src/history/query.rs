//! `history` filters and listing lines: which stored commands a user asked
//! for (`history 20 --here --grep save --failed ...`) and how each is shown.
//!
//! Pure functions over records, so the store can scan with a `Filter` and
//! the shell and the command line print the same lines.

use super::{HistoryRecord, Status};
use regex::Regex;

/// Commands listed when no count is given.
pub const DEFAULT_COUNT: usize = 20;

/// What `history ARGS` selects.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// At most this many (the newest); None: all of them.
    pub limit: Option<usize>,
    /// Only this session (an id, or a unique prefix of one).
    pub session: Option<String>,
    /// Only commands run in this directory.
    pub cwd: Option<String>,
    /// Only commands whose text matches.
    pub grep: Option<Regex>,
    /// Only commands that failed or were interrupted.
    pub failed: bool,
    /// Only commands that wrote (or cleared) this variable.
    pub wrote: Option<String>,
    /// Only commands that read this variable.
    pub read: Option<String>,
    /// Show every recorded field (`--long`).
    pub long: bool,
}

impl Filter {
    /// Parses `history` arguments. `current_session` fills a bare
    /// `--session`; `cwd` fills `--here`.
    pub fn parse(args: &[String], current_session: &str, cwd: &str) -> Result<Filter, String> {
        let mut f = Filter {
            limit: Some(DEFAULT_COUNT),
            ..Filter::default()
        };
        let mut i = 0;
        let value = |i: &mut usize, opt: &str| -> Result<String, String> {
            *i += 1;
            args.get(*i)
                .cloned()
                .ok_or_else(|| format!("history: {opt} needs a value"))
        };
        while let Some(a) = args.get(i) {
            match a.as_str() {
                "--all" | "-a" => f.limit = None,
                "--here" => f.cwd = Some(cwd.to_string()),
                "--failed" => f.failed = true,
                "--long" | "-l" => f.long = true,
                "--session" => {
                    // A bare --session (last, or followed by an option or a
                    // count) means this session.
                    let next = args.get(i + 1);
                    match next {
                        Some(n) if !n.starts_with('-') && n.parse::<usize>().is_err() => {
                            f.session = Some(n.clone());
                            i += 1;
                        }
                        _ => f.session = Some(current_session.to_string()),
                    }
                }
                "--grep" => {
                    let p = value(&mut i, "--grep")?;
                    // A pattern that is not a valid regex is searched literally.
                    let re = Regex::new(&p).or_else(|_| Regex::new(&regex::escape(&p)));
                    f.grep = Some(re.map_err(|e| format!("history: bad pattern: {e}"))?);
                }
                "--wrote" => f.wrote = Some(value(&mut i, "--wrote")?),
                "--read" => f.read = Some(value(&mut i, "--read")?),
                s if s.starts_with('-') => {
                    return Err(format!(
                        "history: unknown option '{s}' (use N, --all, --session [ID], --here, --grep PATTERN, --failed, --wrote VAR, --read VAR, --long, --sessions)"
                    ))
                }
                s => match s.parse::<usize>() {
                    Ok(n) => f.limit = Some(n),
                    Err(_) => return Err(format!("history: '{s}' is not a count or an option")),
                },
            }
            i += 1;
        }
        Ok(f)
    }

    /// Whether `r` passes every condition (the count aside).
    pub fn matches(&self, r: &HistoryRecord) -> bool {
        if let Some(s) = &self.session {
            if !r.session.starts_with(s.as_str()) {
                return false;
            }
        }
        if self.cwd.as_ref().is_some_and(|c| &r.cwd != c) {
            return false;
        }
        if self.failed && r.status == Status::Ok {
            return false;
        }
        if let Some(w) = &self.wrote {
            if !r.writes.iter().chain(&r.cleared).any(|v| v == w) {
                return false;
            }
        }
        if self.read.as_ref().is_some_and(|v| !r.reads.contains(v)) {
            return false;
        }
        self.grep.as_ref().is_none_or(|re| re.is_match(&r.text))
    }
}

/// One listing line: number, age, the directory when it is not `cwd`, the
/// text (first line, with an ellipsis when there are more), and the status
/// when not ok.
pub fn format_line(r: &HistoryRecord, now_ms: i64, cwd: &str) -> String {
    let age = age(now_ms.saturating_sub(r.started));
    let mut text = r.text.lines().next().unwrap_or("").trim_end().to_string();
    if r.text.trim_end().lines().nth(1).is_some() {
        text.push_str(" ...");
    }
    let mut line = format!("{:>6}  {:<9}  {}", r.seq, age, text);
    if !r.cwd.is_empty() && r.cwd != cwd {
        line.push_str(&format!("    [in {}]", r.cwd));
    }
    if r.status != Status::Ok {
        line.push_str(&format!("    [{}]", r.status.describe()));
    }
    if let Some(o) = r.origin {
        line.push_str(&format!("    [rerun of {o}]"));
    }
    let nums = |v: &[u64]| {
        v.iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !r.undid.is_empty() {
        line.push_str(&format!("    [undid {}]", nums(&r.undid)));
    }
    if !r.redid.is_empty() {
        line.push_str(&format!("    [redid {}]", nums(&r.redid)));
    }
    line
}

/// Every field of a record, for `history --long`: the listing line, then
/// one indented line per field.
pub fn format_long(r: &HistoryRecord, now_ms: i64, cwd: &str) -> String {
    let list = |v: &[String]| {
        if v.is_empty() {
            "-".to_string()
        } else {
            v.join(" ")
        }
    };
    let files: Vec<String> = r
        .files
        .iter()
        .map(|f| format!("{:?} {}", f.kind, f.path).to_lowercase())
        .collect();
    let status = match &r.status {
        Status::Ok => "ok".to_string(),
        Status::Killed => {
            "killed (flatlab ended while it ran; its changes up to its last checkpoint were kept)"
                .to_string()
        }
        other => other.describe(),
    };
    let mut out = format_line(r, now_ms, cwd);
    let mut field = |k: &str, v: String| out.push_str(&format!("\n          {k:<11} {v}"));
    field(
        "started",
        format!(
            "{}, took {} ms",
            super::format_utc(r.started),
            r.duration_ms
        ),
    );
    field("directory", r.cwd.clone());
    field(
        "session",
        format!("{} ({:?})", r.session, r.source).to_lowercase(),
    );
    field("by", format!("{}@{}", r.user, r.host));
    field("status", status);
    field("read", list(&r.reads));
    field("wrote", list(&r.writes));
    field("cleared", list(&r.cleared));
    field("files", list(&files));
    field(
        "generation",
        format!("{} -> {}", r.generation_before, r.generation),
    );
    out
}

/// "just now", "42 s ago", "5 min ago", "3 h ago", "2 days ago".
fn age(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    match s {
        0..=4 => "just now".into(),
        5..=59 => format!("{s} s ago"),
        60..=3599 => format!("{} min ago", s / 60),
        3600..=86_399 => format!("{} h ago", s / 3600),
        _ => {
            let d = s / 86_400;
            format!("{d} day{} ago", if d == 1 { "" } else { "s" })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    fn rec(seq: u64, text: &str) -> HistoryRecord {
        HistoryRecord {
            seq,
            text: text.into(),
            started: 1_000_000,
            cwd: "/a".into(),
            session: "s1-abc".into(),
            ..HistoryRecord::default()
        }
    }

    #[test]
    fn parses_counts_and_options() {
        let f = Filter::parse(&args(""), "cur", "/here").unwrap();
        assert_eq!(f.limit, Some(DEFAULT_COUNT));
        assert!(f.session.is_none());
        let f = Filter::parse(&args("5 --here --failed"), "cur", "/here").unwrap();
        assert_eq!(f.limit, Some(5));
        assert_eq!(f.cwd.as_deref(), Some("/here"));
        assert!(f.failed);
        let f = Filter::parse(&args("--all --session"), "cur", "/h").unwrap();
        assert_eq!((f.limit, f.session.as_deref()), (None, Some("cur")));
        let f = Filter::parse(&args("--session s1 10"), "cur", "/h").unwrap();
        assert_eq!((f.limit, f.session.as_deref()), (Some(10), Some("s1")));
        let f = Filter::parse(&args("--session 10"), "cur", "/h").unwrap();
        assert_eq!((f.limit, f.session.as_deref()), (Some(10), Some("cur")));
        assert!(Filter::parse(&args("--bogus"), "c", "/").is_err());
        assert!(Filter::parse(&args("--grep"), "c", "/").is_err());
        assert!(Filter::parse(&args("ten"), "c", "/").is_err());
        assert!(Filter::parse(&args("--long"), "c", "/").unwrap().long);
    }

    #[test]
    fn long_form_shows_every_field() {
        let mut r = rec(7, "y = x + 1");
        r.reads = vec!["x".into()];
        r.writes = vec!["y".into()];
        r.user = "ann".into();
        r.host = "lab1".into();
        r.generation_before = 6;
        r.generation = 7;
        r.files = vec![super::super::FileEffect {
            kind: super::super::FileKind::Write,
            path: "/a/out.mat".into(),
        }];
        let text = format_long(&r, 1_000_000, "/a");
        assert!(text.contains("\n          read        x"), "{text}");
        assert!(text.contains("wrote       y"), "{text}");
        assert!(text.contains("by          ann@lab1"), "{text}");
        assert!(text.contains("files       write /a/out.mat"), "{text}");
        assert!(text.contains("generation  6 -> 7"), "{text}");
        assert!(text.contains("cleared     -"), "{text}");
    }

    #[test]
    fn filters_select_what_they_name() {
        let mut a = rec(1, "x = load_data(3)");
        a.writes = vec!["x".into()];
        let mut b = rec(2, "y = x + 1");
        b.reads = vec!["x".into()];
        b.writes = vec!["y".into()];
        b.cwd = "/b".into();
        let mut c = rec(3, "clear y");
        c.cleared = vec!["y".into()];
        c.status = Status::Error("oops".into());
        let f = |s: &str| Filter::parse(&args(s), "s1", "/a").unwrap();
        let pick = |f: Filter| -> Vec<u64> {
            [&a, &b, &c]
                .iter()
                .filter(|r| f.matches(r))
                .map(|r| r.seq)
                .collect()
        };
        assert_eq!(pick(f("--wrote y")), [2, 3]);
        assert_eq!(pick(f("--read x")), [2]);
        assert_eq!(pick(f("--here")), [1, 3]);
        assert_eq!(pick(f("--failed")), [3]);
        assert_eq!(pick(f("--grep load_")), [1]);
        // An invalid regex is a literal search.
        assert_eq!(pick(f("--grep (3")), [1]);
        assert_eq!(pick(f("--session s1")), [1, 2, 3]);
        assert_eq!(pick(f("--session s2")), Vec::<u64>::new());
    }

    #[test]
    fn lines_show_number_age_dir_and_status() {
        let mut r = rec(12, "for i=1:3\n  x = i;\nend");
        r.status = Status::Error("boom\nmore".into());
        let line = format_line(&r, 1_000_000 + 125_000, "/b");
        assert_eq!(
            line,
            "    12  2 min ago  for i=1:3 ...    [in /a]    [error: boom]"
        );
        let r = rec(3, "x = 1");
        assert_eq!(format_line(&r, 1_000_500, "/a"), "     3  just now   x = 1");
        assert_eq!(age(3 * 86_400_000), "3 days ago");
        assert_eq!(age(86_400_000), "1 day ago");
        assert_eq!(age(7_200_000), "2 h ago");
    }
}
