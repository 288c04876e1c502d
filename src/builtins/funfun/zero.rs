//! `fzero`: a root of a function of one variable.
//!
//! From a starting point, MATLAB's interval search first looks for a sign
//! change: steps of x0/50 (1/50 at 0) growing by sqrt(2), tried on the
//! left and then on the right. Within a bracket, Brent's method
//! (bisection, secant and inverse quadratic interpolation) narrows it to
//! `TolX` (default eps). Exit flags as MATLAB: 1 converged, 0 limit
//! reached, -3 NaN or Inf met in the search, -4 complex value in the
//! search, -5 possibly a singular point, -6 no sign change found.

use super::options::{Display, Opts};
use super::{check_nargout, real_arg, record, say, Fun};
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::Value;

/// Where the search starts.
#[derive(Clone, Copy, Debug)]
pub(super) enum Start {
    Point(f64),
    Bracket(f64, f64),
}

#[derive(Clone, Copy, Debug)]
pub(super) struct ZeroOpts {
    pub tolx: f64,
    pub max_iter: f64,
    pub max_fev: f64,
}

impl Default for ZeroOpts {
    fn default() -> Self {
        ZeroOpts {
            tolx: f64::EPSILON,
            max_iter: f64::INFINITY,
            max_fev: f64::INFINITY,
        }
    }
}

#[derive(Clone, Debug)]
pub(super) struct ZeroOut {
    pub x: f64,
    pub fval: f64,
    pub flag: i32,
    pub interval_iters: usize,
    pub iters: usize,
    pub fevals: usize,
    pub message: String,
}

/// Evaluations no search or iteration exceeds, whatever the options say:
/// Brent's method on doubles needs far fewer.
const HARD_FEV_LIMIT: usize = 100_000;

/// Counts evaluations and enforces the limits.
struct Counted<F> {
    f: F,
    n: usize,
    max: f64,
}

impl<F: FnMut(f64) -> Result<f64>> Counted<F> {
    fn eval(&mut self, x: f64) -> Result<f64> {
        self.n += 1;
        (self.f)(x)
    }
    fn exhausted(&self) -> bool {
        self.n as f64 >= self.max || self.n >= HARD_FEV_LIMIT
    }
}

