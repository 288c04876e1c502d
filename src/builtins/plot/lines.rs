//! The `plot` family (`plot`, `plot3`, `semilogx`, `semilogy`, `loglog`)
//! and the other line and polygon plots: `scatter`, `stem`, `stairs`,
//! `errorbar`, `area`, `fill`, and `text`.

use super::figure::{new_plot, VIEW_3D};
use super::props::{set_line_prop, set_patch_prop, set_text_prop};
use super::{
    artist_handle, axes_mut, color_arg, handles_out, is_data, nums, pairs, take_axes, text_of,
};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::graphics::linespec::{self, LineSpec};
use crate::graphics::model::{Artist, Line, LineStyle, Marker, Patch, Rgb, Scale, Text};
use crate::graphics::Graphics;
use crate::value::{Array, Value};

/// Property/value pairs of a call.
type Props = Vec<(String, Value)>;

/// One x/y (or x/y/z) group of a plot call and its line spec.
struct Group {
    data: Vec<Value>,
    spec: Option<LineSpec>,
}

/// Split plot arguments into data groups of up to `per` numeric arrays,
/// each optionally followed by a line spec, and the trailing
/// property/value pairs.
fn groups(fname: &str, args: &[Value], per: usize) -> Result<(Vec<Group>, Props)> {
    let mut out: Vec<Group> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let v = &args[i];
        if let Some(s) = text_of(v) {
            match (linespec::parse(&s), out.last_mut()) {
                (Some(spec), Some(g)) if g.spec.is_none() => {
                    g.spec = Some(spec);
                    i += 1;
                    continue;
                }
                _ => break,
            }
        }
        if !is_data(v) {
            return Err(Error::new(format!(
                "{fname}: data must be numeric, not {}",
                v.class_name()
            )));
        }
        let mut data = vec![v.clone()];
        i += 1;
        while data.len() < per && i < args.len() && is_data(&args[i]) {
            data.push(args[i].clone());
            i += 1;
        }
        out.push(Group { data, spec: None });
    }
    if out.is_empty() {
        return Err(Error::new(format!(
            "Invalid call to {fname}: no data to plot"
        )));
    }
    Ok((out, pairs(fname, &args[i..])?))
}

/// The columns of an array as vectors (a vector is one column).
fn columns(a: &Array<f64>) -> Vec<Vec<f64>> {
    let d = a.data();
    if a.dims().is_vector() || a.numel() <= 1 {
        return vec![d.to_vec()];
    }
    let r = a.rows();
    let c = a.numel() / r.max(1);
    (0..c).map(|j| d[j * r..(j + 1) * r].to_vec()).collect()
}

/// The rows of a matrix as vectors.
fn rows_of(a: &Array<f64>) -> Vec<Vec<f64>> {
    let r = a.rows();
    let c = a.numel() / r.max(1);
    (0..r)
        .map(|i| (0..c).map(|j| a.data()[i + j * r]).collect())
        .collect()
}

/// Pair `x` and `y` as MATLAB's plot does: vectors of equal length, a
/// vector against the matching dimension of a matrix, or matrices of
/// the same size column by column.
pub(crate) fn xy_lines(
    fname: &str,
    x: Option<&Value>,
    y: &Value,
) -> Result<Vec<(Vec<f64>, Vec<f64>)>> {
    let complex_y = matches!(y, Value::Complex(_) | Value::SingleComplex(_));
    if x.is_none() && complex_y {
        let z = y.to_complex_array(fname)?;
        let re = z.try_map(|c| c.re)?;
        let im = z.try_map(|c| c.im)?;
        return xy_lines_real(fname, Some(&re), &im);
    }
    let y = real_part(fname, y)?;
    match x {
        Some(x) => {
            let x = real_part(fname, x)?;
            xy_lines_real(fname, Some(&x), &y)
        }
        None => xy_lines_real(fname, None, &y),
    }
}

fn real_part(fname: &str, v: &Value) -> Result<Array<f64>> {
    match v {
        Value::Complex(_) | Value::SingleComplex(_) => {
            crate::error::warn(&format!(
                "{fname}: imaginary parts of complex X and/or Y arguments ignored"
            ));
            Ok(v.to_complex_array(fname)?.try_map(|c| c.re)?)
        }
        _ => nums(fname, v),
    }
}

fn xy_lines_real(
    fname: &str,
    x: Option<&Array<f64>>,
    y: &Array<f64>,
) -> Result<Vec<(Vec<f64>, Vec<f64>)>> {
    let mismatch = || Error::new(format!("{fname}: vectors must be the same length"));
    if y.is_empty() && x.is_none_or(|x| x.is_empty()) {
        return Ok(vec![]);
    }
    let yv = y.dims().is_vector() || y.numel() == 1;
    let Some(x) = x else {
        let cols = columns(y);
        let n = cols.first().map_or(0, |c| c.len());
        let xs: Vec<f64> = (1..=n).map(|k| k as f64).collect();
        return Ok(cols.into_iter().map(|c| (xs.clone(), c)).collect());
    };
    let xv = x.dims().is_vector() || x.numel() == 1;
    Ok(match (xv, yv) {
        (true, true) => {
            if x.numel() != y.numel() {
                return Err(mismatch());
            }
            vec![(x.data().to_vec(), y.data().to_vec())]
        }
        (true, false) => {
            let n = x.numel();
            let ys = if y.rows() == n {
                columns(y)
            } else if y.numel() / y.rows().max(1) == n {
                rows_of(y)
            } else {
                return Err(mismatch());
            };
            ys.into_iter().map(|c| (x.data().to_vec(), c)).collect()
        }
        (false, true) => {
            let n = y.numel();
            let xs = if x.rows() == n {
                columns(x)
            } else if x.numel() / x.rows().max(1) == n {
                rows_of(x)
            } else {
                return Err(mismatch());
            };
            xs.into_iter().map(|c| (c, y.data().to_vec())).collect()
        }
        (false, false) => {
            if x.dims() != y.dims() {
                return Err(mismatch());
            }
            columns(x).into_iter().zip(columns(y)).collect()
        }
    })
}

