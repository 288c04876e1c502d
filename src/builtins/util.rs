//! Argument helpers shared by the numeric builtin families (math, construct,
//! random): argument-count checks, size-argument parsing with Octave's
//! errors, guarded allocation, and implicit expansion of two operands.

use crate::error::{Error, Result};
use crate::value::{Array, Class, Dims, IntElem, Value, C32, C64};

pub use crate::ops::{checked_numel, too_large, too_many, MAX_ELEMS as MAX_NUMEL};

/// `Invalid call to NAME` unless `min <= n <= max`.
pub fn nargchk(fname: &str, n: usize, min: usize, max: usize) -> Result<()> {
    if n < min || n > max {
        return Err(Error::with_id(
            "Octave:invalid-fun-call",
            format!("Invalid call to {fname}"),
        ));
    }
    Ok(())
}

/// A vector of `n` copies of `x`, refusing absurd sizes instead of aborting.
pub fn alloc_vec<T: Clone>(n: usize, x: T) -> Result<Vec<T>> {
    let mut v = crate::ops::alloc_vec(n)?;
    v.resize(n, x);
    Ok(v)
}

/// An array of `dims` filled with `x` (checked size).
pub fn filled<T: Clone>(dims: Dims, x: T) -> Result<Array<T>> {
    let n = checked_numel(dims.as_slice())?;
    Ok(Array::new(dims, alloc_vec(n, x)?))
}

/// One size extent from a number: negatives clamp to 0 as in Octave.
pub fn to_extent(x: f64) -> Result<usize> {
    if x.is_nan() {
        return Err(Error::new(
            "conversion of nan to octave_idx_type value failed",
        ));
    }
    if x.fract() != 0.0 && x.is_finite() {
        return Err(Error::new(format!(
            "conversion of {} to int64_t value failed",
            fmt_num(x)
        )));
    }
    if x <= 0.0 {
        return Ok(0);
    }
    if x > MAX_NUMEL as f64 {
        return Err(too_many(x));
    }
    Ok(x as usize)
}

/// Short `%g`-like text of a number for messages.
pub fn fmt_num(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 {
            "Inf".into()
        } else {
            "-Inf".into()
        }
    } else if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// The class requested by trailing class arguments (`'int8'`, `'like', P`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClassOpt {
    pub class: Class,
    /// `'like'` a complex prototype: complex values with zero imaginary parts.
    pub complex: bool,
}

impl ClassOpt {
    pub const DOUBLE: ClassOpt = ClassOpt {
        class: Class::Double,
        complex: false,
    };

    /// An array of `dims` filled with `x` converted to the class.
    pub fn filled(self, dims: Dims, x: f64) -> Result<Value> {
        let n = checked_numel(dims.as_slice())?;
        if let Some(r) = crate::with_int_class!(self.class, T => alloc_vec(n, T::from_f64(x))
                .map(|v| T::wrap(Array::new(dims.clone(), v))))
        {
            return Ok(Value::Int(r?));
        }
        Ok(match (self.class, self.complex) {
            (Class::Logical, _) => Value::Bool(filled(dims, x != 0.0)?),
            (Class::Single, false) => Value::Single(filled(dims, x as f32)?),
            (Class::Single, true) => Value::SingleComplex(filled(dims, C32::new(x as f32, 0.0))?),
            (_, true) => Value::Complex(filled(dims, C64::new(x, 0.0))?),
            (_, false) => Value::Num(filled(dims, x)?),
        })
    }

    /// Doubles computed by a constructor (`eye`, `rand`) in the class.
    pub fn of_doubles(self, a: Array<f64>) -> Result<Value> {
        let v = crate::ops::classes::from_doubles(self.class, &a)?;
        if !self.complex {
            return Ok(v);
        }
        Ok(match v {
            Value::Num(a) => Value::Complex(a.try_map(|&x| C64::new(x, 0.0))?),
            Value::Single(a) => Value::SingleComplex(a.try_map(|&x| C32::new(x, 0.0))?),
            other => other,
        })
    }
}

/// Which trailing class arguments a constructor takes, as MATLAB lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Classes {
    /// `zeros`, `ones`, `eye`: numeric class names and `'logical'`; `'like'`
    /// a numeric or logical prototype.
    NumericOrLogical,
    /// `rand`, `randn`, `pi`, `Inf`, `NaN`, `eps`...: `'double'`, `'single'`;
    /// `'like'` a floating-point prototype.
    Float,
    /// `randi`: `'double'`, `'single'` and the integer classes.
    FloatOrInteger,
    /// `true`, `false`: only `'like'` a logical prototype.
    Logical,
}

impl Classes {
    fn takes(self, class: Class) -> bool {
        match self {
            Classes::NumericOrLogical => class.is_numeric() || class == Class::Logical,
            Classes::Float => class.is_float(),
            Classes::FloatOrInteger => class.is_numeric(),
            Classes::Logical => class == Class::Logical,
        }
    }
}

