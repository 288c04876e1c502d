//! unique, ismember, intersect, isequal and find.

use super::sort::{cmp_cplx, cmp_real};
use super::{check_nargout, idx, opt_str};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::{Array, Dims, IntElem, Value, C64};
use std::cmp::Ordering;

/// Element keys of a value for set operations: reals (logical and char as
/// double) or complex numbers.
enum Keys {
    Real(Vec<f64>),
    Cplx(Vec<C64>),
}

fn keys(v: &Value, fname: &str) -> Result<Keys> {
    Ok(match v {
        Value::Complex(a) => Keys::Cplx(a.data().to_vec()),
        Value::Struct(_) => {
            return Err(Error::new(format!(
                "{fname}: X must be an array or cell array of strings"
            )))
        }
        other => Keys::Real(other.to_num_array(fname)?.into_vec()),
    })
}

/// Rebuilds a value of `like`'s class from selected elements.
pub fn gather(like: &Value, sel: &[usize], dims: Dims) -> Value {
    fn pick<T: Clone>(a: &Array<T>, sel: &[usize], dims: Dims) -> Array<T> {
        let d = a.data();
        Array::new(
            dims,
            sel.iter().filter_map(|&i| d.get(i).cloned()).collect(),
        )
    }
    let pick_all = || -> Result<Value> {
        Ok(crate::each_array!("unique", like, |a| pick(
            a,
            sel,
            dims.clone()
        )))
    };
    match like {
        Value::Func(_) => like.clone(),
        _ => pick_all().unwrap_or_else(|_| like.clone()),
    }
}

fn col_idx(v: &[usize]) -> Value {
    Value::col(v.iter().map(|&i| idx(i)).collect())
}

/// `unique`'s options checked as Octave checks them: strings, known, and
/// no two that contradict each other.
fn check_unique_options(opts: &[Value]) -> Result<()> {
    let mut seen: Vec<String> = Vec::new();
    for o in opts {
        let Some(s) = opt_str(o) else {
            return Err(Error::new("unique: options must be strings"));
        };
        if !matches!(
            s.as_str(),
            "rows" | "first" | "last" | "sorted" | "stable" | "legacy"
        ) {
            return Err(Error::new(format!("unique: invalid option {s}")));
        }
        seen.push(s);
    }
    let has = |w: &str| seen.iter().any(|s| s == w);
    let conflict = if has("first") && has("last") {
        "cannot specify both \"first\" and \"last\""
    } else if has("sorted") && has("stable") {
        "cannot specify both \"sorted\" and \"stable\""
    } else if (has("first") || has("last")) && (has("sorted") || has("stable")) {
        "cannot specify \"first\"/\"last\" with \"sorted\"/\"stable\""
    } else if (has("sorted") || has("stable")) && has("legacy") {
        "cannot specify \"sorted\" or \"stable\" with \"legacy\""
    } else {
        return Ok(());
    };
    Err(Error::new(format!("unique: {conflict}")))
}

