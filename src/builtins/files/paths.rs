//! Paths and directories: fullfile, fileparts, filesep, pathsep, tempdir,
//! tempname, isfile, isfolder, dir, ls, isunix, ispc, ismac, unlink.

use super::text;
use crate::builtins::reduce::{check_nargout, check_nargs};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::{Array, Dims, StructArray, Value};
use std::io::Write;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

/// A char row or a cell array of them, as strings with the cell's shape.
fn names(v: &Value, who: &str) -> Result<(Vec<String>, Option<Dims>)> {
    match v {
        Value::Char(_) => Ok((vec![v.to_str(who)?], None)),
        Value::Cell(c) => {
            let mut out = Vec::with_capacity(c.numel());
            for e in c.data() {
                match e {
                    Value::Char(_) => out.push(e.to_str(who)?),
                    _ => {
                        return Err(Error::new(format!(
                            "{who}: F must be a string or cell array of strings"
                        )))
                    }
                }
            }
            Ok((out, Some(c.dims().clone())))
        }
        _ => Err(Error::new(format!(
            "{who}: F must be a string or cell array of strings"
        ))),
    }
}

/// Joins path parts with '/', without doubled separators.
fn join(parts: &[String]) -> String {
    let mut out = String::new();
    for p in parts.iter().filter(|p| !p.is_empty()) {
        if out.is_empty() {
            out.push_str(p);
        } else {
            if !out.ends_with('/') {
                out.push('/');
            }
            out.push_str(p.trim_start_matches('/'));
        }
    }
    // Runs of separators collapse to one.
    let mut clean = String::with_capacity(out.len());
    for c in out.chars() {
        if c == '/' && clean.ends_with('/') {
            continue;
        }
        clean.push(c);
    }
    clean
}

/// fullfile: build a file path from parts.
///
/// `f = fullfile(part1, part2, ...)` joins the parts with the file
/// separator, skipping empty parts and doubled separators. When the last
/// part is a cell array of strings, f is a cell array with one path per
/// element.
///
/// ```text
/// >> fullfile('data', 'run1', 'out.csv')
/// ans = data/run1/out.csv
/// ```
pub fn fullfile(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "fullfile")?;
    let bad = || Error::new("fullfile: input must either be strings or cell strings");
    // Each part: one string, or one per element of a cell array.
    let mut parts: Vec<Vec<String>> = Vec::with_capacity(args.len());
    let mut shape: Option<Dims> = None;
    for a in &args {
        match a {
            Value::Char(_) => parts.push(vec![a.to_str("fullfile")?]),
            Value::Cell(c) => {
                let (v, _) = names(a, "fullfile").map_err(|_| bad())?;
                if v.len() != 1 {
                    match &shape {
                        Some(d) if d.numel() != c.numel() => {
                            return Err(Error::new(
                                "fullfile: cell string input must be scalar or of the same size",
                            ))
                        }
                        _ => shape = Some(c.dims().clone()),
                    }
                }
                parts.push(v);
            }
            v if v.is_empty() && v.class().is_numeric() => parts.push(vec![String::new()]),
            _ => return Err(bad()),
        }
    }
    let one = |k: usize| -> String {
        let p: Vec<String> = parts
            .iter()
            .map(|v| {
                if v.len() == 1 {
                    v[0].clone()
                } else {
                    v[k].clone()
                }
            })
            .collect();
        join(&p)
    };
    match shape {
        None if args.iter().all(|a| !matches!(a, Value::Cell(_))) => Ok(vec![Value::str(&one(0))]),
        None => Ok(vec![Value::Cell(Box::new(Array::new(
            Dims::scalar(),
            vec![Value::str(&one(0))],
        )))]),
        Some(d) => {
            let cells: Vec<Value> = (0..d.numel()).map(|k| Value::str(&one(k))).collect();
            Ok(vec![Value::Cell(Box::new(Array::new(d, cells)))])
        }
    }
}

