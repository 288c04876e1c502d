//! The MAT-file reader. Works on a byte slice; every tag's byte count is
//! checked against the bytes present (or, inside miCOMPRESSED, the bytes
//! the zlib stream actually produced) before it is used, and element
//! counts must match the dimensions exactly, so nothing is allocated beyond
//! what the file holds.

use super::*;
use crate::value::pod::{bytes_of_mut, try_zeroed};
use crate::value::{Array, Dims, C64};
use flate2::read::ZlibDecoder;
use std::io::Read;
use std::path::Path;

/// Why a file could not be read.
enum Fail {
    /// A sentence completing "FILE ...": the file is not something we read.
    Is(String),
    /// What is malformed (said after "corrupt MAT-file").
    Corrupt(String),
}

type R<T> = std::result::Result<T, Fail>;

fn corrupt<T>(msg: impl Into<String>) -> R<T> {
    Err(Fail::Corrupt(msg.into()))
}

pub(super) fn parse_named(bytes: &[u8], file: Option<&str>) -> Result<Loaded> {
    let mut p = Parser::default();
    let r = p.file(bytes);
    p.finish(r, file)
}

/// Files at least this large are read element by element, plain double
/// data straight into its array (one copy, as numpy.load does).
const STREAM_FROM: u64 = 32 << 20;

/// Reads the MAT-file at `path` (shown as `shown` in messages).
pub(super) fn read_file(path: &Path, shown: &str) -> Result<Loaded> {
    let io_err = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::new(format!("load: unable to find file {shown}"))
        } else {
            Error::new(format!("load: unable to read file {shown}: {e}"))
        }
    };
    let f = std::fs::File::open(path).map_err(io_err)?;
    let len = f.metadata().map_err(io_err)?.len();
    if len < STREAM_FROM || usize::try_from(len).is_err() {
        let mut bytes = Vec::new();
        (&f).read_to_end(&mut bytes).map_err(io_err)?;
        return parse_named(&bytes, Some(shown));
    }
    let mut p = Parser::default();
    let mut progress = crate::formats::progress::Progress::new("load", len);
    let r = p.stream(&f, len as usize, &mut progress);
    drop(progress);
    p.finish(r, Some(shown))
}

const HDF5_SIGNATURE: &[u8] = b"\x89HDF\r\n\x1a\n";

const V73: &str = "is a MATLAB v7.3 (HDF5) MAT-file, which flatlab cannot read; \
                   re-save it with save('-v7') in MATLAB or Octave";

/// True when `b` starts like a Level 4 MAT-file: a 20-byte header of five
/// 32-bit integers (type MOPT, rows, columns, imaginary flag, name length)
/// in either byte order.
fn looks_like_level4(b: &[u8]) -> bool {
    let Some(h) = b.get(..20) else {
        return false;
    };
    [false, true].into_iter().any(|be| {
        let v = |i: usize| u32_at(h, i * 4, be).unwrap_or(u32::MAX);
        let mopt = v(0);
        let (m, o, p, t) = (mopt / 1000, mopt / 100 % 10, mopt / 10 % 10, mopt % 10);
        mopt < 5000
            && m <= 4
            && o == 0
            && p <= 5
            && t <= 2
            && v(3) <= 1
            && (1..4096).contains(&v(4))
    })
}

fn u16_at(b: &[u8], at: usize, be: bool) -> Option<u16> {
    let s: [u8; 2] = b.get(at..at.checked_add(2)?)?.try_into().ok()?;
    Some(if be {
        u16::from_be_bytes(s)
    } else {
        u16::from_le_bytes(s)
    })
}

fn u32_at(b: &[u8], at: usize, be: bool) -> Option<u32> {
    let s: [u8; 4] = b.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(if be {
        u32::from_be_bytes(s)
    } else {
        u32::from_le_bytes(s)
    })
}

fn pad8(n: usize) -> Option<usize> {
    n.checked_add(7).map(|m| m / 8 * 8)
}

/// A data element: its type and data bytes (padding excluded).
struct Elem<'a> {
    ty: u32,
    data: &'a [u8],
}

