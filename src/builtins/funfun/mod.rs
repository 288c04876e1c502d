//! Function functions: solvers, minimizers, quadrature and ODE integrators
//! that take a function (`fzero`, `fminbnd`, `fminsearch`, `integral`,
//! `quad`, `quadgk`, `quadl`, `quadv`, `quadcc`, `integral2`, `quad2d`,
//! `integral3`, `dblquad`, `triplequad`, `ode45`, `ode23`, `ode15s`) and
//! their option structs
//! (`optimset`, `optimget`, `odeset`, `odeget`).
//!
//! Each algorithm is written over a Rust closure (`FnMut(f64) -> Result<f64>`
//! and the like), so it is tested without the interpreter; the builtin wraps
//! the user's function (a handle, or a name as a char row) into that closure
//! with `Ctx::call`, the one call interface builtins have. Every loop has an
//! iteration or evaluation limit, so no function can make a solver hang.
//!
//! Files: `options.rs` (option structs), `zero.rs` (fzero), `minimize.rs`
//! (fminbnd, fminsearch), `quad.rs` (integral, quadgk, quad, quadl,
//! quadv), `quadcc.rs` (quadcc), `quad2.rs` (integral2, quad2d, integral3,
//! dblquad, triplequad), `ode.rs` (the integrators of ode45, ode23, ode23s,
//! ode15s: steps, events, output points) and `ode_call.rs` (those
//! builtins' arguments, the user's functions, the outputs).

mod minimize;
mod ode;
mod ode_call;
mod options;
mod quad;
mod quad2;
mod quadcc;
mod zero;

use super::{Builtin, Ctx};
use crate::error::{Error, Result};
use crate::value::{Array, Dims, StructArray, Value};

pub const TABLE: &[Builtin] = &[
    Builtin {
        name: "optimset",
        func: options::optimset,
        calls_back: false,
    },
    Builtin {
        name: "optimget",
        func: options::optimget,
        calls_back: false,
    },
    Builtin {
        name: "odeset",
        func: options::odeset,
        calls_back: false,
    },
    Builtin {
        name: "odeget",
        func: options::odeget,
        calls_back: false,
    },
    Builtin {
        name: "fzero",
        func: zero::fzero,
        calls_back: true,
    },
    Builtin {
        name: "fminbnd",
        func: minimize::fminbnd,
        calls_back: true,
    },
    Builtin {
        name: "fminsearch",
        func: minimize::fminsearch,
        calls_back: true,
    },
    Builtin {
        name: "integral",
        func: quad::integral,
        calls_back: true,
    },
    Builtin {
        name: "quadgk",
        func: quad::quadgk,
        calls_back: true,
    },
    Builtin {
        name: "quad",
        func: quad::quad,
        calls_back: true,
    },
    Builtin {
        name: "quadcc",
        func: quadcc::quadcc,
        calls_back: true,
    },
    Builtin {
        name: "quadl",
        func: quad::quadl,
        calls_back: true,
    },
    Builtin {
        name: "quadv",
        func: quad::quadv,
        calls_back: true,
    },
    Builtin {
        name: "integral2",
        func: quad2::integral2,
        calls_back: true,
    },
    Builtin {
        name: "quad2d",
        func: quad2::quad2d,
        calls_back: true,
    },
    Builtin {
        name: "integral3",
        func: quad2::integral3,
        calls_back: true,
    },
    Builtin {
        name: "dblquad",
        func: quad2::dblquad,
        calls_back: true,
    },
    Builtin {
        name: "triplequad",
        func: quad2::triplequad,
        calls_back: true,
    },
    Builtin {
        name: "ode45",
        func: ode_call::ode45,
        calls_back: true,
    },
    Builtin {
        name: "ode23",
        func: ode_call::ode23,
        calls_back: true,
    },
    Builtin {
        name: "ode15s",
        func: ode_call::ode15s,
        calls_back: true,
    },
    Builtin {
        name: "ode23s",
        func: ode_call::ode23s,
        calls_back: true,
    },
];

/// The function a solver calls: a handle or a function name, plus the
/// extra parameters MATLAB's old calling form passes after the solver's
/// own arguments (`fzero(f, x0, options, p1, p2)` calls `f(x, p1, p2)`).
pub(crate) struct Fun {
    f: Value,
    extra: Vec<Value>,
}

