//! Indexing, indexed assignment (with growth and scalar expansion) and
//! deletion, with MATLAB's shape rules.
//!
//! Subscripts are resolved once into `Sub`s (0-based positions or `:`);
//! the element work is generic over the element type, so every class shares
//! one implementation.

use crate::error::{Error, Result};
use crate::value::{Array, Dims, Value, C64};

/// One resolved subscript.
#[derive(Clone, Debug)]
pub enum Sub {
    /// `:` — every position along the dimension.
    All,
    /// 0-based positions, with the shape of the index value (used for the
    /// result shape of linear indexing) and whether it came from a logical mask.
    List {
        idx: Vec<usize>,
        shape: Dims,
        logical: bool,
    },
}

impl Sub {
    fn len(&self, extent: usize) -> usize {
        match self {
            Sub::All => extent,
            Sub::List { idx, .. } => idx.len(),
        }
    }
    fn max_plus_one(&self) -> usize {
        match self {
            Sub::All => 0,
            Sub::List { idx, .. } => idx.iter().map(|&i| i + 1).max().unwrap_or(0),
        }
    }
    fn get(&self, k: usize) -> usize {
        match self {
            Sub::All => k,
            Sub::List { idx, .. } => idx[k],
        }
    }
}

/// Convert a subscript value to a `Sub`. `:` as a char is `All`.
pub fn to_sub(v: &Value) -> Result<Sub> {
    match v {
        Value::Bool(mask) => {
            let idx: Vec<usize> = mask
                .data()
                .iter()
                .enumerate()
                .filter(|(_, &b)| b)
                .map(|(i, _)| i)
                .collect();
            let shape = if mask.dims().is_row() {
                Dims::row(idx.len())
            } else {
                Dims::col(idx.len())
            };
            Ok(Sub::List {
                idx,
                shape,
                logical: true,
            })
        }
        Value::Char(c) if c.numel() == 1 && c.data()[0] == b':' as u16 => Ok(Sub::All),
        Value::Num(a) => {
            let mut idx = Vec::with_capacity(a.numel());
            for &x in a.data() {
                idx.push(position(x)?);
            }
            Ok(Sub::List {
                idx,
                shape: a.dims().clone(),
                logical: false,
            })
        }
        Value::Complex(_) => Err(Error::bad_index("complex subscript")),
        Value::Char(a) => {
            let mut idx = Vec::with_capacity(a.numel());
            for &c in a.data() {
                idx.push(position(c as f64)?);
            }
            Ok(Sub::List {
                idx,
                shape: a.dims().clone(),
                logical: false,
            })
        }
        Value::Struct(_) => Err(Error::bad_index("struct subscript")),
    }
}

/// A 1-based MATLAB subscript to a 0-based position.
pub fn position(x: f64) -> Result<usize> {
    if x >= 1.0 && x.fract() == 0.0 && x < 9.007_199_254_740_992e15 {
        return Ok(x as usize - 1);
    }
    let shown = if x.is_nan() {
        "NaN".to_string()
    } else if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.4}")
    };
    Err(Error::with_id(
        "MATLAB:badsubscript",
        format!("Array indices must be positive integers or logical values (index {shown})."),
    ))
}

/// The effective extents seen by `n` subscripts: with fewer subscripts than
/// dimensions, the last one spans the remaining dimensions.
pub fn effective_dims(dims: &Dims, n: usize) -> Vec<usize> {
    let d = dims.as_slice();
    if n == 0 {
        return vec![];
    }
    let mut out: Vec<usize> = (0..n).map(|k| dims.get(k)).collect();
    if n < d.len() {
        out[n - 1] = d[n - 1..].iter().product();
    }
    out
}

fn out_of_bound(pos: usize, bound: usize, dims: &Dims) -> Error {
    Error::with_id(
        "Octave:index-out-of-bounds",
        format!(
            "Index exceeds matrix dimensions: index ({}) out of bound {} (dimensions are {})",
            pos + 1,
            bound,
            dims.to_string_x()
        ),
    )
}