/// One variable's outcome.
enum Var {
    Value(String, Value),
    Skipped(String, String),
}

#[derive(Default)]
struct Parser {
    be: bool,
    vars: Vec<(String, Value)>,
    notes: Vec<String>,
    converted: Vec<(String, &'static str)>,
    /// File offset of the buffer being parsed (for messages).
    base: usize,
}

impl Parser {
    /// Turns the outcome into the result: notes and errors worded for
    /// `file` (or for in-memory data).
    fn finish(self, r: R<()>, file: Option<&str>) -> Result<Loaded> {
        match r {
            Ok(()) => {
                let prefix = match file {
                    Some(f) => format!("load: {f}: "),
                    None => "load: ".to_string(),
                };
                let mut notes: Vec<String> =
                    self.notes.iter().map(|n| format!("{prefix}{n}")).collect();
                match self.converted.as_slice() {
                    [] => {}
                    [(name, class)] => notes.push(format!(
                        "{prefix}variable '{name}' of class {class} converted to double"
                    )),
                    many => {
                        let list: Vec<String> =
                            many.iter().map(|(n, c)| format!("'{n}' ({c})")).collect();
                        notes.push(format!(
                            "{prefix}variables {} converted to double",
                            list.join(", ")
                        ))
                    }
                }
                Ok(Loaded {
                    vars: self.vars,
                    notes,
                })
            }
            Err(Fail::Is(msg)) => Err(Error::new(match file {
                Some(f) => format!("load: {f} {msg}"),
                None => format!("load: the data {msg}"),
            })),
            Err(Fail::Corrupt(msg)) => Err(Error::new(match file {
                Some(f) => format!("load: {f}: corrupt MAT-file: {msg}"),
                None => format!("load: corrupt MAT-file: {msg}"),
            })),
        }
    }

    /// Checks the header (`b` holds at least the file's first 520 bytes,
    /// or all of it) and sets the byte order.
    fn header(&mut self, b: &[u8]) -> R<()> {
        if b.starts_with(HDF5_SIGNATURE)
            || b.get(512..520) == Some(HDF5_SIGNATURE)
            || b.starts_with(b"MATLAB 7.3 MAT-file")
        {
            return Err(Fail::Is(V73.into()));
        }
        if b.len() < 128 || !matches!(b.get(126..128), Some(b"IM") | Some(b"MI")) {
            if looks_like_level4(b) {
                return Err(Fail::Is(
                    "is a Level 4 MAT-file (MATLAB v4), which flatlab cannot read; \
                     re-save it with save('-v6') or save('-v7')"
                        .into(),
                ));
            }
            if b.is_empty() {
                return Err(Fail::Is("is empty, not a MAT-file".into()));
            }
            if b.len() < 128 {
                return Err(Fail::Is(format!(
                    "is not a MAT-file: {} bytes is too short for a Level 5 header",
                    b.len()
                )));
            }
            return Err(Fail::Is(
                "is not a MAT-file: no Level 5 header (endian indicator 'IM' or 'MI' at byte 126)"
                    .into(),
            ));
        }
        self.be = b.get(126..128) == Some(b"MI");
        if u16_at(b, 124, self.be) == Some(0x0200) {
            return Err(Fail::Is(V73.into()));
        }
        Ok(())
    }

    /// Parses a whole file held in memory.
    fn file(&mut self, b: &[u8]) -> R<()> {
        self.header(b)?;
        let mut pos = 128usize;
        while pos < b.len() {
            let rest = b.get(pos..).unwrap_or_default();
            if rest.len() < 8 {
                if rest.iter().all(|&x| x == 0) {
                    break;
                }
                return corrupt(format!("truncated data element at byte {pos}"));
            }
            pos = self.element(b, pos)?;
        }
        Ok(())
    }

