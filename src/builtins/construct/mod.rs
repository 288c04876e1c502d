//! Builtins: array construction (`zeros`, `ones`, `eye`, `true`, `false`,
//! `magic`, `linspace`, `colon`, `repmat`, `reshape`) and the range kernel
//! behind `a:b:c`.
//!
//! Submodules: `concat` (`[a b; c d]`, `cat`, `horzcat`, `vertcat`),
//! `shape` (`diag`, `tril`, `rot90`, `circshift`, `meshgrid`...), `query`
//! (`size`, `numel`, `class`, `is*` predicates, `double`, `logical`,
//! `ind2sub`, `sub2ind`), `magic` (Octave's magic-square algorithm),
//! `special` (toeplitz, hankel, vander, hilb, invhilb, pascal, rosser,
//! wilkinson).

// `Error` is the crate-wide error type (shared, not ours to shrink); every
// builtin returns it, so clippy's size lint is noise here.

mod concat;
mod magic;
mod query;
mod shape;
mod special;

pub use concat::concat;

use super::util::{
    alloc_vec, checked_numel, filled, nargchk, parse_size, split_class, to_extent, too_large,
    too_many, Classes, MAX_NUMEL,
};
use super::{Builtin, Ctx};
use crate::error::{Error, Result};
use crate::value::{Array, Class, Dims, Value};

/// Applies a class-generic array expression to any non-struct value.
pub(crate) use crate::{each_array, each_class};

pub const TABLE: &[Builtin] = &[
    b("zeros", zeros),
    b("ones", ones),
    b("eye", eye),
    b("true", true_),
    b("false", false_),
    b("magic", magic::magic),
    b("toeplitz", special::toeplitz),
    b("hankel", special::hankel),
    b("vander", special::vander),
    b("hilb", special::hilb),
    b("invhilb", special::invhilb),
    b("pascal", special::pascal),
    b("rosser", special::rosser),
    b("wilkinson", special::wilkinson),
    b("gallery", special::gallery),
    b("linspace", linspace),
    b("colon", colon),
    b("repmat", repmat),
    b("reshape", reshape),
    b("cat", concat::cat),
    b("horzcat", concat::horzcat),
    b("vertcat", concat::vertcat),
    b("diag", shape::diag),
    b("tril", shape::tril),
    b("triu", shape::triu),
    b("fliplr", shape::fliplr),
    b("flipud", shape::flipud),
    b("flip", shape::flip),
    b("rot90", shape::rot90),
    b("circshift", shape::circshift),
    b("shiftdim", shape::shiftdim),
    b("prepad", shape::prepad),
    b("postpad", shape::postpad),
    b("permute", shape::permute),
    b("ipermute", shape::ipermute),
    b("squeeze", shape::squeeze),
    b("meshgrid", shape::meshgrid),
    b("numel", query::numel),
    b("ndims", query::ndims),
    b("rows", query::rows),
    b("columns", query::columns),
    b("size", query::size),
    b("length", query::length),
    b("isempty", query::isempty),
    b("isscalar", query::isscalar),
    b("isvector", query::isvector),
    b("isrow", query::isrow),
    b("iscolumn", query::iscolumn),
    b("ismatrix", query::ismatrix),
    b("issquare", query::issquare),
    b("class", query::class),
    b("logical", query::logical),
    b("islogical", query::islogical),
    b("isbool", query::islogical),
    b("isnumeric", query::isnumeric),
    b("ischar", query::ischar),
    b("ind2sub", query::ind2sub),
    b("sub2ind", query::sub2ind),
];

const fn b(name: &'static str, func: super::BuiltinFn) -> Builtin {
    Builtin {
        name,
        func,
        calls_back: false,
    }
}

/// A filled array of the class requested by trailing class arguments.
fn fill_value(fname: &str, args: &[Value], x: f64) -> Result<Value> {
    let (size_args, class) = split_class(fname, args, Classes::NumericOrLogical)?;
    class.filled(parse_size(fname, size_args)?, x)
}

