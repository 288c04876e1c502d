//! The statements loops spend their time in, done directly on the slot of
//! a resolved variable: reading and writing one element of a real double
//! array (`A(i, j)`, `A(i, j) = v`), appending one (`x(end+1) = v`),
//! appending to a row (`s = [s t]`), and `mod`/`rem`/`atan2` of two
//! scalars (through the builtin's own scalar function). Each applies only when its result is
//! certainly what the general path gives (same class, inside the array,
//! subscripts that are plain numbers); otherwise it declines before doing
//! anything visible and the general path runs. Appends grow the element
//! vector in place with spare capacity, so N appends cost O(N).

use super::Interp;
use crate::error::Result;
use crate::syntax::ast::{BinOp, Expr, ExprKind, VarRef};
use crate::value::{Array, Dims, Value};

/// Subscript expressions deeper than this go the general way (operator
/// chains can be thousands long).
const MAX_DEPTH: usize = 8;

/// A number used as a subscript: its 0-based position, when it is a
/// positive integer.
fn as_index(v: f64) -> Option<usize> {
    (v >= 1.0 && v.fract() == 0.0 && v <= 9.007_199_254_740_992e15).then(|| v as usize - 1)
}

/// The column-major position of 1 or 2 subscripts inside `dims`.
fn element_pos(dims: &Dims, idx: &[usize]) -> Option<usize> {
    match *idx {
        [i] => (i < dims.numel()).then_some(i),
        [i, j] => {
            let rows = dims.rows();
            (i < rows && j < dims.trailing()).then(|| i + j * rows)
        }
        _ => None,
    }
}

/// `end + 1` as a lone subscript.
fn is_end_plus_one(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Binary(BinOp::Add, a, b) => {
            matches!(
                (&a.kind, &b.kind),
                (ExprKind::End, ExprKind::Number(x)) | (ExprKind::Number(x), ExprKind::End) if *x == 1.0
            )
        }
        _ => false,
    }
}

/// A row, or the 0x0 empty value `[]`/`''` that concatenation skips.
fn row_or_empty(d: &Dims) -> bool {
    d.is_row() || (d.ndims() == 2 && d.rows() == 0 && d.cols() == 0)
}

impl Interp {
    /// The value of a subscript made of numbers and real double scalar
    /// variables with `+ - .* * ./ /` (which on real scalars are IEEE
    /// arithmetic, as the general path computes it); `None` for anything
    /// else (calls, `end`, arrays), before any call is made.
    fn simple_scalar(&mut self, e: &Expr, depth: usize) -> Result<Option<f64>> {
        Ok(match &e.kind {
            ExprKind::Number(x) => Some(*x),
            ExprKind::Ident(n, var) => match self.lookup_ref(n, *var)? {
                Some(Value::Num(a)) if a.numel() == 1 => Some(a.data()[0]),
                _ => None,
            },
            ExprKind::Binary(op, a, b) if depth < MAX_DEPTH => {
                let f: fn(f64, f64) -> f64 = match op {
                    BinOp::Add => |x, y| x + y,
                    BinOp::Sub => |x, y| x - y,
                    BinOp::Mul | BinOp::MatMul => |x, y| x * y,
                    BinOp::Div | BinOp::MatDiv => |x, y| x / y,
                    _ => return Ok(None),
                };
                let Some(x) = self.simple_scalar(a, depth + 1)? else {
                    return Ok(None);
                };
                let Some(y) = self.simple_scalar(b, depth + 1)? else {
                    return Ok(None);
                };
                Some(f(x, y))
            }
            _ => None,
        })
    }

    /// The positions 1 or 2 simple subscripts name (0-based), or `None`.
    fn simple_subscripts(&mut self, args: &[Expr]) -> Result<Option<([usize; 2], usize)>> {
        if args.is_empty() || args.len() > 2 {
            return Ok(None);
        }
        let mut idx = [0usize; 2];
        for (k, a) in args.iter().enumerate() {
            match self.simple_scalar(a, 0)?.and_then(as_index) {
                Some(i) => idx[k] = i,
                None => return Ok(None),
            }
        }
        Ok(Some((idx, args.len())))
    }

