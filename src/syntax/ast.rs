//! The syntax tree the parser produces and the evaluator walks.
//!
//! Every expression and statement carries a `Span` (byte offsets into the
//! source it was parsed from) so errors can point at the offending code.

/// Byte range `[start, end)` in one source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    /// `*` matrix product
    MatMul,
    /// `.*`
    Mul,
    /// `/` matrix right division
    MatDiv,
    /// `./`
    Div,
    /// `\` matrix left division
    MatLeftDiv,
    /// `.\`
    LeftDiv,
    /// `^` matrix power
    MatPow,
    /// `.^`
    Pow,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// element-wise `&`
    And,
    /// element-wise `|`
    Or,
    /// short-circuit `&&`
    AndAnd,
    /// short-circuit `||`
    OrOr,
}

impl BinOp {
    /// `&&` and `||`: the right operand runs only when needed.
    pub fn short_circuit(self) -> bool {
        matches!(self, BinOp::AndAnd | BinOp::OrOr)
    }

    /// The operator as written in source (for error messages).
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::MatMul => "*",
            BinOp::Mul => ".*",
            BinOp::MatDiv => "/",
            BinOp::Div => "./",
            BinOp::MatLeftDiv => "\\",
            BinOp::LeftDiv => ".\\",
            BinOp::MatPow => "^",
            BinOp::Pow => ".^",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::And => "&",
            BinOp::Or => "|",
            BinOp::AndAnd => "&&",
            BinOp::OrOr => "||",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnOp {
    Neg,
    Plus,
    Not,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PostOp {
    /// `'` complex-conjugate transpose
    CTranspose,
    /// `.'` plain transpose
    Transpose,
}

#[derive(Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
    /// The expression's compiled forms, made by the evaluator the first
    /// time it evaluates the node from syntax (every evaluation of an
    /// expression runs its compiled form: there is no tree walk).
    pub code: Code,
}

impl Expr {
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr {
            kind,
            span,
            code: Code::default(),
        }
    }
}

impl std::fmt::Debug for Expr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Expr")
            .field("kind", &self.kind)
            .field("span", &self.span)
            .finish()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// Real literal (`3`, `1e3`, `.5`).
    Number(f64),
    /// Imaginary literal (`2i`, `1.5j`): the value is the imaginary part.
    Imaginary(f64),
    /// String literal; `double_quoted` strings had their escapes processed.
    Str {
        text: String,
        double_quoted: bool,
    },
    /// A name: a variable, or a function called without arguments. The
    /// `VarRef` is its slot in the enclosing scope (`syntax::resolve`).
    Ident(String, VarRef),
    /// Bare `:` used as a subscript.
    Colon,
    /// `end` used inside a subscript.
    End,
    Unary(UnOp, Box<Expr>),
    Postfix(PostOp, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `start:stop` or `start:step:stop`.
    Range {
        start: Box<Expr>,
        step: Option<Box<Expr>>,
        stop: Box<Expr>,
    },
    /// `f(args)` or `a(subs)`: call or index, decided at run time.
    Call {
        target: Box<Expr>,
        args: Vec<Expr>,
    },
    /// `a.name`
    Field {
        target: Box<Expr>,
        name: String,
    },
    /// `[a b; c d]`: rows of elements.
    Matrix(Vec<Vec<Expr>>),
    /// `{a, b; c, d}`: a cell array literal (also a `case` label list).
    Cell(Vec<Vec<Expr>>),
    /// `c{subs}`: the contents of cells (a comma-separated list).
    Brace {
        target: Box<Expr>,
        args: Vec<Expr>,
    },
    /// `s.(expr)`: a field named by a char value.
    DynField {
        target: Box<Expr>,
        name: Box<Expr>,
    },
    /// `@name`: a handle resolved by name at every call.
    FuncHandle(String),
    /// `@(params) body`.
    AnonFunc(std::rc::Rc<AnonFunc>),
}

/// An anonymous function as parsed: its parameters, its body, and its text
/// as Octave prints it (`@(x) x .^ 2 + 1`), which is what a handle value
/// keeps and what is parsed again to run it.
#[derive(Clone, Debug, PartialEq)]
pub struct AnonFunc {
    pub params: Vec<String>,
    pub body: Expr,
    pub text: String,
    /// The names of the body's own scope (parameters first).
    pub scope: Scope,
}

/// One step of an assignment target: `x(i,j)`, `x{i}`, `x.f` or `x.(name)`.
#[derive(Clone, Debug, PartialEq)]
pub enum Accessor {
    Paren(Vec<Expr>),
    /// `x{i, j}`
    Brace(Vec<Expr>),
    Field(String),
    /// `x.(expr)`
    DynField(Expr),
}