/// zeros: array of zeros.
///
/// `X = zeros(N)` is an N-by-N matrix of zeros; `zeros(M, N, ...)` or
/// `zeros([M N ...])` an array of that size; `zeros` alone is the scalar
/// 0.
///
/// `X = zeros(..., CLASSNAME)` makes an array of that numeric class
/// ('double', 'single', 'int8', ..., 'uint64', 'logical');
/// `zeros(..., 'like', P)` takes the class of P.
///
/// ```text
/// >> zeros(1, 3)
/// ans =
///
///    0   0   0
/// >> zeros(2, 2, 'like', int8(1))
/// ans =
///
///   0  0
///   0  0
/// ```
fn zeros(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    Ok(vec![fill_value("zeros", &a, 0.0)?])
}

/// ones: array of ones.
///
/// `X = ones(N)` is an N-by-N matrix of ones; `ones(M, N, ...)` or
/// `ones([M N ...])` an array of that size; `ones` alone is the scalar 1.
///
/// `X = ones(..., CLASSNAME)` makes an array of that numeric class
/// ('double', 'single', 'int8', ..., 'uint64', 'logical');
/// `ones(..., 'like', P)` takes the class of P.
///
/// ```text
/// >> ones(2, 3)
/// ans =
///
///    1   1   1
///    1   1   1
/// >> ones([2 1], 'int8')
/// ans =
///
///   1
///   1
/// ```
fn ones(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    Ok(vec![fill_value("ones", &a, 1.0)?])
}

/// true: logical true, or an array of it.
///
/// `T = true` is the logical scalar 1; `true(N)` is an N-by-N logical
/// matrix of ones, `true(M, N, ...)` or `true([M N ...])` an array of that
/// size.
///
/// ```text
/// >> true(1, 3)
/// ans =
///
///   1  1  1
/// ```
fn true_(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    let (size_args, _) = split_class("true", &a, Classes::Logical)?;
    let dims = parse_size("true", size_args)?;
    Ok(vec![Value::Bool(filled(dims, true)?)])
}

/// false: logical zero, or an array of logical zeros.
///
/// `tf = false` returns the logical scalar 0.
///
/// `T = false(n)`, `T = false(m, n, ...)` or `T = false([m n ...])` return a
/// logical array of that size filled with false (n alone gives n-by-n).
///
/// ```text
/// >> false
/// ans = 0
/// >> false(2, 3)
/// ans =
///
///   0  0  0
///   0  0  0
/// >> class(false)
/// ans = logical
/// ```
fn false_(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    let (size_args, _) = split_class("false", &a, Classes::Logical)?;
    let dims = parse_size("false", size_args)?;
    Ok(vec![Value::Bool(filled(dims, false)?)])
}

/// eye: identity matrix.
///
/// `I = eye(n)` returns the n-by-n identity matrix; `eye` alone is 1.
///
/// `I = eye(m, n)` or `I = eye([m n])` returns an m-by-n matrix with ones on
/// the main diagonal and zeros elsewhere.
///
/// A trailing class name (`'single'`, `'int8'`, `'logical'`...) or `'like', p`
/// chooses the class of the result.
///
/// ```text
/// >> A = eye(3); A(1, 3) = 5
/// A =
///
///    1   0   5
///    0   1   0
///    0   0   1
/// >> eye(2, 3) + 1
/// ans =
///
///    2   1   1
///    1   2   1
/// ```
fn eye(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    let (size_args, class) = split_class("eye", &a, Classes::NumericOrLogical)?;
    let dims = parse_size("eye", size_args)?;
    if dims.ndims() > 2 {
        return Err(Error::with_id(
            "Octave:invalid-fun-call",
            "Invalid call to eye",
        ));
    }
    Ok(vec![class.of_doubles(identity(dims, 0.0, 1.0)?)?])
}

/// A matrix of `zero` with `one` on its diagonal (checked size).
fn identity<T: Clone>(dims: Dims, zero: T, one: T) -> Result<Array<T>> {
    let (r, c) = (dims.rows(), dims.cols());
    let mut m = filled(dims, zero)?;
    let data = m.data_mut();
    for k in 0..r.min(c) {
        if let Some(x) = data.get_mut(k + k * r) {
            *x = one.clone();
        }
    }
    Ok(m)
}

// ----- ranges -----

/// Hagerty's tolerant floor (Octave's `xtfloor`).
fn tfloor(x: f64, ct: f64) -> f64 {
    let q = if x < 0.0 { 1.0 - ct } else { 1.0 };
    let rmax = q / (2.0 - ct);
    let mut t1 = 1.0 + x.floor();
    t1 = (ct / q) * t1.abs();
    t1 = t1.min(rmax);
    t1 = t1.max(ct);
    t1 = (x + t1).floor();
    if x <= 0.0 || (t1 - x) < rmax {
        t1
    } else {
        t1 - 1.0
    }
}

