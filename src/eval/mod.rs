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
//! (subscripts), `functions` (.m files), `special` (builtins that need the
//! interpreter), `diagnostic` (error text), `effects` (file effects,
//! `delete`, `diary`), `sysfiles` (`system`, `mkdir`, `rmdir`).

pub mod diagnostic;
pub mod effects;
mod exec;
mod expr;
pub mod functions;
pub mod index;
mod special;
mod sysfiles;
#[cfg(test)]
pub(crate) mod test_util;

use crate::builtins::State;
use crate::error::{Error, Result};
use crate::syntax::{self, ParseError};
use crate::value::{Struct, Value};
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
    vars: HashMap<String, Value>,
    /// Function name (None for the base workspace).
    fname: Option<String>,
    /// The file unit whose subfunctions are visible here.
    unit: Option<Rc<functions::Unit>>,
    /// Source that statement spans currently refer to.
    source: Rc<Source>,
    nargin: usize,
    nargout: usize,
}

impl Frame {
    fn base() -> Frame {
        Frame {
            vars: HashMap::new(),
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

/// Recursion limit for user functions (Octave's max_recursion_depth).
const MAX_DEPTH: usize = 256;

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
}

pub struct Interp {
    frames: Vec<Frame>,
    pub state: State,
    out: Box<dyn Write>,
    err: Box<dyn Write>,
    funcs: functions::Functions,
    /// Stack of (dims, position, count) for `end` inside subscripts.
    end_ctx: Vec<(crate::value::Dims, usize, usize)>,
    /// Set by the Ctrl-C handler; checked between statements and loop iterations.
    interrupt: Arc<AtomicBool>,
    track: Outcome,
    checkpoints: Option<Checkpoints>,
    /// Base-workspace variables known from the store but not read yet.
    lazy: HashMap<String, LazyVar>,
    backing: Option<Box<dyn Backing>>,
    exit: Option<i32>,
    last_error: Option<Error>,
    /// `diary`: where `out` and `err` are also copied while it is on.
    diary: effects::Diary,
}

impl Interp {
    /// An interpreter writing displayed output to `out` and warnings to `err`.
    pub fn new(out: Box<dyn Write>, err: Box<dyn Write>) -> Interp {
        let diary = effects::Diary::default();
        Interp {
            frames: vec![Frame::base()],
            state: State::default(),
            out: Box::new(effects::Tee {
                inner: out,
                diary: diary.sink.clone(),
            }),
            err: Box::new(effects::Tee {
                inner: err,
                diary: diary.sink.clone(),
            }),
            funcs: functions::Functions::default(),
            end_ctx: Vec::new(),
            interrupt: Arc::new(AtomicBool::new(false)),
            track: Outcome::default(),
            checkpoints: None,
            lazy: HashMap::new(),
            backing: None,
            exit: None,
            last_error: None,
            diary,
        }
    }

    /// Attach the workspace store. `vars` exist in the store and are read
    /// on first use (`who`, `whos` and `exist` never read data); with
    /// `checkpoint_every`, a running command's changes are saved at a
    /// statement boundary once that much time has passed, so a crash
    /// mid-run loses at most that much.
    pub fn attach(
        &mut self,
        backing: Box<dyn Backing>,
        vars: Vec<(String, LazyVar)>,
        checkpoint_every: Option<Duration>,
    ) {
        self.lazy = vars.into_iter().collect();
        self.backing = Some(backing);
        self.checkpoints = checkpoint_every.map(|every| Checkpoints {
            every,
            last: Instant::now(),
            warned: false,
        });
    }

    /// Bring a lazily resumed base variable into memory (no-op otherwise).
    fn load_lazy(&mut self, name: &str) -> Result<()> {
        if !self.lazy.contains_key(name) || self.frames[0].vars.contains_key(name) {
            return Ok(());
        }
        let Some(backing) = self.backing.as_mut() else {
            return Ok(());
        };
        match backing.load(name) {
            Ok(Some(v)) => {
                self.lazy.remove(name);
                self.frames[0].vars.insert(name.to_string(), v);
                Ok(())
            }
            Ok(None) => {
                self.lazy.remove(name);
                Ok(())
            }
            Err(msg) => Err(Error::with_id(
                "flatlab:store-read",
                format!("cannot read variable '{name}' from the workspace store: {msg}"),
            )),
        }
    }

    /// Load every lazily resumed variable (before `save` of all of them).
    fn load_all_lazy(&mut self) -> Result<()> {
        let names: Vec<String> = self.lazy.keys().cloned().collect();
        for n in names {
            self.load_lazy(&n)?;
        }
        Ok(())
    }

    /// Class, size and bytes of the current frame's variables, sorted by
    /// name, without reading lazily resumed data.
    fn var_infos(&self) -> Vec<(String, LazyVar)> {
        let mut out: Vec<(String, LazyVar)> = self
            .frame()
            .vars
            .iter()
            .map(|(n, v)| {
                (
                    n.clone(),
                    LazyVar {
                        class: v.class_name().to_string(),
                        dims: v.dims(),
                        complex: v.is_complex(),
                        bytes: v.byte_size() as u64,
                    },
                )
            })
            .collect();
        if self.in_base() {
            for (n, info) in &self.lazy {
                if !self.frames[0].vars.contains_key(n) {
                    out.push((n.clone(), info.clone()));
                }
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// Names of the current frame's variables, loaded or not, sorted.
    fn frame_names(&self) -> Vec<String> {
        let mut v: Vec<String> = self.frame().vars.keys().cloned().collect();
        if self.in_base() {
            v.extend(self.lazy.keys().cloned());
        }
        v.sort();
        v.dedup();
        v
    }

    /// Called after every statement: checkpoint when due.
    fn maybe_checkpoint(&mut self) {
        let due = match &self.checkpoints {
            Some(c) => c.last.elapsed() >= c.every,
            None => false,
        };
        if !due {
            return;
        }
        let Some(mut cp) = self.checkpoints.take() else {
            return;
        };
        cp.last = Instant::now();
        if !self.track.changed.is_empty() || !self.track.cleared.is_empty() {
            let base = &self.frames[0].vars;
            let changed: Vec<(&str, &Value)> = self
                .track
                .changed
                .iter()
                .filter_map(|n| base.get(n).map(|v| (n.as_str(), v)))
                .collect();
            let cleared: Vec<&str> = self.track.cleared.iter().map(|s| s.as_str()).collect();
            let saved = match self.backing.as_mut() {
                Some(b) => b.checkpoint(&changed, &cleared, &self.track.dirty),
                None => Ok(()),
            };
            match saved {
                Ok(()) => {
                    self.track.changed.clear();
                    self.track.cleared.clear();
                    self.track.dirty.clear();
                }
                Err(msg) => {
                    if !cp.warned {
                        let _ =
                            writeln!(self.err, "warning: checkpoint not saved: {msg}; will retry");
                        cp.warned = true;
                    }
                }
            }
        }
        self.checkpoints = Some(cp);
    }

    fn start_command(&mut self) {
        self.funcs.new_command();
        self.track = Outcome::default();
        if let Some(c) = &mut self.checkpoints {
            c.last = Instant::now();
            c.warned = false;
        }
    }

    /// Forget a Ctrl-C that arrived while no command was running (at the prompt).
    pub fn clear_interrupt(&self) {
        self.interrupt.store(false, Ordering::SeqCst);
    }

    /// The flag a signal handler sets to interrupt the running command.
    pub fn interrupt_flag(&self) -> Arc<AtomicBool> {
        self.interrupt.clone()
    }

    // ----- workspace access (base frame) -----

    pub fn get_var(&self, name: &str) -> Option<&Value> {
        self.frames[0].vars.get(name)
    }
    /// Set a base-workspace variable without tracking (resume from the store).
    pub fn restore_var(&mut self, name: String, v: Value) {
        self.frames[0].vars.insert(name, v);
    }
    /// Set a base-workspace variable as a command would (tracked as changed).
    pub fn set_var(&mut self, name: &str, v: Value) {
        self.frames[0].vars.insert(name.to_string(), v);
        self.track.dirty.remove(name);
        self.track.cleared.remove(name);
        self.track.changed.insert(name.to_string());
        self.track.writes.insert(name.to_string());
    }
    /// Makes `name` a stored variable not read yet (after the store changed
    /// it behind the interpreter, e.g. `undo`); not tracked as a change.
    pub fn restore_lazy(&mut self, name: &str, info: LazyVar) {
        self.frames[0].vars.remove(name);
        self.lazy.insert(name.to_string(), info);
    }
    /// Removes `name` from the base workspace without tracking (the store
    /// already removed it).
    pub fn forget_var(&mut self, name: &str) {
        self.frames[0].vars.remove(name);
        self.lazy.remove(name);
    }
    /// Whether the base workspace has `name` (loaded or not yet read).
    pub fn has_base_var(&self, name: &str) -> bool {
        self.frames[0].vars.contains_key(name) || self.lazy.contains_key(name)
    }
    /// Sorted names in the base workspace.
    pub fn var_names(&self) -> Vec<String> {
        let mut v: Vec<String> = self.frames[0].vars.keys().cloned().collect();
        v.extend(self.lazy.keys().cloned());
        v.sort();
        v.dedup();
        v
    }
    /// Names of user function files and subfunctions visible from the current directory (for completion).
    pub fn function_names(&self) -> Vec<String> {
        self.funcs.visible_names()
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
                let mut o = std::mem::take(&mut self.track);
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
        let result = self.exec_block(&prog.body);
        self.frames[0].source = saved;
        self.frames[0].unit = saved_unit;
        self.frames.truncate(1);
        self.end_ctx.clear();
        let _ = self.out.flush();
        let mut o = std::mem::take(&mut self.track);
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
        let mut o = std::mem::take(&mut self.track);
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

    fn check_interrupt(&self) -> Result<()> {
        if self.interrupt.load(Ordering::Relaxed) {
            return Err(Error::interrupted());
        }
        Ok(())
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

    /// Read a variable of the current frame.
    fn lookup_var(&mut self, name: &str) -> Result<Option<&Value>> {
        if self.in_base() {
            self.load_lazy(name)?;
            if self.frames[0].vars.contains_key(name) {
                self.track.reads.insert(name.to_string());
            }
        }
        Ok(self.frame().vars.get(name))
    }
    fn has_var(&self, name: &str) -> bool {
        self.frame().vars.contains_key(name) || (self.in_base() && self.lazy.contains_key(name))
    }
    /// Put back a variable whose elements in `range` were edited in place
    /// (class and size unchanged): tracked as a partial change when it is
    /// the variable's first change since it was last saved.
    fn assign_var_edited(&mut self, name: &str, v: Value, range: Option<std::ops::Range<usize>>) {
        if self.in_base() {
            let first = !self.track.changed.contains(name);
            match (first, self.track.dirty.get_mut(name)) {
                (true, _) => {
                    self.track
                        .dirty
                        .insert(name.to_string(), range.into_iter().collect());
                }
                (false, Some(ranges)) => ranges.extend(range),
                (false, None) => {}
            }
            self.track.changed.insert(name.to_string());
            self.track.writes.insert(name.to_string());
        }
        self.frame_mut().vars.insert(name.to_string(), v);
    }

    /// Assign a variable in the current frame.
    fn assign_var(&mut self, name: &str, v: Value) {
        if self.in_base() {
            self.track.dirty.remove(name);
            self.track.cleared.remove(name);
            if !self.track.changed.contains(name) {
                self.track.changed.insert(name.to_string());
                self.track.writes.insert(name.to_string());
            }
        }
        let f = self.frame_mut();
        if let Some(slot) = f.vars.get_mut(name) {
            *slot = v;
        } else {
            f.vars.insert(name.to_string(), v);
        }
    }
    /// Remove a variable from the current frame.
    fn clear_var(&mut self, name: &str) -> bool {
        let was_lazy = self.in_base() && self.lazy.remove(name).is_some();
        let removed = self.frame_mut().vars.remove(name).is_some() || was_lazy;
        if removed && self.in_base() {
            self.track.changed.remove(name);
            self.track.dirty.remove(name);
            self.track.cleared.insert(name.to_string());
            self.track.writes.insert(name.to_string());
        }
        removed
    }
    fn take_var(&mut self, name: &str) -> Option<Value> {
        self.frame_mut().vars.remove(name)
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

/// Names of the interpreter-level builtins (for completion).
pub fn special_names() -> &'static [&'static str] {
    special::NAMES
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
