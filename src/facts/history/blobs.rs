//! `history_blobs()`: every distinct file content (blob) reachable from HEAD's history,
//! listed once, with the path where it first appeared and the commit that introduced it.
//! Commits are visited oldest first from the one walk of HEAD ([`super::walk`]); each
//! distinct tree is read once (a subtree already seen is skipped: its blobs are known), so
//! the cost follows the number of distinct trees, not commits × files. Only object headers
//! are read while listing; a blob's content is read when a rule asks for it (`is_binary`,
//! `find`), never over the `--max-file-size` cap, and only the last blob read is kept, so
//! memory does not grow with the history's contents.

use super::record::CommitRecord;
use super::walk::{self, Commit, git_error};
use super::{BLOB, walk::HistoryState};
use crate::diag::Code;
use crate::facts::file_record;
use crate::facts::repo::RepoFacts;
use crate::model::schema::RecordKind;
use crate::model::{FactError, Location, Record, Value};
use crate::repo::{Target, escape_path};
use std::collections::HashSet;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// How many leading bytes decide `is_binary` (git's heuristic: a NUL among them)
const SNIFF: usize = 8192;

/// `history_blobs()`
pub(super) fn history_blobs(facts: &RepoFacts, _: &[Value]) -> Result<Value, FactError> {
    let blobs = facts.state::<BlobState>()?.blobs(facts)?;
    Ok(Value::list(blobs.iter().map(|b| Value::Record(b.clone()))))
}

/// The provider's listing of history blobs for one repository, made on first use and
/// shared by `history_blobs()` and `history_matches(…)`
#[derive(Debug, Default)]
pub(super) struct BlobState {
    blobs: OnceLock<Result<Arc<[Arc<BlobRecord>]>, FactError>>,
}

impl BlobState {
    /// Every distinct blob of HEAD's history, in the order the oldest-first walk met them
    pub(super) fn blobs(&self, facts: &RepoFacts) -> Result<Arc<[Arc<BlobRecord>]>, FactError> {
        self.blobs.get_or_init(|| list(facts).map(Arc::from)).clone()
    }
}

fn list(facts: &RepoFacts) -> Result<Vec<Arc<BlobRecord>>, FactError> {
    let commits = facts.state::<HistoryState>()?.head(facts.target())?;
    let repo = walk::repository(facts.target())?;
    let hash = repo.object_hash();
    let shared = Arc::new(Shared {
        target: facts.target().clone(),
        cap: facts.options().max_file_size,
        reader: Mutex::new(Reader::default()),
    });
    let mut trees = HashSet::new();
    let mut head = HashSet::new();
    let tip = repo.head_tree_id().map_err(|e| git_error("cannot read the tree of `HEAD`", &e))?;
    each_blob(&repo, tip.detach(), hash, &mut trees, |id, _| {
        head.insert(id);
        Ok(())
    })?;
    trees.clear();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    // Oldest first: the first commit whose tree holds a blob is the one that introduced it.
    for commit in commits.iter().rev() {
        each_blob(&repo, commit.tree, hash, &mut trees, |id, path| {
            if !seen.insert(id) {
                return Ok(());
            }
            let size = repo
                .find_header(id)
                .map_err(|e| git_error(&format!("cannot read blob `{id}`"), &e))?
                .size();
            let escaped = escape_path(path);
            // The raw name only when escaping changed it: lookups in trees need the bytes.
            let raw = (escaped.as_bytes() != path).then(|| Box::from(path));
            out.push(Arc::new(BlobRecord {
                id,
                path: Arc::from(escaped),
                raw,
                commit: commit.clone(),
                size,
                in_head: head.contains(&id),
                binary: AtomicU8::new(UNKNOWN),
                shared: shared.clone(),
            }));
            Ok(())
        })?;
    }
    Ok(out)
}

/// Call `on_blob` with each file blob (regular or executable; not symlinks nor submodules)
/// of the tree `root` and its path, reading only the trees not yet in `trees`
fn each_blob(
    repo: &gix::Repository,
    root: gix::ObjectId,
    hash: gix::hash::Kind,
    trees: &mut HashSet<gix::ObjectId>,
    mut on_blob: impl FnMut(gix::ObjectId, &[u8]) -> Result<(), FactError>,
) -> Result<(), FactError> {
    if !trees.insert(root) {
        return Ok(());
    }
    // An explicit stack: a hostile history may nest trees deeper than the call stack allows.
    let mut stack: Vec<(gix::ObjectId, Vec<u8>)> = vec![(root, Vec::new())];
    let mut path = Vec::new();
    while let Some((id, prefix)) = stack.pop() {
        let object =
            repo.find_object(id).map_err(|e| git_error(&format!("cannot read tree `{id}`"), &e))?;
        if object.kind != gix::object::Kind::Tree {
            return Err(FactError::new(Code::FactsGit, format!("object `{id}` is not a tree")));
        }
        for entry in gix::objs::TreeRefIter::from_bytes(&object.data, hash) {
            let entry = entry.map_err(|e| git_error(&format!("cannot decode tree `{id}`"), &e))?;
            path.clear();
            path.extend_from_slice(&prefix);
            path.extend_from_slice(entry.filename);
            if entry.mode.is_tree() {
                if trees.insert(entry.oid.to_owned()) {
                    path.push(b'/');
                    stack.push((entry.oid.to_owned(), path.clone()));
                }
            } else if entry.mode.is_blob() {
                on_blob(entry.oid.to_owned(), &path)?;
            }
        }
    }
    Ok(())
}

