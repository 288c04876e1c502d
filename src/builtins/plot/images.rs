//! Images, surfaces and contours: `image`, `imagesc`, `imshow`,
//! `contour`, `contourf`, `surf`, `mesh`; colormaps: `colormap` and the
//! map functions `parula`, `viridis`, `jet`, `gray`, `hot`.

use super::figure::{new_plot, nice_ticks, VIEW_3D};
use super::lines::{patch, push_artists};
use super::props::{set_line_prop, set_patch_prop};
use super::{axes_mut, color_arg, handles_out, is_data, nums, pairs, resolve, text_of};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::graphics::model::{Artist, Figure, Image, ImageData, Line, Rgb, Surface};
use crate::graphics::Graphics;
use crate::value::{Array, Dims, IntArray, Value};

// ----- colormaps -----

/// MATLAB's default colormap length.
const DEFAULT_MAP_LEN: usize = 256;

/// Colormaps by name (`'default'` is parula), from `graphics::colormaps`.
fn named_map(name: &str, n: usize) -> Option<Vec<Rgb>> {
    let name = if name == "default" { "parula" } else { name };
    crate::graphics::colormaps::by_name(name, n)
}

/// A figure's colormap (the default when it has none).
pub(crate) fn map_of(f: &Figure) -> Vec<Rgb> {
    if f.colormap.is_empty() {
        named_map("parula", DEFAULT_MAP_LEN).unwrap_or_default()
    } else {
        f.colormap.clone()
    }
}

/// The current figure's colormap (default parula if no figure is open).
pub(crate) fn figure_map(g: &Graphics) -> Vec<Rgb> {
    match g.current_number().and_then(|n| g.figures.get(&n)) {
        Some(f) => map_of(f),
        None => named_map("parula", DEFAULT_MAP_LEN).unwrap_or_default(),
    }
}

/// The colour `v` takes in `map` scaled to `[lo, hi]` (MATLAB's scaled
/// colour mapping; NaN and an empty range take the middle... no: NaN takes
/// the first colour, an empty range the middle).
pub(crate) fn map_color(map: &[Rgb], v: f64, lo: f64, hi: f64) -> Rgb {
    if map.is_empty() {
        return Rgb::BLACK;
    }
    let n = map.len();
    let i = if hi.is_nan() || lo.is_nan() || hi <= lo {
        n / 2
    } else if v.is_nan() {
        0
    } else {
        (((v - lo) / (hi - lo) * n as f64).floor().max(0.0) as usize).min(n - 1)
    };
    map[i]
}

/// A colormap as the `n x 3` matrix MATLAB returns.
pub(crate) fn map_value(m: &[Rgb]) -> Value {
    let n = m.len();
    let mut d = Vec::with_capacity(3 * n);
    d.extend(m.iter().map(|c| c.0));
    d.extend(m.iter().map(|c| c.1));
    d.extend(m.iter().map(|c| c.2));
    Value::matrix(n, 3, d)
}

/// An `n x 3` matrix of values in 0..=1 as a colormap.
pub(crate) fn map_from_matrix(fname: &str, v: &Value) -> Result<Vec<Rgb>> {
    let shape_err = || {
        Error::new(format!(
            "{fname}: MAP must be a real-valued N x 3 ([R,G,B]) matrix"
        ))
    };
    if !is_data(v) || matches!(v, Value::Complex(_) | Value::SingleComplex(_)) {
        return Err(shape_err());
    }
    let a = nums(fname, v)?;
    let d = a.data();
    if a.dims().ndims() != 2 || a.dims().cols() != 3 || a.is_empty() {
        return Err(shape_err());
    }
    if d.iter().any(|x| !(0.0..=1.0).contains(x)) {
        return Err(Error::new(format!(
            "{fname}: all MAP values must be in the range [0,1]"
        )));
    }
    let n = a.rows();
    Ok((0..n).map(|i| Rgb(d[i], d[i + n], d[i + 2 * n])).collect())
}

/// colormap: the colormap of the current figure.
///
/// `colormap(map)` sets it to an `n x 3` matrix of RGB values in [0, 1];
/// `colormap(name)` or `colormap name` to a named map (`parula`,
/// `viridis`, `jet`, `gray`, `hot`, `default`); `cmap = colormap` returns
/// it; `colormap(h, ...)` acts on the figure of handle `h`.
///
/// ```text
/// >> m = colormap([0 0 0; 1 1 1])
/// m =
///
///    0   0   0
///    1   1   1
///
/// ```
pub fn colormap(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    let g = &mut ctx.state.graphics;
    // An explicit figure or axes target.
    let mut fig = None;
    if args.len() >= 2 || args.first().is_some_and(|v| v.numel() == 1 && is_data(v)) {
        if let Some(Value::Num(a)) = args.first() {
            if a.numel() == 1 {
                match resolve(g, a.data()[0]).and_then(super::figure_of_target) {
                    Some(n) => {
                        fig = Some(n);
                        args.remove(0);
                    }
                    None => return Err(super::invalid_handle("colormap")),
                }
            }
        }
    }
    let n = match fig.or(g.current_number()) {
        Some(n) => n,
        None => g.gcf().number,
    };
    if args.is_empty() {
        // A query stores nothing.
        return Ok(vec![map_value(&map_of(&g.figures[&n]))]);
    }
    let f = super::fig_mut(g, n);
    if let Some(v) = args.first() {
        f.colormap = match text_of(v) {
            Some(name) => {
                let name = name.trim().to_ascii_lowercase();
                let len = if f.colormap.is_empty() {
                    DEFAULT_MAP_LEN
                } else {
                    f.colormap.len()
                };
                named_map(&name, len)
                    .ok_or_else(|| Error::new(format!("colormap: failed to set MAP <{name}>")))?
            }
            None => map_from_matrix("colormap", v)?,
        };
        if ctx.nargout == 0 {
            return Ok(vec![]);
        }
    }
    Ok(vec![map_value(&map_of(f))])
}

