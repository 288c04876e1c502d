//! Rearranging builtins: `diag`, `tril`, `triu`, `fliplr`, `flipud`,
//! `flip`, `rot90`, `circshift`, `permute`, `ipermute`, `squeeze`,
//! `shiftdim`, `meshgrid`, `prepad`, `postpad`. All keep the input's
//! class.

use super::super::util::{nargchk, too_large};
use super::super::Ctx;
use super::concat::concat;
use super::{each_array, each_class, gather, linear, repmat_array};
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Value};

fn arg_int(fname: &str, v: &Value, what: &str) -> Result<i64> {
    let x = v.scalar_f64(fname)?;
    if x.fract() != 0.0 || !x.is_finite() || x.abs() > 1e15 {
        return Err(Error::new(format!("{fname}: {what} must be an integer")));
    }
    Ok(x as i64)
}

fn zero_of<T: Clone + Default>(_: &Array<T>) -> T {
    T::default()
}

fn diag_array<T: Clone + Default>(a: &Array<T>, k: i64) -> Result<Array<T>> {
    let d = a.dims();
    if !d.is_matrix() {
        return Err(Error::new("diag: requires a 2-D matrix"));
    }
    // Any 1xN or Nx1 (even 1x0) is a vector here: diag(zeros(1,0),1) is 0.
    if d.rows() == 1 || d.cols() == 1 {
        // Vector -> square matrix with the vector on diagonal k.
        let n = a.numel();
        let size = n
            .checked_add(usize::try_from(k.unsigned_abs()).map_err(|_| too_large())?)
            .ok_or_else(too_large)?;
        if size == 0 {
            return Ok(Array::empty_with(Dims::empty()));
        }
        super::super::util::checked_numel(&[size, size])?;
        let mut out = super::super::util::alloc_vec(size * size, zero_of(a))?;
        for (i, x) in a.data().iter().enumerate() {
            let (r, c) = if k >= 0 {
                (i, i + k as usize)
            } else {
                (i + (-k) as usize, i)
            };
            if let Some(s) = out.get_mut(r + c * size) {
                *s = x.clone();
            }
        }
        return Ok(Array::new(Dims::mat(size, size), out));
    }
    if d.rows() == 0 && d.cols() == 0 {
        return Ok(Array::empty_with(Dims::empty()));
    }
    // Matrix -> column of diagonal k.
    let (r, c) = (d.rows() as i64, d.cols() as i64);
    let mut v = Vec::new();
    let (mut i, mut j) = if k >= 0 { (0, k) } else { (-k, 0) };
    while i < r && j < c {
        v.push(a.at(i as usize, j as usize).clone());
        i += 1;
        j += 1;
    }
    if v.is_empty() {
        return Ok(Array::empty_with(Dims::mat(0, 1)));
    }
    Ok(Array::col(v))
}

/// An m-by-n matrix with the vector `a` on its main diagonal (elements
/// past the smaller side left out).
fn diag_sized<T: Clone + Default>(a: &Array<T>, m: usize, n: usize) -> Result<Array<T>> {
    let total = super::super::util::checked_numel(&[m, n])?;
    let mut out = super::super::util::alloc_vec(total, zero_of(a))?;
    for (i, x) in a.data().iter().enumerate().take(m.min(n)) {
        out[i + i * m] = x.clone();
    }
    Ok(Array::new(Dims::mat(m, n), out))
}

