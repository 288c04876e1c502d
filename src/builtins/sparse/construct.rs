//! Building sparse matrices and reading them back: `sparse`, `full`,
//! `issparse`, `nnz`, `nzmax`, `nonzeros`, `spones`, `speye`, `spalloc`,
//! `find`, `spdiags`, `sprand`, `sprandn`, `sprandsym`, `spfun`.

use super::{full_value, to_sparse, value, NumCsc};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::sparse::{Csc, SpData, SpElem, SparseMatrix};
use crate::value::{Array, Dims, Value, C64};

pub(super) fn nargs(fname: &str, args: &[Value], min: usize, max: usize) -> Result<()> {
    crate::builtins::util::nargchk(fname, args.len(), min, max)
}

/// A real scalar argument.
pub(super) fn scalar(fname: &str, v: &Value) -> Result<f64> {
    v.scalar_f64(fname)
}

/// A size argument: a non-negative integer (Octave clamps negatives to 0).
pub(super) fn extent(fname: &str, v: &Value) -> Result<usize> {
    let x = scalar(fname, v)?;
    if x.is_nan() || x.fract() != 0.0 {
        return Err(Error::new(format!(
            "{fname}: dimensions must be non-negative integers"
        )));
    }
    if x > 2f64.powi(53) {
        return Err(crate::ops::too_many(x));
    }
    Ok(if x < 0.0 { 0 } else { x as usize })
}

/// Index vectors (1-based in, 0-based out) of `sparse(i, j, v)`.
fn indices(fname: &str, v: &Value, what: &str) -> Result<Vec<usize>> {
    let a = v.to_num_array(fname)?;
    a.data()
        .iter()
        .map(|&x| {
            if x >= 1.0 && x.fract() == 0.0 && x < 2f64.powi(53) {
                Ok(x as usize - 1)
            } else {
                Err(Error::with_id(
                    "Octave:index-out-of-bounds",
                    format!(
                        "{fname}: {what} index {} must be a positive integer",
                        crate::builtins::util::fmt_num(x)
                    ),
                ))
            }
        })
        .collect()
}

/// sparse: create a sparse matrix.
///
/// `S = sparse(A)` is the sparse form of the full matrix `A` (double,
/// complex or logical): only its nonzero elements are kept.
///
/// `S = sparse(m, n)` is the all-zero `m`-by-`n` sparse matrix.
///
/// `S = sparse(i, j, v)` puts `v(k)` at `S(i(k), j(k))`; elements given
/// twice are added (logical ones combined with `or`). Scalars among `i`,
/// `j` and `v` expand to the others' length. The size is `max(i)` by
/// `max(j)`.
///
/// `S = sparse(i, j, v, m, n)` gives the size, and `sparse(i, j, v, m, n,
/// nzmax)` reserves room for `nzmax` nonzeros (what `nzmax` reports).
/// `sparse(i, j, v, m, n, 'unique')` keeps the last of repeated elements
/// instead of adding them.
///
/// ```text
/// >> S = sparse([1 2 2], [1 2 2], [5 1 2])
/// S =
///
/// Compressed Column Sparse (rows = 2, cols = 2, nnz = 2 [50%])
///
///   (1, 1) -> 5
///   (2, 2) -> 3
///
/// ```
pub fn sparse(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const F: &str = "sparse";
    nargs(F, &args, 1, 6)?;
    match args.len() {
        1 => Ok(vec![value(to_sparse(F, &args[0])?)]),
        2 => {
            let (m, n) = (extent(F, &args[0])?, extent(F, &args[1])?);
            Ok(vec![value(SparseMatrix::real(Csc::zeros(m, n)?))])
        }
        4 => Err(Error::with_id(
            "Octave:invalid-fun-call",
            "Invalid call to sparse",
        )),
        _ => from_triplets(&args),
    }
}

