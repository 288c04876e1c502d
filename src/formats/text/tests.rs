//! Unit and property tests of the text readers and writers.

use super::read::split_at_lines;
use super::*;
use crate::value::{Array, Dims, Value, C64};
use proptest::prelude::*;

fn m(rows: usize, cols: usize, data: &[f64]) -> Value {
    Value::Num(Array::new(Dims::mat(rows, cols), data.to_vec()))
}

fn csv(v: &Value) -> String {
    String::from_utf8(format_delimited(v, &DelimOptions::default(), "t").unwrap()).unwrap()
}

fn read(text: &str, o: &ReadOptions) -> Value {
    parse_delimited(text.as_bytes(), o).unwrap()
}

fn dlm() -> ReadOptions {
    ReadOptions {
        fill: 0.0,
        ..Default::default()
    }
}

fn nums(v: &Value) -> (Vec<usize>, Vec<f64>) {
    match v {
        Value::Num(a) => (a.dims().as_slice().to_vec(), a.data().to_vec()),
        other => panic!("not real: {other:?}"),
    }
}

fn same(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()))
}

#[test]
fn writes_shortest_numbers_row_by_row() {
    let v = m(2, 3, &[1.0, 4.0, 0.1, -2.5, f64::NAN, 1e300]);
    assert_eq!(csv(&v), "1,0.1,NaN\n4,-2.5,1e300\n");
    let v = m(
        1,
        5,
        &[-0.0, f64::INFINITY, f64::NEG_INFINITY, 1e-7, 123456789012.5],
    );
    assert_eq!(csv(&v), "-0,Inf,-Inf,1e-7,123456789012.5\n");
    assert_eq!(csv(&Value::bool(true)), "1\n");
    assert_eq!(csv(&Value::str("AB")), "65,66\n");
    assert_eq!(csv(&Value::empty()), "");
}

#[test]
fn writes_complex_as_matlab() {
    let v = Value::Complex(Array::row(vec![
        C64::new(1.0, 2.0),
        C64::new(3.0, -4.5),
        C64::new(0.0, -0.0),
    ]));
    assert_eq!(csv(&v), "1+2i,3-4.5i,0-0i\n");
    let back = read("1+2i,3-4.5i,0-0i\n", &ReadOptions::default());
    match back {
        Value::Complex(a) => assert_eq!(a.data()[1], C64::new(3.0, -4.5)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn dlmwrite_options() {
    let o = DelimOptions {
        delimiter: ";".into(),
        row_offset: 1,
        col_offset: 2,
        ..Default::default()
    };
    let out = format_delimited(&m(2, 2, &[1.0, 3.0, 2.0, 4.0]), &o, "t").unwrap();
    // Octave: dlmwrite("w.csv",[1 2;3 4],"delimiter",";","roffset",1,"coffset",2)
    assert_eq!(String::from_utf8(out).unwrap(), ";;;\n;;1;2\n;;3;4\n");
    let o = DelimOptions {
        precision: Precision::Digits(3),
        ..Default::default()
    };
    let out = format_delimited(&m(1, 2, &[std::f64::consts::PI, 2.0]), &o, "t").unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), "3.14,2\n");
    let o = DelimOptions {
        precision: Precision::Format("%.2f".into()),
        ..Default::default()
    };
    let out = format_delimited(&m(1, 2, &[std::f64::consts::PI, 2.0]), &o, "t").unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), "3.14,2.00\n");
}

#[test]
fn ascii_layout_is_matlabs() {
    let v = m(2, 2, &[1.0, -3.0, 2.5, 1e10]);
    let (out, notes) = format_ascii(&[("x", &v)], &AsciiOptions::default());
    assert!(notes.is_empty());
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "   1.0000000e+00   2.5000000e+00\n  -3.0000000e+00   1.0000000e+10\n"
    );
    let (out, _) = format_ascii(
        &[("x", &m(1, 2, &[1.0, f64::NAN]))],
        &AsciiOptions {
            double: true,
            tabs: true,
            append: false,
        },
    );
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "   1.0000000000000000e+00\t                      NaN\n"
    );
    let (out, notes) = format_ascii(
        &[("s", &Value::str("hi")), ("z", &Value::complex(1.0, 2.0))],
        &AsciiOptions::default(),
    );
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "   1.0400000e+02   1.0500000e+02\n   1.0000000e+00\n"
    );
    assert_eq!(notes, ["save: omitting imaginary part for ASCII file"]);
    let (out, _) = format_ascii(&[("x", &Value::num(1.5e-300))], &AsciiOptions::default());
    assert_eq!(String::from_utf8(out).unwrap(), "  1.5000000e-300\n");
}

