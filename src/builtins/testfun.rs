//! `assert`: a condition check (`assert (cond, errmsg, ...)`) or a
//! comparison of an observed value with an expected one, optionally within
//! a tolerance (`assert (observed, expected, tol)`), as Octave's test
//! blocks use it. A failed comparison raises one error listing every
//! element that differs, as Octave prints it:
//!
//! ```text
//! ASSERT errors for:  assert (cond,expected,tol)
//!
//!   Location  |  Observed  |  Expected  |  Reason
//!     (3)           3            4         Abs err 1 exceeds tol 0 by 1
//! ```
//!
//! Cells and structs are compared element by element, each nested
//! comparison that fails adding its own table.

use super::{Builtin, Ctx};
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Value, C64};

pub const TABLE: &[Builtin] = table![
    "assert" => assert,
];

fn invalid_call() -> Error {
    Error::with_id("Octave:invalid-fun-call", "Invalid call to assert")
}

/// assert: raise an error unless a condition or comparison holds.
///
/// `assert(cond)` raises an error when cond is false (or has any zero
/// element, or is empty).
///
/// `assert(cond, errmsg, ...)` and `assert(cond, id, errmsg, ...)` raise the
/// formatted message errmsg (as `error` would) instead.
///
/// `assert(observed, expected)` raises an error listing the differences
/// unless observed and expected have the same class, size and values.
///
/// `assert(observed, expected, tol)` allows an absolute error tol (tol > 0)
/// or a relative error -tol (tol < 0) in each element.
///
/// ```text
/// >> assert([1 2 3], [1 2 3])
/// >> assert(pi, 3.14, 0.01)
/// >> try, assert(1 == 2, 'check failed: %d', 5), catch e, disp(e.message), end
/// check failed: 5
/// ```
fn assert(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let condition_form = match args.as_slice() {
        [] => return Err(invalid_call()),
        [_] => true,
        [cond, msg, ..] => matches!(cond, Value::Bool(_)) && msg.is_char(),
    };
    if condition_form {
        let cond = &args[0];
        // Nonzero everywhere (NaN included, as in `all`), and not empty.
        let holds = (cond.is_numeric() || matches!(cond, Value::Bool(_)))
            && !cond.is_empty()
            && cond
                .to_complex_array("assert")
                .is_ok_and(|a| a.data().iter().all(|z| z.re != 0.0 || z.im != 0.0));
        if holds {
            return Ok(vec![]);
        }
        if args.len() == 1 {
            return Err(Error::new("assert (cond) failed"));
        }
        let (id, msg) = super::format::error_message(&args[1..])?;
        // error('') raises nothing, so neither does assert (false, '').
        return if msg.is_empty() {
            Ok(vec![])
        } else {
            Err(Error::with_id(id, msg))
        };
    }
    if args.len() > 3 {
        return Err(invalid_call());
    }
    let header = if args.len() == 3 {
        "(cond,expected,tol)"
    } else {
        "(cond,expected)"
    };
    let mut log = Vec::new();
    compare(ctx, &args[0], &args[1], args.get(2), header, &mut log)?;
    if log.is_empty() {
        Ok(vec![])
    } else {
        let text = log.join("\n");
        Err(Error::new(text.strip_suffix('\n').unwrap_or(&text)))
    }
}

/// One row of the table: where, what was seen, what was expected, why.
struct Row {
    index: String,
    observed: String,
    expected: String,
    reason: String,
}

impl Row {
    fn new(index: &str, observed: &str, expected: &str, reason: impl Into<String>) -> Row {
        Row {
            index: index.into(),
            observed: observed.into(),
            expected: expected.into(),
            reason: reason.into(),
        }
    }
}

/// `O(2x3)` / `E(3x0)`: a value's size in a row of the table.
fn size_text(tag: char, v: &Value) -> String {
    let d: Vec<String> = v.dims().as_slice().iter().map(|n| n.to_string()).collect();
    format!("{tag}({})", d.join("x"))
}

