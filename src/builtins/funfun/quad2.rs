//! Double and triple integrals: `integral2`, `quad2d`, `integral3`,
//! `dblquad`, `triplequad`.
//!
//! `integral2`'s 'tiled' method and `quad2d` map the region
//! xa <= x <= xb, ya(x) <= y <= yb(x) onto the unit square (with the cubic
//! 3t^2 - 2t^3 on each axis when 'Singular' is on, which weakens
//! singularities along the edges), split it into 4 tiles, and integrate
//! each with the 15x15 product Gauss–Kronrod rule, whose difference from
//! the 7x7 Gauss rule is the tile's error. The tile of largest error is
//! split in four until the total error is below max(AbsTol, RelTol*|q|),
//! or the evaluations (one call of FUN per tile, with 15x15 matrices) run
//! out. The 'iterated' method nests the one-dimensional Gauss–Kronrod of
//! `integral`, so infinite limits work. `integral3` integrates over x
//! (Gauss–Kronrod) the double integral over y and z. `dblquad` and
//! `triplequad` nest a one-dimensional integrator (`quadcc` unless named)
//! through anonymous functions built as text with captured values, the
//! way Octave defines them.

use super::quad::{gauss_kronrod, GkOpts};
use super::{check_nargout, Fun};
use crate::builtins::Ctx;
use crate::error::{warn_id, Error, Result};
use crate::value::{Array, Dims, Func, Value, C64};

/// The Kronrod nodes on [-1, 1] with Kronrod and Gauss weights.
fn rule() -> [(f64, f64, f64); 15] {
    super::quad::rule()
}

/// A y or z limit: a number or a function of the outer variables.
enum Lim {
    Const(f64),
    Fun(Value),
}

impl Lim {
    fn new(fname: &str, what: &str, v: Value) -> Result<Lim> {
        match v {
            Value::Func(_) => Ok(Lim::Fun(v)),
            v if (v.is_numeric() || matches!(v, Value::Bool(_)))
                && !v.is_complex()
                && v.numel() == 1 =>
            {
                Ok(Lim::Const(v.scalar_f64(fname)?))
            }
            _ => Err(Error::new(format!(
                "{fname}: {what} must be a real scalar or a function"
            ))),
        }
    }
    fn is_inf(&self) -> bool {
        matches!(self, Lim::Const(x) if x.is_infinite())
    }
    /// The limit at the points given by `outer` (arrays of one size).
    fn at(&self, ctx: &mut Ctx, fname: &str, outer: &[Value], n: usize) -> Result<Vec<f64>> {
        match self {
            Lim::Const(x) => Ok(vec![*x; n]),
            Lim::Fun(f) => {
                let v = ctx.call1(f, outer.to_vec())?;
                if v.numel() != n || v.is_complex() {
                    return Err(Error::new(format!(
                        "{fname}: a limit function must return real values of the size of its input"
                    )));
                }
                Ok(v.to_num_array(fname)?.data().to_vec())
            }
        }
    }
}

/// The integrand of several variables: called with arrays of one size
/// (`dims`), element by element when not vectorized.
struct Integrand<'a> {
    fname: &'static str,
    f: &'a Value,
    vectorized: bool,
}

impl Integrand<'_> {
    fn call(&self, ctx: &mut Ctx, dims: &Dims, vars: Vec<Vec<f64>>) -> Result<Vec<C64>> {
        let n = dims.numel();
        if !self.vectorized {
            let mut out = Vec::with_capacity(n);
            for i in 0..n {
                let args = vars.iter().map(|v| Value::num(v[i])).collect();
                let v = ctx.call1(self.f, args)?;
                if v.numel() != 1 {
                    return Err(Error::new(format!(
                        "{}: FUN must return a scalar when 'Vectorized' is false",
                        self.fname
                    )));
                }
                out.extend(super::quad::values(self.fname, &v)?);
            }
            return Ok(out);
        }
        let args = vars
            .into_iter()
            .map(|v| Value::Num(Array::new(dims.clone(), v)))
            .collect();
        let v = ctx.call1(self.f, args)?;
        if v.numel() != n {
            return Err(Error::new(format!(
                "{}: FUN must return an array of the size of its inputs ({} values for {})",
                self.fname,
                v.numel(),
                n
            )));
        }
        super::quad::values(self.fname, &v)
    }
}

