//! The figure model: flat descriptions of what a figure shows.
//!
//! Every artist holds copies of the numbers it draws (value semantics:
//! plotting `x` and then changing `x` leaves the figure as it was). No
//! artist points at another object; graphics handles are figure numbers
//! and axes numbers (`Figure::axes` index + 1), as in Octave.

use crate::value::Value;

/// An sRGB colour with components in 0..=1 (MATLAB's `[r g b]`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rgb(pub f64, pub f64, pub f64);

impl Rgb {
    pub const BLACK: Rgb = Rgb(0.0, 0.0, 0.0);
    pub const WHITE: Rgb = Rgb(1.0, 1.0, 1.0);
    /// MATLAB's axes colour for a figure background (`[0.94 0.94 0.94]` on
    /// screen; printed figures are white, which flatlab always uses).
    pub const FIGURE: Rgb = Rgb(1.0, 1.0, 1.0);
    /// The default axis line and tick label colour, `[0.15 0.15 0.15]`.
    pub const AXIS: Rgb = Rgb(0.15, 0.15, 0.15);

    /// `#rrggbb`.
    pub fn hex(&self) -> String {
        let c = |v: f64| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        format!("#{:02x}{:02x}{:02x}", c(self.0), c(self.1), c(self.2))
    }
    /// 8-bit components.
    pub fn bytes(&self) -> [u8; 3] {
        let c = |v: f64| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        [c(self.0), c(self.1), c(self.2)]
    }
}

/// MATLAB's default `ColorOrder` (R2014b and later): the colours successive
/// lines take in one axes. (0.3010 is MATLAB's sixth colour, not log10(2).)
#[allow(clippy::approx_constant)]
pub const COLOR_ORDER: [Rgb; 7] = [
    Rgb(0.0, 0.4470, 0.7410),
    Rgb(0.8500, 0.3250, 0.0980),
    Rgb(0.9290, 0.6940, 0.1250),
    Rgb(0.4940, 0.1840, 0.5560),
    Rgb(0.4660, 0.6740, 0.1880),
    Rgb(0.3010, 0.7450, 0.9330),
    Rgb(0.6350, 0.0780, 0.1840),
];

/// A figure window: what `figure(n)` makes and `print` renders.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// The figure's number, its handle.
    pub number: u32,
    /// `Name` property ("" by default).
    pub name: String,
    /// `Position` `[left bottom width height]` in pixels; the rendered
    /// size is `width x height` at 96 dpi... scaled by print's `-r`.
    pub position: [f64; 4],
    /// Background colour.
    pub color: Rgb,
    /// The figure's colormap, `n x 3` (default parula with 256 entries,
    /// built by `colormap` functions; an empty map means the default).
    pub colormap: Vec<Rgb>,
    /// Axes in creation order; handles are `Axes::handle`.
    pub axes: Vec<Axes>,
    /// Index into `axes` of the current axes (`gca`), if any.
    pub current: Option<usize>,
    /// Next axes handle to hand out in this figure.
    pub next_axes_handle: u32,
    /// Properties kept only to be read back (`Visible`, `PaperType`,
    /// `CloseRequestFcn`...), lower-case names; see `builtins::plot::props`.
    pub extra: Vec<(String, Value)>,
}

/// Default figure position in pixels: MATLAB's `[left bottom 560 420]`.
pub const DEFAULT_FIGURE_POSITION: [f64; 4] = [100.0, 100.0, 560.0, 420.0];

impl Figure {
    /// A new empty figure numbered `number`.
    pub fn new(number: u32) -> Figure {
        Figure {
            number,
            name: String::new(),
            position: DEFAULT_FIGURE_POSITION,
            color: Rgb::FIGURE,
            colormap: Vec::new(),
            axes: Vec::new(),
            current: None,
            next_axes_handle: 1,
            extra: Vec::new(),
        }
    }

    /// Width and height in pixels.
    pub fn size(&self) -> (f64, f64) {
        (self.position[2].max(1.0), self.position[3].max(1.0))
    }
}

/// Linear or logarithmic axis scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Scale {
    #[default]
    Linear,
    Log,
}

/// Where `legend` puts its box (`Location`); `NorthEast` by default.
#[derive(Clone, Debug, PartialEq)]
pub struct Legend {
    /// MATLAB's location name, lower case (`northeast`, `southwest`,
    /// `best`, `northeastoutside`...).
    pub location: String,
    pub visible: bool,
}

