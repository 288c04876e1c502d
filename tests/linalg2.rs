//! null, orth, linsolve, sqrtm, logm, setxor and lookup against
//! Octave's answers, through every door. Bases from the SVD are checked by
//! what does not depend on the signs of their columns (sizes, A*Z, Z'*Z).
//! The expected text is octave-cli 7.3's output of the same code.

mod common;
use common::same_through_doors;

/// null and orth: sizes, orthonormality, the spaces spanned, empty and
/// complex input, an explicit tolerance, the 'r' message.
#[test]
fn null_and_orth_answer_as_octave_through_every_door() {
    assert_eq!(same_through_doors(NULL_CODE), NULL_WANT);
}

const NULL_CODE: &str = r#"disp(size(null([1 1; 1 1]))), disp(size(null(magic(4)))), disp(size(null(eye(3))))
A = [1 2 3; 4 5 6]; Z = null(A); printf('%d %d\n', norm(A*Z) < 1e-14, norm(Z'*Z - eye(columns(Z))) < 1e-14)
A = magic(4); Z = null(A); printf('%d\n', norm(A*Z) < 1e-13)
disp(null([1 0; 1 0])), disp(size(null(zeros(0, 3)))), disp(size(null(zeros(3, 0))))
disp(size(null([1 0; 0 1e-5], 1e-4)))
Z = null([1 1i; 1 1i]); printf('%d %d\n', norm([1 1i; 1 1i]*Z) < 1e-14, iscomplex(Z))
B = orth([2 0; 0 3; 0 0]); disp(B'*B), disp(size(orth(magic(4)))), disp(size(orth([])))
A = [1 2; 2 4; 3 6]; B = orth(A); printf('%d %d\n', norm(B*B'*A - A) < 1e-13, columns(B))
try, null(1, 'r'), catch e, disp(e.message), end
"#;

const NULL_WANT: &str = r#"   2   1
   4   1
   3   0
1 1
1
   0
   1
   3   3
   0   0
   2   1
1 1
   1   0
   0   1
   4   3
   0   0
1 1
null: option for rational not yet implemented
"#;

/// linsolve: plain, triangular flags (only that triangle is used), TRANSA
/// (the conjugate transpose), the rcond output, messages.
#[test]
fn linsolve_answers_as_octave_through_every_door() {
    assert_eq!(same_through_doors(LINSOLVE_CODE), LINSOLVE_WANT);
    // MATLAB's second output for a rectangular A is its rank (Octave's 0).
    let rect = "[x, r] = linsolve([1 0; 0 1; 0 0], [1; 2; 0]); disp(x'), disp(r)";
    assert_eq!(same_through_doors(rect), "   1   2\n2\n");
}

const LINSOLVE_CODE: &str = r#"x = linsolve([2 0; 1 4], [2; 9])
opts.UT = true; opts.TRANSA = true;
x = linsolve([2 1; 0 4], [2; 9], opts)
opts = struct('LT', true); x = linsolve([2 5; 1 4], [2; 9], opts)
opts = struct('UT', true); x = linsolve([2 5; 1 4], [12; 8], opts)
A = [4 1; 1 3]; b = [1; 2]; printf('%d\n', norm(linsolve(A, b, struct('SYM', true, 'POSDEF', true)) - A\b) < 1e-15)
[x, r] = linsolve([1 2; 3 4], [5; 6]); printf('%.10f %.10f %.6f\n', x, r)
x = linsolve([1 1i; 2 1], [1; 2], struct('TRANSA', true))
x = linsolve([1 2; 3 4], [1 0; 0 1])
try, linsolve({1}, 2), catch e, disp(e.message), end
try, linsolve(1, 2, 3), catch e, disp(e.message), end
try, linsolve([1 2; 3 4], [1; 2; 3]), catch e, disp(e.message), end
"#;

const LINSOLVE_WANT: &str = r#"x =

   1
   2

x =

   1
   2

x =

   1
   2

x =

   1
   2

1
-4.0000000000 4.5000000000 0.047619
x =

  -0.6000 + 1.2000i
   0.8000 - 0.6000i

x =

  -2.0000   1.0000
   1.5000  -0.5000

linsolve: A and B must be numeric
linsolve: OPTS must be a structure
operator \: nonconformant arguments (op1 is 2x2, op2 is 3x1)
"#;
