//! `set`, `get`, `ishghandle`/`isgraphics`: the common properties of
//! figures, axes and the artists drawn in them. Property names are case
//! insensitive; an unknown one is MATLAB's error naming the class.

use super::figure::current_limits;
use super::{
    axes_handle, color_arg, color_value, fig_mut, invalid_handle, label_text, limits, nums, on_off,
    resolve, text_of, Target,
};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::graphics::model::{Artist, Axes, Figure, Line, LineStyle, Marker, Patch, Scale, Text};
use crate::graphics::Graphics;
use crate::value::{Array, Dims, StructArray, Value};

fn unknown(name: &str, class: &str) -> Error {
    Error::new(format!(
        "Unrecognized property '{name}' for class '{class}'"
    ))
}

fn bad_value(fname: &str, name: &str, what: &str) -> Error {
    Error::new(format!("{fname}: invalid value for '{name}': {what}"))
}

fn positive(fname: &str, name: &str, v: &Value) -> Result<f64> {
    let x = v.scalar_f64(fname)?;
    if !(x > 0.0 && x.is_finite()) {
        return Err(bad_value(fname, name, "must be a positive number"));
    }
    Ok(x)
}

fn text_value(fname: &str, name: &str, v: &Value) -> Result<String> {
    text_of(v).ok_or_else(|| bad_value(fname, name, "must be a string"))
}

fn data_vec(fname: &str, v: &Value) -> Result<Vec<f64>> {
    Ok(nums(fname, v)?.data().to_vec())
}

/// Set one line property (`plot`'s pairs and `set`).
pub(crate) fn set_line_prop(fname: &str, l: &mut Line, name: &str, v: &Value) -> Result<()> {
    match name.to_ascii_lowercase().as_str() {
        "color" => l.color = color_arg(fname, v)?.unwrap_or(l.color),
        "linewidth" => l.width = positive(fname, name, v)?,
        "linestyle" => {
            l.style = LineStyle::parse(&text_value(fname, name, v)?)
                .ok_or_else(|| bad_value(fname, name, "use '-', '--', ':', '-.' or 'none'"))?
        }
        "marker" => {
            l.marker = Marker::parse(&text_value(fname, name, v)?.to_ascii_lowercase())
                .ok_or_else(|| bad_value(fname, name, "not a marker"))?
        }
        "markersize" => l.marker_size = positive(fname, name, v)?,
        "markerfacecolor" => l.marker_face = marker_color(fname, v, l)?,
        "markeredgecolor" => l.marker_edge = marker_color(fname, v, l)?,
        "displayname" => l.name = label_text(fname, v)?,
        "xdata" => l.x = data_vec(fname, v)?,
        "ydata" => l.y = data_vec(fname, v)?,
        "zdata" => l.z = Some(data_vec(fname, v)?).filter(|z| !z.is_empty()),
        // Accepted without a model counterpart.
        "visible" | "tag" | "clipping" | "linejoin" | "seriesindex" => {}
        _ => return Err(unknown(name, "Line")),
    }
    Ok(())
}

/// `'auto'` for marker colours is the line colour; `'none'` is hollow.
fn marker_color(fname: &str, v: &Value, l: &Line) -> Result<Option<crate::graphics::model::Rgb>> {
    if text_of(v).is_some_and(|s| s.eq_ignore_ascii_case("auto")) {
        return Ok(Some(l.color));
    }
    color_arg(fname, v)
}

/// Set one patch property (`bar`, `area`, `fill` pairs and `set`).
pub(crate) fn set_patch_prop(fname: &str, p: &mut Patch, name: &str, v: &Value) -> Result<()> {
    match name.to_ascii_lowercase().as_str() {
        "facecolor" => {
            if text_of(v).is_some_and(|s| s.eq_ignore_ascii_case("flat")) {
                return Ok(());
            }
            p.face = color_arg(fname, v)?.into_iter().collect()
        }
        "edgecolor" => p.edge = color_arg(fname, v)?,
        "linewidth" => p.edge_width = positive(fname, name, v)?,
        "facealpha" => {
            let a = v.scalar_f64(fname)?;
            if !(0.0..=1.0).contains(&a) {
                return Err(bad_value(fname, name, "must be in [0, 1]"));
            }
            p.face_alpha = a;
        }
        "displayname" => p.name = label_text(fname, v)?,
        "xdata" => p.x = data_vec(fname, v)?,
        "ydata" => p.y = data_vec(fname, v)?,
        "visible" | "tag" | "barwidth" | "linestyle" | "basevalue" | "edgealpha" => {}
        _ => return Err(unknown(name, "Patch")),
    }
    Ok(())
}

