//! Commands from a pipe: each complete command runs (and is committed) as
//! soon as its last line arrives, exactly as the REPL would run it, but with
//! no prompts. Lines are gathered until the real parser says the input is
//! complete, so a `for` block spread over lines runs once as a whole.

use super::{exit_status, use_color, Shell};
use std::io::BufRead;

pub fn run(shell: &mut Shell) -> u8 {
    let stdin = std::io::stdin();
    let mut lock = stdin.lock();
    let mut buffer = String::new();
    let mut status = 0u8;
    let mut line = String::new();
    loop {
        line.clear();
        let n = match lock.read_line(&mut line) {
            Ok(n) => n,
            Err(e) => {
                crate::errln!("flatlab: cannot read standard input: {e}");
                return 1;
            }
        };
        if n == 0 {
            break;
        }
        // A lone `\r` ends a line too (old Mac files), as for the parser.
        for piece in crate::syntax::lines_inclusive(&line) {
            if let Some(code) = take_line(shell, &mut buffer, piece, &mut status) {
                return code;
            }
        }
    }
    if !buffer.trim().is_empty() {
        let o = shell.execute(buffer.trim_end_matches('\n'));
        shell.report(&o, &buffer, use_color());
        if o.failed() {
            status = 1;
        }
    }
    status
}

/// Add one line to `buffer` and run the buffer once it is a complete
/// command; `Some(status)` when the command exits flatlab.
fn take_line(shell: &mut Shell, buffer: &mut String, line: &str, status: &mut u8) -> Option<u8> {
    buffer.push_str(line);
    // Ask as the REPL does, without the last line's own line end: a
    // final `...` then continues onto the next line read.
    let typed = buffer.strip_suffix('\n').unwrap_or(buffer);
    if crate::syntax::is_incomplete(typed.strip_suffix('\r').unwrap_or(typed)) {
        return None;
    }
    let text = std::mem::take(buffer);
    if text.trim().is_empty() {
        return None;
    }
    let o = shell.execute(text.trim_end_matches('\n'));
    shell.report(&o, &text, use_color());
    if o.exit.is_some() {
        return Some(exit_status(&o));
    }
    if o.failed() {
        *status = 1;
    }
    None
}
