//! Interop with real NumPy, both directions, bit for bit:
//! - flatlab writes .npy and .npz (stored and deflated) through the library
//!   API; `numpy.load` checks dtype, shape, Fortran order and the exact bytes
//!   of every element;
//! - `numpy.save`, `numpy.savez` and `numpy.savez_compressed` write files
//!   (C and Fortran order, several dtypes, big-endian); flatlab loads them
//!   and compares with the raw Fortran-order bytes NumPy dumps beside them.
//!
//! Needs `python3` with NumPy. Without it the tests print a note and pass,
//! unless FLATLAB_REQUIRE_INTEROP=1 (as in CI), where they fail.

mod common;
use flatlab::formats::npy::{read_npy, read_npy_with_notes, read_npz, write_npy, write_npz};
use flatlab::value::{Array, Dims, Value, C64};
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
    assert_eq!(expect.len(), 24);
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
}
for k, a in arrays.items():
    np.save(k + ".npy", a)
    b = a.astype(np.complex128 if a.dtype.kind == "c" else (bool if a.dtype.kind == "b" else np.float64))
    b = b.astype(b.dtype.newbyteorder("<"))
    open(k + ".bin", "wb").write(b.tobytes(order="F"))
    open(k + ".shape", "w").write(" ".join(map(str, a.shape)))
np.savez_compressed("all.npz", **arrays)
np.savez("plain.npz", **arrays)
np.save("text.npy", np.array(["alpha", "be", "\u00e9\U0001F600"]))
"#;

/// The value NumPy's raw dump describes: 1-d is a row, 0-d a scalar.
fn expected_from_dump(dir: &Path, key: &str, sample: &Value) -> Value {
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
    let f = |c: &[u8]| f64::from_le_bytes(c.try_into().unwrap());
    match sample {
        Value::Complex(_) => Value::Complex(Array::new(
            dims,
            bytes
                .chunks(16)
                .map(|c| C64::new(f(&c[..8]), f(&c[8..])))
                .collect(),
        )),
        Value::Bool(_) => Value::Bool(Array::new(dims, bytes.iter().map(|&b| b != 0).collect())),
        _ => Value::Num(Array::new(dims, bytes.chunks(8).map(f).collect())),
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
        "c2", "f2", "c4", "one", "zero", "be", "cplx", "cbe", "logic", "i32", "u16", "f32",
    ];
    let same = |a: &Value, b: &Value| format!("{a:?}") == format!("{b:?}");
    for key in keys {
        let (v, notes) = read_npy_with_notes(&dir.join(format!("{key}.npy"))).unwrap();
        let want = expected_from_dump(&dir, key, &v);
        assert!(same(&v, &want), "{key}: {v:?} != {want:?}");
        let converted = matches!(key, "i32" | "u16" | "f32");
        assert_eq!(notes.len(), converted as usize, "{key}: {notes:?}");
    }
    for npz in ["all.npz", "plain.npz"] {
        let l = read_npz(&dir.join(npz)).unwrap();
        assert_eq!(l.vars.len(), keys.len(), "{npz}");
        assert_eq!(l.notes.len(), 3, "{npz}: {:?}", l.notes);
        for (key, v) in &l.vars {
            let want = expected_from_dump(&dir, key, v);
            assert!(same(v, &want), "{npz} {key}");
        }
    }
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
#[ignore]
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
