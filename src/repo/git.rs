//! Everything tenet asks of git, through gix: opening a repository in isolation, its
//! metadata, the index, the tree of HEAD or of a revision, and blobs. Nothing here runs the
//! `git` program; every failure of a corrupt repository is a `facts::git` error.

use super::RepoMeta;
use super::entry::Mode;
use crate::diag::Code;
use crate::model::FactError;
use gix::bstr::ByteSlice as _;
use std::path::Path;

/// A file git records: in a tree or in the index
#[derive(Debug)]
pub(super) struct Blob {
    /// The path, `/`-separated bytes
    pub(super) path: Vec<u8>,
    /// The blob's id
    pub(super) id: gix::ObjectId,
    /// Regular, executable or symlink
    pub(super) mode: Mode,
}

/// A tracked file of the index, with what it takes to tell whether the work tree's copy
/// is unchanged
#[derive(Debug)]
pub(super) struct Tracked {
    /// The path, `/`-separated bytes
    pub(super) path: Vec<u8>,
    /// The staged blob; `None` for a conflicted path
    pub(super) id: Option<gix::ObjectId>,
    /// The staged mode
    pub(super) mode: Mode,
    /// Size when staged (git keeps its low 32 bits)
    pub(super) size: u32,
    /// Modification time when staged: seconds (low 32 bits) and nanoseconds
    pub(super) mtime: (u32, u32),
}

/// The index of a work tree: its tracked files, sorted by path bytes, and the time it was
/// written (a file modified in the same instant may differ from what the index says)
#[derive(Debug, Default)]
pub(super) struct Index {
    pub(super) files: Vec<Tracked>,
    pub(super) written: (i64, u32),
}

/// A one-line reason for a gix error: its message and those of its sources
fn reason(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = Some(e);
    while let Some(err) = next {
        let text = err.to_string();
        let text = text.lines().next().unwrap_or_default().trim().to_string();
        if !text.is_empty() && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        next = err.source();
    }
    parts.join(": ")
}

