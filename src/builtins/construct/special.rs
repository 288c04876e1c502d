//! Special matrices: toeplitz, hankel, vander, hilb, invhilb, pascal,
//! rosser, wilkinson, and gallery's collection (`gallery`).

mod gallery;
pub use gallery::gallery;

use super::concat;
use crate::builtins::reduce::{check_nargout, gather};
use crate::builtins::util::{nargchk, too_large, ClassOpt, MAX_NUMEL};
use crate::builtins::Ctx;
use crate::error::{warn, Error, Result};
use crate::value::{Array, Class, Dims, Value, C64};

/// The elements of `v` as a column of its own class.
fn column(v: &Value) -> Value {
    let n = v.numel();
    gather(v, &(0..n).collect::<Vec<_>>(), Dims::col(n))
}

/// A matrix of `rows` x `cols` whose element (i, j) is element `at(i, j)`
/// of `src` (any class).
fn pick(
    src: &Value,
    rows: usize,
    cols: usize,
    at: impl Fn(usize, usize) -> usize,
) -> Result<Value> {
    let numel = rows
        .checked_mul(cols)
        .filter(|&n| n <= MAX_NUMEL)
        .ok_or_else(too_large)?;
    let mut sel = crate::ops::alloc_vec(numel)?;
    for j in 0..cols {
        for i in 0..rows {
            sel.push(at(i, j));
        }
    }
    Ok(gather(src, &sel, Dims::mat(rows, cols)))
}

fn is_vector(v: &Value) -> bool {
    v.dims().is_vector()
}

/// Whether the first elements of two vectors differ (as `a(1) != b(1)`).
fn first_differs(a: &Value, b: &Value) -> bool {
    let first = |v: &Value| -> Option<C64> {
        v.to_complex_array("toeplitz")
            .ok()
            .and_then(|a| a.data().first().copied())
    };
    match (first(a), first(b)) {
        (Some(x), Some(y)) => x != y,
        _ => false,
    }
}

/// toeplitz: Toeplitz matrix (constant along each diagonal).
///
/// `T = toeplitz(c, r)` returns the matrix with first column c and first
/// row r; where c(1) and r(1) differ, the column wins (with a warning).
///
/// `T = toeplitz(r)` returns the symmetric (for complex r, Hermitian)
/// Toeplitz matrix whose first row is r.
///
/// ```text
/// >> toeplitz([1 2 3])
/// ans =
///
///    1   2   3
///    2   1   2
///    3   2   1
/// ```
pub fn toeplitz(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "toeplitz")?;
    nargchk("toeplitz", args.len(), 1, 2)?;
    let (c, r) = if args.len() == 1 {
        if !is_vector(&args[0]) {
            return Err(Error::new("toeplitz: C must be a vector"));
        }
        let r = args[0].clone();
        // One complex argument: the first column is the conjugate of the
        // row, except the shared diagonal element.
        let c = match &r {
            Value::Complex(a) => {
                let mut d: Vec<C64> = a.data().iter().map(|z| z.conj()).collect();
                if let (Some(first), Some(orig)) = (d.first_mut(), a.data().first()) {
                    *first = *orig;
                }
                Value::Complex(Array::new(a.dims().clone(), d))
            }
            Value::SingleComplex(a) => {
                let mut d: Vec<_> = a.data().iter().map(|z| z.conj()).collect();
                if let (Some(first), Some(orig)) = (d.first_mut(), a.data().first()) {
                    *first = *orig;
                }
                Value::SingleComplex(Array::new(a.dims().clone(), d))
            }
            other => other.clone(),
        };
        (c, r)
    } else {
        let (c, r) = (args[0].clone(), args[1].clone());
        if !(is_vector(&c) && is_vector(&r)) {
            return Err(Error::new("toeplitz: C and R must be vectors"));
        }
        if first_differs(&c, &r) {
            warn("toeplitz: column wins diagonal conflict");
        }
        (c, r)
    };
    let (nr, nc) = (c.numel(), r.numel());
    if nr == 0 || nc == 0 {
        return Ok(vec![pick(&c, nr, nc, |_, _| 0)?]);
    }
    let rest = gather(&r, &(1..nc).collect::<Vec<_>>(), Dims::col(nc - 1));
    let src = concat(0, vec![column(&c), rest])?;
    let t = pick(
        &src,
        nr,
        nc,
        |i, j| if i >= j { i - j } else { nr + j - i - 1 },
    )?;
    Ok(vec![t])
}

