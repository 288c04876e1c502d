//! Committed MAT-files written by SciPy and Octave (tests/fixtures/mat, with
//! the scripts that made them) load with the exact values, shapes and
//! classes: integers and single keep their class, cells and structs load
//! as cells and structs.

use flatlab::formats::mat;
use flatlab::value::{Array, Dims, IntArray, StructArray, Value, C64};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/mat")
        .join(name)
}

fn num(dims: &[usize], data: Vec<f64>) -> Value {
    Value::Num(Array::new(Dims::new(dims), data))
}

/// The variables both tools were given (see make_scipy.py / make_octave.m).
fn common() -> Vec<(&'static str, Value)> {
    vec![
        (
            "d",
            num(
                &[2, 3],
                vec![1.5, -0.0, -2.0, f64::INFINITY, 3.25, f64::NEG_INFINITY],
            ),
        ),
        (
            "i16",
            Value::Int(IntArray::I16(Array::row(vec![-3, 0, 32767]))),
        ),
        ("s", Value::Single(Array::row(vec![0.5, -1.25]))),
        (
            "b",
            Value::Bool(Array::new(Dims::mat(2, 2), vec![true, false, false, true])),
        ),
        ("txt", Value::str("hello")),
        (
            "z",
            Value::Complex(Array::row(vec![C64::new(1.0, 2.0), C64::new(-3.5, -0.5)])),
        ),
        ("e", Value::empty()),
        ("e03", Value::Num(Array::empty_with(Dims::mat(0, 3)))),
        (
            "c",
            Value::cell(Array::row(vec![Value::num(1.0), Value::str("x")])),
        ),
    ]
}

fn check(file: &str, extra: Vec<(&'static str, Value)>) {
    let path = fixture(file);
    let got = mat::read(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    let mut want = common();
    want.extend(extra);
    for (name, v) in &want {
        let found = got
            .vars
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{file}: no variable {name}"));
        assert_eq!(&found.1, v, "{file}: {name}");
        if let (Value::Num(a), Value::Num(b)) = (&found.1, v) {
            let bits = |x: &Array<f64>| x.data().iter().map(|f| f.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(a), bits(b), "{file}: {name} (bits)");
        }
    }
    assert_eq!(got.vars.len(), want.len(), "{file}: {:?}", got.vars);
    assert!(got.notes.is_empty(), "{file}: {:?}", got.notes);
}

/// A char matrix from its column-major characters.
fn chars(rows: usize, cols: usize, column_major: &str) -> Value {
    Value::Char(Array::new(
        Dims::mat(rows, cols),
        column_major.encode_utf16().collect(),
    ))
}

fn nd(first: f64) -> Value {
    num(&[2, 3, 4], (0..24).map(|k| first + k as f64).collect())
}

#[test]
fn scipy_savemat_files_load_exactly() {
    for file in ["scipy_v5.mat", "scipy_v5_compressed.mat"] {
        let extra = vec![
            ("u8", Value::Int(IntArray::U8(Array::row(vec![0, 7, 255])))),
            (
                "i64",
                Value::Int(IntArray::I64(Array::row(vec![-(1 << 53), 1 << 53]))),
            ),
            ("nd", nd(0.0)),
            ("chm", chars(2, 2, "acbd")),
            (
                "st",
                Value::structure(StructArray::scalar(vec![
                    ("a".into(), Value::num(1.0)),
                    ("b".into(), Value::str("two")),
                ])),
            ),
        ];
        check(file, extra);
    }
}

#[test]
fn octave_save_files_load_exactly() {
    for file in ["octave_v6.mat", "octave_v7.mat"] {
        let extra = vec![
            (
                "u32",
                Value::Int(IntArray::U32(Array::row(vec![0, 4_000_000_000]))),
            ),
            ("nd", nd(1.0)),
            ("chm", chars(2, 3, "adbecf")),
            ("small", num(&[1, 3], vec![1.0, 2.0, 3.0])),
            (
                "st",
                Value::structure(StructArray::scalar(vec![("a".into(), Value::num(1.0))])),
            ),
        ];
        check(file, extra);
    }
}

#[test]
fn octave_short_char_arrays_do_not_hide_the_next_variable() {
    // Octave 7.3 over-counts char arrays of 1-4 UTF-8 bytes by up to 4
    // bytes (see make_octave.m); Octave and SciPy then fail on the next
    // variable. flatlab reads every variable with its value.
    for file in ["octave_short_chars_v6.mat", "octave_short_chars_v7.mat"] {
        let got = mat::read(&fixture(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let want = vec![
            ("c22".to_string(), chars(2, 2, "acbd")),
            ("c21".to_string(), chars(2, 1, "xy")),
            ("after".to_string(), num(&[1, 1], vec![7.0])),
        ];
        assert_eq!(got.vars, want, "{file}");
        assert!(got.notes.is_empty(), "{file}: {:?}", got.notes);
    }
}
