//! Command-line arguments: what the user asked `flatlab` to do.
//!
//! Parsing only; `main.rs` dispatches. Bad usage is exit status 2; `-c CODE`
//! that is not UTF-8 is an error in the code (exit status 1).

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

pub const USAGE: &str = "\
flatlab: a persistent MATLAB-like numeric workspace shell

Usage:
  flatlab                      interactive shell on the default workspace (resumes it)
  flatlab -w NAME              the same on workspace NAME (created on first use)
  flatlab FILE.m               run a script in the workspace, then exit
  flatlab -c 'CODE'            run code in the workspace, then exit
  ... | flatlab                stdin not a terminal: run each command as it arrives
  flatlab --list               list workspaces: name, variables, size on disk, last used
  flatlab --compact -w NAME    give the file space of deleted data back to the system
  flatlab --recover -w NAME    copy every readable variable and the history of a damaged
                               workspace into NAME-recovered (or --into NEW); list what was lost
  flatlab history -w NAME [N] [--all] [--session [ID]] [--here] [--grep PATTERN]
                  [--failed] [--wrote VAR] [--read VAR] [--sessions]
                               list the workspace's command history (as the `history` command)
  flatlab export -w NAME VAR FILE
                               write variable VAR of workspace NAME to FILE (format from the
                               extension: .mat, .npy, .npz, .csv, .txt, .json)
  flatlab import -w NAME FILE  load FILE into workspace NAME (one command in its history)

Options:
  -w, --workspace NAME   use workspace NAME (default: 'default')
  -c, --command CODE     run CODE and exit
      --list             list workspaces and exit
      --compact          compact the workspace file and exit
      --recover          recover a damaged workspace into a new one and exit
      --into NEW         the workspace --recover writes (default NAME-recovered)
  -h, --help             show this help
  -V, --version          show the version

Workspaces live under $FLATLAB_HOME when set, else the platform data directory.
Exit status: 0 success, 1 an uncaught error, 2 bad usage.
";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Interactive shell, or piped commands when stdin is not a terminal.
    Shell,
    Script(PathBuf),
    Code(String),
    List,
    Compact,
    Recover {
        into: Option<String>,
    },
    /// `flatlab history ARGS`: list the stored history.
    History(Vec<String>),
    /// `export VAR FILE`: write one variable of the workspace to a file.
    Export {
        var: String,
        file: PathBuf,
    },
    /// `import FILE`: load a file's variables into the workspace.
    Import {
        file: PathBuf,
    },
    Help,
    Version,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args {
    pub workspace: String,
    pub mode: Mode,
}

/// Why the arguments cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CliError {
    /// Bad usage (exit status 2, with the usage text).
    Usage(String),
    /// `-c CODE` whose text cannot be run (exit status 1, as an error in the code).
    Code(String),
}

impl CliError {
    pub fn message(&self) -> &str {
        match self {
            CliError::Usage(m) | CliError::Code(m) => m,
        }
    }
}

impl From<&str> for CliError {
    fn from(m: &str) -> CliError {
        CliError::Usage(m.to_string())
    }
}

impl From<String> for CliError {
    fn from(m: String) -> CliError {
        CliError::Usage(m)
    }
}

