//! The 40 display conformance cases (/work/shared/conformance/display):
//! each test builds the case's values by hand and compares with Octave's
//! exact output.

use super::*;

/// `name = v` in format short on an 80-column terminal.
pub(super) fn named(name: &str, v: &Value) -> String {
    display_named(name, v, DisplayFormat::Short, 80)
}

/// A real matrix from rows.
pub(super) fn mat(rows: &[&[f64]]) -> Value {
    let nr = rows.len();
    let nc = rows.first().map_or(0, |r| r.len());
    let mut data = Vec::with_capacity(nr * nc);
    for j in 0..nc {
        for r in rows {
            data.push(r[j]);
        }
    }
    Value::matrix(nr, nc, data)
}

pub(super) fn brow(v: &[bool]) -> Value {
    Value::Bool(Array::row(v.to_vec()))
}

pub(super) fn crow(v: &[(f64, f64)]) -> Value {
    Value::Complex(Array::row(v.iter().map(|&(r, i)| C64::new(r, i)).collect()))
}

fn range(a: f64, step: f64, b: f64) -> Vec<f64> {
    let n = ((b - a) / step).floor() as usize + 1;
    (0..n).map(|k| a + step * k as f64).collect()
}

#[test]
fn case01_scalar_int() {
    let out = named("x", &Value::num(5.0))
        + &named("y", &Value::num(-3.0))
        + &named("z", &Value::num(0.0));
    assert_eq!(out, "x = 5\ny = -3\nz = 0\n");
}

#[test]
fn case02_scalar_real() {
    let out = named("x", &Value::num(2.5))
        + &named("y", &Value::num(1.0 / 3.0))
        + &named("z", &Value::num(-std::f64::consts::PI));
    assert_eq!(out, "x = 2.5000\ny = 0.3333\nz = -3.1416\n");
}

#[test]
fn case03_scalar_large_small() {
    let out = named("a", &Value::num(1e10))
        + &named("b", &Value::num(123456789.0))
        + &named("c", &Value::num(1e-5))
        + &named("d", &Value::num(0.001234));
    assert_eq!(
        out,
        "a = 1.0000e+10\nb = 1.2346e+08\nc = 1.0000e-05\nd = 1.2340e-03\n"
    );
}

#[test]
fn case04_scalar_edges() {
    let out = named("a", &Value::num(99999.0))
        + &named("b", &Value::num(100000.0))
        + &named("c", &Value::num(0.1 + 0.2))
        + &named("d", &Value::num(-0.0));
    assert_eq!(out, "a = 99999\nb = 100000\nc = 0.3000\nd = 0\n");
}

#[test]
fn case05_row_int() {
    assert_eq!(
        named("x", &Value::row(vec![1.0, 2.0, 3.0])),
        "x =\n\n   1   2   3\n\n"
    );
}

#[test]
fn case06_row_real() {
    assert_eq!(
        named("x", &Value::row(vec![1.5, 2.25, -3.0])),
        "x =\n\n   1.5000   2.2500  -3.0000\n\n"
    );
}

#[test]
fn case07_column() {
    assert_eq!(
        named("x", &Value::col(vec![1.0, 2.0, 3.0])),
        "x =\n\n   1\n   2\n   3\n\n"
    );
}

#[test]
fn case08_matrix_int() {
    assert_eq!(
        named("A", &mat(&[&[1.0, 2.0], &[3.0, 4.0]])),
        "A =\n\n   1   2\n   3   4\n\n"
    );
}

#[test]
fn case09_matrix_int_widths() {
    assert_eq!(
        named("A", &mat(&[&[1.0, -2.0], &[30.0, 400.0]])),
        "A =\n\n     1    -2\n    30   400\n\n"
    );
}

#[test]
fn case10_matrix_real() {
    assert_eq!(
        named("A", &mat(&[&[1.5, 2.0], &[3.0, 4.0]])),
        "A =\n\n   1.5000   2.0000\n   3.0000   4.0000\n\n"
    );
}

#[test]
fn case11_matrix_division() {
    let a = mat(&[&[1.0 / 3.0, 2.0 / 3.0], &[3.0 / 3.0, 4.0 / 3.0]]);
    assert_eq!(
        named("A", &a),
        "A =\n\n   0.3333   0.6667\n   1.0000   1.3333\n\n"
    );
}

#[test]
fn case12_matrix_range_exponent() {
    let out = named("A", &Value::row(vec![1.0, 1000000.0]))
        + &named("B", &Value::row(vec![0.001, 1000.0]))
        + &named("C", &Value::row(vec![1e-8, 1.0]));
    assert_eq!(
        out,
        "A =\n\n   1.0000e+00   1.0000e+06\n\nB =\n\n   1.0000e-03   1.0000e+03\n\nC =\n\n   1.0000e-08   1.0000e+00\n\n"
    );
}

#[test]
fn case13_wide_int_columns() {
    let v = Value::row((1..=20).map(f64::from).collect());
    assert_eq!(
        named("v", &v),
        "v =\n\n Columns 1 through 16:\n\n    1    2    3    4    5    6    7    8    9   10   11   12   13   14   15   16\n\n Columns 17 through 20:\n\n   17   18   19   20\n\n"
    );
}

