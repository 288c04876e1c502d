//! The clock, timers and broken-down times: clock, now, date, tic, toc,
//! cputime, time, localtime, gmtime, mktime, strftime, asctime, ctime.
//!
//! Local time follows the process's time zone as C does: the `TZ`
//! variable when set (a POSIX rule such as `CET-1CEST,M3.5.0/2,M10.5.0/2`
//! or a zone name such as `:Europe/Berlin`), else /etc/localtime, else UTC.

use super::days::{self, UNIX_EPOCH_DAY};
use super::nargs;
use super::text::{self, Tm};
use crate::builtins::reduce::check_nargout;
use crate::builtins::Ctx;
use crate::error::{warn_id, Error, Result};
use crate::value::{Array, Class, IntArray, Struct, Value};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch, now.
pub fn unix_now() -> f64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs_f64(),
        Err(e) => -e.duration().as_secs_f64(),
    }
}

/// The process's time zone, read afresh (a changed `TZ` takes effect).
fn local_zone() -> tz::TimeZone {
    let from_env = std::env::var("TZ")
        .ok()
        .filter(|s| !s.is_empty())
        .map(|s| tz::TimeZone::from_posix_tz(&s));
    match from_env {
        Some(Ok(z)) => z,
        Some(Err(_)) => tz::TimeZone::utc(),
        None => tz::TimeZone::local().unwrap_or_else(|_| tz::TimeZone::utc()),
    }
}

/// Seconds beyond which C's broken-down time no longer holds the year.
const MAX_SECS: f64 = 6.7e16;

/// The broken-down time of `t` seconds since the epoch, in `zone` (UTC as
/// "GMT" when `None`). Times C cannot break down give zeros and the zone
/// "unknown", as Octave shows them.
fn broken_down(t: f64, zone: Option<&tz::TimeZone>) -> Tm {
    if !t.is_finite() || t.abs() > MAX_SECS {
        return Tm {
            zone: "unknown".into(),
            ..Tm::default()
        };
    }
    let whole = t.floor();
    let usec = ((t - whole) * 1e6).round().min(999_999.0) as i64;
    let secs = whole as i64;
    let (offset, isdst, name) = match zone.map(|z| z.find_local_time_type(secs)) {
        Some(Ok(lt)) => (
            lt.ut_offset() as i64,
            lt.is_dst(),
            lt.time_zone_designation().to_string(),
        ),
        Some(Err(_)) => (0, false, "UTC".to_string()),
        None => (0, false, "GMT".to_string()),
    };
    let local = secs + offset;
    let day = local.div_euclid(86400);
    let rest = local.rem_euclid(86400);
    let dn = day as f64 + UNIX_EPOCH_DAY;
    let (y, m, d) = days::civil(dn);
    Tm {
        usec,
        sec: rest % 60,
        min: rest / 60 % 60,
        hour: rest / 3600,
        mday: d as i64,
        mon: m as i64 - 1,
        year: y as i64 - 1900,
        wday: (day + 4).rem_euclid(7),
        yday: (dn - days::day_number(y, 1.0, 1.0)) as i64,
        isdst: isdst as i64,
        gmtoff: offset,
        zone: name,
    }
}

/// Now, in seconds since the epoch and as local broken-down time.
pub fn local_now() -> (f64, Tm) {
    let t = unix_now();
    (t, broken_down(t, Some(&local_zone())))
}

/// Seconds since the epoch of a local broken-down time (C's `mktime`:
/// fields out of range carry over; the zone's offset at that time).
fn local_seconds(tm: &Tm) -> f64 {
    let y = tm.year as f64 + 1900.0 + (tm.mon as f64 / 12.0).floor();
    let m = (tm.mon as f64).rem_euclid(12.0) + 1.0;
    let day = days::day_number(y, m, 1.0) + tm.mday as f64 - 1.0 - UNIX_EPOCH_DAY;
    let wall = day * 86400.0
        + tm.hour as f64 * 3600.0
        + tm.min as f64 * 60.0
        + tm.sec as f64
        + tm.usec as f64 / 1e6;
    if !wall.is_finite() || wall.abs() > MAX_SECS {
        return wall;
    }
    let zone = local_zone();
    let offset_at = |u: f64| {
        zone.find_local_time_type(u.floor() as i64)
            .map(|lt| lt.ut_offset() as f64)
            .unwrap_or(0.0)
    };
    // The offset at the instant itself: two rounds settle it (a wall time
    // in a gap or overlap of the zone takes one of its readings).
    let mut u = wall - offset_at(wall);
    u = wall - offset_at(u);
    u
}

