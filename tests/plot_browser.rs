//! The `plots` page in a real browser: the server (started through the
//! library, as the shell's `plots` command does) shows a figure with a thick
//! red line; headless Chromium's screenshot of the page must show that red.
//! A change to the figure bumps `/version` and changes the served image.
//!
//! Chromium is Debian's `chromium` package (`.ci/run` installs it); without
//! it the test is skipped with a note, unless FLATLAB_REQUIRE_INTEROP=1.

mod common;
use flatlab::graphics::model::{Artist, Axes, Figure, Line, Rgb, DEFAULT_AXES_POSITION};
use flatlab::graphics::serve::Plots;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

fn red_line_figure() -> Figure {
    let mut fig = Figure::new(1);
    let mut ax = Axes::new(1, DEFAULT_AXES_POSITION);
    let mut line = Line::new(
        (1..=10).map(f64::from).collect(),
        (1..=10).map(f64::from).collect(),
        Rgb(1.0, 0.0, 0.0),
    );
    line.width = 8.0;
    ax.children.push(Artist::Line(line));
    fig.axes.push(ax);
    fig.current = Some(0);
    fig
}

/// GET `path` from the server: status line and body.
fn get(url: &str, path: &str) -> (String, Vec<u8>) {
    let host = url.trim_start_matches("http://").trim_end_matches('/');
    let mut s = TcpStream::connect(host).expect("connect to the plots server");
    s.set_read_timeout(Some(Duration::from_secs(30))).ok();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n").expect("send");
    let mut out = Vec::new();
    s.read_to_end(&mut out).expect("read the answer");
    let at = out
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP answer");
    let head = String::from_utf8_lossy(&out[..at]).into_owned();
    let status = head.lines().next().unwrap_or("").to_string();
    (status, out[at + 4..].to_vec())
}

/// Decode an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes)
/// to RGBA pixels.
fn decode_png(data: &[u8]) -> (usize, usize, Vec<u8>) {
    assert!(data.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let (mut w, mut h, mut channels) = (0usize, 0usize, 0usize);
    let mut idat = Vec::new();
    let mut at = 8;
    while at + 8 <= data.len() {
        let len = u32::from_be_bytes(data[at..at + 4].try_into().unwrap()) as usize;
        let kind = &data[at + 4..at + 8];
        let body = &data[at + 8..at + 8 + len];
        match kind {
            b"IHDR" => {
                w = u32::from_be_bytes(body[0..4].try_into().unwrap()) as usize;
                h = u32::from_be_bytes(body[4..8].try_into().unwrap()) as usize;
                assert_eq!(body[8], 8, "8-bit PNG expected");
                assert_eq!(body[12], 0, "non-interlaced PNG expected");
                channels = match body[9] {
                    2 => 3,
                    6 => 4,
                    c => panic!("PNG colour type {c} not handled"),
                };
            }
            b"IDAT" => idat.extend_from_slice(body),
            _ => {}
        }
        at += 12 + len;
    }
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(&idat[..])
        .read_to_end(&mut raw)
        .expect("inflate the PNG");
    let stride = w * channels;
    let mut prev = vec![0u8; stride];
    let mut rgba = Vec::with_capacity(w * h * 4);
    for y in 0..h {
        let line = &raw[y * (stride + 1)..(y + 1) * (stride + 1)];
        let mut cur = line[1..].to_vec();
        for i in 0..stride {
            let a = if i >= channels { cur[i - channels] } else { 0 } as i32;
            let b = prev[i] as i32;
            let c = if i >= channels { prev[i - channels] } else { 0 } as i32;
            let add = match line[0] {
                0 => 0,
                1 => a,
                2 => b,
                3 => (a + b) / 2,
                4 => {
                    let p = a + b - c;
                    let (pa, pb, pc) = ((p - a).abs(), (p - b).abs(), (p - c).abs());
                    if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    }
                }
                f => panic!("PNG filter {f}"),
            };
            cur[i] = cur[i].wrapping_add(add as u8);
        }
        for px in cur.chunks(channels) {
            rgba.extend_from_slice(&[px[0], px[1], px[2], 255]);
        }
        prev = cur;
    }
    (w, h, rgba)
}

fn red_pixels(rgba: &[u8]) -> usize {
    rgba.chunks(4)
        .filter(|p| p[0] > 200 && p[1] < 80 && p[2] < 80)
        .count()
}

