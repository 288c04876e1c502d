//! `gallery`'s test matrices (Higham's collection as MATLAB and Octave
//! name them): argument reading with Octave's messages, one small builder
//! per matrix, and the trailing class name ('single' or 'double').
//!
//! Builders work in double; a 'single' class name converts the result.
//! Matrices MATLAB returns sparse (tridiag, dorr, poisson, toeppen,
//! neumann, wathen) are double sparse. Random matrices draw from the
//! session's generator (`rand`/`randn`'s); the seeded data matrices
//! (uniformdata, normaldata, integerdata) from one of their own.

use crate::builtins::random::Rng;
use crate::builtins::reduce::check_nargout;
use crate::builtins::util::MAX_NUMEL;
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::ops::alloc_vec;
use crate::ops::classes::to_single_result;
use crate::value::sparse::{Csc, SparseMatrix};
use crate::value::{Array, Dims, Value, C64};
use std::f64::consts::PI;

/// A column-major real matrix under construction.
struct Mat {
    r: usize,
    c: usize,
    d: Vec<f64>,
}

impl Mat {
    fn new(r: usize, c: usize, f: impl Fn(usize, usize) -> f64) -> Result<Mat> {
        let numel = r
            .checked_mul(c)
            .filter(|&k| k <= MAX_NUMEL)
            .ok_or_else(crate::builtins::util::too_large)?;
        let mut d = alloc_vec(numel)?;
        for j in 0..c {
            for i in 0..r {
                d.push(f(i, j));
            }
        }
        Ok(Mat { r, c, d })
    }

    fn get(&self, i: usize, j: usize) -> f64 {
        self.d[i + j * self.r]
    }

    fn set(&mut self, i: usize, j: usize, x: f64) {
        self.d[i + j * self.r] = x;
    }

    fn value(self) -> Value {
        Value::Num(Array::new(Dims::mat(self.r, self.c), self.d))
    }
}

/// `n` copies of `x`, the allocation checked.
fn filled<T: Clone>(n: usize, x: T) -> Result<Vec<T>> {
    let mut v = alloc_vec(n)?;
    v.resize(n, x);
    Ok(v)
}

fn sq(n: usize, f: impl Fn(usize, usize) -> f64) -> Result<Value> {
    Ok(Mat::new(n, n, f)?.value())
}

/// A double sparse rows x cols matrix from (row, col, value) triplets.
fn sparse(rows: usize, cols: usize, trip: Vec<(usize, usize, f64)>) -> Result<Value> {
    let csc = Csc::from_triplets(rows, cols, trip, |a, b| a + b)?;
    Ok(Value::Sparse(Box::new(SparseMatrix::real(csc))))
}

/// The arguments after the matrix name, read with the messages of
/// Octave's gallery ("gallery: N must be an integer for minij matrix").
struct Args<'a> {
    name: &'static str,
    a: &'a [Value],
}

impl Args<'_> {
    fn err(&self, what: &str) -> Error {
        Error::new(format!("gallery: {what} for {} matrix", self.name))
    }

    fn given(&self, i: usize) -> Option<&Value> {
        self.a.get(i)
    }

    /// A real numeric scalar.
    fn scalar(&self, i: usize, what: &str) -> Result<f64> {
        match self.a.get(i) {
            Some(v) if v.is_numeric() && v.is_scalar() && !v.is_complex() => {
                v.scalar_f64("gallery")
            }
            _ => Err(self.err(&format!("{what} must be a numeric scalar"))),
        }
    }

    /// A real numeric scalar, or `default` when not given.
    fn num(&self, i: usize, what: &str, default: f64) -> Result<f64> {
        if i < self.a.len() {
            self.scalar(i, what)
        } else {
            Ok(default)
        }
    }

    /// An integer-valued scalar.
    fn int(&self, i: usize, what: &str) -> Result<f64> {
        match self.a.get(i) {
            Some(v) if v.is_numeric() && v.is_scalar() && !v.is_complex() => {
                let x = v.scalar_f64("gallery")?;
                if x.is_finite() && x.fract() == 0.0 {
                    return Ok(x);
                }
                Err(self.err(&format!("{what} must be an integer")))
            }
            _ => Err(self.err(&format!("{what} must be an integer"))),
        }
    }

    /// The order N: an integer, negative counting as 0.
    fn order(&self, i: usize) -> Result<usize> {
        dim(self.int(i, "N")?)
    }

    /// A switch K that must be 0 or 1 (`default` when not given).
    fn switch01(&self, i: usize, default: f64) -> Result<bool> {
        let k = self.num(i, "K", default)?;
        if k == 0.0 || k == 1.0 {
            Ok(k == 1.0)
        } else {
            Err(self.err("K must have a value of 0 or 1"))
        }
    }

    /// Real numeric elements of any shape.
    fn values(&self, i: usize, what: &str) -> Result<Vec<f64>> {
        match self.a.get(i) {
            Some(v) if v.is_numeric() && !v.is_complex() => {
                Ok(v.to_num_array("gallery")?.into_vec())
            }
            _ => Err(self.err(&format!("{what} must be numeric"))),
        }
    }

    /// An integer scalar n, meaning 1:n, or a vector of two or more
    /// elements taken as it is.
    fn vector_or_n(&self, i: usize, what: &str) -> Result<Vec<f64>> {
        let v = self.values(i, what)?;
        let is_vec = self.a[i].dims().is_vector();
        if v.len() == 1 && v[0].fract() == 0.0 {
            let n = dim(v[0])?;
            Ok((1..=n).map(|k| k as f64).collect())
        } else if v.len() > 1 && is_vec {
            Ok(v)
        } else {
            Err(self.err(&format!("{what} must be an integer or a vector")))
        }
    }

    /// One or two integers [m n] (one: n x n).
    fn rows_cols(&self, i: usize) -> Result<(usize, usize)> {
        let v = self.values(i, "N")?;
        if !(v.len() == 1 || v.len() == 2) || v.iter().any(|x| x.fract() != 0.0) {
            return Err(self.err("N must be a 1 or 2 element integer"));
        }
        Ok((dim(v[0])?, dim(v[v.len() - 1])?))
    }
}

/// A size from a double: negative is 0, beyond MAX_NUMEL an error.
fn dim(x: f64) -> Result<usize> {
    if x.is_nan() || x > MAX_NUMEL as f64 {
        return Err(crate::builtins::util::too_large());
    }
    Ok(x.max(0.0) as usize)
}

fn hilb(i: usize, j: usize) -> f64 {
    1.0 / (i + j + 1) as f64
}