fn map_fn(args: &[Value], name: &str) -> Result<Vec<Value>> {
    let n = match args.first() {
        None => DEFAULT_MAP_LEN,
        Some(v) => {
            let x = v.scalar_f64(name)?;
            if !(x >= 0.0 && x.fract() == 0.0 && x <= 1e6) {
                return Err(Error::new(format!(
                    "{name}: N must be a non-negative integer"
                )));
            }
            x as usize
        }
    };
    let m = named_map(name, n).unwrap_or_default();
    if m.is_empty() {
        return Ok(vec![Value::Num(Array::new(
            crate::value::Dims::mat(0, 3),
            vec![],
        ))]);
    }
    Ok(vec![map_value(&m)])
}

/// parula: MATLAB's default colormap, blue through green to yellow.
///
/// `c = parula(n)` returns an n-by-3 colormap: each row an RGB colour with
/// components between 0 and 1. `c = parula` returns 256 rows. Use
/// it with `colormap`, e.g. `colormap(parula(64))` or `colormap parula`.
///
/// ```text
/// >> size(parula(8))
/// ans =
///
///    8   3
///
/// ```
pub fn map_parula(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    map_fn(&args, "parula")
}
/// viridis: perceptually uniform colormap, dark purple through green to yellow.
///
/// `c = viridis(n)` returns an n-by-3 colormap: each row an RGB colour with
/// components between 0 and 1. `c = viridis` returns 256 rows. Use
/// it with `colormap`, e.g. `colormap(viridis(64))` or `colormap viridis`.
///
/// ```text
/// >> size(viridis(5))
/// ans =
///
///    5   3
///
/// ```
pub fn map_viridis(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    map_fn(&args, "viridis")
}
/// jet: colormap from dark blue through cyan, yellow and red to dark red.
///
/// `c = jet(n)` returns an n-by-3 colormap: each row an RGB colour with
/// components between 0 and 1. `c = jet` returns 256 rows. Use
/// it with `colormap`, e.g. `colormap(jet(64))` or `colormap jet`.
///
/// ```text
/// >> jet(4)
/// ans =
///
///    0   0   1
///    0   1   1
///    1   1   0
///    1   0   0
///
/// ```
pub fn map_jet(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    map_fn(&args, "jet")
}
/// gray: linear grayscale colormap, black to white.
///
/// `c = gray(n)` returns an n-by-3 colormap: each row an RGB colour with
/// components between 0 and 1. `c = gray` returns 256 rows. Use
/// it with `colormap`, e.g. `colormap(gray(64))` or `colormap gray`.
///
/// ```text
/// >> gray(3)
/// ans =
///
///         0        0        0
///    0.5000   0.5000   0.5000
///    1.0000   1.0000   1.0000
///
/// ```
pub fn map_gray(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    map_fn(&args, "gray")
}
/// hot: colormap from black through red, orange and yellow to white.
///
/// `c = hot(n)` returns an n-by-3 colormap: each row an RGB colour with
/// components between 0 and 1. `c = hot` returns 256 rows. Use
/// it with `colormap`, e.g. `colormap(hot(64))` or `colormap hot`.
///
/// ```text
/// >> hot(4)
/// ans =
///
///    1.0000        0        0
///    1.0000   1.0000        0
///    1.0000   1.0000   0.5000
///    1.0000   1.0000   1.0000
///
/// ```
pub fn map_hot(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    map_fn(&args, "hot")
}

// ----- images -----

/// Rows, columns and planes of an array (1 plane for a matrix).
fn shape(v: &Value) -> (usize, usize, usize) {
    let d = v.dims();
    let s = d.as_slice();
    let r = s.first().copied().unwrap_or(0);
    let c = s.get(1).copied().unwrap_or(1);
    let p = s.get(2..).map_or(1, |t| t.iter().product());
    (r, c, p)
}

/// Pixel values in 0..=1 for true-colour or intensity data: uint8 and
/// uint16 are divided by their maximum, logical is 0/1, doubles as given.
fn unit_values(fname: &str, v: &Value) -> Result<Vec<f64>> {
    let a = nums(fname, v)?;
    let scale = match v {
        Value::Int(IntArray::U8(_)) => 255.0,
        Value::Int(IntArray::U16(_)) => 65535.0,
        Value::Int(IntArray::I16(_)) => 32767.0,
        _ => 1.0,
    };
    Ok(a.data().iter().map(|x| x / scale).collect())
}

