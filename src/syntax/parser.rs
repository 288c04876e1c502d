//! Tokens to syntax tree: statements, blocks and MATLAB operator precedence.
//!
//! Precedence, loosest first: `||`, `&&`, `|`, `&`, comparisons, `:`,
//! `+ -`, `* / \ .* ./ .\`, unary `+ - ~`, `^ .^`, postfix `'` `.'` and
//! indexing. Power binds tighter than a unary minus on its left (`-2^2` is
//! -4) but its exponent may carry one (`2^-1`).
//!
//! Running out of tokens inside a block or bracket gives a `ParseError`
//! with `incomplete = true`, which the REPL uses to keep reading lines.

use super::ast::*;
use super::error::ParseError;
use super::lexer::{tokenize, Kw, Tok, Token};

/// Parse a whole source text (script, function file or command line).
pub fn parse(src: &str) -> Result<Program, ParseError> {
    let toks = tokenize(src)?;
    let mut p = Parser {
        toks,
        pos: 0,
        index_depth: 0,
        matrix_depth: 0,
        block_depth: 0,
    };
    p.program()
}

/// True when `src` is a prefix of valid input that more lines could complete
/// (an open block, bracket, or a `...` continuation).
pub fn is_incomplete(src: &str) -> bool {
    matches!(parse(src), Err(e) if e.incomplete)
}

