//! Readers: delimited text (`readmatrix`, `csvread`, `dlmread`) and MATLAB
//! ASCII (`load file.txt`). Both take bytes, never panic, and allocate at
//! most a small multiple of the input's size.

use crate::error::{Error, Result};
use crate::value::{Array, Dims, Value, C64};
use std::path::Path;

/// Which delimiter separates fields.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Delimiter {
    /// Detect from the data: comma, tab or semicolon, else whitespace.
    #[default]
    Detect,
    /// Runs of spaces and tabs.
    Whitespace,
    /// This exact text (empty fields between two of them are kept).
    Text(String),
}

impl Delimiter {
    /// From a user's text: escapes (`\t`), names (`comma`, `tab`, `space`,
    /// `semi`, `bar`) and plain characters. A space means whitespace.
    pub fn from_user(s: &str) -> Delimiter {
        let d = match s {
            "comma" => ",",
            "tab" | "\\t" => "\t",
            "space" | " " | "\\s" => return Delimiter::Whitespace,
            "semi" | "semicolon" => ";",
            "bar" | "pipe" => "|",
            other => other,
        };
        if d.is_empty() {
            Delimiter::Detect
        } else {
            Delimiter::Text(d.to_string())
        }
    }
}

/// Options of the delimited reader.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadOptions {
    pub delimiter: Delimiter,
    /// Lines to skip (after `row_offset`); `None`: skip leading lines that
    /// are not numbers.
    pub header_lines: Option<usize>,
    /// Value of empty, missing (ragged rows) and non-numeric fields.
    pub fill: f64,
    /// Lines of the file to skip before anything else (dlmread's R0).
    pub row_offset: usize,
    /// Leading fields of every row to drop (dlmread's C0).
    pub col_offset: usize,
    /// Zero-based inclusive `[r0, c0, r1, c1]` of the data to keep.
    pub range: Option<[usize; 4]>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            delimiter: Delimiter::Detect,
            header_lines: None,
            fill: f64::NAN,
            row_offset: 0,
            col_offset: 0,
            range: None,
        }
    }
}

/// One parsed field.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Field {
    Empty,
    Real(f64),
    Complex(C64),
    Text,
}

/// A number as text: `1.5`, `-2e3`, `NaN`, `Inf`, `-Inf`, `1+2i`, `3j`.
fn parse_field(raw: &str) -> Field {
    let mut s = raw.trim_matches(|c: char| c == ' ' || c == '\t' || c == '\r');
    if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
        s = s[1..s.len() - 1].trim();
    }
    if s.is_empty() {
        return Field::Empty;
    }
    if let Ok(x) = s.parse::<f64>() {
        return Field::Real(x);
    }
    parse_complex(s).map(Field::Complex).unwrap_or(Field::Text)
}

fn parse_complex(s: &str) -> Option<C64> {
    let body = s.strip_suffix(['i', 'j'])?;
    if body.is_empty() {
        return None;
    }
    // Split at the last sign that is not the first character nor part of an exponent.
    let bytes = body.as_bytes();
    let mut split = None;
    for k in (1..bytes.len()).rev() {
        if matches!(bytes[k], b'+' | b'-') && !matches!(bytes[k - 1], b'e' | b'E') {
            split = Some(k);
            break;
        }
    }
    let imag = |t: &str| -> Option<f64> {
        match t {
            "+" | "" => Some(1.0),
            "-" => Some(-1.0),
            t => t.parse::<f64>().ok(),
        }
    };
    match split {
        Some(k) => {
            let re = body[..k].trim().parse::<f64>().ok()?;
            let im = imag(body[k..].trim())?;
            Some(C64::new(re, im))
        }
        None => Some(C64::new(0.0, imag(body.trim())?)),
    }
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l))
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// The fields of one line. A trailing empty field after a final delimiter
/// is dropped (`1,2,3,` has three fields).
fn split_fields<'a>(line: &'a str, d: &'a Delimiter) -> Fields<'a> {
    match d {
        Delimiter::Text(t) if !t.trim().is_empty() => {
            let line = line.trim_end_matches([' ', '\t', '\r']);
            let line = line.strip_suffix(t.as_str()).unwrap_or(line);
            let mut chars = t.chars();
            match (chars.next(), chars.next()) {
                // One character (the usual case): a memchr search.
                (Some(c), None) => Fields::Char(line.split(c)),
                _ => Fields::Sep(line.split(t.as_str())),
            }
        }
        Delimiter::Text(t) if t == "\t" => {
            let line = line.trim_end_matches([' ', '\r']);
            let line = line.strip_suffix('\t').unwrap_or(line);
            Fields::Char(line.split('\t'))
        }
        _ => Fields::Blank { line, at: 0 },
    }
}

