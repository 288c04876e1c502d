//! Display cases beyond the conformance set, each checked against the
//! output of GNU Octave 7.3.

use super::tests::{brow, crow, mat, named};
use super::*;

fn long(name: &str, v: &Value) -> String {
    display_named(name, v, DisplayFormat::Long, 80)
}

fn nd(dims: &[usize], data: Vec<f64>) -> Value {
    Value::Num(Array::new(Dims::new(dims), data))
}

pub(super) fn strukt(fields: Vec<(&str, Value)>) -> Value {
    Value::structure(crate::value::StructArray::scalar(
        fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    ))
}

#[test]
fn scalar_thresholds() {
    let s = |x| format_real_scalar(x, DisplayFormat::Short);
    assert_eq!(s(0.01234), "0.012340");
    assert_eq!(s(1234567.0), "1234567");
    assert_eq!(s(12345678.0), "1.2346e+07");
    assert_eq!(s(1234.5), "1234.5");
    assert_eq!(s(12345.5), "1.2346e+04");
    assert_eq!(s(99999.5), "1.0000e+05");
    assert_eq!(s(-0.5), "-0.5000");
    assert_eq!(s(1e100), "1.0000e+100");
    assert_eq!(s(f64::INFINITY), "Inf");
    assert_eq!(s(f64::NAN), "NaN");
    let l = |x| format_real_scalar(x, DisplayFormat::Long);
    assert_eq!(l(1.0 / 3.0), "0.333333333333333");
    assert_eq!(l(0.001), "1.000000000000000e-03");
    assert_eq!(l(12345.678), "12345.67800000000");
    assert_eq!(l(123456789012345678.0), "1.234567890123457e+17");
    // Octave's x_nint(2^53 - 1) is not 2^53 - 1, so this is not an integer.
    assert_eq!(l(9007199254740991.0), "9.007199254740991e+15");
}

#[test]
fn matrix_formats() {
    assert_eq!(
        named("x", &Value::row(vec![1.0, 1234567.0])),
        "x =\n\n   1.0000e+00   1.2346e+06\n\n"
    );
    assert_eq!(
        named("x", &Value::row(vec![1.0, 123456.0])),
        "x =\n\n        1   123456\n\n"
    );
    assert_eq!(
        named("x", &Value::row(vec![0.0, -0.0, 1.0])),
        "x =\n\n   0   0   1\n\n"
    );
    assert_eq!(
        named("x", &Value::row(vec![-0.5, 0.0])),
        "x =\n\n  -0.5000        0\n\n"
    );
    assert_eq!(
        named("x", &Value::row(vec![1e100, 1.0])),
        "x =\n\n   1.0000e+100    1.0000e+00\n\n"
    );
    assert_eq!(
        named("x", &Value::row(vec![f64::NAN, f64::NAN])),
        "x =\n\n   NaN   NaN\n\n"
    );
    assert_eq!(
        named("x", &Value::row(vec![f64::NAN, 0.5])),
        "x =\n\n      NaN   0.5000\n\n"
    );
    assert_eq!(
        named("x", &Value::row(vec![1e10, f64::NAN])),
        "x =\n\n   1.0000e+10          NaN\n\n"
    );
    assert_eq!(
        named("x", &Value::row(vec![100.5, 2.0])),
        "x =\n\n   100.5000     2.0000\n\n"
    );
    assert_eq!(
        named("x", &Value::row(vec![0.01, 0.5])),
        "x =\n\n   0.010000   0.500000\n\n"
    );
    assert_eq!(
        named("x", &Value::row(vec![-1.5, f64::NEG_INFINITY])),
        "x =\n\n  -1.5000     -Inf\n\n"
    );
    assert_eq!(
        named("x", &Value::col(vec![1e-3, -2e-3])),
        "x =\n\n   1.0000e-03\n  -2.0000e-03\n\n"
    );
}

