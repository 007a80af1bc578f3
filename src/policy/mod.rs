//! Policies: loading `.tenet` files and embedded packs into units, following imports.
//!
//! A unit is what one `import` names: a single file, a directory of files, or a standard
//! pack. The files of a unit share one namespace for `let` and `param`, like the files of
//! a Go package, so a pack can split its rules one per file and still share its params.

mod load;
mod packs;

pub use load::{PolicySpec, load, normalize_name};
pub use packs::{pack_files, pack_names};

use crate::diag::Diagnostic;
use crate::source::{SourceMap, Span};
use crate::syntax::ast::{Expr, File, Ident};
use std::path::PathBuf;

/// Index of a unit in [`Policy::units`]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitId(pub usize);

/// An import edge: `import "…" with { … }`
#[derive(Clone, Debug)]
pub struct ImportEdge {
    /// The imported unit
    pub target: UnitId,
    /// Param values set by `with`
    pub with: Vec<(Ident, Expr)>,
    /// The import's path literal
    pub span: Span,
}

/// Files that share one namespace
#[derive(Debug)]
pub struct Unit {
    /// `std/hygiene`, a path relative to the working directory, or `<stdin>`
    pub name: String,
    /// Directory for relative imports, fixtures and `data()`; `None` for embedded packs
    pub dir: Option<PathBuf>,
    /// Parsed files, sorted by name
    pub files: Vec<File>,
    /// What this unit imports
    pub imports: Vec<ImportEdge>,
    /// True for units named on the command line (or found in `.tenet/`)
    pub is_root: bool,
}

/// Everything loaded for one run, before checking
#[derive(Debug, Default)]
pub struct Policy {
    /// The text of every file
    pub sources: SourceMap,
    /// Units in load order; roots first
    pub units: Vec<Unit>,
    /// Syntax and import problems
    pub diagnostics: Vec<Diagnostic>,
    /// When the policy is a repository's own (`<repo>/.tenet/`): the canonical repository
    /// root, inside which every policy and `data()` file must stay
    pub repository: Option<PathBuf>,
}
