//! Builtins: reductions, cumulative operations, sorting, set operations,
//! searching and polynomial/interpolation helpers.
//!
//! Submodules: `sums` (sum, prod, mean, any, all, cumsum, cumprod, diff,
//! nnz), `minmax` (max, min, cummax, cummin), `stats` (median, mode, std,
//! var), `sort` (sort, sortrows), `sets` (unique, ismember, isequal, find),
//! `radix` (the stable radix sort of doubles behind sort and unique),
//! `poly` (trapz, cumtrapz, conv, deconv), `interp`
//! (interp1), `spline` (spline, pchip), `interp2`.
//!
//! This file holds the table and the shared machinery: walking the "lanes"
//! of an N-d array along one dimension, and argument parsing.

// The shared `Error` type is large (message, identifier, location); builtins
// must return it by value per the builtin signature, so the lint is moot here.

mod fast;
mod interp;
mod interp2;
mod minmax;
mod poly;
mod pp;
mod radix;
mod sets;
mod sort;
mod spline;
mod stats;
mod sums;

/// MATLAB `isequal` of two values (class-insensitive, NaN unequal), for
/// other modules (e.g. `switch` matching).
pub use sets::{gather, intersect as intersect_numbers, values_equal};
/// Ascending order of reals with NaN greatest (for `setops`).
pub(crate) use sort::cmp_real;
/// `sum(v)` of a real double vector (for the interpreter's scalar path).
pub(crate) use sums::sum_of_vector;

use super::Builtin;
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Value, C64};

pub const TABLE: &[Builtin] = &[
    Builtin {
        name: "sum",
        func: sums::sum,
        calls_back: false,
    },
    Builtin {
        name: "prod",
        func: sums::prod,
        calls_back: false,
    },
    Builtin {
        name: "mean",
        func: sums::mean,
        calls_back: false,
    },
    Builtin {
        name: "any",
        func: sums::any,
        calls_back: false,
    },
    Builtin {
        name: "all",
        func: sums::all,
        calls_back: false,
    },
    Builtin {
        name: "cumsum",
        func: sums::cumsum,
        calls_back: false,
    },
    Builtin {
        name: "cumprod",
        func: sums::cumprod,
        calls_back: false,
    },
    Builtin {
        name: "diff",
        func: sums::diff,
        calls_back: false,
    },
    Builtin {
        name: "nnz",
        func: sums::nnz,
        calls_back: false,
    },
    Builtin {
        name: "max",
        func: minmax::max,
        calls_back: false,
    },
    Builtin {
        name: "min",
        func: minmax::min,
        calls_back: false,
    },
    Builtin {
        name: "cummax",
        func: minmax::cummax,
        calls_back: false,
    },
    Builtin {
        name: "cummin",
        func: minmax::cummin,
        calls_back: false,
    },
    Builtin {
        name: "mkpp",
        func: pp::mkpp,
        calls_back: false,
    },
    Builtin {
        name: "unmkpp",
        func: pp::unmkpp,
        calls_back: false,
    },
    Builtin {
        name: "ppval",
        func: pp::ppval,
        calls_back: false,
    },
    Builtin {
        name: "median",
        func: stats::median,
        calls_back: false,
    },
    Builtin {
        name: "mode",
        func: stats::mode,
        calls_back: false,
    },
    Builtin {
        name: "std",
        func: stats::std,
        calls_back: false,
    },
    Builtin {
        name: "var",
        func: stats::var,
        calls_back: false,
    },
    Builtin {
        name: "sort",
        func: sort::sort,
        calls_back: false,
    },
    Builtin {
        name: "sortrows",
        func: sort::sortrows,
        calls_back: false,
    },
    Builtin {
        name: "unique",
        func: sets::unique,
        calls_back: false,
    },
    Builtin {
        name: "ismember",
        func: sets::ismember,
        calls_back: false,
    },
    Builtin {
        name: "isequal",
        func: sets::isequal,
        calls_back: false,
    },
    Builtin {
        name: "isequaln",
        func: sets::isequaln,
        calls_back: false,
    },
    Builtin {
        name: "find",
        func: sets::find,
        calls_back: false,
    },
    Builtin {
        name: "trapz",
        func: poly::trapz,
        calls_back: false,
    },
    Builtin {
        name: "cumtrapz",
        func: poly::cumtrapz,
        calls_back: false,
    },
    Builtin {
        name: "conv",
        func: poly::conv,
        calls_back: false,
    },
    Builtin {
        name: "deconv",
        func: poly::deconv,
        calls_back: false,
    },
    Builtin {
        name: "interp1",
        func: interp::interp1,
        calls_back: false,
    },
    Builtin {
        name: "spline",
        func: spline::spline,
        calls_back: false,
    },
    Builtin {
        name: "pchip",
        func: spline::pchip,
        calls_back: false,
    },
    Builtin {
        name: "interp2",
        func: interp2::interp2,
        calls_back: false,
    },
];

/// The lanes of an array along dimension `k` (0-based): `count()` lanes of
/// `n` elements each, element `j` of lane `l` at `base(l) + j * stride`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Lanes {
    pub stride: usize,
    pub n: usize,
    pub outer: usize,
}