fn gcd(mut a: usize, mut b: usize) -> usize {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

type Builder = fn(&mut Ctx, &Args) -> Result<Vec<Value>>;

/// Name, fewest and most arguments after the name, builder.
const MATRICES: &[(&str, usize, usize, Builder)] = &[
    ("cauchy", 1, 2, cauchy),
    ("chebspec", 1, 2, chebspec),
    ("chebvand", 1, 2, chebvand),
    ("chow", 1, 3, chow),
    ("circul", 1, 1, circul),
    ("clement", 1, 2, clement),
    ("compar", 1, 2, compar),
    ("condex", 1, 3, condex),
    ("cycol", 1, 2, cycol),
    ("dorr", 1, 2, dorr),
    ("dramadah", 1, 2, dramadah),
    ("fiedler", 1, 1, fiedler),
    ("forsythe", 1, 3, forsythe),
    ("frank", 1, 2, frank),
    ("gcdmat", 1, 1, gcdmat),
    ("gearmat", 1, 3, gearmat),
    ("grcar", 1, 2, grcar),
    ("hanowa", 1, 2, hanowa),
    ("integerdata", 3, usize::MAX, integerdata),
    ("house", 1, 1, house),
    ("invhess", 1, 2, invhess),
    ("invol", 1, 1, invol),
    ("ipjfact", 1, 2, ipjfact),
    ("jordbloc", 1, 2, jordbloc),
    ("kahan", 1, 3, kahan),
    ("kms", 1, 2, kms),
    ("krylov", 1, 3, krylov),
    ("lauchli", 1, 2, lauchli),
    ("lehmer", 1, 1, lehmer),
    ("lesp", 1, 1, lesp),
    ("lotkin", 1, 1, lotkin),
    ("minij", 1, 1, minij),
    ("moler", 1, 2, moler),
    ("neumann", 1, 1, neumann),
    ("normaldata", 2, usize::MAX, normaldata),
    ("orthog", 1, 2, orthog),
    ("parter", 1, 1, parter),
    ("pei", 1, 2, pei),
    ("poisson", 1, 1, poisson),
    ("prolate", 1, 2, prolate),
    ("randhess", 1, 1, randhess),
    ("randsvd", 1, 5, randsvd),
    ("rando", 1, 2, rando),
    ("redheff", 1, 1, redheff),
    ("riemann", 1, 1, riemann),
    ("ris", 1, 1, ris),
    ("smoke", 1, 2, smoke),
    ("toeppd", 1, 4, toeppd),
    ("toeppen", 1, 6, toeppen),
    ("tridiag", 1, 4, tridiag),
    ("triw", 1, 3, triw),
    ("uniformdata", 2, usize::MAX, uniformdata),
    ("wathen", 2, 3, wathen),
    ("wilk", 1, 1, wilk),
];

/// Names MATLAB's gallery has that flatlab does not build.
const NOT_BUILT: &[&str] = &[
    "binomial",
    "leslie",
    "randcolu",
    "randcorr",
    "randjorth",
    "sampling",
];

/// gallery: classic test matrices by name (Higham's collection).
///
/// `A = gallery(name, p1, p2, ...)` returns the test matrix called name
/// (in any case) built from its parameters; `gallery(name, ..., 'single')`
/// returns it in single (sparse results stay double). Most take the
/// order n first; vectors may replace n where noted.
///
/// Symmetric and positive definite: `minij` (min(i, j)), `lehmer` (i/j
/// for j >= i), `moler` (U'*U, U unit upper triangular with alpha, default
/// -1, above the diagonal), `pei` (alpha*eye(n) + ones(n), alpha 1), `kms`
/// (rho^abs(i-j), rho 0.5), `prolate` (Toeplitz, w 0.25), `gcdmat`
/// (gcd(i, j)), `fiedler` (abs(c(i) - c(j)), symmetric only), `toeppd`
/// (n, m, w, theta: sum of w(k)*cos(theta(k)*2*pi*(i-j)), random w and
/// theta by default), `poisson` (sparse 5-point Laplacian, n^2 x n^2).
///
/// Inverses known or ill conditioned: `cauchy` (1/(x(i) + y(j)), x and y
/// vectors or x = 1:n), `lotkin` (hilb with a first row of ones), `invol`
/// (involutory: A*A = I), `ipjfact` (Hankel of factorials, [A, detA];
/// k 1 for their reciprocals), `invhess` (x, y: inverse of an upper
/// Hessenberg matrix), `parter` (1/(i - j + 0.5)), `ris` (0.5/(n - i - j +
/// 1.5)), `kahan` ([m n], theta 1.2, pert 25: upper trapezoidal),
/// `condex` (n, k 1 to 4, theta 100: counterexamples to condition
/// estimators), `lauchli` ((n+1) x n, mu sqrt(eps)).
///
/// Eigenvalue tests: `clement` (tridiagonal, zero diagonal; k 1
/// symmetric), `frank` (upper Hessenberg, k 1 reflected), `grcar`
/// (Toeplitz, -1 below the diagonal, k 3 superdiagonals of ones),
/// `chow` (n, alpha 1, delta 0: lower Hessenberg), `forsythe` (n,
/// alpha sqrt(eps), lambda 0: perturbed Jordan block), `jordbloc` (n,
/// lambda 1), `hanowa` (even n, d -1: eigenvalues d +- k*i), `lesp`
/// (tridiagonal, real negative eigenvalues), `smoke` (complex, k 0 or 1),
/// `circul` (circulant of v or 1:n), `compar` (A, k: comparison matrix),
/// `dramadah` (n, k 1 to 3: matrices of zeros and ones), `chebspec` (n,
/// k 0 or 1: Chebyshev spectral differentiation), `chebvand` (m, p:
/// Chebyshev Vandermonde), `redheff` (zeros and ones, Mertens function),
/// `riemann` (related to the Riemann hypothesis), `triw` ([m n], alpha
/// -1, k: upper triangular with alpha above the diagonal), `gearmat` (n,
/// i n, j -n), `orthog` (n, k -2 to 5: orthogonal matrices), `wilk` (3,
/// 4, 5 or 21: Wilkinson's examples, [A, b] for 3 and 4).
///
/// Sparse: `tridiag` (n, c -1, d 2, e 1, or vectors c, d, e: sub-,
/// main and superdiagonal), `toeppen` (n, a 1, b -10, c 0, d 10, e 1:
/// pentadiagonal Toeplitz), `dorr` (n, theta 0.01; [c, d, e] gives the
/// three diagonals), `neumann` (n a perfect square, [A, T]), `wathen`
/// (nx, ny, k: finite element mass matrix with random densities; k 1
/// scales rows by the diagonal).
///
/// Others: `house` (x: Householder vector [v, beta] with (I -
/// beta*v*v')*x = -sign(x(1))*norm(x)*e1), `krylov` (A, x, j: [x, A*x,
/// A^2*x, ...], random A when A is a scalar n), `cycol` ([m n], k:
/// random with repeated columns), `rando` ([m n], k 1 to 3: random
/// entries from {0, 1}, {-1, 1} or {-1, 0, 1}), `randhess` (random
/// orthogonal upper Hessenberg, or from the angles x), `randsvd` ([m
/// n], kappa sqrt(1/eps), mode 1 to 5, kl, ku: random with condition
/// kappa and a chosen singular value distribution, banded by kl and ku;
/// negative kappa gives a symmetric positive definite matrix).
///
/// Seeded data, the same for the same j: `uniformdata(dims, j)`,
/// `normaldata(dims, j)` and `integerdata(imax, dims, j)` (imax or [imin
/// imax]), drawn as rand, randn and randi from a generator seeded with j.
///
/// The names binomial, leslie, randcolu, randcorr, randjorth and sampling
/// are an error.
///
/// ```text
/// >> gallery('minij', 3)
/// ans =
///
///    1   1   1
///    1   2   2
///    1   2   3
///
/// >> gallery('moler', 3)
/// ans =
///
///    1  -1  -1
///   -1   2   0
///   -1   0   3
///
/// >> gallery('clement', 3)
/// ans =
///
///    0   1   0
///    2   0   2
///    0   1   0
///
/// >> gallery('cauchy', 1:3)
/// ans =
///
///    0.5000   0.3333   0.2500
///    0.3333   0.2500   0.2000
///    0.2500   0.2000   0.1667
///
/// >> gallery('frank', 4)
/// ans =
///
///    4   3   2   1
///    3   3   2   1
///    0   2   2   1
///    0   0   1   1
/// ```
pub fn gallery(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 3, "gallery")?;
    let Some(first) = args.first() else {
        return Err(Error::with_id(
            "Octave:invalid-fun-call",
            "Invalid call to gallery",
        ));
    };
    if !first.is_char() {
        return Err(Error::new("gallery: NAME must be a string"));
    }
    let name = first.to_str("gallery")?.to_lowercase();
    let Some(&(name, min, max, build)) = MATRICES.iter().find(|m| m.0 == name) else {
        if NOT_BUILT.contains(&name.as_str()) {
            return Err(Error::new(format!(
                "gallery: matrix {name} not implemented"
            )));
        }
        return Err(Error::new(format!(
            "gallery: unknown matrix with NAME {name}"
        )));
    };
    let mut rest = &args[1..];
    let mut single = false;
    if let Some(last) = rest.last().filter(|v| v.is_char()) {
        match last.to_str("gallery")?.to_lowercase().as_str() {
            "single" => single = true,
            "double" => {}
            _ => {
                return Err(Error::new(
                    "gallery: CLASSNAME must be 'single' or 'double'",
                ))
            }
        }
        rest = &rest[..rest.len() - 1];
    }
    if rest.len() < min {
        if max == usize::MAX {
            return Err(Error::new(format!(
                "gallery: At least {min} arguments required for {name} matrix"
            )));
        }
        let count = if min == max {
            format!("{min} argument is")
        } else {
            format!("{min} to {max} arguments are")
        };
        return Err(Error::new(format!(
            "gallery: {count} required for {name} matrix"
        )));
    }
    if rest.len() > max {
        return Err(Error::with_id(
            "Octave:invalid-fun-call",
            format!("{name}: function called with too many inputs"),
        ));
    }
    let mut out = build(ctx, &Args { name, a: rest })?;
    if single {
        if out.iter().any(|v| matches!(v, Value::Sparse(_))) {
            return Err(Error::new(format!(
                "gallery: {name} matrix is sparse, which is double only"
            )));
        }
        out = out
            .into_iter()
            .map(to_single_result)
            .collect::<Result<_>>()?;
    }
    Ok(out)
}

fn one(v: Value) -> Result<Vec<Value>> {
    Ok(vec![v])
}

fn cauchy(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let x = a.vector_or_n(0, "X")?;
    let y = match a.given(1) {
        Some(v) if v.is_numeric() && !v.is_complex() => v.to_num_array("gallery")?.into_vec(),
        Some(_) => return Err(a.err("Y must be numeric")),
        None => x.clone(),
    };
    if x.len() != y.len() {
        return Err(a.err("X and Y must be vectors of same length"));
    }
    one(sq(x.len(), |i, j| 1.0 / (x[i] + y[j]))?)
}