/// The `[first last]` centres of an image's columns or rows from a given
/// vector, or `1..n`.
fn ends(fname: &str, v: Option<&Value>, n: usize) -> Result<[f64; 2]> {
    match v {
        None => Ok([1.0, n.max(1) as f64]),
        Some(v) => {
            let d = nums(fname, v)?;
            match d.data() {
                [] => Ok([1.0, n.max(1) as f64]),
                [a] => Ok([*a, *a + (n.max(1) - 1) as f64]),
                d => Ok([d[0], d[d.len() - 1]]),
            }
        }
    }
}

/// Put an image into the current axes (replacing its content unless
/// held) the way images show: y down, tight limits.
fn show_image(ctx: &mut Ctx, im: Image, clim: Option<[f64; 2]>) -> Result<Vec<Value>> {
    let g = &mut ctx.state.graphics;
    let ids = new_plot(g, None);
    let a = axes_mut(g, ids);
    a.y_reversed = true;
    a.tight = true;
    if let Some(c) = clim {
        a.clim = Some(c);
    }
    let hs = push_artists(g, ids, vec![Artist::Image(im)]);
    Ok(handles_out(ctx, hs))
}

/// Split `(x, y, C)` or `(C)` off the front of image arguments.
fn image_args(fname: &str, args: &[Value]) -> Result<(Option<Value>, Option<Value>, Value, usize)> {
    let n = args.iter().take_while(|v| is_data(v)).count();
    match n {
        0 => Err(Error::new(format!(
            "Invalid call to {fname}: no image data"
        ))),
        1 | 2 => Ok((None, None, args[0].clone(), 1)),
        _ => Ok((
            Some(args[0].clone()),
            Some(args[1].clone()),
            args[2].clone(),
            3,
        )),
    }
}

pub(crate) fn make_image(
    fname: &str,
    x: Option<&Value>,
    y: Option<&Value>,
    c: &Value,
    scaled: bool,
) -> Result<Image> {
    if matches!(c, Value::Complex(_) | Value::SingleComplex(_)) {
        return Err(Error::new(format!("{fname}: IMG data can not be complex")));
    }
    let (rows, cols, planes) = shape(c);
    let data = match planes {
        1 => ImageData::Indexed {
            values: nums(fname, c)?.data().to_vec(),
            scaled,
        },
        3 => ImageData::Rgb(unit_values(fname, c)?),
        _ => {
            return Err(Error::new(format!(
                "{fname}: image data must be an m x n matrix or an m x n x 3 array"
            )))
        }
    };
    Ok(Image {
        rows,
        cols,
        x: ends(fname, x, cols)?,
        y: ends(fname, y, rows)?,
        data,
    })
}

/// imagesc: show data as an image with scaled colours.
///
/// `h = imagesc(C)` maps the values of `C` onto the whole colormap;
/// `imagesc(x, y, C)` places the pixel centres; `imagesc(C, [lo hi])` sets
/// the colour limits.
///
/// ```text
/// >> h = imagesc([1 2; 3 4]); get(h, 'type')
/// ans = image
/// ```
pub fn imagesc(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let (x, y, c, used) = image_args("imagesc", &args)?;
    let clim = match args.get(used).filter(|v| is_data(v)) {
        Some(v) => Some(super::limits("imagesc", v)?),
        None => None,
    };
    let im = make_image("imagesc", x.as_ref(), y.as_ref(), &c, true)?;
    show_image(ctx, im, clim)
}

/// image: show an image.
///
/// `h = image(C)` shows the matrix `C` as direct indices into the colormap
/// (or `C` of size `m x n x 3` as true colour); `image(x, y, C)` places
/// the pixel centres from `x` and `y`. Complex data is an error.
///
/// ```text
/// >> h = image([1 2; 3 4]); get(h, 'type')
/// ans = image
/// ```
pub fn image(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let (x, y, c, _) = image_args("image", &args)?;
    let im = make_image("image", x.as_ref(), y.as_ref(), &c, false)?;
    show_image(ctx, im, None)
}

