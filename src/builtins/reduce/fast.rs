//! Loops for reductions of real doubles (and logical data) written so the
//! compiler turns them into SIMD code: sums in eight interleaved partial
//! sums, extremes as eight running bests, running sums and products and
//! `any`/`all` along a dimension other than the first row by row in
//! memory order, and long inputs split over the cores in fixed blocks.
//!
//! Results are deterministic: the blocks and lanes depend on the length
//! only, never on the number of threads. A sum of 64 or more elements is
//! added in another order than Octave's left-to-right loop, so it may
//! differ from it in the last bits (as NumPy's pairwise sum does); shorter
//! ones are added left to right as Octave does. Extremes, running sums and
//! products, `any` and `all` give exactly the elements and positions of
//! the plain loops (first best position, NaN rules, the sign of a zero).

use super::Lanes;
use crate::ops::par::{for_runs_from, Fresh};
use crate::value::Array;

/// Lanes shorter than this are added left to right.
pub(crate) const CHUNKED_FROM: usize = 64;

/// Elements per block of a long input split over the cores.
const BLOCK: usize = 1 << 16;

/// Blocks an input needs before it is split over the cores.
const PAR_BLOCKS: usize = 8;

/// The sum of `l` from +0 (so a sum of negative zeros is +0, as Octave
/// has it), of `get(x)` for each element.
pub(crate) fn sum_by(l: &[f64], get: impl Fn(f64) -> f64 + Sync + Copy) -> f64 {
    if l.len() < CHUNKED_FROM {
        return l.iter().fold(0.0, |a, &x| a + get(x));
    }
    let r = if l.len() >= BLOCK * PAR_BLOCKS {
        let mut parts = vec![0.0; l.len().div_ceil(BLOCK)];
        for_runs_from(&mut parts, PAR_BLOCKS, |off, run| {
            for (j, p) in run.iter_mut().enumerate() {
                let lo = (off + j) * BLOCK;
                *p = lanes8(l.get(lo..(lo + BLOCK).min(l.len())).unwrap_or(&[]), get);
            }
        });
        parts.iter().fold(0.0, |a, &x| a + x)
    } else {
        lanes8(l, get)
    };
    // Finite elements that overflow to +Inf in one partial sum and to
    // -Inf in another give NaN, where a left-to-right loop gives an
    // infinity: NaN only when an element is NaN.
    if r.is_nan() && !l.iter().any(|&x| get(x).is_nan()) {
        return l.iter().fold(0.0, |a, &x| a + get(x));
    }
    r
}

/// The plain sum of `l` (see [`sum_by`]).
pub(crate) fn sum(l: &[f64]) -> f64 {
    sum_by(l, |x| x)
}

/// Eight partial sums over interleaved elements, combined pairwise, then
/// the tail left to right.
fn lanes8(l: &[f64], get: impl Fn(f64) -> f64) -> f64 {
    let mut acc = [0.0f64; 8];
    let chunks = l.chunks_exact(8);
    let tail = chunks.remainder();
    for c in chunks {
        for j in 0..8 {
            acc[j] += get(c[j]);
        }
    }
    let mut r = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
    for &x in tail {
        r += get(x);
    }
    r
}

/// `a` is strictly better than `b` (larger for max, smaller for min);
/// never when either is NaN.
#[inline(always)]
fn better(is_max: bool, a: f64, b: f64) -> bool {
    if is_max {
        a > b
    } else {
        a < b
    }
}

/// The best non-NaN value of `l` (`init`, ±Inf, when there is none).
fn best_value(l: &[f64], is_max: bool) -> f64 {
    let init = if is_max {
        f64::NEG_INFINITY
    } else {
        f64::INFINITY
    };
    let lanes = |l: &[f64]| {
        let mut acc = [init; 8];
        let chunks = l.chunks_exact(8);
        let tail = chunks.remainder();
        for c in chunks {
            for j in 0..8 {
                acc[j] = if better(is_max, c[j], acc[j]) {
                    c[j]
                } else {
                    acc[j]
                };
            }
        }
        let mut m = init;
        for &x in acc.iter().chain(tail) {
            if better(is_max, x, m) {
                m = x;
            }
        }
        m
    };
    if l.len() < BLOCK * PAR_BLOCKS {
        return lanes(l);
    }
    let mut parts = vec![init; l.len().div_ceil(BLOCK)];
    for_runs_from(&mut parts, PAR_BLOCKS, |off, run| {
        for (j, p) in run.iter_mut().enumerate() {
            let lo = (off + j) * BLOCK;
            *p = lanes(l.get(lo..(lo + BLOCK).min(l.len())).unwrap_or(&[]));
        }
    });
    parts
        .iter()
        .fold(init, |m, &x| if better(is_max, x, m) { x } else { m })
}

