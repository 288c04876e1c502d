//! Operators on operands the caller gives up (temporaries such as the
//! `x.*x` in `x.*x + 3*x`): the result is written into an operand's own
//! buffer when no other value shares it and it already has the result's
//! class and shape, so a chain of element-wise steps on large arrays
//! allocates (and page-faults) once instead of once per step.
//!
//! Every path computes each element with the very closure `ops::binary`
//! and `ops::unary` use, so results are bit-identical to the borrowed
//! forms; whatever this module does not handle in place (mixed classes,
//! comparisons, integer and single operands, matrix products, errors)
//! goes to those forms unchanged.

use super::elementwise::{broadcast_dims, cdiv, cmul, op_prefix};
use super::par::{for_runs, map_in_place};
use super::{binary, power, unary};
use crate::error::Result;
use crate::syntax::ast::{BinOp, UnOp};
use crate::value::{Array, Dims, Value, C64};
use smallvec::SmallVec;

/// `a op b` like [`binary`], for operands passed by value: when `a` (or
/// else `b`) is unshared and of the result's class and shape (implicit
/// expansion permitting), the result reuses its buffer. A shared operand
/// is never modified.
pub fn binary_owned(op: BinOp, a: Value, b: Value) -> Result<Value> {
    // Matrix operators with a scalar side are element-wise.
    let op = match op {
        BinOp::MatMul if a.is_scalar() || b.is_scalar() => BinOp::Mul,
        BinOp::MatDiv if b.is_scalar() => BinOp::Div,
        BinOp::MatLeftDiv if a.is_scalar() => BinOp::LeftDiv,
        other => other,
    };
    match (a, b) {
        (Value::Num(x), Value::Num(y)) if !(x.is_scalar() && y.is_scalar()) => real(op, x, y),
        (Value::Complex(x), Value::Complex(y)) => complex(op, x, y, |v| v),
        (Value::Complex(x), Value::Num(y)) => complex(op, x, y, |v| C64::new(v, 0.0)),
        (Value::Num(x), Value::Complex(y)) => {
            // Only the complex side can hold the result.
            complex_right(op, x, y)
        }
        (Value::Bool(x), Value::Bool(y)) if matches!(op, BinOp::And | BinOp::Or) => {
            let f = if op == BinOp::And {
                |s: bool, t: bool| s && t
            } else {
                |s: bool, t: bool| s || t
            };
            match reuse(op, x, y, f)? {
                Reused::Done(r) => Ok(Value::Bool(r)),
                Reused::Not(x, y) => binary(op, &Value::Bool(x), &Value::Bool(y)),
            }
        }
        (a, b) => binary(op, &a, &b),
    }
}

/// `op a` like [`unary`], for an operand passed by value: `-x` of an
/// unshared double array and `~t` of an unshared logical array are
/// written over their own elements.
pub fn unary_owned(op: UnOp, a: Value) -> Result<Value> {
    match (op, a) {
        (UnOp::Neg, Value::Num(x)) if !x.is_scalar() => match x.into_unshared_vec_dims() {
            Ok((dims, mut v)) => {
                map_in_place(&mut v, |t: f64| -t);
                Ok(Value::Num(Array::new(dims, v)))
            }
            Err(x) => unary(op, &Value::Num(x)),
        },
        (UnOp::Not, Value::Bool(x)) if !x.is_scalar() => match x.into_unshared_vec_dims() {
            Ok((dims, mut v)) => {
                map_in_place(&mut v, |t: bool| !t);
                Ok(Value::Bool(Array::new(dims, v)))
            }
            Err(x) => unary(op, &Value::Bool(x)),
        },
        (op, a) => unary(op, &a),
    }
}

/// The element vector and dims of an unshared array, or the array back.
trait IntoUnshared<T>: Sized {
    fn into_unshared_vec_dims(self) -> std::result::Result<(Dims, Vec<T>), Self>;
}

