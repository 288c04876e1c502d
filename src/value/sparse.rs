//! Sparse matrices: 2-D compressed sparse column storage of real double,
//! complex double or logical elements, as MATLAB keeps them.
//!
//! A `Csc<T>` holds, per column, the row indices of its stored elements in
//! increasing order (`rowidx[colptr[j]..colptr[j + 1]]`) and their values.
//! Stored values are never zero: every constructor and operation drops the
//! zeros it makes, so memory follows the number of nonzeros and a
//! `speye(1e6)` takes a few megabytes. This module knows nothing of the
//! interpreter: the builtins live in `builtins::sparse`.

use super::pod::{alloc_vec, checked_numel};
use super::{Array, Class, Dims, C64};
use crate::error::{Error, Result};

/// The element types a sparse matrix can hold, with their zero.
pub trait SpElem: Clone + PartialEq + std::fmt::Debug {
    fn zero() -> Self;
    fn is_zero(&self) -> bool;
}

impl SpElem for f64 {
    fn zero() -> Self {
        0.0
    }
    fn is_zero(&self) -> bool {
        *self == 0.0
    }
}

impl SpElem for C64 {
    fn zero() -> Self {
        C64::new(0.0, 0.0)
    }
    fn is_zero(&self) -> bool {
        self.re == 0.0 && self.im == 0.0
    }
}

impl SpElem for bool {
    fn zero() -> Self {
        false
    }
    fn is_zero(&self) -> bool {
        !*self
    }
}

/// A compressed sparse column matrix of `T`.
#[derive(Clone, Debug, PartialEq)]
pub struct Csc<T> {
    pub rows: usize,
    pub cols: usize,
    /// `cols + 1` offsets into `rowidx`/`vals`.
    pub colptr: Vec<usize>,
    /// Row of each stored element, increasing within a column.
    pub rowidx: Vec<usize>,
    /// The stored (nonzero) elements.
    pub vals: Vec<T>,
}

/// A sparse matrix of one of MATLAB's three sparse classes.
#[derive(Clone, Debug)]
pub struct SparseMatrix {
    /// The elements; replace them only through `SparseMatrix::new`, which
    /// keeps `dims` in step.
    pub data: SpData,
    /// rows x cols, for `Value::dims_ref`.
    pub dims: Dims,
    /// Room asked for (`spalloc`, `sparse(i,j,v,m,n,nzmax)`); at least
    /// `max(nnz, 1)`, what `nzmax` reports.
    pub nzmax: usize,
}

impl PartialEq for SparseMatrix {
    /// Same class, size and elements (the room reserved does not count).
    fn eq(&self, other: &Self) -> bool {
        self.data == other.data
    }
}

/// The elements of a sparse matrix.
#[derive(Clone, Debug, PartialEq)]
pub enum SpData {
    Real(Csc<f64>),
    Complex(Csc<C64>),
    Bool(Csc<bool>),
}

/// `f` applied to the `Csc` inside any `SpData`, giving a result of one type.
#[macro_export]
macro_rules! each_sp {
    ($v:expr, |$a:ident| $body:expr) => {
        match $v {
            $crate::value::sparse::SpData::Real($a) => $body,
            $crate::value::sparse::SpData::Complex($a) => $body,
            $crate::value::sparse::SpData::Bool($a) => $body,
        }
    };
}

/// `f` applied to the `Csc` inside any `SpData`, giving `SpData` of the
/// same class.
#[macro_export]
macro_rules! map_sp {
    ($v:expr, |$a:ident| $body:expr) => {
        match $v {
            $crate::value::sparse::SpData::Real($a) => $crate::value::sparse::SpData::Real($body),
            $crate::value::sparse::SpData::Complex($a) => {
                $crate::value::sparse::SpData::Complex($body)
            }
            $crate::value::sparse::SpData::Bool($a) => $crate::value::sparse::SpData::Bool($body),
        }
    };
}

