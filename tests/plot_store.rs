//! Figures in the workspace store: hidden from the variable commands, and
//! their data shares the chunks of the variables they plot.

mod common;
use common::{stdout, Sandbox};

/// The `chunks:` count `workspace` reports.
fn chunks(s: &Sandbox) -> u64 {
    let out = s.ok("workspace");
    out.lines()
        .find_map(|l| l.trim().strip_prefix("chunks:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no chunk count in `workspace` output:\n{out}"))
}

#[test]
fn plotting_stored_vectors_adds_no_chunks() {
    let s = Sandbox::new("plot-chunks");
    s.ok("t = linspace(0, 10, 1e6); y = sin(t);");
    let before = chunks(&s);
    assert!(
        before >= 16,
        "two 8 MB vectors should be chunked, got {before} chunks"
    );
    s.ok("plot(t, y)");
    assert_eq!(
        chunks(&s),
        before,
        "plot(t, y) of stored t and y wrote new chunks"
    );
    // `plot(y)` draws against 1:N, which is not stored as N numbers.
    s.ok("figure; plot(y)");
    assert_eq!(chunks(&s), before, "plot(y) of a stored y wrote new chunks");
    // Changing y after plotting does not change the figure (value semantics),
    // and the figure keeps the old y's chunks alive.
    s.ok("y(1) = 5;");
    assert!(chunks(&s) > before);
}

#[test]
fn figures_are_not_variables() {
    let s = Sandbox::new("plot-hidden");
    s.ok("x = 1:5; plot(x, x.^2); title('kept'); figure(4); bar(x)");
    let who = s.ok("who");
    assert!(
        who.contains('x') && !who.contains("figure"),
        "who lists figures:\n{who}"
    );
    let whos = s.ok("whos");
    assert!(!whos.contains("figure"), "whos lists figures:\n{whos}");
    // clear all keeps figures (as in MATLAB); save writes only variables.
    s.ok("clear all; y = 2; save vars.mat");
    let o = s.ok("S = load('vars.mat'); disp(fieldnames(S))");
    assert_eq!(o.trim(), "{\n  [1,1] = y\n}");
    // The figures are still open after a restart: gcf is figure 4 and
    // figure 1's title is kept.
    assert_eq!(s.ok("disp(gcf)").trim(), "4");
    s.ok("print(1, '-dsvg', 'one.svg')");
    let svg = std::fs::read_to_string(s.cwd.join("one.svg")).expect("print wrote one.svg");
    assert!(
        svg.contains("kept"),
        "figure 1 lost its title after a restart"
    );
    // Two variables (y and S), however many figures.
    let list = s.run(&["--list"]);
    assert!(
        stdout(&list)
            .lines()
            .any(|l| l.starts_with("default") && l.split_whitespace().nth(1) == Some("2")),
        "--list counts figures as variables:\n{}",
        stdout(&list)
    );
}
