//! The gate between the interpreter's output and the real stdout/stderr,
//! which keeps the promise that nothing is shown before the changes behind
//! it are on disk when commits are grouped (pipe mode, see `pipe.rs`).
//!
//! Outside a group the gate passes every write straight through. In a
//! group, the first write of a command (a displayed value, `disp`, a
//! warning) first makes every earlier deferred commit durable
//! (`Store::sync`); then the command's output flows as it is written, as in
//! an ungrouped session, where a command's own output precedes its commit
//! (so a long command still shows its progress live). The shell then makes
//! a command that wrote anything durable as soon as it ends.

use crate::store::Store;
use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

struct State {
    /// Whether commits are grouped; else output is written through.
    holding: bool,
    /// Whether the running command wrote anything (earlier commands were
    /// then made durable first).
    wrote: bool,
    store: Rc<RefCell<Store>>,
}

/// Shared by the two writers the interpreter gets and by the shell.
#[derive(Clone)]
pub(super) struct Gate(Rc<RefCell<State>>);

impl Gate {
    pub(super) fn new(store: Rc<RefCell<Store>>) -> Gate {
        Gate(Rc::new(RefCell::new(State {
            holding: false,
            wrote: false,
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

    /// Guard output from now on (`true`: commits are grouped) or not.
    pub(super) fn hold(&self, on: bool) {
        self.0.borrow_mut().holding = on;
    }

    /// A command starts.
    pub(super) fn start_command(&self) {
        self.0.borrow_mut().wrote = false;
    }

    /// Whether the running command wrote anything.
    pub(super) fn wrote(&self) -> bool {
        self.0.borrow().wrote
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
        if let Ok(mut s) = self.0 .0.try_borrow_mut() {
            if s.holding && !s.wrote {
                s.wrote = true;
                // Earlier commands first: then this one's output may show.
                let synced = match s.store.try_borrow_mut() {
                    Ok(mut st) => st.sync().map_err(|e| super::cause(&e)),
                    Err(_) => Err("the workspace is busy".to_string()),
                };
                if let Err(why) = synced {
                    // The shell commits those commands again with the next one.
                    let _ = writeln!(
                        std::io::stderr(),
                        "flatlab: workspace not saved: {why}; your variables are still in memory (the next command retries)"
                    );
                }
            }
        }
        self.direct(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.1 {
            Stream::Out => std::io::stdout().flush(),
            Stream::Err => std::io::stderr().flush(),
        }
    }
}
