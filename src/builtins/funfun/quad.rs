//! Quadrature: `integral` and `quadgk` (adaptive Gauss–Kronrod 7-15 on
//! subintervals, Shampine's method as MATLAB uses it), and `quad`
//! (adaptive Simpson).
//!
//! Gauss–Kronrod: the interval is first mapped to a variable `t` that
//! weakens endpoint singularities on a finite range,
//! x = (b-a)/4 * t(3-t^2) + (b+a)/2 on [-1, 1], and makes an infinite one finite, x = t/(1-t^2)
//! on (-1, 1), x = a + (t/(1-t))^2 on [0, 1) and x = b - (t/(1+t))^2 on
//! (-1, 0]. Ten equal subintervals in `t` (split at waypoints) start the
//! adaptation; at each pass the function is called once with all 15 nodes
//! of every unfinished subinterval as a row vector, and must return a row
//! of the same size (or, with 'ArrayValued', once per node with a scalar
//! x). A subinterval is finished when its error |K15 - G7| is below its
//! share of max(AbsTol, RelTol*|q|); the others are halved, at most 650 in
//! use. Nodes are interior, so the endpoints are never evaluated.

use super::options::Opts;
use super::{check_nargout, real_arg, real_scalar_arg, Fun};
use crate::builtins::Ctx;
use crate::error::{warn_id, Error, Result};
use crate::value::{Array, Dims, Value};

/// Kronrod nodes in [0, 1) of the 15-point rule (the odd ones, from the
/// first, are the 7-point Gauss nodes), largest first; 0 last.
const XGK: [f64; 8] = [
    0.991_455_371_120_812_6,
    0.949_107_912_342_758_5,
    0.864_864_423_359_769_1,
    0.741_531_185_599_394_4,
    0.586_087_235_467_691_1,
    0.405_845_151_377_397_2,
    0.207_784_955_007_898_5,
    0.0,
];
/// Kronrod weights for `XGK`.
const WGK: [f64; 8] = [
    0.022_935_322_010_529_22,
    0.063_092_092_629_978_55,
    0.104_790_010_322_250_2,
    0.140_653_259_715_525_9,
    0.169_004_726_639_267_9,
    0.190_350_578_064_785_4,
    0.204_432_940_075_298_9,
    0.209_482_141_084_727_8,
];
/// Gauss weights for `XGK[1], XGK[3], XGK[5], XGK[7]`.
const WG: [f64; 4] = [
    0.129_484_966_168_869_7,
    0.279_705_391_489_276_7,
    0.381_830_050_505_118_9,
    0.417_959_183_673_469_4,
];

/// The 15 nodes in [-1, 1] with their Kronrod and Gauss weights (0 for
/// the Kronrod-only nodes).
fn rule() -> [(f64, f64, f64); 15] {
    let mut r = [(0.0, 0.0, 0.0); 15];
    for i in 0..8 {
        let g = if i % 2 == 1 { WG[i / 2] } else { 0.0 };
        r[i] = (-XGK[i], WGK[i], g);
        r[14 - i] = (XGK[i], WGK[i], g);
    }
    r
}

/// One stretch of the range with its change of variable.
#[derive(Clone, Copy, Debug)]
enum Piece {
    Finite(f64, f64),
    Both,
    From(f64),
    To(f64),
}

impl Piece {
    /// The `t` range of the piece.
    fn span(&self) -> (f64, f64) {
        match self {
            Piece::Finite(..) | Piece::Both => (-1.0, 1.0),
            Piece::From(_) => (0.0, 1.0),
            Piece::To(_) => (-1.0, 0.0),
        }
    }
    /// x(t) and dx/dt.
    fn map(&self, t: f64) -> (f64, f64) {
        match *self {
            Piece::Finite(a, b) => (
                (b - a) / 4.0 * t * (3.0 - t * t) + (b + a) / 2.0,
                0.75 * (b - a) * (1.0 - t * t),
            ),
            Piece::Both => {
                let d = 1.0 - t * t;
                (t / d, (1.0 + t * t) / (d * d))
            }
            Piece::From(a) => {
                let u = t / (1.0 - t);
                (a + u * u, 2.0 * t / (1.0 - t).powi(3))
            }
            Piece::To(b) => {
                let u = t / (1.0 + t);
                (b - u * u, -2.0 * t / (1.0 + t).powi(3))
            }
        }
    }
}

