//! Function and script files: looked up by name at every call.
//!
//! Resolution order for `name(...)` when `name` is not a variable:
//! subfunctions of the calling file, `name.m` in the current directory and
//! then on the `addpath` list, interpreter builtins, the builtin table.
//! A parsed file is cached with its modification time and size and re-read
//! when either changes, so an edited function takes effect on the next call.
//! Nothing about a function is ever stored in the workspace; its persistent
//! variables live with the parsed file (`Unit::id`) for the session.

use super::{Flow, Frame, Interp, Source};
use crate::builtins::{self, Ctx};
use crate::error::{Error, Location, Result};
use crate::syntax::ast::{Function, Program, Span};
use crate::value::Value;
use smallvec::SmallVec;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::{Rc, Weak};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

/// A parsed `.m` file: its functions (main first) or script body.
#[derive(Debug)]
pub struct Unit {
    pub program: Program,
    pub source: Rc<Source>,
    /// What a call of each function needs of its signature (in the order
    /// of `program.functions`), worked out once per parse.
    plans: Vec<Plan>,
    /// Unique per parse: the persistent variables of the file's functions
    /// are keyed by it, so re-reading an edited file starts them afresh.
    pub id: u64,
}

/// How many argument vectors of finished calls are kept, and the largest
/// kept (`Interp::arg_vec`).
const ARG_POOL: usize = 32;
const ARG_LARGEST: usize = 64;

/// How many finished call frames are kept whole for the next calls
/// (`Interp::spare_frames`): recursion deeper than this makes frames anew.
const SPARE_FRAMES: usize = 16;

/// Source of `Unit::id`.
static NEXT_UNIT: AtomicU64 = AtomicU64::new(1);

/// A function's signature as its calls use it: names resolved to the
/// slots of its frame once, not compared at every call.
#[derive(Debug)]
struct Plan {
    /// The function's name, shared by the frames of its calls.
    name: Rc<str>,
    /// Where each named parameter (not `varargin`) goes.
    params: Box<[Param]>,
    varargin: bool,
    /// The slot of each named output (not `varargout`); `None` for a name
    /// the scope does not list (then found by name).
    outputs: Box<[Option<u32>]>,
    varargout: bool,
    /// The function's scalar form, made at its first inlined call
    /// (`None` inside: it has none).
    scalar: std::cell::OnceCell<Option<super::scalar::Body>>,
}

/// Where one argument goes in the callee's frame.
#[derive(Debug, Clone, Copy)]
enum Param {
    Slot(u32),
    /// `~`: the argument is dropped.
    Ignored,
    /// A name the scope does not list: found (made) by name.
    ByName,
}

impl Plan {
    fn of(f: &Function) -> Plan {
        // The scope lists parameters, then outputs, each name once (so the
        // `k`th one is usually at index `k`, not when a name repeats:
        // `function x = f(x)`).
        let slot = |k: usize, name: &str| match f.scope.names.get(k) {
            Some(n) if **n == *name => Some(k as u32),
            _ => f
                .scope
                .names
                .iter()
                .position(|n| **n == *name)
                .map(|k| k as u32),
        };
        let varargin = f.params.last().is_some_and(|p| p == "varargin");
        let varargout = f.outputs.last().is_some_and(|p| p == "varargout");
        let fixed = f.params.len() - usize::from(varargin);
        let named = f.outputs.len() - usize::from(varargout);
        Plan {
            name: Rc::from(f.name.as_str()),
            params: f.params[..fixed]
                .iter()
                .enumerate()
                .map(|(k, p)| match (p.as_str(), slot(k, p)) {
                    ("~", _) => Param::Ignored,
                    (_, Some(s)) => Param::Slot(s),
                    (_, None) => Param::ByName,
                })
                .collect(),
            varargin,
            outputs: f.outputs[..named]
                .iter()
                .enumerate()
                .map(|(k, o)| slot(f.params.len() + k, o))
                .collect(),
            varargout,
            scalar: std::cell::OnceCell::new(),
        }
    }
}

