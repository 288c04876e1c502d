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
use crate::graphics::model::{
    Artist, Axes, Figure, Image, ImageData, Line, LineStyle, Marker, Patch, Rgb, Scale, Text,
};
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

/// A default value of a property kept only to be read back.
#[derive(Clone, Copy)]
enum Def {
    Str(&'static str),
    Num(f64),
    Rgb([f64; 3]),
}

impl Def {
    fn value(self) -> Value {
        match self {
            Def::Str(s) => Value::str(s),
            Def::Num(x) => Value::num(x),
            Def::Rgb(c) => Value::row(c.to_vec()),
        }
    }
}

const AXIS_GREY: Def = Def::Rgb([0.15, 0.15, 0.15]);

/// Figure properties flatlab keeps without drawing them, with Octave's
/// defaults.
const FIGURE_EXTRA: &[(&str, Def)] = &[
    ("CloseRequestFcn", Def::Str("closereq")),
    ("InvertHardcopy", Def::Str("on")),
    ("MenuBar", Def::Str("figure")),
    ("NextPlot", Def::Str("add")),
    ("NumberTitle", Def::Str("on")),
    ("PaperOrientation", Def::Str("portrait")),
    ("PaperPositionMode", Def::Str("auto")),
    ("PaperType", Def::Str("usletter")),
    ("PaperUnits", Def::Str("inches")),
    ("Renderer", Def::Str("opengl")),
    ("Resize", Def::Str("on")),
    ("Tag", Def::Str("")),
    ("ToolBar", Def::Str("auto")),
    ("Units", Def::Str("pixels")),
    ("Visible", Def::Str("on")),
    ("WindowStyle", Def::Str("normal")),
];

/// Axes properties flatlab keeps without drawing them, with Octave's
/// defaults.
const AXES_EXTRA: &[(&str, Def)] = &[
    ("Clipping", Def::Str("on")),
    ("Color", Def::Rgb([1.0, 1.0, 1.0])),
    ("FontAngle", Def::Str("normal")),
    ("FontName", Def::Str("*")),
    ("FontUnits", Def::Str("points")),
    ("FontWeight", Def::Str("normal")),
    ("GridAlpha", Def::Num(0.15)),
    ("GridColor", AXIS_GREY),
    ("GridLineStyle", Def::Str("-")),
    ("LabelFontSizeMultiplier", Def::Num(1.1)),
    ("Layer", Def::Str("bottom")),
    ("LineWidth", Def::Num(0.5)),
    ("Tag", Def::Str("")),
    ("TickDir", Def::Str("in")),
    ("TickLabelInterpreter", Def::Str("tex")),
    ("TitleFontSizeMultiplier", Def::Num(1.1)),
    ("Units", Def::Str("normalized")),
    ("XAxisLocation", Def::Str("bottom")),
    ("XColor", AXIS_GREY),
    ("XMinorGrid", Def::Str("off")),
    ("ZMinorGrid", Def::Str("off")),
    ("YAxisLocation", Def::Str("left")),
    ("YColor", AXIS_GREY),
    ("YMinorGrid", Def::Str("off")),
    ("ZColor", AXIS_GREY),
];

/// The table entry of a kept-only property, by case-insensitive name.
fn extra_def(table: &'static [(&'static str, Def)], name: &str) -> Option<(&'static str, Def)> {
    table
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .copied()
}

/// The current value of a kept-only property: as set, else the default.
fn extra_get(extra: &[(String, Value)], name: &str, def: Def) -> Value {
    let low = name.to_ascii_lowercase();
    extra
        .iter()
        .find(|(k, _)| *k == low)
        .map_or_else(|| def.value(), |(_, v)| v.clone())
}