/// Set one text property.
pub(crate) fn set_text_prop(fname: &str, t: &mut Text, name: &str, v: &Value) -> Result<()> {
    match name.to_ascii_lowercase().as_str() {
        "color" => t.color = color_arg(fname, v)?.unwrap_or(t.color),
        "fontsize" => t.font_size = positive(fname, name, v)?,
        "string" => t.text = label_text(fname, v)?,
        "horizontalalignment" => {
            let a = text_value(fname, name, v)?.to_ascii_lowercase();
            if !matches!(a.as_str(), "left" | "center" | "right") {
                return Err(bad_value(fname, name, "use 'left', 'center' or 'right'"));
            }
            t.align = a;
        }
        "position" => {
            let d = data_vec(fname, v)?;
            if d.len() < 2 {
                return Err(bad_value(fname, name, "must be [x y] or [x y z]"));
            }
            t.x = d[0];
            t.y = d[1];
        }
        "visible" | "tag" | "fontweight" | "fontname" | "interpreter" | "verticalalignment"
        | "rotation" | "units" => {}
        _ => return Err(unknown(name, "Text")),
    }
    Ok(())
}

fn set_axes_prop(a: &mut Axes, name: &str, v: &Value) -> Result<()> {
    let f = "set";
    match name.to_ascii_lowercase().as_str() {
        "xlim" => a.xlim = Some(limits(f, v)?),
        "ylim" => a.ylim = Some(limits(f, v)?),
        "zlim" => a.zlim = Some(limits(f, v)?),
        "clim" => a.clim = Some(limits(f, v)?),
        "xlimmode" | "ylimmode" | "zlimmode" | "climmode" => {
            if text_value(f, name, v)?.eq_ignore_ascii_case("auto") {
                match name.to_ascii_lowercase().as_bytes()[0] {
                    b'x' => a.xlim = None,
                    b'y' => a.ylim = None,
                    b'z' => a.zlim = None,
                    _ => a.clim = None,
                }
            }
        }
        "xscale" | "yscale" => {
            let s = match text_value(f, name, v)?.to_ascii_lowercase().as_str() {
                "log" => Scale::Log,
                "linear" => Scale::Linear,
                _ => return Err(bad_value(f, name, "use 'linear' or 'log'")),
            };
            if name.eq_ignore_ascii_case("xscale") {
                a.xscale = s;
            } else {
                a.yscale = s;
            }
        }
        "title" => a.title = label_text(f, v)?,
        "xlabel" => a.xlabel = label_text(f, v)?,
        "ylabel" => a.ylabel = label_text(f, v)?,
        "zlabel" => a.zlabel = label_text(f, v)?,
        "fontsize" => a.font_size = positive(f, name, v)?,
        "position" | "outerposition" | "innerposition" => a.position = position(f, v)?,
        "xgrid" | "ygrid" => a.grid = on_off(f, v)?,
        "box" => a.boxed = on_off(f, v)?,
        "visible" => a.visible = on_off(f, v)?,
        "nextplot" => {
            a.hold = match text_value(f, name, v)?.to_ascii_lowercase().as_str() {
                "add" => true,
                "replace" | "replacechildren" | "replaceall" => false,
                _ => return Err(bad_value(f, name, "use 'add' or 'replace'")),
            }
        }
        "xtick" => a.xticks = Some(data_vec(f, v)?),
        "ytick" => a.yticks = Some(data_vec(f, v)?),
        "xticklabel" | "yticklabel" => {
            let l: Vec<String> = match v {
                Value::Cell(c) => c
                    .data()
                    .iter()
                    .map(|e| label_text(f, e))
                    .collect::<Result<_>>()?,
                other => other
                    .char_rows_of()
                    .ok_or_else(|| bad_value(f, name, "must be strings"))?
                    .iter()
                    .map(|s| s.trim_end().to_string())
                    .collect(),
            };
            if name.eq_ignore_ascii_case("xticklabel") {
                a.xticklabels = Some(l);
            } else {
                a.yticklabels = Some(l);
            }
        }
        "ydir" => {
            a.y_reversed = text_value(f, name, v)?.eq_ignore_ascii_case("reverse");
        }
        "view" => {
            let d = data_vec(f, v)?;
            if d.len() != 2 {
                return Err(bad_value(f, name, "must be [az el]"));
            }
            a.view = Some((d[0], d[1])).filter(|&(az, el)| !(az == 0.0 && el == 90.0));
        }
        "dataaspectratio" => a.equal = data_vec(f, v)?.windows(2).all(|w| w[0] == w[1]),
        "color" | "linewidth" | "tag" | "xcolor" | "ycolor" | "tickdir" | "fontname"
        | "fontweight" | "xminorgrid" | "yminorgrid" | "layer" | "colororderindex" => {}
        _ => return Err(unknown(name, "Axes")),
    }
    Ok(())
}