/// One axes: a coordinate system and what is drawn in it.
#[derive(Clone, Debug, PartialEq)]
pub struct Axes {
    /// Handle number within the figure (1, 2, ...), stable across edits.
    pub handle: u32,
    /// `Position` `[left bottom width height]`, normalized to the figure.
    pub position: [f64; 4],
    /// `(rows, cols, index)` when made by `subplot`, so the same call
    /// selects it again.
    pub subplot: Option<(u32, u32, u32)>,
    pub title: String,
    pub xlabel: String,
    pub ylabel: String,
    pub zlabel: String,
    /// Explicit limits (`xlim`, `axis`); `None` is automatic.
    pub xlim: Option<[f64; 2]>,
    pub ylim: Option<[f64; 2]>,
    pub zlim: Option<[f64; 2]>,
    /// Colour limits for scaled images and surfaces; `None` is automatic.
    pub clim: Option<[f64; 2]>,
    pub xscale: Scale,
    pub yscale: Scale,
    /// Explicit tick positions (`xticks`); `None` is automatic.
    pub xticks: Option<Vec<f64>>,
    pub yticks: Option<Vec<f64>>,
    /// Explicit tick labels (`xticklabels`); `None` formats the positions.
    pub xticklabels: Option<Vec<String>>,
    pub yticklabels: Option<Vec<String>>,
    /// `grid on` (major grid lines on both axes).
    pub grid: bool,
    /// `box on` (axes outline on all four sides; MATLAB's 2-D default is
    /// off, Octave's on; flatlab draws it, as Octave does).
    pub boxed: bool,
    /// `hold on`: new plots add to the axes instead of replacing them.
    pub hold: bool,
    /// `axis equal`: one data unit is as long on x as on y.
    pub equal: bool,
    /// `axis tight`: automatic limits fit the data exactly.
    pub tight: bool,
    /// `axis ij` (images): y grows downwards.
    pub y_reversed: bool,
    /// `axis off` hides the axis lines, ticks and labels.
    pub visible: bool,
    /// `colorbar` shown at the right.
    pub colorbar: bool,
    pub legend: Option<Legend>,
    /// Tick label font size in points (MATLAB's default 10).
    pub font_size: f64,
    /// `(azimuth, elevation)` in degrees for a 3-D view (`surf`, `mesh`,
    /// `view`); `None` is the 2-D view.
    pub view: Option<(f64, f64)>,
    /// Index into `COLOR_ORDER` of the next line's colour.
    pub next_color: usize,
    /// What is drawn, in drawing order.
    pub children: Vec<Artist>,
    /// The text properties of the title and the x, y and z labels (in
    /// that order; their strings are `title`, `xlabel`...).
    pub labels: [LabelStyle; 4],
    /// Properties kept only to be read back (`FontName`,
    /// `TitleFontSizeMultiplier`...), lower-case names.
    pub extra: Vec<(String, Value)>,
}

/// Text properties of an axes' title or label: `None` follows the axes
/// (colour by kind, size from the axes' font size and multiplier).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct LabelStyle {
    pub color: Option<Rgb>,
    pub font_size: Option<f64>,
    /// Set from a cell array: `get(h, 'String')` gives a cell column.
    pub cell: bool,
}

/// MATLAB's default axes position in a figure, normalized.
pub const DEFAULT_AXES_POSITION: [f64; 4] = [0.13, 0.11, 0.775, 0.815];

impl Axes {
    /// Empty axes with the given handle and normalized position.
    pub fn new(handle: u32, position: [f64; 4]) -> Axes {
        Axes {
            handle,
            position,
            subplot: None,
            title: String::new(),
            xlabel: String::new(),
            ylabel: String::new(),
            zlabel: String::new(),
            xlim: None,
            ylim: None,
            zlim: None,
            clim: None,
            xscale: Scale::Linear,
            yscale: Scale::Linear,
            xticks: None,
            yticks: None,
            xticklabels: None,
            yticklabels: None,
            grid: false,
            boxed: true,
            hold: false,
            equal: false,
            tight: false,
            y_reversed: false,
            visible: true,
            colorbar: false,
            legend: None,
            font_size: 10.0,
            view: None,
            next_color: 0,
            children: Vec::new(),
            labels: Default::default(),
            extra: Vec::new(),
        }
    }

