//! The .npy header: magic string, version, header length and the Python
//! dict literal `{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }`.
//!
//! Layout (NumPy's "NPY format", versions 1.0, 2.0 and 3.0):
//!
//! ```text
//! offset 0   6 bytes  b"\x93NUMPY"
//! offset 6   2 bytes  major, minor version (1.0, 2.0 or 3.0)
//! offset 8   2 bytes  header length, u16 LE (v1.0); 4 bytes, u32 LE (v2.0, v3.0)
//! then       the header: an ASCII (v1/v2: latin-1, v3: UTF-8) Python dict
//!            literal, padded with spaces and ended by '\n' so the data starts
//!            at a multiple of 64 bytes
//! then       the data: product(shape) * itemsize bytes, C or Fortran order
//! ```
//!
//! The dict literal is parsed by a small recursive-descent parser for the
//! Python literals NumPy writes (strings, `True`/`False`, integers, tuples
//! and lists), with a nesting limit, never by evaluating anything.

/// The NumPy magic string.
pub(super) const MAGIC: &[u8; 6] = b"\x93NUMPY";
/// NumPy's alignment of the data start.
const ALIGN: usize = 64;
/// Largest header accepted on reading (NumPy's own default limit is 10000
/// bytes; this is generous, and bounds what a hostile length can allocate).
pub(super) const MAX_HEADER: usize = 1 << 20;
/// Most dimensions accepted (NumPy's own limit is 64).
const MAX_DIMS: usize = 64;

/// Byte order of a multi-byte element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Endian {
    Little,
    Big,
}

impl Endian {
    fn native() -> Endian {
        if cfg!(target_endian = "big") {
            Endian::Big
        } else {
            Endian::Little
        }
    }
}

/// Element kinds flatlab reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// IEEE float of 2, 4 or 8 bytes.
    Float,
    /// Signed integer of 1, 2, 4 or 8 bytes.
    Int,
    /// Unsigned integer of 1, 2, 4 or 8 bytes.
    Uint,
    /// Complex of two floats, 8 or 16 bytes.
    Complex,
    /// numpy.bool_, 1 byte.
    Bool,
    /// Unicode string of `itemsize / 4` UCS-4 code points.
    Unicode,
    /// Byte string (`S`), one byte per character.
    Bytes,
}

/// A parsed dtype descriptor such as `<f8` or `<U5`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Dtype {
    pub kind: Kind,
    pub endian: Endian,
    /// Bytes per element.
    pub itemsize: usize,
}

impl Dtype {
    /// NumPy's name of the type, for conversion notes.
    pub fn numpy_name(&self) -> String {
        match self.kind {
            Kind::Float => format!("float{}", self.itemsize * 8),
            Kind::Int => format!("int{}", self.itemsize * 8),
            Kind::Uint => format!("uint{}", self.itemsize * 8),
            Kind::Complex => format!("complex{}", self.itemsize * 8),
            Kind::Bool => "bool".into(),
            Kind::Unicode => format!("str{}", self.itemsize / 4),
            Kind::Bytes => format!("bytes{}", self.itemsize),
        }
    }
}

/// What the header says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Header {
    pub dtype: Dtype,
    pub fortran_order: bool,
    pub shape: Vec<usize>,
    /// Offset of the first data byte.
    pub data_offset: usize,
    /// Elements: product of `shape` (checked).
    pub numel: usize,
    /// Data bytes: `numel * itemsize` (checked).
    pub data_len: u64,
}

/// Bytes needed before the header length is known (magic, version, and a
/// 4-byte length).
pub(super) const PREAMBLE: usize = 12;

