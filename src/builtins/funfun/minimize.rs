//! Minimizers without derivatives: `fminbnd` (Brent's golden section
//! search with parabolic interpolation on an interval) and `fminsearch`
//! (Nelder–Mead simplex with MATLAB's initial simplex: each coordinate
//! moved by 5%, or set to 0.00025 where it is 0, and MATLAB's
//! coefficients: reflection 1, expansion 2, contraction 1/2, shrink 1/2).

use super::options::{Display, Opts};
use super::{check_nargout, real_arg, real_scalar_arg, record, say, sci, Fun};
use crate::builtins::math::eps_of;
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::{Array, Value};

/// What a minimizer found.
#[derive(Clone, Debug)]
pub(super) struct MinOut {
    pub x: Vec<f64>,
    pub fval: f64,
    pub flag: i32,
    pub iters: usize,
    pub fevals: usize,
    pub message: String,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct MinOpts {
    pub tolx: f64,
    pub tolf: f64,
    pub max_iter: f64,
    pub max_fev: f64,
}

/// Brent's minimization on [a, b] (after Brent 1973, `fmin`), with
/// MATLAB's stopping rule: |x - m| <= 2*tol1 - (b - a)/2 where
/// tol1 = sqrt(eps)*|x| + TolX/3.
pub(super) fn brent_min(
    mut f: impl FnMut(f64) -> Result<f64>,
    lo: f64,
    hi: f64,
    o: MinOpts,
) -> Result<MinOut> {
    let c = 0.5 * (3.0 - 5f64.sqrt());
    let seps = f64::EPSILON.sqrt();
    let (mut a, mut b) = (lo, hi);
    let mut v = a + c * (b - a);
    let mut w = v;
    let mut xf = v;
    let (mut d, mut e) = (0.0f64, 0.0f64);
    let mut fx = f(xf)?;
    let mut fevals = 1usize;
    let (mut fv, mut fw) = (fx, fx);
    let mut iters = 0usize;
    let mut xm = 0.5 * (a + b);
    let mut tol1 = seps * xf.abs() + o.tolx / 3.0;
    let mut tol2 = 2.0 * tol1;
    let mut flag = 1;
    while (xf - xm).abs() > tol2 - 0.5 * (b - a) {
        if fevals as f64 >= o.max_fev || iters as f64 >= o.max_iter {
            flag = 0;
            break;
        }
        let mut golden = true;
        if e.abs() > tol1 {
            let mut r = (xf - w) * (fx - fv);
            let mut q = (xf - v) * (fx - fw);
            let mut p = (xf - v) * q - (xf - w) * r;
            q = 2.0 * (q - r);
            if q > 0.0 {
                p = -p;
            }
            q = q.abs();
            r = e;
            e = d;
            if p.abs() < (0.5 * q * r).abs() && p > q * (a - xf) && p < q * (b - xf) {
                d = p / q;
                let x = xf + d;
                if x - a < tol2 || b - x < tol2 {
                    let si = if xm - xf >= 0.0 { 1.0 } else { -1.0 };
                    d = tol1 * si;
                }
                golden = false;
            }
        }
        if golden {
            e = if xf >= xm { a - xf } else { b - xf };
            d = c * e;
        }
        let si = if d >= 0.0 { 1.0 } else { -1.0 };
        let x = xf + si * d.abs().max(tol1);
        let fu = f(x)?;
        fevals += 1;
        iters += 1;
        if fu <= fx {
            if x >= xf {
                a = xf;
            } else {
                b = xf;
            }
            (v, fv) = (w, fw);
            (w, fw) = (xf, fx);
            (xf, fx) = (x, fu);
        } else {
            if x < xf {
                a = x;
            } else {
                b = x;
            }
            if fu <= fw || w == xf {
                (v, fv) = (w, fw);
                (w, fw) = (x, fu);
            } else if fu <= fv || v == xf || v == w {
                (v, fv) = (x, fu);
            }
        }
        xm = 0.5 * (a + b);
        tol1 = seps * xf.abs() + o.tolx / 3.0;
        tol2 = 2.0 * tol1;
    }
    let message = if flag == 1 {
        format!(
            "Optimization terminated:\n the current x satisfies the termination criteria using OPTIONS.TolX of {}",
            sci(o.tolx, 6)
        )
    } else {
        limit_message(fevals as f64 >= o.max_fev, o)
    };
    Ok(MinOut {
        x: vec![xf],
        fval: fx,
        flag,
        iters,
        fevals,
        message,
    })
}

fn limit_message(by_fevals: bool, o: MinOpts) -> String {
    if by_fevals {
        format!(
            "Exiting: Maximum number of function evaluations has been exceeded\n         - increase MaxFunEvals option.\n         Current function value: see FVAL (limit {})",
            o.max_fev
        )
    } else {
        format!(
            "Exiting: Maximum number of iterations has been exceeded\n         - increase MaxIter option. (limit {})",
            o.max_iter
        )
    }
}

/// Evaluations no simplex search exceeds, whatever the options say.
const HARD_FEV_LIMIT: f64 = 1e7;

/// Nelder–Mead on `x0` (the algorithm of Lagarias, Reeds, Wright and
/// Wright, 1998, with MATLAB's initial simplex and stopping test).
pub(super) fn nelder_mead(
    mut f: impl FnMut(&[f64]) -> Result<f64>,
    x0: &[f64],
    o: MinOpts,
) -> Result<MinOut> {
    let n = x0.len();
    let max_fev = o.max_fev.min(HARD_FEV_LIMIT);
    let (rho, chi, psi, sigma) = (1.0, 2.0, 0.5, 0.5);
    let mut v: Vec<Vec<f64>> = Vec::with_capacity(n + 1);
    let mut fv: Vec<f64> = Vec::with_capacity(n + 1);
    v.push(x0.to_vec());
    fv.push(f(x0)?);
    for j in 0..n {
        let mut y = x0.to_vec();
        y[j] = if y[j] != 0.0 { 1.05 * y[j] } else { 0.00025 };
        fv.push(f(&y)?);
        v.push(y);
    }
    let mut fevals = n + 1;
    let mut iters = 1usize;
    sort_simplex(&mut v, &mut fv);
    let point = |xbar: &[f64], worst: &[f64], t: f64| -> Vec<f64> {
        xbar.iter()
            .zip(worst)
            .map(|(&b, &w)| (1.0 + t) * b - t * w)
            .collect()
    };
    let mut converged = false;
    while (fevals as f64) < max_fev && (iters as f64) < o.max_iter {
        let fspread = fv[1..]
            .iter()
            .map(|&x| (fv[0] - x).abs())
            .fold(0.0, nan_max);
        let xspread = v[1..]
            .iter()
            .flat_map(|p| p.iter().zip(&v[0]).map(|(a, b)| (a - b).abs()))
            .fold(0.0, nan_max);
        let vmax = v[0].iter().copied().fold(f64::NEG_INFINITY, nan_max);
        if fspread <= o.tolf.max(10.0 * eps_of(fv[0])) && xspread <= o.tolx.max(10.0 * eps_of(vmax))
        {
            converged = true;
            break;
        }
        let mut xbar = vec![0.0; n];
        for p in &v[..n] {
            for (b, x) in xbar.iter_mut().zip(p) {
                *b += x;
            }
        }
        for b in xbar.iter_mut() {
            *b /= n as f64;
        }
        let worst = v[n].clone();
        let xr = point(&xbar, &worst, rho);
        let fxr = f(&xr)?;
        fevals += 1;
        let mut shrink = false;
        if fxr < fv[0] {
            let xe = point(&xbar, &worst, rho * chi);
            let fxe = f(&xe)?;
            fevals += 1;
            if fxe < fxr {
                (v[n], fv[n]) = (xe, fxe);
            } else {
                (v[n], fv[n]) = (xr, fxr);
            }
        } else if fxr < fv[n - 1] {
            (v[n], fv[n]) = (xr, fxr);
        } else if fxr < fv[n] {
            let xc = point(&xbar, &worst, psi * rho);
            let fxc = f(&xc)?;
            fevals += 1;
            if fxc <= fxr {
                (v[n], fv[n]) = (xc, fxc);
            } else {
                shrink = true;
            }
        } else {
            let xcc = point(&xbar, &worst, -psi);
            let fxcc = f(&xcc)?;
            fevals += 1;
            if fxcc < fv[n] {
                (v[n], fv[n]) = (xcc, fxcc);
            } else {
                shrink = true;
            }
        }
        if shrink {
            let best = v[0].clone();
            for j in 1..=n {
                for (x, b) in v[j].iter_mut().zip(&best) {
                    *x = b + sigma * (*x - b);
                }
                fv[j] = f(&v[j])?;
            }
            fevals += n;
        }
        sort_simplex(&mut v, &mut fv);
        iters += 1;
    }
    let (flag, message) = if converged {
        (
            1,
            format!(
                "Optimization terminated:\n the current x satisfies the termination criteria using OPTIONS.TolX of {} \n and F(X) satisfies the convergence criteria using OPTIONS.TolFun of {} ",
                sci(o.tolx, 6),
                sci(o.tolf, 6)
            ),
        )
    } else {
        (0, limit_message(fevals as f64 >= max_fev, o))
    };
    Ok(MinOut {
        x: v.swap_remove(0),
        fval: fv[0],
        flag,
        iters,
        fevals,
        message,
    })
}

/// The larger of two numbers, NaN when either is (so a NaN spread never
/// passes the convergence test).
fn nan_max(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.max(b)
    }
}

