//! `gallery`'s test matrices (Higham's collection as MATLAB and Octave
//! name them): argument reading with Octave's messages, one small builder
//! per matrix, and the trailing class name ('single' or 'double').
//!
//! Builders work in double; a 'single' class name converts the result.
//! Matrices MATLAB returns sparse (tridiag, dorr, poisson, toeppen,
//! neumann, wathen) are double sparse. Random matrices draw from the
//! session's generator (`rand`/`randn`'s); the seeded data matrices
//! (uniformdata, normaldata, integerdata) from one of their own.
//!
//! This file holds the dispatch (`gallery`, the table of names), argument
//! reading and the small matrix helpers; the builders are in `dense`
//! (formulas), `sparse` and `random`.

use crate::builtins::reduce::check_nargout;
use crate::builtins::util::MAX_NUMEL;
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::ops::alloc_vec;
use crate::ops::classes::to_single_result;
use crate::value::sparse::{Csc, SparseMatrix};
use crate::value::{Array, Dims, Value};

mod dense;
mod random;
mod sparse;

use dense::*;
use random::*;
use sparse::*;

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
    /// The order n of an n x n matrix: an integer, negative counting as
    /// 0, n^2 within the element limit.
    fn order(&self, i: usize) -> Result<usize> {
        square_order(dim(self.int(i, "N")?)?)
    }

    /// The order n of a sparse matrix with O(n) elements.
    fn sparse_order(&self, i: usize) -> Result<usize> {
        let n = dim(self.int(i, "N")?)?;
        if n > MAX_SPARSE_ORDER {
            return Err(crate::builtins::util::too_large());
        }
        Ok(n)
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
            let n = square_order(dim(v[0])?)?;
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
        let (m, n) = (dim(v[0])?, dim(v[v.len() - 1])?);
        m.checked_mul(n)
            .filter(|&k| k <= MAX_NUMEL)
            .ok_or_else(crate::builtins::util::too_large)?;
        Ok((m, n))
    }
}

/// The largest order of the O(n)-element sparse matrices (tridiag,
/// toeppen, dorr).
const MAX_SPARSE_ORDER: usize = 1 << 24;

/// `n` when an n x n matrix stays within the element limit.
fn square_order(n: usize) -> Result<usize> {
    n.checked_mul(n)
        .filter(|&k| k <= MAX_NUMEL)
        .ok_or_else(crate::builtins::util::too_large)?;
    Ok(n)
}

/// A size from a double: negative is 0, beyond MAX_NUMEL an error.
fn dim(x: f64) -> Result<usize> {
    if x.is_nan() || x > MAX_NUMEL as f64 {
        return Err(crate::builtins::util::too_large());
    }
    Ok(x.max(0.0) as usize)
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

fn column(v: Vec<f64>) -> Value {
    let n = v.len();
    Value::Num(Array::new(Dims::col(n), v))
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