/// The root search, over any function of one number.
pub(super) fn find_zero(
    f: impl FnMut(f64) -> Result<f64>,
    start: Start,
    o: ZeroOpts,
) -> Result<ZeroOut> {
    let mut f = Counted {
        f,
        n: 0,
        max: o.max_fev,
    };
    let fail = |flag, n, it, message: String| ZeroOut {
        x: f64::NAN,
        fval: f64::NAN,
        flag,
        interval_iters: it,
        iters: 0,
        fevals: n,
        message,
    };
    let (mut a, mut fa, mut b, mut fb, interval_iters);
    match start {
        Start::Bracket(lo, hi) => {
            a = lo;
            b = hi;
            fa = f.eval(a)?;
            fb = f.eval(b)?;
            if !fa.is_finite() || !fb.is_finite() {
                return Err(Error::with_id(
                    "MATLAB:fzero:ValuesAtEndPtsComplexOrNotFinite",
                    "fzero: function values at the interval endpoints must be finite and real",
                ));
            }
            if (fa > 0.0) == (fb > 0.0) && fa != 0.0 && fb != 0.0 {
                return Err(Error::with_id(
                    "MATLAB:fzero:ValuesAtEndPtsSameSign",
                    "fzero: the function values at the interval endpoints must differ in sign",
                ));
            }
            interval_iters = 0;
        }
        Start::Point(x) => {
            let fx = f.eval(x)?;
            if fx == 0.0 {
                return Ok(ZeroOut {
                    x,
                    fval: fx,
                    flag: 1,
                    interval_iters: 0,
                    iters: 0,
                    fevals: f.n,
                    message: "Zero found at the initial point.".into(),
                });
            }
            if !fx.is_finite() {
                return Err(Error::with_id(
                    "MATLAB:fzero:checkfun:NaNFval",
                    "fzero: function value at the starting guess must be finite and real",
                ));
            }
            let mut dx = if x == 0.0 { 1.0 / 50.0 } else { x / 50.0 };
            (a, fa, b, fb) = (x, fx, x, fx);
            let mut it = 0;
            'search: loop {
                it += 1;
                dx *= std::f64::consts::SQRT_2;
                for side in [-1.0, 1.0] {
                    let p = x + side * dx;
                    if !p.is_finite() || f.exhausted() {
                        let why = if f.exhausted() {
                            "the maximum number of function evaluations was reached"
                        } else {
                            "no sign change was found before the search overflowed"
                        };
                        let flag = if f.exhausted() { 0 } else { -6 };
                        return Ok(fail(
                            flag,
                            f.n,
                            it,
                            format!("Exiting fzero: aborting search for an interval containing a sign change because {why}."),
                        ));
                    }
                    let fp = f.eval(p)?;
                    if !fp.is_finite() {
                        return Ok(fail(
                            -3,
                            f.n,
                            it,
                            format!(
                                "Exiting fzero: aborting search for an interval containing a sign change\n    because NaN or Inf function value encountered during search.\n(Function value at {} is {}.)\nCheck function or try again with a different starting value.",
                                short(p),
                                short(fp)
                            ),
                        ));
                    }
                    if side < 0.0 {
                        (a, fa) = (p, fp);
                    } else {
                        (b, fb) = (p, fp);
                    }
                    if (fa > 0.0) != (fb > 0.0) || fp == 0.0 {
                        break 'search;
                    }
                }
            }
            interval_iters = it;
        }
    }
    // Brent's method on [a, b] (after Brent, "Algorithms for Minimization
    // without Derivatives", 1973: zeroin).
    let (f0a, f0b) = (fa.abs(), fb.abs());
    let (mut c, mut fc) = (a, fa);
    let mut d = b - a;
    let mut e = d;
    let mut iters = 0usize;
    let mut flag = 1;
    let mut message = String::new();
    if fa == 0.0 {
        (b, fb) = (a, fa);
    }
    loop {
        if fb == 0.0 {
            break;
        }
        if (fb > 0.0) == (fc > 0.0) {
            (c, fc) = (a, fa);
            d = b - a;
            e = d;
        }
        if fc.abs() < fb.abs() {
            (a, fa) = (b, fb);
            (b, fb) = (c, fc);
            (c, fc) = (a, fa);
        }
        // (A bracket of neighbouring doubles ends the search even when
        // TolX is 0.)
        let toler = (2.0 * o.tolx * b.abs().max(1.0)).max(crate::builtins::math::eps_of(b));
        let m = 0.5 * (c - b);
        if m.abs() <= toler || fb == 0.0 {
            break;
        }
        if iters as f64 >= o.max_iter || f.exhausted() {
            flag = 0;
            message = format!(
                "Exiting fzero: the maximum number of {} was reached.",
                if iters as f64 >= o.max_iter {
                    "iterations"
                } else {
                    "function evaluations"
                }
            );
            break;
        }
        if e.abs() < toler || fa.abs() <= fb.abs() {
            d = m;
            e = m;
        } else {
            let s = fb / fa;
            let (mut p, mut q);
            if a == c {
                p = 2.0 * m * s;
                q = 1.0 - s;
            } else {
                let qa = fa / fc;
                let r = fb / fc;
                p = s * (2.0 * m * qa * (qa - r) - (b - a) * (r - 1.0));
                q = (qa - 1.0) * (r - 1.0) * (s - 1.0);
            }
            if p > 0.0 {
                q = -q;
            } else {
                p = -p;
            }
            if 2.0 * p < 3.0 * m * q - (toler * q).abs() && p < (0.5 * e * q).abs() {
                e = d;
                d = p / q;
            } else {
                d = m;
                e = m;
            }
        }
        (a, fa) = (b, fb);
        if d.abs() > toler {
            b += d;
        } else if b > c {
            b -= toler;
        } else {
            b += toler;
        }
        fb = f.eval(b)?;
        iters += 1;
    }
    if flag == 1 {
        if fb.abs() > f0a.max(f0b) && fb.is_finite() {
            flag = -5;
            message = format!(
                "Current point x may be near a singular point. The interval [{}, {}]\nreduced to the requested tolerance and the function changes sign in the interval,\nbut f(x) increased in magnitude as the interval reduced.",
                short(b.min(c)),
                short(b.max(c))
            );
        } else {
            message = format!(
                "Zero found in the interval [{}, {}]",
                short(b.min(c)),
                short(b.max(c))
            );
        }
    }
    Ok(ZeroOut {
        x: b,
        fval: fb,
        flag,
        interval_iters,
        iters,
        fevals: f.n,
        message,
    })
}

/// A number in a message, as MATLAB's `%g`-like text.
fn short(x: f64) -> String {
    if x.is_finite() && x != 0.0 && !(1e-5..1e15).contains(&x.abs()) {
        super::sci(x, 6)
    } else {
        crate::builtins::util::fmt_num(x)
    }
}

