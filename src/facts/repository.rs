//! The `repository` provider: `repo`, what the repository is (name, path, git state).

use super::registry::Provider;
use super::repo::RepoFacts;
use super::{Compute, Fact};
use crate::model::schema::{RecordKind, RecordSchema, Sig};
use crate::model::{FactError, MapRecord, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The `repo` record
pub static REPO: RecordSchema = RecordSchema {
    name: "repo",
    fields: &[
        ("name", "string", "directory name of the repository root (`x.git` for a bare `x.git`)"),
        ("path", "string", "absolute path of the root (the git directory of a bare repository)"),
        ("is_git", "bool", "is a git repository (work tree or bare)"),
        ("is_bare", "bool", "is a bare git repository"),
        ("head", "string?", "commit id of HEAD (null before the first commit)"),
        ("branch", "string?", "the branch HEAD names (null when detached)"),
        ("remote", "string?", "URL of the `origin` remote, from git config"),
    ],
    methods: &[],
    element: None,
    located: false,
};

/// Its facts and records
pub static PROVIDER: Provider = Provider {
    name: "repository",
    facts: &[Fact {
        sig: Sig { name: "repo", params: &[], ret: "repo", doc: "the repository being checked" },
        compute: Compute::By(repo),
        memo: true,
        lists_tree: false,
    }],
    records: &[&REPO],
};

#[expect(clippy::unnecessary_wraps, reason = "every fact is computed through one signature")]
fn repo(facts: &RepoFacts, _: &[Value]) -> Result<Value, FactError> {
    let target = facts.target();
    let meta = target.meta();
    let opt = |s: &Option<String>| s.as_deref().map_or(Value::Null, Value::str);
    let mut fields = BTreeMap::new();
    fields.insert("name".into(), Value::str(target.name()));
    fields.insert("path".into(), Value::str(target.path().display().to_string()));
    fields.insert("is_git".into(), Value::Bool(meta.is_git));
    fields.insert("is_bare".into(), Value::Bool(meta.is_bare));
    fields.insert("head".into(), opt(&meta.head));
    fields.insert("branch".into(), opt(&meta.branch));
    fields.insert("remote".into(), opt(&meta.remote));
    Ok(Value::Record(Arc::new(MapRecord { kind: RecordKind(&REPO), fields, location: None })))
}
