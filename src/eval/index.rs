//! Indexing, indexed assignment (with growth and scalar expansion) and
//! deletion, with MATLAB's shape rules.
//!
//! Subscripts are resolved once into `Sub`s (0-based positions, `:`, or a
//! logical mask kept as the mask); the element work is generic over the
//! element type, so every class shares one implementation.
//!
//! A mask used as the only subscript (`x(mask)`, `x(mask) = v`,
//! `x(mask) = []`) drives the element loops itself: its positions are never
//! listed (8 bytes per true element), so `y = x(x > 0)` allocates only its
//! result. With several subscripts (`A(mask, :)`) a mask is listed first
//! ([`listed`]); such masks are one dimension long.

use crate::error::{Error, Result};
use crate::value::{Array, Dims, Record, StructArray, Value, C64};

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
    /// A logical mask of more than one element: the positions of its true
    /// elements, ascending, without their list.
    Mask(Mask),
}

/// A logical subscript kept as the mask, with its count of true elements
/// and the end of the last one (so bounds and result sizes need no pass).
#[derive(Clone)]
pub struct Mask {
    bits: Array<bool>,
    count: usize,
    end: usize,
}

impl std::fmt::Debug for Mask {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Mask({} of {}, end {})",
            self.count,
            self.bits.numel(),
            self.end
        )
    }
}

impl Mask {
    /// `bits` as a subscript: its true elements counted (over the cores
    /// for long masks) and its last one found.
    pub fn new(bits: Array<bool>) -> Mask {
        let d = bits.data();
        let count = crate::ops::par::count_true(d);
        let end = d.iter().rposition(|&b| b).map_or(0, |i| i + 1);
        Mask { bits, count, end }
    }
    /// How many positions it names.
    pub fn count(&self) -> usize {
        self.count
    }
    /// One past its last position (0 when it names none).
    pub fn end(&self) -> usize {
        self.end
    }
    /// The mask's elements.
    pub fn bits(&self) -> &[bool] {
        self.bits.data()
    }
    /// Its positions, ascending, one by one.
    pub fn positions(&self) -> impl Iterator<Item = usize> + '_ {
        self.bits()
            .iter()
            .enumerate()
            .filter_map(|(i, &b)| b.then_some(i))
    }
    /// The shape of the positions as an index value: a row for a row mask,
    /// else a column.
    fn shape(&self) -> Dims {
        if self.bits.dims().is_row() {
            Dims::row(self.count)
        } else {
            Dims::col(self.count)
        }
    }
    /// As a list of positions (8 bytes each, allocated fallibly).
    fn listed(&self) -> Result<Sub> {
        Ok(Sub::List {
            idx: mask_positions(self.bits())?,
            shape: self.shape(),
            logical: true,
        })
    }
}

impl Sub {
    fn len(&self, extent: usize) -> usize {
        match self {
            Sub::All => extent,
            Sub::List { idx, .. } => idx.len(),
            Sub::Mask(m) => m.count,
        }
    }
    fn max_plus_one(&self) -> usize {
        match self {
            Sub::All => 0,
            // A mask's positions ascend: the last is the largest.
            Sub::List {
                idx, logical: true, ..
            } => idx.last().map_or(0, |&i| i + 1),
            Sub::List { idx, .. } => idx.iter().map(|&i| i + 1).max().unwrap_or(0),
            Sub::Mask(m) => m.end,
        }
    }
    /// Position `k` (below `len`). For a mask this walks it: the loops
    /// that call it per element take `listed` subscripts.
    fn get(&self, k: usize) -> usize {
        match self {
            Sub::All => k,
            Sub::List { idx, .. } => idx[k],
            Sub::Mask(m) => m.positions().nth(k).unwrap_or(m.end),
        }
    }
}

/// `subs` with every mask listed as positions, for the loops over several
/// subscripts (borrowed as it is when there is no mask).
pub fn listed(subs: &[Sub]) -> Result<std::borrow::Cow<'_, [Sub]>> {
    if !subs.iter().any(|s| matches!(s, Sub::Mask(_))) {
        return Ok(std::borrow::Cow::Borrowed(subs));
    }
    let mut out = Vec::with_capacity(subs.len());
    for s in subs {
        out.push(match s {
            Sub::Mask(m) => m.listed()?,
            other => other.clone(),
        });
    }
    Ok(std::borrow::Cow::Owned(out))
}

/// Converts subscript `k` of `n` to a `Sub`; `:` as a char is `All`.
/// Errors read as Octave's (`index (_,0): subscripts must be ...`) until
/// the evaluator names the variable (`Error::in_variable`).
pub fn to_sub(v: &Value, k: usize, n: usize) -> Result<Sub> {
    match v {
        // A scalar mask is one position or none; `x(false)` is 0x0 whatever
        // the shape of `x` (Octave).
        Value::Bool(mask) if mask.numel() == 1 => {
            let on = mask.data()[0];
            Ok(Sub::List {
                idx: if on { vec![0] } else { Vec::new() },
                shape: if on { Dims::scalar() } else { Dims::empty() },
                logical: false,
            })
        }
        // Kept as the mask (its storage shared, not copied).
        Value::Bool(mask) => Ok(Sub::Mask(Mask::new(mask.clone()))),
        Value::Char(c) if c.numel() == 1 && c.data()[0] == b':' as u16 => Ok(Sub::All),
        Value::Num(a) => positions(a.data().iter().copied(), a.dims(), k, n),
        Value::Char(a) => positions(a.data().iter().map(|&c| f64::from(c)), a.dims(), k, n),
        // Octave refuses complex subscripts even with zero imaginary parts.
        Value::Complex(a) => Err(match a.data() {
            [z] => Error::index_fault(
                "Octave:invalid-index",
                position_text(k, n, &complex_text(*z)),
                "subscripts must be real (forgot to initialize i or j?)".into(),
            ),
            _ => bad_subscript("<complex matrix>", k, n),
        }),
        Value::SingleComplex(_) => Err(bad_subscript("<complex matrix>", k, n)),
        Value::Sparse(s) => crate::builtins::sparse::index::to_sub(s, k, n),
        Value::Single(_) | Value::Int(_) => {
            let a = v.to_num_array("index")?;
            positions(a.data().iter().copied(), a.dims(), k, n)
        }
        Value::Struct(_) => Err(bad_subscript("<scalar struct>", k, n)),
        Value::Cell(_) => Err(bad_subscript("<cell array>", k, n)),
        Value::Func(_) => Err(bad_subscript("<function handle>", k, n)),
    }
}

/// The 0-based positions of the true elements of a mask, ascending:
/// counted first, then written without a branch per element (each
/// position is stored, and the write cursor moves on only past a true
/// one), so a random mask costs no mispredictions; both steps split over
/// the cores for long masks (`ops::par::compact`).
pub(crate) fn mask_positions(mask: &[bool]) -> Result<Vec<usize>> {
    Ok(crate::ops::par::compact(mask, |&b| b, |i| i)?)
}

