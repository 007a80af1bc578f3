//! The files that license other files (REUSE 3.3): `REUSE.toml` (`[[annotations]]` with
//! `path`, `precedence`, `SPDX-FileCopyrightText`, `SPDX-License-Identifier`; nested files
//! apply to their directory) and the legacy `.reuse/dep5` (Debian copyright format). What
//! an annotation says of a path, by precedence, as reuse-tool's `global_licensing.py`.
//! A broken file is a located `FactError`: reuse-tool refuses to lint such a project.

use crate::diag::Code;
use crate::model::{FactError, Value};
use regex::{Regex, RegexBuilder};

/// How an annotation combines with what the file says
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Precedence {
    /// The file's own information when it has it, else the closest annotation
    Closest,
    /// Both
    Aggregate,
    /// The annotation only (the file is not read); the topmost such annotation wins
    Override,
}

/// Where information came from
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Source {
    Header,
    Sidecar,
    ReuseToml,
    Dep5,
}

impl Source {
    pub(super) fn name(self) -> &'static str {
        match self {
            Source::Header => "header",
            Source::Sidecar => "sidecar",
            Source::ReuseToml => "REUSE.toml",
            Source::Dep5 => "dep5",
        }
    }
}

/// Licensing information from one source
#[derive(Clone, Debug)]
pub(super) struct Info {
    pub(super) licenses: Vec<String>,
    pub(super) copyrights: Vec<String>,
    pub(super) source: Source,
    /// The file the information is written in
    pub(super) source_path: String,
    /// The line of its first license tag (else of its first copyright)
    pub(super) line: Option<u32>,
}

impl Info {
    pub(super) fn has_any(&self) -> bool {
        !self.licenses.is_empty() || !self.copyrights.is_empty()
    }
}

/// One `[[annotations]]` table, or one `Files:` paragraph of dep5
#[derive(Debug)]
struct Annotation {
    paths: Regex,
    precedence: Precedence,
    licenses: Vec<String>,
    copyrights: Vec<String>,
    line: u32,
}

/// One REUSE.toml or dep5 file
#[derive(Debug)]
pub(super) struct Config {
    /// The file, relative to the root
    path: String,
    /// Its directory with a trailing `/` (`""` at the root); paths match relative to it
    dir: String,
    annotations: Vec<Annotation>,
    source: Source,
}

/// A pattern may expand to a regex of at most this size: `path = "**/**/**/…"` cannot
/// make the compile or the match costly (the regex crate matches in linear time)
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// At most this many patterns per annotation (a generated list stays readable; a bomb is
/// refused with a diagnostic)
const MAX_PATTERNS: usize = 4096;

impl Config {
    /// The annotation that applies to `path` (relative to the root): the last matching one
    fn find(&self, path: &str) -> Option<&Annotation> {
        let rel = path.strip_prefix(self.dir.as_str())?;
        self.annotations.iter().rev().find(|a| a.paths.is_match(rel))
    }

    fn info(&self, a: &Annotation) -> Info {
        Info {
            licenses: a.licenses.clone(),
            copyrights: a.copyrights.clone(),
            source: self.source,
            source_path: self.path.clone(),
            line: Some(a.line),
        }
    }
}

/// Every REUSE.toml of the tree, or the dep5 file
#[derive(Debug, Default)]
pub(super) struct Global {
    /// Topmost first
    configs: Vec<Config>,
}

/// What the global files say of one path, by precedence
#[derive(Debug, Default)]
pub(super) struct Found {
    pub(super) overrides: Vec<Info>,
    pub(super) aggregates: Vec<Info>,
    pub(super) closest: Vec<Info>,
}

