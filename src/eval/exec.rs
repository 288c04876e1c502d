//! Statements: assignment, display, control flow, try/catch.

use super::assign::{self, Rhs, Step};
use super::compile::CBlock;
use super::expr::{RangeParts, Val};
use super::index::{self, Sub};
use super::{Flow, Interp};
use crate::builtins::construct::Colon;
use crate::error::{Error, Result};
use crate::syntax::ast::*;
use crate::value::{Array, Dims, Value};

impl Interp {
    /// Command syntax (`hold on`, `format long`): the words are char
    /// arguments; an output becomes `ans`.
    pub(super) fn command_statement(
        &mut self,
        name: &str,
        args: &[String],
        quiet: bool,
        span: Span,
    ) -> Result<()> {
        let args: Vec<Value> = args.iter().map(|a| Value::str(a)).collect();
        let outs = self.call_function(name, args, 0, span)?;
        if let Some(v) = outs.into_iter().next() {
            self.assign_var("ans", v.clone());
            if !quiet {
                self.display("ans", &v)?;
            }
        }
        Ok(())
    }

    pub(super) fn expr_statement(&mut self, e: &Expr, quiet: bool) -> Result<()> {
        // A bare variable name displays under its own name.
        if let ExprKind::Ident(name, var) = &e.kind {
            if let Some(v) = self.lookup_ref(name, *var)?.cloned() {
                if !quiet {
                    self.display(name, &v)?;
                }
                return Ok(());
            }
        }
        let outs = self.eval_multi(e, 0)?;
        // A cs-list statement (`c{:}`, `s.a`) sets and shows `ans` for
        // each of its values in turn; a call shows its first output.
        let shown = if super::cslist::is_list(e) {
            outs.len()
        } else {
            1
        };
        for v in outs.into_iter().take(shown) {
            self.assign_var("ans", v);
            if !quiet {
                if let Some(v) = self.slot("ans").cloned() {
                    self.display("ans", &v)?;
                }
            }
        }
        Ok(())
    }

