//! `magic(n)`: Octave's magic-square construction for odd, doubly even and
//! singly even orders, so results match Octave element for element.

use super::super::util::{alloc_vec, nargchk, too_many};
use super::super::Ctx;
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Value};

/// Column-major n-by-n square with 0-based (row, col) access.
struct Square {
    n: usize,
    v: Vec<f64>,
}

impl Square {
    /// An n-by-n square of zeros, or the out-of-memory error.
    fn zeros(n: usize) -> Result<Square> {
        Ok(Square {
            n,
            v: alloc_vec(n * n, 0.0)?,
        })
    }
    fn get(&self, r: usize, c: usize) -> f64 {
        self.v.get(r + c * self.n).copied().unwrap_or(0.0)
    }
    fn set(&mut self, r: usize, c: usize, x: f64) {
        if let Some(s) = self.v.get_mut(r + c * self.n) {
            *s = x;
        }
    }
}

fn odd(n: usize) -> Result<Square> {
    let nn = n * n;
    let mut s = Square::zeros(n)?;
    let ni = n as i64;
    for k in 0..nn {
        let j = (k + 1) as i64;
        let shift = (k / n) as i64;
        let c = (j - shift + (ni - 3) / 2).rem_euclid(ni);
        let r = ((nn - k) as i64 + 2 * shift).rem_euclid(ni);
        if let Some(x) = s.v.get_mut((c * ni + r) as usize) {
            *x = j as f64;
        }
    }
    Ok(s)
}

/// `A(I,I) = A(J,J)` with J = fliplr(I) (0-based index lists).
fn swap_block(s: &mut Square, idx: &[usize]) -> Result<()> {
    let mut old = Square::zeros(s.n)?;
    old.v.copy_from_slice(&s.v);
    let m = idx.len();
    for a in 0..m {
        for b in 0..m {
            let x = old.get(idx[m - 1 - a], idx[m - 1 - b]);
            s.set(idx[a], idx[b], x);
        }
    }
    Ok(())
}

fn doubly_even(n: usize) -> Result<Square> {
    // A = reshape(1:n*n, n, n)': A(r,c) = r*n + c + 1.
    let mut s = Square::zeros(n)?;
    for r in 0..n {
        for c in 0..n {
            s.set(r, c, (r * n + c + 1) as f64);
        }
    }
    let steps = |a: usize| (a..n).step_by(4);
    let i1: Vec<usize> = steps(0).chain(steps(3)).collect();
    swap_block(&mut s, &i1)?;
    let i2: Vec<usize> = steps(1).chain(steps(2)).collect();
    swap_block(&mut s, &i2)?;
    Ok(s)
}

/// `A([I,I+m],J) = A([I+m,I],J)`: swaps rows I and I+m in columns J.
fn swap_halves(s: &mut Square, rows: &[usize], cols: &[usize], m: usize) {
    for &c in cols {
        for &r in rows {
            let (a, b) = (s.get(r, c), s.get(r + m, c));
            s.set(r, c, b);
            s.set(r + m, c, a);
        }
    }
}

fn singly_even(n: usize) -> Result<Square> {
    let m = n / 2;
    let a = build(m)?;
    let mm = (m * m) as f64;
    let mut s = Square::zeros(n)?;
    for r in 0..m {
        for c in 0..m {
            let x = a.get(r, c);
            s.set(r, c, x);
            s.set(r, c + m, x + 2.0 * mm);
            s.set(r + m, c, x + 3.0 * mm);
            s.set(r + m, c + m, x + mm);
        }
    }
    let k = (m - 1) / 2;
    let all: Vec<usize> = (0..m).collect();
    if k > 1 {
        // J = [2:k, n-k+2:n] (1-based).
        let cols: Vec<usize> = (1..k).chain(n - k + 1..n).collect();
        swap_halves(&mut s, &all, &cols, m);
    }
    // I = [1:k, k+2:m] (1-based), column 1.
    let rows: Vec<usize> = (0..k).chain(k + 1..m).collect();
    swap_halves(&mut s, &rows, &[0], m);
    swap_halves(&mut s, &[k], &[k], m);
    Ok(s)
}

fn build(n: usize) -> Result<Square> {
    if n == 0 {
        Ok(Square { n, v: vec![] })
    } else if n % 2 == 1 {
        odd(n)
    } else if n % 4 == 0 {
        doubly_even(n)
    } else {
        singly_even(n)
    }
}

