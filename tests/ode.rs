//! The ODE solvers as a user meets them, through every door: argument
//! checks in Octave's order and words, extra parameters after the
//! options, complex ODEs, 'Stats', odeset's unknown options and odeget's
//! unknown names (`OCTAVE_CODE`: its expected text is octave-cli 7.3's
//! output of the same code), and the options where flatlab follows MATLAB's
//! documentation because Octave 7 falls short of it (`MATLAB_CODE`: events
//! located on the continuous extension rather than by a straight line, a
//! constant mass matrix applied rather than ignored, 'NonNegative' cutting
//! the derivative rather than taking absolute values, the output function
//! called once per output point, and the plot drawn for no outputs).

mod common;
use common::same_through_doors;

#[test]
fn ode_arguments_and_options_answer_as_octave() {
    assert_eq!(same_through_doors(OCTAVE_CODE), OCTAVE_WANT);
}

#[test]
fn ode_events_mass_nonnegative_and_output_functions_work_as_matlab_documents() {
    assert_eq!(same_through_doors(MATLAB_CODE), MATLAB_WANT);
}

const OCTAVE_CODE: &str = r#"try, ode45(@(t,y) -y, {[0 1]}, 1), catch e, disp(e.message), end
try, ode23(@(t,y) -y, [0 1; 1 2], 1), catch e, disp(e.message), end
try, ode23s(@(t,y) -y, 1, 1), catch e, disp(e.message), end
try, ode45(@(t,y) -y, [1 1], 1), catch e, disp(e.message), end
try, ode45(@(t,y) -y, [0 1], {1}), catch e, disp(e.message), end
try, ode45(@(t,y) -y, [0 1], ones(2)), catch e, disp(e.message), end
try, ode45(1, [0 1], 1), catch e, disp(e.message), end
try, ode45(@(t,y) -y, {[0 1]}, {1}), catch e, disp(e.message), end
[t, y] = ode45(@(t, y, a) -a * y, [0 1], 1, 2); printf('%.4f\n', y(end))
[t, y] = ode23(@(t, y, a, b) -a * y + b, [0 1], 1, odeset(), 2, 0); printf('%.4f\n', y(end))
sol = ode45(@(x, y) 1, [0 1], 1i); disp(all(imag(sol.y) == 1))
[x, y] = ode23s(@(x, y) 1, [0 1], 1i); disp(all(imag(y) == 1))
[t, y] = ode23(@(t, y) 1i * y, [0 pi], 1); printf('%.2f %.2f\n', abs(real(y(end))), abs(imag(y(end))))
opt = odeset('Stats', 'on', 'InitialStep', 0.01); [t, y] = ode45(@(t, y) -y, [0 1], 1, opt);
o = odeset('foo', 42, 'RelTol', 1e-4); disp(odeget(o, 'foo')), disp(numfields(o)), disp(odeget(o, 'RelTol'))
f = fieldnames(o); disp(f{end})
disp(numfields(odeset())), disp(all(structfun(@isempty, odeset())))
try, odeget(struct('opt1', 1), 'foo'), catch e, disp(e.message), end
"#;

const OCTAVE_WANT: &str = "ode45: TRANGE must be a numeric vector
ode23: TRANGE must be a numeric vector
ode23s: TRANGE must contain at least 2 elements
ode45: invalid time span, TRANGE(1) == TRANGE(2)
ode45: INIT must be a numeric vector
ode45: INIT must be a numeric vector
ode45: FUN must be a valid function handle
ode45: TRANGE must be a numeric vector
0.1353
0.1353
1
1
1.00 0.00
Number of successful steps: 14
Number of failed attempts:  0
Number of function calls:   85
42
23
1.0000e-04
foo
22
1
odeget: Unrecognized property name \"foo\".
";

const MATLAB_CODE: &str = r#"opt = odeset('Events', @(t, y) deal(y - 0.5, 1, -1));
[t, y, te, ye, ie] = ode45(@(t, y) -y, [0 2], 1, opt); printf('%.6f %.6f %d %.6f %.6f\n', te, ye, ie, t(end), y(end))
[t, y, te, ye, ie] = ode23(@(t, y) -y, [0 0.5 1 2], 1, opt); printf('%.4f ', t); printf('| %.4f %d\n', te, ie)
sol = ode45(@(t, y) -y, [0 2], 1, opt); printf('%.6f %.6f %d %.6f\n', sol.xe, sol.ye, sol.ie, sol.x(end))
opt = odeset('Events', @(t, y) deal([sin(4 * t); y(1) - 0.5], [0; 0], [0; 1]));
[t, y, te, ye, ie] = ode45(@(t, y) [-y(1); 1], [0 2], [1; 0], opt); printf('%.4f %d\n', [te, ie]')
[t, y, te, ye, ie] = ode45(@(t, y) -y, [0 1], 1); disp([isempty(te), isempty(ye), isempty(ie)])
opt = odeset('Mass', 2); [t, y] = ode45(@(t, y) -2 * y, [0 1], 1, opt); printf('%.4f\n', y(end))
opt = odeset('Mass', @(t) 2 + t, 'MStateDependence', 'none'); [t, y] = ode45(@(t, y) -(2 + t) * y, [0 1], 1, opt); printf('%.4f\n', y(end))
opt = odeset('Mass', @(t, y) [1 0; 0 2], 'Jacobian', [-1 0; 0 -4]); [t, y] = ode23s(@(t, y) [-y(1); -4 * y(2)], [0 1], [1; 1], opt); printf('%.3f %.3f\n', y(end, :))
try, ode45(@(t, y) -y, [0 1], [1; 1], odeset('Mass', [1 1; 1 1])), catch e, disp(e.message), end
opt = odeset('NonNegative', 1); [t, y] = ode45(@(t, y) -1, [0 2], 1, opt); printf('%.4f %.4f\n', min(y), y(end))
opt = odeset('OutputFcn', @(t, y, flag) isempty(fprintf('%s:%d ', [flag 'x'], numel(y))), 'OutputSel', 2, 'Refine', 2);
[t, y] = ode45(@(t, y) [-y(1); -2 * y(2)], [0 1], [1; 1], opt); printf('\n%d\n', numel(t))
opt = odeset('OutputFcn', @(t, y, flag) t >= 0.5); [t, y] = ode23(@(t, y) -y, [0 1], 1, opt); printf('%d\n', t(end) >= 0.5 && t(end) < 1)
ode23(@(t, y) [-y(1); -2 * y(2)], [0 1], [1 1]); c = get(gca, 'Children'); disp(numel(c)), disp(get(gca, 'XLim')), disp(get(c(1), 'Marker'))
"#;

const MATLAB_WANT: &str = "0.693147 0.500000 1 0.693147 0.500000
0.0000 0.5000 0.6930 | 0.6930 1
0.693147 0.500000 1 0.693147
0.7854 1
1.5708 1
  1  1  1
0.3679
0.3679
0.368 0.135
ode45: the mass matrix is singular; ode45 solves only ODEs M(t,y) y' = f(t,y) with M nonsingular
0.0000 0.0000
initx:1 x:1 x:1 x:1 x:1 x:1 x:1 x:1 x:1 x:1 x:1 x:1 x:1 x:1 x:1 x:1 x:1 x:1 x:1 x:1 x:1 x:1 x:1 donex:0 
23
1
2
   0   1
o
";