/// Order the vertices by function value (stable, NaN last).
fn sort_simplex(v: &mut Vec<Vec<f64>>, fv: &mut Vec<f64>) {
    let mut idx: Vec<usize> = (0..fv.len()).collect();
    idx.sort_by(|&i, &j| fv[i].total_cmp(&fv[j]).then(i.cmp(&j)));
    // total_cmp puts -NaN first: keep every NaN last, as MATLAB's sort.
    idx.sort_by_key(|&i| fv[i].is_nan());
    let nv: Vec<Vec<f64>> = idx.iter().map(|&i| std::mem::take(&mut v[i])).collect();
    let nf: Vec<f64> = idx.iter().map(|&i| fv[i]).collect();
    *v = nv;
    *fv = nf;
}

/// The `[x, fval, exitflag, output]` of a minimizer, printing its message
/// as `Display` asks.
fn outputs(
    ctx: &mut Ctx,
    r: MinOut,
    x: Value,
    display: Display,
    algorithm: &str,
) -> Result<Vec<Value>> {
    if display >= Display::Final || (display == Display::Notify && r.flag != 1) {
        say(ctx, &format!("\n{}\n", r.message))?;
    }
    let output = record(vec![
        ("iterations", Value::num(r.iters as f64)),
        ("funcCount", Value::num(r.fevals as f64)),
        ("algorithm", Value::str(algorithm)),
        ("message", Value::str(&r.message)),
    ]);
    Ok(vec![
        x,
        Value::num(r.fval),
        Value::num(r.flag as f64),
        output,
    ])
}