fn from_triplets(args: &[Value]) -> Result<Vec<Value>> {
    const F: &str = "sparse";
    let ri = indices(F, &args[0], "row")?;
    let ci = indices(F, &args[1], "column")?;
    let v = &args[2];
    let (mut unique, mut nzmax) = (false, 0usize);
    if let Some(last) = args.get(5) {
        if last.is_char() {
            match last.to_str(F)?.as_str() {
                "unique" => unique = true,
                "sum" => {}
                other => return Err(Error::new(format!("sparse: invalid option: {other}"))),
            }
        } else {
            nzmax = extent(F, last)?;
        }
    }
    let lens = [ri.len(), ci.len(), v.numel()];
    let n = *lens.iter().max().unwrap_or(&0);
    if lens.iter().any(|&l| l != n && l != 1) {
        return Err(Error::new("sparse: dimension mismatch"));
    }
    let (m, ncols) = if args.len() >= 5 {
        (extent(F, &args[3])?, extent(F, &args[4])?)
    } else {
        (
            ri.iter().max().map_or(0, |&x| x + 1),
            ci.iter().max().map_or(0, |&x| x + 1),
        )
    };
    let at = |idx: &[usize], k: usize| if idx.len() == 1 { idx[0] } else { idx[k] };
    for k in 0..n {
        let (r, c) = (at(&ri, k), at(&ci, k));
        if r >= m {
            return Err(Error::with_id(
                "Octave:index-out-of-bounds",
                format!("sparse: row index {} out of bound {m}", r + 1),
            ));
        }
        if c >= ncols {
            return Err(Error::with_id(
                "Octave:index-out-of-bounds",
                format!("sparse: column index {} out of bound {ncols}", c + 1),
            ));
        }
    }
    fn build<T: SpElem>(
        m: usize,
        n: usize,
        count: usize,
        pos: impl Fn(usize) -> (usize, usize),
        vals: &[T],
        unique: bool,
        add: impl Fn(&T, &T) -> T,
    ) -> Result<Csc<T>> {
        let mut trip = crate::ops::alloc_vec(count)?;
        for k in 0..count {
            let (r, c) = pos(k);
            let x = if vals.len() == 1 { &vals[0] } else { &vals[k] };
            trip.push((r, c, x.clone()));
        }
        if unique {
            // The last of repeated positions wins: a stable sort keeps
            // their order, and `add` keeps the second.
            Csc::from_triplets(m, n, trip, |_, b| b.clone())
        } else {
            Csc::from_triplets(m, n, trip, add)
        }
    }
    let pos = |k: usize| (at(&ri, k), at(&ci, k));
    let mut s = match v {
        Value::Bool(b) => {
            SparseMatrix::logical(build(m, ncols, n, pos, b.data(), unique, |a, b| *a || *b)?)
        }
        Value::Complex(z) => {
            SparseMatrix::complex(build(m, ncols, n, pos, z.data(), unique, |a, b| a + b)?)
        }
        Value::Num(_) | Value::Char(_) => {
            let x = v.to_num_array(F)?;
            SparseMatrix::real(build(m, ncols, n, pos, x.data(), unique, |a, b| a + b)?)
        }
        Value::Sparse(sp) => {
            let x = full_value(sp)?;
            let mut a = args.to_vec();
            a[2] = x;
            return from_triplets(&a);
        }
        other => {
            return Err(Error::with_id(
                "MATLAB:UndefinedFunction",
                format!(
                    "Undefined function 'sparse' for input arguments of type '{}'.",
                    other.class_name()
                ),
            ))
        }
    };
    s.nzmax = s.nzmax.max(nzmax);
    Ok(vec![value(s)])
}

/// full: convert a sparse matrix to a full one.
///
/// `A = full(S)` is the full matrix with the elements of `S`, of the same
/// class (double or logical). A full argument is returned as it is.
///
/// ```text
/// >> full(sparse([1 2], [1 2], [3 4]))
/// ans =
///
///    3   0
///    0   4
///
/// ```
pub fn full(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("full", &args, 1, 1)?;
    Ok(vec![match &args[0] {
        Value::Sparse(s) => full_value(s)?,
        other => other.clone(),
    }])
}

/// issparse: whether a value is a sparse matrix.
///
/// `tf = issparse(X)` is true when `X` is stored as a sparse matrix.
///
/// ```text
/// >> issparse(speye(3))
/// ans = 1
/// ```
pub fn issparse(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("issparse", &args, 1, 1)?;
    Ok(vec![Value::bool(matches!(args[0], Value::Sparse(_)))])
}

/// `nnz(S)` of a sparse matrix: its stored count.
pub fn nnz(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("nnz", &args, 1, 1)?;
    match &args[0] {
        Value::Sparse(s) => Ok(vec![Value::num(s.nnz() as f64)]),
        other => Err(Error::wrong_type("nnz", other.class_name())),
    }
}

