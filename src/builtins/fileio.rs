//! Delimited-text file builtins: `writematrix`, `readmatrix`, `csvwrite`,
//! `csvread`, `dlmwrite`, `dlmread`. Paths are relative to the process's
//! current directory. The formats themselves live in `formats::text`.

use super::util::nargchk;
use super::{Builtin, Ctx};
use crate::error::{Error, Result};
use crate::formats::text::{self, DelimOptions, Delimiter, Precision, ReadOptions};
use crate::value::Value;
use std::path::PathBuf;

pub const TABLE: &[Builtin] = &[
    Builtin {
        name: "writematrix",
        func: writematrix,
        calls_back: false,
    },
    Builtin {
        name: "readmatrix",
        func: readmatrix,
        calls_back: false,
    },
    Builtin {
        name: "csvwrite",
        func: csvwrite,
        calls_back: false,
    },
    Builtin {
        name: "csvread",
        func: csvread,
        calls_back: false,
    },
    Builtin {
        name: "dlmwrite",
        func: dlmwrite,
        calls_back: false,
    },
    Builtin {
        name: "dlmread",
        func: dlmread,
        calls_back: false,
    },
];

fn text_arg(v: &Value, who: &str, what: &str) -> Result<String> {
    match v {
        Value::Char(_) => v.to_str(who),
        _ => Err(Error::new(format!("{who}: {what} must be a string"))),
    }
}

fn file_arg(v: &Value, who: &str) -> Result<PathBuf> {
    let p = PathBuf::from(text_arg(v, who, "FILENAME")?);
    let ext = p
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if matches!(ext.as_str(), "xls" | "xlsx" | "xlsm" | "xlsb" | "ods") {
        return Err(Error::new(format!(
            "{who}: spreadsheet files (.{ext}) are not supported: use a .csv or .txt file"
        )));
    }
    Ok(p)
}

/// A delimiter for writing: escapes (`\t`) and names (`tab`, `comma`, ...).
fn write_delimiter(s: &str) -> String {
    match s {
        "\\t" | "tab" => "\t".into(),
        "comma" => ",".into(),
        "space" => " ".into(),
        "semi" | "semicolon" => ";".into(),
        "bar" | "pipe" => "|".into(),
        other => other.replace("\\t", "\t").replace("\\n", "\n"),
    }
}

fn count(v: &Value, who: &str, what: &str) -> Result<usize> {
    v.scalar_usize(who)
        .map_err(|_| Error::new(format!("{who}: {what} must be a non-negative integer")))
}

/// writematrix: write a matrix to a delimited text file.
///
/// `writematrix(M, FILENAME)` writes the numeric or logical matrix M to
/// the text file FILENAME, one line per row, values separated by
/// commas (tabs for a .tsv file), numbers in the shortest form that reads
/// back exactly. An existing file is replaced.
///
/// `writematrix(M, FILENAME, 'Delimiter', D)` separates values by D
/// (',', ' ', '\t', ';', '|' or their names 'comma', 'space', 'tab',
/// 'semi', 'bar'); `'WriteMode', 'append'` adds the rows at the end of
/// the file instead. ('FileType' is accepted and ignored.)
///
/// ```text
/// >> writematrix([1.5 2; 3 4], 'm.csv'); disp(fileread('m.csv'))
/// 1.5,2
/// 3,4
/// ```
fn writematrix(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "writematrix";
    nargchk(WHO, args.len(), 2, 8)?;
    let path = file_arg(&args[1], WHO)?;
    let mut o = DelimOptions::default();
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"))
    {
        o.delimiter = "\t".into();
    }
    let mut rest = args[2..].chunks(2);
    for pair in rest.by_ref() {
        let [k, v] = pair else {
            return Err(Error::new(format!(
                "{WHO}: options must come as NAME, VALUE pairs"
            )));
        };
        let key = text_arg(k, WHO, "option name")?.to_lowercase();
        let val = text_arg(v, WHO, "option value")?;
        match key.as_str() {
            "delimiter" => o.delimiter = write_delimiter(&val),
            "writemode" => match val.to_lowercase().as_str() {
                "append" => o.append = true,
                "overwrite" => o.append = false,
                _ => {
                    return Err(Error::new(format!(
                        "{WHO}: 'WriteMode' must be 'overwrite' or 'append'"
                    )))
                }
            },
            "filetype" => {}
            other => {
                return Err(Error::new(format!(
                "{WHO}: unknown option '{other}' (supported: 'Delimiter', 'WriteMode', 'FileType')"
            )))
            }
        }
    }
    text::write_delimited(&path, &args[0], &o, WHO)?;
    Ok(vec![])
}