    /// Reads a large file element by element: plain double arrays go
    /// straight from the file into their storage; anything else is read
    /// into memory one element at a time and parsed as usual.
    fn stream(
        &mut self,
        f: &std::fs::File,
        len: usize,
        progress: &mut crate::formats::progress::Progress,
    ) -> R<()> {
        use std::os::unix::fs::FileExt;
        let io = |e: std::io::Error| Fail::Corrupt(format!("read error: {e}"));
        let mut head = vec![0u8; 520.min(len)];
        f.read_exact_at(&mut head, 0).map_err(io)?;
        self.header(&head)?;
        let mut pos = 128usize;
        while pos < len {
            progress.set(pos as u64);
            let mut tag = [0u8; 8];
            let avail = (len - pos).min(8);
            f.read_exact_at(&mut tag[..avail], pos as u64).map_err(io)?;
            if avail < 8 {
                if tag.iter().all(|&x| x == 0) {
                    break;
                }
                return corrupt(format!("truncated data element at byte {pos}"));
            }
            let ty = u32_at(&tag, 0, self.be).unwrap_or_default();
            let claimed = u32_at(&tag, 4, self.be).unwrap_or_default() as usize;
            let n = element_len(ty, claimed);
            let remain = len - pos - 8;
            if ty >> 16 == 0 && n > remain {
                return corrupt(format!(
                    "data element at byte {pos} claims {claimed} bytes but only {remain} remain"
                ));
            }
            if ty == MI_MATRIX && self.direct_doubles(f, pos + 8, n, progress).map_err(io)? {
                pos = (pos + 8).saturating_add(pad8(n).unwrap_or(n)).min(len);
                continue;
            }
            let whole = if ty >> 16 == 0 { 8 + n } else { 8 };
            let mut buf = vec![0u8; whole];
            f.read_exact_at(&mut buf, pos as u64).map_err(io)?;
            self.base = pos;
            self.element(&buf, 0)?;
            self.base = 0;
            let step = if ty == MI_COMPRESSED || ty >> 16 != 0 {
                whole
            } else {
                8 + pad8(n).unwrap_or(n)
            };
            pos = pos.saturating_add(step).min(len);
        }
        Ok(())
    }

    /// If the miMATRIX body at file offset `at` (`n` bytes) is a plain
    /// real double array stored as miDOUBLE in the host's byte order, reads
    /// it straight into its array and returns true; false leaves it to the
    /// general parser.
    fn direct_doubles(
        &mut self,
        f: &std::fs::File,
        at: usize,
        n: usize,
        progress: &mut crate::formats::progress::Progress,
    ) -> std::io::Result<bool> {
        use std::os::unix::fs::FileExt;
        if n < (1 << 20) || self.be != cfg!(target_endian = "big") {
            return Ok(false);
        }
        let mut pre = vec![0u8; 4096];
        f.read_exact_at(&mut pre, at as u64)?;
        let Ok(subs) = self.first_subs(&pre) else {
            return Ok(false);
        };
        let Some((flags, dims, name, off)) = subs else {
            return Ok(false);
        };
        let numel = dims.iter().try_fold(1usize, |a, &d| a.checked_mul(d));
        let (ty, count) = (
            u32_at(&pre, off, self.be).unwrap_or_default(),
            u32_at(&pre, off + 4, self.be).unwrap_or_default() as usize,
        );
        let fits = off
            .checked_add(8)
            .and_then(|s| s.checked_add(count))
            .is_some_and(|end| end <= n);
        if flags & 0xFF != MX_DOUBLE
            || flags & (FLAG_COMPLEX | FLAG_LOGICAL) != 0
            || ty != MI_DOUBLE
            || name.is_empty()
            || !fits
            || numel.and_then(|k| k.checked_mul(8)) != Some(count)
        {
            return Ok(false);
        }
        let numel = count / 8;
        // Zeroed pages advised onto huge pages, as NumPy gets them: filling
        // 400 MB then takes a few hundred page faults instead of 100,000.
        let Some(mut v) = try_zeroed::<f64>(numel) else {
            return Ok(false);
        };
        // Host byte order was checked above, so the file's bytes are the
        // doubles' bytes.
        let dst = bytes_of_mut(&mut v);
        // In pieces, so a progress bar can follow a long read.
        let start = at + off + 8;
        let piece = crate::formats::progress::PIECE;
        for (k, part) in dst.chunks_mut(piece).enumerate() {
            let from = start + k * piece;
            f.read_exact_at(part, from as u64)?;
            progress.set((from + part.len()) as u64);
        }
        self.vars
            .push((name, Value::Num(Array::new(Dims::new(&dims), v))));
        Ok(true)
    }

