//! A deterministic random generator of MATLAB statements for the differential
//! test: literals of every form, operators at every precedence (emitting
//! parentheses only where the grammar needs them, so the text exercises the
//! parser's precedence rules), transposes, ranges, matrix literals with the
//! spacing rules, indexing with `end` arithmetic, masks, growth, deletion, and
//! the builtins flatlab has.
//!
//! Expressions aim at a shape (scalar, row, column, matrix) so that most
//! statements run; a few operands are drawn without regard to shape, so that
//! errors are compared too. What an expression really evaluates to does not
//! matter for the test's soundness: both interpreters run the same text.

use crate::common::rng::Rng;

// Precedence levels, lowest first (MATLAB's operator precedence).
const OROR: u8 = 1;
const ANDAND: u8 = 2;
const OR: u8 = 3;
const AND: u8 = 4;
const CMP: u8 = 5;
const RANGE: u8 = 6;
const ADD: u8 = 7;
const MUL: u8 = 8;
const UNARY: u8 = 9;
const POW: u8 = 10;
const POSTFIX: u8 = 11;
const PRIMARY: u8 = 12;

/// A generated expression: its text and the precedence of its outermost
/// operator.
#[derive(Clone, Debug)]
struct E {
    t: String,
    p: u8,
}

impl E {
    fn new(t: impl Into<String>, p: u8) -> E {
        E { t: t.into(), p }
    }
    fn prim(t: impl Into<String>) -> E {
        E::new(t, PRIMARY)
    }
    /// The text, in parentheses unless its precedence is at least `min`.
    fn at(&self, min: u8) -> String {
        if self.p >= min {
            self.t.clone()
        } else {
            format!("({})", self.t)
        }
    }
}

/// Variables every batch defines first (name, rows, columns, numeric?).
pub const SETUP: &str = "a = 3; b = [4 -1 2.5 0]; c = [1; -2; 3]; M = [1 2 3; 4 5 6]; \
S = [2 1; 1 3]; s = 'hello'; L = [true false true]; z = 2 - 3i; n = -2.5; E0 = [];";
const VARS: &[(&str, usize, usize)] = &[
    ("a", 1, 1),
    ("n", 1, 1),
    ("z", 1, 1),
    ("b", 1, 4),
    ("L", 1, 3),
    ("s", 1, 5),
    ("c", 3, 1),
    ("M", 2, 3),
    ("S", 2, 2),
    ("E0", 0, 0),
];

const INTS: &[&str] = &["0", "1", "2", "3", "4", "7", "10", "42", "100"];
/// Fractional and exponent forms, incl. `.5`, `3.`, `1e3`.
const DECIMALS: &[&str] = &[
    "0.5", "2.5", "0.25", ".5", "3.", "1e3", "1E2", "1.5e-2", "2e-1", "0.1", "0.125", "1.25",
    "0.01", "12.75",
];
/// Fractional literals that end a line.
const EOL_DECIMALS: &[&str] = &[
    "0.5", "2.5", "0.25", ".5", "1.5e-1", "0.01", "3.75", "0.125",
];
const IMAG: &[&str] = &["2i", "0.5i", "3j", "1i"];
const STRINGS: &[&str] = &[
    "'abc'", "'it''s'", "\"ab\"", "'x'", "''", "'Hello'", "\"q r\"",
];

pub struct Gen {
    pub rng: Rng,
}

impl Gen {
    fn below(&mut self, n: usize) -> usize {
        self.rng.below(n as u64) as usize
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        *self.rng.pick(xs)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.rng.chance(percent)
    }

    fn small(&mut self) -> usize {
        1 + self.below(4)
    }

    fn number(&mut self) -> E {
        let t = match self.below(10) {
            0..=4 => self.pick(INTS),
            5..=8 => self.pick(DECIMALS),
            _ => self.pick(IMAG),
        };
        E::prim(t)
    }

    /// A scalar expression.
    fn scalar(&mut self, d: u32) -> E {
        self.shaped(d, 1, 1)
    }

