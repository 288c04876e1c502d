//! The statements loops spend their time in, done on the slot of a
//! resolved variable with their operands evaluated once, unboxed:
//! indexing a variable (`A(i, j)`: one element of a real double array is
//! read where it lies), writing through one subscript list (`A(i, j) =
//! v` in place, `x(end+1) = v` appended with spare capacity), appending to
//! a row (`s = [s t]`), and the element-wise builtins of real double
//! scalars (`mod(k, 2)`, `floor(x)`, through the builtin's own scalar
//! function). Subscripts and arguments are evaluated exactly once; when
//! the values are not the simple case, they go on to the general indexing,
//! assignment or call with those same values, so there is one path.
//! Appends grow the element vector in place, so N appends cost O(N).

use super::assign::Rhs;
use super::expr::Val;
use super::index::{self, Sub};
use super::Interp;
use crate::error::{Error, Result};
use crate::syntax::ast::{Expr, ExprKind, Span, VarRef};
use crate::value::{Array, Dims, Value};
use smallvec::SmallVec;

/// Evaluated subscripts: one or two real double scalars (kept small: a
/// loop indexes with these), or any values (`None` for `:`).
pub(super) enum SubVals {
    Scalars([f64; 2], usize),
    Values(Vec<Option<Val>>),
}

impl SubVals {
    fn len(&self) -> usize {
        match self {
            SubVals::Scalars(_, n) => *n,
            SubVals::Values(v) => v.len(),
        }
    }
    fn push(&mut self, v: Option<Val>) {
        match (&mut *self, v) {
            (SubVals::Scalars(xs, n), Some(Val::Num(x))) if *n < 2 => {
                xs[*n] = x;
                *n += 1;
            }
            (SubVals::Scalars(xs, n), v) => {
                let mut all: Vec<Option<Val>> =
                    xs[..*n].iter().map(|&x| Some(Val::Num(x))).collect();
                all.push(v);
                *self = SubVals::Values(all);
            }
            (SubVals::Values(all), v) => all.push(v),
        }
    }
    fn into_vals(self) -> Vec<Option<Val>> {
        match self {
            SubVals::Scalars(xs, n) => xs[..n].iter().map(|&x| Some(Val::Num(x))).collect(),
            SubVals::Values(v) => v,
        }
    }
}

/// A subscript as a 0-based position, when it is a positive integer.
#[inline]
pub(super) fn as_index(x: f64) -> Option<usize> {
    // An integer test without a libm call, through i64 (one instruction
    // each way on x86-64, where u64 takes a branchy sequence): NaN gives 0
    // and huge values saturate, both refused by the range; up to 2^53 the
    // round trip is exact for integers.
    let k = x as i64;
    (k as f64 == x && (1..=1 << 53).contains(&k)).then(|| k as usize - 1)
}

/// The 0-based positions of 1 or 2 scalar subscripts.
fn positions(vals: &SubVals) -> Option<([usize; 2], usize)> {
    match vals {
        SubVals::Scalars([a, _], 1) => Some(([as_index(*a)?, 0], 1)),
        SubVals::Scalars([a, b], 2) => Some(([as_index(*a)?, as_index(*b)?], 2)),
        _ => None,
    }
}

/// The column-major position of 1 or 2 subscripts inside `dims`.
#[inline]
pub(super) fn element_pos(dims: &Dims, idx: &[usize]) -> Option<usize> {
    match *idx {
        [i] => (i < dims.numel()).then_some(i),
        [i, j] => {
            let rows = dims.rows();
            let cols = if dims.ndims() == 2 {
                dims.cols()
            } else {
                dims.trailing()
            };
            (i < rows && j < cols).then(|| i + j * rows)
        }
        _ => None,
    }
}

/// A row, or the 0x0 empty value `[]`/`''` that concatenation skips.
pub(super) fn row_or_empty(d: &Dims) -> bool {
    d.is_row() || (d.ndims() == 2 && d.rows() == 0 && d.cols() == 0)
}