/// imshow: show an image with hidden axes.
///
/// `h = imshow(I)` shows an intensity image in grey (double in [0, 1],
/// uint8, uint16, logical) or a true-colour `m x n x 3` image (uint8,
/// uint16, double or single); `imshow(I, [lo hi])` sets the display range,
/// `imshow(I, [])` uses the data's range. The axes are hidden, equal and
/// tight.
///
/// ```text
/// >> h = imshow([0 1; 1 0]); get(h, 'type')
/// ans = image
/// ```
pub fn imshow(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let fname = "imshow";
    let Some(c) = args.first() else {
        return Err(Error::new("Invalid call to imshow"));
    };
    if text_of(c).is_some() {
        return Err(Error::new(
            "imshow: reading image files is not supported; pass the image data",
        ));
    }
    if !is_data(c) {
        return Err(Error::new(
            "imshow: IM must be an image or the FILENAME of an image",
        ));
    }
    let (rows, cols, planes) = shape(c);
    if planes == 3
        && !matches!(
            c,
            Value::Num(_)
                | Value::Single(_)
                | Value::Int(IntArray::U8(_))
                | Value::Int(IntArray::U16(_))
        )
    {
        return Err(Error::new(
            "imshow: TrueColor image must be uint8, uint16, double, or single",
        ));
    }
    if planes != 1 && planes != 3 {
        return Err(Error::new("imshow: image must be MxN or MxNx3 matrix"));
    }
    if let Some(m) = args.get(1).filter(|v| is_data(v) && v.dims().cols() == 3) {
        // imshow(X, map): an indexed image shown through the colormap.
        let map = map_from_matrix(fname, m)?;
        if planes != 1 {
            return Err(Error::new("imshow: an indexed image must be an MxN matrix"));
        }
        let im = Image {
            rows,
            cols,
            x: [1.0, cols.max(1) as f64],
            y: [1.0, rows.max(1) as f64],
            data: ImageData::Indexed {
                values: nums(fname, c)?.data().to_vec(),
                scaled: false,
            },
        };
        let out = show_image(ctx, im, None)?;
        let g = &mut ctx.state.graphics;
        let (n, _) = super::current_axes_ids(g);
        super::fig_mut(g, n).colormap = map;
        let ids = super::current_axes_ids(g);
        let a = axes_mut(g, ids);
        a.visible = false;
        a.equal = true;
        return Ok(out);
    }
    let mut vals = unit_values(fname, c)?;
    let range = match args.get(1).filter(|v| is_data(v)) {
        Some(v) if v.is_empty() => super::data_range(vals.iter(), false),
        Some(v) => Some(super::limits(fname, &Value::Num(nums(fname, v)?))?),
        None => None,
    };
    if let Some([lo, hi]) = range {
        let scale = match c {
            Value::Int(IntArray::U8(_)) => 255.0,
            Value::Int(IntArray::U16(_)) => 65535.0,
            _ => 1.0,
        };
        let (lo, hi) = (lo / scale, hi / scale);
        let w = if hi > lo { hi - lo } else { 1.0 };
        for x in vals.iter_mut() {
            *x = ((*x - lo) / w).clamp(0.0, 1.0);
        }
    }
    let data = match planes {
        1 => {
            let mut rgb = Vec::with_capacity(3 * vals.len());
            for _ in 0..3 {
                rgb.extend(vals.iter().map(|x| x.clamp(0.0, 1.0)));
            }
            ImageData::Rgb(rgb)
        }
        3 => ImageData::Rgb(vals.iter().map(|x| x.clamp(0.0, 1.0)).collect()),
        _ => {
            return Err(Error::new(
                "imshow: image must be an m x n matrix or an m x n x 3 array",
            ))
        }
    };
    let im = Image {
        rows,
        cols,
        x: [1.0, cols.max(1) as f64],
        y: [1.0, rows.max(1) as f64],
        data,
    };
    let out = show_image(ctx, im, None)?;
    let g = &mut ctx.state.graphics;
    let ids = super::current_axes_ids(g);
    let a = axes_mut(g, ids);
    a.visible = false;
    a.equal = true;
    Ok(out)
}

// ----- grids: contour, surf -----

/// A grid of `rows x cols` points (column-major) with coordinates.
struct Grid {
    rows: usize,
    cols: usize,
    x: Vec<f64>,
    y: Vec<f64>,
    z: Vec<f64>,
}

/// `(Z)`, `(x, y, Z)` with vectors or `(X, Y, Z)` matrices as a grid.
fn grid(fname: &str, data: &[Value]) -> Result<Grid> {
    let (xv, yv, zv) = match data {
        [z] => (None, None, z),
        [x, y, z, ..] => (Some(x), Some(y), z),
        _ => {
            return Err(Error::new(format!(
                "Invalid call to {fname}: use {fname}(X, Y, Z)"
            )))
        }
    };
    let za = nums(fname, zv)?;
    if za.dims().ndims() != 2 {
        return Err(Error::new(format!("{fname}: Z must be a 2-D matrix")));
    }
    let (rows, cols) = (za.rows(), za.dims().cols());
    if rows < 2 || cols < 2 {
        return Err(Error::new(format!(
            "{fname}: Z must be at least a 2x2 matrix"
        )));
    }
    let n = rows * cols;
    let coords = |v: Option<&Value>, along_cols: bool| -> Result<Vec<f64>> {
        let Some(v) = v else {
            return Ok((0..n)
                .map(|k| {
                    if along_cols {
                        (k / rows + 1) as f64
                    } else {
                        (k % rows + 1) as f64
                    }
                })
                .collect());
        };
        let a = nums(fname, v)?;
        let want = if along_cols { cols } else { rows };
        if a.dims().is_vector() && a.numel() == want && a.numel() != n {
            let d = a.data();
            return Ok((0..n)
                .map(|k| if along_cols { d[k / rows] } else { d[k % rows] })
                .collect());
        }
        if a.rows() == rows && a.numel() == n {
            return Ok(a.data().to_vec());
        }
        Err(Error::new(format!(
            "{fname}: X and Y must be vectors matching the columns and rows of Z, or matrices of its size"
        )))
    };
    Ok(Grid {
        rows,
        cols,
        x: coords(xv, true)?,
        y: coords(yv, false)?,
        z: za.data().to_vec(),
    })
}

/// The z range of a grid's finite values.
fn z_range(gr: &Grid) -> [f64; 2] {
    super::data_range(gr.z.iter(), false).unwrap_or([0.0, 1.0])
}

