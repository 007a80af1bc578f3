//! The history walk: commits read once from the object database through the target's gix
//! handle, newest first by commit time (git log's order), with the mailmap applied and the
//! trailers parsed. The walk of HEAD is made once per repository and kept in the
//! provider's state, so every `commits(…)` call without a range filters the same list.

use super::intern::Interner;
use super::trailers::{self, Trailer};
use crate::diag::Code;
use crate::model::FactError;
use crate::repo::Target;
use gix::bstr::ByteSlice as _;
use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

/// Who made a commit, and when
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// Name, mailmap applied
    pub name: Arc<str>,
    /// Email, mailmap applied
    pub email: Arc<str>,
    /// Seconds since the Unix epoch
    pub time: i64,
}

/// One commit, decoded
#[derive(Debug)]
pub struct Commit {
    /// Its id
    pub id: gix::ObjectId,
    /// Author
    pub author: Person,
    /// Committer
    pub committer: Person,
    /// The first paragraph, folded onto one line (git's `%s`)
    pub subject: Arc<str>,
    /// The whole message
    pub message: Arc<str>,
    /// Parent ids
    pub parents: Vec<gix::ObjectId>,
    /// Its tree
    pub tree: gix::ObjectId,
    /// Carries a `gpgsig` header (not verified: that would run gpg)
    pub is_signed: bool,
    /// Its trailers
    pub trailers: Vec<Trailer>,
}

/// The provider's state for one repository: the walk of HEAD, made on first use
#[derive(Debug, Default)]
pub(super) struct HistoryState {
    head: OnceLock<Result<Arc<[Arc<Commit>]>, FactError>>,
}

impl HistoryState {
    /// Every commit reachable from HEAD, newest first
    pub(super) fn head(&self, target: &Target) -> Result<Arc<[Arc<Commit>]>, FactError> {
        self.head.get_or_init(|| walk(target, None).map(Arc::from)).clone()
    }
}

/// The gix repository of `target`, or why it has no history
pub(super) fn repository(target: &Target) -> Result<gix::Repository, FactError> {
    let Some(shared) = target.git() else {
        return Err(FactError::new(
            Code::FactsNoHistory,
            format!("`{}` is not a git repository, so it has no history", target.name()),
        ));
    };
    Ok(shared.to_thread_local())
}