/// The best element of a lane and its 0-based position, as MATLAB picks
/// it: NaN skipped unless every element is NaN (then the first), or with
/// `include_nan` the first NaN; the first of equal bests (so the sign of
/// a zero is the first zero's). `None` for an empty lane. The position is
/// searched only when `want_pos` (else 0, with the same value: the first
/// element equal to a nonzero best has its bits).
pub(crate) fn best_at(
    l: &[f64],
    is_max: bool,
    include_nan: bool,
    want_pos: bool,
) -> Option<(f64, usize)> {
    let &first = l.first()?;
    if include_nan {
        if let Some(p) = l.iter().position(|x| x.is_nan()) {
            return Some((l[p], p));
        }
    }
    let m = best_value(l, is_max);
    if !want_pos && m != 0.0 && m.is_finite() {
        return Some((m, 0));
    }
    // The first element equal to the best value (an infinite "best" that
    // no element equals means every element is NaN).
    Some(match l.iter().position(|&x| x == m) {
        Some(p) => (l[p], p),
        None => (first, 0),
    })
}

/// `max`/`min` of real doubles along dimension `k` (0-based): the values
/// and 1-based positions, or `None` when the lanes are empty (the general
/// path's case). Lanes along the first dimension go through [`best`];
/// along another, rows are compared in memory order with one running best
/// per lane.
pub(crate) fn minmax(
    a: &Array<f64>,
    k: usize,
    is_max: bool,
    include_nan: bool,
    want_pos: bool,
) -> Option<(Array<f64>, Array<f64>)> {
    let k = k.min(a.dims().ndims());
    let lanes = Lanes::new(a.dims(), k);
    if lanes.n == 0 || lanes.count() == 0 {
        return None;
    }
    let odims = a.dims().with(k, 1);
    let src = a.data();
    let count = lanes.count();
    let mut vals = f64::fresh(count).ok()?;
    let mut pos = f64::fresh(count).ok()?;
    if lanes.stride == 1 {
        for (l, (v, p)) in vals.iter_mut().zip(pos.iter_mut()).enumerate() {
            let lane = src.get(l * lanes.n..(l + 1) * lanes.n)?;
            let (bv, bp) = best_at(lane, is_max, include_nan, want_pos)?;
            *v = bv;
            *p = (bp + 1) as f64;
        }
        return Some((Array::new(odims.clone(), vals), Array::new(odims, pos)));
    }
    let s = lanes.stride;
    let block = s * lanes.n;
    for o in 0..lanes.outer {
        let acc = vals.get_mut(o * s..(o + 1) * s)?;
        let at = pos.get_mut(o * s..(o + 1) * s)?;
        acc.copy_from_slice(src.get(o * block..o * block + s)?);
        at.fill(1.0);
        for j in 1..lanes.n {
            let from = o * block + j * s;
            let row = src.get(from..from + s)?;
            let jj = (j + 1) as f64;
            for ((b, p), &x) in acc.iter_mut().zip(at.iter_mut()).zip(row) {
                // A NaN best is "none yet" when NaN is skipped, and final
                // when it is included (the first NaN wins).
                let take = if include_nan {
                    !b.is_nan() && (x.is_nan() || better(is_max, x, *b))
                } else {
                    !x.is_nan() && (b.is_nan() || better(is_max, x, *b))
                };
                if take {
                    *b = x;
                    *p = jj;
                }
            }
        }
    }
    Some((Array::new(odims.clone(), vals), Array::new(odims, pos)))
}

/// `any` (`is_all` false) or `all` of `truth(x)` along dimension `k`.
pub(crate) fn any_all<T: Copy>(
    a: &Array<T>,
    k: usize,
    is_all: bool,
    truth: impl Fn(T) -> bool,
) -> Option<Array<bool>> {
    let k = k.min(a.dims().ndims());
    let lanes = Lanes::new(a.dims(), k);
    let odims = a.dims().with(k, 1);
    let src = a.data();
    let count = lanes.count();
    let mut out = bool::fresh(count).ok()?;
    if lanes.stride == 1 || lanes.n == 0 {
        for (l, o) in out.iter_mut().enumerate() {
            let lane = src.get(l * lanes.n..(l + 1) * lanes.n)?;
            // Whole chunks folded without a branch, then a check per chunk.
            *o = if is_all {
                lane.chunks(256)
                    .all(|c| c.iter().fold(true, |t, &x| t & truth(x)))
            } else {
                lane.chunks(256)
                    .any(|c| c.iter().fold(false, |t, &x| t | truth(x)))
            };
        }
        return Some(Array::new(odims, out));
    }
    let s = lanes.stride;
    let block = s * lanes.n;
    for o in 0..lanes.outer {
        let acc = out.get_mut(o * s..(o + 1) * s)?;
        acc.fill(is_all);
        for j in 0..lanes.n {
            let from = o * block + j * s;
            let row = src.get(from..from + s)?;
            for (t, &x) in acc.iter_mut().zip(row) {
                if is_all {
                    *t &= truth(x);
                } else {
                    *t |= truth(x);
                }
            }
        }
    }
    Some(Array::new(odims, out))
}

