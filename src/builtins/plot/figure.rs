//! Figures and axes: `figure`, `close`, `clf`, `cla`, `hold`, `subplot`,
//! `gcf`, `gca`, and what decorates an axes: `title`, `xlabel`...,
//! `legend`, `grid`, `box`, `axis`, `xlim`..., `xticks`..., `colorbar`,
//! `view`, `caxis`/`clim`.

use super::{
    axes_arg, axes_handle, axes_mut, current_axes_ids, data_range, fig_mut, label_text, limits,
    nums, on_off, pairs, resolve, text_of, word, Target,
};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::graphics::model::{Artist, Axes, ImageData, Legend, Scale, DEFAULT_AXES_POSITION};
use crate::graphics::Graphics;
use crate::value::Value;

/// figure: create a figure or make one current.
///
/// `h = figure()` opens a new figure with the lowest free number, makes it
/// current and returns its handle (its number).
///
/// `figure(n)` makes figure `n` current, opening it if needed; `n` must be
/// a positive integer.
///
/// `figure(..., 'Name', value)` sets figure properties (`Name`,
/// `Position`, `Color`, `Colormap`, `Visible`...).
///
/// ```text
/// >> h = figure(4)
/// h = 4
/// ```
pub fn figure(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    let g = &mut ctx.state.graphics;
    let mut n = None;
    if let Some(v) = args.first() {
        if super::is_data(v) {
            let x = v.scalar_f64("figure")?;
            if !(x >= 1.0 && x.fract() == 0.0 && x <= u32::MAX as f64) {
                return Err(Error::new(
                    "figure: N must be figure handle or figure number",
                ));
            }
            n = Some(x as u32);
            args.remove(0);
        }
    }
    let props = pairs("figure", &args)?;
    let n = g.new_figure(n);
    for (name, v) in props {
        super::props::set_one(g, Target::Figure(n), &name, &v)?;
    }
    Ok(if ctx.nargout > 0 {
        vec![Value::num(n as f64)]
    } else {
        vec![]
    })
}

/// close: close figures.
///
/// `close` closes the current figure; `close(h)` the figures whose handles
/// are in `h`; `close('name')` the figures with that `Name`; `close all`
/// every figure.
///
/// `close(..., 'force')` closes even a figure whose `CloseRequestFcn` is
/// empty (`[]`), which plain `close` leaves open; `'hidden'` is accepted.
///
/// ```text
/// >> h = figure(); close(h); isfigure(h)
/// ans = 0
/// ```
pub fn close(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if args.len() > 2 {
        return Err(Error::new("Invalid call to close"));
    }
    let force = match args.get(1) {
        None => false,
        Some(v) => match text_of(v).map(|s| s.trim().to_ascii_lowercase()).as_deref() {
            Some("force") => true,
            Some("hidden") => false,
            _ => {
                return Err(Error::new(
                    "close: second argument must be \"hidden\" or \"force\"",
                ))
            }
        },
    };
    let g = &mut ctx.state.graphics;
    let targets: Vec<u32> = match args.first() {
        None => g.current_number().into_iter().collect(),
        Some(v) if text_of(v).is_some() => {
            let s = text_of(v).unwrap_or_default();
            if s.trim().eq_ignore_ascii_case("all") {
                g.figures.keys().copied().collect()
            } else {
                g.figures
                    .iter()
                    .filter(|(_, f)| f.name == s)
                    .map(|(&n, _)| n)
                    .collect()
            }
        }
        Some(Value::Num(a)) => {
            let mut out = Vec::new();
            for &h in a.data() {
                match resolve(g, h) {
                    Some(Target::Figure(n)) => out.push(n),
                    _ => return Err(close_arg()),
                }
            }
            out
        }
        Some(_) => return Err(close_arg()),
    };
    for n in targets {
        // A figure whose CloseRequestFcn is empty stays open unless forced.
        let refuses = g.figures.get(&n).is_some_and(|f| {
            f.extra
                .iter()
                .any(|(k, v)| k == "closerequestfcn" && v.is_empty())
        });
        if force || !refuses {
            g.close(n);
        }
    }
    Ok(if ctx.nargout > 0 {
        vec![Value::num(1.0)]
    } else {
        vec![]
    })
}

fn close_arg() -> Error {
    Error::new("close: first argument must be \"all\", a figure handle, or a figure name")
}

/// clf: clear the current figure.
///
/// `clf` removes every axes (and what they show) from the current figure;
/// `clf(h)` from figure `h`. Figure properties stay.
///
/// `clf reset` (or `clf(h, 'reset')`) also resets the figure's properties
/// (name, colormap, kept properties such as `PaperType`) to their defaults.
///
/// ```text
/// >> plot(1:3); clf; isempty(get(gcf, 'children'))
/// ans = 1
/// ```
pub fn clf(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let reset = match args.first() {
        Some(v) if text_of(v).is_some() => word("clf", v)? == "reset",
        _ => false,
    };
    let g = &mut ctx.state.graphics;
    let f = match args.first().filter(|v| super::is_data(v)) {
        Some(v) => match resolve(g, v.scalar_f64("clf")?) {
            Some(Target::Figure(n)) => fig_mut(g, n),
            _ => return Err(super::invalid_handle("clf")),
        },
        None => g.gcf(),
    };
    f.axes.clear();
    f.current = None;
    if reset {
        f.colormap.clear();
        f.name.clear();
        f.extra.clear();
    }
    let n = f.number;
    Ok(if ctx.nargout > 0 {
        vec![Value::num(n as f64)]
    } else {
        vec![]
    })
}

/// cla: clear the current axes.
///
/// `cla` deletes the lines, patches, surfaces, images and text plotted in
/// the current axes; the axes themselves, their labels and limits stay.
/// The next plot starts again at the first colour of the color order.
///
/// `cla(ax)` clears the axes ax instead.
///
/// ```text
/// >> plot(1:3); hold on; plot(3:-1:1); cla; numel(get(gca, 'children')), close all
/// ans = 0
/// ```
pub fn cla(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    let ids = axes_arg(&mut ctx.state.graphics, &mut args);
    let a = axes_mut(&mut ctx.state.graphics, ids);
    a.children.clear();
    a.next_color = 0;
    Ok(vec![])
}

/// hold: keep or replace the axes' content on the next plot.
///
/// `hold on` makes later plotting commands add to the current axes;
/// `hold off` (the default) makes each new plot replace what is there.
/// `hold all` is the same as `hold on`. `hold` alone toggles the state.
///
/// `hold(ax, 'on')` and `hold(ax, 'off')` set the state of the axes ax.
///
/// ```text
/// >> plot(1:3); hold on; plot(3:-1:1); numel(get(gca, 'children')), close all
/// ans = 2
/// ```
pub fn hold(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    let ids = axes_arg(&mut ctx.state.graphics, &mut args);
    let a = axes_mut(&mut ctx.state.graphics, ids);
    match args.first() {
        None => a.hold = !a.hold,
        Some(v) => match word("hold", v)?.as_str() {
            "on" | "all" => a.hold = true,
            "off" => a.hold = false,
            w => {
                return Err(Error::new(format!(
                    "hold: unknown option '{w}' (use 'on' or 'off')"
                )))
            }
        },
    }
    Ok(vec![])
}

