//! The one evaluator: every statement and expression runs as a closure
//! it was compiled into once, with the decisions a tree walk would make at
//! every visit (which kind of node, which operand shapes, which assignment
//! form) taken when compiling. A compiled form is kept with the parsed code
//! (`ast::Code`): a command line, script or function file is compiled once
//! per version; an expression evaluated from its syntax (a subscript of an
//! assignment's target, an anonymous function's body, a `switch` label) is
//! compiled at its first evaluation and kept in its node (`Expr::code`,
//! `Interp::eval_val`/`eval_multi`). Nothing walks the syntax tree to
//! evaluate it.
//!
//! The forms loops live on (numbers, variables, operators, element reads
//! and writes, scalar builtins, growth, text building, control flow) are
//! closures specialized to their operands. The others (ranges, matrix and
//! cell literals, cs-lists, indexing chains, calls with cs-list arguments,
//! command syntax, multiple and nested assignments) are closures that hand
//! their parts to the interpreter's operation for that kind (`expr.rs`,
//! `cslist.rs`, `exec.rs`, `assign.rs`), whose sub-expressions run in their
//! own compiled forms: each construct has one meaning.
//!
//! A chain of operators (`a + b + c ...`, generated code sums thousands of
//! terms) is folded into one node, so neither compiling nor running it
//! recurses per term: recursion is bounded by the parser's nesting limits.

use super::expr::{binary_val, first_output, logical_of, truth, unary_val, Val};
use super::fast::{ArgShape, Args};
use super::functions::SiteMemo;
use super::scalar::{self, SExpr};
use super::{Flow, Interp};
use crate::error::{Error, Result};
use crate::ops::Scalar;
use crate::syntax::ast::*;
use crate::value::Value;

/// What a compiled expression runs.
type ExprFn = dyn Fn(&mut Interp) -> Result<Val>;

/// A compiled expression: evaluates to exactly one value.
pub(super) struct CExpr(Box<ExprFn>);

impl CExpr {
    pub(super) fn new(f: impl Fn(&mut Interp) -> Result<Val> + 'static) -> CExpr {
        CExpr(Box::new(f))
    }
    #[inline(always)]
    pub(super) fn get(&self, it: &mut Interp) -> Result<Val> {
        (self.0)(it)
    }
}

/// A compiled statement (without the per-statement bookkeeping, which
/// `CBlock` adds).
pub(super) type CStmt = Box<dyn Fn(&mut Interp) -> Result<Flow>>;

/// A compiled block: its statements in order, each checked for a Ctrl-C
/// before it runs, its errors placed at it, and a checkpoint taken after
/// it when one is due.
pub(super) struct CBlock(Box<[(CStmt, Span)]>);

impl CBlock {
    #[inline]
    pub fn run(&self, it: &mut Interp) -> Result<Flow> {
        if self.0.is_empty() {
            // A loop with an empty body still takes its checkpoints (and
            // so shows output held for them, in pipe mode).
            it.after_statement();
        }
        for (s, span) in self.0.iter() {
            it.interrupted()?;
            let flow = s(it).map_err(|e| e.at(*span))?;
            it.after_statement();
            if flow != Flow::Normal {
                return Ok(flow);
            }
        }
        Ok(Flow::Normal)
    }
}

/// Compile a block of statements.
pub(super) fn block(stmts: &[Stmt]) -> CBlock {
    block_in(stmts, true)
}

/// Compile a block of statements; `loops`: its `for` loops may also take
/// a register form (`loops`). A loop's fallback form is compiled without,
/// so a nest of loops is compiled in two forms, not two per level.
fn block_in(stmts: &[Stmt], loops: bool) -> CBlock {
    CBlock(stmts.iter().map(|s| (stmt(s, loops), s.span)).collect())
}

impl Interp {
    /// Run a command line, a script or `eval`'d text: compiled, then run
    /// (a script's compiled form is kept with its parsed file).
    pub(super) fn run_program(&mut self, prog: &Program) -> Result<Flow> {
        match prog.code.get_or_make(|| block(&prog.body)) {
            Some(c) => c.run(self),
            None => Err(Error::new("internal error: a program's compiled form")),
        }
    }
}

/// An argument or subscript, compiled, with what the fast paths need to
/// know of its form.
pub(super) struct CArg {
    shape: Shape,
    code: CExpr,
    span: Span,
}

enum Shape {
    Colon,
    Number(f64),
    Name(String, VarRef),
    Other,
}

impl CArg {
    #[inline]
    pub fn eval(&self, it: &mut Interp) -> Result<Val> {
        self.code.get(it)
    }
    /// Its value as a call's argument: a variable whose read is on record
    /// is copied from its slot (its elements shared), not boxed into a
    /// `Val` and unboxed again.
    #[inline]
    pub fn value(&self, it: &mut Interp) -> Result<Value> {
        if let Shape::Name(_, var) = &self.shape {
            if let Some(v) = it.peek_ref(*var) {
                return Ok(v.clone());
            }
        }
        Ok(self.code.get(it)?.into_value())
    }
}

