//! The signatures of facts, helpers and record types: the one table the checker, the
//! evaluator and docs/language.md agree on.

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
    /// The return type
    pub fn ret_type(&self) -> Type {
        Type::parse(self.ret).unwrap_or(Type::Error)
    }

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

const fn req(name: &'static str, ty: &'static str) -> ParamDef {
    ParamDef { name, ty, kind: ParamKind::Required }
}
const fn opt(name: &'static str, ty: &'static str) -> ParamDef {
    ParamDef { name, ty, kind: ParamKind::Optional }
}
const fn many(name: &'static str, ty: &'static str) -> ParamDef {
    ParamDef { name, ty, kind: ParamKind::Variadic }
}

/// Facts: functions that read the repository (SPEC §3). `repo` is also usable bare.
pub const FACTS: &[Sig] = &[
    Sig { name: "repo", params: &[], ret: "repo", doc: "the repository being checked" },
    Sig {
        name: "files",
        params: &[many("patterns", "string"), opt("nocase", "bool")],
        ret: "list<file>",
        doc: "files matching any of the globs (all files when none is given)",
    },
    Sig {
        name: "exists",
        params: &[many("patterns", "string"), opt("nocase", "bool")],
        ret: "bool",
        doc: "whether any file matches any of the globs",
    },
    Sig {
        name: "file",
        params: &[req("path", "string")],
        ret: "file?",
        doc: "the file at exactly this path, or null",
    },
    Sig {
        name: "languages",
        params: &[],
        ret: "languages",
        doc: "languages by extension and shebang",
    },
    Sig {
        name: "data",
        params: &[req("name", "string")],
        ret: "any",
        doc: "a JSON, YAML or TOML document beside the policy",
    },
    Sig {
        name: "json",
        params: &[req("path", "string")],
        ret: "any",
        doc: "a JSON file of the repository, parsed (null if absent)",
    },
    Sig {
        name: "yaml",
        params: &[req("path", "string")],
        ret: "any",
        doc: "a YAML file of the repository, parsed (null if absent)",
    },
    Sig {
        name: "toml",
        params: &[req("path", "string")],
        ret: "any",
        doc: "a TOML file of the repository, parsed (null if absent)",
    },
    Sig {
        name: "license_files",
        params: &[],
        ret: "list<license_file>",
        doc: "license file candidates with detected licenses",
    },
    Sig {
        name: "commits",
        params: &[
            opt("range", "string"),
            opt("since", "date"),
            opt("limit", "int"),
            opt("merges", "bool"),
        ],
        ret: "list<commit>",
        doc: "commits reachable from HEAD",
    },
    Sig {
        name: "license_info",
        params: &[req("expr", "string")],
        ret: "license_info",
        doc: "category and flags of a license expression",
    },
];

/// Facts the language declares but this version of tenet does not compute yet. A policy
/// that calls one checks with a `check::unavailable_fact` warning, and its rules end as
/// `facts::unavailable` errors when run. Remove a name here when its provider lands.
pub const UNAVAILABLE_FACTS: &[&str] = &["license_files", "commits", "license_info"];

/// True for a fact this version declares but does not compute (see [`UNAVAILABLE_FACTS`])
pub fn is_unavailable(name: &str) -> bool {
    UNAVAILABLE_FACTS.contains(&name)
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

/// Find a fact or helper by name
pub fn function(name: &str) -> Option<&'static Sig> {
    FACTS.iter().chain(HELPERS).find(|s| s.name == name)
}

