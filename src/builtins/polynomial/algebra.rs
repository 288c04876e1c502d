//! Polynomial algebra: poly, roots, polyder, polyint, polyvalm, compan,
//! polyaffine, polyreduce, polygcd.

use super::{convolve, out, row, Coefs};
use crate::builtins::reduce::{check_nargout, check_nargs};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::ops::dense::{eig_values_general, matmul};
use crate::ops::elementwise::cdiv;
use crate::value::{Dims, Value, C64};

const ZERO: C64 = C64::new(0.0, 0.0);
const ONE: C64 = C64::new(1.0, 0.0);

/// The coefficients of the monic polynomial whose roots are `r`.
fn from_roots(r: &[C64]) -> Vec<C64> {
    let mut y = vec![ZERO; r.len() + 1];
    y[0] = ONE;
    for (k, &z) in r.iter().enumerate() {
        for j in (1..=k + 1).rev() {
            let prev = y[j - 1];
            y[j] -= z * prev;
        }
    }
    y
}

/// The companion matrix of the n coefficients `c` (`c[0]` nonzero): first
/// row -c(2:n)/c(1), ones on the subdiagonal; (n-1) x (n-1), column-major.
fn companion(c: &[C64]) -> Vec<C64> {
    let m = c.len().saturating_sub(1);
    let mut a = vec![ZERO; m * m];
    for j in 0..m {
        a[j * m] = -cdiv(c[j + 1], c[0]);
    }
    for i in 1..m {
        a[i + (i - 1) * m] = ONE;
    }
    a
}

/// Whether the non-real values of `r` pair up as complex conjugates.
fn conjugate_pairs(r: &[C64]) -> bool {
    let key = |z: &C64| (z.re, z.im.abs());
    let mut pos: Vec<(f64, f64)> = r.iter().filter(|z| z.im > 0.0).map(key).collect();
    let mut neg: Vec<(f64, f64)> = r.iter().filter(|z| z.im < 0.0).map(key).collect();
    let cmp =
        |a: &(f64, f64), b: &(f64, f64)| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal);
    pos.sort_by(cmp);
    neg.sort_by(cmp);
    pos == neg
}

/// poly: the polynomial with given roots, or a matrix's characteristic
/// polynomial.
///
/// `p = poly(r)` for a vector r returns the coefficients of the monic
/// polynomial whose roots are the elements of r (real when the complex
/// roots come in conjugate pairs).
///
/// `p = poly(A)` for a square matrix A returns the coefficients of its
/// characteristic polynomial det(z*I - A).
///
/// ```text
/// >> poly([1 2 3])
/// ans =
///
///     1   -6   11   -6
/// ```
pub fn poly(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "poly")?;
    check_nargs(&args, 1, 1, "poly")?;
    let a = Coefs::of(&args[0], "poly")?;
    let d = &a.dims;
    let roots = if a.data.is_empty() {
        Vec::new()
    } else if d.is_vector() {
        a.data.clone()
    } else if d.ndims() == 2 && d.rows() == d.cols() {
        let n = d.rows();
        if a.complex {
            eig_values_general(n, &a.data)?
        } else {
            let re: Vec<f64> = a.data.iter().map(|z| z.re).collect();
            eig_values_general(n, &re)?
        }
    } else {
        return Err(Error::new(
            "poly: input must be a vector or a square matrix",
        ));
    };
    let mut y = from_roots(&roots);
    if !a.complex || conjugate_pairs(&roots) {
        for z in y.iter_mut() {
            z.im = 0.0;
        }
    }
    Ok(vec![row(y, a.single)?])
}

/// roots: the roots of a polynomial.
///
/// `r = roots(p)` returns, as a column, the roots of the polynomial with
/// coefficients p (highest power first): the eigenvalues of its companion
/// matrix, after dropping leading zeros; trailing zeros give roots at 0.
///
/// ```text
/// >> roots([1 -3 2])
/// ans =
///
///    2
///    1
/// ```
pub fn roots(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "roots")?;
    check_nargs(&args, 1, 1, "roots")?;
    let c = Coefs::of(&args[0], "roots")?;
    if !c.is_vector_or_empty() {
        return Err(Error::new("roots: input must be a vector"));
    }
    if c.data
        .iter()
        .any(|z| !z.re.is_finite() || !z.im.is_finite())
    {
        return Err(Error::new("roots: inputs must not contain Inf or NaN"));
    }
    // All-zero or empty coefficients: 0x0, as Octave (no roots of a
    // polynomial with some nonzero coefficient is 0x1).
    if c.data.iter().all(|z| *z == ZERO) {
        return Ok(vec![out(Dims::empty(), Vec::new(), c.single)?]);
    }
    let r = roots_of(&c.data)?;
    let k = r.len();
    Ok(vec![out(Dims::col(k), r, c.single)?])
}

