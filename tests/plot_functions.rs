//! Every plotting function of issue 12 runs without error through a
//! script, `-c` and a pipe, and leaves the same variables as the same
//! script with the plotting lines removed; `print` writes real files.

mod common;
use common::{same_through_doors, stderr, Sandbox};

/// The script: `(line, draws)`. Lines that draw are removed for the
/// comparison run; the others compute the variables both runs must leave
/// (some of them call plotting functions that return data without
/// drawing: `hist` and `stairs` with outputs, the colormap functions).
const SCRIPT: &[(&str, bool)] = &[
    ("x = linspace(0, 2*pi, 40); y = sin(x);", false),
    ("[X, Y] = meshgrid(-2:0.25:2); Z = X .* exp(-X.^2 - Y.^2);", false),
    ("[nn, cc] = hist(y, 5); [xs, ys] = stairs(1:3);", false),
    ("cm = jet(8); g4 = gray(4); p3 = parula(3); v2 = viridis(2); h5 = hot(5);", false),
    ("close all", true),
    ("figure", true),
    ("figure(2)", true),
    ("figure('Name', 'named')", true),
    ("clf", true),
    ("hold on", true),
    ("hold off", true),
    ("hold", true),
    ("subplot(2, 2, 1)", true),
    ("subplot(222)", true),
    ("subplot(2, 2, [3 4])", true),
    ("if ~ishghandle(gcf) || ~isgraphics(gca), error('no handles'); end", true),
    ("set(gca, 'XLim', [0 10], 'YScale', 'linear')", true),
    ("if numel(get(gca, 'XLim')) ~= 2, error('get'); end", true),
    ("plot(x, y, 'r--o', x, 2*y, 'LineWidth', 2, 'Color', [1 0 0], 'MarkerFaceColor', 'r', 'DisplayName', 'a')", true),
    ("legend('a', 'b')", true),
    ("legend('Location', 'northwest')", true),
    ("legend({'one', 'two'})", true),
    ("legend boxoff", true),
    ("legend off", true),
    ("plot(y)", true),
    ("plot3(x, y, x)", true),
    ("scatter(x, y, 20, y, 'filled')", true),
    ("bar([1 2 3])", true),
    ("barh([1 2; 3 4], 'stacked')", true),
    ("histogram(y, 'Normalization', 'pdf')", true),
    ("histogram(y, 7)", true),
    ("hist(y, 5)", true),
    ("stem(x, y)", true),
    ("stairs(x, y)", true),
    ("area(x, abs(y))", true),
    ("errorbar(1:5, 1:5, 0.5 * ones(1, 5))", true),
    ("semilogx(x + 1, y)", true),
    ("semilogy(x, exp(x))", true),
    ("loglog(x + 1, exp(x))", true),
    ("fill([0 1 1], [0 0 1], 'r')", true),
    ("text(1, 0.5, 'label')", true),
    ("xlabel('x'); ylabel('y'); zlabel('z'); title('T', 'FontSize', 12)", true),
    ("grid on", true),
    ("grid", true),
    ("grid minor", true),
    ("box on", true),
    ("axis equal", true),
    ("axis tight", true),
    ("axis([0 7 -1 1])", true),
    ("axis off", true),
    ("axis on", true),
    ("axis ij", true),
    ("axis xy", true),
    ("axis square", true),
    ("axis auto", true),
    ("xlim([0 5]); ylim([-2 2]); zlim([0 1])", true),
    ("xticks(0:5); yticks([-1 0 1])", true),
    ("xticklabels({'a', 'b', 'c', 'd', 'e', 'f'}); yticklabels({'lo', 'mid', 'hi'})", true),
    ("colorbar", true),
    ("colormap(jet(64))", true),
    ("colormap gray", true),
    ("colormap('parula')", true),
    ("imagesc(Z)", true),
    ("imagesc(Z, [0 1])", true),
    ("image(Z * 10 + 20)", true),
    ("imshow(uint8([0 128; 255 64]))", true),
    ("imshow([0 0.5; 1 0.25])", true),
    ("caxis([0 1])", true),
    ("clim auto", true),
    ("contour(X, Y, Z)", true),
    ("contourf(Z, 5)", true),
    ("surf(X, Y, Z)", true),
    ("mesh(Z)", true),
    ("view(2)", true),
    ("view(3)", true),
    ("view(30, 45)", true),
    ("drawnow", true),
    ("pause(0)", true),
    ("print -dsvg out.svg", true),
    ("print('-dsvg', 'out2')", true),
    ("saveas(gcf, 'f.svg')", true),
    ("exportgraphics(gca, 'e.svg')", true),
    ("close(2)", true),
    ("close all", true),
];

/// The variables and a digest of their values.
const REPORT: &str = "who\ndisp([sum(y), sum(Z(:)), sum(nn), sum(cc), sum(xs), sum(ys), sum(cm(:)), sum(g4(:)), sum(p3(:)), sum(v2(:)), sum(h5(:))])\n";