impl Unit {
    pub fn from_program(program: Program, source: Rc<Source>) -> Unit {
        Unit {
            plans: program.functions.iter().map(Plan::of).collect(),
            program,
            source,
            id: NEXT_UNIT.fetch_add(1, Ordering::Relaxed),
        }
    }
    fn is_script(&self) -> bool {
        !self.program.body.is_empty() || self.program.functions.is_empty()
    }
    pub(super) fn function(&self, name: &str) -> Option<&Function> {
        self.program.functions.iter().find(|f| f.name == name)
    }
    /// The scalar form of function `k` (`scalar::Body`), if it has one.
    pub(super) fn scalar_body(&self, k: usize) -> Option<&super::scalar::Body> {
        let plan = self.plans.get(k)?;
        plan.scalar
            .get_or_init(|| {
                let f = self.program.functions.get(k)?;
                if plan.varargin || plan.varargout || f.outputs.len() != 1 {
                    return None;
                }
                let params: Option<Vec<u32>> = plan
                    .params
                    .iter()
                    .map(|p| match p {
                        Param::Slot(s) => Some(*s),
                        _ => None,
                    })
                    .collect();
                if params.as_ref()?.len() != f.params.len() {
                    return None;
                }
                super::scalar::Body::of(f, &params?, (*plan.outputs.first()?)?)
            })
            .as_ref()
    }
    fn function_index(&self, name: &str) -> Option<usize> {
        self.program.functions.iter().position(|f| f.name == name)
    }
}

/// What a called name (not a subfunction of the calling file) resolves to.
#[derive(Clone)]
enum Callee {
    /// A function or script file on the path, parsed.
    File {
        path: Rc<Path>,
        unit: Rc<Unit>,
    },
    /// A builtin that takes the interpreter (`builtins::InterpBuiltin`).
    Interp(builtins::InterpFn),
    /// An entry of the builtin table; `graphics` for a plotting builtin.
    Table {
        b: &'static builtins::Builtin,
        graphics: bool,
    },
    Undefined,
}

#[derive(Default)]
pub struct Functions {
    /// Parsed files by path, with the (mtime, size) they were parsed at.
    cache: HashMap<PathBuf, (SystemTime, u64, Rc<Unit>)>,
    /// What each name called during the current command resolved to: a
    /// name is looked up (and its file's modification checked) once per
    /// command, so an edited file takes effect on the next command.
    resolved: rustc_hash::FxHashMap<String, Callee>,
    /// Names known to have no file on the path during the current command.
    missing: HashSet<String>,
    /// Extra search directories (`addpath`), searched after the current directory.
    pub path: Vec<PathBuf>,
    /// The current directory as of the command's start or its last `cd`
    /// (`new_command`), so cache keys are absolute without a system call
    /// per function call.
    cwd: PathBuf,
    /// Counts the times per-command lookups were forgotten: a memo made
    /// under another count is stale.
    epoch: u64,
    /// The last answers of `calls_table_builtin` (name, calling file,
    /// count when made, answer): a loop calling `mod` asks the same
    /// question at every iteration.
    table_memo: [Option<TableMemo>; 4],
    table_next: usize,
}

/// What one call site of compiled code found its name to be, remembered
/// for the rest of the command (the epoch) while it runs in the same
/// calling file: whether the name reaches the builtin table
/// (`calls_table_builtin_at`), or which user function it calls
/// (`user_function_at`). Files are held weakly: a freed file's address is
/// never mistaken for a new one's, and a recursive function's compiled
/// body does not keep its own file alive.
pub(super) struct SiteMemo {
    epoch: Cell<u64>,
    unit: RefCell<Option<Weak<Unit>>>,
    /// The address of `unit` (null for none), compared at every call;
    /// never dereferenced (the weak reference keeps the address from
    /// being reused).
    unit_ptr: Cell<*const Unit>,
    table: Cell<bool>,
    user: RefCell<Option<(Weak<Unit>, usize)>>,
    /// The user function found has no scalar form to inline (a scalar
    /// call site asked once; valid while the memo is fresh).
    no_inline: Cell<bool>,
    /// The entry of the builtin table the name reaches when it is no user
    /// function (`user_function_at`), and whether it plots.
    builtin: Cell<Option<(&'static builtins::Builtin, bool)>>,
}

impl SiteMemo {
    /// The entry of the builtin table the site's name reached, as
    /// `user_function_at` found it just before (when it found no user
    /// function), and whether it plots.
    pub fn builtin(&self) -> Option<(&'static builtins::Builtin, bool)> {
        self.builtin.get()
    }