impl Args for [CArg] {
    fn count(&self) -> usize {
        self.len()
    }
    fn any_list(&self) -> bool {
        // Compiled argument lists never hold one (see `args`).
        false
    }
    fn span(&self, k: usize) -> Span {
        self.get(k).map(|a| a.span).unwrap_or_default()
    }
    fn shape(&self, k: usize) -> ArgShape<'_> {
        match self.get(k).map(|a| &a.shape) {
            Some(Shape::Colon) => ArgShape::Colon,
            Some(Shape::Number(x)) => ArgShape::Number(*x),
            Some(Shape::Name(n, v)) => ArgShape::Name(n, *v),
            _ => ArgShape::Other,
        }
    }
    #[inline]
    fn eval(&self, it: &mut Interp, k: usize) -> Result<Val> {
        match self.get(k) {
            Some(a) => a.code.get(it),
            None => Err(Error::new("internal error: argument out of range")),
        }
    }
}

/// Compile an argument list; `None` when one is a cs-list (those go by the
/// general path, which spreads them).
pub(super) fn args(list: &[Expr]) -> Option<Box<[CArg]>> {
    if list.iter().any(super::cslist::is_list) {
        return None;
    }
    Some(
        list.iter()
            .map(|a| CArg {
                shape: match &a.kind {
                    ExprKind::Colon => Shape::Colon,
                    ExprKind::Number(x) => Shape::Number(*x),
                    ExprKind::Ident(n, v) => Shape::Name(n.clone(), *v),
                    _ => Shape::Other,
                },
                code: expr(a),
                span: a.span,
            })
            .collect(),
    )
}

/// One or two subscripts that are literals, names or `end` plus or minus
/// a literal: reading them has no effect when each name is a variable
/// whose read is on record, so an element read or write can try them
/// first and, when they are not plain positions, leave everything to the
/// general path.
pub(super) struct PureSubs([Pure; 2], usize);

#[derive(Clone, Copy)]
enum Pure {
    Lit(f64),
    Name(VarRef),
    /// A register loop's register (`loops`), and the variable it holds.
    Reg(u16, VarRef),
    /// `end + c` (`end`, `end+1`, `end-1`): the extent this subscript
    /// stands for in the indexed array, plus `c`.
    End(f64),
}

impl PureSubs {
    pub fn of(list: &[Expr]) -> Option<PureSubs> {
        PureSubs::with(list, None)
    }

    /// The subscripts of a register loop, whose names in `regs` are read
    /// from its registers.
    pub fn in_loop(list: &[Expr], regs: &super::loops::RegMap) -> Option<PureSubs> {
        PureSubs::with(list, Some(regs))
    }

    fn with(list: &[Expr], regs: Option<&super::loops::RegMap>) -> Option<PureSubs> {
        let one = |e: &Expr| match &e.kind {
            ExprKind::Number(x) => Some(Pure::Lit(*x)),
            ExprKind::Ident(_, v) => Some(match regs.and_then(|m| m.reg(*v)) {
                Some(r) => Pure::Reg(r, *v),
                None => Pure::Name(*v),
            }),
            ExprKind::End => Some(Pure::End(0.0)),
            ExprKind::Binary(op @ (BinOp::Add | BinOp::Sub), a, b) => {
                match (&a.kind, &b.kind, op) {
                    (ExprKind::End, ExprKind::Number(c), BinOp::Add) => Some(Pure::End(*c)),
                    (ExprKind::End, ExprKind::Number(c), _) => Some(Pure::End(-*c)),
                    (ExprKind::Number(c), ExprKind::End, BinOp::Add) => Some(Pure::End(*c)),
                    _ => None,
                }
            }
            _ => None,
        };
        match list {
            [a] => Some(PureSubs([one(a)?, Pure::Lit(1.0)], 1)),
            [a, b] => Some(PureSubs([one(a)?, one(b)?], 2)),
            _ => None,
        }
    }

    /// The positions `positions` gave, as many as there are subscripts.
    #[inline]
    pub fn subs<'a>(&self, idx: &'a [usize; 2]) -> &'a [usize] {
        &idx[..self.1]
    }

    /// Whether a subscript is `end`-relative (its position needs the
    /// indexed array's dimensions).
    #[inline]
    pub fn has_end(&self) -> bool {
        self.0[..self.1].iter().any(|p| matches!(p, Pure::End(_)))
    }

    /// Record that the subscripts read their registers (a register loop's
    /// provenance: `loops`); nothing for the others.
    #[inline]
    pub fn note_reads(&self, it: &mut Interp) {
        for p in &self.0[..self.1] {
            if let Pure::Reg(r, _) = p {
                it.lreg_note_read(*r);
            }
        }
    }

    /// `x(end+1)`: one subscript, `end` plus one.
    #[inline]
    pub fn is_append(&self) -> bool {
        self.1 == 1 && matches!(self.0[0], Pure::End(c) if c == 1.0)
    }

    /// The 0-based positions, when every subscript is a positive integer
    /// (read without bookkeeping); `end` means the extent in `dims` (the
    /// indexed array's; none: no position for an `end` subscript).
    #[inline]
    pub fn positions(&self, it: &Interp, dims: Option<&crate::value::Dims>) -> Option<[usize; 2]> {
        let n = self.1;
        let get = |p: Pure, k: usize| match p {
            Pure::Lit(x) => super::fast::as_index(x),
            Pure::Name(v) => match it.peek_ref(v) {
                Some(Value::Num(a)) => super::fast::as_index(*a.inline_scalar()?),
                _ => None,
            },
            Pure::Reg(r, v) => super::fast::as_index(it.lreg_num(r, v)?),
            Pure::End(c) => super::fast::as_index(super::index::end_extent(dims?, k, n) as f64 + c),
        };
        Some([
            get(self.0[0], 0)?,
            if n == 2 { get(self.0[1], 1)? } else { 0 },
        ])
    }
}

