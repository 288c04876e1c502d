//! The command cycle shared by every front end: run one command in the
//! interpreter, then commit what it changed, plus its history record, to
//! the workspace store before anything else happens.
//!
//! `main` dispatches the command-line modes: the REPL (`repl`), a script,
//! `-c` code, piped stdin, `--list`. Displayed output goes to stdout;
//! notices (resume banner, store warnings) go to the REPL or to stderr.

mod gate;
mod listing;
mod pipe;
mod replay;
mod transfer;

pub(crate) use gate::release_output;
pub(crate) use pipe::read_line as read_pipe_line;

use crate::cli::{Args, Mode};
use crate::eval::{diagnostic, Interp, Outcome};
use crate::eval::{Backing, LazyVar};
use crate::history::{self, HistoryRecord, Source, Status};
use crate::store::{self, Store};
use crate::value::{Dims, Value};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::io::{IsTerminal, Write};
use std::ops::Range;
use std::path::Path;
use std::rc::Rc;
use std::time::Duration;
use std::time::{Instant, SystemTime};

/// An open workspace: the interpreter plus the store it commits to.
pub struct Shell {
    pub interp: Interp,
    /// Shared with the interpreter's `Backing` (lazy reads, checkpoints);
    /// the two never use it at the same time.
    store: Rc<RefCell<Store>>,
    session: String,
    host: String,
    user: String,
    /// How this process gets its commands (recorded with each one).
    source: Source,
    /// The command being re-run, recorded with the next command (`rerun`).
    origin: Option<u64>,
    /// Changes and records of earlier commands whose commit failed (disk
    /// full, I/O error): kept in memory and retried with the next command.
    pending: Pending,
    /// The `plots` page, once started: refreshed after every command.
    plots: Option<crate::graphics::serve::Plots>,
    /// Changes and records of commands committed but deferred (grouped
    /// commits, pipe mode): durable with the group's last commit; if the
    /// store loses them (a failed write), they move back into `pending`.
    unsynced: Pending,
    /// Grouped commits, when on (pipe mode).
    group: Option<Group>,
    /// Makes the group durable before a grouped command's output shows.
    gate: gate::Gate,
}

/// Bounds of one group of commits sharing one fsync.
const GROUP_COMMANDS: usize = 256;
const GROUP_TIME: Duration = Duration::from_millis(50);

/// The group being gathered: commands committed but not yet durable.
#[derive(Default)]
struct Group {
    /// Whether the next command is already available (set by the reader
    /// before each command): only then may the running one wait.
    more_input: bool,
    /// Deferred commits in the group, and when its first one was made.
    count: usize,
    since: Option<Instant>,
}

#[derive(Default)]
struct Pending {
    changed: BTreeSet<String>,
    cleared: BTreeSet<String>,
    /// Element ranges of changed names that were only element-edited.
    dirty: HashMap<String, Vec<Range<usize>>>,
    records: Vec<HistoryRecord>,
}

impl Pending {
    /// Fold one command's changes in: the later of an assignment and a clear
    /// wins; a name already pending (an earlier commit failed) is written whole.
    /// This, followed by `later` (records in order; the later of an
    /// assignment and a clear wins; a name in both is written whole).
    fn then(mut self, later: Pending) -> Pending {
        for n in later.changed {
            let already = self.changed.contains(&n);
            match later.dirty.get(&n) {
                Some(r) if !already => {
                    self.dirty.insert(n.clone(), r.clone());
                }
                _ => {
                    self.dirty.remove(&n);
                }
            }
            self.cleared.remove(&n);
            self.changed.insert(n);
        }
        for n in later.cleared {
            self.changed.remove(&n);
            self.dirty.remove(&n);
            self.cleared.insert(n);
        }
        self.records.extend(later.records);
        self
    }

    fn absorb(&mut self, o: &crate::eval::Outcome) {
        for n in &o.changed {
            let already = self.changed.contains(n);
            match o.dirty.get(n) {
                Some(r) if !already => {
                    self.dirty.insert(n.clone(), r.clone());
                }
                _ => {
                    self.dirty.remove(n);
                }
            }
            self.cleared.remove(n);
            self.changed.insert(n.clone());
        }
        for n in &o.cleared {
            self.changed.remove(n);
            self.dirty.remove(n);
            self.cleared.insert(n.clone());
        }
    }
}

