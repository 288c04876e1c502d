//! The interactive shell: rustyline with a prompt naming the workspace,
//! multi-line input decided by the real parser, completion, and history
//! navigation/Ctrl-R over the workspace's stored history (no dotfile):
//! earlier sessions' commands first, this session's nearest the prompt; a
//! recalled command that ran in another directory shows a `% ran in DIR`
//! hint after the line (display only; see `editor`).
//!
//! Ctrl-C at the prompt clears the line; during a command it sets the
//! interrupt flag (see `shell::install_interrupt`) and the command stops at
//! the next statement. Ctrl-D, `exit` or `quit` leave.

mod editor;

use crate::shell::{use_color, Shell};
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::{Config, Editor};
use std::io::Write;

/// How many stored commands are loaded into the line editor's history.
const HISTORY_LOAD: usize = 10_000;

pub fn run(shell: &mut Shell) -> u8 {
    let color = use_color();
    if let Some(b) = shell.banner() {
        crate::outln!("{b}");
    } else {
        crate::outln!(
            "flatlab {}: new workspace '{}' (every command is saved; type 'exit' to leave)",
            env!("CARGO_PKG_VERSION"),
            shell.name()
        );
    }
    let config = Config::builder()
        // Candidates are listed with their summaries.
        .completion_type(rustyline::CompletionType::List)
        .max_history_size(HISTORY_LOAD)
        .map(|b| b.auto_add_history(false).history_ignore_dups(true))
        .and_then(|b| b.map(|b| b.build()));
    let config = config.unwrap_or_default();
    let mut rl: Editor<editor::FlatHelper, DefaultHistory> = match Editor::with_config(config) {
        Ok(rl) => rl,
        Err(e) => {
            crate::errln!("flatlab: cannot start the line editor: {e}");
            return 1;
        }
    };
    let names = editor::Names::default();
    names.refresh(&shell.interp);
    let dirs = editor::Dirs::new(HISTORY_LOAD);
    rl.set_helper(Some(editor::FlatHelper::new(
        names.clone(),
        dirs.clone(),
        color,
    )));
    // Earlier sessions' commands, then this session's (nearest the prompt).
    for r in shell.history_texts(HISTORY_LOAD) {
        let added = rl.add_history_entry(r.text.as_str()).unwrap_or(false);
        dirs.push(&r.text, &r.cwd, added);
    }
    let prompt = format!("{}>> ", shell.name());
    let images = crate::graphics::terminal::detect_here();
    let mut status = 0;
    loop {
        let read = rl.readline(&prompt);
        // A Ctrl-C typed at the prompt clears the line; it must not interrupt
        // the next command (terminals without raw mode deliver it as SIGINT).
        shell.interp.clear_interrupt();
        match read {
            Ok(line) => {
                if line.trim().is_empty() {
                    continue;
                }
                let added = rl.add_history_entry(line.as_str()).unwrap_or(false);
                dirs.push(&line, &editor::current_dir(), added);
                // Again just before the command: a Ctrl-C the terminal
                // turned into SIGINT while the line editor was not in raw
                // mode may land after the clear above.
                shell.interp.clear_interrupt();
                let o = shell.execute(&line);
                show_figure(shell, &o, images, color);
                let _ = std::io::stdout().flush();
                shell.report(&o, &line, color);
                if let Some(e) = &o.error {
                    if e.is_interrupt() && o.exit.is_none() {
                        crate::errln!("interrupted: the statements that completed are kept");
                    }
                }
                names.refresh(&shell.interp);
                if let Some(code) = o.exit {
                    status = code.clamp(0, 255) as u8;
                    break;
                }
            }
            Err(ReadlineError::Interrupted) => continue,
            // Bytes that are not UTF-8 (a terminal set to another encoding):
            // the line cannot be known, so it is not run, and what was typed
            // or pasted after the bad byte is dropped with it (run alone, the
            // rest of the line could do something else); the session goes on.
            Err(ReadlineError::Io(e)) if e.kind() == std::io::ErrorKind::InvalidData => {
                // SAFETY: tcflush only discards the terminal's pending input.
                unsafe { libc::tcflush(libc::STDIN_FILENO, libc::TCIFLUSH) };
                crate::errln!(
                    "flatlab: the typed line is not valid UTF-8 (is the terminal set to UTF-8?); it was not run"
                );
                continue;
            }
            Err(ReadlineError::Eof) => {
                crate::outln!();
                break;
            }
            Err(e) => {
                crate::errln!("flatlab: input error: {e}");
                status = 1;
                break;
            }
        }
    }
    // The figures' PNG files were for this session (the figures themselves
    // are in the workspace).
    if images != crate::graphics::terminal::Mode::None {
        crate::graphics::terminal::remove_session_dir();
    }
    status
}

/// After a command that made or edited the current figure, draw it in the
/// terminal (`graphics::terminal`: an inline image or a braille preview,
/// and the path of its PNG). A failure to draw is a notice, not an error.
fn show_figure(
    shell: &mut Shell,
    o: &crate::eval::Outcome,
    mode: crate::graphics::terminal::Mode,
    color: bool,
) {
    if mode == crate::graphics::terminal::Mode::None {
        return;
    }
    let width = shell.interp.state.width;
    let Some(fig) = shell.changed_figure(o) else {
        return;
    };
    let mut out = std::io::stdout().lock();
    if let Err(e) = crate::graphics::terminal::show(fig, mode, width, color, &mut out) {
        crate::errln!("flatlab: {e}");
    }
}
