//! Concatenation: matrix literals `[a b; c d]` (via `concat`), `cat`,
//! `horzcat`, `vertcat`, with Octave's dimension rules (`[]` and, in
//! brackets, 1x0/0x1 parts are skipped when they do not fit) and class
//! rules (any char gives char, then the first integer part's class, then
//! single, all logical gives logical, any complex gives complex, otherwise
//! double; integer and single parts convert as their constructors do).

use super::super::util::checked_numel;
use super::super::Ctx;
use crate::error::{Error, Result};
use crate::ops::classes::{convert, int_elems};
use crate::value::{Array, Class, Dims, IntElem, Value, C32, C64};

/// How dimension mismatches are treated and reported.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Matrix literal: hvcat rule, "vertical dimensions mismatch (AxB vs CxD)".
    Bracket,
    /// `horzcat`/`vertcat`: hvcat rule, "cat: dimension mismatch".
    HvFn,
    /// `cat`: plain rule (only 0x0 skipped), "cat: dimension mismatch".
    Cat,
}

/// Octave's `dim_vector::concat`: grows `acc` by `b` along `dim`; false on
/// mismatch (0x0 operands always fit).
fn dims_concat(acc: &mut Vec<usize>, b: &[usize], dim: usize) -> bool {
    let orig_nd = acc.len();
    let ndb = b.len();
    let new_nd = if dim < ndb { ndb } else { dim + 1 };
    if new_nd > acc.len() {
        acc.resize(new_nd, 1);
    }
    let nd = acc.len();
    let get_b = |i: usize| b.get(i).copied().unwrap_or(1);
    let matched = (0..nd).all(|i| i == dim || acc[i] == get_b(i));
    let ok = if matched {
        acc[dim] += get_b(dim);
        true
    } else if ndb == 2 && b[0] == 0 && b[1] == 0 {
        true
    } else if orig_nd == 2 && acc[0] == 0 && acc[1] == 0 {
        *acc = b.to_vec();
        true
    } else {
        false
    };
    while acc.len() > 2 && acc[acc.len() - 1] == 1 {
        acc.pop();
    }
    if !ok {
        acc.truncate(orig_nd.max(2));
    }
    ok
}

/// Octave's `dim_vector::hvcat`: `concat`, or skip 2-D 1x0/0x1 operands.
fn dims_hvcat(acc: &mut Vec<usize>, b: &[usize], dim: usize) -> bool {
    let saved = acc.clone();
    if dims_concat(acc, b, dim) {
        return true;
    }
    *acc = saved;
    if acc.len() == 2 && b.len() == 2 {
        let e_acc = acc[0] + acc[1] == 1;
        let e_b = b[0] + b[1] == 1;
        if e_b {
            if e_acc {
                *acc = vec![0, 0];
            }
            return true;
        } else if e_acc {
            *acc = b.to_vec();
            return true;
        }
    }
    false
}

/// Target class of a concatenation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Num,
    Complex,
    Bool,
    Char,
    /// The first integer part's class (`[int8(1) int16(300)]` is int8).
    Int(Class),
    Single,
}

fn target_of(parts: &[Value]) -> Target {
    let first_int = parts.iter().find_map(|p| match p {
        Value::Int(x) => Some(x.class()),
        _ => None,
    });
    if parts.iter().any(|p| p.is_char()) {
        Target::Char
    } else if let Some(c) = first_int {
        Target::Int(c)
    } else if parts
        .iter()
        .any(|p| matches!(p, Value::Single(_) | Value::SingleComplex(_)))
    {
        Target::Single
    } else if parts.iter().any(|p| p.is_complex()) {
        Target::Complex
    } else if !parts.is_empty() && parts.iter().all(|p| matches!(p, Value::Bool(_))) {
        Target::Bool
    } else {
        Target::Num
    }
}

/// Concatenates values along `dim` (0-based: 0 vertical, 1 horizontal) as a
/// matrix literal does. Linear in the total size; scalars take a fast path.
pub fn concat(dim: usize, parts: Vec<Value>) -> Result<Value> {
    concat_mode(dim, parts, Mode::Bracket)
}

