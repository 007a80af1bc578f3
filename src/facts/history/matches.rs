//! `history_matches(pattern, skip:, max_size:)`: each distinct text a pattern finds in the
//! history reachable from HEAD, once per path, at the commit that introduced it. A secret
//! that stays in a file through fifty edits is fifty distinct blobs of `history_blobs()`
//! but one leak, to be rotated and purged once: this fact folds those versions into one
//! record, with how many versions held it and whether HEAD still does or which commit
//! removed it.
//!
//! The scan reads the blobs of [`super::blobs`] in their oldest-first order, so the first
//! version that holds a text is the one that introduced it. Lifetimes are read on HEAD's
//! first-parent line (the history `git log --first-parent` shows): walking it from HEAD,
//! the first commit whose tree holds the text at that path is the last one that did, and
//! the commit after it removed it. Only the trees on the way to the paths concerned are
//! read, each once, and only when something was found.

use super::HISTORY_MATCH;
use super::blobs::{BlobRecord, BlobState};
use super::record::CommitRecord;
use super::walk::{self, Commit, HistoryState, git_error};
use crate::diag::Code;
use crate::facts::repo::RepoFacts;
use crate::model::schema::RecordKind;
use crate::model::{FactError, Location, Record, Value};
use crate::source::{line_col, line_starts};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Contents of this size or more are not read unless `max_size` says otherwise
const DEFAULT_MAX: u64 = 1_000_000;

