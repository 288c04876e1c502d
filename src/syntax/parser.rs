//! Tokens to syntax tree: statements, blocks and MATLAB operator precedence.
//!
//! Precedence, loosest first: `||`, `&&`, `|`, `&`, comparisons, `:`,
//! `+ -`, `* / \ .* ./ .\`, unary `+ - ~`, `^ .^`, postfix `'` `.'` and
//! indexing. Power binds tighter than a unary minus on its left (`-2^2` is
//! -4) but its exponent may carry one (`2^-1`).
//!
//! Running out of tokens inside a block or bracket gives a `ParseError`
//! with `incomplete = true`, which the REPL uses to keep reading lines.
//!
//! Functions in one text are either all closed by `end` or none is (MATLAB's
//! rule); without `end` a function runs to the next `function` or the end
//! of the text. Nesting (`MAX_NESTING`) and the depth of expression trees
//! (`MAX_EXPR_DEPTH`) are bounded, so that parsing a text, and walking its
//! tree, take a bounded amount of stack whatever the text.

use super::ast::*;
use super::error::ParseError;
use super::lexer::{tokenize, Kw, Tok, Token};

/// Deepest nesting the parser accepts: parentheses, brackets, braces and
/// argument lists inside one another, chains of unary operators (`---x`,
/// `~~x`), and blocks (`if` in `for` in `while`...), all counted together.
/// Old MATLAB stopped at 32 brackets, Octave's parser at 10,000 tokens deep.
/// Generated code nests deepest (Horner forms of polynomials), and not to
/// hundreds of levels. A level takes at most about 6 KB of parser stack in
/// a debug build, so 256 levels fit in 1.5 MB: within the 2 MB of a test
/// thread, and far within the 8 MB of the main thread.
pub const MAX_NESTING: usize = 256;

/// Deepest expression tree the parser builds. Nested operations build depth
/// (`-(-(-x))`, `x(1)(2)(3)`, `a^(b^(c^d))`), each level a recursion when the
/// tree is evaluated: in a debug build about 3 KB of stack for an operator
/// and 7 KB for an index or call, so the deepest allowed tree of the
/// costliest kind evaluates in 3.5 MB, within the 8 MB of a main thread and
/// far within the interpreter's own 64 MiB. A chain of binary operators
/// (`a + b - c ...`) is no deeper than its deepest operand: the evaluator
/// folds it with a loop (`MAX_CHAIN` bounds its length).
pub const MAX_EXPR_DEPTH: usize = 500;

/// Longest chain of binary operators in one expression (`a + b + ...`).
/// Evaluating a chain takes one frame; dropping or copying its tree still
/// recurses once per operator, at about 100 bytes of stack each. Symbolic
/// tools generate sums of thousands of terms; a hundred thousand fit in
/// 10 MB of the interpreter's 64 MiB stack.
pub const MAX_CHAIN: usize = 100_000;

/// Parse a whole source text (script, function file or command line).
/// A function without `end` or a `...` on the last line ends with the text.
pub fn parse(src: &str) -> Result<Program, ParseError> {
    let mut prog = parse_open(src).0?;
    super::resolve::program(&mut prog);
    Ok(prog)
}

/// True when `src` is a prefix of valid input that more lines could complete
/// (an open block, bracket, function, or a `...` ending the last line). The
/// REPL asks with the lines typed so far; a pipe asks without the newline of
/// the last line read, so both continue after `x = 7 ...` and both end the
/// statement at an empty line after it.
pub fn is_incomplete(src: &str) -> bool {
    match parse_open(src) {
        (Err(e), _) => e.incomplete,
        (Ok(_), open) => open,
    }
}

/// The parse of `src`, and whether its end is still open: the last line ends
/// in `...`, or the last function is closed by the end of the text rather
/// than by `end`.
fn parse_open(src: &str) -> (Result<Program, ParseError>, bool) {
    let tokens = match tokenize(src) {
        Ok(t) => t,
        Err(e) => return (Err(e), false),
    };
    let mut p = Parser {
        src: src.to_string(),
        toks: tokens.toks,
        pos: 0,
        index_depth: 0,
        colon_ok: false,
        block_depth: 0,
        nesting: 0,
        open_function: false,
    };
    let prog = p.program();
    let open = tokens.open_continuation || p.open_function;
    (prog, open)
}

struct Parser {
    /// The text the tokens came from (anonymous functions keep theirs).
    src: String,
    toks: Vec<Token>,
    pos: usize,
    /// Open subscripts and argument lists (parentheses and brackets inside
    /// them included): while nonzero, `end` stands for the innermost index's
    /// extent.
    index_depth: usize,
    /// Directly in a subscript, where a bare `:` means "all".
    colon_ok: bool,
    /// Open blocks (`if`, `for`, `function`...): running out of input inside
    /// one means more lines may follow.
    block_depth: usize,
    /// Current nesting, bounded by `MAX_NESTING`.
    nesting: usize,
    /// The last function ran to the end of the text without `end`.
    open_function: bool,
}

/// An expression and the depth of its tree (a leaf is 1).
struct Node {
    expr: Expr,
    depth: usize,
    /// Operators on the left spine of a chain ending here (`a + b - c` is
    /// 2); 0 when this is no such operator. The evaluator folds a spine
    /// with a loop, so it adds no depth, and only its length is bounded.
    spine: usize,
}

type PResult<T> = Result<T, ParseError>;

/// `case` arms and the `otherwise` block of a `switch`.
type SwitchArms = (Vec<(Expr, Vec<Stmt>)>, Option<Vec<Stmt>>);

/// Where a block stops.
#[derive(Clone, Copy, PartialEq)]
enum Stop {
    /// Top level: stops at EOF or `function`.
    TopLevel,
    /// Inside a block: stops at `end` or one of the given keywords.
    Block,
    /// A function body: stops at `end`, the next `function`, or EOF.
    Function,
}

/// Octave's words for a file that closes some functions with `end` and not others.
const INCONSISTENT_ENDINGS: &str =
    "inconsistent function endings -- if one function is explicitly ended, so must all the others";