/// unique: the distinct values of an array.
///
/// `U = unique(A)` is the sorted list of the distinct values of A (a
/// column for a column, a row otherwise; a cell array of strings gives
/// its distinct strings).
///
/// `U = unique(A, 'rows')` is the distinct rows of a matrix;
/// `unique(..., 'stable')` keeps the order of first appearance.
///
/// `[U, I, J] = unique(...)` also returns indices such that U = A(I) and
/// A = U(J); 'first' (the default) or 'last' chooses which occurrence I
/// points to.
///
/// ```text
/// >> unique([3 1 2 1 3])
/// ans =
///
///    1   2   3
/// >> [u, i, j] = unique([3 1 1])
/// u =
///
///    1   3
///
/// i =
///
///    2
///    1
///
/// j =
///
///    2
///    1
///    1
/// >> unique([3 1 2 1], 'stable')
/// ans =
///
///    3   1   2
/// ```
pub fn unique(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 3, "unique")?;
    if args.is_empty() {
        return Err(Error::nargin("unique"));
    }
    check_unique_options(&args[1..])?;
    if let Value::Cell(_) = &args[0] {
        return crate::builtins::setops::unique_cellstr(ctx, args);
    }
    let (mut last, mut stable, mut rows) = (false, false, false);
    for o in &args[1..] {
        match opt_str(o).as_deref() {
            Some("first") | Some("sorted") | Some("legacy") => {}
            Some("last") => last = true,
            Some("stable") => stable = true,
            Some("rows") => rows = true,
            // Anything else was refused by check_unique_options.
            _ => {}
        }
    }
    let x = &args[0];
    let d = x.dims();
    let n = if rows { d.rows() } else { x.numel() };
    let nout = ctx.nargout.max(1);
    if n == 0 {
        let y = if !rows && d.as_slice().iter().any(|&e| e != 0) {
            gather(x, &[], Dims::col(0))
        } else {
            x.clone()
        };
        let mut out = vec![y, Value::empty(), Value::empty()];
        out.truncate(nout.min(3));
        return Ok(out);
    }
    let k = keys(x, "unique")?;
    let ncols = if rows { d.trailing() } else { 1 };
    // Compare items (elements, or rows when `rows`).
    let cmp = |i: usize, j: usize| -> Ordering {
        for c in 0..ncols {
            let (p, q) = if rows { (i + c * n, j + c * n) } else { (i, j) };
            let o = match &k {
                Keys::Real(v) => cmp_real(v[p], v[q]),
                Keys::Cplx(v) => cmp_cplx(v[p], v[q]),
            };
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    };
    let same = |i: usize, j: usize| -> bool {
        (0..ncols).all(|c| {
            let (p, q) = if rows { (i + c * n, j + c * n) } else { (i, j) };
            match &k {
                Keys::Real(v) => v[p] == v[q],
                Keys::Cplx(v) => v[p] == v[q],
            }
        })
    };
    // Groups of equal items in sorted order, each in input order.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    if let (false, Keys::Real(v)) = (rows, &k) {
        return unique_real(x, v, nout, last, stable);
    }
    let mut perm: Vec<usize> = (0..n).collect();
    perm.sort_by(|&i, &j| cmp(i, j));
    for &p in &perm {
        match groups.last_mut() {
            Some(g) if same(g[0], p) => g.push(p),
            _ => groups.push(vec![p]),
        }
    }
    if stable {
        groups.sort_by_key(|g| g[0]);
    }
    let reps: Vec<usize> = groups
        .iter()
        .map(|g| if last { g[g.len() - 1] } else { g[0] })
        .collect();
    let mut j = vec![0usize; n];
    for (gi, g) in groups.iter().enumerate() {
        for &p in g {
            j[p] = gi;
        }
    }
    let m = reps.len();
    let y = if rows {
        let sel: Vec<usize> = (0..ncols)
            .flat_map(|c| reps.iter().map(move |&r| r + c * n))
            .collect();
        gather(x, &sel, Dims::mat(m, ncols))
    } else {
        let dims = if d.is_row() {
            Dims::row(m)
        } else {
            Dims::col(m)
        };
        gather(x, &reps, dims)
    };
    let mut out = vec![y];
    if nout >= 2 {
        out.push(col_idx(&reps));
    }
    if nout >= 3 {
        out.push(col_idx(&j));
    }
    Ok(out)
}

/// `unique` of real elements (not rows): one radix sort with positions,
/// then runs of equal values (NaNs each their own) in one pass.
fn unique_real(x: &Value, v: &[f64], nout: usize, last: bool, stable: bool) -> Result<Vec<Value>> {
    let n = v.len();
    let (sv, sp) = super::radix::sort_f64(v, false, true);
    let sp = sp.unwrap_or_default();
    // (first position, last position, start, end) of each run of equal
    // values in sorted order; positions within a run ascend (stable sort).
    let mut groups: Vec<(u32, u32, usize, usize)> = Vec::new();
    let mut start = 0;
    for t in 1..=n {
        if t == n || sv[t] != sv[t - 1] {
            if let (Some(&f), Some(&l)) = (sp.get(start), sp.get(t - 1)) {
                groups.push((f, l, start, t));
            }
            start = t;
        }
    }
    if stable {
        groups.sort_unstable_by_key(|g| g.0);
    }
    let reps: Vec<usize> = groups
        .iter()
        .map(|g| if last { g.1 } else { g.0 } as usize)
        .collect();
    let d = x.dims();
    let m = reps.len();
    let y = gather(
        x,
        &reps,
        if d.is_row() {
            Dims::row(m)
        } else {
            Dims::col(m)
        },
    );
    let mut out = vec![y];
    if nout >= 2 {
        out.push(col_idx(&reps));
    }
    if nout >= 3 {
        let mut j = vec![0.0; n];
        for (gi, g) in groups.iter().enumerate() {
            for &p in sp.get(g.2..g.3).unwrap_or(&[]) {
                if let Some(slot) = j.get_mut(p as usize) {
                    *slot = idx(gi);
                }
            }
        }
        out.push(Value::col(j));
    }
    Ok(out)
}

