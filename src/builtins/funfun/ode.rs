//! ODE integrators: `ode45` (Dormand–Prince 5(4)), `ode23` (Bogacki–
//! Shampine 3(2)) and, for stiff problems, `ode15s`/`ode23s` (a linearly
//! implicit Rosenbrock 2(3) method, the one of MATLAB's ode23s, with the
//! Jacobian from the 'Jacobian' option or by finite differences at every
//! step: L-stable and free of Newton iterations, so it cannot fail to
//! converge; it is not MATLAB's variable-order NDF, so its steps differ
//! from MATLAB's ode15s though its answers agree to the tolerances).
//!
//! Step control follows GNU Octave 7, whose numbers the conformance kit
//! holds: the first step by Hairer's rule, the error as the largest
//! |y5 - y4| / max(AbsTol, RelTol*max(|y_new|, |y_old|)) (2-norm with
//! 'NormControl'), accepted when <= 1, and the next step the old one times
//! min(1.5, max(0.8, 0.38^(1/(p+1)) * err^(-1/(p+1)))), at most MaxStep
//! (default a tenth of the range). With a two-point tspan the output is
//! every step (and `Refine - 1` interpolated points between steps when
//! 'Refine' is set), with more points the solution at exactly those
//! points from each method's continuous extension.
//!
//! Events (`System::events`) are looked for after every accepted step: a
//! component that changed sign in the step's direction is located inside
//! the step by the Illinois method on the continuous extension (at most
//! `EVENT_ITERS` evaluations), and a terminal one ends the integration
//! there. The output function (`System::output`) sees 'init', every output
//! point and 'done', and stops the integration by returning true.
//! 'NonNegative' components are kept at or above zero as MATLAB does: their
//! derivative is cut at zero when they are not positive, and a step that
//! takes them below zero by more than the tolerance is rejected. A complex
//! ODE is integrated as its real and imaginary parts (`OdeOpts::complex`:
//! the state is [re; im], and the error of a component is its modulus).
//! The interpreter side (arguments, options, the user's functions, the
//! outputs) is `ode_call.rs`.

use crate::builtins::math::eps_of;
use crate::error::{Error, Result};

use super::sci;

/// The methods.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Method {
    DormandPrince,
    BogackiShampine,
    Rosenbrock,
}

impl Method {
    /// The order used by the step-size rule.
    fn order(self) -> usize {
        match self {
            Method::DormandPrince => 5,
            Method::BogackiShampine => 3,
            Method::Rosenbrock => 2,
        }
    }
}

/// The values of the event function at one point: one entry per event.
#[derive(Clone, Debug, Default)]
pub(super) struct EventValues {
    pub value: Vec<f64>,
    pub terminal: Vec<bool>,
    /// 0 any crossing, > 0 only rising, < 0 only falling.
    pub direction: Vec<f64>,
}

/// A call of the output function.
pub(super) enum OutputCall<'a> {
    Init { tspan: &'a [f64], y0: &'a [f64] },
    Point { t: f64, y: &'a [f64] },
    Done,
}

/// The right-hand side and, when the user gave them, the Jacobian, the
/// event function and the output function.
pub(super) trait System {
    fn f(&mut self, t: f64, y: &[f64]) -> Result<Vec<f64>>;
    /// df/dy column-major, or `None` to difference `f`.
    fn jacobian(&mut self, _t: f64, _y: &[f64]) -> Result<Option<Vec<f64>>> {
        Ok(None)
    }
    /// The event function's values at (t, y), or `None` without events.
    fn events(&mut self, _t: f64, _y: &[f64]) -> Result<Option<EventValues>> {
        Ok(None)
    }
    /// Whether there is an output function (`output` is called at all).
    fn has_output(&self) -> bool {
        false
    }
    /// Call the output function; true asks to stop.
    fn output(&mut self, _call: OutputCall) -> Result<bool> {
        Ok(false)
    }
}

/// Integration options (see `OdeOpts::from`).
#[derive(Clone, Debug)]
pub(super) struct OdeOpts {
    pub reltol: f64,
    /// One value, or one per component.
    pub abstol: Vec<f64>,
    pub norm_control: bool,
    pub max_step: Option<f64>,
    pub initial_step: Option<f64>,
    pub refine: usize,
    /// Components (0-based) kept non-negative.
    pub nonnegative: Vec<usize>,
    /// The state holds the real parts and then the imaginary parts of a
    /// complex state.
    pub complex: bool,
}

impl Default for OdeOpts {
    fn default() -> Self {
        OdeOpts {
            reltol: 1e-3,
            abstol: vec![1e-6],
            norm_control: false,
            max_step: None,
            initial_step: None,
            refine: 1,
            nonnegative: Vec::new(),
            complex: false,
        }
    }
}

/// Counters MATLAB reports in `sol.stats`.
#[derive(Clone, Debug, Default)]
pub(super) struct Stats {
    pub nsteps: usize,
    pub nfailed: usize,
    pub nfevals: usize,
    pub npds: usize,
    pub ndecomps: usize,
    pub nsolves: usize,
}

/// One located event.
#[derive(Clone, Debug)]
pub(super) struct Event {
    pub t: f64,
    pub y: Vec<f64>,
    /// 1-based, as MATLAB reports it.
    pub index: usize,
}

