//! Function handles: making them, calling them, and the call interface
//! builtins use to call back into the interpreter (`cellfun`, `fzero`...).
//!
//! A named handle calls its name like any call, resolved at every call. An
//! anonymous function keeps its text and the variables its body reads that
//! exist when it is made (by value); calling it parses the text once per
//! session (cached by text), binds the captures and the arguments in a
//! frame of its own, and evaluates the body with the caller's `nargout`, so
//! `[a, b] = f()` works when the body is a call with several outputs.

use super::{Frame, Interp, Source};
use crate::builtins::{Caller, State};
use crate::error::{Error, Result};
use crate::syntax::ast::{AnonFunc, Expr, ExprKind, Span};
use crate::value::{Array, Func, Value};
use std::collections::HashMap;
use std::io::Write;
use std::rc::Rc;

/// Parsed anonymous functions by text, for this session.
#[derive(Default)]
pub(super) struct AnonCache {
    parsed: HashMap<String, Rc<AnonFunc>>,
}

impl AnonCache {
    /// The parse of `text` (an anonymous function as `func2str` gives it).
    fn get(&mut self, text: &str) -> Result<Rc<AnonFunc>> {
        if let Some(a) = self.parsed.get(text) {
            return Ok(a.clone());
        }
        let a =
            crate::syntax::parse_anon(text).map_err(|e| Error::with_id("Octave:parse-error", e))?;
        self.parsed.insert(text.to_string(), a.clone());
        Ok(a)
    }

    fn remember(&mut self, a: &Rc<AnonFunc>) {
        if !self.parsed.contains_key(&a.text) {
            self.parsed.insert(a.text.clone(), a.clone());
        }
    }
}

/// Names the body of `a` reads that are not its parameters, in the order
/// they first appear (with those of nested anonymous functions).
fn free_names(a: &AnonFunc) -> Vec<String> {
    let mut out = Vec::new();
    let mut bound: Vec<String> = a.params.clone();
    walk(&a.body, &mut bound, &mut out);
    out
}

fn walk(e: &Expr, bound: &mut Vec<String>, out: &mut Vec<String>) {
    let all = |es: &[Expr], bound: &mut Vec<String>, out: &mut Vec<String>| {
        for x in es {
            walk(x, bound, out);
        }
    };
    match &e.kind {
        ExprKind::Ident(n, _) => {
            if !bound.contains(n) && !out.contains(n) {
                out.push(n.clone());
            }
        }
        ExprKind::Number(_)
        | ExprKind::Imaginary(_)
        | ExprKind::Str { .. }
        | ExprKind::Colon
        | ExprKind::End
        | ExprKind::FuncHandle(_) => {}
        ExprKind::Unary(_, a) | ExprKind::Postfix(_, a) => walk(a, bound, out),
        ExprKind::Binary(_, a, b) => {
            walk(a, bound, out);
            walk(b, bound, out);
        }
        ExprKind::Range { start, step, stop } => {
            walk(start, bound, out);
            if let Some(s) = step {
                walk(s, bound, out);
            }
            walk(stop, bound, out);
        }
        ExprKind::Call { target, args } | ExprKind::Brace { target, args } => {
            walk(target, bound, out);
            all(args, bound, out);
        }
        ExprKind::Field { target, .. } => walk(target, bound, out),
        ExprKind::DynField { target, name } => {
            walk(target, bound, out);
            walk(name, bound, out);
        }
        ExprKind::Matrix(rows) | ExprKind::Cell(rows) => {
            for r in rows {
                all(r, bound, out);
            }
        }
        ExprKind::AnonFunc(inner) => {
            let n = bound.len();
            bound.extend(inner.params.iter().cloned());
            walk(&inner.body, bound, out);
            bound.truncate(n);
        }
    }
}

impl Interp {
    /// `@(params) body` evaluated here: the handle with its captures.
    pub(super) fn make_anon(&mut self, a: &Rc<AnonFunc>) -> Result<Value> {
        self.anon.remember(a);
        let mut captures = Vec::new();
        for name in free_names(a) {
            if let Some(v) = self.lookup_var(&name)? {
                captures.push((name, v.clone()));
            }
        }
        Ok(Value::func(Func::Anon {
            text: a.text.clone(),
            captures,
        }))
    }

    /// Call a function value: a handle, or a function name as a char row
    /// (`feval('sin', x)`).
    pub(crate) fn call_value(
        &mut self,
        f: &Value,
        args: Vec<Value>,
        nargout: usize,
    ) -> Result<Vec<Value>> {
        match f {
            Value::Func(h) => self.call_handle(h, args, nargout, Span::default()),
            Value::Char(_) => {
                let name = f.to_str("feval")?;
                self.call_function(&name, args, nargout, Span::default())
            }
            other => Err(Error::with_id(
                "Octave:invalid-fun-call",
                format!(
                    "feval: FUNC must be a string or function handle (not a {} value)",
                    other.class_name()
                ),
            )),
        }
    }

