//! Indexed assignment through a chain of accessors: `x(i) = v`,
//! `c{i} = v`, `s.f = v`, `s(2).a{3}(4).b = v`, with growth at every level,
//! and comma-separated lists on the left (`[c{1:2}] = deal(1, 2)`,
//! `[s.a] = deal(0)`).
//!
//! The target's subscripts are resolved first into `Step`s (they may read
//! the variable: `v(v < 0) = 0`, `c{end+1}`); `apply` then writes through
//! them into the value taken out of the workspace, so copy-on-write sees a
//! single owner at every level and a large array inside a cell or a field
//! is edited in place. An assignment that fails leaves the value as it was.

use super::index::{self, Sub};
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Record, StructArray, Value};

/// One resolved step of an assignment target.
pub(super) enum Step {
    Field(String),
    Paren(Vec<Sub>),
    Brace(Vec<Sub>),
}

/// What is assigned: one value, or a cs-list spread over the elements the
/// target names (`[c{1:2}] = deal(1, 2)`).
pub(super) enum Rhs {
    One(Value),
    Many(Vec<Value>),
}

/// `[]` on the right of `x(i) = []` means deletion (only a 0x0 double).
pub(super) fn is_null_literal(v: &Value) -> bool {
    index::is_bare_empty(v)
}

/// The number of elements `x{subs}` names in a value of `dims`
/// (`:` spans the extent).
pub(super) fn selection_count(dims: &Dims, subs: &[Sub]) -> usize {
    selection_dims(dims, subs).numel()
}

/// The shape of the elements `x(subs)` names in a value of `dims`: a
/// column for one (linear) subscript, as Octave reports it.
fn selection_dims(dims: &Dims, subs: &[Sub]) -> Dims {
    if let [s] = subs {
        return Dims::col(sub_len(s, dims.numel()));
    }
    let ext = index::effective_dims(dims, subs.len());
    let counts: Vec<usize> = subs.iter().zip(&ext).map(|(s, &e)| sub_len(s, e)).collect();
    Dims::new(&counts)
}

fn sub_len(s: &Sub, extent: usize) -> usize {
    match s {
        Sub::All => extent,
        Sub::List { idx, .. } => idx.len(),
        Sub::Mask(m) => m.count(),
    }
}

/// Octave's type name in "... cannot be indexed with {" errors.
fn brace_type_name(v: &Value) -> &'static str {
    match v {
        Value::Struct(_) => "struct",
        Value::Char(_) => "sq_string",
        other => crate::ops::type_name(other),
    }
}

/// `x{...}` on a value that is not a cell.
pub(super) fn not_a_cell(v: &Value) -> Error {
    Error::new(format!("{} cannot be indexed with {{", brace_type_name(v)))
}

/// `x.f` on a value that has no fields (Octave's text).
pub(super) fn no_fields(v: &Value) -> Error {
    let name = match v {
        Value::Cell(_) => "cell",
        Value::Char(_) => "string",
        other => crate::ops::type_name(other),
    };
    Error::new(format!("{name} cannot be indexed with ."))
}

/// One value assigned to a target that names `n` elements.
fn cs_list_target(n: usize) -> Error {
    Error::new(format!(
        "invalid assignment of one value to a cs-list of {n} elements (use [...] = deal(...))"
    ))
}

/// MATLAB's error for a field assignment into a struct array that is
/// not 1x1 (Octave's text for the empty one).
fn not_scalar_struct(s: &StructArray) -> Error {
    if s.numel() == 0 {
        Error::new(
            "invalid dot name structure assignment because the structure array is empty.  Specify a subscript on the structure array to resolve.",
        )
    } else {
        Error::new(format!(
            "invalid use of a {} struct array: a field can be assigned in one element only (use s(k).name = value, or [s.name] = deal(...))",
            s.dims().to_string_x()
        ))
    }
}

/// Assign `rhs` through `steps` into the value in `slot` (`None`:
/// undefined), in place. On error `slot` holds what it held before.
pub(super) fn apply(slot: &mut Option<Value>, steps: &[Step], rhs: Rhs) -> Result<()> {
    let Some((first, rest)) = steps.split_first() else {
        *slot = Some(match rhs {
            Rhs::One(v) => v,
            Rhs::Many(vs) => match <[Value; 1]>::try_from(vs) {
                Ok([v]) => v,
                Err(vs) => return Err(cs_list_target(vs.len())),
            },
        });
        return Ok(());
    };
    match first {
        Step::Field(f) => assign_field(slot, f, rest, rhs),
        Step::Brace(subs) => assign_brace(slot, subs, rest, rhs),
        Step::Paren(subs) => assign_paren(slot, subs, rest, rhs),
    }
}