    /// An expression meant to be `r` x `c`.
    fn shaped(&mut self, d: u32, r: usize, c: usize) -> E {
        if d == 0 || self.chance(30) {
            return self.atom(r, c);
        }
        match self.below(12) {
            0..=4 => self.arith(d, r, c),
            5 => self.unary(d, r, c),
            6 => self.compare(d, r, c),
            7 => {
                // A transpose of the other shape.
                let e = self.shaped(d - 1, c, r);
                let op = if self.chance(80) { "'" } else { ".'" };
                E::new(format!("{}{op}", e.at(POSTFIX)), POSTFIX)
            }
            8 => self.call(d, r, c),
            9 if r == 1 && c == 1 => self.scalar_op(d),
            10 => {
                // Extra parentheses never change a value.
                let e = self.shaped(d - 1, r, c);
                E::prim(format!("({})", e.t))
            }
            _ => self.atom(r, c),
        }
    }

    fn atom(&mut self, r: usize, c: usize) -> E {
        // A named variable of that shape, when there is one.
        let vars: Vec<&str> = VARS
            .iter()
            .filter(|v| v.1 == r && v.2 == c)
            .map(|v| v.0)
            .collect();
        if !vars.is_empty() && self.chance(35) {
            return E::prim(self.pick(&vars));
        }
        if r == 1 && c == 1 {
            return match self.below(10) {
                0..=5 => self.number(),
                6 => E::prim(self.pick(&["true", "false", "pi", "Inf", "NaN", "eps"])),
                7 => self.index(1, 1),
                8 => E::prim(format!("numel({})", self.any_var())),
                // A quote after a char literal would continue it ('a''):
                // below postfix, so a transpose gets parentheses.
                _ => E::new(format!("'{}'", self.pick(&["a", "z", "Q", "0"])), POW),
            };
        }
        match self.below(9) {
            0..=2 => self.matrix(r, c),
            3 if r == 1 => self.range(c),
            3 | 4 => self.constructor(r, c),
            5 => self.index(r, c),
            6 if r == 1 && self.chance(50) => {
                E::prim(format!("linspace({}, {}, {c})", self.lit(), self.lit()))
            }
            _ => self.matrix(r, c),
        }
    }

    fn lit(&mut self) -> String {
        let e = self.number();
        if e.t.ends_with(['i', 'j']) {
            "1".to_string()
        } else {
            e.t
        }
    }

