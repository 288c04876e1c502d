//! Colormaps by name, as MATLAB's functions of the same names build them.
//!
//! `parula` and `viridis` interpolate published anchor values (MATLAB's
//! parula table sampled every third row, matplotlib's viridis at tenths);
//! `jet`, `gray`, `hot`, `hsv`, `cool`, `spring`, `summer`, `autumn`,
//! `winter`, `bone` and `copper` follow MATLAB's formulas.

use super::model::Rgb;

/// MATLAB's parula (R2014b and later), every third row of its 64-entry
/// table plus the last.
const PARULA: [[f64; 3]; 22] = [
    [0.2081, 0.1663, 0.5292],
    [0.2081, 0.2386, 0.6771],
    [0.1253, 0.3242, 0.8303],
    [0.0060, 0.4086, 0.8828],
    [0.0498, 0.4586, 0.8641],
    [0.0779, 0.5040, 0.8384],
    [0.0641, 0.5570, 0.8240],
    [0.0265, 0.6137, 0.8135],
    [0.0228, 0.6535, 0.7768],
    [0.0590, 0.6838, 0.7254],
    [0.1453, 0.7098, 0.6646],
    [0.2586, 0.7317, 0.5954],
    [0.3953, 0.7459, 0.5244],
    [0.5300, 0.7491, 0.4661],
    [0.6473, 0.7456, 0.4188],
    [0.7525, 0.7384, 0.3768],
    [0.8507, 0.7299, 0.3360],
    [0.9450, 0.7261, 0.2886],
    [0.9990, 0.7653, 0.2164],
    [0.9789, 0.8271, 0.1633],
    [0.9589, 0.8949, 0.1132],
    [0.9763, 0.9831, 0.0538],
];

/// matplotlib's viridis at 0, 1/9, ..., 1.
const VIRIDIS: [[f64; 3]; 10] = [
    [0.267004, 0.004874, 0.329415],
    [0.282623, 0.140926, 0.457517],
    [0.253935, 0.265254, 0.529983],
    [0.206756, 0.371758, 0.553117],
    [0.163625, 0.471133, 0.558148],
    [0.127568, 0.566949, 0.550556],
    [0.134692, 0.658636, 0.517649],
    [0.266941, 0.748751, 0.440573],
    [0.477504, 0.821444, 0.318195],
    [0.993248, 0.906157, 0.143936],
];

/// The default colormap: parula with 256 entries.
pub fn default_map() -> Vec<Rgb> {
    interpolate(&PARULA, 256)
}

/// The names `by_name` knows.
pub const NAMES: [&str; 13] = [
    "parula", "viridis", "jet", "gray", "hot", "cool", "spring", "summer", "autumn", "winter",
    "bone", "copper", "hsv",
];

/// Colormap `name` with `n` entries (`None` for an unknown name).
pub fn by_name(name: &str, n: usize) -> Option<Vec<Rgb>> {
    let lin = |i: usize| {
        if n <= 1 {
            0.0
        } else {
            i as f64 / (n - 1) as f64
        }
    };
    let each = |f: &dyn Fn(f64) -> Rgb| (0..n).map(|i| f(lin(i))).collect::<Vec<_>>();
    Some(match name.to_ascii_lowercase().as_str() {
        "parula" => interpolate(&PARULA, n),
        "viridis" => interpolate(&VIRIDIS, n),
        "jet" => jet(n),
        "gray" | "grey" => each(&|r| Rgb(r, r, r)),
        "hot" => hot(n),
        "cool" => each(&|r| Rgb(r, 1.0 - r, 1.0)),
        "spring" => each(&|r| Rgb(1.0, r, 1.0 - r)),
        "summer" => each(&|r| Rgb(r, 0.5 + r / 2.0, 0.4)),
        "autumn" => each(&|r| Rgb(1.0, r, 0.0)),
        "winter" => each(&|r| Rgb(0.0, r, 1.0 - r / 2.0)),
        "copper" => each(&|r| Rgb((1.25 * r).min(1.0), 0.7812 * r, 0.4975 * r)),
        "bone" => {
            let h = hot(n);
            (0..n)
                .map(|i| {
                    let g = lin(i);
                    // (7 * gray + fliplr(hot)) / 8: hot's columns reversed.
                    let Rgb(r, gg, b) = h[i];
                    Rgb(
                        (7.0 * g + b) / 8.0,
                        (7.0 * g + gg) / 8.0,
                        (7.0 * g + r) / 8.0,
                    )
                })
                .collect()
        }
        "hsv" => (0..n)
            .map(|i| hsv(if n == 0 { 0.0 } else { i as f64 / n as f64 }))
            .collect(),
        _ => return None,
    })
}

