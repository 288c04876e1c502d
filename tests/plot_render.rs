//! Rendering tests: figures built with the model directly, drawn to pixels
//! and SVG, checked for what a user would see (where the line is, which
//! labels are where, that text is really drawn), not against golden files.

use flatlab::graphics::colormaps;
use flatlab::graphics::model::*;
use flatlab::graphics::render::{self, Raster};

/// Figure pixels at 96 dpi: the axes box of `DEFAULT_AXES_POSITION` in a
/// 560 x 420 figure, `[left, top, right, bottom]`.
fn box_px(pos: [f64; 4]) -> [f64; 4] {
    let (w, h) = (560.0, 420.0);
    [
        pos[0] * w,
        h - (pos[1] + pos[3]) * h,
        (pos[0] + pos[2]) * w,
        h - pos[1] * h,
    ]
}

fn fig_with(children: Vec<Artist>) -> Figure {
    let mut f = Figure::new(1);
    let mut ax = Axes::new(1, DEFAULT_AXES_POSITION);
    ax.children = children;
    f.axes.push(ax);
    f.current = Some(0);
    f
}

fn line(x: Vec<f64>, y: Vec<f64>, width: f64) -> Line {
    let mut l = Line::new(x, y, COLOR_ORDER[0]);
    l.width = width;
    l
}

/// Write the figure's PNG to `$FLATLAB_PLOT_DUMP/NAME.png` when that
/// variable is set (to look at what a test saw).
fn dump(name: &str, f: &Figure) {
    if let Ok(dir) = std::env::var("FLATLAB_PLOT_DUMP") {
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(format!("{dir}/{name}.png"), render::png(f, 96.0).unwrap());
        let _ = std::fs::write(format!("{dir}/{name}.svg"), render::svg(f));
    }
}

fn px(r: &Raster, x: usize, y: usize) -> [u8; 3] {
    let i = (y * r.width as usize + x) * 4;
    [r.rgba[i], r.rgba[i + 1], r.rgba[i + 2]]
}

fn near(a: [u8; 3], c: Rgb, tol: i32) -> bool {
    let b = c.bytes();
    (0..3).all(|k| (a[k] as i32 - b[k] as i32).abs() <= tol)
}

/// Pixels of colour `c` (within `tol`) in the rectangle.
fn count(r: &Raster, c: Rgb, tol: i32, x0: usize, y0: usize, x1: usize, y1: usize) -> usize {
    let mut n = 0;
    for y in y0..y1.min(r.height as usize) {
        for x in x0..x1.min(r.width as usize) {
            if near(px(r, x, y), c, tol) {
                n += 1;
            }
        }
    }
    n
}

fn is_dark(p: [u8; 3]) -> bool {
    p.iter().all(|&v| v < 110)
}

/// `(x, y, text)` of every `<text>` in the SVG (attributes x and y, text
/// content with tags removed).
fn texts(svg: &str) -> Vec<(f64, f64, String)> {
    let mut out = Vec::new();
    for part in svg.split("<text ").skip(1) {
        let attr = |name: &str| -> f64 {
            let key = format!(" {name}=\"");
            let s = format!(" {part}");
            s.find(&key)
                .and_then(|i| {
                    let rest = &s[i + key.len()..];
                    rest[..rest.find('"')?].parse().ok()
                })
                .unwrap_or(f64::NAN)
        };
        let body =
            &part[part.find('>').map_or(0, |i| i + 1)..part.find("</text>").unwrap_or(part.len())];
        let mut t = String::new();
        let mut in_tag = false;
        for c in body.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => t.push(c),
                _ => {}
            }
        }
        let t = t
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&");
        out.push((attr("x"), attr("y"), t));
    }
    out
}