fn script(with_plots: bool) -> String {
    let mut s: String = SCRIPT
        .iter()
        .filter(|(_, draws)| with_plots || !draws)
        .map(|(l, _)| format!("{l}\n"))
        .collect();
    s.push_str(REPORT);
    s
}

#[test]
fn every_plotting_function_runs_and_leaves_the_variables_alone() {
    let with = same_through_doors(&script(true));
    let without = same_through_doors(&script(false));
    assert_eq!(with, without, "plotting changed the variables");
    assert!(
        with.contains("nn"),
        "the report lists the variables:\n{with}"
    );
}

#[test]
fn each_plotting_line_runs_on_its_own() {
    // One session per line would be slow; one -c per line in a shared
    // sandbox names the line that fails.
    let s = Sandbox::new("plot-each");
    s.ok(SCRIPT[0].0);
    s.ok(SCRIPT[1].0);
    for (line, _) in SCRIPT {
        let o = s.code(line);
        assert!(o.status.success(), "{line}: {}", stderr(&o));
    }
}

#[test]
fn print_writes_svg_files() {
    let s = Sandbox::new("plot-print-svg");
    s.ok("plot(1:3); print -dsvg a.svg; print('-dsvg', 'b'); saveas(gcf, 'c', 'svg'); exportgraphics(gcf, 'd.svg')");
    for f in ["a.svg", "b.svg", "c.svg", "d.svg"] {
        let text = std::fs::read_to_string(s.cwd.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        assert!(
            text.trim_start().starts_with("<svg") || text.contains("<svg "),
            "{f} has no SVG root:\n{text}"
        );
    }
}

#[test]
fn print_writes_png_files() {
    let s = Sandbox::new("plot-print-png");
    s.ok("plot(1:3); print -dpng a.png; print('-dpng', '-r72', 'b'); saveas(gcf, 'c.png'); exportgraphics(gca, 'd.png', 'Resolution', 300)");
    for f in ["a.png", "b.png", "c.png", "d.png"] {
        let bytes = std::fs::read(s.cwd.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{f} is not a PNG");
    }
}

#[test]
fn wrong_arguments_are_errors_not_crashes() {
    let s = Sandbox::new("plot-errors");
    for code in [
        "plot(1:3, 1:4)",
        "subplot(2, 2, 5)",
        "close(42)",
        "axis sideways",
        "set(99, 'Name', 'x')",
        "print -dpdf x",
        "colormap nosuchmap",
        "hist([], 3)",
    ] {
        let o = s.code(code);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{code} should fail cleanly: {}",
            stderr(&o)
        );
        assert!(!stderr(&o).contains("panicked"), "{code} panicked");
    }
}

/// `[n, x] = hist(...)` prints the same 17-digit numbers as Octave.
#[test]
fn hist_outputs_match_octave_exactly() {
    let code = "y1 = sin(1:100) * 3.7 + 0.1;\n\
        y2 = [0 0.1 0.2 0.3 0.3 0.3 1 1 1 2.5];\n\
        y3 = reshape(cos(1:60), 20, 3);\n\
        [a, b] = hist(y1, 20); printf('%.17g ', a, b); printf('\\n');\n\
        [a, b] = hist(y1, 13); printf('%.17g ', a, b); printf('\\n');\n\
        [a, b] = hist(y2, 7); printf('%.17g ', a, b); printf('\\n');\n\
        [a, b] = hist(y2, 0:0.5:2.5); printf('%.17g ', a, b); printf('\\n');\n\
        [a, b] = hist(y2, [0 0.2 1 3]); printf('%.17g ', a, b); printf('\\n');\n\
        [a, b] = hist(y3); printf('%.17g ', a, b); disp(size(a)); printf('\\n');\n\
        [a, b] = hist(y1, 50, 2); printf('%.17g ', a, b); printf('\\n');\n\
        [a, b] = hist(y2'); printf('%.17g ', a, b); disp(size(a)); printf('\\n');\n";
    if !common::tool_available(
        "octave-cli",
        &["--version"],
        common::interop_required(),
        "hist_outputs_match_octave_exactly (octave-cli not installed)",
    ) {
        return;
    }
    let s = Sandbox::new("plot-hist-octave");
    let path = s.write("h.m", code);
    let oct = std::process::Command::new("octave-cli")
        .args(["-q", "--no-gui"])
        .arg(&path)
        .current_dir(&s.cwd)
        .output()
        .expect("run octave-cli");
    assert!(oct.status.success(), "octave: {}", stderr(&oct));
    let ours = s.run(&["h.m"]);
    assert!(ours.status.success(), "flatlab: {}", stderr(&ours));
    assert_eq!(common::stdout(&ours), common::stdout(&oct));
}
