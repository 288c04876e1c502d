//! Unit tests of the MAT-file reader and writer: round trips, hand-built
//! files in both byte orders and storage types, hostile and truncated
//! input, and property tests that `parse` never panics.

use super::write;
use super::*;
use crate::value::{
    same_bits, Array, Class, Dims, Func, IntArray, IntElem, Struct, StructArray, C32, C64,
};
use crate::with_int_class;
use proptest::prelude::*;

fn tmp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("flatlab-mat-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir.join(name)
}

fn written(vars: &[(&str, &Value)], compress: bool) -> Vec<u8> {
    write::to_bytes(vars, compress).unwrap()
}

fn samples() -> Vec<(&'static str, Value)> {
    let nd: Vec<f64> = (0..24).map(|k| k as f64 * 0.5 - 3.0).collect();
    vec![
        (
            "d",
            Value::matrix(
                2,
                3,
                vec![1.5, -0.0, f64::INFINITY, f64::NEG_INFINITY, 1e-310, -2.0],
            ),
        ),
        ("nan", Value::num(f64::from_bits(0x7ff8_0000_0000_1234))),
        ("s", Value::num(42.0)),
        (
            "z",
            Value::Complex(Array::row(vec![C64::new(1.0, -0.0), C64::new(-3.5, 2.25)])),
        ),
        ("zs", Value::complex(0.0, 1.0)),
        (
            "b",
            Value::Bool(Array::new(Dims::mat(2, 2), vec![true, false, false, true])),
        ),
        ("b1", Value::bool(true)),
        ("t", Value::str("hello")),
        (
            "u",
            Value::Char(Array::row(vec![0x3b1, 0xd83d, 0xde00, 0xdc00])),
        ),
        ("chm", Value::char_rows(&["ab".into(), "cd".into()])),
        ("nd", Value::Num(Array::new(Dims::new(&[2, 3, 4]), nd))),
        ("e", Value::empty()),
        ("e03", Value::Num(Array::empty_with(Dims::mat(0, 3)))),
        ("e302", Value::Num(Array::empty_with(Dims::new(&[3, 0, 2])))),
        ("ec", Value::Char(Array::empty_with(Dims::mat(1, 0)))),
        ("eb", Value::Bool(Array::empty_with(Dims::mat(0, 1)))),
        ("ez", Value::Complex(Array::empty_with(Dims::mat(0, 0)))),
    ]
    .into_iter()
    .chain(new_kinds())
    .collect()
}

fn int(a: IntArray) -> Value {
    Value::Int(a)
}

