//! Drawing one axes, MATLAB-like: white plot box outlined in
//! `[0.15 0.15 0.15]`, ticks pointing in on all four sides, 10 pt tick
//! labels, bold title above, x label below, y label rotated at the left,
//! light grid, legend box (northeast by default) and colorbar at the right.
//! Artists are mapped to pixels here (log scales, reversed y, clipping to
//! the box) so long lines decimate in pixel space. Surfaces and 3-D lines
//! are projected through the axes' view (MATLAB's azimuth/elevation) and
//! drawn back to front.

use super::decimate::{decimate, Pt};
use super::ticks::{self, Label, Range, Tick};
use super::{esc, hex, num, text, Doc, Img, PX_PER_PT};
use crate::graphics::model::{
    Artist, Axes, Figure, Image, ImageData, Line, LineStyle, Marker, Patch, Rgb, Scale, Surface,
};
use std::collections::HashSet;
use std::fmt::Write as _;

/// Pixel coordinates are kept within this bound (far-away points are
/// clamped: the box clips them anyway).
const FAR: f64 = 1e6;

/// One axis mapped to pixels: data `lo..hi` (log10 of it on a log axis)
/// onto pixels `p0..p1`.
#[derive(Clone, Copy, Debug)]
struct Axis1 {
    lo: f64,
    hi: f64,
    p0: f64,
    p1: f64,
    log: bool,
}

impl Axis1 {
    fn new(lim: [f64; 2], p0: f64, p1: f64, log: bool) -> Axis1 {
        let t = |v: f64| if log { v.log10() } else { v };
        let (mut lo, mut hi) = (t(lim[0]), t(lim[1]));
        if !(hi - lo).is_finite() || hi <= lo {
            // Degenerate explicit limits: show something rather than nothing.
            if !lo.is_finite() {
                lo = 0.0;
            }
            hi = lo + 1.0;
        }
        Axis1 {
            lo,
            hi,
            p0,
            p1,
            log,
        }
    }
    fn map(&self, v: f64) -> f64 {
        let t = if self.log {
            if v > 0.0 {
                v.log10()
            } else {
                f64::NAN
            }
        } else {
            v
        };
        let p = self.p0 + (t - self.lo) / (self.hi - self.lo) * (self.p1 - self.p0);
        if p.is_nan() {
            p
        } else {
            p.clamp(-FAR, FAR)
        }
    }
}

/// Data to pixels for a 2-D axes.
#[derive(Clone, Copy, Debug)]
struct Map {
    x: Axis1,
    y: Axis1,
}

impl Map {
    fn pt(&self, x: f64, y: f64) -> Pt {
        let (px, py) = (self.x.map(x), self.y.map(y));
        if px.is_finite() && py.is_finite() {
            (px, py)
        } else {
            (f64::NAN, f64::NAN)
        }
    }
}

/// The box of an axes in figure pixels: `[x, y_top, w, h]`.
type Boxr = [f64; 4];

/// Font sizes in pixels for an axes.
struct Fonts {
    tick: f64,
    label: f64,
}

/// The size in pixels of title (`which` 0) or label 1..=3: its own font
/// size when set (`title(..., 'FontSize', n)`), else `default`.
fn label_size(ax: &Axes, which: usize, default: f64) -> f64 {
    match ax.labels.get(which).and_then(|l| l.font_size) {
        Some(fs) if fs.is_finite() && fs > 0.0 => fs.min(200.0) * PX_PER_PT,
        _ => default,
    }
}

/// The colour of title (`which` 0) or label 1..=3: its own when set,
/// else black for the title and the axis grey for the labels.
fn label_color(ax: &Axes, which: usize) -> Rgb {
    match ax.labels.get(which).and_then(|l| l.color) {
        Some(c) => c,
        None if which == 0 => Rgb::BLACK,
        None => Rgb::AXIS,
    }
}

fn fonts(ax: &Axes) -> Fonts {
    let fs = if ax.font_size.is_finite() && ax.font_size > 0.0 {
        ax.font_size.min(200.0)
    } else {
        10.0
    };
    Fonts {
        tick: fs * PX_PER_PT,
        // MATLAB's LabelFontSizeMultiplier and TitleFontSizeMultiplier: 1.1.
        label: fs * 1.1 * PX_PER_PT,
    }
}

/// Draw one axes.
pub(super) fn draw(doc: &mut Doc, fig: &Figure, ax: &Axes, cmap: &[Rgb]) {
    let (fw, fh) = fig.size();
    let p = ax.position;
    if !p.iter().all(|v| v.is_finite()) {
        return;
    }
    let mut bx: Boxr = [p[0] * fw, fh - (p[1] + p[3]) * fh, p[2] * fw, p[3] * fh];
    if !(bx[2] > 1.0 && bx[3] > 1.0) {
        return;
    }
    let f = fonts(ax);
    let clim = color_limits(ax);
    // The colorbar takes room at the right of the plot box, as in MATLAB.
    let cbar_room = if ax.colorbar {
        20.0 + 15.0 + f.tick * 3.0
    } else {
        0.0
    };
    if ax.colorbar && bx[2] > cbar_room * 2.0 {
        bx[2] -= cbar_room;
    }
    if ax.view.is_some() {
        draw_3d(doc, ax, bx, &f, cmap, clim);
    } else {
        draw_2d(doc, ax, bx, &f, cmap, clim);
    }
    if ax.colorbar {
        colorbar(doc, ax, bx, &f, cmap, clim);
    }
}

/// Colour limits: explicit, or the range of every image's and surface's
/// colour data.
fn color_limits(ax: &Axes) -> [f64; 2] {
    if let Some(c) = ax
        .clim
        .filter(|c| c[0].is_finite() && c[1].is_finite() && c[1] > c[0])
    {
        return c;
    }
    let mut r = Range::EMPTY;
    for a in &ax.children {
        match a {
            Artist::Image(Image {
                data:
                    ImageData::Indexed {
                        values,
                        scaled: true,
                    },
                ..
            }) => values.iter().for_each(|v| r.add(*v, false)),
            Artist::Surface(s) => s.c.iter().for_each(|v| r.add(*v, false)),
            _ => {}
        }
    }
    if r.is_empty() {
        [0.0, 1.0]
    } else if r.hi > r.lo {
        [r.lo, r.hi]
    } else {
        [r.lo - 0.5, r.hi + 0.5]
    }
}

/// The colormap entry for `v` scaled over `clim`.
fn scaled_color(cmap: &[Rgb], clim: [f64; 2], v: f64) -> Rgb {
    if cmap.is_empty() {
        return Rgb::BLACK;
    }
    let n = cmap.len();
    let t = (v - clim[0]) / (clim[1] - clim[0]);
    let i = if t.is_nan() {
        0
    } else {
        ((t * n as f64).floor().max(0.0) as usize).min(n - 1)
    };
    cmap[i]
}