    /// Forget what is drawn and the automatic state, as a new plot without
    /// `hold on` does (labels and title go too, as in MATLAB's `cla` by
    /// a high-level plot function: MATLAB resets them; Octave keeps
    /// them... flatlab follows MATLAB).
    pub fn reset_for_plot(&mut self) {
        let keep = (self.handle, self.position, self.subplot);
        *self = Axes::new(keep.0, keep.1);
        self.subplot = keep.2;
    }

    /// The colour the next line takes from the colour order (and advance).
    pub fn take_color(&mut self) -> Rgb {
        let c = COLOR_ORDER[self.next_color % COLOR_ORDER.len()];
        self.next_color += 1;
        c
    }
}

/// Something drawn in an axes.
#[derive(Clone, Debug, PartialEq)]
pub enum Artist {
    Line(Line),
    Patch(Patch),
    Image(Image),
    Surface(Surface),
    Text(Text),
}

impl Artist {
    /// MATLAB's `Type` property: "line", "patch", "image", "surface", "text".
    pub fn type_name(&self) -> &'static str {
        match self {
            Artist::Line(_) => "line",
            Artist::Patch(_) => "patch",
            Artist::Image(_) => "image",
            Artist::Surface(_) => "surface",
            Artist::Text(_) => "text",
        }
    }
    /// `DisplayName`, shown by `legend`.
    pub fn display_name(&self) -> Option<&str> {
        match self {
            Artist::Line(l) => Some(&l.name),
            Artist::Patch(p) => Some(&p.name),
            Artist::Surface(s) => Some(&s.name),
            _ => None,
        }
    }
}

/// Line style of a `Line` (`'-'`, `'--'`, `':'`, `'-.'`, `'none'`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LineStyle {
    #[default]
    Solid,
    Dashed,
    Dotted,
    DashDot,
    None,
}

impl LineStyle {
    /// MATLAB's spelling.
    pub fn spec(&self) -> &'static str {
        match self {
            LineStyle::Solid => "-",
            LineStyle::Dashed => "--",
            LineStyle::Dotted => ":",
            LineStyle::DashDot => "-.",
            LineStyle::None => "none",
        }
    }
    /// Parse MATLAB's spelling.
    pub fn parse(s: &str) -> Option<LineStyle> {
        Some(match s {
            "-" => LineStyle::Solid,
            "--" => LineStyle::Dashed,
            ":" => LineStyle::Dotted,
            "-." => LineStyle::DashDot,
            "none" => LineStyle::None,
            _ => return None,
        })
    }
}

/// Marker of a `Line` (MATLAB's marker characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Marker {
    #[default]
    None,
    /// `o`
    Circle,
    /// `+`
    Plus,
    /// `*`
    Star,
    /// `.`
    Point,
    /// `x`
    Cross,
    /// `s`
    Square,
    /// `d`
    Diamond,
    /// `^`
    TriangleUp,
    /// `v`
    TriangleDown,
    /// `>`
    TriangleRight,
    /// `<`
    TriangleLeft,
    /// `p`
    Pentagram,
    /// `h`
    Hexagram,
}

impl Marker {
    /// MATLAB's spelling ("none" for no marker).
    pub fn spec(&self) -> &'static str {
        match self {
            Marker::None => "none",
            Marker::Circle => "o",
            Marker::Plus => "+",
            Marker::Star => "*",
            Marker::Point => ".",
            Marker::Cross => "x",
            Marker::Square => "s",
            Marker::Diamond => "d",
            Marker::TriangleUp => "^",
            Marker::TriangleDown => "v",
            Marker::TriangleRight => ">",
            Marker::TriangleLeft => "<",
            Marker::Pentagram => "p",
            Marker::Hexagram => "h",
        }
    }
    /// Parse a marker character or MATLAB's long names (`'square'`...).
    pub fn parse(s: &str) -> Option<Marker> {
        Some(match s {
            "none" => Marker::None,
            "o" => Marker::Circle,
            "+" => Marker::Plus,
            "*" => Marker::Star,
            "." => Marker::Point,
            "x" => Marker::Cross,
            "s" | "square" => Marker::Square,
            "d" | "diamond" => Marker::Diamond,
            "^" => Marker::TriangleUp,
            "v" => Marker::TriangleDown,
            ">" => Marker::TriangleRight,
            "<" => Marker::TriangleLeft,
            "p" | "pentagram" => Marker::Pentagram,
            "h" | "hexagram" => Marker::Hexagram,
            _ => return None,
        })
    }
}

