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
//! (default a tenth of the range). `[t, y]` with a two-point tspan gives
//! every step (and `Refine - 1` interpolated points between steps when
//! 'Refine' is set), with more points the solution at exactly those
//! points from each method's continuous extension. `sol = ode45(...)` is
//! MATLAB's struct (solver, extdata, x, y, stats). Events, OutputFcn,
//! Mass and NonNegative are refused with a message.

use super::options::Opts;
use super::{col, real_arg, record, sci, Fun};
use crate::builtins::math::eps_of;
use crate::builtins::Ctx;
use crate::error::{warn_id, Error, Result};
use crate::value::{Array, Dims, Value};

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

/// The right-hand side and, when the user gave one, the Jacobian.
pub(super) trait System {
    fn f(&mut self, t: f64, y: &[f64]) -> Result<Vec<f64>>;
    /// df/dy column-major, or `None` to difference `f`.
    fn jacobian(&mut self, _t: f64, _y: &[f64]) -> Result<Option<Vec<f64>>> {
        Ok(None)
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

/// The integration: output times and states, every accepted step (for
/// `sol`), the counters, and the warning if it stopped early.
#[derive(Clone, Debug, Default)]
pub(super) struct OdeOut {
    pub t: Vec<f64>,
    pub y: Vec<Vec<f64>>,
    pub steps_t: Vec<f64>,
    pub steps_y: Vec<Vec<f64>>,
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
/// max(|x|, |x_old|)), or with `norm_control` the 2-norms.
fn error_norm(o: &OdeOpts, x: &[f64], x_old: &[f64], est: &[f64]) -> f64 {
    let atol = |i: usize| o.abstol.get(i).copied().unwrap_or(o.abstol[0]);
    if o.norm_control {
        let n2 = |v: &mut dyn Iterator<Item = f64>| v.map(|a| a * a).sum::<f64>().sqrt();
        let sc = o.abstol[0]
            .max(o.reltol * n2(&mut x.iter().copied()).max(n2(&mut x_old.iter().copied())));
        return n2(&mut x.iter().zip(est).map(|(a, b)| a - b)) / sc;
    }
    let mut m = 0.0f64;
    for i in 0..x.len() {
        let sc = atol(i).max(o.reltol * x[i].abs().max(x_old[i].abs()));
        let e = (x[i] - est[i]).abs() / sc;
        if e.is_nan() {
            return f64::NAN;
        }
        m = m.max(e);
    }
    m
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

/// Integrate `sys` over `tspan` from `y0`.
pub(super) fn integrate(
    sys: &mut dyn System,
    method: Method,
    tspan: &[f64],
    y0: &[f64],
    o: &OdeOpts,
) -> Result<OdeOut> {
    let (t0, tf) = (tspan[0], tspan[tspan.len() - 1]);
    let dir = if tf > t0 { 1.0 } else { -1.0 };
    let fixed = tspan.len() > 2;
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
        let step = match method {
            Method::DormandPrince => rk_step(sys, &mut out.stats, &DORMAND_PRINCE, t, &y, &f0, hs)?,
            Method::BogackiShampine => {
                rk_step(sys, &mut out.stats, &BOGACKI_SHAMPINE, t, &y, &f0, hs)?
            }
            Method::Rosenbrock => rosenbrock_step(sys, &mut out.stats, t, &y, &f0, hs)?,
        };
        if step.k.iter().any(|k| k.len() != y.len()) {
            return Err(size_mismatch(
                step.k
                    .iter()
                    .map(Vec::len)
                    .find(|&l| l != y.len())
                    .unwrap_or(0),
                y.len(),
            ));
        }
        let mut err = error_norm(o, &step.y, &y, &step.est);
        if err <= 1.0 {
            rejects = 0;
            out.stats.nsteps += 1;
            if fixed {
                while next_out < tspan.len() && dir * tspan[next_out] <= dir * t_new {
                    let tp = tspan[next_out];
                    let yp = if tp == t_new {
                        step.y.clone()
                    } else {
                        interpolate(method, &y, hs, &step.k, (tp - t) / hs)
                    };
                    out.t.push(tp);
                    out.y.push(yp);
                    next_out += 1;
                }
            } else {
                for r in 1..o.refine {
                    let s = r as f64 / o.refine as f64;
                    out.t.push(t + s * hs);
                    out.y.push(interpolate(method, &y, hs, &step.k, s));
                }
                out.t.push(t_new);
                out.y.push(step.y.clone());
            }
            out.steps_t.push(t_new);
            out.steps_y.push(step.y.clone());
            f0 = match step.f_new {
                Some(f) => f,
                None => {
                    out.stats.nfevals += 1;
                    sys.f(t_new, &step.y)?
                }
            };
            t = t_new;
            y = step.y;
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
    Ok(out)
}

fn size_mismatch(got: usize, want: usize) -> Error {
    Error::with_id(
        "MATLAB:odearguments:SizeIC",
        format!("the ODE function returns a vector of length {got}, but the length of the initial conditions vector is {want}; they must have the same number of elements"),
    )
}

/// The user's ODE through the interpreter.
struct UserSystem<'a, 'c> {
    ctx: &'a mut Ctx<'c>,
    fun: &'a Fun,
    jac: Option<Value>,
    n: usize,
}

impl System for UserSystem<'_, '_> {
    fn f(&mut self, t: f64, y: &[f64]) -> Result<Vec<f64>> {
        let yv = Value::Num(Array::new(Dims::mat(y.len(), 1), y.to_vec()));
        let v = self.fun.call(self.ctx, vec![Value::num(t), yv])?;
        let a = ode_values(&v, "the ODE function")?;
        if a.numel() != self.n {
            return Err(size_mismatch(a.numel(), self.n));
        }
        Ok(a.data().to_vec())
    }

    fn jacobian(&mut self, t: f64, y: &[f64]) -> Result<Option<Vec<f64>>> {
        let j = match &self.jac {
            None => return Ok(None),
            Some(f @ Value::Func(_)) => {
                let yv = Value::Num(Array::new(Dims::mat(y.len(), 1), y.to_vec()));
                let f = f.clone();
                self.ctx.call1(&f, vec![Value::num(t), yv])?
            }
            Some(m) => m.clone(),
        };
        Ok(Some(ode_values(&j, "the Jacobian")?.data().to_vec()))
    }
}

/// The real numbers a user function returned.
fn ode_values(v: &Value, what: &str) -> Result<Array<f64>> {
    if v.is_complex() {
        return Err(Error::new(format!(
            "{what} returned complex values: complex ODEs are not supported"
        )));
    }
    if !v.is_numeric() && !matches!(v, Value::Bool(_)) {
        return Err(Error::new(format!(
            "{what} must return a numeric column vector, not {}",
            v.class_name()
        )));
    }
    v.to_num_array("ode")
}

/// Shared body of the ODE builtins.
fn solve(
    ctx: &mut Ctx,
    mut args: Vec<Value>,
    solver: &'static str,
    method: Method,
) -> Result<Vec<Value>> {
    if ctx.nargout > 2 {
        return Err(Error::with_id(
            format!("MATLAB:{solver}:TooManyOutputs"),
            format!("{solver}: event outputs [t, y, te, ye, ie] are not supported (the 'Events' option is not implemented)"),
        ));
    }
    if ctx.nargout == 0 {
        return Err(Error::with_id(
            format!("MATLAB:{solver}:NoOutputs"),
            format!("{solver}: plotting the solution is not supported; ask for outputs: [t, y] = {solver}(...) or sol = {solver}(...)"),
        ));
    }
    if args.len() < 3 {
        return Err(Error::nargin(solver));
    }
    let extra = args.split_off(args.len().min(4));
    let opts_value = args.get(3).cloned().unwrap_or_else(Value::empty);
    let opts = Opts::new(solver, args.get(3))?;
    for refused in ["Events", "OutputFcn", "Mass", "NonNegative"] {
        if opts.get(refused).is_some() {
            return Err(Error::with_id(
                format!("MATLAB:{solver}:UnsupportedOption"),
                format!("{solver}: the '{refused}' option is not supported"),
            ));
        }
    }
    let tspan = real_arg(solver, "TSPAN", &args[1])?.data().to_vec();
    if tspan.len() < 2 {
        return Err(Error::with_id(
            "MATLAB:odearguments:TspanNotVector",
            format!("{solver}: TSPAN must have at least 2 elements"),
        ));
    }
    if tspan.iter().any(|t| !t.is_finite()) {
        return Err(Error::with_id(
            "MATLAB:odearguments:TspanNotFinite",
            format!("{solver}: the entries of TSPAN must be finite"),
        ));
    }
    if tspan[0] == tspan[tspan.len() - 1] {
        return Err(Error::with_id(
            "MATLAB:odearguments:TspanEndpointsNotDistinct",
            format!("{solver}: the last entry in TSPAN must be different from the first entry"),
        ));
    }
    let up = tspan[tspan.len() - 1] > tspan[0];
    if tspan
        .windows(2)
        .any(|w| if up { w[1] <= w[0] } else { w[1] >= w[0] })
    {
        return Err(Error::with_id(
            "MATLAB:odearguments:TspanNotMonotonic",
            format!("{solver}: the entries in TSPAN must strictly increase or decrease"),
        ));
    }
    let y0 = real_arg(solver, "Y0", &args[2])?.data().to_vec();
    if y0.is_empty() {
        return Err(Error::new(format!("{solver}: Y0 must not be empty")));
    }
    let n = y0.len();
    let abstol = match opts.get("AbsTol") {
        None => vec![1e-6],
        Some(v) => real_arg(solver, "AbsTol", v)?.data().to_vec(),
    };
    if !(abstol.len() == 1 || abstol.len() == n) || abstol.iter().any(|&a| a.is_nan() || a <= 0.0) {
        return Err(Error::with_id(
            "MATLAB:odeget:InvalidAbsTol",
            format!(
                "{solver}: AbsTol must be a positive scalar or a vector of {n} positive values"
            ),
        ));
    }
    let mut reltol = opts.positive("RelTol", 1e-3)?;
    if reltol < 100.0 * f64::EPSILON {
        reltol = 100.0 * f64::EPSILON;
        warn_id(
            &format!("MATLAB:{solver}:RelTolIncrease"),
            &format!("RelTol has been increased to {}.", sci(reltol, 6)),
        );
    }
    let refine = match opts.get("Refine") {
        None => 1,
        Some(v) => {
            let r = super::real_scalar_arg(solver, "Refine", v)?;
            if !(r >= 1.0 && r.fract() == 0.0 && r <= 1e6) {
                return Err(Error::new(format!(
                    "{solver}: Refine must be a positive integer"
                )));
            }
            r as usize
        }
    };
    let o = OdeOpts {
        reltol,
        abstol,
        norm_control: opts.flag("NormControl", false)?,
        max_step: opts
            .get("MaxStep")
            .map(|_| opts.positive("MaxStep", 1.0))
            .transpose()?,
        initial_step: opts
            .get("InitialStep")
            .map(|_| opts.positive("InitialStep", 1.0))
            .transpose()?,
        refine,
    };
    let stats_on = opts.flag("Stats", false)?;
    let jac = match method {
        Method::Rosenbrock => opts.get("Jacobian").cloned(),
        _ => None,
    };
    let f_value = args.swap_remove(0);
    let fun = Fun::new(solver, f_value.clone(), extra.clone())?;
    let r = {
        let mut sys = UserSystem {
            ctx: &mut *ctx,
            fun: &fun,
            jac,
            n,
        };
        integrate(&mut sys, method, &tspan, &y0, &o)?
    };
    if let Some(w) = &r.warning {
        warn_id(&format!("MATLAB:{solver}:IntegrationTolNotMet"), w);
    }
    if stats_on {
        let s = &r.stats;
        let mut text = format!(
            "{} successful steps\n{} failed attempts\n{} function evaluations\n",
            s.nsteps, s.nfailed, s.nfevals
        );
        if method == Method::Rosenbrock {
            text.push_str(&format!(
                "{} partial derivatives\n{} LU decompositions\n{} solutions of linear systems\n",
                s.npds, s.ndecomps, s.nsolves
            ));
        }
        ctx.out
            .write_all(text.as_bytes())
            .map_err(|e| Error::new(format!("cannot write output: {e}")))?;
    }
    if ctx.nargout == 1 {
        let m = r.steps_t.len();
        let mut yd = Vec::with_capacity(m * n);
        for y in &r.steps_y {
            yd.extend_from_slice(y);
        }
        let mut stats = vec![
            ("nsteps", Value::num(r.stats.nsteps as f64)),
            ("nfailed", Value::num(r.stats.nfailed as f64)),
            ("nfevals", Value::num(r.stats.nfevals as f64)),
        ];
        if method == Method::Rosenbrock {
            stats.push(("npds", Value::num(r.stats.npds as f64)));
            stats.push(("ndecomps", Value::num(r.stats.ndecomps as f64)));
            stats.push(("nsolves", Value::num(r.stats.nsolves as f64)));
        }
        let varargin = Value::cell(Array::new(Dims::mat(1, extra.len()), extra));
        let sol = record(vec![
            ("solver", Value::str(solver)),
            (
                "extdata",
                record(vec![
                    ("odefun", f_value),
                    ("options", opts_value),
                    ("varargin", varargin),
                ]),
            ),
            ("x", Value::Num(Array::row(r.steps_t))),
            ("y", Value::Num(Array::new(Dims::mat(n, m), yd))),
            ("stats", record(stats)),
        ]);
        return Ok(vec![sol]);
    }
    let m = r.t.len();
    let mut yd = vec![0.0; m * n];
    for (i, y) in r.y.iter().enumerate() {
        for (j, v) in y.iter().enumerate() {
            yd[i + j * m] = *v;
        }
    }
    Ok(vec![col(r.t), Value::Num(Array::new(Dims::mat(m, n), yd))])
}

/// `[t, y] = ode45(f, tspan, y0, options)` or `sol = ode45(...)`.
pub fn ode45(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    solve(ctx, args, "ode45", Method::DormandPrince)
}

/// `[t, y] = ode23(f, tspan, y0, options)` or `sol = ode23(...)`.
pub fn ode23(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    solve(ctx, args, "ode23", Method::BogackiShampine)
}

/// `ode15s`: stiff problems, by the Rosenbrock method (see the module text).
pub fn ode15s(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    solve(ctx, args, "ode15s", Method::Rosenbrock)
}

/// `ode23s`: the Rosenbrock 2(3) method.
pub fn ode23s(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    solve(ctx, args, "ode23s", Method::Rosenbrock)
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
}
