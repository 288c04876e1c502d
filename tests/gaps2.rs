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