/// The roots of the finite coefficients `c` (highest power first): the
/// eigenvalues of the companion matrix of `c` without its leading and
/// trailing zeros, then one zero root per trailing zero. All-zero or empty
/// coefficients have no roots.
pub(super) fn roots_of(c: &[C64]) -> Result<Vec<C64>> {
    let n = c.len();
    let cmax = c.iter().map(|z| z.norm()).fold(0.0, f64::max);
    if n == 0 || cmax == 0.0 {
        return Ok(Vec::new());
    }
    // Coefficients negligible next to the largest (their ratio underflows
    // to zero) count as zero, as leading and trailing zeros.
    let nz: Vec<usize> = (0..n).filter(|&i| c[i] / cmax != ZERO).collect();
    let (first, last) = (nz[0], nz[nz.len() - 1]);
    let core = &c[first..=last];
    let l = core.len();
    let mut r = if l > 1 {
        let m = l - 1;
        let a = companion(core);
        if m == 1 {
            vec![a[0]]
        } else if a.iter().all(|z| z.im == 0.0) {
            let re: Vec<f64> = a.iter().map(|z| z.re).collect();
            eig_values_general(m, &re)?
        } else {
            eig_values_general(m, &a)?
        }
    } else {
        Vec::new()
    };
    r.extend(std::iter::repeat_n(ZERO, n - 1 - last));
    Ok(r)
}

/// `p` as a row with its leading zeros removed (a lone zero when all are).
pub(super) fn reduce(p: &[C64]) -> Vec<C64> {
    match p.iter().position(|z| *z != ZERO) {
        Some(i) => p[i..].to_vec(),
        None if p.is_empty() => Vec::new(),
        None => vec![ZERO],
    }
}

fn derivative(p: &[C64]) -> Vec<C64> {
    let n = p.len();
    match n {
        0 => Vec::new(),
        1 => vec![ZERO],
        _ => (0..n - 1).map(|i| p[i] * (n - 1 - i) as f64).collect(),
    }
}

/// Polynomial division: quotient and remainder of b / a (`a[0]` nonzero).
fn divide(b: &[C64], a: &[C64]) -> (Vec<C64>, Vec<C64>) {
    if b.len() < a.len() {
        return (vec![ZERO], b.to_vec());
    }
    let mut r = b.to_vec();
    let nq = b.len() - a.len() + 1;
    let mut q = vec![ZERO; nq];
    for i in 0..nq {
        let f = cdiv(r[i], a[0]);
        q[i] = f;
        for (j, &aj) in a.iter().enumerate() {
            r[i + j] -= f * aj;
        }
        r[i] = ZERO;
    }
    (q, r)
}

/// The greatest common divisor of two polynomials by Euclid's algorithm:
/// each divisor is made monic and remainder coefficients below `tol` count
/// as zero.
fn gcd(b: &[C64], a: &[C64], tol: f64) -> Vec<C64> {
    let (mut b, mut a) = (reduce(b), reduce(a));
    if b.len() < a.len() {
        std::mem::swap(&mut a, &mut b);
    }
    if a.len() <= 1 {
        return vec![ONE];
    }
    let monic = |p: &[C64]| -> Vec<C64> {
        let lead = p[0];
        p.iter().map(|&z| cdiv(z, lead)).collect()
    };
    a = monic(&a);
    // Each step lowers the degree of a: at most b.len() steps.
    for _ in 0..=b.len() {
        let (_, r) = divide(&b, &a);
        match r.iter().position(|z| z.norm() > tol) {
            None => return a,
            Some(i) => {
                b = a;
                a = monic(&r[i..]);
            }
        }
    }
    a
}

fn vector_arg(v: &Value, fname: &str) -> Result<Coefs> {
    let c = Coefs::of(v, fname)?;
    if !c.dims.is_vector() {
        return Err(Error::new(format!("{fname}: argument must be a vector")));
    }
    Ok(c)
}

