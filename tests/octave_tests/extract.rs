//! The test blocks of one Octave m-file, read as Octave's own `test`
//! function reads them (`scripts/testfun/test.m`): every line that starts
//! with `%!` contributes its text after those two characters; a block
//! starts at each such line whose first character is not white space (an
//! empty `%!` line continues the block); the leading letters of a block
//! are its type and the rest is its code.
//!
//! Nothing here runs anything: `run.rs` turns blocks into MATLAB files.

/// What a block asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `%!test`: the code must run without error.
    Test,
    /// `%!xtest` (or `%!test <bug>`): a known Octave failure; run like a test.
    Xtest,
    /// `%!assert (...)`: `assert (...)` must run without error.
    Assert,
    /// `%!fail (...)`: `fail (...)` must run without error.
    Fail,
    /// `%!error <pattern> code`, `%!error id=ID code`: the code must raise
    /// an error matching the pattern (or with that identifier).
    Error,
    /// `%!warning ...`: run as a test (it must not raise an error).
    Warning,
    /// `%!shared a, b`: variables handed to and from the following blocks,
    /// with optional initialisation code.
    Shared,
    /// `%!function ... %!endfunction`: a helper function for the file.
    Function,
    /// `%!endfunction`: ends a `%!function` block; nothing to run.
    EndFunction,
    /// `%!testif FEATURE`: needs an Octave build feature; skipped.
    Testif,
    /// `%!demo`: a demonstration, not a test; skipped.
    Demo,
    /// `%!#...`: a comment block.
    Comment,
    /// Any other type word; Octave counts it as a failing test.
    Unknown(String),
}

impl Kind {
    /// Whether the block is a test that passes or fails (Octave's count).
    pub fn is_test(&self) -> bool {
        matches!(
            self,
            Kind::Test | Kind::Xtest | Kind::Assert | Kind::Fail | Kind::Error | Kind::Warning
        )
    }

    /// Skipped tests, counted apart.
    pub fn is_skipped(&self) -> bool {
        matches!(self, Kind::Testif | Kind::Demo | Kind::Unknown(_))
    }
}

/// One block of a file.
#[derive(Clone, Debug)]
pub struct Block {
    /// 1-based position among all blocks of the file.
    pub index: usize,
    /// 1-based line of the file where the block starts.
    pub line: usize,
    pub kind: Kind,
    /// The block as written (without the `%!` prefixes).
    pub text: String,
    /// The MATLAB code to run (for `assert`/`fail` the keyword is put back).
    pub code: String,
    /// `%!error <pattern>`: the regular expression the message must match.
    pub pattern: Option<String>,
    /// `%!error id=ID`: the identifier the error must carry.
    pub id: Option<String>,
    /// `%!shared`: the variable names (empty for a `%!shared` that clears).
    pub shared: Vec<String>,
    /// `%!shared` whose variable list is not a list of names.
    pub bad_shared: bool,
    /// `%!function`: the function's name.
    pub func_name: Option<String>,
}

impl Block {
    /// A stable key: file, block index and a hash of the block's text.
    pub fn key(&self, rel: &str) -> String {
        format!("{rel}:{}:{:08x}", self.index, fnv32(&self.text))
    }
}

/// FNV-1a, 32 bits: stable across runs and platforms.
pub fn fnv32(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Whether `s` is an Octave identifier (which may start with `_`).
pub fn is_ident(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(f) if f.is_ascii_alphabetic() || f == '_')
        && c.all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
}

/// Octave's `isletter`, on the ASCII letters type words are made of.
fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
}

/// The blocks of a file's text.
pub fn blocks(source: &str) -> Vec<Block> {
    // (line number, text after `%!`) of every `%!` line.
    let mut lines: Vec<(usize, &str)> = Vec::new();
    for (n, raw) in source.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = raw.strip_prefix("%!") {
            lines.push((n + 1, rest));
        }
    }
    let mut groups: Vec<(usize, Vec<&str>)> = Vec::new();
    for (n, text) in lines {
        let starts = text.chars().next().is_some_and(|c| !c.is_whitespace());
        if starts {
            groups.push((n, vec![text]));
        } else if let Some(g) = groups.last_mut() {
            g.1.push(text);
        }
        // Lines before the first block belong to none (as in Octave).
    }
    groups
        .into_iter()
        .enumerate()
        .map(|(i, (line, texts))| parse_block(i + 1, line, texts.join("\n")))
        .collect()
}