#[test]
fn case14_wide_real_columns() {
    let v = Value::row((1..=30).map(|k| f64::from(k) * 1.5).collect());
    assert_eq!(
        named("v", &v),
        "v =\n\n Columns 1 through 8:\n\n    1.5000    3.0000    4.5000    6.0000    7.5000    9.0000   10.5000   12.0000\n\n Columns 9 through 16:\n\n   13.5000   15.0000   16.5000   18.0000   19.5000   21.0000   22.5000   24.0000\n\n Columns 17 through 24:\n\n   25.5000   27.0000   28.5000   30.0000   31.5000   33.0000   34.5000   36.0000\n\n Columns 25 through 30:\n\n   37.5000   39.0000   40.5000   42.0000   43.5000   45.0000\n\n"
    );
}

#[test]
fn case15_empty() {
    let out = named("v", &Value::empty())
        + &named("w", &Value::matrix(0, 3, vec![]))
        + &named("u", &Value::matrix(3, 0, vec![]));
    assert_eq!(out, "v = [](0x0)\nw = [](0x3)\nu = [](3x0)\n");
}

#[test]
fn case16_logical_scalar_and_row() {
    let out = named("b", &Value::bool(true))
        + &named("c", &brow(&[true, false, true]))
        + &named("d", &brow(&[false, false, true]));
    assert_eq!(out, "b = 1\nc =\n\n  1  0  1\n\nd =\n\n  0  0  1\n\n");
}

#[test]
fn case17_char_row() {
    assert_eq!(named("s", &Value::str("hello")), "s = hello\n");
}

#[test]
fn case18_char_matrix() {
    let s = Value::char_rows(&["ab".into(), "cd".into()]);
    assert_eq!(named("s", &s), "s =\n\nab\ncd\n\n");
}

#[test]
fn case19_char_empty() {
    assert_eq!(named("s", &Value::str("")), "s = \n");
}

#[test]
fn case20_complex_row() {
    assert_eq!(
        named("z", &crow(&[(1.0, 2.0), (3.0, -4.0)])),
        "z =\n\n   1 + 2i   3 - 4i\n\n"
    );
}

#[test]
fn case21_nonfinite() {
    let out = named("n", &Value::num(f64::NAN))
        + &named(
            "m",
            &Value::row(vec![1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY]),
        )
        + &named("p", &Value::row(vec![1.5, f64::NAN]));
    assert_eq!(
        out,
        "n = NaN\nm =\n\n     1   NaN   Inf  -Inf\n\np =\n\n   1.5000      NaN\n\n"
    );
}

#[test]
fn case22_ans_display() {
    let out = named("ans", &Value::num(7.0))
        + &named("ans", &Value::row(vec![2.0, 4.0, 6.0]))
        + &named("ans", &Value::str("abc"));
    assert_eq!(out, "ans = 7\nans =\n\n   2   4   6\n\nans = abc\n");
}

#[test]
fn case23_semicolon_suppresses() {
    assert_eq!(named("y", &Value::num(2.0)), "y = 2\n");
}

#[test]
fn case24_large_ints() {
    let out = named("r", &Value::row(vec![1e5, 2e5, 3e5]))
        + &named("q", &Value::row(vec![1.23456e5, 1.0]));
    assert_eq!(
        out,
        "r =\n\n   100000   200000   300000\n\nq =\n\n   123456        1\n\n"
    );
}

fn magic4() -> [[f64; 4]; 4] {
    [
        [16.0, 2.0, 3.0, 13.0],
        [5.0, 11.0, 10.0, 8.0],
        [9.0, 7.0, 6.0, 12.0],
        [4.0, 14.0, 15.0, 1.0],
    ]
}

#[test]
fn case25_magic() {
    let m = magic4();
    let rows: Vec<&[f64]> = m.iter().map(|r| &r[..]).collect();
    let d: Vec<[f64; 4]> = m.iter().map(|r| r.map(|x| x / 7.0)).collect();
    let drows: Vec<&[f64]> = d.iter().map(|r| &r[..]).collect();
    let out = named("M", &mat(&rows)) + &named("N", &mat(&drows));
    assert_eq!(
        out,
        "M =\n\n   16    2    3   13\n    5   11   10    8\n    9    7    6   12\n    4   14   15    1\n\n\
N =\n\n   2.2857   0.2857   0.4286   1.8571\n   0.7143   1.5714   1.4286   1.1429\n   1.2857   1.0000   0.8571   1.7143\n   0.5714   2.0000   2.1429   0.1429\n\n"
    );
}

#[test]
fn case26_format_long() {
    let pi = std::f64::consts::PI;
    let long = |n: &str, v: &Value| display_named(n, v, DisplayFormat::Long, 80);
    let out = long("x", &Value::num(pi))
        + &long("v", &Value::row(vec![pi, std::f64::consts::E]))
        + &named("y", &Value::num(pi));
    assert_eq!(
        out,
        "x = 3.141592653589793\nv =\n\n   3.141592653589793   2.718281828459045\n\ny = 3.1416\n"
    );
}

