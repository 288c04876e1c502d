//! Small language and library gaps, against octave-cli 7.3's answers of
//! the same code, through every door: keywords as field names after `.`,
//! `shiftdim`, `permute`/`ipermute`/`squeeze`, `interp2`'s cubic and
//! pchip methods, `null`/`orth` of single data, `diag(v, m, n)` of sparse
//! v, the shapes of `setxor`'s index outputs, `prepad`/`postpad`.

mod common;
use common::same_through_doors;

/// A name after `.` is a field name even when it is a keyword: in
/// expressions, assignments, struct arrays, indices (where `end` still
/// means the last index elsewhere), anonymous functions, blocks, matrices
/// (`[s.end -1]` is two elements) and command syntax (`disp s.end`).
#[test]
fn keywords_after_a_dot_are_field_names() {
    assert_eq!(same_through_doors(KEYWORD_FIELDS), KEYWORD_FIELDS_WANT);
}

const KEYWORD_FIELDS: &str = r#"s.end = 1; s.function = 2;
s
w(1).nesting.if = 3; w(2).nesting.if = 4;
w
w(2).nesting.if
a = [10 20 30]; x.end = 2;
a(x.end)
a(x.end:end)
if s.end == 1, disp('yes'), end
for k = 1:2, t.for(k) = k; end
t.for
s.end'
f = @(q) q.end + 1;
f(s)
f
z = {s.function, s.end}
s.('while') = 5;
s.while
c.unwind_protect_cleanup = 1
if true
  r.if = 1;
  r.end = r.if + 1;
end
disp(r.end)
while r.end < 4
  r.end = r.end + 1;
end
r
q(2).end = 7; [q.end]
s.end = 5; s.if = [1 2];
s.end -1
s.end - 1
s.if'
[s.if s.end]
[s.end -1]
disp s.end
x = {s.end, s.if}
"#;

const KEYWORD_FIELDS_WANT: &str = r#"s =

  scalar structure containing the fields:

    end = 1
    function = 2

w =

  1x2 struct array containing the fields:

    nesting

ans = 4
ans = 20
ans =

   20   30

yes
ans =

   1   2

ans = 1
ans = 2
f =

@(q) q.end + 1

z =
{
  [1,1] = 2
  [1,2] = 1
}

ans = 5
c =

  scalar structure containing the fields:

    unwind_protect_cleanup = 1

2
r =

  scalar structure containing the fields:

    if = 1
    end = 4

ans = 7
ans = 4
ans = 4
ans =

   1
   2

ans =

   1   2   5

ans =

   5  -1

s.end
x =
{
  [1,1] = 5
  [1,2] =

     1   2

}

"#;

/// `shiftdim` by n (left, with wrap-around) and by -n (leading singletons),
/// and with one argument (leading singletons removed, their count second),
/// for numeric, char, int, cell and struct arrays, and its messages.
#[test]
fn shiftdim_answers_as_octave() {
    assert_eq!(same_through_doors(SHIFTDIM), SHIFTDIM_WANT);
}

const SHIFTDIM: &str = r#"x = reshape(1:6, 1, 2, 3);
[b, ns] = shiftdim(x)
disp(size(shiftdim(x, -1))), disp(size(shiftdim(x, 1))), disp(size(shiftdim(x, 4)))
[b, n] = shiftdim(5)
[b, n] = shiftdim(zeros(1, 0))
shiftdim(reshape(1:6, 2, 3), 1)
y = reshape(1:24, 2, 3, 4); z = shiftdim(y, 2); disp(size(z)), disp(z(:, :, 2))
isequal(shiftdim(z, 1), y)
[b, n] = shiftdim({1, 'a'})
shiftdim(int8([1; 2]), -1)
s = shiftdim("ab", 1)
t = shiftdim(struct('a', {1, 2, 3}), 1); disp(size(t)), disp(t(3).a)
[b, n] = shiftdim(ones(1, 1, 1, 2)); disp(size(b)), disp(n)
disp(size(shiftdim(rand(0, 1, 2))))
try, shiftdim(1, ones(2)), catch e, disp(e.message), end
try, shiftdim(1, 1.5), catch e, disp(e.message), end
try, [a, b, c] = shiftdim(1), catch e, disp(e.message), end
"#;

