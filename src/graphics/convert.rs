//! A figure as a workspace value and back.
//!
//! The store keeps a figure as a scalar struct (`figure:N`) whose numeric
//! fields are plain double arrays, so line data goes through the same
//! content-addressed chunks as variables: plotting a stored vector adds
//! almost nothing on disk. Axes are a cell of scalar structs and each axes'
//! children a cell of scalar structs tagged by `type`. Optional properties
//! (explicit limits, ticks, a legend) are fields present only when set.
//! Reading back checks every field and never panics: a malformed value is
//! an error naming the field.

use super::model::*;
use crate::error::{Error, Result};
use crate::value::{Array, Dims, StructArray, Value};

/// Format tag stored in every figure value, so a later layout can migrate.
const VERSION: f64 = 1.0;

// ----- figure → value -----

/// The figure as a flat struct value (what the store keeps as `figure:N`).
pub fn to_value(fig: &Figure) -> Value {
    let axes: Vec<Value> = fig.axes.iter().map(axes_value).collect();
    let mut f = vec![
        ("version".to_string(), Value::num(VERSION)),
        ("number".to_string(), Value::num(fig.number as f64)),
        ("name".to_string(), Value::str(&fig.name)),
        ("position".to_string(), Value::row(fig.position.to_vec())),
        ("color".to_string(), rgb(fig.color)),
        ("colormap".to_string(), rgb_rows(&fig.colormap)),
        (
            "next_axes".to_string(),
            Value::num(fig.next_axes_handle as f64),
        ),
        ("axes".to_string(), cell_row(axes)),
    ];
    if let Some(i) = fig.current {
        f.push(("current".to_string(), Value::num(i as f64 + 1.0)));
    }
    if !fig.extra.is_empty() {
        f.push(("extra".to_string(), extra_value(&fig.extra)));
    }
    Value::structure(StructArray::scalar(f))
}

/// Kept-only properties as a struct (names are lower-case identifiers).
fn extra_value(extra: &[(String, Value)]) -> Value {
    Value::structure(StructArray::scalar(extra.to_vec()))
}

/// Kept-only properties back from their struct (absent: none).
fn extra_from(f: &Fields) -> Result<Vec<(String, Value)>> {
    match f.opt("extra") {
        None => Ok(Vec::new()),
        Some(Value::Struct(s)) if s.numel() == 1 => Ok(s
            .names()
            .iter()
            .filter_map(|k| s.get(k).map(|v| (k.to_string(), v.clone())))
            .collect()),
        Some(_) => Err(bad(f.what, "extra", "is not a scalar struct")),
    }
}

/// The title's and labels' text styles as a 4-element struct row.
fn labels_value(l: &[LabelStyle; 4]) -> Value {
    let rows: Vec<Value> = l
        .iter()
        .map(|s| {
            Value::structure(StructArray::scalar(vec![
                ("color".to_string(), s.color.map_or(Value::empty(), rgb)),
                (
                    "font_size".to_string(),
                    s.font_size.map_or(Value::empty(), Value::num),
                ),
                ("cell".to_string(), Value::bool(s.cell)),
            ]))
        })
        .collect();
    cell_row(rows)
}

fn labels_from(f: &Fields) -> Result<[LabelStyle; 4]> {
    let mut out: [LabelStyle; 4] = Default::default();
    if f.opt("labels").is_none() {
        return Ok(out);
    }
    let cells = f.cells("labels")?;
    if cells.len() != 4 {
        return Err(bad(f.what, "labels", "does not have 4 elements"));
    }
    for (o, c) in out.iter_mut().zip(cells.iter()) {
        let l = Fields::of(c, "label")?;
        o.color = match l.nums("color")?.as_slice() {
            [] => None,
            [r, g, b] => Some(Rgb(*r, *g, *b)),
            _ => return Err(bad("label", "color", "is not an RGB triple")),
        };
        o.font_size = match l.nums("font_size")?.as_slice() {
            [] => None,
            [x] => Some(*x),
            _ => return Err(bad("label", "font_size", "is not a scalar")),
        };
        o.cell = l.flag("cell")?;
    }
    Ok(out)
}

