//! Counting and grouping: `histc` (counts between edges, with the bin of
//! each element), `histcounts` (MATLAB's binning by count, edges or width)
//! and `accumarray` (values gathered by subscript and reduced by a
//! function, `sum` by default).

use super::stats::call1;
use super::{check_nargs, default_dim, is_single, lanes, opt_str};
use crate::builtins::Ctx;
use crate::error::{warn_id, Error, Result};
use crate::value::{Array, Class, Dims, Func, Value};

/// The bin of `v` among sorted `edges`: k (1-based) for edges(k) <= v <
/// edges(k+1), the last for v == edges(end), 0 outside.
fn bin_of(edges: &[f64], v: f64) -> usize {
    let n = edges.len();
    if n == 0 || v.is_nan() || v < edges[0] || v > edges[n - 1] {
        return 0;
    }
    if v == edges[n - 1] {
        // The last edge counts in the last bin; a run of equal last edges
        // puts it in the first of them.
        return edges.partition_point(|&e| e < v) + 1;
    }
    // Largest k with edges[k-1] <= v.
    edges.partition_point(|&e| e <= v)
}

/// histc: histogram counts between edges.
///
/// `n = histc(x, edges)` counts the elements of x in each bin: n(k) counts
/// edges(k) <= x < edges(k+1), and the last n(end) counts x == edges(end).
/// Elements outside the edges are not counted. A matrix is counted column by
/// column (the first non-singleton dimension).
///
/// `n = histc(x, edges, dim)` counts along dimension dim.
///
/// `[n, idx] = histc(...)` also returns, for each element of x, the index of
/// its bin (0 when it is in none).
///
/// ```text
/// >> histc([1 2 2 3 5 7], [0 2 4 6])
/// ans =
///
///    1   3   1   0
///
/// ```
pub fn histc(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const F: &str = "histc";
    check_nargs(&args, 2, 3, F)?;
    super::check_nargout(ctx, 2, F)?;
    let x = &args[0];
    if x.is_complex() {
        return Err(Error::new(
            "histc: X argument must be real-valued, not complex",
        ));
    }
    let xa = super::real_data(x, F)?;
    if args[1].is_empty() {
        warn_id("Octave:histc", "histc: empty EDGES specified");
        let e = Value::empty();
        return Ok(vec![e.clone(), e]);
    }
    if args[1].is_complex() {
        return Err(Error::new("histc: EDGES must be real-valued, not complex"));
    }
    let mut edges = super::real_data(&args[1], F)?.into_vec();
    if edges
        .windows(2)
        .any(|w| w[0] > w[1] || w[0].is_nan() || w[1].is_nan())
    {
        warn_id("Octave:histc", "histc: edge values not sorted on input");
        edges.sort_by(f64::total_cmp);
    }
    let nd = xa.dims().ndims();
    let k = match args.get(2) {
        Some(v) => {
            let k = super::dim_arg(v, "histc: DIM must be an integer and a valid dimension")?;
            if k >= nd {
                return Err(Error::new(
                    "histc: DIM must be an integer and a valid dimension",
                ));
            }
            k
        }
        None => default_dim(xa.dims()),
    };
    let ne = edges.len();
    let n = lanes(&xa, k, ne, |lane, out| {
        out.resize(ne, 0.0);
        for &v in lane {
            let b = bin_of(&edges, v);
            if b > 0 {
                out[b - 1] += 1.0;
            }
        }
        Ok(())
    })?;
    let mut out = vec![Value::Num(n)];
    if ctx.nargout > 1 {
        out.push(Value::Num(xa.try_map(|&v| bin_of(&edges, v) as f64)?));
    }
    Ok(out)
}

/// The most bins histcounts makes (each needs an edge and a count).
const MAX_BINS: f64 = 1e7;