    /// Array flags, dimensions, name and the offset of the next
    /// sub-element, from the start of an miMATRIX body; `None` when they
    /// are not in `pre` or malformed (the general parser then decides).
    #[allow(clippy::type_complexity)]
    fn first_subs(&self, pre: &[u8]) -> R<Option<(u32, Vec<usize>, String, usize)>> {
        let (flags, p1) = self.elem(pre, 0)?;
        let (dims, p2) = self.elem(pre, p1)?;
        let (name, p3) = self.elem(pre, p2)?;
        if flags.ty != MI_UINT32 || dims.ty != MI_INT32 || dims.data.len() % 4 != 0 {
            return Ok(None);
        }
        let d: Option<Vec<usize>> = (0..dims.data.len() / 4)
            .map(|k| {
                u32_at(dims.data, 4 * k, self.be)
                    .and_then(|x| i32::try_from(x).ok())
                    .map(|x| x as usize)
            })
            .collect();
        let (Some(d), Some(fl)) = (d, u32_at(flags.data, 0, self.be)) else {
            return Ok(None);
        };
        if d.is_empty() {
            return Ok(None);
        }
        Ok(Some((fl, d, text(name.data), p3)))
    }

    /// Parses the top-level element at `pos` in `b`, recording its variable
    /// or note; returns where the next element starts.
    fn element(&mut self, b: &[u8], pos: usize) -> R<usize> {
        let (e, next) = self.elem(b, pos)?;
        let at = pos + self.base;
        let var = match e.ty {
            MI_COMPRESSED => {
                let inner = inflate(e.data, self.be)
                    .map_err(|m| Fail::Corrupt(format!("compressed element at byte {at}: {m}")))?;
                let base = std::mem::take(&mut self.base);
                let (ie, _) = self.elem(&inner, 0)?;
                self.base = base;
                if ie.ty == MI_MATRIX {
                    self.matrix(ie.data, at)?
                } else {
                    None
                }
            }
            MI_MATRIX => self.matrix(e.data, at)?,
            _ => None,
        };
        match var {
            Some(Var::Value(name, v)) => self.vars.push((name, v)),
            Some(Var::Skipped(name, class)) => self.notes.push(format!(
                "skipping variable '{name}' of class {class} (not supported)"
            )),
            None => {}
        }
        Ok(next)
    }

    /// Reads the data element at `at` in `b`: the element and where the
    /// next one starts (after padding, clamped to the end of `b`).
    fn elem<'a>(&self, b: &'a [u8], at: usize) -> R<(Elem<'a>, usize)> {
        let Some(first) = u32_at(b, at, self.be) else {
            return corrupt(format!("truncated data element tag at byte {at}"));
        };
        if first >> 16 != 0 {
            // Small data element: count in the upper 16 bits, 4 data bytes.
            let (ty, n) = (first & 0xFFFF, (first >> 16) as usize);
            if n > 4 {
                return corrupt(format!(
                    "small data element at byte {at} claims {n} bytes (at most 4)"
                ));
            }
            let data = at
                .checked_add(4)
                .and_then(|s| b.get(s..s + n))
                .ok_or_else(|| Fail::Corrupt(format!("truncated data element at byte {at}")))?;
            return Ok((Elem { ty, data }, at.saturating_add(8).min(b.len())));
        }
        let claimed = u32_at(b, at + 4, self.be)
            .ok_or_else(|| Fail::Corrupt(format!("truncated data element tag at byte {at}")))?
            as usize;
        let n = element_len(first, claimed);
        let start = at + 8;
        let avail = b.len().saturating_sub(start);
        if n > avail {
            return corrupt(format!(
                "data element at byte {at} claims {claimed} bytes but only {avail} remain"
            ));
        }
        let data = b.get(start..start + n).unwrap_or_default();
        let next = if first == MI_COMPRESSED {
            start + n
        } else {
            pad8(n).map_or(b.len(), |p| start.saturating_add(p).min(b.len()))
        };
        Ok((Elem { ty: first, data }, next))
    }