/// Whether `x` is exactly `1:N` (N large enough to be worth a flag).
fn is_index_row(x: &[f64]) -> bool {
    x.len() > 64 && x.iter().enumerate().all(|(i, &v)| v == (i + 1) as f64)
}

fn cell_row(v: Vec<Value>) -> Value {
    let n = v.len();
    Value::cell(Array::new(Dims::mat(1, n), v))
}

fn rgb(c: Rgb) -> Value {
    Value::row(vec![c.0, c.1, c.2])
}

/// Colours as an `n x 3` matrix.
fn rgb_rows(cs: &[Rgb]) -> Value {
    let n = cs.len();
    let mut d = vec![0.0; n * 3];
    for (i, c) in cs.iter().enumerate() {
        d[i] = c.0;
        d[i + n] = c.1;
        d[i + 2 * n] = c.2;
    }
    Value::matrix(n, 3, d)
}

fn scale_name(s: Scale) -> Value {
    Value::str(match s {
        Scale::Linear => "linear",
        Scale::Log => "log",
    })
}

fn axes_value(a: &Axes) -> Value {
    let mut f: Vec<(String, Value)> = Vec::new();
    let mut put = |k: &str, v: Value| f.push((k.to_string(), v));
    put("handle", Value::num(a.handle as f64));
    put("position", Value::row(a.position.to_vec()));
    if let Some((r, c, i)) = a.subplot {
        put("subplot", Value::row(vec![r as f64, c as f64, i as f64]));
    }
    put("title", Value::str(&a.title));
    put("xlabel", Value::str(&a.xlabel));
    put("ylabel", Value::str(&a.ylabel));
    put("zlabel", Value::str(&a.zlabel));
    for (k, lim) in [
        ("xlim", a.xlim),
        ("ylim", a.ylim),
        ("zlim", a.zlim),
        ("clim", a.clim),
    ] {
        if let Some(l) = lim {
            put(k, Value::row(l.to_vec()));
        }
    }
    put("xscale", scale_name(a.xscale));
    put("yscale", scale_name(a.yscale));
    for (k, t) in [("xticks", &a.xticks), ("yticks", &a.yticks)] {
        if let Some(t) = t {
            put(k, Value::row(t.clone()));
        }
    }
    for (k, t) in [
        ("xticklabels", &a.xticklabels),
        ("yticklabels", &a.yticklabels),
    ] {
        if let Some(t) = t {
            put(k, cell_row(t.iter().map(|s| Value::str(s)).collect()));
        }
    }
    for (k, b) in [
        ("grid", a.grid),
        ("box", a.boxed),
        ("hold", a.hold),
        ("equal", a.equal),
        ("tight", a.tight),
        ("y_reversed", a.y_reversed),
        ("visible", a.visible),
        ("colorbar", a.colorbar),
    ] {
        put(k, Value::bool(b));
    }
    if let Some(l) = &a.legend {
        put(
            "legend",
            Value::structure(StructArray::scalar(vec![
                ("location".to_string(), Value::str(&l.location)),
                ("visible".to_string(), Value::bool(l.visible)),
            ])),
        );
    }
    put("font_size", Value::num(a.font_size));
    if let Some((az, el)) = a.view {
        put("view", Value::row(vec![az, el]));
    }
    put("next_color", Value::num(a.next_color as f64));
    if a.labels != <[LabelStyle; 4]>::default() {
        put("labels", labels_value(&a.labels));
    }
    if !a.extra.is_empty() {
        put("extra", extra_value(&a.extra));
    }
    put(
        "children",
        cell_row(a.children.iter().map(artist_value).collect()),
    );
    Value::structure(StructArray::scalar(f))
}