/// Fields split at a delimiter text, or at runs of blanks.
enum Fields<'a> {
    Char(std::str::Split<'a, char>),
    Sep(std::str::Split<'a, &'a str>),
    Blank { line: &'a str, at: usize },
}

impl<'a> Iterator for Fields<'a> {
    type Item = &'a str;
    fn next(&mut self) -> Option<&'a str> {
        match self {
            Fields::Char(it) => it.next(),
            Fields::Sep(it) => it.next(),
            Fields::Blank { line, at } => {
                let b = line.as_bytes();
                let blank = |c: u8| matches!(c, b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c');
                let mut k = *at;
                while k < b.len() && blank(b[k]) {
                    k += 1;
                }
                if k >= b.len() {
                    *at = k;
                    return None;
                }
                let start = k;
                while k < b.len() && !blank(b[k]) {
                    k += 1;
                }
                *at = k;
                // Bounds are at ASCII bytes, so they are char boundaries.
                line.get(start..k)
            }
        }
    }
}

/// Picks the delimiter from up to 64 non-blank lines: the candidate
/// (comma, tab, semicolon, blanks; in that order on ties) under which the
/// most of them are rows of numbers. A header such as `# a, b` above
/// blank-separated data therefore does not make the file comma-separated.
fn detect(text: &str) -> Delimiter {
    let cands = [
        Delimiter::Text(",".into()),
        Delimiter::Text("\t".into()),
        Delimiter::Text(";".into()),
        Delimiter::Whitespace,
    ];
    let mut scores = [0usize; 4];
    let mut row: Vec<Field> = Vec::new();
    for line in lines(text).filter(|l| !is_blank(l)).take(64) {
        for (k, d) in cands.iter().enumerate() {
            row.clear();
            row.extend(split_fields(line, d).map(parse_field));
            let numeric = row
                .iter()
                .any(|f| matches!(f, Field::Real(_) | Field::Complex(_)));
            if numeric && !row.contains(&Field::Text) {
                scores[k] += 1;
            }
        }
    }
    let mut best = 3;
    for k in (0..3).rev() {
        if scores[k] >= scores[best] && scores[k] > 0 {
            best = k;
        }
    }
    // Without numeric rows, a delimiter present in the text still wins.
    if scores[best] == 0 {
        for (k, c) in [',', '\t', ';'].iter().enumerate() {
            if text.contains(*c) {
                return cands[k].clone();
            }
        }
    }
    cands[best].clone()
}

/// Skips the first `n` lines of `text`.
fn skip_lines(text: &str, n: usize) -> &str {
    let mut rest = text;
    for _ in 0..n {
        match rest.find('\n') {
            Some(k) => rest = &rest[k + 1..],
            None => return "",
        }
    }
    rest
}

/// A leading line to skip: a `#`/`%` comment, a line without any number
/// (column names), or pandas' default header `,0,1,2,...` (the index
/// column's empty name, then the column numbers). Text fields in later
/// lines read as the fill value.
fn is_header(line: &str, row: &[Field]) -> bool {
    let t = line.trim_start();
    if t.starts_with('#') || t.starts_with('%') {
        return true;
    }
    if !row
        .iter()
        .any(|f| matches!(f, Field::Real(_) | Field::Complex(_)))
    {
        return true;
    }
    row.len() >= 2
        && row.first() == Some(&Field::Empty)
        && row
            .iter()
            .skip(1)
            .enumerate()
            .all(|(i, f)| *f == Field::Real(i as f64))
}

/// Skips the leading lines that `is_header` calls a header (and blank
/// lines among them); the rest starts at the first data line.
fn skip_header<'a>(text: &'a str, delim: &Delimiter) -> &'a str {
    let mut rest = text;
    let mut row: Vec<Field> = Vec::new();
    while !rest.is_empty() {
        let (line, tail) = rest.split_once('\n').unwrap_or((rest, ""));
        let line = line.strip_suffix('\r').unwrap_or(line);
        if !is_blank(line) {
            row.clear();
            row.extend(split_fields(line, delim).map(parse_field));
            if !is_header(line, &row) {
                break;
            }
        }
        rest = tail;
    }
    rest
}

