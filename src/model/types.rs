//! The static types of the language (SPEC §2.3) and how they relate.

use super::schema::RecordKind;
use std::fmt;

/// A static type
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// Dynamic (parsed documents): checked at run time
    Any,
    /// The type of `null`
    Null,
    /// `bool`
    Bool,
    /// `int`
    Int,
    /// `float`
    Float,
    /// `string`
    Str,
    /// `regex`
    Regex,
    /// `duration`
    Duration,
    /// `date` (an instant; date literals are midnight UTC)
    Date,
    /// `size`
    Size,
    /// `list<T>`
    List(Box<Type>),
    /// `map<T>` (string keys)
    Map(Box<Type>),
    /// A record returned by a fact
    Record(RecordKind),
    /// `T?`
    Optional(Box<Type>),
    /// The type of an expression that already failed to check; accepted everywhere
    Error,
}

impl Type {
    /// `list<T>`
    pub fn list(t: Type) -> Type {
        Type::List(Box::new(t))
    }

    /// `T?` (idempotent; `null?` is `null`)
    pub fn optional(t: Type) -> Type {
        match t {
            Type::Optional(_) | Type::Null | Type::Any | Type::Error => t,
            t => Type::Optional(Box::new(t)),
        }
    }

    /// Is this `T?`
    pub fn is_optional(&self) -> bool {
        matches!(self, Type::Optional(_))
    }

    /// `T` for `T?`, else itself
    pub fn unwrap_optional(&self) -> &Type {
        match self {
            Type::Optional(t) => t,
            t => t,
        }
    }

    /// True when a check must not report (dynamic or already broken)
    pub fn is_lenient(&self) -> bool {
        matches!(self, Type::Any | Type::Error)
    }

    /// Can a value of type `self` be used where `want` is expected?
    pub fn fits(&self, want: &Type) -> bool {
        match (self, want) {
            (a, b) if a.is_lenient() || b.is_lenient() => true,
            (Type::Int, Type::Float) | (Type::Null, Type::Optional(_)) => true,
            (Type::Optional(a), Type::Optional(b))
            | (Type::List(a), Type::List(b))
            | (Type::Map(a), Type::Map(b)) => a.fits(b),
            (a, Type::Optional(b)) => a.fits(b),
            (a, b) => a == b,
        }
    }

    /// The common type of two branches (list elements), if any
    pub fn join(&self, other: &Type) -> Option<Type> {
        match (self, other) {
            (a, b) if a == b => Some(a.clone()),
            (Type::Error, _) | (_, Type::Error) => Some(Type::Error),
            (Type::Any, _) | (_, Type::Any) => Some(Type::Any),
            (Type::Int, Type::Float) | (Type::Float, Type::Int) => Some(Type::Float),
            (Type::Null, t) | (t, Type::Null) => Some(Type::optional(t.clone())),
            (Type::Optional(a), b) | (b, Type::Optional(a)) => a.join(b).map(Type::optional),
            (Type::List(a), Type::List(b)) => a.join(b).map(Type::list),
            (Type::Map(a), Type::Map(b)) => a.join(b).map(|t| Type::Map(Box::new(t))),
            _ => None,
        }
    }

    /// The element type when iterating this type
    pub fn element(&self) -> Option<Type> {
        match self {
            Type::List(t) => Some((**t).clone()),
            Type::Any | Type::Error => Some(self.clone()),
            Type::Record(k) => k.element(),
            _ => None,
        }
    }

    /// A built-in type by name (`bool`, `list` with its argument…); `None` when unknown.
    /// Record types are not built in: see [`Type::parse_with`].
    pub fn from_name(name: &str, args: Vec<Type>) -> Option<Type> {
        let mut args = args.into_iter();
        let t = match name {
            "bool" => Type::Bool,
            "int" => Type::Int,
            "float" => Type::Float,
            "string" => Type::Str,
            "regex" => Type::Regex,
            "duration" => Type::Duration,
            "date" => Type::Date,
            "size" => Type::Size,
            "any" => Type::Any,
            "list" => Type::list(args.next()?),
            "map" => Type::Map(Box::new(args.next()?)),
            _ => return None,
        };
        Some(t)
    }

    /// Parse a written type of built-in types only (`list<string>`, `int?`)
    pub fn parse(s: &str) -> Option<Type> {
        Type::parse_with(s, &|_| None)
    }

    /// Parse a written type (`list<file>`, `string?`); `records` resolves record names
    pub fn parse_with(s: &str, records: &dyn Fn(&str) -> Option<RecordKind>) -> Option<Type> {
        let s = s.trim();
        if let Some(inner) = s.strip_suffix('?') {
            return Type::parse_with(inner, records).map(Type::optional);
        }
        if let Some((name, rest)) = s.split_once('<') {
            let inner = rest.strip_suffix('>')?;
            return Type::from_name(name, vec![Type::parse_with(inner, records)?]);
        }
        Type::from_name(s, Vec::new()).or_else(|| records(s).map(Type::Record))
    }

    /// Names of the built-in type names, for "did you mean"
    pub const NAMES: &'static [&'static str] = &[
        "bool", "int", "float", "string", "regex", "duration", "date", "size", "list", "map", "any",
    ];
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Any => f.write_str("any"),
            Type::Null => f.write_str("null"),
            Type::Bool => f.write_str("bool"),
            Type::Int => f.write_str("int"),
            Type::Float => f.write_str("float"),
            Type::Str => f.write_str("string"),
            Type::Regex => f.write_str("regex"),
            Type::Duration => f.write_str("duration"),
            Type::Date => f.write_str("date"),
            Type::Size => f.write_str("size"),
            Type::List(t) => write!(f, "list<{t}>"),
            Type::Map(t) => write!(f, "map<{t}>"),
            Type::Record(k) => f.write_str(k.name()),
            Type::Optional(t) => write!(f, "{t}?"),
            Type::Error => f.write_str("unknown"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_display_round_trip() {
        for s in ["bool", "list<string>", "string?", "map<int>"] {
            assert_eq!(Type::parse(s).map(|t| t.to_string()).as_deref(), Some(s));
        }
    }

    #[test]
    fn int_fits_float_and_values_fit_optionals() {
        assert!(Type::Int.fits(&Type::Float));
        assert!(!Type::Float.fits(&Type::Int));
        assert!(Type::Str.fits(&Type::optional(Type::Str)));
        assert!(!Type::optional(Type::Str).fits(&Type::Str));
        assert_eq!(Type::Null.join(&Type::Str), Some(Type::optional(Type::Str)));
    }
}
