//! The function library against Octave's answers, through every door:
//! `interp1` (complex values, the `'pp'` form of each method, jumps taken
//! from the right or the left), `mkpp`/`unmkpp`/`ppval`, `NA` and `isna`,
//! `isequaln`, `strsplit`'s argument forms, the class of `median` and
//! `var` of integer and single data, and NaN in set functions. The
//! expected text is octave-cli 7.3's output of the same code.

mod common;
use common::same_through_doors;

#[test]
fn library_functions_answer_as_octave_through_every_door() {
    assert_eq!(same_through_doors(CODE), WANT);
}

/// Argument forms and messages fixed for Octave's own tests: bitcmp's bit
/// count and single class, rows/columns, optimset's unique prefixes,
/// circshift/cast/orderfields/rng messages, fzero with TolX 0, the
/// stream ids, cond/rcond, char of cell arrays. The
/// expected text is octave-cli 7.3's, except rng's struct message, where
/// Octave's text has a stray closing quote.
#[test]
fn argument_forms_and_messages_answer_as_octave_through_every_door() {
    assert_eq!(same_through_doors(CODE2), WANT2);
}

const CODE2: &str = r#"disp(bitcmp(uint8(13), 2)); disp(bitcmp(int16(-300), 5)); disp(class(bitcmp(single(5)))); disp(bitcmp(single(5)))
disp([rows(ones(2, 3, 4)), columns(ones(2, 3, 4))])
o = optimset('tolx', 0.1, 'maxit', 100); disp(o.MaxIter); disp(optimget(o, 'MaxITer'))
try, circshift(1, [2 3], 4), catch e, disp(e.message), end
try, circshift(1, 1.5), catch e, disp(e.message), end
try, cast({}, 'double'), catch e, disp(e.message), end
try, cast(1, {'int8'}), catch e, disp(e.message), end
s1.a = 1; s2.b = 2;
try, orderfields(s1, s2), catch e, disp(e.message), end
try, orderfields(s1, [2 1]), catch e, disp(e.message), end
try, orderfields(s1, 'foobar'), catch e, disp(e.message), end
try, rng(struct()), catch e, disp(e.message), end
try, rng(0, 'foobar'), catch e, disp(e.message), end
printf('%.6g\n', fzero(@(x) x^(1/3) - 1e-8, [0, 1], optimset('TolX', 0)))
fprintf(stdout, '%d %d %d\n', stdin, stdout, stderr)
printf('%.4f %.4f %.6f %g\n', cond([1 2; 3 4]), cond([1 2; 3 4], 1), rcond([1 2; 3 4]), rcond([]))
c = char({'x', 'yz'}), c = char({'a'; {'bc', 'd'}}), disp(size(char({})))
"#;

const WANT2: &str = r#"2
299
single
1.6777e+07
   2   3
100
100
circshift: N must be a scalar when DIM is also specified
circshift: all values of N must be integers
cast: type conversion from 'cell' is not supported
cast: TYPE must be a string
orderfields: structures S1 and S2 do not have the same fields
orderfields: invalid permutation vector P
orderfields: second argument must be structure, cellstr, or permutation vector
rng: input structure requires "Type", "Seed", "State" fields
rng: unknown random number generator "foobar"
1e-24
0 1 2
14.9330 21.0000 0.047619 Inf
c =

x 
yz

c =

a 
bc
d 

   0   0
"#;

const CODE: &str = r#"xp = 0:2:10; yp = sin(xp); xi = [-1 0 2.2 4 6.6 10 11];
for st = {'linear', 'nearest', 'previous', 'next', 'pchip', 'spline'}
  a = interp1(xp, yp + 1i*yp.^2, xi, st{1});
  b = interp1(xp, yp, xi, st{1}) + 1i*interp1(xp, yp.^2, xi, st{1});
  d = ppval(interp1(xp, yp, st{1}, 'pp'), xi) - interp1(xp, yp, xi, st{1}, 'extrap');
  printf('%s %d %d\n', st{1}, isequaln(a, b), max(abs(d)) < 1e-14);