/// The integration: output times and states, every accepted step (for
/// `sol`), the events, the counters, and the warning if it stopped early.
#[derive(Clone, Debug, Default)]
pub(super) struct OdeOut {
    pub t: Vec<f64>,
    pub y: Vec<Vec<f64>>,
    pub steps_t: Vec<f64>,
    pub steps_y: Vec<Vec<f64>>,
    pub events: Vec<Event>,
    pub stats: Stats,
    pub warning: Option<String>,
}

/// Results of one step attempt.
struct Step {
    y: Vec<f64>,
    /// y - (error estimate): the lower-order solution.
    est: Vec<f64>,
    /// Stage derivatives for the continuous extension.
    k: Vec<Vec<f64>>,
    /// f at the new point, when the method computed it.
    f_new: Option<Vec<f64>>,
}

// Dormand–Prince 5(4) coefficients.
const DP_C: [f64; 7] = [0.0, 0.2, 0.3, 0.8, 8.0 / 9.0, 1.0, 1.0];
const DP_A: [&[f64]; 7] = [
    &[],
    &[0.2],
    &[3.0 / 40.0, 9.0 / 40.0],
    &[44.0 / 45.0, -56.0 / 15.0, 32.0 / 9.0],
    &[
        19372.0 / 6561.0,
        -25360.0 / 2187.0,
        64448.0 / 6561.0,
        -212.0 / 729.0,
    ],
    &[
        9017.0 / 3168.0,
        -355.0 / 33.0,
        46732.0 / 5247.0,
        49.0 / 176.0,
        -5103.0 / 18656.0,
    ],
    &[
        35.0 / 384.0,
        0.0,
        500.0 / 1113.0,
        125.0 / 192.0,
        -2187.0 / 6784.0,
        11.0 / 84.0,
    ],
];
const DP_B: [f64; 7] = [
    35.0 / 384.0,
    0.0,
    500.0 / 1113.0,
    125.0 / 192.0,
    -2187.0 / 6784.0,
    11.0 / 84.0,
    0.0,
];
const DP_BHAT: [f64; 7] = [
    5179.0 / 57600.0,
    0.0,
    7571.0 / 16695.0,
    393.0 / 640.0,
    -92097.0 / 339200.0,
    187.0 / 2100.0,
    1.0 / 40.0,
];
/// Continuous extension of Dormand–Prince (Shampine): weight of stage j
/// at s in [0, 1] is sum_i DP_BI[j][i] * s^(i+1).
const DP_BI: [[f64; 4]; 7] = [
    [1.0, -183.0 / 64.0, 37.0 / 12.0, -145.0 / 128.0],
    [0.0, 0.0, 0.0, 0.0],
    [0.0, 1500.0 / 371.0, -1000.0 / 159.0, 1000.0 / 371.0],
    [0.0, -125.0 / 32.0, 125.0 / 12.0, -375.0 / 64.0],
    [0.0, 9477.0 / 3392.0, -729.0 / 106.0, 25515.0 / 6784.0],
    [0.0, -11.0 / 7.0, 11.0 / 3.0, -55.0 / 28.0],
    [0.0, 1.5, -4.0, 2.5],
];

// Bogacki–Shampine 3(2) coefficients.
const BS_C: [f64; 4] = [0.0, 0.5, 0.75, 1.0];
const BS_A: [&[f64]; 4] = [
    &[],
    &[0.5],
    &[0.0, 0.75],
    &[2.0 / 9.0, 1.0 / 3.0, 4.0 / 9.0],
];
const BS_B: [f64; 4] = [2.0 / 9.0, 1.0 / 3.0, 4.0 / 9.0, 0.0];
const BS_BHAT: [f64; 4] = [7.0 / 24.0, 0.25, 1.0 / 3.0, 0.125];
const BS_BI: [[f64; 3]; 4] = [
    [1.0, -4.0 / 3.0, 5.0 / 9.0],
    [0.0, 1.0, -2.0 / 3.0],
    [0.0, 4.0 / 3.0, -8.0 / 9.0],
    [0.0, -1.0, 1.0],
];

/// y + h * sum_j w_j k_j, rounded as Octave computes `y + k * (h * w)'`:
/// the weights are scaled by h first, and the sum over stages is taken in
/// the order of OpenBLAS's small matrix-vector product (pairs of products
/// added per block of four stages, the rest one by one; a plain running
/// sum for a scalar equation, which is a dot product). The error estimate
/// is a difference of two such sums, so this order decides the step
/// sizes to the last digit.
fn combine(y: &[f64], h: f64, w: &[f64], k: &[Vec<f64>]) -> Vec<f64> {
    let hw: Vec<f64> = w.iter().map(|w| h * w).collect();
    let n = hw.len().min(k.len());
    let blocks = if y.len() == 1 { 0 } else { n / 4 * 4 };
    y.iter()
        .enumerate()
        .map(|(i, &yi)| {
            let mut temp = 0.0;
            for j in (0..blocks).step_by(4) {
                temp += k[j][i] * hw[j] + k[j + 1][i] * hw[j + 1];
                temp += k[j + 2][i] * hw[j + 2] + k[j + 3][i] * hw[j + 3];
            }
            for j in blocks..n {
                temp += k[j][i] * hw[j];
            }
            yi + temp
        })
        .collect()
}

/// An embedded explicit Runge–Kutta pair.
#[derive(Clone, Copy)]
struct Tableau {
    c: &'static [f64],
    a: &'static [&'static [f64]],
    b: &'static [f64],
    bhat: &'static [f64],
}

