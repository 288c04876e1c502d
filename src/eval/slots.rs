//! A frame's variables as slots: each name the frame has ever held keeps
//! its index for the frame's life, so code resolved against the frame
//! (`syntax::resolve` gives each name of a body an index in its scope; a
//! frame maps those to slots once when the body starts running) reads and
//! writes a variable by array index. Name-based access (`eval`, `load`,
//! `who`, `clear`, `exist`) goes through the same slots by name.
//!
//! Each slot also carries flags for the interpreter's bookkeeping: whether
//! the command has recorded a read of it, whether its change is already
//! recorded, whether the name is declared global or persistent here (then
//! the value lives elsewhere), and whether a lazily resumed value is still
//! in the store.

use crate::syntax::ast::Scope;
use crate::value::Value;
use rustc_hash::FxHashMap;
use std::rc::Rc;

/// The command recorded a read of this variable (`Outcome::reads`).
pub(super) const READ: u8 = 1;
/// The command recorded a whole change of this variable
/// (`Outcome::changed`, with no element ranges and not cleared): another
/// whole assignment needs no bookkeeping.
pub(super) const CHANGED: u8 = 2;
/// The name is declared `global` or `persistent` in this frame.
pub(super) const LINKED: u8 = 4;
/// A stored variable not read yet (base workspace after a resume).
pub(super) const LAZY: u8 = 8;

/// Below this many names a name lookup scans the list (no hash table is
/// built: most function frames hold a handful of names).
const SCAN: usize = 12;

/// Slot vectors of finished frames, kept for the next calls.
#[derive(Default)]
pub(super) struct Pool(Vec<(Vec<Option<Value>>, Vec<u8>)>);

impl Pool {
    /// How many frames' vectors are kept (recursion deeper than this
    /// allocates, as before).
    const KEEP: usize = 32;
    /// Vectors longer than this are not kept.
    const LARGEST: usize = 256;
}

#[derive(Default)]
pub(super) struct Vars {
    /// The names of the scope the frame was made for (shared with it: a
    /// call copies no names), then the names added at run time.
    scope_names: Rc<[Rc<str>]>,
    more: Vec<Rc<str>>,
    vals: Vec<Option<Value>>,
    flags: Vec<u8>,
    /// Name to slot, built at the first lookup by name once there are more
    /// than `SCAN` names.
    index: std::cell::OnceCell<FxHashMap<Rc<str>, u32>>,
}

impl Vars {
    /// Slots for the names of a scope (a function's frame), all empty: the
    /// scope's indices are the slots.
    /// Slot vectors a finished frame left in `pool` are reused (a call
    /// then allocates nothing for its variables).
    pub fn for_scope_in(scope: &Scope, pool: &mut Pool) -> Vars {
        let n = scope.names.len();
        // (Pooled slots are empty, with flags clear.)
        let (mut vals, mut flags) = pool.0.pop().unwrap_or_default();
        if vals.len() != n {
            vals.resize_with(n, || None);
            flags.resize(n, 0);
        }
        Vars {
            scope_names: scope.names.clone(),
            more: Vec::new(),
            vals,
            flags,
            index: std::cell::OnceCell::new(),
        }
    }

    /// Give the slot vectors of a finished frame back to `pool` (its
    /// values are dropped now).
    pub fn recycle(mut self, pool: &mut Pool) {
        self.recycle_in_place(pool);
    }

    /// `recycle` for a frame still in the call stack, about to be dropped
    /// there (no move of the frame): its slots are left empty.
    pub fn recycle_in_place(&mut self, pool: &mut Pool) {
        let (mut vals, mut flags) = (
            std::mem::take(&mut self.vals),
            std::mem::take(&mut self.flags),
        );
        // A frame that held very many names keeps its memory to itself.
        if pool.0.len() < Pool::KEEP && vals.capacity() <= Pool::LARGEST {
            // Emptied but not shortened: the next call of the same
            // function finds its slots made.
            for v in &mut vals {
                *v = None;
            }
            flags.fill(0);
            pool.0.push((vals, flags));
        }
    }

    /// Empty every slot of a finished frame kept whole for the next call
    /// of the same function (`Interp::spare_frames`): its values are
    /// dropped now, the names a run added are forgotten, and its vectors
    /// stay sized for the scope.
    pub fn vacate(&mut self) {
        if !self.more.is_empty() {
            self.more.clear();
            self.index = std::cell::OnceCell::new();
            let n = self.scope_names.len();
            self.vals.truncate(n);
            self.flags.truncate(n);
        }
        for v in &mut self.vals {
            *v = None;
        }
        self.flags.fill(0);
    }

