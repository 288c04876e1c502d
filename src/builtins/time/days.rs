//! Calendar arithmetic on serial day numbers, as MATLAB counts them: day 1
//! is 1-Jan-0000 of the proleptic Gregorian calendar, and the fraction of a
//! day is the time of day. Pure functions of numbers, no argument handling.

/// Days before the 1st of each month, counted from 1 March (a year that
/// starts in March puts the leap day at its end).
const FROM_MARCH: [f64; 12] = [
    306.0, 337.0, 0.0, 31.0, 61.0, 92.0, 122.0, 153.0, 184.0, 214.0, 245.0, 275.0,
];

/// Days of each month in a common year.
pub const MONTH_DAYS: [f64; 12] = [
    31.0, 28.0, 31.0, 30.0, 31.0, 30.0, 31.0, 31.0, 30.0, 31.0, 30.0, 31.0,
];

/// The day number of 1-Jan-1970, the Unix epoch.
pub const UNIX_EPOCH_DAY: f64 = 719529.0;

/// MATLAB's `mod`: the result has the sign of `y`.
pub fn fmod(x: f64, y: f64) -> f64 {
    if y == 0.0 {
        return x;
    }
    let r = x - (x / y).floor() * y;
    // Rounding can land exactly on y.
    if r != 0.0 && (r - y).abs() < y.abs() * f64::EPSILON {
        0.0
    } else {
        r
    }
}

/// Gregorian leap year (any integer year, negative ones included).
pub fn is_leap(y: f64) -> bool {
    (fmod(y, 4.0) == 0.0 && fmod(y, 100.0) != 0.0) || fmod(y, 400.0) == 0.0
}

/// Index 0..11 of month `m` (any integer: 13 is January), or `None` for
/// NaN and infinities.
fn month_index(m: f64) -> Option<usize> {
    if !m.is_finite() {
        return None;
    }
    Some(fmod(m - 1.0, 12.0) as usize % 12)
}

/// The day number of year `y`, month `mo`, day `d`. Months below 1 count
/// as January; a fractional month adds that fraction of its length to the
/// day, a fractional year that fraction of the year's length; days and
/// months beyond their range roll over.
pub fn day_number(y: f64, mo: f64, d: f64) -> f64 {
    let mut mo = if mo < 1.0 { 1.0 } else { mo };
    let mut d = d;
    let mut y = y;
    if mo.fract() != 0.0 && mo.is_finite() {
        let frac = mo - mo.floor();
        mo = mo.floor();
        let len = match month_index(mo) {
            Some(1) if is_leap(y.floor()) => 29.0,
            Some(k) => MONTH_DAYS[k],
            None => f64::NAN,
        };
        d += frac * len;
    }
    // Count years from March: January and February belong to the year before.
    y += ((mo - 14.0) / 12.0).ceil();
    d += match month_index(mo) {
        Some(k) => FROM_MARCH[k] + 60.0,
        None => f64::NAN,
    };
    if y.fract() != 0.0 && y.is_finite() {
        let frac = y - y.floor();
        y = y.floor();
        d += frac * (365.0 + if is_leap(y + 1.0) { 1.0 } else { 0.0 });
    }
    d + 365.0 * y + (y / 4.0).floor() - (y / 100.0).floor() + (y / 400.0).floor()
}

/// The serial date number of a date and time of day.
pub fn datenum(y: f64, mo: f64, d: f64, h: f64, mi: f64, s: f64) -> f64 {
    day_number(y, mo, d) + (h + (mi + s / 60.0) / 60.0) / 24.0
}

/// The same instant in seconds since day 0 (`etime`'s difference of two of
/// them keeps whole seconds exact).
pub fn seconds(y: f64, mo: f64, d: f64, h: f64, mi: f64, s: f64) -> f64 {
    day_number(y, mo, d) * 86400.0 + h * 3600.0 + mi * 60.0 + s
}

