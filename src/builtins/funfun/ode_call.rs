//! The ODE builtins as a user calls them: `ode45`, `ode23`, `ode23s` and
//! `ode15s` check their arguments in Octave's order and with its messages
//! before anything runs, read the options of `odeset`, wrap the user's
//! functions (the ODE, the Jacobian, the mass matrix, the event function
//! and the output function) into a `System` for the integrator in
//! `ode.rs`, and shape its result as `[t, y]`, `[t, y, te, ye, ie]` or
//! MATLAB's solution struct. Called for no output they plot the solution
//! in a new figure, as `odeplot` leaves it (`plot(t, y, '-o')`).
//!
//! Arguments after the initial value: a struct (or `[]`) is the options,
//! and the rest are extra parameters passed to every function after its
//! own arguments; a first one that is neither begins the extra parameters
//! (`ode45(f, tspan, y0, p1, p2)`, as Octave's tests use it).
//!
//! Complex ODEs: a complex initial value, or an ODE function complex at
//! the initial point, integrates the real and imaginary parts together.
//! Event locations come out one per row (`te` and `ie` columns, `ye` one
//! row per event), also in `sol.xe`/`sol.ye`/`sol.ie` as Octave gives them.

use super::ode::{
    integrate, size_mismatch, EventValues, Method, OdeOpts, OdeOut, OutputCall, System,
};
use super::options::Opts;
use super::{col, record, sci, Fun};
use crate::builtins::Ctx;
use crate::error::{warn_id, Error, Result};
use crate::ops::dense::{lu_factor, Lu};
use crate::value::{Array, Dims, Value, C64};

/// ode45: solve nonstiff differential equations, medium order method.
///
/// `[T, Y] = ode45(ODEFUN, TSPAN, Y0)` integrates the system y' = f(t, y)
/// given by ODEFUN (a function of t and the column y returning a column)
/// from TSPAN(1) to TSPAN(end), starting at Y0, with the adaptive
/// Dormand-Prince 4(5) Runge-Kutta method. T is a column of times, Y has
/// one row per time. When TSPAN has more than two elements, the solution
/// is reported at exactly those times.
///
/// `[T, Y] = ode45(ODEFUN, TSPAN, Y0, OPTIONS)` uses an option struct from
/// odeset (RelTol, AbsTol, MaxStep, InitialStep, Events, ...).
///
/// `[T, Y, TE, YE, IE] = ode45(...)` with an Events function also returns
/// the times, states and indices of the events found.
///
/// `SOL = ode45(...)` returns a struct with fields x (times) and y
/// (states, one column per time), solver and stats.
///
/// ```text
/// >> [t, y] = ode45(@(t, y) -y, [0 0.5 1], 1)
/// t =
///
///         0
///    0.5000
///    1.0000
///
/// y =
///
///    1.0000
///    0.6065
///    0.3679
/// ```
pub fn ode45(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    solve(ctx, args, "ode45", Method::DormandPrince)
}

/// ode23: solve nonstiff differential equations, low order method.
///
/// `[T, Y] = ode23(ODEFUN, TSPAN, Y0)` integrates y' = f(t, y) from
/// TSPAN(1) to TSPAN(end), starting at Y0, with the adaptive
/// Bogacki-Shampine 2(3) Runge-Kutta method: cheaper per step than ode45,
/// suited to loose tolerances. Outputs, OPTIONS (from odeset), events and
/// the SOL = ode23(...) form are as for ode45.
///
/// ```text
/// >> [t, y] = ode23(@(t, y) -y, [0 0.5 1], 1)
/// t =
///
///         0
///    0.5000
///    1.0000
///
/// y =
///
///    1.0000
///    0.6065
///    0.3679
/// ```
pub fn ode23(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    solve(ctx, args, "ode23", Method::BogackiShampine)
}

/// ode15s: solve stiff differential equations.
///
/// `[T, Y] = ode15s(ODEFUN, TSPAN, Y0)` integrates the stiff system
/// y' = f(t, y) from TSPAN(1) to TSPAN(end), starting at Y0. flatlab uses
/// an implicit Rosenbrock method with a numerical Jacobian (MATLAB's
/// ode15s is a variable-order NDF method), so the steps taken differ.
/// Outputs, OPTIONS (from odeset), events and the SOL = ode15s(...) form
/// are as for ode45.
///
/// ```text
/// >> [t, y] = ode15s(@(t, y) -y, [0 1], 1); abs(y(end) - exp(-1)) < 1e-3
/// ans = 1
/// ```
pub fn ode15s(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    solve(ctx, args, "ode15s", Method::Rosenbrock)
}

