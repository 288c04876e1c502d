//! Fused element-wise expressions: a chain of `+ - .* ./ *` (by a scalar),
//! `/` (by a scalar), unary minus and one-argument functions over real
//! double arrays of one size, such as `exp(-x/n).*sin(x)`, evaluated in
//! one pass that writes one output and
//! no whole-array temporaries. The arrays are read block by block; each
//! step writes a block-sized register that stays in cache. Every step is
//! the same IEEE operation or function in the same order as unfused, so
//! the results are identical bit for bit (a NaN's sign aside: x86 takes it
//! from the order of the operands, which vectorized code may swap).
//!
//! The interpreter (`eval::compile`) decides what is fused and checks the
//! operands: this module only runs a checked program.

use super::par::{for_runs, Fresh};
use crate::value::pod::NoMemory;

/// Elements per block: each register is this many doubles (4 KiB).
const BLOCK: usize = 512;

/// Steps a program may have (and so registers, one per step).
pub(crate) const MAX_STEPS: usize = 24;

/// The operation of a step.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Op {
    Add,
    Sub,
    Mul,
    Div,
    /// Unary minus of the step's first operand.
    Neg,
    /// A function of the step's first operand, real inside its domain
    /// (when it has one): a value outside stops the program.
    Fn(fn(f64) -> f64, Option<fn(f64) -> bool>),
}

/// Where a step's operand comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Src {
    /// Array number `i` (all of the output's size).
    Array(usize),
    /// A scalar.
    Scalar(f64),
    /// The result of an earlier step.
    Step(usize),
}

/// One step: `op(a, b)` (`b` unused by `Neg` and `Fn`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Step {
    pub op: Op,
    pub a: Src,
    pub b: Src,
}

/// A block's view of an operand.
#[derive(Clone, Copy)]
enum Opd<'a> {
    Slice(&'a [f64]),
    Scalar(f64),
}

/// `dst[i] = f(a[i], b[i])` specialized to the operand forms, so each
/// loop is a plain vectorizable pass.
#[inline(always)]
fn apply2(dst: &mut [f64], a: Opd<'_>, b: Opd<'_>, f: impl Fn(f64, f64) -> f64) {
    match (a, b) {
        (Opd::Slice(x), Opd::Slice(y)) => {
            for ((d, &x), &y) in dst.iter_mut().zip(x).zip(y) {
                *d = f(x, y);
            }
        }
        (Opd::Slice(x), Opd::Scalar(y)) => {
            for (d, &x) in dst.iter_mut().zip(x) {
                *d = f(x, y);
            }
        }
        (Opd::Scalar(x), Opd::Slice(y)) => {
            for (d, &y) in dst.iter_mut().zip(y) {
                *d = f(x, y);
            }
        }
        (Opd::Scalar(x), Opd::Scalar(y)) => dst.fill(f(x, y)),
    }
}

/// Whether every element of `a` is NaN or inside `domain`.
fn inside(a: Opd<'_>, domain: fn(f64) -> bool) -> bool {
    match a {
        Opd::Slice(x) => x.iter().all(|&x| x.is_nan() || domain(x)),
        Opd::Scalar(x) => x.is_nan() || domain(x),
    }
}

fn apply(op: Op, dst: &mut [f64], a: Opd<'_>, b: Opd<'_>) {
    match op {
        Op::Fn(f, _) => apply2(dst, a, Opd::Scalar(0.0), |x, _| f(x)),
        Op::Add => apply2(dst, a, b, |x, y| x + y),
        Op::Sub => apply2(dst, a, b, |x, y| x - y),
        Op::Mul => apply2(dst, a, b, |x, y| x * y),
        Op::Div => apply2(dst, a, b, |x, y| x / y),
        Op::Neg => apply2(dst, a, Opd::Scalar(0.0), |x, _| -x),
    }
}