/// Evaluated subscripts as the general indexing takes them (`Sub`), with
/// the errors a bad one gives (placed at its expression).
pub(super) fn to_subs<A: Args + ?Sized>(args: &A, vals: SubVals) -> Result<Vec<Sub>> {
    let n = vals.len();
    vals.into_vals()
        .into_iter()
        .enumerate()
        .map(|(k, v)| {
            match v {
                None => Ok(Sub::All),
                Some(Val::Num(x)) => index::position(x, k, n).map(|p| Sub::List {
                    idx: vec![p],
                    shape: Dims::scalar(),
                    logical: false,
                }),
                Some(v) => index::to_sub(&v.into_value(), k, n),
            }
            .map_err(|e| e.at(args.span(k)))
        })
        .collect()
}

/// What an argument or subscript is, as far as the fast paths care.
pub(super) enum ArgShape<'a> {
    /// A bare `:`.
    Colon,
    Number(f64),
    /// A name (a variable needs no `end`).
    Name(&'a str, VarRef),
    Other,
}

/// A list of argument or subscript expressions: the parsed ones (`[Expr]`)
/// or their compiled form (`compile::CArg`). The fast paths are written
/// once over this, so both evaluate the same way.
pub(super) trait Args {
    fn count(&self) -> usize;
    /// Some argument is a cs-list (`c{:}`, `s.f`): not for the fast paths.
    fn any_list(&self) -> bool;
    fn span(&self, k: usize) -> Span;
    fn shape(&self, k: usize) -> ArgShape<'_>;
    /// Evaluate argument `k` (the `end` context is set by the caller).
    fn eval(&self, it: &mut Interp, k: usize) -> Result<Val>;
}

impl Args for [Expr] {
    fn count(&self) -> usize {
        self.len()
    }
    fn any_list(&self) -> bool {
        self.iter().any(super::cslist::is_list)
    }
    fn span(&self, k: usize) -> Span {
        self.get(k).map(|a| a.span).unwrap_or_default()
    }
    fn shape(&self, k: usize) -> ArgShape<'_> {
        match self.get(k).map(|a| &a.kind) {
            Some(ExprKind::Colon) => ArgShape::Colon,
            Some(ExprKind::Number(x)) => ArgShape::Number(*x),
            Some(ExprKind::Ident(name, var)) => ArgShape::Name(name, *var),
            _ => ArgShape::Other,
        }
    }
    fn eval(&self, it: &mut Interp, k: usize) -> Result<Val> {
        match self.get(k) {
            Some(a) => it.eval_val(a),
            None => Err(Error::new("internal error: argument out of range")),
        }
    }
}

impl Interp {
    /// Each subscript evaluated once, with `end` meaning the extent of
    /// `dims` it stands for. No cs-list subscripts here (`x(c{:})`).
    pub(super) fn sub_vals<A: Args + ?Sized>(&mut self, args: &A, dims: &Dims) -> Result<SubVals> {
        let n = args.count();
        let mut out = SubVals::Scalars([0.0; 2], 0);
        for k in 0..n {
            let bare = match args.shape(k) {
                ArgShape::Colon => {
                    out.push(None);
                    continue;
                }
                ArgShape::Number(x) => {
                    out.push(Some(Val::Num(x)));
                    continue;
                }
                // A variable needs no `end`.
                ArgShape::Name(name, var) => self.has_ref(name, var),
                ArgShape::Other => false,
            };
            if bare {
                let v = args.eval(self, k)?;
                out.push(Some(v));
            } else {
                self.end_ctx.push((dims.clone(), k, n));
                let v = args.eval(self, k);
                self.end_ctx.pop();
                out.push(Some(v?));
            }
        }
        Ok(out)
    }

