//! Numeric kernels behind the operators: element-wise arithmetic with
//! implicit expansion, comparisons, logical ops, matrix multiply/divide/power
//! and transposes. Used by the evaluator and by builtins (`plus`, `power`...).
