//! Struct arrays: N-d arrays of records that share one ordered list of
//! field names.
//!
//! Each element holds its field values in the order of `names`, so
//! indexing, growth and deletion of a struct array are the same generic
//! `Array<T>` operations as for any other array, and a field added or
//! removed is one position in every record. A scalar struct (`err` of
//! `catch err`, `s.a = 1`) is the 1x1 case.

use super::{Array, Dims, Value};

/// The field values of one struct element, in the order of the names.
pub type Record = Box<[Value]>;

/// A struct array with ordered field names.
#[derive(Clone, Debug, PartialEq)]
pub struct StructArray {
    names: Vec<String>,
    elems: Array<Record>,
}

impl Default for StructArray {
    /// A 1x1 struct with no fields (`struct()`).
    fn default() -> StructArray {
        StructArray {
            names: Vec::new(),
            elems: Array::scalar(Box::new([])),
        }
    }
}

impl StructArray {
    /// A struct array from its names and records (each record as long as
    /// `names`; a shorter one is padded with `[]`, a longer one cut).
    pub fn new(names: Vec<String>, elems: Array<Record>) -> StructArray {
        let n = names.len();
        let mut elems = elems;
        if elems.data().iter().any(|r| r.len() != n) {
            for r in elems.data_mut() {
                if r.len() != n {
                    let mut v = std::mem::take(r).into_vec();
                    v.resize(n, Value::empty());
                    *r = v.into_boxed_slice();
                }
            }
        }
        StructArray { names, elems }
    }

    /// A 1x1 struct with these fields, in this order.
    pub fn scalar(fields: Vec<(String, Value)>) -> StructArray {
        let (names, values): (Vec<String>, Vec<Value>) = fields.into_iter().unzip();
        StructArray {
            names,
            elems: Array::scalar(values.into_boxed_slice()),
        }
    }

    /// A struct array of size `dims` whose fields are all `[]`.
    pub fn filled(names: Vec<String>, dims: Dims) -> StructArray {
        let blank: Record = vec![Value::empty(); names.len()].into_boxed_slice();
        let elems = if dims.is_empty() {
            Array::empty_with(dims)
        } else {
            Array::filled(dims, blank)
        };
        StructArray { names, elems }
    }

    pub fn dims(&self) -> &Dims {
        self.elems.dims()
    }
    pub fn numel(&self) -> usize {
        self.elems.numel()
    }
    pub fn is_scalar(&self) -> bool {
        self.elems.is_scalar()
    }
    /// The field names, in order.
    pub fn names(&self) -> &[String] {
        &self.names
    }
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }
    pub fn has_field(&self, name: &str) -> bool {
        self.field_index(name).is_some()
    }
    /// The records, as an array (for indexing, growth and deletion).
    pub fn elems(&self) -> &Array<Record> {
        &self.elems
    }
    /// The records for writing (copy-on-write).
    pub fn elems_mut(&mut self) -> &mut Array<Record> {
        &mut self.elems
    }
    /// Names and records, taken apart.
    pub fn into_parts(self) -> (Vec<String>, Array<Record>) {
        (self.names, self.elems)
    }
    /// Field `name` of element `k` (0-based, column-major).
    pub fn field_of(&self, k: usize, name: &str) -> Option<&Value> {
        let i = self.field_index(name)?;
        self.elems.data().get(k).map(|r| &r[i])
    }
    /// Field `name` of a 1x1 struct (the first element of any other).
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.field_of(0, name)
    }
    /// Set field `name` of every element of a 1x1 struct (adding the field
    /// when it is new). On a struct array this sets the first element.
    pub fn set(&mut self, name: &str, v: Value) {
        let i = self.ensure_field(name);
        if let Some(r) = self.elems.data_mut().first_mut() {
            r[i] = v;
        }
    }
    /// The position of field `name`, added (as `[]` in every element) when
    /// it is new.
    pub fn ensure_field(&mut self, name: &str) -> usize {
        if let Some(i) = self.field_index(name) {
            return i;
        }
        self.names.push(name.to_string());
        for r in self.elems.data_mut() {
            let mut v = std::mem::take(r).into_vec();
            v.push(Value::empty());
            *r = v.into_boxed_slice();
        }
        self.names.len() - 1
    }
    /// Remove field `name`; false when there is none.
    pub fn remove_field(&mut self, name: &str) -> bool {
        let Some(i) = self.field_index(name) else {
            return false;
        };
        self.names.remove(i);
        for r in self.elems.data_mut() {
            let mut v = std::mem::take(r).into_vec();
            v.remove(i);
            *r = v.into_boxed_slice();
        }
        true
    }
    /// `(name, value)` pairs of a 1x1 struct (of the first element of any
    /// other; none for an empty one).
    pub fn scalar_fields(&self) -> impl Iterator<Item = (&str, &Value)> {
        let record: &[Value] = self.elems.data().first().map_or(&[], |r| r);
        self.names.iter().map(String::as_str).zip(record.iter())
    }
    /// Field `name` of every element, in column-major order (`s.name` of a
    /// struct array is this comma-separated list).
    pub fn field_values(&self, name: &str) -> Option<Vec<Value>> {
        let i = self.field_index(name)?;
        Some(self.elems.data().iter().map(|r| r[i].clone()).collect())
    }
    /// Bytes of the field values' element data.
    pub fn byte_size(&self) -> usize {
        self.elems
            .data()
            .iter()
            .flat_map(|r| r.iter())
            .map(Value::byte_size)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_ordered_and_shared_by_every_element() {
        let mut s = StructArray::filled(vec!["a".into()], Dims::row(2));
        s.elems_mut().data_mut()[1][0] = Value::num(2.0);
        let b = s.ensure_field("b");
        assert_eq!(b, 1);
        assert_eq!(s.field_of(1, "a"), Some(&Value::num(2.0)));
        assert_eq!(s.field_of(1, "b"), Some(&Value::empty()));
        assert!(s.remove_field("a"));
        assert_eq!(s.names(), &["b".to_string()]);
        assert_eq!(s.field_values("b").map(|v| v.len()), Some(2));
    }

    #[test]
    fn scalar_structs() {
        let mut s = StructArray::scalar(vec![("x".into(), Value::num(1.0))]);
        s.set("y", Value::str("hi"));
        let got: Vec<&str> = s.scalar_fields().map(|(n, _)| n).collect();
        assert_eq!(got, ["x", "y"]);
        assert_eq!(s.get("y"), Some(&Value::str("hi")));
        assert!(StructArray::default().is_scalar());
        assert_eq!(StructArray::filled(vec![], Dims::empty()).numel(), 0);
    }
}
