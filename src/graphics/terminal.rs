//! Figures in the interactive terminal: after a command that changed a
//! figure, the REPL shows it inline.
//!
//! The way it is drawn depends on what the terminal understands, detected
//! from the environment (never by guessing on a terminal that may print
//! the bytes as garbage), and overridable with `FLATLAB_INLINE_IMAGES=
//! kitty|iterm|sixel|braille|none`:
//! - the kitty graphics protocol (kitty, Ghostty): the PNG, base64, in
//!   4096-byte chunks;
//! - iTerm2 inline images (iTerm2, WezTerm, VS Code's terminal);
//! - sixel (only when forced): the raster quantized to a small palette;
//! - otherwise (and inside tmux, which needs passthrough for images) a
//!   braille preview: one Unicode braille cell per 2x4 block of pixels
//!   that differ from the background, coloured by the line colour when the
//!   terminal takes colour.
//!
//! Every mode also writes the figure's PNG to a per-session temporary file
//! (`<tmp>/flatlab-<pid>/figure<N>.png`, a 0700 directory removed when
//! the REPL ends) and prints its path, so the user can open it. Nothing here runs unless stdout is a terminal: scripts,
//! `-c` and pipes keep stdout for MATLAB output.

use super::model::Figure;
use super::render::{self, Raster};
use std::io::Write;
use std::path::PathBuf;

/// How figures are drawn in the terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Kitty,
    Iterm,
    Sixel,
    Braille,
    /// Nothing is drawn (not a terminal, or `FLATLAB_INLINE_IMAGES=none`).
    None,
}

impl Mode {
    fn parse(s: &str) -> Option<Mode> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "kitty" => Mode::Kitty,
            "iterm" | "iterm2" => Mode::Iterm,
            "sixel" => Mode::Sixel,
            "braille" | "text" => Mode::Braille,
            "none" | "off" | "0" => Mode::None,
            _ => return None,
        })
    }
}

/// The mode for a terminal described by `env` (a variable's value by
/// name); `tty` is whether stdout is a terminal. Without a terminal the
/// answer is always `None`, whatever the variables say.
pub fn detect(env: impl Fn(&str) -> Option<String>, tty: bool) -> Mode {
    if !tty {
        return Mode::None;
    }
    if let Some(m) = env("FLATLAB_INLINE_IMAGES").and_then(|v| Mode::parse(&v)) {
        return m;
    }
    let term = env("TERM").unwrap_or_default();
    if term == "dumb" {
        return Mode::None;
    }
    // tmux (and screen) swallow image escapes unless passthrough is on.
    if env("TMUX").is_some() || term.starts_with("screen") || term.starts_with("tmux") {
        return Mode::Braille;
    }
    let program = env("TERM_PROGRAM").unwrap_or_default();
    if term == "xterm-kitty" || env("KITTY_WINDOW_ID").is_some() || program == "ghostty" {
        return Mode::Kitty;
    }
    if matches!(program.as_str(), "iTerm.app" | "WezTerm" | "vscode")
        || env("LC_TERMINAL").as_deref() == Some("iTerm2")
    {
        return Mode::Iterm;
    }
    Mode::Braille
}

