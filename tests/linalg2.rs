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

/// sqrtm and logm: real results for symmetric positive definite and other
/// real matrices with positive eigenvalues, complex ones otherwise,
/// S*S = A and expm(L) = A, digits against Octave's Schur-based answers.
#[test]
fn sqrtm_and_logm_answer_as_octave_through_every_door() {
    assert_eq!(same_through_doors(SQRTM_CODE), SQRTM_WANT);
}

const SQRTM_CODE: &str = r#"S = sqrtm([4 0; 0 9])
S = sqrtm([5 4; 4 5])
A = [2 1 0; 1 3 1; 0 1 4]; S = sqrtm(A); printf('%d %d\n', isreal(S), norm(S*S - A) < 1e-13)
printf('%.10f ', sqrtm([2 1 0; 1 3 1; 0 1 4])); printf('\n')
A = [1 2; 3 4]; S = sqrtm(A); printf('%d %d\n', isreal(S), norm(S*S - A) < 1e-13)
printf('%.8f %.8f\n', real(S), imag(S))
A = [4 1; 2 3]; S = sqrtm(A); printf('%d %.10f\n', isreal(S), S)
L = logm([5 4; 4 5])
L = logm([2 1; 1 2])
A = [2 1 0; 1 3 1; 0 1 4]; L = logm(A); printf('%d %d\n', isreal(L), norm(expm(L) - A) < 1e-12)
printf('%.10f ', logm(A)); printf('\n')
A = [4 1; 2 3]; L = logm(A); printf('%d %.10f\n', isreal(L), L)
L = logm([-1 0; 0 1]); printf('%.8f %.8f\n', real(L), imag(L))
S = sqrtm([1 1i; 0 4]); printf('%.8f %.8f\n', real(S), imag(S))
disp(size(sqrtm([]))), disp(sqrtm(4)), disp(logm(1))
try, sqrtm([1 2 3]), catch e, disp(e.message), end
try, logm([1 2 3]), catch e, disp(e.message), end
"#;

const SQRTM_WANT: &str = r#"S =

   2   0
   0   3

S =

   2   1
   1   2

1 1
1.3748982386 0.3300290078 -0.0271235612 0.3300290078 1.6778036851 0.2757818853 -0.0271235612 0.2757818853 1.9807091316 
0 1
0.55368857 1.21044109
0.80696073 1.76412966
0.46439416 -0.31863972
-0.21242648 0.14575444
1 1.9621165058
0.547903 0.2739514717
1.68817 L =

   1.0986   1.0986
   1.0986   1.0986

L =

   0.5493   0.5493
   0.5493   0.5493

1 1
0.5832842545 0.4477505162 -0.0675775180 0.4477505162 0.9634572526 0.3125954801 -0.0675775180 0.3125954801 1.3436302508 
1 1.3040076685
0.61086 0.3054302440
0.998577 0.00000000 0.00000000
0.00000000 0.00000000
3.14159265 0.00000000
0.00000000 0.00000000
1.00000000 0.00000000
0.00000000 2.00000000
0.00000000 0.00000000
0.33333333 0.00000000
   0   0
2
0
sqrtm: A must be a square matrix
logm: A must be a square matrix
"#;

/// setxor: sorted and stable order, first-occurrence indices, columns,
/// cellstr, rows, char, empty operands, the option message.
#[test]
fn setxor_answers_as_octave_through_every_door() {
    assert_eq!(same_through_doors(SETXOR_CODE), SETXOR_WANT);
}

const SETXOR_CODE: &str = r#"[c, ia, ib] = setxor([5 1 3 1 7], [3 8 7 8 2])
[c, ia, ib] = setxor([5 1 3 1 7], [3 8 7 8 2], 'stable')
[c, ia, ib] = setxor([5; 1], [1; 2])
c = setxor({'a', 'b'}, {'b', 'c'})
[c, ia, ib] = setxor([1 2; 3 4; 1 2], [3 4; 5 6], 'rows')
c = setxor('abc', 'bcd'), c = setxor([], []), c = setxor([1 2], [1 2])
try, setxor(1, 2, 'foo'), catch e, disp(e.message), end
"#;

const SETXOR_WANT: &str = r#"c =

   1   2   5   8

ia =

   2
   1

ib =

   5
   2

c =

   5   1   8   2

ia =

   1
   2

ib =

   2
   5

c =

   2
   5

ia = 1
ib = 2
c =
{
  [1,1] = a
  [1,2] = c
}

c =

   1   2
   5   6

ia = 1
ib = 2
c = ad
c = [](0x0)
c = [](1x0)
setxor: invalid option: foo
"#;

/// lookup: ascending and descending tables, the 'l', 'r', 'm', 'b'
/// options, cellstr tables, the shape and class of the result.
#[test]
fn lookup_answers_as_octave_through_every_door() {
    assert_eq!(same_through_doors(LOOKUP_CODE), LOOKUP_WANT);
}

