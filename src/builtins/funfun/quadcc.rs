//! `quadcc`: doubly adaptive Clenshaw–Curtis quadrature (after Gonnet,
//! "Increasing the reliability of adaptive quadrature using explicit
//! interpolants", 2010), and the real-integrand path of `integral`.
//!
//! The range is mapped to `t` as for `quadgk` (a cubic that weakens
//! endpoint singularities on a finite range, rational maps for infinite
//! ones) and split at the points SING. On each interval the integrand is
//! interpolated at the Chebyshev points cos(jπ/n), n = 4, 8, 16, 32 (each
//! set inside the next); the integral is the interpolant's, and the error
//! is the L2 norm of the difference between two successive interpolants.
//! The interval with the largest error gets the next degree when its
//! interpolants agree, and is halved otherwise. A value that is Inf or NaN
//! (or a node at an infinite x) counts as 0 and marks its interval, which
//! then is only halved, so the bad point ends in an ever smaller piece.
//! At most 200 intervals are kept (the one of smallest error leaves for
//! good) and at most 2,000 steps taken.

use super::quad::{pieces, values, Piece};
use super::{check_nargout, real_scalar_arg, Fun};
use crate::builtins::Ctx;
use crate::error::{warn_id, Error, Result};
use crate::value::{Array, Value, C64};

/// Most intervals kept at once.
const MAX_INTERVALS: usize = 200;
/// Most steps (a degree raised or an interval halved).
const MAX_STEPS: usize = 2000;

/// The integral, the error estimate, the number of values computed, and
/// whether the steps ran out.
#[derive(Clone, Debug)]
pub(super) struct CcOut {
    pub q: f64,
    pub err: f64,
    pub points: usize,
    pub exhausted: bool,
}

/// One interval in `t` of a piece: its values at the 33 points of the
/// highest degree (those computed so far), its degree index (0..=3 for
/// n = 4..32), and its estimates.
struct Interval {
    piece: usize,
    ta: f64,
    tb: f64,
    fx: [f64; 33],
    depth: usize,
    coef: Vec<f64>,
    igral: f64,
    err: f64,
    /// A value was Inf or NaN and counted as 0.
    dropped: bool,
    /// The last two interpolants differ by much (relative to the newer).
    rough: bool,
}

/// Points of degree index `d` as positions in the 33-point grid.
fn grid(d: usize) -> impl Iterator<Item = usize> {
    let step = 8 >> d;
    (0..=32).step_by(step)
}

/// Chebyshev coefficients a_k (p = Σ a_k T_k) of the interpolant at the
/// points of degree index `d`.
fn coefficients(fx: &[f64; 33], d: usize) -> Vec<f64> {
    let n = 4usize << d;
    let step = 32 / n;
    let pi = std::f64::consts::PI;
    (0..=n)
        .map(|k| {
            let mut s = 0.0;
            for j in 0..=n {
                let w = if j == 0 || j == n { 0.5 } else { 1.0 };
                s += w * fx[j * step] * ((j * k) as f64 * pi / n as f64).cos();
            }
            let c = 2.0 / n as f64 * s;
            if k == 0 || k == n {
                c / 2.0
            } else {
                c
            }
        })
        .collect()
}

/// ∫ over [-1, 1] of Σ a_k T_k.
fn integral_of(coef: &[f64]) -> f64 {
    coef.iter()
        .enumerate()
        .step_by(2)
        .map(|(k, a)| a * 2.0 / (1.0 - (k * k) as f64))
        .sum()
}

/// L2 norm over [-1, 1] of the difference of two interpolants (the
/// shorter padded with zeros; cross terms left out), and of the first.
fn difference(new: &[f64], old: &[f64]) -> (f64, f64) {
    let mut d = 0.0;
    let mut n = 0.0;
    for (k, a) in new.iter().enumerate() {
        let b = old.get(k).copied().unwrap_or(0.0);
        d += (a - b) * (a - b);
        n += a * a;
    }
    ((2.0 * d).sqrt(), (2.0 * n).sqrt())
}

