//! Register loops: a `for` loop over a range runs its scalar statements
//! on registers, not on the frame's variables.
//!
//! The variables a loop nest assigns (its loop variables and the targets
//! of its quiet `name = value` statements) each get a register: a double
//! or logical scalar held unboxed, with a state (`Reg`). The loop's
//! statements are compiled once more, into `RStmt`s whose scalar forms
//! (`scalar::compile_in`) read and write those registers, so the loop's
//! common statement `s = s + i*2` is one closure call over registers:
//! no slot lookup, no flag check, no value written back per pass.
//!
//! A register is empty (the frame's variable is what counts), clean (it
//! holds the frame's value, read on first use) or dirty (it holds a value
//! the frame does not have yet). Whatever the register form does not
//! answer runs as it always does, in its general compiled form, after the
//! registers are flushed (dirty values written to their variables, every
//! register emptied): a statement the scalar path cannot answer (an array
//! or integer value, an error to report, a call), a statement of another
//! kind, a checkpoint or Ctrl-C, the loop's end, an error leaving it. So
//! the frame is as the general form would leave it at every point where
//! anything can look at it; a scalar closure has no effect and is tried
//! first without risk.
//!
//! A loop whose statements mostly run in general form anyway hands its
//! remaining passes to the general loop after a few dozen (`PROBE`).
//!
//! The bookkeeping is the general form's too: an assignment is recorded
//! when its register is flushed, and a register read after the loop wrote
//! it is recorded as a read of its variable then (a variable read from
//! the frame needs its read on record already, as `peek_ref` requires).

use super::compile::{self, CStmt, Cond, PureSubs};
use super::scalar::{self, SExpr};
use super::{Flow, Interp, ATTENTION};
use crate::builtins::construct::Colon;
use crate::error::Result;
use crate::ops::Scalar;
use crate::syntax::ast::*;
use crate::value::Value;
use std::sync::atomic::Ordering;

/// The most registers one loop nest takes; the variables past it stay in
/// the frame (their statements run in general form).
const MOST: usize = 64;

/// The registers of a loop nest: which variable each one holds.
pub(super) struct RegMap {
    /// The resolved body the loop belongs to (`VarRef::scope`).
    scope: u32,
    /// Each register's variable and name.
    vars: Vec<(VarRef, String)>,
}

impl RegMap {
    /// The register that holds `v`, if any.
    pub fn reg(&self, v: VarRef) -> Option<u16> {
        if v.scope != self.scope {
            return None;
        }
        let k = self.vars.iter().position(|(w, _)| w.id == v.id)?;
        Some(k as u16)
    }

    fn add(&mut self, v: VarRef, name: &str) {
        if v.scope == self.scope && self.reg(v).is_none() && self.vars.len() < MOST {
            self.vars.push((v, name.to_string()));
        }
    }
}

/// A register: a double or logical scalar and its state bits.
#[derive(Clone, Copy, Default)]
pub(super) struct Reg {
    x: f64,
    state: u8,
}

/// The register holds a value (clean: the frame's; dirty: newer).
const LIVE: u8 = 1;
/// The register's value is not in the frame yet.
const DIRTY: u8 = 2;
/// The register was read while live.
const READ: u8 = 4;
/// The value is a logical (`x` is 0 or 1).
const BOOL: u8 = 8;

/// After this many passes a loop whose statements mostly ran in general
/// form (a call that is not inlined, a value that is an array) hands its
/// remaining passes to the general loop: flushing the registers around
/// each general statement would cost more than the registers save.
const PROBE: u64 = 64;

/// What running a loop on registers came to: its flow, or the pass the
/// general loop goes on from (the registers flushed).
pub(super) enum Passes {
    Done(Flow),
    From(u64),
}

/// The loop variable's register: the first in the map.
const LOOP_VAR: u16 = 0;

/// A `for` loop's register form.
pub(super) struct RLoop {
    map: RegMap,
    body: Box<[Line]>,
}

/// A statement of a register loop, with its span (for errors).
type Line = (RStmt, Span);