/// fminbnd: minimum of a function of one variable on an interval.
///
/// `x = fminbnd(fun, a, b)` returns a local minimizer x of the function fun
/// (a handle or a name) in the interval a < x < b, by golden section search
/// and parabolic interpolation.
///
/// `x = fminbnd(fun, a, b, options)` takes options from `optimset`: TolX,
/// MaxIter, MaxFunEvals and Display.
///
/// `[x, fval, exitflag, output] = fminbnd(...)` also returns fun(x), the
/// exit flag (1 when converged) and a struct with the iterations and
/// function evaluations.
///
/// ```text
/// >> x = fminbnd(@(x) (x - 1)^2, 0, 3)
/// x = 1
/// >> [x, fval] = fminbnd(@cos, 3, 4)
/// x = 3.1416
/// fval = -1.0000
/// ```
pub fn fminbnd(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, "fminbnd", 4)?;
    if args.len() < 3 {
        return Err(Error::nargin("fminbnd"));
    }
    let extra = args.split_off(args.len().min(4));
    let opts = Opts::new("fminbnd", args.get(3))?;
    let lo = real_scalar_arg("fminbnd", "X1", &args[1])?;
    let hi = real_scalar_arg("fminbnd", "X2", &args[2])?;
    if !lo.is_finite() || !hi.is_finite() {
        return Err(Error::with_id(
            "MATLAB:fminbnd:BoundsNotFinite",
            "fminbnd: the bounds X1 and X2 must be finite",
        ));
    }
    if lo > hi {
        return Err(Error::with_id(
            "MATLAB:fminbnd:LowerBoundGreaterThanUpperBound",
            "fminbnd: the lower bound exceeds the upper bound",
        ));
    }
    let o = MinOpts {
        tolx: opts.tolerance("TolX", 1e-4)?,
        tolf: 0.0,
        max_iter: opts.limit("MaxIter", 500.0, 1)?,
        max_fev: opts.limit("MaxFunEvals", 500.0, 1)?.min(HARD_FEV_LIMIT),
    };
    let display = opts.display(Display::Notify)?;
    let fun = Fun::new("fminbnd", args.swap_remove(0), extra)?;
    let r = brent_min(|x| fun.scalar(ctx, "fminbnd", x), lo, hi, o)?;
    let x = Value::num(r.x[0]);
    outputs(
        ctx,
        r,
        x,
        display,
        "golden section search, parabolic interpolation",
    )
}

