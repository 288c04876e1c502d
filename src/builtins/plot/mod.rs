//! Plotting builtins: `figure`, `plot`, `title`, `print`... Each edits the
//! session's figures in `State::graphics`; the interpreter stores the
//! changed figures with the command (see `crate::graphics`).
//!
//! Files: `figure` (figures, axes, subplot, hold, decorations: labels,
//! limits, ticks, legend, grid, axis, view), `lines` (the `plot` family,
//! scatter, stem, stairs, errorbar, area, fill, text), `charts` (bar,
//! barh, histogram, hist), `images` (image, imagesc, imshow, contour,
//! contourf, surf, mesh, colormaps), `props` (set, get, ishghandle and
//! the properties kept only to be read back, with Octave's defaults),
//! `objects` (axes, isfigure, isaxes), `compute` (logspace, size_equal:
//! no figure involved) and `output` (print, saveas, exportgraphics).
//!
//! # Handles
//!
//! Handles are doubles, collision-free by construction:
//! - figure `n` is `n` (an integer, as in MATLAB and Octave);
//! - axes `k` (its `Axes::handle`, 1..=99) of figure `n` is `n + k/100`;
//! - artist `j` (0-based index into the axes' children, up to 9994) of
//!   that axes is `n + k/100 + (j+1)/1e6`;
//! - the title and x, y, z labels of that axes are artists 9995..=9998
//!   (`LABEL_BASE`): text objects whose strings live in the axes.
//! - the root object (`get(0, 'CurrentFigure')`) is 0.
//!
//! An artist handle names a position in its axes: after a plot without
//! `hold on` replaces the axes' content, an old line handle names the new
//! content's line at that position (MATLAB would call it deleted).
//!
//! Every builtin returns nothing when called for no output (`ctx.nargout`
//! is 0), so a bare `plot(x)` prints nothing.

mod charts;
mod compute;
mod contour_matrix;
mod figure;
mod images;
mod lines;
mod objects;
mod output;
mod props;

pub use output::written_file;

use super::{Builtin, Ctx};
use crate::error::{Error, Result};
use crate::graphics::model::{Axes, Figure, Rgb};
use crate::graphics::Graphics;
use crate::value::{Array, Value};

/// The plotting builtins.
pub static TABLE: &[Builtin] = table![
    "figure" => figure::figure,
    "close" => figure::close,
    "clf" => figure::clf,
    "cla" => figure::cla,
    "hold" => figure::hold,
    "ishold" => figure::ishold,
    "subplot" => figure::subplot,
    "gcf" => figure::gcf,
    "gca" => figure::gca,
    "axes" => objects::axes,
    "isfigure" => objects::isfigure,
    "isaxes" => objects::isaxes,
    "line" => lines::line,
    "title" => figure::title,
    "xlabel" => figure::xlabel,
    "ylabel" => figure::ylabel,
    "zlabel" => figure::zlabel,
    "legend" => figure::legend,
    "grid" => figure::grid,
    "box" => figure::box_,
    "axis" => figure::axis,
    "xlim" => figure::xlim,
    "ylim" => figure::ylim,
    "zlim" => figure::zlim,
    "xticks" => figure::xticks,
    "yticks" => figure::yticks,
    "xticklabels" => figure::xticklabels,
    "yticklabels" => figure::yticklabels,
    "colorbar" => figure::colorbar,
    "view" => figure::view,
    "caxis" => figure::caxis,
    "clim" => figure::caxis,
    "ishghandle" => props::ishghandle,
    "isgraphics" => props::ishghandle,
    "set" => props::set,
    "get" => props::get,
    "plot" => lines::plot,
    "plot3" => lines::plot3,
    "semilogx" => lines::semilogx,
    "semilogy" => lines::semilogy,
    "loglog" => lines::loglog,
    "scatter" => lines::scatter,
    "stem" => lines::stem,
    "stairs" => lines::stairs,
    "errorbar" => lines::errorbar,
    "area" => lines::area,
    "fill" => lines::fill,
    "text" => lines::text,
    "bar" => charts::bar,
    "barh" => charts::barh,
    "histogram" => charts::histogram,
    "hist" => charts::hist,
    "image" => images::image,
    "imagesc" => images::imagesc,
    "imshow" => images::imshow,
    "contour" => images::contour,
    "contourf" => images::contourf,
    "surf" => images::surf,
    "mesh" => images::mesh,
    "colormap" => images::colormap,
    "parula" => images::map_parula,
    "viridis" => images::map_viridis,
    "jet" => images::map_jet,
    "gray" => images::map_gray,
    "hot" => images::map_hot,
    "print" => output::print,
    "saveas" => output::saveas,
    "exportgraphics" => output::exportgraphics,
];

