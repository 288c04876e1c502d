//! fopen and the functions that read or move through an open file.

use super::scan::{scan_outputs, scan_text, shape_values, size_arg};
use super::{fid_arg, open_file, text, OpenFile};
use crate::builtins::reduce::{check_nargout, check_nargs};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::{Array, Class, Dims, Value};
use std::fs::OpenOptions;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};

/// The system's text for an I/O error, without Rust's " (os error N)".
fn io_text(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// fopen: open a file.
///
/// `fid = fopen(filename, permission)` opens the file and returns its
/// identifier (3 or more), or -1 when it cannot be opened. permission is
/// 'r' (read, the default), 'w' (write, truncating), 'a' (append), or
/// 'r+', 'w+', 'a+' (read and write); a 'b' or 't' suffix is accepted.
///
/// `[fid, msg] = fopen(...)` also returns the system's reason on failure.
///
/// `fids = fopen('all')` returns the identifiers of the open files;
/// `[filename, permission, arch] = fopen(fid)` describes an open file.
///
/// ```text
/// >> fid = fopen('/nonexistent/file.txt')
/// fid = -1
/// ```
pub fn fopen(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 3, "fopen")?;
    check_nargs(&args, 1, 4, "fopen")?;
    if !matches!(args[0], Value::Char(_)) {
        let fid = fid_arg(&args[0], "fopen")?;
        return Ok(match fid {
            0 => vec![Value::str("stdin"), Value::str("r"), Value::str("native")],
            1 => vec![Value::str("stdout"), Value::str("w"), Value::str("native")],
            2 => vec![Value::str("stderr"), Value::str("w"), Value::str("native")],
            _ => match ctx.state.files.get_mut(fid) {
                Some(f) => vec![
                    Value::str(&f.name),
                    Value::str(&f.mode),
                    Value::str("native"),
                ],
                None => vec![Value::num(-1.0), Value::str(""), Value::str("")],
            },
        });
    }
    let name = args[0].to_str("fopen")?;
    if name == "all" && args.len() == 1 {
        let ids: Vec<f64> = ctx.state.files.ids().into_iter().map(f64::from).collect();
        let n = ids.len();
        return Ok(vec![Value::Num(Array::new(
            Dims::mat(n, usize::from(n > 0)),
            ids,
        ))]);
    }
    let mode = match args.get(1) {
        Some(m) => text(m, "fopen", "PERMISSION")?,
        None => "r".to_string(),
    };
    let base: String = mode.chars().filter(|c| !matches!(c, 'b' | 't')).collect();
    let mut o = OpenOptions::new();
    let (readable, writable, append) = match base.as_str() {
        "r" => (true, false, false),
        "w" => (false, true, false),
        "a" => (false, true, true),
        "r+" => (true, true, false),
        "w+" => (true, true, false),
        "a+" => (true, true, true),
        _ => return Err(Error::new(format!("fopen: invalid PERMISSION '{mode}'"))),
    };
    match base.as_str() {
        "r" => o.read(true),
        "w" => o.write(true).create(true).truncate(true),
        "a" => o.append(true).create(true),
        "r+" => o.read(true).write(true),
        "w+" => o.read(true).write(true).create(true).truncate(true),
        _ => o.read(true).append(true).create(true),
    };
    match o.open(&name) {
        Ok(file) => {
            let fid = ctx.state.files.open(OpenFile {
                name,
                mode,
                readable,
                writable,
                append,
                io: BufReader::new(file),
            });
            Ok(vec![Value::num(f64::from(fid)), Value::str("")])
        }
        Err(e) => Ok(vec![Value::num(-1.0), Value::str(&io_text(&e))]),
    }
}

/// fclose: close an open file.
///
/// `status = fclose(fid)` closes the file and returns 0; `fclose('all')`
/// closes every file fopen opened.
///
/// ```text
/// >> fclose('all')
/// ans = 0
/// ```
pub fn fclose(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "fclose")?;
    check_nargs(&args, 1, 1, "fclose")?;
    if let Value::Char(_) = &args[0] {
        if args[0].to_str("fclose")? != "all" {
            return Err(Error::new("fclose: invalid stream number"));
        }
        ctx.state.files.files.clear();
        return Ok(vec![Value::num(0.0)]);
    }
    let fid = fid_arg(&args[0], "fclose")?;
    match fid {
        0..=2 => {}
        _ => {
            if ctx.state.files.files.remove(&fid).is_none() {
                return Err(Error::new(format!("fclose: invalid stream number = {fid}")));
            }
        }
    }
    Ok(vec![Value::num(0.0)])
}

