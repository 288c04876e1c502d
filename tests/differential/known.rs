//! What the differential test (`tests/differential.rs`) found, statement by
//! statement, for the seed and generator in this commit. Changing either
//! changes the statements: run the test with FLATLAB_DIFFERENTIAL_LIST=1 to
//! print every mismatch as an entry, and sort them again into these lists.

/// Statements where flatlab differs from Octave 7 on purpose, following
/// MATLAB or being consistent where Octave is not: (statement, reason).
/// Recurring cases are rules in `tests/differential.rs` (DELIBERATE).
pub const DELIBERATE_ITEMS: &[(&str, &str)] = &[
    ("[r7, q7] = sort(([1 - 0.25, 0 -0.1, a', s(5)]));",
     "Octave truncates numbers concatenated with chars, yet rounds them in char() and in indexed assignment; flatlab rounds in all three, as char() does"),
    ("r290 = -[1 - 1e3, 'Q'; [4*1; 3. - 2]'; -1, 3-10];",
     "Octave's char is one byte: a negative number concatenated with chars wraps (-1 gives 255); flatlab gives 0"),
    ("r644 = numel(L(2):1e3) + 1.5e-1",
     "Octave refuses logical colon operands ('invalid types found in range expression'); MATLAB's colon takes them (logical is among its operand types)"),
    ("r713 = -a .* numel(~n:~z);",
     "Octave refuses logical colon operands ('invalid types found in range expression'); MATLAB's colon takes them (logical is among its operand types)"),
    ("r998 = ['z', 0.1*0.25; 4*12.75, 2.5; 100 - 1E2, 3];",
     "Octave truncates numbers concatenated with chars, yet rounds them in char() and in indexed assignment; flatlab rounds in all three, as char() does"),
    ("r1024 = [\"q r\" 0.5];",
     "Octave truncates numbers concatenated with chars, yet rounds them in char() and in indexed assignment; flatlab rounds in all three, as char() does"),
    ("x = [0.5 -0.125 0.1; 2.5*7 -10 .5; n 1-.5 100] ./ [12.75 'z' 0; 0:0.5:0.5 2 - 0.01; 7 - 1E2 3-2e-1 0.125-.5]; r1262 = x(end:-1:1);",
     "Octave truncates numbers concatenated with chars, yet rounds them in char() and in indexed assignment; flatlab rounds in all three, as char() does"),
    ("r1526 = (+[n pi 100;0 2.5 0.25 - 1;n s(end) 1])';",
     "Octave's char is one byte: a negative number concatenated with chars wraps (-1 gives 255); flatlab gives 0"),
    ("r1853 = min(b([1 end]), numel(false:100) ./ (a | a));",
     "Octave refuses logical colon operands ('invalid types found in range expression'); MATLAB's colon takes them (logical is among its operand types)"),
    ("r2303 = [2+42 'z' 2.5+1.5e-2]';",
     "Octave truncates numbers concatenated with chars, yet rounds them in char() and in indexed assignment; flatlab rounds in all three, as char() does"),
    ("r2657 = [\"ab\" 0.5];",
     "Octave truncates numbers concatenated with chars, yet rounds them in char() and in indexed assignment; flatlab rounds in all three, as char() does"),
    ("r2736 = numel(n ^ 2:(7 && 7));",
     "Octave refuses logical colon operands ('invalid types found in range expression'); MATLAB's colon takes them (logical is among its operand types)"),
];

