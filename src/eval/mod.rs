//! The interpreter: walks syntax trees over flat values.
//!
//! `Interp` owns the base workspace (name -> value), the call stack of
//! function frames, session state (display format, random generator) and the
//! output writers. It knows nothing about the store: `run_command` reports
//! which base-workspace names a command changed, cleared and read, and the
//! shell commits those. Functions are looked up by name at every call
//! (`functions`), so the workspace never holds code.
//!
//! Submodules: `exec` (statements), `expr` (expressions and calls), `index`
//! (subscripts), `partial` (indexing stored arrays without reading them
//! whole), `functions` (.m files), `special` (the builtins that need
//! the interpreter: their entries of the builtin table), `diagnostic` (error text), `effects` (file effects,
//! `delete`, `diary`), `sysfiles` (`system`, `mkdir`, `rmdir`).

mod assign;
mod compile;
mod cslist;
pub mod diagnostic;
pub mod effects;
mod exec;
mod expr;
mod fast;
mod figures;
pub mod functions;
mod fuse;
mod handles;
mod helpcmd;
pub mod index;
mod loops;
mod partial;
mod scalar;
mod slots;
mod special;
mod stack;
mod sysfiles;
mod text;
mod vars;

pub use special::TABLE as INTERP_BUILTINS;
pub use stack::run_with_stack;
#[cfg(test)]
pub(crate) mod test_util;

use crate::builtins::State;
use crate::error::{Error, Result, Warnings};
use crate::syntax::{self, ParseError};
use crate::value::{Struct, Value};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A source text that spans point into: a command line, a script or a function file.
#[derive(Debug)]
pub struct Source {
    pub path: Option<PathBuf>,
    pub text: String,
}

/// One activation: the base workspace or a function call.
struct Frame {
    vars: slots::Vars,
    /// Names declared `global` or `persistent` here: their values live in
    /// `Interp::globals` or `Interp::persistents`, not in `vars`.
    links: rustc_hash::FxHashMap<String, Link>,
    /// Function name (None for the base workspace).
    fname: Option<Rc<str>>,
    /// The file unit whose subfunctions are visible here.
    unit: Option<Rc<functions::Unit>>,
    /// Source that statement spans currently refer to.
    source: Rc<Source>,
    nargin: usize,
    nargout: usize,
    /// The serial of the resolved body running in this frame
    /// (`syntax::ast::Scope`), whose name indices `map` turns into slots.
    scope: u32,
    /// Slot of each name of that body; `None` when the indices are the
    /// slots (a function's own frame).
    map: Option<Vec<u32>>,
}

impl Frame {
    fn base() -> Frame {
        Frame {
            vars: slots::Vars::default(),
            scope: 0,
            map: None,
            links: Default::default(),
            fname: None,
            unit: None,
            source: Rc::new(Source {
                path: None,
                text: String::new(),
            }),
            nargin: 0,
            nargout: 0,
        }
    }
}

impl Frame {
    /// A new frame for a function body: its scope's indices are its slots.
    fn for_scope(
        scope: &syntax::ast::Scope,
        fname: Rc<str>,
        unit: Option<Rc<functions::Unit>>,
        source: Rc<Source>,
        (nargin, nargout): (usize, usize),
        pool: &mut slots::Pool,
    ) -> Frame {
        Frame {
            vars: slots::Vars::for_scope_in(scope, pool),
            links: Default::default(),
            fname: Some(fname),
            unit,
            source,
            nargin,
            nargout,
            scope: scope.serial,
            map: None,
        }
    }

    /// Make a finished call's frame ready to be kept for the next call of
    /// the same function: values dropped, declarations and mapping gone.
    fn vacate(&mut self) {
        self.vars.vacate();
        if !self.links.is_empty() {
            self.links.clear();
        }
        self.map = None;
    }

    /// Declare `name` global or persistent here.
    fn link(&mut self, name: &str, l: Link) {
        self.vars.flag_name(name, slots::LINKED, true);
        self.links.insert(name.to_string(), l);
    }

    /// Undo a `global`/`persistent` declaration here.
    fn unlink(&mut self, name: &str) -> Option<Link> {
        let r = self.links.remove(name);
        if let (Some(_), Some(k)) = (&r, self.vars.find(name)) {
            self.vars.clear_flag(k, slots::LINKED);
        }
        r
    }

    /// Start running a resolved body in this frame: its names are mapped
    /// to slots once. Returns what to give `leave_scope` afterwards.
    fn enter_scope(&mut self, scope: &syntax::ast::Scope) -> (u32, Option<Vec<u32>>) {
        let map = (scope.serial != 0).then(|| self.vars.map_scope(scope));
        let old_map = std::mem::replace(&mut self.map, map);
        let old = std::mem::replace(&mut self.scope, scope.serial);
        (old, old_map)
    }