/// fzero: find a root of a function of one variable.
///
/// `x = fzero(fun, x0)` returns a point x near x0 where the function fun (a
/// handle or a name) changes sign, a zero of fun. x0 is a starting point,
/// from which fzero first searches for a bracketing interval, or a
/// two-element interval [a b] over which fun changes sign.
///
/// `x = fzero(fun, x0, options)` takes options from `optimset`: TolX,
/// MaxIter, MaxFunEvals and Display.
///
/// `[x, fval, exitflag, output] = fzero(...)` also returns fun(x), the exit
/// flag (1 when a zero was found) and a struct with the counts of iterations
/// and function evaluations, the algorithm and a message.
///
/// ```text
/// >> x = fzero(@(x) x^2 - 2, [0 2])
/// x = 1.4142
/// >> fzero(@cos, 1)
/// ans = 1.5708
/// ```
pub fn fzero(ctx: &mut Ctx, mut args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, "fzero", 4)?;
    if args.len() < 2 {
        return Err(Error::nargin("fzero"));
    }
    let extra = args.split_off(args.len().min(3));
    let opts = Opts::new("fzero", args.get(2))?;
    let x0 = real_arg("fzero", "X0", &args[1])?;
    let start = match x0.data() {
        [x] => Start::Point(*x),
        [lo, hi] => Start::Bracket(*lo, *hi),
        _ => {
            return Err(Error::with_id(
                "MATLAB:fzero:LengthArg2",
                "fzero: second argument must be a scalar or a vector of length 2",
            ))
        }
    };
    if x0.data().iter().any(|x| !x.is_finite()) {
        return Err(Error::with_id(
            "MATLAB:fzero:Arg2NotFinite",
            "fzero: second argument must be finite",
        ));
    }
    let o = ZeroOpts {
        tolx: opts.tolerance("TolX", f64::EPSILON)?,
        max_iter: opts.limit("MaxIter", f64::INFINITY, 1)?,
        max_fev: opts.limit("MaxFunEvals", f64::INFINITY, 1)?,
    };
    let display = opts.display(Display::Notify)?;
    let fun = Fun::new("fzero", args.swap_remove(0), extra)?;
    let r = find_zero(|x| fun.scalar(ctx, "fzero", x), start, o)?;
    if display >= Display::Final || (display == Display::Notify && r.flag != 1) {
        say(ctx, &format!("\n{}\n", r.message))?;
    }
    let output = record(vec![
        ("intervaliterations", Value::num(r.interval_iters as f64)),
        ("iterations", Value::num(r.iters as f64)),
        ("funcCount", Value::num(r.fevals as f64)),
        ("algorithm", Value::str("bisection, interpolation")),
        ("message", Value::str(&r.message)),
    ]);
    Ok(vec![
        Value::num(r.x),
        Value::num(r.fval),
        Value::num(r.flag as f64),
        output,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(f: impl FnMut(f64) -> Result<f64>, s: Start) -> ZeroOut {
        find_zero(f, s, ZeroOpts::default()).expect("fzero ran")
    }

    #[test]
    fn brackets_and_start_points_converge_to_eps() {
        let r = root(|x| Ok(x * x - 2.0), Start::Bracket(1.0, 2.0));
        assert_eq!(r.flag, 1);
        assert!((r.x - 2f64.sqrt()).abs() <= 4.0 * f64::EPSILON, "{}", r.x);
        let r = root(|x| Ok(x.cos()), Start::Point(1.0));
        assert_eq!(r.flag, 1);
        assert!((r.x - std::f64::consts::FRAC_PI_2).abs() < 1e-15);
        let r = root(|x| Ok(x.powi(3) - 8.0), Start::Point(0.0));
        assert!((r.x - 2.0).abs() < 1e-14, "{}", r.x);
    }

    #[test]
    fn search_failures_give_exit_flags_not_hangs() {
        // no sign change anywhere: the search stops at overflow or on Inf
        let r = root(|x| Ok(x * x + 1.0), Start::Point(1.0));
        assert!(r.flag == -3 || r.flag == -6, "{r:?}");
        assert!(r.x.is_nan());
        let r = root(|_| Ok(1.0), Start::Point(1.0));
        assert_eq!(r.flag, -6);
        let r = root(
            |x| Ok(if x > 1.5 { f64::NAN } else { 1.0 }),
            Start::Point(1.0),
        );
        assert_eq!(r.flag, -3);
        // a pole: converges to the sign change, flagged as singular
        let r = root(|x| Ok(1.0 / (x - 1.0)), Start::Bracket(0.0, 3.0));
        assert_eq!(r.flag, -5);
        // NaN inside the bracket still terminates
        let r = root(
            |x| {
                Ok(if (x - 0.7).abs() < 0.2 {
                    f64::NAN
                } else {
                    x - 0.7
                })
            },
            Start::Bracket(0.0, 2.0),
        );
        assert!(r.fevals <= HARD_FEV_LIMIT);
        let e = find_zero(
            |x| Ok(x * x + 1.0),
            Start::Bracket(0.0, 1.0),
            ZeroOpts::default(),
        );
        assert!(e.is_err());
    }

    #[test]
    fn limits_stop_the_iteration() {
        let o = ZeroOpts {
            max_fev: 5.0,
            ..ZeroOpts::default()
        };
        let r = find_zero(|x| Ok(x.exp() - 3.0), Start::Bracket(0.0, 2.0), o).expect("ran");
        assert_eq!(r.flag, 0);
        assert!(r.fevals <= 5);
    }
}
