//! The scalar path of compiled code: an expression made only of number
//! literals, variables holding real double or logical scalars, operators,
//! element reads `A(i, j)` of real double arrays and builtins with a scalar
//! kernel (`mod(k, 2)`) is also compiled into a closure that computes it
//! on unboxed scalars and has no effect: it reads variables without
//! bookkeeping and makes no value, no error and no call. Whenever anything
//! is not as that path needs it (a variable of another class or not read
//! yet in this command, a subscript that is not a position, a result the
//! scalar kernels leave to the general path), it answers `None` and the
//! statement evaluates the expression by its compiled form, which gives
//! every value, error and bookkeeping the language asks for. Having no
//! effect is what makes trying it first safe.
//!
//! A statement tries it for a whole expression (an assignment's value, a
//! condition), so the common loop statement `s = s + i*2` runs in a few
//! closure calls returning scalars in registers.

use super::compile::PureSubs;
use super::fast::Kernel;
use super::functions::SiteMemo;
use super::loops::RegMap;
use super::Interp;
use crate::ops::{scalar_binary, scalar_unary, Scalar};
use crate::syntax::ast::*;
use crate::value::Value;

/// What a scalar closure runs.
type ScalarFn = dyn Fn(&mut Interp) -> Option<Scalar>;

/// A compiled scalar expression (`None` from `run`: use the general form).
/// One that keeps failing (a call of a user function that is never
/// inlined, a variable that holds an array) is tried only now and then:
/// after `STREAK` misses in a row, once every `RETRY` runs, since its
/// general form gives the same answer either way.
pub(super) struct SExpr {
    code: Box<ScalarFn>,
    /// Runs since it last answered (tries and skips alike).
    misses: std::cell::Cell<u32>,
}

const STREAK: u32 = 16;
const RETRY: u32 = 64;

impl SExpr {
    fn new(code: Box<ScalarFn>) -> SExpr {
        SExpr {
            code,
            misses: std::cell::Cell::new(0),
        }
    }

    #[inline(always)]
    pub fn run(&self, it: &mut Interp) -> Option<Scalar> {
        let m = self.misses.get();
        if m >= STREAK && m % RETRY != 0 {
            self.misses.set(m.wrapping_add(1));
            return None;
        }
        let r = (self.code)(it);
        match r {
            Some(_) if m != 0 => self.misses.set(0),
            Some(_) => {}
            None => self.misses.set(m.wrapping_add(1)),
        }
        r
    }
}

/// Expressions nested deeper than this are left to the general form (so
/// compiling recurses a bounded depth whatever the parser allows).
const DEPTH: usize = 24;

/// The scalar form of `e`, when it is made only of what this path knows.
pub(super) fn compile(e: &Expr) -> Option<SExpr> {
    // A lone literal or name gains nothing here.
    match &e.kind {
        ExprKind::Number(_) | ExprKind::Ident(..) => None,
        _ => node(e, 0, Mode::Frame).map(|n| SExpr::new(n.boxed())),
    }
}

/// The scalar form of `e` in a register loop (`loops`), whose variables
/// in `regs` are read from its registers (a lone literal or name too: it
/// is a register's whole statement there).
pub(super) fn compile_in(e: &Expr, regs: &RegMap) -> Option<SExpr> {
    node(e, 0, Mode::Loop(regs)).map(|n| SExpr::new(n.boxed()))
}

/// Where a compiled expression reads its variables: the running frame,
/// the registers of an inlined function body (`Body`), or a register
/// loop's registers for the names in its map and the frame for the others.
#[derive(Clone, Copy)]
enum Mode<'a> {
    Frame,
    Regs(Inlined),
    Loop(&'a RegMap),
}

/// What compiling an inlined body knows of its function: the scope its
/// names are in and which parameters are arrays it reads by element
/// (`Body::arrays`), a bit per slot.
#[derive(Clone, Copy)]
struct Inlined {
    scope: u32,
    arrays: u64,
}

impl Inlined {
    /// The position in `Body::arrays` of array parameter `slot`.
    fn array(&self, slot: u32) -> Option<usize> {
        (slot < 64 && self.arrays & (1 << slot) != 0)
            .then(|| (self.arrays & ((1u64 << slot) - 1)).count_ones() as usize)
    }
}

/// A compiled node; leaves stay unboxed so an operator reads them inline.
enum Node {
    Lit(f64),
    Name(VarRef),
    /// A register loop's register, and the variable it stands for.
    Reg(u16, VarRef),
    Code(Box<ScalarFn>),
}