/// `n` colours spaced evenly along the anchors (piecewise linear).
fn interpolate(anchors: &[[f64; 3]], n: usize) -> Vec<Rgb> {
    let m = anchors.len() - 1;
    (0..n)
        .map(|i| {
            let t = if n <= 1 {
                0.0
            } else {
                i as f64 / (n - 1) as f64 * m as f64
            };
            let k = (t.floor() as usize).min(m.saturating_sub(1));
            let f = t - k as f64;
            let (a, b) = (anchors[k], anchors[(k + 1).min(m)]);
            Rgb(
                a[0] + (b[0] - a[0]) * f,
                a[1] + (b[1] - a[1]) * f,
                a[2] + (b[2] - a[2]) * f,
            )
        })
        .collect()
}

/// MATLAB's jet: blue, cyan, yellow, red ramps a quarter of the map wide.
fn jet(m: usize) -> Vec<Rgb> {
    if m == 0 {
        return Vec::new();
    }
    let n = m.div_ceil(4) as i64;
    let mut u: Vec<f64> = (1..=n).map(|i| i as f64 / n as f64).collect();
    u.extend(std::iter::repeat_n(1.0, (n - 1) as usize));
    u.extend((1..=n).rev().map(|i| i as f64 / n as f64));
    let shift = (n as f64 / 2.0).ceil() as i64 - i64::from(m % 4 == 1);
    let mut out = vec![Rgb(0.0, 0.0, 0.0); m];
    for (j, &v) in u.iter().enumerate() {
        let g = shift + j as i64 + 1; // 1-based
        for (idx, ch) in [(g + n, 0), (g, 1), (g - n, 2)] {
            if idx >= 1 && idx <= m as i64 {
                let c = &mut out[(idx - 1) as usize];
                match ch {
                    0 => c.0 = v,
                    1 => c.1 = v,
                    _ => c.2 = v,
                }
            }
        }
    }
    out
}

/// MATLAB's hot: black, red, yellow, white.
fn hot(m: usize) -> Vec<Rgb> {
    let n = (3 * m) / 8;
    (0..m)
        .map(|i| {
            let r = if i < n {
                (i + 1) as f64 / n as f64
            } else {
                1.0
            };
            let g = if i < n {
                0.0
            } else if i < 2 * n {
                (i - n + 1) as f64 / n as f64
            } else {
                1.0
            };
            let b = if i < 2 * n {
                0.0
            } else {
                (i - 2 * n + 1) as f64 / (m - 2 * n) as f64
            };
            Rgb(r, g, b)
        })
        .collect()
}

/// Hue `h` in 0..1 at full saturation and value.
fn hsv(h: f64) -> Rgb {
    let h6 = h * 6.0;
    let f = h6 - h6.floor();
    match h6.floor() as i64 % 6 {
        0 => Rgb(1.0, f, 0.0),
        1 => Rgb(1.0 - f, 1.0, 0.0),
        2 => Rgb(0.0, 1.0, f),
        3 => Rgb(0.0, 1.0 - f, 1.0),
        4 => Rgb(f, 0.0, 1.0),
        _ => Rgb(1.0, 0.0, 1.0 - f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Rgb, b: [f64; 3]) -> bool {
        (a.0 - b[0]).abs() < 1e-3 && (a.1 - b[1]).abs() < 1e-3 && (a.2 - b[2]).abs() < 1e-3
    }

    #[test]
    fn every_map_has_the_asked_size_and_valid_colours() {
        for name in NAMES {
            for n in [0, 1, 2, 7, 64, 256] {
                let m = by_name(name, n).unwrap();
                assert_eq!(m.len(), n, "{name}({n})");
                for c in &m {
                    for v in [c.0, c.1, c.2] {
                        assert!((0.0..=1.0).contains(&v), "{name}({n}) has {c:?}");
                    }
                }
            }
        }
        assert!(by_name("nosuchmap", 4).is_none());
    }

    #[test]
    fn ends_match_matlab() {
        let p = default_map();
        assert!(close(p[0], [0.2081, 0.1663, 0.5292]));
        assert!(close(p[255], [0.9763, 0.9831, 0.0538]));
        // jet(64) starts dark blue [0 0 0.5625] and ends dark red [0.5 0 0].
        let j = by_name("jet", 64).unwrap();
        assert!(close(j[0], [0.0, 0.0, 0.5625]), "{:?}", j[0]);
        assert!(close(j[63], [0.5, 0.0, 0.0]), "{:?}", j[63]);
        assert!(close(j[32], [0.5625, 1.0, 0.4375]), "{:?}", j[32]);
        // hot(64): [0.0417 0 0] ... [1 1 1].
        let h = by_name("hot", 64).unwrap();
        assert!(close(h[0], [1.0 / 24.0, 0.0, 0.0]));
        assert!(close(h[63], [1.0, 1.0, 1.0]));
        let g = by_name("gray", 3).unwrap();
        assert!(close(g[1], [0.5, 0.5, 0.5]));
    }
}