/// A line with the spec applied and a colour from the colour order unless
/// the spec gives one.
fn styled_line(
    g: &mut Graphics,
    ids: (u32, usize),
    x: Vec<f64>,
    y: Vec<f64>,
    spec: Option<LineSpec>,
) -> Line {
    let spec = spec.unwrap_or_default();
    let a = axes_mut(g, ids);
    let color = match spec.color {
        Some(c) => c,
        None => a.take_color(),
    };
    let mut l = Line::new(x, y, color);
    if let Some(m) = spec.marker {
        l.marker = m;
        l.style = LineStyle::None;
    }
    if let Some(s) = spec.style {
        l.style = s;
    }
    l
}

/// Add artists to an axes; returns their handles.
pub(crate) fn push_artists(g: &mut Graphics, ids: (u32, usize), arts: Vec<Artist>) -> Vec<f64> {
    let a = axes_mut(g, ids);
    let mut hs = Vec::new();
    for art in arts {
        a.children.push(art);
        hs.push(artist_handle(ids.0, a.handle, a.children.len() - 1));
    }
    hs
}

fn plot_2d(
    ctx: &mut Ctx,
    mut args: Vec<Value>,
    fname: &str,
    xlog: bool,
    ylog: bool,
) -> Result<Vec<Value>> {
    let target = take_axes(&ctx.state.graphics, &mut args);
    let (groups, props) = groups(fname, &args, 2)?;
    // Check every group before touching the axes.
    let mut made = Vec::new();
    for gr in &groups {
        let (x, y) = match gr.data.as_slice() {
            [y] => (None, y),
            [x, y] => (Some(x), y),
            _ => unreachable!("groups hold one or two arrays"),
        };
        made.push((xy_lines(fname, x, y)?, gr.spec));
    }
    let g = &mut ctx.state.graphics;
    let ids = new_plot(g, target);
    let mut lines = Vec::new();
    for (pairs, spec) in made {
        for (x, y) in pairs {
            lines.push(styled_line(g, ids, x, y, spec));
        }
    }
    for l in &mut lines {
        for (name, v) in &props {
            set_line_prop(fname, l, name, v)?;
        }
    }
    let a = axes_mut(g, ids);
    if xlog {
        a.xscale = Scale::Log;
    }
    if ylog {
        a.yscale = Scale::Log;
    }
    let hs = push_artists(g, ids, lines.into_iter().map(Artist::Line).collect());
    Ok(handles_out(ctx, hs))
}

/// plot: 2-D line plot.
///
/// `h = plot(y)` plots the columns of `y` against their indices;
/// `plot(x, y)` against `x` (a vector against the matching dimension of a
/// matrix); `plot(x1, y1, spec1, x2, y2, ...)` several lines with line
/// specifications (`'r--o'`); `plot(..., 'Name', value)` sets line
/// properties; `plot(hax, ...)` draws in axes `hax`. Returns the line
/// handles.
///
/// ```text
/// >> h = plot([1 2 3], [4 5 6]); get(h, 'xdata')
/// ans =
///
///    1   2   3
///
/// ```
pub fn plot(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    plot_2d(ctx, args, "plot", false, false)
}
/// semilogx: plot with a logarithmic x axis.
///
/// `semilogx(...)` takes `plot`'s arguments and sets the x scale to log.
///
/// ```text
/// >> semilogx([1 10 100], [1 2 3]); get(gca, 'xscale')
/// ans = log
/// ```
pub fn semilogx(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    plot_2d(ctx, args, "semilogx", true, false)
}
/// semilogy: plot with a logarithmic y axis.
///
/// `semilogy(...)` takes `plot`'s arguments and sets the y scale to log.
///
/// ```text
/// >> semilogy([1 2 3], [1 10 100]); get(gca, 'yscale')
/// ans = log
/// ```
pub fn semilogy(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    plot_2d(ctx, args, "semilogy", false, true)
}
/// loglog: plot with logarithmic x and y axes.
///
/// `loglog(...)` takes `plot`'s arguments and sets both scales to log.
///
/// ```text
/// >> loglog([1 10 100], [1 10 100]); get(gca, 'yscale')
/// ans = log
/// ```
pub fn loglog(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    plot_2d(ctx, args, "loglog", true, true)
}

/// plot3: plot lines and points in 3-D.
///
/// `plot3(X, Y, Z)` draws a line through the points (X(i), Y(i), Z(i));
/// for matrices, one line per column. The axes turn to the default 3-D
/// view (azimuth -37.5, elevation 30).
///
/// `plot3(X, Y, Z, LineSpec)` sets the line style, marker and colour as in
/// `plot` (e.g. 'r--o'); several X, Y, Z triples (each optionally with a
/// LineSpec) draw several lines; property name/value pairs such as
/// 'LineWidth' follow the data.
///
/// `h = plot3(...)` returns the handles of the lines, one per line.
///
/// ```text
/// >> h = plot3([0 1], [0 1], [0 1], 'r--o'); get(h, 'color'), get(gca, 'view'), close all
/// ans =
///
///    1   0   0
///
/// ans =
///
///   -37.500   30.000
///
/// ```
pub fn plot3(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let (groups, props) = groups("plot3", &args, 3)?;
    let mut made = Vec::new();
    for gr in &groups {
        let [x, y, z] = gr.data.as_slice() else {
            return Err(Error::new("plot3: data must come as x, y, z triples"));
        };
        let xy = xy_lines("plot3", Some(x), y)?;
        let xz = xy_lines("plot3", Some(x), z)?;
        if xy.len() != xz.len() || xy.iter().zip(&xz).any(|(a, b)| a.1.len() != b.1.len()) {
            return Err(Error::new("plot3: X, Y and Z must be the same size"));
        }
        made.push((xy, xz, gr.spec));
    }
    let g = &mut ctx.state.graphics;
    let ids = new_plot(g, None);
    let mut lines = Vec::new();
    for (xy, xz, spec) in made {
        for ((x, y), (_, z)) in xy.into_iter().zip(xz) {
            let mut l = styled_line(g, ids, x, y, spec);
            l.z = Some(z);
            lines.push(l);
        }
    }
    for l in &mut lines {
        for (name, v) in &props {
            set_line_prop("plot3", l, name, v)?;
        }
    }
    let a = axes_mut(g, ids);
    if a.view.is_none() {
        a.view = Some(VIEW_3D);
    }
    let hs = push_artists(g, ids, lines.into_iter().map(Artist::Line).collect());
    Ok(handles_out(ctx, hs))
}

