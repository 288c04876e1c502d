//! MATLAB's class rules for integer and single values, through every door
//! a user types through (`flatlab -c`, a script, a pipe): the class, size,
//! realness and values each expression of `TABLE` leaves in `x`, as GNU
//! Octave 7.3 prints them with `PROBE` (captured with octave-cli). The
//! `octave_agrees_with_the_table` test re-runs the table through octave-cli
//! when it is installed, so it cannot drift from what Octave says.

mod common;
use common::{stderr, stdout, Sandbox};

/// What a case prints: class, size, isreal, then the real parts as `%.9g`.
const PROBE: &str = "fprintf('%s %s %d |', class(x), mat2str(size(x)), isreal(x)); \
fprintf(' %.9g', double(real(x))); fprintf('\\n');";

/// MATLAB code leaving `x`, and Octave 7.3's probe line for it.
const TABLE: &[(&str, &str)] = &[
    ("x = uint8(250) + 10;", "uint8 [1 1] 1 | 255"),
    ("x = complex(single(1), 2);", "single [1 1] 0 | 1"),
    ("x = complex(single([1 2]));", "single [1 2] 0 | 1 2"),
    (
        "x = complex(0.1, single(2));",
        "single [1 1] 0 | 0.100000001",
    ),
    ("x = uint8(3) - uint8(5);", "uint8 [1 1] 1 | 0"),
    ("x = int8(-200.5);", "int8 [1 1] 1 | -128"),
    (
        "x = int8([2.5 -2.5 NaN Inf -Inf]);",
        "int8 [1 5] 1 | 3 -3 0 127 -128",
    ),
    ("x = int8(100) * 2;", "int8 [1 1] 1 | 127"),
    ("x = int16(7) / int16(2);", "int16 [1 1] 1 | 4"),
    ("x = int16(-7) / int16(2);", "int16 [1 1] 1 | -4"),
    ("x = int8(5) / 0;", "int8 [1 1] 1 | 127"),
    ("x = -int8(5) / 0;", "int8 [1 1] 1 | -128"),
    ("x = int8(0) / 0;", "int8 [1 1] 1 | 0"),
    (
        "x = int32(10) ./ [3 4 0];",
        "int32 [1 3] 1 | 3 3 2.14748365e+09",
    ),
    ("x = int8(20) \\ int8(5);", "int8 [1 1] 1 | 0"),
    ("x = 2 ^ int8(3);", "int8 [1 1] 1 | 8"),
    ("x = int8(2) .^ [1 2 7 8];", "int8 [1 4] 1 | 2 4 127 127"),
    ("x = int8(-2) ^ 7;", "int8 [1 1] 1 | -128"),
    ("x = uint8(2) ^ -1;", "uint8 [1 1] 1 | 1"),
    ("x = -int8(-128);", "int8 [1 1] 1 | 127"),
    ("x = -uint8(5);", "uint8 [1 1] 1 | 0"),
    (
        "x = (int64(2)^53 + 1) + 1 == int64(2)^53 + 2;",
        "logical [1 1] 1 | 1",
    ),
    (
        "x = (int64(2)^53 + 1) * 3 - 27021597764222976;",
        "int64 [1 1] 1 | 3",
    ),
    (
        "x = uint64(18446744073709551615) - 1 < uint64(18446744073709551615);",
        "logical [1 1] 1 | 1",
    ),
    ("x = int64(2)^62;", "int64 [1 1] 1 | 4.61168602e+18"),
    ("x = int8(5) > 4.5;", "logical [1 1] 1 | 1"),
    ("x = int8(1) < uint64(2);", "logical [1 1] 1 | 1"),
    ("x = int16(3) * single(2.5);", "int16 [1 1] 1 | 8"),
    ("x = single(1.4) + uint8(1);", "uint8 [1 1] 1 | 2"),
    ("x = single(1) / 3;", "single [1 1] 1 | 0.333333343"),
    ("x = double(single(0.1));", "double [1 1] 1 | 0.100000001"),
    ("x = single(16777217);", "single [1 1] 1 | 16777216"),
    ("x = single(0.1) == 0.1;", "logical [1 1] 1 | 1"),
    ("x = single(1) + 1i;", "single [1 1] 0 | 1"),
    ("x = true + int8(4);", "int8 [1 1] 1 | 5"),
    ("x = 'a' + int8(100);", "int8 [1 1] 1 | 127"),
    ("x = [int8(1) 2.7 300];", "int8 [1 3] 1 | 1 3 127"),
    ("x = [int8(100) int16(300)];", "int8 [1 2] 1 | 100 127"),
    ("x = [uint8(1) int8(-2)];", "uint8 [1 2] 1 | 1 0"),
    ("x = [single(1) 2.5 true];", "single [1 3] 1 | 1 2.5 1"),
    ("x = [int8(65) 'a'];", "char [1 2] 1 | 65 97"),
    ("x = zeros(2, 'int8');", "int8 [2 2] 1 | 0 0 0 0"),
    ("x = ones(1, 3, 'uint16');", "uint16 [1 3] 1 | 1 1 1"),
    ("x = eye(2, 'single');", "single [2 2] 1 | 1 0 0 1"),
    ("x = zeros(1, 2, 'like', uint8(7));", "uint8 [1 2] 1 | 0 0"),
    ("x = Inf(1, 2, 'single');", "single [1 2] 1 | Inf Inf"),
    ("x = NaN('single');", "single [1 1] 1 | NaN"),
    ("x = intmax('int16') + 1;", "int16 [1 1] 1 | 32767"),
    ("x = intmin('int8');", "int8 [1 1] 1 | -128"),
    ("x = intmax;", "int32 [1 1] 1 | 2.14748365e+09"),
    (
        "x = intmax('uint64') == uint64(18446744073709551615);",
        "logical [1 1] 1 | 1",
    ),
    ("x = realmax('single');", "single [1 1] 1 | 3.40282347e+38"),
    ("x = realmin('single');", "single [1 1] 1 | 1.17549435e-38"),
    ("x = eps('single');", "single [1 1] 1 | 1.1920929e-07"),
    ("x = flintmax('single');", "single [1 1] 1 | 16777216"),
    ("x = eps(single(1000));", "single [1 1] 1 | 6.10351562e-05"),
    ("x = cast(3.7, 'int16');", "int16 [1 1] 1 | 4"),
    ("x = cast(int8(-5), 'uint8');", "uint8 [1 1] 1 | 0"),
    (
        "x = typecast(single(1), 'uint32');",
        "uint32 [1 1] 1 | 1.06535322e+09",
    ),
    (
        "x = typecast(uint8([1 0 0 0]), 'uint32');",
        "uint32 [1 1] 1 | 1",
    ),
    (
        "x = idivide(int32([7 -7]), int32(2), 'floor');",
        "int32 [1 2] 1 | 3 -4",
    ),
    (
        "x = idivide(int32([7 -7]), int32(2), 'ceil');",
        "int32 [1 2] 1 | 4 -3",
    ),
    (
        "x = idivide(int32([7 -7]), int32(2), 'round');",
        "int32 [1 2] 1 | 4 -4",
    ),
    ("x = bitand(uint8(12), uint8(10));", "uint8 [1 1] 1 | 8"),
    ("x = bitor(uint8(12), 3);", "uint8 [1 1] 1 | 15"),
    ("x = bitxor(int16(5), int16(1));", "int16 [1 1] 1 | 4"),
    ("x = bitshift(uint8(255), 1);", "uint8 [1 1] 1 | 254"),
    ("x = bitshift(int8(64), 1);", "int8 [1 1] 1 | -128"),
    ("x = bitcmp(uint16(1));", "uint16 [1 1] 1 | 65534"),
    ("x = abs(int8([-128 -3 0 3]));", "int8 [1 4] 1 | 127 3 0 3"),
    ("x = sign(int16([-7 0 9]));", "int16 [1 3] 1 | -1 0 1"),
    ("x = round(single([-2.5 2.5]));", "single [1 2] 1 | -3 3"),
    ("x = mod(int8(-7), 3);", "int8 [1 1] 1 | 2"),
    ("x = rem(single(-7.5), 2);", "single [1 1] 1 | -1.5"),
    ("x = max(int8([1 -5 9]));", "int8 [1 1] 1 | 9"),
    ("x = min([single(2) 7 1]);", "single [1 1] 1 | 1"),
    ("x = max(int8([1 5]), 3.7);", "int8 [1 2] 1 | 4 5"),
    ("x = sum(int16([1 2 3 4]));", "double [1 1] 1 | 10"),
    ("x = sum(single([1 2 3]));", "single [1 1] 1 | 6"),
    ("x = mean(int8([1 2 4]));", "double [1 1] 1 | 2.33333333"),
    ("x = cumsum(single([1 2 3]));", "single [1 3] 1 | 1 3 6"),
    ("x = prod(single([2 3]));", "single [1 1] 1 | 6"),
    (
        "x = sort(int8([3 -1 2]), 'descend');",
        "int8 [1 3] 1 | 3 2 -1",
    ),
    ("x = unique(uint8([3 1 3 2]));", "uint8 [1 3] 1 | 1 2 3"),
    (
        "x = ismember(int8([1 5 7]), int8([5 6 7]));",
        "logical [1 3] 1 | 0 1 1",
    ),
    (
        "x = intersect(uint16([4 1 9]), uint16([9 4]));",
        "uint16 [1 2] 1 | 4 9",
    ),
    ("x = find(int16([0 5 0 -2]));", "double [1 2] 1 | 2 4"),
    ("x = any(int8([0 0 1]));", "logical [1 1] 1 | 1"),
    ("x = isinteger(int8(1));", "logical [1 1] 1 | 1"),
    ("x = isinteger(1);", "logical [1 1] 1 | 0"),
    ("x = isfloat(single(1));", "logical [1 1] 1 | 1"),
    ("x = isfloat(int8(1));", "logical [1 1] 1 | 0"),
    ("x = isreal(single(1+2i));", "logical [1 1] 1 | 0"),
    ("x = isa(uint8(1), 'integer');", "logical [1 1] 1 | 1"),
    ("x = isa(single(1), 'float');", "logical [1 1] 1 | 1"),
    ("x = isa(int8(1), 'numeric');", "logical [1 1] 1 | 1"),
    ("x = logical(int8([0 3]));", "logical [1 2] 1 | 0 1"),
    ("x = char(uint8([72 105]));", "char [1 2] 1 | 72 105"),
    ("x = double(int8(-128));", "double [1 1] 1 | -128"),
    (
        "x = single(int64(2)^53 + 1);",
        "single [1 1] 1 | 9.00719925e+15",
    ),
    ("x = int16(int64(2)^53 + 1);", "int16 [1 1] 1 | 32767"),
    (
        "x = (int64(2)^53 + 1) * 1.5 - 13510798882111488;",
        "int64 [1 1] 1 | 2",
    ),
    (
        "x = (int64(2)^53 + 1) / 2 - 4503599627370496;",
        "int64 [1 1] 1 | 1",
    ),
    (
        "x = uint64(2)^60 + uint64(3) - uint64(2)^60;",
        "uint64 [1 1] 1 | 3",
    ),
    (
        "x = int64(3)^39 - int64(3)^38 * 3 + int64(7);",
        "int64 [1 1] 1 | 7",
    ),
    ("x = int8(1):int8(3);", "int8 [1 3] 1 | 1 2 3"),
    ("x = single(0):0.5:2;", "single [1 5] 1 | 0 0.5 1 1.5 2"),
    ("x = ~int8([0 1]);", "logical [1 2] 1 | 1 0"),
    ("x = int8([1 2]); x(2) = 3.7;", "int8 [1 2] 1 | 1 4"),
    ("x = int8([1 2]); x(5) = 1;", "int8 [1 5] 1 | 1 2 0 0 1"),
    (
        "x = int8([1 2]); x(2) = int16(300);",
        "int8 [1 2] 1 | 1 127",
    ),
    (
        "x = single([1 2]); x(2) = 0.1;",
        "single [1 2] 1 | 1 0.100000001",
    ),
];