/// `history_matches(pattern: regex, skip: list<string>?, max_size: size?)`
pub(super) fn history_matches(facts: &RepoFacts, args: &[Value]) -> Result<Value, FactError> {
    let arg = |i: usize| args.get(i).map_or(&Value::Null, Value::plain);
    let Value::Regex(re) = arg(0) else {
        return Err(FactError::new(Code::EvalTypeError, "`history_matches` takes a regex"));
    };
    let skip: Vec<Arc<str>> = match arg(1) {
        Value::List(items) => items
            .iter()
            .filter_map(|v| match v.plain() {
                Value::Str(s) => Some(s.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let max = match arg(2) {
        Value::Size(s) => *s,
        _ => DEFAULT_MAX,
    };
    let blobs = facts.state::<BlobState>()?.blobs(facts)?;
    let mut found = Found::default();
    for blob in blobs.iter() {
        if blob.size >= max || skip.iter().any(|p| blob.path.starts_with(&**p)) {
            continue;
        }
        if blob.is_binary()? {
            continue;
        }
        found.scan(blob, re)?;
    }
    if found.groups.is_empty() {
        return Ok(Value::list([]));
    }
    let commits = facts.state::<HistoryState>()?.head(facts.target())?;
    let repo = walk::repository(facts.target())?;
    found.lifetimes(&repo, &commits)?;
    Ok(Value::list(found.groups.into_iter().map(|g| Value::Record(Arc::new(g)))))
}

/// What the scan found so far
#[derive(Default)]
struct Found {
    /// Each distinct (path, text), in the order found
    groups: Vec<MatchRecord>,
    index: HashMap<(Arc<str>, Arc<str>), usize>,
    /// The texts each blob holds (only blobs that hold some)
    texts: HashMap<gix::ObjectId, HashSet<Arc<str>>>,
}

impl Found {
    fn scan(&mut self, blob: &Arc<BlobRecord>, re: &regex::Regex) -> Result<(), FactError> {
        let content = blob.content()?;
        let text = &content.text;
        let mut starts = None;
        for m in re.find_iter(text) {
            let found: Arc<str> = Arc::from(m.as_str());
            let held = self.texts.entry(blob.id).or_default();
            if !held.insert(found.clone()) {
                continue; // the same text twice in one version: one version
            }
            let key = (blob.path.clone(), found.clone());
            if let Some(&i) = self.index.get(&key) {
                if let Some(group) = self.groups.get_mut(i) {
                    group.versions += 1;
                }
                continue;
            }
            let starts = starts.get_or_insert_with(|| line_starts(text));
            let (line, column) = line_col(text, starts, m.start());
            self.index.insert(key, self.groups.len());
            self.groups.push(MatchRecord {
                blob: blob.clone(),
                text: found,
                line: line as i64,
                column: column as i64,
                versions: 1,
                fate: Fate::Unknown,
            });
        }
        Ok(())
    }

    /// Does the blob `id` hold `text`?
    fn holds(&self, id: Option<gix::ObjectId>, text: &str) -> bool {
        id.and_then(|id| self.texts.get(&id)).is_some_and(|held| held.contains(text))
    }

    /// Set each group's fate from HEAD's first-parent line
    fn lifetimes(
        &mut self,
        repo: &gix::Repository,
        commits: &[Arc<Commit>],
    ) -> Result<(), FactError> {
        let by_id: HashMap<gix::ObjectId, &Arc<Commit>> =
            commits.iter().map(|c| (c.id, c)).collect();
        let mut trees = Lookup::default();
        let mut pending: Vec<usize> = (0..self.groups.len()).collect();
        let mut later: Option<&Arc<Commit>> = None;
        let mut at = commits.first();
        while let Some(commit) = at {
            if pending.is_empty() {
                break;
            }
            let mut still = Vec::new();
            for i in pending {
                let Some(group) = self.groups.get(i) else { continue };
                let id = trees.blob(repo, commit.tree, group.blob.raw_path())?;
                if self.holds(id, &group.text) {
                    let fate = match later {
                        None => Fate::InHead,
                        Some(c) => Fate::Removed(c.clone()),
                    };
                    if let Some(group) = self.groups.get_mut(i) {
                        group.fate = fate;
                    }
                } else {
                    still.push(i);
                }
            }
            pending = still;
            later = Some(commit);
            at = commit.parents.first().and_then(|p| by_id.get(p).copied());
        }
        for i in pending {
            if let Some(group) = self.groups.get_mut(i) {
                group.fate = Fate::OffLine;
            }
        }
        Ok(())
    }
}

/// Which blob a tree holds at a path, with every tree read once: along the first-parent
/// line most subtrees repeat from one commit to the next
#[derive(Default)]
struct Lookup {
    /// (tree, path below it) → the blob there, if any
    memo: HashMap<(gix::ObjectId, Box<[u8]>), Option<gix::ObjectId>>,
}

impl Lookup {
    fn blob(
        &mut self,
        repo: &gix::Repository,
        tree: gix::ObjectId,
        path: &[u8],
    ) -> Result<Option<gix::ObjectId>, FactError> {
        // The chain of (tree, rest of the path) pairs walked, memoised on the way back
        let mut walked: Vec<(gix::ObjectId, &[u8])> = Vec::new();
        let (mut tree, mut rest) = (tree, path);
        let found = loop {
            if let Some(known) = self.memo.get(&(tree, Box::from(rest))) {
                break *known;
            }
            walked.push((tree, rest));
            let (name, below) = match rest.iter().position(|&b| b == b'/') {
                Some(i) => (rest.get(..i).unwrap_or_default(), rest.get(i + 1..)),
                None => (rest, None),
            };
            let object = repo
                .find_object(tree)
                .map_err(|e| git_error(&format!("cannot read tree `{tree}`"), &e))?;
            let mut next = None;
            for entry in gix::objs::TreeRefIter::from_bytes(&object.data, repo.object_hash()) {
                let entry =
                    entry.map_err(|e| git_error(&format!("cannot decode tree `{tree}`"), &e))?;
                if entry.filename == name {
                    next = Some((entry.oid.to_owned(), entry.mode));
                    break;
                }
            }
            match (next, below) {
                (Some((id, mode)), Some(below)) if mode.is_tree() => (tree, rest) = (id, below),
                (Some((id, mode)), None) if mode.is_blob() => break Some(id),
                _ => break None,
            }
        };
        for (tree, rest) in walked {
            self.memo.insert((tree, Box::from(rest)), found);
        }
        Ok(found)
    }
}

/// What became of a text after its last version
#[derive(Debug)]
enum Fate {
    /// Not worked out yet
    Unknown,
    /// HEAD's tree still holds it at its path
    InHead,
    /// This commit of HEAD's first-parent line dropped it
    Removed(Arc<Commit>),
    /// No commit of HEAD's first-parent line held it (it lived on a merged side branch)
    OffLine,
}

/// One distinct text found at one path of history, as rules see it
#[derive(Debug)]
struct MatchRecord {
    /// The version that introduced it
    blob: Arc<BlobRecord>,
    text: Arc<str>,
    line: i64,
    column: i64,
    /// How many distinct versions at its path held it
    versions: i64,
    fate: Fate,
}

impl MatchRecord {
    /// "removed in abc1234", "still in HEAD", with the later versions first
    fn lifetime(&self) -> String {
        let fate = match &self.fate {
            Fate::InHead => "still in HEAD".to_string(),
            Fate::Removed(c) => format!("removed in {}", c.id.to_hex_with_len(7)),
            Fate::OffLine | Fate::Unknown => "not in HEAD".to_string(),
        };
        match self.versions - 1 {
            0 => fate,
            1 => format!("kept in 1 later version, {fate}"),
            n => format!("kept in {n} later versions, {fate}"),
        }
    }
}

impl Record for MatchRecord {
    fn kind(&self) -> RecordKind {
        RecordKind(&HISTORY_MATCH)
    }

    fn field(&self, name: &str) -> Result<Value, FactError> {
        let commit = |c: &Arc<Commit>| Value::Record(Arc::new(CommitRecord(c.clone())));
        Ok(match name {
            "path" => Value::Str(self.blob.path.clone()),
            "text" => Value::Str(self.text.clone()),
            "line" => Value::Int(self.line),
            "column" => Value::Int(self.column),
            "blob" => Value::str(self.blob.id.to_string()),
            "commit" => commit(&self.blob.commit),
            "versions" => Value::Int(self.versions),
            "in_head" => Value::Bool(matches!(self.fate, Fate::InHead)),
            "removed" => match &self.fate {
                Fate::Removed(c) => commit(c),
                _ => Value::Null,
            },
            "lifetime" => Value::str(self.lifetime()),
            other => {
                return Err(FactError::new(
                    Code::EvalTypeError,
                    format!("`history_match` has no field `{other}`"),
                ));
            }
        })
    }

    fn location(&self) -> Option<Location> {
        // The path, not the line: the work tree holds another version of the file, whose
        // lines a report must not show as the match's.
        Some(Location::file(self.blob.path.clone()))
    }

    fn display(&self) -> String {
        self.blob.path.to_string()
    }
}