/// scatter: scatter plot of points.
///
/// `scatter(x, y)` draws a circle marker at each point (x(i), y(i)), no
/// connecting line.
///
/// `scatter(x, y, sz)` sets the marker area in points squared: one value
/// for all, or one per point ([] keeps the default 36).
///
/// `scatter(x, y, sz, c)` sets the colour: a colour name or letter, one RGB
/// row, an RGB row per point, or a vector of values mapped through the
/// colormap.
///
/// `scatter(..., 'filled')` fills the markers; a marker letter such as 'd'
/// or 's' changes their shape; property name/value pairs may follow.
/// `h = scatter(...)` returns the handle of the plotted points.
///
/// ```text
/// >> h = scatter([1 2 3], [4 5 6], 36, 'r', 'filled'); isgraphics(h), close all
/// ans = 1
/// ```
pub fn scatter(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let fname = "scatter";
    let mut data: Vec<&Value> = Vec::new();
    let mut filled = false;
    let mut marker = Marker::Circle;
    let mut i = 0;
    while i < args.len() {
        let v = &args[i];
        if let Some(s) = text_of(v) {
            if s.eq_ignore_ascii_case("filled") {
                filled = true;
                i += 1;
                continue;
            }
            if let Some(m) = linespec::parse(&s).and_then(|sp| sp.marker) {
                marker = m;
                i += 1;
                continue;
            }
            // A colour name as the colour argument.
            if data.len() == 3 && linespec::color_name(&s).is_some() {
                data.push(v);
                i += 1;
                continue;
            }
            break;
        }
        data.push(v);
        i += 1;
    }
    let props = pairs(fname, &args[i..])?;
    if data.len() < 2 {
        return Err(Error::new(
            "Invalid call to scatter: use scatter(x, y, sz, c)",
        ));
    }
    let x = nums(fname, data[0])?;
    let y = nums(fname, data[1])?;
    let n = x.numel();
    if y.numel() != n {
        return Err(Error::new("scatter: X and Y must be the same length"));
    }
    let sizes: Vec<f64> = match data.get(2) {
        Some(v) if !v.is_empty() => {
            let s = nums(fname, v)?;
            match s.numel() {
                1 => vec![s.data()[0]; n],
                k if k == n => s.data().to_vec(),
                _ => {
                    return Err(Error::new(
                        "scatter: S must be a scalar or a vector as long as X",
                    ))
                }
            }
        }
        _ => vec![36.0; n],
    };
    let g = &mut ctx.state.graphics;
    let map = super::images::figure_map(g);
    let colors: Option<Vec<Rgb>> = match data.get(3) {
        None => None,
        Some(v) if text_of(v).is_some() => {
            Some(vec![color_arg(fname, v)?.unwrap_or(Rgb::BLACK); n])
        }
        Some(v) => {
            let c = nums(fname, v)?;
            if c.numel() == 3 && n != 3 || c.dims().as_slice() == [1, 3] {
                let d = c.data();
                Some(vec![Rgb(d[0], d[1], d[2]); n])
            } else if c.numel() == n {
                let (lo, hi) = c
                    .data()
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                        (a.min(v), b.max(v))
                    });
                Some(
                    c.data()
                        .iter()
                        .map(|&v| super::images::map_color(&map, v, lo, hi))
                        .collect(),
                )
            } else if c.rows() == n && c.numel() == 3 * n {
                let d = c.data();
                Some((0..n).map(|k| Rgb(d[k], d[k + n], d[2 * n + k])).collect())
            } else {
                return Err(Error::new(
                    "scatter: C must be a color, a vector as long as X, or an n x 3 matrix",
                ));
            }
        }
    };
    let ids = new_plot(g, None);
    let base = match &colors {
        Some(_) => Rgb::BLACK,
        None => axes_mut(g, ids).take_color(),
    };
    // Group points by (colour, size), keeping first-seen order.
    let mut lines: Vec<Line> = Vec::new();
    for k in 0..n {
        let c = colors.as_ref().map_or(base, |c| c[k]);
        let sz = sizes[k].max(0.0).sqrt();
        let l = match lines
            .iter_mut()
            .find(|l| l.color == c && l.marker_size == sz)
        {
            Some(l) => l,
            None => {
                let mut l = Line::new(vec![], vec![], c);
                l.style = LineStyle::None;
                l.marker = marker;
                l.marker_size = sz;
                if filled {
                    l.marker_face = Some(c);
                }
                lines.push(l);
                lines.last_mut().expect("just pushed")
            }
        };
        l.x.push(x.data()[k]);
        l.y.push(y.data()[k]);
    }
    for l in &mut lines {
        for (name, v) in &props {
            set_line_prop(fname, l, name, v)?;
        }
    }
    let hs = push_artists(g, ids, lines.into_iter().map(Artist::Line).collect());
    Ok(handles_out(ctx, hs.into_iter().take(1).collect()))
}

/// Data, spec, `'filled'` and property pairs of a stem/stairs/errorbar
/// call: numeric arrays first.
fn split_simple(fname: &str, args: &[Value]) -> Result<(Vec<Value>, LineSpec, bool, Props)> {
    let (data, spec, filled, rest) = split_data(fname, args)?;
    Ok((data, spec, filled, pairs(fname, &rest)?))
}

/// `split_simple` leaving the arguments after the data and spec as given.
fn split_data(_fname: &str, args: &[Value]) -> Result<(Vec<Value>, LineSpec, bool, Vec<Value>)> {
    let mut data = Vec::new();
    let mut spec = LineSpec::default();
    let mut filled = false;
    let mut i = 0;
    while i < args.len() {
        if let Some(s) = text_of(&args[i]) {
            if s.eq_ignore_ascii_case("filled") {
                filled = true;
                i += 1;
                continue;
            }
            if let Some(sp) = linespec::parse(&s) {
                spec = sp;
                i += 1;
                continue;
            }
            break;
        }
        data.push(args[i].clone());
        i += 1;
    }
    Ok((data, spec, filled, args[i..].to_vec()))
}

/// Whether a value is real numeric data of at most two dimensions.
fn numeric_2d(v: &Value) -> bool {
    is_data(v) && v.dims().ndims() <= 2
}

