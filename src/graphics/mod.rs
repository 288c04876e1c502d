//! Figures: flat data, kept in the workspace store like variables.
//!
//! A figure is a `model::Figure`: axes and the lines, patches, images,
//! surfaces and text drawn in them, each holding copies of its numbers. The
//! session's open figures live in `Graphics` (inside the builtins' `State`);
//! after every graphics builtin the interpreter encodes the figures it
//! changed as hidden workspace values named `figure:N` (`convert`), so the
//! command's commit stores them beside the variables (their arrays through
//! the same content-addressed chunks), `undo` restores them, and a restart
//! brings them back. `figure:current` holds the current figure's number.
//!
//! Submodules: `model` (the figure description), `linespec` (MATLAB's
//! `'r--o'` line specifications and colour names), `convert` (figure ⇄
//! workspace value), `render` (SVG and PNG, pure Rust, embedded font),
//! `colormaps` (parula, viridis, jet... by name), `terminal` (figures drawn
//! inline in the REPL), `serve` (the `plots` page in a browser).

pub mod colormaps;
pub mod convert;
pub mod linespec;
pub mod model;
pub mod render;
pub mod serve;
pub mod terminal;

use model::{Axes, Figure, DEFAULT_AXES_POSITION};
use std::collections::{BTreeMap, BTreeSet};

/// Store names of figures: "figure:1", "figure:2"... (not MATLAB names, so
/// they never collide with a variable; `who` does not list them).
pub const FIGURE_PREFIX: &str = "figure:";
/// The store name holding the current figure's number.
pub const CURRENT_KEY: &str = "figure:current";

/// The store name of figure `n`.
pub fn figure_key(n: u32) -> String {
    format!("{FIGURE_PREFIX}{n}")
}

/// The figure number a store name stands for (`None` for `figure:current`
/// and names that are not figures).
pub fn figure_number(key: &str) -> Option<u32> {
    key.strip_prefix(FIGURE_PREFIX)?.parse().ok()
}

/// Whether a store name belongs to the graphics state (a figure or the
/// current-figure marker) rather than to a variable.
pub fn is_graphics_key(key: &str) -> bool {
    key.starts_with(FIGURE_PREFIX)
}

/// The session's open figures and what changed since the interpreter last
/// collected the changes.
#[derive(Clone, Debug, Default)]
pub struct Graphics {
    /// Open figures by number.
    pub figures: BTreeMap<u32, Figure>,
    /// The current figure (`gcf`), if any is open.
    pub current: Option<u32>,
    /// Figures changed (made or edited) since the last `take_changes`.
    pub changed: BTreeSet<u32>,
    /// Figures closed since the last `take_changes`.
    pub closed: BTreeSet<u32>,
    /// Whether `current` changed since the last `take_changes`.
    pub current_changed: bool,
}

/// What changed in the graphics state, for the interpreter to track.
#[derive(Debug, Default)]
pub struct Changes {
    pub changed: BTreeSet<u32>,
    pub closed: BTreeSet<u32>,
    pub current_changed: bool,
}

impl Graphics {
    /// The current figure, made (as figure 1, or the lowest free number) if
    /// none is open: what `plot` draws into.
    pub fn gcf(&mut self) -> &mut Figure {
        let n = match self.current.filter(|n| self.figures.contains_key(n)) {
            Some(n) => n,
            None => self.new_figure(None),
        };
        self.changed.insert(n);
        self.figures.get_mut(&n).expect("current figure exists")
    }

    /// Number of the current figure, if one is open (no figure is made).
    pub fn current_number(&self) -> Option<u32> {
        self.current.filter(|n| self.figures.contains_key(n))
    }

    /// Make figure `n` (or the lowest free number) current, creating it if
    /// needed; returns its number.
    pub fn new_figure(&mut self, n: Option<u32>) -> u32 {
        let n = n.unwrap_or_else(|| (1..).find(|k| !self.figures.contains_key(k)).unwrap_or(1));
        self.figures.entry(n).or_insert_with(|| Figure::new(n));
        self.closed.remove(&n);
        self.changed.insert(n);
        self.set_current(Some(n));
        n
    }

    /// Set the current figure.
    pub fn set_current(&mut self, n: Option<u32>) {
        if self.current != n {
            self.current = n;
            self.current_changed = true;
        }
    }

    /// The current axes of the current figure, made (full-size) if the
    /// figure has none: what `plot`, `title`, `xlim`... act on.
    pub fn gca(&mut self) -> &mut Axes {
        let f = self.gcf();
        let i = match f.current.filter(|&i| i < f.axes.len()) {
            Some(i) => i,
            None => {
                let h = f.next_axes_handle;
                f.next_axes_handle += 1;
                f.axes.push(Axes::new(h, DEFAULT_AXES_POSITION));
                f.current = Some(f.axes.len() - 1);
                f.axes.len() - 1
            }
        };
        &mut f.axes[i]
    }

    /// Close figure `n`; false if it was not open.
    pub fn close(&mut self, n: u32) -> bool {
        if self.figures.remove(&n).is_none() {
            return false;
        }
        self.changed.remove(&n);
        self.closed.insert(n);
        if self.current == Some(n) {
            // MATLAB makes the most recently current remaining figure
            // current; flatlab takes the highest-numbered one.
            let next = self.figures.keys().next_back().copied();
            self.set_current(next);
        }
        true
    }

    /// Close every figure.
    pub fn close_all(&mut self) {
        let all: Vec<u32> = self.figures.keys().copied().collect();
        for n in all {
            self.close(n);
        }
    }

    /// Hand over what changed since the last call.
    pub fn take_changes(&mut self) -> Changes {
        Changes {
            changed: std::mem::take(&mut self.changed),
            closed: std::mem::take(&mut self.closed),
            current_changed: std::mem::replace(&mut self.current_changed, false),
        }
    }
}
