//! sort and sortrows: stable sorts with NaN placed last when ascending and
//! first when descending; logical and char inputs keep their class.
//! Doubles go through the radix sort of `radix.rs` (lanes on every core),
//! and the permutation is only built when the index output is asked for.

use super::{check_nargout, check_nargs, default_dim, idx, map_lanes, opt_str, parse_dim, Lanes};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::{Array, Dims, IntElem, Value, C32, C64};
use std::cmp::Ordering;

/// Ascending order of reals with NaN greatest.
pub(crate) fn cmp_real(a: f64, b: f64) -> Ordering {
    match (a.is_nan(), b.is_nan()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        _ => a.partial_cmp(&b).unwrap_or(Ordering::Equal),
    }
}

/// Ascending order of complex values: by magnitude, then phase angle.
pub(crate) fn cmp_cplx(a: C64, b: C64) -> Ordering {
    let (an, bn) = (
        a.re.is_nan() || a.im.is_nan(),
        b.re.is_nan() || b.im.is_nan(),
    );
    match (an, bn) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        _ => cmp_real(a.norm(), b.norm()).then(cmp_real(a.arg(), b.arg())),
    }
}

/// Stable sort of one lane; returns the permutation (0-based).
fn sort_perm<T: Copy>(l: &[T], desc: bool, cmp: impl Fn(T, T) -> Ordering) -> Vec<usize> {
    let mut p: Vec<usize> = (0..l.len()).collect();
    p.sort_by(|&i, &j| {
        let o = cmp(l[i], l[j]);
        if desc {
            o.reverse()
        } else {
            o
        }
    });
    p
}

fn sort_array<T: Copy + Default>(
    a: &Array<T>,
    k: usize,
    desc: bool,
    cmp: impl Fn(T, T) -> Ordering + Copy,
) -> (Array<T>, Array<f64>) {
    let n = a.dims().get(k);
    let r = map_lanes(a, k, n, |l, o: &mut Vec<(T, f64)>| {
        for i in sort_perm(l, desc, cmp) {
            o.push((l[i], idx(i)));
        }
    });
    let dims = r.dims().clone();
    let (v, i): (Vec<T>, Vec<f64>) = r.into_vec().into_iter().unzip();
    (Array::new(dims.clone(), v), Array::new(dims, i))
}

/// Sort of doubles along dimension `k` (0-based) through the radix sort:
/// each lane sorted on its own (lanes on every core for a large matrix,
/// the halves of one large lane on two), the 1-based positions only when
/// `want_idx`.
fn sort_real(
    a: &Array<f64>,
    k: usize,
    desc: bool,
    want_idx: bool,
) -> Result<(Array<f64>, Option<Array<f64>>)> {
    use crate::value::pod::try_zeroed_output as try_zeroed;
    let dims = a.dims().clone();
    let k = k.min(dims.ndims());
    let lanes = Lanes::new(&dims, k);
    let total = a.numel();
    let src = a.data();
    let n = lanes.n;
    let mut vals: Vec<f64> = try_zeroed(total)?;
    let mut idxs: Vec<f64> = if want_idx {
        try_zeroed(total)?
    } else {
        Vec::new()
    };
    let sort_lane = |l: usize| {
        let b = lanes.base(l);
        if lanes.stride == 1 {
            super::radix::sort_f64(src.get(b..b + n).unwrap_or(&[]), desc, want_idx)
        } else {
            let lane: Vec<f64> = (0..n)
                .filter_map(|j| src.get(b + j * lanes.stride).copied())
                .collect();
            super::radix::sort_f64(&lane, desc, want_idx)
        }
    };
    let count = if n == 0 { 0 } else { lanes.count() };
    let ids: Vec<usize> = (0..count).collect();
    let sorted = if count >= 2 && total >= crate::ops::par::PAR_MIN {
        crate::par::par_map(&ids, |&l| sort_lane(l))
    } else {
        ids.iter().map(|&l| sort_lane(l)).collect()
    };
    for (l, (sv, sp)) in sorted.into_iter().enumerate() {
        let b = lanes.base(l);
        for (j, x) in sv.into_iter().enumerate() {
            if let Some(o) = vals.get_mut(b + j * lanes.stride) {
                *o = x;
            }
        }
        for (j, p) in sp.into_iter().flatten().enumerate() {
            if let Some(o) = idxs.get_mut(b + j * lanes.stride) {
                *o = f64::from(p) + 1.0;
            }
        }
    }
    let idxs = want_idx.then(|| Array::new(dims.clone(), idxs));
    Ok((Array::new(dims, vals), idxs))
}

