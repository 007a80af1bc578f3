//! Facts: what rules know about a repository, computed lazily and at most once.
//!
//! The evaluator asks a [`FactSource`] for facts by name; [`repo::RepoFacts`] is the real
//! one, reading a repository through its [`crate::repo::Target`]. Tests may plug in their own.

use crate::eval::value::Value;

/// Why a fact could not be computed
#[derive(Clone, Debug, PartialEq)]
pub struct FactError {
    /// Diagnostic code, e.g. `facts::bad_yaml`
    pub code: &'static str,
    /// One lowercase sentence
    pub message: String,
    /// The file it concerns, relative to the repository
    pub path: Option<String>,
    /// 1-based line in that file, when known
    pub line: Option<u32>,
}

impl FactError {
    /// An error about the repository as a whole
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        FactError { code, message: message.into(), path: None, line: None }
    }

    /// An error about one file
    pub fn at(code: &'static str, message: impl Into<String>, path: impl Into<String>) -> Self {
        FactError { code, message: message.into(), path: Some(path.into()), line: None }
    }
}

/// Where the evaluator gets facts
pub trait FactSource: Sync {
    /// Compute (or return the memoised) fact; `args` follow the schema's parameter order,
    /// absent optionals are `null` and variadics come as one list
    fn fact(&self, name: &str, args: &[Value]) -> Result<Value, FactError>;
}

/// A source with no facts: for constants and param values
pub struct NoFacts;

impl FactSource for NoFacts {
    fn fact(&self, name: &str, _: &[Value]) -> Result<Value, FactError> {
        Err(FactError::new(
            "eval::fact_failed",
            format!("`{name}` reads the repository and cannot be used here"),
        ))
    }
}

mod documents;
mod file;
pub mod glob;
mod languages;
pub mod repo;