/// stem: plot discrete data as stems with markers.
///
/// `h = stem(y)` draws a stem from 0 to each value with a marker on top;
/// `stem(x, y)` at positions `x`; a matrix draws one series per column.
/// `stem(..., spec)`, `stem(..., 'filled')`, `stem(..., 'Name', value)`
/// and `stem(hax, ...)` as for `plot`. Returns one handle per series.
///
/// ```text
/// >> h = stem([1 2 3]); numel(h)
/// ans = 1
/// ```
pub fn stem(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    let target = take_axes(&ctx.state.graphics, &mut args);
    let (data, spec, filled, rest) = split_data("stem", &args)?;
    if rest.len() % 2 != 0 {
        let last = rest.last().and_then(text_of).unwrap_or_default();
        return Err(Error::new(format!(
            "stem: No value specified for property \"{last}\""
        )));
    }
    let props = pairs("stem", &rest)?;
    match data.len() {
        1 | 2 => {}
        3 => return Err(Error::new("stem: can not define Z for 2-D stem plot")),
        _ => return Err(Error::new("Invalid call to stem")),
    }
    if data.iter().any(|v| !is_data(v)) {
        return Err(Error::new("stem: X and Y must be numeric"));
    }
    if data.iter().any(|v| v.dims().ndims() > 2) {
        return Err(Error::new("stem: Y must be a vector or 2-D array"));
    }
    let inconsistent = |_| Error::new("stem: inconsistent sizes for X and Y");
    let lines = match data.as_slice() {
        [y] => xy_lines("stem", None, y)?,
        [x, y] => xy_lines("stem", Some(x), y).map_err(inconsistent)?,
        _ => return Err(Error::new("Invalid call to stem")),
    };
    let g = &mut ctx.state.graphics;
    let ids = new_plot(g, target);
    let mut arts = Vec::new();
    for (x, y) in lines {
        let mut tips = styled_line(g, ids, x.clone(), y.clone(), Some(spec));
        let mut sx = Vec::with_capacity(3 * x.len());
        let mut sy = Vec::with_capacity(3 * x.len());
        for (&a, &b) in x.iter().zip(&y) {
            sx.extend([a, a, f64::NAN]);
            sy.extend([0.0, b, f64::NAN]);
        }
        tips.marker = spec.marker.unwrap_or(Marker::Circle);
        if filled {
            tips.marker_face = Some(tips.color);
        }
        let mut stems = Line::new(sx, sy, tips.color);
        stems.style = spec.style.unwrap_or(LineStyle::Solid);
        tips.style = LineStyle::None;
        for (name, v) in &props {
            set_line_prop("stem", &mut tips, name, v)?;
            if !name.to_ascii_lowercase().starts_with("marker")
                && !name.eq_ignore_ascii_case("DisplayName")
            {
                set_line_prop("stem", &mut stems, name, v)?;
            }
        }
        arts.push(Artist::Line(tips));
        arts.push(Artist::Line(stems));
    }
    let hs = push_artists(g, ids, arts);
    Ok(handles_out(ctx, hs.into_iter().step_by(2).collect()))
}

/// The stairstep outline of `(x, y)`: `2n - 1` points.
fn steps(x: &[f64], y: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let n = x.len();
    let mut xs = Vec::with_capacity(2 * n);
    let mut ys = Vec::with_capacity(2 * n);
    for k in 0..n {
        if k > 0 {
            xs.push(x[k]);
            ys.push(y[k - 1]);
        }
        xs.push(x[k]);
        ys.push(y[k]);
    }
    (xs, ys)
}

/// stairs: stairstep plot.
///
/// `h = stairs(y)` draws the values as steps; `stairs(x, y)` at positions
/// `x`; `stairs(..., spec)`, `stairs(..., 'Name', value)` and
/// `stairs(hax, ...)` as for `plot`.
///
/// `[xs, ys] = stairs(...)` returns the step outline as columns without
/// drawing.
///
/// ```text
/// >> [xs, ys] = stairs([1 3 2])
/// xs =
///
///    1
///    2
///    2
///    3
///    3
///
/// ys =
///
///    1
///    1
///    3
///    3
///    2
///
/// ```
pub fn stairs(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    let target = take_axes(&ctx.state.graphics, &mut args);
    let (data, spec, _, props) = split_simple("stairs", &args)?;
    let lines = match data.as_slice() {
        [y] => {
            if !numeric_2d(y) {
                return Err(Error::new(
                    "stairs: Y must be a numeric 2-D vector or matrix",
                ));
            }
            xy_lines("stairs", None, y)?
        }
        [x, y] => {
            if !numeric_2d(x) || !numeric_2d(y) {
                return Err(Error::new(
                    "stairs: X and Y must be numeric 2-D vectors or matrices",
                ));
            }
            xy_lines("stairs", Some(x), y)
                .map_err(|_| Error::new("stairs: X and Y sizes must match"))?
        }
        _ => return Err(Error::new("Invalid call to stairs")),
    };
    let outlines: Vec<(Vec<f64>, Vec<f64>)> = lines.iter().map(|(x, y)| steps(x, y)).collect();
    if ctx.nargout >= 2 {
        // One column per line, as Octave returns them.
        let rows = outlines.first().map_or(0, |o| o.0.len());
        let k = outlines.len();
        let xs: Vec<f64> = outlines.iter().flat_map(|o| o.0.clone()).collect();
        let ys: Vec<f64> = outlines.iter().flat_map(|o| o.1.clone()).collect();
        return Ok(vec![Value::matrix(rows, k, xs), Value::matrix(rows, k, ys)]);
    }
    let g = &mut ctx.state.graphics;
    let ids = new_plot(g, target);
    let mut arts = Vec::new();
    for (x, y) in outlines {
        let mut l = styled_line(g, ids, x, y, Some(spec));
        for (name, v) in &props {
            set_line_prop("stairs", &mut l, name, v)?;
        }
        arts.push(Artist::Line(l));
    }
    let hs = push_artists(g, ids, arts);
    Ok(handles_out(ctx, hs))
}

/// Which error bars an `errorbar` format asks for (`~` y, `>` x, `~>`
/// both; `#` draws boxes instead of bars).
#[derive(Clone, Copy, PartialEq)]
enum ErrKind {
    Y,
    X,
    XY,
}

