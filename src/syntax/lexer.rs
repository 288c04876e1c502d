//! Tokens from MATLAB source text.
//!
//! MATLAB's lexical rules depend on context: inside `[]`/`{}` whitespace
//! separates elements (`[1 -2]` is two elements, `[1 - 2]` one) and newlines
//! separate rows; a quote is a transpose right after a value and a string
//! elsewhere; a statement like `format long` is command syntax. The lexer
//! tracks bracket nesting and the previous token to decide, and inserts the
//! implied `,`/`;` separators so the parser never sees whitespace. Atoms
//! (numbers, names) are recognized with nom.

use super::ast::Span;
use super::error::ParseError;
use nom::branch::alt;
use nom::bytes::complete::{take_while, take_while1};
use nom::character::complete::{char, digit0, digit1, one_of};
use nom::combinator::{not, opt, peek};
use nom::sequence::terminated;
use nom::{IResult, Parser};
use std::borrow::Cow;

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Num(f64),
    Imag(f64),
    Str {
        text: String,
        double_quoted: bool,
    },
    Ident(String),
    Kw(Kw),
    /// Operator or punctuation, e.g. "+", ".*", "==", "(", "]", "=", "@".
    Op(&'static str),
    Comma,
    Semi,
    Newline,
    /// Command syntax: the words after a command name (`format long`).
    Words(Vec<String>),
    Eof,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kw {
    If,
    Elseif,
    Else,
    End,
    For,
    Parfor,
    While,
    Do,
    Until,
    Switch,
    Case,
    Otherwise,
    Try,
    Catch,
    Break,
    Continue,
    Return,
    Function,
    Global,
    Persistent,
    UnwindProtect,
    UnwindProtectCleanup,
}

fn keyword(s: &str) -> Option<Kw> {
    Some(match s {
        "if" => Kw::If,
        "elseif" => Kw::Elseif,
        "else" => Kw::Else,
        "end" | "endif" | "endfor" | "endwhile" | "endswitch" | "end_try_catch" | "endfunction"
        | "endparfor" | "end_unwind_protect" => Kw::End,
        "for" => Kw::For,
        "parfor" => Kw::Parfor,
        "while" => Kw::While,
        "do" => Kw::Do,
        "until" => Kw::Until,
        "switch" => Kw::Switch,
        "case" => Kw::Case,
        "otherwise" => Kw::Otherwise,
        "try" => Kw::Try,
        "catch" => Kw::Catch,
        "break" => Kw::Break,
        "continue" => Kw::Continue,
        "return" => Kw::Return,
        "function" => Kw::Function,
        "global" => Kw::Global,
        "persistent" => Kw::Persistent,
        "unwind_protect" => Kw::UnwindProtect,
        "unwind_protect_cleanup" => Kw::UnwindProtectCleanup,
        _ => return None,
    })
}

/// Is `s` a reserved word (cannot be a variable or function name)?
pub fn is_keyword(s: &str) -> bool {
    keyword(s).is_some()
}

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub span: Span,
    /// Whitespace (or a continuation) came right before this token.
    pub space_before: bool,
}

// ---------- nom atoms ----------

/// Run a nom parser over the whole remaining text (complete mode: the end of
/// the text ends the token) and return the text it consumed.
///
/// The consumed text is measured by length, not with `nom::combinator::recognize`:
/// in nom 8.0.0 the complete `*0` atoms (`digit0`, `take_while`) hand back the
/// remainder as an empty slice at the *start* of their input when they consume
/// all of it (rust-bakery/nom#1808), so `recognize`, which compares pointers,
/// cut `0.75` at the end of a line to `0.`. Lengths are right either way.
fn consumed<'a, P>(mut parser: P, i: &'a str) -> IResult<&'a str, &'a str>
where
    P: Parser<&'a str, Error = nom::error::Error<&'a str>>,
{
    let (rest, _) = parser.parse_complete(i)?;
    let used = i.len() - rest.len();
    Ok((&i[used..], &i[..used]))
}

