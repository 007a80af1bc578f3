//! The repository target: everything about one repository that rules may read, opened once
//! and shared (`Send + Sync`) by every fact. It finds the root as git does, lists the files
//! of one tree source — the working tree, a git tree (a bare repository's HEAD, or a
//! revision), or the git index — and reads them, never following a symlink out of the
//! repository and never running `git`. It sits just above the data model: facts, eval and
//! the CLI build on it, and it knows nothing of them.

mod discover;
mod entry;
mod git;
mod objects;
mod roots;
mod staged;
mod workdir;

pub use entry::{Entry, Mode, escape_path};
pub use roots::{Found as FoundRepo, find_repositories};

use crate::diag::Code;
use crate::model::FactError;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Which tree of the repository to read
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum TreeChoice {
    /// The working tree; for a bare repository, the tree of HEAD
    #[default]
    Auto,
    /// The tree of a revision (`v1.0`, `HEAD~3`, a commit id)
    Rev(String),
    /// The git index: the staged content
    Index,
}

/// What git says about the repository
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RepoMeta {
    /// A git repository (work tree or bare)
    pub is_git: bool,
    /// A bare repository (no work tree)
    pub is_bare: bool,
    /// The commit id HEAD points to (`None` before the first commit)
    pub head: Option<String>,
    /// The branch HEAD names (`None` when detached)
    pub branch: Option<String>,
    /// The `url` of the `origin` remote
    pub remote: Option<String>,
}

/// Where the files come from
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TreeSource {
    /// A directory outside any git repository
    Directory,
    /// The working tree of a git repository
    WorkTree,
    /// The tree of HEAD of a bare repository
    BareHead,
    /// The tree of a revision
    Rev(String),
    /// The git index
    Index,
}

impl std::fmt::Display for TreeSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TreeSource::Directory => f.write_str("directory"),
            TreeSource::WorkTree => f.write_str("git work tree"),
            TreeSource::BareHead => f.write_str("bare git repository, HEAD"),
            TreeSource::Rev(rev) => write!(f, "git tree of `{rev}`"),
            TreeSource::Index => f.write_str("git index"),
        }
    }
}

/// How entries are read
#[derive(Debug)]
enum Reader {
    /// From disk, under the canonical root
    Disk,
    /// From the object database: for each entry, its content blob or why it has none
    Objects(Vec<Result<gix::ObjectId, FactError>>),
}

/// One repository, opened
#[derive(Debug)]
pub struct Target {
    name: String,
    path: PathBuf,
    source: TreeSource,
    meta: RepoMeta,
    entries: Vec<Entry>,
    problems: Vec<FactError>,
    unlisted: Vec<Arc<str>>,
    git: Option<gix::ThreadSafeRepository>,
    reader: Reader,
}

/// The `facts::too_large` error for `entry`, `size` bytes against `cap`
pub(crate) fn too_large(entry: &Entry, size: u64, cap: u64) -> FactError {
    FactError::at(
        Code::FactsTooLarge,
        format!("`{}` is {size} bytes, over the {cap}-byte cap, and is not read", entry.path),
        &*entry.path,
    )
}

impl Target {
    /// Open the repository `path` is in, finding its root as git does (`tenet check` from
    /// `repo/src` checks `repo`); a path in no repository is a plain directory
    pub fn open(path: &Path, choice: &TreeChoice) -> Result<Target, FactError> {
        Target::from_found(discover::discover(path)?, choice)
    }

    /// Open `path` as the root, without searching upwards: for fixtures, directories that
    /// stand for a repository of their own wherever they are
    pub fn open_at(path: &Path, choice: &TreeChoice) -> Result<Target, FactError> {
        Target::from_found(discover::at(path)?, choice)
    }

    fn from_found(found: discover::Found, choice: &TreeChoice) -> Result<Target, FactError> {
        let (path, bare) = match found {
            discover::Found::Plain(dir) => {
                if *choice != TreeChoice::Auto {
                    return Err(FactError::new(
                        Code::FactsGit,
                        format!(
                            "`{}` is not in a git repository, so it has no revisions and no index",
                            dir.display()
                        ),
                    ));
                }
                let listing = workdir::list(&dir, None);
                return Ok(Target {
                    name: name_of(&dir),
                    source: TreeSource::Directory,
                    meta: RepoMeta::default(),
                    entries: listing.entries,
                    problems: listing.problems,
                    unlisted: listing.unlisted,
                    git: None,
                    reader: Reader::Disk,
                    path: dir,
                });
            }
            discover::Found::WorkTree(root) => (root, false),
            discover::Found::Bare(dir) => (dir, true),
        };
        let shared = git::open(&path)?;
        let repo = shared.to_thread_local();
        let mut problems = Vec::new();
        let meta = git::meta(&repo, bare, &mut problems);
        let (source, blobs) = match (choice, bare) {
            (TreeChoice::Auto, false) => {
                let index = git::index(&repo)?;
                let listing = workdir::list(&path, Some(&index));
                problems.extend(listing.problems);
                return Ok(Target {
                    name: name_of(&path),
                    source: TreeSource::WorkTree,
                    meta,
                    entries: listing.entries,
                    problems,
                    unlisted: listing.unlisted,
                    git: Some(shared),
                    reader: Reader::Disk,
                    path,
                });
            }
            (TreeChoice::Auto, true) => {
                let blobs = git::head_blobs(&repo)?;
                if blobs.is_none() {
                    problems.push(FactError::new(
                        Code::FactsGit,
                        "the repository has no commit yet, so its tree is empty",
                    ));
                }
                (TreeSource::BareHead, blobs.unwrap_or_default())
            }
            (TreeChoice::Rev(rev), _) => {
                (TreeSource::Rev(rev.clone()), git::rev_blobs(&repo, rev)?)
            }
            (TreeChoice::Index, true) => {
                return Err(FactError::new(
                    Code::FactsGit,
                    format!("`{}` is a bare repository: it has no index", path.display()),
                ));
            }
            (TreeChoice::Index, false) => (TreeSource::Index, git::index_blobs(&repo)?),
        };
        let listing = objects::list(&repo, &blobs);
        problems.extend(listing.problems);
        Ok(Target {
            name: name_of(&path),
            source,
            meta,
            entries: listing.entries,
            problems,
            unlisted: Vec::new(),
            git: Some(shared),
            reader: Reader::Objects(listing.content),
            path,
        })
    }

