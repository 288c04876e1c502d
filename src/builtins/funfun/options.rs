//! Option structs: `optimset`/`optimget` for the solvers and minimizers,
//! `odeset`/`odeget` for the ODE integrators, and `Opts`, the one reader
//! of an option struct the algorithms use.
//!
//! Names are matched without regard to case and stored with MATLAB's
//! spelling. As the conformance kit (Octave 7) shows: `optimset` keeps only
//! the options given, in the order given; `odeset` has every ODE option,
//! those given first and then the others in alphabetical order.

use super::super::Ctx;
use crate::error::{warn_id, Error, Result};
use crate::value::{StructArray, Value};

/// Option names `optimset` accepts, in MATLAB's spelling.
const OPTIM_NAMES: &[&str] = &[
    "Algorithm",
    "AutoScaling",
    "ComplexEqn",
    "Diagnostics",
    "DiffMaxChange",
    "DiffMinChange",
    "Display",
    "FinDiffRelStep",
    "FinDiffType",
    "FunValCheck",
    "GradConstr",
    "GradObj",
    "HessFcn",
    "Hessian",
    "HessMult",
    "HessPattern",
    "HessUpdate",
    "Jacobian",
    "JacobMult",
    "JacobPattern",
    "LargeScale",
    "MaxFunEvals",
    "MaxIter",
    "MaxPCGIter",
    "MaxSQPIter",
    "MaxTime",
    "OutputFcn",
    "PlotFcns",
    "PrecondBandWidth",
    "ScaleProblem",
    "SubproblemAlgorithm",
    "TolCon",
    "TolFun",
    "TolPCG",
    "TolX",
    "TypicalX",
    "Updating",
    "UseParallel",
];

/// Every ODE option, in alphabetical order (as `odeset` lists them).
const ODE_NAMES: &[&str] = &[
    "AbsTol",
    "BDF",
    "Events",
    "InitialSlope",
    "InitialStep",
    "JConstant",
    "JPattern",
    "Jacobian",
    "MStateDependence",
    "Mass",
    "MassSingular",
    "MaxOrder",
    "MaxStep",
    "MvPattern",
    "NonNegative",
    "NormControl",
    "OutputFcn",
    "OutputSel",
    "Refine",
    "RelTol",
    "Stats",
    "Vectorized",
];

/// The fields of an option struct, in order.
type Fields = Vec<(String, Value)>;

fn fields_of(fname: &str, v: &Value) -> Result<Fields> {
    match v {
        Value::Struct(s) if s.is_scalar() => Ok(s
            .scalar_fields()
            .map(|(n, v)| (n.to_string(), v.clone()))
            .collect()),
        _ => Err(Error::with_id(
            format!("MATLAB:{fname}:InvalidArg"),
            format!("{fname}: OLDSTRUCT and NEWSTRUCT must be scalar structs"),
        )),
    }
}

