//! legendre, ellipke, factor, perms, cbrt, realpow.

use super::kernels;
use super::{map_real, real_operand, text_opt};
use crate::builtins::reduce::{check_nargout, check_nargs};
use crate::builtins::util::alloc_vec;
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::eval::index::{index_value, Sub};
use crate::ops::checked_numel;
use crate::value::{Array, Class, Dims, Value};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Normalization {
    Unnorm,
    Sch,
    Full,
}

/// P_n^m(x) for m = 0..=n, with the Condon–Shortley phase (unnormalized).
fn legendre_unnorm(n: usize, x: f64, out: &mut [f64]) {
    let s = ((1.0 - x) * (1.0 + x)).sqrt();
    let mut pmm = 1.0;
    for (m, o) in out.iter_mut().enumerate().take(n + 1) {
        if m > 0 {
            pmm *= -((2 * m - 1) as f64) * s;
        }
        if m == n {
            *o = pmm;
            continue;
        }
        let mut p0 = pmm;
        let mut p1 = x * (2 * m + 1) as f64 * pmm;
        for l in m + 2..=n {
            let p2 = ((2 * l - 1) as f64 * x * p1 - (l + m - 1) as f64 * p0) / (l - m) as f64;
            p0 = p1;
            p1 = p2;
        }
        *o = p1;
    }
}

/// sqrt((n-m)!/(n+m)!) |P_n^m(x)| with its sign but without the
/// Condon–Shortley phase, for m = 0..=n (no overflow for large n).
fn legendre_scaled(n: usize, x: f64, out: &mut [f64]) {
    let s = ((1.0 - x) * (1.0 + x)).sqrt();
    let mut pmm = 1.0;
    for (m, o) in out.iter_mut().enumerate().take(n + 1) {
        if m > 0 {
            let k = m as f64;
            pmm *= ((2.0 * k - 1.0) / (2.0 * k)).sqrt() * s;
        }
        if m == n {
            *o = pmm;
            continue;
        }
        let mf = m as f64;
        let mut p0 = pmm;
        let mut p1 = x * (2.0 * mf + 1.0).sqrt() * pmm;
        for l in m + 2..=n {
            let lf = l as f64;
            let p2 = ((2.0 * lf - 1.0) * x * p1 - ((lf - 1.0 - mf) * (lf - 1.0 + mf)).sqrt() * p0)
                / ((lf - mf) * (lf + mf)).sqrt();
            p0 = p1;
            p1 = p2;
        }
        *o = p1;
    }
}

/// legendre: associated Legendre functions.
///
/// `P = legendre(N, X)` returns the associated Legendre functions
/// P_N^m(x) of degree N for orders m = 0..N, one row per order, evaluated
/// at every element of X (real, in [-1, 1]); P is (N+1)-by-numel(X) for a
/// vector X, else (N+1)-by-size(X). The Condon–Shortley phase (-1)^m is
/// included.
///
/// `P = legendre(N, X, 'sch')` gives the Schmidt semi-normalized
/// functions, `legendre(N, X, 'norm')` the fully normalized ones (both
/// without the phase); `'unnorm'` is the default.
///
/// ```text
/// >> legendre(2, [0 0.5])
/// ans =
///
///   -0.5000  -0.1250
///         0  -1.2990
///    3.0000   2.2500
/// ```
pub fn legendre(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 2, 3, "legendre")?;
    check_nargout(ctx, 1, "legendre")?;
    let bad_n = || Error::new("legendre: N must be a real non-negative integer");
    let nv = real_operand(
        "legendre",
        &args[0],
        Some("N must be a real non-negative integer"),
    )
    .map_err(|_| bad_n())?;
    let n = match nv.a.data() {
        [n] if *n >= 0.0 && *n == n.floor() && *n < 1e5 => *n as usize,
        _ => return Err(bad_n()),
    };
    let range_msg = "X must be real-valued vector in the range -1 <= X <= 1";
    let x = real_operand("legendre", &args[1], Some(range_msg))?;
    if x.a.data().iter().any(|v| !(-1.0..=1.0).contains(v)) {
        return Err(Error::new(format!("legendre: {range_msg}")));
    }
    let norm = match args.get(2) {
        None => Normalization::Unnorm,
        Some(v) => match text_opt(v).as_deref() {
            Some("unnorm") => Normalization::Unnorm,
            Some("sch") => Normalization::Sch,
            Some("norm") => Normalization::Full,
            _ => {
                return Err(Error::new(
                    "legendre: NORMALIZATION option must be \"unnorm\", \"norm\", or \"sch\"",
                ))
            }
        },
    };
    let xs = x.a.data();
    let rows = n + 1;
    // O(n²) work per point: refuse what would run for minutes.
    if (rows as f64) * (rows as f64) * 0.5 * (xs.len() as f64) > 2e9 {
        return Err(crate::builtins::util::too_large());
    }
    let total = checked_numel(&[rows, xs.len()])?;
    let mut data = alloc_vec(total, 0.0)?;
    for (j, &xv) in xs.iter().enumerate() {
        let col = &mut data[j * rows..(j + 1) * rows];
        match norm {
            Normalization::Unnorm => legendre_unnorm(n, xv, col),
            Normalization::Sch | Normalization::Full => {
                legendre_scaled(n, xv, col);
                let f0 = if norm == Normalization::Full {
                    (n as f64 + 0.5).sqrt()
                } else {
                    1.0
                };
                for (m, c) in col.iter_mut().enumerate() {
                    let f = if norm == Normalization::Sch && m > 0 {
                        std::f64::consts::SQRT_2
                    } else {
                        f0
                    };
                    *c *= f;
                }
            }
        }
    }
    let xd = x.a.dims();
    let is_vector = xd.ndims() == 2 && (xd.rows() == 1 || xd.get(1) == 1);
    let dims = if is_vector {
        Dims::new(&[rows, xs.len()])
    } else {
        let mut d = vec![rows];
        d.extend_from_slice(xd.as_slice());
        Dims::new(&d)
    };
    Ok(vec![super::out_real(Array::new(dims, data), x.single)?])
}