/// ode23s: solve stiff differential equations, low order method.
///
/// `[T, Y] = ode23s(ODEFUN, TSPAN, Y0)` integrates the stiff system
/// y' = f(t, y) from TSPAN(1) to TSPAN(end), starting at Y0, with a
/// modified Rosenbrock 2(3) method. Outputs, OPTIONS (from odeset), events
/// and the SOL = ode23s(...) form are as for ode45.
///
/// ```text
/// >> [t, y] = ode23s(@(t, y) -y, [0 1], 1); abs(y(end) - exp(-1)) < 1e-3
/// ans = 1
/// ```
pub fn ode23s(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    solve(ctx, args, "ode23s", Method::Rosenbrock)
}

fn invalid(solver: &str, text: &str) -> Error {
    Error::with_id("Octave:invalid-input-arg", format!("{solver}: {text}"))
}

/// A numeric (not logical, not char) vector with at least one element.
fn numeric_vector(v: &Value) -> bool {
    v.is_numeric() && !v.is_empty() && v.dims().is_vector()
}

/// Checks TSPAN: Octave's checks, then MATLAB's (finite, monotonic, distinct ends).
fn check_tspan(solver: &str, v: &Value) -> Result<Vec<f64>> {
    if !numeric_vector(v) {
        return Err(invalid(solver, "TRANGE must be a numeric vector"));
    }
    if v.numel() < 2 {
        return Err(invalid(solver, "TRANGE must contain at least 2 elements"));
    }
    if v.is_complex() {
        return Err(invalid(solver, "TRANGE must be real"));
    }
    let t = v.to_num_array(solver)?.data().to_vec();
    if t[0] == t[1] {
        return Err(invalid(solver, "invalid time span, TRANGE(1) == TRANGE(2)"));
    }
    if t.iter().any(|t| !t.is_finite()) {
        return Err(Error::with_id(
            "MATLAB:odearguments:TspanNotFinite",
            format!("{solver}: the entries of TRANGE must be finite"),
        ));
    }
    let up = t[1] > t[0];
    if t.windows(2)
        .any(|w| if up { w[1] <= w[0] } else { w[1] >= w[0] })
    {
        return Err(Error::with_id(
            "MATLAB:odearguments:TspanNotMonotonic",
            format!("{solver}: the entries in TRANGE must strictly increase or decrease"),
        ));
    }
    Ok(t)
}

/// INIT as a column of doubles, complex or not.
fn check_init(solver: &str, v: &Value) -> Result<Array<C64>> {
    if !numeric_vector(v) {
        return Err(invalid(solver, "INIT must be a numeric vector"));
    }
    v.to_complex_array(solver)
}

/// Checks FUN: a handle, or the name of a function that exists.
fn check_fun(ctx: &mut Ctx, solver: &str, v: &Value) -> Result<()> {
    match v {
        Value::Func(_) => Ok(()),
        Value::Char(a) if a.rows() <= 1 => {
            let name = v.to_str(solver)?;
            let known = ctx
                .call1(&Value::str("exist"), vec![Value::str(&name)])
                .ok()
                .and_then(|e| e.scalar_f64("exist").ok());
            if known == Some(0.0) {
                return Err(invalid(solver, &format!("function \"{name}\" not found")));
            }
            Ok(())
        }
        _ => Err(invalid(solver, "FUN must be a valid function handle")),
    }
}

/// A list of component numbers (NonNegative, OutputSel): positive
/// integers up to `n`, given 0-based back.
fn components(solver: &str, what: &str, v: &Value, n: usize) -> Result<Vec<usize>> {
    let bad = || {
        invalid(
            solver,
            &format!("{what} must be a vector of integers from 1 to {n} (the number of equations)"),
        )
    };
    if !v.is_numeric() || v.is_complex() || !v.dims().is_vector() {
        return Err(bad());
    }
    let a = v.to_num_array(solver)?;
    a.data()
        .iter()
        .map(|&i| {
            if i >= 1.0 && i <= n as f64 && i.fract() == 0.0 {
                Ok(i as usize - 1)
            } else {
                Err(bad())
            }
        })
        .collect()
}

