//! Statements: assignment, display, control flow, try/catch.

use super::expr::RangeParts;
use super::index::{self, Sub};
use super::{error_struct, Flow, Interp};
use crate::builtins::construct::Colon;
use crate::error::{Error, Result};
use crate::syntax::ast::*;
use crate::value::{Array, Dims, Value};

impl Interp {
    pub(super) fn exec_block(&mut self, stmts: &[Stmt]) -> Result<Flow> {
        for s in stmts {
            let flow = self.exec_stmt(s)?;
            if flow != Flow::Normal {
                return Ok(flow);
            }
        }
        Ok(Flow::Normal)
    }

    fn exec_stmt(&mut self, s: &Stmt) -> Result<Flow> {
        self.check_interrupt()?;
        super::stack::check().map_err(|e| e.at(s.span))?;
        let flow = self.exec_stmt_inner(s).map_err(|e| e.at(s.span))?;
        self.maybe_checkpoint();
        Ok(flow)
    }

    fn exec_stmt_inner(&mut self, s: &Stmt) -> Result<Flow> {
        match &s.kind {
            StmtKind::Expr(e) => {
                self.expr_statement(e, s.quiet)?;
                Ok(Flow::Normal)
            }
            StmtKind::Assign { targets, value } => {
                self.assignment(targets, value, s.quiet)?;
                Ok(Flow::Normal)
            }
            StmtKind::Command { name, args } => {
                let args: Vec<Value> = args.iter().map(|a| Value::str(a)).collect();
                let outs = self.call_function(name, args, 0, s.span)?;
                if let Some(v) = outs.into_iter().next() {
                    self.assign_var("ans", v.clone());
                    if !s.quiet {
                        self.display("ans", &v)?;
                    }
                }
                Ok(Flow::Normal)
            }
            StmtKind::If { clauses, otherwise } => {
                for (cond, body) in clauses {
                    if self.condition(cond)? {
                        return self.exec_block(body);
                    }
                }
                match otherwise {
                    Some(body) => self.exec_block(body),
                    None => Ok(Flow::Normal),
                }
            }
            StmtKind::For { var, iter, body } => self.for_loop(var, iter, body),
            StmtKind::While { cond, body } => {
                while self.condition(cond)? {
                    self.check_interrupt()?;
                    match self.exec_block(body)? {
                        Flow::Break => break,
                        Flow::Return => return Ok(Flow::Return),
                        _ => {}
                    }
                }
                Ok(Flow::Normal)
            }
            StmtKind::Switch {
                subject,
                cases,
                otherwise,
            } => {
                let v = self.eval(subject)?;
                for (label, body) in cases {
                    if self.switch_matches(&v, label)? {
                        return self.exec_block(body);
                    }
                }
                match otherwise {
                    Some(body) => self.exec_block(body),
                    None => Ok(Flow::Normal),
                }
            }
            StmtKind::Try { body, ident, catch } => match self.exec_block(body) {
                Ok(flow) => Ok(flow),
                Err(e) if e.is_interrupt() => Err(e),
                Err(e) => {
                    self.last_error = Some(e.clone());
                    if let Some(name) = ident {
                        self.assign_var(name, error_struct(&e));
                    }
                    self.exec_block(catch)
                }
            },
            StmtKind::Break => Ok(Flow::Break),
            StmtKind::Continue => Ok(Flow::Continue),
            StmtKind::Return => Ok(Flow::Return),
            StmtKind::Global(names) => {
                for n in names {
                    self.declare_global(n)?;
                }
                Ok(Flow::Normal)
            }
            StmtKind::Persistent(names) => {
                for n in names {
                    self.declare_persistent(n)?;
                }
                Ok(Flow::Normal)
            }
        }
    }

    /// Truth of an `if`/`while` condition (`&&`/`||` short-circuit inside).
    pub(super) fn condition(&mut self, e: &Expr) -> Result<bool> {
        let v = self.eval(e)?;
        v.is_true().map_err(|err| err.at(e.span))
    }

    fn expr_statement(&mut self, e: &Expr, quiet: bool) -> Result<()> {
        // A bare variable name displays under its own name.
        if let ExprKind::Ident(name) = &e.kind {
            if let Some(v) = self.lookup_var(name)?.cloned() {
                if !quiet {
                    self.display(name, &v)?;
                }
                return Ok(());
            }
        }
        let outs = self.eval_multi(e, 0)?;
        if let Some(v) = outs.into_iter().next() {
            self.assign_var("ans", v);
            if !quiet {
                if let Some(v) = self.slot("ans").cloned() {
                    self.display("ans", &v)?;
                }
            }
        }
        Ok(())
    }

