//! Dates and times: serial date numbers and date vectors (`dates`:
//! datenum, datevec, datestr, weekday, addtodate, etime, eomday,
//! is_leap_year, calendar), the clock and timers (`clock`: clock, now,
//! date, tic, toc, cputime, time, localtime, gmtime, mktime, strftime,
//! asctime, ctime).
//!
//! Local time is the process's time zone as C's `localtime` finds it (the
//! `TZ` variable, else /etc/localtime), read through `tz-rs`; the date
//! arithmetic itself (`days`) and the text forms (`text`) never look at a
//! zone. `datetime` and `duration` objects are not here.

mod clock;
mod dates;
pub(crate) mod days;
pub(crate) mod text;

use super::Builtin;
use crate::error::{Error, Result};
use crate::value::Value;

pub const TABLE: &[Builtin] = table![
    "datenum" => dates::datenum,
    "datevec" => dates::datevec,
    "datestr" => dates::datestr,
    "weekday" => dates::weekday,
    "addtodate" => dates::addtodate,
    "etime" => dates::etime,
    "eomday" => dates::eomday,
    "is_leap_year" => dates::is_leap_year,
    "calendar" => dates::calendar,
    "clock" => clock::clock,
    "now" => clock::now,
    "date" => clock::date,
    "tic" => clock::tic,
    "toc" => clock::toc,
    "cputime" => clock::cputime,
    "time" => clock::time,
    "localtime" => clock::localtime,
    "gmtime" => clock::gmtime,
    "mktime" => clock::mktime,
    "strftime" => clock::strftime,
    "asctime" => clock::asctime,
    "ctime" => clock::ctime,
];

/// Octave's `Invalid call to NAME` for a wrong argument count.
fn invalid_call(fname: &str) -> Error {
    Error::with_id(
        "Octave:invalid-fun-call",
        format!("Invalid call to {fname}"),
    )
}

/// Check the argument count against `min..=max`.
fn nargs(args: &[Value], min: usize, max: usize, fname: &str) -> Result<()> {
    if args.len() < min || args.len() > max {
        return Err(invalid_call(fname));
    }
    Ok(())
}

/// Text arguments that stand for dates: the rows of a char matrix (trailing
/// blanks dropped, as `cellstr` does) or the strings of a cell array.
/// `None` when `v` is not text.
fn date_strings(v: &Value, fname: &str) -> Result<Option<Vec<String>>> {
    match v {
        Value::Char(_) => Ok(Some(
            v.char_rows_of()
                .unwrap_or_default()
                .into_iter()
                .map(|r| r.trim_end().to_string())
                .collect(),
        )),
        Value::Cell(c) => c
            .data()
            .iter()
            .map(|e| match e {
                Value::Char(a) if a.rows() <= 1 => Ok(String::from_utf16_lossy(a.data())),
                _ => Err(Error::new(format!(
                    "{fname}: a cell array of dates must hold only strings"
                ))),
            })
            .collect::<Result<Vec<_>>>()
            .map(Some),
        _ => Ok(None),
    }
}