    fn leave_scope(&mut self, saved: (u32, Option<Vec<u32>>)) {
        self.scope = saved.0;
        self.map = saved.1;
    }
}

/// Where a declared name's value lives.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Link {
    /// `global NAME`: in `Interp::globals`, shared by every frame that
    /// declares it, and stored with the workspace under `global_key(NAME)`.
    Global,
    /// `persistent NAME`: with the function (`Interp::persistents`), for
    /// the session only.
    Persistent(FuncKey),
}

/// A function whose persistent variables are kept: the parsed file it
/// came from (`functions::Unit::id`, new whenever the file is re-read, so
/// an edited file starts with fresh persistent variables, as in MATLAB)
/// and its name within that file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct FuncKey {
    unit: u64,
    name: String,
}

/// Store names of global variables: `global g` is saved as "global:g" (not
/// a MATLAB name, so it never collides with a base variable), which keeps
/// commits, `undo`, history reads/writes and `provenance` working on
/// globals as on any variable.
const GLOBAL_PREFIX: &str = "global:";
/// Store names that mark a global as declared in the base workspace
/// ("global-in-base:g", holding `[]`), so `who` after a restart shows it
/// as before. They appear in commits and undo, not in history records.
const LINK_PREFIX: &str = "global-in-base:";

/// The store name of global variable `name`.
pub fn global_key(name: &str) -> String {
    format!("{GLOBAL_PREFIX}{name}")
}

fn link_key(name: &str) -> String {
    format!("{LINK_PREFIX}{name}")
}

/// Whether a store name is a bookkeeping marker rather than a variable
/// (not worth naming to the user, e.g. in what `undo` restored).
pub fn is_marker(key: &str) -> bool {
    key.starts_with(LINK_PREFIX)
}

/// A writer shared by the interpreter and the warning path
/// (`crate::error::warn_id`), so every warning goes through the same
/// stream as the interpreter's own (and into the diary).
#[derive(Clone)]
struct SharedWriter(Rc<RefCell<Box<dyn Write>>>);

impl SharedWriter {
    fn new(inner: Box<dyn Write>) -> SharedWriter {
        SharedWriter(Rc::new(RefCell::new(inner)))
    }
}

impl Write for SharedWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.0.try_borrow_mut() {
            Ok(mut w) => w.write(buf),
            // Only reachable if a write re-entered itself: never lose the text.
            Err(_) => std::io::stderr().write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self.0.try_borrow_mut() {
            Ok(mut w) => w.flush(),
            Err(_) => Ok(()),
        }
    }
}

/// Control flow out of a statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flow {
    Normal,
    Break,
    Continue,
    Return,
}

/// What one top-level command did to the base workspace.
#[derive(Debug, Default, Clone)]
pub struct Outcome {
    /// Names assigned and not yet saved by a checkpoint (their current
    /// values are in the workspace).
    pub changed: BTreeSet<String>,
    /// Names removed by `clear` (and not reassigned afterwards), not yet saved.
    pub cleared: BTreeSet<String>,
    /// Every name the command assigned or cleared (for its history record),
    /// including those already saved by checkpoints.
    pub writes: BTreeSet<String>,
    /// For names in `changed` that were only element-edited since they were
    /// last saved (same class and size): the element ranges that may differ
    /// from the saved version. A changed name without an entry changed whole.
    pub dirty: HashMap<String, Vec<std::ops::Range<usize>>>,
    /// Names read.
    pub reads: BTreeSet<String>,
    /// The uncaught error, if the command failed.
    pub error: Option<Error>,
    /// A parse error (nothing ran).
    pub parse_error: Option<ParseError>,
    /// `exit`/`quit` was called with this status.
    pub exit: Option<i32>,
    /// Files read, written or deleted, directory changes (absolute paths,
    /// in order, duplicates collapsed), including those of functions and
    /// scripts the command called.
    pub files: Vec<crate::history::FileEffect>,
}

impl Outcome {
    pub fn failed(&self) -> bool {
        self.error.is_some() || self.parse_error.is_some()
    }
}

/// Default nesting limit of user function and script calls (Octave's
/// `max_recursion_depth`; the `max_recursion_depth` function changes it).
const MAX_RECURSION_DEPTH: usize = 256;
/// Nesting limit of `eval` (Octave's `max_stack_depth`).
const MAX_EVAL_DEPTH: usize = 1024;