/// Compare `obs` with `exp`, adding a table to `log` if they differ. An
/// `Err` is an error raised while comparing (not a difference).
fn compare(
    ctx: &mut Ctx,
    obs: &Value,
    exp: &Value,
    tol: Option<&Value>,
    header: &str,
    log: &mut Vec<String>,
) -> Result<()> {
    let mut rows = Vec::new();
    let same_size = obs.dims() == exp.dims();
    // Nested comparisons always get a tolerance (0 by default), so they
    // skip the class checks, as Octave's recursive calls do.
    let zero = Value::num(0.0);
    let t = tol.unwrap_or(&zero);
    let sizes = |rows: &mut Vec<Row>, reason: &str| {
        rows.push(Row::new(
            ".",
            &size_text('O', obs),
            &size_text('E', exp),
            reason,
        ))
    };
    match exp {
        Value::Char(_) => {
            if let Value::Char(_) = obs {
                if obs != exp {
                    rows.push(Row::new(
                        "[]",
                        &char_text(obs),
                        &char_text(exp),
                        "Strings don't match",
                    ));
                }
            } else if obs.is_numeric() || matches!(obs, Value::Bool(_)) {
                let text = num2str(ctx, obs)?.join("\n");
                rows.push(Row::new(
                    ".",
                    &text,
                    &char_text(exp),
                    "Expected string, but observed number",
                ));
            } else {
                rows.push(Row::new(
                    ".",
                    "O",
                    &char_text(exp),
                    format!("Expected string, but observed {}", obs.class_name()),
                ));
            }
        }
        Value::Cell(e) => match obs {
            Value::Cell(o) if same_size => {
                let mut inner = Vec::new();
                let nested = o.data().iter().zip(e.data()).try_for_each(|(x, y)| {
                    compare(
                        ctx,
                        x,
                        y,
                        Some(t),
                        "(cond {i},expected {i},tol)",
                        &mut inner,
                    )
                });
                if nested.is_err() {
                    rows.push(Row::new("{}", "O", "E", "Cell configuration error"));
                } else {
                    log.append(&mut inner);
                }
            }
            Value::Cell(_) => sizes(&mut rows, "Dimensions don't match"),
            _ => rows.push(Row::new(
                ".",
                "O",
                "E",
                format!("Expected cell, but observed {}", obs.class_name()),
            )),
        },
        Value::Func(_) => match obs {
            Value::Func(_) if obs != exp => {
                rows.push(Row::new("@", "O", "E", "Function handles don't match"))
            }
            Value::Func(_) => {}
            _ => rows.push(Row::new(
                "@",
                "O",
                "E",
                format!(
                    "Expected function handle, but observed {}",
                    obs.class_name()
                ),
            )),
        },
        Value::Struct(e) => match obs {
            Value::Struct(o) if !same_size || o.names().len() != e.names().len() => {
                sizes(&mut rows, "Structure sizes don't match")
            }
            Value::Struct(o) => {
                let (mut on, mut en) = (o.names().to_vec(), e.names().to_vec());
                on.sort();
                en.sort();
                if on != en {
                    rows.push(Row::new(".", "O", "E", "Structure fieldname mismatch"));
                } else {
                    let mut inner = Vec::new();
                    let mut nested = Ok(());
                    for name in o.names() {
                        let row = |s: &crate::value::StructArray| {
                            let vals = s.field_values(name).unwrap_or_default();
                            Value::cell(Array::new(Dims::row(vals.len()), vals))
                        };
                        nested = compare(
                            ctx,
                            &row(o),
                            &row(e),
                            Some(t),
                            "(v,{expected.(k)},tol)",
                            &mut inner,
                        );
                        if nested.is_err() {
                            break;
                        }
                    }
                    if nested.is_err() {
                        rows.push(Row::new(".", "O", "E", "Structure configuration error"));
                    } else {
                        log.append(&mut inner);
                    }
                }
            }
            _ => rows.push(Row::new(
                ".",
                "O",
                "E",
                format!("Expected struct, but observed {}", obs.class_name()),
            )),
        },
        _ if !same_size => sizes(&mut rows, "Dimensions don't match"),
        _ => numeric(ctx, obs, exp, tol, &mut rows)?,
    }
    if !rows.is_empty() {
        log.push(table(header, &rows));
    }
    Ok(())
}