/// A function option (Events, OutputFcn, Mass as a function): a handle or
/// a function's name.
fn function_option(solver: &str, name: &str, v: &Value) -> Result<Value> {
    match v {
        Value::Func(_) => Ok(v.clone()),
        Value::Char(a) if a.rows() <= 1 => Ok(v.clone()),
        other => Err(invalid(
            solver,
            &format!(
                "the '{name}' option must be a function handle, not {}",
                other.class_name()
            ),
        )),
    }
}

/// The mass matrix: none, constant (factored once), or a function of t
/// (MStateDependence 'none') or of t and y.
enum Mass {
    None,
    Constant(Lu<f64>),
    Function { f: Value, of_state: bool },
}

/// A real n x n mass matrix, factored; singular ones are refused.
fn factor_mass(solver: &str, v: &Value, n: usize) -> Result<Lu<f64>> {
    if !(v.is_numeric() || matches!(v, Value::Bool(_))) {
        return Err(invalid(
            solver,
            "\"Mass\" field must be a function handle or square matrix",
        ));
    }
    if v.is_complex() {
        return Err(invalid(solver, "complex mass matrices are not supported"));
    }
    let d = v.dims();
    if d.ndims() != 2 || d.rows() != n || d.cols() != n {
        return Err(invalid(
            solver,
            &format!(
                "the mass matrix must be {n}x{n} (the number of equations), not {}",
                d.to_string_x()
            ),
        ));
    }
    let lu = lu_factor(n, n, v.to_num_array(solver)?.data().to_vec());
    if lu.singular {
        return Err(Error::with_id(
            format!("MATLAB:{solver}:MassSingular"),
            format!("{solver}: the mass matrix is singular; {solver} solves only ODEs M(t,y) y' = f(t,y) with M nonsingular"),
        ));
    }
    Ok(lu)
}

/// The user's functions through the interpreter. A complex state is held
/// as its real parts and then its imaginary parts.
struct UserSystem<'a, 'c> {
    ctx: &'a mut Ctx<'c>,
    solver: &'static str,
    fun: &'a Fun,
    /// The number of equations.
    n: usize,
    complex: bool,
    /// f at the initial point, computed to see whether the ODE is complex,
    /// handed out for the integrator's first call at that point.
    first: Option<(f64, Vec<f64>, Value)>,
    jac: Option<Value>,
    mass: Mass,
    events: Option<Value>,
    output: Option<Value>,
    output_sel: Option<Vec<usize>>,
}

impl UserSystem<'_, '_> {
    /// A state (or part of one) as the column the user's functions get.
    fn state_value(&self, y: &[f64], sel: Option<&[usize]>) -> Value {
        let n = self.n;
        let pick: Vec<usize> = match sel {
            Some(s) => s.to_vec(),
            None => (0..y.len().min(n)).collect(),
        };
        if self.complex {
            let z: Vec<C64> = pick.iter().map(|&i| C64::new(y[i], y[i + n])).collect();
            Value::Complex(Array::new(Dims::mat(z.len(), 1), z))
        } else {
            col(pick.iter().map(|&i| y[i]).collect())
        }
    }

    /// The numbers a user function returned, as a state-shaped vector
    /// ([re; im] for a complex ODE).
    fn numbers(&self, v: &Value, what: &str) -> Result<Vec<f64>> {
        if !v.is_numeric() && !matches!(v, Value::Bool(_)) {
            return Err(Error::new(format!(
                "{}: {what} must return a numeric column vector, not {}",
                self.solver,
                v.class_name()
            )));
        }
        if self.complex {
            let z = v.to_complex_array(self.solver)?;
            let mut out: Vec<f64> = z.data().iter().map(|z| z.re).collect();
            out.extend(z.data().iter().map(|z| z.im));
            Ok(out)
        } else if v.is_complex() {
            Err(Error::new(format!(
                "{}: {what} returned complex values, though it was real at the initial point; give a complex initial value to integrate a complex ODE",
                self.solver
            )))
        } else {
            Ok(v.to_num_array(self.solver)?.data().to_vec())
        }
    }

    /// Call `f` with (t, y, extra parameters...).
    fn call_ty(&mut self, f: &Value, t: f64, y: &[f64], nargout: usize) -> Result<Vec<Value>> {
        let mut args = vec![Value::num(t), self.state_value(y, None)];
        args.extend(self.fun.extra.iter().cloned());
        self.ctx.call(f, args, nargout)
    }