/// The colormap entry at 1-based index `v` (clamped), as `image` does.
fn direct_color(cmap: &[Rgb], v: f64) -> Rgb {
    if cmap.is_empty() {
        return Rgb::BLACK;
    }
    let i = if v.is_nan() { 1.0 } else { v.floor() };
    cmap[(i.max(1.0) as usize).min(cmap.len()) - 1]
}

/// The x and y data ranges of the children (positive values only on log
/// axes); whether every child is an image.
fn data_ranges(ax: &Axes) -> (Range, Range, bool) {
    let (xl, yl) = (ax.xscale == Scale::Log, ax.yscale == Scale::Log);
    let (mut xr, mut yr) = (Range::EMPTY, Range::EMPTY);
    let mut only_images = !ax.children.is_empty();
    for a in &ax.children {
        if !matches!(a, Artist::Image(_)) {
            only_images = false;
        }
        match a {
            Artist::Line(l) => {
                // A line adds points where both coordinates are usable.
                for (&x, &y) in l.x.iter().zip(&l.y) {
                    if x.is_finite() && y.is_finite() && (!xl || x > 0.0) && (!yl || y > 0.0) {
                        xr.add(x, xl);
                        yr.add(y, yl);
                    }
                }
            }
            Artist::Patch(p) => {
                for (&x, &y) in p.x.iter().zip(&p.y) {
                    if x.is_finite() && y.is_finite() {
                        xr.add(x, xl);
                        yr.add(y, yl);
                    }
                }
            }
            Artist::Image(im) => {
                let (x0, x1, y0, y1) = image_extent(im);
                xr.add(x0, xl);
                xr.add(x1, xl);
                yr.add(y0, yl);
                yr.add(y1, yl);
            }
            Artist::Surface(s) => {
                s.x.iter().for_each(|v| xr.add(*v, xl));
                s.y.iter().for_each(|v| yr.add(*v, yl));
            }
            Artist::Text(t) => {
                xr.add(t.x, xl);
                yr.add(t.y, yl);
            }
        }
    }
    (xr, yr, only_images)
}

/// Outer edges of an image in data units: `(x_first, x_last, y_first,
/// y_last)` (pixel edges, not centres).
fn image_extent(im: &Image) -> (f64, f64, f64, f64) {
    let dx = if im.cols > 1 {
        (im.x[1] - im.x[0]) / (im.cols - 1) as f64
    } else {
        1.0
    };
    let dy = if im.rows > 1 {
        (im.y[1] - im.y[0]) / (im.rows - 1) as f64
    } else {
        1.0
    };
    (
        im.x[0] - dx / 2.0,
        im.x[1] + dx / 2.0,
        im.y[0] - dy / 2.0,
        im.y[1] + dy / 2.0,
    )
}

/// Limits and ticks of one axis, fitted to its length in pixels so the
/// labels do not collide.
struct AxisTicks {
    lim: [f64; 2],
    ticks: Vec<Tick>,
    /// Exponent of the shared `x10^k` note (0: none).
    exp: i32,
}

#[allow(clippy::too_many_arguments)]
fn axis_ticks(
    data: Range,
    explicit_lim: Option<[f64; 2]>,
    scale: Scale,
    tight: bool,
    explicit_ticks: Option<&[f64]>,
    explicit_labels: Option<&[String]>,
    len_px: f64,
    horizontal: bool,
    font_px: f64,
) -> AxisTicks {
    let lim_ok = explicit_lim.filter(|l| {
        l[0].is_finite()
            && l[1].is_finite()
            && l[1] > l[0]
            && (scale == Scale::Linear || l[0] > 0.0)
    });
    let log = scale == Scale::Log;
    // MATLAB puts up to about 11 ticks on an axis, fewer on a short one.
    let per = if horizontal { 40.0 } else { 32.0 };
    let mut max_ticks = ((len_px / per).floor() as usize + 1).clamp(3, 11);
    loop {
        let lim = match lim_ok {
            Some(l) => l,
            None if log => ticks::auto_log_limits(data, tight),
            None => ticks::auto_limits(data, tight, max_ticks),
        };
        let (mut t, exp) = if log {
            (ticks::log_ticks(lim, explicit_ticks, max_ticks), 0)
        } else {
            let (at, exp) = ticks::linear_ticks(lim, explicit_ticks, max_ticks);
            let labels = ticks::linear_labels(&at, exp);
            (
                at.into_iter()
                    .zip(labels)
                    .map(|(at, s)| Tick {
                        at,
                        label: Label::Text(s),
                    })
                    .collect(),
                exp,
            )
        };
        if let Some(ls) = explicit_labels {
            for (i, tk) in t.iter_mut().enumerate() {
                tk.label = Label::Text(ls.get(i).cloned().unwrap_or_default());
            }
        }
        // Keep ticks inside the limits.
        let (lo, hi) = (lim[0].min(lim[1]), lim[0].max(lim[1]));
        let eps = (hi - lo).abs() * 1e-9;
        t.retain(|tk| tk.at >= lo - eps && tk.at <= hi + eps);
        let fits = if horizontal {
            let widest = t
                .iter()
                .map(|tk| text::width(&tk.label.plain(), font_px, false))
                .fold(0.0, f64::max);
            t.len() < 2 || len_px / (t.len() - 1) as f64 >= widest + font_px * 0.6
        } else {
            t.len() < 2 || len_px / (t.len() - 1) as f64 >= font_px * 1.3
        };
        if fits || max_ticks <= 3 || explicit_ticks.is_some() {
            return AxisTicks { lim, ticks: t, exp };
        }
        max_ticks -= 1;
    }
}