/// Parse arguments (without the program name). Arguments are bytes on Unix:
/// a script or file path is used as given; words that must be text (code,
/// names, options) are refused with the place of the first non-UTF-8 byte.
pub fn parse(args: &[OsString]) -> Result<Args, CliError> {
    let mut workspace = "default".to_string();
    let mut mode = Mode::Shell;
    let mut into: Option<String> = None;
    // `export`/`import` as the first word, and the words after it.
    let mut sub: Option<&str> = None;
    let mut words: Vec<&OsString> = Vec::new();
    let mut it = args.iter();
    let set_mode = |m: Mode, mode: &mut Mode| -> Result<(), CliError> {
        if *mode != Mode::Shell {
            return Err(
                "only one of FILE.m, -c CODE, --list, --compact, --recover may be given".into(),
            );
        }
        *mode = m;
        Ok(())
    };
    let name = |a: Option<&OsString>, missing: &str| -> Result<String, CliError> {
        let n = text(a.ok_or(missing)?, "workspace name")?;
        validate_name(&n)?;
        Ok(n)
    };
    while let Some(a) = it.next() {
        match a.to_str() {
            Some("-h" | "--help") => {
                return Ok(Args {
                    workspace,
                    mode: Mode::Help,
                })
            }
            Some("-V" | "--version") => {
                return Ok(Args {
                    workspace,
                    mode: Mode::Version,
                })
            }
            Some("-w" | "--workspace") => workspace = name(it.next(), "-w needs a workspace name")?,
            Some("-c" | "--command") => {
                let code = it.next().ok_or("-c needs code to run")?;
                let code = crate::syntax::encoding::check_utf8(code.as_encoded_bytes())
                    .map_err(|bad| CliError::Code(format!("-c CODE is not valid UTF-8: {bad}")))?;
                set_mode(Mode::Code(code.to_string()), &mut mode)?;
            }
            Some("--list") => set_mode(Mode::List, &mut mode)?,
            Some("--compact") => set_mode(Mode::Compact, &mut mode)?,
            Some("--recover") => set_mode(Mode::Recover { into: None }, &mut mode)?,
            Some("--into") => into = Some(name(it.next(), "--into needs a workspace name")?),
            _ if a.len() > 1 && a.as_encoded_bytes().starts_with(b"-") => {
                return Err(format!("unknown option '{}'", shown(a)).into())
            }
            Some("history") if mode == Mode::Shell => {
                // Everything after it is for `history`, but -w NAME.
                let mut rest = Vec::new();
                while let Some(a) = it.next() {
                    if a == "-w" || a == "--workspace" {
                        workspace = name(it.next(), "-w needs a workspace name")?;
                    } else {
                        rest.push(text(a, "history argument")?);
                    }
                }
                mode = Mode::History(rest);
            }
            _ if sub.is_some() => words.push(a),
            Some(w @ ("export" | "import")) if mode == Mode::Shell => sub = Some(w),
            _ => set_mode(Mode::Script(PathBuf::from(a)), &mut mode)?,
        }
    }
    match (sub, words.as_slice()) {
        (None, _) => {}
        (Some("export"), [var, file]) => set_mode(
            Mode::Export {
                var: text(var, "variable name")?,
                file: PathBuf::from(file),
            },
            &mut mode,
        )?,
        (Some("export"), _) => return Err("usage: flatlab export -w NAME VAR FILE".into()),
        (Some(_), [file]) => set_mode(
            Mode::Import {
                file: PathBuf::from(file),
            },
            &mut mode,
        )?,
        (Some(_), _) => return Err("usage: flatlab import -w NAME FILE".into()),
    }
    if let Some(n) = into {
        match &mut mode {
            Mode::Recover { into } => *into = Some(n),
            _ => return Err("--into goes with --recover".into()),
        }
    }
    Ok(Args { workspace, mode })
}

/// An argument that must be text, e.g. a name; `what` names it in the error.
fn text(a: &OsStr, what: &str) -> Result<String, CliError> {
    match a.to_str() {
        Some(s) => Ok(s.to_string()),
        None => Err(format!("invalid {what} '{}': not valid UTF-8", shown(a)).into()),
    }
}

