//! Writing figures to files: `print`, `saveas`, `exportgraphics` (PNG
//! and SVG, through `graphics::render` and `formats::write_atomic`).

use super::{pairs, resolve, text_of};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::graphics::{render, Graphics};
use crate::value::Value;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `print`'s default resolution in dots per inch.
const PRINT_DPI: f64 = 150.0;

/// A file format flatlab writes.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Format {
    Png,
    Svg,
}

impl Format {
    fn from_name(fname: &str, s: &str) -> Result<Format> {
        match s.to_ascii_lowercase().as_str() {
            "png" => Ok(Format::Png),
            "svg" => Ok(Format::Svg),
            other => Err(Error::new(format!(
                "{fname}: unsupported format '{other}' (flatlab writes png and svg)"
            ))),
        }
    }
    fn ext(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
        }
    }
}

/// The extension of a path, lower case, if any.
fn extension(p: &str) -> Option<String> {
    Path::new(p)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// The figure a handle (figure, axes or artist) belongs to.
fn figure_of(g: &Graphics, fname: &str, v: &Value) -> Result<u32> {
    let h = v.scalar_f64(fname)?;
    match resolve(g, h).and_then(super::figure_of_target) {
        Some(n) => Ok(n),
        None => Err(super::invalid_handle(fname)),
    }
}

/// Render figure `n` and write it atomically.
fn write_figure(
    g: &mut Graphics,
    fname: &str,
    n: u32,
    path: &Path,
    format: Format,
    dpi: f64,
) -> Result<()> {
    let fig = g
        .figures
        .get(&n)
        .ok_or_else(|| super::invalid_handle(fname))?;
    let bytes = match format {
        Format::Png => render::png(fig, dpi)
            .map_err(|e| Error::new(format!("{fname}: cannot render figure {n}: {e}")))?,
        Format::Svg => render::svg(fig).into_bytes(),
    };
    crate::formats::write_atomic(path, |w| w.write_all(&bytes))
        .map_err(|e| crate::formats::write_error(fname, path, &e))
}

/// What a `print` call asks for.
struct PrintArgs {
    fig: Option<u32>,
    device: Option<Format>,
    dpi: f64,
    file: Option<String>,
}

fn print_args(g: &Graphics, args: &[Value]) -> Result<PrintArgs> {
    let mut p = PrintArgs {
        fig: None,
        device: None,
        dpi: PRINT_DPI,
        file: None,
    };
    for (i, v) in args.iter().enumerate() {
        let Some(s) = text_of(v) else {
            if i == 0 {
                p.fig = Some(figure_of(g, "print", v)?);
                continue;
            }
            return Err(Error::new("print: options must be strings"));
        };
        if let Some(d) = s.strip_prefix("-d") {
            p.device = Some(Format::from_name("print", d)?);
        } else if let Some(r) = s.strip_prefix("-r") {
            let dpi: f64 = r
                .parse()
                .map_err(|_| Error::new(format!("print: invalid resolution '{s}'")))?;
            if !(0.0..=2400.0).contains(&dpi) {
                return Err(Error::new(
                    "print: resolution must be between 0 and 2400 dpi",
                ));
            }
            // -r0 is the screen resolution.
            p.dpi = if dpi == 0.0 { 96.0 } else { dpi };
        } else if let Some(f) = s.strip_prefix("-f") {
            let n: f64 = f
                .parse()
                .map_err(|_| Error::new(format!("print: invalid figure option '{s}'")))?;
            p.fig = Some(figure_of(g, "print", &Value::num(n))?);
        } else if s.starts_with('-') {
            // Renderer and layout options (-painters, -opengl, -vector,
            // -noui, -loose, -S...) do not change flatlab's output.
        } else {
            p.file = Some(s);
        }
    }
    Ok(p)
}

/// The file a print call writes and its format: the device decides, else
/// the extension; a missing extension is added.
fn print_target(p: &PrintArgs) -> Result<(PathBuf, Format)> {
    let Some(file) = &p.file else {
        return Err(Error::new(
            "print: no file name given (flatlab prints to files: print -dpng name.png)",
        ));
    };
    let ext = extension(file);
    let format = match (p.device, &ext) {
        (Some(d), _) => d,
        (None, Some(e)) => Format::from_name("print", e)?,
        (None, None) => Format::Png,
    };
    let path = if ext.is_none() {
        format!("{file}.{}", format.ext())
    } else {
        file.clone()
    };
    Ok((PathBuf::from(path), format))
}

/// print: save a figure to an image file.
///
/// `print(filename)` writes the current figure to filename, in the format
/// its extension names (.png or .svg; no extension means PNG, and `.png`
/// is added). flatlab prints only to files, not to a printer.
///
/// `print(filename, '-dpng')` or `print('-dsvg', filename)` choose the
/// format by device option; `-rN` sets the resolution of a PNG in dots
/// per inch (default 150; `-r0` is the screen's 96). `print(fig, ...)` or
/// the option `-fN` prints figure fig or N instead of the current one.
/// Renderer options (-painters, -opengl, ...) are accepted and ignored.
/// The command form works too: `print -dpng myplot.png`.
///
/// ```text
/// >> f = [tempname() '.png']; plot(1:3); print('-dpng', f); exist(f, 'file'), delete(f); close all
/// ans = 2
/// >> f = tempname(); plot(1:3); print(f, '-dsvg'); exist([f '.svg'], 'file'), delete([f '.svg']); close all
/// ans = 2
/// ```
pub fn print(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let g = &mut ctx.state.graphics;
    let p = print_args(g, &args)?;
    let (path, format) = print_target(&p)?;
    let n = match p.fig {
        Some(n) => n,
        None => g.gcf().number,
    };
    write_figure(g, "print", n, &path, format, p.dpi)?;
    Ok(vec![])
}

/// The file `saveas(h, name[, format])` writes and its format.
fn saveas_target(args: &[Value]) -> Result<(PathBuf, Format)> {
    let file = args
        .get(1)
        .and_then(text_of)
        .ok_or_else(|| Error::new("saveas: FILENAME must be a string"))?;
    let ext = extension(&file);
    let format = match args.get(2) {
        Some(v) => Format::from_name(
            "saveas",
            &text_of(v).ok_or_else(|| Error::new("saveas: FMT must be a string"))?,
        )?,
        None => match &ext {
            Some(e) => Format::from_name("saveas", e)?,
            None => Format::Png,
        },
    };
    let path = if ext.is_none() {
        format!("{file}.{}", format.ext())
    } else {
        file
    };
    Ok((PathBuf::from(path), format))
}

/// saveas: save a figure to a file.
///
/// `saveas(h, filename)` renders the figure of handle `h` to a file whose
/// format comes from the extension (`.png`, `.svg`); `saveas(h, filename,
/// fmt)` names the format (the extension is added if missing).
///
/// ```text
/// >> plot(1:3); saveas(gcf, 'p.png'); exist('p.png', 'file')
/// ans = 2
/// ```
pub fn saveas(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if !(2..=3).contains(&args.len()) {
        return Err(Error::new("Invalid call to saveas"));
    }
    let g = &mut ctx.state.graphics;
    let h = match &args[0] {
        Value::Num(a) if a.numel() == 1 => resolve(g, a.data()[0]),
        _ => None,
    };
    let Some(h) = h else {
        return Err(Error::new("saveas: H must be a graphics handle"));
    };
    let (path, format) = saveas_target(&args)?;
    let n = super::figure_of_target(h).ok_or_else(|| super::invalid_handle("saveas"))?;
    write_figure(g, "saveas", n, &path, format, PRINT_DPI)?;
    Ok(vec![])
}

/// exportgraphics: save a figure or axes to an image file.
///
/// `exportgraphics(h, filename)` writes the figure of the handle h (a
/// figure such as `gcf`, or an axes or plotted object, whose whole figure
/// is written) to filename; its extension, .png or .svg, chooses the
/// format.
///
/// `exportgraphics(h, filename, 'Resolution', dpi)` sets the resolution of
/// a PNG in dots per inch (1 to 2400, default 150). The options
/// 'ContentType', 'BackgroundColor', 'Colorspace' and 'Append' are accepted
/// and ignored.
///
/// ```text
/// >> f = [tempname() '.png']; plot(1:3); exportgraphics(gcf, f, 'Resolution', 100); exist(f, 'file'), delete(f); close all
/// ans = 2
/// ```
pub fn exportgraphics(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if args.len() < 2 {
        return Err(Error::new("Invalid call to exportgraphics"));
    }
    let g = &mut ctx.state.graphics;
    let n = figure_of(g, "exportgraphics", &args[0])?;
    let file = text_of(&args[1])
        .ok_or_else(|| Error::new("exportgraphics: file name must be a string"))?;
    let format = Format::from_name(
        "exportgraphics",
        &extension(&file).ok_or_else(|| {
            Error::new("exportgraphics: the file name needs an extension (.png or .svg)")
        })?,
    )?;
    let mut dpi = PRINT_DPI;
    for (name, v) in pairs("exportgraphics", &args[2..])? {
        match name.to_ascii_lowercase().as_str() {
            "resolution" => {
                dpi = v.scalar_f64("exportgraphics")?;
                if !(dpi > 0.0 && dpi <= 2400.0) {
                    return Err(Error::new(
                        "exportgraphics: Resolution must be between 1 and 2400",
                    ));
                }
            }
            "contenttype" | "backgroundcolor" | "colorspace" | "append" => {}
            _ => {
                return Err(Error::new(format!(
                    "exportgraphics: unknown option '{name}'"
                )))
            }
        }
    }
    write_figure(g, "exportgraphics", n, Path::new(&file), format, dpi)?;
    Ok(vec![])
}

/// The file a `print`, `saveas` or `exportgraphics` call writes (for the
/// command's file effects), `None` for other names or bad arguments.
pub fn written_file(name: &str, args: &[Value]) -> Option<PathBuf> {
    match name {
        "print" => {
            let g = Graphics::default();
            // Figure handles do not change the path: drop a leading one.
            let args = match args.first() {
                Some(v) if text_of(v).is_none() => &args[1..],
                _ => args,
            };
            let p = print_args(&g, args).ok()?;
            print_target(&p).ok().map(|t| t.0)
        }
        "saveas" => saveas_target(args).ok().map(|t| t.0),
        "exportgraphics" => args.get(1).and_then(text_of).map(PathBuf::from),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_targets_add_extensions_and_follow_devices() {
        let p = |a: &[&str]| {
            let args: Vec<Value> = a.iter().map(|s| Value::str(s)).collect();
            print_args(&Graphics::default(), &args)
                .and_then(|a| print_target(&a))
                .map(|(p, f)| (p.display().to_string(), f))
        };
        assert_eq!(p(&["-dpng", "f"]).unwrap(), ("f.png".into(), Format::Png));
        assert_eq!(
            p(&["-dsvg", "f.svg"]).unwrap(),
            ("f.svg".into(), Format::Svg)
        );
        assert_eq!(
            p(&["out.svg", "-r300"]).unwrap(),
            ("out.svg".into(), Format::Svg)
        );
        assert!(p(&["-dpng"]).is_err());
        assert!(p(&["-dpdf", "x"]).is_err());
        let args = vec![Value::str("-rabc"), Value::str("f.png")];
        assert!(print_args(&Graphics::default(), &args).is_err());
        let s = |a: &[&str]| {
            saveas_target(
                &[Value::num(1.0)]
                    .into_iter()
                    .chain(a.iter().map(|s| Value::str(s)))
                    .collect::<Vec<_>>(),
            )
            .map(|t| t.0.display().to_string())
        };
        assert_eq!(s(&["f", "svg"]).unwrap(), "f.svg");
        assert_eq!(s(&["g.png"]).unwrap(), "g.png");
        assert!(s(&["g.fig"]).is_err());
        assert_eq!(
            written_file(
                "print",
                &[Value::num(1.0), Value::str("-dsvg"), Value::str("a")]
            ),
            Some(PathBuf::from("a.svg"))
        );
    }
}
