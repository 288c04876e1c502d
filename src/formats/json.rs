//! Workspace JSON (`save('f.json')` / `load('f.json')`), the format of
//! /work/shared/conformance/README.md:
//!
//! ```text
//! {"variables": {"A": {"class": "double", "size": [2, 3], "data": [1, 4, 2, 5, 3, 6]}, ...}}
//! ```
//!
//! - `data` is column-major. Numbers are written in shortest round-trip form
//!   (integers without a fraction, `-0.0` kept), so they read back bit for
//!   bit; NaN and ±Inf are the strings `"NaN"`, `"Inf"`, `"-Inf"` (a NaN's
//!   payload is not kept: it reads back as the default NaN).
//! - Complex arrays (double or single): `"complex": true` with `real` and
//!   `imag` lists. `single` numbers are written in the shortest form that
//!   reads back to the same single.
//! - Integer classes: exact JSON integers (int64 and uint64 in full).
//! - Logical: `true`/`false`. Char: one string per row of the 2-D view
//!   (rows x product of the other dimensions), as Octave's `v(r, :)`; a 0x0
//!   char is `"size": [0, 0], "data": []`. Unpaired UTF-16 surrogates cannot
//!   be written in JSON text and become U+FFFD.
//! - Cells: `data` lists the elements, each a full entry, column-major.
//! - Structs (any size): `"fields"` lists the names in order, `data` the
//!   elements, each an object from field name to entry. Files written before
//!   struct arrays existed (`"fields"` an object of a scalar struct's
//!   fields) still read.
//! - Function handles: `"text"` is `func2str`'s text (`sin`, `@(x) a * x`);
//!   an anonymous function's captured values are kept in `"captures"`, an
//!   object from name to entry, so a loaded handle computes the same.
//! - An entry marked `"unsupported": true` (Octave's export of an object)
//!   is skipped with a warning.
//!
//! Files are written atomically (temporary file, fsync, rename), so a crash
//! leaves either the old file or the complete new one. Reading validates every
//! size against its data and never panics on malformed input.

use crate::error::{Error, Result};
use crate::value::{Array, Class, Dims, Func, IntArray, IntElem, StructArray, Value, C32, C64};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

/// Writes `vars` as workspace JSON to `path`, atomically.
// The shared Error type is large; boxing it is a crate-wide decision.
pub fn write_workspace(path: &Path, vars: &[(&str, &Value)]) -> Result<()> {
    let mut out = String::from("{\"variables\": {");
    for (i, (name, v)) in vars.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        push_str_lit(&mut out, name);
        out.push_str(": ");
        encode(&mut out, v);
    }
    out.push_str("}}\n");
    super::write_atomic(path, |w| w.write_all(out.as_bytes()))
        .map_err(|e| super::write_error("save", path, &e))
}

/// Reads a workspace JSON file: its variables in file order.
// The shared Error type is large; boxing it is a crate-wide decision.
pub fn read_workspace(path: &Path) -> Result<Vec<(String, Value)>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::new(format!(
                "load: unable to find file {}",
                path.display()
            )))
        }
        Err(e) => {
            return Err(Error::new(format!(
                "load: unable to read file {}: {e}",
                path.display()
            )))
        }
    };
    parse_workspace(&text).map_err(|m| {
        Error::new(format!(
            "load: {} is not a valid workspace JSON file: {m}",
            path.display()
        ))
    })
}

/// Parses workspace JSON text (errors are plain descriptions).
pub(crate) fn parse_workspace(text: &str) -> std::result::Result<Vec<(String, Value)>, String> {
    let root: J = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let J::Obj(top) = root else {
        return Err("the top level is not an object".into());
    };
    let vars = top
        .iter()
        .find(|(k, _)| k == "variables")
        .map(|(_, v)| v)
        .ok_or("no \"variables\" object")?;
    let J::Obj(vars) = vars else {
        return Err("\"variables\" is not an object".into());
    };
    let mut out: Vec<(String, Value)> = Vec::with_capacity(vars.len());
    for (name, entry) in vars {
        if !is_identifier(name) {
            return Err(format!("invalid variable name {name:?}"));
        }
        if out.iter().any(|(n, _)| n == name) {
            return Err(format!("variable '{name}' appears twice"));
        }
        match decode(entry, 0).map_err(|m| format!("variable '{name}': {m}"))? {
            Some(v) => out.push((name.clone(), v)),
            None => crate::error::warn(&format!(
                "load: skipping variable '{name}' of an unsupported class"
            )),
        }
    }
    Ok(out)
}