enum RStmt {
    /// `name = value`, quiet: the register and the value's scalar form.
    Set {
        reg: u16,
        code: SExpr,
        general: CStmt,
    },
    /// `A(i, j) = value`, quiet, `A` in the frame.
    Put {
        name: String,
        var: VarRef,
        subs: PureSubs,
        code: SExpr,
        general: CStmt,
    },
    /// Any other statement: run in general form.
    Other(CStmt),
    If(Box<[(Cond, Box<[Line]>)]>, Box<[Line]>),
    While(Cond, Box<[Line]>),
    /// A nested `for` over a range whose ends have scalar forms.
    For {
        reg: u16,
        start: SExpr,
        step: Option<SExpr>,
        stop: SExpr,
        body: Box<[Line]>,
        general: CStmt,
    },
    Break,
    Continue,
    Return,
}

/// The register form of `for var = ...` with body `body`, when it has at
/// least one statement the registers run.
pub(super) fn compile(var: &LValue, body: &[Stmt]) -> Option<RLoop> {
    let LValue::Var {
        name,
        var,
        accessors,
        ..
    } = var
    else {
        return None;
    };
    if !accessors.is_empty() || var.scope == 0 {
        return None;
    }
    let mut map = RegMap {
        scope: var.scope,
        vars: vec![(*var, name.clone())],
    };
    collect(body, &mut map);
    // Checked before anything is compiled: a nest compiled here and then
    // dropped would be compiled again in general form, twice per level.
    if !has_scalar(body, &map) {
        return None;
    }
    let body = lines(body, &map);
    Some(RLoop { map, body })
}

/// Whether statements `list` have one the registers run: a quiet
/// assignment of a register or an element whose value has a scalar form.
fn has_scalar(list: &[Stmt], map: &RegMap) -> bool {
    list.iter().any(|s| match &s.kind {
        StmtKind::Assign { value, .. } => {
            assignment(s, map).is_some() && scalar::compile_in(value, map).is_some()
        }
        StmtKind::If { clauses, otherwise } => {
            clauses.iter().any(|(_, b)| has_scalar(b, map))
                || otherwise.as_deref().is_some_and(|b| has_scalar(b, map))
        }
        StmtKind::While { body, .. } => has_scalar(body, map),
        // (A nested loop over anything else runs in its own form.)
        StmtKind::For { iter, body, .. } if matches!(iter.kind, ExprKind::Range { .. }) => {
            has_scalar(body, map)
        }
        _ => false,
    })
}

/// What a quiet assignment writes when the registers can run it: a
/// register, or an element of an array in the frame (its name, variable
/// and subscripts).
enum Target<'a> {
    Reg(u16),
    Element(&'a String, VarRef, PureSubs),
}

fn assignment<'a>(s: &'a Stmt, map: &RegMap) -> Option<Target<'a>> {
    if let Some((_, var)) = plain_target(s) {
        return map.reg(var).map(Target::Reg);
    }
    match one_target(s)? {
        (name, var, [Accessor::Paren(list)], _) if s.quiet && map.reg(var).is_none() => {
            Some(Target::Element(name, var, PureSubs::in_loop(list, map)?))
        }
        _ => None,
    }
}

/// An assignment to one variable: its name, reference, accessors and
/// value.
fn one_target(s: &Stmt) -> Option<(&String, VarRef, &[Accessor], &Expr)> {
    let StmtKind::Assign { targets, value } = &s.kind else {
        return None;
    };
    match &targets[..] {
        [LValue::Var {
            name,
            var,
            accessors,
            ..
        }] => Some((name, *var, &accessors[..], value)),
        _ => None,
    }
}

/// The plain target of a quiet `name = value` statement.
fn plain_target(s: &Stmt) -> Option<(&String, VarRef)> {
    let (name, var, accessors, value) = one_target(s)?;
    let plain = s.quiet
        && accessors.is_empty()
        && !super::cslist::is_list(value)
        && !matches!(value.kind, ExprKind::Range { .. });
    plain.then_some((name, var))
}

