//! Axis limits and ticks, MATLAB-style: automatic limits round out to
//! "nice" tick positions (1, 2 or 5 times a power of ten), labels are the
//! shortest decimal text of each tick (`0 0.2 0.4`, `-1 -0.5 0`), and very
//! large or small ranges share a `x10^k` exponent note. Log axes tick at
//! decades labelled `10^k`.

/// A tick: its position in data units and its label.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    pub at: f64,
    pub label: Label,
}

/// A tick label: plain text, or `10^k` (drawn with a superscript).
#[derive(Clone, Debug, PartialEq)]
pub enum Label {
    Text(String),
    Power(i32),
}

impl Label {
    /// The label as plain text (`10^3` for powers), for measuring.
    pub fn plain(&self) -> String {
        match self {
            Label::Text(s) => s.clone(),
            Label::Power(k) => format!("10{k}"),
        }
    }
}

/// The range the data of one axis covers, finite values only.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    pub lo: f64,
    pub hi: f64,
}

impl Range {
    pub const EMPTY: Range = Range {
        lo: f64::INFINITY,
        hi: f64::NEG_INFINITY,
    };
    /// Widen to include `v` (ignored unless finite, and positive on a log
    /// axis).
    pub fn add(&mut self, v: f64, log: bool) {
        if v.is_finite() && (!log || v > 0.0) {
            self.lo = self.lo.min(v);
            self.hi = self.hi.max(v);
        }
    }
    pub fn is_empty(&self) -> bool {
        self.lo > self.hi
    }
    pub fn union(self, o: Range) -> Range {
        Range {
            lo: self.lo.min(o.lo),
            hi: self.hi.max(o.hi),
        }
    }
}

/// The nice step (1, 2 or 5 x 10^k) giving at most `max_ticks` ticks over
/// `span`.
pub fn nice_step(span: f64, max_ticks: usize) -> f64 {
    let max_ticks = max_ticks.max(2) as f64;
    let raw = span / (max_ticks - 1.0);
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mut p = 10f64.powf(raw.log10().floor());
    loop {
        for m in [1.0, 2.0, 5.0] {
            let s = m * p;
            // Allow for rounding: a step that fits to within 1e-9 counts.
            if span / s <= max_ticks - 1.0 + 1e-9 {
                return s;
            }
        }
        p *= 10.0;
        if !p.is_finite() {
            return raw;
        }
    }
}

/// Padding for data that is a single value: MATLAB widens `c` to
/// `[c-1, c+1]` (relative for huge values so the limits differ).
fn widen_constant(c: f64) -> [f64; 2] {
    let d = (c.abs() * 1e-6).max(1.0);
    [c - d, c + d]
}

/// Automatic limits of a linear axis: the data range rounded out to ticks
/// (exactly the data range when `tight`). Empty data gives `[0 1]`.
pub fn auto_limits(r: Range, tight: bool, max_ticks: usize) -> [f64; 2] {
    if r.is_empty() {
        return [0.0, 1.0];
    }
    if r.hi - r.lo <= (r.lo.abs().max(r.hi.abs())) * 1e-12 || !(r.hi - r.lo).is_finite() {
        if (r.hi - r.lo).is_finite() {
            return widen_constant(r.lo);
        }
        return [r.lo.max(-f64::MAX / 4.0), r.hi.min(f64::MAX / 4.0)];
    }
    if tight {
        return [r.lo, r.hi];
    }
    let mut lim = [r.lo, r.hi];
    // Rounding out can change the best step: settle in two passes.
    for _ in 0..2 {
        let s = nice_step(lim[1] - lim[0], max_ticks);
        lim = [(r.lo / s).floor() * s, (r.hi / s).ceil() * s];
    }
    lim
}

