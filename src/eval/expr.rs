//! What compiled expressions share: values as they pass between
//! operators (`Val`, real double and logical scalars unboxed), operators
//! on them, and the work of the kinds whose compiled form hands it to the
//! interpreter: bare names, ranges, matrix literals, calls and indexing
//! by name (functions resolved by name at every call). Expressions are
//! evaluated only through their compiled forms (`compile`).

use super::index;
use super::Interp;
use crate::builtins;
use crate::error::{Error, Result};
use crate::ops;
use crate::syntax::ast::*;
use crate::value::Value;

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
    /// A bare name's one value: its variable, else the function of that
    /// name called with no arguments (`pi`, `rand`, a user function).
    pub(super) fn name_value(&mut self, name: &str, var: VarRef, span: Span) -> Result<Val> {
        if let Some(v) = self.lookup_ref(name, var).map_err(|err| err.at(span))? {
            return Ok(Val::of_ref(v));
        }
        super::stack::check().map_err(|err| err.at(span))?;
        let outs = self
            .call_function(name, Vec::new(), 1, span)
            .map_err(|err| err.at(span))?;
        first_output(outs, name)
            .map(Val::of)
            .map_err(|err| err.at(span))
    }

    /// A bare name asked for `nargout` values (`[a, b] = f`).
    pub(super) fn name_values(
        &mut self,
        name: &str,
        var: VarRef,
        nargout: usize,
        span: Span,
    ) -> Result<Vec<Value>> {
        if let Some(v) = self.lookup_ref(name, var).map_err(|err| err.at(span))? {
            return Ok(vec![v.clone()]);
        }
        super::stack::check().map_err(|err| err.at(span))?;
        self.call_function(name, Vec::new(), nargout, span)
            .map_err(|err| err.at(span))
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

    pub(super) fn matrix_literal(&mut self, rows: &[Vec<Expr>]) -> Result<Value> {
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
        Interp::matrix_of(row_vals)
    }

    /// The matrix whose rows hold `row_vals` (each row concatenated
    /// horizontally, then the rows vertically).
    pub(super) fn matrix_of(row_vals: Vec<Vec<Value>>) -> Result<Value> {
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

    /// `name(args)` asked for `nargout` values: a variable is indexed (a
    /// handle in it called), anything else is called by name.
    pub(super) fn call_named(
        &mut self,
        name: &str,
        var: VarRef,
        args: &[Expr],
        nargout: usize,
        span: Span,
    ) -> Result<Vec<Value>> {
        super::stack::check().map_err(|err| err.at(span))?;
        if self.has_ref(name, var) {
            if let Some(r) = self.try_partial_index(name, args) {
                return Ok(vec![r.map_err(|err| err.in_variable(Some(name)).at(span))?]);
            }
            let v = self
                .lookup_ref(name, var)
                .map_err(|err| err.at(span))?
                .cloned()
                .unwrap_or_else(Value::empty);
            return self.index_or_call(&v, args, nargout, Some(name), span);
        }
        // A call takes no `end` of its own: inside one, `end` is the
        // enclosing index's (`x(min(end, 3))`).
        if let Some(r) = self.try_metadata_call(name, args, nargout) {
            return r.map_err(|err| err.at(span));
        }
        let vals = self.eval_args(args).map_err(|err| err.at(span))?;
        if name == "display" {
            self.display_arg = match args {
                [Expr {
                    kind: ExprKind::Ident(var, _),
                    ..
                }] => Some(var.clone()),
                _ => None,
            };
        }
        self.call_function(name, vals, nargout, span)
            .map_err(|err| err.at(span))
    }

    /// `expr(args)` for any other `expr`: its value indexed, or called when
    /// it is a handle (`s.f(2)`, `c{1}(3)`).
    pub(super) fn call_indexed(
        &mut self,
        target: &Expr,
        args: &[Expr],
        nargout: usize,
        span: Span,
    ) -> Result<Vec<Value>> {
        super::stack::check().map_err(|err| err.at(span))?;
        let v = self.eval_indexed(target).map_err(|err| err.at(span))?;
        // Octave names the variable at the root (`s.f(5)` is `s(5)`).
        self.index_or_call(&v, args, nargout, root_variable(target), span)
    }

    /// `v(args)`: a handle called, any other value indexed (its errors
    /// naming `root`, the variable indexed).
    fn index_or_call(
        &mut self,
        v: &Value,
        args: &[Expr],
        nargout: usize,
        root: Option<&str>,
        span: Span,
    ) -> Result<Vec<Value>> {
        if let Value::Func(h) = v {
            return self
                .call_handle_args(h, args, nargout, span)
                .map_err(|err| err.at(span));
        }
        let index = self
            .eval_subs(args, &v.dims())
            .and_then(|subs| index::index_value(v, &subs));
        Ok(vec![index.map_err(|err| err.in_variable(root).at(span))?])
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
