//! Functions of other families on sparse arguments: class queries,
//! element-wise functions with `f(0) == 0` (computed on the stored
//! elements by the function's own builtin), reductions along a dimension
//! (`sum`, `prod`, `any`, `all`, `max`, `min`: sparse results, as MATLAB
//! gives), `diag`, `tril`/`triu`, `kron`, `reshape`, transposes,
//! concatenation and `isequal`.

use super::construct::nargs;
use super::{to_sparse, value, NumCsc};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::sparse::{Csc, SpData, SpElem, SparseMatrix};
use crate::value::{Array, Value, C64};

fn sp<'a>(fname: &str, v: &'a Value) -> Result<&'a SparseMatrix> {
    match v {
        Value::Sparse(s) => Ok(s),
        other => Err(Error::wrong_type(fname, other.class_name())),
    }
}

/// The builtin `name` of the other families, called with full copies of
/// sparse arguments: for the forms this family does not specialise.
fn full_call(ctx: &mut Ctx, name: &str, args: Vec<Value>) -> Result<Vec<Value>> {
    let b = crate::builtins::lookup(name)
        .ok_or_else(|| Error::new(format!("{name}: no such builtin")))?;
    (b.func)(ctx, super::fulls(name, args)?)
}

/// Like `full_call`, with the first result made sparse when it is a 2-D
/// numeric or logical array (indices and counts after it stay full).
fn sparse_call(ctx: &mut Ctx, name: &str, args: Vec<Value>) -> Result<Vec<Value>> {
    let outs = full_call(ctx, name, args)?;
    outs.into_iter()
        .enumerate()
        .map(|(k, v)| match v {
            Value::Num(_) | Value::Complex(_) | Value::Bool(_)
                if k == 0 && v.dims().ndims() == 2 =>
            {
                Ok(value(to_sparse(name, &v)?))
            }
            other => Ok(other),
        })
        .collect()
}

pub fn isreal(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("isreal", &args, 1, 1)?;
    Ok(vec![Value::bool(!args[0].is_complex())])
}

pub fn islogical(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("islogical", &args, 1, 1)?;
    Ok(vec![Value::bool(matches!(
        &args[0],
        Value::Sparse(s) if matches!(s.data, SpData::Bool(_))
    ))])
}

pub fn double(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("double", &args, 1, 1)?;
    let s = sp("double", &args[0])?;
    Ok(vec![match &s.data {
        SpData::Bool(_) => value(SparseMatrix::real(s.to_real()?)),
        _ => args[0].clone(),
    }])
}

pub fn logical(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("logical", &args, 1, 1)?;
    let s = sp("logical", &args[0])?;
    match &s.data {
        SpData::Real(c) if c.vals.iter().any(|x| x.is_nan()) => Err(Error::with_id(
            "MATLAB:nologicalnan",
            "logical: NaN can't be converted to logical value",
        )),
        SpData::Complex(_) => Err(Error::new(
            "logical: wrong type argument 'sparse complex matrix'",
        )),
        _ => Ok(vec![value(SparseMatrix::logical(s.to_bool()?))]),
    }
}

