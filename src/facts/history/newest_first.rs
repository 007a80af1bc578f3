//! The walk of HEAD from the objects alone: every commit reachable from the tips, newest
//! first by committer time, as `git log` lists them (of two made in the same second, the
//! one queued first). Each commit object is read once.
//!
//! Reading an object (inflating it) must happen in order, since a commit's parents are
//! known only once it is read; decoding it (identities through the mailmap, the message,
//! the trailers) need not. So this thread reads and queues, and hands the raw commits in
//! batches to other threads, which decode them; the batches are put back in order at the
//! end. With a commit-graph, `graph_walk` does better: it reads in parallel too.

use super::intern::Interner;
use super::walk::{Commit, decode, git_error};
use crate::diag::Code;
use crate::model::FactError;
use std::collections::{BinaryHeap, HashSet};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

/// Raw commits handed to a decoding thread at a time
const BATCH: usize = 512;

/// A commit read but not decoded: its id and object bytes
type Raw = (gix::ObjectId, Vec<u8>);

/// A batch decoded, with its place in the walk
type Decoded = (usize, Result<Vec<Commit>, FactError>);

/// A commit in the queue: the newest comes out first, and of two made in the same second,
/// the one queued first (git's order)
struct Queued {
    time: i64,
    seq: std::cmp::Reverse<u64>,
    id: gix::ObjectId,
    parents: Vec<gix::ObjectId>,
    data: Vec<u8>,
}

impl PartialEq for Queued {
    fn eq(&self, other: &Self) -> bool {
        (self.time, self.seq) == (other.time, other.seq)
    }
}
impl Eq for Queued {}
impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Queued {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.time, self.seq).cmp(&(other.time, other.seq))
    }
}

/// Every commit reachable from `tips`, newest first, decoded on up to `threads` threads
pub(super) fn walk(
    repo: &gix::Repository,
    tips: &[gix::ObjectId],
    shallow: &HashSet<gix::ObjectId>,
    mailmap: &gix::mailmap::Snapshot,
    threads: usize,
) -> Result<Vec<Arc<Commit>>, FactError> {
    let decoders = threads.saturating_sub(1);
    if decoders == 0 {
        let mut interner = Interner::default();
        let mut commits = Vec::new();
        read_in_order(repo, tips, shallow, &mut |batch| {
            for (id, data) in batch {
                commits.push(Arc::new(decode(id, &data, mailmap, &mut interner)?));
            }
            Ok(())
        })?;
        return Ok(commits);
    }
    let (send, receive) = mpsc::channel::<(usize, Vec<Raw>)>();
    let receive = Mutex::new(receive);
    let decoded: Mutex<Vec<Decoded>> = Mutex::new(Vec::new());
    let read = std::thread::scope(|s| {
        for _ in 0..decoders {
            s.spawn(|| {
                let mut interner = Interner::default();
                loop {
                    let next = receive.lock().ok().and_then(|r| r.recv().ok());
                    let Some((i, batch)) = next else { break };
                    let commits = batch
                        .iter()
                        .map(|(id, data)| decode(*id, data, mailmap, &mut interner))
                        .collect();
                    if let Ok(mut d) = decoded.lock() {
                        d.push((i, commits));
                    }
                }
            });
        }
        let mut batches = 0;
        let read = read_in_order(repo, tips, shallow, &mut |batch| {
            let sent = send.send((batches, batch));
            batches += 1;
            sent.map_err(|_| FactError::new(Code::FactsGit, "the commit decoders stopped"))
        });
        // Closing the channel ends the decoders, whether the reading succeeded or not
        drop(send);
        read.map(|()| batches)
    })?;
    let mut decoded = decoded
        .into_inner()
        .map_err(|_| FactError::new(Code::FactsGit, "a commit decoder failed"))?;
    if decoded.len() != read {
        return Err(FactError::new(Code::FactsGit, "a commit decoder failed"));
    }
    decoded.sort_by_key(|(i, _)| *i);
    let mut commits = Vec::new();
    for (_, batch) in decoded {
        commits.extend(batch?.into_iter().map(Arc::new));
    }
    Ok(commits)
}