/// fileparts: split a file name into folder, name and extension.
///
/// `[dir, name, ext] = fileparts(filename)` returns the folder (without a
/// trailing separator), the name without extension, and the extension
/// with its dot.
///
/// ```text
/// >> [d, n, e] = fileparts('/home/ann/data.csv')
/// d = /home/ann
/// n = data
/// e = .csv
/// ```
pub fn fileparts(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 3, "fileparts")?;
    check_nargs(&args, 1, 1, "fileparts")?;
    let s = match &args[0] {
        v @ Value::Char(_) if v.dims().rows() <= 1 => v.to_str("fileparts")?,
        _ => return Err(Error::new("fileparts: FILENAME must be a single string")),
    };
    let (dir, file) = match s.rfind('/') {
        Some(0) => ("/".to_string(), &s[1..]),
        Some(i) => (s[..i].to_string(), &s[i + 1..]),
        None => (String::new(), s.as_str()),
    };
    let (name, ext) = match file.rfind('.') {
        Some(i) => (&file[..i], &file[i..]),
        None => (file, ""),
    };
    Ok(vec![Value::str(&dir), Value::str(name), Value::str(ext)])
}

/// filesep: the character that separates folders in a path.
///
/// `filesep` is '/' (flatlab runs on Unix-like systems).
///
/// ```text
/// >> filesep
/// ans = /
/// ```
pub fn filesep(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "filesep")?;
    check_nargs(&args, 0, 1, "filesep")?;
    Ok(vec![Value::str("/")])
}

/// pathsep: the character that separates folders in a search path.
///
/// `pathsep` is ':' on Unix-like systems.
///
/// ```text
/// >> pathsep
/// ans = :
/// ```
pub fn pathsep(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "pathsep")?;
    check_nargs(&args, 0, 0, "pathsep")?;
    Ok(vec![Value::str(":")])
}

/// $TMPDIR or /tmp, ending with a separator (as MATLAB and Octave give it).
fn temp_dir() -> String {
    let mut d = match std::env::var("TMPDIR") {
        Ok(d) if !d.is_empty() => d,
        _ => "/tmp".to_string(),
    };
    if !d.ends_with('/') {
        d.push('/');
    }
    d
}

/// tempdir: the folder for temporary files.
///
/// `d = tempdir` is $TMPDIR, or /tmp, with a trailing separator.
///
/// ```text
/// >> tempdir
/// ans = /tmp/
/// ```
pub fn tempdir(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "tempdir")?;
    check_nargs(&args, 0, 0, "tempdir")?;
    Ok(vec![Value::str(&temp_dir())])
}

/// tempname: a name for a temporary file that does not exist yet.
///
/// `name = tempname` returns a new path in tempdir; `tempname(dir)` and
/// `tempname(dir, prefix)` choose the folder and the prefix ('oct-' by
/// default). The file is not created.
///
/// ```text
/// >> strncmp(tempname(), [tempdir 'oct-'], 9)
/// ans = 1
/// ```
pub fn tempname(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "tempname")?;
    check_nargs(&args, 0, 2, "tempname")?;
    let dir = match args.first() {
        Some(v) if !v.is_empty() => text(v, "tempname", "DIR")?,
        _ => temp_dir(),
    };
    let prefix = match args.get(1) {
        Some(v) => text(v, "tempname", "PREFIX")?,
        None => "oct-".to_string(),
    };
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
        ^ (u64::from(std::process::id()) << 32);
    // A few tries in the unlikely case the name exists.
    for _ in 0..100 {
        let mut tail = String::with_capacity(6);
        for _ in 0..6 {
            // xorshift64*
            seed ^= seed >> 12;
            seed ^= seed << 25;
            seed ^= seed >> 27;
            let r = seed.wrapping_mul(0x2545F4914F6CDD1D);
            tail.push(ALPHABET[(r >> 58) as usize % ALPHABET.len()] as char);
        }
        let name = join(&[dir.clone(), format!("{prefix}{tail}")]);
        if !Path::new(&name).exists() {
            return Ok(vec![Value::str(&name)]);
        }
    }
    Err(Error::new("tempname: could not find an unused name"))
}

fn test_paths(args: &[Value], who: &str, test: fn(&Path) -> bool) -> Result<Vec<Value>> {
    if args.len() != 1 {
        return Err(Error::nargin(who));
    }
    let (list, dims) = names(&args[0], who)?;
    let t: Vec<bool> = list.iter().map(|p| test(Path::new(p))).collect();
    Ok(vec![Value::Bool(Array::new(
        dims.unwrap_or_else(Dims::scalar),
        t,
    ))])
}

