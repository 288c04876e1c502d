//! Collects the help text of every builtin from its doc comment, so the
//! help a user reads and the examples the tests run come from one place.
//!
//! A builtin's doc comment starts with `/// NAME: summary.` (or
//! `/// NAME1, NAME2: summary.` for a function under several names),
//! followed by paragraphs of calling forms and a ```` ```text ```` block of
//! examples: each `>> code` line followed by the output it prints. The
//! comments of every `.rs` file under `src/builtins` and `src/eval` are
//! read; the result is `$OUT_DIR/help_docs.rs`, a table of `Doc` entries
//! included by `src/builtins/help.rs`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

struct Doc {
    names: Vec<String>,
    summary: String,
    body: String,
    examples: Vec<(String, String)>,
    file: String,
}

fn is_ident(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(ch) if ch.is_ascii_alphabetic())
        && c.all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
}

/// The names of a first doc line `name1, name2: summary`, and the summary.
fn head(line: &str) -> Option<(Vec<String>, String)> {
    let (names, summary) = line.split_once(": ")?;
    let names: Vec<String> = names.split(", ").map(str::to_string).collect();
    if names.iter().all(|n| is_ident(n)) && !summary.trim().is_empty() {
        Some((names, summary.trim().to_string()))
    } else {
        None
    }
}

fn parse_block(lines: &[String], file: &str) -> Option<Doc> {
    let (names, mut summary) = head(lines.first()?)?;
    // The summary is the whole first paragraph.
    let mut rest = 1;
    while rest < lines.len() && !lines[rest].trim().is_empty() {
        summary.push(' ');
        summary.push_str(lines[rest].trim());
        rest += 1;
    }
    let mut body = String::new();
    let mut examples: Vec<(String, String)> = Vec::new();
    let mut in_code = false;
    for l in &lines[rest..] {
        if l.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            if let Some(code) = l.strip_prefix(">> ") {
                examples.push((code.to_string(), String::new()));
            } else if let Some((_, out)) = examples.last_mut() {
                out.push_str(l);
                out.push('\n');
            }
        } else {
            body.push_str(l);
            body.push('\n');
        }
    }
    for (_, out) in examples.iter_mut() {
        while out.ends_with("\n\n") {
            out.pop();
        }
    }
    Some(Doc {
        names,
        summary,
        body: body.trim().to_string(),
        examples,
        file: file.to_string(),
    })
}

fn scan_file(path: &Path, root: &Path, docs: &mut Vec<Doc>) {
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    let rel = path
        .strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string();
    let mut block: Vec<String> = Vec::new();
    for line in text.lines() {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix("///") {
            block.push(rest.strip_prefix(' ').unwrap_or(rest).to_string());
            continue;
        }
        if !block.is_empty() {
            if t.starts_with("pub fn ") || t.starts_with("pub(crate) fn ") || t.starts_with("fn ") {
                if let Some(d) = parse_block(&block, &rel) {
                    docs.push(d);
                }
            }
            block.clear();
        }
    }
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, files);
        } else if p.extension().is_some_and(|x| x == "rs") {
            files.push(p);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut files = Vec::new();
    for d in ["src/builtins", "src/eval"] {
        println!("cargo:rerun-if-changed={d}");
        walk(&root.join(d), &mut files);
    }
    files.sort();
    let mut docs = Vec::new();
    for f in &files {
        scan_file(f, &root, &mut docs);
    }
    docs.sort_by(|a, b| a.names[0].cmp(&b.names[0]));
    let mut out = String::from("pub static DOCS: &[Doc] = &[\n");
    for d in &docs {
        let _ = writeln!(
            out,
            "    Doc {{ names: &{:?}, summary: {:?}, body: {:?}, examples: &{:?}, file: {:?} }},",
            d.names, d.summary, d.body, d.examples, d.file
        );
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("help_docs.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        panic!("cannot write {}: {e}", dest.display());
    }
}