// ----- expressions -----

/// An operand whose form is known when compiling, so reading it is inlined
/// into the operator's closure.
trait Operand: 'static {
    fn get(&self, it: &mut Interp) -> Result<Val>;
}

/// A number literal.
struct Lit(f64);

impl Operand for Lit {
    #[inline(always)]
    fn get(&self, _: &mut Interp) -> Result<Val> {
        Ok(Val::Num(self.0))
    }
}

/// A name: read from its slot when that needs no bookkeeping, else by
/// `name_value` (a base variable's first read, a global, a function call).
struct Name(VarRef, String, Span);

impl Operand for Name {
    #[inline(always)]
    fn get(&self, it: &mut Interp) -> Result<Val> {
        match it.peek_ref(self.0) {
            Some(v) => {
                // The loop's case, checked inline; `of_ref` is not inlined.
                if let Value::Num(a) = v {
                    if let Some(&x) = a.inline_scalar() {
                        return Ok(Val::Num(x));
                    }
                }
                Ok(Val::of_ref(v))
            }
            None => it.name_value(&self.1, self.0, self.2),
        }
    }
}

impl Operand for CExpr {
    #[inline(always)]
    fn get(&self, it: &mut Interp) -> Result<Val> {
        (self.0)(it)
    }
}

/// An operand compiled according to its form.
enum Opd {
    Lit(Lit),
    Name(Name),
    Code(CExpr),
}

fn operand(e: &Expr) -> Opd {
    match &e.kind {
        ExprKind::Number(x) => Opd::Lit(Lit(*x)),
        ExprKind::Ident(name, var) => Opd::Name(Name(*var, name.clone(), e.span)),
        _ => Opd::Code(expr(e)),
    }
}

fn bin<A: Operand, B: Operand>(op: BinOp, a: A, b: B, span: Span) -> CExpr {
    CExpr::new(move |it| {
        let x = a.get(it)?;
        let y = b.get(it)?;
        if let (Val::Num(x), Val::Num(y)) = (&x, &y) {
            if let Some(s) = crate::ops::scalar_binary(op, *x, *y) {
                return Ok(s.into());
            }
        }
        binary_val(op, x, y).map_err(|err| err.at(span))
    })
}

/// `a op b`, specialized to the forms of its operands.
fn binary(op: BinOp, a: &Expr, b: &Expr, span: Span) -> CExpr {
    match (operand(a), operand(b)) {
        (Opd::Name(x), Opd::Lit(y)) => bin(op, x, y, span),
        (Opd::Name(x), Opd::Name(y)) => bin(op, x, y, span),
        (Opd::Name(x), Opd::Code(y)) => bin(op, x, y, span),
        (Opd::Lit(x), Opd::Name(y)) => bin(op, x, y, span),
        (Opd::Lit(x), Opd::Code(y)) => bin(op, x, y, span),
        (Opd::Lit(x), Opd::Lit(y)) => bin(op, x, y, span),
        (Opd::Code(x), Opd::Lit(y)) => bin(op, x, y, span),
        (Opd::Code(x), Opd::Name(y)) => bin(op, x, y, span),
        (Opd::Code(x), Opd::Code(y)) => bin(op, x, y, span),
    }
}

/// Compile an expression: fused when it is a chain of element-wise
/// operators over variables and numbers (`fuse`), else by its form.
pub(super) fn expr(e: &Expr) -> CExpr {
    match super::fuse::plan(e) {
        Some(p) => p.compile(expr_by_form(e)),
        None => expr_by_form(e),
    }
}