/// The column-major element range `subs` can touch in an array of `dims`
/// (`None` when they touch nothing).
pub fn touched_range(subs: &[Sub], dims: &Dims) -> Option<std::ops::Range<usize>> {
    let ext = effective_dims(dims, subs.len());
    let (mut lo, mut hi) = (0usize, 0usize);
    let mut stride = 1usize;
    for (s, &e) in subs.iter().zip(&ext) {
        let (a, b) = match s {
            Sub::All if e == 0 => return None,
            Sub::All => (0, e - 1),
            Sub::List { idx, .. } => (*idx.iter().min()?, *idx.iter().max()?),
        };
        lo += a * stride;
        hi += b * stride;
        stride *= e;
    }
    Some(lo..hi + 1)
}

/// `A(subs...)` for any element type.
pub fn index_array<T: Clone>(a: &Array<T>, subs: &[Sub]) -> Result<Array<T>> {
    let dims = a.dims();
    let data = a.data();
    if subs.len() == 1 {
        // Linear indexing.
        let n = a.numel();
        return match &subs[0] {
            Sub::All => Ok(a.to_col()),
            Sub::List {
                idx,
                shape,
                logical,
            } => {
                let mut out = Vec::with_capacity(idx.len());
                for &i in idx {
                    match data.get(i) {
                        Some(x) => out.push(x.clone()),
                        None => return Err(out_of_bound(i, n, dims)),
                    }
                }
                let rdims =
                    if dims.is_vector() && !dims.is_scalar() && (shape.is_vector() || *logical) {
                        if dims.is_row() {
                            Dims::row(out.len())
                        } else {
                            Dims::col(out.len())
                        }
                    } else if *logical && !shape.is_vector() {
                        Dims::col(out.len())
                    } else {
                        shape.clone()
                    };
                Ok(Array::new(rdims, out))
            }
        };
    }
    let ext = effective_dims(dims, subs.len());
    let counts: Vec<usize> = subs.iter().zip(&ext).map(|(s, &e)| s.len(e)).collect();
    for (s, &e) in subs.iter().zip(&ext) {
        let m = s.max_plus_one();
        if m > e {
            return Err(out_of_bound(m - 1, e, dims));
        }
    }
    let total: usize = counts.iter().product();
    let mut out = Vec::with_capacity(total);
    // Strides of the effective dims.
    let mut strides = Vec::with_capacity(ext.len());
    let mut acc = 1;
    for &e in &ext {
        strides.push(acc);
        acc *= e;
    }
    if total > 0 {
        let mut counter = vec![0usize; subs.len()];
        'outer: loop {
            let mut off = 0;
            for k in 0..subs.len() {
                off += subs[k].get(counter[k]) * strides[k];
            }
            out.push(data[off].clone());
            for k in 0..subs.len() {
                counter[k] += 1;
                if counter[k] < counts[k] {
                    continue 'outer;
                }
                counter[k] = 0;
            }
            break;
        }
    }
    Ok(Array::new(Dims::new(&counts), out))
}