const DORMAND_PRINCE: Tableau = Tableau {
    c: &DP_C,
    a: &DP_A,
    b: &DP_B,
    bhat: &DP_BHAT,
};

const BOGACKI_SHAMPINE: Tableau = Tableau {
    c: &BS_C,
    a: &BS_A,
    b: &BS_B,
    bhat: &BS_BHAT,
};

/// One explicit Runge–Kutta step (first-same-as-last: the last stage is
/// f at the new point).
fn rk_step(
    sys: &mut dyn System,
    stats: &mut Stats,
    tab: &Tableau,
    t: f64,
    y: &[f64],
    f0: &[f64],
    h: f64,
) -> Result<Step> {
    let Tableau { c, a, b, bhat } = *tab;
    let mut k: Vec<Vec<f64>> = vec![f0.to_vec()];
    for s in 1..c.len() {
        let ys = combine(y, h, a[s], &k);
        let ts = if s + 1 == c.len() {
            t + h
        } else {
            t + c[s] * h
        };
        k.push(sys.f(ts, &ys)?);
        stats.nfevals += 1;
    }
    let ynew = combine(y, h, b, &k);
    let est = combine(y, h, bhat, &k);
    let f_new = k.last().cloned();
    Ok(Step {
        y: ynew,
        est,
        k,
        f_new,
    })
}

/// A dense n x n linear system solved by LU with partial pivoting.
struct Lu(crate::ops::dense::Lu<f64>);

impl Lu {
    fn new(n: usize, a: Vec<f64>) -> Lu {
        Lu(crate::ops::dense::lu_factor(n, n, a))
    }
    fn solve(&self, b: &[f64]) -> Vec<f64> {
        self.0.solve(b, 1)
    }
}

/// The Jacobian df/dy at (t, y): the user's, or forward differences.
fn jacobian(
    sys: &mut dyn System,
    stats: &mut Stats,
    t: f64,
    y: &[f64],
    f0: &[f64],
) -> Result<Vec<f64>> {
    let n = y.len();
    stats.npds += 1;
    if let Some(j) = sys.jacobian(t, y)? {
        if j.len() != n * n {
            return Err(Error::new(format!(
                "the Jacobian must be a {n}x{n} matrix (it has {} elements)",
                j.len()
            )));
        }
        return Ok(j);
    }
    let mut jac = vec![0.0; n * n];
    let mut yd = y.to_vec();
    for c in 0..n {
        let del = f64::EPSILON.sqrt() * y[c].abs().max(1e-5);
        yd[c] = y[c] + del;
        let fd = sys.f(t, &yd)?;
        stats.nfevals += 1;
        yd[c] = y[c];
        let del = (y[c] + del) - y[c];
        for r in 0..n {
            jac[r + c * n] = (fd[r] - f0[r]) / del;
        }
    }
    Ok(jac)
}

/// One step of the Rosenbrock 2(3) method of Shampine and Reichelt.
fn rosenbrock_step(
    sys: &mut dyn System,
    stats: &mut Stats,
    t: f64,
    y: &[f64],
    f0: &[f64],
    h: f64,
) -> Result<Step> {
    let n = y.len();
    let d = 1.0 / (2.0 + std::f64::consts::SQRT_2);
    let e32 = 6.0 + std::f64::consts::SQRT_2;
    let jac = jacobian(sys, stats, t, y, f0)?;
    let delt = f64::EPSILON.sqrt() * t.abs().max((t + h).abs()).max(f64::MIN_POSITIVE);
    let ft = sys.f(t + delt, y)?;
    stats.nfevals += 1;
    let tdiff: Vec<f64> = ft.iter().zip(f0).map(|(a, b)| (a - b) / delt).collect();
    let mut w = vec![0.0; n * n];
    for c in 0..n {
        for r in 0..n {
            w[r + c * n] = if r == c { 1.0 } else { 0.0 } - h * d * jac[r + c * n];
        }
    }
    let lu = Lu::new(n, w);
    stats.ndecomps += 1;
    let rhs1: Vec<f64> = f0.iter().zip(&tdiff).map(|(f, t)| f + h * d * t).collect();
    let k1 = lu.solve(&rhs1);
    let y1: Vec<f64> = y.iter().zip(&k1).map(|(y, k)| y + 0.5 * h * k).collect();
    let f1 = sys.f(t + 0.5 * h, &y1)?;
    stats.nfevals += 1;
    let rhs2: Vec<f64> = f1.iter().zip(&k1).map(|(f, k)| f - k).collect();
    let k2: Vec<f64> = lu
        .solve(&rhs2)
        .iter()
        .zip(&k1)
        .map(|(a, b)| a + b)
        .collect();
    let ynew: Vec<f64> = y.iter().zip(&k2).map(|(y, k)| y + h * k).collect();
    let f2 = sys.f(t + h, &ynew)?;
    stats.nfevals += 1;
    let rhs3: Vec<f64> = (0..n)
        .map(|i| f2[i] - e32 * (k2[i] - f1[i]) - 2.0 * (k1[i] - f0[i]) + h * d * tdiff[i])
        .collect();
    let k3 = lu.solve(&rhs3);
    stats.nsolves += 3;
    let est: Vec<f64> = (0..n)
        .map(|i| ynew[i] - h / 6.0 * (k1[i] - 2.0 * k2[i] + k3[i]))
        .collect();
    Ok(Step {
        y: ynew,
        est,
        k: vec![k1, k2],
        f_new: Some(f2),
    })
}

