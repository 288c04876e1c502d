//! Expressions: literals, operators, ranges, matrix literals, indexing and
//! function calls (resolved by name at every call).

use super::index;
use super::Interp;
use crate::builtins;
use crate::error::{Error, Result};
use crate::ops;
use crate::syntax::ast::*;
use crate::value::{Value, C64};
use smallvec::SmallVec;

/// A value as expressions hand it on: real double and logical scalars
/// unboxed, so loop arithmetic (`s = s + i*2`, `k ~= 1`, `mod(k, 2) == 0`)
/// makes no `Value` on its way; anything else as a boxed `Value` (so a
/// `Result<Val>` is two words, returned in registers).
pub(super) enum Val {
    Num(f64),
    Bool(bool),
    Value(Box<Value>),
}

impl Val {
    /// A value, unboxed when it is a real double or logical scalar.
    #[inline]
    pub fn of(v: Value) -> Val {
        match &v {
            Value::Num(a) => match a.inline_scalar() {
                Some(&x) => Val::Num(x),
                None => Val::Value(Box::new(v)),
            },
            Value::Bool(a) => match a.inline_scalar() {
                Some(&b) => Val::Bool(b),
                None => Val::Value(Box::new(v)),
            },
            _ => Val::Value(Box::new(v)),
        }
    }
    /// A variable's value, copied only when it is not a scalar.
    #[inline]
    pub fn of_ref(v: &Value) -> Val {
        match v {
            Value::Num(a) => match a.inline_scalar() {
                Some(&x) => Val::Num(x),
                None => Val::Value(Box::new(v.clone())),
            },
            Value::Bool(a) => match a.inline_scalar() {
                Some(&b) => Val::Bool(b),
                None => Val::Value(Box::new(v.clone())),
            },
            _ => Val::Value(Box::new(v.clone())),
        }
    }
    #[inline]
    pub fn into_value(self) -> Value {
        match self {
            Val::Num(x) => Value::num(x),
            Val::Bool(b) => Value::bool(b),
            Val::Value(v) => *v,
        }
    }
}

impl From<ops::Scalar> for Val {
    #[inline]
    fn from(s: ops::Scalar) -> Val {
        match s {
            ops::Scalar::Num(x) => Val::Num(x),
            ops::Scalar::Bool(b) => Val::Bool(b),
        }
    }
}

/// A binary operator on two evaluated operands: two real double scalars
/// unboxed (`ops::scalar_binary`, the arithmetic `ops::binary` itself
/// uses for them), anything else through `ops::binary_owned`, which writes
/// the result into an operand that is an unshared temporary (a variable's
/// value is shared, so it is never written).
#[inline]
pub(super) fn binary_val(op: BinOp, a: Val, b: Val) -> Result<Val> {
    if let (Val::Num(x), Val::Num(y)) = (&a, &b) {
        if let Some(s) = ops::scalar_binary(op, *x, *y) {
            return Ok(s.into());
        }
    }
    ops::binary_owned(op, a.into_value(), b.into_value()).map(Val::of)
}

/// A prefix operator on an evaluated operand (scalars unboxed).
#[inline]
pub(super) fn unary_val(op: UnOp, v: Val) -> Result<Val> {
    match v {
        Val::Num(x) => {
            if let Some(s) = ops::scalar_unary(op, x) {
                return Ok(s.into());
            }
        }
        Val::Bool(b) if op == UnOp::Not => return Ok(Val::Bool(!b)),
        _ => {}
    }
    ops::unary_owned(op, v.into_value()).map(Val::of)
}

/// An evaluated operand of `&&`/`||` (`op`) as a logical scalar.
#[inline]
pub(super) fn logical_of(v: Val, op: BinOp, span: Span) -> Result<bool> {
    match v {
        Val::Bool(b) => Ok(b),
        Val::Num(x) if !x.is_nan() => Ok(x != 0.0),
        v => {
            let v = v.into_value();
            if v.is_empty() {
                return Err(Error::new(format!(
                    "invalid conversion from empty value to real scalar (operand of {})",
                    op.symbol()
                ))
                .at(span));
            }
            v.is_true().map_err(|err| err.at(span))
        }
    }
}