#[test]
fn matrix_integer_test_is_single_precision() {
    // Octave tests "all integers" in single precision.
    assert_eq!(
        named("x", &Value::row(vec![1e-46, 1.0])),
        "x =\n\n  1e-46   1\n\n"
    );
    assert_eq!(
        named("x", &Value::row(vec![1e-45, 1.0])),
        "x =\n\n   1.0000e-45   1.0000e+00\n\n"
    );
    assert_eq!(
        named("x", &Value::row(vec![524288.02, 1.0])),
        "x =\n\n   524288        1\n\n"
    );
    assert_eq!(
        named("x", &Value::row(vec![1.00000001, 2.0])),
        "x =\n\n   1   2\n\n"
    );
    assert_eq!(named("x", &Value::num(1.00000001)), "x = 1.0000\n");
}

#[test]
fn format_long_matrices() {
    assert_eq!(
        long("x", &Value::row(vec![1.0, 2.5])),
        "x =\n\n   1.000000000000000   2.500000000000000\n\n"
    );
    assert_eq!(
        long("x", &Value::row(vec![1.0, 1e15])),
        "x =\n\n   1.000000000000000e+00   1.000000000000000e+15\n\n"
    );
    assert_eq!(
        long("x", &Value::row(vec![1.0 / 3.0, 2.0 / 3.0])),
        "x =\n\n   0.333333333333333   0.666666666666667\n\n"
    );
    assert_eq!(
        long("x", &Value::row(vec![1.0, f64::NAN, f64::INFINITY])),
        "x =\n\n     1   NaN   Inf\n\n"
    );
    assert_eq!(
        long("x", &Value::row(vec![16777215.0, 1.0])),
        "x =\n\n   1.677721500000000e+07   1.000000000000000e+00\n\n"
    );
}

#[test]
fn complex_scalars() {
    let z = |re, im| named("x", &Value::complex(re, im));
    assert_eq!(z(3.0, 4.0), "x =  3 + 4i\n");
    assert_eq!(z(0.5, -1.25), "x =  0.5000 - 1.2500i\n");
    assert_eq!(z(1e10, 1.0), "x =  1.0000e+10 + 1.0000e+00i\n");
    assert_eq!(z(1.0, 0.0), "x =  1 + 0i\n");
    assert_eq!(z(0.0, 1.0), "x =  0 + 1i\n");
    assert_eq!(z(0.0, -1.0), "x =  0 - 1i\n");
    assert_eq!(z(-0.0, -0.0), "x =  0 - 0i\n");
    assert_eq!(z(f64::NAN, f64::NAN), "x =  NaN + NaNi\n");
    assert_eq!(z(f64::INFINITY, f64::NEG_INFINITY), "x =  Inf - Infi\n");
    assert_eq!(z(123456.0, 1.0), "x =  123456 +      1i\n");
    assert_eq!(z(1234567.0, 1.0), "x =  1234567 +       1i\n");
    assert_eq!(z(12345678.0, 1.0), "x =  1.2346e+07 + 1.0000e+00i\n");
    assert_eq!(z(0.001, 1.0), "x =  1.0000e-03 + 1.0000e+00i\n");
    assert_eq!(z(0.5, 1e6), "x =  5.0000e-01 + 1.0000e+06i\n");
    // A NaN or Inf part: integer widths, one significant digit.
    assert_eq!(z(1.5, f64::NAN), "x =    2 + NaNi\n");
    assert_eq!(z(1.0, f64::INFINITY), "x =    1 + Infi\n");
    assert_eq!(z(f64::NAN, 0.0), "x =  NaN +   0i\n");
    assert_eq!(z(12.5, f64::NAN), "x = 1e+01 + NaNi\n");
    assert_eq!(z(f64::NAN, 0.001234), "x =  NaN + 0.001i\n");
    assert_eq!(z(99999.5, f64::NAN), "x =  1e+05 +   NaNi\n");
    assert_eq!(z(1e10 + 0.5, f64::NAN), "x =        1e+10 +         NaNi\n");
    assert_eq!(z(123456.0, f64::INFINITY), "x =  123456 +    Infi\n");
    assert_eq!(z(1e20, f64::NAN), "x =  1.0000e+20 +        NaNi\n");
    assert_eq!(z(f64::NEG_INFINITY, 0.5), "x = -Inf + 0.5i\n");
    assert_eq!(
        long("x", &Value::complex(std::f64::consts::PI, 1.0)),
        "x =  3.141592653589793 + 1.000000000000000i\n"
    );
    assert_eq!(
        long("x", &Value::complex(123456789.0, 1.0)),
        "x =  123456789 +         1i\n"
    );
}