/// One line with its newline (empty at the end of the file), at most
/// `max` chars.
fn read_line(f: &mut OpenFile, who: &str, max: Option<usize>) -> Result<Option<String>> {
    f.check_readable(who)?;
    let mut bytes = Vec::new();
    let limit = max.unwrap_or(usize::MAX);
    loop {
        let buf =
            f.io.fill_buf()
                .map_err(|e| Error::new(format!("{who}: cannot read '{}': {e}", f.name)))?;
        if buf.is_empty() {
            break;
        }
        let room = limit - bytes.len();
        let take = buf.len().min(room);
        match buf[..take].iter().position(|&b| b == b'\n') {
            Some(i) => {
                bytes.extend_from_slice(&buf[..=i]);
                f.io.consume(i + 1);
                break;
            }
            None => {
                bytes.extend_from_slice(&buf[..take]);
                f.io.consume(take);
                if bytes.len() >= limit {
                    break;
                }
            }
        }
    }
    if bytes.is_empty() {
        return Ok(None);
    }
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}

fn line_fn(ctx: &mut Ctx, args: Vec<Value>, who: &str, keep_newline: bool) -> Result<Vec<Value>> {
    check_nargout(ctx, 2, who)?;
    check_nargs(&args, 1, 2, who)?;
    let fid = fid_arg(&args[0], who)?;
    let max = match args.get(1) {
        Some(v) => {
            let n = v.scalar_f64(who)?;
            if n < 0.0 || n.is_nan() {
                return Err(Error::new(format!(
                    "{who}: LEN must be a non-negative integer"
                )));
            }
            Some(n.min(1e15) as usize)
        }
        None => None,
    };
    let f = open_file(&mut ctx.state.files, fid, who)?;
    match read_line(f, who, max)? {
        Some(mut line) => {
            let n = line.chars().count();
            if !keep_newline && line.ends_with('\n') {
                line.pop();
                if line.ends_with('\r') {
                    line.pop();
                }
            }
            Ok(vec![Value::str(&line), Value::num(n as f64)])
        }
        None => Ok(vec![Value::num(-1.0), Value::num(0.0)]),
    }
}

/// fgetl: read a line from a file, without its newline.
///
/// `tline = fgetl(fid)` returns the next line of the file as a char row,
/// or -1 at the end of the file; `fgetl(fid, len)` reads at most len
/// characters.
///
/// ```text
/// >> fid = fopen('/etc/passwd'); class(fgetl(fid))
/// ans = char
/// ```
pub fn fgetl(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    line_fn(ctx, args, "fgetl", false)
}

/// fgets: read a line from a file, keeping its newline.
///
/// `tline = fgets(fid)` returns the next line including its newline, or -1
/// at the end of the file; `fgets(fid, len)` reads at most len characters.
///
/// ```text
/// >> fid = fopen('/etc/passwd'); double(fgets(fid)(end))
/// ans = 10
/// ```
pub fn fgets(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    line_fn(ctx, args, "fgets", true)
}

/// fskipl: skip lines of a file.
///
/// `n = fskipl(fid, count)` skips count lines (1 by default; Inf skips to
/// the end) and returns how many it skipped.
///
/// ```text
/// >> fid = fopen('/etc/passwd'); fskipl(fid, Inf) > 0
/// ans = 1
/// ```
pub fn fskipl(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "fskipl")?;
    check_nargs(&args, 1, 2, "fskipl")?;
    let fid = fid_arg(&args[0], "fskipl")?;
    let count = match args.get(1) {
        Some(v) => v.scalar_f64("fskipl")?,
        None => 1.0,
    };
    let f = open_file(&mut ctx.state.files, fid, "fskipl")?;
    let mut n = 0.0;
    while n < count {
        if read_line(f, "fskipl", None)?.is_none() {
            break;
        }
        n += 1.0;
    }
    Ok(vec![Value::num(n)])
}

/// feof: whether a file has no more data.
///
/// `tf = feof(fid)` is true when nothing is left to read in the file.
///
/// ```text
/// >> fid = fopen('/etc/passwd'); fskipl(fid, Inf); feof(fid)
/// ans = 1
/// ```
pub fn feof(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "feof")?;
    check_nargs(&args, 1, 1, "feof")?;
    let fid = fid_arg(&args[0], "feof")?;
    let f = open_file(&mut ctx.state.files, fid, "feof")?;
    Ok(vec![Value::bool(f.at_end())])
}

