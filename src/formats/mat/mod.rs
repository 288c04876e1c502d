//! MAT-file Level 5 (MATLAB `save -v6` and `-v7`): reader and writer,
//! written from MathWorks' "MAT-File Format" document.
//!
//! # The format, as used here
//!
//! **Header** (128 bytes): 116 bytes of descriptive text, starting
//! `MATLAB 5.0 MAT-file` (the first four bytes are never zero, which is how
//! Level 4 files are told apart), padded with spaces; 8 bytes of subsystem
//! data offset (zeros or spaces: none); a 2-byte version, 0x0100; a 2-byte
//! endian indicator, the characters `M` `I` written as one 16-bit integer,
//! so a little-endian file holds the bytes `IM` and a big-endian one `MI`.
//! Every later integer is in that byte order. MATLAB v7.3 files are HDF5
//! containers behind a similar header (version 0x0200, HDF5 signature at
//! byte 512); they are recognized and refused with a clear message.
//!
//! **Data elements** follow the header back to back. Each has an 8-byte tag:
//! a u32 data type and a u32 byte count, then the data, padded with zeros
//! to a multiple of 8 bytes (the count excludes the padding). When the data
//! has at most 4 bytes it may use the *small data element* form: one u32
//! holding the byte count in its upper 16 bits and the type in its lower 16
//! bits, followed by the 4 data bytes (padded); a reader tells the forms
//! apart by the upper 16 bits of the first u32 being nonzero.
//!
//! Data types: 1 miINT8, 2 miUINT8, 3 miINT16, 4 miUINT16, 5 miINT32,
//! 6 miUINT32, 7 miSINGLE, 9 miDOUBLE, 12 miINT64, 13 miUINT64, 14 miMATRIX,
//! 15 miCOMPRESSED, 16 miUTF8, 17 miUTF16, 18 miUTF32.
//!
//! **miCOMPRESSED** (v7): the data is a zlib stream whose output is one
//! complete data element (normally an miMATRIX, tag included). It is not
//! padded. flatlab writes one per variable; on reading, the output size is
//! never trusted: the stream is inflated incrementally and must actually
//! produce the byte count its inner tag claims, and no more (up to 8 bytes
//! of padding are tolerated; inflating stops at the first byte beyond).
//!
//! **miMATRIX** (one variable) holds sub-elements, each a data element:
//! 1. *Array flags* (miUINT32, 8 bytes): the first u32 has the array class
//!    in bits 0-7 and flags in bits 8-15: 0x0800 complex, 0x0400 global,
//!    0x0200 logical; the second u32 is nzmax for sparse arrays. Classes:
//!    1 cell, 2 struct, 3 object, 4 char, 5 sparse, 6 double, 7 single,
//!    8 int8, 9 uint8, 10 int16, 11 uint16, 12 int32, 13 uint32, 14 int64,
//!    15 uint64, 16 function handle, 17 opaque (MCOS objects, strings,
//!    tables: flags are followed directly by the name).
//! 2. *Dimensions* (miINT32): at least two extents, column-major meaning.
//! 3. *Array name* (miINT8, usually a small element). Empty for struct
//!    fields and cell elements, and for the subsystem data MATLAB appends.
//! 4. *Real part*: a numeric element of ANY numeric type, whatever the
//!    class (MATLAB stores a double array of small integers as miUINT8 to
//!    save space); the reader converts every type to the class.
//!    Logical: class uint8 with the logical flag, miUINT8 data.
//!    Char: class char, data miUINT16/miUTF16 (code units), miUTF8, or
//!    miUINT8/miINT8 (one code unit per byte).
//! 5. *Imaginary part*, same form, when the complex flag is set.
//!
//! Structs instead have a field-name length (miINT32, small element: the
//! fixed width of each name including its NUL), the names (miINT8, each
//! NUL-padded to that width), then one miMATRIX per field per element.
//!
//! Cells have, after the name, one miMATRIX per element (column-major,
//! names empty). An element may be an miMATRIX of 0 bytes: MATLAB's `[]`.
//!
//! # What flatlab does with it
//!
//! Writing (little-endian, version 0x0100): double real and complex
//! (miDOUBLE), single real and complex (mxSINGLE, miSINGLE), the eight
//! integer classes (mxINT8..mxUINT64 with miINT8..miUINT64 data), logical,
//! char (miUINT16, as MATLAB's v6 writer), N-d and empty arrays, cells and
//! struct arrays of any of those (N-d, nested, empty, fields in order).
//! A function handle (or a cell or struct holding one) is left out with a
//! note naming it: MATLAB does not document how handles are stored. With
//! `compress` each variable is one miCOMPRESSED element (v7), at zlib
//! level 6 unless a sample shows the data is nearly incompressible (then
//! level 1, several times faster). Double data is written in bulk, not
//! element by element. A variable whose data exceeds the format's 32-bit
//! byte counts is an error naming it, before the file is touched.
//!
//! Reading: both byte orders, compressed and plain elements, every numeric
//! storage type for every numeric class, converted as MATLAB converts
//! (integers round half away from zero and saturate; int64 and uint64 are
//! exact; single and double keep their bits when stored as themselves).
//! Every class keeps its class; complex integer arrays, which flatlab does
//! not have, become complex double with a note. Cells and structs are read
//! recursively, at most [`MAX_DEPTH`] levels deep. Sparse arrays, function
//! handles, objects and opaque values (and cells or structs holding one)
//! are skipped with a note saying why.
//! The file is read front to back as a stream: each variable's data goes
//! from the file, or from its zlib stream, straight into the array's
//! storage (one copy, whatever the file's size or compression). Every
//! length is checked against the bytes actually present (or, compressed,
//! the bytes the stream actually produces: it must end where its tag says)
//! before anything is allocated; a cell or struct may claim no more
//! elements than the bytes left could hold; too little memory for a
//! variable is an error naming it; malformed files give an error saying
//! what is wrong, never a panic. Variables appear in file order (a
//! repeated name appears twice; the caller's later assignment wins, as in
//! MATLAB).