#[test]
fn complex_matrices() {
    assert_eq!(
        named("x", &crow(&[(1.0, 2.0), (3.5, -4.0)])),
        "x =\n\n   1.0000 + 2.0000i   3.5000 - 4.0000i\n\n"
    );
    let col = Value::Complex(Array::col(vec![C64::new(1.5, 2.0), C64::new(-3.25, -0.5)]));
    assert_eq!(
        named("x", &col),
        "x =\n\n   1.5000 + 2.0000i\n  -3.2500 - 0.5000i\n\n"
    );
    assert_eq!(
        named("x", &crow(&[(1.0, 0.0), (2.0, 0.0)])),
        "x =\n\n   1 + 0i   2 + 0i\n\n"
    );
    assert_eq!(
        named("x", &crow(&[(f64::NAN, 1.0), (2.0, 0.0)])),
        "x =\n\n   NaN +   1i     2 +   0i\n\n"
    );
    assert_eq!(
        named("x", &crow(&[(1.0, 1e-9), (2.0, 0.0)])),
        "x =\n\n   1.0000 + 0.0000i   2.0000 +      0i\n\n"
    );
    assert_eq!(
        named("x", &crow(&[(1.5, f64::NAN), (2.0, 0.0)])),
        "x =\n\n   1.5000 +    NaNi   2.0000 +      0i\n\n"
    );
    assert_eq!(
        named("x", &crow(&[(1234567.0, 1.0), (1.0, 0.0)])),
        "x =\n\n   1.2346e+06 + 1.0000e+00i   1.0000e+00 +          0i\n\n"
    );
    let wide: Vec<(f64, f64)> = (0..15)
        .map(|k| [(1.0, 2.0), (3.0, -4.0), (5.0, 6.0)][k % 3])
        .collect();
    assert_eq!(
        named("z", &crow(&wide)),
        "z =\n\n Columns 1 through 8:\n\n   1 + 2i   3 - 4i   5 + 6i   1 + 2i   3 - 4i   5 + 6i   1 + 2i   3 - 4i\n\n Columns 9 through 15:\n\n   5 + 6i   1 + 2i   3 - 4i   5 + 6i   1 + 2i   3 - 4i   5 + 6i\n\n"
    );
    assert_eq!(
        long("x", &crow(&[(1.5, 2.0), (3.0, 0.0)])),
        "x =\n\n Column 1:\n\n   1.500000000000000 + 2.000000000000000i\n\n Column 2:\n\n   3.000000000000000 +                 0i\n\n"
    );
}

#[test]
fn logical_arrays_split_like_octave() {
    let f = brow(&[false; 45]);
    let zeros40 = "  0".repeat(40);
    assert_eq!(
        named("x", &f),
        format!("x =\n\n Columns 1 through 40:\n\n{zeros40}\n\n Columns 41 through 45:\n\n  0  0  0  0  0\n\n")
    );
    let t = brow(&[true; 45]);
    assert_eq!(
        named("x", &t),
        format!(
            "x =\n\n Columns 1 through 26:\n\n{}\n\n Columns 27 through 45:\n\n{}\n\n",
            "  1".repeat(26),
            "  1".repeat(19)
        )
    );
    assert_eq!(named("b", &Value::bool(false)), "b = 0\n");
    assert_eq!(
        named("e", &Value::Bool(Array::new(Dims::mat(0, 3), vec![]))),
        "e = [](0x3)\n"
    );
}