fn chebspec(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let k = a.num(1, "K", 0.0)?;
    if k != 0.0 && k != 1.0 {
        return Err(a.err("K should be either 0 or 1"));
    }
    let drop = k == 1.0;
    // The (m+1) x (m+1) matrix on the Chebyshev points cos(i*pi/m).
    let m = if drop { n } else { n.saturating_sub(1) };
    if n == 0 {
        return one(Value::Num(Array::new(Dims::mat(0, 0), Vec::new())));
    }
    let x: Vec<f64> = (0..=m)
        .map(|i| (i as f64 * (PI / m as f64)).cos())
        .collect();
    let d = |i: usize| if i == 0 || i == m { 2.0 } else { 1.0 };
    let sign = |i: usize| if i % 2 == 1 { -1.0 } else { 1.0 };
    let corner = (2.0 * (m * m) as f64 + 1.0) / 6.0;
    let c = Mat::new(m + 1, m + 1, |i, j| {
        if i == j {
            if i == 0 {
                corner
            } else if i == m {
                -corner
            } else {
                -x[i] / (2.0 * (1.0 - x[i] * x[i]))
            }
        } else {
            sign(i) * sign(j) * (d(i) * (1.0 / d(j))) / (x[i] - x[j])
        }
    })?;
    let off = usize::from(drop);
    one(sq(n, |i, j| c.get(i + off, j + off))?)
}

fn chebvand(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let pi = a.a.len() - 1;
    let raw = a.values(pi, "P")?;
    let p: Vec<f64> = if raw.len() == 1 && raw[0].fract() == 0.0 {
        let n = dim(raw[0])?;
        match n {
            0 => Vec::new(),
            1 => vec![0.0],
            _ => (0..n).map(|k| k as f64 / (n - 1) as f64).collect(),
        }
    } else {
        raw
    };
    let n = p.len();
    let m = if a.a.len() == 2 {
        dim(a.int(0, "M")?)?
    } else {
        n
    };
    let mut c = Mat::new(m, n, |_, _| 1.0)?;
    if m > 1 {
        for (j, &pj) in p.iter().enumerate() {
            c.set(1, j, pj);
            for i in 2..m {
                let v = 2.0 * pj * c.get(i - 1, j) - c.get(i - 2, j);
                c.set(i, j, v);
            }
        }
    }
    one(c.value())
}

fn chow(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let alpha = a.num(1, "ALPHA", 1.0)?;
    let delta = a.num(2, "DELTA", 0.0)?;
    one(sq(n, |i, j| {
        let base = if i >= j {
            alpha.powf((i - j + 1) as f64)
        } else if j == i + 1 {
            1.0
        } else {
            0.0
        };
        if i == j {
            base + delta
        } else {
            base
        }
    })?)
}

fn circul(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let v = a
        .vector_or_n(0, "V")
        .map_err(|_| a.err("X must be a scalar or a vector"))?;
    let n = v.len();
    one(sq(n, |i, j| v[(j + n - i) % n])?)
}

fn clement(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?.max(1);
    let sym = a.switch01(1, 0.0)?;
    // Subdiagonal n-1, ..., 1 and superdiagonal 1, ..., n-1.
    one(sq(n, |i, j| {
        if i == j + 1 {
            let (x, z) = ((n - 1 - j) as f64, (j + 1) as f64);
            if sym {
                (x * z).sqrt()
            } else {
                x
            }
        } else if j == i + 1 {
            let (x, z) = ((n - 1 - i) as f64, (i + 1) as f64);
            if sym {
                (x * z).sqrt()
            } else {
                z
            }
        } else {
            0.0
        }
    })?)
}

fn compar(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let m = match a.given(0) {
        Some(v) if v.is_numeric() && !v.is_complex() && v.dims().ndims() == 2 => v,
        _ => return Err(a.err("A must be a 2-D matrix")),
    };
    let k = a.switch01(1, 0.0)?;
    let (r, c) = (m.dims().rows(), m.dims().cols());
    let d = m.to_num_array("gallery")?.into_vec();
    let at = |i: usize, j: usize| d[i + j * r];
    if !k {
        return one(Mat::new(r, c, |i, j| {
            if i == j {
                at(i, j).abs()
            } else {
                -at(i, j).abs()
            }
        })?
        .value());
    }
    // Each off-diagonal element is minus the largest off-diagonal
    // magnitude of its row; triangular A keeps its zero triangle.
    let lower = (0..r).all(|i| (i + 1..c).all(|j| at(i, j) == 0.0));
    let upper = (0..r).all(|i| (0..i.min(c)).all(|j| at(i, j) == 0.0));
    let rowmax: Vec<f64> = (0..r)
        .map(|i| {
            (0..c)
                .filter(|&j| j != i)
                .map(|j| at(i, j).abs())
                .fold(0.0, f64::max)
        })
        .collect();
    one(Mat::new(r, c, |i, j| {
        if i == j {
            at(i, j).abs()
        } else if (lower && j > i) || (upper && j < i) {
            0.0
        } else {
            -rowmax[i]
        }
    })?
    .value())
}

/// Orthonormal basis of the columns of the n x k matrix `x` (modified
/// Gram-Schmidt, twice; columns dependent on the earlier ones dropped).
fn orth_basis(n: usize, cols: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let scale = cols
        .iter()
        .map(|v| v.iter().map(|x| x * x).sum::<f64>().sqrt())
        .fold(0.0, f64::max);
    let mut q: Vec<Vec<f64>> = Vec::new();
    for v in cols {
        let mut w = v.clone();
        for _ in 0..2 {
            for u in &q {
                let dot: f64 = (0..n).map(|i| u[i] * w[i]).sum();
                for i in 0..n {
                    w[i] -= dot * u[i];
                }
            }
        }
        let norm = w.iter().map(|x| x * x).sum::<f64>().sqrt();
        if norm > scale * n.max(cols.len()) as f64 * f64::EPSILON * 10.0 {
            q.push(w.iter().map(|x| x / norm).collect());
        }
    }
    q
}

fn condex(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let k = a.num(1, "K", 4.0)?;
    let theta = a.num(2, "THETA", 100.0)?;
    let t = theta;
    let base: Mat = if k == 1.0 {
        let rows = [
            [1.0, -1.0, -2.0 * t, 0.0],
            [0.0, 1.0, t, -t],
            [0.0, 1.0, 1.0 + t, -(t + 1.0)],
            [0.0, 0.0, 0.0, t],
        ];
        Mat::new(4, 4, |i, j| rows[i][j])?
    } else if k == 2.0 {
        let rows = [
            [1.0, 1.0 - 2.0 / (t * t), -2.0],
            [0.0, 1.0 / t, -1.0 / t],
            [0.0, 0.0, 1.0],
        ];
        Mat::new(3, 3, |i, j| rows[i][j])?
    } else if k == 3.0 {
        Mat::new(n, n, |i, j| {
            if i == j {
                if i + 1 == n {
                    -1.0
                } else {
                    1.0
                }
            } else if i > j {
                -1.0
            } else {
                -0.0
            }
        })?
    } else if k == 4.0 {
        let e = filled(n, 1.0)?;
        let e1: Vec<f64> = (0..n).map(|i| if i == 0 { 1.0 } else { 0.0 }).collect();
        let b: Vec<f64> = (0..n)
            .map(|i| {
                let s = if i % 2 == 0 { 1.0 } else { -1.0 };
                s * (1.0 + i as f64 / (n as f64 - 1.0))
            })
            .collect();
        let q = orth_basis(n, &[e, e1, b]);
        // eye(n) + theta * (I - Q*Q').
        Mat::new(n, n, |i, j| {
            let qq: f64 = q.iter().map(|u| u[i] * u[j]).sum();
            let p = if i == j { 1.0 - qq } else { -qq };
            if i == j {
                1.0 + theta * p
            } else {
                theta * p
            }
        })?
    } else {
        return Err(a.err(&format!("unknown estimator K '{}'", k)));
    };
    if base.c >= n {
        return one(base.value());
    }
    // Smaller than n: padded with the identity.
    let m = base.c;
    one(sq(n, |i, j| {
        if i < m && j < m {
            base.get(i, j)
        } else if i == j {
            1.0
        } else {
            0.0
        }
    })?)
}

fn cycol(ctx: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let (m, n) = a.rows_cols(0)?;
    let k = match a.given(1) {
        Some(_) => dim(a.scalar(1, "K")?)?,
        None => ((n as f64 / 4.0).round() as usize).max(1),
    };
    let k = k.max(1);
    let base = Mat::new(m, k.min(n.max(1)), |_, _| 0.0)?;
    let mut base = base;
    for j in 0..base.c {
        for i in 0..m {
            base.set(i, j, ctx.state.rng.next_normal());
        }
    }
    one(Mat::new(m, n, |i, j| base.get(i, j % base.c.max(1)))?.value())
}