/// magic: magic square.
///
/// `M = magic(N)` is an N-by-N matrix of the integers 1 to N^2 whose rows,
/// columns and both diagonals all have the same sum (for N >= 3; magic(2)
/// is not magic, magic(1) is 1).
///
/// ```text
/// >> magic(3)
/// ans =
///
///    8   1   6
///    3   5   7
///    4   9   2
/// >> sum(magic(4))
/// ans =
///
///    34   34   34   34
/// ```
pub fn magic(_: &mut Ctx, a: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("magic", a.len(), 1, 1)?;
    let n = a[0].scalar_f64("magic")?.trunc();
    if n < 0.0 || n.is_nan() {
        return Err(Error::new("magic: N must be non-negative"));
    }
    if n > 46340.0 {
        return Err(too_many(n * n));
    }
    let n = n as usize;
    let s = build(n)?;
    Ok(vec![Value::Num(Array::new(Dims::mat(n, n), s.v))])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(n: usize) -> Vec<f64> {
        build(n).unwrap().v
    }

    #[test]
    fn matches_octave() {
        // Octave: magic(3) = [8 1 6; 3 5 7; 4 9 2]
        assert_eq!(m(3), vec![8.0, 3.0, 4.0, 1.0, 5.0, 9.0, 6.0, 7.0, 2.0]);
        // magic(4) = [16 2 3 13; 5 11 10 8; 9 7 6 12; 4 14 15 1]
        assert_eq!(
            m(4),
            vec![16., 5., 9., 4., 2., 11., 7., 14., 3., 10., 6., 15., 13., 8., 12., 1.]
        );
        assert_eq!(m(2), vec![4.0, 1.0, 3.0, 2.0]);
        assert_eq!(m(1), vec![1.0]);
        // Every order gives equal row, column and diagonal sums.
        for n in 3..=12 {
            let s = build(n).unwrap();
            let want = (n * (n * n + 1) / 2) as f64;
            for i in 0..n {
                let row: f64 = (0..n).map(|c| s.get(i, c)).sum();
                let col: f64 = (0..n).map(|r| s.get(r, i)).sum();
                assert_eq!((row, col), (want, want), "n={n}");
            }
            let d: f64 = (0..n).map(|i| s.get(i, i)).sum();
            assert_eq!(d, want, "n={n}");
        }
    }

    #[test]
    fn exact_octave_layouts() {
        // magic(n)(:) printed by Octave 7.3.
        let want: Vec<f64> = [
            35, 3, 31, 8, 30, 4, 1, 32, 9, 28, 5, 36, 6, 7, 2, 33, 34, 29, 26, 21, 22, 17, 12, 13,
            19, 23, 27, 10, 14, 18, 24, 25, 20, 15, 16, 11,
        ]
        .iter()
        .map(|&x: &i32| f64::from(x))
        .collect();
        assert_eq!(m(6), want, "n=6");
        let want: Vec<f64> = [
            64, 9, 17, 40, 32, 41, 49, 8, 2, 55, 47, 26, 34, 23, 15, 58, 3, 54, 46, 27, 35, 22, 14,
            59, 61, 12, 20, 37, 29, 44, 52, 5, 60, 13, 21, 36, 28, 45, 53, 4, 6, 51, 43, 30, 38,
            19, 11, 62, 7, 50, 42, 31, 39, 18, 10, 63, 57, 16, 24, 33, 25, 48, 56, 1,
        ]
        .iter()
        .map(|&x: &i32| f64::from(x))
        .collect();
        assert_eq!(m(8), want, "n=8");
        let want: Vec<f64> = [
            92, 98, 4, 85, 86, 17, 23, 79, 10, 11, 99, 80, 81, 87, 93, 24, 5, 6, 12, 18, 1, 7, 88,
            19, 25, 76, 82, 13, 94, 100, 8, 14, 20, 21, 2, 83, 89, 95, 96, 77, 15, 16, 22, 3, 9,
            90, 91, 97, 78, 84, 67, 73, 54, 60, 61, 42, 48, 29, 35, 36, 74, 55, 56, 62, 68, 49, 30,
            31, 37, 43, 51, 57, 63, 69, 75, 26, 32, 38, 44, 50, 58, 64, 70, 71, 52, 33, 39, 45, 46,
            27, 40, 41, 47, 28, 34, 65, 66, 72, 53, 59,
        ]
        .iter()
        .map(|&x: &i32| f64::from(x))
        .collect();
        assert_eq!(m(10), want, "n=10");
        let want: Vec<f64> = [
            17, 23, 4, 10, 11, 24, 5, 6, 12, 18, 1, 7, 13, 19, 25, 8, 14, 20, 21, 2, 15, 16, 22, 3,
            9,
        ]
        .iter()
        .map(|&x: &i32| f64::from(x))
        .collect();
        assert_eq!(m(5), want, "n=5");
    }
}
