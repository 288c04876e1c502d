//! Indexing sparse matrices on the compressed form: `S(i, j)`, `S(:, j)`,
//! `S(k)`, logical masks, assignment `S(i, j) = v` with growth, and
//! deletion `S(:, j) = []`. Results of indexing stay sparse, as in MATLAB;
//! the work follows the number of nonzeros and of subscripts, never the
//! full size.

use super::{full_for, value};
use crate::error::{Error, Result};
use crate::eval::index::{self as ix, Sub};
use crate::value::sparse::{Csc, SpData, SpElem, SparseMatrix};
use crate::value::{Dims, Value, C64};

/// A sparse value used as a subscript: a logical one alone names the
/// linear positions of its nonzeros; anything else is read as full.
pub fn to_sub(s: &SparseMatrix, k: usize, n: usize) -> Result<Sub> {
    if let (SpData::Bool(c), 1) = (&s.data, n) {
        let mut idx = crate::ops::alloc_vec(c.nnz())?;
        for (r, col, _) in c.iter() {
            idx.push(r + col * c.rows);
        }
        let len = idx.len();
        return Ok(Sub::List {
            idx,
            shape: if c.rows == 1 {
                Dims::row(len)
            } else {
                Dims::col(len)
            },
            logical: true,
        });
    }
    ix::to_sub(&full_for("index", s)?, k, n)
}

/// The positions a subscript names along an extent, in order.
fn positions(sub: &Sub, extent: usize) -> Vec<usize> {
    match sub {
        Sub::All => (0..extent).collect(),
        Sub::List { idx, .. } => idx.clone(),
        Sub::Mask(m) => m.positions().collect(),
    }
}

/// Checks that subscripts past the second name only position 1.
fn trailing_ones(subs: &[Sub], dims: &Dims) -> Result<()> {
    let n = subs.len();
    for (k, s) in subs.iter().enumerate().skip(2) {
        for p in positions(s, 1) {
            if p > 0 {
                return Err(ix::out_of_bound(p, k, n, 1, dims));
            }
        }
    }
    Ok(())
}

/// `S(subs...)`, sparse.
pub fn index(s: &SparseMatrix, subs: &[Sub]) -> Result<Value> {
    Ok(value(match &s.data {
        SpData::Real(c) => SparseMatrix::real(index_csc(c, &s.dims, subs)?),
        SpData::Complex(c) => SparseMatrix::complex(index_csc(c, &s.dims, subs)?),
        SpData::Bool(c) => SparseMatrix::logical(index_csc(c, &s.dims, subs)?),
    }))
}

fn index_csc<T: SpElem>(c: &Csc<T>, dims: &Dims, subs: &[Sub]) -> Result<Csc<T>> {
    match subs.len() {
        0 => Ok(c.clone()),
        1 => {
            let numel = c.rows.saturating_mul(c.cols);
            if let Sub::All = subs[0] {
                return c.reshaped(numel, 1);
            }
            let (pos, shape, logical) = match &subs[0] {
                Sub::List {
                    idx,
                    shape,
                    logical,
                } => (idx.clone(), shape.clone(), *logical),
                Sub::Mask(m) => {
                    let p: Vec<usize> = m.positions().collect();
                    let shape = if m.bits().len() == numel && dims.is_row() {
                        Dims::row(p.len())
                    } else {
                        Dims::col(p.len())
                    };
                    (p, shape, true)
                }
                Sub::All => (Vec::new(), Dims::empty(), false),
            };
            if let Some(&m) = pos.iter().max() {
                if m >= numel {
                    return Err(ix::out_of_bound(m, 0, 1, numel, dims));
                }
            }
            let rdims = ix::linear_dims(dims, &shape, logical, pos.len());
            if rdims.ndims() > 2 {
                return Err(Error::new(
                    "index: sparse results must be 2-D (the subscript is N-d)",
                ));
            }
            let rr = rdims.rows();
            let mut trip = crate::ops::alloc_vec(pos.len().min(c.nnz().max(16)))?;
            for (k, &p) in pos.iter().enumerate() {
                let v = c.get(p % c.rows.max(1), p / c.rows.max(1));
                if !v.is_zero() {
                    trip.push((k % rr.max(1), k / rr.max(1), v));
                }
            }
            Csc::from_triplets(rr, rdims.cols(), trip, |a, _| a.clone())
        }
        _ => {
            let subs = &*ix::listed(subs)?;
            trailing_ones(subs, dims)?;
            let n = subs.len();
            // With two subscripts of a 2-D matrix the extents are its own.
            let ext = [c.rows, c.cols];
            let rows = positions(&subs[0], ext[0]);
            let cols = positions(&subs[1], ext[1]);
            for (k, (p, e)) in [(&rows, ext[0]), (&cols, ext[1])].into_iter().enumerate() {
                if let Some(&m) = p.iter().max() {
                    if m >= e {
                        return Err(ix::out_of_bound(m, k, n, e, dims));
                    }
                }
            }
            select(c, &rows, matches!(subs[0], Sub::All), &cols)
        }
    }
}