/// Keep a property value (numbers and text as given; on/off words
/// checked).
fn extra_set(extra: &mut Vec<(String, Value)>, name: &str, def: Def, v: &Value) -> Result<()> {
    let ok = match def {
        Def::Str("on" | "off") => text_of(v)
            .is_some_and(|s| s.eq_ignore_ascii_case("on") || s.eq_ignore_ascii_case("off")),
        Def::Num(_) => matches!(v, Value::Num(a) if a.numel() == 1),
        Def::Rgb(_) => color_arg("set", v).is_ok(),
        Def::Str(_) => true,
    };
    if !ok {
        return Err(bad_value("set", name, "is not a valid value"));
    }
    let v = match def {
        Def::Rgb(_) => color_value(color_arg("set", v)?),
        Def::Str("on" | "off") => Value::str(&text_of(v).unwrap_or_default().to_ascii_lowercase()),
        _ => v.clone(),
    };
    let low = name.to_ascii_lowercase();
    match extra.iter_mut().find(|(k, _)| *k == low) {
        Some(slot) => slot.1 = v,
        None => extra.push((low, v)),
    }
    Ok(())
}

/// A numeric kept-only axes property (`TitleFontSizeMultiplier`...).
pub(crate) fn axes_extra_num(a: &Axes, name: &str) -> f64 {
    match extra_def(AXES_EXTRA, name) {
        Some((_, def)) => match extra_get(&a.extra, name, def) {
            Value::Num(x) if x.numel() == 1 => x.data()[0],
            _ => 1.0,
        },
        None => 1.0,
    }
}

/// A text kept-only axes property (`FontName`...).
pub(crate) fn axes_extra_text(a: &Axes, name: &str) -> String {
    match extra_def(AXES_EXTRA, name) {
        Some((_, def)) => text_of(&extra_get(&a.extra, name, def)).unwrap_or_default(),
        None => String::new(),
    }
}

/// A text's `String` as MATLAB returns it: a cell column of its lines
/// when it was given as a cell, else a char row (a padded char matrix
/// for several lines).
pub(crate) fn string_value(text: &str, cell: bool) -> Value {
    let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    if cell {
        let vals: Vec<Value> = lines.iter().map(|l| Value::str(l)).collect();
        return Value::cell(Array::new(Dims::col(vals.len()), vals));
    }
    if lines.len() == 1 {
        Value::str(text)
    } else {
        Value::char_rows(&lines)
    }
}

/// Which of an axes' texts a label target is.
const LABEL_NAMES: [&str; 4] = ["title", "xlabel", "ylabel", "zlabel"];

/// The string of label `which` of an axes.
pub(crate) fn label_string(a: &Axes, which: usize) -> &str {
    match which {
        0 => &a.title,
        1 => &a.xlabel,
        2 => &a.ylabel,
        _ => &a.zlabel,
    }
}

/// The font size a label shows: its own, else the axes' font size times
/// the title or label multiplier.
pub(crate) fn label_font_size(a: &Axes, which: usize) -> f64 {
    a.labels[which].font_size.unwrap_or_else(|| {
        let m = if which == 0 {
            axes_extra_num(a, "TitleFontSizeMultiplier")
        } else {
            axes_extra_num(a, "LabelFontSizeMultiplier")
        };
        a.font_size * m
    })
}

/// The colour a label shows: its own, else black for the title and the
/// axis grey for the labels.
pub(crate) fn label_color(a: &Axes, which: usize) -> Rgb {
    a.labels[which]
        .color
        .unwrap_or(if which == 0 { Rgb::BLACK } else { Rgb::AXIS })
}

