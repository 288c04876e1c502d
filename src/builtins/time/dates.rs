//! Serial date numbers, date vectors and date strings: datenum, datevec,
//! datestr, weekday, addtodate, etime, eomday, is_leap_year, calendar.

use super::days::{self, fmod};
use super::text::{self, Tm};
use super::{clock, date_strings, invalid_call, nargs};
use crate::builtins::reduce::check_nargout;
use crate::builtins::util::{checked_numel, zip_map};
use crate::builtins::Ctx;
use crate::error::{warn_id, Error, Result};
use crate::value::{Array, Dims, Value};

/// The formats `datevec` tries, in order, on a date string without one.
const STANDARD_FORMATS: [&str; 26] = [
    "dd-mmm-yyyy HH:MM:SS",
    "dd-mmm-yyyy",
    "mm/dd/yy",
    "mm/dd",
    "HH:MM:SS",
    "HH:MM:SS PM",
    "HH:MM",
    "HH:MM PM",
    "mm/dd/yyyy",
    "mmmyy",
    "mmm.dd,yyyy HH:MM:SS",
    "mmm.dd,yyyy",
    "yyyy/mm/dd",
    "yyyy-mm-dd",
    "yyyy-mm-dd HH:MM:SS",
    "mmm-dd-yyyy HH:MM:SS",
    "mmm-dd-yyyy",
    "dd mmm yyyy HH:MM:SS",
    "dd mmm yyyy",
    "mmm dd yyyy HH:MM:SS",
    "mmm dd yyyy",
    "dd.mmm.yyyy HH:MM:SS",
    "dd.mmm.yyyy",
    "mmm.dd.yyyy HH:MM:SS",
    "mmm.dd.yyyy",
    "mm/dd/yyyy HH:MM",
];

/// `datestr`'s numbered formats 0 to 31.
const NUMBERED_FORMATS: [&str; 32] = [
    "dd-mmm-yyyy HH:MM:SS",
    "dd-mmm-yyyy",
    "mm/dd/yy",
    "mmm",
    "m",
    "mm",
    "mm/dd",
    "dd",
    "ddd",
    "d",
    "yyyy",
    "yy",
    "mmmyy",
    "HH:MM:SS",
    "HH:MM:SS PM",
    "HH:MM",
    "HH:MM PM",
    "QQ-YY",
    "QQ",
    "dd/mm",
    "dd/mm/yy",
    "mmm.dd,yyyy HH:MM:SS",
    "mmm.dd,yyyy",
    "mm/dd/yyyy",
    "dd/mm/yyyy",
    "yy/mm/dd",
    "yyyy/mm/dd",
    "QQ-YYYY",
    "mmmyyyy",
    "yyyy-mm-dd",
    "yyyymmddTHHMMSS",
    "yyyy-mm-dd HH:MM:SS",
];

type Vec6 = [f64; 6];

/// The optional format and pivot year that follow a date string:
/// `(D, F)`, `(D, P)`, `(D, F, P)`; an empty value is no value.
fn format_and_pivot(rest: &[Value], fname: &str) -> Result<(Option<String>, Option<f64>)> {
    let mut fmt = None;
    let mut pivot = None;
    for (k, v) in rest.iter().enumerate() {
        if v.is_empty() {
            continue;
        }
        match v {
            Value::Char(_) if k == 0 => fmt = Some(v.to_str(fname)?),
            Value::Char(_) | Value::Cell(_) | Value::Struct(_) | Value::Func(_) => {
                return Err(Error::new(format!(
                    "{fname}: the pivot year P must be a number"
                )))
            }
            _ => pivot = Some(v.scalar_f64(fname)?),
        }
    }
    Ok((fmt, pivot))
}