/// Numeric helpers of the plotting family that touch no figure (kept out
/// of `TABLE` so calling them loads no stored figure).
pub static COMPUTE_TABLE: &[Builtin] = table![
    "logspace" => compute::logspace,
    "size_equal" => compute::size_equal,
];

/// Whether `name` is a plotting builtin (the interpreter loads the stored
/// figures before calling one and collects its changes after).
pub fn is_graphics(name: &str) -> bool {
    TABLE.iter().any(|b| b.name == name)
}

// ----- handles -----

/// What a handle names.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Target {
    /// The root object, handle 0 (the screen: `CurrentFigure`,
    /// `Children`, the factory defaults).
    Root,
    Figure(u32),
    /// Figure number and index into `Figure::axes`.
    Axes(u32, usize),
    /// Figure number, axes index, child index.
    Artist(u32, usize, usize),
    /// Figure number, axes index, and which text: 0 title, 1 x label,
    /// 2 y label, 3 z label.
    Label(u32, usize, usize),
}

/// Artist numbers `LABEL_BASE + 1 ..= LABEL_BASE + 4` of an axes name its
/// title and x, y, z labels (so children are numbered up to `LABEL_BASE`).
pub(crate) const LABEL_BASE: usize = 9995;

/// The handle of the title (`which` 0) or x/y/z label (1..=3) of axes
/// `handle` in figure `fig`.
pub(crate) fn label_handle(fig: u32, handle: u32, which: usize) -> f64 {
    artist_handle(fig, handle, LABEL_BASE + which)
}

/// The figure a target belongs to (`None` for the root).
pub(crate) fn figure_of_target(t: Target) -> Option<u32> {
    match t {
        Target::Root => None,
        Target::Figure(n) | Target::Axes(n, _) | Target::Artist(n, ..) | Target::Label(n, ..) => {
            Some(n)
        }
    }
}

/// The handle of axes `handle` in figure `fig`.
pub(crate) fn axes_handle(fig: u32, handle: u32) -> f64 {
    fig as f64 + handle as f64 / 100.0
}

/// The handle of child `j` of axes `handle` in figure `fig`.
pub(crate) fn artist_handle(fig: u32, handle: u32, j: usize) -> f64 {
    axes_handle(fig, handle) + (j + 1) as f64 / 1e6
}

/// What `h` names in the open figures, if anything.
pub(crate) fn resolve(g: &Graphics, h: f64) -> Option<Target> {
    if h == 0.0 {
        return Some(Target::Root);
    }
    if !h.is_finite() || h < 1.0 || h > u32::MAX as f64 {
        return None;
    }
    let n = h.floor();
    let fig = n as u32;
    let f = g.figures.get(&fig)?;
    let rest = h - n;
    if rest == 0.0 {
        return Some(Target::Figure(fig));
    }
    let k = (rest * 100.0 + 1e-7).floor();
    let j1 = ((rest - k / 100.0) * 1e6).round();
    let tol = 1e-9 * n.max(1.0);
    if k < 1.0 {
        return None;
    }
    let ai = f.axes.iter().position(|a| a.handle as f64 == k)?;
    let ax = &f.axes[ai];
    if j1 < 1.0 {
        return ((axes_handle(fig, ax.handle) - h).abs() < tol).then_some(Target::Axes(fig, ai));
    }
    let j = j1 as usize - 1;
    if (LABEL_BASE..LABEL_BASE + 4).contains(&j) {
        return ((artist_handle(fig, ax.handle, j) - h).abs() < tol).then_some(Target::Label(
            fig,
            ai,
            j - LABEL_BASE,
        ));
    }
    (j < ax.children.len() && (artist_handle(fig, ax.handle, j) - h).abs() < tol)
        .then_some(Target::Artist(fig, ai, j))
}

