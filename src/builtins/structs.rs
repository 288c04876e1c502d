//! Struct builtins: `isstruct`, `fieldnames`, `numfields`, `isfield`, `rmfield`,
//! `setfield`, `getfield`, `orderfields`, `struct2cell`, `cell2struct`.
//! Field lists come and go as cellstr columns, as in MATLAB; `setfield` and
//! `getfield` reach nested fields and `{subscripts}` through the
//! interpreter's own indexing (`eval::index`), so they index exactly as
//! `s.a(2)` does.
//!
//! `struct` itself lives in `containers`.

use super::cells::{cellstr_units, cellstr_value, is_cellstr};
use super::{Builtin, Ctx};
use crate::error::{Error, Result};
use crate::eval::index::{assign_value, index_value, to_sub, Sub};
use crate::value::{Array, Dims, Record, StructArray, Value};

pub const TABLE: &[Builtin] = table![
    "isstruct" => isstruct,
    "fieldnames" => fieldnames,
    "isfield" => isfield,
    "numfields" => numfields,
    "rmfield" => rmfield,
    "setfield" => setfield,
    "getfield" => getfield,
    "orderfields" => orderfields,
    "struct2cell" => struct2cell,
    "cell2struct" => cell2struct,
];

/// Names as an Nx1 cellstr (what `fieldnames` and `who` return).
pub(crate) fn names_column(names: &[String]) -> Value {
    let items: Vec<Value> = names.iter().map(|n| Value::str(n)).collect();
    cellstr_value(Dims::col(items.len()), items)
}

/// Field names given as a char row, a char matrix (one per row) or a
/// cellstr.
fn name_list(who: &str, v: &Value) -> Result<Vec<String>> {
    match v {
        Value::Char(a) if a.rows() <= 1 => Ok(vec![String::from_utf16_lossy(a.data())]),
        Value::Char(_) => Ok(v
            .char_rows_of()
            .unwrap_or_default()
            .into_iter()
            .map(|r| r.trim_end().to_string())
            .collect()),
        Value::Cell(_) => match cellstr_units(v) {
            Some(items) => Ok(items.into_iter().map(String::from_utf16_lossy).collect()),
            None => Err(Error::new(format!(
                "{who}: FIELDS must be a cell array of strings or a character matrix"
            ))),
        },
        _ => Err(Error::new(format!(
            "{who}: FIELDS must be a cell array of strings or a character matrix"
        ))),
    }
}

/// isstruct: true for a structure.
///
/// `tf = isstruct(x)` is true when x is a struct or struct array.
///
/// ```text
/// >> isstruct(struct('a', 1))
/// ans = 1
/// >> isstruct({1})
/// ans = 0
/// ```
fn isstruct(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    match args.as_slice() {
        [v] => Ok(vec![Value::bool(matches!(v, Value::Struct(_)))]),
        _ => Err(Error::nargin("isstruct")),
    }
}

/// fieldnames: the field names of a structure.
///
/// `names = fieldnames(s)` returns the names of the fields of the struct s
/// as a column cell array of strings, in the order the fields were created.
///
/// ```text
/// >> fieldnames(struct('a', 1, 'b', 2))
/// ans =
/// {
///   [1,1] = a
///   [2,1] = b
/// }
/// ```
fn fieldnames(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    match args.as_slice() {
        [Value::Struct(s)] => Ok(vec![names_column(s.names())]),
        [_] => Err(Error::new("fieldnames: Invalid input argument")),
        _ => Err(Error::nargin("fieldnames")),
    }
}

/// numfields: number of fields of a struct.
///
/// `N = numfields(S)` is the number of fields of the struct (array) S, and
/// 0 when S is not a struct.
///
/// ```text
/// >> numfields(struct('a', 1, 'b', 2))
/// ans = 2
/// ```
fn numfields(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    match args.as_slice() {
        [Value::Struct(s)] => Ok(vec![Value::num(s.names().len() as f64)]),
        [_] => Ok(vec![Value::num(0.0)]),
        _ => Err(Error::nargin("numfields")),
    }
}