    /// The mass function's matrix at (t, y), factored.
    fn mass_matrix(&mut self, f: &Value, of_state: bool, t: f64, y: &[f64]) -> Result<Lu<f64>> {
        let m = if of_state {
            self.call_ty(f, t, y, 1)?
        } else {
            let mut args = vec![Value::num(t)];
            args.extend(self.fun.extra.iter().cloned());
            self.ctx.call(f, args, 1)?
        };
        let m = m.into_iter().next().ok_or_else(|| {
            Error::new(format!(
                "{}: the mass function returned no value",
                self.solver
            ))
        })?;
        factor_mass(self.solver, &m, self.n)
    }

    /// M \ v for each n-long column of `v` (one for f, two for a complex
    /// f, and the Jacobian's columns).
    fn mass_solve(&mut self, t: f64, y: &[f64], v: Vec<f64>) -> Result<Vec<f64>> {
        let cols = v.len() / self.n.max(1);
        if let Mass::Constant(lu) = &self.mass {
            return Ok(lu.solve(&v, cols));
        }
        let Mass::Function { f, of_state } = &self.mass else {
            return Ok(v);
        };
        let (f, of_state) = (f.clone(), *of_state);
        let lu = self.mass_matrix(&f, of_state, t, y)?;
        Ok(lu.solve(&v, cols))
    }
}

impl System for UserSystem<'_, '_> {
    fn f(&mut self, t: f64, y: &[f64]) -> Result<Vec<f64>> {
        let v = match self.first.take() {
            Some((t0, y0, v)) if t0 == t && y0 == y => v,
            _ => {
                let mut args = vec![Value::num(t), self.state_value(y, None)];
                args.extend(self.fun.extra.iter().cloned());
                let f = self.fun.f.clone();
                self.ctx.call1(&f, args)?
            }
        };
        if v.numel() != self.n {
            return Err(size_mismatch(v.numel(), self.n));
        }
        let f = self.numbers(&v, "the ODE function")?;
        self.mass_solve(t, y, f)
    }

    fn jacobian(&mut self, t: f64, y: &[f64]) -> Result<Option<Vec<f64>>> {
        let j = match &self.jac {
            None => return Ok(None),
            Some(f @ (Value::Func(_) | Value::Char(_))) => {
                let f = f.clone();
                self.call_ty(&f, t, y, 1)?
                    .into_iter()
                    .next()
                    .ok_or_else(|| {
                        Error::new(format!(
                            "{}: the Jacobian function returned no value",
                            self.solver
                        ))
                    })?
            }
            Some(m) => m.clone(),
        };
        let n = self.n;
        if !j.is_numeric() && !matches!(j, Value::Bool(_)) || j.numel() != n * n {
            return Err(Error::new(format!(
                "{}: the Jacobian must be a {n}x{n} numeric matrix",
                self.solver
            )));
        }
        let data = if self.complex {
            // d[re; im]/d[re; im] of an analytic f: [Re J, -Im J; Im J, Re J]
            let z = j.to_complex_array(self.solver)?;
            let m = 2 * n;
            let mut d = vec![0.0; m * m];
            for c in 0..n {
                for r in 0..n {
                    let v = z.data()[r + c * n];
                    d[r + c * m] = v.re;
                    d[r + n + (c + n) * m] = v.re;
                    d[r + n + c * m] = v.im;
                    d[r + (c + n) * m] = -v.im;
                }
            }
            d
        } else if j.is_complex() {
            return Err(Error::new(format!(
                "{}: the Jacobian is complex but the ODE is real",
                self.solver
            )));
        } else {
            j.to_num_array(self.solver)?.data().to_vec()
        };
        Ok(Some(self.mass_solve(t, y, data)?))
    }