/// A 2-D axes.
fn draw_2d(doc: &mut Doc, ax: &Axes, mut bx: Boxr, f: &Fonts, cmap: &[Rgb], clim: [f64; 2]) {
    let (xr, yr, only_images) = data_ranges(ax);
    let tight = ax.tight || only_images;
    let xt = axis_ticks(
        xr,
        ax.xlim,
        ax.xscale,
        tight,
        ax.xticks.as_deref(),
        ax.xticklabels.as_deref(),
        bx[2],
        true,
        f.tick,
    );
    let yt = axis_ticks(
        yr,
        ax.ylim,
        ax.yscale,
        tight,
        ax.yticks.as_deref(),
        ax.yticklabels.as_deref(),
        bx[3],
        false,
        f.tick,
    );
    if ax.equal && ax.xscale == Scale::Linear && ax.yscale == Scale::Linear {
        // One data unit as long on x as on y: shrink the box around its
        // centre (MATLAB's DataAspectRatio [1 1 1] with a fixed position).
        let (dx, dy) = (xt.lim[1] - xt.lim[0], yt.lim[1] - yt.lim[0]);
        if dx > 0.0 && dy > 0.0 && dx.is_finite() && dy.is_finite() {
            let ppu = (bx[2] / dx).min(bx[3] / dy);
            let (w, h) = (dx * ppu, dy * ppu);
            bx = [bx[0] + (bx[2] - w) / 2.0, bx[1] + (bx[3] - h) / 2.0, w, h];
            if bx[2] < 2.0 || bx[3] < 2.0 {
                return;
            }
        }
    }
    let (xlog, ylog) = (ax.xscale == Scale::Log, ax.yscale == Scale::Log);
    let bottom = bx[1] + bx[3];
    let map = Map {
        x: Axis1::new(xt.lim, bx[0], bx[0] + bx[2], xlog),
        y: if ax.y_reversed {
            Axis1::new(yt.lim, bx[1], bottom, ylog)
        } else {
            Axis1::new(yt.lim, bottom, bx[1], ylog)
        },
    };
    let stroke = hex(Rgb::AXIS);
    let axis_w = 0.5 * PX_PER_PT;

    if ax.visible {
        let _ = write!(
            doc.cur,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>",
            num(bx[0]),
            num(bx[1]),
            num(bx[2]),
            num(bx[3])
        );
        if ax.grid {
            let mut d = String::new();
            for t in &xt.ticks {
                let x = map.x.map(t.at);
                if x.is_finite() {
                    let _ = write!(d, "M{} {}V{}", num(x), num(bx[1]), num(bottom));
                }
            }
            for t in &yt.ticks {
                let y = map.y.map(t.at);
                if y.is_finite() {
                    let _ = write!(d, "M{} {}H{}", num(bx[0]), num(y), num(bx[0] + bx[2]));
                }
            }
            let _ = write!(
                doc.cur,
                "<path d=\"{d}\" fill=\"none\" stroke=\"{stroke}\" stroke-opacity=\"0.15\" stroke-width=\"{}\"/>",
                num(axis_w)
            );
        }
    }

    // The data, clipped to the box; markers of points inside the box and
    // text are drawn whole after it, as MATLAB does.
    doc.clip_begin(bx);
    let mut marked: Vec<(&Line, Vec<Pt>)> = Vec::new();
    let mut texts: Vec<&crate::graphics::model::Text> = Vec::new();
    for a in &ax.children {
        match a {
            Artist::Line(l) => {
                // A 3-D line in a 2-D view is seen from above.
                let pts: Vec<Pt> = l.x.iter().zip(&l.y).map(|(&x, &y)| map.pt(x, y)).collect();
                line_stroke(doc, l, &pts);
                if l.marker != Marker::None {
                    marked.push((l, pts));
                }
            }
            Artist::Patch(p) => patch(doc, p, &map),
            Artist::Image(im) => image(doc, im, &map, bx, cmap, clim),
            Artist::Surface(s) => {
                let proj = |i: usize| map.pt(s.x[i], s.y[i]);
                surface(doc, s, cmap, clim, &proj, &|_| 0.0);
            }
            Artist::Text(t) => texts.push(t),
        }
    }
    doc.clip_end();
    for (l, pts) in &marked {
        markers(doc, l, pts, bx, marker_width(l));
    }
    for t in texts {
        let (x, y) = map.pt(t.x, t.y);
        if x.is_finite() {
            let fs = if t.font_size > 0.0 && t.font_size.is_finite() {
                t.font_size.min(500.0) * PX_PER_PT
            } else {
                f.tick
            };
            let anchor = match t.align.as_str() {
                "center" => "middle",
                "right" => "end",
                _ => "start",
            };
            text_at(
                doc,
                x,
                y + 0.35 * fs,
                &t.text,
                fs,
                anchor,
                false,
                t.color,
                None,
            );
        }
    }

    if ax.visible {
        // The box (MATLAB's Box on: all four sides), ticks in on all sides.
        let _ = write!(
            doc.cur,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{}\"/>",
            num(bx[0]),
            num(bx[1]),
            num(bx[2]),
            num(bx[3]),
            num(axis_w)
        );
        let tl = (bx[2].max(bx[3]) * 0.01).max(3.0);
        let mut d = String::new();
        for t in &xt.ticks {
            let x = map.x.map(t.at);
            if x.is_finite() {
                let _ = write!(
                    d,
                    "M{x} {b}v{n}M{x} {t}v{tl}",
                    x = num(x),
                    b = num(bottom),
                    n = num(-tl),
                    t = num(bx[1]),
                    tl = num(tl)
                );
            }
        }
        for t in &yt.ticks {
            let y = map.y.map(t.at);
            if y.is_finite() {
                let _ = write!(
                    d,
                    "M{l} {y}h{tl}M{r} {y}h{n}",
                    l = num(bx[0]),
                    r = num(bx[0] + bx[2]),
                    y = num(y),
                    n = num(-tl),
                    tl = num(tl)
                );
            }
        }
        let _ = write!(
            doc.cur,
            "<path d=\"{d}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{}\"/>",
            num(axis_w)
        );
        // Tick labels.
        let ty = bottom + f.tick * 0.45 + f.tick * 0.76;
        for t in &xt.ticks {
            let x = map.x.map(t.at);
            if x.is_finite() {
                tick_label(doc, x, ty, &t.label, f.tick, "middle");
            }
        }
        let mut ylabel_room: f64 = 0.0;
        for t in &yt.ticks {
            let y = map.y.map(t.at);
            if y.is_finite() {
                let w = tick_label(
                    doc,
                    bx[0] - f.tick * 0.5,
                    y + 0.35 * f.tick,
                    &t.label,
                    f.tick,
                    "end",
                );
                ylabel_room = ylabel_room.max(w);
            }
        }
        if xt.exp != 0 {
            exponent_note(doc, bx[0] + bx[2], ty + f.tick * 1.2, xt.exp, f.tick, "end");
        }
        if yt.exp != 0 {
            exponent_note(doc, bx[0], bx[1] - f.tick * 0.5, yt.exp, f.tick, "start");
        }
        if !ax.xlabel.is_empty() {
            let y = ty + f.tick * 0.3 + f.label * 0.95;
            text_at(
                doc,
                bx[0] + bx[2] / 2.0,
                y,
                &ax.xlabel,
                label_size(ax, 1, f.label),
                "middle",
                false,
                label_color(ax, 1),
                None,
            );
        }
        if !ax.ylabel.is_empty() {
            let x = bx[0] - f.tick * 0.5 - ylabel_room - f.label * 0.4;
            let y = bx[1] + bx[3] / 2.0;
            text_at(
                doc,
                x,
                y,
                &ax.ylabel,
                label_size(ax, 2, f.label),
                "middle",
                false,
                label_color(ax, 2),
                Some(-90.0),
            );
        }
    }
    if !ax.title.is_empty() {
        let y = bx[1]
            - f.label * 0.5
            - if yt.exp != 0 && ax.visible {
                f.tick
            } else {
                0.0
            };
        text_at(
            doc,
            bx[0] + bx[2] / 2.0,
            y,
            &ax.title,
            label_size(ax, 0, f.label),
            "middle",
            true,
            label_color(ax, 0),
            None,
        );
    }
    legend(doc, ax, bx, f, cmap);
}

