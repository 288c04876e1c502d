//! Committed MAT-files written by SciPy and Octave (tests/fixtures/mat, with
//! the scripts that made them) load with the exact values, shapes and
//! classes, and the unsupported entries are skipped with notes.

use flatlab::formats::mat;
use flatlab::value::{Array, Dims, Value, C64};
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
        ("i16", num(&[1, 3], vec![-3.0, 0.0, 32767.0])),
        ("s", num(&[1, 2], vec![0.5, -1.25])),
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
    ]
}

fn check(file: &str, extra: Vec<(&'static str, Value)>, converted: &str) {
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
    assert!(!got.vars.iter().any(|(n, _)| n == "c" || n == "st"));
    let shown = path.display().to_string();
    assert_eq!(
        got.notes,
        vec![
            format!("load: {shown}: skipping variable 'c' of class cell (not supported)"),
            format!("load: {shown}: skipping variable 'st' of class struct (not supported)"),
            format!("load: {shown}: variables {converted} converted to double"),
        ],
        "{file}"
    );
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
            ("u8", num(&[1, 3], vec![0.0, 7.0, 255.0])),
            ("i64", num(&[1, 2], vec![-(2f64.powi(53)), 2f64.powi(53)])),
            ("nd", nd(0.0)),
            ("chm", chars(2, 2, "acbd")),
        ];
        check(
            file,
            extra,
            "'i16' (int16), 'u8' (uint8), 'i64' (int64), 's' (single)",
        );
    }
}

#[test]
fn octave_save_files_load_exactly() {
    for file in ["octave_v6.mat", "octave_v7.mat"] {
        let extra = vec![
            ("u32", num(&[1, 2], vec![0.0, 4e9])),
            ("nd", nd(1.0)),
            ("chm", chars(2, 3, "adbecf")),
            ("small", num(&[1, 3], vec![1.0, 2.0, 3.0])),
        ];
        check(file, extra, "'i16' (int16), 'u32' (uint32), 's' (single)");
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