    /// Sub-elements of an miMATRIX body, in order.
    fn subs<'a>(&self, body: &'a [u8]) -> R<Vec<Elem<'a>>> {
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < body.len() {
            if body.len() - pos < 8 && body[pos..].iter().all(|&x| x == 0) {
                break;
            }
            let (e, next) = self.elem(body, pos)?;
            out.push(e);
            pos = next;
        }
        Ok(out)
    }

    /// Decodes one variable (an miMATRIX body found at file byte `at`).
    /// `None` for nameless entries (MATLAB's subsystem data).
    fn matrix(&mut self, body: &[u8], at: usize) -> R<Option<Var>> {
        let subs = self.subs(body)?;
        let mut it = subs.into_iter();
        let flags = match it.next() {
            Some(e) if e.ty == MI_UINT32 && e.data.len() >= 4 => {
                u32_at(e.data, 0, self.be).unwrap_or_default()
            }
            Some(_) => return corrupt(format!("variable at byte {at}: bad array flags")),
            None => return Ok(None),
        };
        let class = flags & 0xFF;
        if class == MX_OPAQUE {
            let name = it.next().map(|e| text(e.data)).unwrap_or_default();
            let _type_system = it.next();
            let cls = it.next().map(|e| text(e.data)).unwrap_or_default();
            return Ok(named(name, |n| {
                let cls = if cls.is_empty() { "opaque".into() } else { cls };
                Var::Skipped(n, cls)
            }));
        }
        let dims = match it.next() {
            Some(e) if e.ty == MI_INT32 && e.data.len() % 4 == 0 && !e.data.is_empty() => {
                let mut d = Vec::with_capacity(e.data.len() / 4);
                for k in 0..e.data.len() / 4 {
                    let x = u32_at(e.data, 4 * k, self.be).unwrap_or_default() as i32;
                    if x < 0 {
                        return corrupt(format!("variable at byte {at}: negative dimension {x}"));
                    }
                    d.push(x as usize);
                }
                d
            }
            _ => return corrupt(format!("variable at byte {at}: bad dimensions")),
        };
        let name = match it.next() {
            Some(e) if matches!(e.ty, MI_INT8 | MI_UINT8 | MI_UTF8) => text(e.data),
            _ => return corrupt(format!("variable at byte {at}: bad name")),
        };
        if name.is_empty() {
            return Ok(None);
        }
        let skip = |cls: &str| Ok(Some(Var::Skipped(name.clone(), cls.to_string())));
        match class {
            MX_CELL => return skip("cell"),
            MX_STRUCT => return skip("struct"),
            MX_SPARSE => return skip("sparse"),
            MX_FUNCTION => return skip("function_handle"),
            MX_OBJECT => {
                let cls = it.next().map(|e| text(e.data)).unwrap_or_default();
                return skip(if cls.is_empty() { "object" } else { &cls });
            }
            MX_CHAR | MX_DOUBLE..=MX_UINT64 => {}
            other => return skip(&format!("{other} (unknown)")),
        }
        let numel = dims
            .iter()
            .try_fold(1usize, |a, &d| a.checked_mul(d))
            .ok_or_else(|| Fail::Corrupt(format!("variable '{name}': dimensions overflow")))?;
        let shape = Dims::new(&dims);
        let real = it.next();
        let imag = if flags & FLAG_COMPLEX != 0 {
            it.next()
        } else {
            None
        };
        let bad = |what: &str| Fail::Corrupt(format!("variable '{name}': {what}"));
        let empty = Elem {
            ty: MI_DOUBLE,
            data: &[],
        };
        let real = match real {
            Some(e) => e,
            None if numel == 0 => empty,
            None => return Err(bad("no data")),
        };
        let value = if class == MX_CHAR {
            let units = char_units(&real, self.be).ok_or_else(|| bad("bad char data"))?;
            if units.len() != numel {
                return Err(bad(&format!(
                    "{} characters but the dimensions {} need {numel}",
                    units.len(),
                    shape.to_string_x()
                )));
            }
            Value::Char(Array::new(shape, units))
        } else {
            let part = |e: &Elem, which: &str| -> R<Vec<f64>> {
                let v = numbers(e, self.be)
                    .ok_or_else(|| bad(&format!("{which} part has non-numeric type {}", e.ty)))?;
                if v.len() != numel {
                    return Err(bad(&format!(
                        "{which} part holds {} elements but the dimensions {} need {numel}",
                        v.len(),
                        shape.to_string_x()
                    )));
                }
                Ok(v)
            };
            let re = part(&real, "real")?;
            if flags & FLAG_LOGICAL != 0 {
                Value::Bool(Array::new(shape, re.iter().map(|&x| x != 0.0).collect()))
            } else if flags & FLAG_COMPLEX != 0 {
                let im = match imag {
                    Some(e) => part(&e, "imaginary")?,
                    None if numel == 0 => Vec::new(),
                    None => return Err(bad("complex flag set but no imaginary part")),
                };
                let z = re.iter().zip(&im).map(|(&r, &i)| C64::new(r, i)).collect();
                Value::Complex(Array::new(shape, z))
            } else {
                Value::Num(Array::new(shape, re))
            }
        };
        if class != MX_DOUBLE && class != MX_CHAR && flags & FLAG_LOGICAL == 0 {
            self.converted.push((name.clone(), class_name(class)));
        }
        Ok(Some(Var::Value(name, value)))
    }
}