/// version, OCTAVE_VERSION: the version of flatlab.
///
/// `v = version` is flatlab's version as text, such as '0.1.0'
/// (`OCTAVE_VERSION` answers the same, for scripts that test it): flatlab's
/// own version, not Octave's or MATLAB's.
///
/// `v = version(FEATURE)` describes one part: `'-description'` and
/// `'-release'` are empty, `'-blas'` and `'-lapack'` name the linear
/// algebra flatlab uses (faer, in pure Rust). `'-java'` is empty, as
/// flatlab has no Java; `'-date'` is not recorded (an error).
///
/// ```text
/// >> ischar(version)
/// ans = 1
/// >> version('-release')
/// ans =
/// ```
pub fn version(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "version")?;
    if args.len() > 1 {
        return Err(Error::new("version: function called with too many inputs"));
    }
    let Some(feature) = args.first() else {
        return Ok(vec![Value::str(env!("CARGO_PKG_VERSION"))]);
    };
    if !feature.is_char() {
        return Err(Error::with_id(
            "Octave:invalid-fun-call",
            "Invalid call to version",
        ));
    }
    let f = feature.to_str("version")?.to_ascii_lowercase();
    Ok(vec![Value::str(match f.as_str() {
        "-description" | "-release" | "-java" => "",
        "-blas" | "-lapack" => "faer (pure Rust dense linear algebra)",
        "-date" => {
            return Err(Error::new(
                "version: flatlab does not record a release date ('-date')",
            ))
        }
        _ => {
            return Err(Error::new(format!(
                "version: invalid FEATURE '{}'",
                feature.to_str("version")?
            )))
        }
    })])
}

/// stdin, stdout, stderr: the file ids of the standard streams.
///
/// `fid = stdout` is 1 and `fid = stderr` is 2, for `fprintf`, `fputs`
/// and `fflush`; `fid = stdin` is 0.
///
/// ```text
/// >> fprintf(stdout, 'hello\n')
/// hello
/// >> [stdin stdout stderr]
/// ans =
///
///    0   1   2
/// ```
pub fn stdout(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    stream_id(ctx, args, "stdout", 1.0)
}

fn stream_id(ctx: &mut Ctx, args: Vec<Value>, who: &str, id: f64) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, who)?;
    check_nargs(&args, 0, 0, who)?;
    Ok(vec![Value::num(id)])
}

pub fn stdin(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    stream_id(ctx, args, "stdin", 0.0)
}

pub fn stderr(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    stream_id(ctx, args, "stderr", 2.0)
}

/// isunix: whether flatlab runs on a Unix-like system.
///
/// `tf = isunix` is true (flatlab runs on Linux and macOS).
///
/// ```text
/// >> isunix
/// ans = 1
/// ```
pub fn isunix(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "isunix")?;
    check_nargs(&args, 0, 0, "isunix")?;
    Ok(vec![Value::bool(cfg!(unix))])
}

/// ispc: whether flatlab runs on Windows.
///
/// `tf = ispc` is false on the Unix-like systems flatlab runs on.
///
/// ```text
/// >> ispc
/// ans = 0
/// ```
pub fn ispc(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "ispc")?;
    check_nargs(&args, 0, 0, "ispc")?;
    Ok(vec![Value::bool(cfg!(windows))])
}

/// ismac: whether flatlab runs on macOS.
///
/// `tf = ismac` is true on macOS only.
///
/// ```text
/// >> ismac
/// ans = 0
/// ```
pub fn ismac(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "ismac")?;
    check_nargs(&args, 0, 0, "ismac")?;
    Ok(vec![Value::bool(cfg!(target_os = "macos"))])
}

/// isfile: whether names are regular files.
///
/// `tf = isfile(f)` is true where f (a name or a cell array of names) is
/// an existing file, not a folder.
///
/// ```text
/// >> isfile({'/etc/passwd', '/etc'})
/// ans =
///
///   1  0
/// ```
pub fn isfile(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "isfile")?;
    test_paths(&args, "isfile", Path::is_file)
}

/// isfolder, isdir: whether names are folders.
///
/// `tf = isfolder(f)` is true where f (a name or a cell array of names) is
/// an existing folder. `isdir` is the older name.
///
/// ```text
/// >> isfolder('/tmp')
/// ans = 1
/// ```
pub fn isfolder(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "isfolder")?;
    test_paths(&args, "isfolder", Path::is_dir)
}