/// ftell: the position in a file.
///
/// `pos = ftell(fid)` returns the number of bytes from the start of the
/// file to the current position.
///
/// ```text
/// >> fid = fopen('/etc/passwd'); ftell(fid)
/// ans = 0
/// ```
pub fn ftell(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "ftell")?;
    check_nargs(&args, 1, 1, "ftell")?;
    let fid = fid_arg(&args[0], "ftell")?;
    let f = open_file(&mut ctx.state.files, fid, "ftell")?;
    let pos = f.io.stream_position().map(|p| p as f64).unwrap_or(-1.0);
    Ok(vec![Value::num(pos)])
}

/// fseek: move to a position in a file.
///
/// `status = fseek(fid, offset, origin)` moves offset bytes from origin:
/// 'bof' or -1 (the start, the default), 'cof' or 0 (the current
/// position), 'eof' or 1 (the end). It returns 0, or -1 when the position
/// is invalid.
///
/// ```text
/// >> fid = fopen('/etc/passwd'); fseek(fid, 0, 'eof')
/// ans = 0
/// ```
pub fn fseek(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "fseek")?;
    check_nargs(&args, 2, 3, "fseek")?;
    let fid = fid_arg(&args[0], "fseek")?;
    let offset = args[1].scalar_f64("fseek")?;
    if offset.fract() != 0.0 || !offset.is_finite() {
        return Err(Error::new("fseek: OFFSET must be an integer"));
    }
    let origin = match args.get(2) {
        None => -1,
        Some(v @ Value::Char(_)) => match v.to_str("fseek")?.as_str() {
            "bof" => -1,
            "cof" => 0,
            "eof" => 1,
            _ => return Err(Error::new("fseek: invalid value for origin")),
        },
        Some(v) => match v.scalar_f64("fseek")? {
            -1.0 => -1,
            0.0 => 0,
            1.0 => 1,
            _ => return Err(Error::new("fseek: invalid value for origin")),
        },
    };
    let f = open_file(&mut ctx.state.files, fid, "fseek")?;
    let here = f.io.stream_position().unwrap_or(0) as f64;
    let end =
        f.io.get_ref()
            .metadata()
            .map(|m| m.len() as f64)
            .unwrap_or(0.0);
    let target = offset
        + match origin {
            -1 => 0.0,
            0 => here,
            _ => end,
        };
    if target < 0.0 {
        return Ok(vec![Value::num(-1.0)]);
    }
    match f.io.seek(SeekFrom::Start(target as u64)) {
        Ok(_) => Ok(vec![Value::num(0.0)]),
        Err(_) => Ok(vec![Value::num(-1.0)]),
    }
}

/// frewind: move to the start of a file.
///
/// `frewind(fid)` sets the position to the first byte; with an output it
/// returns 0.
///
/// ```text
/// >> fid = fopen('/etc/passwd'); fskipl(fid); frewind(fid); ftell(fid)
/// ans = 0
/// ```
pub fn frewind(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "frewind")?;
    check_nargs(&args, 1, 1, "frewind")?;
    let fid = fid_arg(&args[0], "frewind")?;
    let f = open_file(&mut ctx.state.files, fid, "frewind")?;
    f.io.seek(SeekFrom::Start(0))
        .map_err(|e| Error::new(format!("frewind: {}: {e}", f.name)))?;
    Ok(if ctx.nargout > 0 {
        vec![Value::num(0.0)]
    } else {
        vec![]
    })
}

/// A binary element type of fread/fwrite.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Prec {
    U8,
    I8,
    U16,
    I16,
    U32,
    I32,
    U64,
    I64,
    F32,
    F64,
    Char,
}

impl Prec {
    fn parse(s: &str) -> Option<Prec> {
        Some(match s.trim() {
            "uchar" | "uint8" | "unsigned char" => Prec::U8,
            "schar" | "int8" | "signed char" | "integer*1" => Prec::I8,
            "uint16" | "ushort" | "unsigned short" => Prec::U16,
            "int16" | "short" | "integer*2" => Prec::I16,
            "uint32" | "uint" | "unsigned int" | "ulong" => Prec::U32,
            "int32" | "int" | "long" | "integer*4" => Prec::I32,
            "uint64" => Prec::U64,
            "int64" | "integer*8" => Prec::I64,
            "single" | "float32" | "float" | "real*4" => Prec::F32,
            "double" | "float64" | "real*8" => Prec::F64,
            "char" | "char*1" => Prec::Char,
            _ => return None,
        })
    }

    fn size(self) -> usize {
        match self {
            Prec::U8 | Prec::I8 | Prec::Char => 1,
            Prec::U16 | Prec::I16 => 2,
            Prec::U32 | Prec::I32 | Prec::F32 => 4,
            Prec::U64 | Prec::I64 | Prec::F64 => 8,
        }
    }