impl Node {
    fn boxed(self) -> Box<ScalarFn> {
        match self {
            Node::Lit(x) => Box::new(move |_| Some(Scalar::Num(x))),
            Node::Name(v) => Box::new(move |it| name(it, v)),
            Node::Reg(r, v) => Box::new(move |it| it.lreg(r, v)),
            Node::Code(f) => f,
        }
    }
}

/// A variable holding a real double or logical scalar, when its read needs
/// no bookkeeping.
#[inline(always)]
fn name(it: &Interp, v: VarRef) -> Option<Scalar> {
    match it.peek_ref(v)? {
        Value::Num(a) => a.inline_scalar().map(|&x| Scalar::Num(x)),
        Value::Bool(a) => a.inline_scalar().map(|&b| Scalar::Bool(b)),
        _ => None,
    }
}

/// A scalar as a double operand (a logical one as 0 or 1, as operators
/// take it).
#[inline(always)]
fn num(s: Scalar) -> f64 {
    match s {
        Scalar::Num(x) => x,
        Scalar::Bool(b) => f64::from(u8::from(b)),
    }
}

/// The truth of a scalar as `&&`, `||`, `if` and `while` take it (`None`
/// for NaN, an error the general form reports).
#[inline(always)]
pub(super) fn truth(s: Scalar) -> Option<bool> {
    match s {
        Scalar::Bool(b) => Some(b),
        Scalar::Num(x) => (!x.is_nan()).then_some(x != 0.0),
    }
}

trait Leaf: 'static {
    fn get(&self, it: &mut Interp) -> Option<Scalar>;
}

struct LitLeaf(f64);
impl Leaf for LitLeaf {
    #[inline(always)]
    fn get(&self, _: &mut Interp) -> Option<Scalar> {
        Some(Scalar::Num(self.0))
    }
}

struct NameLeaf(VarRef);
impl Leaf for NameLeaf {
    #[inline(always)]
    fn get(&self, it: &mut Interp) -> Option<Scalar> {
        name(it, self.0)
    }
}

struct RegLeaf(u16, VarRef);
impl Leaf for RegLeaf {
    #[inline(always)]
    fn get(&self, it: &mut Interp) -> Option<Scalar> {
        it.lreg(self.0, self.1)
    }
}

struct CodeLeaf(Box<ScalarFn>);
impl Leaf for CodeLeaf {
    #[inline(always)]
    fn get(&self, it: &mut Interp) -> Option<Scalar> {
        (self.0)(it)
    }
}

/// An operator known when compiling: its closure computes it without
/// looking at which operator it is (`scalar_binary`'s arithmetic).
trait Op: 'static {
    const OP: BinOp;
}

macro_rules! ops {
    ($($name:ident = $op:ident),*) => {
        $(
            struct $name;
            impl Op for $name {
                const OP: BinOp = BinOp::$op;
            }
        )*
    };
}

ops!(
    AddOp = Add,
    SubOp = Sub,
    MulOp = Mul,
    DivOp = Div,
    LtOp = Lt,
    LeOp = Le,
    GtOp = Gt,
    GeOp = Ge,
    EqOp = Eq,
    NeOp = Ne
);

fn bin_op<O: Op, A: Leaf, B: Leaf>(a: A, b: B) -> Node {
    Node::Code(Box::new(move |it| {
        let x = num(a.get(it)?);
        let y = num(b.get(it)?);
        scalar_binary(O::OP, x, y)
    }))
}

fn bin<A: Leaf, B: Leaf>(op: BinOp, a: A, b: B) -> Node {
    match op {
        BinOp::Add => bin_op::<AddOp, A, B>(a, b),
        BinOp::Sub => bin_op::<SubOp, A, B>(a, b),
        BinOp::Mul | BinOp::MatMul => bin_op::<MulOp, A, B>(a, b),
        BinOp::Div | BinOp::MatDiv => bin_op::<DivOp, A, B>(a, b),
        BinOp::Lt => bin_op::<LtOp, A, B>(a, b),
        BinOp::Le => bin_op::<LeOp, A, B>(a, b),
        BinOp::Gt => bin_op::<GtOp, A, B>(a, b),
        BinOp::Ge => bin_op::<GeOp, A, B>(a, b),
        BinOp::Eq => bin_op::<EqOp, A, B>(a, b),
        BinOp::Ne => bin_op::<NeOp, A, B>(a, b),
        _ => Node::Code(Box::new(move |it| {
            let x = num(a.get(it)?);
            let y = num(b.get(it)?);
            scalar_binary(op, x, y)
        })),
    }
}