/// The truth of an evaluated `if`/`while` condition.
#[inline]
pub(super) fn truth(v: Val, span: Span) -> Result<bool> {
    match v {
        Val::Bool(b) => Ok(b),
        Val::Num(x) if !x.is_nan() => Ok(x != 0.0),
        v => v.into_value().is_true().map_err(|err| err.at(span)),
    }
}

impl Interp {
    /// Evaluate to exactly one value.
    pub(super) fn eval(&mut self, e: &Expr) -> Result<Value> {
        match &e.kind {
            ExprKind::Number(x) => Ok(Value::num(*x)),
            ExprKind::Ident(name, var) => {
                if let Some(v) = self.lookup_ref(name, *var).map_err(|err| err.at(e.span))? {
                    return Ok(v.clone());
                }
                self.eval_val_slow(e).map(Val::into_value)
            }
            ExprKind::Unary(..) | ExprKind::Binary(..) | ExprKind::Call { .. } => {
                self.eval_val(e).map(Val::into_value)
            }
            _ => {
                super::stack::check().map_err(|err| err.at(e.span))?;
                self.eval_inner(e).map_err(|err| err.at(e.span))
            }
        }
    }

    /// Evaluate to exactly one value, scalars unboxed. The cases loops
    /// live on (numbers, variables, an operator on two of them) are done
    /// here in a small frame; the rest in `eval_val_slow`.
    #[inline]
    pub(super) fn eval_val(&mut self, e: &Expr) -> Result<Val> {
        match &e.kind {
            ExprKind::Number(x) => Ok(Val::Num(*x)),
            ExprKind::Ident(name, var) => {
                if let Some(v) = self.peek_ref(*var) {
                    return Ok(Val::of_ref(v));
                }
                match self.lookup_ref(name, *var).map_err(|err| err.at(e.span))? {
                    Some(v) => Ok(Val::of_ref(v)),
                    None => self.eval_val_slow(e),
                }
            }
            ExprKind::End => match self.end_ctx.last() {
                Some((dims, k, n)) => Ok(Val::Num(index::end_extent(dims, *k, *n) as f64)),
                None => self.eval_val_slow(e),
            },
            // An operator whose left operand is not an operator chain (those
            // fold in `eval_val_inner`, in one frame whatever their length):
            // the nesting the parser allows (`MAX_EXPR_DEPTH`) bounds this
            // recursion.
            ExprKind::Binary(op, a, b)
                if !op.short_circuit() && !matches!(a.kind, ExprKind::Binary(..)) =>
            {
                let x = self.eval_val(a)?;
                let y = self.eval_val(b)?;
                binary_val(*op, x, y).map_err(|err| err.at(e.span))
            }
            _ => self.eval_val_slow(e),
        }
    }

    #[inline(never)]
    fn eval_val_slow(&mut self, e: &Expr) -> Result<Val> {
        super::stack::check().map_err(|err| err.at(e.span))?;
        self.eval_val_inner(e).map_err(|err| err.at(e.span))
    }

