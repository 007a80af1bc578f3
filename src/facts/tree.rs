//! The tree abstraction: every file fact reads the repository through [`Tree`], so rules
//! cannot tell whether files come from the working directory, a git tree or the index.

use crate::model::FactError;
use std::sync::Arc;

/// One file of the tree
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Path relative to the root, `/`-separated
    pub path: Arc<str>,
    /// Size in bytes
    pub size: u64,
    /// Is a symbolic link (never followed out of the repository)
    pub is_symlink: bool,
}

/// A source of files
pub trait Tree: Send + Sync {
    /// Every file, sorted by path
    fn entries(&self) -> &[Entry];
    /// The whole content of one file, refusing files over `cap` bytes
    fn read(&self, entry: &Entry, cap: u64) -> Result<Arc<[u8]>, FactError>;
    /// Up to `n` leading bytes (for binary sniffing and shebangs), whatever the file's size
    fn head(&self, entry: &Entry, n: usize) -> Result<Arc<[u8]>, FactError>;
    /// Problems met while listing (unreadable directories, symlinks that leave the root)
    fn problems(&self) -> &[FactError];
}
