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