const SHIFTDIM_WANT: &str = r#"b =

   1   3   5
   2   4   6

ns = 1
   1   1   2   3
   2   3
   2   3
b = 5
n = 0
b = [](0x1)
n = 1
ans =

   1   2
   3   4
   5   6

   4   2   3
    3    4
    9   10
   15   16
   21   22
ans = 1
b =
{
  [1,1] = 1
  [2,1] = a
}

n = 1
ans =

  1  2

s =

a
b

   3   1
3
   2   1
3
   0   1   2
shiftdim: N must be a scalar integer
shiftdim: N must be a scalar integer
shiftdim: function called with too many outputs
"#;

/// interp2's 'pchip' and 'cubic' (Octave's bicubic Hermite surface with
/// pchip slopes) on uniform and uneven grids, reversed grids, the
/// refinement form and fill values; complex values and complex fill
/// values; single values, grids or query points give single answers; a scalar query against a vector spanning a grid; the messages
/// for non-numeric grids and queries and for non-grid spline queries.
#[test]
fn interp2_pchip_and_cubic_answer_as_octave() {
    assert_eq!(same_through_doors(INTERP2), INTERP2_WANT);
}

const INTERP2: &str = r#"format long
A = [13,-1,12;5,4,3;1,6,2]; x = [0,1,4]; y = [10,11,12];
xi = [0 0.5 1.7 2.2 4]; yi = [10; 10.3; 11.5; 12];
interp2(x, y, A, xi, yi, 'pchip')
interp2(x, y, A, xi, yi, 'cubic')
z = magic(5) + 0.1*(1:5)'.^3;
interp2(z, [1.5 2.25 4.9], [1.1; 3.3; 4.75], 'pchip')
interp2(z, 1, 'cubic')
interp2(z, [0 3 6], [2 2 2], 'pchip', -7)
interp2(fliplr(x), y, A, [0.5 3], [10.5 11.2], 'pchip')
interp2(1:2, 1:2, [1 2; 4 8], 1.5, 1.5, 'pchip')
interp2([1 3 5; 3 5 7; 5 7 9], 'pchip')
z = [1+2i, 3-1i, 2; 4i, 5, 6-2i];
interp2(z, [1.5 2.5], [1.25; 2], 'pchip')
interp2(z, [1.5 2.5], [1.25; 2], 'linear')
interp2(z, [0.5 2.5], [1.25 1.5], 'cubic', 0)
interp2(z, [1 2.5], [1.25 1.5], 'nearest')
interp2([1 2; 3 4], [0 1.5], [1 1], 'linear', 2i)
interp2([1 2; 3 4], [1.25 1.5], [1 1], 'pchip', 2i)
interp2([1 2; 3 4], [0 1.5], [1 1], 'linear', int8(3))
interp2([2 3], [2 3 4], [1 2; 3 4; 5 6], [2 3], 3, 'linear')
interp2(magic(3), [1; 2.5; 3], 2, 'pchip')
try, interp2(1:2, 1:2, ones(2), [1 2 4], [1 2 3], 'spline'), catch e, disp(e.message), end
try, interp2({1}, 1, ones(2), 1, 1), catch e, disp(e.message), end
try, interp2(1, 1, ones(2), {1}, 1), catch e, disp(e.message), end
format short
for m = {'linear', 'pchip', 'spline'}
  a = interp2(single(magic(3)), [1.5 2], [1.25; 2.5], m{1}); disp(class(a)), disp(a)
  b = interp2(magic(3), single(1.5), 1.5, m{1}); disp(class(b)), disp(b)
  c = interp2(single(1:3), 1:3, magic(3), 2.5, 1.5, m{1}); disp(class(c)), disp(c)
end
"#;

