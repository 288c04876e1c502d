//! Function handles: `feval`, `func2str`, `str2func`, `is_function_handle`,
//! and `inline` (made an anonymous function).
//! Calling goes through `Ctx::call`, the interpreter's one call interface.

use super::{Builtin, Ctx};
use crate::error::{Error, Result};
use crate::value::{Func, Value};

pub const TABLE: &[Builtin] = &[
    Builtin {
        name: "feval",
        func: feval,
        calls_back: true,
    },
    Builtin {
        name: "func2str",
        func: func2str,
        calls_back: false,
    },
    Builtin {
        name: "str2func",
        func: str2func,
        calls_back: false,
    },
    Builtin {
        name: "inline",
        func: inline,
        calls_back: false,
    },
    Builtin {
        name: "is_function_handle",
        func: is_function_handle,
        calls_back: false,
    },
];

/// feval: call a function given by handle or name.
///
/// `[y1, ...] = feval(f, x1, ...)` calls the function f with the arguments
/// x1, ... and returns its outputs. f is a function handle or the name of a
/// function as a string.
///
/// ```text
/// >> feval(@plus, 1, 2)
/// ans = 3
/// >> feval('max', [3 9 4])
/// ans = 9
/// ```
fn feval(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    if args.is_empty() {
        return Err(Error::nargin("feval"));
    }
    let f = args.remove(0);
    let nargout = ctx.nargout;
    ctx.call(&f, args, nargout)
}

/// func2str: the text of a function handle.
///
/// `s = func2str(f)` returns the name of the function for a named handle
/// (`'sin'` for `@sin`) and the full text, with its parameter list, for an
/// anonymous function.
///
/// ```text
/// >> func2str(@sin)
/// ans = sin
/// >> func2str(@(x) x.^2 + 1)
/// ans = @(x) x .^ 2 + 1
/// ```
fn func2str(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    match args.as_slice() {
        [Value::Func(f)] => Ok(vec![Value::str(&f.text())]),
        [_] => Err(Error::new(
            "func2str: FCN_HANDLE argument must be a valid function handle",
        )),
        _ => Err(Error::nargin("func2str")),
    }
}

/// str2func: function handle from text.
///
/// `F = str2func(NAME)` is a handle to the function called NAME, as @NAME.
///
/// `F = str2func(TEXT)` with TEXT starting with '@' is the anonymous
/// function it spells out; it captures no variables of the caller.
///
/// ```text
/// >> f = str2func('sin'); f(0)
/// ans = 0
/// >> f = str2func('@(x) x + 1'); f(2)
/// ans = 3
/// ```
fn str2func(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let text = match args.first() {
        Some(v @ Value::Char(_)) if args.len() <= 2 => v.to_str("str2func")?,
        Some(_) if args.len() <= 2 => {
            return Err(Error::new("str2func: FCN_NAME must be a string"));
        }
        _ => return Err(Error::nargin("str2func")),
    };
    let t = text.trim();
    if t.starts_with("@") {
        let a = crate::syntax::parse_anon(t)
            .map_err(|e| Error::with_id("Octave:parse-error", format!("str2func: {e}")))?;
        return Ok(vec![Value::func(Func::Anon {
            text: a.text.clone(),
            captures: Vec::new(),
        })]);
    }
    if t.is_empty() {
        return Err(Error::new("str2func: FCN_NAME must be a string"));
    }
    Ok(vec![Value::func(Func::Named(t.to_string()))])
}

/// is_function_handle: true for a function handle.
///
/// `tf = is_function_handle(x)` is true when x is of class function_handle
/// (`@name` or an anonymous function `@(x) ...`).
///
/// ```text
/// >> is_function_handle(@sin)
/// ans = 1
/// >> is_function_handle('sin')
/// ans = 0
/// ```
fn is_function_handle(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    match args.as_slice() {
        [v] => Ok(vec![Value::bool(matches!(v, Value::Func(_)))]),
        _ => Err(Error::nargin("is_function_handle")),
    }
}

