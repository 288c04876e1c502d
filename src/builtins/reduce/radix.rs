//! Stable sorting of doubles in MATLAB's order, fast: an LSD radix sort on
//! order-preserving 64-bit keys (11-bit digits, digits that are the same
//! for every element skipped), the two halves of a large lane sorted on
//! two threads and merged from both ends at once.
//!
//! MATLAB's order: ascending with NaN last, descending with NaN first;
//! equal values (and -0 with 0, and NaNs among themselves) keep their
//! input order, so the permutation is the one a stable comparison sort
//! gives. The values themselves move with their keys, so -0 stays -0 and
//! a NaN keeps its payload.

/// The order-preserving key of a double: ascending keys sort the values
/// ascending with -0 equal to 0 and every NaN after +Inf, all NaNs equal.
/// Descending takes the complement, which puts NaN first.
#[inline]
fn key(x: f64, desc: bool) -> u64 {
    let k = if x.is_nan() {
        u64::MAX
    } else {
        // x + 0.0 turns -0 into +0 (round to nearest), so they tie.
        let b = (x + 0.0).to_bits();
        if b >> 63 == 1 {
            !b
        } else {
            b | (1 << 63)
        }
    };
    if desc {
        !k
    } else {
        k
    }
}

const BITS: u32 = 11;
const BUCKETS: usize = 1 << BITS;
const PASSES: usize = 6; // 6 x 11 bits cover the 64 bits of a key

/// Below this many elements a comparison sort on (key, position) pairs is
/// faster than six counting passes.
const SMALL: usize = 512;

/// Lanes of at least this many elements are sorted in two halves on two
/// threads.
const SPLIT_FROM: usize = 1 << 17;

/// `vals` sorted stably (see the module comment), with the 0-based input
/// position of each output element when `want_pos`.
pub(crate) fn sort_f64(vals: &[f64], desc: bool, want_pos: bool) -> (Vec<f64>, Option<Vec<u32>>) {
    let n = vals.len();
    if n >= SPLIT_FROM && crate::ops::par::workers() >= 2 {
        if let Some(r) = sort_halves(vals, desc, want_pos) {
            return r;
        }
    }
    let pos: Option<Vec<u32>> = want_pos.then(|| (0..n as u32).collect());
    sort_run(vals.to_vec(), pos, desc)
}

/// Sorts `v` (carrying `pos` along) in place of the input buffers.
fn sort_run(v: Vec<f64>, pos: Option<Vec<u32>>, desc: bool) -> (Vec<f64>, Option<Vec<u32>>) {
    let n = v.len();
    if n < SMALL {
        // Keys with the position as tie-break: unstable sort, stable order.
        let mut pairs: Vec<(u64, u32, f64)> = v
            .iter()
            .enumerate()
            .map(|(k, &x)| {
                let at = pos
                    .as_ref()
                    .and_then(|p| p.get(k).copied())
                    .unwrap_or(k as u32);
                (key(x, desc), at, x)
            })
            .collect();
        pairs.sort_unstable_by_key(|&(k, i, _)| (k, i));
        let sorted = pairs.iter().map(|p| p.2).collect();
        return (sorted, pos.map(|_| pairs.iter().map(|p| p.1).collect()));
    }
    radix(v, pos, desc)
}

/// LSD radix sort of `v` (and `pos` alongside), stable.
fn radix(mut v: Vec<f64>, mut pos: Option<Vec<u32>>, desc: bool) -> (Vec<f64>, Option<Vec<u32>>) {
    let n = v.len();
    let mut hist = vec![[0usize; BUCKETS]; PASSES];
    for &x in &v {
        let k = key(x, desc);
        for (p, h) in hist.iter_mut().enumerate() {
            h[((k >> (p as u32 * BITS)) as usize) & (BUCKETS - 1)] += 1;
        }
    }
    let mut tv = vec![0.0f64; n];
    let mut tp: Option<Vec<u32>> = pos.as_ref().map(|_| vec![0u32; n]);
    for (p, h) in hist.iter().enumerate() {
        // A digit every key shares moves nothing.
        if h.contains(&n) {
            continue;
        }
        let mut offs = [0usize; BUCKETS];
        let mut sum = 0;
        for (o, &c) in offs.iter_mut().zip(h.iter()) {
            *o = sum;
            sum += c;
        }
        let shift = p as u32 * BITS;
        match (&pos, &mut tp) {
            (Some(sp), Some(dp)) => {
                for (&x, &i) in v.iter().zip(sp.iter()) {
                    let d = ((key(x, desc) >> shift) as usize) & (BUCKETS - 1);
                    let o = offs[d];
                    tv[o] = x;
                    dp[o] = i;
                    offs[d] = o + 1;
                }
            }
            _ => {
                for &x in &v {
                    let d = ((key(x, desc) >> shift) as usize) & (BUCKETS - 1);
                    let o = offs[d];
                    tv[o] = x;
                    offs[d] = o + 1;
                }
            }
        }
        std::mem::swap(&mut v, &mut tv);
        if let (Some(a), Some(b)) = (&mut pos, &mut tp) {
            std::mem::swap(a, b);
        }
    }
    (v, pos)
}