/// Draw `s` at `(x, baseline y)`; `rotate` degrees about that point.
/// Multi-line text (`\n`) stacks lines upward from the last.
#[allow(clippy::too_many_arguments)]
fn text_at(
    doc: &mut Doc,
    x: f64,
    y: f64,
    s: &str,
    px: f64,
    anchor: &str,
    bold: bool,
    color: Rgb,
    rotate: Option<f64>,
) {
    let lines: Vec<&str> = s.split('\n').collect();
    let n = lines.len();
    for (i, l) in lines.iter().enumerate() {
        let dy = (i as f64 - (n - 1) as f64) * px * 1.2;
        let rot = rotate
            .map(|r| format!(" transform=\"rotate({} {} {})\"", num(r), num(x), num(y)))
            .unwrap_or_default();
        let (lx, ly) = match rotate {
            Some(_) => (x + dy, y),
            None => (x, y + dy),
        };
        let _ = write!(
            doc.cur,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{anchor}\" fill=\"{}\"{}{rot}>{}</text>",
            num(lx),
            num(ly),
            num(px),
            hex(color),
            if bold { " font-weight=\"bold\"" } else { "" },
            esc(l)
        );
    }
}

/// A tick label (plain, or `10^k` with a raised exponent); returns its
/// width in pixels.
fn tick_label(doc: &mut Doc, x: f64, y: f64, l: &Label, px: f64, anchor: &str) -> f64 {
    match l {
        Label::Text(s) => {
            text_at(doc, x, y, s, px, anchor, false, Rgb::AXIS, None);
            text::width(s, px, false)
        }
        Label::Power(k) => power_text(doc, x, y, *k, px, anchor),
    }
}

/// `10^k` with `k` as a superscript (a smaller raised `<tspan>`).
fn power_text(doc: &mut Doc, x: f64, y: f64, k: i32, px: f64, anchor: &str) -> f64 {
    let sup = 0.7 * px;
    let ks = k.to_string();
    let w = text::width("10", px, false) + text::width(&ks, sup, false);
    let _ = write!(
        doc.cur,
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{anchor}\" fill=\"{}\">10<tspan dy=\"{}\" font-size=\"{}\">{}</tspan></text>",
        num(x),
        num(y),
        num(px),
        hex(Rgb::AXIS),
        num(-0.4 * px),
        num(sup),
        esc(&ks)
    );
    w
}

/// The `x10^k` note of an axis whose labels share an exponent.
fn exponent_note(doc: &mut Doc, x: f64, y: f64, k: i32, px: f64, anchor: &str) {
    let sup = 0.7 * px;
    let _ = write!(
        doc.cur,
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{anchor}\" fill=\"{}\">\u{d7}10<tspan dy=\"{}\" font-size=\"{}\">{k}</tspan></text>",
        num(x),
        num(y),
        num(px),
        hex(Rgb::AXIS),
        num(-0.4 * px),
        num(sup)
    );
}

/// Stroke attributes of a line style at a width in pixels.
fn dash(style: LineStyle, w: f64) -> String {
    let k = w.max(1.0);
    let pat = match style {
        LineStyle::Dashed => format!("{} {}", num(6.0 * k), num(4.0 * k)),
        LineStyle::Dotted => format!("{} {}", num(k), num(2.5 * k)),
        LineStyle::DashDot => format!(
            "{} {} {} {}",
            num(6.0 * k),
            num(2.5 * k),
            num(k),
            num(2.5 * k)
        ),
        LineStyle::Solid | LineStyle::None => return String::new(),
    };
    format!(" stroke-dasharray=\"{pat}\"")
}

/// SVG path data of a polyline in pixels (NaN points break it).
fn polyline_d(pts: &[Pt]) -> String {
    let mut d = String::with_capacity(pts.len() * 12);
    let mut pen = false;
    for p in pts {
        if !(p.0.is_finite() && p.1.is_finite()) {
            pen = false;
            continue;
        }
        d.push(if pen { 'L' } else { 'M' });
        d.push_str(&num(p.0));
        d.push(' ');
        d.push_str(&num(p.1));
        pen = true;
    }
    d
}

/// A line: its stroke (decimated) and its markers.
fn line(doc: &mut Doc, l: &Line, pts: &[Pt], bx: Boxr) {
    line_stroke(doc, l, pts);
    if l.marker != Marker::None {
        markers(doc, l, pts, bx, marker_width(l));
    }
}

/// Width in pixels of a line's stroke (0: none).
fn line_width(l: &Line) -> f64 {
    if l.width.is_finite() && l.width > 0.0 {
        (l.width * PX_PER_PT).min(100.0)
    } else {
        0.0
    }
}

/// Width in pixels of a line's marker edges.
fn marker_width(l: &Line) -> f64 {
    line_width(l).max(0.5 * PX_PER_PT)
}

/// The stroke of a line, decimated.
fn line_stroke(doc: &mut Doc, l: &Line, pts: &[Pt]) {
    let w = line_width(l);
    if l.style != LineStyle::None && w > 0.0 {
        let d = polyline_d(&decimate(pts));
        if !d.is_empty() {
            let cap = if l.style == LineStyle::Dotted {
                "round"
            } else {
                "butt"
            };
            let _ = write!(
                doc.cur,
                "<path d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"round\" stroke-linecap=\"{cap}\"{}/>",
                hex(l.color),
                num(w),
                dash(l.style, w)
            );
        }
    }
}

/// Markers of a line: one path for all of them; at most one marker per
/// half pixel (a million markers in one place look like one).
fn markers(doc: &mut Doc, l: &Line, pts: &[Pt], bx: Boxr, w: f64) {
    let size = if l.marker_size.is_finite() && l.marker_size > 0.0 {
        (l.marker_size * PX_PER_PT).min(200.0)
    } else {
        6.0 * PX_PER_PT
    };
    let r = size / 2.0;
    let mut seen: HashSet<(i64, i64)> = HashSet::new();
    let mut d = String::new();
    for &(x, y) in pts {
        if !(x.is_finite() && y.is_finite())
            || x < bx[0] - 0.5
            || x > bx[0] + bx[2] + 0.5
            || y < bx[1] - 0.5
            || y > bx[1] + bx[3] + 0.5
        {
            continue;
        }
        if !seen.insert(((x * 2.0) as i64, (y * 2.0) as i64)) {
            continue;
        }
        marker_path(&mut d, l.marker, x, y, r);
    }
    if d.is_empty() {
        return;
    }
    let edge = l.marker_edge.unwrap_or(l.color);
    let face = match l.marker {
        Marker::Point => Some(edge),
        Marker::Plus | Marker::Cross | Marker::Star => None,
        _ => l.marker_face,
    };
    let fill = face.map(hex).unwrap_or_else(|| "none".into());
    let _ = write!(
        doc.cur,
        "<path d=\"{d}\" fill=\"{fill}\" stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"miter\"/>",
        hex(edge),
        num(w)
    );
}