fn concat_mode(dim: usize, parts: Vec<Value>, mode: Mode) -> Result<Value> {
    if parts.is_empty() {
        return Ok(Value::empty());
    }
    if parts.len() == 1 {
        return parts.into_iter().next().ok_or_else(|| Error::new("concat"));
    }
    if parts.iter().any(|p| matches!(p, Value::Sparse(_))) {
        return crate::builtins::sparse::funcs::concat(dim, parts);
    }
    // Fast path: real double scalars.
    if parts
        .iter()
        .all(|p| matches!(p, Value::Num(a) if a.is_scalar()))
    {
        let v: Vec<f64> = parts
            .iter()
            .filter_map(|p| match p {
                Value::Num(a) => a.data().first().copied(),
                _ => None,
            })
            .collect();
        let n = v.len();
        let dims = match dim {
            0 => Dims::col(n),
            1 => Dims::row(n),
            d => Dims::scalar().with(d, n),
        };
        return Ok(Value::Num(Array::new(dims, v)));
    }
    if parts
        .iter()
        .any(|p| matches!(p, Value::Cell(_) | Value::Struct(_)))
    {
        return concat_containers(dim, parts, mode);
    }
    let out = result_dims(&parts, dim, mode)?;
    let target = target_of(&parts);
    if target == Target::Char && parts.iter().any(|p| !p.is_char() && !p.is_empty()) {
        crate::error::warn_id(
            "Octave:num-to-str",
            "implicit conversion from numeric to char",
        );
    }
    Ok(match target {
        Target::Num => {
            let arrs = parts
                .iter()
                .map(|p| p.to_num_array("concatenation"))
                .collect::<Result<Vec<_>>>()?;
            Value::Num(assemble(&out, dim, &arrs)?)
        }
        Target::Complex => {
            let arrs = parts
                .iter()
                .map(|p| p.to_complex_array("concatenation"))
                .collect::<Result<Vec<Array<C64>>>>()?;
            Value::Complex(assemble(&out, dim, &arrs)?)
        }
        Target::Bool => {
            let arrs = parts
                .iter()
                .map(|p| p.to_bool_array("concatenation"))
                .collect::<Result<Vec<_>>>()?;
            Value::Bool(assemble(&out, dim, &arrs)?)
        }
        Target::Int(class) => {
            let made = crate::with_int_class!(class, T => {
                let arrs = parts
                    .iter()
                    .map(|p| match p {
                        Value::Complex(_) | Value::SingleComplex(_) => Err(Error::new(format!(
                            "concatenation operator not implemented for '{class} matrix' by 'complex matrix' operations"
                        ))),
                        other => int_elems::<T>(other),
                    })
                    .collect::<Result<Vec<_>>>()?;
                assemble(&out, dim, &arrs).map(T::wrap)
            });
            match made {
                Some(r) => Value::Int(r?),
                None => return Err(Error::new("concatenation: not an integer class")),
            }
        }
        Target::Single if parts.iter().any(|p| p.is_complex()) => {
            let arrs = parts
                .iter()
                .map(|p| {
                    let z = p.to_complex_array("concatenation")?;
                    Ok(z.try_map(|z| C32::new(z.re as f32, z.im as f32))?)
                })
                .collect::<Result<Vec<_>>>()?;
            Value::SingleComplex(assemble(&out, dim, &arrs)?)
        }
        Target::Single => {
            let arrs = parts
                .iter()
                .map(|p| match convert(p, Class::Single)? {
                    Value::Single(a) => Ok(a),
                    _ => Err(Error::new("concatenation: not a single array")),
                })
                .collect::<Result<Vec<_>>>()?;
            Value::Single(assemble(&out, dim, &arrs)?)
        }
        Target::Char => {
            let arrs = parts
                .iter()
                .map(|p| match p {
                    Value::Char(a) => Ok(a.clone()),
                    Value::Complex(a) => Ok(a.map(|z| crate::value::char_unit(z.re))),
                    other => Ok(other
                        .to_num_array("concatenation")?
                        .map(|&x| crate::value::char_unit(x))),
                })
                .collect::<Result<Vec<_>>>()?;
            Value::Char(assemble(&out, dim, &arrs)?)
        }
    })
}

/// The size of the concatenation of `parts` along `dim`.
fn result_dims(parts: &[Value], dim: usize, mode: Mode) -> Result<Dims> {
    let Some(first) = parts.first() else {
        return Ok(Dims::empty());
    };
    let mut acc: Vec<usize> = first.dims().as_slice().to_vec();
    for p in &parts[1..] {
        let d = p.dims();
        let ok = match mode {
            Mode::Cat => dims_concat(&mut acc, d.as_slice(), dim),
            _ => dims_hvcat(&mut acc, d.as_slice(), dim),
        };
        if !ok {
            return Err(match mode {
                Mode::Bracket => Error::new(format!(
                    "{} dimensions mismatch ({} vs {})",
                    if dim == 0 { "vertical" } else { "horizontal" },
                    Dims::new(&acc).to_string_x(),
                    d.to_string_x()
                )),
                _ => Error::new("cat: dimension mismatch"),
            });
        }
    }
    let out = Dims::new(&acc);
    checked_numel(out.as_slice())?;
    Ok(out)
}

