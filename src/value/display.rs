//! Octave's display format for values (`x = 5`, aligned matrix columns).

/// `format short` / `format long`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DisplayFormat {
    #[default]
    Short,
    Long,
}
