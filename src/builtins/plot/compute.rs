//! Numeric helpers the plotting functions and their tests use:
//! `logspace` (points evenly spaced on a log scale) and `size_equal`.

use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::Value;

/// Largest point count `logspace` makes (as `linspace`'s limit).
const MAX_POINTS: f64 = 1e9;

/// logspace: logarithmically spaced row vector.
///
/// `y = logspace(a, b)` returns 50 points from `10^a` to `10^b`, evenly
/// spaced in their exponents.
///
/// `y = logspace(a, b, n)` returns `n` points (`fix(n)`; none when it is
/// below 1).
///
/// `y = logspace(a, pi, n)` ends at `pi` itself rather than `10^pi`, as
/// MATLAB does for digital signal processing.
///
/// ```text
/// >> logspace(0, 2, 3)
/// ans =
///
///      1    10   100
///
/// ```
pub fn logspace(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if !(2..=3).contains(&args.len()) {
        return Err(Error::new("Invalid call to logspace"));
    }
    if args.iter().any(|v| v.numel() != 1) {
        return Err(Error::new(
            "logspace: arguments A, B, and N must be scalars",
        ));
    }
    let a = args[0].scalar_f64("logspace")?;
    let mut b = args[1].scalar_f64("logspace")?;
    let n = match args.get(2) {
        Some(v) => v.scalar_f64("logspace")?.trunc(),
        None => 50.0,
    };
    if n > MAX_POINTS {
        return Err(Error::new(
            "logspace: out of memory or dimension too large for Octave's index type",
        ));
    }
    let n = if n >= 1.0 { n as usize } else { 0 };
    if b == std::f64::consts::PI {
        b = std::f64::consts::PI.log10();
    }
    let y: Vec<f64> = crate::builtins::construct::linspace_row(a, b, n)?
        .into_iter()
        .map(|e| 10f64.powf(e))
        .collect();
    Ok(vec![Value::row(y)])
}

/// size_equal: whether arrays have the same dimensions.
///
/// `tf = size_equal(a, b, ...)` is true when every argument has the same
/// size (any class); with fewer than two arguments it is true.
///
/// ```text
/// >> size_equal(ones(2, 3), zeros(2, 3), {1, 2; 3, 4; 5, 6})
/// ans = 0
/// ```
pub fn size_equal(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let same = args.windows(2).all(|w| w[0].dims() == w[1].dims());
    Ok(vec![Value::bool(same)])
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use crate::builtins::State;
    use crate::value::Value;

    fn data(v: &Value) -> Vec<f64> {
        match v {
            Value::Num(a) => a.data().to_vec(),
            other => panic!("not numeric: {other:?}"),
        }
    }

    #[test]
    fn logspace_matches_octave_bit_for_bit() {
        let mut st = State::default();
        let y = call(
            &mut st,
            "logspace",
            vec![Value::num(0.0), Value::num(1.0), Value::num(4.0)],
            1,
        )
        .unwrap();
        // octave-cli: format long; logspace (0, 1, 4)
        assert_eq!(
            data(&y[0]),
            vec![1.0, 2.154434690031884, 4.641588833612779, 10.0]
        );
        let pi = call(
            &mut st,
            "logspace",
            vec![
                Value::num(0.0),
                Value::num(std::f64::consts::PI),
                Value::num(3.0),
            ],
            1,
        )
        .unwrap();
        let d = data(&pi[0]);
        // octave-cli: printf ("%.17g", logspace (0, pi, 3)(3)): 10^log10(pi),
        // one ulp below pi.
        assert_eq!(d[2], 3.1415926535897927);
        assert!((d[1] - 1.7724538509055159).abs() < 1e-12);
        let n = call(
            &mut st,
            "logspace",
            vec![Value::num(1.0), Value::num(2.0)],
            1,
        )
        .unwrap();
        assert_eq!(data(&n[0]).len(), 50);
        let none = call(
            &mut st,
            "logspace",
            vec![Value::num(1.0), Value::num(2.0), Value::num(-1.0)],
            1,
        )
        .unwrap();
        assert!(none[0].is_empty());
        assert!(call(&mut st, "logspace", vec![Value::num(1.0)], 1).is_err());
        assert!(call(
            &mut st,
            "logspace",
            vec![row(&[1.0, 2.0]), Value::num(3.0)],
            1
        )
        .is_err());
    }
}