/// Compile an expression by its form.
fn expr_by_form(e: &Expr) -> CExpr {
    let span = e.span;
    match &e.kind {
        ExprKind::Number(x) => {
            let x = *x;
            CExpr::new(move |_| Ok(Val::Num(x)))
        }
        ExprKind::Ident(name, var) => {
            let n = Name(*var, name.clone(), span);
            CExpr::new(move |it| n.get(it))
        }
        ExprKind::Imaginary(x) => constant(Value::Complex(crate::value::Array::scalar(
            crate::value::C64::new(0.0, *x),
        ))),
        ExprKind::Colon => constant(Value::str(":")),
        ExprKind::FuncHandle(name) => {
            constant(Value::func(crate::value::Func::Named(name.clone())))
        }
        ExprKind::End => CExpr::new(move |it| match it.end_ctx.last() {
            Some((dims, k, n)) => Ok(Val::Num(super::index::end_extent(dims, *k, *n) as f64)),
            None => Err(Error::new(
                "invalid use of 'end': may only be used to index existing value",
            )
            .at(span)),
        }),
        ExprKind::Postfix(op, a) => {
            let (op, a) = (*op, expr(a));
            CExpr::new(move |it| {
                let v = a.get(it)?.into_value();
                crate::ops::postfix(op, &v)
                    .map(Val::of)
                    .map_err(|err| err.at(span))
            })
        }
        ExprKind::Range { start, step, stop } => {
            let (start, step, stop) = (
                (**start).clone(),
                step.as_deref().cloned(),
                (**stop).clone(),
            );
            CExpr::new(move |it| {
                let (v, _) = it
                    .eval_range(&start, step.as_ref(), &stop)
                    .map_err(|err| err.at(span))?;
                Ok(Val::of(v))
            })
        }
        // `[a b; c d]` of elements that are no cs-lists: compiled (each
        // element once), and built directly when every element is a real
        // double scalar.
        ExprKind::Matrix(rows)
            if !rows.is_empty()
                && rows
                    .iter()
                    .all(|r| !r.is_empty() && !r.iter().any(super::cslist::is_list)) =>
        {
            let lens: Box<[usize]> = rows.iter().map(Vec::len).collect();
            let elems: Box<[CArg]> = rows.iter().filter_map(|r| args(r)).flatten().collect();
            CExpr::new(move |it| {
                super::stack::check().map_err(|err| err.at(span))?;
                let vals = elements(it, &elems)?;
                matrix_from(vals, &lens)
                    .map(Val::of)
                    .map_err(|err| err.at(span))
            })
        }
        ExprKind::Matrix(rows) => {
            let rows = rows.clone();
            CExpr::new(move |it| {
                super::stack::check().map_err(|err| err.at(span))?;
                it.matrix_literal(&rows)
                    .map(Val::of)
                    .map_err(|err| err.at(span))
            })
        }
        ExprKind::Cell(rows) => {
            let rows = rows.clone();
            CExpr::new(move |it| {
                super::stack::check().map_err(|err| err.at(span))?;
                it.cell_literal(&rows)
                    .map(Val::of)
                    .map_err(|err| err.at(span))
            })
        }
        // A cs-list where one value is needed (an operand, a condition):
        // a list of any other length is an error.
        ExprKind::Brace { .. } | ExprKind::Field { .. } | ExprKind::DynField { .. } => {
            let list = many(e);
            CExpr::new(move |it| {
                let mut vs = list.run(it, 1)?;
                match vs.len() {
                    1 => Ok(Val::of(vs.pop().unwrap_or_else(Value::empty))),
                    n => Err(Error::new(format!(
                        "a cs-list of {n} values cannot be used where one value is needed"
                    ))
                    .at(span)),
                }
            })
        }
        ExprKind::AnonFunc(a) => {
            let a = a.clone();
            CExpr::new(move |it| {
                super::stack::check().map_err(|err| err.at(span))?;
                it.make_anon(&a).map(Val::of).map_err(|err| err.at(span))
            })
        }
        // A string literal is made once; each use shares its elements.
        ExprKind::Str { text, .. } => {
            let v = Value::str(text);
            CExpr::new(move |_| Ok(Val::Value(Box::new(v.clone()))))
        }
        ExprKind::Binary(op @ (BinOp::AndAnd | BinOp::OrOr), a, b) => {
            let (op, a, b) = (*op, expr(a), expr(b));
            let (sa, sb) = (span_of(e, true), span_of(e, false));
            let short = op == BinOp::OrOr;
            CExpr::new(move |it| {
                let l = logical_of(a.get(it)?, op, sa)?;
                if l == short {
                    return Ok(Val::Bool(short));
                }
                Ok(Val::Bool(logical_of(b.get(it)?, op, sb)?))
            })
        }
        ExprKind::Binary(op, a, b) if matches!(a.kind, ExprKind::Binary(l, ..) if !l.short_circuit()) => {
            chain(*op, a, b, span)
        }
        ExprKind::Binary(op, a, b) => binary(*op, a, b, span),
        ExprKind::Unary(op, a) => {
            let (op, a) = (*op, expr(a));
            CExpr::new(move |it| {
                let v = a.get(it)?;
                unary_val(op, v).map_err(|err| err.at(span))
            })
        }
        ExprKind::Call { target, args: list } => {
            // The general call (several values asked of it, one kept).
            let whole = many(e);
            let callee = describe_callee(e);
            let (ExprKind::Ident(name, var), Some(cargs)) = (&target.kind, args(list)) else {
                return CExpr::new(move |it| {
                    let outs = whole.run(it, 1)?;
                    first_output(outs, &callee)
                        .map(Val::of)
                        .map_err(|err| err.at(span))
                });
            };
            // A call by name with plain arguments (not `display`, which
            // looks at its argument's form, nor a size query a stored
            // variable may answer unread) is made here with the compiled
            // arguments when the name is not a variable.
            let plain = name != "display" && !super::partial::is_metadata_query(name);
            let pure = PureSubs::of(list);
            let (name, var) = (name.clone(), *var);
            // `mod(k, 2)`, `floor(x / 2)`: a builtin with a scalar kernel
            // for this many arguments (known when compiling) runs it on
            // real double scalars once the name is known to be no variable
            // and to reach the builtin (asked once per command here).
            if let Some(kernel) = super::fast::Kernel::of(&name, cargs.len()) {
                let site = SiteMemo::new();
                return CExpr::new(move |it| {
                    if !it.has_ref(&name, var) && it.calls_table_builtin_at(&name, &site)? {
                        return it.run_kernel(&name, kernel, &cargs[..], span);
                    }
                    if let Some(v) = it.call_or_index_fast(&name, var, &cargs[..], span)? {
                        return Ok(v);
                    }
                    let outs = whole.run(it, 1)?;
                    first_output(outs, &callee)
                        .map(Val::of)
                        .map_err(|err| err.at(span))
                });
            }
            let format = super::text::FormatSite::of(&name, var, list, span);
            let site = SiteMemo::new();
            CExpr::new(move |it| {
                // `sprintf('...', ...)`: its format parsed when compiling.
                if let Some(f) = &format {
                    if f.live(it)? {
                        return Ok(Val::Value(Box::new(f.value(it)?)));
                    }
                }
                // `A(i, j)`: one element of a real double array, read where it lies.
                if let (Some(p), Some(Value::Num(a))) = (&pure, it.peek_ref(var)) {
                    if let Some(idx) = p.positions(it, Some(a.dims())) {
                        if let Some(k) = super::fast::element_pos(a.dims(), &idx[..p.1]) {
                            return Ok(Val::Num(a.data()[k]));
                        }
                    }
                }
                // (The name has no scalar kernel: see above.)
                let is_var = it.has_ref(&name, var);
                if is_var {
                    if let Some(v) = it.call_or_index_fast(&name, var, &cargs[..], span)? {
                        return Ok(v);
                    }
                }
                super::stack::check().map_err(|err| err.at(span))?;
                if plain && !is_var {
                    let mut vals = it.arg_vec();
                    for a in cargs.iter() {
                        vals.push(a.value(it)?);
                    }
                    // A user function is found once per command here.
                    let user = it
                        .user_function_at(&name, &site)
                        .map_err(|err| err.at(span))?;
                    if let Some((unit, k)) = &user {
                        return it
                            .call_user_value(&name, unit, *k, vals)
                            .map(Val::of)
                            .map_err(|err| err.at(span));
                    }
                    let outs = match site.builtin() {
                        Some((b, graphics)) => it.call_table(&name, b, graphics, vals, 1),
                        None => it.call_function(&name, vals, 1, span),
                    }
                    .map_err(|err| err.at(span))?;
                    return super::expr::first_output(outs, &name)
                        .map(Val::of)
                        .map_err(|err| err.at(span));
                }
                let outs = whole.run(it, 1)?;
                first_output(outs, &callee)
                    .map(Val::of)
                    .map_err(|err| err.at(span))
            })
        }
    }
}

