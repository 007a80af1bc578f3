//! The `commit`, `person` and `trailer` records over a decoded [`Commit`]: fields are
//! made when a rule reads them, so a rule that only asks for trailers never builds people.

use super::trailers::split_identity;
use super::walk::{Commit, Person};
use super::{COMMIT, PERSON, TRAILER};
use crate::diag::Code;
use crate::model::schema::RecordKind;
use crate::model::{FactError, Record, Value};
use std::sync::Arc;

/// Names and addresses that mark a bot account: GitHub Apps end in `[bot]`; these others
/// commit under plain names
const BOTS: &[&str] =
    &["dependabot", "renovate", "renovate-bot", "github-actions", "pre-commit-ci"];

/// Is this person a bot account? (Asked for every commit by several rules: no allocation.)
pub(super) fn is_bot(p: &Person) -> bool {
    let local = p.email.split('@').next().unwrap_or_default();
    let bot_suffix = |s: &str| {
        s.len() >= 5 && s.get(s.len() - 5..).is_some_and(|end| end.eq_ignore_ascii_case("[bot]"))
    };
    let known = |s: &str| BOTS.iter().any(|b| b.eq_ignore_ascii_case(s));
    bot_suffix(&p.name) || bot_suffix(local) || known(&p.name) || known(local)
}

/// A commit, as rules see it
#[derive(Debug)]
pub(super) struct CommitRecord(pub(super) Arc<Commit>);

fn timestamp(seconds: i64) -> Value {
    jiff::Timestamp::from_second(seconds).map_or(Value::Null, Value::Date)
}

fn person(p: &Person) -> Value {
    Value::Record(Arc::new(PersonRecord(p.clone())))
}

/// An author or committer, as rules see it (read for every commit by several rules: a
/// struct, not a map of its fields)
#[derive(Debug)]
struct PersonRecord(Person);

impl Record for PersonRecord {
    fn kind(&self) -> RecordKind {
        RecordKind(&PERSON)
    }

    fn field(&self, name: &str) -> Result<Value, FactError> {
        Ok(match name {
            "name" => Value::Str(self.0.name.clone()),
            "email" => Value::Str(self.0.email.clone()),
            "time" => timestamp(self.0.time),
            other => {
                return Err(FactError::new(
                    Code::EvalTypeError,
                    format!("`person` has no field `{other}`"),
                ));
            }
        })
    }

    fn display(&self) -> String {
        format!("{} <{}>", self.0.name, self.0.email)
    }
}

fn trailer(value: &Arc<str>) -> Value {
    Value::Record(Arc::new(TrailerRecord(value.clone())))
}

/// A trailer's value, as rules see it; `name` and `email` are split from it when read
#[derive(Debug)]
struct TrailerRecord(Arc<str>);

impl Record for TrailerRecord {
    fn kind(&self) -> RecordKind {
        RecordKind(&TRAILER)
    }

    fn field(&self, name: &str) -> Result<Value, FactError> {
        Ok(match name {
            "value" => Value::Str(self.0.clone()),
            "name" => Value::str(split_identity(&self.0).0),
            "email" => Value::str(split_identity(&self.0).1),
            other => {
                return Err(FactError::new(
                    Code::EvalTypeError,
                    format!("`trailer` has no field `{other}`"),
                ));
            }
        })
    }

    fn display(&self) -> String {
        self.0.to_string()
    }
}

impl Record for CommitRecord {
    fn kind(&self) -> RecordKind {
        RecordKind(&COMMIT)
    }

    fn field(&self, name: &str) -> Result<Value, FactError> {
        let c = &self.0;
        Ok(match name {
            "id" => Value::str(c.id.to_string()),
            "short" => Value::str(c.id.to_hex_with_len(7).to_string()),
            "author" => person(&c.author),
            "committer" => person(&c.committer),
            "subject" => Value::Str(c.subject.clone()),
            "message" => Value::Str(c.message.clone()),
            "parents" => Value::list(c.parents.iter().map(|p| Value::str(p.to_string()))),
            "is_merge" => Value::Bool(c.parents.len() > 1),
            "is_bot" => Value::Bool(is_bot(&c.author)),
            "is_signed" => Value::Bool(c.is_signed),
            other => {
                return Err(FactError::new(
                    Code::EvalTypeError,
                    format!("`commit` has no field `{other}`"),
                ));
            }
        })
    }

    fn method(&self, name: &str, args: &[Value]) -> Result<Value, FactError> {
        match (name, args) {
            ("trailers", [Value::Str(key)]) => Ok(Value::list(
                self.0
                    .trailers
                    .iter()
                    .filter(|t| t.key.eq_ignore_ascii_case(key))
                    .map(|t| trailer(&t.value)),
            )),
            _ => Err(FactError::new(
                Code::EvalTypeError,
                format!("`commit` has no method `{name}` taking these arguments"),
            )),
        }
    }

    fn display(&self) -> String {
        self.0.id.to_hex_with_len(7).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(name: &str, email: &str) -> Person {
        Person { name: name.into(), email: email.into(), time: 0 }
    }

    #[test]
    fn bots_are_known_by_their_names_and_addresses() {
        assert!(is_bot(&who(
            "dependabot[bot]",
            "49699333+dependabot[bot]@users.noreply.github.com"
        )));
        assert!(is_bot(&who("Renovate Bot", "renovate@whitesourcesoftware.com")));
        assert!(is_bot(&who("x", "github-actions@github.com")));
        assert!(!is_bot(&who("Ada", "ada@example.org")));
        assert!(!is_bot(&who("Abbot", "abbot@example.org")));
    }
}