/// Year, month and day of the whole day number `n` (finite).
pub fn civil(n: f64) -> (f64, f64, f64) {
    // Days since 1-Mar-0000 (day number 61), in 400-year eras.
    let z = n - 61.0;
    let era = (z / 146097.0).floor();
    let doe = (z - era * 146097.0).clamp(0.0, 146096.0) as i64;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe as f64 + era * 400.0 + if m <= 2 { 1.0 } else { 0.0 };
    (y, m as f64, d as f64)
}

/// `[y mo d h mi s]` of a date number. The seconds are rounded to the
/// precision the number carries (so a time computed as a sum of fractions
/// of a day comes out in whole seconds); NaN and infinities give NaNs.
pub fn datevec(x: f64) -> [f64; 6] {
    if !x.is_finite() {
        return [f64::NAN; 6];
    }
    let day = x.floor();
    let (y, mo, d) = civil(day);
    let frac = x - day;
    // The finest power of two of a second that x still resolves.
    let mut ulp = (f64::EPSILON * 86400.0 * x).abs();
    if ulp == 0.0 {
        ulp = 1.0;
    }
    let scale = 2f64.powf((-ulp.log2()).floor());
    let mut s = (86400.0 * frac * scale).round() / scale;
    let h = (s / 3600.0).floor();
    s -= 3600.0 * h;
    let mi = (s / 60.0).floor();
    s -= 60.0 * mi;
    [y, mo, d, h, mi, s]
}

/// Days in month `m` (1..12) of year `y`; `None` for another month.
pub fn eomday(y: f64, m: f64) -> Option<f64> {
    if !(1.0..=12.0).contains(&m) || m.fract() != 0.0 {
        return None;
    }
    let k = m as usize - 1;
    Some(MONTH_DAYS[k] + if k == 1 && is_leap(y) { 1.0 } else { 0.0 })
}

/// Day of the week of a date number: 1 for Sunday to 7 for Saturday.
pub fn weekday(x: f64) -> f64 {
    // Day 733048 (2-Jan-2007) was a Tuesday... counted so that mod 7 is 0
    // on Saturdays.
    let w = fmod(x - 733048.0, 7.0).floor();
    if w == 0.0 {
        7.0
    } else {
        w
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_day_numbers() {
        assert_eq!(day_number(2001.0, 5.0, 19.0), 730990.0);
        assert_eq!(day_number(1417.0, 6.0, 12.0), 517712.0);
        assert_eq!(day_number(1970.0, 1.0, 1.0), UNIX_EPOCH_DAY);
        assert_eq!(day_number(0.0, 1.0, 1.0), 1.0);
        assert_eq!(day_number(2000.0, 13.0, 1.0), 730852.0);
        assert_eq!(day_number(2000.0, 0.0, 0.0), 730485.0);
        assert_eq!(day_number(2000.5, 1.0, 1.0), 730669.0);
    }

    #[test]
    fn civil_inverts_day_number_across_eras() {
        for n in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil(n as f64);
            assert_eq!(day_number(y, m, d), n as f64, "day {n}");
            assert!((1.0..=12.0).contains(&m) && (1.0..=31.0).contains(&d));
        }
    }

    #[test]
    fn datevec_rounds_to_the_precision_carried() {
        let x = day_number(2001.0, 5.0, 19.0) + (12.0 + (21.0 + 3.5 / 60.0) / 60.0) / 24.0;
        assert_eq!(datevec(x), [2001.0, 5.0, 19.0, 12.0, 21.0, 3.5]);
        assert_eq!(datevec(-0.5), [-1.0, 12.0, 30.0, 12.0, 0.0, 0.0]);
        assert!(datevec(f64::NAN)[0].is_nan());
    }

    #[test]
    fn leap_years_and_month_ends() {
        assert!(is_leap(2000.0) && is_leap(-4.0) && !is_leap(1900.0) && !is_leap(-100.0));
        assert_eq!(eomday(2004.0, 2.0), Some(29.0));
        assert_eq!(eomday(2005.0, 2.0), Some(28.0));
        assert_eq!(eomday(2005.0, 13.0), None);
        assert_eq!(weekday(728647.0), 2.0);
        assert_eq!(weekday(728647.1), 2.0);
    }
}