/// The three diagonals of Dorr's matrix: sub (n-1), main (n), super (n-1).
fn dorr_diagonals(n: usize, theta: f64) -> Result<(Vec<f64>, Vec<f64>, Vec<f64>)> {
    let h = 1.0 / (n as f64 + 1.0);
    let m = n.div_ceil(2);
    let term = theta / (h * h);
    let (mut c, mut d, mut e) = (filled(n, 0.0)?, filled(n, 0.0)?, filled(n, 0.0)?);
    for i in 0..n {
        let ih = (i + 1) as f64 * h;
        if i < m {
            c[i] = -term;
            e[i] = c[i] - (0.5 - ih) / h;
        } else {
            e[i] = -term;
            c[i] = e[i] + (0.5 - ih) / h;
        }
        d[i] = -(c[i] + e[i]);
    }
    let sub = c.get(1..).map(<[f64]>::to_vec).unwrap_or_default();
    e.truncate(n.saturating_sub(1));
    Ok((sub, d, e))
}

fn tridiagonal(sub: &[f64], diag: &[f64], sup: &[f64]) -> Result<Value> {
    let n = diag.len();
    let mut trip = alloc_vec(n.saturating_mul(3))?;
    for i in 0..n {
        if i > 0 {
            trip.push((i, i - 1, sub[i - 1]));
        }
        trip.push((i, i, diag[i]));
        if i + 1 < n {
            trip.push((i, i + 1, sup[i]));
        }
    }
    sparse(n, n, trip)
}

fn column(v: Vec<f64>) -> Value {
    let n = v.len();
    Value::Num(Array::new(Dims::col(n), v))
}

fn dorr(ctx: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let theta = a.num(1, "THETA", 0.01)?;
    dim(3.0 * n as f64)?;
    let (c, d, e) = dorr_diagonals(n, theta)?;
    if ctx.nargout <= 1 {
        return one(tridiagonal(&c, &d, &e)?);
    }
    Ok(vec![column(c), column(d), column(e)])
}

fn dramadah(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let k = a.num(1, "K", 1.0)?;
    // Toeplitz matrices from their first column c and first row r.
    let (c, r): (Vec<f64>, Vec<f64>) = if k == 1.0 {
        let c = (0..n)
            .map(|i| if i % 4 == 1 || i % 4 == 2 { 0.0 } else { 1.0 })
            .collect();
        let r = (0..n)
            .map(|j| [1.0, 1.0, 0.0, 1.0].get(j).copied().unwrap_or(0.0))
            .collect();
        (c, r)
    } else if k == 2.0 {
        let c = (0..n).map(|i| if i == 0 { 1.0 } else { 0.0 }).collect();
        let r = (0..n)
            .map(|j| if j >= 2 && j % 2 == 0 { 0.0 } else { 1.0 })
            .collect();
        (c, r)
    } else if k == 3.0 {
        let c = (0..n).map(|i| if i % 2 == 1 { 0.0 } else { 1.0 }).collect();
        let r = (0..n).map(|j| if j < 2 { 1.0 } else { 0.0 }).collect();
        (c, r)
    } else {
        return Err(a.err(&format!("unknown K '{}'", k)));
    };
    one(sq(n, |i, j| if i >= j { c[i - j] } else { r[j - i] })?)
}

fn fiedler(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let c = a.vector_or_n(0, "C")?;
    one(sq(c.len(), |i, j| (c[j] - c[i]).abs())?)
}

fn jordan(n: usize, lambda: f64) -> Result<Mat> {
    Mat::new(n, n, |i, j| {
        if i == j {
            lambda
        } else if j == i + 1 {
            1.0
        } else {
            0.0
        }
    })
}

fn forsythe(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let alpha = a.num(1, "ALPHA", f64::EPSILON.sqrt())?;
    let lambda = a.num(2, "LAMBDA", 0.0)?;
    let mut m = jordan(n, lambda)?;
    if n > 0 {
        m.set(n - 1, 0, alpha);
    }
    one(m.value())
}

fn frank(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let reflect = a.switch01(1, 0.0)?;
    let f = |i: usize, j: usize| -> f64 {
        if j >= i {
            (n - j) as f64
        } else if i == j + 1 {
            (n - j - 1) as f64
        } else {
            0.0
        }
    };
    if reflect {
        one(sq(n, |i, j| f(n - 1 - j, n - 1 - i))?)
    } else {
        one(sq(n, f)?)
    }
}

fn gcdmat(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    one(sq(n, |i, j| gcd(i + 1, j + 1) as f64)?)
}

fn gearmat(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let i = a.num(1, "I", n as f64)?;
    let j = a.num(2, "J", -(n as f64))?;
    let bad = |x: f64| x == 0.0 || x.abs() > n as f64 || x.fract() != 0.0;
    if bad(i) {
        return Err(a.err("I must be a nonzero scalar, and abs (I) <= N"));
    }
    if bad(j) {
        return Err(a.err("J must be a nonzero scalar, and abs (J) <= N"));
    }
    let mut m = Mat::new(n, n, |r, c| if r.abs_diff(c) == 1 { 1.0 } else { 0.0 })?;
    m.set(0, i.abs() as usize - 1, i.signum());
    m.set(n - 1, n - j.abs() as usize, j.signum());
    one(m.value())
}

fn grcar(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let k = a.num(1, "K", 3.0)?;
    one(sq(n, |i, j| {
        if i == j + 1 {
            -1.0
        } else if j >= i && (j - i) as f64 <= k {
            1.0
        } else {
            0.0
        }
    })?)
}

fn hanowa(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.int(0, "N")?;
    if n % 2.0 != 0.0 {
        return Err(a.err("N must be even"));
    }
    let n = dim(n)?;
    let d = a.num(1, "D", -1.0)?;
    let m = n / 2;
    one(sq(n, |i, j| {
        if i == j {
            d
        } else if i + m == j {
            -((i + 1) as f64)
        } else if j + m == i {
            (j + 1) as f64
        } else {
            0.0
        }
    })?)
}

fn house(ctx: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let x = a.values(0, "X")?;
    if !a.a[0].dims().is_vector() || x.is_empty() {
        return Err(a.err("X must be a vector"));
    }
    let norm = x.iter().map(|v| v * v).sum::<f64>().sqrt();
    let s = norm * if x[0] >= 0.0 { 1.0 } else { -1.0 };
    let mut v = x;
    let beta = if s == 0.0 {
        1.0
    } else {
        v[0] += s;
        1.0 / (s * v[0])
    };
    let mut out = vec![column(v)];
    if ctx.nargout > 1 {
        out.push(Value::num(beta));
    }
    Ok(out)
}

fn invhess(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let x = a
        .vector_or_n(0, "X")
        .map_err(|_| a.err("X must be an integer scalar, or a vector"))?;
    let n = x.len();
    let y: Vec<f64> = match a.given(1) {
        Some(v) => {
            let y = a.values(1, "Y")?;
            if !v.dims().is_vector() || y.is_empty() || y.len() + 1 != n {
                return Err(a.err("Y must be a vector of length -1 than X"));
            }
            y
        }
        None => x.iter().take(n.saturating_sub(1)).map(|v| -v).collect(),
    };
    one(sq(n, |i, j| if i < j { y[i] } else { x[j] })?)
}

fn invol(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    // Row scale factors, as the recurrence d(i+1) = -(n+i)(n-i) d(i)/i^2.
    let mut d = vec![-(n as f64)];
    for i in 1..n {
        let (fi, fn_) = (i as f64, n as f64);
        let prev = d[i - 1];
        d.push(-(fn_ + fi) * (fn_ - fi) * prev / (fi * fi));
    }
    one(sq(n, |i, j| {
        let h = if j == 0 {
            -(n as f64) * hilb(i, j)
        } else {
            hilb(i, j)
        };
        if i == 0 {
            h
        } else {
            d[i] * h
        }
    })?)
}