/// polyder: derivative of a polynomial, of a product or of a quotient.
///
/// `q = polyder(p)` returns the derivative of p.
///
/// `q = polyder(a, b)` returns the derivative of the product conv(a, b).
///
/// `[q, d] = polyder(b, a)` returns the derivative of the quotient b/a as
/// the numerator q and denominator d, with common factors removed.
///
/// ```text
/// >> polyder([1 2 3 4])
/// ans =
///
///    3   4   3
/// ```
pub fn polyder(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 2, "polyder")?;
    check_nargs(&args, 1, 2, "polyder")?;
    let p = vector_arg(&args[0], "polyder")?;
    let single = p.single;
    if args.len() == 1 {
        if ctx.nargout > 1 {
            return Err(Error::nargin("polyder"));
        }
        return Ok(vec![row(derivative(&p.data), single)?]);
    }
    let a = vector_arg(&args[1], "polyder")?;
    let single = single || a.single;
    if ctx.nargout < 2 {
        let q = derivative(&convolve(&p.data, &a.data));
        return Ok(vec![row(q, single)?]);
    }
    let mut d = convolve(&a.data, &a.data);
    let mut q = if p.len() == 1 {
        derivative(&a.data).iter().map(|z| -p.data[0] * z).collect()
    } else if a.len() == 1 {
        derivative(&p.data).iter().map(|z| a.data[0] * z).collect()
    } else {
        let u = convolve(&derivative(&p.data), &a.data);
        let v = convolve(&p.data, &derivative(&a.data));
        let n = u.len().max(v.len());
        let mut w = vec![ZERO; n];
        for (i, z) in u.iter().enumerate() {
            w[i + n - u.len()] += z;
        }
        for (i, z) in v.iter().enumerate() {
            w[i + n - v.len()] -= z;
        }
        reduce(&w)
    };
    let g = gcd(&q, &d, f64::EPSILON.sqrt());
    if g.len() != 1 {
        q = divide(&q, &g).0;
        d = divide(&d, &g).0;
    }
    if let Some(&lead) = d.first().filter(|z| **z != ZERO) {
        q.iter_mut().for_each(|z| *z = cdiv(*z, lead));
        d.iter_mut().for_each(|z| *z = cdiv(*z, lead));
    }
    Ok(vec![row(q, single)?, row(d, single)?])
}

/// polyint: integral of a polynomial.
///
/// `q = polyint(p)` returns the antiderivative of p whose constant term is
/// zero; `q = polyint(p, k)` uses the constant of integration k.
///
/// ```text
/// >> polyint([3 2 1])
/// ans =
///
///    1   1   1   0
/// ```
pub fn polyint(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "polyint")?;
    check_nargs(&args, 1, 2, "polyint")?;
    let mut k = ZERO;
    let mut single = false;
    if let Some(kv) = args.get(1) {
        let kc = Coefs::of(kv, "polyint")?;
        if kc.len() != 1 {
            return Err(Error::new(
                "polyint: the constant of integration must be a scalar",
            ));
        }
        k = kc.data[0];
        single = kc.single;
    }
    let p = Coefs::of(&args[0], "polyint")?;
    if !p.is_vector_or_empty() {
        return Err(Error::new("polyint: argument must be a vector"));
    }
    let n = p.len();
    let mut q: Vec<C64> = p
        .data
        .iter()
        .enumerate()
        .map(|(i, z)| z / (n - i) as f64)
        .collect();
    q.push(k);
    Ok(vec![row(q, single || p.single)?])
}

/// polyvalm: evaluate a polynomial at a square matrix.
///
/// `Y = polyvalm(p, A)` returns p(1)*A^n + ... + p(n)*A + p(n+1)*I, the
/// polynomial evaluated in the sense of matrix multiplication.
///
/// ```text
/// >> polyvalm([1 0 -1], [1 2; 3 4])
/// ans =
///
///     6   10
///    15   21
/// ```
pub fn polyvalm(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "polyvalm")?;
    check_nargs(&args, 2, 2, "polyvalm")?;
    let p = Coefs::of(&args[0], "polyvalm")?;
    if !p.is_vector_or_empty() {
        return Err(Error::new("polyvalm: first argument must be a vector"));
    }
    let a = Coefs::of(&args[1], "polyvalm")?;
    let d = &a.dims;
    if d.ndims() != 2 || d.rows() != d.cols() {
        return Err(Error::new(
            "polyvalm: second argument must be a square matrix",
        ));
    }
    let n = d.rows();
    let mut y = vec![ZERO; n * n];
    for &c in &p.data {
        let mut next = matmul(n, n, n, &y, &a.data);
        for i in 0..n {
            next[i + i * n] += c;
        }
        y = next;
    }
    Ok(vec![out(Dims::mat(n, n), y, p.single || a.single)?])
}

/// compan: the companion matrix of a polynomial.
///
/// `A = compan(c)` returns the matrix whose characteristic polynomial is
/// c (a vector of n coefficients): its first row is -c(2:n)/c(1), with
/// ones on the subdiagonal.
///
/// ```text
/// >> compan([1 2 3])
/// ans =
///
///   -2  -3
///    1   0
/// ```
pub fn compan(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "compan")?;
    check_nargs(&args, 1, 1, "compan")?;
    let c = Coefs::of(&args[0], "compan")?;
    if !c.dims.is_vector() || c.data.is_empty() {
        return Err(Error::new("compan: C must be a vector"));
    }
    let m = c.len() - 1;
    let a = companion(&c.data);
    Ok(vec![out(Dims::mat(m, m), a, c.single)?])
}