const INTERP2_WANT: &str = r#"ans =

 Columns 1 through 3:

   1.300000000000000e+01   3.677083333333334e+00  -8.348518518518516e-01
   1.013799999999999e+01   3.993599599889625e+00   8.168616226579556e-01
   2.583333333333333e+00   4.439437760259884e+00   5.068749614669101e+00
   1.000000000000000e+00   4.322916666666666e+00   5.949185185185184e+00

 Columns 4 and 5:

  -1.679999999999988e-01   1.200000000000000e+01
   1.125955905882356e+00   8.258399999999993e+00
   4.845402062643239e+00   2.275000000000000e+00
   5.744000000000000e+00   2.000000000000000e+00

ans =

 Columns 1 through 3:

   1.300000000000000e+01   3.677083333333334e+00  -8.348518518518516e-01
   1.013799999999999e+01   3.993599599889625e+00   8.168616226579556e-01
   2.583333333333333e+00   4.439437760259884e+00   5.068749614669101e+00
   1.000000000000000e+00   4.322916666666666e+00   5.949185185185184e+00

 Columns 4 and 5:

  -1.679999999999988e-01   1.200000000000000e+01
   1.125955905882356e+00   8.258399999999993e+00
   4.845402062643239e+00   2.275000000000000e+00
   5.744000000000000e+00   2.000000000000000e+00

ans =

   2.158168437500000e+01   1.818657533889840e+01   1.451384847634846e+01
   9.123937329138345e+00   1.215301210930901e+01   2.203799257156455e+01
   2.441219670495838e+01   2.915084401479676e+01   1.600461132812500e+01

ans =

 Columns 1 through 3:

   1.710000000000000e+01   2.322500000000000e+01   2.410000000000000e+01
   2.277500000000000e+01   1.524179687500000e+01   1.133750000000000e+01
   2.380000000000000e+01   1.130000000000000e+01   5.800000000000000e+00
   1.525000000000000e+01   9.024729976339598e+00   6.691865079365080e+00
   6.700000000000000e+00   7.311111111111111e+00   8.699999999999999e+00
   1.052514880952381e+01   1.122641156506768e+01   1.276214868210281e+01
   1.640000000000000e+01   1.701111111111111e+01   1.840000000000000e+01
   2.024985119047619e+01   2.190298172248161e+01   2.413348623853211e+01
   2.350000000000000e+01   2.700000000000000e+01   3.050000000000000e+01

 Columns 4 through 6:

   1.260000000000000e+01   1.100000000000000e+00   3.725000000000000e+00
   7.633126559064773e+00   4.306164383561645e+00   7.408498488499915e+00
   6.411111111111111e+00   7.800000000000000e+00   1.130000000000000e+01
   8.631353717233617e+00   1.156784129825654e+01   1.548403520784031e+01
   1.171388888888889e+01   1.570000000000000e+01   1.968611111111111e+01
   1.629125995121888e+01   2.029250807964971e+01   2.353387519056655e+01
   2.190000000000000e+01   2.540000000000000e+01   2.678888888888889e+01
   2.803115213359384e+01   3.113348623853211e+01   2.758669875198210e+01
   3.487500000000000e+01   3.750000000000000e+01   2.600000000000000e+01

 Columns 7 through 9:

   8.100000000000000e+00   1.160000000000000e+01   1.510000000000000e+01
   1.130616438356164e+01   1.370341867478834e+01   1.560026041666667e+01
   1.480000000000000e+01   1.618888888888889e+01   1.680000000000000e+01
   1.891962926723200e+01   2.042244314936656e+01   2.109973958333333e+01
   2.270000000000000e+01   2.408888888888889e+01   2.470000000000000e+01
   2.578670634920635e+01   2.339110866195621e+01   1.705000000000000e+01
   2.740000000000000e+01   2.190000000000000e+01   9.400000000000000e+00
   2.366250000000000e+01   1.975820312500000e+01   1.222500000000000e+01
   1.450000000000000e+01   1.537500000000000e+01   2.150000000000000e+01

ans =

  -7.000000000000000   7.800000000000000  -7.000000000000000

