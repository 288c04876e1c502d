//! Rendering figures: SVG text and PNG pixels, pure Rust with an embedded
//! font so text looks the same everywhere.
//!
//! One drawing path: a figure is drawn once into a `Doc`, a list of layers
//! in pixel coordinates of the figure at 96 dpi (SVG fragments, and images
//! kept as pixels). `svg` writes the layers as one SVG document (images as
//! embedded PNG); `raster` renders the SVG fragments with `resvg` (text with
//! the embedded DejaVu Sans, no system fonts) and draws the images straight
//! into the same pixmap with `tiny-skia`, scaled to the asked dpi.
//!
//! Submodules: `ticks` (limits, nice ticks, labels), `decimate` (M4 and
//! thinning of long lines), `axes` (layout and drawing of one axes: 2-D and
//! projected 3-D), `text` (the embedded font and text widths), `raster`
//! (resvg/tiny-skia and PNG).

mod axes;
mod decimate;
mod raster;
mod text;
pub mod ticks;

use super::colormaps;
use super::model::{Figure, Rgb};
use std::fmt::Write as _;

/// RGBA pixels, row-major, 4 bytes per pixel, straight (not premultiplied).
#[derive(Clone, Debug, PartialEq)]
pub struct Raster {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

/// The figure as an SVG document, `width x height` of the figure's
/// `Position` in pixels.
pub fn svg(fig: &Figure) -> String {
    draw(fig).to_svg()
}

/// The figure drawn at `dpi` (96 is the figure's `Position` size in
/// pixels; `print`'s default is 150).
pub fn raster(fig: &Figure, dpi: f64) -> Result<Raster, String> {
    raster::render(&draw(fig), dpi)
}

/// The figure as PNG file bytes at `dpi`.
pub fn png(fig: &Figure, dpi: f64) -> Result<Vec<u8>, String> {
    raster::png(&draw(fig), dpi)
}

/// Points to pixels at 96 dpi.
pub(crate) const PX_PER_PT: f64 = 96.0 / 72.0;

/// Draw every axes of a figure into layers.
fn draw(fig: &Figure) -> Doc {
    let (w, h) = fig.size();
    let mut doc = Doc::new(w, h);
    let _ = write!(
        doc.cur,
        "<rect width=\"{}\" height=\"{}\" fill=\"{}\"/>",
        num(w),
        num(h),
        fig.color.hex()
    );
    let cmap = if fig.colormap.is_empty() {
        colormaps::default_map()
    } else {
        fig.colormap.clone()
    };
    for ax in &fig.axes {
        axes::draw(&mut doc, fig, ax, &cmap);
    }
    doc
}

/// Pixels of an image to draw in a rectangle (figure pixels at 96 dpi).
#[derive(Clone, Debug)]
pub(crate) struct Img {
    pub width: usize,
    pub height: usize,
    /// Opaque RGBA, row-major from the top-left.
    pub rgba: Vec<u8>,
    /// `[x, y, w, h]` where the image goes.
    pub rect: [f64; 4],
    /// `[x, y, w, h]` outside which nothing of it shows.
    pub clip: [f64; 4],
}

/// One layer of a drawn figure.
#[derive(Clone, Debug)]
pub(crate) enum Layer {
    Svg(String),
    Image(Img),
}

/// A figure being drawn: layers in drawing order.
pub(crate) struct Doc {
    pub width: f64,
    pub height: f64,
    pub layers: Vec<Layer>,
    /// The SVG fragment being written.
    pub cur: String,
    next_id: usize,
    /// The clip rectangle of an open clipped group, if one is open.
    open_clip: Option<[f64; 4]>,
}

impl Doc {
    fn new(width: f64, height: f64) -> Doc {
        Doc {
            width,
            height,
            layers: Vec::new(),
            cur: String::new(),
            next_id: 0,
            open_clip: None,
        }
    }

    /// Start a group clipped to `rect` (the axes box).
    pub fn clip_begin(&mut self, rect: [f64; 4]) {
        self.clip_end();
        self.next_id += 1;
        let id = self.next_id;
        let _ = write!(
            self.cur,
            "<clipPath id=\"c{id}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath><g clip-path=\"url(#c{id})\">",
            num(rect[0]),
            num(rect[1]),
            num(rect[2]),
            num(rect[3])
        );
        self.open_clip = Some(rect);
    }

    /// Close the clipped group, if one is open.
    pub fn clip_end(&mut self) {
        if self.open_clip.take().is_some() {
            self.cur.push_str("</g>");
        }
    }

    /// Add an image layer (closing and reopening an open clipped group
    /// around it, so every SVG fragment stands alone).
    pub fn image(&mut self, img: Img) {
        let reopen = self.open_clip;
        self.clip_end();
        if !self.cur.is_empty() {
            self.layers.push(Layer::Svg(std::mem::take(&mut self.cur)));
        }
        self.layers.push(Layer::Image(img));
        if let Some(r) = reopen {
            self.clip_begin(r);
        }
    }

    /// Finish: the layers with the last fragment closed.
    fn finish(&self) -> Vec<Layer> {
        let mut layers = self.layers.clone();
        let mut last = self.cur.clone();
        if self.open_clip.is_some() {
            last.push_str("</g>");
        }
        if !last.is_empty() {
            layers.push(Layer::Svg(last));
        }
        layers
    }

    /// The SVG document for a list of fragments.
    fn wrap(&self, body: &str) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"DejaVu Sans\">{body}</svg>",
            w = num(self.width),
            h = num(self.height),
        )
    }

    fn to_svg(&self) -> String {
        let mut body = String::new();
        for l in self.finish() {
            match l {
                Layer::Svg(s) => body.push_str(&s),
                Layer::Image(img) => {
                    let png = raster::encode_image(&img).unwrap_or_default();
                    let id = format!("i{}", body.len());
                    let c = img.clip;
                    let r = img.rect;
                    let _ = write!(
                        body,
                        "<clipPath id=\"{id}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath><image clip-path=\"url(#{id})\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" href=\"data:image/png;base64,{}\"/>",
                        num(c[0]), num(c[1]), num(c[2]), num(c[3]),
                        num(r[0]), num(r[1]), num(r[2]), num(r[3]),
                        base64(&png)
                    );
                }
            }
        }
        self.wrap(&body)
    }
}

/// A number for SVG: at most 2 decimals, no trailing zeros.
pub(crate) fn num(v: f64) -> String {
    if !v.is_finite() {
        return "0".into();
    }
    let s = format!("{:.2}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" || s.is_empty() {
        "0".into()
    } else {
        s.to_string()
    }
}

/// Text with XML's special characters escaped.
pub(crate) fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            c if (c as u32) < 0x20 && c != '\t' => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

/// `rgba` colour attribute value pair: `fill="#rrggbb"`-style hex.
pub(crate) fn hex(c: Rgb) -> String {
    c.hex()
}

/// Standard base64 (for PNG data URIs).
fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut o = String::with_capacity(data.len().div_ceil(3) * 4);
    for ch in data.chunks(3) {
        let b = [ch[0], *ch.get(1).unwrap_or(&0), *ch.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= ch.len() {
                o.push(T[((n >> shift) & 63) as usize] as char);
            } else {
                o.push('=');
            }
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_examples() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.256), "1.26");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f64::NAN), "0");
    }
}