/// Positions of the distinct keys among `range` of `k`, in sorted order of
/// their keys, each the first position with that key.
fn sorted_distinct(k: &Keys, range: std::ops::Range<usize>) -> Vec<usize> {
    let cmp = |i: &usize, j: &usize| match k {
        Keys::Real(v) => cmp_real(v[*i], v[*j]),
        Keys::Cplx(v) => cmp_cplx(v[*i], v[*j]),
    };
    let mut p: Vec<usize> = range.collect();
    p.sort_by(cmp);
    p.dedup_by(|x, y| cmp(x, y) == Ordering::Equal);
    p
}

/// `[c, ia, ib] = intersect(a, b)`: the sorted values in both, in the
/// class their concatenation has (`intersect(int8(1:2), [2 3])` is int8),
/// a row when both are rows and a column otherwise, with the first
/// positions of each value in `a` and `b`.
pub fn intersect(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 3, "intersect")?;
    let [a, b] = args.as_slice() else {
        return Err(Error::nargin("intersect"));
    };
    let col = |v: &Value| v.clone().reshaped(Dims::col(v.numel()));
    let (Some(ca), Some(cb)) = (col(a), col(b)) else {
        return Err(Error::wrong_type("intersect", a.class_name()));
    };
    let both = crate::builtins::construct::concat(0, vec![ca, cb])?;
    let k = keys(&both, "intersect")?;
    let na = a.numel();
    let (da, db) = (
        sorted_distinct(&k, 0..na),
        sorted_distinct(&k, na..both.numel()),
    );
    let key_cmp = |i: usize, j: usize| match &k {
        Keys::Real(v) => cmp_real(v[i], v[j]),
        Keys::Cplx(v) => cmp_cplx(v[i], v[j]),
    };
    let is_nan = |i: usize| match &k {
        Keys::Real(v) => v[i].is_nan(),
        Keys::Cplx(v) => v[i].is_nan(),
    };
    let (mut ia, mut ib) = (Vec::new(), Vec::new());
    let (mut p, mut q) = (0, 0);
    while p < da.len() && q < db.len() {
        match key_cmp(da[p], db[q]) {
            Ordering::Less => p += 1,
            Ordering::Greater => q += 1,
            // NaN is in no intersection: it equals nothing.
            Ordering::Equal if is_nan(da[p]) => p += 1,
            Ordering::Equal => {
                ia.push(da[p]);
                ib.push(db[q] - na);
                p += 1;
                q += 1;
            }
        }
    }
    let m = ia.len();
    let dims = if a.is_empty() || b.is_empty() {
        Dims::empty()
    } else if a.dims().is_row() && b.dims().is_row() {
        Dims::row(m)
    } else {
        Dims::col(m)
    };
    let mut out = vec![gather(&both, &ia, dims), col_idx(&ia), col_idx(&ib)];
    out.truncate(ctx.nargout.clamp(1, 3));
    Ok(out)
}

