//! The help of every builtin, collected by `build.rs` from the doc comment
//! on its function (`/// NAME: summary`, calling forms, a ```` ```text ````
//! block of `>> code` examples with their output). `help`, `doc`,
//! `lookfor` and `which` read it; a test runs every example and compares
//! its output, so the help cannot drift from what flatlab does.

/// One builtin's help.
#[derive(Debug)]
pub struct Doc {
    /// Its names (a function reachable under two names lists both).
    pub names: &'static [&'static str],
    /// The one-line summary `lookfor` searches.
    pub summary: &'static str,
    /// Calling forms and what each output is.
    pub body: &'static str,
    /// Examples: the code as typed and the output it prints.
    pub examples: &'static [(&'static str, &'static str)],
    /// The source file it is defined in (relative to the crate).
    pub file: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/help_docs.rs"));

/// The help of the builtin `name`.
pub fn lookup(name: &str) -> Option<&'static Doc> {
    DOCS.iter().find(|d| d.names.contains(&name))
}

/// Every documented name, sorted.
pub fn documented_names() -> Vec<&'static str> {
    let mut v: Vec<&str> = DOCS.iter().flat_map(|d| d.names.iter().copied()).collect();
    v.sort_unstable();
    v
}

/// The help text `help NAME` prints for a builtin.
pub fn render(name: &str, d: &Doc) -> String {
    let mut s = format!(
        "'{name}' is a built-in function from the file {}\n\n",
        d.file
    );
    s.push_str(&format!(" {}: {}\n", d.names.join(", "), d.summary));
    if !d.body.is_empty() {
        s.push('\n');
        for line in d.body.lines() {
            let line = line.replace('`', "");
            if line.is_empty() {
                s.push('\n');
            } else {
                s.push_str(&format!(" {line}\n"));
            }
        }
    }
    if !d.examples.is_empty() {
        s.push_str(if d.examples.len() == 1 {
            "\n Example:\n"
        } else {
            "\n Examples:\n"
        });
        for (code, out) in d.examples {
            s.push_str(&format!("   >> {code}\n"));
            for line in out.lines() {
                if line.is_empty() {
                    s.push('\n');
                } else {
                    s.push_str(&format!("   {line}\n"));
                }
            }
        }
    }
    s.push('\n');
    s
}

/// `lookfor WORD`: the builtins whose name or summary contains the word
/// (ignoring case), as "name  summary" lines.
pub fn lookfor(word: &str) -> Vec<(String, &'static str)> {
    let w = word.to_lowercase();
    let mut out = Vec::new();
    for d in DOCS {
        if d.summary.to_lowercase().contains(&w) || d.names.iter().any(|n| n.contains(&w)) {
            for n in d.names {
                out.push((n.to_string(), d.summary));
            }
        }
    }
    out.sort();
    out
}

/// The help block of a function or script file: its first run of comment
/// lines (before or right after the `function` line), with the comment
/// marks removed.
pub fn file_help(text: &str) -> Option<String> {
    let mut lines = text.lines().map(str::trim_start).peekable();
    // Skip blank lines and the function line (with its continuations).
    while let Some(l) = lines.peek() {
        if l.is_empty() {
            lines.next();
        } else if l.starts_with("function") {
            lines.next();
            break;
        } else {
            break;
        }
    }
    while lines.peek().is_some_and(|l| l.is_empty()) {
        lines.next();
    }
    let mut out = String::new();
    for l in lines {
        let body = if let Some(b) = l.strip_prefix('%').or_else(|| l.strip_prefix('#')) {
            b.trim_start_matches(['%', '#', '{', '}'])
        } else {
            break;
        };
        out.push_str(body);
        out.push('\n');
    }
    (!out.trim().is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_name_is_a_builtin_once() {
        let mut seen = std::collections::HashSet::new();
        for d in DOCS {
            for n in d.names {
                assert!(seen.insert(*n), "{n} is documented twice");
                assert!(
                    crate::builtins::is_builtin(n),
                    "{n} is documented in {} but is no builtin",
                    d.file
                );
            }
        }
    }

    #[test]
    fn help_text_of_a_builtin() {
        let d = lookup("polyval").expect("polyval is documented");
        let s = render("polyval", d);
        assert!(s.starts_with(
            "'polyval' is a built-in function from the file src/builtins/polynomial/fit.rs\n"
        ));
        assert!(s.contains(" polyval: evaluate a polynomial."));
        assert!(s.contains("   >> polyval([1 2 3], [0 1 2])\n"));
        assert!(!s.contains('`'));
    }

    #[test]
    fn help_blocks_of_files() {
        let f = "function y = f(x)\n% F doubles its input.\n%   y = f(x) returns 2*x.\ny = 2*x;\n";
        assert_eq!(
            file_help(f).as_deref(),
            Some(" F doubles its input.\n   y = f(x) returns 2*x.\n")
        );
        assert_eq!(
            file_help("% S does things\nx = 1;\n").as_deref(),
            Some(" S does things\n")
        );
        assert_eq!(file_help("x = 1;\n"), None);
    }

    #[test]
    fn lookfor_searches_summaries() {
        let hits = lookfor("POLYNOMIAL");
        assert!(hits.iter().any(|(n, _)| n == "polyval"));
        assert!(hits.iter().any(|(n, _)| n == "roots"));
    }
}