impl Parser {
    fn peek(&self) -> &Tok {
        &self.toks[self.pos.min(self.toks.len() - 1)].tok
    }
    fn peek_at(&self, k: usize) -> &Tok {
        &self.toks[(self.pos + k).min(self.toks.len() - 1)].tok
    }
    fn tok(&self) -> &Token {
        &self.toks[self.pos.min(self.toks.len() - 1)]
    }
    fn span(&self) -> Span {
        self.tok().span
    }
    fn prev_span(&self) -> Span {
        if self.pos == 0 {
            Span::default()
        } else {
            self.toks[(self.pos - 1).min(self.toks.len() - 1)].span
        }
    }
    fn bump(&mut self) -> Tok {
        let t = self.peek().clone();
        if self.pos < self.toks.len() - 1 {
            self.pos += 1;
        }
        t
    }
    fn at_op(&self, op: &str) -> bool {
        matches!(self.peek(), Tok::Op(o) if *o == op)
    }
    fn eat_op(&mut self, op: &str) -> bool {
        if self.at_op(op) {
            self.bump();
            true
        } else {
            false
        }
    }
    fn at_kw(&self, kw: Kw) -> bool {
        matches!(self.peek(), Tok::Kw(k) if *k == kw)
    }
    fn error(&self, msg: impl Into<String>) -> ParseError {
        // Input that ends inside an open block may go on; `x = 1 +` may not.
        let incomplete = matches!(self.peek(), Tok::Eof) && self.block_depth > 0;
        let mut e = ParseError::new(&msg.into(), self.span());
        e.incomplete = incomplete;
        e
    }
    fn unexpected(&self, what: &str) -> ParseError {
        let found = describe(self.peek());
        self.error(format!("{what}, found {found}"))
    }
    fn expect_op(&mut self, op: &str) -> PResult<()> {
        if self.eat_op(op) {
            Ok(())
        } else {
            Err(self.unexpected(&format!("expected '{op}'")))
        }
    }
    fn skip_newlines(&mut self) {
        while matches!(self.peek(), Tok::Newline | Tok::Semi | Tok::Comma) {
            self.bump();
        }
    }

    // ---------- program and statements ----------

    fn program(&mut self) -> PResult<Program> {
        let mut prog = Program::default();
        self.skip_newlines();
        prog.body = self.block(Stop::TopLevel)?;
        // MATLAB's rule: in one file either every function is closed by
        // `end` or none is; the first one without `end` is reported.
        let mut closed = Vec::new();
        let mut first_open = None;
        // A function that began before the previous one was closed: nested
        // in it, if a stray `end` turns up later.
        let mut nested = None;
        while self.at_kw(Kw::Function) {
            let at = self.span();
            if closed.last() == Some(&false) && nested.is_none() {
                nested = Some(at);
            }
            let (f, is_closed) = self.function()?;
            prog.functions.push(f);
            closed.push(is_closed);
            if !is_closed && first_open.is_none() {
                first_open = Some(at);
            }
            self.skip_newlines();
        }
        if !matches!(self.peek(), Tok::Eof) {
            if let (Some(at), true) = (nested, self.at_kw(Kw::End)) {
                return Err(ParseError::new(
                    "nested functions are not supported: define the function after the 'end' of the one it is in",
                    at,
                ));
            }
            return Err(self.unexpected("parse error"));
        }
        if let (Some(at), true) = (first_open, closed.contains(&true)) {
            let mut e = ParseError::new(INCONSISTENT_ENDINGS, at);
            // Typed at the prompt, the last function may still get its `end`.
            e.incomplete = self.open_function;
            return Err(e);
        }
        Ok(prog)
    }

    /// A function definition, and whether `end` closed it (otherwise the
    /// next `function` or the end of the text did).
    fn function(&mut self) -> PResult<(Function, bool)> {
        let start = self.span();
        self.bump(); // function
                     // Forms: function name, function name(args), function out = name(...),
                     // function [a, b] = name(...).
        let mut outputs = Vec::new();
        let name;
        if self.eat_op("[") {
            while !self.eat_op("]") {
                match self.bump() {
                    Tok::Ident(n) => outputs.push(n),
                    Tok::Comma => {}
                    Tok::Eof => return Err(self.error("unterminated output list")),
                    t => return Err(self.error(format!("invalid output name {}", describe(&t)))),
                }
            }
            self.expect_op("=")?;
            name = self.ident_or_err("function name")?;
        } else {
            let first = self.ident_or_err("function name")?;
            if self.eat_op("=") {
                outputs.push(first);
                name = self.ident_or_err("function name")?;
            } else {
                name = first;
            }
        }
        // Dotted names (get.foo) are not supported; plain names only.
        let mut params = Vec::new();
        if self.eat_op("(") {
            while !self.eat_op(")") {
                match self.bump() {
                    Tok::Ident(n) => params.push(n),
                    Tok::Op("~") => params.push("~".to_string()),
                    Tok::Comma => {}
                    Tok::Eof => return Err(self.error("unterminated parameter list")),
                    t => return Err(self.error(format!("invalid parameter {}", describe(&t)))),
                }
            }
        }
        let body = self.block(Stop::Function)?;
        let closed = match self.peek() {
            Tok::Kw(Kw::End) => {
                self.bump();
                true
            }
            Tok::Kw(Kw::Function) => false,
            Tok::Eof => {
                self.open_function = true;
                false
            }
            _ => return Err(self.unexpected("parse error")),
        };
        let f = Function {
            name,
            params,
            outputs,
            body,
            span: start.to(self.prev_span()),
            scope: Scope::default(),
            code: Code::default(),
        };
        Ok((f, closed))
    }

    fn ident_or_err(&mut self, what: &str) -> PResult<String> {
        match self.peek().clone() {
            Tok::Ident(n) => {
                self.bump();
                Ok(n)
            }
            _ => Err(self.unexpected(&format!("expected {what}"))),
        }
    }

    /// Statements until a block terminator (not consumed).
    fn block(&mut self, stop: Stop) -> PResult<Vec<Stmt>> {
        if stop == Stop::TopLevel {
            return self.block_inner(stop);
        }
        self.enter()?;
        self.block_depth += 1;
        let r = self.block_inner(stop);
        self.block_depth -= 1;
        self.leave();
        r
    }

    /// Go one nesting level deeper (undone by `leave`), refusing to go past
    /// `MAX_NESTING`; the error points at the token that opened the level.
    /// Nesting recurses through the few small functions between an `enter`
    /// and the next, to keep the stack a level takes small.
    fn enter(&mut self) -> PResult<()> {
        if self.nesting >= MAX_NESTING {
            return Err(ParseError::new(
                &format!(
                    "nesting deeper than {MAX_NESTING} levels (parentheses, brackets, unary operators or blocks)"
                ),
                self.prev_span(),
            ));
        }
        self.nesting += 1;
        Ok(())
    }

    fn leave(&mut self) {
        self.nesting -= 1;
    }

    fn block_inner(&mut self, stop: Stop) -> PResult<Vec<Stmt>> {
        let mut out = Vec::new();
        loop {
            self.skip_newlines();
            match self.peek() {
                Tok::Eof => {
                    if stop == Stop::Block {
                        return Err(self.error("unexpected end of input: 'end' missing"));
                    }
                    return Ok(out);
                }
                // A function definition ends the script part or the previous function.
                Tok::Kw(Kw::Function) => return Ok(out),
                Tok::Kw(
                    Kw::End
                    | Kw::Else
                    | Kw::Elseif
                    | Kw::Case
                    | Kw::Otherwise
                    | Kw::Catch
                    | Kw::Until
                    | Kw::UnwindProtectCleanup,
                ) => {
                    if stop == Stop::TopLevel {
                        return Err(self.unexpected("parse error"));
                    }
                    return Ok(out);
                }
                _ => out.push(self.statement()?),
            }
        }
    }

