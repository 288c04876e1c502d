//! The gate between the interpreter's output and the real stdout/stderr,
//! which keeps the promise that nothing is shown before the changes behind
//! it are on disk when commits are grouped (pipe mode, see `pipe.rs`).
//!
//! Outside a group the gate passes every write straight through. In a
//! group it holds what the interpreter writes, stdout and stderr together
//! in the order they were written, and shows it only once the commits of
//! the commands that wrote it are durable: the shell makes the group
//! durable (one fsync for all its commands) and then writes what is held
//! (`write_held`). So a run of displaying commands piped together shares
//! one fsync, as quiet ones do.
//!
//! Held output is bounded. Output of finished commands that reaches
//! [`HELD_BYTES`] or is older than [`HELD_TIME`] is shown at the running
//! command's next write, after those commands are made durable. The running
//! command's own output is shown before the command ends only when the
//! command is long (it has run for [`HELD_TIME`], or its own output passes
//! [`HELD_BYTES`]), so that a loop displaying progress shows it as it runs:
//! its changes are not committed yet, as for any command's output in an
//! ungrouped session, so the shell makes it durable as soon as it ends (see
//! `showed_early`). Everything held is also shown before an effect that
//! escapes the process while a command runs ([`release_output`]: a program
//! run by `system`, a `pause`, a diary line), the earlier commands made
//! durable first, and after a checkpoint of a long command (which makes
//! the command's changes so far durable too).
//!
//! Output that stays held because the command went quiet after writing it
//! (it displays, then computes for a while) would wait for the next
//! periodic checkpoint. Instead, once output has been held for
//! [`NUDGE_AFTER`] with nothing shown since, a timer thread asks the
//! interpreter for a checkpoint (`eval::ask_checkpoint`), which it takes at
//! its next statement boundary: the commits behind the output are made
//! durable, then it shows. Output is never shown before its commits.

use crate::store::Store;
use std::cell::RefCell;
use std::io::Write;
use std::rc::{Rc, Weak};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Most output held before it is shown (the commits before it first).
pub(super) const HELD_BYTES: usize = 1 << 20;
/// Longest time output is held while commands keep writing.
pub(super) const HELD_TIME: Duration = Duration::from_millis(50);
/// How long output may wait, with nothing shown, before the running
/// command is asked for a checkpoint so that it can show.
const NUDGE_AFTER: Duration = Duration::from_millis(100);

/// How many times held output was shown (the epoch a nudge belongs to).
static SHOWN: AtomicU64 = AtomicU64::new(0);

/// Asks the interpreter for a checkpoint [`NUDGE_AFTER`] from now, unless
/// held output is shown before then (the epoch has moved on). The waiting
/// is done by one timer thread, started on the first call; if it cannot
/// be started, held output waits for the periodic checkpoint as before.
fn nudge() {
    static TIMER: OnceLock<Option<Sender<(u64, Instant)>>> = OnceLock::new();
    let timer = TIMER.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<(u64, Instant)>();
        let started = std::thread::Builder::new()
            .name("output-nudge".into())
            .spawn(move || {
                crate::eval::keep_ctrl_c_off_this_thread();
                while let Ok((epoch, at)) = rx.recv() {
                    std::thread::sleep(at.saturating_duration_since(Instant::now()));
                    if SHOWN.load(Ordering::Relaxed) == epoch {
                        crate::eval::ask_checkpoint(true);
                    }
                }
            });
        started.ok().map(|_| tx)
    });
    if let Some(tx) = timer {
        let epoch = SHOWN.load(Ordering::Relaxed);
        let _ = tx.send((epoch, Instant::now() + NUDGE_AFTER));
    }
}

/// Output not shown yet, in the order written: runs of one stream.
#[derive(Default)]
struct Held {
    runs: Vec<(Stream, Vec<u8>)>,
    bytes: usize,
    /// When its oldest byte was written.
    since: Option<Instant>,
}

impl Held {
    fn push(&mut self, stream: Stream, buf: &[u8]) {
        match self.runs.last_mut() {
            Some((s, bytes)) if *s == stream => bytes.extend_from_slice(buf),
            _ => self.runs.push((stream, buf.to_vec())),
        }
        self.bytes += buf.len();
        self.since.get_or_insert_with(Instant::now);
    }