/// `f(S)` for an element-wise builtin with `f(0) == 0`: `f` of the stored
/// elements, on the same pattern. Other forms (more arguments) go full.
fn mapped(ctx: &mut Ctx, name: &str, args: Vec<Value>) -> Result<Vec<Value>> {
    let Some(Value::Sparse(s)) = args.first().filter(|_| args.len() == 1) else {
        return full_call(ctx, name, args);
    };
    let (rowidx, colptr) = s.data.pattern();
    let vals = match &s.data {
        SpData::Real(c) => Value::Num(Array::col(c.vals.clone())),
        SpData::Complex(c) => Value::Complex(Array::col(c.vals.clone())),
        SpData::Bool(c) => Value::Bool(Array::col(c.vals.clone())),
    };
    let y = full_call(ctx, name, vec![vals])?
        .into_iter()
        .next()
        .ok_or_else(|| Error::new(format!("{name}: no result")))?;
    if y.numel() != rowidx.len() {
        return Err(Error::new(format!(
            "{name}: internal error on a sparse matrix"
        )));
    }
    fn rebuild<T: SpElem>(
        rows: usize,
        cols: usize,
        rowidx: &[usize],
        colptr: &[usize],
        vals: &[T],
    ) -> Result<Csc<T>> {
        let mut b = Csc::builder(rows, cols, vals.len())?;
        for j in 0..cols {
            for k in colptr[j]..colptr[j + 1] {
                b.push(rowidx[k], vals[k].clone());
            }
            b.end_col();
        }
        Ok(b.finish())
    }
    let (r, c) = (s.rows(), s.cols());
    let out = match &y {
        Value::Bool(a) => SparseMatrix::logical(rebuild(r, c, rowidx, colptr, a.data())?),
        Value::Complex(a) => SparseMatrix::complex(rebuild(r, c, rowidx, colptr, a.data())?),
        other => {
            let a = other.to_num_array(name)?;
            SparseMatrix::real(rebuild(r, c, rowidx, colptr, a.data())?)
        }
    };
    Ok(vec![value(out)])
}

macro_rules! mapped_fns {
    ($($f:ident),*) => {
        $(pub fn $f(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
            mapped(ctx, stringify!($f), args)
        })*
    };
}
mapped_fns!(
    abs, sqrt, real, imag, conj, sign, floor, ceil, round, fix, sin, tan, sinh, tanh, asin, atan,
    expm1, log1p, isnan, isinf
);

/// The dimension a reduction works along: given, or the first
/// non-singleton one (1-based in, 0-based out; 2 for a row).
fn reduce_dim(fname: &str, s: &SparseMatrix, arg: Option<&Value>) -> Result<usize> {
    match arg {
        Some(v) => {
            let d = v.scalar_f64(fname)?;
            if !(d >= 1.0 && d.fract() == 0.0) {
                return Err(Error::new(format!(
                    "{fname}: DIM must be a valid dimension"
                )));
            }
            Ok(d as usize - 1)
        }
        None => Ok(if s.rows() == 1 { 1 } else { 0 }),
    }
}

/// A per-column reduction of `c`: `f(stored values, count of zeros)`,
/// giving one value per column, as a 1 x cols sparse row.
fn per_column<T: SpElem, U: SpElem>(c: &Csc<T>, f: impl Fn(&[T], usize) -> U) -> Result<Csc<U>> {
    let mut b = Csc::builder(1, c.cols, c.cols)?;
    for j in 0..c.cols {
        let r = c.col_range(j);
        let zeros = c.rows - r.len();
        b.push(0, f(&c.vals[r], zeros));
        b.end_col();
    }
    Ok(b.finish())
}

/// A reduction along `dim` (0 or 1; beyond 2-D the matrix is returned
/// through `same`) of a real or complex sparse matrix.
fn reduce<R: SpElem>(
    s: &SparseMatrix,
    dim: usize,
    f: impl Fn(&[C64], usize) -> R,
    wrap: impl Fn(Csc<R>) -> SparseMatrix,
    same: impl Fn(&SparseMatrix) -> Result<Value>,
) -> Result<Value> {
    if dim >= 2 {
        return same(s);
    }
    let c = s.to_complex()?;
    let c = if dim == 1 {
        c.transpose_with(|z| *z)?
    } else {
        c
    };
    let row = per_column(&c, f)?;
    let out = if dim == 1 {
        row.transpose_with(|x| x.clone())?
    } else {
        row
    };
    Ok(value(wrap(out)))
}

fn real_or_complex(c: Csc<C64>) -> SparseMatrix {
    SparseMatrix::complex(c)
}

pub fn sum(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if args.len() > 2 || args.get(1).is_some_and(Value::is_char) {
        return sparse_call(ctx, "sum", args);
    }
    nargs("sum", &args, 1, 2)?;
    let s = sp("sum", &args[0])?;
    let dim = reduce_dim("sum", s, args.get(1))?;
    let same = |s: &SparseMatrix| Ok(value(SparseMatrix::real(s.to_real()?)).narrow_if(s));
    Ok(vec![reduce(
        s,
        dim,
        |v, _| v.iter().fold(C64::new(0.0, 0.0), |a, b| a + b),
        real_or_complex,
        same,
    )?])
}

