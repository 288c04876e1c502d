//! Moving variables in and out of files (stub until the store branch lands).
use crate::error::{Error, Result};
use crate::value::Value;
use std::path::Path;
pub fn save(_path: &Path, _vars: &[(&str, &Value)]) -> Result<()> {
    Err(Error::new("save: not yet"))
}
pub fn load(_path: &Path) -> Result<Vec<(String, Value)>> {
    Err(Error::new("load: not yet"))
}
