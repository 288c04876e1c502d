//! `save`/`load` arguments and format choice (MATLAB's rules).
//!
//! Save: options first (`-ascii` [`-double`] [`-tabs`] gives ASCII; `-v6`,
//! `-v7`, `-mat` give a MAT-file, v7 compressed), then the extension:
//! `.mat` MAT v7, `.npy` (one variable), `.npz`, `.csv` (one numeric
//! variable), `.txt`/`.dat` ASCII, `.json` workspace JSON; no extension
//! means MAT v7 with `.mat` appended, any other extension MAT v7 as named.
//! `-append` merges into MAT, npz and JSON files (read, replace or add,
//! write atomically) and adds text to ASCII and CSV files.
//!
//! Load: `.mat`, `.npy` (one variable named after the file), `.npz`,
//! `.json`, `.csv` (one matrix named after the file); any other file is a
//! MAT-file when it starts like one, else MATLAB ASCII; `-ascii`/`-mat`
//! force. Names after the file select variables (`*`/`?` wildcards).

use super::{json, mat, npy, text, Loaded};
use crate::error::{Error, Result};
use crate::syntax::{glob_match, is_varname};
use crate::value::Value;
use std::path::{Path, PathBuf};

/// A file format `save` can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Mat { compress: bool },
    Npy,
    Npz { compress: bool },
    Csv,
    Ascii { double: bool, tabs: bool },
    Json,
}

/// A parsed `save` command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveRequest {
    pub path: PathBuf,
    pub format: Format,
    pub append: bool,
    /// Variable names or patterns; empty means all.
    pub names: Vec<String>,
}

