//! Octave's number formats: how wide a column is and how each number in it is
//! written, following the rules of Octave 7's pr-output.cc
//! (`make_real_format`, `make_real_matrix_format`, `make_complex_format`,
//! `make_complex_matrix_format`), including its quirks:
//!
//! * a number takes `ld` digits before and `rd` after the point; a matrix
//!   uses the widest `ld` and `rd` of its largest and smallest magnitudes;
//! * e-notation is used when `ld + rd` exceeds 16, the field exceeds 21
//!   characters, or `ld + rd` exceeds 1.5 times the precision (5 short, 16
//!   long): so `0.012340` but `1.2340e-03`; for single the limits are 8
//!   digits, 13 characters and a long precision of 8 (`Prec`), so
//!   `single(16777217)` is `1.6777e+07` and `format long` shows
//!   `3.1415927`;
//! * "all integers" for a matrix is tested in single precision (so
//!   `[1.00000001 2]` prints as integers), for a scalar in double precision;
//! * a complex scalar with a NaN or Inf part uses integer column widths;
//!   unless both parts are integers or Inf, its finite part gets one
//!   significant digit (`2 + NaNi` for 1.5+NaNi, `1 + Infi` for 1+Infi).

use super::DisplayFormat;

/// How one number is written inside its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Style {
    /// `%.Nf`
    Fixed(i32),
    /// `%.Ne` with a two-digit (at least) exponent.
    Sci(i32),
    /// `%.Ng`
    Gen(i32),
}

/// A field width and style; numbers are right-aligned in `fw` characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct NumFmt {
    pub fw: i32,
    pub style: Style,
}

/// The digit limits of one display, which Octave takes from the format and
/// the element type: significant digits (5 short; 16 long for double, 8
/// for single), and the total digit count and field width beyond which
/// numbers switch to e-notation (16 and 21 for double, 8 and 13 for
/// single).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Prec {
    pub digits: i32,
    digits10: i32,
    max_field_width: i32,
}

impl Prec {
    /// Limits for double values.
    pub fn double(fmt: DisplayFormat) -> Prec {
        Prec::of(fmt, false)
    }
    /// Limits for double (`single` false) or single values.
    pub fn of(fmt: DisplayFormat, single: bool) -> Prec {
        let (digits10, max_field_width) = if single { (8, 13) } else { (16, 21) };
        let digits = match fmt {
            DisplayFormat::Short => 5,
            DisplayFormat::Long => digits10,
        };
        Prec {
            digits,
            digits10,
            max_field_width,
        }
    }
}

/// `1 + floor(log10(x))` with C's conversion of a non-finite double to int
/// (INT_MIN on x86), which Octave relies on for NaN and Inf parts.
fn num_digits(x: f64) -> i32 {
    let l = x.log10().floor();
    if l.is_finite() {
        (l as i32).wrapping_add(1)
    } else {
        i32::MIN.wrapping_add(1)
    }
}

/// Digits of a magnitude, 0 for zero.
fn digits_of(abs: f64) -> i32 {
    if abs == 0.0 {
        0
    } else {
        num_digits(abs)
    }
}

/// Octave's `x_nint(x) == x` in double precision (NaN is not an integer,
/// Inf is).
fn is_int_f64(x: f64) -> bool {
    if !x.is_finite() {
        return x.is_infinite();
    }
    (x + 0.5).floor() == x
}

/// The matrix "all elements are int or inf or nan" test, which Octave 7
/// evaluates in single precision.
fn is_int_or_nonfinite_f32(x: f64) -> bool {
    let f = x as f32;
    if !f.is_finite() {
        return true;
    }
    (f + 0.5).floor() == f
}

/// `(ld, rd, adjusted x)` for one digit count, as the matrix formats compute
/// them (the adjusted x feeds the exponent-width test).
fn ld_rd(x: i32, prec: i32) -> (i32, i32, i32) {
    if x > 0 {
        (x, if prec > x { prec - x } else { prec }, x.wrapping_add(1))
    } else if x < 0 {
        (
            1,
            if prec > x { prec.wrapping_sub(x) } else { prec },
            x.wrapping_neg().wrapping_add(1),
        )
    } else {
        (1, if prec > 1 { prec - 1 } else { prec }, 1)
    }
}

/// Octave's test for switching to e-notation.
fn too_wide(ld: i32, rd: i32, widths: &[i32], p: Prec) -> bool {
    let digits = ld.wrapping_add(rd);
    digits > p.digits10
        || widths.iter().any(|&w| w > p.max_field_width)
        || f64::from(digits) > 1.5 * f64::from(p.digits)
}