/// One value as workspace JSON text (an entry of the `variables` object);
/// the store's tests write format 2 records (which kept new kinds as this
/// text) with it.
#[cfg(test)]
pub(crate) fn value_to_json(v: &Value) -> String {
    let mut out = String::new();
    encode(&mut out, v);
    out
}

/// A value from the text `value_to_json` wrote.
pub(crate) fn value_from_json(text: &str) -> std::result::Result<Value, String> {
    let j: J = serde_json::from_str(text).map_err(|e| e.to_string())?;
    decode(&j, 0)?.ok_or_else(|| "unsupported class".to_string())
}

fn is_identifier(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(f) if f.is_ascii_alphabetic())
        && c.all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
        && s.len() <= 63
}

// ---------------------------------------------------------------- writing

fn push_str_lit(out: &mut String, s: &str) {
    // serde_json escapes quotes, backslashes and control characters; a
    // &str always serializes.
    match serde_json::to_string(s) {
        Ok(q) => out.push_str(&q),
        Err(_) => out.push_str("\"\""),
    }
}

/// Shortest text that reads back to exactly `x`.
fn push_num(out: &mut String, x: f64) {
    if x.is_nan() {
        out.push_str("\"NaN\"");
    } else if x.is_infinite() {
        out.push_str(if x > 0.0 { "\"Inf\"" } else { "\"-Inf\"" });
    } else if x == 0.0 && x.is_sign_negative() {
        out.push_str("-0.0");
    } else if x.fract() == 0.0 && x.abs() < 1e15 {
        // Exact integer: no fraction digits (as Octave writes them).
        let _ = write!(out, "{}", x as i64);
    } else {
        // Debug is Rust's shortest round-trip form, with an exponent for
        // very large or small magnitudes (valid JSON either way).
        let _ = write!(out, "{x:?}");
    }
}

fn push_list<T>(out: &mut String, items: &[T], mut f: impl FnMut(&mut String, &T)) {
    out.push('[');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        f(out, x);
    }
    out.push(']');
}

fn push_head(out: &mut String, class: &str, complex: bool, dims: &Dims) {
    let _ = write!(out, "{{\"class\": \"{class}\", ");
    if complex {
        out.push_str("\"complex\": true, ");
    }
    out.push_str("\"size\": ");
    push_list(out, dims.as_slice(), |o, d| {
        let _ = write!(o, "{d}");
    });
}

/// Shortest text that reads back to exactly the single `x`.
fn push_single(out: &mut String, x: f32) {
    if x.is_finite() && !(x == 0.0 && x.is_sign_negative()) && x.fract() != 0.0 {
        // Debug of an f32 is its shortest round-trip form.
        let _ = write!(out, "{x:?}");
    } else {
        push_num(out, f64::from(x));
    }
}