fn ident(i: &str) -> IResult<&str, &str> {
    consumed(
        (
            take_while1(|c: char| c.is_ascii_alphabetic() || c == '_'),
            take_while(|c: char| c.is_ascii_alphanumeric() || c == '_'),
        ),
        i,
    )
}

/// A decimal number: `12`, `1.5`, `3.`, `.5`, `1e-3`. A trailing `.` is not
/// taken when it begins an element-wise operator (`1.^2`, `2.*x`, `a.'`).
fn number(i: &str) -> IResult<&str, &str> {
    let mantissa = alt((
        (
            digit1,
            opt((terminated(char('.'), not(peek(one_of("*/\\^'")))), digit0)),
        )
            .map(|_| ()),
        (char('.'), digit1).map(|_| ()),
    ));
    consumed(
        (mantissa, opt((one_of("eEdD"), opt(one_of("+-")), digit1))),
        i,
    )
}

/// Operators, longest first.
const OPS: &[&str] = &[
    "...", ".^'", "==", "~=", "!=", "<=", ">=", "&&", "||", ".*", "./", ".\\", ".^", ".'", "+",
    "-", "*", "/", "\\", "^", "'", "<", ">", "&", "|", "~", "!", "=", "(", ")", "[", "]", "{", "}",
    ":", ".", "@",
];

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    toks: Vec<Token>,
    /// Stack of open brackets: b'(' , b'[' , b'{', and b'@' for the
    /// parameter list of an anonymous function (`@(`).
    nest: Vec<u8>,
    /// Index in `toks` of the `)` that closed the last anonymous function's
    /// parameter list: no value, so in `{@(x) x + 1}` the space after it
    /// separates nothing.
    anon_close: Option<usize>,
    /// Start of a statement (command syntax may begin here).
    stmt_start: bool,
    /// The last line of the text ends in a `...` continuation.
    open_continuation: bool,
}

/// The tokens of a source text.
#[derive(Clone, Debug, PartialEq)]
pub struct Tokens {
    /// Always ends with `Eof`.
    pub toks: Vec<Token>,
    /// The last line ends with a `...` continuation (and no newline): the
    /// statement ends there, but a line typed after it would continue it.
    pub open_continuation: bool,
}

/// Split source text into tokens.
///
/// Line ends are normalized first: `\r\n` (Windows) reads as a space and a
/// newline, and a lone `\r` (classic Mac OS) as a newline, as in Octave.
/// Both keep every byte offset, so spans still point into `src`.
pub fn tokenize(src: &str) -> Result<Tokens, ParseError> {
    let text = normalize_line_ends(src);
    let mut lx = Lexer {
        src: &text,
        pos: 0,
        toks: Vec::new(),
        nest: Vec::new(),
        anon_close: None,
        stmt_start: true,
        open_continuation: false,
    };
    lx.run()?;
    Ok(Tokens {
        toks: lx.toks,
        open_continuation: lx.open_continuation,
    })
}

/// `src` with `\r\n` as ` \n` and a lone `\r` as `\n`: same length, same
/// offsets, and no `\r` left for the rest of the lexer to handle.
pub fn normalize_line_ends(src: &str) -> Cow<'_, str> {
    if !src.contains('\r') {
        return Cow::Borrowed(src);
    }
    let mut out = String::with_capacity(src.len());
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(match c {
            '\r' if chars.peek() == Some(&'\n') => ' ',
            '\r' => '\n',
            c => c,
        });
    }
    Cow::Owned(out)
}

