//! Quadrature against Octave's answers, through every door: contour
//! integrals along complex waypoints, complex integrands, `quadgk`'s
//! positional tolerance and Octave's option messages, `inline`, and the
//! double and triple integrals (`integral2`, `quad2d`, `integral3`,
//! `dblquad`, `triplequad`), `quadl`, `quadv`. The expected text is
//! octave-cli 7.3's output of the same code (results printed to the digits
//! both reach within their tolerances).

mod common;
use common::same_through_doors;

#[test]
fn quadrature_answers_as_octave_through_every_door() {
    assert_eq!(same_through_doors(CODE), WANT);
}

const CODE: &str = r#"printf('%.10f %.10f\n', real(quadgk(@(z) exp(z)./z, 1, 1, 'Waypoints', [1+i, -1+i, -1-i, 1-i])), imag(quadgk(@(z) exp(z)./z, 1, 1, 'Waypoints', [1+i, -1+i, -1-i, 1-i])))
q = integral(@(x) 1./(2.*x-1), 0, 0, 'Waypoints', [1+1i, 1-1i]); printf('%.10f %.10f\n', real(q), imag(q))
q = integral(@(x) exp(1i*x), 0, pi); printf('%.10f %.10f\n', real(q), imag(q))
printf('%.8f\n', quadgk(@sin, -pi, pi, 1e-6, false) + 1)
disp(class(integral(@sin, single(0), 1)))
try, quadgk(@sin, 0, 1, 1e-6, true, 4), catch e, disp(e.message), end
try, quadgk(@sin, 0, 1, 'DummyArg'), catch e, disp(e.message), end
try, quadgk(@sin, 0, 1, 'AbsTol', 1e-6, 2, 3), catch e, disp(e.message), end
try, quadgk(@sin, 0, 1, 'foo', 3), catch e, disp(e.message), end
try, quadgk(@sin, 0, 1, -1), catch e, disp(e.message), end
try, integral(@sin, 0, 1, 2, 3), catch e, disp(e.message), end
f = inline('x.^2 + y'); printf('%g\n', f(2, 3), quadgk(inline('sin'), 0, 1))
printf('%.6f\n', integral2(@(x, y) 1./(x + y), 0, 1, 0, @(x) 1 - x))
printf('%.8f\n', integral2(@(x, y) x.*y, 0, 1, 0, 1, 'Method', 'iterated'))
printf('%.8f\n', quad2d(@(x, y) 9*x.^2 + 15*y.^2, 0, 5, -5, 0))
printf('%.8f\n', integral3(@(x, y, z) 1./(x + y + z), 0, 1, 0, @(x) 1 - x, 0, @(x, y) 1 - x - y))
printf('%.8f\n', dblquad(@(x, y) x.*y + 1, 0, 1, 0, 2))
printf('%.6f\n', triplequad(@(x, y, z) x + y.*z, 0, 1, 0, 1, 0, 1))
printf('%.8f\n', quadl(@(x, a) sin(a*x), 0, 1, [], [], 2))
disp(quadv(@(x) [x, 2*x; 3*x, 4*x], 0, 1))
try, integral2(@plus, 1, 2, 3, 4, 'AbsTol', -1), catch e, disp(e.message), end
try, quad2d(@plus, 1, 2, 3, 4, 'MaxFunEvals', 1.5), catch e, disp(e.message), end
try, quadv(@sin, 0, 1, -1), catch e, disp(e.message), end
"#;

const WANT: &str = r#"-0.0000000000 6.2831853072
-0.0000000000 -3.1415926536
0.0000000000 2.0000000000
1.00000000
single
quadgk: can not pass additional arguments to user function
quadgk: property/value options must occur in pairs
quadgk: property PROP must be a string
quadgk: unknown property 'foo'
quadgk: ABSTOL must be a scalar >=0
integral: property PROP must be a string
7
0.5
1.000000
0.25000000
5000.00000000
0.25000000
3.00000000
0.750000
0.70807342
   0.5000   1.0000
   1.5000   2.0000
integral2: AbsTol value must be a numeric scalar >= 0
quad2d: MaxFunEvals value must be a scalar integer >= 1
quadv: TOL must be a scalar >=0
"#;
