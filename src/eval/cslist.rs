//! Comma-separated lists: `c{...}` and `s.f` of a struct array stand for
//! as many values as they name. In argument lists, `[ ]` and `{ }` they
//! spread into their values (`f(c{:})`, `[s.a]`, `{c{:}, 3}`); where one
//! value is needed, a list of one is that value, and an assignment
//! `x = c{:}` takes the first (as MATLAB and Octave do).

use super::assign::{no_fields, not_a_cell};
use super::expr::{field_name, root_variable};
use super::index;
use super::Interp;
use crate::error::{Error, Result};
use crate::syntax::ast::{Expr, ExprKind};
use crate::value::{Array, Dims, Value};

/// Whether an expression can stand for several values.
pub(super) fn is_list(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::Brace { .. } | ExprKind::Field { .. } | ExprKind::DynField { .. }
    )
}

impl Interp {
    /// The values `e` stands for: those of a cs-list (its compiled form),
    /// or its one value.
    pub(super) fn eval_list(&mut self, e: &Expr) -> Result<Vec<Value>> {
        if is_list(e) {
            return self.eval_multi(e, 1);
        }
        Ok(vec![self.eval(e)?])
    }

    /// `target{args}`: the cells picked, as a cs-list.
    pub(super) fn brace_list(&mut self, target: &Expr, args: &[Expr]) -> Result<Vec<Value>> {
        let v = self.eval_indexed(target)?;
        let Value::Cell(c) = &v else {
            return Err(not_a_cell(&v));
        };
        let subs = self.eval_subs(args, c.dims())?;
        let picked =
            index::index_array(c, &subs).map_err(|err| err.in_variable(root_variable(target)))?;
        Ok(picked.into_vec())
    }

    /// `target.name`: the field of every element, as a cs-list.
    pub(super) fn field_list(&mut self, target: &Expr, name: &str) -> Result<Vec<Value>> {
        let v = self.eval_indexed(target)?;
        fields_of(&v, name)
    }

    /// `target.(name)`.
    pub(super) fn dyn_field_list(&mut self, target: &Expr, name: &Expr) -> Result<Vec<Value>> {
        let n = self.eval(name)?;
        let name = field_name(&n)?;
        let v = self.eval_indexed(target)?;
        fields_of(&v, &name)
    }

    /// The value of an expression that is indexed further (`c{2}(3)`,
    /// `s(2).a`, `c{1}.f`): a cs-list of several values cannot be.
    pub(super) fn eval_indexed(&mut self, e: &Expr) -> Result<Value> {
        if !is_list(e) {
            return self.eval(e);
        }
        let mut vs = self.eval_list(e)?;
        match vs.len() {
            1 => Ok(vs.pop().unwrap_or_else(Value::empty)),
            _ => Err(Error::new("a cs-list cannot be further indexed").at(e.span)),
        }
    }

    /// The right-hand side of `x = e`: a cs-list gives its first value.
    pub(super) fn eval_first(&mut self, e: &Expr) -> Result<Value> {
        if !is_list(e) {
            return self.eval(e);
        }
        self.eval_list(e)?
            .into_iter()
            .next()
            .ok_or_else(|| Error::new("invalid number of elements on RHS of assignment").at(e.span))
    }

    /// Evaluated arguments, cs-lists spread (`f(c{:}, 2)`).
    pub(super) fn eval_args(&mut self, args: &[Expr]) -> Result<Vec<Value>> {
        let mut vals = Vec::with_capacity(args.len());
        for a in args {
            if is_list(a) {
                vals.extend(self.eval_list(a)?);
            } else {
                vals.push(self.eval(a)?);
            }
        }
        Ok(vals)
    }

    /// `{a, b; c, d}`: each row's values (cs-lists spread) side by side,
    /// every value one cell (a cell value nests), rows stacked.
    pub(super) fn cell_literal(&mut self, rows: &[Vec<Expr>]) -> Result<Value> {
        let mut built: Vec<Vec<Value>> = Vec::with_capacity(rows.len());
        for row in rows {
            let vals = self.eval_args(row)?;
            if !vals.is_empty() {
                built.push(vals);
            }
        }
        let width = built.first().map_or(0, Vec::len);
        if built.iter().any(|r| r.len() != width) {
            return Err(Error::new("number of columns must match"));
        }
        let height = built.len();
        let mut data = crate::ops::alloc_vec(width * height)?;
        data.resize(width * height, Value::empty());
        for (i, row) in built.into_iter().enumerate() {
            for (j, v) in row.into_iter().enumerate() {
                data[i + j * height] = v;
            }
        }
        let dims = if height == 0 {
            Dims::empty()
        } else {
            Dims::mat(height, width)
        };
        Ok(Value::cell(Array::new(dims, data)))
    }
}

/// Field `name` of every element of a struct array, as a cs-list.
fn fields_of(v: &Value, name: &str) -> Result<Vec<Value>> {
    match v {
        Value::Struct(s) => s
            .field_values(name)
            .ok_or_else(|| Error::new(format!("structure has no member '{name}'"))),
        other => Err(no_fields(other)),
    }
}
