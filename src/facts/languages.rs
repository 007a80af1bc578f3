//! `languages()`: languages by extension and shebang, honouring `.gitattributes`
//! (`linguist-vendored`, `-generated`, `-documentation` exclude a file;
//! `linguist-language=NAME` overrides its language).

use super::registry::Provider;
use super::repo::RepoFacts;
use super::{Compute, Fact};
use crate::diag::Code;
use crate::model::FactError;
use crate::model::schema::{RecordKind, RecordSchema, Sig, req};
use crate::model::{MapRecord, Record, Value};
use globset::{GlobBuilder, GlobMatcher};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The `languages` record
pub static LANGUAGES: RecordSchema = RecordSchema {
    name: "languages",
    fields: &[("names", "list<string>", "languages present, sorted")],
    methods: &[
        Sig {
            name: "has",
            params: &[req("name", "string")],
            ret: "bool",
            doc: "whether the language is present (case-insensitive)",
        },
        Sig {
            name: "count",
            params: &[req("name", "string")],
            ret: "int",
            doc: "number of files in the language",
        },
    ],
    element: Some(&LANGUAGE),
    located: false,
};

/// The `language` record: one element of `languages()`
pub static LANGUAGE: RecordSchema = RecordSchema {
    name: "language",
    fields: &[("name", "string", "lowercase language name"), ("files", "int", "number of files")],
    methods: &[],
    element: None,
    located: false,
};

/// Its facts and records
pub static PROVIDER: Provider = Provider {
    name: "languages",
    facts: &[Fact {
        sig: Sig {
            name: "languages",
            params: &[],
            ret: "languages",
            doc: "languages by extension and shebang",
        },
        compute: Compute::By(languages),
        // Kept in the provider's state instead: computed once, whatever asks
        memo: false,
        lists_tree: true,
    }],
    records: &[&LANGUAGES, &LANGUAGE],
};

/// Language of a file extension (lowercase names)
fn by_extension(ext: &str) -> Option<&'static str> {
    Some(match ext.to_ascii_lowercase().as_str() {
        "rs" => "rust",
        "py" | "pyi" => "python",
        "js" | "mjs" | "cjs" | "jsx" => "javascript",
        "ts" | "tsx" | "mts" | "cts" => "typescript",
        "rb" | "rake" | "gemspec" => "ruby",
        "java" => "java",
        "kt" | "kts" => "kotlin",
        "scala" | "sc" => "scala",
        "groovy" | "gradle" => "groovy",
        "go" => "go",
        "c" | "h" => "c",
        "cc" | "cpp" | "cxx" | "hpp" | "hh" | "hxx" => "c++",
        "cs" => "c#",
        "m" | "mm" => "objective-c",
        "swift" => "swift",
        "erl" | "hrl" => "erlang",
        "ex" | "exs" => "elixir",
        "php" => "php",
        "sh" | "bash" | "zsh" => "shell",
        "pl" | "pm" => "perl",
        "lua" => "lua",
        "r" => "r",
        "dart" => "dart",
        "hs" => "haskell",
        "ml" | "mli" => "ocaml",
        "clj" | "cljs" | "cljc" => "clojure",
        "zig" => "zig",
        "nim" => "nim",
        "jl" => "julia",
        "vue" => "vue",
        "svelte" => "svelte",
        "html" | "htm" => "html",
        "css" | "scss" | "sass" | "less" => "css",
        "sql" => "sql",
        "tenet" => "tenet",
        _ => return None,
    })
}

/// Language of an interpreter named on a `#!` line
fn by_shebang(head: &[u8]) -> Option<&'static str> {
    let line = head.strip_prefix(b"#!")?;
    let line =
        String::from_utf8_lossy(line.split(|&b| b == b'\n').next().unwrap_or_default()).to_string();
    let mut words = line.split_whitespace();
    let mut prog = words.next()?.rsplit('/').next()?.to_string();
    if prog == "env" {
        prog = words.find(|w| !w.starts_with('-'))?.to_string();
    }
    let prog = prog.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    Some(match prog {
        "python" => "python",
        "node" | "nodejs" | "deno" => "javascript",
        "sh" | "bash" | "zsh" | "dash" | "ksh" => "shell",
        "ruby" => "ruby",
        "perl" => "perl",
        "php" => "php",
        "lua" => "lua",
        "Rscript" => "r",
        _ => return None,
    })
}

/// One `.gitattributes` line that matters here
struct Attr {
    matcher: GlobMatcher,
    excluded: Option<bool>,
    language: Option<String>,
}

fn parse_gitattributes(text: &str) -> Vec<Attr> {
    let mut out = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let mut parts = line.split_whitespace();
        let Some(pattern) = parts.next() else { continue };
        let mut attr = None::<Attr>;
        for a in parts {
            let (excluded, language) = match a {
                "linguist-vendored" | "linguist-generated" | "linguist-documentation" => {
                    (Some(true), None)
                }
                "linguist-vendored=true"
                | "linguist-generated=true"
                | "linguist-documentation=true" => (Some(true), None),
                "-linguist-vendored" | "-linguist-generated" | "-linguist-documentation" => {
                    (Some(false), None)
                }
                "linguist-vendored=false"
                | "linguist-generated=false"
                | "linguist-documentation=false" => (Some(false), None),
                a => match a.strip_prefix("linguist-language=") {
                    Some(l) => (None, Some(l.to_lowercase())),
                    None => continue,
                },
            };
            let Some(matcher) = attr_glob(pattern) else { continue };
            let entry = attr.get_or_insert(Attr { matcher, excluded: None, language: None });
            entry.excluded = excluded.or(entry.excluded);
            entry.language = language.or(entry.language.take());
        }
        out.extend(attr);
    }
    out
}