fn positions(xs: impl Iterator<Item = f64>, shape: &Dims, k: usize, n: usize) -> Result<Sub> {
    let mut idx = crate::ops::alloc_vec(shape.numel())?;
    for x in xs {
        idx.push(position(x, k, n)?);
    }
    Ok(Sub::List {
        idx,
        shape: shape.clone(),
        logical: false,
    })
}

/// A 1-based MATLAB subscript (subscript `k` of `n`) to a 0-based position.
pub fn position(x: f64, k: usize, n: usize) -> Result<usize> {
    // Octave's limit: integers 1 to 2^63 - 1.
    if x >= 1.0 && x.fract() == 0.0 && x < 2f64.powi(63) {
        return Ok(x as usize - 1);
    }
    Err(bad_subscript(&subscript_text(x), k, n))
}

const NOT_A_SUBSCRIPT: &str = "subscripts must be either integers 1 to (2^63)-1 or logicals";

fn bad_subscript(text: &str, k: usize, n: usize) -> Error {
    Error::index_fault(
        "Octave:invalid-index",
        position_text(k, n, text),
        NOT_A_SUBSCRIPT.into(),
    )
}

/// A bad subscript as Octave prints it: `%g` (`1.5`, `nan`, `-inf`), and
/// for a non-integer that `%g` shows as one, the nearest integer and the
/// difference (`2+1e-07`, `123456-0.5`). Octave works on the 0-based value,
/// so the text is of `(x - 1) + 1`.
fn subscript_text(x: f64) -> String {
    let x = (x - 1.0) + 1.0;
    let mut s = crate::ops::fmt_g(x);
    let nearest = (x + 0.5).floor();
    if !x.is_nan() && x != nearest && !s.contains('.') {
        let d = x - nearest;
        if d > 0.0 {
            s.push('+');
        }
        s.push_str(&crate::ops::fmt_g(d));
    }
    s
}

fn complex_text(z: C64) -> String {
    let im = crate::ops::fmt_g(z.im);
    let sign = if im.starts_with('-') { "" } else { "+" };
    format!("{}{sign}{im}i", crate::ops::fmt_g(z.re))
}

/// Octave's rendering of the subscripts of an index error: the offending
/// one (`k` of `n`) as `text`, the others as `_`, and five or more of them
/// on one side as `...[xN]...`.
fn position_text(k: usize, n: usize, text: &str) -> String {
    let mut s = if k < 4 {
        "_,".repeat(k)
    } else {
        format!("...[x{k}]...")
    };
    s.push_str(text);
    let rest = n.saturating_sub(k + 1);
    if rest < 5 {
        s.push_str(&",_".repeat(rest));
    } else {
        s.push_str(&format!("...[x{rest}]..."));
    }
    s
}

/// The effective extents seen by `n` subscripts: with fewer subscripts than
/// dimensions, the last one spans the remaining dimensions.
/// What `end` means as subscript `k` of `n` into an array of `dims`: that
/// extent of `effective_dims`, without making the list.
pub fn end_extent(dims: &Dims, k: usize, n: usize) -> usize {
    let d = dims.as_slice();
    if n > 0 && k == n - 1 && n < d.len() {
        return d[n - 1..].iter().product();
    }
    dims.get(k)
}

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

/// Subscript `k` of `n` reaches 0-based position `pos`, past `bound`.
pub(crate) fn out_of_bound(pos: usize, k: usize, n: usize, bound: usize, dims: &Dims) -> Error {
    Error::index_fault(
        "Octave:index-out-of-bounds",
        position_text(k, n, &(pos + 1).to_string()),
        format!(
            "out of bound {bound} (dimensions are {})",
            dims.to_string_x()
        ),
    )
}

/// Octave's error for growth it cannot place (`A(10) = 1` on a 2x2).
pub(crate) fn invalid_resize() -> Error {
    Error::with_id(
        "Octave:invalid-resize",
        "Invalid resizing operation or ambiguous assignment to an out-of-bounds array element",
    )
}

/// Octave's error for deleting past the end (`A(I) = []`, `A(..,I,..) = []`).
pub(crate) fn deletion_out_of_bound(linear: bool, pos: usize, bound: usize) -> Error {
    let what = if linear {
        "A(I) = []"
    } else {
        "A(..,I,..) = []"
    };
    Error::with_id(
        "Octave:index-out-of-bounds",
        format!(
            "{what}: index out of bounds: value {} out of bound {bound}",
            pos + 1
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
            Sub::Mask(m) => (m.bits().iter().position(|&b| b)?, m.end.checked_sub(1)?),
        };
        lo += a * stride;
        hi += b * stride;
        stride *= e;
    }
    Some(lo..hi + 1)
}

/// `A(subs...)` for any element type.
pub fn index_array<T: Clone>(a: &Array<T>, subs: &[Sub]) -> Result<Array<T>> {
    if subs.is_empty() {
        // `A()` is A itself.
        return Ok(a.clone());
    }
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
                let m = subs[0].max_plus_one();
                if m > n {
                    return Err(out_of_bound(m - 1, 0, 1, n, dims));
                }
                let mut out = crate::ops::alloc_vec(idx.len())?;
                out.extend(idx.iter().map(|&i| data[i].clone()));
                let rdims = linear_dims(dims, shape, *logical, out.len());
                Ok(Array::new(rdims, out))
            }
            Sub::Mask(m) => {
                if m.end > n {
                    return Err(out_of_bound(m.end - 1, 0, 1, n, dims));
                }
                let mut out = crate::ops::alloc_vec(m.count)?;
                out.extend(
                    data.iter()
                        .zip(m.bits())
                        .filter(|(_, &b)| b)
                        .map(|(x, _)| x.clone()),
                );
                Ok(Array::new(mask_dims(dims, m, out.len()), out))
            }
        };
    }
    let subs: &[Sub] = &listed(subs)?;
    let ext = effective_dims(dims, subs.len());
    let counts: Vec<usize> = subs.iter().zip(&ext).map(|(s, &e)| s.len(e)).collect();
    for (k, (s, &e)) in subs.iter().zip(&ext).enumerate() {
        let m = s.max_plus_one();
        if m > e {
            return Err(out_of_bound(m - 1, k, subs.len(), e, dims));
        }
    }
    let total = crate::ops::checked_numel(&counts)?;
    let mut out = crate::ops::alloc_vec(total)?;
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

/// The shape of `A(idx)` (one subscript of `shape`, a mask when
/// `logical`) with `len` elements, `A` of `dims`: a vector source keeps its
/// orientation, a mask over a matrix gives a column, else the index's shape.
pub(crate) fn linear_dims(dims: &Dims, shape: &Dims, logical: bool, len: usize) -> Dims {
    if dims.is_vector() && !dims.is_scalar() && (shape.is_vector() || logical) {
        if dims.is_row() {
            Dims::row(len)
        } else {
            Dims::col(len)
        }
    } else if logical && !shape.is_vector() {
        Dims::col(len)
    } else {
        shape.clone()
    }
}

