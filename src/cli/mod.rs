//! Command-line arguments: what the user asked `flatlab` to do.
//!
//! Parsing only; `main.rs` dispatches. Bad usage is exit status 2.

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

/// Parse arguments (without the program name). `Err` carries a usage message.
pub fn parse(args: &[String]) -> Result<Args, String> {
    let mut workspace = "default".to_string();
    let mut mode = Mode::Shell;
    let mut into: Option<String> = None;
    // `export`/`import` as the first word, and the words after it.
    let mut sub: Option<&str> = None;
    let mut words: Vec<String> = Vec::new();
    let mut it = args.iter();
    let set_mode = |m: Mode, mode: &mut Mode| -> Result<(), String> {
        if *mode != Mode::Shell {
            return Err(
                "only one of FILE.m, -c CODE, --list, --compact, --recover may be given".into(),
            );
        }
        *mode = m;
        Ok(())
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "-h" | "--help" => {
                return Ok(Args {
                    workspace,
                    mode: Mode::Help,
                })
            }
            "-V" | "--version" => {
                return Ok(Args {
                    workspace,
                    mode: Mode::Version,
                })
            }
            "-w" | "--workspace" => {
                workspace = it.next().ok_or("-w needs a workspace name")?.clone();
                validate_name(&workspace)?;
            }
            "-c" | "--command" => {
                let code = it.next().ok_or("-c needs code to run")?.clone();
                set_mode(Mode::Code(code), &mut mode)?;
            }
            "--list" => set_mode(Mode::List, &mut mode)?,
            "--compact" => set_mode(Mode::Compact, &mut mode)?,
            "--recover" => set_mode(Mode::Recover { into: None }, &mut mode)?,
            "--into" => {
                let n = it.next().ok_or("--into needs a workspace name")?.clone();
                validate_name(&n)?;
                into = Some(n);
            }
            s if s.starts_with('-') && s.len() > 1 => return Err(format!("unknown option '{s}'")),
            "history" if mode == Mode::Shell => {
                // Everything after it is for `history`, but -w NAME.
                let mut rest = Vec::new();
                while let Some(a) = it.next() {
                    if a == "-w" || a == "--workspace" {
                        workspace = it.next().ok_or("-w needs a workspace name")?.clone();
                        validate_name(&workspace)?;
                    } else {
                        rest.push(a.clone());
                    }
                }
                mode = Mode::History(rest);
            }
            w if sub.is_some() => words.push(w.to_string()),
            w @ ("export" | "import") if mode == Mode::Shell => sub = Some(w),
            file => set_mode(Mode::Script(PathBuf::from(file)), &mut mode)?,
        }
    }
    match (sub, words.as_slice()) {
        (None, _) => {}
        (Some("export"), [var, file]) => set_mode(
            Mode::Export {
                var: var.clone(),
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

    fn p(v: &[&str]) -> Result<Args, String> {
        parse(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>())
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
}