/// isfield: true if a structure has a field.
///
/// `tf = isfield(s, name)` is true when s is a struct with a field called
/// name; false when s is not a struct.
///
/// `tf = isfield(s, names)` with a cell array of names returns a logical
/// array of the same size, one answer per name.
///
/// ```text
/// >> s = struct('a', 1); isfield(s, 'a')
/// ans = 1
/// >> isfield(struct('a', 1), {'a', 'b'})
/// ans =
///
///   1  0
/// ```
fn isfield(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let [s, f] = args.as_slice() else {
        return Err(Error::nargin("isfield"));
    };
    let has = |v: &Value| match (s, v) {
        (Value::Struct(s), Value::Char(a)) if a.rows() <= 1 => {
            s.has_field(&String::from_utf16_lossy(a.data()))
        }
        _ => false,
    };
    Ok(vec![match f {
        Value::Cell(c) => Value::Bool(c.map(has)),
        other => Value::bool(has(other)),
    }])
}

/// rmfield: remove fields from a struct.
///
/// `T = rmfield(S, FIELD)` is S without the field FIELD;
/// `rmfield(S, NAMES)` removes every field named in the cell array NAMES.
/// Removing a field S does not have is an error.
///
/// ```text
/// >> s = rmfield(struct('a', 1, 'b', 2, 'c', 3), {'a', 'c'})
/// s =
///
///   scalar structure containing the fields:
///
///     b = 2
/// ```
fn rmfield(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let [Value::Struct(s), f] = args.as_slice() else {
        return Err(if args.len() == 2 {
            Error::new("rmfield: first argument must be a struct")
        } else {
            Error::nargin("rmfield")
        });
    };
    let mut s = (**s).clone();
    for name in name_list("rmfield", f)? {
        if !s.remove_field(&name) {
            return Err(Error::new(format!(
                "rmfield: structure does not contain field {name}"
            )));
        }
    }
    Ok(vec![Value::structure(s)])
}

/// One step of a `getfield`/`setfield` path.
enum Step {
    Field(String),
    Index(Vec<Sub>),
}

/// The path arguments: field names, each optionally followed by a cell of
/// subscripts (a leading cell indexes the struct array itself).
fn path(who: &str, args: &[Value]) -> Result<Vec<Step>> {
    let mut steps = Vec::with_capacity(args.len());
    for a in args {
        steps.push(match a {
            Value::Char(_) => Step::Field(a.to_str(who)?),
            Value::Cell(c) => {
                let n = c.numel();
                let mut subs = Vec::with_capacity(n);
                for (k, v) in c.data().iter().enumerate() {
                    subs.push(to_sub(v, k, n)?);
                }
                Step::Index(subs)
            }
            _ => {
                return Err(Error::new(format!(
                    "{who}: invalid input: fields must be strings and subscripts cell arrays"
                )))
            }
        });
    }
    Ok(steps)
}

fn field_of(who: &str, v: &Value, name: &str) -> Result<Value> {
    match v {
        Value::Struct(s) => s.get(name).cloned().ok_or_else(|| {
            Error::new(format!("invalid use of undefined value: no field '{name}'"))
        }),
        other => Err(Error::new(format!(
            "{who}: a {} value has no fields",
            other.class_name()
        ))),
    }
}

/// getfield: the value of a structure field.
///
/// `v = getfield(s, field)` returns `s.(field)`.
///
/// `v = getfield(s, f1, f2, ...)` follows a path of fields, `s.f1.f2...`; a
/// cell array of indices along the path indexes there, as in
/// `getfield(s, {2}, 'a')` for `s(2).a`.
///
/// ```text
/// >> getfield(struct('a', 5), 'a')
/// ans = 5
/// >> s.a.b = 7; getfield(s, 'a', 'b')
/// ans = 7
/// ```
fn getfield(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "getfield";
    if args.len() < 2 {
        return Err(Error::nargin(WHO));
    }
    let mut v = args[0].clone();
    for step in path(WHO, &args[1..])? {
        v = match step {
            Step::Field(n) => field_of(WHO, &v, &n)?,
            Step::Index(subs) => index_value(&v, &subs)?,
        };
    }
    Ok(vec![v])
}

