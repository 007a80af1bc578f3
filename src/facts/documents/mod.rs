//! Parsed documents: `json(p)`, `yaml(p)`, `toml(p)` of the repository and `data(name)`
//! beside the policy, converted to values. Between the file reader (`facts::repo`) and the
//! evaluator.
//!
//! Every node of a repository document is a [`Value::Located`]: a map entry at its key, a
//! list item at the item, the document at its start. `data` files are not in the
//! repository, so their values carry no location. Malformed input is a [`FactError`] with
//! the file, line and column; hostile input (deep nesting, alias bombs) is refused within
//! bounded time, memory and stack.

mod json;
mod toml;
mod yaml;

use super::registry::Provider;
use super::repo::RepoFacts;
use super::{Compute, Fact};
use crate::diag::Code;
use crate::model::schema::{Sig, req};
use crate::model::{FactError, Location, Value};
use crate::source::LineIndex;
use std::cell::Cell;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Its facts (documents are maps, lists and scalars: no records of their own)
pub static PROVIDER: Provider = Provider {
    name: "documents",
    facts: &[
        Fact {
            sig: Sig {
                name: "data",
                params: &[req("name", "string")],
                ret: "any",
                doc: "a JSON, YAML or TOML document beside the policy",
            },
            compute: Compute::By(data_fact),
            memo: true,
            lists_tree: false,
        },
        Fact {
            sig: Sig {
                name: "json",
                params: &[req("path", "string")],
                ret: "any",
                doc: "a JSON file of the repository, parsed (null if absent)",
            },
            compute: Compute::By(|facts, args| document(facts, args, "json")),
            memo: true,
            lists_tree: false,
        },
        Fact {
            sig: Sig {
                name: "yaml",
                params: &[req("path", "string")],
                ret: "any",
                doc: "a YAML file of the repository, parsed (null if absent)",
            },
            compute: Compute::By(|facts, args| document(facts, args, "yaml")),
            memo: true,
            lists_tree: false,
        },
        Fact {
            sig: Sig {
                name: "toml",
                params: &[req("path", "string")],
                ret: "any",
                doc: "a TOML file of the repository, parsed (null if absent)",
            },
            compute: Compute::By(|facts, args| document(facts, args, "toml")),
            memo: true,
            lists_tree: false,
        },
    ],
    records: &[],
};

/// `json(p)`, `yaml(p)`, `toml(p)`: the file parsed, `null` when there is no such file
fn document(facts: &RepoFacts, args: &[Value], kind: &str) -> Result<Value, FactError> {
    let Some(Value::Str(p)) = args.first() else { return Ok(Value::Null) };
    let Some(index) = facts.lookup(p) else { return Ok(Value::Null) };
    let text = facts.text_at(index)?;
    parse(kind, &text, p.trim_start_matches("./"))
}

fn data_fact(facts: &RepoFacts, args: &[Value]) -> Result<Value, FactError> {
    let Some(Value::Str(n)) = args.first() else { return Ok(Value::Null) };
    data(n, &facts.options().data_dirs)
}

/// A document format
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    /// Strict JSON: no comments, trailing commas or other JSON5
    Json,
    /// YAML 1.2, core schema; the first document of a stream
    Yaml,
    /// TOML 1.1
    Toml,
}

/// Parse a repository file as the fact `kind` reads it (`json`, `yaml` or `toml`); every
/// node is located in `path`, relative to the repository root
pub fn parse(kind: &str, text: &str, path: &str) -> Result<Value, FactError> {
    let format = match kind {
        "json" => Format::Json,
        "yaml" => Format::Yaml,
        "toml" => Format::Toml,
        other => {
            return Err(FactError::new(
                Code::EvalInternal,
                format!("`{other}` is not a document format"),
            ));
        }
    };
    parse_document(format, text, path, true)
}

/// Parse `text`; `path` names the file in messages (and in locations, when `located`)
fn parse_document(
    format: Format,
    text: &str,
    path: &str,
    located: bool,
) -> Result<Value, FactError> {
    // A UTF-8 byte order mark is not part of the document, but it is a character of the
    // file's first line, which the report's snippets count.
    let (body, bom) = text.strip_prefix('\u{feff}').map_or((text, false), |b| (b, true));
    let mut doc =
        Doc { text, body, bom, path, index: None, file: None, cursor: Cell::new((0, (1, 1))) };
    if located {
        doc.index = Some(LineIndex::new(text));
        doc.file = Some(Arc::from(path));
    }
    match format {
        Format::Json => json::parse(&doc),
        Format::Yaml => yaml::parse(&doc),
        Format::Toml => toml::parse(&doc),
    }
}

/// A document being converted: its text and how its nodes are located
struct Doc<'t> {
    /// The whole file
    text: &'t str,
    /// What the parser reads: the file without its byte order mark
    body: &'t str,
    bom: bool,
    path: &'t str,
    /// Set when nodes are located
    index: Option<LineIndex<'t>>,
    file: Option<Arc<str>>,
    /// The last offset located and its line and column: nodes come mostly in text order,
    /// so the next one is usually a short step away
    cursor: Cell<(usize, (usize, usize))>,
}

/// Documents nest at most this deep (`serde_json`'s limit, which `json` had before): the
/// values are compared, printed and dropped recursively, on evaluation threads whose stack
/// may be small. TOML's parser stops at 80.
const MAX_DEPTH: usize = 128;