/// hankel: Hankel matrix (constant along each anti-diagonal).
///
/// `H = hankel(c)` returns the square matrix with first column c and zeros
/// below the first anti-diagonal.
///
/// `H = hankel(c, r)` returns the matrix with first column c and last row
/// r; where c(end) and r(1) differ, the column wins (with a warning).
///
/// ```text
/// >> hankel([1 2 3])
/// ans =
///
///    1   2   3
///    2   3   0
///    3   0   0
/// ```
pub fn hankel(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "hankel")?;
    nargchk("hankel", args.len(), 1, 2)?;
    let c = &args[0];
    let nr = c.numel();
    if args.len() == 1 {
        if !is_vector(c) {
            return Err(Error::new("hankel: C must be a vector"));
        }
        // Zeros of c's class below the anti-diagonal.
        let class = match c.class() {
            Class::Char | Class::Logical => Class::Double,
            k => k,
        };
        let zero = ClassOpt {
            class,
            complex: false,
        }
        .filled(Dims::scalar(), 0.0)?;
        if nr == 0 {
            return Ok(vec![Value::empty()]);
        }
        let src = concat(0, vec![column(c), zero])?;
        let h = pick(&src, nr, nr, |i, j| if i + j < nr { i + j } else { nr })?;
        return Ok(vec![h]);
    }
    let r = &args[1];
    if !(is_vector(c) && is_vector(r)) {
        return Err(Error::new("hankel: C and R must be vectors"));
    }
    let nc = r.numel();
    if nr > 0 && nc > 0 {
        let last = gather(c, &[nr - 1], Dims::scalar());
        if first_differs(&last, r) {
            warn("hankel: column wins anti-diagonal conflict");
        }
    }
    if nr == 0 || nc == 0 {
        return Ok(vec![pick(c, nr, nc, |_, _| 0)?]);
    }
    let rest = gather(r, &(1..nc).collect::<Vec<_>>(), Dims::col(nc - 1));
    let src = concat(0, vec![column(c), rest])?;
    let h = pick(&src, nr, nc, |i, j| {
        if i + j < nr {
            i + j
        } else {
            nr + (i + j - nr)
        }
    })?;
    Ok(vec![h])
}

/// A nonnegative integer scalar size argument.
fn size_arg(v: &Value, msg: &str) -> Result<usize> {
    let n = if v.is_scalar() {
        v.scalar_f64(msg).ok()
    } else {
        None
    };
    match n {
        Some(n) if n.fract() == 0.0 && n.is_finite() => {
            if n > 1e8 {
                Err(too_large())
            } else {
                Ok(n.max(0.0) as usize)
            }
        }
        _ => Err(Error::new(msg.to_string())),
    }
}

fn square(n: usize, f: impl Fn(usize, usize) -> f64) -> Result<Value> {
    n.checked_mul(n)
        .filter(|&k| k <= MAX_NUMEL)
        .ok_or_else(too_large)?;
    let mut d = crate::ops::alloc_vec(n * n)?;
    for j in 0..n {
        for i in 0..n {
            d.push(f(i, j));
        }
    }
    Ok(Value::Num(Array::new(Dims::mat(n, n), d)))
}

