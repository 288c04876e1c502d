//! Dates and times against Octave's answers, through every door: datenum
//! (vectors, matrices, fields of one size, strings with and without a
//! format, its seconds output), datevec (numbers, standard and given
//! formats, pivot years, milliseconds and AM/PM), datestr (every numbered
//! format, free-form formats, vector and string input, rounding into the
//! next minute), weekday, eomday, etime, addtodate, calendar (matrix and
//! display), is_leap_year, gmtime, localtime and mktime in a `TZ` zone
//! with daylight saving, strftime, asctime, ctime; their argument errors;
//! the clock functions agreeing with each other; tic/toc ids; pause that
//! never waits for a key without a terminal. The expected text is
//! octave-cli 7.3's output of the same code.

mod common;
use common::{same_through_doors, Sandbox};
use std::time::{Duration, Instant};

#[test]
fn date_conversions_answer_as_octave_through_every_door() {
    assert_eq!(same_through_doors(CONVERSIONS), CONVERSIONS_WANT);
}

#[test]
fn date_argument_errors_are_octaves() {
    assert_eq!(same_through_doors(ERRORS), ERRORS_WANT);
}

/// `now`, `clock`, `date`, `time` and `datestr(now)` describe the same
/// moment; `toc` of a `tic` id counts the seconds a `pause` took.
#[test]
fn the_clock_functions_agree() {
    let code = "t = time(); c = clock(); n = now(); d = date();
lt = localtime(t);
disp(abs(etime(c, [lt.year + 1900, lt.mon + 1, lt.mday, lt.hour, lt.min, lt.sec + lt.usec / 1e6])) < 2)
disp(abs(n - datenum(c)) * 86400 < 2)
disp(strcmp(d, datestr(floor(n), 1)))
disp(strcmp(date(), strftime('%d-%b-%Y', localtime(time()))))
disp(abs(mktime(lt) - t) < 1e-3)
id = tic; pause(0.2); e = toc(id); disp(e >= 0.19 && e < 5)
tic; pause(0.05); disp(toc >= 0.04)
disp(class(id))
[total, user, sys] = cputime(); disp(total >= 0 && abs(total - user - sys) < 1e-9)
";
    assert_eq!(same_through_doors(code), "1\n".repeat(7) + "uint64\n1\n");
}

/// `toc` of an id from an earlier session still counts from that id: ids
/// are wall-clock readings kept in the workspace.
#[test]
fn a_tic_id_survives_a_restart() {
    let s = Sandbox::new("time-tic");
    s.ok("id = tic;");
    std::thread::sleep(Duration::from_millis(300));
    let out = s.ok("e = toc(id); disp(e >= 0.29 && e < 30)");
    assert_eq!(out, "1\n");
    let out = s.ok("toc(id)");
    assert!(
        out.starts_with("Elapsed time is ") && out.ends_with(" seconds.\n"),
        "{out}"
    );
}

/// `pause` and `pause(Inf)` wait for a key only on a terminal: from a pipe
/// or a script they return at once, and `pause(n)` waits n seconds.
#[test]
fn pause_without_a_terminal_does_not_wait_for_a_key() {
    let started = Instant::now();
    let out = same_through_doors("pause; disp(1); pause(Inf); disp(2); pause(0.1); disp(3)");
    assert_eq!(out, "1\n2\n3\n");
    assert!(started.elapsed() < Duration::from_secs(60));
    let out = same_through_doors("pause('off'); tic; pause(30); disp(toc < 5); x = pause('query')");
    assert_eq!(out, "1\nx = off\n");
}

const CONVERSIONS: &str = r#"d = datenum(2001,5,19)
[d, s] = datenum([2001 5 19 12 21 3.5; 1417 6 12 0 0 0])
n = datenum({'5/19/2001', '6/6/1944'})
n = datenum('5-19, 2001', 'mm-dd, yyyy')
x = datenum(2000, 1, [1 2; 3 4])
disp([datenum(2000, 13, 1), datenum(2000, 0, 0), datenum(2000.5, 1, 1), datenum(2000, 1, 1, 36, 0, 0)])
v = datevec([730990.25; 1.5; -0.5])
[y, m, d, h, mi, s] = datevec([730990.25 1.5])
v = datevec({'07-Sep-2000 15:38:09', '2017-03-12 02:15:00', 'Mar.05,2010', '05 Jan 1999 10:00:01', '02/30/2001'})
v = datevec('01/02/30', 'mm/dd/yy', 1900)
v = datevec('01/02/30', 1950)
v = datevec('Sunday, 07 September 2008', 'dddd, dd mmmm yyyy')
v = datevec('06/01/2015 3:07:12.12 PM', 'mm/dd/yyyy HH:MM:SS.FFF PM')
s = datestr([730990.5; 730991])
s = datestr(0.25)
s = datestr([2005 12 18 2 33 17.3822], 'yyyy-mm-dd HH:MM:SS.FFF PM')
s = datestr([2005 12 18 14 33 17.3822], 'dddd mmmm d, yyyy HH:MM PM')
for k = 0:31, disp(datestr(730990.51, k)), end
s = datestr({'2001-05-19', '1944-06-06'})
s = datestr(730990.99999999)
s = datestr(730990, 'yyyy-mm-dd QQ m d')
[n, s] = weekday([730990 730991])
[n, s] = weekday('19-May-2001', 'long')
e = eomday([2004; 2005], 1:3)
t = etime([2000 1 1 0 0 0; 2000 3 1 0 0 0], [1999 12 31 23 59 0.5])
a = addtodate(datenum(2020, 1, 31), [1 2 13], 'month') - datenum(2020, 1, 31)
a = addtodate([730990; 730991], 1.5, 'days')
c = calendar(2001, 5)
calendar(730998)
l = is_leap_year([1900 2000; 2004 2100])
tm = gmtime(1e9)
s = strftime('%A %d %B %Y, %I:%M %p (day %j) %e|%D|%T|%%', gmtime(1234567890))
s = asctime(gmtime(1234567890))
setenv('TZ', 'CET-1CEST,M3.5.0/2,M10.5.0/2');
tm = localtime(1e9); disp([tm.hour tm.isdst tm.gmtoff]), disp(tm.zone), disp(mktime(tm))
s = ctime(1e9)
"#;

