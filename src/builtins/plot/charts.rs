//! Charts: `bar`, `barh`, `histogram` and `hist`. Bars are patches of
//! rectangles, one patch per series, coloured from the colour order.

use super::figure::new_plot;
use super::lines::{patch, push_artists};
use super::props::set_patch_prop;
use super::{axes_mut, color_arg, handles_out, is_data, nums, pairs, take_axes, text_of};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::graphics::model::{Artist, Rgb};
use crate::value::{Array, Value};

/// Rectangles `[x0, x1] x [y0, y1]` as one NaN-separated polygon run.
fn rects(r: &[(f64, f64, f64, f64)], horizontal: bool) -> (Vec<f64>, Vec<f64>) {
    let mut x = Vec::with_capacity(r.len() * 6);
    let mut y = Vec::with_capacity(r.len() * 6);
    for &(x0, x1, y0, y1) in r {
        if !x.is_empty() {
            x.push(f64::NAN);
            y.push(f64::NAN);
        }
        let (px, py) = ([x0, x0, x1, x1], [y0, y1, y1, y0]);
        if horizontal {
            x.extend(py);
            y.extend(px);
        } else {
            x.extend(px);
            y.extend(py);
        }
    }
    (x, y)
}

/// The columns (series) of bar data: a vector is one series.
fn series(y: &Array<f64>) -> (usize, Vec<Vec<f64>>) {
    if y.dims().is_vector() || y.numel() <= 1 {
        return (y.numel(), vec![y.data().to_vec()]);
    }
    let r = y.rows();
    let c = y.numel() / r;
    (
        r,
        (0..c)
            .map(|j| y.data()[j * r..(j + 1) * r].to_vec())
            .collect(),
    )
}

fn bar_impl(ctx: &mut Ctx, mut args: Vec<Value>, horizontal: bool) -> Result<Vec<Value>> {
    let fname = if horizontal { "barh" } else { "bar" };
    let target = take_axes(&ctx.state.graphics, &mut args);
    let mut data = Vec::new();
    let mut stacked = false;
    let mut color: Option<Rgb> = None;
    let mut i = 0;
    while i < args.len() {
        let v = &args[i];
        if let Some(s) = text_of(v) {
            match s.to_ascii_lowercase().as_str() {
                "stacked" => stacked = true,
                "grouped" | "hist" | "histc" => {}
                _ => match crate::graphics::linespec::color_name(&s) {
                    Some(c) if s.len() == 1 => color = Some(c),
                    _ => break,
                },
            }
            i += 1;
            continue;
        }
        if !is_data(v) {
            return Err(Error::new(format!("{fname}: Y must be numeric")));
        }
        data.push(nums(fname, v)?);
        i += 1;
    }
    if data.is_empty() {
        return Err(match args.first() {
            Some(_) => Error::new(format!("{fname}: Y must be numeric")),
            None => Error::new(format!("Invalid call to {fname}")),
        });
    }
    let props = pairs(fname, &args[i..])?;
    let (x, y, width) = match data.as_slice() {
        [y] => (None, y, 0.8),
        [x, y] if y.numel() == 1 && x.numel() > 1 => (None, x, y.data()[0]),
        [x, y] => (Some(x), y, 0.8),
        [x, y, w] if w.numel() == 1 => (Some(x), y, w.data()[0]),
        _ => {
            return Err(Error::new(format!(
                "Invalid call to {fname}: use {fname}(x, y, width)"
            )))
        }
    };
    if !(width > 0.0 && width.is_finite()) {
        return Err(Error::new(format!(
            "{fname}: bar width must be a positive number"
        )));
    }
    let (n, cols) = series(y);
    let xs: Vec<f64> = match x {
        Some(x) => {
            if !(x.dims().is_vector() || x.numel() <= 1) {
                return Err(Error::new(format!("{fname}: X must be a vector")));
            }
            let mut sorted = x.data().to_vec();
            sorted.sort_by(f64::total_cmp);
            if sorted.windows(2).any(|w| w[0] == w[1]) {
                return Err(Error::new(format!(
                    "{fname}: X vector values must be unique"
                )));
            }
            if x.numel() != n {
                return Err(Error::new(format!(
                    "{fname}: length of X and Y must be equal"
                )));
            }
            x.data().to_vec()
        }
        None => (1..=n).map(|k| k as f64).collect(),
    };
    // Spacing between bar positions (1 for a single bar).
    let gap = xs
        .windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .filter(|d| *d > 0.0)
        .fold(f64::INFINITY, f64::min);
    let gap = if gap.is_finite() { gap } else { 1.0 };
    let k = cols.len();
    let g = &mut ctx.state.graphics;
    let ids = new_plot(g, target);
    let mut arts = Vec::new();
    let mut base_pos = vec![0.0; n];
    let mut base_neg = vec![0.0; n];
    for (j, col) in cols.iter().enumerate() {
        let mut r = Vec::with_capacity(n);
        for (t, &v) in col.iter().enumerate() {
            if stacked || k == 1 {
                let half = width * gap / 2.0;
                let base = if v >= 0.0 {
                    &mut base_pos[t]
                } else {
                    &mut base_neg[t]
                };
                let (lo, hi) = if stacked {
                    (*base, *base + v)
                } else {
                    (0.0, v)
                };
                if stacked {
                    *base += v;
                }
                r.push((xs[t] - half, xs[t] + half, lo, hi));
            } else {
                // MATLAB's grouping: the group takes min(0.8, k/(k+1.5)) of
                // the spacing, split evenly between the series.
                let group = (k as f64 / (k as f64 + 1.5)).min(0.8) * gap;
                let slot = group / k as f64;
                let centre = xs[t] - group / 2.0 + (j as f64 + 0.5) * slot;
                let half = slot * width / 0.8 / 2.0;
                r.push((centre - half, centre + half, 0.0, v));
            }
        }
        let (px, py) = rects(&r, horizontal);
        let face = color.unwrap_or_else(|| axes_mut(g, ids).take_color());
        let mut p = patch(px, py, face);
        for (name, v) in &props {
            set_patch_prop(fname, &mut p, name, v)?;
        }
        arts.push(Artist::Patch(p));
    }
    let hs = push_artists(g, ids, arts);
    Ok(handles_out(ctx, hs))
}