fn ipjfact(ctx: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let recip = a.switch01(1, 0.0)?;
    // c(k) = (k+1)! and d(k) = (n+k)!, built as cumulative products.
    let mut c = Vec::with_capacity(n);
    let mut acc = 1.0;
    for k in 2..=n + 1 {
        acc *= k as f64;
        c.push(acc);
    }
    let base = if n >= 2 { c[n - 2] } else { 1.0 };
    let mut d = Vec::with_capacity(n);
    let mut acc = 1.0;
    for k in n + 1..=2 * n {
        acc *= k as f64;
        d.push(acc * base);
    }
    let m = Mat::new(n, n, |i, j| {
        let h = if i + j < n {
            c[i + j]
        } else {
            d[i + j + 1 - n]
        };
        if recip {
            1.0 / h
        } else {
            h
        }
    })?;
    let mut out = vec![m.value()];
    if ctx.nargout > 1 {
        // fact[k] = k!, as prod (1:k) multiplies.
        let mut fact = filled(2 * n + 2, 1.0)?;
        for k in 1..fact.len() {
            fact[k] = fact[k - 1] * k as f64;
        }
        let mut det = 1.0;
        if recip {
            for i in 0..n {
                det *= fact[i] / fact[n + 1 + i];
            }
            if (n * n.saturating_sub(1) / 2) % 2 == 1 {
                det = -det;
            }
        } else {
            for i in 1..n {
                det *= fact[i + 1] * fact[n - i];
            }
            det *= fact[n + 1];
        }
        out.push(Value::num(det));
    }
    Ok(out)
}

fn jordbloc(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let lambda = a.num(1, "LAMBDA", 1.0)?;
    one(jordan(n, lambda)?.value())
}

fn kahan(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let (r, n) = a.rows_cols(0)?;
    let theta = a.num(1, "THETA", 1.2)?;
    let pert = a.num(2, "PERT", 25.0)?;
    let (s, c) = (theta.sin(), theta.cos());
    one(Mat::new(r, n, |i, j| {
        if i >= n {
            0.0
        } else if j < i {
            // s^i * (0 - c*0): negative zero as Octave's (and MATLAB's)
            // arithmetic leaves it.
            s.powf(i as f64) * -(c * 0.0)
        } else if i == j {
            s.powf(i as f64) + pert * f64::EPSILON * (n - i) as f64
        } else {
            s.powf(i as f64) * -c
        }
    })?
    .value())
}

fn kms(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let rho = match a.given(1) {
        Some(v) if v.is_scalar() && v.is_numeric() => v
            .to_complex_array("gallery")?
            .data()
            .first()
            .copied()
            .unwrap_or_default(),
        Some(_) => return Err(a.err("RHO must be a scalar")),
        None => C64::new(0.5, 0.0),
    };
    if rho.im == 0.0 {
        let rho = rho.re;
        return one(sq(n, |i, j| {
            rho.powi(i.abs_diff(j).min(i32::MAX as usize) as i32)
        })?);
    }
    // Complex rho: Hermitian, the conjugate powers below the diagonal.
    let numel = n.checked_mul(n).filter(|&k| k <= MAX_NUMEL);
    numel.ok_or_else(crate::builtins::util::too_large)?;
    let mut d = alloc_vec(n * n)?;
    for j in 0..n {
        for i in 0..n {
            let p = rho.powi(i.abs_diff(j).min(i32::MAX as usize) as i32);
            d.push(if i > j { p.conj() } else { p });
        }
    }
    one(Value::Complex(Array::new(Dims::mat(n, n), d)))
}

fn krylov(ctx: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let av = &a.a[0];
    let dims = av.dims();
    if !av.is_numeric() || av.is_complex() || dims.ndims() != 2 || dims.rows() != dims.cols() {
        return Err(a.err("A must be a square 2-D matrix"));
    }
    let (n, m) = if av.is_scalar() {
        let n = dim(av.scalar_f64("gallery")?)?;
        let mut m = Mat::new(n, n, |_, _| 0.0)?;
        for v in m.d.iter_mut() {
            *v = ctx.state.rng.next_normal();
        }
        (n, m.d)
    } else {
        (dims.rows(), av.to_num_array("gallery")?.into_vec())
    };
    let x = match a.given(1) {
        Some(v) => {
            let x = a.values(1, "X")?;
            if !v.dims().is_vector() || x.len() != n {
                return Err(a.err("X must be a vector of length equal to A"));
            }
            x
        }
        None => filled(n, 1.0)?,
    };
    let j = match a.given(2) {
        Some(_) => dim(a.int(2, "J")?)?,
        None => n,
    };
    let mut b = Mat::new(n, j, |_, _| 1.0)?;
    if j > 0 {
        for (i, &xi) in x.iter().enumerate() {
            b.set(i, 0, xi);
        }
    }
    for c in 1..j {
        for i in 0..n {
            let s: f64 = (0..n).map(|k| m[i + k * n] * b.get(k, c - 1)).sum();
            b.set(i, c, s);
        }
    }
    one(b.value())
}

fn lauchli(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let mu = a.num(1, "MU", f64::EPSILON.sqrt())?;
    one(Mat::new(n + 1, n, |i, j| {
        if i == 0 {
            1.0
        } else if i == j + 1 {
            mu
        } else {
            0.0
        }
    })?
    .value())
}

fn lehmer(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    one(sq(n, |i, j| (i.min(j) + 1) as f64 / (i.max(j) + 1) as f64)?)
}

fn lesp(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    one(sq(n, |i, j| {
        if i == j {
            -(2.0 * (i + 2) as f64 + 1.0)
        } else if i == j + 1 {
            1.0 / (j + 2) as f64
        } else if j == i + 1 {
            (i + 2) as f64
        } else {
            0.0
        }
    })?)
}

fn lotkin(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    one(sq(n, |i, j| if i == 0 { 1.0 } else { hilb(i, j) })?)
}

fn minij(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    one(sq(n, |i, j| (i.min(j) + 1) as f64)?)
}

fn moler(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let alpha = a.num(1, "ALPHA", -1.0)?;
    one(sq(n, |i, j| {
        let k = i.min(j) as f64;
        if i == j {
            alpha * alpha * k + 1.0
        } else {
            alpha * alpha * k + alpha
        }
    })?)
}

fn neumann(ctx: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let v = a.values(0, "N")?;
    if !(v.len() == 1 || v.len() == 2) || v.iter().any(|x| x.fract() != 0.0) {
        return Err(a.err("N must be a 1 or 2 element integer"));
    }
    let (m1, m2) = if v.len() == 1 {
        let m = v[0].max(0.0).sqrt();
        if m * m != v[0] {
            return Err(a.err("N must be a perfect square"));
        }
        (dim(m)?, dim(m)?)
    } else {
        (dim(v[0])?, dim(v[1])?)
    };
    let size = m1
        .checked_mul(m2)
        .filter(|&k| k <= 1 << 22)
        .ok_or_else(crate::builtins::util::too_large)?;
    // T: tridiag(-1, 2, -1) with -2 at (1, 2) and (m1, m1 - 1).
    let t = |i: usize, j: usize| -> f64 {
        if i == j {
            2.0
        } else if i.abs_diff(j) == 1 {
            if (i == 0 && j == 1) || (i + 1 == m1 && j + 2 == m1) {
                -2.0
            } else {
                -1.0
            }
        } else {
            0.0
        }
    };
    // kron(T, eye(m2)) + kron(eye(m2), T) as the Octave code writes it
    // (the second term's blocks are m1 x m1 only when m1 == m2).
    let mut trip = alloc_vec(5 * size)?;
    for bi in 0..m1 {
        for bj in 0..m1 {
            let tv = t(bi, bj);
            if tv != 0.0 {
                for k in 0..m2 {
                    trip.push((bi * m2 + k, bj * m2 + k, tv));
                }
            }
        }
    }
    for blk in 0..m2 {
        for i in 0..m1 {
            for j in 0..m1 {
                let tv = t(i, j);
                if tv != 0.0 {
                    trip.push((blk * m1 + i, blk * m1 + j, tv));
                }
            }
        }
    }
    let a_mat = sparse(size, size, trip)?;
    let mut out = vec![a_mat];
    if ctx.nargout > 1 {
        let mut tt = Vec::new();
        for i in 0..m1 {
            for j in 0..m1 {
                if t(i, j) != 0.0 {
                    tt.push((i, j, t(i, j)));
                }
            }
        }
        out.push(sparse(m1, m1, tt)?);
    }
    Ok(out)
}