    fn any_var(&mut self) -> &'static str {
        self.pick(VARS).0
    }

    /// `[...]` literals: elements joined by spaces or commas, rows by `;`,
    /// with unary minus next to a space (`[1 -2]` is two elements, `[1 - 2]`
    /// one), transposes and strings inside.
    fn matrix(&mut self, r: usize, c: usize) -> E {
        if r == 0 || c == 0 {
            return E::new(self.pick(&["[]", "zeros(1, 0)", "zeros(0, 3)", "''"]), POW);
        }
        let comma = self.chance(40);
        let mut rows = Vec::new();
        for _ in 0..r {
            let mut elems = Vec::new();
            let mut k = 0;
            while k < c {
                // Sometimes a row vector or a transposed column as one piece.
                let take = if c - k >= 2 && self.chance(20) { 2 } else { 1 };
                let e = match (take, self.below(4)) {
                    (1, _) => self.elem(),
                    (_, 0) => {
                        let col = self.shaped(0, 2, 1);
                        format!("{}'", col.at(POSTFIX))
                    }
                    (_, 1) => self.range(2).t,
                    // Two elements: a unary sign after a space.
                    (_, 2) => format!("{} -{}", self.lit(), self.lit()),
                    _ => format!("{} +{}", self.lit(), self.lit()),
                };
                elems.push(e);
                k += take;
            }
            rows.push(elems.join(if comma { ", " } else { " " }));
        }
        E::prim(format!(
            "[{}]",
            rows.join(if self.chance(80) { "; " } else { ";" })
        ))
    }

    /// One element inside brackets: the spacing cases live here.
    fn elem(&mut self) -> String {
        match self.below(10) {
            0 => format!("-{}", self.lit()),
            // One element: a binary minus with spaces on both sides or none.
            1 => format!("{} - {}", self.lit(), self.lit()),
            2 => format!("{}-{}", self.lit(), self.lit()),
            3 => format!("{}+{}", self.lit(), self.lit()),
            4 => {
                let e = self.scalar(1);
                e.at(ADD)
            }
            5 => self
                .rng
                .pick(&["a", "n", "true", "pi", "a'", "n.'"])
                .to_string(),
            6 => format!("{}*{}", self.lit(), self.lit()),
            _ => self.lit(),
        }
    }

    /// `a:b` or `a:s:b` with `c` elements when possible, else anything,
    /// incl. negative, fractional and empty ranges.
    fn range(&mut self, c: usize) -> E {
        let t = match self.below(8) {
            0 => format!("1:{c}"),
            1 => format!("{c}:-1:1"),
            2 => format!("0:0.5:{}", (c as f64 - 1.0) / 2.0),
            3 => format!("-{}:-{}", c, 1),
            4 => {
                let s = self.pick(&["0.1", "0.25", "2", "-0.5", "-3"]);
                let a = self.lit();
                format!("{a}:{s}:{}", self.lit())
            }
            5 => format!("{}:{}", self.lit(), self.pick(&["0", "1", "-1"])),
            6 => format!("(1:{c}) + {}", self.lit()),
            _ => format!("{}:{}", self.lit(), self.lit()),
        };
        // A range binds less tightly than + and -, more than comparisons.
        E::new(t, RANGE)
    }

    fn constructor(&mut self, r: usize, c: usize) -> E {
        let t = match self.below(9) {
            0 => format!("zeros({r}, {c})"),
            1 => format!("ones({r}, {c})"),
            2 => format!("reshape(1:{}, {r}, {c})", r * c),
            3 => format!("repmat({}, {r}, {c})", self.lit()),
            4 if r == c => format!("eye({r})"),
            4 if r == c && r >= 3 => format!("magic({r})"),
            5 => format!("{}({r}, {c})", self.pick(&["true", "false"])),
            6 if r > 1 && c == 1 => format!("(1:{r})'"),
            7 if r == 1 => format!("repmat('ab', 1, {})", c.div_ceil(2)),
            _ => format!("reshape({}:{}, {r}, {c})", 0, r * c - 1),
        };
        E::prim(t)
    }

    /// An index into one of the setup variables, with `end` arithmetic,
    /// masks, colons and ranges.
    fn index(&mut self, r: usize, c: usize) -> E {
        let (v, vr, vc) = self.pick(&VARS[3..9]);
        let n = vr * vc;
        let t = if r == 1 && c == 1 {
            let k = match self.below(9) {
                0 => "end".to_string(),
                1 => format!("end-{}", self.below(n.min(3))),
                2 => format!("{}", 1 + self.below(n)),
                3 if vr > 1 && vc > 1 => format!("{}, end", 1 + self.below(vr)),
                4 => "end/2".to_string(),
                5 => "1*end".to_string(),
                6 => "numel(b)".to_string(),
                7 => self.pick(&["0", "1.5", "end+1", "-1"]).to_string(),
                _ => format!("{}", 1 + self.below(n)),
            };
            format!("{v}({k})")
        } else {
            let k = match self.below(8) {
                0 => "end:-1:1".to_string(),
                1 => "[1 end]".to_string(),
                2 => ":".to_string(),
                3 => format!("{v} > {}", self.lit()),
                4 => "2:end".to_string(),
                5 if vr > 1 => "end, :".to_string(),
                6 => format!("end-{}:end", c - 1),
                _ => format!("{}:{}", 1, c.min(n)),
            };
            format!("{v}({k})")
        };
        E::prim(t)
    }

    fn arith(&mut self, d: u32, r: usize, c: usize) -> E {
        let (op, p) = self.pick(&[
            ("+", ADD),
            ("-", ADD),
            (".*", MUL),
            ("./", MUL),
            ("*", MUL),
            (".^", POW),
            ("/", MUL),
            ("\\", MUL),
            ("^", POW),
        ]);
        let (x, y) = match op {
            // Matrix product: an inner dimension of 1..3.
            "*" => {
                let k = self.small();
                if self.chance(30) {
                    (self.scalar(d - 1), self.shaped(d - 1, r, c))
                } else {
                    (self.shaped(d - 1, r, k), self.shaped(d - 1, k, c))
                }
            }
            "/" => (self.shaped(d - 1, r, c), self.scalar(d - 1)),
            "\\" => (self.scalar(d - 1), self.shaped(d - 1, r, c)),
            "^" if r == c && r > 1 && self.chance(50) => (self.shaped(d - 1, r, c), self.scalar(0)),
            "^" if r == c && r > 1 => (self.scalar(0), self.shaped(d - 1, r, c)),
            _ => {
                let x = self.shaped(d - 1, r, c);
                let y = match self.below(10) {
                    0..=2 => self.scalar(d - 1),
                    // Implicit expansion: a row against a column.
                    3 if r > 1 && c > 1 => self.shaped(d - 1, 1, c),
                    4 if self.chance(30) => {
                        let (rr, cc) = (self.small(), self.small());
                        self.shaped(d - 1, rr, cc)
                    }
                    _ => self.shaped(d - 1, r, c),
                };
                if self.chance(50) {
                    (x, y)
                } else {
                    (y, x)
                }
            }
        };
        // `2^-1`: a power's exponent may be a bare unary minus.
        if p == POW && self.chance(20) && y.p == PRIMARY && !y.t.starts_with('-') {
            return E::new(format!("{}{op}-{}", x.at(POW), y.t), POW);
        }
        // Left-associative: the right operand binds tighter.
        E::new(format!("{} {op} {}", x.at(p), y.at(p + 1)), p).spaced(self.chance(30))
    }

    fn unary(&mut self, d: u32, r: usize, c: usize) -> E {
        let e = self.shaped(d - 1, r, c);
        let op = self.pick(&["-", "-", "+", "~"]);
        // `--x` is a decrement in Octave: parenthesize a signed operand.
        let inner = if e.t.starts_with(['-', '+']) {
            format!("({})", e.t)
        } else {
            e.at(UNARY)
        };
        E::new(format!("{op}{inner}"), UNARY)
    }

    fn compare(&mut self, d: u32, r: usize, c: usize) -> E {
        let (op, p) = self.pick(&[
            ("==", CMP),
            ("~=", CMP),
            ("<", CMP),
            ("<=", CMP),
            (">", CMP),
            (">=", CMP),
            ("&", AND),
            ("|", OR),
        ]);
        let x = self.shaped(d - 1, r, c);
        let y = if self.chance(50) {
            self.scalar(d - 1)
        } else {
            self.shaped(d - 1, r, c)
        };
        E::new(format!("{} {op} {}", x.at(p), y.at(p + 1)), p)
    }

    /// Scalar-only operators: `&&`, `||`, and a range's length.
    fn scalar_op(&mut self, d: u32) -> E {
        let x = self.scalar(d - 1);
        let y = self.scalar(d - 1);
        match self.below(3) {
            0 => E::new(format!("{} && {}", x.at(ANDAND), y.at(ANDAND + 1)), ANDAND),
            1 => E::new(format!("{} || {}", x.at(OROR), y.at(OROR + 1)), OROR),
            _ => E::prim(format!("numel({}:{})", x.at(ADD), y.at(ADD))),
        }
    }

    /// A builtin call returning an `r` x `c` result (mostly).
    fn call(&mut self, d: u32, r: usize, c: usize) -> E {
        let d1 = d - 1;
        let k = self.small();
        let t = if r == 1 && c == 1 {
            let v = self.shaped(d1, 1, k + 1).t;
            match self.below(16) {
                0 => format!("sum({v})"),
                1 => format!("prod({v})"),
                2 => format!("max({v})"),
                3 => format!("min({v})"),
                4 => format!("numel({v})"),
                5 => format!("any({v})"),
                6 => format!("all({v})"),
                7 => format!("mean({v})"),
                8 => format!("length({v})"),
                9 => format!("isempty({v})"),
                10 => format!(
                    "{}({})",
                    self.pick(&[
                        "abs", "round", "floor", "ceil", "fix", "sign", "sqrt", "exp", "log"
                    ]),
                    self.scalar(d1).t
                ),
                11 => format!(
                    "{}({}, {})",
                    self.rng
                        .pick(&["mod", "rem", "max", "min", "atan2", "hypot"]),
                    self.scalar(d1).t,
                    self.scalar(d1).t
                ),
                12 => format!("size({}, {})", self.any_var(), 1 + self.below(3)),
                13 => format!("norm({v})"),
                14 => format!("median({v})"),
                _ => format!("nnz({v})"),
            }
        } else if r == 1 {
            let v = self.shaped(d1, 1, c).t;
            match self.below(18) {
                0 => format!("cumsum({v})"),
                1 => format!("cumprod({v})"),
                2 => format!("sort({v})"),
                3 => format!("sort({v}, 'descend')"),
                4 => format!("fliplr({v})"),
                5 => format!(
                    "{}({v})",
                    self.rng
                        .pick(&["abs", "round", "floor", "ceil", "fix", "sign"])
                ),
                6 => format!("{}({v}, {})", self.pick(&["mod", "rem"]), self.scalar(d1).t),
                7 => format!("{}({v}, {})", self.pick(&["max", "min"]), self.scalar(d1).t),
                8 => format!("sum({}, 1)", self.shaped(d1, k, c).t),
                9 => format!("max({}, [], 1)", self.shaped(d1, k, c).t),
                10 => format!("find({v})"),
                11 => format!("size({})", self.any_var()),
                12 => format!("upper({})", self.pick(&["s", "'MiXed'", "'abc'"])),
                13 => format!(
                    "num2str({})",
                    self.rng
                        .pick(&["42", "3.5", "-7", "pi", "1e6", "[1 2 3]", "true"])
                ),
                14 => format!(
                    "strcat({}, {})",
                    self.pick(&["s", "'ab '", "'x'"]),
                    self.pick(&["'cd'", "' e'", "s"])
                ),
                15 => format!("double({})", self.pick(&["s", "'AZ'", "'a b'"])),
                16 => format!(
                    "{}({v})",
                    self.rng
                        .pick(&["isnan", "isinf", "logical", "double", "unique"])
                ),
                _ => format!("any({}, 1)", self.shaped(d1, k, c).t),
            }
        } else if c == 1 {
            let v = self.shaped(d1, r, 1).t;
            match self.below(6) {
                0 => format!("cumsum({v})"),
                1 => format!("flipud({v})"),
                2 => format!("sum({}, 2)", self.shaped(d1, r, k).t),
                3 => format!("sort({v})"),
                4 => format!("{v}(:)"),
                _ => format!("min({}, [], 2)", self.shaped(d1, r, k).t),
            }
        } else {
            match self.below(7) {
                0 => format!("reshape({}, {r}, {c})", self.shaped(d1, 1, r * c).t),
                1 => format!("repmat({}, {r}, 1)", self.shaped(d1, 1, c).t),
                2 => format!("abs({})", self.shaped(d1, r, c).t),
                3 => format!(
                    "{}({})",
                    self.rng
                        .pick(&["cumsum", "sort", "flipud", "fliplr", "round"]),
                    self.shaped(d1, r, c).t
                ),
                4 => format!(
                    "{}({}, {})",
                    self.pick(&["mod", "rem", "max", "min"]),
                    self.shaped(d1, r, c).t,
                    self.scalar(d1).t
                ),
                5 => format!("{}({r}, {c})", self.pick(&["zeros", "ones", "true"])),
                _ => format!("diag({})", self.shaped(d1, 1, r).t),
            }
        };
        E::prim(t)
    }

    fn shape(&mut self) -> (usize, usize) {
        match self.below(10) {
            0..=3 => (1, 1),
            4..=6 => (1, 2 + self.below(4)),
            7 => (2 + self.below(2), 1),
            _ => (2 + self.below(2), 2 + self.below(2)),
        }
    }

    pub fn expr(&mut self) -> String {
        let (r, c) = self.shape();
        let d = 1 + self.below(3) as u32;
        self.shaped(d, r, c).t
    }

    /// One test item: statements that leave the result in `rK` (and maybe
    /// `qK`), or fail. `Item::eol` is true when the statement must end its
    /// line with no `;` (its last token a fractional literal).
    pub fn item(&mut self, k: usize) -> Item {
        let r = format!("r{k}");
        let body = match self.below(100) {
            0..=44 => format!("{r} = {};", self.expr()),
            45..=47 => {
                let lit = self.pick(EOL_DECIMALS);
                let e = self.scalar(1);
                let op = self.pick(&["+", "-", "*", "/"]);
                return Item {
                    body: format!("{r} = {} {op} {lit}", e.at(MUL + 1)),
                    eol: true,
                    bare: false,
                };
            }
            48..=51 => return self.bare(k),
            52..=59 => {
                let x = self.var_value();
                let (idx, val) = self.assignment();
                format!("x = {x}; x({idx}) = {val}; {r} = x;")
            }
            60..=67 => {
                let x = self.var_value();
                let val = self
                    .rng
                    .pick(&["5", "-1", "0.5", "[7 8]", "true", "'q'", "[]"]);
                let idx = self.pick(&[
                    "end+1", "end+2", "end+1, :", ":, end+1", "7", "3, 4", "2, :", ":, 5",
                    "1, end+1",
                ]);
                format!("x = {x}; x({idx}) = {val}; {r} = x;")
            }
            68..=75 => {
                let x = self.var_value();
                let idx = self.pick(&[
                    "1",
                    "end",
                    "[1 end]",
                    ":, 2",
                    "2, :",
                    "end, :",
                    "x > 2",
                    "logical([1 0 1])",
                    ":",
                    "[]",
                    "2:end",
                    "end:-1:2",
                ]);
                format!("x = {x}; x({idx}) = []; {r} = x;")
            }
            76..=81 => {
                let x = self.var_value();
                let lit = self.lit();
                let val = self.pick(&["0", "-1", "NaN", "true", "x(1)"]);
                let cmp = self.pick(&[">", "<", "==", "~="]);
                format!("x = {x}; x(x {cmp} {lit}) = {val}; {r} = x;")
            }
            82..=89 => {
                let q = format!("q{k}");
                let len = 2 + self.below(4);
                let v = self.shaped(1, 1, len).t;
                let f = self
                    .rng
                    .pick(&["max", "min", "sort", "find", "size", "unique", "cumsum"]);
                format!("[{r}, {q}] = {f}({v});")
            }
            90..=94 => {
                let x = self.var_value();
                let idx = self.pick(&[
                    "end",
                    "end-1",
                    "(end)",
                    "1+(end)",
                    "min(end, 3)",
                    "abs(end)",
                    "round(end/2)",
                    "end:-1:1",
                    "[end 1]",
                    "end, 1",
                    "1, end",
                ]);
                // Parenthesized `end` is checked through `eval`, where a parse
                // error is an error of this item only.
                if idx.contains("(end") {
                    format!("x = {x}; {r} = eval('x({idx})');")
                } else {
                    format!("x = {x}; {r} = x({idx});")
                }
            }
            95..=97 => format!("{r} = {};", self.text()),
            _ => {
                let e = self.expr();
                format!("{r} = {};", E::new(e, OROR).at(PRIMARY))
            }
        };
        Item {
            body,
            eol: false,
            bare: false,
        }
    }

    /// A statement that cannot fail, ending its line (and command) with a
    /// fractional literal, run outside `try`: where issue 10's first fault
    /// stored `y = 2.5` as 2.
    pub fn bare(&mut self, k: usize) -> Item {
        let lit = self.pick(EOL_DECIMALS);
        let body = if self.chance(20) {
            format!("r{k} = {lit}")
        } else {
            let x = self
                .rng
                .pick(&["a", "n", "b(2)", "c(end)", "2", "-1", "pi", "1e3", "0.5"]);
            let op = self.pick(&["+", "-", "*", "/", ".*", "./", "^"]);
            format!("r{k} = {x} {op} {lit}")
        };
        Item {
            body,
            eol: true,
            bare: true,
        }
    }

    /// Text: char literals ('' and ""), concatenation, comparison, and the
    /// string builtins.
    fn text(&mut self) -> String {
        let a = self.pick(STRINGS);
        let b = self.pick(STRINGS);
        match self.below(12) {
            0 => format!("[{a} {b}]"),
            1 => format!("[{a}; {b}]"),
            2 => format!("[{a} {}]", self.pick(&["66", "32", "0.5", "true"])),
            3 => format!("{a} == {}", self.pick(&["'a'", "'b'", "b"])),
            4 => format!(
                "{}({a})",
                self.rng
                    .pick(&["upper", "lower", "fliplr", "double", "strtrim", "isempty"])
            ),
            5 => format!("({a})'"),
            6 => format!("[s, ' ', {a}]"),
            7 => format!("strrep(s, 'l', {a})"),
            8 => format!("num2str({})", self.lit()),
            9 => format!("sprintf('%g|%s', {}, {a})", self.lit()),
            10 => format!("{a} + {}", self.lit()),
            _ => format!("strcat({a}, {b})"),
        }
    }

    /// A value for the temporary `x`: a variable, literal or expression.
    fn var_value(&mut self) -> String {
        match self.below(8) {
            0 => self
                .rng
                .pick(&["b", "c", "M", "s", "L", "S", "a", "E0"])
                .to_string(),
            1 => self
                .rng
                .pick(&[
                    "true(1, 3)",
                    "zeros(1, 0)",
                    "zeros(0, 3)",
                    "7",
                    "'ab'",
                    "1:5",
                    "[]",
                ])
                .to_string(),
            _ => {
                let (r, c) = self.shape();
                self.shaped(1, r, c).t
            }
        }
    }

    fn assignment(&mut self) -> (String, String) {
        let idx = self.pick(&[
            "1",
            "2",
            "end",
            "end-1",
            ":",
            "1, 2",
            "2, 1",
            "[1 2]",
            "end, end",
            ":, 1",
            "1, :",
            "logical([1 0])",
        ]);
        let val = self.pick(&[
            "5", "0", "-2.5", "66.5", "true", "'z'", "[1 2]", "NaN", "1i", "[]",
        ]);
        (idx.to_string(), val.to_string())
    }
}