/// Automatic limits of a log axis: whole decades around the positive data
/// (the data range itself when `tight`).
pub fn auto_log_limits(r: Range, tight: bool) -> [f64; 2] {
    if r.is_empty() || r.hi <= 0.0 {
        return [1.0, 10.0];
    }
    let (lo, hi) = (r.lo.max(f64::MIN_POSITIVE), r.hi);
    if tight && hi > lo {
        return [lo, hi];
    }
    let a = lo.log10().floor();
    let mut b = hi.log10().ceil();
    if b <= a {
        b = a + 1.0;
    }
    [10f64.powf(a), 10f64.powf(b)]
}

/// Ticks of a linear axis over `lim`: explicit positions when given,
/// otherwise nice steps; plus the exponent `k` of a shared `x10^k` note
/// (labels are then divided by `10^k`).
pub fn linear_ticks(lim: [f64; 2], explicit: Option<&[f64]>, max_ticks: usize) -> (Vec<f64>, i32) {
    let (lo, hi) = (lim[0].min(lim[1]), lim[0].max(lim[1]));
    if let Some(t) = explicit {
        let v: Vec<f64> = t.iter().copied().filter(|v| v.is_finite()).collect();
        return (v, 0);
    }
    if !(hi - lo).is_finite() || hi <= lo {
        return (vec![lo], 0);
    }
    let s = nice_step(hi - lo, max_ticks);
    let first = (lo / s - 1e-9).ceil();
    let last = (hi / s + 1e-9).floor();
    let n = (last - first) as i64;
    if !(0..=1000).contains(&n) {
        return (vec![lo, hi], 0);
    }
    let ticks: Vec<f64> = (0..=n)
        .map(|i| {
            let v = (first + i as f64) * s;
            if v.abs() < s * 1e-9 {
                0.0
            } else {
                v
            }
        })
        .collect();
    let big = lo.abs().max(hi.abs());
    let exp = if big >= 1e5 || (big < 1e-3 && big > 0.0) {
        big.log10().floor() as i32
    } else {
        0
    };
    (ticks, exp)
}

/// Labels for linear ticks divided by `10^exp`: the shortest decimal text
/// that tells neighbouring ticks apart, as MATLAB shows them.
pub fn linear_labels(ticks: &[f64], exp: i32) -> Vec<String> {
    let scale = 10f64.powi(exp);
    let vals: Vec<f64> = ticks.iter().map(|v| v / scale).collect();
    // Decimals needed: enough for the smallest gap, at most 6 (plus what
    // a lone value needs).
    let step = vals
        .windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .filter(|d| *d > 0.0)
        .fold(f64::INFINITY, f64::min);
    let mut dec = if step.is_finite() {
        ((-step.log10()).ceil().max(0.0) as usize + 1).min(8)
    } else {
        4
    };
    if !step.is_finite() {
        dec = 4;
    }
    vals.iter().map(|v| format_trim(*v, dec)).collect()
}

