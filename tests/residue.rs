//! `residue` and `mpoles` against Octave's answers, through every door:
//! expansions with complex poles, a repeated pole (real and complex), a
//! direct term, a constant denominator, recombination with and without
//! the powers, the class of single input, a round trip through a
//! fifth-order denominator, and a triple real and a double complex pole
//! (roots found apart by rounding, grouped and averaged; shown rounded to
//! 1e-10, where the last bits of the eigenvalue solvers differ). The expected text is octave-cli 7.3's output
//! of the same code.

mod common;
use common::{same_through_doors, Sandbox};

#[test]
fn residue_answers_as_octave_through_every_door() {
    assert_eq!(same_through_doors(CODE), WANT);
}

/// Wrong arguments are errors that name residue and what is wrong.
#[test]
fn residue_rejects_bad_arguments_by_name() {
    let s = Sandbox::new("residue_errors");
    for (code, want) in [
        ("residue([1 2])", "Invalid call to residue"),
        ("residue(ones(2), [1 2])", "residue: B must be a vector"),
        (
            "residue([1 2], [0 0])",
            "residue: denominator A must not be zero",
        ),
        (
            "residue([1 Inf], [1 2])",
            "residue: B must not contain Inf or NaN",
        ),
        (
            "residue([1 2], [1 2 3], [])",
            "residue: R and P must have the same number",
        ),
        (
            "residue(1, 2, [], 3)",
            "residue: E must hold positive integer powers",
        ),
        (
            "[a, b, c] = residue(1, 2, [])",
            "residue: function called with too many outputs",
        ),
    ] {
        let out = s.code(&format!("try, {code}, catch err, disp(err.message), end"));
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(text.contains(want), "{code}: {text}");
    }
}

const CODE: &str = r#"[r, p, k, e] = residue([1 0 1], [1 0 18 0 81])
[r, p, k] = residue([2 3 4 5], [1 3 2])
[r, p, k, e] = residue([1 1 1], [1 -5 8 -4])
[r, p, k, e] = residue(1, [1 10 25])
[r, p, k] = residue([1 2], [1 0 1])
[r, p, k] = residue([4 0], [2 0 2])
[r, p, k, e] = residue(3, 2)
[b, a] = residue([1; 2], [-1; -2], [3 4])
[b, a] = residue([7; 3; -2], [2; 1; 2], [1 0], [2; 1; 1])
[b, a] = residue([-2; 7; 3], [2; 2; 1], [])
[b, a] = residue([-0.5i; 0.5i], [1i; -1i], [])
[m, n] = mpoles([2 3 1 1 2])
[m, n] = mpoles([1 2 1], 0.001, 0)
[r, p, k, e] = residue(single([1 1 1]), [1 -5 8 -4]); disp(class(r)), disp(class(e))
b = [1 -2 3 -4 5]; a = poly([-1 -2 -2 -3i 3i]);
[r, p, k] = residue(b, a); [b2, a2] = residue(r, p, k); printf('%d\n', max(abs(b2 - b)) < 1e-10, max(abs(a2 - a)) < 1e-10)
[r, p, k, e] = residue([1 0 0 1], conv([1 -6 12 -8], [1 1])); disp([round(r * 1e10) / 1e10 + 0, p, e])
[r, p, k, e] = residue([3 1], [1 4 8 8 4]); z = round([r p] * 1e10) / 1e10; disp(real(z) + 0), disp(imag(z) + 0), disp(e')
"#;

const WANT: &str = r#"r =

        0 - 0.0926i
   0.2222 +      0i
        0 + 0.0926i
   0.2222 +      0i

p =

   0 + 3i
   0 + 3i
   0 - 3i
   0 - 3i

k = [](0x0)
e =

   1
   2
   1
   2

r =

   7
   2

p =

  -2
  -1

k =

   2  -3

r =

  -2
   7
   3

p =

   2
   2
   1

k = [](0x0)
e =

   1
   2
   1

r =

   0
   1

p =

  -5
  -5

k = [](0x0)
e =

   1
   2

r =

   0.5000 - 1.0000i
   0.5000 + 1.0000i

p =

   0 + 1i
   0 - 1i

k = [](0x0)
r =

   1
   1

p =

   0 + 1i
   0 - 1i

k = [](0x0)
r = [](0x0)
p = [](0x0)
k = 1.5000
e = [](0x0)
b =

    3   13   21   12

a =

   1   3   2

b =

   1  -5   9  -3   1

a =

   1  -5   8  -4

b =

   1   1   1

a =

   1  -5   8  -4

b = 1
a =

   1   0   1

m =

   1
   1
   2
   1
   2

n =

   2
   1
   5
   3
   4

m =

   1
   2
   1

n =

   1
   3
   2

single
double
1
1
   1   2   1
   3   2   2
   3   2   3
   0  -1   1
        0  -1.0000
   0.5000  -1.0000
        0  -1.0000
   0.5000  -1.0000
   0.5000   1.0000
  -0.7500   1.0000
  -0.5000  -1.0000
   0.7500  -1.0000
   1   2   1   2
"#;
