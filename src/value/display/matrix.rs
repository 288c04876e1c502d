//! The body of a 2-D numeric or logical matrix: rows of right-aligned
//! columns, each preceded by two spaces, split into `Columns N through M:`
//! chunks when the rows are wider than the terminal (Octave's
//! `octave_print_matrix_internal` and `pr_col_num_header`).

use super::num::{self, NumFmt, Prec};
use crate::value::{Array, IntElem, C64};

/// Lays out an `nr` x `nc` matrix whose cells `cell(i, j)` are already
/// padded to their field width. `col_width` is the width Octave assumes for
/// a column when deciding where to split (it may differ from the printed
/// width, as for complex columns). No trailing newline.
fn layout(
    nr: usize,
    nc: usize,
    col_width: usize,
    indent: usize,
    width: usize,
    cell: &dyn Fn(usize, usize) -> String,
) -> String {
    let max_width = width.saturating_sub(indent);
    layout_with(nr, nc, col_width, (max_width, max_width), indent, cell)
}

/// `layout` with separate widths for choosing how many columns go in a
/// chunk and for deciding whether to print `Columns` headers (Octave's
/// range printer ignores the indent for the former).
fn layout_with(
    nr: usize,
    nc: usize,
    col_width: usize,
    (inc_width, max_width): (usize, usize),
    indent: usize,
    cell: &dyn Fn(usize, usize) -> String,
) -> String {
    let total = nc.saturating_mul(col_width);
    let split = total > max_width;
    let inc = if total > inc_width {
        (inc_width / col_width.max(1)).max(1)
    } else {
        nc.max(1)
    };
    let pad = " ".repeat(indent);
    let mut out = String::new();
    let mut col = 0;
    while col < nc {
        let lim = col.saturating_add(inc).min(nc);
        if split {
            if col != 0 {
                out.push_str("\n\n");
            }
            out.push_str(&pad);
            match lim - col {
                1 => out.push_str(&format!(" Column {}:\n", col + 1)),
                2 => out.push_str(&format!(" Columns {} and {}:\n", col + 1, lim)),
                _ => out.push_str(&format!(" Columns {} through {}:\n", col + 1, lim)),
            }
            out.push('\n');
        }
        for i in 0..nr {
            out.push_str(&pad);
            for j in col..lim {
                out.push_str("  ");
                out.push_str(&cell(i, j));
            }
            if i + 1 < nr {
                out.push('\n');
            }
        }
        col = lim;
    }
    out
}

fn field(fw: i32) -> usize {
    usize::try_from(fw).unwrap_or(0)
}

/// A nonempty 2-D real matrix (`a` must have two dimensions).
pub(super) fn real(a: &Array<f64>, p: Prec, indent: usize, width: usize) -> String {
    let f = num::real_matrix_fmt(a.data(), p);
    let nr = a.rows();
    let cell = |i: usize, j: usize| num::render(*a.at(i, j), f);
    layout(nr, a.cols(), field(f.fw) + 2, indent, width, &cell)
}

/// One complex number as `re + imi` / `re - imi` in the given formats.
pub(super) fn complex_cell(z: C64, rf: NumFmt, imf: NumFmt) -> String {
    let mut s = num::render(z.re, rf);
    if z.im.is_sign_negative() {
        s.push_str(" - ");
        s.push_str(&num::render(-z.im, imf));
    } else {
        s.push_str(" + ");
        s.push_str(&num::render(z.im, imf));
    }
    s.push('i');
    s
}

/// A nonempty 2-D complex matrix.
pub(super) fn complex(a: &Array<C64>, p: Prec, indent: usize, width: usize) -> String {
    let re: Vec<f64> = a.data().iter().map(|z| z.re).collect();
    let im: Vec<f64> = a.data().iter().map(|z| z.im).collect();
    let (rf, imf) = num::complex_matrix_fmt(&re, &im, p);
    let col_width = field(rf.fw) + field(imf.fw) + 7;
    let cell = |i: usize, j: usize| complex_cell(*a.at(i, j), rf, imf);
    layout(a.rows(), a.cols(), col_width, indent, width, &cell)
}

/// A nonempty 2-D logical matrix (printed as Octave prints uint8: the field
/// is one digit wide, or zero wide when every element is false).
pub(super) fn logical(a: &Array<bool>, indent: usize, width: usize) -> String {
    let fw = usize::from(a.data().iter().any(|&b| b));
    let cell = |i: usize, j: usize| if *a.at(i, j) { "1" } else { "0" }.to_string();
    layout(a.rows(), a.cols(), fw + 2, indent, width, &cell)
}

/// A real row produced by a range expression `base:inc:limit`, which Octave
/// prints with its own format (`num::range_fmt`).
pub(super) fn range(data: &[f64], limit: f64, p: Prec, indent: usize, width: usize) -> String {
    let f = num::range_fmt(data, limit, p);
    let cell = |_: usize, j: usize| num::render(data.get(j).copied().unwrap_or(0.0), f);
    let widths = (width, width.saturating_sub(indent));
    layout_with(1, data.len(), field(f.fw) + 2, widths, indent, &cell)
}

/// The field width Octave gives every element of an integer array: the
/// most digits of any magnitude, counted as `floor(log10(|x|)) + 1` in
/// double precision (so zero counts for none), plus one when any element
/// is negative. The class minimum counts for nothing at all (its
/// magnitude does not fit the class in Octave's computation), so it
/// overflows its field: `int8([-128 1])` prints as `  -128  1`. Computed
/// over the whole array: every page of an N-d array shares it. An all-zero
/// array gets width 0 (each zero still prints).
pub(super) fn int_width<T: IntElem>(data: &[T]) -> usize {
    let mut digits = 0usize;
    let mut negative = false;
    for &x in data.iter().filter(|&&x| x != T::MIN) {
        let v = x.to_i128();
        negative |= v < 0;
        let mag = v.unsigned_abs() as f64;
        if mag > 0.0 {
            let d = mag.log10().floor() + 1.0;
            digits = digits.max(d as usize);
        }
    }
    digits + usize::from(negative)
}

/// A nonempty 2-D integer matrix with every element right-aligned in `fw`
/// characters (`int_width`).
pub(super) fn int<T: IntElem>(a: &Array<T>, fw: usize, indent: usize, width: usize) -> String {
    let cell = |i: usize, j: usize| {
        let s = a.at(i, j).to_i128().to_string();
        format!("{s:>fw$}")
    };
    layout(a.rows(), a.cols(), fw + 2, indent, width, &cell)
}
