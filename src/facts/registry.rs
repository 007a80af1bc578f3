//! The registry of fact providers: the one list of the domains tenet knows. The checker
//! looks facts, record types and field types up here; docs/language.md is checked
//! against it (tests/grammar.rs), and tests/providers.rs checks every provider keeps its
//! declarations.

use super::Fact;
use crate::model::Type;
use crate::model::schema::{RecordKind, RecordSchema};

/// One domain's declarations
#[derive(Debug)]
pub struct Provider {
    /// The domain, e.g. `files`
    pub name: &'static str,
    /// The facts it computes (or declares unavailable)
    pub facts: &'static [Fact],
    /// The record types it makes
    pub records: &'static [&'static RecordSchema],
}

/// Every provider, in the order docs/language.md presents them
pub const PROVIDERS: &[&Provider] = &[
    &super::repository::PROVIDER,
    &super::files::PROVIDER,
    &super::languages::PROVIDER,
    &super::documents::PROVIDER,
    &super::licenses::PROVIDER,
    &super::manifests::PROVIDER,
    &super::dependencies::PROVIDER,
    &super::vendored::PROVIDER,
    &super::history::PROVIDER,
    &super::codeowners::PROVIDER,
    &super::workflows::PROVIDER,
];

/// Every fact
pub fn facts() -> impl Iterator<Item = &'static Fact> {
    PROVIDERS.iter().flat_map(|p| p.facts.iter()).chain(PLANNED.iter())
}

/// Facts declared but not computed ([`super::Compute::Unavailable`]): none in this
/// version. The unit tests declare one, so that the `check::unavailable_fact` path stays
/// tested until a real one comes.
#[cfg(not(test))]
static PLANNED: &[Fact] = &[];

#[cfg(test)]
static PLANNED: &[Fact] = &[Fact {
    sig: crate::model::schema::Sig {
        name: "planned_example",
        params: &[],
        ret: "list<string>",
        doc: "a fact the unit tests declare and no version computes",
    },
    compute: super::Compute::Unavailable,
    memo: true,
    lists_tree: false,
}];

/// A fact by name
pub fn fact(name: &str) -> Option<&'static Fact> {
    facts().find(|f| f.name() == name)
}

/// Every record kind
pub fn records() -> impl Iterator<Item = RecordKind> {
    PROVIDERS.iter().flat_map(|p| p.records.iter().map(|r| RecordKind(r)))
}

/// A record kind by name
pub fn record(name: &str) -> Option<RecordKind> {
    records().find(|r| r.name() == name)
}

/// Parse a written type, record names included
pub fn parse_type(s: &str) -> Option<Type> {
    Type::parse_with(s, &record)
}

/// The type of a record's field, if the kind has it
pub fn field_type(kind: RecordKind, name: &str) -> Option<Type> {
    kind.field_def(name).and_then(|f| parse_type(f.1))
}
