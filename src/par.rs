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

/// `f` of every item computed on up to `workers()` threads while the
/// calling thread hands each result, in input order, to `consume` (which
/// may be slow: it overlaps the computing of the later items). Items are
/// taken in order, so the results `consume` waits for come first. The
/// first error of `consume` stops the work and is returned. Where no
/// thread can be started, everything runs on the calling thread.
pub(crate) fn par_map_consume<T: Sync, U: Send, E>(
    items: &[T],
    f: impl Fn(&T) -> U + Sync,
    mut consume: impl FnMut(usize, U) -> Result<(), E>,
) -> Result<(), E> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let n = items.len();
    let threads = workers().min(n);
    let serial = |consume: &mut dyn FnMut(usize, U) -> Result<(), E>, from: usize| {
        (from..n).try_for_each(|i| consume(i, f(&items[i])))
    };
    if n <= 1 || threads == 0 {
        return serial(&mut consume, 0);
    }
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, U)>();
    std::thread::scope(|s| {
        let mut started = 0;
        for _ in 0..threads {
            let (tx, next, stop, f) = (tx.clone(), &next, &stop, &f);
            let work = move || {
                while !stop.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n || tx.send((i, f(&items[i]))).is_err() {
                        break;
                    }
                }
            };
            if std::thread::Builder::new().spawn_scoped(s, work).is_ok() {
                started += 1;
            }
        }
        drop(tx);
        if started == 0 {
            return serial(&mut consume, 0);
        }
        // Results that came before their turn, by index.
        let mut early: std::collections::HashMap<usize, U> = Default::default();
        let mut want = 0;
        let result = (|| {
            while want < n {
                let u = match early.remove(&want) {
                    Some(u) => u,
                    None => match rx.recv() {
                        Ok((i, u)) if i != want => {
                            early.insert(i, u);
                            continue;
                        }
                        Ok((_, u)) => u,
                        // Every worker is gone (one panicked: the scope
                        // reports it); compute the rest here.
                        Err(_) => return serial(&mut consume, want),
                    },
                };
                consume(want, u)?;
                want += 1;
            }
            Ok(())
        })();
        stop.store(true, Ordering::Relaxed);
        drop(rx);
        result
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

    #[test]
    fn par_map_consume_hands_results_over_in_order_and_stops_at_an_error() {
        for n in [0usize, 1, 2, 3, 7, 1000] {
            let items: Vec<usize> = (0..n).collect();
            let mut got = Vec::new();
            let r: Result<(), String> = par_map_consume(
                &items,
                |x| x * 3,
                |i, v| {
                    got.push((i, v));
                    Ok(())
                },
            );
            assert_eq!(r, Ok(()));
            assert_eq!(got, (0..n).map(|x| (x, x * 3)).collect::<Vec<_>>());
        }
        let items: Vec<usize> = (0..10_000).collect();
        let mut seen = 0;
        let r = par_map_consume(
            &items,
            |x| *x,
            |i, _| {
                seen += 1;
                if i == 17 {
                    Err(format!("stopped at {i}"))
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(r, Err("stopped at 17".to_string()));
        assert_eq!(seen, 18);
    }
}
