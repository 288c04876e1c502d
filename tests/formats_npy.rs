//! NumPy-written fixture files (tests/fixtures/npy, made by make_numpy.py)
//! load through the public API with exact values, shapes and classes.
//! Plain `cargo test`: no Python needed.

use flatlab::formats::npy::{parse_npy, read_npy, read_npy_with_notes, read_npz};
use flatlab::value::{Array, Dims, IntArray, Value, C64};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/npy")
        .join(name)
}

fn load(name: &str) -> Value {
    read_npy(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {}", e.message))
}

fn num(dims: &[usize], data: &[f64]) -> Value {
    Value::Num(Array::new(Dims::new(dims), data.to_vec()))
}

/// NumPy's `arange(6.).reshape(2, 3) * 1.5 - 1` as MATLAB sees it.
fn m23() -> Value {
    num(&[2, 3], &[-1.0, 3.5, 0.5, 5.0, 2.0, 6.5])
}

/// NumPy's `arange(24.).reshape(2, 3, 4)`: element (i, j, k) is 12i + 4j + k.
fn arange_234() -> Value {
    let mut d = Vec::new();
    for k in 0..4 {
        for j in 0..3 {
            for i in 0..2 {
                d.push((12 * i + 4 * j + k) as f64);
            }
        }
    }
    num(&[2, 3, 4], &d)
}

#[test]
fn doubles_in_c_and_fortran_order() {
    assert_eq!(load("f8_c.npy"), m23());
    assert_eq!(load("f8_f.npy"), m23());
    assert_eq!(load("f8_3d.npy"), arange_234());
    assert_eq!(
        load("bigendian.npy"),
        num(&[2, 2], &[1.5, 3e300, -2.25, 5e-324])
    );
    assert_eq!(load("empty.npy").dims().as_slice(), &[0, 3]);
    assert!(matches!(load("empty.npy"), Value::Num(_)));
}

#[test]
fn zero_and_one_dimensional() {
    assert_eq!(load("f8_0d.npy"), Value::num(2.5));
    // (n,) is a 1 x n row.
    assert_eq!(load("f8_1d.npy"), Value::row(vec![1.0, -2.0, 3.5]));
}

#[test]
fn logical_and_complex() {
    assert_eq!(
        load("bool.npy"),
        Value::Bool(Array::new(
            Dims::mat(2, 3),
            vec![true, false, false, false, true, true]
        ))
    );
    assert_eq!(
        load("complex.npy"),
        Value::Complex(Array::new(
            Dims::mat(2, 2),
            vec![
                C64::new(1.0, 2.0),
                C64::new(0.0, 1.0),
                C64::new(-3.5, 0.0),
                C64::new(-0.25, -8.0)
            ]
        ))
    );
}

#[test]
fn integer_and_single_keep_their_class() {
    let (v, notes) = read_npy_with_notes(&fixture("int16.npy")).unwrap();
    assert_eq!(
        v,
        Value::Int(IntArray::I16(Array::new(
            Dims::mat(2, 3),
            vec![-32768, 1, 0, 32767, 7, -2]
        )))
    );
    assert!(notes.is_empty(), "{notes:?}");
    let (v, notes) = read_npy_with_notes(&fixture("float32.npy")).unwrap();
    assert_eq!(v, Value::Single(Array::row(vec![0.1, -2.5, f32::INFINITY])));
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(
        load("uint8.npy"),
        Value::Int(IntArray::U8(Array::row(vec![0, 128, 255])))
    );
}

#[test]
fn unicode_is_a_char_matrix() {
    // ['abc', 'de', 'f😀']: rows padded with spaces; U+1F600 is a surrogate pair.
    let mut rows: Vec<Vec<u16>> = vec![
        "abc".encode_utf16().collect(),
        "de ".encode_utf16().collect(),
        "f\u{1F600}".encode_utf16().collect(),
    ];
    assert_eq!(rows[2].len(), 3);
    let mut data = vec![0u16; 9];
    for (i, r) in rows.iter_mut().enumerate() {
        for (j, &u) in r.iter().enumerate() {
            data[i + 3 * j] = u;
        }
    }
    assert_eq!(
        load("unicode.npy"),
        Value::Char(Array::new(Dims::mat(3, 3), data))
    );
    assert_eq!(load("unicode_0d.npy"), Value::str("hello"));
}

#[test]
fn npz_stored_and_compressed() {
    let l = read_npz(&fixture("savez.npz")).unwrap();
    assert!(l.notes.is_empty(), "{:?}", l.notes);
    let mut vars = l.vars.clone();
    vars.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        vars,
        vec![
            ("a".to_string(), m23()),
            ("s".to_string(), Value::str("hi")),
            ("v".to_string(), Value::row(vec![1.0, 2.0])),
        ]
    );
    let l = read_npz(&fixture("savez_compressed.npz")).unwrap();
    assert!(l.notes.is_empty(), "{:?}", l.notes);
    let mut vars = l.vars.clone();
    vars.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        vars,
        vec![
            ("a".to_string(), m23()),
            (
                "b".to_string(),
                Value::Bool(Array::new(Dims::mat(2, 1), vec![true, false]))
            ),
            ("c".to_string(), arange_234()),
        ]
    );
}

#[test]
fn every_truncation_of_a_fixture_is_an_error_not_a_panic() {
    let bytes = std::fs::read(fixture("f8_3d.npy")).unwrap();
    for cut in 0..bytes.len() {
        assert!(parse_npy(&bytes[..cut]).is_err(), "cut at {cut}");
    }
}