    pub fn new() -> SiteMemo {
        SiteMemo {
            epoch: Cell::new(u64::MAX),
            unit: RefCell::new(None),
            unit_ptr: Cell::new(std::ptr::null()),
            table: Cell::new(false),
            user: RefCell::new(None),
            no_inline: Cell::new(false),
            builtin: Cell::new(None),
        }
    }
}

/// One remembered answer of `calls_table_builtin`.
struct TableMemo {
    epoch: u64,
    unit: Option<Rc<Unit>>,
    name: Box<str>,
    table: bool,
}

impl Functions {
    /// Forget per-command lookups (a file created since is found next time)
    /// and note the current directory (called again after every `cd`).
    pub fn new_command(&mut self) {
        self.missing.clear();
        self.resolved.clear();
        self.epoch += 1;
        self.cwd = std::env::current_dir().unwrap_or_default();
    }

    /// `name.m` in the current directory or on the path.
    pub(crate) fn find_file(&mut self, name: &str) -> Option<PathBuf> {
        if self.missing.contains(name) {
            return None;
        }
        let file = format!("{name}.m");
        let mut dirs = vec![PathBuf::from(".")];
        dirs.extend(self.path.iter().cloned());
        for d in dirs {
            let p = d.join(&file);
            if p.is_file() {
                return Some(p);
            }
        }
        self.missing.insert(name.to_string());
        None
    }

    /// Parse (or reuse) the file at `path`.
    pub fn load(&mut self, path: &Path) -> Result<Rc<Unit>> {
        let meta = std::fs::metadata(path)
            .map_err(|e| Error::new(format!("cannot read '{}': {e}", path.display())))?;
        let mtime = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        let size = meta.len();
        // Cached by the file's absolute path, not the name it was reached
        // by: after a `cd`, `./f.m` is another file (with its own persistent
        // variables).
        let key = self.cwd.join(path);
        if let Some((t, s, unit)) = self.cache.get(&key) {
            if *t == mtime && *s == size {
                return Ok(unit.clone());
            }
        }
        let bytes = std::fs::read(path)
            .map_err(|e| Error::new(format!("cannot read '{}': {e}", path.display())))?;
        let (text, bad) = crate::syntax::encoding::decode_source(bytes);
        if let Some(bad) = bad {
            crate::error::warn(&format!(
                "{} is not valid UTF-8 ({bad}); read as Windows-1252 (Latin-1)",
                path.display()
            ));
        }
        let program = crate::syntax::parse(&text).map_err(|pe| {
            Error::with_id(
                "Octave:parse-error",
                pe.render(&text, Some(&path.display().to_string())),
            )
        })?;
        let unit = Rc::new(Unit::from_program(
            program,
            Rc::new(Source {
                path: Some(path.to_path_buf()),
                text,
            }),
        ));
        self.cache.insert(key, (mtime, size, unit.clone()));
        Ok(unit)
    }

    /// Forget parsed files: all of them, or the files of function `name`
    /// (`clear functions`, `clear NAME`).
    pub fn forget(&mut self, name: Option<&str>) {
        self.resolved.clear();
        self.epoch += 1;
        match name {
            None => self.cache.clear(),
            Some(n) => self
                .cache
                .retain(|p, _| p.file_stem().and_then(|s| s.to_str()) != Some(n)),
        }
    }

    /// Ids of the parsed files in the cache.
    pub fn unit_ids(&self) -> HashSet<u64> {
        self.cache.values().map(|(_, _, u)| u.id).collect()
    }

    /// Function-file names visible now (current directory and path), for completion.
    pub fn visible_names(&self) -> Vec<String> {
        self.visible_files().into_iter().map(|(n, _)| n).collect()
    }