impl Shell {
    /// Open workspace `name` under `home`. Resume is lazy: only the
    /// variable directory is read; a variable's data is read on first use.
    pub fn open(home: &Path, name: &str) -> Result<Shell, String> {
        let store = Store::open(home, name).map_err(|e| e.to_string())?;
        let dir = store.directory().map_err(|e| e.to_string())?;
        let store = Rc::new(RefCell::new(store));
        let gate = gate::Gate::new(store.clone());
        let (out, err) = gate.writers();
        let mut interp = Interp::new(out, err);
        let lazy = dir
            .into_iter()
            .map(|v| {
                (
                    v.name,
                    LazyVar {
                        class: v.class,
                        dims: Dims::new(&v.dims),
                        complex: v.complex,
                        bytes: v.bytes,
                    },
                )
            })
            .collect();
        interp.attach(
            Box::new(StoreBacking(store.clone(), gate.clone())),
            lazy,
            Some(checkpoint_interval()),
        );
        if std::io::stdout().is_terminal() {
            if let Some(w) = terminal_width() {
                interp.state.width = w;
            }
        }
        Ok(Shell {
            interp,
            store,
            session: history::new_session_id(),
            host: history::hostname(),
            user: history::username(),
            source: Source::Interactive,
            origin: None,
            plots: None,
            pending: Pending::default(),
            unsynced: Pending::default(),
            group: None,
            gate,
        })
    }

    pub fn name(&self) -> String {
        self.store.borrow().name().to_string()
    }

    /// Says how this process gets its commands and starts its session
    /// record (stored with the first commit).
    pub fn set_source(&mut self, source: Source) {
        self.source = source;
        self.store
            .borrow_mut()
            .start_session(history::SessionRecord {
                id: self.session.clone(),
                started: history::now_ms(),
                ended: None,
                pid: std::process::id(),
                host: self.host.clone(),
                user: self.user.clone(),
                version: env!("CARGO_PKG_VERSION").to_string(),
                source,
            });
    }

    /// The one-line resume notice, when the workspace already had content.
    pub fn banner(&self) -> Option<String> {
        let st = self.store.borrow();
        let s = st.summary().ok()?;
        if s.variables == 0 && s.last_command.is_none() {
            return None;
        }
        Some(store::resume_banner(st.name(), &s, SystemTime::now()))
    }

    /// The last `limit` commands of this workspace with the directory each
    /// ran in, for the line editor: other sessions' first, then this
    /// session's, each oldest first (see `Store::recall`).
    pub fn history_texts(&self, limit: usize) -> Vec<store::Recalled> {
        self.store.borrow().recall(limit).unwrap_or_default()
    }

    /// Run one command and commit its effects. Returns the outcome; a failed
    /// commit is reported on stderr and marks the outcome failed.
    pub fn execute(&mut self, text: &str) -> Outcome {
        let special = replay::shell_command(text).is_some()
            || (is_plots_command(text) && !self.interp.has_base_var("plots"));
        if special {
            // They act on the store, or show things: the group goes first
            // (a failure leaves its commands pending, retried by them).
            let _ = self.sync();
        }
        if is_plots_command(text) && !self.interp.has_base_var("plots") {
            return self.start_plots();
        }
        let o = if let Some((cmd, args)) = replay::shell_command(text) {
            let o = self.shell_command(text, cmd, &args);
            // undo/redo may bring figures back or take them away.
            self.refresh_plots();
            o
        } else {
            self.run_and_commit(text, |it| it.run_command(text))
        };
        if o.writes.iter().any(|k| crate::graphics::is_graphics_key(k)) {
            self.refresh_plots();
        }
        o
    }

    /// `plots`: serve the open figures on a local page (started once) and
    /// print its address on stderr, never on stdout (MATLAB output).
    pub fn start_plots(&mut self) -> Outcome {
        if self.plots.is_none() {
            match crate::graphics::serve::Plots::start() {
                Ok(p) => self.plots = Some(p),
                Err(e) => {
                    return Outcome {
                        error: Some(crate::error::Error::with_id(
                            "flatlab:plots",
                            format!("plots: {e}"),
                        )),
                        ..Outcome::default()
                    }
                }
            }
            self.refresh_plots();
        }
        if let Some(p) = &self.plots {
            crate::errln!("figures are shown at {} (while flatlab runs)", p.url());
        }
        Outcome::default()
    }