/// Tolerant equality (Octave's `xteq`).
fn teq(u: f64, v: f64, ct: f64) -> bool {
    (u - v).abs() < u.abs().max(v.abs()) * ct
}

/// Number of elements of `base:inc:limit` (Octave's algorithm); `None`
/// when infinite.
fn range_count(base: f64, inc: f64, limit: f64) -> Option<f64> {
    if inc == 0.0 || (limit > base && inc < 0.0) || (limit < base && inc > 0.0) {
        return Some(0.0);
    }
    // One element when the first step already passes the limit (this also
    // covers infinite increments): Octave 7 gives 0.1:0.2:0.3 == 0.1.
    if (limit <= base && base + inc < limit) || (limit >= base && base + inc > limit) {
        return Some(1.0);
    }
    let ct = 3.0 * f64::EPSILON;
    let tmp = tfloor((limit - base + inc) / inc, ct);
    if !tmp.is_finite() {
        return None;
    }
    let mut n = if tmp > 0.0 { tmp } else { 0.0 };
    if !teq(base + (n - 1.0) * inc, limit, ct) {
        if teq(base + (n - 2.0) * inc, limit, ct) {
            n -= 1.0;
        } else if teq(base + n * inc, limit, ct) {
            n += 1.0;
        }
    }
    Some(n)
}

/// The elements of `start:step:stop` without storing them (a `for` loop
/// walks a range this way): element `k` is `start + k*step`, the last one
/// clamped to `stop` (and rounded when `start` and `step` are integers),
/// so `get` gives exactly the values `range` stores.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Colon {
    start: f64,
    step: f64,
    last: f64,
    /// Number of elements (1 for a NaN operand: the range is a 1x1 NaN).
    pub len: u64,
}

impl Colon {
    /// `None` when the range has infinitely many elements.
    pub fn new(start: f64, step: f64, stop: f64) -> Option<Colon> {
        if start.is_nan() || step.is_nan() || stop.is_nan() {
            return Some(Colon {
                start: f64::NAN,
                step: 0.0,
                last: f64::NAN,
                len: 1,
            });
        }
        let n = range_count(start, step, stop)?;
        let len = if n >= u64::MAX as f64 {
            u64::MAX
        } else {
            n as u64
        };
        let mut last = start + (n - 1.0) * step;
        if n > 1.0 && ((step > 0.0 && last >= stop) || (step < 0.0 && last <= stop)) {
            last = stop;
        }
        if start.fract() == 0.0 && step.fract() == 0.0 {
            last = last.round();
        }
        Some(Colon {
            start,
            step,
            last,
            len,
        })
    }

    /// Element `k` (0-based, `k < len`).
    pub fn get(&self, k: u64) -> f64 {
        if k == 0 {
            self.start
        } else if k + 1 == self.len {
            self.last
        } else {
            self.start + k as f64 * self.step
        }
    }

    /// The first `len` elements of a range with no end (`1:Inf`), for a
    /// loop that stops early.
    pub fn unbounded(start: f64, step: f64, len: u64) -> Colon {
        Colon {
            start,
            step,
            last: start + len.saturating_sub(1) as f64 * step,
            len,
        }
    }
}

/// The row vector `start:step:stop` with MATLAB/Octave range semantics:
/// elements `start + k*step`, the last one clamped to `stop`, 1x0 when
/// empty, a 1x1 NaN when any operand is NaN.
pub fn range(start: f64, step: f64, stop: f64) -> Result<Value> {
    let Some(c) = Colon::new(start, step, stop) else {
        return Err(Error::new(
            "range with infinite number of elements cannot be stored",
        ));
    };
    if c.len > MAX_NUMEL as u64 {
        return Err(too_many(c.len as f64));
    }
    if c.len == 0 {
        return Ok(Value::Num(Array::empty_with(Dims::mat(1, 0))));
    }
    let mut v = crate::ops::alloc_vec(c.len as usize)?;
    v.extend((0..c.len).map(|k| c.get(k)));
    Ok(Value::row(v))
}