    /// End of a statement: `;` (quiet), `,`, newline or EOF. Returns quiet.
    fn terminator(&mut self) -> PResult<bool> {
        match self.peek() {
            Tok::Semi => {
                self.bump();
                // `x = 1;,` and `;;` are fine.
                Ok(true)
            }
            Tok::Comma | Tok::Newline => {
                self.bump();
                Ok(false)
            }
            Tok::Eof => Ok(false),
            // A keyword may follow directly: `if x, y = 1, end`.
            Tok::Kw(_) => Ok(false),
            _ => Err(self.unexpected("parse error")),
        }
    }

    fn statement(&mut self) -> PResult<Stmt> {
        let start = self.span();
        let kind = self.statement_kind()?;
        let span = start.to(self.prev_span());
        let quiet = self.terminator()?;
        Ok(Stmt { kind, span, quiet })
    }

    /// Blocks go straight to their own parser, so nested blocks recurse
    /// through small stack frames.
    fn statement_kind(&mut self) -> PResult<StmtKind> {
        match self.peek() {
            Tok::Kw(Kw::If) => self.if_stmt(),
            Tok::Kw(Kw::For | Kw::Parfor) => self.for_stmt(),
            Tok::Kw(Kw::While) => self.while_stmt(),
            Tok::Kw(Kw::Do) => self.do_until(),
            Tok::Kw(Kw::Switch) => self.switch_stmt(),
            Tok::Kw(Kw::Try) => self.try_stmt(),
            Tok::Kw(Kw::UnwindProtect) => self.unwind_protect(),
            _ => self.simple_statement(),
        }
    }

    fn simple_statement(&mut self) -> PResult<StmtKind> {
        Ok(match self.peek().clone() {
            Tok::Kw(kw) => match kw {
                Kw::Break => {
                    self.bump();
                    StmtKind::Break
                }
                Kw::Continue => {
                    self.bump();
                    StmtKind::Continue
                }
                Kw::Return => {
                    self.bump();
                    StmtKind::Return
                }
                Kw::Global | Kw::Persistent => {
                    self.bump();
                    let mut names = Vec::new();
                    while let Tok::Ident(n) = self.peek().clone() {
                        self.bump();
                        names.push(n);
                    }
                    if kw == Kw::Global {
                        StmtKind::Global(names)
                    } else {
                        StmtKind::Persistent(names)
                    }
                }
                _ => return Err(self.unexpected("parse error")),
            },
            Tok::Words(words) => {
                self.bump();
                let mut it = words.into_iter();
                let name = it.next().unwrap_or_default();
                StmtKind::Command {
                    name,
                    args: it.collect(),
                }
            }
            Tok::Op("[") if self.is_multi_assign() => self.multi_assign()?,
            _ => {
                let e = self.expr()?;
                if self.at_op("=") {
                    self.bump();
                    let target = self.to_lvalue(e)?;
                    let value = self.expr()?;
                    StmtKind::Assign {
                        targets: vec![target],
                        value,
                    }
                } else {
                    StmtKind::Expr(e)
                }
            }
        })
    }