/// ismember: true for elements found in a set.
///
/// `tf = ismember(a, s)` returns a logical array of the size of a, true
/// where an element of a occurs in s. For a string a and a cell array of
/// strings s, it tells whether the string is in the list; for a cell array
/// a, element by element.
///
/// `[tf, loc] = ismember(a, s)` also returns, for each element, the index in
/// s of its (lowest) match, or 0.
///
/// `tf = ismember(A, S, 'rows')` tests whole rows of A against the rows of S.
///
/// ```text
/// >> ismember([1 5 2], [2 3 1])
/// ans =
///
///   1  0  1
/// >> [tf, loc] = ismember([1 5 2], [2 3 1])
/// tf =
///
///   1  0  1
///
/// loc =
///
///    3   0   1
/// >> ismember('b', {'a', 'b'})
/// ans = 1
/// ```
pub fn ismember(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 2, "ismember")?;
    if args.len() < 2 || args.len() > 3 {
        return Err(Error::nargin("ismember"));
    }
    if matches!(args[0], Value::Cell(_)) || matches!(args[1], Value::Cell(_)) {
        return crate::builtins::setops::ismember_cellstr(ctx, args);
    }
    let rows = match args.get(2) {
        None => false,
        Some(v) if opt_str(v).as_deref() == Some("rows") => true,
        Some(v) => {
            let s = opt_str(v).unwrap_or_default();
            return Err(Error::new(format!("ismember: invalid option: {s}")));
        }
    };
    let (a, s) = (&args[0], &args[1]);
    if !rows {
        if let (Keys::Real(ka), Keys::Real(ks)) = (keys(a, "ismember")?, keys(s, "ismember")?) {
            let loc = member_real(&ka, &ks)?;
            let dims = a.dims();
            let tf = crate::ops::par::map(&loc, |l| l != 0.0)?;
            let mut out = vec![Value::Bool(Array::new(dims.clone(), tf))];
            if ctx.nargout >= 2 {
                out.push(Value::Num(Array::new(dims, loc)));
            }
            return Ok(out);
        }
    }
    let to_c = |k: Keys| match k {
        Keys::Real(v) => v.into_iter().map(|x| C64::new(x, 0.0)).collect::<Vec<_>>(),
        Keys::Cplx(v) => v,
    };
    let ka = to_c(keys(a, "ismember")?);
    let ks = to_c(keys(s, "ismember")?);
    let (tf, loc, dims) = if rows {
        let (ra, ca) = (a.dims().rows(), a.dims().trailing());
        let (rs, cs) = (s.dims().rows(), s.dims().trailing());
        let mut tf = vec![false; ra];
        let mut loc = vec![0.0; ra];
        if ca == cs || a.is_empty() || s.is_empty() {
            for i in 0..ra {
                if let Some(r) =
                    (0..rs).find(|&r| (0..ca).all(|c| ka[i + c * ra] == ks[r + c * rs]))
                {
                    tf[i] = true;
                    loc[i] = idx(r);
                }
            }
        } else {
            return Err(Error::new(
                "ismember: number of columns in A and S must match",
            ));
        }
        (tf, loc, Dims::col(ra))
    } else {
        // Lowest index of each distinct value of s (MATLAB), via a sorted list.
        let mut order: Vec<usize> = (0..ks.len())
            .filter(|&i| !ks[i].re.is_nan() && !ks[i].im.is_nan())
            .collect();
        let key = |z: &C64| (z.re, z.im);
        order.sort_by(|&i, &j| {
            let (p, q) = (key(&ks[i]), key(&ks[j]));
            p.0.total_cmp(&q.0)
                .then(p.1.total_cmp(&q.1))
                .then(i.cmp(&j))
        });
        let mut tf = Vec::with_capacity(ka.len());
        let mut loc = Vec::with_capacity(ka.len());
        for z in &ka {
            // First position whose key is >= z (with -0 == 0).
            let pos = order.partition_point(|&i| {
                let w = ks[i];
                w.re < z.re || (w.re == z.re && w.im < z.im)
            });
            match order.get(pos) {
                Some(&i) if ks[i] == *z => {
                    tf.push(true);
                    loc.push(idx(i));
                }
                _ => {
                    tf.push(false);
                    loc.push(0.0);
                }
            }
        }
        (tf, loc, a.dims())
    };
    let mut out = vec![Value::Bool(Array::new(dims.clone(), tf))];
    if ctx.nargout >= 2 {
        out.push(Value::Num(Array::new(dims, loc)));
    }
    Ok(out)
}