#[test]
fn diagonal_line_lies_on_the_axes_diagonal() {
    let f = fig_with(vec![Artist::Line(line(
        vec![0.0, 1.0],
        vec![0.0, 1.0],
        2.0,
    ))]);
    let r = render::raster(&f, 96.0).unwrap();
    dump("diagonal_line_lies_on_the_axes_diagonal", &f);
    assert_eq!((r.width, r.height), (560, 420));
    let [l, t, rt, b] = box_px(DEFAULT_AXES_POSITION);
    let c = COLOR_ORDER[0];
    // Limits are exactly [0 1]: the line runs corner to corner.
    let mut on = 0;
    for k in 1..20 {
        let fx = k as f64 / 20.0;
        let x = l + fx * (rt - l);
        let y = b - fx * (b - t);
        if count(
            &r,
            c,
            40,
            x as usize - 2,
            y as usize - 2,
            x as usize + 3,
            y as usize + 3,
        ) > 0
        {
            on += 1;
        }
    }
    assert_eq!(on, 19, "line pixels along the diagonal");
    // Nothing of the line colour off the diagonal (the other two corners).
    let mid = ((l + rt) / 2.0) as usize;
    assert_eq!(
        count(
            &r,
            c,
            60,
            l as usize + 5,
            t as usize + 5,
            mid - 20,
            ((t + b) / 2.0) as usize - 20
        ),
        0
    );
    assert_eq!(
        count(
            &r,
            c,
            60,
            mid + 20,
            ((t + b) / 2.0) as usize + 20,
            rt as usize - 5,
            b as usize - 5
        ),
        0
    );
}

#[test]
fn sine_crosses_the_middle_and_spans_the_height() {
    let x: Vec<f64> = (0..=200)
        .map(|i| i as f64 * std::f64::consts::PI * 2.0 / 200.0)
        .collect();
    let y: Vec<f64> = x.iter().map(|v| v.sin()).collect();
    let mut l = line(x, y, 1.5);
    l.color = Rgb(1.0, 0.0, 0.0);
    let f = fig_with(vec![Artist::Line(l)]);
    let r = render::raster(&f, 96.0).unwrap();
    dump("sine_crosses_the_middle_and_spans_the_height", &f);
    let [left, t, right, b] = box_px(DEFAULT_AXES_POSITION);
    let red = Rgb(1.0, 0.0, 0.0);
    let mid = ((t + b) / 2.0) as usize;
    // Red pixels in the middle row band, above and below it.
    assert!(count(&r, red, 60, left as usize, mid - 2, right as usize, mid + 3) >= 2);
    assert!(
        count(
            &r,
            red,
            60,
            left as usize,
            t as usize,
            right as usize,
            t as usize + 30
        ) > 5
    );
    assert!(
        count(
            &r,
            red,
            60,
            left as usize,
            b as usize - 30,
            right as usize,
            b as usize
        ) > 5
    );
    // Ticks: y from -1 to 1, x 0..7.
    let svg = render::svg(&f);
    let labels: Vec<String> = texts(&svg).into_iter().map(|t| t.2).collect();
    for want in ["-1", "0", "1", "7"] {
        assert!(
            labels.iter().any(|l| l == want),
            "label {want} in {labels:?}"
        );
    }
}

