//! The runtime error every stage raises: MATLAB's MException in Rust form.
//!
//! Builtins, operators and the evaluator return `Result<_, Error>`; the
//! evaluator attaches where it happened (source span, function file and
//! line). Rendering to text for the user lives in `eval::diagnostic`.

use crate::syntax::Span;
use std::fmt;

/// What kind of failure this is, beyond MATLAB's identifier string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// An ordinary MATLAB error (catchable by `try`).
    Runtime,
    /// The user pressed Ctrl-C; not catchable by `try/catch`.
    Interrupted,
}

/// A MATLAB error: identifier (may be empty), message, and where it happened.
/// Boxed so `Result<Value>` stays small on the evaluator's hot path; fields
/// are reached through `Deref` (`e.message`, `e.identifier`).
#[derive(Clone, Debug, PartialEq)]
pub struct Error(Box<ErrorData>);

#[derive(Clone, Debug, PartialEq)]
pub struct ErrorData {
    pub kind: ErrorKind,
    pub identifier: String,
    pub message: String,
    /// Byte span in the source text of the statement's code, when known.
    pub span: Option<Span>,
    /// Innermost function file and 1-based line, when raised inside a function or script file.
    pub location: Option<Location>,
    /// An index error not yet told the name of the indexed variable.
    pub index: Option<IndexFault>,
}

/// The parts of an index error, kept until the evaluator names the indexed
/// variable, as Octave words it: `x(5): out of bound 3 (dimensions are
/// 1x3)`, or `index (5): ...` for a value without a name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexFault {
    /// The subscripts as Octave shows them: `5`, `_,3`, `...[x5]...0,_,_`.
    pub position: String,
    /// What is wrong with them: `out of bound 3 (dimensions are 1x3)`.
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub name: String,
    pub line: usize,
    pub column: usize,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl std::ops::Deref for Error {
    type Target = ErrorData;
    fn deref(&self) -> &ErrorData {
        &self.0
    }
}

impl std::ops::DerefMut for Error {
    fn deref_mut(&mut self) -> &mut ErrorData {
        &mut self.0
    }
}

impl Error {
    pub fn new(message: impl Into<String>) -> Error {
        Error(Box::new(ErrorData {
            kind: ErrorKind::Runtime,
            identifier: String::new(),
            message: message.into(),
            span: None,
            location: None,
            index: None,
        }))
    }
    pub fn with_id(identifier: impl Into<String>, message: impl Into<String>) -> Error {
        let mut e = Error::new(message);
        e.identifier = identifier.into();
        e
    }
    pub fn interrupted() -> Error {
        let mut e = Error::with_id("Octave:interrupted", "interrupted by Ctrl-C");
        e.kind = ErrorKind::Interrupted;
        e
    }
    pub fn is_interrupt(&self) -> bool {
        self.kind == ErrorKind::Interrupted
    }
    /// Attach a span unless one is already known (the innermost wins).
    pub fn at(mut self, span: Span) -> Error {
        if self.span.is_none() {
            self.span = Some(span);
        }
        self
    }

    // Common MATLAB errors, worded as MATLAB words them.