/// Limits and tolerances of a Gauss–Kronrod integration.
#[derive(Clone, Debug)]
pub(super) struct GkOpts {
    pub abstol: f64,
    pub reltol: f64,
    pub max_intervals: usize,
    pub waypoints: Vec<f64>,
}

impl Default for GkOpts {
    fn default() -> Self {
        GkOpts {
            abstol: 1e-10,
            reltol: 1e-6,
            max_intervals: 650,
            waypoints: Vec::new(),
        }
    }
}

/// The integral (one value per component), its error bound, and the
/// warning MATLAB would give (identifier, text).
#[derive(Clone, Debug)]
pub(super) struct GkOut {
    pub q: Vec<f64>,
    pub err: f64,
    pub warning: Option<(&'static str, String)>,
}

/// The stretches between a, the waypoints inside (a, b) and b (a < b).
fn pieces(a: f64, b: f64, waypoints: &[f64]) -> Vec<Piece> {
    let mut cuts = vec![a];
    let mut w: Vec<f64> = waypoints
        .iter()
        .copied()
        .filter(|&x| x > a && x < b && x.is_finite())
        .collect();
    w.sort_by(f64::total_cmp);
    w.dedup();
    cuts.extend(w);
    cuts.push(b);
    cuts.windows(2)
        .map(|c| match (c[0].is_finite(), c[1].is_finite()) {
            (true, true) => Piece::Finite(c[0], c[1]),
            (true, false) => Piece::From(c[0]),
            (false, true) => Piece::To(c[1]),
            (false, false) => Piece::Both,
        })
        .collect()
}

/// A subinterval in `t` of one piece, with its estimate once evaluated.
#[derive(Clone, Debug)]
struct Sub {
    piece: usize,
    ta: f64,
    tb: f64,
}

/// Adaptive Gauss–Kronrod of `f` over [a, b]. `f` receives nodes and
/// returns, node after node, `m` values each (m = 1 for a scalar
/// integrand); `m` is fixed by the first call.
pub(super) fn gauss_kronrod(
    mut f: impl FnMut(&[f64]) -> Result<Vec<f64>>,
    a: f64,
    b: f64,
    o: &GkOpts,
) -> Result<GkOut> {
    if a.is_nan() || b.is_nan() {
        return Ok(GkOut {
            q: vec![f64::NAN],
            err: f64::NAN,
            warning: None,
        });
    }
    if a == b {
        // MATLAB returns zeros of the integrand's shape: ask it once.
        let m = f(&[a])?.len().max(1);
        return Ok(GkOut {
            q: vec![0.0; m],
            err: 0.0,
            warning: None,
        });
    }
    if a > b {
        let mut r = gauss_kronrod(f, b, a, o)?;
        for q in r.q.iter_mut() {
            *q = -*q;
        }
        return Ok(r);
    }
    let ps = pieces(a, b, &o.waypoints);
    let per = 10usize.div_ceil(ps.len()).max(1);
    let mut subs = Vec::new();
    let mut total = 0.0;
    for (k, p) in ps.iter().enumerate() {
        let (t0, t1) = p.span();
        total += t1 - t0;
        let h = (t1 - t0) / per as f64;
        for i in 0..per {
            let tb = if i + 1 == per {
                t1
            } else {
                t0 + (i + 1) as f64 * h
            };
            subs.push(Sub {
                piece: k,
                ta: t0 + i as f64 * h,
                tb,
            });
        }
    }
    let rule = rule();
    let mut m = 0usize;
    let mut q_ok: Vec<f64> = Vec::new();
    let mut err_ok = 0.0;
    let mut warning = None;
    loop {
        // nodes of every open subinterval, in one call
        let mut xs = Vec::with_capacity(subs.len() * 15);
        let mut ws = Vec::with_capacity(subs.len() * 15);
        for s in &subs {
            let (mid, half) = ((s.ta + s.tb) / 2.0, (s.tb - s.ta) / 2.0);
            for &(t, _, _) in &rule {
                let (x, dx) = ps[s.piece].map(mid + half * t);
                xs.push(x);
                ws.push(dx * half);
            }
        }
        let fx = f(&xs)?;
        if m == 0 {
            m = fx.len() / xs.len().max(1);
            q_ok = vec![0.0; m];
        }
        if m == 0 || fx.len() != m * xs.len() {
            return Err(Error::new(
                "integral: the integrand returned a different number of values for different nodes",
            ));
        }
        let mut qs = Vec::with_capacity(subs.len());
        let mut errs = Vec::with_capacity(subs.len());
        let mut finite = true;
        for (i, _) in subs.iter().enumerate() {
            let mut qk = vec![0.0; m];
            let mut qg = vec![0.0; m];
            for (j, &(_, wk, wg)) in rule.iter().enumerate() {
                let node = i * 15 + j;
                for c in 0..m {
                    let v = fx[node * m + c] * ws[node];
                    qk[c] += wk * v;
                    qg[c] += wg * v;
                }
            }
            let e = qk
                .iter()
                .zip(&qg)
                .map(|(k, g)| (k - g).abs())
                .fold(0.0, f64::max);
            finite &= qk.iter().all(|v| v.is_finite());
            qs.push(qk);
            errs.push(e);
        }
        let mut q = q_ok.clone();
        for qk in &qs {
            for (a, b) in q.iter_mut().zip(qk) {
                *a += b;
            }
        }
        if !finite {
            return Ok(GkOut {
                q,
                err: f64::NAN,
                warning: Some((
                    "MATLAB:integral:NonFiniteValue",
                    "Inf or NaN value encountered.".into(),
                )),
            });
        }
        let qnorm = q.iter().map(|v| v.abs()).fold(0.0, f64::max);
        let tol = o.abstol.max(o.reltol * qnorm);
        // finished subintervals leave the open set
        let mut open = Vec::new();
        let mut open_err = 0.0;
        for ((s, qk), e) in subs.into_iter().zip(qs).zip(errs) {
            if e <= 2.0 * tol / total * (s.tb - s.ta) {
                for (a, b) in q_ok.iter_mut().zip(&qk) {
                    *a += b;
                }
                err_ok += e;
            } else {
                open_err += e;
                open.push((s, qk, e));
            }
        }
        let errbnd = err_ok + open_err;
        if errbnd <= tol || open.is_empty() {
            return Ok(GkOut {
                q,
                err: errbnd,
                warning,
            });
        }
        if 2 * open.len() > o.max_intervals {
            return Ok(GkOut {
                q,
                err: errbnd,
                warning: Some((
                    "MATLAB:integral:MaxIntervalCountReached",
                    format!(
                        "Reached the limit on the maximum number of intervals in use.\nApproximate bound on error is{:>9}. The integral may not exist, or\nit may be difficult to approximate numerically to the requested accuracy.",
                        super::sci(errbnd, 1)
                    ),
                )),
            });
        }
        subs = Vec::with_capacity(2 * open.len());
        for (s, qk, e) in open {
            let mid = (s.ta + s.tb) / 2.0;
            let (xa, _) = ps[s.piece].map(s.ta);
            let (xm, _) = ps[s.piece].map(mid);
            let (xb, _) = ps[s.piece].map(s.tb);
            if mid <= s.ta || mid >= s.tb || xm == xa || xm == xb {
                // cannot be halved any more: keep its estimate
                for (a, b) in q_ok.iter_mut().zip(&qk) {
                    *a += b;
                }
                err_ok += e;
                warning = Some((
                    "MATLAB:integral:MinStepSize",
                    format!(
                        "Minimum step size reached near x = {}. A singularity is likely.",
                        crate::builtins::util::fmt_num(xm)
                    ),
                ));
                continue;
            }
            subs.push(Sub {
                piece: s.piece,
                ta: s.ta,
                tb: mid,
            });
            subs.push(Sub {
                piece: s.piece,
                ta: mid,
                tb: s.tb,
            });
        }
        if subs.is_empty() {
            return Ok(GkOut {
                q: q_ok,
                err: err_ok,
                warning,
            });
        }
    }
}

/// The integrand of `integral`/`quadgk` called as MATLAB calls it: one
/// row vector of nodes, and the same size back; or, `array_valued`, one
/// call per node, each returning an array of one fixed shape (recorded in
/// `shape`).
fn integrand(
    ctx: &mut Ctx,
    fun: &Fun,
    fname: &'static str,
    array_valued: bool,
    shape: &mut Option<Dims>,
    xs: &[f64],
) -> Result<Vec<f64>> {
    {
        if !array_valued {
            let arg = Value::Num(Array::row(xs.to_vec()));
            let v = fun.call(ctx, vec![arg])?;
            if v.dims() != Dims::row(xs.len()) {
                return Err(Error::with_id(
                    format!("MATLAB:{fname}:FxNotSameSizeAsX"),
                    format!("{fname}: output of the function must be the same size as the input ({} instead of {}). If FUN is an array-valued integrand, set the 'ArrayValued' option to true.", v.dims().to_string_x(), Dims::row(xs.len()).to_string_x()),
                ));
            }
            return real_values(fname, &v).map(|a| a.data().to_vec());
        }
        let mut out = Vec::new();
        for &x in xs {
            let v = fun.call(ctx, vec![Value::num(x)])?;
            match shape {
                None => *shape = Some(v.dims()),
                Some(d) if *d != v.dims() => {
                    return Err(Error::with_id(
                        format!("MATLAB:{fname}:ArrayValuedSizeChanged"),
                        format!(
                        "{fname}: the array-valued integrand returned a {} array, then a {} one",
                        d.to_string_x(),
                        v.dims().to_string_x()
                    ),
                    ))
                }
                Some(_) => {}
            }
            out.extend_from_slice(real_values(fname, &v)?.data());
        }
        Ok(out)
    }
}

/// The real values an integrand returned.
fn real_values(fname: &str, v: &Value) -> Result<Array<f64>> {
    if v.is_complex() {
        return Err(Error::new(format!(
            "{fname}: complex integrands are not supported"
        )));
    }
    if !v.is_numeric() && !matches!(v, Value::Bool(_)) {
        return Err(Error::new(format!(
            "{fname}: the integrand must return numbers, not {}",
            v.class_name()
        )));
    }
    v.to_num_array(fname)
}

/// The limits of `integral`/`quadgk`/`quad`.
fn limits(fname: &str, a: &Value, b: &Value) -> Result<(f64, f64)> {
    Ok((
        real_scalar_arg(fname, "A", a)?,
        real_scalar_arg(fname, "B", b)?,
    ))
}

/// Waypoints option: a real vector.
fn waypoints(fname: &str, opts: &Opts) -> Result<Vec<f64>> {
    match opts.get("Waypoints") {
        None => Ok(Vec::new()),
        Some(v) => Ok(real_arg(fname, "Waypoints", v)?.data().to_vec()),
    }
}

/// Issue the warning of a Gauss–Kronrod result.
fn report(fname: &str, r: &GkOut) {
    if let Some((id, text)) = &r.warning {
        warn_id(&id.replace("integral", fname), text);
    }
}

/// `q = integral(f, a, b, 'AbsTol', t, 'RelTol', t, 'ArrayValued', tf,
/// 'Waypoints', w)`.
pub fn integral(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, "integral", 1)?;
    if args.len() < 3 {
        return Err(Error::nargin("integral"));
    }
    let opts = Opts::pairs("integral", &args[3..])?;
    opts.only(&["AbsTol", "RelTol", "ArrayValued", "Waypoints"])?;
    let (a, b) = limits("integral", &args[1], &args[2])?;
    let o = GkOpts {
        abstol: opts.num("AbsTol", 1e-10)?,
        reltol: opts.num("RelTol", 1e-6)?,
        waypoints: waypoints("integral", &opts)?,
        ..GkOpts::default()
    };
    let array_valued = opts.flag("ArrayValued", false)?;
    let fun = Fun::new("integral", args.swap_remove(0), Vec::new())?;
    let mut shape = None;
    let r = gauss_kronrod(
        |xs| integrand(ctx, &fun, "integral", array_valued, &mut shape, xs),
        a,
        b,
        &o,
    )?;
    report("integral", &r);
    Ok(vec![shaped(r.q, shape)])
}

