//! A progress bar for long saves and loads: bytes are counted as they pass
//! through [`Counting`] (a writer or reader wrapper) or are reported with
//! [`Progress::set`]; once an operation has run for a second, and only when
//! stderr is a terminal, an indicatif bar appears on stderr. It is cleared
//! when the operation ends. On pipes and files nothing is ever drawn, and
//! the cost is one clock read per piece (pieces are at most [`PIECE`]).
//!
//! Before the bar first draws, output the pipe mode's gate holds is shown
//! (after the commits behind it: `shell::release_output`), so the bar never
//! comes before output written earlier.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{self, IsTerminal, Read, Seek, SeekFrom, Write};
use std::time::{Duration, Instant};

/// Largest single read or write passed on, so the bar moves on big slices.
pub(crate) const PIECE: usize = 8 << 20;

/// Operations shorter than this never show a bar.
const DELAY: Duration = Duration::from_secs(1);

/// Byte progress of one save or load.
pub(crate) struct Progress {
    done: u64,
    start: Instant,
    /// On a terminal, the bar: hidden, but following every position from
    /// the start (so its rate and elapsed time are right from its first
    /// frame), until it is shown after [`DELAY`].
    bar: Option<ProgressBar>,
    shown: bool,
    /// Run once, just before the bar first draws.
    before_show: fn(),
}

impl Progress {
    /// Progress of `verb` ("save", "load") over `total` bytes (0: unknown).
    pub(crate) fn new(verb: &'static str, total: u64) -> Progress {
        Progress::on(verb, total, std::io::stderr().is_terminal())
    }

    /// The same, with a bar only when `terminal`.
    fn on(verb: &'static str, total: u64, terminal: bool) -> Progress {
        Progress {
            done: 0,
            start: Instant::now(),
            bar: terminal.then(|| hidden_bar(verb, total)),
            shown: false,
            before_show: crate::shell::release_output,
        }
    }

    /// Adds `n` bytes done.
    pub(crate) fn add(&mut self, n: u64) {
        self.set(self.done.saturating_add(n));
    }

    /// Sets the bytes done so far.
    pub(crate) fn set(&mut self, done: u64) {
        self.done = done;
        let Some(bar) = &self.bar else {
            return;
        };
        bar.set_position(done);
        if !self.shown && self.start.elapsed() >= DELAY {
            self.shown = true;
            (self.before_show)();
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }
}

/// A bar for `verb` over `total` bytes (0: unknown), drawn nowhere yet.
fn hidden_bar(verb: &'static str, total: u64) -> ProgressBar {
    let len = (total > 0).then_some(total);
    let bar = ProgressBar::with_draw_target(len, ProgressDrawTarget::hidden());
    let template = if len.is_some() {
        "{msg} [{bar:30}] {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} {eta}"
    } else {
        "{msg} {binary_bytes} {binary_bytes_per_sec} {elapsed}"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(verb);
    bar
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

/// A writer or reader that counts the bytes passing through it into a
/// [`Progress`], passing at most [`PIECE`] bytes per call.
pub(crate) struct Counting<T> {
    inner: T,
    progress: Progress,
}

impl<T> Counting<T> {
    pub(crate) fn new(inner: T, progress: Progress) -> Counting<T> {
        Counting { inner, progress }
    }

    pub(crate) fn get_ref(&self) -> &T {
        &self.inner
    }
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let piece = buf.get(..PIECE.min(buf.len())).unwrap_or(buf);
        let n = self.inner.write(piece)?;
        self.progress.add(n as u64);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Zip archives (.npz) seek back to patch member headers.
impl<S: Seek> Seek for Counting<S> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let len = PIECE.min(buf.len());
        let piece = buf.get_mut(..len).unwrap_or_default();
        let n = self.inner.read(piece)?;
        self.progress.add(n as u64);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_splits_writes() {
        let mut w = Counting::new(Vec::new(), Progress::new("save", 0));
        let data = vec![3u8; PIECE + 5];
        // One `write` passes at most PIECE bytes; write_all loops.
        assert_eq!(w.write(&data).unwrap(), PIECE);
        w.write_all(&data[PIECE..]).unwrap();
        assert_eq!(w.progress.done, PIECE as u64 + 5);
        assert_eq!(w.get_ref(), &data);
    }

    #[test]
    fn counts_reads() {
        let data = vec![1u8; 1000];
        let mut r = Counting::new(&data[..], Progress::new("load", 1000));
        let mut out = Vec::new();
        r.read_to_end(&mut out).unwrap();
        assert_eq!((out.len(), r.progress.done), (1000, 1000));
    }

    /// Times `count_show` ran.
    static SHOWS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    fn count_show() {
        SHOWS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    #[test]
    fn no_bar_before_a_second() {
        let mut p = Progress::on("save", 10, true);
        p.before_show = count_show;
        p.set(5);
        assert!(!p.shown);
        assert_eq!(SHOWS.load(std::sync::atomic::Ordering::SeqCst), 0);
        assert_eq!(p.bar.as_ref().map(|b| b.position()), Some(5));
        // Pretend the operation started long ago: the bar is shown (drawn
        // to stderr, which indicatif hides when it is not a terminal).
        p.start = Instant::now() - Duration::from_secs(2);
        p.set(6);
        assert!(p.shown);
        assert_eq!(p.bar.as_ref().map(|b| b.position()), Some(6));
        // Held output was released once, before the bar's first frame.
        p.set(7);
        assert_eq!(SHOWS.load(std::sync::atomic::Ordering::SeqCst), 1);
        // Off a terminal there is no bar at all.
        let mut q = Progress::on("load", 10, false);
        q.before_show = count_show;
        q.start = Instant::now() - Duration::from_secs(2);
        q.set(6);
        assert!(q.bar.is_none() && !q.shown);
        assert_eq!(SHOWS.load(std::sync::atomic::Ordering::SeqCst), 1);
    }
}