/// Runs `steps` over `n` elements: `arrays` each hold `n` elements, and
/// every `Src::Step(k)` names an earlier step. The last step's result is
/// the output; `None` when a function met a value outside its domain
/// (its answer would be complex).
pub(crate) fn run(
    steps: &[Step],
    arrays: &[&[f64]],
    n: usize,
) -> Result<Option<Vec<f64>>, NoMemory> {
    use std::sync::atomic::{AtomicBool, Ordering};
    let mut out = f64::fresh(n)?;
    if steps.is_empty() {
        return Ok(Some(out));
    }
    let outside = AtomicBool::new(false);
    for_runs(&mut out, |off, run| {
        // One register per step but the last, each a block long (or the
        // run's length, for small arrays).
        let width = BLOCK.min(run.len()).max(1);
        let mut regs = vec![0.0f64; width * (steps.len() - 1)];
        for (b, dst) in run.chunks_mut(BLOCK).enumerate() {
            let lo = off + b * BLOCK;
            let m = dst.len();
            for (k, s) in steps.iter().enumerate() {
                // Registers before step k are read; register k (or the
                // output, for the last step) is written.
                let (done, rest) = regs.split_at_mut(width * k.min(steps.len() - 1));
                let view = |src: Src| match src {
                    Src::Array(i) => Opd::Slice(&arrays[i][lo..lo + m]),
                    Src::Scalar(x) => Opd::Scalar(x),
                    Src::Step(j) => Opd::Slice(&done[j * width..j * width + m]),
                };
                let (a, bb) = (view(s.a), view(s.b));
                if let Op::Fn(_, Some(domain)) = s.op {
                    if !inside(a, domain) {
                        outside.store(true, Ordering::Relaxed);
                        return;
                    }
                }
                if k + 1 == steps.len() {
                    apply(s.op, dst, a, bb);
                } else {
                    apply(s.op, &mut rest[..m], a, bb);
                }
            }
        }
    });
    Ok((!outside.into_inner()).then_some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_answers_as_its_operators_one_by_one() {
        let n = 100_003;
        let x: Vec<f64> = (0..n).map(|i| (i as f64 * 0.37).sin() * 10.0).collect();
        let y: Vec<f64> = (0..n).map(|i| i as f64 - 50_000.0).collect();
        // (x.*x + 3*x) ./ y - (-x)
        let steps = [
            Step {
                op: Op::Mul,
                a: Src::Array(0),
                b: Src::Array(0),
            },
            Step {
                op: Op::Mul,
                a: Src::Scalar(3.0),
                b: Src::Array(0),
            },
            Step {
                op: Op::Add,
                a: Src::Step(0),
                b: Src::Step(1),
            },
            Step {
                op: Op::Div,
                a: Src::Step(2),
                b: Src::Array(1),
            },
            Step {
                op: Op::Neg,
                a: Src::Array(0),
                b: Src::Array(0),
            },
            Step {
                op: Op::Sub,
                a: Src::Step(3),
                b: Src::Step(4),
            },
        ];
        let got = run(&steps, &[&x, &y], n).unwrap().unwrap();
        for i in 0..n {
            let want = (x[i] * x[i] + 3.0 * x[i]) / y[i] - (-x[i]);
            assert_eq!(got[i].to_bits(), want.to_bits(), "element {i}");
        }
        assert!(got[50_000].is_infinite() || got[50_000].is_nan());
        assert_eq!(run(&steps, &[&[], &[]], 0).unwrap(), Some(vec![]));
        // sqrt(x - 5): stops at the first negative.
        let nonneg: fn(f64) -> bool = |x| x >= 0.0;
        let root = [
            Step {
                op: Op::Sub,
                a: Src::Array(0),
                b: Src::Scalar(5.0),
            },
            Step {
                op: Op::Fn(f64::sqrt, Some(nonneg)),
                a: Src::Step(0),
                b: Src::Step(0),
            },
        ];
        let big: Vec<f64> = (0..n).map(|i| 5.0 + i as f64).collect();
        let r = run(&root, &[&big], n).unwrap().unwrap();
        assert_eq!(r[9].to_bits(), 3.0f64.to_bits());
        assert_eq!(run(&root, &[&x], n).unwrap(), None);
    }
}
