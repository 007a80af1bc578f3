//! The `files` provider: `files(glob…)`, `exists(glob…)` and `file(path)` over the
//! repository's tree, and the `file` and `match` records they return.

use super::file_record::FileRecord;
use super::registry::Provider;
use super::repo::RepoFacts;
use super::{Compute, Fact, glob};
use crate::diag::Code;
use crate::model::schema::{RecordSchema, Sig, many, opt, req};
use crate::model::{FactError, Value};
use std::sync::Arc;

/// The `file` record
pub static FILE: RecordSchema = RecordSchema {
    name: "file",
    fields: &[
        ("path", "string", "path relative to the repository root, `/`-separated"),
        ("name", "string", "file name"),
        ("ext", "string", "extension without the dot, or \"\""),
        ("size", "size", "size in bytes"),
        ("is_binary", "bool", "contains a NUL byte in its first 8 KiB"),
        ("is_symlink", "bool", "is a symbolic link (never followed out of the repository)"),
        (
            "is_readable",
            "bool",
            "its content can be read (not a dangling symlink, nor one leading out of the repository)",
        ),
        ("text", "string", "the content as UTF-8 text"),
        ("lines", "list<string>", "the content split into lines"),
    ],
    methods: &[
        Sig { name: "head", params: &[req("n", "int")], ret: "string", doc: "the first n lines" },
        Sig {
            name: "find",
            params: &[req("pattern", "regex")],
            ret: "list<match>",
            doc: "every match, located",
        },
    ],
    element: None,
    located: true,
};

/// The `match` record
pub static MATCH: RecordSchema = RecordSchema {
    name: "match",
    fields: &[
        ("path", "string", "the file"),
        ("line", "int", "1-based line of the match start"),
        ("column", "int", "1-based character column of the match start"),
        ("text", "string", "the matched text"),
        ("groups", "list<string?>", "capture groups (null for those that did not take part)"),
    ],
    methods: &[],
    element: None,
    located: true,
};

/// Its facts and records
pub static PROVIDER: Provider = Provider {
    name: "files",
    facts: &[
        Fact {
            sig: Sig {
                name: "files",
                params: &[many("patterns", "string"), opt("nocase", "bool")],
                ret: "list<file>",
                doc: "files matching any of the globs (all files when none is given)",
            },
            compute: Compute::By(files),
            memo: true,
            lists_tree: true,
        },
        Fact {
            sig: Sig {
                name: "exists",
                params: &[many("patterns", "string"), opt("nocase", "bool")],
                ret: "bool",
                doc: "whether any file matches any of the globs",
            },
            compute: Compute::By(exists),
            memo: true,
            lists_tree: true,
        },
        Fact {
            sig: Sig {
                name: "file",
                params: &[req("path", "string")],
                ret: "file?",
                doc: "the file at exactly this path, or null",
            },
            compute: Compute::By(file),
            memo: true,
            lists_tree: true,
        },
    ],
    records: &[&FILE, &MATCH],
};

fn files(facts: &RepoFacts, args: &[Value]) -> Result<Value, FactError> {
    let found = matching(facts, patterns("files", args)?.as_deref(), nocase(args), false)?;
    Ok(Value::list(found.into_iter().filter_map(|i| file_record(facts, i))))
}

fn exists(facts: &RepoFacts, args: &[Value]) -> Result<Value, FactError> {
    let found = matching(facts, patterns("exists", args)?.as_deref(), nocase(args), true)?;
    Ok(Value::Bool(!found.is_empty()))
}

#[expect(clippy::unnecessary_wraps, reason = "every fact is computed through one signature")]
fn file(facts: &RepoFacts, args: &[Value]) -> Result<Value, FactError> {
    let Some(Value::Str(p)) = args.first() else { return Ok(Value::Null) };
    Ok(facts.lookup(p).and_then(|i| file_record(facts, i)).unwrap_or(Value::Null))
}

fn nocase(args: &[Value]) -> bool {
    matches!(args.get(1), Some(Value::Bool(true)))
}

/// The record of the file at `index`
pub(super) fn file_record(facts: &RepoFacts, index: usize) -> Option<Value> {
    let entry = facts.entries().get(index)?.clone();
    Some(Value::Record(Arc::new(FileRecord { entry, index, repo: facts.inner.clone() })))
}

/// The files matching `patterns`: every file when there is no pattern argument at all
/// (`None`), no file for an empty list. With `first_only`, stops at the first match.
fn matching(
    facts: &RepoFacts,
    patterns: Option<&[Arc<str>]>,
    nocase: bool,
    first_only: bool,
) -> Result<Vec<usize>, FactError> {
    let entries = facts.entries();
    let Some(patterns) = patterns else { return Ok((0..entries.len()).collect()) };
    if !nocase && patterns.iter().all(|p| glob::is_literal(p)) {
        let mut found: Vec<usize> = patterns.iter().filter_map(|p| facts.lookup(p)).collect();
        found.sort_unstable();
        found.dedup();
        return Ok(found);
    }
    let strings: Vec<&str> = patterns.iter().map(|p| &**p).collect();
    let set = glob::cached_glob_set(&strings, nocase)
        .map_err(|m| FactError::new(Code::EvalBadGlob, m))?;
    let mut hits = entries.iter().enumerate().filter(|(_, e)| set.is_match(&*e.path));
    Ok(if first_only {
        hits.next().map(|(i, _)| i).into_iter().collect()
    } else {
        hits.map(|(i, _)| i).collect()
    })
}

/// The glob patterns of a `files`/`exists` call. Variadic patterns arrive as one list, and
/// a list given among them is spliced in: `None` when no pattern was given at all (every
/// file), `Some` of an empty list when only empty lists were (no file).
fn patterns(fact: &str, args: &[Value]) -> Result<Option<Vec<Arc<str>>>, FactError> {
    let items = match args.first() {
        Some(Value::List(items)) if !items.is_empty() => items,
        _ => return Ok(None),
    };
    let mut out = Vec::new();
    for item in items.iter() {
        let spliced = match item {
            Value::List(inner) => &**inner,
            one => std::slice::from_ref(one),
        };
        for p in spliced {
            match p {
                Value::Str(s) => out.push(s.clone()),
                other => {
                    return Err(FactError::new(
                        Code::EvalTypeError,
                        format!(
                            "the patterns of `{fact}` must be strings, found `{}`",
                            other.type_name()
                        ),
                    ));
                }
            }
        }
    }
    Ok(Some(out))
}