/// The mode for this process's terminal.
pub fn detect_here() -> Mode {
    use std::io::IsTerminal;
    detect(|k| std::env::var(k).ok(), std::io::stdout().is_terminal())
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 (RFC 4648, padded).
pub fn base64(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The kitty graphics protocol command that displays `png`, `cols` cells
/// wide: `ESC _G f=100,a=T,... ; base64 ESC \`, the payload split in
/// 4096-byte chunks (m=1 on every chunk but the last, m=0).
pub fn kitty(png: &[u8], cols: u32) -> String {
    let data = base64(png);
    let chunks: Vec<&[u8]> = data.as_bytes().chunks(4096).collect();
    let mut out = String::with_capacity(data.len() + chunks.len() * 16 + 32);
    for (i, chunk) in chunks.iter().enumerate() {
        let more = u8::from(i + 1 < chunks.len());
        out.push_str("\x1b_G");
        if i == 0 {
            out.push_str(&format!("f=100,a=T,q=2,c={cols},"));
        }
        out.push_str(&format!("m={more};"));
        // base64 is ASCII.
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push_str("\x1b\\");
    }
    out
}

/// The iTerm2 inline-image sequence for `png`, `cols` cells wide.
pub fn iterm(png: &[u8], cols: u32) -> String {
    format!(
        "\x1b]1337;File=inline=1;size={};width={cols};preserveAspectRatio=1:{}\x07",
        png.len(),
        base64(png)
    )
}

/// The raster as sixel graphics (`ESC P q ... ESC \`), quantized to the
/// 6x6x6 colour cube (only the colours in use are defined).
pub fn sixel(r: &Raster) -> String {
    let (w, h) = (r.width as usize, r.height as usize);
    let level = |v: u8| (v as usize * 5 + 127) / 255;
    let index: Vec<usize> = r
        .rgba
        .chunks_exact(4)
        .map(|p| level(p[0]) * 36 + level(p[1]) * 6 + level(p[2]))
        .collect();
    let mut used = [false; 216];
    for &i in &index {
        used[i] = true;
    }
    let mut out = String::from("\x1bPq");
    out.push_str(&format!("\"1;1;{w};{h}"));
    for (i, _) in used.iter().enumerate().filter(|(_, u)| **u) {
        let pct = |l: usize| l * 100 / 5;
        out.push_str(&format!(
            "#{i};2;{};{};{}",
            pct(i / 36),
            pct(i / 6 % 6),
            pct(i % 6)
        ));
    }
    for band in (0..h).step_by(6) {
        let mut first = true;
        for (c, _) in used.iter().enumerate().filter(|(_, u)| **u) {
            let mut row = String::new();
            let mut any = false;
            let mut run: Option<(u8, usize)> = None;
            let flush = |row: &mut String, run: Option<(u8, usize)>| {
                if let Some((ch, n)) = run {
                    if n > 3 {
                        row.push_str(&format!("!{n}{}", ch as char));
                    } else {
                        for _ in 0..n {
                            row.push(ch as char);
                        }
                    }
                }
            };
            for x in 0..w {
                let mut bits = 0u8;
                for dy in 0..6 {
                    let y = band + dy;
                    if y < h && index[y * w + x] == c {
                        bits |= 1 << dy;
                    }
                }
                any |= bits != 0;
                let ch = 63 + bits;
                run = match run {
                    Some((p, n)) if p == ch => Some((p, n + 1)),
                    other => {
                        flush(&mut row, other);
                        Some((ch, 1))
                    }
                };
            }
            if !any {
                continue;
            }
            flush(&mut row, run);
            if !first {
                out.push('$');
            }
            first = false;
            out.push_str(&format!("#{c}{row}"));
        }
        out.push('-');
    }
    out.push_str("\x1b\\");
    out
}

/// A braille preview of the raster, `cols` x `rows` cells (each cell 2x4
/// dots, each dot a block of pixels): a dot is raised where some pixel in
/// its block differs clearly from the background (the raster's most
/// common colour). With `color`, a cell holding a clearly coloured pixel
/// (a line, not the black axes or grey text) takes that colour as an ANSI
/// 256-colour escape.
pub fn braille(r: &Raster, cols: usize, rows: usize, color: bool) -> Vec<String> {
    let (w, h) = (r.width as usize, r.height as usize);
    if w == 0 || h == 0 || cols == 0 || rows == 0 || r.rgba.len() < w * h * 4 {
        return Vec::new();
    }
    let px = |x: usize, y: usize| -> [u8; 3] {
        let i = (y * w + x) * 4;
        [r.rgba[i], r.rgba[i + 1], r.rgba[i + 2]]
    };
    let bg = background(r);
    let differs = |p: [u8; 3]| (0..3).any(|c| p[c].abs_diff(bg[c]) > 48);
    let (dw, dh) = (cols * 2, rows * 4);
    // Dot (i, j) covers pixels [x0, x1) x [y0, y1).
    let span = |i: usize, n: usize, len: usize| {
        let a = i * len / n;
        let b = ((i + 1) * len / n).max(a + 1).min(len);
        (a.min(len - 1), b)
    };
    // Braille bit for dot (dx, dy) within a cell.
    const BIT: [[u32; 4]; 2] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]];
    let mut lines = Vec::with_capacity(rows);
    for row in 0..rows {
        let mut line = String::new();
        let mut current: Option<u8> = None;
        for col in 0..cols {
            let mut bits = 0u32;
            let mut hue: Option<([u8; 3], u32)> = None;
            for (dx, bit_col) in BIT.iter().enumerate() {
                for (dy, bit) in bit_col.iter().enumerate() {
                    let (x0, x1) = span(col * 2 + dx, dw, w);
                    let (y0, y1) = span(row * 4 + dy, dh, h);
                    'dot: for y in y0..y1 {
                        for x in x0..x1 {
                            let p = px(x, y);
                            if differs(p) {
                                bits |= bit;
                                let s = saturation(p);
                                if s > 60 && hue.is_none_or(|(_, best)| s > best) {
                                    hue = Some((p, s));
                                }
                                if !color || hue.is_some() {
                                    break 'dot;
                                }
                            }
                        }
                    }
                }
            }
            let want = if color && bits != 0 {
                hue.map(|(p, _)| ansi256(p))
            } else {
                None
            };
            if want != current {
                match want {
                    Some(c) => line.push_str(&format!("\x1b[38;5;{c}m")),
                    None => line.push_str("\x1b[39m"),
                }
                current = want;
            }
            line.push(char::from_u32(0x2800 + bits).unwrap_or(' '));
        }
        if current.is_some() {
            line.push_str("\x1b[39m");
        }
        lines.push(line);
    }
    lines
}

