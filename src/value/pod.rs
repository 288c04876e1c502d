//! Byte views of plain element buffers, so whole arrays move between
//! memory, files and the store in one copy (as NumPy does) instead of one
//! conversion per element.

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
    /// `n` zero elements from zeroed memory (calloc: no per-element loop,
    /// which matters in unoptimized builds too). Aborts only where `Vec`
    /// would: callers size `n` from data they hold.
    fn zeroed(n: usize) -> Vec<Self> {
        try_zeroed(n).unwrap_or_else(|| vec![Self::ZERO; n])
    }

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

// SAFETY: u8 is one plain byte.
unsafe impl Plain for u8 {}
// SAFETY: every bit pattern is some u8.
unsafe impl Pod for u8 {
    const ZERO: u8 = 0;
}

/// `n` zero elements from zeroed memory, or `None` when that much memory
/// cannot be had (a size from a damaged file must not abort the process).
/// Large buffers are advised onto transparent huge pages.
pub(crate) fn try_zeroed<T: Pod>(n: usize) -> Option<Vec<T>> {
    let layout = std::alloc::Layout::array::<T>(n).ok()?;
    if layout.size() == 0 {
        return Some(vec![T::ZERO; n]);
    }
    // SAFETY: the layout has a nonzero size (checked above).
    let ptr = unsafe { std::alloc::alloc_zeroed(layout) }.cast::<T>();
    if ptr.is_null() {
        return None;
    }
    // SAFETY: `ptr` was allocated by the global allocator with the layout
    // of `n` T (so capacity n matches for deallocation); its bytes are all
    // zero, which is a valid T because T is Pod; length n <= capacity n.
    let v = unsafe { Vec::from_raw_parts(ptr, n, n) };
    advise_huge_pages(bytes_of(&v));
    Some(v)
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

/// Asks Linux to back a large fresh buffer with transparent huge pages
/// (what NumPy does for every large array): filling 400 MB then takes a few
/// hundred page faults instead of ~100,000. Advice only; errors are ignored.
fn advise_huge_pages(buf: &[u8]) {
    #[cfg(target_os = "linux")]
    {
        const PAGE: usize = 4096;
        if buf.len() < (4 << 20) {
            return;
        }
        let start = (buf.as_ptr() as usize).next_multiple_of(PAGE);
        let end = (buf.as_ptr() as usize + buf.len()) & !(PAGE - 1);
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
    let _ = buf;
}