/// The state at t_old + s*h from a step's continuous extension.
fn interpolate(method: Method, y: &[f64], h: f64, k: &[Vec<f64>], s: f64) -> Vec<f64> {
    let w: Vec<f64> = match method {
        Method::DormandPrince => DP_BI
            .iter()
            .map(|r| s * (r[0] + s * (r[1] + s * (r[2] + s * r[3]))))
            .collect(),
        Method::BogackiShampine => BS_BI
            .iter()
            .map(|r| s * (r[0] + s * (r[1] + s * r[2])))
            .collect(),
        Method::Rosenbrock => {
            let d = 1.0 / (2.0 + std::f64::consts::SQRT_2);
            vec![
                s * (1.0 - s) / (1.0 - 2.0 * d),
                s * (s - 2.0 * d) / (1.0 - 2.0 * d),
            ]
        }
    };
    combine(y, h, &w, k)
}

/// Octave's error norm: the largest |x - est| / max(AbsTol, RelTol *
/// max(|x|, |x_old|)), or with `norm_control` the 2-norms. For a complex
/// state |.| is the modulus of a component (its two parts).
fn error_norm(o: &OdeOpts, x: &[f64], x_old: &[f64], est: &[f64]) -> f64 {
    let atol = |i: usize| o.abstol.get(i).copied().unwrap_or(o.abstol[0]);
    if o.norm_control {
        let n2 = |v: &mut dyn Iterator<Item = f64>| v.map(|a| a * a).sum::<f64>().sqrt();
        let sc = o.abstol[0]
            .max(o.reltol * n2(&mut x.iter().copied()).max(n2(&mut x_old.iter().copied())));
        return n2(&mut x.iter().zip(est).map(|(a, b)| a - b)) / sc;
    }
    let m = if o.complex { x.len() / 2 } else { x.len() };
    let modulus = |v: &[f64], i: usize| {
        if o.complex {
            v[i].hypot(v[i + m])
        } else {
            v[i].abs()
        }
    };
    let mut worst = 0.0f64;
    for i in 0..m {
        let sc = atol(i).max(o.reltol * modulus(x, i).max(modulus(x_old, i)));
        let d = if o.complex {
            (x[i] - est[i]).hypot(x[i + m] - est[i + m])
        } else {
            (x[i] - est[i]).abs()
        };
        let e = d / sc;
        if e.is_nan() {
            return f64::NAN;
        }
        worst = worst.max(e);
    }
    worst
}

/// Hairer's initial step (Solving ODEs I, II.4), with Octave's norm.
fn starting_step(
    sys: &mut dyn System,
    stats: &mut Stats,
    o: &OdeOpts,
    order: usize,
    (t0, y0, f0): (f64, &[f64], &[f64]),
    dir: f64,
) -> Result<f64> {
    let d0 = error_norm(o, y0, y0, &vec![0.0; y0.len()]);
    let d1 = error_norm(o, f0, f0, &vec![0.0; y0.len()]);
    let h0 = if d0 < 1e-5 || d1 < 1e-5 {
        1e-6
    } else {
        0.01 * (d0 / d1)
    };
    let y1: Vec<f64> = y0.iter().zip(f0).map(|(y, f)| y + dir * h0 * f).collect();
    let f1 = sys.f(t0 + dir * h0, &y1)?;
    stats.nfevals += 1;
    let df: Vec<f64> = f1.iter().zip(f0).map(|(a, b)| a - b).collect();
    let d2 = error_norm(o, &df, &df, &vec![0.0; y0.len()]) / h0;
    let h1 = if d1.max(d2) <= 1e-15 {
        (h0 * 1e-3).max(1e-6)
    } else {
        (1e-2 / d1.max(d2)).powf(1.0 / (order as f64 + 1.0))
    };
    Ok((100.0 * h0).min(h1))
}

/// Consecutive rejected steps after which the integration gives up.
const MAX_REJECTS: usize = 5000;

/// Evaluations of the event function spent locating one event in a step.
const EVENT_ITERS: usize = 100;

/// `f` with the 'NonNegative' components' derivatives cut at zero where
/// the component is not positive (MATLAB's rule).
struct NonNegative<'s> {
    inner: &'s mut dyn System,
    idx: &'s [usize],
}

impl System for NonNegative<'_> {
    fn f(&mut self, t: f64, y: &[f64]) -> Result<Vec<f64>> {
        let mut f = self.inner.f(t, y)?;
        for &i in self.idx {
            if i < f.len() && i < y.len() && y[i] <= 0.0 {
                f[i] = f[i].max(0.0);
            }
        }
        Ok(f)
    }
    fn jacobian(&mut self, t: f64, y: &[f64]) -> Result<Option<Vec<f64>>> {
        self.inner.jacobian(t, y)
    }
    fn events(&mut self, t: f64, y: &[f64]) -> Result<Option<EventValues>> {
        self.inner.events(t, y)
    }
    fn has_output(&self) -> bool {
        self.inner.has_output()
    }
    fn output(&mut self, call: OutputCall) -> Result<bool> {
        self.inner.output(call)
    }
}