/// What the operands of one colon expression (`a:b:c`, `colon(a, b, c)`)
/// were, for Octave's warnings once all of them are read.
#[derive(Default)]
pub struct ColonOperands {
    nonscalar: bool,
    complex: bool,
    /// The class the range has: the first integer operand's, else single
    /// when an operand is single (`single(0):0.5:2` is single); `None` for
    /// double.
    class: Option<Class>,
}

impl ColonOperands {
    /// The number a colon operand stands for, as MATLAB and Octave read it:
    /// the real part of its first element; `None` when it is empty (the
    /// range is then empty).
    pub fn read(&mut self, v: &Value) -> Result<Option<f64>> {
        self.nonscalar |= v.numel() > 1;
        match v {
            Value::Int(x) if !self.class.is_some_and(|c| c.is_integer()) => {
                self.class = Some(x.class())
            }
            Value::Single(_) | Value::SingleComplex(_) if self.class.is_none() => {
                self.class = Some(Class::Single)
            }
            _ => {}
        }
        let first = match v {
            Value::Num(a) => a.data().first().copied(),
            Value::Complex(a) => {
                self.complex = true;
                a.data().first().map(|z| z.re)
            }
            Value::Bool(a) => a.data().first().map(|&b| f64::from(u8::from(b))),
            Value::Char(a) => a.data().first().map(|&c| f64::from(c)),
            Value::SingleComplex(a) => {
                self.complex = true;
                a.data().first().map(|z| f64::from(z.re))
            }
            Value::Single(_) | Value::Int(_) | Value::Sparse(_) => {
                v.to_num_array("colon")?.data().first().copied()
            }
            Value::Cell(_) | Value::Struct(_) | Value::Func(_) => {
                return Err(Error::wrong_type("colon", v.class_name()))
            }
        };
        Ok(first)
    }

    /// The class of the range the operands make (`None`: double).
    pub fn class(&self) -> Option<Class> {
        self.class
    }

    /// Octave's warnings for non-scalar and complex operands (MATLAB uses
    /// the same numbers).
    pub fn warn(&self) {
        if self.nonscalar {
            crate::error::warn_id(
                "Octave:colon-nonscalar-argument",
                "colon arguments should be scalars",
            );
        }
        if self.complex {
            crate::error::warn_id(
                "Octave:colon-complex-argument",
                "imaginary part of complex colon arguments is ignored",
            );
        }
    }
}

/// `range` in the class of its operands: an integer range needs an
/// integer step (Octave's error otherwise); a single range is rounded to
/// single.
pub fn range_in(class: Option<Class>, start: f64, step: f64, stop: f64) -> Result<Value> {
    if class.is_some_and(|c| c.is_integer()) && step.fract() != 0.0 {
        return Err(Error::new(
            "colon operator increment invalid (not an integer)",
        ));
    }
    crate::ops::classes::in_class(class, range(start, step, stop)?)
}

/// colon: a regularly spaced row vector, the function form of `:`.
///
/// `v = colon(a, b)` is `a:b`, the row [a, a+1, ..., b] (empty when a > b).
///
/// `v = colon(a, step, b)` is `a:step:b`, from a in steps of step up to
/// (or, for negative step, down to) b without passing it.
///
/// ```text
/// >> colon(1, 4)
/// ans =
///
///    1   2   3   4
/// >> colon(1, 2, 7)
/// ans =
///
///    1   3   5   7
/// >> colon(5, -2, 0)
/// ans =
///
///    5   3   1
/// ```
fn colon(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("colon", a.len(), 2, 3)?;
    let mut operands = ColonOperands::default();
    let mut xs = Vec::with_capacity(3);
    for v in &a {
        xs.push(operands.read(v)?);
    }
    operands.warn();
    let Some(xs) = xs.into_iter().collect::<Option<Vec<f64>>>() else {
        return Ok(vec![Value::Num(Array::empty_with(Dims::mat(1, 0)))]);
    };
    let class = operands.class();
    let r = match xs.as_slice() {
        [s, e] => range_in(class, *s, 1.0, *e)?,
        [s, st, e] => range_in(class, *s, *st, *e)?,
        _ => return Err(Error::nargin("colon")),
    };
    // 'a':'e' is char when both endpoints are char.
    let first_last_char =
        a.first().is_some_and(|v| v.is_char()) && a.last().is_some_and(|v| v.is_char());
    if first_last_char {
        let codes = r.to_num_array("colon")?;
        return Ok(vec![Value::Char(
            codes.map(|&x| crate::value::char_unit(x)),
        )]);
    }
    Ok(vec![r])
}

