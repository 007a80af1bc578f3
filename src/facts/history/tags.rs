//! `tags()`: every tag of the repository, read through the target's gix handle. An
//! annotated tag is a tag object (with a tagger and a message); a signed one carries a
//! PGP or SSH signature in it (not verified: that would run gpg).

use super::TAG;
use super::walk::{git_error, repository};
use crate::model::schema::RecordKind;
use crate::model::{FactError, MapRecord, Value};
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
        let record = MapRecord { kind: RecordKind(&TAG), fields, location: None };
        out.push((name, Value::Record(Arc::new(record))));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Value::list(out.into_iter().map(|(_, v)| v)))
}
