//! The working-directory source of [`Tree`]: a gitignore-aware walk with the `ignore` crate.
//!
//! `.git` is skipped, symlinks to files are listed but never followed out of the root
//! (symlinks to directories of the repository are left out: they are not files), and the
//! walk is hermetic (no global gitignore, no parent directories).

use super::tree::{Entry, Tree};
use crate::diag::Code;
use crate::model::FactError;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Files of a directory on disk
#[derive(Debug)]
pub struct WorkDir {
    root: PathBuf,
    canonical_root: PathBuf,
    entries: Vec<Entry>,
    problems: Vec<FactError>,
}

impl WorkDir {
    /// List the files under `root`
    pub fn open(root: &Path) -> Result<WorkDir, FactError> {
        let canonical_root = std::fs::canonicalize(root).map_err(|e| {
            FactError::new(Code::FactsIo, format!("cannot open `{}`: {e}", root.display()))
        })?;
        if !canonical_root.is_dir() {
            return Err(FactError::new(
                Code::FactsIo,
                format!("`{}` is not a directory", root.display()),
            ));
        }
        let mut entries = Vec::new();
        let mut problems = Vec::new();
        let walk = ignore::WalkBuilder::new(root)
            .hidden(false)
            .parents(false)
            .git_global(false)
            .git_exclude(false)
            .require_git(false)
            .follow_links(false)
            .sort_by_file_path(Path::cmp)
            .filter_entry(|e| e.file_name() != ".git")
            .build();
        for result in walk {
            let entry = match result {
                Ok(e) => e,
                Err(err) => {
                    problems.push(FactError::new(
                        Code::FactsWalk,
                        format!("cannot read part of the tree: {}", one_line(&err.to_string())),
                    ));
                    continue;
                }
            };
            let Some(ft) = entry.file_type() else { continue };
            if ft.is_dir() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(root) else { continue };
            let path: Arc<str> = rel.to_string_lossy().replace('\\', "/").into();
            let is_symlink = entry.path_is_symlink();
            if is_symlink {
                match symlink_target(entry.path(), &canonical_root, &path) {
                    // A link to a directory of the repository is not a file: the walk
                    // does not follow it, and the files it leads to are listed where
                    // they are.
                    Ok(target) if target.is_dir() => continue,
                    Ok(_) => {}
                    Err(problem) => problems.push(problem),
                }
            } else if !ft.is_file() {
                continue;
            }
            let size = std::fs::symlink_metadata(entry.path()).map_or(0, |m| m.len());
            entries.push(Entry { path, size, is_symlink });
        }
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(WorkDir { root: root.to_path_buf(), canonical_root, entries, problems })
    }

    fn resolve(&self, entry: &Entry) -> Result<PathBuf, FactError> {
        let full = self.root.join(&*entry.path);
        if entry.is_symlink {
            let target = std::fs::canonicalize(&full).map_err(|e| {
                FactError::at(
                    Code::FactsIo,
                    format!("cannot follow symlink `{}`: {}", entry.path, io_reason(&e)),
                    &*entry.path,
                )
            })?;
            if !target.starts_with(&self.canonical_root) {
                return Err(escape_error(&entry.path));
            }
            return Ok(target);
        }
        Ok(full)
    }
}

fn one_line(s: &str) -> String {
    s.lines().next().unwrap_or("").to_string()
}

fn io_reason(e: &std::io::Error) -> String {
    if e.raw_os_error() == Some(40) {
        "it is part of a symlink loop".to_string()
    } else {
        e.to_string()
    }
}

fn escape_error(path: &str) -> FactError {
    FactError::at(
        Code::FactsSymlinkEscape,
        format!("symlink `{path}` points outside the repository and is not read"),
        path,
    )
}

/// Where a symlink leads inside the repository, or why it cannot be read
fn symlink_target(full: &Path, root: &Path, rel: &str) -> Result<PathBuf, FactError> {
    match std::fs::canonicalize(full) {
        Ok(target) if !target.starts_with(root) => Err(escape_error(rel)),
        Ok(target) => Ok(target),
        Err(e) => Err(FactError::at(
            Code::FactsIo,
            format!("cannot follow symlink `{rel}`: {}", io_reason(&e)),
            rel,
        )),
    }
}

/// At most `limit` bytes of `entry`, found at `path`; `capacity` is the expected length
fn read_prefix(
    path: &Path,
    entry: &Entry,
    limit: u64,
    capacity: usize,
) -> Result<Arc<[u8]>, FactError> {
    let io = |e: std::io::Error| {
        FactError::at(
            Code::FactsIo,
            format!("cannot read `{}`: {}", entry.path, io_reason(&e)),
            &*entry.path,
        )
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut buf = Vec::with_capacity(capacity);
    file.take(limit).read_to_end(&mut buf).map_err(io)?;
    Ok(buf.into())
}

impl Tree for WorkDir {
    fn entries(&self) -> &[Entry] {
        &self.entries
    }

    fn read(&self, entry: &Entry, cap: u64) -> Result<Arc<[u8]>, FactError> {
        let path = self.resolve(entry)?;
        let size = std::fs::metadata(&path).map_or(entry.size, |m| m.len());
        if size > cap {
            return Err(FactError::at(
                Code::FactsTooLarge,
                format!(
                    "`{}` is {} bytes, over the {cap}-byte cap, and is not read",
                    entry.path, size
                ),
                &*entry.path,
            ));
        }
        // The `take` in `read_prefix` guards against files that grow while being read.
        read_prefix(&path, entry, cap + 1, size as usize)
    }

    fn head(&self, entry: &Entry, n: usize) -> Result<Arc<[u8]>, FactError> {
        let path = self.resolve(entry)?;
        read_prefix(&path, entry, n as u64, n)
    }

    fn problems(&self) -> &[FactError] {
        &self.problems
    }
}
