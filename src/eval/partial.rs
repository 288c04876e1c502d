//! Partial loads: indexing a large stored array that has not been read yet
//! (a lazily resumed variable) reads only the elements it touches, and a
//! scalar assigned to some of its elements is handed to the store as an
//! edit of those elements, so `x = A(1:1000)` or `A(5) = 1` on a 400 MB
//! array costs about one chunk of I/O. Everything else (and any array
//! whose stored form the store cannot read in part) loads the array whole,
//! as before.
//!
//! The evaluator calls two entry points, each at the one place it applies:
//! - `try_partial_index` where `name(args)` indexes a variable (before the
//!   variable is read);
//! - `try_partial_assign` where a quiet `name(args) = value` is assigned
//!   (after the right-hand side is evaluated, before the target is
//!   resolved).
//!
//! Both return `None` when they do nothing, and the evaluator goes on as
//! if they had not been called. The variable stays lazy (its `LazyVar`
//! keeps answering `whos`); an edit is tracked as a change of the elements
//! it touched, and the store writes it at the next commit or checkpoint.

use super::index::{self, Sub};
use super::{Interp, LazyVar};
use crate::error::{Error, Result};
use crate::syntax::ast::{Accessor, Expr, ExprKind, LValue};
use crate::value::{Array, Class, Dims, Value};

/// Stored arrays smaller than this are read whole: one read of a few
/// chunks costs no more than a partial one.
const MIN_BYTES: u64 = 4 << 20;

/// An index touching more than this share (1/`WHOLE_SHARE`) of the array
/// reads it whole: most of it is needed anyway, and later uses then find
/// it in memory.
const WHOLE_SHARE: usize = 4;

/// Most elements one partial assignment edits (each edit is kept in
/// memory until the commit).
const MAX_EDITS: usize = 1 << 16;

/// Classes whose elements the store can read and edit in place.
fn plain_class(class: &str) -> bool {
    matches!(
        class,
        "double"
            | "single"
            | "logical"
            | "char"
            | "int8"
            | "uint8"
            | "int16"
            | "uint16"
            | "int32"
            | "uint32"
            | "int64"
            | "uint64"
    )
}

/// The 0-based column-major positions `subs` name in an array of `dims`,
/// in the order indexing returns them. Subscripts must be inside bounds.
fn positions(subs: &[Sub], dims: &Dims) -> Vec<usize> {
    if let [s] = subs {
        return match s {
            Sub::All => (0..dims.numel()).collect(),
            Sub::List { idx, .. } => idx.clone(),
            Sub::Mask(m) => m.positions().collect(),
        };
    }
    let ext = index::effective_dims(dims, subs.len());
    let lists: Vec<Vec<usize>> = subs
        .iter()
        .zip(&ext)
        .map(|(s, &e)| match s {
            Sub::All => (0..e).collect(),
            Sub::List { idx, .. } => idx.clone(),
            Sub::Mask(m) => m.positions().collect(),
        })
        .collect();
    if lists.iter().any(|l| l.is_empty()) {
        return Vec::new();
    }
    let mut strides = Vec::with_capacity(ext.len());
    let mut acc = 1usize;
    for &e in &ext {
        strides.push(acc);
        acc = acc.saturating_mul(e);
    }
    let total: usize = lists.iter().map(|l| l.len()).product();
    let mut out = Vec::with_capacity(total);
    let mut counter = vec![0usize; lists.len()];
    'outer: loop {
        out.push(
            lists
                .iter()
                .zip(&counter)
                .zip(&strides)
                .map(|((l, &c), &s)| l[c] * s)
                .sum(),
        );
        for k in 0..lists.len() {
            counter[k] += 1;
            if counter[k] < lists[k].len() {
                continue 'outer;
            }
            counter[k] = 0;
        }
        break;
    }
    out
}

