//! `cellfun`, `arrayfun` and `structfun`: a function applied to every
//! element, called back through `Ctx::call` (the interpreter's one call
//! interface), with MATLAB's `'UniformOutput'` and `'ErrorHandler'`
//! options, several outputs, and Octave's legacy string names for
//! `cellfun` (`cellfun('isempty', c)`, `cellfun('size', c, k)`...).
//!
//! Uniform outputs must be scalars; they are gathered into an array of the
//! class of the first one (Octave converts the others to it), shaped like
//! the input. Non-uniform outputs are cell arrays of the input's shape.

use super::{Builtin, Ctx};
use crate::error::{Error, Result};
use crate::value::{Array, Dims, IntElem, StructArray, Value, C32, C64};

pub const TABLE: &[Builtin] = &[
    Builtin {
        name: "cellfun",
        func: cellfun,
        calls_back: true,
    },
    Builtin {
        name: "arrayfun",
        func: arrayfun,
        calls_back: true,
    },
    Builtin {
        name: "structfun",
        func: structfun,
        calls_back: true,
    },
];

/// The trailing name/value options.
struct Opts {
    uniform: bool,
    handler: Option<Value>,
}

/// Removes the trailing `'UniformOutput', v` / `'ErrorHandler', f` pairs
/// from `args` (function first, then at least one data argument).
fn take_opts(who: &str, args: &mut Vec<Value>) -> Result<Opts> {
    let mut opts = Opts {
        uniform: true,
        handler: None,
    };
    while args.len() >= 4 {
        let k = args.len() - 2;
        let Value::Char(_) = &args[k] else { break };
        let name = args[k].to_str(who)?;
        let value = args.pop().unwrap_or_else(Value::empty);
        args.pop();
        if name.eq_ignore_ascii_case("UniformOutput") {
            opts.uniform = value.is_true()?;
        } else if name.eq_ignore_ascii_case("ErrorHandler") {
            if !matches!(value, Value::Func(_)) {
                return Err(Error::new(format!(
                    "{who}: invalid value for 'ErrorHandler' function"
                )));
            }
            opts.handler = Some(value);
        } else {
            return Err(Error::new(format!("{who}: unrecognized parameter {name}")));
        }
    }
    Ok(opts)
}

/// The function argument: a handle, or a function name.
fn func_arg(who: &str, v: &Value) -> Result<Value> {
    match v {
        Value::Func(_) => Ok(v.clone()),
        Value::Char(_) => Ok(Value::str(&v.to_str(who)?)),
        _ => Err(Error::with_id(
            "Octave:invalid-fun-call",
            format!("{who}: FCN must be a function handle or the name of a function"),
        )),
    }
}

/// One element of any array, as a 1x1 value of its class (a 1x1 cell for
/// a cell array, a 1x1 struct for a struct array; a handle is itself).
pub(crate) fn element(who: &str, v: &Value, k: usize) -> Result<Value> {
    if let Value::Func(_) = v {
        return Ok(v.clone());
    }
    fn one<T: Clone>(a: &Array<T>, k: usize) -> Array<T> {
        Array::scalar(a.data()[k].clone())
    }
    Ok(crate::each_array!(who, v, |a| one(a, k)))
}

/// Calls `f` on every index `0..n` with the arguments `arg(k)`, and returns
/// the outputs gathered per output (uniform arrays or cells of `dims`).
fn apply(
    ctx: &mut Ctx,
    who: &str,
    f: &Value,
    opts: &Opts,
    dims: Dims,
    arg: &mut dyn FnMut(usize) -> Result<Vec<Value>>,
) -> Result<Vec<Value>> {
    let n = dims.numel();
    let want = ctx.nargout;
    let nout = want.max(1);
    let mut cols: Vec<Vec<Value>> = (0..nout).map(|_| Vec::with_capacity(n)).collect();
    let mut none = 0usize;
    for k in 0..n {
        let args = arg(k)?;
        // The arguments are kept for the error handler only when there is one.
        let (call_args, kept) = match opts.handler {
            Some(_) => (args.clone(), args),
            None => (args, Vec::new()),
        };
        let got = match ctx.call(f, call_args, want) {
            Ok(v) => v,
            Err(e) if e.is_interrupt() => return Err(e),
            Err(e) => match &opts.handler {
                Some(h) => {
                    let s = StructArray::scalar(vec![
                        ("identifier".into(), Value::str(&e.identifier)),
                        ("message".into(), Value::str(&e.message)),
                        ("index".into(), Value::num((k + 1) as f64)),
                    ]);
                    let mut hargs = vec![Value::structure(s)];
                    hargs.extend(kept);
                    ctx.call(h, hargs, want)?
                }
                None => return Err(e),
            },
        };
        if got.len() < nout {
            if want == 0 && got.is_empty() {
                none += 1;
                continue;
            }
            return Err(Error::new(format!(
                "{who}: function returned fewer than nargout values"
            )));
        }
        for (c, v) in cols.iter_mut().zip(got) {
            if opts.uniform && v.numel() != 1 {
                return Err(Error::with_id(
                    "Octave:invalid-fun-call",
                    format!("{who}: all values must be scalars when UniformOutput = true"),
                ));
            }
            c.push(v);
        }
    }
    if want == 0 && n > 0 && none == n {
        return Ok(vec![]);
    }
    if none > 0 {
        return Err(Error::new(format!(
            "{who}: function returned fewer than nargout values"
        )));
    }
    cols.into_iter()
        .map(|c| {
            if opts.uniform {
                uniform(who, c, dims.clone())
            } else {
                Ok(Value::cell(Array::new(dims.clone(), c)))
            }
        })
        .collect()
}