#[test]
fn bars_are_columns_in_proportion() {
    // bar([1 2 3]): three rectangles of width 0.8 centred at 1, 2, 3.
    let heights = [1.0, 2.0, 3.0];
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for (i, h) in heights.iter().enumerate() {
        let c = (i + 1) as f64;
        if i > 0 {
            xs.push(f64::NAN);
            ys.push(f64::NAN);
        }
        xs.extend([c - 0.4, c + 0.4, c + 0.4, c - 0.4]);
        ys.extend([0.0, 0.0, *h, *h]);
    }
    let p = Patch {
        x: xs,
        y: ys,
        face: vec![COLOR_ORDER[0]],
        edge: Some(Rgb::BLACK),
        edge_width: 0.5,
        face_alpha: 1.0,
        name: String::new(),
    };
    let mut f = fig_with(vec![Artist::Patch(p)]);
    f.axes[0].xlim = Some([0.0, 4.0]);
    f.axes[0].ylim = Some([0.0, 3.0]);
    let r = render::raster(&f, 96.0).unwrap();
    dump("bars_are_columns_in_proportion", &f);
    let [l, t, rt, b] = box_px(DEFAULT_AXES_POSITION);
    let c = COLOR_ORDER[0];
    let mut heights_px = Vec::new();
    for k in 1..=3 {
        // Beside the bar's centre (the tick at the centre is drawn over it).
        let x = (l + (rt - l) * (k as f64 + 0.2) / 4.0) as usize;
        let n = count(&r, c, 10, x, t as usize, x + 1, b as usize);
        heights_px.push(n as f64);
        // Between bars: no bar colour.
        let gap = (l + (rt - l) * (k as f64 - 0.5) / 4.0) as usize;
        assert_eq!(
            count(&r, c, 10, gap, t as usize, gap + 1, b as usize),
            0,
            "gap before bar {k}"
        );
    }
    let unit = (b - t) / 3.0;
    for (k, h) in heights_px.iter().enumerate() {
        let want = unit * (k + 1) as f64;
        assert!(
            (h - want).abs() < 4.0,
            "bar {} is {h} px high, want {want}",
            k + 1
        );
    }
}

#[test]
fn tick_labels_and_title_sit_where_matlab_puts_them() {
    let mut f = fig_with(vec![Artist::Line(line(
        vec![0.0, 1.0],
        vec![0.0, 1.0],
        0.5,
    ))]);
    f.axes[0].title = "Growth & decay".into();
    f.axes[0].xlabel = "time".into();
    f.axes[0].ylabel = "value".into();
    let svg = render::svg(&f);
    let ts = texts(&svg);
    let [l, t, rt, b] = box_px(DEFAULT_AXES_POSITION);
    // x tick labels below the box, increasing left to right.
    let xl: Vec<&(f64, f64, String)> = ts
        .iter()
        .filter(|t| t.1 > b + 8.0 && t.1 < b + 30.0)
        .collect();
    let names: Vec<&str> = xl.iter().map(|t| t.2.as_str()).collect();
    for w in ["0", "0.2", "1"] {
        assert!(names.contains(&w), "x tick label {w} in {names:?}");
    }
    let pos = |s: &str| xl.iter().find(|t| t.2 == s).map(|t| t.0).unwrap();
    assert!(pos("0") < pos("0.2") && pos("0.2") < pos("1"));
    assert!((pos("0") - l).abs() < 2.0 && (pos("1") - rt).abs() < 2.0);
    // The title is bold, centred above the box.
    let title = ts
        .iter()
        .find(|t| t.2 == "Growth & decay")
        .expect("title in the SVG");
    assert!(title.1 < t && title.1 > t - 30.0, "title at y {}", title.1);
    assert!((title.0 - (l + rt) / 2.0).abs() < 2.0);
    assert!(svg.contains("font-weight=\"bold\">Growth &amp; decay</text>"));
    let xlab = ts.iter().find(|t| t.2 == "time").unwrap();
    assert!(xlab.1 > b + 15.0);
    let ylab = ts.iter().find(|t| t.2 == "value").unwrap();
    assert!(ylab.0 < l - 15.0);
    assert!(svg.contains("rotate(-90"));
}