ans =

   3.266925470489567   4.888481135498679

ans = 3.750000000000000
ans =

   1   2   3   4   5
   2   3   4   5   6
   3   4   5   6   7
   4   5   6   7   8
   5   6   7   8   9

ans =

 Column 1:

   2.615494791666666 + 0.326497395833333i
   3.166666666666667 + 1.708333333333333i

 Column 2:

   3.546614583333333 - 0.951497395833333i
   5.708333333333334 - 1.208333333333333i

ans =

 Column 1:

   2.125000000000000 + 0.875000000000000i
   2.500000000000000 + 2.000000000000000i

 Column 2:

   3.250000000000000 - 0.625000000000000i
   5.500000000000000 - 1.000000000000000i

ans =

 Column 1:

                   0 +                 0i

 Column 2:

   4.260416666666666 - 1.041666666666667i

ans =

   1 + 2i   6 - 2i

ans =

 Column 1:

                   0 + 2.000000000000000i

 Column 2:

   1.500000000000000 +                 0i

ans =

   1.250000000000000   1.500000000000000

ans =

   3.000000000000000   1.500000000000000

ans =

   3   4

ans =

   3   6   7

interp2: XI, YI must have uniform spacing ('meshgrid' format)
interp2: X, Y must be numeric matrices
interp2: XI, YI must be numeric
single
   4.3750   2.0000
   5.2500   7.0000
single
4.2500
single
4.7500
single
   2.9050   2.0000
   5.7988   7.0000
single
3.0410
single
4.2012
single
   2.9688   2.0000
   5.6250   7.0000
single
3.1250
single
4.3750
"#;

/// null and orth of single data answer in single, with eps('single') for
/// the rank (so a nearly dependent row counts as dependent) and for the
/// zeroing of tiny entries; empty and integer inputs as Octave.
#[test]
fn null_and_orth_of_single_answer_in_single() {
    assert_eq!(same_through_doors(NULL_ORTH), NULL_ORTH_WANT);
}

const NULL_ORTH: &str = r#"z = null(single([1 1; 0 0])), class(z)
z = null(single([1 0; 1 0])), class(z)
z = null(single(1)); class(z), size(z)
class(null(single([]))), size(null(single(zeros(0, 3))))
z = null(single([1 0; 0 1e-4 - eps('single')]), 1e-4)
z = null(single([1 2 3; 2 4 6.00001])); class(z), size(z)
z = null([1 2 3; 2 4 6.00001]); size(z)
b = orth(single([2 0; 0 3; 0 0])); class(b), disp(abs(b))
b = orth(single([1 1; 1 1.0000001])); class(b), size(b)
b = orth([1 1; 1 1.0000001]); size(b)
class(null(uint8([])))
"#;

const NULL_ORTH_WANT: &str = r#"z =

  -0.7071
   0.7071

ans = single
z =

   0
   1

ans = single
ans = single
ans =

   1   0

ans = single
ans =

   3   3

z =

   0
   1

ans = single
ans =

   3   2

ans =

   3   1

ans = single
   0   1
   1   0
   0   0
ans = single
ans =

   2   1

ans =

   2   2

ans = double
"#;

/// diag(v, m, n) of a sparse vector answers sparse (expected text: Octave's
/// sparse(diag(full(v), m, n)), since Octave refuses the sparse form), and
/// the shapes of setxor's index outputs as Octave gives them: 0x0 for an
/// empty operand or beside a one-element answer, 0x1 otherwise, rows with
/// 'legacy' row operands.
#[test]
fn sparse_diag_and_setxor_index_shapes() {
    assert_eq!(same_through_doors(DIAG_SETXOR), DIAG_SETXOR_WANT);
}