/// Path data of one marker of radius `r` centred at `(x, y)`.
fn marker_path(d: &mut String, m: Marker, x: f64, y: f64, r: f64) {
    let poly = |d: &mut String, pts: &[(f64, f64)]| {
        for (i, (px, py)) in pts.iter().enumerate() {
            d.push(if i == 0 { 'M' } else { 'L' });
            let _ = write!(d, "{} {}", num(x + px), num(y + py));
        }
        d.push('Z');
    };
    let star = |d: &mut String, n: usize, inner: f64| {
        let pts: Vec<(f64, f64)> = (0..2 * n)
            .map(|i| {
                let a = std::f64::consts::PI * i as f64 / n as f64 - std::f64::consts::FRAC_PI_2;
                let rr = if i % 2 == 0 { r } else { r * inner };
                (rr * a.cos(), rr * a.sin())
            })
            .collect();
        poly(d, &pts);
    };
    match m {
        Marker::None => {}
        Marker::Circle | Marker::Point => {
            let r = if m == Marker::Point { r / 3.0 } else { r };
            let _ = write!(
                d,
                "M{} {}A{r} {r} 0 1 0 {} {}A{r} {r} 0 1 0 {} {}Z",
                num(x + r),
                num(y),
                num(x - r),
                num(y),
                num(x + r),
                num(y),
                r = num(r)
            );
        }
        Marker::Plus => {
            let _ = write!(
                d,
                "M{} {}H{}M{} {}V{}",
                num(x - r),
                num(y),
                num(x + r),
                num(x),
                num(y - r),
                num(y + r)
            );
        }
        Marker::Cross => {
            let s = r * 0.8;
            let _ = write!(
                d,
                "M{} {}L{} {}M{} {}L{} {}",
                num(x - s),
                num(y - s),
                num(x + s),
                num(y + s),
                num(x - s),
                num(y + s),
                num(x + s),
                num(y - s)
            );
        }
        Marker::Star => {
            marker_path(d, Marker::Plus, x, y, r);
            marker_path(d, Marker::Cross, x, y, r * 0.9);
        }
        Marker::Square => {
            let s = r * 0.9;
            poly(d, &[(-s, -s), (s, -s), (s, s), (-s, s)]);
        }
        Marker::Diamond => poly(d, &[(0.0, -r), (r, 0.0), (0.0, r), (-r, 0.0)]),
        Marker::TriangleUp => poly(d, &[(0.0, -r), (r, r * 0.7), (-r, r * 0.7)]),
        Marker::TriangleDown => poly(d, &[(0.0, r), (r, -r * 0.7), (-r, -r * 0.7)]),
        Marker::TriangleRight => poly(d, &[(r, 0.0), (-r * 0.7, r), (-r * 0.7, -r)]),
        Marker::TriangleLeft => poly(d, &[(-r, 0.0), (r * 0.7, r), (r * 0.7, -r)]),
        Marker::Pentagram => star(d, 5, 0.4),
        Marker::Hexagram => star(d, 6, 0.55),
    }
}

/// Polygons of a patch: runs of points between NaN breaks.
fn polygons(pts: &[Pt]) -> Vec<&[Pt]> {
    pts.split(|p| !(p.0.is_finite() && p.1.is_finite()))
        .filter(|r| !r.is_empty())
        .collect()
}

/// A patch: polygons filled (per-polygon colours, alpha) and edged.
fn patch(doc: &mut Doc, p: &Patch, map: &Map) {
    // Split on NaN in the data (not on points a log axis drops).
    let mut polys: Vec<Vec<Pt>> = vec![Vec::new()];
    for (&x, &y) in p.x.iter().zip(&p.y) {
        if x.is_nan() || y.is_nan() {
            polys.push(Vec::new());
        } else {
            let q = map.pt(x, y);
            if q.0.is_finite() {
                if let Some(last) = polys.last_mut() {
                    last.push(q);
                }
            }
        }
    }
    let polys: Vec<Vec<Pt>> = polys.into_iter().filter(|v| v.len() >= 2).collect();
    let alpha = if p.face_alpha.is_finite() {
        p.face_alpha.clamp(0.0, 1.0)
    } else {
        1.0
    };
    let ew = if p.edge_width.is_finite() && p.edge_width > 0.0 {
        (p.edge_width * PX_PER_PT).min(100.0)
    } else {
        0.0
    };
    for (i, poly) in polys.iter().enumerate() {
        let face = match p.face.len() {
            0 => None,
            1 => Some(p.face[0]),
            n => Some(p.face[i.min(n - 1)]),
        };
        let mut d = polyline_d(poly);
        d.push('Z');
        let fill = match face {
            Some(c) => format!(
                "fill=\"{}\"{}",
                hex(c),
                if alpha < 1.0 {
                    format!(" fill-opacity=\"{}\"", num(alpha))
                } else {
                    String::new()
                }
            ),
            None => "fill=\"none\"".into(),
        };
        let stroke = match p.edge {
            Some(c) if ew > 0.0 => format!(
                " stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"miter\"",
                hex(c),
                num(ew)
            ),
            _ => String::new(),
        };
        let _ = write!(doc.cur, "<path d=\"{d}\" {fill}{stroke}/>");
    }
}

/// Most surface quads drawn; finer grids are sampled.
const MAX_QUADS: usize = 40_000;

/// Longest image side drawn in pixels; bigger images are sampled.
const MAX_IMAGE_SIDE: usize = 4096;

/// An image: colours computed here, drawn as pixels.
fn image(doc: &mut Doc, im: &Image, map: &Map, bx: Boxr, cmap: &[Rgb], clim: [f64; 2]) {
    let (rows, cols) = (im.rows, im.cols);
    let n = rows.saturating_mul(cols);
    let enough = match &im.data {
        ImageData::Indexed { values, .. } => values.len() >= n,
        ImageData::Rgb(v) => v.len() >= n.saturating_mul(3),
    };
    if rows == 0 || cols == 0 || !enough {
        return;
    }
    let (x0, x1, y0, y1) = image_extent(im);
    let (pxa, pxb) = (map.x.map(x0), map.x.map(x1));
    let (pya, pyb) = (map.y.map(y0), map.y.map(y1));
    if ![pxa, pxb, pya, pyb].iter().all(|v| v.is_finite()) {
        return;
    }
    let (sr, sc) = (rows.div_ceil(MAX_IMAGE_SIDE), cols.div_ceil(MAX_IMAGE_SIDE));
    let (h, w) = (rows.div_ceil(sr), cols.div_ceil(sc));
    let flip_c = pxa > pxb;
    let flip_r = pya > pyb;
    let mut rgba = vec![255u8; w * h * 4];
    for orow in 0..h {
        let r = (if flip_r { h - 1 - orow } else { orow }) * sr;
        for ocol in 0..w {
            let c = (if flip_c { w - 1 - ocol } else { ocol }) * sc;
            let k = r + c * rows;
            let rgb = match &im.data {
                ImageData::Indexed { values, scaled } => {
                    if *scaled {
                        scaled_color(cmap, clim, values[k])
                    } else {
                        direct_color(cmap, values[k])
                    }
                }
                ImageData::Rgb(v) => Rgb(v[k], v[k + n], v[k + 2 * n]),
            };
            let o = (orow * w + ocol) * 4;
            let b = Rgb(
                if rgb.0.is_nan() { 0.0 } else { rgb.0 },
                if rgb.1.is_nan() { 0.0 } else { rgb.1 },
                if rgb.2.is_nan() { 0.0 } else { rgb.2 },
            )
            .bytes();
            rgba[o..o + 3].copy_from_slice(&b);
        }
    }
    doc.image(Img {
        width: w,
        height: h,
        rgba,
        rect: [
            pxa.min(pxb),
            pya.min(pyb),
            (pxb - pxa).abs(),
            (pyb - pya).abs(),
        ],
        clip: bx,
    });
}