/// The doubly adaptive Clenshaw–Curtis integral of `f` over [a, b],
/// split at `sing`. `f` gets the nodes and returns one real value each.
pub(super) fn clenshaw_curtis(
    mut f: impl FnMut(&[f64]) -> Result<Vec<f64>>,
    a: f64,
    b: f64,
    sing: &[f64],
    abstol: f64,
    reltol: f64,
) -> Result<CcOut> {
    if a.is_nan() || b.is_nan() {
        return Ok(CcOut {
            q: f64::NAN,
            err: f64::NAN,
            points: 0,
            exhausted: false,
        });
    }
    if a == b {
        return Ok(CcOut {
            q: 0.0,
            err: 0.0,
            points: 0,
            exhausted: false,
        });
    }
    if a > b {
        let mut r = clenshaw_curtis(f, b, a, sing, abstol, reltol)?;
        r.q = -r.q;
        return Ok(r);
    }
    let sing: Vec<C64> = sing.iter().map(|&x| C64::new(x, 0.0)).collect();
    let ps = pieces(a, b, &sing);
    let mut points = 0usize;
    // values of f·dx/dt at the given grid positions of an interval
    let mut eval = |ps: &[Piece], iv: &mut Interval, at: &[usize]| -> Result<()> {
        let mut xs = Vec::with_capacity(at.len());
        let mut where_ = Vec::with_capacity(at.len());
        let (mid, half) = ((iv.ta + iv.tb) / 2.0, (iv.tb - iv.ta) / 2.0);
        for &j in at {
            let t = mid + half * (j as f64 * std::f64::consts::PI / 32.0).cos();
            let (x, dx) = ps[iv.piece].map(t);
            if x.re.is_finite() && dx.re.is_finite() {
                xs.push(x.re);
                where_.push((j, dx.re));
            } else {
                iv.fx[j] = 0.0;
                iv.dropped = true;
            }
        }
        if xs.is_empty() {
            return Ok(());
        }
        let ys = f(&xs)?;
        points += xs.len();
        for ((j, w), y) in where_.into_iter().zip(ys) {
            let v = y * w;
            if v.is_finite() {
                iv.fx[j] = v;
            } else {
                iv.fx[j] = 0.0;
                iv.dropped = true;
            }
        }
        Ok(())
    };
    // first estimates at the highest degree, compared with the one below
    let mut ivs: Vec<Interval> = Vec::new();
    for (k, p) in ps.iter().enumerate() {
        let (ta, tb) = p.span();
        let mut iv = Interval {
            piece: k,
            ta,
            tb,
            fx: [0.0; 33],
            depth: 3,
            coef: Vec::new(),
            igral: 0.0,
            err: 0.0,
            dropped: false,
            rough: false,
        };
        let all: Vec<usize> = (0..=32).collect();
        eval(&ps, &mut iv, &all)?;
        let old = coefficients(&iv.fx, 2);
        estimate(&mut iv, &old);
        ivs.push(iv);
    }
    let mut q_final = 0.0;
    let mut err_final = 0.0;
    let mut exhausted = true;
    for _ in 0..MAX_STEPS {
        let q = q_final + ivs.iter().map(|iv| iv.igral).sum::<f64>();
        let err = err_final + ivs.iter().map(|iv| iv.err).sum::<f64>();
        if err <= abstol.max(reltol * q.abs()) || ivs.is_empty() || !q.is_finite() {
            exhausted = false;
            break;
        }
        let Some(w) = (0..ivs.len()).max_by(|&i, &j| ivs[i].err.total_cmp(&ivs[j].err)) else {
            break;
        };
        let mut iv = ivs.swap_remove(w);
        let mid = (iv.ta + iv.tb) / 2.0;
        let tiny = {
            let (xa, _) = ps[iv.piece].map(iv.ta);
            let (xm, _) = ps[iv.piece].map(mid);
            let (xb, _) = ps[iv.piece].map(iv.tb);
            mid <= iv.ta || mid >= iv.tb || xm == xa || xm == xb
        };
        if tiny {
            // cannot be halved: its estimate is final
            q_final += iv.igral;
            err_final += iv.err;
            continue;
        }
        if iv.depth < 3 && !iv.dropped && !iv.rough {
            // a higher degree: the points in between
            let old = iv.coef.clone();
            iv.depth += 1;
            let new: Vec<usize> = grid(iv.depth)
                .filter(|j| j % (16 >> iv.depth) != 0)
                .collect();
            eval(&ps, &mut iv, &new)?;
            estimate(&mut iv, &old);
            ivs.push(iv);
        } else {
            for (ta, tb) in [(iv.ta, mid), (mid, iv.tb)] {
                let mut child = Interval {
                    piece: iv.piece,
                    ta,
                    tb,
                    fx: [0.0; 33],
                    depth: 1,
                    coef: Vec::new(),
                    igral: 0.0,
                    err: 0.0,
                    dropped: false,
                    rough: false,
                };
                let at: Vec<usize> = grid(1).collect();
                eval(&ps, &mut child, &at)?;
                let old = coefficients(&child.fx, 0);
                estimate(&mut child, &old);
                ivs.push(child);
            }
        }
        while ivs.len() > MAX_INTERVALS {
            let Some(s) = (0..ivs.len()).min_by(|&i, &j| ivs[i].err.total_cmp(&ivs[j].err)) else {
                break;
            };
            let iv = ivs.swap_remove(s);
            q_final += iv.igral;
            err_final += iv.err;
        }
    }
    Ok(CcOut {
        q: q_final + ivs.iter().map(|iv| iv.igral).sum::<f64>(),
        err: err_final + ivs.iter().map(|iv| iv.err).sum::<f64>(),
        points,
        exhausted,
    })
}