/// gitattributes patterns: no `/` matches at any depth; a leading `/` anchors; `dir/` and
/// `dir/**` cover everything below
fn attr_glob(pattern: &str) -> Option<GlobMatcher> {
    let p = pattern.strip_suffix('/').map_or_else(|| pattern.to_string(), |d| format!("{d}/**"));
    let p = match p.strip_prefix('/') {
        Some(anchored) => anchored.to_string(),
        None if !p.trim_end_matches("/**").contains('/') => format!("**/{p}"),
        None => p,
    };
    GlobBuilder::new(&p).literal_separator(true).build().ok().map(|g| g.compile_matcher())
}

/// Paths linguist leaves out without being told: vendored code and documentation
fn default_excluded(path: &str) -> bool {
    super::linguist_paths::is_vendored(path) || super::linguist_paths::is_documentation(path)
}

/// Compute the `languages()` record; a `.gitattributes` that cannot be read is an error,
/// not an empty one (it could exclude every file the rule is about)
/// What the provider keeps per repository
#[derive(Default)]
struct State {
    languages: std::sync::OnceLock<Result<Value, FactError>>,
}

fn languages(facts: &RepoFacts, _: &[Value]) -> Result<Value, FactError> {
    facts.state::<State>()?.languages.get_or_init(|| count_languages(facts)).clone()
}

fn count_languages(facts: &RepoFacts) -> Result<Value, FactError> {
    let repo = &facts.inner;
    let entries = repo.target.entries();
    let attrs = match entries.iter().enumerate().find(|(_, e)| &*e.path == ".gitattributes") {
        Some((i, e)) => parse_gitattributes(&repo.text(i, e)?),
        None => Vec::new(),
    };
    let mut counts: BTreeMap<String, i64> = BTreeMap::new();
    for e in entries.iter().filter(|e| !e.is_symlink()) {
        let mut excluded = default_excluded(&e.path);
        let mut language: Option<String> = None;
        for a in attrs.iter().filter(|a| a.matcher.is_match(&*e.path)) {
            excluded = a.excluded.unwrap_or(excluded);
            language = a.language.clone().or(language);
        }
        if excluded {
            continue;
        }
        let name = e.path.rsplit('/').next().unwrap_or(&e.path);
        let lang = language.or_else(|| match name.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => by_extension(ext).map(str::to_string),
            _ => repo.target.head(e, 128).ok().and_then(|h| by_shebang(&h)).map(str::to_string),
        });
        if let Some(l) = lang {
            *counts.entry(l).or_default() += 1;
        }
    }
    Ok(Value::Record(Arc::new(Languages { counts })))
}

/// The `languages` record
#[derive(Debug)]
struct Languages {
    counts: BTreeMap<String, i64>,
}

impl Record for Languages {
    fn kind(&self) -> RecordKind {
        RecordKind(&LANGUAGES)
    }

    fn field(&self, name: &str) -> Result<Value, FactError> {
        match name {
            "names" => Ok(Value::list(self.counts.keys().map(Value::str))),
            other => Err(FactError::new(
                Code::EvalTypeError,
                format!("`languages` has no field `{other}`"),
            )),
        }
    }

    fn method(&self, name: &str, args: &[Value]) -> Result<Value, FactError> {
        let count = |l: &str| self.counts.get(&l.to_lowercase()).copied().unwrap_or(0);
        match (name, args) {
            ("has", [Value::Str(l)]) => Ok(Value::Bool(count(l) > 0)),
            ("count", [Value::Str(l)]) => Ok(Value::Int(count(l))),
            _ => Err(FactError::new(
                Code::EvalTypeError,
                format!("`languages.{name}` cannot take these arguments"),
            )),
        }
    }

    fn display(&self) -> String {
        self.counts.keys().cloned().collect::<Vec<_>>().join(", ")
    }

    fn elements(&self) -> Result<Arc<[Value]>, FactError> {
        Ok(self
            .counts
            .iter()
            .map(|(name, files)| {
                let mut fields = BTreeMap::new();
                fields.insert("name".to_string(), Value::str(name));
                fields.insert("files".to_string(), Value::Int(*files));
                Value::Record(Arc::new(MapRecord {
                    kind: RecordKind(&LANGUAGE),
                    fields,
                    location: None,
                }))
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shebangs_name_interpreters() {
        assert_eq!(by_shebang(b"#!/usr/bin/env python3\nprint()"), Some("python"));
        assert_eq!(by_shebang(b"#!/bin/bash -e\n"), Some("shell"));
        assert_eq!(by_shebang(b"#!/usr/bin/env -S node --flag\n"), Some("javascript"));
        assert_eq!(by_shebang(b"plain text"), None);
    }

    #[test]
    fn gitattributes_patterns_follow_git() {
        let attrs = parse_gitattributes(
            "docs/** linguist-documentation\n*.gen.go linguist-generated\n/web/*.js linguist-language=TypeScript\n",
        );
        assert_eq!(attrs.len(), 3);
        assert!(attrs[0].matcher.is_match("docs/a/b.md"));
        assert!(attrs[1].matcher.is_match("pkg/x.gen.go"));
        assert!(attrs[2].matcher.is_match("web/app.js"));
        assert!(!attrs[2].matcher.is_match("other/web/app.js"));
        assert_eq!(attrs[2].language.as_deref(), Some("typescript"));
    }
}