fn position(f: &str, v: &Value) -> Result<[f64; 4]> {
    let d = data_vec(f, v)?;
    match d.as_slice() {
        [a, b, c, e] if *c > 0.0 && *e > 0.0 => Ok([*a, *b, *c, *e]),
        _ => Err(bad_value(
            f,
            "Position",
            "must be [left bottom width height] with positive sizes",
        )),
    }
}

fn set_figure_prop(fig: &mut Figure, name: &str, v: &Value) -> Result<()> {
    let f = "set";
    match name.to_ascii_lowercase().as_str() {
        "name" => fig.name = text_value(f, name, v)?,
        "position" | "outerposition" | "innerposition" => {
            let p = position(f, v)?;
            if p[2] > 20000.0 || p[3] > 20000.0 {
                return Err(bad_value(
                    f,
                    name,
                    "figures are at most 20000 pixels a side",
                ));
            }
            fig.position = p;
        }
        "color" => fig.color = color_arg(f, v)?.unwrap_or(fig.color),
        "colormap" => fig.colormap = super::images::map_from_matrix(f, v)?,
        "visible" | "numbertitle" | "menubar" | "toolbar" | "units" | "tag" | "windowstyle"
        | "paperpositionmode" | "renderer" | "resize" | "paperorientation" | "paperunits"
        | "paperposition" | "invertHardcopy" => {}
        _ => return Err(unknown(name, "Figure")),
    }
    Ok(())
}

/// Set property `name` of what `t` names.
pub(crate) fn set_one(g: &mut Graphics, t: Target, name: &str, v: &Value) -> Result<()> {
    match t {
        Target::Figure(n) => set_figure_prop(fig_mut(g, n), name, v),
        Target::Axes(n, i) => set_axes_prop(&mut fig_mut(g, n).axes[i], name, v),
        Target::Artist(n, i, j) => match &mut fig_mut(g, n).axes[i].children[j] {
            Artist::Line(l) => set_line_prop("set", l, name, v),
            Artist::Patch(p) => set_patch_prop("set", p, name, v),
            Artist::Text(t) => set_text_prop("set", t, name, v),
            Artist::Surface(s) => match name.to_ascii_lowercase().as_str() {
                "edgecolor" => {
                    s.edge = color_arg("set", v)?;
                    Ok(())
                }
                "displayname" => {
                    s.name = label_text("set", v)?;
                    Ok(())
                }
                "visible" | "tag" | "facecolor" | "facealpha" | "linestyle" => Ok(()),
                _ => Err(unknown(name, "Surface")),
            },
            Artist::Image(_) => match name.to_ascii_lowercase().as_str() {
                "visible" | "tag" | "alphadata" => Ok(()),
                _ => Err(unknown(name, "Image")),
            },
        },
    }
}