/// polyaffine: a polynomial under an affine change of variable.
///
/// `g = polyaffine(f, mu)` returns the coefficients of g(x) = f((x - mu(1))
/// / mu(2)), so that polyval(g, x) equals polyval(f, x, [], mu).
///
/// ```text
/// >> polyaffine([1 0], [1 2])
/// ans =
///
///    0.5000  -0.5000
/// ```
pub fn polyaffine(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "polyaffine")?;
    check_nargs(&args, 2, 2, "polyaffine")?;
    let f = Coefs::of(&args[0], "polyaffine")?;
    if !f.dims.is_vector() {
        return Err(Error::new("polyaffine: F must be a vector"));
    }
    let mu = Coefs::of(&args[1], "polyaffine")?;
    if mu.len() != 2 || !mu.dims.is_vector() {
        return Err(Error::new("polyaffine: MU must be a two-element vector"));
    }
    let lin = [cdiv(ONE, mu.data[1]), -cdiv(mu.data[0], mu.data[1])];
    let mut g: Vec<C64> = Vec::new();
    for &c in &f.data {
        g = convolve(&g, &lin);
        if g.is_empty() {
            g.push(c);
        } else {
            let last = g.len() - 1;
            g[last] += c;
        }
    }
    let dims = f.dims.clone();
    Ok(vec![out(dims, g, f.single || mu.single)?])
}

/// polyreduce: remove leading zero coefficients.
///
/// `p = polyreduce(c)` returns c without its leading zeros (0 when every
/// coefficient is zero).
///
/// ```text
/// >> polyreduce([0 0 1 2 3])
/// ans =
///
///    1   2   3
/// ```
pub fn polyreduce(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "polyreduce")?;
    check_nargs(&args, 1, 1, "polyreduce")?;
    let c = Coefs::of(&args[0], "polyreduce")?;
    if !c.dims.is_vector() || c.data.is_empty() {
        return Err(Error::new("polyreduce: C must be a non-empty vector"));
    }
    Ok(vec![row(reduce(&c.data), c.single)?])
}

/// polygcd: greatest common divisor of two polynomials.
///
/// `q = polygcd(b, a)` returns the monic greatest common divisor of the
/// polynomials b and a; `q = polygcd(b, a, tol)` treats remainder
/// coefficients below tol (relative to the largest) as zero (default
/// sqrt(eps)).
///
/// ```text
/// >> polygcd(poly(1:8), poly(3:12)) - poly(3:8)
/// ans =
///
///    0   0   0   0   0   0   0
/// ```
pub fn polygcd(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "polygcd")?;
    check_nargs(&args, 2, 3, "polygcd")?;
    let b = vector_arg(&args[0], "polygcd")?;
    let a = vector_arg(&args[1], "polygcd")?;
    let single = a.single || b.single;
    let tol = match args.get(2) {
        Some(t) => t.scalar_f64("polygcd")?,
        None if single => f64::from(f32::EPSILON).sqrt(),
        None => f64::EPSILON.sqrt(),
    };
    Ok(vec![row(gcd(&b.data, &a.data, tol), single)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(v: &[f64]) -> Vec<C64> {
        v.iter().map(|&x| C64::new(x, 0.0)).collect()
    }

    #[test]
    fn roots_to_coefficients_and_back() {
        assert_eq!(
            from_roots(&c(&[1.0, 2.0, 3.0])),
            c(&[1.0, -6.0, 11.0, -6.0])
        );
        assert_eq!(from_roots(&[]), c(&[1.0]));
    }

    #[test]
    fn division_and_gcd() {
        let (q, r) = divide(&c(&[1.0, -3.0, 2.0]), &c(&[1.0, -1.0]));
        assert_eq!(q, c(&[1.0, -2.0]));
        assert!(r.iter().all(|z| z.norm() == 0.0));
        // (x-1)(x-2) and (x-2)(x-3) share x-2.
        let g = gcd(&c(&[1.0, -3.0, 2.0]), &c(&[1.0, -5.0, 6.0]), 1e-8);
        assert_eq!(gcd(&c(&[1.0, 1.0]), &c(&[1.0, 2.0]), 1e-8), c(&[1.0]));
        assert_eq!(g.len(), 2);
        assert!((g[1].re + 2.0).abs() < 1e-12);
    }

    #[test]
    fn conjugate_pairs_are_detected() {
        let r = [C64::new(1.0, 2.0), C64::new(1.0, -2.0), C64::new(3.0, 0.0)];
        assert!(conjugate_pairs(&r));
        assert!(!conjugate_pairs(&r[..1]));
    }
}