fn orthog(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let k = a.num(1, "K", 1.0)?;
    let fnn = n as f64;
    let q = match k as i64 {
        _ if k.fract() != 0.0 => return Err(a.err(&format!("unknown K '{}'", k))),
        1 => {
            let s = (2.0 / (fnn + 1.0)).sqrt();
            sq(n, |i, j| {
                (((i + 1) * (j + 1)) as f64 * (PI / (fnn + 1.0))).sin() * s
            })?
        }
        2 => {
            let s = 2.0 / (2.0 * fnn + 1.0).sqrt();
            sq(n, |i, j| {
                (((i + 1) * (j + 1)) as f64 * (2.0 * PI / (2.0 * fnn + 1.0))).sin() * s
            })?
        }
        3 => {
            let numel = n.checked_mul(n).filter(|&t| t <= MAX_NUMEL);
            numel.ok_or_else(crate::builtins::util::too_large)?;
            let mut d = alloc_vec(n * n)?;
            for j in 0..n {
                for i in 0..n {
                    let ang = (i * j) as f64 * 2.0 * PI / fnn;
                    d.push(C64::new(ang.cos(), ang.sin()) / fnn.sqrt());
                }
            }
            Value::Complex(Array::new(Dims::mat(n, n), d))
        }
        4 => sq(n, |i, j| {
            let v = if i == 0 {
                1.0
            } else if i == j {
                -(i as f64)
            } else if j < i {
                1.0
            } else {
                0.0
            };
            let w = if i == 0 { fnn } else { i as f64 };
            v / (w * (i + 1) as f64).sqrt()
        })?,
        5 => sq(n, |i, j| {
            let m = (i * j) as f64 * (2.0 * PI / fnn);
            (m.cos() + m.sin()) / fnn.sqrt()
        })?,
        -1 => sq(n, |i, j| ((i * j) as f64 * (PI / (fnn - 1.0))).cos())?,
        -2 => sq(n, |i, j| (i as f64 * (j as f64 + 0.5) * (PI / fnn)).cos())?,
        _ => return Err(a.err(&format!("unknown K '{}'", k))),
    };
    one(q)
}

fn parter(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    one(sq(n, |i, j| 1.0 / ((i + 1) as f64 + 0.5 - (j + 1) as f64))?)
}

fn pei(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let alpha = a.num(1, "ALPHA", 1.0)?;
    one(sq(n, |i, j| if i == j { alpha + 1.0 } else { 1.0 })?)
}

fn poisson(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let size = n
        .checked_mul(n)
        .filter(|&k| k <= 1 << 22)
        .ok_or_else(crate::builtins::util::too_large)?;
    let mut trip = alloc_vec(5 * size)?;
    for bj in 0..n {
        for i in 0..n {
            let k = bj * n + i;
            trip.push((k, k, 4.0));
            if i > 0 {
                trip.push((k, k - 1, -1.0));
            }
            if i + 1 < n {
                trip.push((k, k + 1, -1.0));
            }
            if bj > 0 {
                trip.push((k, k - n, -1.0));
            }
            if bj + 1 < n {
                trip.push((k, k + n, -1.0));
            }
        }
    }
    one(sparse(size, size, trip)?)
}

fn prolate(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let w = a.num(1, "W", 0.25)?;
    let t: Vec<f64> = (0..n)
        .map(|k| {
            if k == 0 {
                2.0 * w
            } else {
                (2.0 * PI * w * k as f64).sin() / (PI * k as f64)
            }
        })
        .collect();
    one(sq(n, |i, j| t[i.abs_diff(j)])?)
}

fn randhess(ctx: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let v = match a.given(0) {
        Some(v) if v.is_numeric() && !v.is_complex() => v,
        _ => return Err(a.err("N or X must be numeric real values")),
    };
    let (n, x, last) = if v.is_scalar() {
        let n = dim(v.scalar_f64("gallery")?)?;
        let x: Vec<f64> = (0..n.saturating_sub(1))
            .map(|_| ctx.state.rng.next_f64() * 2.0 * PI)
            .collect();
        let s = if ctx.state.rng.next_normal() < 0.0 {
            -1.0
        } else {
            1.0
        };
        (n, x, s)
    } else if v.dims().is_vector() && !v.is_empty() {
        let x = v.to_num_array("gallery")?.into_vec();
        let xn = x[x.len() - 1];
        let s = if xn < 0.0 { -1.0 } else { 1.0 };
        (x.len(), x, s)
    } else {
        return Err(a.err("N or X must be a scalar or a vector"));
    };
    let mut h = Mat::new(n, n, |i, j| if i == j { 1.0 } else { 0.0 })?;
    if n > 0 {
        h.set(n - 1, n - 1, last);
    }
    for i in (1..n).rev() {
        let (c, s) = (x[i - 1].cos(), x[i - 1].sin());
        for j in 0..n {
            let (u, w) = (h.get(i - 1, j), h.get(i, j));
            h.set(i - 1, j, c * u + s * w);
            h.set(i, j, -s * u + c * w);
        }
    }
    one(h.value())
}

fn rando(ctx: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let (m, n) = a.rows_cols(0)?;
    let k = a.num(1, "K", 1.0)?;
    if !(k == 1.0 || k == 2.0 || k == 3.0) {
        return Err(a.err(&format!("unknown K '{}'", k)));
    }
    let mut r = Mat::new(m, n, |_, _| 0.0)?;
    for v in r.d.iter_mut() {
        let u = ctx.state.rng.next_f64();
        *v = match k as i32 {
            1 => (u + 0.5).floor(),
            2 => 2.0 * (u + 0.5).floor() - 1.0,
            _ => (3.0 * u - 1.5).round(),
        };
    }
    one(r.value())
}

fn redheff(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let m = Mat::new(n, n, |i, j| {
        if j == 0 || (j + 1) % (i + 1) == 0 {
            1.0
        } else {
            0.0
        }
    })?;
    let d = m.d.iter().map(|&x| x != 0.0).collect();
    one(Value::Bool(Array::new(Dims::mat(n, n), d)))
}

fn riemann(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    one(sq(n, |i, j| {
        if (j + 2) % (i + 2) == 0 {
            (i + 1) as f64
        } else {
            -1.0
        }
    })?)
}

fn ris(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    one(sq(n, |i, j| 0.5 / (n as f64 - (i + j) as f64 - 0.5))?)
}

fn smoke(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let open = a.switch01(1, 0.0)?;
    n.checked_mul(n)
        .filter(|&k| k <= MAX_NUMEL)
        .ok_or_else(crate::builtins::util::too_large)?;
    let mut d = filled(n * n, C64::new(0.0, 0.0))?;
    for i in 0..n {
        // w^(i+1) for w = exp(2*pi*i/n); the last diagonal element is 1.
        d[i + i * n] = if i + 1 == n {
            C64::new(1.0, 0.0)
        } else {
            C64::from_polar(1.0, 2.0 * PI * (i + 1) as f64 / n as f64)
        };
        if i + 1 < n {
            d[i + (i + 1) * n] = C64::new(1.0, 0.0);
        }
    }
    if !open && n > 0 {
        d[n - 1] = C64::new(1.0, 0.0);
    }
    one(Value::Complex(Array::new(Dims::mat(n, n), d)).narrowed())
}

fn toeppd(ctx: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let m = match a.given(1) {
        Some(_) => dim(a.int(1, "M")?)?,
        None => n,
    };
    let mut draw = |i: usize| -> Result<Vec<f64>> {
        match a.given(i) {
            Some(_) => a.values(i, if i == 2 { "W" } else { "THETA" }),
            None => {
                dim(m as f64)?;
                Ok((0..m).map(|_| ctx.state.rng.next_f64()).collect())
            }
        }
    };
    let w = draw(2)?;
    let theta = draw(3)?;
    if w.len() != m || theta.len() != m {
        return Err(a.err("W and THETA must be vectors of length M"));
    }
    one(sq(n, |i, j| {
        let e = 2.0 * PI * (i as f64 - j as f64);
        w.iter()
            .zip(&theta)
            .map(|(wk, tk)| wk * (tk * e).cos())
            .sum()
    })?)
}

fn toeppen(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a.order(0)?;
    let mut coef = [1.0, -10.0, 0.0, 10.0, 1.0];
    for (k, c) in coef.iter_mut().enumerate() {
        if a.given(k + 1).is_some() {
            *c = a
                .scalar(k + 1, "A")
                .map_err(|_| a.err("A, B, C, D and E must be numeric scalars"))?;
        }
    }
    dim(5.0 * n as f64)?;
    let mut trip = alloc_vec(n.saturating_mul(5))?;
    for j in 0..n {
        for (k, &c) in coef.iter().enumerate() {
            // Diagonal k - 2: row j - (k - 2).
            let i = j as i64 + 2 - k as i64;
            if i >= 0 && (i as usize) < n {
                trip.push((i as usize, j, c));
            }
        }
    }
    one(sparse(n, n, trip)?)
}