fn on_off_value(b: bool) -> Value {
    Value::str(if b { "on" } else { "off" })
}

fn scale_value(s: Scale) -> Value {
    Value::str(match s {
        Scale::Linear => "linear",
        Scale::Log => "log",
    })
}

fn strings_cell(v: &[String]) -> Value {
    let cells: Vec<Value> = v.iter().map(|s| Value::str(s)).collect();
    Value::cell(Array::new(Dims::col(cells.len()), cells))
}

/// Every property of what `t` names, in a fixed order.
fn properties(g: &Graphics, t: Target) -> Vec<(String, Value)> {
    let mut p: Vec<(&str, Value)> = Vec::new();
    match t {
        Target::Figure(n) => {
            let f = &g.figures[&n];
            p.push(("Color", color_value(Some(f.color))));
            p.push((
                "Colormap",
                super::images::map_value(&super::images::map_of(f)),
            ));
            p.push((
                "CurrentAxes",
                f.current.map_or(Value::empty(), |i| {
                    Value::num(axes_handle(n, f.axes[i].handle))
                }),
            ));
            p.push(("Name", Value::str(&f.name)));
            p.push(("Number", Value::num(n as f64)));
            p.push(("Position", Value::row(f.position.to_vec())));
            p.push(("Type", Value::str("figure")));
            p.push(("Visible", Value::str("on")));
        }
        Target::Axes(n, i) => {
            let a = &g.figures[&n].axes[i];
            let kids: Vec<f64> = (0..a.children.len())
                .rev()
                .map(|j| super::artist_handle(n, a.handle, j))
                .collect();
            p.push(("Box", on_off_value(a.boxed)));
            p.push(("CLim", Value::row(current_limits(a, 3).to_vec())));
            p.push(("Children", Value::col(kids)));
            p.push(("FontSize", Value::num(a.font_size)));
            p.push((
                "NextPlot",
                Value::str(if a.hold { "add" } else { "replace" }),
            ));
            p.push(("Parent", Value::num(n as f64)));
            p.push(("Position", Value::row(a.position.to_vec())));
            p.push(("Title", Value::str(&a.title)));
            p.push(("Type", Value::str("axes")));
            p.push((
                "View",
                Value::row({
                    let (az, el) = a.view.unwrap_or((0.0, 90.0));
                    vec![az, el]
                }),
            ));
            p.push(("Visible", on_off_value(a.visible)));
            p.push(("XGrid", on_off_value(a.grid)));
            p.push(("XLabel", Value::str(&a.xlabel)));
            p.push(("XLim", Value::row(current_limits(a, 0).to_vec())));
            p.push(("XScale", scale_value(a.xscale)));
            p.push((
                "XTick",
                Value::row(a.xticks.clone().unwrap_or_else(|| {
                    let l = current_limits(a, 0);
                    super::figure::nice_ticks(l[0], l[1])
                })),
            ));
            if let Some(l) = &a.xticklabels {
                p.push(("XTickLabel", strings_cell(l)));
            }
            p.push((
                "YDir",
                Value::str(if a.y_reversed { "reverse" } else { "normal" }),
            ));
            p.push(("YGrid", on_off_value(a.grid)));
            p.push(("YLabel", Value::str(&a.ylabel)));
            p.push(("YLim", Value::row(current_limits(a, 1).to_vec())));
            p.push(("YScale", scale_value(a.yscale)));
            p.push((
                "YTick",
                Value::row(a.yticks.clone().unwrap_or_else(|| {
                    let l = current_limits(a, 1);
                    super::figure::nice_ticks(l[0], l[1])
                })),
            ));
            if let Some(l) = &a.yticklabels {
                p.push(("YTickLabel", strings_cell(l)));
            }
            p.push(("ZLabel", Value::str(&a.zlabel)));
            p.push(("ZLim", Value::row(current_limits(a, 2).to_vec())));
        }
        Target::Artist(n, i, j) => {
            let a = &g.figures[&n].axes[i];
            p.push(("Parent", Value::num(axes_handle(n, a.handle))));
            let art = &a.children[j];
            p.push(("Type", Value::str(art.type_name())));
            match art {
                Artist::Line(l) => {
                    p.push(("Color", color_value(Some(l.color))));
                    p.push(("DisplayName", Value::str(&l.name)));
                    p.push(("LineStyle", Value::str(l.style.spec())));
                    p.push(("LineWidth", Value::num(l.width)));
                    p.push(("Marker", Value::str(l.marker.spec())));
                    p.push((
                        "MarkerEdgeColor",
                        l.marker_edge
                            .map_or(Value::str("auto"), |c| color_value(Some(c))),
                    ));
                    p.push(("MarkerFaceColor", color_value(l.marker_face)));
                    p.push(("MarkerSize", Value::num(l.marker_size)));
                    p.push(("Visible", Value::str("on")));
                    p.push(("XData", Value::row(l.x.clone())));
                    p.push(("YData", Value::row(l.y.clone())));
                    p.push(("ZData", l.z.clone().map_or(Value::empty(), Value::row)));
                }
                Artist::Patch(pa) => {
                    p.push(("DisplayName", Value::str(&pa.name)));
                    p.push(("EdgeColor", color_value(pa.edge)));
                    p.push(("FaceAlpha", Value::num(pa.face_alpha)));
                    p.push(("FaceColor", color_value(pa.face.first().copied())));
                    p.push(("LineWidth", Value::num(pa.edge_width)));
                    p.push(("Visible", Value::str("on")));
                    p.push(("XData", Value::col(pa.x.clone())));
                    p.push(("YData", Value::col(pa.y.clone())));
                }
                Artist::Text(t) => {
                    p.push(("Color", color_value(Some(t.color))));
                    p.push(("FontSize", Value::num(t.font_size)));
                    p.push(("HorizontalAlignment", Value::str(&t.align)));
                    p.push(("Position", Value::row(vec![t.x, t.y, 0.0])));
                    p.push(("String", Value::str(&t.text)));
                    p.push(("Visible", Value::str("on")));
                }
                Artist::Surface(s) => {
                    p.push(("DisplayName", Value::str(&s.name)));
                    p.push(("EdgeColor", color_value(s.edge)));
                    p.push(("Visible", Value::str("on")));
                    p.push(("XData", Value::matrix(s.rows, s.cols, s.x.clone())));
                    p.push(("YData", Value::matrix(s.rows, s.cols, s.y.clone())));
                    p.push(("ZData", Value::matrix(s.rows, s.cols, s.z.clone())));
                }
                Artist::Image(im) => {
                    p.push(("Visible", Value::str("on")));
                    p.push(("XData", Value::row(im.x.to_vec())));
                    p.push(("YData", Value::row(im.y.to_vec())));
                }
            }
        }
    }
    p.sort_by(|a, b| a.0.cmp(b.0));
    p.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// `set(h, 'Name', value, ...)` for every handle in `h`.
pub fn set(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let Some(h) = args.first() else {
        return Err(Error::new("Invalid call to set"));
    };
    let hs = nums("set", h)?;
    let props = super::pairs("set", &args[1..])?;
    let g = &mut ctx.state.graphics;
    let targets: Vec<Target> = hs
        .data()
        .iter()
        .map(|&h| resolve(g, h).ok_or_else(|| invalid_handle("set")))
        .collect::<Result<_>>()?;
    for t in targets {
        for (name, v) in &props {
            set_one(g, t, name, v)?;
        }
    }
    Ok(vec![])
}

/// `get(h, 'Name')`, `get(h)` (a struct of every property); a vector of
/// handles gives a cell column.
pub fn get(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let Some(h) = args.first() else {
        return Err(Error::new("Invalid call to get"));
    };
    let hs = nums("get", h)?;
    let g = &ctx.state.graphics;
    let name = match args.get(1) {
        Some(v) => {
            Some(text_of(v).ok_or_else(|| Error::new("get: property name must be a string"))?)
        }
        None => None,
    };
    let mut out = Vec::new();
    for &hv in hs.data() {
        let t = resolve(g, hv).ok_or_else(|| invalid_handle("get"))?;
        let props = properties(g, t);
        out.push(match &name {
            None => Value::structure(StructArray::scalar(props)),
            Some(n) => {
                let class = match t {
                    Target::Figure(_) => "Figure",
                    Target::Axes(..) => "Axes",
                    Target::Artist(..) => "graphics object",
                };
                props
                    .into_iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(n))
                    .map(|(_, v)| v)
                    .ok_or_else(|| unknown(n, class))?
            }
        });
    }
    Ok(vec![if out.len() == 1 {
        out.pop().expect("one value")
    } else {
        let n = out.len();
        Value::cell(Array::new(Dims::col(n), out))
    }])
}

