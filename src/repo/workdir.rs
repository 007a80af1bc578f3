//! The working-tree source: files on disk. In a git work tree they are the tracked files of
//! the index that exist on disk plus the untracked files git would not ignore (`.gitignore`
//! at every level and `.git/info/exclude`; never the user's global excludes, which differ
//! from machine to machine); in a plain directory, every file `.gitignore` does not exclude.
//! Ripgrep's `.ignore`/`.rgignore` files mean nothing, `.git` is skipped, and symlinks are
//! never followed out of the root: links to directories of the repository are not files
//! (the files they lead to are listed where they are), links that escape or dangle are
//! entries whose reading fails.

use super::entry::{Entry, Mode, escape_path, path_bytes, path_from_bytes};
use super::git::Index;
use crate::diag::Code;
use crate::model::FactError;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a listing found
#[derive(Debug, Default)]
pub(super) struct Listing {
    pub(super) entries: Vec<Entry>,
    pub(super) problems: Vec<FactError>,
    pub(super) unlisted: Vec<Arc<str>>,
}

/// List the files under `root` (canonical); `index` is the work tree's index, `None` for a
/// plain directory
pub(super) fn list(root: &Path, index: Option<&Index>) -> Listing {
    let mut out = Listing::default();
    let mut seen = vec![false; index.map_or(0, |i| i.files.len())];
    let is_git = index.is_some();
    let walk = ignore::WalkBuilder::new(root)
        .hidden(false)
        .parents(false)
        .ignore(false)
        .git_global(false)
        .git_exclude(index.is_some())
        .git_ignore(true)
        .require_git(false)
        .follow_links(false)
        .filter_entry(move |e| {
            e.file_name() != ".git"
                // A repository inside a work tree is not part of it (git lists neither its
                // files nor a submodule's).
                && !(is_git
                    && e.depth() > 0
                    && e.file_type().is_some_and(|t| t.is_dir())
                    && std::fs::symlink_metadata(e.path().join(".git")).is_ok())
        })
        .build();
    for result in walk {
        let entry = match result {
            Ok(e) => e,
            Err(err) => {
                walk_problem(root, &err, &mut out);
                continue;
            }
        };
        if let Some(err) = entry.error() {
            // A `.gitignore` that cannot be read or parsed: the directory is still listed,
            // perhaps with files the author meant to leave out.
            let (_, reason) = split_error(err);
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            let display = escape_path(&path_bytes(rel));
            out.problems.push(FactError::at(
                Code::FactsWalk,
                format!("cannot read the ignore files of `{display}`: {reason}"),
                display.as_str(),
            ));
        }
        let Some(ft) = entry.file_type() else { continue };
        if ft.is_dir() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(root) else { continue };
        let bytes = path_bytes(rel);
        let tracked = index.and_then(|i| {
            let at = i.files.binary_search_by(|t| t.path.as_slice().cmp(&bytes)).ok()?;
            if let Some(s) = seen.get_mut(at) {
                *s = true;
            }
            Some((i, at))
        });
        let meta = match std::fs::symlink_metadata(entry.path()) {
            Ok(m) => m,
            Err(e) => {
                out.problems.push(io_error(&escape_path(&bytes), &e));
                continue;
            }
        };
        let blob = tracked.and_then(|(i, at)| unchanged_blob(i, at, &meta));
        if let Some(e) = file_entry(root, rel, &bytes, &meta, blob, &mut out.problems) {
            out.entries.push(e);
        }
    }
    // Tracked files the walk did not see: those in ignored directories (or ignored
    // themselves), and deleted ones, which are not files any more.
    if let Some(index) = index {
        let unseen = index
            .files
            .iter()
            .enumerate()
            .filter(|(at, _)| !seen.get(*at).copied().unwrap_or(true));
        for (at, tracked) in unseen {
            let real = path_from_bytes(&tracked.path);
            let full = root.join(&real);
            let meta = match std::fs::symlink_metadata(&full) {
                Ok(m) => m,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) if e.raw_os_error() == Some(20) => continue, // a parent is now a file
                Err(e) => {
                    out.problems.push(io_error(&escape_path(&tracked.path), &e));
                    continue;
                }
            };
            let blob = unchanged_blob(index, at, &meta);
            if let Some(e) = file_entry(root, &real, &tracked.path, &meta, blob, &mut out.problems)
            {
                out.entries.push(e);
            }
        }
    }
    out.entries.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// The entry for a file found at `rel`, or `None` when it is not a file (a directory, a