/// A char array's text, column by column (a row is its string).
fn char_text(v: &Value) -> String {
    match v {
        Value::Char(a) => String::from_utf16_lossy(a.data()),
        _ => String::new(),
    }
}

/// `num2str (v(:))`, one trimmed string per element.
fn num2str(ctx: &mut Ctx, v: &Value) -> Result<Vec<String>> {
    let col = v
        .clone()
        .reshaped(Dims::col(v.numel()))
        .unwrap_or_else(|| v.clone());
    let text = super::format::num2str::bi_num2str(ctx, vec![col])?;
    let Some(Value::Char(a)) = text.first() else {
        return Ok(Vec::new());
    };
    let (r, c) = (a.dims().rows(), a.dims().cols());
    let d = a.data();
    Ok((0..r)
        .map(|i| {
            let row: Vec<u16> = (0..c).map(|j| d[i + j * r]).collect();
            String::from_utf16_lossy(&row).trim().to_string()
        })
        .collect())
}

/// The elements at `idx` (0-based, linear) of `v`, as text.
fn texts_at(ctx: &mut Ctx, v: &Value, idx: &[usize]) -> Result<Vec<String>> {
    let picked = super::reduce::gather(v, idx, Dims::col(idx.len()));
    num2str(ctx, &picked)
}

/// `(i,j)` subscripts of linear index `k` in `dims`; in a matrix, the
/// subscripts of dimensions of size 1 are left out (`(3)` in a vector,
/// `()` in a scalar).
fn location(dims: &Dims, k: usize) -> String {
    let d = dims.as_slice();
    let mut rest = k;
    let mut subs = Vec::with_capacity(d.len());
    for &n in d {
        let n = n.max(1);
        subs.push((rest % n + 1, n));
        rest /= n;
    }
    let shown: Vec<String> = subs
        .iter()
        .filter(|(_, n)| d.len() != 2 || *n != 1)
        .map(|(s, _)| s.to_string())
        .collect();
    format!("({})", shown.join(","))
}

