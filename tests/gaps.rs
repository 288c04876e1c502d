//! The library gaps of issue 14 through every door: `diag(v, m, n)`,
//! mode's third output, `strfind` and `sortrows` on cell arrays, erf,
//! erfc, erfcx and erfi of complex arguments, `textscan` on strings and
//! files, `importdata` of text and MAT-files, `unlink` (expected text: octave-cli
//! 7.3's output of the same code), and the MATLAB forms Octave 7 lacks:
//! `median(X, 'all')` and `median(X, VECDIM)`, `round(X, N)` and
//! `round(X, N, 'significant')`, and the contour matrix of
//! `[C, h] = contour(...)` (expected text checked by hand: each value is
//! worked out in the comment above its test).

mod common;
use common::same_through_doors;

#[test]
fn cells_modes_diagonals_and_complex_erf_answer_as_octave() {
    assert_eq!(same_through_doors(CODE1), WANT1);
}

#[test]
fn textscan_importdata_and_unlink_answer_as_octave() {
    assert_eq!(same_through_doors(CODE2), WANT2);
}

/// median over 'all' or [1 3] is the median of those elements (the first
/// line compares with median of x(:)); round(X, N) rounds to N digits
/// (pi to 3.142, 1234.5678 to 1200, 123.456 to 3 significant digits 120,
/// halves away from zero); the contour matrix of x + 2y at levels 2 and 5
/// holds one column [level; points] per curve followed by the points on
/// the lines x + 2y = 2 and 5, higher values on their right, and a ring
/// closes on its first point.
#[test]
fn matlab_forms_octave_lacks() {
    assert_eq!(same_through_doors(CODE3), WANT3);
}

/// Odd input ends in a message or a sensible value, never a panic or a
/// hang: bad formats and options, an empty field at every delimiter,
/// numbers out of range (1e999 is Inf, int8 saturates), %3c's last row
/// padded with blanks, an unterminated
/// quote or comment, header lines past the end, digits past any double's
/// precision, a diagonal matrix too large to hold, an empty file. (The
/// expected text is flatlab's own, each line checked by hand.)
#[test]
fn odd_input_gives_messages_not_panics() {
    assert_eq!(same_through_doors(CODE4), WANT4);
}

