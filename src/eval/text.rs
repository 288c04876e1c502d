//! Compiled text building: `sprintf('...', args)` with a literal format
//! (parsed once, when compiling) and `s = [s t ...]` where every `t` is a
//! string literal or such a `sprintf`, written straight onto the end of
//! `s`'s characters, so a loop building text makes no value per step.
//!
//! Both are tried only when the name `sprintf` reaches the builtin (no
//! variable, subfunction or function file of that name: asked once per
//! command, as every call site asks). The arguments are evaluated once, in
//! order; when the result is not the simple case (`s` shared, or not a
//! char row), the general concatenation gets the same values.

use super::compile::CArg;
use super::expr::Val;
use super::functions::SiteMemo;
use super::Interp;
use crate::builtins::format::printf::{FmtArg, Format};
use crate::error::Result;
use crate::syntax::ast::{Expr, ExprKind, Span, VarRef};
use crate::value::Value;
use smallvec::SmallVec;

/// `sprintf('literal format', args...)`, compiled.
pub(super) struct FormatSite {
    fmt: Format,
    /// The variable slot of the name `sprintf` (a variable shadows it).
    var: VarRef,
    args: Box<[CArg]>,
    site: SiteMemo,
    span: Span,
}

impl FormatSite {
    /// The compiled form of `name(list)` when it is a `sprintf` of a
    /// literal format that parses without warnings.
    pub fn of(name: &str, var: VarRef, list: &[Expr], span: Span) -> Option<FormatSite> {
        if name != "sprintf" {
            return None;
        }
        let (first, rest) = list.split_first()?;
        let ExprKind::Str { text, .. } = &first.kind else {
            return None;
        };
        let units: Vec<u16> = text.encode_utf16().collect();
        Some(FormatSite {
            fmt: Format::escaped(&units)?,
            var,
            args: super::compile::args(rest)?,
            site: SiteMemo::new(),
            span,
        })
    }

    /// Whether calling `sprintf` here runs the builtin.
    #[inline]
    pub fn live(&self, it: &mut Interp) -> Result<bool> {
        Ok(!it.has_ref("sprintf", self.var) && it.calls_table_builtin_at("sprintf", &self.site)?)
    }

    /// The arguments evaluated in order onto `args`.
    fn eval_args(&self, it: &mut Interp, args: &mut Evaluated) -> Result<()> {
        for a in self.args.iter() {
            args.push(a.eval(it)?);
        }
        Ok(())
    }

    /// The text of arguments evaluated by `eval_args`, appended to `out`.
    fn write_args(&self, args: ArgsOf<'_>, out: &mut Vec<u16>) -> Result<()> {
        let r = match args {
            ArgsOf::Nums(xs) => self.fmt.write_nums(out, xs, "sprintf"),
            ArgsOf::Vals(vals) => {
                let made: SmallVec<[Option<Value>; 4]> = vals
                    .iter()
                    .map(|v| match v {
                        Val::Bool(b) => Some(Value::bool(*b)),
                        _ => None,
                    })
                    .collect();
                let args = vals.iter().zip(made.iter()).map(|(v, m)| match (v, m) {
                    (_, Some(m)) => FmtArg::Value(m),
                    (Val::Num(x), None) => FmtArg::Num(x),
                    (Val::Value(v), None) => FmtArg::Value(v),
                    // (Logical scalars were made values above.)
                    (Val::Bool(_), None) => FmtArg::Num(&0.0),
                });
                self.fmt.write_into(out, args, "sprintf")
            }
        };
        r.map_err(|e| e.at(self.span))
    }

    /// The arguments evaluated (in order) and the text appended to `out`.
    pub fn write(&self, it: &mut Interp, out: &mut Vec<u16>) -> Result<()> {
        let mut args = Evaluated::default();
        self.eval_args(it, &mut args)?;
        self.write_args(args.of(0..self.args.len()), out)
    }

    /// The call's value: a char row.
    pub fn value(&self, it: &mut Interp) -> Result<Value> {
        let mut out = Vec::new();
        self.write(it, &mut out)?;
        Ok(crate::builtins::format::char_row(out))
    }
}

/// One element appended by `s = [s ...]`.
pub(super) enum Piece {
    /// A string literal: its characters, and its value (`''` is 0x0,
    /// which concatenation skips, unlike an empty `sprintf` result).
    Text(Box<[u16]>, Value),
    Format(FormatSite),
}

/// The pieces of `[s a b ...]` after `s`, and the most characters they
/// write when every `sprintf` gets one real double scalar per conversion
/// of a plain format (`None` when a format is not plain).
pub(super) struct Pieces {
    list: Box<[Piece]>,
    room: Option<usize>,
}

/// The pieces of `[s a b ...]` after `s`, when every one is a string
/// literal or a literal-format `sprintf`.
pub(super) fn pieces(rest: &[Expr]) -> Option<Pieces> {
    let list: Box<[Piece]> = rest
        .iter()
        .map(|e| match &e.kind {
            ExprKind::Str { text, .. } => {
                Some(Piece::Text(text.encode_utf16().collect(), Value::str(text)))
            }
            ExprKind::Call { target, args } => match &target.kind {
                ExprKind::Ident(name, var) => {
                    FormatSite::of(name, *var, args, e.span).map(Piece::Format)
                }
                _ => None,
            },
            _ => None,
        })
        .collect::<Option<_>>()?;
    let room = list.iter().try_fold(0usize, |n, p| match p {
        Piece::Text(t, _) => n.checked_add(t.len()),
        Piece::Format(f) => n.checked_add(f.fmt.most_for(f.args.len())?),
    });
    Some(Pieces { list, room })
}

