//! spline, pchip, interp2, validatestring and compare_versions against
//! Octave's answers, through every door. The expected text is octave-cli
//! 7.3's output of the same code.

mod common;
use common::same_through_doors;

/// spline's not-a-knot, low-order and complete (clamped) forms, matrix
/// values, unsorted sites; pchip's shape-preserving slopes and its
/// agreement with interp1's 'pchip'; their messages.
#[test]
fn spline_and_pchip_answer_as_octave_through_every_door() {
    assert_eq!(same_through_doors(SPLINE), SPLINE_WANT);
}

const SPLINE: &str = r#"disp(spline(0:3, [0 1 8 27], [0.5 1.5 2.5]))
pp = spline([0 1 2], [1 3 2]); disp(pp.breaks), disp(pp.coefs), disp(pp.order)
pp = spline([0 1], [1 3]); disp(pp.order), disp(pp.coefs)
printf('%.4f\n', spline(0:3, [1 0 1 8 27 0], [0.5 2.5]))
disp(spline(0:3, [0 1 8 27; 1 2 3 4], [0.5 1.5]))
q = spline(0:3, [0 1 8 27; 1 2 3 4]); disp(q.dim), disp(size(q.coefs))
disp(spline([2 0 1], [4 0 1], 0.5))
printf('%.4f\n', pchip(0:3, [0 1 8 27], [0.5 2.5]))
p = pchip(0:3, [0 1 8 27]); printf('%.4f %.4f %.4f %.4f\n', p.coefs')
disp(pchip([1 2 3 4], [1 1 2 2], [1.5 2.5 3.5]))
disp(pchip([0 1 2], [0 1 0], 0:0.5:2))
disp(isequal(interp1(0:3, [0 1 8 27], 0.5:3, 'pchip'), pchip(0:3, [0 1 8 27], 0.5:3)))
try, spline(1, 2), catch e, disp(e.message), end
try, pchip([0 1 2], [1 2]), catch e, disp(e.message), end
"#;

const SPLINE_WANT: &str = r#"    0.1250    3.3750   15.6250
   0   2
  -1.5000   3.5000   1.0000
3
2
   2   1
0.5083
19.9083
   0.1250   3.3750
   1.5000   2.5000
2
   6   4
0.2500
0.2812
15.6538
-0.2500 1.2500 0.0000 0.0000
-2.0192 7.2692 1.7500 1.0000
-2.7692 11.5385 10.2308 8.0000
   1.0000   1.5000   2.0000
        0   0.7500   1.0000   0.7500        0
1
spline: requires at least 2 points
pchip: length of X and Y must match
"#;

/// interp2's forms (grid vectors, meshgrid matrices, implicit grid, a row
/// and a column spanning a grid, refinement), its methods (bilinear,
/// nearest with ties upward, the tensor spline that extrapolates), NaN or
/// the given value outside the grid, descending grids, and its messages.
#[test]
fn interp2_answers_as_octave_through_every_door() {
    assert_eq!(same_through_doors(INTERP2), INTERP2_WANT);
}

const INTERP2: &str = r#"disp(interp2([1 2; 3 4], 1.5, 1.5))
disp(interp2(1:3, [10 20], [1 2 3; 4 5 6], [1.5 2.5], [15; 20]))
disp(interp2([1 2; 3 4], [0 2], [1 1], 'linear', -1))
[X, Y] = meshgrid(0:3, 0:2); V = X.^2 + 3*Y;
disp(interp2(X, Y, V, [0.5 1.5 2.5], [0.5 1 1.5]))
disp(interp2(X, Y, V, [0.5 1.5 2.5], [0.5 1 1.5], 'nearest'))
disp(interp2(V, [1.5 2.5], [1.5; 2.5], 'nearest'))
printf('%.4f\n', interp2(X, Y, V, [0.5 1.5 2.7], [0.5; 1.5], 'spline'))
printf('%.4f\n', interp2(X, Y, V, [4 -1], 1, 'spline'))
printf('%.4f\n', interp2(X, Y, sin(V), [0.3 2.2 3.1], [0.2; 1.9], 'spline'))
disp(interp2(X, Y, V, [4 -1], 1, 'spline', 0))
disp(isnan(interp2(V, [0 5 2], [1 1 9])))
disp(interp2([4 3; 2 1]))
disp(size(interp2(magic(4), 2)))
disp(interp2(3:-1:1, 1:2, [1 2 3; 4 5 6], 2.5, 1.5))
try, interp2(1, 1, 1), catch e, disp(e.message), end
try, interp2([1 2; 3 4], [1 2], [1; 2; 3]'), catch e, disp(e.message), end
try, interp2([1 2 1], 1:3, [1 2; 3 4], 1, 1), catch e, disp(e.message), end
try, interp2([1 2; 3 4], 1, 1, 'linear', 'x'), catch e, disp(e.message), end
try, interp2([1 2; 3 4], [1 2 3], [1 2]), catch e, disp(e.message), end
"#;

const INTERP2_WANT: &str = r#"2.5000
   3.0000   4.0000
   4.5000   5.5000
  -1   2
    2.0000    5.5000   11.0000
    4    7   15
    4    7
    7   10
1.7500
4.7500
3.7500
6.7500
8.7900
11.7900
19.0000
4.0000
0.3107
0.2608
-0.3222
-0.3588
0.1928
0.6924
   0   0
  1  1  1
   4.0000   3.5000   3.0000
   3.0000   2.5000   2.0000
   2.0000   1.5000   1.0000
   13   13
3
interp2: Z must be a 2-D matrix
interp2: XI and YI must be matrices of equal size
interp2: X and Y size must match the dimensions of Z
interp2: EXTRAP must be a numeric scalar
interp2: XI and YI must be matrices of equal size
"#;

/// validatestring's prefix matching (case-insensitive, the shortest of
/// nested matches), its messages with function name, variable name and
/// position; compare_versions' operators, text parts and messages.
#[test]
fn validatestring_and_compare_versions_answer_as_octave_through_every_door() {
    assert_eq!(same_through_doors(STRINGS), STRINGS_WANT);
}

const STRINGS: &str = r#"c = {'octave', 'Oct', 'octopus', 'octaves'};
disp(validatestring('octave', c)), disp(validatestring('oct', c)), disp(validatestring('octa', c))
disp(validatestring('D', {'abc1', 'def', 'abc2'}))
disp(validatestring('app', {'apple', 'banana'}))
try, validatestring('xyz', {'abc', 'def'}), catch e, disp(e.message), end
try, validatestring('xyz', {'abc', 'def'}, 'F'), catch e, disp(e.message), end
try, validatestring('xyz', {'abc', 'def'}, 'F', 'V'), catch e, disp(e.message), end
try, validatestring('xyz', {'abc', 'def'}, 'F', 'V', 2), catch e, disp(e.message), end
try, validatestring('xyz', {'abc', 'def'}, 3), catch e, disp(e.message), end
try, validatestring('abc', {'abc1', 'def', 'abc2'}), catch e, disp(e.message), end
try, validatestring('xyz', {'xyz'}, '3', '4', -5), catch e, disp(e.message), end
try, validatestring(1, {'xyz'}), catch e, disp(e.message), end
try, validatestring('xyz', 'xyz'), catch e, disp(e.message), end
try, validatestring('xyz', {'xyz'}, '3', '4', '5'), catch e, disp(e.message), end
disp([compare_versions('1.1.0.0.0', '1.1', '=='), compare_versions('1', '1.1', '<'), compare_versions('1.23', '1.24', '=<')])
disp([compare_versions('23.2', '23.100', '>'), compare_versions('0.2', '0.0.100', '=>'), compare_versions('0.1', '0.2', '~=')])
disp([compare_versions('1a', '1b', '<'), compare_versions('a', '1', '<'), compare_versions('1.1.0test', '1.1.0test', '==')])
disp(class(compare_versions('1', '2', '!=')))
try, compare_versions('0.1', '0.1', '<>'), catch e, disp(e.message), end
try, compare_versions('0.1', '0.1', '!<'), catch e, disp(e.message), end
try, compare_versions('0.1', '0.1', '='), catch e, disp(e.message), end
try, compare_versions('0.1', '0.1', 'aa'), catch e, disp(e.message), end
try, compare_versions('.', '0.1', '=='), catch e, disp(e.message), end
try, compare_versions(0.1, '0.1', '=='), catch e, disp(e.message), end
try, compare_versions('0.1', '0.1', '==>'), catch e, disp(e.message), end
"#;

const STRINGS_WANT: &str = r#"octave
Oct
octave
def
apple
validatestring: 'xyz' does not match any of
'abc', 'def'
F: 'xyz' does not match any of
'abc', 'def'
F: 'xyz' (variable V) does not match any of
'abc', 'def'
F: 'xyz' (variable V, argument #2) does not match any of
'abc', 'def'
validatestring: 'xyz' (argument #3) does not match any of
'abc', 'def'
validatestring: 'abc' matches multiple possible values:
'abc1', 'abc2'
validatestring: POSITION must be >= 1
validatestring: STR must be a single character string
validatestring: STRARRAY must be a cellstr
validatestring: invalid number of character inputs (> 3)
  1  1  1
  0  1  1
  1  1  1
logical
compare_versions: OPERATOR cannot contain both greater and less than symbols
compare_versions: OPERATOR cannot contain not and greater than or less than symbols
compare_versions: equality OPERATOR is "==", not "="
compare_versions: no valid OPERATOR specified
compare_versions: version string V1 is not valid: .
compare_versions: version numbers V1 and V2 must be strings
compare_versions: OPERATOR must be 1 or 2 characters long
"#;

/// Complex values interpolate as their real and imaginary parts.
#[test]
fn spline_and_pchip_of_complex_values_answer_as_octave() {
    assert_eq!(same_through_doors(COMPLEX), COMPLEX_WANT);
}

const COMPLEX: &str = r#"x = 0:3; y = cos(x) + i*sin(x);
disp(spline(x, y, [0.5 1.5]))
disp(pchip(x, y, [0.5; 1.5]))
"#;

const COMPLEX_WANT: &str = r#"   0.8872 + 0.5135i   0.0692 + 0.9760i
   0.8214 + 0.5586i
   0.0741 + 0.8911i
"#;
