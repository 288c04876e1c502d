//! A random differential test against GNU Octave: thousands of generated
//! statements (`differential/generate.rs`, seeded, so every run is the same)
//! run as ONE batch through each of flatlab's doors (a script file, `-c`, a
//! pipe) and as one batch in `octave-cli`; the workspaces they leave are
//! compared item by item: class, size and values of each result `rK` (and
//! `qK`), and whether the item raised an error (`eK`, set in its `catch`).
//!
//! Both sides write workspace JSON: flatlab with `save('out.json')` in a
//! second process (so the values also went through the store), Octave with
//! the conformance kit's `octave/dumpws.m`.
//!
//! A mismatch fails the test, listing each with its statement and the doors
//! it showed through, unless it is a deliberate difference (a rule in
//! DELIBERATE below, or a statement in `differential/known.rs`, with the
//! reason) or a known bug (`differential/known.rs`, with its tag; the lead
//! removes an entry when its fix lands, and the test prints entries that
//! agree again). Doors that disagree with each other always fail.
//!
//! `FLATLAB_DIFFERENTIAL_LIST=1` prints every mismatch, the unexplained ones
//! in the form of an entry; `FLATLAB_DIFFERENTIAL_KEEP=DIR` writes the batch
//! to DIR/batch.m, to run it by hand. The generator is part of the test:
//! changing it changes the statements, and the lists must be made again.
//!
//! Skipped with a note without octave-cli; fails instead under
//! FLATLAB_REQUIRE_INTEROP=1 (CI).

mod common;
#[path = "differential/generate.rs"]
mod generate;
#[path = "differential/known.rs"]
mod known;

use common::{interop_required, stderr, tool_available, Sandbox};
use known::{DELIBERATE_ITEMS, KNOWN_BUGS};
use serde_json::Value as Json;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

const SEED: u64 = 0x00F1_A71A_B10D;
const ITEMS: usize = 3000;

/// A difference from Octave that is deliberate (flatlab follows MATLAB):
/// why, and which (statement, difference) pairs it explains.
struct Deliberate {
    reason: &'static str,
    applies: fn(&str, &str) -> bool,
}

const DELIBERATE: &[Deliberate] = &[
    Deliberate {
        reason: "Octave orders complex numbers by modulus, then angle, in <, <=, >, >=; \
                 MATLAB compares real parts",
        applies: complex_ordering,
    },
    Deliberate {
        reason: "deleting with one subscript from a matrix leaves a row in MATLAB (since \
                 R2016a, whatever the index's shape), a column in Octave",
        applies: deletion_leaves_a_row,
    },
    Deliberate {
        reason: "with too many outputs, Octave assigns the first ones before raising the \
                 error; MATLAB raises it first",
        applies: too_many_outputs,
    },
    Deliberate {
        reason: "Octave pads char rows of different lengths in [a; b]; MATLAB refuses \
                 (dimensions not consistent)",
        applies: char_rows_padded,
    },
    Deliberate {
        reason: "Octave's char is one byte (codes wrap at 256, and a code above 127 is a \
                 byte of UTF-8); MATLAB's is a UTF-16 unit",
        applies: byte_chars,
    },
];

/// `text` without its string literals ('...' and "...", told apart from
/// the transpose by what precedes the quote).
fn code_only(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    let mut prev = ' ';
    while let Some(ch) = chars.next() {
        let transpose = ch == '\'' && (prev.is_alphanumeric() || ")]}_.'".contains(prev));
        if (ch == '\'' && !transpose) || ch == '"' {
            // Skip to the closing quote; a doubled quote continues the literal.
            while let Some(d) = chars.next() {
                if d == ch {
                    if chars.peek() == Some(&ch) {
                        chars.next();
                    } else {
                        break;
                    }
                }
            }
            out.push_str("STR");
            prev = 'R';
            continue;
        }
        out.push(ch);
        if !ch.is_whitespace() {
            prev = ch;
        }
    }
    out
}

fn matches(pattern: &str, text: &str) -> bool {
    regex::Regex::new(pattern).is_ok_and(|re| re.is_match(text))
}

fn complex_ordering(body: &str, _why: &str) -> bool {
    let code = code_only(body);
    matches(r"\bz\b|\d[ij]\b|\b(sqrt|log)\(", &code) && code.contains(['<', '>'])
}

