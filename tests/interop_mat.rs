//! MAT-file interop with the tools users have: flatlab's v6 and v7 files
//! open in SciPy (`scipy.io.loadmat`) and GNU Octave with the same values,
//! shapes, classes and element order, bit for bit; files SciPy and Octave
//! write load in flatlab with the same values.
//!
//! Needs python3 with numpy and scipy, and octave-cli for the Octave half.
//! Without them each test prints a note to stderr and passes, unless
//! FLATLAB_REQUIRE_INTEROP=1 is set, in which case a missing tool fails
//! them.

mod common;
use flatlab::formats::mat;
use flatlab::value::{Array, Dims, Struct, Value, C64};
use serde_json::Value as J;
use std::path::{Path, PathBuf};
use std::process::Command;

fn have_scipy() -> bool {
    common::tool_available(
        "python3",
        &["-c", "import numpy, scipy.io"],
        common::interop_required(),
        "MAT interop with SciPy",
    )
}

/// Octave, required like SciPy when FLATLAB_REQUIRE_INTEROP=1 (CI has it).
fn have_octave() -> bool {
    common::tool_available(
        "octave-cli",
        &["--version"],
        common::interop_required(),
        "the Octave half of MAT interop",
    )
}

fn tmpdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("flatlab-interop-mat-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn run(tool: &str, args: &[&str]) -> String {
    let o = Command::new(tool).args(args).output().unwrap();
    assert!(
        o.status.success(),
        "{tool} failed:\n{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// Deterministic doubles spanning magnitudes, signs and -0.0.
fn doubles(n: usize) -> Vec<f64> {
    let mut s: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|k| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            match k % 50 {
                0 => -0.0,
                1 => f64::INFINITY,
                2 => f64::NEG_INFINITY,
                3 => 5e-324,
                _ => {
                    let x = f64::from_bits(s);
                    if x.is_finite() {
                        x
                    } else {
                        (s >> 11) as f64 * 1e-3
                    }
                }
            }
        })
        .collect()
}

/// The variables flatlab writes for the external tools.
fn samples() -> Vec<(&'static str, Value)> {
    let big = doubles(3 * 7 * 1000);
    let z: Vec<C64> = doubles(12)
        .chunks(2)
        .map(|p| C64::new(p[0], p[1]))
        .collect();
    vec![
        ("big", Value::Num(Array::new(Dims::new(&[3, 7, 1000]), big))),
        (
            "d",
            Value::matrix(2, 3, vec![1.5, -0.0, f64::INFINITY, f64::NAN, 1e-310, -2.0]),
        ),
        ("sc", Value::num(42.0)),
        ("z", Value::Complex(Array::new(Dims::mat(2, 3), z))),
        (
            "b",
            Value::Bool(Array::new(Dims::mat(2, 2), vec![true, false, false, true])),
        ),
        ("t", Value::str("hello world")),
        ("chm", Value::char_rows(&["abc".into(), "def".into()])),
        (
            "nd",
            Value::Num(Array::new(Dims::new(&[2, 1, 3]), doubles(6))),
        ),
        ("e", Value::empty()),
        ("e03", Value::Num(Array::empty_with(Dims::mat(0, 3)))),
        ("eb", Value::Bool(Array::empty_with(Dims::mat(1, 0)))),
    ]
}

fn hex(bytes: impl IntoIterator<Item = u8>) -> String {
    bytes.into_iter().map(|b| format!("{b:02x}")).collect()
}

/// What a value looks like to NumPy after `loadmat`: class, shape, and the
/// Fortran-order bytes (char as UTF-16 code units, logical as uint8).
fn describe(v: &Value) -> (String, Vec<usize>, String) {
    let shape = v.dims().as_slice().to_vec();
    match v {
        Value::Num(a) => (
            "double".into(),
            shape,
            hex(a.data().iter().flat_map(|x| x.to_le_bytes())),
        ),
        Value::Complex(a) => (
            "complex".into(),
            shape,
            hex(a
                .data()
                .iter()
                .flat_map(|z| [z.re.to_le_bytes(), z.im.to_le_bytes()].concat())),
        ),
        Value::Bool(a) => (
            "logical".into(),
            shape,
            hex(a.data().iter().map(|&b| b as u8)),
        ),
        Value::Char(a) => (
            "char".into(),
            shape,
            hex(a.data().iter().flat_map(|c| c.to_le_bytes())),
        ),
        other => (other.class_name().into(), shape, String::new()),
    }
}