    /// `later` appended to this.
    fn append(&mut self, later: Held) {
        for (stream, bytes) in later.runs {
            self.push(stream, &bytes);
        }
        if self.since.is_none() {
            self.since = later.since;
        }
    }

    fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    /// Reached its bound of size or age.
    fn due(&self) -> bool {
        self.bytes >= HELD_BYTES || self.since.is_some_and(|t| t.elapsed() >= HELD_TIME)
    }
}

struct State {
    /// Whether commits are grouped; else output is written through.
    holding: bool,
    /// Output of finished commands not shown yet.
    held: Held,
    /// Output of the running command not shown yet.
    running: Held,
    /// When the running command started.
    started: Instant,
    /// Whether output of the running command was shown before its commit.
    showed_early: bool,
    /// Whether a checkpoint is asked for (`nudge`) for what is held now.
    nudged: bool,
    /// The error of a failed write of held output (stdout closed, disk of a
    /// redirected file full): later writes fail with it, as they would have.
    broken: Option<(std::io::ErrorKind, String)>,
    store: Rc<RefCell<Store>>,
}

/// Shared by the two writers the interpreter gets and by the shell.
#[derive(Clone)]
pub(super) struct Gate(Rc<RefCell<State>>);

thread_local! {
    /// The holding gate of the session on this thread, for
    /// [`release_output`]: the interpreter knows no shell.
    static ACTIVE: RefCell<Weak<RefCell<State>>> = const { RefCell::new(Weak::new()) };
}

/// Before an effect that escapes the process while a command runs (a
/// program writing to the shared stdout, a pause, a diary line): makes the
/// earlier commands durable and shows the output held so far. Does nothing
/// outside grouped commits.
pub(crate) fn release_output() {
    let gate = ACTIVE.with(|a| a.borrow().upgrade());
    if let Some(g) = gate {
        Gate(g).release(true);
    }
}

impl Gate {
    pub(super) fn new(store: Rc<RefCell<Store>>) -> Gate {
        Gate(Rc::new(RefCell::new(State {
            holding: false,
            held: Held::default(),
            running: Held::default(),
            started: Instant::now(),
            showed_early: false,
            nudged: false,
            broken: None,
            store,
        })))
    }

    /// The interpreter's stdout and stderr through this gate.
    pub(super) fn writers(&self) -> (Box<dyn Write>, Box<dyn Write>) {
        (
            Box::new(GateWriter(self.clone(), Stream::Out)),
            Box::new(GateWriter(self.clone(), Stream::Err)),
        )
    }

    /// Hold output from now on (`true`: commits are grouped) or not (what
    /// is held is shown first, after its commits).
    pub(super) fn hold(&self, on: bool) {
        if !on {
            self.release(true);
        }
        self.0.borrow_mut().holding = on;
        ACTIVE.with(|a| {
            *a.borrow_mut() = match on {
                true => Rc::downgrade(&self.0),
                false => Weak::new(),
            }
        });
    }

    /// A command starts: what the last one wrote is a finished command's.
    pub(super) fn start_command(&self) {
        let mut s = self.0.borrow_mut();
        let last = std::mem::take(&mut s.running);
        s.held.append(last);
        s.started = Instant::now();
        s.showed_early = false;
    }

    /// Whether output of the running command was shown before its commit
    /// (a long command's output released mid-command): it must be made
    /// durable as soon as it ends.
    pub(super) fn showed_early(&self) -> bool {
        self.0.borrow().showed_early
    }

    /// Whether the held output reached its bound of size or age: the
    /// commands behind it must be made durable now and it shown.
    pub(super) fn due(&self) -> bool {
        let s = self.0.borrow();
        s.held.due() || s.running.due() || s.held.bytes + s.running.bytes >= HELD_BYTES
    }