/// The interval's interpolant, integral and error against `old` (the
/// interpolant of the degree below). An interval with a value counted as
/// 0 is as uncertain as its whole integral.
fn estimate(iv: &mut Interval, old: &[f64]) {
    let half = (iv.tb - iv.ta) / 2.0;
    iv.coef = coefficients(&iv.fx, iv.depth);
    iv.igral = half * integral_of(&iv.coef);
    let (diff, norm) = difference(&iv.coef, old);
    iv.err = half * diff;
    iv.rough = diff > 0.1 * norm;
    if iv.dropped {
        iv.err = iv.err.max(iv.igral.abs()).max(f64::MIN_POSITIVE);
    }
}

/// A real integrand's values, or `None` when it returned complex ones.
fn real_or_none(fname: &str, ctx: &mut Ctx, fun: &Fun, xs: &[f64]) -> Result<Option<Vec<f64>>> {
    let v = fun.call(ctx, vec![Value::Num(Array::row(xs.to_vec()))])?;
    if v.numel() != xs.len() {
        return Err(if fname == "integral" {
            Error::with_id(
                "MATLAB:integral:FxNotSameSizeAsX",
                format!("integral: output of the function must be the same size as the input ({} values for {}). If FUN is an array-valued integrand, set the 'ArrayValued' option to true.", v.numel(), xs.len()),
            )
        } else {
            Error::new(format!(
                "{fname}: integrand F must return a single, real-valued vector of the same size as the input"
            ))
        });
    }
    if v.is_complex() {
        return Ok(None);
    }
    Ok(Some(values(fname, &v)?.into_iter().map(|z| z.re).collect()))
}

/// `integral`'s path for a real integrand without waypoints: `None` when
/// the integrand returns complex values (then Gauss–Kronrod takes over).
pub(super) fn try_real(
    ctx: &mut Ctx,
    fun: &Fun,
    fname: &str,
    a: f64,
    b: f64,
    abstol: f64,
    reltol: f64,
) -> Result<Option<f64>> {
    let mut complex = false;
    let r = clenshaw_curtis(
        |xs| match real_or_none(fname, ctx, fun, xs)? {
            Some(v) => Ok(v),
            None => {
                complex = true;
                Err(Error::new("complex"))
            }
        },
        a,
        b,
        &[],
        abstol,
        reltol,
    );
    match r {
        _ if complex => Ok(None),
        Err(e) => Err(e),
        Ok(r) => {
            if r.exhausted || !r.q.is_finite() {
                warn_id(
                    &format!("Octave:{fname}:warning-termination"),
                    &format!(
                        "{fname}: error tolerance not met; estimated error {}",
                        crate::builtins::util::fmt_num(r.err)
                    ),
                );
            }
            Ok(Some(r.q))
        }
    }
}