/// Format of a real scalar (`x = 3.1416`).
pub(super) fn real_scalar_fmt(x: f64, p: Prec) -> NumFmt {
    let prec = p.digits;
    let inf_or_nan = !x.is_finite();
    let int_only = !inf_or_nan && is_int_f64(x);
    let digits = if inf_or_nan { 0 } else { digits_of(x.abs()) };
    let (fw, ld, rd) = if inf_or_nan {
        (3, 0, 0)
    } else if int_only {
        (digits, digits, 0)
    } else {
        let (ld, rd) = if digits > 0 {
            (digits, if prec > digits { prec - digits } else { prec })
        } else if digits < 0 {
            (1, prec.wrapping_sub(digits))
        } else {
            (1, if prec > 1 { prec - 1 } else { prec })
        };
        (ld + 1 + rd, ld, rd)
    };
    if too_wide(ld, rd, &[fw], p) {
        NumFmt {
            fw: prec + 5,
            style: Style::Sci(prec - 1),
        }
    } else if inf_or_nan || int_only {
        NumFmt {
            fw,
            style: Style::Gen(ld),
        }
    } else {
        NumFmt {
            fw,
            style: Style::Fixed(rd),
        }
    }
}

/// Largest and smallest finite magnitude (0 when there is none).
fn finite_abs_range(xs: impl Iterator<Item = f64>) -> (f64, f64) {
    let mut max = f64::NEG_INFINITY;
    let mut min = f64::INFINITY;
    for x in xs.filter(|x| x.is_finite()).map(f64::abs) {
        max = max.max(x);
        min = min.min(x);
    }
    if max == f64::NEG_INFINITY {
        (0.0, 0.0)
    } else {
        (max, min)
    }
}

/// Format shared by every element of a real matrix.
pub(super) fn real_matrix_fmt(data: &[f64], p: Prec) -> NumFmt {
    let prec = p.digits;
    let inf_or_nan = data.iter().any(|x| !x.is_finite());
    let all_int = data.iter().all(|&x| is_int_or_nonfinite_f32(x));
    let (max_abs, min_abs) = finite_abs_range(data.iter().copied());
    let mut x_max = digits_of(max_abs);
    let mut x_min = digits_of(min_abs);
    let (mut fw, ld, rd);
    if all_int {
        let digits = x_max.max(x_min);
        fw = if digits <= 0 { 2 } else { digits + 1 };
        if inf_or_nan && fw < 4 {
            fw = 4;
        }
        ld = 0;
        rd = fw;
    } else {
        let (ld_max, rd_max, xm) = ld_rd(x_max, prec);
        let (ld_min, rd_min, xn) = ld_rd(x_min, prec);
        x_max = xm;
        x_min = xn;
        ld = ld_max.max(ld_min);
        rd = rd_max.max(rd_min);
        fw = 1 + ld + 1 + rd;
        if inf_or_nan && fw < 4 {
            fw = 4;
        }
    }
    if too_wide(ld, rd, &[fw], p) {
        let ex = if x_max > 100 || x_min > 100 { 5 } else { 4 };
        NumFmt {
            fw: 2 + prec + ex,
            style: Style::Sci(prec - 1),
        }
    } else if all_int {
        NumFmt {
            fw,
            style: Style::Gen(rd),
        }
    } else {
        NumFmt {
            fw,
            style: Style::Fixed(rd),
        }
    }
}

/// Formats of the real and imaginary parts of a complex scalar.
pub(super) fn complex_scalar_fmt(re: f64, im: f64, p: Prec) -> (NumFmt, NumFmt) {
    let prec = p.digits;
    let inf_or_nan = !(re.is_finite() && im.is_finite());
    let int_only = is_int_f64(re) && is_int_f64(im);
    let r_x = digits_of(re.abs());
    let i_x = digits_of(im.abs());
    let (mut x_max, mut x_min) = if r_x > i_x { (r_x, i_x) } else { (i_x, r_x) };
    let (mut r_fw, mut i_fw, ld, rd, gen_prec);
    if int_only || inf_or_nan {
        let digits = x_max.max(x_min);
        i_fw = if digits <= 0 { 1 } else { digits };
        r_fw = i_fw + 1;
        if inf_or_nan && i_fw < 3 {
            i_fw = 3;
            r_fw = 4;
        }
        if int_only {
            ld = i_fw;
            gen_prec = ld;
        } else {
            ld = 0;
            gen_prec = 0;
        }
        rd = 0;
    } else {
        let (ld_max, rd_max, xm) = ld_rd(x_max, prec);
        let (ld_min, rd_min, xn) = ld_rd(x_min, prec);
        x_max = xm;
        x_min = xn;
        ld = ld_max.max(ld_min);
        rd = rd_max.max(rd_min);
        gen_prec = 0;
        i_fw = ld + 1 + rd;
        r_fw = i_fw + 1;
    }
    complex_finish(
        p,
        (r_fw, i_fw, ld, rd),
        (x_max, x_min),
        inf_or_nan,
        (int_only || inf_or_nan).then_some(gen_prec),
    )
}