    /// Hand the `plots` page the open figures (if it runs).
    fn refresh_plots(&mut self) {
        if let Some(p) = &self.plots {
            match self.interp.figures() {
                Ok(g) => p.update(&g.figures),
                Err(e) => crate::errln!("plots: {}", e.message),
            }
        }
    }

    /// The figure to draw after command outcome `o`: the current figure,
    /// if the command made or edited it (not after `close`, which only
    /// changes which figure is current).
    pub fn changed_figure(&mut self, o: &Outcome) -> Option<&crate::graphics::model::Figure> {
        if !o.writes.iter().any(|k| crate::graphics::is_graphics_key(k)) {
            return None;
        }
        let g = self.interp.figures().ok()?;
        let n = g.current_number()?;
        o.writes
            .contains(&crate::graphics::figure_key(n))
            .then(|| g.figures.get(&n))
            .flatten()
    }

    /// Run a script file as one command and commit its effects.
    pub fn execute_script(&mut self, path: &Path) -> Outcome {
        let text = format!("run {}", path.display());
        let p = path.to_path_buf();
        self.run_and_commit(&text, move |it| it.run_script_file(&p))
    }

    fn run_and_commit(&mut self, text: &str, run: impl FnOnce(&mut Interp) -> Outcome) -> Outcome {
        let started = SystemTime::now();
        let clock = Instant::now();
        let cwd = std::env::current_dir()
            .map(|d| d.display().to_string())
            .unwrap_or_default();
        let draft = HistoryRecord {
            text: text.to_string(),
            started: unix_ms(started),
            cwd,
            session: self.session.clone(),
            host: self.host.clone(),
            user: self.user.clone(),
            source: self.source,
            origin: self.origin.take(),
            ..HistoryRecord::default()
        };
        // Earlier commands whose commit failed go first (a failure again is
        // reported with this command's own commit), so that this command's
        // checkpoints come after them. Checkpoints record the command as
        // running (so a crash leaves it in the history), unless earlier
        // records still wait: records are stored in the order the commands ran.
        if !self.pending.records.is_empty() {
            let _ = self.commit_pending();
        }
        let recorded = self.pending.records.is_empty();
        self.store
            .borrow_mut()
            .begin_command(draft.clone(), recorded);
        self.gate.start_command();
        let mut o = run(&mut self.interp);
        // A checkpoint may have made the group durable, or lost it.
        self.reconcile();
        let status = match (&o.parse_error, &o.error) {
            (Some(pe), _) => Status::Error(pe.message.clone()),
            (None, Some(e)) if e.is_interrupt() && o.exit.is_none() => Status::Interrupted,
            (None, Some(e)) if o.exit.is_none() => Status::Error(e.message.clone()),
            _ => Status::Ok,
        };
        // A name the command wrote that no longer exists was cleared.
        let (writes, cleared): (Vec<String>, Vec<String>) = o
            .writes
            .iter()
            .cloned()
            .partition(|n| self.interp.has_base_var(n));
        let record = HistoryRecord {
            duration_ms: clock.elapsed().as_millis() as u64,
            status,
            reads: o.reads.iter().cloned().collect(),
            writes,
            cleared,
            files: o.files.clone(),
            ..draft
        };
        self.pending.absorb(&o);
        self.pending.records.push(record);
        let durable = self.must_sync(&o);
        self.store.borrow_mut().defer_commits(!durable);
        let committed = self.commit_pending();
        self.store.borrow_mut().defer_commits(false);
        let durable = self.store.borrow().unsynced() == 0;
        if let Some(g) = self.group.as_mut() {
            if durable {
                g.count = 0;
                g.since = None;
            } else if committed.is_ok() {
                g.count += 1;
                g.since.get_or_insert_with(Instant::now);
            }
        }
        if durable || committed.is_err() {
            // The output held for the group shows now that its commands
            // are on disk (or, after a failure, with the error that says
            // they are not).
            let _ = self.gate.write_held();
        }
        if let Err(e) = committed {
            let msg = format!(
                "workspace not saved: {}; your variables are still in memory (the next command retries)",
                cause(&e)
            );
            if o.failed() {
                crate::errln!("flatlab: {msg}");
            } else {
                o.error = Some(crate::error::Error::with_id("flatlab:not-saved", msg));
            }
        }
        o
    }