/// The workspace store as the interpreter sees it (the shell implements it):
/// lazy reads of resumed variables, checkpoints of long-running commands,
/// and what `whos` and `workspace` report about storage.
pub trait Backing {
    /// Read one stored variable (first use after a lazy resume).
    fn load(&mut self, name: &str) -> std::result::Result<Option<Value>, String>;
    /// Durably save a running command's changes so far; `dirty` holds the
    /// element ranges of variables that were only element-edited.
    fn checkpoint(
        &mut self,
        changed: &[(&str, &Value)],
        cleared: &[&str],
        dirty: &HashMap<String, Vec<std::ops::Range<usize>>>,
    ) -> std::result::Result<(), String>;
    /// Bytes each stored variable takes in the store (for `whos`).
    fn disk_sizes(&self) -> HashMap<String, u64>;
    /// Path, size, chunks, generation and last commit, for `workspace`.
    fn describe(&self) -> String;
    /// The lines `history ARGS` prints, or an error message.
    fn history(&self, args: &[String]) -> std::result::Result<String, String>;
    /// For each stored variable, the number of the command that last wrote
    /// it (for `whos`).
    fn writers(&self) -> HashMap<String, u64>;
    /// Elements `range` (0-based, column-major) of a stored plain array not
    /// read yet, as a column of its class, reading only what holds them
    /// (`partial`); `Ok(None)`: not possible, read it whole with `load`.
    fn read_elements(
        &mut self,
        _name: &str,
        _range: std::ops::Range<usize>,
    ) -> std::result::Result<Option<Value>, String> {
        Ok(None)
    }
    /// Sets the elements at `positions` of a stored plain array not read
    /// yet to the real scalar `value` of its class, without reading it;
    /// written at the next commit or checkpoint, seen by `load` and
    /// `read_elements` before. `Ok(false)`: not possible, nothing changed.
    fn patch_elements(
        &mut self,
        _name: &str,
        _positions: &[usize],
        _value: &Value,
    ) -> std::result::Result<bool, String> {
        Ok(false)
    }
}

/// What is known of a stored variable before its data is read.
#[derive(Clone, Debug, PartialEq)]
pub struct LazyVar {
    pub class: String,
    pub dims: crate::value::Dims,
    pub complex: bool,
    /// Bytes of element data in memory once loaded.
    pub bytes: u64,
}

/// Periodic checkpoints of long-running commands.
struct Checkpoints {
    every: Duration,
    last: Instant,
    warned: bool,
    /// Set by a timer thread every `every`, so a statement boundary checks
    /// a flag, not the clock (`None` for a zero interval: always due).
    tick: Option<Arc<AtomicBool>>,
}

impl Checkpoints {
    fn new(every: Duration) -> Checkpoints {
        let tick = (!every.is_zero()).then(|| {
            let flag = Arc::new(AtomicBool::new(false));
            let weak = Arc::downgrade(&flag);
            // The timer ends with the interpreter (its flag dropped); if no
            // thread can be made, every boundary reads the clock instead.
            let started = std::thread::Builder::new()
                .name("checkpoint-timer".into())
                .spawn(move || {
                    keep_ctrl_c_off_this_thread();
                    loop {
                        std::thread::sleep(every);
                        match weak.upgrade() {
                            Some(f) => {
                                f.store(true, Ordering::Relaxed);
                                call_attention();
                            }
                            None => return,
                        }
                    }
                });
            (started.is_ok()).then_some(flag)
        });
        Checkpoints {
            every,
            last: Instant::now(),
            warned: false,
            tick: tick.flatten(),
        }
    }

    /// Whether a checkpoint is due (the clock is read only once the timer
    /// says one may be).
    #[inline]
    fn due(&self) -> bool {
        if checkpoint_asked() {
            return true;
        }
        if let Some(t) = &self.tick {
            if !t.load(Ordering::Relaxed) {
                return false;
            }
        }
        self.last.elapsed() >= self.every
    }

    /// A checkpoint was made or the count starts afresh.
    fn restart(&mut self) {
        self.last = Instant::now();
        if let Some(t) = &self.tick {
            t.store(false, Ordering::Relaxed);
        }
    }
}

