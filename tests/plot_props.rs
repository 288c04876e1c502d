//! Graphics objects and their properties against Octave's answers,
//! through every door (so through the store between the pipe's commands):
//! figure and axes handles (`isfigure`, `isaxes`, `isgraphics` with the
//! root 0), properties flatlab keeps with Octave's defaults (`NextPlot`,
//! `PaperType`, `CurrentAxes`), titles and labels as text objects whose
//! font size follows the axes' `FontSize` and multipliers, `text`'s
//! string forms, `line`, tick modes, `hold` and `NextPlot`, `logspace`
//! and `size_equal`, the argument checks of the plot functions with
//! Octave's messages, an image's `CData` with `XData` following it, and
//! `close` with an empty `CloseRequestFcn`. The
//! expected text is octave-cli 7.3's output of the same code (with
//! `set(0, 'defaultfigurevisible', 'off')`).

mod common;
use common::{same_through_doors, Sandbox};

#[test]
fn graphics_objects_answer_as_octave_through_every_door() {
    assert_eq!(same_through_doors(CODE), WANT);
}

/// A title's own colour and font size, and a label's colour, reach the
/// printed figure; an unstyled label keeps the axis grey.
#[test]
fn title_and_label_styles_are_drawn() {
    let s = Sandbox::new("plot-label-style");
    s.ok("plot(1:3); title('Styled', 'color', 'r', 'fontsize', 20); xlabel('time', 'color', [0 0 1]); ylabel('plain'); print -dsvg t.svg");
    let svg = std::fs::read_to_string(s.cwd.join("t.svg")).expect("t.svg written");
    let text_tag = |label: &str| -> String {
        let end = svg.find(&format!(">{label}</text>")).expect("label drawn");
        let start = svg[..end].rfind("<text").expect("text element");
        svg[start..end].to_string()
    };
    let title = text_tag("Styled");
    assert!(title.contains("fill=\"#ff0000\""), "{title}");
    // 20 pt at 96 dpi.
    assert!(title.contains("font-size=\"26.6"), "{title}");
    assert!(text_tag("time").contains("fill=\"#0000ff\""));
    assert!(text_tag("plain").contains("fill=\"#262626\""));
}

const CODE: &str = r#"hf = figure(3); disp([isfigure(hf) isaxes(hf) isgraphics(0) isgraphics(0, 'root')])
disp(get(hf, 'NextPlot')), disp(get(hf, 'PaperType')), disp(isempty(get(hf, 'currentaxes')))
set(hf, 'papertype', 'a4'); disp(get(hf, 'papertype'))
ax = axes(); disp([isaxes(ax) isequal(gca, ax) numel(get(hf, 'children'))])
set(gca, 'fontsize', 5, 'titlefontsizemultiplier', 3, 'labelfontsizemultiplier', 2);
ht = title('Results', 'color', 'r'); disp(get(ht, 'fontsize')), disp(get(ht, 'color')), disp(isequal(get(gca, 'title'), ht))
hx = xlabel({'time'; 'seconds'}); c = get(hx, 'string'); disp(class(c)), disp(size(c)), disp(get(hx, 'fontsize'))
set(gca, 'fontsize', 8); disp(get(hx, 'fontsize')), disp(get(get(gca, 'zlabel'), 'visible'))
set(gca, 'fontname', 'Liberation Serif'); disp(get(ht, 'fontname'))
h = text([1 2], [3 4], ['ab'; 'cd']); disp(get(h(2), 'string'))
h = text(0.5, 0.5, {'one', 'two'}); c = get(h, 'string'); disp(class(c)), disp(c')
h = text(0.5, 0.5, ['row 1'; 'row 2']); disp(size(get(h, 'string')))
h = text('String', 'Hi', 'Position', [0.2 0.3], 'FontSize', 16); disp(get(h, 'string')), disp(get(h, 'fontsize'))
l = line(); disp(get(l, 'type')), disp(numel(get(gca, 'children')))
plot(1:10); xticks(gca, 'manual'); disp(xticks('mode')); xticks auto; disp(xticks('mode'))
disp(get(gca, 'nextplot')), hold on, disp(get(gca, 'nextplot')), hold off
disp(get(gca, 'colororderindex'))
disp(logspace(0, 3, 4)), disp(logspace(0, Inf, 3)), disp(size(logspace(1, 2)))
disp([size_equal(1, 2), size_equal(ones(2), ones(3))])
try, stem(1, 2, 3), catch e, disp(e.message), end
try, stem(1:2, 1:3), catch e, disp(e.message), end
try, stairs(1:2, 1:3), catch e, disp(e.message), end
try, errorbar(1, 2, 3, 4, 5), catch e, disp(e.message), end
try, errorbar(1, 2, '~>'), catch e, disp(e.message), end
try, area(1:2, [1 1+i]), catch e, disp(e.message), end
try, bar([1 2 2], [1 2 3]), catch e, disp(e.message), end
try, colorbar('location', 'middle'), catch e, disp(e.message), end
try, axis([1 2 4 3]), catch e, disp(e.message), end
try, colormap([2 0 0]), catch e, disp(e.message), end
try, text(1, [2 3], 'x'), catch e, disp(e.message), end
try, close(-1), catch e, disp(e.message), end
try, close all hid, catch e, disp(e.message), end
try, isgraphics(0, 1), catch e, disp(e.message), end
hg = figure('closerequestfcn', []); close(hg); disp(isfigure(hg)); close(hg, 'force'); disp(isfigure(hg))
hi = image(magic(3)); disp(size(get(hi, 'cdata'))); set(hi, 'cdata', ones(2, 5)); disp([get(hi, 'xdata') get(hi, 'ydata')])
close all; disp(isfigure(3))
"#;

const WANT: &str = r#"  1  0  1  1
add
usletter
1
a4
   1   1   1
15
   1   0   0
1
cell
   2   1
10
16
off
Liberation Serif
cd
cell
{
  [1,1] = one
  [1,2] = two
}
   2   5
Hi
16
line
6
manual
auto
replace
add
2
      1     10    100   1000
     1   Inf   Inf
    1   50
  1  0
stem: can not define Z for 2-D stem plot
stem: inconsistent sizes for X and Y
stairs: X and Y sizes must match
errorbar: error plot requires 2, 3, 4, or 6 arguments
errorbar: 2 column errorplot is only valid for xerr or yerr
area: X and Y must be real vectors or matrices
bar: X vector values must be unique
colorbar: unrecognized colorbar location
axis: LIMITS(3) must be less than LIMITS(4)
colormap: all MAP values must be in the range [0,1]
text: number of X, Y, and Z coordinates must match
close: first argument must be "all", a figure handle, or a figure name
close: second argument must be "hidden" or "force"
isgraphics: TYPE must be a string
1
0
   3   3
   1   5   1   2
0
"#;