#[test]
fn chars_and_empties() {
    let c = Value::char_rows(&["abc".into(), "def".into()]);
    assert_eq!(named("c", &c), "c =\n\nabc\ndef\n\n");
    assert_eq!(named("e", &Value::matrix(1, 0, vec![])), "e = [](1x0)\n");
    assert_eq!(
        named("e2", &Value::Char(Array::new(Dims::mat(0, 3), vec![]))),
        "e2 = \n"
    );
    assert_eq!(
        named("e3", &Value::Char(Array::new(Dims::mat(1, 0), vec![]))),
        "e3 = \n"
    );
    assert_eq!(
        named("x", &Value::Char(Array::new(Dims::mat(3, 0), vec![]))),
        "x =\n\n\n\n\n\n"
    );
    assert_eq!(
        named("y", &Value::Char(Array::new(Dims::new(&[2, 0, 2]), vec![]))),
        "y =\n\n[](2x0x2)\n\n"
    );
    assert_eq!(
        named("z", &Value::Complex(Array::new(Dims::mat(0, 2), vec![]))),
        "z = [](0x2)\n"
    );
    assert_eq!(named("C", &nd(&[2, 0, 3], vec![])), "C = [](2x0x3)\n");
}

#[test]
fn nd_arrays() {
    let a = nd(&[2, 2, 2], (1..=8).map(f64::from).collect());
    assert_eq!(
        named("A", &a),
        "A =\n\nans(:,:,1) =\n\n   1   3\n   2   4\n\nans(:,:,2) =\n\n   5   7\n   6   8\n\n"
    );
    assert_eq!(
        disp(&a, DisplayFormat::Short, 80),
        "ans(:,:,1) =\n\n   1   3\n   2   4\n\nans(:,:,2) =\n\n   5   7\n   6   8\n"
    );
    let d = nd(&[2, 2, 2], (1..=8).map(|k| f64::from(k) / 3.0).collect());
    assert_eq!(
        named("D", &d),
        "D =\n\nans(:,:,1) =\n\n   0.3333   1.0000\n   0.6667   1.3333\n\nans(:,:,2) =\n\n   1.6667   2.3333\n   2.0000   2.6667\n\n"
    );
    let b = Value::Bool(Array::new(Dims::new(&[2, 1, 2]), vec![true; 4]));
    assert_eq!(
        named("B", &b),
        "B =\n\nans(:,:,1) =\n\n  1\n  1\n\nans(:,:,2) =\n\n  1\n  1\n\n"
    );
    let b1 = Value::Bool(Array::new(Dims::new(&[1, 1, 2]), vec![true, false]));
    assert_eq!(named("b", &b1), "b =\n\nans(:,:,1) = 1\nans(:,:,2) = 0\n\n");
    let c = Value::Char(Array::new(
        Dims::new(&[2, 2, 2]),
        "abcdefgh".encode_utf16().collect(),
    ));
    assert_eq!(
        named("c", &c),
        "c =\n\nans(:,:,1) =\n\nac\nbd\n\nans(:,:,2) =\n\neg\nfh\n\n"
    );
    let c1 = Value::Char(Array::new(
        Dims::new(&[1, 1, 2]),
        "ab".encode_utf16().collect(),
    ));
    assert_eq!(named("c1", &c1), "c1 = ans(:,:,1) = a\nans(:,:,2) = b\n");
    let z = Value::Complex(Array::new(
        Dims::new(&[1, 2, 2]),
        vec![
            C64::new(1.0, 2.0),
            C64::new(3.0, 0.0),
            C64::new(4.0, 0.0),
            C64::new(5.0, 0.0),
        ],
    ));
    assert_eq!(
        named("z", &z),
        "z =\n\nans(:,:,1) =\n\n   1 + 2i   3 + 0i\n\nans(:,:,2) =\n\n   4   5\n\n"
    );
    let page3 = nd(&[1, 1, 2, 2], vec![1.0, 2.0, 3.0, 4.0]);
    assert_eq!(
        named("p", &page3),
        "p =\n\nans(:,:,1,1) = 1\nans(:,:,2,1) = 2\nans(:,:,1,2) = 3\nans(:,:,2,2) = 4\n\n"
    );
}