fn encode(out: &mut String, v: &Value) {
    if let Value::Sparse(s) = v {
        // JSON has no sparse form: the full matrix (or an empty one when
        // it cannot be made full).
        let full = crate::builtins::sparse::full_value(s).unwrap_or_else(|_| Value::empty());
        return encode(out, &full);
    }
    match v {
        Value::Num(a) => {
            push_head(out, "double", false, a.dims());
            out.push_str(", \"data\": ");
            push_list(out, a.data(), |o, &x| push_num(o, x));
        }
        Value::Complex(a) => {
            push_head(out, "double", true, a.dims());
            out.push_str(", \"real\": ");
            push_list(out, a.data(), |o, z| push_num(o, z.re));
            out.push_str(", \"imag\": ");
            push_list(out, a.data(), |o, z| push_num(o, z.im));
        }
        Value::Single(a) => {
            push_head(out, "single", false, a.dims());
            out.push_str(", \"data\": ");
            push_list(out, a.data(), |o, &x| push_single(o, x));
        }
        Value::SingleComplex(a) => {
            push_head(out, "single", true, a.dims());
            out.push_str(", \"real\": ");
            push_list(out, a.data(), |o, z| push_single(o, z.re));
            out.push_str(", \"imag\": ");
            push_list(out, a.data(), |o, z| push_single(o, z.im));
        }
        Value::Int(ia) => {
            push_head(out, ia.class().name(), false, ia.dims());
            out.push_str(", \"data\": ");
            crate::with_int!(ia, a => push_list(out, a.data(), |o, x| {
                let _ = write!(o, "{}", x.to_i128());
            }));
        }
        Value::Bool(a) => {
            push_head(out, "logical", false, a.dims());
            out.push_str(", \"data\": ");
            push_list(out, a.data(), |o, &b| {
                o.push_str(if b { "true" } else { "false" })
            });
        }
        Value::Char(a) => {
            push_head(out, "char", false, a.dims());
            out.push_str(", \"data\": ");
            let rows = v.char_rows_of().unwrap_or_default();
            push_list(out, &rows, |o, r| push_str_lit(o, r));
        }
        Value::Cell(a) => {
            push_head(out, "cell", false, a.dims());
            out.push_str(", \"data\": ");
            push_list(out, a.data(), encode);
        }
        Value::Struct(s) => {
            push_head(out, "struct", false, s.dims());
            out.push_str(", \"fields\": ");
            push_list(out, s.names(), |o, n| push_str_lit(o, n));
            out.push_str(", \"data\": ");
            push_list(out, s.elems().data(), |o, rec| {
                o.push('{');
                for (i, (name, fv)) in s.names().iter().zip(rec.iter()).enumerate() {
                    if i > 0 {
                        o.push_str(", ");
                    }
                    push_str_lit(o, name);
                    o.push_str(": ");
                    encode(o, fv);
                }
                o.push('}');
            });
        }
        // Made full above.
        Value::Sparse(_) => out.push_str("null"),
        Value::Func(f) => {
            push_head(out, "function_handle", false, &Dims::scalar());
            out.push_str(", \"text\": ");
            push_str_lit(out, &f.text());
            if let Func::Anon { captures, .. } = &**f {
                if !captures.is_empty() {
                    out.push_str(", \"captures\": {");
                    for (i, (name, cv)) in captures.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        push_str_lit(out, name);
                        out.push_str(": ");
                        encode(out, cv);
                    }
                    out.push('}');
                }
            }
        }
    }
    out.push('}');
}

// ---------------------------------------------------------------- reading

/// A JSON tree that keeps object keys in file order.
#[derive(Debug, Clone, PartialEq)]
enum J {
    Null,
    Bool(bool),
    Num(f64),
    /// An integer as written (exact, for int64 and uint64 data).
    Int(i128),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl<'de> Deserialize<'de> for J {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<J, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = J;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E>(self) -> std::result::Result<J, E> {
                Ok(J::Null)
            }
            fn visit_bool<E>(self, b: bool) -> std::result::Result<J, E> {
                Ok(J::Bool(b))
            }
            fn visit_i64<E>(self, x: i64) -> std::result::Result<J, E> {
                Ok(J::Int(i128::from(x)))
            }
            fn visit_u64<E>(self, x: u64) -> std::result::Result<J, E> {
                Ok(J::Int(i128::from(x)))
            }
            fn visit_f64<E>(self, x: f64) -> std::result::Result<J, E> {
                Ok(J::Num(x))
            }
            fn visit_str<E>(self, s: &str) -> std::result::Result<J, E> {
                Ok(J::Str(s.to_string()))
            }
            fn visit_string<E>(self, s: String) -> std::result::Result<J, E> {
                Ok(J::Str(s))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> std::result::Result<J, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = a.next_element()? {
                    v.push(x);
                }
                Ok(J::Arr(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> std::result::Result<J, A::Error> {
                let mut v = Vec::new();
                while let Some((k, x)) = a.next_entry::<String, J>()? {
                    v.push((k, x));
                }
                Ok(J::Obj(v))
            }
        }
        d.deserialize_any(V)
    }
}

fn field<'a>(obj: &'a [(String, J)], key: &str) -> Option<&'a J> {
    obj.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn list<'a>(obj: &'a [(String, J)], key: &str) -> std::result::Result<&'a [J], String> {
    match field(obj, key) {
        Some(J::Arr(v)) => Ok(v),
        Some(_) => Err(format!("\"{key}\" is not a list")),
        None => Err(format!("no \"{key}\" list")),
    }
}