/// The integral's value in the integrand's shape.
fn shaped(q: Vec<f64>, shape: Option<Dims>) -> Value {
    match shape {
        Some(d) if d.numel() == q.len() => Value::Num(Array::new(d, q)),
        _ if q.len() == 1 => Value::num(q[0]),
        _ => Value::Num(Array::row(q)),
    }
}

/// `[q, errbnd] = quadgk(f, a, b, 'AbsTol', t, 'RelTol', t,
/// 'MaxIntervalCount', n, 'Waypoints', w)`.
pub fn quadgk(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, "quadgk", 2)?;
    if args.len() < 3 {
        return Err(Error::nargin("quadgk"));
    }
    let opts = Opts::pairs("quadgk", &args[3..])?;
    opts.only(&["AbsTol", "RelTol", "MaxIntervalCount", "Waypoints"])?;
    let (a, b) = limits("quadgk", &args[1], &args[2])?;
    let max = opts.limit("MaxIntervalCount", 650.0, 1)?;
    let o = GkOpts {
        abstol: opts.num("AbsTol", 1e-10)?,
        reltol: opts.num("RelTol", 1e-6)?,
        max_intervals: if max.is_finite() {
            max as usize
        } else {
            100_000
        }
        .clamp(2, 100_000),
        waypoints: waypoints("quadgk", &opts)?,
    };
    let fun = Fun::new("quadgk", args.swap_remove(0), Vec::new())?;
    let mut shape = None;
    let r = gauss_kronrod(
        |xs| integrand(ctx, &fun, "quadgk", false, &mut shape, xs),
        a,
        b,
        &o,
    )?;
    report("quadgk", &r);
    Ok(vec![shaped(r.q, None), Value::num(r.err)])
}