/// Issue 11's kinds: every integer class at its limits (1x3, named by
/// class), single with a NaN payload, complex single, and cells and
/// structs (nested, N-d, empty, with and without fields). The exhaustive
/// interop set is in tests/interop_mat.rs.
fn new_kinds() -> Vec<(&'static str, Value)> {
    let mut v: Vec<(&'static str, Value)> = Class::INTEGERS
        .into_iter()
        .filter_map(|c| {
            with_int_class!(c, T => (c.name(), int(T::wrap(Array::row(vec![T::MIN, T::default(), T::MAX])))))
        })
        .collect();
    let cell = |dims: &[usize], items: Vec<Value>| Value::cell(Array::new(Dims::new(dims), items));
    let mut runs = StructArray::filled(vec!["b".into(), "a".into()], Dims::new(&[1, 1, 2]));
    runs.elems_mut().data_mut()[1][1] = cell(&[1, 1], vec![Value::Single(Array::scalar(-0.0))]);
    v.extend([
        (
            "f",
            Value::Single(Array::row(vec![f32::from_bits(0x7fc0_1234), 1e-45])),
        ),
        (
            "fz",
            Value::SingleComplex(Array::scalar(C32::new(1.0, -2.0))),
        ),
        (
            "c",
            cell(
                &[2, 1, 2],
                vec![
                    Value::str("ab"),
                    cell(&[0, 3], vec![]),
                    Value::empty(),
                    int(IntArray::U16(Array::empty_with(Dims::mat(1, 0)))),
                ],
            ),
        ),
        ("runs", Value::structure(runs)),
        (
            "es",
            Value::structure(StructArray::filled(vec!["a".into()], Dims::mat(0, 0))),
        ),
        ("nof", Value::structure(StructArray::default())),
    ]);
    v
}

#[test]
fn round_trip_is_bit_exact_v6_and_v7() {
    let vals = samples();
    let vars: Vec<(&str, &Value)> = vals.iter().map(|(n, v)| (*n, v)).collect();
    for compress in [false, true] {
        let bytes = written(&vars, compress);
        let got = parse(&bytes).unwrap();
        assert!(got.notes.is_empty(), "{:?}", got.notes);
        assert_eq!(got.vars.len(), vals.len());
        for ((n, v), (gn, gv)) in vals.iter().zip(&got.vars) {
            assert_eq!(n, gn);
            assert!(
                same_bits(v, gv),
                "{n}: {v:?} vs {gv:?} (compress {compress})"
            );
        }
    }
}

#[test]
fn header_is_level5_little_endian() {
    let bytes = written(&[("x", &Value::num(1.0))], false);
    assert!(bytes.starts_with(b"MATLAB 5.0 MAT-file, Platform: "));
    assert!(std::str::from_utf8(&bytes[..116])
        .unwrap()
        .contains("Created on: "));
    assert_eq!(&bytes[124..128], &[0x00, 0x01, b'I', b'M']);
    // One miMATRIX of 8-byte-aligned size directly after the header.
    assert_eq!(&bytes[128..132], &14u32.to_le_bytes());
    assert_eq!(bytes.len() % 8, 0);
    let v7 = written(&[("x", &Value::num(1.0))], true);
    assert_eq!(&v7[128..132], &15u32.to_le_bytes());
}

#[test]
fn structs_are_written_with_their_class_and_field_order() {
    let mut s = Struct::default();
    s.set("zeta", Value::num(1.0));
    s.set("alpha", Value::str("x"));
    let sv = Value::Struct(Box::new(s));
    let bytes = written(&[("st", &sv), ("y", &Value::num(2.0))], false);
    // Array flags of the struct: class 2, no flags.
    assert_eq!(&bytes[144..148], &MX_STRUCT.to_le_bytes());
    let got = parse(&bytes).unwrap();
    assert!(got.notes.is_empty(), "{:?}", got.notes);
    assert_eq!(
        got.vars,
        vec![("st".to_string(), sv), ("y".to_string(), Value::num(2.0))]
    );
}

#[test]
fn function_handles_are_left_out_with_a_note_naming_them() {
    let f = Value::func(Func::Named("sin".into()));
    let g = Value::func(Func::Anon {
        text: "@(x) x + a".into(),
        captures: vec![("a".into(), Value::num(1.0))],
    });
    let holder = Value::cell(Array::row(vec![Value::num(1.0), g.clone()]));
    let s = Value::structure(StructArray::scalar(vec![("cb".into(), f.clone())]));
    let x = Value::num(2.0);
    let p = tmp("handles.mat");
    let vars = [("f", &f), ("x", &x), ("c", &holder), ("s", &s), ("g", &g)];
    let notes = write(&p, &vars, true).unwrap();
    assert_eq!(
        notes,
        vec![
            "save: 'f' is a function handle; MAT-files cannot hold it, skipped",
            "save: 'c' holds a function handle; MAT-files cannot hold it, skipped",
            "save: 's' holds a function handle; MAT-files cannot hold it, skipped",
            "save: 'g' is a function handle; MAT-files cannot hold it, skipped",
        ]
    );
    let got = read(&p).unwrap();
    assert_eq!(got.vars, vec![("x".to_string(), x)]);
    assert!(got.notes.is_empty());
    let _ = std::fs::remove_file(&p);
}

#[test]
fn nesting_deeper_than_the_limit_is_refused_both_ways() {
    let mut v = Value::num(1.0);
    for _ in 0..MAX_DEPTH {
        v = Value::cell(Array::scalar(v));
    }
    // MAX_DEPTH cells around a number: written and read back.
    let bytes = written(&[("ok", &v)], true);
    assert_eq!(
        parse(&bytes).unwrap().vars,
        vec![("ok".to_string(), v.clone())]
    );
    let deeper = Value::cell(Array::scalar(v));
    let e = write::to_bytes(&[("c", &deeper)], false).unwrap_err();
    assert!(
        e.message
            .contains("'c' nests cells and structs more than 64"),
        "{}",
        e.message
    );
    // A hand-made file nesting 10,000 cells: an error, not a stack overflow.
    let mut m = matrix(
        MX_DOUBLE,
        &[1, 1],
        "",
        &[el(MI_DOUBLE, &f8(1.0), false)],
        false,
    );
    for k in 0..10_000 {
        let name = if k == 9_999 { "deep" } else { "" };
        m = matrix(MX_CELL, &[1, 1], name, &[m], false);
    }
    let mut f = header(false);
    f.extend(m);
    let e = err(&f);
    assert!(
        e.contains("variable 'deep': cells and structs are nested more than 64 levels deep"),
        "{e}"
    );
}

// ----- hand-built files -----

/// A data element in byte order `be`, padded to 8 bytes.
fn el(ty: u32, data: &[u8], be: bool) -> Vec<u8> {
    let mut v = Vec::new();
    let w = |x: u32| if be { x.to_be_bytes() } else { x.to_le_bytes() };
    v.extend_from_slice(&w(ty));
    v.extend_from_slice(&w(data.len() as u32));
    v.extend_from_slice(data);
    while v.len() % 8 != 0 {
        v.push(0);
    }
    v
}

/// A small data element (at most 4 bytes).
fn small(ty: u32, data: &[u8], be: bool) -> Vec<u8> {
    let first = ((data.len() as u32) << 16) | ty;
    let mut v = if be {
        first.to_be_bytes().to_vec()
    } else {
        first.to_le_bytes().to_vec()
    };
    v.extend_from_slice(data);
    v.resize(8, 0);
    v
}

/// `data` as a zlib stream.
fn zlib(data: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut z, data).unwrap();
    z.finish().unwrap()
}