/// Python that prints, for every variable of the MAT-file argv[1], its
/// class (from whosmat), NumPy dtype, shape and Fortran-order bytes.
const SCIPY_DESCRIBE: &str = r#"
import sys, json, numpy as np, scipy.io as sio
classes = {n: c for n, _, c in sio.whosmat(sys.argv[1])}
m = sio.loadmat(sys.argv[1], chars_as_strings=False, squeeze_me=False)
out = {}
for k, a in m.items():
    if k.startswith('__'):
        continue
    if a.dtype.kind == 'U':
        data = np.array([ord(c) for c in a.flatten(order='F')], dtype='<u2').tobytes()
    elif a.dtype.kind == 'V':
        data = json.dumps({f: a[f][0, 0].tolist() for f in a.dtype.names}).encode()
    else:
        data = a.tobytes(order='F')
    out[k] = {'class': classes[k], 'dtype': a.dtype.str, 'shape': list(a.shape), 'hex': data.hex()}
print(json.dumps(out))
"#;

fn scipy_describe(path: &Path) -> serde_json::Map<String, J> {
    let text = run("python3", &["-c", SCIPY_DESCRIBE, path.to_str().unwrap()]);
    match serde_json::from_str(&text).unwrap() {
        J::Object(m) => m,
        other => panic!("unexpected {other}"),
    }
}