/// A vector of `n` elements, or the out-of-memory error.
pub fn vec_with<T>(n: usize) -> Result<Vec<T>> {
    alloc_vec(n)
}

impl<T: SpElem> Csc<T> {
    /// The all-zero `rows`x`cols` matrix.
    pub fn zeros(rows: usize, cols: usize) -> Result<Csc<T>> {
        let n = cols.checked_add(1).ok_or_else(super::pod::too_large)?;
        let mut colptr = vec_with(n)?;
        colptr.resize(n, 0);
        Ok(Csc {
            rows,
            cols,
            colptr,
            rowidx: Vec::new(),
            vals: Vec::new(),
        })
    }

    pub fn nnz(&self) -> usize {
        self.vals.len()
    }

    /// The stored range of column `j`.
    pub fn col_range(&self, j: usize) -> std::ops::Range<usize> {
        self.colptr[j]..self.colptr[j + 1]
    }

    /// Element (r, c), 0-based (zero when not stored).
    pub fn get(&self, r: usize, c: usize) -> T {
        let range = self.col_range(c);
        match self.rowidx[range.clone()].binary_search(&r) {
            Ok(k) => self.vals[range.start + k].clone(),
            Err(_) => T::zero(),
        }
    }

    /// Every stored element as (row, col, value), column by column.
    pub fn iter(&self) -> impl Iterator<Item = (usize, usize, &T)> + '_ {
        (0..self.cols).flat_map(move |j| {
            self.col_range(j)
                .map(move |k| (self.rowidx[k], j, &self.vals[k]))
        })
    }

    /// From triplets (0-based, inside the size), sorted by column then row;
    /// duplicates combined by `add`, zeros dropped.
    pub fn from_triplets(
        rows: usize,
        cols: usize,
        mut trip: Vec<(usize, usize, T)>,
        add: impl Fn(&T, &T) -> T,
    ) -> Result<Csc<T>> {
        trip.sort_by_key(|a| (a.1, a.0));
        let mut out = Csc::zeros(rows, cols)?;
        let mut rowidx: Vec<usize> = vec_with(trip.len())?;
        let mut vals: Vec<T> = vec_with(trip.len())?;
        let mut counts = vec_with::<usize>(cols)?;
        counts.resize(cols, 0);
        let mut it = trip.into_iter().peekable();
        while let Some((r, c, v)) = it.next() {
            let mut acc = v;
            while let Some((r2, c2, v2)) = it.peek() {
                if *r2 == r && *c2 == c {
                    acc = add(&acc, v2);
                    it.next();
                } else {
                    break;
                }
            }
            if !acc.is_zero() {
                rowidx.push(r);
                vals.push(acc);
                counts[c] += 1;
            }
        }
        for (j, &n) in counts.iter().enumerate() {
            out.colptr[j + 1] = out.colptr[j] + n;
        }
        out.rowidx = rowidx;
        out.vals = vals;
        Ok(out)
    }

    /// The nonzeros of a dense 2-D array.
    pub fn from_dense(a: &Array<T>) -> Result<Csc<T>>
    where
        T: Clone,
    {
        let (rows, cols) = (a.rows(), a.dims().trailing());
        let mut out = Csc::zeros(rows, cols)?;
        let nz = a.data().iter().filter(|x| !x.is_zero()).count();
        out.rowidx = vec_with(nz)?;
        out.vals = vec_with(nz)?;
        let data = a.data();
        for j in 0..cols {
            for i in 0..rows {
                let x = &data[i + j * rows];
                if !x.is_zero() {
                    out.rowidx.push(i);
                    out.vals.push(x.clone());
                }
            }
            out.colptr[j + 1] = out.vals.len();
        }
        Ok(out)
    }

    /// The full matrix, or the out-of-memory error naming its size.
    pub fn to_dense(&self) -> Result<Array<T>> {
        let n = checked_numel(&[self.rows, self.cols])?;
        let mut data = vec_with(n)?;
        data.resize(n, T::zero());
        for (r, c, v) in self.iter() {
            data[r + c * self.rows] = v.clone();
        }
        Ok(Array::new(Dims::mat(self.rows, self.cols), data))
    }

    /// Each stored element through `f`; zeros `f` makes are dropped (only
    /// right for `f(0) == 0`: the unstored elements stay zero).
    pub fn map_nz<U: SpElem>(&self, mut f: impl FnMut(&T) -> U) -> Result<Csc<U>> {
        let mut out = Csc::<U>::zeros(self.rows, self.cols)?;
        out.rowidx = vec_with(self.nnz())?;
        out.vals = vec_with(self.nnz())?;
        for j in 0..self.cols {
            for k in self.col_range(j) {
                let y = f(&self.vals[k]);
                if !y.is_zero() {
                    out.rowidx.push(self.rowidx[k]);
                    out.vals.push(y);
                }
            }
            out.colptr[j + 1] = out.vals.len();
        }
        Ok(out)
    }

    /// The transpose, each element through `f` (conjugation).
    pub fn transpose_with(&self, f: impl Fn(&T) -> T) -> Result<Csc<T>> {
        let mut out = Csc::<T>::zeros(self.cols, self.rows)?;
        let nnz = self.nnz();
        let mut count = vec_with::<usize>(self.rows + 1)?;
        count.resize(self.rows + 1, 0);
        for &r in &self.rowidx {
            count[r + 1] += 1;
        }
        for r in 0..self.rows {
            count[r + 1] += count[r];
        }
        out.colptr.copy_from_slice(&count);
        let mut rowidx = vec_with::<usize>(nnz)?;
        rowidx.resize(nnz, 0);
        let mut vals: Vec<Option<T>> = vec_with(nnz)?;
        vals.resize(nnz, None);
        for j in 0..self.cols {
            for k in self.col_range(j) {
                let r = self.rowidx[k];
                let dst = count[r];
                count[r] += 1;
                rowidx[dst] = j;
                vals[dst] = Some(f(&self.vals[k]));
            }
        }
        out.rowidx = rowidx;
        out.vals = vals.into_iter().flatten().collect();
        Ok(out)
    }

    /// Drops stored zeros (after an operation that may make them).
    pub fn prune(&mut self) {
        let mut w = 0;
        let mut start = 0;
        for j in 0..self.cols {
            let end = self.colptr[j + 1];
            for k in start..end {
                if !self.vals[k].is_zero() {
                    self.rowidx[w] = self.rowidx[k];
                    self.vals.swap(w, k);
                    w += 1;
                }
            }
            start = end;
            self.colptr[j + 1] = w;
        }
        self.rowidx.truncate(w);
        self.vals.truncate(w);
    }

    /// The same elements in a `rows`x`cols` matrix of the same count.
    pub fn reshaped(&self, rows: usize, cols: usize) -> Result<Csc<T>> {
        let mut b = Csc::builder(rows, cols, self.nnz())?;
        let mut trip: Vec<(usize, usize, T)> = vec_with(self.nnz())?;
        for (r, c, v) in self.iter() {
            // Linear index in u128: never overflows for any usize sizes.
            let lin = r as u128 + c as u128 * self.rows as u128;
            let (nr, nc) = if rows == 0 {
                (0, 0)
            } else {
                ((lin % rows as u128) as usize, (lin / rows as u128) as usize)
            };
            trip.push((nr, nc, v.clone()));
        }
        // Column-major order is kept, so the triplets come sorted.
        let mut it = trip.into_iter().peekable();
        for j in 0..cols {
            while let Some((r, _, v)) = it.next_if(|t| t.1 == j) {
                b.push(r, v);
            }
            b.end_col();
        }
        Ok(b.finish())
    }

    /// A builder that appends columns in order.
    pub fn builder(rows: usize, cols: usize, cap: usize) -> Result<Builder<T>> {
        let mut colptr = vec_with(cols.checked_add(1).ok_or_else(super::pod::too_large)?)?;
        colptr.push(0);
        Ok(Builder {
            rows,
            cols,
            colptr,
            rowidx: vec_with(cap.min(1 << 24))?,
            vals: vec_with(cap.min(1 << 24))?,
        })
    }
}

