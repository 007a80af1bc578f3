//! The `history` provider: commits and their people and trailers. Declared now so
//! policies type-check; computed by a later version (one history walk per repository,
//! kept in this provider's state and filtered per call).

use super::registry::Provider;
use super::{Compute, Fact};
use crate::model::schema::{RecordSchema, Sig, opt, req};

/// The `commit` record
pub static COMMIT: RecordSchema = RecordSchema {
    name: "commit",
    fields: &[
        ("id", "string", "full commit id"),
        ("short", "string", "abbreviated id"),
        ("author", "person", "author, mailmap applied"),
        ("committer", "person", "committer, mailmap applied"),
        ("subject", "string", "first line of the message"),
        ("message", "string", "whole message"),
        ("parents", "list<string>", "parent ids"),
        ("is_merge", "bool", "has more than one parent"),
        ("is_bot", "bool", "authored by a bot account"),
        ("is_signed", "bool", "carries a signature"),
    ],
    methods: &[Sig {
        name: "trailers",
        params: &[req("key", "string")],
        ret: "list<trailer>",
        doc: "trailers with this key",
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

/// Its facts and records
pub static PROVIDER: Provider = Provider {
    name: "history",
    facts: &[Fact {
        sig: Sig {
            name: "commits",
            params: &[
                opt("range", "string"),
                opt("since", "date"),
                opt("limit", "int"),
                opt("merges", "bool"),
            ],
            ret: "list<commit>",
            doc: "commits reachable from HEAD",
        },
        compute: Compute::Unavailable,
        memo: true,
        lists_tree: false,
    }],
    records: &[&COMMIT, &PERSON, &TRAILER],
};