/// diag: diagonal matrices and diagonals of a matrix.
///
/// `D = diag(v)` for a vector v returns a square matrix with v on its main
/// diagonal; `D = diag(v, k)` puts v on the k-th diagonal (k > 0 above the
/// main diagonal, k < 0 below).
///
/// `D = diag(v, m, n)` is an m-by-n matrix with v on its main diagonal
/// (Octave's form; elements of v past min(m, n) are left out). For a
/// sparse v the answer is sparse.
///
/// `x = diag(A)` for a matrix A returns its main diagonal as a column;
/// `x = diag(A, k)` returns the k-th diagonal.
///
/// ```text
/// >> diag([1 2], 1)
/// ans =
///
///    0   1   0
///    0   0   2
///    0   0   0
/// >> diag([1 2; 3 4])
/// ans =
///
///    1
///    4
/// >> diag([5 6], -1)
/// ans =
///
///    0   0   0
///    5   0   0
///    0   6   0
/// >> full(diag([1 2], 3, 4))
/// ans =
///
///    1   0   0   0
///    0   2   0   0
///    0   0   0   0
/// ```
pub fn diag(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("diag", a.len(), 1, 3)?;
    if a.len() == 3 {
        let size = |v: &Value| -> Result<usize> {
            let x = v.scalar_f64("diag")?;
            if x.fract() != 0.0 || x.is_nan() || x < 0.0 {
                return Err(Error::new("diag: M and N must be non-negative integers"));
            }
            // Beyond usize the size check below says "too large".
            Ok(x.min(usize::MAX as f64) as usize)
        };
        let (m, n) = (size(&a[1])?, size(&a[2])?);
        let d = a[0].dims();
        if !d.is_matrix() || (d.rows() != 1 && d.cols() != 1) {
            return Err(Error::new("diag: V must be a vector"));
        }
        return Ok(vec![each_class!("diag", &a[0], |x| diag_sized(x, m, n)?)]);
    }
    let k = match a.get(1) {
        Some(v) => arg_int("diag", v, "K")?,
        None => 0,
    };
    Ok(vec![each_class!("diag", &a[0], |x| diag_array(x, k)?)])
}

fn tri<T: Clone + Default>(a: &Array<T>, k: i64, lower: bool) -> Result<Array<T>> {
    if !a.dims().is_matrix() {
        return Err(Error::new("tril: need a 2-D matrix"));
    }
    let r = a.rows();
    let mut out = a.clone();
    let zero = zero_of(a);
    for (idx, x) in out.try_data_mut()?.iter_mut().enumerate() {
        let (i, j) = ((idx % r.max(1)) as i64, (idx / r.max(1)) as i64);
        let keep = if lower { j - i <= k } else { j - i >= k };
        if !keep {
            *x = zero.clone();
        }
    }
    Ok(out)
}

fn tri_fn(fname: &str, a: Vec<Value>, lower: bool) -> Result<Vec<Value>> {
    nargchk(fname, a.len(), 1, 2)?;
    let k = match a.get(1) {
        Some(v) => arg_int(fname, v, "K")?,
        None => 0,
    };
    Ok(vec![each_class!(fname, &a[0], |x| tri(x, k, lower)?)])
}

/// tril: lower triangular part of a matrix.
///
/// `L = tril(A)` keeps the elements on and below the main diagonal of A
/// and sets the others to zero.
///
/// `L = tril(A, K)` keeps the elements on and below the K-th diagonal
/// (K > 0 above the main one, K < 0 below).
///
/// ```text
/// >> tril(magic(3))
/// ans =
///
///    8   0   0
///    3   5   0
///    4   9   2
/// >> tril(magic(3), -1)
/// ans =
///
///    0   0   0
///    3   0   0
///    4   9   0
/// ```
pub fn tril(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    tri_fn("tril", a, true)
}

/// triu: upper triangular part of a matrix.
///
/// `U = triu(A)` keeps the elements on and above the main diagonal of A
/// and sets the others to zero.
///
/// `U = triu(A, K)` keeps the elements on and above the K-th diagonal
/// (K > 0 above the main one, K < 0 below).
///
/// ```text
/// >> triu(magic(3), 1)
/// ans =
///
///    0   1   6
///    0   0   7
///    0   0   0
/// ```
pub fn triu(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    tri_fn("triu", a, false)
}

/// Reverses dimension `dim` (0-based).
fn flip_dim<T: Clone>(a: &Array<T>, dim: usize) -> Result<Array<T>> {
    let d = a.dims().clone();
    let n = d.get(dim);
    let mut src = vec![0usize; d.ndims()];
    gather(a, d.clone(), |idx| {
        src.copy_from_slice(idx);
        if let Some(s) = src.get_mut(dim) {
            *s = n - 1 - *s;
        }
        linear(&d, &src)
    })
}

/// fliplr: flip an array left to right.
///
/// `B = fliplr(A)` returns A with the order of its columns reversed (the
/// second dimension), for arrays of any class.
///
/// ```text
/// >> fliplr([1 2 3; 4 5 6])
/// ans =
///
///    3   2   1
///    6   5   4
/// >> fliplr('abc')
/// ans = cba
/// ```
pub fn fliplr(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("fliplr", a.len(), 1, 1)?;
    Ok(vec![each_array!("fliplr", &a[0], |x| flip_dim(x, 1)?)])
}