/// From the first bytes (at least 10; 12 for versions 2 and 3), the
/// version's header length field: returns (offset of the dict, its length).
pub(super) fn preamble(bytes: &[u8]) -> Result<(usize, usize), String> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err("not a NumPy .npy file (no \\x93NUMPY magic string)".into());
    }
    let (major, minor) = match bytes.get(6..8) {
        Some(v) => (v[0], v[1]),
        None => return Err("truncated .npy header".into()),
    };
    let (start, len) = match (major, minor) {
        (1, 0) => match bytes.get(8..10) {
            Some(b) => (10, u16::from_le_bytes([b[0], b[1]]) as usize),
            None => return Err("truncated .npy header".into()),
        },
        (2, 0) | (3, 0) => match bytes.get(8..12) {
            Some(b) => (12, u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize),
            None => return Err("truncated .npy header".into()),
        },
        _ => {
            return Err(format!(
                "unsupported .npy format version {major}.{minor} (known: 1.0, 2.0, 3.0)"
            ))
        }
    };
    if len > MAX_HEADER {
        return Err(format!(
            ".npy header length {len} is larger than the limit of {MAX_HEADER} bytes"
        ));
    }
    Ok((start, len))
}

/// Parses the whole header from the file's first bytes (which may go on
/// into the data).
pub(super) fn parse(bytes: &[u8]) -> Result<Header, String> {
    let (start, len) = preamble(bytes)?;
    let end = start + len; // both bounded by MAX_HEADER + 12: no overflow
    let text = bytes.get(start..end).ok_or_else(|| {
        format!(
            "truncated .npy header: {len} header bytes announced, {} present",
            bytes.len().saturating_sub(start)
        )
    })?;
    parse_dict(text, end)
}

fn parse_dict(text: &[u8], data_offset: usize) -> Result<Header, String> {
    let mut p = Parser { s: text, i: 0 };
    let lit = p.literal(0)?;
    p.skip_ws();
    if p.i != text.len() {
        return Err(format!(
            "bad .npy header: unexpected text after the dict at byte {}",
            p.i
        ));
    }
    let Lit::Dict(entries) = lit else {
        return Err("bad .npy header: not a dict".into());
    };
    let mut descr = None;
    let mut fortran = None;
    let mut shape = None;
    for (k, v) in entries {
        let Lit::Str(k) = k else {
            return Err("bad .npy header: a key is not a string".into());
        };
        let slot = match k.as_str() {
            "descr" => &mut descr,
            "fortran_order" => &mut fortran,
            "shape" => &mut shape,
            other => return Err(format!("bad .npy header: unexpected key '{other}'")),
        };
        if slot.is_some() {
            return Err(format!("bad .npy header: key '{k}' appears twice"));
        }
        *slot = Some(v);
    }
    let (Some(descr), Some(fortran), Some(shape)) = (descr, fortran, shape) else {
        return Err(
            "bad .npy header: it must have the keys 'descr', 'fortran_order' and 'shape'".into(),
        );
    };
    let dtype = match descr {
        Lit::Str(s) => parse_descr(&s)?,
        Lit::List(fields) | Lit::Tuple(fields) => {
            return Err(format!(
                "structured (record) arrays are not supported ({} fields): save each field as its own array",
                fields.len()
            ))
        }
        _ => return Err("bad .npy header: 'descr' is not a string".into()),
    };
    let fortran_order = match fortran {
        Lit::Bool(b) => b,
        _ => return Err("bad .npy header: 'fortran_order' is not True or False".into()),
    };
    let Lit::Tuple(items) = shape else {
        return Err("bad .npy header: 'shape' is not a tuple".into());
    };
    if items.len() > MAX_DIMS {
        return Err(format!(
            "bad .npy header: {} dimensions (at most {MAX_DIMS})",
            items.len()
        ));
    }
    let mut dims = Vec::with_capacity(items.len());
    let mut numel: usize = 1;
    // The product of the nonzero extents must fit too, so that no partial
    // product of an empty array's dimensions can overflow later.
    let mut nonzero: usize = 1;
    for it in items {
        let Lit::Int(n) = it else {
            return Err("bad .npy header: 'shape' holds something other than integers".into());
        };
        let n = usize::try_from(n)
            .map_err(|_| format!("bad .npy header: dimension {n} is out of range"))?;
        numel = numel
            .checked_mul(n)
            .ok_or("bad .npy header: the number of elements overflows")?;
        nonzero = nonzero
            .checked_mul(n.max(1))
            .ok_or("bad .npy header: the dimensions are too large")?;
        dims.push(n);
    }
    let data_len = (numel as u64)
        .checked_mul(dtype.itemsize as u64)
        .ok_or("bad .npy header: the data size overflows")?;
    Ok(Header {
        dtype,
        fortran_order,
        shape: dims,
        data_offset,
        numel,
        data_len,
    })
}