/// Date vectors of date strings, read with `fmt` or else with the first
/// standard format that reads the whole string. Two-digit years fall in
/// the hundred years from the pivot year (default: 50 years ago).
fn parse_dates(
    strings: &[String],
    fmt: Option<&str>,
    pivot: Option<f64>,
    fname: &str,
) -> Result<Vec<Vec6>> {
    let this_year = clock::local_now().1.year as f64 + 1900.0;
    let pivot = pivot.unwrap_or(this_year - 50.0);
    let formats: Vec<text::ParseFormat> = match fmt {
        Some(f) => {
            let (pf, problem) = text::parse_format(f);
            if let Some(msg) = problem {
                let msg = format!("{fname}: {msg}");
                if f.contains('%') {
                    warn_id("Octave:datevec", &msg);
                } else {
                    return Err(Error::new(msg));
                }
            }
            vec![pf]
        }
        None => STANDARD_FORMATS
            .iter()
            .map(|f| text::parse_format(f).0)
            .collect(),
    };
    let mut out = Vec::with_capacity(strings.len());
    for s in strings {
        let found = formats
            .iter()
            .find_map(|pf| text::strptime(s, &pf.conv).map(|p| (pf, p)));
        let Some((pf, p)) = found else {
            return Err(Error::new(if fmt.is_some() {
                format!("{fname}: DATE not parsed correctly with given format")
            } else {
                format!("{fname}: none of the standard formats match the DATE string")
            }));
        };
        out.push(complete(pf, &p, pivot, this_year));
    }
    Ok(out)
}

/// The date vector of what a format read: a date rolled over as `mktime`
/// does when year, month and day were all read, the pivot applied to a
/// two-digit year, and what the format does not name filled in (the
/// current year, January, the 1st, midnight).
fn complete(pf: &text::ParseFormat, p: &text::Parsed, pivot: f64, this_year: f64) -> Vec6 {
    let mut y = p.year.map(|y| y as f64 + 1900.0).unwrap_or(this_year);
    let mut m = p.mon.map(|m| m as f64 + 1.0).unwrap_or(1.0);
    let mut d = p.mday.map(|d| d as f64).unwrap_or(1.0);
    let (mut h, mut mi, mut s) = (p.hour as f64, p.min as f64, p.sec as f64);
    if p.year.is_some() && p.mon.is_some() && p.mday.is_some() {
        // Leap seconds and days past the month's end roll over.
        let total = h * 3600.0 + mi * 60.0 + s;
        let extra = (total / 86400.0).floor();
        let rest = total - extra * 86400.0;
        h = (rest / 3600.0).floor();
        mi = ((rest - h * 3600.0) / 60.0).floor();
        s = rest - h * 3600.0 - mi * 60.0;
        (y, m, d) = days::civil(days::day_number(y, m, d) + extra);
    }
    if pf.two_digit_year {
        y -= if y > 1999.0 { 2000.0 } else { 1900.0 };
        y += pivot - fmod(pivot, 100.0);
        if y < pivot {
            y += 100.0;
        }
    }
    if !pf.has_year && !pf.has_month && !pf.has_day {
        (y, m, d) = (this_year, 1.0, 1.0);
    }
    if !pf.has_hour && !pf.has_minute && !pf.has_second {
        (h, mi, s) = (0.0, 0.0, 0.0);
    } else if pf.has_hour && pf.has_minute && !pf.has_second {
        s = 0.0;
    }
    [y, m, d, h, mi, s + p.msec / 1000.0]
}

/// Rows of a date-vector matrix with 3 to 6 columns (missing time fields
/// are 0), as `datenum` and `etime` take them.
fn vector_rows(v: &Value, fname: &str) -> Result<Vec<Vec6>> {
    if !matches!(v, Value::Num(_)) {
        return Err(Error::new(format!(
            "{fname}: all inputs must be of class double"
        )));
    }
    let a = v.to_num_array(fname)?;
    let d = a.dims();
    let cols = if d.ndims() == 2 { d.cols() } else { 0 };
    if !(3..=6).contains(&cols) {
        return Err(Error::new(format!(
            "{fname}: expected date vector containing [YEAR, MONTH, DAY, HOUR, MINUTE, SECOND]"
        )));
    }
    let n = d.rows();
    Ok((0..n)
        .map(|i| {
            let mut r = [0.0; 6];
            for (j, x) in r.iter_mut().enumerate().take(cols) {
                *x = *a.at(i, j);
            }
            r
        })
        .collect())
}

