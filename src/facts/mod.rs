//! Facts: what rules know about a repository, computed lazily and at most once.
//!
//! The evaluator asks a [`FactSource`] for facts by name; [`repo::RepoFacts`] is the real
//! one, reading a repository through the [`tree`] abstraction. Tests may plug in their own.

use crate::diag::Code;
use crate::model::{FactError, Value};

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
            Code::EvalFactFailed,
            format!("`{name}` reads the repository and cannot be used here"),
        ))
    }
}

mod documents;
mod file;
mod gitmeta;
pub mod glob;
mod languages;
pub mod repo;
pub mod tree;
pub mod workdir;