/// ellipke: complete elliptic integrals of the first and second kinds.
///
/// `K = ellipke(M)` returns K(m), the integral of
/// 1/sqrt(1 - m sin(t)^2) over [0, π/2], for every element of the real
/// array M (m <= 1).
///
/// `[K, E] = ellipke(M)` also returns E(m), the integral of
/// sqrt(1 - m sin(t)^2).
///
/// `[K, E] = ellipke(M, TOL)` stops the arithmetic-geometric mean at
/// relative tolerance TOL (default eps).
///
/// ```text
/// >> [k, e] = ellipke(0.5)
/// k = 1.8541
/// e = 1.3506
/// ```
pub fn ellipke(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 1, 2, "ellipke")?;
    check_nargout(ctx, 2, "ellipke")?;
    let m = real_operand("ellipke", &args[0], Some("M must be real"))?;
    if m.a.data().iter().any(|&v| v > 1.0) {
        return Err(Error::new("ellipke: M must be <= 1"));
    }
    let default_tol = if m.single {
        f64::from(f32::EPSILON)
    } else {
        f64::EPSILON
    };
    let tol = match args.get(1) {
        None => default_tol,
        Some(t) => {
            let bad = || Error::new("ellipke: TOL must be a real scalar > 0");
            let t = real_operand("ellipke", t, Some("TOL must be a real scalar > 0"))
                .map_err(|_| bad())?;
            match t.a.data() {
                [t] if *t > 0.0 => *t,
                _ => return Err(bad()),
            }
        }
    };
    let ke = m.a.try_map(|&v| kernels::ellipke(v, tol))?;
    let k = ke.try_map(|p| p.0)?;
    let e = ke.try_map(|p| p.1)?;
    let mut out = vec![super::out_real(k, m.single)?];
    if ctx.nargout >= 2 {
        out.push(super::out_real(e, m.single)?);
    }
    Ok(out)
}