fn f8(x: f64) -> [u8; 8] {
    x.to_le_bytes()
}

fn header(be: bool) -> Vec<u8> {
    let mut h = b"MATLAB 5.0 MAT-file, test".to_vec();
    h.resize(124, b' ');
    h.extend_from_slice(if be { &[1, 0] } else { &[0, 1] });
    h.extend_from_slice(if be { b"MI" } else { b"IM" });
    h
}

fn u32s(xs: &[u32], be: bool) -> Vec<u8> {
    xs.iter()
        .flat_map(|x| if be { x.to_be_bytes() } else { x.to_le_bytes() })
        .collect()
}

/// An miMATRIX with the given class/flags, dims, name and parts.
fn matrix(flags: u32, dims: &[u32], name: &str, parts: &[Vec<u8>], be: bool) -> Vec<u8> {
    let mut body = el(MI_UINT32, &u32s(&[flags, 0], be), be);
    body.extend(el(MI_INT32, &u32s(dims, be), be));
    if name.len() <= 4 {
        body.extend(small(MI_INT8, name.as_bytes(), be));
    } else {
        body.extend(el(MI_INT8, name.as_bytes(), be));
    }
    for p in parts {
        body.extend_from_slice(p);
    }
    el(MI_MATRIX, &body, be)
}