    fn class(self) -> Class {
        match self {
            Prec::U8 => Class::UInt8,
            Prec::I8 => Class::Int8,
            Prec::U16 => Class::UInt16,
            Prec::I16 => Class::Int16,
            Prec::U32 => Class::UInt32,
            Prec::I32 => Class::Int32,
            Prec::U64 => Class::UInt64,
            Prec::I64 => Class::Int64,
            Prec::F32 => Class::Single,
            Prec::F64 => Class::Double,
            Prec::Char => Class::Char,
        }
    }

    fn decode(self, b: &[u8]) -> f64 {
        let mut a = [0u8; 8];
        a[..b.len()].copy_from_slice(b);
        match self {
            Prec::U8 | Prec::Char => f64::from(b[0]),
            Prec::I8 => f64::from(b[0] as i8),
            Prec::U16 => f64::from(u16::from_le_bytes([a[0], a[1]])),
            Prec::I16 => f64::from(i16::from_le_bytes([a[0], a[1]])),
            Prec::U32 => f64::from(u32::from_le_bytes([a[0], a[1], a[2], a[3]])),
            Prec::I32 => f64::from(i32::from_le_bytes([a[0], a[1], a[2], a[3]])),
            Prec::U64 => u64::from_le_bytes(a) as f64,
            Prec::I64 => i64::from_le_bytes(a) as f64,
            Prec::F32 => f64::from(f32::from_le_bytes([a[0], a[1], a[2], a[3]])),
            Prec::F64 => f64::from_le_bytes(a),
        }
    }

    /// The value rounded and saturated to the type, little-endian.
    fn encode(self, x: f64, out: &mut Vec<u8>) {
        fn sat(x: f64, lo: f64, hi: f64) -> f64 {
            if x.is_nan() {
                0.0
            } else {
                x.round().clamp(lo, hi)
            }
        }
        match self {
            Prec::U8 | Prec::Char => out.push(sat(x, 0.0, 255.0) as u8),
            Prec::I8 => out.push(sat(x, -128.0, 127.0) as i8 as u8),
            Prec::U16 => out.extend((sat(x, 0.0, 65535.0) as u16).to_le_bytes()),
            Prec::I16 => out.extend((sat(x, -32768.0, 32767.0) as i16).to_le_bytes()),
            Prec::U32 => out.extend((sat(x, 0.0, 4294967295.0) as u32).to_le_bytes()),
            Prec::I32 => out.extend((sat(x, -2147483648.0, 2147483647.0) as i32).to_le_bytes()),
            Prec::U64 => out.extend((sat(x, 0.0, 1.8446744073709552e19) as u64).to_le_bytes()),
            Prec::I64 => out
                .extend((sat(x, -9.223372036854776e18, 9.223372036854776e18) as i64).to_le_bytes()),
            Prec::F32 => out.extend((x as f32).to_le_bytes()),
            Prec::F64 => out.extend(x.to_le_bytes()),
        }
    }
}

/// fread's precision: the type read and the class of the result
/// ('int16' reads int16 into double, 'int16=>int16' and '*int16' keep it).
fn read_precision(s: &str) -> Option<(Prec, Class)> {
    let s = s.trim();
    if let Some(t) = s.strip_prefix('*') {
        let p = Prec::parse(t)?;
        return Some((p, p.class()));
    }
    if let Some((from, to)) = s.split_once("=>") {
        let p = Prec::parse(from)?;
        let c = Prec::parse(to)?.class();
        return Some((p, c));
    }
    Prec::parse(s).map(|p| (p, Class::Double))
}