    pub(super) fn assignment(
        &mut self,
        targets: &[LValue],
        value: &Expr,
        quiet: bool,
    ) -> Result<()> {
        if let [target] = targets {
            // `s = [s t ...]` appends in place.
            if let (
                ExprKind::Matrix(rows),
                LValue::Var {
                    name,
                    var,
                    accessors,
                    ..
                },
            ) = (&value.kind, target)
            {
                let row = match &rows[..] {
                    [row] if accessors.is_empty() => &row[..],
                    _ => &[],
                };
                if let [first, rest @ ..] = row {
                    if !rest.is_empty()
                        && matches!(&first.kind, ExprKind::Ident(n, _) if n == name)
                        && self
                            .append_row_fast(name, *var, rest)
                            .map_err(|e| e.at(value.span))?
                    {
                        return self.show_targets(targets, quiet);
                    }
                }
            }
            // `x = a:b:c` keeps Octave's range display (widths from the limit).
            if let (
                ExprKind::Range { start, step, stop },
                LValue::Var {
                    name,
                    var,
                    accessors,
                    ..
                },
            ) = (&value.kind, target)
            {
                if accessors.is_empty() {
                    let (v, limit) = self
                        .eval_range(start, step.as_deref(), stop)
                        .map_err(|e| e.at(value.span))?;
                    self.assign_ref(name, *var, v.clone());
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
            if !may_name_several(target) {
                let rhs = if super::cslist::is_list(value) {
                    self.eval_first(value)?
                } else {
                    match (self.eval_val(value)?, target) {
                        // `x = <scalar>`: in place when `x` holds one.
                        (
                            Val::Num(x),
                            LValue::Var {
                                name,
                                var,
                                accessors,
                                ..
                            },
                        ) if accessors.is_empty() => {
                            self.assign_ref_num(name, *var, x);
                            return self.show_targets(targets, quiet);
                        }
                        (v, _) => v.into_value(),
                    }
                };
                // Only a stored variable not read yet is edited in part.
                let loaded =
                    matches!(target, LValue::Var { var, .. } if self.ref_slot_mut(*var).is_some());
                if let Some(done) = (quiet && !loaded)
                    .then(|| self.try_partial_assign(target, &rhs))
                    .flatten()
                {
                    return done;
                }
                self.assign_lvalue(target, rhs)?;
                return self.show_targets(targets, quiet);
            }
        }
        // Targets that may name several elements (`[c{1:2}] = ...`,
        // `[s.a] = ...`) are resolved first: how many values they take is
        // the number of outputs asked of the right-hand side.
        let mut resolved = Vec::with_capacity(targets.len());
        let mut wanted = 0;
        for t in targets {
            let r = self.resolve_target(t)?;
            wanted += r.as_ref().map_or(1, |r| r.count);
            resolved.push(r);
        }
        let mut outs = if let ([_], 1) = (targets, wanted) {
            vec![self.eval_first(value)?]
        } else {
            self.eval_multi(value, wanted)?
        };
        let needed = wanted - resolved.iter().rev().take_while(|r| r.is_none()).count();
        if outs.len() < needed {
            if let ([t], [_]) = (targets, &outs[..]) {
                // One value for a target naming several (`s.a = 1` on a
                // struct array): the target's own error.
                if let (Some(r), Some(v)) = (resolved.pop().flatten(), outs.pop()) {
                    return self.assign_resolved(t, r, Rhs::One(v));
                }
            }
            return Err(Error::with_id(
                "Octave:undefined-function",
                format!("element number {} undefined in return list", outs.len() + 1),
            ));
        }
        let mut outs = outs.into_iter();
        for (t, r) in targets.iter().zip(resolved) {
            let Some(r) = r else {
                outs.next();
                continue;
            };
            let rhs = if r.count == 1 && !r.list {
                match outs.next() {
                    Some(v) => Rhs::One(v),
                    None => continue,
                }
            } else {
                Rhs::Many(outs.by_ref().take(r.count).collect())
            };
            self.assign_resolved(t, r, rhs)?;
        }
        self.show_targets(targets, quiet)
    }

    /// Display the variables a statement assigned (unless quiet).
    pub(super) fn show_targets(&mut self, targets: &[LValue], quiet: bool) -> Result<()> {
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
        if let LValue::Var {
            name,
            var,
            accessors,
            ..
        } = target
        {
            if accessors.is_empty() {
                self.assign_ref(name, *var, rhs);
                return Ok(());
            }
            if let [Accessor::Paren(args)] = &accessors[..] {
                match self.assign_paren(name, *var, &args[..], rhs)? {
                    Ok(()) => return Ok(()),
                    Err(r) => return self.assign_general(target, r),
                }
            }
        }
        self.assign_general(target, rhs)
    }

    /// `assign_lvalue` by the general path: the target's steps resolved,
    /// then written through.
    pub(super) fn assign_general(&mut self, target: &LValue, rhs: Value) -> Result<()> {
        match self.resolve_target(target)? {
            Some(r) => self.assign_resolved(target, r, Rhs::One(rhs)),
            None => Ok(()),
        }
    }

    /// The steps of an assignment target with their subscripts evaluated
    /// against the variable's current value; `None` for `~`.
    fn resolve_target(&mut self, target: &LValue) -> Result<Option<Resolved>> {
        let LValue::Var {
            name,
            accessors,
            span,
            ..
        } = target
        else {
            return Ok(None);
        };
        if accessors.is_empty() {
            return Ok(Some(Resolved {
                steps: Vec::new(),
                count: 1,
                list: false,
            }));
        }
        if crate::syntax::lexer::is_keyword(name) {
            return Err(Error::new(format!("invalid use of keyword '{name}'")).at(*span));
        }
        if let Some(key) = self.tracked_key(name) {
            self.load_lazy(&key)?;
        }
        self.resolve_accessors(name, accessors)
            .map(Some)
            .map_err(|e| e.in_variable(Some(name)))
    }

    /// Write through a resolved target. The value is taken out of the
    /// workspace so copy-on-write sees a unique owner (no copy of a large
    /// array per element assigned) and put back whatever is there
    /// afterwards: on error it is unchanged.
    fn assign_resolved(&mut self, target: &LValue, r: Resolved, rhs: Rhs) -> Result<()> {
        let LValue::Var { name, .. } = target else {
            return Ok(());
        };
        self.assign_steps(name, r.steps, rhs)
    }

    /// Write through the evaluated steps of a target of variable `name`.
    pub(super) fn assign_steps(&mut self, name: &str, steps: Vec<Step>, rhs: Rhs) -> Result<()> {
        if steps.is_empty() {
            if let Rhs::One(v) = rhs {
                self.assign_var(name, v);
                return Ok(());
            }
        }
        let mut slot = self.take_var(name);
        let before = slot.as_ref().map(|v| (v.class(), v.is_complex(), v.dims()));
        let deletes = matches!(&rhs, Rhs::One(v) if assign::is_null_literal(v));
        let res = assign::apply(&mut slot, &steps, rhs);
        match slot {
            Some(v) if res.is_ok() => {
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
        res.map_err(|e| e.in_variable(Some(name)))
    }

    /// Evaluate the subscripts of an assignment target, walking the current
    /// value (for `end`), and count the elements its last step names.
    fn resolve_accessors(&mut self, name: &str, accessors: &[Accessor]) -> Result<Resolved> {
        let mut cur = self.slot(name).cloned();
        let mut steps = Vec::with_capacity(accessors.len());
        let mut count = 1;
        let mut list = false;
        for (k, acc) in accessors.iter().enumerate() {
            let last = k + 1 == accessors.len();
            let field = match acc {
                Accessor::Field(f) => Some(f.clone()),
                Accessor::DynField(e) => Some(super::expr::field_name(&self.eval(e)?)?),
                _ => None,
            };
            if let Some(f) = field {
                if last {
                    if let Some(Value::Struct(s)) = &cur {
                        count = s.numel();
                        list = true;
                    }
                }
                cur = match cur {
                    Some(Value::Struct(s)) if s.numel() == 1 => s.get(&f).cloned(),
                    _ => None,
                };
                steps.push(Step::Field(f));
                continue;
            }
            let (Accessor::Paren(args) | Accessor::Brace(args)) = acc else {
                continue;
            };
            let dims = cur.as_ref().map(|v| v.dims()).unwrap_or_else(Dims::empty);
            let subs = self.eval_subs(args, &dims)?;
            if let Accessor::Brace(_) = acc {
                if last {
                    count = assign::selection_count(&dims, &subs);
                    list = true;
                } else {
                    cur = match cur {
                        Some(Value::Cell(c)) => match index::one_position(c.dims(), &subs) {
                            Ok(Some(p)) => c.data().get(p).cloned(),
                            _ => None,
                        },
                        _ => None,
                    };
                }
                steps.push(Step::Brace(subs));
            } else {
                if !last {
                    cur = cur.and_then(|v| index::index_value(&v, &subs).ok());
                }
                steps.push(Step::Paren(subs));
            }
        }
        Ok(Resolved { steps, count, list })
    }

    /// Resolve subscripts against a value of the given dims (`end` is known).
    pub(super) fn eval_subs(&mut self, args: &[Expr], dims: &Dims) -> Result<Vec<Sub>> {
        if args.iter().any(super::cslist::is_list) {
            return self.eval_list_subs(args, dims);
        }
        let vals = self.sub_vals(args, dims)?;
        super::fast::to_subs(args, vals)
    }

    /// Subscripts some of which are cs-lists (`x(c{:})`): every value is
    /// one subscript.
    fn eval_list_subs(&mut self, args: &[Expr], dims: &Dims) -> Result<Vec<Sub>> {
        let n = args.len();
        let mut vals = Vec::with_capacity(n);
        for (k, a) in args.iter().enumerate() {
            if let ExprKind::Colon = a.kind {
                vals.push((Value::str(":"), a.span));
                continue;
            }
            self.end_ctx.push((dims.clone(), k, n));
            let v = self.eval_list(a);
            self.end_ctx.pop();
            vals.extend(v?.into_iter().map(|v| (v, a.span)));
        }
        let n = vals.len();
        vals.iter()
            .enumerate()
            .map(|(k, (v, span))| index::to_sub(v, k, n).map_err(|e| e.at(*span)))
            .collect()
    }

    /// `for var = iter`, its body compiled as `body` and, when it has one,
    /// in register form as `regs` (`loops`: run when this frame allows).
    pub(super) fn for_loop(
        &mut self,
        var: &LValue,
        iter: &Expr,
        body: &CBlock,
        regs: Option<&super::loops::RLoop>,
    ) -> Result<Flow> {
        if let ExprKind::Range { start, step, stop } = &iter.kind {
            let parts = self
                .range_parts(start, step.as_deref(), stop)
                .map_err(|e| e.at(iter.span))?;
            if !parts.chars {
                return self.for_range(var, &parts, body, regs);
            }
            let v = parts.value().map_err(|e| e.at(iter.span))?;
            return self.for_columns(var, v, body);
        }
        let v = self.eval(iter)?;
        self.for_columns(var, v, body)
    }

    /// `for i = a:s:b`: the range is walked, never stored (`for i =
    /// 1:1e9` takes no memory), with the same element values the stored
    /// range would have, in its class. An empty range leaves `i` as a 1x0
    /// array of the range's class.
    fn for_range(
        &mut self,
        var: &LValue,
        r: &RangeParts,
        body: &CBlock,
        regs: Option<&super::loops::RLoop>,
    ) -> Result<Flow> {
        if r.class.is_some_and(|c| c.is_integer()) && r.step.fract() != 0.0 {
            return Err(Error::new(
                "colon operator increment invalid (not an integer)",
            ));
        }
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
            let empty = Value::Num(Array::empty_with(Dims::mat(1, 0)));
            let empty = crate::ops::classes::in_class(r.class, empty)?;
            self.assign_lvalue(var, empty)?;
            return Ok(Flow::Normal);
        }
        if let Some(class) = r.class {
            // An integer or single range (`for k = int8(1):3`): each
            // element in the range's class, as the stored range has it.
            for k in 0..colon.len {
                let x = crate::ops::classes::in_class(Some(class), Value::num(colon.get(k)))?;
                if let Some(flow) = self.iteration(var, x, body)? {
                    return Ok(flow);
                }
            }
            return Ok(Flow::Normal);
        }
        let mut first = 0;
        if let Some(l) = regs.filter(|l| self.runs_in_registers(l)) {
            match self.run_loop(l, &colon)? {
                super::loops::Passes::Done(flow) => return Ok(flow),
                super::loops::Passes::From(k) => first = k,
            }
        }
        // The loop variable is written in place while it holds a scalar.
        let counter = match var {
            LValue::Var {
                name,
                var,
                accessors,
                ..
            } if accessors.is_empty() => Some((name, *var)),
            _ => None,
        };
        for k in first..colon.len {
            let x = colon.get(k);
            let flow = match counter {
                Some((name, v)) => {
                    self.interrupted()?;
                    self.assign_ref_num(name, v, x);
                    body.run(self)?
                }
                None => {
                    if let Some(flow) = self.iteration(var, Value::num(x), body)? {
                        return Ok(flow);
                    }
                    continue;
                }
            };
            match flow {
                Flow::Break => return Ok(Flow::Normal),
                Flow::Return => return Ok(Flow::Return),
                _ => {}
            }
        }
        Ok(Flow::Normal)
    }

    /// One pass of a `for` body with the loop variable set to `item`;
    /// `Some` ends the loop with that flow (`break`, `return`).
    fn iteration(&mut self, var: &LValue, item: Value, body: &CBlock) -> Result<Option<Flow>> {
        self.interrupted()?;
        self.assign_lvalue(var, item)?;
        Ok(match body.run(self)? {
            Flow::Break => Some(Flow::Normal),
            Flow::Return => Some(Flow::Return),
            _ => None,
        })
    }

    /// `for x = M`: one column of `M` per iteration.
    fn for_columns(&mut self, var: &LValue, v: Value, body: &CBlock) -> Result<Flow> {
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

    pub(super) fn switch_matches(&mut self, subject: &Value, label: &Expr) -> Result<bool> {
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

/// An assignment target with its subscripts evaluated.
struct Resolved {
    steps: Vec<Step>,
    /// How many values it takes (the elements `c{...}` or `s.f` of a
    /// struct array name; 1 otherwise).
    count: usize,
    /// It ends in `{...}` or a field: a cs-list, even of one element.
    list: bool,
}

/// Whether an assignment target may name several elements: its last step
/// is `{...}` or a field (of a struct array).
fn may_name_several(t: &LValue) -> bool {
    match t {
        LValue::Var { accessors, .. } => matches!(
            accessors.last(),
            Some(Accessor::Brace(_) | Accessor::Field(_) | Accessor::DynField(_))
        ),
        LValue::Tilde(_) => false,
    }
}
