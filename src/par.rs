//! Work spread over the machine's cores with scoped threads: hashing a
//! large array's chunks (store) and parsing a large text file (formats).
//! Results always come back in input order.

/// Threads worth using: the machine's cores, at most 8. Asked once per
/// process: on Linux the answer reads cgroup files, too slow to repeat on
/// every commit of an array.
fn workers() -> usize {
    static WORKERS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *WORKERS.get_or_init(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .min(8)
    })
}

/// `items.iter().map(f)` computed on up to `workers()` threads, each over a
/// contiguous run of items; results in order. Where a thread cannot be
/// started, its run is computed on the calling thread.
pub(crate) fn par_map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    if items.len() <= 1 {
        return items.iter().map(f).collect();
    }
    let threads = workers().min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let per = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|s| {
        let runs: Vec<_> = items
            .chunks(per)
            .map(|run| {
                let work = move || run.iter().map(f).collect::<Vec<U>>();
                match std::thread::Builder::new().spawn_scoped(s, work) {
                    Ok(h) => Err(h),
                    Err(_) => Ok(work()),
                }
            })
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for r in runs {
            match r {
                Ok(done) => out.extend(done),
                Err(h) => match h.join() {
                    Ok(done) => out.extend(done),
                    // A panic in `f` is a bug; report it where it would
                    // have surfaced without threads.
                    Err(p) => std::panic::resume_unwind(p),
                },
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn par_map_keeps_order_for_any_length() {
        for n in [0usize, 1, 2, 3, 7, 100] {
            let items: Vec<usize> = (0..n).collect();
            assert_eq!(
                par_map(&items, |x| x * 2),
                (0..n).map(|x| x * 2).collect::<Vec<_>>()
            );
        }
    }
}