fn artist_value(a: &Artist) -> Value {
    let mut f: Vec<(String, Value)> = vec![("type".to_string(), Value::str(a.type_name()))];
    let mut put = |k: &str, v: Value| f.push((k.to_string(), v));
    match a {
        Artist::Line(l) => {
            // `plot(y)` draws against 1:N: stored as a flag, not N numbers,
            // so plotting a stored vector adds no chunk of its own.
            if is_index_row(&l.x) {
                put("x_is_index", Value::bool(true));
                put("x", Value::empty());
            } else {
                put("x", Value::row(l.x.clone()));
            }
            put("y", Value::row(l.y.clone()));
            if let Some(z) = &l.z {
                put("z", Value::row(z.clone()));
            }
            put("color", rgb(l.color));
            put("width", Value::num(l.width));
            put("style", Value::str(l.style.spec()));
            put("marker", Value::str(l.marker.spec()));
            put("marker_size", Value::num(l.marker_size));
            if let Some(c) = l.marker_face {
                put("marker_face", rgb(c));
            }
            if let Some(c) = l.marker_edge {
                put("marker_edge", rgb(c));
            }
            put("name", Value::str(&l.name));
        }
        Artist::Patch(p) => {
            put("x", Value::row(p.x.clone()));
            put("y", Value::row(p.y.clone()));
            put("face", rgb_rows(&p.face));
            if let Some(c) = p.edge {
                put("edge", rgb(c));
            }
            put("edge_width", Value::num(p.edge_width));
            put("face_alpha", Value::num(p.face_alpha));
            put("name", Value::str(&p.name));
        }
        Artist::Image(im) => {
            put("x", Value::row(im.x.to_vec()));
            put("y", Value::row(im.y.to_vec()));
            let (kind, data) = match &im.data {
                ImageData::Indexed { values, scaled } => (
                    if *scaled { "scaled" } else { "direct" },
                    Value::Num(Array::new(Dims::mat(im.rows, im.cols), values.clone())),
                ),
                ImageData::Rgb(v) => (
                    "rgb",
                    Value::Num(Array::new(Dims::new(&[im.rows, im.cols, 3]), v.clone())),
                ),
            };
            put("kind", Value::str(kind));
            put("rows", Value::num(im.rows as f64));
            put("cols", Value::num(im.cols as f64));
            put("data", data);
        }
        Artist::Surface(s) => {
            put("rows", Value::num(s.rows as f64));
            put("cols", Value::num(s.cols as f64));
            let grid = |v: &Vec<f64>| Value::Num(Array::new(Dims::mat(s.rows, s.cols), v.clone()));
            put("x", grid(&s.x));
            put("y", grid(&s.y));
            put("z", grid(&s.z));
            put("c", grid(&s.c));
            put("filled", Value::bool(s.filled));
            if let Some(c) = s.edge {
                put("edge", rgb(c));
            }
            put("name", Value::str(&s.name));
        }
        Artist::Text(t) => {
            put("x", Value::num(t.x));
            put("y", Value::num(t.y));
            put("text", Value::str(&t.text));
            put("color", rgb(t.color));
            put("font_size", Value::num(t.font_size));
            put("align", Value::str(&t.align));
            if t.cell {
                put("cell", Value::bool(true));
            }
        }
    }
    Value::structure(StructArray::scalar(f))
}

// ----- value → figure -----

/// Reads the fields of one scalar struct, naming what is wrong.
struct Fields<'a> {
    s: &'a StructArray,
    what: &'a str,
}

fn bad(what: &str, field: &str, why: &str) -> Error {
    Error::with_id(
        "flatlab:figure-format",
        format!("stored figure is malformed: {what} field '{field}' {why}"),
    )
}