/// Concatenation with a cell or a struct among the parts: with a cell,
/// every other part becomes a 1x1 cell (`[c, {3}]`, `[{1}, 2]`) except
/// `[]`, and the cells join; otherwise structs join into a struct array
/// when they have the same fields (in the first one's order).
fn concat_containers(dim: usize, parts: Vec<Value>, mode: Mode) -> Result<Value> {
    let bare_empty = |p: &Value| matches!(p, Value::Num(a) if a.dims().as_slice() == [0, 0]);
    if parts.iter().any(|p| matches!(p, Value::Cell(_))) {
        let cells: Vec<Value> = parts
            .into_iter()
            .filter(|p| !bare_empty(p))
            .map(|p| match p {
                c @ Value::Cell(_) => c,
                other => Value::cell(Array::scalar(other)),
            })
            .collect();
        let out = result_dims(&cells, dim, mode)?;
        let arrs: Vec<Array<Value>> = cells
            .into_iter()
            .filter_map(|c| match c {
                Value::Cell(a) => Some(*a),
                _ => None,
            })
            .collect();
        return Ok(Value::cell(assemble(&out, dim, &arrs)?));
    }
    let mut structs: Vec<Value> = Vec::with_capacity(parts.len());
    for p in parts {
        match p {
            Value::Struct(_) => structs.push(p),
            p if bare_empty(&p) => {}
            other => {
                return Err(Error::new(format!(
                    "concatenation operator not implemented for 'struct' by '{}' operations",
                    crate::ops::type_name(&other)
                )))
            }
        }
    }
    let out = result_dims(&structs, dim, mode)?;
    let mut names: Option<Vec<String>> = None;
    let mut arrs = Vec::with_capacity(structs.len());
    for p in structs {
        let Value::Struct(s) = p else { continue };
        let want = names.get_or_insert_with(|| s.names().to_vec());
        let same = want.len() == s.names().len() && want.iter().all(|n| s.has_field(n));
        if !same {
            return Err(Error::new(
                "concatenation operator not implemented for 'struct' by 'struct' operations (their field names differ)",
            ));
        }
        let order: Vec<usize> = want.iter().filter_map(|n| s.field_index(n)).collect();
        let recs = if order.iter().enumerate().all(|(i, &j)| i == j) {
            s.elems().clone()
        } else {
            s.elems()
                .try_map(|r| order.iter().map(|&j| r[j].clone()).collect())?
        };
        arrs.push(recs);
    }
    Ok(Value::structure(crate::value::StructArray::new(
        names.unwrap_or_default(),
        assemble(&out, dim, &arrs)?,
    )))
}

/// Copies the parts' data into the result: for each slab beyond `dim`, each
/// nonempty part contributes one contiguous chunk.
fn assemble<T: Clone>(out: &Dims, dim: usize, parts: &[Array<T>]) -> Result<Array<T>> {
    let total = out.numel();
    if total == 0 {
        return Ok(Array::empty_with(out.clone()));
    }
    let outer: usize = out.as_slice().iter().skip(dim + 1).product();
    let mut v = crate::ops::alloc_vec(total)?;
    let chunks: Vec<usize> = parts
        .iter()
        .map(|p| (0..=dim).map(|k| p.dims().get(k)).product())
        .collect();
    for o in 0..outer {
        for (p, &chunk) in parts.iter().zip(&chunks) {
            if p.is_empty() {
                continue;
            }
            match p.data().get(o * chunk..(o + 1) * chunk) {
                Some(s) => v.extend_from_slice(s),
                None => return Err(Error::new("cat: dimension mismatch")),
            }
        }
    }
    Array::try_new(out.clone(), v).ok_or_else(|| Error::new("cat: dimension mismatch"))
}

/// cat: concatenate arrays along a dimension.
///
/// `C = cat(dim, A, B, ...)` joins the arrays along dimension dim:
/// `cat(1, ...)` is `[A; B]`, `cat(2, ...)` is `[A, B]`, and `cat(3, ...)` stacks
/// matrices into pages. All other dimensions must agree; empty arrays are
/// skipped. Works for numeric, logical, char, cell and struct arrays.
///
/// ```text
/// >> cat(1, [1 2], [3 4])
/// ans =
///
///    1   2
///    3   4
/// >> size(cat(3, [1 2], [3 4]))
/// ans =
///
///    1   2   2
/// ```
pub fn cat(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    if a.is_empty() {
        return Err(Error::with_id(
            "Octave:invalid-fun-call",
            "Invalid call to cat",
        ));
    }
    let mut it = a.into_iter();
    let d = it.next().ok_or_else(|| Error::nargin("cat"))?;
    let x = d.scalar_f64("cat")?;
    if x.is_nan() || x < 1.0 || x.fract() != 0.0 || x > 64.0 {
        return Err(Error::new("cat: DIM must be a valid dimension"));
    }
    Ok(vec![concat_mode(x as usize - 1, it.collect(), Mode::Cat)?])
}