impl Global {
    /// From the REUSE.toml files (`tomls`: path and text) or the dep5 file
    pub(super) fn load(
        tomls: &[(String, String)],
        dep5: Option<(String, String)>,
    ) -> Result<Global, FactError> {
        if let (Some((dep5, _)), Some((toml, _))) = (&dep5, tomls.first()) {
            return Err(FactError::at(
                Code::FactsReuseConfig,
                format!(
                    "both `{toml}` and `{dep5}` exist: REUSE accepts one or the other, not both"
                ),
                dep5.as_str(),
            ));
        }
        let mut configs = Vec::new();
        if let Some((path, text)) = dep5 {
            configs.push(parse_dep5(&path, &text)?);
        }
        for (path, text) in tomls {
            configs.push(parse_toml(path, text)?);
        }
        // Topmost first: by directory depth, then path (deterministic)
        configs.sort_by(|a, b| {
            (a.dir.matches('/').count(), &a.dir).cmp(&(b.dir.matches('/').count(), &b.dir))
        });
        Ok(Global { configs })
    }

    pub(super) fn is_empty(&self) -> bool {
        self.configs.is_empty()
    }

    /// What applies to `path`: reuse-tool's `NestedReuseTOML.reuse_info_of`
    pub(super) fn find(&self, path: &str) -> Found {
        let mut found = Found::default();
        for config in &self.configs {
            let Some(a) = config.find(path) else { continue };
            let info = config.info(a);
            match a.precedence {
                Precedence::Override => {
                    found.overrides.push(info);
                    break;
                }
                Precedence::Aggregate => found.aggregates.push(info),
                Precedence::Closest => found.closest.push(info),
            }
        }
        // Of the closest annotations, the deepest that has copyright gives copyright, and
        // the deepest that has licensing gives licensing.
        let (mut copyright, mut license) = (false, false);
        let mut kept = Vec::new();
        for info in found.closest.iter().rev() {
            let mut new = Info { licenses: Vec::new(), copyrights: Vec::new(), ..info.clone() };
            if !copyright && !info.copyrights.is_empty() {
                new.copyrights.clone_from(&info.copyrights);
                copyright = true;
            }
            if !license && !info.licenses.is_empty() {
                new.licenses.clone_from(&info.licenses);
                license = true;
            }
            if new.has_any() {
                kept.push(new);
            }
        }
        kept.reverse();
        found.closest = kept;
        found
    }
}

fn bad(path: &str, line: Option<u32>, why: &str) -> FactError {
    FactError {
        line,
        ..FactError::at(
            Code::FactsReuseConfig,
            format!("`{path}` is not a valid REUSE file: {why}"),
            path,
        )
    }
}

/// A string or a list of strings, as REUSE.toml writes them
fn strings(v: Option<&Value>, key: &str, path: &str, line: u32) -> Result<Vec<String>, FactError> {
    match v.map(Value::plain) {
        None => Ok(Vec::new()),
        Some(Value::Str(s)) => Ok(vec![s.to_string()]),
        Some(Value::List(items)) => items
            .iter()
            .map(|i| match i.plain() {
                Value::Str(s) => Ok(s.to_string()),
                other => Err(bad(
                    path,
                    i.location().and_then(|l| l.line).or(Some(line)),
                    &format!("an item of `{key}` must be a string, not {}", other.type_name()),
                )),
            })
            .collect(),
        Some(other) => Err(bad(
            path,
            v.and_then(Value::location).and_then(|l| l.line).or(Some(line)),
            &format!("`{key}` must be a string or a list of strings, not {}", other.type_name()),
        )),
    }
}

