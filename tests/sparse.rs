//! Sparse matrices through every door, against octave-cli 7.3's output
//! of the same code: Octave's display (real, complex, logical, all-zero,
//! empty, `disp`), construction, indexing and assignment, reductions,
//! operators and their result classes, `\` on sparse systems, a
//! million-by-million identity handled in memory that follows its
//! nonzeros, and a sparse variable surviving a restart of the store.

mod common;
use common::{same_through_doors, stderr, Sandbox};

#[test]
fn display_matches_octave() {
    assert_eq!(same_through_doors(DISPLAY), DISPLAY_WANT);
}

#[test]
fn construction_indexing_reductions_and_operators_match_octave() {
    assert_eq!(same_through_doors(OPS), OPS_WANT);
}

#[test]
fn sparse_systems_solve_as_octave_solves_them() {
    assert_eq!(same_through_doors(SOLVE), SOLVE_WANT);
}

/// The class and sparsity of each operation's result, as Octave gives
/// them, except `exp(S)` (row 21), which MATLAB makes full and Octave sparse.
#[test]
fn result_classes_follow_matlab() {
    assert_eq!(same_through_doors(CLASSES), CLASSES_WANT);
}

/// `speye(1e6)` is 10^12 elements: everything here must work on the
/// compressed form, and what cannot (exp, S + 1) must say so, not try
/// to allocate terabytes.
#[test]
fn a_million_square_identity_stays_compressed() {
    assert_eq!(same_through_doors(LARGE), LARGE_WANT);
}

#[test]
fn a_sparse_variable_survives_a_restart() {
    let s = Sandbox::new("sparse-restart");
    s.ok("S = sparse([1 3 3], [1 2 2], [2 1i 1], 3, 4); B = speye(1e5) > 0; c = {sparse([0 5])};");
    let out = s.ok(
        "disp(S), printf('%d %d %d %s\\n', issparse(B), nnz(B), islogical(B), class(c{1})); \
         disp(full(c{1})); S(2, 2) = 7;",
    );
    assert_eq!(
        out,
        "Compressed Column Sparse (rows = 3, cols = 4, nnz = 2 [17%])\n\n  \
         (1, 1) ->  2 + 0i\n  (3, 2) ->  1 + 1i\n1 100000 1 double\n   0   5\n"
    );
    assert_eq!(s.ok("disp(nnz(S)), disp(full(S(2, 2)))"), "3\n7\n");
}

/// MAT v5 keeps sparse matrices as sparse (`mxSPARSE_CLASS`): a round
/// trip through `save -mat` keeps class, pattern and complex values, and
/// octave-cli reads the file as the same matrices.
#[test]
fn sparse_matrices_round_trip_through_a_mat_file() {
    let s = Sandbox::new("sparse-mat");
    let out = s.ok(
        "S = sparse([1 3 3], [1 2 4], [2 -1 5], 3, 4); C = sparse([1i 0; 0 2]); \
         L = speye(3) > 0; E = sparse(2, 3); c = {S}; save -mat s.mat S C L E c; \
         T = S; D = C; M = L; clear S C L E c; load s.mat; \
         printf('%d %d %d %d %d\\n', isequal(S, T), isequal(C, D), islogical(L), \
                nnz(E), issparse(c{1}) && isequal(c{1}, T)); disp(C)",
    );
    assert_eq!(
        out,
        "1 1 1 0 1\nCompressed Column Sparse (rows = 2, cols = 2, nnz = 2 [50%])\n\n  \
         (1, 1) ->  0 + 1i\n  (2, 2) ->  2 + 0i\n"
    );
    assert!(stderr(&s.code("disp(1)")).is_empty());
}

const DISPLAY: &str = r#"S = sparse([1 0;0 2])
disp(S)
A = sparse(2,3)
E = sparse(0,3)
L = sparse([true false; false true])
C = sparse([1+2i 0; 0 3])
B = sparse([1 1 2],[1 1 2],[0.5 1.5 1e6])
x = sparse(1.5)
z = sparse([1 -2 NaN Inf 0])
class(L), class(S)
c = speye(12)(10:12,:)
d = sparse([1i 0 -2.5-1i])
f = sparse(3,3) == 0
nzmax(sparse(2,2))
nzmax(spalloc(3,3,5))
"#;

