//! importdata: a numeric text file as a matrix, or as a struct of data and
//! the text around it; a MAT-file as `load` gives it.
//!
//! The text rules are Octave's (its own tests check them): the delimiter,
//! unless given, is guessed from the first line holding two numbers with
//! one character (repeated) between them; lines before the first line
//! with a number are header text (at most 25); the last header line gives
//! the column headers when it has one name per column; a first column of
//! text gives row headers; fields that are not numbers become NA and their
//! text is kept in `textdata`.

use crate::builtins::reduce::{check_nargout, check_nargs};
use crate::builtins::strings::convert::parse_double;
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::structs::StructArray;
use crate::value::{Array, Dims, Value, C64, NA_BITS};

/// How many lines may be header text before the file counts as text only.
const MAX_HEADER: usize = 25;

fn na() -> f64 {
    f64::from_bits(NA_BITS)
}

/// Whether `c` can be part of a number (Octave's `[-+\d.deij]`).
fn numberish(c: char) -> bool {
    c.is_ascii_digit()
        || matches!(
            c.to_ascii_lowercase(),
            '-' | '+' | '.' | 'd' | 'e' | 'i' | 'j'
        )
}

/// The length of a number (`[-+]?\d*[.]?\d+([ed][-+]?\d+)?[ij]?`) at the
/// start of `s`, if there is one.
fn number_len(s: &[char]) -> Option<usize> {
    let mut i = usize::from(matches!(s.first(), Some('+' | '-')));
    let digits = |i: &mut usize| {
        let st = *i;
        while s.get(*i).is_some_and(char::is_ascii_digit) {
            *i += 1;
        }
        *i - st
    };
    let int = digits(&mut i);
    if s.get(i) == Some(&'.') && s.get(i + 1).is_some_and(char::is_ascii_digit) {
        i += 1;
        digits(&mut i);
    } else if int == 0 {
        return None;
    }
    if matches!(s.get(i).map(char::to_ascii_lowercase), Some('e' | 'd')) {
        let mut j = i + 1;
        if matches!(s.get(j), Some('+' | '-')) {
            j += 1;
        }
        if digits(&mut j) > 0 {
            i = j;
        }
    }
    if matches!(s.get(i).map(char::to_ascii_lowercase), Some('i' | 'j')) {
        i += 1;
    }
    Some(i)
}

/// The delimiter of a line: the first character (possibly repeated)
/// between two numbers that cannot be part of a number.
fn guess_delimiter(line: &str) -> Option<char> {
    // Long lines: the first 4096 characters decide.
    let s: Vec<char> = line.chars().take(4096).collect();
    for start in 0..s.len() {
        let Some(n) = number_len(&s[start..]) else {
            continue;
        };
        let mut k = start + n;
        let Some(&d) = s.get(k) else {
            continue;
        };
        if numberish(d) {
            continue;
        }
        while s.get(k) == Some(&d) {
            k += 1;
        }
        if number_len(&s[k..]).is_some() {
            return Some(d);
        }
    }
    None
}

/// The fields of a line: runs of spaces separate them when the delimiter
/// is a space, the delimiter itself otherwise; no delimiter, one field.
fn fields(line: &str, delim: Option<char>) -> Vec<String> {
    match delim {
        Some(' ') => line.split_whitespace().map(str::to_string).collect(),
        Some(d) => line.split(d).map(str::to_string).collect(),
        None => vec![line.to_string()],
    }
}

/// A field as a number: NaN when it is not one (NA as NA).
fn number(field: &str) -> Option<C64> {
    let t = field.trim();
    if t == "NA" {
        return Some(C64::new(na(), 0.0));
    }
    parse_double(t)
}

fn cellstr_col(v: Vec<String>) -> Value {
    let n = v.len();
    let cells = v.iter().map(|s| Value::str(s)).collect();
    Value::cell(Array::new(Dims::mat(n, 1), cells))
}