/// errorbar: plot with error bars.
///
/// `h = errorbar(y, ey)`, `errorbar(x, y, ey)` draw vertical bars of
/// `y -/+ ey`; `errorbar(x, y, lo, hi)` asymmetric bars. A format of a line
/// specification with `'~'` (y bars), `'>'` (x bars), `'~>'` (both, with
/// `errorbar(x, y, ex, ey, fmt)` or `errorbar(x, y, lx, ux, ly, uy, fmt)`)
/// and `'#'` (boxes instead of bars) chooses the kind; `errorbar(hax, ...)`
/// and property pairs as for `plot`.
///
/// ```text
/// >> h = errorbar([1 2 3], [0.1 0.2 0.1]); numel(h)
/// ans = 1
/// ```
pub fn errorbar(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    let fname = "errorbar";
    let target = take_axes(&ctx.state.graphics, &mut args);
    let ndata = args.iter().take_while(|v| text_of(v).is_none()).count();
    let mut kind = ErrKind::Y;
    let mut boxes = false;
    let mut spec = LineSpec::default();
    let mut rest = &args[ndata..];
    if let Some(fmt) = rest.first().and_then(text_of) {
        let (y, x, b) = (fmt.contains('~'), fmt.contains('>'), fmt.contains('#'));
        let plain: String = fmt
            .chars()
            .filter(|c| !matches!(c, '~' | '>' | '#'))
            .collect();
        let parsed = if plain.is_empty() {
            Some(LineSpec::default())
        } else {
            linespec::parse(&plain)
        };
        if let Some(sp) = parsed.filter(|_| y || x || b || !plain.is_empty()) {
            if y || x || b || rest.len() % 2 == 1 {
                spec = sp;
                kind = match (y, x) {
                    (true, true) => ErrKind::XY,
                    (false, true) => ErrKind::X,
                    _ => ErrKind::Y,
                };
                boxes = b;
                rest = &rest[1..];
            }
        }
    }
    let props = pairs(fname, rest)?;
    let data = &args[..ndata];
    match ndata {
        0 | 1 => return Err(Error::new("Invalid call to errorbar")),
        5 => {
            return Err(Error::new(
                "errorbar: error plot requires 2, 3, 4, or 6 arguments",
            ))
        }
        7.. => return Err(Error::new("errorbar: too many arguments to plot")),
        _ => {}
    }
    let mut v: Vec<Vec<f64>> = Vec::with_capacity(ndata);
    for (k, d) in data.iter().enumerate() {
        if !is_data(d) {
            return Err(Error::new(format!(
                "errorbar: data argument {} must be numeric",
                k + 1
            )));
        }
        v.push(nums(fname, d)?.data().to_vec());
    }
    let n0 = v[0].len();
    for (k, e) in v.iter().enumerate().skip(1) {
        if e.len() != n0 && e.len() != 1 {
            return Err(Error::new(format!(
                "errorbar: size of argument {} does not match others",
                k + 1
            )));
        }
    }
    let none = Vec::new();
    // (x, y, x below, x above, y below, y above)
    let (x, y, lx, ux, ly, uy) = match (ndata, kind) {
        (2, ErrKind::XY) => {
            return Err(Error::new(
                "errorbar: 2 column errorplot is only valid for xerr or yerr",
            ))
        }
        (6, ErrKind::X | ErrKind::Y) => {
            return Err(Error::new(
                "errorbar: error plot with 6 columns only valid for xyerr and boxxy",
            ))
        }
        (2, k) => {
            let x: Vec<f64> = (1..=n0).map(|i| i as f64).collect();
            let e = &v[1];
            if k == ErrKind::X {
                (x, v[0].clone(), e, e, &none, &none)
            } else {
                (x, v[0].clone(), &none, &none, e, e)
            }
        }
        (3, ErrKind::X) => (v[0].clone(), v[1].clone(), &v[2], &v[2], &none, &none),
        (3, ErrKind::Y) => (v[0].clone(), v[1].clone(), &none, &none, &v[2], &v[2]),
        (3, ErrKind::XY) => (v[0].clone(), v[1].clone(), &v[2], &v[2], &v[2], &v[2]),
        (4, ErrKind::X) => (v[0].clone(), v[1].clone(), &v[2], &v[3], &none, &none),
        (4, ErrKind::Y) => (v[0].clone(), v[1].clone(), &none, &none, &v[2], &v[3]),
        (4, ErrKind::XY) => (v[0].clone(), v[1].clone(), &v[2], &v[2], &v[3], &v[3]),
        _ => (v[0].clone(), v[1].clone(), &v[2], &v[3], &v[4], &v[5]),
    };
    let n = y.len();
    if x.len() != n {
        return Err(Error::new(
            "errorbar: size of argument 2 does not match others",
        ));
    }
    let at = |e: &Vec<f64>, k: usize| -> Option<f64> {
        match e.len() {
            0 => None,
            1 => Some(e[0]),
            _ => e.get(k).copied(),
        }
    };
    let xspan =
        super::data_range(x.iter(), false).map_or(1.0, |[a, b]| if b > a { b - a } else { 1.0 });
    let yspan =
        super::data_range(y.iter(), false).map_or(1.0, |[a, b]| if b > a { b - a } else { 1.0 });
    let (xcap, ycap) = (xspan * 0.015, yspan * 0.015);
    let mut bx = Vec::with_capacity(9 * n);
    let mut by = Vec::with_capacity(9 * n);
    let mut seg = |x0: f64, y0: f64, x1: f64, y1: f64| {
        bx.extend([x0, x1, f64::NAN]);
        by.extend([y0, y1, f64::NAN]);
    };
    for k in 0..n {
        let (xk, yk) = (x[k], y[k]);
        let xr = at(lx, k).zip(at(ux, k)).map(|(l, u)| (xk - l, xk + u));
        let yr = at(ly, k).zip(at(uy, k)).map(|(l, u)| (yk - l, yk + u));
        if boxes {
            let (x0, x1) = xr.unwrap_or((xk, xk));
            let (y0, y1) = yr.unwrap_or((yk, yk));
            seg(x0, y0, x1, y0);
            seg(x1, y0, x1, y1);
            seg(x1, y1, x0, y1);
            seg(x0, y1, x0, y0);
            continue;
        }
        if let Some((lo, hi)) = yr {
            seg(xk, lo, xk, hi);
            seg(xk - xcap, lo, xk + xcap, lo);
            seg(xk - xcap, hi, xk + xcap, hi);
        }
        if let Some((lo, hi)) = xr {
            seg(lo, yk, hi, yk);
            seg(lo, yk - ycap, lo, yk + ycap);
            seg(hi, yk - ycap, hi, yk + ycap);
        }
    }
    let g = &mut ctx.state.graphics;
    let ids = new_plot(g, target);
    let mut line = styled_line(g, ids, x, y, Some(spec));
    for (name, v) in &props {
        set_line_prop(fname, &mut line, name, v)?;
    }
    let mut bars = Line::new(bx, by, line.color);
    bars.width = line.width;
    let hs = push_artists(g, ids, vec![Artist::Line(line), Artist::Line(bars)]);
    Ok(handles_out(ctx, hs.into_iter().take(1).collect()))
}