/// Function calls `quad` allows before it gives up.
const QUAD_MAX_FCNT: usize = 10_000;

/// Adaptive Simpson state.
struct Simpson<F> {
    f: F,
    tol: f64,
    hmin: f64,
    fcnt: usize,
    /// 1: minimum step, 2: too many calls, 3: Inf or NaN.
    warn: u8,
}

impl<F: FnMut(&[f64]) -> Result<Vec<f64>>> Simpson<F> {
    /// Recursive step on [a, b] with f at a, the midpoint and b.
    fn step(&mut self, a: f64, b: f64, fa: f64, fc: f64, fb: f64) -> Result<f64> {
        let h = b - a;
        let c = (a + b) / 2.0;
        if h.abs() < self.hmin || c == a || c == b {
            self.warn = self.warn.max(1);
            return Ok(h * fc);
        }
        if self.fcnt + 2 > QUAD_MAX_FCNT {
            self.warn = self.warn.max(2);
            return Ok(h * fc);
        }
        let y = (self.f)(&[(a + c) / 2.0, (c + b) / 2.0])?;
        self.fcnt += 2;
        let (fd, fe) = (y[0], y[1]);
        let q1 = h / 6.0 * (fa + 4.0 * fc + fb);
        let q2 = h / 12.0 * (fa + 4.0 * fd + 2.0 * fc + 4.0 * fe + fb);
        let q = q2 + (q2 - q1) / 15.0;
        if !q.is_finite() {
            self.warn = 3;
            return Ok(q);
        }
        if (q2 - q1).abs() <= self.tol {
            return Ok(q);
        }
        // each half gets half the tolerance, so the whole range meets `tol`
        self.tol /= 2.0;
        let left = self.step(a, c, fa, fd, fc);
        let right = left.and_then(|l| Ok(l + self.step(c, b, fc, fe, fb)?));
        self.tol *= 2.0;
        right
    }
}