    /// `name(args)` where `name` is a plain variable of the running body
    /// holding an array (indexed: one element of a real double array is
    /// read in place), or a table builtin with a scalar kernel (called on
    /// unboxed scalars). `None` when neither applies, before anything is
    /// evaluated.
    pub(super) fn call_or_index_fast<A: Args + ?Sized>(
        &mut self,
        name: &str,
        var: VarRef,
        args: &A,
        span: Span,
    ) -> Result<Option<Val>> {
        if args.any_list() {
            return Ok(None);
        }
        let dims = match self.ref_slot_mut(var) {
            Some(Value::Func(_)) => return Ok(None),
            Some(v) => v.dims(),
            None => {
                if self.has_ref(name, var) {
                    return Ok(None);
                }
                return self.call_scalar(name, args, span);
            }
        };
        // The read is recorded as usual.
        self.lookup_ref(name, var)?;
        let vals = self
            .sub_vals(args, &dims)
            .map_err(|e| e.in_variable(Some(name)).at(span))?;
        if let (Some((idx, n)), Some(Value::Num(a))) = (positions(&vals), self.ref_slot_mut(var)) {
            if let Some(p) = element_pos(a.dims(), &idx[..n]) {
                return Ok(Some(Val::Num(a.data()[p])));
            }
        }
        let v = self
            .lookup_ref(name, var)?
            .cloned()
            .unwrap_or_else(Value::empty);
        let r = to_subs(args, vals).and_then(|subs| index::index_value(&v, &subs));
        Ok(Some(Val::of(
            r.map_err(|e| e.in_variable(Some(name)).at(span))?,
        )))
    }

    /// `f(a)` / `f(a, b)` of a table builtin with a scalar kernel: the
    /// arguments evaluated once; real double scalars (inside the
    /// function's real domain) go through the kernel, anything else to the
    /// builtin itself with the same values.
    fn call_scalar<A: Args + ?Sized>(
        &mut self,
        name: &str,
        args: &A,
        span: Span,
    ) -> Result<Option<Val>> {
        let Some(kernel) = Kernel::of(name, args.count()) else {
            return Ok(None);
        };
        if !self.calls_table_builtin(name)? {
            return Ok(None);
        }
        self.run_kernel(name, kernel, args, span).map(Some)
    }

    /// The builtin `name`, known to have the scalar kernel `kernel` for
    /// the number of `args` (evaluated once): through the kernel for real double scalars
    /// inside its domain, else through the builtin with the same values.
    #[inline]
    pub(super) fn run_kernel<A: Args + ?Sized>(
        &mut self,
        name: &str,
        kernel: Kernel,
        args: &A,
        span: Span,
    ) -> Result<Val> {
        let vals = match kernel {
            Kernel::One((f, domain)) => match args.eval(self, 0)? {
                Val::Num(x) if x.is_nan() || domain.is_none_or(|d| d(x)) => {
                    return Ok(Val::Num(f(x)))
                }
                x => vec![x.into_value()],
            },
            Kernel::Two(f) => {
                let x = args.eval(self, 0)?;
                let y = args.eval(self, 1)?;
                if let (Val::Num(a), Val::Num(b)) = (&x, &y) {
                    return Ok(Val::Num(f(*a, *b)));
                }
                vec![x.into_value(), y.into_value()]
            }
        };
        let outs = self
            .call_function(name, vals, 1, span)
            .map_err(|e| e.at(span))?;
        match outs.into_iter().next() {
            Some(v) => Ok(Val::of(v)),
            None => Err(Error::with_id(
                "Octave:undefined-function",
                format!(
                    "value on right hand side of assignment is undefined: '{name}' returned no value"
                ),
            )),
        }
    }

    /// `x(args) = rhs` where `x` is a plain variable of the running body:
    /// the subscripts evaluated once against its value; a real double
    /// scalar written inside a real double array in place, or appended at
    /// `end+1` of a vector; anything else assigned by the general path
    /// with the same subscripts. `false` (nothing evaluated) when `x` is
    /// not such a variable.
    pub(super) fn assign_paren<A: Args + ?Sized>(
        &mut self,
        name: &str,
        var: VarRef,
        args: &A,
        rhs: Value,
    ) -> Result<std::result::Result<(), Value>> {
        if args.count() == 0 || args.any_list() {
            return Ok(Err(rhs));
        }
        let dims = match self.ref_slot_mut(var) {
            Some(v) => v.dims(),
            None => return Ok(Err(rhs)),
        };
        let vals = self
            .sub_vals(args, &dims)
            .map_err(|e| e.in_variable(Some(name)))?;
        let x = match &rhs {
            Value::Num(r) => r.inline_scalar().copied(),
            _ => None,
        };
        if let (Some(x), Some((idx, n))) = (x, positions(&vals)) {
            if self.write_element(name, var, &idx[..n], x) {
                return Ok(Ok(()));
            }
            let end = match self.ref_slot_mut(var) {
                Some(Value::Num(a)) => a.numel(),
                _ => usize::MAX,
            };
            if n == 1 && idx[0] == end && self.append_element(name, var, x)? {
                return Ok(Ok(()));
            }
        }
        let subs = to_subs(args, vals).map_err(|e| e.in_variable(Some(name)))?;
        self.assign_steps(name, vec![super::assign::Step::Paren(subs)], Rhs::One(rhs))?;
        Ok(Ok(()))
    }