impl Doc<'_> {
    /// Bytes before the body: the byte order mark, if any
    fn shift(&self) -> usize {
        if self.bom { '\u{feff}'.len_utf8() } else { 0 }
    }

    /// Where the body's bytes `start..end` are; `None` for an unlocated document. A span
    /// over several lines gets no end: the location covers its first line.
    fn span(&self, start: usize, end: usize) -> Option<Location> {
        let (index, path) = (self.index.as_ref()?, self.file.as_ref()?);
        let (start, end) = (start + self.shift(), end + self.shift());
        let (from, at) = self.cursor.get();
        let (line, column) = index.line_col_after(from, at, start);
        self.cursor.set((start, (line, column)));
        let mut location = Location {
            line: Some(line as u32),
            column: Some(column as u32),
            ..Location::file(path.clone())
        };
        let (end_line, end_column) = index.line_col_after(start, (line, column), end);
        if end > start && end_line == line {
            location.end_line = Some(line as u32);
            location.end_column = Some(end_column as u32);
        }
        Some(location)
    }

    /// Where a node is, from 1-based lines and 0-based character columns of the body (a
    /// byte order mark shifts the first line); spans over several lines get no end
    fn line_col(&self, start: (usize, usize), end: (usize, usize)) -> Option<Location> {
        let path = self.file.as_ref()?;
        let column = |(line, col): (usize, usize)| col + 1 + usize::from(self.bom && line == 1);
        let mut location = Location {
            line: Some(start.0 as u32),
            column: Some(column(start) as u32),
            ..Location::file(path.clone())
        };
        if end.0 == start.0 && end.1 > start.1 {
            location.end_line = Some(start.0 as u32);
            location.end_column = Some(column(end) as u32);
        }
        Some(location)
    }

    /// A malformed document: code, what it should be (`JSON`), why, and where in the body
    fn error(&self, code: Code, lang: &str, why: &str, at: Option<usize>) -> FactError {
        let place = at.map(|offset| LineIndex::new(self.text).line_col(offset + self.shift()));
        self.error_at(code, lang, why, place)
    }

    /// A malformed document at a 1-based line and column of the file
    fn error_at(
        &self,
        code: Code,
        lang: &str,
        why: &str,
        place: Option<(usize, usize)>,
    ) -> FactError {
        let path = self.path;
        let mut why = why.trim().to_string();
        // The parsers' messages start with a capital; ours are lowercase sentences.
        if let Some(first) = why.get(..1)
            && why.get(1..2).is_some_and(|c| c.chars().all(char::is_lowercase))
        {
            why.replace_range(..1, &first.to_lowercase());
        }
        let message = match place {
            Some((line, column)) => {
                format!("`{path}` is not valid {lang}: {why} at line {line}, column {column}")
            }
            None => format!("`{path}` is not valid {lang}: {why}"),
        };
        FactError { line: place.map(|(l, _)| l as u32), ..FactError::at(code, message, path) }
    }
}

/// `value`, located when the document is
fn place(value: Value, at: Option<Location>) -> Value {
    match at {
        Some(at) => Value::located(value, at),
        None => value,
    }
}

/// `data(name)`: the first of `name`, `name.json`, `name.yaml`, `name.yml`, `name.toml`
/// found in the policy directories. Names are relative: absolute names and `..` are
/// refused, and so is a file that resolves (symlinks followed) outside its directory.
/// Its values carry no location: the file is not in the repository, and a location's
/// path is read as a repository path (by waivers' `paths`, by snippets).
pub(super) fn data(name: &str, dirs: &[PathBuf]) -> Result<Value, FactError> {
    let leaves = Path::new(name)
        .components()
        .any(|c| matches!(c, Component::ParentDir | Component::RootDir | Component::Prefix(_)));
    if leaves || name.contains("..") {
        return Err(FactError::new(
            Code::FactsDataNotFound,
            format!(
                "`data(\"{name}\")`: names are relative to the policy directory and may not leave it"
            ),
        ));
    }
    for dir in dirs {
        for candidate in [
            name.to_string(),
            format!("{name}.json"),
            format!("{name}.yaml"),
            format!("{name}.yml"),
            format!("{name}.toml"),
        ] {
            let path = dir.join(&candidate);
            if !path.is_file() {
                continue;
            }
            let real = std::fs::canonicalize(&path).ok();
            let base = std::fs::canonicalize(dir).ok();
            let Some(real) = real.filter(|r| base.is_some_and(|b| r.starts_with(b))) else {
                return Err(FactError::new(
                    Code::FactsDataNotFound,
                    format!(
                        "`data(\"{name}\")`: `{}` leads outside the policy directory and is not read",
                        path.display()
                    ),
                ));
            };
            let text = std::fs::read_to_string(&real).map_err(|e| {
                FactError::new(Code::FactsIo, format!("cannot read `{}`: {e}", path.display()))
            })?;
            let format = match path.extension().and_then(|e| e.to_str()) {
                Some("yaml" | "yml") => Format::Yaml,
                Some("toml") => Format::Toml,
                _ => Format::Json,
            };
            return parse_document(format, &text, &path.display().to_string(), false);
        }
    }
    Err(FactError::new(
        Code::FactsDataNotFound,
        format!("no data file `{name}` (.json, .yaml or .toml) beside the policy"),
    ))
}

#[cfg(test)]
mod tests;