/// Options of the double and triple integrals.
struct Opts2 {
    abstol: f64,
    reltol: f64,
    method: String,
    vectorized: bool,
    singular: bool,
    max_evals: usize,
}

/// Read the property/value pairs of `fname` with Octave's checks; `known`
/// lists the properties it takes (lower case).
fn options(fname: &str, args: &[Value], known: &[&str]) -> Result<Opts2> {
    let mut o = Opts2 {
        abstol: 1e-10,
        reltol: 1e-6,
        method: "auto".into(),
        vectorized: true,
        singular: true,
        max_evals: 2000,
    };
    let numeric = |v: &Value| (v.is_numeric() || matches!(v, Value::Bool(_))) && !v.is_complex();
    let logical = |name: &str, v: &Value| -> Result<bool> {
        if numeric(v) && v.numel() == 1 {
            v.is_true()
        } else {
            Err(Error::new(format!(
                "{fname}: {name} must be a logical value"
            )))
        }
    };
    for p in args.chunks(2) {
        let name = super::quad::prop_name(fname, &p[0])?;
        let Some(v) = p.get(1) else {
            return Err(Error::nargin(fname));
        };
        let lower = name.to_ascii_lowercase();
        if !known.contains(&lower.as_str()) {
            return Err(Error::new(format!("{fname}: unknown property '{name}'")));
        }
        match lower.as_str() {
            "abstol" | "reltol" => {
                let what = if lower == "abstol" {
                    "AbsTol"
                } else {
                    "RelTol"
                };
                let x = if numeric(v) && v.numel() == 1 {
                    v.scalar_f64(fname)?
                } else {
                    f64::NAN
                };
                if x.is_nan() || x < 0.0 {
                    return Err(Error::new(format!(
                        "{fname}: {what} value must be a numeric scalar >= 0"
                    )));
                }
                if lower == "abstol" {
                    o.abstol = x;
                } else {
                    o.reltol = x;
                }
            }
            "method" => {
                let m = match v {
                    Value::Char(_) => v.to_str(fname)?.to_ascii_lowercase(),
                    _ => String::new(),
                };
                if !["auto", "iterated", "tiled"].contains(&m.as_str()) {
                    return Err(Error::new(format!("{fname}: unrecognized method '{m}'")));
                }
                o.method = m;
            }
            "vectorized" => o.vectorized = logical("Vectorized", v)?,
            "singular" => o.singular = logical("Singular", v)?,
            "failureplot" => {
                logical("FailurePlot", v)?;
            }
            "maxfunevals" => {
                let x = if numeric(v) && v.numel() == 1 {
                    v.scalar_f64(fname)?
                } else {
                    f64::NAN
                };
                if x.is_nan() || x < 1.0 || x.fract() != 0.0 {
                    return Err(Error::new(format!(
                        "{fname}: MaxFunEvals value must be a scalar integer >= 1"
                    )));
                }
                o.max_evals = x.min(1e7) as usize;
            }
            _ => return Err(Error::new(format!("{fname}: unknown property '{name}'"))),
        }
    }
    Ok(o)
}

/// A real scalar limit (XA, XB).
fn real_limit(fname: &str, what: &str, v: &Value) -> Result<f64> {
    if !(v.is_numeric() || matches!(v, Value::Bool(_))) || v.is_complex() || v.numel() != 1 {
        return Err(Error::new(format!("{fname}: {what} must be a real scalar")));
    }
    v.scalar_f64(fname)
}

/// The function argument: a handle.
fn handle(fname: &str, v: &Value) -> Result<()> {
    match v {
        Value::Func(_) => Ok(()),
        other => Err(Error::new(format!(
            "{fname}: FUN must be a function handle, not {}",
            other.class_name()
        ))),
    }
}

