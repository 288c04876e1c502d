//! Figures in the workspace: the session's open figures (decoded, in
//! `State::graphics`, where the plotting builtins edit them) and their
//! stored form (hidden workspace values `figure:N` and `figure:current`,
//! encoded by `graphics::convert`), kept in step.
//!
//! Stored figures come back lazily: a resume lists them without reading
//! them; the first plotting builtin (or the shell asking for the figures)
//! reads and decodes them all. After every plotting builtin the figures it
//! changed are encoded and tracked like changed variables, so the command's
//! commit stores them, `undo` restores them and a crash loses nothing that
//! was shown. `who`, `whos`, `clear` and `save` never see them.

use super::Interp;
use crate::error::{Error, Result};
use crate::graphics::{self, convert, figure_key, figure_number, CURRENT_KEY};
use crate::value::Value;

impl Interp {
    /// Read and decode every stored figure not read yet (a no-op when all
    /// are in memory).
    pub fn load_figures(&mut self) -> Result<()> {
        let mut keys: Vec<String> = self
            .lazy
            .keys()
            .filter(|k| graphics::is_graphics_key(k))
            .cloned()
            .collect();
        if keys.is_empty() {
            return Ok(());
        }
        keys.sort();
        for key in keys {
            let Some(backing) = self.backing.as_mut() else {
                return Ok(());
            };
            let found = backing.load(&key).map_err(|msg| {
                Error::with_id(
                    "flatlab:store-read",
                    format!("cannot read {key} from the workspace store: {msg}"),
                )
            })?;
            self.lazy.remove(&key);
            if let Some(v) = found {
                self.put_stored_figure(&key, v)?;
            }
        }
        Ok(())
    }

    /// Install a stored figure value (or the current-figure marker) as the
    /// session's, without tracking it as a change.
    fn put_stored_figure(&mut self, key: &str, v: Value) -> Result<()> {
        let g = &mut self.state.graphics;
        if key == CURRENT_KEY {
            let n = v.scalar_f64("figure:current").ok();
            g.current = n
                .filter(|n| *n >= 1.0 && n.fract() == 0.0)
                .map(|n| n as u32);
        } else if let Some(n) = figure_number(key) {
            let fig = convert::from_value(&v).map_err(|e| {
                Error::with_id(
                    "flatlab:store-read",
                    format!(
                        "cannot read figure {n} from the workspace store: {}",
                        e.message
                    ),
                )
            })?;
            g.figures.insert(n, fig);
        }
        self.figure_values.insert(key.to_string(), v);
        Ok(())
    }

    /// After a plotting builtin: encode the figures it changed and track
    /// them (and closed ones, and the current figure) for the commit.
    pub(super) fn collect_figure_changes(&mut self) {
        let ch = self.state.graphics.take_changes();
        for n in ch.changed {
            if let Some(fig) = self.state.graphics.figures.get(&n) {
                let key = figure_key(n);
                self.figure_values
                    .insert(key.clone(), convert::to_value(fig));
                self.note_change(&key);
            }
        }
        for n in ch.closed {
            let key = figure_key(n);
            if self.figure_values.remove(&key).is_some() || self.lazy.remove(&key).is_some() {
                self.note_clear(&key);
            }
        }
        if ch.current_changed {
            match self.state.graphics.current {
                Some(n) => {
                    self.figure_values
                        .insert(CURRENT_KEY.to_string(), Value::num(n as f64));
                    self.note_change(CURRENT_KEY);
                }
                None => {
                    if self.figure_values.remove(CURRENT_KEY).is_some()
                        | self.lazy.remove(CURRENT_KEY).is_some()
                    {
                        self.note_clear(CURRENT_KEY);
                    }
                }
            }
        }
    }

    /// Encode the figures changed since the last call into their stored form
    /// (before a commit or checkpoint reads them).
    pub(super) fn sync_figures(&mut self) {
        for n in std::mem::take(&mut self.figures_stale) {
            if let Some(fig) = self.state.graphics.figures.get(&n) {
                self.figure_values
                    .insert(figure_key(n), convert::to_value(fig));
            }
        }
    }

    /// The stored form of a figure key, if it is in memory.
    pub(super) fn figure_value(&self, key: &str) -> Option<&Value> {
        self.figure_values.get(key)
    }

    /// Drop the session's copy of a figure key (the store changed it behind
    /// the interpreter, e.g. `undo`), so it is read again on next use.
    pub(super) fn drop_figure(&mut self, key: &str) {
        self.figure_values.remove(key);
        let g = &mut self.state.graphics;
        if key == CURRENT_KEY {
            g.current = None;
        } else if let Some(n) = figure_number(key) {
            g.figures.remove(&n);
            self.figures_stale.remove(&n);
        }
    }

    /// The session's open figures, reading stored ones first (for the
    /// shell: inline display, the `plots` server).
    pub fn figures(&mut self) -> Result<&graphics::Graphics> {
        self.load_figures()?;
        Ok(&self.state.graphics)
    }
}