/// For each element of `a`, the lowest 1-based position of an equal
/// element of `s` (0 where none; NaN equals nothing, -0 equals 0): `s`'s
/// distinct values go into an open-addressing hash table, which the
/// elements of `a` probe on every core.
fn member_real(a: &[f64], s: &[f64]) -> Result<Vec<f64>> {
    // Slots hold (bits of the value, 1-based position); position 0 is an
    // empty slot. At most half full.
    let cap = (2 * s.len()).max(2).next_power_of_two();
    let shift = 64 - cap.trailing_zeros();
    let mask = cap - 1;
    let canon = |x: f64| (x + 0.0).to_bits();
    let slot_of = |bits: u64| {
        let h = (bits ^ (bits >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (h >> shift) as usize & mask
    };
    let mut table: Vec<(u64, u32)> = crate::ops::alloc_vec(cap)?;
    table.resize(cap, (0, 0));
    for (i, &x) in s.iter().enumerate() {
        if x.is_nan() {
            continue;
        }
        let bits = canon(x);
        let mut k = slot_of(bits);
        loop {
            match table.get_mut(k) {
                Some(e) if e.1 == 0 => {
                    *e = (bits, i as u32 + 1);
                    break;
                }
                // The first (lowest) position of a value is kept.
                Some(e) if e.0 == bits => break,
                Some(_) => k = (k + 1) & mask,
                None => break,
            }
        }
    }
    let table = &table;
    let mut loc: Vec<f64> = crate::value::pod::try_zeroed_output(a.len())?;
    crate::ops::par::for_runs(&mut loc, |off, run| {
        for (o, &x) in run.iter_mut().zip(&a[off..]) {
            if x.is_nan() {
                continue;
            }
            let bits = canon(x);
            let mut k = slot_of(bits);
            while let Some(&(b, p)) = table.get(k) {
                if p == 0 {
                    break;
                }
                if b == bits {
                    *o = f64::from(p);
                    break;
                }
                k = (k + 1) & mask;
            }
        }
    });
    Ok(loc)
}

/// MATLAB value equality: same size and equal elements regardless of the
/// numeric/logical/char class; NaN is never equal; structs field by field.
pub fn values_equal(a: &Value, b: &Value) -> bool {
    equal(a, b, false)
}

/// `isequal` (`nan_eq` false) or `isequaln` (NaN equal to NaN).
fn equal(a: &Value, b: &Value, nan_eq: bool) -> bool {
    let same = |p: f64, q: f64| p == q || (nan_eq && p.is_nan() && q.is_nan());
    match (a, b) {
        (Value::Struct(x), Value::Struct(y)) => {
            x.dims() == y.dims()
                && x.names().len() == y.names().len()
                && x.names().iter().all(|n| {
                    (0..x.numel()).all(|k| match (x.field_of(k, n), y.field_of(k, n)) {
                        (Some(v), Some(w)) => equal(v, w, nan_eq),
                        _ => false,
                    })
                })
        }
        (Value::Cell(x), Value::Cell(y)) => {
            x.dims() == y.dims()
                && x.data()
                    .iter()
                    .zip(y.data())
                    .all(|(v, w)| equal(v, w, nan_eq))
        }
        (Value::Func(x), Value::Func(y)) => x == y,
        // Integers exactly (int64 beyond 2^53 has no double).
        (Value::Int(x), Value::Int(y)) => {
            x.dims() == y.dims()
                && crate::with_int!(x, p => crate::with_int!(y, q => p
                    .data()
                    .iter()
                    .zip(q.data())
                    .all(|(u, v)| u.to_i128() == v.to_i128())))
        }
        (Value::Struct(_) | Value::Cell(_) | Value::Func(_), _)
        | (_, Value::Struct(_) | Value::Cell(_) | Value::Func(_)) => false,
        _ => {
            if a.dims() != b.dims() {
                return false;
            }
            if a.is_complex() || b.is_complex() {
                match (a.to_complex_array("isequal"), b.to_complex_array("isequal")) {
                    (Ok(x), Ok(y)) => x
                        .data()
                        .iter()
                        .zip(y.data())
                        .all(|(p, q)| same(p.re, q.re) && same(p.im, q.im)),
                    _ => false,
                }
            } else {
                match (a.to_num_array("isequal"), b.to_num_array("isequal")) {
                    (Ok(x), Ok(y)) => x.data().iter().zip(y.data()).all(|(p, q)| same(*p, *q)),
                    _ => false,
                }
            }
        }
    }
}

/// isequal: true if arrays are equal in size and value.
///
/// `tf = isequal(A, B, ...)` is true when all arguments have the same size
/// and the same values, element by element; the class does not matter
/// (`isequal(1, true)` is true), cells and structs are compared recursively
/// (struct field order aside). NaN is not equal to NaN: see `isequaln`.
///
/// ```text
/// >> isequal([1 2 3], [1 2 3])
/// ans = 1
/// >> isequal([1 2], [1 2 3])
/// ans = 0
/// >> isequal('abc', [97 98 99])
/// ans = 1
/// ```
pub fn isequal(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "isequal")?;
    if args.len() < 2 {
        return Err(Error::nargin("isequal"));
    }
    let eq = args.windows(2).all(|w| values_equal(&w[0], &w[1]));
    Ok(vec![Value::bool(eq)])
}

/// isequaln: isequal with NaN equal to NaN.
///
/// `tf = isequaln(A, B, ...)` is true when all arguments have the same size
/// and values, treating NaN elements as equal to each other; otherwise as
/// `isequal`.
///
/// ```text
/// >> isequaln([1 NaN], [1 NaN])
/// ans = 1
/// >> isequal([1 NaN], [1 NaN])
/// ans = 0
/// ```
pub fn isequaln(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "isequaln")?;
    if args.len() < 2 {
        return Err(Error::nargin("isequaln"));
    }
    let eq = args.windows(2).all(|w| equal(&w[0], &w[1], true));
    Ok(vec![Value::bool(eq)])
}

