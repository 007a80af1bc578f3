//! Finding the repositories under the roots of `tenet scan`, before any is opened: a walk
//! down from each root that stops at every repository it meets (a directory holding `.git`,
//! or a bare repository). The walk never follows a symbolic link, never crosses into a
//! repository's own tree (its nested repositories and submodules belong to it and are not
//! scanned separately: list them with `--repos-from` to scan them), and goes at most
//! `max_depth` directories below a root.

use super::discover::{Found as Probe, probe};
use crate::diag::Code;
use crate::model::FactError;
use std::path::{Path, PathBuf};

/// A repository found under a root
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Where it is: the work tree root or the bare repository's directory, as reached from
    /// the root (not canonicalized)
    pub path: PathBuf,
    /// Its path relative to the root it was found under, `/`-separated (empty for the root
    /// itself): what `--shard` hashes, so machines with different mount points agree
    pub relative: String,
}

/// Every repository under `root`, sorted by relative path, and the directories that could
/// not be read (each a `facts::io` error naming it). A root that is itself a repository is
/// the only one found there.
pub fn find_repositories(root: &Path, max_depth: usize) -> (Vec<Found>, Vec<FactError>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    match std::fs::metadata(root) {
        Ok(m) if m.is_dir() => walk(root, String::new(), max_depth, &mut found, &mut errors),
        Ok(_) => errors.push(FactError::new(
            Code::FactsIo,
            format!("`{}` is not a directory", root.display()),
        )),
        Err(e) => errors
            .push(FactError::new(Code::FactsIo, format!("cannot open `{}`: {e}", root.display()))),
    }
    found.sort_by(|a, b| a.relative.cmp(&b.relative));
    (found, errors)
}

fn walk(
    dir: &Path,
    relative: String,
    depth_left: usize,
    found: &mut Vec<Found>,
    errors: &mut Vec<FactError>,
) {
    if matches!(probe(dir), Some(Probe::WorkTree(_) | Probe::Bare(_))) {
        found.push(Found { path: dir.to_path_buf(), relative });
        return;
    }
    if depth_left == 0 {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(FactError::new(
                Code::FactsIo,
                format!("cannot read the directory `{}`: {e}", dir.display()),
            ));
            return;
        }
    };
    let mut children: Vec<(String, PathBuf)> = Vec::new();
    for entry in entries {
        let Ok(entry) = entry else { continue };
        // `file_type` does not follow symbolic links: a link to a directory is not walked.
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            let name = entry.file_name().to_string_lossy().into_owned();
            children.push((name, entry.path()));
        }
    }
    children.sort();
    for (name, path) in children {
        let rel = if relative.is_empty() { name } else { format!("{relative}/{name}") };
        walk(&path, rel, depth_left - 1, found, errors);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rels(found: &[Found]) -> Vec<&str> {
        found.iter().map(|f| f.relative.as_str()).collect()
    }

    #[test]
    fn stops_at_repositories_and_respects_the_depth() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for repo in ["a", "org/b", "org/deep/er/c", "a/nested"] {
            std::fs::create_dir_all(root.join(repo).join(".git")).unwrap();
        }
        std::fs::create_dir_all(root.join("empty/dir")).unwrap();
        let (found, errors) = find_repositories(root, 8);
        assert!(errors.is_empty());
        assert_eq!(rels(&found), ["a", "org/b", "org/deep/er/c"]);
        let (found, _) = find_repositories(root, 2);
        assert_eq!(rels(&found), ["a", "org/b"]);
    }

    #[test]
    fn a_root_that_is_a_repository_is_the_only_one() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".git")).unwrap();
        std::fs::create_dir_all(dir.path().join("sub/.git")).unwrap();
        let (found, _) = find_repositories(dir.path(), 8);
        assert_eq!(rels(&found), [""]);
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_are_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(outside.path().join("r/.git")).unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("link")).unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
        let (found, errors) = find_repositories(dir.path(), 8);
        assert!(found.is_empty() && errors.is_empty());
    }

    #[test]
    fn a_missing_root_is_an_error() {
        let (found, errors) = find_repositories(Path::new("/no/such/root/anywhere"), 8);
        assert!(found.is_empty());
        assert_eq!(errors.first().map(|e| e.code), Some(Code::FactsIo));
    }
}