/// vander: Vandermonde matrix.
///
/// `A = vander(c)` returns the matrix whose columns are powers of the
/// vector c, highest first: A(i, j) = c(i)^(n-j) with n = numel(c).
/// `A = vander(c, n)` returns n columns.
///
/// ```text
/// >> vander([1 2 3])
/// ans =
///
///    1   1   1
///    4   2   1
///    9   3   1
/// ```
pub fn vander(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "vander")?;
    nargchk("vander", args.len(), 1, 2)?;
    let c = &args[0];
    if !is_vector(c) && !c.is_empty() {
        return Err(Error::new("vander: polynomial C must be a vector"));
    }
    let m = c.numel();
    let n = match args.get(1) {
        Some(v) => size_arg(v, "vander: N must be a non-negative integer")?,
        None => m,
    };
    let cc = crate::builtins::polynomial::Coefs::of(c, "vander")?;
    let numel = m
        .checked_mul(n)
        .filter(|&k| k <= MAX_NUMEL)
        .ok_or_else(too_large)?;
    let mut d = crate::ops::alloc_vec(numel)?;
    d.resize(numel, C64::new(0.0, 0.0));
    for (i, &x) in cc.data.iter().enumerate() {
        let mut p = C64::new(1.0, 0.0);
        for j in (0..n).rev() {
            d[i + j * m] = p;
            p *= x;
        }
    }
    Ok(vec![crate::builtins::polynomial::out(
        Dims::mat(m, n),
        d,
        cc.single,
    )?])
}

/// hilb: Hilbert matrix.
///
/// `H = hilb(n)` returns the n x n matrix with H(i, j) = 1/(i + j - 1), a
/// classic badly conditioned test matrix.
///
/// ```text
/// >> hilb(2)
/// ans =
///
///    1.0000   0.5000
///    0.5000   0.3333
/// ```
pub fn hilb(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "hilb")?;
    nargchk("hilb", args.len(), 1, 1)?;
    let n = size_arg(&args[0], "hilb: N must be a scalar integer")?;
    Ok(vec![square(n, |i, j| 1.0 / (i + j + 1) as f64)?])
}

/// The binomial coefficient as a double (exact while it fits 2^53).
fn binom(n: usize, k: usize) -> f64 {
    if k > n {
        return 0.0;
    }
    let k = k.min(n - k);
    let mut r = 1.0f64;
    for i in 0..k {
        r = r * (n - i) as f64 / (i + 1) as f64;
        r = r.round();
    }
    r
}

/// invhilb: inverse of the Hilbert matrix, from its closed form.
///
/// `A = invhilb(n)` returns the exact inverse of hilb(n) (its elements are
/// integers, exact in double for n up to about 13).
///
/// ```text
/// >> invhilb(2)
/// ans =
///
///     4   -6
///    -6   12
/// ```
pub fn invhilb(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "invhilb")?;
    nargchk("invhilb", args.len(), 1, 1)?;
    let n = size_arg(&args[0], "invhilb: N must be a scalar integer")?;
    Ok(vec![square(n, |i, j| {
        let (i, j) = (i + 1, j + 1);
        let sign = if (i + j) % 2 == 0 { 1.0 } else { -1.0 };
        let b = binom(i + j - 2, i - 1);
        sign * (i + j - 1) as f64 * binom(n + i - 1, n - j) * binom(n + j - 1, n - i) * b * b
    })?])
}