/// Strips a trailing class name (`'double'`, `'int8'`, `'logical'`...) or
/// `'like', P` from the arguments of constructor `fname` and says which
/// class to make; names `fname` does not take are Octave's errors.
pub fn split_class<'a>(
    fname: &str,
    args: &'a [Value],
    accepts: Classes,
) -> Result<(&'a [Value], ClassOpt)> {
    let n = args.len();
    if n >= 2 {
        if let Value::Char(_) = &args[n - 2] {
            let s = args[n - 2].to_str(fname)?;
            if s.eq_ignore_ascii_case("like") {
                return Ok((&args[..n - 2], like_class(fname, &args[n - 1], accepts)?));
            }
        }
    }
    let Some(Value::Char(_)) = args.last() else {
        return Ok((args, ClassOpt::DOUBLE));
    };
    let s = args[n - 1].to_str(fname)?;
    match Class::from_name(&s) {
        Some(class) if accepts.takes(class) => Ok((
            &args[..n - 1],
            ClassOpt {
                class,
                complex: false,
            },
        )),
        _ => Err(match accepts {
            Classes::NumericOrLogical => Error::new("invalid data type specified"),
            Classes::FloatOrInteger => {
                Error::new(format!("{fname}: unknown requested output CLASS '{s}'"))
            }
            Classes::Float | Classes::Logical => Error::new(format!("{fname}: invalid class name")),
        }),
    }
}

/// The class of a `'like'` prototype, if `accepts` allows it.
fn like_class(fname: &str, proto: &Value, accepts: Classes) -> Result<ClassOpt> {
    let class = proto.class();
    if !(class.is_numeric() || class == Class::Logical) {
        return Err(Error::new("invalid data type specified"));
    }
    if !accepts.takes(class) {
        return Err(Error::new(match accepts {
            Classes::Logical => format!("{fname}: input followed by 'like' must be logical"),
            _ => format!("{fname}: input followed by 'like' must be floating point"),
        }));
    }
    Ok(ClassOpt {
        class,
        complex: proto.is_complex(),
    })
}

/// Parses Octave size arguments: `()` 1x1, `(n)` nxn, `(m,n,p,...)`,
/// `([m n ...])`. Negative extents become 0; the total is size-checked.
pub fn parse_size(fname: &str, args: &[Value]) -> Result<Dims> {
    let ext: Vec<usize> = match args {
        [] => vec![1, 1],
        [one] => {
            if matches!(one, Value::Struct(_)) {
                return Err(Error::wrong_type(fname, "struct"));
            }
            let a = one.to_num_array(fname)?;
            let d = a.dims();
            if a.numel() == 1 {
                let n = to_extent(a.data()[0])?;
                vec![n, n]
            } else if a.is_empty() {
                vec![0, 0]
            } else if d.is_vector() {
                a.data()
                    .iter()
                    .map(|&x| to_extent(x))
                    .collect::<Result<_>>()?
            } else {
                return Err(Error::new(format!(
                    "{fname} (A): use {fname} (size (A)) instead"
                )));
            }
        }
        many => {
            let mut v = Vec::with_capacity(many.len());
            for a in many {
                if matches!(a, Value::Struct(_)) {
                    return Err(Error::wrong_type(fname, "struct"));
                }
                let arr = a.to_num_array(fname)?;
                if arr.numel() != 1 {
                    return Err(Error::new(format!("{fname}: dimensions must be scalars.")));
                }
                v.push(to_extent(arr.data()[0])?);
            }
            v
        }
    };
    checked_numel(&ext)?;
    Ok(Dims::new(&ext))
}

/// The result size of implicit expansion, or Octave's nonconformant error
/// (`NAME: nonconformant arguments (op1 is AxB, op2 is CxD)`).
pub fn broadcast_dims(fname: &str, a: &Dims, b: &Dims) -> Result<Dims> {
    if a == b {
        return Ok(a.clone());
    }
    let n = a.ndims().max(b.ndims());
    let mut out = Vec::with_capacity(n);
    for k in 0..n {
        let (x, y) = (a.get(k), b.get(k));
        if x == y || y == 1 {
            out.push(x);
        } else if x == 1 {
            out.push(y);
        } else {
            return Err(Error::with_id(
                "Octave:nonconformant-args",
                format!(
                    "{fname}: nonconformant arguments (op1 is {}, op2 is {})",
                    a.to_string_x(),
                    b.to_string_x()
                ),
            ));
        }
    }
    Ok(Dims::new(&out))
}