/// setfield: set a field of a struct.
///
/// `T = setfield(S, FIELD, VALUE)` is S with field FIELD set to VALUE (the
/// field is added if S does not have it), as S.(FIELD) = VALUE.
///
/// `T = setfield(S, F1, F2, ..., VALUE)` sets a nested field, as
/// S.(F1).(F2) = VALUE, creating structs along the path as needed.
///
/// ```text
/// >> s = setfield(struct('a', 1), 'b', 2)
/// s =
///
///   scalar structure containing the fields:
///
///     a = 1
///     b = 2
/// ```
fn setfield(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "setfield";
    if args.len() < 3 {
        return Err(Error::nargin(WHO));
    }
    let n = args.len();
    let steps = path(WHO, &args[1..n - 1])?;
    let out = set_path(Some(args[0].clone()), &steps, &args[n - 1])?;
    Ok(vec![out])
}

fn set_path(target: Option<Value>, steps: &[Step], rhs: &Value) -> Result<Value> {
    let Some((step, rest)) = steps.split_first() else {
        return Ok(rhs.clone());
    };
    match step {
        Step::Field(name) => {
            let mut s = match target {
                Some(Value::Struct(s)) if s.is_scalar() => *s,
                Some(Value::Struct(s)) if s.numel() > 1 => {
                    return Err(Error::new(format!(
                        "setfield: s is a {} struct array: index one element, setfield(s, {{k}}, '{name}', v)",
                        s.dims().to_string_x()
                    )))
                }
                None | Some(Value::Struct(_)) => StructArray::default(),
                Some(v) if v.is_empty() => StructArray::default(),
                Some(v) => {
                    return Err(Error::new(format!(
                        "setfield: invalid use of a {} to set field '{name}'",
                        v.class_name()
                    )))
                }
            };
            let inner = s.get(name).cloned();
            let v = set_path(inner, rest, rhs)?;
            s.set(name, v);
            Ok(Value::structure(s))
        }
        Step::Index(subs) => {
            let mut t = target;
            let v = if rest.is_empty() {
                rhs.clone()
            } else {
                let inner = t.as_ref().and_then(|v| index_value(v, subs).ok());
                set_path(inner, rest, rhs)?
            };
            assign_value(&mut t, subs, &v)?;
            t.ok_or_else(|| Error::new("setfield: nothing was assigned"))
        }
    }
}

/// The struct `s` with its fields in the order `perm` (positions in the
/// old order).
fn reorder(s: &StructArray, perm: &[usize]) -> StructArray {
    let names: Vec<String> = perm.iter().map(|&i| s.names()[i].clone()).collect();
    let elems: Array<Record> = s.elems().map(|r| {
        perm.iter()
            .map(|&i| r[i].clone())
            .collect::<Vec<Value>>()
            .into_boxed_slice()
    });
    StructArray::new(names, elems)
}

/// orderfields: reorder the fields of a struct.
///
/// `T = orderfields(S)` has the fields of S in alphabetical order.
///
/// `T = orderfields(S, S2)` orders them as in the struct S2 (which must
/// have the same fields); `orderfields(S, NAMES)` as in the cell array of
/// field names NAMES; `orderfields(S, P)` by the permutation vector P.
///
/// `[T, P] = orderfields(...)` also returns the permutation, as a column:
/// field k of T is field P(k) of S.
///
/// ```text
/// >> [s, p] = orderfields(struct('b', 1, 'a', 2))
/// s =
///
///   scalar structure containing the fields:
///
///     a = 2
///     b = 1
///
/// p =
///
///    2
///    1
/// ```
fn orderfields(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "orderfields";
    let (s, how) = match args.as_slice() {
        [Value::Struct(s)] => (s, None),
        [Value::Struct(s), h] => (s, Some(h)),
        [_] | [_, _] => return Err(Error::new("orderfields: S1 must be a struct")),
        _ => return Err(Error::nargin(WHO)),
    };
    let names = s.names();
    let by_names = |want: Vec<String>, mismatch: &str| -> Result<Vec<usize>> {
        let mut perm = Vec::with_capacity(want.len());
        for w in &want {
            match s.field_index(w) {
                Some(i) if !perm.contains(&i) => perm.push(i),
                _ => return Err(Error::new(format!("orderfields: {mismatch}"))),
            }
        }
        if perm.len() != names.len() {
            return Err(Error::new(format!("orderfields: {mismatch}")));
        }
        Ok(perm)
    };
    let bad_perm = || Error::new("orderfields: invalid permutation vector P");
    let perm: Vec<usize> =
        match how {
            None => {
                let mut p: Vec<usize> = (0..names.len()).collect();
                p.sort_by(|&a, &b| names[a].cmp(&names[b]));
                p
            }
            Some(Value::Struct(t)) => by_names(
                t.names().to_vec(),
                "structures S1 and S2 do not have the same fields",
            )?,
            Some(c @ Value::Cell(_)) if is_cellstr(c) => by_names(
                name_list(WHO, c)?,
                "CELLSTR list does not match structure fields",
            )?,
            Some(v) if v.is_numeric() && (v.dims().is_vector() || v.is_empty()) => {
                let mut p = Vec::new();
                for &x in v.to_num_array(WHO)?.data() {
                    if !(x >= 1.0 && x.fract() == 0.0 && (x as usize) <= names.len()) {
                        return Err(bad_perm());
                    }
                    p.push(x as usize - 1);
                }
                let mut seen = p.clone();
                seen.sort_unstable();
                seen.dedup();
                if seen.len() != names.len() || p.len() != names.len() {
                    return Err(bad_perm());
                }
                p
            }
            Some(v) if v.is_numeric() => return Err(bad_perm()),
            Some(_) => return Err(Error::new(
                "orderfields: second argument must be structure, cellstr, or permutation vector",
            )),
        };
    let mut out = vec![Value::structure(reorder(s, &perm))];
    if ctx.nargout > 1 {
        out.push(Value::col(perm.iter().map(|&i| (i + 1) as f64).collect()));
    }
    Ok(out)
}