    /// Operators and calls, which may stay unboxed; everything else makes
    /// its value in `eval_inner`.
    fn eval_val_inner(&mut self, e: &Expr) -> Result<Val> {
        match &e.kind {
            ExprKind::Unary(op, a) => {
                let v = self.eval_val(a)?;
                unary_val(*op, v)
            }
            ExprKind::Binary(BinOp::AndAnd, a, b) => {
                let l = self.logical_operand(a, BinOp::AndAnd)?;
                if !l {
                    return Ok(Val::Bool(false));
                }
                Ok(Val::Bool(self.logical_operand(b, BinOp::AndAnd)?))
            }
            ExprKind::Binary(BinOp::OrOr, a, b) => {
                let l = self.logical_operand(a, BinOp::OrOr)?;
                if l {
                    return Ok(Val::Bool(true));
                }
                Ok(Val::Bool(self.logical_operand(b, BinOp::OrOr)?))
            }
            ExprKind::Binary(op, a, b) => {
                // `a + b - c ...` is a left-deep tree: its left spine is
                // folded by this loop, so a chain of any length (generated
                // code sums thousands of terms) takes one frame of stack.
                let mut spine: SmallVec<[(BinOp, &Expr, Span); 8]> = SmallVec::new();
                spine.push((*op, &**b, e.span));
                let mut base = &**a;
                while let ExprKind::Binary(op, l, r) = &base.kind {
                    if op.short_circuit() {
                        break;
                    }
                    spine.push((*op, &**r, base.span));
                    base = l;
                }
                let mut acc = self.eval_val(base)?;
                for (op, r, span) in spine.into_iter().rev() {
                    let rhs = self.eval_val(r)?;
                    acc = binary_val(op, acc, rhs).map_err(|err| err.at(span))?;
                }
                Ok(acc)
            }
            ExprKind::Call { target, args } => {
                if let ExprKind::Ident(name, var) = &target.kind {
                    if let Some(v) = self.call_or_index_fast(name, *var, &args[..], e.span)? {
                        return Ok(v);
                    }
                }
                self.eval_call(e)
            }
            _ => self.eval_inner(e).map(Val::of),
        }
    }

    fn eval_inner(&mut self, e: &Expr) -> Result<Value> {
        match &e.kind {
            ExprKind::Number(x) => Ok(Value::num(*x)),
            ExprKind::Imaginary(x) => Ok(Value::Complex(crate::value::Array::scalar(C64::new(
                0.0, *x,
            )))),
            ExprKind::Str { text, .. } => Ok(Value::str(text)),
            ExprKind::Ident(name, var) => {
                if let Some(v) = self.lookup_ref(name, *var)? {
                    return Ok(v.clone());
                }
                let outs = self.call_function(name, Vec::new(), 1, e.span)?;
                first_output(outs, name)
            }
            ExprKind::Colon => Ok(Value::str(":")),
            ExprKind::End => match self.end_ctx.last() {
                Some((dims, k, n)) => Ok(Value::num(index::end_extent(dims, *k, *n) as f64)),
                None => Err(Error::new(
                    "invalid use of 'end': may only be used to index existing value",
                )),
            },
            ExprKind::Postfix(op, a) => {
                let v = self.eval(a)?;
                ops::postfix(*op, &v)
            }
            ExprKind::Range { start, step, stop } => {
                Ok(self.eval_range(start, step.as_deref(), stop)?.0)
            }
            ExprKind::Matrix(rows) => self.matrix_literal(rows),
            ExprKind::Cell(rows) => self.cell_literal(rows),
            ExprKind::Brace { .. } | ExprKind::Field { .. } | ExprKind::DynField { .. } => {
                self.eval_one_of_list(e)
            }
            ExprKind::FuncHandle(name) => Ok(Value::func(crate::value::Func::Named(name.clone()))),
            ExprKind::AnonFunc(a) => self.make_anon(a),
            ExprKind::Unary(..) | ExprKind::Binary(..) | ExprKind::Call { .. } => {
                self.eval_val_inner(e).map(Val::into_value)
            }
        }
    }

    /// A call or index by the general path, to exactly one value.
    pub(super) fn eval_call(&mut self, e: &Expr) -> Result<Val> {
        let outs = self.eval_multi(e, 1)?;
        first_output(outs, &describe_callee(e)).map(Val::of)
    }

    /// Operand of `&&`/`||`: must convert to a logical scalar.
    fn logical_operand(&mut self, e: &Expr, op: BinOp) -> Result<bool> {
        let v = self.eval_val(e)?;
        logical_of(v, op, e.span)
    }

