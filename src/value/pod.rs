//! Byte views of plain element buffers, so whole arrays move between
//! memory, files and the store in one copy (as NumPy does) instead of one
//! conversion per element; and the one place where buffers sized by a
//! user's number or a file's header are allocated.
//!
//! # Memory for arrays
//!
//! Every allocation sized by data the process does not yet hold (a size
//! argument such as `zeros(n)`, a dimension read from a file) goes through
//! [`try_zeroed`], [`try_with_capacity`] or [`alloc_vec`], and results
//! computed from arrays already held (`a + 1`) through [`try_collect`];
//! they never abort: an impossible size is a [`NoMemory`], which becomes
//! MATLAB's out-of-memory error. Three limits are checked, cheapest first:
//!
//! 1. the element count ([`MAX_ELEMS`]) and the byte count (checked
//!    arithmetic: a product that overflows is an error, not a wrap);
//! 2. for requests of [`CHECK_FROM`] bytes and more, the memory the system
//!    can still give ([`available`]): on Linux a large `calloc` succeeds
//!    lazily under overcommit, and the process would be killed by the
//!    kernel while filling it (`ones(n)`) or reading a file into it. This
//!    is what Octave gets from its index-type limit and `std::bad_alloc`
//!    on systems without overcommit;
//! 3. the allocator itself (`Vec::try_reserve_exact`, `alloc_zeroed`),
//!    which fails cleanly under an address-space limit (`ulimit -v`).

use crate::error::Error;
use crate::value::C64;

/// Element types whose memory is plain initialized bytes: no padding, no
/// pointers (so they can be viewed as bytes).
///
/// # Safety
/// Implement only for such types.
pub(crate) unsafe trait Plain: Copy {}

// SAFETY: bool is one initialized byte (0 or 1), no padding.
unsafe impl Plain for bool {}
// SAFETY: u16 is two plain bytes.
unsafe impl Plain for u16 {}
// SAFETY: f64 is 8 plain bytes.
unsafe impl Plain for f64 {}
// SAFETY: num_complex::Complex<f64> is #[repr(C)] { re: f64, im: f64 }:
// 16 plain bytes, no padding.
unsafe impl Plain for C64 {}

/// Plain element types for which every bit pattern is a valid value, so
/// bytes may be written through a view.
///
/// # Safety
/// Implement only for such types.
pub(crate) unsafe trait Pod: Plain {
    /// The all-zero value.
    const ZERO: Self;
}

// SAFETY: f64 is 8 plain bytes; every bit pattern is some double.
unsafe impl Pod for f64 {
    const ZERO: f64 = 0.0;
}

// SAFETY: num_complex::Complex<f64> is #[repr(C)] { re: f64, im: f64 }:
// 16 plain bytes, no padding; every bit pattern is some pair of doubles.
unsafe impl Pod for C64 {
    const ZERO: C64 = C64::new(0.0, 0.0);
}

// SAFETY: u16 is two plain bytes; every bit pattern is some u16.
unsafe impl Pod for u16 {
    const ZERO: u16 = 0;
}

// SAFETY: u32 is four plain bytes.
unsafe impl Plain for u32 {}
// SAFETY: every bit pattern is some u32.
unsafe impl Pod for u32 {
    const ZERO: u32 = 0;
}

// SAFETY: u8 is one plain byte.
unsafe impl Plain for u8 {}
// SAFETY: every bit pattern is some u8.
unsafe impl Pod for u8 {
    const ZERO: u8 = 0;
}

/// Plain-old-data impls for the other element types of the integer and
/// single classes (every bit pattern valid, no padding), so their arrays
/// move to files and the store as bytes too.
macro_rules! pod_numbers {
    ($($t:ty => $zero:expr),*) => {$(
        // SAFETY: a primitive number (or a #[repr(C)] pair of f32): plain
        // bytes without padding.
        unsafe impl Plain for $t {}
        // SAFETY: every bit pattern is some value of the type.
        unsafe impl Pod for $t {
            const ZERO: $t = $zero;
        }
    )*};
}

pod_numbers!(i8 => 0, i16 => 0, i32 => 0, i64 => 0, u64 => 0, f32 => 0.0,
    crate::value::C32 => crate::value::C32::new(0.0, 0.0));