/// Whether every subscript of `subs` lies inside an array of `dims` (an
/// assignment past the end grows the array: not an element edit).
fn inside(subs: &[Sub], dims: &Dims) -> bool {
    let ext = if subs.len() == 1 {
        vec![dims.numel()]
    } else {
        index::effective_dims(dims, subs.len())
    };
    subs.iter().zip(&ext).all(|(s, &e)| match s {
        Sub::All => true,
        Sub::List { idx, .. } => idx.iter().all(|&i| i < e),
        Sub::Mask(m) => m.end() <= e,
    })
}

impl Interp {
    /// The store name and stored description of `name` when it is a large
    /// plain array (numeric, logical or char) not read yet.
    fn partial_candidate(&self, name: &str) -> Option<(String, LazyVar)> {
        if self.lazy.is_empty() || self.backing.is_none() || self.slot(name).is_some() {
            return None;
        }
        let key = self.tracked_key(name)?;
        let info = self.lazy.get(key.as_ref())?;
        (info.bytes >= MIN_BYTES && plain_class(&info.class))
            .then(|| (key.into_owned(), info.clone()))
    }

    /// `name(args)` where `name` is a variable: when it is a large stored
    /// array not read yet, the subscripts are evaluated against its stored
    /// size and only the elements they touch are read (or the whole array,
    /// when they touch much of it). `None`: not such a variable, nothing
    /// was evaluated. Errors are the indexing's own (the caller names the
    /// variable in them, as for any index).
    pub(super) fn try_partial_index(&mut self, name: &str, args: &[Expr]) -> Option<Result<Value>> {
        let (key, info) = self.partial_candidate(name)?;
        Some(self.partial_index(name, &key, &info, args))
    }

    fn partial_index(
        &mut self,
        name: &str,
        key: &str,
        info: &LazyVar,
        args: &[Expr],
    ) -> Result<Value> {
        let subs = self.eval_subs(args, &info.dims)?;
        // The subscripts' evaluation could have read or replaced it.
        if self.slot(name).is_none() && self.lazy.get(key) == Some(info) {
            if let Some(v) = self.read_part(key, info, &subs)? {
                if !self.track.reads.contains(key) {
                    self.track.reads.insert(key.to_string());
                }
                return Ok(v);
            }
        }
        let v = self.lookup_var(name)?.cloned().unwrap_or_else(Value::empty);
        index::index_value(&v, &subs)
    }

    /// The elements `subs` name, read from the store without reading the
    /// whole array; `None` when it must be read whole.
    fn read_part(&mut self, key: &str, info: &LazyVar, subs: &[Sub]) -> Result<Option<Value>> {
        // The result's shape and any out-of-bound error, exactly as
        // indexing the whole array gives them (an array of nothing per
        // element costs no memory).
        let n = info.dims.numel();
        let shape = index::index_array(&Array::filled(info.dims.clone(), ()), subs)?
            .dims()
            .clone();
        let range = index::touched_range(subs, &info.dims).unwrap_or(0..0);
        if range.len() > n / WHOLE_SHARE {
            return Ok(None);
        }
        let Some(backing) = self.backing.as_mut() else {
            return Ok(None);
        };
        let window = match backing.read_elements(key, range.clone()) {
            Ok(Some(w)) => w,
            Ok(None) => return Ok(None),
            Err(msg) => return Err(store_error(key, &msg)),
        };
        if window.numel() != range.len() {
            return Err(store_error(
                key,
                &format!(
                    "{} elements read where {} were asked for",
                    window.numel(),
                    range.len()
                ),
            ));
        }
        let picked: Vec<usize> = positions(subs, &info.dims)
            .into_iter()
            .map(|p| p - range.start)
            .collect();
        let count = picked.len();
        let got = index::index_value(
            &window,
            &[Sub::List {
                idx: picked,
                shape: Dims::col(count),
                logical: false,
            }],
        )?;
        got.reshaped(shape)
            .map(Some)
            .ok_or_else(|| Error::new("partial read: result size mismatch"))
    }

