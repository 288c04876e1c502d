//! MATLAB line specifications (`'r--o'`) and colour names.

use super::model::{LineStyle, Marker, Rgb};

/// What a line specification sets; unset parts keep their defaults.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LineSpec {
    pub color: Option<Rgb>,
    pub style: Option<LineStyle>,
    pub marker: Option<Marker>,
}

/// The colour a MATLAB colour letter or name stands for (`'r'`, `'red'`).
pub fn color_name(s: &str) -> Option<Rgb> {
    Some(match s.to_ascii_lowercase().as_str() {
        "r" | "red" => Rgb(1.0, 0.0, 0.0),
        "g" | "green" => Rgb(0.0, 1.0, 0.0),
        "b" | "blue" => Rgb(0.0, 0.0, 1.0),
        "c" | "cyan" => Rgb(0.0, 1.0, 1.0),
        "m" | "magenta" => Rgb(1.0, 0.0, 1.0),
        "y" | "yellow" => Rgb(1.0, 1.0, 0.0),
        "k" | "black" => Rgb::BLACK,
        "w" | "white" => Rgb::WHITE,
        _ => return None,
    })
}

/// Parse a line specification such as `'r--o'`, `':'`, `'*'`, `'k-.'`.
/// `None` when the text is not one (so the caller can read it as a
/// property name instead, as MATLAB does).
pub fn parse(s: &str) -> Option<LineSpec> {
    if s.is_empty() {
        return None;
    }
    let mut spec = LineSpec::default();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let rest = &s[i..];
        let (take, what) = if rest.starts_with("--") {
            (2, Part::Style(LineStyle::Dashed))
        } else if rest.starts_with("-.") {
            (2, Part::Style(LineStyle::DashDot))
        } else {
            match b[i] {
                b'-' => (1, Part::Style(LineStyle::Solid)),
                b':' => (1, Part::Style(LineStyle::Dotted)),
                c @ (b'r' | b'g' | b'b' | b'c' | b'm' | b'y' | b'k' | b'w') => {
                    (1, Part::Color(color_name(&(c as char).to_string())?))
                }
                c => (1, Part::Marker(Marker::parse(&(c as char).to_string())?)),
            }
        };
        match what {
            Part::Style(st) if spec.style.is_none() => spec.style = Some(st),
            Part::Color(c) if spec.color.is_none() => spec.color = Some(c),
            Part::Marker(m) if spec.marker.is_none() => spec.marker = Some(m),
            _ => return None,
        }
        i += take;
    }
    Some(spec)
}

enum Part {
    Style(LineStyle),
    Color(Rgb),
    Marker(Marker),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_colour_style_and_marker_in_any_order() {
        let s = parse("r--o").unwrap();
        assert_eq!(s.color, Some(Rgb(1.0, 0.0, 0.0)));
        assert_eq!(s.style, Some(LineStyle::Dashed));
        assert_eq!(s.marker, Some(Marker::Circle));
        let s = parse("o-.k").unwrap();
        assert_eq!(s.style, Some(LineStyle::DashDot));
        assert_eq!(s.color, Some(Rgb::BLACK));
        let s = parse("*").unwrap();
        assert_eq!(
            (s.marker, s.style, s.color),
            (Some(Marker::Star), None, None)
        );
        assert_eq!(parse(":").unwrap().style, Some(LineStyle::Dotted));
    }

    #[test]
    fn property_names_are_not_specs() {
        assert_eq!(parse("LineWidth"), None);
        assert_eq!(parse("Color"), None);
        assert_eq!(parse("rr"), None);
        assert_eq!(parse(""), None);
    }
}
