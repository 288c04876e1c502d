//! Fusion of element-wise expressions: an expression of two or more of
//! `+ - .* ./ * /`, unary minus and calls of `exp`, `sin`, `sqrt`... (the
//! builtins with a `scalar_kernel1`) whose operands are variables and
//! numbers, such as `x.*x + 3*x` or `exp(-x/n).*sin(x)`, runs as one pass
//! over its arrays (`ops::fused`) when, at run time, every variable is a
//! real double array of one size or a scalar, `*` and `/` have a scalar
//! side (so they are element-wise), each function name reaches the
//! builtin, and each function's argument lies inside its real domain. The
//! unfused evaluation writes a whole temporary array per operator or call;
//! the fused one writes only the result. The functions are the builtins'
//! own kernels, which their array forms apply too, so the answers are the
//! same bit for bit (but for the sign of a NaN, which x86 takes from the
//! order of the operands).
//!
//! Anything else (integers, single, complex, logical, sparse, implicit
//! expansion, a size mismatch, a name that is not a variable, `sqrt` of a
//! negative) runs the unfused code instead, which gives the answer or the
//! error. Reading a variable and looking up a name have no effects, so
//! trying first costs nothing but the reads.

use super::compile::CExpr;
use super::expr::Val;
use super::functions::SiteMemo;
use super::Interp;
use crate::error::Result;
use crate::ops::fused::{self, Op, Src, Step, MAX_STEPS};
use crate::syntax::ast::{BinOp, Expr, ExprKind, Span, UnOp, VarRef};
use crate::value::{Array, Value};

/// The operator of a step as written.
#[derive(Clone, Copy)]
enum Kind {
    /// Element-wise in every case.
    Elem(Op),
    /// `*`: element-wise when either side is a scalar.
    MatMul,
    /// `/`: element-wise when the right side is a scalar.
    MatDiv,
}

/// An operand of a step as written.
#[derive(Clone, Copy)]
enum Leaf {
    /// Variable number `i` of the expression.
    Var(usize),
    Num(f64),
    Step(usize),
}

struct PStep {
    kind: Kind,
    a: Leaf,
    b: Leaf,
}

/// A fusable expression: its variables (each once) and its steps, the
/// last giving the value.
pub(super) struct Plan {
    vars: Vec<(String, VarRef, Span)>,
    /// The functions called: each name must reach its builtin.
    calls: Vec<(String, VarRef, SiteMemo)>,
    steps: Vec<PStep>,
}

/// The plan of `e`, if it is worth fusing.
pub(super) fn plan(e: &Expr) -> Option<Plan> {
    if !matches!(e.kind, ExprKind::Binary(..) | ExprKind::Unary(UnOp::Neg, _)) {
        return None;
    }
    let mut p = Plan {
        vars: Vec::new(),
        calls: Vec::new(),
        steps: Vec::new(),
    };
    p.walk(e)?;
    (p.steps.len() >= 2 && !p.vars.is_empty()).then_some(p)
}

impl Plan {
    fn walk(&mut self, e: &Expr) -> Option<Leaf> {
        let step = |p: &mut Plan, kind, a, b| {
            if p.steps.len() >= MAX_STEPS {
                return None;
            }
            p.steps.push(PStep { kind, a, b });
            Some(Leaf::Step(p.steps.len() - 1))
        };
        match &e.kind {
            ExprKind::Number(x) => Some(Leaf::Num(*x)),
            ExprKind::Ident(name, var) => {
                let i = match self.vars.iter().position(|(n, ..)| n == name) {
                    Some(i) => i,
                    None => {
                        self.vars.push((name.clone(), *var, e.span));
                        self.vars.len() - 1
                    }
                };
                Some(Leaf::Var(i))
            }
            ExprKind::Unary(UnOp::Neg, a) => {
                let a = self.walk(a)?;
                step(self, Kind::Elem(Op::Neg), a, a)
            }
            ExprKind::Call { target, args } => {
                let (ExprKind::Ident(name, var), [arg]) = (&target.kind, &args[..]) else {
                    return None;
                };
                // A builtin with a scalar kernel, which its array form
                // applies too (`scalar_kernels_give_the_builtins_bits`).
                let (f, domain) = crate::builtins::math::scalar_kernel1(name)?;
                let a = self.walk(arg)?;
                self.calls.push((name.clone(), *var, SiteMemo::new()));
                step(self, Kind::Elem(Op::Fn(f, domain)), a, a)
            }
            ExprKind::Binary(op, a, b) => {
                let kind = match op {
                    BinOp::Add => Kind::Elem(Op::Add),
                    BinOp::Sub => Kind::Elem(Op::Sub),
                    BinOp::Mul => Kind::Elem(Op::Mul),
                    BinOp::Div => Kind::Elem(Op::Div),
                    BinOp::MatMul => Kind::MatMul,
                    BinOp::MatDiv => Kind::MatDiv,
                    _ => return None,
                };
                let a = self.walk(a)?;
                let b = self.walk(b)?;
                step(self, kind, a, b)
            }
            _ => None,
        }
    }