/// Integrate `sys` over `tspan` from `y0`.
pub(super) fn integrate(
    sys: &mut dyn System,
    method: Method,
    tspan: &[f64],
    y0: &[f64],
    o: &OdeOpts,
) -> Result<OdeOut> {
    if o.nonnegative.is_empty() {
        return run(sys, method, tspan, y0, o);
    }
    let mut nn = NonNegative {
        inner: sys,
        idx: &o.nonnegative,
    };
    run(&mut nn, method, tspan, y0, o)
}

/// An accepted step, for locating events and making output points.
struct Accepted<'a> {
    method: Method,
    t: f64,
    y: &'a [f64],
    h: f64,
    t_new: f64,
    step: &'a Step,
}

impl Accepted<'_> {
    /// The time at fraction `s` of the step (the step's end exactly at 1).
    fn time(&self, s: f64) -> f64 {
        if s >= 1.0 {
            self.t_new
        } else {
            self.t + s * self.h
        }
    }
    /// The state at fraction `s` of the step.
    fn state(&self, s: f64) -> Vec<f64> {
        if s >= 1.0 {
            self.step.y.clone()
        } else {
            interpolate(self.method, self.y, self.h, &self.step.k, s)
        }
    }
}

/// The event functions' values at fraction `s` of a step.
fn events_at(sys: &mut dyn System, a: &Accepted, s: f64, m: usize) -> Result<Vec<f64>> {
    let ev = sys
        .events(a.time(s), &a.state(s))?
        .ok_or_else(|| Error::new("the event function stopped answering"))?;
    if ev.value.len() != m {
        return Err(event_size(ev.value.len(), m));
    }
    Ok(ev.value)
}

fn event_size(got: usize, want: usize) -> Error {
    Error::with_id(
        "MATLAB:odeevents:ValueSizeChanged",
        format!("the event function returned {got} values, but {want} before: the number of events must not change"),
    )
}

/// Whether event component `i` fires between values `a` and `b` in
/// `direction`: a change of sign, not counting a start at zero (an event
/// found at the end of the previous step, or at the initial point).
fn fires(a: f64, b: f64, direction: f64) -> bool {
    let rising = a < 0.0 && b >= 0.0;
    let falling = a > 0.0 && b <= 0.0;
    (rising && direction >= 0.0) || (falling && direction <= 0.0)
}

/// Where in the step (a fraction in (0, 1]) component `i` of the event
/// function crosses zero, given its values `ga` at the start and `gb` at
/// the end: the Illinois method on the continuous extension, with a
/// bisection every third evaluation, until the bracket is a few units in
/// the last place of t. The point returned is on the new side of zero.
fn locate(
    sys: &mut dyn System,
    acc: &Accepted,
    i: usize,
    m: usize,
    ga: f64,
    gb: f64,
) -> Result<f64> {
    let (mut a, mut fa, mut b, mut fb) = (0.0f64, ga, 1.0f64, gb);
    if fb == 0.0 {
        return Ok(1.0);
    }
    let tol = 4.0 * f64::EPSILON * acc.t.abs().max(acc.t_new.abs()) / acc.h.abs();
    let mut side = 0i8;
    for iter in 0..EVENT_ITERS {
        if b - a <= tol.max(f64::EPSILON) {
            break;
        }
        let mut s = (a * fb - b * fa) / (fb - fa);
        if iter % 3 == 2 || !(s > a && s < b) {
            s = 0.5 * (a + b);
        }
        let fs = events_at(sys, acc, s, m)?[i];
        if fs == 0.0 {
            return Ok(s);
        }
        if (fs > 0.0) == (fb > 0.0) {
            b = s;
            fb = fs;
            if side == -1 {
                fa *= 0.5;
            }
            side = -1;
        } else {
            a = s;
            fa = fs;
            if side == 1 {
                fb *= 0.5;
            }
            side = 1;
        }
    }
    Ok(b)
}

/// The events of an accepted step, in the order they happen, up to and
/// including the first terminal one; `true` with them if one was terminal.
fn step_events(
    sys: &mut dyn System,
    acc: &Accepted,
    old: &EventValues,
    new: &EventValues,
) -> Result<(Vec<(f64, Event)>, bool)> {
    let m = old.value.len();
    let mut found: Vec<(f64, usize)> = Vec::new();
    for i in 0..m {
        let dir = new.direction.get(i).copied().unwrap_or(0.0);
        if fires(old.value[i], new.value[i], dir) {
            found.push((locate(sys, acc, i, m, old.value[i], new.value[i])?, i));
        }
    }
    found.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut events = Vec::with_capacity(found.len());
    let mut stop: Option<f64> = None;
    for (s, i) in found {
        if stop.is_some_and(|ts| s > ts) {
            break;
        }
        events.push((
            s,
            Event {
                t: acc.time(s),
                y: acc.state(s),
                index: i + 1,
            },
        ));
        if new.terminal.get(i).copied().unwrap_or(false) && stop.is_none() {
            stop = Some(s);
        }
    }
    Ok((events, stop.is_some()))
}