#[test]
fn case27_disp_forms() {
    let d = |v: &Value| disp(v, DisplayFormat::Short, 80);
    let out = d(&Value::num(5.0))
        + &d(&Value::row(vec![1.0, 2.0, 3.0]))
        + &d(&Value::str("text"))
        + &d(&Value::num(std::f64::consts::PI))
        + &d(&mat(&[&[1.5, 2.0], &[3.0, 4.0]]));
    assert_eq!(
        out,
        "5\n   1   2   3\ntext\n3.1416\n   1.5000   2.0000\n   3.0000   4.0000\n"
    );
}

#[test]
fn case28_fprintf_values_scalar_forms() {
    // Case 28 is fprintf formatting (not display); its values display as:
    assert_eq!(format_real_scalar(3.0, DisplayFormat::Short), "3");
    assert_eq!(
        format_real_scalar(12345.678, DisplayFormat::Short),
        "1.2346e+04"
    );
    assert_eq!(
        format_real_scalar(std::f64::consts::PI, DisplayFormat::Short),
        "3.1416"
    );
}

#[test]
fn case29_negative_matrix() {
    let out = named("A", &mat(&[&[-1.0, -2.0], &[-3.0, -4.0]]))
        + &named("B", &mat(&[&[-1.5, 2.0], &[3.0, -4.0]]));
    assert_eq!(
        out,
        "A =\n\n  -1  -2\n  -3  -4\n\nB =\n\n  -1.5000   2.0000\n   3.0000  -4.0000\n\n"
    );
}

#[test]
fn case30_mixed_magnitude() {
    let out = named("A", &mat(&[&[1.0, 2.5], &[100.0, 1000.0]]))
        + &named("B", &Value::col(vec![0.5, 0.25, 0.125]));
    assert_eq!(
        out,
        "A =\n\n   1.0000e+00   2.5000e+00\n   1.0000e+02   1.0000e+03\n\nB =\n\n   0.5000\n   0.2500\n   0.1250\n\n"
    );
}

#[test]
fn case31_integer_valued_reals() {
    let out = named("x", &Value::num(4.0 / 2.0))
        + &named("y", &Value::row(vec![1.0, 2.0, 3.0]))
        + &named("z", &Value::num(16f64.sqrt()));
    assert_eq!(out, "x = 2\ny =\n\n   1   2   3\n\nz = 4\n");
}

#[test]
fn case32_column_real_negative() {
    assert_eq!(
        named("c", &Value::col(vec![-0.5, 1.25, -2.0])),
        "c =\n\n  -0.5000\n   1.2500\n  -2.0000\n\n"
    );
}

#[test]
fn case33_logical_matrix() {
    let l = Value::Bool(Array::new(
        Dims::mat(3, 3),
        vec![true, false, false, false, true, true, true, true, false],
    ));
    assert_eq!(named("L", &l), "L =\n\n  1  0  1\n  0  1  1\n  0  1  0\n\n");
}

#[test]
fn case34_display_after_index_assign() {
    assert_eq!(
        named("A", &mat(&[&[0.0, 0.0], &[7.0, 0.0]])),
        "A =\n\n   0   0\n   7   0\n\n"
    );
}

#[test]
fn case35_vector_with_nan_int() {
    assert_eq!(
        named("v", &Value::row(vec![1.0, 2.0, f64::NAN, 4.0])),
        "v =\n\n     1     2   NaN     4\n\n"
    );
}

#[test]
fn case36_tall_matrix() {
    let t = Value::matrix(6, 2, (1..=12).map(f64::from).collect());
    assert_eq!(
        named("T", &t),
        "T =\n\n    1    7\n    2    8\n    3    9\n    4   10\n    5   11\n    6   12\n\n"
    );
}

#[test]
fn case37_bool_ops_display() {
    let out = named("t", &Value::bool(true))
        + &named("u", &Value::bool(true))
        + &named("w", &brow(&[false, true]));
    assert_eq!(out, "t = 1\nu = 1\nw =\n\n  0  1\n\n");
}

#[test]
fn case38_string_concat() {
    let out = named("name", &Value::str("flatlab")) + &named("n", &Value::num(7.0));
    assert_eq!(out, "name = flatlab\nn = 7\n");
}

#[test]
fn case39_num2str_display() {
    let out = named("s", &Value::str("3.1416"))
        + &named("t", &Value::str("42"))
        + &named("u", &Value::str("0.5"));
    assert_eq!(out, "s = 3.1416\nt = 42\nu = 0.5\n");
}

#[test]
fn case40_ranges() {
    let out = named("a", &Value::row(range(0.0, 0.25, 1.0)))
        + &named("b", &Value::row(range(5.0, -1.0, 1.0)));
    assert_eq!(
        out,
        "a =\n\n        0   0.2500   0.5000   0.7500   1.0000\n\nb =\n\n   5   4   3   2   1\n\n"
    );
}
