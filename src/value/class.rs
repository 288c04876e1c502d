//! MATLAB classes: the one place that names them and says which is what.

/// The class of a value, as `class(x)` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Class {
    Double,
    Single,
    Int8,
    UInt8,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Logical,
    Char,
    Cell,
    Struct,
    FunctionHandle,
}

impl Class {
    /// The integer classes, narrowest first, signed before unsigned.
    pub const INTEGERS: [Class; 8] = [
        Class::Int8,
        Class::UInt8,
        Class::Int16,
        Class::UInt16,
        Class::Int32,
        Class::UInt32,
        Class::Int64,
        Class::UInt64,
    ];

    /// Every class, for lookups by name.
    const ALL: [Class; 15] = [
        Class::Double,
        Class::Single,
        Class::Int8,
        Class::UInt8,
        Class::Int16,
        Class::UInt16,
        Class::Int32,
        Class::UInt32,
        Class::Int64,
        Class::UInt64,
        Class::Logical,
        Class::Char,
        Class::Cell,
        Class::Struct,
        Class::FunctionHandle,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Class::Double => "double",
            Class::Single => "single",
            Class::Int8 => "int8",
            Class::UInt8 => "uint8",
            Class::Int16 => "int16",
            Class::UInt16 => "uint16",
            Class::Int32 => "int32",
            Class::UInt32 => "uint32",
            Class::Int64 => "int64",
            Class::UInt64 => "uint64",
            Class::Logical => "logical",
            Class::Char => "char",
            Class::Cell => "cell",
            Class::Struct => "struct",
            Class::FunctionHandle => "function_handle",
        }
    }

    /// The class named `name` (`"int8"`, `"double"`...).
    pub fn from_name(name: &str) -> Option<Class> {
        Class::ALL.into_iter().find(|c| c.name() == name)
    }

    pub fn is_integer(self) -> bool {
        Class::INTEGERS.contains(&self)
    }

    /// `double` or `single`.
    pub fn is_float(self) -> bool {
        matches!(self, Class::Double | Class::Single)
    }

    /// MATLAB's numeric classes: `double`, `single` and the integers
    /// (`isnumeric`; logical and char are not numeric).
    pub fn is_numeric(self) -> bool {
        self.is_float() || self.is_integer()
    }

    /// Signed integer classes.
    pub fn is_signed_integer(self) -> bool {
        matches!(
            self,
            Class::Int8 | Class::Int16 | Class::Int32 | Class::Int64
        )
    }

    /// Bytes of one element (`whos`, `typecast`); 0 for containers.
    pub fn element_bytes(self) -> usize {
        match self {
            Class::Double | Class::Int64 | Class::UInt64 => 8,
            Class::Single | Class::Int32 | Class::UInt32 => 4,
            Class::Int16 | Class::UInt16 | Class::Char => 2,
            Class::Int8 | Class::UInt8 | Class::Logical => 1,
            Class::Cell | Class::Struct | Class::FunctionHandle => 0,
        }
    }
}

impl std::fmt::Display for Class {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::Class;

    #[test]
    fn names_round_trip() {
        for c in Class::ALL {
            assert_eq!(Class::from_name(c.name()), Some(c));
        }
        assert_eq!(Class::from_name("int9"), None);
        assert!(Class::UInt8.is_integer() && !Class::UInt8.is_signed_integer());
        assert!(Class::Single.is_numeric() && !Class::Logical.is_numeric());
    }
}