#[test]
fn legend_entries_are_at_the_top_right() {
    let mut a = line(vec![0.0, 1.0], vec![0.0, 1.0], 1.0);
    a.name = "rising".into();
    let mut c = line(vec![0.0, 1.0], vec![1.0, 0.0], 1.0);
    c.name = "falling".into();
    c.color = COLOR_ORDER[1];
    c.marker = Marker::Circle;
    let unnamed = line(vec![0.0, 1.0], vec![0.5, 0.5], 1.0);
    let mut f = fig_with(vec![
        Artist::Line(a),
        Artist::Line(unnamed),
        Artist::Line(c),
    ]);
    f.axes[0].legend = Some(Legend {
        location: "northeast".into(),
        visible: true,
    });
    let svg = render::svg(&f);
    let ts = texts(&svg);
    let [l, t, rt, b] = box_px(DEFAULT_AXES_POSITION);
    let rising = ts.iter().find(|x| x.2 == "rising").expect("rising entry");
    let falling = ts.iter().find(|x| x.2 == "falling").expect("falling entry");
    for e in [rising, falling] {
        assert!(e.0 > (l + rt) / 2.0 && e.0 < rt, "entry x {}", e.0);
        assert!(e.1 > t && e.1 < (t + b) / 2.0, "entry y {}", e.1);
    }
    assert!(rising.1 < falling.1, "entries in order");
    assert_eq!(ts.iter().filter(|x| x.2.is_empty()).count(), 0);
    // The legend's samples are drawn in the entries' colours in pixels.
    let r = render::raster(&f, 96.0).unwrap();
    dump("legend_entries_are_at_the_top_right", &f);
    let band = (rt as usize - 120, t as usize, rt as usize, t as usize + 50);
    assert!(count(&r, COLOR_ORDER[1], 40, band.0, band.1, band.2, band.3) > 5);
    // A hidden legend is not drawn.
    f.axes[0].legend.as_mut().unwrap().visible = false;
    assert!(!render::svg(&f).contains("rising"));
}

#[test]
fn gradient_image_goes_through_the_colormap() {
    // imagesc(1:64): one row, 64 columns, scaled over its range.
    let im = Image {
        rows: 1,
        cols: 64,
        x: [1.0, 64.0],
        y: [1.0, 1.0],
        data: ImageData::Indexed {
            values: (1..=64).map(f64::from).collect(),
            scaled: true,
        },
    };
    let mut f = fig_with(vec![Artist::Image(im)]);
    f.axes[0].y_reversed = true;
    let r = render::raster(&f, 96.0).unwrap();
    dump("gradient_image_goes_through_the_colormap", &f);
    let [l, t, rt, b] = box_px(DEFAULT_AXES_POSITION);
    let map = colormaps::default_map();
    // A row between ticks (ticks are drawn over the image).
    let y = (t + (b - t) * 0.37) as usize;
    // Sample across: each pixel's nearest colormap index grows.
    let mut last = 0usize;
    let mut seen = Vec::new();
    for x in (l as usize + 3..rt as usize - 3).step_by(7) {
        let p = px(&r, x, y);
        let (idx, d) = map
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let b = c.bytes();
                (
                    i,
                    (0..3)
                        .map(|k| (p[k] as i32 - b[k] as i32).abs())
                        .sum::<i32>(),
                )
            })
            .min_by_key(|x| x.1)
            .unwrap();
        assert!(d <= 6, "pixel {p:?} at x={x} is not a colormap colour");
        assert!(
            idx >= last,
            "colour index went back from {last} to {idx} at x={x}"
        );
        last = idx;
        seen.push(idx);
    }
    assert!(seen[0] < 8 && *seen.last().unwrap() > 245, "{seen:?}");
    // The image fills the box (tight limits): its colour is at the corners.
    assert!(near(px(&r, l as usize + 2, t as usize + 2), map[0], 6));
    assert!(near(px(&r, rt as usize - 2, b as usize - 2), map[255], 6));
    // The SVG embeds it as a PNG.
    assert!(render::svg(&f).contains("data:image/png;base64,iVBORw0KGgo"));
}

