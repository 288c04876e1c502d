//! Element-wise kernels over large arrays: one pass writing one output
//! buffer, split over the machine's cores above [`PAR_MIN`] elements
//! (scoped threads, contiguous runs, so each thread streams its own part
//! of memory), and written in place when the input's storage is not
//! shared with any other value (a temporary such as the `-x/7` in
//! `exp(-x/7)`), so large expressions do not pay a fresh allocation and
//! its page faults per step.
//!
//! Fresh outputs come from zeroed memory ([`Fresh`]): a large `calloc` is
//! fresh pages the kernel zeroes on first touch, so nothing is written
//! twice (ordinary pages: see `pod::try_zeroed_output`).

use crate::value::pod::{try_zeroed_output, NoMemory};
use crate::value::{Array, C64};

/// Arrays with at least this many elements are split over threads (below
/// it, starting a thread costs more than the work).
pub(crate) const PAR_MIN: usize = 1 << 15;

/// Threads worth using for element-wise work: the machine's cores, at
/// most 8 (asked once per process).
pub(crate) fn workers() -> usize {
    static WORKERS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *WORKERS.get_or_init(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .min(8)
    })
}

/// Calls `f(offset, run)` on contiguous runs of `out` covering it once,
/// on up to [`workers`] threads when `out` has [`PAR_MIN`] elements or
/// more (the first run on the calling thread). A run whose thread cannot
/// be started is done on the calling thread afterwards.
pub(crate) fn for_runs<T: Send>(out: &mut [T], f: impl Fn(usize, &mut [T]) + Sync) {
    for_runs_from(out, PAR_MIN, f)
}

/// [`for_runs`] with its own threshold: `out` is split when it has at
/// least `min` elements (for outputs whose elements each stand for much
/// work, such as one partial sum per block of a long input).
pub(crate) fn for_runs_from<T: Send>(
    out: &mut [T],
    min: usize,
    f: impl Fn(usize, &mut [T]) + Sync,
) {
    let n = out.len();
    let t = if n >= min.max(2) { workers() } else { 1 };
    if t <= 1 {
        f(0, out);
        return;
    }
    let per = n.div_ceil(t);
    let f = &f;
    let failed: Vec<usize> = std::thread::scope(|s| {
        let (first, rest) = out.split_at_mut(per.min(n));
        let mut failed = Vec::new();
        let mut handles = Vec::new();
        for (i, run) in rest.chunks_mut(per).enumerate() {
            let off = per * (i + 1);
            match std::thread::Builder::new().spawn_scoped(s, move || f(off, run)) {
                Ok(h) => handles.push(h),
                Err(_) => failed.push(i),
            }
        }
        f(0, first);
        for h in handles {
            if let Err(p) = h.join() {
                // A panic in `f` is a bug; surface it as without threads.
                std::panic::resume_unwind(p);
            }
        }
        failed
    });
    if !failed.is_empty() {
        let rest = &mut out[per.min(n)..];
        for (i, run) in rest.chunks_mut(per).enumerate() {
            if failed.contains(&i) {
                f(per * (i + 1), run);
            }
        }
    }
}

/// How many elements of each run of `per` elements of `data` `keep`
/// accepts (the runs counted in parallel when there are several).
fn run_counts<T: Sync>(data: &[T], per: usize, keep: &(impl Fn(&T) -> bool + Sync)) -> Vec<usize> {
    let n = data.len();
    let per = per.max(1);
    let mut counts = vec![0usize; n.div_ceil(per)];
    for_runs_from(&mut counts, 2, |off, run| {
        for (j, c) in run.iter_mut().enumerate() {
            let lo = ((off + j) * per).min(n);
            let hi = (lo + per).min(n);
            *c = data[lo..hi].iter().filter(|x| keep(x)).count();
        }
    });
    counts
}

/// The length of the runs `data` is split into for work over the cores
/// (one run below [`PAR_MIN`] elements).
fn run_length(n: usize) -> usize {
    let t = if n >= PAR_MIN { workers() } else { 1 };
    n.div_ceil(t.max(1)).max(1)
}

/// How many elements of `mask` are true, counted over the cores for long
/// masks.
pub(crate) fn count_true(mask: &[bool]) -> usize {
    run_counts(mask, run_length(mask.len()), &|&b: &bool| b)
        .iter()
        .sum()
}

