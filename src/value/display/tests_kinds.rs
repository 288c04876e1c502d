//! The display conformance cases 41-70 (cells, structs, struct arrays,
//! integers, single, function handles): each test builds the case's values
//! by hand and compares with Octave's exact output (the case's `.out`),
//! and more cases of the same kinds checked against GNU Octave 7.3.

use super::tests::{mat, named};
use super::tests_more::strukt;
use super::*;
use crate::value::{Class, IntArray, StructArray, C32};

fn cell(rows: usize, cols: usize, data: Vec<Value>) -> Value {
    Value::cell(Array::new(Dims::mat(rows, cols), data))
}

fn cell_row(data: Vec<Value>) -> Value {
    let n = data.len();
    cell(1, n, data)
}

/// A struct array of size `dims` with one field `name` holding `values`.
fn struct_array(dims: Dims, name: &str, values: Vec<Value>) -> Value {
    let records = values.into_iter().map(|v| vec![v].into_boxed_slice());
    let elems = Array::new(dims, records.collect());
    Value::structure(StructArray::new(vec![name.to_string()], elems))
}

fn int(class: Class, dims: Dims, data: Vec<f64>) -> Value {
    let a = Array::new(dims, data);
    match IntArray::from_f64(class, &a) {
        Some(Ok(ia)) => Value::Int(ia),
        _ => panic!("{class} is an integer class"),
    }
}

fn int_row(class: Class, data: &[f64]) -> Value {
    int(class, Dims::row(data.len()), data.to_vec())
}

fn single(rows: &[&[f64]]) -> Value {
    match mat(rows) {
        Value::Num(a) => Value::Single(a.map(|&x| x as f32)),
        _ => unreachable!(),
    }
}

fn named_fn(n: &str) -> Value {
    Value::func(Func::Named(n.to_string()))
}

fn anon(text: &str) -> Value {
    Value::func(Func::Anon {
        text: text.to_string(),
        captures: Vec::new(),
    })
}

fn disp80(v: &Value) -> String {
    disp(v, DisplayFormat::Short, 80)
}

fn long(name: &str, v: &Value) -> String {
    display_named(name, v, DisplayFormat::Long, 80)
}

#[test]
fn case41_cell_mixed() {
    let c = cell(
        2,
        2,
        vec![
            Value::num(1.0),
            Value::row(vec![1.0, 2.0, 3.0]),
            Value::str("ab"),
            cell_row(vec![Value::num(2.0)]),
        ],
    );
    assert_eq!(
        named("c", &c),
        "c =\n{\n  [1,1] = 1\n  [2,1] =\n\n     1   2   3\n\n  [1,2] = ab\n  [2,2] =\n  {\n    [1,1] = 2\n  }\n\n}\n\n"
    );
}

#[test]
fn case42_cell_row_numbers() {
    let c = cell_row(vec![Value::num(1.0), Value::num(2.5), Value::num(-3.0)]);
    assert_eq!(
        named("c", &c),
        "c =\n{\n  [1,1] = 1\n  [1,2] = 2.5000\n  [1,3] = -3\n}\n\n"
    );
}

#[test]
fn case43_cell_empty() {
    let out = named("c", &cell(0, 0, vec![])) + &named("d", &cell(2, 0, vec![]));
    assert_eq!(out, "c = {}(0x0)\nd = {}(2x0)\n");
}

#[test]
fn case44_cell_of_strings() {
    let c = cell(
        3,
        1,
        vec![Value::str("alpha"), Value::str("be"), Value::str("c")],
    );
    assert_eq!(
        named("names", &c),
        "names =\n{\n  [1,1] = alpha\n  [2,1] = be\n  [3,1] = c\n}\n\n"
    );
}

#[test]
fn case45_cell_nested_deep() {
    let inner = cell_row(vec![Value::num(2.0), cell_row(vec![Value::num(3.0)])]);
    let c = cell_row(vec![Value::num(1.0), inner]);
    assert_eq!(
        named("c", &c),
        "c =\n{\n  [1,1] = 1\n  [1,2] =\n  {\n    [1,1] = 2\n    [1,2] =\n    {\n      [1,1] = 3\n    }\n\n  }\n\n}\n\n"
    );
}