fn named(name: String, f: impl FnOnce(String) -> Var) -> Option<Var> {
    if name.is_empty() {
        None
    } else {
        Some(f(name))
    }
}

fn class_name(class: u32) -> &'static str {
    const NAMES: [&str; 10] = [
        "single", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "",
    ];
    NAMES
        .get(class.wrapping_sub(MX_SINGLE) as usize)
        .copied()
        .unwrap_or("double")
}

/// Text of a name element: bytes up to the first NUL, as UTF-8 (lossy).
fn text(b: &[u8]) -> String {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(b.get(..end).unwrap_or_default()).into_owned()
}

/// The byte count of a data element of type `ty` whose tag claims `n`.
///
/// An miMATRIX body is a sequence of 8-byte-aligned sub-elements, so its
/// size is a multiple of 8. GNU Octave (7.x) counts a char array whose
/// data fits a small (4-byte) element at its unpadded size (a 2x2 char
/// array claims 52 bytes for a 48-byte body), so the next variable would
/// start mid-element; such a count is rounded down to the true size.
fn element_len(ty: u32, n: usize) -> usize {
    if ty == MI_MATRIX && n % 8 != 0 {
        n & !7
    } else {
        n
    }
}

/// Inflates an miCOMPRESSED payload into one complete data element (tag
/// included). Output grows only as the stream produces it, up to the size
/// the inner tag claims, and must reach that size.
fn inflate(z: &[u8], be: bool) -> std::result::Result<Vec<u8>, String> {
    let mut d = ZlibDecoder::new(z);
    let mut tag = [0u8; 8];
    d.read_exact(&mut tag)
        .map_err(|e| format!("cannot inflate the element tag ({e})"))?;
    let first = u32_at(&tag, 0, be).unwrap_or_default();
    let n = if first >> 16 != 0 {
        0
    } else {
        element_len(first, u32_at(&tag, 4, be).unwrap_or_default() as usize)
    };
    let mut out = Vec::with_capacity(8 + n.min(z.len().saturating_mul(4)));
    out.extend_from_slice(&tag);
    (&mut d)
        .take(n as u64)
        .read_to_end(&mut out)
        .map_err(|e| format!("corrupt zlib data ({e})"))?;
    let got = out.len() - 8;
    if got < n {
        return Err(format!(
            "the zlib stream ends after {got} bytes but the element claims {n}"
        ));
    }
    // Read on to the end of the stream so its checksum is verified.
    let mut rest = [0u8; 256];
    loop {
        match d.read(&mut rest) {
            Ok(0) => break,
            Ok(_) => continue,
            Err(e) => return Err(format!("corrupt zlib data ({e})")),
        }
    }
    Ok(out)
}

