//! Function handles: `feval`, `func2str`, `str2func`, `is_function_handle`.
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
        name: "is_function_handle",
        func: is_function_handle,
        calls_back: false,
    },
];

/// `feval(f, args...)`: call a handle or a function named by a char row.
fn feval(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    if args.is_empty() {
        return Err(Error::nargin("feval"));
    }
    let f = args.remove(0);
    let nargout = ctx.nargout;
    ctx.call(&f, args, nargout)
}

/// `func2str(f)`: `sin` for `@sin`, the text of an anonymous function.
fn func2str(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    match args.as_slice() {
        [Value::Func(f)] => Ok(vec![Value::str(&f.text())]),
        [_] => Err(Error::new(
            "func2str: FCN_HANDLE argument must be a valid function handle",
        )),
        _ => Err(Error::nargin("func2str")),
    }
}

/// `str2func(text)`: a named handle, or an anonymous function (which
/// captures nothing: its names are resolved when it runs).
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

fn is_function_handle(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    match args.as_slice() {
        [v] => Ok(vec![Value::bool(matches!(v, Value::Func(_)))]),
        _ => Err(Error::nargin("is_function_handle")),
    }
}