/// `n` zero elements from zeroed memory (calloc: no per-element loop, and
/// pages are only touched when written), or why that much memory cannot
/// be had. Large buffers are advised onto transparent huge pages.
pub(crate) fn try_zeroed<T: Pod>(n: usize) -> Result<Vec<T>, NoMemory> {
    // SAFETY: every bit pattern, the all-zero one included, is a valid T
    // (T is Pod).
    unsafe { zeroed_vec(n, true) }
}

/// A buffer for a result that is about to be written in full: zeroed
/// memory as [`try_zeroed`] (a large one is fresh pages, zeroed by the
/// kernel on first touch, nothing done here), but left on ordinary
/// pages: the kernel zeroes a 4 KB page just before it is written, while
/// a 2 MB huge page is zeroed whole and out of cache before the first
/// write, which measured slower for results written once in one pass.
pub(crate) fn try_zeroed_output<T: Pod>(n: usize) -> Result<Vec<T>, NoMemory> {
    // SAFETY: as in `try_zeroed`.
    unsafe { zeroed_vec(n, false) }
}

/// `n` times `false` from zeroed memory (as [`try_zeroed_output`]), for
/// logical results that are about to be written.
pub(crate) fn try_falses(n: usize) -> Result<Vec<bool>, NoMemory> {
    // SAFETY: the zero byte is `false`.
    unsafe { zeroed_vec(n, false) }
}

/// `n` elements of zeroed memory, advised onto huge pages when `huge`.
///
/// # Safety
/// The all-zero bit pattern must be a valid `T`.
unsafe fn zeroed_vec<T: Copy>(n: usize, huge: bool) -> Result<Vec<T>, NoMemory> {
    let bytes = checked_bytes::<T>(n)?;
    ensure_available(bytes)?;
    let layout = std::alloc::Layout::array::<T>(n).map_err(|_| NoMemory::refused(bytes))?;
    if layout.size() == 0 {
        return Ok(Vec::new());
    }
    // SAFETY: the layout has a nonzero size (checked above).
    let ptr = unsafe { std::alloc::alloc_zeroed(layout) }.cast::<T>();
    if ptr.is_null() {
        return Err(NoMemory::refused(bytes));
    }
    // SAFETY: `ptr` was allocated by the global allocator with the layout
    // of `n` T (so capacity n matches for deallocation); its bytes are all
    // zero, a valid T by this function's contract; length n <= capacity n.
    let v = unsafe { Vec::from_raw_parts(ptr, n, n) };
    if huge {
        advise_huge_pages(ptr.cast::<u8>() as usize, bytes);
    }
    Ok(v)
}

/// An empty vector with room for exactly `n` elements, or why that much
/// memory cannot be had.
pub(crate) fn try_with_capacity<T>(n: usize) -> Result<Vec<T>, NoMemory> {
    let bytes = checked_bytes::<T>(n)?;
    ensure_available(bytes)?;
    let mut v = Vec::new();
    v.try_reserve_exact(n)
        .map_err(|_| NoMemory::refused(bytes))?;
    Ok(v)
}

/// The first `n` items of `items`, in a vector allocated fallibly (for
/// results computed from arrays already held: `a + 1` needs another `a`).
pub(crate) fn try_collect<T>(n: usize, items: impl Iterator<Item = T>) -> Result<Vec<T>, NoMemory> {
    let mut v = try_with_capacity(n)?;
    v.extend(items.take(n));
    Ok(v)
}

/// Largest element count of any array flatlab allocates (2^31): a user's
/// number never turns into an abort, and every count fits MATLAB's 32-bit
/// MAT-file dimensions.
pub const MAX_ELEMS: usize = 1 << 31;

/// The identifier of the out-of-memory error: MATLAB's, which portable
/// code tests in `catch` (Octave 7 says `Octave:bad-alloc`); the message
/// is Octave's, followed by the size.
pub const NOMEM_ID: &str = "MATLAB:nomem";
const NOMEM_TEXT: &str = "out of memory or dimension too large for Octave's index type";

/// The out-of-memory error where the size is not known.
pub fn too_large() -> Error {
    Error::with_id(NOMEM_ID, NOMEM_TEXT)
}

/// The out-of-memory error for a request of `count` elements (a number a
/// user typed, possibly beyond any integer type).
pub fn too_many(count: f64) -> Error {
    Error::with_id(
        NOMEM_ID,
        format!(
            "{NOMEM_TEXT} ({} elements requested, at most {MAX_ELEMS})",
            crate::ops::fmt_g(count)
        ),
    )
}