/// unlink: delete a file.
///
/// `unlink(FILE)` deletes the file named FILE; it is an error when that
/// fails.
///
/// `[ERR, MSG] = unlink(FILE)` returns instead ERR 0 and MSG '' when the
/// file was deleted, and ERR -1 and the system's message when it was not.
///
/// ```text
/// >> [err, msg] = unlink('/nonexistent/file')
/// err = -1
/// msg = No such file or directory
/// ```
pub fn unlink(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 2, "unlink")?;
    check_nargs(&args, 1, 1, "unlink")?;
    let Value::Char(_) = &args[0] else {
        return Err(Error::new("unlink: FILE must be a string"));
    };
    let name = args[0].to_str("unlink")?;
    let msg = match std::fs::remove_file(&name) {
        Ok(()) => String::new(),
        Err(e) => {
            // The system's words without Rust's "(os error N)".
            let t = e.to_string();
            let t = t.split(" (os error").next().unwrap_or_default().to_string();
            if ctx.nargout == 0 {
                return Err(Error::new(format!("unlink: operation failed: {t}")));
            }
            t
        }
    };
    let err = if msg.is_empty() { 0.0 } else { -1.0 };
    Ok(vec![Value::num(err), Value::str(&msg)])
}

/// One entry of a listing.
struct Entry {
    name: String,
    folder: String,
    modified: f64,
    bytes: f64,
    isdir: bool,
}

fn entry(path: &Path, name: String) -> Option<Entry> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0);
    let folder = crate::eval::effects::absolute(path.parent().unwrap_or(Path::new(".")))
        .display()
        .to_string();
    Some(Entry {
        name,
        folder,
        modified,
        bytes: if meta.is_dir() {
            0.0
        } else {
            meta.len() as f64
        },
        isdir: meta.is_dir(),
    })
}

