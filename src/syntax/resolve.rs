//! Name resolution: every variable name in a parsed body gets its index in
//! the body's scope (`ast::VarRef`), and every body its `ast::Scope` (the
//! distinct names it uses).
//!
//! A body is a script or command line, a function, or an anonymous
//! function; each is its own scope (MATLAB has no block scopes). The names
//! include functions called without being variables (`sin` in `sin(x)`):
//! whether a name is a variable is only known when it runs, so its slot
//! simply stays empty. The interpreter maps a scope's indices to the slots
//! of the frame it runs in once per run (`eval::slots`), which turns every
//! variable access into an array index.

use super::ast::*;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};

/// Source of `Scope::serial` (0 is "unresolved").
static NEXT_SCOPE: AtomicU32 = AtomicU32::new(1);

fn next_serial() -> u32 {
    // Skip 0 on wrap-around: it marks unresolved references.
    loop {
        let s = NEXT_SCOPE.fetch_add(1, Ordering::Relaxed);
        if s != 0 {
            return s;
        }
    }
}

/// The names of one body as they are met.
struct Names {
    serial: u32,
    index: HashMap<String, u32>,
    list: Vec<Rc<str>>,
}

impl Names {
    fn new() -> Names {
        Names {
            serial: next_serial(),
            index: HashMap::new(),
            list: Vec::new(),
        }
    }

    fn of(&mut self, name: &str) -> VarRef {
        let id = match self.index.get(name) {
            Some(&id) => id,
            None => {
                let id = self.list.len() as u32;
                self.index.insert(name.to_string(), id);
                self.list.push(Rc::from(name));
                id
            }
        };
        VarRef {
            scope: self.serial,
            id,
        }
    }

    fn finish(self) -> Scope {
        Scope {
            serial: self.serial,
            names: self.list.into(),
        }
    }
}

/// Resolve every body of a parsed program.
pub fn program(p: &mut Program) {
    let mut names = Names::new();
    block(&mut p.body, &mut names);
    p.scope = names.finish();
    p.code.reset();
    for f in &mut p.functions {
        let mut names = Names::new();
        for n in f.params.iter().chain(&f.outputs) {
            names.of(n);
        }
        block(&mut f.body, &mut names);
        f.scope = names.finish();
        f.code.reset();
    }
}

fn block(stmts: &mut [Stmt], names: &mut Names) {
    for s in stmts {
        stmt(s, names);
    }
}

fn stmt(s: &mut Stmt, names: &mut Names) {
    match &mut s.kind {
        StmtKind::Expr(e) => expr(e, names),
        StmtKind::Assign { targets, value } => {
            for t in targets {
                lvalue(t, names);
            }
            expr(value, names);
        }
        StmtKind::Command { .. }
        | StmtKind::Break
        | StmtKind::Continue
        | StmtKind::Return
        | StmtKind::Global(_)
        | StmtKind::Persistent(_) => {}
        StmtKind::If { clauses, otherwise } => {
            for (c, b) in clauses {
                expr(c, names);
                block(b, names);
            }
            if let Some(b) = otherwise {
                block(b, names);
            }
        }
        StmtKind::For { var, iter, body } => {
            lvalue(var, names);
            expr(iter, names);
            block(body, names);
        }
        StmtKind::While { cond, body } => {
            expr(cond, names);
            block(body, names);
        }
        StmtKind::Switch {
            subject,
            cases,
            otherwise,
        } => {
            expr(subject, names);
            for (c, b) in cases {
                expr(c, names);
                block(b, names);
            }
            if let Some(b) = otherwise {
                block(b, names);
            }
        }
        StmtKind::Try { body, catch, .. } => {
            block(body, names);
            block(catch, names);
        }
    }
}

fn lvalue(t: &mut LValue, names: &mut Names) {
    if let LValue::Var {
        name,
        var,
        accessors,
        ..
    } = t
    {
        *var = names.of(name);
        for a in accessors {
            match a {
                Accessor::Paren(args) | Accessor::Brace(args) => exprs(args, names),
                Accessor::Field(_) => {}
                Accessor::DynField(e) => expr(e, names),
            }
        }
    }
}

fn exprs(es: &mut [Expr], names: &mut Names) {
    for e in es {
        expr(e, names);
    }
}

fn expr(e: &mut Expr, names: &mut Names) {
    // Left-deep operator chains (`a + b + ...`, up to `MAX_CHAIN` long) are
    // walked along their spine (right operands first), not by recursion.
    let mut cur = e;
    while matches!(cur.kind, ExprKind::Binary(..)) {
        match &mut cur.kind {
            ExprKind::Binary(_, l, r) => {
                expr(r, names);
                cur = l;
            }
            _ => unreachable!("checked to be a binary operator"),
        }
    }
    leaf(cur, names);
}