/// The arguments of the `sprintf`s of one append, evaluated in order:
/// real double scalars unboxed while every one is one (the common case),
/// else values.
#[derive(Default)]
struct Evaluated {
    /// The first `n` arguments while all are real double scalars (no more
    /// than fit here).
    nums: [f64; NUMS],
    n: usize,
    /// All arguments, once one is not (`None`, so nothing to drop, in the
    /// common case).
    vals: Option<Vec<Val>>,
}

/// How many real double scalars `Evaluated` holds unboxed.
const NUMS: usize = 8;

/// The arguments of one `sprintf`, from `Evaluated`.
enum ArgsOf<'a> {
    Nums(&'a [f64]),
    Vals(&'a [Val]),
}

impl Evaluated {
    #[inline]
    fn push(&mut self, v: Val) {
        match (&mut self.vals, v) {
            (None, Val::Num(x)) if self.n < NUMS => {
                self.nums[self.n] = x;
                self.n += 1;
            }
            (Some(vals), v) => vals.push(v),
            (None, v) => {
                let mut vals: Vec<Val> = self.nums[..self.n].iter().map(|&x| Val::Num(x)).collect();
                vals.push(v);
                self.vals = Some(vals);
            }
        }
    }

    /// The real double scalars, while every argument is one.
    fn nums(&self) -> Option<&[f64]> {
        match self.vals {
            None => Some(&self.nums[..self.n]),
            Some(_) => None,
        }
    }

    fn of(&self, r: std::ops::Range<usize>) -> ArgsOf<'_> {
        match &self.vals {
            None => ArgsOf::Nums(&self.nums[r]),
            Some(vals) => ArgsOf::Vals(&vals[r]),
        }
    }
}

/// Text buffers longer than this are not kept between appends.
const KEEP_BUF: usize = 1 << 16;

impl Interp {
    /// `s = [s pieces...]` where `s` is a char row (or empty) of the
    /// running body: the pieces written onto the end of its characters in
    /// place. `false` (nothing evaluated) when `s` is not such a variable
    /// or a piece's `sprintf` is not the builtin here.
    pub(super) fn append_text(&mut self, name: &str, var: VarRef, pieces: &Pieces) -> Result<bool> {
        let (room, pieces) = (pieces.room, &pieces.list[..]);
        match self.ref_slot(var) {
            Some(Value::Char(a)) if super::fast::row_or_empty(a.dims()) => {}
            _ => return Ok(false),
        }
        for p in pieces {
            if let Piece::Format(f) = p {
                if !f.live(self)? {
                    return Ok(false);
                }
            }
        }
        // The read of `s` is recorded as usual (once).
        if self.peek_ref(var).is_none() {
            self.lookup_ref(name, var)?;
        }
        let mut args = Evaluated::default();
        for p in pieces {
            if let Piece::Format(f) = p {
                f.eval_args(self, &mut args)?;
            }
        }
        // Plain formats of numbers are written straight onto `s`, in room
        // made for the most they can write.
        let plain = room.zip(args.nums());
        if let (Some((room, nums)), Some(Value::Char(a))) = (plain, self.ref_slot_mut(var)) {
            let grown = a.try_extend_with(room, |v| {
                let mut k = 0;
                for p in pieces {
                    match p {
                        Piece::Text(t, _) => v.extend_from_slice(t),
                        Piece::Format(f) => {
                            let n = f.args.len();
                            f.fmt.write_plain(v, &nums[k..k + n]);
                            k += n;
                        }
                    }
                }
            })?;
            if grown {
                self.note_whole_change(name, var);
                return Ok(true);
            }
        }
        // Else each piece's text, then appended or concatenated.
        let mut buf = std::mem::take(&mut self.text_buf);
        buf.clear();
        let mut ends: SmallVec<[usize; 4]> = SmallVec::new();
        let mut k = 0;
        for p in pieces {
            match p {
                Piece::Text(t, _) => buf.extend_from_slice(t),
                Piece::Format(f) => {
                    let n = f.args.len();
                    if let Err(e) = f.write_args(args.of(k..k + n), &mut buf) {
                        self.keep_buf(buf);
                        return Err(e);
                    }
                    k += n;
                }
            }
            ends.push(buf.len());
        }
        let grown = match self.ref_slot_mut(var) {
            Some(Value::Char(a)) => a.try_extend_row(buf.len(), |v| v.extend_from_slice(&buf)),
            _ => Ok(false),
        };
        let grown = match grown {
            Ok(g) => g,
            Err(e) => {
                self.keep_buf(buf);
                return Err(e.into());
            }
        };
        if grown {
            self.note_whole_change(name, var);
            self.keep_buf(buf);
            return Ok(true);
        }
        // The general concatenation, of the same values.
        let s = self
            .lookup_ref(name, var)?
            .cloned()
            .unwrap_or_else(Value::empty);
        let mut all = Vec::with_capacity(pieces.len() + 1);
        all.push(s);
        let mut start = 0;
        for (p, &end) in pieces.iter().zip(ends.iter()) {
            all.push(match p {
                Piece::Text(_, v) => v.clone(),
                Piece::Format(_) => crate::builtins::format::char_row(buf[start..end].to_vec()),
            });
            start = end;
        }
        self.keep_buf(buf);
        let v = crate::builtins::construct::concat(1, all)?;
        self.assign_ref(name, var, v);
        Ok(true)
    }

    /// Keep the text buffer for the next append, unless it grew large.
    fn keep_buf(&mut self, buf: Vec<u16>) {
        if buf.capacity() <= KEEP_BUF {
            self.text_buf = buf;
        }
    }
}