/// link to a directory of the repository, a socket)
fn file_entry(
    root: &Path,
    rel: &Path,
    bytes: &[u8],
    meta: &std::fs::Metadata,
    blob: Option<gix::ObjectId>,
    problems: &mut Vec<FactError>,
) -> Option<Entry> {
    let ft = meta.file_type();
    let mode = if ft.is_symlink() {
        match symlink_target(&root.join(rel), root, &escape_path(bytes)) {
            // A link to a directory of the repository is not a file: the walk does not
            // follow it, and the files it leads to are listed where they are.
            Ok(target) if target.is_dir() => return None,
            Ok(_) => {}
            Err(problem) => problems.push(problem),
        }
        Mode::Symlink
    } else if ft.is_file() {
        if is_executable(meta) { Mode::Executable } else { Mode::Regular }
    } else {
        // A FIFO would block a reader, a device never ends: named, never opened.
        let display = escape_path(bytes);
        problems.push(FactError::at(
            Code::FactsSpecialFile,
            format!("`{display}` is {}, not a regular file, and is not read", special_kind(ft)),
            display.as_str(),
        ));
        return None;
    };
    Some(Entry::new(Arc::from(rel), bytes, Some(meta.len()), mode, blob))
}

#[cfg(unix)]
fn special_kind(ft: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt as _;
    if ft.is_fifo() {
        "a FIFO"
    } else if ft.is_socket() {
        "a socket"
    } else if ft.is_char_device() || ft.is_block_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: std::fs::FileType) -> &'static str {
    "a special file"
}

#[cfg(unix)]
fn is_executable(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    meta.permissions().mode() & 0o100 != 0
}

#[cfg(not(unix))]
fn is_executable(_: &std::fs::Metadata) -> bool {
    false
}

/// The index's blob id for a file on disk that is unchanged by stat: same mode, size and
/// modification time as when it was staged, and staged after it was last modified (else
/// a change within the same clock tick could go unseen: git's "racy" entries)
fn unchanged_blob(index: &Index, at: usize, meta: &std::fs::Metadata) -> Option<gix::ObjectId> {
    let tracked = index.files.get(at)?;
    let id = tracked.id?;
    let mode = if meta.file_type().is_symlink() {
        Mode::Symlink
    } else if is_executable(meta) {
        Mode::Executable
    } else {
        Mode::Regular
    };
    let mtime = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    let (secs, nsecs) = (mtime.as_secs(), mtime.subsec_nanos());
    let racy = match index.written.0.cmp(&(secs as i64)) {
        std::cmp::Ordering::Less => true,
        std::cmp::Ordering::Equal => index.written.1 <= nsecs,
        std::cmp::Ordering::Greater => false,
    };
    // git keeps the low 32 bits of the size and of the seconds
    (mode == tracked.mode
        && tracked.size == meta.len() as u32
        && tracked.mtime == (secs as u32, nsecs)
        && !racy)
        .then_some(id)
}