/// flipud: flip an array upside down.
///
/// `B = flipud(A)` returns A with the order of its rows reversed (the first
/// dimension), for arrays of any class.
///
/// ```text
/// >> flipud([1 2; 3 4; 5 6])
/// ans =
///
///    5   6
///    3   4
///    1   2
/// ```
pub fn flipud(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("flipud", a.len(), 1, 1)?;
    Ok(vec![each_array!("flipud", &a[0], |x| flip_dim(x, 0)?)])
}

/// flip: reverse the order of elements along a dimension.
///
/// `B = flip(A)` reverses A along its first dimension whose size is not 1
/// (a row vector is reversed left to right, a matrix upside down).
///
/// `B = flip(A, dim)` reverses A along dimension dim.
///
/// ```text
/// >> flip(1:4)
/// ans =
///
///    4   3   2   1
/// >> flip([1 2; 3 4])
/// ans =
///
///    3   4
///    1   2
/// >> flip([1 2; 3 4], 2)
/// ans =
///
///    2   1
///    4   3
/// ```
pub fn flip(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("flip", a.len(), 1, 2)?;
    let dim = match a.get(1) {
        Some(v) => {
            let d = arg_int("flip", v, "DIM")?;
            if d < 1 {
                return Err(Error::new("flip: DIM must be a positive integer"));
            }
            (d - 1) as usize
        }
        None => a[0].dims().first_nonsingleton(),
    };
    Ok(vec![each_array!("flip", &a[0], |x| flip_dim(x, dim)?)])
}

fn rot90_array<T: Clone>(a: &Array<T>, k: i64) -> Result<Array<T>> {
    let d = a.dims().clone();
    if !d.is_matrix() {
        return Err(Error::new("rot90: A must be a 2-D array"));
    }
    let (r, c) = (d.rows(), d.cols());
    match k.rem_euclid(4) {
        0 => Ok(a.clone()),
        // rot90(A) = flipud(A.')
        1 => gather(a, Dims::mat(c, r), |idx| idx[1] + (c - 1 - idx[0]) * r),
        2 => gather(a, d.clone(), |idx| (r - 1 - idx[0]) + (c - 1 - idx[1]) * r),
        // rot90(A,3) = fliplr(A.')
        _ => gather(a, Dims::mat(c, r), |idx| (r - 1 - idx[1]) + idx[0] * r),
    }
}

/// rot90: rotate a matrix by 90 degrees.
///
/// `B = rot90(A)` rotates A counterclockwise by 90 degrees.
///
/// `B = rot90(A, K)` rotates by K*90 degrees (clockwise for negative K).
///
/// ```text
/// >> rot90([1 2; 3 4])
/// ans =
///
///    2   4
///    1   3
/// >> rot90([1 2; 3 4], -1)
/// ans =
///
///    3   1
///    4   2
/// ```
pub fn rot90(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("rot90", a.len(), 1, 2)?;
    let k = match a.get(1) {
        Some(v) => arg_int("rot90", v, "K")?,
        None => 1,
    };
    Ok(vec![each_array!("rot90", &a[0], |x| rot90_array(x, k)?)])
}

fn circshift_array<T: Clone>(a: &Array<T>, shifts: &[(usize, i64)]) -> Result<Array<T>> {
    let d = a.dims().clone();
    if a.is_empty() {
        return Ok(a.clone());
    }
    let mut src = vec![0usize; d.ndims()];
    gather(a, d.clone(), |idx| {
        src.copy_from_slice(idx);
        for &(dim, s) in shifts {
            if let Some(i) = src.get_mut(dim) {
                let n = d.get(dim) as i64;
                *i = (*i as i64 - s).rem_euclid(n.max(1)) as usize;
            }
        }
        linear(&d, &src)
    })
}