/// nzmax: room for nonzeros of a sparse matrix.
///
/// `n = nzmax(S)` is the number of elements `S` has room for: at least its
/// number of nonzeros (and 1), more when reserved by `spalloc` or
/// `sparse(i, j, v, m, n, nzmax)`. For a full matrix it is `numel`.
///
/// ```text
/// >> nzmax(spalloc(3, 3, 5))
/// ans = 5
/// ```
pub fn nzmax(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("nzmax", &args, 1, 1)?;
    Ok(vec![Value::num(match &args[0] {
        Value::Sparse(s) => s.nzmax.max(s.nnz()) as f64,
        other => other.numel() as f64,
    })])
}

/// nonzeros: the nonzero elements of a matrix, as a column.
///
/// `v = nonzeros(A)` lists the nonzero elements of `A` (sparse or full) in
/// column-major order, as a full column vector.
///
/// ```text
/// >> nonzeros([0 2; 3 0])
/// ans =
///
///    3
///    2
///
/// ```
pub fn nonzeros(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("nonzeros", &args, 1, 1)?;
    let s = match &args[0] {
        Value::Sparse(s) => (**s).clone(),
        Value::Num(_) | Value::Complex(_) | Value::Bool(_) | Value::Char(_) => {
            to_sparse("nonzeros", &args[0])?
        }
        other => {
            let a = other.to_num_array("nonzeros")?;
            SparseMatrix::real(Csc::from_dense(&a)?)
        }
    };
    Ok(vec![match s.data {
        SpData::Real(c) => Value::Num(Array::col(c.vals)),
        SpData::Complex(c) => Value::Complex(Array::col(c.vals)),
        SpData::Bool(c) => Value::Bool(Array::col(c.vals)),
    }])
}

/// spones: ones where a matrix has nonzeros.
///
/// `R = spones(S)` is sparse, with 1 where `S` has a nonzero element and
/// 0 elsewhere.
///
/// ```text
/// >> full(spones([0 5; -2 0]))
/// ans =
///
///    0   1
///    1   0
///
/// ```
pub fn spones(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("spones", &args, 1, 1)?;
    let s = to_sparse("spones", &args[0])?;
    let c = crate::each_sp!(&s.data, |c| c.map_nz(|_| 1.0)?);
    Ok(vec![value(SparseMatrix::real(c))])
}

/// speye: sparse identity matrix.
///
/// `S = speye(n)` is the `n`-by-`n` sparse identity; `speye(m, n)` and
/// `speye([m n])` are `m`-by-`n` with ones on the main diagonal. Only the
/// diagonal is stored, so `speye(1e6)` takes a few megabytes.
///
/// ```text
/// >> S = speye(2)
/// S =
///
/// Compressed Column Sparse (rows = 2, cols = 2, nnz = 2 [50%])
///
///   (1, 1) -> 1
///   (2, 2) -> 1
///
/// ```
pub fn speye(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const F: &str = "speye";
    nargs(F, &args, 0, 2)?;
    let (m, n) = match args.len() {
        0 => (1, 1),
        1 if args[0].numel() == 2 => {
            let d = args[0].to_num_array(F)?;
            (
                extent(F, &Value::num(d.data()[0]))?,
                extent(F, &Value::num(d.data()[1]))?,
            )
        }
        1 => {
            let n = extent(F, &args[0])?;
            (n, n)
        }
        _ => (extent(F, &args[0])?, extent(F, &args[1])?),
    };
    Ok(vec![value(SparseMatrix::real(eye(m, n)?))])
}

/// The `m`x`n` identity.
pub(super) fn eye(m: usize, n: usize) -> Result<Csc<f64>> {
    let k = m.min(n);
    let mut b = Csc::builder(m, n, k)?;
    for j in 0..n {
        if j < k {
            b.push(j, 1.0);
        }
        b.end_col();
    }
    Ok(b.finish())
}