/// Record a walk error. The sequential walk, following no link, fails on a path only when
/// it cannot list a directory (errors in ignore files come with their entries): that
/// directory goes to `unlisted`.
fn walk_problem(root: &Path, err: &ignore::Error, out: &mut Listing) {
    let (path, reason) = split_error(err);
    let Some(rel) = path.and_then(|p| p.strip_prefix(root).ok()) else {
        out.problems.push(FactError::new(
            Code::FactsWalk,
            format!("cannot read part of the tree: {reason}"),
        ));
        return;
    };
    let display = escape_path(&path_bytes(rel));
    let problem = if display.is_empty() {
        FactError::new(Code::FactsWalk, format!("cannot list the root directory: {reason}"))
    } else {
        FactError::at(
            Code::FactsWalk,
            format!("cannot list directory `{display}`: {reason}"),
            display.as_str(),
        )
    };
    out.problems.push(problem);
    out.unlisted.push(display.into());
}

/// The path an `ignore` error is about, and its reason without the path
fn split_error(err: &ignore::Error) -> (Option<&Path>, String) {
    match err {
        ignore::Error::WithPath { path, err } => (Some(path.as_path()), split_error(err).1),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            split_error(err)
        }
        ignore::Error::Partial(errs) => match errs.first() {
            Some(first) => split_error(first),
            None => (None, err.to_string()),
        },
        ignore::Error::Io(e) => (None, io_reason(e)),
        other => (None, one_line(&other.to_string())),
    }
}

fn one_line(s: &str) -> String {
    s.lines().next().unwrap_or("").to_string()
}

fn io_reason(e: &std::io::Error) -> String {
    // The walk's errors wrap walkdir's, whose message repeats the path: keep the OS's.
    if let Some(inner) = e.get_ref().and_then(|w| w.source())
        && let Some(io) = inner.downcast_ref::<std::io::Error>()
    {
        return io_reason(io);
    }
    if e.raw_os_error() == Some(40) {
        "it is part of a symlink loop".to_string()
    } else {
        e.to_string()
    }
}

fn io_error(display: &str, e: &std::io::Error) -> FactError {
    FactError::at(Code::FactsIo, format!("cannot read `{display}`: {}", io_reason(e)), display)
}

fn escape_error(path: &str) -> FactError {
    FactError::at(
        Code::FactsSymlinkEscape,
        format!("symlink `{path}` points outside the repository and is not read"),
        path,
    )
}

/// Where a symlink leads inside the repository, or why it cannot be read
fn symlink_target(full: &Path, root: &Path, display: &str) -> Result<PathBuf, FactError> {
    match std::fs::canonicalize(full) {
        Ok(target) if !target.starts_with(root) => Err(escape_error(display)),
        Ok(target) => Ok(target),
        Err(e) => Err(FactError::at(
            Code::FactsIo,
            format!("cannot follow symlink `{display}`: {}", io_reason(&e)),
            display,
        )),
    }
}

/// The file to open for `entry` under the canonical `root`: a symlink resolved, and
/// refused when it leads out of the root
fn resolve(root: &Path, entry: &Entry) -> Result<PathBuf, FactError> {
    let full = root.join(&entry.real);
    if entry.mode == Mode::Symlink {
        return symlink_target(&full, root, &entry.path);
    }
    Ok(full)
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

/// The whole content of `entry`, refusing more than `cap` bytes
pub(super) fn read(root: &Path, entry: &Entry, cap: u64) -> Result<Arc<[u8]>, FactError> {
    let path = resolve(root, entry)?;
    let listed = || entry.size.get().copied().unwrap_or_default();
    let size = std::fs::metadata(&path).map_or_else(|_| listed(), |m| m.len());
    if size > cap {
        return Err(super::too_large(entry, size, cap));
    }
    // The `take` in `read_prefix` guards against files that grow while being read.
    let bytes = read_prefix(&path, entry, cap + 1, size as usize)?;
    if bytes.len() as u64 > cap {
        return Err(super::too_large(entry, bytes.len() as u64, cap));
    }
    Ok(bytes)
}

/// Up to `n` leading bytes of `entry`
pub(super) fn head(root: &Path, entry: &Entry, n: usize) -> Result<Arc<[u8]>, FactError> {
    let path = resolve(root, entry)?;
    read_prefix(&path, entry, n as u64, n)
}