/// Contour levels: a count spreads them evenly inside the range; a vector
/// gives them (`[v v]` is the single level `v`); none picks round values.
fn levels(fname: &str, spec: Option<&Value>, range: [f64; 2]) -> Result<Vec<f64>> {
    let [lo, hi] = range;
    let Some(v) = spec else {
        let t: Vec<f64> = nice_ticks(lo, hi)
            .into_iter()
            .filter(|&t| t > lo && t < hi)
            .collect();
        return Ok(if t.is_empty() {
            vec![(lo + hi) / 2.0]
        } else {
            t
        });
    };
    let a = nums(fname, v)?;
    match a.data() {
        [n] => {
            if !(*n >= 1.0 && n.fract() == 0.0 && *n <= 1e4) {
                return Err(Error::new(format!(
                    "{fname}: the number of levels must be a positive integer"
                )));
            }
            let n = *n as usize;
            Ok((1..=n)
                .map(|k| lo + (hi - lo) * k as f64 / (n + 1) as f64)
                .collect())
        }
        [a, b] if a == b => Ok(vec![*a]),
        d => {
            let mut l = d.to_vec();
            l.retain(|x| x.is_finite());
            l.sort_by(f64::total_cmp);
            l.dedup();
            Ok(l)
        }
    }
}

/// Marching squares: the segments where the grid crosses `level`, as a
/// NaN-separated polyline.
fn contour_segments(gr: &Grid, level: f64) -> (Vec<f64>, Vec<f64>) {
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    let at = |i: usize, j: usize| i + j * gr.rows;
    for j in 0..gr.cols - 1 {
        for i in 0..gr.rows - 1 {
            let c = [at(i, j), at(i, j + 1), at(i + 1, j + 1), at(i + 1, j)];
            let z = c.map(|k| gr.z[k]);
            if z.iter().any(|v| !v.is_finite()) {
                continue;
            }
            let above = z.map(|v| v >= level);
            let cross = |e: usize| above[e] != above[(e + 1) % 4];
            let point = |e: usize| {
                let (a, b) = (c[e], c[(e + 1) % 4]);
                let t = (level - gr.z[a]) / (gr.z[b] - gr.z[a]);
                (
                    gr.x[a] + t * (gr.x[b] - gr.x[a]),
                    gr.y[a] + t * (gr.y[b] - gr.y[a]),
                )
            };
            let edges: Vec<usize> = (0..4).filter(|&e| cross(e)).collect();
            let pairs: Vec<(usize, usize)> = match edges.len() {
                2 => vec![(edges[0], edges[1])],
                4 => {
                    let centre = z.iter().sum::<f64>() / 4.0 >= level;
                    if centre == above[0] {
                        vec![(0, 1), (2, 3)]
                    } else {
                        vec![(3, 0), (1, 2)]
                    }
                }
                _ => vec![],
            };
            for (e1, e2) in pairs {
                let (p, q) = (point(e1), point(e2));
                xs.extend([p.0, q.0, f64::NAN]);
                ys.extend([p.1, q.1, f64::NAN]);
            }
        }
    }
    (xs, ys)
}

/// Clip a polygon with values to `lo <= v <= hi` (linear along edges).
fn clip_band(poly: &[(f64, f64, f64)], lo: f64, hi: f64) -> Vec<(f64, f64, f64)> {
    let clip = |p: &[(f64, f64, f64)], keep: &dyn Fn(f64) -> bool, bound: f64| {
        let mut out = Vec::new();
        for k in 0..p.len() {
            let a = p[k];
            let b = p[(k + 1) % p.len()];
            if keep(a.2) {
                out.push(a);
            }
            if keep(a.2) != keep(b.2) {
                let t = (bound - a.2) / (b.2 - a.2);
                out.push((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1), bound));
            }
        }
        out
    };
    let p = clip(poly, &|v| v >= lo, lo);
    if p.is_empty() {
        return p;
    }
    clip(&p, &|v| v <= hi, hi)
}

