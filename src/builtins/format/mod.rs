//! Builtins: formatted output — the printf family (`sprintf`, `fprintf`,
//! `printf`, `puts`, `fputs`), number-to-text conversion (`num2str`, `int2str`, `mat2str`),
//! plus `error_message` and `warning_message`, which the evaluator uses to
//! turn the arguments of `error(...)` and `warning(...)` into an identifier
//! and a message.
//!
//! Submodules: `printf` (the format engine), `num2str` (number to text).

// `Error` is the crate-wide error type (not ours to shrink); builtins return it.

pub mod num2str;
pub mod printf;

use super::{Builtin, Ctx};
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Value};

pub const TABLE: &[Builtin] = &[
    Builtin {
        name: "sprintf",
        func: bi_sprintf,
        calls_back: false,
    },
    Builtin {
        name: "fprintf",
        func: bi_fprintf,
        calls_back: false,
    },
    Builtin {
        name: "printf",
        func: bi_printf,
        calls_back: false,
    },
    Builtin {
        name: "puts",
        func: bi_puts,
        calls_back: false,
    },
    Builtin {
        name: "fputs",
        func: bi_fputs,
        calls_back: false,
    },
    Builtin {
        name: "num2str",
        func: num2str::bi_num2str,
        calls_back: false,
    },
    Builtin {
        name: "int2str",
        func: num2str::bi_int2str,
        calls_back: false,
    },
    Builtin {
        name: "mat2str",
        func: num2str::bi_mat2str,
        calls_back: false,
    },
];

/// Octave's sprintf: format recycled over all numeric/char arguments
/// flattened column-major. Backslash escapes in `fmt` are processed.
pub fn sprintf(fmt: &str, args: &[Value]) -> Result<String> {
    let f: Vec<u16> = fmt.encode_utf16().collect();
    let units = printf::format_escaped(&f, args, "sprintf")?;
    Ok(String::from_utf16_lossy(&units))
}

/// A 1xN char row (1x0 when empty, as sprintf returns).
pub(crate) fn char_row(units: Vec<u16>) -> Value {
    let n = units.len();
    Value::Char(Array::new(Dims::row(n), units))
}

/// The format argument as UTF-16 units (char arrays flattened column-major).
fn format_arg<'a>(v: &'a Value, who: &str) -> Result<&'a [u16]> {
    match v {
        Value::Char(a) => Ok(a.data()),
        _ => Err(Error::new(format!(
            "{who}: format TEMPLATE must be a string"
        ))),
    }
}

fn format_call(who: &str, args: &[Value]) -> Result<Vec<u16>> {
    let (fmt, rest) = args.split_first().ok_or_else(|| Error::nargin(who))?;
    printf::format_escaped(format_arg(fmt, who)?, rest, who)
}

/// sprintf: format data into a string.
///
/// `S = sprintf(FORMAT, A1, A2, ...)` fills the printf-style template
/// FORMAT with the values of the arguments, taken in column-major order
/// (and the elements of every array in turn), and returns the text as a
/// char row. Conversions: %d %i %u %f %e %g %x %o %c %s %%, with flags,
/// width and precision (* takes them from the arguments). The template is
/// reused until every value is consumed. Escape sequences such as \n in
/// FORMAT are interpreted.
///
/// ```text
/// >> sprintf('%d apples', 3)
/// ans = 3 apples
/// >> sprintf('%5.2f|', [1 2 3])
/// ans =  1.00| 2.00| 3.00|
/// >> sprintf('%s=%d\n', 'a', 1, 'b', 2)
/// ans = a=1
/// b=2
/// ```
fn bi_sprintf(_ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    Ok(vec![char_row(format_call("sprintf", &args)?)])
}

fn write_units(w: &mut dyn std::io::Write, units: &[u16]) -> Result<()> {
    let s = String::from_utf16_lossy(units);
    w.write_all(s.as_bytes())
        .map_err(|e| Error::new(format!("fprintf: write error: {e}")))
}