/// Builds a `Csc` column by column: `push` elements of the current column
/// with increasing rows, `end_col` after each column.
pub struct Builder<T> {
    rows: usize,
    cols: usize,
    colptr: Vec<usize>,
    rowidx: Vec<usize>,
    vals: Vec<T>,
}

impl<T: SpElem> Builder<T> {
    /// Appends (row, value) to the current column; zeros are not stored.
    pub fn push(&mut self, r: usize, v: T) {
        if !v.is_zero() {
            self.rowidx.push(r);
            self.vals.push(v);
        }
    }
    pub fn end_col(&mut self) {
        self.colptr.push(self.vals.len());
    }
    pub fn finish(mut self) -> Csc<T> {
        while self.colptr.len() < self.cols + 1 {
            self.colptr.push(self.vals.len());
        }
        Csc {
            rows: self.rows,
            cols: self.cols,
            colptr: self.colptr,
            rowidx: self.rowidx,
            vals: self.vals,
        }
    }
}

impl SparseMatrix {
    pub fn new(data: SpData) -> SparseMatrix {
        let nnz = data.nnz();
        SparseMatrix {
            dims: Dims::mat(data.rows(), data.cols()),
            data,
            nzmax: nnz.max(1),
        }
    }
    pub fn real(c: Csc<f64>) -> SparseMatrix {
        SparseMatrix::new(SpData::Real(c))
    }
    pub fn complex(c: Csc<C64>) -> SparseMatrix {
        SparseMatrix::new(SpData::Complex(c)).narrowed()
    }
    pub fn logical(c: Csc<bool>) -> SparseMatrix {
        SparseMatrix::new(SpData::Bool(c))
    }
    pub fn rows(&self) -> usize {
        self.data.rows()
    }
    pub fn cols(&self) -> usize {
        self.data.cols()
    }
    pub fn nnz(&self) -> usize {
        self.data.nnz()
    }
    /// Whether its elements are complex.
    pub fn is_complex_data(&self) -> bool {
        matches!(self.data, SpData::Complex(_))
    }
    pub fn class(&self) -> Class {
        match self.data {
            SpData::Bool(_) => Class::Logical,
            _ => Class::Double,
        }
    }
    /// Complex values whose imaginary parts are all zero become real.
    pub fn narrowed(self) -> SparseMatrix {
        match self.data {
            SpData::Complex(c) if c.vals.iter().all(|z| z.im == 0.0) => {
                let nzmax = self.nzmax;
                let Csc {
                    rows,
                    cols,
                    colptr,
                    rowidx,
                    vals,
                } = c;
                let mut out = SparseMatrix::new(SpData::Real(Csc {
                    rows,
                    cols,
                    colptr,
                    rowidx,
                    vals: vals.into_iter().map(|z| z.re).collect(),
                }));
                out.nzmax = nzmax;
                out
            }
            data => SparseMatrix {
                dims: self.dims,
                data,
                nzmax: self.nzmax,
            },
        }
    }
    /// Bytes of storage (as MATLAB's `whos` counts them).
    pub fn byte_size(&self) -> usize {
        let elem = match self.data {
            SpData::Real(_) => 8,
            SpData::Complex(_) => 16,
            SpData::Bool(_) => 1,
        };
        self.nnz() * (elem + 8) + (self.cols() + 1) * 8
    }
    /// The same elements as a `rows`x`cols` matrix (column-major order kept).
    pub fn reshaped(&self, rows: usize, cols: usize) -> Result<SparseMatrix> {
        let data = crate::map_sp!(&self.data, |c| c.reshaped(rows, cols)?);
        Ok(SparseMatrix::new(data))
    }
    /// The values as real doubles (logical converts; complex keeps the real part).
    pub fn to_real(&self) -> Result<Csc<f64>> {
        match &self.data {
            SpData::Real(c) => Ok(c.clone()),
            SpData::Bool(c) => c.map_nz(|&b| if b { 1.0 } else { 0.0 }),
            SpData::Complex(c) => c.map_nz(|z| z.re),
        }
    }
    /// The values as complex doubles.
    pub fn to_complex(&self) -> Result<Csc<C64>> {
        match &self.data {
            SpData::Complex(c) => Ok(c.clone()),
            SpData::Real(c) => c.map_nz(|&x| C64::new(x, 0.0)),
            SpData::Bool(c) => c.map_nz(|&b| C64::new(if b { 1.0 } else { 0.0 }, 0.0)),
        }
    }
    /// Nonzero pattern as logical (NaN is nonzero, as `logical(S)` refuses
    /// NaN: callers check).
    pub fn to_bool(&self) -> Result<Csc<bool>> {
        match &self.data {
            SpData::Bool(c) => Ok(c.clone()),
            SpData::Real(c) => c.map_nz(|&x| x != 0.0),
            SpData::Complex(c) => c.map_nz(|z| !z.is_zero()),
        }
    }
}