#[test]
fn reads_ragged_empty_and_special_fields() {
    // Octave: dlmread of "1,2,3\n4,,6\n7,8\n,NaN,Inf\n"
    let text = "1,2,3\n4,,6\n7,8\n,NaN,Inf\n";
    let (d, x) = nums(&read(text, &dlm()));
    assert_eq!(d, [4, 3]);
    assert!(same(
        &x,
        &[
            1.0,
            4.0,
            7.0,
            0.0,
            2.0,
            0.0,
            8.0,
            f64::NAN,
            3.0,
            6.0,
            0.0,
            f64::INFINITY
        ]
    ));
    let (_, x) = nums(&read(text, &ReadOptions::default()));
    assert!(x[5].is_nan() && x[10].is_nan() && x[3].is_nan());
    let (_, x) = nums(&read("nan,-inf,-Inf,inf\n", &ReadOptions::default()));
    assert!(
        x[0].is_nan()
            && x[1] == f64::NEG_INFINITY
            && x[2] == f64::NEG_INFINITY
            && x[3] == f64::INFINITY
    );
}

#[test]
fn detects_delimiters_and_skips_headers() {
    let (d, x) = nums(&read("a\tb\n1\t2\n3\t4\n", &ReadOptions::default()));
    assert_eq!((d, x), (vec![2, 2], vec![1.0, 3.0, 2.0, 4.0]));
    let (d, x) = nums(&read("1;2\r\n3;4\r\n", &ReadOptions::default()));
    assert_eq!((d, x), (vec![2, 2], vec![1.0, 3.0, 2.0, 4.0]));
    let (d, x) = nums(&read(
        "# x y\n 1.5  2\n3   4e1\n\n",
        &ReadOptions::default(),
    ));
    assert_eq!((d, x), (vec![2, 2], vec![1.5, 3.0, 2.0, 40.0]));
    // pandas to_csv: header row with an empty first name, index column kept.
    let (d, x) = nums(&read(",a,b\n0,1.5,\n1,3.0,4\n", &ReadOptions::default()));
    assert_eq!(d, [2, 3]);
    assert!(same(&x, &[0.0, 1.0, 1.5, 3.0, f64::NAN, 4.0]));
    // pandas' default header (unnamed columns) and text columns.
    let (d, x) = nums(&read(",0,1\n0,1.5,2\n1,3,4\n", &ReadOptions::default()));
    assert_eq!((d, x), (vec![2, 3], vec![0.0, 1.0, 1.5, 3.0, 2.0, 4.0]));
    let (d, x) = nums(&read(
        "day,v\n2020-01-01,5\nmon,6\n",
        &ReadOptions::default(),
    ));
    assert_eq!(d, [2, 2]);
    assert!(same(&x, &[f64::NAN, f64::NAN, 5.0, 6.0]));
    // A comma in a comment header does not make blank-separated data CSV.
    let (d, x) = nums(&read("# a, b\n1 2\n3 4\n", &ReadOptions::default()));
    assert_eq!((d, x), (vec![2, 2], vec![1.0, 3.0, 2.0, 4.0]));
    let (d, _) = nums(&read("x,y\n1\t2\n3\t4\n", &ReadOptions::default()));
    assert_eq!(d, [2, 2]);
    // Trailing delimiters do not add a column (Octave).
    let (d, _) = nums(&read("1,2,3,\n4,5,6,\n", &dlm()));
    assert_eq!(d, [2, 3]);
    // NumHeaderLines skips exactly that many lines.
    let o = ReadOptions {
        header_lines: Some(1),
        ..Default::default()
    };
    let (d, x) = nums(&read("1,2\n3,4\n", &o));
    assert_eq!((d, x), (vec![1, 2], vec![3.0, 4.0]));
}

#[test]
fn large_files_parse_in_pieces_like_one_piece() {
    // About 12 MB: three 4 MB pieces parsed on different threads. A header,
    // a ragged row and a complex value far from the start must come out as
    // if the file were read line by line.
    let cols = 40;
    let rows = 30_000;
    let mut text = String::from("a,b,c\n");
    let mut want_re = vec![f64::NAN; rows * cols];
    for r in 0..rows {
        let n = if r == 17_123 { 3 } else { cols };
        let mut line = Vec::new();
        for c in 0..n {
            let x = (r * cols + c) as f64 / 7.0;
            want_re[r + c * rows] = x;
            line.push(format!("{x}"));
        }
        if r == 29_000 {
            line[5] = format!("{}+2i", want_re[r + 5 * rows]);
        }
        text.push_str(&line.join(","));
        text.push_str(if r % 2 == 0 { "\r\n" } else { "\n" });
    }
    assert!(split_at_lines(&text, 4 << 20).len() >= 3);
    let v = read(&text, &ReadOptions::default());
    let Value::Complex(a) = &v else {
        panic!("not complex: {:?}", v.dims());
    };
    assert_eq!(a.dims().as_slice(), &[rows, cols]);
    for (k, z) in a.data().iter().enumerate() {
        assert!(
            same(&[z.re], &[want_re[k]]),
            "element {k}: {z} vs {}",
            want_re[k]
        );
        let im = if k == 29_000 + 5 * rows { 2.0 } else { 0.0 };
        assert_eq!(z.im, im, "element {k}");
    }
}