/// A warning: identifier and text.
type Warning = (&'static str, &'static str);

/// Adaptive Simpson over [a, b] as MATLAB's `quad`: 7 first points
/// (spread unevenly, so periodic integrands are not sampled in phase),
/// three panels refined until |Q2 - Q1| <= tol, the tolerance halved
/// with each halving of a panel (so `tol` bounds the error of the whole
/// integral, as MATLAB documents it; MATLAB applies it to every panel and
/// is less accurate). Gives the value, the
/// number of calls, and the warning (identifier, text).
pub(super) fn simpson(
    mut f: impl FnMut(&[f64]) -> Result<Vec<f64>>,
    a: f64,
    b: f64,
    tol: f64,
) -> Result<(f64, usize, Option<Warning>)> {
    let h = 0.13579 * (b - a);
    let x = [a, a + h, a + 2.0 * h, (a + b) / 2.0, b - 2.0 * h, b - h, b];
    let mut y = f(&x)?;
    let mut fcnt = 7;
    if !y[0].is_finite() {
        y[0] = f(&[a + f64::EPSILON * (b - a)])?[0];
        fcnt += 1;
    }
    if !y[6].is_finite() {
        y[6] = f(&[b - f64::EPSILON * (b - a)])?[0];
        fcnt += 1;
    }
    let mut s = Simpson {
        f,
        tol,
        hmin: f64::EPSILON / 1024.0 * (b - a).abs(),
        fcnt,
        warn: 0,
    };
    let mut q = 0.0;
    for k in [0, 2, 4] {
        q += s.step(x[k], x[k + 2], y[k], y[k + 1], y[k + 2])?;
    }
    let w = match s.warn {
        1 => Some((
            "MATLAB:quad:MinStepSize",
            "Minimum step size reached; singularity possible.",
        )),
        2 => Some((
            "MATLAB:quad:MaxFcnCount",
            "Maximum function count exceeded; singularity likely.",
        )),
        3 => Some((
            "MATLAB:quad:ImproperFcnValue",
            "Infinite or Not-a-Number function value encountered.",
        )),
        _ => None,
    };
    Ok((q, s.fcnt, w))
}

