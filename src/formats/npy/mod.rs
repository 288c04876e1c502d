//! NumPy .npy and .npz files: reader and writer, written from NumPy's
//! format description (`numpy.lib.format`); see `header` for the layout.
//!
//! Writing: version 1.0 headers (2.0 only if a header outgrows 64 KiB),
//! data 64-byte aligned, always `'fortran_order': True` with the MATLAB
//! shape, so a 2x3 matrix is a 2x3 NumPy array element for element and a
//! scalar is shape (1, 1). double → `<f8`, complex → `<c16`, logical →
//! `|b1`, single → `<f4`, complex single → `<c8`, integers → `|i1`..`<u8`,
//! char → unicode (`encode` explains the mappings); cells, structs and
//! handles are refused with a clear error. A .npz is a zip archive of one
//! `NAME.npy` member per variable, stored or deflated.
//!
//! Reading: versions 1.0, 2.0 and 3.0, either byte order, C or Fortran
//! order (C order is reordered to column-major for any number of
//! dimensions). Shapes: 0-d → 1x1; 1-d `(n,)` → 1xn row (SciPy's
//! `oned_as='row'` convention); N-d as is. dtypes: f8, c16, b1, f4 (single),
//! c8 (complex single), i1..i8 and u1..u8 (int8..uint64) exactly, with
//! their class; f2 → double with a note; `U` (and `S`, as Latin-1) strings → char matrix, one row per
//! string, padded with spaces, trailing NULs dropped as NumPy drops them
//! (0-d → one row; N-d string arrays (d0, d1, ...) → char (d0, w, d1, ...)).
//! Object arrays (pickles) and structured dtypes are refused with a clear
//! error; nothing is ever unpickled.
//!
//! Robustness: every header is validated (dict syntax, keys, dtype, shape
//! product with checked arithmetic) and its data size checked against the
//! bytes actually present before any buffer is allocated. For .npz members
//! the zip's claimed uncompressed size is never trusted: a member's header
//! may announce at most what its compressed size can inflate to (deflate
//! expands at most ~1032:1); the array is then allocated once, fallibly
//! (too little memory is an error naming the file and the array, never an
//! abort), and inflated straight into it, never past the announced size.
//! Member names that are not MATLAB variable names are skipped with a note.

mod decode;
mod encode;
mod header;

#[cfg(test)]
mod tests;

use super::Loaded;
use crate::error::{Error, Result};
use crate::value::Value;
use std::io::{Read, Seek};
use std::path::Path;
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

/// Writes one value as a .npy file (Fortran order, so shapes and element
/// order match MATLAB's), atomically.
pub fn write_npy(path: &Path, v: &Value) -> Result<()> {
    let enc = encode::encode(v).map_err(|e| Error::new(format!("save: {e}")))?;
    super::write_atomic_sized(path, enc.len(), |w| enc.write_to(w))
        .map_err(|e| super::write_error("save", path, &e))
}

/// Reads a .npy file (conversion notes are dropped; see
/// [`read_npy_with_notes`]).
pub fn read_npy(path: &Path) -> Result<Value> {
    read_npy_with_notes(path).map(|(v, _)| v)
}

/// Reads a .npy file: the value and notes for the user (e.g. "NumPy int16
/// data converted to double").
/// Errors name the file (and the variable it loads as).
pub fn read_npy_with_notes(path: &Path) -> Result<(Value, Vec<String>)> {
    let in_file = |e: String| Error::new(format!("load: {}: {e}", path.display()));
    let f = std::fs::File::open(path).map_err(read_error)?;
    let len = f.metadata().map_err(read_error)?.len();
    let mut r = super::progress::Counting::new(f, super::progress::Progress::new("load", len));
    let what = format!("variable '{}'", super::text::var_name_from_path(path));
    read_stream(&mut r, len, &what).map_err(in_file)
}

/// Parses a .npy file held in memory.
pub fn parse_npy(bytes: &[u8]) -> Result<Value> {
    parse_npy_with_notes(bytes).map(|(v, _)| v)
}

/// Parses a .npy file held in memory: the value and conversion notes.
pub fn parse_npy_with_notes(bytes: &[u8]) -> Result<(Value, Vec<String>)> {
    let n = bytes.len() as u64;
    read_stream(&mut &bytes[..], n, "the array").map_err(Error::new)
}

/// Writes `vars` as a .npz archive, one `NAME.npy` member each, deflated
/// when `compress` (as `numpy.savez_compressed`), stored otherwise (as
/// `numpy.savez`), atomically.
pub fn write_npz(path: &Path, vars: &[(&str, &Value)], compress: bool) -> Result<()> {
    let mut members = Vec::with_capacity(vars.len());
    for (name, v) in vars {
        let enc =
            encode::encode(v).map_err(|e| Error::new(format!("save: variable '{name}': {e}")))?;
        members.push((format!("{name}.npy"), enc));
    }
    super::write_atomic(path, |w| {
        let mut z = zip::ZipWriter::new(w);
        for (name, enc) in &members {
            let method = if compress {
                CompressionMethod::Deflated
            } else {
                CompressionMethod::Stored
            };
            let opts = SimpleFileOptions::default()
                .compression_method(method)
                .large_file(enc.len() >= 0xFFFF_0000);
            z.start_file(name.as_str(), opts).map_err(zip_io)?;
            enc.write_to(&mut z)?;
        }
        z.finish().map_err(zip_io)?;
        Ok(())
    })
    .map_err(|e| super::write_error("save", path, &e))
}