fn size_of(obj: &[(String, J)]) -> std::result::Result<(Dims, usize), String> {
    let items = list(obj, "size")?;
    if items.len() < 2 {
        return Err("\"size\" needs at least two dimensions".into());
    }
    let mut ext = Vec::with_capacity(items.len());
    let mut n: usize = 1;
    for it in items {
        let d = match it {
            J::Int(x) if *x >= 0 && *x < 9_000_000_000_000_000 => *x as usize,
            J::Num(x) if *x >= 0.0 && x.fract() == 0.0 && *x < 9.0e15 => *x as usize,
            other => return Err(format!("bad dimension {other:?} in \"size\"")),
        };
        n = n.checked_mul(d).ok_or("\"size\" is too large")?;
        ext.push(d);
    }
    Ok((Dims::new(&ext), n))
}

fn number(j: &J) -> std::result::Result<f64, String> {
    match j {
        J::Num(x) => Ok(*x),
        J::Int(x) => Ok(*x as f64),
        J::Str(s) if s == "NaN" => Ok(f64::NAN),
        J::Str(s) if s == "Inf" => Ok(f64::INFINITY),
        J::Str(s) if s == "-Inf" => Ok(f64::NEG_INFINITY),
        other => Err(format!("{other:?} is not a number")),
    }
}

fn numbers(obj: &[(String, J)], key: &str, n: usize) -> std::result::Result<Vec<f64>, String> {
    let items = list(obj, key)?;
    if items.len() != n {
        return Err(format!(
            "\"{key}\" has {} values, size needs {n}",
            items.len()
        ));
    }
    items.iter().map(number).collect()
}

fn array<T: Clone>(dims: Dims, data: Vec<T>) -> Array<T> {
    if dims.is_empty() {
        Array::empty_with(dims)
    } else {
        // Lengths were checked against dims.numel() by the callers.
        Array::new(dims, data)
    }
}

/// The integers of `key`: exact JSON integers (a float only when it is an
/// integer below 2^53), each within the class's range.
fn integers<T: IntElem>(
    obj: &[(String, J)],
    key: &str,
    n: usize,
) -> std::result::Result<Vec<T>, String> {
    let items = list(obj, key)?;
    if items.len() != n {
        return Err(format!(
            "\"{key}\" has {} values, size needs {n}",
            items.len()
        ));
    }
    items
        .iter()
        .map(|j| {
            let x = match j {
                J::Int(x) => *x,
                J::Num(x) if x.fract() == 0.0 && x.abs() < 9.007_199_254_740_992e15 => *x as i128,
                other => return Err(format!("{other:?} is not an integer")),
            };
            let t = T::from_i128(x);
            if t.to_i128() != x {
                return Err(format!("{x} is out of range for {}", T::CLASS.name()));
            }
            Ok(t)
        })
        .collect()
}