trait NarrowIf {
    fn narrow_if(self, s: &SparseMatrix) -> Value;
}
impl NarrowIf for Value {
    /// `s` itself when it is complex (the value given is its real part).
    fn narrow_if(self, s: &SparseMatrix) -> Value {
        if matches!(s.data, SpData::Complex(_)) {
            value(s.clone())
        } else {
            self
        }
    }
}

pub fn prod(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if args.len() > 2 || args.get(1).is_some_and(Value::is_char) {
        return sparse_call(ctx, "prod", args);
    }
    nargs("prod", &args, 1, 2)?;
    let s = sp("prod", &args[0])?;
    let dim = reduce_dim("prod", s, args.get(1))?;
    let same = |s: &SparseMatrix| Ok(value(SparseMatrix::real(s.to_real()?)).narrow_if(s));
    Ok(vec![reduce(
        s,
        dim,
        |v, zeros| {
            let p = v.iter().fold(C64::new(1.0, 0.0), |a, b| a * b);
            if zeros > 0 {
                p * 0.0
            } else {
                p
            }
        },
        real_or_complex,
        same,
    )?])
}

pub fn any(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if args.len() > 2 {
        return sparse_call(ctx, "any", args);
    }
    let s = sp("any", &args[0])?;
    let dim = reduce_dim("any", s, args.get(1))?;
    let same = |s: &SparseMatrix| Ok(value(SparseMatrix::logical(s.to_bool()?)));
    Ok(vec![reduce(
        s,
        dim,
        |v, _| v.iter().any(|z| !z.is_zero()),
        SparseMatrix::logical,
        same,
    )?])
}

pub fn all(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if args.len() > 2 {
        return sparse_call(ctx, "all", args);
    }
    let s = sp("all", &args[0])?;
    let dim = reduce_dim("all", s, args.get(1))?;
    let same = |s: &SparseMatrix| Ok(value(SparseMatrix::logical(s.to_bool()?)));
    Ok(vec![reduce(
        s,
        dim,
        |v, zeros| zeros == 0 && v.iter().all(|z| !z.is_zero()),
        SparseMatrix::logical,
        same,
    )?])
}

/// `max`/`min` of a real sparse matrix along a dimension (with indices),
/// natively; other forms (two operands, complex) on full copies, with a
/// sparse result.
fn extreme(ctx: &mut Ctx, name: &str, args: Vec<Value>, is_max: bool) -> Result<Vec<Value>> {
    let one_operand = args.len() == 1 || (args.len() == 3 && args[1].is_empty());
    let real = matches!(&args[0], Value::Sparse(s) if !matches!(s.data, SpData::Complex(_)));
    if !one_operand || !real {
        return sparse_call(ctx, name, args);
    }
    let s = sp(name, &args[0])?;
    let dim = reduce_dim(name, s, args.get(2))?;
    if dim >= 2 {
        let mut out = vec![value(SparseMatrix::real(s.to_real()?))];
        if ctx.nargout >= 2 {
            out.push(super::full_value(&SparseMatrix::real(
                s.to_real()?.map_nz(|_| 1.0)?,
            ))?);
        }
        return Ok(out);
    }
    let c = s.to_real()?;
    let c = if dim == 1 {
        c.transpose_with(|x| *x)?
    } else {
        c
    };
    let better = |a: f64, b: f64| if is_max { a > b } else { a < b };
    let mut vals = Vec::with_capacity(c.cols);
    let mut idx = Vec::with_capacity(c.cols);
    for j in 0..c.cols {
        let r = c.col_range(j);
        if c.rows == 0 {
            break;
        }
        // The best stored value (NaN skipped), then an implicit zero.
        let mut best: Option<(f64, usize)> = None;
        for k in r.clone() {
            let x = c.vals[k];
            if x.is_nan() {
                continue;
            }
            match best {
                Some((b, _)) if !better(x, b) => {}
                _ => best = Some((x, c.rowidx[k])),
            }
        }
        if r.len() < c.rows {
            // The first row with no stored element.
            let stored = &c.rowidx[r.clone()];
            let first_zero = (0..c.rows)
                .zip(stored.iter().copied().chain(std::iter::repeat(usize::MAX)))
                .find(|(i, s)| i != s)
                .map_or(stored.len(), |(i, _)| i);
            match best {
                Some((b, bi)) if better(b, 0.0) || (b == 0.0 && bi < first_zero) => {}
                _ => best = Some((0.0, first_zero)),
            }
        }
        let (v, i) = best.unwrap_or((f64::NAN, c.rowidx.get(r.start).copied().unwrap_or(0)));
        vals.push(v);
        idx.push(i as f64 + 1.0);
    }
    let n = vals.len();
    let mut b = Csc::builder(1, n, n)?;
    for v in &vals {
        b.push(0, *v);
        b.end_col();
    }
    let row = b.finish();
    let (m, iv) = if dim == 1 {
        (row.transpose_with(|x| *x)?, Value::col(idx))
    } else {
        (row, Value::row(idx))
    };
    let mut out = vec![value(SparseMatrix::real(m))];
    if ctx.nargout >= 2 {
        out.push(iv);
    }
    Ok(out)
}