#[test]
fn loglog_square_is_straight_with_decade_labels() {
    let x: Vec<f64> = (0..=100).map(|i| 10f64.powf(i as f64 / 50.0)).collect();
    let y: Vec<f64> = x.iter().map(|v| v * v).collect();
    let mut f = fig_with(vec![Artist::Line(line(x, y, 2.0))]);
    f.axes[0].xscale = Scale::Log;
    f.axes[0].yscale = Scale::Log;
    let r = render::raster(&f, 96.0).unwrap();
    dump("loglog_square_is_straight_with_decade_labels", &f);
    let [l, t, rt, b] = box_px(DEFAULT_AXES_POSITION);
    // x 1..100, y 1..1e4 (decades): the line runs corner to corner.
    let c = COLOR_ORDER[0];
    for k in 1..10 {
        let fx = k as f64 / 10.0;
        let (x, y) = (l + fx * (rt - l), b - fx * (b - t));
        assert!(
            count(
                &r,
                c,
                40,
                x as usize - 2,
                y as usize - 2,
                x as usize + 3,
                y as usize + 3
            ) > 0,
            "line at {fx} of the way"
        );
    }
    let svg = render::svg(&f);
    let labels: Vec<String> = texts(&svg).into_iter().map(|t| t.2).collect();
    for k in ["100", "101", "102", "103", "104"] {
        assert!(
            labels.iter().any(|l| l == k),
            "decade label {k} (10 with superscript) in {labels:?}"
        );
    }
    assert!(svg.contains("<tspan dy="), "superscript exponent");
    // Data <= 0 on a log axis is dropped, not drawn at -infinity.
    let mut g = f.clone();
    if let Artist::Line(l) = &mut g.axes[0].children[0] {
        l.x.push(0.0);
        l.y.push(-5.0);
    }
    assert!(render::raster(&g, 96.0).is_ok());
}

#[test]
fn two_subplots_are_two_boxes_side_by_side() {
    let mut f = Figure::new(1);
    for (i, pos) in [[0.13, 0.11, 0.3347, 0.815], [0.5703, 0.11, 0.3347, 0.815]]
        .into_iter()
        .enumerate()
    {
        let mut ax = Axes::new(i as u32 + 1, pos);
        ax.children
            .push(Artist::Line(line(vec![0.0, 1.0], vec![0.0, 1.0], 1.0)));
        ax.title = format!("plot {}", i + 1);
        f.axes.push(ax);
    }
    let r = render::raster(&f, 96.0).unwrap();
    dump("two_subplots_are_two_boxes_side_by_side", &f);
    // Along the middle row, the box edges are dark lines: four of them.
    let y = 210;
    let mut edges = Vec::new();
    let mut in_edge = false;
    for x in 0..560 {
        let d = px(&r, x, y).iter().all(|&v| v < 160);
        if d && !in_edge {
            edges.push(x);
        }
        in_edge = d;
    }
    let want = [
        0.13 * 560.0,
        (0.13 + 0.3347) * 560.0,
        0.5703 * 560.0,
        (0.5703 + 0.3347) * 560.0,
    ];
    for w in want {
        assert!(
            edges.iter().any(|&e| (e as f64 - w).abs() < 2.5),
            "box edge near x={w}, edges {edges:?}"
        );
    }
    let svg = render::svg(&f);
    let ts = texts(&svg);
    let t1 = ts.iter().find(|t| t.2 == "plot 1").unwrap();
    let t2 = ts.iter().find(|t| t.2 == "plot 2").unwrap();
    assert!(t1.0 < 280.0 && t2.0 > 280.0);
}

#[test]
fn title_text_is_really_drawn_in_pixels() {
    let mut f = fig_with(vec![Artist::Line(line(
        vec![0.0, 1.0],
        vec![0.0, 1.0],
        1.0,
    ))]);
    let [l, t, rt, _] = box_px(DEFAULT_AXES_POSITION);
    let dark_above = |f: &Figure| {
        let r = render::raster(f, 96.0).unwrap();
        let mut n = 0;
        for y in 0..(t as usize - 2) {
            for x in l as usize..rt as usize {
                if is_dark(px(&r, x, y)) {
                    n += 1;
                }
            }
        }
        n
    };
    assert_eq!(dark_above(&f), 0, "nothing above the box without a title");
    f.axes[0].title = "Hello".into();
    assert!(dark_above(&f) > 40, "title glyphs are drawn");
    // At 150 dpi the picture scales.
    let r = render::raster(&f, 150.0).unwrap();
    assert_eq!((r.width, r.height), (875, 656));
}

