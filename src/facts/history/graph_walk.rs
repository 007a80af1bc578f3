//! The walk of HEAD on every thread, when the repository has a commit-graph file (git
//! writes one on `gc` and `maintenance`): the order of the commits is worked out from the
//! graph alone, without reading a commit object, so the objects, which are most of the
//! cost, can then be read and decoded in parallel.
//!
//! The graph is a cache git keeps beside the objects, not the truth, and a repository
//! nobody vetted may carry a stale or forged one. So every decoded commit must agree with
//! the graph on what decides the order (its parents and its commit time); on any
//! disagreement, a commit the graph lacks, or any error, the walk is left to
//! [`super::newest_first`]'s reading of the objects alone, which this one reproduces exactly.

use super::intern::Interner;
use super::walk::{Commit, decode};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Commits a thread decodes at a time: large enough that handing them over costs nothing
const CHUNK: usize = 512;

/// A commit as the graph describes it: what its decoded object must agree with
struct Planned {
    id: gix::ObjectId,
    parents: Vec<gix::ObjectId>,
    time: i64,
}

/// The commits reachable from `tips`, newest first, decoded on `threads` threads; `None`
/// when the graph cannot be used or does not agree with the objects (then the caller
/// walks the objects alone)
pub(super) fn walk(
    shared: &gix::ThreadSafeRepository,
    tips: &[gix::ObjectId],
    mailmap: &gix::mailmap::Snapshot,
    threads: usize,
) -> Option<Vec<Arc<Commit>>> {
    let repo = shared.to_thread_local();
    let graph = repo.commit_graph_if_enabled().ok()??;
    let plan = plan(&graph, tips)?;
    if threads < 2 || plan.len() < 2 * CHUNK {
        return None;
    }
    let commits = decode_all(shared, &plan, mailmap, threads)?;
    let agrees = commits
        .iter()
        .zip(&plan)
        .all(|(c, p)| c.id == p.id && c.parents == p.parents && c.committer.time == p.time);
    agrees.then(|| commits.into_iter().map(Arc::new).collect())
}

/// The order of `super::newest_first::walk`, from the graph: newest commit time
/// first, and of two made in the same second, the one queued first
fn plan(graph: &gix::commitgraph::Graph, tips: &[gix::ObjectId]) -> Option<Vec<Planned>> {
    let mut seen = HashSet::new();
    let mut queue: BinaryHeap<(i64, Reverse<u64>, gix::commitgraph::Position)> = BinaryHeap::new();
    let mut seq = 0u64;
    let mut enqueue = |pos: gix::commitgraph::Position, queue: &mut BinaryHeap<_>| {
        let time = i64::try_from(graph.commit_at(pos).committer_timestamp()).ok()?;
        seq += 1;
        queue.push((time, Reverse(seq), pos));
        Some(())
    };
    for tip in tips {
        let pos = graph.lookup(tip)?;
        if seen.insert(pos) {
            enqueue(pos, &mut queue)?;
        }
    }
    let mut plan = Vec::with_capacity(graph.num_commits() as usize);
    while let Some((time, _, pos)) = queue.pop() {
        let commit = graph.commit_at(pos);
        let mut parents = Vec::new();
        for parent in commit.iter_parents() {
            let parent = parent.ok()?;
            parents.push(graph.id_at(parent).to_owned());
            if seen.insert(parent) {
                enqueue(parent, &mut queue)?;
            }
        }
        plan.push(Planned { id: commit.id().to_owned(), parents, time });
    }
    Some(plan)
}