/// Octave's symmetric linspace: filled from both ends (`a + i*d` and
/// `b - i*d`), exact endpoints, the middle of an odd count `(a + b)/2` (0
/// when `a == -b`); an infinite step is kept, so `linspace(0, Inf, 3)` is
/// `[0 Inf Inf]` as in Octave.
pub fn linspace_row(a: f64, b: f64, n: usize) -> Result<Vec<f64>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    if n == 1 {
        return Ok(vec![b]);
    }
    let mut v = alloc_vec(n, 0.0)?;
    v[0] = a;
    v[n - 1] = b;
    let delta = (b - a) / (n - 1) as f64;
    let half = n / 2;
    for i in 1..half {
        v[i] = a + i as f64 * delta;
        v[n - 1 - i] = b - i as f64 * delta;
    }
    if n % 2 == 1 {
        v[half] = if a == -b { 0.0 } else { (a + b) / 2.0 };
    }
    Ok(v)
}

/// linspace: evenly spaced points.
///
/// `Y = linspace(A, B)` is a row of 100 points from A to B, evenly spaced.
///
/// `Y = linspace(A, B, N)` is a row of N points from A to B; the ends are
/// exact. N = 1 gives B.
///
/// ```text
/// >> linspace(0, 1, 5)
/// ans =
///
///         0   0.2500   0.5000   0.7500   1.0000
/// ```
fn linspace(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("linspace", a.len(), 2, 3)?;
    let n = match a.get(2) {
        Some(v) => {
            let x = v.scalar_f64("linspace")?;
            // NaN counts give an empty row, as in Octave.
            if x.is_nan() {
                0.0
            } else {
                x.floor()
            }
        }
        None => 100.0,
    };
    if n > MAX_NUMEL as f64 {
        return Err(too_many(n));
    }
    let n = if n < 1.0 { 0 } else { n as usize };
    let lo = a[0].to_num_array("linspace")?;
    let hi = a[1].to_num_array("linspace")?;
    if lo.numel() == 1 && hi.numel() == 1 {
        return Ok(vec![Value::row(linspace_row(
            lo.data()[0],
            hi.data()[0],
            n,
        )?)]);
    }
    // Vector endpoints: one row per element.
    let rows = lo.numel().max(hi.numel());
    if (lo.numel() != 1 && lo.numel() != rows) || (hi.numel() != 1 && hi.numel() != rows) {
        return Err(Error::new(
            "linspace: vectors START and END must be the same length",
        ));
    }
    let total = checked_numel(&[rows, n])?;
    let mut out = alloc_vec(total, 0.0)?;
    for r in 0..rows {
        let x = lo
            .data()
            .get(if lo.numel() == 1 { 0 } else { r })
            .copied()
            .unwrap_or(0.0);
        let y = hi
            .data()
            .get(if hi.numel() == 1 { 0 } else { r })
            .copied()
            .unwrap_or(0.0);
        for (c, v) in linspace_row(x, y, n)?.into_iter().enumerate() {
            out[r + c * rows] = v;
        }
    }
    Ok(vec![Value::Num(Array::new(Dims::mat(rows, n), out))])
}

// ----- repmat and reshape -----

/// Builds an array of `out` dims where each element comes from
/// `a.data()[src(multi_index)]`.
pub(crate) fn gather<T: Clone>(
    a: &Array<T>,
    out: Dims,
    mut src: impl FnMut(&[usize]) -> usize,
) -> Result<Array<T>> {
    let n = checked_numel(out.as_slice())?;
    let ext: Vec<usize> = out.as_slice().to_vec();
    let mut idx = vec![0usize; ext.len()];
    let mut v = crate::ops::alloc_vec(n)?;
    let data = a.data();
    for _ in 0..n {
        match data.get(src(&idx)) {
            Some(x) => v.push(x.clone()),
            None => return Err(Error::new("index out of bound; value out of bound")),
        }
        for k in 0..ext.len() {
            idx[k] += 1;
            if idx[k] < ext[k] {
                break;
            }
            idx[k] = 0;
        }
    }
    Ok(Array::new(out, v))
}