fn ext_of(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// Parses `save` arguments (options anywhere): `save`, `save f`,
/// `save -ascii f.txt x y`, `save('f.mat', 'x', '-append')`.
pub fn parse_save_args(args: &[String]) -> Result<SaveRequest> {
    let (mut ascii, mut double, mut tabs, mut append, mut zip) =
        (false, false, false, false, false);
    let mut mat: Option<bool> = None;
    let mut rest = Vec::new();
    for a in args {
        match a.as_str() {
            "-ascii" => ascii = true,
            "-double" => double = true,
            "-tabs" => tabs = true,
            "-append" => append = true,
            "-v6" | "-6" | "-mat-binary" | "-v4" | "-4" => mat = Some(false),
            "-v7" | "-7" | "-mat" | "-mat7-binary" => mat = Some(true),
            "-z" | "-zip" => zip = true,
            "-binary" | "-text" | "-hdf5" | "-float-binary" | "-float-hdf5" => {
                return Err(Error::new(format!(
                    "save: option '{a}' (an Octave-only format) is not supported: use -v7 (MAT-file), -ascii, or a .npy, .npz, .csv or .json file name"
                )))
            }
            "-v7.3" | "-7.3" => {
                return Err(Error::new(
                    "save: -v7.3 (HDF5) MAT-files are not supported: use -v7 (compressed) or -v6",
                ))
            }
            "-struct" => return Err(Error::new("save: -struct is not supported")),
            o if o.starts_with('-') && o.len() > 1 => {
                return Err(Error::new(format!("save: Unrecognized option '{o}'")))
            }
            _ => rest.push(a.clone()),
        }
    }
    let (file, names) = match rest.split_first() {
        Some((f, n)) => (f.clone(), n.to_vec()),
        None => ("matlab.mat".to_string(), Vec::new()),
    };
    let mut path = PathBuf::from(&file);
    let ext = ext_of(&path);
    let format = if ascii {
        Format::Ascii { double, tabs }
    } else if let Some(compress) = mat {
        Format::Mat { compress }
    } else {
        match ext.as_str() {
            "npy" => Format::Npy,
            "npz" => Format::Npz { compress: zip },
            "csv" => Format::Csv,
            "txt" | "dat" | "asc" => Format::Ascii { double, tabs },
            "json" => Format::Json,
            _ => Format::Mat { compress: true },
        }
    };
    if matches!(format, Format::Mat { .. }) && path.extension().is_none() && !file.ends_with('.') {
        path.set_extension("mat");
    }
    Ok(SaveRequest {
        path,
        format,
        append,
        names,
    })
}

/// Writes `vars` as `req` asks; returns warnings to print.
pub fn save_request(req: &SaveRequest, vars: &[(&str, &Value)]) -> Result<Vec<String>> {
    let path = req.path.as_path();
    let mut notes = Vec::new();
    match req.format {
        Format::Ascii { double, tabs } => {
            let o = text::AsciiOptions {
                double,
                tabs,
                append: req.append,
            };
            notes.extend(text::write_ascii(path, vars, &o)?);
        }
        Format::Csv => {
            let v = only_one(vars, path, ".csv")?;
            let o = text::DelimOptions {
                append: req.append,
                ..Default::default()
            };
            text::write_delimited(path, v, &o, "save")?;
        }
        Format::Npy => {
            if req.append {
                return Err(Error::new(
                    "save: -append is not possible for .npy files (one array per file): use .npz or .mat",
                ));
            }
            npy::write_npy(path, only_one(vars, path, ".npy")?)?;
        }
        Format::Mat { compress } => {
            let merged = merged(req, vars, mat::read)?;
            notes.extend(mat::write(path, &refs(&merged), compress)?);
        }
        Format::Npz { compress } => {
            let merged = merged(req, vars, npy::read_npz)?;
            npy::write_npz(path, &refs(&merged), compress)?;
        }
        Format::Json => {
            let merged = merged(req, vars, |p| {
                let vars = json::read_workspace(p)?;
                // The reader skips unsupported entries with a warning; count
                // the file's entries so appending never drops them.
                let entries = std::fs::read_to_string(p)
                    .ok()
                    .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
                    .and_then(|j| j.get("variables")?.as_object().map(|o| o.len()))
                    .unwrap_or(vars.len());
                let mut notes = Vec::new();
                if entries != vars.len() {
                    notes.push(format!(
                        "{} of its entries have classes flatlab does not support",
                        entries - vars.len().min(entries)
                    ));
                }
                Ok(Loaded { vars, notes })
            })?;
            json::write_workspace(path, &refs(&merged))?;
        }
    }
    Ok(notes)
}

fn refs(vars: &[(String, Value)]) -> Vec<(&str, &Value)> {
    vars.iter().map(|(n, v)| (n.as_str(), v)).collect()
}

fn only_one<'a>(vars: &[(&str, &'a Value)], path: &Path, what: &str) -> Result<&'a Value> {
    match vars {
        [(_, v)] => Ok(v),
        _ => Err(Error::new(format!(
            "save: a {what} file holds exactly one variable, but {} were selected for '{}': name one (save {} x), or use a .mat or .npz file",
            vars.len(),
            path.display(),
            path.display()
        ))),
    }
}

/// With `-append` and an existing file: its variables with those of `vars`
/// replaced in place or added at the end. A file holding entries the reader
/// skipped or converted is refused, so appending never loses data.
fn merged(
    req: &SaveRequest,
    vars: &[(&str, &Value)],
    read: impl Fn(&Path) -> Result<Loaded>,
) -> Result<Vec<(String, Value)>> {
    let fresh = || {
        vars.iter()
            .map(|(n, v)| (n.to_string(), (*v).clone()))
            .collect()
    };
    if !req.append || !req.path.exists() {
        return Ok(fresh());
    }
    let old = read(&req.path).map_err(|e| {
        Error::new(format!(
            "save: cannot -append to '{}': {}",
            req.path.display(),
            e.message
        ))
    })?;
    if !old.notes.is_empty() {
        return Err(Error::new(format!(
            "save: cannot -append to '{}': rewriting it would lose data flatlab cannot keep ({}); save to a new file instead",
            req.path.display(),
            old.notes.join("; ")
        )));
    }
    let mut out = old.vars;
    for (n, v) in vars {
        match out.iter_mut().find(|(m, _)| m == n) {
            Some(slot) => slot.1 = (*v).clone(),
            None => out.push((n.to_string(), (*v).clone())),
        }
    }
    Ok(out)
}

/// What `load` found: a file of named variables, or one matrix (ASCII,
/// CSV, .npy) named after the file (`A = load('f.txt')` returns it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadKind {
    Variables,
    Matrix,
}

