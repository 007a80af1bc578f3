//! File and match records: what `files()`, `file()` and `f.find(/re/)` return (declared
//! in `files.rs`). Content is read lazily, once per file, and shared by every rule.

use super::files::{FILE, MATCH};
use super::repo::RepoInner;
use crate::diag::Code;
use crate::model::FactError;
use crate::model::schema::RecordKind;
use crate::model::{Location, Record, Value};
use crate::repo::Entry;
use crate::source::{line_col, line_starts};
use std::sync::Arc;

/// A file of the repository
#[derive(Debug)]
pub(super) struct FileRecord {
    pub(super) entry: Entry,
    pub(super) index: usize,
    pub(super) repo: Arc<RepoInner>,
}

impl FileRecord {
    fn text(&self) -> Result<Arc<str>, FactError> {
        self.repo.text(self.index, &self.entry)
    }
}

fn no_such(kind: &str, what: &str) -> FactError {
    FactError::new(Code::EvalTypeError, format!("`{kind}` has no {what}"))
}

impl Record for FileRecord {
    fn kind(&self) -> RecordKind {
        RecordKind(&FILE)
    }

    fn field(&self, name: &str) -> Result<Value, FactError> {
        let path = &self.entry.path;
        Ok(match name {
            "path" => Value::Str(path.clone()),
            "name" => Value::str(path.rsplit('/').next().unwrap_or(path)),
            "ext" => {
                let name = path.rsplit('/').next().unwrap_or(path);
                Value::str(
                    name.rsplit_once('.')
                        .filter(|(stem, _)| !stem.is_empty())
                        .map_or("", |(_, e)| e),
                )
            }
            "size" => Value::Size(self.repo.target.size(&self.entry)?),
            "is_symlink" => Value::Bool(self.entry.is_symlink()),
            "is_readable" => Value::Bool(self.repo.target.head(&self.entry, 1).is_ok()),
            "is_binary" => Value::Bool(self.repo.is_binary(self.index, &self.entry)?),
            "text" => Value::Str(self.text()?),
            "lines" => Value::list(self.text()?.lines().map(Value::str)),
            other => return Err(no_such("file", &format!("field `{other}`"))),
        })
    }

    fn method(&self, name: &str, args: &[Value]) -> Result<Value, FactError> {
        match (name, args) {
            ("head", [Value::Int(n)]) => {
                let text = self.text()?;
                let lines: Vec<&str> =
                    text.lines().take(usize::try_from(*n).unwrap_or(0)).collect();
                Ok(Value::str(lines.join("\n")))
            }
            ("find", [Value::Regex(re)]) => Ok(find(&self.text()?, &self.entry.path, re)),
            _ => Err(no_such("file", &format!("method `{name}` taking these arguments"))),
        }
    }

    fn location(&self) -> Option<Location> {
        Some(Location::file(self.entry.path.clone()))
    }

    fn display(&self) -> String {
        self.entry.path.to_string()
    }
}

/// Every match of `re` in `text`, located in the file at `path`: `f.find(/re/)` of a file,
/// and of a blob of history (`history_blobs()`)
pub(super) fn find(text: &str, path: &Arc<str>, re: &regex::Regex) -> Value {
    let starts = line_starts(text);
    let matches = re.captures_iter(text).map(|caps| {
        let whole = caps.get(0);
        let (start, end) = whole.map_or((0, 0), |m| (m.start(), m.end()));
        let (line, column) = line_col(text, &starts, start);
        let (end_line, end_column) = line_col(text, &starts, end);
        let groups = caps
            .iter()
            .skip(1)
            .map(|g| g.map_or(Value::Null, |g| Value::str(g.as_str())))
            .collect::<Vec<_>>();
        Value::Record(Arc::new(MatchRecord {
            location: Location {
                path: path.clone(),
                line: Some(line as u32),
                column: Some(column as u32),
                end_line: Some(end_line as u32),
                end_column: Some(end_column as u32),
            },
            text: whole.map_or("", |m| m.as_str()).into(),
            groups: groups.into(),
        }))
    });
    Value::list(matches)
}

/// One regex match in a file
#[derive(Debug)]
pub(super) struct MatchRecord {
    location: Location,
    text: Arc<str>,
    groups: Arc<[Value]>,
}

impl Record for MatchRecord {
    fn kind(&self) -> RecordKind {
        RecordKind(&MATCH)
    }

    fn field(&self, name: &str) -> Result<Value, FactError> {
        Ok(match name {
            "path" => Value::Str(self.location.path.clone()),
            "line" => Value::Int(i64::from(self.location.line.unwrap_or(1))),
            "column" => Value::Int(i64::from(self.location.column.unwrap_or(1))),
            "text" => Value::Str(self.text.clone()),
            "groups" => Value::List(self.groups.clone()),
            other => return Err(no_such("match", &format!("field `{other}`"))),
        })
    }

    fn location(&self) -> Option<Location> {
        Some(self.location.clone())
    }

    fn display(&self) -> String {
        self.text.to_string()
    }
}
