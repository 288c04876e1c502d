//! Interop with real NumPy, both directions, bit for bit:
//! - flatlab writes .npy and .npz (stored and deflated) through the library
//!   API; `numpy.load` checks dtype, shape, Fortran order and the exact bytes
//!   of every element;
//! - `numpy.save`, `numpy.savez` and `numpy.savez_compressed` write files
//!   (C and Fortran order, every integer dtype, float32 and complex64,
//!   big-endian); flatlab loads them with their class and compares with
//!   the raw Fortran-order bytes NumPy dumps beside them.
//!
//! Needs `python3` with NumPy. Without it the tests print a note and pass,
//! unless FLATLAB_REQUIRE_INTEROP=1 (as in CI), where they fail.

mod common;
use flatlab::formats::npy::{read_npy, read_npy_with_notes, read_npz, write_npy, write_npz};
use flatlab::value::{Array, Dims, IntArray, Value, C32, C64};
use flatlab::with_int;
use std::path::{Path, PathBuf};
use std::process::Command;

/// True when python3 with NumPy is usable; otherwise a note (or a failure
/// when interop is required).
fn numpy_available() -> bool {
    common::tool_available(
        "python3",
        &["-c", "import numpy"],
        common::interop_required(),
        "NumPy interop",
    )
}

fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("flatlab_interop_npy_{}_{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn python(dir: &Path, script: &str) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "python failed:\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Deterministic doubles covering signs, magnitudes and special values.
fn doubles(n: usize, seed: u64) -> Vec<f64> {
    let mut s = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let specials = [
        -0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::from_bits(0x7ff8_0000_0000_1234), // NaN with a payload
        5e-324,
        f64::MAX,
    ];
    (0..n)
        .map(|k| {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            if k % 7 == 3 {
                specials[(s >> 60) as usize % specials.len()]
            } else {
                ((s >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 1e3
            }
        })
        .collect()
}

fn hex(bytes: impl IntoIterator<Item = u8>) -> String {
    bytes.into_iter().map(|b| format!("{b:02x}")).collect()
}

/// What NumPy must see: dtype string, shape, and Fortran-order bytes (or the
/// strings of a unicode array).
fn expectation(v: &Value) -> serde_json::Value {
    let dims = v.dims().as_slice().to_vec();
    match v {
        Value::Num(a) => serde_json::json!({
            "dtype": "<f8", "shape": dims,
            "hex": hex(a.data().iter().flat_map(|x| x.to_le_bytes())),
        }),
        Value::Complex(a) => serde_json::json!({
            "dtype": "<c16", "shape": dims,
            "hex": hex(a.data().iter().flat_map(|z| {
                let mut b = z.re.to_le_bytes().to_vec();
                b.extend_from_slice(&z.im.to_le_bytes());
                b
            })),
        }),
        Value::Bool(a) => serde_json::json!({
            "dtype": "|b1", "shape": dims,
            "hex": hex(a.data().iter().map(|&b| b as u8)),
        }),
        Value::Char(_) => serde_json::json!({
            "strings": v.char_rows_of().unwrap(), "shape": [dims[0]],
        }),
        Value::Single(a) => serde_json::json!({
            "dtype": "<f4", "shape": dims,
            "hex": hex(a.data().iter().flat_map(|x| x.to_le_bytes())),
        }),
        Value::SingleComplex(a) => serde_json::json!({
            "dtype": "<c8", "shape": dims,
            "hex": hex(a.data().iter().flat_map(|z| [z.re.to_le_bytes(), z.im.to_le_bytes()].concat())),
        }),
        Value::Int(a) => {
            let c = a.class();
            let size = c.element_bytes();
            let dtype = format!(
                "{}{}{size}",
                if size == 1 { '|' } else { '<' },
                if c.is_signed_integer() { 'i' } else { 'u' }
            );
            let bytes: Vec<u8> =
                with_int!(a, x => x.data().iter().flat_map(|e| e.to_le_bytes()).collect());
            serde_json::json!({"dtype": dtype, "shape": dims, "hex": hex(bytes)})
        }
        other => panic!("no NumPy expectation for a {} value", other.class_name()),
    }
}

const CHECK_SCRIPT: &str = r#"
import json, numpy as np
cases = json.load(open("expect.json"))
for c in cases:
    f = np.load(c["file"])
    a = f[c["key"]] if "key" in c else f
    where = c["file"] + ":" + c.get("key", "")
    assert list(a.shape) == c["shape"], (where, a.shape, c["shape"])
    if "strings" in c:
        assert a.dtype.kind == "U", (where, a.dtype)
        assert a.tolist() == c["strings"], (where, a.tolist(), c["strings"])
        continue
    assert a.dtype.str == c["dtype"], (where, a.dtype.str)
    assert a.flags.f_contiguous, where
    assert a.tobytes(order="F").hex() == c["hex"], where
print("ok", len(cases))
"#;

#[test]
fn numpy_reads_what_flatlab_writes() {
    if !numpy_available() {
        return;
    }
    let dir = temp_dir("w");
    let cases: Vec<(&str, Value)> = vec![
        ("m23", Value::matrix(2, 3, doubles(6, 1))),
        ("scalar", Value::num(-1.5)),
        (
            "nd",
            Value::Num(Array::new(Dims::new(&[3, 4, 2, 2]), doubles(48, 2))),
        ),
        ("empty", Value::Num(Array::empty_with(Dims::mat(0, 3)))),
        ("row", Value::row(doubles(5, 3))),
        (
            "cplx",
            Value::Complex(Array::new(
                Dims::mat(2, 2),
                doubles(8, 4)
                    .chunks(2)
                    .map(|p| C64::new(p[0], p[1]))
                    .collect(),
            )),
        ),
        (
            "logic",
            Value::Bool(Array::new(
                Dims::mat(3, 2),
                vec![true, false, false, true, true, false],
            )),
        ),
        (
            "chars",
            Value::char_rows(&["abc".into(), "d".into(), "é😀x".into()]),
        ),
        (
            "i8",
            Value::Int(IntArray::I8(Array::new(
                Dims::mat(2, 2),
                vec![i8::MIN, -1, 0, i8::MAX],
            ))),
        ),
        (
            "u8",
            Value::Int(IntArray::U8(Array::row(vec![0, 128, 255]))),
        ),
        (
            "i16",
            Value::Int(IntArray::I16(Array::col(vec![i16::MIN, 7, i16::MAX]))),
        ),
        ("u16", Value::Int(IntArray::U16(Array::scalar(u16::MAX)))),
        (
            "i32",
            Value::Int(IntArray::I32(Array::new(
                Dims::new(&[1, 2, 2]),
                vec![i32::MIN, -1, 1, i32::MAX],
            ))),
        ),
        (
            "u32",
            Value::Int(IntArray::U32(Array::row(vec![0, u32::MAX]))),
        ),
        (
            "i64",
            Value::Int(IntArray::I64(Array::row(vec![
                i64::MIN,
                (1 << 53) + 1,
                i64::MAX,
            ]))),
        ),
        (
            "u64",
            Value::Int(IntArray::U64(Array::row(vec![u64::MAX, (1 << 53) + 1]))),
        ),
        (
            "f32",
            Value::Single(Array::new(
                Dims::mat(2, 2),
                vec![0.1, f32::from_bits(0x7fc0_1234), f32::NEG_INFINITY, -0.0],
            )),
        ),
        (
            "c64",
            Value::SingleComplex(Array::row(vec![
                C32::new(1.5, -2.0),
                C32::new(0.0, f32::MAX),
            ])),
        ),
    ];
    let mut expect = Vec::new();
    for (name, v) in &cases {
        let file = format!("{name}.npy");
        write_npy(&dir.join(&file), v).unwrap();
        let mut e = expectation(v);
        e["file"] = file.into();
        expect.push(e);
    }
    let vars: Vec<(&str, &Value)> = cases.iter().map(|(n, v)| (*n, v)).collect();
    for (file, compress) in [("stored.npz", false), ("deflated.npz", true)] {
        write_npz(&dir.join(file), &vars, compress).unwrap();
        for (name, v) in &cases {
            let mut e = expectation(v);
            e["file"] = file.into();
            e["key"] = (*name).into();
            expect.push(e);
        }
    }
    std::fs::write(
        dir.join("expect.json"),
        serde_json::to_string(&expect).unwrap(),
    )
    .unwrap();
    let out = python(&dir, CHECK_SCRIPT);
    assert_eq!(out.trim(), format!("ok {}", expect.len()));
    assert_eq!(expect.len(), 3 * cases.len());
    let _ = std::fs::remove_dir_all(&dir);
}

const WRITE_SCRIPT: &str = r#"
import numpy as np
rng = np.random.default_rng(7)
arrays = {
    "c2": rng.standard_normal((37, 41)),
    "f2": np.asfortranarray(rng.standard_normal((5, 3))),
    "c4": rng.standard_normal((3, 4, 5, 2)),
    "one": np.array([1.0, -0.0, np.nan, np.inf]),
    "zero": np.array(-7.25),
    "be": rng.standard_normal((2, 3)).astype(">f8"),
    "cplx": rng.standard_normal((4, 3)) + 1j * rng.standard_normal((4, 3)),
    "cbe": (rng.standard_normal(3) + 1j).astype(">c16"),
    "logic": rng.standard_normal((3, 5)) > 0,
    "i32": rng.integers(-2**31, 2**31, (4, 2), dtype=np.int32),
    "u16": rng.integers(0, 2**16, (6,), dtype=np.uint16),
    "f32": rng.standard_normal((2, 2)).astype(np.float32),
    "i8": np.array([[-128, 0, 127]], dtype=np.int8),
    "u8": rng.integers(0, 256, (3, 4, 2), dtype=np.uint8),
    "i16be": np.array([-32768, 1, 32767], dtype=">i2"),
    "u32": np.array([[0, 2**32 - 1]], dtype=np.uint32),
    "i64": np.array([-2**63, 2**53 + 1, 2**63 - 1], dtype=np.int64),
    "u64be": np.array([[2**64 - 1], [2**53 + 1]], dtype=">u8"),
    "f32be": np.array([1e-45, -0.0, np.inf], dtype=">f4"),
    "c64": (rng.standard_normal((2, 3)) + 1j * rng.standard_normal((2, 3))).astype(np.complex64),
    "c64be": np.array([1 - 2j], dtype=">c8"),
}
for k, a in arrays.items():
    np.save(k + ".npy", a)
    b = a.astype(a.dtype.newbyteorder("<")) if a.dtype.kind != "b" else a
    open(k + ".bin", "wb").write(b.tobytes(order="F"))
    open(k + ".shape", "w").write(" ".join(map(str, a.shape)))
    open(k + ".dtype", "w").write(b.dtype.str)
np.savez_compressed("all.npz", **arrays)
np.savez("plain.npz", **arrays)
np.save("text.npy", np.array(["alpha", "be", "\u00e9\U0001F600"]))
np.save("obj.npy", np.array([1.0, "a"], dtype=object), allow_pickle=True)
np.save("rec.npy", np.zeros(2, dtype=[("a", "<f8"), ("b", "<i4")]))
"#;

/// The value NumPy's raw dump describes (its little-endian dtype, shape and
/// Fortran-order bytes): 1-d is a row, 0-d a scalar, every dtype keeps its
/// class.
fn expected_from_dump(dir: &Path, key: &str) -> Value {
    let bytes = std::fs::read(dir.join(format!("{key}.bin"))).unwrap();
    let shape: Vec<usize> = std::fs::read_to_string(dir.join(format!("{key}.shape")))
        .unwrap()
        .split_whitespace()
        .map(|s| s.parse().unwrap())
        .collect();
    let dims = match shape.as_slice() {
        [] => Dims::scalar(),
        [n] => Dims::row(*n),
        s => Dims::new(s),
    };
    let dtype = std::fs::read_to_string(dir.join(format!("{key}.dtype"))).unwrap();
    let f = |c: &[u8]| f64::from_le_bytes(c.try_into().unwrap());
    let g = |c: &[u8]| f32::from_le_bytes(c.try_into().unwrap());
    macro_rules! ints {
        ($t:ty, $v:ident) => {
            Value::Int(IntArray::$v(Array::new(
                dims,
                bytes
                    .chunks(std::mem::size_of::<$t>())
                    .map(|c| <$t>::from_le_bytes(c.try_into().unwrap()))
                    .collect(),
            )))
        };
    }
    match dtype.as_str() {
        "<c16" => Value::Complex(Array::new(
            dims,
            bytes
                .chunks(16)
                .map(|c| C64::new(f(&c[..8]), f(&c[8..])))
                .collect(),
        )),
        "<c8" => Value::SingleComplex(Array::new(
            dims,
            bytes
                .chunks(8)
                .map(|c| C32::new(g(&c[..4]), g(&c[4..])))
                .collect(),
        )),
        "|b1" => Value::Bool(Array::new(dims, bytes.iter().map(|&b| b != 0).collect())),
        "<f8" => Value::Num(Array::new(dims, bytes.chunks(8).map(f).collect())),
        "<f4" => Value::Single(Array::new(dims, bytes.chunks(4).map(g).collect())),
        "|i1" => ints!(i8, I8),
        "|u1" => ints!(u8, U8),
        "<i2" => ints!(i16, I16),
        "<u2" => ints!(u16, U16),
        "<i4" => ints!(i32, I32),
        "<u4" => ints!(u32, U32),
        "<i8" => ints!(i64, I64),
        "<u8" => ints!(u64, U64),
        other => panic!("{key}: unexpected dtype {other}"),
    }
}

#[test]
fn flatlab_reads_what_numpy_writes() {
    if !numpy_available() {
        return;
    }
    let dir = temp_dir("r");
    python(&dir, WRITE_SCRIPT);
    let keys = [
        "c2", "f2", "c4", "one", "zero", "be", "cplx", "cbe", "logic", "i32", "u16", "f32", "i8",
        "u8", "i16be", "u32", "i64", "u64be", "f32be", "c64", "c64be",
    ];
    let same = |a: &Value, b: &Value| format!("{a:?}") == format!("{b:?}");
    for key in keys {
        let (v, notes) = read_npy_with_notes(&dir.join(format!("{key}.npy"))).unwrap();
        let want = expected_from_dump(&dir, key);
        assert!(same(&v, &want), "{key}: {v:?} != {want:?}");
        assert!(notes.is_empty(), "{key}: {notes:?}");
    }
    for npz in ["all.npz", "plain.npz"] {
        let l = read_npz(&dir.join(npz)).unwrap();
        assert_eq!(l.vars.len(), keys.len(), "{npz}");
        assert!(l.notes.is_empty(), "{npz}: {:?}", l.notes);
        for (key, v) in &l.vars {
            let want = expected_from_dump(&dir, key);
            assert!(same(v, &want), "{npz} {key}");
        }
    }
    // Object arrays (NumPy's cells) and structured dtypes: refused, saying why.
    let e = read_npy(&dir.join("obj.npy")).unwrap_err().message.clone();
    assert!(e.contains("obj.npy") && e.contains("object arrays"), "{e}");
    let e = read_npy(&dir.join("rec.npy")).unwrap_err().message.clone();
    assert!(e.contains("rec.npy") && e.contains("structured"), "{e}");
    let text = read_npy(&dir.join("text.npy")).unwrap();
    assert_eq!(
        text,
        Value::char_rows(&["alpha".into(), "be".into(), "é😀".into()])
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// 400 MB of doubles: flatlab's .npy save and load against numpy.save and
/// numpy.load on the same machine (run with `--ignored --nocapture`).
#[test]
#[ignore = "a timing run on large data, not a check: run by hand with --ignored --nocapture"]
fn bench_400mb_against_numpy() {
    if !numpy_available() {
        return;
    }
    let dir = temp_dir("bench");
    let n = 50_000_000usize;
    let v = Value::Num(Array::new(Dims::mat(10_000, n / 10_000), doubles(n, 9)));
    let path = dir.join("big.npy");
    let t = std::time::Instant::now();
    write_npy(&path, &v).unwrap();
    let save = t.elapsed().as_secs_f64();
    let t = std::time::Instant::now();
    let back = read_npy(&path).unwrap();
    let load = t.elapsed().as_secs_f64();
    assert_eq!(back.numel(), n);
    drop(back);
    let out = python(
        &dir,
        r#"
import numpy as np, time, os
a = np.load("big.npy")
best = {}
for rep in range(3):
    t = time.perf_counter(); np.save("np.npy", a); s = time.perf_counter() - t
    t = time.perf_counter(); fd = os.open("np.npy", os.O_RDONLY); os.fsync(fd); os.close(fd); f = time.perf_counter() - t
    t = time.perf_counter(); b = np.load("np.npy"); l = time.perf_counter() - t
    t = time.perf_counter(); c = np.load("big.npy"); lf = time.perf_counter() - t
    if rep == 0: np.save("c.npy", np.ascontiguousarray(c))
    for k, x in (("save", s), ("save+fsync", s + f), ("load", l), ("loadF", lf)):
        best[k] = min(best.get(k, 1e9), x)
print(best["save"], best["save+fsync"], best["load"], best["loadF"])
"#,
    );
    let np: Vec<f64> = out.split_whitespace().map(|s| s.parse().unwrap()).collect();
    // Best of three for flatlab too.
    let (mut save, mut load) = (save, load);
    for _ in 0..2 {
        let t = std::time::Instant::now();
        write_npy(&path, &v).unwrap();
        save = save.min(t.elapsed().as_secs_f64());
        let t = std::time::Instant::now();
        let back = read_npy(&path).unwrap();
        load = load.min(t.elapsed().as_secs_f64());
        drop(back);
    }
    eprintln!(
        "400 MB .npy: flatlab save {save:.3}s (includes fsync), numpy.save {:.3}s ({:.3}s with fsync): ratio {:.2} ({:.2} vs save+fsync)",
        np[0], np[1], save / np[0], save / np[1]
    );
    let t = std::time::Instant::now();
    let c = read_npy(&dir.join("c.npy")).unwrap();
    let load_c = t.elapsed().as_secs_f64();
    let bits = |v: &Value| match v {
        Value::Num(a) => (
            a.dims().clone(),
            a.data().iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
        ),
        _ => panic!("not double"),
    };
    assert!(bits(&c) == bits(&v), "C-order file read differently");
    drop(c);
    eprintln!("400 MB C-order .npy (numpy.save default): flatlab load {load_c:.3}s");
    eprintln!(
        "400 MB .npy: flatlab load {load:.3}s, numpy.load {:.3}s (same file {:.3}s): ratio {:.2}",
        np[2],
        np[3],
        load / np[2]
    );
    let z = dir.join("big.npz");
    let t = std::time::Instant::now();
    write_npz(&z, &[("x", &v)], false).unwrap();
    let zsave = t.elapsed().as_secs_f64();
    let t = std::time::Instant::now();
    let l = read_npz(&z).unwrap();
    let zload = t.elapsed().as_secs_f64();
    assert_eq!(l.vars[0].1.numel(), n);
    eprintln!("400 MB stored .npz: flatlab save {zsave:.3}s, load {zload:.3}s");
    let _ = std::fs::remove_dir_all(&dir);
}