/// Linear index of a multi-index in `dims` (coordinates beyond the rank
/// must be 0).
pub(crate) fn linear(dims: &Dims, idx: &[usize]) -> usize {
    let mut lin = 0;
    let mut stride = 1;
    for (k, &i) in idx.iter().enumerate() {
        lin += i * stride;
        stride *= dims.get(k);
    }
    lin
}

fn repmat_array<T: Clone>(a: &Array<T>, reps: &[usize]) -> Result<Array<T>> {
    let ad = a.dims().clone();
    let nd = ad.ndims().max(reps.len());
    let mut ext = Vec::with_capacity(nd);
    for k in 0..nd {
        let r = reps.get(k).copied().unwrap_or(1);
        let d = ad.get(k);
        ext.push(
            d.checked_mul(r)
                .ok_or_else(|| too_many(d as f64 * r as f64))?,
        );
    }
    let out = Dims::new(&ext);
    let mut src_idx = vec![0usize; nd];
    gather(a, out, |idx| {
        for (k, &i) in idx.iter().enumerate() {
            src_idx[k] = i % ad.get(k).max(1);
        }
        linear(&ad, &src_idx[..idx.len()])
    })
}

/// A size argument's values, with its shape (rows, columns).
fn factor_list(v: &Value) -> Result<(Vec<f64>, usize, usize)> {
    let a = v.to_num_array("repmat")?;
    let (r, c) = (a.dims().rows(), a.dims().trailing());
    Ok((a.into_vec(), r, c))
}

/// repmat's replication factors, from MATLAB's forms (`repmat(A, n)`,
/// `repmat(A, [m n ...])`, `repmat(A, m, n, ...)`) and Octave's lenient
/// ones: `[]` for a factor of 1, and a matrix taken by its first column.
fn repmat_factors(rest: &[Value]) -> Result<Vec<usize>> {
    let mut idx: Vec<f64> = Vec::new();
    match rest {
        [m] => {
            let (mv, r, c) = factor_list(m)?;
            if mv.is_empty() {
                idx = vec![1.0, 1.0];
            } else if mv.len() == 1 {
                idx = vec![mv[0], mv[0]];
            } else if m.dims().ndims() > 2 {
                return Err(Error::new("repmat: M has more than 2 dimensions"));
            } else if r > 1 && c > 1 {
                idx = mv[..r].to_vec();
            } else {
                idx = mv;
            }
        }
        [m, n] => {
            let (mut mv, mr, mc) = factor_list(m)?;
            let (mut nv, nr, nc) = factor_list(n)?;
            match (mv.is_empty(), nv.is_empty()) {
                (false, true) => nv = vec![1.0],
                (true, false) => {
                    mv = nv;
                    nv = vec![1.0];
                }
                (true, true) => {
                    mv = vec![1.0];
                    nv = vec![1.0];
                }
                (false, false) => {
                    if mr > 1 && mc > 1 {
                        mv.truncate(mr);
                        nv = if mv.len() < 3 {
                            nv.last().copied().into_iter().collect()
                        } else {
                            Vec::new()
                        };
                    }
                    if nr > 1 && nc > 1 {
                        nv.truncate(nr);
                    }
                }
            }
            idx.extend(mv);
            idx.extend(nv);
        }
        _ => {
            for x in rest {
                if x.numel() != 1 {
                    return Err(Error::new("repmat: all input arguments must be scalar"));
                }
                idx.push(x.scalar_f64("repmat")?);
            }
        }
    }
    if !idx.is_empty() && idx.iter().all(|&x| x < 0.0) {
        return Err(Error::new("repmat: invalid dimensions"));
    }
    if idx.len() == 1 {
        idx.push(1.0);
    }
    idx.iter().map(|&x| to_extent(x)).collect()
}