/// MATLAB's spelling of option `name`, given in any case and by as many
/// leading characters as make it unique (as MATLAB documents), or the
/// error `fname` gives for an unknown or ambiguous one.
fn canonical(fname: &str, known: &[&'static str], name: &str) -> Result<&'static str> {
    if let Some(k) = known.iter().find(|k| k.eq_ignore_ascii_case(name)) {
        return Ok(k);
    }
    let starts = |k: &&&str| {
        k.len() > name.len()
            && !name.is_empty()
            && k.is_char_boundary(name.len())
            && k[..name.len()].eq_ignore_ascii_case(name)
    };
    let mut found = known.iter().filter(starts);
    match (found.next(), found.next()) {
        (Some(k), None) => Ok(k),
        (Some(a), Some(b)) => {
            let mut all = vec![*a, *b];
            all.extend(found.copied());
            Err(Error::with_id(
                format!("MATLAB:{fname}:AmbiguousParamName"),
                format!(
                    "{fname}: ambiguous option name '{name}' ({})",
                    all.join(", ")
                ),
            ))
        }
        _ => Err(Error::with_id(
            format!("MATLAB:{fname}:InvalidParamName"),
            format!("{fname}: unrecognized option name '{name}'"),
        )),
    }
}

/// Set `name` to `v`, in place when present, at the end otherwise.
fn put(fields: &mut Fields, name: &str, v: Value) {
    match fields.iter_mut().find(|(n, _)| n == name) {
        Some(slot) => slot.1 = v,
        None => fields.push((name.to_string(), v)),
    }
}

/// The shared argument forms of `optimset` and `odeset`: `(old, new)`,
/// `(old, 'Name', value, ...)` and `('Name', value, ...)`.
fn set_fields(fname: &str, known: &[&'static str], args: Vec<Value>) -> Result<Fields> {
    let mut fields = Fields::new();
    let mut rest = args.into_iter().peekable();
    while let Some(v) = rest.next_if(|v| matches!(v, Value::Struct(_))) {
        for (n, v) in fields_of(fname, &v)? {
            let n = canonical(fname, known, &n).map(str::to_string).unwrap_or(n);
            put(&mut fields, &n, v);
        }
    }
    let rest: Vec<Value> = rest.collect();
    if rest.len() % 2 != 0 {
        return Err(Error::with_id(
            format!("MATLAB:{fname}:ArgPairs"),
            format!("{fname}: options must be given as name and value pairs"),
        ));
    }
    for pair in rest.chunks(2) {
        let name = match &pair[0] {
            v @ Value::Char(_) => v.to_str(fname)?,
            other => {
                return Err(Error::with_id(
                    format!("MATLAB:{fname}:InvalidParamName"),
                    format!(
                        "{fname}: option names must be strings, not {}",
                        other.class_name()
                    ),
                ))
            }
        };
        let name = canonical(fname, known, &name)?;
        put(&mut fields, name, pair[1].clone());
    }
    Ok(fields)
}

fn to_struct(fields: Fields) -> Value {
    Value::structure(StructArray::scalar(fields))
}

/// Print the option names (`optimset` or `odeset` with no argument and
/// no output).
fn list_names(ctx: &mut Ctx, names: &[&str]) -> Result<Vec<Value>> {
    let mut text = String::from("\nAll possible options:\n\n");
    for n in names {
        text.push_str(&format!("  {n}\n"));
    }
    text.push('\n');
    ctx.out
        .write_all(text.as_bytes())
        .map_err(|e| Error::new(format!("cannot write output: {e}")))?;
    Ok(vec![])
}

/// optimset: create or change options for the optimization functions.
///
/// `OPTIONS = optimset('NAME1', VALUE1, 'NAME2', VALUE2, ...)` is an option
/// struct for fzero, fminbnd and fminsearch (TolX, TolFun, MaxIter,
/// MaxFunEvals, Display, OutputFcn, ...) with the given options set.
///
/// `OPTIONS = optimset(OLDOPTS, 'NAME', VALUE, ...)` changes some options
/// of an existing struct; `optimset(OLDOPTS, NEWOPTS)` merges two of them.
///
/// `OPTIONS = optimset('SOLVER')` (or `optimset(@SOLVER)`) is that
/// solver's default options; `optimset` with no arguments and no output
/// lists the option names.
///
/// ```text
/// >> o = optimset('TolX', 1e-8); o.TolX
/// ans = 1.0000e-08
/// >> o = optimset(optimset('TolX', 1), 'TolFun', 2); [o.TolX o.TolFun]
/// ans =
///
///    1   2
/// ```
pub fn optimset(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    super::check_nargout(ctx, "optimset", 1)?;
    if args.is_empty() {
        if ctx.nargout == 0 {
            return list_names(ctx, OPTIM_NAMES);
        }
        return Ok(vec![to_struct(
            OPTIM_NAMES
                .iter()
                .map(|n| (n.to_string(), Value::empty()))
                .collect(),
        )]);
    }
    if args.len() == 1 {
        let solver = match &args[0] {
            Value::Func(f) => Some(f.text()),
            v @ Value::Char(_) => Some(v.to_str("optimset")?),
            _ => None,
        };
        if let Some(s) = solver {
            return match solver_defaults(&s) {
                Some(d) => Ok(vec![to_struct(d)]),
                None => Err(Error::with_id(
                    "MATLAB:optimset:InvalidSolver",
                    format!("optimset: no default options available for the function '{s}'"),
                )),
            };
        }
    }
    Ok(vec![to_struct(set_fields("optimset", OPTIM_NAMES, args)?)])
}

/// The defaults `optimset(SOLVER)` returns.
fn solver_defaults(solver: &str) -> Option<Fields> {
    let s = |t: &str| Value::str(t);
    let n = Value::num;
    let common = |rest: Vec<(&str, Value)>| -> Fields {
        let mut f: Fields = vec![
            ("Display".into(), s("notify")),
            ("FunValCheck".into(), s("off")),
        ];
        f.extend(rest.into_iter().map(|(k, v)| (k.to_string(), v)));
        f
    };
    Some(match solver {
        "fzero" => common(vec![
            ("OutputFcn", Value::empty()),
            ("PlotFcns", Value::empty()),
            ("TolX", n(f64::EPSILON)),
        ]),
        "fminbnd" => common(vec![
            ("MaxFunEvals", n(500.0)),
            ("MaxIter", n(500.0)),
            ("OutputFcn", Value::empty()),
            ("PlotFcns", Value::empty()),
            ("TolX", n(1e-4)),
        ]),
        "fminsearch" => common(vec![
            ("MaxFunEvals", s("200*numberofvariables")),
            ("MaxIter", s("200*numberofvariables")),
            ("OutputFcn", Value::empty()),
            ("PlotFcns", Value::empty()),
            ("TolFun", n(1e-4)),
            ("TolX", n(1e-4)),
        ]),
        _ => return None,
    })
}

/// The shared `optimget`/`odeget` form: `(options, 'Name')` or
/// `(options, 'Name', default)`; a missing or empty option gives the
/// default (`[]` without one).
fn get_option(fname: &str, known: &[&'static str], args: Vec<Value>) -> Result<Vec<Value>> {
    if !(2..=3).contains(&args.len()) {
        return Err(Error::nargin(fname));
    }
    let fields = fields_of(fname, &args[0])?;
    let name = match &args[1] {
        v @ Value::Char(_) => v.to_str(fname)?,
        _ => return Err(Error::new(format!("{fname}: PARNAME must be a string"))),
    };
    let name = canonical(fname, known, &name)
        .map(str::to_string)
        .unwrap_or(name);
    let found = fields
        .into_iter()
        .find(|(n, v)| n.eq_ignore_ascii_case(&name) && !v.is_empty())
        .map(|(_, v)| v);
    Ok(vec![found.unwrap_or_else(|| {
        args.get(2).cloned().unwrap_or_else(Value::empty)
    })])
}

/// optimget: get an option from an optimization option struct.
///
/// `VAL = optimget(OPTIONS, 'NAME')` is the value of the option NAME in
/// the struct OPTIONS from optimset (the name in any case), or [] when it
/// is not set.
///
/// `VAL = optimget(OPTIONS, 'NAME', DEFAULT)` returns DEFAULT when the
/// option is not set.
///
/// ```text
/// >> optimget(optimset('TolX', 1e-8), 'TolX')
/// ans = 1.0000e-08
/// >> optimget(optimset(), 'TolX', 1e-4)
/// ans = 1.0000e-04
/// ```
pub fn optimget(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    super::check_nargout(ctx, "optimget", 1)?;
    get_option("optimget", OPTIM_NAMES, args)
}

/// odeset: create or change options for the ODE solvers.
///
/// `OPTIONS = odeset('NAME1', VALUE1, 'NAME2', VALUE2, ...)` is a struct
/// of every ODE option (RelTol, AbsTol, MaxStep, InitialStep, Events,
/// Mass, Jacobian, NormControl, OutputFcn, Refine, Stats, ...), the given
/// ones set and the others empty (solver defaults). Names are matched
/// regardless of case; a name that is no ODE option is kept, with a
/// warning.
///
/// `OPTIONS = odeset(OLDOPTS, 'NAME', VALUE, ...)` changes some options of
/// an existing struct; `odeset(OLDOPTS, NEWOPTS)` merges two of them.
///
/// `odeset` with no arguments and no output lists the option names.
///
/// ```text
/// >> o = odeset('RelTol', 1e-6); o.RelTol
/// ans = 1.0000e-06
/// ```
pub fn odeset(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    super::check_nargout(ctx, "odeset", 1)?;
    if args.is_empty() && ctx.nargout == 0 {
        return list_names(ctx, ODE_NAMES);
    }
    let mut known = Fields::new();
    let mut unknown = Fields::new();
    let mut rest = args.into_iter().peekable();
    while let Some(v) = rest.next_if(|v| matches!(v, Value::Struct(_))) {
        for (n, v) in fields_of("odeset", &v)? {
            match canonical("odeset", ODE_NAMES, &n) {
                Ok(c) => put(&mut known, c, v),
                Err(_) => put(&mut unknown, &n, v),
            }
        }
    }
    let rest: Vec<Value> = rest.collect();
    for pair in rest.chunks(2) {
        let name = match &pair[0] {
            v @ Value::Char(a) if a.rows() <= 1 => v.to_str("odeset")?,
            other => {
                return Err(Error::with_id(
                    "MATLAB:odeset:InvalidParamName",
                    format!(
                        "odeset: option names must be strings, not {}",
                        other.class_name()
                    ),
                ))
            }
        };
        let Some(value) = pair.get(1) else {
            return Err(match canonical("odeset", ODE_NAMES, &name) {
                Ok(c) => Error::with_id(
                    "MATLAB:odeset:NoValue",
                    format!("odeset: option '{c}' has no value (options are given as name and value pairs)"),
                ),
                Err(_) => Error::with_id(
                    "MATLAB:odeset:InvalidParamName",
                    format!(
                        "odeset: argument '{}' is not a valid parameter",
                        name.to_uppercase()
                    ),
                ),
            });
        };
        match canonical("odeset", ODE_NAMES, &name) {
            Ok(c) => put(&mut known, c, value.clone()),
            Err(_) => put(&mut unknown, &name, value.clone()),
        }
    }
    for n in ODE_NAMES {
        if !known.iter().any(|(f, _)| f == n) {
            known.push((n.to_string(), Value::empty()));
        }
    }
    unknown.sort_by(|a, b| a.0.cmp(&b.0));
    for (n, v) in unknown {
        warn_id(
            "Octave:invalid-input-arg",
            &format!("odeset: unknown option \"{n}\""),
        );
        put(&mut known, &n, v);
    }
    Ok(vec![to_struct(known)])
}

/// odeget: get an option from an ODE option struct.
///
/// `VAL = odeget(OPTIONS, 'NAME')` is the value of the option NAME in the
/// struct OPTIONS from odeset (the name in any case), or [] when it is
/// not set; a name the struct does not have is an error.
///
/// `VAL = odeget(OPTIONS, 'NAME', DEFAULT)` returns DEFAULT when the
/// option is not set.
///
/// ```text
/// >> odeget(odeset('RelTol', 1e-6), 'RelTol')
/// ans = 1.0000e-06
/// >> odeget(odeset(), 'AbsTol', 1e-3)
/// ans = 1.0000e-03
/// ```
pub fn odeget(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    super::check_nargout(ctx, "odeget", 1)?;
    if !(2..=3).contains(&args.len()) {
        return Err(Error::nargin("odeget"));
    }
    let s = match &args[0] {
        Value::Struct(s) if s.is_scalar() => s,
        other => {
            return Err(Error::with_id(
                "Octave:invalid-type",
                format!(
                    "odeget: ODE_OPT must be a scalar struct, not {}",
                    if matches!(other, Value::Struct(_)) {
                        "a struct array".to_string()
                    } else {
                        other.class_name().to_string()
                    }
                ),
            ))
        }
    };
    let name = match &args[1] {
        v @ Value::Char(a) if a.rows() <= 1 && !a.is_empty() => v.to_str("odeget")?,
        other => {
            return Err(Error::with_id(
                "Octave:invalid-type",
                format!(
                    "odeget: FIELD must be a non-empty string, not {}",
                    other.class_name()
                ),
            ))
        }
    };
    let fields: Fields = s
        .scalar_fields()
        .map(|(n, v)| (n.to_string(), v.clone()))
        .collect();
    let exact = fields.iter().find(|(n, _)| *n == name);
    let found = exact.or_else(|| {
        let c = canonical("odeget", ODE_NAMES, &name).ok()?;
        fields.iter().find(|(n, _)| n == c)
    });
    let Some((_, v)) = found else {
        return Err(Error::with_id(
            "Octave:odeget:InvalidPropName",
            format!("odeget: Unrecognized property name \"{name}\"."),
        ));
    };
    Ok(vec![if v.is_empty() {
        args.get(2).cloned().unwrap_or_else(Value::empty)
    } else {
        v.clone()
    }])
}

/// Read access to an option struct (absent, `[]` or a struct): a missing
/// or empty option is the solver's default.
pub(super) struct Opts {
    fname: &'static str,
    fields: Fields,
}

impl Opts {
    /// The options argument of `fname` (`[]` for none).
    pub fn new(fname: &'static str, v: Option<&Value>) -> Result<Opts> {
        let fields = match v {
            None => Fields::new(),
            Some(v) if v.is_empty() && !matches!(v, Value::Struct(_)) => Fields::new(),
            Some(v @ Value::Struct(_)) => fields_of(fname, v)?,
            Some(other) => {
                return Err(Error::with_id(
                    format!("MATLAB:{fname}:InvalidOptions"),
                    format!(
                        "{fname}: OPTIONS must be a struct (from optimset or odeset), not {}",
                        other.class_name()
                    ),
                ))
            }
        };
        Ok(Opts { fname, fields })
    }

    /// The value of option `name`, unless missing or empty.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.fields
            .iter()
            .find(|(n, v)| n.eq_ignore_ascii_case(name) && !v.is_empty())
            .map(|(_, v)| v)
    }

    /// A real scalar option.
    pub fn num(&self, name: &str, default: f64) -> Result<f64> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => super::real_scalar_arg(self.fname, &format!("option {name}"), v),
        }
    }

    /// A real scalar that must be positive (tolerances, step sizes).
    pub fn positive(&self, name: &str, default: f64) -> Result<f64> {
        let x = self.num(name, default)?;
        if x > 0.0 {
            Ok(x)
        } else {
            Err(Error::with_id(
                format!("MATLAB:{}:InvalidOption", self.fname),
                format!("{}: option {name} must be a positive scalar", self.fname),
            ))
        }
    }

    /// A tolerance that may be 0 (as small as the arithmetic allows, as
    /// Octave's `optimset('TolX', 0)` asks); negative or NaN is an error.
    pub fn tolerance(&self, name: &str, default: f64) -> Result<f64> {
        let x = self.num(name, default)?;
        if x >= 0.0 {
            Ok(x)
        } else {
            Err(Error::with_id(
                format!("MATLAB:{}:InvalidOption", self.fname),
                format!(
                    "{}: option {name} must be a non-negative scalar",
                    self.fname
                ),
            ))
        }
    }

    /// A count limit (MaxIter, MaxFunEvals): a number, `Inf`, or a text
    /// such as `'200*numberofvariables'` evaluated with `nvars`.
    pub fn limit(&self, name: &str, default: f64, nvars: usize) -> Result<f64> {
        let v = match self.get(name) {
            None => return Ok(default),
            Some(v) => v,
        };
        if let Value::Char(_) = v {
            let t = v.to_str(self.fname)?.to_ascii_lowercase().replace(' ', "");
            let n = nvars as f64;
            return match t.as_str() {
                "numberofvariables" => Ok(n),
                _ => t
                    .strip_suffix("*numberofvariables")
                    .and_then(|k| k.parse::<f64>().ok())
                    .map(|k| k * n)
                    .ok_or_else(|| {
                        Error::new(format!(
                            "{}: option {name} must be a number, not '{t}'",
                            self.fname
                        ))
                    }),
            };
        }
        let x = self.num(name, default)?;
        if x.is_nan() || x < 0.0 {
            return Err(Error::new(format!(
                "{}: option {name} must be a non-negative number",
                self.fname
            )));
        }
        Ok(x)
    }

    /// A text option, lower-cased (`Display`, `NormControl`...).
    pub fn text(&self, name: &str, default: &str) -> Result<String> {
        match self.get(name) {
            None => Ok(default.to_string()),
            Some(v @ Value::Char(_)) => Ok(v.to_str(self.fname)?.to_ascii_lowercase()),
            Some(_) => Err(Error::new(format!(
                "{}: option {name} must be a string",
                self.fname
            ))),
        }
    }

    /// An on/off option given as 'on'/'off' or a logical/number.
    pub fn flag(&self, name: &str, default: bool) -> Result<bool> {
        match self.get(name) {
            None => Ok(default),
            Some(v @ Value::Char(_)) => match v.to_str(self.fname)?.to_ascii_lowercase().as_str() {
                "on" => Ok(true),
                "off" => Ok(false),
                t => Err(Error::new(format!(
                    "{}: option {name} must be 'on' or 'off', not '{t}'",
                    self.fname
                ))),
            },
            Some(v) => v.is_true(),
        }
    }
}

/// How much a solver prints (`Display`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub(super) enum Display {
    Off,
    Notify,
    Final,
    Iter,
}

impl Opts {
    pub fn display(&self, default: Display) -> Result<Display> {
        let t = match self.get("Display") {
            None => return Ok(default),
            Some(_) => self.text("Display", "")?,
        };
        Ok(match t.as_str() {
            "off" | "none" => Display::Off,
            "notify" | "notify-detailed" => Display::Notify,
            "final" | "final-detailed" => Display::Final,
            "iter" | "iter-detailed" => Display::Iter,
            _ => {
                return Err(Error::new(format!(
                    "{}: option Display must be 'off', 'notify', 'final' or 'iter', not '{t}'",
                    self.fname
                )))
            }
        })
    }
}
