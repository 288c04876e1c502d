//! Column-major N-d arrays with copy-on-write storage.
//!
//! `Array<T>` is the one container behind every flatlab value. Elements are
//! stored in MATLAB's linear (column-major) order. Scalars live inline (no heap
//! allocation); larger arrays share an `Arc<Vec<T>>` so `b = a` copies nothing
//! until one side is written (`data_mut` clones on demand).
//!
//! This module knows nothing about MATLAB classes, display or evaluation.

use super::pod::{try_collect, NoMemory};
use smallvec::SmallVec;
use std::sync::Arc;

/// The size of an array: at least two dimensions, trailing singleton
/// dimensions beyond the second removed (MATLAB's canonical form).
#[derive(PartialEq, Eq, Hash)]
pub struct Dims(SmallVec<[usize; 4]>);

impl Clone for Dims {
    // Every scalar a loop makes clones its dims, so this is hot. The
    // derived clone goes element by element and `from_slice` calls memcpy
    // for a variable length; extents held inline are copied as they are.
    #[inline]
    fn clone(&self) -> Dims {
        if self.0.spilled() {
            return Dims(SmallVec::from_slice(&self.0));
        }
        // SAFETY: a SmallVec that has not spilled owns no heap memory:
        // its elements (plain `usize`s) live inside the value itself, so
        // a bitwise copy is an independent SmallVec of the same extents,
        // and dropping either never frees anything the other uses.
        Dims(unsafe { std::ptr::read(&self.0) })
    }
}

impl std::fmt::Debug for Dims {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.to_string_x())
    }
}

impl Dims {
    /// Normalizes any list of extents (padding to 2, trimming trailing ones).
    pub fn new(extents: &[usize]) -> Dims {
        let mut v: SmallVec<[usize; 4]> = extents.iter().copied().collect();
        while v.len() < 2 {
            v.push(1);
        }
        while v.len() > 2 && v[v.len() - 1] == 1 {
            v.pop();
        }
        Dims(v)
    }
    pub fn mat(rows: usize, cols: usize) -> Dims {
        Dims(SmallVec::from_buf_and_len([rows, cols, 0, 0], 2))
    }
    pub fn scalar() -> Dims {
        Dims::mat(1, 1)
    }
    pub fn row(n: usize) -> Dims {
        Dims::mat(1, n)
    }
    pub fn col(n: usize) -> Dims {
        Dims::mat(n, 1)
    }
    pub fn empty() -> Dims {
        Dims::mat(0, 0)
    }
    pub fn as_slice(&self) -> &[usize] {
        &self.0
    }
    pub fn ndims(&self) -> usize {
        self.0.len()
    }
    /// Extent of dimension `k` (0-based); 1 beyond the stored dimensions.
    pub fn get(&self, k: usize) -> usize {
        self.0.get(k).copied().unwrap_or(1)
    }
    pub fn rows(&self) -> usize {
        self.0[0]
    }
    /// Second dimension only (MATLAB `size(A, 2)`).
    pub fn cols(&self) -> usize {
        self.0[1]
    }
    /// Product of all dimensions from the second on (columns of `A(:,:)`).
    pub fn trailing(&self) -> usize {
        match self.0.as_slice() {
            [_, c] => *c,
            d => saturating_product(d.get(1..).unwrap_or(&[])),
        }
    }
    /// Element count. Saturates at `usize::MAX` for extents that no array
    /// can have (a size being validated): allocation checks then refuse
    /// it, where a wrapped product would pass.
    pub fn numel(&self) -> usize {
        // (Two dimensions, the common case, without the loop.)
        match self.0.as_slice() {
            [r, c] => r.saturating_mul(*c),
            d => saturating_product(d),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.0.contains(&0)
    }
    pub fn is_scalar(&self) -> bool {
        self.0.len() == 2 && self.0[0] == 1 && self.0[1] == 1
    }
    /// 1xN or Nx1 (including 1x1), two dimensions only.
    pub fn is_vector(&self) -> bool {
        self.0.len() == 2 && (self.0[0] == 1 || self.0[1] == 1)
    }
    pub fn is_row(&self) -> bool {
        self.0.len() == 2 && self.0[0] == 1
    }
    pub fn is_col(&self) -> bool {
        self.0.len() == 2 && self.0[1] == 1
    }
    pub fn is_matrix(&self) -> bool {
        self.0.len() == 2
    }
    /// `2x3x4` form used in error messages and empty displays.
    pub fn to_string_x(&self) -> String {
        self.0
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("x")
    }
    /// The first non-singleton dimension (0-based), 0 when all are singleton.
    pub fn first_nonsingleton(&self) -> usize {
        self.0.iter().position(|&d| d != 1).unwrap_or(0)
    }
    /// Copy with dimension `k` set to `n` (growing the rank when needed).
    pub fn with(&self, k: usize, n: usize) -> Dims {
        let mut v: SmallVec<[usize; 4]> = self.0.clone();
        while v.len() <= k {
            v.push(1);
        }
        v[k] = n;
        Dims::new(&v)
    }
    /// Column-major strides.
    pub fn strides(&self) -> SmallVec<[usize; 4]> {
        let mut s = SmallVec::with_capacity(self.0.len());
        let mut acc: usize = 1;
        for &d in &self.0 {
            s.push(acc);
            acc = acc.saturating_mul(d);
        }
        s
    }
}

/// Product of extents: 0 when any is 0, `usize::MAX` when it overflows.
fn saturating_product(extents: &[usize]) -> usize {
    if extents.contains(&0) {
        return 0;
    }
    extents
        .iter()
        .try_fold(1usize, |n, &d| n.checked_mul(d))
        .unwrap_or(usize::MAX)
}

/// Element storage: one inline element or a shared heap vector.
#[derive(Clone)]
enum Storage<T> {
    One(T),
    Many(Arc<Vec<T>>),
}

/// A column-major N-d array. Invariant: `dims.numel() == data.len()`.
#[derive(Clone)]
pub struct Array<T> {
    dims: Dims,
    data: Storage<T>,
}

impl<T: std::fmt::Debug> std::fmt::Debug for Array<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Array<{:?}>{:?}", self.dims, self.data())
    }
}