/// circshift: shift array elements circularly.
///
/// `B = circshift(A, n)` shifts the elements of A by n positions along the
/// first dimension whose size is not 1; elements pushed off one end come
/// back at the other. Positive n shifts down (or right), negative n up (or
/// left). A vector n = [r c ...] shifts along each dimension in turn.
///
/// `B = circshift(A, n, dim)` shifts by n along dimension dim.
///
/// ```text
/// >> circshift(1:5, 2)
/// ans =
///
///    4   5   1   2   3
/// >> circshift([1 2 3; 4 5 6], -1, 2)
/// ans =
///
///    2   3   1
///    5   6   4
/// ```
pub fn circshift(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("circshift", a.len(), 2, 3)?;
    let n = a[1].to_num_array("circshift")?;
    if a.len() == 3 && n.numel() != 1 {
        return Err(Error::new(
            "circshift: N must be a scalar when DIM is also specified",
        ));
    }
    if !n.dims().is_vector() || n.numel() > a[0].dims().ndims() {
        return Err(Error::new(
            "circshift: N must be a vector, no longer than the number of dimensions in X",
        ));
    }
    if n.data().iter().any(|x| x.fract() != 0.0 || !x.is_finite()) {
        return Err(Error::new("circshift: all values of N must be integers"));
    }
    let shifts: Vec<(usize, i64)> = match a.get(2) {
        Some(dv) => {
            let dim = arg_int("circshift", dv, "DIM")?;
            if dim < 1 {
                return Err(Error::new("circshift: DIM must be a valid dimension"));
            }
            vec![((dim - 1) as usize, n.data()[0] as i64)]
        }
        None if n.numel() == 1 => {
            vec![(a[0].dims().first_nonsingleton(), n.data()[0] as i64)]
        }
        None => n
            .data()
            .iter()
            .enumerate()
            .map(|(k, &s)| (k, s as i64))
            .collect(),
    };
    Ok(vec![each_array!("circshift", &a[0], |x| circshift_array(
        x, &shifts
    )?)])
}

/// meshgrid: 2-D and 3-D grids of coordinates.
///
/// `[X, Y] = meshgrid(x, y)` returns matrices of numel(y) rows and
/// numel(x) columns: each row of X is a copy of the vector x, each column
/// of Y a copy of y, so (X(i,j), Y(i,j)) runs over every grid point. This
/// is the layout `surf`, `mesh` and `contour` take, and lets a function of
/// two variables be evaluated element-wise, e.g. `Z = X.^2 + Y.^2`.
///
/// `[X, Y] = meshgrid(x)` is `meshgrid(x, x)`.
///
/// `[X, Y, Z] = meshgrid(x, y, z)` returns 3-D arrays of size
/// numel(y)-by-numel(x)-by-numel(z) for a 3-D grid (`meshgrid(x)` with
/// three outputs uses x for all three). The outputs keep the class of the
/// inputs.
///
/// ```text
/// >> [X, Y] = meshgrid(1:3, 10:10:20)
/// X =
///
///    1   2   3
///    1   2   3
///
/// Y =
///
///    10   10   10
///    20   20   20
///
/// >> [X, Y, Z] = meshgrid(1:2, 1:3, 1:4); size(Z)
/// ans =
///
///    3   2   4
///
/// ```
pub fn meshgrid(ctx: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("meshgrid", a.len(), 1, 3)?;
    let vecs: Vec<Value> = match a.len() {
        1 if ctx.nargout >= 3 => vec![a[0].clone(), a[0].clone(), a[0].clone()],
        1 => vec![a[0].clone(), a[0].clone()],
        _ => a,
    };
    for v in &vecs {
        if !v.dims().is_vector() {
            return Err(Error::new(if vecs.len() == 3 {
                "meshgrid: X, Y, and Z must be vectors"
            } else {
                "meshgrid: X and Y must be vectors"
            }));
        }
    }
    let three = vecs.len() == 3;
    let (nx, ny) = (vecs[0].numel(), vecs[1].numel());
    let nz = if three { vecs[2].numel() } else { 1 };
    let dims = Dims::new(&[ny, nx, nz]);
    super::super::util::checked_numel(dims.as_slice())?;
    let mut outs = Vec::with_capacity(3);
    for (k, v) in vecs.iter().enumerate() {
        let flat = v
            .clone()
            .reshaped(Dims::col(v.numel()))
            .ok_or_else(|| Error::new("meshgrid"))?;
        let pick = move |idx: &[usize]| match k {
            0 => idx[1],
            1 => idx[0],
            _ => idx.get(2).copied().unwrap_or(0),
        };
        outs.push(each_class!("meshgrid", &flat, |x| gather(
            x,
            dims.clone(),
            pick
        )?));
    }
    if ctx.nargout > outs.len() {
        return Err(Error::too_many_outputs("meshgrid"));
    }
    Ok(outs)
}

