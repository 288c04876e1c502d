//! Byte views of plain element buffers, so whole arrays of doubles move
//! between memory and files in one copy (as NumPy does) instead of one
//! conversion per element.

use crate::value::C64;

/// Element types that are plain bytes: every bit pattern is a valid value,
/// no padding, no pointers.
///
/// # Safety
/// Implement only for such types.
pub(super) unsafe trait Pod: Copy + Default {}

// SAFETY: f64 is 8 plain bytes; every bit pattern is some double.
unsafe impl Pod for f64 {}
// SAFETY: num_complex::Complex<f64> is #[repr(C)] { re: f64, im: f64 }:
// 16 plain bytes, no padding.
unsafe impl Pod for C64 {}

/// The bytes of `v` in memory (native byte order).
pub(super) fn bytes_of<T: Pod>(v: &[T]) -> &[u8] {
    // SAFETY: T is Pod (no padding, so every byte is initialized); u8 has
    // alignment 1; the length covers exactly the slice's memory.
    unsafe { std::slice::from_raw_parts(v.as_ptr().cast::<u8>(), std::mem::size_of_val(v)) }
}

/// The bytes of `v`, writable: any bytes written make valid values.
pub(super) fn bytes_of_mut<T: Pod>(v: &mut [T]) -> &mut [u8] {
    // SAFETY: as in `bytes_of`, and T is Pod so any bytes written through
    // the view leave valid T values.
    unsafe { std::slice::from_raw_parts_mut(v.as_mut_ptr().cast::<u8>(), std::mem::size_of_val(v)) }
}
