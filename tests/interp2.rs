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