impl<'a> Fields<'a> {
    fn of(v: &'a Value, what: &'a str) -> Result<Fields<'a>> {
        match v {
            Value::Struct(s) if s.numel() == 1 => Ok(Fields { s, what }),
            _ => Err(Error::with_id(
                "flatlab:figure-format",
                format!("stored figure is malformed: {what} is not a scalar struct"),
            )),
        }
    }
    fn opt(&self, k: &str) -> Option<&'a Value> {
        self.s.get(k)
    }
    fn req(&self, k: &str) -> Result<&'a Value> {
        self.opt(k).ok_or_else(|| bad(self.what, k, "is missing"))
    }
    fn nums_of(&self, k: &str, v: &Value) -> Result<Vec<f64>> {
        match v {
            Value::Num(a) => Ok(a.data().to_vec()),
            Value::Bool(a) => Ok(a.data().iter().map(|&b| b as u8 as f64).collect()),
            _ => Err(bad(self.what, k, "is not numeric")),
        }
    }
    fn nums(&self, k: &str) -> Result<Vec<f64>> {
        self.nums_of(k, self.req(k)?)
    }
    fn opt_nums(&self, k: &str) -> Result<Option<Vec<f64>>> {
        self.opt(k).map(|v| self.nums_of(k, v)).transpose()
    }
    fn num(&self, k: &str) -> Result<f64> {
        match self.nums(k)?.as_slice() {
            [x] => Ok(*x),
            _ => Err(bad(self.what, k, "is not a scalar")),
        }
    }
    fn count(&self, k: &str) -> Result<usize> {
        let x = self.num(k)?;
        if x >= 0.0 && x.fract() == 0.0 && x < 1e15 {
            Ok(x as usize)
        } else {
            Err(bad(self.what, k, "is not a count"))
        }
    }
    fn flag(&self, k: &str) -> Result<bool> {
        Ok(self.num(k)? != 0.0)
    }
    fn fixed<const N: usize>(&self, k: &str) -> Result<[f64; N]> {
        self.nums(k)?
            .try_into()
            .map_err(|_| bad(self.what, k, &format!("does not have {N} elements")))
    }
    fn opt_fixed<const N: usize>(&self, k: &str) -> Result<Option<[f64; N]>> {
        match self.opt(k) {
            None => Ok(None),
            Some(_) => self.fixed(k).map(Some),
        }
    }
    fn text(&self, k: &str) -> Result<String> {
        match self.req(k)? {
            Value::Char(a) => Ok(String::from_utf16_lossy(a.data())),
            _ => Err(bad(self.what, k, "is not text")),
        }
    }
    fn color(&self, k: &str) -> Result<Rgb> {
        let [r, g, b] = self.fixed(k)?;
        Ok(Rgb(r, g, b))
    }
    fn opt_color(&self, k: &str) -> Result<Option<Rgb>> {
        match self.opt(k) {
            None => Ok(None),
            Some(_) => self.color(k).map(Some),
        }
    }
    fn colors(&self, k: &str) -> Result<Vec<Rgb>> {
        match self.req(k)? {
            Value::Num(a) if a.numel() == 0 => Ok(Vec::new()),
            Value::Num(a) if a.dims().ndims() == 2 && a.cols() == 3 => {
                let n = a.rows();
                let d = a.data();
                Ok((0..n).map(|i| Rgb(d[i], d[i + n], d[i + 2 * n])).collect())
            }
            _ => Err(bad(self.what, k, "is not an n-by-3 colour matrix")),
        }
    }
    fn cells(&self, k: &str) -> Result<&'a [Value]> {
        match self.req(k)? {
            Value::Cell(c) => Ok(c.data()),
            _ => Err(bad(self.what, k, "is not a cell array")),
        }
    }
    fn opt_texts(&self, k: &str) -> Result<Option<Vec<String>>> {
        if self.opt(k).is_none() {
            return Ok(None);
        }
        self.cells(k)?
            .iter()
            .map(|v| match v {
                Value::Char(a) => Ok(String::from_utf16_lossy(a.data())),
                _ => Err(bad(self.what, k, "holds something other than text")),
            })
            .collect::<Result<Vec<_>>>()
            .map(Some)
    }
    fn scale(&self, k: &str) -> Result<Scale> {
        match self.text(k)?.as_str() {
            "linear" => Ok(Scale::Linear),
            "log" => Ok(Scale::Log),
            _ => Err(bad(self.what, k, "is not 'linear' or 'log'")),
        }
    }
    fn handle(&self, k: &str) -> Result<u32> {
        let n = self.count(k)?;
        u32::try_from(n).map_err(|_| bad(self.what, k, "is out of range"))
    }
}

/// The figure a stored value describes.
pub fn from_value(v: &Value) -> Result<Figure> {
    let f = Fields::of(v, "figure")?;
    let version = f.num("version")?;
    if version != VERSION {
        return Err(bad(
            "figure",
            "version",
            &format!("is {version}; this flatlab reads version {VERSION}"),
        ));
    }
    let axes = f
        .cells("axes")?
        .iter()
        .map(axes_from)
        .collect::<Result<Vec<_>>>()?;
    let current = match f.opt("current") {
        None => None,
        Some(_) => {
            let i = f.count("current")?;
            if i == 0 || i > axes.len() {
                return Err(bad("figure", "current", "names no axes"));
            }
            Some(i - 1)
        }
    };
    Ok(Figure {
        number: f.handle("number")?,
        name: f.text("name")?,
        position: f.fixed("position")?,
        color: f.color("color")?,
        colormap: f.colors("colormap")?,
        next_axes_handle: f.handle("next_axes")?,
        axes,
        current,
        extra: extra_from(&f)?,
    })
}