#[test]
fn text_splits_after_newlines_and_keeps_every_byte() {
    let text = "1,2\n3,4\r\n\n5,6\n7,8";
    for size in 0..text.len() + 2 {
        let pieces = split_at_lines(text, size);
        assert_eq!(pieces.concat(), text, "size {size}");
        for p in &pieces[..pieces.len() - 1] {
            assert!(
                p.ends_with('\n') && p.len() > size,
                "size {size}: {pieces:?}"
            );
        }
    }
}

#[test]
fn dlmread_offsets_and_ranges() {
    let text = "1,2,3\n4,,6\n7,8\n,NaN,Inf\n";
    // Octave: dlmread("r.csv",",",[1 0 2 1]) -> [4 0; 7 8]
    let o = ReadOptions {
        range: Some([1, 0, 2, 1]),
        ..dlm()
    };
    assert_eq!(
        nums(&read(text, &o)),
        (vec![2, 2], vec![4.0, 7.0, 0.0, 8.0])
    );
    // dlmread("h.csv", ",", 1, 0) skips the header line.
    let o = ReadOptions {
        row_offset: 1,
        col_offset: 1,
        ..dlm()
    };
    assert_eq!(
        nums(&read("a,b,c\n1,2,3\n4,5,6\n", &o)),
        (vec![2, 2], vec![2.0, 5.0, 3.0, 6.0])
    );
}

#[test]
fn ascii_load_rules() {
    let a = parse_ascii(b"% comment\n1, 2, 3\n4 5 6 % x\n", "cm.txt").unwrap();
    assert_eq!(a.dims().as_slice(), [2, 3]);
    assert_eq!(a.data(), [1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
    let e = parse_ascii(b"1 2 3\n4 5\n", "rag.txt").unwrap_err();
    assert!(
        e.message
            .contains("Number of columns on line 2 of ASCII file rag.txt"),
        "{}",
        e.message
    );
    let e = parse_ascii(b"1 2\nabc 4\n", "t.txt").unwrap_err();
    assert!(
        e.message.contains("line 2: 'abc' is not a number"),
        "{}",
        e.message
    );
    assert_eq!(parse_ascii(b"", "e.txt").unwrap().dims().as_slice(), [0, 0]);
}

#[test]
fn names_from_files() {
    use std::path::Path;
    assert_eq!(
        var_name_from_path(Path::new("dir/1bad-name.txt")),
        "X1bad_name"
    );
    assert_eq!(var_name_from_path(Path::new("data.csv")), "data");
    assert_eq!(
        var_name_from_path(Path::new("my data.v2.txt")),
        "my_data_v2"
    );
}

#[test]
fn hostile_ragged_input_is_refused() {
    let mut text = "1,".repeat(5000);
    text.push('\n');
    text.push_str(&"1\n".repeat(5000));
    let e = parse_delimited(text.as_bytes(), &ReadOptions::default()).unwrap_err();
    assert!(
        e.message.contains("rows of very different lengths"),
        "{}",
        e.message
    );
}

proptest! {
    #[test]
    fn shortest_roundtrips(bits in any::<u64>()) {
        let x = f64::from_bits(bits);
        let mut out = Vec::new();
        super::write::push_shortest(&mut out, x);
        let s = String::from_utf8(out).unwrap();
        let y: f64 = s.parse().unwrap();
        prop_assert!(x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()), "{} -> {}", x, s);
    }

    #[test]
    fn matrices_roundtrip(rows in 1usize..6, cols in 1usize..6, seed in any::<u64>()) {
        let mut s = seed;
        let data: Vec<f64> = (0..rows * cols).map(|_| {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            f64::from_bits(s >> 1) * if s & 1 == 1 { -1.0 } else { 1.0 }
        }).collect();
        let v = m(rows, cols, &data);
        let (d, back) = nums(&read(&csv(&v), &ReadOptions::default()));
        prop_assert_eq!(d, vec![rows, cols]);
        prop_assert!(same(&back, &data));
    }

    #[test]
    fn readers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = parse_delimited(&bytes, &ReadOptions::default());
        let _ = parse_delimited(&bytes, &ReadOptions { range: Some([1, 1, 3, 3]), col_offset: 2, ..dlm() });
        let _ = parse_ascii(&bytes, "f");
    }

    #[test]
    fn mutated_csv_never_panics(pos in 0usize..60, byte in any::<u8>(), cut in 0usize..60) {
        let mut b = b"a,b,c\n1,2.5,-3e4\n4+2i,,NaN\n7,8,9,10\n\"5\",Inf,x\n".to_vec();
        let p = pos % b.len();
        b[p] = byte;
        b.truncate(cut.max(1).min(b.len()));
        for d in [Delimiter::Detect, Delimiter::Whitespace, Delimiter::Text(",".into()), Delimiter::Text("\t".into())] {
            let o = ReadOptions { delimiter: d, ..Default::default() };
            if let Ok(v) = parse_delimited(&b, &o) {
                prop_assert!(v.numel() <= 2 * b.len() + 64);
            }
        }
        let _ = parse_ascii(&b, "f");
    }
}
