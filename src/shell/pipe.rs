//! Commands from a pipe: each complete command runs (and is committed) as
//! soon as its last line arrives, exactly as the REPL would run it, but with
//! no prompts. Lines are gathered until the real parser says the input is
//! complete, so a `for` block spread over lines runs once as a whole.
//!
//! Commands that arrive together share one commit (one fsync): each still
//! runs in its own transaction with its own history record, but a command
//! whose successor is already readable commits without waiting for the
//! disk, displaying commands included: the shell's gate holds what they
//! write (stdout and stderr, in order) and shows it once the group is
//! durable. The group is made durable, and its output shown, before waiting
//! for input that has not arrived, before an error is shown, before the
//! session ends, at the latest after 256 commands or 50 ms, or when held
//! output passes 1 MiB (then even in the middle of a command, which also
//! shows a long command's progress; see `gate.rs`). Output a command
//! leaves held while it runs on quietly is shown after a checkpoint the
//! gate asks for once it has waited 100 ms. A kill loses at most
//! the commands of a group that showed nothing yet; see
//! `Store::defer_commits`.
//!
//! Input is bytes. A command with a line that is not UTF-8 is not run (its
//! text is unknown): it is reported with the line number and the session goes
//! on with the next command, as after any other error.

use super::{exit_status, use_color, Shell};
use crate::syntax::encoding::{check_utf8, BadUtf8};
use std::cell::RefCell;
use std::io::{BufRead, BufReader, Read};
use std::os::fd::AsFd;
use std::rc::Rc;

type Reader = Rc<RefCell<BufReader<Box<dyn Read>>>>;

thread_local! {
    /// The pipe's reader while pipe mode runs: `input` and `keyboard` read
    /// the next line from it (that line is then not run as a command).
    static READER: RefCell<Option<Reader>> = const { RefCell::new(None) };
}

/// The next line of the pipe for `input`, line end included (`Ok(None)` at
/// the end of the input); `None` outside pipe mode.
pub(crate) fn read_line() -> Option<std::io::Result<Option<Vec<u8>>>> {
    let reader = READER.with(|r| r.borrow().clone())?;
    let mut line = Vec::new();
    let r = reader.borrow_mut().read_until(b'\n', &mut line);
    Some(r.map(|n| (n > 0).then_some(line)))
}

/// Takes the reader away from `input` when pipe mode ends.
struct Registered;

impl Drop for Registered {
    fn drop(&mut self) {
        READER.with(|r| r.borrow_mut().take());
    }
}

/// The command being gathered: its text, its line numbers, and its first line
/// that was not UTF-8 (kept, with the bad bytes replaced, only to find where
/// the command ends).
#[derive(Default)]
struct Pending {
    text: String,
    first_line: usize,
    last_line: usize,
    bad: Option<(usize, BadUtf8)>,
}

pub fn run(shell: &mut Shell) -> u8 {
    let status = run_grouped(shell);
    // Nothing may be left waiting for the disk when the session ends.
    if shell.sync_reported() {
        status
    } else {
        status.max(1)
    }
}

/// Standard input for the pipe: read through a buffer this module can look
/// into (so it knows whether the next command is already there). Falls back
/// to the shared `Stdin` if the descriptor cannot be duplicated.
fn input() -> Box<dyn Read> {
    match std::io::stdin().as_fd().try_clone_to_owned() {
        Ok(fd) => Box::new(std::fs::File::from(fd)),
        Err(_) => Box::new(std::io::stdin()),
    }
}

/// Whether reading from `reader` now would not block: bytes are buffered,
/// or the descriptor has data or an end of file ready.
fn readable(reader: &BufReader<Box<dyn Read>>) -> bool {
    if !reader.buffer().is_empty() {
        return true;
    }
    let mut p = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: polls one descriptor we own a pollfd for, without waiting.
    let n = unsafe { libc::poll(&mut p, 1, 0) };
    n > 0 && p.revents != 0
}

fn run_grouped(shell: &mut Shell) -> u8 {
    shell.group_commits();
    let lock: Reader = Rc::new(RefCell::new(BufReader::with_capacity(64 << 10, input())));
    READER.with(|r| *r.borrow_mut() = Some(lock.clone()));
    let _registered = Registered;
    let mut cmd = Pending::default();
    let mut status = 0u8;
    let mut line = Vec::new();
    let mut number = 0usize;
    loop {
        line.clear();
        if !readable(&lock.borrow()) && !shell.sync_reported() {
            status = 1;
        }
        let read = lock.borrow_mut().read_until(b'\n', &mut line);
        let n = match read {
            Ok(n) => n,
            Err(e) => {
                crate::errln!("flatlab: cannot read standard input: {e}");
                return 1;
            }
        };
        if n == 0 {
            break;
        }
        number += 1;
        let (text, bad) = match check_utf8(&line) {
            Ok(text) => (std::borrow::Cow::Borrowed(text), None),
            Err(bad) => (String::from_utf8_lossy(&line), Some(bad)),
        };
        // A lone `\r` ends a line too (old Mac files), as for the parser.
        for piece in crate::syntax::lines_inclusive(&text) {
            if cmd.text.is_empty() {
                cmd.first_line = number;
            }
            cmd.last_line = number;
            if let Some(bad) = bad {
                cmd.bad.get_or_insert((number, bad));
            }
            cmd.text.push_str(piece);
            if is_incomplete(&cmd.text) {
                continue;
            }
            let more = readable(&lock.borrow());
            shell.more_input(more);
            if let Some(exit) = run_command(shell, std::mem::take(&mut cmd), &mut status) {
                return exit;
            }
        }
    }
    shell.more_input(false);
    match run_command(shell, cmd, &mut status) {
        Some(exit) => exit,
        None => status,
    }
}

/// Whether the gathered text needs more lines. Asked as the REPL asks, without
/// the last line's own line end: a final `...` then continues onto the next
/// line read, and at the end of the input it just ends the statement.
fn is_incomplete(text: &str) -> bool {
    let typed = text.strip_suffix('\n').unwrap_or(text);
    crate::syntax::is_incomplete(typed.strip_suffix('\r').unwrap_or(typed))
}

/// Runs one gathered command (status 1 if it fails); `Some(status)` when it
/// ends the session.
fn run_command(shell: &mut Shell, cmd: Pending, status: &mut u8) -> Option<u8> {
    if cmd.text.trim().is_empty() {
        return None;
    }
    if let Some((line, bad)) = cmd.bad {
        let which = if cmd.first_line == cmd.last_line {
            "it was not run".to_string()
        } else {
            format!(
                "the command on lines {}-{} was not run",
                cmd.first_line, cmd.last_line
            )
        };
        // A message shows: what ran before it is made durable first.
        if !shell.sync_reported() {
            *status = 1;
        }
        crate::errln!(
            "flatlab: line {line} is not valid UTF-8 (byte 0x{:02X} at column {}); {which}",
            bad.byte,
            bad.column
        );
        *status = 1;
        return None;
    }
    let o = shell.execute(cmd.text.trim_end_matches('\n'));
    if !shell.show(&o) {
        *status = 1;
    }
    shell.report(&o, &cmd.text, use_color());
    if o.exit.is_some() {
        return Some(exit_status(&o));
    }
    if o.failed() {
        *status = 1;
    }
    None
}
