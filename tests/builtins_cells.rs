//! Builtins for cells, structs and text (issue 11) through every door:
//! `cellfun`/`arrayfun`/`structfun` calling back into the interpreter,
//! struct field functions, cellstr string and set functions, `regexp`
//! outputs, `who` with an output, and `containers.Map` refused. The
//! expected text is what GNU Octave 7 prints for the same code. Tests that
//! need `{}` literals wait for the issue 11 parser/evaluator.

mod common;

use common::{same_through_doors, stderr, Sandbox};

/// `code` fails through `-c` and a script with a message containing `want`.
fn fails_with(code: &str, want: &str) {
    let s = Sandbox::new("bcells-err");
    let o = s.code(code);
    assert!(!o.status.success(), "{code:?} should fail");
    assert!(stderr(&o).contains(want), "{code:?}: {}", stderr(&o));
    s.write("t.m", code);
    let o = s.run(&["t.m"]);
    assert!(!o.status.success(), "script {code:?} should fail");
    assert!(stderr(&o).contains(want), "script {code:?}: {}", stderr(&o));
}

#[test]
fn strsplit_strjoin_str2double() {
    let out = same_through_doors(
        "f = strsplit('3.5,abc,7', ','); disp(numel(f)); disp(strjoin(f, ';')); disp(str2double(f))",
    );
    assert_eq!(out, "3\n3.5;abc;7\n   3.5000      NaN   7.0000\n");
}

#[test]
fn cellfun_uniform_legacy_and_cells() {
    let out = same_through_doors(
        "c = strsplit('a bb ccc'); disp(cellfun(@numel, c)); disp(cellfun('length', c)); u = cellfun(@upper, c, 'UniformOutput', false); disp(strjoin(u, '-')); disp(class(cellfun(@isempty, c)))",
    );
    assert_eq!(out, "   1   2   3\n   1   2   3\nA-BB-CCC\nlogical\n");
}

#[test]
fn arrayfun_several_outputs() {
    let out =
        same_through_doors("[m, i] = arrayfun(@(x) max([x, 2*x, 0]), [1 -5 3]); disp(m); disp(i)");
    assert_eq!(out, "   2   0   6\n   2   3   2\n");
}

#[test]
fn error_handler_gets_index_and_message() {
    let out = same_through_doors(
        "r = arrayfun(@(x) error('my:id', 'boom %d', x), 1:2, 'ErrorHandler', @(s, x) s.index * 10); disp(r); q = cellfun(@(x) error('bad'), strsplit('a b'), 'ErrorHandler', @(s, x) [s.message x], 'UniformOutput', false); disp(strjoin(q, ','))",
    );
    assert_eq!(out, "   10   20\nbada,badb\n");
}

#[test]
fn struct_field_functions() {
    let out = same_through_doors(
        "s = struct('zeta', 1, 'alpha', 2); f = fieldnames(s); disp(size(f)); disp(strjoin(f, ',')); t = orderfields(s); disp(strjoin(fieldnames(t), ',')); disp(isfield(s, strsplit('alpha x'))); u = rmfield(s, 'zeta'); disp(numel(fieldnames(u))); s = setfield(s, 'beta', 5); disp(getfield(s, 'beta'))",
    );
    assert_eq!(out, "   2   1\nzeta,alpha\nalpha,zeta\n  1  0\n1\n5\n");
}

#[test]
fn struct_cell_round_trip_and_structfun() {
    let out = same_through_doors(
        "s = struct('a', 1, 'b', 'x'); c = struct2cell(s); disp(size(c)); t = cell2struct(c, fieldnames(s), 1); disp(isequal(s, t)); disp(structfun(@(v) numel(v), struct('p', [1 2 3], 'q', 'ab'))')",
    );
    assert_eq!(out, "   2   1\n1\n   3   2\n");
}

#[test]
fn regexp_every_output() {
    let out = same_through_doors(
        "[tok, mat] = regexp('a1b22', '([a-z])(\\d+)', 'tokens', 'match'); disp(numel(tok)); disp(strjoin(mat, '|')); n = regexp('key: value', '(?<k>\\w+):\\s*(?<v>\\w+)', 'names'); disp(n.v); [s, e] = regexp('abcabc', 'bc'); disp([s; e]); p = regexp('one, two,three', ',\\s*', 'split'); disp(strjoin(p, '/')); disp(isempty(regexp('abc', '(?<n>\\d+)', 'names')))",
    );
    assert_eq!(
        out,
        "2\na1|b22\nvalue\n   2   5\n   3   6\none/two/three\n1\n"
    );
}

#[test]
fn who_returns_a_cellstr_column() {
    let out = same_through_doors("a = 1; b = 2; w = who; disp(class(w)); disp(size(w))");
    assert_eq!(out, "cell\n   2   1\n");
}

#[test]
fn sets_of_strings() {
    let out = same_through_doors(
        "c = strsplit('beta Alpha alpha Beta'); s = sort(c); disp(strjoin(s, ' ')); [u, i, j] = unique(strsplit('b a b c a')); disp(strjoin(u, ' ')); disp(i'); disp(j'); [tf, loc] = ismember(strsplit('a z b'), strsplit('b a a')); disp(tf); disp(strjoin(setdiff(strsplit('b a c a'), 'c'), ' ')); disp(strjoin(union(strsplit('b a'), strsplit('c a')), ' ')); disp(strjoin(intersect(strsplit('b a c'), strsplit('c b d')), ' '))",
    );
    assert_eq!(out, "Alpha Beta alpha beta\na b c\n   2   1   4\n   2   1   2   3   1\n  1  0  1\na b\na b c\nb c\n");
}