impl SpData {
    pub fn rows(&self) -> usize {
        crate::each_sp!(self, |c| c.rows)
    }
    pub fn cols(&self) -> usize {
        crate::each_sp!(self, |c| c.cols)
    }
    pub fn nnz(&self) -> usize {
        crate::each_sp!(self, |c| c.nnz())
    }
    /// Positions of the stored elements: (rowidx, colptr).
    pub fn pattern(&self) -> (&[usize], &[usize]) {
        crate::each_sp!(self, |c| (&c.rowidx[..], &c.colptr[..]))
    }
}

/// The error for a size too large to make full.
pub fn too_big_for_full(fname: &str) -> Error {
    Error::new(format!(
        "{fname}: not supported for sparse matrices of this size"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triplets_accumulate_and_drop_zeros() {
        let c = Csc::from_triplets(
            3,
            2,
            vec![
                (0, 1, 2.0),
                (2, 0, 1.0),
                (0, 1, 3.0),
                (1, 0, 4.0),
                (1, 0, -4.0),
            ],
            |a, b| a + b,
        )
        .unwrap();
        assert_eq!(c.colptr, vec![0, 1, 2]);
        assert_eq!(c.rowidx, vec![2, 0]);
        assert_eq!(c.vals, vec![1.0, 5.0]);
        assert_eq!(c.get(0, 1), 5.0);
        assert_eq!(c.get(1, 1), 0.0);
    }

    #[test]
    fn transpose_and_dense_round_trip() {
        let a = Array::new(Dims::mat(2, 3), vec![1.0, 0.0, 0.0, 2.0, 3.0, 4.0]);
        let c = Csc::from_dense(&a).unwrap();
        assert_eq!(c.nnz(), 4);
        let t = c.transpose_with(|x| *x).unwrap();
        assert_eq!(t.rows, 3);
        let back = t.transpose_with(|x| *x).unwrap();
        assert_eq!(back, c);
        assert_eq!(back.to_dense().unwrap(), a);
    }

    #[test]
    fn huge_identity_is_cheap() {
        let n = 1_000_000;
        let mut b = Csc::<f64>::builder(n, n, n).unwrap();
        for j in 0..n {
            b.push(j, 1.0);
            b.end_col();
        }
        let c = b.finish();
        assert_eq!(c.nnz(), n);
        assert!(c.to_dense().is_err());
    }
}