pub struct Interp {
    /// The call stack, the base workspace first (boxed: a call moves a
    /// pointer, not the frame).
    #[allow(clippy::vec_box)]
    frames: Vec<Box<Frame>>,
    /// Frames of finished user-function calls, emptied, reused whole by
    /// the next call of the same function (`functions::run_user`).
    #[allow(clippy::vec_box)]
    spare_frames: Vec<Box<Frame>>,
    pub state: State,
    out: Box<dyn Write>,
    err: SharedWriter,
    /// `warning on/off` states and `lastwarn`, installed for this thread
    /// while the interpreter runs (see `crate::error::warn_id`).
    warnings: Rc<RefCell<Warnings>>,
    /// Global variables by name (loaded; stored ones not read yet are in
    /// `lazy` under `global_key`).
    globals: HashMap<String, Value>,
    /// Persistent variables of each function, for this session.
    persistents: HashMap<FuncKey, HashMap<String, Value>>,
    /// The value committed under a `LINK_PREFIX` name.
    link_marker: Value,
    /// Nested user function and script calls now running, and the limit.
    depth: usize,
    max_depth: usize,
    /// Nested `eval` calls now running.
    eval_depth: usize,
    funcs: functions::Functions,
    /// Anonymous functions parsed this session, by text.
    anon: handles::AnonCache,
    /// Stands in for `state` while a builtin that calls back holds it.
    spare_state: Option<State>,
    /// Slot vectors of finished calls, reused by the next (`slots::Pool`).
    vars_pool: slots::Pool,
    /// Argument vectors of finished user-function calls, for the next
    /// calls (`functions::arg_vec`).
    arg_pool: Vec<Vec<crate::value::Value>>,
    /// The registers of inlined scalar function bodies (`scalar::Body`),
    /// and where the running one's start.
    sregs: Vec<Option<crate::ops::Scalar>>,
    sbase: usize,
    /// The caller's variables passed to the array parameters of inlined
    /// bodies (`scalar::Body`), and where the running one's start.
    arefs: Vec<crate::syntax::ast::VarRef>,
    abase: usize,
    /// The registers of the running register loops (`loops`), and where
    /// the innermost one's start.
    lregs: Vec<loops::Reg>,
    lbase: usize,
    /// The running register loop's statements so far, by its register
    /// form and by the general form.
    lruns: (u64, u64),
    /// Stack of (dims, position, count) for `end` inside subscripts.
    end_ctx: Vec<(crate::value::Dims, usize, usize)>,
    /// Text a compiled append writes before it lands in its variable,
    /// kept between appends (see `text`).
    text_buf: Vec<u16>,
    /// A base variable and an element range its recorded edits already
    /// cover (`note_edit`), so an element write in a loop needs no lookup
    /// in the record; forgotten whenever the record of edits changes
    /// otherwise.
    edit_memo: Option<(String, std::ops::Range<usize>)>,
    /// Set by the Ctrl-C handler; checked between statements and loop iterations.
    interrupt: Arc<AtomicBool>,
    track: Outcome,
    checkpoints: Option<Checkpoints>,
    /// Every statement's end looks at the checkpoint clock: there is no
    /// timer to call for attention (a zero interval, or no thread for one).
    always_attend: bool,
    /// Variables known from the store but not read yet, by store name:
    /// base-workspace variables and globals (`global_key`).
    lazy: HashMap<String, LazyVar>,
    /// The stored form of the session's figures (`figure:N`,
    /// `figure:current`), kept in step with `state.graphics` (see
    /// `figures.rs`).
    figure_values: HashMap<String, Value>,
    /// Figures changed since they were last encoded into `figure_values`.
    figures_stale: std::collections::BTreeSet<u32>,
    backing: Option<Box<dyn Backing>>,
    exit: Option<i32>,
    last_error: Option<Error>,
    /// `diary`: where `out` and `err` are also copied while it is on.
    diary: effects::Diary,
    /// The variable named as the argument of the `display(NAME)` call being
    /// made: Octave shows it as `NAME = ...`, any other argument as `disp`.
    display_arg: Option<String>,
}

impl Interp {
    /// An interpreter writing displayed output to `out` and warnings to `err`.
    pub fn new(out: Box<dyn Write>, err: Box<dyn Write>) -> Interp {
        let diary = effects::Diary::default();
        let err = SharedWriter::new(Box::new(effects::Tee {
            inner: err,
            diary: diary.sink.clone(),
        }));
        let warnings = Rc::new(RefCell::new(Warnings::to(Box::new(err.clone()))));
        crate::error::install_warnings(warnings.clone());
        Interp {
            frames: vec![Box::new(Frame::base())],
            spare_frames: Vec::new(),
            state: State::default(),
            out: Box::new(effects::Tee {
                inner: out,
                diary: diary.sink.clone(),
            }),
            err,
            warnings,
            globals: HashMap::new(),
            persistents: HashMap::new(),
            link_marker: Value::empty(),
            depth: 0,
            max_depth: MAX_RECURSION_DEPTH,
            eval_depth: 0,
            funcs: functions::Functions::default(),
            anon: handles::AnonCache::default(),
            spare_state: None,
            vars_pool: Default::default(),
            arg_pool: Vec::new(),
            sregs: Vec::new(),
            sbase: 0,
            arefs: Vec::new(),
            abase: 0,
            lregs: Vec::new(),
            lbase: 0,
            lruns: (0, 0),
            end_ctx: Vec::new(),
            text_buf: Vec::new(),
            edit_memo: None,
            interrupt: Arc::new(AtomicBool::new(false)),
            track: Outcome::default(),
            checkpoints: None,
            always_attend: false,
            lazy: HashMap::new(),
            figure_values: HashMap::new(),
            figures_stale: Default::default(),
            backing: None,
            exit: None,
            last_error: None,
            diary,
            display_arg: None,
        }
    }

