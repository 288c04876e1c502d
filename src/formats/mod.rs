//! Moving workspace values in and out of files. `save`/`load` pick the
//! format from the file extension.

pub mod json;

use crate::error::{Error, Result};
use crate::value::Value;
use std::path::Path;

/// Write `vars` to `path` in the format its extension names.
pub fn save(path: &Path, vars: &[(&str, &Value)]) -> Result<()> {
    match extension(path).as_str() {
        "json" => json::write_workspace(path, vars),
        other => Err(unsupported("save", other)),
    }
}

/// Read every variable from `path` in the format its extension names.
pub fn load(path: &Path) -> Result<Vec<(String, Value)>> {
    match extension(path).as_str() {
        "json" => json::read_workspace(path),
        other => Err(unsupported("load", other)),
    }
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

fn unsupported(op: &str, ext: &str) -> Error {
    Error::new(format!(
        "{op}: unsupported file format '{}': use a .json file (workspace JSON)",
        if ext.is_empty() {
            "(no extension)"
        } else {
            ext
        }
    ))
}
