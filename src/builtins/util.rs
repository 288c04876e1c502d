//! Argument helpers shared by the builtin families.