/// Read the commits in the walk's order, handing them to `sink` in batches
fn read_in_order(
    repo: &gix::Repository,
    tips: &[gix::ObjectId],
    shallow: &HashSet<gix::ObjectId>,
    sink: &mut dyn FnMut(Vec<Raw>) -> Result<(), FactError>,
) -> Result<(), FactError> {
    let mut seen: HashSet<gix::ObjectId> = HashSet::new();
    let mut queue = BinaryHeap::new();
    let mut seq = 0u64;
    let mut enqueue = |id: gix::ObjectId, queue: &mut BinaryHeap<Queued>| {
        let object = repo
            .find_object(id)
            .map_err(|e| git_error(&format!("cannot read commit `{id}`"), &e))?;
        if object.kind != gix::object::Kind::Commit {
            return Err(FactError::new(
                Code::FactsGit,
                format!("`{id}` is a {}, not a commit", object.kind),
            ));
        }
        let data = object.detach().data;
        let (time, parents) = {
            let commit = gix::objs::CommitRef::from_bytes(&data, id.kind())
                .map_err(|e| git_error(&format!("cannot decode commit `{id}`"), &e))?;
            let committer = commit.committer().map_err(|e| {
                git_error(&format!("cannot read the committer of commit `{id}`"), &e)
            })?;
            (committer.seconds(), commit.parents().collect())
        };
        seq += 1;
        queue.push(Queued { time, seq: std::cmp::Reverse(seq), id, parents, data });
        Ok::<(), FactError>(())
    };
    for tip in tips {
        if seen.insert(*tip) {
            enqueue(*tip, &mut queue)?;
        }
    }
    let mut batch = Vec::with_capacity(BATCH);
    while let Some(Queued { id, parents, data, .. }) = queue.pop() {
        if shallow.contains(&id) {
            return Err(FactError::new(
                Code::FactsShallow,
                format!(
                    "the repository is a shallow clone and its history stops at commit `{}`",
                    id.to_hex_with_len(7)
                ),
            ));
        }
        for parent in &parents {
            if seen.insert(*parent) {
                enqueue(*parent, &mut queue)?;
            }
        }
        batch.push((id, data));
        if batch.len() == BATCH {
            sink(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))?;
        }
    }
    if !batch.is_empty() {
        sink(batch)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::graph_walk::tests::{history, sequential};
    use super::*;

    #[test]
    fn batches_decoded_on_other_threads_come_back_in_the_walks_order() {
        let dir = tempfile::tempdir().unwrap();
        history(dir.path(), 3 * BATCH + 7);
        let shared = gix::open(dir.path()).unwrap().into_sync();
        let repo = shared.to_thread_local();
        let tip = repo.head_id().unwrap().detach();
        let mailmap = gix::mailmap::Snapshot::default();
        let none = HashSet::new();
        let summary = |threads| -> Vec<(gix::ObjectId, String, usize)> {
            walk(&repo, &[tip], &none, &mailmap, threads)
                .unwrap()
                .iter()
                .map(|c| (c.id, c.subject.to_string(), c.trailers.len()))
                .collect()
        };
        let one = summary(1);
        assert_eq!(one.len(), 3 * BATCH + 7);
        assert_eq!(one.iter().map(|c| c.0).collect::<Vec<_>>(), sequential(&shared));
        assert_eq!(summary(2), one);
        assert_eq!(summary(4), one);

        // A shallow boundary ends the walk with its error, and the decoders with it
        let boundary = one.get(BATCH + 3).unwrap().0;
        let err = walk(&repo, &[tip], &HashSet::from([boundary]), &mailmap, 3).unwrap_err();
        assert_eq!(err.code, Code::FactsShallow);
    }
}