#[test]
fn case46_cell_with_empty() {
    let c = cell_row(vec![
        Value::empty(),
        Value::str(""),
        Value::Num(Array::empty_with(Dims::mat(0, 3))),
    ]);
    assert_eq!(
        named("c", &c),
        "c =\n{\n  [1,1] = [](0x0)\n  [1,2] = \n  [1,3] = [](0x3)\n}\n\n"
    );
}

#[test]
fn case47_cell_matrix_elem() {
    let c = cell_row(vec![mat(&[&[1.0, 2.0], &[3.0, 4.0]]), Value::bool(true)]);
    assert_eq!(
        named("c", &c),
        "c =\n{\n  [1,1] =\n\n     1   2\n     3   4\n\n  [1,2] = 1\n}\n\n"
    );
}

#[test]
fn case48_struct_scalar() {
    let s = strukt(vec![
        ("a", Value::num(1.0)),
        ("b", Value::str("text")),
        ("c", Value::row(vec![1.0, 2.0, 3.0])),
    ]);
    assert_eq!(
        named("s", &s),
        "s =\n\n  scalar structure containing the fields:\n\n    a = 1\n    b = text\n    c =\n\n       1   2   3\n\n\n"
    );
}

#[test]
fn case49_struct_nested() {
    let inner = strukt(vec![
        ("v", Value::num(5.0)),
        ("w", Value::row(vec![1.0, 2.0])),
    ]);
    let s = strukt(vec![("name", Value::str("x")), ("inner", inner)]);
    assert_eq!(
        named("s", &s),
        "s =\n\n  scalar structure containing the fields:\n\n    name = x\n    inner =\n\n      scalar structure containing the fields:\n\n        v = 5\n        w =\n\n           1   2\n\n\n\n"
    );
}

#[test]
fn case50_struct_array() {
    let s = struct_array(
        Dims::row(3),
        "a",
        vec![Value::num(1.0), Value::num(2.0), Value::num(3.0)],
    );
    assert_eq!(
        named("s", &s),
        "s =\n\n  1x3 struct array containing the fields:\n\n    a\n\n"
    );
}

#[test]
fn case51_struct_empty() {
    let s = Value::structure(StructArray::filled(vec![], Dims::empty()));
    let t = Value::structure(StructArray::filled(vec!["a".into()], Dims::empty()));
    assert_eq!(
        named("s", &s) + &named("t", &t),
        "s =\n\n  0x0 struct array containing the fields:\n\n\nt =\n\n  0x0 struct array containing the fields:\n\n    a\n\n"
    );
}

#[test]
fn case52_struct_no_fields() {
    let s = Value::structure(StructArray::default());
    assert_eq!(
        named("s", &s),
        "s =\n\n  scalar structure containing the fields:\n\n\n"
    );
}

#[test]
fn case53_struct_with_cell() {
    let s = strukt(vec![
        ("list", cell_row(vec![Value::num(1.0), Value::str("two")])),
        ("n", Value::num(2.0)),
    ]);
    assert_eq!(
        named("s", &s),
        "s =\n\n  scalar structure containing the fields:\n\n    list =\n    {\n      [1,1] = 1\n      [1,2] = two\n    }\n\n    n = 2\n\n"
    );
}

#[test]
fn case54_int8_negative() {
    let a = int(Class::Int8, Dims::mat(2, 2), vec![-5.0, 100.0, 3.0, -128.0]);
    assert_eq!(named("a", &a), "a =\n\n    -5     3\n   100  -128\n\n");
}

#[test]
fn case55_uint8_row() {
    let a = int_row(Class::UInt8, &[1.0, 20.0, 255.0]);
    let b = int_row(Class::UInt8, &[7.0]);
    assert_eq!(
        named("a", &a) + &named("b", &b),
        "a =\n\n    1   20  255\n\nb = 7\n"
    );
}

#[test]
fn case56_int32_column() {
    let v = int(Class::Int32, Dims::col(3), vec![1.0, -20.0, 300.0]);
    assert_eq!(named("v", &v), "v =\n\n     1\n   -20\n   300\n\n");
}

#[test]
fn case57_int_saturation() {
    let a = int_row(Class::Int16, &[40000.0]);
    let b = int_row(Class::Int16, &[-32768.0]);
    assert_eq!(named("a", &a) + &named("b", &b), "a = 32767\nb = -32768\n");
}