    /// Whether the command just run (outcome `o`) must be durable before
    /// the next step: always outside a group; in a group, when it showed
    /// output before its commit (held output released mid-command), shows
    /// an error, wrote files, ends the session, the next command is not
    /// there yet, or the group or its held output is full or old. A command
    /// that only displays output waits: its output is held until the group
    /// is durable (`gate.rs`).
    fn must_sync(&self, o: &Outcome) -> bool {
        let Some(g) = &self.group else {
            return true;
        };
        self.gate.showed_early()
            || self.gate.due()
            || o.failed()
            || o.exit.is_some()
            || !o.files.is_empty()
            || self.plots.is_some()
            || !g.more_input
            || g.count + 1 >= GROUP_COMMANDS
            || g.since.is_some_and(|t| t.elapsed() >= GROUP_TIME)
    }

    /// Groups commits (pipe mode): see `pipe.rs` and `gate.rs`.
    pub(super) fn group_commits(&mut self) {
        self.group = Some(Group::default());
        self.gate.hold(true);
    }

    /// Says whether the next command is already available to read.
    pub(super) fn more_input(&mut self, ready: bool) {
        if let Some(g) = self.group.as_mut() {
            g.more_input = ready;
        }
    }

    /// Before the error of the command just run (`o`) is shown, or the
    /// session ends: makes every deferred commit durable (a failure of
    /// that is reported on stderr). Returns false when it failed.
    pub(super) fn show(&mut self, o: &Outcome) -> bool {
        let shows = o.failed() || o.exit.is_some();
        !shows || self.sync_reported()
    }

    /// `sync`, with a failure reported on stderr; false when it failed.
    pub(super) fn sync_reported(&mut self) -> bool {
        match self.sync() {
            Ok(()) => true,
            Err(e) => {
                crate::errln!(
                    "flatlab: workspace not saved: {}; your variables are still in memory (the next command retries)",
                    cause(&e)
                );
                false
            }
        }
    }

    /// Makes every deferred commit durable, then shows the output held
    /// for them. On failure their commands are pending again (retried with
    /// the next command) and the caller reports it.
    pub(super) fn sync(&mut self) -> Result<(), store::StoreError> {
        let r = self.store.borrow_mut().sync();
        self.reconcile();
        if let Some(g) = self.group.as_mut() {
            g.count = 0;
            g.since = None;
        }
        let _ = self.gate.write_held();
        r
    }

    /// Brings `unsynced` in line with the store: dropped once durable, and
    /// back in front of `pending` when the store lost it.
    fn reconcile(&mut self) {
        let mut st = self.store.borrow_mut();
        if st.take_lost() {
            let lost = std::mem::take(&mut self.unsynced);
            self.pending = lost.then(std::mem::take(&mut self.pending));
        } else if st.unsynced() == 0 {
            self.unsynced = Pending::default();
        }
    }

    /// Commit everything pending: records of earlier failed commits first,
    /// then the current values of all pending names with the newest record.
    fn commit_pending(&mut self) -> Result<(), store::StoreError> {
        let r = self.commit_pending_inner();
        self.reconcile();
        r
    }

    fn commit_pending_inner(&mut self) -> Result<(), store::StoreError> {
        let mut store = self.store.borrow_mut();
        while self.pending.records.len() > 1 {
            store.commit(&[], &[], &self.pending.records[0])?;
            let done = self.pending.records.remove(0);
            if store.unsynced() > 0 {
                self.unsynced.records.push(done);
            }
        }
        let Some(record) = self.pending.records.first() else {
            return Ok(());
        };
        let changes: Vec<store::Change> = self
            .pending
            .changed
            .iter()
            .filter_map(|n| {
                self.interp.get_var(n).map(|value| store::Change {
                    name: n.as_str(),
                    value,
                    dirty: self.pending.dirty.get(n).map(|r| r.as_slice()),
                })
            })
            .collect();
        let cleared: Vec<&str> = self.pending.cleared.iter().map(|s| s.as_str()).collect();
        store.commit_changes(&changes, &cleared, record)?;
        let deferred = store.unsynced() > 0;
        drop(store);
        let done = std::mem::take(&mut self.pending);
        if deferred {
            self.unsynced = std::mem::take(&mut self.unsynced).then(done);
        }
        Ok(())
    }

    /// Print an outcome's error (if any) to stderr.
    pub fn report(&self, o: &Outcome, text: &str, color: bool) {
        let msg = if let Some(pe) = &o.parse_error {
            pe.render(text, None)
        } else if let Some(e) = &o.error {
            if o.exit.is_some() {
                return;
            }
            diagnostic::render_with_source(e, text)
        } else {
            return;
        };
        let mut err = std::io::stderr();
        let _ = if color {
            writeln!(err, "\x1b[31m{msg}\x1b[0m")
        } else {
            writeln!(err, "{msg}")
        };
    }
}