/// The values of a matrix literal's elements, in order.
fn elements(it: &mut Interp, elems: &[CArg]) -> Result<smallvec::SmallVec<[Val; 8]>> {
    let mut vals = smallvec::SmallVec::new();
    for a in elems {
        vals.push(a.eval(it)?);
    }
    Ok(vals)
}

/// The matrix literal whose elements evaluated to `vals`, row by row
/// (`lens` of them in each row).
fn matrix_from(vals: smallvec::SmallVec<[Val; 8]>, lens: &[usize]) -> Result<Value> {
    let cols = lens.first().copied().unwrap_or(0);
    if lens.iter().all(|&l| l == cols) {
        if let Some(v) = scalar_matrix(&vals, lens.len(), cols) {
            return Ok(v);
        }
    }
    let mut vals = vals.into_iter().map(Val::into_value);
    let rows = lens
        .iter()
        .map(|&l| vals.by_ref().take(l).collect())
        .collect();
    Interp::matrix_of(rows)
}

/// The `rows` x `cols` matrix of `vals` (given row by row) when every one
/// is a real double scalar.
fn scalar_matrix(vals: &[Val], rows: usize, cols: usize) -> Option<Value> {
    let mut data = crate::ops::alloc_vec(vals.len()).ok()?;
    data.resize(vals.len(), 0.0);
    for (k, v) in vals.iter().enumerate() {
        let Val::Num(x) = v else {
            return None;
        };
        // Row `k / cols`, column `k % cols`, stored by columns.
        *data.get_mut(k / cols + (k % cols) * rows)? = *x;
    }
    Some(Value::Num(crate::value::Array::new(
        crate::value::Dims::new(&[rows, cols]),
        data,
    )))
}

/// A constant's compiled form: each use shares its elements.
fn constant(v: Value) -> CExpr {
    CExpr::new(move |_| Ok(Val::Value(Box::new(v.clone()))))
}

/// Compile an expression asked for several values: a call or bare name
/// (`[a, b] = f(x)`, a statement's call asked for none), a cs-list (`c{:}`,
/// `s.f` of a struct array); any other expression gives its one value.
fn many(e: &Expr) -> CMany {
    let span = e.span;
    match &e.kind {
        ExprKind::Ident(name, var) => {
            let (name, var) = (name.clone(), *var);
            CMany::new(move |it, nargout| it.name_values(&name, var, nargout, span))
        }
        ExprKind::Call { target, args } => {
            let args = args.clone();
            match &target.kind {
                ExprKind::Ident(name, var) => {
                    let (name, var) = (name.clone(), *var);
                    CMany::new(move |it, nargout| it.call_named(&name, var, &args, nargout, span))
                }
                _ => {
                    let target = (**target).clone();
                    CMany::new(move |it, nargout| it.call_indexed(&target, &args, nargout, span))
                }
            }
        }
        ExprKind::Brace { target, args } => {
            let (target, args) = ((**target).clone(), args.clone());
            CMany::new(move |it, _| {
                super::stack::check().map_err(|err| err.at(span))?;
                it.brace_list(&target, &args).map_err(|err| err.at(span))
            })
        }
        ExprKind::Field { target, name } => {
            let (target, name) = ((**target).clone(), name.clone());
            CMany::new(move |it, _| {
                super::stack::check().map_err(|err| err.at(span))?;
                it.field_list(&target, &name).map_err(|err| err.at(span))
            })
        }
        ExprKind::DynField { target, name } => {
            let (target, name) = ((**target).clone(), (**name).clone());
            CMany::new(move |it, _| {
                super::stack::check().map_err(|err| err.at(span))?;
                it.dyn_field_list(&target, &name)
                    .map_err(|err| err.at(span))
            })
        }
        _ => {
            let one = expr(e);
            CMany::new(move |it, _| Ok(vec![one.get(it)?.into_value()]))
        }
    }
}

