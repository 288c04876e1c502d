% The workspace of the README tour: a measurement series, a fit, a report.
% Run it with:  flatlab -w tour workspaces/tour.m
t = 0:0.5:10;                        % sample times (s)
y = 3 * exp(-0.3 * t);               % a decaying signal
p = polyfit(t, log(y), 1);           % straight line through log(y)
rate = -p(1);                        % decay rate (1/s)
for k = 1:3
  A(k, k) = k^2;                     % grows as it is assigned
end
label = sprintf('decay rate %.3f per second', rate);
disp(label)
