//! Rendering figures: SVG text and PNG pixels, pure Rust with an embedded
//! font so text looks the same everywhere.
//!
//! PLACEHOLDER: filled in by the render work (see the issue 12 brief).

use super::model::Figure;

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
    let (w, h) = fig.size();
    format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\"></svg>")
}

/// The figure drawn at `dpi` (96 is the figure's `Position` size in
/// pixels; `print`'s default is 150).
pub fn raster(fig: &Figure, dpi: f64) -> Result<Raster, String> {
    let (w, h) = fig.size();
    let s = dpi / 96.0;
    let (width, height) = ((w * s).round() as u32, (h * s).round() as u32);
    Ok(Raster {
        width,
        height,
        rgba: vec![255; width as usize * height as usize * 4],
    })
}

/// The figure as PNG file bytes at `dpi`.
pub fn png(fig: &Figure, dpi: f64) -> Result<Vec<u8>, String> {
    let _ = raster(fig, dpi)?;
    Err("PNG output is not built yet".to_string())
}
