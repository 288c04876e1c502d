//! SHA-256 for the store: record checksums and chunk keys. Large arrays are
//! hashed on every core (`crate::par`), since
//! hashing is most of the CPU a commit or a verified read of a big array
//! costs (SHA-256 runs at about 1.3 GB/s per core with the CPU's SHA
//! instructions, which `sha2` detects at run time).

use crate::par::par_map;
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

/// `sha256_chunks`, handing each chunk and its key to `store` in order
/// while the later chunks are still being hashed, so that storing (copying
/// into the database, waiting for the disk) overlaps hashing. Returns the
/// keys in order.
pub(crate) fn sha256_chunks_to<E>(
    bytes: &[u8],
    chunk: usize,
    mut store: impl FnMut(&[u8; 32], &[u8]) -> Result<(), E>,
) -> Result<Vec<[u8; 32]>, E> {
    let pieces: Vec<&[u8]> = bytes.chunks(chunk.max(1)).collect();
    let mut keys = Vec::with_capacity(pieces.len());
    crate::par::par_map_consume(
        &pieces,
        |p| sha256(p),
        |i, key| {
            store(&key, pieces[i])?;
            keys.push(key);
            Ok(())
        },
    )?;
    Ok(keys)
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
        let mut stored = Vec::new();
        let keys = sha256_chunks_to(&bytes, 1 << 20, |k, c| {
            stored.push((*k, c.len()));
            Ok::<(), ()>(())
        });
        let want: Vec<[u8; 32]> = bytes.chunks(1 << 20).map(sha256).collect();
        assert_eq!(keys, Ok(want.clone()));
        let lens = bytes.chunks(1 << 20).map(|c| c.len());
        assert_eq!(stored, want.into_iter().zip(lens).collect::<Vec<_>>());
    }
}