/// A filled polygon patch with MATLAB's defaults (black edge).
pub(crate) fn patch(x: Vec<f64>, y: Vec<f64>, face: Rgb) -> Patch {
    Patch {
        x,
        y,
        face: vec![face],
        edge: Some(Rgb::BLACK),
        edge_width: 0.5,
        face_alpha: 1.0,
        name: String::new(),
    }
}

/// area: filled area plot.
///
/// `h = area(y)` fills the region between each column of `y` and the one
/// below it (stacked; the first stands on 0); `area(x, y)` at positions
/// `x`; `area(..., lvl)` stands the first on level `lvl`; `area(hax, ...)`
/// and property pairs as for `plot`.
///
/// ```text
/// >> h = area([1 3 2]); numel(h)
/// ans = 1
/// ```
pub fn area(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    let fname = "area";
    let target = take_axes(&ctx.state.graphics, &mut args);
    let n_data = args.iter().take_while(|v| text_of(v).is_none()).count();
    let props = pairs(fname, &args[n_data..])?;
    let (x, y, lvl) = match &args[..n_data] {
        [y] => (None, y, None),
        [y, l] if l.numel() == 1 => (None, y, Some(l)),
        [x, y] => (Some(x), y, None),
        [x, y, l] => (Some(x), y, Some(l)),
        _ => return Err(Error::new("Invalid call to area")),
    };
    let real = |v: &Value| is_data(v) && !matches!(v, Value::Complex(_) | Value::SingleComplex(_));
    if !real(y) || x.is_some_and(|x| !real(x)) {
        return Err(Error::new("area: X and Y must be real vectors or matrices"));
    }
    let base = match lvl {
        None => 0.0,
        Some(l) if real(l) && l.numel() == 1 => l.scalar_f64(fname)?,
        Some(_) => return Err(Error::new("area: LVL must be a real scalar")),
    };
    let lines = xy_lines(fname, x, y)?;
    let g = &mut ctx.state.graphics;
    let ids = new_plot(g, target);
    let mut lower: Option<Vec<f64>> = None;
    let mut arts = Vec::new();
    for (x, y) in lines {
        let low = lower.clone().unwrap_or_else(|| vec![base; y.len()]);
        let top: Vec<f64> = if lower.is_some() {
            y.iter().zip(&low).map(|(a, b)| a + b).collect()
        } else {
            y.clone()
        };
        let mut px = x.clone();
        px.extend(x.iter().rev());
        let mut py = top.clone();
        py.extend(low.iter().rev());
        let color = axes_mut(g, ids).take_color();
        let mut p = patch(px, py, color);
        for (name, v) in &props {
            set_patch_prop(fname, &mut p, name, v)?;
        }
        arts.push(Artist::Patch(p));
        lower = Some(top);
    }
    let hs = push_artists(g, ids, arts);
    Ok(handles_out(ctx, hs))
}

/// fill: draw filled polygons.
///
/// `fill(X, Y, C)` draws the polygon with vertices (X(i), Y(i)) filled with
/// the colour C: a colour name or letter, an RGB row, or a value mapped
/// through the colormap. When X and Y are matrices, each column is a
/// separate polygon.
///
/// `fill(X1, Y1, C1, X2, Y2, C2, ...)` draws several polygons; property
/// name/value pairs such as 'EdgeColor' may follow. `h = fill(...)`
/// returns the patch handles, one per polygon.
///
/// ```text
/// >> h = fill([0 1 1], [0 0 1], 'r'); get(h, 'type'), get(h, 'facecolor'), close all
/// ans = patch
/// ans =
///
///    1   0   0
///
/// >> h = fill([0 1 1; 0 0 1]', [0 0 1; 0 1 1]', 'g'); numel(h), close all
/// ans = 2
/// ```
pub fn fill(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let fname = "fill";
    let mut triples = Vec::new();
    let mut i = 0;
    while i + 2 < args.len() && is_data(&args[i]) && is_data(&args[i + 1]) {
        triples.push((&args[i], &args[i + 1], &args[i + 2]));
        i += 3;
    }
    if triples.is_empty() {
        return Err(Error::new("Invalid call to fill: use fill(x, y, c)"));
    }
    let props = pairs(fname, &args[i..])?;
    let g = &mut ctx.state.graphics;
    let map = super::images::figure_map(g);
    let mut polys = Vec::new();
    for (x, y, c) in triples {
        let face = if text_of(c).is_some() {
            color_arg(fname, c)?
        } else {
            let cv = nums(fname, c)?;
            if cv.numel() == 3 && cv.dims().as_slice() == [1, 3] {
                color_arg(fname, c)?
            } else {
                // Flat colour data: one value, the middle of the colormap
                // (its colour limits are the value itself).
                if cv.is_empty() {
                    return Err(Error::new("fill: C must not be empty"));
                }
                Some(map[map.len() / 2])
            }
        };
        for (px, py) in xy_lines(fname, Some(x), y)? {
            polys.push((px, py, face));
        }
    }
    let ids = new_plot(g, None);
    let mut arts = Vec::new();
    for (x, y, face) in polys {
        let mut p = patch(x, y, face.unwrap_or(Rgb::WHITE));
        if face.is_none() {
            p.face.clear();
        }
        for (name, v) in &props {
            set_patch_prop(fname, &mut p, name, v)?;
        }
        arts.push(Artist::Patch(p));
    }
    let hs = push_artists(g, ids, arts);
    Ok(handles_out(ctx, hs))
}