/// Whether `text` is the shell's `plots` command (`plots`, `plots;`).
fn is_plots_command(text: &str) -> bool {
    text.trim().trim_end_matches(';').trim_end() == "plots"
}

/// The store as the interpreter sees it.
impl Drop for Shell {
    /// Stamps a clean end on the session record (a crash leaves it open)
    /// and closes the workspace file, reporting a failure of either.
    fn drop(&mut self) {
        // Output still held shows, after the commits behind it.
        self.gate.hold(false);
        if let Ok(mut st) = self.store.try_borrow_mut() {
            match st.end_session() {
                // After a failed write the handle only repeats that failure.
                Err(e) => crate::errln!("flatlab: could not record the end of this session: {e}"),
                Ok(()) => {
                    if let Err(e) = st.close() {
                        crate::errln!(
                            "flatlab: closing the workspace failed: {e}; every command is saved, and the next start checks the file"
                        );
                    }
                }
            }
        }
    }
}

/// The store, and the output gate (a checkpoint is durable, so the output
/// held before it may show).
struct StoreBacking(Rc<RefCell<Store>>, gate::Gate);

impl Backing for StoreBacking {
    fn load(&mut self, name: &str) -> Result<Option<Value>, String> {
        self.0.borrow().load(name).map_err(|e| e.to_string())
    }
    fn read_elements(&mut self, name: &str, range: Range<usize>) -> Result<Option<Value>, String> {
        let st = self.0.borrow();
        st.read_elements(name, range).map_err(|e| e.to_string())
    }
    fn patch_elements(&mut self, name: &str, at: &[usize], v: &Value) -> Result<bool, String> {
        let mut st = self.0.borrow_mut();
        st.patch_elements(name, at, v).map_err(|e| e.to_string())
    }
    fn checkpoint(
        &mut self,
        changed: &[(&str, &Value)],
        cleared: &[&str],
        dirty: &HashMap<String, Vec<Range<usize>>>,
    ) -> Result<(), String> {
        let changes: Vec<store::Change> = changed
            .iter()
            .map(|&(name, value)| store::Change {
                name,
                value,
                dirty: dirty.get(name).map(|r| r.as_slice()),
            })
            .collect();
        let r = self.0.borrow_mut().checkpoint(&changes, cleared);
        match r {
            Ok(_) => {
                // A long command's output held so far shows after at most
                // one checkpoint interval, even if it writes nothing more.
                let _ = self.1.write_held();
                Ok(())
            }
            Err(e) => Err(cause(&e)),
        }
    }
    fn disk_sizes(&self) -> HashMap<String, u64> {
        self.0
            .borrow()
            .directory()
            .map(|d| d.into_iter().map(|v| (v.name, v.disk_bytes)).collect())
            .unwrap_or_default()
    }
    fn writers(&self) -> HashMap<String, u64> {
        let st = self.0.borrow();
        let Ok(dir) = st.directory() else {
            return HashMap::new();
        };
        let gens: Vec<u64> = dir.iter().map(|v| v.generation).collect();
        let seqs = st.commands_of_generations(&gens).unwrap_or_default();
        dir.into_iter()
            .zip(seqs)
            .filter_map(|(v, s)| s.map(|s| (v.name, s)))
            .collect()
    }
    fn history(&self, args: &[String]) -> Result<String, String> {
        let st = self.0.borrow();
        let session = st.session_id().unwrap_or("").to_string();
        listing::listing(&st, args, &session)
    }
    fn describe(&self) -> String {
        let st = self.0.borrow();
        match st.info() {
            Ok(i) => format!(
                "workspace '{}'\n  file:        {}\n  size:        {}\n  variables:   {}\n  chunks:      {}\n  generation:  {}\n  last commit: {}",
                st.name(),
                i.path.display(),
                store::format_bytes(i.file_bytes),
                i.variables,
                i.chunks,
                i.generation,
                i.last_commit
                    .map(|t| store::format_age(t, SystemTime::now()))
                    .unwrap_or_else(|| "never".into())
            ) + &last_write(st.last_commit_stats()),
            Err(e) => format!("workspace '{}': {e}", st.name()),
        }
    }
}

