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
    ("x = 'Q' <= 7; x(2, :) = 'q'; r1839 = x;",
     "Octave converts a char assigned into a scalar logical (with a warning) but refuses it into a logical array; MATLAB refuses both ('Conversion to logical from char is not possible'), as flatlab does"),
    ("x = 10 || 0.25; x(end+1, :) = 'q'; r2122 = x;",
     "Octave converts a char assigned into a scalar logical (with a warning) but refuses it into a logical array; MATLAB refuses both ('Conversion to logical from char is not possible'), as flatlab does"),
    ("x = numel(n) ~= numel(z); x(2) = 'z'; r2801 = x;",
     "Octave converts a char assigned into a scalar logical (with a warning) but refuses it into a logical array; MATLAB refuses both ('Conversion to logical from char is not possible'), as flatlab does"),
    ("x = M(end, :); x(end, end) = []; r321 = x;",
     "MATLAB takes a subscript that covers its whole dimension as a colon (x = 1:6; x(1,3) = [] deletes the third element); Octave 7 requires literal colons there ('a null assignment can only have one non-colon index')"),
    ("x = 1.25.^-0; x(end, end) = []; r409 = x;",
     "MATLAB takes a subscript that covers its whole dimension as a colon (x = 1:6; x(1,3) = [] deletes the third element); Octave 7 requires literal colons there ('a null assignment can only have one non-colon index')"),
    ("x = z \\ L; x(1, 2) = []; r1909 = x;",
     "MATLAB takes a subscript that covers its whole dimension as a colon (x = 1:6; x(1,3) = [] deletes the third element); Octave 7 requires literal colons there ('a null assignment can only have one non-colon index')"),
    ("x = (c); x(2, 1) = []; r2667 = x;",
     "MATLAB takes a subscript that covers its whole dimension as a colon (x = 1:6; x(1,3) = [] deletes the third element); Octave 7 requires literal colons there ('a null assignment can only have one non-colon index')"),
    ("x = rem(false, n); x([1 end]) = []; r2750 = x;",
     "MATLAB's rem and mod take logical and char arguments (both are among their documented data types); Octave refuses them"),
    ("r815 = numel(~numel(c):z / (numel(b).*n));",
     "Octave refuses logical colon operands ('invalid types found in range expression'); MATLAB's colon takes them (logical is among its operand types)"),
    ("r2155 = norm([.5 -10 100 0.25 n]).^numel(false:3j.');",
     "Octave refuses logical colon operands ('invalid types found in range expression'); MATLAB's colon takes them (logical is among its operand types)"),
];

/// Real flatlab bugs: (statement, difference, tag). The tag says whether a
/// fix is under way ("bug, issue 10, fixed on another branch": one of the
/// faults issue 10 lists, fixed by another engineer) or not ("bug, not yet
/// fixed"). Remove an entry when its fix lands: the test prints the entries
/// that agree with Octave again.
pub const KNOWN_BUGS: &[(&str, &str, &str)] = &[];
