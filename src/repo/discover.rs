//! Finding a repository's root as git does, before anything is listed: from the given
//! directory up to the first one holding `.git` (a directory, or a `gitdir:` file for
//! linked worktrees and submodules) or being a bare repository itself. The walk stops at
//! the filesystem root and at a filesystem boundary (git's default), and reads no
//! environment variable (`GIT_DIR`, `GIT_CEILING_DIRECTORIES`) and no configuration.

use crate::diag::Code;
use crate::model::FactError;
use std::path::{Path, PathBuf};

/// Where a repository was found
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Found {
    /// No repository: the directory itself, scanned as a plain directory
    Plain(PathBuf),
    /// A work tree: its root, the directory holding `.git`
    WorkTree(PathBuf),
    /// A bare repository: its git directory
    Bare(PathBuf),
}

/// The canonical form of `path`, which must be a directory
fn directory(path: &Path) -> Result<PathBuf, FactError> {
    let real = std::fs::canonicalize(path).map_err(|e| {
        FactError::new(Code::FactsIo, format!("cannot open `{}`: {e}", path.display()))
    })?;
    if !real.is_dir() {
        return Err(FactError::new(
            Code::FactsIo,
            format!("`{}` is not a directory", path.display()),
        ));
    }
    Ok(real)
}

/// The repository `path` is in, searching upwards
pub(super) fn discover(path: &Path) -> Result<Found, FactError> {
    let start = directory(path)?;
    let device = device_of(&start);
    for dir in start.ancestors() {
        if device.is_some() && device_of(dir) != device {
            break;
        }
        if let Some(found) = probe(dir) {
            return Ok(found);
        }
    }
    Ok(Found::Plain(start))
}

/// The repository rooted exactly at `path` (no search upwards): for fixtures, which are
/// directories inside another repository but stand for a repository of their own
pub(super) fn at(path: &Path) -> Result<Found, FactError> {
    let dir = directory(path)?;
    Ok(probe(&dir)
        .filter(|f| matches!(f, Found::WorkTree(r) | Found::Bare(r) if *r == dir))
        .unwrap_or(Found::Plain(dir)))
}

/// Is `dir` a work tree root or a bare repository? A `.git` that is not a valid repository
/// still makes `dir` a work tree root: opening it then fails with a clear error, rather
/// than the directory being scanned as if git were not there.
pub(super) fn probe(dir: &Path) -> Option<Found> {
    let dot = dir.join(".git");
    if std::fs::symlink_metadata(&dot).is_ok() {
        return Some(Found::WorkTree(dir.to_path_buf()));
    }
    if dir.join("HEAD").is_file()
        && matches!(gix::discover::is_git(dir), Ok(gix::discover::repository::Kind::PossiblyBare))
    {
        return Some(Found::Bare(dir.to_path_buf()));
    }
    None
}

#[cfg(unix)]
fn device_of(dir: &Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt as _;
    std::fs::metadata(dir).ok().map(|m| m.dev())
}

#[cfg(not(unix))]
fn device_of(_: &Path) -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subdirectory_finds_the_directory_holding_dot_git() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::create_dir_all(root.join("src/deep")).unwrap();
        assert_eq!(discover(&root.join("src/deep")).unwrap(), Found::WorkTree(root.clone()));
        assert_eq!(at(&root.join("src/deep")).unwrap(), Found::Plain(root.join("src/deep")));
    }

    #[test]
    fn a_git_file_marks_a_worktree_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::write(root.join(".git"), "gitdir: /elsewhere\n").unwrap();
        std::fs::create_dir(root.join("src")).unwrap();
        assert_eq!(discover(&root.join("src")).unwrap(), Found::WorkTree(root));
    }

    #[test]
    fn a_missing_directory_is_an_io_error() {
        let err = discover(Path::new("/no/such/dir/anywhere")).unwrap_err();
        assert_eq!(err.code, Code::FactsIo);
    }
}
