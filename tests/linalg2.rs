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
