//! Partial fractions: `residue` in both directions (b/a to residues,
//! poles and direct term, and back) and `mpoles`, the grouping of nearly
//! equal poles into multiplicities that both directions rely on.
//!
//! Poles come from the companion-matrix roots (`algebra::roots_of`);
//! poles within a relative 0.001 of each other count as one repeated pole
//! and are replaced by their mean. The residues then solve a small linear
//! system: each column holds the numerator contributed by a unit residue
//! of one pole term, the right side is the remainder of b/a.

use super::algebra::{reduce, roots_of};
use super::{convolve, out, Coefs};
use crate::builtins::reduce::{check_nargout, check_nargs};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::ops::dense::solve;
use crate::ops::elementwise::cdiv;
use crate::value::{Dims, Value, C64};

const ZERO: C64 = C64::new(0.0, 0.0);
const ONE: C64 = C64::new(1.0, 0.0);

/// The relative distance under which two poles are one repeated pole.
const TOL: f64 = 0.001;

/// Groups the poles `p` into repeated poles. Returns, for the poles in
/// the order `idx` (sorted by decreasing magnitude when `reorder`, else
/// in their order with each group gathered at its first member), the
/// multiplicity `mult` of each: 1, 2, ... within a group. Two poles are one
/// when their distance is below `tol` times the first one's magnitude (for
/// a zero pole: the mean magnitude of the finite nonzero poles, or 1).
pub(crate) fn group_poles(p: &[C64], tol: f64, reorder: bool) -> (Vec<usize>, Vec<usize>) {
    let n = p.len();
    let mut order: Vec<usize> = (0..n).collect();
    if reorder {
        // Stable: poles of equal magnitude keep their order.
        order.sort_by(|&i, &j| {
            p[j].norm()
                .partial_cmp(&p[i].norm())
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    }
    let q: Vec<C64> = order.iter().map(|&i| p[i]).collect();
    let finite_nonzero: Vec<f64> = q
        .iter()
        .map(|z| z.norm())
        .filter(|&m| m > 0.0 && m.is_finite())
        .collect();
    let zero_scale = if finite_nonzero.is_empty() {
        1.0
    } else {
        finite_nonzero.iter().sum::<f64>() / finite_nonzero.len() as f64
    };
    let mut taken = vec![false; n];
    let mut mult = Vec::with_capacity(n);
    let mut idx = Vec::with_capacity(n);
    // Each pass takes at least the first free pole: at most n passes.
    while let Some(first) = taken.iter().position(|t| !t) {
        let scale = if q[first] == ZERO {
            zero_scale
        } else {
            q[first].norm()
        };
        let mut m = 0;
        for k in first..n {
            if !taken[k] && (k == first || (q[k] - q[first]).norm() < tol * scale) {
                taken[k] = true;
                m += 1;
                mult.push(m);
                idx.push(order[k]);
            }
        }
    }
    (mult, idx)
}

/// `p` divided by the monic `s - z`, quotient only (synthetic division);
/// a constant divided gives 0.
fn divide_linear(p: &[C64], z: C64) -> Vec<C64> {
    if p.len() < 2 {
        return vec![ZERO];
    }
    let mut q = Vec::with_capacity(p.len() - 1);
    let mut acc = p[0];
    q.push(acc);
    for &c in &p[1..p.len() - 1] {
        acc = c + z * acc;
        q.push(acc);
    }
    q
}

/// Long division of `b` by `a` (`a[0]` is 1): the quotient, and the
/// remainder as long as b, its leading len(b) - len(a) + 1 entries zero.
fn divide_monic(b: &[C64], a: &[C64]) -> (Vec<C64>, Vec<C64>) {
    let nq = b.len() + 1 - a.len();
    let mut r = b.to_vec();
    let mut q = vec![ZERO; nq];
    for i in 0..nq {
        let f = r[i];
        q[i] = f;
        for (j, &aj) in a.iter().enumerate().skip(1) {
            r[i + j] -= f * aj;
        }
        r[i] = ZERO;
    }
    (q, r)
}

/// `v` right-aligned in a vector of `len`: zeros in front, or its leading
/// entries dropped when it is longer.
fn prepad(v: &[C64], len: usize) -> Vec<C64> {
    if v.len() >= len {
        v[v.len() - len..].to_vec()
    } else {
        let mut w = vec![ZERO; len - v.len()];
        w.extend_from_slice(v);
        w
    }
}

/// The numerator that the term r/(s - p_n)^e_n contributes over the common
/// denominator prod(s - p_j), for r = 1.
fn term_numerator(p: &[C64], e: &[usize], n: usize) -> Vec<C64> {
    let mut pn = vec![ONE];
    for (j, &z) in p.iter().enumerate() {
        if j != n {
            pn = convolve(&pn, &[ONE, -z]);
        }
    }
    for _ in 1..e[n] {
        pn = divide_linear(&pn, p[n]);
    }
    pn
}

/// The numerator and denominator of sum r_n/(s - p_n)^e_n + k(s).
fn recombine(r: &[C64], p: &[C64], k: &[C64], e: &[usize]) -> (Vec<C64>, Vec<C64>) {
    let mut den = vec![ONE];
    for &z in p {
        den = convolve(&den, &[ONE, -z]);
    }
    let len = if k.is_empty() {
        p.len()
    } else {
        p.len() + k.len()
    };
    let mut num = vec![ZERO; len];
    for (n, &rn) in r.iter().enumerate() {
        if rn.norm() > 0.0 {
            let pn: Vec<C64> = term_numerator(p, e, n).iter().map(|&c| rn * c).collect();
            for (x, c) in num.iter_mut().zip(prepad(&pn, len)) {
                *x += c;
            }
        }
    }
    if !k.is_empty() {
        for (x, c) in num.iter_mut().zip(convolve(&den, k)) {
            *x += c;
        }
    }
    (reduce(&num), reduce(&den))
}

fn vector_or_empty(v: &Value, what: &str) -> Result<Coefs> {
    let c = Coefs::of(v, "residue")?;
    if !c.is_vector_or_empty() {
        return Err(Error::new(format!("residue: {what} must be a vector")));
    }
    if c.data
        .iter()
        .any(|z| !z.re.is_finite() || !z.im.is_finite())
    {
        return Err(Error::new(format!(
            "residue: {what} must not contain Inf or NaN"
        )));
    }
    Ok(c)
}

fn column(data: Vec<C64>, single: bool) -> Result<Value> {
    let n = data.len();
    out(Dims::col(n), data, single)
}

fn row_or_empty(data: Vec<C64>, single: bool) -> Result<Value> {
    let dims = if data.is_empty() {
        Dims::empty()
    } else {
        Dims::row(data.len())
    };
    out(dims, data, single)
}

/// residue: partial fraction expansion of a ratio of polynomials, and its
/// inverse.
///
/// `[r, p, k] = residue(b, a)` expands b(s)/a(s) as sum r(m)/(s -
/// p(m))^e(m) + k(s): the residues r and poles p as columns, the direct
/// polynomial k as a row (empty when b has lower degree than a). A
/// repeated pole appears once per power, with increasing powers; poles
/// within a relative 0.001 of each other count as one repeated pole.
///
/// `[r, p, k, e] = residue(b, a)` also returns the power e(m) of each
/// term.
///
/// `[b, a] = residue(r, p, k)` recombines residues, poles and direct term
/// into numerator and denominator (the powers found from the repeated
/// poles); `[b, a] = residue(r, p, k, e)` takes the powers e.
///
/// ```text
/// >> [r, p, k] = residue([2 3 4 5], [1 3 2])
/// r =
///
///    7
///    2
///
/// p =
///
///   -2
///   -1
///
/// k =
///
///    2  -3
///
/// >> [r, p, k, e] = residue([1 1 1], [1 -5 8 -4]); [r, p, e]
/// ans =
///
///   -2   2   1
///    7   2   2
///    3   1   1
///
/// >> [b, a] = residue([1; 2], [-1; -2], [3 4])
/// b =
///
///     3   13   21   12
///
/// a =
///
///    1   3   2
/// ```
pub fn residue(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargs(&args, 2, 4, "residue")?;
    if args.len() >= 3 {
        check_nargout(ctx, 2, "residue")?;
        return inverse(&args);
    }
    check_nargout(ctx, 4, "residue")?;
    let b = vector_or_empty(&args[0], "B")?;
    let a = vector_or_empty(&args[1], "A")?;
    // The poles are single when a is; residues and direct term when
    // either is (Octave's classes).
    let (single, a_single) = (a.single || b.single, a.single);
    let empty = Value::empty;
    let (b, a) = (reduce(&b.data), reduce(&a.data));
    if a.is_empty() || b.is_empty() {
        return Ok(vec![empty(), empty(), empty(), empty()]);
    }
    let lead = a[0];
    if lead == ZERO {
        return Err(Error::new("residue: denominator A must not be zero"));
    }
    let b: Vec<C64> = b.iter().map(|&z| cdiv(z, lead)).collect();
    let a: Vec<C64> = a.iter().map(|&z| cdiv(z, lead)).collect();
    if a.len() == 1 {
        return Ok(vec![empty(), empty(), row_or_empty(b, single)?, empty()]);
    }
    let roots = roots_of(&a)?;
    let (e, idx) = group_poles(&roots, TOL, true);
    let mut p: Vec<C64> = idx.iter().map(|&i| roots[i]).collect();
    // Each repeated pole becomes the mean of its group.
    let mut start = 0;
    while start < p.len() {
        let end = (start + 1..p.len()).find(|&i| e[i] == 1).unwrap_or(p.len());
        let mean = p[start..end].iter().sum::<C64>() / (end - start) as f64;
        p[start..end].iter_mut().for_each(|z| *z = mean);
        start = end;
    }
    let (k, rem) = if b.len() >= a.len() {
        divide_monic(&b, &a)
    } else {
        (Vec::new(), b)
    };
    // Poles, or their real or imaginary parts, that are tiny next to the
    // largest pole are zero.
    let eps = if single {
        f64::from(f32::EPSILON)
    } else {
        f64::EPSILON
    };
    let n = p.len();
    let pmax = p.iter().map(|z| z.norm()).fold(1.0, f64::max);
    let small = pmax * eps * 1e4 * ((1 + n) as f64).powi(2);
    for z in p.iter_mut() {
        if z.norm() < small {
            *z = ZERO;
        }
        if z.im.abs() < small {
            z.im = 0.0;
        }
        if z.re.abs() < small {
            z.re = 0.0;
        }
    }
    let r = if n == 1 {
        vec![super::horner(&rem, p[0])]
    } else {
        residues(&p, &e, &rem)?
    };
    let e: Vec<C64> = e.iter().map(|&m| C64::new(m as f64, 0.0)).collect();
    Ok(vec![
        column(r, single)?,
        column(p, a_single)?,
        row_or_empty(k, single)?,
        column(e, false)?,
    ])
}

/// The residues of the poles `p` (grouped, powers `e`) for the remainder
/// numerator `rem`: the solution of the system whose column n is the
/// numerator a unit residue of term n contributes, each row scaled by its
/// largest element.
fn residues(p: &[C64], e: &[usize], rem: &[C64]) -> Result<Vec<C64>> {
    let n = p.len();
    let mut m = vec![ZERO; n * n];
    for j in 0..n {
        let col = prepad(&term_numerator(p, e, j), n);
        m[j * n..(j + 1) * n].copy_from_slice(&col);
    }
    let mut rhs = prepad(rem, n);
    for i in 0..n {
        let d = (0..n).map(|j| m[i + j * n].norm()).fold(0.0, f64::max);
        for j in 0..n {
            m[i + j * n] = if d == 0.0 { ZERO } else { m[i + j * n] / d };
        }
        rhs[i] /= d;
    }
    if m.iter().chain(&rhs).all(|z| z.im == 0.0) {
        let mr: Vec<f64> = m.iter().map(|z| z.re).collect();
        let br: Vec<f64> = rhs.iter().map(|z| z.re).collect();
        let x = solve(n, n, &mr, &br, 1)?;
        Ok(x.into_iter().map(|x| C64::new(x, 0.0)).collect())
    } else {
        solve(n, n, &m, &rhs, 1)
    }
}

/// `[b, a] = residue(r, p, k[, e])`.
fn inverse(args: &[Value]) -> Result<Vec<Value>> {
    let r = vector_or_empty(&args[0], "R")?;
    let p = vector_or_empty(&args[1], "P")?;
    let k = vector_or_empty(&args[2], "K")?;
    let single = r.single || p.single || k.single;
    if r.len() != p.len() {
        return Err(Error::new(
            "residue: R and P must have the same number of elements",
        ));
    }
    let given = match args.get(3) {
        Some(v) if !v.is_empty() => Some(vector_or_empty(v, "E")?),
        _ => None,
    };
    let (r, p, e) = match given {
        Some(e) => {
            if e.len() != p.len() {
                return Err(Error::new("residue: E must have as many elements as P"));
            }
            let mut powers = Vec::with_capacity(e.len());
            for z in &e.data {
                if z.im != 0.0 || z.re < 1.0 || z.re.fract() != 0.0 || z.re > p.len() as f64 {
                    return Err(Error::new(
                        "residue: E must hold positive integer powers, at most numel (P)",
                    ));
                }
                powers.push(z.re as usize);
            }
            (r.data, p.data, powers)
        }
        None => {
            let (e, idx) = group_poles(&p.data, TOL, false);
            let r = idx.iter().map(|&i| r.data[i]).collect();
            let p = idx.iter().map(|&i| p.data[i]).collect();
            (r, p, e)
        }
    };
    if p.is_empty() {
        let b = if k.data.is_empty() {
            vec![ZERO]
        } else {
            reduce(&k.data)
        };
        return Ok(vec![
            row_or_empty(b, single)?,
            row_or_empty(vec![ONE], single)?,
        ]);
    }
    let (b, a) = recombine(&r, &p, &k.data, &e);
    Ok(vec![row_or_empty(b, single)?, row_or_empty(a, single)?])
}

/// mpoles: multiplicity of poles.
///
/// `[multp, idxp] = mpoles(p)` groups the poles p into repeated poles:
/// idxp orders them from largest to smallest magnitude with each group
/// together, and multp(n) is the multiplicity rank (1, 2, ...) of pole
/// p(idxp(n)) within its group. Two poles are one when their distance is
/// less than 0.001 times the first one's magnitude.
///
/// `mpoles(p, tol)` uses the relative tolerance tol; `mpoles(p, tol,
/// reorder)` with reorder false keeps the poles' order instead of sorting
/// by magnitude.
///
/// ```text
/// >> [m, n] = mpoles([2 3 1 1 2])
/// m =
///
///    1
///    1
///    2
///    1
///    2
///
/// n =
///
///    2
///    1
///    5
///    3
///    4
/// ```
pub fn mpoles(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 2, "mpoles")?;
    check_nargs(&args, 1, 3, "mpoles")?;
    let p = Coefs::of(&args[0], "mpoles")?;
    let tol = match args.get(1) {
        Some(v) if !v.is_empty() => v.scalar_f64("mpoles")?,
        _ => TOL,
    };
    let reorder = match args.get(2) {
        Some(v) if !v.is_empty() => v.scalar_f64("mpoles")? != 0.0,
        _ => true,
    };
    let (mult, idx) = group_poles(&p.data, tol, reorder);
    let as_col = |v: Vec<usize>| {
        let n = v.len();
        out(
            Dims::col(n),
            v.into_iter().map(|x| C64::new(x as f64, 0.0)).collect(),
            false,
        )
    };
    Ok(vec![
        as_col(mult)?,
        as_col(idx.iter().map(|i| i + 1).collect())?,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(v: &[f64]) -> Vec<C64> {
        v.iter().map(|&x| C64::new(x, 0.0)).collect()
    }

    #[test]
    fn grouping_sorts_by_magnitude_and_counts_powers() {
        let (m, idx) = group_poles(&c(&[2.0, 3.0, 1.0, 1.0, 2.0]), TOL, true);
        assert_eq!(m, vec![1, 1, 2, 1, 2]);
        assert_eq!(idx, vec![1, 0, 4, 2, 3]);
        // Unsorted: groups gather at their first member.
        let (m, idx) = group_poles(&c(&[2.0, 1.0, 2.0]), TOL, false);
        assert_eq!(m, vec![1, 2, 1]);
        assert_eq!(idx, vec![0, 2, 1]);
        // A zero tolerance still terminates, every pole on its own.
        let (m, _) = group_poles(&c(&[1.0, 1.0]), 0.0, true);
        assert_eq!(m, vec![1, 1]);
    }

    #[test]
    fn expansion_and_recombination_round_trip() {
        // (s^2 + s + 1) / ((s - 2)^2 (s - 1)) = -2/(s-2) + 7/(s-2)^2 + 3/(s-1)
        let p = c(&[2.0, 2.0, 1.0]);
        let r = residues(&p, &[1, 2, 1], &c(&[1.0, 1.0, 1.0])).unwrap();
        for (x, want) in r.iter().zip([-2.0, 7.0, 3.0]) {
            assert!((x.re - want).abs() < 1e-12 && x.im == 0.0);
        }
        let (b, a) = recombine(&r, &p, &c(&[1.0, 0.0]), &[1, 2, 1]);
        for (x, want) in b.iter().zip([1.0, -5.0, 9.0, -3.0, 1.0]) {
            assert!((x.re - want).abs() < 1e-12);
        }
        assert_eq!(a, c(&[1.0, -5.0, 8.0, -4.0]));
    }

    #[test]
    fn divisions() {
        // (s^2 - 3s + 2) / (s - 1) = s - 2
        assert_eq!(divide_linear(&c(&[1.0, -3.0, 2.0]), ONE), c(&[1.0, -2.0]));
        let (q, r) = divide_monic(&c(&[2.0, 3.0, 4.0, 5.0]), &c(&[1.0, 3.0, 2.0]));
        assert_eq!(q, c(&[2.0, -3.0]));
        assert_eq!(r, c(&[0.0, 0.0, 9.0, 11.0]));
    }
}