    /// Function files visible now, by name: the file a call would find
    /// (the current directory first, then the path in order).
    pub fn visible_files(&self) -> Vec<(String, PathBuf)> {
        let mut out: Vec<(String, PathBuf)> = Vec::new();
        let mut dirs = vec![PathBuf::from(".")];
        dirs.extend(self.path.iter().cloned());
        for d in dirs {
            if let Ok(rd) = std::fs::read_dir(d) {
                for e in rd.flatten() {
                    let n = e.file_name().to_string_lossy().to_string();
                    if let Some(stem) = n.strip_suffix(".m") {
                        out.push((stem.to_string(), e.path()));
                    }
                }
            }
        }
        // Stable: the first directory's file of a name is kept.
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out.dedup_by(|b, a| a.0 == b.0);
        out
    }
}

impl Interp {
    /// Call `name` with evaluated arguments.
    pub(super) fn call_function(
        &mut self,
        name: &str,
        args: Vec<Value>,
        nargout: usize,
        span: Span,
    ) -> Result<Vec<Value>> {
        // 1. Subfunctions of the calling file.
        if let Some(unit) = self.frame().unit.clone() {
            if let Some(k) = unit.function_index(name) {
                return self.call_user(&unit, k, args, nargout);
            }
        }
        let callee = self.callee(name)?;
        // 2. Files on the path.
        if let Callee::File { path, unit } = &callee {
            if unit.is_script() {
                if !args.is_empty() {
                    return Err(Error::new(format!(
                        "invalid call to script {}",
                        path.display()
                    )));
                }
                self.record_effect(crate::history::FileKind::Read, path);
                self.nested(|it| it.run_unit_as_script(unit))?;
                return Ok(Vec::new());
            }
            // The function is borrowed from the shared unit, never copied.
            return self.call_user(unit, 0, args, nargout);
        }
        // 3. The builtin table: builtins that need the interpreter, and
        // plain ones.
        if let Callee::Interp(f) = callee {
            return f(self, &args, nargout);
        }
        if let Callee::Table { b, graphics } = callee {
            return self.call_table(name, b, graphics, args, nargout);
        }
        let (line, column, _) =
            crate::syntax::error::line_col(&self.frame().source.text, span.start as usize);
        Err(Error::undefined(name, Some((line, column))))
    }

    /// Call entry `b` of the builtin table (reached by `name`; `graphics`
    /// for a plotting builtin).
    pub(super) fn call_table(
        &mut self,
        name: &str,
        b: &'static builtins::Builtin,
        graphics: bool,
        args: Vec<Value>,
        nargout: usize,
    ) -> Result<Vec<Value>> {
        // Sparse arguments go to the sparse family's version, or as
        // full copies (`builtins::sparse::route`).
        let (func, args) = builtins::sparse::route(name, b.func, args)?;
        let effects = super::effects::table_builtin_effects(name, &args);
        // A plotting builtin works on every open figure: stored ones are
        // read first, and what it changed is tracked for the commit.
        if graphics {
            self.load_figures()?;
        }
        let r = if b.calls_back {
            // The interpreter lends itself to the builtin: the output
            // stream and the state move into the call and come back.
            let mut out = std::mem::replace(&mut self.out, Box::new(std::io::sink()));
            // A spare state stands in meanwhile (made once, not per call:
            // a fresh one would seed a random generator every time).
            let spare = self.spare_state.take().unwrap_or_default();
            let mut state = std::mem::replace(&mut self.state, spare);
            let mut err = self.err.clone();
            let r = {
                let mut ctx = Ctx {
                    out: &mut *out,
                    err: &mut err,
                    state: &mut state,
                    nargout,
                    caller: Some(self),
                };
                (func)(&mut ctx, args)
            };
            self.out = out;
            self.spare_state = Some(std::mem::replace(&mut self.state, state));
            r
        } else {
            let mut ctx = Ctx {
                out: &mut *self.out,
                err: &mut self.err,
                state: &mut self.state,
                nargout,
                caller: None,
            };
            (func)(&mut ctx, args)
        };
        if graphics {
            self.collect_figure_changes();
        }
        if let Ok(outs) = &r {
            // A failed fopen (fid -1) touched no file.
            let opened = name != "fopen"
                || outs
                    .first()
                    .is_some_and(|v| v.scalar_f64("fopen").is_ok_and(|x| x >= 3.0));
            if opened {
                for (kind, path) in effects {
                    self.record_effect(kind, &path);
                }
            }
        }
        r
    }