fn num_of(r: &Vec6) -> f64 {
    days::datenum(r[0], r[1], r[2], r[3], r[4], r[5])
}

fn secs_of(r: &Vec6) -> f64 {
    days::seconds(r[0], r[1], r[2], r[3], r[4], r[5])
}

/// datenum: serial date numbers (days from 1-Jan-0000, the time of day as
/// the fraction).
///
/// `D = datenum(V)` takes date vectors, the rows of an n-by-6 (or n-by-3
/// to n-by-5) matrix `[Y MO D H MI S]`, and returns a column of n numbers.
///
/// `D = datenum(Y, MO, D)` and `D = datenum(Y, MO, D, H, MI, S)` take the
/// fields as arrays of one size (scalars expand) and return that size.
/// Months below 1 count as January; fractional months and years add that
/// fraction of their length; days, hours, minutes and seconds beyond their
/// range carry over.
///
/// `D = datenum(S)`, `datenum(S, F)`, `datenum(S, P)`, `datenum(S, F, P)`
/// read date strings (a char matrix's rows or a cell array's strings) as
/// `datevec` does, with format `F` and pivot year `P`.
///
/// `[D, SECS] = datenum(...)` also returns the same instants in seconds.
///
/// ```text
/// >> datenum(2001, 5, 19)
/// ans = 730990
/// ```
pub fn datenum(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 2, "datenum")?;
    nargs(&args, 1, 6, "datenum")?;
    let (dims, rows): (Dims, Vec<Vec6>) = if let Some(s) = date_strings(&args[0], "datenum")? {
        if args.len() > 3 {
            return Err(invalid_call("datenum"));
        }
        let (fmt, pivot) = format_and_pivot(&args[1..], "datenum")?;
        let rows = parse_dates(&s, fmt.as_deref(), pivot, "datenum")?;
        (Dims::col(rows.len()), rows)
    } else if args.len() == 1 {
        let rows = vector_rows(&args[0], "datenum")?;
        (Dims::col(rows.len()), rows)
    } else if args.len() == 2 {
        return Err(Error::new(
            "datenum: expected YEAR, MONTH and DAY, or a date vector",
        ));
    } else {
        let mut fields = Vec::with_capacity(6);
        for a in &args {
            if !matches!(a, Value::Num(_)) {
                return Err(Error::new("datenum: all inputs must be of class double"));
            }
            fields.push(a.to_num_array("datenum")?);
        }
        let dims = common_dims(&fields, "datenum: incompatible sizes for YEAR, MONTH, DAY")?;
        let n = checked_numel(dims.as_slice())?;
        let at = |f: &Array<f64>, k: usize| {
            if f.numel() == 1 {
                f.data()[0]
            } else {
                f.data()[k]
            }
        };
        let rows = (0..n)
            .map(|k| {
                let mut r = [0.0; 6];
                for (j, f) in fields.iter().enumerate() {
                    r[j] = at(f, k);
                }
                r
            })
            .collect();
        (dims, rows)
    };
    let nums = rows.iter().map(num_of).collect();
    let mut out = vec![Value::Num(Array::new(dims.clone(), nums))];
    if ctx.nargout > 1 {
        out.push(Value::Num(Array::new(
            dims,
            rows.iter().map(secs_of).collect(),
        )));
    }
    Ok(out)
}

/// The size all non-scalar arrays share (1x1 when all are scalars).
fn common_dims(fields: &[Array<f64>], msg: &str) -> Result<Dims> {
    let mut dims: Option<&Dims> = None;
    for f in fields {
        if f.numel() == 1 {
            continue;
        }
        match dims {
            Some(d) if d != f.dims() => return Err(Error::new(msg)),
            _ => dims = Some(f.dims()),
        }
    }
    Ok(dims.cloned().unwrap_or_else(Dims::scalar))
}

