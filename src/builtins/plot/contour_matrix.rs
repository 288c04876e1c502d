//! MATLAB's contour matrix: the level lines of a grid joined into
//! connected curves, as `[C, h] = contour(...)` returns them.
//!
//! Marching squares finds, in each grid cell, the segments where the
//! surface crosses the level; a crossing point is named by the grid edge
//! it lies on, so the two cells sharing an edge agree on it exactly and
//! segments chain into curves through their shared edges. Each segment is
//! oriented with the higher values on its right (Octave's orientation), so
//! a curve is walked in one direction: open curves from the end that has
//! no predecessor, closed ones from their first segment found.

use std::collections::HashMap;

/// Where a crossing lies: a grid edge as the linear indices of its two
/// nodes, smaller first, or a node `(k, k)` whose value is the level
/// (every edge through it crosses there, so all name it alike).
type Edge = (usize, usize);

/// The surface crossing `level` over the grid of nodes `x`, `y`, `z`
/// (`rows` x `cols`, column-major), as connected curves of points.
pub(super) fn contour_curves(
    rows: usize,
    cols: usize,
    x: &[f64],
    y: &[f64],
    z: &[f64],
    level: f64,
) -> Vec<Vec<(f64, f64)>> {
    let at = |i: usize, j: usize| i + j * rows;
    let point = |e: Edge| {
        let (a, b) = e;
        if a == b {
            return (x[a], y[a]);
        }
        let t = (level - z[a]) / (z[b] - z[a]);
        (x[a] + t * (x[b] - x[a]), y[a] + t * (y[b] - y[a]))
    };
    // Oriented segments, in the order the cells are scanned.
    let mut segs: Vec<(Edge, Edge)> = Vec::new();
    for j in 0..cols.saturating_sub(1) {
        for i in 0..rows.saturating_sub(1) {
            let c = [at(i, j), at(i, j + 1), at(i + 1, j + 1), at(i + 1, j)];
            let zc = c.map(|k| z[k]);
            if zc.iter().any(|v| !v.is_finite()) {
                continue;
            }
            let above = zc.map(|v| v >= level);
            let edge = |e: usize| {
                let (a, b) = (c[e], c[(e + 1) % 4]);
                match (z[a] == level, z[b] == level) {
                    (true, _) => (a, a),
                    (_, true) => (b, b),
                    _ => (a.min(b), a.max(b)),
                }
            };
            let crossed: Vec<usize> = (0..4).filter(|&e| above[e] != above[(e + 1) % 4]).collect();
            // Each pair of crossed edges, with the corners that tell its
            // sides apart (a saddle's segment cuts off one corner).
            let pairs: Vec<(usize, usize, Vec<usize>)> = match crossed.len() {
                2 => vec![(crossed[0], crossed[1], vec![0, 1, 2, 3])],
                4 => {
                    let centre = zc.iter().sum::<f64>() / 4.0 >= level;
                    if centre == above[0] {
                        vec![(0, 1, vec![1]), (2, 3, vec![3])]
                    } else {
                        vec![(3, 0, vec![0]), (1, 2, vec![2])]
                    }
                }
                _ => vec![],
            };
            for (e1, e2, corners) in pairs {
                let (p, q) = (edge(e1), edge(e2));
                if p == q {
                    // Both crossings on one node: nothing to draw.
                    continue;
                }
                let (pp, qp) = (point(p), point(q));
                let (dx, dy) = (qp.0 - pp.0, qp.1 - pp.1);
                // Sum over the corners of (left of p->q) x (above: +1, -1):
                // positive means the higher values lie on the left.
                let side: f64 = corners
                    .iter()
                    .map(|&k| {
                        let cross = dx * (y[c[k]] - pp.1) - dy * (x[c[k]] - pp.0);
                        if above[k] {
                            cross
                        } else {
                            -cross
                        }
                    })
                    .sum();
                segs.push(if side > 0.0 { (q, p) } else { (p, q) });
            }
        }
    }
    chain(&segs)
        .into_iter()
        .map(|curve| curve.into_iter().map(point).collect())
        .collect()
}

