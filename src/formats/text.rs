//! Delimited text (CSV, dlmwrite/dlmread, writematrix/readmatrix) and MATLAB
//! ASCII (`save -ascii`, `load file.txt`). (Stub: being written; see the
//! issue on file formats.)