fn parse_toml(path: &str, text: &str) -> Result<Config, FactError> {
    let doc = super::super::documents::parse("toml", text, path)
        .map_err(|e| FactError { code: Code::FactsReuseConfig, ..e })?;
    let Value::Map(top) = doc.plain() else { return Err(bad(path, None, "not a table")) };
    match top.get("version").map(Value::plain) {
        Some(Value::Int(1)) => {}
        Some(v) => {
            let line = top.get("version").and_then(Value::location).and_then(|l| l.line);
            return Err(bad(path, line, &format!("`version` must be 1, not {v}")));
        }
        None => return Err(bad(path, Some(1), "`version = 1` is missing")),
    }
    let mut annotations = Vec::new();
    let tables = match top.get("annotations").map(Value::plain) {
        None => &[][..],
        Some(Value::List(items)) => &items[..],
        Some(_) => return Err(bad(path, None, "`annotations` must be an array of tables")),
    };
    for table in tables {
        let line = table.location().and_then(|l| l.line).unwrap_or(1);
        let Value::Map(t) = table.plain() else {
            return Err(bad(path, Some(line), "an annotation must be a table"));
        };
        let patterns = strings(t.get("path"), "path", path, line)?;
        if patterns.is_empty() {
            return Err(bad(path, Some(line), "an annotation needs a `path`"));
        }
        let precedence = match t.get("precedence").map(Value::plain) {
            None => Precedence::Closest,
            Some(Value::Str(s)) if &**s == "closest" => Precedence::Closest,
            Some(Value::Str(s)) if &**s == "aggregate" => Precedence::Aggregate,
            Some(Value::Str(s)) if &**s == "override" => Precedence::Override,
            Some(v) => {
                let v = match v {
                    Value::Str(s) => format!("\"{s}\""),
                    other => other.to_string(),
                };
                let at = t.get("precedence").and_then(Value::location).and_then(|l| l.line);
                return Err(bad(
                    path,
                    at.or(Some(line)),
                    &format!(
                        "`precedence` must be \"closest\", \"aggregate\" or \"override\", not {v}"
                    ),
                ));
            }
        };
        let paths = toml_paths(&patterns).map_err(|why| bad(path, Some(line), &why))?;
        annotations.push(Annotation {
            paths,
            precedence,
            licenses: strings(
                t.get("SPDX-License-Identifier"),
                "SPDX-License-Identifier",
                path,
                line,
            )?,
            copyrights: strings(
                t.get("SPDX-FileCopyrightText"),
                "SPDX-FileCopyrightText",
                path,
                line,
            )?,
            line,
        });
    }
    let dir = path.strip_suffix("REUSE.toml").unwrap_or("").to_string();
    Ok(Config { path: path.to_string(), dir, annotations, source: Source::ReuseToml })
}

/// REUSE.toml's globs as one regex: `*` within a directory, `**` across, `\` escapes
/// (reuse-tool's `AnnotationsItem._paths_regex`, character for character)
fn toml_paths(patterns: &[String]) -> Result<Regex, String> {
    if patterns.len() > MAX_PATTERNS {
        return Err(format!("more than {MAX_PATTERNS} paths in one annotation"));
    }
    let alternatives: Vec<String> = patterns.iter().map(|p| translate_toml(p)).collect();
    compile(&alternatives)
}

fn translate_toml(path: &str) -> String {
    let mut out = String::new();
    let (mut escaping, mut globstar) = (false, false);
    let mut prev = '\0';
    for c in path.chars() {
        match c {
            '\\' => {
                if prev == '\\' && escaping {
                    escaping = false;
                    out.push_str(r"\\");
                } else {
                    escaping = true;
                }
            }
            '*' => {
                if escaping {
                    out.push_str(r"\*");
                    escaping = false;
                } else if prev == '*' && !globstar {
                    globstar = true;
                    out.push_str(".*");
                }
            }
            '/' => {
                if !globstar {
                    if prev == '*' {
                        out.push_str("[^/]*");
                    }
                    out.push('/');
                }
                escaping = false;
            }
            _ => {
                if prev == '*' && !globstar {
                    out.push_str("[^/]*");
                }
                out.push_str(&regex::escape(&c.to_string()));
                globstar = false;
                escaping = false;
            }
        }
        prev = c;
    }
    if prev == '*' && !globstar {
        out.push_str("[^/]*");
    }
    out
}