/// The segments joined into curves of edges through their shared edges.
fn chain(segs: &[(Edge, Edge)]) -> Vec<Vec<Edge>> {
    let mut from: HashMap<Edge, usize> = HashMap::with_capacity(segs.len());
    let mut has_pred: HashMap<Edge, bool> = HashMap::with_capacity(segs.len());
    for (k, &(p, q)) in segs.iter().enumerate() {
        from.entry(p).or_insert(k);
        has_pred.insert(q, true);
    }
    let mut used = vec![false; segs.len()];
    let mut curves = Vec::new();
    // Open curves first begin where no segment ends; then closed loops.
    let starts: Vec<usize> = (0..segs.len())
        .filter(|&k| !has_pred.contains_key(&segs[k].0))
        .chain(0..segs.len())
        .collect();
    for k in starts {
        if used[k] {
            continue;
        }
        let mut curve = vec![segs[k].0];
        let mut cur = k;
        // Each step uses a segment, so the walk ends within segs.len().
        loop {
            used[cur] = true;
            let next = segs[cur].1;
            curve.push(next);
            match from.get(&next) {
                Some(&n) if !used[n] => cur = n,
                _ => break,
            }
        }
        curves.push(curve);
    }
    curves
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: usize, cols: usize) -> (Vec<f64>, Vec<f64>) {
        let x = (0..rows * cols).map(|k| (k / rows + 1) as f64).collect();
        let y = (0..rows * cols).map(|k| (k % rows + 1) as f64).collect();
        (x, y)
    }

    #[test]
    fn a_corner_cut_runs_with_the_high_side_on_its_right() {
        // Octave: contourc([0 2; 2 4], [1 1]) is [1 1.5 1; 2 1 1.5].
        let z = [0.0, 2.0, 2.0, 4.0];
        let (x, y) = grid(2, 2);
        assert_eq!(
            contour_curves(2, 2, &x, &y, &z, 1.0),
            vec![vec![(1.5, 1.0), (1.0, 1.5)]]
        );
        let z = [4.0, 2.0, 2.0, 0.0];
        assert_eq!(
            contour_curves(2, 2, &x, &y, &z, 1.0),
            vec![vec![(1.5, 2.0), (2.0, 1.5)]]
        );
    }

    #[test]
    fn a_ring_through_grid_nodes_is_one_curve() {
        // x² + y² = 2 on the grid -2:2 passes through the nodes (±1, ±1).
        let (x, y): (Vec<f64>, Vec<f64>) = (0..25)
            .map(|k| ((k / 5) as f64 - 2.0, (k % 5) as f64 - 2.0))
            .unzip();
        let z: Vec<f64> = x.iter().zip(&y).map(|(a, b)| a * a + b * b).collect();
        let c = contour_curves(5, 5, &x, &y, &z, 2.0);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].first(), c[0].last());
        // The 4 nodes and 4 edge crossings, and the first point again.
        assert_eq!(c[0].len(), 9);
    }

    #[test]
    fn a_ring_closes_on_its_first_point() {
        // A peak in the middle of a 3x3 grid: one closed curve of 4 segments.
        let z = [0.0, 0.0, 0.0, 0.0, 4.0, 0.0, 0.0, 0.0, 0.0];
        let (x, y) = grid(3, 3);
        let c = contour_curves(3, 3, &x, &y, &z, 2.0);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].len(), 5);
        assert_eq!(c[0][0], c[0][4]);
        let nan = [f64::NAN; 9];
        assert!(contour_curves(3, 3, &x, &y, &nan, 2.0).is_empty());
        assert!(contour_curves(1, 3, &x[..3], &y[..3], &z[..3], 2.0).is_empty());
    }
}