end
disp(interp1([1 2 2 3 4], [0 1 4 2 1], [-1 1.5 2 2.5 3.5], 'linear', 'extrap', 'right'))
disp(interp1([1 2 2 3 4], [0 1 4 2 1], [-1 1.5 2 2.5 3.5], 'linear', 'extrap', 'left'))
y = interp1([4 4 3 2 0], [0 1 4 2 1], [1.5 4 4.5]); disp(y(1:2)), disp(isnan(y(3)))
pp = mkpp([1 2 3], ones(2));
[x, P, n, k, d] = unmkpp(pp)
v = ppval(mkpp([1 2 3], [ones(2); ones(2)], 2), [1.1 1.3 1.9 2.1])
disp(size(ppval(mkpp([1 2 3], [ones(2); ones(2)], 2), [1.1 1.3; 1.9 2.1])))
r = ppval(interp1([1 2 3]', [1 2; 3 4; 5 7], 'linear', 'pp'), 2.5)
try, ppval(1, 2), catch e, disp(e.message), end
try, interp1([1 1], [1 2], 1, 'cubic'), catch e, disp(e.message), end
m = [NA 1 NaN], disp(isna(m)), s = sprintf('%d|%5.1f', NA, NA)
disp([isequal([1 NaN], [1 NaN]), isequaln([1 NaN], [1 NaN]), isequaln({NaN, 'a'}, {NaN, 'a'}, {NaN, 'a'})])
[c, m] = strsplit('a,bc,,de', ',', false)
c = strsplit('The rain in Spain', '\s|ain', true, 'delimitertype', 'r')
c = strsplit(sprintf('hello \t world'), true)
c = strsplit('road to^hell', '[ ^]', 'DelimiterType', 'R')
try, strsplit('abc', 'b', 'foo', 'true'), catch e, disp(e.message), end
try, strsplit(['abc'; 'xyz']), catch e, disp(e.message), end
disp(class(median(int8([1 2 3 4])))), disp(median(int8([1 2 3 4]))), disp(class(var(single([1 2]))))
disp(union([NaN 1], NaN)), disp(setdiff([NaN 1 NaN], 1))
"#;

const WANT: &str = r#"linear 1 1
nearest 1 1
previous 1 1
next 1 1
pchip 1 1
spline 1 1
  -2.0000   0.5000   4.0000   3.0000   1.5000
  -2.0000   0.5000   1.0000   3.0000   1.5000
   1.7500   1.0000
1
x =

   1   2   3

P =

   1   1
   1   1

n = 2
k = 2
d = 1
v =

   1.1000   1.3000   1.9000   1.1000
   1.1000   1.3000   1.9000   1.1000

   2   2   2
r =

   4.0000   5.5000

ppval: first argument must be a pp-form structure
interp1: discontinuities not supported for METHOD 'cubic'
m =

    NA     1   NaN

  1  0  0
s = NA|   NA
  0  1  1
c =
{
  [1,1] = a
  [1,2] = bc
  [1,3] = 
  [1,4] = de
}

m =
{
  [1,1] = ,
  [1,2] = ,
  [1,3] = ,
}

c =
{
  [1,1] = The
  [1,2] = r
  [1,3] = in
  [1,4] = Sp
  [1,5] = 
}

c =
{
  [1,1] = hello
  [1,2] = world
}

c =
{
  [1,1] = road
  [1,2] = to
  [1,3] = hell
}

strsplit: invalid parameter name, 'foo'
strsplit: S must be a char row vector
int8
3
single
     1   NaN   NaN
   NaN   NaN
"#;

/// `gallery`'s matrices against octave-cli 7.3's output.
#[test]
fn gallery_matrices_answer_as_octave_through_every_door() {
    let code = "disp(gallery('minij', 3)); disp(gallery('Lehmer', 3)); disp(gallery('moler', 3))\n\
                disp(gallery('moler', 3, 2)); disp(gallery('pei', 3, 2)); disp(gallery('ris', 3))\n\
                disp(gallery('kms', 3, 0.25)); disp(size(gallery('minij', 0)))\n\
                try, gallery('minij', 2.5), catch e, disp(e.message), end\n\
                try, gallery(3), catch e, disp(e.message), end\n";
    let want = "   1   1   1\n   1   2   2\n   1   2   3\n\
                \x20  1.0000   0.5000   0.3333\n   0.5000   1.0000   0.6667\n   0.3333   0.6667   1.0000\n\
                \x20  1  -1  -1\n  -1   2   0\n  -1   0   3\n\
                \x20  1   2   2\n   2   5   6\n   2   6   9\n\
                \x20  3   1   1\n   1   3   1\n   1   1   3\n\
                \x20  0.2000   0.3333   1.0000\n   0.3333   1.0000  -1.0000\n   1.0000  -1.0000  -0.3333\n\
                \x20  1.000000   0.250000   0.062500\n   0.250000   1.000000   0.250000\n   0.062500   0.250000   1.000000\n\
                \x20  0   0\n\
                gallery: N must be an integer for minij matrix\n\
                gallery: NAME must be a string\n";
    assert_eq!(same_through_doors(code), want);
    assert_eq!(same_through_doors(GALLERY_CODE), GALLERY_WANT);
}

/// The rest of the collection: one call of each kind, the sparse ones
/// (tridiag, poisson, wathen's shape), dorr's and house's several outputs,
/// the seeded data matrices (same seed, same data), and the messages
/// Octave's gallery.m gives (octave-cli 7.3's output).
const GALLERY_CODE: &str = r#"disp(gallery('clement', 4)); disp(gallery('cauchy', [1 2], [0 1])); disp(gallery('chebspec', 3))
disp(gallery('circul', [1 3 6])); disp(gallery('fiedler', [1 4 2])); disp(gallery('gcdmat', 4))
disp(gallery('grcar', 4, 1)); disp(gallery('invhess', 3)); disp(gallery('invol', 3)); disp(gallery('ipjfact', 3))
disp(gallery('jordbloc', 3, 2)); disp(gallery('kahan', [3 2])); disp(gallery('lauchli', 2, 0.5)); disp(gallery('lesp', 3))
disp(gallery('lotkin', 3)); disp(gallery('parter', 3)); disp(gallery('redheff', 4)); disp(gallery('riemann', 4))
disp(gallery('triw', [2 4], 3, 2)); disp(gallery('wilk', 3)); disp(gallery('smoke', 3, 1)); disp(gallery('orthog', 3, -1))
A = gallery('tridiag', 4); disp(issparse(A)), disp(full(A)); disp(full(gallery('poisson', 2)))
[c, d, e] = gallery('dorr', 4, 0.1); disp([c' 0; d'; e' 0])
[v, beta] = gallery('house', [3; 4]); disp(v'), disp(beta)
try, gallery('hanowa', 5), catch err, disp(err.message), end
try, gallery('binomial'), catch err, disp(err.message), end
try, gallery('foobar'), catch err, disp(err.message), end
try, gallery('tridiag', 1, 2), catch err, disp(err.message), end
try, gallery('frank', 4, 2), catch err, disp(err.message), end
try, gallery('condex', 4, 7), catch err, disp(err.message), end
try, gallery('wilk', 6), catch err, disp(err.message), end
A = gallery('wathen', 2, 3); disp(size(A)), disp(nnz(A)), disp(issparse(A)), disp(full(diag(gallery('wathen', 1, 1, 1)))')
u = gallery('uniformdata', [2 3], 1); u2 = gallery('uniformdata', 2, 3, 1); disp(size(u)), disp(isequal(u, u2))
disp(size(gallery('normaldata', [3 2 2], 5))), disp(size(gallery('integerdata', [2 4], 3, 4, 7))), disp(size(gallery('randsvd', [5 3])))
try, gallery('uniformdata', 3, -1), catch err, disp(err.message), end
try, gallery('randsvd', 3, 0.5), catch err, disp(err.message), end
"#;

const GALLERY_WANT: &str = r#"   0   1   0   0
   3   0   2   0
   0   2   0   3
   0   0   1   0
   1.0000   0.5000
   0.5000   0.3333
   1.5000e+00  -2.0000e+00   5.0000e-01
   5.0000e-01  -3.0616e-17  -5.0000e-01
  -5.0000e-01   2.0000e+00  -1.5000e+00
   1   3   6
   6   1   3
   3   6   1
   0   3   1
   3   0   2
   1   2   0
   1   1   1   1
   1   2   1   2
   1   1   3   1
   1   2   1   4
   1   1   0   0
  -1   1   1   0
   0  -1   1   1
   0   0  -1   1
   1  -1  -1
   1   2  -2
   1   2   3
   -3.0000    0.5000    0.3333
  -36.0000    8.0000    6.0000
   30.0000   -7.5000   -6.0000
     2     6    24
     6    24   120
    24   120   720
   2   1   0
   0   2   1
   0   0   2
   1.0000  -0.3624
        0   0.9320
        0        0
   1.0000   1.0000
   0.5000        0
        0   0.5000
  -5.0000   2.0000        0
   0.5000  -7.0000   3.0000
        0   0.3333  -9.0000
   1.0000   1.0000   1.0000
   0.5000   0.3333   0.2500
   0.3333   0.2500   0.2000
   2.0000  -2.0000  -0.6667
   0.6667   2.0000  -2.0000
   0.4000   0.6667   2.0000
  1  1  1  1
  1  1  0  1
  1  0  1  0
  1  0  0  1
   1  -1   1  -1
  -1   2  -1  -1
  -1  -1   3  -1
  -1  -1  -1   4
   1   3   3   0
   0   1   3   3
   0.0000   0.9000  -0.4000
        0   0.9000  -0.4000
        0        0   0.0000
  -0.5000 + 0.8660i   1.0000 +      0i        0 +      0i
        0 +      0i  -0.5000 - 0.8660i   1.0000 +      0i
        0 +      0i        0 +      0i   1.0000 +      0i
   1.0000e+00   1.0000e+00   1.0000e+00
   1.0000e+00   6.1232e-17  -1.0000e+00
   1.0000e+00  -1.0000e+00   1.0000e+00
1
   2  -1   0   0
  -1   2  -1   0
   0  -1   2  -1
   0   0  -1   2
   4  -1  -1   0
  -1   4   0  -1
  -1   0   4  -1
   0  -1  -1   4
  -2.5000  -3.0000  -4.0000        0
   6.5000   5.5000   5.5000   6.5000
  -4.0000  -3.0000  -2.5000        0
   8   4
0.025000
gallery: N must be even for hanowa matrix
gallery: matrix binomial not implemented
gallery: unknown matrix with NAME foobar
gallery: 1, 3, or 4 arguments are required for tridiag matrix
gallery: K must have a value of 0 or 1 for frank matrix
gallery: unknown estimator K '7' for condex matrix
gallery: unknown N '6' for wilk matrix
   29   29
323
1
   1   1   1   1   1   1   1   1
   2   3
1
   3   2   2
   3   4
   5   3
gallery: J must be an integer in the range [0, 2^32-1] for uniformdata matrix
gallery: KAPPA must larger than or equal to 1 for randsvd matrix
"#;