/// `%g`-style text of a number in a text's cell string (`1e+07`).
fn g_format(x: f64) -> String {
    if !x.is_finite() {
        return crate::builtins::util::fmt_num(x);
    }
    if x == 0.0 {
        return "0".into();
    }
    let exp = x.abs().log10().floor() as i32;
    let trim = |s: String| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    if !(-5..6).contains(&exp) {
        let m = format!("{:.5e}", x);
        let (mant, e) = m.split_once('e').unwrap_or((&m, "0"));
        let e: i32 = e.parse().unwrap_or(0);
        format!(
            "{}e{}{:02}",
            trim(mant.to_string()),
            if e < 0 { '-' } else { '+' },
            e.abs()
        )
    } else {
        let decimals = (5 - exp).max(0) as usize;
        trim(format!("{:.*}", decimals, x))
    }
}

/// The lines of a text's cell string: char rows as given, numbers
/// `%g`-formatted, `[]` an empty line.
fn cell_lines(c: &Array<Value>) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for e in c.data() {
        match e {
            Value::Char(_) => out.extend(
                e.char_rows_of()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|r| r.trim_end().to_string()),
            ),
            v if v.is_empty() => out.push(String::new()),
            v if is_data(v) && v.numel() == 1 => out.push(g_format(v.scalar_f64("text")?)),
            _ => {
                return Err(Error::new(
                    "text: STRING must be a character string or cell array of character strings",
                ))
            }
        }
    }
    Ok(out)
}

/// text: place text in the current axes.
///
/// `h = text(x, y, str)` and `text(x, y, z, str)` put `str` at each point:
/// a char row or a one-element cell at every point, a char matrix or cell
/// array with one string per point, or (at one point) several lines.
/// `text(..., 'Name', value)` sets properties; `text('String', s,
/// 'Position', p, ...)` and `text()` make a text from properties alone;
/// `text(hax, ...)` draws in axes `hax`. `get(h, 'String')` returns the
/// string as given: a cell when given as a cell.
///
/// ```text
/// >> h = text(0.5, 0.5, 'hi'); get(h, 'string')
/// ans = hi
/// ```
pub fn text(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    let fname = "text";
    let target = take_axes(&ctx.state.graphics, &mut args);
    let mut x = vec![0.0];
    let mut y = vec![0.0];
    let mut string = Value::str("");
    let mut rest = &args[..];
    if args.len() > 2 && is_data(&args[0]) && is_data(&args[1]) {
        let offset = if args.len() > 3 && is_data(&args[2]) {
            4
        } else {
            3
        };
        x = nums(fname, &args[0])?.data().to_vec();
        y = nums(fname, &args[1])?.data().to_vec();
        let nz = if offset == 4 {
            nums(fname, &args[2])?.numel()
        } else {
            x.len()
        };
        if x.len() != y.len() || x.len() != nz {
            return Err(Error::new(
                "text: number of X, Y, and Z coordinates must match",
            ));
        }
        let Some(s) = args.get(offset - 1) else {
            return Err(Error::new("Invalid call to text"));
        };
        string = s.clone();
        rest = &args[offset..];
    }
    if rest.len() % 2 != 0 {
        return Err(Error::new("Invalid call to text"));
    }
    let mut props = pairs(fname, rest)?;
    if let Some(k) = props
        .iter()
        .position(|(n, _)| n.eq_ignore_ascii_case("string"))
    {
        string = props.remove(k).1;
    }
    let nx = x.len();
    // (text, given as a cell) per object.
    let strs: Vec<(String, bool)> = match &string {
        Value::Char(_) => {
            let rows = string.char_rows_of().unwrap_or_default();
            let nt = if string.is_empty() { 0 } else { rows.len() };
            if nx == 1 && nt <= 1 {
                vec![(rows.first().cloned().unwrap_or_default(), false)]
            } else if nx == 1 {
                vec![(rows.join("\n"), false)]
            } else if nt == nx {
                rows.iter()
                    .map(|r| (r.trim_end().to_string(), false))
                    .collect()
            } else if nt == 1 {
                vec![(rows[0].clone(), false); nx]
            } else {
                return Err(Error::new(
                    "text: invalid combination of points and text strings",
                ));
            }
        }
        Value::Cell(c) => {
            let lines = cell_lines(c)?;
            if nx == 1 {
                vec![(lines.join("\n"), true)]
            } else if lines.len() == nx {
                lines.into_iter().map(|l| (l, false)).collect()
            } else if lines.len() == 1 {
                vec![(lines[0].clone(), true); nx]
            } else {
                return Err(Error::new(
                    "text: invalid combination of points and text strings",
                ));
            }
        }
        Value::Num(a) if a.is_empty() => vec![(String::new(), false); nx],
        _ => {
            return Err(Error::new(
                "text: STRING must be a character string or cell array of character strings",
            ))
        }
    };
    let g = &mut ctx.state.graphics;
    let ids = match target {
        Some(ids) => ids,
        None => super::current_axes_ids(g),
    };
    let mut arts = Vec::new();
    for (k, (s, cell)) in strs.into_iter().enumerate() {
        let mut t = Text {
            x: x[k],
            y: y[k],
            text: s,
            color: Rgb::BLACK,
            font_size: 10.0,
            align: "left".into(),
            cell,
        };
        for (name, v) in &props {
            set_text_prop(fname, &mut t, name, v)?;
        }
        arts.push(Artist::Text(t));
    }
    let hs = push_artists(g, ids, arts);
    Ok(handles_out(ctx, hs))
}

/// The x, y and (3-D) z data of one line.
type LinePiece = (Vec<f64>, Vec<f64>, Option<Vec<f64>>);