/// `is_binary` not known yet, known false, known true
const UNKNOWN: u8 = 0;
const TEXT: u8 = 1;
const BINARY: u8 = 2;

/// What every blob record of a repository shares: the way to its object database, the
/// size cap, and the last blob read
struct Shared {
    target: Arc<Target>,
    cap: u64,
    reader: Mutex<Reader>,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared").field("cap", &self.cap).finish_non_exhaustive()
    }
}

/// A handle on the object database, made on the first read, and the last blob read: a rule
/// asks `is_binary` then `find` of the same blob, which reads it once
#[derive(Default)]
struct Reader {
    repo: Option<gix::Repository>,
    last: Option<(gix::ObjectId, Content)>,
}

/// A blob's content, as `find` reads it
#[derive(Clone)]
pub(super) struct Content {
    pub(super) binary: bool,
    pub(super) text: Arc<str>,
}

/// One blob of history, as rules see it
#[derive(Debug)]
pub(super) struct BlobRecord {
    pub(super) id: gix::ObjectId,
    /// The first path it had, escaped as in `files()`
    pub(super) path: Arc<str>,
    /// That path's bytes, when escaping changed them
    raw: Option<Box<[u8]>>,
    pub(super) commit: Arc<Commit>,
    pub(super) size: u64,
    in_head: bool,
    binary: AtomicU8,
    shared: Arc<Shared>,
}

impl BlobRecord {
    /// The bytes of its first path, as trees hold them
    pub(super) fn raw_path(&self) -> &[u8] {
        self.raw.as_deref().unwrap_or(self.path.as_bytes())
    }

    /// The blob's content: read once (kept until another blob is read), refused over the
    /// cap. Bytes that are not UTF-8 read as U+FFFD: a blob of history cannot be fixed, so
    /// an encoding is no reason to fail, and the patterns rules look for are ASCII.
    pub(super) fn content(&self) -> Result<Content, FactError> {
        let mut reader = self
            .shared
            .reader
            .lock()
            .map_err(|_| FactError::new(Code::EvalInternal, "blob reader poisoned"))?;
        if let Some((id, content)) = &reader.last
            && *id == self.id
        {
            return Ok(content.clone());
        }
        if self.size > self.shared.cap {
            return Err(FactError::at(
                Code::FactsTooLarge,
                format!(
                    "blob `{}` (`{}`, from commit `{}`) is {} bytes, over the {}-byte cap, and is not read",
                    self.id.to_hex_with_len(7),
                    self.path,
                    self.commit.id.to_hex_with_len(7),
                    self.size,
                    self.shared.cap
                ),
                &*self.path,
            ));
        }
        if reader.repo.is_none() {
            let Some(shared) = self.shared.target.git() else {
                return Err(FactError::new(Code::FactsNoHistory, "no git repository"));
            };
            reader.repo = Some(shared.to_thread_local());
        }
        let what = || format!("cannot read blob `{}` (`{}`)", self.id, self.path);
        let object = match &reader.repo {
            Some(repo) => repo.find_object(self.id).map(gix::Object::detach),
            None => return Err(FactError::new(Code::EvalInternal, "no blob reader")),
        }
        .map_err(|e| FactError { path: Some(self.path.to_string()), ..git_error(&what(), &e) })?;
        if object.kind != gix::object::Kind::Blob {
            return Err(FactError::at(
                Code::FactsGit,
                format!("{}: not a blob", what()),
                &*self.path,
            ));
        }
        let data = &object.data;
        let content = Content {
            binary: data.get(..SNIFF).unwrap_or(data).contains(&0),
            text: Arc::from(String::from_utf8_lossy(data).as_ref()),
        };
        self.binary.store(if content.binary { BINARY } else { TEXT }, Ordering::Relaxed);
        reader.last = Some((self.id, content.clone()));
        Ok(content)
    }

    pub(super) fn is_binary(&self) -> Result<bool, FactError> {
        match self.binary.load(Ordering::Relaxed) {
            TEXT => Ok(false),
            BINARY => Ok(true),
            _ => Ok(self.content()?.binary),
        }
    }
}

impl Record for BlobRecord {
    fn kind(&self) -> RecordKind {
        RecordKind(&BLOB)
    }

    fn field(&self, name: &str) -> Result<Value, FactError> {
        Ok(match name {
            "id" => Value::str(self.id.to_string()),
            "path" => Value::Str(self.path.clone()),
            "commit" => Value::Record(Arc::new(CommitRecord(self.commit.clone()))),
            "size" => Value::Size(self.size),
            "is_binary" => Value::Bool(self.is_binary()?),
            "in_head" => Value::Bool(self.in_head),
            other => {
                return Err(FactError::new(
                    Code::EvalTypeError,
                    format!("`blob` has no field `{other}`"),
                ));
            }
        })
    }

    fn method(&self, name: &str, args: &[Value]) -> Result<Value, FactError> {
        match (name, args) {
            ("find", [Value::Regex(re)]) => {
                Ok(file_record::find(&self.content()?.text, &self.path, re))
            }
            _ => Err(FactError::new(
                Code::EvalTypeError,
                format!("`blob` has no method `{name}` taking these arguments"),
            )),
        }
    }

    fn location(&self) -> Option<Location> {
        Some(Location::file(self.path.clone()))
    }

    fn display(&self) -> String {
        self.path.to_string()
    }
}