/// The shape of `A(mask)` with `len` elements, `A` of `dims`.
fn mask_dims(dims: &Dims, m: &Mask, len: usize) -> Dims {
    linear_dims(dims, &m.shape(), true, len)
}

/// `A(mask)` for the element types whose fresh buffers come zeroed: the
/// elements gathered straight from the mask over the cores, into one
/// buffer of the result's size (`ops::par::compact`); `None` when the
/// subscript is not one mask.
fn index_mask_fresh<T: crate::ops::par::Fresh + Default>(
    a: &Array<T>,
    subs: &[Sub],
) -> Option<Result<Array<T>>> {
    let [Sub::Mask(m)] = subs else {
        return None;
    };
    let n = a.numel();
    if m.end > n {
        return Some(Err(out_of_bound(m.end - 1, 0, 1, n, a.dims())));
    }
    let data = a.data();
    let bits = m.bits().get(..n).unwrap_or(m.bits());
    let out = crate::ops::par::compact(bits, |&b| b, |i| data.get(i).copied().unwrap_or_default());
    Some(
        out.map_err(Error::from)
            .map(|v| Array::new(mask_dims(a.dims(), m, v.len()), v)),
    )
}

/// `A(mask) = []` for the element types whose fresh buffers come zeroed:
/// the unmasked elements gathered over the cores; `None` when the
/// subscript is not one mask at least as long as `A` that names something
/// inside it (the general path's cases, errors included).
fn delete_mask_fresh<T: crate::ops::par::Fresh + Default>(
    a: &Array<T>,
    subs: &[Sub],
) -> Option<Result<Array<T>>> {
    let [Sub::Mask(m)] = subs else {
        return None;
    };
    let n = a.numel();
    if m.count == 0 || m.end > n || m.bits().len() < n {
        return None;
    }
    let data = a.data();
    let out = crate::ops::par::compact(
        &m.bits()[..n],
        |&b| !b,
        |i| data.get(i).copied().unwrap_or_default(),
    );
    Some(
        out.map_err(Error::from)
            .map(|v| Array::new(deleted_dims(a.dims(), v.len()), v)),
    )
}

/// The shape left by `A(I) = []` with `len` elements left, `A` of `dims`.
/// MATLAB: a column vector stays a column; a scalar, a row, a matrix or an
/// N-d array leaves a row (`x = 7; x(1) = []` is 1x0).
fn deleted_dims(dims: &Dims, len: usize) -> Dims {
    match dims.as_slice() {
        [r, 1] if *r != 1 => Dims::col(len),
        _ => Dims::row(len),
    }
}

/// `A(idx)` of a real array with one subscript of many positions: the
/// elements gathered over the cores into one fresh buffer; `None` when
/// the subscript is not such a list (the general path's case).
fn index_linear_f64(a: &Array<f64>, subs: &[Sub]) -> Option<Result<Array<f64>>> {
    let [s @ Sub::List {
        idx,
        shape,
        logical,
    }] = subs
    else {
        return None;
    };
    if idx.len() < crate::ops::par::PAR_MIN {
        return None;
    }
    let n = a.numel();
    let m = s.max_plus_one();
    if m > n {
        return Some(Err(out_of_bound(m - 1, 0, 1, n, a.dims())));
    }
    let data = a.data();
    let out = crate::ops::par::map(idx, |i| data.get(i).copied().unwrap_or(0.0));
    Some(
        out.map_err(Error::from)
            .map(|v| Array::new(linear_dims(a.dims(), shape, *logical, v.len()), v)),
    )
}