    /// Whether calling `name` from here runs the builtin table's entry (no
    /// subfunction, function file or interpreter builtin comes first);
    /// resolved once per command, as calls are.
    pub(super) fn calls_table_builtin(&mut self, name: &str) -> Result<bool> {
        let unit = &self.frame().unit;
        let epoch = self.funcs.epoch;
        let same_unit = |m: &TableMemo| match (&m.unit, unit) {
            (None, None) => true,
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            _ => false,
        };
        for m in self.funcs.table_memo.iter().flatten() {
            if m.epoch == epoch && *m.name == *name && same_unit(m) {
                return Ok(m.table);
            }
        }
        let unit = unit.clone();
        let table = self.calls_table_builtin_now(name)?;
        let k = self.funcs.table_next;
        self.funcs.table_memo[k] = Some(TableMemo {
            epoch,
            unit,
            name: name.into(),
            table,
        });
        self.funcs.table_next = (k + 1) % self.funcs.table_memo.len();
        Ok(table)
    }

    /// Whether `site`'s memo was made in this command, from this file.
    #[inline]
    fn site_fresh(&self, site: &SiteMemo) -> bool {
        let unit = self
            .frame()
            .unit
            .as_ref()
            .map_or(std::ptr::null(), Rc::as_ptr);
        site.epoch.get() == self.funcs.epoch && site.unit_ptr.get() == unit
    }

    /// Mark `site`'s memo as made now, here.
    fn site_made(&self, site: &SiteMemo) {
        site.epoch.set(self.funcs.epoch);
        site.no_inline.set(false);
        site.builtin.set(None);
        let unit = self.frame().unit.as_ref();
        site.unit_ptr.set(unit.map_or(std::ptr::null(), Rc::as_ptr));
        *site.unit.borrow_mut() = unit.map(Rc::downgrade);
    }

    /// Whether `site` already found that the user function it reaches has
    /// no scalar form to inline (so a scalar call goes straight to the call).
    #[inline]
    pub(super) fn site_has_no_inline(&self, site: &SiteMemo) -> bool {
        site.no_inline.get() && self.site_fresh(site)
    }

    /// Remember at `site` that its user function has no scalar form (until
    /// the memo is made again: a file changed, or another caller).
    pub(super) fn site_set_no_inline(&self, site: &SiteMemo) {
        site.no_inline.set(true);
    }

    /// `calls_table_builtin`, asked by one call site of compiled code.
    #[inline]
    pub(super) fn calls_table_builtin_at(&mut self, name: &str, site: &SiteMemo) -> Result<bool> {
        if !self.site_fresh(site) {
            self.remember_table_builtin(name, site)?;
        }
        Ok(site.table.get())
    }

    /// `calls_table_builtin_at` when the site's memo is stale (once per
    /// command and calling file: kept out of the inlined check).
    #[cold]
    #[inline(never)]
    fn remember_table_builtin(&mut self, name: &str, site: &SiteMemo) -> Result<()> {
        let table = self.calls_table_builtin(name)?;
        self.site_made(site);
        site.table.set(table);
        *site.user.borrow_mut() = None;
        Ok(())
    }

    /// The user function (file, index of the function in it) that calling
    /// `name` from here runs, asked by one call site of compiled code:
    /// what `call_function` finds first (a subfunction of the calling
    /// file, else a function file), `None` for anything else (a script, a
    /// builtin, nothing).
    pub(super) fn user_function_at(
        &mut self,
        name: &str,
        site: &SiteMemo,
    ) -> Result<Option<(Rc<Unit>, usize)>> {
        if self.site_fresh(site) {
            if let Some((unit, k)) = &*site.user.borrow() {
                if let Some(unit) = unit.upgrade() {
                    return Ok(Some((unit, *k)));
                }
            } else {
                return Ok(None);
            }
        }
        let found = match &self.frame().unit {
            Some(u) => u
                .program
                .functions
                .iter()
                .position(|f| f.name == name)
                .map(|k| (u.clone(), k)),
            None => None,
        };
        let mut builtin = None;
        let found = match found {
            Some(f) => Some(f),
            None => match self.callee(name)? {
                Callee::File { unit, .. } if !unit.is_script() => Some((unit, 0)),
                Callee::Table { b, graphics } => {
                    builtin = Some((b, graphics));
                    None
                }
                _ => None,
            },
        };
        self.site_made(site);
        site.builtin.set(builtin);
        site.table.set(false);
        *site.user.borrow_mut() = found.as_ref().map(|(u, k)| (Rc::downgrade(u), *k));
        Ok(found)
    }