/// factor: prime factorization.
///
/// `PF = factor(Q)` returns the prime factors of the non-negative integer
/// Q as a row vector, smallest first, with multiplicity, in the class of
/// Q; `factor(0)` is 0 and `factor(1)` is 1.
///
/// `[PF, N] = factor(Q)` returns the distinct primes in PF and their
/// multiplicities (as doubles) in N, so that `prod(PF .^ N)` is Q.
///
/// ```text
/// >> factor(60)
/// ans =
///
///    2   2   3   5
/// ```
pub fn factor(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 1, 1, "factor")?;
    check_nargout(ctx, 2, "factor")?;
    let v = &args[0];
    let bad = || Error::new("factor: Q must be a real non-negative integer");
    if v.is_complex() || matches!(v, Value::Cell(_) | Value::Struct(_) | Value::Func(_)) {
        return Err(bad());
    }
    let class = v.class();
    let q = match v {
        Value::Int(x) if x.numel() == 1 => {
            // Exact, also for 64-bit values beyond 2^53.
            use crate::value::IntElem;
            let e: i128 = crate::with_int!(x, a => a.data().first().map_or(0, |e| e.to_i128()));
            if e < 0 {
                return Err(bad());
            }
            if e > 1i128 << 53 {
                return Err(Error::new("factor: Q too large to factor (> flintmax)"));
            }
            e as f64
        }
        _ => {
            let a = v.to_num_array("factor").map_err(|_| bad())?;
            let x = match a.data() {
                [x] => *x,
                _ => return Err(bad()),
            };
            if x.is_nan() || x < 0.0 || x != x.floor() {
                return Err(bad());
            }
            let limit = if class == Class::Single {
                2f64.powi(24)
            } else {
                2f64.powi(53)
            };
            if x > limit {
                return Err(Error::new("factor: Q too large to factor (> flintmax)"));
            }
            x
        }
    };
    let mut n = q as u64;
    let mut pf: Vec<f64> = Vec::new();
    if n < 4 {
        pf.push(n as f64);
    } else {
        let mut p = 2u64;
        // Trial division up to sqrt(n): at most ~9.5e7 steps for 2^53.
        while p.saturating_mul(p) <= n {
            while n % p == 0 {
                pf.push(p as f64);
                n /= p;
            }
            p += if p == 2 { 1 } else { 2 };
        }
        if n > 1 {
            pf.push(n as f64);
        }
    }
    let in_class = |d: Vec<f64>| -> Result<Value> {
        let a = Array::row(d);
        crate::ops::classes::from_doubles(class_or_double(class), &a)
    };
    if ctx.nargout < 2 {
        return Ok(vec![in_class(pf)?]);
    }
    let mut uniq: Vec<f64> = Vec::new();
    let mut counts: Vec<f64> = Vec::new();
    for p in pf {
        if uniq.last() == Some(&p) {
            if let Some(c) = counts.last_mut() {
                *c += 1.0;
            }
        } else {
            uniq.push(p);
            counts.push(1.0);
        }
    }
    Ok(vec![in_class(uniq)?, Value::Num(Array::row(counts))])
}

/// The class a numeric result keeps: logical and char give double.
fn class_or_double(c: Class) -> Class {
    match c {
        Class::Logical | Class::Char => Class::Double,
        c => c,
    }
}

/// perms: all permutations.
///
/// `P = perms(V)` returns every permutation of the elements of V, one per
/// row, in reverse lexicographic order of their positions: for V = [1 2 3]
/// the first row is [3 2 1] and the last [1 2 3]. P has the class of V
/// (numeric, logical, char, cell or struct) and n! rows.
///
/// ```text
/// >> perms([1 2 3])
/// ans =
///
///    3   2   1
///    3   1   2
///    2   3   1
///    2   1   3
///    1   3   2
///    1   2   3
/// ```
pub fn perms(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 1, 1, "perms")?;
    check_nargout(ctx, 1, "perms")?;
    let v = &args[0];
    let n = v.dims().numel();
    if n == 0 {
        return Ok(vec![v.clone().reshaped(Dims::new(&[1, 0])).ok_or_else(
            || Error::new("perms: cannot reshape the empty input"),
        )?]);
    }
    // Numeric and char values are permuted in ascending order of value (so
    // the output depends only on the values, as Octave); logical, cell and
    // struct elements in the order given.
    let order = value_order(v)?;
    // n! rows of n columns, size-checked before any allocation.
    let mut rows: usize = 1;
    for k in 2..=n {
        rows = rows
            .checked_mul(k)
            .ok_or_else(crate::builtins::util::too_large)?;
        checked_numel(&[rows, n])?;
    }
    let total = checked_numel(&[rows, n])?;
    let mut idx = alloc_vec(total, 0usize)?;
    // Start at the last permutation (n-1, ..., 0) and step to the previous
    // one in lexicographic order each row.
    let mut p: Vec<usize> = (0..n).rev().collect();
    for r in 0..rows {
        for (c, &e) in p.iter().enumerate() {
            idx[r + c * rows] = order.get(e).copied().unwrap_or(e);
        }
        prev_permutation(&mut p);
    }
    let sub = Sub::List {
        idx,
        shape: Dims::new(&[rows, n]),
        logical: false,
    };
    Ok(vec![index_value(v, &[sub])?])
}