/// Parses a dtype string: byte order, kind letter, size.
fn parse_descr(s: &str) -> Result<Dtype, String> {
    let unsupported = || format!("unsupported NumPy dtype '{s}'");
    let b = s.as_bytes();
    let (endian, rest) = match b.first() {
        Some(b'<') => (Some(Endian::Little), &s[1..]),
        Some(b'>') => (Some(Endian::Big), &s[1..]),
        Some(b'|') | Some(b'=') => (None, &s[1..]),
        _ => (None, s),
    };
    let mut chars = rest.chars();
    let letter = chars.next().ok_or_else(unsupported)?;
    let size_text = chars.as_str();
    if letter == 'O' {
        return Err(
            "object arrays (pickled Python objects) are not supported; flatlab never unpickles"
                .into(),
        );
    }
    if letter == 'V' {
        return Err("structured (record) or void arrays are not supported".into());
    }
    if letter == 'M' || letter == 'm' {
        return Err(format!(
            "unsupported NumPy dtype '{s}' (datetime and timedelta are not supported)"
        ));
    }
    // NumPy writes `dtype.str`: a byte order, a kind letter and a size.
    if size_text.is_empty()
        || !size_text.bytes().all(|c| c.is_ascii_digit())
        || size_text.len() > 12
    {
        return Err(unsupported());
    }
    let size: usize = size_text.parse().map_err(|_| unsupported())?;
    let kind = match (letter, size) {
        ('f', 2 | 4 | 8) => Kind::Float,
        ('i', 1 | 2 | 4 | 8) => Kind::Int,
        ('u', 1 | 2 | 4 | 8) => Kind::Uint,
        ('c', 8 | 16) => Kind::Complex,
        ('b', 1) => Kind::Bool,
        ('U', _) => Kind::Unicode,
        ('S', _) => Kind::Bytes,
        ('f' | 'c', _) => {
            return Err(format!(
                "unsupported NumPy dtype '{s}' (extended precision is not supported)"
            ))
        }
        _ => return Err(unsupported()),
    };
    let itemsize = if kind == Kind::Unicode {
        size.checked_mul(4).ok_or_else(unsupported)?
    } else {
        size
    };
    Ok(Dtype {
        kind,
        endian: endian.unwrap_or_else(Endian::native),
        itemsize,
    })
}