/// line: add lines to the current axes without clearing them.
///
/// `h = line(x, y)` draws a line through the points (a matrix draws one
/// line per column) in the current axes, keeping what is drawn there
/// (unlike `plot`), each line in the next colour of the colour order, and
/// returns the handles.
///
/// `h = line(x, y, z)` draws a 3-D line.
///
/// `h = line()` draws the line from (0, 0) to (1, 1);
/// `line(..., 'Name', value)` sets line properties; `line(hax, ...)`
/// draws in the axes `hax`.
///
/// ```text
/// >> h = line([0 1], [0 1]); get(h, 'type')
/// ans = line
/// ```
pub fn line(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    let fname = "line";
    let target = take_axes(&ctx.state.graphics, &mut args);
    let ndata = args.iter().take_while(|v| text_of(v).is_none()).count();
    let props = pairs(fname, &args[ndata..])?;
    let mut pieces: Vec<LinePiece> = match &args[..ndata] {
        [] => vec![(vec![0.0, 1.0], vec![0.0, 1.0], None)],
        [x, y] => xy_lines(fname, Some(x), y)?
            .into_iter()
            .map(|(x, y)| (x, y, None))
            .collect(),
        [x, y, z] => {
            let (x, y, z) = (nums(fname, x)?, nums(fname, y)?, nums(fname, z)?);
            if x.numel() != y.numel() || x.numel() != z.numel() {
                return Err(Error::new("line: X, Y and Z must be the same size"));
            }
            vec![(
                x.data().to_vec(),
                y.data().to_vec(),
                Some(z.data().to_vec()),
            )]
        }
        _ => return Err(Error::new("Invalid call to line")),
    };
    if !props.is_empty() && ndata == 0 {
        pieces = vec![(vec![], vec![], None)];
    }
    let g = &mut ctx.state.graphics;
    let ids = match target {
        Some(ids) => ids,
        None => super::current_axes_ids(g),
    };
    let mut lines = Vec::new();
    for (x, y, z) in pieces {
        let mut l = styled_line(g, ids, x, y, None);
        l.z = z;
        for (name, v) in &props {
            set_line_prop(fname, &mut l, name, v)?;
        }
        lines.push(Artist::Line(l));
    }
    let hs = push_artists(g, ids, lines);
    Ok(handles_out(ctx, hs))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;
    use crate::builtins::State;
    use crate::graphics::model::COLOR_ORDER;

    fn lines(st: &State) -> Vec<Line> {
        st.graphics.figures[&1].axes[0]
            .children
            .iter()
            .filter_map(|c| match c {
                Artist::Line(l) => Some(l.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn matrix_columns_become_lines_coloured_from_the_order() {
        let mut st = State::default();
        let y = Value::matrix(3, 2, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        let h = call(&mut st, "plot", vec![y], 1).unwrap();
        assert_eq!(h[0].numel(), 2);
        let l = lines(&st);
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].x, vec![1.0, 2.0, 3.0]);
        assert_eq!(l[1].y, vec![4.0, 5.0, 6.0]);
        assert_eq!((l[0].color, l[1].color), (COLOR_ORDER[0], COLOR_ORDER[1]));
    }

    #[test]
    fn specs_pairs_and_properties_apply() {
        let mut st = State::default();
        run(
            &mut st,
            "plot",
            vec![
                row(&[1.0, 2.0]),
                row(&[3.0, 4.0]),
                s("r--o"),
                row(&[1.0, 2.0]),
                row(&[5.0, 6.0]),
                s("LineWidth"),
                Value::num(2.0),
                s("DisplayName"),
                s("a"),
            ],
        );
        let l = lines(&st);
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].color, Rgb(1.0, 0.0, 0.0));
        assert_eq!(
            (l[0].style, l[0].marker),
            (LineStyle::Dashed, Marker::Circle)
        );
        // The explicit colour does not use up the first colour of the order.
        assert_eq!(l[1].color, COLOR_ORDER[0]);
        assert!(l.iter().all(|l| l.width == 2.0 && l.name == "a"));
        // A marker alone draws no line.
        run(&mut st, "plot", vec![row(&[1.0, 2.0]), s("x")]);
        assert_eq!(lines(&st)[0].style, LineStyle::None);
    }

    #[test]
    fn hold_keeps_lines_and_continues_the_colour_order() {
        let mut st = State::default();
        run(&mut st, "plot", vec![row(&[1.0, 2.0])]);
        run(&mut st, "hold", vec![s("on")]);
        run(&mut st, "plot", vec![row(&[2.0, 1.0])]);
        let l = lines(&st);
        assert_eq!(l.len(), 2);
        assert_eq!(l[1].color, COLOR_ORDER[1]);
        run(&mut st, "hold", vec![s("off")]);
        run(&mut st, "plot", vec![row(&[3.0, 3.0])]);
        let l = lines(&st);
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].color, COLOR_ORDER[0]);
    }

    #[test]
    fn complex_y_plots_imaginary_against_real() {
        let mut st = State::default();
        let z = Value::Complex(Array::row(vec![
            crate::value::C64::new(1.0, 2.0),
            crate::value::C64::new(3.0, 4.0),
        ]));
        run(&mut st, "plot", vec![z]);
        let l = lines(&st);
        assert_eq!(
            (l[0].x.clone(), l[0].y.clone()),
            (vec![1.0, 3.0], vec![2.0, 4.0])
        );
    }

    #[test]
    fn bad_arguments_are_errors() {
        let mut st = State::default();
        assert!(call(
            &mut st,
            "plot",
            vec![row(&[1.0, 2.0]), row(&[1.0, 2.0, 3.0])],
            0
        )
        .is_err());
        assert!(call(&mut st, "plot", vec![], 0).is_err());
        assert!(call(&mut st, "plot", vec![row(&[1.0]), s("LineWidth")], 0).is_err());
        assert!(call(
            &mut st,
            "plot",
            vec![row(&[1.0]), s("Bogus"), Value::num(1.0)],
            0
        )
        .is_err());
        assert!(call(
            &mut st,
            "errorbar",
            vec![row(&[1.0, 2.0]), row(&[1.0, 2.0, 3.0])],
            0
        )
        .is_err());
    }

    #[test]
    fn stairs_outputs_without_drawing() {
        let mut st = State::default();
        let out = call(&mut st, "stairs", vec![row(&[1.0, 2.0, 3.0])], 2).unwrap();
        assert_eq!(out[0], Value::col(vec![1.0, 2.0, 2.0, 3.0, 3.0]));
        assert_eq!(out[1], Value::col(vec![1.0, 1.0, 2.0, 2.0, 3.0]));
        assert!(st.graphics.figures.is_empty());
    }

    #[test]
    fn semilog_sets_the_scale_and_plot3_the_view() {
        let mut st = State::default();
        run(
            &mut st,
            "loglog",
            vec![row(&[1.0, 10.0]), row(&[1.0, 100.0])],
        );
        let a = &st.graphics.figures[&1].axes[0];
        assert_eq!((a.xscale, a.yscale), (Scale::Log, Scale::Log));
        run(
            &mut st,
            "plot3",
            vec![row(&[1.0, 2.0]), row(&[1.0, 2.0]), row(&[0.0, 1.0])],
        );
        let a = &st.graphics.figures[&1].axes[0];
        assert_eq!(a.xscale, Scale::Linear);
        assert_eq!(a.view, Some(VIEW_3D));
    }
}