    fn len(&self) -> usize {
        self.scope_names.len() + self.more.len()
    }

    fn names(&self) -> impl Iterator<Item = &Rc<str>> {
        self.scope_names.iter().chain(&self.more)
    }

    /// The slot of `name`, if the frame ever held it.
    pub fn find(&self, name: &str) -> Option<u32> {
        if self.len() <= SCAN {
            return self.names().position(|n| &**n == name).map(|k| k as u32);
        }
        let map = self.index.get_or_init(|| {
            self.names()
                .enumerate()
                .map(|(k, n)| (n.clone(), k as u32))
                .collect()
        });
        map.get(name).copied()
    }

    /// The slot of `name`, made (empty) if new.
    pub fn slot_of(&mut self, name: &str) -> u32 {
        if let Some(k) = self.find(name) {
            return k;
        }
        let k = self.len() as u32;
        let rc: Rc<str> = Rc::from(name);
        self.more.push(rc.clone());
        self.vals.push(None);
        self.flags.push(0);
        if let Some(map) = self.index.get_mut() {
            map.insert(rc, k);
        }
        k
    }

    /// The slots of a scope's names in this frame (made as needed).
    pub fn map_scope(&mut self, scope: &Scope) -> Vec<u32> {
        scope.names.iter().map(|n| self.slot_of(n)).collect()
    }

    pub fn at(&self, slot: u32) -> Option<&Value> {
        self.vals.get(slot as usize)?.as_ref()
    }
    pub fn at_mut(&mut self, slot: u32) -> Option<&mut Value> {
        self.vals.get_mut(slot as usize)?.as_mut()
    }
    pub fn flags(&self, slot: u32) -> u8 {
        self.flags.get(slot as usize).copied().unwrap_or(0)
    }
    pub fn set_flag(&mut self, slot: u32, f: u8) {
        if let Some(x) = self.flags.get_mut(slot as usize) {
            *x |= f;
        }
    }
    pub fn clear_flag(&mut self, slot: u32, f: u8) {
        if let Some(x) = self.flags.get_mut(slot as usize) {
            *x &= !f;
        }
    }
    /// Clear flag `f` on every slot.
    pub fn clear_all(&mut self, f: u8) {
        for x in &mut self.flags {
            *x &= !f;
        }
    }
    /// Set the flag of `name` (making its slot).
    pub fn flag_name(&mut self, name: &str, f: u8, on: bool) {
        let k = self.slot_of(name);
        if on {
            self.set_flag(k, f);
        } else {
            self.clear_flag(k, f);
        }
    }

    /// Put a value in a slot; the previous value is returned.
    pub fn put(&mut self, slot: u32, v: Value) -> Option<Value> {
        self.vals[slot as usize].replace(v)
    }
    /// Take a slot's value out (the slot stays, empty).
    pub fn take(&mut self, slot: u32) -> Option<Value> {
        self.vals.get_mut(slot as usize)?.take()
    }

    // ----- by name -----

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.at(self.find(name)?)
    }
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
    pub fn insert(&mut self, name: &str, v: Value) -> Option<Value> {
        let k = self.slot_of(name);
        self.put(k, v)
    }
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let k = self.find(name)?;
        self.take(k)
    }
    /// Names and values of the slots holding a value.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.names()
            .zip(&self.vals)
            .filter_map(|(n, v)| v.as_ref().map(|v| (&**n, v)))
    }
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.iter().map(|(n, _)| n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_their_slots_through_removal_and_growth() {
        let mut v = Vars::default();
        let a = v.slot_of("a");
        v.put(a, Value::num(1.0));
        // Past the scan limit a hash index takes over; slots stay put.
        for k in 0..40 {
            v.insert(&format!("x{k}"), Value::num(k as f64));
        }
        assert_eq!(v.find("a"), Some(a));
        assert_eq!(v.get("x39"), Some(&Value::num(39.0)));
        assert_eq!(v.remove("a"), Some(Value::num(1.0)));
        assert_eq!(v.get("a"), None);
        assert_eq!(v.slot_of("a"), a, "a removed name keeps its slot");
        assert_eq!(v.keys().count(), 40);
    }

    #[test]
    fn flags_follow_the_slot() {
        let mut v = Vars::default();
        v.flag_name("g", LINKED, true);
        let g = v.find("g").unwrap();
        assert_eq!(v.flags(g) & LINKED, LINKED);
        assert_eq!(v.get("g"), None, "a flag alone holds no value");
        v.set_flag(g, READ);
        v.clear_all(READ);
        assert_eq!(v.flags(g), LINKED);
    }
}