/// Reads every `NAME.npy` member of a .npz archive as variable `NAME`.
/// Errors name the file and the member.
pub fn read_npz(path: &Path) -> Result<Loaded> {
    let f = std::fs::File::open(path).map_err(read_error)?;
    let len = f.metadata().map_err(read_error)?.len();
    read_npz_from(std::io::BufReader::with_capacity(1 << 16, f), len)
        .map_err(|e| Error::new(format!("load: {}: {e}", path.display())))
}

/// Parses a .npz archive held in memory.
pub fn parse_npz(bytes: &[u8]) -> Result<Loaded> {
    read_npz_from(std::io::Cursor::new(bytes), bytes.len() as u64).map_err(Error::new)
}

fn read_error(e: std::io::Error) -> Error {
    Error::new(format!("unable to read the file: {e}"))
}

fn zip_io(e: zip::result::ZipError) -> std::io::Error {
    match e {
        zip::result::ZipError::Io(e) => e,
        other => std::io::Error::other(other.to_string()),
    }
}

/// Reads a whole .npy stream of at most `avail` bytes (a bound known to be
/// real: the file size, or what a zip member can inflate to). The array is
/// allocated at the size its header announces once that fits in `avail`,
/// and filled straight from the stream; `what` names it in messages.
fn read_stream<R: Read>(
    r: &mut R,
    avail: u64,
    what: &str,
) -> std::result::Result<(Value, Vec<String>), String> {
    let mut pre = [0u8; header::PREAMBLE];
    let mut plen = 10;
    read_head(r, &mut pre[..plen])?;
    if pre[..6] == header::MAGIC[..] && matches!(pre[6], 2 | 3) {
        read_head(r, &mut pre[10..12])?;
        plen = 12;
    }
    let (start, hlen) = header::preamble(&pre[..plen])?;
    let end = start + hlen; // both bounded by MAX_HEADER + 12
    if end as u64 > avail {
        return Err(format!(
            "truncated .npy header: {hlen} header bytes announced, {} present",
            avail.saturating_sub(start as u64)
        ));
    }
    let mut head = Vec::with_capacity(end);
    head.extend_from_slice(&pre[..start]);
    head.resize(end, 0);
    read_head(r, &mut head[start..])?;
    let h = header::parse(&head)?;
    let present = avail - end as u64;
    if h.data_len > present {
        return Err(format!(
            "the data is truncated: the header announces {} elements ({} bytes), only {present} bytes follow",
            h.numel, h.data_len
        ));
    }
    decode::read_value(r, &h, what)
}

fn read_head<R: Read>(r: &mut R, buf: &mut [u8]) -> std::result::Result<(), String> {
    r.read_exact(buf).map_err(|e| {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            "not a NumPy .npy file (too short for a .npy header)".to_string()
        } else {
            format!("error reading the .npy header: {e}")
        }
    })
}

/// Deflate's best case expands 258 bytes from about 2 bits, so a member's
/// data can be at most about 1032 times its compressed size.
const DEFLATE_MAX_RATIO: u64 = 1032;

fn read_npz_from<R: Read + Seek>(r: R, file_len: u64) -> std::result::Result<Loaded, String> {
    let mut zip =
        zip::ZipArchive::new(r).map_err(|e| format!("not a valid .npz (zip) archive: {e}"))?;
    let mut out = Loaded::default();
    for i in 0..zip.len() {
        let mut m = zip
            .by_index(i)
            .map_err(|e| format!("archive member {}: {e}", i + 1))?;
        let name = m.name().to_string();
        if m.is_dir() {
            continue;
        }
        let Some(var) = name.strip_suffix(".npy") else {
            out.notes
                .push(format!("skipped archive member '{name}': not a .npy array"));
            continue;
        };
        if !is_variable_name(var) {
            out.notes
                .push(format!("skipped array '{var}': not a valid variable name"));
            continue;
        }
        if out.vars.iter().any(|(n, _)| n == var) {
            out.notes
                .push(format!("skipped a second array named '{var}'"));
            continue;
        }
        let csize = m.compressed_size().min(file_len);
        let avail = match m.compression() {
            CompressionMethod::Stored => csize,
            _ => csize
                .saturating_mul(DEFLATE_MAX_RATIO)
                .saturating_add(1 << 16),
        };
        // Messages read "array 'x': not enough memory to load it (...)".
        let (v, notes) =
            read_stream(&mut m, avail, "it").map_err(|e| format!("array '{var}': {e}"))?;
        // Reading on to the member's end makes the zip reader check the CRC.
        // (Trailing bytes after the data are ignored, as NumPy does.)
        std::io::copy(&mut (&mut m).take(1 << 16), &mut std::io::sink())
            .map_err(|e| format!("array '{var}': {e}"))?;
        out.notes
            .extend(notes.into_iter().map(|n| format!("{var}: {n}")));
        out.vars.push((var.to_string(), v));
    }
    Ok(out)
}

/// MATLAB variable names: a letter, then letters, digits and underscores,
/// at most 63 characters (`namelengthmax`).
fn is_variable_name(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(f) if f.is_ascii_alphabetic())
        && c.all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
        && s.len() <= 63
}