/// A field of a record: name, written type, doc
pub type FieldDef = (&'static str, &'static str, &'static str);

macro_rules! records {
    ($($variant:ident $name:literal element $elem:expr, located $located:literal {
        fields: [$(($f:literal, $ft:literal, $fd:literal)),* $(,)?]
        methods: [$($m:expr),* $(,)?]
    })*) => {
        /// The kinds of records facts return
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum RecordKind { $(#[doc = concat!("`", $name, "`")] $variant),* }

        impl RecordKind {
            /// Every kind
            pub const ALL: &'static [RecordKind] = &[$(RecordKind::$variant),*];

            /// Name as used in types
            pub fn name(self) -> &'static str { match self { $(RecordKind::$variant => $name),* } }

            /// Look up by name
            pub fn from_name(s: &str) -> Option<RecordKind> {
                match s { $($name => Some(RecordKind::$variant),)* _ => None }
            }

            /// Fields with their written types
            pub fn fields(self) -> &'static [FieldDef] {
                match self { $(RecordKind::$variant => &[$(($f, $ft, $fd)),*]),* }
            }

            /// Methods
            pub fn methods(self) -> &'static [Sig] {
                match self { $(RecordKind::$variant => { const M: &[Sig] = &[$($m),*]; M }),* }
            }

            /// Whether values of this kind point at a place (path, line)
            pub fn is_located(self) -> bool { match self { $(RecordKind::$variant => $located),* } }

            /// What iterating over a value of this kind yields
            pub fn element(self) -> Option<Type> {
                match self { $(RecordKind::$variant => $elem),* }
            }
        }
    };
}

records! {
    Repo "repo" element None, located false {
        fields: [
            ("name", "string", "directory name of the repository"),
            ("path", "string", "absolute path"),
            ("is_git", "bool", "has a git object database"),
            ("is_bare", "bool", "is a bare git repository"),
            ("head", "string?", "commit id of HEAD"),
            ("branch", "string?", "checked-out branch"),
            ("remote", "string?", "URL of the `origin` remote, from git config"),
        ]
        methods: []
    }
    File "file" element None, located true {
        fields: [
            ("path", "string", "path relative to the repository root, `/`-separated"),
            ("name", "string", "file name"),
            ("ext", "string", "extension without the dot, or \"\""),
            ("size", "size", "size in bytes"),
            ("is_binary", "bool", "contains a NUL byte in its first 8 KiB"),
            ("is_symlink", "bool", "is a symbolic link (never followed)"),
            ("text", "string", "the content as UTF-8 text"),
            ("lines", "list<string>", "the content split into lines"),
        ]
        methods: [
            Sig { name: "head", params: &[req("n", "int")], ret: "string", doc: "the first n lines" },
            Sig { name: "find", params: &[req("pattern", "regex")], ret: "list<match>", doc: "every match, located" },
        ]
    }
    Match "match" element None, located true {
        fields: [
            ("path", "string", "the file"),
            ("line", "int", "1-based line of the match start"),
            ("column", "int", "1-based character column of the match start"),
            ("text", "string", "the matched text"),
            ("groups", "list<string?>", "capture groups (null for those that did not take part)"),
        ]
        methods: []
    }
    Languages "languages" element Some(Type::Record(RecordKind::Language)), located false {
        fields: [
            ("names", "list<string>", "languages present, sorted"),
        ]
        methods: [
            Sig { name: "has", params: &[req("name", "string")], ret: "bool", doc: "whether the language is present (case-insensitive)" },
            Sig { name: "count", params: &[req("name", "string")], ret: "int", doc: "number of files in the language" },
        ]
    }
    Language "language" element None, located false {
        fields: [
            ("name", "string", "lowercase language name"),
            ("files", "int", "number of files"),
        ]
        methods: []
    }
    LicenseFile "license_file" element None, located true {
        fields: [
            ("path", "string", "the file"),
            ("license", "license", "what its text is"),
        ]
        methods: []
    }
    License "license" element None, located false {
        fields: [
            ("id", "string", "best single SPDX id"),
            ("expr", "string", "SPDX expression, `NOASSERTION` below the threshold"),
            ("confidence", "float", "0 to 1"),
        ]
        methods: []
    }
    Commit "commit" element None, located false {
        fields: [
            ("id", "string", "full commit id"),
            ("short", "string", "abbreviated id"),
            ("author", "person", "author, mailmap applied"),
            ("committer", "person", "committer, mailmap applied"),
            ("subject", "string", "first line of the message"),
            ("message", "string", "whole message"),
            ("parents", "list<string>", "parent ids"),
            ("is_merge", "bool", "has more than one parent"),
            ("is_bot", "bool", "authored by a bot account"),
            ("is_signed", "bool", "carries a signature"),
        ]
        methods: [
            Sig { name: "trailers", params: &[req("key", "string")], ret: "list<trailer>", doc: "trailers with this key" },
        ]
    }
    Person "person" element None, located false {
        fields: [
            ("name", "string", "name"),
            ("email", "string", "email"),
            ("time", "date", "when"),
        ]
        methods: []
    }
    Trailer "trailer" element None, located false {
        fields: [
            ("value", "string", "the whole value"),
            ("name", "string", "the name part of a `Name <email>` value"),
            ("email", "string", "the email part of a `Name <email>` value"),
        ]
        methods: []
    }
    LicenseInfo "license_info" element None, located false {
        fields: [
            ("category", "string", "permissive, weak-copyleft, strong-copyleft, network-copyleft, public-domain, source-available, proprietary or unknown"),
            ("osi_approved", "bool", "OSI approved"),
            ("fsf_libre", "bool", "FSF free/libre"),
            ("deprecated", "bool", "deprecated SPDX id"),
        ]
        methods: []
    }
}

impl RecordKind {
    /// The type of a field, if the kind has it
    pub fn field(self, name: &str) -> Option<Type> {
        self.fields().iter().find(|f| f.0 == name).and_then(|f| Type::parse(f.1))
    }

    /// A method, if the kind has it
    pub fn method(self, name: &str) -> Option<&'static Sig> {
        self.methods().iter().find(|m| m.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unavailable_facts_are_declared_facts() {
        for name in UNAVAILABLE_FACTS {
            assert!(FACTS.iter().any(|f| f.name == *name), "`{name}` is not in FACTS");
        }
    }

    #[test]
    fn every_written_type_parses() {
        for sig in
            FACTS.iter().chain(HELPERS).chain(RecordKind::ALL.iter().flat_map(|k| k.methods()))
        {
            assert!(Type::parse(sig.ret).is_some(), "{}", sig.ret);
            for p in sig.params {
                assert!(Type::parse(p.ty).is_some(), "{}", p.ty);
            }
        }
        for k in RecordKind::ALL {
            for f in k.fields() {
                assert!(Type::parse(f.1).is_some(), "{}.{}", k.name(), f.0);
            }
        }
    }
}