/// The results of `make(i)` for every position `i` of `data` that `keep`
/// accepts, ascending, in one exact-size buffer: the elements are
/// counted first (in parallel runs above [`PAR_MIN`]), then each run
/// writes its hits at its own offset without a branch per element (each
/// candidate is stored and the cursor moves on past a kept one), so a
/// random mask costs no mispredictions. With `data` a logical mask and
/// `make(i)` the element `i` of an array, this is `x(mask)` gathered
/// without listing the positions.
pub(crate) fn compact<T: Sync, O: Fresh>(
    data: &[T],
    keep: impl Fn(&T) -> bool + Sync,
    make: impl Fn(usize) -> O + Sync,
) -> Result<Vec<O>, NoMemory> {
    let n = data.len();
    let per = run_length(n);
    // Hits per run, counted in parallel.
    let counts = run_counts(data, per, &keep);
    let total: usize = counts.iter().sum();
    // One spare slot: the branch-free writer stores past the last hit.
    let mut out = O::fresh(total + 1)?;
    {
        // Each run's part of the output, with the run it comes from.
        let mut parts: Vec<(usize, &mut [O])> = Vec::with_capacity(counts.len());
        let mut rest: &mut [O] = &mut out[..total];
        for (r, &c) in counts.iter().enumerate() {
            let (head, tail) = std::mem::take(&mut rest).split_at_mut(c);
            parts.push((r, head));
            rest = tail;
        }
        let write = |r: usize, dst: &mut [O]| {
            let lo = (r * per).min(n);
            let hi = (lo + per).min(n);
            let mut k = 0;
            let last = dst.len();
            for (i, x) in data[lo..hi].iter().enumerate() {
                if k < last {
                    dst[k] = make(lo + i);
                }
                k += usize::from(keep(x));
            }
        };
        // One run per thread: `for_runs_from` starts them (and does on
        // this thread any run whose thread cannot be started).
        for_runs_from(&mut parts, 2, |_, run| {
            for (r, dst) in run.iter_mut() {
                write(*r, dst);
            }
        });
    }
    out.truncate(total);
    Ok(out)
}

/// `data(mask) = src` without listing the positions: the `k`-th true
/// element of `mask` (counting from 0) sets the element at its position
/// to `src[k]`, or to `src[0]` when `src` has one element. Positions past
/// the end of `data` or of `mask` are not touched; the caller checks the
/// counts. Long arrays are split over the cores, each run starting at its
/// own place in `src` (the true elements before it, counted first).
pub(crate) fn scatter<T: Copy + Send + Sync>(data: &mut [T], mask: &[bool], src: &[T]) {
    let n = data.len().min(mask.len());
    let (data, mask) = (&mut data[..n], &mask[..n]);
    if let [v] = src {
        let v = *v;
        for_runs(data, |off, run| {
            // A select, not a branch: vectorizes, and a random mask costs
            // no mispredictions.
            for (x, &b) in run.iter_mut().zip(&mask[off..]) {
                *x = if b { v } else { *x };
            }
        });
        return;
    }
    let per = run_length(n);
    let counts = run_counts(mask, per, &|&b: &bool| b);
    let mut parts: Vec<(usize, usize, &mut [T])> = Vec::with_capacity(counts.len());
    let mut from = 0;
    for (r, run) in data.chunks_mut(per).enumerate() {
        parts.push((from, r * per, run));
        from += counts.get(r).copied().unwrap_or(0);
    }
    for_runs_from(&mut parts, 2, |_, ps| {
        for (from, off, run) in ps.iter_mut() {
            let mut k = *from;
            for (x, &b) in run.iter_mut().zip(&mask[*off..]) {
                if b {
                    if let Some(&v) = src.get(k) {
                        *x = v;
                    }
                    k += 1;
                }
            }
        }
    });
}

/// Element types whose fresh buffers come zeroed from the allocator.
pub(crate) trait Fresh: Sized + Send + Sync + Copy {
    /// `n` elements of zeroed memory, or why it cannot be had.
    fn fresh(n: usize) -> Result<Vec<Self>, NoMemory>;
}

impl Fresh for f64 {
    fn fresh(n: usize) -> Result<Vec<f64>, NoMemory> {
        try_zeroed_output(n)
    }
}

impl Fresh for C64 {
    fn fresh(n: usize) -> Result<Vec<C64>, NoMemory> {
        try_zeroed_output(n)
    }
}

impl Fresh for usize {
    fn fresh(n: usize) -> Result<Vec<usize>, NoMemory> {
        let mut v = crate::value::pod::try_with_capacity(n)?;
        v.resize(n, 0);
        Ok(v)
    }
}

impl Fresh for bool {
    fn fresh(n: usize) -> Result<Vec<bool>, NoMemory> {
        crate::value::pod::try_falses(n)
    }
}

/// `f` of each element of `src`, in a fresh buffer.
pub(crate) fn map<A: Copy + Sync, R: Fresh>(
    src: &[A],
    f: impl Fn(A) -> R + Sync,
) -> Result<Vec<R>, NoMemory> {
    let mut out = R::fresh(src.len())?;
    for_runs(&mut out, |off, run| {
        for (o, &x) in run.iter_mut().zip(&src[off..]) {
            *o = f(x);
        }
    });
    Ok(out)
}

/// `f` of each element, written over the elements.
pub(crate) fn map_in_place<A: Copy + Send>(v: &mut [A], f: impl Fn(A) -> A + Sync) {
    for_runs(v, |_, run| {
        for x in run.iter_mut() {
            *x = f(*x);
        }
    });
}

/// `f` of each element of an array of doubles, in the array's own buffer
/// when no other value shares it, else in a fresh one.
pub(crate) fn map_owned(
    a: Array<f64>,
    f: impl Fn(f64) -> f64 + Sync,
) -> Result<Array<f64>, NoMemory> {
    let dims = a.dims().clone();
    match a.into_unshared_vec() {
        Ok(mut v) => {
            map_in_place(&mut v, f);
            Ok(Array::new(dims, v))
        }
        Err(a) => Ok(Array::new(dims, map(a.data(), f)?)),
    }
}