    /// `start:step:stop`, with the evaluated limit (Octave displays a range
    /// with widths computed from its limit).
    pub(super) fn eval_range(
        &mut self,
        start: &Expr,
        step: Option<&Expr>,
        stop: &Expr,
    ) -> Result<(Value, f64)> {
        let parts = self.range_parts(start, step, stop)?;
        Ok((parts.value()?, parts.stop))
    }

    /// The evaluated bounds of `start:step:stop`: each operand's first
    /// element (its real part, with Octave's warnings); an empty operand
    /// makes the range empty (`1:[]` is 1x0).
    pub(super) fn range_parts(
        &mut self,
        start: &Expr,
        step: Option<&Expr>,
        stop: &Expr,
    ) -> Result<RangeParts> {
        let mut operands = builtins::construct::ColonOperands::default();
        let (s, s_char) = self.range_bound(start, &mut operands)?;
        let st = match step {
            Some(x) => self.range_bound(x, &mut operands)?.0,
            None => Some(1.0),
        };
        let (t, t_char) = self.range_bound(stop, &mut operands)?;
        operands.warn();
        let chars = s_char && t_char;
        let class = operands.class();
        Ok(match (s, st, t) {
            (Some(start), Some(step), Some(stop)) => RangeParts {
                start,
                step,
                stop,
                chars,
                class,
            },
            // 1:0, the empty range.
            _ => RangeParts {
                start: 1.0,
                step: 1.0,
                stop: 0.0,
                chars,
                class,
            },
        })
    }

    /// A range operand: its number (`None` when empty) and whether it is a char.
    fn range_bound(
        &mut self,
        e: &Expr,
        operands: &mut builtins::construct::ColonOperands,
    ) -> Result<(Option<f64>, bool)> {
        let v = self.eval(e)?;
        Ok((operands.read(&v)?, v.is_char()))
    }

    fn matrix_literal(&mut self, rows: &[Vec<Expr>]) -> Result<Value> {
        // Fast path: every element a real scalar.
        let mut row_vals = Vec::with_capacity(rows.len());
        for row in rows {
            row_vals.push(self.eval_args(row)?);
        }
        if row_vals.len() == 1
            && row_vals[0]
                .iter()
                .all(|v| matches!(v, Value::Num(a) if a.numel() == 1))
        {
            let data: Vec<f64> = row_vals[0]
                .iter()
                .filter_map(|v| match v {
                    Value::Num(a) => a.data().first().copied(),
                    _ => None,
                })
                .collect();
            return Ok(Value::row(data));
        }
        let mut built = Vec::with_capacity(row_vals.len());
        for vals in row_vals {
            built.push(builtins::construct::concat(1, vals)?);
        }
        if built.len() == 1 {
            return Ok(built.pop().unwrap_or_else(Value::empty));
        }
        if built.is_empty() {
            return Ok(Value::empty());
        }
        builtins::construct::concat(0, built)
    }