    /// `x(subs) = v` with literal, name or `end`-relative subscripts and a
    /// real double scalar `v`: written in place, or appended when the
    /// subscript is `end+1` of a vector (spare capacity kept). `false`
    /// (nothing changed) when it is not that case.
    #[inline]
    pub(super) fn put_scalar(
        &mut self,
        name: &str,
        var: VarRef,
        p: &super::compile::PureSubs,
        x: f64,
    ) -> Result<bool> {
        if p.is_append() {
            // `x(end+1)` of a vector is one past its last element.
            return self.append_element(name, var, x);
        }
        let idx = if p.has_end() {
            match self.ref_slot(var) {
                Some(Value::Num(a)) => p.positions(self, Some(a.dims())),
                _ => None,
            }
        } else {
            p.positions(self, None)
        };
        let Some(idx) = idx else {
            return Ok(false);
        };
        Ok(self.write_element(name, var, p.subs(&idx), x))
    }

    /// `x(i) = v` / `x(i, j) = v` (0-based positions) written in place when
    /// `x` is an unshared real double array holding that element. A shared
    /// array is copied by the general path, which reports a copy that does
    /// not fit in memory as an error.
    #[inline]
    pub(super) fn write_element(&mut self, name: &str, var: VarRef, idx: &[usize], x: f64) -> bool {
        let Some((Value::Num(a), covered)) = self.edit_slot(var) else {
            return false;
        };
        let Some(p) = element_pos(a.dims(), idx) else {
            return false;
        };
        let Some(slot) = a.unique_data_mut().and_then(|d| d.get_mut(p)) else {
            return false;
        };
        *slot = x;
        if !covered {
            self.note_edit(name, Some(p..p + 1));
        }
        true
    }