fn axes_from(v: &Value) -> Result<Axes> {
    let f = Fields::of(v, "axes")?;
    let subplot = match f.opt_fixed::<3>("subplot")? {
        None => None,
        Some([r, c, i]) => {
            let ok = |x: f64| x >= 1.0 && x.fract() == 0.0 && x <= u32::MAX as f64;
            if !(ok(r) && ok(c) && ok(i)) {
                return Err(bad("axes", "subplot", "is not three positive integers"));
            }
            Some((r as u32, c as u32, i as u32))
        }
    };
    let legend = match f.opt("legend") {
        None => None,
        Some(l) => {
            let l = Fields::of(l, "legend")?;
            Some(Legend {
                location: l.text("location")?,
                visible: l.flag("visible")?,
            })
        }
    };
    let view = f.opt_fixed::<2>("view")?.map(|[a, e]| (a, e));
    let children = f
        .cells("children")?
        .iter()
        .map(artist_from)
        .collect::<Result<Vec<_>>>()?;
    Ok(Axes {
        handle: f.handle("handle")?,
        position: f.fixed("position")?,
        subplot,
        title: f.text("title")?,
        xlabel: f.text("xlabel")?,
        ylabel: f.text("ylabel")?,
        zlabel: f.text("zlabel")?,
        xlim: f.opt_fixed("xlim")?,
        ylim: f.opt_fixed("ylim")?,
        zlim: f.opt_fixed("zlim")?,
        clim: f.opt_fixed("clim")?,
        xscale: f.scale("xscale")?,
        yscale: f.scale("yscale")?,
        xticks: f.opt_nums("xticks")?,
        yticks: f.opt_nums("yticks")?,
        xticklabels: f.opt_texts("xticklabels")?,
        yticklabels: f.opt_texts("yticklabels")?,
        grid: f.flag("grid")?,
        boxed: f.flag("box")?,
        hold: f.flag("hold")?,
        equal: f.flag("equal")?,
        tight: f.flag("tight")?,
        y_reversed: f.flag("y_reversed")?,
        visible: f.flag("visible")?,
        colorbar: f.flag("colorbar")?,
        legend,
        font_size: f.num("font_size")?,
        view,
        next_color: f.count("next_color")?,
        children,
        labels: labels_from(&f)?,
        extra: extra_from(&f)?,
    })
}

/// `x` and `y` of equal length.
fn xy(f: &Fields) -> Result<(Vec<f64>, Vec<f64>)> {
    let (x, y) = (f.nums("x")?, f.nums("y")?);
    if x.len() != y.len() {
        return Err(bad(f.what, "y", "has a different length from x"));
    }
    Ok((x, y))
}