fn deletion_leaves_a_row(body: &str, why: &str) -> bool {
    let sizes = regex::Regex::new(r"size \[1, (\d+)\] \(Octave \[(\d+), 1\]\)")
        .ok()
        .and_then(|re| re.captures(why).map(|c| c[1] == c[2]));
    matches(r"x\(([^(),]|\([^()]*\))*\) = \[\]", body) && sizes == Some(true)
}

fn too_many_outputs(body: &str, why: &str) -> bool {
    body.starts_with('[') && why.starts_with('r') && why.ends_with(" missing in flatlab")
}

fn char_rows_padded(body: &str, why: &str) -> bool {
    why.starts_with("flatlab raised an error, Octave gave char ")
        && matches(r#"['"]\s*;\s*['"]"#, body)
}

fn byte_chars(_body: &str, why: &str) -> bool {
    why.contains("text ") && why.chars().any(|c| u32::from(c) > 0x7f)
}

/// One value as workspace JSON holds it, reduced to what is compared.
#[derive(Debug, PartialEq)]
struct Val {
    class: String,
    size: Vec<u64>,
    complex: bool,
    re: Vec<f64>,
    im: Vec<f64>,
    text: Vec<String>,
}

/// Variables by name.
type Workspace = HashMap<String, Val>;

/// `class RxC values`, e.g. `double 1x2 [1, 2.5]`, `char 1x2 ["ab"]`.
impl std::fmt::Display for Val {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let size: Vec<String> = self.size.iter().map(u64::to_string).collect();
        write!(f, "{} {} ", self.class, size.join("x"))?;
        if self.class == "char" {
            write!(f, "{:?}", self.text)
        } else if self.complex {
            write!(f, "real {:?} imag {:?}", self.re, self.im)
        } else {
            write!(f, "{:?}", self.re)
        }
    }
}

fn number(j: &Json) -> f64 {
    match j {
        Json::Number(n) => n.as_f64().unwrap_or(f64::NAN),
        Json::Bool(b) => f64::from(u8::from(*b)),
        Json::String(s) => match s.as_str() {
            "Inf" => f64::INFINITY,
            "-Inf" => f64::NEG_INFINITY,
            _ => f64::NAN,
        },
        _ => f64::NAN,
    }
}

fn numbers(j: Option<&Json>) -> Vec<f64> {
    j.and_then(Json::as_array)
        .map(|a| a.iter().map(number).collect())
        .unwrap_or_default()
}