#[test]
fn png_bytes_decode_to_the_figure() {
    let f = fig_with(vec![Artist::Line(line(
        vec![0.0, 1.0],
        vec![0.0, 1.0],
        2.0,
    ))]);
    let bytes = render::png(&f, 96.0).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let decoded = resvg::tiny_skia::Pixmap::decode_png(&bytes).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (560, 420));
    let r = render::raster(&f, 96.0).unwrap();
    dump("png_bytes_decode_to_the_figure", &f);
    let p = decoded.pixel(300, 200).unwrap().demultiply();
    assert_eq!([p.red(), p.green(), p.blue()], px(&r, 300, 200));
    assert!(render::png(&f, 0.0).is_err());
    assert!(render::png(&f, f64::NAN).is_err());
    assert!(render::png(&f, 1e6).is_err());
}

#[test]
fn markers_and_styles_draw() {
    let mut all = Vec::new();
    let markers = [
        Marker::Circle,
        Marker::Plus,
        Marker::Star,
        Marker::Point,
        Marker::Cross,
        Marker::Square,
        Marker::Diamond,
        Marker::TriangleUp,
        Marker::TriangleDown,
        Marker::TriangleRight,
        Marker::TriangleLeft,
        Marker::Pentagram,
        Marker::Hexagram,
    ];
    for (i, m) in markers.iter().enumerate() {
        let mut l = Line::new(vec![i as f64], vec![1.5], Rgb(1.0, 0.0, 0.0));
        l.marker = *m;
        l.marker_size = 10.0;
        l.width = 2.0;
        l.style = LineStyle::None;
        l.marker_face = if i % 2 == 0 {
            Some(Rgb(0.0, 0.0, 1.0))
        } else {
            None
        };
        all.push(Artist::Line(l));
    }
    for (i, s) in [LineStyle::Dashed, LineStyle::Dotted, LineStyle::DashDot]
        .iter()
        .enumerate()
    {
        let mut l = Line::new(
            vec![0.0, 12.0],
            vec![2.0 + 0.5 * i as f64; 2],
            Rgb(0.0, 0.6, 0.0),
        );
        l.style = *s;
        l.width = 2.0;
        all.push(Artist::Line(l));
    }
    let mut f = fig_with(all);
    f.axes[0].ylim = Some([1.0, 4.0]);
    let r = render::raster(&f, 96.0).unwrap();
    dump("markers_and_styles_draw", &f);
    let red = count(&r, Rgb(1.0, 0.0, 0.0), 60, 0, 0, 560, 420);
    assert!(red > 13 * 8, "marker edges drawn ({red} red pixels)");
    // The marker on the left edge is drawn whole (MATLAB clips lines at the
    // box, not the markers of points inside it).
    let [l, t, _, b] = box_px(DEFAULT_AXES_POSITION);
    let y15 = (b - (b - t) / 6.0) as usize;
    let outside = count(
        &r,
        Rgb(1.0, 0.0, 0.0),
        60,
        l as usize - 8,
        y15 - 6,
        l as usize - 1,
        y15 + 6,
    );
    assert!(outside > 3, "left half of the edge marker ({outside} px)");
    // A dashed line has gaps: along its row some pixels are green, some not.
    let svg = render::svg(&f);
    assert_eq!(svg.matches("stroke-dasharray").count(), 3);
}