    /// Called after every statement: checkpoint when due (the check is
    /// inlined; the checkpoint is not).
    #[inline]
    fn maybe_checkpoint(&mut self) {
        let due = match &self.checkpoints {
            Some(c) => c.due(),
            None => false,
        };
        if due {
            self.checkpoint_now();
        }
    }

    #[inline(never)]
    fn checkpoint_now(&mut self) {
        let Some(mut cp) = self.checkpoints.take() else {
            return;
        };
        cp.restart();
        if !self.track.changed.is_empty() || !self.track.cleared.is_empty() {
            self.sync_figures();
            // Out while the values it saves are borrowed from the workspace.
            let mut backing = self.backing.take();
            let changed: Vec<(&str, &Value)> = self
                .track
                .changed
                .iter()
                .filter_map(|n| self.stored_value(n).map(|v| (n.as_str(), v)))
                .collect();
            let cleared: Vec<&str> = self.track.cleared.iter().map(|s| s.as_str()).collect();
            let saved = match backing.as_mut() {
                Some(b) => b.checkpoint(&changed, &cleared, &self.track.dirty),
                None => Ok(()),
            };
            drop(changed);
            drop(cleared);
            self.backing = backing;
            match saved {
                Ok(()) => {
                    self.track.changed.clear();
                    self.track.cleared.clear();
                    self.track.dirty.clear();
                    self.reset_slot_flags(slots::CHANGED);
                }
                Err(msg) => {
                    if !cp.warned {
                        let _ =
                            writeln!(self.err, "warning: checkpoint not saved: {msg}; will retry");
                        cp.warned = true;
                    }
                }
            }
        } else {
            // Nothing of this command to save: output held for the earlier
            // commands' commits shows after them (pipe mode).
            crate::shell::release_output();
        }
        self.checkpoints = Some(cp);
    }

    fn start_command(&mut self) {
        self.funcs.new_command();
        self.purge_persistents();
        crate::error::install_warnings(self.warnings.clone());
        self.depth = 0;
        self.eval_depth = 0;
        self.track = Outcome::default();
        self.reset_slot_flags(slots::READ | slots::CHANGED);
        if let Some(c) = &mut self.checkpoints {
            c.restart();
            c.warned = false;
        }
    }

    /// What the command did so far; the record starts afresh.
    fn take_track(&mut self) -> Outcome {
        self.reset_slot_flags(slots::READ | slots::CHANGED);
        std::mem::take(&mut self.track)
    }

    /// Forget a Ctrl-C that arrived while no command was running (at the prompt).
    pub fn clear_interrupt(&self) {
        self.interrupt.store(false, Ordering::SeqCst);
    }

    /// The flag a signal handler sets to interrupt the running command.
    pub fn interrupt_flag(&self) -> Arc<AtomicBool> {
        self.interrupt.clone()
    }

    /// Names of user function files and subfunctions visible from the current directory (for completion).
    pub fn function_names(&self) -> Vec<String> {
        self.funcs.visible_names()
    }

    /// Function files visible now, by name (for completion).
    pub fn function_files(&self) -> Vec<(String, std::path::PathBuf)> {
        self.funcs.visible_files()
    }

    // ----- running code -----

