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

use super::{check_nargout, real_scalar_arg, Fun};
use crate::builtins::Ctx;
use crate::error::{warn_id, Error, Result};
use crate::value::{Array, Dims, Value, C32, C64};

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
pub(super) fn rule() -> [(f64, f64, f64); 15] {
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
pub(super) enum Piece {
    Finite(f64, f64),
    Both,
    From(f64),
    To(f64),
    /// A straight segment of a contour in the complex plane (no change of
    /// variable, as for Octave's contour integrals).
    Segment(C64, C64),
}

impl Piece {
    /// The `t` range of the piece.
    pub(super) fn span(&self) -> (f64, f64) {
        match self {
            Piece::Finite(..) | Piece::Both | Piece::Segment(..) => (-1.0, 1.0),
            Piece::From(_) => (0.0, 1.0),
            Piece::To(_) => (-1.0, 0.0),
        }
    }
    /// x(t) and dx/dt.
    pub(super) fn map(&self, t: f64) -> (C64, C64) {
        let re = |x: f64, d: f64| (C64::new(x, 0.0), C64::new(d, 0.0));
        match *self {
            Piece::Finite(a, b) => re(
                (b - a) / 4.0 * t * (3.0 - t * t) + (b + a) / 2.0,
                0.75 * (b - a) * (1.0 - t * t),
            ),
            Piece::Both => {
                let d = 1.0 - t * t;
                re(t / d, (1.0 + t * t) / (d * d))
            }
            Piece::From(a) => {
                let u = t / (1.0 - t);
                re(a + u * u, 2.0 * t / (1.0 - t).powi(3))
            }
            Piece::To(b) => {
                let u = t / (1.0 + t);
                re(b - u * u, -2.0 * t / (1.0 + t).powi(3))
            }
            Piece::Segment(a, b) => ((a + b) / 2.0 + (b - a) / 2.0 * t, (b - a) / 2.0),
        }
    }
}

/// Limits and tolerances of a Gauss–Kronrod integration.
#[derive(Clone, Debug)]
pub(super) struct GkOpts {
    pub abstol: f64,
    pub reltol: f64,
    pub max_intervals: usize,
    /// Points the path goes through: inside (a, b) on a real range (others
    /// are dropped), the corners of a contour when any is complex.
    pub waypoints: Vec<C64>,
    /// Record, at each pass, the open subintervals, the error and the
    /// estimate (quadgk's 'trace').
    pub trace: bool,
}

impl Default for GkOpts {
    fn default() -> Self {
        GkOpts {
            abstol: 1e-10,
            reltol: 1e-6,
            max_intervals: 650,
            waypoints: Vec::new(),
            trace: false,
        }
    }
}

/// The integral (one value per component), its error bound, the warning
/// MATLAB would give (identifier, text), and the trace rows asked for.
#[derive(Clone, Debug)]
pub(super) struct GkOut {
    pub q: Vec<C64>,
    pub err: f64,
    pub warning: Option<(&'static str, String)>,
    pub trace: Vec<(usize, f64, C64)>,
}

impl GkOut {
    fn done(q: Vec<C64>, err: f64) -> GkOut {
        GkOut {
            q,
            err,
            warning: None,
            trace: Vec::new(),
        }
    }
}

/// The stretches between a, the waypoints inside (a, b) and b (a < b).
pub(super) fn pieces(a: f64, b: f64, waypoints: &[C64]) -> Vec<Piece> {
    let mut cuts = vec![a];
    let mut w: Vec<f64> = waypoints
        .iter()
        .map(|z| z.re)
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

/// The segments of a contour a -> waypoints -> b, in the order given
/// (repeated points make no segment).
fn contour(a: C64, b: C64, waypoints: &[C64]) -> Vec<Piece> {
    let mut pts = vec![a];
    pts.extend_from_slice(waypoints);
    pts.push(b);
    pts.windows(2)
        .filter(|p| p[0] != p[1])
        .map(|p| Piece::Segment(p[0], p[1]))
        .collect()
}

/// A subinterval in `t` of one piece, with its estimate once evaluated.
#[derive(Clone, Debug)]
struct Sub {
    piece: usize,
    ta: f64,
    tb: f64,
}

/// Whether a contour integral is asked for: a limit or a waypoint is
/// complex.
fn is_contour(a: C64, b: C64, waypoints: &[C64]) -> bool {
    a.im != 0.0 || b.im != 0.0 || waypoints.iter().any(|z| z.im != 0.0)
}

/// Adaptive Gauss–Kronrod of `f` over [a, b], or along the contour
/// a -> waypoints -> b when any of them is complex. `f` receives nodes
/// and returns, node after node, `m` values each (m = 1 for a scalar
/// integrand); `m` is fixed by the first call.
pub(super) fn gauss_kronrod(
    mut f: impl FnMut(&[C64]) -> Result<Vec<C64>>,
    a: C64,
    b: C64,
    o: &GkOpts,
) -> Result<GkOut> {
    let nan = |z: C64| z.re.is_nan() || z.im.is_nan();
    if nan(a) || nan(b) {
        return Ok(GkOut::done(vec![C64::new(f64::NAN, 0.0)], f64::NAN));
    }
    let ps = if is_contour(a, b, &o.waypoints) {
        contour(a, b, &o.waypoints)
    } else if a.re > b.re {
        let mut r = gauss_kronrod(f, b, a, o)?;
        for q in r.q.iter_mut() {
            *q = -*q;
        }
        return Ok(r);
    } else if a.re == b.re {
        Vec::new()
    } else {
        pieces(a.re, b.re, &o.waypoints)
    };
    if ps.is_empty() {
        // MATLAB returns zeros of the integrand's shape: ask it once.
        let m = f(&[a])?.len().max(1);
        return Ok(GkOut::done(vec![C64::new(0.0, 0.0); m], 0.0));
    }
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
    let zero = C64::new(0.0, 0.0);
    let mut m = 0usize;
    let mut q_ok: Vec<C64> = Vec::new();
    let mut err_ok = 0.0;
    let mut out = GkOut::done(Vec::new(), 0.0);
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
            q_ok = vec![zero; m];
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
            let mut qk = vec![zero; m];
            let mut qg = vec![zero; m];
            for (j, &(_, wk, wg)) in rule.iter().enumerate() {
                let node = i * 15 + j;
                for c in 0..m {
                    let v = fx[node * m + c] * ws[node];
                    qk[c] += v * wk;
                    qg[c] += v * wg;
                }
            }
            let e = qk
                .iter()
                .zip(&qg)
                .map(|(k, g)| (k - g).norm())
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
            out.q = q;
            out.err = f64::NAN;
            out.warning = Some((
                "MATLAB:integral:NonFiniteValue",
                "Inf or NaN value encountered.".into(),
            ));
            return Ok(out);
        }
        let qnorm = q.iter().map(|v| v.norm()).fold(0.0, f64::max);
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
        if o.trace && !open.is_empty() && errbnd > tol {
            out.trace
                .push((open.len(), errbnd, q.first().copied().unwrap_or(zero)));
        }
        out.q = q;
        out.err = errbnd;
        if errbnd <= tol || open.is_empty() {
            return Ok(out);
        }
        if 2 * open.len() > o.max_intervals {
            out.warning = Some((
                "MATLAB:integral:MaxIntervalCountReached",
                format!(
                    "Reached the limit on the maximum number of intervals in use.\nApproximate bound on error is{:>9}. The integral may not exist, or\nit may be difficult to approximate numerically to the requested accuracy.",
                    super::sci(errbnd, 1)
                ),
            ));
            return Ok(out);
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
                out.warning = Some((
                    "MATLAB:integral:MinStepSize",
                    format!(
                        "Minimum step size reached near x = {}. A singularity is likely.",
                        crate::builtins::util::fmt_num(xm.re)
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
            out.q = q_ok;
            out.err = err_ok;
            return Ok(out);
        }
    }
}

/// The nodes as the argument of an integrand: a real row, or a complex
/// one on a contour.
fn nodes_value(xs: &[C64]) -> Value {
    if xs.iter().all(|z| z.im == 0.0) {
        Value::Num(Array::row(xs.iter().map(|z| z.re).collect()))
    } else {
        Value::Complex(Array::row(xs.to_vec()))
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
    xs: &[C64],
) -> Result<Vec<C64>> {
    if !array_valued {
        let v = fun.call(ctx, vec![nodes_value(xs)])?;
        if v.dims() != Dims::row(xs.len()) {
            return Err(Error::with_id(
                format!("MATLAB:{fname}:FxNotSameSizeAsX"),
                format!("{fname}: output of the function must be the same size as the input ({} instead of {}). If FUN is an array-valued integrand, set the 'ArrayValued' option to true.", v.dims().to_string_x(), Dims::row(xs.len()).to_string_x()),
            ));
        }
        return values(fname, &v);
    }
    let mut out = Vec::new();
    for x in xs {
        let v = fun.call(ctx, vec![nodes_value(std::slice::from_ref(x))])?;
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
        out.extend(values(fname, &v)?);
    }
    Ok(out)
}

/// The values (real or complex) an integrand returned.
pub(super) fn values(fname: &str, v: &Value) -> Result<Vec<C64>> {
    if !v.is_numeric() && !matches!(v, Value::Bool(_)) {
        return Err(Error::new(format!(
            "{fname}: the integrand must return numbers, not {}",
            v.class_name()
        )));
    }
    Ok(v.to_complex_array(fname)?.data().to_vec())
}

/// The real values an integrand returned (`quad`).
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

/// A limit of `integral`/`quadgk`: a numeric scalar, complex for a
/// contour.
fn limit(fname: &str, what: &str, v: &Value) -> Result<C64> {
    if !v.is_numeric() && !matches!(v, Value::Bool(_)) || v.numel() != 1 {
        return Err(Error::new(format!(
            "{fname}: {what} must be a numeric scalar"
        )));
    }
    Ok(v.to_complex_array(fname)?.data()[0])
}

/// The limits of `quad`.
fn limits(fname: &str, a: &Value, b: &Value) -> Result<(f64, f64)> {
    Ok((
        real_scalar_arg(fname, "A", a)?,
        real_scalar_arg(fname, "B", b)?,
    ))
}

/// A tolerance: a real scalar >= 0 (Octave's message names it in capitals).
pub(super) fn tolerance(fname: &str, what: &str, v: &Value) -> Result<f64> {
    let ok = (v.is_numeric() || matches!(v, Value::Bool(_))) && !v.is_complex() && v.numel() == 1;
    let x = if ok { v.scalar_f64(fname)? } else { f64::NAN };
    if x >= 0.0 {
        Ok(x)
    } else {
        Err(Error::with_id(
            format!("MATLAB:{fname}:invalidTol"),
            format!("{fname}: {what} must be a scalar >=0"),
        ))
    }
}

/// What `quadgk` and `integral` were asked: tolerances (None: the
/// default of the precision), waypoints, and the other options.
#[derive(Default)]
struct Asked {
    abstol: Option<f64>,
    reltol: Option<f64>,
    waypoints: Vec<C64>,
    single: bool,
    max_intervals: Option<f64>,
    trace: bool,
    array_valued: bool,
}

impl Asked {
    /// The options of the integration; defaults 1e-10 and 1e-6 (1e-5 and
    /// 1e-4 in single precision).
    fn gk(&self) -> GkOpts {
        let (abs, rel) = if self.single {
            (1e-5, 1e-4)
        } else {
            (1e-10, 1e-6)
        };
        GkOpts {
            abstol: self.abstol.unwrap_or(abs),
            reltol: self.reltol.unwrap_or(rel),
            max_intervals: match self.max_intervals {
                Some(m) if m.is_finite() => (m as usize).clamp(2, 100_000),
                Some(_) => 100_000,
                None => 650,
            },
            waypoints: self.waypoints.clone(),
            trace: self.trace,
        }
    }
    /// Read one name/value pair; false for a name `fname` does not know.
    fn pair(&mut self, fname: &str, name: &str, v: &Value) -> Result<bool> {
        match name.to_ascii_lowercase().as_str() {
            "abstol" => self.abstol = Some(tolerance(fname, "ABSTOL", v)?),
            "reltol" => self.reltol = Some(tolerance(fname, "RELTOL", v)?),
            "waypoints" => {
                if !v.is_numeric() && !matches!(v, Value::Bool(_)) {
                    return Err(Error::new(format!(
                        "{fname}: Waypoints must be a numeric vector"
                    )));
                }
                self.single |= matches!(v, Value::Single(_) | Value::SingleComplex(_));
                self.waypoints = v.to_complex_array(fname)?.data().to_vec();
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// The name of a property/value pair: a string, as Octave requires.
pub(super) fn prop_name(fname: &str, v: &Value) -> Result<String> {
    match v {
        Value::Char(a) if a.rows() <= 1 => v.to_str(fname),
        _ => Err(Error::new(format!(
            "{fname}: property PROP must be a string"
        ))),
    }
}

/// The property/value pairs of `fname`, as Octave reads them: a name must
/// be a string, and `extra` reads the names only `fname` has.
fn read_pairs(
    fname: &str,
    args: &[Value],
    asked: &mut Asked,
    mut extra: impl FnMut(&mut Asked, &str, &Value) -> Result<bool>,
) -> Result<()> {
    for p in args.chunks(2) {
        let name = prop_name(fname, &p[0])?;
        let Some(v) = p.get(1) else {
            return Err(Error::new(format!(
                "{fname}: property/value options must occur in pairs"
            )));
        };
        if !asked.pair(fname, &name, v)? && !extra(asked, &name, v)? {
            return Err(Error::new(format!("{fname}: unknown property '{name}'")));
        }
    }
    Ok(())
}

/// Whether a value is single precision.
fn is_single(v: &Value) -> bool {
    matches!(v, Value::Single(_) | Value::SingleComplex(_))
}

/// The integral's value in the integrand's shape and the precision asked
/// for; real when every imaginary part is zero.
fn shaped(q: Vec<C64>, shape: Option<Dims>, single: bool) -> Value {
    let dims = match shape {
        Some(d) if d.numel() == q.len() => d,
        _ if q.len() == 1 => Dims::row(1),
        _ => Dims::row(q.len()),
    };
    let v = Value::Complex(Array::new(dims, q));
    let v = if single {
        match v {
            Value::Complex(a) => match a.try_map(|z| C32::new(z.re as f32, z.im as f32)) {
                Ok(s) => Value::SingleComplex(s),
                Err(_) => Value::Complex(a),
            },
            v => v,
        }
    } else {
        v
    };
    v.narrowed()
}

/// Issue the warning of a Gauss–Kronrod result and print its trace.
fn report(ctx: &mut Ctx, fname: &str, r: &GkOut) -> Result<()> {
    for &(n, err, q) in &r.trace {
        let row = Value::Complex(Array::row(vec![
            C64::new(n as f64, 0.0),
            C64::new(err, 0.0),
            q,
        ]))
        .narrowed();
        let text = crate::value::display::disp(&row, ctx.state.format, ctx.state.width);
        write!(ctx.out, "{text}").map_err(|e| Error::new(format!("cannot write output: {e}")))?;
    }
    if let Some((id, text)) = &r.warning {
        warn_id(&id.replace("integral", fname), text);
    }
    Ok(())
}

/// integral: numerical integration of a function of one variable.
///
/// `q = integral(f, a, b)` returns the integral of the function f from a to
/// b, by adaptive quadrature. f must accept a vector x and return f at each
/// element (use `.*`, `./`, `.^`). The limits may be infinite; complex
/// limits integrate along the straight path between them.
///
/// `q = integral(f, a, b, name, value, ...)` takes options: 'AbsTol' (default
/// 1e-10) and 'RelTol' (default 1e-6) for the error bound, 'ArrayValued'
/// true for an f that returns an array for a scalar x, 'Waypoints' for
/// points to pass through (a contour for complex values).
///
/// ```text
/// >> integral(@(x) x.^2, 0, 1)
/// ans = 0.3333
/// >> integral(@(x) exp(-x.^2), -Inf, Inf)
/// ans = 1.7725
/// >> integral(@(x) [x; x.^2], 0, 1, 'ArrayValued', true)
/// ans =
///
///    0.5000
///    0.3333
/// ```
pub fn integral(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, "integral", 1)?;
    if args.len() < 3 || args.len() % 2 == 0 {
        return Err(Error::nargin("integral"));
    }
    let mut asked = Asked::default();
    read_pairs("integral", &args[3..], &mut asked, |asked, name, v| {
        if name.eq_ignore_ascii_case("ArrayValued") {
            asked.array_valued = v.is_true()?;
            return Ok(true);
        }
        Ok(false)
    })?;
    let a = limit("integral", "A", &args[1])?;
    let b = limit("integral", "B", &args[2])?;
    asked.single |= is_single(&args[1]) || is_single(&args[2]);
    let o = asked.gk();
    let fun = Fun::new("integral", args.swap_remove(0), Vec::new())?;
    let plain = !asked.array_valued && asked.waypoints.is_empty() && !is_contour(a, b, &[]);
    if plain {
        if let Some(q) =
            super::quadcc::try_real(ctx, &fun, "integral", a.re, b.re, o.abstol, o.reltol)?
        {
            return Ok(vec![shaped(vec![C64::new(q, 0.0)], None, asked.single)]);
        }
    }
    let mut shape = None;
    let r = gauss_kronrod(
        |xs| integrand(ctx, &fun, "integral", asked.array_valued, &mut shape, xs),
        a,
        b,
        &o,
    )?;
    report(ctx, "integral", &r)?;
    Ok(vec![shaped(r.q, shape, asked.single)])
}

/// quadgk: numerical integration, adaptive Gauss-Kronrod quadrature.
///
/// `Q = quadgk(FUN, A, B)` approximates the integral of FUN from A to B by
/// adaptive 15-point Gauss-Kronrod quadrature. A and B may be infinite,
/// and integrable singularities at the ends are handled. FUN must accept
/// a vector x and return a vector of the same size.
///
/// `Q = quadgk(FUN, A, B, 'NAME', VALUE, ...)` sets options: 'AbsTol'
/// (default 1e-10), 'RelTol' (1e-6), 'Waypoints' (points where FUN is not
/// smooth, or a path in the complex plane), 'MaxIntervalCount', 'Trace'.
/// Octave's `quadgk(FUN, A, B, ABSTOL, TRACE)` is accepted too.
///
/// `[Q, ERR] = quadgk(...)` also returns an estimate of the absolute
/// error.
///
/// ```text
/// >> quadgk(@(x) 1 ./ sqrt(x), 0, 1)
/// ans = 2.0000
/// >> quadgk(@(x) exp(-x.^2), -Inf, Inf)
/// ans = 1.7725
/// ```
pub fn quadgk(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, "quadgk", 2)?;
    if args.len() < 3 {
        return Err(Error::nargin("quadgk"));
    }
    let mut asked = Asked::default();
    match args.get(3) {
        None => {}
        Some(Value::Char(_)) => {
            if args.len() % 2 == 0 {
                return Err(Error::new(
                    "quadgk: property/value options must occur in pairs",
                ));
            }
            read_pairs("quadgk", &args[3..], &mut asked, |asked, name, v| {
                match name.to_ascii_lowercase().as_str() {
                    "maxintervalcount" => {
                        let m = real_scalar_arg("quadgk", "MaxIntervalCount", v)?;
                        if m.is_nan() || m < 1.0 {
                            return Err(Error::new(
                                "quadgk: MaxIntervalCount must be a positive number",
                            ));
                        }
                        asked.max_intervals = Some(m);
                    }
                    "trace" => asked.trace = v.is_true()?,
                    _ => return Ok(false),
                }
                Ok(true)
            })?;
        }
        Some(tol) => {
            if args.len() > 5 {
                return Err(Error::new(
                    "quadgk: can not pass additional arguments to user function",
                ));
            }
            if !tol.is_empty() {
                asked.abstol = Some(tolerance("quadgk", "ABSTOL", tol)?);
                asked.reltol = Some(0.0);
            }
            if let Some(t) = args.get(4) {
                asked.trace = !t.is_empty() && t.is_true()?;
            }
        }
    }
    let a = limit("quadgk", "A", &args[1])?;
    let b = limit("quadgk", "B", &args[2])?;
    asked.single |= is_single(&args[1]) || is_single(&args[2]);
    let o = asked.gk();
    let fun = Fun::new("quadgk", args.swap_remove(0), Vec::new())?;
    let mut shape = None;
    let r = gauss_kronrod(
        |xs| integrand(ctx, &fun, "quadgk", false, &mut shape, xs),
        a,
        b,
        &o,
    )?;
    report(ctx, "quadgk", &r)?;
    let err = if asked.single {
        Value::Single(Array::scalar(r.err as f32))
    } else {
        Value::num(r.err)
    };
    Ok(vec![shaped(r.q, None, asked.single), err])
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

/// quad: numerical integration, adaptive Simpson quadrature.
///
/// `Q = quad(FUN, A, B)` approximates the integral of FUN from A to B
/// (finite limits) to an absolute error of about 1e-6, by adaptive
/// Simpson quadrature. FUN must accept a vector x and return a vector of
/// the same size (use .* ./ .^).
///
/// `Q = quad(FUN, A, B, TOL)` uses the absolute tolerance TOL; TRACE and
/// extra arguments P1, P2, ... passed on to FUN may follow.
///
/// `[Q, FCNT] = quad(...)` also returns the number of function
/// evaluations.
///
/// ```text
/// >> quad(@(x) x.^2, 0, 3)
/// ans = 9.0000
/// ```
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

/// The optional TOL of `quadl`/`quadv` (empty or absent: 1e-6).
fn tol_arg(fname: &str, v: Option<&Value>) -> Result<f64> {
    match v {
        Some(v) if !v.is_empty() => tolerance(fname, "TOL", v),
        _ => Ok(1e-6),
    }
}

/// Calls `quadl` and `quadv` allow (each nested step is one call).
const STEP_CALLS: usize = 10_000;

/// Adaptive Gauss–Lobatto state of `quadl` (Gander and Gautschi's rule
/// pair: 4-point Lobatto and its 7-point Kronrod extension).
struct Lobatto<'f, F> {
    f: &'f mut F,
    tol: f64,
    calls: usize,
    hmin: f64,
}

impl<F: FnMut(&[f64]) -> Result<Vec<f64>>> Lobatto<'_, F> {
    fn step(&mut self, a: f64, b: f64, fa: f64, fb: f64, q0: f64, depth: usize) -> Result<f64> {
        if self.calls > STEP_CALLS || depth > 200 {
            return Ok(q0);
        }
        let alpha = (2.0f64 / 3.0).sqrt();
        let beta = 1.0 / 5.0f64.sqrt();
        let h = (b - a) / 2.0;
        let m = (a + b) / 2.0;
        let x = [m - alpha * h, m - beta * h, m, m + beta * h, m + alpha * h];
        let y = (self.f)(&x)?;
        self.calls += 1;
        let i2 = h / 6.0 * (fa + fb + 5.0 * (y[1] + y[3]));
        let i1 = h / 1470.0
            * (77.0 * (fa + fb) + 432.0 * (y[0] + y[4]) + 625.0 * (y[1] + y[3]) + 672.0 * y[2]);
        self.hmin = self.hmin.min((b - a).abs());
        if (i1 - i2).abs() < self.tol || x[0] <= a || b <= x[4] || !i1.is_finite() {
            return Ok(i1);
        }
        let pts = [a, x[0], x[1], x[2], x[3], x[4], b];
        let fs = [fa, y[0], y[1], y[2], y[3], y[4], fb];
        let mut q = 0.0;
        for k in 0..6 {
            q += self.step(pts[k], pts[k + 1], fs[k], fs[k + 1], q0 / 6.0, depth + 1)?;
        }
        Ok(q)
    }
}

/// The single-precision result of `quadl`/`quadv` when a limit is single.
fn precision(v: Value, single: bool) -> Value {
    match v {
        Value::Num(a) if single => match a.try_map(|&x| x as f32) {
            Ok(s) => Value::Single(s),
            Err(_) => Value::Num(a),
        },
        v => v,
    }
}

/// quadl: numerical integration, adaptive Gauss-Lobatto quadrature.
///
/// `Q = quadl(FUN, A, B)` approximates the integral of FUN from A to B
/// (finite limits) by adaptive Gauss-Lobatto quadrature, to a tolerance of
/// 1e-6. FUN must accept a vector x and return a vector of the same size.
///
/// `Q = quadl(FUN, A, B, TOL)` uses the tolerance TOL; TRACE and extra
/// arguments P1, P2, ... passed on to FUN may follow.
///
/// `[Q, NFUN] = quadl(...)` also returns the number of function
/// evaluations.
///
/// ```text
/// >> quadl(@(x) x.^2, 0, 3)
/// ans = 9
/// ```
pub fn quadl(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, "quadl", 2)?;
    if args.len() < 3 {
        return Err(Error::nargin("quadl"));
    }
    let extra = args.split_off(args.len().min(5));
    let single = is_single(&args[1]) || is_single(&args[2]);
    let (a, b) = limits("quadl", &args[1], &args[2])?;
    let eps = if single {
        f32::EPSILON as f64
    } else {
        f64::EPSILON
    };
    let mut tol = tol_arg("quadl", args.get(3))?;
    if tol < eps {
        warn_id(
            "Octave:quadl:tolerance",
            &format!(
                "quadl: TOL specified is smaller than machine precision, using {}",
                crate::builtins::util::fmt_num(eps)
            ),
        );
        tol = eps;
    }
    let fun = Fun::new("quadl", args.swap_remove(0), extra)?;
    let mut f = |xs: &[f64]| -> Result<Vec<f64>> {
        let v = fun.call(ctx, vec![Value::Num(Array::row(xs.to_vec()))])?;
        if v.numel() != xs.len() {
            return Err(Error::new(format!(
                "quadl: the function must return a vector of the same length as its input ({} values for {} points); use .* ./ .^ in it",
                v.numel(),
                xs.len()
            )));
        }
        real_values("quadl", &v).map(|a| a.data().to_vec())
    };
    let y = f(&[a, b])?;
    let mut l = Lobatto {
        f: &mut f,
        tol,
        calls: 1,
        hmin: (b - a).abs(),
    };
    let q = l.step(a, b, y[0], y[1], f64::INFINITY, 0)?;
    let (calls, hmin) = (l.calls, l.hmin);
    if calls > STEP_CALLS {
        warn_id(
            "Octave:quadl:maxIterations",
            "quadl: maximum iteration count reached -- possible singular integral",
        );
    } else if !q.is_finite() {
        warn_id(
            "Octave:quadl:nonFinite",
            "quadl: infinite or NaN function evaluations were returned",
        );
    } else if hmin < (b - a).abs() * eps {
        warn_id(
            "Octave:quadl:minStep",
            "quadl: minimum step size reached -- possible singular integral",
        );
    }
    Ok(vec![
        precision(Value::num(q), single),
        Value::num(calls as f64),
    ])
}

/// Adaptive Simpson over array values (`quadv`): values of one panel at
/// a, c = (a+b)/2, b and its estimate q0.
struct Simpsonv<'f, F> {
    f: &'f mut F,
    tol: f64,
    calls: usize,
    hmin: f64,
}

impl<F: FnMut(f64) -> Result<Vec<C64>>> Simpsonv<'_, F> {
    #[allow(clippy::too_many_arguments)]
    fn step(
        &mut self,
        a: f64,
        b: f64,
        c: f64,
        fa: &[C64],
        fb: &[C64],
        fc: &[C64],
        q0: Vec<C64>,
        depth: usize,
    ) -> Result<Vec<C64>> {
        if self.calls > STEP_CALLS || depth > 200 {
            return Ok(q0);
        }
        let (d, e) = ((a + c) / 2.0, (c + b) / 2.0);
        let fd = (self.f)(d)?;
        let fe = (self.f)(e)?;
        self.calls += 2;
        let panel = |w: f64, x: &[C64], m: &[C64], y: &[C64]| -> Vec<C64> {
            x.iter()
                .zip(m)
                .zip(y)
                .map(|((x, m), y)| (x + m * 4.0 + y) * (w / 6.0))
                .collect()
        };
        let q1 = panel(c - a, fa, &fd, fc);
        let q2 = panel(b - c, fc, &fe, fb);
        let q: Vec<C64> = q1.iter().zip(&q2).map(|(x, y)| x + y).collect();
        self.hmin = self.hmin.min((a - c).abs());
        let delta = q
            .iter()
            .zip(&q0)
            .map(|(x, y)| (x - y).norm())
            .fold(0.0, f64::max);
        if delta > 15.0 * self.tol && d > a && e < b && delta.is_finite() {
            let mut l = self.step(a, c, d, fa, fc, &fd, q1, depth + 1)?;
            let r = self.step(c, b, e, fc, fb, &fe, q2, depth + 1)?;
            for (x, y) in l.iter_mut().zip(r) {
                *x += y;
            }
            Ok(l)
        } else {
            Ok(q.iter().zip(&q0).map(|(x, y)| x + (x - y) / 15.0).collect())
        }
    }
}

/// quadv: vectorized numerical integration of array-valued functions.
///
/// `Q = quadv(FUN, A, B)` integrates FUN from A to B by adaptive Simpson
/// quadrature, where FUN takes a scalar x and may return an array: every
/// element is integrated, and Q has that size.
///
/// `Q = quadv(FUN, A, B, TOL)` uses the absolute tolerance TOL (default
/// 1e-6); TRACE and extra arguments P1, P2, ... passed on to FUN may
/// follow. `[Q, NFUN] = quadv(...)` also returns the number of function
/// evaluations.
///
/// ```text
/// >> quadv(@(x) [x, x.^2], 0, 3)
/// ans =
///
///    4.5000   9.0000
/// ```
pub fn quadv(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, "quadv", 2)?;
    if args.len() < 3 {
        return Err(Error::nargin("quadv"));
    }
    let extra = args.split_off(args.len().min(5));
    let single = is_single(&args[1]) || is_single(&args[2]);
    let (a, b) = limits("quadv", &args[1], &args[2])?;
    let eps = if single {
        f32::EPSILON as f64
    } else {
        f64::EPSILON
    };
    let tol = tol_arg("quadv", args.get(3))?;
    let fun = Fun::new("quadv", args.swap_remove(0), extra)?;
    let mut shape: Option<Dims> = None;
    let mut f = |x: f64| -> Result<Vec<C64>> {
        let v = fun.call(ctx, vec![Value::num(x)])?;
        match &shape {
            None => shape = Some(v.dims()),
            Some(d) if *d != v.dims() => {
                return Err(Error::new(format!(
                    "quadv: the integrand returned a {} array, then a {} one",
                    d.to_string_x(),
                    v.dims().to_string_x()
                )))
            }
            Some(_) => {}
        }
        values("quadv", &v)
    };
    let alpha = 0.27158;
    let (b1, b2) = (a + alpha * (b - a), b - alpha * (b - a));
    let (c1, c2, c3) = ((a + b1) / 2.0, (a + b) / 2.0, (b2 + b) / 2.0);
    let inf = |v: &[C64]| v.iter().any(|z| z.re.is_infinite() || z.im.is_infinite());
    let mut calls = 7;
    let mut fa = f(a)?;
    if inf(&fa) {
        fa = f(a + eps * (b - a))?;
        calls += 1;
    }
    let fc1 = f(c1)?;
    let fb1 = f(b1)?;
    let fc2 = f(c2)?;
    let fb2 = f(b2)?;
    let fc3 = f(c3)?;
    let mut fb = f(b)?;
    if inf(&fb) {
        fb = f(b - eps * (b - a))?;
        calls += 1;
    }
    let mut s = Simpsonv {
        f: &mut f,
        tol,
        calls,
        hmin: (b - a).abs(),
    };
    let simple = |w: f64, x: &[C64], m: &[C64], y: &[C64]| -> Vec<C64> {
        x.iter()
            .zip(m)
            .zip(y)
            .map(|((x, m), y)| (x + m * 4.0 + y) * (w / 6.0))
            .collect::<Vec<C64>>()
    };
    let q1 = s.step(
        a,
        b1,
        c1,
        &fa,
        &fb1,
        &fc1,
        simple(b1 - a, &fa, &fc1, &fb1),
        0,
    )?;
    let q2 = s.step(
        b1,
        b2,
        c2,
        &fb1,
        &fb2,
        &fc2,
        simple(b2 - b1, &fb1, &fc2, &fb2),
        0,
    )?;
    let q3 = s.step(
        b2,
        b,
        c3,
        &fb2,
        &fb,
        &fc3,
        simple(b - b2, &fb2, &fc3, &fb),
        0,
    )?;
    let (calls, hmin) = (s.calls, s.hmin);
    let q: Vec<C64> = q1
        .iter()
        .zip(&q2)
        .zip(&q3)
        .map(|((x, y), z)| x + y + z)
        .collect();
    if calls > STEP_CALLS {
        warn_id(
            "Octave:quadv:maxIterations",
            "quadv: maximum iteration count reached -- possible singular integral",
        );
    } else if q.iter().any(|z| !z.is_finite()) {
        warn_id(
            "Octave:quadv:nonFinite",
            "quadv: infinite or NaN function evaluations were returned",
        );
    } else if hmin < (b - a).abs() * eps {
        warn_id(
            "Octave:quadv:minStep",
            "quadv: minimum step size reached -- possible singular integral",
        );
    }
    Ok(vec![shaped(q, shape, single), Value::num(calls as f64)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gk(f: impl Fn(f64) -> f64, a: f64, b: f64) -> GkOut {
        gauss_kronrod(
            |xs| Ok(xs.iter().map(|x| C64::new(f(x.re), 0.0)).collect()),
            C64::new(a, 0.0),
            C64::new(b, 0.0),
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
        assert!((gk(|x| x * x, 0.0, 1.0).q[0].re - 1.0 / 3.0).abs() < 1e-14);
        assert!((gk(|x| 1.0 / x.sqrt(), 0.0, 1.0).q[0].re - 2.0).abs() < 1e-8);
        let pi = std::f64::consts::PI;
        let r = gk(|x| 1.0 / (1.0 + x * x), f64::NEG_INFINITY, f64::INFINITY);
        assert!((r.q[0].re - pi).abs() < 1e-9, "{r:?}");
        let r = gk(|x| (-x).exp(), 0.0, f64::INFINITY);
        assert!((r.q[0].re - 1.0).abs() < 1e-9, "{r:?}");
        let r = gk(|x| x.exp(), f64::NEG_INFINITY, 0.0);
        assert!((r.q[0].re - 1.0).abs() < 1e-9, "{r:?}");
        // reversed limits change the sign
        assert!((gk(|x| x, 1.0, 0.0).q[0].re + 0.5).abs() < 1e-14);
        // a divergent integral stops at the interval limit with a warning
        let r = gk(|x| 1.0 / x, 0.0, 1.0);
        assert!(r.warning.is_some(), "{r:?}");
        // NaN from the function ends with a warning
        let r = gk(|_| f64::NAN, 0.0, 1.0);
        assert!(r.q[0].re.is_nan() && r.warning.is_some());
    }

    #[test]
    fn waypoints_split_the_range() {
        let o = GkOpts {
            waypoints: vec![C64::new(1.0, 0.0)],
            ..GkOpts::default()
        };
        let r = gauss_kronrod(
            |xs| {
                Ok(xs
                    .iter()
                    .map(|x| C64::new(if x.re < 1.0 { 0.0 } else { 1.0 }, 0.0))
                    .collect())
            },
            C64::new(0.0, 0.0),
            C64::new(2.0, 0.0),
            &o,
        )
        .expect("ran");
        assert!((r.q[0].re - 1.0).abs() < 1e-12, "{r:?}");
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