/// bar: vertical bar chart.
///
/// `h = bar(y)` draws a bar per element (a matrix groups each row);
/// `bar(x, y)` at distinct positions `x` (a vector as long as `y`);
/// `bar(..., width)`, `'stacked'`, a colour letter and property pairs.
///
/// ```text
/// >> h = bar([1 2 3]); numel(h)
/// ans = 1
/// ```
pub fn bar(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    bar_impl(ctx, args, false)
}
/// barh: horizontal bar chart.
///
/// `h = barh(y)`, `barh(x, y)`... take `bar`'s arguments and draw the bars
/// horizontally.
///
/// ```text
/// >> h = barh([1 2 3]); numel(h)
/// ans = 1
/// ```
pub fn barh(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    bar_impl(ctx, args, true)
}

/// Round a raw bin width to 1, 2, 3, 5 or 10 times a power of ten and lay
/// bins of that width over `[lo, hi]` starting at a multiple of it
/// (MATLAB's automatic "nice" bin edges).
pub(crate) fn nice_edges(lo: f64, hi: f64, raw: f64) -> Vec<f64> {
    if !(raw > 0.0 && raw.is_finite()) {
        return vec![lo - 0.5, hi + 0.5];
    }
    let w = crate::builtins::signal::nice_width(raw);
    let left = (w * (lo / w).floor()).min(lo);
    let nb = (((hi - left) / w).ceil() as usize).max(1);
    let mut e: Vec<f64> = (0..=nb).map(|k| left + k as f64 * w).collect();
    if let Some(last) = e.last_mut() {
        *last = last.max(hi);
    }
    e
}