/// `a` with its dimensions reordered: dimension k of the answer is
/// dimension `perm[k]` of `a` (0-based; `perm` a permutation).
fn permute_array<T: Clone>(a: &Array<T>, perm: &[usize]) -> Result<Array<T>> {
    let d = a.dims().clone();
    let ext: Vec<usize> = perm.iter().map(|&p| d.get(p)).collect();
    let mut src = vec![0usize; perm.len()];
    gather(a, Dims::new(&ext), |idx| {
        for (k, &p) in perm.iter().enumerate() {
            if let (Some(s), Some(&i)) = (src.get_mut(p), idx.get(k)) {
                *s = i;
            }
        }
        linear(&d, &src)
    })
}

/// The 0-based permutation in a `permute`/`ipermute` argument: a
/// permutation of 1:k with k at least ndims(A), else Octave's messages.
fn perm_arg(fname: &str, v: &Value, nd: usize) -> Result<Vec<usize>> {
    let p = v.to_num_array(fname)?;
    if p.numel() < nd || !p.dims().is_vector() {
        return Err(Error::new(format!("{fname}: invalid permutation vector")));
    }
    let k = p.numel();
    let mut seen = vec![false; k];
    let mut out = Vec::with_capacity(k);
    for &x in p.data() {
        if x.fract() != 0.0 || !(x >= 1.0 && x <= k as f64) {
            return Err(Error::new(format!(
                "{fname}: permutation vector contains an invalid element"
            )));
        }
        let i = x as usize - 1;
        if seen[i] {
            return Err(Error::new(format!(
                "{fname}: permutation vector cannot contain identical elements"
            )));
        }
        seen[i] = true;
        out.push(i);
    }
    Ok(out)
}

/// "called with too many outputs" beyond one output.
fn one_output(ctx: &Ctx, fname: &str) -> Result<()> {
    if ctx.nargout > 1 {
        return Err(Error::too_many_outputs(fname));
    }
    Ok(())
}

fn permute_value(fname: &str, a: &[Value], inverse: bool) -> Result<Vec<Value>> {
    if a.len() != 2 {
        return Err(Error::with_id(
            "Octave:invalid-fun-call",
            format!("Invalid call to {fname}"),
        ));
    }
    if matches!(a[0], Value::Func(_)) {
        return Err(Error::wrong_type(fname, a[0].class_name()));
    }
    let nd = a[0].dims().ndims();
    let p = perm_arg(fname, &a[1], nd)?;
    // The permutation beyond what a dims list can sensibly hold.
    if p.len() > MAX_SHIFT_DIMS as usize {
        return Err(Error::new(format!(
            "{fname}: out of memory or dimension too large"
        )));
    }
    let p = if inverse {
        let mut q = vec![0usize; p.len()];
        for (k, &i) in p.iter().enumerate() {
            q[i] = k;
        }
        q
    } else {
        p
    };
    if let Value::Sparse(s) = &a[0] {
        return Ok(vec![permute_sparse(s, &p)?]);
    }
    Ok(vec![each_array!(fname, &a[0], |v| permute_array(v, &p)?)])
}

/// A sparse matrix with its two dimensions in the order `p`: itself or
/// its transpose, still sparse (a sparse matrix has no third dimension).
fn permute_sparse(s: &crate::value::sparse::SparseMatrix, p: &[usize]) -> Result<Value> {
    match p {
        [0, 1] => Ok(Value::Sparse(Box::new(s.clone()))),
        [1, 0] => crate::builtins::sparse::ops::transpose(s, false),
        _ => Err(Error::new("permutation vector contains an invalid element")),
    }
}

/// permute: rearrange the dimensions of an array.
///
/// `B = permute(A, perm)` returns A with its dimensions in the order given
/// by the permutation vector perm: dimension k of B is dimension perm(k)
/// of A, so size(B, k) is size(A, perm(k)). perm must list each of 1:n
/// once, with n at least ndims(A) (extra dimensions are singletons).
/// `permute(A, [2 1])` of a matrix is its transpose.
///
/// ```text
/// >> size(permute(ones(2, 3, 4), [3 1 2]))
/// ans =
///
///    4   2   3
///
/// >> permute([1 2; 3 4], [2 1])
/// ans =
///
///    1   3
///    2   4
///
/// ```
pub fn permute(ctx: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    one_output(ctx, "permute")?;
    permute_value("permute", &a, false)
}