/// What a compiled expression asked for several values runs (the number
/// of values asked for is its argument).
type ManyFn = dyn Fn(&mut Interp, usize) -> Result<Vec<Value>>;

/// A compiled expression that may stand for several values.
pub(super) struct CMany(Box<ManyFn>);

impl CMany {
    fn new(f: impl Fn(&mut Interp, usize) -> Result<Vec<Value>> + 'static) -> CMany {
        CMany(Box::new(f))
    }
    #[inline(always)]
    fn run(&self, it: &mut Interp, nargout: usize) -> Result<Vec<Value>> {
        (self.0)(it, nargout)
    }
}

/// The compiled forms of an expression evaluated from its syntax (by a
/// statement the interpreter runs from its syntax, a subscript of an
/// assignment's target, an anonymous function's body...), each made the
/// first time it is needed and kept in the node (`Expr::code`).
#[derive(Default)]
struct Forms {
    one: std::cell::OnceCell<CExpr>,
    many: std::cell::OnceCell<CMany>,
}

fn forms(e: &Expr) -> Result<&Forms> {
    e.code
        .get_or_make(Forms::default)
        .ok_or_else(|| Error::new("internal error: an expression's compiled form").at(e.span))
}

impl Interp {
    /// Evaluate `e` to exactly one value, scalars unboxed: its compiled
    /// form, made at its first evaluation.
    #[inline]
    pub(super) fn eval_val(&mut self, e: &Expr) -> Result<Val> {
        forms(e)?.one.get_or_init(|| expr(e)).get(self)
    }

    /// Evaluate `e` to exactly one value.
    pub(super) fn eval(&mut self, e: &Expr) -> Result<Value> {
        if let ExprKind::Ident(_, var) = &e.kind {
            if let Some(v) = self.peek_ref(*var) {
                return Ok(v.clone());
            }
        }
        self.eval_val(e).map(Val::into_value)
    }

    /// Evaluate `e` asked for `nargout` values (a call in a
    /// multi-assignment, or asked for none by a statement): its compiled
    /// form, made at its first evaluation.
    pub(super) fn eval_multi(&mut self, e: &Expr, nargout: usize) -> Result<Vec<Value>> {
        forms(e)?.many.get_or_init(|| many(e)).run(self, nargout)
    }
}

/// What a call's errors call its callee (`f` of `f(2)`, `s` of `s.f(2)`).
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

/// The span of an operand of `&&`/`||` (left or right).
fn span_of(e: &Expr, left: bool) -> Span {
    match &e.kind {
        ExprKind::Binary(_, a, b) => {
            if left {
                a.span
            } else {
                b.span
            }
        }
        _ => e.span,
    }
}

/// `a op1 b op2 c ...`: the left spine of a chain of operators, folded.
fn chain(op: BinOp, a: &Expr, b: &Expr, span: Span) -> CExpr {
    let mut spine = vec![(op, b, span)];
    let mut base = a;
    while let ExprKind::Binary(op, l, r) = &base.kind {
        if op.short_circuit() || !matches!(l.kind, ExprKind::Binary(o, ..) if !o.short_circuit()) {
            break;
        }
        spine.push((*op, &**r, base.span));
        base = l;
    }
    let first = match &base.kind {
        ExprKind::Binary(op, l, r) if !op.short_circuit() => binary(*op, l, r, base.span),
        _ => expr(base),
    };
    let rest: Box<[(BinOp, Opd, Span)]> = spine
        .into_iter()
        .rev()
        .map(|(op, r, span)| (op, operand(r), span))
        .collect();
    CExpr::new(move |it| {
        let mut acc = first.get(it)?;
        for (op, r, span) in rest.iter() {
            let rhs = match r {
                Opd::Lit(x) => x.get(it)?,
                Opd::Name(x) => x.get(it)?,
                Opd::Code(x) => x.get(it)?,
            };
            acc = binary_val(*op, acc, rhs).map_err(|err| err.at(*span))?;
        }
        Ok(acc)
    })
}

// ----- statements -----

/// The general form of an assignment whose scalar form a register loop
/// has just tried (`loops`): the same statement without trying it again.
pub(super) fn assignment_after_scalar(s: &Stmt) -> CStmt {
    if let StmtKind::Assign { targets, value } = &s.kind {
        if let Some(c) = assignment(targets, value, s.quiet, value.span, false) {
            return c;
        }
    }
    stmt(s, true)
}