#[test]
fn big_endian_and_compact_storage_types() {
    for be in [false, true] {
        let mut f = header(be);
        // double class stored as miUINT8 (MATLAB does this for small integers).
        f.extend(matrix(
            MX_DOUBLE,
            &[1, 3],
            "a",
            &[el(MI_UINT8, &[1, 2, 250], be)],
            be,
        ));
        // int16 class stored as miINT16, 2x1.
        let i16s: Vec<u8> = [-5i16, 300]
            .iter()
            .flat_map(|x| if be { x.to_be_bytes() } else { x.to_le_bytes() })
            .collect();
        f.extend(matrix(10, &[2, 1], "i", &[el(MI_INT16, &i16s, be)], be));
        // single, small data element.
        let one = if be {
            1.5f32.to_be_bytes()
        } else {
            1.5f32.to_le_bytes()
        };
        f.extend(matrix(
            MX_SINGLE,
            &[1, 1],
            "sgl",
            &[small(MI_SINGLE, &one, be)],
            be,
        ));
        // complex double with an miINT8 imaginary part.
        let re: Vec<u8> = [2.0f64]
            .iter()
            .flat_map(|x| if be { x.to_be_bytes() } else { x.to_le_bytes() })
            .collect();
        f.extend(matrix(
            MX_DOUBLE | FLAG_COMPLEX,
            &[1, 1],
            "z",
            &[el(MI_DOUBLE, &re, be), small(MI_INT8, &[0xFF], be)],
            be,
        ));
        // char as miUTF8 with a two-byte character.
        f.extend(matrix(
            MX_CHAR,
            &[1, 2],
            "c",
            &[el(MI_UTF8, "aé".as_bytes(), be)],
            be,
        ));
        // logical stored as miUINT8.
        f.extend(matrix(
            MX_UINT8 | FLAG_LOGICAL,
            &[1, 2],
            "l",
            &[small(MI_UINT8, &[0, 3], be)],
            be,
        ));
        // an empty cell.
        f.extend(matrix(MX_CELL, &[0, 0], "cl", &[], be));
        // int8 class stored as miDOUBLE: MATLAB's rounding and saturation.
        let ds: Vec<u8> = [2.5f64, -200.0, f64::NAN]
            .iter()
            .flat_map(|x| if be { x.to_be_bytes() } else { x.to_le_bytes() })
            .collect();
        f.extend(matrix(8, &[1, 3], "i8d", &[el(MI_DOUBLE, &ds, be)], be));
        // uint64 class stored as miUINT64, beyond 2^53.
        let big = if be {
            u64::MAX.to_be_bytes()
        } else {
            u64::MAX.to_le_bytes()
        };
        f.extend(matrix(15, &[1, 1], "u64", &[el(MI_UINT64, &big, be)], be));
        // a struct whose second element is a 0-byte miMATRIX (MATLAB's `[]`).
        let fields = [
            small(MI_INT32, &u32s(&[4], be), be),
            el(MI_INT8, b"ab\0\0cd\0\0", be),
            matrix(MX_CHAR, &[1, 1], "", &[small(MI_UTF8, b"x", be)], be),
            el(MI_MATRIX, &[], be),
        ];
        f.extend(matrix(MX_STRUCT, &[1, 1], "st", &fields, be));
        let got = parse(&f).unwrap();
        let want = [
            ("a", Value::row(vec![1.0, 2.0, 250.0])),
            ("i", int(IntArray::I16(Array::col(vec![-5, 300])))),
            ("sgl", Value::Single(Array::scalar(1.5))),
            ("z", Value::Complex(Array::scalar(C64::new(2.0, -1.0)))),
            ("c", Value::str("aé")),
            ("l", Value::Bool(Array::row(vec![false, true]))),
            ("cl", Value::cell(Array::empty_with(Dims::empty()))),
            ("i8d", int(IntArray::I8(Array::row(vec![3, -128, 0])))),
            ("u64", int(IntArray::U64(Array::scalar(u64::MAX)))),
            (
                "st",
                Value::structure(StructArray::scalar(vec![
                    ("ab".into(), Value::str("x")),
                    ("cd".into(), Value::empty()),
                ])),
            ),
        ];
        let got_pairs: Vec<(&str, &Value)> =
            got.vars.iter().map(|(n, v)| (n.as_str(), v)).collect();
        let want_pairs: Vec<(&str, &Value)> = want.iter().map(|(n, v)| (*n, v)).collect();
        assert_eq!(got_pairs, want_pairs, "be {be}");
        assert!(got.notes.is_empty(), "{:?}", got.notes);
    }
}