impl<T: Clone> IntoUnshared<T> for Array<T> {
    fn into_unshared_vec_dims(self) -> std::result::Result<(Dims, Vec<T>), Self> {
        let dims = self.dims().clone();
        self.into_unshared_vec().map(|v| (dims, v))
    }
}

/// The outcome of trying to compute in an operand's buffer.
enum Reused<R, A, B> {
    Done(Array<R>),
    /// Neither operand could hold the result: both back, untouched.
    Not(Array<A>, Array<B>),
}

/// `f(a, b)` element-wise into `a`'s buffer when `a` is unshared and has
/// the result's shape, else into `b`'s under the same conditions; both
/// operands back otherwise (also when their shapes do not conform: the
/// borrowed path reports that).
fn reuse<T: Copy + Send + Sync>(
    op: BinOp,
    a: Array<T>,
    b: Array<T>,
    f: impl Fn(T, T) -> T + Sync,
) -> Result<Reused<T, T, T>> {
    let Ok(out) = broadcast_dims(op_prefix(op), a.dims(), b.dims()) else {
        return Ok(Reused::Not(a, b));
    };
    let a = match into_if(a, &out) {
        Ok(mut v) => {
            zip_into(&mut v, &out, &b, &f);
            return Ok(Reused::Done(Array::new(out, v)));
        }
        Err(a) => a,
    };
    match into_if(b, &out) {
        Ok(mut v) => {
            zip_into(&mut v, &out, &a, |y, x| f(x, y));
            Ok(Reused::Done(Array::new(out, v)))
        }
        Err(b) => Ok(Reused::Not(a, b)),
    }
}

/// The elements of `a` to write the result in: when `a` is unshared, has
/// the result's dims and is not a scalar (an inline scalar has no buffer
/// worth keeping).
fn into_if<T: Clone>(a: Array<T>, out: &Dims) -> std::result::Result<Vec<T>, Array<T>> {
    if a.dims() != out || a.is_scalar() || !a.is_unique() {
        return Err(a);
    }
    a.into_unshared_vec()
}

/// `own[i] = f(own[i], other[j(i)])` over the elements of an array of
/// `dims` (`other` conforming to `dims` by implicit expansion: equal
/// dims, a scalar, or singleton dimensions repeated), split over the
/// cores when `other` has the same size or is a scalar.
fn zip_into<T: Copy + Send, U: Copy + Sync>(
    own: &mut [T],
    dims: &Dims,
    other: &Array<U>,
    f: impl Fn(T, U) -> T + Sync,
) {
    let od = other.data();
    if other.dims() == dims {
        for_runs(own, |off, run| {
            for (o, &y) in run.iter_mut().zip(&od[off..]) {
                *o = f(*o, y);
            }
        });
        return;
    }
    if let (true, Some(&y)) = (other.is_scalar(), od.first()) {
        for_runs(own, |_, run| {
            for o in run.iter_mut() {
                *o = f(*o, y);
            }
        });
        return;
    }
    // Implicit expansion: walk `own` one first-dimension run at a time,
    // with `other`'s offset following the multi-index (stride 0 along
    // its singleton dimensions).
    let nd = dims.ndims();
    let r0 = dims.get(0);
    if r0 == 0 || own.is_empty() {
        return;
    }
    let odims = other.dims();
    let full = odims.strides();
    let sb: SmallVec<[usize; 4]> = (0..nd)
        .map(|k| {
            if odims.get(k) == 1 {
                0
            } else {
                full.get(k).copied().unwrap_or(0)
            }
        })
        .collect();
    let along = odims.get(0) != 1;
    let mut idx: SmallVec<[usize; 4]> = SmallVec::from_elem(0, nd);
    let mut ob = 0usize;
    for run in own.chunks_mut(r0) {
        if along {
            for (o, &y) in run.iter_mut().zip(od.get(ob..).unwrap_or(&[])) {
                *o = f(*o, y);
            }
        } else if let Some(&y) = od.get(ob) {
            for o in run.iter_mut() {
                *o = f(*o, y);
            }
        }
        for k in 1..nd {
            idx[k] += 1;
            ob += sb[k];
            if idx[k] < dims.get(k) {
                break;
            }
            ob -= sb[k] * dims.get(k);
            idx[k] = 0;
        }
    }
}

