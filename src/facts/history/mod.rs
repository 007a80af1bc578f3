//! The `history` provider: commits with their people and trailers, and tags, read from
//! the object database through the repository target's gix handle (never by running
//! `git`). One walk of HEAD per repository ([`walk::HistoryState`]) serves every
//! `commits(…)` call without a range; `since`, `limit` and `merges` filter it.

mod blobs;
mod graph_walk;
mod intern;
mod matches;
mod newest_first;
mod record;
mod tags;
pub mod trailers;
pub mod walk;

use super::registry::Provider;
use super::repo::RepoFacts;
use super::{Compute, Fact};
use crate::diag::Code;
use crate::model::schema::{RecordSchema, Sig, opt, req};
use crate::model::{FactError, Value};
use record::CommitRecord;
use std::sync::Arc;

/// The `commit` record
pub static COMMIT: RecordSchema = RecordSchema {
    name: "commit",
    fields: &[
        ("id", "string", "full commit id"),
        ("short", "string", "abbreviated id"),
        ("author", "person", "author, mailmap applied"),
        ("committer", "person", "committer, mailmap applied"),
        ("subject", "string", "first paragraph of the message, on one line (git's `%s`)"),
        ("message", "string", "whole message"),
        ("parents", "list<string>", "parent ids"),
        ("is_merge", "bool", "has more than one parent"),
        ("is_bot", "bool", "authored by a bot account (`[bot]` names, Dependabot, Renovate)"),
        ("is_signed", "bool", "carries a PGP or SSH signature (not verified)"),
    ],
    methods: &[Sig {
        name: "trailers",
        params: &[req("key", "string")],
        ret: "list<trailer>",
        doc: "trailers with this key (any case), in message order",
    }],
    element: None,
    located: false,
};

/// The `person` record
pub static PERSON: RecordSchema = RecordSchema {
    name: "person",
    fields: &[("name", "string", "name"), ("email", "string", "email"), ("time", "date", "when")],
    methods: &[],
    element: None,
    located: false,
};

/// The `trailer` record
pub static TRAILER: RecordSchema = RecordSchema {
    name: "trailer",
    fields: &[
        ("value", "string", "the whole value"),
        ("name", "string", "the name part of a `Name <email>` value"),
        ("email", "string", "the email part of a `Name <email>` value"),
    ],
    methods: &[],
    element: None,
    located: false,
};

/// The `tag` record
pub static TAG: RecordSchema = RecordSchema {
    name: "tag",
    fields: &[
        ("name", "string", "tag name, without `refs/tags/`"),
        ("annotated", "bool", "is a tag object, with a tagger and a message"),
        ("signed", "bool", "an annotated tag carrying a PGP or SSH signature (not verified)"),
        ("target", "string", "id of the commit it leads to"),
        ("time", "date?", "when it was tagged (the commit's time for a lightweight tag)"),
    ],
    methods: &[Sig {
        name: "has_file",
        params: &[req("path", "string")],
        ret: "bool",
        doc: "the tagged commit's tree holds a file at `path` (relative to the root)",
    }],
    element: None,
    located: false,
};

/// The `blob` record
pub static BLOB: RecordSchema = RecordSchema {
    name: "blob",
    fields: &[
        ("id", "string", "the blob's id"),
        ("path", "string", "the path where it first appeared"),
        ("commit", "commit", "the commit that introduced it: the oldest whose tree holds it"),
        ("size", "size", "size in bytes (from the object header)"),
        ("is_binary", "bool", "contains a NUL byte in its first 8 KiB (reads the blob)"),
        ("in_head", "bool", "HEAD's tree holds it too (at this path or another)"),
    ],
    methods: &[Sig {
        name: "find",
        params: &[req("pattern", "regex")],
        ret: "list<match>",
        doc: "every match, located at the blob's path (bytes that are not UTF-8 read as U+FFFD)",
    }],
    element: None,
    located: true,
};