    /// Where `name` leads from here past the calling file's subfunctions,
    /// resolved once per command.
    fn callee(&mut self, name: &str) -> Result<Callee> {
        Ok(match self.funcs.resolved.get(name) {
            Some(c) => c.clone(),
            None => {
                let c = self.resolve_callee(name)?;
                self.funcs.resolved.insert(name.to_string(), c.clone());
                c
            }
        })
    }

    fn calls_table_builtin_now(&mut self, name: &str) -> Result<bool> {
        if let Some(unit) = &self.frame().unit {
            if unit.function(name).is_some() {
                return Ok(false);
            }
        }
        let callee = self.callee(name)?;
        Ok(matches!(
            callee,
            Callee::Table {
                graphics: false,
                ..
            }
        ))
    }

    /// Where a called name leads (files, then the interpreter's builtins,
    /// then the table), looked up once per command.
    fn resolve_callee(&mut self, name: &str) -> Result<Callee> {
        if let Some(path) = self.funcs.find_file(name) {
            let unit = self.funcs.load(&path)?;
            return Ok(Callee::File {
                path: Rc::from(path.as_path()),
                unit,
            });
        }
        Ok(match builtins::entry(name) {
            Some(builtins::Entry::Plain(b)) => Callee::Table {
                b,
                graphics: builtins::plot::is_graphics(name),
            },
            Some(builtins::Entry::Interp(b)) => Callee::Interp(b.func),
            None => Callee::Undefined,
        })
    }

    /// The parameter and output names of the user function `name` visible
    /// here (a subfunction or a function file), if there is one.
    pub(super) fn find_user_function(
        &mut self,
        name: &str,
    ) -> Result<Option<(Vec<String>, Vec<String>)>> {
        if let Some(unit) = self.frame().unit.clone() {
            if let Some(f) = unit.function(name) {
                return Ok(Some((f.params.clone(), f.outputs.clone())));
            }
        }
        if let Some(path) = self.funcs.find_file(name) {
            let unit = self.funcs.load(&path)?;
            if let Some(f) = unit.program.functions.first() {
                return Ok(Some((f.params.clone(), f.outputs.clone())));
            }
        }
        Ok(None)
    }

    /// Run the user function `k` of `unit` in a new frame.
    fn call_user(
        &mut self,
        unit: &Rc<Unit>,
        k: usize,
        mut args: Vec<Value>,
        nargout: usize,
    ) -> Result<Vec<Value>> {
        self.run_user(unit, k, &mut args, nargout)?;
        let outs = self.outputs(unit, k, nargout);
        self.leave_call();
        outs.map(SmallVec::into_vec)
    }

    /// An empty argument vector for a call, reused from finished calls
    /// (`call_user_value` gives it back).
    pub(super) fn arg_vec(&mut self) -> Vec<Value> {
        self.arg_pool.pop().unwrap_or_default()
    }

    /// Call the user function `k` of `unit` (found by `user_function_at`
    /// for `name`) for its first output, the value of an expression. The
    /// argument vector (from `arg_vec`) is kept for the next call.
    pub(super) fn call_user_value(
        &mut self,
        name: &str,
        unit: &Rc<Unit>,
        k: usize,
        mut args: Vec<Value>,
    ) -> Result<Value> {
        let ran = self.run_user(unit, k, &mut args, 1);
        if self.arg_pool.len() < ARG_POOL && args.capacity() <= ARG_LARGEST {
            // (A call refused before taking its arguments leaves them.)
            args.clear();
            self.arg_pool.push(args);
        }
        ran?;
        let out = match self.first_output_in_slot(unit, k) {
            Some(v) => Ok(v),
            None => self.outputs(unit, k, 1).and_then(|mut outs| {
                // (At most one value for one output asked for.)
                super::expr::first_output(outs.pop(), name)
            }),
        };
        self.leave_call();
        out
    }