#[test]
fn structs() {
    let s = strukt(vec![
        ("message", Value::str("boom")),
        ("identifier", Value::str("a:b")),
    ]);
    assert_eq!(
        named("s", &s),
        "s =\n\n  scalar structure containing the fields:\n\n    message = boom\n    identifier = a:b\n\n"
    );
    assert_eq!(
        disp(&s, DisplayFormat::Short, 80),
        "    message = boom\n    identifier = a:b\n"
    );
    assert_eq!(
        named("t", &strukt(vec![])),
        "t =\n\n  scalar structure containing the fields:\n\n\n"
    );
    let t = strukt(vec![
        ("a", Value::row(vec![1.0, 2.0, 3.0])),
        ("b", Value::num(5.0)),
        ("c", Value::str("str")),
        ("d", Value::col(vec![1.0, 2.0])),
        ("e", Value::empty()),
        ("f", Value::bool(true)),
        ("g", Value::complex(1.0, 2.0)),
    ]);
    assert_eq!(
        named("t", &t),
        "t =\n\n  scalar structure containing the fields:\n\n    a =\n\n       1   2   3\n\n    b = 5\n    c = str\n    d =\n\n       1\n       2\n\n    e = [](0x0)\n    f = 1\n    g =  1 + 2i\n\n"
    );
}

#[test]
fn nested_structs() {
    let inner = strukt(vec![("z", Value::row(vec![1.0, 2.0]))]);
    let s = strukt(vec![
        ("a", Value::char_rows(&["ab".into(), "cd".into()])),
        ("b", brow(&[true, false])),
        ("c", Value::str("")),
        ("d", crow(&[(1.0, 2.0), (3.0, 0.0)])),
        ("e", nd(&[1, 2, 2], vec![1.0, 2.0, 3.0, 4.0])),
        ("f", strukt(vec![("x", Value::num(1.0)), ("y", inner)])),
        ("g", Value::row((1..=30).map(f64::from).collect())),
        ("h", Value::num(f64::NAN)),
    ]);
    let body = "    a =\n\nab\ncd\n\n    b =\n\n      1  0\n\n    c = \n    d =\n\n       1 + 2i   3 + 0i\n\n    e =\n\n    ans(:,:,1) =\n\n       1   2\n\n    ans(:,:,2) =\n\n       3   4\n\n    f =\n\n      scalar structure containing the fields:\n\n        x = 1\n        y =\n\n          scalar structure containing the fields:\n\n            z: 1x2 matrix\n\n\n    g =\n\n     Columns 1 through 15:\n\n        1    2    3    4    5    6    7    8    9   10   11   12   13   14   15\n\n     Columns 16 through 30:\n\n       16   17   18   19   20   21   22   23   24   25   26   27   28   29   30\n\n    h = NaN\n";
    assert_eq!(
        named("s", &s),
        format!("s =\n\n  scalar structure containing the fields:\n\n{body}\n")
    );
    assert_eq!(disp(&s, DisplayFormat::Short, 80), body);
}

#[test]
fn deep_struct_type_names() {
    let leaf = strukt(vec![
        ("c", Value::num(1.0)),
        ("d", Value::row(vec![1.0, 2.0])),
        ("e", Value::str("hi")),
        ("f", Value::bool(true)),
        ("g", brow(&[true, false])),
        ("h", Value::complex(1.0, 1.0)),
        ("i", crow(&[(1.0, 1.0), (2.0, 0.0)])),
        ("j", strukt(vec![("q", Value::num(1.0))])),
        ("k", Value::char_rows(&["ab".into(), "cd".into()])),
        ("l", nd(&[2, 2, 2], vec![0.0; 8])),
        ("m", Value::str("")),
    ]);
    let t = strukt(vec![("a", strukt(vec![("b", leaf)]))]);
    assert_eq!(
        named("t", &t),
        "t =\n\n  scalar structure containing the fields:\n\n    a =\n\n      scalar structure containing the fields:\n\n        b =\n\n          scalar structure containing the fields:\n\n            c: 1x1 scalar\n            d: 1x2 matrix\n            e: 1x2 sq_string\n            f: 1x1 bool\n            g: 1x2 bool matrix\n            h: 1x1 complex scalar\n            i: 1x2 complex matrix\n            j: 1x1 scalar struct\n            k: 2x2 sq_string\n            l: 2x2x2 matrix\n            m: 0x0 sq_string\n\n\n\n"
    );
}