/// An expression that is not a binary operator (or the base of a chain).
fn leaf(cur: &mut Expr, names: &mut Names) {
    match &mut cur.kind {
        ExprKind::Ident(n, var) => *var = names.of(n),
        ExprKind::Number(_)
        | ExprKind::Imaginary(_)
        | ExprKind::Str { .. }
        | ExprKind::Colon
        | ExprKind::End
        | ExprKind::FuncHandle(_)
        | ExprKind::Binary(..) => {}
        ExprKind::Unary(_, a) | ExprKind::Postfix(_, a) => expr(a, names),
        ExprKind::Range { start, step, stop } => {
            expr(start, names);
            if let Some(s) = step {
                expr(s, names);
            }
            expr(stop, names);
        }
        ExprKind::Call { target, args } | ExprKind::Brace { target, args } => {
            expr(target, names);
            exprs(args, names);
        }
        ExprKind::Field { target, .. } => expr(target, names),
        ExprKind::DynField { target, name } => {
            expr(target, names);
            expr(name, names);
        }
        ExprKind::Matrix(rows) | ExprKind::Cell(rows) => {
            for r in rows {
                exprs(r, names);
            }
        }
        ExprKind::AnonFunc(a) => {
            // Its own scope; a shared parse (never the case right after
            // parsing) stays unresolved and runs by name.
            if let Some(a) = Rc::get_mut(a) {
                anon(a);
            }
        }
    }
}

/// An anonymous function's body is a scope of its own: its parameters,
/// then the names it reads (captured values or functions).
fn anon(a: &mut AnonFunc) {
    let mut names = Names::new();
    for p in &a.params {
        names.of(p);
    }
    expr(&mut a.body, &mut names);
    a.scope = names.finish();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idents(e: &Expr, out: &mut Vec<(String, VarRef)>) {
        match &e.kind {
            ExprKind::Ident(n, v) => out.push((n.clone(), *v)),
            ExprKind::Binary(_, a, b) => {
                idents(a, out);
                idents(b, out);
            }
            ExprKind::Call { target, args } => {
                idents(target, out);
                for a in args {
                    idents(a, out);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn one_slot_per_name_per_body() {
        let p = crate::syntax::parse("s = 0; s = s + f(i, s);").unwrap();
        assert_eq!(
            &*p.scope.names,
            &[Rc::from("s"), Rc::from("f"), Rc::from("i")]
        );
        let StmtKind::Assign { targets, value } = &p.body[1].kind else {
            panic!("an assignment")
        };
        let LValue::Var { var, .. } = &targets[0] else {
            panic!("a variable")
        };
        assert_eq!((var.scope, var.id), (p.scope.serial, 0));
        let mut found = Vec::new();
        idents(value, &mut found);
        let ids: Vec<(String, u32)> = found.iter().map(|(n, v)| (n.clone(), v.id)).collect();
        assert_eq!(
            ids,
            vec![
                ("s".into(), 0),
                ("f".into(), 1),
                ("i".into(), 2),
                ("s".into(), 0)
            ]
        );
        assert!(found.iter().all(|(_, v)| v.scope == p.scope.serial));
    }

    #[test]
    fn functions_and_anonymous_functions_are_scopes_of_their_own() {
        let p =
            crate::syntax::parse("function y = f(x)\n g = @(t) t + x;\n y = g(x);\nend\n").unwrap();
        let f = &p.functions[0];
        assert_eq!(
            &*f.scope.names,
            &[Rc::from("x"), Rc::from("y"), Rc::from("g")]
        );
        assert_ne!(f.scope.serial, p.scope.serial);
        let StmtKind::Assign { value, .. } = &f.body[0].kind else {
            panic!("an assignment")
        };
        let ExprKind::AnonFunc(a) = &value.kind else {
            panic!("an anonymous function")
        };
        assert_eq!(&*a.scope.names, &[Rc::from("t"), Rc::from("x")]);
        assert_ne!(a.scope.serial, f.scope.serial);
    }

    #[test]
    fn long_operator_chains_resolve_without_deep_recursion() {
        // Dropping the tree recurses once per operator (as the parser's own
        // test notes): more than a test thread's stack, so a big one.
        let big = std::thread::Builder::new().stack_size(256 << 20);
        let r = big.spawn(|| {
            let text = format!("y = {};", vec!["x"; 50_000].join(" + "));
            let p = crate::syntax::parse(&text).unwrap();
            assert_eq!(&*p.scope.names, &[Rc::from("y"), Rc::from("x")]);
        });
        r.unwrap().join().unwrap();
    }
}