/// Real flatlab bugs: (statement, difference, tag). The tag says whether a
/// fix is under way ("bug, issue 10, fixed on another branch": one of the
/// faults issue 10 lists, fixed by another engineer) or not ("bug, not yet
/// fixed"). Remove an entry when its fix lands: the test prints the entries
/// that agree with Octave again.
pub const KNOWN_BUGS: &[(&str, &str, &str)] = &[
    (
        "x = 'Q' <= 7; x(2, :) = 'q'; r1839 = x;",
        "indexed assignment into a logical array changes its class: r1839: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 10 || 0.25; x(end+1, :) = 'q'; r2122 = x;",
        "indexed assignment into a logical array changes its class: r2122: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = numel(n) ~= numel(z); x(2) = 'z'; r2801 = x;",
        "indexed assignment into a logical array changes its class: r2801: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "r916 = reshape(0:3, 2, 2) ^ .5;",
        "A^0.5 with a negative eigenvalue takes the other square root: imaginary parts of the opposite sign (Octave and MATLAB take the principal one): r916: imag value 1 is -0.6473068926495585 (Octave 0.6473068926495587); all: [-0.6473068926495585, 0.1817485031589516, 0.3634970063179031, -0.1020613831727038...",
        "bug, not yet fixed",
    ),
    (
        "x = s; x(2, 1) = NaN; r363 = x;",
        "NaN assigned into a char array: Octave refuses it ('invalid conversion from NaN to character'), flatlab stores char 0: Octave raised an error, flatlab gave char 2x5 [\"hello\", \"\\0\\0\\0\\0\\0\"]",
        "bug, not yet fixed",
    ),
    (
        "x = ('Q'); x(x == 0.01) = NaN; r1040 = x;",
        "NaN assigned into a char array: Octave refuses it ('invalid conversion from NaN to character'), flatlab stores char 0: Octave raised an error, flatlab gave char 1x1 [\"Q\"]",
        "bug, not yet fixed",
    ),
    (
        "x = [0+3., z.^1.25, 3+2] .^ [.5, 4-3, 2; 2, 1e3 -0.25; 10, n.', a']; x(1, 2) = NaN; r2664 = x;",
        "a complex power that overflows: Octave -Inf, flatlab NaN: r2664: value 5 is NaN (Octave -inf); all: [1.7320508075688772, 9.0, 59049.0, NaN, NaN, -0.018129572381716884, 25.0, 0.668740304976422, 125.0] (Octave [1.7320...",
        "bug, not yet fixed",
    ),
    (
        "x = z; x([1 end]) = []; r2443 = x;",
        "after deleting the complex elements, Octave narrows the all-real remainder to real; flatlab keeps it complex: r2443: complex=true (Octave complex=false)",
        "bug, not yet fixed",
    ),
    (
        "r4 = min(a + L(1:3), [], 2) / (numel(z:a));",
        "complex colon operands: MATLAB and Octave use the real parts: flatlab raised an error, Octave gave double 1x1 [1.5]",
        "bug, not yet fixed",
    ),
    (
        "r5 = numel(z:a);",
        "complex colon operands: MATLAB and Octave use the real parts: flatlab raised an error, Octave gave double 1x1 [2.0]",
        "bug, not yet fixed",
    ),
    (
        "r267 = numel(0.01:z) .^ z;",
        "complex colon operands: MATLAB and Octave use the real parts: flatlab raised an error, Octave gave double 1x1 real [-1.947977671863125] imag [-3.493620327099486]",
        "bug, not yet fixed",
    ),
    (
        "r298 = (numel(2e-1:z));",
        "complex colon operands: MATLAB and Octave use the real parts: flatlab raised an error, Octave gave double 1x1 [2.0]",
        "bug, not yet fixed",
    ),
    (
        "r419 = z .^ z | numel(z:0.5);",
        "complex colon operands: MATLAB and Octave use the real parts: flatlab raised an error, Octave gave logical 1x1 [1.0]",
        "bug, not yet fixed",
    ),
    (
        "x = [1.25+.5; 1.25; numel(0.5i:100)]; x(1, end+1) = 5; r424 = x;",
        "complex colon operands: MATLAB and Octave use the real parts: flatlab raised an error, Octave gave double 3x2 [1.75, 1.25, 101.0, 5.0, 0.0, 0.0]",
        "bug, not yet fixed",
    ),
    (
        "x = numel(z:0.125); r669 = x([end 1]);",
        "complex colon operands: MATLAB and Octave use the real parts: flatlab raised an error, Octave gave double 1x2 [0.0, 0.0]",
        "bug, not yet fixed",
    ),
    (
        "r863 = s(1) == numel(numel(L):z);",
        "complex colon operands: MATLAB and Octave use the real parts: flatlab raised an error, Octave gave logical 1x1 [0.0]",
        "bug, not yet fixed",
    ),
    (
        "r1669 = numel(0.125:z);",
        "complex colon operands: MATLAB and Octave use the real parts: flatlab raised an error, Octave gave double 1x1 [2.0]",
        "bug, not yet fixed",
    ),
    (
        "r1904 = [1 - 1, .5+0, 0;numel(c(3):z), 7-1.5e-2, 2.5+2e-1;0.5*4, pi, 0.01]';",
        "complex colon operands: MATLAB and Octave use the real parts: flatlab raised an error, Octave gave double 3x3 [0.0, 0.5, 0.0, 0.0, 6.985, 2.7, 2.0, 3.141592653589793, 0.01]",
        "bug, not yet fixed",
    ),
    (
        "x = numel(7:z); r2179 = x([end 1]);",
        "complex colon operands: MATLAB and Octave use the real parts: flatlab raised an error, Octave gave double 1x2 [0.0, 0.0]",
        "bug, not yet fixed",
    ),
    (
        "r2998 = numel(z:42);",
        "complex colon operands: MATLAB and Octave use the real parts: flatlab raised an error, Octave gave double 1x1 [41.0]",
        "bug, not yet fixed",
    ),
    (
        "r1009 = sort((b(b > 1)) / n ^ NaN);",
        "complex power with a zero or negative base: Octave gives NaN imaginary parts (0 .^ 1i is NaN+NaNi, (-2.5)^NaN is NaN+NaNi, 0 .^ -2.5 in a complex array is Inf-NaNi), flatlab real 0, NaN, or Inf+0i: r1009: complex=false (Octave complex=true)",
        "bug, not yet fixed",
    ),
    (
        "r2649 = (~c') .^ 1i;",
        "complex power with a zero or negative base: Octave gives NaN imaginary parts (0 .^ 1i is NaN+NaNi, (-2.5)^NaN is NaN+NaNi, 0 .^ -2.5 in a complex array is Inf-NaNi), flatlab real 0, NaN, or Inf+0i: r2649: complex=false (Octave complex=true)",
        "bug, not yet fixed",
    ),
    (
        "x = b .^ n; x(:, 2) = []; r2799 = x;",
        "complex power with a zero or negative base: Octave gives NaN imaginary parts (0 .^ 1i is NaN+NaNi, (-2.5)^NaN is NaN+NaNi, 0 .^ -2.5 in a complex array is Inf-NaNi), flatlab real 0, NaN, or Inf+0i: r2799: imag value 3 is 0 (Octave NaN); all: [0.0, 0.0, 0.0] (Octave [0.0, 0.0, NaN])",
        "bug, not yet fixed",
    ),
    (
        "[r1352, q1352] = find(cumprod([a ('0').']));",
        "cumprod of a char array: Octave refuses it, flatlab computes it: Octave raised an error, flatlab gave double 1x2 [1.0, 1.0]",
        "bug, not yet fixed",
    ),
    (
        "x = M(end, :); x(end, end) = []; r321 = x;",
        "deletion with two non-colon subscripts, x(i, j) = []: Octave (and MATLAB) refuse it ('a null assignment can only have one non-colon index'), flatlab deletes: Octave raised an error, flatlab gave double 1x2 [4.0, 5.0]",
        "bug, not yet fixed",
    ),
    (
        "x = 1.25.^-0; x(end, end) = []; r409 = x;",
        "deletion with two non-colon subscripts, x(i, j) = []: Octave (and MATLAB) refuse it ('a null assignment can only have one non-colon index'), flatlab deletes: Octave raised an error, flatlab gave double 0x1 []",
        "bug, not yet fixed",
    ),
    (
        "x = z \\ L; x(1, 2) = []; r1909 = x;",
        "deletion with two non-colon subscripts, x(i, j) = []: Octave (and MATLAB) refuse it ('a null assignment can only have one non-colon index'), flatlab deletes: Octave raised an error, flatlab gave double 1x2 real [0.15384615384615385, 0.15384615384615385] imag [0.23076923076923078, 0.23076923076923078]",
        "bug, not yet fixed",
    ),
    (
        "x = (c); x(2, 1) = []; r2667 = x;",
        "deletion with two non-colon subscripts, x(i, j) = []: Octave (and MATLAB) refuse it ('a null assignment can only have one non-colon index'), flatlab deletes: Octave raised an error, flatlab gave double 2x1 [1.0, 3.0]",
        "bug, not yet fixed",
    ),
    (
        "r1723 = median(s) * 1.5e-1",
        "median of a char array: Octave refuses it ('median: X must be a numeric vector or matrix'), flatlab computes it: Octave raised an error, flatlab gave double 1x1 [16.2]",
        "bug, not yet fixed",
    ),
    (
        "x = [median(s(1:5)); 42-1.5e-2] < [max(L); 0.5]; x(logical([1 0])) = -2.5; r2334 = x;",
        "median of a char array: Octave refuses it ('median: X must be a numeric vector or matrix'), flatlab computes it: Octave raised an error, flatlab gave double 2x1 [-2.5, 0.0]",
        "bug, not yet fixed",
    ),
    (
        "r2627 = ([z\\eps, -1.5e-2; a', -0.25; median(s(end-3:end)), a \\ numel(c)]);",
        "median of a char array: Octave refuses it ('median: X must be a numeric vector or matrix'), flatlab computes it: Octave raised an error, flatlab gave double 3x2 real [3.416070845000482e-17, 3.0, 108.0, -0.015, -0.25, 1.0] imag [5.124106267500723e-17, 0.0, 0.0, 0.0, 0.0,...",
        "bug, not yet fixed",
    ),
    (
        "r2731 = 12.75 .* ~a \\ norm(s);",
        "norm of a char array: Octave refuses it, flatlab computes it: Octave raised an error, flatlab gave double 1x1 [inf]",
        "bug, not yet fixed",
    ),
    (
        "x = rem(false, n); x([1 end]) = []; r2750 = x;",
        "rem(false, n): Octave refuses a logical argument, flatlab computes it: Octave raised an error, flatlab gave double 0x1 []",
        "bug, not yet fixed",
    ),
];