#[test]
fn string_functions_map_over_cellstr() {
    let out = same_through_doors(
        "c = strsplit(' a ,b  ', ','); t = strtrim(c); disp(strjoin(t, '|')); disp(strjoin(upper(t), '|')); disp(strjoin(strrep(t, 'a', 'x'), '|')); disp(strjoin(regexprep(strsplit('a1 b22'), '\\d', '#'), ' ')); disp(str2double(strsplit('1.5 abc -2e3')))",
    );
    assert_eq!(
        out,
        "a|b\nA|B\nx|b\na# b##\n   1.5000e+00          NaN  -2.0000e+03\n"
    );
}

#[test]
fn comparisons_and_strcat_on_cells() {
    let out = same_through_doors(
        "disp(strcmp(strsplit('a bb a'), 'a')); disp(strcmpi(strsplit('ABC x'), 'abc')); disp(iscellstr(strsplit('a b'))); disp(iscellstr('ab')); x = strcat(strsplit('a b'), 'x'); disp(strjoin(x, ','))",
    );
    assert_eq!(out, "  1  0  1\n  1  0\n1\n0\nax,bx\n");
}

#[test]
fn num2cell_mat2cell_cellstr() {
    let out = same_through_doors(
        "c = num2cell([4; 5; 6]); disp(size(c)); disp(cell2mat(c)'); m = mat2cell(magic(4), [1 3], [2 2]); disp(size(m)); disp(cell2mat(m) - magic(4)); k = cellstr(['ab ';'c  ']); disp(size(k)); disp(strjoin(k, '|'))",
    );
    assert_eq!(out, "   3   1\n   4   5   6\n   2   2\n   0   0   0   0\n   0   0   0   0\n   0   0   0   0\n   0   0   0   0\n   2   1\nab|c\n");
}

#[test]
fn uniform_output_must_be_scalar() {
    fails_with(
        "b = arrayfun(@(x) [x x], 1:3)",
        "arrayfun: all values must be scalars when UniformOutput = true",
    );
    fails_with(
        "c = cellfun(@(x) [x x], num2cell(1:3))",
        "cellfun: all values must be scalars when UniformOutput = true",
    );
    fails_with("c = cellfun(@numel, 5)", "cellfun: C must be a cell array");
}

#[test]
fn containers_map_is_refused_with_what_to_use() {
    fails_with("m = containers.Map();", "struct with dynamic fields");
    fails_with("m = containers.Map", "containers.Map is not supported");
}

#[test]
fn cellfun_on_cell_literals() {
    let out = same_through_doors(
        "c = {[1 2 3], [], 'abcd', {1, 2}}; disp(cellfun(@numel, c)); disp(cellfun(@isempty, c)); \
         disp(cellfun('length', c)); [m, i] = cellfun(@max, {[3 9 2], [7 1], 5}); disp([m; i]); \
         k = cellfun(@class, {[], '', {}}, 'UniformOutput', false); disp(k{3}); \
         disp(cellfun('isclass', {1, 'a'}, 'char')); disp(cellfun('size', {ones(2, 3), 1}, 2))",
    );
    assert_eq!(
        out,
        "   3   0   4   2\n  0  1  0  0\n   3   0   4   2\n   9   7   5\n   2   1   1\ncell\n  0  1\n   3   1\n"
    );
}

#[test]
fn cell_literal_string_functions() {
    let out = same_through_doors(
        "p = strsplit('a,b;c', {',', ';'}); disp(numel(p)); disp(p{3}); \
         disp(iscellstr({'a', 1})); disp(iscellstr({})); a = strcat({'a '}, 'b ', {'c ', 'd'}); disp(a{1}); \
         b = strrep({'cat', 'hat'}, 'at', 'ot'); disp(b{2}); m = regexp('a1 b22 c333', '\\d+', 'match'); disp(m{3}); \
         t = regexp('a1b2', '[a-z](\\d)', 'tokens'); disp(t{2}{1}); disp(strcmp({'a', 'bb', 'a'}, {'a', 'b', 'c'})); \
         c = cell2mat({[1 2], [3]; [4 5], [6]}); disp(c); s = cell2struct({1; 2}, {'x'; 'y'}, 1); disp(s.y)",
    );
    assert_eq!(
        out,
        "3\nc\n0\n1\na bc \nhot\n333\n2\n  1  0  0\n   1   2   3\n   4   5   6\n2\n"
    );
}

#[test]
fn struct_arrays_through_arrayfun_and_rmfield() {
    let out = same_through_doors(
        "s = struct('v', {[1 2], [3 4 5], 6}); c = arrayfun(@(e) e.v * 2, s, 'UniformOutput', false); \
         disp(cellfun(@numel, c)); t = struct('a', {1, 2}, 'b', {3, 4}, 'c', 0); u = rmfield(t, {'a', 'c'}); \
         disp(size(u)); disp(numel(fieldnames(u))); m = arrayfun(@(e) strcmp(e.tag, 'a'), struct('tag', {'a', 'bb', 'a'})); \
         disp(class(m)); disp(nnz(m))",
    );
    assert_eq!(out, "   2   3   1\n   1   2\n1\nlogical\n2\n");
}

#[test]
fn strtok_maps_over_a_cellstr() {
    let out = same_through_doors(
        "[t, r] = strtok(strsplit('a-b c-d', ' '), '-'); disp(strjoin(t, ',')); disp(strjoin(r, ','))",
    );
    assert_eq!(out, "a,c\n-b,-d\n");
}