/// `f(a[k], b[k])` for two runs of equal length, in a fresh buffer.
pub(crate) fn zip<A: Copy + Sync, B: Copy + Sync, R: Fresh>(
    a: &[A],
    b: &[B],
    f: impl Fn(A, B) -> R + Sync,
) -> Result<Vec<R>, NoMemory> {
    let n = a.len().min(b.len());
    let mut out = R::fresh(n)?;
    for_runs(&mut out, |off, run| {
        for ((o, &x), &y) in run.iter_mut().zip(&a[off..]).zip(&b[off..]) {
            *o = f(x, y);
        }
    });
    Ok(out)
}

/// Element-wise `f` of two arrays of the same size, or of an array and a
/// scalar (either side), in one pass over a fresh buffer; `None` when the
/// operands need implicit expansion (the caller's general path).
pub(crate) fn zip_arrays<A: Copy + Sync, B: Copy + Sync, R: Fresh>(
    a: &Array<A>,
    b: &Array<B>,
    f: impl Fn(A, B) -> R + Sync,
) -> Option<Result<Array<R>, NoMemory>> {
    let (da, db) = (a.dims(), b.dims());
    let (xa, xb) = (a.data(), b.data());
    if da == db {
        return Some(zip(xa, xb, f).map(|v| Array::new(da.clone(), v)));
    }
    if da.is_scalar() {
        let &x = xa.first()?;
        return Some(map(xb, |y| f(x, y)).map(|v| Array::new(db.clone(), v)));
    }
    if db.is_scalar() {
        let &y = xb.first()?;
        return Some(map(xa, |x| f(x, y)).map(|v| Array::new(da.clone(), v)));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Dims;

    #[test]
    fn runs_cover_every_element_once_at_every_size() {
        for n in [0, 1, 7, PAR_MIN - 1, PAR_MIN, PAR_MIN + 1, 3 * PAR_MIN + 5] {
            let mut v = vec![0u32; n];
            for_runs(&mut v, |off, run| {
                for (k, x) in run.iter_mut().enumerate() {
                    *x += (off + k) as u32 + 1;
                }
            });
            assert!(
                v.iter().enumerate().all(|(k, &x)| x == k as u32 + 1),
                "n = {n}"
            );
        }
    }

    #[test]
    fn maps_and_zips_match_the_sequential_loop() {
        let n = 2 * PAR_MIN + 3;
        let a: Vec<f64> = (0..n).map(|k| k as f64 * 0.5 - 7.0).collect();
        let b: Vec<f64> = (0..n).map(|k| (k % 13) as f64).collect();
        let m = map(&a, f64::exp).unwrap();
        assert!(m
            .iter()
            .zip(&a)
            .all(|(&r, &x)| r.to_bits() == x.exp().to_bits()));
        let z = zip(&a, &b, |x, y| x * y + 1.0).unwrap();
        assert!(z
            .iter()
            .zip(a.iter().zip(&b))
            .all(|(&r, (&x, &y))| r == x * y + 1.0));
        let lt = zip(&a, &b, |x, y| x < y).unwrap();
        assert_eq!(
            lt.iter().filter(|&&t| t).count(),
            a.iter().zip(&b).filter(|(x, y)| x < y).count()
        );
    }

    #[test]
    fn unshared_arrays_are_mapped_in_their_own_buffer() {
        let n = PAR_MIN + 1;
        let a = Array::new(Dims::col(n), (0..n).map(|k| k as f64).collect());
        let ptr = a.data().as_ptr();
        let r = map_owned(a, |x| -x).unwrap();
        assert_eq!(r.data().as_ptr(), ptr);
        assert_eq!(r.data()[n - 1], -((n - 1) as f64));
        // A shared one is left as it was.
        let a = Array::new(Dims::col(n), vec![2.0; n]);
        let keep = a.clone();
        let r = map_owned(a, |x| x * x).unwrap();
        assert_eq!(keep.data()[0], 2.0);
        assert_eq!(r.data()[0], 4.0);
        assert_ne!(r.data().as_ptr(), keep.data().as_ptr());
    }

    #[test]
    fn zip_arrays_takes_scalars_on_either_side_and_declines_expansion() {
        let a = Array::new(Dims::row(3), vec![1.0, 2.0, 3.0]);
        let s = Array::scalar(10.0);
        let r = zip_arrays(&s, &a, |x, y| x - y).unwrap().unwrap();
        assert_eq!(r.data(), &[9.0, 8.0, 7.0]);
        let r = zip_arrays(&a, &s, |x, y| x - y).unwrap().unwrap();
        assert_eq!(r.data(), &[-9.0, -8.0, -7.0]);
        let c = Array::new(Dims::col(2), vec![1.0, 2.0]);
        assert!(zip_arrays(&a, &c, |x: f64, y: f64| x + y).is_none());
    }
}