impl Fun {
    /// The function argument of `fname`: a handle or a char row naming a
    /// function.
    fn new(fname: &str, f: Value, extra: Vec<Value>) -> Result<Fun> {
        match &f {
            Value::Func(_) => {}
            Value::Char(a) if a.rows() <= 1 && !a.is_empty() => {}
            other => {
                return Err(Error::with_id(
                    format!("MATLAB:{fname}:InvalidFun"),
                    format!(
                        "{fname}: FUN must be a function handle or the name of a function, not {}",
                        other.class_name()
                    ),
                ))
            }
        }
        Ok(Fun { f, extra })
    }

    /// Call the function for one output with `args` and the extra parameters.
    fn call(&self, ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Value> {
        args.extend(self.extra.iter().cloned());
        ctx.call1(&self.f, args)
    }

    /// Call with one number and require one real finite-or-not number back.
    fn scalar(&self, ctx: &mut Ctx, fname: &str, x: f64) -> Result<f64> {
        let v = self.call(ctx, vec![Value::num(x)])?;
        real_scalar_result(fname, &v)
    }
}

/// The one real number a function returned to `fname`.
fn real_scalar_result(fname: &str, v: &Value) -> Result<f64> {
    if v.numel() != 1 || !v.is_numeric() && !matches!(v, Value::Bool(_)) {
        return Err(Error::with_id(
            format!("MATLAB:{fname}:NonScalarFun"),
            format!(
                "{fname}: FUN must return a real scalar value (it returned a {} {})",
                v.dims().to_string_x(),
                v.class_name()
            ),
        ));
    }
    if v.is_complex() {
        return Err(Error::with_id(
            format!("MATLAB:{fname}:ComplexFun"),
            format!("{fname}: FUN must return a real value, not a complex one"),
        ));
    }
    v.scalar_f64(fname)
}

/// The real numbers of a numeric argument of `fname` called `what`.
fn real_arg(fname: &str, what: &str, v: &Value) -> Result<Array<f64>> {
    if !v.is_numeric() && !matches!(v, Value::Bool(_)) || v.is_complex() {
        return Err(Error::new(format!("{fname}: {what} must be real numeric")));
    }
    v.to_num_array(fname)
}

/// A real scalar argument of `fname` called `what`.
fn real_scalar_arg(fname: &str, what: &str, v: &Value) -> Result<f64> {
    let a = real_arg(fname, what, v)?;
    if a.numel() != 1 {
        return Err(Error::new(format!("{fname}: {what} must be a real scalar")));
    }
    Ok(a.data()[0])
}

/// `nargout` for a builtin that returns at most `max` values.
fn check_nargout(ctx: &Ctx, fname: &str, max: usize) -> Result<()> {
    if ctx.nargout > max {
        return Err(Error::too_many_outputs(fname));
    }
    Ok(())
}

/// A 1x1 struct from names and values, in order.
fn record(fields: Vec<(&str, Value)>) -> Value {
    Value::structure(StructArray::scalar(
        fields
            .into_iter()
            .map(|(n, v)| (n.to_string(), v))
            .collect(),
    ))
}

/// A column of numbers as a double value.
fn col(v: Vec<f64>) -> Value {
    Value::Num(Array::new(Dims::mat(v.len(), 1), v))
}

/// Write a solver's message (MATLAB shows it in the command window).
fn say(ctx: &mut Ctx, text: &str) -> Result<()> {
    writeln!(ctx.out, "{text}").map_err(|e| Error::new(format!("cannot write output: {e}")))
}

/// `%.Ne` as MATLAB prints numbers in messages (`1.000000e-04`: at least
/// two exponent digits).
fn sci(x: f64, digits: usize) -> String {
    let s = format!("{x:.digits$e}");
    match s.split_once('e') {
        Some((m, ex)) => {
            let (sign, d) = match ex.strip_prefix('-') {
                Some(d) => ('-', d),
                None => ('+', ex),
            };
            format!("{m}e{sign}{d:0>2}")
        }
        None => s,
    }
}