/// The whole table as one program: each case, then the probe.
fn program() -> String {
    TABLE
        .iter()
        .map(|(code, _)| format!("{code}\n{PROBE}\n"))
        .collect()
}

/// Compares printed probe lines with the table, case by case.
fn check_lines(door: &str, out: &str) {
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.len(),
        TABLE.len(),
        "{door}: one probe line per case expected, got:\n{out}"
    );
    let wrong: Vec<String> = TABLE
        .iter()
        .zip(&lines)
        .filter(|((_, want), got)| want != *got)
        .map(|((code, want), got)| format!("{code}\n  want: {want}\n  got:  {got}"))
        .collect();
    assert!(wrong.is_empty(), "{door}: {}", wrong.join("\n"));
}

#[test]
fn class_rules_through_dash_c() {
    let s = Sandbox::new("classes-c");
    check_lines("-c", &s.ok(&program()));
}

#[test]
fn class_rules_through_a_script() {
    let s = Sandbox::new("classes-script");
    s.write("cases.m", &program());
    let o = s.run(&["cases.m"]);
    assert!(o.status.success(), "{}", stderr(&o));
    check_lines("script", &stdout(&o));
}

#[test]
fn class_rules_through_a_pipe() {
    let s = Sandbox::new("classes-pipe");
    let o = s.pipe(&[], &program());
    assert!(o.status.success(), "{}", stderr(&o));
    check_lines("pipe", &stdout(&o));
}