    /// `[a, b] = ...`: a bracket at statement start whose match is followed by `=`.
    fn is_multi_assign(&self) -> bool {
        let mut depth = 0usize;
        let mut k = self.pos;
        while k < self.toks.len() {
            match &self.toks[k].tok {
                Tok::Op("[") | Tok::Op("(") | Tok::Op("{") => depth += 1,
                Tok::Op("]") | Tok::Op(")") | Tok::Op("}") => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return matches!(self.toks.get(k + 1).map(|t| &t.tok), Some(Tok::Op("=")));
                    }
                }
                Tok::Newline | Tok::Eof => return false,
                _ => {}
            }
            k += 1;
        }
        false
    }

    fn multi_assign(&mut self) -> PResult<StmtKind> {
        self.expect_op("[")?;
        let mut targets = Vec::new();
        loop {
            if self.eat_op("]") {
                break;
            }
            if matches!(self.peek(), Tok::Comma) {
                self.bump();
                continue;
            }
            if self.at_op("~") {
                let s = self.span();
                self.bump();
                targets.push(LValue::Tilde(s));
                continue;
            }
            let e = self.postfix_expr()?.expr;
            targets.push(self.to_lvalue(e)?);
        }
        self.expect_op("=")?;
        let value = self.expr()?;
        Ok(StmtKind::Assign { targets, value })
    }

    fn to_lvalue(&self, e: Expr) -> PResult<LValue> {
        let span = e.span;
        let mut accessors = Vec::new();
        let mut cur = e;
        loop {
            match cur.kind {
                ExprKind::Ident(name, var) => {
                    accessors.reverse();
                    return Ok(LValue::Var {
                        name,
                        var,
                        accessors,
                        span,
                    });
                }
                ExprKind::Call { target, args } => {
                    accessors.push(Accessor::Paren(args));
                    cur = *target;
                }
                ExprKind::Field { target, name } => {
                    accessors.push(Accessor::Field(name));
                    cur = *target;
                }
                ExprKind::Brace { target, args } => {
                    accessors.push(Accessor::Brace(args));
                    cur = *target;
                }
                ExprKind::DynField { target, name } => {
                    accessors.push(Accessor::DynField(*name));
                    cur = *target;
                }
                _ => return Err(ParseError::new(
                    "invalid assignment target (only names, indexing, cells and fields can be assigned)",
                    span,
                )),
            }
        }
    }

    fn if_stmt(&mut self) -> PResult<StmtKind> {
        self.bump(); // if
        let mut clauses = Vec::new();
        let cond = self.expr()?;
        let body = self.block(Stop::Block)?;
        clauses.push((cond, body));
        let mut otherwise = None;
        loop {
            match self.peek() {
                Tok::Kw(Kw::Elseif) => {
                    self.bump();
                    self.skip_newlines();
                    let c = self.expr()?;
                    let b = self.block(Stop::Block)?;
                    clauses.push((c, b));
                }
                Tok::Kw(Kw::Else) => {
                    self.bump();
                    // `else if` on one line is `else` + nested `if`.
                    otherwise = Some(self.block(Stop::Block)?);
                }
                Tok::Kw(Kw::End) => {
                    self.bump();
                    break;
                }
                _ => return Err(self.unexpected("expected 'end' to close 'if'")),
            }
        }
        Ok(StmtKind::If { clauses, otherwise })
    }

    fn for_stmt(&mut self) -> PResult<StmtKind> {
        self.bump(); // for
        let paren = self.at_op("(") && self.paren_wraps_for_header();
        if paren {
            self.bump();
        }
        let v = self.postfix_expr()?.expr;
        let var = self.to_lvalue(v)?;
        self.expect_op("=")?;
        let iter = self.expr()?;
        if paren {
            self.expect_op(")")?;
        }
        let body = self.block(Stop::Block)?;
        self.end_of("for")?;
        Ok(StmtKind::For { var, iter, body })
    }

    /// `for (k = 1:3)`: the parenthesis wraps the whole header.
    fn paren_wraps_for_header(&self) -> bool {
        matches!(self.peek_at(1), Tok::Ident(_)) && matches!(self.peek_at(2), Tok::Op("="))
    }

    fn end_of(&mut self, what: &str) -> PResult<()> {
        if self.at_kw(Kw::End) {
            self.bump();
            Ok(())
        } else {
            Err(self.unexpected(&format!("expected 'end' to close '{what}'")))
        }
    }

    fn while_stmt(&mut self) -> PResult<StmtKind> {
        self.bump();
        let cond = self.expr()?;
        let body = self.block(Stop::Block)?;
        self.end_of("while")?;
        Ok(StmtKind::While { cond, body })
    }

    /// Octave's `do ... until cond` as `while true ... if cond, break, end, end`.
    fn do_until(&mut self) -> PResult<StmtKind> {
        let start = self.span();
        self.bump();
        let mut body = self.block(Stop::Block)?;
        if !self.at_kw(Kw::Until) {
            return Err(self.unexpected("expected 'until'"));
        }
        self.bump();
        let cond = self.expr()?;
        let span = start.to(self.prev_span());
        body.push(Stmt {
            kind: StmtKind::If {
                clauses: vec![(
                    cond,
                    vec![Stmt {
                        kind: StmtKind::Break,
                        span,
                        quiet: true,
                    }],
                )],
                otherwise: None,
            },
            span,
            quiet: true,
        });
        Ok(StmtKind::While {
            cond: Expr::new(ExprKind::Number(1.0), span),
            body,
        })
    }

    fn switch_stmt(&mut self) -> PResult<StmtKind> {
        self.bump();
        let subject = self.expr()?;
        self.block_depth += 1;
        let r = self.switch_body();
        self.block_depth -= 1;
        let (cases, otherwise) = r?;
        Ok(StmtKind::Switch {
            subject,
            cases,
            otherwise,
        })
    }

    /// The `case`/`otherwise` arms of a `switch`, through its `end`.
    fn switch_body(&mut self) -> PResult<SwitchArms> {
        self.skip_newlines();
        let mut cases = Vec::new();
        let mut otherwise = None;
        loop {
            match self.peek() {
                Tok::Kw(Kw::Case) => {
                    self.bump();
                    let label = self.expr()?;
                    let body = self.block(Stop::Block)?;
                    cases.push((label, body));
                }
                Tok::Kw(Kw::Otherwise) => {
                    self.bump();
                    otherwise = Some(self.block(Stop::Block)?);
                }
                Tok::Kw(Kw::End) => {
                    self.bump();
                    break;
                }
                _ => {
                    return Err(self.unexpected("expected 'case', 'otherwise' or 'end' in 'switch'"))
                }
            }
        }
        Ok((cases, otherwise))
    }

    fn try_stmt(&mut self) -> PResult<StmtKind> {
        self.bump();
        let body = self.block(Stop::Block)?;
        let mut ident = None;
        let mut catch = Vec::new();
        if self.at_kw(Kw::Catch) {
            let catch_line = self.tok().span;
            self.bump();
            // `catch err` names the error only when the name is on the same line.
            if let Tok::Ident(n) = self.peek().clone() {
                let t = self.tok();
                let same_line = !matches!(self.toks[self.pos - 1].tok, Tok::Newline)
                    && t.span.start >= catch_line.end;
                if same_line && !matches!(self.peek_at(1), Tok::Op("=") | Tok::Op("(")) {
                    self.bump();
                    ident = Some(n);
                }
            }
            catch = self.block(Stop::Block)?;
        }
        self.end_of("try")?;
        Ok(StmtKind::Try { body, ident, catch })
    }

    /// `unwind_protect body unwind_protect_cleanup cleanup end`: run as
    /// try/catch that always runs the cleanup (approximation).
    fn unwind_protect(&mut self) -> PResult<StmtKind> {
        self.bump();
        let body = self.block(Stop::Block)?;
        let mut cleanup = Vec::new();
        if self.at_kw(Kw::UnwindProtectCleanup) {
            self.bump();
            cleanup = self.block(Stop::Block)?;
        }
        self.end_of("unwind_protect")?;
        let mut all = body;
        all.extend(cleanup);
        Ok(StmtKind::If {
            clauses: vec![(Expr::new(ExprKind::Number(1.0), Span::default()), all)],
            otherwise: None,
        })
    }

    // ---------- expressions ----------

    /// An expression for a statement, a condition or a `case` label (at
    /// the nesting of the statement's block).
    pub fn expr(&mut self) -> PResult<Expr> {
        Ok(self.climb(0)?.expr)
    }

    /// An expression one nesting level deeper: in parentheses, brackets or
    /// an argument list.
    fn expr_node(&mut self) -> PResult<Node> {
        self.enter()?;
        let r = self.climb(0);
        self.leave();
        r
    }

    /// A node over children whose deepest is `child_depth` deep, refused
    /// when the tree would grow past `MAX_EXPR_DEPTH`. The error points at
    /// the last token read, where the limit was crossed.
    fn node(&self, kind: ExprKind, span: Span, child_depth: usize) -> PResult<Node> {
        let depth = child_depth + 1;
        if depth > MAX_EXPR_DEPTH {
            return Err(ParseError::new(
                &format!(
                    "expression deeper than {MAX_EXPR_DEPTH} nested operations (split it into several statements)"
                ),
                self.prev_span(),
            ));
        }
        Ok(Node {
            expr: Expr::new(kind, span),
            depth,
            spine: 0,
        })
    }

    fn binary(&self, op: BinOp, lhs: Node, rhs: Node) -> PResult<Node> {
        let span = lhs.expr.span.to(rhs.expr.span);
        if op.short_circuit() {
            let depth = lhs.depth.max(rhs.depth);
            return self.node(
                ExprKind::Binary(op, Box::new(lhs.expr), Box::new(rhs.expr)),
                span,
                depth,
            );
        }
        // The evaluator folds the left spine of a chain in one frame: a
        // spine operator on the left adds no depth (see `Node::spine`).
        let (depth, spine) = if lhs.spine > 0 {
            ((lhs.depth - 1).max(rhs.depth), lhs.spine + 1)
        } else {
            (lhs.depth.max(rhs.depth), 1)
        };
        if spine > MAX_CHAIN {
            return Err(ParseError::new(
                &format!(
                    "more than {MAX_CHAIN} operators in a row in one expression (split it into several statements)"
                ),
                self.prev_span(),
            ));
        }
        let mut node = self.node(
            ExprKind::Binary(op, Box::new(lhs.expr), Box::new(rhs.expr)),
            span,
            depth,
        )?;
        node.spine = spine;
        Ok(node)
    }

    /// Binary operators from `level` up (see `binary_op`), by precedence
    /// climbing: one loop folds the operators of a level left to right and
    /// recursion only goes to tighter levels, so a parenthesis costs a few
    /// stack frames rather than one per precedence level.
    fn climb(&mut self, level: u8) -> PResult<Node> {
        let mut lhs = self.unary()?;
        let mut after_range = false;
        loop {
            let Some((op_level, op)) = binary_op(self.peek()) else {
                return Ok(lhs);
            };
            // `a:b:c:d` is no range of a range.
            if op_level < level || (op.is_none() && after_range) {
                return Ok(lhs);
            }
            self.bump();
            let rhs = self.climb(op_level + 1)?;
            lhs = match op {
                Some(op) => self.binary(op, lhs, rhs)?,
                None => {
                    after_range = true;
                    self.range(lhs, rhs)?
                }
            };
        }
    }

    /// `start:stop` or, when another `:` follows, `start:step:stop`.
    fn range(&mut self, start: Node, second: Node) -> PResult<Node> {
        let (step, stop) = if self.at_op(":") {
            self.bump();
            (Some(second), self.climb(RANGE + 1)?)
        } else {
            (None, second)
        };
        let span = start.expr.span.to(stop.expr.span);
        let depth = start
            .depth
            .max(stop.depth)
            .max(step.as_ref().map_or(0, |s| s.depth));
        self.node(
            ExprKind::Range {
                start: Box::new(start.expr),
                step: step.map(|s| Box::new(s.expr)),
                stop: Box::new(stop.expr),
            },
            span,
            depth,
        )
    }

    fn unary(&mut self) -> PResult<Node> {
        match unary_op(self.peek()) {
            Some(op) => self.prefixed(op, Parser::unary),
            None => self.power(),
        }
    }

    /// The unary operator `op` (the current token) applied to what `operand`
    /// parses, one nesting level deeper (so signs chain: `--x`, `~~x`).
    fn prefixed(&mut self, op: UnOp, operand: fn(&mut Parser) -> PResult<Node>) -> PResult<Node> {
        let s = self.span();
        self.bump();
        self.enter()?;
        let operand = operand(self);
        self.leave();
        let operand = operand?;
        let span = s.to(operand.expr.span);
        let depth = operand.depth;
        self.node(ExprKind::Unary(op, Box::new(operand.expr)), span, depth)
    }

    fn power(&mut self) -> PResult<Node> {
        let base = self.operand()?;
        let base = self.postfix_tail(base)?;
        self.power_tail(base)
    }

    /// `^` and `.^` after `lhs`, left to right.
    fn power_tail(&mut self, mut lhs: Node) -> PResult<Node> {
        loop {
            let op = match self.peek() {
                Tok::Op("^") => BinOp::MatPow,
                Tok::Op(".^") => BinOp::Pow,
                _ => return Ok(lhs),
            };
            self.bump();
            let rhs = self.power_operand()?;
            lhs = self.binary(op, lhs, rhs)?;
        }
    }

    /// The exponent of `^`: a postfix expression, optionally with unary signs (`2^-1`).
    fn power_operand(&mut self) -> PResult<Node> {
        match unary_op(self.peek()) {
            Some(op) => self.prefixed(op, Parser::power_operand),
            None => self.postfix_expr(),
        }
    }

    fn postfix_expr(&mut self) -> PResult<Node> {
        let e = self.operand()?;
        self.postfix_tail(e)
    }

    /// A primary expression. Groups and bracket literals are sent to their
    /// own parsers first, so that deep nesting recurses through small
    /// stack frames (a debug build keeps every temporary of a function).
    fn operand(&mut self) -> PResult<Node> {
        match self.peek() {
            Tok::Op("(") => self.group(),
            Tok::Op("[" | "{") => self.bracket_literal(),
            _ => self.primary(),
        }
    }

    /// Indexing, calls, fields and transposes after `e`.
    fn postfix_tail(&mut self, mut e: Node) -> PResult<Node> {
        loop {
            e = match self.peek() {
                // Inside brackets, `a (1)` with a space is two elements
                // (the lexer already inserted a comma).
                Tok::Op("(") => self.call_suffix(e)?,
                Tok::Op("{") => self.brace_suffix(e)?,
                Tok::Op(".") => self.field_suffix(e)?,
                Tok::Op("'" | ".'") => self.transpose_suffix(e)?,
                _ => return Ok(e),
            };
        }
    }

    /// `e(args)`: subscripts or arguments, where `end` and a bare `:` mean
    /// something.
    fn call_suffix(&mut self, e: Node) -> PResult<Node> {
        let (args, depth) = self.subscripts(")")?;
        let depth = depth.max(e.depth);
        let span = e.expr.span.to(self.prev_span());
        let kind = ExprKind::Call {
            target: Box::new(e.expr),
            args,
        };
        self.node(kind, span, depth)
    }

    /// `e{subs}`: the contents of cells.
    fn brace_suffix(&mut self, e: Node) -> PResult<Node> {
        let (args, depth) = self.subscripts("}")?;
        let depth = depth.max(e.depth);
        let span = e.expr.span.to(self.prev_span());
        let kind = ExprKind::Brace {
            target: Box::new(e.expr),
            args,
        };
        self.node(kind, span, depth)
    }

    /// The subscripts after an opening `(` or `{` (the current token), up
    /// to `close`, and the depth of the deepest.
    fn subscripts(&mut self, close: &str) -> PResult<(Vec<Expr>, usize)> {
        self.bump();
        self.index_depth += 1;
        let saved_colon = std::mem::replace(&mut self.colon_ok, true);
        let mut args = Vec::new();
        let depth = self.arg_list(close, &mut args);
        self.index_depth -= 1;
        self.colon_ok = saved_colon;
        Ok((args, depth?))
    }

    /// `e.name`.
    fn field_suffix(&mut self, e: Node) -> PResult<Node> {
        self.bump();
        match self.bump() {
            Tok::Ident(name) => {
                let span = e.expr.span.to(self.prev_span());
                let depth = e.depth;
                let kind = ExprKind::Field {
                    target: Box::new(e.expr),
                    name,
                };
                self.node(kind, span, depth)
            }
            Tok::Op("(") => {
                let saved_colon = std::mem::replace(&mut self.colon_ok, false);
                let name = self.expr_node();
                self.colon_ok = saved_colon;
                let name = name?;
                self.expect_op(")")?;
                let span = e.expr.span.to(self.prev_span());
                let depth = e.depth.max(name.depth);
                let kind = ExprKind::DynField {
                    target: Box::new(e.expr),
                    name: Box::new(name.expr),
                };
                self.node(kind, span, depth)
            }
            t => Err(self.error(format!(
                "expected a field name after '.', found {}",
                describe(&t)
            ))),
        }
    }

    /// `e'` or `e.'`.
    fn transpose_suffix(&mut self, e: Node) -> PResult<Node> {
        let op = if self.at_op("'") {
            PostOp::CTranspose
        } else {
            PostOp::Transpose
        };
        self.bump();
        let span = e.expr.span.to(self.prev_span());
        let depth = e.depth;
        self.node(ExprKind::Postfix(op, Box::new(e.expr)), span, depth)
    }

    /// `( expr )`. `end` inside still refers to the enclosing subscript
    /// (`x((end))`, `x(1+(end))`); a bare `:` is no subscript there
    /// (`x((:))` is an error, as in Octave).
    fn group(&mut self) -> PResult<Node> {
        let span = self.span();
        self.bump();
        let saved_colon = std::mem::replace(&mut self.colon_ok, false);
        let inner = self.expr_node();
        self.colon_ok = saved_colon;
        let mut inner = inner?;
        self.expect_op(")")?;
        // Parentheses add no node; the expression's span covers them.
        inner.expr.span = span.to(self.prev_span());
        Ok(inner)
    }

    /// `[ ... ]` or `{ ... }`.
    fn bracket_literal(&mut self) -> PResult<Node> {
        let span = self.span();
        let matrix = self.at_op("[");
        self.bump();
        let (rows, depth) = self.matrix_rows(span, if matrix { "]" } else { "}" })?;
        let kind = if matrix {
            ExprKind::Matrix(rows)
        } else {
            ExprKind::Cell(rows)
        };
        self.node(kind, span.to(self.prev_span()), depth)
    }

    /// Comma-separated expressions up to `close`, into `args`; the depth
    /// of the deepest.
    fn arg_list(&mut self, close: &str, args: &mut Vec<Expr>) -> PResult<usize> {
        let mut depth = 0;
        if self.eat_op(close) {
            return Ok(depth);
        }
        loop {
            let arg = self.expr_node()?;
            depth = depth.max(arg.depth);
            args.push(arg.expr);
            if self.eat_op(close) {
                return Ok(depth);
            }
            match self.peek() {
                Tok::Comma => {
                    self.bump();
                }
                _ => return Err(self.unexpected(&format!("expected ',' or '{close}'"))),
            }
        }
    }

    fn primary(&mut self) -> PResult<Node> {
        let span = self.span();
        let kind = match self.bump() {
            Tok::Num(x) => ExprKind::Number(x),
            Tok::Imag(x) => ExprKind::Imaginary(x),
            Tok::Str {
                text,
                double_quoted,
            } => ExprKind::Str {
                text,
                double_quoted,
            },
            Tok::Ident(n) => ExprKind::Ident(n, VarRef::default()),
            Tok::Kw(Kw::End) if self.index_depth > 0 => ExprKind::End,
            Tok::Op(":") if self.colon_ok => ExprKind::Colon,
            Tok::Op("@") => return self.handle(span),
            Tok::Eof => {
                let mut e = ParseError::new("unexpected end of input", span);
                e.incomplete = self.block_depth > 0;
                return Err(e);
            }
            t => {
                return Err(ParseError::new(
                    &format!("parse error: unexpected {}", describe(&t)),
                    span,
                ));
            }
        };
        Ok(Node {
            expr: Expr::new(kind, span),
            depth: 1,
            spine: 0,
        })
    }

    /// After `@` (at `span`): `@name` or `@(params) body`.
    fn handle(&mut self, span: Span) -> PResult<Node> {
        match self.bump() {
            Tok::Ident(name) => {
                let mut name = name;
                // `@pkg.fun`
                while self.at_op(".") && matches!(self.peek_at(1), Tok::Ident(_)) {
                    self.bump();
                    if let Tok::Ident(part) = self.bump() {
                        name.push('.');
                        name.push_str(&part);
                    }
                }
                let span = span.to(self.prev_span());
                self.node(ExprKind::FuncHandle(name), span, 0)
            }
            Tok::Op("(") => {
                let mut params = Vec::new();
                loop {
                    match self.bump() {
                        Tok::Op(")") => break,
                        Tok::Ident(n) => params.push(n),
                        Tok::Op("~") => params.push("~".to_string()),
                        Tok::Comma => {}
                        Tok::Eof => {
                            let mut e = ParseError::new(
                                "unterminated parameter list of an anonymous function",
                                span,
                            );
                            e.incomplete = true;
                            return Err(e);
                        }
                        t => {
                            return Err(self.error(format!(
                            "parse error: unexpected {} in the parameters of an anonymous function",
                            describe(&t)
                        )))
                        }
                    }
                }
                let first = self.pos;
                // The body is an expression of its own: `end` and `:` in it
                // belong to its own subscripts, not to an enclosing one.
                let saved = (
                    std::mem::replace(&mut self.index_depth, 0),
                    std::mem::replace(&mut self.colon_ok, false),
                );
                let body = self.expr_node();
                (self.index_depth, self.colon_ok) = saved;
                let body = body?;
                let text = format!(
                    "@({}) {}",
                    params.join(", "),
                    unparse(&self.src, &self.toks[first..self.pos])
                );
                let span = span.to(body.expr.span);
                let depth = body.depth;
                let anon = AnonFunc {
                    params,
                    body: body.expr,
                    text,
                    scope: Scope::default(),
                };
                self.node(ExprKind::AnonFunc(std::rc::Rc::new(anon)), span, depth)
            }
            t => Err(ParseError::new(
                &format!(
                    "parse error: expected a function name or '(' after '@', found {}",
                    describe(&t)
                ),
                span,
            )),
        }
    }

    /// `[ ... ]`: rows separated by `;`, elements by `,` (the lexer turned
    /// significant whitespace and newlines into those), and the depth of the
    /// deepest element. `end` keeps referring to the enclosing subscript:
    /// `v([1 end])`.
    fn matrix_rows(&mut self, start: Span, close: &str) -> PResult<(Vec<Vec<Expr>>, usize)> {
        let saved_colon = std::mem::replace(&mut self.colon_ok, false);
        let mut rows: Vec<Vec<Expr>> = Vec::new();
        let mut row: Vec<Expr> = Vec::new();
        let mut depth = 0;
        let result = loop {
            match self.peek() {
                Tok::Op(o) if *o == close => {
                    self.bump();
                    if !row.is_empty() {
                        rows.push(std::mem::take(&mut row));
                    }
                    break Ok(());
                }
                Tok::Semi | Tok::Newline => {
                    self.bump();
                    if !row.is_empty() {
                        rows.push(std::mem::take(&mut row));
                    }
                }
                Tok::Comma => {
                    self.bump();
                }
                Tok::Eof => {
                    let mut e = ParseError::new(
                        &format!("unterminated matrix literal: expected '{close}'"),
                        start,
                    );
                    e.incomplete = true;
                    break Err(e);
                }
                _ => match self.expr_node() {
                    Ok(e) => {
                        depth = depth.max(e.depth);
                        row.push(e.expr);
                    }
                    Err(e) => break Err(e),
                },
            }
        };
        self.colon_ok = saved_colon;
        result.map(|_| (rows, depth))
    }
}