fn tridiag(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    // tridiag(n), tridiag(c, d, e) or tridiag(n, c, d, e).
    let (x, y, z, n) = match a.a.len() {
        1 => (vec![-1.0], vec![2.0], vec![-1.0], a.order(0)?),
        3 | 4 => {
            let f = a.a.len() - 3;
            let (x, y, z) = (
                a.values(f, "X")?,
                a.values(f + 1, "Y")?,
                a.values(f + 2, "Z")?,
            );
            // With scalars the order is the first argument (c itself
            // when there are three).
            let n = if x.len() == 1 && y.len() == 1 && z.len() == 1 {
                dim(a.int(0, "N")?)?
            } else {
                0
            };
            (x, y, z, n)
        }
        _ => return Err(a.err("1, 3, or 4 arguments are required")),
    };
    if x.len() == 1 && y.len() == 1 && z.len() == 1 {
        dim(3.0 * n as f64)?;
        let m = n.saturating_sub(1);
        return one(tridiagonal(
            &filled(m, x[0])?,
            &filled(n, y[0])?,
            &filled(m, z[0])?,
        )?);
    }
    if y.len() != x.len() + 1 {
        return Err(a.err("X must have one element less than Y"));
    }
    if y.len() != z.len() + 1 {
        return Err(a.err("Z must have one element less than Y"));
    }
    one(tridiagonal(&x, &y, &z)?)
}

fn triw(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let v = a.values(0, "N")?;
    if !(v.len() == 1 || v.len() == 2) {
        return Err(a.err("N must be a 1 or 2 elements vector"));
    }
    let (m, n) = (dim(v[0].trunc())?, dim(v[v.len() - 1].trunc())?);
    let alpha = match a.given(1) {
        Some(x) if x.is_scalar() => a.scalar(1, "ALPHA")?,
        Some(_) => return Err(a.err("ALPHA must be a scalar")),
        None => -1.0,
    };
    let k = match a.given(2) {
        Some(_) => {
            let k = a
                .int(2, "K")
                .map_err(|_| a.err("K must be a numeric integer >= 0"))?;
            if k < 0.0 {
                return Err(a.err("K must be a numeric integer >= 0"));
            }
            k
        }
        None => n as f64 - 1.0,
    };
    one(Mat::new(m, n, |i, j| {
        if i == j {
            1.0
        } else if j > i && (j - i) as f64 <= k {
            alpha
        } else if i > j {
            // alpha * 0, the sign kept as in MATLAB's formula.
            alpha * 0.0
        } else {
            0.0
        }
    })?
    .value())
}

/// The distributions of the seeded data matrices.
#[derive(Clone, Copy)]
enum Data {
    Uniform,
    Normal,
    Integer,
}

/// uniformdata, normaldata, integerdata: `rand`, `randn` or `randi` of
/// the arguments before the last, from a generator of their own seeded
/// with that last argument j (the session's generator is untouched), so
/// the same j gives the same data.
fn seeded(a: &Args, kind: Data) -> Result<Vec<Value>> {
    let last = a.a.len() - 1;
    let j = a
        .scalar(last, "J")
        .ok()
        .filter(|j| j.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(j));
    let Some(j) = j else {
        return Err(a.err("J must be an integer in the range [0, 2^32-1]"));
    };
    let mut rng = Rng::seeded(j as u32);
    let (first, lo, span) = match kind {
        Data::Integer => {
            let lim = a.values(0, "IMAX")?;
            let (lo, hi) = match lim[..] {
                [hi] => (1.0, hi),
                [lo, hi] => (lo, hi),
                _ => return Err(a.err("IMAX must be a scalar or a two-element vector")),
            };
            if !(lo.is_finite() && hi.is_finite() && lo.fract() == 0.0 && hi.fract() == 0.0)
                || hi < lo
            {
                return Err(a.err("IMAX must be integers with IMIN <= IMAX"));
            }
            (1, lo, hi - lo + 1.0)
        }
        _ => (0, 0.0, 0.0),
    };
    let dims = crate::builtins::util::parse_size("gallery", &a.a[first..last])?;
    let numel = dims.numel();
    let mut d = alloc_vec(numel)?;
    for _ in 0..numel {
        d.push(match kind {
            Data::Uniform => rng.next_f64(),
            Data::Normal => rng.next_normal(),
            Data::Integer => lo + (rng.next_f64() * span).floor(),
        });
    }
    one(Value::Num(Array::new(dims, d)))
}

fn uniformdata(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    seeded(a, Data::Uniform)
}

fn normaldata(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    seeded(a, Data::Normal)
}

fn integerdata(_: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    seeded(a, Data::Integer)
}

/// A positive integer scalar.
fn positive(a: &Args, i: usize, what: &str) -> Result<usize> {
    match a.scalar(i, what) {
        Ok(x) if x >= 1.0 && x.fract() == 0.0 => dim(x),
        _ => Err(a.err(&format!("{what} must be a positive scalar"))),
    }
}

fn wathen(ctx: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let nx = positive(a, 0, "NX")?;
    let ny = positive(a, 1, "NY")?;
    let scaled = a.num(2, "K", 0.0)? != 0.0;
    // The 8 x 8 element matrix of the serendipity element, / 45.
    const E1: [[f64; 4]; 4] = [
        [6., -6., 2., -8.],
        [-6., 32., -6., 20.],
        [2., -6., 6., -6.],
        [-8., 20., -6., 32.],
    ];
    const E2: [[f64; 4]; 4] = [
        [3., -8., 2., -6.],
        [-8., 16., -8., 20.],
        [2., -8., 3., -8.],
        [-6., 20., -8., 16.],
    ];
    let e = |r: usize, c: usize| -> f64 {
        let v = match (r < 4, c < 4) {
            (true, true) => E1[r][c],
            (true, false) => E2[r][c - 4],
            (false, true) => E2[c][r - 4],
            (false, false) => E1[r - 4][c - 4],
        };
        v / 45.0
    };
    let cells = nx
        .checked_mul(ny)
        .filter(|&k| k <= 1 << 18)
        .ok_or_else(crate::builtins::util::too_large)?;
    let n = 3 * cells + 2 * nx + 2 * ny + 1;
    let mut rho = filled(cells, 0.0)?;
    for r in rho.iter_mut() {
        *r = 100.0 * ctx.state.rng.next_f64();
    }
    let mut trip = alloc_vec(64 * cells)?;
    for j in 1..=ny {
        for i in 1..=nx {
            // Node numbers (1-based) of the element's eight nodes.
            let n1 = 3 * j * nx + 2 * i + 2 * j + 1;
            let n4 = (3 * j - 1) * nx + 2 * j + i - 1;
            let n5 = 3 * (j - 1) * nx + 2 * i + 2 * j - 3;
            let nn = [n1, n1 - 1, n1 - 2, n4, n5, n5 + 1, n5 + 2, n4 + 1];
            let r = rho[(i - 1) + (j - 1) * nx];
            for (kr, &row) in nn.iter().enumerate() {
                for (kc, &col) in nn.iter().enumerate() {
                    trip.push((row - 1, col - 1, e(kr, kc) * r));
                }
            }
        }
    }
    if scaled {
        // diag(diag(A)) \ A: each row over its diagonal element.
        let csc = Csc::from_triplets(n, n, trip, |x, y| x + y)?;
        let mut diag = filled(n, 0.0)?;
        for (c, dc) in diag.iter_mut().enumerate() {
            for k in csc.colptr[c]..csc.colptr[c + 1] {
                if csc.rowidx[k] == c {
                    *dc = csc.vals[k];
                }
            }
        }
        let mut out = csc;
        for c in 0..n {
            for k in out.colptr[c]..out.colptr[c + 1] {
                out.vals[k] /= diag[out.rowidx[k]];
            }
        }
        return one(Value::Sparse(Box::new(SparseMatrix::real(out))));
    }
    one(sparse(n, n, trip)?)
}

/// Q * A for a random orthogonal Q (n - 1 Householder reflections of
/// normal vectors, then random signs), A n x m column-major.
fn random_orthogonal_times(ctx: &mut Ctx, a: &mut Mat) {
    let (n, m) = (a.r, a.c);
    if n == 0 {
        return;
    }
    let mut d = vec![0.0; n];
    for k in (0..n - 1).rev() {
        let len = n - k;
        let mut x: Vec<f64> = (0..len).map(|_| ctx.state.rng.next_normal()).collect();
        let norm = x.iter().map(|v| v * v).sum::<f64>().sqrt();
        let sgn = if x[0] >= 0.0 { 1.0 } else { -1.0 };
        let s = sgn * norm;
        d[k] = -sgn;
        x[0] += s;
        let beta = s * x[0];
        for c in 0..m {
            let y: f64 = (0..len).map(|t| x[t] * a.get(k + t, c)).sum();
            for (t, &xt) in x.iter().enumerate() {
                let v = a.get(k + t, c) - xt * (y / beta);
                a.set(k + t, c, v);
            }
        }
    }
    let last = if ctx.state.rng.next_normal() < 0.0 {
        -1.0
    } else {
        1.0
    };
    for c in 0..m {
        for (i, &di) in d.iter().enumerate().take(n - 1) {
            let v = di * a.get(i, c);
            a.set(i, c, v);
        }
        let v = a.get(n - 1, c) * last;
        a.set(n - 1, c, v);
    }
}