/// An argument as it can be printed: bytes that are not UTF-8 as `\xNN`.
pub fn shown(a: &OsStr) -> String {
    let mut out = String::new();
    for chunk in a.as_encoded_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

/// Workspace names become file names: letters, digits, `_`, `-`, `.` only.
pub fn validate_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "invalid workspace name '{name}': use letters, digits, '_', '-' and '.' (at most 64)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(v: &[&str]) -> Result<Args, CliError> {
        parse(&v.iter().map(OsString::from).collect::<Vec<_>>())
    }

    #[test]
    fn modes() {
        assert_eq!(p(&[]).unwrap().mode, Mode::Shell);
        assert_eq!(p(&["-w", "exp1"]).unwrap().workspace, "exp1");
        assert_eq!(p(&["run.m"]).unwrap().mode, Mode::Script("run.m".into()));
        assert_eq!(p(&["-c", "x=1"]).unwrap().mode, Mode::Code("x=1".into()));
        assert!(p(&["--bogus"]).is_err());
        assert!(p(&["-w", "../etc"]).is_err());
        assert!(p(&["a.m", "-c", "x"]).is_err());
        assert_eq!(
            p(&["--recover", "-w", "lab", "--into", "lab2"])
                .unwrap()
                .mode,
            Mode::Recover {
                into: Some("lab2".into())
            }
        );
        assert!(p(&["--into", "x"]).is_err());
        let h = p(&["history", "-w", "lab", "5", "--grep", "x"]).unwrap();
        assert_eq!(h.workspace, "lab");
        assert_eq!(
            h.mode,
            Mode::History(vec!["5".into(), "--grep".into(), "x".into()])
        );
        assert_eq!(
            p(&["-w", "lab", "history"]).unwrap().mode,
            Mode::History(vec![])
        );
        assert_eq!(
            p(&["export", "-w", "lab", "x", "x.csv"]).unwrap(),
            Args {
                workspace: "lab".into(),
                mode: Mode::Export {
                    var: "x".into(),
                    file: "x.csv".into()
                }
            }
        );
        assert_eq!(
            p(&["-w", "lab", "import", "d.mat"]).unwrap().mode,
            Mode::Import {
                file: "d.mat".into()
            }
        );
        assert!(p(&["export", "x"]).is_err());
        assert!(p(&["import"]).is_err());
        assert!(p(&["import", "a", "b"]).is_err());
    }

    /// Arguments are bytes on Unix: paths pass through, text is checked.
    #[test]
    fn non_utf8_arguments() {
        use std::os::unix::ffi::OsStringExt;
        let raw = |b: &[u8]| OsString::from_vec(b.to_vec());
        let parse_raw = |v: Vec<OsString>| parse(&v);
        let path = raw(b"f\xff.m");
        assert_eq!(
            parse_raw(vec![path.clone()]).unwrap().mode,
            Mode::Script(PathBuf::from(path))
        );
        assert_eq!(
            parse_raw(vec!["-c".into(), raw(b"x=\xff;")]),
            Err(CliError::Code(
                "-c CODE is not valid UTF-8: byte 0xFF at line 1, column 3, byte offset 2".into()
            ))
        );
        let e = parse_raw(vec!["-w".into(), raw(b"w\xff")]).unwrap_err();
        assert!(
            matches!(&e, CliError::Usage(m) if m.starts_with("invalid workspace name 'w\\xFF'")),
            "{e:?}"
        );
        assert!(matches!(
            parse_raw(vec!["--recover".into(), "--into".into(), raw(b"\xfe")]),
            Err(CliError::Usage(_))
        ));
        assert_eq!(
            parse_raw(vec![raw(b"-\xff")]),
            Err(CliError::Usage("unknown option '-\\xFF'".into()))
        );
        let e = parse_raw(vec!["export".into(), raw(b"v\xff"), "x.csv".into()]).unwrap_err();
        assert!(e.message().starts_with("invalid variable name"), "{e:?}");
        let file = raw(b"d\xe9.mat");
        assert_eq!(
            parse_raw(vec!["import".into(), file.clone()]).unwrap().mode,
            Mode::Import { file: file.into() }
        );
        assert!(parse_raw(vec!["history".into(), "--grep".into(), raw(b"\xff")]).is_err());
    }
}