/// The entries a dir/ls argument names: a folder's contents (with . and
/// ..), the matches of a wildcard pattern, or one file.
fn listing(spec: &str, who: &str) -> Result<Vec<Entry>> {
    let path = Path::new(spec);
    let wild = spec.contains(['*', '?']);
    let mut out = Vec::new();
    if !wild && path.is_dir() {
        for dot in [".", ".."] {
            if let Some(e) = entry(&path.join(dot), dot.to_string()) {
                out.push(Entry {
                    folder: crate::eval::effects::absolute(path).display().to_string(),
                    ..e
                });
            }
        }
        let rd = std::fs::read_dir(path)
            .map_err(|e| Error::new(format!("{who}: cannot read '{spec}': {e}")))?;
        for d in rd.flatten() {
            let name = d.file_name().to_string_lossy().into_owned();
            if let Some(e) = entry(&d.path(), name) {
                out.push(e);
            }
        }
    } else if wild {
        let (dir, pat) = match spec.rfind('/') {
            Some(i) => (&spec[..i.max(1)], &spec[i + 1..]),
            None => (".", spec),
        };
        if dir.contains(['*', '?']) {
            return Err(Error::new(format!(
                "{who}: wildcards are supported in the last part of a path only"
            )));
        }
        if let Ok(rd) = std::fs::read_dir(dir) {
            for d in rd.flatten() {
                let name = d.file_name().to_string_lossy().into_owned();
                if (pat.starts_with('.') || !name.starts_with('.'))
                    && crate::syntax::glob_match(pat, &name)
                {
                    if let Some(e) = entry(&d.path(), name) {
                        out.push(e);
                    }
                }
            }
        }
    } else if path.exists() {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| spec.to_string());
        out.extend(entry(path, name));
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// 'dd-mmm-yyyy HH:MM:SS' for Unix seconds (UTC).
fn date_text(t: f64) -> String {
    let c = crate::history::civil_from_unix(t.floor());
    format!(
        "{:02}-{}-{:04} {:02}:{:02}:{:02}",
        c[2] as u32,
        MONTHS[(c[1] as usize).clamp(1, 12) - 1],
        c[0] as i64,
        c[3] as u32,
        c[4] as u32,
        c[5] as u32
    )
}

/// Names laid out in columns across the terminal width.
fn print_columns(out: &mut dyn Write, names: &[String], width: usize) -> Result<()> {
    if names.is_empty() {
        return Ok(());
    }
    let w = names.iter().map(|n| n.chars().count()).max().unwrap_or(0) + 2;
    let per_line = (width.max(w) / w).max(1);
    let rows = names.len().div_ceil(per_line);
    let mut text = String::new();
    for r in 0..rows {
        let mut line = String::new();
        for c in 0..per_line {
            if let Some(n) = names.get(r + c * rows) {
                line.push_str(&format!("{n:<w$}"));
            }
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    out.write_all(text.as_bytes())
        .map_err(|e| Error::new(format!("cannot write output: {e}")))
}

fn spec_arg(args: &[Value], who: &str) -> Result<String> {
    match args.first() {
        Some(v @ Value::Char(_)) => v.to_str(who),
        Some(_) if who == "ls" => Err(Error::new("ls: all arguments must be character strings")),
        Some(_) => Err(Error::new(format!(
            "{who}: DIRECTORY argument must be a string"
        ))),
        None => Ok(".".to_string()),
    }
}

/// dir: list a folder.
///
/// `dir` or `dir(name)` prints the names in the current folder, in folder
/// name, or matching the wildcard pattern name ('*.csv'); `dir *.csv`
/// works as a command.
///
/// `s = dir(...)` returns a struct array with fields name, folder, date,
/// bytes, isdir and datenum, one element per entry, sorted by name.
///
/// ```text
/// >> s = dir('/'); s(1).name
/// ans = .
/// ```
pub fn dir(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "dir")?;
    check_nargs(&args, 0, 1, "dir")?;
    let spec = spec_arg(&args, "dir")?;
    let list = listing(&spec, "dir")?;
    if ctx.nargout == 0 {
        if list.is_empty() {
            crate::error::warn(&format!("dir: nonexistent directory '{spec}'"));
            return Ok(vec![]);
        }
        let names: Vec<String> = list.into_iter().map(|e| e.name).collect();
        print_columns(ctx.out, &names, ctx.state.width)?;
        return Ok(vec![]);
    }
    let fields = ["name", "folder", "date", "bytes", "isdir", "datenum"];
    let records: Vec<Box<[Value]>> = list
        .into_iter()
        .map(|e| {
            vec![
                Value::str(&e.name),
                Value::str(&e.folder),
                Value::str(&date_text(e.modified)),
                Value::num(e.bytes),
                Value::bool(e.isdir),
                Value::num(e.modified / 86400.0 + 719529.0),
            ]
            .into_boxed_slice()
        })
        .collect();
    let n = records.len();
    Ok(vec![Value::Struct(Box::new(StructArray::new(
        fields.iter().map(|f| f.to_string()).collect(),
        Array::new(Dims::col(n), records),
    )))])
}

/// ls: list a folder's names.
///
/// `ls` or `ls(name)` prints the names in the folder (or matching the
/// wildcard pattern), without . and ..; `ls *.csv` works as a command.
/// `list = ls(...)` returns them as the rows of a char matrix.
///
/// ```text
/// >> size(ls('/nonexistent-folder'))
/// ans =
///
///    0   0
/// ```
pub fn ls(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "ls")?;
    let spec = match args.len() {
        0 => ".".to_string(),
        1 => spec_arg(&args, "ls")?,
        _ => {
            return Err(Error::new(
                "ls: options are not supported; give a folder or pattern",
            ))
        }
    };
    let names: Vec<String> = listing(&spec, "ls")?
        .into_iter()
        .map(|e| e.name)
        .filter(|n| n != "." && n != "..")
        .collect();
    if ctx.nargout == 0 {
        if names.is_empty() && !Path::new(&spec).is_dir() {
            return Err(Error::new(format!(
                "ls: cannot access '{spec}': No such file or directory"
            )));
        }
        return print_columns(ctx.out, &names, ctx.state.width).map(|_| vec![]);
    }
    if names.is_empty() {
        return Ok(vec![Value::Char(Array::new(Dims::empty(), Vec::new()))]);
    }
    Ok(vec![Value::char_rows(&names)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joining_paths() {
        let j = |p: &[&str]| join(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(j(&["a", "b", "c.txt"]), "a/b/c.txt");
        assert_eq!(j(&["a/", "/b"]), "a/b");
        assert_eq!(j(&["", "a"]), "a");
        assert_eq!(j(&["/", "etc"]), "/etc");
        assert_eq!(j(&["a//b", "c"]), "a/b/c");
    }

    #[test]
    fn dates_of_listings() {
        assert_eq!(date_text(0.0), "01-Jan-1970 00:00:00");
        assert_eq!(date_text(1_700_000_000.0), "14-Nov-2023 22:13:20");
    }

    #[test]
    fn wildcard_listing_of_a_folder() {
        let d = std::env::temp_dir().join(format!("flatlab-ls-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        for f in ["a.csv", "b.csv", "c.txt", ".hidden.csv"] {
            std::fs::write(d.join(f), "x").unwrap();
        }
        let spec = format!("{}/*.csv", d.display());
        let names: Vec<String> = listing(&spec, "dir")
            .unwrap()
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(names, vec!["a.csv", "b.csv"]);
        let all = listing(&d.display().to_string(), "dir").unwrap();
        assert_eq!(all.len(), 6);
        std::fs::remove_dir_all(&d).unwrap();
    }
}