/// ishold: whether hold is on.
///
/// `tf = ishold` is true when `hold on` is in effect for the current axes
/// (false when no figure is open). `tf = ishold(ax)` tests the axes ax,
/// and `tf = ishold(fig)` the current axes of figure fig.
///
/// ```text
/// >> figure; hold on; ishold, hold off; ishold, close all
/// ans = 1
/// ans = 0
/// ```
pub fn ishold(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    let g = &mut ctx.state.graphics;
    let held = match g.current_number().and_then(|n| g.figures.get(&n)) {
        Some(f) if args.is_empty() => f
            .current
            .and_then(|i| f.axes.get(i))
            .is_some_and(|a| a.hold),
        None if args.is_empty() => false,
        _ => {
            let ids = axes_arg(g, &mut args);
            axes_mut(g, ids).hold
        }
    };
    Ok(vec![Value::bool(held)])
}

/// MATLAB's subplot tiling: the normalized position of the cells `cells`
/// (1-based, row-major) of an `m x n` grid.
pub(crate) fn subplot_position(m: u32, n: u32, cells: &[u32]) -> [f64; 4] {
    let def = DEFAULT_AXES_POSITION;
    // Insets of each cell (left, bottom, right, top) as fractions of it.
    let inset = [0.2, 0.18, 0.04, 0.1];
    let (m, n) = (m as f64, n as f64);
    let width = def[2] / (n - inset[0] - inset[2]);
    let height = def[3] / (m - inset[1] - inset[3]);
    let ins = [
        inset[0] * width,
        inset[1] * height,
        inset[2] * width,
        inset[3] * height,
    ];
    let rows: Vec<f64> = cells
        .iter()
        .map(|&p| (m - 1.0) - ((p - 1) as f64 / n).floor())
        .collect();
    let cols: Vec<f64> = cells.iter().map(|&p| ((p - 1) as f64) % n).collect();
    let (rmin, rmax) = minmax(&rows);
    let (cmin, cmax) = minmax(&cols);
    let outer = [
        def[0] + cmin * width - ins[0],
        def[1] + rmin * height - ins[1],
        width * (cmax - cmin + 1.0),
        height * (rmax - rmin + 1.0),
    ];
    [
        outer[0] + ins[0],
        outer[1] + ins[1],
        outer[2] - ins[0] - ins[2],
        outer[3] - ins[1] - ins[3],
    ]
}

fn minmax(v: &[f64]) -> (f64, f64) {
    v.iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        })
}

/// subplot: axes in a grid of the current figure.
///
/// `h = subplot(m, n, p)` (or `subplot(mnp)`) makes the axes in cell `p`
/// (counted along rows) of an `m x n` grid current, creating them (and
/// deleting the axes they overlap) if needed; a vector `p` spans several
/// cells. `subplot('position', [left bottom width height])` does the same
/// at a normalized position.
///
/// ```text
/// >> h = subplot(2, 1, 1); isaxes(h)
/// ans = 1
/// ```
pub fn subplot(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if args
        .first()
        .and_then(text_of)
        .is_some_and(|w| w.eq_ignore_ascii_case("position"))
    {
        let p = match args.get(1) {
            Some(v) if super::is_data(v) => nums("subplot", v)?.data().to_vec(),
            _ => Vec::new(),
        };
        let pos: [f64; 4] = match p.as_slice() {
            [a, b, c, d] if *c > 0.0 && *d > 0.0 && p.iter().all(|x| x.is_finite()) => {
                [*a, *b, *c, *d]
            }
            _ => {
                return Err(Error::new(
                    "subplot: POSITION must be a 4-element vector [left bottom width height]",
                ))
            }
        };
        return subplot_at(ctx, pos, None);
    }
    let bad = || Error::new("subplot: use subplot(m, n, p) with p between 1 and m*n");
    let (m, n, cells) = match args.len() {
        1 => {
            let x = args[0].scalar_f64("subplot")?;
            if !(111.0..=999.0).contains(&x) || x.fract() != 0.0 {
                return Err(bad());
            }
            let x = x as u32;
            (x / 100, (x / 10) % 10, vec![x % 10])
        }
        3.. => {
            let m = args[0].scalar_f64("subplot")?;
            let n = args[1].scalar_f64("subplot")?;
            let p = nums("subplot", &args[2])?;
            let ok = |x: f64| x >= 1.0 && x.fract() == 0.0 && x < 1e4;
            if !ok(m) || !ok(n) || p.is_empty() || !p.data().iter().all(|&x| ok(x)) {
                return Err(bad());
            }
            let cells: Vec<u32> = p.data().iter().map(|&x| x as u32).collect();
            (m as u32, n as u32, cells)
        }
        _ => return Err(bad()),
    };
    if m == 0 || n == 0 || cells.iter().any(|&p| p == 0 || p > m * n) {
        return Err(Error::new(format!(
            "subplot: index exceeds the number of subplots ({m}*{n})"
        )));
    }
    let pos = subplot_position(m, n, &cells);
    subplot_at(ctx, pos, Some((m, n, cells[0])))
}

/// Select the axes of figure's at `pos`, or make them (deleting the axes
/// they overlap); `cell` is the grid cell of `subplot(m, n, p)`.
fn subplot_at(ctx: &mut Ctx, pos: [f64; 4], cell: Option<(u32, u32, u32)>) -> Result<Vec<Value>> {
    let g = &mut ctx.state.graphics;
    let f = g.gcf();
    let fig = f.number;
    let same = |a: &Axes| {
        a.position
            .iter()
            .zip(pos)
            .all(|(x, y)| (x - y).abs() < 1e-9)
    };
    let idx = match f.axes.iter().position(same) {
        Some(i) => i,
        None => {
            // New axes replace the ones they overlap, as in MATLAB.
            let overlaps = |a: &Axes| {
                let p = a.position;
                p[0] < pos[0] + pos[2] - 1e-9
                    && pos[0] < p[0] + p[2] - 1e-9
                    && p[1] < pos[1] + pos[3] - 1e-9
                    && pos[1] < p[1] + p[3] - 1e-9
            };
            f.axes.retain(|a| !overlaps(a));
            let h = f.next_axes_handle;
            f.next_axes_handle += 1;
            let mut a = Axes::new(h, pos);
            a.subplot = cell;
            f.axes.push(a);
            f.axes.len() - 1
        }
    };
    f.current = Some(idx);
    let h = axes_handle(fig, f.axes[idx].handle);
    Ok(if ctx.nargout > 0 {
        vec![Value::num(h)]
    } else {
        vec![]
    })
}

/// gcf: the handle of the current figure.
///
/// `h = gcf` returns the handle of the current figure, the one plotting
/// commands draw into; when no figure is open, a new one is made. Figure
/// handles are integers: `figure(n)` makes figure n the current one.
///
/// ```text
/// >> h = figure; gcf == h, isfigure(gcf), close all
/// ans = 1
/// ans = 1
/// ```
pub fn gcf(ctx: &mut Ctx, _args: Vec<Value>) -> Result<Vec<Value>> {
    let g = &mut ctx.state.graphics;
    let n = match g.current_number() {
        Some(n) => n,
        None => g.gcf().number,
    };
    Ok(vec![Value::num(n as f64)])
}

