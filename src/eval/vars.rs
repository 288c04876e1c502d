//! Variables of the running frame and where each one lives: an ordinary
//! local, a base-workspace variable (tracked for the store, read lazily
//! after a resume), a global (`Interp::globals`, stored with the workspace
//! under `global_key`) or a persistent variable (`Interp::persistents`,
//! kept with its function for the session). Every read and write of a
//! variable goes through `slot`/`slot_put`, so a declared name resolves
//! the same way in every statement.

use super::{global_key, link_key, Backing, FuncKey, Interp, LazyVar, Link};
use super::{Checkpoints, GLOBAL_PREFIX, LINK_PREFIX};
use crate::error::{warn, Error, Result};
use crate::value::Value;
use std::borrow::Cow;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// One variable as `who`/`whos` list it.
#[derive(Clone, Debug)]
pub(super) struct VarEntry {
    pub name: String,
    pub info: LazyVar,
    pub global: bool,
    pub persistent: bool,
}

/// Class, size and bytes of a value.
fn info_of(v: &Value) -> LazyVar {
    LazyVar {
        class: v.class_name().to_string(),
        dims: v.dims(),
        complex: v.is_complex(),
        bytes: v.byte_size() as u64,
    }
}

/// How a store name reads in messages: `g` for `global g`.
fn shown(key: &str) -> Cow<'_, str> {
    match key.strip_prefix(GLOBAL_PREFIX) {
        Some(g) => Cow::Owned(format!("global variable '{g}'")),
        None => Cow::Owned(format!("variable '{key}'")),
    }
}

impl Interp {
    /// Attach the workspace store. `vars` exist in the store and are read
    /// on first use (`who`, `whos` and `exist` never read data); with
    /// `checkpoint_every`, a running command's changes are saved at a
    /// statement boundary once that much time has passed, so a crash
    /// mid-run loses at most that much. Stored globals come back as
    /// globals, declared in the base workspace if they were there.
    pub fn attach(
        &mut self,
        backing: Box<dyn Backing>,
        vars: Vec<(String, LazyVar)>,
        checkpoint_every: Option<Duration>,
    ) {
        self.lazy.clear();
        for (key, info) in vars {
            match key.strip_prefix(LINK_PREFIX) {
                Some(g) => {
                    self.frames[0].links.insert(g.to_string(), Link::Global);
                }
                None => {
                    self.lazy.insert(key, info);
                }
            }
        }
        self.backing = Some(backing);
        self.checkpoints = checkpoint_every.map(|every| Checkpoints {
            every,
            last: Instant::now(),
            warned: false,
        });
    }

    // ----- the store's view: values by store name -----

    /// The value stored under `key`: a base variable, `global g`, or the
    /// marker of a global declared in the base workspace.
    pub(super) fn stored_value(&self, key: &str) -> Option<&Value> {
        if crate::graphics::is_graphics_key(key) {
            return self.figure_value(key);
        }
        if let Some(g) = key.strip_prefix(GLOBAL_PREFIX) {
            return self.globals.get(g);
        }
        if let Some(g) = key.strip_prefix(LINK_PREFIX) {
            let linked = self.frames[0].links.get(g) == Some(&Link::Global);
            return linked.then_some(&self.link_marker);
        }
        self.frames[0].vars.get(key)
    }

    /// Bring a lazily resumed variable (by store name) into memory (no-op
    /// otherwise).
    pub(super) fn load_lazy(&mut self, key: &str) -> Result<()> {
        if !self.lazy.contains_key(key) || self.stored_value(key).is_some() {
            return Ok(());
        }
        if crate::graphics::is_graphics_key(key) {
            return self.load_figures();
        }
        let Some(backing) = self.backing.as_mut() else {
            return Ok(());
        };
        match backing.load(key) {
            Ok(found) => {
                self.lazy.remove(key);
                if let Some(v) = found {
                    match key.strip_prefix(GLOBAL_PREFIX) {
                        Some(g) => self.globals.insert(g.to_string(), v),
                        None => self.frames[0].vars.insert(key.to_string(), v),
                    };
                }
                Ok(())
            }
            Err(msg) => Err(Error::with_id(
                "flatlab:store-read",
                format!("cannot read {} from the workspace store: {msg}", shown(key)),
            )),
        }
    }