/// ipermute: undo a permutation of the dimensions of an array.
///
/// `A = ipermute(B, perm)` is the inverse of `permute`:
/// `ipermute(permute(A, perm), perm)` is A again.
///
/// ```text
/// >> size(ipermute(ones(4, 2, 3), [3 1 2]))
/// ans =
///
///    2   3   4
///
/// ```
pub fn ipermute(ctx: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    one_output(ctx, "ipermute")?;
    permute_value("ipermute", &a, true)
}

/// squeeze: remove singleton dimensions.
///
/// `B = squeeze(A)` returns A with its dimensions of length 1 removed; a
/// result with a single dimension left is a column. Matrices (2-D arrays,
/// row vectors included) are returned unchanged.
///
/// ```text
/// >> squeeze(ones(1, 1, 3))
/// ans =
///
///    1
///    1
///    1
///
/// >> size(squeeze(ones(2, 1, 3)))
/// ans =
///
///    2   3
///
/// ```
pub fn squeeze(ctx: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    one_output(ctx, "squeeze")?;
    if a.len() != 1 {
        return Err(Error::with_id(
            "Octave:invalid-fun-call",
            "Invalid call to squeeze",
        ));
    }
    let v = &a[0];
    let d = v.dims();
    if d.ndims() <= 2 || matches!(v, Value::Func(_)) {
        return Ok(vec![v.clone()]);
    }
    let kept: Vec<usize> = d.as_slice().iter().copied().filter(|&e| e != 1).collect();
    let ext = match kept.as_slice() {
        [] => vec![1, 1],
        [n] => vec![*n, 1],
        _ => kept,
    };
    v.clone()
        .reshaped(Dims::new(&ext))
        .map(|r| vec![r])
        .ok_or_else(|| Error::new("squeeze: cannot reshape the array"))
}

/// Most leading singleton dimensions `shiftdim` adds: beyond this the
/// dimension list itself is the problem.
const MAX_SHIFT_DIMS: f64 = 4096.0;

/// shiftdim: shift the dimensions of an array.
///
/// `B = shiftdim(A, n)` shifts the dimensions of A by the integer n. For
/// positive n the dimensions move n places to the left and the first n
/// wrap around to the end (n is taken modulo ndims(A)), so the elements
/// are rearranged as `permute` would; for negative n, -n leading
/// singleton dimensions are added and the elements stay in place.
///
/// `[B, nshifts] = shiftdim(A)` removes the leading singleton dimensions
/// of A; nshifts is how many were removed (0 for a scalar), and
/// `shiftdim(B, -nshifts)` gives A back.
///
/// ```text
/// >> [b, ns] = shiftdim(reshape(1:6, 1, 2, 3))
/// b =
///
///    1   3   5
///    2   4   6
///
/// ns = 1
/// >> size(shiftdim(ones(1, 2, 3), -1))
/// ans =
///
///    1   1   2   3
///
/// >> shiftdim([1 2; 3 4], 1)
/// ans =
///
///    1   3
///    2   4
///
/// ```
pub fn shiftdim(ctx: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    if ctx.nargout > 2 {
        return Err(Error::too_many_outputs("shiftdim"));
    }
    if a.is_empty() || a.len() > 2 {
        return Err(Error::with_id(
            "Octave:invalid-fun-call",
            "Invalid call to shiftdim",
        ));
    }
    let x = &a[0];
    if matches!(x, Value::Func(_)) {
        return Err(Error::wrong_type("shiftdim", x.class_name()));
    }
    let dims = x.dims();
    let nd = dims.ndims();
    let n: i64 = match a.get(1) {
        None => dims
            .as_slice()
            .iter()
            .position(|&e| e != 1)
            .map(|k| k as i64)
            .unwrap_or(0),
        Some(nv) => {
            let bad = || Error::new("shiftdim: N must be a scalar integer");
            if nv.numel() != 1
                || !matches!(
                    nv,
                    Value::Num(_)
                        | Value::Single(_)
                        | Value::Int(_)
                        | Value::Bool(_)
                        | Value::Char(_)
                )
            {
                return Err(bad());
            }
            let n = nv.scalar_f64("shiftdim").map_err(|_| bad())?;
            if n.fract() != 0.0 || !n.is_finite() {
                return Err(bad());
            }
            if n < -MAX_SHIFT_DIMS {
                return Err(Error::new("shiftdim: out of memory or dimension too large"));
            }
            if n >= nd as f64 {
                (n % nd as f64) as i64
            } else {
                n as i64
            }
        }
    };
    let y = if n < 0 {
        let mut ext = vec![1usize; n.unsigned_abs() as usize];
        ext.extend_from_slice(dims.as_slice());
        x.clone()
            .reshaped(Dims::new(&ext))
            .ok_or_else(|| Error::new("shiftdim: cannot reshape the array"))?
    } else if n > 0 {
        let k = n as usize;
        let perm: Vec<usize> = (k..nd).chain(0..k).collect();
        match x {
            Value::Sparse(s) => permute_sparse(s, &perm)?,
            _ => each_array!("shiftdim", x, |v| permute_array(v, &perm)?),
        }
    } else {
        x.clone()
    };
    Ok(vec![y, Value::num(n as f64)])
}