/// fread: read binary data from a file.
///
/// `A = fread(fid)` reads the rest of the file as bytes into a column of
/// doubles. `A = fread(fid, size, precision)` reads at most size values
/// (Inf, n, or [m n]) of the given precision ('uint8', 'int16', 'double',
/// 'char'...; 'int16=>int16' or '*int16' keeps the class), little-endian.
///
/// `[A, count] = fread(...)` also returns how many values were read.
///
/// ```text
/// >> fid = fopen('/etc/passwd'); class(fread(fid, 2, '*char'))
/// ans = char
/// ```
pub fn fread(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 2, "fread")?;
    check_nargs(&args, 1, 5, "fread")?;
    let fid = fid_arg(&args[0], "fread")?;
    let (limit, shape) = size_arg(args.get(1).filter(|v| !v.is_empty()), "fread")?;
    let (prec, class) = match args.get(2) {
        Some(v) => {
            let s = text(v, "fread", "PRECISION")?;
            read_precision(&s)
                .ok_or_else(|| Error::new(format!("fread: invalid PRECISION specified: {s}")))?
        }
        None => (Prec::U8, Class::Double),
    };
    let f = open_file(&mut ctx.state.files, fid, "fread")?;
    f.check_readable("fread")?;
    let size = prec.size();
    let want_bytes = limit.saturating_mul(size);
    let mut bytes = Vec::new();
    (&mut f.io)
        .take(want_bytes as u64)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::new(format!("fread: cannot read '{}': {e}", f.name)))?;
    let values: Vec<f64> = bytes.chunks_exact(size).map(|c| prec.decode(c)).collect();
    let count = values.len();
    let a = Value::Num(shape_values(values, shape)?);
    let a = if class == Class::Double {
        a
    } else {
        crate::ops::classes::convert(&a, class)?
    };
    Ok(vec![a, Value::num(count as f64)])
}

/// fwrite: write binary data to a file.
///
/// `count = fwrite(fid, A, precision)` writes the elements of A in column
/// order as the given precision ('uint8' by default; 'int16', 'double',
/// 'char'...), rounded and saturated to the type, little-endian, and
/// returns how many it wrote.
///
/// ```text
/// >> fid = fopen(tempname(), 'w'); fwrite(fid, [1 2 3], 'int16')
/// ans = 3
/// ```
pub fn fwrite(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "fwrite")?;
    check_nargs(&args, 2, 5, "fwrite")?;
    let fid = fid_arg(&args[0], "fwrite")?;
    let prec = match args.get(2) {
        Some(v) => {
            let s = text(v, "fwrite", "PRECISION")?;
            let base = s.trim_start_matches('*');
            let base = base.split_once("=>").map_or(base, |(a, _)| a);
            Prec::parse(base)
                .ok_or_else(|| Error::new(format!("fwrite: invalid PRECISION specified: {s}")))?
        }
        None => Prec::U8,
    };
    let data = match &args[1] {
        Value::Cell(_) | Value::Struct(_) | Value::Func(_) => {
            return Err(Error::new("fwrite: DATA must be numeric, logical or char"))
        }
        v => v.to_num_array("fwrite")?,
    };
    let mut bytes = Vec::with_capacity(data.numel() * prec.size());
    for &x in data.data() {
        prec.encode(x, &mut bytes);
    }
    match fid {
        1 => ctx
            .out
            .write_all(&bytes)
            .map_err(|e| Error::new(format!("fwrite: write error: {e}")))?,
        2 => ctx
            .err
            .write_all(&bytes)
            .map_err(|e| Error::new(format!("fwrite: write error: {e}")))?,
        _ => open_file(&mut ctx.state.files, fid, "fwrite")?.write(&bytes, "fwrite")?,
    }
    Ok(vec![Value::num(data.numel() as f64)])
}

/// fscanf: read formatted data from a file.
///
/// `A = fscanf(fid, format)` reads the rest of the file with the
/// scanf-style format as sscanf does; `A = fscanf(fid, format, size)`
/// reads at most size values (Inf, n, or [m n]); `[A, count, errmsg] =
/// fscanf(...)` also returns the number of conversions and a message. The
/// file position moves past what was read.
///
/// ```text
/// >> fid = fopen('/etc/passwd'); class(fscanf(fid, '%s'))
/// ans = char
/// ```
pub fn fscanf(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 3, "fscanf")?;
    check_nargs(&args, 2, 3, "fscanf")?;
    let fid = fid_arg(&args[0], "fscanf")?;
    let fmt = text(&args[1], "fscanf", "format TEMPLATE")?;
    let (limit, shape) = size_arg(args.get(2), "fscanf")?;
    let f = open_file(&mut ctx.state.files, fid, "fscanf")?;
    f.check_readable("fscanf")?;
    let start = f.io.stream_position().unwrap_or(0);
    let mut bytes = Vec::new();
    f.io.read_to_end(&mut bytes)
        .map_err(|e| Error::new(format!("fscanf: cannot read '{}': {e}", f.name)))?;
    let input = String::from_utf8_lossy(&bytes).into_owned();
    let s = scan_text(&input, &fmt, limit, "fscanf")?;
    // Leave the position just past what the format consumed.
    let consumed: usize = input.chars().take(s.pos).map(char::len_utf8).sum();
    f.io.seek(SeekFrom::Start(start + consumed as u64))
        .map_err(|e| Error::new(format!("fscanf: {}: {e}", f.name)))?;
    scan_outputs(s, shape, "fscanf")
}