fn parse_block(index: usize, line: usize, text: String) -> Block {
    let split = text.find(|c: char| !is_letter(c)).unwrap_or(text.len());
    let (word, rest) = text.split_at(split);
    let mut b = Block {
        index,
        line,
        kind: Kind::Comment,
        code: String::new(),
        pattern: None,
        id: None,
        shared: Vec::new(),
        bad_shared: false,
        func_name: None,
        text: String::new(),
    };
    b.kind = match word {
        "test" | "xtest" => {
            let (bug, code) = bug_id(rest);
            b.code = code.to_string();
            if word == "xtest" || bug.is_some() {
                Kind::Xtest
            } else {
                Kind::Test
            }
        }
        "assert" | "fail" => {
            let (_bug, code) = bug_id(rest);
            b.code = format!("{word}{code}");
            if word == "assert" {
                Kind::Assert
            } else {
                Kind::Fail
            }
        }
        "error" | "warning" => {
            let r = rest.trim_start();
            let mut code = rest;
            if let Some(inner) = r.strip_prefix('<') {
                if let Some(close) = inner.find('>') {
                    b.pattern = Some(inner[..close].to_string());
                    code = &inner[close + 1..];
                }
            } else if let Some(after) = r.strip_prefix("id=") {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                b.id = Some(after[..end].to_string());
                code = &after[end..];
            }
            b.code = code.to_string();
            if word == "error" {
                Kind::Error
            } else {
                Kind::Warning
            }
        }
        "shared" => {
            let (vars, code) = match rest.find('\n') {
                Some(nl) => (&rest[..nl], &rest[nl..]),
                None => (rest, ""),
            };
            let vars = match vars.find(['%', '#']) {
                Some(c) => &vars[..c],
                None => vars,
            };
            let vars = vars.trim();
            if !vars.is_empty() {
                b.shared = vars.split(',').map(|v| v.trim().to_string()).collect();
                b.bad_shared = !b.shared.iter().all(|v| is_ident(v));
            }
            b.code = code.to_string();
            Kind::Shared
        }
        "function" => {
            b.func_name = function_name(&text);
            b.code = text.clone();
            Kind::Function
        }
        "endfunction" => Kind::EndFunction,
        "testif" => Kind::Testif,
        "demo" => Kind::Demo,
        "" if text.starts_with('#') => Kind::Comment,
        other => Kind::Unknown(other.to_string()),
    };
    b.text = text;
    b
}

/// Strips a leading `<bug id>` from a test's code.
fn bug_id(rest: &str) -> (Option<&str>, &str) {
    let r = rest.trim_start();
    if let Some(inner) = r.strip_prefix('<') {
        if let Some(close) = inner.find('>') {
            return (Some(&inner[..close]), &inner[close + 1..]);
        }
    }
    (None, rest)
}

/// The name in `function [a, b] = name (args)` (first line of the block).
fn function_name(text: &str) -> Option<String> {
    let first = text.lines().next()?;
    let sig = first.strip_prefix("function")?;
    let sig = match sig.find(['%', '#']) {
        Some(c) => &sig[..c],
        None => sig,
    };
    let sig = match sig.find('(') {
        Some(p) => &sig[..p],
        None => sig,
    };
    let name = match sig.rfind('=') {
        Some(e) => &sig[e + 1..],
        None => sig,
    };
    let name = name.trim();
    is_ident(name).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_blocks_as_octave_does() {
        let src = "function y = f(x)\n  y = x;\nend\n%!assert (f (1), 1)\n%!test\n%! a = 1;\n%!\n%! assert (a, 1)\n%!error <Invalid call> f ()\n%!error id=Octave:x f (1,2)\n%!shared u, v  # comment\n%! u = 1;\n%!function z = g (w)\n%!  z = w;\n%!endfunction\n%!testif HAVE_FOO\n%! x\n%!test <*12345>\n%! b = 2;\n";
        let b = blocks(src);
        let kinds: Vec<Kind> = b.iter().map(|b| b.kind.clone()).collect();
        assert_eq!(
            kinds,
            [
                Kind::Assert,
                Kind::Test,
                Kind::Error,
                Kind::Error,
                Kind::Shared,
                Kind::Function,
                Kind::EndFunction,
                Kind::Testif,
                Kind::Xtest
            ]
        );
        assert_eq!(b[0].code, "assert (f (1), 1)");
        assert_eq!(b[0].line, 4);
        assert_eq!(b[1].code, "\n a = 1;\n\n assert (a, 1)");
        assert_eq!(b[2].pattern.as_deref(), Some("Invalid call"));
        assert_eq!(b[2].code, " f ()");
        assert_eq!(b[3].id.as_deref(), Some("Octave:x"));
        assert_eq!(b[3].code, " f (1,2)");
        assert_eq!(b[4].shared, ["u", "v"]);
        assert!(!b[4].bad_shared);
        assert_eq!(b[4].code, "\n u = 1;");
        assert_eq!(b[5].func_name.as_deref(), Some("g"));
        assert_eq!(b[8].code, "\n b = 2;");
        assert_ne!(b[0].key("a.m"), b[1].key("a.m"));
    }
}