fn artist_from(v: &Value) -> Result<Artist> {
    let f = Fields::of(v, "graphics object")?;
    let kind = f.text("type")?;
    let what = match kind.as_str() {
        "line" => "line",
        "patch" => "patch",
        "image" => "image",
        "surface" => "surface",
        "text" => "text",
        _ => {
            return Err(bad(
                "graphics object",
                "type",
                &format!("is unknown ('{kind}')"),
            ))
        }
    };
    let f = Fields { s: f.s, what };
    Ok(match what {
        "line" => {
            let (x, y) = match f.opt("x_is_index") {
                Some(_) if f.flag("x_is_index")? => {
                    let y = f.nums("y")?;
                    ((1..=y.len()).map(|i| i as f64).collect(), y)
                }
                _ => xy(&f)?,
            };
            let z = f.opt_nums("z")?;
            if z.as_ref().is_some_and(|z| z.len() != x.len()) {
                return Err(bad(what, "z", "has a different length from x"));
            }
            let style = LineStyle::parse(&f.text("style")?)
                .ok_or_else(|| bad(what, "style", "is not a line style"))?;
            let marker = Marker::parse(&f.text("marker")?)
                .ok_or_else(|| bad(what, "marker", "is not a marker"))?;
            Artist::Line(Line {
                x,
                y,
                z,
                color: f.color("color")?,
                width: f.num("width")?,
                style,
                marker,
                marker_size: f.num("marker_size")?,
                marker_face: f.opt_color("marker_face")?,
                marker_edge: f.opt_color("marker_edge")?,
                name: f.text("name")?,
            })
        }
        "patch" => {
            let (x, y) = xy(&f)?;
            Artist::Patch(Patch {
                x,
                y,
                face: f.colors("face")?,
                edge: f.opt_color("edge")?,
                edge_width: f.num("edge_width")?,
                face_alpha: f.num("face_alpha")?,
                name: f.text("name")?,
            })
        }
        "image" => {
            let (rows, cols) = (f.count("rows")?, f.count("cols")?);
            let values = f.nums("data")?;
            let n = rows
                .checked_mul(cols)
                .ok_or_else(|| bad(what, "rows", "is too large"))?;
            let data = match f.text("kind")?.as_str() {
                k @ ("scaled" | "direct") if values.len() == n => ImageData::Indexed {
                    values,
                    scaled: k == "scaled",
                },
                "rgb" if Some(values.len()) == n.checked_mul(3) => ImageData::Rgb(values),
                "scaled" | "direct" | "rgb" => {
                    return Err(bad(what, "data", "does not match rows and cols"))
                }
                _ => return Err(bad(what, "kind", "is not scaled, direct or rgb")),
            };
            Artist::Image(Image {
                rows,
                cols,
                x: f.fixed("x")?,
                y: f.fixed("y")?,
                data,
            })
        }
        "surface" => {
            let (rows, cols) = (f.count("rows")?, f.count("cols")?);
            let n = rows
                .checked_mul(cols)
                .ok_or_else(|| bad(what, "rows", "is too large"))?;
            let grid = |k: &str| -> Result<Vec<f64>> {
                let v = f.nums(k)?;
                if v.len() != n {
                    return Err(bad(what, k, "does not match rows and cols"));
                }
                Ok(v)
            };
            Artist::Surface(Surface {
                rows,
                cols,
                x: grid("x")?,
                y: grid("y")?,
                z: grid("z")?,
                c: grid("c")?,
                filled: f.flag("filled")?,
                edge: f.opt_color("edge")?,
                name: f.text("name")?,
            })
        }
        _ => Artist::Text(Text {
            x: f.num("x")?,
            y: f.num("y")?,
            text: f.text("text")?,
            color: f.color("color")?,
            font_size: f.num("font_size")?,
            align: f.text("align")?,
            cell: match f.opt("cell") {
                Some(_) => f.flag("cell")?,
                None => false,
            },
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A figure with every kind of artist and every optional property set.
    fn busy_figure() -> Figure {
        let mut f = Figure::new(3);
        f.name = "busy".into();
        f.colormap = vec![Rgb(0.0, 0.0, 0.0), Rgb(0.5, 0.5, 0.5), Rgb(1.0, 1.0, 1.0)];
        let mut a = Axes::new(1, [0.1, 0.2, 0.3, 0.4]);
        a.subplot = Some((2, 1, 1));
        a.title = "Ünïcode title".into();
        a.xlim = Some([0.0, 10.0]);
        a.clim = Some([-1.0, 1.0]);
        a.yscale = Scale::Log;
        a.xticks = Some(vec![]);
        a.yticklabels = Some(vec!["lo".into(), "hi".into()]);
        a.grid = true;
        a.hold = true;
        a.legend = Some(Legend {
            location: "northwest".into(),
            visible: true,
        });
        a.view = Some((-37.5, 30.0));
        a.next_color = 2;
        let mut l = Line::new(
            vec![1.0, 2.0, f64::NAN],
            vec![3.0, 4.0, 5.0],
            COLOR_ORDER[1],
        );
        l.z = Some(vec![0.0, 1.0, 2.0]);
        l.marker = Marker::Pentagram;
        l.style = LineStyle::DashDot;
        l.marker_face = Some(Rgb(1.0, 0.0, 0.0));
        l.name = "data".into();
        a.children.push(Artist::Line(l));
        a.children.push(Artist::Patch(Patch {
            x: vec![0.0, 1.0, 1.0],
            y: vec![0.0, 0.0, 1.0],
            face: vec![Rgb(0.2, 0.3, 0.4)],
            edge: None,
            edge_width: 0.5,
            face_alpha: 0.5,
            name: String::new(),
        }));
        a.children.push(Artist::Image(Image {
            rows: 2,
            cols: 3,
            x: [1.0, 3.0],
            y: [1.0, 2.0],
            data: ImageData::Rgb(vec![0.5; 18]),
        }));
        a.children.push(Artist::Image(Image {
            rows: 1,
            cols: 2,
            x: [1.0, 2.0],
            y: [1.0, 1.0],
            data: ImageData::Indexed {
                values: vec![1.0, 2.0],
                scaled: false,
            },
        }));
        a.children.push(Artist::Surface(Surface {
            rows: 1,
            cols: 2,
            x: vec![0.0, 1.0],
            y: vec![0.0, 0.0],
            z: vec![1.0, 2.0],
            c: vec![1.0, 2.0],
            filled: true,
            edge: Some(Rgb::BLACK),
            name: String::new(),
        }));
        a.children.push(Artist::Text(Text {
            x: 1.0,
            y: 2.0,
            text: "peak".into(),
            color: Rgb::BLACK,
            font_size: 12.0,
            align: "center".into(),
            cell: true,
        }));
        f.axes.push(a);
        f.axes.push(Axes::new(2, DEFAULT_AXES_POSITION));
        f.current = Some(1);
        f.next_axes_handle = 3;
        f
    }

    #[test]
    fn every_property_survives_the_round_trip() {
        let f = busy_figure();
        let back = from_value(&to_value(&f)).unwrap();
        // NaN != NaN: compare the line's x through its bits.
        let Artist::Line(l) = &back.axes[0].children[0] else {
            panic!("first child is not a line")
        };
        assert!(l.x[2].is_nan());
        let mut f2 = f.clone();
        let mut b2 = back.clone();
        for g in [&mut f2, &mut b2] {
            if let Artist::Line(l) = &mut g.axes[0].children[0] {
                l.x[2] = 0.0;
            }
        }
        assert_eq!(b2, f2);
        // A line against 1:N keeps its x through the flag.
        let mut g = Figure::new(2);
        let mut a = Axes::new(1, DEFAULT_AXES_POSITION);
        let y: Vec<f64> = (0..1000).map(|i| (i as f64).sin()).collect();
        let x: Vec<f64> = (1..=1000).map(|i| i as f64).collect();
        a.children
            .push(Artist::Line(Line::new(x, y, COLOR_ORDER[0])));
        g.axes.push(a);
        let v = to_value(&g);
        assert_eq!(from_value(&v).unwrap(), g);
        let Value::Struct(s) = &v else { unreachable!() };
        let Some(Value::Cell(axes)) = s.get("axes") else {
            unreachable!()
        };
        let Value::Struct(ax) = &axes.data()[0] else {
            unreachable!()
        };
        let Some(Value::Cell(kids)) = ax.get("children") else {
            unreachable!()
        };
        let Value::Struct(line) = &kids.data()[0] else {
            unreachable!()
        };
        assert_eq!(line.get("x").map(|x| x.numel()), Some(0));
        let empty = Figure::new(1);
        assert_eq!(from_value(&to_value(&empty)).unwrap(), empty);
    }

    #[test]
    fn malformed_values_are_errors_naming_the_field() {
        assert!(from_value(&Value::num(1.0)).is_err());
        let v = to_value(&busy_figure());
        let Value::Struct(mut s) = v else {
            unreachable!()
        };
        s.set("position", Value::row(vec![1.0]));
        let e = from_value(&Value::Struct(s.clone())).unwrap_err();
        assert!(e.to_string().contains("position"), "{e}");
        s.set("position", Value::row(vec![0.0, 0.0, 560.0, 420.0]));
        s.set(
            "axes",
            Value::cell(Array::new(Dims::mat(1, 1), vec![Value::str("x")])),
        );
        let e = from_value(&Value::Struct(s)).unwrap_err();
        assert!(e.to_string().contains("axes"), "{e}");
    }
}
