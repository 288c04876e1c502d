//! Unit tests of the .npy/.npz reader and writer: hand-built files for every
//! dtype, order and shape rule, round trips, hostile headers, and property
//! tests that random and mutated files never panic.

use super::*;
use crate::value::{same_bits, Array, Dims, IntArray, C32, C64};
use proptest::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

fn temp(name: &str) -> std::path::PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    std::env::temp_dir().join(format!(
        "flatlab_npy_{}_{}_{name}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ))
}

/// A .npy file from its parts, version 1.0, header as NumPy writes it.
fn npy(descr: &str, fortran: bool, shape: &str, data: &[u8]) -> Vec<u8> {
    let f = if fortran { "True" } else { "False" };
    let dict = format!("{{'descr': '{descr}', 'fortran_order': {f}, 'shape': {shape}, }}");
    let mut h = dict.into_bytes();
    while (10 + h.len() + 1) % 64 != 0 {
        h.push(b' ');
    }
    h.push(b'\n');
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend_from_slice(&(h.len() as u16).to_le_bytes());
    out.extend_from_slice(&h);
    out.extend_from_slice(data);
    out
}

fn f8le(v: &[f64]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn mat(r: usize, c: usize, data: &[f64]) -> Value {
    Value::matrix(r, c, data.to_vec())
}

fn err_of(bytes: &[u8]) -> String {
    match parse_npy(bytes) {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => e.message.clone(),
    }
}

fn encoded(v: &Value) -> Vec<u8> {
    let e = encode::encode(v).unwrap();
    let mut out = Vec::new();
    e.write_to(&mut out).unwrap();
    out
}

#[test]
fn header_is_version_1_aligned_fortran_with_matlab_shape() {
    let b = encoded(&mat(2, 3, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]));
    assert_eq!(&b[..8], b"\x93NUMPY\x01\x00");
    let hlen = u16::from_le_bytes([b[8], b[9]]) as usize;
    assert_eq!((10 + hlen) % 64, 0);
    assert_eq!(b[10 + hlen - 1], b'\n');
    let text = std::str::from_utf8(&b[10..10 + hlen]).unwrap();
    assert!(text.len() < 128);
    assert!(text.starts_with("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }"));
    // Data: column-major, exactly the doubles.
    assert_eq!(
        &b[10 + hlen..],
        f8le(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).as_slice()
    );
    let s = encoded(&Value::num(7.0));
    assert!(String::from_utf8_lossy(&s).contains("'shape': (1, 1)"));
}

#[test]
fn round_trips_every_class() {
    let nd = Value::Num(Array::new(
        Dims::new(&[2, 3, 4]),
        (0..24).map(|x| x as f64 * 0.5 - 3.0).collect(),
    ));
    let cplx = Value::Complex(Array::new(
        Dims::mat(1, 3),
        vec![
            C64::new(1.0, -2.0),
            C64::new(-0.0, f64::INFINITY),
            C64::new(f64::NAN, 0.0),
        ],
    ));
    let logical = Value::Bool(Array::new(Dims::mat(2, 2), vec![true, false, false, true]));
    let chars = Value::char_rows(&["ab".into(), "xyz".into()]);
    // A surrogate pair (U+1F600) and a lone surrogate survive.
    let astral = Value::Char(Array::row(vec![0xD83D, 0xDE00, b'a' as u16, 0xDC00]));
    let nd_char = Value::Char(Array::new(
        Dims::new(&[2, 1, 3]),
        (0..6).map(|c| b'a' as u16 + c).collect(),
    ));
    for v in [
        mat(2, 3, &[1.0, -2.5, 3.0, f64::MAX, f64::MIN_POSITIVE, -0.0]),
        Value::num(std::f64::consts::PI),
        Value::empty(),
        Value::Num(Array::empty_with(Dims::mat(0, 3))),
        nd,
        cplx,
        logical,
        chars,
        astral,
        nd_char,
        Value::str("héllo"),
        Value::str(""),
    ] {
        let back = parse_npy(&encoded(&v)).unwrap();
        // Compare bit patterns so NaN and -0.0 count.
        assert_eq!(format!("{back:?}"), format!("{v:?}"), "round trip of {v:?}");
    }
}

/// Header text and data of a version 1.0 file.
fn split(b: &[u8]) -> (String, Vec<u8>) {
    let end = 10 + u16::from_le_bytes([b[8], b[9]]) as usize;
    (
        String::from_utf8_lossy(&b[10..end]).into_owned(),
        b[end..].to_vec(),
    )
}

#[test]
fn char_is_numpy_unicode_one_string_per_row() {
    let b = encoded(&Value::char_rows(&["ab".into(), "c".into()]));
    let (text, b) = split(&b);
    assert!(text.contains("'descr': '<U2'"), "{text}");
    assert!(text.contains("'shape': (2,)"), "{text}");
    let data: Vec<u32> = b
        .chunks(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    assert_eq!(
        data,
        vec![b'a' as u32, b'b' as u32, b'c' as u32, b' ' as u32]
    );
    // A surrogate pair is one code point; the row is NUL-padded in NumPy.
    let b = encoded(&Value::Char(Array::new(
        Dims::mat(2, 2),
        vec![0xD83D, b'x' as u16, 0xDE00, b'y' as u16],
    )));
    let (text, b) = split(&b);
    assert!(text.contains("'<U2'"));
    let data: Vec<u32> = b
        .chunks(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    assert_eq!(data, vec![0x1F600, 0, b'x' as u32, b'y' as u32]);
}

#[test]
fn c_order_is_reordered_to_column_major() {
    // NumPy's arange(6).reshape(2, 3): rows [0 1 2], [3 4 5].
    let v = parse_npy(&npy(
        "<f8",
        false,
        "(2, 3)",
        &f8le(&[0., 1., 2., 3., 4., 5.]),
    ))
    .unwrap();
    assert_eq!(v, mat(2, 3, &[0., 3., 1., 4., 2., 5.]));
    // The same data in Fortran order is taken as is.
    let v = parse_npy(&npy(
        "<f8",
        true,
        "(2, 3)",
        &f8le(&[0., 1., 2., 3., 4., 5.]),
    ))
    .unwrap();
    assert_eq!(v, mat(2, 3, &[0., 1., 2., 3., 4., 5.]));
    // 3-d and 4-d: element (i, j, k, l) of arange(...).reshape(shape) is its
    // row-major index.
    for shape in [vec![2usize, 3, 4], vec![3, 1, 2, 5], vec![2, 2, 2, 2]] {
        let n: usize = shape.iter().product();
        let data: Vec<f64> = (0..n).map(|x| x as f64).collect();
        let text = format!(
            "({})",
            shape
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        let v = parse_npy(&npy("<f8", false, &text, &f8le(&data))).unwrap();
        let Value::Num(a) = v else { panic!() };
        assert_eq!(a.dims(), &Dims::new(&shape));
        // Walk every index in column-major order.
        let mut idx = vec![0usize; shape.len()];
        for &x in a.data() {
            let rm = idx.iter().zip(&shape).fold(0, |acc, (&i, &d)| acc * d + i);
            assert_eq!(x, rm as f64, "shape {shape:?} index {idx:?}");
            for k in 0..shape.len() {
                idx[k] += 1;
                if idx[k] < shape[k] {
                    break;
                }
                idx[k] = 0;
            }
        }
    }
}

#[test]
fn shapes_0d_1d_and_empty() {
    assert_eq!(
        parse_npy(&npy("<f8", false, "()", &f8le(&[4.5]))).unwrap(),
        Value::num(4.5)
    );
    assert_eq!(
        parse_npy(&npy("<f8", false, "(3,)", &f8le(&[1., 2., 3.]))).unwrap(),
        Value::row(vec![1., 2., 3.])
    );
    let v = parse_npy(&npy("<f8", false, "(0,)", &[])).unwrap();
    assert_eq!(v.dims().as_slice(), &[1, 0]);
    let v = parse_npy(&npy("<f8", false, "(3, 0)", &[])).unwrap();
    assert_eq!(v.dims().as_slice(), &[3, 0]);
    // Trailing singleton dimensions go, as in MATLAB.
    let v = parse_npy(&npy("<f8", true, "(2, 1, 1)", &f8le(&[1., 2.]))).unwrap();
    assert_eq!(v, Value::col(vec![1., 2.]));
}

#[test]
fn dtypes_keep_their_class_in_either_byte_order() {
    let i = |a: IntArray| Value::Int(a);
    let cases: Vec<(&str, Vec<u8>, Value)> = vec![
        (
            "<i2",
            vec![0xff, 0xff, 0x02, 0x01],
            i(IntArray::I16(Array::row(vec![-1, 258]))),
        ),
        (
            ">i2",
            vec![0xff, 0xfe, 0x01, 0x02],
            i(IntArray::I16(Array::row(vec![-2, 258]))),
        ),
        (
            "|u1",
            vec![255, 7],
            i(IntArray::U8(Array::row(vec![255, 7]))),
        ),
        (
            "|i1",
            vec![0x80, 7],
            i(IntArray::I8(Array::row(vec![-128, 7]))),
        ),
        (
            ">u2",
            vec![0xff, 0xfe, 0, 1],
            i(IntArray::U16(Array::row(vec![0xfffe, 1]))),
        ),
        (
            "<u4",
            vec![1, 0, 0, 0x80, 5, 0, 0, 0],
            i(IntArray::U32(Array::row(vec![2147483649, 5]))),
        ),
        (
            ">i4",
            [(-5i32).to_be_bytes(), i32::MIN.to_be_bytes()].concat(),
            i(IntArray::I32(Array::row(vec![-5, i32::MIN]))),
        ),
        (
            "<i8",
            [i64::MIN.to_le_bytes(), ((1i64 << 53) + 1).to_le_bytes()].concat(),
            i(IntArray::I64(Array::row(vec![i64::MIN, (1 << 53) + 1]))),
        ),
        (
            ">u8",
            [u64::MAX.to_be_bytes(), 1u64.to_be_bytes()].concat(),
            i(IntArray::U64(Array::row(vec![u64::MAX, 1]))),
        ),
        (
            "<f4",
            [1.5f32.to_le_bytes(), 0x7fc0_1234u32.to_le_bytes()].concat(),
            Value::Single(Array::row(vec![1.5, f32::from_bits(0x7fc0_1234)])),
        ),
        (
            ">f4",
            [1.5f32.to_be_bytes(), (-0.0f32).to_be_bytes()].concat(),
            Value::Single(Array::row(vec![1.5, -0.0])),
        ),
        (
            "<c8",
            [1.0f32, -2.0, 0.5, 4.0]
                .iter()
                .flat_map(|x| x.to_le_bytes())
                .collect(),
            Value::SingleComplex(Array::row(vec![C32::new(1.0, -2.0), C32::new(0.5, 4.0)])),
        ),
        (
            ">c8",
            [1.0f32, -2.0, 0.5, 4.0]
                .iter()
                .flat_map(|x| x.to_be_bytes())
                .collect(),
            Value::SingleComplex(Array::row(vec![C32::new(1.0, -2.0), C32::new(0.5, 4.0)])),
        ),
    ];
    for (descr, data, want) in cases {
        let (v, notes) = parse_npy_with_notes(&npy(descr, false, "(2,)", &data)).unwrap();
        assert!(same_bits(&v, &want), "{descr}: {v:?} vs {want:?}");
        assert!(notes.is_empty(), "{descr}: {notes:?}");
    }
    // half: 1.0 = 0x3C00, -2.0 = 0xC000: double, with a note.
    let (v, notes) =
        parse_npy_with_notes(&npy("<f2", false, "(2,)", &[0x00, 0x3c, 0x00, 0xc0])).unwrap();
    assert_eq!(v, Value::row(vec![1.0, -2.0]));
    assert_eq!(notes, ["NumPy float16 data converted to double"]);
    // Big-endian doubles are swapped.
    let be: Vec<u8> = [1.25f64, -3.0]
        .iter()
        .flat_map(|x| x.to_be_bytes())
        .collect();
    let (v, notes) = parse_npy_with_notes(&npy(">f8", false, "(2,)", &be)).unwrap();
    assert_eq!(v, Value::row(vec![1.25, -3.0]));
    assert!(notes.is_empty());
    let (v, notes) = parse_npy_with_notes(&npy("|b1", false, "(3,)", &[1, 0, 2])).unwrap();
    assert_eq!(v, Value::Bool(Array::row(vec![true, false, true])));
    assert!(notes.is_empty());
    let c: Vec<u8> = [1.0f64, -2.0]
        .iter()
        .flat_map(|x| x.to_be_bytes())
        .collect();
    let v = parse_npy(&npy(">c16", false, "()", &c)).unwrap();
    assert_eq!(v, Value::complex(1.0, -2.0));
}

#[test]
fn integers_and_single_round_trip_with_numpy_names() {
    let vals = [
        (
            "|i1",
            Value::Int(IntArray::I8(Array::new(
                Dims::mat(2, 2),
                vec![i8::MIN, -1, 0, i8::MAX],
            ))),
        ),
        ("|u1", Value::Int(IntArray::U8(Array::row(vec![0, 255])))),
        (
            "<i2",
            Value::Int(IntArray::I16(Array::col(vec![i16::MIN, i16::MAX]))),
        ),
        ("<u2", Value::Int(IntArray::U16(Array::scalar(u16::MAX)))),
        (
            "<i4",
            Value::Int(IntArray::I32(Array::new(
                Dims::new(&[1, 2, 2]),
                vec![1, 2, 3, i32::MIN],
            ))),
        ),
        ("<u4", Value::Int(IntArray::U32(Array::row(vec![u32::MAX])))),
        (
            "<i8",
            Value::Int(IntArray::I64(Array::row(vec![i64::MIN, i64::MAX]))),
        ),
        (
            "<u8",
            Value::Int(IntArray::U64(Array::empty_with(Dims::mat(0, 2)))),
        ),
        (
            "<f4",
            Value::Single(Array::row(vec![f32::from_bits(0x7fa0_0001), -0.0, 1e-45])),
        ),
        (
            "<c8",
            Value::SingleComplex(Array::scalar(C32::new(3.0, -4.0))),
        ),
    ];
    for (descr, v) in &vals {
        let p = temp("kinds.npy");
        write_npy(&p, v).unwrap();
        let bytes = std::fs::read(&p).unwrap();
        let head = String::from_utf8_lossy(&bytes[10..80]).into_owned();
        assert!(head.contains(&format!("'descr': '{descr}'")), "{head}");
        let (back, notes) = read_npy_with_notes(&p).unwrap();
        assert!(same_bits(v, &back), "{descr}: {back:?}");
        assert!(notes.is_empty());
        let _ = std::fs::remove_file(&p);
    }
}

#[test]
fn cells_structs_and_handles_are_refused_saying_what_to_use() {
    let c = Value::cell(Array::row(vec![Value::num(1.0)]));
    let s = Value::structure(crate::value::StructArray::default());
    let f = Value::func(crate::value::Func::Named("sin".into()));
    let p = temp("refused.npy");
    let e = write_npy(&p, &c).unwrap_err();
    assert_eq!(
        e.message,
        "save: a cell array cannot be saved in a NumPy file: .npy and .npz hold numeric, \
         logical and char arrays only (save it to a .mat or .json file)"
    );
    assert!(!p.exists());
    let x = Value::num(1.0);
    let e = write_npz(&temp("refused.npz"), &[("x", &x), ("s", &s)], false).unwrap_err();
    assert!(
        e.message.starts_with("save: variable 's': a struct cannot"),
        "{}",
        e.message
    );
    let e = write_npz(&temp("refused.npz"), &[("f", &f)], true).unwrap_err();
    assert!(
        e.message.contains("'f': a function handle cannot"),
        "{}",
        e.message
    );
}

fn ucs4(s: &[u32], be: bool) -> Vec<u8> {
    s.iter()
        .flat_map(|c| if be { c.to_be_bytes() } else { c.to_le_bytes() })
        .collect()
}

#[test]
fn unicode_reads_as_char_matrix() {
    // ['ab', 'c'] as NumPy writes it: '<U2', NUL padded.
    let v = parse_npy(&npy("<U2", false, "(2,)", &ucs4(&[97, 98, 99, 0], false))).unwrap();
    assert_eq!(v, Value::char_rows(&["ab".into(), "c ".into()]));
    let v = parse_npy(&npy(">U2", false, "(2,)", &ucs4(&[97, 98, 99, 0], true))).unwrap();
    assert_eq!(v, Value::char_rows(&["ab".into(), "c ".into()]));
    // 0-d: one row; width follows the longest string, not the itemsize.
    let v = parse_npy(&npy("<U5", false, "()", &ucs4(&[104, 105, 0, 0, 0], false))).unwrap();
    assert_eq!(v, Value::str("hi"));
    // Astral code points become surrogate pairs.
    let v = parse_npy(&npy("<U1", false, "()", &ucs4(&[0x1F600], false))).unwrap();
    assert_eq!(v, Value::Char(Array::row(vec![0xD83D, 0xDE00])));
    // A 2-d C-order string array (2, 2) of width-1 strings: dims (2, 1, 2).
    let v = parse_npy(&npy(
        "<U1",
        false,
        "(2, 2)",
        &ucs4(&[97, 98, 99, 100], false),
    ))
    .unwrap();
    assert_eq!(v.dims().as_slice(), &[2, 1, 2]);
    let Value::Char(a) = v else { panic!() };
    assert_eq!(a.data(), &[97, 99, 98, 100]);
    // Empty strings: r x 0.
    let v = parse_npy(&npy("<U1", false, "(3,)", &ucs4(&[0, 0, 0], false))).unwrap();
    assert_eq!(v.dims().as_slice(), &[3, 0]);
    // Invalid code points are replaced, with a note.
    let (v, notes) =
        parse_npy_with_notes(&npy("<U1", false, "(1,)", &ucs4(&[0x11_0000], false))).unwrap();
    assert_eq!(v, Value::Char(Array::scalar(0xFFFD)));
    assert_eq!(notes.len(), 1);
    // Byte strings as Latin-1.
    let v = parse_npy(&npy("|S3", false, "(1,)", b"a\xe9\0")).unwrap();
    assert_eq!(v, Value::str("aé"));
}

#[test]
fn versions_2_and_3_read() {
    for major in [2u8, 3] {
        let dict = b"{'descr': '<f8', 'fortran_order': True, 'shape': (2,), }";
        let mut h = dict.to_vec();
        while (12 + h.len() + 1) % 64 != 0 {
            h.push(b' ');
        }
        h.push(b'\n');
        let mut b = vec![0x93, b'N', b'U', b'M', b'P', b'Y', major, 0];
        b.extend_from_slice(&(h.len() as u32).to_le_bytes());
        b.extend_from_slice(&h);
        b.extend_from_slice(&f8le(&[1.0, 2.0]));
        assert_eq!(parse_npy(&b).unwrap(), Value::row(vec![1.0, 2.0]));
    }
    // Python 2 style headers: long integers.
    let b = npy("<f8", true, "(1L, 2L)", &f8le(&[1.0, 2.0]));
    assert_eq!(parse_npy(&b).unwrap(), mat(1, 2, &[1.0, 2.0]));
    // Double quotes, keys in another order, no trailing comma, no padding.
    let dict = br#"{"shape": (2,), "fortran_order": False, "descr": "<f8"}"#;
    let mut b = b"\x93NUMPY\x01\x00".to_vec();
    b.extend_from_slice(&(dict.len() as u16).to_le_bytes());
    b.extend_from_slice(dict);
    b.extend_from_slice(&f8le(&[3.0, 4.0]));
    assert_eq!(parse_npy(&b).unwrap(), Value::row(vec![3.0, 4.0]));
}

#[test]
fn huge_headers_are_written_as_version_2() {
    let shape = vec![1usize; 30000];
    let b = header::format("<f8", &shape);
    assert_eq!(&b[..8], b"\x93NUMPY\x02\x00");
    assert_eq!(b.len() % 64, 0);
    let hlen = u32::from_le_bytes([b[8], b[9], b[10], b[11]]) as usize;
    assert_eq!(12 + hlen, b.len());
    // flatlab reads at most 64 dimensions, like NumPy.
    assert!(header::parse(&b).unwrap_err().contains("at most 64"));
    let small = header::format("<f8", &[2, 3]);
    assert_eq!(&small[..8], b"\x93NUMPY\x01\x00");
    let h = header::parse(&small).unwrap();
    assert_eq!(
        (h.shape, h.fortran_order, h.data_offset),
        (vec![2, 3], true, 128)
    );
}

#[test]
fn hostile_and_broken_files_give_clear_errors() {
    assert!(err_of(b"").contains("too short"));
    assert!(err_of(b"PK\x03\x04garbage...").contains("magic"));
    let mut b = npy("<f8", true, "(2,)", &f8le(&[1.0, 2.0]));
    b[6] = 4;
    assert!(err_of(&b).contains("version 4.0"));
    // Truncated data, caught before allocating: a huge shape.
    let e = err_of(&npy("<f8", true, "(2,)", &f8le(&[1.0])));
    assert!(e.contains("truncated"), "{e}");
    let e = err_of(&npy("<f8", true, "(100000000000,)", &[]));
    assert!(e.contains("truncated"), "{e}");
    let e = err_of(&npy(
        "<f8",
        true,
        "(4294967296, 4294967296, 4294967296)",
        &[],
    ));
    assert!(e.contains("overflows"), "{e}");
    // Empty arrays with enormous other dimensions, and zero-width strings.
    let v = parse_npy(&npy("<f8", false, "(0, 1099511627776, 8)", &[])).unwrap();
    assert_eq!(v.dims().as_slice(), &[0, 1 << 40, 8]);
    let v = parse_npy(&npy("<U0", false, "(1099511627776, 1048576)", &[])).unwrap();
    assert_eq!(v.dims().as_slice(), &[1 << 40, 0, 1 << 20]);
    let v = parse_npy(&npy("|S0", false, "()", &[])).unwrap();
    assert_eq!(v.dims().as_slice(), &[1, 0]);
    let e = err_of(&npy("<f8", false, "(0, 4294967296, 4294967296)", &[]));
    assert!(e.contains("too large"), "{e}");
    let e = err_of(&npy("|O", false, "(2,)", &[0; 16]));
    assert!(e.contains("never unpickles"), "{e}");
    let mut b = npy("X", false, "(1,)", &f8le(&[1.0]));
    let at = b.windows(3).position(|w| w == b"'X'").unwrap();
    b.splice(at..at + 3, b"[('a', '<f8')]".iter().copied());
    b[8] += 11; // the header grew by 11 bytes
    assert!(err_of(&b).contains("structured"), "{}", err_of(&b));
    let e = err_of(&npy("<f16", true, "(1,)", &[0; 16]));
    assert!(e.contains("extended precision"), "{e}");
    let e = err_of(&npy("<M8[ns]", true, "(1,)", &[0; 8]));
    assert!(e.contains("datetime"), "{e}");
    let e = err_of(&npy("<f8", true, "(-1,)", &[]));
    assert!(e.contains("out of range"), "{e}");
    // Header length beyond the file.
    let mut b = npy("<f8", true, "(1,)", &f8le(&[1.0]));
    b[8] = 0xff;
    b[9] = 0xff;
    assert!(err_of(&b).contains("truncated .npy header"));
    // Missing key, bad syntax, nesting bomb.
    let b = b"\x93NUMPY\x01\x00\x20\x00{'descr': '<f8', 'shape': (1,)}\n";
    assert!(err_of(b).contains("keys"));
    let b = b"\x93NUMPY\x01\x00\x10\x00{'descr': '<f8'\n";
    assert!(err_of(b).contains("bad .npy header"));
    let mut deep = b"\x93NUMPY\x01\x00\x00\x04".to_vec();
    deep.extend(std::iter::repeat_n(b'(', 1024));
    assert!(err_of(&deep).contains("nested too deeply"));
}

#[test]
fn structs_cannot_be_saved() {
    let s = Value::Struct(Box::default());
    let p = temp("s.npy");
    let e = write_npy(&p, &s).unwrap_err();
    assert!(e.message.contains("struct"));
    assert!(!p.exists());
}

#[test]
fn npy_files_round_trip_through_disk() {
    let p = temp("a.npy");
    let v = Value::Num(Array::new(
        Dims::new(&[3, 2, 2]),
        (0..12).map(f64::from).collect(),
    ));
    write_npy(&p, &v).unwrap();
    assert_eq!(read_npy(&p).unwrap(), v);
    std::fs::remove_file(&p).unwrap();
    let e = read_npy(&p).unwrap_err();
    assert!(e.message.contains("unable to read"), "{}", e.message);
}

#[test]
fn npz_round_trips_stored_and_deflated() {
    let a = mat(2, 3, &[1., 2., 3., 4., 5., 6.]);
    let b = Value::str("text");
    let c = Value::Bool(Array::row(vec![true, false]));
    for compress in [false, true] {
        let p = temp("w.npz");
        write_npz(&p, &[("a", &a), ("b", &b), ("c", &c)], compress).unwrap();
        let l = read_npz(&p).unwrap();
        assert!(l.notes.is_empty(), "{:?}", l.notes);
        let names: Vec<&str> = l.vars.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(l.vars[0].1, a);
        assert_eq!(l.vars[1].1, b);
        assert_eq!(l.vars[2].1, c);
        let bytes = std::fs::read(&p).unwrap();
        assert_eq!(parse_npz(&bytes).unwrap().vars.len(), 3);
        std::fs::remove_file(&p).unwrap();
    }
}

/// A zip archive with the given (name, bytes) members.
fn zip_of(members: &[(&str, Vec<u8>)], method: CompressionMethod) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in members {
        let o = SimpleFileOptions::default().compression_method(method);
        z.start_file(*name, o).unwrap();
        std::io::Write::write_all(&mut z, data).unwrap();
    }
    z.finish().unwrap().into_inner()
}

#[test]
fn npz_skips_bad_names_and_notes_conversions() {
    let x = npy("<f8", false, "(2,)", &f8le(&[1.0, 2.0]));
    let i = npy("<i2", false, "()", &[5, 0]);
    let z = zip_of(
        &[
            ("x.npy", x.clone()),
            ("bad-name.npy", x.clone()),
            ("readme.txt", b"hello".to_vec()),
            ("dir/y.npy", x.clone()),
            ("k.npy", i),
        ],
        CompressionMethod::Deflated,
    );
    let l = parse_npz(&z).unwrap();
    let names: Vec<&str> = l.vars.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["x", "k"]);
    assert_eq!(l.vars[1].1, Value::Int(IntArray::I16(Array::scalar(5))));
    assert_eq!(l.notes.len(), 3, "{:?}", l.notes);
    assert!(l.notes[0].contains("bad-name"));
    // A broken member fails the whole load, naming it.
    let z = zip_of(&[("x.npy", x[..70].to_vec())], CompressionMethod::Stored);
    let e = parse_npz(&z).unwrap_err();
    assert!(
        e.message.contains("array 'x'") && e.message.contains("truncated"),
        "{}",
        e.message
    );
    assert!(parse_npz(b"not a zip").unwrap_err().message.contains("zip"));
}

#[test]
fn npz_deflate_bomb_is_refused_before_allocating() {
    // A 2 KB deflated member whose header claims 10^12 doubles.
    let mut data = npy("<f8", true, "(1000000000000,)", &[]);
    data.extend(std::iter::repeat_n(0u8, 1 << 20));
    let z = zip_of(&[("x.npy", data)], CompressionMethod::Deflated);
    assert!(z.len() < 8000, "{}", z.len());
    let e = parse_npz(&z).unwrap_err();
    assert!(e.message.contains("truncated"), "{}", e.message);
}

#[test]
fn c_order_arrays_of_any_rank_are_reordered_as_they_are_read() {
    // C order (2, 3, 4): element (i, j, k) holds 100i + 10j + k; MATLAB's
    // column-major order must come out, for the plain and converted paths.
    let (d0, d1, d2) = (2, 3, 4);
    let mut file = Vec::new();
    for i in 0..d0 {
        for j in 0..d1 {
            for k in 0..d2 {
                file.push((100 * i + 10 * j + k) as f64);
            }
        }
    }
    let mut want = Vec::new();
    for k in 0..d2 {
        for j in 0..d1 {
            for i in 0..d0 {
                want.push((100 * i + 10 * j + k) as f64);
            }
        }
    }
    let want = Value::Num(Array::new(Dims::new(&[d0, d1, d2]), want));
    let f8 = npy("<f8", false, "(2, 3, 4)", &f8le(&file));
    assert_eq!(parse_npy(&f8).unwrap(), want);
    let i2: Vec<u8> = file
        .iter()
        .flat_map(|&x| (x as i16).to_le_bytes())
        .collect();
    let Value::Num(w) = &want else { unreachable!() };
    let want_i2 = Value::Int(IntArray::I16(w.map(|&x| x as i16)));
    assert_eq!(
        parse_npy(&npy("<i2", false, "(2, 3, 4)", &i2)).unwrap(),
        want_i2
    );
    // Strings: (2, 3) elements of 2 code points each, C order.
    let cps: Vec<u32> = (0..12).map(|k| 'a' as u32 + k).collect();
    let v = parse_npy(&npy("<U2", false, "(2, 3)", &ucs4(&cps, false))).unwrap();
    let Value::Char(c) = v else { panic!("{v:?}") };
    assert_eq!(c.dims().as_slice(), &[2, 2, 3]);
    let got: String = c.data().iter().map(|&u| char::from(u as u8)).collect();
    assert_eq!(got, "agbhcidjekfl");
}

#[test]
fn half_precision() {
    assert_eq!(decode::half_to_f64(0x0001), 2f64.powi(-24));
    assert_eq!(decode::half_to_f64(0x7bff), 65504.0);
    assert_eq!(decode::half_to_f64(0xfc00), f64::NEG_INFINITY);
    assert!(decode::half_to_f64(0x7e00).is_nan());
    assert_eq!(decode::half_to_f64(0x3555), 0.333251953125);
}

fn valid_samples() -> Vec<Vec<u8>> {
    vec![
        npy("<f8", false, "(2, 3)", &f8le(&[0., 1., 2., 3., 4., 5.])),
        npy(">i4", true, "(2,)", &[0, 0, 0, 1, 0, 0, 0, 2]),
        npy("<U2", false, "(2,)", &ucs4(&[97, 98, 99, 0], false)),
        npy("|b1", false, "(2, 2)", &[1, 0, 1, 0]),
        npy("<c16", true, "()", &f8le(&[1.0, 2.0])),
        npy("<f2", false, "(1, 1, 2)", &[0, 0x3c, 0, 0xc0]),
    ]
}

proptest! {
    // 400 cases by default; PROPTEST_CASES=N for a longer run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(400),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = parse_npy(&bytes);
        let _ = parse_npz(&bytes);
        let mut with_magic = b"\x93NUMPY\x01\x00".to_vec();
        with_magic.extend_from_slice(&bytes);
        let _ = parse_npy(&with_magic);
    }

    #[test]
    fn mutated_npy_never_panics(
        pick in 0usize..6,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8),
        cut in any::<usize>(),
    ) {
        let mut b = valid_samples()[pick].clone();
        for (pos, byte) in edits {
            let n = b.len();
            b[pos % n] = byte;
        }
        let _ = parse_npy(&b);
        let _ = parse_npy(&b[..cut % (b.len() + 1)]);
    }

    #[test]
    fn random_headers_never_panic(
        descr in proptest::sample::select(vec![
            "<f8", ">f8", "<c16", ">c8", "|b1", "<U3", ">U0", "|S2", "<i2", "<f2", "|u1", ">u8",
        ]),
        fortran in any::<bool>(),
        shape in proptest::collection::vec(
            prop_oneof![0usize..5, Just(1usize << 40), any::<usize>()], 0..5),
        data in proptest::collection::vec(any::<u8>(), 0..400),
    ) {
        let text = format!(
            "({})",
            shape.iter().map(|d| format!("{d}, ")).collect::<String>()
        );
        if let Ok(v) = parse_npy(&npy(descr, fortran, &text, &data)) {
            // Whatever loads is a consistent value no bigger than its data.
            prop_assert!(v.numel() <= data.len().max(1) * 2);
        }
    }

    #[test]
    fn mutated_npz_never_panics(
        compress in any::<bool>(),
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..6),
        cut in any::<usize>(),
    ) {
        let members: Vec<(&str, Vec<u8>)> = vec![
            ("a.npy", valid_samples()[0].clone()),
            ("b.npy", valid_samples()[2].clone()),
        ];
        let method = if compress { CompressionMethod::Deflated } else { CompressionMethod::Stored };
        let mut z = zip_of(&members, method);
        for (pos, byte) in edits {
            let n = z.len();
            z[pos % n] = byte;
        }
        let _ = parse_npz(&z);
        let _ = parse_npz(&z[..cut % (z.len() + 1)]);
    }
}