/// gca: the handle of the current axes.
///
/// `ax = gca` returns the handle of the current axes of the current figure,
/// the axes plotting commands draw into; when there is none, a figure and
/// axes are made. Read and change its properties with `get` and `set`.
///
/// ```text
/// >> h = figure; ax = gca; isaxes(ax), get(ax, 'parent') == h, close all
/// ans = 1
/// ans = 1
/// >> plot([1 4 2]); get(gca, 'xlim'), close all
/// ans =
///
///    1   3
///
/// ```
pub fn gca(ctx: &mut Ctx, _args: Vec<Value>) -> Result<Vec<Value>> {
    let h = super::current_axes(&mut ctx.state.graphics);
    Ok(vec![Value::num(h)])
}

/// Which label a label builtin sets.
#[derive(Clone, Copy)]
enum Label {
    Title,
    X,
    Y,
    Z,
}

fn set_label(ctx: &mut Ctx, mut args: Vec<Value>, which: Label, fname: &str) -> Result<Vec<Value>> {
    let g = &mut ctx.state.graphics;
    let ids = axes_arg(g, &mut args);
    let Some(first) = args.first() else {
        return Err(Error::new(format!("Invalid call to {fname}")));
    };
    if args.len() % 2 == 0 {
        return Err(Error::new(format!("Invalid call to {fname}")));
    }
    let first = first.clone();
    let props = pairs(fname, &args[1..])?;
    let w = which as usize;
    let a = axes_mut(g, ids);
    // Check every property on a copy before changing the axes.
    let mut edited = a.clone();
    edited.labels[w] = Default::default();
    super::props::set_label_prop(fname, &mut edited, w, "String", &first)?;
    for (name, v) in &props {
        super::props::set_label_prop(fname, &mut edited, w, name, v)?;
    }
    *a = edited;
    let h = super::label_handle(ids.0, a.handle, w);
    Ok(if ctx.nargout > 0 {
        vec![Value::num(h)]
    } else {
        vec![]
    })
}

/// title: set the title of the current axes.
///
/// `h = title(str)` sets the title (a char row, a char matrix or a cell
/// array for several lines) and returns the handle of the title's text
/// object.
///
/// `title(hax, str)` titles axes `hax`; `title(..., 'Name', value)` sets
/// text properties (`FontSize`, `Color`...). The font size follows the
/// axes' `FontSize` times `TitleFontSizeMultiplier` unless set.
///
/// ```text
/// >> h = title('T'); get(h, 'string')
/// ans = T
/// ```
pub fn title(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    set_label(ctx, args, Label::Title, "title")
}
/// xlabel: label the x axis of the current axes.
///
/// `h = xlabel(str)` sets the label and returns the handle of its text
/// object; `xlabel(hax, str)` labels axes `hax`; `xlabel(..., 'Name',
/// value)` sets text properties. The font size follows the axes'
/// `FontSize` times `LabelFontSizeMultiplier` unless set.
///
/// ```text
/// >> h = xlabel('time'); get(h, 'fontsize')
/// ans = 11
/// ```
pub fn xlabel(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    set_label(ctx, args, Label::X, "xlabel")
}
/// ylabel: label the y axis of the current axes.
///
/// `h = ylabel(str)` sets the label (a cell array gives several lines) and
/// returns the handle of its text object; `ylabel(hax, str)` labels axes
/// `hax`; `ylabel(..., 'Name', value)` sets text properties.
///
/// ```text
/// >> h = ylabel({'a', 'b'}); get(h, 'string')
/// ans =
/// {
///   [1,1] = a
///   [2,1] = b
/// }
///
/// ```
pub fn ylabel(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    set_label(ctx, args, Label::Y, "ylabel")
}
/// zlabel: label the z axis of the current axes.
///
/// `h = zlabel(str)` sets the label and returns the handle of its text
/// object (shown in 3-D views only); `zlabel(hax, str)` labels axes `hax`;
/// `zlabel(..., 'Name', value)` sets text properties.
///
/// ```text
/// >> h = zlabel('z'); get(h, 'type')
/// ans = text
/// ```
pub fn zlabel(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    set_label(ctx, args, Label::Z, "zlabel")
}

/// Whether an artist gets a legend entry.
fn legendable(a: &Artist) -> bool {
    matches!(a, Artist::Line(_) | Artist::Patch(_) | Artist::Surface(_))
}

fn set_display_name(a: &mut Artist, name: String) {
    match a {
        Artist::Line(l) => l.name = name,
        Artist::Patch(p) => p.name = name,
        Artist::Surface(s) => s.name = name,
        _ => {}
    }
}

const LOCATIONS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "northoutside",
    "southoutside",
    "eastoutside",
    "westoutside",
    "northeastoutside",
    "northwestoutside",
    "southeastoutside",
    "southwestoutside",
    "best",
    "bestoutside",
    "none",
];

/// legend: label the plotted data in a legend box.
///
/// `legend(label1, label2, ...)` or `legend({label1, label2, ...})` names
/// the lines, patches and surfaces of the current axes in plotting order
/// (each becomes the object's `DisplayName`) and shows the legend; extra
/// labels are ignored with a warning. `legend` alone shows the legend with
/// the objects' display names (data1, data2, ... for unnamed ones).
///
/// `legend(..., 'Location', loc)` places it: 'north', 'south', 'east',
/// 'west', 'northeast' (the default), 'northwest', 'southeast',
/// 'southwest', their '...outside' forms, 'best' or 'none'.
///
/// `legend off` removes the legend; `legend hide`, `legend show` and
/// `legend toggle` hide and show it. `legend(ax, ...)` works on the axes
/// ax.
///
/// ```text
/// >> h = plot(1:3); legend('up'); get(h, 'displayname'), close all
/// ans = up
/// ```
pub fn legend(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    let g = &mut ctx.state.graphics;
    let ids = axes_arg(g, &mut args);
    let a = axes_mut(g, ids);
    let mut names: Vec<String> = Vec::new();
    let mut location = None;
    let mut i = 0;
    while i < args.len() {
        let v = &args[i];
        if let Value::Cell(c) = v {
            for e in c.data() {
                names.push(label_text("legend", e)?);
            }
            i += 1;
            continue;
        }
        let Some(s) = text_of(v) else {
            if let Value::Char(_) = v {
                names.extend(
                    v.char_rows_of()
                        .unwrap_or_default()
                        .iter()
                        .map(|r| r.trim_end().to_string()),
                );
                i += 1;
                continue;
            }
            return Err(Error::new(
                "legend: labels must be strings or a cell array of strings",
            ));
        };
        let low = s.to_ascii_lowercase();
        if low == "location"
            || low == "orientation"
            || low == "fontsize"
            || low == "box"
            || low == "textcolor"
            || low == "autoupdate"
            || low == "numcolumns"
        {
            let Some(val) = args.get(i + 1) else {
                return Err(Error::new(format!("legend: property '{s}' needs a value")));
            };
            if low == "location" {
                let l = word("legend", val)?;
                if !LOCATIONS.contains(&l.as_str()) {
                    return Err(Error::new(format!("legend: unknown location '{l}'")));
                }
                location = Some(l);
            }
            i += 2;
            continue;
        }
        if args.len() == 1
            && matches!(
                low.as_str(),
                "off" | "hide" | "show" | "boxoff" | "boxon" | "toggle"
            )
        {
            match low.as_str() {
                "off" => a.legend = None,
                "hide" => {
                    if let Some(l) = a.legend.as_mut() {
                        l.visible = false;
                    }
                }
                "toggle" => match a.legend.as_mut() {
                    Some(l) => l.visible = !l.visible,
                    None => show_legend(a),
                },
                "show" => show_legend(a),
                _ => {
                    if a.legend.is_none() {
                        show_legend(a);
                    }
                }
            }
            return Ok(vec![]);
        }
        names.push(s);
        i += 1;
    }
    if !names.is_empty() {
        let mut it = names.into_iter();
        for c in a.children.iter_mut().filter(|c| legendable(c)) {
            match it.next() {
                Some(n) => set_display_name(c, n),
                None => break,
            }
        }
        if it.next().is_some() {
            crate::error::warn("legend: ignoring extra legend entries");
        }
    }
    show_legend(a);
    if let (Some(l), Some(loc)) = (a.legend.as_mut(), location) {
        l.location = loc;
    }
    let h = axes_handle(ids.0, a.handle);
    Ok(if ctx.nargout > 0 {
        vec![Value::num(h)]
    } else {
        vec![]
    })
}