struct Parser {
    toks: Vec<Token>,
    pos: usize,
    /// > 0 while parsing subscripts, where `end` and bare `:` are values.
    index_depth: usize,
    /// > 0 inside `[]`/`{}`.
    matrix_depth: usize,
    /// Open blocks (`if`, `for`, `function`...): running out of input inside
    /// one means more lines may follow.
    block_depth: usize,
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
}

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
        while self.at_kw(Kw::Function) {
            prog.functions.push(self.function()?);
            self.skip_newlines();
        }
        if !matches!(self.peek(), Tok::Eof) {
            return Err(self.unexpected("parse error"));
        }
        Ok(prog)
    }

    fn function(&mut self) -> PResult<Function> {
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
        let body = self.block(Stop::Block)?;
        // The function ends at `end`, at the next `function`, or at EOF.
        if self.at_kw(Kw::End) {
            self.bump();
        }
        Ok(Function {
            name,
            params,
            outputs,
            body,
            span: start.to(self.prev_span()),
        })
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
        if stop == Stop::Block {
            self.block_depth += 1;
        }
        let r = self.block_inner(stop);
        if stop == Stop::Block {
            self.block_depth -= 1;
        }
        r
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
        let kind = match self.peek().clone() {
            Tok::Kw(kw) => match kw {
                Kw::If => self.if_stmt()?,
                Kw::For | Kw::Parfor => self.for_stmt()?,
                Kw::While => self.while_stmt()?,
                Kw::Do => self.do_until()?,
                Kw::Switch => self.switch_stmt()?,
                Kw::Try => self.try_stmt()?,
                Kw::UnwindProtect => self.unwind_protect()?,
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
        };
        let span = start.to(self.prev_span());
        let quiet = self.terminator()?;
        Ok(Stmt { kind, span, quiet })
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
        self.matrix_depth += 1;
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
            let e = self.postfix_expr()?;
            targets.push(self.to_lvalue(e)?);
        }
        self.matrix_depth -= 1;
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
                ExprKind::Ident(name) => {
                    accessors.reverse();
                    return Ok(LValue::Var {
                        name,
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
                _ => return Err(ParseError::new(
                    "invalid assignment target (only names, indexing and fields can be assigned)",
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
        let v = self.postfix_expr()?;
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
            cond: Expr {
                kind: ExprKind::Number(1.0),
                span,
            },
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
            clauses: vec![(
                Expr {
                    kind: ExprKind::Number(1.0),
                    span: Span::default(),
                },
                all,
            )],
            otherwise: None,
        })
    }

    // ---------- expressions ----------

    pub fn expr(&mut self) -> PResult<Expr> {
        self.oror()
    }

    fn binary_level(
        &mut self,
        next: fn(&mut Parser) -> PResult<Expr>,
        ops: &[(&str, BinOp)],
    ) -> PResult<Expr> {
        let mut lhs = next(self)?;
        'outer: loop {
            for (sym, op) in ops {
                if self.at_op(sym) {
                    self.bump();
                    let rhs = next(self)?;
                    let span = lhs.span.to(rhs.span);
                    lhs = Expr {
                        kind: ExprKind::Binary(*op, Box::new(lhs), Box::new(rhs)),
                        span,
                    };
                    continue 'outer;
                }
            }
            return Ok(lhs);
        }
    }

    fn oror(&mut self) -> PResult<Expr> {
        self.binary_level(Parser::andand, &[("||", BinOp::OrOr)])
    }
    fn andand(&mut self) -> PResult<Expr> {
        self.binary_level(Parser::or, &[("&&", BinOp::AndAnd)])
    }
    fn or(&mut self) -> PResult<Expr> {
        self.binary_level(Parser::and, &[("|", BinOp::Or)])
    }
    fn and(&mut self) -> PResult<Expr> {
        self.binary_level(Parser::comparison, &[("&", BinOp::And)])
    }
    fn comparison(&mut self) -> PResult<Expr> {
        self.binary_level(
            Parser::range,
            &[
                ("==", BinOp::Eq),
                ("~=", BinOp::Ne),
                ("<=", BinOp::Le),
                (">=", BinOp::Ge),
                ("<", BinOp::Lt),
                (">", BinOp::Gt),
            ],
        )
    }

    fn range(&mut self) -> PResult<Expr> {
        // A bare `:` subscript.
        if self.index_depth > 0
            && self.at_op(":")
            && matches!(self.peek_at(1), Tok::Comma | Tok::Op(")") | Tok::Op("}"))
        {
            let s = self.span();
            self.bump();
            return Ok(Expr {
                kind: ExprKind::Colon,
                span: s,
            });
        }
        let start = self.additive()?;
        if !self.at_op(":") {
            return Ok(start);
        }
        self.bump();
        let second = self.additive()?;
        if self.at_op(":") {
            self.bump();
            let third = self.additive()?;
            let span = start.span.to(third.span);
            return Ok(Expr {
                kind: ExprKind::Range {
                    start: Box::new(start),
                    step: Some(Box::new(second)),
                    stop: Box::new(third),
                },
                span,
            });
        }
        let span = start.span.to(second.span);
        Ok(Expr {
            kind: ExprKind::Range {
                start: Box::new(start),
                step: None,
                stop: Box::new(second),
            },
            span,
        })
    }

    fn additive(&mut self) -> PResult<Expr> {
        self.binary_level(
            Parser::multiplicative,
            &[("+", BinOp::Add), ("-", BinOp::Sub)],
        )
    }
    fn multiplicative(&mut self) -> PResult<Expr> {
        self.binary_level(
            Parser::unary,
            &[
                ("*", BinOp::MatMul),
                ("/", BinOp::MatDiv),
                ("\\", BinOp::MatLeftDiv),
                (".*", BinOp::Mul),
                ("./", BinOp::Div),
                (".\\", BinOp::LeftDiv),
            ],
        )
    }

    fn unary(&mut self) -> PResult<Expr> {
        self.prefixed(Parser::unary, Parser::power)
    }

    /// A unary `+ - ~` applied to `again` (so signs chain), else `otherwise`.
    fn prefixed(
        &mut self,
        again: fn(&mut Parser) -> PResult<Expr>,
        otherwise: fn(&mut Parser) -> PResult<Expr>,
    ) -> PResult<Expr> {
        let op = match self.peek() {
            Tok::Op("-") => UnOp::Neg,
            Tok::Op("+") => UnOp::Plus,
            Tok::Op("~") => UnOp::Not,
            _ => return otherwise(self),
        };
        let s = self.span();
        self.bump();
        let operand = again(self)?;
        let span = s.to(operand.span);
        Ok(Expr {
            kind: ExprKind::Unary(op, Box::new(operand)),
            span,
        })
    }

    fn power(&mut self) -> PResult<Expr> {
        let mut lhs = self.postfix_expr()?;
        loop {
            let op = match self.peek() {
                Tok::Op("^") => BinOp::MatPow,
                Tok::Op(".^") => BinOp::Pow,
                _ => return Ok(lhs),
            };
            self.bump();
            let rhs = self.power_operand()?;
            let span = lhs.span.to(rhs.span);
            lhs = Expr {
                kind: ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)),
                span,
            };
        }
    }

    /// The exponent of `^`: a postfix expression, optionally with unary signs (`2^-1`).
    fn power_operand(&mut self) -> PResult<Expr> {
        self.prefixed(Parser::power_operand, Parser::postfix_expr)
    }

    fn postfix_expr(&mut self) -> PResult<Expr> {
        let mut e = self.primary()?;
        loop {
            match self.peek() {
                Tok::Op("(") => {
                    // Inside brackets, `a (1)` with a space is two elements
                    // (the lexer already inserted a comma).
                    self.bump();
                    let args = self.args(")")?;
                    let span = e.span.to(self.prev_span());
                    e = Expr {
                        kind: ExprKind::Call {
                            target: Box::new(e),
                            args,
                        },
                        span,
                    };
                }
                Tok::Op("{") => {
                    return Err(self.error(
                        "cell arrays are not supported: flatlab workspaces hold flat values only",
                    ));
                }
                Tok::Op(".") => {
                    self.bump();
                    match self.bump() {
                        Tok::Ident(name) => {
                            let span = e.span.to(self.prev_span());
                            e = Expr {
                                kind: ExprKind::Field {
                                    target: Box::new(e),
                                    name,
                                },
                                span,
                            };
                        }
                        Tok::Op("(") => {
                            return Err(self.error("dynamic field names are not supported"));
                        }
                        t => {
                            return Err(self.error(format!(
                                "expected a field name after '.', found {}",
                                describe(&t)
                            )))
                        }
                    }
                }
                Tok::Op("'") => {
                    self.bump();
                    let span = e.span.to(self.prev_span());
                    e = Expr {
                        kind: ExprKind::Postfix(PostOp::CTranspose, Box::new(e)),
                        span,
                    };
                }
                Tok::Op(".'") => {
                    self.bump();
                    let span = e.span.to(self.prev_span());
                    e = Expr {
                        kind: ExprKind::Postfix(PostOp::Transpose, Box::new(e)),
                        span,
                    };
                }
                _ => return Ok(e),
            }
        }
    }

    /// Comma-separated subscripts or arguments up to `close`.
    fn args(&mut self, close: &str) -> PResult<Vec<Expr>> {
        self.index_depth += 1;
        let saved_matrix = self.matrix_depth;
        self.matrix_depth = 0;
        let mut args = Vec::new();
        let result = (|| {
            if self.eat_op(close) {
                return Ok(());
            }
            loop {
                args.push(self.expr()?);
                if self.eat_op(close) {
                    return Ok(());
                }
                match self.peek() {
                    Tok::Comma => {
                        self.bump();
                    }
                    _ => return Err(self.unexpected(&format!("expected ',' or '{close}'"))),
                }
            }
        })();
        self.index_depth -= 1;
        self.matrix_depth = saved_matrix;
        result.map(|_| args)
    }

    fn primary(&mut self) -> PResult<Expr> {
        let span = self.span();
        let kind =
            match self.bump() {
                Tok::Num(x) => ExprKind::Number(x),
                Tok::Imag(x) => ExprKind::Imaginary(x),
                Tok::Str {
                    text,
                    double_quoted,
                } => ExprKind::Str {
                    text,
                    double_quoted,
                },
                Tok::Ident(n) => ExprKind::Ident(n),
                Tok::Kw(Kw::End) if self.index_depth > 0 => ExprKind::End,
                Tok::Op("(") => {
                    let saved_index = self.index_depth;
                    let saved_matrix = self.matrix_depth;
                    self.index_depth = 0;
                    self.matrix_depth = 0;
                    let inner = self.expr();
                    self.index_depth = saved_index;
                    self.matrix_depth = saved_matrix;
                    let mut inner = inner?;
                    self.expect_op(")")?;
                    // Parentheses end a cs-list/`end` context; keep the expression.
                    inner.span = span.to(self.prev_span());
                    return Ok(inner);
                }
                Tok::Op("[") => {
                    let rows = self.matrix_rows(span, "]")?;
                    return Ok(Expr {
                        kind: ExprKind::Matrix(rows),
                        span: span.to(self.prev_span()),
                    });
                }
                Tok::Op("{") => {
                    let rows = self.matrix_rows(span, "}")?;
                    return Ok(Expr {
                        kind: ExprKind::Cell(rows),
                        span: span.to(self.prev_span()),
                    });
                }
                Tok::Op(":") if self.index_depth > 0 => ExprKind::Colon,
                Tok::Op("@") => return Err(ParseError::new(
                    "function handles are not supported: flatlab workspaces hold flat values only",
                    span,
                )),
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
        Ok(Expr { kind, span })
    }

    /// `[ ... ]`: rows separated by `;`, elements by `,` (the lexer turned
    /// significant whitespace and newlines into those).
    fn matrix_rows(&mut self, start: Span, close: &str) -> PResult<Vec<Vec<Expr>>> {
        self.matrix_depth += 1;
        // `end` keeps referring to the enclosing subscript: `v([1 end])`.
        let saved_index = self.index_depth;
        let mut rows: Vec<Vec<Expr>> = Vec::new();
        let mut row: Vec<Expr> = Vec::new();
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
                _ => match self.expr() {
                    Ok(e) => row.push(e),
                    Err(e) => break Err(e),
                },
            }
        };
        self.matrix_depth -= 1;
        self.index_depth = saved_index;
        result?;
        Ok(rows)
    }
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
    fn end_inside_index() {
        assert!(parse("v(end-1)").is_ok());
        assert!(parse("A(end, [1 end])").is_ok());
    }
}