/// readmatrix: read a matrix from a delimited text file.
///
/// `M = readmatrix(FILENAME)` reads the numbers of a delimited text file
/// (the delimiter is detected: comma, tab, semicolon or blanks) into a
/// double matrix, one row per line. Leading lines of text are taken as
/// headers and skipped; empty or non-numeric fields become NaN.
///
/// `M = readmatrix(FILENAME, 'NAME', VALUE, ...)` sets the options
/// 'NumHeaderLines' (lines to skip), 'Delimiter' and 'Range' (a
/// spreadsheet-style block such as 'A2:B3', or [R0 C0 R1 C1] counted
/// from 0 as in dlmread).
///
/// ```text
/// >> writematrix([1 2; 3 4], 'm.csv'); readmatrix('m.csv')
/// ans =
///
///    1   2
///    3   4
/// ```
fn readmatrix(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "readmatrix";
    nargchk(WHO, args.len(), 1, 9)?;
    let path = file_arg(&args[0], WHO)?;
    let mut o = ReadOptions::default();
    for pair in args[1..].chunks(2) {
        let [k, v] = pair else {
            return Err(Error::new(format!(
                "{WHO}: options must come as NAME, VALUE pairs"
            )));
        };
        let key = text_arg(k, WHO, "option name")?.to_lowercase();
        match key.as_str() {
            "numheaderlines" => o.header_lines = Some(count(v, WHO, "'NumHeaderLines'")?),
            "delimiter" => o.delimiter = Delimiter::from_user(&text_arg(v, WHO, "'Delimiter'")?),
            "range" => o.range = Some(range_arg(v, WHO)?),
            "emptyvalue" => o.fill = v.scalar_f64(WHO)?,
            "filetype" => {}
            other => {
                return Err(Error::new(format!(
                    "{WHO}: unknown option '{other}' (supported: 'NumHeaderLines', 'Delimiter', 'Range', 'EmptyValue')"
                )))
            }
        }
    }
    Ok(vec![text::read_delimited(&path, &o, WHO)?])
}

/// csvwrite: write a matrix to a comma-separated file.
///
/// `csvwrite(filename, M)` writes the numeric matrix M to the file, one row
/// per line, values separated by commas (`dlmwrite` with ',').
///
/// `csvwrite(filename, M, r, c)` offsets the data by r rows and c columns
/// of empty fields.
///
/// ```text
/// >> csvwrite('m.csv', [1 2; 3 4]); disp(fileread('m.csv'))
/// 1,2
/// 3,4
/// ```
fn csvwrite(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "csvwrite";
    nargchk(WHO, args.len(), 2, 4)?;
    let path = file_arg(&args[0], WHO)?;
    let o = DelimOptions {
        row_offset: args
            .get(2)
            .map(|v| count(v, WHO, "R"))
            .transpose()?
            .unwrap_or(0),
        col_offset: args
            .get(3)
            .map(|v| count(v, WHO, "C"))
            .transpose()?
            .unwrap_or(0),
        ..Default::default()
    };
    text::write_delimited(&path, &args[1], &o, WHO)?;
    Ok(vec![])
}