    /// `f(args)` where `f` holds a handle: the arguments are evaluated (no
    /// `end` in them: a handle has no extent) and the handle is called.
    pub(super) fn call_handle_args(
        &mut self,
        h: &Func,
        args: &[Expr],
        nargout: usize,
        span: Span,
    ) -> Result<Vec<Value>> {
        let vals = self.eval_args(args)?;
        self.call_handle(h, vals, nargout, span)
            .map_err(|err| err.at(span))
    }

    /// `nargin(f)` / `nargout(f)` of a handle or a function name: the
    /// declared count, negative when the last is `varargin`/`varargout`.
    pub(super) fn arg_counts(&mut self, which: &str, f: &Value) -> Result<f64> {
        let counted = |names: &[String], rest: &str| {
            let n = names.len() as f64;
            if names.last().map(|p| p == rest).unwrap_or(false) {
                -n
            } else {
                n
            }
        };
        let name = match f {
            Value::Func(h) => match &**h {
                Func::Anon { text, .. } => {
                    let a = self.anon.get(text)?;
                    return Ok(if which == "nargin" {
                        counted(&a.params, "varargin")
                    } else {
                        -1.0
                    });
                }
                Func::Named(n) => n.clone(),
            },
            Value::Char(_) => f.to_str(which)?,
            _ => {
                return Err(Error::new(format!(
                    "{which}: FCN must be a string or function handle"
                )))
            }
        };
        match self.find_user_function(&name)? {
            Some((params, outputs)) => Ok(if which == "nargin" {
                counted(&params, "varargin")
            } else {
                counted(&outputs, "varargout")
            }),
            None if crate::builtins::is_builtin(&name) => Err(Error::new(format!(
                "{which}: number of {} arguments unavailable for built-in function objects",
                if which == "nargin" { "input" } else { "output" }
            ))),
            None => Err(Error::new(format!(
                "{which}: invalid function name: {name}"
            ))),
        }
    }

    /// Call a handle with evaluated arguments.
    pub(super) fn call_handle(
        &mut self,
        h: &Func,
        args: Vec<Value>,
        nargout: usize,
        span: Span,
    ) -> Result<Vec<Value>> {
        let (text, captures) = match h {
            Func::Named(name) => return self.call_function(name, args, nargout, span),
            Func::Anon { text, captures } => (text, captures),
        };
        let a = self.anon.get(text)?;
        let varargin = a.params.last().map(|p| p == "varargin").unwrap_or(false);
        let fixed = a.params.len() - usize::from(varargin);
        if args.len() > fixed && !varargin {
            return Err(Error::with_id(
                "Octave:invalid-fun-call",
                "@<anonymous>: function called with too many inputs",
            ));
        }
        let nargin = args.len();
        let mut frame = Frame::for_scope(
            &a.scope,
            "@<anonymous>".into(),
            // Subfunctions of the calling file stay callable from the body.
            self.frame().unit.clone(),
            Rc::new(Source {
                path: None,
                text: text.clone(),
            }),
            (nargin, nargout),
            &mut self.vars_pool,
        );
        for (n, v) in captures {
            frame.vars.insert(n, v.clone());
        }
        let mut args = args.into_iter();
        for p in a.params.iter().take(fixed) {
            match args.next() {
                Some(v) if p != "~" => {
                    frame.vars.insert(p, v);
                }
                _ => {}
            }
        }
        if varargin {
            let rest: Vec<Value> = args.collect();
            frame.vars.insert("varargin", Value::cell(Array::row(rest)));
        }
        self.frames.push(Box::new(frame));
        let caller_ends = std::mem::take(&mut self.end_ctx);
        let result = self.nested(|it| it.eval_multi(&a.body, nargout));
        self.end_ctx = caller_ends;
        if let Some(frame) = self.frames.pop() {
            frame.vars.recycle(&mut self.vars_pool);
        }
        result
    }
}

impl Caller for Interp {
    fn call(
        &mut self,
        state: &mut State,
        out: &mut dyn Write,
        f: &Value,
        args: Vec<Value>,
        nargout: usize,
    ) -> Result<Vec<Value>> {
        // The builtin holds the session state and the output stream while
        // it runs: lend them back for the call, and pass on what it printed.
        std::mem::swap(&mut self.state, state);
        let printed = Rc::new(std::cell::RefCell::new(Vec::new()));
        let saved = std::mem::replace(&mut self.out, Box::new(Collect(printed.clone())));
        let r = self.call_value(f, args, nargout);
        self.out = saved;
        std::mem::swap(&mut self.state, state);
        let text = std::mem::take(&mut *printed.borrow_mut());
        out.write_all(&text)
            .map_err(|e| Error::new(format!("cannot write output: {e}")))?;
        r
    }
}

/// A writer into a shared buffer.
struct Collect(Rc<std::cell::RefCell<Vec<u8>>>);

impl Write for Collect {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
