//! The object-database source: the files of a git tree (a bare repository's HEAD, or
//! `--rev REV`) or of the index, read from the object database without a checkout.
//!
//! A symlink blob's content is its target path. It is resolved within the tree, relative
//! to the link's directory, through at most 40 links: a target outside the tree is
//! `facts::symlink_escape`; a link to a directory of the tree is not a file (as in the
//! working tree); a dangling link or a loop is an entry whose reading fails.

use super::entry::{Entry, Mode, path_from_bytes};
use super::git::{self, Blob};
use crate::diag::Code;
use crate::model::FactError;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Links followed before giving up, as Linux does
const MAX_HOPS: usize = 40;

/// What a listing found, and how to read each entry
#[derive(Debug, Default)]
pub(super) struct Listing {
    pub(super) entries: Vec<Entry>,
    /// For each entry, the blob its content comes from (a symlink's target), or why it
    /// cannot be read
    pub(super) content: Vec<Result<gix::ObjectId, FactError>>,
    pub(super) problems: Vec<FactError>,
}

/// Where a link leads
enum Resolved {
    /// The blob at this index of the list
    File(usize),
    /// A directory of the tree (or its root)
    Dir,
    /// Somewhere outside the tree
    Escape,
    /// Nowhere: a missing target, a loop, an unreadable link
    Dangling(String),
}

/// The tree's paths, for resolving links
struct Paths<'a> {
    blobs: &'a [Blob],
    files: HashMap<&'a [u8], usize>,
    dirs: HashSet<&'a [u8]>,
}

impl<'a> Paths<'a> {
    fn new(blobs: &'a [Blob]) -> Self {
        let mut files = HashMap::new();
        let mut dirs = HashSet::new();
        for (i, b) in blobs.iter().enumerate() {
            files.insert(b.path.as_slice(), i);
            let mut p = b.path.as_slice();
            while let Some(slash) = p.iter().rposition(|&c| c == b'/') {
                p = p.get(..slash).unwrap_or_default();
                if !dirs.insert(p) {
                    break;
                }
            }
        }
        Paths { blobs, files, dirs }
    }

    /// Follow the link at `start` within the tree
    fn resolve(&self, repo: &gix::Repository, start: usize) -> Resolved {
        let Some(link) = self.blobs.get(start) else { return Resolved::Dangling(String::new()) };
        let mut dir: Vec<Vec<u8>> = link.path.split(|&c| c == b'/').map(<[u8]>::to_vec).collect();
        dir.pop();
        let mut pending: Vec<Vec<u8>> = Vec::new(); // reversed: the next component is last
        let mut hops = 0;
        let mut next_link = Some(link.id);
        loop {
            if let Some(id) = next_link.take() {
                hops += 1;
                if hops > MAX_HOPS {
                    return Resolved::Dangling("it is part of a symlink loop".into());
                }
                let target = match git::blob(repo, id) {
                    Ok(t) => t,
                    Err(e) => return Resolved::Dangling(e.message),
                };
                if target.first() == Some(&b'/') {
                    return Resolved::Escape;
                }
                pending.extend(target.split(|&c| c == b'/').rev().map(<[u8]>::to_vec));
            }
            let Some(part) = pending.pop() else { break };
            match part.as_slice() {
                b"" | b"." => {}
                b".." => {
                    if dir.pop().is_none() {
                        return Resolved::Escape;
                    }
                }
                name => {
                    dir.push(name.to_vec());
                    let here = dir.join(&b'/');
                    match self.files.get(here.as_slice()) {
                        Some(&i) => {
                            if let Some(b) = self.blobs.get(i)
                                && b.mode == Mode::Symlink
                            {
                                dir.pop();
                                next_link = Some(b.id);
                            } else if !pending.iter().all(|p| p.is_empty() || p == b".") {
                                return Resolved::Dangling("its target is not a directory".into());
                            }
                        }
                        None if self.dirs.contains(here.as_slice()) => {}
                        None => return Resolved::Dangling("its target does not exist".into()),
                    }
                }
            }
        }
        if dir.is_empty() {
            return Resolved::Dir;
        }
        let here = dir.join(&b'/');
        match self.files.get(here.as_slice()) {
            Some(&i) => Resolved::File(i),
            None => Resolved::Dir,
        }
    }
}

fn escape_error(path: &str) -> FactError {
    FactError::at(
        Code::FactsSymlinkEscape,
        format!("symlink `{path}` points outside the repository and is not read"),
        path,
    )
}

/// The entries of `blobs` (sorted by path bytes). No object is opened but a symlink's: sizes
/// are read from the object headers when a rule asks ([`size`])
pub(super) fn list(repo: &gix::Repository, blobs: &[Blob]) -> Listing {
    // Only a tree with links needs the table of its paths
    let mut paths: Option<Paths<'_>> = None;
    let mut out = Listing::default();
    let mut listed: Vec<(Entry, Result<gix::ObjectId, FactError>)> = Vec::new();
    for (i, b) in blobs.iter().enumerate() {
        let entry = Entry::new(path_from_bytes(&b.path), &b.path, None, b.mode, Some(b.id));
        let content = if b.mode == Mode::Symlink {
            let display = &*entry.path;
            match paths.get_or_insert_with(|| Paths::new(blobs)).resolve(repo, i) {
                Resolved::Dir => continue,
                Resolved::File(t) => blobs.get(t).map(|t| t.id).ok_or_else(|| {
                    FactError::at(Code::FactsIo, format!("cannot read `{display}`"), display)
                }),
                Resolved::Escape => Err(escape_error(display)),
                Resolved::Dangling(why) => Err(FactError::at(
                    Code::FactsIo,
                    format!("cannot follow symlink `{display}`: {why}"),
                    display,
                )),
            }
        } else {
            Ok(b.id)
        };
        if let Err(problem) = &content {
            out.problems.push(problem.clone());
        }
        listed.push((entry, content));
    }
    listed.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    (out.entries, out.content) = listed.into_iter().unzip();
    out
}

/// The size of `entry`'s own blob (a symlink's link text), from its object header
pub(super) fn size(repo: &gix::Repository, entry: &Entry) -> Result<u64, FactError> {
    let at = |e: FactError| FactError { path: Some(entry.path.to_string()), ..e };
    let id = entry.blob.ok_or_else(|| {
        FactError::at(Code::FactsIo, format!("`{}` has no blob", entry.path), &*entry.path)
    })?;
    git::blob_size(repo, id).map_err(at)
}

/// The content of `entry` from its content blob, refusing more than `cap` bytes
pub(super) fn read(
    repo: &gix::Repository,
    entry: &Entry,
    content: &Result<gix::ObjectId, FactError>,
    cap: u64,
) -> Result<Arc<[u8]>, FactError> {
    let id = content.clone()?;
    let at = |e: FactError| FactError { path: Some(entry.path.to_string()), ..e };
    let size = git::blob_size(repo, id).map_err(at)?;
    if size > cap {
        return Err(super::too_large(entry, size, cap));
    }
    git::blob(repo, id).map(Arc::from).map_err(at)
}

/// Up to `n` leading bytes of the entry
pub(super) fn head(
    repo: &gix::Repository,
    entry: &Entry,
    content: &Result<gix::ObjectId, FactError>,
    n: usize,
) -> Result<Arc<[u8]>, FactError> {
    let id = content.clone()?;
    let mut bytes =
        git::blob(repo, id).map_err(|e| FactError { path: Some(entry.path.to_string()), ..e })?;
    bytes.truncate(n);
    Ok(bytes.into())
}