/// Give a register to each variable statements `list` assign plainly.
fn collect(list: &[Stmt], map: &mut RegMap) {
    for s in list {
        if let Some((name, var)) = plain_target(s) {
            map.add(var, name);
        }
        match &s.kind {
            StmtKind::If { clauses, otherwise } => {
                for (_, b) in clauses {
                    collect(b, map);
                }
                if let Some(b) = otherwise {
                    collect(b, map);
                }
            }
            StmtKind::While { body, .. } => collect(body, map),
            StmtKind::For { var, body, .. } => {
                if let LValue::Var {
                    name,
                    var,
                    accessors,
                    ..
                } = var
                {
                    if accessors.is_empty() {
                        map.add(*var, name);
                    }
                }
                collect(body, map);
            }
            _ => {}
        }
    }
}

fn lines(list: &[Stmt], map: &RegMap) -> Box<[Line]> {
    list.iter().map(|s| (rstmt(s, map), s.span)).collect()
}

fn rstmt(s: &Stmt, map: &RegMap) -> RStmt {
    match &s.kind {
        StmtKind::Assign { value, .. } => {
            let code = scalar::compile_in(value, map);
            match (assignment(s, map), code) {
                (Some(Target::Reg(reg)), Some(code)) => RStmt::Set {
                    reg,
                    code,
                    general: compile::assignment_after_scalar(s),
                },
                (Some(Target::Element(name, var, subs)), Some(code)) => RStmt::Put {
                    name: name.clone(),
                    var,
                    subs,
                    code,
                    general: compile::assignment_after_scalar(s),
                },
                _ => RStmt::Other(compile::stmt(s, true)),
            }
        }
        StmtKind::If { clauses, otherwise } => {
            let arms = clauses
                .iter()
                .map(|(c, b)| (Cond::in_loop(c, map), lines(b, map)))
                .collect();
            let other = match otherwise {
                Some(b) => lines(b, map),
                None => Box::new([]),
            };
            RStmt::If(arms, other)
        }
        StmtKind::While { cond, body, .. } => {
            RStmt::While(Cond::in_loop(cond, map), lines(body, map))
        }
        StmtKind::For {
            var: LValue::Var { var, accessors, .. },
            iter,
            body,
            ..
        } if accessors.is_empty() => {
            let parts = match &iter.kind {
                ExprKind::Range { start, step, stop } => {
                    let step = step.as_ref().map(|e| scalar::compile_in(e, map));
                    (
                        map.reg(*var),
                        scalar::compile_in(start, map),
                        step,
                        scalar::compile_in(stop, map),
                    )
                }
                _ => (None, None, None, None),
            };
            match parts {
                (Some(reg), Some(start), step, Some(stop)) if !matches!(step, Some(None)) => {
                    RStmt::For {
                        reg,
                        start,
                        step: step.flatten(),
                        stop,
                        body: lines(body, map),
                        general: compile::stmt(s, false),
                    }
                }
                _ => RStmt::Other(compile::stmt(s, true)),
            }
        }
        StmtKind::Break => RStmt::Break,
        StmtKind::Continue => RStmt::Continue,
        StmtKind::Return => RStmt::Return,
        _ => RStmt::Other(compile::stmt(s, true)),
    }
}

impl Interp {
    /// Whether a register loop can run here: in the frame of the body it
    /// was compiled for, with checkpoints taken by the timer (not after
    /// every statement).
    pub(super) fn runs_in_registers(&self, l: &RLoop) -> bool {
        self.frame().scope == l.map.scope && !self.always_attend
    }

    /// Run loop `l` over the range `colon` (not empty) on fresh registers.
    pub(super) fn run_loop(&mut self, l: &RLoop, colon: &Colon) -> Result<Passes> {
        let base = self.lregs.len();
        self.lregs.resize(base + l.map.vars.len(), Reg::default());
        let caller = std::mem::replace(&mut self.lbase, base);
        let runs = std::mem::take(&mut self.lruns);
        let ran = self.loop_passes(l, colon);
        let flushed = self.lflush(l);
        self.lregs.truncate(base);
        self.lbase = caller;
        self.lruns = runs;
        let passes = ran?;
        flushed?;
        Ok(passes)
    }

    fn loop_passes(&mut self, l: &RLoop, colon: &Colon) -> Result<Passes> {
        self.lwalk(l, LOOP_VAR, colon, &l.body, true)
    }

