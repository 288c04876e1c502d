//! The embedded font (DejaVu Sans and its bold, Bitstream Vera licence in
//! `DejaVuSans-LICENSE.txt` beside them) and text widths measured from its
//! advance widths, so layout (legend boxes, label room) fits what is drawn.

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

/// DejaVu Sans, regular.
pub const REGULAR: &[u8] = include_bytes!("DejaVuSans.ttf");
/// DejaVu Sans, bold (titles).
pub const BOLD: &[u8] = include_bytes!("DejaVuSans-Bold.ttf");

/// Width in pixels of `s` at `px` pixels per em (no kerning: close enough
/// for layout).
pub fn width(s: &str, px: f64, bold: bool) -> f64 {
    let Ok(font) = FontRef::new(if bold { BOLD } else { REGULAR }) else {
        return 0.6 * px * s.chars().count() as f64;
    };
    let cmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(px as f32), LocationRef::default());
    s.chars()
        .map(|c| {
            cmap.map(c)
                .and_then(|g| metrics.advance_width(g))
                .map(f64::from)
                .unwrap_or(0.6 * px)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_grow_with_text_and_size() {
        let a = width("0.5", 13.0, false);
        assert!(a > 10.0 && a < 40.0, "{a}");
        assert!(width("0.55", 13.0, false) > a);
        assert!(width("0.5", 26.0, false) > 1.9 * a);
        assert!(width("Title", 13.0, true) > width("Title", 13.0, false));
        assert_eq!(width("", 13.0, false), 0.0);
    }
}