/// inline: a function from an expression string (legacy).
///
/// `f = inline(expr)` returns a function of the variables found in the
/// string expr (names other than i, j, pi, Inf, NaN, eps and known
/// functions, in alphabetical order; x when there are none); call it as
/// `f(...)`.
///
/// `f = inline(expr, 'a1', 'a2', ...)` names the parameters explicitly;
/// `f = inline(expr, n)` uses x, P1, ..., Pn.
///
/// In flatlab the result is an anonymous function handle (class
/// function_handle), not an inline object. Prefer `@(x) ...` in new code.
///
/// ```text
/// >> f = inline('x^2 + 1'); f(3)
/// ans = 10
/// >> g = inline('a*t + b', 't', 'a', 'b'); g(2, 3, 1)
/// ans = 7
/// ```
fn inline(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let expr = match args.first() {
        Some(v @ Value::Char(a)) if a.rows() <= 1 => v.to_str("inline")?,
        Some(_) => return Err(Error::new("inline: STR argument must be a string")),
        None => return Err(Error::nargin("inline")),
    };
    let params: Vec<String> = match &args[1..] {
        [] => inline_vars(&expr),
        [n] if n.is_numeric() => {
            let n = n.scalar_f64("inline")?;
            if !(0.0..=10_000.0).contains(&n) || n.fract() != 0.0 {
                return Err(Error::new("inline: N must be a positive integer or zero"));
            }
            std::iter::once("x".to_string())
                .chain((1..=n as usize).map(|k| format!("P{k}")))
                .collect()
        }
        names => names
            .iter()
            .map(|v| match v {
                Value::Char(a) if a.rows() <= 1 => v.to_str("inline"),
                _ => Err(Error::new("inline: additional arguments must be strings")),
            })
            .collect::<Result<_>>()?,
    };
    let text = format!("@({}) {}", params.join(", "), expr);
    let a = crate::syntax::parse_anon(&text)
        .map_err(|e| Error::with_id("Octave:parse-error", format!("inline: {e}")))?;
    Ok(vec![Value::func(Func::Anon {
        text: a.text.clone(),
        captures: Vec::new(),
    })])
}

/// The arguments Octave gives an inline function: the identifiers of
/// `expr` not followed by `(`, other than i, j, pi, e, eps, Inf, NaN, NA
/// (and the digits of numbers), in ASCII order without repeats; `x` when
/// there is none.
fn inline_vars(expr: &str) -> Vec<String> {
    const CONSTANTS: &[&str] = &["i", "j", "pi", "e", "eps", "Inf", "inf", "NaN", "nan", "NA"];
    let b = expr.as_bytes();
    let mut found = std::collections::BTreeSet::new();
    let mut k = 0;
    while k < b.len() {
        let c = b[k];
        if c.is_ascii_digit() || c == b'.' && b.get(k + 1).is_some_and(u8::is_ascii_digit) {
            // a number, with its exponent
            while k < b.len() && (b[k].is_ascii_digit() || b[k] == b'.') {
                k += 1;
            }
            if k < b.len() && matches!(b[k], b'e' | b'E' | b'd' | b'D') {
                let mut m = k + 1;
                if m < b.len() && matches!(b[m], b'+' | b'-') {
                    m += 1;
                }
                if m < b.len() && b[m].is_ascii_digit() {
                    k = m;
                    while k < b.len() && b[k].is_ascii_digit() {
                        k += 1;
                    }
                }
            }
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = k;
            while k < b.len() && (b[k].is_ascii_alphanumeric() || b[k] == b'_') {
                k += 1;
            }
            let name = &expr[start..k];
            let mut m = k;
            while m < b.len() && b[m] == b' ' {
                m += 1;
            }
            if b.get(m) != Some(&b'(') && !CONSTANTS.contains(&name) {
                found.insert(name.to_string());
            }
        } else {
            k += 1;
        }
    }
    if found.is_empty() {
        vec!["x".to_string()]
    } else {
        found.into_iter().collect()
    }
}