fn mode_arg(v: &Value) -> Result<bool> {
    if !v.is_char() {
        return Err(Error::new("sort: MODE must be a string"));
    }
    match opt_str(v).as_deref() {
        Some("ascend") => Ok(false),
        Some("descend") => Ok(true),
        _ => Err(Error::new(
            "sort: MODE must be either \"ascend\" or \"descend\"",
        )),
    }
}

/// sort: sort array elements.
///
/// `B = sort(A)` sorts a vector in ascending order, or each column of a
/// matrix (along the first dimension whose size is not 1). NaN elements
/// go last. A cell array of strings is sorted alphabetically.
///
/// `B = sort(A, DIM)` sorts along dimension DIM; `sort(..., MODE)` with
/// MODE 'ascend' or 'descend' chooses the order.
///
/// `[B, I] = sort(...)` also returns the indices such that B = A(I) for a
/// vector; equal elements keep their order.
///
/// ```text
/// >> [s, i] = sort([3 1 2], 'descend')
/// s =
///
///    3   2   1
///
/// i =
///
///    1   3   2
/// >> sort([3 1; 2 4], 2)
/// ans =
///
///    1   3
///    2   4
/// >> sort({'pear', 'apple'})
/// ans =
/// {
///   [1,1] = apple
///   [1,2] = pear
/// }
/// ```
pub fn sort(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 2, "sort")?;
    check_nargs(&args, 1, 3, "sort")?;
    if let Value::Cell(_) = &args[0] {
        return crate::builtins::setops::sort_cellstr(ctx, args);
    }
    let dim_err = |_| Error::new("sort: DIM must be a valid dimension");
    let (mut dim, mut desc) = (None, false);
    match args.len() {
        2 if args[1].is_char() => desc = mode_arg(&args[1])?,
        2 => dim = Some(parse_dim(&args[1], dim_err)?),
        3 => {
            if args[1].is_char() {
                return Err(dim_err(0.0));
            }
            dim = Some(parse_dim(&args[1], dim_err)?);
            desc = mode_arg(&args[2])?;
        }
        _ => {}
    }
    let x = &args[0];
    let k = dim.unwrap_or_else(|| default_dim(&x.dims()));
    let (s, i) = match x {
        Value::Num(a) => {
            let (s, i) = sort_real(a, k, desc, ctx.nargout >= 2)?;
            (
                Value::Num(s),
                i.unwrap_or_else(|| Array::empty_with(Dims::empty())),
            )
        }
        Value::Bool(a) => {
            let (s, i) = sort_array(a, k, desc, |p: bool, q: bool| p.cmp(&q));
            (Value::Bool(s), i)
        }
        Value::Char(a) => {
            let (s, i) = sort_array(a, k, desc, |p: u16, q: u16| p.cmp(&q));
            (Value::Char(s), i)
        }
        Value::Complex(a) => {
            let (s, i) = sort_array(a, k, desc, cmp_cplx);
            (Value::Complex(s), i)
        }
        Value::Single(a) => {
            let (s, i) = sort_array(a, k, desc, |p: f32, q: f32| {
                cmp_real(f64::from(p), f64::from(q))
            });
            (Value::Single(s), i)
        }
        Value::SingleComplex(a) => {
            let wide = |z: C32| C64::new(f64::from(z.re), f64::from(z.im));
            let (s, i) = sort_array(a, k, desc, |p: C32, q: C32| cmp_cplx(wide(p), wide(q)));
            (Value::SingleComplex(s), i)
        }
        Value::Int(ia) => crate::with_int!(ia, a => {
            let (s, i) = sort_array(a, k, desc, |p, q| p.to_i128().cmp(&q.to_i128()));
            (Value::Int(IntElem::wrap(s)), i)
        }),
        Value::Cell(_) | Value::Struct(_) | Value::Func(_) | Value::Sparse(_) => {
            return Err(Error::wrong_type("sort", x.class_name()))
        }
    };
    let mut out = vec![s];
    if ctx.nargout >= 2 {
        out.push(Value::Num(i));
    }
    Ok(out)
}

/// The sort key of a cell: a string's character codes, or a real scalar.
enum CellKey {
    Num(f64),
    Str(Vec<u16>),
}

