% The workspace of the README tour: a measurement series, a fit, a report.
% Run it with:  flatlab -w tour workspaces/tour.m
t = 0:0.5:10;                        % sample times (s)
y = 3 * exp(-0.3 * t) .* (1 + 0.01 * cos(7 * t));
p = polyfit(t, log(y), 1);           % straight line through log(y)
rate = -p(1);                        % decay rate (1/s)
A = magic(4);
b = A(:, 1);
x = A(:, 1:3) \ b;                   % least squares on a 4x3 system
label = sprintf('decay rate %.3f per second', rate);
disp(label)