#[test]
fn case58_int64_extremes() {
    let a = Value::Int(IntArray::I64(Array::scalar(i64::MAX)));
    let b = Value::Int(IntArray::I64(Array::scalar(i64::MIN)));
    let c = Value::Int(IntArray::U64(Array::scalar(u64::MAX)));
    assert_eq!(
        named("a", &a) + &named("b", &b) + &named("c", &c),
        "a = 9223372036854775807\nb = -9223372036854775808\nc = 18446744073709551615\n"
    );
}

#[test]
fn case59_int_empty() {
    let a = int(Class::Int8, Dims::mat(0, 3), vec![]);
    let b = int(Class::Int32, Dims::empty(), vec![]);
    assert_eq!(
        named("a", &a) + &named("b", &b),
        "a = [](0x3)\nb = [](0x0)\n"
    );
}

#[test]
fn case60_single_scalar() {
    let out = named("a", &single(&[&[3.0]]))
        + &named("b", &single(&[&[2.5]]))
        + &named("c", &single(&[&[std::f64::consts::PI]]));
    assert_eq!(out, "a = 3\nb = 2.5000\nc = 3.1416\n");
}

#[test]
fn case61_single_matrix() {
    let a = single(&[&[1.5, 2.0], &[-3.0, 4.25]]);
    assert_eq!(
        named("A", &a),
        "A =\n\n   1.5000   2.0000\n  -3.0000   4.2500\n\n"
    );
}

#[test]
fn case62_single_special() {
    let a = single(&[&[1.0, f64::INFINITY, f64::NAN]]);
    let b = single(&[&[1e10]]);
    assert_eq!(
        named("a", &a) + &named("b", &b),
        "a =\n\n     1   Inf   NaN\n\nb = 1.0000e+10\n"
    );
}

#[test]
fn case63_single_complex() {
    let z = Value::SingleComplex(Array::scalar(C32::new(3.0, 4.0)));
    assert_eq!(named("z", &z), "z =  3 + 4i\n");
}

#[test]
fn case64_handle_named() {
    let out = named("f", &named_fn("sin")) + &named("g", &named_fn("max"));
    assert_eq!(out, "f = @sin\ng = @max\n");
}

#[test]
fn case65_handle_anon() {
    let out = named("f", &anon("@(x) x .^ 2 + 1")) + &named("g", &anon("@(x, y) x + y"));
    assert_eq!(out, "f =\n\n@(x) x .^ 2 + 1\n\ng =\n\n@(x, y) x + y\n\n");
}

#[test]
fn case66_handle_capture() {
    let h = Value::func(Func::Anon {
        text: "@(x) a * x".to_string(),
        captures: vec![("a".to_string(), Value::num(2.0))],
    });
    assert_eq!(named("h", &h), "h =\n\n@(x) a * x\n\n");
}

#[test]
fn case67_handle_in_cell() {
    let c = cell_row(vec![named_fn("sin"), Value::num(3.0)]);
    assert_eq!(named("c", &c), "c =\n{\n  [1,1] = @sin\n  [1,2] = 3\n}\n\n");
}

#[test]
fn case68_int_logical_mixed_ops() {
    let a = int_row(Class::Int8, &[3.5]);
    let out = named("a", &a) + &named("k", &Value::str(a.class_name()));
    assert_eq!(out, "a = 4\nk = int8\n");
}

#[test]
fn case69_cell_struct_elem() {
    let c = cell_row(vec![strukt(vec![("a", Value::num(1.0))])]);
    assert_eq!(
        named("c", &c),
        "c =\n{\n  [1,1] =\n\n    scalar structure containing the fields:\n\n      a = 1\n\n}\n\n"
    );
}

#[test]
fn case70_uint16_matrix() {
    let m = int(
        Class::UInt16,
        Dims::mat(2, 2),
        vec![1.0, 65535.0, 1000.0, 20.0],
    );
    assert_eq!(named("m", &m), "m =\n\n      1   1000\n  65535     20\n\n");
}

// ----- beyond the conformance cases, each checked against Octave 7.3 -----