fn binary(op: BinOp, a: Node, b: Node) -> Node {
    match a {
        Node::Lit(x) => bin_right(op, LitLeaf(x), b),
        Node::Name(x) => bin_right(op, NameLeaf(x), b),
        Node::Reg(r, x) => bin_right(op, RegLeaf(r, x), b),
        Node::Code(x) => bin_right(op, CodeLeaf(x), b),
    }
}

fn bin_right<A: Leaf>(op: BinOp, a: A, b: Node) -> Node {
    match b {
        Node::Lit(y) => bin(op, a, LitLeaf(y)),
        Node::Name(y) => bin(op, a, NameLeaf(y)),
        Node::Reg(r, y) => bin(op, a, RegLeaf(r, y)),
        Node::Code(y) => bin(op, a, CodeLeaf(y)),
    }
}

fn node(e: &Expr, depth: usize, mode: Mode) -> Option<Node> {
    if depth > DEPTH {
        return None;
    }
    let sub = |e: &Expr| node(e, depth + 1, mode);
    Some(match &e.kind {
        ExprKind::Number(x) => Node::Lit(*x),
        ExprKind::Ident(_, v) => match mode {
            Mode::Frame => Node::Name(*v),
            Mode::Loop(regs) => match regs.reg(*v) {
                Some(r) => Node::Reg(r, *v),
                None => Node::Name(*v),
            },
            Mode::Regs(f) if v.scope != f.scope => return None,
            // An array parameter named whole: the caller's variable, when
            // it is a scalar after all.
            Mode::Regs(f) => match f.array(v.id) {
                Some(k) => Node::Code(Box::new(move |it| {
                    let var = it.aref(k)?;
                    name(it, var)
                })),
                None => {
                    let slot = v.id as usize;
                    Node::Code(Box::new(move |it| it.sreg(slot)))
                }
            },
        },
        ExprKind::Binary(op @ (BinOp::AndAnd | BinOp::OrOr), a, b) => {
            let (a, b) = (sub(a)?.boxed(), sub(b)?.boxed());
            let short = *op == BinOp::OrOr;
            Node::Code(Box::new(move |it| {
                let l = truth(a(it)?)?;
                if l == short {
                    return Some(Scalar::Bool(short));
                }
                Some(Scalar::Bool(truth(b(it)?)?))
            }))
        }
        ExprKind::Binary(op, a, b) => binary(*op, sub(a)?, sub(b)?),
        ExprKind::Unary(op, a) => {
            let (op, a) = (*op, sub(a)?.boxed());
            Node::Code(Box::new(move |it| match a(it)? {
                Scalar::Bool(b) if op == UnOp::Not => Some(Scalar::Bool(!b)),
                s => scalar_unary(op, num(s)),
            }))
        }
        // An inlined body calls nothing (which function a name reaches
        // depends on the callee's file); it reads elements of the arrays
        // it was given.
        ExprKind::Call { target, args } if matches!(mode, Mode::Regs(_)) => {
            let (ExprKind::Ident(_, var), Mode::Regs(f)) = (&target.kind, mode) else {
                return None;
            };
            if var.scope != f.scope {
                return None;
            }
            element_of_param(f.array(var.id)?, args, depth, mode)?
        }
        ExprKind::Call { target, args } => {
            let ExprKind::Ident(fname, var) = &target.kind else {
                return None;
            };
            // A name a register loop assigns is a register, not an array
            // or function to call.
            if matches!(mode, Mode::Loop(regs) if regs.reg(*var).is_some()) {
                return None;
            }
            call(fname, *var, args, depth, mode)?
        }
        _ => return None,
    })
}

/// `sum(v)` where `v` is a variable holding a real double vector and
/// `sum` reaches the builtin: its sum, as the builtin folds it, without a
/// call (a register loop's register is a scalar: not this form).
fn sum_of_variable(fname: &str, var: VarRef, args: &[Expr], mode: Mode) -> Option<Node> {
    let [Expr {
        kind: ExprKind::Ident(_, arg),
        ..
    }] = args
    else {
        return None;
    };
    if fname != "sum" || matches!(mode, Mode::Loop(regs) if regs.reg(*arg).is_some()) {
        return None;
    }
    let (fname, arg, site) = (fname.to_string(), *arg, SiteMemo::new());
    Some(Node::Code(Box::new(move |it| {
        if it.has_ref(&fname, var) || !it.calls_table_builtin_at(&fname, &site).ok()? {
            return None;
        }
        let Value::Num(a) = it.peek_ref(arg)? else {
            return None;
        };
        crate::builtins::reduce::sum_of_vector(a).map(Scalar::Num)
    })))
}

