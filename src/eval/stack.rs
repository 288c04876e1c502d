//! Stack headroom for the tree-walking interpreter.
//!
//! Every level of MATLAB nesting (a user function calling another, a
//! script running a script, `eval` of `eval`, a deeply nested expression)
//! is a few Rust frames deeper. `max_recursion_depth` bounds the calls, and
//! the binary runs the interpreter on a thread with a large stack
//! (`run_with_stack`), but a user may raise the limit: `check` turns a
//! nesting that would overflow the thread's stack into an ordinary error
//! before it can abort the process.

use crate::error::{Error, Result};
use std::cell::Cell;

/// Stack reserved for the interpreter thread. A debug build takes about
/// 35 KB per call of a function nesting if/for/while/try/switch, so this
/// holds some 1,800 such calls (7 times the default limit of 256) and 1024
/// nested `eval`s; a release build far more. It is address space only:
/// pages are touched as the stack grows.
pub const INTERPRETER_STACK: usize = 64 << 20;

/// Headroom kept below the deepest check: room for whatever runs without
/// a check in between (a builtin, the parser of an `eval` string).
const MAX_RESERVE: usize = 4 << 20;

/// `FLOOR` before this thread has asked for its stack's bounds.
const UNKNOWN: usize = usize::MAX;

thread_local! {
    /// The lowest stack address `check` lets code reach on this thread (its
    /// stack's low end plus the reserve); 0 where the bounds are unknown.
    /// Computed once: `check` runs at every expression and statement, so it
    /// is one thread-local read and one comparison.
    static FLOOR: Cell<usize> = const { Cell::new(UNKNOWN) };
}

/// Lowest address and size of the current thread's stack, where the
/// platform says.
#[cfg(target_os = "linux")]
fn query_bounds() -> Option<(usize, usize)> {
    // SAFETY: pthread_getattr_np fills an attribute object we own and
    // destroy; pthread_attr_getstack only writes the two out-parameters.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
            return None;
        }
        let mut addr: *mut libc::c_void = std::ptr::null_mut();
        let mut size: libc::size_t = 0;
        let r = libc::pthread_attr_getstack(&attr, &mut addr, &mut size);
        libc::pthread_attr_destroy(&mut attr);
        (r == 0 && !addr.is_null()).then_some((addr as usize, size))
    }
}

#[cfg(not(target_os = "linux"))]
fn query_bounds() -> Option<(usize, usize)> {
    None
}

/// This thread's `FLOOR`: a quarter of its stack, at most `MAX_RESERVE`,
/// stays free below it.
#[inline]
fn floor() -> usize {
    match FLOOR.with(Cell::get) {
        UNKNOWN => first_floor(),
        known => known,
    }
}

/// `floor` the first time on this thread (kept out of the inlined check).
#[cold]
#[inline(never)]
fn first_floor() -> usize {
    let floor = query_bounds()
        .map(|(low, size)| low + (size / 4).min(MAX_RESERVE))
        .unwrap_or(0);
    FLOOR.with(|f| f.set(floor));
    floor
}

/// The address of a local of the caller's frame: how deep the stack is.
#[inline(always)]
fn here() -> usize {
    let marker = 0u8;
    std::ptr::addr_of!(marker) as usize
}

/// Bytes of stack left below the caller, when known.
#[cfg(test)]
fn remaining() -> Option<usize> {
    let at = here();
    query_bounds().map(|(low, _)| at.saturating_sub(low))
}

/// An error instead of a stack overflow when little stack is left.
#[inline]
pub fn check() -> Result<()> {
    if here() < floor() {
        return Err(Error::with_id(
            "Octave:stack-depth",
            "max_stack_depth exceeded: code nested too deeply for the interpreter's stack",
        ));
    }
    Ok(())
}

/// Run `f` on a thread with `INTERPRETER_STACK` bytes of stack (on the
/// current thread if none can be started), so every front end gets the
/// same nesting depth. A panic in `f` resumes on the caller.
pub fn run_with_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    // The closure is handed back if the thread cannot be created.
    let slot = std::sync::Arc::new(std::sync::Mutex::new(Some(f)));
    let theirs = slot.clone();
    let spawned = std::thread::Builder::new()
        .name("interpreter".into())
        .stack_size(INTERPRETER_STACK)
        .spawn(move || {
            let f = theirs.lock().ok().and_then(|mut g| g.take());
            f.map(|f| f())
        });
    if let Ok(handle) = spawned {
        // This thread only waits: Ctrl-C goes to the interpreter's.
        super::keep_ctrl_c_off_this_thread();
        match handle.join() {
            Ok(Some(v)) => return v,
            Ok(None) => {}
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
    let f = match slot.lock() {
        Ok(mut g) => g.take(),
        Err(poisoned) => poisoned.into_inner().take(),
    };
    match f {
        Some(f) => f(),
        None => unreachable!("the interpreter thread took its closure and returned nothing"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_stack_thread_reports_its_room() {
        let left = run_with_stack(remaining);
        if let Some(left) = left {
            assert!(left > INTERPRETER_STACK / 2, "{left}");
        }
        assert!(run_with_stack(check).is_ok());
    }

    #[test]
    fn check_fails_near_the_end_of_the_stack() {
        fn dive(n: usize) -> usize {
            let pad = [0u8; 4096];
            std::hint::black_box(&pad);
            if check().is_err() {
                return n;
            }
            dive(n + 1) + std::hint::black_box(0)
        }
        let depth = std::thread::Builder::new()
            .stack_size(4 << 20)
            .spawn(|| dive(0))
            .expect("spawn")
            .join()
            .expect("no overflow");
        // Linux knows the bounds: the dive stops before the end, not by crashing.
        if cfg!(target_os = "linux") {
            assert!(depth > 100, "{depth}");
        }
    }
}