impl<'a> Lexer<'a> {
    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }
    fn peek_char(&self) -> Option<char> {
        self.rest().chars().next()
    }
    fn in_matrix(&self) -> bool {
        matches!(self.nest.last(), Some(b'[') | Some(b'{'))
    }
    fn push(&mut self, tok: Tok, start: usize, space_before: bool) {
        let is_sep = matches!(tok, Tok::Comma | Tok::Semi | Tok::Newline);
        self.toks.push(Token {
            tok,
            span: Span::new(start, self.pos),
            space_before,
        });
        self.stmt_start = is_sep && self.nest.is_empty();
    }
    fn prev(&self) -> Option<&Tok> {
        self.toks.last().map(|t| &t.tok)
    }
    /// The previous token ends a value (so `'` after it is a transpose and
    /// whitespace after it inside brackets may separate elements).
    fn prev_is_value(&self) -> bool {
        if self.anon_close.is_some() && self.anon_close == self.toks.len().checked_sub(1) {
            return false;
        }
        match self.prev() {
            Some(Tok::Num(_))
            | Some(Tok::Imag(_))
            | Some(Tok::Str { .. })
            | Some(Tok::Ident(_)) => true,
            Some(Tok::Kw(Kw::End)) => !self.nest.is_empty(),
            Some(Tok::Op(op)) => matches!(*op, ")" | "]" | "}" | "'" | ".'"),
            _ => false,
        }
    }
    fn err(&self, msg: &str, at: usize) -> ParseError {
        ParseError::new(msg, Span::new(at, (at + 1).min(self.src.len().max(at + 1))))
    }
    fn incomplete(&self, msg: &str, at: usize) -> ParseError {
        let mut e = self.err(msg, at);
        e.incomplete = true;
        e
    }

    fn run(&mut self) -> Result<(), ParseError> {
        loop {
            // Whitespace, comments and continuations.
            let mut space = false;
            loop {
                let r = self.rest();
                let ws = r.len() - r.trim_start_matches([' ', '\t', '\r']).len();
                if ws > 0 {
                    self.pos += ws;
                    space = true;
                    continue;
                }
                if r.starts_with("...") {
                    // Continuation: ignore the rest of the line and the newline.
                    // On the last line of the text it just ends the statement.
                    let newline = r.find('\n');
                    self.open_continuation = newline.is_none();
                    self.pos += newline.map(|n| n + 1).unwrap_or(r.len());
                    space = true;
                    continue;
                }
                if r.starts_with('%') || r.starts_with('#') {
                    if self.block_comment_start() {
                        self.skip_block_comment()?;
                        continue;
                    }
                    let end = r.find('\n').unwrap_or(r.len());
                    self.pos += end;
                    continue;
                }
                break;
            }
            let start = self.pos;
            let Some(c) = self.peek_char() else {
                if let Some(&open) = self.nest.last() {
                    let (open, close) = match open {
                        b'(' | b'@' => ('(', ')'),
                        b'[' => ('[', ']'),
                        _ => ('{', '}'),
                    };
                    return Err(self
                        .incomplete(&format!("unterminated '{open}': expected '{close}'"), start));
                }
                self.push(Tok::Eof, start, space);
                return Ok(());
            };

            // Inside brackets, whitespace between two values separates elements.
            if self.in_matrix() && space && self.prev_is_value() && self.starts_new_element(c) {
                self.toks.push(Token {
                    tok: Tok::Comma,
                    span: Span::new(start, start),
                    space_before: true,
                });
            }

            if c == '\n' {
                self.pos += 1;
                if self.in_matrix() {
                    // A newline inside brackets ends a row (unless one just ended).
                    if !matches!(
                        self.prev(),
                        Some(Tok::Semi) | Some(Tok::Op("[")) | Some(Tok::Op("{"))
                    ) {
                        self.push(Tok::Semi, start, space);
                    }
                } else if self.nest.is_empty() {
                    self.push(Tok::Newline, start, space);
                }
                continue;
            }

            if self.stmt_start && self.nest.is_empty() {
                if let Some(words) = self.command_syntax()? {
                    self.push(words, start, space);
                    continue;
                }
            }

            if c.is_ascii_digit()
                || (c == '.' && self.rest()[1..].starts_with(|d: char| d.is_ascii_digit()))
            {
                let (rest, text) =
                    number(self.rest()).map_err(|_| self.err("invalid number", start))?;
                self.pos = self.src.len() - rest.len();
                let value = parse_f64(text).ok_or_else(|| self.err("invalid number", start))?;
                // Imaginary suffix not followed by more identifier characters.
                let r = self.rest();
                if r.starts_with(['i', 'j', 'I', 'J'])
                    && !r[1..].starts_with(|d: char| d.is_ascii_alphanumeric() || d == '_')
                {
                    self.pos += 1;
                    self.push(Tok::Imag(value), start, space);
                } else {
                    self.push(Tok::Num(value), start, space);
                }
                continue;
            }
            if c.is_ascii_alphabetic() || c == '_' {
                let (rest, name) =
                    ident(self.rest()).map_err(|_| self.err("invalid name", start))?;
                self.pos = self.src.len() - rest.len();
                // A name after `.` is a field name even when it is a keyword
                // (`s.end`, `w(1).nesting.if`), as in MATLAB and Octave.
                let field = self.prev() == Some(&Tok::Op("."));
                let tok = match keyword(name) {
                    _ if field => Tok::Ident(name.to_string()),
                    // `end` inside an index is a value, not a block end.
                    Some(Kw::End) if !self.nest.is_empty() => Tok::Kw(Kw::End),
                    Some(k) => Tok::Kw(k),
                    None => Tok::Ident(name.to_string()),
                };
                self.push(tok, start, space);
                continue;
            }
            if c == '"' {
                let text = self.double_quoted(start)?;
                self.push(
                    Tok::Str {
                        text,
                        double_quoted: true,
                    },
                    start,
                    space,
                );
                continue;
            }
            if c == '\'' {
                let transpose = self.prev_is_value() && !(space && self.in_matrix());
                if !transpose {
                    let text = self.single_quoted(start)?;
                    self.push(
                        Tok::Str {
                            text,
                            double_quoted: false,
                        },
                        start,
                        space,
                    );
                    continue;
                }
            }
            if c == ',' {
                self.pos += 1;
                self.push(Tok::Comma, start, space);
                continue;
            }
            if c == ';' {
                self.pos += 1;
                self.push(Tok::Semi, start, space);
                continue;
            }
            let Some(op) = OPS.iter().find(|op| self.rest().starts_with(**op)).copied() else {
                return Err(self.err(&format!("invalid character '{c}'"), start));
            };
            // ".^'" is ".^" followed by a quote; take only the operator.
            let op = if op == ".^'" { ".^" } else { op };
            self.pos += op.len();
            match op {
                "(" if self.prev() == Some(&Tok::Op("@")) => self.nest.push(b'@'),
                "(" => self.nest.push(b'('),
                "[" => self.nest.push(b'['),
                "{" => self.nest.push(b'{'),
                ")" | "]" | "}" => {
                    let want = match op {
                        ")" => b'(',
                        "]" => b'[',
                        _ => b'{',
                    };
                    match self.nest.pop() {
                        Some(b'@') if want == b'(' => {
                            self.anon_close = Some(self.toks.len());
                        }
                        Some(open) if open == want => {}
                        _ => return Err(self.err(&format!("unbalanced '{op}'"), start)),
                    }
                    // Separators right before a closing bracket are dropped: `[1 2;]`.
                    if op != ")" {
                        while matches!(self.prev(), Some(Tok::Semi) | Some(Tok::Comma)) {
                            self.toks.pop();
                        }
                    }
                }
                _ => {}
            }
            let op = if op == "!=" {
                "~="
            } else if op == "!" {
                "~"
            } else {
                op
            };
            self.push(Tok::Op(op), start, space);
        }
    }

    /// After whitespace inside brackets, does `c` begin a new element?
    fn starts_new_element(&self, c: char) -> bool {
        let r = self.rest();
        match c {
            // `[a -b]` is two elements, `[a - b]` and `[a -= b]` are not.
            '+' | '-' => {
                let next = r[1..].chars().next();
                !matches!(next, Some(' ') | Some('\t') | Some('=') | Some('\n') | None)
                    && !r.starts_with("++")
                    && !r.starts_with("--")
            }
            '\'' | '"' | '(' | '[' | '{' | '@' => true,
            '~' | '!' => !r[1..].starts_with('='),
            c if c.is_ascii_alphanumeric() || c == '_' => true,
            '.' => r[1..].starts_with(|d: char| d.is_ascii_digit()),
            _ => false,
        }
    }

    fn block_comment_start(&self) -> bool {
        // `%{` or `#{` alone on its line starts a block comment.
        let r = self.rest();
        if !(r.starts_with("%{") || r.starts_with("#{")) {
            return false;
        }
        let line_start = self.src[..self.pos].rfind('\n').map(|n| n + 1).unwrap_or(0);
        let before_blank = self.src[line_start..self.pos].trim().is_empty();
        let after = r[2..].split('\n').next().unwrap_or("");
        before_blank && after.trim().is_empty()
    }

    fn skip_block_comment(&mut self) -> Result<(), ParseError> {
        let start = self.pos;
        let mut depth = 0usize;
        let mut at = self.pos;
        for line in self.src[self.pos..].split_inclusive('\n') {
            let t = line.trim();
            if t == "%{" || t == "#{" {
                depth += 1;
            } else if t == "%}" || t == "#}" {
                depth -= 1;
                if depth == 0 {
                    // Keep the newline so the statement structure is intact.
                    self.pos = at + line.trim_end_matches('\n').len();
                    return Ok(());
                }
            }
            at += line.len();
        }
        Err(self.incomplete("unterminated block comment", start))
    }

    fn single_quoted(&mut self, start: usize) -> Result<String, ParseError> {
        let mut out = String::new();
        let mut chars = self.src[start + 1..].char_indices();
        while let Some((k, c)) = chars.next() {
            match c {
                '\'' => {
                    if self.src[start + 1 + k + 1..].starts_with('\'') {
                        out.push('\'');
                        chars.next();
                    } else {
                        self.pos = start + 1 + k + 1;
                        return Ok(out);
                    }
                }
                '\n' => break,
                c => out.push(c),
            }
        }
        Err(self.err("unterminated character string constant", start))
    }

    fn double_quoted(&mut self, start: usize) -> Result<String, ParseError> {
        let mut out = String::new();
        let body = &self.src[start + 1..];
        let mut chars = body.char_indices().peekable();
        while let Some((k, c)) = chars.next() {
            match c {
                '"' => {
                    if body[k + 1..].starts_with('"') {
                        out.push('"');
                        chars.next();
                    } else {
                        self.pos = start + 1 + k + 1;
                        return Ok(out);
                    }
                }
                '\\' => {
                    let Some((_, e)) = chars.next() else { break };
                    match e {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        'a' => out.push('\x07'),
                        'b' => out.push('\x08'),
                        'f' => out.push('\x0c'),
                        'v' => out.push('\x0b'),
                        '0' => out.push('\0'),
                        '\\' => out.push('\\'),
                        '"' => out.push('"'),
                        '\'' => out.push('\''),
                        '\n' => {}
                        other => {
                            out.push('\\');
                            out.push(other);
                        }
                    }
                }
                '\n' => break,
                c => out.push(c),
            }
        }
        Err(self.err("unterminated character string constant", start))
    }

    /// Command syntax at the start of a statement: `name word ...` where the
    /// name is followed by whitespace and then something that cannot continue
    /// an expression (`format long`, `clear x y`, `cd ..`). `name = ...`,
    /// `name (...)` and `name + 1` stay expressions.
    fn command_syntax(&mut self) -> Result<Option<Tok>, ParseError> {
        let r = self.rest();
        let Ok((after, name)) = ident(r) else {
            return Ok(None);
        };
        if is_keyword(name) {
            return Ok(None);
        }
        let ws = after.len() - after.trim_start_matches([' ', '\t']).len();
        if ws == 0 {
            return Ok(None);
        }
        let rest = &after[ws..];
        let Some(c) = rest.chars().next() else {
            return Ok(None);
        };
        if matches!(c, '\n' | ';' | ',' | '%' | '#' | '(') {
            return Ok(None);
        }
        if c == '=' && !rest.starts_with("==") {
            return Ok(None);
        }
        // An operator followed by whitespace is a binary expression: `a + b`, `a == b`.
        if let Some(op) = OPS.iter().find(|op| rest.starts_with(**op)) {
            if !c.is_ascii_alphanumeric() && c != '\'' && c != '"' {
                let after_op = &rest[op.len()..];
                // `dir *.csv`, `ls *`: a wildcard no expression can hold.
                let wildcard = *op == "*"
                    && (after_op.is_empty()
                        || after_op.starts_with(['\n', ';', ',', '*'])
                        || (after_op.starts_with('.')
                            && after_op[1..]
                                .starts_with(|c: char| c.is_ascii_alphabetic() || c == '*')));
                if wildcard {
                    // Command syntax: fall through to the words below.
                } else if after_op.is_empty()
                    || after_op.starts_with([' ', '\t', '\n'])
                    || *op == "="
                    || *op == "("
                {
                    return Ok(None);
                }
                // `a -1`: command syntax only for words that start like options or paths.
                if !wildcard
                    && matches!(
                        *op,
                        "+" | "*"
                            | "^"
                            | "<"
                            | ">"
                            | "&"
                            | "|"
                            | "=="
                            | "~="
                            | "<="
                            | ">="
                            | "&&"
                            | "||"
                            | ".*"
                            | "./"
                            | ".^"
                            | "["
                            | "{"
                            | "@"
                            | ":"
                    )
                {
                    return Ok(None);
                }
            }
        }
        // `x 'str'` after a variable would be a transpose; treat quotes as words.
        let name = name.to_string();
        self.pos += name.len() + ws;
        // A word ends at a blank or a statement end; `%` and `#` begin a
        // comment only at the start of a word. Every pass consumes at least
        // one character, so no character can stall the loop.
        const BLANK: [char; 2] = [' ', '\t'];
        const WORD_END: [char; 5] = [' ', '\t', '\n', ';', ','];
        let mut words = Vec::new();
        loop {
            let r = self.rest();
            let t = r.trim_start_matches(BLANK);
            self.pos += r.len() - t.len();
            let Some(c) = t.chars().next() else { break };
            if WORD_END.contains(&c) || c == '%' || c == '#' {
                break;
            }
            if c == '\'' {
                let start = self.pos;
                words.push(self.single_quoted(start)?);
                continue;
            }
            let len = t.find(WORD_END).unwrap_or(t.len());
            words.push(t[..len].to_string());
            self.pos += len;
        }
        let mut all = vec![name];
        all.extend(words);
        Ok(Some(Tok::Words(all)))
    }
}

