//! Moving workspace values in and out of files.

pub mod json;