/// MATLAB's automatic bins of `data` (Scott's rule, nice edges): a
/// constant sample gets one unit-wide bin around it.
pub(crate) fn auto_edges(data: &[f64]) -> Vec<f64> {
    let v: Vec<f64> = data.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return vec![0.0, 1.0];
    }
    let (lo, hi) = v
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        });
    if lo == hi {
        return vec![lo - 0.5, hi + 0.5];
    }
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let sd = (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0)).sqrt();
    let raw = 3.5 * sd / n.cbrt();
    // Keep the bin count reasonable when the spread is tiny.
    let raw = raw.max((hi - lo) / 1000.0);
    nice_edges(lo, hi, raw)
}

/// Counts of `data` in bins `[e_k, e_k+1)`, the last bin closed.
pub(crate) fn bin_counts(data: &[f64], edges: &[f64]) -> Vec<f64> {
    let nb = edges.len().saturating_sub(1);
    let mut c = vec![0.0; nb];
    if nb == 0 {
        return c;
    }
    for &x in data {
        if x.is_nan() || x < edges[0] || x > edges[nb] {
            continue;
        }
        // The first edge above x, minus one.
        let k = edges.partition_point(|&e| e <= x);
        let k = k.saturating_sub(1).min(nb - 1);
        c[k] += 1.0;
    }
    c
}

/// histogram: histogram plot of data.
///
/// `histogram(X)` sorts the values of X into bins of equal width chosen
/// automatically and draws one bar per bin, its height the number of
/// values in it (NaN and Inf values are not counted).
///
/// `histogram(X, nbins)` uses nbins bins of equal width over the range of
/// X; `histogram(X, edges)` uses the bins between consecutive elements of
/// the increasing vector edges.
///
/// Name/value options: 'NumBins', 'BinEdges', 'BinWidth', and
/// 'Normalization' with 'count' (the default), 'probability', 'pdf',
/// 'countdensity', 'cumcount' or 'cdf'; patch properties such as
/// 'FaceColor' and 'EdgeColor' set the bars' look.
///
/// `h = histogram(...)` returns the handle of the bars. In flatlab that is
/// a patch object (MATLAB returns a Histogram object with properties such
/// as Values); use `histcounts` to get the counts.
///
/// ```text
/// >> h = histogram([1 2 2 3 3 3], 3); isgraphics(h), close all
/// ans = 1
/// ```
pub fn histogram(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let fname = "histogram";
    let Some(first) = args.first() else {
        return Err(Error::new("Invalid call to histogram"));
    };
    let data = nums(fname, first)?.data().to_vec();
    let mut i = 1;
    let mut edges: Option<Vec<f64>> = None;
    let mut nbins: Option<usize> = None;
    let mut width: Option<f64> = None;
    if let Some(v) = args.get(1).filter(|v| is_data(v)) {
        let b = nums(fname, v)?;
        if b.numel() == 1 {
            nbins = Some(v.scalar_usize(fname)?);
        } else {
            edges = Some(b.data().to_vec());
        }
        i = 2;
    }
    let mut norm = "count".to_string();
    let mut patch_props = Vec::new();
    for (name, v) in pairs(fname, &args[i..])? {
        match name.to_ascii_lowercase().as_str() {
            "numbins" => nbins = Some(v.scalar_usize(fname)?),
            "binedges" => edges = Some(nums(fname, &v)?.data().to_vec()),
            "binwidth" => width = Some(v.scalar_f64(fname)?),
            "normalization" => norm = super::word(fname, &v)?,
            "displaystyle" | "binmethod" | "binlimits" | "orientation" => {}
            _ => patch_props.push((name, v)),
        }
    }
    if nbins == Some(0) {
        return Err(Error::new(
            "histogram: the number of bins must be a positive integer",
        ));
    }
    let finite: Vec<f64> = data.iter().copied().filter(|x| x.is_finite()).collect();
    let range = super::data_range(finite.iter(), false).unwrap_or([0.0, 1.0]);
    let edges = match (edges, nbins, width) {
        (Some(e), _, _) => {
            if e.len() < 2
                || e.windows(2)
                    .any(|w| w[0] >= w[1] || w[0].is_nan() || w[1].is_nan())
            {
                return Err(Error::new("histogram: bin edges must be increasing"));
            }
            e
        }
        (None, Some(n), _) => {
            let [lo, hi] = if range[0] == range[1] {
                [range[0] - 0.5, range[1] + 0.5]
            } else {
                range
            };
            (0..=n)
                .map(|k| lo + (hi - lo) * k as f64 / n as f64)
                .collect()
        }
        (None, None, Some(w)) if w > 0.0 && w.is_finite() => {
            let left = (range[0] / w).floor() * w;
            let nb = (((range[1] - left) / w).floor() as usize + 1).min(65536);
            (0..=nb).map(|k| left + k as f64 * w).collect()
        }
        (None, None, Some(_)) => {
            return Err(Error::new("histogram: BinWidth must be a positive number"))
        }
        (None, None, None) => auto_edges(&data),
    };
    let counts = bin_counts(&data, &edges);
    let total = finite.len().max(1) as f64;
    let widths: Vec<f64> = edges.windows(2).map(|w| w[1] - w[0]).collect();
    let values: Vec<f64> = match norm.as_str() {
        "count" => counts,
        "probability" => counts.iter().map(|c| c / total).collect(),
        "pdf" => counts.iter().zip(&widths).map(|(c, w)| c / total / w).collect(),
        "countdensity" => counts.iter().zip(&widths).map(|(c, w)| c / w).collect(),
        "cumcount" | "cdf" => {
            let mut s = 0.0;
            counts
                .iter()
                .map(|c| {
                    s += c;
                    if norm == "cdf" {
                        s / total
                    } else {
                        s
                    }
                })
                .collect()
        }
        other => {
            return Err(Error::new(format!(
                "histogram: unknown Normalization '{other}' (use count, probability, pdf, countdensity, cumcount or cdf)"
            )))
        }
    };
    let r: Vec<(f64, f64, f64, f64)> = edges
        .windows(2)
        .zip(&values)
        .map(|(w, &v)| (w[0], w[1], 0.0, v))
        .collect();
    let (px, py) = rects(&r, false);
    let g = &mut ctx.state.graphics;
    let ids = new_plot(g, None);
    let face = axes_mut(g, ids).take_color();
    let mut p = patch(px, py, face);
    p.face_alpha = 0.6;
    for (name, v) in &patch_props {
        if name.eq_ignore_ascii_case("FaceColor") && text_of(v).is_none() {
            p.face = color_arg(fname, v)?.into_iter().collect();
            continue;
        }
        set_patch_prop(fname, &mut p, name, v)?;
    }
    let hs = push_artists(g, ids, vec![Artist::Patch(p)]);
    Ok(handles_out(ctx, hs))
}