    /// The passes of a loop (the outermost, `probe`: handed to the general
    /// loop when its statements mostly ran in general form) over `colon`,
    /// its variable in register `reg`.
    fn lwalk(
        &mut self,
        l: &RLoop,
        reg: u16,
        colon: &Colon,
        body: &[Line],
        probe: bool,
    ) -> Result<Passes> {
        for k in 0..colon.len {
            // (Statements by the register form, by the general form.)
            let (scalar, general) = self.lruns;
            if probe && k == PROBE && general * 4 > scalar {
                return Ok(Passes::From(k));
            }
            self.lattend(l)?;
            self.lset(reg, Scalar::Num(colon.get(k)));
            match self.run_lines(body, l)? {
                Flow::Break => break,
                Flow::Return => return Ok(Passes::Done(Flow::Return)),
                _ => {}
            }
        }
        Ok(Passes::Done(Flow::Normal))
    }

    /// A Ctrl-C or a due checkpoint, at a statement or a pass: with the
    /// registers flushed, so the checkpoint sees the loop's values.
    #[inline(always)]
    fn lattend(&mut self, l: &RLoop) -> Result<()> {
        if ATTENTION.load(Ordering::Acquire) {
            self.lflush(l)?;
            self.interrupted()?;
            self.after_statement();
        }
        Ok(())
    }

    fn run_lines(&mut self, lines: &[Line], l: &RLoop) -> Result<Flow> {
        for (s, span) in lines {
            self.lattend(l)?;
            let flow = self.run_rstmt(s, l).map_err(|e| e.at(*span))?;
            if flow != Flow::Normal {
                return Ok(flow);
            }
        }
        Ok(Flow::Normal)
    }

    fn run_rstmt(&mut self, s: &RStmt, l: &RLoop) -> Result<Flow> {
        match s {
            RStmt::Set { reg, code, general } => {
                if let Some(v) = code.run(self) {
                    self.lset(*reg, v);
                    self.lruns.0 += 1;
                    return Ok(Flow::Normal);
                }
                self.lgeneral(general, l)
            }
            RStmt::Put {
                name,
                var,
                subs,
                code,
                general,
            } => {
                if let Some(Scalar::Num(x)) = code.run(self) {
                    if self.put_scalar(name, *var, subs, x)? {
                        subs.note_reads(self);
                        self.lruns.0 += 1;
                        return Ok(Flow::Normal);
                    }
                }
                self.lgeneral(general, l)
            }
            RStmt::Other(general) => self.lgeneral(general, l),
            RStmt::If(arms, other) => {
                for (cond, body) in arms.iter() {
                    if self.lholds(cond, l)? {
                        return self.run_lines(body, l);
                    }
                }
                self.run_lines(other, l)
            }
            RStmt::While(cond, body) => {
                while self.lholds(cond, l)? {
                    self.lattend(l)?;
                    match self.run_lines(body, l)? {
                        Flow::Break => break,
                        Flow::Return => return Ok(Flow::Return),
                        _ => {}
                    }
                }
                Ok(Flow::Normal)
            }
            RStmt::For {
                reg,
                start,
                step,
                stop,
                body,
                general,
            } => {
                let Some(colon) = self.lrange(start, step.as_ref(), stop) else {
                    return self.lgeneral(general, l);
                };
                match self.lwalk(l, *reg, &colon, body, false)? {
                    Passes::Done(flow) => Ok(flow),
                    // (Only the outermost loop probes: never here.)
                    Passes::From(_) => Err(crate::error::Error::new(
                        "internal error: a nested register loop handed off",
                    )),
                }
            }
            RStmt::Break => Ok(Flow::Break),
            RStmt::Continue => Ok(Flow::Continue),
            RStmt::Return => Ok(Flow::Return),
        }
    }

    /// A nested loop's range from the scalar forms of its ends, when each
    /// is a real double and the range is finite and not empty (the others,
    /// and their warnings, are the general form's).
    fn lrange(&mut self, start: &SExpr, step: Option<&SExpr>, stop: &SExpr) -> Option<Colon> {
        let num = |s: Scalar| match s {
            Scalar::Num(x) => Some(x),
            Scalar::Bool(_) => None,
        };
        let a = num(start.run(self)?)?;
        let d = match step {
            Some(e) => num(e.run(self)?)?,
            None => 1.0,
        };
        let b = num(stop.run(self)?)?;
        Colon::new(a, d, b).filter(|c| c.len > 0)
    }