fn compile(alternatives: &[String]) -> Result<Regex, String> {
    let joined: Vec<String> = alternatives.iter().map(|a| format!("^(?:{a})$")).collect();
    RegexBuilder::new(&joined.join("|"))
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(_) => "its paths make too large a pattern".to_string(),
            other => format!("a path is not a valid pattern: {other}"),
        })
}

/// `.reuse/dep5`: paragraphs of `Field: value` lines (continuations indented); every
/// paragraph with `Files:` annotates, the last matching one wins, and it aggregates with
/// what the file says (reuse-tool's `ReuseDep5`)
fn parse_dep5(path: &str, text: &str) -> Result<Config, FactError> {
    let mut annotations = Vec::new();
    let mut fields: Vec<(String, String, u32)> = Vec::new();
    let mut first = true;
    let lines = text.lines().chain(std::iter::once(""));
    for (n, line) in lines.enumerate() {
        let line_no = u32::try_from(n + 1).unwrap_or(u32::MAX);
        if line.trim().is_empty() {
            if !fields.is_empty() {
                if let Some(a) = dep5_paragraph(path, &fields, first)? {
                    annotations.push(a);
                }
                first = false;
                fields.clear();
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            let Some(last) = fields.last_mut() else {
                return Err(bad(path, Some(line_no), "a continuation line outside a field"));
            };
            last.1.push('\n');
            last.1.push_str(line.trim());
        } else if let Some((key, value)) = line.split_once(':') {
            fields.push((key.trim().to_string(), value.trim().to_string(), line_no));
        } else {
            return Err(bad(
                path,
                Some(line_no),
                "a line that is neither `Field: value` nor a continuation",
            ));
        }
    }
    Ok(Config { path: path.to_string(), dir: String::new(), annotations, source: Source::Dep5 })
}

fn dep5_paragraph(
    path: &str,
    fields: &[(String, String, u32)],
    first: bool,
) -> Result<Option<Annotation>, FactError> {
    let get = |k: &str| fields.iter().find(|(key, _, _)| key.eq_ignore_ascii_case(k));
    let line = fields.first().map_or(1, |f| f.2);
    let Some((_, files, files_line)) = get("Files") else {
        if first && get("Format").is_none() {
            return Err(bad(path, Some(line), "the header paragraph has no `Format:` field"));
        }
        return Ok(None);
    };
    let (Some((_, copyright, _)), Some((_, license, _))) = (get("Copyright"), get("License"))
    else {
        return Err(bad(
            path,
            Some(line),
            "a `Files:` paragraph needs `Copyright:` and `License:`",
        ));
    };
    let patterns: Vec<String> = files.split_whitespace().map(translate_dep5).collect();
    if patterns.len() > MAX_PATTERNS {
        return Err(bad(path, Some(*files_line), "too many patterns in `Files:`"));
    }
    let paths = compile(&patterns).map_err(|why| bad(path, Some(*files_line), &why))?;
    let synopsis = license.lines().next().unwrap_or("").trim();
    let copyrights = copyright
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            if super::extract::extract(l).copyrights.is_empty() {
                format!("SPDX-FileCopyrightText: {l}")
            } else {
                l.to_string()
            }
        })
        .collect();
    Ok(Some(Annotation {
        paths,
        precedence: Precedence::Aggregate,
        licenses: if synopsis.is_empty() { Vec::new() } else { vec![synopsis.to_string()] },
        copyrights,
        line: *files_line,
    }))
}

/// Debian's globs: `*` matches anything (`/` included), `?` one character, `\` escapes
fn translate_dep5(pattern: &str) -> String {
    let mut out = String::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '*' => out.push_str(".*"),
            '?' => out.push('.'),
            '\\' => {
                if let Some(n) = chars.next() {
                    out.push_str(&regex::escape(&n.to_string()));
                }
            }
            _ => out.push_str(&regex::escape(&c.to_string())),
        }
    }
    out
}
