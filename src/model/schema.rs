//! Signatures: of facts (declared by their providers in `facts/`), of the pure helpers
//! (here), and of record types (`RecordSchema`, declared beside the provider that makes
//! them). The checker, the evaluator and docs/language.md read these declarations.

use super::types::Type;

/// How a parameter is passed
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// Positional, must be given
    Required,
    /// May be omitted (positionally or by name); `null` when absent
    Optional,
    /// Zero or more positional values
    Variadic,
}

/// One parameter of a fact, helper or method
#[derive(Debug)]
pub struct ParamDef {
    /// Name, usable as `name: value`
    pub name: &'static str,
    /// Written type (see [`Type::parse`])
    pub ty: &'static str,
    /// How it is passed
    pub kind: ParamKind,
}

/// A callable: fact, helper or method
#[derive(Debug)]
pub struct Sig {
    /// Name as written in policies
    pub name: &'static str,
    /// Parameters in order
    pub params: &'static [ParamDef],
    /// Written return type
    pub ret: &'static str,
    /// One line for docs and `explain`
    pub doc: &'static str,
}

impl Sig {
    /// `files(patterns: string..., nocase: bool?) -> list<file>`
    pub fn display(&self) -> String {
        let params: Vec<String> = self
            .params
            .iter()
            .map(|p| match p.kind {
                ParamKind::Required => format!("{}: {}", p.name, p.ty),
                ParamKind::Optional => format!("{}: {}?", p.name, p.ty),
                ParamKind::Variadic => format!("{}: {}...", p.name, p.ty),
            })
            .collect();
        format!("{}({}) -> {}", self.name, params.join(", "), self.ret)
    }
}

/// A required parameter
pub const fn req(name: &'static str, ty: &'static str) -> ParamDef {
    ParamDef { name, ty, kind: ParamKind::Required }
}
/// An optional parameter
pub const fn opt(name: &'static str, ty: &'static str) -> ParamDef {
    ParamDef { name, ty, kind: ParamKind::Optional }
}
/// A variadic parameter
pub const fn many(name: &'static str, ty: &'static str) -> ParamDef {
    ParamDef { name, ty, kind: ParamKind::Variadic }
}

/// Pure helpers (SPEC §2.3)
pub const HELPERS: &[Sig] = &[
    Sig {
        name: "len",
        params: &[req("value", "any")],
        ret: "int",
        doc: "length of a list, string or map",
    },
    Sig { name: "lower", params: &[req("s", "string")], ret: "string", doc: "lowercase" },
    Sig { name: "upper", params: &[req("s", "string")], ret: "string", doc: "uppercase" },
    Sig {
        name: "trim",
        params: &[req("s", "string")],
        ret: "string",
        doc: "without surrounding whitespace",
    },
    Sig {
        name: "starts_with",
        params: &[req("s", "string"), req("prefix", "string")],
        ret: "bool",
        doc: "prefix test",
    },
    Sig {
        name: "ends_with",
        params: &[req("s", "string"), req("suffix", "string")],
        ret: "bool",
        doc: "suffix test",
    },
    Sig {
        name: "split",
        params: &[req("s", "string"), req("sep", "string")],
        ret: "list<string>",
        doc: "split on a separator",
    },
    Sig {
        name: "join",
        params: &[req("items", "list<string>"), req("sep", "string")],
        ret: "string",
        doc: "join with a separator",
    },
    Sig {
        name: "now",
        params: &[],
        ret: "date",
        doc: "the clock (fixed by `--now` or `SOURCE_DATE_EPOCH`)",
    },
];

/// A field of a record: name, written type, doc
pub type FieldDef = (&'static str, &'static str, &'static str);

/// What a record type is: declared by the provider that makes its values
#[derive(Debug)]
pub struct RecordSchema {
    /// Name as used in types, e.g. `file`
    pub name: &'static str,
    /// Fields with their written types
    pub fields: &'static [FieldDef],
    /// Methods
    pub methods: &'static [Sig],
    /// What iterating over a value of this kind yields, if it can be iterated
    pub element: Option<&'static RecordSchema>,
    /// Whether values of this kind point at a place (path, line)
    pub located: bool,
}

/// A kind of record: a reference to its schema, compared by name
#[derive(Clone, Copy)]
pub struct RecordKind(pub &'static RecordSchema);

impl RecordKind {
    /// Name as used in types
    pub fn name(self) -> &'static str {
        self.0.name
    }

    /// Fields with their written types
    pub fn fields(self) -> &'static [FieldDef] {
        self.0.fields
    }

    /// Methods
    pub fn methods(self) -> &'static [Sig] {
        self.0.methods
    }

    /// Whether values of this kind point at a place (path, line)
    pub fn is_located(self) -> bool {
        self.0.located
    }

    /// What iterating over a value of this kind yields
    pub fn element(self) -> Option<Type> {
        self.0.element.map(|e| Type::Record(RecordKind(e)))
    }

    /// A field's declaration, if the kind has it
    pub fn field_def(self, name: &str) -> Option<&'static FieldDef> {
        self.0.fields.iter().find(|f| f.0 == name)
    }

    /// A method, if the kind has it
    pub fn method(self, name: &str) -> Option<&'static Sig> {
        self.0.methods.iter().find(|m| m.name == name)
    }
}

impl PartialEq for RecordKind {
    fn eq(&self, other: &Self) -> bool {
        self.0.name == other.0.name
    }
}

impl Eq for RecordKind {}

impl std::hash::Hash for RecordKind {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.name.hash(state);
    }
}

impl PartialOrd for RecordKind {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for RecordKind {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.name.cmp(other.0.name)
    }
}

impl std::fmt::Debug for RecordKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RecordKind({})", self.0.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helper_types_parse() {
        for sig in HELPERS {
            assert!(Type::parse(sig.ret).is_some(), "{}", sig.ret);
            for p in sig.params {
                assert!(Type::parse(p.ty).is_some(), "{}", p.ty);
            }
        }
    }
}