/// horzcat: concatenate arrays horizontally.
///
/// `C = horzcat(A, B, ...)` is `[A, B, ...]`: the arrays are placed side by
/// side and must have the same number of rows. With no arguments the result
/// is `[]`.
///
/// ```text
/// >> horzcat([1 2], 3, [4 5])
/// ans =
///
///    1   2   3   4   5
/// >> horzcat('abc', 'de')
/// ans = abcde
/// ```
pub fn horzcat(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    Ok(vec![concat_mode(1, a, Mode::HvFn)?])
}

/// vertcat: concatenate vertically.
///
/// `C = vertcat(A, B, ...)` is [A; B; ...]: the arrays stacked on top of
/// each other; they must have the same number of columns.
///
/// ```text
/// >> vertcat([1 2], [3 4])
/// ans =
///
///    1   2
///    3   4
/// >> vertcat('ab', 'cd')
/// ans =
///
/// ab
/// cd
/// ```
pub fn vertcat(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    Ok(vec![concat_mode(0, a, Mode::HvFn)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zeros(r: usize, c: usize) -> Value {
        Value::Num(Array::filled(Dims::mat(r, c), 0.0))
    }

    #[test]
    fn skips_empties_like_octave() {
        let a = concat(1, vec![Value::empty(), Value::num(1.0), Value::num(2.0)]).unwrap();
        assert_eq!(a, Value::row(vec![1.0, 2.0]));
        let c = concat(0, vec![Value::empty(), Value::row(vec![1.0, 2.0])]).unwrap();
        assert_eq!(c, Value::row(vec![1.0, 2.0]));
        let d = concat(0, vec![zeros(0, 2), Value::row(vec![3.0, 4.0])]).unwrap();
        assert_eq!(d, Value::row(vec![3.0, 4.0]));
        let e = concat(1, vec![zeros(1, 0), Value::num(5.0)]).unwrap();
        assert_eq!(e, Value::num(5.0));
        let f = concat(1, vec![Value::empty(), Value::empty()]).unwrap();
        assert_eq!(f, Value::empty());
        let g = concat(1, vec![zeros(1, 0), Value::col(vec![1.0, 2.0, 3.0])]).unwrap();
        assert_eq!(g, Value::col(vec![1.0, 2.0, 3.0]));
        let h = concat(0, vec![zeros(0, 3), Value::row(vec![1.0, 2.0])]);
        assert_eq!(
            h.unwrap_err().message.clone(),
            "vertical dimensions mismatch (0x3 vs 1x2)"
        );
    }

    #[test]
    fn mismatch_messages() {
        let rows = vec![
            Value::row(vec![1.0, 2.0]),
            Value::row(vec![3.0, 4.0]),
            Value::num(5.0),
        ];
        let rows: Vec<Value> = rows;
        let e = concat(0, rows).unwrap_err();
        assert_eq!(e.message, "vertical dimensions mismatch (2x2 vs 1x1)");
        let e = concat(
            1,
            vec![Value::col(vec![1.0, 2.0]), Value::col(vec![1.0, 2.0, 3.0])],
        );
        assert_eq!(
            e.unwrap_err().message.clone(),
            "horizontal dimensions mismatch (2x1 vs 3x1)"
        );
    }

    #[test]
    fn classes_and_blocks() {
        let a = Value::matrix(2, 2, vec![1.0, 3.0, 2.0, 4.0]);
        let b = Value::matrix(2, 2, vec![5.0, 7.0, 6.0, 8.0]);
        let c1 = concat_mode(0, vec![a.clone(), b.clone()], Mode::Cat).unwrap();
        assert_eq!(
            c1,
            Value::matrix(4, 2, vec![1., 3., 5., 7., 2., 4., 6., 8.])
        );
        let c2 = concat_mode(1, vec![a.clone(), b.clone()], Mode::Cat).unwrap();
        assert_eq!(
            c2,
            Value::matrix(2, 4, vec![1., 3., 2., 4., 5., 7., 6., 8.])
        );
        let c3 = concat_mode(2, vec![a, b], Mode::Cat).unwrap();
        assert_eq!(c3.dims().as_slice(), &[2, 2, 2]);
        let s = concat(1, vec![Value::str("Value: "), Value::str("42")]).unwrap();
        assert_eq!(s, Value::str("Value: 42"));
        let l = concat(1, vec![Value::bool(true), Value::bool(false)]).unwrap();
        assert!(matches!(l, Value::Bool(_)));
        let m = concat(1, vec![Value::empty(), Value::bool(true)]).unwrap();
        assert_eq!(m, Value::num(1.0));
        let z = concat(1, vec![Value::num(1.0), Value::complex(0.0, 2.0)]).unwrap();
        assert!(z.is_complex());
        let big: Vec<Value> = (0..1000).map(|k| Value::num(k as f64)).collect();
        assert_eq!(concat(1, big).unwrap().dims().as_slice(), &[1, 1000]);
    }
}