    /// `x(end+1) = v` on `[]`, a row or a column of doubles: `false` when
    /// `x` is not one of those (then the general path grows it).
    fn append_element(&mut self, name: &str, var: VarRef, x: f64) -> Result<bool> {
        let Some(Value::Num(a)) = self.ref_slot_mut(var) else {
            return Ok(false);
        };
        // Grown in its own vector, spare capacity kept: N appends cost O(N).
        if a.try_push(x)? || a.try_extend_vector(1, |v| v.push(x))? {
            self.note_whole_change(name, var);
            return Ok(true);
        }
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

    /// `A(:, end+1) = b` where `A` is a real double matrix of one or more
    /// rows and `b` a real double vector of as many elements (or a
    /// scalar): the column appended in place (`Array::try_push_column`).
    /// `false` (nothing changed) for anything else, which the general path
    /// assigns.
    pub(super) fn append_column(&mut self, name: &str, var: VarRef, b: &Val) -> Result<bool> {
        let Some(Value::Num(a)) = self.ref_slot_mut(var) else {
            return Ok(false);
        };
        let rows = a.dims().rows();
        let pushed = match b {
            Val::Num(x) => a.try_push_column(|v| v.extend(std::iter::repeat_n(*x, rows)))?,
            Val::Value(b) => match &**b {
                // A vector of `rows` elements in any orientation (Octave
                // matches shapes up to singleton dimensions).
                Value::Num(b)
                    if b.numel() == rows
                        && b.dims().as_slice().iter().filter(|&&d| d != 1).count() <= 1 =>
                {
                    a.try_push_column(|v| v.extend_from_slice(b.data()))?
                }
                _ => false,
            },
            Val::Bool(_) => false,
        };
        if pushed {
            self.note_whole_change(name, var);
        }
        Ok(pushed)
    }

    /// `A(:, end+1) = [x; y; ...]` with the literal's elements evaluated
    /// to `vals`: appended as `append_column` does when they are real
    /// double scalars, as many as `A` has rows.
    pub(super) fn append_column_vals(
        &mut self,
        name: &str,
        var: VarRef,
        vals: &[Val],
    ) -> Result<bool> {
        let Some(Value::Num(a)) = self.ref_slot_mut(var) else {
            return Ok(false);
        };
        if a.dims().rows() != vals.len() || vals.iter().any(|v| !matches!(v, Val::Num(_))) {
            return Ok(false);
        }
        let xs = vals.iter().filter_map(|v| match v {
            Val::Num(x) => Some(*x),
            _ => None,
        });
        let pushed = a.try_push_column(|v| v.extend(xs))?;
        if pushed {
            self.note_whole_change(name, var);
        }
        Ok(pushed)
    }

    /// `s = [s a b ...]` where `s` is a char or double row (or empty): the
    /// other elements are evaluated, and when they are rows of the same
    /// class they are appended to `s`'s elements in place. Otherwise the
    /// row is concatenated as the general path does, from the values
    /// already evaluated. `false` when nothing was evaluated.
    pub(super) fn append_row_fast<A: Args + ?Sized>(
        &mut self,
        name: &str,
        var: VarRef,
        rest: &A,
    ) -> Result<bool> {
        let is_char = match self.ref_slot_mut(var) {
            Some(Value::Char(a)) if row_or_empty(a.dims()) => true,
            Some(Value::Num(a)) if row_or_empty(a.dims()) => false,
            _ => return Ok(false),
        };
        self.lookup_ref(name, var)?;
        let mut vals: SmallVec<[Value; 2]> = SmallVec::new();
        for k in 0..rest.count() {
            vals.push(rest.eval(self, k)?.into_value());
        }
        let fits = |v: &Value| match v {
            Value::Char(a) if is_char => row_or_empty(a.dims()),
            Value::Num(a) if !is_char => row_or_empty(a.dims()),
            _ => false,
        };
        let added: usize = vals.iter().map(Value::numel).sum();
        let Some(slot) = self.ref_slot_mut(var) else {
            return Ok(false);
        };
        let grown = added > 0
            && vals.iter().all(fits)
            && match slot {
                Value::Char(a) => a.try_extend_row(added, |v| {
                    for x in &vals {
                        if let Value::Char(b) = x {
                            v.extend_from_slice(b.data());
                        }
                    }
                })?,
                Value::Num(a) => a.try_extend_row(added, |v| {
                    for x in &vals {
                        if let Value::Num(b) = x {
                            v.extend_from_slice(b.data());
                        }
                    }
                })?,
                _ => false,
            };
        if grown {
            self.note_whole_change(name, var);
            return Ok(true);
        }
        // The general concatenation, of the same values.
        let mut all = Vec::with_capacity(vals.len() + 1);
        all.push(slot.clone());
        all.extend(vals);
        let v = crate::builtins::construct::concat(1, all)?;
        self.assign_ref(name, var, v);
        Ok(true)
    }
}

/// The scalar function of an element-wise builtin: of one argument (with
/// its real domain) or of two.
#[derive(Clone, Copy)]
pub(super) enum Kernel {
    One(crate::builtins::math::Kernel1),
    Two(fn(f64, f64) -> f64),
}

impl Kernel {
    /// The scalar kernel of the builtin `name` called with `n` arguments.
    pub fn of(name: &str, n: usize) -> Option<Kernel> {
        use crate::builtins::math::{scalar_kernel, scalar_kernel1};
        match n {
            1 => scalar_kernel1(name).map(Kernel::One),
            2 => scalar_kernel(name).map(Kernel::Two),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::as_index;

    #[test]
    fn as_index_takes_positive_integers_up_to_2_to_the_53() {
        assert_eq!(as_index(1.0), Some(0));
        assert_eq!(as_index(1000.0), Some(999));
        assert_eq!(as_index(9_007_199_254_740_992.0), Some((1 << 53) - 1));
        for bad in [
            0.0,
            -0.0,
            -1.0,
            1.5,
            0.999,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            9_007_199_254_740_994.0,
            9.3e18,
            1e300,
            -9.3e18,
        ] {
            assert_eq!(as_index(bad), None, "{bad}");
        }
    }
}
