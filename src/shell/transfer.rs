//! `flatlab export -w NAME VAR FILE` and `flatlab import -w NAME FILE`:
//! moving variables between a workspace and files from the command line.
//! Export reads the store without running a command (nothing is recorded);
//! import runs `load('FILE')` as one command, so the loaded variables are
//! committed together with a history record like any command's.

use super::{exit_status, use_color, Shell};
use crate::store::{self, Store};
use std::path::Path;

/// Writes variable `var` of workspace `name` to `file`.
pub fn export(home: &Path, name: &str, var: &str, file: &Path) -> u8 {
    if !home.join(format!("{name}.{}", store::EXTENSION)).exists() {
        crate::errln!("flatlab: no workspace '{name}' under {}", home.display());
        return 1;
    }
    let st = match Store::open(home, name) {
        Ok(s) => s,
        Err(e) => {
            crate::errln!("flatlab: {e}");
            return 1;
        }
    };
    // A variable of the base workspace, else a global of that name.
    let found = match st.load(var) {
        Ok(None) => st.load(&crate::eval::global_key(var)),
        other => other,
    };
    let value = match found {
        Ok(Some(v)) => v,
        Ok(None) => {
            crate::errln!("flatlab: no variable '{var}' in workspace '{name}'");
            return 1;
        }
        Err(e) => {
            crate::errln!("flatlab: cannot read '{var}' from workspace '{name}': {e}");
            return 1;
        }
    };
    drop(st);
    let args = [file.display().to_string(), var.to_string()];
    let result = crate::formats::parse_save_args(&args)
        .and_then(|req| crate::formats::save_request(&req, &[(var, &value)]).map(|n| (req, n)));
    match result {
        Ok((req, notes)) => {
            for n in notes {
                crate::error::warn(&n);
            }
            crate::outln!(
                "exported '{var}' ({} {}) of workspace '{name}' to {}",
                value.dims().to_string_x(),
                value.class_name(),
                req.path.display()
            );
            0
        }
        Err(e) => {
            crate::errln!("flatlab: {}", e.message);
            1
        }
    }
}

/// Loads `file` into workspace `name` as the command `load('FILE')`.
pub fn import(home: &Path, name: &str, file: &Path) -> u8 {
    let mut shell = match Shell::open(home, name) {
        Ok(s) => s,
        Err(msg) => {
            crate::errln!("flatlab: {msg}");
            return 1;
        }
    };
    let quoted = file.display().to_string().replace('\'', "''");
    let code = format!("load('{quoted}')");
    let o = shell.execute(&code);
    if o.failed() {
        shell.report(&o, &code, use_color());
        return exit_status(&o);
    }
    let names: Vec<&str> = o.writes.iter().map(|s| s.as_str()).collect();
    crate::outln!(
        "imported {} variable{} from {} into workspace '{name}'{}{}",
        names.len(),
        if names.len() == 1 { "" } else { "s" },
        file.display(),
        if names.is_empty() { "" } else { ": " },
        names.join(", ")
    );
    0
}