/// MATLAB's "nice" bin edges for data in [lo, hi] with a raw width.
fn nice_edges(lo: f64, hi: f64, nbins: Option<usize>, raw: f64) -> Vec<f64> {
    let scale = lo.abs().max(hi.abs());
    let eps = |x: f64| {
        if x == 0.0 {
            f64::MIN_POSITIVE
        } else {
            x.abs() * f64::EPSILON
        }
    };
    let raw = raw.max(eps(scale));
    let range = hi - lo;
    if range > eps(scale).sqrt().max(f64::MIN_POSITIVE) {
        let w = nice_width(raw);
        match nbins {
            None => {
                let left = (w * (lo / w).floor()).min(lo);
                let n = ((hi - left) / w).ceil().max(1.0);
                let right = (left + n * w).max(hi);
                let n = n as usize;
                let mut e: Vec<f64> = (0..n).map(|k| left + k as f64 * w).collect();
                e.push(right);
                e
            }
            Some(n) => {
                // The count is kept: equal bins over the data's range.
                let w = range / n as f64;
                let mut e: Vec<f64> = (0..n).map(|k| lo + k as f64 * w).collect();
                e.push(hi);
                e
            }
        }
    } else {
        let n = nbins.unwrap_or(1).max(1);
        let br = (n as f64 * eps(scale)).ceil().max(1.0);
        let left = (2.0 * (lo - br / 4.0)).floor() / 2.0;
        let right = (2.0 * (hi + br / 4.0)).ceil() / 2.0;
        let w = (right - left) / n as f64;
        let mut e: Vec<f64> = (0..n).map(|k| left + k as f64 * w).collect();
        e.push(right);
        e
    }
}