/// Tokens as Octave prints the body of an anonymous function: binary
/// operators between spaces, `, ` and `; ` in lists, a space before the
/// `(` or `{` of an index (`x (1:end)`), numbers and strings as written,
/// `!` and `!=` for not.
fn unparse(src: &str, toks: &[Token]) -> String {
    let mut out = String::new();
    // The previous token ended a value (so `-` after it is binary).
    let mut value = false;
    let mut k = 0;
    while k < toks.len() {
        let t = &toks[k];
        let raw = src
            .get(t.span.start as usize..t.span.end as usize)
            .unwrap_or("");
        let was_value = value;
        value = false;
        match &t.tok {
            Tok::Num(_) | Tok::Imag(_) | Tok::Str { .. } | Tok::Ident(_) => {
                out.push_str(raw);
                value = true;
            }
            Tok::Kw(Kw::End) => {
                out.push_str("end");
                value = true;
            }
            Tok::Kw(_) | Tok::Words(_) | Tok::Eof | Tok::Newline => {}
            Tok::Comma => out.push_str(", "),
            Tok::Semi => out.push_str("; "),
            Tok::Op(op) => match *op {
                "(" | "{" if was_value => {
                    out.push(' ');
                    out.push_str(op);
                }
                ")" | "]" | "}" | "'" | ".'" => {
                    out.push_str(op);
                    value = true;
                }
                "@" => {
                    out.push('@');
                    // `@(x, y) ` of a nested anonymous function.
                    if matches!(toks.get(k + 1).map(|t| &t.tok), Some(Tok::Op("("))) {
                        let mut params = Vec::new();
                        k += 2;
                        while let Some(t) = toks.get(k) {
                            match &t.tok {
                                Tok::Op(")") => break,
                                Tok::Ident(n) => params.push(n.clone()),
                                Tok::Op("~") => params.push("~".into()),
                                _ => {}
                            }
                            k += 1;
                        }
                        out.push_str(&format!("({}) ", params.join(", ")));
                    }
                }
                "." | ":" | "(" | "[" | "{" => out.push_str(op),
                "~" if !was_value => out.push('!'),
                "-" | "+" if !was_value => out.push_str(op),
                "~=" => out.push_str(" != "),
                op => {
                    out.push(' ');
                    out.push_str(op);
                    out.push(' ');
                }
            },
        }
        k += 1;
    }
    out
}