/// `f(a, b)` element-wise for two real arrays of the same size or with
/// one scalar side (builtins such as `mod` over arguments they own): in
/// an unshared operand's buffer when one has the result's shape, else in
/// one fresh buffer; split over the cores for large arrays.
pub(crate) fn zip_real(
    a: Array<f64>,
    b: Array<f64>,
    f: impl Fn(f64, f64) -> f64 + Sync + Copy,
) -> Result<Array<f64>> {
    match reuse(BinOp::Add, a, b, f)? {
        Reused::Done(r) => Ok(r),
        Reused::Not(a, b) => super::elementwise::zip_fast("", &a, &b, f),
    }
}

/// The element function of a real arithmetic operator (as
/// `elementwise::real_op` has it); `None` for the others.
fn real_kernel(op: BinOp) -> Option<fn(f64, f64) -> f64> {
    Some(match op {
        BinOp::Add => |a, b| a + b,
        BinOp::Sub => |a, b| a - b,
        BinOp::Mul => |a, b| a * b,
        BinOp::Div => |a, b| a / b,
        BinOp::LeftDiv => |a, b| b / a,
        _ => return None,
    })
}

fn real(op: BinOp, x: Array<f64>, y: Array<f64>) -> Result<Value> {
    if op == BinOp::Pow {
        return real_pow(x, y);
    }
    let Some(f) = real_kernel(op) else {
        return binary(op, &Value::Num(x), &Value::Num(y));
    };
    match reuse(op, x, y, f)? {
        Reused::Done(r) => Ok(Value::Num(r)),
        Reused::Not(x, y) => binary(op, &Value::Num(x), &Value::Num(y)),
    }
}

/// `x.^e` for a scalar real exponent, in `x`'s buffer when every element
/// stays real (the same special cases as `elementwise::real_pow`).
fn real_pow(x: Array<f64>, y: Array<f64>) -> Result<Value> {
    let e = match y.data() {
        [e] if !x.is_scalar() && x.is_unique() => *e,
        _ => return binary(BinOp::Pow, &Value::Num(x), &Value::Num(y)),
    };
    if x.data().iter().any(|&v| power::real_pow_is_complex(v, e)) {
        return binary(BinOp::Pow, &Value::Num(x), &Value::Num(y));
    }
    let (dims, mut v) = match x.into_unshared_vec_dims() {
        Ok(p) => p,
        Err(x) => return binary(BinOp::Pow, &Value::Num(x), &Value::Num(y)),
    };
    if e == 2.0 {
        map_in_place(&mut v, |a| a * a);
    } else if e == 3.0 {
        map_in_place(&mut v, |a| a * a * a);
    } else if e == -1.0 {
        map_in_place(&mut v, |a| 1.0 / a);
    } else {
        map_in_place(&mut v, |a| a.powf(e));
    }
    Ok(Value::Num(Array::new(dims, v)))
}

/// The element function of a complex arithmetic operator (as
/// `elementwise::complex_op` has it).
fn complex_kernel(op: BinOp) -> Option<fn(C64, C64) -> C64> {
    Some(match op {
        BinOp::Add => |a, b| a + b,
        BinOp::Sub => |a, b| a - b,
        BinOp::Mul => cmul,
        BinOp::Div => cdiv,
        BinOp::LeftDiv => |a, b| cdiv(b, a),
        _ => return None,
    })
}