/// importdata: load data from a file.
///
/// `A = importdata(FILENAME)` reads a text file of numbers separated by a
/// delimiter it finds itself (comma, tab, spaces...) into the matrix A.
/// When the file has header lines, or text among the numbers, A is a
/// struct: `data` holds the numbers (NA where a field is not a number),
/// `textdata` the header lines and the text fields, `colheaders` the
/// names in the last header line (when there is one per column) and
/// `rowheaders` a first column of text. A file with no numbers gives a
/// cell column of its lines. A `.mat` file gives the struct of its
/// variables, as `S = load(FILENAME)` does, or the variable itself when
/// there is only one.
///
/// `A = importdata(FILENAME, DELIM)` uses the delimiter DELIM (one
/// character, or '\t' for a tab); `A = importdata(FILENAME, DELIM,
/// NHEADER)` also says how many header lines there are.
///
/// `[A, DELIM, NHEADER] = importdata(...)` also returns the delimiter and
/// the number of header lines.
///
/// ```text
/// >> f = [tempname() '.csv']; fid = fopen(f, 'w'); fprintf(fid, 'x,y\n1,2\n3,4\n'); fclose(fid); a = importdata(f); a.data, a.colheaders, delete(f)
/// ans =
///
///    1   2
///    3   4
///
/// ans =
/// {
///   [1,1] = x
///   [1,2] = y
/// }
///
/// ```
pub fn importdata(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 3, "importdata")?;
    check_nargs(&args, 1, 3, "importdata")?;
    let Value::Char(_) = &args[0] else {
        return Err(Error::new("importdata: FNAME must be a string"));
    };
    let fname = args[0].to_str("importdata")?;
    if fname.eq_ignore_ascii_case("-pastespecial") {
        return Err(Error::new(
            "importdata: option -pastespecial not implemented",
        ));
    }
    let mut delim: Option<char> = None;
    if let Some(d) = args.get(1) {
        let s = match d {
            Value::Char(_) => d.to_str("importdata")?,
            _ => String::new(),
        };
        let one = s.chars().count() == 1;
        if !matches!(d, Value::Char(_)) || (!one && s != "\\t" && !s.is_empty()) {
            return Err(Error::new(
                "importdata: DELIMITER must be a single character",
            ));
        }
        delim = match s.as_str() {
            "\\t" => Some('\t'),
            _ => s.chars().next(),
        };
    }
    let given_header = match args.get(2) {
        None => None,
        Some(h) => {
            let x = if h.is_numeric() && h.numel() == 1 {
                h.scalar_f64("importdata")?
            } else {
                f64::NAN
            };
            if x.is_nan() || x < 0.0 || x.fract() != 0.0 {
                return Err(Error::new(
                    "importdata: HEADER_ROWS must be an integer >= 0",
                ));
            }
            Some(x.min(1e15) as usize)
        }
    };
    let ext = std::path::Path::new(&fname)
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy().to_ascii_lowercase()))
        .unwrap_or_default();
    match ext.as_str() {
        ".mat" => {
            let loaded = crate::formats::mat::read(std::path::Path::new(&fname))
                .map_err(|e| Error::new(format!("importdata: {e}")))?;
            // One variable is returned as it is (Octave).
            let mut vars = loaded.vars;
            let out = if vars.len() == 1 {
                vars.pop().map(|v| v.1).unwrap_or_else(Value::empty)
            } else {
                Value::structure(StructArray::scalar(vars))
            };
            return Ok(vec![out, Value::num(f64::NAN), Value::num(0.0)]);
        }
        ".au" | ".snd" | ".flac" | ".ogg" | ".wav" | ".wave" | ".avi" | ".mj2" | ".mpg"
        | ".asf" | ".asx" | ".wmv" | ".mp4" | ".m4v" | ".mov" | ".bmp" | ".gif" | ".jpg"
        | ".jpeg" | ".png" | ".tif" | ".tiff" | ".xls" | ".xlsx" | ".ods" => {
            return Err(Error::new(format!(
                "importdata: not implemented for file format {ext}"
            )));
        }
        _ => {}
    }
    let bytes = std::fs::read(&fname)
        .map_err(|e| Error::new(format!("importdata: cannot read '{fname}': {e}")))?;
    let text = String::from_utf8_lossy(&bytes);
    let lines: Vec<&str> = text.lines().collect();
    // Header lines: up to the first line with a number.
    let mut textdata: Vec<String> = Vec::new();
    let mut header = 0;
    let mut first_data = None;
    for (k, line) in lines.iter().enumerate() {
        if delim.is_none() {
            delim = guess_delimiter(line);
        }
        let f = fields(line, delim);
        // NaN and NA count as "not a number" here, as in Octave.
        let nums: Vec<bool> = f
            .iter()
            .map(|x| number(x).is_some_and(|z| !z.re.is_nan()))
            .collect();
        let any_number = nums.iter().any(|&b| b);
        if given_header.is_some_and(|h| header < h) || (!any_number && header < MAX_HEADER) {
            header += 1;
            textdata.push(line.to_string());
            continue;
        }
        if any_number {
            first_data = Some((k, nums.iter().position(|&b| b).unwrap_or(0), f.len()));
        }
        break;
    }
    let Some((_, header_cols, ncols_first)) = first_data else {
        // No numbers: the lines themselves.
        let all: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
        let n = all.len() as f64;
        return Ok(vec![cellstr_col(all), Value::str(""), Value::num(n)]);
    };
    let nheader = match given_header {
        Some(h) => {
            if h < header {
                crate::error::warn_id(
                    "Octave:importdata:headerrows_mismatch",
                    &format!("importdata: detected {header} header rows, but HEADER_ROWS input configured {h} rows"),
                );
            }
            h
        }
        None => header,
    };
    // Column headers from the last header line.
    let has_rowheaders = header_cols == 1;
    let mut colheaders: Vec<String> = Vec::new();
    if let Some(last) = textdata.last() {
        let names = fields(last, delim);
        let want = if has_rowheaders {
            ncols_first.saturating_sub(1)
        } else {
            ncols_first
        };
        if names.len() == want {
            colheaders = names;
        }
    }
    // The data rows.
    let mut rows: Vec<Vec<C64>> = Vec::new();
    let mut rowheaders: Vec<String> = Vec::new();
    let mut width = 0;
    for (k, line) in lines.iter().enumerate().skip(nheader) {
        if line.trim().is_empty() {
            continue;
        }
        let f = fields(line, delim);
        let mut row = Vec::with_capacity(f.len());
        let mut texts = Vec::new();
        for (j, x) in f.iter().enumerate() {
            if j < header_cols {
                if has_rowheaders {
                    rowheaders.push(x.to_string());
                    // Octave keeps row headers in textdata too.
                    if k >= header {
                        textdata.push(x.to_string());
                    }
                }
                continue;
            }
            match number(x) {
                Some(z) => row.push(z),
                None => {
                    row.push(C64::new(na(), 0.0));
                    if !x.trim().is_empty() && k >= header {
                        texts.push(x.to_string());
                    }
                }
            }
        }
        textdata.extend(texts);
        width = width.max(row.len());
        rows.push(row);
    }
    let nrows = rows.len();
    crate::builtins::util::checked_numel(&[nrows, width])?;
    let complex = rows.iter().flatten().any(|z| z.im != 0.0);
    let mut data = Vec::with_capacity(nrows * width);
    for j in 0..width {
        for r in &rows {
            data.push(r.get(j).copied().unwrap_or(C64::new(na(), 0.0)));
        }
    }
    let dims = Dims::mat(nrows, width);
    let data = if complex {
        Value::Complex(Array::new(dims, data))
    } else {
        Value::Num(Array::new(dims, data.into_iter().map(|z| z.re).collect()))
    };
    let mut parts: Vec<(String, Value)> = vec![("data".into(), data)];
    if !textdata.is_empty() {
        parts.push(("textdata".into(), cellstr_col(textdata)));
    }
    if has_rowheaders && !rowheaders.is_empty() {
        parts.push(("rowheaders".into(), cellstr_col(rowheaders)));
    }
    if !colheaders.is_empty() {
        let n = colheaders.len();
        let cells = colheaders.iter().map(|s| Value::str(s)).collect();
        parts.push((
            "colheaders".into(),
            Value::cell(Array::new(Dims::mat(1, n), cells)),
        ));
    }
    let out = if parts.len() == 1 {
        parts.pop().map(|p| p.1).unwrap_or_else(Value::empty)
    } else {
        Value::structure(StructArray::scalar(parts))
    };
    let d = match delim {
        Some(c) => Value::str(&c.to_string()),
        None => Value::str(""),
    };
    Ok(vec![out, d, Value::num(nheader as f64)])
}