    /// Octave's `'name' undefined`, with the line and column of the name in
    /// its command or file when known.
    pub fn undefined(name: &str, near: Option<(usize, usize)>) -> Error {
        let message = match near {
            Some((line, column)) => {
                format!("'{name}' undefined near line {line}, column {column}")
            }
            None => format!("'{name}' undefined"),
        };
        Error::with_id("Octave:undefined-function", message)
    }
    pub fn nonconformant(op: &str, a: &crate::value::Dims, b: &crate::value::Dims) -> Error {
        Error::with_id(
            "Octave:nonconformant-args",
            format!(
                "operator {op}: nonconformant arguments (op1 is {}, op2 is {})",
                a.to_string_x(),
                b.to_string_x()
            ),
        )
    }
    /// An index error (`index (POSITION): DETAIL` until `in_variable` names it).
    pub fn index_fault(identifier: &str, position: String, detail: String) -> Error {
        let mut e = Error::with_id(identifier, format!("index ({position}): {detail}"));
        e.index = Some(IndexFault { position, detail });
        e
    }
    /// Names the indexed variable in an index error raised by indexing it
    /// (`x(5): ...`); `None` keeps the unnamed form. Either way the error is
    /// settled, so an outer index expression does not rename it.
    pub fn in_variable(mut self, name: Option<&str>) -> Error {
        if let Some(f) = self.index.take() {
            if let Some(name) = name {
                self.message = format!("{name}({}): {}", f.position, f.detail);
            }
        }
        self
    }
    pub fn wrong_type(fname: &str, what: &str) -> Error {
        Error::with_id(
            "MATLAB:invalidType",
            format!("{fname}: wrong type argument '{what}'"),
        )
    }
    pub fn nargin(fname: &str) -> Error {
        Error::with_id(
            "MATLAB:narginchk:notEnoughInputs",
            format!("Invalid call to {fname}: wrong number of input arguments."),
        )
    }
    pub fn too_many_outputs(fname: &str) -> Error {
        Error::with_id(
            "MATLAB:TooManyOutputs",
            format!("{fname}: function called with too many outputs"),
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Shorthand for `Err(Error::new(format!(...)))`.
#[macro_export]
macro_rules! bail {
    ($($arg:tt)*) => {
        return Err($crate::error::Error::new(format!($($arg)*)))
    };
}

/// Print a MATLAB warning without an identifier (see `warn_id`).
pub fn warn(message: &str) {
    warn_id("", message);
}

/// The one path every warning takes, from `warning(...)`, builtins and
/// operators alike: it becomes `lastwarn` and, unless turned off with
/// `warning('off', ID)` or `warning('off', 'all')`, is written as Octave
/// prints it (`warning: ...`) to the running interpreter's error stream
/// (which the diary copies), or to stderr when no interpreter installed
/// its `Warnings` on this thread. Warnings never go to stdout, so a
/// script's output stays comparable with Octave's.
pub fn warn_id(identifier: &str, message: &str) {
    use std::io::Write;
    let current = WARNINGS.with(|w| w.borrow().clone());
    let state = current.as_ref().and_then(|w| w.try_borrow_mut().ok());
    let Some(mut state) = state else {
        let _ = writeln!(std::io::stderr(), "warning: {message}");
        return;
    };
    // MATLAB's lastwarn holds the last warning whatever its display state.
    state.last = (message.to_string(), identifier.to_string());
    if !state.enabled(identifier) {
        return;
    }
    match state.sink.as_mut() {
        Some(sink) => {
            let _ = writeln!(sink, "warning: {message}");
            let _ = sink.flush();
        }
        None => {
            let _ = writeln!(std::io::stderr(), "warning: {message}");
        }
    }
}

/// MATLAB's warning control for one session: `warning('on'|'off', ID)`,
/// `lastwarn`, and the stream warnings are written to.
#[derive(Default)]
pub struct Warnings {
    /// Set by `warning('off', 'all')`, cleared by `warning('on', 'all')`.
    all_off: bool,
    /// States given for single identifiers since the last `all`, in order.
    ids: Vec<(String, bool)>,
    /// `lastwarn`: (message, identifier).
    pub last: (String, String),
    /// Where enabled warnings are written (stderr when `None`).
    pub sink: Option<Box<dyn std::io::Write>>,
}

impl Warnings {
    /// All warnings on, written to `sink`.
    pub fn to(sink: Box<dyn std::io::Write>) -> Warnings {
        Warnings {
            sink: Some(sink),
            ..Warnings::default()
        }
    }

    /// Whether a warning with this identifier ("" for none) is shown.
    pub fn enabled(&self, identifier: &str) -> bool {
        if !identifier.is_empty() {
            if let Some((_, on)) = self.ids.iter().find(|(id, _)| id == identifier) {
                return *on;
            }
        }
        !self.all_off
    }

    /// Turn one identifier, or `all` of them, on or off.
    pub fn set(&mut self, identifier: &str, on: bool) {
        if identifier == "all" {
            self.all_off = !on;
            self.ids.clear();
            return;
        }
        match self.ids.iter_mut().find(|(id, _)| id == identifier) {
            Some(entry) => entry.1 = on,
            None => self.ids.push((identifier.to_string(), on)),
        }
    }

    /// Whether all warnings are on by default, and the identifiers set
    /// otherwise since (for `warning` with no arguments).
    pub fn states(&self) -> (bool, Vec<(String, bool)>) {
        (!self.all_off, self.ids.clone())
    }
}

thread_local! {
    /// The warning state of the interpreter running on this thread.
    static WARNINGS: std::cell::RefCell<Option<std::rc::Rc<std::cell::RefCell<Warnings>>>> =
        const { std::cell::RefCell::new(None) };
}

/// Make `w` the warning state that `warn` and `warn_id` use on this thread
/// (each interpreter installs its own before running a command).
pub fn install_warnings(w: std::rc::Rc<std::cell::RefCell<Warnings>>) {
    WARNINGS.with(|cur| *cur.borrow_mut() = Some(w));
}

/// `crate::outln!` that never panics: a closed pipe on stdout is not a crash.
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `crate::errln!` that never panics, for notices and error reports.
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