const DIAG_SETXOR: &str = r#"a = diag(sparse([1 0 2]), 3, 4)
b = diag(sparse([1; 2; 3]), 2, 2)
c = diag(sparse([true false true]), 3, 3)
d = diag(sparse([1i 2]), 2, 1)
disp(issparse(diag(sparse([1 2]), 0, 0))), disp(size(diag(sparse([1 2]), 0, 0)))
try, diag(sparse([1 2; 3 4]), 2, 2), catch e, disp(e.message), end
[c, ia, ib] = setxor([3 1], []); disp(size(c)), disp(size(ia)), disp(size(ib)), disp(class(ib))
[c, ia, ib] = setxor([], [3 1]); disp(size(c)), disp(size(ia)), disp(size(ib))
[c, ia, ib] = setxor([3 1], zeros(1, 0)); disp(size(c)), disp(size(ia)), disp(size(ib))
[c, ia, ib] = setxor(zeros(0, 1), [3 1]); disp(size(c)), disp(size(ia)), disp(size(ib))
[c, ia, ib] = setxor([], []); disp(size(c)), disp(size(ia)), disp(size(ib))
[c, ia, ib] = setxor([2 1; 4 3], []); disp(size(c)), disp(size(ia)), disp(size(ib))
[c, ia, ib] = setxor([1 2], [1 2]); disp(size(c)), disp(size(ia)), disp(size(ib))
[c, ia, ib] = setxor([1; 2], [1; 2]); disp(size(c)), disp(size(ia)), disp(size(ib))
[c, ia, ib] = setxor([1 2], [2 1 3]); disp(size(c)), disp(size(ia)), disp(size(ib))
[c, ia, ib] = setxor({'a'}, {}); disp(size(c)), disp(size(ia)), disp(size(ib))
[c, ia, ib] = setxor([1 2; 3 4], zeros(0, 2), 'rows'); disp(size(c)), disp(size(ia)), disp(size(ib))
[c, ia, ib] = setxor([3 1], [], 'stable'); disp(size(c)), disp(size(ia)), disp(size(ib))
[c, ia, ib] = setxor([3 1], [], 'legacy'); disp(size(c)), disp(size(ia)), disp(size(ib))
[c, ia, ib] = setxor([1 2], [2 1 3], 'legacy'); disp(size(c)), disp(size(ia)), disp(size(ib))
[c, ia, ib] = setxor([1; 2], [2; 1; 3], 'legacy'); disp(size(c)), disp(size(ia)), disp(size(ib))
[c, ia, ib] = setxor([1 2 4], [2 1 3], 'stable'); disp(size(c)), disp(size(ia)), disp(size(ib))
[c, ia, ib] = setxor([1 2 3], [2 1], 'stable'); disp(size(c)), disp(size(ia)), disp(size(ib))
[c, ia, ib] = setxor([1 2; 3 4], [1 2; 3 4; 5 6], 'rows'); disp(size(c)), disp(size(ia)), disp(size(ib))
[c, ia, ib] = setxor({'a', 'b'}, {'b'}); disp(size(c)), disp(size(ia)), disp(size(ib))
[c, ia, ib] = setxor([3 1], [], 'rows'); disp(size(c)), disp(size(ia)), disp(size(ib))
"#;

const DIAG_SETXOR_WANT: &str = r#"a =

Compressed Column Sparse (rows = 3, cols = 4, nnz = 2 [17%])

  (1, 1) -> 1
  (3, 3) -> 2

b =

Compressed Column Sparse (rows = 2, cols = 2, nnz = 2 [50%])

  (1, 1) -> 1
  (2, 2) -> 2

c =

Compressed Column Sparse (rows = 3, cols = 3, nnz = 2 [22%])

  (1, 1) -> 1
  (3, 3) -> 1

d =

Compressed Column Sparse (rows = 2, cols = 1, nnz = 1 [50%])

  (1, 1) ->  0 + 1i

1
   0   0
diag: V must be a vector
   1   2
   2   1
   0   0