/// pascal: Pascal matrix.
///
/// `P = pascal(n)` returns the symmetric positive definite matrix of
/// binomial coefficients, P(i, j) = nchoosek(i + j - 2, j - 1).
///
/// `P = pascal(n, 1)` returns its lower-triangular Cholesky factor with
/// alternating column signs (an involution); `pascal(n, -1)` its absolute
/// value; `pascal(n, 2)` a rotated, sign-adjusted version whose cube is
/// the identity.
///
/// ```text
/// >> pascal(4)
/// ans =
///
///     1    1    1    1
///     1    2    3    4
///     1    3    6   10
///     1    4   10   20
/// ```
pub fn pascal(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "pascal")?;
    nargchk("pascal", args.len(), 1, 2)?;
    if args.iter().any(|a| !a.is_scalar()) {
        return Err(Error::new("pascal: N and T must be scalars"));
    }
    let n = args[0].scalar_f64("pascal")?;
    let t = match args.get(1) {
        Some(v) => v.scalar_f64("pascal")?,
        None => 0.0,
    };
    if ![-1.0, 0.0, 1.0, 2.0].contains(&t) {
        return Err(Error::new(format!(
            "pascal: T must be -1, 0, 1, or 2, found {}",
            t.trunc()
        )));
    }
    if !n.is_finite() || n > 1e8 {
        return Err(too_large());
    }
    let n = n.max(0.0) as usize;
    let lower = |i: usize, j: usize| -> f64 {
        if j > i {
            0.0
        } else if j % 2 == 0 {
            binom(i, j)
        } else {
            -binom(i, j)
        }
    };
    let p = match t as i32 {
        0 => square(n, |i, j| binom(i + j, i))?,
        1 => square(n, lower)?,
        -1 => square(n, |i, j| lower(i, j).abs())?,
        _ => {
            // The lower factor turned a quarter clockwise, negated for even n.
            let s = if n % 2 == 0 { -1.0 } else { 1.0 };
            square(n, |i, j| s * lower(n - 1 - j, i))?
        }
    };
    Ok(vec![p])
}

/// rosser: the Rosser matrix, a classic symmetric eigenvalue test matrix.
///
/// `A = rosser()` returns the 8 x 8 matrix with a double eigenvalue, three
/// nearly equal eigenvalues, a zero and a small eigenvalue.
///
/// ```text
/// >> rosser()(1, 1:4)
/// ans =
///
///    611   196  -192   407
/// ```
pub fn rosser(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "rosser")?;
    nargchk("rosser", args.len(), 0, 0)?;
    const ROWS: [[f64; 8]; 8] = [
        [611., 196., -192., 407., -8., -52., -49., 29.],
        [196., 899., 113., -192., -71., -43., -8., -44.],
        [-192., 113., 899., 196., 61., 49., 8., 52.],
        [407., -192., 196., 611., 8., 44., 59., -23.],
        [-8., -71., 61., 8., 411., -599., 208., 208.],
        [-52., -43., 49., 44., -599., 411., 208., 208.],
        [-49., -8., 8., 59., 208., 208., 99., -911.],
        [29., -44., 52., -23., 208., 208., -911., 99.],
    ];
    Ok(vec![square(8, |i, j| ROWS[i][j])?])
}

/// wilkinson: Wilkinson's eigenvalue test matrix.
///
/// `W = wilkinson(n)` returns the symmetric tridiagonal n x n matrix with
/// ones off the diagonal and abs(-(n-1)/2 : (n-1)/2) on it.
///
/// ```text
/// >> wilkinson(3)
/// ans =
///
///    1   1   0
///    1   0   1
///    0   1   1
/// ```
pub fn wilkinson(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "wilkinson")?;
    nargchk("wilkinson", args.len(), 1, 1)?;
    let n = size_arg(&args[0], "wilkinson: N must be a non-negative integer")?;
    if args[0].scalar_f64("wilkinson")? < 0.0 {
        return Err(Error::new("wilkinson: N must be a non-negative integer"));
    }
    let half = (n as f64 - 1.0) / 2.0;
    Ok(vec![square(n, |i, j| {
        if i == j {
            (i as f64 - half).abs()
        } else if i.abs_diff(j) == 1 {
            1.0
        } else {
            0.0
        }
    })?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binomials_are_exact() {
        assert_eq!(binom(10, 3), 120.0);
        assert_eq!(binom(3, 5), 0.0);
        assert_eq!(binom(50, 25), 126410606437752.0);
    }
}