fn transpose(a: &Mat) -> Result<Mat> {
    Mat::new(a.c, a.r, |i, j| a.get(j, i))
}

/// A Householder vector v and beta with (I - beta*v*v')*x = -+norm(x)*e1.
fn householder(x: &[f64]) -> (Vec<f64>, f64) {
    let norm = x.iter().map(|v| v * v).sum::<f64>().sqrt();
    let s = norm * if x[0] >= 0.0 { 1.0 } else { -1.0 };
    let mut v = x.to_vec();
    if s == 0.0 {
        return (v, 1.0);
    }
    v[0] += s;
    let beta = 1.0 / (s * v[0]);
    (v, beta)
}

/// Reduces A to lower bandwidth kl and upper bandwidth ku by orthogonal
/// transformations from both sides (singular values kept).
fn band_reduce(mut a: Mat, kl: usize, ku: usize) -> Result<Mat> {
    let flip = ku == 0;
    let (kl, ku) = if flip { (ku, kl) } else { (kl, ku) };
    if flip {
        a = transpose(&a)?;
    }
    let (m, n) = (a.r, a.c);
    let steps = m.min(n).min(
        (m as i64 - kl as i64 - 1)
            .max(n as i64 - ku as i64 - 1)
            .max(0) as usize,
    );
    for j in 0..steps {
        if j + kl + 1 < m {
            let x: Vec<f64> = (j + kl..m).map(|i| a.get(i, j)).collect();
            let (v, beta) = householder(&x);
            for c in j..n {
                let y: f64 = (0..v.len()).map(|t| v[t] * a.get(j + kl + t, c)).sum();
                for (t, &vt) in v.iter().enumerate() {
                    let val = a.get(j + kl + t, c) - beta * vt * y;
                    a.set(j + kl + t, c, val);
                }
            }
            for i in j + kl + 1..m {
                a.set(i, j, 0.0);
            }
        }
        if j + ku + 1 < n {
            let x: Vec<f64> = (j + ku..n).map(|c| a.get(j, c)).collect();
            let (v, beta) = householder(&x);
            for r in j..m {
                let y: f64 = (0..v.len()).map(|t| a.get(r, j + ku + t) * v[t]).sum();
                for (t, &vt) in v.iter().enumerate() {
                    let val = a.get(r, j + ku + t) - beta * y * vt;
                    a.set(r, j + ku + t, val);
                }
            }
            for c in j + ku + 1..n {
                a.set(j, c, 0.0);
            }
        }
    }
    if flip {
        a = transpose(&a)?;
    }
    Ok(a)
}

fn randsvd(ctx: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let (m, n) = a
        .rows_cols(0)
        .map_err(|_| a.err("N must be a 1 or 2 element integer vector"))?;
    let kappa = a.num(1, "KAPPA", (1.0 / f64::EPSILON).sqrt())?;
    if kappa.abs() < 1.0 {
        return Err(a.err("KAPPA must larger than or equal to 1"));
    }
    let mode = a.num(2, "MODE", 3.0)?;
    let kl = a.num(3, "KL", m.max(n) as f64 - 1.0)?;
    let ku = a.num(4, "KU", kl)?;
    let (posdef, kappa) = (kappa < 0.0, kappa.abs());
    let p = m.min(n);
    if m.checked_mul(n).is_none_or(|k| k > MAX_NUMEL) || (m.max(n) > 1 << 14 && p > 1) {
        return Err(crate::builtins::util::too_large());
    }
    if p == 1 {
        let mut v = Mat::new(m, n, |_, _| 0.0)?;
        for x in v.d.iter_mut() {
            *x = ctx.state.rng.next_normal();
        }
        let norm = v.d.iter().map(|x| x * x).sum::<f64>().sqrt();
        v.d.iter_mut().for_each(|x| *x /= norm);
        return one(v.value());
    }
    let fp = p as f64;
    let mut sigma: Vec<f64> = match mode.abs() {
        1.0 => (0..p)
            .map(|i| if i == 0 { 1.0 } else { 1.0 / kappa })
            .collect(),
        2.0 => (0..p)
            .map(|i| if i + 1 == p { 1.0 / kappa } else { 1.0 })
            .collect(),
        3.0 => {
            let factor = kappa.powf(-1.0 / (fp - 1.0));
            (0..p).map(|i| factor.powf(i as f64)).collect()
        }
        4.0 => (0..p)
            .map(|i| 1.0 - i as f64 / (fp - 1.0) * (1.0 - 1.0 / kappa))
            .collect(),
        5.0 => (0..p)
            .map(|_| (-ctx.state.rng.next_f64() * kappa.ln()).exp())
            .collect(),
        _ => return Err(a.err(&format!("unknown MODE '{}'", mode))),
    };
    if mode < 0.0 {
        sigma.reverse();
    }
    if posdef {
        let mut q = Mat::new(p, p, |i, j| if i == j { 1.0 } else { 0.0 })?;
        random_orthogonal_times(ctx, &mut q);
        // (Q' * diag(sigma) * Q + its transpose) / 2.
        let b = Mat::new(p, p, |i, j| {
            (0..p).map(|k| q.get(k, i) * sigma[k] * q.get(k, j)).sum()
        })?;
        return one(sq(p, |i, j| (b.get(i, j) + b.get(j, i)) / 2.0)?);
    }
    let diag = Mat::new(m, n, |i, j| if i == j { sigma[i] } else { 0.0 })?;
    if kl == 0.0 && ku == 0.0 {
        return one(diag.value());
    }
    let mut t = transpose(&diag)?;
    random_orthogonal_times(ctx, &mut t);
    let mut u = transpose(&t)?;
    random_orthogonal_times(ctx, &mut u);
    if kl < n as f64 - 1.0 || ku < n as f64 - 1.0 {
        u = band_reduce(u, dim(kl)?, dim(ku)?)?;
    }
    one(u.value())
}

// 0.7853 in wilk(4)'s b is data, not an approximation of pi/4.
#[allow(clippy::approx_constant)]
fn wilk(ctx: &mut Ctx, a: &Args) -> Result<Vec<Value>> {
    let n = a
        .scalar(0, "N")
        .map_err(|_| a.err("N must be a numeric scalar"))?;
    let (m, b): (Value, Option<Vec<f64>>) = if n == 3.0 {
        let rows = [[1e-10, 0.9, -0.4], [0.0, 0.9, -0.4], [0.0, 0.0, 1e-10]];
        (sq(3, |i, j| rows[i][j])?, Some(vec![0.0, 0.0, 1.0]))
    } else if n == 4.0 {
        let rows = [
            [0.9143e-4, 0.0, 0.0, 0.0],
            [0.8762, 0.7156e-4, 0.0, 0.0],
            [0.7943, 0.8143, 0.9504e-4, 0.0],
            [0.8017, 0.6123, 0.7165, 0.7123e-4],
        ];
        (
            sq(4, |i, j| rows[i][j])?,
            Some(vec![0.6524, 0.3127, 0.4186, 0.7853]),
        )
    } else if n == 5.0 {
        (sq(5, |i, j| hilb(i, j + 1) * 1.8144)?, None)
    } else if n == 21.0 {
        (
            sq(21, |i, j| {
                if i == j {
                    (i as f64 - 10.0).abs()
                } else if i.abs_diff(j) == 1 {
                    1.0
                } else {
                    0.0
                }
            })?,
            None,
        )
    } else {
        return Err(a.err(&format!("unknown N '{}'", n)));
    };
    let mut out = vec![m];
    if ctx.nargout > 1 {
        match b {
            Some(b) => out.push(column(b)),
            None => {
                return Err(Error::new(format!(
                    "gallery: wilk matrix of order {n} has no right-hand side b"
                )))
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dorr_diagonals_are_row_diagonally_dominant() {
        let (c, d, e) = dorr_diagonals(4, 0.01).unwrap();
        assert_eq!((c.len(), d.len(), e.len()), (3, 4, 3));
        // Each row sums to zero apart from the missing neighbours.
        for i in 1..3 {
            assert!((c[i - 1] + d[i] + e[i]).abs() < 1e-9);
        }
    }

    #[test]
    fn orthonormal_basis_drops_dependent_columns() {
        let q = orth_basis(
            3,
            &[
                vec![1.0, 1.0, 1.0],
                vec![2.0, 2.0, 2.0],
                vec![1.0, 0.0, 0.0],
            ],
        );
        assert_eq!(q.len(), 2);
        let dot: f64 = (0..3).map(|i| q[0][i] * q[1][i]).sum();
        assert!(dot.abs() < 1e-15);
    }

    #[test]
    fn gcd_of_small_numbers() {
        assert_eq!(gcd(12, 18), 6);
        assert_eq!(gcd(7, 1), 1);
    }
}