    /// Evaluate an expression that may yield several values (a call in a
    /// multi-assignment) or none (a call whose function returns nothing).
    pub(super) fn eval_multi(&mut self, e: &Expr, nargout: usize) -> Result<Vec<Value>> {
        match &e.kind {
            ExprKind::Ident(name, var) => {
                if let Some(v) = self.lookup_ref(name, *var)? {
                    return Ok(vec![v.clone()]);
                }
                self.call_function(name, Vec::new(), nargout, e.span)
                    .map_err(|err| err.at(e.span))
            }
            ExprKind::Call { target, args } => {
                // `name(args)`: a variable is indexed, anything else is called.
                if let ExprKind::Ident(name, var) = &target.kind {
                    if self.has_ref(name, *var) {
                        if let Some(r) = self.try_partial_index(name, args) {
                            return Ok(vec![
                                r.map_err(|err| err.in_variable(Some(name)).at(e.span))?
                            ]);
                        }
                        let v = self
                            .lookup_ref(name, *var)?
                            .cloned()
                            .unwrap_or_else(Value::empty);
                        if let Value::Func(h) = &v {
                            return self.call_handle_args(h, args, nargout, e.span);
                        }
                        let index = self
                            .eval_subs(args, &v.dims())
                            .and_then(|subs| index::index_value(&v, &subs));
                        return Ok(vec![
                            index.map_err(|err| err.in_variable(Some(name)).at(e.span))?
                        ]);
                    }
                    // A call takes no `end` of its own: inside one, `end`
                    // is the enclosing index's (`x(min(end, 3))`).
                    if let Some(r) = self.try_metadata_call(name, args, nargout) {
                        return r.map_err(|err| err.at(e.span));
                    }
                    let vals = self.eval_args(args)?;
                    if name == "display" {
                        self.display_arg = match args.as_slice() {
                            [Expr {
                                kind: ExprKind::Ident(var, _),
                                ..
                            }] => Some(var.clone()),
                            _ => None,
                        };
                    }
                    return self
                        .call_function(name, vals, nargout, e.span)
                        .map_err(|err| err.at(e.span));
                }
                // `expr(args)`: index the value of any other expression,
                // or call it when it is a handle (`s.f(2)`).
                let v = self.eval_indexed(target)?;
                if let Value::Func(h) = &v {
                    return self.call_handle_args(h, args, nargout, e.span);
                }
                let index = self
                    .eval_subs(args, &v.dims())
                    .and_then(|subs| index::index_value(&v, &subs));
                // Octave names the variable at the root (`s.f(5)` is `s(5)`).
                Ok(vec![index.map_err(|err| {
                    err.in_variable(root_variable(target)).at(e.span)
                })?])
            }
            ExprKind::Brace { .. } | ExprKind::Field { .. } | ExprKind::DynField { .. } => {
                self.eval_list(e)
            }
            _ => Ok(vec![self.eval(e)?]),
        }
    }
}

/// The bounds of a range expression, evaluated.
pub(super) struct RangeParts {
    pub start: f64,
    pub step: f64,
    pub stop: f64,
    /// Both ends are char: the range is a char row ('a':'e').
    pub chars: bool,
    /// An integer or single operand's class (`None`: double).
    pub class: Option<crate::value::Class>,
}

impl RangeParts {
    /// The range as a value.
    pub fn value(&self) -> Result<Value> {
        let r = builtins::construct::range_in(self.class, self.start, self.step, self.stop)?;
        if let (true, Value::Num(a)) = (self.chars, &r) {
            return Ok(Value::Char(a.map(|&x| x as u16)));
        }
        Ok(r)
    }
}

/// The field name a `s.(expr)` value gives.
pub(super) fn field_name(v: &Value) -> Result<String> {
    match v {
        Value::Char(a) if a.rows() <= 1 => v.to_str("dynamic structure field names"),
        _ => Err(Error::new("dynamic structure field names must be strings")),
    }
}

pub(super) fn first_output(outs: impl IntoIterator<Item = Value>, name: &str) -> Result<Value> {
    outs.into_iter().next().ok_or_else(|| {
        Error::with_id(
            "Octave:undefined-function",
            format!(
                "value on right hand side of assignment is undefined: '{name}' returned no value"
            ),
        )
    })
}

/// The variable an index expression starts from (`s` of `s.f`), if any.
pub(super) fn root_variable(e: &Expr) -> Option<&str> {
    match &e.kind {
        ExprKind::Ident(n, _) => Some(n),
        ExprKind::Field { target, .. }
        | ExprKind::DynField { target, .. }
        | ExprKind::Brace { target, .. } => root_variable(target),
        _ => None,
    }
}

fn describe_callee(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Call { target, .. }
        | ExprKind::Field { target, .. }
        | ExprKind::DynField { target, .. }
        | ExprKind::Brace { target, .. } => describe_callee(target),
        ExprKind::Ident(n, _) => n.clone(),
        _ => "expression".into(),
    }
}