pub fn max(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("max", &args, 1, 3)?;
    extreme(ctx, "max", args, true)
}

pub fn min(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("min", &args, 1, 3)?;
    extreme(ctx, "min", args, false)
}

/// `f(c)` of the Csc inside any sparse value, same class.
macro_rules! each_keep {
    ($s:expr, |$c:ident| $body:expr) => {
        match &$s.data {
            SpData::Real($c) => SparseMatrix::real($body),
            SpData::Complex($c) => SparseMatrix::complex($body),
            SpData::Bool($c) => SparseMatrix::logical($body),
        }
    };
}

pub fn diag(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("diag", &args, 1, 3)?;
    let Value::Sparse(s) = &args[0] else {
        return full_call(ctx, "diag", args);
    };
    if args.len() == 3 {
        return diag_sized(s, &args[1], &args[2]);
    }
    let k = match args.get(1) {
        Some(v) => {
            let x = v.scalar_f64("diag")?;
            if x.fract() != 0.0 || x.abs() > 2f64.powi(62) {
                return Err(Error::new("diag: invalid argument K"));
            }
            x as i64
        }
        None => 0,
    };
    let (m, n) = (s.rows() as i64, s.cols() as i64);
    if m == 1 || n == 1 {
        // A vector on diagonal k of a square matrix.
        let len = m.max(n);
        let size = (len + k.abs()) as usize;
        let out = each_keep!(s, |c| {
            let mut trip = Vec::with_capacity(c.nnz());
            for (i, j, v) in c.iter() {
                let p = (i + j) as i64;
                let (r, cc) = if k >= 0 { (p, p + k) } else { (p - k, p) };
                trip.push((r as usize, cc as usize, *v));
            }
            Csc::from_triplets(size, size, trip, |a, _| *a)?
        });
        return Ok(vec![value(out)]);
    }
    let out = each_keep!(s, |c| {
        let start_i = (-k).max(0);
        let len = (m - start_i).min(n - (start_i + k)).max(0) as usize;
        let mut trip = Vec::new();
        for (i, j, v) in c.iter() {
            if j as i64 - i as i64 == k {
                trip.push(((i as i64 - start_i) as usize, 0, *v));
            }
        }
        Csc::from_triplets(len, 1, trip, |a, _| *a)?
    });
    Ok(vec![value(out)])
}