/// Checked element count of an array with these extents: an error naming
/// the size when the product exceeds [`MAX_ELEMS`] or overflows on the way
/// (as in Octave, even when a later extent is 0).
pub fn checked_numel(extents: &[usize]) -> crate::error::Result<usize> {
    let n = extents
        .iter()
        .try_fold(1usize, |n, &d| n.checked_mul(d))
        .filter(|&n| n <= MAX_ELEMS);
    n.ok_or_else(|| {
        let shown: Vec<String> = extents.iter().map(|d| d.to_string()).collect();
        let count: f64 = extents.iter().map(|&d| d as f64).product();
        let why = if count > MAX_ELEMS as f64 {
            format!("{} elements", crate::ops::fmt_g(count))
        } else {
            "the product of its dimensions overflows".to_string()
        };
        Error::with_id(
            NOMEM_ID,
            format!(
                "{NOMEM_TEXT} ({} array requested: {why}, at most {MAX_ELEMS} elements)",
                shown.join("x"),
            ),
        )
    })
}

/// A vector with room for `n` elements, or the out-of-memory error naming
/// the size: the allocation every builtin that builds an array from a
/// size goes through.
pub fn alloc_vec<T>(n: usize) -> crate::error::Result<Vec<T>> {
    if n > MAX_ELEMS {
        return Err(too_many(n as f64));
    }
    Ok(try_with_capacity(n)?)
}

/// A request for memory that cannot be met.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoMemory {
    /// Bytes asked for (saturated at `u128::MAX`, never reached from a
    /// `usize` count).
    pub bytes: u128,
    /// What the system said it could give, when that was the reason.
    pub available: Option<u64>,
}

impl NoMemory {
    fn refused(bytes: usize) -> NoMemory {
        NoMemory {
            bytes: bytes as u128,
            available: None,
        }
    }
}

impl std::fmt::Display for NoMemory {
    /// `needs 2.1 GB, 1.0 GB available` (or `needs 2.1 GB`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "needs {}", human_bytes(self.bytes))?;
        if let Some(a) = self.available {
            write!(f, ", {} available", human_bytes(a as u128))?;
        }
        Ok(())
    }
}

impl From<NoMemory> for Error {
    fn from(m: NoMemory) -> Error {
        Error::with_id(NOMEM_ID, format!("{NOMEM_TEXT} ({m})"))
    }
}

/// A byte count for people: `512 bytes`, `3.2 MB`, `2.1 GB`, `7.5 TB`
/// (decimal units).
pub fn human_bytes(b: u128) -> String {
    let x = b as f64;
    match b {
        0..=999 => format!("{b} bytes"),
        1_000..=999_999 => format!("{:.1} kB", x / 1e3),
        1_000_000..=999_999_999 => format!("{:.1} MB", x / 1e6),
        1_000_000_000..=999_999_999_999 => format!("{:.1} GB", x / 1e9),
        _ => format!("{:.1} TB", x / 1e12),
    }
}

/// Bytes of `n` elements of `T`, or the request as an overflow.
fn checked_bytes<T>(n: usize) -> Result<usize, NoMemory> {
    let size = std::mem::size_of::<T>();
    n.checked_mul(size)
        .filter(|&b| b <= isize::MAX as usize)
        .ok_or(NoMemory {
            bytes: n as u128 * size as u128,
            available: None,
        })
}

/// Requests at least this large are checked against [`available`] memory
/// first (reading it costs microseconds; filling 64 MB, milliseconds).
pub const CHECK_FROM: usize = 64 << 20;

/// Refuses a request of `bytes` that the system cannot give, before any
/// of it is touched (see the module comment).
pub(crate) fn ensure_available(bytes: usize) -> Result<(), NoMemory> {
    if bytes < CHECK_FROM {
        return Ok(());
    }
    match available() {
        Some(a) if bytes as u64 > a => Err(NoMemory {
            bytes: bytes as u128,
            available: Some(a),
        }),
        _ => Ok(()),
    }
}