/// fprintf: write formatted text to a file or the screen.
///
/// `fprintf(format, a, ...)` writes the arguments to the screen under
/// control of the format string: conversions such as `%d`, `%i`, `%u`,
/// `%f`, `%e`, `%g`, `%x`, `%o`, `%c` and `%s` with optional flags, width
/// and precision (`%-8.3f`), and escapes such as `\n` and `\t`. The format is
/// reused until all elements of the arguments (taken in column order) are
/// consumed.
///
/// `fprintf(fid, format, a, ...)` writes to the file identifier fid from
/// `fopen` (1 is standard output, 2 standard error).
///
/// `n = fprintf(...)` returns the number of bytes written.
///
/// ```text
/// >> fprintf('%d apples\n', 3)
/// 3 apples
/// >> fprintf('%d-%d\n', [1 2 3 4])
/// 1-2
/// 3-4
/// >> fprintf(1, 'x = %6.3f\n', pi)
/// x =  3.142
/// ```
fn bi_fprintf(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let first = args.first().ok_or_else(|| Error::nargin("fprintf"))?;
    let (fid, rest) = if args.len() == 1 || first.is_char() {
        (1.0, &args[..])
    } else {
        (first.scalar_f64("fprintf")?, &args[1..])
    };
    let units = if rest.is_empty() {
        Vec::new()
    } else {
        format_call("fprintf", rest)?
    };
    if fid == 1.0 {
        write_units(ctx.out, &units)?;
    } else if fid == 2.0 {
        write_units(ctx.err, &units)?;
    } else {
        let file = if fid.fract() == 0.0 && (3.0..1e9).contains(&fid) {
            ctx.state.files.get_mut(fid as i32)
        } else {
            None
        };
        let Some(file) = file else {
            return Err(Error::new(format!(
                "fprintf: invalid stream number = {}",
                printf_g(fid)
            )));
        };
        let s = String::from_utf16_lossy(&units);
        file.write(s.as_bytes(), "fprintf")?;
    }
    Ok(if ctx.nargout > 0 {
        vec![Value::num(units.len() as f64)]
    } else {
        vec![]
    })
}

/// printf: print formatted data to the screen.
///
/// `printf(FORMAT, A1, A2, ...)` prints the text sprintf(FORMAT, A1, A2,
/// ...) would return (the same as fprintf without a file id).
///
/// ```text
/// >> printf('%d\n', [1 2])
/// 1
/// 2
/// >> printf('%s has %d letters\n', 'word', 4)
/// word has 4 letters
/// ```
fn bi_printf(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let units = format_call("printf", &args)?;
    write_units(ctx.out, &units)?;
    Ok(if ctx.nargout > 0 {
        vec![Value::num(units.len() as f64)]
    } else {
        vec![]
    })
}

/// puts: print a string as it is.
///
/// `puts(STRING)` writes STRING to the screen without any format or
/// escape processing and without adding a newline.
///
/// `STATUS = puts(...)` returns 0 when the string was written, and -1
/// (writing nothing) when the argument is not a string; a bare `puts(...)`
/// without a semicolon shows that status as `ans`, as in Octave.
///
/// ```text
/// >> puts("hi\n");
/// hi
/// >> s = puts("ok\n")
/// ok
/// s = 0
/// >> s = puts(42)
/// s = -1
/// ```
fn bi_puts(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let [s] = args.as_slice() else {
        return Err(Error::nargin("puts"));
    };
    put_text(ctx, 1, s, "puts")
}

