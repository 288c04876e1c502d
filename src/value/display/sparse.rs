//! Octave's display of a sparse matrix: a header with the size, the
//! number of nonzeros and how full it is, then one `(row, col) -> value`
//! line per stored element, each value shown as it would be alone.

use super::{Printer, Value};
use crate::value::sparse::{SpData, SparseMatrix};

impl Printer {
    /// The body: header, and the elements after a blank line.
    pub(super) fn sparse(&self, s: &SparseMatrix) -> String {
        let (r, c, nz) = (s.rows(), s.cols(), s.nnz());
        let mut out = format!("Compressed Column Sparse (rows = {r}, cols = {c}, nnz = {nz}");
        let numel = r as f64 * c as f64;
        if numel > 0.0 {
            out.push_str(&format!(" [{}%]", percent(nz as f64 / numel * 100.0)));
        }
        out.push_str(")\n");
        if nz == 0 {
            return out;
        }
        out.push('\n');
        let lines: Vec<String> = match &s.data {
            SpData::Real(m) => m
                .iter()
                .map(|(i, j, &x)| self.entry(i, j, &Value::num(x)))
                .collect(),
            SpData::Complex(m) => m
                .iter()
                .map(|(i, j, z)| self.entry(i, j, &Value::complex(z.re, z.im)))
                .collect(),
            SpData::Bool(m) => m
                .iter()
                .map(|(i, j, &b)| self.entry(i, j, &Value::bool(b)))
                .collect(),
        };
        out.push_str(&lines.join("\n"));
        out
    }

    fn entry(&self, i: usize, j: usize, v: &Value) -> String {
        format!("  ({}, {}) -> {}", i + 1, j + 1, self.raw(v, 0, 0))
    }
}

/// How full the matrix is, as Octave prints it: two significant digits,
/// more near 100% so that a matrix not quite full never shows 100.
fn percent(pct: f64) -> String {
    let (prec, pct) = if pct == 100.0 {
        (3, pct)
    } else if pct > 99.9 {
        (4, pct.min(99.99))
    } else if pct > 99.0 {
        (3, pct)
    } else {
        (2, pct)
    };
    crate::ops::fmt_g_prec(pct, prec)
}

#[cfg(test)]
mod tests {
    #[test]
    fn percent_like_octave() {
        assert_eq!(super::percent(50.0), "50");
        assert_eq!(super::percent(100.0 / 12.0), "8.3");
        assert_eq!(super::percent(200.0 / 3.0), "67");
        assert_eq!(super::percent(100.0), "100");
        assert_eq!(super::percent(1e-5), "1e-05");
        assert_eq!(super::percent(99.999), "99.99");
    }
}
