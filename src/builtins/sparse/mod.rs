//! Builtins: sparse matrices (`sparse`, `full`, `speye`, `spdiags`...) and
//! the routing of sparse arguments to every other builtin.
//!
//! A builtin of another family never sees a sparse argument: `route` gives
//! it to this family's version of the function when there is one (`sum`,
//! `abs`, `find`, `size`...: `OVERRIDES`), passes it untouched to the few
//! that only look at class and size (`PASS`), and otherwise hands the
//! builtin full copies, while they are small (`FULL_LIMIT` elements), or
//! refuses with "NAME: not supported for sparse matrices of this size".
//!
//! Submodules: `construct` (building and converting), `ops` (operators on
//! the compressed form), `index` (subscripts, assignment, deletion),
//! `funcs` (reductions, element-wise functions, shape), `solve`
//! (`\`, `inv`, `det`).

pub mod construct;
pub mod funcs;
pub mod index;
pub mod ops;
pub mod solve;

use super::{Builtin, BuiltinFn};
use crate::error::{Error, Result};
use crate::value::sparse::{Csc, SpData, SparseMatrix};
use crate::value::{Array, Dims, IntArray, Value, C64};

pub const TABLE: &[Builtin] = &[
    Builtin {
        name: "spfun",
        func: construct::spfun,
        calls_back: true,
    },
    Builtin {
        name: "sparse",
        func: construct::sparse,
        calls_back: false,
    },
];

/// The rest of the family's builtins (none calls back).
pub const TABLE_PLAIN: &[Builtin] = table![

    "full" => construct::full,
    "issparse" => construct::issparse,
    "nzmax" => construct::nzmax,
    "nonzeros" => construct::nonzeros,
    "spones" => construct::spones,
    "speye" => construct::speye,
    "spalloc" => construct::spalloc,
    "spdiags" => construct::spdiags,
    "sprand" => construct::sprand,
    "sprandn" => construct::sprandn,
    "sprandsym" => construct::sprandsym,
];

/// Builtins of other families that this family answers for sparse
/// arguments.
const OVERRIDES: &[(&str, BuiltinFn)] = &[
    ("nnz", construct::nnz),
    ("find", construct::find),
    ("isreal", funcs::isreal),
    ("islogical", funcs::islogical),
    ("isbool", funcs::islogical),
    ("double", funcs::double),
    ("logical", funcs::logical),
    ("abs", funcs::abs),
    ("sqrt", funcs::sqrt),
    ("real", funcs::real),
    ("imag", funcs::imag),
    ("conj", funcs::conj),
    ("sign", funcs::sign),
    ("floor", funcs::floor),
    ("ceil", funcs::ceil),
    ("round", funcs::round),
    ("fix", funcs::fix),
    ("sin", funcs::sin),
    ("tan", funcs::tan),
    ("sinh", funcs::sinh),
    ("tanh", funcs::tanh),
    ("asin", funcs::asin),
    ("atan", funcs::atan),
    ("expm1", funcs::expm1),
    ("log1p", funcs::log1p),
    ("isnan", funcs::isnan),
    ("isinf", funcs::isinf),
    ("sum", funcs::sum),
    ("prod", funcs::prod),
    ("any", funcs::any),
    ("all", funcs::all),
    ("max", funcs::max),
    ("min", funcs::min),
    ("diag", funcs::diag),
    ("tril", funcs::tril),
    ("triu", funcs::triu),
    ("kron", funcs::kron),
    ("reshape", funcs::reshape),
    ("cumsum", funcs::cumsum),
    ("fliplr", funcs::fliplr),
    ("flipud", funcs::flipud),
    ("flip", funcs::flip),
    ("rot90", funcs::rot90),
    ("circshift", funcs::circshift),
    ("cast", funcs::cast),
    ("complex", funcs::complex),
    ("sort", funcs::sort),
    ("sortrows", funcs::sortrows),
    ("var", funcs::var),
    ("std", funcs::std),
    ("expint", funcs::expint),
    ("cumprod", funcs::cumprod),
    ("mean", funcs::mean),
    ("repmat", funcs::repmat),
    ("inv", solve::inv),
    ("det", solve::det),
    ("isequal", funcs::isequal),
];