/// MATLAB's error for a handle that names nothing.
pub(crate) fn invalid_handle(fname: &str) -> Error {
    Error::new(format!("{fname}: invalid or deleted graphics object"))
}

/// The figure `fig` (open), marked changed.
pub(crate) fn fig_mut(g: &mut Graphics, fig: u32) -> &mut Figure {
    g.changed.insert(fig);
    g.figures
        .get_mut(&fig)
        .expect("resolved handles name open figures")
}

/// The current axes' handle (made if needed).
pub(crate) fn current_axes(g: &mut Graphics) -> f64 {
    let (fig, i) = current_axes_ids(g);
    axes_handle(fig, g.figures[&fig].axes[i].handle)
}

/// The current axes' figure number and axes index. Existing axes are not
/// marked changed (a query stores nothing); missing ones are made.
pub(crate) fn current_axes_ids(g: &mut Graphics) -> (u32, usize) {
    if let Some(n) = g.current_number() {
        if let Some(i) = g.figures[&n]
            .current
            .filter(|&i| i < g.figures[&n].axes.len())
        {
            return (n, i);
        }
    }
    g.gca();
    let fig = g.current_number().unwrap_or(1);
    let idx = g.figures.get(&fig).and_then(|f| f.current).unwrap_or(0);
    (fig, idx)
}

/// If `args[0]` is an axes handle (a non-integer scalar naming axes) and
/// more arguments follow or `alone` allows it, take it off and return its
/// ids; else the current axes' ids.
pub(crate) fn axes_arg(g: &mut Graphics, args: &mut Vec<Value>) -> (u32, usize) {
    if let Some(Value::Num(a)) = args.first() {
        if a.numel() == 1 {
            if let Some(Target::Axes(f, i)) = resolve(g, a.data()[0]) {
                args.remove(0);
                return (f, i);
            }
        }
    }
    current_axes_ids(g)
}

/// A leading axes handle (`plot(hax, ...)`), taken off `args`: the axes
/// to draw in instead of the current one.
pub(crate) fn take_axes(g: &Graphics, args: &mut Vec<Value>) -> Option<(u32, usize)> {
    if let Some(Value::Num(a)) = args.first() {
        if a.numel() == 1 {
            if let Some(Target::Axes(f, i)) = resolve(g, a.data()[0]) {
                args.remove(0);
                return Some((f, i));
            }
        }
    }
    None
}

/// The axes with these ids, marked changed.
pub(crate) fn axes_mut(g: &mut Graphics, ids: (u32, usize)) -> &mut Axes {
    &mut fig_mut(g, ids.0).axes[ids.1]
}

/// The axes with these ids, marked changed only when `edit` (a query
/// such as `l = xlim` leaves the stored figure alone).
pub(crate) fn axes_at(g: &mut Graphics, ids: (u32, usize), edit: bool) -> &mut Axes {
    if edit {
        g.changed.insert(ids.0);
    }
    &mut g
        .figures
        .get_mut(&ids.0)
        .expect("resolved handles name open figures")
        .axes[ids.1]
}

// ----- arguments -----

/// The text of a char row argument, `None` for anything else.
pub(crate) fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::Char(a) if a.rows() <= 1 => Some(String::from_utf16_lossy(a.data())),
        _ => None,
    }
}