    fn events(&mut self, t: f64, y: &[f64]) -> Result<Option<EventValues>> {
        let Some(f) = self.events.clone() else {
            return Ok(None);
        };
        let r = self.call_ty(&f, t, y, 3)?;
        let solver = self.solver;
        if r.len() < 3 {
            return Err(Error::new(format!(
                "{solver}: the event function must return [value, isterminal, direction]"
            )));
        }
        let real = |v: &Value, what: &str| -> Result<Vec<f64>> {
            if !(v.is_numeric() || matches!(v, Value::Bool(_))) || v.is_complex() {
                return Err(Error::new(format!(
                    "{solver}: the event function's {what} must be real numbers"
                )));
            }
            Ok(v.to_num_array(solver)?.data().to_vec())
        };
        let value = real(&r[0], "values")?;
        let m = value.len();
        let per_event = |v: Vec<f64>, what: &str| -> Result<Vec<f64>> {
            match v.len() {
                l if l == m => Ok(v),
                1 => Ok(vec![v[0]; m]),
                l => Err(Error::new(format!(
                    "{solver}: the event function returned {m} values but {l} {what} flags"
                ))),
            }
        };
        let terminal = per_event(real(&r[1], "isterminal flags")?, "isterminal")?;
        let direction = per_event(real(&r[2], "direction flags")?, "direction")?;
        Ok(Some(EventValues {
            value,
            terminal: terminal.iter().map(|&x| x != 0.0).collect(),
            direction,
        }))
    }

    fn has_output(&self) -> bool {
        self.output.is_some()
    }

    fn output(&mut self, call: OutputCall) -> Result<bool> {
        let Some(f) = self.output.clone() else {
            return Ok(false);
        };
        let sel = self.output_sel.clone();
        let (mut args, nargout) = match call {
            OutputCall::Init { tspan, y0 } => (
                vec![
                    col(tspan.to_vec()),
                    self.state_value(y0, sel.as_deref()),
                    Value::str("init"),
                ],
                0,
            ),
            OutputCall::Point { t, y } => (
                vec![
                    Value::num(t),
                    self.state_value(y, sel.as_deref()),
                    Value::str(""),
                ],
                1,
            ),
            OutputCall::Done => (vec![Value::empty(), Value::empty(), Value::str("done")], 0),
        };
        args.extend(self.fun.extra.iter().cloned());
        let r = self.ctx.call(&f, args, nargout)?;
        match r.first() {
            Some(v) if nargout == 1 && !v.is_empty() => v.is_true(),
            _ => Ok(false),
        }
    }
}

/// What the options ask of an integration, read once.
struct Setup {
    o: OdeOpts,
    stats: bool,
    jac: Option<Value>,
    mass: Mass,
    events: Option<Value>,
    output: Option<Value>,
    output_sel: Option<Vec<usize>>,
}

/// Read and check the options for `n` equations.
fn setup(solver: &'static str, method: Method, opts: &Opts, n: usize) -> Result<Setup> {
    let abstol = match opts.get("AbsTol") {
        None => vec![1e-6],
        Some(v) => super::real_arg(solver, "AbsTol", v)?.data().to_vec(),
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
                return Err(invalid(solver, "Refine must be a positive integer"));
            }
            r as usize
        }
    };
    let mass = match opts.get("Mass") {
        None => Mass::None,
        Some(v @ (Value::Func(_) | Value::Char(_))) => {
            let of_state = match opts.get("MStateDependence") {
                None => true,
                Some(_) => match opts.text("MStateDependence", "weak")?.as_str() {
                    "none" => false,
                    "weak" | "strong" => true,
                    t => {
                        return Err(invalid(
                            solver,
                            &format!(
                                "MStateDependence must be 'none', 'weak' or 'strong', not '{t}'"
                            ),
                        ))
                    }
                },
            };
            Mass::Function {
                f: function_option(solver, "Mass", v)?,
                of_state,
            }
        }
        Some(v) => Mass::Constant(factor_mass(solver, v, n)?),
    };
    let mut nonnegative = match opts.get("NonNegative") {
        None => Vec::new(),
        Some(v) => components(solver, "NonNegative", v, n)?,
    };
    if !nonnegative.is_empty() && !matches!(mass, Mass::None) {
        warn_id(
            "Octave:invalid-input-arg",
            &format!("{solver}: option \"NonNegative\" is ignored when mass matrix is set"),
        );
        nonnegative.clear();
    }
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
        nonnegative,
        complex: false,
    };
    Ok(Setup {
        o,
        stats: opts.flag("Stats", false)?,
        jac: match method {
            Method::Rosenbrock => opts.get("Jacobian").cloned(),
            _ => None,
        },
        mass,
        events: opts
            .get("Events")
            .map(|v| function_option(solver, "Events", v))
            .transpose()?,
        output: opts
            .get("OutputFcn")
            .map(|v| function_option(solver, "OutputFcn", v))
            .transpose()?,
        output_sel: opts
            .get("OutputSel")
            .map(|v| components(solver, "OutputSel", v, n))
            .transpose()?,
    })
}