/// `v` with `dec` decimals, trailing zeros (and a bare point) removed,
/// `-0` shown as `0`; `%g` for values too big for fixed notation.
pub fn format_trim(v: f64, dec: usize) -> String {
    if !v.is_finite() {
        return if v.is_nan() {
            "NaN".into()
        } else if v > 0.0 {
            "Inf".into()
        } else {
            "-Inf".into()
        };
    }
    if v.abs() >= 1e15 {
        return format!("{v:e}");
    }
    let mut s = format!("{v:.dec$}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" {
        s = "0".into();
    }
    s
}

/// Ticks of a log axis over `lim` (positive): decades, every `k`-th when
/// there are too many; explicit positions when given.
pub fn log_ticks(lim: [f64; 2], explicit: Option<&[f64]>, max_ticks: usize) -> Vec<Tick> {
    if let Some(t) = explicit {
        return t
            .iter()
            .filter(|v| v.is_finite() && **v > 0.0)
            .map(|&v| Tick {
                at: v,
                label: power_label(v),
            })
            .collect();
    }
    let (lo, hi) = (lim[0].min(lim[1]), lim[0].max(lim[1]));
    if !(lo > 0.0 && hi.is_finite()) {
        return Vec::new();
    }
    let a = (lo.log10() - 1e-9).ceil() as i64;
    let b = (hi.log10() + 1e-9).floor() as i64;
    if b < a {
        // Less than a decade: fall back to linear ticks, labelled plainly.
        let (t, _) = linear_ticks([lo, hi], None, max_ticks.min(5));
        let l = linear_labels(&t, 0);
        return t
            .into_iter()
            .zip(l)
            .map(|(at, s)| Tick {
                at,
                label: Label::Text(s),
            })
            .collect();
    }
    let n = (b - a + 1) as usize;
    let every = n.div_ceil(max_ticks.max(2)).max(1) as i64;
    (a..=b)
        .filter(|k| (k - a) % every == 0)
        .map(|k| Tick {
            at: 10f64.powi(k as i32),
            label: Label::Power(k as i32),
        })
        .collect()
}

fn power_label(v: f64) -> Label {
    let k = v.log10();
    if (k - k.round()).abs() < 1e-9 {
        Label::Power(k.round() as i32)
    } else {
        Label::Text(format_trim(v, 4))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(lo: f64, hi: f64) -> Range {
        Range { lo, hi }
    }

    #[test]
    fn limits_round_out_to_nice_ticks() {
        assert_eq!(auto_limits(r(0.0, 1.0), false, 11), [0.0, 1.0]);
        assert_eq!(auto_limits(r(-0.99, 0.98), false, 11), [-1.0, 1.0]);
        assert_eq!(
            auto_limits(r(0.0, 2.0 * std::f64::consts::PI), false, 8),
            [0.0, 7.0]
        );
        assert_eq!(auto_limits(r(3.0, 97.0), false, 11), [0.0, 100.0]);
        assert_eq!(auto_limits(r(0.3, 0.7), true, 11), [0.3, 0.7]);
    }

    #[test]
    fn constant_and_empty_data_get_a_range() {
        assert_eq!(auto_limits(r(3.0, 3.0), false, 11), [2.0, 4.0]);
        assert_eq!(auto_limits(Range::EMPTY, false, 11), [0.0, 1.0]);
        let l = auto_limits(r(1e300, 1e300), false, 11);
        assert!(l[0] < l[1] && l[0].is_finite() && l[1].is_finite());
        let l = auto_limits(r(-1e308, 1e308), false, 11);
        assert!(l[0] < l[1] && l[0].is_finite());
    }

    #[test]
    fn labels_are_short_decimals() {
        let (t, e) = linear_ticks([0.0, 1.0], None, 6);
        assert_eq!(e, 0);
        assert_eq!(linear_labels(&t, e), ["0", "0.2", "0.4", "0.6", "0.8", "1"]);
        let (t, _) = linear_ticks([-1.0, 0.0], None, 3);
        assert_eq!(linear_labels(&t, 0), ["-1", "-0.5", "0"]);
        let (t, _) = linear_ticks([0.0, 10.0], None, 11);
        assert_eq!(t.len(), 11);
        assert_eq!(linear_labels(&t, 0)[10], "10");
    }

    #[test]
    fn huge_ranges_share_an_exponent() {
        let (t, e) = linear_ticks([0.0, 3e6], None, 7);
        assert_eq!(e, 6);
        let l = linear_labels(&t, e);
        assert_eq!(l.first().map(String::as_str), Some("0"));
        assert_eq!(l.last().map(String::as_str), Some("3"));
    }

    #[test]
    fn log_axes_tick_at_decades() {
        assert_eq!(auto_log_limits(r(1.0, 1e4), false), [1.0, 1e4]);
        assert_eq!(auto_log_limits(r(2.0, 300.0), false), [1.0, 1000.0]);
        let t = log_ticks([1.0, 1e4], None, 10);
        let k: Vec<Label> = t.into_iter().map(|t| t.label).collect();
        assert_eq!(
            k,
            (0..=4).map(Label::Power).collect::<Vec<_>>(),
            "one tick a decade"
        );
        assert!(log_ticks([1e-100, 1e100], None, 10).len() <= 11);
    }
}