/// Show the legend, naming unnamed artists `data1`, `data2`... as MATLAB.
fn show_legend(a: &mut Axes) {
    for (k, c) in a.children.iter_mut().filter(|c| legendable(c)).enumerate() {
        if c.display_name().is_some_and(|n| n.is_empty()) {
            set_display_name(c, format!("data{}", k + 1));
        }
    }
    match a.legend.as_mut() {
        Some(l) => l.visible = true,
        None => {
            a.legend = Some(Legend {
                location: "northeast".into(),
                visible: true,
            })
        }
    }
}

/// grid: grid lines of the current axes.
///
/// `grid on` and `grid off` show and hide the major grid lines; `grid`
/// toggles them; `grid minor` toggles the minor grid lines (kept as the
/// `XMinorGrid`... properties, not drawn); `grid(hax, ...)` acts on axes
/// `hax`.
///
/// ```text
/// >> plot(1:3); grid on; get(gca, 'xgrid')
/// ans = on
/// ```
pub fn grid(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    let ids = axes_arg(&mut ctx.state.graphics, &mut args);
    let a = axes_mut(&mut ctx.state.graphics, ids);
    // Minor grid lines are kept, not drawn. They count as on when shown
    // on a linear axis; `grid on` shows them on log axes only, `grid
    // minor` toggles them, `grid off` and turning the grid off by
    // toggling clear them.
    let shown = |k: &str| super::props::axes_extra_text(a, k) == "on";
    let mut minor_on = (shown("XMinorGrid") && a.xscale != Scale::Log)
        || (shown("YMinorGrid") && a.yscale != Scale::Log)
        || shown("ZMinorGrid");
    let mut minor_auto = true;
    match args.first() {
        None => {
            a.grid = !a.grid;
            minor_auto = a.grid;
        }
        Some(v) => match word("grid", v)?.as_str() {
            "on" => a.grid = true,
            "off" => {
                a.grid = false;
                minor_on = false;
                minor_auto = false;
            }
            "minor" => {
                minor_auto = false;
                minor_on = match args.get(1) {
                    None => !minor_on,
                    Some(w) => on_off("grid", w)?,
                };
            }
            w => return Err(Error::new(format!("grid: unknown option '{w}'"))),
        },
    }
    let log = [a.xscale == Scale::Log, a.yscale == Scale::Log, false];
    for (name, log) in ["XMinorGrid", "YMinorGrid", "ZMinorGrid"]
        .into_iter()
        .zip(log)
    {
        let on = minor_on || (minor_auto && log);
        super::props::set_axes_prop(a, name, &Value::str(if on { "on" } else { "off" }))?;
    }
    Ok(vec![])
}

/// box: show or hide the box outline of the axes.
///
/// `box on` draws the outline on all four sides of the current axes;
/// `box off` only along the two axis lines. `box` alone toggles it, and
/// `box(ax, 'on')` sets the axes ax. The state is the axes' `Box` property.
///
/// ```text
/// >> box on; get(gca, 'box'), box off; get(gca, 'box'), close all
/// ans = on
/// ans = off
/// ```
pub fn box_(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    let ids = axes_arg(&mut ctx.state.graphics, &mut args);
    let a = axes_mut(&mut ctx.state.graphics, ids);
    match args.first() {
        None => a.boxed = !a.boxed,
        Some(v) => a.boxed = on_off("box", v)?,
    }
    Ok(vec![])
}

/// The automatic limits of one axis (0 = x, 1 = y, 2 = z, 3 = colour):
/// the data range (padded by one unit each side when it is a point; a
/// log axis ignores values <= 0), `None` for an empty axes.
pub(crate) fn data_limits(a: &Axes, which: usize) -> Option<[f64; 2]> {
    let log = match which {
        0 => a.xscale == Scale::Log,
        1 => a.yscale == Scale::Log,
        _ => false,
    };
    let mut all: Vec<f64> = Vec::new();
    for c in &a.children {
        match (c, which) {
            (Artist::Line(l), 0) => all.extend(&l.x),
            (Artist::Line(l), 1) => all.extend(&l.y),
            (Artist::Line(l), 2) => all.extend(l.z.iter().flatten()),
            (Artist::Patch(p), 0) => all.extend(&p.x),
            (Artist::Patch(p), 1) => all.extend(&p.y),
            (Artist::Surface(s), 0) => all.extend(&s.x),
            (Artist::Surface(s), 1) => all.extend(&s.y),
            (Artist::Surface(s), 2) => all.extend(&s.z),
            (Artist::Surface(s), 3) => all.extend(&s.c),
            (Artist::Text(t), 0) => all.push(t.x),
            (Artist::Text(t), 1) => all.push(t.y),
            (Artist::Image(im), 0 | 1) => {
                let (ends, count) = if which == 0 {
                    (im.x, im.cols)
                } else {
                    (im.y, im.rows)
                };
                let step = if count > 1 {
                    (ends[1] - ends[0]) / (count - 1) as f64
                } else {
                    1.0
                };
                all.push(ends[0] - step / 2.0);
                all.push(ends[1] + step / 2.0);
            }
            (Artist::Image(im), 3) => {
                if let ImageData::Indexed {
                    values,
                    scaled: true,
                } = &im.data
                {
                    all.extend(values);
                }
            }
            _ => {}
        }
    }
    let [lo, hi] = data_range(all.iter(), log)?;
    Some(if lo == hi {
        if log {
            [lo / 10.0, hi * 10.0]
        } else {
            [lo - 1.0, hi + 1.0]
        }
    } else {
        [lo, hi]
    })
}

/// Current limits of an axis: explicit, else the data's, else `[0 1]`.
pub(crate) fn current_limits(a: &Axes, which: usize) -> [f64; 2] {
    let explicit = match which {
        0 => a.xlim,
        1 => a.ylim,
        2 => a.zlim,
        _ => a.clim,
    };
    explicit
        .or_else(|| data_limits(a, which))
        .unwrap_or([0.0, 1.0])
}