/// `%s` of strftime: the local broken-down time's seconds since the epoch.
pub fn epoch_of(tm: &Tm) -> i64 {
    local_seconds(tm).floor() as i64
}

/// Octave's `localtime` struct of a broken-down time.
fn tm_value(tm: Tm) -> Value {
    let n = |x: i64| Value::num(x as f64);
    Value::structure(Struct::scalar(vec![
        ("usec".into(), n(tm.usec)),
        ("sec".into(), n(tm.sec)),
        ("min".into(), n(tm.min)),
        ("hour".into(), n(tm.hour)),
        ("mday".into(), n(tm.mday)),
        ("mon".into(), n(tm.mon)),
        ("year".into(), n(tm.year)),
        ("wday".into(), n(tm.wday)),
        ("yday".into(), n(tm.yday)),
        ("isdst".into(), n(tm.isdst)),
        ("gmtoff".into(), n(tm.gmtoff)),
        ("zone".into(), Value::str(&tm.zone)),
    ]))
}

/// A broken-down time from a struct with any of `localtime`'s fields
/// (missing ones are 0).
fn tm_of(v: &Value, fname: &str, what: &str) -> Result<Tm> {
    let Value::Struct(s) = v else {
        return Err(Error::new(format!("{fname}: {what}")));
    };
    let field = |name: &str| -> Result<f64> {
        match s.get(name) {
            Some(x) if !x.is_empty() => x.scalar_f64(fname),
            _ => Ok(0.0),
        }
    };
    let int = |name: &str| -> Result<i64> {
        let x = field(name)?;
        Ok(if x.is_finite() { x.trunc() as i64 } else { 0 })
    };
    let zone = match s.get("zone") {
        Some(z @ Value::Char(_)) => z.to_str(fname)?,
        _ => String::new(),
    };
    Ok(Tm {
        usec: int("usec")?,
        sec: int("sec")?,
        min: int("min")?,
        hour: int("hour")?,
        mday: int("mday")?,
        mon: int("mon")?,
        year: int("year")?,
        wday: int("wday")?,
        yday: int("yday")?,
        isdst: int("isdst")?,
        gmtoff: int("gmtoff")?,
        zone,
    })
}

/// The one real scalar argument of `localtime`, `gmtime`, `ctime`.
fn time_arg(args: &[Value], fname: &str) -> Result<f64> {
    nargs(args, 1, 1, fname)?;
    match &args[0] {
        Value::Char(_) => Err(Error::new("invalid conversion from string to real scalar")),
        v if v.numel() != 1 => Err(super::invalid_call(fname)),
        v => v.scalar_f64(fname),
    }
}

/// clock: the current local date and time as a date vector.
///
/// `C = clock()` returns `[YEAR MONTH DAY HOUR MINUTE SECONDS]`, the seconds
/// with their fraction, in the process's time zone.
///
/// ```text
/// >> size(clock())
/// ans =
///
///    1   6
///
/// ```
pub fn clock(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "clock")?;
    nargs(&args, 0, 0, "clock")?;
    let (_, t) = local_now();
    Ok(vec![Value::row(vec![
        t.year as f64 + 1900.0,
        t.mon as f64 + 1.0,
        t.mday as f64,
        t.hour as f64,
        t.min as f64,
        t.sec as f64 + t.usec as f64 / 1e6,
    ])])
}

/// now: the current local date and time as a serial date number.
///
/// `T = now()` returns days since 1-Jan-0000 with the time of day as the
/// fraction, in the process's time zone (`datestr(now)` prints it).
///
/// ```text
/// >> now() > datenum(2020, 1, 1)
/// ans = 1
/// ```
pub fn now(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "now")?;
    nargs(&args, 0, 0, "now")?;
    let (t, tm) = local_now();
    let local = t + tm.gmtoff as f64;
    Ok(vec![Value::num(local / 86400.0 + UNIX_EPOCH_DAY)])
}

/// date: today's local date as text.
///
/// `S = date()` returns the date as `dd-mmm-yyyy`, e.g. `04-Dec-2026`.
///
/// ```text
/// >> length(date())
/// ans = 11
/// ```
pub fn date(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "date")?;
    nargs(&args, 0, 0, "date")?;
    let (_, tm) = local_now();
    Ok(vec![Value::str(&text::strftime("%d-%b-%Y", &tm, epoch_of))])
}

/// Microseconds since the epoch, as `tic` hands out ids.
fn micros_now() -> f64 {
    (unix_now() * 1e6).floor()
}

