//! Octave's display format for values (`x = 5`, aligned matrix columns).

/// `format short` / `format long`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DisplayFormat {
    #[default]
    Short,
    Long,
}

use super::Value;
/// Stub until the display branch lands.
pub fn display_named(name: &str, v: &Value, _fmt: DisplayFormat, _width: usize) -> String {
    format!("{name} = {v:?}\n")
}
/// Stub until the display branch lands.
pub fn disp(v: &Value, _fmt: DisplayFormat, _width: usize) -> String {
    format!("{v:?}\n")
}