/// axis: axis limits and appearance.
///
/// `axis([xmin xmax ymin ymax])` sets the x and y limits (2 values: x only;
/// 6: with z; 8: with the colour limits); each pair must increase, and
/// `-Inf`/`Inf` take the data's limit.
///
/// `axis equal`, `tight`, `image`, `square`, `normal`, `auto`, `manual`,
/// `ij`, `xy`, `on`, `off` set the appearance.
///
/// `v = axis` returns the current limits `[xmin xmax ymin ymax]` (with z
/// in a 3-D view).
///
/// ```text
/// >> plot(1:3); axis([0 4 -1 5]); axis
/// ans =
///
///    0   4  -1   5
///
/// ```
pub fn axis(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    let g = &mut ctx.state.graphics;
    let ids = axes_arg(g, &mut args);
    let a = super::axes_at(g, ids, !args.is_empty());
    for v in &args {
        if let Some(s) = text_of(v) {
            for w in s.split_whitespace() {
                axis_word(a, &w.to_ascii_lowercase())?;
            }
            continue;
        }
        if !super::is_data(v) {
            return Err(Error::new(
                "axis: expecting no args, or a numeric vector with 2, 4, 6, or 8 elements",
            ));
        }
        let l = nums("axis", v)?;
        let d = l.data();
        if !matches!(d.len(), 2 | 4 | 6 | 8) {
            return Err(Error::new(
                "axis: LIMITS vector must have 2, 4, 6, or 8 elements",
            ));
        }
        let lims = {
            let pair = |k: usize, which: usize| -> Result<[f64; 2]> {
                let (mut lo, mut hi) = (d[k], d[k + 1]);
                let auto = data_limits(a, which).unwrap_or([0.0, 1.0]);
                if lo == f64::NEG_INFINITY {
                    lo = auto[0];
                }
                if hi == f64::INFINITY {
                    hi = auto[1];
                }
                if lo.is_nan() || hi.is_nan() || lo >= hi {
                    return Err(Error::new(format!(
                        "axis: LIMITS({}) must be less than LIMITS({})",
                        k + 1,
                        k + 2
                    )));
                }
                Ok([lo, hi])
            };
            let mut lims = Vec::with_capacity(4);
            for (which, k) in (0..d.len()).step_by(2).enumerate() {
                lims.push(pair(k, which)?);
            }
            lims
        };
        for (which, l) in lims.into_iter().enumerate() {
            match which {
                0 => a.xlim = Some(l),
                1 => a.ylim = Some(l),
                2 => a.zlim = Some(l),
                _ => a.clim = Some(l),
            }
        }
    }
    if ctx.nargout > 0 || args.is_empty() {
        let x = current_limits(a, 0);
        let y = current_limits(a, 1);
        let mut v = vec![x[0], x[1], y[0], y[1]];
        if a.view.is_some() {
            let z = current_limits(a, 2);
            v.extend(z);
        }
        return Ok(vec![Value::row(v)]);
    }
    Ok(vec![])
}

fn axis_word(a: &mut Axes, w: &str) -> Result<()> {
    match w {
        "equal" => a.equal = true,
        "image" => {
            a.equal = true;
            a.tight = true;
            a.xlim = None;
            a.ylim = None;
        }
        "tight" => {
            a.tight = true;
            a.xlim = None;
            a.ylim = None;
        }
        "square" => {
            // The plot box becomes square in pixels, centred where it was.
            let d = crate::graphics::model::DEFAULT_FIGURE_POSITION;
            let (fw, fh) = (d[2], d[3]);
            let p = a.position;
            let side = (p[2] * fw).min(p[3] * fh);
            let (nw, nh) = (side / fw, side / fh);
            a.position = [p[0] + (p[2] - nw) / 2.0, p[1] + (p[3] - nh) / 2.0, nw, nh];
        }
        "normal" | "fill" | "vis3d" => a.equal = false,
        "auto" => {
            a.xlim = None;
            a.ylim = None;
            a.zlim = None;
            a.tight = false;
        }
        "manual" => {
            a.xlim = Some(current_limits(a, 0));
            a.ylim = Some(current_limits(a, 1));
        }
        "off" => a.visible = false,
        "on" => a.visible = true,
        "ij" => a.y_reversed = true,
        "xy" => a.y_reversed = false,
        w => return Err(Error::new(format!("axis: unknown option '{w}'"))),
    }
    Ok(())
}

/// `xlim([lo hi])`, `xlim auto`, `xlim manual`, `l = xlim` (and y, z).
fn lim(ctx: &mut Ctx, mut args: Vec<Value>, which: usize, fname: &str) -> Result<Vec<Value>> {
    let g = &mut ctx.state.graphics;
    let ids = axes_arg(g, &mut args);
    let a = super::axes_at(g, ids, !args.is_empty());
    if let Some(v) = args.first() {
        let new = if let Some(w) = text_of(v) {
            match w.trim().to_ascii_lowercase().as_str() {
                "auto" => None,
                "manual" => Some(current_limits(a, which)),
                "mode" => {
                    let explicit = [a.xlim, a.ylim, a.zlim][which].is_some();
                    return Ok(vec![Value::str(if explicit { "manual" } else { "auto" })]);
                }
                w => return Err(Error::new(format!("{fname}: unknown option '{w}'"))),
            }
        } else {
            if !super::is_data(v) {
                return Err(Error::new(format!(
                    "{fname}: LIMITS must be a 2-element vector"
                )));
            }
            let d = nums(fname, v)?;
            let d = d.data();
            if d.len() != 2 {
                return Err(Error::new(format!(
                    "{fname}: LIMITS must be a 2-element vector"
                )));
            }
            let auto = data_limits(a, which).unwrap_or([0.0, 1.0]);
            let lo = if d[0] == f64::NEG_INFINITY {
                auto[0]
            } else {
                d[0]
            };
            let hi = if d[1] == f64::INFINITY { auto[1] } else { d[1] };
            if lo.is_nan() || hi.is_nan() || lo >= hi {
                return Err(Error::new(format!(
                    "{fname}: axis limits must be increasing"
                )));
            }
            Some([lo, hi])
        };
        match which {
            0 => a.xlim = new,
            1 => a.ylim = new,
            _ => a.zlim = new,
        }
        if ctx.nargout == 0 {
            return Ok(vec![]);
        }
    }
    Ok(vec![Value::row(current_limits(a, which).to_vec())])
}

/// xlim: x-axis limits.
///
/// `xlim([lo hi])` sets the limits (`lo < hi`; `-Inf`/`Inf` take the
/// data's limit); `l = xlim` returns them; `xlim auto` and `xlim manual`
/// set the mode and `m = xlim('mode')` returns it; `xlim(hax, ...)` acts on
/// axes `hax`.
///
/// ```text
/// >> plot(1:3); xlim([0 5]); xlim
/// ans =
///
///    0   5
///
/// ```
pub fn xlim(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    lim(ctx, args, 0, "xlim")
}
/// ylim: y-axis limits.
///
/// `ylim([lo hi])` sets the limits; `l = ylim` returns them; `ylim auto`,
/// `ylim manual`, `ylim('mode')` and `ylim(hax, ...)` as for `xlim`.
///
/// ```text
/// >> plot(1:3); ylim([0 5]); ylim
/// ans =
///
///    0   5
///
/// ```
pub fn ylim(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    lim(ctx, args, 1, "ylim")
}
/// zlim: z-axis limits.
///
/// `zlim([lo hi])` sets the limits; `l = zlim` returns them; `zlim auto`,
/// `zlim manual`, `zlim('mode')` and `zlim(hax, ...)` as for `xlim`.
///
/// ```text
/// >> plot3(1:3, 1:3, 1:3); zlim([0 5]); zlim
/// ans =
///
///    0   5
///
/// ```
pub fn zlim(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    lim(ctx, args, 2, "zlim")
}