/// Sorts the two halves of `vals` on two threads and merges them on two
/// threads (one from the front, one from the back); `None` when a thread
/// cannot be started (the caller then sorts on its own thread).
#[allow(clippy::type_complexity)]
fn sort_halves(vals: &[f64], desc: bool, want_pos: bool) -> Option<(Vec<f64>, Option<Vec<u32>>)> {
    let n = vals.len();
    let h = n / 2;
    let run = |from: usize, to: usize| {
        let pos = want_pos.then(|| (from as u32..to as u32).collect::<Vec<u32>>());
        sort_run(vals[from..to].to_vec(), pos, desc)
    };
    let ((lv, lp), (rv, rp)) = std::thread::scope(|s| {
        let right = std::thread::Builder::new()
            .spawn_scoped(s, || run(h, n))
            .ok()?;
        let left = run(0, h);
        right.join().ok().map(|r| (left, r))
    })?;
    let mut out = vec![0.0f64; n];
    let mut out_pos: Option<Vec<u32>> = want_pos.then(|| vec![0u32; n]);
    let lk = |i: usize| key(lv[i], desc);
    let rk = |i: usize| key(rv[i], desc);
    // Left run's positions come first for equal keys: the front merge
    // takes from the left on ties, the back merge from the right.
    let (front_v, back_v) = out.split_at_mut(h);
    let (mut front_p, mut back_p) = match out_pos.as_mut() {
        Some(p) => {
            let (a, b) = p.split_at_mut(h);
            (Some(a), Some(b))
        }
        None => (None, None),
    };
    let (lp, rp) = (lp.as_deref(), rp.as_deref());
    std::thread::scope(|s| {
        let back = || {
            let (mut i, mut j) = (lv.len(), rv.len());
            for o in (0..back_v.len()).rev() {
                let take_left = j == 0 || (i > 0 && lk(i - 1) > rk(j - 1));
                if take_left {
                    i -= 1;
                    back_v[o] = lv[i];
                    if let (Some(bp), Some(lp)) = (back_p.as_deref_mut(), lp) {
                        bp[o] = lp[i];
                    }
                } else {
                    j -= 1;
                    back_v[o] = rv[j];
                    if let (Some(bp), Some(rp)) = (back_p.as_deref_mut(), rp) {
                        bp[o] = rp[j];
                    }
                }
            }
        };
        let handle = std::thread::Builder::new().spawn_scoped(s, back);
        let (mut i, mut j) = (0, 0);
        for o in 0..front_v.len() {
            let take_left = j == rv.len() || (i < lv.len() && lk(i) <= rk(j));
            if take_left {
                front_v[o] = lv[i];
                if let (Some(fp), Some(lp)) = (front_p.as_deref_mut(), lp) {
                    fp[o] = lp[i];
                }
                i += 1;
            } else {
                front_v[o] = rv[j];
                if let (Some(fp), Some(rp)) = (front_p.as_deref_mut(), rp) {
                    fp[o] = rp[j];
                }
                j += 1;
            }
        }
        match handle {
            Ok(h) => {
                if let Err(p) = h.join() {
                    std::panic::resume_unwind(p);
                }
                Some(())
            }
            Err(_) => None,
        }
    })?;
    Some((out, out_pos))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference: a stable comparison sort in MATLAB's order.
    fn reference(v: &[f64], desc: bool) -> Vec<u32> {
        let mut p: Vec<u32> = (0..v.len() as u32).collect();
        p.sort_by(|&i, &j| {
            let o = super::super::sort::cmp_real(v[i as usize], v[j as usize]);
            if desc {
                o.reverse()
            } else {
                o
            }
        });
        p
    }

    fn check(v: &[f64]) {
        for desc in [false, true] {
            let (s, p) = sort_f64(v, desc, true);
            let p = p.expect("positions were asked for");
            assert_eq!(p, reference(v, desc), "n = {}, desc = {desc}", v.len());
            let want: Vec<u64> = p.iter().map(|&i| v[i as usize].to_bits()).collect();
            let got: Vec<u64> = s.iter().map(|x| x.to_bits()).collect();
            assert_eq!(got, want);
            let (s2, none) = sort_f64(v, desc, false);
            assert!(none.is_none());
            assert_eq!(s2.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), want);
        }
    }

    /// A deterministic mix of ties, signed zeros, NaNs, infinities,
    /// subnormals and magnitudes across the whole exponent range.
    fn mixed(n: usize) -> Vec<f64> {
        let mut s: u64 = 0x9E37_79B9_7F4A_7C15;
        (0..n)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                match s % 16 {
                    0 => f64::NAN,
                    1 => -0.0,
                    2 => 0.0,
                    3 => f64::INFINITY,
                    4 => f64::NEG_INFINITY,
                    5 => 5e-324 * (s % 5) as f64,
                    6 => ((s >> 8) % 10) as f64,
                    7 => -(((s >> 8) % 10) as f64),
                    _ => f64::from_bits(s >> 2) * if s & 1 == 0 { 1.0 } else { -1.0 },
                }
            })
            .collect()
    }

    #[test]
    fn matches_a_stable_comparison_sort_at_every_size() {
        for n in [0, 1, 2, 5, SMALL - 1, SMALL, 3000, SPLIT_FROM + 1001] {
            check(&mixed(n));
        }
    }

    #[test]
    fn nan_last_ascending_first_descending_ties_in_input_order() {
        let nan = f64::NAN;
        let v = [3.0, nan, 1.0, nan, -0.0, 0.0, 1.0];
        let (_, p) = sort_f64(&v, false, true);
        assert_eq!(p.unwrap(), vec![4, 5, 2, 6, 0, 1, 3]);
        let (_, p) = sort_f64(&v, true, true);
        assert_eq!(p.unwrap(), vec![1, 3, 0, 2, 6, 4, 5]);
    }
}