/// `v(i)` or `v(i, j)` in an inlined body, where `v` is its array
/// parameter `k`: an element of the real double array the caller passed,
/// read where it lies in the caller's frame.
fn element_of_param(k: usize, args: &[Expr], depth: usize, mode: Mode) -> Option<Node> {
    let subs: Vec<Box<ScalarFn>> = args
        .iter()
        .map(|a| node(a, depth + 1, mode).map(Node::boxed))
        .collect::<Option<_>>()?;
    Some(Node::Code(match <[_; 2]>::try_from(subs) {
        Ok(two) => element_at(k, two),
        Err(one) => element_at(k, <[_; 1]>::try_from(one).ok()?),
    }))
}

/// The element of array parameter `k` at the positions `subs` give.
fn element_at<const N: usize>(k: usize, subs: [Box<ScalarFn>; N]) -> Box<ScalarFn> {
    Box::new(move |it| {
        let mut idx = [0; N];
        for (p, s) in idx.iter_mut().zip(&subs) {
            *p = match s(it)? {
                Scalar::Num(x) => super::fast::as_index(x)?,
                // (A logical subscript is a mask.)
                Scalar::Bool(_) => return None,
            };
        }
        let var = it.aref(k)?;
        let Value::Num(a) = it.peek_ref(var)? else {
            return None;
        };
        let p = super::fast::element_pos(a.dims(), &idx)?;
        Some(Scalar::Num(a.data()[p]))
    })
}

/// `A(i, j)` (an element of a real double array) or `f(x)`, `f(x, y)` (a
/// builtin with a scalar kernel): which one is known only when it runs.
fn call(fname: &str, var: VarRef, args: &[Expr], depth: usize, mode: Mode) -> Option<Node> {
    if let Some(node) = sum_of_variable(fname, var, args, mode) {
        return Some(node);
    }
    let pure = match mode {
        Mode::Loop(regs) => PureSubs::in_loop(args, regs),
        _ => PureSubs::of(args),
    };
    let subs: Option<Vec<Box<ScalarFn>>> = args
        .iter()
        .map(|a| node(a, depth + 1, mode).map(Node::boxed))
        .collect();
    // Without a kernel, the name may reach a user function to inline,
    // whose array parameters take variables named as arguments (not a
    // register loop's registers: those are scalars).
    let (kernel, user) = match Kernel::of(fname, args.len()) {
        Some(k) => (Some((k, subs?)), None),
        None => (
            None,
            subs.map(|subs| UserArgs {
                vars: args
                    .iter()
                    .map(|a| match &a.kind {
                        ExprKind::Ident(_, v) => match mode {
                            Mode::Loop(regs) if regs.reg(*v).is_some() => None,
                            _ => Some(*v),
                        },
                        _ => None,
                    })
                    .collect(),
                values: subs.into(),
            }),
        ),
    };
    if pure.is_none() && kernel.is_none() && user.is_none() {
        return None;
    }
    let (fname, site) = (fname.to_string(), SiteMemo::new());
    Some(Node::Code(Box::new(move |it| {
        if let Some(Value::Num(a)) = it.peek_ref(var) {
            let p = pure.as_ref()?;
            let idx = p.positions(it, Some(a.dims()))?;
            let k = super::fast::element_pos(a.dims(), p.subs(&idx))?;
            let x = a.data()[k];
            p.note_reads(it);
            return Some(Scalar::Num(x));
        }
        if let Some(args) = &user {
            if it.has_ref(&fname, var) {
                return None;
            }
            return inline_user(it, &fname, &site, args);
        }
        let (kernel, subs) = kernel.as_ref()?;
        if it.has_ref(&fname, var) || !it.calls_table_builtin_at(&fname, &site).ok()? {
            return None;
        }
        // Real doubles only: the builtins answer logical arguments their
        // own way (`mod(true, 2)` is an error).
        let double = |s: Scalar| match s {
            Scalar::Num(x) => Some(x),
            Scalar::Bool(_) => None,
        };
        match (kernel, &subs[..]) {
            (Kernel::One((f, domain)), [x]) => {
                let x = double(x(it)?)?;
                (x.is_nan() || domain.is_none_or(|d| d(x))).then(|| Scalar::Num(f(x)))
            }
            (Kernel::Two(f), [x, y]) => {
                let x = double(x(it)?)?;
                let y = double(y(it)?)?;
                Some(Scalar::Num(f(x, y)))
            }
            _ => None,
        }
    })))
}