/// The submatrix of rows `rows` (all of them, in order, when `all_rows`)
/// and columns `cols`.
pub(super) fn select<T: SpElem>(
    c: &Csc<T>,
    rows: &[usize],
    all_rows: bool,
    cols: &[usize],
) -> Result<Csc<T>> {
    let nr = rows.len();
    let mut b = Csc::builder(nr, cols.len(), c.nnz())?;
    // Where each source row goes: (source row, output row), sorted.
    let mut map: Vec<(usize, usize)> = rows.iter().enumerate().map(|(o, &r)| (r, o)).collect();
    map.sort_unstable();
    let mut buf: Vec<(usize, T)> = Vec::new();
    for &j in cols {
        if all_rows {
            for k in c.col_range(j) {
                b.push(c.rowidx[k], c.vals[k].clone());
            }
        } else {
            buf.clear();
            for k in c.col_range(j) {
                let r = c.rowidx[k];
                let lo = map.partition_point(|&(s, _)| s < r);
                for &(s, o) in &map[lo..] {
                    if s != r {
                        break;
                    }
                    buf.push((o, c.vals[k].clone()));
                }
            }
            buf.sort_by_key(|&(o, _)| o);
            for (o, v) in buf.drain(..) {
                b.push(o, v);
            }
        }
        b.end_col();
    }
    Ok(b.finish())
}

/// The elements of a right-hand side in column-major order, as complex
/// numbers (exact for reals) and whether it is logical or complex.
fn rhs_elems(rhs: &Value) -> Result<(Vec<C64>, bool, bool)> {
    let (full, logical) = match rhs {
        Value::Sparse(s) => (
            full_for("assignment", s)?,
            matches!(s.data, SpData::Bool(_)),
        ),
        other => (other.clone(), matches!(other, Value::Bool(_))),
    };
    let complex = full.is_complex();
    match full {
        Value::Num(_) | Value::Complex(_) | Value::Bool(_) | Value::Char(_) => {}
        Value::Single(_) | Value::SingleComplex(_) | Value::Int(_) => {}
        ref other => {
            return Err(Error::new(format!(
                "operator = undefined for 'sparse matrix' by '{}' operations",
                crate::ops::type_name(other)
            )))
        }
    }
    Ok((
        full.to_complex_array("assignment")?.into_vec(),
        logical,
        complex,
    ))
}