/// The positions of `v`'s elements in ascending (stable) order of value
/// for numeric and char arrays (complex by modulus, then angle; NaN
/// last), else in their own order.
fn value_order(v: &Value) -> Result<Vec<usize>> {
    let n = v.dims().numel();
    let mut order: Vec<usize> = (0..n).collect();
    let key = |a: f64, b: f64| {
        a.partial_cmp(&b)
            .unwrap_or_else(|| a.is_nan().cmp(&b.is_nan()))
    };
    match v {
        Value::Complex(_) | Value::SingleComplex(_) => {
            let c = v.to_complex_array("perms")?;
            let d = c.data();
            order.sort_by(|&i, &j| key(d[i].norm(), d[j].norm()).then(key(d[i].arg(), d[j].arg())));
        }
        Value::Num(_) | Value::Single(_) | Value::Int(_) | Value::Char(_) => {
            let a = v.to_num_array("perms")?;
            let d = a.data();
            order.sort_by(|&i, &j| key(d[i], d[j]));
        }
        _ => {}
    }
    Ok(order)
}

/// Steps `p` to the lexicographically previous permutation (wrapping).
fn prev_permutation(p: &mut [usize]) {
    let n = p.len();
    if n < 2 {
        return;
    }
    let mut i = n - 1;
    while i > 0 && p[i - 1] <= p[i] {
        i -= 1;
    }
    if i == 0 {
        p.reverse();
        return;
    }
    let mut j = n - 1;
    while p[j] >= p[i - 1] {
        j -= 1;
    }
    p.swap(i - 1, j);
    p[i..].reverse();
}

/// cbrt: real cube root.
///
/// `Y = cbrt(X)` returns the real cube root of every element of the real
/// array X (negative for negative x, unlike `X.^(1/3)`).
///
/// ```text
/// >> cbrt([-8 27 2])
/// ans =
///
///   -2.0000   3.0000   1.2599
/// ```
pub fn cbrt(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 1, 1, "cbrt")?;
    check_nargout(ctx, 1, "cbrt")?;
    Ok(vec![map_real("cbrt", &args[0], f64::cbrt)?])
}

/// realpow: element-wise power that must stay real.
///
/// `Z = realpow(X, Y)` returns `X .^ Y`, and is an error when the result
/// would be complex for real X and Y.
///
/// ```text
/// >> realpow([2 3], 2)
/// ans =
///
///    4   9
/// ```
pub fn realpow(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 2, 2, "realpow")?;
    check_nargout(ctx, 1, "realpow")?;
    let z = crate::ops::binary(crate::syntax::ast::BinOp::Pow, &args[0], &args[1])?;
    if z.is_complex() && !args[0].is_complex() && !args[1].is_complex() {
        return Err(Error::new("realpow: produced complex result"));
    }
    Ok(vec![z])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prev_permutation_walks_down() {
        let mut p = vec![2, 1, 0];
        let mut seen = vec![p.clone()];
        for _ in 0..5 {
            prev_permutation(&mut p);
            seen.push(p.clone());
        }
        assert_eq!(
            seen,
            vec![
                vec![2, 1, 0],
                vec![2, 0, 1],
                vec![1, 2, 0],
                vec![1, 0, 2],
                vec![0, 2, 1],
                vec![0, 1, 2]
            ]
        );
    }

    #[test]
    fn legendre_forms_agree() {
        let (n, x) = (7usize, 0.3);
        let mut u = vec![0.0; n + 1];
        let mut s = vec![0.0; n + 1];
        legendre_unnorm(n, x, &mut u);
        legendre_scaled(n, x, &mut s);
        for m in 0..=n {
            // u = (-1)^m sqrt((n+m)!/(n-m)!) s
            let f = (libm::lgamma((n + m + 1) as f64) - libm::lgamma((n - m + 1) as f64))
                .mul_add(0.5, 0.0)
                .exp();
            let sign = if m % 2 == 1 { -1.0 } else { 1.0 };
            assert!(
                (u[m] - sign * f * s[m]).abs() < 1e-12 * u[m].abs().max(1.0),
                "m={m}"
            );
        }
    }
}