/// `A(subs...) = B` for one element type; `fill` pads growth.
pub fn assign_array<T: Clone>(
    a: &mut Array<T>,
    subs: &[Sub],
    rhs: &Array<T>,
    fill: T,
) -> Result<()> {
    let dims = a.dims().clone();
    if subs.len() == 1 {
        let n = a.numel();
        let count = subs[0].len(n);
        check_rhs_count(count, rhs, &Dims::row(count))?;
        let need = subs[0].max_plus_one();
        if need > n {
            // Growth: vectors grow along their orientation; 0x0 grows as a row.
            let new_dims = if dims.is_row() {
                Dims::row(need)
            } else if dims.is_col() {
                Dims::col(need)
            } else if n == 0 {
                Dims::row(need)
            } else {
                return Err(Error::with_id(
                    "MATLAB:indexed:ambiguousGrowth",
                    format!(
                        "Attempt to grow array along ambiguous dimension (linear index {need} into a {} matrix).",
                        dims.to_string_x()
                    ),
                ));
            };
            let mut v = crate::ops::alloc_vec(need)?;
            v.extend_from_slice(a.data());
            v.resize(need, fill);
            *a = Array::new(new_dims, v);
        }
        let rd = rhs.data();
        let scalar = rd.len() == 1;
        let data = a.data_mut();
        match &subs[0] {
            Sub::All => {
                for (k, slot) in data.iter_mut().enumerate() {
                    *slot = if scalar { rd[0].clone() } else { rd[k].clone() };
                }
            }
            Sub::List { idx, .. } => {
                for (k, &i) in idx.iter().enumerate() {
                    data[i] = if scalar { rd[0].clone() } else { rd[k].clone() };
                }
            }
        }
        return Ok(());
    }
    // N-d: work out the grown extents and check the rhs before touching `a`,
    // so a failed assignment leaves it unchanged.
    let nsub = subs.len();
    let mut ext = effective_dims(&dims, nsub);
    let mut grow = false;
    for (k, s) in subs.iter().enumerate() {
        let m = s.max_plus_one();
        if m > ext[k] {
            if k == nsub - 1 && dims.ndims() > nsub {
                return Err(Error::with_id(
                    "Octave:index-out-of-bounds",
                    "A(I,J,...) = X: cannot grow an array along a folded dimension",
                ));
            }
            ext[k] = m;
            grow = true;
        }
    }
    // `A(:, 1) = x` on an empty A takes the extent of `:` from the rhs.
    if dims.numel() == 0 {
        let total_alls = subs.iter().filter(|s| matches!(s, Sub::All)).count();
        let nonsingle: Vec<usize> = rhs
            .dims()
            .as_slice()
            .iter()
            .copied()
            .filter(|&d| d != 1)
            .collect();
        let mut alls_seen = 0;
        for k in 0..nsub {
            if !matches!(subs[k], Sub::All) || ext[k] != 0 {
                if matches!(subs[k], Sub::All) {
                    alls_seen += 1;
                }
                continue;
            }
            let guess = if rhs.numel() == 1 {
                1
            } else if total_alls == 1 {
                let others: usize = subs
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != k)
                    .map(|(j, s)| s.len(ext[j]))
                    .product();
                rhs.numel().checked_div(others).unwrap_or(0)
            } else {
                nonsingle.get(alls_seen).copied().unwrap_or(1)
            };
            alls_seen += 1;
            ext[k] = guess;
            grow = true;
        }
    }
    let counts: Vec<usize> = subs.iter().zip(&ext).map(|(s, &e)| s.len(e)).collect();
    let total: usize = counts.iter().product();
    check_rhs_count(total, rhs, &Dims::new(&counts))?;
    if grow {
        let mut new_full: Vec<usize> = dims.as_slice().to_vec();
        new_full.resize(new_full.len().max(nsub), 1);
        new_full[..nsub].copy_from_slice(&ext);
        resize_array(a, &Dims::new(&new_full), fill)?;
    }
    if total == 0 {
        return Ok(());
    }
    let mut strides = Vec::with_capacity(ext.len());
    let mut acc = 1;
    for &e in &ext {
        strides.push(acc);
        acc *= e;
    }
    let rd = rhs.data();
    let scalar = rd.len() == 1;
    let data = a.data_mut();
    let mut counter = vec![0usize; nsub];
    let mut k_rhs = 0;
    'outer: loop {
        let mut off = 0;
        for k in 0..nsub {
            off += subs[k].get(counter[k]) * strides[k];
        }
        data[off] = if scalar {
            rd[0].clone()
        } else {
            rd[k_rhs].clone()
        };
        k_rhs += 1;
        for k in 0..nsub {
            counter[k] += 1;
            if counter[k] < counts[k] {
                continue 'outer;
            }
            counter[k] = 0;
        }
        break;
    }
    Ok(())
}