/// quadcc: numerical integration, doubly adaptive Clenshaw-Curtis quadrature.
///
/// `Q = quadcc(FUN, A, B)` approximates the integral of FUN from A to B
/// (finite or infinite limits) by doubly adaptive Clenshaw-Curtis
/// quadrature. FUN must accept a vector x and return a vector of the same
/// size.
///
/// `Q = quadcc(FUN, A, B, TOL)` uses the tolerances TOL = [ABSTOL RELTOL]
/// (a scalar is the absolute one; defaults 1e-10 and 1e-6);
/// `quadcc(FUN, A, B, TOL, SING)` also splits the interval at the
/// singularities SING.
///
/// `[Q, ERR, NPOINTS] = quadcc(...)` also returns an error estimate and
/// the number of points evaluated.
///
/// ```text
/// >> quadcc(@(x) x.^2, 0, 3)
/// ans = 9
/// ```
pub fn quadcc(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, "quadcc", 3)?;
    if args.len() < 3 || args.len() > 5 {
        return Err(Error::nargin("quadcc"));
    }
    let a = real_scalar_arg("quadcc", "A", &args[1])?;
    let b = real_scalar_arg("quadcc", "B", &args[2])?;
    let (mut abstol, mut reltol) = (1e-10, 1e-6);
    if let Some(t) = args.get(3).filter(|t| !t.is_empty()) {
        if t.is_complex() || !t.is_numeric() || t.numel() > 2 {
            return Err(Error::new(
                "quadcc: TOL must be a 1- or 2-element vector [AbsTol, RelTol]",
            ));
        }
        let t = t.to_num_array("quadcc")?;
        abstol = t.data()[0];
        if let Some(&r) = t.data().get(1) {
            reltol = r;
        }
        if abstol.is_nan() || abstol < 0.0 {
            return Err(Error::new("quadcc: absolute tolerance must be >=0"));
        }
        if reltol.is_nan() || reltol < 0.0 {
            return Err(Error::new("quadcc: relative tolerance must be >=0"));
        }
    }
    let sing = match args.get(4) {
        Some(s) if !s.is_empty() => {
            if s.is_complex() || !s.is_numeric() {
                return Err(Error::new("quadcc: SING must be a vector of real numbers"));
            }
            s.to_num_array("quadcc")?.data().to_vec()
        }
        _ => Vec::new(),
    };
    args.truncate(1);
    let fun = Fun::new("quadcc", args.swap_remove(0), Vec::new())?;
    let r = clenshaw_curtis(
        |xs| {
            real_or_none("quadcc", ctx, &fun, xs)?.ok_or_else(|| {
                Error::new("quadcc: integrand F must return a single, real-valued vector")
            })
        },
        a,
        b,
        &sing,
        abstol,
        reltol,
    )?;
    // as in Octave, a tolerance not met shows in ERR only
    Ok(vec![
        Value::num(r.q),
        Value::num(r.err),
        Value::num(r.points as f64),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cc(f: impl Fn(f64) -> f64, a: f64, b: f64) -> CcOut {
        clenshaw_curtis(
            |xs| Ok(xs.iter().map(|&x| f(x)).collect()),
            a,
            b,
            &[],
            1e-10,
            1e-6,
        )
        .expect("ran")
    }

    #[test]
    fn smooth_singular_and_infinite_ranges() {
        let pi = std::f64::consts::PI;
        let r = cc(f64::sin, 0.0, pi);
        assert!((r.q - 2.0).abs() < 1e-12, "{r:?}");
        // within the tolerance asked (1e-6 relative), and its estimate
        let r = cc(|x| (-x * x).exp(), f64::NEG_INFINITY, f64::INFINITY);
        assert!((r.q - pi.sqrt()).abs() < 1e-6 * pi.sqrt(), "{r:?}");
        assert!((r.q - pi.sqrt()).abs() <= r.err, "{r:?}");
        let r = cc(|x| 1.0 / x.sqrt(), 0.0, 1.0);
        assert!((r.q - 2.0).abs() < 1e-6, "{r:?}");
        let r = cc(|x| 1.0 / (x.sqrt() * (x + 1.0)), 0.0, f64::INFINITY);
        assert!((r.q - pi).abs() < 1e-6 * pi, "{r:?}");
        assert!((cc(|x| x, 1.0, 0.0).q + 0.5).abs() < 1e-14);
        // a divergent integral stops within its bounds
        let r = cc(|x| 1.0 / x, 0.0, 1.0);
        assert!(r.points < 2_000 * 17 + 33, "{r:?}");
    }

    #[test]
    fn interpolants_integrate_polynomials_exactly() {
        let mut fx = [0.0; 33];
        for (j, v) in fx.iter_mut().enumerate() {
            let x = (j as f64 * std::f64::consts::PI / 32.0).cos();
            *v = x.powi(6);
        }
        for d in 1..=3 {
            let q = integral_of(&coefficients(&fx, d));
            assert!((q - 2.0 / 7.0).abs() < 1e-14, "degree index {d}: {q}");
        }
    }
}
