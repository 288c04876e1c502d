% The README's figure. From the repository root:
%   flatlab -w plots workspaces/plots.m
% writes workspaces/plots.png (and keeps the figure in workspace 'plots').
close all
figure('Position', [100 100 900 640]);

subplot(2, 2, 1);
t = linspace(0, 2*pi, 200);
plot(t, sin(t), 'LineWidth', 1.5);
hold on
plot(t, cos(t), '--', 'LineWidth', 1.5);
plot(t(1:20:end), sin(t(1:20:end)), 'o');
hold off
title('plot, line specs, legend');
legend('sin', 'cos', 'samples');
xlabel('t'); ylabel('value');
grid on
axis tight

subplot(2, 2, 2);
bar([3 5 2 7; 4 1 6 2]');
title('bar (grouped)');
xticks(1:4); xticklabels({'Q1', 'Q2', 'Q3', 'Q4'});

subplot(2, 2, 3);
[X, Y] = meshgrid(linspace(-2, 2, 80));
Z = X .* exp(-X.^2 - Y.^2);
contourf(X, Y, Z, 12);
colormap(viridis);
colorbar;
title('contourf + colorbar');

subplot(2, 2, 4);
n = 10 .^ linspace(1, 5, 30);
loglog(n, n.^2, 's-', n, 50*n.*log(n), '^-');
title('loglog');
legend('n^2', '50 n log n', 'Location', 'northwest');
grid on

print('-dpng', '-r96', 'workspaces/plots.png');