/// A parsed `load` command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadRequest {
    pub path: PathBuf,
    /// `-ascii` (true) or `-mat` (false) given.
    pub force_ascii: Option<bool>,
    /// Variable names or patterns; empty means all.
    pub names: Vec<String>,
}

/// The variables `load` read (already filtered by the requested names),
/// and warnings to print.
#[derive(Debug, Clone)]
pub struct LoadResult {
    pub loaded: Loaded,
    pub kind: LoadKind,
}

/// Parses `load` arguments (options anywhere).
pub fn parse_load_args(args: &[String]) -> Result<LoadRequest> {
    let mut force_ascii = None;
    let mut rest = Vec::new();
    for a in args {
        match a.as_str() {
            "-ascii" => force_ascii = Some(true),
            "-mat" | "-v6" | "-v7" | "-6" | "-7" | "-mat-binary" => force_ascii = Some(false),
            "-force" | "-import" => {}
            o if o.starts_with('-') && o.len() > 1 => {
                return Err(Error::new(format!("load: Unrecognized option '{o}'")))
            }
            _ => rest.push(a.clone()),
        }
    }
    let (file, names) = match rest.split_first() {
        Some((f, n)) => (f.clone(), n.to_vec()),
        None => ("matlab.mat".to_string(), Vec::new()),
    };
    let mut path = PathBuf::from(&file);
    // MATLAB: `load data` means data.mat when that exists.
    if path.extension().is_none() && !path.exists() {
        path.set_extension("mat");
    }
    Ok(LoadRequest {
        path,
        force_ascii,
        names,
    })
}

/// Reads what `req` asks for. Nothing is assigned here: a failed load
/// leaves the workspace untouched.
pub fn load_request(req: &LoadRequest) -> Result<LoadResult> {
    let path = req.path.as_path();
    if !path.is_file() {
        return Err(Error::new(format!(
            "load: unable to find file {}",
            path.display()
        )));
    }
    let matrix = |v: Value| -> LoadResult {
        LoadResult {
            loaded: Loaded {
                vars: vec![(text::var_name_from_path(path), v)],
                notes: Vec::new(),
            },
            kind: LoadKind::Matrix,
        }
    };
    let vars = |loaded: Loaded| LoadResult {
        loaded,
        kind: LoadKind::Variables,
    };
    let mut r = match (req.force_ascii, ext_of(path).as_str()) {
        (Some(true), _) => matrix(Value::Num(text::read_ascii(path)?)),
        (Some(false), _) | (None, "mat") => vars(mat::read(path)?),
        (None, "npy") => matrix(npy::read_npy(path)?),
        (None, "npz") => vars(npy::read_npz(path)?),
        (None, "json") => vars(Loaded {
            vars: json::read_workspace(path)?,
            notes: Vec::new(),
        }),
        (None, "csv") => matrix(text::read_delimited(
            path,
            &text::ReadOptions::default(),
            "load",
        )?),
        (None, _) => match sniff(path) {
            Sniffed::Mat => vars(mat::read(path)?),
            Sniffed::Npy => matrix(npy::read_npy(path)?),
            Sniffed::Zip => vars(npy::read_npz(path)?),
            Sniffed::Other => matrix(Value::Num(text::read_ascii(path)?)),
        },
    };
    select(&mut r.loaded, &req.names);
    Ok(r)
}

enum Sniffed {
    Mat,
    Npy,
    Zip,
    Other,
}

/// MAT-file Level 5 files have a 128-byte header ending in the endian
/// indicator `IM`/`MI`; .npy files start with `\x93NUMPY`; .npz are zips.
fn sniff(path: &Path) -> Sniffed {
    use std::io::Read;
    let mut head = [0u8; 128];
    let n = std::fs::File::open(path)
        .and_then(|mut f| {
            let mut got = 0;
            while got < head.len() {
                match f.read(&mut head[got..])? {
                    0 => break,
                    k => got += k,
                }
            }
            Ok(got)
        })
        .unwrap_or(0);
    if n == 128 && (&head[126..128] == b"IM" || &head[126..128] == b"MI") {
        Sniffed::Mat
    } else if head[..n].starts_with(b"\x93NUMPY") {
        Sniffed::Npy
    } else if head[..n].starts_with(b"PK\x03\x04") {
        Sniffed::Zip
    } else {
        Sniffed::Other
    }
}