/// A complex left operand with a right operand whose elements `widen`
/// makes complex (itself, or a real one with zero imaginary part, as the
/// borrowed path promotes it).
fn complex<U: Copy + Sync>(
    op: BinOp,
    x: Array<C64>,
    y: Array<U>,
    widen: fn(U) -> C64,
) -> Result<Value>
where
    Value: From2<U>,
{
    let fallback = |x: Array<C64>, y: Array<U>| binary(op, &Value::Complex(x), &Value::from2(y));
    let Some(f) = complex_kernel(op) else {
        return fallback(x, y);
    };
    let Ok(out) = broadcast_dims(op_prefix(op), x.dims(), y.dims()) else {
        return fallback(x, y);
    };
    match into_if(x, &out) {
        Ok(mut v) => {
            zip_into(&mut v, &out, &y, |a, b| f(a, widen(b)));
            Ok(Value::Complex(Array::new(out, v)).narrowed())
        }
        Err(x) => {
            // The right operand may hold it when it is complex itself.
            match Value::from2(y) {
                Value::Complex(y) => match into_if(y, &out) {
                    Ok(mut v) => {
                        zip_into(&mut v, &out, &x, |b, a| f(a, b));
                        Ok(Value::Complex(Array::new(out, v)).narrowed())
                    }
                    Err(y) => binary(op, &Value::Complex(x), &Value::Complex(y)),
                },
                y => binary(op, &Value::Complex(x), &y),
            }
        }
    }
}

/// A real left operand with a complex right one: the result in the right
/// operand's buffer.
fn complex_right(op: BinOp, x: Array<f64>, y: Array<C64>) -> Result<Value> {
    let Some(f) = complex_kernel(op) else {
        return binary(op, &Value::Num(x), &Value::Complex(y));
    };
    let Ok(out) = broadcast_dims(op_prefix(op), x.dims(), y.dims()) else {
        return binary(op, &Value::Num(x), &Value::Complex(y));
    };
    match into_if(y, &out) {
        Ok(mut v) => {
            zip_into(&mut v, &out, &x, |b, a| f(C64::new(a, 0.0), b));
            Ok(Value::Complex(Array::new(out, v)).narrowed())
        }
        Err(y) => binary(op, &Value::Num(x), &Value::Complex(y)),
    }
}

/// An array of doubles or complex doubles back as a value.
trait From2<U> {
    fn from2(a: Array<U>) -> Value;
}

impl From2<f64> for Value {
    fn from2(a: Array<f64>) -> Value {
        Value::Num(a)
    }
}