double
   1   2
   0   0
   2   1
   1   2
   2   1
   0   0
   1   2
   0   0
   2   1
   0   0
   0   0
   0   0
   4   1
   4   1
   0   0
   1   0
   0   1
   0   1
   0   1
   0   1
   0   1
   1   1
   0   0
   1   1
   1   1
   1   1
   0   0
   2   2
   2   1
   0   0
   1   2
   2   1
   0   0
   1   2
   1   2
   0   0
   1   1
   1   0
   1   1
   1   1
   0   0
   1   1
   1   2
   1   1
   1   1
   1   1
   1   1
   0   0
   1   2
   0   0
   1   1
   1   1
   1   1
   0   0
   1   2
   1   1
   0   0
"#;

/// permute, ipermute and squeeze (which shiftdim's permutation and
/// Octave's N-d pchip tests lean on): dimensions reordered and undone,
/// for numeric, int, char and cell arrays; singleton dimensions removed
/// (a single one left is a column, matrices unchanged); the messages for
/// bad permutation vectors.
#[test]
fn permute_ipermute_squeeze_answer_as_octave() {
    assert_eq!(same_through_doors(PERMUTE), PERMUTE_WANT);
}

const PERMUTE: &str = r#"y = reshape(1:24, 2, 3, 4);
z = permute(y, [3 1 2]); disp(size(z)), disp(z(:, :, 2))
isequal(ipermute(z, [3 1 2]), y)
permute([1 2; 3 4], [2 1])
disp(size(permute(1:3, [3 2 1 4])))
c = permute({1, 'a'; 2, 'b'}, [2 1])
permute(int8([1 2 3]), [2 1])
s = permute('ab', [2 1])
squeeze(ones(1, 1, 3))
squeeze(ones(1, 3))
disp(size(squeeze(ones(2, 1, 3)))), disp(size(squeeze(zeros(1, 0, 3)))), disp(size(squeeze(ones(1, 1, 2, 1, 3))))
squeeze({1; 2})
q = squeeze(reshape(1:4, 1, 1, 4)); disp(q')
try, permute(ones(2, 3, 4), [1 2]), catch e, disp(e.message), end
try, permute(1, [1 1]), catch e, disp(e.message), end
try, permute(1, [1 3]), catch e, disp(e.message), end
"#;

const PERMUTE_WANT: &str = r#"   4   2   3
    3    4
    9   10
   15   16
   21   22
ans = 1
ans =

   1   3
   2   4

   1   3
c =
{
  [1,1] = 1
  [2,1] = a
  [1,2] = 2
  [2,2] = b
}

ans =

  1
  2
  3

s =

a
b

ans =

   1
   1
   1

ans =

   1   1   1

   2   3
   0   3
   2   3
ans =
{
  [1,1] = 1
  [2,1] = 2
}

   1   2   3   4
permute: invalid permutation vector
permute: permutation vector cannot contain identical elements
permute: permutation vector contains an invalid element
"#;

/// `prepad`/`postpad` pad with a value or cut to a length along a
/// dimension, keeping the class (checked with octave-cli 7).
#[test]
fn prepad_and_postpad_pad_or_cut_as_octave() {
    let out = same_through_doors(
        "disp(prepad([1 2 3], 5)), disp(postpad([1 2 3], 5, 9)), disp(prepad([1 2 3 4], 2))\n\
         disp(postpad([1;2;3], 2)), disp(prepad([1 2; 3 4], 3, 0, 2)), disp(postpad(int8([1 2]), 4, 7))\n\
         disp(size(prepad([], 3))), disp(class(prepad(single(1), 2))), disp(prepad('ab', 4, 'x'))\n\
         disp(size(prepad([1,2], 2, 2, 3))), disp(prepad('Octave', 4))\n\
         try, prepad([1 2], 2, ones(2)), catch e, disp(e.message), end\n\
         try, postpad([1 2], -1), catch e, disp(e.message), end\n",
    );
    assert_eq!(
        out,
        "   0   0   1   2   3\n   1   2   3   9   9\n   3   4\n   1\n   2\n   0   1   2\n   0   3   4\n  \
         1  2  7  7\n   3   0\nsingle\nxxab\n   1   2   2\ntave\n\
         prepad: pad value C must be empty or a scalar\npostpad: length L must be a positive scalar\n"
    );
}
