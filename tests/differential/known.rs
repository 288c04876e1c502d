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
        "x = L; x(2) = NaN; r65 = x;",
        "assignment into a logical array of NaN or a char (Octave, MATLAB: error): Octave raised an error, flatlab gave double 1x3 [1.0, NaN, 1.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = L; x(:, 5) = 'q'; r86 = x;",
        "assignment into a logical array of NaN or a char (Octave, MATLAB: error): Octave raised an error, flatlab gave double 1x5 [1.0, 0.0, 1.0, 0.0, 113.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 3 & z; x(x ~= 12.75) = NaN; r98 = x;",
        "assignment into a logical array of NaN or a char (Octave, MATLAB: error): Octave raised an error, flatlab gave double 1x1 [NaN]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = reshape(0:4, 1, 5) <= 0; x(:, 5) = 'q'; r702 = x;",
        "assignment into a logical array of NaN or a char (Octave, MATLAB: error): Octave raised an error, flatlab gave double 1x5 [1.0, 0.0, 0.0, 0.0, 113.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = L; x(:, 1) = NaN; r725 = x;",
        "assignment into a logical array of NaN or a char (Octave, MATLAB: error): Octave raised an error, flatlab gave double 1x3 [NaN, 0.0, 1.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = L(2:end)'; x(2) = NaN; r851 = x;",
        "assignment into a logical array of NaN or a char (Octave, MATLAB: error): Octave raised an error, flatlab gave double 2x1 [0.0, NaN]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = true(1, 3); x(end+1, :) = 'q'; r1003 = x;",
        "assignment into a logical array of NaN or a char (Octave, MATLAB: error): Octave raised an error, flatlab gave double 2x3 [1.0, 113.0, 1.0, 113.0, 1.0, 113.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = [true 0.1] < [0.125-100, 2e-1*2]; x(end) = 'z'; r1173 = x;",
        "assignment into a logical array of NaN or a char (Octave, MATLAB: error): Octave raised an error, flatlab gave double 1x2 [0.0, 122.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = [2.5+1E2 3 - 1; 1*10 3.; true 1e3-0.01] | 2; x(3, 4) = 'q'; r1255 = x;",
        "assignment into a logical array of NaN or a char (Octave, MATLAB: error): Octave raised an error, flatlab gave double 3x4 [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 113.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = true(1, 3); x(end) = 'z'; r1530 = x;",
        "assignment into a logical array of NaN or a char (Octave, MATLAB: error): Octave raised an error, flatlab gave double 1x3 [1.0, 1.0, 122.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = ~[2e-1+0.5 3 1.25*0.25; pi 0.125-10 -1E2; 0.01 - 1.25 2e-1 42 ^ a]; x(x > 1) = NaN; r1590 = x;",
        "assignment into a logical array of NaN or a char (Octave, MATLAB: error): Octave raised an error, flatlab gave double 3x3 [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = ~[-1E2 1.5e-2*1.5e-2 2+10]; x(x > 0.1) = NaN; r1749 = x;",
        "assignment into a logical array of NaN or a char (Octave, MATLAB: error): Octave raised an error, flatlab gave double 1x3 [0.0, 0.0, 0.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = (L); x(x > 42) = NaN; r1762 = x;",
        "assignment into a logical array of NaN or a char (Octave, MATLAB: error): Octave raised an error, flatlab gave double 1x3 [1.0, 0.0, 1.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = true(2, 3); x(1, :) = NaN; r1777 = x;",
        "assignment into a logical array of NaN or a char (Octave, MATLAB: error): Octave raised an error, flatlab gave double 2x3 [NaN, 1.0, NaN, 1.0, NaN, 1.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = L; x(2, 1) = NaN; r1883 = x;",
        "assignment into a logical array of NaN or a char (Octave, MATLAB: error): Octave raised an error, flatlab gave double 2x3 [1.0, NaN, 0.0, 0.0, 1.0, 0.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = S(2, end) || c(1.5); x(x == 1) = NaN; r2088 = x;",
        "assignment into a logical array of NaN or a char (Octave, MATLAB: error): Octave raised an error, flatlab gave double 1x1 [NaN]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = L; x(1, 2) = 'z'; r2249 = x;",
        "assignment into a logical array of NaN or a char (Octave, MATLAB: error): Octave raised an error, flatlab gave double 1x3 [1.0, 122.0, 1.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 4 ~= false; x(end) = NaN; r2306 = x;",
        "assignment into a logical array of NaN or a char (Octave, MATLAB: error): Octave raised an error, flatlab gave double 1x1 [NaN]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = [repmat(.5, 2, 1)' true] == L; x(2, :) = 'q'; r2658 = x;",
        "assignment into a logical array of NaN or a char (Octave, MATLAB: error): Octave raised an error, flatlab gave double 2x3 [0.0, 113.0, 0.0, 113.0, 1.0, 113.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 'ab'; x(end) = 66.5; r647 = x;",
        "char conversion in indexed assignment truncates (Octave rounds): r647: text [\"aB\"] (Octave [\"aC\"])",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 'ab'; x(:, 1) = 66.5; r1113 = x;",
        "char conversion in indexed assignment truncates (Octave rounds): r1113: text [\"Bb\"] (Octave [\"Cb\"])",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = s; x(end+1, :) = 0.5; r1461 = x;",
        "char conversion in indexed assignment truncates (Octave rounds): r1461: text [\"hello\", \"\\0\\0\\0\\0\\0\"] (Octave [\"hello\", \"\\u{1}\\u{1}\\u{1}\\u{1}\\u{1}\"])",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = '0'; x(end+1, :) = 0.5; r1949 = x;",
        "char conversion in indexed assignment truncates (Octave rounds): r1949: text [\"0\", \"\\0\"] (Octave [\"0\", \"\\u{1}\"])",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = [1e3+100 -1 0.1 2e-1./S(end/2)] * [1.25.';12.75;-1e3;-0.01]; x(end) = []; r67 = x;",
        "deleting the only element leaves 0x1 (MATLAB, Octave: 1x0): r67: size [0, 1] (Octave [1, 0])",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 100 .* z; x(1) = []; r69 = x;",
        "deleting the only element leaves 0x1 (MATLAB, Octave: 1x0): r69: size [0, 1] (Octave [1, 0])",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 7; x(x > 2) = []; r461 = x;",
        "deleting the only element leaves 0x1 (MATLAB, Octave: 1x0): r461: size [0, 1] (Octave [1, 0])",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = n; x(end) = []; r596 = x;",
        "deleting the only element leaves 0x1 (MATLAB, Octave: 1x0): r596: size [0, 1] (Octave [1, 0])",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = ('z'); x(1) = []; r876 = x;",
        "deleting the only element leaves 0x1 (MATLAB, Octave: 1x0): r876: size [0, 1] (Octave [1, 0])",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = (z); x(1) = []; r899 = x;",
        "deleting the only element leaves 0x1 (MATLAB, Octave: 1x0): r899: size [0, 1] (Octave [1, 0])",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 100 ./ 42; x(end) = []; r909 = x;",
        "deleting the only element leaves 0x1 (MATLAB, Octave: 1x0): r909: size [0, 1] (Octave [1, 0])",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 2e-1; x(end) = []; r936 = x;",
        "deleting the only element leaves 0x1 (MATLAB, Octave: 1x0): r936: size [0, 1] (Octave [1, 0])",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = pi .* a; x(end) = []; r1631 = x;",
        "deleting the only element leaves 0x1 (MATLAB, Octave: 1x0): r1631: size [0, 1] (Octave [1, 0])",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 'Q'; x(end) = []; r1639 = x;",
        "deleting the only element leaves 0x1 (MATLAB, Octave: 1x0): r1639: size [0, 1] (Octave [1, 0])",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 42; x(1) = []; r1936 = x;",
        "deleting the only element leaves 0x1 (MATLAB, Octave: 1x0): r1936: size [0, 1] (Octave [1, 0])",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = .5 ./ z; x(1) = []; r2052 = x;",
        "deleting the only element leaves 0x1 (MATLAB, Octave: 1x0): r2052: size [0, 1] (Octave [1, 0])",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 0.25; x(1) = []; r2063 = x;",
        "deleting the only element leaves 0x1 (MATLAB, Octave: 1x0): r2063: size [0, 1] (Octave [1, 0])",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = a .^ n; x(end) = []; r2099 = x;",
        "deleting the only element leaves 0x1 (MATLAB, Octave: 1x0): r2099: size [0, 1] (Octave [1, 0])",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = z .^ c(1*end); x(end) = []; r2450 = x;",
        "deleting the only element leaves 0x1 (MATLAB, Octave: 1x0): r2450: size [0, 1] (Octave [1, 0])",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = numel(L(1:3)); x(end) = []; r2471 = x;",
        "deleting the only element leaves 0x1 (MATLAB, Octave: 1x0): r2471: size [0, 1] (Octave [1, 0])",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 7\\n; x(1) = []; r2744 = x;",
        "deleting the only element leaves 0x1 (MATLAB, Octave: 1x0): r2744: size [0, 1] (Octave [1, 0])",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = a; x(1) = []; r2769 = x;",
        "deleting the only element leaves 0x1 (MATLAB, Octave: 1x0): r2769: size [0, 1] (Octave [1, 0])",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 'a' ./ false; x(1) = []; r2948 = x;",
        "deleting the only element leaves 0x1 (MATLAB, Octave: 1x0): r2948: size [0, 1] (Octave [1, 0])",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = sum([-0.1 -4 0.5 [10 - 0.25; 12.75*.5]'; n.' 0.01*1 -3 1 1; 0.125 -1E2 10-10 1.5e-2 - 12.75 7], 1); r41 = eval('x((end))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [14.375]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = c; r275 = eval('x(abs(end))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [3.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 1.'; r304 = eval('x(min(end, 3))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [1.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = ([2:-1:1 (1:2) + 3 1*3]); r365 = eval('x(abs(end))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [3.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 1:5; r381 = eval('x(abs(end))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [5.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = a; r493 = eval('x(abs(end))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [3.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = [42, 12.75; -1e3, 7; 0.125*42, 4].^a; r550 = eval('x(min(end, 3))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [144.703125]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 1e3-numel(n); r584 = eval('x(abs(end))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [999.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = ones(1, 3) == L; r624 = eval('x((end))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave logical 1x1 [1.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = L ./ L; r751 = eval('x((end))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [1.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = L; r849 = eval('x((end))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave logical 1x1 [1.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = [n 1*10]'; r881 = eval('x(min(end, 3))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [10.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = [7+2 7+1.5e-2 -1; -0 0-4 2e-1*42; 1 - 1 2e-1-3 10*1]; r957 = eval('x(min(end, 3))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [0.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = c; r1023 = eval('x(abs(end))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [3.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = reshape(0:3, 2, 2); r1096 = eval('x(min(end, 3))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [2.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = a - NaN; r1140 = eval('x(min(end, 3))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [NaN]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = [0.5 +1 2] .* L; r1154 = eval('x((end))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [2.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 1:5; r1251 = eval('x((end))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [5.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 2.5; r1413 = eval('x(min(end, 3))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [2.5]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = abs(reshape(0:8, 3, 3)); r1581 = eval('x(abs(end))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [8.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = a; r1635 = eval('x(min(end, 3))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [3.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = n < 0.1; r1857 = eval('x(min(end, 3))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave logical 1x1 [1.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = reshape(1:5, 5, 1)'; r1888 = eval('x(min(end, 3))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [3.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = false(2, 2); r1944 = eval('x(min(end, 3))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave logical 1x1 [0.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = reshape(0:3, 2, 2); r1978 = eval('x(min(end, 3))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [2.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = c; r1993 = eval('x(abs(end))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [3.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = n; r2000 = eval('x((end))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [-2.5]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 0.01.*7; r2028 = eval('x(abs(end))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [0.07]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = b; r2143 = eval('x(min(end, 3))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [2.5]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = ['0' / n, sum(L), 0; 4+1, 1:2; 0.01, 0.25 -2e-1]; r2445 = eval('x(abs(end))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [-0.2]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = true(1, 3); r2446 = eval('x(min(end, 3))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave logical 1x1 [1.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 3.\\reshape(0:4, 1, 5); r2504 = eval('x((end))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [1.3333333333333333]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 'z'; r2671 = eval('x(min(end, 3))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave char 1x1 [\"z\"]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = [n.';-0.01;-7]; r2747 = eval('x(abs(end))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [-7.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = n * [2:-1:1; n.', 0.5*42; n.', 3.+.5]; r2860 = eval('x(abs(end))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [-8.75]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = [1*7 1]; r2933 = eval('x(min(end, 3))');",
        "end inside a call or parentheses within an index: flatlab raised an error, Octave gave double 1x1 [1.0]",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = zeros(0, 3); x(:, 1) = 5; r2571 = x;",
        "growth along a zero-length dimension: x = zeros(0, 3); x(:, 1) = 5 gives 1x3 (Octave 0x3): r2571: size [1, 3] (Octave [0, 3])",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = L; x(:) = 5; r111 = x;",
        "indexed assignment into a logical array changes its class: r111: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = n && a; x(1) = 66.5; r158 = x;",
        "indexed assignment into a logical array changes its class: r158: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 'Q' == 10; x([1 2]) = 5; r170 = x;",
        "indexed assignment into a logical array changes its class: r170: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = L; x(2, :) = 5; r355 = x;",
        "indexed assignment into a logical array changes its class: r355: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = ~a; x(1, 2) = 0; r479 = x;",
        "indexed assignment into a logical array changes its class: r479: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = any([b(b > 2.5)']); x(end+1) = 5; r594 = x;",
        "indexed assignment into a logical array changes its class: r594: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 1e3 || z; x(x == 0) = -1; r606 = x;",
        "indexed assignment into a logical array changes its class: r606: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = (L); x(1, 2) = 5; r627 = x;",
        "indexed assignment into a logical array changes its class: r627: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = L; x(1, :) = 0; r879 = x;",
        "indexed assignment into a logical array changes its class: r879: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = [4 +1 1e3 2:-1:1] >= 4; x(1, end+1) = -1; r905 = x;",
        "indexed assignment into a logical array changes its class: r905: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = false(3, 3); x(x == 1) = -1; r994 = x;",
        "indexed assignment into a logical array changes its class: r994: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = L; x(:, end+1) = -1; r1032 = x;",
        "indexed assignment into a logical array changes its class: r1032: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = [1.25 - 0; 1] > Inf; x(x ~= 10) = 0; r1227 = x;",
        "indexed assignment into a logical array changes its class: r1227: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = true(1, 3); x([1 2]) = [1 2]; r1231 = x;",
        "indexed assignment into a logical array changes its class: r1231: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 0.5i | 42; x(2) = 66.5; r1258 = x;",
        "indexed assignment into a logical array changes its class: r1258: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = true(1, 3); x(1, end+1) = 5; r1324 = x;",
        "indexed assignment into a logical array changes its class: r1324: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = L; x(end) = -2.5; r1385 = x;",
        "indexed assignment into a logical array changes its class: r1385: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = ~2.5; x(x < 12.75) = -1; r1520 = x;",
        "indexed assignment into a logical array changes its class: r1520: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = L; x(x == 0.01) = -1; r1593 = x;",
        "indexed assignment into a logical array changes its class: r1593: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = L; x([1 2]) = [1 2]; r1790 = x;",
        "indexed assignment into a logical array changes its class: r1790: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 'Q' <= 7; x(2, :) = 'q'; r1839 = x;",
        "indexed assignment into a logical array changes its class: r1839: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = [2e-1; 2-0.01] == 0.5i; x(1, 2) = -2.5; r2032 = x;",
        "indexed assignment into a logical array changes its class: r2032: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 10 || 0.25; x(end+1, :) = 'q'; r2122 = x;",
        "indexed assignment into a logical array changes its class: r2122: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 1 ~= Inf; x(x < 4) = 0; r2124 = x;",
        "indexed assignment into a logical array changes its class: r2124: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = any([4, 0 - 10]); x(end+1) = -1; r2298 = x;",
        "indexed assignment into a logical array changes its class: r2298: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = true(1, 3); x(x ~= 3) = -1; r2533 = x;",
        "indexed assignment into a logical array changes its class: r2533: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = L; x(end+1) = 5; r2696 = x;",
        "indexed assignment into a logical array changes its class: r2696: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = true(1, 3); x(2, :) = -1; r2718 = x;",
        "indexed assignment into a logical array changes its class: r2718: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = numel(c) >= a; x(end+2) = 5; r2780 = x;",
        "indexed assignment into a logical array changes its class: r2780: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = numel(n) ~= numel(z); x(2) = 'z'; r2801 = x;",
        "indexed assignment into a logical array changes its class: r2801: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = 4 == a; x(x == 10) = -1; r2917 = x;",
        "indexed assignment into a logical array changes its class: r2917: class double (Octave logical)",
        "bug, issue 10, fixed on another branch",
    ),
    (
        "x = true(1, 3); x(3, 4) = 5; r2935 = x;",
        "indexed assignment into a logical array changes its class: r2935: class double (Octave logical)",
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
