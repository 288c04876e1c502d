//! Polynomials, special matrices and the statistics options added with
//! them, against Octave's answers through every door: polyfit (its S
//! struct, mu, complex data, a logical mask with too few points), polyval
//! (error estimate, empty and single operands, argument errors), poly,
//! roots (tiny leading coefficients, trailing zeros), polyder (products
//! and quotients), polyint, polyvalm, compan, polyaffine, polyreduce,
//! polygcd; toeplitz, hankel, vander, hilb, invhilb, pascal, rosser,
//! wilkinson; repmat's size forms, var over several dimensions, mean's
//! geometric and harmonic types, nchoosek of cells and integers, isprime
//! of Gaussian integers. The expected text is octave-cli 7.3's output of
//! the same code.

mod common;
use common::same_through_doors;

#[test]
fn polynomials_and_special_matrices_answer_as_octave_through_every_door() {
    assert_eq!(same_through_doors(CODE), WANT);
}

const CODE: &str = r#"warning('off', 'all');
x = 0:5; y = x.^2 + 1;
[p, S] = polyfit(x, y, 2); disp(round(p * 1e6) / 1e6), disp(fieldnames(S)'), disp(S.df), disp(size(S.R))
[p, S, mu] = polyfit(x, y, 2); disp(mu)
[yy, dy] = polyval(p, [1 2], S, mu); disp(round(yy * 1e6) / 1e6), disp(dy < 1e-10)
p = polyfit(1:4, polyval([1i 0 2i 4], 1:4), 3); disp(abs(p - [1i 0 2i 4]) < 1e-9)
p = polyfit([1 2 3], 2*[1 2 3] + 1, logical([1 1 1 0 1])); disp(round(p * 1e9) / 1e9)
disp(polyval([], 1:3)), disp(class(polyval(single(1), 2))), disp(polyval([3 2 1], [1 2; 3 4]))
try, polyval(int8(1), 2), catch e, disp(e.message), end
try, [a, b] = polyval(1, 1, []), catch e, disp(e.message), end
disp(poly([1 2 3])), disp(poly([1 2; 3 4])), disp(isreal(poly([1+2i 1-2i])))
r = roots([1 -6 11 -6]); disp(round(r' * 1e9) / 1e9)
disp(roots([1e-200, -1e200, 1])), disp(size(roots([0 0]))), disp(roots([1 0 0]))
try, roots([1 Inf 1]), catch e, disp(e.message), end
disp(polyder([1 2 3 4])), [q, d] = polyder([1 2], [1 0 -1])
disp(polyint([3 2 1])), disp(polyint([3 2 1], 5))
disp(polyvalm([1 2 3 4], [3 -4 1; -2 0 2; -1 4 -3]))
disp(compan([1 2 3])), disp(polyaffine([1 0], [1 2])), disp(polyreduce([0 0 1 2 3]))
disp(polygcd(poly(1:8), poly(3:12)) - poly(3:8))
disp(toeplitz([1 2 3])), disp(toeplitz([1 2 3], [1 -3 -5])), disp(toeplitz([1 2+1i]))
disp(hankel(1:3)), disp(hankel(1:3, 3:6))
disp(vander([1 2 3])), disp(vander(2, 3)), disp(hilb(2)), disp(invhilb(3))
disp(pascal(4)), disp(pascal(3, 1)), disp(pascal(3, 2)), disp(rosser()(8, :)), disp(wilkinson(3))
try, pascal(3, 4), catch e, disp(e.message), end
disp(size(repmat([1 2 3], 3, []))), disp(size(repmat([1 2 3], [1 3; 1 3], [1 2; 3 4])))
disp(var(reshape(1:8, 2, 2, 2), 0, [1 3])), disp(var([1 2; 3 4], 0, 'all')), disp(var(5, 99))
try, var([1 2], [1 2], 'all'), catch e, disp(e.message), end
disp(mean([2 8], 'g')), disp(mean([4 4 2], 'h'))
try, mean(1, 'b'), catch e, disp(e.message), end
c = nchoosek({1, 'a', 3}, 2), disp(class(nchoosek(uint8(10), uint8(5)))), disp(size(nchoosek(single(1:2), 3)))
disp(isprime([1+2i, (2+3i)*(-1+2i), 7i, 5i, 3]))
try, primes(NaN), catch e, disp(e.message), end
"#;

const WANT: &str = r#"   1   0   1
{
  [1,1] = yf
  [1,2] = X
  [1,3] = R
  [1,4] = C
  [1,5] = df
  [1,6] = normr
}
3
   3   3
   2.5000   1.8708
   2   5
  1  1
  1  1  1  1
        0  -0.1818   1.0909        0   2.0909
   0   0   0
single
    6   17
   34   57
polyval: P must be a numeric floating point vector
polyval: S input is required for DY output argument
    1   -6   11   -6
   1  -5  -2
1
   3   2   1
1.0000e-200
   0   0
   0
   0
roots: inputs must not contain Inf or NaN
   3   4   3
q =

  -1  -4  -1

d =

   1   0  -2   0   1

   1   1   1   0
   1   1   1   5
   117  -124    11
   -70    36    38
   -43    92   -45
  -2  -3
   1   0
   0.5000  -0.5000
   1   2   3
   0   0   0   0   0   0   0
   1   2   3
   2   1   2
   3   2   1
   1  -3  -5
   2   1  -3
   3   2   1
   1 + 0i   2 + 1i
   2 - 1i   1 + 0i
   1   2   3
   2   3   0
   3   0   0
   1   2   3   4
   2   3   4   5
   3   4   5   6
   1   1   1
   4   2   1
   9   3   1
   4   2   1
   1.0000   0.5000
   0.5000   0.3333
     9   -36    30
   -36   192  -180
    30  -180   180
    1    1    1    1
    1    2    3    4
    1    3    6   10
    1    4   10   20
   1   0   0
   1  -1   0
   1  -2   1
   1   1   1
  -2  -1   0
   1   0   0
    29   -44    52   -23   208   208  -911    99
   1   1   0
   1   0   1
   0   1   1
pascal: T must be -1, 0, 1, or 2, found 4
   3   3
   1   3   4
   5.6667   5.6667
1.6667
0
var: W must be either 0 or 1 when using 'ALL' as dimension
4
3
mean: mean type 'b' not recognized
c =
{
  [1,1] = 1
  [2,1] = 1
  [3,1] = a
  [1,2] = a
  [2,2] = 3
  [3,2] = 3
}

uint8
   0   3
  1  0  1  0  1
primes: N must be finite (not +Inf or NaN)
"#;