/// spalloc: an all-zero sparse matrix with room reserved.
///
/// `S = spalloc(m, n, nz)` is the `m`-by-`n` all-zero sparse matrix with
/// room for `nz` nonzeros (`nzmax(S)` is `nz`).
///
/// ```text
/// >> nnz(spalloc(4, 4, 10))
/// ans = 0
/// ```
pub fn spalloc(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const F: &str = "spalloc";
    nargs(F, &args, 2, 3)?;
    let (m, n) = (extent(F, &args[0])?, extent(F, &args[1])?);
    let nz = match args.get(2) {
        Some(v) => extent(F, v)?,
        None => 0,
    };
    let mut s = SparseMatrix::real(Csc::zeros(m, n)?);
    s.nzmax = nz.max(1);
    Ok(vec![value(s)])
}

/// `find` of a sparse matrix: linear indices, or rows and columns (and
/// values), as full vectors; `find(S, k)` and `find(S, k, 'last')` limit
/// them.
pub fn find(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const F: &str = "find";
    nargs(F, &args, 1, 3)?;
    let Value::Sparse(s) = &args[0] else {
        return Err(Error::new("find: sparse limit arguments are not supported"));
    };
    let limit = match args.get(1) {
        Some(v) => {
            let x = scalar(F, v)?;
            if !(x >= 0.0 && x.fract() == 0.0) {
                return Err(Error::new("find: N must be an integer greater than zero"));
            }
            Some(x as usize)
        }
        None => None,
    };
    let last = match args.get(2) {
        Some(v) => match v.to_str(F)?.as_str() {
            "first" => false,
            "last" => true,
            _ => return Err(Error::new(r#"find: DIRECTION must be "first" or "last""#)),
        },
        None => false,
    };
    let (rowidx, colptr) = s.data.pattern();
    let nnz = rowidx.len();
    let mut keep: Vec<usize> = (0..nnz).collect();
    if let Some(k) = limit {
        if last {
            keep = keep[nnz.saturating_sub(k)..].to_vec();
        } else {
            keep.truncate(k);
        }
    }
    let mut cols = Vec::with_capacity(nnz);
    for j in 0..s.cols() {
        for _ in colptr[j]..colptr[j + 1] {
            cols.push(j);
        }
    }
    let shape = |v: Vec<f64>| {
        // A row vector gives rows, anything else columns.
        if s.rows() == 1 && s.cols() != 1 {
            Value::row(v)
        } else {
            Value::col(v)
        }
    };
    let nout = ctx.nargout.max(1);
    if nout == 1 {
        let lin: Vec<f64> = keep
            .iter()
            .map(|&k| rowidx[k] as f64 + cols[k] as f64 * s.rows() as f64 + 1.0)
            .collect();
        return Ok(vec![shape(lin)]);
    }
    let i: Vec<f64> = keep.iter().map(|&k| rowidx[k] as f64 + 1.0).collect();
    let j: Vec<f64> = keep.iter().map(|&k| cols[k] as f64 + 1.0).collect();
    let mut out = vec![shape(i), shape(j)];
    if nout >= 3 {
        out.push(match &s.data {
            SpData::Real(c) => shape(keep.iter().map(|&k| c.vals[k]).collect()),
            SpData::Bool(c) => {
                let v: Vec<bool> = keep.iter().map(|&k| c.vals[k]).collect();
                let n = v.len();
                Value::Bool(Array::new(
                    if s.rows() == 1 && s.cols() != 1 {
                        Dims::row(n)
                    } else {
                        Dims::col(n)
                    },
                    v,
                ))
            }
            SpData::Complex(c) => {
                let v: Vec<C64> = keep.iter().map(|&k| c.vals[k]).collect();
                let n = v.len();
                Value::Complex(Array::new(
                    if s.rows() == 1 && s.cols() != 1 {
                        Dims::row(n)
                    } else {
                        Dims::col(n)
                    },
                    v,
                ))
            }
        });
    }
    Ok(out)
}

/// spdiags: sparse matrix from diagonals, or the diagonals of a matrix.
///
/// `[B, d] = spdiags(A)` gives the nonzero diagonals of `A` as the columns
/// of the full matrix `B`, and their numbers in `d` (0 the main diagonal,
/// positive above it, negative below).
///
/// `B = spdiags(A, d)` gives the diagonals `d` of `A`.
///
/// `S = spdiags(B, d, A)` is `A` with its diagonals `d` replaced by the
/// columns of `B`.
///
/// `S = spdiags(B, d, m, n)` is the `m`-by-`n` sparse matrix with the
/// columns of `B` on the diagonals `d`. For `m >= n` column `k` of `B`
/// is read by column of `S` (`S(i, i+d(k))` is `B(i+d(k), k)`), else by row.
///
/// ```text
/// >> full(spdiags([1 2 3; 4 5 6]', [0 1], 3, 3))
/// ans =
///
///    1   5   0
///    0   2   6
///    0   0   3
///
/// ```
pub fn spdiags(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const F: &str = "spdiags";
    nargs(F, &args, 1, 4)?;
    match args.len() {
        1 | 2 => {
            let a = to_sparse(F, &args[0])?;
            let d: Vec<i64> = match args.get(1) {
                Some(v) => diag_numbers(v)?,
                None => {
                    let mut d: Vec<i64> = crate::each_sp!(&a.data, |c| c
                        .iter()
                        .map(|(i, j, _)| j as i64 - i as i64)
                        .collect());
                    d.sort_unstable();
                    d.dedup();
                    d
                }
            };
            let b = extract(&a, &d)?;
            let mut out = vec![b];
            if ctx.nargout >= 2 {
                out.push(Value::col(d.iter().map(|&x| x as f64).collect()));
            }
            Ok(out)
        }
        3 => {
            let a = to_sparse(F, &args[2])?;
            let d = diag_numbers(&args[1])?;
            let (m, n) = (a.rows(), a.cols());
            let kept = match NumCsc::of(&a)? {
                NumCsc::Re(c) => NumCsc::Re(drop_diags(&c, &d)?),
                NumCsc::Cx(c) => NumCsc::Cx(drop_diags(&c, &d)?),
            };
            let new = create(&args[0], &d, m, n)?;
            let sum = crate::ops::binary(
                crate::syntax::ast::BinOp::Add,
                &kept.into_value(),
                &value(new),
            )?;
            Ok(vec![sum])
        }
        _ => {
            let d = diag_numbers(&args[1])?;
            let (m, n) = (extent(F, &args[2])?, extent(F, &args[3])?);
            Ok(vec![value(create(&args[0], &d, m, n)?)])
        }
    }
}

fn diag_numbers(v: &Value) -> Result<Vec<i64>> {
    let a = v.to_num_array("spdiags")?;
    a.data()
        .iter()
        .map(|&x| {
            if x.fract() == 0.0 && x.abs() < 2f64.powi(62) {
                Ok(x as i64)
            } else {
                Err(Error::new("spdiags: D must be a vector of integers"))
            }
        })
        .collect()
}

/// The elements of `c` off the diagonals `d`.
fn drop_diags<T: SpElem>(c: &Csc<T>, d: &[i64]) -> Result<Csc<T>> {
    let mut b = Csc::builder(c.rows, c.cols, c.nnz())?;
    for j in 0..c.cols {
        for k in c.col_range(j) {
            let i = c.rowidx[k];
            if !d.contains(&(j as i64 - i as i64)) {
                b.push(i, c.vals[k].clone());
            }
        }
        b.end_col();
    }
    Ok(b.finish())
}

/// `spdiags(A, d)`: the full matrix of the diagonals `d` of `A`.
fn extract(a: &SparseMatrix, d: &[i64]) -> Result<Value> {
    let (nr, nc) = (a.rows() as i64, a.cols() as i64);
    let brows = nr.min(nc).max(0) as usize;
    let numel = crate::ops::checked_numel(&[brows, d.len()])?;
    let mut re = crate::builtins::util::alloc_vec(numel, 0.0)?;
    let mut im =
        crate::builtins::util::alloc_vec(if a.is_complex_data() { numel } else { 0 }, 0.0)?;
    for (k, &dn) in d.iter().enumerate() {
        if dn <= -nr || dn > nc {
            continue;
        }
        // Elements of diagonal dn: (i, i + dn) for i from max(0, -dn).
        let start_i = (-dn).max(0);
        let len = (nr - start_i).min(nc - (start_i + dn)).max(0);
        let offset = if (nr >= nc && dn > 0) || (nr < nc && dn < 0) {
            brows as i64 - len
        } else {
            0
        };
        for t in 0..len {
            let (i, j) = ((start_i + t) as usize, (start_i + t + dn) as usize);
            let row = (offset + t) as usize;
            let pos = row + k * brows;
            match &a.data {
                SpData::Real(c) => re[pos] = c.get(i, j),
                SpData::Bool(c) => re[pos] = f64::from(u8::from(c.get(i, j))),
                SpData::Complex(c) => {
                    let z = c.get(i, j);
                    re[pos] = z.re;
                    im[pos] = z.im;
                }
            }
        }
    }
    let dims = Dims::mat(brows, d.len());
    if im.is_empty() {
        Ok(Value::Num(Array::new(dims, re)))
    } else {
        let z: Vec<C64> = re.iter().zip(&im).map(|(&r, &i)| C64::new(r, i)).collect();
        Ok(Value::Complex(Array::new(dims, z)).narrowed())
    }
}

/// `spdiags(B, d, m, n)`.
fn create(bv: &Value, d: &[i64], m: usize, n: usize) -> Result<SparseMatrix> {
    let b = to_sparse("spdiags", bv)?;
    let (mi, ni) = (m as i64, n as i64);
    // A row B with one diagonal is read as a column.
    let b = if b.rows() == 1 && d.len() == 1 && b.cols() > 1 {
        let t = crate::each_sp!(&b.data, |c| c.iter().count());
        let _ = t;
        b.reshaped(b.cols(), 1)?
    } else {
        b
    };
    if b.cols() != d.len() && b.nnz() != 0 {
        return Err(Error::new(
            "spdiags: B must have one column for each diagonal in D",
        ));
    }
    fn place<T: SpElem>(
        c: &Csc<T>,
        d: &[i64],
        m: i64,
        n: i64,
        add: impl Fn(&T, &T) -> T,
    ) -> Result<Csc<T>> {
        let mut trip = Vec::new();
        for (r, k, v) in c.iter() {
            let Some(&dk) = d.get(k) else { continue };
            let offset = if m >= n { dk.min(n - m).max(0) } else { dk };
            let j = r as i64 + offset;
            let i = j - dk;
            if i >= 0 && i < m && j >= 0 && j < n {
                trip.push((i as usize, j as usize, v.clone()));
            }
        }
        Csc::from_triplets(m as usize, n as usize, trip, add)
    }
    Ok(match &b.data {
        SpData::Real(c) => SparseMatrix::real(place(c, d, mi, ni, |a, b| a + b)?),
        SpData::Complex(c) => SparseMatrix::complex(place(c, d, mi, ni, |a, b| a + b)?),
        SpData::Bool(_) => SparseMatrix::real(place(&b.to_real()?, d, mi, ni, |a, b| a + b)?),
    })
}

/// A size argument of the random constructors: a non-negative integer
/// scalar, else Octave's error naming it (`M`, `N`).
fn count_arg(fname: &str, v: &Value, what: &str) -> Result<usize> {
    let bad = || Error::new(format!("{fname}: {what} must be a non-negative integer"));
    if !v.is_scalar() {
        return Err(bad());
    }
    let x = scalar(fname, v)?;
    if !(x >= 0.0 && x.fract() == 0.0) {
        return Err(bad());
    }
    if x > 2f64.powi(53) {
        return Err(crate::ops::too_many(x));
    }
    Ok(x as usize)
}

/// `k` distinct positions below `total`, ascending.
fn distinct_positions(ctx: &mut Ctx, total: u128, k: usize) -> Result<Vec<u128>> {
    let mut set = std::collections::BTreeSet::new();
    let mut tries: u64 = 0;
    while set.len() < k {
        tries += 1;
        if tries > 64 * k as u64 + 1000 {
            break;
        }
        let x = (ctx.state.rng.next_f64() * total as f64) as u128;
        set.insert(x.min(total - 1));
    }
    Ok(set.into_iter().collect())
}

fn random_sparse(ctx: &mut Ctx, fname: &str, args: &[Value], normal: bool) -> Result<Vec<Value>> {
    nargs(fname, args, 1, 4)?;
    let draw = |ctx: &mut Ctx| {
        if normal {
            ctx.state.rng.next_normal()
        } else {
            ctx.state.rng.next_f64()
        }
    };
    if args.len() == 1 {
        // The pattern of S with random values.
        let s = to_sparse(fname, &args[0])?;
        let (rowidx, colptr) = s.data.pattern();
        let mut b = Csc::builder(s.rows(), s.cols(), rowidx.len())?;
        for j in 0..s.cols() {
            for &r in &rowidx[colptr[j]..colptr[j + 1]] {
                let mut x = draw(ctx);
                while x == 0.0 {
                    x = draw(ctx);
                }
                b.push(r, x);
            }
            b.end_col();
        }
        return Ok(vec![value(SparseMatrix::real(b.finish()))]);
    }
    if args.len() == 2 {
        return Err(Error::with_id(
            "Octave:invalid-fun-call",
            format!("Invalid call to {fname}"),
        ));
    }
    let (m, n) = (
        count_arg(fname, &args[0], "M")?,
        count_arg(fname, &args[1], "N")?,
    );
    let density = scalar(fname, &args[2])?;
    if !(0.0..=1.0).contains(&density) {
        return Err(Error::new(format!(
            "{fname}: density D must be between 0 and 1"
        )));
    }
    if let Some(rc) = args.get(3) {
        if !rc.dims().is_vector() && !rc.is_empty() {
            return Err(Error::new(format!(
                "{fname}: RC must be a scalar or vector"
            )));
        }
        let r = rc.to_num_array(fname)?;
        if r.data().iter().any(|x| !(0.0..=1.0).contains(x)) {
            return Err(Error::new(format!(
                "{fname}: reciprocal condition number RC must be between 0 and 1"
            )));
        }
        return Err(Error::new(format!(
            "{fname}: the form with a condition number RC is not supported"
        )));
    }
    let total = m as u128 * n as u128;
    let k = (density * total as f64).round();
    if k > crate::ops::MAX_ELEMS as f64 {
        return Err(crate::ops::too_many(k));
    }
    let pos = if total == 0 {
        Vec::new()
    } else {
        distinct_positions(ctx, total, k as usize)?
    };
    let mut b = Csc::builder(m, n, pos.len())?;
    let mut it = pos.into_iter().peekable();
    for j in 0..n {
        while let Some(p) = it.next_if(|&p| p / (m as u128) == j as u128) {
            let mut x = draw(ctx);
            while x == 0.0 {
                x = draw(ctx);
            }
            b.push((p % m as u128) as usize, x);
        }
        b.end_col();
    }
    Ok(vec![value(SparseMatrix::real(b.finish()))])
}

/// sprand: random sparse matrix, uniform values.
///
/// `S = sprand(m, n, d)` is an `m`-by-`n` sparse matrix with about
/// `d*m*n` nonzeros at random places, uniformly distributed in (0, 1).
///
/// `S = sprand(A)` has the nonzero pattern of `A`, with random values.
///
/// ```text
/// >> nnz(sprand(10, 10, 0.2))
/// ans = 20
/// ```
pub fn sprand(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    random_sparse(ctx, "sprand", &args, false)
}

/// sprandn: random sparse matrix, normal values.
///
/// `S = sprandn(m, n, d)` is an `m`-by-`n` sparse matrix with about
/// `d*m*n` nonzeros at random places, normally distributed.
///
/// `S = sprandn(A)` has the nonzero pattern of `A`, with random values.
///
/// ```text
/// >> size(sprandn(4, 6, 0.5))
/// ans =
///
///    4   6
///
/// ```
pub fn sprandn(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    random_sparse(ctx, "sprandn", &args, true)
}

/// sprandsym: random symmetric sparse matrix.
///
/// `S = sprandsym(n, d)` is an `n`-by-`n` symmetric sparse matrix with
/// about `d*n^2` nonzeros, normally distributed.
///
/// `S = sprandsym(A)` is symmetric with the pattern of the lower triangle
/// of `A` mirrored.
///
/// ```text
/// >> S = sprandsym(5, 0.3); isequal(S, S.')
/// ans = 1
/// ```
pub fn sprandsym(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const F: &str = "sprandsym";
    nargs(F, &args, 1, 2)?;
    let lower = if args.len() == 1 {
        let s = to_sparse(F, &args[0])?;
        if s.rows() != s.cols() {
            return Err(Error::new("sprandsym: S must be a square matrix"));
        }
        let pattern = crate::each_sp!(&s.data, |c| c.map_nz(|_| 1.0)?);
        let mut trip = Vec::new();
        for (i, j, _) in pattern.iter() {
            if i >= j {
                trip.push((i, j, ctx.state.rng.next_normal()));
            }
        }
        Csc::from_triplets(s.rows(), s.cols(), trip, |a, _| *a)?
    } else {
        let n = count_arg(F, &args[0], "N")?;
        let d = scalar(F, &args[1])?;
        if !(0.0..=1.0).contains(&d) {
            return Err(Error::new("sprandsym: density D must be between 0 and 1"));
        }
        // Half the nonzeros (and the diagonal's share) in the lower triangle.
        let total = n as u128 * (n as u128 + 1) / 2;
        let k = (d * (n as f64) * (n as f64) / 2.0).round();
        if k > crate::ops::MAX_ELEMS as f64 {
            return Err(crate::ops::too_many(k));
        }
        let pos = if total == 0 {
            Vec::new()
        } else {
            distinct_positions(ctx, total, (k as usize).min(total as usize))?
        };
        let mut trip = Vec::with_capacity(pos.len());
        for p in pos {
            // Position p of the lower triangle, column by column.
            let (mut j, mut left) = (0usize, p);
            while j < n && left >= (n - j) as u128 {
                left -= (n - j) as u128;
                j += 1;
            }
            trip.push((j + left as usize, j, ctx.state.rng.next_normal()));
        }
        Csc::from_triplets(n, n, trip, |a, _| *a)?
    };
    let upper = lower.transpose_with(|x| *x)?;
    let strict_upper = {
        let mut t = Vec::new();
        for (i, j, &v) in upper.iter() {
            if i < j {
                t.push((i, j, v));
            }
        }
        Csc::from_triplets(upper.rows, upper.cols, t, |a, _| *a)?
    };
    let sum = crate::ops::binary(
        crate::syntax::ast::BinOp::Add,
        &value(SparseMatrix::real(lower)),
        &value(SparseMatrix::real(strict_upper)),
    )?;
    Ok(vec![sum])
}

/// spfun: apply a function to the nonzeros of a sparse matrix.
///
/// `R = spfun(f, S)` is sparse with the pattern of `S`, holding `f` of each
/// nonzero element (`f` is called once with all of them as a column).
///
/// ```text
/// >> full(spfun(@exp, sparse([0 1; 0 0])))
/// ans =
///
///         0   2.7183
///         0        0
///
/// ```
pub fn spfun(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const F: &str = "spfun";
    nargs(F, &args, 2, 2)?;
    let f = args[0].clone();
    let f = if f.is_char() {
        Value::func(crate::value::Func::Named(f.to_str(F)?))
    } else {
        f
    };
    if !(args[1].is_numeric() || matches!(args[1], Value::Bool(_))) {
        return Err(Error::new("spfun: S must be numeric"));
    }
    let s = to_sparse(F, &args[1])?;
    let (rowidx, colptr) = s.data.pattern();
    let vals = match &s.data {
        SpData::Real(c) => Value::Num(Array::col(c.vals.clone())),
        SpData::Complex(c) => Value::Complex(Array::col(c.vals.clone())),
        SpData::Bool(c) => Value::Bool(Array::col(c.vals.clone())),
    };
    let nnz = rowidx.len();
    let y = ctx.call1(&f, vec![vals])?;
    if y.numel() != nnz {
        return Err(Error::new(
            "spfun: F must return one value for each nonzero element",
        ));
    }
    let mut out_trip_re = Vec::new();
    let mut out_trip_cx = Vec::new();
    let mut k = 0;
    let complex = y.is_complex();
    let (yr, yc) = if complex {
        (Vec::new(), y.to_complex_array(F)?.into_vec())
    } else {
        (y.to_num_array(F)?.into_vec(), Vec::new())
    };
    for j in 0..s.cols() {
        for &r in &rowidx[colptr[j]..colptr[j + 1]] {
            if complex {
                out_trip_cx.push((r, j, yc[k]));
            } else {
                out_trip_re.push((r, j, yr[k]));
            }
            k += 1;
        }
    }
    let out = if complex {
        SparseMatrix::complex(Csc::from_triplets(
            s.rows(),
            s.cols(),
            out_trip_cx,
            |a, _| *a,
        )?)
    } else {
        SparseMatrix::real(Csc::from_triplets(
            s.rows(),
            s.cols(),
            out_trip_re,
            |a, _| *a,
        )?)
    };
    Ok(vec![value(out)])
}