/// An assignment target: a name with accessors, or `~` (discarded output).
#[derive(Clone, Debug, PartialEq)]
pub enum LValue {
    Tilde(Span),
    Var {
        name: String,
        var: VarRef,
        accessors: Vec<Accessor>,
        span: Span,
    },
}

impl LValue {
    pub fn span(&self) -> Span {
        match self {
            LValue::Tilde(s) => *s,
            LValue::Var { span, .. } => *span,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
    /// True when the statement ended in `;` (display suppressed).
    pub quiet: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    Expr(Expr),
    Assign {
        targets: Vec<LValue>,
        value: Expr,
    },
    /// Command syntax: `format long`, `clear x y`, `hold on`.
    Command {
        name: String,
        args: Vec<String>,
    },
    If {
        clauses: Vec<(Expr, Vec<Stmt>)>,
        otherwise: Option<Vec<Stmt>>,
    },
    For {
        var: LValue,
        iter: Expr,
        body: Vec<Stmt>,
    },
    While {
        cond: Expr,
        body: Vec<Stmt>,
    },
    Switch {
        subject: Expr,
        cases: Vec<(Expr, Vec<Stmt>)>,
        otherwise: Option<Vec<Stmt>>,
    },
    Try {
        body: Vec<Stmt>,
        ident: Option<String>,
        catch: Vec<Stmt>,
    },
    Break,
    Continue,
    Return,
    /// `global a b` / `persistent a b` (accepted in functions).
    Global(Vec<String>),
    Persistent(Vec<String>),
}

/// A function defined in an `.m` file.
#[derive(Clone, Debug, PartialEq)]
pub struct Function {
    pub name: String,
    pub params: Vec<String>,
    /// Output names; `varargout` allowed last.
    pub outputs: Vec<String>,
    pub body: Vec<Stmt>,
    pub span: Span,
    /// The names of the function's scope (parameters, outputs, then the rest).
    pub scope: Scope,
    /// The body's compiled form, made at the first call.
    pub code: Code,
}

/// The compiled form of a loop, a function body or a script (`eval::compile`), made
/// by the evaluator at its first run and kept with the parsed code, so a
/// function file is compiled once per version. Opaque here: a clone starts
/// empty (it is made again when needed) and equality ignores it.
#[derive(Default)]
pub struct Code(std::cell::OnceCell<std::rc::Rc<dyn std::any::Any>>);

impl Code {
    /// The compiled form, made by `make` the first time.
    pub fn get_or_make<T: 'static>(&self, make: impl FnOnce() -> T) -> Option<&T> {
        self.0
            .get_or_init(|| std::rc::Rc::new(make()))
            .downcast_ref::<T>()
    }
    /// Forget the compiled form (the code it was made from changed).
    pub fn reset(&mut self) {
        self.0 = std::cell::OnceCell::new();
    }
}

impl Clone for Code {
    fn clone(&self) -> Code {
        Code::default()
    }
}

impl PartialEq for Code {
    fn eq(&self, _: &Code) -> bool {
        true
    }
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Code")
    }
}

/// A parsed source file or command line.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Program {
    /// Script statements (empty for a pure function file).
    pub body: Vec<Stmt>,
    /// Functions: for a function file the first is the main function and the
    /// rest are subfunctions.
    pub functions: Vec<Function>,
    /// The names of the script body's scope.
    pub scope: Scope,
    /// The script body's compiled form (a script file is compiled once
    /// per version).
    pub code: Code,
}

/// A variable name's place in the scope it appears in: the scope's serial
/// number and the name's index in `Scope::names`. The interpreter maps the
/// index to a slot of the running frame once when the scope starts running,
/// so a variable access is an array index, not a name lookup. `scope` 0 means
/// unresolved (the interpreter then goes by name). An annotation, not part
/// of the syntax: two parses of one text compare equal.
#[derive(Clone, Copy, Debug, Default)]
pub struct VarRef {
    pub scope: u32,
    pub id: u32,
}

impl PartialEq for VarRef {
    fn eq(&self, _: &VarRef) -> bool {
        true
    }
}

/// The distinct names one body uses (a script or command, a function, an
/// anonymous function), each once; `serial`
/// is unique per resolved body in the process (0: not resolved).
#[derive(Clone, Debug, Default)]
pub struct Scope {
    pub serial: u32,
    pub names: std::rc::Rc<[std::rc::Rc<str>]>,
}

impl PartialEq for Scope {
    fn eq(&self, _: &Scope) -> bool {
        true
    }
}