/// The unary operator `t` is, if any.
fn unary_op(t: &Tok) -> Option<UnOp> {
    match t {
        Tok::Op("-") => Some(UnOp::Neg),
        Tok::Op("+") => Some(UnOp::Plus),
        Tok::Op("~") => Some(UnOp::Not),
        _ => None,
    }
}

/// Precedence level of `:`, between comparisons and `+ -`.
const RANGE: u8 = 5;

/// The binary operator `t` is, if any: its precedence level (loosest 0:
/// `||`; then `&&`, `|`, `&`, comparisons, `:`, `+ -`, and 7: `* / \ .* ./
/// .\`) and the operation (`None` for the `:` of a range).
fn binary_op(t: &Tok) -> Option<(u8, Option<BinOp>)> {
    let Tok::Op(op) = t else { return None };
    let (level, op) = match *op {
        "||" => (0, BinOp::OrOr),
        "&&" => (1, BinOp::AndAnd),
        "|" => (2, BinOp::Or),
        "&" => (3, BinOp::And),
        "==" => (4, BinOp::Eq),
        "~=" => (4, BinOp::Ne),
        "<=" => (4, BinOp::Le),
        ">=" => (4, BinOp::Ge),
        "<" => (4, BinOp::Lt),
        ">" => (4, BinOp::Gt),
        ":" => return Some((RANGE, None)),
        "+" => (6, BinOp::Add),
        "-" => (6, BinOp::Sub),
        "*" => (7, BinOp::MatMul),
        "/" => (7, BinOp::MatDiv),
        "\\" => (7, BinOp::MatLeftDiv),
        ".*" => (7, BinOp::Mul),
        "./" => (7, BinOp::Div),
        ".\\" => (7, BinOp::LeftDiv),
        _ => return None,
    };
    Some((level, Some(op)))
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Num(x) => format!("number {x}"),
        Tok::Imag(x) => format!("number {x}i"),
        Tok::Str { text, .. } => format!("string '{text}'"),
        Tok::Ident(n) => format!("'{n}'"),
        Tok::Kw(k) => format!("keyword '{}'", format!("{k:?}").to_lowercase()),
        Tok::Op(o) => format!("'{o}'"),
        Tok::Comma => "','".into(),
        Tok::Semi => "';'".into(),
        Tok::Newline => "end of line".into(),
        Tok::Words(w) => format!("'{}'", w.join(" ")),
        Tok::Eof => "end of input".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expr_of(src: &str) -> ExprKind {
        let p = parse(src).unwrap();
        match &p.body[0].kind {
            StmtKind::Expr(e) => e.kind.clone(),
            StmtKind::Assign { value, .. } => value.kind.clone(),
            k => panic!("not an expression: {k:?}"),
        }
    }

    #[test]
    fn unary_minus_binds_looser_than_power() {
        match expr_of("-2^2") {
            ExprKind::Unary(UnOp::Neg, inner) => {
                assert!(matches!(inner.kind, ExprKind::Binary(BinOp::MatPow, _, _)))
            }
            k => panic!("{k:?}"),
        }
        assert!(matches!(
            expr_of("2^-1"),
            ExprKind::Binary(BinOp::MatPow, _, _)
        ));
    }

    #[test]
    fn colon_is_looser_than_plus() {
        match expr_of("1:3+1") {
            ExprKind::Range { stop, .. } => {
                assert!(matches!(stop.kind, ExprKind::Binary(BinOp::Add, _, _)))
            }
            k => panic!("{k:?}"),
        }
    }

    #[test]
    fn matrix_rows_and_elements() {
        match expr_of("[1 -2; 3 4]") {
            ExprKind::Matrix(rows) => {
                assert_eq!(rows.len(), 2);
                assert_eq!(rows[0].len(), 2);
            }
            k => panic!("{k:?}"),
        }
        match expr_of("[1 - 2]") {
            ExprKind::Matrix(rows) => assert_eq!(rows[0].len(), 1),
            k => panic!("{k:?}"),
        }
    }

    #[test]
    fn multi_assignment_with_tilde() {
        let p = parse("[m, ~] = max(x);").unwrap();
        match &p.body[0].kind {
            StmtKind::Assign { targets, .. } => {
                assert_eq!(targets.len(), 2);
                assert!(matches!(targets[1], LValue::Tilde(_)));
            }
            k => panic!("{k:?}"),
        }
        assert!(p.body[0].quiet);
    }

    #[test]
    fn blocks_and_incomplete_input() {
        assert!(is_incomplete("for k = 1:3"));
        assert!(is_incomplete("x = [1 2"));
        assert!(is_incomplete("if x\n y = 1"));
        assert!(!is_incomplete("for k = 1:3, end"));
        assert!(parse("x = (1 + )").is_err());
        assert!(!is_incomplete("x = (1 + )"));
        assert!(
            !is_incomplete("x = 1 +"),
            "a dangling operator is an error, not a continuation"
        );
        assert!(is_incomplete("switch x"));
        assert!(is_incomplete("switch x\n case 1\n y = 2;"));
        assert!(is_incomplete("x = [1, ...\n"));
    }

    #[test]
    fn function_file() {
        let p = parse("function [a, b] = f(x, y)\n a = x; b = y;\nend\nfunction g\nend\n").unwrap();
        assert_eq!(p.functions.len(), 2);
        assert_eq!(p.functions[0].outputs, vec!["a", "b"]);
        assert_eq!(p.functions[0].params, vec!["x", "y"]);
    }

    #[test]
    fn trailing_continuation_ends_the_text_but_not_a_typed_line() {
        for src in [
            "x = 7 ...",
            "x = 7 ... note",
            "x = 7 ...\n",
            "x = 7 ...\r\n",
        ] {
            let p = parse(src).unwrap();
            assert!(matches!(p.body[0].kind, StmtKind::Assign { .. }), "{src:?}");
        }
        assert!(is_incomplete("x = 7 ..."));
        assert!(is_incomplete("x = 7 ...\n+ 1 ..."));
        // An empty line after it ends the statement.
        assert!(!is_incomplete("x = 7 ...\n"));
        assert!(!is_incomplete("x = 7 ...\n+ 1"));
    }

    #[test]
    fn functions_close_with_end_or_with_the_next_function() {
        let open = "function y = f(x)\n if x\n  y = 1;\n end\nfunction z = g\n z = 2;\n";
        let p = parse(open).unwrap();
        assert_eq!(p.functions.len(), 2);
        assert_eq!(p.functions[0].body.len(), 1);
        // More lines could still belong to `g`.
        assert!(is_incomplete(open));
        assert!(!is_incomplete(&format!(
            "{}end\n",
            open.replace("function z", "end\nfunction z")
        )));
        let mixed = "function f\nend\nfunction g\n";
        let e = parse(mixed).unwrap_err();
        assert_eq!(e.message, INCONSISTENT_ENDINGS);
        assert!(e.incomplete, "`end` may still be typed for g");
        let e = parse("function f\nfunction g\nend\n").unwrap_err();
        assert_eq!(e.message, INCONSISTENT_ENDINGS);
        assert!(!e.incomplete);
        let e = parse("function f\n x = 1;\n function g\n end\nend\n").unwrap_err();
        assert!(e.message.starts_with("nested functions are not supported"));
        assert_eq!(e.span.start, 20, "at the inner `function`");
    }

    #[test]
    fn carriage_returns_end_lines() {
        let p = parse("format long\r\nx = 1\r\ny = [1 2\r3 4]\r").unwrap();
        assert_eq!(p.body.len(), 3);
        assert!(matches!(&p.body[0].kind, StmtKind::Command { args, .. } if args == &["long"]));
    }

    #[test]
    fn nesting_and_depth_limits() {
        let parens = |n: usize| format!("{}1{}", "(".repeat(n), ")".repeat(n));
        assert!(parse(&parens(MAX_NESTING)).is_ok());
        let e = parse(&parens(MAX_NESTING + 1)).unwrap_err();
        assert!(
            e.message.starts_with("nesting deeper than"),
            "{}",
            e.message
        );
        assert!(!e.incomplete);
        let fields = |n: usize| format!("x{}", ".f".repeat(n));
        assert!(parse(&fields(MAX_EXPR_DEPTH - 1)).is_ok());
        let e = parse(&fields(MAX_EXPR_DEPTH)).unwrap_err();
        assert!(
            e.message.starts_with("expression deeper than"),
            "{}",
            e.message
        );
    }

    #[test]
    fn operator_chains_are_bounded_by_length_not_depth() {
        // Dropping a tree of 100,000 operators recurses once per operator:
        // more than a test thread's 2 MB in a debug build.
        let big = std::thread::Builder::new().stack_size(256 << 20);
        let r = big.spawn(|| {
            let sum = |ops: usize| format!("1{}", "+1".repeat(ops));
            assert!(parse(&sum(MAX_CHAIN)).is_ok());
            let e = parse(&sum(MAX_CHAIN + 1)).unwrap_err();
            assert!(e.message.starts_with("more than"), "{}", e.message);
            // A chain of operands that nest is as deep as its deepest one.
            let nested = format!("1{}", "+(-1)".repeat(10 * MAX_EXPR_DEPTH));
            assert!(parse(&nested).is_ok());
            // `&&` and `||` are not folded: each adds a level.
            let e = parse(&format!("1{}", "||1".repeat(MAX_EXPR_DEPTH))).unwrap_err();
            assert!(
                e.message.starts_with("expression deeper than"),
                "{}",
                e.message
            );
        });
        r.expect("spawn").join().expect("chains parse as bounded");
    }

    #[test]
    fn end_inside_index() {
        assert!(parse("v(end-1)").is_ok());
        assert!(parse("A(end, [1 end])").is_ok());
        assert!(parse("x((end))").is_ok());
        assert!(parse("x(min(end, 3))").is_ok());
        assert!(parse("y = (end)").is_err());
        // A bare `:` is a subscript only directly in the index.
        assert!(parse("x(:, 1)").is_ok());
        assert!(parse("x((:))").is_err());
        assert!(parse("x([:])").is_err());
    }
}