/// `ishghandle(h)` / `isgraphics(h)`, `isgraphics(h, type)`: elementwise.
pub fn ishghandle(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let Some(h) = args.first() else {
        return Err(Error::new("Invalid call to ishghandle"));
    };
    let want = match args.get(1) {
        Some(v) => Some(super::word("isgraphics", v)?),
        None => None,
    };
    let g = &ctx.state.graphics;
    let dims = h.dims();
    let vals: Vec<bool> = match h {
        Value::Num(a) => a
            .data()
            .iter()
            .map(|&x| match resolve(g, x) {
                None => false,
                Some(t) => want.as_deref().is_none_or(|w| type_of(g, t) == w),
            })
            .collect(),
        _ => vec![false; h.numel()],
    };
    Ok(vec![Value::Bool(Array::new(dims, vals))])
}

fn type_of(g: &Graphics, t: Target) -> &'static str {
    match t {
        Target::Figure(_) => "figure",
        Target::Axes(..) => "axes",
        Target::Artist(n, i, j) => g.figures[&n].axes[i].children[j].type_name(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;
    use crate::builtins::State;

    #[test]
    fn set_and_get_round_trip_on_lines_axes_and_figures() {
        let mut st = State::default();
        let h = call(&mut st, "plot", vec![row(&[1.0, 2.0, 3.0])], 1).unwrap();
        run(
            &mut st,
            "set",
            vec![
                h[0].clone(),
                s("LineWidth"),
                Value::num(2.0),
                s("color"),
                s("r"),
            ],
        );
        assert_eq!(
            call(&mut st, "get", vec![h[0].clone(), s("LineWidth")], 1).unwrap(),
            vec![Value::num(2.0)]
        );
        assert_eq!(
            call(&mut st, "get", vec![h[0].clone(), s("Color")], 1).unwrap(),
            vec![row(&[1.0, 0.0, 0.0])]
        );
        let ax = call(&mut st, "gca", vec![], 1).unwrap().remove(0);
        run(
            &mut st,
            "set",
            vec![ax.clone(), s("XScale"), s("log"), s("Title"), s("T")],
        );
        let a = &st.graphics.figures[&1].axes[0];
        assert_eq!((a.xscale, a.title.as_str()), (Scale::Log, "T"));
        run(&mut st, "set", vec![Value::num(1.0), s("Name"), s("fig")]);
        let all = call(&mut st, "get", vec![Value::num(1.0)], 1)
            .unwrap()
            .remove(0);
        let Value::Struct(sa) = all else {
            panic!("get(h) gives a struct")
        };
        assert_eq!(sa.get("Name"), Some(&Value::str("fig")));
        assert!(call(
            &mut st,
            "set",
            vec![ax.clone(), s("Bogus"), Value::num(1.0)],
            0
        )
        .is_err());
        assert!(call(&mut st, "get", vec![Value::num(7.0), s("Name")], 1).is_err());
        assert!(call(
            &mut st,
            "set",
            vec![h[0].clone(), s("LineWidth"), Value::num(-1.0)],
            0
        )
        .is_err());
        let ok = call(&mut st, "ishghandle", vec![row(&[1.0, 2.0])], 1).unwrap();
        assert_eq!(ok[0], Value::Bool(Array::row(vec![true, false])));
    }
}