    /// A condition: by its scalar form, else by its general form after a
    /// flush.
    #[inline]
    fn lholds(&mut self, cond: &Cond, l: &RLoop) -> Result<bool> {
        if let Some(b) = cond.scalar_holds(self) {
            self.lruns.0 += 1;
            return Ok(b);
        }
        self.lruns.1 += 1;
        self.lflush(l)?;
        cond.general_holds(self)
    }

    /// A statement in its general form, the registers flushed first.
    fn lgeneral(&mut self, general: &CStmt, l: &RLoop) -> Result<Flow> {
        self.lruns.1 += 1;
        self.lflush(l)?;
        general(self)
    }

    /// Write the dirty registers to their variables (recording their
    /// assignments, and their reads when the loop read them after writing
    /// them), and empty every register.
    fn lflush(&mut self, l: &RLoop) -> Result<()> {
        for (r, (var, name)) in l.map.vars.iter().enumerate() {
            let Some(reg) = self.lregs.get_mut(self.lbase + r) else {
                continue;
            };
            let reg = std::mem::take(reg);
            if reg.state & DIRTY == 0 {
                continue;
            }
            if reg.state & BOOL != 0 {
                self.assign_ref(name, *var, Value::bool(reg.x != 0.0));
            } else {
                self.assign_ref_num(name, *var, reg.x);
            }
            if reg.state & READ != 0 {
                self.note_read(name, *var)?;
            }
        }
        Ok(())
    }

    /// Write register `r`.
    #[inline(always)]
    fn lset(&mut self, r: u16, v: Scalar) {
        if let Some(reg) = self.lregs.get_mut(self.lbase + r as usize) {
            let (x, b) = match v {
                Scalar::Num(x) => (x, 0),
                Scalar::Bool(b) => (f64::from(u8::from(b)), BOOL),
            };
            reg.x = x;
            reg.state = LIVE | DIRTY | b | (reg.state & READ);
        }
    }

    /// Read register `r`, which holds variable `var` (an empty one takes
    /// the frame's value when it is a double or logical scalar whose read
    /// is on record; `None`: the general form reads it).
    #[inline(always)]
    pub(super) fn lreg(&mut self, r: u16, var: VarRef) -> Option<Scalar> {
        let k = self.lbase + r as usize;
        let reg = self.lregs.get_mut(k)?;
        if reg.state & LIVE != 0 {
            reg.state |= READ;
            return Some(if reg.state & BOOL == 0 {
                Scalar::Num(reg.x)
            } else {
                Scalar::Bool(reg.x != 0.0)
            });
        }
        self.lload(k, var)
    }

    #[inline(never)]
    fn lload(&mut self, k: usize, var: VarRef) -> Option<Scalar> {
        let (x, b) = match self.peek_ref(var)? {
            Value::Num(a) => (*a.inline_scalar()?, 0),
            Value::Bool(a) => (f64::from(u8::from(*a.inline_scalar()?)), BOOL),
            _ => return None,
        };
        let reg = self.lregs.get_mut(k)?;
        reg.x = x;
        reg.state = LIVE | b;
        Some(if b == 0 {
            Scalar::Num(x)
        } else {
            Scalar::Bool(x != 0.0)
        })
    }

    /// Register `r` (variable `var`) as a double subscript, without
    /// recording the read (`note_reads` does, once the subscript is used).
    #[inline]
    pub(super) fn lreg_num(&self, r: u16, var: VarRef) -> Option<f64> {
        let reg = self.lregs.get(self.lbase + r as usize)?;
        if reg.state & LIVE != 0 {
            return (reg.state & BOOL == 0).then_some(reg.x);
        }
        match self.peek_ref(var)? {
            Value::Num(a) => a.inline_scalar().copied(),
            _ => None,
        }
    }

    /// Record that register `r` was read.
    #[inline]
    pub(super) fn lreg_note_read(&mut self, r: u16) {
        if let Some(reg) = self.lregs.get_mut(self.lbase + r as usize) {
            reg.state |= READ;
        }
    }
}