fn val(j: &Json) -> Val {
    let class = j["class"].as_str().unwrap_or("?").to_string();
    let size = j["size"]
        .as_array()
        .map(|a| a.iter().filter_map(Json::as_u64).collect())
        .unwrap_or_default();
    let complex = j.get("complex").and_then(Json::as_bool).unwrap_or(false);
    let text = if class == "char" {
        j["data"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let (re, im) = if complex {
        (numbers(j.get("real")), numbers(j.get("imag")))
    } else if class == "char" {
        (Vec::new(), Vec::new())
    } else {
        (numbers(j.get("data")), Vec::new())
    };
    Val {
        class,
        size,
        complex,
        re,
        im,
        text,
    }
}

/// The variables of a workspace JSON file.
fn workspace(path: &Path) -> Result<Workspace, String> {
    // Octave's chars are bytes: one above 127 is not UTF-8 there; and
    // dumpws.m writes control characters in strings as they are.
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text: String = String::from_utf8_lossy(&bytes)
        .trim_end()
        .chars()
        .map(|ch| match ch {
            '\u{0}'..='\u{1f}' => format!("\\u{:04x}", u32::from(ch)),
            _ => ch.to_string(),
        })
        .collect();
    let j: Json =
        serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", path.display()))?;
    let vars = j["variables"]
        .as_object()
        .ok_or_else(|| format!("{}: no \"variables\"", path.display()))?;
    Ok(vars.iter().map(|(k, v)| (k.clone(), val(v))).collect())
}

fn close(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits()
        || (a.is_nan() && b.is_nan())
        || a == b
        || (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
        || (a - b).abs() <= 1e-12
}

/// How `got` (flatlab) differs from `want` (Octave), if it does.
fn difference(got: &Val, want: &Val) -> Option<String> {
    if got.class != want.class {
        return Some(format!("class {} (Octave {})", got.class, want.class));
    }
    if got.size != want.size {
        return Some(format!("size {:?} (Octave {:?})", got.size, want.size));
    }
    if got.complex != want.complex {
        return Some(format!(
            "complex={} (Octave complex={})",
            got.complex, want.complex
        ));
    }
    if got.text != want.text {
        return Some(format!("text {:?} (Octave {:?})", got.text, want.text));
    }
    for (what, g, w) in [("", &got.re, &want.re), ("imag ", &got.im, &want.im)] {
        if g.len() != w.len() {
            return Some(format!("{what}{} values (Octave {})", g.len(), w.len()));
        }
        if let Some(i) = (0..g.len()).find(|&i| !close(g[i], w[i])) {
            return Some(format!(
                "{what}value {} is {} (Octave {}); all: {g:?} (Octave {w:?})",
                i + 1,
                g[i],
                w[i]
            ));
        }
    }
    None
}

/// Item by item, what flatlab's workspace got wrong.
fn compare(got: &Workspace, want: &Workspace) -> BTreeMap<usize, String> {
    let mut out = BTreeMap::new();
    for k in 1..=ITEMS {
        let (e, name) = (format!("e{k}"), format!("r{k}"));
        let why = match (got.contains_key(&e), want.contains_key(&e)) {
            (true, false) => Some(format!(
                "flatlab raised an error, Octave gave {}",
                want.get(&name).map_or("no value".into(), |v| v.to_string())
            )),
            (false, true) => Some(format!(
                "Octave raised an error, flatlab gave {}",
                got.get(&name).map_or("no value".into(), |v| v.to_string())
            )),
            _ => ["r", "q"].iter().find_map(|p| {
                let n = format!("{p}{k}");
                match (got.get(&n), want.get(&n)) {
                    (Some(g), Some(w)) => difference(g, w).map(|d| format!("{n}: {d}")),
                    (None, Some(_)) => Some(format!("{n} missing in flatlab")),
                    (Some(_), None) => Some(format!("{n} set in flatlab, not in Octave")),
                    (None, None) => None,
                }
            }),
        };
        if let Some(why) = why {
            out.insert(k, why);
        }
    }
    out
}

fn kit_octave() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/octave");
    assert!(
        dir.join("dumpws.m").is_file(),
        "the conformance kit's octave/dumpws.m is missing at {}: this test cannot run without it",
        dir.display()
    );
    dir
}

/// The batch in Octave, dumped with dumpws.m.
fn octave(text: &str) -> Workspace {
    let s = Sandbox::new("differential-octave");
    let kit = kit_octave();
    s.write(
        "batch.m",
        &format!(
            "{text}\naddpath('{}');\ndumpws('octave.json');\n",
            kit.display()
        ),
    );
    let o = Command::new("octave-cli")
        .args(["--no-gui", "--quiet", "--norc", "batch.m"])
        .current_dir(&s.cwd)
        .output()
        .expect("run octave-cli");
    assert!(
        o.status.success(),
        "octave-cli could not run the batch: {}",
        stderr(&o)
    );
    workspace(&s.cwd.join("octave.json")).unwrap_or_else(|e| panic!("Octave's dump: {e}"))
}

/// Linux refuses a single argument over 128 KiB: `-c` gets chunks of whole
/// commands, run one after the other in the same workspace.
const ARG_MAX: usize = 100_000;

/// The batch through one door of flatlab; the workspace it leaves, or why
/// the door failed as a whole.
fn flatlab(door: &str, units: &[String]) -> Result<Workspace, String> {
    let s = Sandbox::new(&format!("differential-{door}"));
    // No newline at the end: the last command ends the input.
    let text = units.join("\n");
    let outputs = match door {
        "script" => {
            s.write("batch.m", &text);
            vec![s.run(&["batch.m"])]
        }
        "c" => {
            let mut chunks = vec![String::new()];
            for u in units {
                let last = chunks.last_mut().expect("one chunk");
                if !last.is_empty() && last.len() + u.len() > ARG_MAX {
                    chunks.push(String::new());
                }
                let last = chunks.last_mut().expect("one chunk");
                last.push_str(u);
                last.push('\n');
            }
            chunks
                .iter()
                .map(|c| s.code(c.strip_suffix('\n').unwrap_or(c)))
                .collect()
        }
        _ => vec![s.pipe(&[], &text)],
    };
    for o in &outputs {
        if !o.status.success() {
            return Err(format!("exit {:?}: {}", o.status.code(), stderr(o)));
        }
    }
    let o = s.code("save('out.json')");
    if !o.status.success() {
        return Err(format!("save('out.json') failed: {}", stderr(&o)));
    }
    workspace(&s.cwd.join("out.json"))
}

const DOORS: [&str; 3] = ["script", "c", "pipe"];

/// The batch in Octave and through every door of flatlab, all at once
/// (Octave's start-up dominates): Octave's workspace, and each door's.
fn run_everywhere(units: &[String]) -> (Workspace, Vec<Result<Workspace, String>>) {
    std::thread::scope(|sc| {
        let o = sc.spawn(|| octave(&units.join("\n")));
        let f: Vec<_> = DOORS
            .iter()
            .map(|d| sc.spawn(|| flatlab(d, units)))
            .collect();
        let got = f
            .into_iter()
            .map(|h| h.join().expect("door thread"))
            .collect();
        (o.join().expect("octave thread"), got)
    })
}

/// A line on stderr past the test harness's capture, so it shows when the
/// test passes too.
fn note(text: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "{text}");
}

#[test]
fn random_statements_agree_with_octave_through_every_door() {
    if !tool_available(
        "octave-cli",
        &["--version"],
        interop_required(),
        "the differential test against Octave",
    ) {
        return;
    }
    let (units, bodies) = generate::batch(SEED, ITEMS);
    if let Some(dir) = std::env::var_os("FLATLAB_DIFFERENTIAL_KEEP") {
        let path = Path::new(&dir).join("batch.m");
        std::fs::write(&path, units.join("\n")).expect("write the batch");
        note(&format!("the batch is in {}", path.display()));
    }
    let (want, got) = run_everywhere(&units);
    let errors = (1..=ITEMS)
        .filter(|k| want.contains_key(&format!("e{k}")))
        .count();
    let mut problems = Vec::new();
    // item -> (difference, doors it showed through)
    let mut seen: BTreeMap<usize, (String, Vec<&str>)> = BTreeMap::new();
    for (door, ws) in DOORS.iter().zip(&got) {
        match ws {
            Ok(ws) => {
                for (k, why) in compare(ws, &want) {
                    seen.entry(k)
                        .or_insert_with(|| (why, Vec::new()))
                        .1
                        .push(door);
                }
            }
            Err(e) => problems.push(format!("via {door}: the batch failed as a whole: {e}")),
        }
    }
    let deliberate = |body: &str, why: &str| {
        DELIBERATE
            .iter()
            .find(|d| (d.applies)(body, why))
            .map(|d| d.reason)
            .or_else(|| DELIBERATE_ITEMS.iter().find(|d| d.0 == body).map(|d| d.1))
    };
    let listed = |body: &str| KNOWN_BUGS.iter().any(|b| b.0 == body);
    let ran = got.iter().filter(|g| g.is_ok()).count();
    let mut unexpected = 0;
    let mut explained = 0;
    let verbose = std::env::var_os("FLATLAB_DIFFERENTIAL_LIST").is_some();
    for (k, (why, ds)) in &seen {
        let body = &bodies[k - 1];
        if ds.len() != ran {
            problems.push(format!(
                "doors disagree on item {k} (differs from Octave only via {}): {body}\n    {why}",
                ds.join(", ")
            ));
        } else if let Some(reason) = deliberate(body, why) {
            explained += 1;
            if verbose {
                note(&format!("deliberate ({reason}): {body}\n    {why}"));
            }
        } else if !listed(body) {
            unexpected += 1;
            problems.push(format!("item {k}: {body}\n    {why}"));
        }
    }
    for (body, _, _) in KNOWN_BUGS {
        if !bodies
            .iter()
            .enumerate()
            .any(|(i, b)| b == body && seen.contains_key(&(i + 1)))
        {
            note(&format!(
                "known bug now agrees with Octave (remove it from KNOWN_BUGS): {body}"
            ));
        }
    }
    if verbose {
        for (k, (why, _)) in &seen {
            if deliberate(&bodies[k - 1], why).is_none() {
                note(&format!(
                    "    ({:?}, {:?}, \"bug, not yet fixed\"),",
                    bodies[k - 1],
                    why
                ));
            }
        }
    }
    note(&format!(
        "differential: {ITEMS} items ({errors} raise errors in Octave), {} differ from Octave: \
         {explained} deliberately, {} known bugs, {unexpected} not listed",
        seen.len(),
        seen.len() - explained - unexpected
    ));
    assert!(
        problems.is_empty(),
        "{} problems against Octave 7:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