/// Bytes of memory this process can still fill without the kernel's
/// out-of-memory killer stepping in, as far as the system says: the
/// smaller of the kernel's estimate of available memory plus free swap
/// (`/proc/meminfo`) and the room below every memory limit of the
/// process's cgroups (v2 and v1; their page cache counts as free, as the
/// kernel reclaims it first). `None` where unknown.
pub(crate) fn available() -> Option<u64> {
    #[cfg(target_os = "linux")]
    {
        let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
        let field = |name: &str| -> Option<u64> {
            let line = meminfo.lines().find(|l| l.starts_with(name))?;
            let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
            kb.checked_mul(1024)
        };
        let system = field("MemAvailable:")?.saturating_add(field("SwapFree:").unwrap_or(0));
        Some(match cgroup_room() {
            Some(room) => room.min(system),
            None => system,
        })
    }
    #[cfg(not(target_os = "linux"))]
    None
}

/// The least room below a memory limit of this process's cgroup or any of
/// its ancestors; `None` when no limit is set.
#[cfg(target_os = "linux")]
fn cgroup_room() -> Option<u64> {
    use std::path::PathBuf;
    let read = |p: PathBuf| std::fs::read_to_string(p).ok();
    let num = |s: Option<String>| s.and_then(|s| s.trim().parse::<u64>().ok());
    let stat = |dir: &PathBuf, key: &str| -> u64 {
        read(dir.join("memory.stat"))
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix(key)?.strip_prefix(' ')?.trim().parse().ok())
            })
            .unwrap_or(0)
    };
    let groups = read(PathBuf::from("/proc/self/cgroup"))?;
    let mut room: Option<u64> = None;
    for line in groups.lines() {
        let mut parts = line.splitn(3, ':');
        let (_, controllers, path) = (parts.next(), parts.next()?, parts.next()?);
        let v2 = controllers.is_empty();
        if !v2 && !controllers.split(',').any(|c| c == "memory") {
            continue;
        }
        let root = PathBuf::from(if v2 {
            "/sys/fs/cgroup"
        } else {
            "/sys/fs/cgroup/memory"
        });
        // The cgroup and its ancestors (a namespaced path that does not
        // exist here leads up to the visible root).
        let mut dir = root.join(path.trim_start_matches('/'));
        loop {
            let (limit, used, cache) = if v2 {
                (
                    num(read(dir.join("memory.max"))),
                    num(read(dir.join("memory.current"))),
                    stat(&dir, "file"),
                )
            } else {
                (
                    num(read(dir.join("memory.limit_in_bytes"))),
                    num(read(dir.join("memory.usage_in_bytes"))),
                    stat(&dir, "total_cache"),
                )
            };
            // v1 writes "no limit" as a huge page-aligned number.
            if let (Some(limit), Some(used)) = (limit.filter(|&l| l < 1 << 62), used) {
                let r = limit.saturating_sub(used.saturating_sub(cache));
                room = Some(room.map_or(r, |x| x.min(r)));
            }
            if dir == root || !dir.pop() {
                break;
            }
        }
    }
    room
}

/// The real parts of complex elements, in the memory that held them (the
/// real part of element k moves to place k): narrowing a complex result
/// needs no second buffer.
pub(crate) fn real_parts_in_place(v: Vec<C64>) -> Vec<f64> {
    let mut v = std::mem::ManuallyDrop::new(v);
    let (ptr, len, cap) = (v.as_mut_ptr(), v.len(), v.capacity());
    // SAFETY: C64 is #[repr(C)] { re: f64, im: f64 } (16 bytes, alignment
    // 8, no padding), so its buffer of `cap` elements is a buffer of
    // 2 * cap initialized doubles with the same size and alignment: the
    // allocator's layout is unchanged. `v` is not dropped (ManuallyDrop),
    // so the buffer has one owner.
    let mut re = unsafe { Vec::from_raw_parts(ptr.cast::<f64>(), 2 * len, 2 * cap) };
    for k in 0..len {
        re[k] = re[2 * k];
    }
    re.truncate(len);
    re.shrink_to_fit();
    re
}

/// The bytes of `v` in memory (native byte order).
pub(crate) fn bytes_of<T: Plain>(v: &[T]) -> &[u8] {
    // SAFETY: T is Plain (no padding, so every byte is initialized); u8 has
    // alignment 1; the length covers exactly the slice's memory.
    unsafe { std::slice::from_raw_parts(v.as_ptr().cast::<u8>(), std::mem::size_of_val(v)) }
}