/// `diag(v, m, n)` of a sparse vector v: the m-by-n sparse matrix with v
/// on its main diagonal (elements past min(m, n) left out), as MATLAB
/// keeps diag of sparse data sparse.
fn diag_sized(s: &SparseMatrix, mv: &Value, nv: &Value) -> Result<Vec<Value>> {
    let size = |v: &Value| -> Result<usize> {
        let x = v.scalar_f64("diag")?;
        if x.fract() != 0.0 || x.is_nan() || x < 0.0 {
            return Err(Error::new("diag: M and N must be non-negative integers"));
        }
        if x >= 2f64.powi(48) {
            return Err(Error::new(
                "diag: out of memory or dimension too large for Octave's index type",
            ));
        }
        Ok(x as usize)
    };
    let (m, n) = (size(mv)?, size(nv)?);
    if s.rows() != 1 && s.cols() != 1 {
        return Err(Error::new("diag: V must be a vector"));
    }
    let len = m.min(n);
    let out = each_keep!(s, |c| {
        let mut trip = Vec::with_capacity(c.nnz());
        for (i, j, v) in c.iter() {
            let p = i + j;
            if p < len {
                trip.push((p, p, *v));
            }
        }
        Csc::from_triplets(m, n, trip, |a, _| *a)?
    });
    Ok(vec![value(out)])
}

fn triangle(ctx: &mut Ctx, name: &str, args: Vec<Value>, lower: bool) -> Result<Vec<Value>> {
    nargs(name, &args, 1, 3)?;
    let Value::Sparse(s) = &args[0] else {
        return full_call(ctx, name, args);
    };
    if args.len() == 3 {
        return sparse_call(ctx, name, args);
    }
    let k = match args.get(1) {
        Some(v) => v.scalar_f64(name)? as i64,
        None => 0,
    };
    let keep = |i: usize, j: usize| {
        let d = j as i64 - i as i64;
        if lower {
            d <= k
        } else {
            d >= k
        }
    };
    let out = each_keep!(s, |c| {
        let mut b = Csc::builder(c.rows, c.cols, c.nnz())?;
        for j in 0..c.cols {
            for q in c.col_range(j) {
                if keep(c.rowidx[q], j) {
                    b.push(c.rowidx[q], c.vals[q]);
                }
            }
            b.end_col();
        }
        b.finish()
    });
    Ok(vec![value(out)])
}

pub fn tril(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    triangle(ctx, "tril", args, true)
}

pub fn triu(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    triangle(ctx, "triu", args, false)
}

pub fn kron(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if args.len() != 2 {
        return sparse_call(ctx, "kron", args);
    }
    let a = NumCsc::of(&to_sparse("kron", &args[0])?)?;
    let b = NumCsc::of(&to_sparse("kron", &args[1])?)?;
    fn k<T: super::ops::Field>(a: &Csc<T>, b: &Csc<T>) -> Result<Csc<T>> {
        let count = a
            .nnz()
            .checked_mul(b.nnz())
            .ok_or_else(crate::ops::too_large)?;
        let mut trip = crate::ops::alloc_vec(count)?;
        for (i1, j1, &x) in a.iter() {
            for (i2, j2, &y) in b.iter() {
                trip.push((i1 * b.rows + i2, j1 * b.cols + j2, x * y));
            }
        }
        let rows = a
            .rows
            .checked_mul(b.rows)
            .ok_or_else(crate::ops::too_large)?;
        let cols = a
            .cols
            .checked_mul(b.cols)
            .ok_or_else(crate::ops::too_large)?;
        Csc::from_triplets(rows, cols, trip, |p, q| *p + *q)
    }
    let out = match (a, b) {
        (NumCsc::Re(a), NumCsc::Re(b)) => NumCsc::Re(k(&a, &b)?),
        (a, b) => {
            let c = |n: NumCsc| -> Result<Csc<C64>> {
                Ok(match n {
                    NumCsc::Cx(c) => c,
                    NumCsc::Re(c) => c.map_nz(|&x| C64::new(x, 0.0))?,
                })
            };
            NumCsc::Cx(k(&c(a)?, &c(b)?)?)
        }
    };
    Ok(vec![out.into_value()])
}

