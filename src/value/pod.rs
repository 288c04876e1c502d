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
    /// which matters in unoptimized builds too).
    fn zeroed(n: usize) -> Vec<Self>;
}

// SAFETY: f64 is 8 plain bytes; every bit pattern is some double.
unsafe impl Pod for f64 {
    fn zeroed(n: usize) -> Vec<f64> {
        let v = vec![0.0; n];
        advise_huge_pages(bytes_of(&v));
        v
    }
}

// SAFETY: num_complex::Complex<f64> is #[repr(C)] { re: f64, im: f64 }:
// 16 plain bytes, no padding.
unsafe impl Pod for C64 {
    fn zeroed(n: usize) -> Vec<C64> {
        let mut v = std::mem::ManuallyDrop::new(f64::zeroed(n.saturating_mul(2)));
        debug_assert_eq!(v.capacity(), v.len());
        let (ptr, len, cap) = (v.as_mut_ptr(), v.len(), v.capacity());
        if len != 2 * n || cap != len {
            // Not reachable (`vec![x; n]` has exactly capacity n); stay
            // correct anyway without reinterpreting the allocation.
            std::mem::ManuallyDrop::into_inner(v);
            return vec![C64::new(0.0, 0.0); n];
        }
        // SAFETY: the allocation holds 2n zeroed f64 with capacity exactly
        // 2n, so it is n C64 (same alignment 8, size 16 = 2 * 8, all-zero
        // bytes are 0+0i) with the same allocation layout for deallocation;
        // ManuallyDrop keeps the f64 vector from freeing it.
        unsafe { Vec::from_raw_parts(ptr.cast::<C64>(), n, n) }
    }
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