/// `text` cut into pieces of about `size` bytes, each ending after a
/// newline (the last one where the text ends).
pub(super) fn split_at_lines(text: &str, size: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while rest.len() > size {
        // Cutting after a newline byte always leaves valid UTF-8.
        let after = rest.as_bytes().get(size..).unwrap_or_default();
        match after.iter().position(|&b| b == b'\n') {
            Some(k) => {
                let (piece, tail) = rest.split_at(size + k + 1);
                out.push(piece);
                rest = tail;
            }
            None => break,
        }
    }
    out.push(rest);
    out
}

/// The numbers of some data lines, row after row: real parts, imaginary
/// parts (empty, or as many as real parts once any is nonzero) and each
/// row's field count.
#[derive(Default)]
struct Rows {
    re: Vec<f64>,
    im: Vec<f64>,
    row_len: Vec<usize>,
}

fn parse_rows(text: &str, delim: &Delimiter, o: &ReadOptions) -> Rows {
    let mut out = Rows::default();
    let mut row: Vec<Field> = Vec::new();
    for line in lines(text) {
        if is_blank(line) {
            continue;
        }
        row.clear();
        row.extend(split_fields(line, delim).map(parse_field));
        let fields = row.get(o.col_offset..).unwrap_or(&[]);
        for f in fields {
            let (x, y) = match *f {
                Field::Real(x) => (x, 0.0),
                Field::Complex(z) => (z.re, z.im),
                Field::Empty | Field::Text => (o.fill, 0.0),
            };
            if y != 0.0 && out.im.len() < out.re.len() {
                out.im.resize(out.re.len(), 0.0);
            }
            out.re.push(x);
            if !out.im.is_empty() || y != 0.0 {
                out.im.push(y);
            }
        }
        out.row_len.push(fields.len());
    }
    out
}

/// Parses delimited text into a double matrix (complex when any field is
/// `a+bi`). Errors describe what is wrong; the caller names the file.
pub fn parse_delimited(bytes: &[u8], o: &ReadOptions) -> Result<Value> {
    // Valid UTF-8 (the usual case) is checked by the fast validator and
    // borrowed; anything else is repaired with replacement characters.
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(_) => String::from_utf8_lossy(bytes),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut rest = skip_lines(text, o.row_offset);
    if let Some(n) = o.header_lines {
        rest = skip_lines(rest, n);
    }
    let delim = match &o.delimiter {
        Delimiter::Detect => detect(rest),
        d => d.clone(),
    };
    if o.header_lines.is_none() {
        rest = skip_header(rest, &delim);
    }
    // The data lines, in pieces of about PIECE bytes cut after a newline,
    // parsed on every core.
    const PIECE: usize = 4 << 20;
    let pieces = split_at_lines(rest, PIECE);
    let parts = crate::par::par_map(&pieces, |piece| parse_rows(piece, &delim, o));
    let nrows: usize = parts.iter().map(|p| p.row_len.len()).sum();
    let ncols = parts
        .iter()
        .flat_map(|p| p.row_len.iter().copied())
        .max()
        .unwrap_or(0);
    let (r0, c0, r1, c1) = match o.range {
        Some([a, b, c, d]) => (
            a,
            b,
            c.min(nrows.saturating_sub(1)),
            d.min(ncols.saturating_sub(1)),
        ),
        None => (0, 0, nrows.saturating_sub(1), ncols.saturating_sub(1)),
    };
    let out_rows = if nrows == 0 || r0 > r1 {
        0
    } else {
        r1 - r0 + 1
    };
    let out_cols = if ncols == 0 || c0 > c1 {
        0
    } else {
        c1 - c0 + 1
    };
    let numel = out_rows
        .checked_mul(out_cols)
        .filter(|&n| n <= 2 * bytes.len() + 64)
        .ok_or_else(|| {
            Error::new(format!(
                "rows of very different lengths: padding them to {nrows}x{ncols} would need far more memory than the file's size"
            ))
        })?;
    let complex = parts.iter().any(|p| !p.im.is_empty());
    let mut out_re = vec![o.fill; numel];
    let mut out_im = if complex {
        vec![0.0; numel]
    } else {
        Vec::new()
    };
    let mut r = 0usize;
    for part in &parts {
        let mut start = 0usize;
        for &len in &part.row_len {
            if r >= r0 && r <= r1 && len > 0 {
                for c in c0..=c1.min(len - 1) {
                    let k = (r - r0) + (c - c0) * out_rows;
                    if let (Some(slot), Some(&x)) = (out_re.get_mut(k), part.re.get(start + c)) {
                        *slot = x;
                    }
                    if let (Some(slot), Some(&y)) = (out_im.get_mut(k), part.im.get(start + c)) {
                        *slot = y;
                    }
                }
            }
            start += len;
            r += 1;
        }
    }
    let dims = Dims::mat(out_rows, out_cols);
    if complex {
        let data = out_re
            .into_iter()
            .zip(out_im)
            .map(|(x, y)| C64::new(x, y))
            .collect();
        Ok(Value::Complex(Array::new(dims, data)))
    } else {
        Ok(Value::Num(Array::new(dims, out_re)))
    }
}