/// A `facts::git` error: `what` failed because of `e`
pub(super) fn git_error(what: &str, e: &(dyn std::error::Error + 'static)) -> FactError {
    FactError::new(Code::FactsGit, format!("{what}: {}", reason(e)))
}

/// Open the repository at `path` (a work tree root or a git directory) in isolation: no
/// system, global or user configuration, no environment variables, no `include`, and the
/// repository-local configuration with reduced trust, so a hostile `.git/config` cannot
/// make tenet read a file elsewhere (`core.excludesFile`, `mailmap.file`, `include.path`)
pub(super) fn open(path: &Path) -> Result<gix::ThreadSafeRepository, FactError> {
    gix::open::Options::isolated()
        .with(gix::sec::Trust::Reduced)
        .open(path)
        .map_err(|e| git_error(&format!("cannot open the git repository `{}`", path.display()), &e))
}

/// `head`, `branch` and `remote`. A HEAD that cannot be read leaves them `None` and is a
/// problem, since the repository could still be opened.
pub(super) fn meta(
    repo: &gix::Repository,
    is_bare: bool,
    problems: &mut Vec<FactError>,
) -> RepoMeta {
    let (head, branch) = match repo.head() {
        Ok(head) => {
            let branch = head
                .referent_name()
                .and_then(|n| n.as_bstr().strip_prefix(b"refs/heads/"))
                .map(|b| b.to_str_lossy().into_owned());
            (head.id().map(|id| id.to_string()), branch)
        }
        Err(e) => {
            problems.push(git_error("cannot read `HEAD`", &e));
            (None, None)
        }
    };
    let remote =
        repo.config_snapshot().string("remote.origin.url").map(|u| u.to_str_lossy().into_owned());
    RepoMeta { is_git: true, is_bare, head, branch, remote }
}

fn mode_of_index(mode: gix::index::entry::Mode) -> Option<Mode> {
    if mode == gix::index::entry::Mode::FILE {
        Some(Mode::Regular)
    } else if mode == gix::index::entry::Mode::FILE_EXECUTABLE {
        Some(Mode::Executable)
    } else if mode == gix::index::entry::Mode::SYMLINK {
        Some(Mode::Symlink)
    } else {
        // Sparse directories and submodules (gitlinks) are not files.
        None
    }
}

/// The index of a work tree (empty when there is none yet, as after `git init`)
pub(super) fn index(repo: &gix::Repository) -> Result<Index, FactError> {
    if !repo.index_path().exists() {
        return Ok(Index::default());
    }
    let file = repo.open_index().map_err(|e| git_error("cannot read the git index", &e))?;
    let written = file.timestamp();
    let mut files: Vec<Tracked> = Vec::new();
    for entry in file.entries() {
        let Some(mode) = mode_of_index(entry.mode) else { continue };
        let path = entry.path(&file).to_vec();
        let staged = entry.stage_raw() == 0;
        // The stages of a conflicted path follow each other: one tracked file, no blob.
        if let Some(last) = files.last_mut()
            && last.path == path
        {
            last.id = None;
            continue;
        }
        files.push(Tracked {
            path,
            id: staged.then_some(entry.id),
            mode,
            size: entry.stat.size,
            mtime: (entry.stat.mtime.secs, entry.stat.mtime.nsecs),
        });
    }
    Ok(Index { files, written: (written.unix_seconds(), written.nanoseconds()) })
}

/// The files of the index, as staged. A conflicted path shows its `ours` side (stage 2),
/// and is left out when it has none (deleted on our side).
pub(super) fn index_blobs(repo: &gix::Repository) -> Result<Vec<Blob>, FactError> {
    if !repo.index_path().exists() {
        return Ok(Vec::new());
    }
    let file = repo.open_index().map_err(|e| git_error("cannot read the git index", &e))?;
    let mut blobs = Vec::new();
    for entry in file.entries() {
        let Some(mode) = mode_of_index(entry.mode) else { continue };
        if matches!(entry.stage_raw(), 0 | 2) {
            blobs.push(Blob { path: entry.path(&file).to_vec(), id: entry.id, mode });
        }
    }
    Ok(blobs)
}

/// The files of the tree of HEAD; `None` when HEAD has no commit yet
pub(super) fn head_blobs(repo: &gix::Repository) -> Result<Option<Vec<Blob>>, FactError> {
    let mut head = repo.head().map_err(|e| git_error("cannot read `HEAD`", &e))?;
    if head.is_unborn() {
        return Ok(None);
    }
    let tree = head
        .peel_to_commit()
        .and_then(|c| c.tree())
        .map_err(|e| git_error("cannot read the tree of `HEAD`", &e))?;
    tree_blobs(&tree, "HEAD").map(Some)
}

/// The files of the tree of revision `rev` (`v1.0`, `HEAD~3`, a commit id)
pub(super) fn rev_blobs(repo: &gix::Repository, rev: &str) -> Result<Vec<Blob>, FactError> {
    let what = format!("cannot read the tree of revision `{rev}`");
    let id = repo.rev_parse_single(rev).map_err(|e| git_error(&what, &e))?;
    let tree = id.object().and_then(gix::Object::peel_to_tree).map_err(|e| git_error(&what, &e))?;
    tree_blobs(&tree, rev)
}

fn tree_blobs(tree: &gix::Tree<'_>, name: &str) -> Result<Vec<Blob>, FactError> {
    let records = tree
        .traverse()
        .breadthfirst
        .files()
        .map_err(|e| git_error(&format!("cannot read the tree of `{name}`"), &e))?;
    let mut blobs: Vec<Blob> = records
        .into_iter()
        .filter_map(|r| {
            let mode = match r.mode.kind() {
                gix::object::tree::EntryKind::Blob => Mode::Regular,
                gix::object::tree::EntryKind::BlobExecutable => Mode::Executable,
                gix::object::tree::EntryKind::Link => Mode::Symlink,
                gix::object::tree::EntryKind::Tree | gix::object::tree::EntryKind::Commit => {
                    return None;
                }
            };
            Some(Blob { path: r.filepath.into(), id: r.oid, mode })
        })
        .collect();
    blobs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(blobs)
}

/// The size of a blob, from its object header (without inflating it)
pub(super) fn blob_size(repo: &gix::Repository, id: gix::ObjectId) -> Result<u64, FactError> {
    repo.find_header(id)
        .map(|h| h.size())
        .map_err(|e| git_error(&format!("cannot read object `{id}`"), &e))
}

/// The content of a blob
pub(super) fn blob(repo: &gix::Repository, id: gix::ObjectId) -> Result<Vec<u8>, FactError> {
    let object =
        repo.find_object(id).map_err(|e| git_error(&format!("cannot read object `{id}`"), &e))?;
    if object.kind != gix::object::Kind::Blob {
        return Err(FactError::new(Code::FactsGit, format!("object `{id}` is not a blob")));
    }
    Ok(object.detach().data)
}