/// Read and decode the commits of `plan` on `threads` threads, in the plan's order;
/// `None` if any cannot be read or decoded
fn decode_all(
    shared: &gix::ThreadSafeRepository,
    plan: &[Planned],
    mailmap: &gix::mailmap::Snapshot,
    threads: usize,
) -> Option<Vec<Commit>> {
    let chunks: Vec<&[Planned]> = plan.chunks(CHUNK).collect();
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, Option<Vec<Commit>>)>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..threads.min(chunks.len()) {
            s.spawn(|| {
                let repo = shared.to_thread_local();
                let mut interner = Interner::default();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(chunk) = chunks.get(i) else { break };
                    let decoded = chunk
                        .iter()
                        .map(|p| {
                            let object = repo.find_object(p.id).ok()?;
                            if object.kind != gix::object::Kind::Commit {
                                return None;
                            }
                            decode(p.id, &object.data, mailmap, &mut interner).ok()
                        })
                        .collect::<Option<Vec<Commit>>>();
                    let failed = decoded.is_none();
                    if let Ok(mut done) = done.lock() {
                        done.push((i, decoded));
                    }
                    if failed {
                        break;
                    }
                }
            });
        }
    });
    let mut done = done.into_inner().ok()?;
    if done.len() != chunks.len() {
        return None;
    }
    done.sort_by_key(|(i, _)| *i);
    let mut commits = Vec::with_capacity(plan.len());
    for (_, chunk) in done {
        commits.extend(chunk?);
    }
    Some(commits)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use std::path::Path;
    use std::process::{Command, Stdio};

    pub(in crate::facts::history) fn git(dir: &Path, args: &[&str], stdin: &[u8]) {
        use std::io::Write as _;
        let mut child = Command::new("git")
            .args(["-c", "init.defaultBranch=main"])
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin).unwrap();
        assert!(child.wait().unwrap().success(), "git {args:?}");
    }

    /// A repository of `n` commits on main, made in pairs within one second (so the order
    /// of equal times matters), with a merge of a side branch halfway
    pub(in crate::facts::history) fn history(dir: &Path, n: usize) {
        use std::fmt::Write as _;
        let mut stream = String::new();
        for i in 1..=n {
            let t = 1_700_000_000 + i / 2;
            let msg =
                format!("change {i}\n\nSigned-off-by: Dev {} <dev{}@example.org>\n", i % 7, i % 7);
            let who = format!("Dev <dev@example.org> {t} +0000");
            let len = msg.len();
            write!(stream, "commit refs/heads/main\nmark :{i}\nauthor {who}\ncommitter {who}\n")
                .unwrap();
            write!(stream, "data {len}\n{msg}\n").unwrap();
            if i > 1 {
                writeln!(stream, "from :{}", i - 1).unwrap();
            }
            if i == n / 2 {
                stream.push_str("merge :3\n");
            }
            write!(stream, "M 644 inline f{}.txt\ndata 2\nx\n\n", i % 10).unwrap();
        }
        git(dir, &["init", "-q"], b"");
        git(dir, &["fast-import", "--quiet"], stream.as_bytes());
        git(dir, &["reset", "-q", "--hard", "main"], b"");
    }

    pub(in crate::facts::history) fn sequential(
        repo: &gix::ThreadSafeRepository,
    ) -> Vec<gix::ObjectId> {
        let repo = repo.to_thread_local();
        let tip = repo.head_id().unwrap().detach();
        let mut walk: Vec<_> = repo
            .rev_walk([tip])
            .sorting(gix::revision::walk::Sorting::ByCommitTime(
                gix::traverse::commit::simple::CommitTimeOrder::NewestFirst,
            ))
            .use_commit_graph(false)
            .all()
            .unwrap()
            .map(|i| i.unwrap().id)
            .collect();
        walk.dedup();
        walk
    }

    fn by_graph(dir: &Path) -> Option<Vec<gix::ObjectId>> {
        let shared = gix::open(dir).unwrap().into_sync();
        let tip = shared.to_thread_local().head_id().unwrap().detach();
        let mailmap = gix::mailmap::Snapshot::default();
        walk(&shared, &[tip], &mailmap, 3).map(|c| c.iter().map(|c| c.id).collect())
    }

    #[test]
    fn the_graph_gives_the_order_of_the_objects_and_a_stale_or_broken_one_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        history(dir.path(), 3 * CHUNK);
        assert_eq!(by_graph(dir.path()), None, "no commit-graph yet");
        git(dir.path(), &["commit-graph", "write", "--reachable"], b"");
        let shared = gix::open(dir.path()).unwrap().into_sync();
        let got = by_graph(dir.path()).expect("the graph is used");
        assert_eq!(got.len(), 3 * CHUNK);
        assert_eq!(got, sequential(&shared));

        // A commit the graph does not know: the objects alone decide
        let who = ["-c", "user.name=Dev", "-c", "user.email=dev@example.org"];
        git(
            dir.path(),
            &[&who[..], &["commit", "-q", "--allow-empty", "-m", "after"]].concat(),
            b"",
        );
        assert_eq!(by_graph(dir.path()), None);

        // A graph that is not one, or is cut short, is no graph: no panic, no answer
        let file = dir.path().join(".git/objects/info/commit-graph");
        let bytes = std::fs::read(&file).unwrap();
        let mut perms = std::fs::metadata(&file).unwrap().permissions();
        #[expect(clippy::permissions_set_readonly_false, reason = "the test's own file")]
        perms.set_readonly(false);
        std::fs::set_permissions(&file, perms).unwrap();
        git(dir.path(), &["reset", "-q", "--hard", "HEAD~1"], b"");
        assert!(by_graph(dir.path()).is_some());
        for broken in [&bytes[..bytes.len() / 2], b"CGPH garbage".as_slice(), &[]] {
            std::fs::write(&file, broken).unwrap();
            assert_eq!(by_graph(dir.path()), None);
        }
    }
}