/// A surface: quads filled from the colormap (`surf`) or edges coloured
/// from it (`mesh`), drawn in order of `depth` (far first).
fn surface(
    doc: &mut Doc,
    s: &Surface,
    cmap: &[Rgb],
    clim: [f64; 2],
    proj: &dyn Fn(usize) -> Pt,
    depth: &dyn Fn(usize) -> f64,
) {
    let (r, c) = (s.rows, s.cols);
    let n = r.saturating_mul(c);
    if r < 2 || c < 2 || s.x.len() < n || s.y.len() < n || s.z.len() < n {
        return;
    }
    let cdat = |i: usize| s.c.get(i).copied().unwrap_or(s.z[i]);
    let pts: Vec<Pt> = (0..n).map(proj).collect();
    // A grid finer than can be seen is drawn through every st-th row and
    // column (a 2000 x 2000 surface would be four million paths).
    let st = (((r - 1) * (c - 1)) as f64 / MAX_QUADS as f64)
        .sqrt()
        .ceil()
        .max(1.0) as usize;
    let grid = |m: usize| {
        let mut v: Vec<usize> = (0..m).step_by(st).collect();
        if v.last() != Some(&(m - 1)) {
            v.push(m - 1);
        }
        v
    };
    let (ri, cj) = (grid(r), grid(c));
    let mut quads: Vec<(f64, [usize; 4])> = Vec::with_capacity(ri.len() * cj.len());
    for jw in cj.windows(2) {
        for iw in ri.windows(2) {
            let corners = [
                iw[0] + jw[0] * r,
                iw[1] + jw[0] * r,
                iw[1] + jw[1] * r,
                iw[0] + jw[1] * r,
            ];
            if corners
                .iter()
                .all(|&q| pts[q].0.is_finite() && s.z[q].is_finite())
            {
                let dep = corners.iter().map(|&q| depth(q)).sum::<f64>() / 4.0;
                quads.push((dep, corners));
            }
        }
    }
    quads.sort_by(|a, b| a.0.total_cmp(&b.0));
    let ew = 0.5 * PX_PER_PT;
    for (_, corners) in quads {
        let k = corners[0];
        let mut d = String::new();
        for (i, &q) in corners.iter().enumerate() {
            let _ = write!(
                d,
                "{}{} {}",
                if i == 0 { 'M' } else { 'L' },
                num(pts[q].0),
                num(pts[q].1)
            );
        }
        d.push('Z');
        let col = scaled_color(cmap, clim, cdat(k));
        let fill = if s.filled { hex(col) } else { "#ffffff".into() };
        let edge = s.edge.map(hex).unwrap_or_else(|| hex(col));
        let _ = write!(
            doc.cur,
            "<path d=\"{d}\" fill=\"{fill}\" stroke=\"{edge}\" stroke-width=\"{}\" stroke-linejoin=\"round\"/>",
            num(ew)
        );
    }
}

/// The legend: entries are the children with a display name, in order.
fn legend(doc: &mut Doc, ax: &Axes, bx: Boxr, f: &Fonts, cmap: &[Rgb]) {
    let Some(lg) = ax.legend.as_ref().filter(|l| l.visible) else {
        return;
    };
    let entries: Vec<(&Artist, &str)> = ax
        .children
        .iter()
        .filter_map(|a| a.display_name().filter(|n| !n.is_empty()).map(|n| (a, n)))
        .collect();
    if entries.is_empty() {
        return;
    }
    let fs = f.tick * 0.9;
    let row = fs * 1.5;
    let sample = fs * 2.6;
    let pad = fs * 0.5;
    let tw = entries
        .iter()
        .map(|(_, n)| text::width(n, fs, false))
        .fold(0.0, f64::max);
    let w = pad * 2.0 + sample + pad + tw;
    let h = pad + row * entries.len() as f64 + pad * 0.5;
    let m = 6.0;
    let loc = lg.location.to_ascii_lowercase();
    let (r, b) = (bx[0] + bx[2], bx[1] + bx[3]);
    let x = if loc.ends_with("eastoutside") || loc == "eastoutside" {
        r + m
    } else if loc.ends_with("westoutside") {
        bx[0] - w - m
    } else if loc.contains("west") {
        bx[0] + m
    } else if loc == "north"
        || loc == "south"
        || loc.starts_with("northoutside")
        || loc.starts_with("southoutside")
    {
        bx[0] + (bx[2] - w) / 2.0
    } else {
        r - w - m
    };
    let y = if loc == "northoutside" {
        bx[1] - h - m
    } else if loc == "southoutside" {
        b + m
    } else if loc.starts_with("south") {
        b - h - m
    } else if loc == "east" || loc == "west" || loc == "eastoutside" || loc == "westoutside" {
        bx[1] + (bx[3] - h) / 2.0
    } else {
        bx[1] + m
    };
    let _ = write!(
        doc.cur,
        "<g class=\"legend\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#ffffff\" stroke=\"{}\" stroke-width=\"{}\"/>",
        num(x),
        num(y),
        num(w),
        num(h),
        hex(Rgb::AXIS),
        num(0.5 * PX_PER_PT)
    );
    for (i, (a, name)) in entries.iter().enumerate() {
        let cy = y + pad + row * (i as f64 + 0.5);
        let (sx0, sx1) = (x + pad, x + pad + sample);
        match a {
            Artist::Line(l) => {
                line_stroke(doc, l, &[(sx0, cy), (sx1, cy)]);
                if l.marker != Marker::None {
                    let mid = [((sx0 + sx1) / 2.0, cy)];
                    markers(doc, l, &mid, [x, y, w, h], marker_width(l));
                }
            }
            Artist::Patch(p) => {
                let c = p.face.first().copied();
                let _ = write!(
                    doc.cur,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"/>",
                    num(sx0),
                    num(cy - fs * 0.4),
                    num(sample),
                    num(fs * 0.8),
                    c.map(hex).unwrap_or_else(|| "none".into()),
                    p.edge.map(hex).unwrap_or_else(|| "none".into()),
                    num(0.5 * PX_PER_PT)
                );
            }
            _ => {
                let c = cmap.get(cmap.len() / 2).copied().unwrap_or(Rgb::BLACK);
                let _ = write!(
                    doc.cur,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
                    num(sx0),
                    num(cy - fs * 0.4),
                    num(sample),
                    num(fs * 0.8),
                    hex(c)
                );
            }
        }
        text_at(
            doc,
            sx1 + pad,
            cy + 0.35 * fs,
            name,
            fs,
            "start",
            false,
            Rgb::BLACK,
            None,
        );
    }
    doc.cur.push_str("</g>");
}