const CONVERSIONS_WANT: &str = r#"d = 730990
d =

   7.3099e+05
   5.1771e+05

s =

   6.3158e+10
   4.4730e+10

n =

   730990
   710189

n = 730990
x =

   730486   730487
   730488   730489

   7.3085e+05   7.3048e+05   7.3067e+05   7.3049e+05
v =

   2001      5     19      6      0      0
      0      1      1     12      0      0
     -1     12     30     12      0      0

y =

   2001      0

m =

   5   1

d =

   19    1

h =

    6   12

mi =

   0   0

s =

   0   0

v =

   2000      9      7     15     38      9
   2017      3     12      2     15      0
   2010      3      5      0      0      0
   1999      1      5     10      0      1
   2001      3      2      0      0      0

v =

   1930      1      2      0      0      0

v =

   2030      1      2      0      0      0

v =

   2008      9      7      0      0      0

v =

   2.0150e+03   6.0000e+00   1.0000e+00   1.5000e+01   7.0000e+00   1.2120e+01

s =

19-May-2001 12:00:00
20-May-2001 00:00:00

s =  6:00 AM
s = 2005-12-18  2:33:17.382 AM
s = Sunday December S, 2005  2:33 PM
19-May-2001 12:14:24
19-May-2001
05/19/01
May
M
05
05/19
19
Sat
S
2001
01
May01
12:14:24
12:14:24 PM
12:14
12:14 PM
Q2-01
Q2
19/05
19/05/01
May.19,2001 12:14:24
May.19,2001
05/19/2001
19/05/2001
01/05/19
2001/05/19
Q2-2001
May2001
2001-05-19
20010519T121424
2001-05-19 12:14:24
s =

19-May-2001
06-Jun-1944

s = 19-May-2001 23:59:59
s = 2001-05-19 Q2 M S
n =

   7   1

s =

Sat
Sun

n = 7
s = Saturday
e =

   31   29   31
   31   28   31

t =

   5.9500e+01
   5.1841e+06

a =

    29    60   394

a =

   7.3099e+05
   7.3099e+05

c =

    0    0    1    2    3    4    5
    6    7    8    9   10   11   12
   13   14   15   16   17   18   19
   20   21   22   23   24   25   26
   27   28   29   30   31    0    0
    0    0    0    0    0    0    0

                    May 2001
     S     M    Tu     W    Th     F     S
     0     0     1     2     3     4     5
     6     7     8     9    10    11    12
    13    14    15    16    17    18    19
    20    21    22    23    24    25    26
   *27    28    29    30    31     0     0
     0     0     0     0     0     0     0
l =

  0  1
  1  0

tm =

  scalar structure containing the fields:

    usec = 0
    sec = 40
    min = 46
    hour = 1
    mday = 9
    mon = 8
    year = 101
    wday = 0
    yday = 251
    isdst = 0
    gmtoff = 0
    zone = GMT

s = Friday 13 February 2009, 11:31 PM (day 044) 13|02/13/09|23:31:30|%
s = Fri Feb 13 23:31:30 2009

      3      1   7200
CEST
1.0000e+09
s = Sun Sep 09 03:46:40 2001

"#;

const ERRORS: &str = r#"try, datevec('foobar'), catch e, disp(e.message), end
try, datevec('foobar', '%d'), catch e, disp(e.message), end
try, datevec('1/2/30', 'mm/yy/yy'), catch e, disp(e.message), end
try, datevec('15:38:21', 'HH:SS:SS'), catch e, disp(e.message), end
try, datenum([1 2]), catch e, disp(e.message), end
try, datenum(int32(2000), int32(1), int32(1)), catch e, disp(e.message), end
try, addtodate(1, 2, 'abc'), catch e, disp(e.message), end
try, addtodate(1, 2, 3), catch e, disp(e.message), end
try, toc([1 2]), catch e, disp(e.message), end
try, mktime(1), catch e, disp(e.message), end
try, strftime(1, gmtime(0)), catch e, disp(e.message), end
try, strftime('%Y', 1), catch e, disp(e.message), end
try, pause({}), catch e, disp(e.message), end
try, pause('foo'), catch e, disp(e.message), end
x = pause('query')
tm = gmtime(NaN); disp(tm.zone)
x = datevec([NaN Inf])
"#;

const ERRORS_WANT: &str = r#"datevec: none of the standard formats match the DATE string
datevec: DATE not parsed correctly with given format
datevec: multiple year specifiers in mm/yy/yy
datevec: multiple second specifiers in HH:SS:SS
datenum: expected date vector containing [YEAR, MONTH, DAY, HOUR, MINUTE, SECOND]
datenum: all inputs must be of class double
addtodate: Invalid time unit: abc
addtodate: F must be a single character string
toc: invalid ID
mktime: TM_STRUCT argument must be a structure
strftime: FMT must be a string
strftime: TM_STRUCT must be a structure
pause: N must be a scalar real value
pause: first argument must be "on", "off", or "query"
x = on
unknown
x =

   NaN   NaN   NaN   NaN   NaN   NaN
   NaN   NaN   NaN   NaN   NaN   NaN

"#;