/// What this process's last commit wrote, for `workspace` ("" before the
/// first commit).
fn last_write(s: store::CommitStats) -> String {
    if s == store::CommitStats::default() {
        return String::new();
    }
    let plural = |n: u64| if n == 1 { "" } else { "s" };
    format!(
        "\n  last write:  {} ({} new chunk{}, {} reused, {} freed)",
        store::format_bytes(s.bytes_written),
        s.chunks_written,
        plural(s.chunks_written),
        s.chunks_reused,
        s.chunks_freed
    )
}

/// The plain cause of a store error ("no space left on device").
pub(super) fn cause(e: &store::StoreError) -> String {
    match e {
        store::StoreError::Io { detail, .. } => detail.clone(),
        other => other.to_string(),
    }
}

/// Seconds of run time between checkpoints of a long command
/// (`FLATLAB_CHECKPOINT_SECS`, default 2).
fn checkpoint_interval() -> Duration {
    std::env::var("FLATLAB_CHECKPOINT_SECS")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(Duration::from_secs_f64)
        .unwrap_or(Duration::from_secs(2))
}

/// Install the Ctrl-C handler: SIGINT sets the interpreter's interrupt flag
/// instead of killing the process, so the running command stops cleanly
/// (what completed is kept and committed). A second Ctrl-C before the flag
/// is consumed (a command stuck in one long builtin, or a pipe waiting for
/// input) exits with status 130; the store is crash-safe either way.
pub fn install_interrupt(interp: &Interp) {
    use signal_hook::consts::SIGINT;
    let flag = interp.interrupt_flag();
    let _ = signal_hook::flag::register_conditional_shutdown(SIGINT, 130, flag.clone());
    let _ = signal_hook::flag::register(SIGINT, flag);
    // SAFETY: the action only stores to an atomic, which is
    // async-signal-safe.
    let _ = unsafe { signal_hook::low_level::register(SIGINT, crate::eval::call_attention) };
}

fn unix_ms(t: SystemTime) -> i64 {
    t.duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

fn terminal_width() -> Option<usize> {
    if let Ok(c) = std::env::var("COLUMNS") {
        if let Ok(n) = c.trim().parse::<usize>() {
            if n > 0 {
                return Some(n);
            }
        }
    }
    // SAFETY: TIOCGWINSZ only writes a winsize struct we own.
    unsafe {
        let mut ws: libc::winsize = std::mem::zeroed();
        if libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut ws) == 0 && ws.ws_col > 0 {
            return Some(ws.ws_col as usize);
        }
    }
    None
}

/// Colors only on a terminal and never when NO_COLOR is set.
pub fn use_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Entry point of the binary: returns the exit status.
pub fn main(args: Args) -> u8 {
    let home = store::default_home();
    match &args.mode {
        Mode::Help => {
            crate::outln!("{}", crate::cli::USAGE.trim_end());
            return 0;
        }
        Mode::Version => {
            crate::outln!("flatlab {}", env!("CARGO_PKG_VERSION"));
            return 0;
        }
        Mode::List => return list(&home),
        Mode::Compact => return compact(&home, &args.workspace),
        Mode::History(hargs) => return history_cli(&home, &args.workspace, hargs),
        Mode::Recover { into } => {
            let into = into
                .clone()
                .unwrap_or_else(|| format!("{}-recovered", args.workspace));
            return recover(&home, &args.workspace, &into);
        }
        Mode::Export { var, file } => return transfer::export(&home, &args.workspace, var, file),
        Mode::Import { file } => return transfer::import(&home, &args.workspace, file),
        _ => {}
    }
    let mut shell = match Shell::open(&home, &args.workspace) {
        Ok(s) => s,
        Err(msg) => {
            crate::errln!("flatlab: {msg}");
            return 1;
        }
    };
    install_interrupt(&shell.interp);
    shell.set_source(match &args.mode {
        Mode::Script(_) => Source::Script,
        Mode::Code(_) => Source::Code,
        _ if std::io::stdin().is_terminal() => Source::Interactive,
        _ => Source::Pipe,
    });
    match args.mode {
        Mode::Script(path) => run_script(&mut shell, &path),
        Mode::Code(code) => {
            let o = shell.execute(&code);
            shell.report(&o, &code, use_color());
            exit_status(&o)
        }
        _ => {
            if std::io::stdin().is_terminal() {
                crate::repl::run(&mut shell)
            } else {
                pipe::run(&mut shell)
            }
        }
    }
}