#[test]
fn complex_integers_are_read_as_complex_double_with_a_note_naming_the_file() {
    let mut f = header(false);
    f.extend(matrix(
        12 | FLAG_COMPLEX,
        &[1, 1],
        "k",
        &[
            small(MI_INT32, &7i32.to_le_bytes(), false),
            small(MI_INT32, &(-1i32).to_le_bytes(), false),
        ],
        false,
    ));
    let p = tmp("note.mat");
    std::fs::write(&p, &f).unwrap();
    let got = read(&p).unwrap();
    assert_eq!(got.vars, vec![("k".to_string(), Value::complex(7.0, -1.0))]);
    assert_eq!(
        got.notes,
        vec![format!(
            "load: {}: variable 'k' holds complex int32 data, converted to complex double \
             (flatlab has no complex integers)",
            p.display()
        )]
    );
    let _ = std::fs::remove_file(&p);
}

#[test]
fn handles_and_objects_are_skipped_with_a_note_saying_why() {
    let mut f = header(false);
    f.extend(matrix(MX_FUNCTION, &[1, 1], "fh", &[], false));
    // An object: class name after the variable name, then struct-like data.
    f.extend(matrix(
        MX_OBJECT,
        &[1, 1],
        "obj",
        &[el(MI_INT8, b"containers.Map", false)],
        false,
    ));
    // An opaque (MCOS) object: name, type system, class, no dims.
    let mut op = el(MI_UINT32, &u32s(&[MX_OPAQUE, 0], false), false);
    op.extend(small(MI_INT8, b"tbl", false));
    op.extend(el(MI_INT8, b"MCOS", false));
    op.extend(el(MI_INT8, b"table", false));
    f.extend(el(MI_MATRIX, &op, false));
    // A cell holding a handle: the whole variable is skipped.
    let fh = matrix(MX_FUNCTION, &[1, 1], "", &[], false);
    f.extend(matrix(
        MX_CELL,
        &[1, 2],
        "ch",
        &[el(MI_MATRIX, &[], false), fh],
        false,
    ));
    f.extend(matrix(
        MX_DOUBLE,
        &[1, 1],
        "x",
        &[el(MI_DOUBLE, &f8(4.0), false)],
        false,
    ));
    let got = parse(&f).unwrap();
    assert_eq!(got.vars, vec![("x".to_string(), Value::num(4.0))]);
    assert_eq!(
        got.notes,
        vec![
            "load: skipping variable 'fh': it is a function handle (MATLAB's MAT-file \
             encoding of handles is undocumented; re-create it after loading)",
            "load: skipping variable 'obj': it is an object of class 'containers.Map' \
             (flatlab has no reference objects; a struct with dynamic fields serves as a map)",
            "load: skipping variable 'tbl': it is an object of class 'table' (flatlab has no objects)",
            "load: skipping variable 'ch': it holds a function handle (MATLAB's MAT-file \
             encoding of handles is undocumented; re-create it after loading)",
        ]
    );
}

fn err(bytes: &[u8]) -> String {
    match parse(bytes) {
        Ok(l) => panic!("parsed: {l:?}"),
        Err(e) => e.message.clone(),
    }
}

#[test]
fn v73_level4_and_foreign_files_are_refused_clearly() {
    let mut v73 = b"MATLAB 7.3 MAT-file, Platform: GLNXA64, HDF5 schema 1.00".to_vec();
    v73.resize(512, b' ');
    v73.extend_from_slice(b"\x89HDF\r\n\x1a\n");
    let m = err(&v73);
    assert!(
        m.contains("MATLAB v7.3 (HDF5)") && m.contains("save('-v7')"),
        "{m}"
    );
    // Level 4: type 0000 (double, little-endian), 1x1, real, name "x".
    let mut l4 = u32s(&[0, 1, 1, 0, 2], false);
    l4.extend_from_slice(b"x\0");
    l4.extend_from_slice(&3.0f64.to_le_bytes());
    assert!(err(&l4).contains("Level 4 MAT-file"), "{}", err(&l4));
    assert!(err(b"").contains("empty"));
    assert!(err(b"hello world").contains("not a MAT-file"));
    assert!(err(&[b'x'; 200]).contains("not a MAT-file"));
    let p = tmp("v73.mat");
    std::fs::write(&p, &v73).unwrap();
    let e = read(&p).unwrap_err().message.clone();
    assert_eq!(
        e,
        format!(
            "load: {} is a MATLAB v7.3 (HDF5) MAT-file, which flatlab cannot read; \
             re-save it with save('-v7') in MATLAB or Octave",
            p.display()
        )
    );
    let _ = std::fs::remove_file(&p);
    assert!(read(&tmp("missing.mat"))
        .unwrap_err()
        .message
        .contains("unable to find file"));
}