/// struct2cell: the field values of a struct, as a cell array.
///
/// `C = struct2cell(S)` is a cell array of the field values of S, one row
/// per field; for a struct array of size M-by-N, C is NFIELDS-by-M-by-N.
///
/// ```text
/// >> struct2cell(struct('a', 1, 'b', 'x'))
/// ans =
/// {
///   [1,1] = 1
///   [2,1] = x
/// }
/// ```
fn struct2cell(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let [Value::Struct(s)] = args.as_slice() else {
        return Err(if args.len() == 1 {
            Error::new("struct2cell: argument STRUCT must be of type structure")
        } else {
            Error::nargin("struct2cell")
        });
    };
    let nf = s.names().len();
    let mut ext = vec![nf];
    ext.extend_from_slice(s.dims().as_slice());
    let data: Vec<Value> = s
        .elems()
        .data()
        .iter()
        .flat_map(|r| r.iter().cloned())
        .collect();
    Ok(vec![Value::cell(Array::new(Dims::new(&ext), data))])
}

/// cell2struct: convert a cell array to a structure array.
///
/// `s = cell2struct(c, fields, dim)` makes the cells of c along dimension dim
/// the fields named by fields (a cell array of names or a char matrix, one
/// name per cell along dim); the remaining dimensions give the size of the
/// struct array. dim defaults to 1.
///
/// ```text
/// >> s = cell2struct({1; 'x'}, {'a'; 'b'}, 1)
/// s =
///
///   scalar structure containing the fields:
///
///     a = 1
///     b = x
/// >> s = cell2struct({1, 2; 3, 4}, {'p', 'q'}, 2); [s.q]
/// ans =
///
///    2   4
/// ```
fn cell2struct(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "cell2struct";
    if args.len() < 2 || args.len() > 3 {
        return Err(Error::nargin(WHO));
    }
    let Value::Cell(c) = &args[0] else {
        return Err(Error::new(
            "cell2struct: argument CELL must be of type cell array",
        ));
    };
    let names = name_list(WHO, &args[1])?;
    let dim = match args.get(2) {
        Some(d) => {
            let x = d.scalar_f64(WHO)?;
            if !(x >= 1.0 && x.fract() == 0.0) {
                return Err(Error::new("cell2struct: DIM must be a valid dimension"));
            }
            x as usize - 1
        }
        None => 0,
    };
    let nd = c.dims().ndims().max(dim + 1);
    let ext: Vec<usize> = (0..nd).map(|i| c.dims().get(i)).collect();
    if ext[dim] != names.len() {
        return Err(Error::new(
            "cell2struct: number of FIELDS does not match dimension",
        ));
    }
    let mut rest: Vec<usize> = ext
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != dim)
        .map(|(_, &e)| e)
        .collect();
    if rest.len() == 1 {
        rest.push(1);
    }
    let out_dims = Dims::new(&rest);
    let mut strides = Vec::with_capacity(nd);
    let mut acc = 1;
    for &e in &ext {
        strides.push(acc);
        acc *= e;
    }
    let other: Vec<usize> = (0..nd).filter(|&i| i != dim).collect();
    let mut records: Vec<Record> = Vec::with_capacity(out_dims.numel());
    for j in 0..out_dims.numel() {
        let mut base = 0;
        let mut k = j;
        for &d in &other {
            let e = ext[d].max(1);
            base += (k % e) * strides[d];
            k /= e;
        }
        let rec: Vec<Value> = (0..names.len())
            .map(|i| c.data()[base + i * strides[dim]].clone())
            .collect();
        records.push(rec.into_boxed_slice());
    }
    Ok(vec![Value::structure(StructArray::new(
        names,
        Array::new(out_dims, records),
    ))])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::strings::tests::call;

    fn s2(a: f64, b: f64) -> Value {
        Value::structure(StructArray::scalar(vec![
            ("b".into(), Value::num(a)),
            ("a".into(), Value::num(b)),
        ]))
    }

    #[test]
    fn fieldnames_is_a_cellstr_column() {
        let f = call(fieldnames, vec![s2(1.0, 2.0)]).unwrap();
        assert_eq!(f.dims().as_slice(), &[2, 1]);
        assert_eq!(cellstr_units(&f).unwrap()[0], &[98u16][..]);
        let e = call(fieldnames, vec![Value::structure(StructArray::default())]).unwrap();
        assert_eq!(e.dims().as_slice(), &[0, 1]);
    }

    #[test]
    fn isfield_rmfield_orderfields() {
        let names = Value::cell(Array::row(vec![Value::str("a"), Value::str("z")]));
        let v = call(isfield, vec![s2(1.0, 2.0), names.clone()]).unwrap();
        assert_eq!(v, Value::Bool(Array::row(vec![true, false])));
        assert!(call(rmfield, vec![s2(1.0, 2.0), names]).is_err());
        let t = call(rmfield, vec![s2(1.0, 2.0), Value::str("b")]).unwrap();
        let Value::Struct(t) = t else { panic!() };
        assert_eq!(t.names(), &["a".to_string()]);
        let o = call(orderfields, vec![s2(1.0, 2.0)]).unwrap();
        let Value::Struct(o) = o else { panic!() };
        assert_eq!(o.names(), &["a".to_string(), "b".to_string()]);
        assert_eq!(o.get("b"), Some(&Value::num(1.0)));
    }

    #[test]
    fn setfield_getfield_paths() {
        let s = call(
            setfield,
            vec![
                s2(1.0, 2.0),
                Value::str("c"),
                Value::str("d"),
                Value::num(7.0),
            ],
        )
        .unwrap();
        let v = call(getfield, vec![s, Value::str("c"), Value::str("d")]).unwrap();
        assert_eq!(v, Value::num(7.0));
        let s = call(
            setfield,
            vec![
                s2(1.0, 2.0),
                Value::str("a"),
                Value::cell(Array::scalar(Value::num(3.0))),
                Value::num(9.0),
            ],
        )
        .unwrap();
        let v = call(getfield, vec![s, Value::str("a")]).unwrap();
        assert_eq!(v, Value::row(vec![2.0, 0.0, 9.0]));
    }

    #[test]
    fn struct_and_cell_round_trip() {
        let c = call(struct2cell, vec![s2(1.0, 2.0)]).unwrap();
        assert_eq!(c.dims().as_slice(), &[2, 1]);
        let names = Value::cell(Array::col(vec![Value::str("x"), Value::str("y")]));
        let s = call(cell2struct, vec![c, names, Value::num(1.0)]).unwrap();
        let Value::Struct(s) = s else { panic!() };
        assert!(s.is_scalar());
        assert_eq!(s.get("y"), Some(&Value::num(2.0)));
        let c = Value::cell(Array::new(
            Dims::mat(2, 2),
            (1..=4).map(|k| Value::num(k as f64)).collect(),
        ));
        let names = Value::cell(Array::row(vec![Value::str("x"), Value::str("y")]));
        let s = call(cell2struct, vec![c, names, Value::num(2.0)]).unwrap();
        let Value::Struct(s) = s else { panic!() };
        assert_eq!(s.dims().as_slice(), &[2, 1]);
        assert_eq!(s.field_of(1, "y"), Some(&Value::num(4.0)));
    }
}
