//! MAT-file Level 5 (MATLAB v6 and v7): reader and writer. (Stub: being
//! written; see the issue on file formats.)

use super::Loaded;
use crate::error::{Error, Result};
use crate::value::Value;
use std::path::Path;

/// Writes `vars` as a Level 5 MAT-file; `compress` selects v7 (each
/// variable zlib-compressed) over v6.
pub fn write(path: &Path, vars: &[(&str, &Value)], compress: bool) -> Result<()> {
    let _ = (path, vars, compress);
    Err(Error::new("save: MAT-files are not supported yet"))
}

/// Reads every variable of a Level 5 MAT-file at `path`.
pub fn read(path: &Path) -> Result<Loaded> {
    let bytes = std::fs::read(path).map_err(|e| Error::new(format!("load: {e}")))?;
    parse(&bytes)
}

/// Parses a Level 5 MAT-file held in memory.
pub fn parse(bytes: &[u8]) -> Result<Loaded> {
    let _ = bytes;
    Err(Error::new("load: MAT-files are not supported yet"))
}