    /// The compiled expression: the fused pass when the operands allow
    /// it, else `unfused`.
    pub(super) fn compile(self, unfused: CExpr) -> CExpr {
        CExpr::new(move |it| match self.run(it)? {
            Some(v) => Ok(v),
            None => unfused.get(it),
        })
    }

    /// The fused value, or `None` when the operands do not allow it.
    fn run(&self, it: &mut Interp) -> Result<Option<Val>> {
        // Scalars only (a loop's case) or another class: at once, with
        // nothing allocated.
        let mut arrays_seen = false;
        for (_, var, _) in &self.vars {
            match it.peek_ref(*var) {
                Some(Value::Num(a)) => arrays_seen |= a.numel() != 1,
                Some(_) => return Ok(None),
                None => arrays_seen = true,
            }
        }
        if !arrays_seen {
            return Ok(None);
        }
        // A function name that is a variable, or that reaches a user
        // function: unfused (nothing has been evaluated yet).
        for (name, var, site) in &self.calls {
            if it.has_ref(name, *var) || !it.calls_table_builtin_at(name, site)? {
                return Ok(None);
            }
        }
        // Each variable as a scalar or an array (index into `arrays`).
        let mut srcs: Vec<Src> = Vec::with_capacity(self.vars.len());
        let mut arrays: Vec<Array<f64>> = Vec::new();
        for (name, var, span) in &self.vars {
            let v = match it.peek_ref(*var) {
                Some(v) => v.clone(),
                // Not read yet, stored, or not a variable at all (a
                // function call may have effects: leave it unfused).
                None if it.has_ref(name, *var) => it.name_value(name, *var, *span)?.into_value(),
                None => return Ok(None),
            };
            match v {
                Value::Num(a) if a.numel() == 1 => srcs.push(Src::Scalar(a.data()[0])),
                Value::Num(a) => {
                    if arrays.first().is_some_and(|f| f.dims() != a.dims()) {
                        return Ok(None);
                    }
                    srcs.push(Src::Array(arrays.len()));
                    arrays.push(a);
                }
                _ => return Ok(None),
            }
        }
        let Some(first) = arrays.first() else {
            return Ok(None);
        };
        let dims = first.dims().clone();
        // Each step's operands, and whether each step's value is a scalar.
        let mut steps = Vec::with_capacity(self.steps.len());
        let mut scalar = Vec::with_capacity(self.steps.len());
        for s in &self.steps {
            let src = |l: Leaf| match l {
                Leaf::Var(i) => srcs[i],
                Leaf::Num(x) => Src::Scalar(x),
                Leaf::Step(k) => Src::Step(k),
            };
            let is_scalar = |l: Leaf| match l {
                Leaf::Var(i) => matches!(srcs[i], Src::Scalar(_)),
                Leaf::Num(_) => true,
                Leaf::Step(k) => scalar[k],
            };
            let (sa, sb) = (is_scalar(s.a), is_scalar(s.b));
            let op = match s.kind {
                Kind::Elem(op) => op,
                Kind::MatMul if sa || sb => Op::Mul,
                Kind::MatDiv if sb => Op::Div,
                // A matrix product or division: not element-wise.
                Kind::MatMul | Kind::MatDiv => return Ok(None),
            };
            let both = sa && (sb || matches!(op, Op::Neg | Op::Fn(..)));
            steps.push(Step {
                op,
                a: src(s.a),
                b: src(s.b),
            });
            scalar.push(both);
        }
        if scalar.last() == Some(&true) {
            return Ok(None);
        }
        let views: Vec<&[f64]> = arrays.iter().map(|a| a.data()).collect();
        let Some(data) = fused::run(&steps, &views, dims.numel())? else {
            // A function's argument outside its real domain.
            return Ok(None);
        };
        let v = Value::Num(Array::new(dims, data));
        Ok(Some(Val::Value(Box::new(v))))
    }
}