/// datevec: date vectors `[Y MO D H MI S]` of date numbers or date strings.
///
/// `V = datevec(D)` for date numbers D returns one row per element of D
/// (taken in column order); the seconds are rounded to the precision D
/// carries.
///
/// `V = datevec(S)` reads date strings (a char matrix's rows or a cell
/// array's strings) with the first standard format that reads the whole
/// string: `dd-mmm-yyyy HH:MM:SS`, `dd-mmm-yyyy`, `mm/dd/yy`, `mm/dd`,
/// `HH:MM:SS`, `HH:MM:SS PM`, `HH:MM`, `HH:MM PM`, `mm/dd/yyyy`, `mmmyy`,
/// `mmm.dd,yyyy HH:MM:SS`, `mmm.dd,yyyy`, `yyyy/mm/dd`, `yyyy-mm-dd`,
/// `yyyy-mm-dd HH:MM:SS` and a few more orders of day, month and year.
/// A date without a year is in the current year; a time alone is on
/// 1 January of the current year.
///
/// `V = datevec(S, F)` reads with format F, in `datestr`'s letters (`yyyy`,
/// `yy`, `mmmm`, `mmm`, `mm`, `dddd`, `ddd`, `dd`, `HH`, `MM`, `SS`, `FFF`
/// for milliseconds, `AM` or `PM`).
///
/// `V = datevec(S, P)` and `datevec(S, F, P)`: two-digit years fall in
/// the hundred years starting at the pivot year P (default: 50 years
/// before the current year).
///
/// `[Y, MO, D, H, MI, S] = datevec(...)` returns the fields separately,
/// each the size of the date numbers given (a column for strings).
///
/// ```text
/// >> datevec('07-Sep-2000 15:38:09')
/// ans =
///
///    2000      9      7     15     38      9
///
/// ```
pub fn datevec(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 6, "datevec")?;
    nargs(&args, 1, 3, "datevec")?;
    let (dims, rows) = date_rows(&args, "datevec")?;
    Ok(vector_outputs(ctx.nargout, dims, &rows))
}

/// Date vectors of `datevec`'s arguments, with the shape of the dates.
fn date_rows(args: &[Value], fname: &str) -> Result<(Dims, Vec<Vec6>)> {
    if let Some(s) = date_strings(&args[0], fname)? {
        let (fmt, pivot) = format_and_pivot(&args[1..], fname)?;
        let rows = parse_dates(&s, fmt.as_deref(), pivot, fname)?;
        return Ok((Dims::col(rows.len()), rows));
    }
    let a = args[0].to_num_array(fname)?;
    Ok((
        a.dims().clone(),
        a.data().iter().map(|&x| days::datevec(x)).collect(),
    ))
}

/// One n-by-6 matrix, or for more than one output each field shaped `dims`.
fn vector_outputs(nargout: usize, dims: Dims, rows: &[Vec6]) -> Vec<Value> {
    let n = rows.len();
    if nargout <= 1 {
        let mut data = Vec::with_capacity(n * 6);
        for j in 0..6 {
            data.extend(rows.iter().map(|r| r[j]));
        }
        return vec![Value::matrix(n, 6, data)];
    }
    (0..6)
        .map(|j| {
            Value::Num(Array::new(
                dims.clone(),
                rows.iter().map(|r| r[j]).collect(),
            ))
        })
        .collect()
}

/// Whether the rows of a 6-column (or 3-column) matrix are date vectors
/// rather than date numbers: whole years, months, days, hours and minutes
/// within their ranges.
fn looks_like_vectors(a: &Array<f64>) -> bool {
    let cols = a.dims().cols();
    let max = [f64::INFINITY, 12.0, 31.0, 23.0, 59.0, 60.0];
    (0..a.rows()).all(|i| {
        (0..cols).all(|j| {
            let x = *a.at(i, j);
            x.max(1.0) <= max[j] && (j == 5 || x == x.floor())
        })
    })
}