/// `A(mask) = B` into an array of plain elements, the mask inside `A`:
/// written straight from the mask over the cores (`ops::par::scatter`),
/// `B` one value or one per true element. `None` when the case is not
/// this one (the general path's, growth and errors included).
fn assign_mask_plain<T: Copy + Send + Sync>(
    a: &mut Array<T>,
    subs: &[Sub],
    rhs: &Array<T>,
) -> Option<Result<()>> {
    let [Sub::Mask(m)] = subs else {
        return None;
    };
    if m.end > a.numel() {
        return None;
    }
    if let Err(e) = check_rhs_count(m.count, rhs, &Dims::col(m.count)) {
        return Some(Err(e));
    }
    if m.count == 0 {
        return Some(Ok(()));
    }
    let data = match a.try_data_mut() {
        Ok(d) => d,
        Err(e) => return Some(Err(e.into())),
    };
    crate::ops::par::scatter(data, m.bits(), rhs.data());
    Some(Ok(()))
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
        // Octave reports a linear target as a column: `op1 is 3x1`.
        check_rhs_count(count, rhs, &Dims::col(count))?;
        let need = subs[0].max_plus_one();
        if need > n {
            // Growth (Octave's rule, after MATLAB's): 0xN and 1xN grow as
            // rows, Nx1 as a column; anything else is ambiguous.
            let new_dims = match dims.as_slice() {
                [0 | 1, _] => Dims::row(need),
                [_, 1] => Dims::col(need),
                _ => return Err(invalid_resize()),
            };
            let v = grown_vec(a, need, fill)?;
            *a = Array::new(new_dims, v);
        }
        let rd = rhs.data();
        let scalar = rd.len() == 1;
        let data = a.try_data_mut()?;
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
            Sub::Mask(m) => {
                let picked = data.iter_mut().zip(m.bits()).filter(|(_, &b)| b);
                for (k, (slot, _)) in picked.enumerate() {
                    *slot = if scalar { rd[0].clone() } else { rd[k].clone() };
                }
            }
        }
        return Ok(());
    }
    let subs: &[Sub] = &listed(subs)?;
    // N-d: work out the grown extents and check the rhs before touching `a`,
    // so a failed assignment leaves it unchanged.
    let nsub = subs.len();
    let mut ext = effective_dims(&dims, nsub);
    let mut grow = false;
    for (k, s) in subs.iter().enumerate() {
        let m = s.max_plus_one();
        if m > ext[k] {
            if dims.ndims() > nsub {
                // Fewer subscripts than dimensions fold the trailing ones
                // into the last: no growth of such an array has a shape.
                return Err(invalid_resize());
            }
            ext[k] = m;
            grow = true;
        }
    }
    // `A(:, 1) = x` on an A whose every extent is 0 takes the extent of `:`
    // from the rhs; on any other empty (1x0, 0x3) `:` keeps its extent.
    if dims.as_slice().iter().all(|&d| d == 0) {
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
    if let Err(e) = check_rhs_count(total, rhs, &Dims::new(&counts)) {
        // Nothing selected and nothing given, in different empty shapes: a
        // no-op (Octave), which grows nothing.
        if total == 0 && rhs.numel() == 0 {
            return Ok(());
        }
        return Err(e);
    }
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
    let data = a.try_data_mut()?;
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

/// The elements of `a` padded with `fill` to `need`. An unshared vector
/// grows in place with headroom (a quarter more), so appending one
/// element at a time (`c{end+1} = v`, `x(end+1) = k`, `s(end+1).a = v`)
/// costs amortized constant time, and the elements are moved, never
/// cloned; a shared one is copied. On error `a` is unchanged.
fn grown_vec<T: Clone>(a: &mut Array<T>, need: usize, fill: T) -> Result<Vec<T>> {
    let dims = a.dims().clone();
    let old = std::mem::replace(a, Array::empty_with(Dims::empty()));
    let mut v = match old.into_unshared_vec() {
        Ok(v) => v,
        Err(shared) => {
            *a = shared;
            let mut v = crate::ops::alloc_vec(need)?;
            v.extend_from_slice(a.data());
            v.resize(need, fill);
            return Ok(v);
        }
    };
    if v.capacity() < need {
        let roomy = need.saturating_add(need / 4);
        let bigger = crate::ops::alloc_vec(roomy).or_else(|_| crate::ops::alloc_vec(need));
        match bigger {
            Ok(mut b) => {
                b.append(&mut v);
                v = b;
            }
            Err(e) => {
                *a = Array::new(dims, v);
                return Err(e);
            }
        }
    }
    v.resize(need, fill);
    Ok(v)
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
    // Growth that keeps every element where it lies in memory (columns
    // added to a matrix, pages to an N-d array: every extent before the
    // last one the array has is unchanged) appends to the elements, in
    // place with headroom when they are not shared (`grown_vec`), so
    // `A(:, end+1) = col` costs amortized constant time per column.
    let last = od.iter().rposition(|&d| d > 1).unwrap_or(0);
    let keeps = (0..last).all(|j| nd.get(j) == Some(&od[j]))
        && od
            .iter()
            .enumerate()
            .all(|(j, &o)| o <= nd.get(j).copied().unwrap_or(1));
    if keeps && total >= a.numel() {
        let v = grown_vec(a, total, fill)?;
        *a = Array::new(new_dims.clone(), v);
        return Ok(());
    }
    let mut out = crate::ops::alloc_vec(total)?;
    out.resize(total, fill);
    let src = a.data();
    if !src.is_empty() {
        // Column by column: each run of `od[0]` elements is contiguous in
        // both layouts.
        let nstr = new_dims.strides();
        let rank = od.len();
        let run = od[0];
        let mut counter = vec![0usize; rank];
        'outer: for chunk in src.chunks(run.max(1)) {
            let noff: usize = (1..rank)
                .map(|d| counter[d] * nstr.get(d).copied().unwrap_or(0))
                .sum();
            out[noff..noff + chunk.len()].clone_from_slice(chunk);
            for d in 1..rank {
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
            Sub::Mask(m) => {
                if m.count == 0 {
                    return Ok(a.clone());
                }
                if m.end > n {
                    return Err(deletion_out_of_bound(true, m.end - 1, n));
                }
                let src = a.data();
                let mut out = crate::ops::alloc_vec(n - m.count)?;
                let bits = m.bits();
                out.extend(
                    src.iter()
                        .zip(bits)
                        .filter(|(_, &b)| !b)
                        .map(|(x, _)| x.clone()),
                );
                // Past a short mask's end everything is kept.
                out.extend_from_slice(src.get(bits.len()..).unwrap_or(&[]));
                return Ok(Array::new(deleted_dims(dims, out.len()), out));
            }
        };
        if del.is_empty() {
            return Ok(a.clone());
        }
        let m = subs[0].max_plus_one();
        if m > n {
            return Err(deletion_out_of_bound(true, m - 1, n));
        }
        let out = if del.windows(2).all(|w| w[0] <= w[1]) {
            // Ascending positions (a mask's always are): the runs between
            // them copied whole, no flag per element.
            let mut kept = n;
            let mut last = None;
            for &i in del {
                if last != Some(i) {
                    kept -= 1;
                }
                last = Some(i);
            }
            let mut out = crate::ops::alloc_vec(kept)?;
            let src = a.data();
            let mut from = 0;
            for &i in del {
                if i >= from {
                    out.extend_from_slice(src.get(from..i).unwrap_or(&[]));
                    from = i + 1;
                }
            }
            out.extend_from_slice(src.get(from..).unwrap_or(&[]));
            out
        } else {
            let mut keep = crate::ops::alloc_vec(n)?;
            keep.resize(n, true);
            for &i in del {
                keep[i] = false;
            }
            let mut out = crate::ops::alloc_vec(keep.iter().filter(|&&k| k).count())?;
            out.extend(
                a.data()
                    .iter()
                    .zip(&keep)
                    .filter(|(_, &k)| k)
                    .map(|(x, _)| x.clone()),
            );
            out
        };
        return Ok(Array::new(deleted_dims(dims, out.len()), out));
    }
    let subs: &[Sub] = &listed(subs)?;
    let ext = effective_dims(dims, subs.len());
    // An empty subscript deletes nothing, if it comes before a second
    // subscript that selects part of its dimension (Octave, after MATLAB).
    let mut partial = 0;
    for (s, &e) in subs.iter().zip(&ext) {
        match s {
            Sub::List { idx, .. } if idx.is_empty() => return Ok(a.clone()),
            Sub::List { idx, .. } if !covers(idx, e) => {
                partial += 1;
                if partial == 2 {
                    break;
                }
            }
            _ => {}
        }
    }
    // Exactly one subscript may select a strict subset.
    let mut which = None;
    for (k, s) in subs.iter().enumerate() {
        let full = match s {
            Sub::All => true,
            Sub::List { idx, .. } => {
                let m = s.max_plus_one();
                if m > ext[k] {
                    return Err(deletion_out_of_bound(false, m - 1, ext[k]));
                }
                covers(idx, ext[k])
            }
            // (Listed above; a mask covers its extent when all of it is true.)
            Sub::Mask(m) => {
                if m.end > ext[k] {
                    return Err(deletion_out_of_bound(false, m.end - 1, ext[k]));
                }
                m.count == ext[k]
            }
        };
        if !full {
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

/// Whether positions `idx` name every position below `extent` (and no other).
fn covers(idx: &[usize], extent: usize) -> bool {
    let mut seen = vec![false; extent];
    for &i in idx {
        match seen.get_mut(i) {
            Some(s) => *s = true,
            None => return false,
        }
    }
    seen.iter().all(|&b| b)
}

// ---------- class-level wrappers ----------

/// `v(subs...)` for any value.
pub fn index_value(v: &Value, subs: &[Sub]) -> Result<Value> {
    if subs.is_empty() {
        // `v()` is v itself, whatever its class.
        return Ok(v.clone());
    }
    // Fast path: scalar subscript into a real array.
    if let (Value::Num(a), [Sub::List { idx, .. }]) = (v, subs) {
        if idx.len() == 1 {
            return match a.data().get(idx[0]) {
                Some(&x) => Ok(Value::num(x)),
                None => Err(out_of_bound(idx[0], 0, 1, a.numel(), a.dims())),
            };
        }
    }
    match v {
        Value::Num(a) => {
            if let Some(r) = index_linear_f64(a, subs).or_else(|| index_mask_fresh(a, subs)) {
                return Ok(Value::Num(r?));
            }
        }
        Value::Complex(a) => {
            if let Some(r) = index_mask_fresh(a, subs) {
                return Ok(Value::Complex(r?).narrowed());
            }
        }
        Value::Bool(a) => {
            if let Some(r) = index_mask_fresh(a, subs) {
                return Ok(Value::Bool(r?));
            }
        }
        _ => {}
    }
    Ok(match v {
        Value::Num(a) => Value::Num(index_array(a, subs)?),
        Value::Complex(a) => Value::Complex(index_array(a, subs)?).narrowed(),
        Value::Bool(a) => Value::Bool(index_array(a, subs)?),
        Value::Char(a) => Value::Char(index_array(a, subs)?),
        Value::SingleComplex(a) => Value::SingleComplex(index_array(a, subs)?).narrowed(),
        Value::Single(_) | Value::Int(_) | Value::Cell(_) | Value::Struct(_) => {
            crate::each_array!("index", v, |a| index_array(a, subs)?)
        }
        Value::Sparse(s) => crate::builtins::sparse::index::index(s, subs)?,
        Value::Func(_) => {
            let d = index_array(&Array::scalar(()), subs)?.dims().clone();
            if !d.is_scalar() {
                return Err(Error::new(
                    "function handles cannot be indexed into an array",
                ));
            }
            v.clone()
        }
    })
}

/// The one element `subs` name in an array of `dims`: `Ok(Some(p))` with
/// its 0-based column-major position when it exists, `Ok(None)` when it
/// lies past the end (assigning it grows the array), and `Err(count)` when
/// the subscripts name `count` elements rather than one.
pub fn one_position(dims: &Dims, subs: &[Sub]) -> std::result::Result<Option<usize>, usize> {
    let ext = effective_dims(dims, subs.len().max(1));
    let count: usize = if let [s] = subs {
        s.len(dims.numel())
    } else {
        subs.iter().zip(&ext).map(|(s, &e)| s.len(e)).product()
    };
    if count != 1 {
        return Err(count);
    }
    if let [s] = subs {
        let p = s.get(0);
        return Ok((p < dims.numel()).then_some(p));
    }
    let (mut off, mut stride) = (0, 1);
    for (s, &e) in subs.iter().zip(&ext) {
        let p = s.get(0);
        if p >= e {
            return Ok(None);
        }
        off += p * stride;
        stride *= e;
    }
    Ok(Some(off))
}

/// MATLAB's error for an indexed assignment that would change a value's
/// class to or from a container (`c(2) = 5` on a cell).
pub fn no_conversion(target: &Value, rhs: &Value) -> Error {
    Error::new(format!(
        "Conversion to {} from {} is not possible.",
        target.class_name(),
        rhs.class_name()
    ))
}

/// `target(subs...) = rhs` where `rhs` is a struct: `target` is a struct
/// array (or undefined, or `[]`) and takes `rhs`'s elements; a struct
/// array only takes structs with the same field names (in any order: they
/// are put in the target's), as in MATLAB.
fn assign_struct(target: &mut Option<Value>, subs: &[Sub], rhs: &StructArray) -> Result<()> {
    let fresh = || StructArray::filled(rhs.names().to_vec(), Dims::empty());
    match target {
        None => {
            let mut s = fresh();
            assign_records(&mut s, subs, rhs)?;
            *target = Some(Value::structure(s));
            Ok(())
        }
        Some(v) if is_bare_empty(v) => {
            let mut s = fresh();
            assign_records(&mut s, subs, rhs)?;
            *v = Value::structure(s);
            Ok(())
        }
        Some(Value::Struct(s)) => assign_records(s, subs, rhs),
        Some(t) => Err(Error::new(format!(
            "operator =: no conversion for assignment of '{}' to indexed '{}'",
            if rhs.is_scalar() {
                "scalar struct"
            } else {
                "struct"
            },
            crate::ops::type_name(t)
        ))),
    }
}

/// The records of `rhs` assigned into `s(subs...)`, with `rhs`'s fields
/// put in `s`'s order.
fn assign_records(s: &mut StructArray, subs: &[Sub], rhs: &StructArray) -> Result<()> {
    let same_set =
        s.names().len() == rhs.names().len() && s.names().iter().all(|n| rhs.has_field(n));
    if !same_set {
        return Err(Error::new("incompatible fields in struct assignment"));
    }
    let order: Vec<usize> = s
        .names()
        .iter()
        .filter_map(|n| rhs.field_index(n))
        .collect();
    let records = if order.iter().enumerate().all(|(i, &j)| i == j) {
        rhs.elems().clone()
    } else {
        rhs.elems()
            .try_map(|r| order.iter().map(|&j| r[j].clone()).collect::<Record>())?
    };
    let blank: Record = vec![Value::empty(); s.names().len()].into_boxed_slice();
    assign_array(s.elems_mut(), subs, &records, blank)
}

/// The 0x0 double `[]`, which indexed assignment treats as no value yet
/// (`x = []; x(2).a = 1`, `x = []; x{3} = 1`).
pub fn is_bare_empty(v: &Value) -> bool {
    matches!(v, Value::Num(a) if a.dims().as_slice() == [0, 0])
}

/// The logical elements of an assigned value (nonzero is true).
fn logical_elems(rhs: &Value) -> Result<std::borrow::Cow<'_, Array<bool>>> {
    Ok(match rhs {
        Value::Bool(r) => std::borrow::Cow::Borrowed(r),
        Value::Char(_) => {
            return Err(Error::new(
                "Conversion to logical from char is not possible.",
            ))
        }
        other => {
            let r = other.to_num_array("assignment")?;
            if r.data().iter().any(|x| x.is_nan()) {
                return Err(Error::with_id(
                    "Octave:nan-to-logical-conversion",
                    "invalid conversion from NaN to logical",
                ));
            }
            std::borrow::Cow::Owned(r.try_map(|&x| x != 0.0)?)
        }
    })
}

/// The char elements of an assigned value (`crate::value::char_codes`:
/// NaN is refused).
fn char_elems(rhs: &Value) -> Result<std::borrow::Cow<'_, Array<u16>>> {
    Ok(match rhs {
        Value::Char(r) => std::borrow::Cow::Borrowed(r),
        other => std::borrow::Cow::Owned(crate::value::char_codes(
            &other.to_num_array("assignment")?,
        )?),
    })
}

/// `target(subs...) = rhs` in place. On error `target` is left unchanged;
/// `None` is an undefined variable. The class of the result, one table for
/// every indexed assignment (MATLAB keeps the target's class; Octave agrees
/// and adds that a complex value makes any real target complex):
///
/// | target \ rhs      | double  | logical | char    | complex |
/// |-------------------|---------|---------|---------|---------|
/// | undefined         | double  | logical | char    | complex |
/// | double (also `[]`)| double  | double  | double  | complex |
/// | logical           | logical | logical | error   | complex |
/// | char              | char    | char    | char    | complex |
/// | complex           | complex | complex | complex | complex |
///
/// Integer and single targets keep their class (a complex value makes an
/// integer target complex double, as in Octave, and a single target
/// complex single); an undefined target takes the class of the rhs.
///
/// Numbers become logical as nonzero (NaN is an error) and char as
/// `char_codes` does (rounded half away from zero, saturated; NaN is an
/// error). Complex
/// results with all imaginary parts zero narrow to double, as in Octave.
/// Cells take cells (`c(2) = {5}`); structs go through `assign_struct`.
pub fn assign_value(target: &mut Option<Value>, subs: &[Sub], rhs: &Value) -> Result<()> {
    let zero = C64::new(0.0, 0.0);
    if let (None, Value::Sparse(_)) = (&target, rhs) {
        // `x(i, j) = S` for a new `x` makes a sparse `x`, as MATLAB does.
        *target = Some(crate::builtins::sparse::empty_value());
        return assign_value(target, subs, rhs);
    }
    match (target.as_mut(), rhs) {
        (Some(Value::Sparse(t)), _) => crate::builtins::sparse::index::assign(t, subs, rhs),
        (Some(t @ Value::Cell(_)), Value::Struct(_)) => Err(no_conversion(t, rhs)),
        (_, Value::Struct(r)) => assign_struct(target, subs, r),
        (None, Value::Cell(r)) => {
            let mut a = Array::empty_with(Dims::empty());
            assign_array(&mut a, subs, r, Value::empty())?;
            *target = Some(Value::cell(a));
            Ok(())
        }
        (Some(t), Value::Cell(r)) if is_bare_empty(t) => {
            let mut a = Array::empty_with(Dims::empty());
            assign_array(&mut a, subs, r, Value::empty())?;
            *t = Value::cell(a);
            Ok(())
        }
        (None, _) => {
            // An undefined variable starts as a 0x0 array of the rhs class.
            let fresh = match rhs {
                Value::Bool(_) => Value::Bool(Array::empty_with(Dims::empty())),
                Value::Char(_) => Value::Char(Array::empty_with(Dims::empty())),
                Value::Complex(_) => Value::Complex(Array::empty_with(Dims::empty())),
                Value::Int(_) | Value::Single(_) | Value::SingleComplex(_) => {
                    crate::ops::classes::convert(&Value::empty(), rhs.class())?
                }
                _ => Value::empty(),
            };
            let mut slot = Some(fresh);
            assign_value(&mut slot, subs, rhs)?;
            *target = slot;
            Ok(())
        }
        (Some(Value::Cell(a)), Value::Cell(r)) => assign_array(a, subs, r, Value::empty()),
        (Some(t @ (Value::Cell(_) | Value::Struct(_))), _) => Err(no_conversion(t, rhs)),
        (Some(Value::Func(_)), _) | (_, Value::Func(_)) => Err(Error::new(
            "operator = undefined for function handle indexed assignment",
        )),
        (Some(t), Value::Cell(_)) => Err(no_conversion(t, rhs)),
        (Some(Value::Complex(a)), _) => {
            let r = rhs.to_complex_array("assignment")?;
            assign_array(a, subs, &r, zero)?;
            *target = target.take().map(Value::narrowed);
            Ok(())
        }
        (Some(Value::Single(a)), Value::Complex(_)) => {
            // A complex value makes a single target complex single.
            let c = a.try_map(|&x| crate::value::C32::new(x, 0.0))?;
            let mut slot = Some(Value::SingleComplex(c));
            assign_value(&mut slot, subs, rhs)?;
            *target = slot;
            Ok(())
        }
        (Some(Value::SingleComplex(a)), _) => {
            let r = rhs
                .to_complex_array("assignment")?
                .try_map(|z| crate::value::C32::new(z.re as f32, z.im as f32))?;
            assign_array(a, subs, &r, crate::value::C32::new(0.0, 0.0))?;
            *target = target.take().map(Value::narrowed);
            Ok(())
        }
        (Some(t), Value::Complex(r)) => {
            let mut a = t.to_complex_array("assignment")?;
            assign_array(&mut a, subs, r, zero)?;
            *target = Some(Value::Complex(a).narrowed());
            Ok(())
        }
        (Some(Value::Num(a)), Value::Num(r)) => match assign_mask_plain(a, subs, r) {
            Some(done) => done,
            None => assign_array(a, subs, r, 0.0),
        },
        (Some(Value::Num(a)), _) => assign_array(a, subs, &rhs.to_num_array("assignment")?, 0.0),
        (Some(Value::Bool(a)), _) => {
            let r = logical_elems(rhs)?;
            match assign_mask_plain(a, subs, r.as_ref()) {
                Some(done) => done,
                None => assign_array(a, subs, r.as_ref(), false),
            }
        }
        (Some(Value::Char(a)), _) => assign_array(a, subs, char_elems(rhs)?.as_ref(), 0u16),
        (Some(Value::Single(a)), _) => {
            let r = rhs.to_num_array("assignment")?.try_map(|&x| x as f32)?;
            assign_array(a, subs, &r, 0.0f32)
        }
        (Some(Value::Int(ia)), _) => crate::with_int!(ia, a => assign_int(a, subs, rhs)),
    }
}

/// `a(subs...) = rhs` into an integer array: `rhs` converted to its class
/// as the class's constructor converts (exactly from another integer
/// class, rounded and saturated from doubles); growth pads with zeros.
fn assign_int<T: crate::value::IntElem>(a: &mut Array<T>, subs: &[Sub], rhs: &Value) -> Result<()> {
    let r = crate::ops::classes::int_elems::<T>(rhs)?;
    assign_array(a, subs, &r, T::default())
}

/// `target(subs...) = []`.
pub fn delete_value(target: &Value, subs: &[Sub]) -> Result<Value> {
    match target {
        Value::Num(a) => {
            if let Some(r) = delete_mask_fresh(a, subs) {
                return Ok(Value::Num(r?));
            }
        }
        Value::Complex(a) => {
            if let Some(r) = delete_mask_fresh(a, subs) {
                return Ok(Value::Complex(r?).narrowed());
            }
        }
        Value::Bool(a) => {
            if let Some(r) = delete_mask_fresh(a, subs) {
                return Ok(Value::Bool(r?));
            }
        }
        _ => {}
    }
    Ok(match target {
        Value::Num(a) => Value::Num(delete_array(a, subs)?),
        Value::Complex(a) => Value::Complex(delete_array(a, subs)?).narrowed(),
        Value::Bool(a) => Value::Bool(delete_array(a, subs)?),
        Value::Char(a) => Value::Char(delete_array(a, subs)?),
        Value::SingleComplex(a) => Value::SingleComplex(delete_array(a, subs)?).narrowed(),
        Value::Single(_) | Value::Int(_) | Value::Cell(_) | Value::Struct(_) => {
            crate::each_array!("delete", target, |a| delete_array(a, subs)?)
        }
        Value::Func(_) => return Err(Error::new("function handles cannot be deleted from")),
        Value::Sparse(s) => crate::builtins::sparse::index::delete(s, subs)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_extent_is_the_extent_effective_dims_gives() {
        for d in [
            vec![0, 0],
            vec![1, 5],
            vec![4, 1],
            vec![2, 3, 4],
            vec![2, 3, 1, 5],
        ] {
            let dims = Dims::new(&d);
            for n in 1..=5 {
                let all = effective_dims(&dims, n);
                for (k, want) in all.iter().enumerate() {
                    assert_eq!(end_extent(&dims, k, n), *want, "{d:?} k={k} n={n}");
                }
            }
        }
    }

    use crate::test_rng::Rng;

    /// Test data: ordinary numbers from -62.5 to 62.5 with NaN, ±Inf and
    /// ±0 mixed in (12 in 64).
    fn num(rng: &mut Rng) -> f64 {
        rng.num(12, 1000)
    }

    fn bits(a: &[f64]) -> Vec<u64> {
        a.iter().map(|x| x.to_bits()).collect()
    }

    #[test]
    fn masked_read_write_and_delete_of_large_arrays_match_the_plain_loops() {
        let mut rng = Rng::new(4242);
        let big = crate::ops::par::PAR_MIN * 3 + 11;
        for (dims, density) in [
            (Dims::col(big), 32),
            (Dims::row(big), 63),
            (Dims::mat(1000, big / 1000), 5),
            (Dims::new(&[10, 20, big / 200]), 64),
            (Dims::col(big), 0),
            (Dims::col(7), 30),
        ] {
            let n = dims.numel();
            let x = Array::new(dims.clone(), (0..n).map(|_| num(&mut rng)).collect());
            let mask = rng.mask(n, density);
            let want_pos: Vec<usize> = (0..n).filter(|&i| mask[i]).collect();
            let sub = to_sub(&Value::Bool(Array::new(dims.clone(), mask.clone())), 0, 1).unwrap();
            let Sub::Mask(m) = &sub else {
                panic!("a mask is kept as the mask")
            };
            assert_eq!(m.positions().collect::<Vec<_>>(), want_pos);
            assert_eq!(
                (m.count(), m.end()),
                (want_pos.len(), want_pos.last().map_or(0, |&i| i + 1))
            );
            // Read: the masked elements in order, shaped as MATLAB shapes them.
            let got = index_value(&Value::Num(x.clone()), std::slice::from_ref(&sub)).unwrap();
            let want: Vec<f64> = want_pos.iter().map(|&i| x.data()[i]).collect();
            let Value::Num(g) = &got else { panic!("class") };
            assert_eq!(bits(g.data()), bits(&want));
            let shape = if dims.is_row() {
                Dims::row(want.len())
            } else {
                Dims::col(want.len())
            };
            assert_eq!(g.dims(), &shape);
            // Write a scalar, and one value per position, into a shared copy.
            for rhs in [
                Value::num(-0.0),
                Value::Num(Array::col((0..want.len()).map(|k| k as f64).collect())),
            ] {
                let keep = x.clone();
                let mut t = Some(Value::Num(x.clone()));
                assign_value(&mut t, std::slice::from_ref(&sub), &rhs).unwrap();
                let mut plain = x.data().to_vec();
                let r = match &rhs {
                    Value::Num(r) => r.data().to_vec(),
                    _ => unreachable!(),
                };
                for (k, &i) in want_pos.iter().enumerate() {
                    plain[i] = if r.len() == 1 { r[0] } else { r[k] };
                }
                let Some(Value::Num(t)) = t else {
                    panic!("class")
                };
                assert_eq!(bits(t.data()), bits(&plain));
                assert_eq!(t.dims(), &dims);
                assert_eq!(bits(keep.data()), bits(x.data()), "shared source written");
            }
            // A wrong count is refused and leaves the target as it was.
            if want.len() > 2 {
                let mut t = Some(Value::Num(x.clone()));
                let bad = Value::row(vec![1.0, 2.0]);
                assert!(assign_value(&mut t, std::slice::from_ref(&sub), &bad).is_err());
                assert!(matches!(&t, Some(Value::Num(a)) if bits(a.data()) == bits(x.data())));
            }
            // Delete: the unmasked elements in order.
            let d = delete_value(&Value::Num(x.clone()), std::slice::from_ref(&sub)).unwrap();
            let kept: Vec<f64> = (0..n).filter(|&i| !mask[i]).map(|i| x.data()[i]).collect();
            let Value::Num(d) = d else { panic!("class") };
            if !want_pos.is_empty() {
                assert_eq!(bits(d.data()), bits(&kept));
            }
        }
    }

    /// `v` of every class with the elements of `x` (made to fit the
    /// class: finite for integers, small codes for char).
    fn of_every_class(x: &Array<f64>, rng: &mut Rng) -> Vec<Value> {
        let d = x.dims().clone();
        let finite = x.map(|&t| if t.is_finite() { t } else { 3.0 });
        let mut out = vec![
            Value::Num(x.clone()),
            Value::Complex(x.map(|&t| C64::new(t, num(rng)))),
            Value::Bool(x.map(|&t| t > 0.0)),
            Value::Char(x.map(|&t| 32 + (t.abs() as u16 % 90))),
            Value::cell(x.map(|&t| Value::num(t))),
            Value::structure(crate::value::StructArray::new(
                vec!["a".to_string()],
                x.map(|&t| vec![Value::row(vec![t, 1.0])].into_boxed_slice()),
            )),
        ];
        for class in [crate::value::Class::Single, crate::value::Class::Int8]
            .into_iter()
            .chain(crate::value::Class::INTEGERS)
        {
            let v = crate::ops::classes::convert(&Value::Num(finite.clone()), class).unwrap();
            assert_eq!(v.dims(), d);
            out.push(v);
        }
        out
    }

    /// A result or an error as text, NaN and -0 included.
    fn shown<T: std::fmt::Debug>(r: &Result<T>) -> String {
        match r {
            Ok(v) => format!("{v:?}"),
            Err(e) => format!("error: {}", e.message),
        }
    }

    #[test]
    fn a_mask_gives_what_its_positions_give_for_every_class_shape_and_length() {
        let mut rng = Rng::new(99);
        let big = crate::ops::par::PAR_MIN + 77;
        for dims in [
            Dims::row(9),
            Dims::col(9),
            Dims::mat(3, 4),
            Dims::new(&[2, 3, 2]),
            Dims::empty(),
            Dims::row(0),
            Dims::mat(0, 3),
            Dims::scalar(),
            Dims::col(big),
        ] {
            let n = dims.numel();
            let x = Array::new(dims.clone(), (0..n).map(|_| num(&mut rng)).collect());
            let other = Array::new(dims.clone(), (0..n).map(|_| num(&mut rng)).collect());
            let (values, others) = (
                of_every_class(&x, &mut rng),
                of_every_class(&other, &mut rng),
            );
            // Masks as long as x (in x's shape and as a row), shorter,
            // longer with a false tail, longer with true past the end.
            let mut masks: Vec<Array<bool>> = vec![
                Array::new(dims.clone(), rng.mask(n, 20)),
                Array::row(rng.mask(n, 50)),
                Array::col(rng.mask(n.saturating_sub(2), 32)),
                Array::row([rng.mask(n, 10), vec![false; 3]].concat()),
            ];
            let mut past = rng.mask(n + 4, 16);
            past[n + 1] = true;
            past[n + 2..].fill(false);
            masks.push(Array::row(past));
            for bits in masks {
                if bits.numel() == 1 {
                    continue; // a scalar mask is a position, not a `Mask`
                }
                let sub = to_sub(&Value::Bool(bits.clone()), 0, 1).unwrap();
                assert!(matches!(sub, Sub::Mask(_)), "{sub:?}");
                let mask = [sub];
                let list = listed(&mask).unwrap().into_owned();
                assert!(matches!(&list[0], Sub::List { logical: true, .. }));
                let what = format!("{dims:?} mask {:?}", bits.dims());
                for (v, w) in values.iter().zip(&others) {
                    let what = format!("{what} {}", v.class_name());
                    let got = index_value(v, &mask);
                    assert_eq!(shown(&got), shown(&index_value(v, &list)), "read {what}");
                    if let Err(e) = &got {
                        assert!(
                            e.message
                                .contains(&format!("({}): out of bound {n}", n + 2)),
                            "{what}: {}",
                            e.message
                        );
                    }
                    assert_eq!(
                        shown(&delete_value(v, &mask)),
                        shown(&delete_value(v, &list)),
                        "delete {what}"
                    );
                    // Written with one value, and with one value per
                    // position (from the same class), into a shared copy.
                    let mut rhss = Vec::new();
                    if let Ok(r) = index_value(w, &list) {
                        rhss.push(r);
                    }
                    if !w.is_empty() {
                        rhss.push(index_value(w, &[list_of(&[0])]).unwrap());
                    }
                    for rhs in rhss {
                        let keep = format!("{v:?}");
                        let (mut a, mut b) = (Some(v.clone()), Some(v.clone()));
                        let ra = assign_value(&mut a, &mask, &rhs);
                        let rb = assign_value(&mut b, &list, &rhs);
                        assert_eq!(shown(&ra), shown(&rb), "write {what}");
                        assert_eq!(format!("{a:?}"), format!("{b:?}"), "write {what}");
                        assert_eq!(format!("{v:?}"), keep, "shared source written");
                    }
                }
            }
        }
    }

    fn list_of(v: &[usize]) -> Sub {
        Sub::List {
            idx: v.to_vec(),
            shape: Dims::row(v.len()),
            logical: false,
        }
    }

    #[test]
    fn deleting_repeated_and_unordered_positions_keeps_the_rest_in_order() {
        let x = Array::row(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        for del in [vec![1, 1, 3], vec![3, 1, 1], vec![5, 0], vec![0, 0, 5, 5]] {
            let r = delete_array(&x, &[list(&del)]).unwrap();
            let want: Vec<f64> = (0..6)
                .filter(|i| !del.contains(i))
                .map(|i| x.data()[i])
                .collect();
            assert_eq!(r.data(), want.as_slice(), "{del:?}");
        }
    }

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
    fn bad_subscripts_and_positions_print_as_octave_does() {
        assert_eq!(subscript_text(1.5), "1.5");
        assert_eq!(subscript_text(2.0000001), "2+1e-07");
        assert_eq!(subscript_text(123456.5), "123456-0.5");
        assert_eq!(subscript_text(f64::NAN), "nan");
        assert_eq!(subscript_text(-1e-20), "0");
        assert_eq!(position_text(0, 1, "5"), "5");
        assert_eq!(position_text(1, 2, "3"), "_,3");
        assert_eq!(position_text(4, 5, "7"), "...[x4]...7");
        assert_eq!(position_text(5, 8, "0"), "...[x5]...0,_,_");
        assert_eq!(position_text(0, 6, "0"), "0...[x5]...");
        let e = index_array(&Array::row(vec![1.0, 2.0]), &[list(&[0]), list(&[4])]).unwrap_err();
        assert_eq!(
            e.message,
            "index (_,5): out of bound 2 (dimensions are 1x2)"
        );
        assert_eq!(
            e.in_variable(Some("v")).message,
            "v(_,5): out of bound 2 (dimensions are 1x2)"
        );
    }

    #[test]
    fn linear_growth_and_deletion_shapes() {
        let grown = |d: Dims| {
            let mut a: Array<f64> = Array::filled(d, 0.0);
            assign_array(&mut a, &[list(&[2])], &Array::scalar(1.0), 0.0).map(|_| a.dims().clone())
        };
        assert_eq!(grown(Dims::mat(0, 1)).unwrap(), Dims::row(3));
        assert_eq!(grown(Dims::mat(0, 3)).unwrap(), Dims::row(3));
        assert_eq!(grown(Dims::mat(2, 1)).unwrap(), Dims::col(3));
        assert!(grown(Dims::mat(2, 0)).is_err());
        let gone =
            |d: Dims, at: &[usize]| delete_array(&Array::filled(d, 0.0), &[list(at)]).unwrap();
        assert_eq!(gone(Dims::scalar(), &[0]).dims(), &Dims::row(0));
        assert_eq!(gone(Dims::col(3), &[0]).dims(), &Dims::col(2));
        assert_eq!(gone(Dims::mat(3, 3), &[0, 4]).dims(), &Dims::row(7));
    }

    #[test]
    fn one_position_names_an_element_or_growth() {
        let d = Dims::mat(2, 3);
        assert_eq!(one_position(&d, &[list(&[1]), list(&[2])]), Ok(Some(5)));
        assert_eq!(one_position(&d, &[list(&[4])]), Ok(Some(4)));
        assert_eq!(one_position(&d, &[list(&[2]), list(&[0])]), Ok(None));
        assert_eq!(one_position(&d, &[list(&[6])]), Ok(None));
        assert_eq!(one_position(&d, &[Sub::All, list(&[0])]), Err(2));
        assert_eq!(one_position(&Dims::scalar(), &[Sub::All]), Ok(Some(0)));
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