/// The region of a double integral: x from xa to xb, y between two
/// limits that may depend on x (and on a fixed outer variable `outer`).
struct Region<'a> {
    xa: f64,
    xb: f64,
    ya: &'a Lim,
    yb: &'a Lim,
    /// A variable fixed before x (integral3's x), passed first to FUN and
    /// to the limit functions.
    outer: Option<f64>,
}

/// One tile of the unit square in t: [tx0, tx1] x [ty0, ty1].
#[derive(Clone, Copy)]
struct Tile {
    tx: (f64, f64),
    ty: (f64, f64),
    q: C64,
    err: f64,
}

/// The tiled double integral and its error bound, and whether the
/// evaluations ran out (then with whether it still met the tolerance).
fn tiled(ctx: &mut Ctx, f: &Integrand, r: &Region, o: &Opts2) -> Result<(C64, f64, Option<bool>)> {
    let rule = rule();
    let cubic = |t: f64| -> (f64, f64) {
        if o.singular {
            (t * t * (3.0 - 2.0 * t), 6.0 * t * (1.0 - t))
        } else {
            (t, 1.0)
        }
    };
    let fname = f.fname;
    let eval = |ctx: &mut Ctx, tile: &mut Tile| -> Result<()> {
        let (hx, hy) = ((tile.tx.1 - tile.tx.0) / 2.0, (tile.ty.1 - tile.ty.0) / 2.0);
        let (mx, my) = ((tile.tx.1 + tile.tx.0) / 2.0, (tile.ty.1 + tile.ty.0) / 2.0);
        let mut xs = [0.0; 15];
        let mut dxs = [0.0; 15];
        for (j, &(t, _, _)) in rule.iter().enumerate() {
            let (u, du) = cubic(mx + hx * t);
            xs[j] = r.xa + (r.xb - r.xa) * u;
            dxs[j] = (r.xb - r.xa) * du * hx;
        }
        let dims = Dims::mat(15, 15);
        let row = Dims::mat(1, 15);
        let mut lim_args = Vec::new();
        if let Some(w) = r.outer {
            lim_args.push(Value::Num(Array::new(row.clone(), vec![w; 15])));
        }
        lim_args.push(Value::Num(Array::new(row.clone(), xs.to_vec())));
        let lo = r.ya.at(ctx, fname, &lim_args, 15)?;
        let hi = r.yb.at(ctx, fname, &lim_args, 15)?;
        // 15x15, column j at x_j, row i at y_i
        let mut x = Vec::with_capacity(225);
        let mut y = Vec::with_capacity(225);
        let mut w = Vec::with_capacity(225);
        for j in 0..15 {
            for &(t, _, _) in &rule {
                let (u, du) = cubic(my + hy * t);
                x.push(xs[j]);
                y.push(lo[j] + (hi[j] - lo[j]) * u);
                w.push(dxs[j] * (hi[j] - lo[j]) * du * hy);
            }
        }
        let mut vars = Vec::new();
        if let Some(o) = r.outer {
            vars.push(vec![o; 225]);
        }
        vars.push(x);
        vars.push(y);
        let fx = f.call(ctx, &dims, vars)?;
        let (mut qk, mut qg) = (C64::new(0.0, 0.0), C64::new(0.0, 0.0));
        for (j, &(_, wkx, wgx)) in rule.iter().enumerate() {
            for (i, &(_, wky, wgy)) in rule.iter().enumerate() {
                let v = fx[j * 15 + i] * w[j * 15 + i];
                qk += v * (wkx * wky);
                qg += v * (wgx * wgy);
            }
        }
        tile.q = qk;
        tile.err = (qk - qg).norm();
        Ok(())
    };
    let zero = C64::new(0.0, 0.0);
    let mut open = vec![Tile {
        tx: (0.0, 1.0),
        ty: (0.0, 1.0),
        q: zero,
        err: f64::INFINITY,
    }];
    let (mut q_ok, mut err_ok) = (zero, 0.0);
    let mut evals = 0usize;
    let (mut q, mut err);
    loop {
        let Some(w) = (0..open.len()).max_by(|&i, &j| open[i].err.total_cmp(&open[j].err)) else {
            return Ok((q_ok, err_ok, None));
        };
        let t = open.swap_remove(w);
        let (xm, ym) = ((t.tx.0 + t.tx.1) / 2.0, (t.ty.0 + t.ty.1) / 2.0);
        let mut kids = Vec::with_capacity(4);
        for tx in [(t.tx.0, xm), (xm, t.tx.1)] {
            for ty in [(t.ty.0, ym), (ym, t.ty.1)] {
                let mut k = Tile {
                    tx,
                    ty,
                    q: zero,
                    err: 0.0,
                };
                eval(ctx, &mut k)?;
                kids.push(k);
            }
        }
        evals += 4;
        q = q_ok + open.iter().chain(&kids).map(|t| t.q).sum::<C64>();
        err = err_ok + open.iter().chain(&kids).map(|t| t.err).sum::<f64>();
        let tol = o.abstol.max(o.reltol * q.norm());
        if err <= tol || !err.is_finite() {
            break;
        }
        let area = (t.tx.1 - t.tx.0) * (t.ty.1 - t.ty.0) / 4.0;
        let tiny = xm <= t.tx.0 || xm >= t.tx.1 || ym <= t.ty.0 || ym >= t.ty.1;
        for k in kids {
            if k.err <= tol * area / 4.0 || tiny {
                q_ok += k.q;
                err_ok += k.err;
            } else {
                open.push(k);
            }
        }
        if open.is_empty() {
            break;
        }
        if evals >= o.max_evals {
            return Ok((q, err, Some(err <= tol)));
        }
    }
    let limited = (evals >= o.max_evals).then(|| err <= o.abstol.max(o.reltol * q.norm()));
    Ok((q, err, limited))
}