    /// Run one top-level command (any number of statements) in the base
    /// workspace and report what it changed. Errors are reported in the
    /// outcome; the statements before the error keep their effects. The
    /// interrupt flag is cleared when a command ends, not when it starts, so
    /// a Ctrl-C pressed just as a command is submitted still stops it.
    pub fn run_command(&mut self, text: &str) -> Outcome {
        self.start_command();
        // The diary shows the command as typed before its output, as MATLAB's does.
        self.diary
            .write(&format!("{}\n", text.trim_end_matches('\n')));
        let prog = match syntax::parse(text) {
            Ok(p) => p,
            Err(e) => {
                self.diary.write(&format!("{}\n", e.render(text, None)));
                let mut o = self.take_track();
                o.parse_error = Some(e);
                return o;
            }
        };
        let source = Rc::new(Source {
            path: None,
            text: text.to_string(),
        });
        let saved = std::mem::replace(&mut self.frames[0].source, source);
        let saved_unit = self.frames[0].unit.take();
        if !prog.functions.is_empty() {
            // Functions typed at the prompt are visible to this command only.
            self.frames[0].unit = Some(Rc::new(functions::Unit::from_program(
                prog.clone(),
                self.frames[0].source.clone(),
            )));
        }
        let saved_scope = self.frames[0].enter_scope(&prog.scope);
        let result = self.run_program(&prog);
        self.frames[0].leave_scope(saved_scope);
        self.frames[0].source = saved;
        self.frames[0].unit = saved_unit;
        self.frames.truncate(1);
        self.end_ctx.clear();
        let _ = self.out.flush();
        self.sync_figures();
        let mut o = self.take_track();
        if let Err(e) = result {
            if self.exit.is_none() {
                self.diary
                    .write(&format!("{}\n", diagnostic::render_with_source(&e, text)));
            }
            self.last_error = Some(e.clone());
            o.error = Some(e);
        }
        o.exit = self.exit.take();
        // The interrupt was consumed by this command.
        self.interrupt.store(false, Ordering::SeqCst);
        o
    }

    /// Run a script file in the base workspace as one command.
    pub fn run_script_file(&mut self, path: &std::path::Path) -> Outcome {
        self.start_command();
        if path.is_file() {
            self.record_effect(crate::history::FileKind::Read, path);
        }
        let result = self.run_script(path);
        self.frames.truncate(1);
        self.end_ctx.clear();
        let _ = self.out.flush();
        self.sync_figures();
        let mut o = self.take_track();
        if let Err(e) = result {
            if self.exit.is_none() {
                self.diary.write(&format!("{}\n", diagnostic::render(&e)));
            }
            self.last_error = Some(e.clone());
            o.error = Some(e);
        }
        o.exit = self.exit.take();
        // The interrupt was consumed by this command.
        self.interrupt.store(false, Ordering::SeqCst);
        o
    }

    /// Render an outcome's error as Octave prints it (`error: ...`).
    pub fn render_error(&self, o: &Outcome, command_text: &str) -> Option<String> {
        if let Some(pe) = &o.parse_error {
            return Some(pe.render(command_text, None));
        }
        o.error.as_ref().map(diagnostic::render)
    }

    /// Before a statement and at each pass of a loop: stop on Ctrl-C. One
    /// atomic load unless something calls for attention.
    #[inline(always)]
    fn interrupted(&self) -> Result<()> {
        if ATTENTION.load(Ordering::Acquire) {
            return self.check_interrupt();
        }
        Ok(())
    }

    /// After a statement: a checkpoint when one is due. One atomic load
    /// unless something calls for attention.
    #[inline(always)]
    fn after_statement(&mut self) {
        if ATTENTION.load(Ordering::Acquire) || self.always_attend {
            self.attend();
        }
    }

    #[inline(never)]
    fn attend(&mut self) {
        // Cleared before the sources are read: a source set after this
        // sets the flag again. A Ctrl-C is left for `interrupted`.
        ATTENTION.store(false, Ordering::SeqCst);
        if self.interrupt.load(Ordering::SeqCst) {
            call_attention();
        }
        self.maybe_checkpoint();
    }

    fn check_interrupt(&self) -> Result<()> {
        if self.interrupt.load(Ordering::Relaxed) {
            return Err(Error::interrupted());
        }
        Ok(())
    }

    /// Run one nested call of a user function or script: refused with
    /// Octave's error beyond `max_recursion_depth` levels (or when the
    /// thread's stack is nearly used up), so runaway recursion is an error
    /// the session survives.
    fn nested<T>(&mut self, run: impl FnOnce(&mut Interp) -> Result<T>) -> Result<T> {
        if self.depth >= self.max_depth {
            return Err(Error::with_id(
                "Octave:recursion-depth",
                "max_recursion_depth exceeded",
            ));
        }
        stack::check()?;
        self.depth += 1;
        let r = run(self);
        self.depth -= 1;
        r
    }

    fn frame(&self) -> &Frame {
        // frames always holds the base frame (never popped below 1).
        &self.frames[self.frames.len() - 1]
    }
    fn frame_mut(&mut self) -> &mut Frame {
        let n = self.frames.len() - 1;
        &mut self.frames[n]
    }
    fn in_base(&self) -> bool {
        self.frames.len() == 1
    }