    /// The directory name of the root (for a bare repository `x.git`, `x.git`)
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The absolute root: the work tree root, or the git directory of a bare repository
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Which tree the files come from
    pub fn source(&self) -> &TreeSource {
        &self.source
    }

    /// What git says about the repository (all `None`/`false` outside git)
    pub fn meta(&self) -> &RepoMeta {
        &self.meta
    }

    /// Every file, sorted by display path
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Problems met while listing: unreadable directories, symlinks that leave the root,
    /// objects that cannot be read
    pub fn problems(&self) -> &[FactError] {
        &self.problems
    }

    /// Display paths of directories whose contents could not be listed (`""` is the root);
    /// empty when the listing is complete
    pub fn unlisted(&self) -> &[Arc<str>] {
        &self.unlisted
    }

    /// The git repository, for history and ownership facts; `None` outside git
    pub fn git(&self) -> Option<&gix::ThreadSafeRepository> {
        self.git.as_ref()
    }

    /// A thread-local handle on the repository and the content blob of `entry` (a symlink's
    /// target), for reading from the object database
    fn content(
        &self,
        entry: &Entry,
    ) -> Result<(gix::Repository, &Result<gix::ObjectId, FactError>), FactError> {
        let missing = || {
            FactError::at(
                Code::FactsIo,
                format!("`{}` is not a file of this tree", entry.path),
                &*entry.path,
            )
        };
        let Reader::Objects(content) = &self.reader else { return Err(missing()) };
        let index =
            self.entries.binary_search_by(|e| e.path.cmp(&entry.path)).map_err(|_| missing())?;
        let content = content.get(index).ok_or_else(missing)?;
        let repo = self.git.as_ref().ok_or_else(missing)?.to_thread_local();
        Ok((repo, content))
    }

    /// The size of `entry` in bytes: from the listing for a work-tree file, else from its
    /// object header, read on the first ask and kept in the entry
    pub fn size(&self, entry: &Entry) -> Result<u64, FactError> {
        if let Some(&n) = entry.size.get() {
            return Ok(n);
        }
        let repo = self.git.as_ref().map(gix::ThreadSafeRepository::to_thread_local);
        let n = match (&self.reader, repo) {
            (Reader::Objects(_), Some(repo)) => objects::size(&repo, entry)?,
            _ => {
                return Err(FactError::at(
                    Code::FactsIo,
                    format!("the size of `{}` is unknown", entry.path),
                    &*entry.path,
                ));
            }
        };
        Ok(*entry.size.get_or_init(|| n))
    }

    /// The whole content of `entry`, refusing files over `cap` bytes (`facts::too_large`)
    pub fn read(&self, entry: &Entry, cap: u64) -> Result<Arc<[u8]>, FactError> {
        match self.reader {
            Reader::Disk => workdir::read(&self.path, entry, cap),
            Reader::Objects(_) => {
                let (repo, content) = self.content(entry)?;
                objects::read(&repo, entry, content, cap)
            }
        }
    }

    /// Up to `n` leading bytes of `entry` (for binary sniffing and shebangs), whatever its size
    pub fn head(&self, entry: &Entry, n: usize) -> Result<Arc<[u8]>, FactError> {
        match self.reader {
            Reader::Disk => workdir::head(&self.path, entry, n),
            Reader::Objects(_) => {
                let (repo, content) = self.content(entry)?;
                objects::head(&repo, entry, content, n)
            }
        }
    }

    /// The content of the file at display path `path`, if the tree has it
    pub fn read_path(&self, path: &str, cap: u64) -> Option<Result<Arc<[u8]>, FactError>> {
        let index = self.entries.binary_search_by(|e| (*e.path).cmp(path)).ok()?;
        let entry = self.entries.get(index)?;
        Some(self.read(entry, cap))
    }
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_is_shared_by_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<Target>();
    }

    #[test]
    fn revisions_and_the_index_need_git() {
        let dir = tempfile::tempdir().unwrap();
        let err = Target::open_at(dir.path(), &TreeChoice::Index).unwrap_err();
        assert_eq!(err.code, Code::FactsGit);
        let plain = Target::open_at(dir.path(), &TreeChoice::Auto).unwrap();
        assert_eq!(*plain.source(), TreeSource::Directory);
        assert!(plain.git().is_none() && !plain.meta().is_git);
    }
}