/// Shared body of the ODE builtins.
fn solve(
    ctx: &mut Ctx,
    args: Vec<Value>,
    solver: &'static str,
    method: Method,
) -> Result<Vec<Value>> {
    if args.len() < 3 {
        return Err(Error::nargin(solver));
    }
    if ctx.nargout > 5 {
        return Err(Error::too_many_outputs(solver));
    }
    let mut args = args.into_iter();
    let (Some(f_value), Some(tspan_value), Some(y0_value)) =
        (args.next(), args.next(), args.next())
    else {
        return Err(Error::nargin(solver));
    };
    let rest: Vec<Value> = args.collect();
    let (opts_value, extra) = match rest.first() {
        Some(Value::Struct(_)) => (rest[0].clone(), rest[1..].to_vec()),
        Some(v @ Value::Num(_)) if v.is_empty() => (Value::empty(), rest[1..].to_vec()),
        _ => (Value::empty(), rest),
    };
    let tspan = check_tspan(solver, &tspan_value)?;
    let init = check_init(solver, &y0_value)?;
    check_fun(ctx, solver, &f_value)?;
    let opts = Opts::new(solver, Some(&opts_value))?;
    let n = init.numel();
    let mut setup = setup(solver, method, &opts, n)?;
    let fun = Fun::new(solver, f_value.clone(), extra.clone())?;

    // Is the ODE complex? The initial value says so, or f at the start.
    let t0 = tspan[0];
    let mut complex = init.data().iter().any(|z| z.im != 0.0) || y0_value.is_complex();
    let re: Vec<f64> = init.data().iter().map(|z| z.re).collect();
    let y0_col = if complex {
        Value::Complex(Array::new(Dims::mat(n, 1), init.data().to_vec()))
    } else {
        col(re.clone())
    };
    let f0 = fun.call(ctx, vec![Value::num(t0), y0_col])?;
    complex |= f0.is_complex();
    let y0: Vec<f64> = if complex {
        re.iter()
            .copied()
            .chain(init.data().iter().map(|z| z.im))
            .collect()
    } else {
        re
    };
    setup.o.complex = complex;

    // A single output (sol) is every step; only [t, y] takes tspan's points.
    let span: Vec<f64> = if ctx.nargout == 1 {
        vec![t0, tspan[tspan.len() - 1]]
    } else {
        tspan.clone()
    };
    let plot = ctx.nargout == 0 && setup.output.is_none();
    let r = {
        let mut sys = UserSystem {
            ctx: &mut *ctx,
            solver,
            fun: &fun,
            n,
            complex,
            first: Some((t0, y0.clone(), f0)),
            jac: setup.jac.take(),
            mass: std::mem::replace(&mut setup.mass, Mass::None),
            events: setup.events.clone(),
            output: setup.output.take(),
            output_sel: setup.output_sel.take(),
        };
        integrate(&mut sys, method, &span, &y0, &setup.o)?
    };
    if let Some(w) = &r.warning {
        warn_id(&format!("MATLAB:{solver}:IntegrationTolNotMet"), w);
    }
    if setup.stats {
        let s = &r.stats;
        let text = format!(
            "Number of successful steps: {}\nNumber of failed attempts:  {}\nNumber of function calls:   {}\n",
            s.nsteps, s.nfailed, s.nfevals
        );
        ctx.out
            .write_all(text.as_bytes())
            .map_err(|e| Error::new(format!("cannot write output: {e}")))?;
    }
    let shape = Shape { n, complex };
    let has_events = setup.events.is_some();
    match ctx.nargout {
        0 => {
            if plot {
                plot_solution(ctx, &r, shape, &tspan)?;
            }
            Ok(vec![])
        }
        1 => Ok(vec![solution_struct(
            solver,
            &r,
            shape,
            has_events,
            (f_value, opts_value, extra),
        )]),
        k => {
            let mut out = vec![col(r.t.clone()), shape.rows(&r.y)];
            if has_events {
                out.push(col(r.events.iter().map(|e| e.t).collect()));
                out.push(shape.rows_of(r.events.iter().map(|e| e.y.as_slice())));
                out.push(col(r.events.iter().map(|e| e.index as f64).collect()));
            } else {
                out.extend([Value::empty(), Value::empty(), Value::empty()]);
            }
            out.truncate(k);
            Ok(out)
        }
    }
}