/// `prepad` (front) or `postpad`: `x` cut or padded with `c` to length
/// `l` along a dimension.
fn pad(fname: &str, a: Vec<Value>, front: bool) -> Result<Vec<Value>> {
    nargchk(fname, a.len(), 2, 4)?;
    let x = &a[0];
    let c = match a.get(2) {
        Some(c) if !c.is_empty() => {
            if c.numel() != 1 {
                return Err(Error::new(format!(
                    "{fname}: pad value C must be empty or a scalar"
                )));
            }
            c.clone()
        }
        _ => Value::num(0.0),
    };
    let xd = x.dims().clone();
    let dim = match a.get(3) {
        Some(v) => {
            let ok = v.numel() == 1
                && v.scalar_f64(fname)
                    .is_ok_and(|d| d.fract() == 0.0 && (1.0..=64.0).contains(&d));
            if !ok {
                return Err(Error::new(format!(
                    "{fname}: DIM must be an integer and a valid dimension"
                )));
            }
            v.scalar_f64(fname)? as usize - 1
        }
        None => xd.first_nonsingleton(),
    };
    let l = match (a[1].numel(), a[1].scalar_f64(fname)) {
        (1, Ok(l)) if l >= 0.0 && l.fract() == 0.0 => l,
        _ => {
            return Err(Error::new(format!(
                "{fname}: length L must be a positive scalar"
            )))
        }
    };
    let mut sz: Vec<usize> = xd.as_slice().to_vec();
    if sz.len() <= dim {
        sz.resize(dim + 1, 1);
    }
    let d = sz[dim];
    if d as f64 == l {
        return Ok(vec![x.clone()]);
    }
    if d as f64 > l {
        // Keep the last l (prepad) or the first l (postpad) along dim.
        let l = l as usize;
        let skip = if front { d - l } else { 0 };
        let mut out = sz.clone();
        out[dim] = l;
        let full = Dims::new(&sz);
        let mut src = vec![0usize; sz.len()];
        let y = each_array!(fname, x, |t| gather(t, Dims::new(&out), |idx| {
            src.copy_from_slice(idx);
            src[dim] += skip;
            linear(&full, &src)
        })?);
        return Ok(vec![y]);
    }
    if l > 2f64.powi(31) {
        return Err(too_large());
    }
    sz[dim] = l as usize - d;
    let padding = each_array!(fname, &c, |t| repmat_array(t, &sz)?);
    let parts = if front {
        vec![padding, x.clone()]
    } else {
        vec![x.clone(), padding]
    };
    Ok(vec![concat(dim, parts)?])
}

/// prepad: pad or cut an array at its start to a given length.
///
/// `y = prepad(x, l)` puts zeros before x along its first non-singleton
/// dimension until that dimension has length l; when it is longer than l,
/// only its last l elements are kept.
///
/// `y = prepad(x, l, c)` pads with the scalar c; `y = prepad(x, l, c, dim)`
/// works along dimension dim.
///
/// ```text
/// >> prepad([1 2 3], 5)
/// ans =
///
///    0   0   1   2   3
/// >> prepad([1 2 3 4], 2)
/// ans =
///
///    3   4
/// >> prepad([1 2; 3 4], 3, 0, 2)
/// ans =
///
///    0   1   2
///    0   3   4
/// ```
pub fn prepad(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    pad("prepad", a, true)
}