const DISPLAY_WANT: &str = r#"S =

Compressed Column Sparse (rows = 2, cols = 2, nnz = 2 [50%])

  (1, 1) -> 1
  (2, 2) -> 2

Compressed Column Sparse (rows = 2, cols = 2, nnz = 2 [50%])

  (1, 1) -> 1
  (2, 2) -> 2
A =

Compressed Column Sparse (rows = 2, cols = 3, nnz = 0 [0%])


E = Compressed Column Sparse (rows = 0, cols = 3, nnz = 0)

L =

Compressed Column Sparse (rows = 2, cols = 2, nnz = 2 [50%])

  (1, 1) -> 1
  (2, 2) -> 1

C =

Compressed Column Sparse (rows = 2, cols = 2, nnz = 2 [50%])

  (1, 1) ->  1 + 2i
  (2, 2) ->  3 + 0i

B =

Compressed Column Sparse (rows = 2, cols = 2, nnz = 2 [50%])

  (1, 1) -> 2
  (2, 2) -> 1000000

x = Compressed Column Sparse (rows = 1, cols = 1, nnz = 1 [100%])

  (1, 1) -> 1.5000
z =

Compressed Column Sparse (rows = 1, cols = 5, nnz = 4 [80%])

  (1, 1) -> 1
  (1, 2) -> -2
  (1, 3) -> NaN
  (1, 4) -> Inf

ans = logical
ans = double
c =

Compressed Column Sparse (rows = 3, cols = 12, nnz = 3 [8.3%])

  (1, 10) -> 1
  (2, 11) -> 1
  (3, 12) -> 1

d =

Compressed Column Sparse (rows = 1, cols = 3, nnz = 2 [67%])

  (1, 1) ->  0 + 1i
  (1, 3) -> -2.5000 - 1.0000i

f =

Compressed Column Sparse (rows = 3, cols = 3, nnz = 9 [100%])

  (1, 1) -> 1
  (2, 1) -> 1
  (3, 1) -> 1
  (1, 2) -> 1
  (2, 2) -> 1
  (3, 2) -> 1
  (1, 3) -> 1
  (2, 3) -> 1
  (3, 3) -> 1

ans = 1
ans = 5
"#;