    /// The first output of the finished call of function `k` of `unit`
    /// (its frame on top of the stack) in the common case: a named output
    /// holding a value in its slot, no name declared global or persistent.
    /// `None` leaves the frame as it was, for `outputs`.
    fn first_output_in_slot(&mut self, unit: &Unit, k: usize) -> Option<Value> {
        let slot = (*unit.plans.get(k)?.outputs.first()?)?;
        let frame = self.frames.last_mut()?;
        if !frame.links.is_empty() {
            return None;
        }
        frame.vars.take(slot)
    }

    /// Run the body of user function `k` of `unit` in a new frame, with
    /// the arguments taken from `args`. When it finishes without error,
    /// the frame is left on top of the stack for `outputs`, then
    /// `leave_call`; after an error it is gone.
    fn run_user(
        &mut self,
        unit: &Rc<Unit>,
        k: usize,
        args: &mut Vec<Value>,
        nargout: usize,
    ) -> Result<()> {
        let (Some(f), Some(plan)) = (unit.program.functions.get(k), unit.plans.get(k)) else {
            return Err(Error::new("internal error: a called function's index"));
        };
        let nargin = args.len();
        if nargin > f.params.len() && !plan.varargin {
            return Err(Error::with_id(
                "Octave:invalid-fun-call",
                format!("{}: function called with too many inputs", f.name),
            ));
        }
        if nargout > f.outputs.len().max(1) && !plan.varargout {
            return Err(Error::with_id(
                "Octave:invalid-fun-call",
                format!("{}: function called with too many outputs", f.name),
            ));
        }
        // The frame the last call of this function left, when it is on
        // top of the spares (a loop calling one function); else a new one.
        let frame = match self.spare_frames.pop() {
            Some(mut fr)
                if fr.scope == f.scope.serial
                    && fr.unit.as_ref().is_some_and(|u| Rc::ptr_eq(u, unit)) =>
            {
                if !Rc::ptr_eq(&fr.source, &unit.source) {
                    fr.source = unit.source.clone();
                }
                (fr.nargin, fr.nargout) = (nargin, nargout);
                fr
            }
            other => {
                if let Some(fr) = other {
                    fr.vars.recycle(&mut self.vars_pool);
                }
                Box::new(Frame::for_scope(
                    &f.scope,
                    plan.name.clone(),
                    Some(unit.clone()),
                    unit.source.clone(),
                    (nargin, nargout),
                    &mut self.vars_pool,
                ))
            }
        };
        self.frames.push(frame);
        let n = self.frames.len() - 1;
        let vars = &mut self.frames[n].vars;
        let mut args = args.drain(..);
        for ((p, name), a) in plan.params.iter().zip(&f.params).zip(args.by_ref()) {
            match *p {
                Param::Slot(slot) => {
                    vars.put(slot, a);
                }
                Param::Ignored => {}
                Param::ByName => {
                    vars.insert(name, a);
                }
            }
        }
        // `varargin` (last) takes the arguments past the named ones, as a
        // row cell (0x0 when there are none, as in Octave).
        if plan.varargin {
            let rest: Vec<Value> = args.collect();
            let rest = if rest.is_empty() {
                crate::value::Array::empty_with(crate::value::Dims::empty())
            } else {
                crate::value::Array::row(rest)
            };
            vars.insert("varargin", Value::cell(rest));
        } else {
            drop(args);
        }
        // The caller's `end` contexts are not the function's: `end` in its
        // body refers to its own indexes only.
        let caller_ends = std::mem::take(&mut self.end_ctx);
        let result = self.nested(|it| it.run_body(f));
        self.end_ctx = caller_ends;
        if self.frames.len() != n + 1 {
            return Err(Error::new("internal error: call stack underflow"));
        }
        match result {
            Ok(Flow::Normal) | Ok(Flow::Return) | Ok(Flow::Break) | Ok(Flow::Continue) => Ok(()),
            Err(e) => {
                let e = locate(e, &self.frames[n]);
                self.leave_call();
                Err(e)
            }
        }
    }

    /// Drop the frame of a finished call (its slot vectors kept for the
    /// next call).
    fn leave_call(&mut self) {
        // (The base frame is never dropped.)
        if self.frames.len() > 1 {
            if let Some(mut fr) = self.frames.pop() {
                if self.spare_frames.len() < SPARE_FRAMES {
                    fr.vacate();
                    self.spare_frames.push(fr);
                } else {
                    fr.vars.recycle(&mut self.vars_pool);
                }
            }
        }
    }