/// "Nice" tick positions covering `[lo, hi]`: steps of 1, 2 or 5 times a
/// power of ten, about five to ten ticks (MATLAB's automatic ticks).
pub(crate) fn nice_ticks(lo: f64, hi: f64) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return vec![lo];
    }
    let raw = (hi - lo) / 6.0;
    let p = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * p)
        .find(|s| (hi - lo) / s <= 8.0)
        .unwrap_or(10.0 * p);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// The axes of a ticks call (`f(hax, ...)`): a leading numeric scalar
/// must name axes when another argument follows.
fn ticks_axes(g: &mut Graphics, args: &mut Vec<Value>, fname: &str) -> Result<(u32, usize)> {
    if args.len() > 2 {
        return Err(Error::new(format!("Invalid call to {fname}")));
    }
    if let Some(t) = super::take_axes(g, args) {
        return Ok(t);
    }
    if args.len() == 2 {
        return Err(Error::new(format!(
            "{fname}: HAX must be a handle to an axes"
        )));
    }
    Ok(current_axes_ids(g))
}

/// The mode words of the ticks functions: `Some(answer)` when handled.
fn ticks_word(nargout: usize, w: &str, fname: &str, manual: bool) -> Result<Option<Value>> {
    match w {
        "mode" => Ok(Some(Value::str(if manual { "manual" } else { "auto" }))),
        "auto" | "manual" if nargout > 0 => Err(Error::new(format!(
            "{fname}: too many output arguments for arg: {w}"
        ))),
        "auto" | "manual" => Ok(None),
        _ => Err(Error::new(format!("{fname}: invalid option: {w}"))),
    }
}

fn ticks(ctx: &mut Ctx, mut args: Vec<Value>, x: bool, fname: &str) -> Result<Vec<Value>> {
    let g = &mut ctx.state.graphics;
    let ids = ticks_axes(g, &mut args, fname)?;
    let which = if x { 0 } else { 1 };
    let a = super::axes_at(g, ids, !args.is_empty());
    let current = |a: &Axes| -> Vec<f64> {
        match if x { &a.xticks } else { &a.yticks } {
            Some(t) => t.clone(),
            None => {
                let l = current_limits(a, which);
                nice_ticks(l[0], l[1])
            }
        }
    };
    if let Some(v) = args.first() {
        let manual = if x {
            a.xticks.is_some()
        } else {
            a.yticks.is_some()
        };
        let new = match text_of(v).map(|s| s.trim().to_ascii_lowercase()) {
            Some(w) => match ticks_word(ctx.nargout, &w, fname, manual)? {
                Some(answer) => return Ok(vec![answer]),
                None if w == "auto" => None,
                None => Some(current(a)),
            },
            None => {
                if ctx.nargout > 0 {
                    return Err(Error::new(format!("{fname}: too many output arguments")));
                }
                let t = nums(fname, v)?;
                let d = t.data().to_vec();
                if d.windows(2).any(|w| w[0] >= w[1]) || d.iter().any(|x| !x.is_finite()) {
                    return Err(Error::new(format!(
                        "{fname}: tick values must be finite and increasing"
                    )));
                }
                Some(d)
            }
        };
        if x {
            a.xticks = new;
        } else {
            a.yticks = new;
        }
        return Ok(vec![]);
    }
    Ok(vec![Value::row(current(a))])
}

/// xticks: x-axis tick positions.
///
/// `xticks(v)` sets the ticks (finite, increasing); `t = xticks` returns
/// them; `xticks auto` and `xticks manual` set the mode and
/// `m = xticks('mode')` returns it; `xticks(hax, ...)` acts on axes `hax`.
///
/// ```text
/// >> plot(1:3); xticks([1 2 3]); xticks
/// ans =
///
///    1   2   3
///
/// ```
pub fn xticks(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    ticks(ctx, args, true, "xticks")
}
/// yticks: y-axis tick positions.
///
/// `yticks(v)` sets the ticks; `t = yticks` returns them; `yticks auto`,
/// `yticks manual`, `yticks('mode')` and `yticks(hax, ...)` as for
/// `xticks`.
///
/// ```text
/// >> plot(1:3); yticks([1 2 3]); yticks
/// ans =
///
///    1   2   3
///
/// ```
pub fn yticks(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    ticks(ctx, args, false, "yticks")
}

fn ticklabels(ctx: &mut Ctx, mut args: Vec<Value>, x: bool, fname: &str) -> Result<Vec<Value>> {
    let g = &mut ctx.state.graphics;
    let ids = ticks_axes(g, &mut args, fname)?;
    let which = if x { 0 } else { 1 };
    let a = super::axes_at(g, ids, !args.is_empty());
    let auto_labels = |a: &Axes| -> Vec<String> {
        let t = match if x { &a.xticks } else { &a.yticks } {
            Some(t) => t.clone(),
            None => {
                let l = current_limits(a, which);
                nice_ticks(l[0], l[1])
            }
        };
        t.iter()
            .map(|&t| crate::builtins::util::fmt_num(t))
            .collect()
    };
    if let Some(v) = args.first() {
        let manual = if x {
            a.xticklabels.is_some()
        } else {
            a.yticklabels.is_some()
        };
        let word = matches!(v, Value::Char(_)) && text_of(v).is_some();
        let new = match v {
            Value::Char(_) if word => {
                let w = text_of(v).unwrap_or_default().trim().to_ascii_lowercase();
                match ticks_word(ctx.nargout, &w, fname, manual)? {
                    Some(answer) => return Ok(vec![answer]),
                    None if w == "auto" => None,
                    None => Some(auto_labels(a)),
                }
            }
            _ if ctx.nargout > 0 => {
                return Err(Error::new(format!("{fname}: too many output arguments")));
            }
            Value::Char(_) => Some(
                v.char_rows_of()
                    .unwrap_or_default()
                    .iter()
                    .map(|s| s.trim_end().to_string())
                    .collect(),
            ),
            Value::Cell(c) => {
                let mut l = Vec::new();
                for e in c.data() {
                    l.push(label_text(fname, e)?);
                }
                Some(l)
            }
            Value::Num(t) => Some(
                t.data()
                    .iter()
                    .map(|&x| crate::builtins::util::fmt_num(x))
                    .collect(),
            ),
            other => {
                return Err(Error::new(format!(
                    "{fname}: labels must be a cell array of strings, not {}",
                    other.class_name()
                )))
            }
        };
        // Labels given explicitly fix the ticks they label, as in MATLAB.
        if new.is_some() && !word {
            let l = current_limits(a, which);
            let ticks = if x { &mut a.xticks } else { &mut a.yticks };
            if ticks.is_none() {
                *ticks = Some(nice_ticks(l[0], l[1]));
            }
        }
        if x {
            a.xticklabels = new;
        } else {
            a.yticklabels = new;
        }
        return Ok(vec![]);
    }
    let labels = match if x { &a.xticklabels } else { &a.yticklabels } {
        Some(l) => l.clone(),
        None => auto_labels(a),
    };
    let cells: Vec<Value> = labels.iter().map(|s| Value::str(s)).collect();
    let n = cells.len();
    Ok(vec![Value::cell(crate::value::Array::new(
        crate::value::Dims::col(n),
        cells,
    ))])
}