    fn display(&mut self, name: &str, v: &Value) -> Result<()> {
        let text =
            crate::value::display::display_named(name, v, self.state.format, self.state.width);
        self.write_out(&text)
    }

    fn write_out(&mut self, text: &str) -> Result<()> {
        self.out
            .write_all(text.as_bytes())
            .map_err(|e| Error::new(format!("cannot write output: {e}")))
    }
}

/// The struct a `catch err` variable holds.
fn error_struct(e: &Error) -> Value {
    let mut s = Struct::default();
    s.set("message", Value::str(&e.message));
    s.set("identifier", Value::str(&e.identifier));
    Value::Struct(Box::new(s))
}

/// A checkpoint asked for from outside the statement loop: by the pipe
/// mode's output gate when output has waited for a commit for a while
/// (`shell::gate`). The running command takes it at its next statement
/// boundary, as if the checkpoint timer had fired.
static CHECKPOINT_ASKED: AtomicBool = AtomicBool::new(false);

/// Asks (`true`) for a checkpoint at the running command's next statement
/// boundary, or withdraws the request (`false`: the output it was for has
/// shown). Any thread.
pub(crate) fn ask_checkpoint(on: bool) {
    CHECKPOINT_ASKED.store(on, Ordering::Relaxed);
    if on {
        call_attention();
    }
}

/// Set when the next statement boundary has something to attend to: a
/// Ctrl-C, the checkpoint timer's tick, an asked-for checkpoint. A
/// boundary loads this one flag and looks at the sources only when it is
/// set (`Interp::interrupted` before a statement and at each pass of a
/// loop, `Interp::after_statement` after one); a source sets its own flag
/// first, then this.
static ATTENTION: AtomicBool = AtomicBool::new(true);

/// Keep Ctrl-C's SIGINT off the calling thread. Long-lived helper threads
/// (timers, and the thread that waits for the interpreter's) block it, so
/// the kernel hands it to the interpreter's thread: at the prompt that
/// thread is waiting for input, and the handler runs before it reads
/// anything more, so a Ctrl-C typed at the prompt can never land after the
/// next line was read and interrupt that line's command.
pub fn keep_ctrl_c_off_this_thread() {
    // SAFETY: only this thread's signal mask is changed, with a set built
    // here; no memory is shared.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
}

/// Make the next statement boundary look at its sources (any thread, and
/// from a signal handler: it only stores to an atomic).
pub fn call_attention() {
    ATTENTION.store(true, Ordering::Release);
}