/// `S(subs...) = rhs`, growing `S` as needed.
pub fn assign(t: &mut SparseMatrix, subs: &[Sub], rhs: &Value) -> Result<()> {
    let (vals, rhs_logical, rhs_complex) = rhs_elems(rhs)?;
    let subs = &*ix::listed(subs)?;
    let (rows, cols) = (t.rows(), t.cols());
    // Target positions (row, col) in the order the rhs fills them.
    let mut targets: Vec<(usize, usize)> = Vec::new();
    let (mut new_rows, mut new_cols) = (rows, cols);
    let shape_text;
    match subs.len() {
        0 => return Err(Error::new("=: nonconformant arguments")),
        1 => {
            let numel = rows.saturating_mul(cols);
            let pos = positions(&subs[0], numel);
            shape_text = format!("1x{}", pos.len());
            let max = pos.iter().max().copied();
            if let Some(m) = max {
                if m >= numel {
                    if rows == 1 || (rows == 0 && cols == 0) {
                        new_rows = 1;
                        new_cols = m + 1;
                    } else if cols == 1 {
                        new_rows = m + 1;
                    } else {
                        return Err(ix::invalid_resize());
                    }
                }
            }
            let r = new_rows.max(1);
            targets.extend(pos.iter().map(|&p| (p % r, p / r)));
        }
        _ => {
            trailing_ones(subs, &t.dims)?;
            let rp = positions(&subs[0], rows);
            let cp = positions(&subs[1], cols);
            shape_text = format!("{}x{}", rp.len(), cp.len());
            if let Some(&m) = rp.iter().max() {
                new_rows = new_rows.max(m + 1);
            }
            if let Some(&m) = cp.iter().max() {
                new_cols = new_cols.max(m + 1);
            }
            for &c in &cp {
                for &r in &rp {
                    targets.push((r, c));
                }
            }
        }
    }
    if vals.len() != 1 && vals.len() != targets.len() {
        return Err(Error::with_id(
            "Octave:nonconformant-args",
            format!(
                "=: nonconformant arguments (op1 is {shape_text}, op2 is {})",
                rhs.dims().to_string_x()
            ),
        ));
    }
    let val = |k: usize| if vals.len() == 1 { vals[0] } else { vals[k] };
    match &mut t.data {
        SpData::Bool(c) if rhs_logical || !rhs_complex => {
            if vals.iter().any(|z| z.re.is_nan()) {
                return Err(crate::ops::nan_to_logical());
            }
            let upd: Vec<(usize, usize, bool)> = targets
                .iter()
                .enumerate()
                .map(|(k, &(r, cc))| (r, cc, val(k).re != 0.0 || val(k).im != 0.0))
                .collect();
            *c = merge(c, new_rows, new_cols, upd)?;
        }
        SpData::Real(c) if !rhs_complex => {
            let upd: Vec<(usize, usize, f64)> = targets
                .iter()
                .enumerate()
                .map(|(k, &(r, cc))| (r, cc, val(k).re))
                .collect();
            *c = merge(c, new_rows, new_cols, upd)?;
        }
        _ => {
            let mut c = t.to_complex()?;
            let upd: Vec<(usize, usize, C64)> = targets
                .iter()
                .enumerate()
                .map(|(k, &(r, cc))| (r, cc, val(k)))
                .collect();
            c = merge(&c, new_rows, new_cols, upd)?;
            *t = SparseMatrix::complex(c);
            return Ok(());
        }
    }
    let nzmax = t.nzmax;
    let data = std::mem::replace(&mut t.data, SpData::Real(Csc::zeros(0, 0)?));
    *t = SparseMatrix::new(data);
    t.nzmax = nzmax.max(t.nnz());
    Ok(())
}

