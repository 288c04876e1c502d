//! Files and paths: the open-file table behind `fopen`/`fclose` and the
//! functions that read and write through it (`stream`: fgetl, fgets,
//! fskipl, feof, ftell, fseek, frewind, fread, fwrite, fscanf; fprintf,
//! fputs and fdisp write through `FileTable::write`), formatted reading of
//! text (`scan`: sscanf, and the engine behind fscanf; `textscan`, `importdata`),
//! and paths and directories (`paths`: fullfile, fileparts, filesep,
//! pathsep, tempdir, tempname, isfile, isfolder, dir, ls, isunix, ispc,
//! ismac, unlink).
//!
//! File identifiers are session state, not workspace values: a fid is a
//! plain number, and the files it names are open only in the process that
//! opened them (as in MATLAB after a restart). 0, 1 and 2 are standard
//! input, output and error; `fopen` hands out 3, 4, ...

mod importdata;
mod paths;
mod scan;
mod stream;
mod textscan;

pub use scan::scan_text;

use super::Builtin;
use crate::error::{Error, Result};
use crate::value::Value;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};

pub const TABLE: &[Builtin] = table![
    "fopen" => stream::fopen,
    "fclose" => stream::fclose,
    "fgetl" => stream::fgetl,
    "fgets" => stream::fgets,
    "fskipl" => stream::fskipl,
    "feof" => stream::feof,
    "ftell" => stream::ftell,
    "fseek" => stream::fseek,
    "frewind" => stream::frewind,
    "fread" => stream::fread,
    "fwrite" => stream::fwrite,
    "fscanf" => stream::fscanf,
    "sscanf" => scan::sscanf,
    "textscan" => textscan::textscan,
    "importdata" => importdata::importdata,
    "fullfile" => paths::fullfile,
    "fileparts" => paths::fileparts,
    "filesep" => paths::filesep,
    "pathsep" => paths::pathsep,
    "tempdir" => paths::tempdir,
    "tempname" => paths::tempname,
    "isfile" => paths::isfile,
    "isfolder" => paths::isfolder,
    "isdir" => paths::isfolder,
    "dir" => paths::dir,
    "ls" => paths::ls,
    "isunix" => paths::isunix,
    "ispc" => paths::ispc,
    "ismac" => paths::ismac,
    "unlink" => paths::unlink,
    "version" => paths::version,
    "stdin" => paths::stdin,
    "stdout" => paths::stdout,
    "stderr" => paths::stderr,
    "OCTAVE_VERSION" => paths::version,
];

/// One file opened by `fopen`.
pub struct OpenFile {
    /// The name as given to fopen.
    pub name: String,
    /// The permission as given ('r', 'w+', 'ab'...).
    pub mode: String,
    readable: bool,
    writable: bool,
    append: bool,
    io: BufReader<File>,
}

impl OpenFile {
    /// Write bytes at the current position (at the end in append modes).
    pub fn write(&mut self, bytes: &[u8], who: &str) -> Result<()> {
        if !self.writable {
            return Err(Error::new(format!(
                "{who}: file '{}' was opened for reading only",
                self.name
            )));
        }
        let io_err =
            |e: std::io::Error| Error::new(format!("{who}: cannot write '{}': {e}", self.name));
        // Drop the read buffer so the file position is the logical one.
        let pos = if self.append {
            SeekFrom::End(0)
        } else {
            SeekFrom::Current(0)
        };
        self.io.seek(pos).map_err(io_err)?;
        self.io.get_mut().write_all(bytes).map_err(io_err)
    }

    fn check_readable(&self, who: &str) -> Result<()> {
        if self.readable {
            Ok(())
        } else {
            Err(Error::new(format!(
                "{who}: file '{}' was opened for writing only",
                self.name
            )))
        }
    }

    /// Whether no byte is left to read.
    fn at_end(&mut self) -> bool {
        self.io.fill_buf().map(|b| b.is_empty()).unwrap_or(true)
    }
}

/// The session's open files by identifier.
#[derive(Default)]
pub struct FileTable {
    files: BTreeMap<i32, OpenFile>,
}

impl FileTable {
    fn open(&mut self, f: OpenFile) -> i32 {
        let mut fid = 3;
        while self.files.contains_key(&fid) {
            fid += 1;
        }
        self.files.insert(fid, f);
        fid
    }

    /// The open file `fid`, or `None` for a number no fopen returned.
    pub fn get_mut(&mut self, fid: i32) -> Option<&mut OpenFile> {
        self.files.get_mut(&fid)
    }

    fn ids(&self) -> Vec<i32> {
        self.files.keys().copied().collect()
    }
}

/// A file identifier argument as an integer.
pub fn fid_arg(v: &Value, who: &str) -> Result<i32> {
    let bad = || Error::new(format!("{who}: invalid stream number"));
    if v.numel() != 1 || !v.class().is_numeric() {
        return Err(bad());
    }
    let x = v.scalar_f64(who)?;
    if x.fract() != 0.0 || !(-1.0..=1e9).contains(&x) {
        return Err(bad());
    }
    Ok(x as i32)
}

/// The open file `fid` of the session, or Octave's "invalid stream number".
fn open_file<'a>(table: &'a mut FileTable, fid: i32, who: &str) -> Result<&'a mut OpenFile> {
    match fid {
        0 => Err(Error::new(format!(
            "{who}: reading standard input is not supported (use input)"
        ))),
        1 | 2 => Err(Error::new(format!(
            "{who}: standard output and error cannot be read"
        ))),
        _ => table
            .get_mut(fid)
            .ok_or_else(|| Error::new(format!("{who}: invalid stream number = {fid}"))),
    }
}

/// A char argument as a string, or "NAME must be a string".
fn text(v: &Value, who: &str, what: &str) -> Result<String> {
    match v {
        Value::Char(_) => v.to_str(who),
        _ => Err(Error::new(format!("{who}: {what} must be a string"))),
    }
}