    /// A quiet `name(args) = rhs` where `name` is a large stored array not
    /// read yet, `rhs` a real scalar of its class and the subscripts (only
    /// numbers, `end`, `:`, and variables already in memory, so evaluating
    /// them twice is harmless) name elements inside it: the store edits
    /// those elements at the next commit, without the array being read.
    /// `None`: nothing was changed (the caller assigns as usual).
    pub(super) fn try_partial_assign(
        &mut self,
        target: &LValue,
        rhs: &Value,
    ) -> Option<Result<()>> {
        let LValue::Var {
            name, accessors, ..
        } = target
        else {
            return None;
        };
        let [Accessor::Paren(args)] = accessors.as_slice() else {
            return None;
        };
        let (key, info) = self.partial_candidate(name)?;
        if info.complex
            || rhs.is_complex()
            || !rhs.is_scalar()
            || rhs.class_name() != info.class
            || args.is_empty()
            || !args.iter().all(|a| self.pure_subscript(a))
        {
            return None;
        }
        // An error here is raised again by the usual path.
        let subs = self.eval_subs(args, &info.dims).ok()?;
        if !inside(&subs, &info.dims) {
            return None;
        }
        let range = index::touched_range(&subs, &info.dims)?;
        let at = positions(&subs, &info.dims);
        if at.is_empty() || at.len() > MAX_EDITS {
            return None;
        }
        let backing = self.backing.as_mut()?;
        match backing.patch_elements(&key, &at, rhs) {
            Ok(true) => {
                self.note_edit(name, Some(range));
                Some(Ok(()))
            }
            Ok(false) => None,
            Err(msg) => Some(Err(store_error(&key, &msg))),
        }
    }

    /// Whether evaluating subscript `e` has no effect and reads nothing
    /// from the store: numbers, `end`, `:`, variables in memory, and
    /// operators and ranges of those.
    fn pure_subscript(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Number(_) | ExprKind::Colon | ExprKind::End => true,
            ExprKind::Ident(n, _) => self.slot(n).is_some(),
            ExprKind::Unary(_, a) | ExprKind::Postfix(_, a) => self.pure_subscript(a),
            ExprKind::Binary(_, a, b) => self.pure_subscript(a) && self.pure_subscript(b),
            ExprKind::Range { start, step, stop } => {
                self.pure_subscript(start)
                    && step.as_deref().is_none_or(|s| self.pure_subscript(s))
                    && self.pure_subscript(stop)
            }
            ExprKind::Matrix(rows) => rows.iter().flatten().all(|x| self.pure_subscript(x)),
            _ => false,
        }
    }
}

/// What a metadata query of a stored variable depends on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Needs {
    /// Its size only.
    Dims,
    /// Its class (and whether it is complex) only.
    Class,
}

/// The table builtins `try_metadata_call` answers, with what each needs.
/// Whether `name` is a query a stored variable not read yet may answer
/// from its record (`try_metadata_call`).
pub(super) fn is_metadata_query(name: &str) -> bool {
    metadata_query(name).is_some()
}

fn metadata_query(name: &str) -> Option<Needs> {
    Some(match name {
        "size" | "numel" | "ndims" | "length" | "isempty" | "isscalar" | "isvector" | "isrow"
        | "iscolumn" | "ismatrix" | "issquare" => Needs::Dims,
        "class" | "isa" | "isnumeric" | "isreal" | "islogical" | "isbool" | "ischar"
        | "isfloat" | "isinteger" | "iscell" | "isstruct" => Needs::Class,
        _ => return None,
    })
}

