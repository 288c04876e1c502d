//! `assert` and `fail`, the functions Octave's own test blocks are
//! written with: a failed comparison lists every differing element with
//! its place, both values and the reason (tolerances absolute, relative
//! or exact; NaN and Inf mismatches; classes, sizes, strings, cells,
//! structs, handles), in the table Octave prints; `fail` checks that code
//! raises a matching error or warning. The expected text is octave-cli
//! 7.3's, except the first line of each table, where Octave prints the
//! argument expressions and flatlab their roles (`cond,expected,tol`).
//! Also `v()`, which is `v` itself (it gave the first element).

mod common;
use common::same_through_doors;

#[test]
fn assert_and_fail_answer_as_octave_through_every_door() {
    let code = CODE;
    assert_eq!(same_through_doors(code), WANT);
}

const CODE: &str = r#"z = [1 2 3]; disp(z()); m = sprintf('a\nb'); disp(sum(m() == sprintf('\n'))); c = {1, 2}; disp(size(c()))
try, assert([1 2 3], [1 2 4]), catch e, disp(e.message), end
try, assert([NaN 1; 2 Inf], [1 NaN; 2 -Inf]), catch e, disp(e.message), end
try, assert(pi, 3, 0.1), catch e, disp(e.message), end
try, assert(100+300*eps, 100, -2*eps), catch e, disp(e.message), end
try, assert(2, 0, -0.1), catch e, disp(e.message), end
try, assert(zeros(3, 0), zeros(0, 2)), catch e, disp(e.message), end
try, assert(single(1), 1), catch e, disp(e.message), end
try, assert(1, 1+1i), catch e, disp(e.message), end
try, assert({1, 'dog'}, {2, 'cat'}), catch e, disp(e.message), end
try, assert(3, 'dog'), catch e, disp(e.message), end
try, assert(@sin, @cos), catch e, disp(e.message), end
s.a = 1; t.b = 1;
try, assert(s, t), catch e, disp(e.message), end
try, assert(false, 'TST:id', '%s %d', 'two', 2), catch e, disp(e.identifier), disp(e.message), end
try, assert([1 0 1]), catch e, disp(e.message), end
assert([1 2 3], [1 2 3]); assert(int8(5), int8(5)); assert({1, 'a'}, {1, 'a'}); assert(s, s); assert(1+1e-12, 1, 1e-9)
fail('[1 2] * [3 4]', 'nonconformant')
try, fail('1 + 1'), catch e, disp(e.message), end
try, fail('error(''boom'')', 'bang'), catch e, disp(e.message), end
fail('warning(''careful now'')', 'warning', 'careful')
disp(fail('error(''x'')'))
"#;

const WANT: &str = r#"   1   2   3
1
   1   2
ASSERT errors for:  assert (cond,expected)

  Location  |  Observed  |  Expected  |  Reason
    (3)           3            4         Abs err 1 exceeds tol 0 by 1
ASSERT errors for:  assert (cond,expected)

  Location  |  Observed  |  Expected  |  Reason
   (1,1)         NaN           1         'NaN' mismatch
   (1,2)          1           NaN        'NaN' mismatch
   (2,2)         Inf          -Inf       'Inf' mismatch
ASSERT errors for:  assert (cond,expected,tol)

  Location  |  Observed  |  Expected  |  Reason
     ()         3.1416         3         Abs err 0.14159 exceeds tol 0.1 by 0.04
ASSERT errors for:  assert (cond,expected,tol)

  Location  |  Observed  |  Expected  |  Reason
     ()          100          100        Rel err 7.1054e-16 exceeds tol 4.4409e-16 by 3e-16
ASSERT errors for:  assert (cond,expected,tol)

  Location  |  Observed  |  Expected  |  Reason
     ()           2            0         Abs err 2 exceeds tol 0.1 by 2
ASSERT errors for:  assert (cond,expected)

  Location  |  Observed  |  Expected  |  Reason
     .          O(3x0)       E(0x2)      Dimensions don't match
ASSERT errors for:  assert (cond,expected)

  Location  |  Observed  |  Expected  |  Reason
     ()           O            E         Class single != double
ASSERT errors for:  assert (cond,expected)

  Location  |  Observed  |  Expected  |  Reason
     ()           O            E         real != complex
ASSERT errors for:  assert (cond {i},expected {i},tol)

  Location  |  Observed  |  Expected  |  Reason
     ()           1            2         Abs err 1 exceeds tol 0 by 1

ASSERT errors for:  assert (cond {i},expected {i},tol)

  Location  |  Observed  |  Expected  |  Reason
     []          dog          cat        Strings don't match
ASSERT errors for:  assert (cond,expected)

  Location  |  Observed  |  Expected  |  Reason
     .            3           dog        Expected string, but observed number
ASSERT errors for:  assert (cond,expected)

  Location  |  Observed  |  Expected  |  Reason
     @            O            E         Function handles don't match
ASSERT errors for:  assert (cond,expected)

  Location  |  Observed  |  Expected  |  Reason
     .            O            E         Structure fieldname mismatch
TST:id
two 2
assert (cond) failed
expected error <.> but got none
expected error <bang>
but got <boom>
1
"#;