/// `x.f... = rhs`: `x` is a 1x1 struct (made when undefined or empty);
/// a cs-list sets the field in every element of a struct array.
fn assign_field(slot: &mut Option<Value>, field: &str, rest: &[Step], rhs: Rhs) -> Result<()> {
    match slot {
        Some(Value::Struct(_)) => {}
        Some(v @ (Value::Cell(_) | Value::Func(_))) => return Err(no_fields(v)),
        Some(v) if !v.is_empty() => return Err(no_fields(v)),
        // An undefined name or an empty array becomes a struct.
        _ => {
            let mut fresh = Some(Value::Struct(Box::default()));
            assign_field(&mut fresh, field, rest, rhs)?;
            *slot = fresh;
            return Ok(());
        }
    }
    let Some(Value::Struct(s)) = slot else {
        return Err(Error::new("internal error: struct expected"));
    };
    if let (Rhs::Many(vs), []) = (&rhs, rest) {
        if vs.len() != 1 || s.numel() != 1 {
            return set_field_each(s, field, rhs);
        }
    }
    if s.numel() != 1 {
        return Err(not_scalar_struct(s));
    }
    // Move the field's value out (uniquely owned), keeping its position.
    let found = s.field_index(field);
    let mut inner = match found {
        Some(p) => Some(std::mem::replace(&mut record(s, 0)?[p], Value::empty())),
        None => None,
    };
    let r = apply(&mut inner, rest, rhs);
    match (found, inner) {
        (Some(p), Some(v)) => record(s, 0)?[p] = v,
        (None, Some(v)) if r.is_ok() => s.set(field, v),
        _ => {}
    }
    r
}

/// `[s.f] = deal(...)`: field `f` of each element of `s` takes one value.
fn set_field_each(s: &mut StructArray, field: &str, rhs: Rhs) -> Result<()> {
    let vs = match rhs {
        Rhs::Many(vs) => vs,
        Rhs::One(v) => vec![v],
    };
    if vs.len() != s.numel() {
        return Err(Error::with_id(
            "Octave:undefined-function",
            format!(
                "some elements undefined in the list assigned to the {} struct array",
                s.dims().to_string_x()
            ),
        ));
    }
    let p = s.ensure_field(field);
    let records = s.elems_mut().try_data_mut()?;
    for (r, v) in records.iter_mut().zip(vs) {
        r[p] = v;
    }
    Ok(())
}

/// The record of element `k`, for writing.
fn record(s: &mut StructArray, k: usize) -> Result<&mut [Value]> {
    let recs = s.elems_mut().try_data_mut()?;
    match recs.get_mut(k) {
        Some(r) => Ok(&mut r[..]),
        None => Err(Error::new("internal error: struct element out of range")),
    }
}

/// `c{subs}... = rhs`: `c` is a cell (made when undefined or `[]`).
fn assign_brace(slot: &mut Option<Value>, subs: &[Sub], rest: &[Step], rhs: Rhs) -> Result<()> {
    match slot {
        Some(Value::Cell(_)) => {}
        Some(v) if !index::is_bare_empty(v) => return Err(not_a_cell(v)),
        _ => {
            let mut fresh = Some(Value::cell(Array::empty_with(Dims::empty())));
            assign_brace(&mut fresh, subs, rest, rhs)?;
            *slot = fresh;
            return Ok(());
        }
    }
    let Some(Value::Cell(c)) = slot else {
        return Err(Error::new("internal error: cell expected"));
    };
    let c: &mut Array<Value> = c;
    if rest.is_empty() {
        let elems = match rhs {
            Rhs::One(v) => {
                let n = selection_count(c.dims(), subs);
                if n != 1 {
                    return Err(cs_list_target(n));
                }
                Array::scalar(v)
            }
            Rhs::Many(vs) => {
                let d = selection_dims(c.dims(), subs);
                Array::try_new(d, vs).ok_or_else(|| {
                    Error::new("some elements undefined in the list assigned to the cell")
                })?
            }
        };
        return index::assign_array(c, subs, &elems, Value::empty());
    }
    match index::one_position(c.dims(), subs) {
        Err(_) => Err(Error::new("a cs-list cannot be further indexed")),
        Ok(Some(p)) => {
            let data = c.try_data_mut()?;
            let mut inner = Some(std::mem::replace(&mut data[p], Value::empty()));
            let r = apply(&mut inner, rest, rhs);
            data[p] = inner.unwrap_or_else(Value::empty);
            r
        }
        Ok(None) => {
            let mut inner = None;
            apply(&mut inner, rest, rhs)?;
            let v = inner.unwrap_or_else(Value::empty);
            index::assign_array(c, subs, &Array::scalar(v), Value::empty())
        }
    }
}