/// The iterated double integral: Gauss–Kronrod over x of the
/// Gauss–Kronrod integral over y.
fn iterated(ctx: &mut Ctx, f: &Integrand, r: &Region, o: &Opts2) -> Result<C64> {
    let gk = GkOpts {
        abstol: o.abstol,
        reltol: o.reltol,
        ..GkOpts::default()
    };
    let fname = f.fname;
    let out = gauss_kronrod(
        |xs| {
            let mut res = Vec::with_capacity(xs.len());
            for x in xs {
                let x = x.re;
                let mut lim_args = Vec::new();
                if let Some(w) = r.outer {
                    lim_args.push(Value::num(w));
                }
                lim_args.push(Value::num(x));
                let lo = r.ya.at(ctx, fname, &lim_args, 1)?[0];
                let hi = r.yb.at(ctx, fname, &lim_args, 1)?[0];
                let inner = gauss_kronrod(
                    |ys| {
                        let n = ys.len();
                        let mut vars = Vec::new();
                        if let Some(w) = r.outer {
                            vars.push(vec![w; n]);
                        }
                        vars.push(vec![x; n]);
                        vars.push(ys.iter().map(|y| y.re).collect());
                        f.call(ctx, &Dims::row(n), vars)
                    },
                    C64::new(lo, 0.0),
                    C64::new(hi, 0.0),
                    &gk,
                )?;
                res.push(inner.q.first().copied().unwrap_or_default());
            }
            Ok(res)
        },
        C64::new(r.xa, 0.0),
        C64::new(r.xb, 0.0),
        &gk,
    )?;
    Ok(out.q.first().copied().unwrap_or_default())
}

/// The value of a double or triple integral: real when it is.
fn result(q: C64) -> Value {
    Value::Complex(Array::scalar(q)).narrowed()
}

/// Whether 'auto' means iterated: an infinite limit.
fn use_iterated(o: &Opts2, xa: f64, xb: f64, lims: &[&Lim]) -> bool {
    match o.method.as_str() {
        "iterated" => true,
        "tiled" => false,
        _ => xa.is_infinite() || xb.is_infinite() || lims.iter().any(|l| l.is_inf()),
    }
}

/// The warning of `quad2d` when its evaluations ran out.
fn limit_warning(fname: &str, limited: Option<bool>) {
    match limited {
        Some(true) => warn_id(
            &format!("Octave:{fname}:maxFunEvals"),
            &format!("{fname}: Maximum number of sub-tiles reached, accuracy may be low"),
        ),
        Some(false) => warn_id(
            &format!("Octave:{fname}:maxFunEvals"),
            &format!("{fname}: Maximum number of sub-tiles reached without convergence"),
        ),
        None => {}
    }
}