pub(super) fn stmt(s: &Stmt, loops: bool) -> CStmt {
    match &s.kind {
        StmtKind::Assign { targets, value } => {
            if let Some(c) = assignment(targets, value, s.quiet, value.span, true) {
                return c;
            }
            let (targets, value, quiet) = (targets.clone(), value.clone(), s.quiet);
            Box::new(move |it| {
                it.assignment(&targets, &value, quiet)?;
                Ok(Flow::Normal)
            })
        }
        StmtKind::If { clauses, otherwise } => {
            let clauses: Box<[(Cond, CBlock)]> = clauses
                .iter()
                .map(|(c, b)| (Cond::of(c), block_in(b, loops)))
                .collect();
            let otherwise = otherwise.as_deref().map(|b| block_in(b, loops));
            Box::new(move |it| {
                for (c, b) in clauses.iter() {
                    if c.holds(it)? {
                        return b.run(it);
                    }
                }
                match &otherwise {
                    Some(b) => b.run(it),
                    None => Ok(Flow::Normal),
                }
            })
        }
        StmtKind::While { cond, body, .. } => {
            let (c, body) = (Cond::of(cond), block_in(body, loops));
            Box::new(move |it| {
                loop {
                    if !c.holds(it)? {
                        break;
                    }
                    it.interrupted()?;
                    match body.run(it)? {
                        Flow::Break => break,
                        Flow::Return => return Ok(Flow::Return),
                        _ => {}
                    }
                }
                Ok(Flow::Normal)
            })
        }
        StmtKind::For {
            var, iter, body, ..
        } => {
            // (Only a range is walked on registers: a loop over columns
            // keeps the register forms of the loops inside it.)
            let range = matches!(iter.kind, ExprKind::Range { .. });
            let regs = (loops && range)
                .then(|| super::loops::compile(var, body))
                .flatten();
            let body = block_in(body, loops && regs.is_none());
            let (var, iter) = (var.clone(), iter.clone());
            Box::new(move |it| it.for_loop(&var, &iter, &body, regs.as_ref()))
        }
        StmtKind::Switch {
            subject,
            cases,
            otherwise,
        } => {
            let subject = subject.clone();
            let cases: Box<[(Expr, CBlock)]> = cases
                .iter()
                .map(|(l, b)| (l.clone(), block_in(b, loops)))
                .collect();
            let otherwise = otherwise.as_deref().map(|b| block_in(b, loops));
            Box::new(move |it| {
                let v = it.eval(&subject)?;
                for (label, body) in cases.iter() {
                    if it.switch_matches(&v, label)? {
                        return body.run(it);
                    }
                }
                match &otherwise {
                    Some(b) => b.run(it),
                    None => Ok(Flow::Normal),
                }
            })
        }
        StmtKind::Try { body, ident, catch } => {
            let (body, ident, catch) =
                (block_in(body, loops), ident.clone(), block_in(catch, loops));
            Box::new(move |it| match body.run(it) {
                Ok(flow) => Ok(flow),
                Err(e) if e.is_interrupt() => Err(e),
                Err(e) => {
                    it.last_error = Some(e.clone());
                    if let Some(name) = &ident {
                        it.assign_var(name, super::error_struct(&e));
                    }
                    catch.run(it)
                }
            })
        }
        StmtKind::Break => Box::new(|_| Ok(Flow::Break)),
        StmtKind::Continue => Box::new(|_| Ok(Flow::Continue)),
        StmtKind::Return => Box::new(|_| Ok(Flow::Return)),
        StmtKind::Expr(e) => {
            let (e, quiet) = (e.clone(), s.quiet);
            Box::new(move |it| {
                it.expr_statement(&e, quiet)?;
                Ok(Flow::Normal)
            })
        }
        StmtKind::Command { name, args } => {
            let (name, args, quiet, span) = (name.clone(), args.clone(), s.quiet, s.span);
            Box::new(move |it| {
                it.command_statement(&name, &args, quiet, span)?;
                Ok(Flow::Normal)
            })
        }
        StmtKind::Global(names) | StmtKind::Persistent(names) => {
            let declare: fn(&mut Interp, &str) -> Result<()> = match &s.kind {
                StmtKind::Global(_) => Interp::declare_global,
                _ => Interp::declare_persistent,
            };
            let names = names.clone();
            Box::new(move |it| {
                for n in names.iter() {
                    declare(it, n)?;
                }
                Ok(Flow::Normal)
            })
        }
    }
}

/// An `if`/`while` condition: tried on the scalar path first.
pub(super) struct Cond {
    scalar: Option<SExpr>,
    code: CExpr,
    span: Span,
}

impl Cond {
    fn of(e: &Expr) -> Cond {
        Cond {
            scalar: scalar::compile(e),
            code: expr(e),
            span: e.span,
        }
    }

    /// A condition of a register loop: its scalar form reads the loop's
    /// registers (`loops`).
    pub(super) fn in_loop(e: &Expr, regs: &super::loops::RegMap) -> Cond {
        Cond {
            scalar: scalar::compile_in(e, regs),
            code: expr(e),
            span: e.span,
        }
    }

    #[inline]
    fn holds(&self, it: &mut Interp) -> Result<bool> {
        if let Some(b) = self.scalar_holds(it) {
            return Ok(b);
        }
        self.general_holds(it)
    }

    /// Its truth on the scalar path (`None`: the general form decides).
    #[inline(always)]
    pub(super) fn scalar_holds(&self, it: &mut Interp) -> Option<bool> {
        self.scalar
            .as_ref()
            .and_then(|s| s.run(it))
            .and_then(scalar::truth)
    }

    /// Its truth by its general form, with every error.
    pub(super) fn general_holds(&self, it: &mut Interp) -> Result<bool> {
        let v = self.code.get(it)?;
        truth(v, self.span)
    }
}

