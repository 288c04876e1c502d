//! Plot rendering bench: `render::png` of a figure holding a 1e6-point
//! sine (median of a few runs), then, when the release binary can plot,
//! `flatlab -c "...; plot(x,y); print -dpng f.png"` end to end, and the same
//! script in `octave-cli` when it is installed (it may fail without a
//! display: then the reason is printed), with ratios.
//!
//! Run with `cargo bench --bench plots`. Nothing here asserts a time; the
//! issue's bar (1e6 points to PNG well under 1 s) is read from the output.

mod common;

use common::Home;
use flatlab::graphics::model::{Artist, Axes, Figure, Line, COLOR_ORDER, DEFAULT_AXES_POSITION};
use flatlab::graphics::render;
use std::process::Command;
use std::time::{Duration, Instant};

const N: usize = 1_000_000;
const RUNS: usize = 5;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn sine_figure() -> Figure {
    let x: Vec<f64> = (0..N).map(|i| i as f64 * 1e-4).collect();
    let y: Vec<f64> = x.iter().map(|v| v.sin()).collect();
    let mut f = Figure::new(1);
    let mut ax = Axes::new(1, DEFAULT_AXES_POSITION);
    ax.children
        .push(Artist::Line(Line::new(x, y, COLOR_ORDER[0])));
    f.axes.push(ax);
    f.current = Some(0);
    f
}

const SCRIPT: &str = "x = linspace(0, 100, 1e6); y = sin(x); plot(x, y); print -dpng f.png";

/// Time `cmd` RUNS times; `Err` with its stderr if a run fails or makes no
/// `f.png` in `dir`.
fn time_command(
    mut make: impl FnMut() -> Command,
    dir: &std::path::Path,
) -> Result<Duration, String> {
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let _ = std::fs::remove_file(dir.join("f.png"));
        let t = Instant::now();
        let out = make().output().map_err(|e| format!("cannot start: {e}"))?;
        let el = t.elapsed();
        if !out.status.success() || !dir.join("f.png").exists() {
            let err = String::from_utf8_lossy(&out.stderr);
            return Err(format!(
                "{} ({})",
                err.lines()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or("no f.png written")
                    .trim(),
                out.status
            ));
        }
        times.push(el);
    }
    Ok(median(times))
}

fn main() {
    let fig = sine_figure();
    let mut times = Vec::new();
    let mut bytes = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        let png = render::png(&fig, 150.0).expect("render");
        times.push(t.elapsed());
        bytes = png.len();
    }
    let lib = median(times);
    println!(
        "render::png of a 1e6-point sine at 150 dpi: median {:.1} ms of {RUNS} ({bytes} bytes)",
        lib.as_secs_f64() * 1e3
    );

    let home = Home::new("plots");
    let ours = time_command(
        || {
            let mut c = home.cmd(&["-c", SCRIPT]);
            c.env("TERM", "dumb");
            c
        },
        &home.dir,
    );
    match &ours {
        Ok(t) => println!(
            "flatlab -c \"{SCRIPT}\": median {:.1} ms",
            t.as_secs_f64() * 1e3
        ),
        Err(e) => println!("flatlab end to end: not timed, plot/print failed: {e}"),
    }

    let octave = which("octave-cli");
    match (octave, &ours) {
        (None, _) => println!("octave-cli not installed: no ratio"),
        (Some(oc), ours) => {
            let theirs = time_command(
                || {
                    let mut c = Command::new(&oc);
                    c.args(["--no-gui", "--norc", "--eval", SCRIPT])
                        .current_dir(&home.dir);
                    c
                },
                &home.dir,
            );
            match (theirs, ours) {
                (Ok(o), Ok(f)) => println!(
                    "octave-cli: median {:.1} ms; ratio flatlab/octave {:.2}",
                    o.as_secs_f64() * 1e3,
                    f.as_secs_f64() / o.as_secs_f64()
                ),
                (Ok(o), Err(_)) => println!(
                    "octave-cli: median {:.1} ms; no ratio",
                    o.as_secs_f64() * 1e3
                ),
                (Err(e), _) => println!("octave-cli could not plot here (no display?): {e}"),
            }
        }
    }
}

fn which(name: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| std::path::Path::new(d).join(name))
        .find(|p| p.is_file())
}
