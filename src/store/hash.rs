//! SHA-256 for the store: record checksums and chunk keys. Large arrays are
//! hashed on every core, one contiguous run of chunks per thread, since
//! hashing is most of the CPU a commit or a verified read of a big array
//! costs (SHA-256 runs at about 1.3 GB/s per core with the CPU's SHA
//! instructions, which `sha2` detects at run time).

use sha2::{Digest, Sha256};

pub(crate) fn sha256(b: &[u8]) -> [u8; 32] {
    Sha256::digest(b).into()
}

/// SHA-256 of each `chunk`-byte piece of `bytes` (the last may be shorter),
/// in order.
pub(crate) fn sha256_chunks(bytes: &[u8], chunk: usize) -> Vec<[u8; 32]> {
    let pieces: Vec<&[u8]> = bytes.chunks(chunk.max(1)).collect();
    par_map(&pieces, |p| sha256(p))
}

/// Threads worth using: the machine's cores, at most 8.
fn workers() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8)
}

/// `items.iter().map(f)` computed on up to `workers()` threads, each over a
/// contiguous run of items; results in order. Where a thread cannot be
/// started, its run is computed on the calling thread.
pub(crate) fn par_map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync) -> Vec<U> {
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
    fn parallel_chunk_hashes_equal_serial_ones_in_order() {
        let bytes: Vec<u8> = (0..10_000_003u32)
            .map(|i| (i * 7 + i / 251) as u8)
            .collect();
        for chunk in [1 << 20, 4096, 3, bytes.len(), bytes.len() + 5] {
            let want: Vec<[u8; 32]> = bytes.chunks(chunk).map(sha256).collect();
            assert_eq!(sha256_chunks(&bytes, chunk), want, "chunk {chunk}");
        }
        assert!(sha256_chunks(&[], 16).is_empty());
    }

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
