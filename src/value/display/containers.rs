//! Display of cell arrays and struct arrays, as Octave 7 nests them:
//!
//! * a cell prints `{`, each element named by its subscripts (`[2,1] = 5`)
//!   two spaces deeper, and `}`; an empty cell is `{}(0x3)` and an N-d cell
//!   only `{1x2x2 Cell Array}`;
//! * a scalar struct prints its fields four spaces deeper than its name,
//!   nested structs down to `STRUCT_LEVELS` levels (each struct's fields
//!   are one level deeper; a cell between them adds none),
//!   deeper ones by field name, size and type only (`c: 1x1 scalar struct`);
//! * a struct array prints its size and its field names, never its values.
//!
//! The name line and the blank lines around each value come from
//! `Printer::name_tag` and `Printer::with_name` in the parent module.

use super::{type_name, Printer};
use crate::value::{Array, StructArray, Value};

impl Printer {
    /// The body of a struct array: the fields of a scalar struct, or the
    /// size and field names of any other; ends with a newline unless there
    /// is nothing to list.
    pub(super) fn structure(&self, s: &StructArray, indent: usize, levels: i32) -> String {
        if s.is_scalar() {
            return self.struct_fields(s, indent, levels);
        }
        let pad = " ".repeat(indent);
        let mut out = format!(
            "{pad}  {} struct array containing the fields:\n\n",
            s.dims().to_string_x()
        );
        for name in s.names() {
            out.push_str(&format!("{pad}    {name}\n"));
        }
        out
    }

    /// Fields of a scalar struct, four spaces deeper than `indent`.
    fn struct_fields(&self, s: &StructArray, indent: usize, levels: i32) -> String {
        let inner = indent + 4;
        let mut out = String::new();
        for (key, val) in s.scalar_fields() {
            if levels <= 0 {
                out.push_str(&format!(
                    "{}{key}: {} {}\n",
                    " ".repeat(inner),
                    val.dims_ref().to_string_x(),
                    type_name(val)
                ));
            } else {
                out.push_str(&self.with_name(key, val, inner, levels - 1));
            }
        }
        out
    }

    /// The body of a cell array, without a final newline.
    pub(super) fn cell(&self, a: &Array<Value>, indent: usize, levels: i32) -> String {
        let d = a.dims();
        if d.ndims() > 2 {
            return format!("{{{} Cell Array}}", d.to_string_x());
        }
        if a.is_empty() {
            return format!("{{}}({})", d.to_string_x());
        }
        let pad = " ".repeat(indent);
        let nr = d.get(0).max(1);
        let mut out = format!("{pad}{{\n");
        for (k, e) in a.data().iter().enumerate() {
            let name = format!("[{},{}]", k % nr + 1, k / nr + 1);
            out.push_str(&self.with_name(&name, e, indent + 2, levels));
        }
        out.push_str(&pad);
        out.push('}');
        out
    }
}