/// The bytes of `v`, writable: any bytes written make valid values.
pub(crate) fn bytes_of_mut<T: Pod>(v: &mut [T]) -> &mut [u8] {
    // SAFETY: as in `bytes_of`, and T is Pod so any bytes written through
    // the view leave valid T values.
    unsafe { std::slice::from_raw_parts_mut(v.as_mut_ptr().cast::<u8>(), std::mem::size_of_val(v)) }
}

/// Asks Linux to back a large fresh buffer of `len` bytes at `addr` with
/// transparent huge pages (what NumPy does for every large array):
/// filling 400 MB then takes a few hundred page faults instead of
/// ~100,000. Advice only; errors are ignored.
fn advise_huge_pages(addr: usize, len: usize) {
    #[cfg(target_os = "linux")]
    {
        const PAGE: usize = 4096;
        if len < (4 << 20) {
            return;
        }
        let start = addr.next_multiple_of(PAGE);
        let end = (addr + len) & !(PAGE - 1);
        if end > start {
            // SAFETY: madvise only gives the kernel a hint about a range of
            // pages inside this live allocation; it does not change their
            // contents (MADV_HUGEPAGE never discards data).
            unsafe {
                libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (addr, len);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_sizes_are_errors_not_aborts() {
        // More than the address space: refused before asking the system.
        let e = try_zeroed::<f64>(usize::MAX / 4).unwrap_err();
        assert_eq!(e.bytes, (usize::MAX / 4) as u128 * 8);
        assert!(try_with_capacity::<C64>(usize::MAX / 8).is_err());
        // Within the address space but beyond any machine's memory.
        let e = try_zeroed::<u8>(1 << 60).unwrap_err();
        assert_eq!(e.to_string().split(',').next(), Some("needs 1152921.5 TB"));
        let e: Error = e.into();
        assert_eq!(e.identifier, "MATLAB:nomem");
        assert!(e.message.starts_with(
            "out of memory or dimension too large for Octave's index type (needs 1152921.5 TB"
        ));
        // Small requests are not refused.
        assert_eq!(try_zeroed::<f64>(3).unwrap(), vec![0.0; 3]);
        assert_eq!(try_with_capacity::<u16>(5).unwrap().capacity(), 5);
    }

    #[test]
    fn real_parts_move_into_the_complex_buffer() {
        let v: Vec<C64> = (0..5).map(|k| C64::new(k as f64, -1.0)).collect();
        let re = real_parts_in_place(v);
        assert_eq!(re, vec![0.0, 1.0, 2.0, 3.0, 4.0]);
        assert!(real_parts_in_place(Vec::new()).is_empty());
    }

    #[test]
    fn requests_beyond_available_memory_say_how_much_there_is() {
        let Some(a) = available() else {
            return;
        };
        let want = usize::try_from(a.saturating_mul(2)).unwrap_or(usize::MAX / 2);
        let e = ensure_available(want).unwrap_err();
        // (Other tests allocate meanwhile: the figure moves a little.)
        assert!(
            e.available.is_some_and(|b| b.abs_diff(a) <= a / 4),
            "{:?} vs {a}",
            e.available
        );
        assert!(e.to_string().ends_with(" available"), "{e}");
        assert!(ensure_available(CHECK_FROM - 1).is_ok());
    }

    #[test]
    fn element_counts_are_checked_without_wrapping() {
        assert_eq!(checked_numel(&[3, 0, usize::MAX]).unwrap(), 0);
        assert_eq!(checked_numel(&[1 << 16, 1 << 15]).unwrap(), MAX_ELEMS);
        let e = checked_numel(&[1_000_000, 1_000_000]).unwrap_err();
        assert!(e.message.ends_with(
            "(1000000x1000000 array requested: 1e+12 elements, at most 2147483648 elements)"
        ));
        let e = checked_numel(&[1 << 40, 1 << 40, 0]).unwrap_err();
        assert!(e
            .message
            .contains("the product of its dimensions overflows"));
        assert!(alloc_vec::<f64>(MAX_ELEMS + 1).is_err());
    }

    #[test]
    fn byte_counts_read_as_people_write_them() {
        assert_eq!(human_bytes(512), "512 bytes");
        assert_eq!(human_bytes(67_108_864), "67.1 MB");
        assert_eq!(human_bytes(2_147_483_648), "2.1 GB");
        assert_eq!(human_bytes(8_000_000_000_000), "8.0 TB");
    }
}