#[test]
fn int_widths_count_sign_and_skip_the_class_minimum() {
    let r = |class, data: &[f64]| named("x", &int_row(class, data));
    assert_eq!(r(Class::Int8, &[-1.0, 100.0]), "x =\n\n    -1   100\n\n");
    assert_eq!(r(Class::Int8, &[-128.0, 1.0]), "x =\n\n  -128  1\n\n");
    assert_eq!(r(Class::Int8, &[-128.0, 100.0]), "x =\n\n  -128  100\n\n");
    assert_eq!(
        r(Class::Int16, &[-32768.0, -1.0]),
        "x =\n\n  -32768  -1\n\n"
    );
    assert_eq!(r(Class::UInt8, &[0.0, 0.0]), "x =\n\n  0  0\n\n");
    let extremes = Value::Int(IntArray::I64(Array::row(vec![i64::MAX, i64::MIN])));
    assert_eq!(
        named("l", &extremes),
        "l =\n\n  9223372036854775807  -9223372036854775808\n\n"
    );
    let u = Value::Int(IntArray::U64(Array::col(vec![u64::MAX, 1])));
    assert_eq!(
        named("m", &u),
        "m =\n\n  18446744073709551615\n                     1\n\n"
    );
}

#[test]
fn int_columns_split_at_the_terminal_width() {
    let data: Vec<f64> = (1..=30).map(f64::from).collect();
    let mut want = String::from("g =\n\n Columns 1 through 20:\n\n");
    want.push_str(&(1..=20).map(|k| format!("{k:>4}")).collect::<String>());
    want.push_str("\n\n Columns 21 through 30:\n\n");
    want.push_str(&(21..=30).map(|k| format!("{k:>4}")).collect::<String>());
    want.push_str("\n\n");
    assert_eq!(named("g", &int_row(Class::Int32, &data)), want);
    // All zeros: the field is 0 wide, so 40 columns of "  0" fit in 80.
    let zeros = named("a", &int_row(Class::Int8, &[0.0; 45]));
    assert!(
        zeros.starts_with("a =\n\n Columns 1 through 40:\n\n"),
        "{zeros}"
    );
    assert!(zeros.ends_with("\n\n Columns 41 through 45:\n\n  0  0  0  0  0\n\n"));
}

#[test]
fn int_pages_share_one_width_and_unindented_names() {
    let h = int(
        Class::Int8,
        Dims::new(&[1, 2, 2]),
        vec![1.0, 2.0, 100.0, -2.0],
    );
    assert_eq!(
        named("h", &h),
        "h =\n\nans(:,:,1) =\n\n     1     2\n\nans(:,:,2) =\n\n   100    -2\n\n"
    );
    let c = cell_row(vec![int(
        Class::Int8,
        Dims::new(&[1, 1, 2]),
        vec![0.0, 0.0],
    )]);
    assert_eq!(
        named("x", &c),
        "x =\n{\n  [1,1] =\n\nans(:,:,1) =\n\n    0\n\nans(:,:,2) =\n\n    0\n\n}\n\n"
    );
}

#[test]
fn single_uses_single_precision_limits() {
    let s = |x: f64| named("x", &single(&[&[x]]));
    assert_eq!(s(16777217.0), "x = 1.6777e+07\n");
    assert_eq!(s(1e-5), "x = 1.0000e-05\n");
    assert_eq!(s(0.01234), "x = 0.012340\n");
    let l = |x: f64| long("x", &single(&[&[x]]));
    assert_eq!(l(std::f64::consts::PI), "x = 3.1415927\n");
    assert_eq!(l(0.1), "x = 0.1000000\n");
    assert_eq!(l(1e10), "x = 1.0000000e+10\n");
    assert_eq!(l(12345.678), "x = 12345.678\n");
    assert_eq!(l(1e-3), "x = 1.0000000e-03\n");
    assert_eq!(l(12345678.0), "x = 12345678\n");
    assert_eq!(
        long(
            "b",
            &single(&[&[std::f64::consts::PI], &[std::f64::consts::E]])
        ),
        "b =\n\n   3.1415927\n   2.7182817\n\n"
    );
    let z = Value::SingleComplex(Array::scalar(C32::new(1.0, 2.5)));
    assert_eq!(long("g", &z), "g =  1.0000000 + 2.5000000i\n");
}