pub fn reshape(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("reshape", &args, 2, usize::MAX)?;
    let s = sp("reshape", &args[0])?;
    let numel = s.rows() as u128 * s.cols() as u128;
    let mut dims: Vec<Option<u128>> = Vec::new();
    if args.len() == 2 {
        for &x in args[1].to_num_array("reshape")?.data() {
            dims.push(Some(x.max(0.0) as u128));
        }
    } else {
        for v in &args[1..] {
            if v.is_empty() {
                dims.push(None);
            } else {
                dims.push(Some(v.scalar_f64("reshape")?.max(0.0) as u128));
            }
        }
    }
    let known: u128 = dims.iter().flatten().product();
    if dims.iter().filter(|d| d.is_none()).count() > 1 {
        return Err(Error::new(
            "reshape: only a single dimension can be unknown",
        ));
    }
    let dims: Vec<u128> = dims
        .iter()
        .map(|d| d.unwrap_or(numel.checked_div(known).unwrap_or(0)))
        .collect();
    // Trailing singleton dimensions are dropped.
    let mut n = dims.len();
    while n > 2 && dims[n - 1] == 1 {
        n -= 1;
    }
    reshape_2d(s, &dims[..n], numel)
}

fn reshape_2d(s: &SparseMatrix, dims: &[u128], numel: u128) -> Result<Vec<Value>> {
    if dims.iter().product::<u128>() != numel {
        let shown: Vec<String> = dims.iter().map(|d| d.to_string()).collect();
        return Err(Error::new(format!(
            "reshape: can't reshape {}x{} array to {} array",
            s.rows(),
            s.cols(),
            shown.join("x")
        )));
    }
    if dims.len() != 2 {
        return Err(Error::new("reshape: sparse reshape to N-D array not valid"));
    }
    Ok(vec![value(s.reshaped(dims[0] as usize, dims[1] as usize)?)])
}

macro_rules! sparse_fns {
    ($($f:ident),*) => {
        $(pub fn $f(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
            sparse_call(ctx, stringify!($f), args)
        })*
    };
}
sparse_fns!(
    cumsum, cumprod, mean, sort, sortrows, var, std, expint, fliplr, flipud, flip, rot90,
    circshift, complex
);

/// `cast(X, 'like', P)`: sparse when `P` is.
pub fn cast(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let like_sparse = args.len() == 3
        && args[1].to_str("cast").is_ok_and(|s| s == "like")
        && matches!(args[2], Value::Sparse(_));
    if like_sparse {
        sparse_call(ctx, "cast", args)
    } else {
        full_call(ctx, "cast", args)
    }
}