    /// The values of the outputs of the finished call of function `k` of
    /// `unit`, taken from its frame (on top of the stack).
    fn outputs(&mut self, unit: &Unit, k: usize, nargout: usize) -> Result<SmallVec<[Value; 1]>> {
        let (Some(f), Some(plan)) = (unit.program.functions.get(k), unit.plans.get(k)) else {
            return Err(Error::new("internal error: a called function's index"));
        };
        let n = self.frames.len() - 1;
        let frame = &mut self.frames[n];
        let mut outs = SmallVec::new();
        let want = nargout.max(1);
        for (k, (o, slot)) in f
            .outputs
            .iter()
            .zip(plan.outputs.iter())
            .enumerate()
            .take(want)
        {
            // An output declared global or persistent returns that value.
            let link = match frame.links.is_empty() {
                true => None,
                false => frame.links.get(o),
            };
            let value = match link {
                Some(super::Link::Global) => self.globals.get(o).cloned(),
                Some(super::Link::Persistent(key)) => {
                    self.persistents.get(key).and_then(|m| m.get(o)).cloned()
                }
                None => {
                    let slot = match slot {
                        Some(s) => *s,
                        None => frame.vars.slot_of(o),
                    };
                    frame.vars.take(slot)
                }
            };
            match value {
                Some(v) => outs.push(v),
                None => {
                    if k < nargout {
                        return Err(Error::with_id(
                            "Octave:undefined-function",
                            format!(
                                "value on left hand side of assignment undefined: output argument '{o}' (and possibly others) not assigned a value in '{}'",
                                f.name
                            ),
                        ));
                    }
                    return Ok(outs);
                }
            }
        }
        // `varargout` (last) gives the outputs past the named ones; the
        // caller reports any it asked for and did not get.
        if plan.varargout && want > outs.len() {
            match frame.vars.remove("varargout") {
                Some(Value::Cell(c)) => {
                    let more = want - outs.len();
                    outs.extend(c.data().iter().take(more).cloned());
                }
                Some(_) => {
                    return Err(Error::new("varargout must be a cell array object"));
                }
                None => {}
            }
        }
        Ok(outs)
    }

    /// Run a parsed script unit in the current frame.
    fn run_unit_as_script(&mut self, unit: &Rc<Unit>) -> Result<()> {
        let saved_source = std::mem::replace(&mut self.frame_mut().source, unit.source.clone());
        let saved_unit = self.frame_mut().unit.replace(unit.clone());
        let saved_scope = self.frame_mut().enter_scope(&unit.program.scope);
        let result = self.run_program(&unit.program);
        let fr = self.frame_mut();
        fr.leave_scope(saved_scope);
        fr.source = saved_source;
        fr.unit = saved_unit;
        match result {
            Ok(_) => Ok(()),
            Err(e) => Err(locate_in(e, &unit.source, "script")),
        }
    }

    /// Run a script file by path in the current frame (`run file.m`, `flatlab file.m`).
    pub(super) fn run_script(&mut self, path: &Path) -> Result<()> {
        let unit = self.funcs.load(path)?;
        if !unit.is_script() {
            // A function file run as a script calls its main function with no arguments.
            self.call_user(&unit, 0, Vec::new(), 0)?;
            return Ok(());
        }
        self.run_unit_as_script(&unit)
    }

    pub(super) fn nargin_nargout(&self) -> (usize, usize, bool) {
        let f = self.frame();
        (f.nargin, f.nargout, f.fname.is_some())
    }
}

/// Attach the function's file, line and column to an error raised in it.
fn locate(e: Error, frame: &Frame) -> Error {
    locate_in(e, &frame.source, frame.fname.as_deref().unwrap_or("script"))
}

fn locate_in(mut e: Error, source: &Rc<Source>, name: &str) -> Error {
    if e.location.is_some() || e.is_interrupt() {
        return e;
    }
    if let (Some(span), Some(path)) = (e.span, &source.path) {
        let (line, column, _) = crate::syntax::error::line_col(&source.text, span.start as usize);
        e.location = Some(Location {
            file: path.display().to_string(),
            name: name.to_string(),
            line,
            column,
        });
    }
    e
}