impl Lanes {
    pub fn new(dims: &Dims, k: usize) -> Lanes {
        let d = dims.as_slice();
        let stride: usize = d.iter().take(k).product();
        let n = dims.get(k);
        let outer: usize = d.iter().skip(k + 1).product();
        Lanes { stride, n, outer }
    }
    pub fn count(&self) -> usize {
        self.stride * self.outer
    }
    pub fn base(&self, lane: usize) -> usize {
        if self.stride == 0 {
            return 0;
        }
        (lane / self.stride) * self.stride * self.n + lane % self.stride
    }
}

/// Applies `f` to every lane of `a` along dimension `k`. `f` gets the lane's
/// elements and must push exactly `out_len` results; they form the lanes of
/// the output, whose dimension `k` has extent `out_len`.
pub(crate) fn map_lanes<T: Copy, U: Clone + Default>(
    a: &Array<T>,
    k: usize,
    out_len: usize,
    mut f: impl FnMut(&[T], &mut Vec<U>),
) -> Array<U> {
    // A DIM beyond the rank behaves like the first trailing singleton; the
    // clamp keeps a huge user DIM from growing the rank (and memory).
    let k = k.min(a.dims().ndims());
    let lanes = Lanes::new(a.dims(), k);
    let odims = a.dims().with(k, out_len);
    let total = odims.numel();
    let src = a.data();
    if lanes.stride == 1 {
        // Lanes along the first dimension are contiguous runs of the data,
        // and their results contiguous runs of the output: no copies, `f`
        // pushes straight into the result.
        // (Should the reservation fail, pushing reserves as it goes.)
        let mut out: Vec<U> = crate::value::pod::try_with_capacity(total).unwrap_or_default();
        for l in 0..lanes.count() {
            let lane = src.get(l * lanes.n..(l + 1) * lanes.n).unwrap_or(&[]);
            let before = out.len();
            f(lane, &mut out);
            out.resize(before + out_len, U::default());
        }
        return Array::new(odims, out);
    }
    let mut out = vec![U::default(); total];
    let mut buf: Vec<T> = Vec::with_capacity(lanes.n);
    let mut res: Vec<U> = Vec::with_capacity(out_len);
    let ostride = lanes.stride;
    for l in 0..lanes.count() {
        let b = lanes.base(l);
        buf.clear();
        buf.extend((0..lanes.n).filter_map(|j| src.get(b + j * lanes.stride).copied()));
        res.clear();
        f(&buf, &mut res);
        let ob = (l / ostride.max(1)) * ostride * out_len + l % ostride.max(1);
        for (j, v) in res.drain(..).take(out_len).enumerate() {
            if let Some(slot) = out.get_mut(ob + j * ostride) {
                *slot = v;
            }
        }
    }
    Array::new(odims, out)
}

/// Default working dimension: the first non-singleton one (0-based).
pub(crate) fn default_dim(d: &Dims) -> usize {
    d.first_nonsingleton()
}

/// A DIM argument: a positive integer scalar, returned 0-based. `err` makes
/// the function's own error for anything else.
pub(crate) fn parse_dim(v: &Value, err: impl Fn(f64) -> Error) -> Result<usize> {
    let x = match v {
        Value::Num(_) | Value::Bool(_) | Value::Char(_) if v.numel() == 1 => v.scalar_f64("dim")?,
        _ => return Err(err(f64::NAN)),
    };
    if x.is_nan() || x < 1.0 || x.fract() != 0.0 || x > 1e9 {
        return Err(err(x));
    }
    Ok(x as usize - 1)
}

/// Real or complex numeric data of an argument (logical, char, integers and
/// single as the doubles they equal; `ops::classes::in_class_of` gives a
/// result its class back).
pub(crate) enum Num {
    Real(Array<f64>),
    Cplx(Array<C64>),
}

pub(crate) fn num_arg(v: &Value, fname: &str) -> Result<Num> {
    match v {
        Value::Complex(a) => Ok(Num::Cplx(a.clone())),
        Value::SingleComplex(_) => Ok(Num::Cplx(v.to_complex_array(fname)?)),
        Value::Struct(_) => Err(Error::wrong_type(fname, "struct")),
        other => Ok(Num::Real(other.to_num_array(fname)?)),
    }
}

/// Real data only (complex with zero imaginary parts allowed).
pub(crate) fn real_arg(v: &Value, fname: &str) -> Result<Array<f64>> {
    match v {
        Value::Struct(_) => Err(Error::wrong_type(fname, "struct")),
        other => other.to_num_array(fname),
    }
}

/// MATLAB's "called with too many outputs" when more than `max` are asked.
pub(crate) fn check_nargout(ctx: &super::Ctx, max: usize, fname: &str) -> Result<()> {
    if ctx.nargout > max {
        return Err(Error::too_many_outputs(fname));
    }
    Ok(())
}

pub(crate) fn check_nargs(args: &[Value], min: usize, max: usize, fname: &str) -> Result<()> {
    if args.len() < min || args.len() > max {
        return Err(Error::nargin(fname));
    }
    Ok(())
}