/// Text of a label argument: a char row, a char matrix or cellstr (lines
/// joined by newlines), or a number (shown as `num2str` would).
pub(crate) fn label_text(fname: &str, v: &Value) -> Result<String> {
    match v {
        Value::Char(a) if a.rows() <= 1 => Ok(String::from_utf16_lossy(a.data())),
        Value::Char(_) => Ok(v
            .char_rows_of()
            .unwrap_or_default()
            .iter()
            .map(|s| s.trim_end().to_string())
            .collect::<Vec<_>>()
            .join("\n")),
        Value::Cell(c) => {
            let mut lines = Vec::new();
            for e in c.data() {
                lines.push(label_text(fname, e)?);
            }
            Ok(lines.join("\n"))
        }
        Value::Num(a) if a.numel() == 1 => Ok(crate::builtins::util::fmt_num(a.data()[0])),
        other => Err(Error::new(format!(
            "{fname}: text must be a string or cell array of strings, not {}",
            other.class_name()
        ))),
    }
}

/// Real numbers of a numeric argument (complex is an error).
pub(crate) fn nums(fname: &str, v: &Value) -> Result<Array<f64>> {
    if matches!(
        v,
        Value::Cell(_) | Value::Struct(_) | Value::Func(_) | Value::Char(_)
    ) {
        return Err(Error::new(format!(
            "{fname}: expected numeric data, not {}",
            v.class_name()
        )));
    }
    v.to_num_array(fname)
}

/// Whether a value is numeric data (numbers, logicals) for a plotting call.
pub(crate) fn is_data(v: &Value) -> bool {
    !matches!(
        v,
        Value::Char(_) | Value::Cell(_) | Value::Struct(_) | Value::Func(_)
    )
}

/// A two-element limit vector `[lo hi]` with `lo < hi`.
pub(crate) fn limits(fname: &str, v: &Value) -> Result<[f64; 2]> {
    let a = nums(fname, v)?;
    let d = a.data();
    if d.len() != 2 || d[0].is_nan() || d[1].is_nan() || d[0] >= d[1] {
        return Err(Error::new(format!(
            "{fname}: limits must be a 2-element vector of increasing numeric values"
        )));
    }
    Ok([d[0], d[1]])
}

/// A colour argument: a name or letter (`'r'`, `'red'`), `[r g b]` in
/// 0..=1, `'none'` is `Ok(None)`.
pub(crate) fn color_arg(fname: &str, v: &Value) -> Result<Option<Rgb>> {
    if let Some(s) = text_of(v) {
        if s.eq_ignore_ascii_case("none") {
            return Ok(None);
        }
        return crate::graphics::linespec::color_name(s.trim())
            .map(Some)
            .ok_or_else(|| Error::new(format!("{fname}: invalid color specification '{s}'")));
    }
    let a = nums(fname, v)?;
    let d = a.data();
    if d.len() != 3 || d.iter().any(|x| !(0.0..=1.0).contains(x)) {
        return Err(Error::new(format!(
            "{fname}: a color must be a name or a 1x3 vector of values in [0, 1]"
        )));
    }
    Ok(Some(Rgb(d[0], d[1], d[2])))
}

/// `[r g b]` of a colour.
pub(crate) fn color_value(c: Option<Rgb>) -> Value {
    match c {
        Some(Rgb(r, g, b)) => Value::row(vec![r, g, b]),
        None => Value::str("none"),
    }
}

/// Split trailing `'Name', value` pairs off `args` from index `from`: the
/// names (as given) and values. An odd count is MATLAB's error.
pub(crate) fn pairs(fname: &str, args: &[Value]) -> Result<Vec<(String, Value)>> {
    if args.len() % 2 != 0 {
        return Err(Error::new(format!(
            "{fname}: property names and values must come in pairs"
        )));
    }
    args.chunks(2)
        .map(|p| match text_of(&p[0]) {
            Some(n) => Ok((n, p[1].clone())),
            None => Err(Error::new(format!(
                "{fname}: expected a property name, got {}",
                p[0].class_name()
            ))),
        })
        .collect()
}

