//! Pixels: the SVG layers rendered by `resvg` with the embedded font (no
//! system fonts), image layers drawn directly by `tiny-skia` with nearest
//! neighbour sampling, PNG encoding.

use super::{text, Doc, Img, Layer, Raster};
use resvg::tiny_skia::{
    self, FilterQuality, IntSize, Mask, Paint, Pattern, Pixmap, Rect, SpreadMode, Transform,
};
use resvg::usvg;
use std::sync::{Arc, OnceLock};

/// Largest raster side in pixels (a `-r` typo must not allocate gigabytes).
const MAX_SIDE: f64 = 20_000.0;

/// The parse options: DejaVu Sans (regular and bold) from memory, nothing
/// from the system.
fn options() -> &'static usvg::Options<'static> {
    static OPT: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPT.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(text::REGULAR.to_vec());
        db.load_font_data(text::BOLD.to_vec());
        db.set_sans_serif_family("DejaVu Sans");
        usvg::Options {
            font_family: "DejaVu Sans".to_string(),
            fontdb: Arc::new(db),
            ..usvg::Options::default()
        }
    })
}

/// Pixel size of a figure at `dpi`.
fn size(doc: &Doc, dpi: f64) -> Result<(u32, u32, f64), String> {
    if !(dpi.is_finite() && dpi > 0.0) {
        return Err(format!(
            "resolution must be a positive number of dpi, not {dpi}"
        ));
    }
    let s = dpi / 96.0;
    let (w, h) = ((doc.width * s).round(), (doc.height * s).round());
    if !(w.is_finite() && h.is_finite()) || w > MAX_SIDE || h > MAX_SIDE {
        return Err(format!(
            "a {w} x {h} pixel image is too large (at most {MAX_SIDE} pixels a side)"
        ));
    }
    Ok(((w as u32).max(1), (h as u32).max(1), s))
}

/// Render the layers into a pixmap.
fn pixmap(doc: &Doc, dpi: f64) -> Result<Pixmap, String> {
    let (w, h, s) = size(doc, dpi)?;
    let mut pm = Pixmap::new(w, h).ok_or_else(|| format!("cannot make a {w} x {h} image"))?;
    let scale = Transform::from_scale(s as f32, s as f32);
    for layer in doc.finish() {
        match layer {
            Layer::Svg(body) => {
                let tree = usvg::Tree::from_str(&doc.wrap(&body), options())
                    .map_err(|e| format!("internal SVG error: {e}"))?;
                resvg::render(&tree, scale, &mut pm.as_mut());
            }
            Layer::Image(img) => draw_image(&mut pm, &img, s),
        }
    }
    Ok(pm)
}

/// Draw an image layer: scaled into its rectangle, clipped.
fn draw_image(pm: &mut Pixmap, img: &Img, s: f64) {
    let Some(src) = to_pixmap(img) else { return };
    let [x, y, w, h] = img.rect;
    if !(w > 0.0 && h > 0.0) {
        return;
    }
    let sx = w * s / img.width as f64;
    let sy = h * s / img.height as f64;
    let t = Transform::from_row(
        sx as f32,
        0.0,
        0.0,
        sy as f32,
        (x * s) as f32,
        (y * s) as f32,
    );
    let c = img.clip;
    let Some(clip) = Rect::from_xywh(
        (c[0] * s) as f32,
        (c[1] * s) as f32,
        (c[2] * s) as f32,
        (c[3] * s) as f32,
    ) else {
        return;
    };
    let mut mask = match Mask::new(pm.width(), pm.height()) {
        Some(m) => m,
        None => return,
    };
    mask.fill_path(
        &tiny_skia::PathBuilder::from_rect(clip),
        tiny_skia::FillRule::Winding,
        false,
        Transform::identity(),
    );
    // Draw through a pattern so nearest-neighbour scaling applies even for
    // large factors (a 4x4 image over the whole axes stays 16 sharp cells).
    let pattern = Pattern::new(
        src.as_ref(),
        SpreadMode::Pad,
        FilterQuality::Nearest,
        1.0,
        t,
    );
    let paint = Paint {
        shader: pattern,
        anti_alias: false,
        ..Paint::default()
    };
    let Some(dst) = Rect::from_xywh(
        (x * s) as f32,
        (y * s) as f32,
        (w * s) as f32,
        (h * s) as f32,
    ) else {
        return;
    };
    pm.fill_rect(dst, &paint, Transform::identity(), Some(&mask));
}

/// An image layer as a tiny-skia pixmap (opaque, so premultiplied equals
/// straight).
fn to_pixmap(img: &Img) -> Option<Pixmap> {
    let size = IntSize::from_wh(img.width as u32, img.height as u32)?;
    Pixmap::from_vec(img.rgba.clone(), size)
}

/// An image layer as PNG bytes (for SVG data URIs).
pub(super) fn encode_image(img: &Img) -> Option<Vec<u8>> {
    to_pixmap(img)?.encode_png().ok()
}

/// The figure's pixels, straight RGBA.
pub(super) fn render(doc: &Doc, dpi: f64) -> Result<Raster, String> {
    let pm = pixmap(doc, dpi)?;
    let (width, height) = (pm.width(), pm.height());
    let rgba = pm
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    Ok(Raster {
        width,
        height,
        rgba,
    })
}

/// The figure as PNG bytes.
pub(super) fn png(doc: &Doc, dpi: f64) -> Result<Vec<u8>, String> {
    pixmap(doc, dpi)?
        .encode_png()
        .map_err(|e| format!("cannot encode PNG: {e}"))
}