#[test]
fn octave_agrees_with_the_table() {
    if !common::tool_available(
        "octave-cli",
        &["--version"],
        common::interop_required(),
        "checking the class table against octave-cli",
    ) {
        return;
    }
    let s = Sandbox::new("classes-octave");
    let path = s.write("cases.m", &program());
    let o = std::process::Command::new("octave-cli")
        .args(["--no-gui", "--quiet", "--norc"])
        .arg(&path)
        .current_dir(&s.cwd)
        .output()
        .expect("run octave-cli");
    assert!(o.status.success(), "{}", stderr(&o));
    check_lines("octave-cli", &stdout(&o));
}

#[test]
fn mixing_integer_classes_is_octaves_error_and_stops_the_script() {
    let s = Sandbox::new("classes-mix");
    let o = s.code("a = int8(1) + int8(2);\nc = int8(1) + int16(2);\ndisp('not reached')");
    assert!(!o.status.success());
    assert!(!stdout(&o).contains("not reached"));
    assert!(
        stderr(&o).contains(
            "binary operator '+' not implemented for 'int8 scalar' by 'int16 scalar' operations"
        ),
        "{}",
        stderr(&o)
    );
    let o = s.code("x = int8([1 2; 3 4]) * [1; 2];");
    assert!(
        stderr(&o).contains(
            "binary operator '*' not implemented for 'int8 matrix' by 'matrix' operations"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn integers_and_single_keep_their_class_across_a_restart() {
    let s = Sandbox::new("classes-restart");
    s.ok("a = intmin('int64') + 1; b = single([0.1 NaN]); c = uint8(250):uint8(255);");
    let out = s.ok("fprintf('%s %s %s\\n', class(a), class(b), class(c)); \
         disp(a == intmin('int64') + 1); disp(double(b(1)) == double(single(0.1))); \
         disp(double(c(end)))");
    assert_eq!(out, "int64 single uint8\n1\n1\n255\n");
}

#[test]
fn assigning_complex_into_single_keeps_it_single() {
    let s = Sandbox::new("classes-assign");
    let out = s.ok("x = single([1 2]); x(2) = 1i; fprintf('%s %d\\n', class(x), isreal(x));");
    assert_eq!(out, "single 0\n");
}
