//! Decimation of polylines already mapped to pixels: what cannot be seen is
//! dropped before drawing, so a million-point line draws as fast as a few
//! thousand and looks the same.
//!
//! Monotone x (the common `plot(t, y)`): M4, per pixel column keep the
//! first, lowest, highest and last point, in their original order; the
//! drawn polyline then covers exactly the same pixels. Otherwise: drop a
//! point that lands within a fraction of a pixel of the last kept one.
//! NaN (a break in the line) is kept as a break.

/// A point in pixels; `NaN` coordinates mark a break.
pub type Pt = (f64, f64);

/// Lines shorter than this are drawn as they are.
const SMALL: usize = 4096;

/// The points worth drawing of a polyline in pixels.
pub fn decimate(pts: &[Pt]) -> Vec<Pt> {
    if pts.len() <= SMALL {
        return pts.to_vec();
    }
    if monotone_x(pts) {
        m4(pts)
    } else {
        thin(pts, 0.25)
    }
}

fn is_break(p: &Pt) -> bool {
    !(p.0.is_finite() && p.1.is_finite())
}

/// Whether x never decreases (or never increases) over the finite points.
fn monotone_x(pts: &[Pt]) -> bool {
    let mut up = true;
    let mut down = true;
    let mut last: Option<f64> = None;
    for p in pts.iter().filter(|p| !is_break(p)) {
        if let Some(l) = last {
            up &= p.0 >= l;
            down &= p.0 <= l;
            if !up && !down {
                return false;
            }
        }
        last = Some(p.0);
    }
    true
}

/// M4 over pixel columns.
fn m4(pts: &[Pt]) -> Vec<Pt> {
    let mut out = Vec::with_capacity(4096);
    let mut i = 0;
    while i < pts.len() {
        if is_break(&pts[i]) {
            if out.last().is_some_and(|p| !is_break(p)) {
                out.push((f64::NAN, f64::NAN));
            }
            i += 1;
            continue;
        }
        let col = pts[i].0.floor();
        let start = i;
        let (mut lo, mut hi) = (i, i);
        while i < pts.len() && !is_break(&pts[i]) && pts[i].0.floor() == col {
            if pts[i].1 < pts[lo].1 {
                lo = i;
            }
            if pts[i].1 > pts[hi].1 {
                hi = i;
            }
            i += 1;
        }
        let end = i - 1;
        let mut keep = [start, lo, hi, end];
        keep.sort_unstable();
        let mut prev = usize::MAX;
        for k in keep {
            if k != prev {
                out.push(pts[k]);
                prev = k;
            }
        }
    }
    out
}

/// Drop points within `tol` pixels of the last kept point (the last point
/// of each run is kept so the line ends where it should).
fn thin(pts: &[Pt], tol: f64) -> Vec<Pt> {
    let mut out: Vec<Pt> = Vec::with_capacity(pts.len().min(1 << 16));
    let n = pts.len();
    for (i, p) in pts.iter().enumerate() {
        if is_break(p) {
            if out.last().is_some_and(|q| !is_break(q)) {
                out.push((f64::NAN, f64::NAN));
            }
            continue;
        }
        let run_end = i + 1 == n || is_break(&pts[i + 1]);
        if let Some(q) = out.last() {
            if !is_break(q) && !run_end && (p.0 - q.0).abs() < tol && (p.1 - q.1).abs() < tol {
                continue;
            }
        }
        out.push(*p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn m4_keeps_extremes_of_every_column() {
        let n = 100_000;
        let pts: Vec<Pt> = (0..n)
            .map(|i| {
                let x = i as f64 / n as f64 * 500.0;
                (x, 200.0 + 150.0 * (i as f64 * 0.001).sin())
            })
            .collect();
        let d = decimate(&pts);
        assert!(d.len() <= 4 * 501, "{} points kept", d.len());
        let (lo, hi) = pts.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |a, p| {
            (a.0.min(p.1), a.1.max(p.1))
        });
        let (dlo, dhi) = d.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |a, p| {
            (a.0.min(p.1), a.1.max(p.1))
        });
        assert_eq!((lo, hi), (dlo, dhi));
        assert_eq!(d.first(), pts.first());
        assert_eq!(d.last(), pts.last());
    }

    #[test]
    fn breaks_survive() {
        let mut pts: Vec<Pt> = (0..10_000).map(|i| (i as f64 * 0.01, 1.0)).collect();
        pts[5000] = (f64::NAN, f64::NAN);
        let d = decimate(&pts);
        assert_eq!(d.iter().filter(|p| p.0.is_nan()).count(), 1);
    }

    #[test]
    fn scribbles_are_thinned_not_emptied() {
        let pts: Vec<Pt> = (0..50_000)
            .map(|i| {
                let t = i as f64 * 0.0001;
                (100.0 + 50.0 * t.cos(), 100.0 + 50.0 * t.sin())
            })
            .collect();
        let d = thin(&pts, 0.25);
        assert!(d.len() < pts.len() / 4 && d.len() > 100);
        assert_eq!(d.last(), pts.last());
    }
}