#[test]
fn surfaces_draw_projected_with_the_colormap() {
    let n = 20;
    let (mut x, mut y, mut z) = (Vec::new(), Vec::new(), Vec::new());
    for j in 0..n {
        for i in 0..n {
            let (u, v) = (j as f64 / 4.0 - 2.5, i as f64 / 4.0 - 2.5);
            x.push(u);
            y.push(v);
            z.push((-(u * u + v * v)).exp());
        }
    }
    let s = Surface {
        rows: n,
        cols: n,
        x,
        y,
        c: z.clone(),
        z,
        filled: true,
        edge: Some(Rgb::BLACK),
        name: String::new(),
    };
    let mut f = fig_with(vec![Artist::Surface(s)]);
    f.axes[0].view = Some((-37.5, 30.0));
    let r = render::raster(&f, 96.0).unwrap();
    dump("surfaces_draw_projected_with_the_colormap", &f);
    let map = colormaps::default_map();
    let lowest = count(&r, map[0], 12, 0, 0, 560, 420);
    let highest = count(&r, map[255], 40, 0, 0, 560, 420);
    assert!(lowest > 500, "low faces in the first colour ({lowest})");
    assert!(highest > 0, "the peak in the last colour");
    // A fine grid (1000 x 1000) is sampled, not drawn quad by quad.
    let m = 1000;
    let big = Surface {
        rows: m,
        cols: m,
        x: (0..m * m).map(|k| (k / m) as f64).collect(),
        y: (0..m * m).map(|k| (k % m) as f64).collect(),
        z: vec![0.0; m * m],
        c: (0..m * m).map(|k| (k % m) as f64).collect(),
        filled: true,
        edge: None,
        name: String::new(),
    };
    let g = fig_with(vec![Artist::Surface(big)]);
    assert!(render::svg(&g).matches("<path").count() < 50_000);
    render::raster(&g, 96.0).unwrap();
    // Top view (no view) draws it flat: still coloured.
    f.axes[0].view = None;
    let r = render::raster(&f, 96.0).unwrap();
    assert!(count(&r, map[0], 12, 0, 0, 560, 420) > 500);
}

#[test]
fn colorbar_and_axis_off() {
    let im = Image {
        rows: 2,
        cols: 2,
        x: [1.0, 2.0],
        y: [1.0, 2.0],
        data: ImageData::Indexed {
            values: vec![0.0, 1.0, 2.0, 3.0],
            scaled: true,
        },
    };
    let mut f = fig_with(vec![Artist::Image(im)]);
    f.axes[0].colorbar = true;
    let svg = render::svg(&f);
    let labels: Vec<String> = texts(&svg).into_iter().map(|t| t.2).collect();
    assert!(
        labels.iter().any(|l| l == "3"),
        "colorbar top label in {labels:?}"
    );
    f.axes[0].visible = false;
    f.axes[0].colorbar = false;
    let svg = render::svg(&f);
    assert!(texts(&svg).is_empty(), "axis off: no tick labels");
}