    /// Load every variable visible here (before `save` of all of them).
    pub(super) fn load_all_lazy(&mut self) -> Result<()> {
        for name in self.frame_names() {
            if let Some(key) = self.tracked_key(&name) {
                let key = key.into_owned();
                self.load_lazy(&key)?;
            }
        }
        Ok(())
    }

    // ----- the running frame -----

    /// The store name a variable of the current frame is tracked under:
    /// base variables by their name, globals (from any frame) by
    /// `global_key`; function locals and persistents are not stored.
    pub(super) fn tracked_key<'a>(&self, name: &'a str) -> Option<Cow<'a, str>> {
        let f = self.frame();
        if f.links.is_empty() {
            return self.in_base().then_some(Cow::Borrowed(name));
        }
        match f.links.get(name) {
            Some(Link::Global) => Some(Cow::Owned(global_key(name))),
            Some(Link::Persistent(_)) => None,
            None if self.in_base() => Some(Cow::Borrowed(name)),
            None => None,
        }
    }

    /// The value `name` has in the current frame (loaded data only).
    pub(super) fn slot(&self, name: &str) -> Option<&Value> {
        let f = self.frame();
        if f.links.is_empty() {
            return f.vars.get(name);
        }
        match f.links.get(name) {
            None => f.vars.get(name),
            Some(Link::Global) => self.globals.get(name),
            Some(Link::Persistent(k)) => self.persistents.get(k)?.get(name),
        }
    }

    /// The map that holds `name` of the current frame.
    fn slot_map(&mut self, name: &str) -> &mut HashMap<String, Value> {
        let n = self.frames.len() - 1;
        let f = &mut self.frames[n];
        if f.links.is_empty() {
            return &mut f.vars;
        }
        match f.links.get(name) {
            None => &mut f.vars,
            Some(Link::Global) => &mut self.globals,
            Some(Link::Persistent(k)) => self.persistents.entry(k.clone()).or_default(),
        }
    }

    /// Set `name` in the current frame without tracking.
    pub(super) fn slot_put(&mut self, name: &str, v: Value) {
        let map = self.slot_map(name);
        match map.get_mut(name) {
            Some(slot) => *slot = v,
            None => {
                map.insert(name.to_string(), v);
            }
        }
    }

    /// Read a variable of the current frame.
    pub(super) fn lookup_var(&mut self, name: &str) -> Result<Option<&Value>> {
        if let Some(key) = self.tracked_key(name) {
            self.load_lazy(&key)?;
            if self.stored_value(&key).is_some() && !self.track.reads.contains(key.as_ref()) {
                self.track.reads.insert(key.into_owned());
            }
        }
        Ok(self.slot(name))
    }

    /// Whether the current frame has `name` (loaded or not yet read).
    pub(super) fn has_var(&self, name: &str) -> bool {
        self.slot(name).is_some()
            || self
                .tracked_key(name)
                .is_some_and(|k| self.lazy.contains_key(k.as_ref()))
    }

    /// Record that the command assigned the stored variable `key` whole.
    pub(super) fn note_change(&mut self, key: &str) {
        self.track.dirty.remove(key);
        self.track.cleared.remove(key);
        if !self.track.changed.contains(key) {
            self.track.changed.insert(key.to_string());
            self.track.writes.insert(key.to_string());
        }
    }

    /// Record that the command removed the stored variable `key`.
    pub(super) fn note_clear(&mut self, key: &str) {
        self.track.changed.remove(key);
        self.track.dirty.remove(key);
        self.track.cleared.insert(key.to_string());
        self.track.writes.insert(key.to_string());
    }

    /// Put back a variable whose elements in `range` were edited in place
    /// (class and size unchanged): tracked as a partial change when it is
    /// the variable's first change since it was last saved.
    pub(super) fn assign_var_edited(
        &mut self,
        name: &str,
        v: Value,
        range: Option<std::ops::Range<usize>>,
    ) {
        if let Some(key) = self.tracked_key(name) {
            let key = key.into_owned();
            self.note_edit(&key, range);
        }
        self.slot_put(name, v);
    }

    /// Record that the command edited the elements `range` of the stored
    /// variable `key` (class and size unchanged): a partial change when it
    /// is the variable's first change since it was last saved.
    pub(super) fn note_edit(&mut self, key: &str, range: Option<std::ops::Range<usize>>) {
        let first = !self.track.changed.contains(key);
        match (first, self.track.dirty.get_mut(key)) {
            (true, _) => {
                self.track
                    .dirty
                    .insert(key.to_string(), range.into_iter().collect());
            }
            (false, Some(ranges)) => ranges.extend(range),
            (false, None) => {}
        }
        self.track.changed.insert(key.to_string());
        self.track.writes.insert(key.to_string());
    }

    /// Assign a variable in the current frame.
    pub(super) fn assign_var(&mut self, name: &str, v: Value) {
        if let Some(key) = self.tracked_key(name) {
            self.note_change(&key);
        }
        self.slot_put(name, v);
    }

    /// Remove a variable from the current frame. A declared global or
    /// persistent name only loses its declaration here: the value stays
    /// (MATLAB's `clear g`).
    pub(super) fn clear_var(&mut self, name: &str) -> bool {
        if self.frame().links.contains_key(name) {
            if self.in_base() {
                self.set_base_link(name, false);
            } else {
                self.frame_mut().links.remove(name);
            }
            return true;
        }
        let was_lazy = self.in_base() && self.lazy.remove(name).is_some();
        let removed = self.frame_mut().vars.remove(name).is_some() || was_lazy;
        if removed && self.in_base() {
            self.note_clear(name);
        }
        removed
    }

    /// Move a variable's value out of the current frame (to edit it in
    /// place); put it back with `assign_var*` or `slot_put`.
    pub(super) fn take_var(&mut self, name: &str) -> Option<Value> {
        self.slot_map(name).remove(name)
    }

    /// Declare or undeclare `name` global in the base workspace, tracking
    /// the marker that keeps the declaration across restarts.
    fn set_base_link(&mut self, name: &str, on: bool) {
        let key = link_key(name);
        if on {
            self.frames[0].links.insert(name.to_string(), Link::Global);
            self.track.cleared.remove(&key);
            self.track.changed.insert(key);
        } else if self.frames[0].links.remove(name).is_some() {
            self.track.changed.remove(&key);
            self.track.cleared.insert(key);
        }
    }

    /// `global NAME`: the name refers to the global variable from now on
    /// in this frame, created as `[]` if no frame declared it before. A
    /// local of that name follows Octave: it initializes a new global, or
    /// the existing global's value wins, with Octave's warnings.
    pub(super) fn declare_global(&mut self, name: &str) -> Result<()> {
        match self.frame().links.get(name) {
            Some(Link::Global) => return Ok(()),
            Some(Link::Persistent(_)) => {
                return Err(Error::new(format!(
                    "can't make persistent variable '{name}' global"
                )))
            }
            None => {}
        }
        let gkey = global_key(name);
        self.load_lazy(&gkey)?;
        let exists = self.globals.contains_key(name);
        if self.in_base() {
            self.load_lazy(name)?;
        }
        match self.frame_mut().vars.remove(name) {
            Some(local) => {
                warn(&format!(
                    "global: '{name}' is defined in the current scope."
                ));
                warn("global: in a future version, global variables must be declared before use.");
                if self.in_base() {
                    self.track.reads.insert(name.to_string());
                    self.note_clear(name);
                }
                if exists {
                    warn("global: global value overrides existing local value");
                } else {
                    warn("global: existing local value used to initialize global variable");
                    self.globals.insert(name.to_string(), local);
                    self.note_change(&gkey);
                }
            }
            None if !exists => {
                self.globals.insert(name.to_string(), Value::empty());
                self.note_change(&gkey);
            }
            None => {}
        }
        if self.in_base() {
            self.set_base_link(name, true);
        } else {
            self.frame_mut()
                .links
                .insert(name.to_string(), Link::Global);
        }
        Ok(())
    }

    /// The running function whose persistent variables a `persistent`
    /// statement here declares (none at top level or in a script).
    fn function_key(&self) -> Option<FuncKey> {
        let f = self.frame();
        let name = f.fname.as_ref()?;
        let unit = f.unit.as_ref()?;
        unit.function(name)?;
        Some(FuncKey {
            unit: unit.id,
            name: name.clone(),
        })
    }

    /// `persistent NAME`: the name refers to the function's persistent
    /// variable, `[]` until first assigned (the `isempty` idiom).
    pub(super) fn declare_persistent(&mut self, name: &str) -> Result<()> {
        let Some(key) = self.function_key() else {
            return Err(Error::new(
                "persistent: declarations are only allowed inside functions",
            ));
        };
        match self.frame().links.get(name) {
            Some(Link::Persistent(_)) => return Ok(()),
            Some(Link::Global) => {
                return Err(Error::new(format!(
                    "can't make global variable '{name}' persistent"
                )))
            }
            None => {}
        }
        // As in Octave, a local assigned before the declaration is replaced.
        self.frame_mut().vars.remove(name);
        self.persistents
            .entry(key.clone())
            .or_default()
            .entry(name.to_string())
            .or_insert_with(Value::empty);
        self.frame_mut()
            .links
            .insert(name.to_string(), Link::Persistent(key));
        Ok(())
    }

    /// Whether `name` is declared global in the current frame.
    pub(super) fn is_global(&self, name: &str) -> bool {
        self.frame().links.get(name) == Some(&Link::Global)
    }

    /// `clear global NAME`: the global variable goes, and every frame's
    /// declaration of it.
    pub(super) fn clear_global(&mut self, name: &str) -> bool {
        let key = global_key(name);
        let existed = self.globals.remove(name).is_some() | self.lazy.remove(&key).is_some();
        if existed {
            self.note_clear(&key);
        }
        self.set_base_link(name, false);
        for f in self.frames.iter_mut().skip(1) {
            if f.links.get(name) == Some(&Link::Global) {
                f.links.remove(name);
            }
        }
        existed
    }

    /// Names of all global variables, sorted.
    pub(super) fn global_names(&self) -> Vec<String> {
        let mut v: Vec<String> = self.globals.keys().cloned().collect();
        v.extend(
            self.lazy
                .keys()
                .filter_map(|k| k.strip_prefix(GLOBAL_PREFIX).map(str::to_string)),
        );
        v.sort();
        v.dedup();
        v
    }

    /// What `whos global` lists: every global variable.
    pub(super) fn global_infos(&self) -> Vec<VarEntry> {
        self.global_names()
            .into_iter()
            .filter_map(|n| {
                let info = match self.globals.get(&n) {
                    Some(v) => info_of(v),
                    None => self.lazy.get(&global_key(&n))?.clone(),
                };
                Some(VarEntry {
                    name: n,
                    info,
                    global: true,
                    persistent: false,
                })
            })
            .collect()
    }

    /// Class, size and bytes of the current frame's variables, sorted by
    /// name, without reading lazily resumed data.
    pub(super) fn var_infos(&self) -> Vec<VarEntry> {
        let f = self.frame();
        let mut out: Vec<VarEntry> = f
            .vars
            .iter()
            .filter(|(n, _)| !f.links.contains_key(n.as_str()))
            .map(|(n, v)| VarEntry {
                name: n.clone(),
                info: info_of(v),
                global: false,
                persistent: false,
            })
            .collect();
        for (n, link) in &f.links {
            let info = match (self.slot(n), link) {
                (Some(v), _) => info_of(v),
                (None, Link::Global) => match self.lazy.get(&global_key(n)) {
                    Some(i) => i.clone(),
                    None => continue,
                },
                (None, Link::Persistent(_)) => continue,
            };
            out.push(VarEntry {
                name: n.clone(),
                info,
                global: *link == Link::Global,
                persistent: *link != Link::Global,
            });
        }
        if self.in_base() {
            for (n, info) in &self.lazy {
                if !n.starts_with(GLOBAL_PREFIX)
                    && !crate::graphics::is_graphics_key(n)
                    && !f.vars.contains_key(n)
                    && !f.links.contains_key(n)
                {
                    out.push(VarEntry {
                        name: n.clone(),
                        info: info.clone(),
                        global: false,
                        persistent: false,
                    });
                }
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// Names of the current frame's variables, loaded or not, sorted.
    pub(super) fn frame_names(&self) -> Vec<String> {
        self.var_infos().into_iter().map(|e| e.name).collect()
    }

    /// Forget parsed function files (all, or those named `name`) and with
    /// them their functions' persistent variables (`clear functions`,
    /// `clear all`, `clear NAME`).
    pub(super) fn clear_functions(&mut self, name: Option<&str>) {
        self.funcs.forget(name);
        self.purge_persistents();
    }

    /// Drop the persistent variables of functions whose file is no longer
    /// the one in the cache (edited, or cleared).
    pub(super) fn purge_persistents(&mut self) {
        if self.persistents.is_empty() {
            return;
        }
        let live = self.funcs.unit_ids();
        self.persistents.retain(|k, _| live.contains(&k.unit));
    }

    // ----- the shell's view: the base workspace by store name -----

    /// The current value stored under `key` (a base variable, or a global
    /// as `global_key` names it), for the commit.
    pub fn get_var(&self, key: &str) -> Option<&Value> {
        self.stored_value(key)
    }
    /// Set a base-workspace variable without tracking (resume from the store).
    pub fn restore_var(&mut self, name: String, v: Value) {
        self.frames[0].vars.insert(name, v);
    }
    /// Set a base-workspace variable as a command would (tracked as changed).
    pub fn set_var(&mut self, name: &str, v: Value) {
        self.frames[0].vars.insert(name.to_string(), v);
        self.note_change(name);
    }
    /// Makes the store's `key` a stored variable not read yet (after the
    /// store changed it behind the interpreter, e.g. `undo`); not tracked
    /// as a change.
    pub fn restore_lazy(&mut self, key: &str, info: LazyVar) {
        if let Some(g) = key.strip_prefix(LINK_PREFIX) {
            self.frames[0].links.insert(g.to_string(), Link::Global);
            return;
        }
        if crate::graphics::is_graphics_key(key) {
            self.drop_figure(key);
            self.lazy.insert(key.to_string(), info);
            return;
        }
        match key.strip_prefix(GLOBAL_PREFIX) {
            Some(g) => self.globals.remove(g),
            None => self.frames[0].vars.remove(key),
        };
        self.lazy.insert(key.to_string(), info);
    }
    /// Removes the store's `key` from the workspace without tracking (the
    /// store already removed it).
    pub fn forget_var(&mut self, key: &str) {
        if let Some(g) = key.strip_prefix(LINK_PREFIX) {
            self.frames[0].links.remove(g);
            return;
        }
        if crate::graphics::is_graphics_key(key) {
            self.drop_figure(key);
            self.lazy.remove(key);
            return;
        }
        match key.strip_prefix(GLOBAL_PREFIX) {
            Some(g) => self.globals.remove(g),
            None => self.frames[0].vars.remove(key),
        };
        self.lazy.remove(key);
    }
    /// Whether the workspace has the store's `key` (loaded or not yet read).
    pub fn has_base_var(&self, key: &str) -> bool {
        self.stored_value(key).is_some() || self.lazy.contains_key(key)
    }
    /// The store name of base-workspace variable `name`: `global_key(name)`
    /// when it is declared global there (for `provenance`).
    pub fn store_key(&self, name: &str) -> String {
        match self.frames[0].links.get(name) {
            Some(Link::Global) => global_key(name),
            _ => name.to_string(),
        }
    }
    /// Sorted names visible in the base workspace (for completion).
    pub fn var_names(&self) -> Vec<String> {
        let mut v: Vec<String> = self.frames[0].vars.keys().cloned().collect();
        v.extend(self.frames[0].links.keys().cloned());
        v.extend(
            self.lazy
                .keys()
                .filter(|k| !k.starts_with(GLOBAL_PREFIX) && !crate::graphics::is_graphics_key(k))
                .cloned(),
        );
        v.sort();
        v.dedup();
        v
    }
}