/// The arguments of a call a scalar closure may inline: each one's scalar
/// form, and the variable it names when it is a plain name.
struct UserArgs {
    values: Box<[Box<ScalarFn>]>,
    vars: Box<[Option<VarRef>]>,
}

/// The scalar form of a small user function, run without a frame: a body
/// of quiet assignments `name = <scalar expression>` and `if`/`elseif`/
/// `else` blocks of them only, its parameters and single output in slots.
/// It runs on registers (`Interp::sreg`). A parameter the body indexes
/// (`v(2)`, never assigned) is an array parameter: the call passes the
/// caller's variable (`Interp::aref`), and the body reads its elements
/// where they lie. Like every scalar closure it has no effect, so
/// anything it cannot answer (an argument or result of another class, an
/// array parameter given anything but a variable, a subscript out of
/// range, a name read before it is set, a call) gives `None` and the call
/// runs as a call.
pub(super) struct Body {
    /// The slot of each parameter, in order.
    params: Box<[u32]>,
    /// Which parameters are arrays, a bit per slot (`Inlined`).
    arrays: u64,
    /// The slot of the output.
    out: u32,
    /// The size of the function's scope.
    slots: usize,
    /// The statements, in order.
    stmts: Box<[SStmt]>,
}

/// A statement of a scalar `Body`.
enum SStmt {
    /// `name = value`: the slot written and the value's scalar form.
    Set(u32, Box<ScalarFn>),
    /// `if`/`elseif` clauses, then `else`'s statements.
    If(Box<[Arm]>, Box<[SStmt]>),
}

/// An `if` or `elseif` clause of a scalar `Body`: its condition's scalar
/// form and its statements.
type Arm = (Box<ScalarFn>, Box<[SStmt]>);

/// The most statements a scalar `Body` holds, counted through its `if`
/// blocks, and how deep those nest.
const LONGEST: usize = 16;
const NESTING: usize = 4;

/// The scalar form of statements `list` of function `f`, adding to
/// `count` (`None`: something the scalar path does not run).
fn sstmts(list: &[Stmt], f: Inlined, count: &mut usize, depth: usize) -> Option<Box<[SStmt]>> {
    if depth > NESTING {
        return None;
    }
    let mut out = Vec::with_capacity(list.len());
    for s in list {
        *count += 1;
        if *count > LONGEST {
            return None;
        }
        match &s.kind {
            StmtKind::Assign { targets, value } => {
                let [LValue::Var { var, accessors, .. }] = &targets[..] else {
                    return None;
                };
                // (An array parameter is never assigned: it is the caller's.)
                if !s.quiet
                    || !accessors.is_empty()
                    || var.scope != f.scope
                    || f.array(var.id).is_some()
                {
                    return None;
                }
                out.push(SStmt::Set(var.id, node(value, 0, Mode::Regs(f))?.boxed()));
            }
            StmtKind::If { clauses, otherwise } => {
                let mut arms = Vec::with_capacity(clauses.len());
                for (c, b) in clauses {
                    let cond = node(c, 0, Mode::Regs(f))?.boxed();
                    arms.push((cond, sstmts(b, f, count, depth + 1)?));
                }
                let other = match otherwise {
                    Some(b) => sstmts(b, f, count, depth + 1)?,
                    None => Box::new([]),
                };
                out.push(SStmt::If(arms.into(), other));
            }
            _ => return None,
        }
    }
    Some(out.into())
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "scalar::Body({} statements)", self.stmts.len())
    }
}

impl Body {
    /// The scalar form of function `f` whose parameters and output are in
    /// `params` and `out`, when its body is made only of what it allows.
    pub fn of(f: &Function, params: &[u32], out: u32) -> Option<Body> {
        if f.body.is_empty() {
            return None;
        }
        let scope = f.scope.serial;
        let mut arrays = 0;
        indexed(&f.body, scope, params, &mut arrays);
        let stmts = sstmts(&f.body, Inlined { scope, arrays }, &mut 0, 0)?;
        Some(Body {
            params: params.into(),
            arrays,
            out,
            slots: f.scope.names.len(),
            stmts,
        })
    }
}