/// datestr: dates as text.
///
/// `S = datestr(D)` for date numbers, date vectors (rows of an n-by-6 or
/// n-by-3 matrix whose fields are in range) or date strings returns one row
/// per date, in format 0 (`dd-mmm-yyyy HH:MM:SS`), or 1 (`dd-mmm-yyyy`)
/// when every time is midnight, or 16 (`HH:MM PM`) when every date number
/// is below 1.
///
/// `S = datestr(D, F)` uses format F: a number 0 to 31 (0
/// `dd-mmm-yyyy HH:MM:SS`, 1 `dd-mmm-yyyy`, 2 `mm/dd/yy`, 13 `HH:MM:SS`,
/// 23 `mm/dd/yyyy`, 29 `yyyy-mm-dd`, 30 `yyyymmddTHHMMSS`, 31
/// `yyyy-mm-dd HH:MM:SS`...) or a string of the letters `yyyy`, `yy`,
/// `mmmm` (month name), `mmm`, `mm`, `m` (its initial), `dddd` (weekday
/// name), `ddd`, `dd`, `d` (its initial), `HH`, `MM`, `SS`, `FFF`
/// (milliseconds), `AM` or `PM` (12-hour clock), `QQ` (quarter); any other
/// character is copied.
///
/// `S = datestr(D, F, P)` reads two-digit years of date strings with
/// pivot year P.
///
/// ```text
/// >> datestr([2005 12 18 2 33 17.3822], 'yyyy-mm-dd HH:MM:SS.FFF PM')
/// ans = 2005-12-18  2:33:17.382 AM
/// ```
pub fn datestr(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "datestr")?;
    nargs(&args, 1, 3, "datestr")?;
    let pivot = match args.get(2) {
        Some(p) if !p.is_empty() => Some(p.scalar_f64("datestr")?),
        _ => None,
    };
    let mut rows: Vec<Vec6> = if let Some(s) = date_strings(&args[0], "datestr")? {
        parse_dates(&s, None, pivot, "datestr")?
    } else {
        let a = args[0].to_num_array("datestr")?;
        let d = a.dims();
        let cols = if d.ndims() == 2 { d.cols() } else { 0 };
        if (cols == 6 || cols == 3) && looks_like_vectors(&a) {
            (0..d.rows())
                .map(|i| {
                    let mut r = [0.0; 6];
                    for (j, x) in r.iter_mut().enumerate().take(cols) {
                        *x = *a.at(i, j);
                    }
                    r
                })
                .collect()
        } else {
            a.data().iter().map(|&x| days::datevec(x)).collect()
        }
    };
    if rows.iter().any(|r| r.iter().any(|x| !x.is_finite())) {
        return Err(Error::new("datestr: DATE must be finite (not NaN or Inf)"));
    }
    // Seconds that would print as 60 round up into the next minute.
    for r in rows.iter_mut() {
        if r[5] - r[5].trunc() >= 0.9995 {
            r[5] = r[5].trunc() + 1.0;
            *r = days::datevec(num_of(r));
        }
    }
    let fmt: String = match args.get(1) {
        Some(f) if !f.is_empty() => match f {
            Value::Char(_) => f.to_str("datestr")?,
            _ => {
                let k = f.scalar_f64("datestr")?;
                if !(0.0..=31.0).contains(&k) || k.fract() != 0.0 {
                    return Err(Error::new(format!(
                        "datestr: numeric format F must be 0 to 31, not {}",
                        crate::builtins::util::fmt_num(k)
                    )));
                }
                NUMBERED_FORMATS[k as usize].to_string()
            }
        },
        _ => {
            let k = if rows
                .iter()
                .all(|r| r[3] == 0.0 && r[4] == 0.0 && r[5] == 0.0)
            {
                1
            } else if !rows.is_empty()
                && rows
                    .iter()
                    .all(|r| r[0] == -1.0 && r[1] == 12.0 && r[2] == 31.0)
            {
                16
            } else {
                0
            };
            NUMBERED_FORMATS[k].to_string()
        }
    };
    let lines: Vec<String> = rows.iter().map(|r| format_date(&fmt, r)).collect();
    if lines.is_empty() {
        return Ok(vec![Value::str("")]);
    }
    Ok(vec![Value::char_rows(&lines)])
}

