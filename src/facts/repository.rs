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
        ("name", "string", "directory name of the repository"),
        ("path", "string", "absolute path"),
        ("is_git", "bool", "has a git object database"),
        ("is_bare", "bool", "is a bare git repository"),
        ("head", "string?", "commit id of HEAD"),
        ("branch", "string?", "checked-out branch"),
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
    let mut fields = BTreeMap::new();
    fields.insert("name".into(), Value::str(facts.name()));
    fields.insert("path".into(), Value::str(facts.path().display().to_string()));
    let git = super::gitmeta::read(&facts.root);
    let opt = |s: Option<String>| s.map_or(Value::Null, Value::str);
    fields.insert("is_git".into(), Value::Bool(facts.root.join(".git").exists()));
    fields.insert("is_bare".into(), Value::Bool(false));
    fields.insert("head".into(), opt(git.head));
    fields.insert("branch".into(), opt(git.branch));
    fields.insert("remote".into(), opt(git.remote));
    Ok(Value::Record(Arc::new(MapRecord { kind: RecordKind(&REPO), fields, location: None })))
}