/// tic: start a stopwatch.
///
/// `tic` starts the session's timer, which `toc` reads.
///
/// `ID = tic` leaves the session's timer alone and returns an id (a uint64
/// count of microseconds since 1970) that `toc(ID)` reads: ids are wall
/// clock readings, so they still work after the workspace is reopened.
///
/// ```text
/// >> id = tic; class(id)
/// ans = uint64
/// ```
pub fn tic(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "tic")?;
    if !args.is_empty() {
        warn_id("Octave:tic", "tic: ignoring extra arguments");
    }
    if ctx.nargout > 0 {
        let id = IntArray::from_f64(Class::UInt64, &Array::scalar(micros_now()))
            .ok_or_else(|| Error::new("tic: uint64 is not an integer class"))??;
        return Ok(vec![Value::Int(id)]);
    }
    ctx.state.tic = Some(Instant::now());
    Ok(vec![])
}

/// toc: read a stopwatch.
///
/// `toc` prints the seconds since the last `tic` ("Elapsed time is ...
/// seconds."); `T = toc` returns them instead.
///
/// `toc(ID)` and `T = toc(ID)` do the same for the timer id that `ID = tic`
/// returned.
///
/// ```text
/// >> id = tic; toc(id) < 10
/// ans = 1
/// ```
pub fn toc(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "toc")?;
    nargs(&args, 0, 1, "toc")?;
    let secs = match args.first() {
        Some(id) => {
            if id.numel() != 1 || !id.is_numeric() {
                return Err(Error::new("toc: invalid ID"));
            }
            let start = match id {
                Value::Int(a) => a.to_f64()?.data()[0],
                other => other.scalar_f64("toc")?,
            };
            (micros_now() - start.trunc()) / 1e6
        }
        None => match ctx.state.tic {
            Some(t) => t.elapsed().as_secs_f64(),
            None => {
                return Err(Error::new(
                    "toc: function called before timer initialization with tic()",
                ))
            }
        },
    };
    if ctx.nargout > 0 {
        return Ok(vec![Value::num(secs)]);
    }
    writeln!(
        ctx.out,
        "Elapsed time is {} seconds.",
        crate::ops::fmt_g(secs)
    )
    .map_err(|e| Error::new(format!("toc: cannot write output: {e}")))?;
    Ok(vec![])
}

/// cputime: processor time used by this process.
///
/// `T = cputime()` returns the seconds of processor time flatlab has used;
/// `[TOTAL, USER, SYSTEM] = cputime()` splits them into user and system
/// time (TOTAL is their sum).
///
/// ```text
/// >> [t, u, s] = cputime(); abs(t - (u + s)) < 1e-9
/// ans = 1
/// ```
pub fn cputime(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 3, "cputime")?;
    nargs(&args, 0, 0, "cputime")?;
    let (user, system) = process_times();
    Ok(vec![
        Value::num(user + system),
        Value::num(user),
        Value::num(system),
    ])
}

/// User and system processor seconds of this process.
fn process_times() -> (f64, f64) {
    // SAFETY: getrusage fills the zeroed struct it is given and reads
    // nothing else.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) } == 0;
    if !ok {
        return (0.0, 0.0);
    }
    let secs = |tv: libc::timeval| tv.tv_sec as f64 + tv.tv_usec as f64 / 1e6;
    (secs(ru.ru_utime), secs(ru.ru_stime))
}

/// time: seconds since the epoch.
///
/// `T = time()` returns the seconds since 1970-01-01 00:00:00 UTC, with
/// their fraction.
///
/// ```text
/// >> time() > 1e9
/// ans = 1
/// ```
pub fn time(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "time")?;
    nargs(&args, 0, 0, "time")?;
    Ok(vec![Value::num(unix_now())])
}

/// localtime: a time broken down in the local time zone.
///
/// `TM = localtime(T)` for T seconds since the epoch (as `time` returns)
/// returns a struct with fields `usec`, `sec`, `min`, `hour`, `mday`,
/// `mon` (0 to 11), `year` (since 1900), `wday` (0 is Sunday), `yday` (0
/// to 365), `isdst`, `gmtoff` (seconds east of UTC) and `zone`.
///
/// ```text
/// >> tm = localtime(0); tm.year
/// ans = 70
/// ```
pub fn localtime(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "localtime")?;
    let t = time_arg(&args, "localtime")?;
    Ok(vec![tm_value(broken_down(t, Some(&local_zone())))])
}