fn contour_impl(ctx: &mut Ctx, args: Vec<Value>, filled: bool) -> Result<Vec<Value>> {
    let fname = if filled { "contourf" } else { "contour" };
    let n_data = args.iter().take_while(|v| is_data(v)).count();
    let (data, lv) = match n_data {
        1 => (&args[..1], None),
        2 => (&args[..1], Some(&args[1])),
        3 => (&args[..3], None),
        4 => (&args[..3], Some(&args[3])),
        _ => {
            return Err(Error::new(format!(
                "Invalid call to {fname}: use {fname}(X, Y, Z, levels)"
            )))
        }
    };
    let mut spec = None;
    let mut rest = &args[n_data..];
    if let Some(s) = rest.first().and_then(text_of) {
        if let Some(sp) = crate::graphics::linespec::parse(&s) {
            spec = Some(sp);
            rest = &rest[1..];
        }
    }
    let props = pairs(fname, rest)?;
    let gr = grid(fname, data)?;
    let range = z_range(&gr);
    let lv = levels(fname, lv, range)?;
    let g = &mut ctx.state.graphics;
    let map = figure_map(g);
    let ids = new_plot(g, None);
    let mut arts = Vec::new();
    if filled {
        // Bands between successive levels, each coloured by its lower
        // bound; cells wholly inside a band are emitted whole.
        let mut bounds = vec![range[0]];
        bounds.extend(lv.iter().copied().filter(|&l| l > range[0] && l < range[1]));
        bounds.push(range[1]);
        let at = |i: usize, j: usize| i + j * gr.rows;
        for b in bounds.windows(2) {
            let (lo, hi) = (b[0], b[1]);
            let (mut px, mut py) = (Vec::new(), Vec::new());
            let mut emit = |poly: &[(f64, f64, f64)]| {
                if poly.len() < 3 {
                    return;
                }
                if !px.is_empty() {
                    px.push(f64::NAN);
                    py.push(f64::NAN);
                }
                px.extend(poly.iter().map(|p| p.0));
                py.extend(poly.iter().map(|p| p.1));
            };
            for j in 0..gr.cols - 1 {
                for i in 0..gr.rows - 1 {
                    let c = [at(i, j), at(i, j + 1), at(i + 1, j + 1), at(i + 1, j)];
                    let v = c.map(|k| (gr.x[k], gr.y[k], gr.z[k]));
                    if v.iter().any(|p| !p.2.is_finite()) {
                        continue;
                    }
                    if v.iter().all(|p| p.2 >= lo && p.2 <= hi) {
                        // Whole cell, unless it belongs to a lower band too
                        // (every corner on the shared bound).
                        if v.iter().all(|p| p.2 == lo) && lo > range[0] {
                            continue;
                        }
                        emit(&v);
                        continue;
                    }
                    for tri in [[v[0], v[1], v[2]], [v[0], v[2], v[3]]] {
                        emit(&clip_band(&tri, lo, hi));
                    }
                }
            }
            if px.is_empty() {
                continue;
            }
            let mut p = patch(px, py, map_color(&map, lo, range[0], range[1]));
            p.edge = None;
            for (name, v) in &props {
                if !name.eq_ignore_ascii_case("LineColor")
                    && !name.eq_ignore_ascii_case("LineWidth")
                {
                    set_patch_prop(fname, &mut p, name, v)?;
                }
            }
            arts.push(Artist::Patch(p));
        }
    }
    for &l in &lv {
        let (x, y) = contour_segments(&gr, l);
        if x.is_empty() {
            continue;
        }
        let color = match spec.and_then(|s| s.color) {
            Some(c) => c,
            None if filled => Rgb::BLACK,
            None => map_color(&map, l, range[0], range[1]),
        };
        let mut line = Line::new(x, y, color);
        if let Some(st) = spec.and_then(|s| s.style) {
            line.style = st;
        }
        for (name, v) in &props {
            match name.to_ascii_lowercase().as_str() {
                "linecolor" => {
                    if let Some(c) = color_arg(fname, v)? {
                        line.color = c;
                    }
                }
                "linewidth" | "linestyle" | "displayname" => {
                    set_line_prop(fname, &mut line, name, v)?
                }
                _ if filled => {}
                _ => {
                    if !matches!(
                        name.to_ascii_lowercase().as_str(),
                        "showtext" | "levellist" | "fill"
                    ) {
                        set_line_prop(fname, &mut line, name, v)?;
                    }
                }
            }
        }
        arts.push(Artist::Line(line));
    }
    let hs = push_artists(g, ids, arts);
    if ctx.nargout == 0 {
        return Ok(vec![]);
    }
    // MATLAB's contour matrix: per curve, [level; number of points], then
    // the points' x and y.
    let mut c = Vec::new();
    for &l in &lv {
        for curve in super::contour_matrix::contour_curves(gr.rows, gr.cols, &gr.x, &gr.y, &gr.z, l)
        {
            c.extend([l, curve.len() as f64]);
            for (x, y) in curve {
                c.extend([x, y]);
            }
        }
    }
    let n = c.len() / 2;
    let cm = Value::Num(Array::new(Dims::mat(2, n), c));
    Ok(vec![cm, Value::col(hs)])
}

/// contour: contour lines of a matrix.
///
/// `contour(Z)` draws the level lines of the matrix Z over the grid of its
/// column and row indices, the levels chosen automatically; each level is
/// coloured from the figure's colormap.
///
/// `contour(X, Y, Z)` places Z on the x and y coordinates X and Y (vectors
/// or matrices as made by `meshgrid`).
///
/// `contour(..., n)` draws n levels; `contour(..., v)` draws the levels in
/// the vector v (`[k k]` for the single level k). A LineSpec such as 'k--'
/// and line property pairs may follow.
///
/// `C = contour(...)` returns MATLAB's contour matrix: for each connected
/// level curve, a column [level; number of points] followed by the
/// points' x and y as columns. `[C, h] = contour(...)` also returns the
/// handles of the level lines.
///
/// ```text
/// >> [X, Y] = meshgrid(-2:2); contour(X, Y, X.^2 + Y.^2); xlim, close all
/// ans =
///
///   -2   2
///
/// ```
pub fn contour(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    contour_impl(ctx, args, false)
}
/// contourf: filled contour plot of a matrix.
///
/// `contourf(Z)`, `contourf(X, Y, Z)`, `contourf(..., n)` and
/// `contourf(..., v)` take `contour`'s arguments and fill the bands between
/// consecutive levels with colours from the colormap, drawing the level
/// lines in black.
///
/// `[C, h] = contourf(...)` returns the contour matrix of the level lines
/// (as `contour` does) and the handles of the drawn objects.
///
/// ```text
/// >> [X, Y] = meshgrid(-2:2); contourf(X, Y, X.^2 + Y.^2, [1 4]); ylim, close all
/// ans =
///
///   -2   2
///
/// ```
pub fn contourf(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    contour_impl(ctx, args, true)
}

