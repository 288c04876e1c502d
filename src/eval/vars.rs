//! Variables of the running frame and where each one lives: an ordinary
//! local, a base-workspace variable (tracked for the store, read lazily
//! after a resume), a global (`Interp::globals`, stored with the workspace
//! under `global_key`) or a persistent variable (`Interp::persistents`,
//! kept with its function for the session). Every read and write of a
//! variable goes through `slot`/`slot_put`, so a declared name resolves
//! the same way in every statement.

use super::slots::{CHANGED, LAZY, LINKED, READ};
use super::{global_key, link_key, Backing, FuncKey, Interp, LazyVar, Link};
use super::{Checkpoints, GLOBAL_PREFIX, LINK_PREFIX};
use crate::error::{warn, Error, Result};
use crate::syntax::ast::VarRef;
use crate::value::Value;
use std::borrow::Cow;
use std::collections::HashMap;
use std::time::Duration;

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
        let keys: Vec<String> = self.lazy.keys().cloned().collect();
        for k in keys {
            self.lazy_remove(&k);
        }
        for (key, info) in vars {
            match key.strip_prefix(LINK_PREFIX) {
                Some(g) => self.frames[0].link(g, Link::Global),
                None => self.lazy_insert(key, info),
            }
        }
        self.backing = Some(backing);
        self.checkpoints = checkpoint_every.map(Checkpoints::new);
        self.always_attend = self.checkpoints.as_ref().is_some_and(|c| c.tick.is_none());
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

    /// Note a stored variable not read yet (by store name).
    pub(super) fn lazy_insert(&mut self, key: String, info: LazyVar) {
        if is_var_key(&key) {
            self.frames[0].vars.flag_name(&key, LAZY, true);
        }
        self.lazy.insert(key, info);
    }

    /// Forget that a stored variable is not read yet (it was read, replaced
    /// or removed).
    pub(super) fn lazy_remove(&mut self, key: &str) -> Option<LazyVar> {
        let r = self.lazy.remove(key);
        if r.is_some() && is_var_key(key) {
            if let Some(k) = self.frames[0].vars.find(key) {
                self.frames[0].vars.clear_flag(k, LAZY);
            }
        }
        r
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
                self.lazy_remove(key);
                if let Some(v) = found {
                    match key.strip_prefix(GLOBAL_PREFIX) {
                        Some(g) => self.globals.insert(g.to_string(), v),
                        None => self.frames[0].vars.insert(key, v),
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

    /// The global or persistent map that holds `name` of the current
    /// frame, if it is declared so here.
    fn linked_map(&mut self, name: &str) -> Option<&mut HashMap<String, Value>> {
        let n = self.frames.len() - 1;
        let f = &mut self.frames[n];
        if f.links.is_empty() {
            return None;
        }
        match f.links.get(name)? {
            Link::Global => Some(&mut self.globals),
            Link::Persistent(k) => Some(self.persistents.entry(k.clone()).or_default()),
        }
    }

    /// Set `name` in the current frame without tracking.
    pub(super) fn slot_put(&mut self, name: &str, v: Value) {
        match self.linked_map(name) {
            Some(map) => match map.get_mut(name) {
                Some(slot) => *slot = v,
                None => {
                    map.insert(name.to_string(), v);
                }
            },
            None => {
                self.frame_mut().vars.insert(name, v);
            }
        }
    }

    // ----- resolved names: the slot a body's name maps to here -----

    /// The slot of the current frame a resolved name refers to, when the
    /// reference belongs to the body running in this frame.
    #[inline]
    fn resolved_slot(&self, var: VarRef) -> Option<u32> {
        let f = self.frame();
        if var.scope == 0 || var.scope != f.scope {
            return None;
        }
        match &f.map {
            None => Some(var.id),
            Some(m) => m.get(var.id as usize).copied(),
        }
    }

    /// The value in the slot of a resolved name, to look at without
    /// recording a read (its size, for `end` in an assignment's
    /// subscripts): as `ref_slot_mut`, only a plain variable of the running
    /// body.
    pub(super) fn ref_slot(&self, var: VarRef) -> Option<&Value> {
        let slot = self.resolved_slot(var)?;
        let vars = &self.frame().vars;
        if vars.flags(slot) & (LINKED | LAZY) != 0 {
            return None;
        }
        vars.at(slot)
    }

    /// The value in the slot of a resolved name, for an in-place edit: only
    /// for a plain variable of the running body (not global, persistent or
    /// still in the store).
    pub(super) fn ref_slot_mut(&mut self, var: VarRef) -> Option<&mut Value> {
        let slot = self.resolved_slot(var)?;
        let n = self.frames.len() - 1;
        let vars = &mut self.frames[n].vars;
        if vars.flags(slot) & (LINKED | LAZY) != 0 {
            return None;
        }
        vars.at_mut(slot)
    }

    /// Read a variable named in the running body (by its slot; by name
    /// when it is global, persistent, not read from the store yet, or the
    /// reference is not resolved here).
    pub(super) fn lookup_ref(&mut self, name: &str, var: VarRef) -> Result<Option<&Value>> {
        if let Some(slot) = self.resolved_slot(var) {
            let base = self.in_base();
            let n = self.frames.len() - 1;
            let vars = &mut self.frames[n].vars;
            let flags = vars.flags(slot);
            if flags & (LINKED | LAZY) == 0 {
                if base && flags & READ == 0 && vars.at(slot).is_some() {
                    vars.set_flag(slot, READ);
                    if !self.track.reads.contains(name) {
                        self.track.reads.insert(name.to_string());
                    }
                }
                return Ok(self.frames[n].vars.at(slot));
            }
        }
        self.lookup_var(name)
    }

    /// Record a read of a variable named in the running body, as reading
    /// it with `lookup_ref` records it (a register loop's read of a value
    /// it wrote, recorded when it flushes).
    pub(super) fn note_read(&mut self, name: &str, var: VarRef) -> Result<()> {
        self.lookup_ref(name, var).map(|_| ())
    }

    /// A variable named in the running body, when reading it needs no
    /// bookkeeping (a plain local, or a base variable whose read is on
    /// record already): the loop's common case, inlined into expressions.
    #[inline]
    pub(super) fn peek_ref(&self, var: VarRef) -> Option<&Value> {
        let f = self.frames.last()?;
        if var.scope == 0 || var.scope != f.scope {
            return None;
        }
        let slot = match &f.map {
            None => var.id,
            Some(m) => *m.get(var.id as usize)?,
        };
        let flags = f.vars.flags(slot);
        if flags & (LINKED | LAZY) != 0 || (self.frames.len() == 1 && flags & READ == 0) {
            return None;
        }
        f.vars.at(slot)
    }

    /// Whether the current frame has a variable named in the running body.
    #[inline]
    pub(super) fn has_ref(&self, name: &str, var: VarRef) -> bool {
        if let Some(slot) = self.resolved_slot(var) {
            let vars = &self.frame().vars;
            if vars.flags(slot) & (LINKED | LAZY) == 0 {
                return vars.at(slot).is_some();
            }
        }
        self.has_var(name)
    }

    /// Assign a variable named in the running body.
    pub(super) fn assign_ref(&mut self, name: &str, var: VarRef, v: Value) {
        if let Some(slot) = self.resolved_slot(var) {
            let base = self.in_base();
            let n = self.frames.len() - 1;
            let flags = self.frames[n].vars.flags(slot);
            if flags & LINKED == 0 {
                if base {
                    if flags & CHANGED == 0 {
                        self.note_change(name);
                    }
                    if flags & LAZY != 0 {
                        self.lazy_remove(name);
                    }
                }
                self.frames[n].vars.put(slot, v);
                return;
            }
        }
        self.assign_var(name, v);
    }

    /// `x = <real double scalar>` for a variable named in the running
    /// body: written into the scalar `x` already holds (a loop counter, an
    /// accumulator) once its change is on record; otherwise `assign_ref`.
    #[inline]
    pub(super) fn assign_ref_num(&mut self, name: &str, var: VarRef, x: f64) {
        if let Some(slot) = self.resolved_slot(var) {
            let base = self.in_base();
            let n = self.frames.len() - 1;
            let vars = &mut self.frames[n].vars;
            let flags = vars.flags(slot);
            if flags & (LINKED | LAZY) == 0 && (!base || flags & CHANGED != 0) {
                if let Some(Value::Num(a)) = vars.at_mut(slot) {
                    if let Some(p) = a.inline_scalar_mut() {
                        *p = x;
                        return;
                    }
                }
            }
        }
        self.assign_ref(name, var, Value::num(x));
    }

    /// A variable named in the running body was changed whole in its slot
    /// (grown in place): recorded as `assign_ref` records an assignment.
    pub(super) fn note_whole_change(&mut self, name: &str, var: VarRef) {
        if !self.in_base() {
            return;
        }
        let recorded = self
            .resolved_slot(var)
            .is_some_and(|slot| self.frames[0].vars.flags(slot) & CHANGED != 0);
        if !recorded {
            self.note_change(name);
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
        self.edit_memo = None;
        self.track.dirty.remove(key);
        self.track.cleared.remove(key);
        if !self.track.changed.contains(key) {
            self.track.changed.insert(key.to_string());
            self.track.writes.insert(key.to_string());
        }
        if is_var_key(key) {
            self.frames[0].vars.flag_name(key, CHANGED, true);
        }
    }

    /// Forget the per-slot record of what the command read and changed
    /// (when `track` is emptied: a command starts, or a checkpoint saved
    /// the changes).
    pub(super) fn reset_slot_flags(&mut self, flags: u8) {
        self.edit_memo = None;
        self.frames[0].vars.clear_all(flags);
    }

    /// Record that the command removed the stored variable `key`.
    pub(super) fn note_clear(&mut self, key: &str) {
        self.edit_memo = None;
        if is_var_key(key) {
            if let Some(k) = self.frames[0].vars.find(key) {
                self.frames[0].vars.clear_flag(k, CHANGED);
            }
        }
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
        self.note_edit(name, range);
        self.slot_put(name, v);
    }

    /// The value in the slot of a resolved name for an in-place edit (as
    /// `ref_slot_mut`), and whether its edit needs no record (`note_edit`):
    /// a function's local (not stored), or a base variable whose whole
    /// change the command has already recorded (its slot's `CHANGED`
    /// flag), which covers any edit. One slot lookup, for an element
    /// written in a loop.
    #[inline]
    pub(super) fn edit_slot(&mut self, var: VarRef) -> Option<(&mut Value, bool)> {
        let slot = self.resolved_slot(var)?;
        let base = self.in_base();
        let n = self.frames.len() - 1;
        let vars = &mut self.frames[n].vars;
        let flags = vars.flags(slot);
        if flags & (LINKED | LAZY) != 0 {
            return None;
        }
        let covered = !base || flags & CHANGED != 0;
        vars.at_mut(slot).map(|v| (v, covered))
    }

    /// Record that the elements in `range` of variable `name` of the
    /// current frame were edited in place (class and size unchanged).
    pub(super) fn note_edit(&mut self, name: &str, range: Option<std::ops::Range<usize>>) {
        if let (Some(r), Some((n, span))) = (&range, &self.edit_memo) {
            if span.start <= r.start
                && r.end <= span.end
                && n == name
                && self.in_base()
                && self.frame().links.is_empty()
            {
                return;
            }
        }
        let Some(key) = self.tracked_key(name) else {
            return;
        };
        let first = !self.track.changed.contains(key.as_ref());
        match (first, self.track.dirty.get_mut(key.as_ref())) {
            (true, _) => {
                // Element ranges to save: a later whole assignment must
                // drop them (`note_change`).
                if is_var_key(&key) {
                    if let Some(k) = self.frames[0].vars.find(&key) {
                        self.frames[0].vars.clear_flag(k, CHANGED);
                    }
                }
                self.track
                    .dirty
                    .insert(key.to_string(), range.into_iter().collect());
                self.track.changed.insert(key.to_string());
            }
            (false, Some(ranges)) => {
                add_range(ranges, range);
                if let [span] = &ranges[..] {
                    self.edit_memo = Some((key.to_string(), span.clone()));
                }
            }
            // Changed whole: any element edit is covered.
            (false, None) => self.edit_memo = Some((key.to_string(), 0..usize::MAX)),
        }
        if !self.track.writes.contains(key.as_ref()) {
            self.track.writes.insert(key.into_owned());
        }
    }

    /// Assign a variable in the current frame.
    pub(super) fn assign_var(&mut self, name: &str, v: Value) {
        if let Some(key) = self.tracked_key(name) {
            self.note_change(&key);
            // The stored value not read yet is replaced.
            if !self.lazy.is_empty() {
                self.lazy_remove(&key);
            }
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
                self.frame_mut().unlink(name);
            }
            return true;
        }
        let was_lazy = self.in_base() && self.lazy_remove(name).is_some();
        let removed = self.frame_mut().vars.remove(name).is_some() || was_lazy;
        if removed && self.in_base() {
            self.note_clear(name);
        }
        removed
    }

    /// Move a variable's value out of the current frame (to edit it in
    /// place); put it back with `assign_var*` or `slot_put`.
    pub(super) fn take_var(&mut self, name: &str) -> Option<Value> {
        match self.linked_map(name) {
            Some(map) => map.remove(name),
            None => self.frame_mut().vars.remove(name),
        }
    }

    /// Declare or undeclare `name` global in the base workspace, tracking
    /// the marker that keeps the declaration across restarts.
    fn set_base_link(&mut self, name: &str, on: bool) {
        let key = link_key(name);
        if on {
            self.frames[0].link(name, Link::Global);
            self.track.cleared.remove(&key);
            self.track.changed.insert(key);
        } else if self.frames[0].unlink(name).is_some() {
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
            self.frame_mut().link(name, Link::Global);
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
            name: name.to_string(),
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
        self.frame_mut().link(name, Link::Persistent(key));
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
        let existed = self.globals.remove(name).is_some() | self.lazy_remove(&key).is_some();
        if existed {
            self.note_clear(&key);
        }
        self.set_base_link(name, false);
        for f in self.frames.iter_mut().skip(1) {
            if f.links.get(name) == Some(&Link::Global) {
                f.unlink(name);
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
            .filter(|(n, _)| !f.links.contains_key(*n))
            .map(|(n, v)| VarEntry {
                name: n.to_string(),
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
        self.frames[0].vars.insert(&name, v);
    }
    /// Set a base-workspace variable as a command would (tracked as changed).
    pub fn set_var(&mut self, name: &str, v: Value) {
        self.frames[0].vars.insert(name, v);
        self.note_change(name);
    }
    /// Makes the store's `key` a stored variable not read yet (after the
    /// store changed it behind the interpreter, e.g. `undo`); not tracked
    /// as a change.
    pub fn restore_lazy(&mut self, key: &str, info: LazyVar) {
        if let Some(g) = key.strip_prefix(LINK_PREFIX) {
            self.frames[0].link(g, Link::Global);
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
        self.lazy_insert(key.to_string(), info);
    }
    /// Removes the store's `key` from the workspace without tracking (the
    /// store already removed it).
    pub fn forget_var(&mut self, key: &str) {
        if let Some(g) = key.strip_prefix(LINK_PREFIX) {
            self.frames[0].unlink(g);
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
        self.lazy_remove(key);
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
        let mut v: Vec<String> = self.frames[0].vars.keys().map(str::to_string).collect();
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

/// Whether a store name is a base-workspace variable's own name (globals,
/// markers and figures are stored under names with a `:`).
fn is_var_key(key: &str) -> bool {
    !key.contains(':')
}

/// Past this many element ranges, a variable's edits are saved as the one
/// range that covers them all (a loop writing every element one by one
/// would otherwise keep a range per element).
const MAX_RANGES: usize = 64;

/// Add an edited element range, merging it with the last one when they
/// touch.
fn add_range(ranges: &mut Vec<std::ops::Range<usize>>, r: Option<std::ops::Range<usize>>) {
    let Some(r) = r else {
        return;
    };
    if let Some(last) = ranges.last_mut() {
        if last.start <= r.start && r.start <= last.end {
            last.end = last.end.max(r.end);
            return;
        }
    }
    ranges.push(r);
    if ranges.len() > MAX_RANGES {
        let lo = ranges.iter().map(|r| r.start).min().unwrap_or(0);
        let hi = ranges.iter().map(|r| r.end).max().unwrap_or(0);
        ranges.clear();
        ranges.push(lo..hi);
    }
}