fn parse_f64(text: &str) -> Option<f64> {
    let t: String = text
        .chars()
        .map(|c| if c == 'd' || c == 'D' { 'e' } else { c })
        .collect();
    t.parse::<f64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok> {
        tokenize(s)
            .unwrap()
            .toks
            .into_iter()
            .map(|t| t.tok)
            .collect()
    }

    #[test]
    fn minus_in_brackets_depends_on_spacing() {
        assert_eq!(
            toks("[1 -2]"),
            vec![
                Tok::Op("["),
                Tok::Num(1.0),
                Tok::Comma,
                Tok::Op("-"),
                Tok::Num(2.0),
                Tok::Op("]"),
                Tok::Eof
            ]
        );
        assert_eq!(
            toks("[1 - 2]"),
            vec![
                Tok::Op("["),
                Tok::Num(1.0),
                Tok::Op("-"),
                Tok::Num(2.0),
                Tok::Op("]"),
                Tok::Eof
            ]
        );
    }

    #[test]
    fn quote_is_transpose_after_value() {
        let t = toks("[a' b']");
        assert_eq!(t[2], Tok::Op("'"));
        assert_eq!(t[3], Tok::Comma);
        let s = toks("x = 'it''s'");
        assert_eq!(
            s[2],
            Tok::Str {
                text: "it's".into(),
                double_quoted: false
            }
        );
    }

    #[test]
    fn numbers_and_elementwise_dots() {
        assert_eq!(
            toks("1.^2")[..3],
            [Tok::Num(1.0), Tok::Op(".^"), Tok::Num(2.0)]
        );
        assert_eq!(toks(".5e1")[0], Tok::Num(5.0));
        assert_eq!(toks("2i")[0], Tok::Imag(2.0));
        assert_eq!(toks("3.")[0], Tok::Num(3.0));
    }

    /// Every atom must read the same at the very end of the text as before a
    /// space: `-c "dt = 0.01"` once stored 0 (issue 10, fault 1).
    #[test]
    fn atoms_at_end_of_input() {
        for (src, want) in [
            ("0.01", 0.01),
            ("2.5", 2.5),
            ("1.5e3", 1500.0),
            ("1e-3", 1e-3),
            (".25", 0.25),
            ("12", 12.0),
            ("3.", 3.0),
        ] {
            assert_eq!(toks(src)[0], Tok::Num(want), "{src} at end of input");
            assert_eq!(
                toks(&format!("{src} "))[0],
                Tok::Num(want),
                "{src} before a space"
            );
            assert_eq!(toks(&format!("x = {src}"))[2], Tok::Num(want), "x = {src}");
        }
        assert_eq!(toks("2.5i")[0], Tok::Imag(2.5));
        assert_eq!(toks("ab1")[0], Tok::Ident("ab1".into()));
        assert_eq!(toks("y = ab1")[2], Tok::Ident("ab1".into()));
        assert_eq!(toks("x_2")[0], Tok::Ident("x_2".into()));
    }

    #[test]
    fn command_syntax_words() {
        assert_eq!(
            toks("format long")[0],
            Tok::Words(vec!["format".into(), "long".into()])
        );
        assert_eq!(toks("x = 1")[0], Tok::Ident("x".into()));
        assert_eq!(toks("a + b")[0], Tok::Ident("a".into()));
        assert_eq!(toks("disp (1)")[0], Tok::Ident("disp".into()));
        // A wildcard word is command syntax; a product stays an expression.
        assert_eq!(
            toks("dir *.csv")[0],
            Tok::Words(vec!["dir".into(), "*.csv".into()])
        );
        assert_eq!(toks("ls *")[0], Tok::Words(vec!["ls".into(), "*".into()]));
        assert_eq!(toks("x *2")[0], Tok::Ident("x".into()));
        assert_eq!(toks("x *.5")[0], Tok::Ident("x".into()));
    }

    #[test]
    fn keywords_after_a_dot_are_field_names() {
        let t = toks("s.end = 1");
        assert_eq!(t[2], Tok::Ident("end".into()));
        let t = toks("a(x.end, end)");
        assert_eq!(t[4], Tok::Ident("end".into()));
        assert_eq!(t[6], Tok::Kw(Kw::End));
        let t = toks("if s.if, end");
        assert_eq!(t[0], Tok::Kw(Kw::If));
        assert_eq!(t[3], Tok::Ident("if".into()));
        assert_eq!(t[5], Tok::Kw(Kw::End));
        // Element-wise operators are not field access.
        let t = toks("x.*y");
        assert_eq!(t[1], Tok::Op(".*"));
    }

    #[test]
    fn newline_in_brackets_is_row_separator() {
        let t = toks("[1 2\n3 4]");
        assert!(t.contains(&Tok::Semi));
    }

    #[test]
    fn unterminated_bracket_is_incomplete() {
        assert!(tokenize("x = [1 2").unwrap_err().incomplete);
        assert!(!tokenize("x = 'abc").unwrap_err().incomplete);
    }
}