fn surf_impl(ctx: &mut Ctx, args: Vec<Value>, filled: bool) -> Result<Vec<Value>> {
    let fname = if filled { "surf" } else { "mesh" };
    let n_data = args.iter().take_while(|v| is_data(v)).count();
    if !(n_data == 1 || n_data == 3 || n_data == 4) {
        return Err(Error::new(format!(
            "Invalid call to {fname}: use {fname}(X, Y, Z)"
        )));
    }
    let gr = grid(fname, &args[..n_data.min(3)])?;
    let c = if n_data == 4 {
        let c = nums(fname, &args[3])?;
        if c.numel() != gr.z.len() {
            return Err(Error::new(format!("{fname}: C must be the size of Z")));
        }
        c.data().to_vec()
    } else {
        gr.z.clone()
    };
    let mut s = Surface {
        rows: gr.rows,
        cols: gr.cols,
        x: gr.x,
        y: gr.y,
        z: gr.z,
        c,
        filled,
        edge: if filled { Some(Rgb::BLACK) } else { None },
        name: String::new(),
    };
    for (name, v) in pairs(fname, &args[n_data..])? {
        match name.to_ascii_lowercase().as_str() {
            "edgecolor" => {
                s.edge = if text_of(&v)
                    .is_some_and(|t| matches!(t.to_ascii_lowercase().as_str(), "flat" | "interp"))
                {
                    None
                } else {
                    color_arg(fname, &v)?
                }
            }
            "facecolor" => {
                if text_of(&v).is_some_and(|t| t.eq_ignore_ascii_case("none")) {
                    s.filled = false;
                }
            }
            "displayname" => s.name = super::label_text(fname, &v)?,
            "facealpha" | "linestyle" | "linewidth" | "facelighting" | "edgealpha"
            | "meshstyle" => {}
            _ => {
                return Err(Error::new(format!(
                    "Unrecognized property '{name}' for class 'Surface'"
                )))
            }
        }
    }
    let g = &mut ctx.state.graphics;
    let ids = new_plot(g, None);
    let a = axes_mut(g, ids);
    if a.view.is_none() {
        a.view = Some(VIEW_3D);
    }
    let hs = push_artists(g, ids, vec![Artist::Surface(s)]);
    Ok(handles_out(ctx, hs))
}