/// The comparison of numeric, logical or char values of the same size.
fn numeric(
    ctx: &mut Ctx,
    obs: &Value,
    exp: &Value,
    tol: Option<&Value>,
    rows: &mut Vec<Row>,
) -> Result<()> {
    let plain = |v: &Value| {
        v.is_numeric() || matches!(v, Value::Bool(_) | Value::Char(_) | Value::Sparse(_))
    };
    // Cells, structs and handles never compare with numbers; without a
    // tolerance the classes, and real against complex, must agree too.
    if !plain(obs) || !plain(exp) || (tol.is_none() && obs.class_name() != exp.class_name()) {
        let why = format!("Class {} != {}", obs.class_name(), exp.class_name());
        rows.push(Row::new("()", "O", "E", why));
        return Ok(());
    }
    let sparse = |v: &Value| matches!(v, Value::Sparse(_));
    if tol.is_none() && sparse(obs) != sparse(exp) {
        let why = if sparse(obs) {
            "sparse != non-sparse"
        } else {
            "non-sparse != sparse"
        };
        rows.push(Row::new("()", "O", "E", why));
        return Ok(());
    }
    if tol.is_none() && obs.is_complex() != exp.is_complex() {
        let why = if obs.is_complex() {
            "complex != real"
        } else {
            "real != complex"
        };
        rows.push(Row::new("()", "O", "E", why));
        return Ok(());
    }
    let a = obs.to_complex_array("assert")?;
    let b = exp.to_complex_array("assert")?;
    let n = a.data().len();
    let tols: Vec<f64> = match tol {
        None => vec![0.0; n],
        Some(t) => {
            let t = t.to_num_array("assert")?;
            match t.data() {
                [one] => vec![*one; n],
                many if many.len() == n => many.to_vec(),
                _ => {
                    return Err(Error::new(format!(
                        "assert: TOL must be a scalar or have the size of OBSERVED ({})",
                        size_text('O', obs)
                    )))
                }
            }
        }
    };
    let real = !obs.is_complex() && !exp.is_complex();
    let (mut a0, mut b0): (Vec<C64>, Vec<C64>) = (a.data().to_vec(), b.data().to_vec());
    let mut seen = vec![false; n];
    let mut found: Vec<(usize, String)> = Vec::new();
    // Exceptional values first: NaN where the other has none, then an
    // infinity that differs.
    let nan_mismatch = |x: C64, y: C64| {
        x.re.is_nan() != y.re.is_nan() || (!real && x.im.is_nan() != y.im.is_nan())
    };
    for i in 0..n {
        if nan_mismatch(a0[i], b0[i]) {
            seen[i] = true;
            found.push((i, "'NaN' mismatch".into()));
        }
    }
    let inf_differs = |p: f64, q: f64| (p.is_infinite() || q.is_infinite()) && p != q;
    for i in 0..n {
        let (x, y) = (a0[i], b0[i]);
        if !seen[i] && (inf_differs(x.re, y.re) || (!real && inf_differs(x.im, y.im))) {
            seen[i] = true;
            found.push((i, "'Inf' mismatch".into()));
        }
    }
    // What was reported, and places where both are not finite, compare as 0.
    for i in 0..n {
        let (x, y) = (&mut a0[i], &mut b0[i]);
        if seen[i] || (!x.re.is_finite() && !y.re.is_finite()) {
            x.re = 0.0;
            y.re = 0.0;
        }
        if seen[i] || (!x.im.is_finite() && !y.im.is_finite()) {
            x.im = 0.0;
            y.im = 0.0;
        }
    }
    let fmt = |f: &str, x: f64, t: f64, by: f64| {
        super::format::sprintf(f, &[Value::num(x), Value::num(t), Value::num(by)])
    };
    const ABS: &str = "Abs err %.5g exceeds tol %.5g by %.1g";
    const REL: &str = "Rel err %.5g exceeds tol %.5g by %.1g";
    let err = |i: usize| (a0[i] - b0[i]).norm();
    // Absolute tolerances (0 is exact), then relative ones (negative).
    for i in (0..n).filter(|&i| tols[i] == 0.0 && a0[i] != b0[i]) {
        found.push((i, fmt(ABS, err(i), tols[i], err(i) - tols[i])?));
    }
    for i in (0..n).filter(|&i| tols[i] > 0.0 && err(i) > tols[i]) {
        found.push((i, fmt(ABS, err(i), tols[i], err(i) - tols[i])?));
    }
    let zero = C64::new(0.0, 0.0);
    for i in (0..n).filter(|&i| tols[i] < 0.0 && b0[i] == zero && a0[i].norm() > -tols[i]) {
        found.push((i, fmt(ABS, err(i), -tols[i], err(i) + tols[i])?));
    }
    for i in (0..n).filter(|&i| tols[i] < 0.0 && b0[i] != zero) {
        let rel = err(i) / b0[i].norm();
        if rel > -tols[i] {
            found.push((i, fmt(REL, rel, -tols[i], rel + tols[i])?));
        }
    }
    if found.is_empty() {
        return Ok(());
    }
    let idx: Vec<usize> = found.iter().map(|(i, _)| *i).collect();
    let (os, es) = (texts_at(ctx, obs, &idx)?, texts_at(ctx, exp, &idx)?);
    for (k, (i, why)) in found.into_iter().enumerate() {
        rows.push(Row {
            index: location(&obs.dims(), i),
            observed: os.get(k).cloned().unwrap_or_default(),
            expected: es.get(k).cloned().unwrap_or_default(),
            reason: why,
        });
    }
    Ok(())
}

/// The table of one failed comparison, each column's text centred on its
/// place as Octave pads it.
fn table(header: &str, rows: &[Row]) -> String {
    let mut s = format!(
        "ASSERT errors for:  assert {header}\n\n  Location  |  Observed  |  Expected  |  Reason\n"
    );
    let cell = |s: &mut String, t: &str| {
        let half = t.chars().count() / 2;
        s.push_str(&format!("{t:>w$}", w = 6 + half));
        s.push_str(&" ".repeat(6usize.saturating_sub(half)));
    };
    for r in rows {
        cell(&mut s, &r.index);
        s.push(' ');
        cell(&mut s, &r.observed);
        s.push(' ');
        cell(&mut s, &r.expected);
        s.push_str("   ");
        s.push_str(&r.reason);
        s.push('\n');
    }
    s
}