/// integral2: numerical double integral.
///
/// `q = integral2(f, xa, xb, ya, yb)` returns the integral of f(x, y) over
/// xa <= x <= xb, ya <= y <= yb. ya and yb may be functions of x (handles),
/// for a non-rectangular region. f must accept arrays x and y of one size
/// and work element by element.
///
/// `q = integral2(..., name, value)` takes options: 'AbsTol', 'RelTol',
/// 'Method' ('auto', 'tiled' or 'iterated') and 'Vectorized'.
///
/// `[q, err] = integral2(...)` also returns an estimate of the error.
///
/// ```text
/// >> integral2(@(x, y) x.*y, 0, 1, 0, 2)
/// ans = 1
/// >> integral2(@(x, y) ones(size(x)), 0, 1, 0, @(x) x)
/// ans = 0.5000
/// ```
pub fn integral2(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    double(
        "integral2",
        ctx,
        args,
        &["abstol", "reltol", "method", "vectorized"],
    )
}

/// quad2d: numerical integration over a planar region.
///
/// `Q = quad2d(FUN, XA, XB, YA, YB)` approximates the double integral of
/// FUN(x, y) for x from XA to XB and y from YA to YB, where YA and YB may
/// be functions of x (a non-rectangular region). FUN must accept arrays x
/// and y of the same size and return an array of that size.
///
/// `Q = quad2d(..., 'NAME', VALUE)` sets the options 'AbsTol' (default
/// 1e-10), 'RelTol' (1e-6), 'MaxFunEvals', 'Singular' and 'Vectorized'.
///
/// `[Q, ERR] = quad2d(...)` also returns an error estimate.
///
/// ```text
/// >> quad2d(@(x, y) x .* y, 0, 1, 0, 2)
/// ans = 1
/// >> quad2d(@(x, y) ones(size(x)), 0, 1, 0, @(x) x)
/// ans = 0.5000
/// ```
pub fn quad2d(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    double(
        "quad2d",
        ctx,
        args,
        &[
            "abstol",
            "reltol",
            "maxfunevals",
            "singular",
            "vectorized",
            "failureplot",
        ],
    )
}

fn double(
    fname: &'static str,
    ctx: &mut Ctx,
    mut args: Vec<Value>,
    known: &[&str],
) -> Result<Vec<Value>> {
    check_nargout(ctx, fname, 2)?;
    if args.len() < 5 || args.len() % 2 == 0 {
        return Err(Error::nargin(fname));
    }
    handle(fname, &args[0])?;
    let xa = real_limit(fname, "XA", &args[1])?;
    let xb = real_limit(fname, "XB", &args[2])?;
    let mut o = options(fname, &args[5..], known)?;
    if fname == "integral2" {
        o.max_evals = 100_000;
    }
    let ya = Lim::new(fname, "YA", args[3].clone())?;
    let yb = Lim::new(fname, "YB", args.swap_remove(4))?;
    let f = args.swap_remove(0);
    let g = Integrand {
        fname,
        f: &f,
        vectorized: o.vectorized,
    };
    let region = Region {
        xa,
        xb,
        ya: &ya,
        yb: &yb,
        outer: None,
    };
    if fname == "integral2" && use_iterated(&o, xa, xb, &[&ya, &yb]) {
        if ctx.nargout >= 2 {
            warn_id(
                "Octave:integral2:iteratedError",
                "integral2: \"iterated\" method can not return estimated error",
            );
        }
        let q = iterated(ctx, &g, &region, &o)?;
        return Ok(vec![result(q), Value::num(0.0)]);
    }
    if xa.is_infinite() || xb.is_infinite() || ya.is_inf() || yb.is_inf() {
        return Err(Error::new(format!(
            "{fname}: the tiled method needs finite limits; use 'Method', 'iterated'"
        )));
    }
    let (q, err, limited) = tiled(ctx, &g, &region, &o)?;
    limit_warning(fname, limited);
    Ok(vec![result(q), Value::num(err)])
}