fn check_rhs_count<T>(count: usize, rhs: &Array<T>, lhs_dims: &Dims) -> Result<()> {
    let n = rhs.numel();
    if n == 1 || n == count {
        // Shapes must agree up to singleton dimensions.
        if n == count && n != 1 {
            let a: Vec<usize> = lhs_dims
                .as_slice()
                .iter()
                .copied()
                .filter(|&d| d != 1)
                .collect();
            let b: Vec<usize> = rhs
                .dims()
                .as_slice()
                .iter()
                .copied()
                .filter(|&d| d != 1)
                .collect();
            if a != b && !(lhs_dims.is_vector() || a.len() <= 1) {
                return Err(Error::with_id(
                    "Octave:nonconformant-args",
                    format!(
                        "=: nonconformant arguments (op1 is {}, op2 is {})",
                        lhs_dims.to_string_x(),
                        rhs.dims().to_string_x()
                    ),
                ));
            }
        }
        return Ok(());
    }
    Err(Error::with_id(
        "Octave:nonconformant-args",
        format!(
            "=: nonconformant arguments (op1 is {}, op2 is {})",
            lhs_dims.to_string_x(),
            rhs.dims().to_string_x()
        ),
    ))
}

/// Grow `a` to `new_dims` (each extent >= the old one), padding with `fill`.
fn resize_array<T: Clone>(a: &mut Array<T>, new_dims: &Dims, fill: T) -> Result<()> {
    let total = crate::ops::checked_numel(new_dims.as_slice())?;
    let old = a.dims().clone();
    let od = old.as_slice();
    let nd = new_dims.as_slice();
    let mut out = crate::ops::alloc_vec(total)?;
    out.resize(total, fill);
    let src = a.data();
    if !src.is_empty() {
        let ostr = old.strides();
        let nstr = new_dims.strides();
        let rank = od.len();
        let mut counter = vec![0usize; rank];
        'outer: for k in 0..src.len() {
            let _ = k;
            let mut ooff = 0;
            let mut noff = 0;
            for d in 0..rank {
                ooff += counter[d] * ostr[d];
                noff += counter[d] * nstr.get(d).copied().unwrap_or(0);
            }
            let _ = nd;
            out[noff] = src[ooff].clone();
            for d in 0..rank {
                counter[d] += 1;
                if counter[d] < od[d] {
                    continue 'outer;
                }
                counter[d] = 0;
            }
            break;
        }
    }
    *a = Array::new(new_dims.clone(), out);
    Ok(())
}

/// `A(subs...) = []`.
pub fn delete_array<T: Clone>(a: &Array<T>, subs: &[Sub]) -> Result<Array<T>> {
    let dims = a.dims();
    if subs.len() == 1 {
        let n = a.numel();
        let del = match &subs[0] {
            Sub::All => return Ok(Array::empty_with(Dims::empty())),
            Sub::List { idx, .. } => idx,
        };
        if del.is_empty() {
            return Ok(a.clone());
        }
        let mut keep = vec![true; n];
        for &i in del {
            if i >= n {
                return Err(out_of_bound(i, n, dims));
            }
            keep[i] = false;
        }
        let out: Vec<T> = a
            .data()
            .iter()
            .zip(&keep)
            .filter(|(_, &k)| k)
            .map(|(x, _)| x.clone())
            .collect();
        let rd = if dims.is_col() {
            Dims::col(out.len())
        } else {
            Dims::row(out.len())
        };
        return Ok(Array::new(rd, out));
    }
    let ext = effective_dims(dims, subs.len());
    // Exactly one subscript may select a strict subset.
    let mut which = None;
    for (k, s) in subs.iter().enumerate() {
        let full = match s {
            Sub::All => true,
            Sub::List { idx, .. } => {
                let mut seen = vec![false; ext[k]];
                for &i in idx {
                    if i >= ext[k] {
                        return Err(out_of_bound(i, ext[k], dims));
                    }
                    seen[i] = true;
                }
                seen.iter().all(|&b| b)
            }
        };
        if !full {
            if let Sub::List { idx, .. } = s {
                if idx.is_empty() {
                    return Ok(a.clone());
                }
            }
            if which.is_some() {
                return Err(Error::with_id(
                    "Octave:nonconformant-args",
                    "a null assignment can only have one non-colon index",
                ));
            }
            which = Some(k);
        }
    }
    let Some(k) = which else {
        // Everything deleted along every dimension.
        let mut e = ext.clone();
        if let Some(last) = subs.iter().position(|s| !matches!(s, Sub::All)) {
            e[last] = 0;
        } else {
            e[0] = 0;
        }
        return Ok(Array::empty_with(Dims::new(&e)));
    };
    let Sub::List { idx, .. } = &subs[k] else {
        return Ok(a.clone());
    };
    let mut keep = vec![true; ext[k]];
    for &i in idx {
        keep[i] = false;
    }
    let kept: Vec<usize> = (0..ext[k]).filter(|&i| keep[i]).collect();
    let new_subs: Vec<Sub> = (0..subs.len())
        .map(|j| {
            if j == k {
                Sub::List {
                    idx: kept.clone(),
                    shape: Dims::row(kept.len()),
                    logical: false,
                }
            } else {
                Sub::All
            }
        })
        .collect();
    let r = index_array(a, &new_subs)?;
    Ok(r)
}