/// Keeps the variables matching `names` (all when empty) and valid
/// variable names; notes what was asked for and not found, and skipped.
fn select(loaded: &mut Loaded, names: &[String]) {
    let mut kept = Vec::new();
    for (n, v) in std::mem::take(&mut loaded.vars) {
        if !names.is_empty() && !names.iter().any(|p| glob_match(p, &n)) {
            continue;
        }
        if !is_varname(&n) {
            loaded
                .notes
                .push(format!("load: skipped '{n}': not a valid variable name"));
            continue;
        }
        kept.push((n, v));
    }
    for p in names {
        if !kept.iter().any(|(n, _)| glob_match(p, n)) {
            loaded
                .notes
                .push(format!("load: Variable '{p}' not found."));
        }
    }
    loaded.vars = kept;
}

/// Writes `vars` to `path` in the format its extension names (warnings
/// are printed).
pub fn save(path: &Path, vars: &[(&str, &Value)]) -> Result<()> {
    let mut req = parse_save_args(&[path.display().to_string()])?;
    req.path = path.to_path_buf();
    for n in save_request(&req, vars)? {
        crate::error::warn(&n);
    }
    Ok(())
}

/// Reads every variable of `path` (warnings are printed).
pub fn load(path: &Path) -> Result<Vec<(String, Value)>> {
    let r = load_request(&LoadRequest {
        path: path.to_path_buf(),
        force_ascii: None,
        names: Vec::new(),
    })?;
    for n in &r.loaded.notes {
        crate::error::warn(n);
    }
    Ok(r.loaded.vars)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn save_format_choice() {
        let r = parse_save_args(&s(&["-ascii", "f.txt", "x"])).unwrap();
        assert_eq!(
            r.format,
            Format::Ascii {
                double: false,
                tabs: false
            }
        );
        assert_eq!(r.names, ["x"]);
        let r = parse_save_args(&s(&["results", "x", "-v6"])).unwrap();
        assert_eq!(
            (r.format, r.path),
            (Format::Mat { compress: false }, "results.mat".into())
        );
        let r = parse_save_args(&s(&["f.dat", "-double", "-tabs"])).unwrap();
        assert_eq!(
            r.format,
            Format::Ascii {
                double: true,
                tabs: true
            }
        );
        assert_eq!(parse_save_args(&s(&["a.npy"])).unwrap().format, Format::Npy);
        assert_eq!(parse_save_args(&s(&["a.csv"])).unwrap().format, Format::Csv);
        assert_eq!(
            parse_save_args(&s(&["a.json"])).unwrap().format,
            Format::Json
        );
        let r = parse_save_args(&s(&["a.xyz"])).unwrap();
        assert_eq!(
            (r.format, r.path),
            (Format::Mat { compress: true }, "a.xyz".into())
        );
        assert_eq!(
            parse_save_args(&[]).unwrap().path,
            PathBuf::from("matlab.mat")
        );
        let e = parse_save_args(&s(&["-bogus", "f.mat"])).unwrap_err();
        assert_eq!(e.message, "save: Unrecognized option '-bogus'");
        assert!(parse_save_args(&s(&["-append", "f.mat"])).unwrap().append);
    }

    #[test]
    fn selection_notes_missing_names() {
        let mut l = Loaded {
            vars: vec![
                ("ab".into(), Value::num(1.0)),
                ("b-c".into(), Value::num(2.0)),
            ],
            notes: vec![],
        };
        select(&mut l, &s(&["a*", "zz"]));
        assert_eq!(l.vars.len(), 1);
        assert_eq!(l.notes, ["load: Variable 'zz' not found."]);
        let mut l = Loaded {
            vars: vec![("b-c".into(), Value::num(2.0))],
            notes: vec![],
        };
        select(&mut l, &[]);
        assert!(l.vars.is_empty() && l.notes[0].contains("not a valid variable name"));
    }
}