/// Scalars gathered into an array of the first one's class.
fn uniform(who: &str, vals: Vec<Value>, dims: Dims) -> Result<Value> {
    let Some(first) = vals.first() else {
        return Ok(Value::Num(Array::empty_with(dims)));
    };
    let any_complex = vals.iter().any(Value::is_complex);
    Ok(match first {
        Value::Bool(_) => {
            let mut v = Vec::with_capacity(vals.len());
            for x in &vals {
                v.push(x.to_bool_array(who)?.data()[0]);
            }
            Value::Bool(Array::new(dims, v))
        }
        Value::Char(_) => {
            let mut v = Vec::with_capacity(vals.len());
            for x in &vals {
                v.push(match x {
                    Value::Char(a) => a.data()[0],
                    other => crate::value::char_unit(other.scalar_f64(who)?),
                });
            }
            Value::Char(Array::new(dims, v))
        }
        Value::Num(_) | Value::Complex(_) | Value::Sparse(_) if any_complex => {
            let mut v = Vec::with_capacity(vals.len());
            for x in &vals {
                v.push(x.to_complex_array(who)?.data()[0]);
            }
            Value::Complex(Array::new(dims, v))
        }
        Value::Num(_) | Value::Complex(_) | Value::Sparse(_) => {
            let mut v = Vec::with_capacity(vals.len());
            for x in &vals {
                v.push(x.scalar_f64(who)?);
            }
            Value::Num(Array::new(dims, v))
        }
        Value::Single(_) | Value::SingleComplex(_) if any_complex => {
            let mut v = Vec::with_capacity(vals.len());
            for x in &vals {
                let z: C64 = x.to_complex_array(who)?.data()[0];
                v.push(C32::new(z.re as f32, z.im as f32));
            }
            Value::SingleComplex(Array::new(dims, v))
        }
        Value::Single(_) | Value::SingleComplex(_) => {
            let mut v = Vec::with_capacity(vals.len());
            for x in &vals {
                v.push(match x {
                    Value::Single(a) => a.data()[0],
                    other => other.scalar_f64(who)? as f32,
                });
            }
            Value::Single(Array::new(dims, v))
        }
        Value::Int(ia) => {
            let class = ia.class();
            let built = crate::with_int_class!(class, T => {
                let mut v: Vec<T> = Vec::with_capacity(vals.len());
                for x in &vals {
                    v.push(int_elem::<T>(who, x)?);
                }
                T::wrap(Array::new(dims.clone(), v))
            });
            match built {
                Some(a) => Value::Int(a),
                None => return Err(Error::new(format!("{who}: internal class error"))),
            }
        }
        Value::Cell(_) | Value::Struct(_) | Value::Func(_) => {
            return Err(Error::new(format!(
                "{who}: all values must be scalars when UniformOutput = true; \
                 a {} is not (use 'UniformOutput', false)",
                first.class_name()
            )))
        }
    })
}

/// A scalar converted to the integer type `T` (exactly from any integer
/// class, by MATLAB's rounding from the others).
fn int_elem<T: IntElem>(who: &str, x: &Value) -> Result<T> {
    match x {
        Value::Int(ia) => Ok(crate::with_int!(ia, a => T::from_i128(a.data()[0].to_i128()))),
        other => Ok(T::from_f64(other.scalar_f64(who)?)),
    }
}