    /// Makes every deferred commit durable, then shows what is held: all
    /// of it, or (`all` false) only the finished commands' output. A failed
    /// commit is reported on stderr first (the shell commits those commands
    /// again with the next one), as when output is not held.
    fn release(&self, all: bool) {
        let store = {
            let s = self.0.borrow();
            if s.held.is_empty() && (!all || s.running.is_empty()) {
                return;
            }
            s.store.clone()
        };
        let synced = match store.try_borrow_mut() {
            Ok(mut st) => st.sync().map_err(|e| super::cause(&e)),
            Err(_) => Err("the workspace is busy".to_string()),
        };
        if let Err(why) = synced {
            let _ = writeln!(
                std::io::stderr(),
                "flatlab: workspace not saved: {why}; your variables are still in memory (the next command retries)"
            );
        }
        let _ = self.write(all);
    }

    /// Shows everything held, in the order it was written: for callers
    /// that made the commits behind it durable.
    pub(super) fn write_held(&self) -> std::io::Result<()> {
        self.write(true)
    }

    /// Shows the finished commands' held output, and the running one's
    /// too when `all`.
    fn write(&self, all: bool) -> std::io::Result<()> {
        let held = {
            let mut s = self.0.borrow_mut();
            let mut held = std::mem::take(&mut s.held);
            if all && !s.running.is_empty() {
                held.append(std::mem::take(&mut s.running));
                s.showed_early = true;
            }
            // A nudge for output shown now is stale; what stays held (the
            // running command's) is nudged for again at its next write or
            // below.
            SHOWN.fetch_add(1, Ordering::Relaxed);
            s.nudged = false;
            if s.running.is_empty() {
                crate::eval::ask_checkpoint(false);
            } else {
                s.nudged = true;
                nudge();
            }
            held
        };
        let mut result = Ok(());
        for (stream, bytes) in &held.runs {
            // Each run is flushed before the other stream's next one, so
            // the two keep their order on one terminal.
            let r = match stream {
                Stream::Out => {
                    let mut out = std::io::stdout().lock();
                    out.write_all(bytes).and_then(|_| out.flush())
                }
                Stream::Err => {
                    let mut err = std::io::stderr().lock();
                    err.write_all(bytes).and_then(|_| err.flush())
                }
            };
            if let Err(e) = r {
                result = Err(e);
                break;
            }
        }
        if let Err(e) = &result {
            self.0.borrow_mut().broken = Some((e.kind(), e.to_string()));
        }
        result
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stream {
    Out,
    Err,
}

struct GateWriter(Gate, Stream);

impl GateWriter {
    fn direct(&self, buf: &[u8]) -> std::io::Result<usize> {
        match self.1 {
            Stream::Out => std::io::stdout().write(buf),
            Stream::Err => std::io::stderr().write(buf),
        }
    }
}

impl Write for GateWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let (all, earlier) = {
            let Ok(mut s) = self.0 .0.try_borrow_mut() else {
                return self.direct(buf);
            };
            if !s.holding {
                drop(s);
                return self.direct(buf);
            }
            if let Some((kind, msg)) = &s.broken {
                return Err(std::io::Error::new(*kind, msg.clone()));
            }
            s.running.push(self.1, buf);
            // A long command shows its output as it runs; a short one's
            // waits for its commit.
            let long = s.started.elapsed() >= HELD_TIME || s.running.bytes >= HELD_BYTES;
            let full = s.held.bytes + s.running.bytes >= HELD_BYTES;
            (long, s.held.due() || (full && !s.held.is_empty()))
        };
        if all || earlier {
            self.0.release(all);
            if let Some((kind, msg)) = &self.0 .0.borrow().broken {
                return Err(std::io::Error::new(*kind, msg.clone()));
            }
        }
        // Output left held: a checkpoint is asked for if it is still held
        // a little later (the command went quiet).
        if let Ok(mut s) = self.0 .0.try_borrow_mut() {
            if s.holding && !s.nudged && !(s.held.is_empty() && s.running.is_empty()) {
                s.nudged = true;
                drop(s);
                nudge();
            }
        }
        Ok(buf.len())
    }

    /// Held output stays held (the interpreter flushes after every
    /// command and warning); otherwise the stream is flushed.
    fn flush(&mut self) -> std::io::Result<()> {
        if self.0 .0.try_borrow().is_ok_and(|s| s.holding) {
            return Ok(());
        }
        match self.1 {
            Stream::Out => std::io::stdout().flush(),
            Stream::Err => std::io::stderr().flush(),
        }
    }
}