const LOOKUP_CODE: &str = r#"lookup([1 2 3], [0.5 1 2.5 3 4])
lookup([1 2 3], [0.5 1 2.5 3 4], 'l'), lookup([1 2 3], [0.5 1 2.5 3 4], 'r'), lookup([1 2 3], [0.5 1 2.5 3 4], 'lr')
lookup([1 2 3], [0.5 1 2.5], 'm'), lookup([1 2 3], [0.5 1 2.5], 'b'), lookup([3 2 1], [0.5 1 2.5 4])
lookup({'a', 'c', 'e'}, 'd'), lookup({'a', 'c', 'e'}, {'d', 'a', 'z'}), lookup([1 2 3], [1 2; 3 4])
class(lookup([1 2 3], 2)), class(lookup([1 2 3], 2, 'b')), size(lookup([1 2 3], zeros(0, 3)))
lookup([], [1 2]), lookup(5, [4 5 6])
"#;

const LOOKUP_WANT: &str = r#"ans =

   0   1   2   3   3

ans =

   1   1   2   3   3

ans =

   0   1   2   2   2

ans =

   1   1   2   2   2

ans =

   0   1   0

ans =

  0  1  0

ans =

   3   3   1   0

ans = 2
ans =

   2   1   3

ans =

   1   2
   3   3

ans = double
ans = logical
ans =

   0   3

ans =

   0   0

ans =

   0   1   1

"#;

/// Matrix functions of single data answer single, as MATLAB and Octave
/// do; permutations (`lu`'s P, `chol`'s p) and `rank` stay double, as in
/// Octave (classes checked with octave-cli 7.3).
#[test]
fn matrix_functions_of_single_answer_single() {
    let out = same_through_doors(
        "A = single([4 1; 2 3]); [L, U, P] = lu(A); [Q, R] = qr(A); [V, D] = eig(A); [U3, S, W] = svd(A); [R2, p] = chol(A*A');\n\
         c = {class(L), class(P), class(Q), class(V), class(D), class(W), class(R2), class(p), class(inv(A)), class(pinv(A)), class(det(A)), class(cond(A)), class(rcond(A)), class(norm(A)), class(trace(A)), class(kron(A, A)), class(expm(A)), class(sqrtm(A)), class(logm(A)), class(rank(A)), class(dot(A, A)), class(cross(single([1 2 3]), [4 5 6]))};\n\
         disp(strjoin(c, ' ')), disp(inv(A)), disp(det(A)), disp(class(inv([1 2; 3 4])))\n",
    );
    assert_eq!(
        out,
        "single double single single single single single double single single single single single single single single single single single double single single\n   \
         0.3000  -0.1000\n  -0.2000   0.4000\n10\ndouble\n"
    );
}

/// `qr` with column pivoting: `[Q, R, E] = qr(A)` with E a permutation
/// matrix and `[Q, R, e] = qr(A, 0)` with e a row (octave-cli 7.3's
/// factors and permutation; Octave displays E as its own permutation
/// type, MATLAB as a plain matrix, as here). `'vector'` and `'matrix'`
/// choose the permutation's form. For single data the vector e is single
/// and the matrix E double, as in Octave.
#[test]
fn qr_with_column_pivoting_answers_as_octave() {
    let out = same_through_doors(
        "A = [1 2 3; 4 5 6; 7 8 10; 1 0 1]; [Q, R, E] = qr(A); disp(R), disp(E), disp(norm(A*E - Q*R) < 1e-12)\n\
         [Q2, R2, e] = qr(A, 0); disp(size(Q2)), disp(e), disp(norm(A(:, e) - Q2*R2) < 1e-12)\n\
         [q, r, p] = qr(single([3 4; 4 3]), 0); disp(class(q)), disp(class(p))\n\
         [q, r, P] = qr(single([3 4; 4 3])); disp(class(P))\n\
         [Q3, R3, v] = qr(A, 'vector'); disp(size(Q3)), disp(v), disp(norm(A(:, v) - Q3*R3) < 1e-12)\n\
         [Q4, R4, M] = qr(A, 'matrix'); disp(isequal(M, E))\n\
         try, qr(A, 'full'), catch err, disp(err.message), end\n",
    );
    assert_eq!(
        out,
        "  -12.0830   -8.1105   -9.6002\n         0   -1.1042   -0.1241\n         0         0    0.9057\n         0         0         0\n   \
         0   1   0\n   0   0   1\n   1   0   0\n1\n   4   3\n   3   1   2\n1\nsingle\nsingle\ndouble\n   4   4\n   3   1   2\n1\n1\n\
         qr: type for P must be 'matrix' or 'vector', not full\n"
    );
}