impl<T: PartialEq> PartialEq for Array<T> {
    fn eq(&self, other: &Self) -> bool {
        self.dims == other.dims && self.data() == other.data()
    }
}

impl<T> Array<T> {
    pub fn dims(&self) -> &Dims {
        &self.dims
    }
    pub fn numel(&self) -> usize {
        match &self.data {
            Storage::One(_) => 1,
            Storage::Many(v) => v.len(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.numel() == 0
    }
    pub fn is_scalar(&self) -> bool {
        self.dims.is_scalar()
    }
    pub fn rows(&self) -> usize {
        self.dims.rows()
    }
    pub fn cols(&self) -> usize {
        self.dims.cols()
    }
    pub fn data(&self) -> &[T] {
        match &self.data {
            Storage::One(x) => std::slice::from_ref(x),
            Storage::Many(v) => v,
        }
    }
    /// True when both arrays share the same heap buffer (used by the store to
    /// skip unchanged values and by tests of copy-on-write).
    pub fn shares_storage(&self, other: &Array<T>) -> bool {
        match (&self.data, &other.data) {
            (Storage::Many(a), Storage::Many(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
    /// Reinterpret with new dims of the same element count; `None` otherwise.
    pub fn reshaped(mut self, dims: Dims) -> Option<Array<T>> {
        if dims.numel() != self.numel() {
            return None;
        }
        self.dims = dims;
        Some(self)
    }
    /// 2-D element (row, col), 0-based, for matrices (`col` may span trailing dims).
    pub fn at(&self, r: usize, c: usize) -> &T {
        &self.data()[r + c * self.dims.rows()]
    }
}

impl<T: Clone> Array<T> {
    /// Builds an array from column-major data. Returns `None` when the data
    /// length does not match the dims.
    pub fn try_new(dims: Dims, data: Vec<T>) -> Option<Array<T>> {
        if dims.numel() != data.len() {
            return None;
        }
        Some(Self::from_parts(dims, data))
    }

    /// Builds an array from data whose length is known to match `dims`.
    /// Callers guarantee `dims.numel() == data.len()`; on a mismatch (a bug)
    /// the dims are corrected to a column of the data's length instead of
    /// panicking, and debug builds assert.
    pub fn new(dims: Dims, data: Vec<T>) -> Array<T> {
        debug_assert_eq!(dims.numel(), data.len(), "Array::new with mismatched dims");
        if dims.numel() != data.len() {
            let n = data.len();
            return Self::from_parts(Dims::col(n), data);
        }
        Self::from_parts(dims, data)
    }

    fn from_parts(dims: Dims, mut data: Vec<T>) -> Array<T> {
        if data.len() == 1 && dims.is_scalar() {
            // pop cannot fail: the length was just checked to be 1.
            if let Some(x) = data.pop() {
                return Array {
                    dims,
                    data: Storage::One(x),
                };
            }
        }
        Array {
            dims,
            data: Storage::Many(Arc::new(data)),
        }
    }

    pub fn scalar(x: T) -> Array<T> {
        Array {
            dims: Dims::scalar(),
            data: Storage::One(x),
        }
    }
    pub fn row(v: Vec<T>) -> Array<T> {
        Self::new(Dims::row(v.len()), v)
    }
    pub fn col(v: Vec<T>) -> Array<T> {
        Self::new(Dims::col(v.len()), v)
    }
    pub fn filled(dims: Dims, x: T) -> Array<T> {
        let n = dims.numel();
        Self::new(dims, vec![x; n])
    }
    pub fn empty_with(dims: Dims) -> Array<T> {
        debug_assert!(dims.is_empty());
        Array {
            dims,
            data: Storage::Many(Arc::new(Vec::new())),
        }
    }
    /// Mutable access to the elements, copying shared storage first, or
    /// why the copy cannot be made: for writes into a value that may be
    /// shared (`b = a; b(1) = 2` copies all of `a`).
    pub fn try_data_mut(&mut self) -> Result<&mut [T], NoMemory> {
        if let Storage::Many(v) = &mut self.data {
            if Arc::get_mut(v).is_none() {
                // One copy of the slice (a memcpy for plain elements).
                let mut fresh = super::pod::try_with_capacity(v.len())?;
                fresh.extend_from_slice(v);
                *v = Arc::new(fresh);
            }
        }
        Ok(self.data_mut())
    }
    /// Mutable access to the elements when no other array shares them
    /// (`None` when shared: the caller takes the path that copies).
    #[inline]
    pub fn unique_data_mut(&mut self) -> Option<&mut [T]> {
        match &mut self.data {
            Storage::One(x) => Some(std::slice::from_mut(x)),
            Storage::Many(v) => Arc::get_mut(v).map(|v| v.as_mut_slice()),
        }
    }
    /// Mutable access to the elements, cloning shared storage first
    /// (aborts when memory runs out: see `try_data_mut`).
    pub fn data_mut(&mut self) -> &mut [T] {
        match &mut self.data {
            Storage::One(x) => std::slice::from_mut(x),
            Storage::Many(v) => Arc::make_mut(v).as_mut_slice(),
        }
    }
    /// The element of a 1x1 array held inline (every scalar a computation
    /// makes is): read without a slice.
    #[inline]
    pub fn inline_scalar(&self) -> Option<&T> {
        match &self.data {
            Storage::One(x) => Some(x),
            Storage::Many(_) => None,
        }
    }
    /// The element of an inline 1x1 array, to overwrite in place (a loop
    /// counter or accumulator changes without a new value).
    #[inline]
    pub fn inline_scalar_mut(&mut self) -> Option<&mut T> {
        match &mut self.data {
            Storage::One(x) => Some(x),
            Storage::Many(_) => None,
        }
    }
    /// Grow a row (or a 0x0 empty) in place by `extra` elements that
    /// `fill` pushes, keeping the vector's spare capacity, so N appends
    /// cost O(N): `Ok(false)` (nothing changed) when the elements are
    /// shared or inline, or the result would be a single element (held
    /// inline); the out-of-memory error names the size.
    pub fn try_extend_row(
        &mut self,
        extra: usize,
        fill: impl FnOnce(&mut Vec<T>),
    ) -> Result<bool, NoMemory> {
        let n = self.numel();
        let is_row = self.dims.is_row() || (self.dims.ndims() == 2 && n == 0);
        if !is_row {
            return Ok(false);
        }
        self.extend_in_place(extra, fill, Dims::row)
    }

    /// `A(:, end+1) = b` on a matrix of one or more rows whose elements
    /// are its own: a column of `rows` elements that `fill` pushes appended
    /// in place, spare capacity kept (N appends cost O(N)). `Ok(false)`
    /// (nothing changed) for anything else (shared or inline elements, no
    /// rows, more dimensions).
    pub fn try_push_column(&mut self, fill: impl FnOnce(&mut Vec<T>)) -> Result<bool, NoMemory> {
        let [rows, cols] = self.dims.0[..] else {
            return Ok(false);
        };
        if rows == 0 {
            return Ok(false);
        }
        let Some(v) = self.own_vec_with_room(rows)? else {
            return Ok(false);
        };
        let n = v.len();
        fill(v);
        if v.len() != n + rows {
            v.truncate(n);
            return Ok(false);
        }
        self.dims.0[1] = cols + 1;
        Ok(true)
    }

    /// `x(end+1) = v`: a row (or `[]`) grows as a row, a column of two or
    /// more elements as a column, in place as `try_extend_row` does.
    pub fn try_extend_vector(
        &mut self,
        extra: usize,
        fill: impl FnOnce(&mut Vec<T>),
    ) -> Result<bool, NoMemory> {
        let d = &self.dims;
        if d.ndims() == 2 && d.cols() == 1 && d.rows() >= 2 {
            return self.extend_in_place(extra, fill, Dims::col);
        }
        self.try_extend_row(extra, fill)
    }

    /// `x(end+1) = v` on a vector of two or more elements, or a row of
    /// one held in a vector: one element pushed in place, spare capacity
    /// kept. `Ok(false)` (nothing changed) for anything else (inline or
    /// shared elements, empty arrays, matrices, more dimensions).
    #[inline]
    pub fn try_push(&mut self, x: T) -> Result<bool, NoMemory> {
        let Storage::Many(arc) = &mut self.data else {
            return Ok(false);
        };
        let d = &mut self.dims.0;
        let k = match d[..] {
            [1, c] if c >= 1 => 1,
            [r, 1] if r >= 2 => 0,
            _ => return Ok(false),
        };
        let Some(v) = Arc::get_mut(arc) else {
            return Ok(false);
        };
        if v.len() == v.capacity() {
            v.try_reserve(1).map_err(|_| NoMemory {
                bytes: (v.len() as u128 + 1) * std::mem::size_of::<T>() as u128,
                available: None,
            })?;
        }
        v.push(x);
        d[k] += 1;
        Ok(true)
    }

    /// A row of one or more elements held in its own vector, unshared,
    /// extended in place by what `fill` pushes after room for `room` more
    /// was made: `Ok(false)` (nothing done) for any other array.
    #[inline]
    pub fn try_extend_with(
        &mut self,
        room: usize,
        fill: impl FnOnce(&mut Vec<T>),
    ) -> Result<bool, NoMemory> {
        if !matches!(self.dims.0[..], [1, c] if c >= 1) {
            return Ok(false);
        }
        let Some(v) = self.own_vec_with_room(room)? else {
            return Ok(false);
        };
        fill(v);
        self.dims.0[1] = v.len();
        Ok(true)
    }

    /// The element vector when the array holds its own (not inline, not
    /// shared), with room made for `room` more elements; the out-of-memory
    /// error names the size.
    fn own_vec_with_room(&mut self, room: usize) -> Result<Option<&mut Vec<T>>, NoMemory> {
        let Storage::Many(arc) = &mut self.data else {
            return Ok(None);
        };
        let Some(v) = Arc::get_mut(arc) else {
            return Ok(None);
        };
        v.try_reserve(room).map_err(|_| NoMemory {
            bytes: (v.len() as u128 + room as u128) * std::mem::size_of::<T>() as u128,
            available: None,
        })?;
        Ok(Some(v))
    }

    fn extend_in_place(
        &mut self,
        extra: usize,
        fill: impl FnOnce(&mut Vec<T>),
        dims: fn(usize) -> Dims,
    ) -> Result<bool, NoMemory> {
        let n = self.numel();
        if n + extra < 2 {
            return Ok(false);
        }
        let Some(v) = self.own_vec_with_room(extra)? else {
            return Ok(false);
        };
        fill(v);
        debug_assert_eq!(
            v.len(),
            n + extra,
            "extend_in_place: fill pushed another count"
        );
        self.dims = dims(v.len());
        Ok(true)
    }
    /// Whether no other array shares the elements (a write needs no copy).
    pub fn is_unique(&self) -> bool {
        match &self.data {
            Storage::One(_) => true,
            Storage::Many(v) => Arc::strong_count(v) == 1 && Arc::weak_count(v) == 0,
        }
    }
    /// The element vector itself when no other array shares it; the array
    /// back otherwise (so the caller copies only what it needs).
    pub fn into_unshared_vec(self) -> Result<Vec<T>, Array<T>> {
        match self.data {
            Storage::One(x) => Ok(vec![x]),
            Storage::Many(v) => Arc::try_unwrap(v).map_err(|v| Array {
                dims: self.dims,
                data: Storage::Many(v),
            }),
        }
    }
    pub fn into_vec(self) -> Vec<T> {
        match self.data {
            Storage::One(x) => vec![x],
            Storage::Many(v) => Arc::try_unwrap(v).unwrap_or_else(|v| (*v).clone()),
        }
    }
    pub fn into_parts(self) -> (Dims, Vec<T>) {
        let dims = self.dims.clone();
        (dims, self.into_vec())
    }
    pub fn map<U: Clone>(&self, f: impl FnMut(&T) -> U) -> Array<U> {
        Array::new(self.dims.clone(), self.data().iter().map(f).collect())
    }
    /// `map`, or why its result does not fit in memory.
    pub fn try_map<U: Clone>(&self, f: impl FnMut(&T) -> U) -> Result<Array<U>, NoMemory> {
        let v = try_collect(self.numel(), self.data().iter().map(f))?;
        Ok(Array::new(self.dims.clone(), v))
    }
    /// Reshape to a column (`A(:)`).
    pub fn to_col(&self) -> Array<T> {
        let mut a = self.clone();
        a.dims = Dims::col(a.numel());
        a
    }
    /// Plain 2-D transpose (no conjugation), or why it does not fit in
    /// memory. Callers check `is_matrix`.
    pub fn transpose(&self) -> Result<Array<T>, NoMemory> {
        self.transpose_map(T::clone)
    }
    /// The 2-D transpose of `f` of each element (`A'` conjugates), in one
    /// pass and one fallible allocation.
    pub fn transpose_map<U: Clone>(
        &self,
        mut f: impl FnMut(&T) -> U,
    ) -> Result<Array<U>, NoMemory> {
        let (r, c) = (self.dims.rows(), self.dims.trailing());
        let src = self.data();
        let out = try_collect(
            src.len(),
            (0..r)
                .flat_map(|i| (0..c).map(move |j| i + j * r))
                .map(|k| f(&src[k])),
        )?;
        Ok(Array::new(Dims::mat(c, r), out))
    }
    /// Elements of column `c` of the 2-D view.
    pub fn column(&self, c: usize) -> &[T] {
        let r = self.dims.rows();
        &self.data()[c * r..(c + 1) * r]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dims_normalize_trailing_ones() {
        assert_eq!(Dims::new(&[2, 3, 1, 1]).as_slice(), &[2, 3]);
        assert_eq!(Dims::new(&[4]).as_slice(), &[4, 1]);
        assert_eq!(Dims::new(&[2, 1, 3]).as_slice(), &[2, 1, 3]);
    }

    #[test]
    fn copy_on_write_shares_until_written() {
        let a = Array::row(vec![1.0, 2.0, 3.0]);
        let mut b = a.clone();
        assert!(a.shares_storage(&b));
        b.data_mut()[0] = 9.0;
        assert!(!a.shares_storage(&b));
        assert_eq!(a.data(), &[1.0, 2.0, 3.0]);
        assert_eq!(b.data(), &[9.0, 2.0, 3.0]);
    }

    #[test]
    fn fallible_copies_and_maps_give_the_same_arrays() {
        let a = Array::row(vec![1.0, 2.0, 3.0]);
        let mut b = a.clone();
        b.try_data_mut().unwrap()[1] = 7.0;
        assert!(!a.shares_storage(&b));
        assert_eq!(b.data(), &[1.0, 7.0, 3.0]);
        assert_eq!(a.try_map(|x| x * 2.0).unwrap(), a.map(|x| x * 2.0));
        // Unshared storage is written in place.
        let before = b.data().as_ptr();
        b.try_data_mut().unwrap()[0] = 0.0;
        assert_eq!(b.data().as_ptr(), before);
    }

    #[test]
    fn transpose_is_column_major() {
        let a = Array::new(Dims::mat(2, 3), vec![1, 2, 3, 4, 5, 6]);
        let t = a.transpose().unwrap();
        assert_eq!(t.dims().as_slice(), &[3, 2]);
        assert_eq!(t.data(), &[1, 3, 5, 2, 4, 6]);
        let m = a.transpose_map(|&x| x * 10).unwrap();
        assert_eq!(m.data(), &[10, 30, 50, 20, 40, 60]);
        let e: Array<i32> = Array::empty_with(Dims::mat(0, 3));
        assert_eq!(e.transpose().unwrap().dims().as_slice(), &[3, 0]);
    }

    #[test]
    fn an_unshared_vector_is_handed_over_and_a_shared_one_given_back() {
        let a = Array::row(vec![1.0, 2.0, 3.0]);
        let b = a.clone();
        let back = b.into_unshared_vec().unwrap_err();
        assert!(back.shares_storage(&a));
        drop(back);
        assert_eq!(a.into_unshared_vec().unwrap(), vec![1.0, 2.0, 3.0]);
        assert_eq!(Array::scalar(4).into_unshared_vec().unwrap(), vec![4]);
    }
}