/// Octave's `hist` bin centres for `n` bins over `[lo, hi]` (integer
/// steps with the division last, as Octave computes them).
fn hist_centres(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    if lo != hi {
        let nn = n as f64;
        (0..n)
            .map(|k| ((hi - lo) * (2 * k + 1) as f64 + 2.0 * nn * lo) / (2.0 * nn))
            .collect()
    } else {
        let start = -(((n as f64) - 1.0) / 2.0).floor();
        (0..n).map(|k| start + k as f64 + lo).collect()
    }
}

/// hist: histogram counts and plot.
///
/// `hist(y)` draws a histogram of `y` in 10 equal bins; `hist(y, n)` in
/// `n` bins; `hist(y, x)` in bins centred on the vector `x`; `hist(y, x,
/// norm)` scales the counts to sum to `norm`. Columns of a matrix are
/// counted separately.
///
/// `[nn, xx] = hist(...)` returns the counts and bin centres without
/// drawing.
///
/// ```text
/// >> [n, x] = hist([1 2 2 3 3 3], 3)
/// n =
///
///    1   2   3
///
/// x =
///
///    1.3333   2.0000   2.6667
///
/// ```
pub fn hist(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    let fname = "hist";
    let lead = args.first().cloned();
    let hax = take_axes(&ctx.state.graphics, &mut args).and(lead);
    let Some(first) = args.first() else {
        return Err(Error::new("Invalid call to hist"));
    };
    if matches!(first, Value::Complex(_) | Value::SingleComplex(_)) {
        return Err(Error::new("hist: Y must be real-valued"));
    }
    let ya = nums(fname, first)?;
    if ya.is_empty() {
        return Err(Error::new("hist: Y must not be empty"));
    }
    let is_vec = ya.dims().is_vector() || ya.numel() == 1;
    let cols: Vec<Vec<f64>> = if is_vec {
        vec![ya.data().to_vec()]
    } else {
        let r = ya.rows();
        (0..ya.numel() / r)
            .map(|j| ya.data()[j * r..(j + 1) * r].to_vec())
            .collect()
    };
    let range = super::data_range(ya.data().iter(), false).unwrap_or([f64::NAN, f64::NAN]);
    let (lo, hi) = (range[0], range[1]);
    let mut k = 1;
    if let Some(Value::Cell(_) | Value::Struct(_) | Value::Func(_)) = args.get(1) {
        return Err(Error::new(
            "hist: bin specification must be a numeric scalar or vector",
        ));
    }
    if let Some(Value::Cell(_) | Value::Struct(_) | Value::Func(_)) = args.get(2) {
        return Err(Error::new("hist: NORM must be a numeric constant > 0"));
    }
    let (centres, equal) = match args.get(1).filter(|v| is_data(v)) {
        None => (hist_centres(lo, hi, 10), true),
        Some(v) => {
            k = 2;
            let b = nums(fname, v)?;
            if b.numel() == 1 {
                let n = b.data()[0].trunc();
                if n.is_nan() || n < 1.0 {
                    return Err(Error::new("hist: number of bins NBINS must be positive"));
                }
                if n > 1e7 {
                    return Err(Error::new("hist: too many bins"));
                }
                (hist_centres(lo, hi, n as usize), true)
            } else if b.dims().is_vector() {
                let mut c = b.data().to_vec();
                let d0 = c.get(1).map_or(0.0, |x| x - c[0]);
                let equal = c.windows(2).all(|w| w[1] - w[0] == d0);
                if c.windows(2).any(|w| w[0] > w[1]) {
                    crate::error::warn("hist: bin values X not sorted on input");
                    c.sort_by(f64::total_cmp);
                }
                (c, equal)
            } else {
                return Err(Error::new(
                    "hist: bin specification must be a scalar or vector",
                ));
            }
        }
    };
    let norm: Option<Vec<f64>> = match args.get(k).filter(|v| is_data(v)) {
        None => None,
        Some(v) => {
            let n = nums(fname, v)?.data().to_vec();
            if n.is_empty() || n.iter().any(|x| x.is_nan() || *x <= 0.0) {
                return Err(Error::new("hist: NORM must be a numeric constant > 0"));
            }
            if !(n.len() == 1 || n.len() == cols.len()) {
                return Err(Error::new(
                    "hist: NORM must be scalar or vector of length 'columns (Y)'",
                ));
            }
            k += 1;
            Some(n)
        }
    };
    let props = pairs(fname, &args[k..])?;
    let nb = centres.len();
    let cutoff: Vec<f64> = centres.windows(2).map(|w| (w[0] + w[1]) / 2.0).collect();
    let mut freq: Vec<Vec<f64>> = Vec::with_capacity(cols.len());
    for col in &cols {
        let mut f = vec![0.0; nb];
        for &v in col.iter().filter(|v| !v.is_nan()) {
            let b = if nb >= 11 && equal {
                // Octave's arithmetic bin lookup for many equal bins.
                let d = if nb < 3 {
                    1.0
                } else {
                    (centres[nb - 1] - centres[0]) / (nb - 1) as f64
                };
                let q = ((v - cutoff[0]) / d).ceil();
                (q.max(0.0).min(cutoff.len() as f64)) as usize
            } else {
                // The number of cutoffs below v: boundaries go down.
                cutoff.partition_point(|&c| c < v)
            };
            f[b] += 1.0;
        }
        freq.push(f);
    }
    if let Some(n) = &norm {
        for (j, f) in freq.iter_mut().enumerate() {
            let s: f64 = f.iter().sum();
            let w = if n.len() == 1 { n[0] } else { n[j] };
            for x in f.iter_mut() {
                *x = *x / s * w;
            }
        }
    }
    if ctx.nargout > 0 {
        let (nv, xv) = if is_vec {
            (Value::row(freq.concat()), Value::row(centres))
        } else {
            let c = freq.len();
            (Value::matrix(nb, c, freq.concat()), Value::col(centres))
        };
        return Ok(if ctx.nargout >= 2 {
            vec![nv, xv]
        } else {
            vec![nv]
        });
    }
    // Draw: bars of full width (Octave's hist draws bar(x, n, 1)).
    let mut bar_args: Vec<Value> = hax.into_iter().collect();
    bar_args.extend([
        Value::col(centres),
        if is_vec {
            Value::col(freq.concat())
        } else {
            Value::matrix(nb, freq.len(), freq.concat())
        },
        Value::num(if is_vec { 1.0 } else { 0.8 }),
    ]);
    for (name, v) in props {
        bar_args.push(Value::str(&name));
        bar_args.push(v);
    }
    bar_impl(ctx, bar_args, false)
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;
    use crate::builtins::State;
    use crate::graphics::model::{Patch, COLOR_ORDER};

    fn patches(st: &State) -> Vec<Patch> {
        st.graphics.figures[&1].axes[0]
            .children
            .iter()
            .filter_map(|c| match c {
                Artist::Patch(p) => Some(p.clone()),
                _ => None,
            })
            .collect()
    }

    /// Answers from Octave 7's `[n, x] = hist(...)`.
    #[test]
    fn hist_counts_and_centres_match_octave() {
        let mut st = State::default();
        let out = call(
            &mut st,
            "hist",
            vec![row(&[1.0, 2.0, 2.0, 3.0, 3.0, 3.0, 4.0, 10.0])],
            2,
        )
        .unwrap();
        assert_eq!(
            out[0],
            row(&[1.0, 2.0, 3.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0])
        );
        assert_eq!(
            out[1],
            row(&[1.45, 2.35, 3.25, 4.15, 5.05, 5.95, 6.85, 7.75, 8.65, 9.55])
        );
        // A value on the boundary between bins counts in the lower one.
        let out = call(
            &mut st,
            "hist",
            vec![row(&[1.0, 2.0, 3.0, 4.0, 5.0]), Value::num(2.0)],
            2,
        )
        .unwrap();
        assert_eq!(out, vec![row(&[3.0, 2.0]), row(&[2.0, 4.0])]);
        let out = call(
            &mut st,
            "hist",
            vec![row(&(0..=10).map(f64::from).collect::<Vec<_>>())],
            1,
        )
        .unwrap();
        assert_eq!(
            out[0],
            row(&[2.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0])
        );
        let out = call(
            &mut st,
            "hist",
            vec![row(&[1.0, 2.0, 3.0, 4.0]), row(&[1.0, 2.5, 4.0])],
            2,
        )
        .unwrap();
        assert_eq!(out, vec![row(&[1.0, 2.0, 1.0]), row(&[1.0, 2.5, 4.0])]);
        // A constant sample: integer centres around it.
        let out = call(&mut st, "hist", vec![row(&[7.0, 7.0])], 2).unwrap();
        assert_eq!(
            out[0],
            row(&[0.0, 0.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0])
        );
        assert_eq!(out[1], row(&(3..=12).map(f64::from).collect::<Vec<_>>()));
        // NaN is ignored, Inf counts in the last bin.
        let out = call(
            &mut st,
            "hist",
            vec![row(&[1.0, f64::NAN, 3.0, f64::INFINITY])],
            1,
        )
        .unwrap();
        assert_eq!(
            out[0],
            row(&[1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0])
        );
        // Matrix columns: counts nbins x columns, centres a column.
        let m = Value::matrix(3, 2, vec![1.0, 3.0, 5.0, 2.0, 4.0, 6.0]);
        let out = call(&mut st, "hist", vec![m], 2).unwrap();
        assert_eq!(
            (out[0].dims().as_slice(), out[1].dims().as_slice()),
            (&[10, 2][..], &[10, 1][..])
        );
        // Normalized.
        let out = call(
            &mut st,
            "hist",
            vec![row(&[1.0, 2.0, 3.0]), Value::num(3.0), Value::num(1.0)],
            1,
        )
        .unwrap();
        let Value::Num(a) = &out[0] else { panic!() };
        assert!(a.data().iter().all(|x| (x - 1.0 / 3.0).abs() < 1e-15));
        assert!(
            st.graphics.figures.is_empty(),
            "hist with outputs draws nothing"
        );
        assert!(call(&mut st, "hist", vec![row(&[1.0]), Value::num(0.0)], 1).is_err());
    }

    #[test]
    fn bars_take_colours_and_group() {
        let mut st = State::default();
        run(&mut st, "bar", vec![row(&[3.0, 1.0, 2.0])]);
        let p = patches(&st);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].face, vec![COLOR_ORDER[0]]);
        // Bar 1 spans 0.6..1.4 up to 3.
        assert_eq!(&p[0].x[..4], &[0.6, 0.6, 1.4, 1.4]);
        assert_eq!(&p[0].y[..4], &[0.0, 3.0, 3.0, 0.0]);
        let m = Value::matrix(2, 3, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        run(&mut st, "bar", vec![m.clone()]);
        let p = patches(&st);
        assert_eq!(p.len(), 3);
        assert_eq!(p[2].face, vec![COLOR_ORDER[2]]);
        // Grouped bars of one group do not overlap.
        assert!(p[0].x[2] <= p[1].x[0] + 1e-12);
        run(&mut st, "bar", vec![m, s("stacked")]);
        let p = patches(&st);
        // The second series sits on the first: 1 + 3 at x = 1.
        assert_eq!(&p[1].y[..4], &[1.0, 4.0, 4.0, 1.0]);
        run(&mut st, "barh", vec![row(&[2.0])]);
        let p = patches(&st);
        assert_eq!(&p[0].x[..4], &[0.0, 2.0, 2.0, 0.0]);
    }

    #[test]
    fn histogram_bins_and_normalizes() {
        let mut st = State::default();
        let data: Vec<f64> = (0..100).map(|k| (k as f64 * 0.37).sin() * 3.0).collect();
        let edges = auto_edges(&data);
        assert!(edges[0] <= -2.99 && *edges.last().unwrap() >= 2.99);
        let w = edges[1] - edges[0];
        let mant = w / 10f64.powf(w.log10().floor());
        assert!(
            [1.0, 2.0, 3.0, 5.0, 10.0]
                .iter()
                .any(|m| (m - mant).abs() < 1e-9),
            "nice width {w}"
        );
        run(
            &mut st,
            "histogram",
            vec![row(&data), s("Normalization"), s("probability")],
        );
        let p = patches(&st);
        let tops: f64 = p[0].y.chunks(5).map(|c| c[1]).sum();
        assert!((tops - 1.0).abs() < 1e-12, "probabilities sum to 1: {tops}");
        run(
            &mut st,
            "histogram",
            vec![row(&[0.0, 0.5, 1.0, 1.0]), row(&[0.0, 0.5, 1.0])],
        );
        let p = patches(&st);
        assert_eq!(
            p[0].y.chunks(5).map(|c| c[1]).collect::<Vec<_>>(),
            vec![1.0, 3.0]
        );
        assert_eq!(
            bin_counts(&[1.0, 2.0, 3.0], &[1.0, 2.0, 3.0]),
            vec![1.0, 2.0]
        );
        assert!(call(
            &mut st,
            "histogram",
            vec![row(&[1.0]), s("Normalization"), s("x")],
            0
        )
        .is_err());
    }
}