/// xticklabels: x-axis tick labels.
///
/// `xticklabels(c)` sets the labels (a cell array of strings, a char
/// matrix or numbers) and fixes the ticks they label; `l = xticklabels`
/// returns them as a cell column; `xticklabels auto`, `xticklabels manual`
/// and `xticklabels('mode')` as for `xticks`; `xticklabels(hax, ...)` acts
/// on axes `hax`.
///
/// ```text
/// >> plot(1:3); xticks([1 2 3]); xticklabels({'a', 'b', 'c'}); xticklabels
/// ans =
/// {
///   [1,1] = a
///   [2,1] = b
///   [3,1] = c
/// }
///
/// ```
pub fn xticklabels(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    ticklabels(ctx, args, true, "xticklabels")
}
/// yticklabels: y-axis tick labels.
///
/// `yticklabels(c)` sets the labels; `l = yticklabels` returns them;
/// `yticklabels auto`, `yticklabels manual`, `yticklabels('mode')` and
/// `yticklabels(hax, ...)` as for `xticklabels`.
///
/// ```text
/// >> plot(1:3); yticks([1 2 3]); yticklabels({'a', 'b', 'c'}); yticklabels
/// ans =
/// {
///   [1,1] = a
///   [2,1] = b
///   [3,1] = c
/// }
///
/// ```
pub fn yticklabels(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    ticklabels(ctx, args, false, "yticklabels")
}

/// colorbar: show the colour scale beside the axes.
///
/// `colorbar` shows it for the current axes; `colorbar(loc)` with a
/// location (`'eastoutside'`, `'north'`...) as the last argument;
/// `colorbar('location', loc)`, `colorbar('peer', hax)` or
/// `colorbar(hax, ...)` for other axes; `colorbar off` hides it.
/// `h = colorbar(...)` returns a handle (flatlab: the axes').
///
/// ```text
/// >> h = colorbar(); isgraphics(h)
/// ans = 1
/// ```
pub fn colorbar(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    const LOCS: [&str; 8] = [
        "north",
        "south",
        "east",
        "west",
        "northoutside",
        "southoutside",
        "eastoutside",
        "westoutside",
    ];
    let g = &mut ctx.state.graphics;
    let mut ids = super::take_axes(g, &mut args);
    let mut on = true;
    let mut i = 0;
    while i < args.len() {
        let Some(w) = text_of(&args[i]) else {
            return Err(Error::new(format!(
                "colorbar: expected string argument at position {}",
                i + 1
            )));
        };
        let w = w.trim().to_ascii_lowercase();
        match w.as_str() {
            "peer" => {
                let Some(h) = args.get(i + 1) else {
                    return Err(Error::new("colorbar: missing axes handle after \"peer\""));
                };
                match h {
                    Value::Num(a) if a.numel() == 1 => match resolve(g, a.data()[0]) {
                        Some(Target::Axes(f, k)) => ids = Some((f, k)),
                        _ => {
                            return Err(Error::new(
                                "colorbar: invalid axes handle following \"peer\"",
                            ))
                        }
                    },
                    _ => {
                        return Err(Error::new(
                            "colorbar: invalid axes handle following \"peer\"",
                        ))
                    }
                }
                i += 2;
            }
            "location" => {
                let Some(l) = args.get(i + 1) else {
                    return Err(Error::new("colorbar: missing value after \"location\""));
                };
                let l = text_of(l).unwrap_or_default().to_ascii_lowercase();
                if !LOCS.contains(&l.as_str()) {
                    return Err(Error::new("colorbar: unrecognized colorbar location"));
                }
                i += 2;
            }
            "off" | "delete" | "hide" => {
                on = false;
                i += 1;
            }
            w if LOCS.contains(&w) => {
                if i + 1 != args.len() {
                    return Err(Error::new(
                        "colorbar: LOC specification must occur as final argument",
                    ));
                }
                i += 1;
            }
            _ => {
                if i + 1 >= args.len() {
                    return Err(Error::new("colorbar: PROP/VAL inputs must occur in pairs"));
                }
                i += 2;
            }
        }
    }
    let ids = match ids {
        Some(ids) => ids,
        None => current_axes_ids(g),
    };
    let a = axes_mut(g, ids);
    a.colorbar = on;
    let h = axes_handle(ids.0, a.handle);
    Ok(if ctx.nargout > 0 {
        vec![Value::num(h)]
    } else {
        vec![]
    })
}

/// The default 3-D view, MATLAB's `view(3)`.
pub(crate) const VIEW_3D: (f64, f64) = (-37.5, 30.0);

/// view: viewpoint of the current axes.
///
/// `view(2)` is the 2-D view from above, `view(3)` the default 3-D view
/// (azimuth -37.5, elevation 30); `view(az, el)` and `view([az el])` set
/// azimuth and elevation in degrees; `view([x y z])` looks from the point
/// `[x y z]` towards the origin. `[az, el] = view` returns them;
/// `view(hax, ...)` acts on axes `hax`.
///
/// ```text
/// >> view([1 1 0]); [az, el] = view()
/// az = 135
/// el = 0
/// ```
pub fn view(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    let g = &mut ctx.state.graphics;
    let ids = axes_arg(g, &mut args);
    let a = super::axes_at(g, ids, !args.is_empty());
    let new =
        match args.len() {
            0 => None,
            1 => {
                let v = nums("view", &args[0])?;
                match v.data() {
                    [d] if *d == 2.0 => Some(None),
                    [d] if *d == 3.0 => Some(Some(VIEW_3D)),
                    [az, el] => Some(Some((*az, *el))),
                    // A viewpoint [x y z]: its azimuth and elevation.
                    [x, y, z] => {
                        let deg = 180.0 / std::f64::consts::PI;
                        Some(Some((y.atan2(*x) * deg + 90.0, z.atan2(x.hypot(*y)) * deg)))
                    }
                    _ => return Err(Error::new(
                        "view: use view(2), view(3), view(az, el), view([az el]) or view([x y z])",
                    )),
                }
            }
            2 => Some(Some((
                args[0].scalar_f64("view")?,
                args[1].scalar_f64("view")?,
            ))),
            _ => return Err(Error::new("Invalid call to view")),
        };
    if let Some(v) = new {
        // Looking straight down is the 2-D view.
        a.view = v.filter(|&(az, el)| !(az == 0.0 && el == 90.0));
    }
    if ctx.nargout == 0 {
        return Ok(vec![]);
    }
    let (az, el) = a.view.unwrap_or((0.0, 90.0));
    Ok(if ctx.nargout >= 2 {
        vec![Value::num(az), Value::num(el)]
    } else {
        vec![Value::row(vec![az, el])]
    })
}

/// caxis, clim: colour limits of the current axes.
///
/// `caxis([lo hi])` sets the limits that map scaled colour data onto the
/// colormap (`lo < hi`); `l = caxis` returns them; `caxis auto` and
/// `caxis manual` set the mode; `caxis(hax, ...)` acts on axes `hax`.
///
/// ```text
/// >> imagesc([1 2; 3 4]); caxis([0 10]); caxis
/// ans =
///
///     0   10
///
/// ```
pub fn caxis(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    let g = &mut ctx.state.graphics;
    let ids = axes_arg(g, &mut args);
    let a = super::axes_at(g, ids, !args.is_empty());
    if let Some(v) = args.first() {
        a.clim = match text_of(v) {
            Some(w) if w.trim().eq_ignore_ascii_case("auto") => None,
            Some(w) if w.trim().eq_ignore_ascii_case("manual") => Some(current_limits(a, 3)),
            Some(w) => return Err(Error::new(format!("caxis: invalid mode '{w}'"))),
            None => {
                let bad = || {
                    Error::new("caxis: LIMITS must be a numeric 2-element vector where LIM1 < LIM2")
                };
                if !super::is_data(v) {
                    return Err(bad());
                }
                Some(limits("caxis", v).map_err(|_| bad())?)
            }
        };
        if ctx.nargout == 0 {
            return Ok(vec![]);
        }
    }
    Ok(vec![Value::row(current_limits(a, 3).to_vec())])
}