#[test]
fn disp_forms() {
    let d = |v: &Value| disp(v, DisplayFormat::Short, 80);
    assert_eq!(d(&Value::empty()), "[](0x0)\n");
    assert_eq!(d(&Value::matrix(0, 3, vec![])), "[](0x3)\n");
    assert_eq!(d(&Value::str("")), "\n");
    assert_eq!(d(&Value::bool(true)), "1\n");
    assert_eq!(d(&brow(&[true, false])), "  1  0\n");
    assert_eq!(d(&Value::complex(3.0, 4.0)), " 3 + 4i\n");
    assert_eq!(d(&crow(&[(1.0, 2.0), (3.0, -4.0)])), "   1 + 2i   3 - 4i\n");
    assert_eq!(
        d(&Value::char_rows(&["ab".into(), "cd".into()])),
        "ab\ncd\n"
    );
    assert_eq!(d(&Value::num(f64::NAN)), "NaN\n");
    assert_eq!(d(&Value::num(-0.0)), "0\n");
    assert_eq!(d(&Value::num(1e10)), "1.0000e+10\n");
    assert_eq!(
        d(&Value::row((1..=20).map(f64::from).collect())),
        " Columns 1 through 16:\n\n    1    2    3    4    5    6    7    8    9   10   11   12   13   14   15   16\n\n Columns 17 through 20:\n\n   17   18   19   20\n"
    );
}

#[test]
fn narrow_terminal_and_single_columns() {
    let v = Value::row(vec![1.5, 2.5, 3.5]);
    assert_eq!(
        display_named("v", &v, DisplayFormat::Short, 20),
        "v =\n\n Columns 1 and 2:\n\n   1.5000   2.5000\n\n Column 3:\n\n   3.5000\n\n"
    );
    // A terminal narrower than one column still prints one column per chunk.
    assert_eq!(
        display_named("v", &Value::row(vec![1.5, 2.5]), DisplayFormat::Short, 4),
        "v =\n\n Column 1:\n\n   1.5000\n\n Column 2:\n\n   2.5000\n\n"
    );
    assert_eq!(named("m", &mat(&[&[1.0]])), "m = 1\n");
}

#[test]
fn nd_pages_of_one_element() {
    let z = Value::Complex(Array::new(
        Dims::new(&[1, 1, 4]),
        vec![
            C64::new(1.0, 2.0),
            C64::new(3.0, 0.0),
            C64::new(4.0, 0.0),
            C64::new(5.0, 0.0),
        ],
    ));
    assert_eq!(
        named("z", &z),
        "z =\n\nans(:,:,1) =  1 + 2i\nans(:,:,2) = 3\nans(:,:,3) = 4\nans(:,:,4) = 5\n\n"
    );
    let a = Value::Complex(Array::new(
        Dims::new(&[1, 1, 2]),
        vec![C64::new(1.0, 2.0), C64::new(3.0, 0.0)],
    ));
    let b = Value::Bool(Array::new(Dims::new(&[1, 1, 2]), vec![true, true]));
    let s = strukt(vec![("a", a), ("b", b)]);
    assert_eq!(
        named("s", &s),
        "s =\n\n  scalar structure containing the fields:\n\n    a =\n\n    ans(:,:,1) =  1 + 2i\n    ans(:,:,2) = 3\n\n    b =\n\n    ans(:,:,1) = 1\n    ans(:,:,2) = 1\n\n\n"
    );
}