/// The step's output points: tspan's points inside it (fixed times), or
/// its `Refine - 1` inner points and its end, all before `until` (a
/// fraction of the step) when a terminal event cut it.
fn step_points(
    acc: &Accepted,
    tspan: &[f64],
    next_out: &mut usize,
    refine: usize,
    until: Option<f64>,
) -> Vec<(f64, Vec<f64>)> {
    let dir = acc.h.signum();
    let mut pts = Vec::new();
    if tspan.len() > 2 {
        let end = until.map_or(acc.t_new, |s| acc.time(s));
        while *next_out < tspan.len() && dir * tspan[*next_out] <= dir * end {
            let tp = tspan[*next_out];
            let s = if tp == acc.t_new {
                1.0
            } else {
                (tp - acc.t) / acc.h
            };
            pts.push((tp, acc.state(s)));
            *next_out += 1;
        }
    } else {
        for r in 1..refine.max(1) {
            let s = r as f64 / refine as f64;
            if until.is_some_and(|u| s >= u) {
                break;
            }
            pts.push((acc.t + s * acc.h, acc.state(s)));
        }
        if until.is_none() {
            pts.push((acc.t_new, acc.step.y.clone()));
        }
    }
    pts
}

/// Apply 'NonNegative' to an accepted step: a component below zero by
/// more than its tolerance rejects the step (the error measure returned),
/// a smaller excursion is set to zero.
fn nonnegative_error(o: &OdeOpts, y: &mut [f64]) -> f64 {
    let mut worst = 0.0f64;
    for &i in &o.nonnegative {
        if i < y.len() && y[i] < 0.0 {
            let atol = o.abstol.get(i).copied().unwrap_or(o.abstol[0]);
            worst = worst.max(-y[i] / atol);
        }
    }
    if worst <= 1.0 {
        for &i in &o.nonnegative {
            if i < y.len() && y[i] < 0.0 {
                y[i] = 0.0;
            }
        }
    }
    worst
}

fn run(
    sys: &mut dyn System,
    method: Method,
    tspan: &[f64],
    y0: &[f64],
    o: &OdeOpts,
) -> Result<OdeOut> {
    let (t0, tf) = (tspan[0], tspan[tspan.len() - 1]);
    let dir = if tf > t0 { 1.0 } else { -1.0 };
    let order = method.order();
    let mut out = OdeOut::default();
    let mut f0 = sys.f(t0, y0)?;
    out.stats.nfevals += 1;
    if f0.len() != y0.len() {
        return Err(size_mismatch(f0.len(), y0.len()));
    }
    let max_step = o.max_step.unwrap_or(0.1 * (tf - t0).abs());
    let mut h = match o.initial_step {
        Some(h) => h.abs(),
        None => starting_step(sys, &mut out.stats, o, order, (t0, y0, &f0), dir)?,
    };
    h = h.min(max_step);
    let (mut t, mut y) = (t0, y0.to_vec());
    out.t.push(t0);
    out.y.push(y.clone());
    out.steps_t.push(t0);
    out.steps_y.push(y.clone());
    let has_output = sys.has_output();
    if has_output {
        sys.output(OutputCall::Init { tspan, y0 })?;
    }
    let mut g_old = sys.events(t0, y0)?;
    let mut next_out = 1usize;
    let facmin: f64 = 0.8;
    let facmax: f64 = 1.5;
    let expo = 1.0 / (order as f64 + 1.0);
    let fac = 0.38f64.powf(expo);
    let mut rejects = 0usize;
    // t advances by Kahan summation, as in Octave, updated at every attempt
    let mut comp = 0.0;
    while dir * t < dir * tf {
        let hs = dir * h;
        let yk = hs - comp;
        let t_new = t + yk;
        comp = (t_new - t) - yk;
        let mut step = match method {
            Method::DormandPrince => rk_step(sys, &mut out.stats, &DORMAND_PRINCE, t, &y, &f0, hs)?,
            Method::BogackiShampine => {
                rk_step(sys, &mut out.stats, &BOGACKI_SHAMPINE, t, &y, &f0, hs)?
            }
            Method::Rosenbrock => rosenbrock_step(sys, &mut out.stats, t, &y, &f0, hs)?,
        };
        if let Some(bad) = step.k.iter().map(Vec::len).find(|&l| l != y.len()) {
            return Err(size_mismatch(bad, y.len()));
        }
        let mut err = error_norm(o, &step.y, &y, &step.est);
        if err <= 1.0 && !o.nonnegative.is_empty() {
            let nn = nonnegative_error(o, &mut step.y);
            if nn > 1.0 {
                err = nn;
            }
        }
        let mut stop = false;
        if err <= 1.0 {
            rejects = 0;
            out.stats.nsteps += 1;
            let acc = Accepted {
                method,
                t,
                y: &y,
                h: hs,
                t_new,
                step: &step,
            };
            let mut until = None;
            if let Some(old) = &g_old {
                let new = sys
                    .events(t_new, &step.y)?
                    .ok_or_else(|| Error::new("the event function stopped answering"))?;
                if new.value.len() != old.value.len() {
                    return Err(event_size(new.value.len(), old.value.len()));
                }
                let (events, terminal) = step_events(sys, &acc, old, &new)?;
                if terminal {
                    until = events.last().map(|(s, _)| *s);
                }
                out.events.extend(events.into_iter().map(|(_, e)| e));
                g_old = Some(new);
            }
            let mut points = step_points(&acc, tspan, &mut next_out, o.refine, until);
            if let (Some(s), Some(last)) = (until, out.events.last()) {
                if points.last().map(|p| p.0) != Some(last.t) {
                    points.push((last.t, last.y.clone()));
                }
                out.steps_t.push(acc.time(s));
                out.steps_y.push(last.y.clone());
                stop = true;
            } else {
                out.steps_t.push(t_new);
                out.steps_y.push(step.y.clone());
            }
            for (tp, yp) in points {
                if has_output && sys.output(OutputCall::Point { t: tp, y: &yp })? {
                    stop = true;
                }
                out.t.push(tp);
                out.y.push(yp);
            }
            f0 = match step.f_new.take() {
                Some(f) => f,
                None => {
                    out.stats.nfevals += 1;
                    sys.f(t_new, &step.y)?
                }
            };
            t = t_new;
            y = step.y;
            if stop {
                break;
            }
        } else {
            out.stats.nfailed += 1;
            rejects += 1;
            if rejects >= MAX_REJECTS {
                out.warning = Some(format!(
                    "Failure at t={}.  Unable to meet integration tolerances: {MAX_REJECTS} steps in a row were rejected.",
                    sci(t, 6)
                ));
                break;
            }
        }
        if err.is_nan() {
            err = f64::INFINITY;
        }
        err += f64::EPSILON;
        h *= facmax.min(facmin.max(fac * (1.0 / err).powf(expo)));
        h = h.min(max_step);
        if dir * t < dir * tf && (h.is_nan() || h <= eps_of(t)) {
            out.warning = Some(format!(
                "Failure at t={}.  Unable to meet integration tolerances without reducing the step size below the smallest value allowed ({}) at time t.",
                sci(t, 6),
                sci(eps_of(t), 6)
            ));
            break;
        }
        h = h.min((tf - t).abs());
    }
    if has_output {
        sys.output(OutputCall::Done)?;
    }
    Ok(out)
}

