//! `tags()`: every tag of the repository, read through the target's gix handle. An
//! annotated tag is a tag object (with a tagger and a message); a signed one carries a
//! PGP or SSH signature in it (not verified: that would run gpg). `has_file(path)` looks
//! the path up in the tree of the tagged commit, so a rule can ask what a release held.

use super::TAG;
use super::walk::{git_error, repository};
use crate::diag::Code;
use crate::model::schema::RecordKind;
use crate::model::{FactError, Record, Value};
use crate::repo::Target;
use gix::bstr::ByteSlice as _;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The tags, sorted by name
pub(super) fn tags(target: &Target) -> Result<Value, FactError> {
    let repo = repository(target)?;
    let refs = repo.references().map_err(|e| git_error("cannot read the references", &e))?;
    let iter = refs.tags().map_err(|e| git_error("cannot read the tags", &e))?;
    let mut out: Vec<(String, Value)> = Vec::new();
    for reference in iter {
        let mut reference = reference.map_err(|e| git_error("cannot read a tag", &e))?;
        let name = reference.name().shorten().to_str_lossy().into_owned();
        let what = format!("cannot read tag `{name}`");
        let direct = reference.id().detach();
        let object = repo.find_object(direct).map_err(|e| git_error(&what, &e))?;
        let (annotated, signed, tagger_time) = if object.kind == gix::object::Kind::Tag {
            let tag = gix::objs::TagRef::from_bytes(&object.data, direct.kind())
                .map_err(|e| git_error(&what, &e))?;
            let time = tag.tagger().ok().flatten().map(|t| t.seconds());
            (true, tag.signature.is_some(), time)
        } else {
            (false, false, None)
        };
        let commit = reference.peel_to_id().map_err(|e| git_error(&what, &e))?.detach();
        let time = match tagger_time {
            Some(t) => Some(t),
            None => {
                repo.find_commit(commit).ok().and_then(|c| c.committer().ok().map(|s| s.seconds()))
            }
        };
        let mut fields = BTreeMap::new();
        fields.insert("name".into(), Value::str(&name));
        fields.insert("annotated".into(), Value::Bool(annotated));
        fields.insert("signed".into(), Value::Bool(signed));
        fields.insert("target".into(), Value::str(commit.to_string()));
        fields.insert(
            "time".into(),
            time.and_then(|t| jiff::Timestamp::from_second(t).ok())
                .map_or(Value::Null, Value::Date),
        );
        let record =
            TagRecord { name: name.clone(), fields, commit, repo: repo.clone().into_sync() };
        out.push((name, Value::Record(Arc::new(record))));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Value::list(out.into_iter().map(|(_, v)| v)))
}

/// A tag, as rules see it: its fields, and the repository to look into its commit's tree
struct TagRecord {
    name: String,
    fields: BTreeMap<String, Value>,
    commit: gix::ObjectId,
    repo: gix::ThreadSafeRepository,
}

impl std::fmt::Debug for TagRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The repository handle says nothing useful about the tag.
        f.debug_struct("TagRecord")
            .field("name", &self.name)
            .field("fields", &self.fields)
            .field("commit", &self.commit)
            .finish_non_exhaustive()
    }
}

impl TagRecord {
    /// Is there a file (a blob, or a symlink) at `path` in the tree of the tagged commit?
    fn has_file(&self, path: &str) -> Result<bool, FactError> {
        let what = || format!("cannot read the tree of tag `{}`", self.name);
        let repo = self.repo.to_thread_local();
        let tree = repo
            .find_commit(self.commit)
            .map_err(|e| git_error(&what(), &e))?
            .tree()
            .map_err(|e| git_error(&what(), &e))?;
        let path = path.trim_start_matches("./");
        let entry = tree.lookup_entry_by_path(path).map_err(|e| git_error(&what(), &e))?;
        Ok(entry.is_some_and(|e| e.mode().is_blob_or_symlink()))
    }
}

impl Record for TagRecord {
    fn kind(&self) -> RecordKind {
        RecordKind(&TAG)
    }

    fn field(&self, name: &str) -> Result<Value, FactError> {
        self.fields.get(name).cloned().ok_or_else(|| {
            FactError::new(Code::EvalTypeError, format!("`tag` has no field `{name}`"))
        })
    }

    fn method(&self, name: &str, args: &[Value]) -> Result<Value, FactError> {
        match (name, args) {
            ("has_file", [Value::Str(path)]) => self.has_file(path).map(Value::Bool),
            _ => Err(FactError::new(
                Code::EvalTypeError,
                format!("`tag` has no method `{name}` taking these arguments"),
            )),
        }
    }

    fn display(&self) -> String {
        self.name.clone()
    }
}