    /// `x(i)` / `x(i, j)` of a real double array inside its bounds: the
    /// element, without copying the array.
    pub(super) fn index_element_fast(
        &mut self,
        name: &str,
        var: VarRef,
        args: &[Expr],
    ) -> Result<Option<Value>> {
        if args.is_empty() || args.len() > 2 {
            return Ok(None);
        }
        // Only a loaded plain variable (a stored one not read yet may be
        // read in part: `partial`); the read is recorded as usual.
        if !matches!(self.ref_slot_mut(var), Some(Value::Num(_))) {
            return Ok(None);
        }
        self.lookup_ref(name, var)?;
        let Some((idx, n)) = self.simple_subscripts(args)? else {
            return Ok(None);
        };
        let Some(Value::Num(a)) = self.ref_slot_mut(var) else {
            return Ok(None);
        };
        Ok(element_pos(a.dims(), &idx[..n]).map(|p| Value::num(a.data()[p])))
    }

    /// `mod(a, b)`, `rem(a, b)`, `atan2(a, b)` of two simple real double
    /// scalars, when the name is the table builtin here: its scalar
    /// function, without the array machinery of a call.
    pub(super) fn call_scalar_fast(
        &mut self,
        name: &str,
        var: VarRef,
        args: &[Expr],
    ) -> Result<Option<Value>> {
        let [a, b] = args else {
            return Ok(None);
        };
        let Some(f) = crate::builtins::math::scalar_kernel(name) else {
            return Ok(None);
        };
        if self.has_ref(name, var) || !self.calls_table_builtin(name)? {
            return Ok(None);
        }
        let Some(x) = self.simple_scalar(a, 0)? else {
            return Ok(None);
        };
        let Some(y) = self.simple_scalar(b, 0)? else {
            return Ok(None);
        };
        Ok(Some(Value::num(f(x, y))))
    }

    /// `x(i) = v` / `x(i, j) = v` with a real double scalar `v` inside a
    /// real double array, and `x(end+1) = v` on a real double vector:
    /// written in place. Whether it was done.
    pub(super) fn assign_element_fast(
        &mut self,
        name: &str,
        var: VarRef,
        args: &[Expr],
        rhs: &Value,
    ) -> Result<bool> {
        let Value::Num(r) = rhs else {
            return Ok(false);
        };
        if r.numel() != 1 || args.is_empty() || args.len() > 2 {
            return Ok(false);
        }
        let x = r.data()[0];
        if !matches!(self.ref_slot_mut(var), Some(Value::Num(_))) {
            return Ok(false);
        }
        if let [arg] = args {
            if is_end_plus_one(arg) {
                return self.append_element(name, var, x);
            }
        }
        let Some((idx, n)) = self.simple_subscripts(args)? else {
            return Ok(false);
        };
        let Some(Value::Num(a)) = self.ref_slot_mut(var) else {
            return Ok(false);
        };
        // A shared array is copied by the general path, which reports a
        // copy that does not fit in memory as an error.
        let Some(p) = element_pos(a.dims(), &idx[..n]).filter(|_| a.is_unique()) else {
            return Ok(false);
        };
        a.data_mut()[p] = x;
        self.note_edit(name, Some(p..p + 1));
        Ok(true)
    }