/// surf: surface plot.
///
/// `surf(X, Y, Z)` draws the surface with heights Z over the grid X, Y
/// (matrices the size of Z, as made by `meshgrid`, or vectors x of
/// length columns(Z) and y of length rows(Z)); the faces are coloured from
/// the colormap by height, the edges black, and the axes turn to the
/// default 3-D view.
///
/// `surf(Z)` uses the column and row indices of Z as x and y.
/// `surf(X, Y, Z, C)` colours by the matrix C (the size of Z) instead of
/// Z. Property name/value pairs may follow.
///
/// `h = surf(...)` returns the handle of the surface object.
///
/// ```text
/// >> [X, Y] = meshgrid(1:3); h = surf(X, Y, X + Y); get(h, 'type'), get(gca, 'view'), close all
/// ans = surface
/// ans =
///
///   -37.500   30.000
///
/// ```
pub fn surf(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    surf_impl(ctx, args, true)
}
/// mesh: wireframe surface plot.
///
/// `mesh(X, Y, Z)`, `mesh(Z)` and `mesh(X, Y, Z, C)` take `surf`'s
/// arguments and draw only the grid lines of the surface, coloured from
/// the colormap by height (or by C), with the faces left empty; the axes
/// turn to the default 3-D view.
///
/// `h = mesh(...)` returns the handle of the surface object.
///
/// ```text
/// >> [X, Y] = meshgrid(1:3); h = mesh(X, Y, X + Y); get(h, 'type'), zlim, close all
/// ans = surface
/// ans =
///
///    2   6
///
/// ```
pub fn mesh(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    surf_impl(ctx, args, false)
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;
    use crate::builtins::State;

    fn children(st: &State) -> Vec<Artist> {
        st.graphics.figures[&1].axes[0].children.clone()
    }

    #[test]
    fn map_functions_give_n_by_3_in_range() {
        for name in ["parula", "viridis", "jet", "gray", "hot"] {
            let m = named_map(name, 64).unwrap();
            assert_eq!(m.len(), 64, "{name}");
            assert!(m
                .iter()
                .all(|c| [c.0, c.1, c.2].iter().all(|v| (0.0..=1.0).contains(v))));
        }
        // Known ends: gray is black to white, hot ends white, jet starts
        // dark blue and ends dark red.
        let g = named_map("gray", 5).unwrap();
        assert_eq!((g[0], g[4]), (Rgb(0.0, 0.0, 0.0), Rgb(1.0, 1.0, 1.0)));
        assert_eq!(g[2], Rgb(0.5, 0.5, 0.5));
        assert_eq!(
            *named_map("hot", 8).unwrap().last().unwrap(),
            Rgb(1.0, 1.0, 1.0)
        );
        let j = named_map("jet", 64).unwrap();
        assert_eq!(j[0], Rgb(0.0, 0.0, 0.5625));
        assert_eq!(j[63], Rgb(0.5, 0.0, 0.0));
        let mut st = State::default();
        let v = call(&mut st, "jet", vec![Value::num(10.0)], 1).unwrap();
        assert_eq!(v[0].dims().as_slice(), &[10, 3]);
        let v = call(&mut st, "parula", vec![], 1).unwrap();
        assert_eq!(v[0].dims().as_slice(), &[256, 3]);
        assert!(call(&mut st, "gray", vec![Value::num(-1.0)], 1).is_err());
    }

    #[test]
    fn colormap_sets_and_returns_the_figure_map() {
        let mut st = State::default();
        run(&mut st, "colormap", vec![s("gray")]);
        let m = call(&mut st, "colormap", vec![], 1).unwrap();
        assert_eq!(m[0].dims().as_slice(), &[256, 3]);
        assert_eq!(st.graphics.figures[&1].colormap[255], Rgb(1.0, 1.0, 1.0));
        run(
            &mut st,
            "colormap",
            vec![Value::matrix(2, 3, vec![0.0, 1.0, 0.0, 1.0, 0.0, 1.0])],
        );
        assert_eq!(
            st.graphics.figures[&1].colormap,
            vec![Rgb(0.0, 0.0, 0.0), Rgb(1.0, 1.0, 1.0)]
        );
        assert!(call(&mut st, "colormap", vec![s("nope")], 0).is_err());
        assert!(call(&mut st, "colormap", vec![row(&[1.0, 2.0])], 0).is_err());
    }

    #[test]
    fn imagesc_and_imshow_set_up_the_axes() {
        let mut st = State::default();
        let c = Value::matrix(2, 3, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        run(&mut st, "imagesc", vec![c.clone(), row(&[0.0, 10.0])]);
        let a = &st.graphics.figures[&1].axes[0];
        assert!(a.y_reversed && a.tight);
        assert_eq!(a.clim, Some([0.0, 10.0]));
        let Artist::Image(im) = &a.children[0] else {
            panic!("an image")
        };
        assert_eq!(
            (im.rows, im.cols, im.x, im.y),
            (2, 3, [1.0, 3.0], [1.0, 2.0])
        );
        let u8img = Value::Int(IntArray::U8(Array::new(
            crate::value::Dims::mat(1, 2),
            vec![0, 255],
        )));
        run(&mut st, "imshow", vec![u8img]);
        let a = &st.graphics.figures[&1].axes[0];
        assert!(!a.visible && a.equal);
        let Artist::Image(im) = &a.children[0] else {
            panic!("an image")
        };
        assert_eq!(im.data, ImageData::Rgb(vec![0.0, 1.0, 0.0, 1.0, 0.0, 1.0]));
    }

    #[test]
    fn contour_lines_cross_where_the_grid_does() {
        let mut st = State::default();
        // z = x over a 3x3 grid: the level 1.5 is the vertical line x = 1.5.
        let z = Value::matrix(3, 3, vec![1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 3.0, 3.0, 3.0]);
        run(&mut st, "contour", vec![z.clone(), row(&[1.5, 1.5])]);
        let kids = children(&st);
        assert_eq!(kids.len(), 1);
        let Artist::Line(l) = &kids[0] else {
            panic!("a line")
        };
        assert!(l
            .x
            .iter()
            .filter(|v| !v.is_nan())
            .all(|&v| (v - 1.5).abs() < 1e-12));
        assert_eq!(l.y.iter().filter(|v| !v.is_nan()).count(), 4);
        run(&mut st, "contourf", vec![z, Value::num(1.0)]);
        let kids = children(&st);
        let patches: Vec<_> = kids
            .iter()
            .filter(|k| matches!(k, Artist::Patch(_)))
            .collect();
        assert_eq!(patches.len(), 2, "two bands around the single level 2");
        assert!(call(&mut st, "contour", vec![row(&[1.0, 2.0])], 0).is_err());
    }

    #[test]
    fn surf_takes_vectors_and_sets_the_view() {
        let mut st = State::default();
        let z = Value::matrix(2, 3, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        run(
            &mut st,
            "surf",
            vec![row(&[10.0, 20.0, 30.0]), row(&[1.0, 2.0]), z.clone()],
        );
        let a = &st.graphics.figures[&1].axes[0];
        assert_eq!(a.view, Some(VIEW_3D));
        let Artist::Surface(s) = &a.children[0] else {
            panic!("a surface")
        };
        assert_eq!(s.x, vec![10.0, 10.0, 20.0, 20.0, 30.0, 30.0]);
        assert_eq!(s.y, vec![1.0, 2.0, 1.0, 2.0, 1.0, 2.0]);
        assert!(call(
            &mut st,
            "mesh",
            vec![row(&[1.0, 2.0]), row(&[1.0, 2.0]), z],
            0
        )
        .is_err());
    }
}