#[test]
fn hostile_figures_render_without_panicking() {
    let mut empty = Figure::new(1);
    let r = render::raster(&empty, 96.0).unwrap();
    assert!(
        r.rgba.chunks(4).all(|p| p == [255, 255, 255, 255]),
        "empty figure is background"
    );
    empty.axes.push(Axes::new(1, DEFAULT_AXES_POSITION));
    render::png(&empty, 96.0).unwrap();
    let cases: Vec<Vec<Artist>> = vec![
        vec![Artist::Line(line(
            vec![f64::NAN, f64::INFINITY],
            vec![1.0, f64::NEG_INFINITY],
            1.0,
        ))],
        vec![Artist::Line(line(vec![5.0], vec![5.0], 1.0))],
        vec![Artist::Line(line(
            vec![1e300, -1e300],
            vec![1e-300, 2e-300],
            1.0,
        ))],
        vec![Artist::Line(line(
            vec![f64::MAX, -f64::MAX],
            vec![0.0, 1.0],
            1.0,
        ))],
        vec![Artist::Line(line(vec![], vec![], 1.0))],
        vec![Artist::Image(Image {
            rows: 0,
            cols: 0,
            x: [1.0, 1.0],
            y: [1.0, 1.0],
            data: ImageData::Indexed {
                values: vec![],
                scaled: true,
            },
        })],
        vec![Artist::Image(Image {
            rows: 3,
            cols: 3,
            x: [1.0, 3.0],
            y: [1.0, 3.0],
            data: ImageData::Rgb(vec![0.5; 2]),
        })],
        vec![Artist::Patch(Patch {
            x: vec![f64::NAN, 0.0, 1.0, f64::NAN],
            y: vec![f64::NAN, 0.0, 1.0, f64::NAN],
            face: vec![],
            edge: None,
            edge_width: f64::NAN,
            face_alpha: f64::NAN,
            name: String::new(),
        })],
        vec![Artist::Text(Text {
            x: f64::NAN,
            y: 0.0,
            text: "<&>".into(),
            color: Rgb::BLACK,
            font_size: f64::INFINITY,
            align: "weird".into(),
            cell: false,
        })],
        vec![Artist::Surface(Surface {
            rows: 2,
            cols: 2,
            x: vec![0.0; 1],
            y: vec![],
            z: vec![],
            c: vec![],
            filled: true,
            edge: None,
            name: String::new(),
        })],
    ];
    for (i, c) in cases.into_iter().enumerate() {
        let mut f = fig_with(c);
        render::png(&f, 96.0).unwrap_or_else(|e| panic!("case {i}: {e}"));
        render::svg(&f);
        f.axes[0].xscale = Scale::Log;
        f.axes[0].xlim = Some([f64::NAN, -1.0]);
        f.axes[0].ylim = Some([1.0, 1.0]);
        f.axes[0].equal = true;
        f.axes[0].view = Some((f64::NAN, 400.0));
        render::png(&f, 96.0).unwrap_or_else(|e| panic!("case {i} (bad settings): {e}"));
        f.axes[0].view = None;
        render::png(&f, 96.0).unwrap_or_else(|e| panic!("case {i} (bad settings, 2-D): {e}"));
    }
    // Degenerate figure geometry.
    let mut f = fig_with(vec![Artist::Line(line(
        vec![0.0, 1.0],
        vec![0.0, 1.0],
        1.0,
    ))]);
    f.position = [0.0, 0.0, f64::NAN, -5.0];
    render::png(&f, 96.0).unwrap();
    f.position = [0.0, 0.0, 560.0, 420.0];
    f.axes[0].position = [f64::NAN, 0.0, 1.0, 1.0];
    render::png(&f, 96.0).unwrap();
}

#[test]
fn ten_million_points_render() {
    let n = 10_000_000;
    let x: Vec<f64> = (0..n).map(|i| i as f64).collect();
    let y: Vec<f64> = (0..n).map(|i| ((i as f64) * 1e-5).sin()).collect();
    let f = fig_with(vec![Artist::Line(line(x, y, 1.5))]);
    let r = render::raster(&f, 96.0).unwrap();
    dump("ten_million_points_render", &f);
    let [l, t, rt, b] = box_px(DEFAULT_AXES_POSITION);
    assert!(
        count(
            &r,
            COLOR_ORDER[0],
            60,
            l as usize,
            t as usize,
            rt as usize,
            b as usize
        ) > 500
    );
}

#[test]
fn axis_equal_keeps_one_to_one_units() {
    // A 2-wide, 1-high rectangle outline with axis equal: the drawn box is
    // twice as wide as it is high, whatever the figure's shape.
    let mut l = line(
        vec![0.0, 2.0, 2.0, 0.0, 0.0],
        vec![0.0, 0.0, 1.0, 1.0, 0.0],
        1.0,
    );
    l.color = Rgb::BLACK;
    let mut f = fig_with(vec![Artist::Line(l)]);
    f.axes[0].equal = true;
    f.axes[0].xlim = Some([0.0, 2.0]);
    f.axes[0].ylim = Some([0.0, 1.0]);
    let r = render::raster(&f, 96.0).unwrap();
    dump("axis_equal_keeps_one_to_one_units", &f);
    let dark = |x: usize, y: usize| px(&r, x, y).iter().all(|&v| v < 160);
    let (cx, cy) = (280, 210);
    let xs: Vec<usize> = (0..560).filter(|&x| dark(x, cy)).collect();
    let ys: Vec<usize> = (0..420).filter(|&y| dark(cx, y)).collect();
    let w = (xs.last().unwrap() - xs.first().unwrap()) as f64;
    let h = (ys.last().unwrap() - ys.first().unwrap()) as f64;
    assert!((w / h - 2.0).abs() < 0.05, "box {w} x {h} px");
}