/// dlmwrite: write a matrix to a delimited text file.
///
/// `dlmwrite(filename, M)` writes the numeric matrix M to the file, one row
/// per line, values separated by commas.
///
/// `dlmwrite(filename, M, delim, r, c)` uses the delimiter delim and offsets
/// the data by r rows and c columns.
///
/// `dlmwrite(filename, M, name, value, ...)` takes options: 'delimiter',
/// 'precision' (significant digits, or a format such as '%.2f'),
/// 'roffset', 'coffset', 'newline'; '-append' adds to the end of the file.
///
/// ```text
/// >> dlmwrite('m.txt', [1 2; 3 4], ' '); disp(fileread('m.txt'))
/// 1 2
/// 3 4
/// >> dlmwrite('m.txt', [pi; 1/3], 'precision', '%.3f'); disp(fileread('m.txt'))
/// 3.142
/// 0.333
/// ```
fn dlmwrite(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "dlmwrite";
    if args.len() < 2 {
        return Err(Error::nargin(WHO));
    }
    let path = file_arg(&args[0], WHO)?;
    let mut o = DelimOptions::default();
    let mut positional = 0;
    let mut k = 2;
    while k < args.len() {
        let a = &args[k];
        let word = match a {
            Value::Char(_) => Some(a.to_str(WHO)?),
            _ => None,
        };
        let lower = word.as_deref().map(str::to_lowercase);
        match lower.as_deref() {
            Some("-append") => o.append = true,
            Some(
                key @ ("delimiter" | "precision" | "roffset" | "coffset" | "newline" | "append"),
            ) => {
                let v = args
                    .get(k + 1)
                    .ok_or_else(|| Error::new(format!("{WHO}: option '{key}' needs a value")))?;
                k += 1;
                match key {
                    "delimiter" => o.delimiter = write_delimiter(&text_arg(v, WHO, "DELIM")?),
                    "precision" => {
                        o.precision = match v {
                            Value::Char(_) => Precision::Format(v.to_str(WHO)?),
                            _ => Precision::Digits(count(v, WHO, "PRECISION")?.clamp(1, 100)),
                        }
                    }
                    "roffset" => o.row_offset = count(v, WHO, "'roffset'")?,
                    "coffset" => o.col_offset = count(v, WHO, "'coffset'")?,
                    "append" => o.append = text_arg(v, WHO, "'append'")?.eq_ignore_ascii_case("on"),
                    _ => {
                        o.newline = match text_arg(v, WHO, "'newline'")?.as_str() {
                            "pc" => "\r\n".into(),
                            "unix" => "\n".into(),
                            "mac" => "\r".into(),
                            other => write_delimiter(other),
                        }
                    }
                }
            }
            _ => {
                // Positional: DELIM, then R, then C.
                match (positional, word) {
                    (0, Some(w)) => o.delimiter = write_delimiter(&w),
                    (1, None) => o.row_offset = count(a, WHO, "R")?,
                    (2, None) => o.col_offset = count(a, WHO, "C")?,
                    (0, None) => {
                        positional += 1;
                        o.row_offset = count(a, WHO, "R")?;
                    }
                    _ => return Err(Error::new(format!("Invalid call to {WHO}"))),
                }
                positional += 1;
            }
        }
        k += 1;
    }
    text::write_delimited(&path, &args[1], &o, WHO)?;
    Ok(vec![])
}

/// csvread: read a comma-separated file of numbers.
///
/// `M = csvread(filename)` reads the numeric values of the file into a
/// matrix; empty fields are 0, short rows are padded with 0.
///
/// `M = csvread(filename, r, c)` starts at zero-based row r and column c;
/// `M = csvread(filename, range)` reads a range given as [r1 c1 r2 c2]
/// (zero-based) or as a spreadsheet range such as 'A2..C3'.
///
/// ```text
/// >> csvwrite('t.csv', [1 2 3; 4 5 6]); csvread('t.csv')
/// ans =
///
///    1   2   3
///    4   5   6
/// >> csvwrite('t.csv', [1 2 3; 4 5 6]); csvread('t.csv', 1, 1)
/// ans =
///
///    5   6
/// ```
fn csvread(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "csvread";
    nargchk(WHO, args.len(), 1, 3)?;
    let mut full = vec![args[0].clone(), Value::str(",")];
    full.extend(args.into_iter().skip(1));
    read_dlm(WHO, &full)
}