/// repmat: repeat copies of an array.
///
/// `B = repmat(A, N)` tiles A N times in each of the first two dimensions.
///
/// `B = repmat(A, M, N, ...)` or `repmat(A, [M N ...])` tiles A M times
/// down, N times across, and so on.
///
/// ```text
/// >> repmat([1 2], 2, 2)
/// ans =
///
///    1   2   1   2
///    1   2   1   2
/// >> repmat('ab', 1, 3)
/// ans = ababab
/// ```
fn repmat(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    if a.len() < 2 {
        return Err(Error::with_id(
            "Octave:invalid-fun-call",
            "Invalid call to repmat",
        ));
    }
    let mut it = a.into_iter();
    let v = it.next().ok_or_else(|| Error::nargin("repmat"))?;
    let rest: Vec<Value> = it.collect();
    let reps = repmat_factors(&rest)?;
    Ok(vec![each_array!("repmat", &v, |x| repmat_array(x, &reps)?)])
}

/// reshape: change the dimensions of an array.
///
/// `B = reshape(A, M, N, ...)` or `reshape(A, [M N ...])` has the elements
/// of A in column-major order, arranged in an M-by-N-by-... array; the
/// number of elements must not change.
///
/// `B = reshape(A, ..., [], ...)` leaves one dimension empty, to be
/// computed from the others.
///
/// ```text
/// >> reshape(1:6, 2, 3)
/// ans =
///
///    1   3   5
///    2   4   6
/// >> reshape(1:6, [], 2)
/// ans =
///
///    1   4
///    2   5
///    3   6
/// ```
fn reshape(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    if a.len() < 2 {
        return Err(Error::with_id(
            "Octave:invalid-fun-call",
            "Invalid call to reshape",
        ));
    }
    let mut it = a.into_iter();
    let v = it.next().ok_or_else(|| Error::nargin("reshape"))?;
    let rest: Vec<Value> = it.collect();
    // Requested extents; None marks the [] placeholder.
    let mut req: Vec<Option<f64>> = Vec::new();
    if rest.len() == 1 {
        let r = rest[0].to_num_array("reshape")?;
        if r.numel() < 2 {
            return Err(Error::new("reshape: SIZE must have 2 or more dimensions"));
        }
        req.extend(r.data().iter().map(|&x| Some(x)));
    } else {
        for x in &rest {
            if x.is_empty() {
                req.push(None);
            } else {
                req.push(Some(x.scalar_f64("reshape")?));
            }
        }
    }
    if req.iter().filter(|x| x.is_none()).count() > 1 {
        return Err(Error::new(
            "reshape: only a single dimension can be unknown",
        ));
    }
    if req.iter().flatten().any(|&x| x < 0.0) {
        return Err(Error::new("reshape: SIZE must be non-negative"));
    }
    let mut ext: Vec<usize> = Vec::with_capacity(req.len());
    for x in req.iter() {
        ext.push(match x {
            Some(x) => to_extent(*x)?,
            None => 0,
        });
    }
    let numel = v.numel();
    if let Some(pos) = req.iter().position(|x| x.is_none()) {
        let known = ext
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != pos)
            .try_fold(1usize, |acc, (_, &e)| acc.checked_mul(e))
            .ok_or_else(too_large)?;
        if known == 0 || numel % known != 0 {
            return Err(Error::new(format!(
                "reshape: SIZE is not divisible by the product of known dimensions (= {known})"
            )));
        }
        ext[pos] = numel / known;
    }
    let dims = Dims::new(&ext);
    let total = ext.iter().try_fold(1usize, |acc, &e| acc.checked_mul(e));
    if total != Some(numel) {
        return Err(Error::new(format!(
            "reshape: can't reshape {} array to {} array",
            v.dims().to_string_x(),
            ext.iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("x")
        )));
    }
    let from = v.dims().to_string_x();
    v.reshaped(dims.clone()).map(|r| vec![r]).ok_or_else(|| {
        Error::new(format!(
            "reshape: can't reshape {from} array to {} array",
            dims.to_string_x()
        ))
    })
}

#[cfg(test)]
mod tests {
    use crate::builtins::math::tests::{call, call1};
    use crate::value::{Array, Dims, Value};