/// The most common colour among a sample of the raster's pixels.
fn background(r: &Raster) -> [u8; 3] {
    let mut counts: std::collections::HashMap<[u8; 3], usize> = Default::default();
    let n = (r.width as usize) * (r.height as usize);
    let step = (n / 4096).max(1);
    for i in (0..n).step_by(step) {
        let p = &r.rgba[i * 4..i * 4 + 3];
        *counts.entry([p[0], p[1], p[2]]).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(p, c)| (*c, *p))
        .map(|(p, _)| p)
        .unwrap_or([255, 255, 255])
}

fn saturation(p: [u8; 3]) -> u32 {
    let max = p.iter().max().copied().unwrap_or(0) as u32;
    let min = p.iter().min().copied().unwrap_or(0) as u32;
    max - min
}

/// The nearest colour of the xterm 256-colour cube.
fn ansi256(p: [u8; 3]) -> u8 {
    let l = |v: u8| ((v as u32 * 5 + 127) / 255) as u8;
    16 + 36 * l(p[0]) + 6 * l(p[1]) + l(p[2])
}

/// The per-session directory for rendered figures.
pub fn session_dir() -> PathBuf {
    std::env::temp_dir().join(format!("flatlab-{}", std::process::id()))
}

/// Write `png`, figure `fig` rendered, to the session directory (through
/// `write_atomic`); the file's path, or why it failed.
pub fn write_png(fig: &Figure, png: &[u8]) -> Result<PathBuf, String> {
    let dir = session_dir();
    private_dir(&dir)?;
    let path = dir.join(format!("figure{}.png", fig.number));
    crate::formats::write_atomic(&path, |w| w.write_all(png))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// Make `dir` (mode 0700) if missing and check that it is a directory of
/// this user's, not a link or another user's directory planted in the
/// shared temporary directory.
fn private_dir(dir: &std::path::Path) -> Result<(), String> {
    use std::os::unix::fs::{DirBuilderExt, MetadataExt};
    match std::fs::DirBuilder::new().mode(0o700).create(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(format!("cannot create {}: {e}", dir.display())),
    }
    let m = std::fs::symlink_metadata(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    // SAFETY: geteuid has no preconditions.
    let me = unsafe { libc::geteuid() };
    if !m.is_dir() || m.uid() != me {
        return Err(format!(
            "{} is not a directory of this user's; not writing there",
            dir.display()
        ));
    }
    Ok(())
}

/// Remove the session directory of rendered figures (when the REPL ends),
/// if it is this user's directory (see `private_dir`).
pub fn remove_session_dir() {
    use std::os::unix::fs::MetadataExt;
    let dir = session_dir();
    // SAFETY: geteuid has no preconditions.
    let me = unsafe { libc::geteuid() };
    if let Ok(m) = std::fs::symlink_metadata(&dir) {
        if m.is_dir() && m.uid() == me {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

/// Braille preview size for a terminal `width` columns wide: at most 72
/// columns and 20 rows, keeping the figure's shape (braille dots are
/// about square).
pub fn preview_size(fig: &Figure, width: usize) -> (usize, usize) {
    let cols = width.saturating_sub(2).clamp(16, 72);
    let (fw, fh) = fig.size();
    let aspect = if fw > 0.0 && fh > 0.0 { fh / fw } else { 0.75 };
    let rows = ((cols * 2) as f64 * aspect / 4.0).round() as usize;
    (cols, rows.clamp(4, 20))
}

/// Draw figure `fig` for a terminal in `mode`, `width` columns wide, to
/// `out`. Errors name what failed (rendering, the PNG file, the terminal).
pub fn show(
    fig: &Figure,
    mode: Mode,
    width: usize,
    color: bool,
    out: &mut dyn Write,
) -> Result<(), String> {
    if mode == Mode::None {
        return Ok(());
    }
    let png =
        render::png(fig, 150.0).map_err(|e| format!("cannot render figure {}: {e}", fig.number));
    let file = png
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|p| write_png(fig, p));
    let cols = (width.saturating_sub(2)).clamp(16, 100) as u32;
    let io = |e: std::io::Error| format!("cannot write the figure to the terminal: {e}");
    match mode {
        Mode::Kitty | Mode::Iterm => {
            let png = png?;
            let seq = if mode == Mode::Kitty {
                kitty(&png, cols.min(80))
            } else {
                iterm(&png, cols.min(80))
            };
            out.write_all(seq.as_bytes()).map_err(io)?;
            writeln!(out).map_err(io)?;
        }
        Mode::Sixel => {
            let (fw, _) = fig.size();
            // About 640 pixels wide.
            let dpi = if fw > 0.0 { 96.0 * 640.0 / fw } else { 96.0 };
            let r = render::raster(fig, dpi)
                .map_err(|e| format!("cannot render figure {}: {e}", fig.number))?;
            out.write_all(sixel(&r).as_bytes()).map_err(io)?;
            writeln!(out).map_err(io)?;
        }
        Mode::Braille => {
            let (c, rows) = preview_size(fig, width);
            let (fw, _) = fig.size();
            // About 3 pixels a dot.
            let dpi = if fw > 0.0 {
                96.0 * (c * 2 * 3) as f64 / fw
            } else {
                96.0
            };
            let r = render::raster(fig, dpi)
                .map_err(|e| format!("cannot render figure {}: {e}", fig.number))?;
            let lines = braille(&r, c, rows, color);
            // Rows with no dot at the top and bottom are left out.
            let blank = |l: &String| l.chars().all(|ch| ch == '\u{2800}');
            let first = lines.iter().position(|l| !blank(l)).unwrap_or(lines.len());
            let last = lines
                .iter()
                .rposition(|l| !blank(l))
                .map_or(first, |i| i + 1);
            for line in &lines[first..last.max(first)] {
                writeln!(out, "{line}").map_err(io)?;
            }
        }
        Mode::None => {}
    }
    match file {
        Ok(path) => writeln!(out, "figure {}: {}", fig.number, path.display()).map_err(io)?,
        Err(e) => writeln!(out, "figure {} (no PNG file: {e})", fig.number).map_err(io)?,
    }
    out.flush().map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn detection_follows_the_terminal_and_the_override() {
        assert_eq!(detect(env(&[("TERM", "xterm-kitty")]), true), Mode::Kitty);
        assert_eq!(detect(env(&[("KITTY_WINDOW_ID", "1")]), true), Mode::Kitty);
        assert_eq!(
            detect(env(&[("TERM_PROGRAM", "ghostty")]), true),
            Mode::Kitty
        );
        for p in ["iTerm.app", "WezTerm", "vscode"] {
            let pairs: &'static [(&str, &str)] =
                Box::leak(vec![("TERM_PROGRAM", p)].into_boxed_slice());
            assert_eq!(detect(env(pairs), true), Mode::Iterm, "{p}");
        }
        assert_eq!(detect(env(&[("LC_TERMINAL", "iTerm2")]), true), Mode::Iterm);
        assert_eq!(
            detect(env(&[("TERM", "xterm-256color")]), true),
            Mode::Braille
        );
        // tmux needs passthrough for images: braille unless forced.
        let tmux = &[("TERM", "xterm-kitty"), ("TMUX", "/tmp/x")];
        assert_eq!(detect(env(tmux), true), Mode::Braille);
        let forced = &[("TMUX", "/tmp/x"), ("FLATLAB_INLINE_IMAGES", "kitty")];
        assert_eq!(detect(env(forced), true), Mode::Kitty);
        let sixel = &[("FLATLAB_INLINE_IMAGES", "sixel")];
        assert_eq!(detect(env(sixel), true), Mode::Sixel);
        let none = &[("TERM", "xterm-kitty"), ("FLATLAB_INLINE_IMAGES", "none")];
        assert_eq!(detect(env(none), true), Mode::None);
        // Not a terminal: nothing, whatever the variable says.
        let forced = &[("FLATLAB_INLINE_IMAGES", "kitty"), ("TERM", "xterm-kitty")];
        assert_eq!(detect(env(forced), false), Mode::None);
        assert_eq!(detect(env(&[("TERM", "dumb")]), true), Mode::None);
        // An unknown value is ignored, not obeyed.
        let bad = &[("FLATLAB_INLINE_IMAGES", "bogus"), ("TERM", "xterm")];
        assert_eq!(detect(env(bad), true), Mode::Braille);
    }

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, coded) in cases {
            assert_eq!(base64(plain.as_bytes()), coded, "{plain:?}");
        }
        assert_eq!(base64(&[0xfb, 0xff, 0xfe]), "+//+");
    }

    #[test]
    fn kitty_payload_is_chunked_with_more_flags() {
        let png: Vec<u8> = (0..10_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let seq = kitty(&png, 60);
        let pieces: Vec<&str> = seq.split("\x1b\\").filter(|p| !p.is_empty()).collect();
        // 10000 bytes -> 13336 base64 chars -> 4 chunks.
        assert_eq!(pieces.len(), 4);
        let mut payload = String::new();
        for (i, p) in pieces.iter().enumerate() {
            let body = p.strip_prefix("\x1b_G").expect("APC start");
            let (keys, data) = body.split_once(';').expect("keys;data");
            assert!(data.len() <= 4096);
            let last = i + 1 == pieces.len();
            assert!(keys.ends_with(if last { "m=0" } else { "m=1" }), "{keys}");
            if i == 0 {
                assert!(keys.starts_with("f=100,a=T"), "{keys}");
            }
            payload.push_str(data);
        }
        assert_eq!(payload, base64(&png));
    }

    #[test]
    fn iterm_sequence_carries_size_and_data() {
        let seq = iterm(b"abc", 40);
        assert!(seq.starts_with("\x1b]1337;File=inline=1;size=3;"));
        assert!(seq.ends_with(":YWJj\x07"));
    }

    fn raster_with(w: u32, h: u32, draw: impl Fn(u32, u32) -> Option<[u8; 3]>) -> Raster {
        let mut rgba = Vec::with_capacity((w * h * 4) as usize);
        for y in 0..h {
            for x in 0..w {
                let p = draw(x, y).unwrap_or([255, 255, 255]);
                rgba.extend_from_slice(&[p[0], p[1], p[2], 255]);
            }
        }
        Raster {
            width: w,
            height: h,
            rgba,
        }
    }

    #[test]
    fn braille_raises_dots_where_the_line_is() {
        // 40x40 pixels into 10x5 cells (20x20 dots, 2x2 pixels a dot): a red
        // horizontal line on the pixel rows 20-21 -> dot row 10 -> cell row 2,
        // dot row 2 within the cell (bits 0x04 and 0x20).
        let r = raster_with(40, 40, |_, y| (y == 20 || y == 21).then_some([255, 0, 0]));
        let lines = braille(&r, 10, 5, false);
        assert_eq!(lines.len(), 5);
        for (i, l) in lines.iter().enumerate() {
            let want = if i == 2 { '\u{2824}' } else { '\u{2800}' };
            assert!(l.chars().all(|c| c == want), "row {i}: {l:?}");
            assert_eq!(l.chars().count(), 10);
        }
        // In colour the line's cells take the red of the 256-colour cube.
        let coloured = braille(&r, 10, 5, true);
        assert!(
            coloured[2].starts_with("\x1b[38;5;196m"),
            "{:?}",
            coloured[2]
        );
        assert!(coloured[2].ends_with("\x1b[39m"));
        assert!(!coloured[0].contains('\x1b'));
    }

    #[test]
    fn braille_diagonal_and_faint_pixels() {
        // A black diagonal on 80x80 into 20x10 cells: every cell row has dots,
        // the top-left cell is raised and the top-right one is not.
        let r = raster_with(80, 80, |x, y| (x == y).then_some([0, 0, 0]));
        let lines = braille(&r, 20, 10, true);
        assert!(lines.iter().all(|l| l.chars().any(|c| c != '\u{2800}')));
        let first: Vec<char> = lines[0].chars().collect();
        assert_ne!(first[0], '\u{2800}');
        assert_eq!(first[19], '\u{2800}');
        // Black is not a line colour: no escapes.
        assert!(lines.iter().all(|l| !l.contains('\x1b')));
        // A pixel barely off-white is background, not a dot.
        let faint = raster_with(8, 8, |_, _| Some([250, 250, 250]));
        let faint = Raster {
            rgba: {
                let mut v = faint.rgba;
                v[0..3].copy_from_slice(&[240, 240, 240]);
                v
            },
            ..faint
        };
        assert!(braille(&faint, 4, 2, false)
            .iter()
            .all(|l| l.chars().all(|c| c == '\u{2800}')));
    }

    #[test]
    fn sixel_frames_bands_and_palette() {
        let r = raster_with(4, 7, |x, _| (x == 0).then_some([255, 0, 0]));
        let s = sixel(&r);
        assert!(s.starts_with("\x1bPq\"1;1;4;7"));
        assert!(s.ends_with("-\x1b\\"));
        // Two colours: red (#180) and white (#215).
        assert!(s.contains("#180;2;100;0;0"));
        assert!(s.contains("#215;2;100;100;100"));
        // 7 rows make two bands; red is column 0 only: all six bits, then one.
        assert_eq!(s.matches('-').count(), 2);
        assert!(s.contains("#180~???"), "{s:?}");
        assert!(s.contains("#180@???"), "{s:?}");
    }

    #[test]
    fn the_png_directory_must_be_a_private_directory() {
        let base = crate::eval::test_util::tempdir("terminal_private_dir");
        let dir = base.join("own");
        private_dir(&dir).expect("made");
        private_dir(&dir).expect("already there, ours");
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&dir).expect("meta").permissions().mode();
        assert_eq!(mode & 0o077, 0, "{mode:o}");
        // A link planted where the directory goes is refused.
        let link = base.join("link");
        std::os::unix::fs::symlink(&dir, &link).expect("symlink");
        let e = private_dir(&link).expect_err("a link is not ours");
        assert!(e.contains("not a directory of this user's"), "{e}");
    }

    #[test]
    fn preview_fits_eighty_columns() {
        let fig = Figure::new(1);
        let (c, r) = preview_size(&fig, 80);
        assert!(c <= 78 && (15..=20).contains(&r), "{c}x{r}");
        let (c, _) = preview_size(&fig, 40);
        assert_eq!(c, 38);
    }
}
