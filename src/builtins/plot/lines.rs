//! The `plot` family (`plot`, `plot3`, `semilogx`, `semilogy`, `loglog`)
//! and the other line and polygon plots: `scatter`, `stem`, `stairs`,
//! `errorbar`, `area`, `fill`, and `text`.

use super::figure::{new_plot, VIEW_3D};
use super::props::{set_line_prop, set_patch_prop, set_text_prop};
use super::{artist_handle, axes_mut, color_arg, handles_out, is_data, nums, pairs, text_of};
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
    args: Vec<Value>,
    fname: &str,
    xlog: bool,
    ylog: bool,
) -> Result<Vec<Value>> {
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
    let ids = new_plot(g);
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

/// `plot(y)`, `plot(x, y)`, `plot(x1, y1, 'r--o', x2, y2, ...)`, with
/// trailing property/value pairs for every line.
pub fn plot(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    plot_2d(ctx, args, "plot", false, false)
}
/// `semilogx(...)`: `plot` with a logarithmic x axis.
pub fn semilogx(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    plot_2d(ctx, args, "semilogx", true, false)
}
/// `semilogy(...)`: `plot` with a logarithmic y axis.
pub fn semilogy(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    plot_2d(ctx, args, "semilogy", false, true)
}
/// `loglog(...)`: `plot` with both axes logarithmic.
pub fn loglog(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    plot_2d(ctx, args, "loglog", true, true)
}

/// `plot3(x, y, z, spec, ...)`: 3-D lines; the axes take the 3-D view.
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
    let ids = new_plot(g);
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

/// `scatter(x, y)`, `scatter(x, y, sz)`, `scatter(x, y, sz, c)`, with
/// `'filled'`, a marker letter and property pairs. Points of one colour
/// and size share a marker-only line.
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
    let ids = new_plot(g);
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
    Ok((data, spec, filled, pairs(fname, &args[i..])?))
}