/// `on`/`off` of a property value or command word.
pub(crate) fn on_off(fname: &str, v: &Value) -> Result<bool> {
    if let Some(s) = text_of(v) {
        match s.to_ascii_lowercase().as_str() {
            "on" => return Ok(true),
            "off" => return Ok(false),
            _ => {}
        }
    }
    match v.is_true() {
        Ok(b) if !matches!(v, Value::Char(_)) => Ok(b),
        _ => Err(Error::new(format!("{fname}: value must be 'on' or 'off'"))),
    }
}

/// `[h]` for callers that asked for an output, nothing otherwise.
pub(crate) fn handles_out(ctx: &Ctx, h: Vec<f64>) -> Vec<Value> {
    if ctx.nargout == 0 {
        Vec::new()
    } else {
        vec![Value::col(h)]
    }
}

/// The lower-case text of a command word argument, or an error.
pub(crate) fn word(fname: &str, v: &Value) -> Result<String> {
    text_of(v)
        .map(|s| s.trim().to_ascii_lowercase())
        .ok_or_else(|| Error::new(format!("{fname}: expected an option word (a string)")))
}

/// Finite data range of a set of values (`None` if none is finite; for a
/// log axis only positive values count).
pub(crate) fn data_range<'a>(vals: impl Iterator<Item = &'a f64>, log: bool) -> Option<[f64; 2]> {
    let mut r: Option<[f64; 2]> = None;
    for &v in vals {
        if !v.is_finite() || (log && v <= 0.0) {
            continue;
        }
        r = Some(match r {
            None => [v, v],
            Some([a, b]) => [a.min(v), b.max(v)],
        });
    }
    r
}

#[cfg(test)]
pub(crate) mod test_util {
    use crate::builtins::{Ctx, State};
    use crate::error::Result;
    use crate::value::Value;

    /// Call the plotting builtin `name` on `st` for `nargout` outputs.
    pub fn call(
        st: &mut State,
        name: &str,
        args: Vec<Value>,
        nargout: usize,
    ) -> Result<Vec<Value>> {
        let b = super::TABLE
            .iter()
            .chain(super::COMPUTE_TABLE)
            .find(|b| b.name == name)
            .expect("a plotting builtin");
        let mut out = std::io::sink();
        let mut err = std::io::sink();
        let mut ctx = Ctx {
            out: &mut out,
            err: &mut err,
            state: st,
            nargout,
            caller: None,
        };
        (b.func)(&mut ctx, args)
    }

    /// `call` for no output, expecting success.
    pub fn run(st: &mut State, name: &str, args: Vec<Value>) {
        if let Err(e) = call(st, name, args, 0) {
            panic!("{name} failed: {e}");
        }
    }

    pub fn s(t: &str) -> Value {
        Value::str(t)
    }
    pub fn row(v: &[f64]) -> Value {
        Value::row(v.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::test_util::*;
    use super::*;
    use crate::builtins::State;

    #[test]
    fn handles_name_figures_axes_and_artists_without_collisions() {
        let mut st = State::default();
        run(&mut st, "figure", vec![Value::num(3.0)]);
        run(&mut st, "plot", vec![row(&[1.0, 2.0]), row(&[3.0, 4.0])]);
        let g = &st.graphics;
        assert_eq!(resolve(g, 3.0), Some(Target::Figure(3)));
        assert_eq!(resolve(g, axes_handle(3, 1)), Some(Target::Axes(3, 0)));
        assert_eq!(
            resolve(g, artist_handle(3, 1, 0)),
            Some(Target::Artist(3, 0, 0))
        );
        assert_eq!(resolve(g, artist_handle(3, 1, 1)), None);
        assert_eq!(resolve(g, axes_handle(3, 2)), None);
        assert_eq!(resolve(g, 4.0), None);
        assert_eq!(resolve(g, 3.5), None);
    }
}