/// Prepare the current axes for a new high-level plot: without `hold on`
/// its content is replaced. `target` names other axes to draw in (a
/// leading `hax` argument). Returns the ids of the axes.
pub(crate) fn new_plot(g: &mut Graphics, target: Option<(u32, usize)>) -> (u32, usize) {
    let ids = target.unwrap_or_else(|| current_axes_ids(g));
    let a = axes_mut(g, ids);
    if !a.hold {
        a.reset_for_plot();
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;
    use crate::builtins::State;

    fn approx(a: [f64; 4], b: [f64; 4]) -> bool {
        a.iter().zip(b).all(|(x, y)| (x - y).abs() < 5e-5)
    }

    #[test]
    fn subplot_positions_match_matlab_and_reselect() {
        // MATLAB: subplot(2,1,1) Position [0.1300 0.5838 0.7750 0.3412].
        assert!(approx(
            subplot_position(2, 1, &[1]),
            [0.13, 0.5838, 0.775, 0.3412]
        ));
        assert!(approx(
            subplot_position(2, 1, &[2]),
            [0.13, 0.11, 0.775, 0.3412]
        ));
        // 1x1 is the default axes position.
        assert!(approx(subplot_position(1, 1, &[1]), DEFAULT_AXES_POSITION));
        let mut st = State::default();
        run(
            &mut st,
            "subplot",
            vec![Value::num(2.0), Value::num(2.0), Value::num(1.0)],
        );
        run(&mut st, "title", vec![s("first")]);
        run(&mut st, "subplot", vec![Value::num(224.0)]);
        run(
            &mut st,
            "subplot",
            vec![Value::num(2.0), Value::num(2.0), Value::num(1.0)],
        );
        let f = &st.graphics.figures[&1];
        assert_eq!(f.axes.len(), 2);
        assert_eq!(f.axes[f.current.unwrap()].title, "first");
        // A span over the top row replaces the axes it overlaps.
        run(
            &mut st,
            "subplot",
            vec![Value::num(2.0), Value::num(2.0), row(&[1.0, 2.0])],
        );
        let f = &st.graphics.figures[&1];
        assert_eq!(f.axes.len(), 2);
        let p = f.axes[f.current.unwrap()].position;
        assert!(p[2] > 0.7, "spanning axes is wide: {p:?}");
        assert!(call(
            &mut st,
            "subplot",
            vec![Value::num(2.0), Value::num(2.0), Value::num(5.0)],
            0
        )
        .is_err());
    }

    #[test]
    fn figure_close_and_gcf_follow_numbers() {
        let mut st = State::default();
        let h = call(&mut st, "figure", vec![], 1).unwrap();
        assert_eq!(h, vec![Value::num(1.0)]);
        run(
            &mut st,
            "figure",
            vec![Value::num(5.0), s("Name"), s("five")],
        );
        assert_eq!(st.graphics.figures[&5].name, "five");
        assert_eq!(
            call(&mut st, "gcf", vec![], 1).unwrap(),
            vec![Value::num(5.0)]
        );
        run(&mut st, "close", vec![Value::num(5.0)]);
        assert_eq!(
            call(&mut st, "gcf", vec![], 1).unwrap(),
            vec![Value::num(1.0)]
        );
        assert!(call(&mut st, "close", vec![Value::num(9.0)], 0).is_err());
        run(&mut st, "figure", vec![]);
        run(&mut st, "close", vec![s("all")]);
        assert!(st.graphics.figures.is_empty());
        assert!(call(&mut st, "figure", vec![Value::num(-1.0)], 0).is_err());
    }

    #[test]
    fn hold_toggles_and_decorations_land_on_the_axes() {
        let mut st = State::default();
        run(&mut st, "hold", vec![s("on")]);
        let ax = |st: &State| st.graphics.figures[&1].axes[0].clone();
        assert!(ax(&st).hold);
        run(&mut st, "hold", vec![]);
        assert!(!ax(&st).hold);
        run(&mut st, "grid", vec![s("on")]);
        run(&mut st, "xlabel", vec![s("time")]);
        run(
            &mut st,
            "title",
            vec![s("T"), s("FontSize"), Value::num(14.0)],
        );
        run(&mut st, "xlim", vec![row(&[0.0, 5.0])]);
        run(&mut st, "axis", vec![s("ij")]);
        let a = ax(&st);
        assert!(a.grid && a.y_reversed);
        assert_eq!((a.xlabel.as_str(), a.title.as_str()), ("time", "T"));
        assert_eq!(a.xlim, Some([0.0, 5.0]));
        assert_eq!(
            call(&mut st, "xlim", vec![], 1).unwrap(),
            vec![row(&[0.0, 5.0])]
        );
        assert!(call(&mut st, "xlim", vec![row(&[5.0, 1.0])], 0).is_err());
        assert!(call(&mut st, "axis", vec![s("sideways")], 0).is_err());
        assert!(call(&mut st, "hold", vec![s("maybe")], 0).is_err());
    }

    #[test]
    fn axis_returns_the_data_range_or_the_limits_set() {
        let mut st = State::default();
        run(&mut st, "plot", vec![row(&[1.0, 4.0]), row(&[-2.0, 3.0])]);
        assert_eq!(
            call(&mut st, "axis", vec![], 1).unwrap(),
            vec![row(&[1.0, 4.0, -2.0, 3.0])]
        );
        run(&mut st, "axis", vec![row(&[0.0, 10.0, -5.0, 5.0])]);
        assert_eq!(
            call(&mut st, "axis", vec![], 1).unwrap(),
            vec![row(&[0.0, 10.0, -5.0, 5.0])]
        );
        run(&mut st, "axis", vec![s("auto")]);
        assert_eq!(
            call(&mut st, "ylim", vec![], 1).unwrap(),
            vec![row(&[-2.0, 3.0])]
        );
    }

    #[test]
    fn legend_names_the_artists_in_order() {
        let mut st = State::default();
        run(
            &mut st,
            "plot",
            vec![row(&[1.0, 2.0]), s("r"), row(&[2.0, 1.0])],
        );
        run(&mut st, "legend", vec![s("up"), s("down")]);
        run(&mut st, "legend", vec![s("Location"), s("northwest")]);
        let a = &st.graphics.figures[&1].axes[0];
        let names: Vec<_> = a.children.iter().filter_map(|c| c.display_name()).collect();
        assert_eq!(names, ["up", "down"]);
        assert_eq!(a.legend.as_ref().unwrap().location, "northwest");
        run(&mut st, "legend", vec![s("off")]);
        assert!(st.graphics.figures[&1].axes[0].legend.is_none());
    }

    #[test]
    fn nice_ticks_are_round_numbers() {
        assert_eq!(nice_ticks(0.0, 10.0), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(nice_ticks(0.0, 1.0).len(), 6);
    }
}