fn run_script(shell: &mut Shell, path: &Path) -> u8 {
    let why = match std::fs::metadata(path) {
        Ok(m) if m.is_file() => None,
        Ok(_) => Some("not a file".to_string()),
        Err(e) => Some(e.to_string()),
    };
    if let Some(why) = why {
        crate::errln!("flatlab: cannot run script '{}': {why}", path.display());
        return 2;
    }
    let o = shell.execute_script(path);
    shell.report(&o, "", use_color());
    exit_status(&o)
}

/// 0 on success, 1 after an uncaught error, or the status given to `exit`.
pub fn exit_status(o: &Outcome) -> u8 {
    if let Some(code) = o.exit {
        return code.clamp(0, 255) as u8;
    }
    if o.failed() {
        1
    } else {
        0
    }
}

fn compact(home: &Path, name: &str) -> u8 {
    let mut st = match Store::open(home, name) {
        Ok(s) => s,
        Err(e) => {
            crate::errln!("flatlab: {e}");
            return 1;
        }
    };
    let size = |s: &Store| s.info().map(|i| i.file_bytes).unwrap_or(0);
    let before = size(&st);
    match st.compact() {
        Ok(_) => {
            crate::outln!(
                "compacted workspace '{name}': {} -> {}",
                store::format_bytes(before),
                store::format_bytes(size(&st))
            );
            0
        }
        Err(e) => {
            crate::errln!("flatlab: cannot compact workspace '{name}': {e}");
            1
        }
    }
}

/// `flatlab history -w NAME ARGS`: a bare `--session` means the latest one.
fn history_cli(home: &Path, name: &str, args: &[String]) -> u8 {
    if !store::db_path(home, name).exists() {
        crate::errln!("flatlab: no workspace named '{name}' (see flatlab --list)");
        return 1;
    }
    let st = match Store::open_for_scan(home, name) {
        Ok(s) => s,
        Err(e) => {
            crate::errln!("flatlab: {e}");
            return 1;
        }
    };
    let latest = st
        .sessions()
        .ok()
        .and_then(|s| s.last().map(|(r, _)| r.id.clone()))
        .unwrap_or_default();
    match listing::listing(&st, args, &latest) {
        Ok(text) => {
            if !text.is_empty() {
                crate::outln!("{text}");
            }
            0
        }
        Err(msg) => {
            crate::errln!("flatlab: {msg}");
            2
        }
    }
}

fn recover(home: &Path, name: &str, into: &str) -> u8 {
    match store::recover(home, name, into) {
        Ok(r) => {
            crate::outln!(
                "recovered {} variable{} and {} history record{} of '{name}' into workspace '{into}' ({})",
                r.recovered.len(),
                if r.recovered.len() == 1 { "" } else { "s" },
                r.history_copied,
                if r.history_copied == 1 { "" } else { "s" },
                r.path.display()
            );
            for (n, why) in &r.lost {
                crate::outln!("lost: {n}: {why}");
            }
            if r.history_lost > 0 {
                crate::outln!("lost: {} history records", r.history_lost);
            }
            0
        }
        Err(e) => {
            crate::errln!("flatlab: cannot recover workspace '{name}': {e}");
            1
        }
    }
}

fn list(home: &Path) -> u8 {
    match store::list_workspaces(home) {
        Ok(list) => {
            if list.is_empty() {
                crate::outln!("no workspaces under {}", home.display());
                return 0;
            }
            crate::outln!(
                "{:<20} {:>9} {:>10}  last used",
                "name",
                "variables",
                "size"
            );
            let now = SystemTime::now();
            for w in list {
                let vars = w
                    .variables
                    .map(|n| n.to_string())
                    .unwrap_or_else(|| "?".into());
                let when = match (&w.in_use, &w.error, w.last_used) {
                    (Some(who), _, _) => format!("in use by {who}"),
                    (None, Some(err), _) => format!("unreadable: {err}"),
                    (None, None, Some(ms)) => store::format_age(ms, now),
                    (None, None, None) => "never".into(),
                };
                crate::outln!(
                    "{:<20} {:>9} {:>10}  {}",
                    w.name,
                    vars,
                    store::format_bytes(w.bytes_on_disk),
                    when
                );
            }
            0
        }
        Err(e) => {
            crate::errln!("flatlab: {e}");
            1
        }
    }
}