#[test]
fn chromium_shows_the_plotted_line_and_follows_changes() {
    let required = common::interop_required();
    if !common::tool_available(
        "chromium",
        &["--version"],
        required,
        "the plots page in headless Chromium (apt-get install chromium)",
    ) {
        return;
    }
    let plots = Plots::start().expect("start the plots server");
    let url = plots.url();
    let mut figs = BTreeMap::from([(1u32, red_line_figure())]);
    plots.update(&figs);

    // The image itself must render before a browser can show it.
    let (status, first) = get(&url, "/figure/1.png");
    assert!(
        status.contains("200"),
        "/figure/1.png answered {status}: {} (graphics::render must draw PNGs; it lands on branch render)",
        String::from_utf8_lossy(&first)
    );

    let s = common::Sandbox::new("plot_browser");
    let shot = s.cwd.join("page.png");
    let profile = s.cwd.join("chromium-profile");
    // Chromium waits for the page's images only up to its virtual time
    // budget; 5 s of virtual time covers the poll and the image load.
    let mut child = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--virtual-time-budget=5000",
            &format!("--user-data-dir={}", profile.display()),
            &format!("--screenshot={}", shot.display()),
            "--window-size=900,700",
            &url,
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start chromium");
    // Bounded: a hung browser is killed after a minute.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(st) = child.try_wait().expect("wait for chromium") {
            break st;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish its screenshot within 60 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "chromium failed: {status}");
    let png = std::fs::read(&shot).expect("chromium wrote the screenshot");
    let (w, h, rgba) = decode_png(&png);
    assert!(w >= 800 && h >= 600, "screenshot {w}x{h}");
    let red = red_pixels(&rgba);
    // An 8-point line across a 560-pixel-wide figure: thousands of pixels.
    assert!(
        red > 1000,
        "the screenshot shows {red} red pixels: the page did not show the plotted line"
    );

    // An edit bumps the version and changes the served image.
    let (_, v) = get(&url, "/version");
    let before: u64 = String::from_utf8_lossy(&v).trim().parse().expect("version");
    if let Some(Artist::Line(l)) = figs
        .get_mut(&1)
        .and_then(|f| f.axes[0].children.first_mut())
    {
        l.y = (1..=10).rev().map(f64::from).collect();
        l.color = Rgb(0.0, 0.0, 1.0);
    }
    plots.update(&figs);
    let (_, v) = get(&url, "/version");
    let after: u64 = String::from_utf8_lossy(&v).trim().parse().expect("version");
    assert!(after > before, "version {before} -> {after}");
    let (status, second) = get(&url, "/figure/1.png");
    assert!(status.contains("200"), "{status}");
    assert_ne!(first, second, "the edited figure is served unchanged");
    let (_, _, a) = decode_png(&first);
    let (_, _, b) = decode_png(&second);
    assert!(red_pixels(&a) > red_pixels(&b) * 10, "the red line is gone");

    // Closing the figure takes it off the page.
    plots.update(&BTreeMap::new());
    let (status, _) = get(&url, "/figure/1.png");
    assert!(status.contains("404"), "{status}");
}

#[test]
fn plots_command_prints_its_address_on_stderr_only() {
    let s = common::Sandbox::new("plots_cmd");
    let o = s.code("plots");
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert_eq!(common::stdout(&o), "", "stdout is for MATLAB output");
    let err = common::stderr(&o);
    assert!(err.contains("http://127.0.0.1:"), "{err}");
    // A variable named plots is MATLAB's: shown, not the server.
    let o = s.code("plots = 3;");
    assert!(o.status.success());
    let o = s.code("plots");
    assert_eq!(common::stdout(&o), "plots = 3\n");
    assert!(!common::stderr(&o).contains("http://"));
}

/// The shell keeps the page in step with the REPL: after `plots` the
/// stored figure is listed, `close all` takes it away, `plot` adds it,
/// `undo` takes it away again.
#[test]
fn the_repl_keeps_the_page_in_step() {
    use common::tmux::{self, Tmux};
    let s = common::Sandbox::new("plots_repl");
    if !tmux::available() {
        return;
    }
    let o = s.code("plot(1:10); disp(42)");
    assert!(
        o.status.success(),
        "plot(1:10) fails in -c: {} (the plot builtins must be merged for this test)",
        common::stderr(&o)
    );
    let t = Tmux::start(&s, &s.cwd, "plots", 120);
    t.wait_for("the first prompt", |sc| sc.contains("default>>"));
    t.type_text("plots", true);
    let screen = t.wait_for("the page's address", |sc| sc.contains("http://127.0.0.1:"));
    let url = screen
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .expect("the URL")
        .to_string();
    let figures = |want: &str| {
        // The shell updates the page before the next prompt shows.
        let (status, body) = get(&url, "/figures");
        assert!(status.contains("200"), "{status}");
        let body = String::from_utf8_lossy(&body).into_owned();
        assert!(
            body.ends_with(want),
            "/figures is {body}, expected ...{want}"
        );
    };
    // The figure the -c run above left in the workspace is back.
    figures("[1]}");
    // Run `cmd`, wait for `marker` in its output and the prompt after it.
    let run = |cmd: &str, marker: &str| {
        t.type_text(cmd, true);
        t.wait_for(marker, |sc| {
            sc.rfind(marker)
                .is_some_and(|i| sc[i..].trim_end().ends_with("default>>"))
        });
    };
    run("close all; disp('closed')", "closed");
    figures("[]}");
    run("plot(1:10); disp('drawn')", "drawn");
    figures("[1]}");
    run("undo", "removed figure 1");
    figures("[]}");
    t.key("C-d");
    t.wait_exit("Ctrl-D");
}