/// The colorbar at the right of the box: the colormap bottom to top, ticks
/// over the colour limits.
fn colorbar(doc: &mut Doc, _ax: &Axes, bx: Boxr, f: &Fonts, cmap: &[Rgb], clim: [f64; 2]) {
    if cmap.is_empty() {
        return;
    }
    let (x, wid) = (bx[0] + bx[2] + 20.0, 15.0);
    let (top, h) = (bx[1], bx[3]);
    let n = cmap.len();
    let mut rgba = Vec::with_capacity(n * 4);
    for c in cmap.iter().rev() {
        let b = c.bytes();
        rgba.extend_from_slice(&[b[0], b[1], b[2], 255]);
    }
    let rect = [x, top, wid, h];
    doc.image(Img {
        width: 1,
        height: n,
        rgba,
        rect,
        clip: rect,
    });
    let stroke = hex(Rgb::AXIS);
    let at = axis_ticks(
        Range {
            lo: clim[0],
            hi: clim[1],
        },
        Some(clim),
        Scale::Linear,
        true,
        None,
        None,
        h,
        false,
        f.tick,
    );
    let ax1 = Axis1::new(clim, top + h, top, false);
    let mut d = String::new();
    for t in &at.ticks {
        let y = ax1.map(t.at);
        let _ = write!(d, "M{} {}h-3", num(x + wid), num(y));
    }
    let _ = write!(
        doc.cur,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{}\"/><path d=\"{d}\" stroke=\"{stroke}\" stroke-width=\"{}\"/>",
        num(x),
        num(top),
        num(wid),
        num(h),
        num(0.5 * PX_PER_PT),
        num(0.5 * PX_PER_PT)
    );
    for t in &at.ticks {
        let y = ax1.map(t.at);
        tick_label(
            doc,
            x + wid + f.tick * 0.4,
            y + 0.35 * f.tick,
            &t.label,
            f.tick,
            "start",
        );
    }
}

/// MATLAB's view transform: azimuth and elevation in degrees to a screen
/// projection of normalized coordinates; returns `(sx, sy, depth)` with
/// `sy` up and larger depth nearer the viewer.
fn view_project(az: f64, el: f64, p: [f64; 3]) -> (f64, f64, f64) {
    let (a, e) = (az.to_radians(), el.to_radians());
    let sx = a.cos() * p[0] + a.sin() * p[1];
    let sy = -e.sin() * a.sin() * p[0] + e.sin() * a.cos() * p[1] + e.cos() * p[2];
    let dp = e.cos() * a.sin() * p[0] - e.cos() * a.cos() * p[1] + e.sin() * p[2];
    (sx, sy, dp)
}