/// Whether a checkpoint was asked for; the request is consumed.
fn checkpoint_asked() -> bool {
    CHECKPOINT_ASKED.load(Ordering::Relaxed) && CHECKPOINT_ASKED.swap(false, Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Dims;
    use std::cell::RefCell;
    use std::rc::Rc;

    use test_util::Buf;

    fn info(n: usize) -> LazyVar {
        LazyVar {
            class: "double".into(),
            dims: Dims::row(n),
            complex: false,
            bytes: 8 * n as u64,
        }
    }

    /// Names a fake store saw, shared with the test.
    type Log = Rc<RefCell<Vec<String>>>;

    /// A store stand-in that records what is read and saved.
    struct Fake {
        reads: Log,
        saved: Log,
        fail: bool,
    }

    impl Backing for Fake {
        fn load(&mut self, name: &str) -> std::result::Result<Option<Value>, String> {
            self.reads.borrow_mut().push(name.to_string());
            if self.fail {
                return Err("checksum mismatch".into());
            }
            Ok(Some(Value::row(vec![1.0, 2.0, 3.0])))
        }
        fn checkpoint(
            &mut self,
            changed: &[(&str, &Value)],
            _cleared: &[&str],
            _dirty: &HashMap<String, Vec<std::ops::Range<usize>>>,
        ) -> std::result::Result<(), String> {
            self.saved
                .borrow_mut()
                .extend(changed.iter().map(|(n, _)| n.to_string()));
            Ok(())
        }
        fn disk_sizes(&self) -> HashMap<String, u64> {
            HashMap::new()
        }
        fn describe(&self) -> String {
            "fake store".into()
        }
        fn history(&self, args: &[String]) -> std::result::Result<String, String> {
            Ok(format!("history of {args:?}"))
        }
        fn writers(&self) -> HashMap<String, u64> {
            HashMap::new()
        }
    }

    fn fake(fail: bool) -> (Box<Fake>, Log, Log) {
        let reads = Rc::new(RefCell::new(Vec::new()));
        let saved = Rc::new(RefCell::new(Vec::new()));
        (
            Box::new(Fake {
                reads: reads.clone(),
                saved: saved.clone(),
                fail,
            }),
            reads,
            saved,
        )
    }

    #[test]
    fn lazy_variables_are_read_on_first_use_only() {
        let out = Buf::default();
        let mut it = Interp::new(Box::new(out.clone()), Box::new(std::io::sink()));
        let (backing, reads, _) = fake(false);
        it.attach(
            backing,
            vec![("big".into(), info(1000)), ("x".into(), info(3))],
            None,
        );
        let o = it.run_command("who; whos; e = exist('big');");
        assert!(o.error.is_none(), "{:?}", o.error);
        assert!(
            reads.borrow().is_empty(),
            "who/whos/exist read data: {:?}",
            reads.borrow()
        );
        let text = String::from_utf8_lossy(&out.0.borrow()).into_owned();
        assert!(
            text.contains("big") && text.contains("1x1000") && text.contains("8000"),
            "{text}"
        );
        let o = it.run_command("y = x(2) + x(3); clear big");
        assert!(o.error.is_none(), "{:?}", o.error);
        assert_eq!(
            *reads.borrow(),
            vec!["x".to_string()],
            "only x is read, once"
        );
        assert_eq!(it.get_var("y"), Some(&Value::num(5.0)));
        assert!(o.cleared.contains("big"));
        assert!(!it.var_names().contains(&"big".to_string()));
    }

    #[test]
    fn unreadable_lazy_variable_is_an_error_naming_it() {
        let mut it = Interp::new(Box::new(std::io::sink()), Box::new(std::io::sink()));
        let (backing, _, _) = fake(true);
        it.attach(backing, vec![("bad".into(), info(2))], None);
        let o = it.run_command("z = bad + 1;");
        let e = o.error.expect("an error");
        assert!(
            e.message.contains("'bad'") && e.message.contains("checksum"),
            "{}",
            e.message
        );
        // The rest of the workspace stays usable.
        let o = it.run_command("w = 2;");
        assert!(o.error.is_none());
    }

    #[test]
    fn a_change_after_a_checkpoint_is_saved_again() {
        // The per-slot "change recorded" flags are reset by a checkpoint: a
        // later whole assignment, element edit or append of the same
        // variable must be recorded (and saved) again.
        let mut it = Interp::new(Box::new(std::io::sink()), Box::new(std::io::sink()));
        let (backing, _, saved) = fake(false);
        it.attach(backing, vec![], Some(Duration::ZERO));
        let o = it.run_command("a = 1; a = 2; A = zeros(3); A(2) = 5; x = []; x(end+1) = 1;");
        assert!(o.error.is_none(), "{:?}", o.error);
        assert_eq!(
            *saved.borrow(),
            ["a", "a", "A", "A", "x", "x"].map(String::from).to_vec()
        );
        assert_eq!(it.get_var("a"), Some(&Value::num(2.0)));
    }

    /// With a real interval, only the timer's tick (through the attention
    /// flag a statement boundary reads) starts a checkpoint: a long loop
    /// must still be checkpointed while it runs.
    #[test]
    fn the_checkpoint_timer_reaches_a_running_loop() {
        let mut it = Interp::new(Box::new(std::io::sink()), Box::new(std::io::sink()));
        let (backing, _, saved) = fake(false);
        it.attach(backing, vec![], Some(Duration::from_millis(50)));
        assert!(!it.always_attend, "a timer runs for a nonzero interval");
        let o = it.run_command("t = tic; x = 0; while toc(t) < 0.6, x = x + 1; end");
        assert!(o.error.is_none(), "{:?}", o.error);
        assert!(
            saved.borrow().iter().any(|n| n == "x"),
            "no checkpoint during the loop: {:?}",
            saved.borrow()
        );
    }

    #[test]
    fn long_commands_checkpoint_and_leave_only_the_rest_pending() {
        let mut it = Interp::new(Box::new(std::io::sink()), Box::new(std::io::sink()));
        let (backing, _, saved) = fake(false);
        it.attach(backing, vec![], Some(Duration::ZERO));
        let o = it.run_command("a = 1; b = 2;");
        assert!(o.error.is_none());
        // Every statement boundary is due with a zero interval: both saved there.
        assert_eq!(*saved.borrow(), vec!["a".to_string(), "b".to_string()]);
        assert!(
            o.changed.is_empty(),
            "nothing left for the final commit: {:?}",
            o.changed
        );
        assert!(
            o.writes.contains("a") && o.writes.contains("b"),
            "history still names them"
        );
    }
}