// ---------- class-level wrappers ----------

/// `v(subs...)` for any value.
pub fn index_value(v: &Value, subs: &[Sub]) -> Result<Value> {
    // Fast path: scalar subscript into a real array.
    if let (Value::Num(a), [Sub::List { idx, .. }]) = (v, subs) {
        if idx.len() == 1 {
            return match a.data().get(idx[0]) {
                Some(&x) => Ok(Value::num(x)),
                None => Err(out_of_bound(idx[0], a.numel(), a.dims())),
            };
        }
    }
    Ok(match v {
        Value::Num(a) => Value::Num(index_array(a, subs)?),
        Value::Complex(a) => Value::Complex(index_array(a, subs)?).narrowed(),
        Value::Bool(a) => Value::Bool(index_array(a, subs)?),
        Value::Char(a) => Value::Char(index_array(a, subs)?),
        Value::Struct(_) => {
            let all_one = subs.iter().all(|s| match s {
                Sub::All => true,
                Sub::List { idx, .. } => idx.iter().all(|&i| i == 0) && idx.len() == 1,
            });
            if all_one {
                v.clone()
            } else {
                return Err(Error::new("index out of bound for a scalar struct"));
            }
        }
    })
}

/// `target(subs...) = rhs` in place, converting classes as MATLAB does.
/// On error `target` is left unchanged. `None` is an undefined variable.
pub fn assign_value(target: &mut Option<Value>, subs: &[Sub], rhs: &Value) -> Result<()> {
    let zero = C64::new(0.0, 0.0);
    match (target.as_mut(), rhs) {
        (Some(Value::Struct(_)), _) | (_, Value::Struct(_)) => Err(Error::new(
            "indexed assignment of structs is not supported (scalar structs only)",
        )),
        (Some(Value::Num(a)), Value::Num(r)) => assign_array(a, subs, r, 0.0),
        (Some(Value::Bool(a)), Value::Bool(r)) => assign_array(a, subs, r, false),
        (Some(Value::Char(a)), Value::Char(r)) => assign_array(a, subs, r, 0u16),
        // MATLAB keeps a char target char when numbers are assigned into it.
        (Some(Value::Char(a)), Value::Num(_) | Value::Bool(_)) if !a.is_empty() => {
            let r = rhs.to_num_array("assignment")?;
            let r = r.map(|&x| {
                if (0.0..=65535.0).contains(&x) {
                    x as u16
                } else {
                    0
                }
            });
            assign_array(a, subs, &r, 0u16)
        }
        (Some(Value::Complex(a)), _) => {
            let r = rhs.to_complex_array("assignment")?;
            assign_array(a, subs, &r, zero)?;
            if a.data().iter().all(|z| z.im == 0.0) {
                let re = a.map(|z| z.re);
                *target = Some(Value::Num(re));
            }
            Ok(())
        }
        (None, _) => {
            // An undefined variable starts as an empty array of the rhs class.
            let fresh = match rhs {
                Value::Bool(_) => Value::Bool(Array::empty_with(Dims::empty())),
                Value::Char(_) => Value::Char(Array::empty_with(Dims::empty())),
                Value::Complex(_) => Value::Complex(Array::empty_with(Dims::empty())),
                _ => Value::empty(),
            };
            let mut slot = Some(fresh);
            assign_value(&mut slot, subs, rhs)?;
            *target = slot;
            Ok(())
        }
        (Some(t), Value::Complex(r)) => {
            let mut a = t.to_complex_array("assignment")?;
            assign_array(&mut a, subs, r, zero)?;
            *target = Some(Value::Complex(a).narrowed());
            Ok(())
        }
        (Some(t), _) => {
            // Mixed real classes: the result is double.
            let mut a = t.to_num_array("assignment")?;
            let r = rhs.to_num_array("assignment")?;
            assign_array(&mut a, subs, &r, 0.0)?;
            *target = Some(Value::Num(a));
            Ok(())
        }
    }
}