/// Bytes per element of a numeric data type.
fn type_size(ty: u32) -> Option<usize> {
    Some(match ty {
        MI_INT8 | MI_UINT8 | MI_UTF8 => 1,
        MI_INT16 | MI_UINT16 | MI_UTF16 => 2,
        MI_INT32 | MI_UINT32 | MI_SINGLE | MI_UTF32 => 4,
        MI_DOUBLE | MI_INT64 | MI_UINT64 => 8,
        _ => return None,
    })
}

/// The elements of a numeric data element as doubles (any storage type);
/// `None` for a non-numeric type or a byte count that is not a whole
/// number of elements.
fn numbers(e: &Elem, be: bool) -> Option<Vec<f64>> {
    let size = type_size(e.ty)?;
    if e.data.len() % size != 0 {
        return None;
    }
    if e.ty == MI_DOUBLE {
        return Some(doubles(e.data, be));
    }
    macro_rules! conv {
        ($t:ty, $n:expr) => {
            e.data
                .chunks_exact($n)
                .map(|c| {
                    let mut a = [0u8; $n];
                    // chunks_exact yields exactly $n bytes.
                    a.copy_from_slice(c);
                    (if be {
                        <$t>::from_be_bytes(a)
                    } else {
                        <$t>::from_le_bytes(a)
                    }) as f64
                })
                .collect()
        };
    }
    Some(match e.ty {
        MI_INT8 => e.data.iter().map(|&x| x as i8 as f64).collect(),
        MI_UINT8 | MI_UTF8 => e.data.iter().map(|&x| x as f64).collect(),
        MI_INT16 => conv!(i16, 2),
        MI_UINT16 | MI_UTF16 => conv!(u16, 2),
        MI_INT32 => conv!(i32, 4),
        MI_UINT32 | MI_UTF32 => conv!(u32, 4),
        MI_SINGLE => conv!(f32, 4),
        MI_INT64 => conv!(i64, 8),
        MI_UINT64 => conv!(u64, 8),
        _ => return None,
    })
}

/// miDOUBLE data as f64, in bulk when the file's byte order is the host's.
fn doubles(b: &[u8], be: bool) -> Vec<f64> {
    let n = b.len() / 8;
    if be == cfg!(target_endian = "big") {
        let mut v = vec![0f64; n];
        // SAFETY: the view covers exactly v's n * 8 bytes of initialized
        // f64 storage; any byte pattern is a valid f64, and the slice is
        // dropped before v is used again.
        let dst = unsafe { std::slice::from_raw_parts_mut(v.as_mut_ptr().cast::<u8>(), n * 8) };
        dst.copy_from_slice(b.get(..n * 8).unwrap_or_default());
        return v;
    }
    b.chunks_exact(8)
        .map(|c| {
            let mut a = [0u8; 8];
            // chunks_exact yields exactly 8 bytes.
            a.copy_from_slice(c);
            f64::from_bits(if be {
                u64::from_be_bytes(a)
            } else {
                u64::from_le_bytes(a)
            })
        })
        .collect()
}

/// UTF-16 code units of a char array's data element.
fn char_units(e: &Elem, be: bool) -> Option<Vec<u16>> {
    match e.ty {
        MI_UTF8 => Some(String::from_utf8_lossy(e.data).encode_utf16().collect()),
        MI_UINT8 | MI_INT8 => Some(e.data.iter().map(|&x| x as u16).collect()),
        MI_UTF32 => {
            let mut out = Vec::with_capacity(e.data.len() / 4);
            for c in e.data.chunks_exact(4) {
                let mut a = [0u8; 4];
                a.copy_from_slice(c);
                let cp = if be {
                    u32::from_be_bytes(a)
                } else {
                    u32::from_le_bytes(a)
                };
                let ch = char::from_u32(cp).unwrap_or('\u{FFFD}');
                let mut buf = [0u16; 2];
                out.extend_from_slice(ch.encode_utf16(&mut buf));
            }
            Some(out)
        }
        _ => Some(numbers(e, be)?.into_iter().map(|x| x as u16).collect()),
    }
}