    /// `x(end+1) = v` on `[]`, a row or a column of doubles.
    fn append_element(&mut self, name: &str, var: VarRef, x: f64) -> Result<bool> {
        let Some(Value::Num(a)) = self.ref_slot_mut(var) else {
            return Ok(false);
        };
        if !a.is_unique() {
            return Ok(false);
        }
        let d = a.dims();
        let n = a.numel();
        let dims = match (d.ndims(), d.rows(), d.cols()) {
            (2, 0, 0) => Dims::scalar(),
            (2, 1, c) if c >= 1 => Dims::row(c + 1),
            (2, r, 1) if r >= 2 => Dims::col(r + 1),
            _ => return Ok(false),
        };
        let taken = std::mem::replace(a, Array::empty_with(Dims::empty()));
        let old_dims = taken.dims().clone();
        let mut v = taken.into_vec();
        if v.try_reserve(1).is_err() {
            if let Some(Value::Num(a)) = self.ref_slot_mut(var) {
                *a = Array::new(old_dims, v);
            }
            return Err(crate::value::pod::too_many((n + 1) as f64));
        }
        v.push(x);
        self.assign_ref(name, var, Value::Num(Array::new(dims, v)));
        Ok(true)
    }

    /// `s = [s a b ...]` where `s` is a char or double row (or empty): the
    /// other elements are evaluated, and when they are rows of the same
    /// class they are appended to `s`'s elements in place. Otherwise the
    /// row is concatenated as the general path does, from the values
    /// already evaluated. `false` when nothing was evaluated.
    pub(super) fn append_row_fast(
        &mut self,
        name: &str,
        var: VarRef,
        rest: &[Expr],
    ) -> Result<bool> {
        let is_char = match self.ref_slot_mut(var) {
            Some(Value::Char(a)) if row_or_empty(a.dims()) => true,
            Some(Value::Num(a)) if row_or_empty(a.dims()) => false,
            _ => return Ok(false),
        };
        self.lookup_ref(name, var)?;
        let vals = self.eval_args(rest)?;
        let fits = |v: &Value| match v {
            Value::Char(a) if is_char => row_or_empty(a.dims()),
            Value::Num(a) if !is_char => row_or_empty(a.dims()),
            _ => false,
        };
        let added: usize = vals.iter().map(Value::numel).sum();
        let Some(slot) = self.ref_slot_mut(var) else {
            return Ok(false);
        };
        let unique = match &*slot {
            Value::Char(a) => a.is_unique(),
            Value::Num(a) => a.is_unique(),
            _ => false,
        };
        if added == 0 || !unique || !vals.iter().all(fits) {
            // The general concatenation, of the same values.
            let mut all = Vec::with_capacity(vals.len() + 1);
            all.push(slot.clone());
            all.extend(vals);
            let v = crate::builtins::construct::concat(1, all)?;
            self.assign_ref(name, var, v);
            return Ok(true);
        }
        let taken = std::mem::replace(slot, Value::empty());
        let grown = match taken {
            Value::Char(a) => {
                let dims = a.dims().clone();
                let mut v = a.into_vec();
                if let Err(e) = reserve(&mut v, added) {
                    *slot = Value::Char(Array::new(dims, v));
                    return Err(e);
                }
                for x in &vals {
                    if let Value::Char(b) = x {
                        v.extend_from_slice(b.data());
                    }
                }
                Value::Char(Array::new(Dims::row(v.len()), v))
            }
            Value::Num(a) => {
                let dims = a.dims().clone();
                let mut v = a.into_vec();
                if let Err(e) = reserve(&mut v, added) {
                    *slot = Value::Num(Array::new(dims, v));
                    return Err(e);
                }
                for x in &vals {
                    if let Value::Num(b) = x {
                        v.extend_from_slice(b.data());
                    }
                }
                Value::Num(Array::new(Dims::row(v.len()), v))
            }
            other => other,
        };
        self.assign_ref(name, var, grown);
        Ok(true)
    }
}

/// Room for `more` elements, doubling (amortized), or the out-of-memory
/// error naming the size.
fn reserve<T>(v: &mut Vec<T>, more: usize) -> Result<()> {
    v.try_reserve(more)
        .map_err(|_| crate::value::pod::too_many((v.len() + more) as f64))
}