/// cellfun: apply a function to each cell of a cell array.
///
/// `A = cellfun(f, C)` calls the function f (a handle, or a name) on the
/// contents of each cell of C and collects the results, which must be
/// scalars, in an array of the size of C. With several cell arrays of one
/// size, `cellfun(f, C1, C2, ...)` calls f(C1{k}, C2{k}, ...).
///
/// `[A, B, ...] = cellfun(...)` collects several outputs of f.
///
/// `cellfun(..., 'UniformOutput', false)` returns cell arrays instead,
/// allowing results of any size; `cellfun(..., 'ErrorHandler', h)` calls
/// h(err, C{k}) when f fails and uses its result.
///
/// The names 'isempty', 'length', 'ndims', 'numel', 'isreal', 'isclass' and
/// 'prodofsize' (and `'size', dim`) are also accepted in place of f, as in
/// Octave.
///
/// ```text
/// >> cellfun(@numel, {'ab', 'cde', ''})
/// ans =
///
///    2   3   0
/// >> cellfun(@(x) x*2, {1, [1 2]}, 'UniformOutput', false)
/// ans =
/// {
///   [1,1] = 2
///   [1,2] =
///
///      2   4
///
/// }
/// >> cellfun('isempty', {[], 1})
/// ans =
///
///   1  0
/// ```
fn cellfun(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "cellfun";
    if args.len() < 2 {
        return Err(Error::nargin(WHO));
    }
    if let Some(r) = legacy(&args)? {
        return Ok(r);
    }
    let opts = take_opts(WHO, &mut args)?;
    let f = func_arg(WHO, &args[0])?;
    let mut cells = Vec::with_capacity(args.len() - 1);
    for a in &args[1..] {
        match a {
            Value::Cell(c) => cells.push(c.as_ref()),
            _ => {
                return Err(Error::new(if args.len() == 2 {
                    "cellfun: C must be a cell array"
                } else {
                    "cellfun: arguments must be cells"
                }))
            }
        }
    }
    let dims = same_dims(WHO, cells.iter().map(|c| c.dims()))?;
    apply(ctx, WHO, &f, &opts, dims, &mut |k| {
        Ok(cells.iter().map(|c| c.data()[k].clone()).collect())
    })
}

/// Every data argument has the same size; that size.
fn same_dims<'a>(who: &str, mut it: impl Iterator<Item = &'a Dims>) -> Result<Dims> {
    let first = it.next().cloned().unwrap_or_else(Dims::empty);
    if it.any(|d| *d != first) {
        return Err(Error::new(format!(
            "{who}: all the input arguments must have the same size and shape"
        )));
    }
    Ok(first)
}

/// Octave's legacy names, computed directly: `cellfun('isempty', c)`,
/// `'islogical'`, `'isnumeric'`, `'isreal'`, `'length'`, `'ndims'`,
/// `'numel'`/`'prodofsize'`, `'size', k` and `'isclass', name`. Other
/// names are called as functions.
fn legacy(args: &[Value]) -> Result<Option<Vec<Value>>> {
    let Value::Char(_) = &args[0] else {
        return Ok(None);
    };
    let name = args[0].to_str("cellfun")?;
    let Value::Cell(c) = &args[1] else {
        return Ok(None);
    };
    let extra = args.get(2);
    let per: Box<dyn Fn(&Value) -> Value> = match (name.as_str(), args.len()) {
        ("isempty", 2) => Box::new(|v| Value::bool(v.is_empty())),
        ("islogical", 2) => Box::new(|v| Value::bool(matches!(v, Value::Bool(_)))),
        ("isnumeric", 2) => Box::new(|v| Value::bool(v.is_numeric())),
        ("isreal", 2) => Box::new(|v| {
            Value::bool(!v.is_complex() && !matches!(v, Value::Cell(_) | Value::Struct(_)))
        }),
        ("length", 2) => Box::new(|v| {
            let d = v.dims();
            let n = if d.is_empty() {
                0
            } else {
                d.as_slice().iter().copied().max().unwrap_or(0)
            };
            Value::num(n as f64)
        }),
        ("ndims", 2) => Box::new(|v| Value::num(v.dims().ndims() as f64)),
        ("numel" | "prodofsize", 2) => Box::new(|v| Value::num(v.numel() as f64)),
        ("size", 3) => {
            let k = extra.map_or(Ok(0), |e| e.scalar_usize("cellfun"))?;
            if k == 0 {
                return Err(Error::new("cellfun: K must be a positive integer"));
            }
            Box::new(move |v| Value::num(v.dims().get(k - 1) as f64))
        }
        ("isclass", 3) => {
            let cls = extra.map_or(Ok(String::new()), |e| e.to_str("cellfun"))?;
            Box::new(move |v| Value::bool(v.class_name() == cls))
        }
        ("size" | "isclass", 2) => {
            return Err(Error::new(format!(
                "cellfun: not enough arguments for \"{name}\""
            )))
        }
        _ => return Ok(None),
    };
    let vals: Vec<Value> = c.data().iter().map(per.as_ref()).collect();
    Ok(Some(vec![uniform("cellfun", vals, c.dims().clone())?]))
}