/// A `facts::git` error: `what` failed because of `e`
pub(super) fn git_error(what: &str, e: &(dyn std::error::Error + 'static)) -> FactError {
    let mut text = format!("{what}: {e}");
    let mut source = e.source();
    while let Some(s) = source {
        let part = s.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = s.source();
    }
    FactError::new(Code::FactsGit, text)
}

/// The commits reachable from the tips of `range` (HEAD when `None`) and not from its
/// hidden side, newest first
pub(super) fn walk(target: &Target, range: Option<&str>) -> Result<Vec<Arc<Commit>>, FactError> {
    let mut repo = repository(target)?;
    let (tips, hidden) = match range {
        None => {
            let head = repo.head().map_err(|e| git_error("cannot read `HEAD`", &e))?;
            let Some(id) = head.id() else {
                return Err(FactError::new(
                    Code::FactsNoHistory,
                    "the repository has no commit yet, so it has no history to check",
                ));
            };
            (vec![id.detach()], Vec::new())
        }
        Some(range) => resolve(&repo, range)?,
    };
    let shallow: HashSet<gix::ObjectId> = repo
        .shallow_commits()
        .map_err(|e| git_error("cannot read the list of shallow commits", &e))?
        .map(|list| list.iter().copied().collect())
        .unwrap_or_default();
    let mailmap = mailmap(target);
    if hidden.is_empty() {
        // With a commit-graph, the same walk on every thread of the pool (a shallow clone's
        // history ends early: the walk below says where)
        let threads = rayon::current_num_threads();
        if shallow.is_empty()
            && let Some(shared) = target.git()
            && let Some(commits) = super::graph_walk::walk(shared, &tips, &mailmap, threads)
        {
            return Ok(commits);
        }
        return super::newest_first::walk(&repo, &tips, &shallow, &mailmap, threads);
    }
    // The walk of a range finds each commit twice (to walk, then to decode it): a cache
    // halves the work.
    repo.object_cache_size_if_unset(16 << 20);
    let walk = repo
        .rev_walk(tips)
        .with_hidden(hidden)
        .sorting(gix::revision::walk::Sorting::ByCommitTime(
            gix::traverse::commit::simple::CommitTimeOrder::NewestFirst,
        ))
        .use_commit_graph(false)
        .all()
        .map_err(|e| git_error("cannot walk the history", &e))?;
    let mut commits = Vec::new();
    let mut interner = Interner::default();
    for info in walk {
        let info = info.map_err(|e| git_error("cannot walk the history", &e))?;
        if shallow.contains(&info.id) {
            return Err(FactError::new(
                Code::FactsShallow,
                format!(
                    "the repository is a shallow clone and its history stops at commit `{}`",
                    info.id.to_hex_with_len(7)
                ),
            ));
        }
        let object = repo
            .find_object(info.id)
            .map_err(|e| git_error(&format!("cannot read commit `{}`", info.id), &e))?;
        commits.push(Arc::new(decode(info.id, &object.data, &mailmap, &mut interner)?));
    }
    Ok(commits)
}

/// The tips and hidden commits of a range: `A..B`, `^A`, or one revision
fn resolve(
    repo: &gix::Repository,
    range: &str,
) -> Result<(Vec<gix::ObjectId>, Vec<gix::ObjectId>), FactError> {
    use gix::revision::plumbing::Spec;
    let spec = repo
        .rev_parse(range)
        .map_err(|e| git_error(&format!("cannot resolve the range `{range}`"), &e))?
        .detach();
    let head = || {
        repo.head_id()
            .map(gix::Id::detach)
            .map_err(|e| git_error(&format!("cannot resolve `HEAD` for `{range}`"), &e))
    };
    // A tag names a tag object; the walk wants the commit it leads to.
    let commit = |id: gix::ObjectId| {
        repo.find_object(id)
            .and_then(gix::Object::peel_to_commit)
            .map(|c| c.id)
            .map_err(|e| git_error(&format!("`{range}` does not lead to a commit"), &e))
    };
    Ok(match spec {
        Spec::Include(id) => (vec![commit(id)?], Vec::new()),
        Spec::Range { from, to } => (vec![commit(to)?], vec![commit(from)?]),
        Spec::Exclude(id) => (vec![head()?], vec![commit(id)?]),
        _ => {
            return Err(FactError::new(
                Code::FactsGit,
                format!("the range `{range}` is not supported: give one revision, `A..B` or `^A`"),
            ));
        }
    })
}

/// The mailmap of the tree being checked: `.mailmap` read through the target (so a
/// symlink never leads out of the repository), nothing from configuration
fn mailmap(target: &Target) -> gix::mailmap::Snapshot {
    match target.read_path(".mailmap", 1 << 20) {
        Some(Ok(bytes)) => gix::mailmap::Snapshot::from_bytes(&bytes),
        _ => gix::mailmap::Snapshot::default(),
    }
}

fn person(
    mailmap: &gix::mailmap::Snapshot,
    interner: &mut Interner,
    sig: gix::Result<gix::actor::SignatureRef<'_>>,
    id: gix::ObjectId,
    role: &str,
) -> Result<Person, FactError> {
    let sig =
        sig.map_err(|e| git_error(&format!("cannot read the {role} of commit `{id}`"), &e))?;
    let time = sig.seconds();
    let sig = sig.trim();
    let sig = mailmap.resolve_cow(gix_actor_mailmap::SignatureRef {
        name: sig.name,
        email: sig.email,
        time: sig.time,
    });
    Ok(Person {
        name: interner.get(&sig.name.to_str_lossy()),
        email: interner.get(&sig.email.to_str_lossy()),
        time,
    })
}

/// Decode one commit object
pub(super) fn decode(
    id: gix::ObjectId,
    data: &[u8],
    mailmap: &gix::mailmap::Snapshot,
    interner: &mut Interner,
) -> Result<Commit, FactError> {
    let commit = gix::objs::CommitRef::from_bytes(data, id.kind())
        .map_err(|e| git_error(&format!("cannot decode commit `{id}`"), &e))?;
    let message = commit.message;
    Ok(Commit {
        id,
        author: person(mailmap, interner, commit.author(), id, "author")?,
        committer: person(mailmap, interner, commit.committer(), id, "committer")?,
        subject: Arc::from(commit.message().summary().to_str_lossy().as_ref()),
        message: Arc::from(message.to_str_lossy().as_ref()),
        parents: commit.parents().collect(),
        tree: commit.tree(),
        is_signed: commit.extra_headers().pgp_signature().is_some(),
        trailers: trailers::parse_interned(message, interner),
    })
}