const CODE4: &str = r##"try, textscan('abc', '%'), catch e, disp(e.message), end
try, textscan('abc', '%[abc'), catch e, disp(e.message), end
try, textscan('abc', '%z'), catch e, disp(e.message), end
try, textscan('1 2', '%f', -5), catch e, disp(e.message), end
try, textscan('1 2', '%f', 'Bogus', 1), catch e, disp(e.message), end
try, textscan(99, '%f'), catch e, disp(e.message), end
c = textscan('1 2', '%f', Inf); disp(c{1}.')
c = textscan(',,,', '%f', 'Delimiter', ','); disp(c{1}.')
c = textscan('1e999 -inf nan 0x10', '%f'); disp(c{1}.')
c = textscan('"unterminated', '%q'); disp(c{1})
c = textscan(sprintf('/* a */ 1 /* b\n*/ 2'), '%f', 'CommentStyle', {'/*', '*/'}); disp(c{1}.')
c = textscan('1 2 3', '%f', 'HeaderLines', 1e20); disp(size(c{1}))
c = textscan('3000000000 -5', '%d8 %u8'); disp([c{1}, c{2}])
c = textscan('abcdefg', '%3c'); disp(c{1})
r = [round(1e300, 400), round(-7, -400), round(NaN, 2), round(Inf, 2, 'significant')]
try, diag([1 2], 1e20, 1e20), catch e, disp(e.message), end
fid = fopen('e.txt', 'w'); fclose(fid); a = importdata('e.txt')
"##;

const WANT4: &str = r##"textscan: incomplete conversion in format '%'
textscan: unterminated %[ in format '%[abc'
textscan: unknown conversion '%z' in format '%z'
textscan: N must be a non-negative integer, -1 or Inf
textscan: unrecognized option 'Bogus'
textscan: invalid stream number = 99
   1   2
   NaN   NaN   NaN   NaN
   Inf  -Inf   NaN     0
{
  [1,1] = unterminated
}
   1   2
   0   1
  127    0
abc
def
g  
r =

   1.0000e+300             0           NaN           Inf

out of memory or dimension too large for Octave's index type (18446744073709551615x18446744073709551615 array requested: 3.40282e+38 elements, at most 2147483648 elements)
a = {}(0x1)
"##;

const CODE1: &str = r##"d = full(diag([1 2], 3, 4)), disp(class(diag(int8([1 2]), 2, 3))), disp(size(diag(zeros(1, 0), 2, 0)))
try, diag([1 2; 3 4], 2, 2), catch e, disp(e.message), end
[m, f, c] = mode([1 2 2 3 3])
[m, f, c] = mode([1 2; 2 3; 1 3])
[m, f, c] = mode(int8([1 1 2 2])); disp(class(c{1})), disp(c{1}')
try, mode({1, 2}), catch e, disp(e.message), end
c = strfind({'abcab', 'x'; 'b', ''}, 'b')
try, strfind({'ab', 1}, 'b'), catch e, disp(e.message), end
[s, i] = sortrows({'b', 'x'; 'a', 'y'; 'b', 'a'}, [1 -2])
s = sortrows({'pear'; 'apple'; 'fig'}, -1)
C = {1, 2, 'f1'; 3, 4, 'f2'; 5, 6, 'f3'}; disp(isequal(sortrows(C, -1), flipud(C)))
try, sortrows(1, ones(2, 2)), catch e, disp(e.message), end
z = [1+2i, -3+0.5i, 0.2-0.1i, 5+5i, -2-7i, 1e-3+20i];
printf('%.10e %.10e\n', [real(erf(z)); imag(erf(z))])
printf('%.10e %.10e\n', [real(erfc(z)); imag(erfc(z))])
printf('%.10e %.10e\n', [real(erfcx(z)); imag(erfcx(z))])
printf('%.10e %.10e\n', [real(erfi(z)); imag(erfi(z))])
e = erfi([0 0.5 1 -2]), e = erf(single(1+2i)), disp(class(e)), e = erf(30i)
"##;

const WANT1: &str = r##"d =

   1   0   0   0
   0   2   0   0
   0   0   0   0

int8
   2   0
diag: V must be a vector
m = 2
f = 2
c =
{
  [1,1] =

     2
     3

}

m =

   1   3

f =

   2   2

c =
{
  [1,1] = 1
  [1,2] = 3
}

int8
  1  2
mode: X must be a numeric vector or matrix
c =
{
  [1,1] =

     2   5

  [2,1] = 1
  [1,2] = [](0x0)
  [2,2] = [](0x0)
}

strfind: each element of CELLSTR must be a string
s =
{
  [1,1] = a
  [2,1] = b
  [3,1] = b
  [1,2] = y
  [2,2] = x
  [3,2] = a
}

i =

   2
   1
   3

s =
{
  [1,1] = pear
  [2,1] = fig
  [3,1] = apple
}

1
sortrows: C must be a numeric vector
-5.3664356578e-01 -5.0491437034e+00
-1.0000280654e+00 -2.6284897223e-07
2.2488144534e-01 -1.0874686168e-01
9.3037960374e-01 3.8936190895e-02
-1.4447679985e+18 2.3156008270e+18
5.8902246362e+170 1.4736193378e+172
1.5366435658e+00 5.0491437034e+00
2.0000280654e+00 2.6284897223e-07
7.7511855466e-01 1.0874686168e-01
6.9620396257e-02 -3.8936190895e-02
1.4447679985e+18 -2.3156008270e+18
-5.8902246362e+170 -1.4736193378e+172
1.4023958137e-01 -2.2221344018e-01
-1.2495242856e+04 -1.7811553495e+03
8.0256668732e-01 8.0028603552e-02
5.6965439888e-02 -5.5838742775e-02
-2.1853396687e-02 7.5009635935e-02
1.4157965832e-06 -2.8244874021e-02
-1.1259006029e-02 1.0036063427e+00
1.1726091303e+03 4.0481268349e+02
2.2638445718e-01 -1.1702148630e-01
3.8936190895e-02 9.3037960374e-01
-1.8231535494e-24 -1.0000000000e+00
2.1604619638e-177 1.0000000000e+00
e =

         0    0.6150    1.6504  -18.5648

e = -0.5366 - 5.0491i
single
e =    0 + Infi
"##;

const CODE2: &str = r##"c = textscan(sprintf('a 1\nb 2'), '%s %d'), disp(class(c{2}))
c = textscan(sprintf('x,y,z\n1,,3\n4,5,6'), '%f %f %f', 'Delimiter', ',', 'HeaderLines', 1)
c = textscan('1 2 3 4 5 6', '%f %f', 2)
c = textscan('1;2;;3', '%f', 'Delimiter', ';', 'MultipleDelimsAsOne', 1); disp(c{1}')
c = textscan(sprintf('1 2\n3 4'), '%f %f', 'CollectOutput', 1)
c = textscan(sprintf('"a b",1\n"c",2'), '%q %f', 'Delimiter', ',')
c = textscan('1 NA 3', '%f', 'TreatAsEmpty', 'NA'); disp(c{1}')
c = textscan(sprintf('1 %% note\n2\n'), '%f', 'CommentStyle', '%'); disp(c{1}')
c = textscan('1 2 x 4', '%f'); disp(c{1}')
try, textscan('1 x 3', '%f', 'ReturnOnError', 0), catch e, disp(e.message), end
c = textscan('abc123 def456', '%[a-z]%d')
c = textscan('1 skip 2 skip', '%f %*s'); disp(c{1}')
c = textscan('v=1 v=2', 'v=%f'); disp(c{1}')
c = textscan('', '%f')
c = textscan('1 2 3 4 5', ''); disp(size(c))
[c, p] = textscan('1 2 3', '%f'); disp(p)
fid = fopen('d.txt', 'w'); fprintf(fid, 'name value\nalpha 1.5\nbeta 2.5\n'); fclose(fid);
fid = fopen('d.txt'); c = textscan(fid, '%s %f', 'HeaderLines', 1); fclose(fid); c{1}, c{2}
fid = fopen('d.txt'); c = textscan(fid, '%s %f', 1, 'HeaderLines', 1); l = fgetl(fid), fclose(fid);
fid = fopen('d1.csv', 'w'); fprintf(fid, '3.1,-7.2,0\n0.012,6.5,128'); fclose(fid);
[a, d, h] = importdata('d1.csv')
fid = fopen('d2.txt', 'w'); fprintf(fid, 'Label1\tLabel2\n\ncol 1\tcol 2\n1\t2\n3\t4\n'); fclose(fid);
[a, d, h] = importdata('d2.txt', '\t')
fid = fopen('d3.txt', 'w'); fprintf(fid, 'intro\nc1 c2\nr1 1 2\nr2 3 4\n'); fclose(fid);
a = importdata('d3.txt')
fid = fopen('d4.txt', 'w'); fprintf(fid, '3.1\t\t0\n0.012\tNO DATA\t128'); fclose(fid);
a = importdata('d4.txt')
fid = fopen('d5.txt', 'w'); fprintf(fid, 'aaaa 11\nbbbbb 22\n'); fclose(fid);
[a, d, h] = importdata('d5.txt')
x = magic(3); save('-mat', 'd6.mat', 'x'); s = importdata('d6.mat')
try, importdata(1), catch e, disp(e.message), end
try, importdata('foo', 'ab'), catch e, disp(e.message), end
try, importdata('foo.avi'), catch e, disp(e.message), end
x = magic(3); y = 'two'; save('-mat', 'd7.mat', 'x', 'y'); s = importdata('d7.mat')
[e, m] = unlink('d1.csv'), disp(exist('d1.csv', 'file'))
[e, m] = unlink('d1.csv')
try, unlink('d1.csv'), catch err, disp(err.message), end
"##;

const WANT2: &str = r##"c =
{
  [1,1] =
  {
    [1,1] = a
    [2,1] = b
  }

  [1,2] =

    1
    2

}

int32
c =
{
  [1,1] =

     1
     4

  [1,2] =

     NaN
       5

  [1,3] =

     3
     6

}

c =
{
  [1,1] =

     1
     3

  [1,2] =

     2
     4

}

   1   2   3
c =
{
  [1,1] =

     1   2
     3   4

}

c =
{
  [1,1] =
  {
    [1,1] = a b
    [2,1] = c
  }

  [1,2] =

     1
     2

}

     1   NaN     3
   1   2
   1   2
textscan: Read error in field 1 of row 2
c =
{
  [1,1] =
  {
    [1,1] = abc
    [2,1] = def
  }

  [1,2] =

    123
    456

}

   1   2
   1   2
c =
{
  [1,1] = [](0x1)
}

   1   5
5
ans =
{
  [1,1] = alpha
  [2,1] = beta
}

ans =

   1.5000
   2.5000

l = beta 2.5
a =

     3.1000    -7.2000          0
     0.0120     6.5000   128.0000

d = ,
h = 0
a =

  scalar structure containing the fields:

    data =

       1   2
       3   4

    textdata =
    {
      [1,1] = Label1	Label2
      [2,1] = 
      [3,1] = col 1	col 2
    }

    colheaders =
    {
      [1,1] = col 1
      [1,2] = col 2
    }


d = 	
h = 3
a =

  scalar structure containing the fields:

    data =

       1   2
       3   4

    textdata =
    {
      [1,1] = intro
      [2,1] = c1 c2
      [3,1] = r1
      [4,1] = r2
    }

    rowheaders =
    {
      [1,1] = r1
      [2,1] = r2
    }

    colheaders =
    {
      [1,1] = c1
      [1,2] = c2
    }


a =

  scalar structure containing the fields:

    data =

         3.1000         NA          0
         0.0120         NA   128.0000

    textdata =
    {
      [1,1] = NO DATA
    }


a =
{
  [1,1] = aaaa 11
  [2,1] = bbbbb 22
}

d = 
h = 2
s =

   8   1   6
   3   5   7
   4   9   2

importdata: FNAME must be a string
importdata: DELIMITER must be a single character
importdata: not implemented for file format .avi
s =

  scalar structure containing the fields:

    x =

       8   1   6
       3   5   7
       4   9   2

    y = two

e = 0
m = 
0
e = -1
m = No such file or directory
unlink: operation failed: No such file or directory
"##;

const CODE3: &str = r##"m = median(magic(4), 'all'), disp(median(magic(4)(:)))
x = reshape(1:24, 2, 3, 4); m = median(x, [1 3])
m = median([1 NaN 3; 4 5 6], 'all', 'omitnan')
try, median(1, ones(2, 2)), catch e, disp(e.message), end
try, median({1}), catch e, disp(e.message), end
r = round(pi, 3)
r = round(1234.5678, -2)
r = round(123.456, 2, 'significant')
r = round([0.0012345 -98765], 3, 'significant')
r = round(int16(1234), -2), disp(class(r))
r = round(2.5 + 3.45i, 1)
r = round(-2.5, 0)
try, round(1, 1.5), catch e, disp(e.message), end
try, round(1, 0, 'significant'), catch e, disp(e.message), end
[X, Y] = meshgrid(0:3, 0:2); c = contour(X, Y, X + 2*Y, [2 5]); close all
c
[X, Y] = meshgrid(-2:2); [c, h] = contour(X, Y, -(X.^2 + Y.^2), [-1.5 -1.5]); close all
n = c(2, 1), disp(isequal(c(:, 2), c(:, end))), disp(numel(h))
"##;

const WANT3: &str = r##"m = 8.5000
8.5000
m =

   10.500   12.500   14.500

m = 4
median: DIM must be an integer and a valid dimension
median: X must be a numeric vector or matrix
r = 3.1420
r = 1200
r = 120
r =

   1.2300e-03  -9.8800e+04

r = 1200
int16
r =  2.5000 + 3.5000i
r = -3
round: N must be an integer scalar
round: N must be a positive integer scalar when TYPE is 'significant'
c =

   2.0000   2.0000   1.0000        0   5.0000   3.0000   2.0000   1.0000
   3.0000        0   0.5000   1.0000   3.0000   1.0000   1.5000   2.0000

n = 13
1
1
"##;
