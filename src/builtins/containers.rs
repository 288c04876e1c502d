//! Cell and struct constructors the language itself leans on: `cell`,
//! `iscell`, `struct` and `deal`.

use super::util::{filled, nargchk, parse_size};
use super::{Builtin, Ctx};
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Record, StructArray, Value};

pub const TABLE: &[Builtin] = &[
    Builtin {
        name: "cell",
        func: cell,
        calls_back: false,
    },
    Builtin {
        name: "iscell",
        func: iscell,
        calls_back: false,
    },
    Builtin {
        name: "struct",
        func: struct_,
        calls_back: false,
    },
    Builtin {
        name: "deal",
        func: deal,
        calls_back: false,
    },
];

/// cell: create a cell array of empty matrices.
///
/// `C = cell(n)` returns an n-by-n cell array whose cells all hold `[]`;
/// `C = cell(m, n, ...)` or `C = cell([m n ...])` one of that size. Fill the
/// cells afterwards with `C{k} = value`.
///
/// ```text
/// >> c = cell(1, 3)
/// c =
/// {
///   [1,1] = [](0x0)
///   [1,2] = [](0x0)
///   [1,3] = [](0x0)
/// }
/// >> size(cell(2))
/// ans =
///
///    2   2
/// ```
fn cell(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    let dims = parse_size("cell", &a)?;
    Ok(vec![Value::cell(filled(dims, Value::empty())?)])
}

/// iscell: true for a cell array.
///
/// `tf = iscell(x)` is true when x is of class cell (made with braces `{}`,
/// `cell`, `num2cell`...).
///
/// ```text
/// >> iscell({1, 'a'})
/// ans = 1
/// >> iscell([1 2])
/// ans = 0
/// ```
fn iscell(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("iscell", a.len(), 1, 1)?;
    Ok(vec![Value::bool(matches!(a[0], Value::Cell(_)))])
}

/// deal: copy inputs to outputs.
///
/// `[a, b, ...] = deal(x)` copies x to every output.
///
/// `[a, b, ...] = deal(x1, x2, ...)` assigns x1 to a, x2 to b, and so on;
/// the numbers of inputs and outputs must match. Useful with cs-lists:
/// `[s.field] = deal(0)`.
///
/// ```text
/// >> [a, b] = deal(1, 2)
/// a = 1
/// b = 2
/// >> [x, y] = deal(7)
/// x = 7
/// y = 7
/// ```
fn deal(ctx: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("deal", a.len(), 1, usize::MAX)?;
    let n = ctx.nargout.max(1);
    if a.len() == 1 {
        return Ok(vec![a[0].clone(); n]);
    }
    if a.len() != n {
        return Err(Error::new("deal: nargin > 1 and nargin != nargout"));
    }
    Ok(a)
}

/// struct: create a struct.
///
/// `S = struct('FIELD1', VALUE1, 'FIELD2', VALUE2, ...)` is a struct with
/// the given fields and values. When some values are cell arrays, S is a
/// struct array of their size, element k taking the k-th cell of each (a
/// 1x1 cell or non-cell value goes to every element); to store a cell
/// array itself in a field, wrap it in another cell: struct('c', {{1, 2}}).
///
/// `S = struct()` is a scalar struct with no fields; `struct([])` a 0x0
/// struct array with no fields.
///
/// ```text
/// >> s = struct('a', 1, 'b', 'x')
/// s =
///
///   scalar structure containing the fields:
///
///     a = 1
///     b = x
/// >> s = struct('a', {1, 2}); size(s)
/// ans =
///
///    1   2
/// >> s = struct('c', {{1, 2}})
/// s =
///
///   scalar structure containing the fields:
///
///     c =
///     {
///       [1,1] = 1
///       [1,2] = 2
///     }
/// ```
fn struct_(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    match a.as_slice() {
        [] => return Ok(vec![Value::structure(StructArray::default())]),
        [Value::Num(e)] if e.dims().as_slice() == [0, 0] => {
            return Ok(vec![Value::structure(StructArray::filled(
                Vec::new(),
                Dims::empty(),
            ))]);
        }
        [s @ Value::Struct(_)] => return Ok(vec![s.clone()]),
        _ => {}
    }
    if a.len() % 2 != 0 {
        return Err(Error::new(
            "struct: additional arguments must occur as \"field\", VALUE pairs",
        ));
    }
    let mut names: Vec<String> = Vec::new();
    let mut values: Vec<&Value> = Vec::new();
    // The size of the array: that of the first cell argument not 1x1.
    let mut dims: Option<(Dims, usize)> = None;
    for (k, pair) in a.chunks(2).enumerate() {
        let name = match &pair[0] {
            v @ Value::Char(c) if c.rows() <= 1 => v.to_str("struct")?,
            _ => {
                return Err(Error::new(
                    "struct: additional arguments must occur as \"field\", VALUE pairs",
                ))
            }
        };
        let v = &pair[1];
        if let Value::Cell(c) = v {
            if !c.is_scalar() {
                match &dims {
                    Some((d, first)) if d != c.dims() => {
                        return Err(Error::new(format!(
                            "struct: dimensions of parameter {} do not match those of parameter {}",
                            first,
                            2 * k + 2
                        )))
                    }
                    Some(_) => {}
                    None => dims = Some((c.dims().clone(), 2 * k + 2)),
                }
            }
        }
        // A repeated name keeps its first place and takes the last value.
        match names.iter().position(|n| *n == name) {
            Some(i) => values[i] = v,
            None => {
                names.push(name);
                values.push(v);
            }
        }
    }
    let dims = dims.map_or_else(Dims::scalar, |(d, _)| d);
    let n = crate::ops::checked_numel(dims.as_slice())?;
    let mut records: Vec<Record> = crate::ops::alloc_vec(n)?;
    for k in 0..n {
        let rec: Record = values
            .iter()
            .map(|v| match v {
                Value::Cell(c) if c.is_scalar() => c.data()[0].clone(),
                Value::Cell(c) => c.data()[k].clone(),
                other => (*other).clone(),
            })
            .collect();
        records.push(rec);
    }
    Ok(vec![Value::structure(StructArray::new(
        names,
        Array::new(dims, records),
    ))])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::math::tests::call;

    #[test]
    fn struct_arrays_take_the_size_of_their_cells() {
        let c = Value::cell(Array::row(vec![Value::num(1.0), Value::num(2.0)]));
        let one = Value::cell(Array::scalar(Value::str("x")));
        let s = call("struct", vec![Value::str("a"), c, Value::str("b"), one], 1).unwrap();
        let Value::Struct(s) = &s[0] else {
            panic!("not a struct")
        };
        assert_eq!(s.dims().as_slice(), &[1, 2]);
        assert_eq!(s.field_of(1, "a"), Some(&Value::num(2.0)));
        assert_eq!(s.field_of(1, "b"), Some(&Value::str("x")));
        let empty = Value::cell(Array::empty_with(Dims::empty()));
        let e = call("struct", vec![Value::str("a"), empty], 1).unwrap();
        assert_eq!(e[0].dims().as_slice(), &[0, 0]);
    }

    #[test]
    fn deal_counts_outputs() {
        assert_eq!(call("deal", vec![Value::num(1.0)], 3).unwrap().len(), 3);
        assert!(call("deal", vec![Value::num(1.0), Value::num(2.0)], 3).is_err());
    }
}
