//! Text interop with the tools users have: pandas.read_csv and
//! numpy.loadtxt read flatlab's .csv and .txt files with exactly the same
//! values, and pandas `to_csv` / numpy.savetxt files load in flatlab with
//! the same values. Needs python3 with numpy and pandas; without them the
//! tests print a note and pass, unless FLATLAB_REQUIRE_INTEROP=1.

mod common;
use common::{stderr, stdout, Sandbox};
use std::process::Command;

fn python_ready() -> bool {
    common::tool_available(
        "python3",
        &["-c", "import numpy, pandas"],
        common::interop_required(),
        "text interop with pandas",
    )
}

fn python(sb: &Sandbox, script: &str) -> String {
    let o = Command::new("python3")
        .arg("-c")
        .arg(script)
        .current_dir(&sb.cwd)
        .output()
        .expect("run python3");
    assert!(
        o.status.success(),
        "python failed:\n{script}\nstdout: {}\nstderr: {}",
        stdout(&o),
        stderr(&o)
    );
    stdout(&o)
}

fn flatlab(sb: &Sandbox, code: &str) {
    let o = sb.code(code);
    assert!(
        o.status.success(),
        "flatlab failed: {code}\nstdout: {}\nstderr: {}",
        stdout(&o),
        stderr(&o)
    );
}

/// Values that stress shortest round-trip text: tiny, huge, negative zero,
/// non-finite, long fractions.
const VALUES: &str =
    "[0.1 -0.0 pi 1e-300 5e-324; 1e300 NaN Inf -Inf 123456789.123; -2.5 1/3 2^53 -7 exp(1)]";

/// Python helper: compares an array with flatlab's JSON export of `name`
/// bit for bit (NaN matching NaN), printing OK or the difference.
const CMP: &str = r#"
import json, numpy as np
def flat(name, path):
    v = json.load(open(path))["variables"][name]
    conv = lambda x: float(x) if isinstance(x, str) else float(x)
    return np.array([conv(x) for x in v["data"]], dtype=float).reshape(v["size"], order="F")
def same(a, b):
    a = np.asarray(a, dtype=float); b = np.asarray(b, dtype=float)
    if a.shape != b.shape:
        return "shape %s vs %s" % (a.shape, b.shape)
    ok = (a.view(np.uint64) == b.view(np.uint64)) | (np.isnan(a) & np.isnan(b))
    return "OK" if ok.all() else "differ at %s: %r vs %r" % (np.argwhere(~ok)[0], a[~ok][0], b[~ok][0])
"#;

#[test]
fn python_reads_flatlab_csv_and_ascii_exactly() {
    if !python_ready() {
        return;
    }
    let sb = Sandbox::new("interop-text-out");
    flatlab(
        &sb,
        &format!(
            "v = {VALUES}; writematrix(v, 'v.csv'); save v.json v; save -ascii -double vd.txt v; save -ascii v8.txt v; b = logical([1 0; 0 1]); save b.csv b; save b.json b"
        ),
    );
    let out = python(
        &sb,
        &format!(
            r#"{CMP}
import pandas as pd
want = flat("v", "v.json")
print(same(pd.read_csv("v.csv", header=None).to_numpy(), want))
print(same(np.loadtxt("v.csv", delimiter=","), want))
print(same(np.loadtxt("vd.txt"), want))
print(same(np.loadtxt("v8.txt"), np.array([[float("%.7e" % x) for x in r] for r in want])))
print(same(pd.read_csv("b.csv", header=None).to_numpy(), flat("b", "b.json").astype(float)))
"#
        ),
    );
    assert_eq!(out, "OK\nOK\nOK\nOK\nOK\n");
}

#[test]
fn flatlab_loads_pandas_and_numpy_text_exactly() {
    if !python_ready() {
        return;
    }
    let sb = Sandbox::new("interop-text-in");
    python(
        &sb,
        r#"
import numpy as np, pandas as pd
rng = np.random.default_rng(5)
a = rng.standard_normal((7, 4)) * 10.0 ** rng.integers(-12, 12, (7, 4))
a[2, 1] = np.nan; a[0, 3] = np.inf; a[5, 0] = -0.0; a[6, 2] = 1e-310
pd.DataFrame(a, columns=["x", "y", "z", "w"]).to_csv("frame.csv")
pd.DataFrame(a).to_csv("unnamed.csv")
np.savetxt("plain.txt", a)
np.savetxt("comma.csv", a, delimiter=",")
np.savetxt("tabs.dat", a, delimiter="\t", header="x y z w")
np.save("a_expected.npy", a)
np.savetxt("expected.txt", a.view(np.uint64), fmt="%d")
"#,
    );
    flatlab(
        &sb,
        "load frame.csv; f = readmatrix('frame.csv'); p = load('plain.txt'); c = csvread('comma.csv'); t = readmatrix('tabs.dat'); t2 = dlmread('tabs.dat', '\\t', 1, 0); u = readmatrix('unnamed.csv'); save got.json frame f p c t t2 u",
    );
    let out = python(
        &sb,
        &format!(
            r#"{CMP}
a = np.load("a_expected.npy")
idx = np.arange(a.shape[0], dtype=float).reshape(-1, 1)
print(same(flat("frame", "got.json"), np.hstack([idx, a])))
print(same(flat("f", "got.json"), np.hstack([idx, a])))
print(same(flat("u", "got.json"), np.hstack([idx, a])))
# numpy.savetxt writes %.18e: 19 significant digits, so every value reads back exactly.
for n in ["p", "c", "t", "t2"]:
    print(same(flat(n, "got.json"), a))
"#
        ),
    );
    assert_eq!(out, "OK\nOK\nOK\nOK\nOK\nOK\nOK\n");
}