/// fputs: write a string to a file, without formatting.
///
/// `fputs(fid, str)` writes the string str as it is (no format conversions,
/// no escapes, no newline added) to the file identifier fid: 1 for standard
/// output, 2 for standard error, or a file opened with `fopen`.
///
/// `STATUS = fputs(fid, str)` returns 0 when the string was written, and
/// -1 (writing nothing) when str is not a string; a bare `fputs(...)`
/// without a semicolon shows that status as `ans`, as in Octave.
///
/// ```text
/// >> fputs(1, "hello\n");
/// hello
/// >> fid = fopen('out.txt', 'w'); s = fputs(fid, 'a%d'), fclose(fid); disp(fileread('out.txt'))
/// s = 0
/// a%d
/// ```
fn bi_fputs(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    let [fid, s] = args.as_slice() else {
        return Err(Error::nargin("fputs"));
    };
    let fid = super::files::fid_arg(fid, "fputs")?;
    put_text(ctx, fid, s, "fputs")
}

/// `puts`/`fputs`: the text of `s` to stream `fid`; status 0, or -1 for an
/// argument that is not a string (Octave writes nothing then).
fn put_text(ctx: &mut Ctx, fid: i32, s: &Value, who: &str) -> Result<Vec<Value>> {
    let Value::Char(a) = s else {
        if fid >= 3 && ctx.state.files.get_mut(fid).is_none() {
            return Err(Error::new(format!("{who}: invalid stream number = {fid}")));
        }
        return Ok(vec![Value::num(-1.0)]);
    };
    match fid {
        1 => write_units(ctx.out, a.data())?,
        2 => write_units(ctx.err, a.data())?,
        _ => match ctx.state.files.get_mut(fid) {
            Some(f) if fid >= 3 => {
                f.write(String::from_utf16_lossy(a.data()).as_bytes(), who)?;
            }
            _ => return Err(Error::new(format!("{who}: invalid stream number = {fid}"))),
        },
    }
    Ok(vec![Value::num(0.0)])
}

/// `%g` text of a number (for messages).
fn printf_g(x: f64) -> String {
    sprintf("%g", &[Value::num(x)]).unwrap_or_default()
}

/// True when `s` looks like a message identifier: `component:id` with no
/// whitespace, not starting or ending with ':'.
fn looks_like_id(s: &str) -> bool {
    s.contains(':')
        && !s.starts_with(':')
        && !s.ends_with(':')
        && !s.chars().any(char::is_whitespace)
}

