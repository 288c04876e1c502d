//! NumPy .npy and .npz: reader and writer. (Stub: being written; see the
//! issue on file formats.)

use super::Loaded;
use crate::error::{Error, Result};
use crate::value::Value;
use std::path::Path;

/// Writes one value as a .npy file (Fortran order, so shapes and element
/// order match MATLAB's).
pub fn write_npy(path: &Path, v: &Value) -> Result<()> {
    let _ = (path, v);
    Err(Error::new("save: .npy files are not supported yet"))
}

/// Reads a .npy file.
pub fn read_npy(path: &Path) -> Result<Value> {
    let bytes = std::fs::read(path).map_err(|e| Error::new(format!("load: {e}")))?;
    parse_npy(&bytes)
}

/// Parses a .npy file held in memory.
pub fn parse_npy(bytes: &[u8]) -> Result<Value> {
    let _ = bytes;
    Err(Error::new("load: .npy files are not supported yet"))
}

/// Writes `vars` as a .npz archive, one `NAME.npy` member each, deflated
/// when `compress`.
pub fn write_npz(path: &Path, vars: &[(&str, &Value)], compress: bool) -> Result<()> {
    let _ = (path, vars, compress);
    Err(Error::new("save: .npz files are not supported yet"))
}

/// Reads every member of a .npz archive.
pub fn read_npz(path: &Path) -> Result<Loaded> {
    let _ = path;
    Err(Error::new("load: .npz files are not supported yet"))
}