/// A text option argument, lowercased; `None` when the value is not text.
pub(crate) fn opt_str(v: &Value) -> Option<String> {
    match v {
        Value::Char(a) if a.rows() <= 1 => {
            Some(String::from_utf16_lossy(a.data()).to_ascii_lowercase())
        }
        _ => None,
    }
}

/// MATLAB's NaN condition: `'omitnan'` or `'includenan'`, or neither given
/// (each function then has its own default).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NanFlag {
    Default,
    Omit,
    Include,
}

impl NanFlag {
    /// Whether NaN is skipped, given the function's default.
    pub fn omits(self, by_default: bool) -> bool {
        match self {
            NanFlag::Default => by_default,
            NanFlag::Omit => true,
            NanFlag::Include => false,
        }
    }
}

/// Takes MATLAB's `'omitnan'`/`'includenan'` flag out of the arguments
/// after the data (`sum(x, 2, 'omitnan')`, `max(x, [], 'all', 'omitnan')`,
/// `median(x, 'omitnan')`), so every function that takes it parses it the
/// same way; the rest keep their order.
pub(crate) fn split_nanflag(args: Vec<Value>) -> (Vec<Value>, NanFlag) {
    let mut flag = NanFlag::Default;
    let mut rest = Vec::with_capacity(args.len());
    for (k, v) in args.into_iter().enumerate() {
        match opt_str(&v).as_deref() {
            Some("omitnan") if k > 0 => flag = NanFlag::Omit,
            Some("includenan") if k > 0 => flag = NanFlag::Include,
            _ => rest.push(v),
        }
    }
    (rest, flag)
}

/// Index (1-based) as a double value.
pub(crate) fn idx(i: usize) -> f64 {
    (i + 1) as f64
}

/// Calls a builtin in unit tests with a throwaway context.
#[cfg(test)]
pub(crate) fn test_call(f: super::BuiltinFn, args: Vec<Value>, nargout: usize) -> Vec<Value> {
    try_call(f, args, nargout).expect("builtin call failed in test")
}

#[cfg(test)]
pub(crate) fn try_call(
    f: super::BuiltinFn,
    args: Vec<Value>,
    nargout: usize,
) -> Result<Vec<Value>> {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let mut state = super::State::default();
    let mut ctx = super::Ctx {
        out: &mut out,
        err: &mut err,
        state: &mut state,
        nargout,
        caller: None,
    };
    f(&mut ctx, args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_along_each_dimension() {
        let a = Array::new(Dims::new(&[2, 3, 2]), (1..=12).map(|x| x as f64).collect());
        let s = map_lanes(&a, 1, 1, |l: &[f64], o: &mut Vec<f64>| {
            o.push(l.iter().sum())
        });
        assert_eq!(s.dims().as_slice(), &[2, 1, 2]);
        assert_eq!(s.data(), &[9.0, 12.0, 27.0, 30.0]);
        let s = map_lanes(&a, 2, 1, |l: &[f64], o: &mut Vec<f64>| {
            o.push(l.iter().sum())
        });
        assert_eq!(s.dims().as_slice(), &[2, 3]);
        assert_eq!(s.data(), &[8.0, 10.0, 12.0, 14.0, 16.0, 18.0]);
        let s = map_lanes(&a, 1_000_000_000, 1, |l: &[f64], o: &mut Vec<f64>| {
            o.push(l[0])
        });
        assert_eq!(s, a);
    }

    #[test]
    fn octave_error_messages() {
        let msg =
            |f: super::super::BuiltinFn, args: Vec<Value>, n: usize| match try_call(f, args, n) {
                Err(e) => e.message.clone(),
                Ok(_) => String::from("no error"),
            };
        assert_eq!(
            msg(sums::sum, vec![Value::num(5.0), Value::num(0.0)], 1),
            "sum: invalid dimension DIM = 0"
        );
        assert_eq!(
            msg(sums::sum, vec![Value::num(1.0), Value::str("foo")], 1),
            "sum: unrecognized type argument 'foo'"
        );
        assert_eq!(
            msg(
                minmax::max,
                vec![Value::num(5.0), Value::empty(), Value::num(0.0)],
                1
            ),
            "max: DIM must be a valid dimension"
        );
        assert_eq!(
            msg(sort::sort, vec![Value::num(1.0), Value::str("foo")], 1),
            "sort: MODE must be either \"ascend\" or \"descend\""
        );
        assert_eq!(
            msg(sets::find, vec![Value::num(1.0), Value::num(-1.0)], 1),
            "find: N must be a non-negative integer"
        );
        assert_eq!(
            msg(poly::conv, vec![Value::empty(), Value::num(1.0)], 1),
            "conv: both arguments A and B must be vectors"
        );
        assert_eq!(
            msg(
                minmax::max,
                vec![Value::row(vec![1.0, 2.0, 3.0]), Value::row(vec![1.0, 2.0])],
                1
            ),
            "max: nonconformant arguments (op1 is 1x3, op2 is 1x2)"
        );
        assert_eq!(
            msg(sums::sum, vec![Value::num(1.0)], 2),
            "sum: function called with too many outputs"
        );
    }
}