fn text_of(v: &Value) -> Vec<u16> {
    match v {
        Value::Char(a) => a.data().to_vec(),
        other => other
            .to_num_array("")
            .map(|a| {
                a.data()
                    .iter()
                    .map(|&x| crate::value::char_unit(x))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Identifier and message from the arguments of `error(...)` or `warning(...)`:
/// one argument is the literal message (no format processing); with more,
/// the first is an identifier when it looks like one and the next is the
/// format. A trailing newline of the message is dropped.
fn id_and_message(who: &str, args: &[Value]) -> Result<(String, String)> {
    let first = args.first().ok_or_else(|| Error::nargin(who))?;
    let first_text = String::from_utf16_lossy(&text_of(first));
    if args.len() == 1 {
        if looks_like_id(&first_text) {
            return Ok((
                String::new(),
                format!("call to {who} with message identifier '{first_text}' requires message"),
            ));
        }
        return Ok((String::new(), first_text));
    }
    let (id, rest) = if looks_like_id(&first_text) && first.is_char() {
        (first_text, &args[1..])
    } else {
        (String::new(), args)
    };
    let fmt = text_of(&rest[0]);
    let units = printf::format_escaped(&fmt, &rest[1..], who)?;
    let mut msg = String::from_utf16_lossy(&units);
    if msg.ends_with('\n') {
        msg.pop();
    }
    Ok((id, msg))
}

/// (identifier, message) for an `error(...)` call, as Octave builds them:
/// `error('msg')` uses the text as is; `error('fmt %d', x)` formats (with
/// escapes); `error('Pkg:id', 'fmt', ...)` also sets the identifier.
/// An empty message means `error` does nothing (Octave and MATLAB ignore
/// `error('')`); the evaluator should not raise in that case.
pub fn error_message(args: &[Value]) -> Result<(String, String)> {
    id_and_message("error", args)
}

/// (identifier, message) for a `warning(...)` call, built as for `error`
/// (the interpreter's `warning` emits it through `crate::error::warn_id`).
pub fn warning_message(args: &[Value]) -> Result<(String, String)> {
    id_and_message("warning", args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::State;

    fn run(f: super::super::BuiltinFn, args: Vec<Value>) -> (Vec<Value>, String, String) {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let mut state = State::default();
        let r = {
            let mut ctx = Ctx {
                out: &mut out,
                err: &mut err,
                state: &mut state,
                nargout: 1,
                caller: None,
            };
            f(&mut ctx, args).unwrap()
        };
        (
            r,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn sprintf_export_and_sizes() {
        assert_eq!(
            sprintf("mean=%.3f n=%d", &[Value::num(13.7), Value::num(7.0)]).unwrap(),
            "mean=13.700 n=7"
        );
        let (r, _, _) = run(bi_sprintf, vec![Value::str("")]);
        assert_eq!(r[0].dims().as_slice(), &[1, 0]);
        let (r, _, _) = run(bi_sprintf, vec![Value::str("%-8s|"), Value::str("ab")]);
        assert_eq!(r[0], Value::str("ab      |"));
    }

    #[test]
    fn fprintf_forms() {
        let (_, out, _) = run(
            bi_fprintf,
            vec![Value::str("%d %d\\n"), Value::row(vec![1.0, 2.0, 3.0, 4.0])],
        );
        assert_eq!(out, "1 2\n3 4\n");
        let (_, out, _) = run(
            bi_fprintf,
            vec![
                Value::str("%5.2f|%-6s|%e\\n"),
                Value::num(std::f64::consts::PI),
                Value::str("ab"),
                Value::num(12345.678),
            ],
        );
        assert_eq!(out, " 3.14|ab    |1.234568e+04\n");
        let (_, out, err) = run(bi_fprintf, vec![Value::num(2.0), Value::str("x\\n")]);
        assert_eq!((out.as_str(), err.as_str()), ("", "x\n"));
        let (_, out, _) = run(bi_fprintf, vec![Value::str("100%%\\n")]);
        assert_eq!(out, "100%\n");
    }

    #[test]
    fn error_messages() {
        let m = |a: Vec<Value>| error_message(&a).unwrap();
        assert_eq!(
            m(vec![Value::str("Value too large: %d"), Value::num(12.0)]),
            (String::new(), "Value too large: 12".into())
        );
        assert_eq!(
            m(vec![Value::str("a\\nb")]),
            (String::new(), "a\\nb".into())
        );
        assert_eq!(
            m(vec![
                Value::str("Pkg:id"),
                Value::str("val %d"),
                Value::num(3.0)
            ]),
            ("Pkg:id".into(), "val 3".into())
        );
        assert_eq!(
            m(vec![Value::str("x:y"), Value::str("a\\tb")]),
            ("x:y".into(), "a\tb".into())
        );
        assert_eq!(
            m(vec![Value::str("Pkg:id %d"), Value::num(5.0)]),
            (String::new(), "Pkg:id 5".into())
        );
        assert_eq!(
            m(vec![Value::str(":abc"), Value::str("x")]),
            (String::new(), ":abc".into())
        );
        assert_eq!(
            m(vec![Value::str("msg\\n"), Value::num(1.0)]),
            (String::new(), "msg".into())
        );
    }

    proptest::proptest! {
        #[test]
        fn printf_never_panics(fmt in "[%a-z0-9.*+ #\\-]{0,12}", xs in proptest::collection::vec(-1e6f64..1e6, 0..4)) {
            let args: Vec<Value> = xs.iter().map(|&x| Value::num(x)).collect();
            let _ = sprintf(&fmt, &args);
            let _ = sprintf(&fmt, &[Value::str("ab"), Value::num(f64::NAN), Value::empty()]);
        }
    }
}
