//! Files and paths against Octave's answers, through every door: fopen
//! (write, append, read, failure with the system's reason), fprintf,
//! fputs and fdisp to a file, fgetl/fgets/ftell/feof/frewind, fscanf with
//! a SIZE, fread/fwrite with precisions and `=>`/`*` classes, sscanf's
//! cycles, widths, skips, text and failure outputs, fullfile, fileparts,
//! isfile/isfolder, dir (wildcards, the struct it returns, command syntax
//! `dir *.txt`) and ls. The expected text is octave-cli 7.3's output of
//! the same code, run in an empty folder.

mod common;
use common::same_through_doors;

#[test]
fn files_and_paths_answer_as_octave_through_every_door() {
    assert_eq!(same_through_doors(CODE), WANT);
}

const CODE: &str = r#"f = 'fio_test.txt';
fid = fopen(f, 'w');
fprintf(fid, '%d,%d\n', [1 2; 3 4]);
fputs(fid, "hello world\n");
fdisp(fid, [5 6]);
fclose(fid);
fid = fopen(f);
l1 = fgetl(fid)
l2 = fgets(fid)
ftell(fid)
rest = fscanf(fid, '%s')
feof(fid)
x = fgetl(fid)
frewind(fid);
a = fscanf(fid, '%d,%d', [2 Inf])
fclose(fid);
fid = fopen(f, 'a'); fwrite(fid, 'AB'); fclose(fid);
fid = fopen(f, 'r'); b = fread(fid, [1 4], 'uint8=>char'), c = fread(fid, 3)', fclose(fid);
[fid, msg] = fopen('/nonexistent/x', 'r')
fid = fopen(f, 'w'); n = fwrite(fid, [1 -2 300], 'int16'), fclose(fid);
fid = fopen(f); v = fread(fid, Inf, 'int16')', fclose(fid);
fid = fopen(f); w = fread(fid, 2, '*int16'), class(w), fclose(fid);
delete(f);
fullfile('a', 'b', 'c.txt'), fullfile('a/', '/b'), fullfile('x', {'a', 'b'})
[d, n, e] = fileparts('/home/ann/data.tar.gz')
[d, n, e] = fileparts('file')
[d, n, e] = fileparts('/root')
filesep, pathsep
isfile({'/etc/passwd', '/etc'}), isfolder('/tmp')
isempty(fopen('all'))
[q, cnt, msg, nx] = sscanf('1 2 abc', '%f')
mkdir('listing'); fclose(fopen('listing/a.csv', 'w')); fclose(fopen('listing/b.csv', 'w')); fclose(fopen('listing/c.txt', 'w'));
s = dir('listing/*.csv'); disp({s.name}), disp([s.isdir]), disp([s.bytes])
s = dir('listing'); disp({s.name})
x = ls('listing')
cd listing
dir *.txt
ls *.csv
cd ..
disp(isempty(dir('nonexistent-folder')))
a = sscanf('3 4 5', '%d', [2 Inf])
b = sscanf('x=3, y=4', 'x=%d, y=%d')'
c = sscanf('abc def', '%s')
d = sscanf('10:20:30', '%d:%d:%d')'
e = sscanf('0x1A 12', '%i')'
g = sscanf('12abc', '%d%s')'
"#;

const WANT: &str = r#"l1 = 1,3
l2 = 2,4

ans = 8
rest = helloworld56
ans = 1
x = -1
a =

   1   2
   3   4

b = 1,3

c =

   50   44   52

fid = -1
msg = No such file or directory
n = 3
v =

     1    -2   300

w =

   1
  -2

ans = int16
ans = a/b/c.txt
ans = a/b
ans =
{
  [1,1] = x/a
  [1,2] = x/b
}

d = /home/ann
n = data.tar
e = .gz
d = 
n = file
e = 
d = /
n = root
e = 
ans = /
ans = :
ans =

  1  0

ans = 1
ans = 1
q =

   1
   2

cnt = 2
msg = sscanf: format failed to match
nx = 5
{
  [1,1] = a.csv
  [1,2] = b.csv
}
  0  0
   0   0
{
  [1,1] = .
  [1,2] = ..
  [1,3] = a.csv
  [1,4] = b.csv
  [1,5] = c.txt
}
x =

a.csv
b.csv
c.txt

c.txt
a.csv  b.csv
1
a =

   3   5
   4   0

b =

   3   4

c = abcdef
d =

   10   20   30

e =

   26   12

g =

   12   97   98   99

"#;