/// Builtins that take a sparse argument as it is: they only look at its
/// class, size or identity, keep it inside a container, or (the first
/// four) handle it themselves.
const PASS: &[&str] = &[
    // Dimension rearrangements that keep a sparse matrix sparse.
    "permute",
    "ipermute",
    "squeeze",
    "shiftdim",
    "size",
    "numel",
    "ndims",
    "rows",
    "columns",
    "length",
    "isempty",
    "isscalar",
    "isvector",
    "isrow",
    "iscolumn",
    "ismatrix",
    "issquare",
    "class",
    "isa",
    "isnumeric",
    "isfloat",
    "isinteger",
    "ischar",
    "iscell",
    "isstruct",
    "iscellstr",
    "is_function_handle",
    "isobject",
    "isfield",
    "struct",
    "cell",
    "num2cell",
    "deal",
    "setfield",
    "getfield",
    "feval",
    "cellfun",
    "arrayfun",
    "func2str",
    "validateattributes",
    "print_usage",
    "inputname",
    "nargin",
    "nargout",
    "typecast",
    "assert",
    "mtimes",
    "mldivide",
    "mrdivide",
    "mpower",
    "plus",
    "minus",
    "times",
    "rdivide",
    "ldivide",
    "power",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "and",
    "or",
    "not",
    "xor",
    "uminus",
    "uplus",
    "transpose",
    "ctranspose",
    "horzcat",
    "vertcat",
    "cat",
    "size_equal",
];

/// Largest sparse matrix (in elements) handed to other builtins as a full
/// copy.
pub const FULL_LIMIT: f64 = 1e8;

/// The function to call for builtin `name` (table entry `func`) and its
/// arguments, once sparse arguments are seen to (see the module comment).
pub fn route(name: &str, func: BuiltinFn, args: Vec<Value>) -> Result<(BuiltinFn, Vec<Value>)> {
    if !args.iter().any(|v| matches!(v, Value::Sparse(_))) {
        return Ok((func, args));
    }
    if let Some((_, f)) = OVERRIDES.iter().find(|(n, _)| *n == name) {
        return Ok((*f, args));
    }
    if PASS.contains(&name) || TABLE.iter().chain(TABLE_PLAIN).any(|b| b.name == name) {
        return Ok((func, args));
    }
    Ok((func, fulls(name, args)?))
}

/// `args` with every sparse matrix made full (for builtin `name`).
pub fn fulls(name: &str, args: Vec<Value>) -> Result<Vec<Value>> {
    args.into_iter()
        .map(|v| match v {
            Value::Sparse(s) => full_for(name, &s),
            other => Ok(other),
        })
        .collect()
}

/// A full copy of `s` for builtin `name`, refused beyond `FULL_LIMIT`.
pub fn full_for(name: &str, s: &SparseMatrix) -> Result<Value> {
    if s.rows() as f64 * s.cols() as f64 > FULL_LIMIT {
        return Err(crate::value::sparse::too_big_for_full(name));
    }
    full_value(s)
}

/// The full matrix of `s` (double, complex or logical).
pub fn full_value(s: &SparseMatrix) -> Result<Value> {
    Ok(match &s.data {
        SpData::Real(c) => Value::Num(c.to_dense()?),
        SpData::Complex(c) => Value::Complex(c.to_dense()?),
        SpData::Bool(c) => Value::Bool(c.to_dense()?),
    })
}

/// A sparse value (wrapped for `Value`).
pub fn value(s: SparseMatrix) -> Value {
    Value::Sparse(Box::new(s))
}

/// The 0x0 sparse double.
pub fn empty_value() -> Value {
    let c = Csc::<f64> {
        rows: 0,
        cols: 0,
        colptr: vec![0],
        rowidx: Vec::new(),
        vals: Vec::new(),
    };
    value(SparseMatrix::real(c))
}

/// `v` as a sparse matrix: double, complex and logical arrays (char as
/// its codes); single and integer classes are refused as MATLAB refuses
/// them; N-d arrays too.
pub fn to_sparse(fname: &str, v: &Value) -> Result<SparseMatrix> {
    if let Value::Sparse(s) = v {
        return Ok((**s).clone());
    }
    if v.dims().ndims() > 2 {
        return Err(Error::new(format!(
            "{fname}: sparse matrices must be 2-D (got {})",
            v.dims().to_string_x()
        )));
    }
    Ok(match v {
        Value::Num(a) => SparseMatrix::real(Csc::from_dense(a)?),
        Value::Complex(a) => SparseMatrix::complex(Csc::from_dense(a)?),
        Value::Bool(a) => SparseMatrix::logical(Csc::from_dense(a)?),
        Value::Char(_) | Value::Single(_) => {
            SparseMatrix::real(Csc::from_dense(&v.to_num_array(fname)?)?)
        }
        // Octave makes single sparse double (its own tests rely on it).
        Value::SingleComplex(_) => {
            SparseMatrix::complex(Csc::from_dense(&v.to_complex_array(fname)?)?)
        }
        other => {
            return Err(Error::with_id(
                "MATLAB:UndefinedFunction",
                format!(
                    "Undefined function '{fname}' for input arguments of type '{}'.",
                    other.class_name()
                ),
            ))
        }
    })
}