const OPS: &str = r#"S = sparse([1 0 3; 0 2 0; 4 0 0]);
a = S(2,:)
b = S(:,1)
c = S(5)
d = S([1 3],[3 1])
e = S(S>1)
f = S(:)'
S(2,3) = 7
S(4,4) = 1
S(1,:) = []
g = sum(S)
h = sum(S,2)
k = max(S)
[m, i] = min(S, [], 2)
p = prod(sparse([1 2; 3 4]))
q = any(S)
r = all(sparse([1 1; 0 1]))
t = diag(S)
u = tril(sparse(magic(3)))
v = triu(sparse(magic(3)), 1)
w = kron(speye(2), sparse([1 2]))
x = reshape(sparse([1 0 2 0]), 2, 2)
y = [speye(2) sparse([1;2])]
z = [speye(2); 3 4]
aa = S'
bb = -S
cc = ~sparse([1 0; 0 1])
dd = abs(sparse([-1 0 2i]))
ee = sqrt(sparse([4 0 -1]))
[I, J, V] = find(sparse([0 2; 3 0]))
ff = find(sparse([0 2; 3 0]))
gg = nonzeros(sparse([0 2; 3 0]))
hh = spones(sparse([0 2; 3 0]))
ii = full(sparse([0 2; 3 0]))
jj = isequal(sparse([1 0]), [1 0])
kk = nnz(speye(5))
ll = sparse([1 2], [1 1], [3 4], 3, 2)
mm = sparse([1 2]) * sparse([3; 4])
nn = sparse([1 2; 3 4]) * [1; 1]
oo = [1 1] * sparse([1 2; 3 4])
pp = speye(3) \ [1;2;3]
qq = inv(sparse([2 0; 0 4]))
rr = det(sparse([2 0; 0 4]))
ss = sparse([1 2; 3 4]) .* [2 0; 1 1]
tt = sparse([1 0 2]) + sparse([0 3 -2])
uu = sparse([1 0 2]) - 1
vv = sparse([2 0 4]) / 2
ww = sparse([1 0; 0 1]) & [1 1; 0 0]
xx = mean(sparse([1 2; 3 4]))
yy = cumsum(sparse([1 0; 2 3]))
zz = spdiags([1 2 3; 4 5 6]', [0 1], 3, 3)
[B, dd] = spdiags(sparse(magic(3)))
s2 = logical(sparse([2 0]))
s3 = double(sparse([true false]))
s4 = size(speye(1e6))
s5 = nnz(speye(1e6) * 2)
s6 = speye(3)^2
s7 = sparse([1 0; 0 0]) == sparse([1 0; 0 1])
s8 = islogical(s7), s9 = isreal(sparse(1i)), s10 = issparse(s7)
"#;

const OPS_WANT: &str = r#"a =

Compressed Column Sparse (rows = 1, cols = 3, nnz = 1 [33%])

  (1, 2) -> 2

b =

Compressed Column Sparse (rows = 3, cols = 1, nnz = 2 [67%])

  (1, 1) -> 1
  (3, 1) -> 4

c = Compressed Column Sparse (rows = 1, cols = 1, nnz = 1 [100%])

  (1, 1) -> 2
d =

Compressed Column Sparse (rows = 2, cols = 2, nnz = 3 [75%])

  (1, 1) -> 3
  (1, 2) -> 1
  (2, 2) -> 4

e =

Compressed Column Sparse (rows = 3, cols = 1, nnz = 3 [100%])

  (1, 1) -> 4
  (2, 1) -> 2
  (3, 1) -> 3

f =

Compressed Column Sparse (rows = 1, cols = 9, nnz = 4 [44%])

  (1, 1) -> 1
  (1, 3) -> 4
  (1, 5) -> 2
  (1, 7) -> 3

S =

Compressed Column Sparse (rows = 3, cols = 3, nnz = 5 [56%])

  (1, 1) -> 1
  (3, 1) -> 4
  (2, 2) -> 2
  (1, 3) -> 3
  (2, 3) -> 7

S =

Compressed Column Sparse (rows = 4, cols = 4, nnz = 6 [38%])

  (1, 1) -> 1
  (3, 1) -> 4
  (2, 2) -> 2
  (1, 3) -> 3
  (2, 3) -> 7
  (4, 4) -> 1

S =

Compressed Column Sparse (rows = 3, cols = 4, nnz = 4 [33%])

  (2, 1) -> 4
  (1, 2) -> 2
  (1, 3) -> 7
  (3, 4) -> 1

g =

Compressed Column Sparse (rows = 1, cols = 4, nnz = 4 [100%])

  (1, 1) -> 4
  (1, 2) -> 2
  (1, 3) -> 7
  (1, 4) -> 1

h =

Compressed Column Sparse (rows = 3, cols = 1, nnz = 3 [100%])

  (1, 1) -> 9
  (2, 1) -> 4
  (3, 1) -> 1

k =

Compressed Column Sparse (rows = 1, cols = 4, nnz = 4 [100%])

  (1, 1) -> 4
  (1, 2) -> 2
  (1, 3) -> 7
  (1, 4) -> 1

m =

Compressed Column Sparse (rows = 3, cols = 1, nnz = 0 [0%])


i =

   1
   2
   1

p =

Compressed Column Sparse (rows = 1, cols = 2, nnz = 2 [100%])

  (1, 1) -> 3
  (1, 2) -> 8

q =

Compressed Column Sparse (rows = 1, cols = 4, nnz = 4 [100%])

  (1, 1) -> 1
  (1, 2) -> 1
  (1, 3) -> 1
  (1, 4) -> 1

r =

Compressed Column Sparse (rows = 1, cols = 2, nnz = 1 [50%])

  (1, 2) -> 1

t =

Compressed Column Sparse (rows = 3, cols = 1, nnz = 0 [0%])


u =

Compressed Column Sparse (rows = 3, cols = 3, nnz = 6 [67%])

  (1, 1) -> 8
  (2, 1) -> 3
  (3, 1) -> 4
  (2, 2) -> 5
  (3, 2) -> 9
  (3, 3) -> 2

v =

Compressed Column Sparse (rows = 3, cols = 3, nnz = 3 [33%])

  (1, 2) -> 1
  (1, 3) -> 6
  (2, 3) -> 7

w =

Compressed Column Sparse (rows = 2, cols = 4, nnz = 4 [50%])

  (1, 1) -> 1
  (1, 2) -> 2
  (2, 3) -> 1
  (2, 4) -> 2

x =

Compressed Column Sparse (rows = 2, cols = 2, nnz = 2 [50%])

  (1, 1) -> 1
  (1, 2) -> 2

y =

Compressed Column Sparse (rows = 2, cols = 3, nnz = 4 [67%])

  (1, 1) -> 1
  (2, 2) -> 1
  (1, 3) -> 1
  (2, 3) -> 2

z =

Compressed Column Sparse (rows = 3, cols = 2, nnz = 4 [67%])

  (1, 1) -> 1
  (3, 1) -> 3
  (2, 2) -> 1
  (3, 2) -> 4

aa =

Compressed Column Sparse (rows = 4, cols = 3, nnz = 4 [33%])

  (2, 1) -> 2
  (3, 1) -> 7
  (1, 2) -> 4
  (4, 3) -> 1

bb =

Compressed Column Sparse (rows = 3, cols = 4, nnz = 4 [33%])

  (2, 1) -> -4
  (1, 2) -> -2
  (1, 3) -> -7
  (3, 4) -> -1

cc =

Compressed Column Sparse (rows = 2, cols = 2, nnz = 2 [50%])

  (2, 1) -> 1
  (1, 2) -> 1

dd =

Compressed Column Sparse (rows = 1, cols = 3, nnz = 2 [67%])

  (1, 1) -> 1
  (1, 3) -> 2

ee =

Compressed Column Sparse (rows = 1, cols = 3, nnz = 2 [67%])

  (1, 1) ->  2 + 0i
  (1, 3) ->  0 + 1i

I =

   2
   1

J =

   1
   2

V =

   3
   2

ff =

   2
   3

gg =

   3
   2

hh =

Compressed Column Sparse (rows = 2, cols = 2, nnz = 2 [50%])

  (2, 1) -> 1
  (1, 2) -> 1

ii =

   0   2
   3   0

jj = 1
kk = 5
ll =

Compressed Column Sparse (rows = 3, cols = 2, nnz = 2 [33%])

  (1, 1) -> 3
  (2, 1) -> 4

mm = Compressed Column Sparse (rows = 1, cols = 1, nnz = 1 [100%])

  (1, 1) -> 11
nn =

   3
   7

oo =

   4   6

pp =

   1
   2
   3

qq =

Compressed Column Sparse (rows = 2, cols = 2, nnz = 2 [50%])

  (1, 1) -> 0.5000
  (2, 2) -> 0.2500

rr = 8
ss =

Compressed Column Sparse (rows = 2, cols = 2, nnz = 3 [75%])

  (1, 1) -> 2
  (2, 1) -> 3
  (2, 2) -> 4

tt =

Compressed Column Sparse (rows = 1, cols = 3, nnz = 2 [67%])

  (1, 1) -> 1
  (1, 2) -> 3

uu =

   0  -1   1

vv =

Compressed Column Sparse (rows = 1, cols = 3, nnz = 2 [67%])

  (1, 1) -> 1
  (1, 3) -> 2

ww =

Compressed Column Sparse (rows = 2, cols = 2, nnz = 1 [25%])

  (1, 1) -> 1

xx =

Compressed Column Sparse (rows = 1, cols = 2, nnz = 2 [100%])

  (1, 1) -> 2
  (1, 2) -> 3

yy =

Compressed Column Sparse (rows = 2, cols = 2, nnz = 3 [75%])

  (1, 1) -> 1
  (2, 1) -> 3
  (2, 2) -> 3

zz =

Compressed Column Sparse (rows = 3, cols = 3, nnz = 5 [56%])

  (1, 1) -> 1
  (1, 2) -> 5
  (2, 2) -> 2
  (2, 3) -> 6
  (3, 3) -> 3

B =

   4   3   8   0   0
   0   9   5   1   0
   0   0   2   7   6

dd =

  -2
  -1
   0
   1
   2

s2 =

Compressed Column Sparse (rows = 1, cols = 2, nnz = 1 [50%])

  (1, 1) -> 1

s3 =

Compressed Column Sparse (rows = 1, cols = 2, nnz = 1 [50%])

  (1, 1) -> 1

s4 =

   1.0000e+06   1.0000e+06

s5 = 1000000
s6 =

Compressed Column Sparse (rows = 3, cols = 3, nnz = 3 [33%])

  (1, 1) -> 1
  (2, 2) -> 1
  (3, 3) -> 1

s7 =

Compressed Column Sparse (rows = 2, cols = 2, nnz = 3 [75%])

  (1, 1) -> 1
  (2, 1) -> 1
  (1, 2) -> 1

s8 = 1
s9 = 0
s10 = 1
"#;

const SOLVE: &str = r#"A = sparse([4 -1 0; -1 4 -1; 0 -1 4]);
x = A \ [1;2;3]
B = sparse([1 2 0; 0 3 4; 5 0 6]);
y = B \ [1;2;3]
C = sparse([1 0; 1 1; 0 1]);
z = C \ [1;2;3]
v = sparse([1i 0; 0 2]) \ [1; 1]
u = A \ sparse([1;0;0])
"#;

const SOLVE_WANT: &str = r#"x =

   0.4643
   0.8571
   0.9643

y =

   0.3103
   0.3448
   0.2414

z =

   0.3333
   2.3333

v =

        0 - 1.0000i
   0.5000 +      0i

u =

Compressed Column Sparse (rows = 3, cols = 1, nnz = 3 [100%])

  (1, 1) -> 0.2679
  (2, 1) -> 0.071429
  (3, 1) -> 0.017857

"#;

const CLASSES: &str = r#"exist('spzeros')
S = sparse([1 0;0 2]); F=[1 2;3 4];
r = {S+S, S+F, S+1, S.*F, F.*S, S*2, S/2, S./F, F./S, S*S, S*F, F*S, S>0, S==F, S&F, S.^2, -S, ~S, S', abs(S), exp(S), sum(S), sum(S,2), max(S), any(S), prod(S), S(1,:), S(:), S(1), F(S>0), [S F], [S;S], diag(S), tril(S), kron(S,S), reshape(S,1,4), S\[1;2], inv(S), det(S), S-S, S.^0, 2.^S, S./S, S|F, xor(S,F), real(S), double(S>0), logical(S), cumsum(S), mean(S), isequal(S,full(S)), S==S, S+true, mtimes(S, 2i), S(:,1)', size(S), min(S,[],2), max(S,1), nnz(S), S(logical([1 0;0 1]))};
for k=1:numel(r), printf('%d %s %d %s\n', k, class(r{k}), issparse(r{k}), mat2str(size(r{k}))); end
try, sparse(int8(1)), catch e, disp(e.message), end
"#;

const CLASSES_WANT: &str = r#"ans = 0
1 double 1 [2 2]
2 double 0 [2 2]
3 double 0 [2 2]
4 double 1 [2 2]
5 double 1 [2 2]
6 double 1 [2 2]
7 double 1 [2 2]
8 double 1 [2 2]
9 double 1 [2 2]
10 double 1 [2 2]
11 double 0 [2 2]
12 double 0 [2 2]
13 logical 1 [2 2]
14 logical 1 [2 2]
15 logical 1 [2 2]
16 double 1 [2 2]
17 double 1 [2 2]
18 logical 1 [2 2]
19 double 1 [2 2]
20 double 1 [2 2]
21 double 0 [2 2]
22 double 1 [1 2]
23 double 1 [2 1]
24 double 1 [1 2]
25 logical 1 [1 2]
26 double 1 [1 2]
27 double 1 [1 2]
28 double 1 [4 1]
29 double 1 [1 1]
30 double 0 [2 1]
31 double 1 [2 4]
32 double 1 [4 2]
33 double 1 [2 1]
34 double 1 [2 2]
35 double 1 [4 4]
36 double 1 [1 4]
37 double 0 [2 1]
38 double 1 [2 2]
39 double 0 [1 1]
40 double 1 [2 2]
41 double 0 [2 2]
42 double 0 [2 2]
43 double 1 [2 2]
44 logical 1 [2 2]
45 logical 1 [2 2]
46 double 1 [2 2]
47 double 1 [2 2]
48 logical 1 [2 2]
49 double 1 [2 2]
50 double 1 [1 2]
51 logical 0 [1 1]
52 logical 1 [2 2]
53 double 0 [2 2]
54 double 1 [2 2]
55 double 1 [1 2]
56 double 0 [1 2]
57 double 1 [2 1]
58 double 1 [2 2]
59 double 0 [1 1]
60 double 1 [2 1]
Undefined function 'sparse' for input arguments of type 'int8'.
"#;

const LARGE: &str = r#"S = speye(1e6); S(1e6, 1) = 2;
printf('%d %d %d\n', nnz(S + S), nnz(S * 3), nnz(S'));
x = S \ ones(1e6, 1); printf('%g %g\n', x(1), x(end));
s = sum(S); printf('%d %d %d\n', size(s), nnz(s));
try, exp(S), catch e, disp(e.message), end
try, S + 1, catch e, disp(e.message), end
try, sparse([1 2], [1 2], [1 2], 1, 1), catch e, disp(e.message), end
try, T = speye(2); T(3, 3), catch e, disp(e.message), end
try, speye(2) + [1 2 3], catch e, disp(e.message), end
try, speye(2) * ones(3), catch e, disp(e.message), end
"#;

const LARGE_WANT: &str = r#"1000001 1000001 1000001
1 -1
1 1000000 1000000
exp: not supported for sparse matrices of this size
operator +: not supported for sparse matrices of this size
sparse: row index 2 out of bound 1
T(3,_): out of bound 2 (dimensions are 2x2)
operator +: nonconformant arguments (op1 is 2x2, op2 is 1x3)
operator *: nonconformant arguments (op1 is 2x2, op2 is 3x3)
"#;

/// `permute`, `ipermute`, `squeeze` and `shiftdim` keep a sparse matrix
/// sparse (its transpose or itself), logical and complex alike, and a
/// permutation naming a third dimension is Octave's error (octave-cli 7.3's
/// answers).
#[test]
fn dimension_rearrangements_keep_sparse_matrices_sparse() {
    assert_eq!(same_through_doors(REARRANGE), REARRANGE_WANT);
}

const REARRANGE: &str = r#"S = sparse([1 0 2; 0 3 0]); P = permute(S, [2 1]); disp(issparse(P)), disp(full(P)), Q = squeeze(S); disp(issparse(Q)), [R, n] = shiftdim(sparse([0 1 2])); disp(issparse(R)), disp(size(R)), disp(n), T = shiftdim(S, 1); disp(issparse(T)), disp(size(T)), I = ipermute(S, [2 1]); disp(issparse(I))
try, permute(S, [1 2 3]), catch e, disp(e.message), end
U = permute(S, [1 2]); disp(issparse(U)); L = permute(sparse([true false]), [2 1]); disp(class(L)), disp(issparse(L)), Z = permute(sparse([1i 2]), [2 1]); disp(full(Z))
"#;

const REARRANGE_WANT: &str = r#"1
   1   0
   0   3
   2   0
1
1
   3   1
1
1
   3   2
1
permutation vector contains an invalid element
1
logical
1
   0 + 1i
   2 + 0i
"#;