/// The keys of the columns of cell array `a` that `spec` sorts by (the
/// other columns are left empty): each a column of strings, or a column
/// of real scalars (Octave sorts those as `cell2mat` of the column).
fn cell_keys(a: &Array<Value>, spec: &[(usize, bool)]) -> Result<Vec<Vec<CellKey>>> {
    let bad = || Error::new("sortrows: only cell arrays of character strings may be sorted");
    let mut keys: Vec<Vec<CellKey>> = (0..a.cols()).map(|_| Vec::new()).collect();
    for &(col, _) in spec {
        if !keys[col].is_empty() {
            continue;
        }
        let mut k = Vec::with_capacity(a.rows());
        for i in 0..a.rows() {
            k.push(match a.at(i, col) {
                Value::Char(s) if s.rows() <= 1 => CellKey::Str(s.data().to_vec()),
                v if v.numel() == 1
                    && !v.is_complex()
                    && (v.is_numeric() || matches!(v, Value::Bool(_))) =>
                {
                    CellKey::Num(v.scalar_f64("sortrows")?)
                }
                _ => return Err(bad()),
            });
        }
        let strs = k.iter().filter(|x| matches!(x, CellKey::Str(_))).count();
        if strs != 0 && strs != k.len() {
            return Err(bad());
        }
        keys[col] = k;
    }
    Ok(keys)
}