/// integral3: numerical triple integral.
///
/// `q = integral3(f, xa, xb, ya, yb, za, zb)` returns the integral of
/// f(x, y, z) over xa <= x <= xb, ya <= y <= yb, za <= z <= zb. ya and yb may
/// be functions of x, za and zb functions of x and y. f must work element
/// by element on arrays of one size.
///
/// `q = integral3(..., name, value)` takes options: 'AbsTol', 'RelTol',
/// 'Method' and 'Vectorized'.
///
/// ```text
/// >> integral3(@(x, y, z) x + y + z, 0, 1, 0, 1, 0, 1)
/// ans = 1.5000
/// ```
pub fn integral3(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    let fname = "integral3";
    check_nargout(ctx, fname, 1)?;
    if args.len() < 7 || args.len() % 2 == 0 {
        return Err(Error::nargin(fname));
    }
    handle(fname, &args[0])?;
    let xa = real_limit(fname, "XA", &args[1])?;
    let xb = real_limit(fname, "XB", &args[2])?;
    let mut o = options(
        fname,
        &args[7..],
        &["abstol", "reltol", "method", "vectorized"],
    )?;
    o.max_evals = 100_000;
    let ya = Lim::new(fname, "YA", args[3].clone())?;
    let yb = Lim::new(fname, "YB", args[4].clone())?;
    let za = Lim::new(fname, "ZA", args[5].clone())?;
    let zb = Lim::new(fname, "ZB", args.swap_remove(6))?;
    let f = args.swap_remove(0);
    let g = Integrand {
        fname,
        f: &f,
        vectorized: o.vectorized,
    };
    let iter = use_iterated(&o, xa, xb, &[&ya, &yb, &za, &zb]);
    let gk = GkOpts {
        abstol: o.abstol,
        reltol: o.reltol,
        ..GkOpts::default()
    };
    let out = gauss_kronrod(
        |xs| {
            let mut res = Vec::with_capacity(xs.len());
            for x in xs {
                let x = x.re;
                let lo = ya.at(ctx, fname, &[Value::num(x)], 1)?[0];
                let hi = yb.at(ctx, fname, &[Value::num(x)], 1)?[0];
                let r = Region {
                    xa: lo,
                    xb: hi,
                    ya: &za,
                    yb: &zb,
                    outer: Some(x),
                };
                let q = if iter {
                    iterated(ctx, &g, &r, &o)?
                } else {
                    tiled(ctx, &g, &r, &o)?.0
                };
                res.push(q);
            }
            Ok(res)
        },
        C64::new(xa, 0.0),
        C64::new(xb, 0.0),
        &gk,
    )?;
    Ok(vec![result(out.q.first().copied().unwrap_or_default())])
}

/// An anonymous function made from its text and captured values.
fn anon(text: &str, captures: Vec<(&str, Value)>) -> Result<Value> {
    let a = crate::syntax::parse_anon(text).map_err(Error::new)?;
    Ok(Value::func(Func::Anon {
        text: a.text.clone(),
        captures: captures
            .into_iter()
            .map(|(n, v)| (n.to_string(), v))
            .collect(),
    }))
}

/// The tolerance and integrator of `dblquad`/`triplequad`: TOL (default
/// 1e-6) and QUADF (default @quadcc).
fn tol_and_quadf(fname: &str, tol: Option<Value>, quadf: Option<Value>) -> Result<(Value, Value)> {
    let tol = match tol {
        Some(t) if !t.is_empty() => {
            super::quad::tolerance(fname, "TOL", &t)?;
            t
        }
        _ => Value::num(1e-6),
    };
    let quadf = match quadf {
        Some(q) if !q.is_empty() => match q {
            Value::Func(_) | Value::Char(_) => q,
            _ => {
                return Err(Error::new(format!(
                    "{fname}: QUADF must be a function handle or name"
                )))
            }
        },
        _ => Value::func(Func::Named("quadcc".into())),
    };
    Ok((tol, quadf))
}