    fn assignment(&mut self, targets: &[LValue], value: &Expr, quiet: bool) -> Result<()> {
        if targets.len() == 1 {
            let target = &targets[0];
            // `x = a:b:c` keeps Octave's range display (widths from the limit).
            if let (
                ExprKind::Range { start, step, stop },
                LValue::Var {
                    name, accessors, ..
                },
            ) = (&value.kind, target)
            {
                if accessors.is_empty() {
                    let (v, limit) = self
                        .eval_range(start, step.as_deref(), stop)
                        .map_err(|e| e.at(value.span))?;
                    self.assign_var(name, v.clone());
                    if !quiet {
                        let text = crate::value::display::display_named_range(
                            name,
                            &v,
                            limit,
                            self.state.format,
                            self.state.width,
                        );
                        self.write_out(&text)?;
                    }
                    return Ok(());
                }
            }
            let rhs = self.eval(value)?;
            self.assign_lvalue(target, rhs)?;
            if !quiet {
                if let LValue::Var { name, .. } = target {
                    if let Some(v) = self.slot(name).cloned() {
                        self.display(name, &v)?;
                    }
                }
            }
            return Ok(());
        }
        let outs = self.eval_multi(value, targets.len())?;
        if outs.len()
            < targets
                .iter()
                .rposition(|t| !matches!(t, LValue::Tilde(_)))
                .map(|k| k + 1)
                .unwrap_or(0)
        {
            return Err(Error::with_id(
                "Octave:undefined-function",
                format!("element number {} undefined in return list", outs.len() + 1),
            ));
        }
        for (t, v) in targets.iter().zip(outs) {
            if matches!(t, LValue::Tilde(_)) {
                continue;
            }
            self.assign_lvalue(t, v)?;
        }
        if !quiet {
            for t in targets {
                if let LValue::Var { name, .. } = t {
                    if let Some(v) = self.slot(name).cloned() {
                        self.display(name, &v)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Store `rhs` through an assignment target (`x`, `x(i,j)`, `x.f(k)`...).
    pub(super) fn assign_lvalue(&mut self, target: &LValue, rhs: Value) -> Result<()> {
        let LValue::Var {
            name,
            accessors,
            span,
        } = target
        else {
            return Ok(());
        };
        if accessors.is_empty() {
            self.assign_var(name, rhs);
            return Ok(());
        }
        if crate::syntax::lexer::is_keyword(name) {
            return Err(Error::new(format!("invalid use of keyword '{name}'")).at(*span));
        }
        // First evaluate every subscript against the current value (they may
        // read the variable itself: `v(v < 0) = 0`), then take the value out
        // so copy-on-write sees a unique owner (no copy of a large array per
        // element assigned) and put back whatever is there afterwards: on
        // error it is unchanged.
        if let Some(key) = self.tracked_key(name) {
            self.load_lazy(&key)?;
        }
        let steps = self
            .resolve_accessors(name, accessors)
            .map_err(|e| e.in_variable(Some(name)))?;
        let mut slot = self.take_var(name);
        let before = slot.as_ref().map(|v| (v.class(), v.is_complex(), v.dims()));
        let deletes = is_null_literal(&rhs);
        let r = apply_steps(&mut slot, &steps, rhs);
        match slot {
            Some(v) if r.is_ok() => {
                // An element edit that kept class and shape only dirties the
                // elements it touched: the store then re-encodes just those chunks.
                let same = before.as_ref() == Some(&(v.class(), v.is_complex(), v.dims()));
                match (&steps[..], same && !deletes) {
                    ([Step::Paren(subs)], true) => {
                        let range = index::touched_range(subs, &v.dims());
                        self.assign_var_edited(name, v, range);
                    }
                    _ => self.assign_var(name, v),
                }
            }
            Some(v) => self.slot_put(name, v),
            None => {}
        }
        r.map_err(|e| e.in_variable(Some(name)))
    }

    /// Evaluate the subscripts of an assignment target, walking the current value.
    fn resolve_accessors(&mut self, name: &str, accessors: &[Accessor]) -> Result<Vec<Step>> {
        let mut cur = self.slot(name).cloned();
        let mut steps = Vec::with_capacity(accessors.len());
        for (k, acc) in accessors.iter().enumerate() {
            match acc {
                Accessor::Field(f) => {
                    cur = match cur {
                        Some(Value::Struct(s)) => s.get(f).cloned(),
                        _ => None,
                    };
                    steps.push(Step::Field(f.clone()));
                }
                Accessor::DynField(e) => {
                    let f = super::expr::field_name(&self.eval(e)?)?;
                    cur = match cur {
                        Some(Value::Struct(s)) => s.get(&f).cloned(),
                        _ => None,
                    };
                    steps.push(Step::Field(f));
                }
                Accessor::Brace(_) => {
                    return Err(Error::new("cell arrays are not supported yet"));
                }
                Accessor::Paren(args) => {
                    let dims = cur.as_ref().map(|v| v.dims()).unwrap_or_else(Dims::empty);
                    let subs = self.eval_subs(args, &dims)?;
                    if k + 1 < accessors.len() {
                        cur = cur.and_then(|v| index::index_value(&v, &subs).ok());
                    }
                    steps.push(Step::Paren(subs));
                }
            }
        }
        Ok(steps)
    }

    /// Resolve subscripts against a value of the given dims (`end` is known).
    pub(super) fn eval_subs(&mut self, args: &[Expr], dims: &Dims) -> Result<Vec<Sub>> {
        let n = args.len();
        let mut subs = Vec::with_capacity(n);
        for (k, a) in args.iter().enumerate() {
            if let ExprKind::Colon = a.kind {
                subs.push(Sub::All);
                continue;
            }
            // Fast path: literal numbers.
            if let ExprKind::Number(x) = a.kind {
                let p = index::position(x, k, n).map_err(|e| e.at(a.span))?;
                subs.push(Sub::List {
                    idx: vec![p],
                    shape: Dims::scalar(),
                    logical: false,
                });
                continue;
            }
            self.end_ctx.push((dims.clone(), k, n));
            let v = self.eval(a);
            self.end_ctx.pop();
            let v = v?;
            subs.push(index::to_sub(&v, k, n).map_err(|e| e.at(a.span))?);
        }
        Ok(subs)
    }

    fn for_loop(&mut self, var: &LValue, iter: &Expr, body: &[Stmt]) -> Result<Flow> {
        if let ExprKind::Range { start, step, stop } = &iter.kind {
            let parts = self
                .range_parts(start, step.as_deref(), stop)
                .map_err(|e| e.at(iter.span))?;
            if !parts.chars {
                return self.for_range(var, &parts, body);
            }
            let v = parts.value().map_err(|e| e.at(iter.span))?;
            return self.for_columns(var, v, body);
        }
        let v = self.eval(iter)?;
        self.for_columns(var, v, body)
    }

    /// `for i = a:s:b`: the range is walked, never stored (`for i =
    /// 1:1e9` takes no memory), with the same element values the stored
    /// range would have. An empty range leaves `i` as a 1x0 double.
    fn for_range(&mut self, var: &LValue, r: &RangeParts, body: &[Stmt]) -> Result<Flow> {
        let colon = match Colon::new(r.start, r.step, r.stop) {
            Some(c) => c,
            None => {
                // Octave: an unbounded loop runs until it breaks.
                let steps = i64::MAX as u64;
                crate::error::warn(&format!(
                    "FOR loop limit is infinite, will stop after {steps} steps"
                ));
                Colon::unbounded(r.start, r.step, steps)
            }
        };
        if colon.len == 0 {
            self.assign_lvalue(var, Value::Num(Array::empty_with(Dims::mat(1, 0))))?;
            return Ok(Flow::Normal);
        }
        for k in 0..colon.len {
            if let Some(flow) = self.iteration(var, Value::num(colon.get(k)), body)? {
                return Ok(flow);
            }
        }
        Ok(Flow::Normal)
    }

    /// One pass of a `for` body with the loop variable set to `item`;
    /// `Some` ends the loop with that flow (`break`, `return`).
    fn iteration(&mut self, var: &LValue, item: Value, body: &[Stmt]) -> Result<Option<Flow>> {
        self.check_interrupt()?;
        self.assign_lvalue(var, item)?;
        Ok(match self.exec_block(body)? {
            Flow::Break => Some(Flow::Normal),
            Flow::Return => Some(Flow::Return),
            _ => None,
        })
    }

    /// `for x = M`: one column of `M` per iteration.
    fn for_columns(&mut self, var: &LValue, v: Value, body: &[Stmt]) -> Result<Flow> {
        let dims = v.dims();
        let rows = dims.rows();
        let ncols = if v.is_empty() { 0 } else { dims.trailing() };
        if ncols == 0 {
            // MATLAB leaves the loop variable as an empty value.
            let empty = match &v {
                Value::Num(_) => Value::Num(Array::empty_with(Dims::mat(
                    if rows == 0 { 0 } else { rows },
                    0,
                ))),
                other => other.clone(),
            };
            self.assign_lvalue(var, empty)?;
            return Ok(Flow::Normal);
        }
        for c in 0..ncols {
            if let Some(flow) = self.iteration(var, column_of(&v, c, rows)?, body)? {
                return Ok(flow);
            }
        }
        Ok(Flow::Normal)
    }

    fn switch_matches(&mut self, subject: &Value, label: &Expr) -> Result<bool> {
        if let ExprKind::Cell(rows) = &label.kind {
            for e in rows.iter().flatten() {
                let l = self.eval(e)?;
                if switch_equal(subject, &l)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        let l = self.eval(label)?;
        switch_equal(subject, &l)
    }
}

/// MATLAB's `case` match: strings compare as strcmp, numbers as `==` on scalars.
fn switch_equal(subject: &Value, label: &Value) -> Result<bool> {
    match (subject, label) {
        (Value::Char(a), Value::Char(b)) => {
            Ok(a.data() == b.data() && (a.numel() == 0 || a.dims() == b.dims()))
        }
        (Value::Char(_), _) | (_, Value::Char(_)) => Ok(false),
        _ => {
            if label.is_empty() && subject.is_empty() {
                return Ok(true);
            }
            if label.is_empty() || subject.is_empty() {
                return Ok(false);
            }
            let a = subject.to_complex_array("switch")?;
            let b = label.to_complex_array("switch")?;
            if b.numel() != 1 {
                // A numeric array label matches when the subject equals any element? MATLAB requires scalars.
                return Ok(a.numel() == 1 && b.data().iter().any(|z| *z == a.data()[0]));
            }
            Ok(a.numel() == 1 && a.data()[0] == b.data()[0])
        }
    }
}

/// Column `c` of a value viewed as rows x (all other dims).
fn column_of(v: &Value, c: usize, rows: usize) -> Result<Value> {
    let pick = |n: usize| -> Vec<usize> { (c * rows..c * rows + n).collect() };
    let subs = [Sub::List {
        idx: pick(rows),
        shape: Dims::col(rows),
        logical: false,
    }];
    if rows == 1 {
        if let Value::Num(a) = v {
            return Ok(Value::num(a.data()[c]));
        }
    }
    let col = index::index_value(v, &subs)?;
    Ok(col.reshaped(Dims::col(rows)).unwrap_or_else(Value::empty))
}

/// One resolved step of an assignment target.
enum Step {
    Field(String),
    Paren(Vec<Sub>),
}

/// Assign `rhs` through resolved `steps` into the value in `slot`, in place.
fn apply_steps(slot: &mut Option<Value>, steps: &[Step], rhs: Value) -> Result<()> {
    let Some((first, rest)) = steps.split_first() else {
        *slot = Some(rhs);
        return Ok(());
    };
    match first {
        Step::Field(field) => {
            if !matches!(slot, Some(Value::Struct(_))) {
                match slot {
                    None => {}
                    Some(v) if v.is_empty() => {}
                    Some(v) => {
                        return Err(Error::new(format!(
                        "scalar cannot be indexed with .; cannot set field '{field}' of a {} value",
                        v.class_name()
                    )))
                    }
                }
                *slot = Some(Value::Struct(Box::default()));
            }
            let Some(Value::Struct(s)) = slot else {
                return Err(Error::new("internal error: struct expected"));
            };
            if s.numel() != 1 {
                return Err(Error::new(format!(
                    "invalid use of a N_-D array: cannot set field '{field}' of a {} struct array",
                    s.dims().to_string_x()
                )));
            }
            // Move the field's value out (uniquely owned), keeping its position.
            let found = s.field_index(field);
            fn record(s: &mut crate::value::StructArray) -> Result<&mut [Value]> {
                let rec = s.elems_mut().try_data_mut()?;
                Ok(&mut rec[0][..])
            }
            let mut inner = match found {
                Some(p) => Some(std::mem::replace(&mut record(s)?[p], Value::empty())),
                None => None,
            };
            let r = apply_steps(&mut inner, rest, rhs);
            match (found, inner) {
                (Some(p), Some(v)) => record(s)?[p] = v,
                (None, Some(v)) if r.is_ok() => s.set(field, v),
                _ => {}
            }
            r
        }
        Step::Paren(subs) => {
            if !rest.is_empty() {
                // x(i).f = v on a scalar struct: only x(1) exists.
                let mut cur = index::struct_element(slot.as_ref(), subs)?;
                apply_steps(&mut cur, rest, rhs)?;
                let inner = cur.unwrap_or_else(Value::empty);
                if slot.is_none() || matches!(slot, Some(Value::Struct(_))) {
                    *slot = Some(inner);
                    return Ok(());
                }
                return index::assign_value(slot, subs, &inner);
            }
            // `x(idx) = []` deletes.
            if is_null_literal(&rhs) {
                let new = match slot.as_ref() {
                    Some(b) => index::delete_value(b, subs)?,
                    None => Value::empty(),
                };
                *slot = Some(new);
                return Ok(());
            }
            index::assign_value(slot, subs, &rhs)
        }
    }
}

/// `[]` on the right of an indexed assignment means deletion (only a 0x0 double).
fn is_null_literal(v: &Value) -> bool {
    matches!(v, Value::Num(a) if a.dims().as_slice() == [0, 0])
}