impl E {
    /// Optionally drop the spaces around a binary operator (`a+b`).
    fn spaced(mut self, tight: bool) -> E {
        if tight {
            for op in [
                " + ", " - ", " .* ", " ./ ", " * ", " .^ ", " / ", " \\ ", " ^ ",
            ] {
                if let Some(i) = self.t.find(op) {
                    // Only the outermost operator, and not after `e`/`E`
                    // (`1e - 3` would become an exponent).
                    let before = &self.t[..i];
                    let after = &self.t[i + op.len()..];
                    // `a++b` and `a--b` are Octave's increment operators.
                    if !before.ends_with(['e', 'E']) && !after.starts_with(['+', '-']) {
                        let tight_op = op.trim();
                        self.t = format!("{before}{tight_op}{after}");
                    }
                    break;
                }
            }
        }
        self
    }
}

/// One generated test item: its statements; whether they end their line
/// with no `;`; whether they run outside `try` (they cannot fail).
pub struct Item {
    pub body: String,
    pub eol: bool,
    pub bare: bool,
}

/// The batch: setup, then every item in `try ... catch, eK = 1; end`, several
/// to a line (an item that must end its line gets lines of its own, and one
/// that cannot fail a line without `try`; the last item is such a line, so
/// the text ends with a fractional literal). Returns
/// the complete commands (a line, or a multi-line `try` block) in order, and
/// each item's statements. The same text goes through every door and to Octave.
pub fn batch(seed: u64, items: usize) -> (Vec<String>, Vec<String>) {
    let mut g = Gen { rng: Rng(seed) };
    let mut units = vec![SETUP.to_string()];
    let mut bodies = Vec::with_capacity(items);
    let mut line = Vec::new();
    for k in 1..=items {
        // The last item ends the text: a literal at the very end of input.
        let it = if k == items { g.bare(k) } else { g.item(k) };
        if it.eol {
            if !line.is_empty() {
                units.push(line.join(", "));
                line.clear();
            }
            if it.bare {
                units.push(it.body.clone());
            } else {
                units.push(format!("try\n{}\ncatch\ne{k} = 1;\nend", it.body));
            }
        } else {
            line.push(format!("try, {} catch, e{k} = 1; end", it.body));
            if line.len() == 8 {
                units.push(line.join(", "));
                line.clear();
            }
        }
        bodies.push(it.body);
    }
    if !line.is_empty() {
        units.push(line.join(", "));
    }
    (units, bodies)
}
