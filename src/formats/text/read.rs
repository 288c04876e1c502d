//! Readers: delimited text (`readmatrix`, `csvread`, `dlmread`) and MATLAB
//! ASCII (`load file.txt`). Both take bytes, never panic, and allocate at
//! most a small multiple of the input's size: the result, never a value per
//! separator beyond it (fields are looked at one by one, not collected).

use crate::error::{Error, Result};
use crate::value::pod::{try_with_capacity, NoMemory};
use crate::value::{Array, Dims, Value, C64};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

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

/// What a line holds, found field by field without keeping the fields
/// (a line can hold millions of them).
#[derive(Default)]
struct LineKind {
    /// Some field is a number.
    numeric: bool,
    /// Some field is text that is not a number.
    text: bool,
    /// pandas' default header `,0,1,2,...`: the index column's empty name,
    /// then the column numbers (at least one).
    pandas_header: bool,
}

fn line_kind(line: &str, d: &Delimiter) -> LineKind {
    let mut k = LineKind::default();
    let mut pandas = true;
    let mut count = 0usize;
    for (i, f) in split_fields(line, d).map(parse_field).enumerate() {
        match f {
            Field::Real(_) | Field::Complex(_) => k.numeric = true,
            Field::Text => k.text = true,
            Field::Empty => {}
        }
        pandas &= if i == 0 {
            f == Field::Empty
        } else {
            f == Field::Real((i - 1) as f64)
        };
        count = i + 1;
    }
    k.pandas_header = pandas && count >= 2;
    k
}

/// The start of a long line, enough to tell its delimiter: at most 64 KiB,
/// cut before its last (possibly partial) field.
fn sample(line: &str) -> &str {
    const SAMPLE: usize = 64 << 10;
    if line.len() <= SAMPLE {
        return line;
    }
    let head = line.as_bytes().get(..SAMPLE).unwrap_or_default();
    let cut = head
        .iter()
        .rposition(|&b| matches!(b, b',' | b'\t' | b';' | b' '))
        .unwrap_or(0);
    // The cut is at an ASCII byte, so a char boundary.
    line.get(..cut).unwrap_or_default()
}

