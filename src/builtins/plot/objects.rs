//! Graphics objects as such: `axes` (make or select axes), `isfigure`,
//! `isaxes`.

use super::{axes_handle, pairs, resolve, Target};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::graphics::model::{Axes, DEFAULT_AXES_POSITION};
use crate::value::{Array, Value};

/// axes: create axes in the current figure, or make axes current.
///
/// `h = axes()` adds axes at the default position to the current figure
/// (made if none is open), makes them the current axes and returns their
/// handle.
///
/// `h = axes('Name', value, ...)` sets properties of the new axes
/// (`Position`, `XLim`, `FontSize`...).
///
/// `axes(h)` makes the existing axes `h` (and its figure) current.
///
/// ```text
/// >> h = axes(); isequal(h, gca)
/// ans = 1
/// ```
pub fn axes(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let g = &mut ctx.state.graphics;
    if let [Value::Num(a)] = args.as_slice() {
        if a.numel() != 1 {
            return Err(Error::new("axes: H must be a scalar handle"));
        }
        return match resolve(g, a.data()[0]) {
            Some(Target::Axes(n, i)) => {
                g.set_current(Some(n));
                super::fig_mut(g, n).current = Some(i);
                Ok(if ctx.nargout > 0 {
                    vec![Value::num(a.data()[0])]
                } else {
                    vec![]
                })
            }
            _ => Err(Error::new(
                "axes: H must be a handle to an axes or container",
            )),
        };
    }
    let props = pairs("axes", &args)?;
    // Check the properties on a scratch axes before adding anything.
    let mut new = Axes::new(0, DEFAULT_AXES_POSITION);
    for (name, v) in &props {
        super::props::set_axes_prop(&mut new, name, v)?;
    }
    let f = g.gcf();
    let n = f.number;
    new.handle = f.next_axes_handle;
    if new.handle >= 100 {
        return Err(Error::new(
            "axes: a figure holds at most 99 axes in flatlab",
        ));
    }
    f.next_axes_handle += 1;
    f.axes.push(new);
    f.current = Some(f.axes.len() - 1);
    let h = axes_handle(n, f.axes[f.axes.len() - 1].handle);
    Ok(vec![Value::num(h)])
}

/// Whether each element of `args[0]` names a `Target` that
/// `keep` accepts (element by element).
fn is_kind(
    ctx: &mut Ctx,
    args: &[Value],
    fname: &str,
    keep: fn(Target) -> bool,
) -> Result<Vec<Value>> {
    let [h] = args else {
        return Err(Error::new(format!("Invalid call to {fname}")));
    };
    let g = &ctx.state.graphics;
    let vals: Vec<bool> = match h {
        Value::Num(a) => a
            .data()
            .iter()
            .map(|&x| resolve(g, x).is_some_and(keep))
            .collect(),
        _ => vec![false; h.numel()],
    };
    Ok(vec![Value::Bool(Array::new(h.dims(), vals))])
}

/// isfigure: whether values are figure handles.
///
/// `tf = isfigure(h)` is a logical array the size of `h`: true where the
/// element is the handle of an open figure.
///
/// ```text
/// >> h = figure(); isfigure([h 0 -1])
/// ans =
///
///   1  0  0
///
/// ```
pub fn isfigure(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    is_kind(ctx, &args, "isfigure", |t| matches!(t, Target::Figure(_)))
}

/// isaxes: whether values are axes handles.
///
/// `tf = isaxes(h)` is a logical array the size of `h`: true where the
/// element is the handle of existing axes.
///
/// ```text
/// >> h = gca(); isaxes([h gcf])
/// ans =
///
///   1  0
///
/// ```
pub fn isaxes(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    is_kind(ctx, &args, "isaxes", |t| matches!(t, Target::Axes(..)))
}
