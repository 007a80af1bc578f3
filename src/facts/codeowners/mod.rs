//! The `codeowners` provider: who owns each path, from the CODEOWNERS file in GitHub's or
//! GitLab's locations (`.github/`, the root, `docs/`, `.gitlab/`; the first found is the one
//! the forge reads). Parsed once per repository ([`parse`]); coverage of the tree's files is
//! computed when a rule first asks for it.

mod parse;

use super::registry::Provider;
use super::repo::RepoFacts;
use super::{Compute, Fact};
use crate::diag::Code;
use crate::model::schema::{RecordKind, RecordSchema, Sig, req};
use crate::model::{FactError, Location, MapRecord, Record, Value};
use parse::Parsed;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// Where GitHub and GitLab look, in the order tenet takes the first found
pub const LOCATIONS: &[&str] =
    &[".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"];

/// The `codeowners` record
pub static CODEOWNERS: RecordSchema = RecordSchema {
    name: "codeowners",
    fields: &[
        ("path", "string?", "the CODEOWNERS file read (null when there is none)"),
        ("entries", "list<codeowners_entry>", "its `pattern owners…` lines, located"),
        ("sections", "list<codeowners_section>", "its GitLab sections, located"),
        ("problems", "list<codeowners_problem>", "lines the forge ignores or misreads, located"),
        ("coverage", "float", "the share of the tree's files that have an owner, 0 to 1"),
        ("unowned", "list<string>", "paths of the tree's files that have no owner"),
    ],
    methods: &[Sig {
        name: "owners_of",
        params: &[req("path", "string")],
        ret: "list<string>",
        doc: "owners of a path: the last matching line wins (per GitLab section)",
    }],
    element: None,
    located: true,
};

/// The `codeowners_entry` record
pub static ENTRY: RecordSchema = RecordSchema {
    name: "codeowners_entry",
    fields: &[
        ("pattern", "string", "the pattern as written"),
        ("owners", "list<string>", "owners as written (a section's defaults when none)"),
        ("section", "string?", "the GitLab section it is in"),
        ("line", "int", "1-based line"),
    ],
    methods: &[],
    element: None,
    located: true,
};

/// The `codeowners_section` record
pub static SECTION: RecordSchema = RecordSchema {
    name: "codeowners_section",
    fields: &[
        ("name", "string", "section name"),
        ("optional", "bool", "written `^[Name]`: approval is optional"),
        ("approvals", "int", "approvals required (`[Name][2]`; 1 by default)"),
        ("line", "int", "1-based line"),
    ],
    methods: &[],
    element: None,
    located: true,
};

/// The `codeowners_problem` record
pub static PROBLEM: RecordSchema = RecordSchema {
    name: "codeowners_problem",
    fields: &[("message", "string", "what is wrong"), ("line", "int", "1-based line")],
    methods: &[],
    element: None,
    located: true,
};

/// Its facts and records
pub static PROVIDER: Provider = Provider {
    name: "codeowners",
    facts: &[
        Fact {
            sig: Sig {
                name: "codeowners",
                params: &[],
                ret: "codeowners",
                doc: "the CODEOWNERS file, parsed",
            },
            compute: Compute::By(codeowners),
            memo: true,
            lists_tree: true,
        },
        Fact {
            sig: Sig {
                name: "owners_of",
                params: &[req("path", "string")],
                ret: "list<string>",
                doc: "owners of a path by CODEOWNERS (last match wins)",
            },
            compute: Compute::By(owners_of),
            memo: true,
            lists_tree: false,
        },
    ],
    records: &[&CODEOWNERS, &ENTRY, &SECTION, &PROBLEM],
};

/// The parsed file of one repository
#[derive(Debug)]
struct CodeOwners {
    path: Option<Arc<str>>,
    parsed: Parsed,
    /// The paths of the tree, for coverage
    files: Vec<Arc<str>>,
    unowned: OnceLock<Vec<Arc<str>>>,
}

impl CodeOwners {
    fn unowned(&self) -> &[Arc<str>] {
        self.unowned.get_or_init(|| {
            if self.path.is_none() {
                return self.files.clone();
            }
            self.files.iter().filter(|f| self.parsed.owners_of(f).is_empty()).cloned().collect()
        })
    }

    fn at(&self, line: u32) -> Option<Location> {
        self.path.as_ref().map(|p| Location {
            line: Some(line),
            column: Some(1),
            ..Location::file(p.clone())
        })
    }
}