/// `target(subs...) = []`.
pub fn delete_value(target: &Value, subs: &[Sub]) -> Result<Value> {
    Ok(match target {
        Value::Num(a) => Value::Num(delete_array(a, subs)?),
        Value::Complex(a) => Value::Complex(delete_array(a, subs)?),
        Value::Bool(a) => Value::Bool(delete_array(a, subs)?),
        Value::Char(a) => Value::Char(delete_array(a, subs)?),
        Value::Struct(_) => return Err(Error::new("cannot delete elements of a scalar struct")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(v: &[usize]) -> Sub {
        Sub::List {
            idx: v.to_vec(),
            shape: Dims::row(v.len()),
            logical: false,
        }
    }

    #[test]
    fn linear_index_keeps_vector_orientation() {
        let c = Array::col(vec![1.0, 2.0, 3.0]);
        let r = index_array(&c, &[list(&[0, 2])]).unwrap();
        assert_eq!(r.dims().as_slice(), &[2, 1]);
    }

    #[test]
    fn growth_of_empty_is_a_row_and_of_matrix_in_2d() {
        let mut e: Array<f64> = Array::empty_with(Dims::empty());
        assign_array(&mut e, &[list(&[2])], &Array::scalar(5.0), 0.0).unwrap();
        assert_eq!(e.dims().as_slice(), &[1, 3]);
        assert_eq!(e.data(), &[0.0, 0.0, 5.0]);
        let mut a = Array::row(vec![1.0, 2.0]);
        assign_array(&mut a, &[list(&[2]), list(&[3])], &Array::scalar(1.0), 0.0).unwrap();
        assert_eq!(a.dims().as_slice(), &[3, 4]);
        assert_eq!(a.data()[0..3], [1.0, 0.0, 0.0]);
        assert_eq!(a.data()[11], 1.0);
    }

    #[test]
    fn touched_ranges_cover_every_assigned_element() {
        let d = Dims::mat(4, 5);
        assert_eq!(touched_range(&[list(&[6, 2])], &d), Some(2..7));
        // A(2:3, 4) in a 4x5: offsets 13 and 14.
        assert_eq!(
            touched_range(&[list(&[1, 2]), list(&[3])], &d),
            Some(13..15)
        );
        assert_eq!(touched_range(&[Sub::All, list(&[1])], &d), Some(4..8));
        assert_eq!(touched_range(&[list(&[])], &d), None);
    }

    #[test]
    fn deleting_a_column() {
        let a = Array::new(Dims::mat(2, 3), vec![1, 2, 3, 4, 5, 6]);
        let d = delete_array(&a, &[Sub::All, list(&[1])]).unwrap();
        assert_eq!(d.dims().as_slice(), &[2, 2]);
        assert_eq!(d.data(), &[1, 2, 5, 6]);
        assert!(delete_array(&a, &[list(&[0]), list(&[0])]).is_err());
    }
}