/// postpad: pad or cut an array at its end to a given length.
///
/// `y = postpad(x, l)` puts zeros after x along its first non-singleton
/// dimension until that dimension has length l; when it is longer than l,
/// only its first l elements are kept.
///
/// `y = postpad(x, l, c)` pads with the scalar c; `y = postpad(x, l, c,
/// dim)` works along dimension dim.
///
/// ```text
/// >> postpad([1 2 3], 5, 9)
/// ans =
///
///    1   2   3   9   9
/// >> postpad([1; 2; 3], 2)
/// ans =
///
///    1
///    2
/// >> postpad('Octave', 8, 'x')
/// ans = Octavexx
/// ```
pub fn postpad(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    pad("postpad", a, false)
}

#[cfg(test)]
mod tests {
    use crate::builtins::math::tests::{call, call1};
    use crate::value::Value;

    fn m(r: usize, c: usize, v: &[f64]) -> Value {
        Value::matrix(r, c, v.to_vec())
    }

    #[test]
    fn diag_forms() {
        let d = call1("diag", vec![Value::row(vec![1.0, 2.0]), Value::num(1.0)]);
        assert_eq!(d, m(3, 3, &[0., 0., 0., 1., 0., 0., 0., 2., 0.]));
        let v = call1("diag", vec![m(2, 2, &[1., 3., 2., 4.])]);
        assert_eq!(v, Value::col(vec![1.0, 4.0]));
        let w = call1(
            "diag",
            vec![m(2, 3, &[1., 4., 2., 5., 3., 6.]), Value::num(-1.0)],
        );
        assert_eq!(w, Value::num(4.0));
        let e = crate::value::Array::empty_with(crate::value::Dims::mat(1, 0));
        assert_eq!(
            call1("diag", vec![Value::Num(e.clone()), Value::num(1.0)]),
            Value::num(0.0)
        );
        assert_eq!(call1("diag", vec![Value::Num(e)]), Value::empty());
        assert_eq!(call1("diag", vec![Value::empty()]), Value::empty());
    }

    #[test]
    fn rotations_and_shifts() {
        let a = m(2, 2, &[1., 3., 2., 4.]);
        assert_eq!(call1("rot90", vec![a.clone()]), m(2, 2, &[2., 1., 4., 3.]));
        assert_eq!(
            call1("rot90", vec![a.clone(), Value::num(3.0)]),
            m(2, 2, &[3., 4., 1., 2.])
        );
        assert_eq!(
            call1("rot90", vec![a.clone(), Value::num(2.0)]),
            m(2, 2, &[4., 2., 3., 1.])
        );
        let r = call1("rot90", vec![m(2, 3, &[1., 4., 2., 5., 3., 6.])]);
        assert_eq!(r, m(3, 2, &[3., 2., 1., 6., 5., 4.]));
        assert_eq!(
            call1(
                "circshift",
                vec![Value::row(vec![1., 2., 3., 4.]), Value::num(1.0)]
            ),
            Value::row(vec![4., 1., 2., 3.])
        );
        assert_eq!(
            call1(
                "circshift",
                vec![a.clone(), Value::num(1.0), Value::num(2.0)]
            ),
            m(2, 2, &[2., 4., 1., 3.])
        );
        assert_eq!(
            call1("circshift", vec![a.clone(), Value::row(vec![1.0, 1.0])]),
            m(2, 2, &[4., 2., 3., 1.])
        );
        assert_eq!(call1("fliplr", vec![Value::str("abc")]), Value::str("cba"));
        assert_eq!(call1("tril", vec![a.clone()]), m(2, 2, &[1., 3., 0., 4.]));
        assert_eq!(
            call1("triu", vec![a, Value::num(1.0)]),
            m(2, 2, &[0., 0., 2., 0.])
        );
    }

    #[test]
    fn meshgrid_outputs() {
        let r = call(
            "meshgrid",
            vec![Value::row(vec![1., 2., 3.]), Value::row(vec![4., 5.])],
            2,
        )
        .unwrap();
        assert_eq!(r[0], m(2, 3, &[1., 1., 2., 2., 3., 3.]));
        assert_eq!(r[1], m(2, 3, &[4., 5., 4., 5., 4., 5.]));
    }
}