#[derive(Debug)]
struct CodeOwnersRecord(Arc<CodeOwners>);

fn record(kind: &'static RecordSchema, fields: Vec<(&str, Value)>, at: Option<Location>) -> Value {
    let fields: BTreeMap<String, Value> =
        fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    Value::Record(Arc::new(MapRecord { kind: RecordKind(kind), fields, location: at }))
}

fn strings(items: &[String]) -> Value {
    Value::list(items.iter().map(Value::str))
}

impl Record for CodeOwnersRecord {
    fn kind(&self) -> RecordKind {
        RecordKind(&CODEOWNERS)
    }

    fn field(&self, name: &str) -> Result<Value, FactError> {
        let c = &self.0;
        let line = |n: u32| Value::Int(i64::from(n));
        Ok(match name {
            "path" => c.path.clone().map_or(Value::Null, Value::Str),
            "entries" => Value::list(c.parsed.entries.iter().map(|e| {
                record(
                    &ENTRY,
                    vec![
                        ("pattern", Value::str(&e.pattern)),
                        ("owners", strings(&e.owners)),
                        ("section", e.section.as_ref().map_or(Value::Null, Value::str)),
                        ("line", line(e.line)),
                    ],
                    c.at(e.line),
                )
            })),
            "sections" => Value::list(c.parsed.sections.iter().map(|s| {
                record(
                    &SECTION,
                    vec![
                        ("name", Value::str(&s.name)),
                        ("optional", Value::Bool(s.optional)),
                        ("approvals", Value::Int(i64::from(s.approvals))),
                        ("line", line(s.line)),
                    ],
                    c.at(s.line),
                )
            })),
            "problems" => Value::list(c.parsed.problems.iter().map(|p| {
                record(
                    &PROBLEM,
                    vec![("message", Value::str(&p.message)), ("line", line(p.line))],
                    c.at(p.line),
                )
            })),
            "coverage" => {
                let total = c.files.len();
                let owned = total - c.unowned().len();
                Value::Float(if total == 0 { 1.0 } else { owned as f64 / total as f64 })
            }
            "unowned" => Value::list(c.unowned().iter().cloned().map(Value::Str)),
            other => {
                return Err(FactError::new(
                    Code::EvalTypeError,
                    format!("`codeowners` has no field `{other}`"),
                ));
            }
        })
    }

    fn method(&self, name: &str, args: &[Value]) -> Result<Value, FactError> {
        match (name, args) {
            ("owners_of", [Value::Str(path)]) => {
                Ok(strings(&self.0.parsed.owners_of(path.trim_start_matches("./"))))
            }
            _ => Err(FactError::new(
                Code::EvalTypeError,
                format!("`codeowners` has no method `{name}` taking these arguments"),
            )),
        }
    }

    fn location(&self) -> Option<Location> {
        self.0.path.clone().map(Location::file)
    }

    fn display(&self) -> String {
        self.0.path.as_deref().unwrap_or("CODEOWNERS").to_string()
    }
}

/// The state of this provider: the file parsed once
#[derive(Debug, Default)]
struct State(OnceLock<Result<Arc<CodeOwners>, FactError>>);

fn load(facts: &RepoFacts) -> Result<Arc<CodeOwners>, FactError> {
    let state = facts.state::<State>()?;
    state
        .0
        .get_or_init(|| {
            let files: Vec<Arc<str>> = facts.entries().iter().map(|e| e.path.clone()).collect();
            let found = LOCATIONS.iter().find_map(|p| facts.lookup(p).map(|i| (*p, i)));
            let (path, parsed) = match found {
                None => (None, Parsed::default()),
                Some((path, index)) => {
                    let text = facts.text_at(index)?;
                    (Some(Arc::from(path)), parse::parse(&text, !path.starts_with(".github/")))
                }
            };
            Ok(Arc::new(CodeOwners { path, parsed, files, unowned: OnceLock::new() }))
        })
        .clone()
}

fn codeowners(facts: &RepoFacts, _: &[Value]) -> Result<Value, FactError> {
    Ok(Value::Record(Arc::new(CodeOwnersRecord(load(facts)?))))
}

fn owners_of(facts: &RepoFacts, args: &[Value]) -> Result<Value, FactError> {
    let Some(Value::Str(path)) = args.first().map(Value::plain) else {
        return Err(FactError::new(Code::EvalTypeError, "`owners_of` takes a path"));
    };
    Ok(strings(&load(facts)?.parsed.owners_of(path.trim_start_matches("./"))))
}