/// The three parts the store keeps of `s`: column pointers and row
/// indices as uint64 columns, and the stored values as a column.
pub fn store_parts(s: &SparseMatrix) -> Result<(Value, Value, Value)> {
    let (rowidx, colptr) = s.data.pattern();
    let u64s = |v: &[usize]| {
        let data: Vec<u64> = v.iter().map(|&x| x as u64).collect();
        Value::Int(IntArray::U64(Array::col(data)))
    };
    let vals = match &s.data {
        SpData::Real(c) => Value::Num(Array::col(c.vals.clone())),
        SpData::Complex(c) => Value::Complex(Array::col(c.vals.clone())),
        SpData::Bool(c) => Value::Bool(Array::col(c.vals.clone())),
    };
    Ok((u64s(colptr), u64s(rowidx), vals))
}

/// A sparse value from the parts `store_parts` made, each checked: the
/// text says what is wrong with a damaged record.
pub fn from_store_parts(
    rows: u64,
    cols: u64,
    nzmax: u64,
    colptr: Value,
    rowidx: Value,
    vals: Value,
) -> std::result::Result<Value, String> {
    let idx = |v: &Value, what: &str| -> std::result::Result<Vec<usize>, String> {
        match v {
            Value::Int(IntArray::U64(a)) => a
                .data()
                .iter()
                .map(|&x| usize::try_from(x).map_err(|_| format!("{what} too large")))
                .collect(),
            _ => Err(format!("{what} are not uint64")),
        }
    };
    let rows = usize::try_from(rows).map_err(|_| "too many rows".to_string())?;
    let cols = usize::try_from(cols).map_err(|_| "too many columns".to_string())?;
    let colptr = idx(&colptr, "column pointers")?;
    let rowidx = idx(&rowidx, "row indices")?;
    let nnz = rowidx.len();
    let ok = colptr.len() == cols.saturating_add(1)
        && colptr.first() == Some(&0)
        && colptr.last() == Some(&nnz)
        && colptr.windows(2).all(|w| w[0] <= w[1])
        && colptr.windows(2).all(|w| {
            rowidx[w[0]..w[1]].windows(2).all(|r| r[0] < r[1])
                && rowidx[w[0]..w[1]].iter().all(|&r| r < rows)
        });
    if !ok {
        return Err("a sparse matrix with inconsistent indices".into());
    }
    let data = match vals {
        Value::Num(a) if a.numel() == nnz => SpData::Real(Csc {
            rows,
            cols,
            colptr,
            rowidx,
            vals: a.into_vec(),
        }),
        Value::Complex(a) if a.numel() == nnz => SpData::Complex(Csc {
            rows,
            cols,
            colptr,
            rowidx,
            vals: a.into_vec(),
        }),
        Value::Bool(a) if a.numel() == nnz => SpData::Bool(Csc {
            rows,
            cols,
            colptr,
            rowidx,
            vals: a.into_vec(),
        }),
        _ => return Err("a sparse matrix whose values do not match its indices".into()),
    };
    let mut s = SparseMatrix::new(data);
    s.nzmax = s.nzmax.max(nzmax as usize);
    Ok(value(s))
}

/// The real or complex elements of a sparse matrix for arithmetic
/// (logical counts as double).
pub enum NumCsc {
    Re(Csc<f64>),
    Cx(Csc<C64>),
}

impl NumCsc {
    pub fn of(s: &SparseMatrix) -> Result<NumCsc> {
        Ok(match &s.data {
            SpData::Complex(c) => NumCsc::Cx(c.clone()),
            SpData::Real(c) => NumCsc::Re(c.clone()),
            SpData::Bool(_) => NumCsc::Re(s.to_real()?),
        })
    }
    pub fn into_value(self) -> Value {
        match self {
            NumCsc::Re(c) => value(SparseMatrix::real(c)),
            NumCsc::Cx(c) => value(SparseMatrix::complex(c)),
        }
    }
}

/// The dims of a `rows`x`cols` matrix.
pub fn mat_dims(rows: usize, cols: usize) -> Dims {
    Dims::mat(rows, cols)
}