/// dblquad: numerical double integral over a rectangle (legacy).
///
/// `q = dblquad(f, xa, xb, ya, yb)` returns the integral of f(x, y) over
/// xa <= x <= xb, ya <= y <= yb: the outer integral over y of the inner
/// integrals over x. f must accept a vector x and a scalar y.
///
/// `q = dblquad(f, xa, xb, ya, yb, tol, quadf, p1, ...)` sets the
/// tolerance, the one-dimensional integrator (default `quadcc`) and extra
/// arguments passed to f. New code should use `integral2`.
///
/// ```text
/// >> fprintf('%.6f\n', dblquad(@(x, y) x.*y, 0, 1, 0, 2))
/// 1.000000
/// ```
pub fn dblquad(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, "dblquad", 1)?;
    if args.len() < 5 {
        return Err(Error::nargin("dblquad"));
    }
    let extra = args.split_off(args.len().min(7));
    let mut it = args.into_iter();
    let (f, xa, xb, ya, yb) = match (it.next(), it.next(), it.next(), it.next(), it.next()) {
        (Some(f), Some(xa), Some(xb), Some(ya), Some(yb)) => (f, xa, xb, ya, yb),
        _ => return Err(Error::nargin("dblquad")),
    };
    Fun::new("dblquad", f.clone(), Vec::new())?;
    let (tol, quadf) = tol_and_quadf("dblquad", it.next(), it.next())?;
    let outer = anon(
        "@(y) arrayfun(@(yy) quadf(@(x) f(x, yy, args{:}), xa, xb, tol), y)",
        vec![
            ("quadf", quadf.clone()),
            ("f", f),
            ("args", cell_row(extra)),
            ("xa", xa),
            ("xb", xb),
            ("tol", tol.clone()),
        ],
    )?;
    let q = ctx.call1(&quadf, vec![outer, ya, yb, tol])?;
    Ok(vec![q])
}

/// triplequad: numerical triple integral over a box.
///
/// `Q = triplequad(FUN, XA, XB, YA, YB, ZA, ZB)` approximates the integral
/// of FUN(x, y, z) over the box XA <= x <= XB, YA <= y <= YB,
/// ZA <= z <= ZB. FUN takes a vector x and scalars y and z.
///
/// `Q = triplequad(..., TOL, QUADF)` uses the tolerance TOL and the
/// one-dimensional integrator QUADF (default quadcc); extra arguments
/// P1, P2, ... are passed on to FUN.
///
/// ```text
/// >> triplequad(@(x, y, z) x + y + z, 0, 1, 0, 1, 0, 1)
/// ans = 1.5000
/// ```
pub fn triplequad(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, "triplequad", 1)?;
    if args.len() < 7 {
        return Err(Error::nargin("triplequad"));
    }
    let extra = args.split_off(args.len().min(9));
    let mut it = args.into_iter();
    let mut lims = Vec::with_capacity(7);
    for _ in 0..7 {
        lims.push(it.next().ok_or_else(|| Error::nargin("triplequad"))?);
    }
    let (tol, quadf) = tol_and_quadf("triplequad", it.next(), it.next())?;
    let mut lims = lims.into_iter();
    let mut take = || lims.next().unwrap_or_else(|| Value::num(0.0));
    let (f, xa, xb, ya, yb, za, zb) = (take(), take(), take(), take(), take(), take(), take());
    Fun::new("triplequad", f.clone(), Vec::new())?;
    let outer = anon(
        "@(z) arrayfun(@(zz) dblquad(@(x, y) f(x, y, zz, args{:}), xa, xb, ya, yb, tol, quadf), z)",
        vec![
            ("f", f),
            ("args", cell_row(extra)),
            ("xa", xa),
            ("xb", xb),
            ("ya", ya),
            ("yb", yb),
            ("tol", tol.clone()),
            ("quadf", quadf.clone()),
        ],
    )?;
    let q = ctx.call1(&quadf, vec![outer, za, zb, tol])?;
    Ok(vec![q])
}

/// A 1xN cell of values.
fn cell_row(v: Vec<Value>) -> Value {
    Value::Cell(Box::new(Array::row(v)))
}