/// gmtime: a time broken down in UTC.
///
/// `TM = gmtime(T)` is `localtime(T)` for the UTC zone (named GMT).
///
/// ```text
/// >> tm = gmtime(1e9); [tm.hour tm.min tm.sec]
/// ans =
///
///     1   46   40
///
/// ```
pub fn gmtime(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "gmtime")?;
    let t = time_arg(&args, "gmtime")?;
    Ok(vec![tm_value(broken_down(t, None))])
}

/// mktime: seconds since the epoch of a local broken-down time.
///
/// `T = mktime(TM)` inverts `localtime`: TM is a struct with its fields
/// (missing ones count as 0, values out of range carry over).
///
/// ```text
/// >> mktime(localtime(1e9)) == 1e9
/// ans = 1
/// ```
pub fn mktime(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "mktime")?;
    nargs(&args, 1, 1, "mktime")?;
    let tm = tm_of(&args[0], "mktime", "TM_STRUCT argument must be a structure")?;
    Ok(vec![Value::num(local_seconds(&tm))])
}

/// strftime: format a broken-down time.
///
/// `S = strftime(FMT, TM)` formats the struct TM (as `localtime` returns)
/// with C's conversions: `%Y` year, `%y` two digits, `%m` month, `%b` and
/// `%B` its name, `%d` and `%e` day, `%a` and `%A` weekday, `%H` `%I` `%M`
/// `%S` `%p` time, `%j` day of year, `%Z` zone, `%s` seconds since the
/// epoch, `%D` `%T` `%R` `%r` `%c` `%x` `%X` `%F` compositions, `%%`.
///
/// ```text
/// >> strftime('%Y-%m-%d %H:%M:%S', gmtime(1e9))
/// ans = 2001-09-09 01:46:40
/// ```
pub fn strftime(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "strftime")?;
    nargs(&args, 2, 2, "strftime")?;
    let fmt = match &args[0] {
        Value::Char(a) if a.rows() <= 1 => String::from_utf16_lossy(a.data()),
        _ => return Err(Error::new("strftime: FMT must be a string")),
    };
    let tm = tm_of(&args[1], "strftime", "TM_STRUCT must be a structure")?;
    Ok(vec![Value::str(&text::strftime(&fmt, &tm, epoch_of))])
}

/// asctime: a broken-down time as C's `asctime` text.
///
/// `S = asctime(TM)` returns e.g. `Sun Sep 09 01:46:40 2001` followed by a
/// newline.
///
/// ```text
/// >> asctime(gmtime(1e9))
/// ans = Sun Sep 09 01:46:40 2001
///
/// ```
pub fn asctime(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "asctime")?;
    nargs(&args, 1, 1, "asctime")?;
    let tm = tm_of(&args[0], "asctime", "TM_STRUCT must be a structure")?;
    let s = text::strftime("%a %b %d %H:%M:%S %Y\n", &tm, epoch_of);
    Ok(vec![Value::str(&s)])
}

/// ctime: seconds since the epoch as local `asctime` text.
///
/// `S = ctime(T)` is `asctime(localtime(T))`.
///
/// ```text
/// >> length(ctime(0))
/// ans = 25
/// ```
pub fn ctime(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "ctime")?;
    let t = time_arg(&args, "ctime")?;
    let tm = broken_down(t, Some(&local_zone()));
    let s = text::strftime("%a %b %d %H:%M:%S %Y\n", &tm, epoch_of);
    Ok(vec![Value::str(&s)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_down_utc_and_zones() {
        let t = broken_down(1e9 + 0.25, None);
        assert_eq!(
            (t.year, t.mon, t.mday, t.hour, t.min, t.sec, t.usec, t.wday, t.yday),
            (101, 8, 9, 1, 46, 40, 250000, 0, 251)
        );
        assert_eq!(t.zone, "GMT");
        let berlin = tz::TimeZone::from_posix_tz("CET-1CEST,M3.5.0/2,M10.5.0/2").unwrap();
        let s = broken_down(1e9, Some(&berlin));
        assert_eq!(
            (s.hour, s.isdst, s.gmtoff, s.zone.as_str()),
            (3, 1, 7200, "CEST")
        );
        let bad = broken_down(f64::NAN, None);
        assert_eq!((bad.year, bad.zone.as_str()), (0, "unknown"));
    }

    #[test]
    fn negative_times_break_down_before_1970() {
        let t = broken_down(-1.0, None);
        assert_eq!(
            (t.year, t.mon, t.mday, t.hour, t.min, t.sec),
            (69, 11, 31, 23, 59, 59)
        );
        assert_eq!(t.wday, 3);
    }
}