/// dlmread: read a delimited file of numbers.
///
/// `M = dlmread(filename)` reads the numeric values of the file into a
/// matrix, guessing the delimiter (comma, tab, space...); empty fields are
/// 0.
///
/// `M = dlmread(filename, delim)` uses the delimiter delim;
/// `M = dlmread(filename, delim, r, c)` starts at zero-based row r and column c;
/// `M = dlmread(filename, delim, range)` reads [r1 c1 r2 c2] or a
/// spreadsheet range such as 'A2..C3'.
///
/// `M = dlmread(..., 'emptyvalue', v)` puts v in empty fields.
///
/// ```text
/// >> dlmwrite('m.txt', [1 2; 3 4], ';'); dlmread('m.txt', ';')
/// ans =
///
///    1   2
///    3   4
/// >> dlmwrite('m.txt', [1 2; 3 4]); dlmread('m.txt', ',', 1, 0)
/// ans =
///
///    3   4
/// ```
fn dlmread(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    read_dlm("dlmread", &args)
}

fn read_dlm(who: &str, args: &[Value]) -> Result<Vec<Value>> {
    nargchk(who, args.len(), 1, 6)?;
    let path = file_arg(&args[0], who)?;
    let mut o = ReadOptions {
        fill: 0.0,
        ..Default::default()
    };
    let mut rest = &args[1..];
    if rest.len() >= 2 {
        if let Value::Char(_) = &rest[rest.len() - 2] {
            if rest[rest.len() - 2]
                .to_str(who)?
                .eq_ignore_ascii_case("emptyvalue")
            {
                o.fill = rest[rest.len() - 1].scalar_f64(who)?;
                rest = &rest[..rest.len() - 2];
            }
        }
    }
    if let Some(d) = rest.first() {
        o.delimiter = Delimiter::from_user(&text_arg(d, who, "SEP")?);
    }
    match rest.get(1..).unwrap_or(&[]) {
        [] => {}
        [range] => o.range = Some(range_arg(range, who)?),
        [r, c] => {
            o.row_offset = count(r, who, "R0")?;
            o.col_offset = count(c, who, "C0")?;
        }
        _ => return Err(Error::new(format!("Invalid call to {who}"))),
    }
    Ok(vec![text::read_delimited(&path, &o, who)?])
}

/// `[R0 C0 R1 C1]` (zero-based) or a spreadsheet range `"A2..C4"`/`"A2:C4"`.
fn range_arg(v: &Value, who: &str) -> Result<[usize; 4]> {
    let bad = || {
        Error::new(format!(
            "{who}: RANGE must be [R0 C0 R1 C1] or a spreadsheet range such as \"A1..B3\""
        ))
    };
    if let Value::Char(_) = v {
        let s = v.to_str(who)?.to_uppercase();
        let (a, b) = s
            .split_once("..")
            .or_else(|| s.split_once(':'))
            .ok_or_else(bad)?;
        let (r0, c0) = cell_ref(a.trim()).ok_or_else(bad)?;
        let (r1, c1) = cell_ref(b.trim()).ok_or_else(bad)?;
        return Ok([r0, c0, r1, c1]);
    }
    let a = v.to_num_array(who)?;
    let d = a.data();
    if d.len() != 4
        || d.iter()
            .any(|x| !(x.is_finite() && *x >= 0.0 && x.fract() == 0.0))
    {
        return Err(bad());
    }
    Ok([d[0] as usize, d[1] as usize, d[2] as usize, d[3] as usize])
}

/// `B3` -> zero-based (row 2, column 1).
fn cell_ref(s: &str) -> Option<(usize, usize)> {
    let split = s.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = s.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let col = letters
        .bytes()
        .fold(0usize, |acc, b| acc * 26 + (b - b'A' + 1) as usize);
    let row: usize = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(cell_ref("B3"), Some((2, 1)));
        assert_eq!(cell_ref("AA1"), Some((0, 26)));
        assert_eq!(cell_ref("A0"), None);
        assert_eq!(range_arg(&Value::str("a2..c4"), "t").unwrap(), [1, 0, 3, 2]);
        assert_eq!(
            range_arg(&Value::row(vec![1.0, 0.0, 2.0, 1.0]), "t").unwrap(),
            [1, 0, 2, 1]
        );
        assert!(range_arg(&Value::row(vec![1.0, -1.0, 2.0, 1.0]), "t").is_err());
    }

    #[test]
    fn delimiters() {
        assert_eq!(write_delimiter("\\t"), "\t");
        assert_eq!(write_delimiter("semi"), ";");
        assert_eq!(write_delimiter(";"), ";");
    }
}