/// Set a bit in `bits` for each parameter (a slot of `params` in `scope`)
/// that statements `list` index, in the forms a scalar `Body` runs.
fn indexed(list: &[Stmt], scope: u32, params: &[u32], bits: &mut u64) {
    fn expr(e: &Expr, scope: u32, params: &[u32], bits: &mut u64) {
        match &e.kind {
            ExprKind::Call { target, args } => {
                if let ExprKind::Ident(_, v) = &target.kind {
                    if v.scope == scope && v.id < 64 && params.contains(&v.id) {
                        *bits |= 1 << v.id;
                    }
                }
                for a in args {
                    expr(a, scope, params, bits);
                }
            }
            ExprKind::Binary(_, a, b) => {
                expr(a, scope, params, bits);
                expr(b, scope, params, bits);
            }
            ExprKind::Unary(_, a) => expr(a, scope, params, bits),
            _ => {}
        }
    }
    for s in list {
        match &s.kind {
            StmtKind::Assign { value, .. } => expr(value, scope, params, bits),
            StmtKind::If { clauses, otherwise } => {
                for (c, b) in clauses {
                    expr(c, scope, params, bits);
                    indexed(b, scope, params, bits);
                }
                if let Some(b) = otherwise {
                    indexed(b, scope, params, bits);
                }
            }
            _ => {}
        }
    }
}

/// `f(x, ...)` of a user function with a scalar `Body`, inlined.
fn inline_user(it: &mut Interp, fname: &str, site: &SiteMemo, args: &UserArgs) -> Option<Scalar> {
    if it.site_has_no_inline(site) {
        return None;
    }
    let (unit, k) = it.user_function_at(fname, site).ok()??;
    let Some(body) = unit.scalar_body(k) else {
        it.site_set_no_inline(site);
        return None;
    };
    let n = args.values.len();
    if body.params.len() != n {
        return None;
    }
    let mut vals = [Scalar::Num(0.0); 8];
    let mut refs = [VarRef::default(); 8];
    if n > vals.len() {
        return None;
    }
    let mut arrays = 0;
    for (k, &p) in body.params.iter().enumerate() {
        if p < 64 && body.arrays & (1 << p) != 0 {
            refs[arrays] = args.vars[k]?;
            arrays += 1;
        } else {
            vals[k] = args.values[k](it)?;
        }
    }
    it.run_inline(body, &vals[..n], &refs[..arrays])
}

impl Interp {
    /// Register `slot` of the running inlined body (`None`: not set).
    #[inline(always)]
    fn sreg(&self, slot: usize) -> Option<Scalar> {
        *self.sregs.get(self.sbase + slot)?
    }

    /// The caller's variable passed for array parameter `k` of the
    /// running inlined body.
    #[inline(always)]
    fn aref(&self, k: usize) -> Option<VarRef> {
        self.arefs.get(self.abase + k).copied()
    }

    /// Run `body` on fresh registers holding `args` in its scalar
    /// parameters, its array parameters reading the variables `refs`.
    fn run_inline(&mut self, body: &Body, args: &[Scalar], refs: &[VarRef]) -> Option<Scalar> {
        let base = self.sregs.len();
        self.sregs.resize(base + body.slots, None);
        for (&p, &v) in body.params.iter().zip(args) {
            if p >= 64 || body.arrays & (1 << p) == 0 {
                *self.sregs.get_mut(base + p as usize)? = Some(v);
            }
        }
        let abase = self.arefs.len();
        self.arefs.extend_from_slice(refs);
        let caller = (
            std::mem::replace(&mut self.sbase, base),
            std::mem::replace(&mut self.abase, abase),
        );
        let out = self
            .run_sstmts(&body.stmts, base)
            .and_then(|()| self.sreg(body.out as usize));
        self.sregs.truncate(base);
        self.arefs.truncate(abase);
        (self.sbase, self.abase) = caller;
        out
    }

    /// Run statements of an inlined body whose registers start at `base`
    /// (`None`: one of them cannot run on the scalar path; a NaN
    /// condition is one, an error the call reports).
    fn run_sstmts(&mut self, stmts: &[SStmt], base: usize) -> Option<()> {
        for s in stmts {
            match s {
                SStmt::Set(slot, code) => {
                    let v = code(self)?;
                    *self.sregs.get_mut(base + *slot as usize)? = Some(v);
                }
                SStmt::If(arms, other) => {
                    let mut chosen = &other[..];
                    for (cond, block) in arms.iter() {
                        if truth(cond(self)?)? {
                            chosen = block;
                            break;
                        }
                    }
                    self.run_sstmts(chosen, base)?;
                }
            }
        }
        Some(())
    }
}