impl From2<C64> for Value {
    fn from2(a: Array<C64>) -> Value {
        Value::Complex(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Dims;

    use crate::test_rng::Rng;

    /// Test data: ordinary numbers from -125 to 125 with NaN, ±Inf and ±0
    /// mixed in (20 in 64).
    fn arr(rng: &mut Rng, dims: &[usize]) -> Array<f64> {
        rng.array(dims, 20, 2000)
    }

    /// The bits of a double, every NaN as one (MATLAB shows no NaN sign
    /// or payload, and the compiler may order a commutative operation's
    /// operands either way, which picks the payload of NaN op NaN).
    fn canon(t: f64) -> u64 {
        if t.is_nan() {
            f64::NAN.to_bits()
        } else {
            t.to_bits()
        }
    }

    /// Same class, dims and bits (NaN equal to NaN, -0 unequal to 0).
    fn same(a: &Value, b: &Value) -> bool {
        let bits = |v: &Value| -> Option<Vec<u64>> {
            match v {
                Value::Num(x) => Some(x.data().iter().map(|&t| canon(t)).collect()),
                Value::Complex(x) => Some(
                    x.data()
                        .iter()
                        .flat_map(|z| [canon(z.re), canon(z.im)])
                        .collect(),
                ),
                Value::Bool(x) => Some(x.data().iter().map(|&t| u64::from(t)).collect()),
                _ => None,
            }
        };
        a.class() == b.class() && a.dims() == b.dims() && bits(a) == bits(b)
    }

    /// A fresh unshared copy of an array (so the test can watch its buffer).
    fn fresh(a: &Array<f64>) -> Array<f64> {
        Array::new(a.dims().clone(), a.data().to_vec())
    }

    const OPS: [BinOp; 10] = [
        BinOp::Add,
        BinOp::Sub,
        BinOp::Mul,
        BinOp::Div,
        BinOp::LeftDiv,
        BinOp::Pow,
        BinOp::MatMul,
        BinOp::Lt,
        BinOp::Eq,
        BinOp::MatDiv,
    ];

    #[test]
    fn owned_operators_equal_the_borrowed_ones_bit_for_bit() {
        let mut rng = Rng::new(0x9E37_79B9_7F4A_7C15);
        let shapes: [(&[usize], &[usize]); 9] = [
            (&[3, 4], &[3, 4]),
            (&[3, 4], &[1, 1]),
            (&[1, 1], &[3, 4]),
            (&[3, 4], &[1, 4]),
            (&[3, 1], &[3, 4]),
            (&[2, 3, 4], &[2, 1, 4]),
            (&[1, 3, 1], &[2, 1, 4]),
            (&[0, 3], &[1, 3]),
            (&[3, 4], &[2, 4]),
        ];
        for (da, db) in shapes {
            for op in OPS {
                let (a, b) = (arr(&mut rng, da), arr(&mut rng, db));
                let want = binary(op, &Value::Num(a.clone()), &Value::Num(b.clone()));
                let got = binary_owned(op, Value::Num(fresh(&a)), Value::Num(fresh(&b)));
                match (want, got) {
                    (Ok(w), Ok(g)) => assert!(same(&w, &g), "{op:?} {da:?} {db:?}: {w:?} {g:?}"),
                    (Err(w), Err(g)) => assert_eq!(w.message, g.message),
                    (w, g) => panic!("{op:?} {da:?} {db:?}: {w:?} vs {g:?}"),
                }
            }
        }
    }

    #[test]
    fn complex_and_logical_operands_equal_the_borrowed_ones() {
        let mut rng = Rng::new(77);
        let cx = |rng: &mut Rng, d: &[usize]| {
            let (re, im) = (arr(rng, d), arr(rng, d));
            let v = re
                .data()
                .iter()
                .zip(im.data())
                .map(|(&r, &i)| C64::new(r, i));
            Array::new(Dims::new(d), v.collect())
        };
        for op in [
            BinOp::Add,
            BinOp::Sub,
            BinOp::Mul,
            BinOp::Div,
            BinOp::LeftDiv,
        ] {
            let (a, b, r) = (
                cx(&mut rng, &[4, 5]),
                cx(&mut rng, &[1, 5]),
                arr(&mut rng, &[4, 5]),
            );
            let pairs = [
                (Value::Complex(a.clone()), Value::Complex(b.clone())),
                (Value::Complex(b.clone()), Value::Complex(a.clone())),
                (Value::Complex(a.clone()), Value::Num(r.clone())),
                (Value::Num(r.clone()), Value::Complex(a.clone())),
            ];
            for (x, y) in pairs {
                let want = binary(op, &x, &y).unwrap();
                let unshare = |v: &Value| match v {
                    Value::Complex(c) => {
                        Value::Complex(Array::new(c.dims().clone(), c.data().to_vec()))
                    }
                    Value::Num(c) => Value::Num(fresh(c)),
                    o => o.clone(),
                };
                let got = binary_owned(op, unshare(&x), unshare(&y)).unwrap();
                assert!(same(&want, &got), "{op:?} {x:?} {y:?}: {want:?} vs {got:?}");
            }
        }
        let t = Array::new(Dims::mat(2, 3), vec![true, false, true, true, false, false]);
        let u = Array::new(Dims::mat(2, 3), vec![false, false, true, true, true, false]);
        for op in [BinOp::And, BinOp::Or] {
            let want = binary(op, &Value::Bool(t.clone()), &Value::Bool(u.clone())).unwrap();
            let t2 = Array::new(t.dims().clone(), t.data().to_vec());
            let got = binary_owned(op, Value::Bool(t2), Value::Bool(u.clone())).unwrap();
            assert!(same(&want, &got));
        }
    }

    #[test]
    fn an_unshared_operand_holds_the_result_and_a_shared_one_is_untouched() {
        let n = 3 * super::super::par::PAR_MIN + 7;
        let a = Array::new(Dims::col(n), (0..n).map(|k| k as f64).collect());
        let ptr = a.data().as_ptr();
        let r = binary_owned(BinOp::Mul, Value::Num(a), Value::num(3.0)).unwrap();
        let Value::Num(r) = r else { panic!("class") };
        assert_eq!(r.data().as_ptr(), ptr, "the unshared left operand's buffer");
        assert_eq!(r.data()[n - 1], 3.0 * (n - 1) as f64);

        // The right operand holds it when the left is shared.
        let keep = Array::new(Dims::col(n), vec![2.0; n]);
        let b = Array::new(Dims::col(n), vec![5.0; n]);
        let bptr = b.data().as_ptr();
        let r = binary_owned(BinOp::Sub, Value::Num(keep.clone()), Value::Num(b)).unwrap();
        let Value::Num(r) = r else { panic!("class") };
        assert_eq!(r.data().as_ptr(), bptr);
        assert!(r.data().iter().all(|&t| t == -3.0));
        assert!(
            keep.data().iter().all(|&t| t == 2.0),
            "shared operand modified"
        );

        // Both shared: a fresh buffer, both untouched.
        let x = Array::new(Dims::col(n), vec![1.5; n]);
        let held = x.clone();
        let r = binary_owned(BinOp::Add, Value::Num(x.clone()), Value::Num(x)).unwrap();
        let Value::Num(r) = r else { panic!("class") };
        assert!(!r.shares_storage(&held));
        assert!(held.data().iter().all(|&t| t == 1.5));
        assert!(r.data().iter().all(|&t| t == 3.0));

        // Expansion: the operand with the result's shape holds it; the
        // row that expands is not written.
        let m = Array::new(Dims::mat(2, 3), vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        let mptr = m.data().as_ptr();
        let row = Array::new(Dims::row(3), vec![10.0, 20.0, 30.0]);
        let r = binary_owned(BinOp::Add, Value::Num(row), Value::Num(m)).unwrap();
        let Value::Num(r) = r else { panic!("class") };
        assert_eq!(r.data().as_ptr(), mptr);
        assert_eq!(r.data(), &[11.0, 12.0, 23.0, 24.0, 35.0, 36.0]);

        // Negation in place; a shared operand keeps its values.
        let a = Array::new(Dims::col(n), vec![4.0; n]);
        let ptr = a.data().as_ptr();
        let Value::Num(r) = unary_owned(UnOp::Neg, Value::Num(a)).unwrap() else {
            panic!("class")
        };
        assert_eq!(r.data().as_ptr(), ptr);
        assert!(r.data().iter().all(|&t| t == -4.0));
        let shared = Array::new(Dims::col(5), vec![0.0; 5]);
        let Value::Num(r) = unary_owned(UnOp::Neg, Value::Num(shared.clone())).unwrap() else {
            panic!("class")
        };
        assert!(shared.data().iter().all(|t| t.to_bits() == 0));
        assert!(r.data().iter().all(|t| t.to_bits() == (-0.0f64).to_bits()));
    }

    #[test]
    fn a_power_that_turns_complex_is_not_written_in_place() {
        let a = Array::new(Dims::row(3), vec![-8.0, 1.0, 4.0]);
        let keep = a.data().to_vec();
        let held = a.clone();
        let r = binary_owned(BinOp::Pow, Value::Num(fresh(&a)), Value::num(0.5)).unwrap();
        assert!(matches!(r, Value::Complex(_)));
        assert_eq!(held.data(), keep.as_slice());
        let r = binary_owned(BinOp::Pow, Value::Num(fresh(&a)), Value::num(2.0)).unwrap();
        assert!(same(
            &r,
            &Value::Num(Array::new(Dims::row(3), vec![64.0, 1.0, 16.0]))
        ));
    }
}