/// Running sums (`is_prod` false) or products of real doubles along
/// dimension `k`, each lane in element order (exactly the plain loop's
/// additions); with `omit`, a NaN leaves the running value as it was.
pub(crate) fn cumulative(
    a: &Array<f64>,
    k: usize,
    is_prod: bool,
    omit: bool,
) -> Option<Array<f64>> {
    let k = k.min(a.dims().ndims());
    let lanes = Lanes::new(a.dims(), k);
    let src = a.data();
    let mut out = f64::fresh(src.len()).ok()?;
    let init = if is_prod { 1.0 } else { 0.0 };
    let step = |acc: f64, x: f64| {
        if omit && x.is_nan() {
            acc
        } else if is_prod {
            acc * x
        } else {
            acc + x
        }
    };
    if lanes.stride == 1 {
        for (dst, lane) in out
            .chunks_mut(lanes.n.max(1))
            .zip(src.chunks(lanes.n.max(1)))
        {
            let mut acc = init;
            for (o, &x) in dst.iter_mut().zip(lane) {
                acc = step(acc, x);
                *o = acc;
            }
        }
        return Some(Array::new(a.dims().clone(), out));
    }
    let s = lanes.stride;
    let block = s * lanes.n;
    for o in 0..lanes.outer {
        let base = o * block;
        for j in 0..lanes.n {
            let from = base + j * s;
            let row = src.get(from..from + s)?;
            if j == 0 {
                for (d, &x) in out.get_mut(from..from + s)?.iter_mut().zip(row) {
                    *d = step(init, x);
                }
            } else {
                let (done, rest) = out.split_at_mut(from);
                let prev = done.get(from - s..)?;
                for ((d, &p), &x) in rest.get_mut(..s)?.iter_mut().zip(prev).zip(row) {
                    *d = step(p, x);
                }
            }
        }
    }
    Some(Array::new(a.dims().clone(), out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_rng::Rng;

    /// Ordinary values on a grid of 41 (many ties) with NaN, ±Inf and ±0
    /// mixed in (`special` in 64).
    const LEVELS: u64 = 41;

    /// The lanes of `a` along `k`, each gathered in element order.
    fn lanes_of(a: &Array<f64>, k: usize) -> Vec<Vec<f64>> {
        let l = Lanes::new(a.dims(), k);
        (0..l.count())
            .map(|i| {
                let b = l.base(i);
                (0..l.n).map(|j| a.data()[b + j * l.stride]).collect()
            })
            .collect()
    }

    /// The naive extreme: the plain loop MATLAB's rules describe.
    fn naive_best(l: &[f64], is_max: bool, include: bool) -> Option<(f64, usize)> {
        let mut b: Option<(f64, usize)> = None;
        for (i, &x) in l.iter().enumerate() {
            if x.is_nan() {
                if include {
                    return Some((x, i));
                }
                continue;
            }
            match b {
                Some((v, _)) if !better(is_max, x, v) => {}
                _ => b = Some((x, i)),
            }
        }
        b.or_else(|| l.first().map(|&f| (f, 0)))
    }

    const SHAPES: [&[usize]; 8] = [
        &[0, 3],
        &[1, 1],
        &[7, 1],
        &[1, 9],
        &[5, 6],
        &[3, 4, 5],
        &[2, 1, 3, 2],
        &[300, 2],
    ];

    #[test]
    fn extremes_match_the_plain_loop_in_value_sign_and_position() {
        let mut rng = Rng::new(12345);
        for special in [0, 8, 40, 64] {
            for dims in SHAPES {
                let a = rng.array(dims, special, LEVELS);
                for k in 0..dims.len() + 1 {
                    for (is_max, include) in [(true, false), (false, false), (true, true)] {
                        let Some((v, p)) = minmax(&a, k, is_max, include, true) else {
                            assert!(a.dims().get(k.min(dims.len())) == 0 || a.is_empty());
                            continue;
                        };
                        for (i, l) in lanes_of(&a, k.min(dims.len())).iter().enumerate() {
                            let (wv, wp) = naive_best(l, is_max, include).unwrap();
                            assert_eq!(v.data()[i].to_bits(), wv.to_bits(), "{dims:?} k={k}");
                            assert_eq!(p.data()[i], (wp + 1) as f64, "{dims:?} k={k}");
                            let (ov, _) = best_at(l, is_max, include, false).unwrap();
                            assert_eq!(ov.to_bits(), wv.to_bits(), "{dims:?} k={k}");
                        }
                    }
                }
            }
        }
        // A long vector over the parallel blocks, the best near the end.
        let mut l: Vec<f64> = (0..BLOCK * PAR_BLOCKS + 5)
            .map(|i| (i % 1000) as f64)
            .collect();
        l[BLOCK * PAR_BLOCKS + 2] = 5000.0;
        l[3] = f64::NAN;
        assert_eq!(
            best_at(&l, true, false, true),
            Some((5000.0, BLOCK * PAR_BLOCKS + 2))
        );
        assert_eq!(best_at(&l, false, false, true), Some((0.0, 0)));
        assert!(best_at(&l, true, true, true).is_some_and(|(v, p)| v.is_nan() && p == 3));
        assert_eq!(
            best_at(&[-0.0, 0.0], true, false, false).map(|b| b.0.to_bits()),
            Some((-0.0f64).to_bits())
        );
        assert_eq!(
            best_at(&[0.0, -0.0], false, false, false).map(|b| b.0.to_bits()),
            Some(0)
        );
    }

    #[test]
    fn sums_equal_the_plain_loop_within_rounding_and_keep_its_specials() {
        let mut rng = Rng::new(99);
        for n in [0, 1, 5, 63, 64, 65, 1000, BLOCK * PAR_BLOCKS + 3] {
            let l: Vec<f64> = (0..n).map(|_| rng.num(0, LEVELS)).collect();
            let plain = l.iter().fold(0.0, |a, &x| a + x);
            let mag: f64 = l.iter().map(|x| x.abs()).sum::<f64>().max(1.0);
            let s = sum(&l);
            assert!((s - plain).abs() <= 1e-12 * mag, "n={n}: {s} vs {plain}");
            assert_eq!(s.to_bits(), sum(&l).to_bits(), "run to run");
            if n < CHUNKED_FROM {
                assert_eq!(s.to_bits(), plain.to_bits());
            }
        }
        let mut l = vec![-0.0; 100];
        assert_eq!(sum(&l).to_bits(), 0, "a sum of -0 is +0");
        l[50] = f64::NAN;
        assert!(sum(&l).is_nan());
        l[50] = f64::INFINITY;
        l[51] = f64::NEG_INFINITY;
        assert!(sum(&l).is_nan());
        // Overflow in two partial sums of opposite signs: the loop's Inf.
        let mut l = vec![0.0; 64];
        l[0] = 1e308;
        l[1] = -1e308;
        l[8] = 1e308;
        l[9] = -1e308;
        l[16] = 1e308;
        let plain = l.iter().fold(0.0, |a, &x| a + x);
        assert_eq!(sum(&l), plain);
        let l = [1e308, 1e308, -1e308, -1e308, 1.0, 2.0, 3.0, 4.0].repeat(8);
        assert_eq!(sum(&l), l.iter().fold(0.0, |a, &x| a + x));
        assert_eq!(
            sum_by(&[1.0, f64::NAN, 2.0], |x| if x.is_nan() { 0.0 } else { x }),
            3.0
        );
    }

    #[test]
    fn running_sums_products_and_any_all_match_the_plain_loops() {
        let mut rng = Rng::new(7);
        for special in [0, 16] {
            for dims in SHAPES {
                let a = rng.array(dims, special, LEVELS);
                for k in 0..dims.len() + 1 {
                    let kk = k.min(dims.len());
                    for (is_prod, omit) in [(false, false), (true, false), (false, true)] {
                        let r = cumulative(&a, k, is_prod, omit).unwrap();
                        assert_eq!(r.dims(), a.dims());
                        let l = Lanes::new(a.dims(), kk);
                        for (i, lane) in lanes_of(&a, kk).iter().enumerate() {
                            let mut acc = if is_prod { 1.0 } else { 0.0 };
                            for (j, &x) in lane.iter().enumerate() {
                                if !(omit && x.is_nan()) {
                                    acc = if is_prod { acc * x } else { acc + x };
                                }
                                let got = r.data()[l.base(i) + j * l.stride];
                                // Any NaN for a NaN (its payload is the
                                // compiler's operand order's choice).
                                let same = got.to_bits() == acc.to_bits()
                                    || (got.is_nan() && acc.is_nan());
                                assert!(same, "{dims:?} k={k}: {got} vs {acc}");
                            }
                        }
                    }
                    for is_all in [false, true] {
                        let t = |x: f64| if x.is_nan() { is_all } else { x != 0.0 };
                        let r = any_all(&a, k, is_all, t).unwrap();
                        assert_eq!(r.dims(), &a.dims().with(kk, 1));
                        for (i, lane) in lanes_of(&a, kk).iter().enumerate() {
                            let want = if is_all {
                                lane.iter().all(|&x| t(x))
                            } else {
                                lane.iter().any(|&x| t(x))
                            };
                            assert_eq!(r.data()[i], want, "{dims:?} k={k}");
                        }
                    }
                }
            }
        }
    }
}