/// `x = e` and `x(subs) = e` with one plain target (what `assignment` in
/// `exec` does for them, decided here once); `None` for the other forms.
fn assignment(
    targets: &[LValue],
    value: &Expr,
    quiet: bool,
    span: Span,
    scalar_first: bool,
) -> Option<CStmt> {
    let [target @ LValue::Var {
        name,
        var,
        accessors,
        ..
    }] = targets
    else {
        return None;
    };
    // `x = a:b` (shown as a range) and a cs-list value keep their own forms.
    if super::cslist::is_list(value) || matches!(value.kind, ExprKind::Range { .. }) {
        return None;
    }
    // `s = [s t ...]`: appended in place when `s` is a char or double row
    // (text written straight onto it when every `t` is a literal or a
    // literal-format `sprintf`).
    let tail = match (&value.kind, &accessors[..]) {
        (ExprKind::Matrix(rows), []) => match &rows[..] {
            [row] => match &row[..] {
                [first, rest @ ..]
                    if !rest.is_empty()
                        && matches!(&first.kind, ExprKind::Ident(n, _) if n == name) =>
                {
                    Some(rest)
                }
                _ => None,
            },
            _ => None,
        },
        _ => None,
    };
    let append = match tail {
        Some(rest) => Some(args(rest)?),
        None => None,
    };
    let text = tail.and_then(super::text::pieces);
    let (name, var, rhs) = (name.clone(), *var, expr(value));
    let fast = scalar_first.then(|| scalar::compile(value)).flatten();
    let target = target.clone();
    match &accessors[..] {
        [] => Some(Box::new(move |it| {
            if let Some(s) = fast.as_ref().and_then(|f| f.run(it)) {
                match s {
                    Scalar::Num(x) => it.assign_ref_num(&name, var, x),
                    Scalar::Bool(b) => it.assign_ref(&name, var, Value::bool(b)),
                }
                if !quiet {
                    it.show_targets(std::slice::from_ref(&target), quiet)?;
                }
                return Ok(Flow::Normal);
            }
            if let Some(pieces) = &text {
                if it.append_text(&name, var, pieces).map_err(|e| e.at(span))? {
                    if !quiet {
                        it.show_targets(std::slice::from_ref(&target), quiet)?;
                    }
                    return Ok(Flow::Normal);
                }
            }
            if let Some(rest) = &append {
                if it
                    .append_row_fast(&name, var, &rest[..])
                    .map_err(|e| e.at(span))?
                {
                    if !quiet {
                        it.show_targets(std::slice::from_ref(&target), quiet)?;
                    }
                    return Ok(Flow::Normal);
                }
            }
            match rhs.get(it)? {
                Val::Num(x) => it.assign_ref_num(&name, var, x),
                v => it.assign_ref(&name, var, v.into_value()),
            }
            if !quiet {
                it.show_targets(std::slice::from_ref(&target), quiet)?;
            }
            Ok(Flow::Normal)
        })),
        [Accessor::Paren(list)] => {
            let subs = args(list)?;
            let pure = PureSubs::of(list);
            // `A(:, end+1) = b`: a column appended in place; a column
            // literal `[x; y; z]` of scalars goes there without being made.
            let column = matches!(&list[..], [c, e] if matches!(c.kind, ExprKind::Colon)
                && matches!(PureSubs::of(std::slice::from_ref(e)), Some(p) if p.is_append()));
            let literal = match &value.kind {
                ExprKind::Matrix(rows)
                    if column && !rows.is_empty() && rows.iter().all(|r| r.len() == 1) =>
                {
                    args(&rows.iter().flatten().cloned().collect::<Vec<_>>())
                }
                _ => None,
            };
            let span = value.span;
            Some(Box::new(move |it| {
                // `A(i, j) = x`: all scalar, written in place (or
                // appended, `x(end+1) = v`).
                if let (Some(p), Some(Scalar::Num(x))) =
                    (&pure, fast.as_ref().and_then(|f| f.run(it)))
                {
                    if it.put_scalar(&name, var, p, x)? {
                        if !quiet {
                            it.show_targets(std::slice::from_ref(&target), quiet)?;
                        }
                        return Ok(Flow::Normal);
                    }
                }
                let v = match &literal {
                    Some(elems) => {
                        let vals = elements(it, elems)?;
                        if it.append_column_vals(&name, var, &vals)? {
                            if !quiet {
                                it.show_targets(std::slice::from_ref(&target), quiet)?;
                            }
                            return Ok(Flow::Normal);
                        }
                        let lens = vec![1; vals.len()];
                        Val::of(matrix_from(vals, &lens).map_err(|err| err.at(span))?)
                    }
                    None => rhs.get(it)?,
                };
                if let (Some(p), Val::Num(x)) = (&pure, &v) {
                    if it.put_scalar(&name, var, p, *x)? {
                        if !quiet {
                            it.show_targets(std::slice::from_ref(&target), quiet)?;
                        }
                        return Ok(Flow::Normal);
                    }
                }
                if column && it.append_column(&name, var, &v)? {
                    if !quiet {
                        it.show_targets(std::slice::from_ref(&target), quiet)?;
                    }
                    return Ok(Flow::Normal);
                }
                let v = v.into_value();
                let loaded = it.ref_slot_mut(var).is_some();
                if let Some(done) = (quiet && !loaded)
                    .then(|| it.try_partial_assign(&target, &v))
                    .flatten()
                {
                    done?;
                } else if let Err(v) = it.assign_paren(&name, var, &subs[..], v)? {
                    it.assign_general(&target, v)?;
                }
                if !quiet {
                    it.show_targets(std::slice::from_ref(&target), quiet)?;
                }
                Ok(Flow::Normal)
            }))
        }
        _ => None,
    }
}

impl Interp {
    /// Run a function's body in its compiled form (made at the first call).
    pub(super) fn run_body(&mut self, f: &Function) -> Result<Flow> {
        match f.code.get_or_make(|| block(&f.body)) {
            Some(c) => c.run(self),
            None => Err(Error::new("internal error: a function's compiled form")),
        }
    }
}
