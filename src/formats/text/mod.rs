//! Delimited text (CSV, `dlmwrite`/`dlmread`, `writematrix`/`readmatrix`,
//! `csvwrite`/`csvread`) and MATLAB ASCII (`save -ascii`, `load file.txt`).
//!
//! Writing (`write`): a numeric, logical (0/1) or char (its codes) array
//! is written as its 2-D view (rows x product of the other dimensions), one
//! text line per row. By default numbers are written in the shortest form
//! that reads back to the same double (integers without a fraction, `NaN`,
//! `Inf`, `-Inf`); complex elements as `1+2i`. `save -ascii` writes MATLAB's
//! layout: every element as `%16.7e` (`-double`: `%25.16e`), tab separated
//! with `-tabs`; several variables are written one after the other.
//!
//! Reading (`read`): parsers take bytes so they can be fuzzed. The
//! delimiter is detected when not given (comma, tab, semicolon, else
//! whitespace); leading lines that are not numbers are skipped as headers;
//! empty fields read as the fill value (NaN for `readmatrix`, 0 for
//! `dlmread`/`csvread`); ragged rows are padded with it. The result never
//! holds more elements than about twice the input's bytes.

mod read;
#[cfg(test)]
mod tests;
mod write;

pub use read::{parse_ascii, parse_delimited, read_ascii, read_delimited, Delimiter, ReadOptions};
pub use write::{
    format_ascii, format_delimited, write_ascii, write_delimited, AsciiOptions, DelimOptions,
    Precision,
};

use std::path::Path;

/// The variable name MATLAB gives the contents of an ASCII or CSV file:
/// the file name without directory and extension, characters that cannot
/// be in a name replaced by `_`, `X` in front when it does not start with a
/// letter, at most 63 characters (`load 1bad-name.txt` gives `X1bad_name`).
pub fn var_name_from_path(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert(0, 'X');
    }
    name.truncate(63);
    name
}