/// One date vector in `datestr`'s format letters.
fn format_date(fmt: &str, r: &Vec6) -> String {
    let wday = days::weekday(days::day_number(r[0], r[1], r[2]));
    let wday = if wday.is_finite() { wday as usize } else { 1 };
    let conv = text::datestr_format(fmt, r, wday);
    let tm = Tm {
        year: (r[0] as i64).saturating_sub(1900),
        mon: (r[1] as i64).saturating_sub(1),
        mday: r[2] as i64,
        hour: r[3] as i64,
        min: r[4] as i64,
        sec: r[5].trunc() as i64,
        wday: wday as i64 - 1,
        ..Tm::default()
    };
    text::strftime(&conv, &tm, clock::epoch_of)
}

/// weekday: the day of the week.
///
/// `N = weekday(D)` for date numbers or date strings D returns 1 for
/// Sunday through 7 for Saturday, the size of D (one per string).
///
/// `[N, S] = weekday(D)` also returns the days' abbreviated names as the
/// rows of a char matrix; `[N, S] = weekday(D, 'long')` their full names.
///
/// ```text
/// >> [n, s] = weekday(728647)
/// n = 2
/// s = Mon
/// ```
pub fn weekday(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 2, "weekday")?;
    nargs(&args, 1, 2, "weekday")?;
    let long = match args.get(1) {
        Some(Value::Char(_)) => args[1].to_str("weekday")?.eq_ignore_ascii_case("long"),
        Some(_) => false,
        None => false,
    };
    let (dims, nums): (Dims, Vec<f64>) = match date_strings(&args[0], "weekday")? {
        Some(s) => {
            let rows = parse_dates(&s, None, None, "weekday")?;
            (Dims::col(rows.len()), rows.iter().map(num_of).collect())
        }
        None => {
            let a = args[0].to_num_array("weekday")?;
            (a.dims().clone(), a.data().to_vec())
        }
    };
    let n: Vec<f64> = nums.iter().map(|&x| days::weekday(x)).collect();
    let mut out = vec![Value::Num(Array::new(dims, n.clone()))];
    if ctx.nargout > 1 {
        let table = if long {
            &text::DAY_LONG
        } else {
            &text::DAY_SHORT
        };
        let names = n
            .iter()
            .map(|&w| {
                if w.is_finite() {
                    Ok(table[(w as usize).clamp(1, 7) - 1].to_string())
                } else {
                    Err(Error::new("weekday: D must be finite to be named"))
                }
            })
            .collect::<Result<Vec<_>>>()?;
        out.push(if names.is_empty() {
            Value::str("")
        } else {
            Value::char_rows(&names)
        });
    }
    Ok(out)
}