/// The `history_match` record
pub static HISTORY_MATCH: RecordSchema = RecordSchema {
    name: "history_match",
    fields: &[
        ("path", "string", "the path of the version that introduced it"),
        ("text", "string", "the matched text"),
        ("line", "int", "1-based line of its first occurrence in that version"),
        ("column", "int", "1-based character column there"),
        ("blob", "string", "id of that version (a blob of `history_blobs()`)"),
        ("commit", "commit", "the commit that introduced it: the oldest whose tree holds it"),
        ("versions", "int", "how many distinct versions at its path hold it (1 or more)"),
        ("in_head", "bool", "HEAD's tree still holds it at this path"),
        (
            "removed",
            "commit?",
            "the commit of HEAD's first-parent line that dropped it (null while in HEAD, or if it never was on that line)",
        ),
        (
            "lifetime",
            "string",
            "for messages: `removed in abc1234`, `kept in 3 later versions, still in HEAD`…",
        ),
    ],
    methods: &[],
    element: None,
    located: true,
};

/// Its facts and records
pub static PROVIDER: Provider = Provider {
    name: "history",
    facts: &[
        Fact {
            sig: Sig {
                name: "commits",
                params: &[
                    opt("range", "string"),
                    opt("since", "date"),
                    opt("limit", "int"),
                    opt("merges", "bool"),
                ],
                ret: "list<commit>",
                doc: "commits reachable from HEAD (or in `range`), newest first",
            },
            compute: Compute::By(commits),
            memo: true,
            lists_tree: false,
        },
        Fact {
            sig: Sig { name: "tags", params: &[], ret: "list<tag>", doc: "every tag, by name" },
            compute: Compute::By(tags),
            memo: true,
            lists_tree: false,
        },
        Fact {
            sig: Sig {
                name: "history_blobs",
                params: &[],
                ret: "list<blob>",
                doc: "every distinct file content reachable from HEAD's history, once, with where and when it first appeared",
            },
            compute: Compute::By(blobs::history_blobs),
            memo: true,
            lists_tree: false,
        },
        Fact {
            sig: Sig {
                name: "history_matches",
                params: &[
                    req("pattern", "regex"),
                    opt("skip", "list<string>"),
                    opt("max_size", "size"),
                ],
                ret: "list<history_match>",
                doc: "each distinct text `pattern` finds in the text blobs of HEAD's history (under `max_size`, default 1MB; paths under a `skip` prefix left out), once per path, at the commit that introduced it",
            },
            compute: Compute::By(matches::history_matches),
            memo: true,
            lists_tree: false,
        },
    ],
    records: &[&COMMIT, &PERSON, &TRAILER, &TAG, &BLOB, &HISTORY_MATCH],
};

fn commits(facts: &RepoFacts, args: &[Value]) -> Result<Value, FactError> {
    let arg = |i: usize| args.get(i).map_or(&Value::Null, Value::plain);
    let since = match arg(1) {
        Value::Date(t) => Some(t.as_second()),
        _ => None,
    };
    let limit = match arg(2) {
        Value::Int(n) if *n < 0 => {
            return Err(FactError::new(
                Code::EvalFactFailed,
                format!("`commits(limit: {n})`: the limit cannot be negative"),
            ));
        }
        Value::Int(n) => usize::try_from(*n).unwrap_or(usize::MAX),
        _ => usize::MAX,
    };
    let merges = !matches!(arg(3), Value::Bool(false));
    let all: Arc<[Arc<walk::Commit>]> = match arg(0) {
        Value::Str(range) => walk::walk(facts.target(), Some(range))?.into(),
        _ => facts.state::<walk::HistoryState>()?.head(facts.target())?,
    };
    let chosen = all
        .iter()
        .filter(|c| merges || c.parents.len() < 2)
        .filter(|c| since.is_none_or(|s| c.committer.time >= s))
        .take(limit)
        .map(|c| Value::Record(Arc::new(CommitRecord(c.clone()))));
    Ok(Value::list(chosen))
}

fn tags(facts: &RepoFacts, _: &[Value]) -> Result<Value, FactError> {
    tags::tags(facts.target())
}