pub(super) fn size_mismatch(got: usize, want: usize) -> Error {
    Error::with_id(
        "MATLAB:odearguments:SizeIC",
        format!("the ODE function returns a vector of length {got}, but the length of the initial conditions vector is {want}; they must have the same number of elements"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Closure<F>(F);
    impl<F: FnMut(f64, &[f64]) -> Vec<f64>> System for Closure<F> {
        fn f(&mut self, t: f64, y: &[f64]) -> Result<Vec<f64>> {
            Ok((self.0)(t, y))
        }
    }

    fn run(
        method: Method,
        f: impl FnMut(f64, &[f64]) -> Vec<f64>,
        tspan: &[f64],
        y0: &[f64],
        o: &OdeOpts,
    ) -> OdeOut {
        integrate(&mut Closure(f), method, tspan, y0, o).expect("integrated")
    }

    #[test]
    fn steps_follow_octave_on_the_oscillator() {
        // Octave 7.3: [t, y] = ode45(@(t, y) [y(2); -y(1)], [0 pi/2], [0; 1],
        // odeset('RelTol', 1e-10, 'AbsTol', 1e-12)) gives 61 points, these first.
        let o = OdeOpts {
            reltol: 1e-10,
            abstol: vec![1e-12],
            ..OdeOpts::default()
        };
        let pi2 = std::f64::consts::FRAC_PI_2;
        let r = run(
            Method::DormandPrince,
            |_, y| vec![y[1], -y[0]],
            &[0.0, pi2],
            &[0.0, 1.0],
            &o,
        );
        assert_eq!(r.t.len(), 61);
        let octave = [
            0.0,
            0.004_641_588_833_612_781,
            0.011_603_972_084_031_952,
            0.022_047_546_959_660_706,
            0.036_920_510_017_515_05,
        ];
        for (a, b) in r.t.iter().zip(octave) {
            assert_eq!(*a, b);
        }
        assert_eq!(r.t[60], pi2);
        assert!((r.y[60][0] - 1.0).abs() < 1e-9 && r.y[60][1].abs() < 1e-9);
    }

    #[test]
    fn every_method_reaches_its_tolerance() {
        let o = OdeOpts {
            reltol: 1e-8,
            abstol: vec![1e-10],
            ..OdeOpts::default()
        };
        for m in [
            Method::DormandPrince,
            Method::BogackiShampine,
            Method::Rosenbrock,
        ] {
            let r = run(m, |_, y| vec![-2.0 * y[0]], &[0.0, 0.5, 1.0], &[1.0], &o);
            assert_eq!(r.t, vec![0.0, 0.5, 1.0], "{m:?}");
            let e = (-1f64).exp();
            assert!((r.y[1][0] - e).abs() < 1e-6, "{m:?}: {}", r.y[1][0]);
            assert!((r.y[2][0] - e * e).abs() < 1e-6, "{m:?}: {}", r.y[2][0]);
            // backwards in time
            let r = run(m, |_, y| vec![-2.0 * y[0]], &[1.0, 0.0], &[e * e], &o);
            // the second-order Rosenbrock method's global error is larger
            let tol = if m == Method::Rosenbrock { 1e-5 } else { 1e-6 };
            assert!(
                (r.y.last().expect("steps")[0] - 1.0).abs() < tol,
                "{m:?}: {:?} {:?} {:?}",
                r.t.last(),
                r.y.last(),
                r.warning
            );
        }
    }

    #[test]
    fn continuous_extension_is_accurate_inside_a_step() {
        // exp over one big step: the interpolant's error is far below the
        // step's own error bound
        let k_step = |h: f64| {
            let mut st = Stats::default();
            let mut sys = Closure(|_: f64, y: &[f64]| vec![y[0]]);
            let s =
                rk_step(&mut sys, &mut st, &DORMAND_PRINCE, 0.0, &[1.0], &[1.0], h).expect("step");
            (interpolate(Method::DormandPrince, &[1.0], h, &s.k, 0.5)[0] - (h / 2.0).exp()).abs()
        };
        let (e1, e2) = (k_step(0.2), k_step(0.1));
        assert!(e1 < 1e-6, "{e1}");
        assert!(e1 / e2 > 20.0, "order: {e1} / {e2}");
    }

    #[test]
    fn stiff_problem_in_few_steps() {
        // y' = -1000 (y - cos t): explicit methods need ~1000s of steps
        let o = OdeOpts::default();
        let r = run(
            Method::Rosenbrock,
            |t, y| vec![-1000.0 * (y[0] - t.cos())],
            &[0.0, 1.0],
            &[0.0],
            &o,
        );
        assert!(r.stats.nsteps < 200, "{:?}", r.stats);
        assert!((r.y.last().expect("steps")[0] - 1f64.cos()).abs() < 1e-2);
    }

    #[test]
    fn nan_stops_with_a_warning() {
        let r = run(
            Method::DormandPrince,
            |t, y| vec![if t > 0.5 { f64::NAN } else { y[0] }],
            &[0.0, 1.0],
            &[1.0],
            &OdeOpts::default(),
        );
        assert!(r.warning.is_some());
        assert!(*r.t.last().expect("steps") < 1.0);
    }

    struct WithEvents<F, G>(F, G);
    impl<F, G> System for WithEvents<F, G>
    where
        F: FnMut(f64, &[f64]) -> Vec<f64>,
        G: FnMut(f64, &[f64]) -> EventValues,
    {
        fn f(&mut self, t: f64, y: &[f64]) -> Result<Vec<f64>> {
            Ok((self.0)(t, y))
        }
        fn events(&mut self, t: f64, y: &[f64]) -> Result<Option<EventValues>> {
            Ok(Some((self.1)(t, y)))
        }
    }

    #[test]
    fn terminal_event_is_located_on_the_continuous_extension() {
        let mut sys = WithEvents(
            |_: f64, y: &[f64]| vec![-y[0]],
            |_: f64, y: &[f64]| EventValues {
                value: vec![y[0] - 0.5],
                terminal: vec![true],
                direction: vec![-1.0],
            },
        );
        let r = integrate(
            &mut sys,
            Method::DormandPrince,
            &[0.0, 2.0],
            &[1.0],
            &OdeOpts::default(),
        )
        .expect("integrated");
        assert_eq!(r.events.len(), 1);
        let e = &r.events[0];
        assert_eq!(e.index, 1);
        assert!((e.t - 2f64.ln()).abs() < 1e-5, "{}", e.t);
        assert!((e.y[0] - 0.5).abs() < 1e-6, "{:?}", e.y);
        assert_eq!(r.t.last(), Some(&e.t));
        assert_eq!(r.steps_t.last(), Some(&e.t));
        assert!(r.warning.is_none());
    }

    #[test]
    fn events_fire_only_in_their_direction_and_not_at_the_start() {
        // sin(4t) is zero at the start (no event there) and crosses at
        // pi/4 and pi/2; y - 0.5 falls, so its rising-only event never fires
        let mut sys = WithEvents(
            |_: f64, y: &[f64]| vec![-y[0]],
            |t: f64, y: &[f64]| EventValues {
                value: vec![(4.0 * t).sin(), y[0] - 0.5],
                terminal: vec![false, true],
                direction: vec![0.0, 1.0],
            },
        );
        let r = integrate(
            &mut sys,
            Method::BogackiShampine,
            &[0.0, 2.0],
            &[1.0],
            &OdeOpts::default(),
        )
        .expect("integrated");
        let at: Vec<(usize, f64)> = r.events.iter().map(|e| (e.index, e.t)).collect();
        assert_eq!(at.len(), 2, "{at:?}");
        assert!(
            (at[0].1 - std::f64::consts::FRAC_PI_4).abs() < 1e-6,
            "{at:?}"
        );
        assert!(
            (at[1].1 - std::f64::consts::FRAC_PI_2).abs() < 1e-6,
            "{at:?}"
        );
        assert!(at.iter().all(|&(i, _)| i == 1));
        assert_eq!(r.t.last(), Some(&2.0));
    }

    #[test]
    fn nonnegative_components_stop_at_zero() {
        let o = OdeOpts {
            nonnegative: vec![0],
            ..OdeOpts::default()
        };
        let r = run(
            Method::DormandPrince,
            |_, _| vec![-1.0],
            &[0.0, 2.0],
            &[1.0],
            &o,
        );
        assert!(r.y.iter().all(|y| y[0] >= 0.0), "{:?}", r.y);
        assert_eq!(r.y.last().expect("steps")[0], 0.0);
        assert_eq!(r.t.last(), Some(&2.0));
    }

    #[test]
    fn a_complex_state_integrates_as_its_two_parts() {
        // y' = i y from 1 over [0, pi]: y(pi) = -1; the state is [re; im]
        let o = OdeOpts {
            complex: true,
            reltol: 1e-8,
            abstol: vec![1e-10],
            ..OdeOpts::default()
        };
        let r = run(
            Method::DormandPrince,
            |_, y| vec![-y[1], y[0]],
            &[0.0, std::f64::consts::PI],
            &[1.0, 0.0],
            &o,
        );
        let y = r.y.last().expect("steps");
        assert!((y[0] + 1.0).abs() < 1e-7 && y[1].abs() < 1e-7, "{y:?}");
    }
}