mod read;
mod write;

#[cfg(test)]
mod tests;

use super::Loaded;
use crate::error::{Error, Result};
use crate::value::{Class, Value};
use std::path::Path;

// Data types.
const MI_INT8: u32 = 1;
const MI_UINT8: u32 = 2;
const MI_INT16: u32 = 3;
const MI_UINT16: u32 = 4;
const MI_INT32: u32 = 5;
const MI_UINT32: u32 = 6;
const MI_SINGLE: u32 = 7;
const MI_DOUBLE: u32 = 9;
const MI_INT64: u32 = 12;
const MI_UINT64: u32 = 13;
const MI_MATRIX: u32 = 14;
const MI_COMPRESSED: u32 = 15;
const MI_UTF8: u32 = 16;
const MI_UTF16: u32 = 17;
const MI_UTF32: u32 = 18;

// Array classes.
const MX_CELL: u32 = 1;
const MX_STRUCT: u32 = 2;
const MX_OBJECT: u32 = 3;
const MX_CHAR: u32 = 4;
const MX_SPARSE: u32 = 5;
const MX_DOUBLE: u32 = 6;
const MX_SINGLE: u32 = 7;
const MX_INT8: u32 = 8;
const MX_UINT8: u32 = 9;
const MX_INT16: u32 = 10;
const MX_UINT16: u32 = 11;
const MX_INT32: u32 = 12;
const MX_UINT32: u32 = 13;
const MX_INT64: u32 = 14;
const MX_UINT64: u32 = 15;
const MX_FUNCTION: u32 = 16;
const MX_OPAQUE: u32 = 17;

/// The numeric classes with their array class and the data type their
/// elements are written as (any numeric type is read for any of them).
const NUMERIC_CLASSES: [(Class, u32, u32); 10] = [
    (Class::Double, MX_DOUBLE, MI_DOUBLE),
    (Class::Single, MX_SINGLE, MI_SINGLE),
    (Class::Int8, MX_INT8, MI_INT8),
    (Class::UInt8, MX_UINT8, MI_UINT8),
    (Class::Int16, MX_INT16, MI_INT16),
    (Class::UInt16, MX_UINT16, MI_UINT16),
    (Class::Int32, MX_INT32, MI_INT32),
    (Class::UInt32, MX_UINT32, MI_UINT32),
    (Class::Int64, MX_INT64, MI_INT64),
    (Class::UInt64, MX_UINT64, MI_UINT64),
];

/// Deepest nesting of cells and structs read or written (as for workspace
/// JSON): a hostile file cannot exhaust the stack, and no real data nests
/// this deep.
const MAX_DEPTH: usize = 64;

// Array flags (in the first u32 of the array-flags sub-element).
const FLAG_COMPLEX: u32 = 0x0800;
const FLAG_LOGICAL: u32 = 0x0200;

/// Writes `vars` as a Level 5 MAT-file; `compress` selects v7 (each
/// variable zlib-compressed) over v6. Returns notes for the user: the
/// variables left out because they are or hold function handles.
pub fn write(path: &Path, vars: &[(&str, &Value)], compress: bool) -> Result<Vec<String>> {
    write::write(path, vars, compress)
}

/// Reads every variable of a Level 5 MAT-file at `path`. Errors and notes
/// name the file.
pub fn read(path: &Path) -> Result<Loaded> {
    read::read_file(path, &path.display().to_string())
}

/// Parses a Level 5 MAT-file held in memory.
pub fn parse(bytes: &[u8]) -> Result<Loaded> {
    read::parse_named(bytes, None)
}