#[test]
fn containers_nest_every_kind() {
    let sa = struct_array(Dims::row(2), "a", vec![Value::num(1.0), Value::num(2.0)]);
    let c = cell(
        2,
        2,
        vec![
            int_row(Class::Int8, &[1.0, 2.0]),
            anon("@(x) x + 1"),
            single(&[&[2.5]]),
            sa.clone(),
        ],
    );
    assert_eq!(
        named("c", &c),
        "c =\n{\n  [1,1] =\n\n    1  2\n\n  [2,1] =\n\n@(x) x + 1\n\n  [1,2] = 2.5000\n  [2,2] =\n\n    1x2 struct array containing the fields:\n\n      a\n\n}\n\n"
    );
    let s = strukt(vec![
        ("f", anon("@(x) x .^ 2")),
        ("g", named_fn("sin")),
        ("h", cell(0, 0, vec![])),
        ("k", sa),
        (
            "m",
            int(Class::Int8, Dims::mat(2, 2), vec![1.0, 3.0, 2.0, 4.0]),
        ),
        ("n", single(&[&[3.5]])),
        ("r", Value::char_rows(&["ab".to_string(), "cd".to_string()])),
    ]);
    assert_eq!(
        named("s", &s),
        "s =\n\n  scalar structure containing the fields:\n\n    f =\n\n@(x) x .^ 2\n\n    g = @sin\n    h = {}(0x0)\n    k =\n\n      1x2 struct array containing the fields:\n\n        a\n\n    m =\n\n      1  2\n      3  4\n\n    n = 3.5000\n    r =\n\nab\ncd\n\n\n"
    );
    let nd = Value::cell(Array::new(Dims::new(&[1, 2, 2]), vec![Value::empty(); 4]));
    assert_eq!(named("c", &nd), "c = {1x2x2 Cell Array}\n");
}

#[test]
fn deep_structs_list_field_types() {
    let leaf = strukt(vec![
        ("c", strukt(vec![("d", Value::num(1.0))])),
        ("x", cell_row(vec![Value::num(1.0)])),
        ("i", int_row(Class::UInt16, &[1.0, 2.0])),
        ("f", single(&[&[1.0]])),
        ("w", named_fn("sin")),
        (
            "e",
            Value::structure(StructArray::filled(vec![], Dims::empty())),
        ),
    ]);
    let s = strukt(vec![("a", strukt(vec![("b", leaf)]))]);
    assert_eq!(
        named("s", &s),
        "s =\n\n  scalar structure containing the fields:\n\n    a =\n\n      scalar structure containing the fields:\n\n        b =\n\n          scalar structure containing the fields:\n\n            c: 1x1 scalar struct\n            x: 1x1 cell\n            i: 1x2 uint16 matrix\n            f: 1x1 float scalar\n            w: 1x1 function handle\n            e: 0x0 struct\n\n\n\n"
    );
    // A cell between structs is not a level.
    let u = strukt(vec![(
        "a",
        cell_row(vec![strukt(vec![(
            "c",
            strukt(vec![("d", strukt(vec![("e", Value::num(1.0))]))]),
        )])]),
    )]);
    assert_eq!(
        named("u", &u),
        "u =\n\n  scalar structure containing the fields:\n\n    a =\n    {\n      [1,1] =\n\n        scalar structure containing the fields:\n\n          c =\n\n            scalar structure containing the fields:\n\n              d: 1x1 scalar struct\n\n\n    }\n\n\n"
    );
}

#[test]
fn disp_of_each_kind() {
    assert_eq!(
        disp80(&cell_row(vec![Value::num(1.0), Value::str("ab")])),
        "{\n  [1,1] = 1\n  [1,2] = ab\n}\n"
    );
    assert_eq!(disp80(&cell(0, 0, vec![])), "{}(0x0)\n");
    assert_eq!(disp80(&strukt(vec![("a", Value::num(1.0))])), "    a = 1\n");
    let sa = struct_array(Dims::row(2), "a", vec![Value::num(1.0), Value::num(2.0)]);
    assert_eq!(
        disp80(&sa),
        "  1x2 struct array containing the fields:\n\n    a\n"
    );
    let empty = Value::structure(StructArray::filled(vec![], Dims::empty()));
    assert_eq!(
        disp80(&empty),
        "  0x0 struct array containing the fields:\n\n"
    );
    assert_eq!(disp80(&named_fn("sin")), "@sin\n");
    assert_eq!(disp80(&anon("@(x) x + 1")), "@(x) x + 1\n");
    assert_eq!(
        disp80(&int(
            Class::Int8,
            Dims::mat(2, 2),
            vec![1.0, -3.0, 2.0, 4.0]
        )),
        "   1   2\n  -3   4\n"
    );
    assert_eq!(disp80(&int_row(Class::Int8, &[5.0])), "5\n");
    assert_eq!(disp80(&single(&[&[1.5, 2.0]])), "   1.5000   2.0000\n");
}