/// arrayfun: apply a function to each element of an array.
///
/// `A = arrayfun(f, X)` calls the function f (a handle, or a name) on each
/// element of X and collects the results, which must be scalars, in an
/// array of the size of X. With several arrays of one size,
/// `arrayfun(f, X1, X2, ...)` calls f(X1(k), X2(k), ...). A struct array's
/// elements are passed as 1x1 structs.
///
/// `[A, B, ...] = arrayfun(...)` collects several outputs of f.
///
/// `arrayfun(..., 'UniformOutput', false)` returns cell arrays instead,
/// allowing results of any size; `'ErrorHandler', h` calls h(err, X(k))
/// when f fails.
///
/// ```text
/// >> arrayfun(@(x) x^2, [1 2 3])
/// ans =
///
///    1   4   9
/// >> arrayfun(@(a, b) a + b, [1 2], [10 20])
/// ans =
///
///    11   22
/// >> arrayfun(@(n) 1:n, 1:3, 'UniformOutput', false)
/// ans =
/// {
///   [1,1] = 1
///   [1,2] =
///
///      1   2
///
///   [1,3] =
///
///      1   2   3
///
/// }
/// ```
fn arrayfun(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "arrayfun";
    if args.len() < 2 {
        return Err(Error::nargin(WHO));
    }
    let opts = take_opts(WHO, &mut args)?;
    let f = func_arg(WHO, &args[0])?;
    let data = &args[1..];
    let dims = same_dims(WHO, data.iter().map(Value::dims_ref))?;
    apply(ctx, WHO, &f, &opts, dims, &mut |k| {
        data.iter().map(|a| element(WHO, a, k)).collect()
    })
}

/// structfun: apply a function to each field of a struct.
///
/// `A = structfun(FUNC, S)` calls FUNC on the value of each field of the
/// scalar struct S and returns the results, which must be scalars, as a
/// column vector (in field order).
///
/// `[A, B, ...] = structfun(...)` collects several outputs of FUNC.
///
/// `S2 = structfun(..., 'UniformOutput', false)` returns a struct with
/// the same fields holding FUNC's results, of any size or class.
/// 'ErrorHandler', H calls H instead of stopping when FUNC fails.
///
/// ```text
/// >> structfun(@(x) x * 2, struct('a', 1, 'b', 2))
/// ans =
///
///    2
///    4
/// >> s = structfun(@(x) x * 2, struct('a', 1, 'b', 2), 'UniformOutput', false)
/// s =
///
///   scalar structure containing the fields:
///
///     a = 2
///     b = 4
/// ```
fn structfun(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    const WHO: &str = "structfun";
    if args.len() < 2 {
        return Err(Error::nargin(WHO));
    }
    let opts = take_opts(WHO, &mut args)?;
    if args.len() != 2 {
        return Err(Error::nargin(WHO));
    }
    let f = func_arg(WHO, &args[0])?;
    let s = match &args[1] {
        Value::Struct(s) if s.is_scalar() => s,
        _ => return Err(Error::new("structfun: S must be a scalar structure")),
    };
    let fields: Vec<Value> = s.scalar_fields().map(|(_, v)| v.clone()).collect();
    let n = fields.len();
    let out = apply(ctx, WHO, &f, &opts, Dims::col(n), &mut |k| {
        Ok(vec![fields[k].clone()])
    })?;
    if opts.uniform {
        return Ok(out);
    }
    out.into_iter()
        .map(|c| {
            let Value::Cell(c) = c else { return Ok(c) };
            Ok(Value::structure(StructArray::scalar(
                s.names()
                    .iter()
                    .cloned()
                    .zip(c.data().iter().cloned())
                    .collect(),
            )))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_takes_the_first_class() {
        let v = uniform("t", vec![Value::bool(true), Value::num(0.0)], Dims::row(2)).unwrap();
        assert_eq!(v, Value::Bool(Array::row(vec![true, false])));
        let v = uniform("t", vec![Value::num(1.0), Value::str("a")], Dims::row(2)).unwrap();
        assert_eq!(v, Value::row(vec![1.0, 97.0]));
        let e = uniform("t", vec![], Dims::empty()).unwrap();
        assert_eq!(e, Value::empty());
        assert!(uniform(
            "t",
            vec![Value::cell(Array::scalar(Value::num(1.0)))],
            Dims::scalar()
        )
        .is_err());
    }

    #[test]
    fn elements_keep_their_class() {
        let s = StructArray::filled(vec!["a".into()], Dims::row(3));
        let e = element("t", &Value::structure(s), 2).unwrap();
        assert!(matches!(&e, Value::Struct(s) if s.is_scalar()));
        let e = element("t", &Value::str("abc"), 1).unwrap();
        assert_eq!(e, Value::str("b"));
    }
}