/// find: indices of nonzero elements.
///
/// `k = find(X)` returns the linear indices of the nonzero elements of X: a
/// row for a row vector, a column otherwise.
///
/// `k = find(X, n)` returns at most the first n indices;
/// `k = find(X, n, 'last')` the last n ('first' is the default).
///
/// `[r, c] = find(X)` returns row and column subscripts instead, and
/// `[r, c, v] = find(X)` also the nonzero values.
///
/// ```text
/// >> find([0 3 0 5])
/// ans =
///
///    2   4
/// >> find([0 1 0 1 1], 2)
/// ans =
///
///    2   4
/// >> [r, c] = find([0 1; 1 0])
/// r =
///
///    2
///    1
///
/// c =
///
///    1
///    2
/// ```
pub fn find(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 3, "find")?;
    if args.is_empty() || args.len() > 3 {
        return Err(Error::nargin("find"));
    }
    let x = &args[0];
    let limit = match args.get(1) {
        Some(v) => {
            let a = v.to_num_array("find")?;
            match a.data().first() {
                Some(&n) if n >= 0.0 && n.fract() == 0.0 => Some(n.min(usize::MAX as f64) as usize),
                _ => return Err(Error::new("find: N must be a non-negative integer")),
            }
        }
        None => None,
    };
    let from_last = match args.get(2) {
        None => false,
        Some(v) => match opt_str(v).as_deref() {
            Some("first") => false,
            Some("last") => true,
            _ => return Err(Error::new("find: DIRECTION must be \"first\" or \"last\"")),
        },
    };
    let nzc = |z: &C64| z.re != 0.0 || z.im != 0.0;
    // All positions of logical or double data, one output: the 1-based
    // positions as doubles written straight from the data (counted, then
    // written branch-free, both over the cores for long inputs).
    if limit.is_none() && ctx.nargout <= 1 {
        let found = match x {
            Value::Bool(a) => Some(crate::ops::par::compact(a.data(), |&b| b, idx)?),
            Value::Num(a) => Some(crate::ops::par::compact(a.data(), |&v| v != 0.0, idx)?),
            _ => None,
        };
        if let Some(v) = found {
            let dims = found_dims(&x.dims(), v.len());
            return Ok(vec![Value::Num(Array::new(dims, v))]);
        }
    }
    let hits: Vec<usize> = match x {
        Value::Bool(a) => hit_list(a.data(), |&b| b, limit, from_last)?,
        Value::Complex(a) => hit_list(a.data(), nzc, limit, from_last)?,
        Value::Char(a) => hit_list(a.data(), |&c| c != 0, limit, from_last)?,
        Value::Num(a) => hit_list(a.data(), |&v| v != 0.0, limit, from_last)?,
        Value::SingleComplex(_) => {
            hit_list(x.to_complex_array("find")?.data(), nzc, limit, from_last)?
        }
        Value::Single(_) | Value::Int(_) => hit_list(
            x.to_num_array("find")?.data(),
            |&v| v != 0.0,
            limit,
            from_last,
        )?,
        Value::Cell(_) | Value::Struct(_) | Value::Func(_) | Value::Sparse(_) => {
            return Err(Error::wrong_type("find", x.class_name()))
        }
    };
    let d = x.dims();
    let m = hits.len();
    let dims = found_dims(&d, m);
    let nout = ctx.nargout.max(1);
    if nout == 1 {
        let v = crate::ops::par::map(&hits, idx)?;
        return Ok(vec![Value::Num(Array::new(dims, v))]);
    }
    let rows = d.rows().max(1);
    let r: Vec<f64> = hits.iter().map(|&i| idx(i % rows)).collect();
    let c: Vec<f64> = hits.iter().map(|&i| idx(i / rows)).collect();
    let mut out = vec![
        Value::Num(Array::new(dims.clone(), r)),
        Value::Num(Array::new(dims.clone(), c)),
    ];
    if nout >= 3 {
        out.push(gather(x, &hits, dims));
    }
    Ok(out)
}