/// addtodate: add a quantity of a time unit to date numbers.
///
/// `D = addtodate(D0, Q, F)` adds Q units of F to the date numbers D0. F
/// is `'year'`, `'month'`, `'day'`, `'hour'`, `'minute'`, `'second'` or
/// `'millisecond'` (a plural `s` is allowed). Adding months keeps the day
/// of the month, or takes the month's last day when it has fewer days. A
/// scalar D0 with an array Q gives one date per element of Q.
///
/// ```text
/// >> addtodate(datenum(2020, 1, 31), 1, 'month') - datenum(2020, 2, 29)
/// ans = 0
/// ```
pub fn addtodate(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "addtodate")?;
    nargs(&args, 3, 3, "addtodate")?;
    let unit = match &args[2] {
        Value::Char(a) if a.rows() == 1 => String::from_utf16_lossy(a.data()),
        _ => return Err(Error::new("addtodate: F must be a single character string")),
    };
    let mut d = args[0].to_num_array("addtodate")?;
    let q = args[1].to_num_array("addtodate")?;
    if d.numel() == 1 && q.numel() != 1 {
        d = Array::filled(q.dims().clone(), d.data()[0]);
    }
    let unit = unit.strip_suffix('s').unwrap_or(&unit).to_ascii_lowercase();
    let per_day = match unit.as_str() {
        "year" | "month" => None,
        "day" => Some(1.0),
        "hour" => Some(1.0 / 24.0),
        "minute" => Some(1.0 / 1440.0),
        "second" => Some(1.0 / 86400.0),
        "millisecond" => Some(1.0 / 86400000.0),
        _ => return Err(Error::new(format!("addtodate: Invalid time unit: {unit}"))),
    };
    if let Some(k) = per_day {
        let r = zip_map("addtodate", &d, &q, |&a, &b| a + b * k)?;
        return Ok(vec![Value::Num(r)]);
    }
    let n = d.numel();
    if q.numel() != 1 && q.numel() != n {
        return Err(Error::new(
            "addtodate: D and Q must have the same number of elements, or one of them one",
        ));
    }
    let qd = q.data();
    let out: Vec<f64> = d
        .data()
        .iter()
        .enumerate()
        .map(|(k, &x)| {
            let add = if qd.len() == 1 { qd[0] } else { qd[k] };
            let mut v = days::datevec(x);
            if unit == "year" {
                v[0] += add;
            } else {
                v[1] += add;
                v[0] += ((v[1] - 1.0) / 12.0).floor();
                v[1] = fmod(v[1] - 1.0, 12.0) + 1.0;
                if let Some(last) = days::eomday(v[0], v[1]) {
                    v[2] = v[2].min(last);
                }
            }
            num_of(&v)
        })
        .collect();
    Ok(vec![Value::Num(Array::new(d.dims().clone(), out))])
}

/// etime: seconds elapsed between two date vectors.
///
/// `S = etime(T2, T1)` returns the seconds from T1 to T2, date vectors
/// `[Y MO D H MI S]` as `clock` returns them (or matrices of such rows,
/// one result per row).
///
/// ```text
/// >> etime([2000 3 1 0 0 0], [2000 2 28 23 59 59])
/// ans = 86401
/// ```
pub fn etime(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "etime")?;
    nargs(&args, 2, 2, "etime")?;
    let t2 = vector_rows(&args[0], "etime")?;
    let t1 = vector_rows(&args[1], "etime")?;
    let n = match (t2.len(), t1.len()) {
        (a, b) if a == b => a,
        (1, b) => b,
        (a, 1) => a,
        _ => {
            return Err(Error::new(
                "etime: T2 and T1 must have the same number of rows",
            ))
        }
    };
    let pick = |t: &[Vec6], k: usize| if t.len() == 1 { t[0] } else { t[k] };
    let secs = (0..n)
        .map(|k| secs_of(&pick(&t2, k)) - secs_of(&pick(&t1, k)))
        .collect();
    Ok(vec![Value::col(secs)])
}

/// eomday: the last day of a month.
///
/// `E = eomday(Y, M)` returns the number of days of month M (1 to 12) in
/// year Y, for arrays of one size or a scalar with an array.
///
/// ```text
/// >> eomday(2004, 1:3)
/// ans =
///
///    31   29   31
///
/// ```
pub fn eomday(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "eomday")?;
    nargs(&args, 2, 2, "eomday")?;
    let y = args[0].to_num_array("eomday")?;
    let m = args[1].to_num_array("eomday")?;
    if let Some(bad) = m
        .data()
        .iter()
        .find(|&&x| days::eomday(2000.0, x).is_none())
    {
        return Err(Error::new(format!(
            "eomday: M must hold month numbers 1 to 12, not {}",
            crate::builtins::util::fmt_num(*bad)
        )));
    }
    let r = zip_map("eomday", &y, &m, |&y, &m| {
        days::eomday(y, m).unwrap_or(f64::NAN)
    })?;
    Ok(vec![Value::Num(r)])
}

