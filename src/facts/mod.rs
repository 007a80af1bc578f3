//! Facts: what rules know about a repository, computed lazily and at most once.
//!
//! A fact is a typed [`Fact`]: a signature and the function that computes it, declared by
//! the provider of its domain (one file each: `repository`, `files`, `documents`,
//! `languages`, `licenses`, `manifests`, `dependencies`, `vendored`, `history`, `codeowners`,
//! `workflows`), beside the records it returns. [`registry`] lists
//! the providers; the checker reads signatures from it and the compiler embeds `&'static
//! Fact`s in the IR. [`repo::RepoFacts`] computes facts for one repository (read through
//! its [`crate::repo::Target`]) and memoises them; tests may plug in their own [`FactSource`].

use crate::diag::Code;
use crate::model::schema::Sig;
use crate::model::{FactError, Value};

/// A fact: its signature and how it is computed
#[derive(Debug)]
pub struct Fact {
    /// Name, parameters, return type, doc
    pub sig: Sig,
    /// How to compute it
    pub compute: Compute,
    /// Memoise per argument list (else the provider memoises at its own level)
    pub memo: bool,
    /// Lists files of the tree: its result is incomplete when the listing was
    pub lists_tree: bool,
}

/// How a fact is computed
#[derive(Debug)]
pub enum Compute {
    /// By this function, over one repository; arguments follow the signature's order
    /// (absent optionals are `null`, variadics come as one list)
    By(fn(&repo::RepoFacts, &[Value]) -> Result<Value, FactError>),
    /// Not by this version of tenet: a policy that calls it gets `check::unavailable_fact`,
    /// and its rules end as `error`
    Unavailable,
}

impl Fact {
    /// The fact's name
    pub fn name(&self) -> &'static str {
        self.sig.name
    }

    /// True when this version of tenet does not compute it
    pub fn is_unavailable(&self) -> bool {
        matches!(self.compute, Compute::Unavailable)
    }
}

/// Where the evaluator gets facts
pub trait FactSource: Sync {
    /// Compute (or return the memoised) fact
    fn fact(&self, fact: &'static Fact, args: &[Value]) -> Result<Value, FactError>;

    /// Why the listing that a file-listing fact depends on is incomplete (a directory
    /// could not be read); the rules that listed files then end as `error`
    fn incomplete(&self) -> Option<FactError> {
        None
    }

    /// Pre-commit mode: the files that rules iterating `files(…)` may see
    fn selection(&self) -> Option<&Selection> {
        None
    }
}

/// Pre-commit mode (`check --staged`, `--files`): rules whose first `for` iterates
/// `files(…)` see only these files; other rules run as usual, unless `only_file_rules`
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Paths relative to the repository, `/`-separated
    pub paths: std::collections::BTreeSet<String>,
    /// `--only-files`: rules that do not iterate files are skipped
    pub only_file_rules: bool,
}

/// A source with no facts: for constants and param values
pub struct NoFacts;

impl FactSource for NoFacts {
    fn fact(&self, fact: &'static Fact, _: &[Value]) -> Result<Value, FactError> {
        Err(FactError::new(
            Code::EvalFactFailed,
            format!("`{}` reads the repository and cannot be used here", fact.name()),
        ))
    }
}

pub mod codeowners;
pub mod dependencies;
pub mod documents;
mod file_record;
pub mod files;
pub mod glob;
pub mod history;
pub mod languages;
pub mod license_cache;
pub mod license_detect;
pub mod license_fingerprint;
pub mod license_info;
mod license_names;
pub mod licenses;
mod linguist_paths;
pub mod manifests;
pub mod registry;
pub mod repo;
pub mod repository;
pub mod reuse;
pub mod spdx_lenient;
pub mod vendored;
pub mod workflows;