#[test]
fn hostile_sizes_are_errors_before_allocation() {
    // An miMATRIX claiming 4 GB.
    let mut f = header(false);
    f.extend_from_slice(&u32s(&[MI_MATRIX, u32::MAX], false));
    f.extend_from_slice(&[0; 16]);
    assert!(err(&f).contains("claims 4294967295 bytes"), "{}", err(&f));
    // Dimensions claiming 2^31 x 2^31 elements with 8 bytes of data.
    let mut f = header(false);
    f.extend(matrix(
        MX_DOUBLE,
        &[0x7fff_ffff, 0x7fff_ffff],
        "x",
        &[el(MI_DOUBLE, &[0; 8], false)],
        false,
    ));
    assert!(err(&f).contains("too large"), "{}", err(&f));
    // A cell claiming 10^12 elements, a struct 10^6 elements of 2 fields,
    // with no data behind them: refused before anything is allocated.
    for (class, extra) in [
        (MX_CELL, vec![]),
        (
            MX_STRUCT,
            vec![
                small(MI_INT32, &u32s(&[2], false), false),
                el(MI_INT8, b"a\0b\0", false),
            ],
        ),
    ] {
        let mut f = header(false);
        f.extend(matrix(class, &[1_000_000, 1_000], "x", &extra, false));
        let e = err(&f);
        assert!(
            e.contains("variable 'x': its dimensions 1000000x1000 claim"),
            "{e}"
        );
    }
    // A cell element that is not an miMATRIX.
    let mut f = header(false);
    f.extend(matrix(
        MX_CELL,
        &[1, 1],
        "x",
        &[el(MI_DOUBLE, &f8(1.0), false)],
        false,
    ));
    assert!(err(&f).contains("miMATRIX expected"), "{}", err(&f));
    // Repeated field names.
    let mut f = header(false);
    let st = [
        small(MI_INT32, &u32s(&[2], false), false),
        el(MI_INT8, b"a\0a\0", false),
    ];
    f.extend(matrix(MX_STRUCT, &[0, 0], "x", &st, false));
    assert!(
        err(&f).contains("repeated struct field name 'a'"),
        "{}",
        err(&f)
    );
    // Negative dimension.
    let mut f = header(false);
    f.extend(matrix(MX_DOUBLE, &[u32::MAX, 1], "x", &[], false));
    assert!(err(&f).contains("negative dimension"), "{}", err(&f));
    // A compressed element whose inner tag claims far more than the stream
    // holds: a variable of 10^6 doubles with 64 bytes of data.
    let mut m = matrix(MX_DOUBLE, &[1000, 1000], "x", &[], false);
    m.extend_from_slice(&u32s(&[MI_DOUBLE, 8_000_000], false));
    m.extend_from_slice(&[0; 64]);
    m[4..8].copy_from_slice(&u32s(&[0x7fff_fff0], false));
    let zd = zlib(&m);
    let mut f = header(false);
    f.extend(el(MI_COMPRESSED, &zd, false));
    assert!(err(&f).contains("ends after 112 bytes"), "{}", err(&f));
    // Garbage where the variable's first sub-element should be.
    let mut inner = u32s(&[MI_MATRIX, 0x7fff_fff0], false);
    inner.extend_from_slice(&[0; 64]);
    let mut f = header(false);
    f.extend(el(MI_COMPRESSED, &zlib(&inner), false));
    assert!(err(&f).contains("bad array flags"), "{}", err(&f));
    // x = 5 compressed, followed inside the stream by `extra` zero bytes.
    let trailing = |extra: usize| {
        let parts = [el(MI_DOUBLE, &f8(5.0), false)];
        let mut m = matrix(MX_DOUBLE, &[1, 1], "x", &parts, false);
        m.resize(m.len() + extra, 0);
        let mut f = header(false);
        f.extend(el(MI_COMPRESSED, &zlib(&m), false));
        f
    };
    // More inflated data than the tag claims: refused at the first bytes
    // beyond it, naming the variable.
    let e = err(&trailing(4096));
    assert!(
        e.contains("variable 'x'") && e.contains("more than the 64 bytes its tag claims"),
        "{e}"
    );
    // Up to 8 bytes of padding after the element are accepted.
    assert_eq!(
        parse(&trailing(8)).unwrap().vars,
        vec![("x".to_string(), Value::num(5.0))]
    );
    // Garbage in place of zlib data.
    let mut f = header(false);
    f.extend(el(MI_COMPRESSED, &[1, 2, 3, 4, 5, 6, 7, 8, 9], false));
    assert!(err(&f).contains("compressed element"), "{}", err(&f));
    // Small element claiming more than 4 bytes.
    let mut f = header(false);
    f.extend(el(
        MI_MATRIX,
        &[small(MI_UINT32, &[], false), vec![]].concat(),
        false,
    ));
    let bad = (9u32 << 16) | MI_UINT32;
    let k = f.len() - 8;
    f[k..k + 4].copy_from_slice(&bad.to_le_bytes());
    assert!(err(&f).contains("small data element"), "{}", err(&f));
}