/// Set one property of an axes' title or label.
pub(crate) fn set_label_prop(
    fname: &str,
    a: &mut Axes,
    which: usize,
    name: &str,
    v: &Value,
) -> Result<()> {
    match name.to_ascii_lowercase().as_str() {
        "string" => {
            let t = label_text(fname, v)?;
            a.labels[which].cell = matches!(v, Value::Cell(_));
            match which {
                0 => a.title = t,
                1 => a.xlabel = t,
                2 => a.ylabel = t,
                _ => a.zlabel = t,
            }
        }
        "color" => a.labels[which].color = color_arg(fname, v)?.or(a.labels[which].color),
        "fontsize" => a.labels[which].font_size = Some(positive(fname, name, v)?),
        "visible"
        | "tag"
        | "fontweight"
        | "fontname"
        | "interpreter"
        | "verticalalignment"
        | "horizontalalignment"
        | "rotation"
        | "units"
        | "fontangle"
        | "position" => {}
        _ => return Err(unknown(name, "Text")),
    }
    Ok(())
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
fn marker_color(fname: &str, v: &Value, l: &Line) -> Result<Option<Rgb>> {
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
        "string" => {
            t.text = label_text(fname, v)?;
            t.cell = matches!(v, Value::Cell(_));
        }
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

pub(crate) fn set_axes_prop(a: &mut Axes, name: &str, v: &Value) -> Result<()> {
    let f = "set";
    match name.to_ascii_lowercase().as_str() {
        "xlim" => a.xlim = Some(limits(f, v)?),
        "ylim" => a.ylim = Some(limits(f, v)?),
        "zlim" => a.zlim = Some(limits(f, v)?),
        "clim" => a.clim = Some(limits(f, v)?),
        "xtickmode" | "ytickmode" | "xticklabelmode" | "yticklabelmode" => {
            let mode = text_value(f, name, v)?.to_ascii_lowercase();
            let low = name.to_ascii_lowercase();
            let x = low.starts_with('x');
            let labels = low.contains("label");
            match mode.as_str() {
                "auto" => match (x, labels) {
                    (true, false) => a.xticks = None,
                    (false, false) => a.yticks = None,
                    (true, true) => a.xticklabels = None,
                    (false, true) => a.yticklabels = None,
                },
                "manual" => match (x, labels) {
                    (true, false) => a.xticks = Some(auto_ticks(a, 0)),
                    (false, false) => a.yticks = Some(auto_ticks(a, 1)),
                    (true, true) => a.xticklabels = Some(auto_labels(a, 0)),
                    (false, true) => a.yticklabels = Some(auto_labels(a, 1)),
                },
                _ => return Err(bad_value(f, name, "use 'auto' or 'manual'")),
            }
        }
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
        "title" | "xlabel" | "ylabel" | "zlabel" => {
            let which = LABEL_NAMES
                .iter()
                .position(|k| name.eq_ignore_ascii_case(k))
                .unwrap_or(0);
            set_label_prop(f, a, which, "String", v)?
        }
        "colororderindex" => {
            let k = v.scalar_f64(f)?;
            if !(k >= 1.0 && k.fract() == 0.0 && k < 1e6) {
                return Err(bad_value(f, name, "must be a positive integer"));
            }
            a.next_color = k as usize - 1;
        }
        "fontsize" => a.font_size = positive(f, name, v)?,
        "position" | "outerposition" | "innerposition" => a.position = position(f, v)?,
        "xgrid" | "ygrid" | "zgrid" => a.grid = on_off(f, v)?,
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
        _ => match extra_def(AXES_EXTRA, name) {
            Some((_, def)) => extra_set(&mut a.extra, name, def, v)?,
            None => return Err(unknown(name, "Axes")),
        },
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
        "paperposition" => {}
        "closerequestfcn" => {
            // Kept as given ('closereq', [] to refuse `close`, a handle).
            let low = "closerequestfcn".to_string();
            match fig.extra.iter_mut().find(|(k, _)| *k == low) {
                Some(slot) => slot.1 = v.clone(),
                None => fig.extra.push((low, v.clone())),
            }
        }
        "nextplot" => {
            let w = text_value(f, name, v)?.to_ascii_lowercase();
            if !matches!(w.as_str(), "add" | "new" | "replace" | "replacechildren") {
                return Err(bad_value(
                    f,
                    name,
                    "use 'add', 'new', 'replace' or 'replacechildren'",
                ));
            }
            extra_set(&mut fig.extra, name, Def::Str("add"), &Value::str(&w))?
        }
        _ => match extra_def(FIGURE_EXTRA, name) {
            Some((_, def)) => extra_set(&mut fig.extra, name, def, v)?,
            None => return Err(unknown(name, "Figure")),
        },
    }
    Ok(())
}

/// Set property `name` of what `t` names.
pub(crate) fn set_one(g: &mut Graphics, t: Target, name: &str, v: &Value) -> Result<()> {
    match t {
        Target::Root => match name.to_ascii_lowercase().as_str() {
            "currentfigure" => {
                let h = v.scalar_f64("set")?;
                match super::resolve(g, h) {
                    Some(Target::Figure(n)) => {
                        g.set_current(Some(n));
                        Ok(())
                    }
                    _ => Err(invalid_handle("set")),
                }
            }
            _ => Err(unknown(name, "Root")),
        },
        Target::Label(n, i, w) => set_label_prop("set", &mut fig_mut(g, n).axes[i], w, name, v),
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
            Artist::Image(im) => set_image_prop(im, name, v),
        },
    }
}

/// An image's `CData`: the `rows x cols` values, or `rows x cols x 3`
/// true colour in [0, 1].
fn image_cdata(im: &Image) -> Value {
    match &im.data {
        ImageData::Indexed { values, .. } => Value::matrix(im.rows, im.cols, values.clone()),
        ImageData::Rgb(v) => Value::Num(Array::new(Dims::new(&[im.rows, im.cols, 3]), v.clone())),
    }
}

/// Set one image property. `XData`/`YData` equal to `[1 n]` follow the
/// size of new `CData` (Octave's automatic mode); `[]` makes them
/// automatic again.
fn set_image_prop(im: &mut Image, name: &str, v: &Value) -> Result<()> {
    let f = "set";
    let ends = |d: &[f64], n: usize| -> Result<[f64; 2]> {
        match d {
            [] => Ok([1.0, n.max(1) as f64]),
            [a] => Ok([*a, *a + (n.max(1) - 1) as f64]),
            [a, .., b] => Ok([*a, *b]),
        }
    };
    match name.to_ascii_lowercase().as_str() {
        "cdata" => {
            let x_auto = im.x == [1.0, im.cols.max(1) as f64];
            let y_auto = im.y == [1.0, im.rows.max(1) as f64];
            let new = super::images::make_image(f, None, None, v, true)?;
            im.data = match (new.data, &im.data) {
                (ImageData::Indexed { values, .. }, ImageData::Indexed { scaled, .. }) => {
                    ImageData::Indexed {
                        values,
                        scaled: *scaled,
                    }
                }
                (ImageData::Indexed { values, .. }, ImageData::Rgb(_)) => ImageData::Indexed {
                    values,
                    scaled: false,
                },
                (rgb, _) => rgb,
            };
            im.rows = new.rows;
            im.cols = new.cols;
            if x_auto {
                im.x = [1.0, im.cols.max(1) as f64];
            }
            if y_auto {
                im.y = [1.0, im.rows.max(1) as f64];
            }
        }
        "xdata" => im.x = ends(&data_vec(f, v)?, im.cols)?,
        "ydata" => im.y = ends(&data_vec(f, v)?, im.rows)?,
        "visible" | "tag" | "alphadata" => {}
        _ => return Err(unknown(name, "Image")),
    }
    Ok(())
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

/// The automatic tick positions of axis 0 (x) or 1 (y).
fn auto_ticks(a: &Axes, which: usize) -> Vec<f64> {
    let l = current_limits(a, which);
    super::figure::nice_ticks(l[0], l[1])
}

/// The automatic tick labels of axis 0 (x) or 1 (y).
fn auto_labels(a: &Axes, which: usize) -> Vec<String> {
    let t = match which {
        0 => a.xticks.clone(),
        _ => a.yticks.clone(),
    };
    t.unwrap_or_else(|| auto_ticks(a, which))
        .iter()
        .map(|&x| crate::builtins::util::fmt_num(x))
        .collect()
}

fn mode_value(manual: bool) -> Value {
    Value::str(if manual { "manual" } else { "auto" })
}

/// Every property of what `t` names, in a fixed order.
fn properties(g: &Graphics, t: Target) -> Vec<(String, Value)> {
    let mut p: Vec<(&str, Value)> = Vec::new();
    match t {
        Target::Root => {
            let kids: Vec<f64> = g.figures.keys().rev().map(|&n| n as f64).collect();
            p.push(("Children", Value::col(kids)));
            p.push((
                "CurrentFigure",
                g.current_number()
                    .map_or(Value::empty(), |n| Value::num(n as f64)),
            ));
            p.push(("Type", Value::str("root")));
            p.push(("DefaultAxesXColor", AXIS_GREY.value()));
            p.push(("DefaultAxesYColor", AXIS_GREY.value()));
            p.push(("DefaultAxesZColor", AXIS_GREY.value()));
            p.push(("DefaultAxesFontSize", Value::num(10.0)));
            p.push(("DefaultAxesFontName", Value::str("*")));
            p.push(("DefaultFigureVisible", Value::str("on")));
            p.push(("ScreenPixelsPerInch", Value::num(96.0)));
            p.push(("Units", Value::str("pixels")));
        }
        Target::Label(n, i, w) => {
            let a = &g.figures[&n].axes[i];
            p.push(("Color", color_value(Some(label_color(a, w)))));
            p.push(("FontAngle", Value::str("normal")));
            p.push(("FontName", Value::str(&axes_extra_text(a, "FontName"))));
            p.push(("FontSize", Value::num(label_font_size(a, w))));
            p.push((
                "FontWeight",
                Value::str(if w == 0 { "bold" } else { "normal" }),
            ));
            p.push(("HorizontalAlignment", Value::str("center")));
            p.push(("Interpreter", Value::str("tex")));
            p.push(("Parent", Value::num(axes_handle(n, a.handle))));
            p.push(("Rotation", Value::num(if w == 2 { 90.0 } else { 0.0 })));
            p.push(("String", string_value(label_string(a, w), a.labels[w].cell)));
            p.push(("Type", Value::str("text")));
            // Octave keeps the z label's Visible "off" (even in 3-D).
            p.push(("Visible", Value::str(if w == 3 { "off" } else { "on" })));
        }
        Target::Figure(n) => {
            let f = &g.figures[&n];
            let kids: Vec<f64> = f
                .axes
                .iter()
                .rev()
                .map(|a| axes_handle(n, a.handle))
                .collect();
            p.push(("Children", Value::col(kids)));
            for (k, def) in FIGURE_EXTRA {
                p.push((k, extra_get(&f.extra, k, *def)));
            }
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
            p.push(("Parent", Value::num(0.0)));
            p.push(("Position", Value::row(f.position.to_vec())));
            p.push(("Type", Value::str("figure")));
        }
        Target::Axes(n, i) => {
            let a = &g.figures[&n].axes[i];
            let kids: Vec<f64> = (0..a.children.len())
                .rev()
                .map(|j| super::artist_handle(n, a.handle, j))
                .collect();
            for (k, def) in AXES_EXTRA {
                p.push((k, extra_get(&a.extra, k, *def)));
            }
            p.push(("Box", on_off_value(a.boxed)));
            p.push(("CLim", Value::row(current_limits(a, 3).to_vec())));
            p.push(("CLimMode", mode_value(a.clim.is_some())));
            p.push(("Children", Value::col(kids)));
            p.push(("ColorOrderIndex", Value::num(a.next_color as f64 + 1.0)));
            p.push(("FontSize", Value::num(a.font_size)));
            p.push((
                "NextPlot",
                Value::str(if a.hold { "add" } else { "replace" }),
            ));
            p.push(("Parent", Value::num(n as f64)));
            p.push(("Position", Value::row(a.position.to_vec())));
            p.push(("Title", Value::num(super::label_handle(n, a.handle, 0))));
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
            p.push(("XLabel", Value::num(super::label_handle(n, a.handle, 1))));
            p.push(("XLim", Value::row(current_limits(a, 0).to_vec())));
            p.push(("XLimMode", mode_value(a.xlim.is_some())));
            p.push(("XTickMode", mode_value(a.xticks.is_some())));
            p.push(("XTickLabelMode", mode_value(a.xticklabels.is_some())));
            p.push(("XScale", scale_value(a.xscale)));
            p.push((
                "XTick",
                Value::row(a.xticks.clone().unwrap_or_else(|| {
                    let l = current_limits(a, 0);
                    super::figure::nice_ticks(l[0], l[1])
                })),
            ));
            p.push((
                "XTickLabel",
                strings_cell(&a.xticklabels.clone().unwrap_or_else(|| auto_labels(a, 0))),
            ));
            p.push((
                "YDir",
                Value::str(if a.y_reversed { "reverse" } else { "normal" }),
            ));
            p.push(("YGrid", on_off_value(a.grid)));
            p.push(("YLabel", Value::num(super::label_handle(n, a.handle, 2))));
            p.push(("YLim", Value::row(current_limits(a, 1).to_vec())));
            p.push(("YLimMode", mode_value(a.ylim.is_some())));
            p.push(("YTickMode", mode_value(a.yticks.is_some())));
            p.push(("YTickLabelMode", mode_value(a.yticklabels.is_some())));
            p.push(("YScale", scale_value(a.yscale)));
            p.push((
                "YTick",
                Value::row(a.yticks.clone().unwrap_or_else(|| {
                    let l = current_limits(a, 1);
                    super::figure::nice_ticks(l[0], l[1])
                })),
            ));
            p.push((
                "YTickLabel",
                strings_cell(&a.yticklabels.clone().unwrap_or_else(|| auto_labels(a, 1))),
            ));
            p.push(("ZGrid", on_off_value(a.grid)));
            p.push(("ZLabel", Value::num(super::label_handle(n, a.handle, 3))));
            p.push(("ZLim", Value::row(current_limits(a, 2).to_vec())));
            p.push(("ZLimMode", mode_value(a.zlim.is_some())));
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
                    p.push(("String", string_value(&t.text, t.cell)));
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
                    p.push(("CData", image_cdata(im)));
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

/// set: set graphics properties.
///
/// `set(h, 'Name', value, ...)` sets properties of every object in `h`
/// (figures, axes, lines, patches, text, titles and labels). Names are
/// case-insensitive; an unknown name is an error naming the class.
///
/// ```text
/// >> h = plot([1 2 3]); set(h, 'linewidth', 2); get(h, 'linewidth')
/// ans = 2
/// ```
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

/// get: read graphics properties.
///
/// `v = get(h, 'Name')` returns a property of the object `h` (handle 0 is
/// the root: `CurrentFigure`, `Children`...); for a vector of handles a
/// cell column. `s = get(h)` returns every property as a struct.
///
/// ```text
/// >> h = plot([1 2 3]); get(h, 'ydata')
/// ans =
///
///    1   2   3
///
/// ```
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
                    Target::Root => "Root",
                    Target::Figure(_) => "Figure",
                    Target::Axes(..) => "Axes",
                    Target::Label(..) => "Text",
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

/// ishghandle, isgraphics: whether values are graphics handles.
///
/// `tf = isgraphics(h)` is a logical array the size of `h`: true where the
/// element names a graphics object (0 is the root). `isgraphics(h, type)`
/// also requires its `Type` (`'figure'`, `'axes'`, `'line'`, `'text'`,
/// `'root'`...).
///
/// ```text
/// >> h = figure(); isgraphics([h -1])
/// ans =
///
///   1  0
///
/// ```
pub fn ishghandle(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let Some(h) = args.first() else {
        return Err(Error::new("Invalid call to ishghandle"));
    };
    let want = match args.get(1) {
        Some(v) => Some(
            text_of(v)
                .map(|s| s.trim().to_ascii_lowercase())
                .ok_or_else(|| Error::new("isgraphics: TYPE must be a string"))?,
        ),
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

pub(crate) fn type_of(g: &Graphics, t: Target) -> &'static str {
    match t {
        Target::Root => "root",
        Target::Label(..) => "text",
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