/// `[q, fcnt] = quad(f, a, b, tol, trace, p1, ...)`.
pub fn quad(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, "quad", 2)?;
    if args.len() < 3 {
        return Err(Error::nargin("quad"));
    }
    let extra = args.split_off(args.len().min(5));
    let (a, b) = limits("quad", &args[1], &args[2])?;
    let tol = match args.get(3) {
        Some(v) if !v.is_empty() => real_scalar_arg("quad", "TOL", v)?,
        _ => 1e-6,
    };
    let fun = Fun::new("quad", args.swap_remove(0), extra)?;
    let (q, fcnt, w) = simpson(
        |xs: &[f64]| {
            let v = fun.call(ctx, vec![Value::Num(Array::row(xs.to_vec()))])?;
            if v.numel() != xs.len() {
                return Err(Error::with_id(
                    "MATLAB:quad:FxNotSameSizeAsX",
                    format!(
                        "quad: the function must return a vector of the same length as its input ({} values for {} points); use .* ./ .^ in it",
                        v.numel(),
                        xs.len()
                    ),
                ));
            }
            real_values("quad", &v).map(|a| a.data().to_vec())
        },
        a,
        b,
        tol,
    )?;
    if let Some((id, text)) = w {
        warn_id(id, text);
    }
    Ok(vec![Value::num(q), Value::num(fcnt as f64)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gk(f: impl Fn(f64) -> f64, a: f64, b: f64) -> GkOut {
        gauss_kronrod(
            |xs| Ok(xs.iter().map(|&x| f(x)).collect()),
            a,
            b,
            &GkOpts::default(),
        )
        .expect("ran")
    }

    #[test]
    fn the_rule_is_exact_for_polynomials_of_its_degree() {
        let r = rule();
        for deg in 0..24 {
            let exact = if deg % 2 == 0 {
                2.0 / (deg as f64 + 1.0)
            } else {
                0.0
            };
            let k: f64 = r.iter().map(|&(x, w, _)| w * x.powi(deg)).sum();
            assert!((k - exact).abs() < 1e-14, "Kronrod degree {deg}: {k}");
            if deg < 14 {
                let g: f64 = r.iter().map(|&(x, _, w)| w * x.powi(deg)).sum();
                assert!((g - exact).abs() < 1e-14, "Gauss degree {deg}: {g}");
            }
        }
    }

    #[test]
    fn finite_singular_and_infinite_ranges() {
        assert!((gk(|x| x * x, 0.0, 1.0).q[0] - 1.0 / 3.0).abs() < 1e-14);
        assert!((gk(|x| 1.0 / x.sqrt(), 0.0, 1.0).q[0] - 2.0).abs() < 1e-8);
        let pi = std::f64::consts::PI;
        let r = gk(|x| 1.0 / (1.0 + x * x), f64::NEG_INFINITY, f64::INFINITY);
        assert!((r.q[0] - pi).abs() < 1e-9, "{r:?}");
        let r = gk(|x| (-x).exp(), 0.0, f64::INFINITY);
        assert!((r.q[0] - 1.0).abs() < 1e-9, "{r:?}");
        let r = gk(|x| x.exp(), f64::NEG_INFINITY, 0.0);
        assert!((r.q[0] - 1.0).abs() < 1e-9, "{r:?}");
        // reversed limits change the sign
        assert!((gk(|x| x, 1.0, 0.0).q[0] + 0.5).abs() < 1e-14);
        // a divergent integral stops at the interval limit with a warning
        let r = gk(|x| 1.0 / x, 0.0, 1.0);
        assert!(r.warning.is_some(), "{r:?}");
        // NaN from the function ends with a warning
        let r = gk(|_| f64::NAN, 0.0, 1.0);
        assert!(r.q[0].is_nan() && r.warning.is_some());
    }

    #[test]
    fn waypoints_split_the_range() {
        let o = GkOpts {
            waypoints: vec![1.0],
            ..GkOpts::default()
        };
        let r = gauss_kronrod(
            |xs| {
                Ok(xs
                    .iter()
                    .map(|&x| if x < 1.0 { 0.0 } else { 1.0 })
                    .collect())
            },
            0.0,
            2.0,
            &o,
        )
        .expect("ran");
        assert!((r.q[0] - 1.0).abs() < 1e-12, "{r:?}");
    }

    #[test]
    fn simpson_converges_and_counts_calls() {
        let (q, n, w) = simpson(
            |xs| Ok(xs.iter().map(|&x| 1.0 / (1.0 + x * x)).collect()),
            0.0,
            1.0,
            1e-6,
        )
        .expect("ran");
        assert!((q - std::f64::consts::FRAC_PI_4).abs() < 1e-6);
        assert!(n >= 7 && w.is_none());
        let (_, n, w) = simpson(
            |xs| Ok(xs.iter().map(|&x| 1.0 / x).collect()),
            0.0,
            1.0,
            1e-6,
        )
        .expect("ran");
        assert!(w.is_some() && n <= QUAD_MAX_FCNT + 2, "{n} {w:?}");
    }
}