/// A polyline with optional markers (`plot`, `semilogx`, `stairs`, `stem`,
/// `errorbar` bars, `contour` levels). NaN in `x` or `y` breaks the line.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    /// Present for 3-D lines (`plot3`); projected by the axes' view.
    pub z: Option<Vec<f64>>,
    pub color: Rgb,
    /// `LineWidth` in points (default 0.5).
    pub width: f64,
    pub style: LineStyle,
    pub marker: Marker,
    /// `MarkerSize` in points (default 6).
    pub marker_size: f64,
    /// `MarkerFaceColor`; `None` is hollow.
    pub marker_face: Option<Rgb>,
    /// `MarkerEdgeColor`; `None` is the line colour.
    pub marker_edge: Option<Rgb>,
    /// `DisplayName`, for `legend`.
    pub name: String,
}

impl Line {
    /// A solid line of the given colour, MATLAB's defaults otherwise.
    pub fn new(x: Vec<f64>, y: Vec<f64>, color: Rgb) -> Line {
        Line {
            x,
            y,
            z: None,
            color,
            width: 0.5,
            style: LineStyle::Solid,
            marker: Marker::None,
            marker_size: 6.0,
            marker_face: None,
            marker_edge: None,
            name: String::new(),
        }
    }
}

/// Filled polygons (`bar`, `area`, `fill`, `histogram`, `contourf`): each
/// polygon is a run of vertices, polygons separated by NaN in `x`/`y`.
#[derive(Clone, Debug, PartialEq)]
pub struct Patch {
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    /// Fill colour of each polygon (one entry for all, or one per
    /// polygon); empty is no fill (`'none'`).
    pub face: Vec<Rgb>,
    /// Edge colour; `None` is no edge.
    pub edge: Option<Rgb>,
    pub edge_width: f64,
    /// `FaceAlpha` in 0..=1.
    pub face_alpha: f64,
    pub name: String,
}

/// Pixel data of an image.
#[derive(Clone, Debug, PartialEq)]
pub enum ImageData {
    /// One value per pixel, column-major `rows x cols`, mapped through the
    /// figure's colormap: scaled to the axes' colour limits (`imagesc`), or
    /// direct 1-based indices (`image` of a matrix).
    Indexed { values: Vec<f64>, scaled: bool },
    /// True colour, column-major `rows x cols x 3`, components in 0..=1
    /// (uint8 data is divided by 255 when the image is made).
    Rgb(Vec<f64>),
}

/// An image (`image`, `imagesc`, `imshow`): pixel (r, c) covers the cell
/// centred on `(x[0] + (c-1)*dx, y[0] + (r-1)*dy)` where `x`/`y` are the
/// centres of the first and last columns/rows (MATLAB's `XData`/`YData`).
#[derive(Clone, Debug, PartialEq)]
pub struct Image {
    pub rows: usize,
    pub cols: usize,
    pub x: [f64; 2],
    pub y: [f64; 2],
    pub data: ImageData,
}

/// A surface over a grid (`surf`, `mesh`), `rows x cols`, column-major,
/// drawn projected through the axes' view.
#[derive(Clone, Debug, PartialEq)]
pub struct Surface {
    pub rows: usize,
    pub cols: usize,
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    pub z: Vec<f64>,
    /// Colour data (defaults to `z`), mapped through the colormap.
    pub c: Vec<f64>,
    /// Faces filled from the colormap (`surf`) or left empty (`mesh`).
    pub filled: bool,
    /// Edge colour; `None` colours edges from the colormap (`mesh`).
    pub edge: Option<Rgb>,
    pub name: String,
}

/// Text at a data position (`text`).
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    pub x: f64,
    pub y: f64,
    pub text: String,
    pub color: Rgb,
    /// Font size in points.
    pub font_size: f64,
    /// `HorizontalAlignment`: "left" (default), "center", "right".
    pub align: String,
    /// The string was given as a cell array: `get(h, 'String')` gives a
    /// cell column of the lines (else a char row or char matrix).
    pub cell: bool,
}
