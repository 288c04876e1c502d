//! Dates as text: the broken-down time `Tm` (Octave's `localtime` struct),
//! `strftime` formatting, MATLAB's date format letters (`yyyy-mm-dd
//! HH:MM:SS.FFF PM`) turned into strftime conversions for `datestr`, and a
//! `strptime` reader of those conversions for `datevec`.

/// A broken-down time as C's `struct tm` holds it: years since 1900,
/// months 0..11, weekday 0 (Sunday)..6, day of year 0..365.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tm {
    pub usec: i64,
    pub sec: i64,
    pub min: i64,
    pub hour: i64,
    pub mday: i64,
    pub mon: i64,
    pub year: i64,
    pub wday: i64,
    pub yday: i64,
    pub isdst: i64,
    pub gmtoff: i64,
    pub zone: String,
}

pub const DAY_SHORT: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
pub const DAY_LONG: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
pub const MONTH_SHORT: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
pub const MONTH_LONG: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn name(table: &[&'static str], k: i64) -> &'static str {
    usize::try_from(k)
        .ok()
        .and_then(|k| table.get(k))
        .copied()
        .unwrap_or("?")
}

/// `n` zero-padded to `width` digits (a minus sign counts in the width),
/// or as `flag` asks: `-` no padding, `_` spaces.
fn pad(n: i64, width: usize, flag: Option<char>) -> String {
    match flag {
        Some('-') => n.to_string(),
        Some('_') => format!("{n:>width$}"),
        _ if n < 0 => format!("-{:0w$}", n.unsigned_abs(), w = width.saturating_sub(1)),
        _ => format!("{n:0width$}"),
    }
}

/// C's `strftime` over `tm`, with gnulib's flags `-`, `_`, `0` and a field
/// width on numeric conversions; an unknown conversion is copied as
/// written. `%s` needs the zone's seconds since the epoch, given as `epoch`.
pub fn strftime(fmt: &str, tm: &Tm, epoch: fn(&Tm) -> i64) -> String {
    let mut out = String::new();
    let chars: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '%' {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let mut flag = None;
        while let Some(&f) = chars.get(i) {
            if matches!(f, '-' | '_' | '0' | '^' | '#') {
                flag = Some(f);
                i += 1;
            } else {
                break;
            }
        }
        let mut width: Option<usize> = None;
        while let Some(d) = chars.get(i).and_then(|c| c.to_digit(10)) {
            width = Some(
                width
                    .unwrap_or(0)
                    .saturating_mul(10)
                    .saturating_add(d as usize)
                    .min(1024),
            );
            i += 1;
        }
        let Some(&conv) = chars.get(i) else {
            out.extend(&chars[start..]);
            break;
        };
        i += 1;
        let num = |n: i64, w: usize| pad(n, width.unwrap_or(w), flag);
        let year = tm.year.saturating_add(1900);
        let hour12 = if tm.hour > 12 {
            tm.hour - 12
        } else if tm.hour == 0 {
            12
        } else {
            tm.hour
        };
        let text = match conv {
            '%' => "%".to_string(),
            'a' => name(&DAY_SHORT, tm.wday).to_string(),
            'A' => name(&DAY_LONG, tm.wday).to_string(),
            'b' | 'h' => name(&MONTH_SHORT, tm.mon).to_string(),
            'B' => name(&MONTH_LONG, tm.mon).to_string(),
            'c' => strftime("%a %b %e %H:%M:%S %Y", tm, epoch),
            'C' => num(year.div_euclid(100), 2),
            'd' => num(tm.mday, 2),
            'D' | 'x' => strftime("%m/%d/%y", tm, epoch),
            'e' => pad(tm.mday, width.unwrap_or(2), flag.or(Some('_'))),
            'F' => strftime("%Y-%m-%d", tm, epoch),
            'H' => num(tm.hour, 2),
            'I' => num(hour12, 2),
            'j' => num(tm.yday.saturating_add(1), 3),
            'k' => pad(tm.hour, width.unwrap_or(2), flag.or(Some('_'))),
            'l' => pad(hour12, width.unwrap_or(2), flag.or(Some('_'))),
            'm' => num(tm.mon.saturating_add(1), 2),
            'M' => num(tm.min, 2),
            'n' => "\n".to_string(),
            'p' => (if tm.hour > 11 { "PM" } else { "AM" }).to_string(),
            'P' => (if tm.hour > 11 { "pm" } else { "am" }).to_string(),
            'r' => strftime("%I:%M:%S %p", tm, epoch),
            'R' => strftime("%H:%M", tm, epoch),
            's' => epoch(tm).to_string(),
            'S' => num(tm.sec, 2),
            't' => "\t".to_string(),
            'T' | 'X' => strftime("%H:%M:%S", tm, epoch),
            'u' => num(if tm.wday == 0 { 7 } else { tm.wday }, 1),
            'w' => num(tm.wday, 1),
            'y' => num((year % 100).abs(), 2),
            'Y' => num(year, 4),
            'z' => {
                let off = tm.gmtoff / 60;
                let sign = if off < 0 { '-' } else { '+' };
                format!("{sign}{:02}{:02}", off.abs() / 60, off.abs() % 60)
            }
            'Z' => tm.zone.clone(),
            _ => chars[start..i].iter().collect(),
        };
        out.push_str(&text);
    }
    out
}

/// Replace each leftmost, non-overlapping run of `n` characters of `set`
/// in `s` by `rep`.
fn replace_run(s: &str, set: &[char], n: usize, rep: &str) -> String {
    let c: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < c.len() {
        if i + n <= c.len() && c[i..i + n].iter().all(|x| set.contains(x)) {
            out.push_str(rep);
            i += n;
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// Replace each single letter of `set` that does not follow a `%` by `rep`.
fn replace_lone(s: &str, set: &[char], rep: char) -> String {
    let mut prev = None;
    s.chars()
        .map(|c| {
            let r = if set.contains(&c) && prev != Some('%') {
                rep
            } else {
                c
            };
            prev = Some(c);
            r
        })
        .collect()
}

const YS: &[char] = &['Y', 'y'];
const DS: &[char] = &['D', 'd'];
const SS: &[char] = &['S', 's'];

/// The strftime format `datestr` prints one date with: MATLAB's format
/// letters of `f` replaced, in Octave's order, for the date `v`
/// (`[y mo d h mi s]`, month 1..12) falling on weekday `wday` (1..7).
pub fn datestr_format(f: &str, v: &[f64; 6], wday: usize) -> String {
    let ampm = f.replace("AM", "%p").replace("PM", "%p");
    let mut df = if ampm == f {
        ampm.replace("HH", "%H")
    } else {
        let h = super::days::fmod(v[3], 12.0);
        let hr = if h == 0.0 { 12.0 } else { h };
        ampm.replace("HH", &format!("{:2}", hr as i64))
    };
    df = replace_run(&df, YS, 4, "%Y");
    df = replace_run(&df, YS, 2, "%y");
    df = replace_run(&df, DS, 4, "%A");
    df = replace_run(&df, DS, 3, "%a");
    df = replace_run(&df, DS, 2, "%d");
    let day_letter = ['S', 'M', 'T', 'W', 'T', 'F', 'S'][wday.clamp(1, 7) - 1];
    df = replace_lone(&df, DS, day_letter);
    df = df
        .replace("mmmm", "%B")
        .replace("mmm", "%b")
        .replace("mm", "%m");
    let month_letter = ['J', 'F', 'M', 'A', 'M', 'J', 'J', 'A', 'S', 'O', 'N', 'D']
        [(v[1] as usize).clamp(1, 12) - 1];
    df = replace_lone(&df, &['m'], month_letter);
    df = df.replace("MM", "%M");
    df = replace_run(&df, SS, 2, "%S");
    let ms = (1000.0 * (v[5] - v[5].trunc())).round() as i64;
    df = df.replace("FFF", &format!("{ms:03}"));
    let quarter = ((v[1] + 2.0) / 3.0).trunc() as i64;
    df.replace("QQ", &format!("Q{quarter}"))
}

/// A `datevec` format string turned into strptime conversions, with which
/// fields it names. `Err` is the message of a repeated field (a warning
/// rather than an error when the format holds a literal `%`).
pub struct ParseFormat {
    pub conv: String,
    /// A two-digit year is read (`yy` after any `yyyy`): the pivot applies.
    pub two_digit_year: bool,
    pub has_year: bool,
    pub has_month: bool,
    pub has_day: bool,
    pub has_hour: bool,
    pub has_minute: bool,
    pub has_second: bool,
}

/// Convert MATLAB's format letters for reading; a field named twice is the
/// error message `Err` (Octave's text, without the function name).
pub fn parse_format(f: &str) -> (ParseFormat, Option<String>) {
    let mut s = f.replace('%', "%%");
    let ampm = s.contains("PM") || s.contains("AM");
    s = replace_run(&s, YS, 4, "%Y");
    s = replace_run(&s, YS, 2, "%y");
    s = s
        .replace("mmmm", "%B")
        .replace("mmm", "%b")
        .replace("mm", "%m");
    s = replace_run(&s, DS, 4, "%A");
    s = replace_run(&s, DS, 3, "%a");
    s = replace_run(&s, DS, 2, "%d");
    if ampm {
        s = s
            .replace("HH", "%I")
            .replace("PM", "%p")
            .replace("AM", "%p");
    } else {
        s = s.replace("HH", "%H");
    }
    s = s.replace("MM", "%M");
    s = replace_run(&s, SS, 2, "%S");
    let count = |pats: &[&str]| -> usize { pats.iter().map(|p| s.matches(p).count()).sum() };
    let problem = if count(&["%Y", "%y"]) > 1 {
        Some("year")
    } else if count(&["%m", "%b", "%B"]) > 1 {
        Some("month")
    } else if count(&["%d"]) > 1 {
        Some("day")
    } else if count(&["%a", "%A"]) > 1 {
        Some("day of week")
    } else if count(&["%H", "%I"]) > 1 {
        Some("hour")
    } else if count(&["%M"]) > 1 {
        Some("minute")
    } else if count(&["%S"]) > 1 {
        Some("second")
    } else {
        None
    };
    let msg = problem.map(|p| format!("multiple {p} specifiers in {f}"));
    let big = s.rfind("%Y");
    let small = s.rfind("%y");
    let pf = ParseFormat {
        two_digit_year: small.is_some() && big.map(|b| Some(b) < small).unwrap_or(true),
        has_year: big.is_some() || small.is_some(),
        has_month: count(&["%m", "%b", "%B"]) > 0,
        has_day: count(&["%d", "%a", "%A"]) > 0,
        has_hour: count(&["%H", "%I"]) > 0,
        has_minute: count(&["%M"]) > 0,
        has_second: count(&["%S"]) > 0,
        conv: s,
    };
    (pf, msg)
}

/// What `strptime` read; fields it did not read stay `None`.
#[derive(Debug, Default)]
pub struct Parsed {
    pub year: Option<i64>,
    pub mon: Option<i64>,
    pub mday: Option<i64>,
    pub hour: i64,
    pub min: i64,
    pub sec: i64,
    pub msec: f64,
}

/// A number of at most `n` digits (glibc's `get_number`: leading blanks
/// skipped, digits taken while the value can still stay within `hi`).
fn number(s: &[char], pos: &mut usize, lo: i64, hi: i64, n: usize) -> Option<i64> {
    while s.get(*pos).is_some_and(|c| c.is_whitespace()) {
        *pos += 1;
    }
    let mut val: i64 = 0;
    let mut taken = 0;
    loop {
        let d = s.get(*pos).and_then(|c| c.to_digit(10))?;
        val = val * 10 + d as i64;
        *pos += 1;
        taken += 1;
        let next_digit = s.get(*pos).is_some_and(|c| c.is_ascii_digit());
        if taken >= n || val * 10 > hi || !next_digit {
            break;
        }
    }
    (lo..=hi).contains(&val).then_some(val)
}

/// One of `names` (full names tried before abbreviations), case-insensitive.
fn name_at(s: &[char], pos: &mut usize, full: &[&str], short: &[&str]) -> Option<i64> {
    for (k, (f, a)) in full.iter().zip(short).enumerate() {
        for cand in [f, a] {
            let n = cand.chars().count();
            if *pos + n <= s.len() {
                let got: String = s[*pos..*pos + n].iter().collect();
                if got.eq_ignore_ascii_case(cand) {
                    *pos += n;
                    return Some(k as i64);
                }
            }
        }
    }
    None
}

/// Read `text` with the conversions `conv` as C's `strptime` does; `FFF`
/// reads up to three digits of milliseconds. `None` unless the whole text
/// is read.
pub fn strptime(text: &str, conv: &str) -> Option<Parsed> {
    let s: Vec<char> = text.chars().collect();
    let f: Vec<char> = conv.chars().collect();
    let mut p = Parsed::default();
    let (mut pos, mut i) = (0usize, 0usize);
    let mut pm: Option<bool> = None;
    let mut hour12 = false;
    let mut ms_done = false;
    while i < f.len() {
        let c = f[i];
        if c.is_whitespace() {
            while s.get(pos).is_some_and(|c| c.is_whitespace()) {
                pos += 1;
            }
            i += 1;
            continue;
        }
        if !ms_done && f[i..].starts_with(&['F', 'F', 'F']) {
            ms_done = true;
            let mut digits = 0;
            let mut ms = 0.0;
            while digits < 3 {
                match s.get(pos).and_then(|c| c.to_digit(10)) {
                    Some(d) => {
                        ms += d as f64 * [100.0, 10.0, 1.0][digits];
                        digits += 1;
                        pos += 1;
                    }
                    None => break,
                }
            }
            p.msec = ms;
            i += 3;
            continue;
        }
        if c != '%' {
            if s.get(pos) != Some(&c) {
                return None;
            }
            pos += 1;
            i += 1;
            continue;
        }
        let conv = *f.get(i + 1)?;
        i += 2;
        match conv {
            '%' => {
                if s.get(pos) != Some(&'%') {
                    return None;
                }
                pos += 1;
            }
            'Y' => p.year = Some(number(&s, &mut pos, 0, 9999, 4)? - 1900),
            'y' => {
                let v = number(&s, &mut pos, 0, 99, 2)?;
                p.year = Some(if v >= 69 { v } else { v + 100 });
            }
            'm' => p.mon = Some(number(&s, &mut pos, 1, 12, 2)? - 1),
            'b' | 'B' => p.mon = Some(name_at(&s, &mut pos, &MONTH_LONG, &MONTH_SHORT)?),
            'a' | 'A' => {
                name_at(&s, &mut pos, &DAY_LONG, &DAY_SHORT)?;
            }
            'd' => p.mday = Some(number(&s, &mut pos, 1, 31, 2)?),
            'H' => p.hour = number(&s, &mut pos, 0, 23, 2)?,
            'I' => {
                p.hour = number(&s, &mut pos, 1, 12, 2)? % 12;
                hour12 = true;
            }
            'M' => p.min = number(&s, &mut pos, 0, 59, 2)?,
            'S' => p.sec = number(&s, &mut pos, 0, 61, 2)?,
            'p' => {
                let two: String = s.get(pos..pos + 2)?.iter().collect();
                pm = Some(if two.eq_ignore_ascii_case("PM") {
                    true
                } else if two.eq_ignore_ascii_case("AM") {
                    false
                } else {
                    return None;
                });
                pos += 2;
            }
            _ => return None,
        }
    }
    if hour12 && pm == Some(true) {
        p.hour += 12;
    }
    (pos == s.len()).then_some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tm() -> Tm {
        Tm {
            sec: 40,
            min: 46,
            hour: 1,
            mday: 9,
            mon: 8,
            year: 101,
            wday: 0,
            yday: 251,
            zone: "UTC".into(),
            ..Tm::default()
        }
    }

    #[test]
    fn strftime_as_octave() {
        let t = tm();
        let got = strftime(
            "%Y-%m-%d %H:%M:%S %a %A %b %B %p %j %e %% %Q %-d %5d",
            &t,
            |_| 0,
        );
        assert_eq!(
            got,
            "2001-09-09 01:46:40 Sun Sunday Sep September AM 252  9 % %Q 9 00009"
        );
        assert_eq!(
            strftime("%c|%I|%y", &t, |_| 0),
            "Sun Sep  9 01:46:40 2001|01|01"
        );
        let odd = Tm {
            year: -1901,
            mon: 13,
            hour: 30,
            wday: 9,
            ..Tm::default()
        };
        assert_eq!(
            strftime("%Y|%b|%m|%a|%p|%I", &odd, |_| 0),
            "-001|?|14|?|PM|18"
        );
    }

    #[test]
    fn datestr_letters_become_conversions() {
        let v = [2005.0, 12.0, 18.0, 2.0, 33.0, 17.3822];
        assert_eq!(
            datestr_format("dd-mmm-yyyy HH:MM:SS", &v, 1),
            "%d-%b-%Y %H:%M:%S"
        );
        assert_eq!(datestr_format("HH:MM PM", &v, 1), " 2:%M %p");
        assert_eq!(datestr_format("QQ-YY", &v, 1), "Q4-%y");
        assert_eq!(datestr_format("d m", &v, 1), "S D");
        assert_eq!(datestr_format("HH:MM:SS.FFF", &v, 1), "%H:%M:%S.382");
    }

    #[test]
    fn strptime_reads_as_glibc() {
        let (f, e) = parse_format("mm/dd/yyyy HH:MM:SS.FFF PM");
        assert!(e.is_none());
        let p = strptime("06/01/2015 3:07:12.1 PM", &f.conv).unwrap();
        assert_eq!(
            (p.year, p.mon, p.mday, p.hour, p.min, p.sec),
            (Some(115), Some(5), Some(1), 15, 7, 12)
        );
        assert_eq!(p.msec, 100.0);
        let (f, _) = parse_format("dd-mmm-yyyy");
        assert!(strptime("07-sep-2000", &f.conv).is_some());
        assert!(strptime("07-Sep-2000 ", &f.conv).is_none());
        let (_, e) = parse_format("mm/mm/yy");
        assert_eq!(e.as_deref(), Some("multiple month specifiers in mm/mm/yy"));
    }
}