#[test]
fn truncated_files_are_errors_not_panics() {
    let vals = samples();
    let vars: Vec<(&str, &Value)> = vals.iter().map(|(n, v)| (*n, v)).collect();
    for compress in [false, true] {
        let bytes = written(&vars, compress);
        for cut in (0..bytes.len()).step_by(3) {
            // A cut at a variable boundary loses the rest; any other cut
            // must fail, saying why.
            match parse(&bytes[..cut]) {
                Ok(l) => assert!(cut <= 128 || l.vars.len() < vals.len()),
                Err(e) if cut > 128 => assert!(
                    e.message.starts_with("load: corrupt MAT-file: "),
                    "{}",
                    e.message
                ),
                Err(_) => {}
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_bytes_never_panic(b in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = parse(&b);
        let mut f = header(false);
        f.extend_from_slice(&b);
        let _ = parse(&f);
    }

    #[test]
    fn mutated_files_never_panic(
        compress in any::<bool>(),
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8),
    ) {
        let vals = samples();
        let vars: Vec<(&str, &Value)> = vals.iter().map(|(n, v)| (*n, v)).collect();
        let mut b = written(&vars, compress);
        for (at, x) in edits {
            let k = at % b.len();
            b[k] = x;
        }
        let _ = parse(&b);
    }
}

#[test]
fn large_files_stream_with_the_same_result() {
    // Over 32 MB: read() takes the element-by-element path.
    let n = (33 << 20) / 8;
    let big = Value::Num(Array::new(
        Dims::mat(2, n / 2),
        (0..n).map(|k| k as f64 - 0.5).collect(),
    ));
    let bigz = Value::Complex(Array::row(vec![C64::new(1.0, 2.0); 1 << 17]));
    let mut vars: Vec<(&str, &Value)> = vec![("big", &big), ("bigz", &bigz)];
    let vals = samples();
    vars.extend(vals.iter().map(|(n, v)| (*n, v)));
    for compress in [false, true] {
        let p = tmp(&format!("large{compress}.mat"));
        write(&p, &vars, compress).unwrap();
        let got = read(&p).unwrap();
        assert_eq!(got.vars.len(), vars.len());
        for ((n, v), (gn, gv)) in vars.iter().zip(&got.vars) {
            assert_eq!(n, gn);
            assert!(same_bits(v, gv), "{n}");
        }
        // Cut short inside the big array: an error, not a panic.
        let bytes = std::fs::read(&p).unwrap();
        std::fs::write(&p, &bytes[..bytes.len() - 3_000_000]).unwrap();
        let e = read(&p).unwrap_err();
        assert!(e.message.contains("corrupt MAT-file"), "{}", e.message);
        let _ = std::fs::remove_file(&p);
    }
}