/// Reads a delimited text file; errors name the file and `who`.
pub fn read_delimited(path: &Path, o: &ReadOptions, who: &str) -> Result<Value> {
    let bytes = read_file(path, who)?;
    parse_delimited(&bytes, o).map_err(|e| {
        Error::new(format!(
            "{who}: cannot read '{}': {}",
            path.display(),
            e.message
        ))
    })
}

fn read_file(path: &Path, who: &str) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| {
        if who == "dlmread" || who == "csvread" {
            // Octave's wording for its own readers.
            Error::new(format!("{who}: unable to open file '{}'", path.display()))
        } else if e.kind() == std::io::ErrorKind::NotFound {
            Error::new(format!("{who}: unable to find file {}", path.display()))
        } else {
            Error::new(format!(
                "{who}: unable to read file {}: {e}",
                path.display()
            ))
        }
    })
}

/// Parses a MATLAB ASCII data file: numbers separated by whitespace or
/// commas, `%` and `#` start comments, every row the same length. `name`
/// is the file name used in messages.
pub fn parse_ascii(bytes: &[u8], name: &str) -> Result<Array<f64>> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut data: Vec<f64> = Vec::new();
    let mut cols: Option<usize> = None;
    let mut rows = 0usize;
    for (i, line) in lines(text).enumerate() {
        let before = data.len();
        let b = line.as_bytes();
        let sep = |c: u8| matches!(c, b' ' | b'\t' | b',' | b'\r' | b'\x0b' | b'\x0c');
        let mut k = 0;
        while k < b.len() {
            while k < b.len() && sep(b[k]) {
                k += 1;
            }
            if k >= b.len() || b[k] == b'%' || b[k] == b'#' {
                break;
            }
            let start = k;
            while k < b.len() && !sep(b[k]) && b[k] != b'%' && b[k] != b'#' {
                k += 1;
            }
            // Token bounds are ASCII bytes, so they are char boundaries.
            let tok = line.get(start..k).unwrap_or("");
            match tok.parse::<f64>() {
                Ok(x) => data.push(x),
                Err(_) => {
                    let shown: String = tok.chars().take(20).collect();
                    return Err(Error::new(format!(
                        "load: unable to determine file format of '{name}' (line {}: '{shown}' is not a number)",
                        i + 1
                    )));
                }
            }
        }
        let n = data.len() - before;
        if n == 0 {
            continue;
        }
        match cols {
            None => cols = Some(n),
            Some(c) if c != n => {
                return Err(Error::new(format!(
                    "load: Number of columns on line {} of ASCII file {name} must be the same as previous lines ({n} instead of {c})",
                    i + 1
                )))
            }
            _ => {}
        }
        rows += 1;
    }
    let cols = cols.unwrap_or(0);
    // Row-major text to column-major storage.
    let mut out = vec![0.0; data.len()];
    for r in 0..rows {
        for c in 0..cols {
            if let (Some(slot), Some(&x)) = (out.get_mut(r + c * rows), data.get(r * cols + c)) {
                *slot = x;
            }
        }
    }
    Ok(Array::new(Dims::mat(rows, cols), out))
}

/// Reads a MATLAB ASCII data file.
pub fn read_ascii(path: &Path) -> Result<Array<f64>> {
    let bytes = read_file(path, "load")?;
    parse_ascii(&bytes, &path.display().to_string())
}
