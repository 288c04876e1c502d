//! The signal processing and statistics family against Octave's answers
//! through every door: fft and its inverses, shifts and nextpow2; filter
//! with initial and final states, conv2 and filter2; cov, corr, corrcoef
//! with p-values; quantile, prctile, iqr; range, center, zscore, bounds,
//! skewness, kurtosis, rescale; histc and accumarray (function handles,
//! cells, fill values); the moving statistics and detrend. The expected
//! text of the first test is octave-cli 7.3's output of the same code.
//!
//! The second test covers what Octave 7 lacks or does differently from
//! MATLAB (histcounts, normalize, ifft's 'symmetric', a DIM past the rank
//! in fft, 'omitnan' and filled end points in the moving statistics, cov's
//! 'omitrows', NaN as missing values in skewness and kurtosis); its
//! expected values are MATLAB's documented results, worked out by hand.

mod common;
use common::same_through_doors;

#[test]
fn signal_and_statistics_answer_as_octave_through_every_door() {
    assert_eq!(same_through_doors(CODE), WANT);
}

#[test]
fn matlab_only_forms_answer_as_matlab_documents() {
    assert_eq!(same_through_doors(MATLAB_CODE), MATLAB_WANT);
}

const CODE: &str = r#"warning('off', 'all');
x = [1 2 3 4];
y = fft(x), disp(class(fft(single(x)))), disp(size(fft(x, 6))), disp(round(real(ifft(fft(1:7))) * 1e9) / 1e9)
disp(abs(fft([1 2; 3 4], [], 2))), disp(fft2([1 2; 3 4])), disp(real(ifftn(fftn(magic(3)))))
disp(fftshift(0:6)), disp(ifftshift(0:6)), disp(fftshift([1 2; 3 4], 2)), disp(fftshift('abcdefg'))
disp(nextpow2([1 5 16 17 0.5 0 Inf -17])), disp(class(nextpow2(single(9))))
try, fft(1:3, -1), catch e, disp(e.message), end
try, fft(1:3, [], 0), catch e, disp(e.message), end
[y, zf] = filter([1 1 1], [1 0.5], [1 2 3; 4 5 6])
[y, zf] = filter([1 1 1], [1 0.5], [1 2 3], [1; 2], 2)
disp(filter(1, [2 1], [1 2 3]))
y1 = filter([1 2], [1 -0.3], 1:3); [a, z] = filter([1 2], [1 -0.3], 1:2); b = filter([1 2], [1 -0.3], 3, z); disp(abs([a b] - y1) < 1e-12)
try, filter(1, 0, 1:3), catch e, disp(e.message), end
try, filter([1 1], 1, 1:3, [1 2]), catch e, disp(e.message), end
disp(conv2([1 2; 3 4], [1 1; 1 1])), disp(conv2([1 2; 3 4], [1 1 1], 'same')), disp(size(conv2([1 2; 3 4], [1 1 1], 'valid')))
disp(conv2([1 2 3], [1; 2], magic(3))), disp(conv2([1 2 3], [1; 2], magic(4), 'same')), disp(filter2([1 1], magic(3)))
try, conv2(ones(2, 2, 2), 1), catch e, disp(e.message), end
try, conv2(1, 2, 'foo'), catch e, disp(e.message), end
disp(cov([1 2; 3 5; 4 4])), disp(cov(1:5)), disp(cov(1:5, 1)), disp(cov([1 2 3]', [3 2 1]'))
try, cov(1, 3), catch e, disp(e.message), end
disp(corr([1 2 3]', [2 4 7]')), disp(corr([1 2; 2 4; 3 7]))
[r, p] = corrcoef([1 2 3 4 5]', [1 3 2 4 6]')
disp(corrcoef([1 NaN 3 4], [2 4 1 3], 'rows', 'complete'))
try, corrcoef(1, 2, 'alpha', 2), catch e, disp(e.message), end
disp(quantile([1 2 3 4 10], [0.25 0.5 0.75])), disp(quantile((1:10)', [0.25; 0.75])), disp(quantile([1 2 3 4 10], 0.5, 2, 7))
disp(quantile([1 NaN 3 2], 0.5)), disp(prctile([1 2 3 4 10], [50 90])), disp(prctile(magic(4)))
disp(iqr([1 2 3 4 10])), disp(iqr(magic(4))), disp(iqr(magic(4), 'all')), disp(iqr(reshape(1:8, 2, 2, 2), [1 3]))
try, quantile((1:3)', 0.5, 1, 10), catch e, disp(e.message), end
disp(range([4 9 1 7])), disp(range(magic(3), 2)), disp(center([1 2 6])), disp(center(int8([1 2 6])))
[z, mu, sigma] = zscore([1 2 3; 2 4 9])
[s, l] = bounds([4 NaN 1 7]), disp(bounds([4 NaN 1 7], 'includenan'))
disp(skewness([1 2 3 10])), disp(skewness([1 2 3 10], 0)), disp(kurtosis([1 2 3 10])), disp(kurtosis([1:5 10], 0))
disp(rescale([2 4 6 10])), disp(rescale(1:4, 3, 9)), disp(rescale(0:6, 'inputmin', 1, 'inputmax', 5))
[n, idx] = histc([1 2 2 3 5 7], [0 2 4 6])
disp(histc([1 2; 3 4; 5 6], [0 3 6]))
disp(accumarray([1; 2; 4; 2], [10 20 30 40])), disp(accumarray([1 1; 2 1; 2 3; 2 1], 101:104))
disp(accumarray([1 1; 2 1; 2 3; 2 1; 2 3], 101:105, [2 4], @max, NaN))
c = accumarray([1; 2; 1], [5 6 7], [], @(v) {sort(v)'}); disp(c{1}), disp(class(c))
disp(accumarray([1; 3], 1, [4 1], @(v) numel(v) > 0))
try, accumarray(0, 1), catch e, disp(e.message), end
disp(movmean([4 8 6 -1 -2 -3], 3)), disp(movsum(1:5, [1 0])), disp(movmax([4 8 6 -1 -2 -3], 3))
disp(movmin([4 8 6 -1 -2 -3], 2)), disp(movmedian([4 8 6 -1 -2 -3], 3)), disp(movprod(1:5, 3))
disp(movstd([1 2 4 8], 3)), disp(movvar([1 2 4 8], 3, 1)), disp(movmean(magic(3), 2, 2))
disp(movmean(1:5, 3, 'Endpoints', 'discard')), disp(movmean(1:5, 3, 'Endpoints', 7))
disp(detrend([1 3 2 5])), disp(detrend([1 3 2 5], 0)), disp(abs(detrend((1:6).^2, 2)) < 1e-12)
try, detrend(1, 1.5), catch e, disp(e.message), end
"#;

const WANT: &str = r#"y =

   10 +  0i   -2 +  2i   -2 +  0i   -2 -  2i

single
   1   6
   1   2   3   4   5   6   7
   3   1
   7   1
   10   -2
   -4    0
   8   1   6
   3   5   7
   4   9   2
   4   5   6   0   1   2   3
   3   4   5   6   0   1   2
   2   1
   4   3
efgabcd
     0     3     4     5    -1     0   Inf     5
single
fft: number of points (N) must be greater than zero
fft: DIM must be a valid dimension along which to perform FFT
y =

   1.0000   2.0000   3.0000
   4.5000   6.0000   7.5000

zf =

   2.7500   4.0000   5.2500
   4.0000   5.0000   6.0000

y =

   2   4   4

zf =

   3
   3

   0.5000   0.7500   1.1250
  1  1  1
filter: the first element of A must be nonzero
filter: first dimension of SI must be of length max (length (a), length (b)) - 1
    1    3    2
    4   10    6
    3    7    4
   3   3
   7   7
   2   0
    8   17    8   12
   19   45   33   38
   34   90   78   68
   17   67   91   50
   12   51   60   12
    89    46    66    68
   169   105   137   134
   135   179   163    98
   119   146   134    76
    9    7    6
    8   12    7
   13   11    2
conv2: A and B must be 1-D vectors or 2-D matrices
conv2: SHAPE type not valid
   2.3333   1.8333
   1.8333   2.3333
2.5000
2
-1
cov: normalization OPT must be 0 or 1
0.9934
   1.0000   0.9934
   0.9934   1.0000
r =

   1.0000   0.9042
   0.9042   1.0000

p =

   1.000000   0.035082
   0.035082   1.000000

   1.0000   0.3273
   0.3273   1.0000
corrcoef: "alpha" must be a scalar between 0 and 1
   1.7500   3.0000   5.5000
   3
   8
3
2
    3   10
    4.0000    2.0000    3.0000    1.0000
    4.5000    4.5000    4.5000    4.5000
    7.0000    9.0000    8.0000   10.0000
   12.5000   12.5000   12.5000   12.5000
   16.0000   14.0000   15.0000   13.0000
3.7500
   8   8   8   8
8
   4   4
quantile: Unknown METHOD, '10'
8
   7
   4
   7
  -2  -1   3
  -2  -1   3
z =

  -0.7071  -0.7071  -0.7071
   0.7071   0.7071   0.7071

mu =

   1.5000   3.0000   6.0000

sigma =

   0.7071   1.4142   4.2426

s = 1
l = 7
NaN
1.0182
1.7636
2.2304
5.4377
        0   0.2500   0.5000   1.0000
   3   5   7   9
        0        0   0.2500   0.5000   0.7500   1.0000   1.0000
n =

   1   3   1   0

idx =

   1   2   2   2   3   0

   1   1
   2   1
   0   1
   10
   60
    0
   30
   101     0     0
   206     0   103
   101   NaN   NaN   NaN
   104   NaN   105   NaN
   5   7
cell
  1
  0
  1
  0
accumarray: indices must be positive integers
   6.0000   6.0000   4.3333   1.0000  -2.0000  -2.5000
   1   3   5   7   9
   8   8   8   6  -1  -2
   4   4   6  -1  -2  -3
   6.0000   6.0000   6.0000  -1.0000  -2.0000  -2.5000
    2    6   24   60   20
   0.7071   1.5275   3.0551   2.8284
   0.2500   1.5556   6.2222   4.0000
   8.0000   4.5000   3.5000
   3.0000   4.0000   6.0000
   4.0000   6.5000   5.5000
   2   3   4
   3.3333   2.0000   3.0000   4.0000   5.3333
  -0.1000   0.8000  -1.3000   0.6000
  -1.7500   0.2500  -0.7500   2.2500
  1  1  1  1  1  1
detrend: P must be "constant", "linear", or a positive integer
"#;

const MATLAB_CODE: &str = r#"disp(histcounts([1 2 2 3 5 7], [0 2 4 6 8]))
[n, e, b] = histcounts([1 2 2 3 5 7]); disp(n), disp(e), disp(b)
[n, e] = histcounts([0.1 0.25 0.3 0.9 1.7 2.2 2.4 2.5 3.1 3.3]); disp(n), disp(e)
disp(histcounts([1 2 2 3 5 7], 3)), disp(histcounts([1 2 2 3 5 7], 'BinWidth', 2)), disp(histcounts([1 2 2 3 5 7], [0 4 8], 'Normalization', 'probability'))
try, histcounts(1:3, 0), catch e, disp(e.message), end
disp(normalize([1 2 3; 4 6 11])), disp(normalize([1 2 3], 'range')), disp(normalize([1 2 3 4], 'norm', 1)), disp(normalize([2 4 6], 'center', 'median'))
[N, C, S] = normalize([1 2 3], 'scale', 'first'); disp(N), disp(C), disp(S)
disp(ifft([10, -2+2i, -2, -2-2i], 'symmetric')), disp(ifft([10, -2+2i, -2, 99], 'symmetric'))
disp(size(fft(ones(2, 2), 4, 3)))
disp(movsum([1 NaN 3 4], 3, 'omitnan')), disp(movmean(1:3, 5, 'Endpoints', 'fill')), disp(movmax(1:5, [0 1], 'Endpoints', 'discard'))
[s, l] = bounds([4 NaN 1 7]); disp([s l])
disp(cov([1 2; NaN 3; 3 5; 4 4], 'omitrows')), disp(skewness([1 2 NaN 3 10])), disp(kurtosis([1 2 3 10 NaN]'))
"#;

const MATLAB_WANT: &str = r#"   1   3   1   1
   1   2   1   0   1   0   1
   0.5000   1.5000   2.5000   3.5000   4.5000   5.5000   6.5000   7.5000
   1   2   2   3   5   7
   5   5
   0   2   4
   3   1   2
   1   3   1   1
   0.6667   0.3333
histcounts: NBINS must be a positive integer
  -0.7071  -0.7071  -0.7071
   0.7071   0.7071   0.7071
        0   0.5000   1.0000
   0.1000   0.2000   0.3000   0.4000
  -2   0   2
   1   2   3
0
1
   1   2   3   4
   1   2   3   4
   2   2   4
   1   4   7   7
   NaN   NaN   NaN
   2   3   4   5
   1   7
   2.3333   1.8333
   1.8333   2.3333
1.0182
2.2304
"#;