/// is_leap_year: whether years are leap years.
///
/// `TF = is_leap_year(Y)` is true where year Y of the Gregorian calendar
/// has 366 days (divisible by 4, and by 400 if by 100); `is_leap_year()`
/// answers for the current year.
///
/// ```text
/// >> is_leap_year([1900 2000 2024])
/// ans =
///
///   0  1  1
///
/// ```
pub fn is_leap_year(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "is_leap_year")?;
    nargs(&args, 0, 1, "is_leap_year")?;
    let y = match args.first() {
        Some(v) => v.to_num_array("is_leap_year")?,
        None => Array::scalar(clock::local_now().1.year as f64 + 1900.0),
    };
    Ok(vec![Value::Bool(y.map(|&y| days::is_leap(y)))])
}

/// calendar: a month's calendar.
///
/// `C = calendar()` returns the current month as a 6-by-7 matrix of day
/// numbers, one week per row from Sunday to Saturday, 0 where the month
/// has no day. `calendar(D)` does this for the month of date number or
/// date string D, `calendar(Y, M)` for month M of year Y.
///
/// `calendar(...)` with no output prints the calendar with the month and
/// year above it; the current day (or D's) is marked with `*`.
///
/// ```text
/// >> calendar(2000, 2)
///                     Feb 2000
///      S     M    Tu     W    Th     F     S
///      0     0     1     2     3     4     5
///      6     7     8     9    10    11    12
///     13    14    15    16    17    18    19
///     20    21    22    23    24    25    26
///     27    28    29     0     0     0     0
///      0     0     0     0     0     0     0
/// ```
pub fn calendar(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "calendar")?;
    nargs(&args, 0, 2, "calendar")?;
    let (y, m, mark) = match args.len() {
        0 => {
            let t = clock::local_now().1;
            (
                t.year as f64 + 1900.0,
                t.mon as f64 + 1.0,
                Some(t.mday as f64),
            )
        }
        1 => {
            let (_, rows) = date_rows(&args, "calendar")?;
            let v = rows
                .first()
                .copied()
                .ok_or_else(|| Error::new("calendar: D must not be empty"))?;
            (v[0], v[1], Some(v[2]))
        }
        _ => (
            args[0].scalar_f64("calendar")?,
            args[1].scalar_f64("calendar")?,
            None,
        ),
    };
    let ndays = days::eomday(y, m).ok_or_else(|| {
        Error::new("calendar: the month must be a whole number from 1 to 12 of a finite year")
    })?;
    if !y.is_finite() {
        return Err(Error::new("calendar: the year must be finite"));
    }
    let first = days::weekday(days::day_number(y, m, 1.0)) as usize - 1;
    // Row-major 6 weeks of 7 days.
    let mut grid = [0.0f64; 42];
    for k in 0..ndays as usize {
        grid[first + k] = (k + 1) as f64;
    }
    if ctx.nargout > 0 {
        let data = (0..7)
            .flat_map(|j| (0..6).map(move |i| (i, j)))
            .map(|(i, j)| grid[i * 7 + j]);
        return Ok(vec![Value::matrix(6, 7, data.collect())]);
    }
    let tm = Tm {
        year: (y as i64).saturating_sub(1900),
        mon: (m as i64).saturating_sub(1),
        ..Tm::default()
    };
    let mut s = text::strftime("                    %b %Y\n", &tm, clock::epoch_of);
    s.push_str("     S     M    Tu     W    Th     F     S\n");
    for week in grid.chunks(7) {
        for &day in week {
            let mut cell = format!("    {:2}", day as i64);
            if mark == Some(day) && day > 0.0 {
                let at = if day < 10.0 { 4 } else { 3 };
                cell.replace_range(at..at + 1, "*");
            }
            s.push_str(&cell);
        }
        s.push('\n');
    }
    ctx.out
        .write_all(s.as_bytes())
        .map_err(|e| Error::new(format!("calendar: cannot write output: {e}")))?;
    Ok(vec![])
}