/// Concatenation with a sparse part (`[S F; F S]`, `cat`): sparse, of
/// class logical when every part is, complex when one is. `dim` is 0
/// for vertical, 1 for horizontal.
pub fn concat(dim: usize, parts: Vec<Value>) -> Result<Value> {
    if dim > 1 {
        return Err(Error::new(
            "concatenation operator not implemented for 'sparse matrix' by N-D operations",
        ));
    }
    let mut mats = Vec::with_capacity(parts.len());
    for p in &parts {
        // `[]` (0x0) takes no part, as in a matrix literal.
        if p.dims().as_slice() == [0, 0] {
            continue;
        }
        mats.push(to_sparse("concatenation", p)?);
    }
    if mats.is_empty() {
        return Ok(value(SparseMatrix::real(Csc::zeros(0, 0)?)));
    }
    let all_bool = mats.iter().all(|m| matches!(m.data, SpData::Bool(_)));
    let any_cx = mats.iter().any(|m| matches!(m.data, SpData::Complex(_)));
    let (r0, c0) = (mats[0].rows(), mats[0].cols());
    let bad = mats.iter().any(|m| {
        if dim == 1 {
            m.rows() != r0
        } else {
            m.cols() != c0
        }
    });
    if bad {
        let what = if dim == 1 { "horizontal" } else { "vertical" };
        return Err(Error::new(format!(
            "{what} dimensions mismatch ({}x{} vs {}x{})",
            r0,
            c0,
            mats.iter()
                .find(|m| if dim == 1 {
                    m.rows() != r0
                } else {
                    m.cols() != c0
                })
                .map_or(0, |m| m.rows()),
            mats.iter()
                .find(|m| if dim == 1 {
                    m.rows() != r0
                } else {
                    m.cols() != c0
                })
                .map_or(0, |m| m.cols()),
        )));
    }
    fn join<T: SpElem>(parts: Vec<Csc<T>>, dim: usize) -> Result<Csc<T>> {
        let nnz: usize = parts.iter().map(|p| p.nnz()).sum();
        if dim == 1 {
            let rows = parts[0].rows;
            let cols: usize = parts.iter().map(|p| p.cols).sum();
            let mut b = Csc::builder(rows, cols, nnz)?;
            for p in &parts {
                for j in 0..p.cols {
                    for k in p.col_range(j) {
                        b.push(p.rowidx[k], p.vals[k].clone());
                    }
                    b.end_col();
                }
            }
            Ok(b.finish())
        } else {
            let cols = parts[0].cols;
            let rows: usize = parts.iter().map(|p| p.rows).sum();
            let mut b = Csc::builder(rows, cols, nnz)?;
            for j in 0..cols {
                let mut off = 0;
                for p in &parts {
                    for k in p.col_range(j) {
                        b.push(off + p.rowidx[k], p.vals[k].clone());
                    }
                    off += p.rows;
                }
                b.end_col();
            }
            Ok(b.finish())
        }
    }
    let out = if all_bool {
        let ps = mats
            .iter()
            .map(|m| m.to_bool())
            .collect::<Result<Vec<_>>>()?;
        SparseMatrix::logical(join(ps, dim)?)
    } else if any_cx {
        let ps = mats
            .iter()
            .map(|m| m.to_complex())
            .collect::<Result<Vec<_>>>()?;
        SparseMatrix::complex(join(ps, dim)?)
    } else {
        let ps = mats
            .iter()
            .map(|m| m.to_real())
            .collect::<Result<Vec<_>>>()?;
        SparseMatrix::real(join(ps, dim)?)
    };
    Ok(value(out))
}

pub fn repmat(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargs("repmat", &args, 2, 3)?;
    let reps: Vec<f64> = if args.len() == 3 {
        vec![args[1].scalar_f64("repmat")?, args[2].scalar_f64("repmat")?]
    } else {
        let r = args[1].to_num_array("repmat")?.into_vec();
        if r.len() == 1 {
            vec![r[0], r[0]]
        } else {
            r
        }
    };
    if reps.len() != 2
        || reps
            .iter()
            .any(|&x| x.is_nan() || x < 0.0 || x.fract() != 0.0 || x > 1e9)
    {
        return sparse_call(ctx, "repmat", args);
    }
    let row = concat(1, vec![args[0].clone(); reps[1] as usize])?;
    let rows = if reps[1] == 0.0 {
        let s = sp("repmat", &args[0])?;
        value(SparseMatrix::real(Csc::zeros(s.rows(), 0)?))
    } else {
        row
    };
    let all = concat(0, vec![rows.clone(); reps[0] as usize])?;
    if reps[0] == 0.0 {
        return Ok(vec![value(SparseMatrix::real(Csc::zeros(
            0,
            rows.dims().cols(),
        )?))]);
    }
    Ok(vec![all])
}

pub fn isequal(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if args.len() < 2 {
        return Err(Error::with_id(
            "Octave:invalid-fun-call",
            "Invalid call to isequal",
        ));
    }
    let numeric = |v: &Value| {
        matches!(
            v,
            Value::Sparse(_) | Value::Num(_) | Value::Complex(_) | Value::Bool(_) | Value::Char(_)
        ) && v.dims().ndims() == 2
    };
    if !args.iter().all(numeric) {
        return full_call(ctx, "isequal", args);
    }
    let canon = |v: &Value| -> Result<Csc<C64>> { to_sparse("isequal", v)?.to_complex() };
    let first = canon(&args[0])?;
    for v in &args[1..] {
        if v.dims() != args[0].dims() || canon(v)? != first {
            return Ok(vec![Value::bool(false)]);
        }
    }
    Ok(vec![Value::bool(true)])
}