/// `x(subs) = rhs` (deletion when `rhs` is `[]`), or `s(subs).f... = rhs`
/// into one element of a struct array (growing it).
fn assign_paren(slot: &mut Option<Value>, subs: &[Sub], rest: &[Step], rhs: Rhs) -> Result<()> {
    if rest.is_empty() {
        let v = match rhs {
            Rhs::One(v) => v,
            Rhs::Many(vs) => match <[Value; 1]>::try_from(vs) {
                Ok([v]) => v,
                Err(vs) => return Err(cs_list_target(vs.len())),
            },
        };
        if is_null_literal(&v) {
            let new = match slot.as_ref() {
                Some(b) => index::delete_value(b, subs)?,
                None => Value::empty(),
            };
            *slot = Some(new);
            return Ok(());
        }
        return index::assign_value(slot, subs, &v);
    }
    if !matches!(rest[0], Step::Field(_)) {
        return Err(Error::new(
            "() must be followed by . or close the index chain",
        ));
    }
    match slot {
        Some(Value::Struct(_)) => {}
        None => {}
        Some(v) if index::is_bare_empty(v) => *slot = None,
        Some(v @ (Value::Cell(_) | Value::Func(_))) => return Err(no_fields(v)),
        Some(v) => {
            let (name, side) = match v {
                Value::Char(_) => ("sq_string", "lhs"),
                v if v.is_scalar() => (crate::ops::type_name(v), "rhs"),
                v => (crate::ops::type_name(v), "lhs"),
            };
            return Err(Error::new(format!(
                "in indexed assignment of {name}, last {side} index must be ()"
            )));
        }
    }
    let mut s = match slot.take() {
        Some(Value::Struct(s)) => *s,
        _ => StructArray::filled(Vec::new(), Dims::empty()),
    };
    let r = assign_element(&mut s, subs, rest, rhs);
    *slot = Some(Value::structure(s));
    r
}

/// `s(subs).f... = rhs` for a struct array `s`: one element (made when
/// past the end) is edited as a 1x1 struct and written back; fields it
/// gains are added to every element. A cs-list with only `.f` after the
/// subscripts sets `f` in each element named (`[s(1:2).a] = deal(1, 2)`).
fn assign_element(s: &mut StructArray, subs: &[Sub], rest: &[Step], rhs: Rhs) -> Result<()> {
    let pos = match index::one_position(s.dims(), subs) {
        Ok(p) => p,
        Err(n) => {
            if let (Rhs::Many(_), [Step::Field(f)]) = (&rhs, rest) {
                return set_field_in(s, subs, f, rhs);
            }
            return Err(cs_list_target(n));
        }
    };
    let names = s.names().to_vec();
    let taken: Record = match pos {
        Some(p) => std::mem::take(&mut s.elems_mut().try_data_mut()?[p]),
        None => vec![Value::empty(); names.len()].into_boxed_slice(),
    };
    let one = StructArray::new(names.clone(), Array::scalar(taken));
    let mut inner = Some(Value::structure(one));
    let r = apply(&mut inner, rest, rhs);
    let Some(Value::Struct(one)) = inner else {
        return Err(Error::new("internal error: struct element expected"));
    };
    let (new_names, recs) = one.into_parts();
    let rec = recs.into_vec().into_iter().next().unwrap_or_default();
    if r.is_err() {
        // Put the element back as it was (an error left it unchanged).
        if let Some(p) = pos {
            s.elems_mut().try_data_mut()?[p] = rec;
        }
        return r;
    }
    for n in &new_names[names.len()..] {
        s.ensure_field(n);
    }
    match pos {
        Some(p) => s.elems_mut().try_data_mut()?[p] = rec,
        None => {
            let blank: Record = vec![Value::empty(); s.names().len()].into_boxed_slice();
            index::assign_array(s.elems_mut(), subs, &Array::scalar(rec), blank)?;
        }
    }
    Ok(())
}

/// `[s(subs).f] = deal(...)`: the named elements (grown when past the end)
/// each take one value of the list in field `f`.
fn set_field_in(s: &mut StructArray, subs: &[Sub], field: &str, rhs: Rhs) -> Result<()> {
    let mut work = s.clone();
    let blank: Record = vec![Value::empty(); work.names().len()].into_boxed_slice();
    grow_to_fit(work.elems_mut(), subs, blank)?;
    let picked = index::index_array(work.elems(), subs)?;
    let mut part = StructArray::new(work.names().to_vec(), picked);
    set_field_each(&mut part, field, rhs)?;
    work.ensure_field(field);
    let (_, recs) = part.into_parts();
    let blank: Record = vec![Value::empty(); work.names().len()].into_boxed_slice();
    index::assign_array(work.elems_mut(), subs, &recs, blank)?;
    *s = work;
    Ok(())
}

/// Grow `a` so that every position `subs` name exists (padding with
/// `fill`): the element at the largest position of each subscript is new
/// whenever any of them is past the end, so assigning it grows just enough.
fn grow_to_fit<T: Clone>(a: &mut Array<T>, subs: &[Sub], fill: T) -> Result<()> {
    let ext = index::effective_dims(a.dims(), subs.len());
    let mut corner = Vec::with_capacity(subs.len());
    let mut outside = false;
    for (s, &e) in subs.iter().zip(&ext) {
        let m = match s {
            Sub::All => e,
            Sub::List { idx, .. } => idx.iter().map(|&i| i + 1).max().unwrap_or(0),
            Sub::Mask(m) => m.end(),
        };
        if m == 0 {
            return Ok(());
        }
        outside |= m > e;
        corner.push(Sub::List {
            idx: vec![m - 1],
            shape: Dims::scalar(),
            logical: false,
        });
    }
    if outside {
        index::assign_array(a, &corner, &Array::scalar(fill.clone()), fill)?;
    }
    Ok(())
}