/// Picks the delimiter from up to 64 non-blank lines (the first 64 KiB of
/// each): the candidate
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
    for line in lines(text).filter(|l| !is_blank(l)).take(64) {
        let line = sample(line);
        for (k, d) in cands.iter().enumerate() {
            let kind = line_kind(line, d);
            if kind.numeric && !kind.text {
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
/// (column names), or pandas' default header `,0,1,2,...`. Text fields in
/// later lines read as the fill value.
fn is_header(line: &str, delim: &Delimiter) -> bool {
    let t = line.trim_start();
    if t.starts_with('#') || t.starts_with('%') {
        return true;
    }
    let kind = line_kind(line, delim);
    !kind.numeric || kind.pandas_header
}

/// Skips the leading lines that `is_header` calls a header (and blank
/// lines among them); the rest starts at the first data line.
fn skip_header<'a>(text: &'a str, delim: &Delimiter) -> &'a str {
    let mut rest = text;
    while !rest.is_empty() {
        let (line, tail) = rest.split_once('\n').unwrap_or((rest, ""));
        let line = line.strip_suffix('\r').unwrap_or(line);
        if !is_blank(line) && !is_header(line, delim) {
            break;
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

/// The data lines of a piece of text (blank lines are no rows).
fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    lines(text).filter(|l| !is_blank(l))
}

/// Rows of a piece of text and the most fields in one of them (after the
/// leading `col_offset` fields): its share of the matrix's size.
fn count_rows(text: &str, delim: &Delimiter, o: &ReadOptions) -> (usize, usize) {
    let mut rows = 0;
    let mut cols = 0;
    for line in data_lines(text) {
        rows += 1;
        cols = cols.max(split_fields(line, delim).skip(o.col_offset).count());
    }
    (rows, cols)
}

/// A piece of the data lines and where its rows go.
struct Piece<'a> {
    text: &'a str,
    /// Row (0-based, in the file's data rows) of its first line.
    first: usize,
    /// Its rows, as counted by `count_rows`.
    rows: usize,
}

/// The matrix being filled: column-major, `rows` high, keeping file rows
/// `r0..=r1` and fields `c0..=c1`. Several threads write to it at once,
/// each to the rows of its own piece (atomics make that safe; relaxed
/// stores are plain stores).
struct Out {
    data: Vec<AtomicU64>,
    rows: usize,
    range: (usize, usize, usize, usize),
}

impl Out {
    /// Parses `p`'s lines into their rows; returns the imaginary parts of
    /// complex fields (position, value), which are rare.
    fn fill(&self, p: &Piece, delim: &Delimiter, o: &ReadOptions) -> Vec<(usize, f64)> {
        let (r0, c0, r1, c1) = self.range;
        let mut imag = Vec::new();
        // Never past the rows counted for this piece, so no two pieces
        // write the same element.
        for (k, line) in data_lines(p.text).take(p.rows).enumerate() {
            let r = p.first + k;
            if r < r0 || r > r1 {
                continue;
            }
            let fields = split_fields(line, delim).skip(o.col_offset);
            for (c, f) in fields.enumerate().skip(c0) {
                if c > c1 {
                    break;
                }
                let (x, y) = match parse_field(f) {
                    Field::Real(x) => (x, 0.0),
                    Field::Complex(z) => (z.re, z.im),
                    Field::Empty | Field::Text => continue,
                };
                let at = (r - r0) + (c - c0) * self.rows;
                if let Some(slot) = self.data.get(at) {
                    slot.store(x.to_bits(), Ordering::Relaxed);
                }
                if y != 0.0 {
                    imag.push((at, y));
                }
            }
        }
        imag
    }
}

/// Parses delimited text into a double matrix (complex when any field is
/// `a+bi`). Errors describe what is wrong; the caller names the file.
///
/// Two passes over the data lines, each on every core: the first counts
/// rows and fields, the second parses every field straight into its place
/// in the matrix. So memory is the text plus the matrix, whatever the
/// line lengths or the number of separators.
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
    // The data lines, in pieces of about PIECE bytes cut after a newline.
    const PIECE: usize = 4 << 20;
    let texts = split_at_lines(rest, PIECE);
    let counts = crate::par::par_map(&texts, |t| count_rows(t, &delim, o));
    let mut pieces = Vec::with_capacity(texts.len());
    let mut nrows = 0usize;
    let mut ncols = 0usize;
    for (text, &(rows, cols)) in texts.iter().zip(&counts) {
        pieces.push(Piece {
            text,
            first: nrows,
            rows,
        });
        nrows += rows;
        ncols = ncols.max(cols);
    }
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
    let no_memory = |m: NoMemory| {
        Error::new(format!(
            "not enough memory for the {out_rows}x{out_cols} matrix ({m})"
        ))
    };
    let mut data: Vec<AtomicU64> = try_with_capacity(numel).map_err(no_memory)?;
    data.extend((0..numel).map(|_| AtomicU64::new(o.fill.to_bits())));
    let out = Out {
        data,
        rows: out_rows,
        range: (r0, c0, r1, c1),
    };
    // Only the pieces holding kept rows are parsed.
    pieces.retain(|p| p.rows > 0 && p.first <= r1 && p.first + p.rows > r0);
    let imag = crate::par::par_map(&pieces, |p| out.fill(p, &delim, o));
    // Relaxed stores are visible here: the threads that made them have
    // been joined.
    let re: Vec<f64> = out
        .data
        .into_iter()
        .map(|x| f64::from_bits(x.into_inner()))
        .collect();
    let dims = Dims::mat(out_rows, out_cols);
    if imag.iter().all(|v| v.is_empty()) {
        return Ok(Value::Num(Array::new(dims, re)));
    }
    let mut z: Vec<C64> = try_with_capacity(numel).map_err(no_memory)?;
    z.extend(re.into_iter().map(|x| C64::new(x, 0.0)));
    for (at, y) in imag.into_iter().flatten() {
        if let Some(slot) = z.get_mut(at) {
            slot.im = y;
        }
    }
    Ok(Value::Complex(Array::new(dims, z)))
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
            // Octave's wording for its own readers, with the reason.
            Error::new(format!(
                "{who}: unable to open file '{}': {e}",
                path.display()
            ))
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