/// fminsearch: unconstrained minimum of a function of several variables.
///
/// `x = fminsearch(fun, x0)` returns a local minimizer of the function fun
/// (a handle or a name taking a vector or array of the shape of x0),
/// starting from x0, by the Nelder-Mead simplex method, which needs no
/// derivatives.
///
/// `x = fminsearch(fun, x0, options)` takes options from `optimset`: TolX,
/// TolFun, MaxIter, MaxFunEvals and Display.
///
/// `[x, fval, exitflag, output] = fminsearch(...)` also returns fun(x), the
/// exit flag (1 when converged) and a struct with the iterations and
/// function evaluations.
///
/// ```text
/// >> x = fminsearch(@(p) (p(1) - 1)^2 + (p(2) + 2)^2, [0 0]); fprintf('%.3f\n', x)
/// 1.000
/// -2.000
/// ```
pub fn fminsearch(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, "fminsearch", 4)?;
    if args.len() < 2 {
        return Err(Error::nargin("fminsearch"));
    }
    let extra = args.split_off(args.len().min(3));
    let opts = Opts::new("fminsearch", args.get(2))?;
    let x0 = real_arg("fminsearch", "X0", &args[1])?;
    let n = x0.numel();
    if n == 0 {
        return Err(Error::with_id(
            "MATLAB:fminsearch:EmptyX0",
            "fminsearch: X0 must not be empty",
        ));
    }
    let o = MinOpts {
        tolx: opts.num("TolX", 1e-4)?,
        tolf: opts.num("TolFun", 1e-4)?,
        max_iter: opts.limit("MaxIter", 200.0 * n as f64, n)?,
        max_fev: opts.limit("MaxFunEvals", 200.0 * n as f64, n)?,
    };
    let display = opts.display(Display::Notify)?;
    let fun = Fun::new("fminsearch", args.swap_remove(0), extra)?;
    let dims = x0.dims().clone();
    let r = nelder_mead(
        |x| {
            let arg = Value::Num(Array::new(dims.clone(), x.to_vec()));
            let v = fun.call(ctx, vec![arg])?;
            super::real_scalar_result("fminsearch", &v)
        },
        x0.data(),
        o,
    )?;
    let x = Value::Num(Array::new(dims, r.x.clone()));
    outputs(ctx, r, x, display, "Nelder-Mead simplex direct search")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(tol: f64, max: f64) -> MinOpts {
        MinOpts {
            tolx: tol,
            tolf: tol,
            max_iter: max,
            max_fev: max,
        }
    }

    #[test]
    fn brent_finds_interior_and_boundary_minima() {
        let r =
            brent_min(|x| Ok((x - 2.0) * (x - 2.0)), 0.0, 5.0, opts(1e-10, 500.0)).expect("ran");
        assert_eq!(r.flag, 1);
        assert!((r.x[0] - 2.0).abs() < 1e-8);
        let r = brent_min(|x| Ok(x.cos()), 3.0, 4.0, opts(1e-8, 500.0)).expect("ran");
        assert!((r.x[0] - std::f64::consts::PI).abs() < 1e-7);
        // monotone: converges to the bound, within TolX
        let r = brent_min(Ok, 0.0, 1.0, opts(1e-4, 500.0)).expect("ran");
        assert!(r.x[0] < 1e-3);
        // the limit stops it
        let r = brent_min(|x| Ok(x.sin()), 0.0, 6.0, opts(1e-12, 3.0)).expect("ran");
        assert_eq!(r.flag, 0);
        // NaN everywhere still ends
        let r = brent_min(|_| Ok(f64::NAN), 0.0, 1.0, opts(1e-4, 500.0)).expect("ran");
        assert!(r.fevals <= 500);
    }

    #[test]
    fn nelder_mead_matches_known_minima() {
        let r = nelder_mead(
            |p| Ok(100.0 * (p[1] - p[0] * p[0]).powi(2) + (1.0 - p[0]).powi(2)),
            &[-1.2, 1.0],
            opts(1e-10, 10000.0),
        )
        .expect("ran");
        assert_eq!(r.flag, 1);
        assert!(
            (r.x[0] - 1.0).abs() < 1e-6 && (r.x[1] - 1.0).abs() < 1e-6,
            "{:?}",
            r.x
        );
        // default tolerances as MATLAB: 200*n limits
        let r = nelder_mead(
            |p| Ok((p[0] - 1.0).powi(2) + (p[1] - 2.0).powi(2)),
            &[0.0, 0.0],
            MinOpts {
                tolx: 1e-4,
                tolf: 1e-4,
                max_iter: 400.0,
                max_fev: 400.0,
            },
        )
        .expect("ran");
        assert_eq!(r.flag, 1);
        assert!((r.x[0] - 1.0).abs() < 1e-3);
        // NaN everywhere stops at the limit
        let r = nelder_mead(|_| Ok(f64::NAN), &[1.0], opts(1e-4, 200.0)).expect("ran");
        assert_eq!(r.flag, 0);
    }

    #[test]
    fn messages_print_tolerances_as_matlab() {
        assert_eq!(sci(1e-4, 6), "1.000000e-04");
        assert_eq!(sci(2.5e10, 6), "2.500000e+10");
    }
}