/// The e-notation test and final styles shared by complex scalars and
/// matrices; `gen` is the `%g` precision of the integer layout, if used.
fn complex_finish(
    p: Prec,
    (mut r_fw, mut i_fw, ld, rd): (i32, i32, i32, i32),
    (x_max, x_min): (i32, i32),
    inf_or_nan: bool,
    gen: Option<i32>,
) -> (NumFmt, NumFmt) {
    if too_wide(ld, rd, &[r_fw, i_fw], p) {
        let prec = p.digits;
        let ex = if x_max > 100 || x_min > 100 { 5 } else { 4 };
        i_fw = 1 + prec + ex;
        r_fw = i_fw + 1;
        if inf_or_nan && i_fw < 3 {
            i_fw = 3;
            r_fw = 4;
        }
        let style = Style::Sci(prec - 1);
        return (NumFmt { fw: r_fw, style }, NumFmt { fw: i_fw, style });
    }
    let style = match gen {
        Some(g) => Style::Gen(g),
        None => Style::Fixed(rd),
    };
    (NumFmt { fw: r_fw, style }, NumFmt { fw: i_fw, style })
}

/// Formats of the real and imaginary parts shared by a complex matrix.
pub(super) fn complex_matrix_fmt(re: &[f64], im: &[f64], p: Prec) -> (NumFmt, NumFmt) {
    let prec = p.digits;
    let inf_or_nan = re.iter().chain(im).any(|x| !x.is_finite());
    let all_int = re.iter().chain(im).all(|&x| is_int_or_nonfinite_f32(x));
    let (r_max, r_min) = finite_abs_range(re.iter().copied());
    let (i_max, i_min) = finite_abs_range(im.iter().copied());
    let mut x_max = digits_of(r_max).max(digits_of(i_max));
    let mut x_min = digits_of(r_min).max(digits_of(i_min));
    let (mut r_fw, mut i_fw, ld, rd);
    if all_int {
        let digits = x_max.max(x_min);
        i_fw = if digits <= 0 { 1 } else { digits };
        r_fw = i_fw + 1;
        if inf_or_nan && i_fw < 3 {
            i_fw = 3;
            r_fw = 4;
        }
        ld = 0;
        rd = r_fw;
    } else {
        let (ld_max, rd_max, xm) = ld_rd(x_max, prec);
        let (ld_min, rd_min, xn) = ld_rd(x_min, prec);
        x_max = xm;
        x_min = xn;
        ld = ld_max.max(ld_min);
        rd = rd_max.max(rd_min);
        i_fw = ld + 1 + rd;
        r_fw = i_fw + 1;
        if inf_or_nan && i_fw < 3 {
            i_fw = 3;
            r_fw = 4;
        }
    }
    complex_finish(
        p,
        (r_fw, i_fw, ld, rd),
        (x_max, x_min),
        inf_or_nan,
        all_int.then_some(rd),
    )
}

/// Format of a range `base:inc:limit` (Octave's `make_range_format`): the
/// digits come from the base and the *given* limit, and non-integer ranges
/// get one more column of width than the same matrix would.
pub(super) fn range_fmt(data: &[f64], limit: f64, p: Prec) -> NumFmt {
    let prec = p.digits;
    let base = data.first().copied().unwrap_or(0.0);
    let (r_min, r_max) = if limit < base {
        (limit, base)
    } else {
        (base, limit)
    };
    let all_ints = data.iter().all(|&x| x.is_finite() && is_int_f64(x));
    let mut x_max = digits_of(r_max.abs());
    let mut x_min = digits_of(r_min.abs());
    let (fw, ld, rd);
    if all_ints {
        fw = x_max.max(x_min) + 1;
        ld = 0;
        rd = fw;
    } else {
        let (ld_max, rd_max, xm) = ld_rd(x_max, prec);
        let (ld_min, rd_min, xn) = ld_rd(x_min, prec);
        x_max = xm;
        x_min = xn;
        ld = ld_max.max(ld_min);
        rd = rd_max.max(rd_min);
        fw = ld + rd + 3;
    }
    if too_wide(ld, rd, &[fw], p) {
        let ex = if x_max > 100 || x_min > 100 { 5 } else { 4 };
        NumFmt {
            fw: 3 + prec + ex,
            style: Style::Sci(prec - 1),
        }
    } else if all_ints {
        NumFmt {
            fw,
            style: Style::Gen(rd),
        }
    } else {
        NumFmt {
            fw,
            style: Style::Fixed(rd),
        }
    }
}