/// sortrows: sort the rows of a matrix.
///
/// `B = sortrows(A)` sorts the rows of A in ascending order of the first
/// column, ties broken by the following columns.
///
/// `B = sortrows(A, COLUMN)` sorts by the listed columns in turn; a
/// negative column number sorts that column in descending order.
///
/// `B = sortrows(A, 'descend')` sorts every column in descending order.
///
/// A may be a cell array whose sorted columns hold strings (compared
/// character by character) or real scalars.
///
/// `[B, I] = sortrows(...)` also returns the row indices, B = A(I,:).
///
/// ```text
/// >> sortrows([3 1; 1 2; 2 0])
/// ans =
///
///    1   2
///    2   0
///    3   1
/// >> [b, i] = sortrows([3 1; 1 2; 2 0], -2)
/// b =
///
///    1   2
///    3   1
///    2   0
///
/// i =
///
///    2
///    1
///    3
///
/// >> sortrows({'b', 'x'; 'a', 'y'; 'b', 'a'}, [1 -2])
/// ans =
/// {
///   [1,1] = a
///   [2,1] = b
///   [3,1] = b
///   [1,2] = y
///   [2,2] = x
///   [3,2] = a
/// }
///
/// ```
pub fn sortrows(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 2, "sortrows")?;
    check_nargs(&args, 1, 2, "sortrows")?;
    let x = &args[0];
    let d = x.dims();
    if !d.is_matrix() {
        return Err(Error::new("sortrows: only 2-D arguments are supported"));
    }
    let (r, c) = (d.rows(), d.cols());
    // Column spec: (0-based column, descending).
    let spec: Vec<(usize, bool)> = match args.get(1) {
        None => (0..c).map(|j| (j, false)).collect(),
        Some(v) if v.is_char() => {
            let desc = match opt_str(v).as_deref() {
                Some("ascend") => false,
                Some("descend") => true,
                _ => {
                    return Err(Error::new(
                        "sortrows: MODE must be either \"ascend\" or \"descend\"",
                    ))
                }
            };
            (0..c).map(|j| (j, desc)).collect()
        }
        Some(v) => {
            if !v.is_numeric() || !v.dims().is_vector() {
                return Err(Error::new("sortrows: C must be a numeric vector"));
            }
            let a = v.to_num_array("sortrows")?;
            let mut s = Vec::with_capacity(a.numel());
            for &x in a.data() {
                let m = x.abs();
                if x.fract() != 0.0 || m.is_nan() || m < 1.0 || m > c as f64 {
                    return Err(Error::new(
                        "sortrows: all elements of C must be in the range [1, columns (A)]",
                    ));
                }
                s.push((m as usize - 1, x < 0.0));
            }
            s
        }
    };
    let cmp_rows = |key: &dyn Fn(usize, usize, usize) -> Ordering| {
        let mut p: Vec<usize> = (0..r).collect();
        p.sort_by(|&i, &j| {
            for &(col, desc) in &spec {
                let o = key(i, j, col);
                let o = if desc { o.reverse() } else { o };
                if o != Ordering::Equal {
                    return o;
                }
            }
            Ordering::Equal
        });
        p
    };
    let perm = match x {
        Value::Num(a) => cmp_rows(&|i, j, col| cmp_real(*a.at(i, col), *a.at(j, col))),
        Value::Bool(a) => cmp_rows(&|i, j, col| a.at(i, col).cmp(a.at(j, col))),
        Value::Char(a) => cmp_rows(&|i, j, col| a.at(i, col).cmp(a.at(j, col))),
        Value::Complex(a) => cmp_rows(&|i, j, col| cmp_cplx(*a.at(i, col), *a.at(j, col))),
        Value::SingleComplex(_) => {
            let a = x.to_complex_array("sortrows")?;
            cmp_rows(&|i, j, col| cmp_cplx(*a.at(i, col), *a.at(j, col)))
        }
        Value::Single(_) | Value::Int(_) => {
            let a = x.to_num_array("sortrows")?;
            cmp_rows(&|i, j, col| cmp_real(*a.at(i, col), *a.at(j, col)))
        }
        Value::Cell(a) => {
            let keys = cell_keys(a, &spec)?;
            cmp_rows(&|i, j, col| match (&keys[col][i], &keys[col][j]) {
                (CellKey::Num(p), CellKey::Num(q)) => cmp_real(*p, *q),
                (CellKey::Str(p), CellKey::Str(q)) => p.cmp(q),
                // cell_keys gives one kind per column.
                (CellKey::Num(_), CellKey::Str(_)) => Ordering::Less,
                (CellKey::Str(_), CellKey::Num(_)) => Ordering::Greater,
            })
        }
        Value::Struct(_) | Value::Func(_) | Value::Sparse(_) => {
            return Err(Error::wrong_type("sortrows", x.class_name()))
        }
    };
    fn permute<T: Clone>(a: &Array<T>, perm: &[usize]) -> Array<T> {
        let (r, c) = (a.rows(), a.cols());
        let mut out = Vec::with_capacity(r * c);
        for j in 0..c {
            for &i in perm {
                out.push(a.at(i, j).clone());
            }
        }
        Array::new(a.dims().clone(), out)
    }
    let b = crate::each_array!("sortrows", x, |a| permute(a, &perm));
    let mut out = vec![b];
    if ctx.nargout >= 2 {
        out.push(Value::col(perm.iter().map(|&i| idx(i)).collect()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::test_call as call;
    use super::*;

    #[test]
    fn sort_with_nan_and_indices() {
        let nan = f64::NAN;
        let r = call(
            sort,
            vec![Value::row(vec![3.0, nan, 1.0, nan]), Value::str("descend")],
            2,
        );
        assert_eq!(r[1], Value::row(vec![2.0, 4.0, 1.0, 3.0]));
        let r = call(sort, vec![Value::row(vec![3.0, nan, 1.0, nan])], 2);
        assert_eq!(r[1], Value::row(vec![3.0, 1.0, 2.0, 4.0]));
        let r = call(
            sort,
            vec![Value::row(vec![1.0, 2.0, 1.0, 2.0]), Value::str("descend")],
            2,
        );
        assert_eq!(r[1], Value::row(vec![2.0, 4.0, 1.0, 3.0]));
        assert_eq!(
            call(sort, vec![Value::str("hello")], 1)[0],
            Value::str("ehllo")
        );
        let a = Value::matrix(3, 2, vec![3.0, 1.0, 2.0, 1.0, 2.0, 0.0]);
        assert_eq!(
            call(sort, vec![a.clone(), Value::num(2.0)], 1)[0],
            Value::matrix(3, 2, vec![1.0, 1.0, 0.0, 3.0, 2.0, 2.0])
        );
        assert_eq!(
            call(sort, vec![a], 1)[0],
            Value::matrix(3, 2, vec![1.0, 2.0, 3.0, 0.0, 1.0, 2.0])
        );
    }

    #[test]
    fn sortrows_specs() {
        let a = Value::matrix(4, 2, vec![3.0, 1.0, 2.0, 1.0, 1.0, 2.0, 0.0, 1.0]);
        let r = call(sortrows, vec![a.clone()], 2);
        assert_eq!(
            r[0],
            Value::matrix(4, 2, vec![1.0, 1.0, 2.0, 3.0, 1.0, 2.0, 0.0, 1.0])
        );
        assert_eq!(r[1], Value::col(vec![4.0, 2.0, 3.0, 1.0]));
        let r = call(sortrows, vec![a, Value::num(-2.0)], 1);
        assert_eq!(
            r[0],
            Value::matrix(4, 2, vec![1.0, 3.0, 1.0, 2.0, 2.0, 1.0, 1.0, 0.0])
        );
    }
}