    #[test]
    fn ranges_like_octave() {
        let r = super::range(0.0, 0.1, 1.0).unwrap();
        let d = r.to_num_array("t").unwrap();
        assert_eq!(d.numel(), 11);
        assert_eq!(d.data()[10], 1.0);
        assert_eq!(d.data()[3], 0.30000000000000004);
        let r = super::range(0.0, 0.1, 0.3)
            .unwrap()
            .to_num_array("t")
            .unwrap();
        assert_eq!(r.data(), &[0.0, 0.1, 0.2, 0.3]);
        let r = super::range(0.0, -0.1, -0.3)
            .unwrap()
            .to_num_array("t")
            .unwrap();
        assert_eq!(r.data()[3], -0.3);
        let e = super::range(1.0, 0.0, 5.0).unwrap();
        assert_eq!(e.dims().as_slice(), &[1, 0]);
        assert_eq!(
            super::range(5.0, 1.0, 1.0).unwrap().dims().as_slice(),
            &[1, 0]
        );
        assert!(super::range(1.0, 1.0, f64::INFINITY).is_err());
        assert_eq!(super::range(0.1, 0.2, 0.3).unwrap(), Value::num(0.1));
        assert_eq!(
            super::range(1.1, 0.2, 1.3).unwrap(),
            Value::row(vec![1.1, 1.3])
        );
        assert_eq!(
            super::range(1.0, f64::INFINITY, 5.0).unwrap(),
            Value::num(1.0)
        );
        assert!(super::range(1.0, 1.0, 1e12).is_err());
        let n = super::range(1.0, 1.0, f64::NAN).unwrap();
        assert!(n.scalar_f64("t").unwrap().is_nan());
        assert_eq!(
            call1(
                "colon",
                vec![Value::num(1.0), Value::num(2.0), Value::num(6.0)]
            ),
            Value::row(vec![1.0, 3.0, 5.0])
        );
        assert_eq!(
            call1("colon", vec![Value::str("a"), Value::str("e")]),
            Value::str("abcde")
        );
    }

    #[test]
    fn linspace_symmetric() {
        let v = super::linspace_row(0.0, 1.0, 7).unwrap();
        assert_eq!(v[4], 0.6666666666666667);
        assert_eq!(v[5], 0.8333333333333334);
        assert_eq!(v[3], 0.5);
        assert_eq!(super::linspace_row(5.0, 6.0, 1).unwrap(), vec![6.0]);
        let d = call1("linspace", vec![Value::num(0.0), Value::num(1.0)]);
        assert_eq!(d.dims().as_slice(), &[1, 100]);
    }

    #[test]
    fn fill_and_eye() {
        let z = call1("zeros", vec![Value::num(2.0), Value::num(3.0)]);
        assert_eq!(z, Value::Num(Array::filled(Dims::mat(2, 3), 0.0)));
        let l = call1("zeros", vec![Value::num(2.0), Value::str("logical")]);
        assert_eq!(l, Value::Bool(Array::filled(Dims::mat(2, 2), false)));
        let e = call1("eye", vec![Value::num(2.0), Value::num(3.0)]);
        assert_eq!(e, Value::matrix(2, 3, vec![1.0, 0.0, 0.0, 1.0, 0.0, 0.0]));
        let err = call("zeros", vec![Value::num(1e12)], 1).unwrap_err();
        assert_eq!(
            err.message,
            "out of memory or dimension too large for Octave's index type (1e+12 elements requested, at most 2147483648)"
        );
    }

    #[test]
    fn repmat_and_reshape() {
        let r = call1(
            "repmat",
            vec![Value::str("ab"), Value::num(2.0), Value::num(2.0)],
        );
        assert_eq!(
            r.char_rows_of().unwrap(),
            vec!["abab".to_string(), "abab".to_string()]
        );
        let r = call1(
            "repmat",
            vec![Value::row(vec![1.0, 2.0]), Value::row(vec![2.0, 2.0, 2.0])],
        );
        assert_eq!(r.dims().as_slice(), &[2, 4, 2]);
        let r = call1(
            "reshape",
            vec![
                Value::row(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
                Value::empty(),
                Value::num(2.0),
            ],
        );
        assert_eq!(r.dims().as_slice(), &[3, 2]);
        let e = call(
            "reshape",
            vec![Value::row(vec![1.0; 6]), Value::num(4.0), Value::num(2.0)],
            1,
        );
        assert_eq!(
            e.unwrap_err().message.clone(),
            "reshape: can't reshape 1x6 array to 4x2 array"
        );
        let e = call(
            "reshape",
            vec![Value::row(vec![1.0; 6]), Value::empty(), Value::num(4.0)],
            1,
        );
        assert_eq!(
            e.unwrap_err().message.clone(),
            "reshape: SIZE is not divisible by the product of known dimensions (= 4)"
        );
    }
}