/// A Python literal in the header.
#[derive(Debug)]
enum Lit {
    Str(String),
    Int(i128),
    Bool(bool),
    None,
    Tuple(Vec<Lit>),
    List(Vec<Lit>),
    Dict(Vec<(Lit, Lit)>),
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

/// Nesting limit of the literal parser (structured dtypes nest a few levels).
const MAX_DEPTH: usize = 32;

impl Parser<'_> {
    fn skip_ws(&mut self) {
        while let Some(c) = self.s.get(self.i) {
            if matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\0') {
                self.i += 1;
            } else {
                break;
            }
        }
    }
    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.s.get(self.i).copied()
    }
    fn err(&self, what: &str) -> String {
        format!("bad .npy header: {what} at byte {}", self.i)
    }
    fn expect(&mut self, c: u8) -> Result<(), String> {
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.err(&format!("expected '{}'", c as char)))
        }
    }

    fn literal(&mut self, depth: usize) -> Result<Lit, String> {
        if depth > MAX_DEPTH {
            return Err(self.err("literal nested too deeply"));
        }
        match self.peek() {
            Some(b'{') => {
                self.i += 1;
                let mut entries = Vec::new();
                loop {
                    if self.peek() == Some(b'}') {
                        self.i += 1;
                        return Ok(Lit::Dict(entries));
                    }
                    let k = self.literal(depth + 1)?;
                    self.expect(b':')?;
                    let v = self.literal(depth + 1)?;
                    entries.push((k, v));
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {}
                        _ => return Err(self.err("expected ',' or '}'")),
                    }
                }
            }
            Some(open @ (b'(' | b'[')) => {
                self.i += 1;
                let close = if open == b'(' { b')' } else { b']' };
                let mut items = Vec::new();
                let mut trailing_comma = false;
                loop {
                    if self.peek() == Some(close) {
                        self.i += 1;
                        break;
                    }
                    items.push(self.literal(depth + 1)?);
                    trailing_comma = false;
                    match self.peek() {
                        Some(b',') => {
                            self.i += 1;
                            trailing_comma = true;
                        }
                        Some(c) if c == close => {}
                        _ => return Err(self.err("expected ',' or a closing bracket")),
                    }
                }
                if open == b'[' {
                    Ok(Lit::List(items))
                } else if items.len() == 1 && !trailing_comma {
                    // `(x)` is just x in Python.
                    Ok(items.pop().unwrap_or(Lit::None))
                } else {
                    Ok(Lit::Tuple(items))
                }
            }
            Some(q @ (b'\'' | b'"')) => {
                self.i += 1;
                let mut out = Vec::new();
                loop {
                    match self.s.get(self.i) {
                        None => return Err(self.err("unterminated string")),
                        Some(&c) if c == q => {
                            self.i += 1;
                            break;
                        }
                        Some(b'\\') => {
                            let c = self.s.get(self.i + 1).copied();
                            let c = c.ok_or_else(|| self.err("unterminated string"))?;
                            out.push(c);
                            self.i += 2;
                        }
                        Some(&c) => {
                            out.push(c);
                            self.i += 1;
                        }
                    }
                }
                Ok(Lit::Str(String::from_utf8_lossy(&out).into_owned()))
            }
            Some(c) if c.is_ascii_digit() || c == b'-' || c == b'+' => {
                let start = self.i;
                self.i += 1;
                while matches!(self.s.get(self.i), Some(d) if d.is_ascii_digit()) {
                    self.i += 1;
                }
                let text = std::str::from_utf8(&self.s[start..self.i]).unwrap_or("");
                // Python 2 long integers: `3L`.
                if matches!(self.s.get(self.i), Some(b'L' | b'l')) {
                    self.i += 1;
                }
                text.parse::<i128>()
                    .map(Lit::Int)
                    .map_err(|_| self.err("bad integer"))
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let start = self.i;
                while matches!(self.s.get(self.i), Some(d) if d.is_ascii_alphanumeric() || *d == b'_')
                {
                    self.i += 1;
                }
                match &self.s[start..self.i] {
                    b"True" => Ok(Lit::Bool(true)),
                    b"False" => Ok(Lit::Bool(false)),
                    b"None" => Ok(Lit::None),
                    _ => Err(format!("bad .npy header: unexpected name at byte {start}")),
                }
            }
            Some(_) => Err(self.err("unexpected character")),
            None => Err(self.err("unexpected end")),
        }
    }
}

/// Builds the preamble and padded header for `descr`, Fortran order and
/// `shape`: version 1.0, or 2.0 when the header is longer than 65535 bytes.
pub(super) fn format(descr: &str, shape: &[usize]) -> Vec<u8> {
    let mut dict = format!("{{'descr': '{descr}', 'fortran_order': True, 'shape': (");
    for (k, d) in shape.iter().enumerate() {
        if k > 0 {
            dict.push_str(", ");
        }
        dict.push_str(&d.to_string());
    }
    if shape.len() == 1 {
        dict.push(',');
    }
    dict.push_str("), }");
    // Preamble plus dict plus '\n', rounded up to the alignment.
    let build = |pre: usize, v: (u8, u8)| -> Option<Vec<u8>> {
        let unpadded = pre + dict.len() + 1;
        let total = unpadded.div_ceil(ALIGN) * ALIGN;
        let hlen = total - pre;
        let mut out = Vec::with_capacity(total);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&[v.0, v.1]);
        if pre == 10 {
            out.extend_from_slice(&u16::try_from(hlen).ok()?.to_le_bytes());
        } else {
            out.extend_from_slice(&u32::try_from(hlen).ok()?.to_le_bytes());
        }
        out.extend_from_slice(dict.as_bytes());
        out.resize(total - 1, b' ');
        out.push(b'\n');
        Some(out)
    };
    // A header beyond 4 GiB cannot happen (it would need ~4e8 dimensions).
    build(10, (1, 0))
        .or_else(|| build(12, (2, 0)))
        .unwrap_or_default()
}