/// The answer of builtin `name` for a value of class `class` (complex when
/// `complex`) and size `dims`, given the arguments after the value
/// (`rest`) and `nargout`, computed as the builtin computes it; `None`
/// for any call the builtin would answer with an error (the caller then
/// runs the builtin on the value read whole, which raises it).
fn metadata_answer(
    name: &str,
    class: Class,
    complex: bool,
    dims: &Dims,
    rest: &[Value],
    nargout: usize,
) -> Option<Vec<Value>> {
    let one = |v: Value| (rest.is_empty() && nargout <= 1).then(|| vec![v]);
    match name {
        "size" => size_answer(dims, rest, nargout),
        "numel" => one(Value::num(dims.numel() as f64)),
        "ndims" => one(Value::num(dims.ndims() as f64)),
        "length" => {
            let n = match dims.is_empty() {
                true => 0,
                false => dims.as_slice().iter().copied().max().unwrap_or(0),
            };
            one(Value::num(n as f64))
        }
        "isempty" => one(Value::bool(dims.is_empty())),
        "isscalar" => one(Value::bool(dims.is_scalar())),
        "isvector" => one(Value::bool(dims.is_vector())),
        "isrow" => one(Value::bool(dims.is_row())),
        "iscolumn" => one(Value::bool(dims.is_col())),
        "ismatrix" => one(Value::bool(dims.is_matrix())),
        "issquare" => one(Value::bool(dims.is_matrix() && dims.rows() == dims.cols())),
        "class" => one(Value::str(class.name())),
        "isnumeric" => one(Value::bool(class.is_numeric())),
        "isreal" => one(Value::bool(
            (class.is_numeric() || matches!(class, Class::Logical | Class::Char)) && !complex,
        )),
        "islogical" | "isbool" => one(Value::bool(class == Class::Logical)),
        "ischar" => one(Value::bool(class == Class::Char)),
        "isfloat" => one(Value::bool(class.is_float())),
        "isinteger" => one(Value::bool(class.is_integer())),
        "iscell" => one(Value::bool(class == Class::Cell)),
        "isstruct" => one(Value::bool(class == Class::Struct)),
        "isa" => {
            let [Value::Char(c)] = rest else {
                return None;
            };
            if nargout > 1 || c.rows() > 1 {
                return None;
            }
            let wanted = String::from_utf16(c.data()).ok()?;
            let r = match wanted.as_str() {
                "numeric" => class.is_numeric(),
                "float" => class.is_float(),
                "integer" => class.is_integer(),
                other => class.name() == other,
            };
            Some(vec![Value::bool(r)])
        }
        _ => None,
    }
}