/// The entries of an object (`"captures"`, a struct element), in order.
fn entries(
    obj: &[(String, J)],
    depth: usize,
    what: &str,
) -> std::result::Result<Vec<(String, Value)>, String> {
    let mut out: Vec<(String, Value)> = Vec::with_capacity(obj.len());
    for (name, fj) in obj {
        if out.iter().any(|(n, _)| n == name) {
            return Err(format!("{what} '{name}' appears twice"));
        }
        let v = decode(fj, depth + 1)
            .map_err(|m| format!("{what} '{name}': {m}"))?
            .ok_or_else(|| format!("{what} '{name}' has an unsupported class"))?;
        out.push((name.clone(), v));
    }
    Ok(out)
}

/// Decodes one entry; `None` for an unsupported class.
fn decode(j: &J, depth: usize) -> std::result::Result<Option<Value>, String> {
    if depth > 64 {
        return Err("values nested too deeply".into());
    }
    let J::Obj(obj) = j else {
        return Err("entry is not an object".into());
    };
    let class = match field(obj, "class") {
        Some(J::Str(c)) => c.as_str(),
        _ => return Err("no \"class\"".into()),
    };
    if matches!(field(obj, "unsupported"), Some(J::Bool(true))) {
        return Ok(None);
    }
    let complex = matches!(field(obj, "complex"), Some(J::Bool(true)));
    match class {
        "struct" => decode_struct(obj, depth).map(Some),
        "cell" => {
            let (dims, n) = size_of(obj)?;
            let items = list(obj, "data")?;
            if items.len() != n {
                return Err(format!(
                    "\"data\" has {} values, size needs {n}",
                    items.len()
                ));
            }
            let mut data = Vec::with_capacity(n);
            for (k, it) in items.iter().enumerate() {
                let v = decode(it, depth + 1)
                    .map_err(|m| format!("element {}: {m}", k + 1))?
                    .ok_or_else(|| format!("element {} has an unsupported class", k + 1))?;
                data.push(v);
            }
            Ok(Some(Value::cell(array(dims, data))))
        }
        "function_handle" => {
            let Some(J::Str(text)) = field(obj, "text") else {
                return Err("function handle without its \"text\"".into());
            };
            let text = text.trim();
            if text.starts_with("@(") {
                let captures = match field(obj, "captures") {
                    Some(J::Obj(c)) => entries(c, depth, "captured variable")?,
                    Some(_) => return Err("\"captures\" is not an object".into()),
                    None => Vec::new(),
                };
                Ok(Some(Value::func(Func::Anon {
                    text: text.to_string(),
                    captures,
                })))
            } else {
                let name = text.trim_start_matches('@');
                if !is_identifier(name) {
                    return Err(format!("{name:?} is not a function name"));
                }
                Ok(Some(Value::func(Func::Named(name.to_string()))))
            }
        }
        "logical" => {
            let (dims, n) = size_of(obj)?;
            let items = list(obj, "data")?;
            if items.len() != n {
                return Err(format!(
                    "\"data\" has {} values, size needs {n}",
                    items.len()
                ));
            }
            let data = items
                .iter()
                .map(|x| match x {
                    J::Bool(b) => Ok(*b),
                    J::Int(v) if *v == 0 || *v == 1 => Ok(*v == 1),
                    J::Num(v) if *v == 0.0 || *v == 1.0 => Ok(*v == 1.0),
                    other => Err(format!("{other:?} is not a logical value")),
                })
                .collect::<std::result::Result<Vec<bool>, String>>()?;
            Ok(Some(Value::Bool(array(dims, data))))
        }
        "char" => {
            let (dims, n) = size_of(obj)?;
            let rows = dims.rows();
            let cols = n.checked_div(rows).unwrap_or(0);
            let items = list(obj, "data")?;
            if items.len() != rows {
                return Err(format!(
                    "\"data\" has {} rows, size needs {rows}",
                    items.len()
                ));
            }
            let mut data = vec![0u16; n];
            for (i, r) in items.iter().enumerate() {
                let J::Str(s) = r else {
                    return Err(format!("row {} is not a string", i + 1));
                };
                let units: Vec<u16> = s.encode_utf16().collect();
                if units.len() != cols {
                    return Err(format!(
                        "row {} has {} characters, size needs {cols}",
                        i + 1,
                        units.len()
                    ));
                }
                for (j, u) in units.into_iter().enumerate() {
                    // i < rows and j < cols, so the index is below n.
                    if let Some(slot) = data.get_mut(i + j * rows) {
                        *slot = u;
                    }
                }
            }
            Ok(Some(Value::Char(array(dims, data))))
        }
        "double" | "single" => {
            let (dims, n) = size_of(obj)?;
            let single = class == "single";
            if complex {
                let re = numbers(obj, "real", n)?;
                let im = numbers(obj, "imag", n)?;
                if single {
                    let data = re
                        .into_iter()
                        .zip(im)
                        .map(|(r, i)| C32::new(r as f32, i as f32));
                    Ok(Some(Value::SingleComplex(array(dims, data.collect()))))
                } else {
                    let data = re.into_iter().zip(im).map(|(r, i)| C64::new(r, i));
                    Ok(Some(Value::Complex(array(dims, data.collect()))))
                }
            } else if single {
                let data = numbers(obj, "data", n)?.into_iter().map(|x| x as f32);
                Ok(Some(Value::Single(array(dims, data.collect()))))
            } else {
                Ok(Some(Value::Num(array(dims, numbers(obj, "data", n)?))))
            }
        }
        other => match Class::from_name(other) {
            Some(c) if c.is_integer() => {
                let (dims, n) = size_of(obj)?;
                let v: Option<std::result::Result<IntArray, String>> = crate::with_int_class!(
                    c,
                    T => integers::<T>(obj, "data", n).map(|d| T::wrap(array(dims.clone(), d)))
                );
                match v {
                    Some(r) => Ok(Some(Value::Int(r?))),
                    None => Ok(None),
                }
            }
            _ => Ok(None),
        },
    }
}