/// The shape of `find`'s result of `m` positions in an array of `d`.
fn found_dims(d: &Dims, m: usize) -> Dims {
    if d.is_row() && !(m == 0 && d.is_scalar()) && !(m == 0 && d.rows() == 0) {
        Dims::row(m)
    } else if m == 0 && (*d == Dims::empty() || d.is_scalar()) {
        Dims::empty()
    } else {
        Dims::col(m)
    }
}

/// 0-based positions of the elements `nz` accepts, ascending: all of
/// them (counted, then written without a branch per element), or the
/// first or last `limit`, scanning only as far as needed.
fn hit_list<T>(
    data: &[T],
    nz: impl Fn(&T) -> bool,
    limit: Option<usize>,
    from_last: bool,
) -> Result<Vec<usize>> {
    let hits = data
        .iter()
        .enumerate()
        .filter(|(_, x)| nz(x))
        .map(|(i, _)| i);
    Ok(match limit {
        None => {
            let count = data.iter().filter(|x| nz(x)).count();
            let mut v: Vec<usize> = crate::ops::alloc_vec(count + 1)?;
            v.resize(count + 1, 0);
            let mut k = 0;
            for (i, x) in data.iter().enumerate() {
                if let Some(slot) = v.get_mut(k) {
                    *slot = i;
                }
                k += usize::from(nz(x));
            }
            v.truncate(count);
            v
        }
        Some(n) if !from_last => hits.take(n).collect(),
        Some(n) => {
            let mut v: Vec<usize> = hits.rev().take(n).collect();
            v.reverse();
            v
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_call as call;
    use super::*;

    #[test]
    fn find_of_long_masks_and_doubles_matches_the_plain_scan() {
        let n = 3 * crate::ops::par::PAR_MIN + 17;
        let mut s = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        };
        for density in [0, 1, 20, 63, 64] {
            let mask: Vec<bool> = (0..n).map(|_| next() % 64 < density).collect();
            let nums: Vec<f64> = mask
                .iter()
                .map(|&b| match (b, next() % 3) {
                    (true, 0) => f64::NAN,
                    (true, _) => -1.5,
                    (false, 0) => -0.0,
                    (false, _) => 0.0,
                })
                .collect();
            let want: Vec<f64> = (0..n)
                .filter(|&i| mask[i])
                .map(|i| (i + 1) as f64)
                .collect();
            for v in [
                Value::Bool(Array::row(mask.clone())),
                Value::Num(Array::col(nums.clone())),
            ] {
                let r = call(find, vec![v.clone()], 1);
                let Value::Num(a) = &r[0] else {
                    panic!("class")
                };
                assert_eq!(a.data(), want.as_slice(), "density {density}");
                let shape = if v.dims().is_row() {
                    Dims::row(want.len())
                } else {
                    Dims::col(want.len())
                };
                assert_eq!(a.dims(), &shape);
                // The first and last few, as the general path gives them.
                let first = call(find, vec![v.clone(), Value::num(3.0)], 1);
                assert_eq!(first[0].numel(), want.len().min(3));
                let last = call(find, vec![v, Value::num(2.0), Value::str("last")], 1);
                let Value::Num(l) = &last[0] else {
                    panic!("class")
                };
                assert_eq!(l.data(), &want[want.len().saturating_sub(2)..]);
            }
        }
    }

    #[test]
    fn unique_orientation_and_indices() {
        let r = call(
            unique,
            vec![Value::row(vec![10.0, 20.0, 30.0, 20.0, 10.0])],
            3,
        );
        assert_eq!(r[0], Value::row(vec![10.0, 20.0, 30.0]));
        assert_eq!(r[1], Value::col(vec![1.0, 2.0, 3.0]));
        assert_eq!(r[2], Value::col(vec![1.0, 2.0, 3.0, 2.0, 1.0]));
        let r = call(
            unique,
            vec![Value::matrix(2, 2, vec![3.0, 2.0, 1.0, 3.0])],
            1,
        );
        assert_eq!(r[0], Value::col(vec![1.0, 2.0, 3.0]));
        assert_eq!(
            call(unique, vec![Value::str("hello")], 1)[0],
            Value::str("ehlo")
        );
        let r = call(
            unique,
            vec![Value::row(vec![1.0, f64::NAN, 1.0, f64::NAN])],
            1,
        );
        assert_eq!(r[0].dims().as_slice(), &[1, 3]);
    }

    #[test]
    fn ismember_lowest_index() {
        let r = call(
            ismember,
            vec![
                Value::row(vec![1.0, 2.0, 5.0]),
                Value::row(vec![5.0, 1.0, 1.0]),
            ],
            2,
        );
        assert_eq!(r[0], Value::Bool(Array::row(vec![true, false, true])));
        assert_eq!(r[1], Value::row(vec![2.0, 0.0, 1.0]));
    }

    #[test]
    fn isequal_rules() {
        assert_eq!(
            call(isequal, vec![Value::num(f64::NAN), Value::num(f64::NAN)], 1)[0],
            Value::bool(false)
        );
        assert_eq!(
            call(isequal, vec![Value::str("a"), Value::num(97.0)], 1)[0],
            Value::bool(true)
        );
        assert_eq!(
            call(
                isequal,
                vec![Value::row(vec![1.0, 2.0]), Value::col(vec![1.0, 2.0])],
                1
            )[0],
            Value::bool(false)
        );
    }

    #[test]
    fn find_shapes() {
        assert_eq!(
            call(find, vec![Value::empty()], 1)[0].dims().as_slice(),
            &[0, 0]
        );
        assert_eq!(
            call(find, vec![Value::num(0.0)], 1)[0].dims().as_slice(),
            &[0, 0]
        );
        assert_eq!(
            call(find, vec![Value::row(vec![0.0; 3])], 1)[0]
                .dims()
                .as_slice(),
            &[1, 0]
        );
        assert_eq!(
            call(find, vec![Value::matrix(3, 3, vec![0.0; 9])], 1)[0]
                .dims()
                .as_slice(),
            &[0, 1]
        );
        assert_eq!(
            call(find, vec![Value::matrix(0, 3, vec![])], 1)[0]
                .dims()
                .as_slice(),
            &[0, 1]
        );
        let x = Value::row(vec![0.0, 1.0, 1.0, 0.0, 1.0]);
        assert_eq!(
            call(
                find,
                vec![x.clone(), Value::num(2.0), Value::str("last")],
                1
            )[0],
            Value::row(vec![3.0, 5.0])
        );
        let r = call(find, vec![Value::matrix(2, 2, vec![0.0, 3.0, 2.0, 0.0])], 3);
        assert_eq!(r[0], Value::col(vec![2.0, 1.0]));
        assert_eq!(r[1], Value::col(vec![1.0, 2.0]));
        assert_eq!(r[2], Value::col(vec![3.0, 2.0]));
    }
}