fn range_of(base: f64, inc: f64, n: usize) -> Value {
    Value::row((0..n).map(|k| base + inc * k as f64).collect())
}

#[test]
fn ranges_print_like_octave_ranges() {
    let r = |v: &Value, limit: f64| display_named_range("a", v, limit, DisplayFormat::Short, 80);
    assert_eq!(
        r(&range_of(0.0, 3.0, 4), 10.0),
        "a =\n\n    0    3    6    9\n\n"
    );
    assert_eq!(
        r(&range_of(-3.0, 1.0, 7), 3.0),
        "a =\n\n  -3  -2  -1   0   1   2   3\n\n"
    );
    assert_eq!(
        r(&range_of(0.0, 0.25, 5), 1.0),
        "a =\n\n         0    0.2500    0.5000    0.7500    1.0000\n\n"
    );
    assert_eq!(
        r(&range_of(-1.0, 0.5, 5), 1.0),
        "a =\n\n   -1.0000   -0.5000         0    0.5000    1.0000\n\n"
    );
    assert_eq!(
        r(&range_of(10.0, -2.5, 5), 0.0),
        "a =\n\n    10.0000     7.5000     5.0000     2.5000          0\n\n"
    );
    assert_eq!(
        r(&range_of(0.0, 1e-3, 4), 3e-3),
        "a =\n\n             0    1.0000e-03    2.0000e-03    3.0000e-03\n\n"
    );
    assert_eq!(
        r(&Value::row(vec![1e5, 1e5 + 0.5, 100001.0]), 100001.0),
        "a =\n\n    1.0000e+05    1.0000e+05    1.0000e+05\n\n"
    );
    assert_eq!(r(&Value::num(1.0), 1.0), "a = 1\n");
    assert_eq!(
        disp_range(&range_of(0.0, 0.25, 5), 1.0, DisplayFormat::Short, 80),
        "         0    0.2500    0.5000    0.7500    1.0000\n"
    );
    let wide = r(&range_of(1.0, 0.5, 9999), 5000.0);
    assert!(wide.starts_with(
        "a =\n\n Columns 1 through 5:\n\n    1.0000e+00    1.5000e+00    2.0000e+00    2.5000e+00    3.0000e+00\n\n Columns 6 through 10:\n"
    ));
}

#[test]
fn one_by_one_of_each_class() {
    assert_eq!(named("x", &Value::num(-2.5)), "x = -2.5000\n");
    assert_eq!(
        named("z", &Value::complex(-1.5, 0.25)),
        "z = -1.5000 + 0.2500i\n"
    );
    assert_eq!(named("b", &Value::bool(true)), "b = 1\n");
    assert_eq!(named("c", &Value::str("a")), "c = a\n");
    let s = strukt(vec![("v", Value::num(1.0))]);
    assert_eq!(
        named("s", &s),
        "s =\n\n  scalar structure containing the fields:\n\n    v = 1\n\n"
    );
}

#[test]
fn nd_empties() {
    let ch = |d: &[usize]| Value::Char(Array::new(Dims::new(d), vec![]));
    assert_eq!(named("x", &ch(&[1, 0, 2])), "x = [](1x0x2)\n");
    assert_eq!(named("y", &ch(&[0, 3, 2])), "y = [](0x3x2)\n");
    assert_eq!(
        named("z", &Value::Bool(Array::new(Dims::new(&[1, 0, 2]), vec![]))),
        "z = [](1x0x2)\n"
    );
    assert_eq!(
        named(
            "w",
            &Value::Complex(Array::new(Dims::new(&[1, 0, 2]), vec![]))
        ),
        "w = [](1x0x2)\n"
    );
    assert_eq!(
        disp(&ch(&[2, 0, 2]), DisplayFormat::Short, 80),
        "[](2x0x2)\n"
    );
    assert_eq!(
        disp(&nd(&[1, 0, 2], vec![]), DisplayFormat::Short, 80),
        "[](1x0x2)\n"
    );
}