/// A 3-D axes: surfaces and lines projected through `view`, the box's
/// floor and back walls outlined, ticks labelled along the front edges.
fn draw_3d(doc: &mut Doc, ax: &Axes, bx: Boxr, f: &Fonts, cmap: &[Rgb], clim: [f64; 2]) {
    let (az, el) = ax.view.unwrap_or((-37.5, 30.0));
    let (az, el) = (
        if az.is_finite() { az } else { -37.5 },
        if el.is_finite() { el } else { 30.0 },
    );
    let (mut xr, mut yr, mut zr) = (Range::EMPTY, Range::EMPTY, Range::EMPTY);
    for a in &ax.children {
        match a {
            Artist::Surface(s) => {
                s.x.iter().for_each(|v| xr.add(*v, false));
                s.y.iter().for_each(|v| yr.add(*v, false));
                s.z.iter().for_each(|v| zr.add(*v, false));
            }
            Artist::Line(l) => {
                l.x.iter().for_each(|v| xr.add(*v, false));
                l.y.iter().for_each(|v| yr.add(*v, false));
                match &l.z {
                    Some(z) => z.iter().for_each(|v| zr.add(*v, false)),
                    None => zr.add(0.0, false),
                }
            }
            Artist::Patch(p) => {
                p.x.iter().for_each(|v| xr.add(*v, false));
                p.y.iter().for_each(|v| yr.add(*v, false));
                zr.add(0.0, false);
            }
            Artist::Text(t) => {
                xr.add(t.x, false);
                yr.add(t.y, false);
            }
            Artist::Image(_) => {}
        }
    }
    let lim = |r: Range, l: Option<[f64; 2]>| {
        l.filter(|l| l[0].is_finite() && l[1].is_finite() && l[1] > l[0])
            .unwrap_or_else(|| ticks::auto_limits(r, ax.tight, 7))
    };
    let (xl, yl, zl) = (lim(xr, ax.xlim), lim(yr, ax.ylim), lim(zr, ax.zlim));
    let norm = |v: f64, l: [f64; 2]| (v - l[0]) / (l[1] - l[0]) - 0.5;
    let raw =
        |x: f64, y: f64, z: f64| view_project(az, el, [norm(x, xl), norm(y, yl), norm(z, zl)]);
    // Fit the projected cube into the box.
    let corners: Vec<(f64, f64, f64)> = (0..8)
        .map(|i| raw(xl[i & 1], yl[(i >> 1) & 1], zl[(i >> 2) & 1]))
        .collect();
    let (mut a0, mut a1, mut b0, mut b1) = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    for c in &corners {
        a0 = a0.min(c.0);
        a1 = a1.max(c.0);
        b0 = b0.min(c.1);
        b1 = b1.max(c.1);
    }
    let s = (bx[2] / (a1 - a0).max(1e-9)).min(bx[3] / (b1 - b0).max(1e-9));
    let (cx, cy) = (bx[0] + bx[2] / 2.0, bx[1] + bx[3] / 2.0);
    let (ma, mb) = ((a0 + a1) / 2.0, (b0 + b1) / 2.0);
    let to_px = move |p: (f64, f64, f64)| -> (f64, f64, f64) {
        let x = cx + (p.0 - ma) * s;
        let y = cy - (p.1 - mb) * s;
        if x.is_finite() && y.is_finite() {
            (x.clamp(-FAR, FAR), y.clamp(-FAR, FAR), p.2)
        } else {
            (f64::NAN, f64::NAN, p.2)
        }
    };
    let pc: Vec<(f64, f64, f64)> = corners.iter().map(|&c| to_px(c)).collect();
    let stroke = hex(Rgb::AXIS);
    let axis_w = 0.5 * PX_PER_PT;
    if ax.visible {
        // Back walls: the faces whose outward normal points away from the
        // viewer; outline the floor and the two back walls' edges.
        let far = (0..8)
            .min_by(|&i, &j| pc[i].2.total_cmp(&pc[j].2))
            .unwrap_or(0);
        let mut d = String::new();
        for bit in [1, 2, 4] {
            let other = far ^ bit;
            for bit2 in [1, 2, 4] {
                if bit2 != bit {
                    let _ = write!(
                        d,
                        "M{} {}L{} {}L{} {}",
                        num(pc[far ^ bit2].0),
                        num(pc[far ^ bit2].1),
                        num(pc[far].0),
                        num(pc[far].1),
                        num(pc[other].0),
                        num(pc[other].1)
                    );
                }
            }
        }
        let _ = write!(
            doc.cur,
            "<path d=\"{d}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{}\" stroke-opacity=\"0.5\"/>",
            num(axis_w)
        );
    }
    for a in &ax.children {
        match a {
            Artist::Surface(sf) => {
                let n = sf.rows * sf.cols;
                if sf.x.len() < n || sf.y.len() < n || sf.z.len() < n {
                    continue;
                }
                let p: Vec<(f64, f64, f64)> = (0..n)
                    .map(|i| to_px(raw(sf.x[i], sf.y[i], sf.z[i])))
                    .collect();
                surface(doc, sf, cmap, clim, &|i| (p[i].0, p[i].1), &|i| p[i].2);
            }
            Artist::Line(l) => {
                let pts: Vec<Pt> = (0..l.x.len().min(l.y.len()))
                    .map(|i| {
                        let z = l.z.as_ref().and_then(|z| z.get(i)).copied().unwrap_or(0.0);
                        let q = to_px(raw(l.x[i], l.y[i], z));
                        (q.0, q.1)
                    })
                    .collect();
                line(doc, l, &pts, bx);
            }
            Artist::Patch(p) => {
                let pts: Vec<Pt> =
                    p.x.iter()
                        .zip(&p.y)
                        .map(|(&x, &y)| {
                            let q = to_px(raw(x, y, zl[0]));
                            (q.0, q.1)
                        })
                        .collect();
                for poly in polygons(&pts) {
                    let mut d = polyline_d(poly);
                    d.push('Z');
                    let fill = p
                        .face
                        .first()
                        .map(|c| hex(*c))
                        .unwrap_or_else(|| "none".into());
                    let _ = write!(doc.cur, "<path d=\"{d}\" fill=\"{fill}\"/>");
                }
            }
            Artist::Text(t) => {
                let q = to_px(raw(t.x, t.y, 0.0));
                if q.0.is_finite() {
                    let fs = f.tick;
                    text_at(doc, q.0, q.1, &t.text, fs, "start", false, t.color, None);
                }
            }
            Artist::Image(_) => {}
        }
    }
    if ax.visible {
        // Ticks along the floor's front edges (x and y) and a vertical edge
        // (z), labels just outside.
        let axis_labels =
            |doc: &mut Doc, l: [f64; 2], pt: &dyn Fn(f64) -> (f64, f64, f64), dir: (f64, f64)| {
                let (t, _) = ticks::linear_ticks(l, None, 7);
                let labels = ticks::linear_labels(&t, 0);
                for (v, s) in t.iter().zip(labels) {
                    let q = pt(*v);
                    if q.0.is_finite() {
                        let anchor = if dir.0 < -0.3 {
                            "end"
                        } else if dir.0 > 0.3 {
                            "start"
                        } else {
                            "middle"
                        };
                        let x = q.0 + dir.0 * f.tick * 0.8;
                        let y = q.1 + dir.1 * f.tick * 0.8 + 0.35 * f.tick;
                        text_at(doc, x, y, &s, f.tick, anchor, false, Rgb::AXIS, None);
                    }
                }
            };
        // Pick the floor edge nearest the viewer for x (lowest on screen).
        let y_front = if to_px(raw(xl[0], yl[0], zl[0])).1 >= to_px(raw(xl[0], yl[1], zl[0])).1 {
            yl[0]
        } else {
            yl[1]
        };
        let x_front = if to_px(raw(xl[0], yl[0], zl[0])).1 >= to_px(raw(xl[1], yl[0], zl[0])).1 {
            xl[0]
        } else {
            xl[1]
        };
        let outward = |p: (f64, f64, f64)| {
            let (dx, dy) = (p.0 - cx, p.1 - cy);
            let n = (dx * dx + dy * dy).sqrt().max(1e-9);
            (dx / n, dy / n)
        };
        let mid_x = to_px(raw((xl[0] + xl[1]) / 2.0, y_front, zl[0]));
        let dir_x = outward(mid_x);
        axis_labels(doc, xl, &|v| to_px(raw(v, y_front, zl[0])), dir_x);
        let mid_y = to_px(raw(x_front, (yl[0] + yl[1]) / 2.0, zl[0]));
        let dir_y = outward(mid_y);
        axis_labels(doc, yl, &|v| to_px(raw(x_front, v, zl[0])), dir_y);
        // z along the leftmost vertical edge.
        let (zx, zy) = [
            (xl[0], yl[0]),
            (xl[0], yl[1]),
            (xl[1], yl[0]),
            (xl[1], yl[1]),
        ]
        .into_iter()
        .min_by(|a, b| {
            to_px(raw(a.0, a.1, zl[0]))
                .0
                .total_cmp(&to_px(raw(b.0, b.1, zl[0])).0)
        })
        .unwrap_or((xl[0], yl[0]));
        if el.abs() < 89.0 {
            axis_labels(doc, zl, &|v| to_px(raw(zx, zy, v)), (-1.0, 0.0));
        }
        // Axis labels beyond the tick labels.
        let away = f.tick * 2.6;
        for (w, label, mid, dir) in [(1, &ax.xlabel, mid_x, dir_x), (2, &ax.ylabel, mid_y, dir_y)] {
            if !label.is_empty() && mid.0.is_finite() {
                let (x, y) = (mid.0 + dir.0 * away, mid.1 + dir.1 * away + 0.35 * f.label);
                let (size, color) = (label_size(ax, w, f.label), label_color(ax, w));
                text_at(doc, x, y, label, size, "middle", false, color, None);
            }
        }
        let zmid = to_px(raw(zx, zy, (zl[0] + zl[1]) / 2.0));
        if !ax.zlabel.is_empty() && zmid.0.is_finite() && el.abs() < 89.0 {
            let x = zmid.0 - away - f.tick;
            text_at(
                doc,
                x,
                zmid.1,
                &ax.zlabel,
                label_size(ax, 3, f.label),
                "middle",
                false,
                label_color(ax, 3),
                Some(-90.0),
            );
        }
    }
    if !ax.title.is_empty() {
        text_at(
            doc,
            bx[0] + bx[2] / 2.0,
            bx[1] - f.label * 0.5,
            &ax.title,
            label_size(ax, 0, f.label),
            "middle",
            true,
            label_color(ax, 0),
            None,
        );
    }
    legend(doc, ax, bx, f, cmap);
}