/// A struct entry: `"fields"` a list of names and `"data"` the elements,
/// or (as flatlab wrote scalar structs before struct arrays) `"fields"` an
/// object of the fields.
fn decode_struct(obj: &[(String, J)], depth: usize) -> std::result::Result<Value, String> {
    match field(obj, "fields") {
        Some(J::Obj(fields)) => Ok(Value::structure(StructArray::scalar(entries(
            fields, depth, "field",
        )?))),
        Some(J::Arr(names)) => {
            let names = names
                .iter()
                .map(|n| match n {
                    J::Str(s) => Ok(s.clone()),
                    other => Err(format!("field name {other:?} is not a string")),
                })
                .collect::<std::result::Result<Vec<String>, String>>()?;
            for (i, n) in names.iter().enumerate() {
                if names[..i].contains(n) {
                    return Err(format!("field '{n}' appears twice"));
                }
            }
            let (dims, n) = size_of(obj)?;
            let items = list(obj, "data")?;
            if items.len() != n {
                return Err(format!(
                    "\"data\" has {} elements, size needs {n}",
                    items.len()
                ));
            }
            let mut recs = Vec::with_capacity(n);
            for (k, it) in items.iter().enumerate() {
                let J::Obj(fields) = it else {
                    return Err(format!("element {} is not an object", k + 1));
                };
                let got = entries(fields, depth, "field")?;
                let mut rec = Vec::with_capacity(names.len());
                for name in &names {
                    let v = got
                        .iter()
                        .find(|(g, _)| g == name)
                        .map(|(_, v)| v.clone())
                        .ok_or_else(|| format!("element {} has no field '{name}'", k + 1))?;
                    rec.push(v);
                }
                if got.len() != names.len() {
                    return Err(format!("element {} has fields not in \"fields\"", k + 1));
                }
                recs.push(rec.into_boxed_slice());
            }
            Ok(Value::structure(StructArray::new(names, array(dims, recs))))
        }
        _ => Err("struct without its \"fields\"".into()),
    }
}

#[cfg(test)]
#[path = "json_tests.rs"]
mod tests;