/// Upper bound on digits requested from the formatter (defends against
/// absurd precisions; real formats never come close).
const MAX_PRECISION: i32 = 400;

/// One number in its field: exact zero prints as `0`, non-finite values as
/// `NaN`, `Inf`, `-Inf`, right-aligned in `fw` characters.
pub(super) fn render(x: f64, f: NumFmt) -> String {
    let s = if x == 0.0 {
        "0".to_string()
    } else if x.is_nan() {
        if crate::value::is_na(x) { "NA" } else { "NaN" }.to_string()
    } else if x.is_infinite() {
        if x < 0.0 { "-Inf" } else { "Inf" }.to_string()
    } else {
        match f.style {
            Style::Fixed(p) => format!("{:.*}", p.clamp(0, MAX_PRECISION) as usize, x),
            Style::Sci(p) => sci(x, p.clamp(0, MAX_PRECISION) as usize),
            Style::Gen(p) => general(x, p.clamp(1, MAX_PRECISION) as usize),
        }
    };
    pad_left(s, f.fw)
}

/// Right-aligns `s` in `fw` characters (C++ `setw`).
pub(super) fn pad_left(s: String, fw: i32) -> String {
    let len = s.chars().count();
    let fw = usize::try_from(fw).unwrap_or(0);
    if fw > len {
        let mut out = " ".repeat(fw - len);
        out.push_str(&s);
        out
    } else {
        s
    }
}

/// C's `%.{p}e`: mantissa, `e`, sign, at least two exponent digits.
fn sci(x: f64, p: usize) -> String {
    let s = format!("{:.*e}", p, x);
    let (mant, exp) = split_exp(&s);
    join_exp(mant, exp)
}

/// Splits Rust's `1.5e-3` into ("1.5", -3).
fn split_exp(s: &str) -> (&str, i32) {
    match s.split_once('e') {
        Some((m, e)) => (m, e.parse().unwrap_or(0)),
        None => (s, 0),
    }
}

fn join_exp(mant: &str, exp: i32) -> String {
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mant}e{sign}{:02}", exp.unsigned_abs())
}

/// C's `%.{p}g` (p >= 1): shortest of fixed/scientific with `p`
/// significant digits, trailing zeros removed.
fn general(x: f64, p: usize) -> String {
    let s = format!("{:.*e}", p - 1, x);
    let (mant, exp) = split_exp(&s);
    let p_i = i32::try_from(p).unwrap_or(i32::MAX);
    if exp < -4 || exp >= p_i {
        join_exp(strip_zeros(mant), exp)
    } else {
        let decimals = usize::try_from(p_i - 1 - exp).unwrap_or(0);
        strip_zeros(&format!("{:.*}", decimals, x)).to_string()
    }
}

/// Removes trailing zeros after a decimal point, and the point itself.
fn strip_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn general_matches_c() {
        assert_eq!(general(1.5, 1), "2");
        assert_eq!(general(0.001234, 1), "0.001");
        assert_eq!(general(123.456, 1), "1e+02");
        assert_eq!(general(1e-46, 2), "1e-46");
        assert_eq!(general(524288.02, 7), "524288");
        assert_eq!(general(100000.0, 6), "100000");
        assert_eq!(general(1234567.0, 7), "1234567");
        assert_eq!(general(0.5, 1), "0.5");
    }

    #[test]
    fn sci_matches_c() {
        assert_eq!(sci(123456789.0, 4), "1.2346e+08");
        assert_eq!(sci(1e-100, 4), "1.0000e-100");
        assert_eq!(sci(-0.001234, 4), "-1.2340e-03");
    }

    #[test]
    fn scalar_formats() {
        let s = |x| render(x, real_scalar_fmt(x, Prec::double(DisplayFormat::Short)));
        assert_eq!(s(0.01234), "0.012340");
        assert_eq!(s(0.001234), "1.2340e-03");
        assert_eq!(s(1234567.0), "1234567");
        assert_eq!(s(12345678.0), "1.2346e+07");
        assert_eq!(s(1234.5), "1234.5");
        assert_eq!(s(12345.5), "1.2346e+04");
        assert_eq!(s(-0.0), "0");
        assert_eq!(s(f64::NEG_INFINITY), "-Inf");
    }
}