/// `stem(y)`, `stem(x, y)`, with a line spec, `'filled'` and property
/// pairs: a marker at each value on a stem from zero.
pub fn stem(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let (data, spec, filled, props) = split_simple("stem", &args)?;
    let lines = match data.as_slice() {
        [y] => xy_lines("stem", None, y)?,
        [x, y] => xy_lines("stem", Some(x), y)?,
        _ => {
            return Err(Error::new(
                "Invalid call to stem: use stem(y) or stem(x, y)",
            ))
        }
    };
    let g = &mut ctx.state.graphics;
    let ids = new_plot(g);
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

/// `stairs(y)`, `stairs(x, y)`, spec and property pairs;
/// `[xs, ys] = stairs(...)` returns the outline without drawing.
pub fn stairs(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let (data, spec, _, props) = split_simple("stairs", &args)?;
    let lines = match data.as_slice() {
        [y] => xy_lines("stairs", None, y)?,
        [x, y] => xy_lines("stairs", Some(x), y)?,
        _ => {
            return Err(Error::new(
                "Invalid call to stairs: use stairs(y) or stairs(x, y)",
            ))
        }
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
    let ids = new_plot(g);
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

/// `errorbar(y, e)`, `errorbar(x, y, e)`, `errorbar(x, y, neg, pos)`,
/// spec and property pairs: the data line and vertical bars with caps.
pub fn errorbar(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let fname = "errorbar";
    let (data, spec, _, props) = split_simple(fname, &args)?;
    let v: Vec<Vec<f64>> = data
        .iter()
        .map(|d| nums(fname, d).map(|a| a.data().to_vec()))
        .collect::<Result<_>>()?;
    let (x, y, neg, pos) = match v.as_slice() {
        [y, e] => (
            (1..=y.len()).map(|k| k as f64).collect(),
            y.clone(),
            e.clone(),
            e.clone(),
        ),
        [x, y, e] => (x.clone(), y.clone(), e.clone(), e.clone()),
        [x, y, n, p] => (x.clone(), y.clone(), n.clone(), p.clone()),
        _ => {
            return Err(Error::new(
                "Invalid call to errorbar: use errorbar(x, y, err) or errorbar(x, y, neg, pos)",
            ))
        }
    };
    let n = y.len();
    let fit = |e: &Vec<f64>| -> Result<Vec<f64>> {
        match e.len() {
            1 => Ok(vec![e[0]; n]),
            k if k == n => Ok(e.clone()),
            _ => Err(Error::new(
                "errorbar: X, Y and the error bars must be the same length",
            )),
        }
    };
    if x.len() != n {
        return Err(Error::new(
            "errorbar: X, Y and the error bars must be the same length",
        ));
    }
    let (neg, pos) = (fit(&neg)?, fit(&pos)?);
    let span =
        super::data_range(x.iter(), false).map_or(1.0, |[a, b]| if b > a { b - a } else { 1.0 });
    let cap = span * 0.015;
    let g = &mut ctx.state.graphics;
    let ids = new_plot(g);
    let mut line = styled_line(g, ids, x.clone(), y.clone(), Some(spec));
    let mut bx = Vec::with_capacity(9 * n);
    let mut by = Vec::with_capacity(9 * n);
    for k in 0..n {
        let (lo, hi) = (y[k] - neg[k], y[k] + pos[k]);
        bx.extend([
            x[k],
            x[k],
            f64::NAN,
            x[k] - cap,
            x[k] + cap,
            f64::NAN,
            x[k] - cap,
            x[k] + cap,
            f64::NAN,
        ]);
        by.extend([lo, hi, f64::NAN, lo, lo, f64::NAN, hi, hi, f64::NAN]);
    }
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

/// `area(y)`, `area(x, y)`, `area(..., basevalue)`, property pairs: the
/// region under each column, stacked.
pub fn area(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let fname = "area";
    let n_data = args.iter().take_while(|v| is_data(v)).count();
    let props = pairs(fname, &args[n_data..])?;
    let (x, y, base) = match &args[..n_data] {
        [y] => (None, y, 0.0),
        [x, y] if x.numel() == 1 && y.numel() != 1 => (None, x, y.scalar_f64(fname)?),
        [x, y] => (Some(x), y, 0.0),
        [x, y, b] => (Some(x), y, b.scalar_f64(fname)?),
        _ => {
            return Err(Error::new(
                "Invalid call to area: use area(x, y) or area(x, y, basevalue)",
            ))
        }
    };
    let lines = xy_lines(fname, x, y)?;
    let g = &mut ctx.state.graphics;
    let ids = new_plot(g);
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

/// `fill(x, y, c)`, several triples, property pairs: filled polygons
/// (columns of matrix `x`/`y` are separate polygons).
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
    let ids = new_plot(g);
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

/// `text(x, y, 'str')`, `text(x, y, z, 'str')`, vectors with a cell of
/// strings, property pairs (`Color`, `FontSize`, `HorizontalAlignment`).
pub fn text(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let fname = "text";
    let n_data = args.iter().take_while(|v| is_data(v)).count();
    if !(2..=3).contains(&n_data) || args.len() <= n_data {
        return Err(Error::new("Invalid call to text: use text(x, y, 'string')"));
    }
    let x = nums(fname, &args[0])?;
    let y = nums(fname, &args[1])?;
    if x.numel() != y.numel() || x.is_empty() {
        return Err(Error::new("text: X and Y must be the same length"));
    }
    let strs: Vec<String> = match &args[n_data] {
        Value::Cell(c) => c
            .data()
            .iter()
            .map(|e| super::label_text(fname, e))
            .collect::<Result<_>>()?,
        v => vec![super::label_text(fname, v)?],
    };
    let props = pairs(fname, &args[n_data + 1..])?;
    let g = &mut ctx.state.graphics;
    let ids = super::current_axes_ids(g);
    let mut arts = Vec::new();
    for k in 0..x.numel() {
        let s = strs.get(k).or(strs.last()).cloned().unwrap_or_default();
        let mut t = Text {
            x: x.data()[k],
            y: y.data()[k],
            text: s,
            color: Rgb::BLACK,
            font_size: 10.0,
            align: "left".into(),
        };
        for (name, v) in &props {
            set_text_prop(fname, &mut t, name, v)?;
        }
        arts.push(Artist::Text(t));
    }
    let hs = push_artists(g, ids, arts);
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
