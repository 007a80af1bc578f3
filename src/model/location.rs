//! Locations in a scanned repository: where a value, a violation or an error points.

use std::sync::Arc;

/// Where a value points in the scanned repository (1-based lines and columns)
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// Path relative to the repository root, `/`-separated
    pub path: Arc<str>,
    /// Start line, if the location is finer than the file
    pub line: Option<u32>,
    /// Start column (characters)
    pub column: Option<u32>,
    /// End line
    pub end_line: Option<u32>,
    /// End column (characters, exclusive)
    pub end_column: Option<u32>,
}

impl Location {
    /// A whole file
    pub fn file(path: impl Into<Arc<str>>) -> Self {
        Location { path: path.into(), line: None, column: None, end_line: None, end_column: None }
    }
}
