//! Small language and library gaps, against octave-cli 7.3's answers of
//! the same code, through every door: keywords as field names after `.`,
//! `shiftdim`, `interp2`'s cubic and pchip methods, `null`/`orth` of
//! single data.

mod common;
use common::same_through_doors;

/// A name after `.` is a field name even when it is a keyword: in
/// expressions, assignments, struct arrays, indices (where `end` still
/// means the last index elsewhere), anonymous functions and blocks.
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
"#;