/// histcounts: histogram bin counts.
///
/// `[N, edges] = histcounts(X)` counts the elements of X (all of them, NaN
/// left out) in bins of equal width: unit bins centred on the integers for
/// integer data spanning at most 50, else a width by Scott's rule rounded
/// to a "nice" 1, 2, 3, 5 or 10 times a power of ten. N is a row of counts
/// and edges the bin edges. Each bin holds edges(k) <= x < edges(k+1), the
/// last also x == edges(end).
///
/// `histcounts(X, nbins)` uses nbins bins of equal width over the range of
/// X; `histcounts(X, edges)` the given edges (a sorted vector).
///
/// `histcounts(..., 'BinWidth', w)`, `'BinLimits', [lo hi]` (only data in
/// the limits counted), `'NumBins', n` and `'Normalization', type` (`'count'`
/// default, `'probability'`, `'percentage'`, `'countdensity'`, `'pdf'`,
/// `'cumcount'`, `'cdf'`) as MATLAB names them.
///
/// `[N, edges, bin] = histcounts(...)` also returns the bin of each element
/// (0 outside every bin).
///
/// ```text
/// >> histcounts([1 2 2 3 5 7], [0 2 4 6 8])
/// ans =
///
///    1   3   1   1
///
/// ```
pub fn histcounts(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const F: &str = "histcounts";
    if args.is_empty() {
        return Err(Error::nargin(F));
    }
    super::check_nargout(ctx, 3, F)?;
    let x = &args[0];
    if !(x.is_numeric() || matches!(x, Value::Bool(_))) || x.is_complex() {
        return Err(Error::new(
            "histcounts: X must be a real numeric or logical array",
        ));
    }
    let xa = x.to_num_array(F)?;
    let mut rest = &args[1..];
    let mut edges: Option<Vec<f64>> = None;
    let mut nbins: Option<usize> = None;
    if let Some(v) = rest.first().filter(|v| !matches!(v, Value::Char(_))) {
        let a = super::real_data(v, F)?;
        if a.numel() == 1 {
            let n = a.data()[0];
            if !(n >= 1.0 && n.fract() == 0.0) {
                return Err(Error::new("histcounts: NBINS must be a positive integer"));
            }
            if n > MAX_BINS {
                return Err(crate::ops::too_many(n));
            }
            nbins = Some(n as usize);
        } else {
            let e = a.into_vec();
            if e.len() < 2
                || e.windows(2)
                    .any(|w| w[0] > w[1] || w[0].is_nan() || w[1].is_nan())
            {
                return Err(Error::new(
                    "histcounts: EDGES must be a vector of at least two increasing values",
                ));
            }
            edges = Some(e);
        }
        rest = &rest[1..];
    }
    let (mut width, mut limits, mut norm) = (None, None, "count".to_string());
    for pair in rest.chunks(2) {
        let name = opt_str(&pair[0])
            .ok_or_else(|| Error::new("histcounts: options must be name-value pairs"))?;
        let v = pair
            .get(1)
            .ok_or_else(|| Error::new(format!("histcounts: option '{name}' needs a value")))?;
        match name.as_str() {
            "binwidth" => {
                let w = v.scalar_f64(F)?;
                if !(w > 0.0 && w.is_finite()) {
                    return Err(Error::new("histcounts: BinWidth must be a positive number"));
                }
                width = Some(w);
            }
            "binlimits" => {
                let l = super::real_data(v, F)?;
                match l.data() {
                    [a, b] if a <= b => limits = Some((*a, *b)),
                    _ => {
                        return Err(Error::new(
                            "histcounts: BinLimits must be a two-element increasing vector",
                        ))
                    }
                }
            }
            "numbins" => {
                let n = v.scalar_f64(F)?;
                if !(n >= 1.0 && n.fract() == 0.0) {
                    return Err(Error::new("histcounts: NumBins must be a positive integer"));
                }
                if n > MAX_BINS {
                    return Err(crate::ops::too_many(n));
                }
                nbins = Some(n as usize);
            }
            "normalization" => {
                let s = opt_str(v).unwrap_or_default();
                if ![
                    "count",
                    "probability",
                    "percentage",
                    "countdensity",
                    "pdf",
                    "cumcount",
                    "cdf",
                ]
                .contains(&s.as_str())
                {
                    return Err(Error::new(format!(
                        "histcounts: unknown Normalization '{s}'"
                    )));
                }
                norm = s;
            }
            "binmethod" => {}
            _ => return Err(Error::new(format!("histcounts: unknown option '{name}'"))),
        }
    }
    let data: Vec<f64> = xa
        .data()
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    let edges = match edges {
        Some(e) => e,
        None => {
            let (lo, hi) = match limits {
                Some(l) => l,
                None if data.is_empty() => (0.0, 0.0),
                None => (
                    data.iter().copied().fold(f64::INFINITY, f64::min),
                    data.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                ),
            };
            if let Some(w) = width {
                let n = ((hi - lo) / w).ceil().max(1.0);
                if n > MAX_BINS {
                    return Err(crate::ops::too_many(n));
                }
                let left = if limits.is_some() {
                    lo
                } else {
                    w * (lo / w).floor()
                };
                let n = ((hi - left) / w).ceil().max(1.0);
                let mut e: Vec<f64> = (0..=n as usize).map(|k| left + k as f64 * w).collect();
                if limits.is_some() {
                    if let Some(l) = e.last_mut() {
                        *l = l.min(hi).max(hi);
                    }
                }
                e
            } else if let (Some(n), Some(_)) = (nbins, limits) {
                let w = (hi - lo) / n as f64;
                let mut e: Vec<f64> = (0..n).map(|k| lo + k as f64 * w).collect();
                e.push(hi);
                e
            } else if let Some(n) = nbins {
                nice_edges(lo, hi, Some(n), (hi - lo) / n as f64)
            } else if limits.is_none()
                && !data.is_empty()
                && data.iter().all(|v| v.fract() == 0.0)
                && hi - lo <= 50.0
            {
                // MATLAB's integer rule: unit bins centred on the integers.
                let left = lo - 0.5;
                let n = (hi - lo) as usize + 1;
                (0..=n).map(|k| left + k as f64).collect()
            } else {
                let n = data.len().max(1) as f64;
                let mean = data.iter().sum::<f64>() / n;
                let sd = if data.len() > 1 {
                    (data.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
                } else {
                    0.0
                };
                let raw = 3.5 * sd / n.cbrt();
                let raw = if raw > 0.0 { raw } else { hi - lo };
                nice_edges(lo, hi, None, raw)
            }
        }
    };
    let nb = edges.len() - 1;
    let mut counts = vec![0.0; nb];
    let bins: Vec<f64> = xa
        .data()
        .iter()
        .map(|&v| {
            let b = bin_of(&edges, v);
            if b > nb {
                // v equals a repeated last edge.
                nb as f64
            } else {
                b as f64
            }
        })
        .collect();
    for &b in &bins {
        if b >= 1.0 {
            counts[b as usize - 1] += 1.0;
        }
    }
    let total: f64 = xa.data().iter().filter(|v| !v.is_nan()).count() as f64;
    let widths: Vec<f64> = edges.windows(2).map(|w| w[1] - w[0]).collect();
    match norm.as_str() {
        "probability" => counts.iter_mut().for_each(|c| *c /= total),
        "percentage" => counts.iter_mut().for_each(|c| *c *= 100.0 / total),
        "countdensity" => counts.iter_mut().zip(&widths).for_each(|(c, w)| *c /= w),
        "pdf" => counts
            .iter_mut()
            .zip(&widths)
            .for_each(|(c, w)| *c /= total * w),
        "cumcount" | "cdf" => {
            let mut acc = 0.0;
            for c in counts.iter_mut() {
                acc += *c;
                *c = if norm == "cdf" { acc / total } else { acc };
            }
        }
        _ => {}
    }
    let mut out = vec![Value::row(counts)];
    if ctx.nargout > 1 {
        let e = Value::row(edges);
        out.push(if is_single(x) {
            crate::ops::classes::to_single_result(e)?
        } else {
            e
        });
    }
    if ctx.nargout > 2 {
        out.push(Value::Num(Array::new(xa.dims().clone(), bins)));
    }
    Ok(out)
}

/// The subscripts of accumarray as 0-based linear indices into `dims`
/// (computed from the subscripts' maxima when `sz` is not given).
fn subscripts(subs: &Value, sz: Option<&Value>) -> Result<(Vec<usize>, Dims)> {
    const F: &str = "accumarray";
    let cols: Vec<Vec<f64>> = match subs {
        Value::Cell(c) => c
            .data()
            .iter()
            .map(|v| v.to_num_array(F).map(|a| a.into_vec()))
            .collect::<Result<_>>()?,
        other => {
            let a = other.to_num_array(F)?;
            if a.dims().ndims() > 2 {
                return Err(Error::new("accumarray: SUBS must be a vector or matrix"));
            }
            if a.dims().is_vector() && a.cols() == 1 || a.is_empty() {
                vec![a.into_vec()]
            } else {
                let (m, n) = (a.rows(), a.cols());
                (0..n)
                    .map(|j| a.data()[j * m..(j + 1) * m].to_vec())
                    .collect()
            }
        }
    };
    let n = cols.first().map_or(0, Vec::len);
    if cols.iter().any(|c| c.len() != n) {
        return Err(Error::new("accumarray: dimension mismatch"));
    }
    for c in &cols {
        if c.iter().any(|&s| !(s >= 1.0 && s.fract() == 0.0)) {
            return Err(Error::with_id(
                "Octave:index-out-of-bounds",
                "accumarray: indices must be positive integers",
            ));
        }
    }
    let maxes: Vec<usize> = cols
        .iter()
        .map(|c| c.iter().fold(0.0f64, |a, &b| a.max(b)) as usize)
        .collect();
    let dims: Vec<usize> = match sz.filter(|v| !v.is_empty()) {
        Some(v) => {
            let s = v.to_num_array(F)?;
            let d: Vec<usize> = s
                .data()
                .iter()
                .map(|&x| crate::builtins::util::to_extent(x))
                .collect::<Result<_>>()?;
            crate::ops::checked_numel(&d)?;
            let ok = if cols.len() == 1 {
                d.len() == 2 && (d[1] == 1 || d[0] == 1)
            } else {
                d.len() == cols.len()
            };
            if !ok || maxes.iter().zip(&d).any(|(m, e)| m > e) && cols.len() > 1 {
                return Err(Error::new(
                    "accumarray: dimensions mismatch between SZ and SUBS",
                ));
            }
            if cols.len() == 1 && maxes.first().is_some_and(|&m| m > d[0] * d[1]) {
                return Err(Error::new("accumarray: index out of range"));
            }
            d
        }
        None if cols.len() == 1 => vec![maxes.first().copied().unwrap_or(0), 1],
        None => maxes.clone(),
    };
    crate::ops::checked_numel(&dims)?;
    let mut idx = Vec::with_capacity(n);
    for i in 0..n {
        let mut lin = 0usize;
        let mut stride = 1usize;
        for (k, c) in cols.iter().enumerate() {
            let e = if cols.len() == 1 { usize::MAX } else { dims[k] };
            let s = c[i] as usize - 1;
            if s >= e {
                return Err(Error::new("accumarray: index out of range"));
            }
            lin += s * stride;
            stride = stride.saturating_mul(dims.get(k).copied().unwrap_or(1));
        }
        idx.push(lin);
    }
    Ok((idx, Dims::new(&dims)))
}

/// What accumarray does with each group.
enum Reducer {
    Sum,
    Max,
    Min,
    Prod,
    Call(Value),
}

/// accumarray: build an array by accumulating values at subscripts.
///
/// `A = accumarray(subs, vals)` adds up the elements of vals that share a
/// subscript: A(subs(i,:)) accumulates vals(i). subs is a column of
/// indices (A is a column) or a matrix with one column per dimension (or a
/// cell array of such columns); vals is a vector with one element per row
/// of subs, or a scalar used for every row.
///
/// `A = accumarray(subs, vals, sz)` makes A of size sz (`[]` for the
/// smallest size that holds every subscript).
///
/// `A = accumarray(subs, vals, sz, fun)` reduces each group by the function
/// fun, called with the column of its values (`[]` is `@sum`); the results
/// may be numbers, logicals or cells.
///
/// `A = accumarray(subs, vals, sz, fun, fillval)` fills the elements no
/// subscript names with fillval (0 by default).
///
/// `accumarray(..., issparse)`: a true issparse gives the result as a
/// sparse matrix (made from the full one).
///
/// ```text
/// >> accumarray([1; 2; 4; 2], [10 20 30 40])
/// ans =
///
///    10
///    60
///     0
///    30
///
/// ```
pub fn accumarray(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    const F: &str = "accumarray";
    check_nargs(&args, 2, 6, F)?;
    super::check_nargout(ctx, 1, F)?;
    if let Some(sp) = args.get(5) {
        if !sp.is_empty() && sp.is_true()? {
            let mut full_args = args;
            full_args.truncate(5);
            return accumarray(ctx, full_args)?
                .into_iter()
                .map(|v| {
                    Ok(crate::builtins::sparse::value(
                        crate::builtins::sparse::to_sparse(F, &v)?,
                    ))
                })
                .collect();
        }
    }
    let (idx, dims) = subscripts(&args[0], args.get(2))?;
    let vals = &args[1];
    if !(vals.is_numeric() || matches!(vals, Value::Bool(_) | Value::Char(_))) {
        return Err(Error::wrong_type(F, vals.class_name()));
    }
    let n = idx.len();
    if vals.numel() != 1 && vals.numel() != n {
        return Err(Error::new("accumarray: dimension mismatch"));
    }
    let reducer = match args.get(3) {
        None => Reducer::Sum,
        Some(v) if v.is_empty() && !matches!(v, Value::Char(_)) => Reducer::Sum,
        Some(Value::Func(f)) => match &**f {
            Func::Named(name) if name == "sum" => Reducer::Sum,
            Func::Named(name) if name == "max" => Reducer::Max,
            Func::Named(name) if name == "min" => Reducer::Min,
            Func::Named(name) if name == "prod" => Reducer::Prod,
            _ => Reducer::Call(args[3].clone()),
        },
        Some(_) => return Err(Error::new("accumarray: FUNC must be a function handle")),
    };
    let fill = match args.get(4) {
        Some(v) if !v.is_empty() => Some(v.clone()),
        _ => None,
    };
    let total = dims.numel();
    // Groups: the positions of vals for each output element, in order.
    let mut count = crate::builtins::util::alloc_vec(total, 0usize)?;
    for &i in &idx {
        count[i] += 1;
    }
    let at = |i: usize| if vals.numel() == 1 { 0 } else { i };
    match reducer {
        Reducer::Call(f) => {
            let mut groups: Vec<Vec<usize>> = crate::builtins::util::alloc_vec(total, Vec::new())?;
            for (i, &o) in idx.iter().enumerate() {
                groups[o].push(at(i));
            }
            let mut results: Vec<Option<Value>> = crate::ops::alloc_vec(total)?;
            let mut first: Option<Value> = None;
            for g in &groups {
                if g.is_empty() {
                    results.push(None);
                    continue;
                }
                let sel = crate::builtins::reduce::gather(vals, g, Dims::col(g.len()));
                let r = ctx.call1(&f, vec![sel])?;
                if r.numel() != 1 && !matches!(r, Value::Cell(_)) {
                    return Err(Error::new(
                        "accumarray: FUNC must return a scalar or a cell",
                    ));
                }
                if first.is_none() {
                    first = Some(r.clone());
                }
                results.push(Some(r));
            }
            let fillv = match (&fill, &first) {
                (Some(v), _) => v.clone(),
                (None, Some(Value::Cell(_))) => {
                    Value::cell(Array::new(Dims::scalar(), vec![Value::empty()]))
                }
                (None, Some(Value::Bool(_))) => Value::bool(false),
                (None, _) => Value::num(0.0),
            };
            if total == 0 {
                // No group to learn the class from: ask FUNC about an
                // empty group, as Octave does (a failure means double).
                if first.is_none() {
                    let none = crate::builtins::reduce::gather(vals, &[], Dims::col(0));
                    first = ctx.call1(&f, vec![none]).ok();
                }
                let e = match &first {
                    Some(Value::Cell(_)) => Value::cell(Array::new(dims, vec![])),
                    _ => Value::Num(Array::new(dims, vec![])),
                };
                return Ok(vec![e]);
            }
            let parts: Vec<Value> = results
                .into_iter()
                .map(|r| r.unwrap_or_else(|| fillv.clone()))
                .collect();
            let col = call1(ctx, "vertcat", parts)?;
            let v = col
                .reshaped(dims)
                .ok_or_else(|| Error::new("accumarray: FUNC must return a scalar or a cell"))?;
            Ok(vec![v])
        }
        r => {
            let v = vals.to_num_array(F)?;
            let vd = v.data();
            let init = match r {
                Reducer::Sum => 0.0,
                Reducer::Prod => 1.0,
                Reducer::Max => f64::NEG_INFINITY,
                _ => f64::INFINITY,
            };
            let mut acc = crate::builtins::util::alloc_vec(total, init)?;
            for (i, &o) in idx.iter().enumerate() {
                let x = vd[at(i)];
                let a = &mut acc[o];
                *a = match r {
                    Reducer::Sum => *a + x,
                    Reducer::Prod => *a * x,
                    Reducer::Max => {
                        if x > *a || a.is_nan() {
                            x
                        } else {
                            *a
                        }
                    }
                    _ => {
                        if x < *a || a.is_nan() {
                            x
                        } else {
                            *a
                        }
                    }
                };
            }
            let fillx = match &fill {
                Some(f) => f.scalar_f64(F)?,
                None => 0.0,
            };
            for (a, &c) in acc.iter_mut().zip(&count) {
                if c == 0 {
                    *a = fillx;
                }
            }
            let out = Value::Num(Array::new(dims, acc));
            let class = vals.class();
            let keep = matches!(r, Reducer::Max | Reducer::Min) || class != Class::Logical;
            let out = if keep && class != Class::Char && class != Class::Logical {
                crate::ops::classes::in_class_of(vals, out)?
            } else if keep && class == Class::Logical {
                Value::Bool(out.to_num_array(F)?.map(|&x| x != 0.0))
            } else {
                out
            };
            Ok(vec![out])
        }
    }
}

/// A bin width of 1, 2, 3, 5 or 10 times a power of ten, the nearest to
/// `raw` (positive and finite), as MATLAB's automatic binning picks it.
pub(crate) fn nice_width(raw: f64) -> f64 {
    let p = 10f64.powf(raw.log10().floor());
    let rel = raw / p;
    p * if rel < 1.5 {
        1.0
    } else if rel < 2.5 {
        2.0
    } else if rel < 4.0 {
        3.0
    } else if rel < 7.5 {
        5.0
    } else {
        10.0
    }
}
