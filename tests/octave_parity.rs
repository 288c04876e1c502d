//! Answers and error messages as GNU Octave 7 gives them, through every
//! door a user types through (`flatlab -c`, a script file, a pipe).
//!
//! Each table pairs MATLAB code with what Octave 7.3 prints for it (captured
//! with `octave-cli --eval`). `ERRORS` holds the message line of failing
//! code (stderr, after `error: `); `VALUES` code that leaves `x`, with the
//! class, complexity, size and values of `x` printed by `PROBE`. The
//! `octave_7_*` tests re-run the tables through octave-cli when it is
//! installed, so they cannot drift from what Octave says. `MATLAB_ONLY` and
//! `REFUSED` hold where flatlab follows MATLAB or refuses what it cannot do
//! yet, each with the reason.

mod common;
use common::{stderr, stdout, Sandbox};

/// Failing code and Octave 7.3's message for it.
const ERRORS: &[(&str, &str)] = &[
    ("temp = 1:200; temp(201)", "temp(201): out of bound 200 (dimensions are 1x200)"),
    ("temp = 1:200; temp(0)", "temp(0): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("temp = 1:200; y = temp(0)", "temp(0): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("x = 1:3; x(1.5)", "x(1.5): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("x = 1:3; x(-1)", "x(-1): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("x = 1:3; x(-1.5)", "x(-1.5): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("x = 1:3; x(2.0000001)", "x(2+1e-07): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("x = 1:3; x(123456.5)", "x(123456-0.5): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("x = 1:3; x(1.23456789)", "x(1.23457): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("x = 1:3; x(1e20)", "x(1e+20): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("x = 1:3; x(NaN)", "x(nan): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("x = 1:3; x(-Inf)", "x(-inf): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("x = 1:3; x(-1e-20)", "x(0): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("x = 1:3; x(2^63)", "x(9.22337e+18): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("x = 1:3; x(1e16)", "x(10000000000000000): out of bound 3 (dimensions are 1x3)"),
    ("x = 1:3; x([5 1 7 2])", "x(7): out of bound 3 (dimensions are 1x3)"),
    ("x = 1:3; x([1 0])", "x(0): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("x = 1:3; x([1.5 0])", "x(1.5): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("x = 1:3; x(true(1,4))", "x(4): out of bound 3 (dimensions are 1x3)"),
    ("x = 1:3; x('a')", "x(97): out of bound 3 (dimensions are 1x3)"),
    ("x = 1:3; x(1+2i)", "x(1+2i): subscripts must be real (forgot to initialize i or j?)"),
    ("x = 1:3; x(complex(2,0))", "x(2+0i): subscripts must be real (forgot to initialize i or j?)"),
    ("x = 1:3; x([1+2i 3])", "x(<complex matrix>): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("s.a = 1; x = 1:3; x(s)", "x(<scalar struct>): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("A = [1 2; 3 4]; A(3,1)", "A(3,_): out of bound 2 (dimensions are 2x2)"),
    ("A = [1 2; 3 4]; A(1,3)", "A(_,3): out of bound 2 (dimensions are 2x2)"),
    ("A = [1 2; 3 4]; A(0,1)", "A(0,_): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("A = [1 2; 3 4]; A(1,0)", "A(_,0): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("A = [1 2; 3 4]; A(1,1,2)", "A(_,_,2): out of bound 1 (dimensions are 2x2)"),
    ("A = [1 2; 3 4]; A(5)", "A(5): out of bound 4 (dimensions are 2x2)"),
    ("A = magic(3); A(4, 5)", "A(4,_): out of bound 3 (dimensions are 3x3)"),
    ("A = 1:3; A(1.5, 7)", "A(1.5,_): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("A = 1:3; A(7, 1.5)", "A(_,1.5): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("A = 1:3; A(1, [3 4 5])", "A(_,5): out of bound 3 (dimensions are 1x3)"),
    ("A = 1:3; A(:, 5)", "A(_,5): out of bound 3 (dimensions are 1x3)"),
    ("A = ones(2,3,4); A(1,13)", "A(_,13): out of bound 12 (dimensions are 2x3x4)"),
    ("A = ones(2,3,4); A(3,1)", "A(3,_): out of bound 2 (dimensions are 2x3x4)"),
    ("A = ones(2,2,2,2,2); A(1,1,1,1,7)", "A(...[x4]...7): out of bound 2 (dimensions are 2x2x2x2x2)"),
    ("A = ones(2,2,2,2,2); A(1,1,1,1,1,1,1,7)", "A(...[x7]...7): out of bound 1 (dimensions are 2x2x2x2x2)"),
    ("A = ones(2,2,2,2,2); A(1,1,1,1,1,0,1,1)", "A(...[x5]...0,_,_): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("A = ones(2,2,2,2,2); A(0,1,1,1,1)", "A(0,_,_,_,_): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("A = ones(2,2,2,2,2); A(0,1,1,1,1,1)", "A(0...[x5]...): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("x = 1:3; x(end+2)", "x(5): out of bound 3 (dimensions are 1x3)"),
    ("x = eye(3); x(end+1, 1)", "x(4,_): out of bound 3 (dimensions are 3x3)"),
    ("x = 1:3; y = x(4) + 1", "x(4): out of bound 3 (dimensions are 1x3)"),
    ("s.f = 1:3; s.f(5)", "s(5): out of bound 3 (dimensions are 1x3)"),
    ("s.f = 1:3; s.f(0)", "s(0): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("s.f = 1:3; s.f(1,5)", "s(_,5): out of bound 3 (dimensions are 1x3)"),
    ("s.a = 1; s(2)", "s(2): out of bound 1 (dimensions are 1x1)"),
    ("s.a = 1; s(1,2)", "s(_,2): out of bound 1 (dimensions are 1x1)"),
    ("s.a = 1; s(0)", "s(0): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("undefined_thing", "'undefined_thing' undefined near line 1, column 1"),
    ("undefined_thing(1)", "'undefined_thing' undefined near line 1, column 1"),
    ("x = undefined_thing + 1", "'undefined_thing' undefined near line 1, column 5"),
    ("x = 3; y = sin(undefined_thing)", "'undefined_thing' undefined near line 1, column 16"),
    ("x = 3; x(2,:) = undefined_fn(3)", "'undefined_fn' undefined near line 1, column 17"),
    ("[1 2; 3]", "vertical dimensions mismatch (1x2 vs 1x1)"),
    ("[[1;2] [1;2;3]]", "horizontal dimensions mismatch (2x1 vs 3x1)"),
    ("a = [1 2 3]; b = [4 5]; M = [a; b]", "vertical dimensions mismatch (1x3 vs 1x2)"),
    ("[1 2] + [1 2 3]", "operator +: nonconformant arguments (op1 is 1x2, op2 is 1x3)"),
    ("[1 2] .* [1 2 3]", "product: nonconformant arguments (op1 is 1x2, op2 is 1x3)"),
    ("[1 2] * [1 2 3]", "operator *: nonconformant arguments (op1 is 1x2, op2 is 1x3)"),
    (r#"A = [2 0; 0 4]; b = ones(3, 1); x = A \ b"#, r#"operator \: nonconformant arguments (op1 is 2x2, op2 is 3x1)"#),
    ("A = ones(2, 3); C = A^2", "for x^y, only square matrix arguments are permitted and one argument must be scalar.  Use .^ for elementwise power."),
    ("y = 2 ^ [1 2]", "for x^y, only square matrix arguments are permitted and one argument must be scalar.  Use .^ for elementwise power."),
    ("x = zeros(2); x(:,3) = [1 2 3]", "=: nonconformant arguments (op1 is 2x1, op2 is 1x3)"),
    ("x = zeros(2); x(1,:) = [1 2 3]", "=: nonconformant arguments (op1 is 1x2, op2 is 1x3)"),
    ("x = zeros(2); x([1 2 3]) = [1 2]", "=: nonconformant arguments (op1 is 3x1, op2 is 1x2)"),
    ("x = 1:5; x([1 2 3]) = [1 2]", "=: nonconformant arguments (op1 is 3x1, op2 is 1x2)"),
    ("x = 1:5; x(:) = [1 2]", "=: nonconformant arguments (op1 is 5x1, op2 is 1x2)"),
    ("x = 1:5; x(1:2) = ones(2,2)", "=: nonconformant arguments (op1 is 2x1, op2 is 2x2)"),
    ("x = 1:5; x(logical([1 0 1])) = [1 2 3]", "=: nonconformant arguments (op1 is 2x1, op2 is 1x3)"),
    ("x = zeros(2); x(1:2,1:2) = 1:4", "=: nonconformant arguments (op1 is 2x2, op2 is 1x4)"),
    ("x = 1:3; x(2,1) = [1 2]", "=: nonconformant arguments (op1 is 1x1, op2 is 1x2)"),
    ("x = zeros(2); x(0) = 1", "x(0): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("x = zeros(2); x(1.5) = 1", "x(1.5): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("x = 1:3; x(0,1) = 4", "x(0,_): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("x = 1:3; x(2,0) = 5", "x(_,0): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("x = 1:3; x(-1) = 5", "x(-1): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("x = 1:3; x(1+2i) = 1", "x(1+2i): subscripts must be real (forgot to initialize i or j?)"),
    ("s.f = 1:3; s.f(0) = 1", "s(0): subscripts must be either integers 1 to (2^63)-1 or logicals"),
    ("x = zeros(2); x(10) = 1", "Invalid resizing operation or ambiguous assignment to an out-of-bounds array element"),
    ("x = zeros(2,0); x(3) = 1", "Invalid resizing operation or ambiguous assignment to an out-of-bounds array element"),
    ("x = ones(2,2,2); x(1,5) = 1", "Invalid resizing operation or ambiguous assignment to an out-of-bounds array element"),
    ("x = ones(2,3,2); x([1 3],end) = [1;2]", "Invalid resizing operation or ambiguous assignment to an out-of-bounds array element"),
    ("x = zeros(2); x(1,1) = []", "a null assignment can only have one non-colon index"),
    ("A = magic(3); A(:, 1) = []; A(1, 1) = []", "a null assignment can only have one non-colon index"),
    ("x = zeros(2); x(7) = []", "A(I) = []: index out of bounds: value 7 out of bound 4"),
    ("x = 1:3; x(5) = []", "A(I) = []: index out of bounds: value 5 out of bound 3"),
    ("x = zeros(1,0); x(1) = []", "A(I) = []: index out of bounds: value 1 out of bound 0"),
    ("x = magic(3); x(:, 5) = []", "A(..,I,..) = []: index out of bounds: value 5 out of bound 3"),
    ("x = magic(3); x(4,:) = []", "A(..,I,..) = []: index out of bounds: value 4 out of bound 3"),
    ("s.f = magic(3); s.f(10) = []", "A(I) = []: index out of bounds: value 10 out of bound 9"),
    ("s.a = 1; s(2) = []", "A(I) = []: index out of bounds: value 2 out of bound 1"),
    ("x = 5; s.a = 1; x(1) = s", "operator =: no conversion for assignment of 'scalar struct' to indexed 'scalar'"),
    ("s.a = 1; t.b = 2; s(1) = t", "incompatible fields in struct assignment"),
    ("x = true(1,3); x(2) = NaN", "invalid conversion from NaN to logical"),
    ("x = 5; x(2).a = 1", "in indexed assignment of scalar, last rhs index must be ()"),
    ("x = 'abc'; x(2).a = 1", "in indexed assignment of sq_string, last lhs index must be ()"),
    ("x = [1 2]; x(1).a = 1", "in indexed assignment of matrix, last lhs index must be ()"),
    ("x = true; x(1).a = 1", "in indexed assignment of bool, last rhs index must be ()"),
    ("x = [1 2]; y = x(:, :, 2)", "x(_,_,2): out of bound 1 (dimensions are 1x2)"),
    ("x = 'abc'; x(2) = NaN", "invalid conversion from NaN to character"),
    ("x = 'Q'; x(false) = NaN", "invalid conversion from NaN to character"),
    ("s = 'hello'; s(2, 1) = NaN", "invalid conversion from NaN to character"),
    ("x = char([65 NaN])", "invalid conversion from NaN to character"),
    ("x = median('hello')", "median: X must be a numeric vector or matrix"),
    ("x = median(['ab'; 'cd'], 2)", "median: X must be a numeric vector or matrix"),
    ("x = cumsum('ab')", "cumsum: wrong type argument 'sq_string'"),
    ("x = cumprod('ab')", "invalid conversion from string to real N-D array"),
    ("x = norm('ab')", "xnorm: wrong type argument 'sq_string'"),
    ("x = norm('ab', 'fro')", "xfrobnorm: wrong type argument 'sq_string'"),
    ("x = norm([true false])", "xnorm: wrong type argument 'bool matrix'"),
    ("x = norm(true, 1)", "xnorm: wrong type argument 'bool'"),
];

/// Code and the warning Octave 7.3 prints for it (stderr, after `warning: `).
const WARNINGS: &[(&str, &str)] = &[
    (
        "x = 1:2i;",
        "imaginary part of complex colon arguments is ignored",
    ),
    (
        "x = (2-3i):0.5:4;",
        "imaginary part of complex colon arguments is ignored",
    ),
    (
        "x = colon(1, 2i);",
        "imaginary part of complex colon arguments is ignored",
    ),
    (
        "for k = 1i:2, end;",
        "imaginary part of complex colon arguments is ignored",
    ),
    ("x = [1 2]:3;", "colon arguments should be scalars"),
];

/// Code leaving `x`, and `PROBE`'s line for it in Octave 7.3.
const VALUES: &[(&str, &str)] = &[
    ("x = true(1,3); x(2) = 5;", "logical 0 [1 3] [1 1 1]"),
    ("x = true(1,3); x(2) = 0;", "logical 0 [1 3] [1 0 1]"),
    (
        "x = [true false true true]; x(x) = 0;",
        "logical 0 [1 4] [0 0 0 0]",
    ),
    ("x = true(2,2); x(:,1) = -0.4;", "logical 0 [2 2] [1 1;1 1]"),
    (
        "x = true(1,3); x(2) = 2+3i;",
        "double 1 [1 3] [1+0i 2+3i 1+0i]",
    ),
    (
        "x = true(1,3); x(2) = complex(7,0);",
        "double 0 [1 3] [1 7 1]",
    ),
    ("x = 'abc'; x(2) = 66.5;", "char 0 [1 3] [97 67 99]"),
    ("x = 'abc'; x(2) = 2.5;", "char 0 [1 3] [97 3 99]"),
    ("x = 'abc'; x(2) = -3;", "char 0 [1 3] [97 0 99]"),
    ("x = 'abc'; x(2) = true;", "char 0 [1 3] [97 1 99]"),
    (
        "x = 'abc'; x(2) = 2+3i;",
        "double 1 [1 3] [97+0i 2+3i 99+0i]",
    ),
    ("x = ''; x(2) = 65;", "char 0 [1 2] [0 65]"),
    ("x = [1 2 3]; x(2) = 'Z';", "double 0 [1 3] [1 90 3]"),
    ("x = [1 2 3]; x(2) = true;", "double 0 [1 3] [1 1 3]"),
    (
        "x = [1 2 3]; x(2) = 2+3i;",
        "double 1 [1 3] [1+0i 2+3i 3+0i]",
    ),
    (
        "x = [1 2 3]; x(2) = complex(7,0);",
        "double 0 [1 3] [1 7 3]",
    ),
    ("x = [1+2i 2 3]; x(1) = 5;", "double 0 [1 3] [5 2 3]"),
    ("x = []; x(2) = 'a';", "double 0 [1 2] [0 97]"),
    ("x = []; x(2) = true;", "double 0 [1 2] [0 1]"),
    ("clear x; x(2) = true;", "logical 0 [1 2] [0 1]"),
    ("clear x; x(2) = 'a';", "char 0 [1 2] [0 97]"),
    ("x = true(0,0); x(2) = 5;", "logical 0 [1 2] [0 1]"),
    ("x = zeros(1,0); x(2,:) = 5;", "double 0 [2 0] []"),
    ("x = zeros(0,3); x(:,5) = 1;", "double 0 [0 5] []"),
    ("x = zeros(0,3); x(:,:) = 5;", "double 0 [0 3] []"),
    (
        "x = zeros(0,3); x(2,:) = 1;",
        "double 0 [2 3] [0 0 0;1 1 1]",
    ),
    (
        "x = zeros(3,0); x(:,2) = 1;",
        "double 0 [3 2] [0 1;0 1;0 1]",
    ),
    ("x = zeros(0,0); x(:,3) = 1;", "double 0 [1 3] [0 0 1]"),
    ("x = []; x(:,1) = [1;2;3];", "double 0 [3 1] [1;2;3]"),
    ("x = []; x(2,:) = [1 2 3];", "double 0 [2 3] [0 0 0;1 2 3]"),
    ("x = zeros(0,1); x(3) = 1;", "double 0 [1 3] [0 0 1]"),
    ("x = zeros(1,0); x(3) = 1;", "double 0 [1 3] [0 0 1]"),
    ("x = zeros(0,3); x(3) = 1;", "double 0 [1 3] [0 0 1]"),
    ("x = 7; x(3) = 1;", "double 0 [1 3] [7 0 1]"),
    ("x = 7; x(1) = [];", "double 0 [1 0] []"),
    ("x = 1:3; x(:) = [];", "double 0 [0 0] []"),
    (
        "x = magic(3); x([]) = [];",
        "double 0 [3 3] [8 1 6;3 5 7;4 9 2]",
    ),
    ("x = (1:3)'; x(2) = [];", "double 0 [2 1] [1;3]"),
    ("x = true(2,2); x(1) = [];", "logical 0 [1 3] [1 1 1]"),
    ("x = 'hello'; x([1 3]) = [];", "char 0 [1 3] [101 108 111]"),
    ("x = zeros(0,3); x([],end+2) = [];", "double 0 [0 3] []"),
    ("x = 1:5; x = x(false);", "double 0 [0 0] []"),
    ("x = (1:5)'; x = x(false);", "double 0 [0 0] []"),
    ("x = [1+2i 3 4]; x(1) = [];", "double 0 [1 2] [3 4]"),
    (
        "x = ['ab';'cd']; x(1:2,[]) = zeros(1,0);",
        "char 0 [2 2] [97 98;99 100]",
    ),
    (
        "x = true(2,3); x(zeros(1,0),logical([1 0 1])) = zeros(1,0);",
        "logical 0 [2 3] [1 1 1;1 1 1]",
    ),
    (
        "x = ones(2,3,4); x(5) = [];",
        "double 0 [1 23] [1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1]",
    ),
    (
        "x = 'ab'; x(1) = 66.5; x = double(x);",
        "double 0 [1 2] [67 98]",
    ),
    ("x = double(char(66.5));", "double 0 [1 1] 67"),
    (
        "x = double(char([65.5 -1 66.4]));",
        "double 0 [1 3] [66 0 66]",
    ),
    (
        "x = 2 ^ [4 -1; 10 7]; x = round(x * 1e4) / 1e4;",
        "double 0 [2 2] [-38.724 -15.2206;152.2057 6.9377]",
    ),
    ("x = 2 ^ [1 2; 3 4]; x = iscomplex(x);", "logical 0 [1 1] 0"),
    ("x = 0 ^ [1 2; 3 4]; x = iscomplex(x);", "logical 0 [1 1] 1"),
    ("x = sqrt(complex(NaN, 0));", "double 1 [1 1] NaN+NaNi"),
    ("x = log(complex(NaN, 0));", "double 1 [1 1] NaN+NaNi"),
    ("x = conj(complex(2, 0));", "double 0 [1 1] 2"),
    ("x = sqrt(complex(4, 0));", "double 0 [1 1] 2"),
    ("x = zeros(2, 'like', true);", "logical 0 [2 2] [0 0;0 0]"),
    ("x = ones(2, 'logical');", "logical 0 [2 2] [1 1;1 1]"),
    ("x = eye(2, 'logical');", "logical 0 [2 2] [1 0;0 1]"),
    ("x = zeros(1, 2, 'double');", "double 0 [1 2] [0 0]"),
    ("x = true(1, 2, 'like', true);", "logical 0 [1 2] [1 1]"),
    ("x = sum(true(1, 3), 'native');", "logical 0 [1 1] 1"),
    (
        "x = cumsum(true(1, 3), 'native');",
        "logical 0 [1 3] [1 1 1]",
    ),
    (
        "x = prod([true true false], 'native');",
        "logical 0 [1 1] 0",
    ),
    // Colon operands: the real part of the first element; empty is empty.
    ("x = numel((2-3i):3);", "double 0 [1 1] 2"),
    ("x = 0.5i:3;", "double 0 [1 4] [0 1 2 3]"),
    ("x = colon(1i, 3);", "double 0 [1 4] [0 1 2 3]"),
    ("x = 0; for k = 1i:3, x = x + k; end;", "double 0 [1 1] 6"),
    ("x = 1:[];", "double 0 [1 0] []"),
    ("x = []:3;", "double 0 [1 0] []"),
    // Principal matrix square roots (a negative eigenvalue gives +i).
    (
        "x = reshape(0:3, 2, 2) ^ 0.5; x = round(x * 1e4) / 1e4;",
        "double 1 [2 2] [0.257+0.6473i 0.9154-0.3635i;0.4577-0.1817i 1.6302+0.1021i]",
    ),
    (
        "x = [1 2; 2 1] ^ 0.5; x = round(x * 1e4) / 1e4;",
        "double 1 [2 2] [0.866+0.5i 0.866-0.5i;0.866-0.5i 0.866+0.5i]",
    ),
    // Powers with C99's special values, chosen by operand types.
    ("x = 0 .^ 1i;", "double 1 [1 1] NaN+NaNi"),
    (
        "x = [0 -0] .^ (-0.5-1i);",
        "double 1 [1 2] [Inf+NaNi Inf+NaNi]",
    ),
    ("x = (-2.5) ^ NaN;", "double 1 [1 1] NaN+NaNi"),
    ("x = [-2.5 4] .^ Inf;", "double 1 [1 2] [NaN+NaNi Inf+0i]"),
    ("x = complex(0, 0) .^ -2.5;", "double 1 [1 1] Inf+NaNi"),
    ("x = complex(Inf, 0) .^ 2;", "double 1 [1 1] Inf+NaNi"),
    ("x = (2+3i) .^ 1000;", "double 1 [1 1] -Inf+NaNi"),
    (
        "x = [(2-3i)^1.25; 1] .^ [1000 2]; x = x(1);",
        "double 1 [1 1] -Inf+Infi",
    ),
    (
        "x = (-2.5) .^ complex(2, 0); x = x + [0 0];",
        "double 1 [1 2] [6.25-1.53080849893419e-15i 6.25-1.53080849893419e-15i]",
    ),
    ("x = [-2; 3] .^ [1 1e10];", "double 0 [2 2] [-2 Inf;3 Inf]"),
];

/// Prints the class, complexity, size and values of `x` on one line.
const PROBE: &str =
    " printf('%s %d %s %s\\n', class(x), iscomplex(x), mat2str(size(x)), mat2str(double(x)));";

/// Where Octave 7.3 differs from MATLAB and flatlab follows MATLAB: code,
/// `PROBE`'s line, and why.
const MATLAB_ONLY: &[(&str, &str, &str)] = &[
    (
        "x = max([1 NaN 3], [], 'omitnan');",
        "double 0 [1 1] 3",
        "Octave 7 has no NaN flags",
    ),
    (
        "x = max([1 NaN 3], [], 'includenan');",
        "double 0 [1 1] NaN",
        "Octave 7 has no NaN flags",
    ),
    (
        "x = max([1 NaN 3; 4 5 NaN], [], 2, 'omitnan');",
        "double 0 [2 1] [3;5]",
        "Octave 7 has no NaN flags",
    ),
    (
        "x = min([1 NaN 3; 4 5 NaN], [], 2, 'includenan');",
        "double 0 [2 1] [NaN;NaN]",
        "Octave 7 has no NaN flags",
    ),
    (
        "x = max([1 NaN], [0 0], 'includenan');",
        "double 0 [1 2] [1 NaN]",
        "Octave 7 has no NaN flags",
    ),
    (
        "x = min([4 NaN 3], [], 'all', 'includenan');",
        "double 0 [1 1] NaN",
        "Octave 7 has no NaN flags",
    ),
    (
        "x = median([1 NaN 3], 'omitnan');",
        "double 0 [1 1] 2",
        "Octave 7 has no NaN flags",
    ),
    (
        "x = median([1 NaN 3; 4 5 NaN], 2, 'omitnan');",
        "double 0 [2 1] [2;4.5]",
        "Octave 7 has no NaN flags",
    ),
    (
        "x = std([1 NaN 3 5], 'omitnan');",
        "double 0 [1 1] 2",
        "Octave 7 has no NaN flags",
    ),
    (
        "x = var([1 NaN 3 5], 0, 'omitnan');",
        "double 0 [1 1] 4",
        "Octave 7 has no NaN flags",
    ),
    (
        "x = var([1 NaN 3 5], [1 1 2 2], 'omitnan');",
        "double 0 [1 1] 2.24",
        "Octave 7 has no NaN flags",
    ),
    (
        "x = sum([1 NaN 3], 'omitnan');",
        "double 0 [1 1] 4",
        "Octave 7 has no NaN flags",
    ),
    (
        "x = mean([1 NaN 3], 'all', 'omitnan');",
        "double 0 [1 1] 2",
        "Octave 7 has no NaN flags",
    ),
    (
        "x = cumsum([NaN 1 NaN 3], 'omitnan');",
        "double 0 [1 4] [0 1 1 4]",
        "Octave 7 has no NaN flags",
    ),
    (
        "x = cumprod([NaN 2 NaN 3], 'omitnan');",
        "double 0 [1 4] [1 2 2 6]",
        "Octave 7 has no NaN flags",
    ),
    (
        "x = cummax([3 NaN 1 5], 'includenan');",
        "double 0 [1 4] [3 NaN NaN NaN]",
        "Octave 7 has no NaN flags",
    ),
    (
        "x = magic(3); x([1 5]) = [];",
        "double 0 [1 7] [3 4 1 9 6 7 2]",
        "MATLAB documents a row; Octave 7 gives a column for scattered indices",
    ),
    (
        "x = magic(3); x(x > 5) = [];",
        "double 0 [1 5] [3 4 1 5 2]",
        "MATLAB documents a row; Octave 7 gives a column for scattered indices",
    ),
    (
        "x = 1:6; x(1, 3) = [];",
        "double 0 [1 5] [1 2 4 5 6]",
        "MATLAB takes a subscript that covers its dimension as a colon; Octave 7 \
         wants a literal colon (a null assignment can only have one non-colon index)",
    ),
    (
        "x = (1:3)'; x(2, 1) = [];",
        "double 0 [2 1] [1;3]",
        "MATLAB takes a subscript that covers its dimension as a colon; Octave 7 \
         wants a literal colon (a null assignment can only have one non-colon index)",
    ),
    (
        "x = rem(true, 2);",
        "double 0 [1 1] 1",
        "MATLAB documents logical and char among rem's and mod's data types; Octave 7 \
         refuses them",
    ),
    (
        "x = mod('a', 2);",
        "double 0 [1 1] 1",
        "MATLAB documents logical and char among rem's and mod's data types; Octave 7 \
         refuses them",
    ),
];

/// Code flatlab refuses (a class it does not have yet),
/// and its message: never a silently different value.
const REFUSED: &[(&str, &str)] = &[
    ("x = zeros(2, 'like', 'a')", "invalid data type specified"),
    ("x = zeros(2, 'foo')", "invalid data type specified"),
    ("x = pi(2, 'logical')", "pi: invalid class name"),
    (
        "x = Inf(1, 'like', true)",
        "Inf: input followed by 'like' must be floating point",
    ),
    // Octave converts a char into a scalar logical, refuses it into a
    // logical array; MATLAB refuses both.
    (
        "x = true; x(2) = 'z'",
        "Conversion to logical from char is not possible.",
    ),
    // Octave prints `x0: ...` here, dropping the parentheses of its own form.
    (
        "x = 1:3; x(0) = []",
        "x(0): subscripts must be either integers 1 to (2^63)-1 or logicals",
    ),
];

/// What one door gave for one piece of code.
struct Run {
    door: &'static str,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The first `error: ` line of stderr, without the prefix.
    fn message(&self) -> Option<&str> {
        self.stderr.lines().find_map(|l| l.strip_prefix("error: "))
    }
}

/// Runs `code` through `flatlab -c`, as a script file and through a pipe,
/// each in a fresh workspace.
fn doors(code: &str) -> Vec<Run> {
    let run = |door, o: std::process::Output| Run {
        door,
        stdout: stdout(&o),
        stderr: stderr(&o),
    };
    let c = Sandbox::new("parity-c");
    let script = Sandbox::new("parity-script");
    script.write("case_code.m", &format!("{code}\n"));
    let pipe = Sandbox::new("parity-pipe");
    vec![
        run("-c", c.code(code)),
        run("script", script.run(&["case_code.m"])),
        run("pipe", pipe.pipe(&[], &format!("{code}\n"))),
    ]
}

/// `doors` for every code, a few at a time (each start commits a new
/// workspace, so the wait is mostly the disk's).
fn doors_all(codes: &[String]) -> Vec<Vec<Run>> {
    let threads = 6;
    let chunk = codes.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = codes
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(|c| doors(c)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("door thread"))
            .collect()
    })
}

/// Checks that every door gave `want` (by `got`) for every code; reports all
/// mismatches at once.
fn check_all(cases: &[(String, String)], got: impl Fn(&Run) -> Option<String>) {
    let codes: Vec<String> = cases.iter().map(|(c, _)| c.clone()).collect();
    let mut bad = Vec::new();
    for ((code, want), runs) in cases.iter().zip(doors_all(&codes)) {
        for r in runs {
            let g = got(&r);
            if g.as_deref() != Some(want.as_str()) {
                bad.push(format!(
                    "{code}\n  via {}: got {g:?}\n  want {want:?}\n  stderr: {}",
                    r.door, r.stderr
                ));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

fn owned(cases: &[(&str, &str)]) -> Vec<(String, String)> {
    cases
        .iter()
        .map(|(c, w)| (c.to_string(), w.to_string()))
        .collect()
}

fn with_probe(cases: &[(&str, &str)]) -> Vec<(String, String)> {
    cases
        .iter()
        .map(|(c, w)| (format!("{c}{PROBE}"), w.to_string()))
        .collect()
}

#[test]
fn index_and_dimension_errors_read_as_octave_7_prints_them() {
    check_all(&owned(ERRORS), |r| r.message().map(str::to_string));
}

#[test]
fn indexed_assignment_classes_growth_deletion_and_numerics_match_octave_7() {
    check_all(&with_probe(VALUES), |r| {
        Some(r.stdout.trim_end().to_string())
    });
}

#[test]
fn complex_and_nonscalar_colon_operands_warn_as_octave_7_does() {
    check_all(&owned(WARNINGS), |r| {
        r.stderr
            .lines()
            .find_map(|l| l.strip_prefix("warning: "))
            .map(str::to_string)
    });
}

#[test]
fn nan_flags_and_matrix_deletion_follow_matlab() {
    let cases: Vec<(&str, &str)> = MATLAB_ONLY.iter().map(|(c, w, _)| (*c, *w)).collect();
    check_all(&with_probe(&cases), |r| {
        Some(r.stdout.trim_end().to_string())
    });
}

#[test]
fn classes_flatlab_lacks_are_refused_by_name() {
    check_all(&owned(REFUSED), |r| r.message().map(str::to_string));
}

#[test]
fn an_index_error_points_at_the_subscript_like_any_other() {
    // The caret used to be missing under a one-character subscript.
    for code in ["temp = 1:200; temp(0)", "temp = 1:200; temp(201)"] {
        let o = Sandbox::new("parity-caret").code(code);
        let err = stderr(&o);
        let caret: Vec<&str> = err.lines().skip(1).collect();
        assert_eq!(
            caret.first(),
            Some(&format!("    {code}").as_str()),
            "{code}"
        );
        assert!(
            caret.get(1).is_some_and(|l| l.trim() == "^"),
            "{code}: {caret:?}"
        );
    }
}

#[test]
fn conformance_error_cases_print_octaves_message() {
    // The kit's expected files keep the message Octave raised; a script
    // run and `-c` of the same text must print it.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance");
    let dir = root.join("expected/errors");
    let files = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("no conformance kit at {}: {e}", dir.display()));
    let mut checked = 0;
    for f in files.flatten() {
        let text = std::fs::read_to_string(f.path()).expect("read expected file");
        let json: serde_json::Value = serde_json::from_str(&text).expect("expected file is JSON");
        let Some(want) = json.get("error").and_then(|e| e.as_str()) else {
            continue;
        };
        let case = root
            .join("cases/errors")
            .join(f.path().with_extension("m").file_name().expect("file name"));
        let code = std::fs::read_to_string(&case).expect("read case");
        let sb = Sandbox::new("parity-kit");
        sb.write("kit_case.m", &code);
        for (door, o) in [("script", sb.run(&["kit_case.m"])), ("-c", sb.code(&code))] {
            let err = stderr(&o);
            let got = err.lines().find_map(|l| l.strip_prefix("error: "));
            assert_eq!(got, Some(want), "{} via {door}", case.display());
        }
        checked += 1;
    }
    assert!(
        checked >= 10,
        "only {checked} error cases found in {}",
        dir.display()
    );
}

/// Runs every code in one octave-cli process (`eval` inside `try`, so each
/// failure is caught) and returns one output line per code: the caught
/// message, or what the code printed.
fn octave_lines(codes: &[String]) -> Option<Vec<String>> {
    if !common::tool_available(
        "octave-cli",
        &["--version"],
        common::interop_required(),
        "checking the Octave tables against octave-cli",
    ) {
        return None;
    }
    let sb = Sandbox::new("parity-octave");
    let body: String = codes
        .iter()
        .map(|c| {
            format!(
                "clear all; try, eval('{}'); catch err, disp(err.message); end\n",
                c.replace('\'', "''")
            )
        })
        .collect();
    let file = sb.write("octave_batch.m", &body);
    let o = std::process::Command::new("octave-cli")
        .args(["--no-gui", "--quiet", "--norc"])
        .arg(&file)
        .current_dir(&sb.cwd)
        .output()
        .expect("run octave-cli");
    Some(stdout(&o).lines().map(str::to_string).collect())
}

#[test]
fn octave_7_still_prints_the_tabled_messages_and_values() {
    let mut cases = owned(ERRORS);
    cases.extend(with_probe(VALUES));
    // A warning's text is `lastwarn` after the code.
    cases.extend(
        WARNINGS
            .iter()
            .map(|(c, w)| (format!("lastwarn(''); {c} disp(lastwarn())"), w.to_string())),
    );
    let codes: Vec<String> = cases.iter().map(|(c, _)| c.clone()).collect();
    let Some(lines) = octave_lines(&codes) else {
        return;
    };
    assert_eq!(
        lines.len(),
        cases.len(),
        "octave-cli output:\n{}",
        lines.join("\n")
    );
    for ((code, want), got) in cases.iter().zip(&lines) {
        assert_eq!(got, want, "octave-cli on {code}");
    }
}