/// `size(A)`, `size(A, dims)` and `[r, c, ...] = size(A)` from the extents.
fn size_answer(dims: &Dims, rest: &[Value], nargout: usize) -> Option<Vec<Value>> {
    let ext = dims.as_slice();
    match rest {
        [] if nargout <= 1 => Some(vec![Value::row(ext.iter().map(|&e| e as f64).collect())]),
        [] => Some(
            (0..nargout)
                .map(|k| {
                    let e: usize = match k + 1 == nargout {
                        true => ext.iter().skip(k).product(),
                        false => dims.get(k),
                    };
                    Value::num(e as f64)
                })
                .collect(),
        ),
        [Value::Num(req)] => {
            let mut out = Vec::with_capacity(req.numel());
            for &x in req.data() {
                // Fractions, NaN and dimensions below 1 are errors of the builtin.
                if x.fract() != 0.0 || x.is_nan() || x < 1.0 {
                    return None;
                }
                out.push(if x > 1e9 {
                    1.0
                } else {
                    dims.get(x as usize - 1) as f64
                });
            }
            match nargout {
                0 | 1 => Some(vec![Value::row(out)]),
                n if n == out.len() => Some(out.into_iter().map(Value::num).collect()),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Whether argument `e` of a metadata query is a constant: numbers,
/// strings, and operators, ranges and brackets of those (evaluating it
/// reads no variable and has no effect).
fn constant_arg(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Number(_) | ExprKind::Str { .. } => true,
        ExprKind::Unary(_, a) | ExprKind::Postfix(_, a) => constant_arg(a),
        ExprKind::Binary(_, a, b) => constant_arg(a) && constant_arg(b),
        ExprKind::Range { start, step, stop } => {
            constant_arg(start) && step.as_deref().is_none_or(constant_arg) && constant_arg(stop)
        }
        ExprKind::Matrix(rows) => rows.iter().flatten().all(constant_arg),
        _ => false,
    }
}

impl Interp {
    /// `name(A, ...)` where `name` is one of the size and class queries of
    /// the builtin table (`size`, `numel`, `class`, `isempty`, `ndims`,
    /// `isa`, `isnumeric`...; no variable, subfunction or file shadows it),
    /// `A` a stored variable not read yet and every other argument a
    /// constant: answered from `A`'s stored record (class and size), so
    /// its data is not read. `A` counts as read by the command, as when
    /// the builtin receives it. `None`: not such a call, nothing was
    /// evaluated (the caller goes on as usual).
    pub(super) fn try_metadata_call(
        &mut self,
        name: &str,
        args: &[Expr],
        nargout: usize,
    ) -> Option<Result<Vec<Value>>> {
        metadata_query(name)?;
        let (first, rest) = args.split_first()?;
        let ExprKind::Ident(var, _) = &first.kind else {
            return None;
        };
        if !rest.iter().all(constant_arg) || self.slot(var).is_some() || self.backing.is_none() {
            return None;
        }
        let key = self.tracked_key(var)?.into_owned();
        let info = self.lazy.get(&key)?.clone();
        let class = Class::from_name(&info.class).filter(|c| *c != Class::FunctionHandle)?;
        // A failed lookup is raised again by the usual path.
        if !self.calls_table_builtin(name).ok()? {
            return None;
        }
        let mut vals = Vec::with_capacity(rest.len());
        for a in rest {
            match self.eval(a) {
                Ok(v) => vals.push(v),
                Err(e) => return Some(Err(e)),
            }
        }
        let out = metadata_answer(name, class, info.complex, &info.dims, &vals, nargout)?;
        if !self.track.reads.contains(&key) {
            self.track.reads.insert(key);
        }
        Some(Ok(out))
    }
}

/// A store failure while reading or editing `key`, as `load_lazy` words it.
fn store_error(key: &str, msg: &str) -> Error {
    let what = match key.strip_prefix(super::GLOBAL_PREFIX) {
        Some(g) => format!("global variable '{g}'"),
        None => format!("variable '{key}'"),
    };
    Error::with_id(
        "flatlab:store-read",
        format!("cannot read {what} from the workspace store: {msg}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(idx: &[usize]) -> Sub {
        Sub::List {
            idx: idx.to_vec(),
            shape: Dims::row(idx.len()),
            logical: false,
        }
    }

    #[test]
    fn positions_follow_column_major_order_of_indexing() {
        let dims = Dims::mat(3, 4);
        // A([1 3], [2 4]) -> (0,1) (2,1) (0,3) (2,3)
        assert_eq!(
            positions(&[list(&[0, 2]), list(&[1, 3])], &dims),
            vec![3, 5, 9, 11]
        );
        assert_eq!(positions(&[Sub::All, list(&[1])], &dims), vec![3, 4, 5]);
        assert_eq!(positions(&[list(&[7, 2])], &dims), vec![7, 2]);
        // Indexing the same positions of a real array gives those elements.
        let a = Array::new(dims.clone(), (0..12).map(|x| x as f64).collect());
        let subs = [list(&[0, 2]), list(&[1, 3])];
        let whole = index::index_array(&a, &subs).expect("index");
        let via: Vec<f64> = positions(&subs, &dims)
            .iter()
            .map(|&p| a.data()[p])
            .collect();
        assert_eq!(whole.data(), via.as_slice());
    }

    #[test]
    fn growth_is_not_inside() {
        let dims = Dims::mat(3, 4);
        assert!(inside(&[list(&[11])], &dims));
        assert!(!inside(&[list(&[12])], &dims));
        assert!(!inside(&[list(&[3]), list(&[0])], &dims));
        assert!(inside(&[Sub::All, list(&[3])], &dims));
    }
}