/// How states become values: `n` components, complex or not.
#[derive(Clone, Copy)]
struct Shape {
    n: usize,
    complex: bool,
}

impl Shape {
    /// States as the rows of an m x n matrix.
    fn rows(self, ys: &[Vec<f64>]) -> Value {
        self.rows_of(ys.iter().map(Vec::as_slice))
    }

    fn rows_of<'a>(self, ys: impl ExactSizeIterator<Item = &'a [f64]>) -> Value {
        let (m, n) = (ys.len(), self.n);
        if self.complex {
            let mut d = vec![C64::new(0.0, 0.0); m * n];
            for (i, y) in ys.enumerate() {
                for j in 0..n {
                    d[i + j * m] = C64::new(y[j], y[j + n]);
                }
            }
            Value::Complex(Array::new(Dims::mat(m, n), d))
        } else {
            let mut d = vec![0.0; m * n];
            for (i, y) in ys.enumerate() {
                for j in 0..n {
                    d[i + j * m] = y[j];
                }
            }
            Value::Num(Array::new(Dims::mat(m, n), d))
        }
    }

    /// States as the columns of an n x m matrix.
    fn columns(self, ys: &[Vec<f64>]) -> Value {
        let (m, n) = (ys.len(), self.n);
        if self.complex {
            let mut d = Vec::with_capacity(m * n);
            for y in ys {
                d.extend((0..n).map(|j| C64::new(y[j], y[j + n])));
            }
            Value::Complex(Array::new(Dims::mat(n, m), d))
        } else {
            let mut d = Vec::with_capacity(m * n);
            for y in ys {
                d.extend_from_slice(&y[..n]);
            }
            Value::Num(Array::new(Dims::mat(n, m), d))
        }
    }
}

/// MATLAB's solution struct: solver, extdata, x, y, the events (xe, ye,
/// ie, as Octave lays them out) when the Events option is set, and stats.
fn solution_struct(
    solver: &str,
    r: &OdeOut,
    shape: Shape,
    has_events: bool,
    (f_value, opts_value, extra): (Value, Value, Vec<Value>),
) -> Value {
    let s = &r.stats;
    let stats = record(vec![
        ("nsteps", Value::num(s.nsteps as f64)),
        ("nfailed", Value::num(s.nfailed as f64)),
        ("nfevals", Value::num(s.nfevals as f64)),
        ("npds", Value::num(s.npds as f64)),
        ("ndecomps", Value::num(s.ndecomps as f64)),
        ("nsolves", Value::num(s.nsolves as f64)),
    ]);
    let varargin = Value::cell(Array::new(Dims::mat(1, extra.len()), extra));
    let mut fields = vec![
        ("solver", Value::str(solver)),
        (
            "extdata",
            record(vec![
                ("odefun", f_value),
                ("options", opts_value),
                ("varargin", varargin),
            ]),
        ),
        ("x", Value::Num(Array::row(r.steps_t.clone()))),
        ("y", shape.columns(&r.steps_y)),
    ];
    if has_events {
        fields.push(("xe", col(r.events.iter().map(|e| e.t).collect())));
        fields.push(("ye", shape.rows_of(r.events.iter().map(|e| e.y.as_slice()))));
        fields.push(("ie", col(r.events.iter().map(|e| e.index as f64).collect())));
    }
    fields.push(("stats", stats));
    record(fields)
}

/// No outputs: plot the solution in a new figure as `odeplot` leaves it.
fn plot_solution(ctx: &mut Ctx, r: &OdeOut, shape: Shape, tspan: &[f64]) -> Result<()> {
    let (a, b) = (tspan[0], tspan[tspan.len() - 1]);
    ctx.call(&Value::str("figure"), vec![], 0)?;
    ctx.call(
        &Value::str("plot"),
        vec![col(r.t.clone()), shape.rows(&r.y), Value::str("-o")],
        0,
    )?;
    ctx.call(
        &Value::str("xlim"),
        vec![Value::row(vec![a.min(b), a.max(b)])],
        0,
    )?;
    Ok(())
}
