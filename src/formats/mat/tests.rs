//! Unit tests of the MAT-file reader and writer: round trips, hand-built
//! files in both byte orders and storage types, hostile and truncated
//! input, and property tests that `parse` never panics.

use super::write;
use super::*;
use crate::value::{same_bits, Array, Dims, Struct, C64};
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
fn structs_are_written_and_skipped_on_read() {
    let mut s = Struct::default();
    s.set("a", Value::num(1.0));
    s.set("name", Value::str("x"));
    let sv = Value::Struct(Box::new(s));
    let bytes = written(&[("st", &sv), ("y", &Value::num(2.0))], false);
    let got = parse(&bytes).unwrap();
    assert_eq!(got.vars, vec![("y".to_string(), Value::num(2.0))]);
    assert_eq!(
        got.notes,
        vec!["load: skipping variable 'st' of class struct (not supported)"]
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
        // a cell: skipped.
        f.extend(matrix(MX_CELL, &[1, 1], "cl", &[], be));
        let got = parse(&f).unwrap();
        let want = [
            ("a", Value::row(vec![1.0, 2.0, 250.0])),
            ("i", Value::col(vec![-5.0, 300.0])),
            ("sgl", Value::num(1.5)),
            ("z", Value::Complex(Array::scalar(C64::new(2.0, -1.0)))),
            ("c", Value::str("aé")),
            ("l", Value::Bool(Array::row(vec![false, true]))),
        ];
        let got_pairs: Vec<(&str, &Value)> =
            got.vars.iter().map(|(n, v)| (n.as_str(), v)).collect();
        let want_pairs: Vec<(&str, &Value)> = want.iter().map(|(n, v)| (*n, v)).collect();
        assert_eq!(got_pairs, want_pairs, "be {be}");
        assert_eq!(
            got.notes,
            vec![
                "load: skipping variable 'cl' of class cell (not supported)",
                "load: variables 'i' (int16), 'sgl' (single) converted to double",
            ]
        );
    }
}

#[test]
fn one_conversion_note_names_the_file() {
    let mut f = header(false);
    f.extend(matrix(
        12,
        &[1, 1],
        "k",
        &[small(MI_INT32, &7i32.to_le_bytes(), false)],
        false,
    ));
    let p = tmp("note.mat");
    std::fs::write(&p, &f).unwrap();
    let got = read(&p).unwrap();
    assert_eq!(got.vars, vec![("k".to_string(), Value::num(7.0))]);
    assert_eq!(
        got.notes,
        vec![format!(
            "load: {}: variable 'k' of class int32 converted to double",
            p.display()
        )]
    );
    let _ = std::fs::remove_file(&p);
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
    assert!(err(&f).contains("need"), "{}", err(&f));
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