/// `c` grown to `rows`x`cols` with the updates `upd` written over it (the
/// last of repeated positions wins; zeros remove elements).
fn merge<T: SpElem>(
    c: &Csc<T>,
    rows: usize,
    cols: usize,
    mut upd: Vec<(usize, usize, T)>,
) -> Result<Csc<T>> {
    // Stable sort by (col, row) keeps the order of repeats: the last wins.
    upd.sort_by_key(|a| (a.1, a.0));
    let mut b = Csc::builder(rows, cols, c.nnz() + upd.len())?;
    let mut u = 0;
    for j in 0..cols {
        let old = if j < c.cols { c.col_range(j) } else { 0..0 };
        let mut k = old.start;
        loop {
            let next_old = (k < old.end).then(|| c.rowidx[k]);
            // Skip to the last update of a repeated position.
            while u + 1 < upd.len()
                && upd[u].1 == j
                && upd[u + 1].1 == j
                && upd[u].0 == upd[u + 1].0
            {
                u += 1;
            }
            let next_upd = (u < upd.len() && upd[u].1 == j).then(|| upd[u].0);
            match (next_old, next_upd) {
                (None, None) => break,
                (Some(r), None) => {
                    b.push(r, c.vals[k].clone());
                    k += 1;
                }
                (Some(r), Some(ru)) if r < ru => {
                    b.push(r, c.vals[k].clone());
                    k += 1;
                }
                (Some(r), Some(ru)) if r == ru => {
                    b.push(ru, upd[u].2.clone());
                    k += 1;
                    u += 1;
                }
                (_, Some(ru)) => {
                    b.push(ru, upd[u].2.clone());
                    u += 1;
                }
            }
        }
        b.end_col();
    }
    Ok(b.finish())
}

/// `S(subs...) = []`.
pub fn delete(s: &SparseMatrix, subs: &[Sub]) -> Result<Value> {
    let subs = &*ix::listed(subs)?;
    let (rows, cols) = (s.rows(), s.cols());
    let keep = |sub: &Sub, extent: usize, linear: bool| -> Result<Vec<usize>> {
        let mut gone = vec![false; extent];
        for p in positions(sub, extent) {
            if p >= extent {
                return Err(ix::deletion_out_of_bound(linear, p, extent));
            }
            gone[p] = true;
        }
        Ok((0..extent).filter(|&i| !gone[i]).collect())
    };
    let covers = |sub: &Sub, extent: usize| match sub {
        Sub::All => true,
        other => {
            let mut seen = vec![false; extent];
            for p in positions(other, extent) {
                if p < extent {
                    seen[p] = true;
                }
            }
            seen.iter().all(|&b| b)
        }
    };
    let pick = |r: &[usize], all_rows: bool, c: &[usize]| -> Result<Value> {
        Ok(value(match &s.data {
            SpData::Real(m) => SparseMatrix::real(select(m, r, all_rows, c)?),
            SpData::Complex(m) => SparseMatrix::complex(select(m, r, all_rows, c)?),
            SpData::Bool(m) => SparseMatrix::logical(select(m, r, all_rows, c)?),
        }))
    };
    match subs.len() {
        1 => {
            if matches!(subs[0], Sub::All) {
                return pick(&[], false, &[]);
            }
            if rows == 1 {
                let c = keep(&subs[0], cols, true)?;
                pick(&[0], true, &c)
            } else if cols == 1 {
                let r = keep(&subs[0], rows, true)?;
                pick(&r, false, &[0])
            } else {
                // A matrix loses the elements and becomes a row.
                let numel = rows.saturating_mul(cols);
                if numel as f64 > super::FULL_LIMIT {
                    return Err(crate::value::sparse::too_big_for_full("delete"));
                }
                let kept = keep(&subs[0], numel, true)?;
                let list = Sub::List {
                    shape: Dims::row(kept.len()),
                    idx: kept,
                    logical: false,
                };
                let v = index(s, &[list])?;
                match v {
                    Value::Sparse(m) => Ok(value(m.reshaped(1, m.rows() * m.cols())?)),
                    other => Ok(other),
                }
            }
        }
        _ => {
            trailing_ones(subs, &s.dims)?;
            if covers(&subs[0], rows) {
                let c = keep(&subs[1], cols, false)?;
                pick(&(0..rows).collect::<Vec<_>>(), true, &c)
            } else if covers(&subs[1], cols) {
                let r = keep(&subs[0], rows, false)?;
                pick(&r, false, &(0..cols).collect::<Vec<_>>())
            } else {
                Err(Error::with_id(
                    "Octave:nonconformant-args",
                    "a null assignment can only have one non-colon index",
                ))
            }
        }
    }
}