/// Element-wise combination of two arrays with implicit expansion.
pub fn zip_map<A: Clone, B: Clone, R: Clone>(
    fname: &str,
    a: &Array<A>,
    b: &Array<B>,
    mut f: impl FnMut(&A, &B) -> R,
) -> Result<Array<R>> {
    let (da, db) = (a.dims(), b.dims());
    if da == db {
        let v = a
            .data()
            .iter()
            .zip(b.data())
            .map(|(x, y)| f(x, y))
            .collect();
        return Ok(Array::new(da.clone(), v));
    }
    if b.numel() == 1 && da.ndims() >= db.ndims() && db.is_scalar() {
        let y = &b.data()[0];
        return Ok(a.map(|x| f(x, y)));
    }
    if a.numel() == 1 && db.ndims() >= da.ndims() && da.is_scalar() {
        let x = &a.data()[0];
        return Ok(b.map(|y| f(x, y)));
    }
    let out = broadcast_dims(fname, da, db)?;
    let n = checked_numel(out.as_slice())?;
    let nd = out.ndims();
    let (sa, sb) = (da.strides(), db.strides());
    // Stride 0 along expanded dimensions.
    let stride = |d: &Dims, s: &[usize], k: usize| {
        if d.get(k) == 1 {
            0
        } else {
            s.get(k).copied().unwrap_or(0)
        }
    };
    let ka: Vec<usize> = (0..nd).map(|k| stride(da, &sa, k)).collect();
    let kb: Vec<usize> = (0..nd).map(|k| stride(db, &sb, k)).collect();
    let ext = out.as_slice();
    let mut idx = vec![0usize; nd];
    let (mut ia, mut ib) = (0usize, 0usize);
    let (ad, bd) = (a.data(), b.data());
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        match (ad.get(ia), bd.get(ib)) {
            (Some(x), Some(y)) => v.push(f(x, y)),
            _ => return Err(Error::new(format!("{fname}: internal size error"))),
        }
        // Advance the multi-index (column-major).
        for k in 0..nd {
            idx[k] += 1;
            ia += ka[k];
            ib += kb[k];
            if idx[k] < ext[k] {
                break;
            }
            ia -= ka[k] * idx[k];
            ib -= kb[k] * idx[k];
            idx[k] = 0;
        }
    }
    Ok(Array::new(out, v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_like_octave() {
        assert_eq!(parse_size("zeros", &[]).unwrap(), Dims::scalar());
        assert_eq!(
            parse_size("zeros", &[Value::num(3.0)]).unwrap(),
            Dims::mat(3, 3)
        );
        assert_eq!(
            parse_size("zeros", &[Value::row(vec![2.0, 3.0, 4.0])])
                .unwrap()
                .as_slice(),
            &[2, 3, 4]
        );
        assert_eq!(
            parse_size("zeros", &[Value::num(-1.0)]).unwrap(),
            Dims::empty()
        );
        assert!(parse_size("zeros", &[Value::num(1e12)]).is_err());
        assert!(parse_size("zeros", &[Value::num(1e5), Value::num(1e5)]).is_err());
        assert!(parse_size("zeros", &[Value::num(f64::NAN)]).is_err());
        assert!(parse_size("zeros", &[Value::num(2.0), Value::num(3.5)]).is_err());
    }

    #[test]
    fn expansion_row_by_column() {
        let a = Array::row(vec![1.0, 2.0, 3.0]);
        let b = Array::col(vec![10.0, 20.0]);
        let c = zip_map("plus", &a, &b, |x, y| x + y).unwrap();
        assert_eq!(c.dims().as_slice(), &[2, 3]);
        assert_eq!(c.data(), &[11.0, 21.0, 12.0, 22.0, 13.0, 23.0]);
        let e = zip_map(
            "mod",
            &Array::row(vec![1.0, 2.0]),
            &Array::row(vec![1.0, 2.0, 3.0]),
            |x, y| x + y,
        );
        assert_eq!(
            e.unwrap_err().message.clone(),
            "mod: nonconformant arguments (op1 is 1x2, op2 is 1x3)"
        );
    }

    #[test]
    fn expansion_nd_matches_naive() {
        // a: 2x1x3, b: 1x4 -> 2x4x3 with out(i,j,k) = a(i,1,k) * 10 + b(1,j).
        let a = Array::new(Dims::new(&[2, 1, 3]), (0..6).map(f64::from).collect());
        let b = Array::row(vec![1.0, 2.0, 3.0, 4.0]);
        let c = zip_map("t", &a, &b, |x, y| x * 10.0 + y).unwrap();
        assert_eq!(c.dims().as_slice(), &[2, 4, 3]);
        for k in 0..3 {
            for j in 0..4 {
                for i in 0..2 {
                    let want = f64::from((i + 2 * k) as u8) * 10.0 + (j + 1) as f64;
                    assert_eq!(c.data()[i + 2 * j + 8 * k], want);
                }
            }
        }
    }
}