#[test]
fn scipy_reads_flatlab_files_bit_for_bit() {
    if !have_scipy() {
        return;
    }
    let dir = tmpdir("to-scipy");
    let vals = samples();
    let mut st = Struct::default();
    st.set("a", Value::num(1.5));
    st.set("name", Value::str("xyz"));
    let stv = Value::Struct(Box::new(st));
    let mut vars: Vec<(&str, &Value)> = vals.iter().map(|(n, v)| (*n, v)).collect();
    vars.push(("st", &stv));
    for compress in [false, true] {
        let path = dir.join(format!("f{}.mat", if compress { 7 } else { 6 }));
        mat::write(&path, &vars, compress).unwrap();
        let got = scipy_describe(&path);
        assert_eq!(got.len(), vars.len(), "{got:?}");
        for (name, v) in &vals {
            let g = &got[*name];
            let (class, shape, data) = describe(v);
            let want_class = if class == "complex" { "double" } else { &class };
            assert_eq!(g["class"], *want_class, "{name}");
            let dtype = match class.as_str() {
                "double" => "<f8",
                "complex" => "<c16",
                "logical" => "|u1",
                _ => "<U1",
            };
            assert_eq!(g["dtype"], dtype, "{name}");
            assert_eq!(g["shape"], serde_json::json!(shape), "{name}");
            assert_eq!(g["hex"], data.as_str(), "{name} (compress {compress})");
        }
        assert_eq!(got["st"]["class"], "struct");
        let fields = hex_text(got["st"]["hex"].as_str().unwrap());
        let fields: J = serde_json::from_str(&fields).unwrap();
        assert_eq!(fields["a"], serde_json::json!([[1.5]]));
        assert_eq!(fields["name"], serde_json::json!([["x", "y", "z"]]));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn hex_text(h: &str) -> String {
    let bytes: Vec<u8> = (0..h.len() / 2)
        .map(|i| u8::from_str_radix(&h[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    String::from_utf8(bytes).unwrap()
}

/// Python that writes argv[1] (uncompressed) and argv[2] (compressed) with
/// savemat and prints each variable as flatlab should load it (integer,
/// single, cell and struct variables are in `interop_mat_kinds.rs`).
const SCIPY_WRITE: &str = r#"
import sys, json, numpy as np, scipy.io as sio
rng = np.random.default_rng(7)
v = {
    'r': rng.standard_normal((4, 5)),
    'bits': rng.integers(0, 2**63, (3, 3), dtype=np.uint64).view(np.float64),
    'cz': (rng.standard_normal((2, 2)) + 1j * rng.standard_normal((2, 2))),
    'lg': np.array([[True, True, False]]),
    'txt': 'h\u00e9llo \u03b1',
    'nd': rng.standard_normal((2, 3, 2)),
    'e': np.zeros((0, 0)),
}
v['bits'][np.isnan(v['bits'])] = 0.5
sio.savemat(sys.argv[1], v, do_compression=False)
sio.savemat(sys.argv[2], v, do_compression=True)
out = {}
for k, a in v.items():
    if isinstance(a, str):
        out[k] = {'class': 'char', 'shape': [1, len(a)],
                  'hex': np.array([ord(c) for c in a], dtype='<u2').tobytes().hex()}
        continue
    if a.dtype == bool:
        cls, b = 'logical', a.astype(np.uint8)
    elif a.dtype.kind == 'c':
        cls, b = 'complex', a.astype(np.complex128)
    else:
        cls, b = 'double', a.astype(np.float64)
    out[k] = {'class': cls, 'shape': list(a.shape), 'hex': b.tobytes(order='F').hex()}
print(json.dumps(out))
"#;

#[test]
fn flatlab_reads_scipy_savemat_files() {
    if !have_scipy() {
        return;
    }
    let dir = tmpdir("from-scipy");
    let (p5, p5z) = (dir.join("s.mat"), dir.join("sz.mat"));
    let text = run(
        "python3",
        &[
            "-c",
            SCIPY_WRITE,
            p5.to_str().unwrap(),
            p5z.to_str().unwrap(),
        ],
    );
    let want: serde_json::Map<String, J> = serde_json::from_str(&text).unwrap();
    for p in [&p5, &p5z] {
        let got = mat::read(p).unwrap();
        assert_eq!(got.vars.len(), want.len(), "{:?}", got.vars);
        for (name, v) in &got.vars {
            let (class, shape, data) = describe(v);
            let w = &want[name];
            assert_eq!(w["class"], class.as_str(), "{name}");
            assert_eq!(w["shape"], serde_json::json!(shape), "{name}");
            assert_eq!(w["hex"], data.as_str(), "{name} in {}", p.display());
        }
        assert!(got.notes.is_empty(), "{:?}", got.notes);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Octave loads flatlab's v6 and v7 files, reports each variable's class
/// and size, and saves them again with its own -v6 and -v7 writers;
/// flatlab reads those back with the original bits.
#[test]
fn octave_round_trips_flatlab_files() {
    if !have_octave() {
        return;
    }
    let dir = tmpdir("octave");
    let vals: Vec<(&str, Value)> = samples()
        .into_iter()
        // Octave 7.3 canonicalizes NaN payloads; keep NaN out of the bit check.
        .map(|(n, v)| match v {
            Value::Num(a) => (n, Value::Num(a.map(|x| if x.is_nan() { 7.0 } else { *x }))),
            other => (n, other),
        })
        .collect();
    let mut vars: Vec<(&str, &Value)> = vals.iter().map(|(n, v)| (*n, v)).collect();
    let mut st = Struct::default();
    st.set("a", Value::row(vec![1.0, 2.0]));
    st.set("name", Value::str("xyz"));
    let stv = Value::Struct(Box::new(st));
    vars.push(("st", &stv));
    for compress in [false, true] {
        let src = dir.join(format!("in{compress}.mat"));
        let (o6, o7) = (
            dir.join(format!("o6{compress}.mat")),
            dir.join(format!("o7{compress}.mat")),
        );
        mat::write(&src, &vars, compress).unwrap();
        let script = format!(
            "x = load('{}'); n = fieldnames(x); \
             for i = 1:numel(n), v = x.(n{{i}}); \
             printf('%s %s %s %d\\n', n{{i}}, class(v), mat2str(size(v)), iscomplex(v)); end; \
             assert(isequal(x.st.a, [1 2]) && isequal(x.st.name, 'xyz')); \
             save('-v6', '{}', '-struct', 'x'); save('-v7', '{}', '-struct', 'x');",
            src.display(),
            o6.display(),
            o7.display()
        );
        let out = run("octave-cli", &["--no-gui", "--quiet", "--eval", &script]);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), vars.len(), "{out}");
        assert_eq!(lines.last().copied(), Some("st struct [1 1] 0"));
        for ((name, v), line) in vals.iter().zip(&lines) {
            let class = match v {
                Value::Num(_) | Value::Complex(_) => "double",
                Value::Bool(_) => "logical",
                _ => "char",
            };
            let size = format!(
                "[{}]",
                v.dims()
                    .as_slice()
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            );
            let want = format!("{name} {class} {size} {}", u8::from(v.is_complex()));
            assert_eq!(*line, want);
        }
        for back in [&o6, &o7] {
            let got = mat::read(back).unwrap();
            assert!(got.notes.is_empty(), "{:?}", got.notes);
            assert_eq!(got.vars.len(), vars.len());
            let st = got.vars.iter().find(|(n, _)| n == "st").map(|(_, v)| v);
            assert_eq!(st, Some(&stv), "st via {}", back.display());
            // Octave writes the fields of `-struct` in its own order.
            for (name, v) in &vals {
                let (_, gv) = got
                    .vars
                    .iter()
                    .find(|(n, _)| n == name)
                    .unwrap_or_else(|| panic!("{name} missing from {}", back.display()));
                assert_eq!(describe(v), describe(gv), "{name} via {}", back.display());
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Save and load of a 400 MB double array in v6 (and v7) against
/// numpy.save (+ fsync, as flatlab's atomic save does) and numpy.load on the
/// same machine; the best of three runs each, printed with the ratios.
/// Run with `cargo test --test interop_mat bench_400mb -- --ignored --nocapture`.
#[test]
#[ignore]
fn bench_400mb() {
    if !have_scipy() {
        return;
    }
    let dir = tmpdir("bench");
    let n = 50_000_000;
    let data: Vec<f64> = (0..n).map(|k| (k as f64).sin()).collect();
    let v = Value::Num(Array::new(Dims::mat(10_000, 5_000), data));
    let time = |f: &mut dyn FnMut()| {
        let t = std::time::Instant::now();
        f();
        t.elapsed().as_secs_f64()
    };
    let p6 = dir.join("b6.mat");
    let p7 = dir.join("b7.mat");
    let py = format!(
        "import numpy as np, time, os\n\
         a = np.sin(np.arange({n}, dtype=float)).reshape((10000, 5000), order='F')\n\
         p = '{}'\n\
         ws, rs = [], []\n\
         for i in range(3):\n\
         \x20   t = time.perf_counter(); np.save(p, a); fd = os.open(p, os.O_RDONLY); os.fsync(fd); os.close(fd); ws.append(time.perf_counter() - t)\n\
         \x20   t = time.perf_counter(); b = np.load(p); rs.append(time.perf_counter() - t); del b\n\
         print(min(ws), min(rs))",
        dir.join("b.npy").display()
    );
    let out = run("python3", &["-c", &py]);
    let t: Vec<f64> = out.split_whitespace().map(|x| x.parse().unwrap()).collect();
    let (mut w6, mut r6) = (f64::MAX, f64::MAX);
    for _ in 0..3 {
        w6 = w6.min(time(&mut || {
            mat::write(&p6, &[("x", &v)], false).unwrap();
        }));
        r6 = r6.min(time(&mut || {
            assert_eq!(mat::read(&p6).unwrap().vars.len(), 1)
        }));
    }
    let mut bytes = Vec::new();
    let tr = time(&mut || bytes = std::fs::read(&p6).unwrap());
    let tp = time(&mut || assert_eq!(mat::parse(&bytes).unwrap().vars.len(), 1));
    eprintln!("v6 load = file read {tr:.2}s + parse {tp:.2}s");
    drop(bytes);
    let w7 = time(&mut || {
        mat::write(&p7, &[("x", &v)], true).unwrap();
    });
    let r7 = time(&mut || assert_eq!(mat::read(&p7).unwrap().vars.len(), 1));
    let size7 = std::fs::metadata(&p7).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "400 MB doubles: numpy.save {:.2}s load {:.2}s | mat v6 save {w6:.2}s ({:.2}x) \
         load {r6:.2}s ({:.2}x) | v7 save {w7:.2}s load {r7:.2}s ({} MB)",
        t[0],
        t[1],
        w6 / t[0],
        r6 / t[1],
        size7 >> 20
    );
    let _ = std::fs::remove_dir_all(&dir);
}
