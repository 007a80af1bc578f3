//! The `manifests` provider: package manifests (Cargo.toml, package.json, pyproject.toml,
//! setup.cfg, pom.xml, go.mod, composer.json, *.gemspec) with their name, version and
//! declared license, each located at its line; and `project_license()`, which combines
//! them with the license files. JSON and TOML manifests are read through the located
//! documents (`facts::documents`); the others by line.

use super::documents;
use super::licenses::license_files_at_root;
use super::registry::Provider;
use super::repo::RepoFacts;
use super::spdx_lenient::lenient;
use super::{Compute, Fact};
use crate::model::schema::{RecordKind, RecordSchema, Sig};
use crate::model::{FactError, Location, MapRecord, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The `manifest` record
pub static MANIFEST: RecordSchema = RecordSchema {
    name: "manifest",
    fields: &[
        ("path", "string", "the manifest file"),
        (
            "kind",
            "string",
            "`cargo`, `npm`, `pyproject`, `setup.cfg`, `maven`, `go`, `composer` or `gemspec`",
        ),
        ("name", "string?", "the package name"),
        (
            "version",
            "string?",
            "the package version (null when inherited, e.g. `version.workspace = true`)",
        ),
        ("license", "string?", "the declared license as written (the record points at its line)"),
        (
            "license_expr",
            "string?",
            "the declared license as a strict SPDX expression, null if it is none",
        ),
        (
            "license_suggestion",
            "string?",
            "for a license that is no valid SPDX expression, the expression it most likely means (`Apache-2.0` for `Apache 2`)",
        ),
    ],
    methods: &[],
    element: None,
    located: true,
};

/// Its facts and records
pub static PROVIDER: Provider = Provider {
    name: "manifests",
    facts: &[
        Fact {
            sig: Sig {
                name: "manifests",
                params: &[],
                ret: "list<manifest>",
                doc: "package manifests with name, version and declared license, located",
            },
            compute: Compute::By(manifests),
            memo: true,
            lists_tree: true,
        },
        Fact {
            sig: Sig {
                name: "project_license",
                params: &[],
                ret: "string?",
                doc: "the repository's license as one SPDX expression, from root manifests and license files",
            },
            compute: Compute::By(project_license),
            memo: true,
            lists_tree: true,
        },
    ],
    records: &[&MANIFEST],
};

/// Directories whose manifests belong to other projects
const FOREIGN: &[&str] = &["node_modules", "vendor", "third_party", ".git"];

/// The manifest kind of a file name
fn kind_of(name: &str) -> Option<&'static str> {
    Some(match name {
        "Cargo.toml" => "cargo",
        "package.json" => "npm",
        "pyproject.toml" => "pyproject",
        "setup.cfg" => "setup.cfg",
        "pom.xml" => "maven",
        "go.mod" => "go",
        "composer.json" => "composer",
        n if n.ends_with(".gemspec") => "gemspec",
        _ => return None,
    })
}

/// What one manifest declares; each value with where it is written
#[derive(Default)]
pub(super) struct Declared {
    pub(super) name: Option<Value>,
    pub(super) version: Option<Value>,
    pub(super) license: Option<Value>,
    /// The file the manifest names as its license text (Cargo's `license-file`, PEP 621's
    /// `license = { file = … }`), relative to the manifest
    pub(super) license_file: Option<Value>,
}

fn manifests(facts: &RepoFacts, _: &[Value]) -> Result<Value, FactError> {
    let mut out = Vec::new();
    for (index, entry) in facts.entries().iter().enumerate() {
        let path = &*entry.path;
        let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
        if entry.is_symlink() || dir.split('/').any(|d| FOREIGN.contains(&d)) {
            continue;
        }
        let Some((kind, declared)) = read_manifest(facts, index)? else { continue };
        out.push(record(path, kind, declared));
    }
    Ok(Value::list(out))
}

/// The manifest at `index`, if its name makes it one: its kind and what it declares. Also
/// read by `dependencies` and `vendored` for the manifests of vendored code.
pub(super) fn read_manifest(
    facts: &RepoFacts,
    index: usize,
) -> Result<Option<(&'static str, Declared)>, FactError> {
    let Some(entry) = facts.entries().get(index) else { return Ok(None) };
    let path = &*entry.path;
    let name = path.rsplit_once('/').map_or(path, |(_, name)| name);
    let Some(kind) = kind_of(name) else { return Ok(None) };
    let text = facts.text_at(index)?;
    let declared = match kind {
        "cargo" => from_document("toml", &text, path, &["package"], "license")?,
        "npm" | "composer" => from_document("json", &text, path, &[], "license")?,
        "pyproject" => pyproject(&text, path)?,
        "setup.cfg" => setup_cfg(&text, path),
        "maven" => pom(&text, path),
        "go" => go_mod(&text, path),
        _ => gemspec(&text, path),
    };
    Ok(Some((kind, declared)))
}

/// A string value, kept with its location; other shapes (tables, `workspace = true`) are
/// no string
fn string_at(v: Option<&Value>) -> Option<Value> {
    let v = v?;
    match v.plain() {
        Value::Str(_) => Some(v.clone()),
        _ => None,
    }
}

fn map_get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    match v.plain() {
        Value::Map(m) => m.get(key),
        _ => None,
    }
}

/// name, version and license of a JSON/TOML manifest under `table`. A license given as a
/// list (composer, old npm `licenses`) reads as their `OR`.
fn from_document(
    format: &str,
    text: &str,
    path: &str,
    table: &[&str],
    license_key: &str,
) -> Result<Declared, FactError> {
    let doc = documents::parse(format, text, path)?;
    let mut node = Some(&doc);
    for t in table {
        node = node.and_then(|n| map_get(n, t));
    }
    let Some(node) = node else { return Ok(Declared::default()) };
    let license = map_get(node, license_key).and_then(|l| match l.plain() {
        Value::Str(_) => Some(l.clone()),
        Value::List(items) => {
            let names: Vec<String> = items
                .iter()
                .filter_map(|i| match i.plain() {
                    Value::Str(s) => Some(s.to_string()),
                    other => string_at(map_get(other, "type")).map(|v| v.plain().to_string()),
                })
                .collect();
            (!names.is_empty()).then(|| relocate(Value::str(names.join(" OR ")), l))
        }
        // npm's deprecated `{ "type": "MIT" }`, PEP 621's `{ text = "MIT" }`
        Value::Map(_) => string_at(map_get(l, "type").or_else(|| map_get(l, "text"))),
        _ => None,
    });
    let license_file = string_at(map_get(node, "license-file"))
        .or_else(|| map_get(node, license_key).and_then(|l| string_at(map_get(l, "file"))));
    Ok(Declared {
        name: string_at(map_get(node, "name")),
        version: string_at(map_get(node, "version")),
        license,
        license_file,
    })
}

fn relocate(v: Value, like: &Value) -> Value {
    match like.location() {
        Some(at) => Value::located(v, at),
        None => v,
    }
}

/// PEP 621/639 `[project]`, else Poetry's `[tool.poetry]`
fn pyproject(text: &str, path: &str) -> Result<Declared, FactError> {
    let project = from_document("toml", text, path, &["project"], "license")?;
    if project.name.is_some() || project.license.is_some() {
        return Ok(project);
    }
    from_document("toml", text, path, &["tool", "poetry"], "license")
}

/// `key = value` in the `[metadata]` section of setup.cfg
fn setup_cfg(text: &str, path: &str) -> Declared {
    let mut section = "";
    let mut d = Declared::default();
    for (n, line) in text.lines().enumerate() {
        let t = line.trim();
        if let Some(s) = t.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            section = s;
            continue;
        }
        if section != "metadata" {
            continue;
        }
        let Some((k, v)) = t.split_once('=') else { continue };
        let column = line.find(k.trim()).unwrap_or(0);
        let v = at_line(v.trim(), path, n, column);
        match k.trim() {
            "name" => d.name = Some(v),
            "version" => d.version = Some(v),
            "license" | "license_expression" => d.license = Some(v),
            _ => {}
        }
    }
    d
}

/// pom.xml, by line: the project's first `<artifactId>` and `<version>` outside
/// `<parent>`, and the first license `<name>` inside `<licenses>`
fn pom(text: &str, path: &str) -> Declared {
    let mut d = Declared::default();
    let (mut in_parent, mut in_licenses, mut depth_ok) = (false, false, true);
    for (n, line) in text.lines().enumerate() {
        let t = line.trim();
        in_parent = (in_parent || t.starts_with("<parent>")) && !t.starts_with("</parent>");
        in_licenses = (in_licenses || t.starts_with("<licenses>")) && !t.starts_with("</licenses>");
        if t.starts_with("<dependencies>") || t.starts_with("<build>") {
            depth_ok = false;
        }
        let tag = |name: &str| {
            let open = format!("<{name}>");
            let close = format!("</{name}>");
            let start = line.find(&open)? + open.len();
            let end = line.get(start..)?.find(&close)? + start;
            Some(at_line(line.get(start..end)?.trim(), path, n, start))
        };
        if in_licenses && d.license.is_none() {
            d.license = tag("name");
        } else if !in_parent && depth_ok && !in_licenses {
            if d.name.is_none() {
                d.name = tag("artifactId");
            }
            if d.version.is_none() {
                d.version = tag("version");
            }
        }
    }
    d
}

/// go.mod: the module path (Go modules declare no license)
fn go_mod(text: &str, path: &str) -> Declared {
    let mut d = Declared::default();
    for (n, line) in text.lines().enumerate() {
        if let Some(m) = line.trim().strip_prefix("module ") {
            let column = line.find(m.trim()).unwrap_or(0);
            d.name = Some(at_line(m.trim().trim_matches('"'), path, n, column));
            break;
        }
    }
    d
}

/// A gemspec, by line: `s.name = "x"`, `s.version = "1"`, `s.license = "MIT"` or
/// `s.licenses = ["MIT", "Apache-2.0"]` (their `OR`)
fn gemspec(text: &str, path: &str) -> Declared {
    let mut d = Declared::default();
    for (n, line) in text.lines().enumerate() {
        let Some((lhs, rhs)) = line.split_once('=') else { continue };
        let attr = lhs.trim().rsplit('.').next().unwrap_or("");
        let quoted: Vec<&str> = rhs.split(['"', '\'']).skip(1).step_by(2).collect();
        let Some(first) = quoted.first() else { continue };
        let column = line.find(first).unwrap_or(0);
        match attr {
            "name" => d.name = Some(at_line(first, path, n, column)),
            "version" => d.version = Some(at_line(first, path, n, column)),
            "license" => d.license = Some(at_line(first, path, n, column)),
            "licenses" => d.license = Some(at_line(&quoted.join(" OR "), path, n, column)),
            _ => {}
        }
    }
    d
}

/// A value written on 0-based line `n` at byte `column` of that line
fn at_line(s: &str, path: &str, n: usize, column: usize) -> Value {
    let line = u32::try_from(n + 1).ok();
    let column = u32::try_from(column + 1).ok();
    let at = Location { path: path.into(), line, column, end_line: line, end_column: None };
    Value::located(Value::str(s), at)
}

fn record(path: &str, kind: &str, d: Declared) -> Value {
    let written = d.license.as_ref().map(|l| l.plain().to_string());
    let strict = written.as_deref().and_then(strict_expression);
    let suggestion = match (&written, &strict) {
        (Some(w), None) => lenient(w),
        _ => None,
    };
    let opt = |v: Option<String>| v.map_or(Value::Null, Value::str);
    let location =
        d.license.as_ref().and_then(Value::location).unwrap_or_else(|| Location::file(path));
    let mut fields = BTreeMap::new();
    fields.insert("path".into(), Value::str(path));
    fields.insert("kind".into(), Value::str(kind));
    // Plain values: the record itself points at the license line
    let plain = |v: Option<Value>| v.map_or(Value::Null, |v| v.unlocated());
    fields.insert("name".into(), plain(d.name));
    fields.insert("version".into(), plain(d.version));
    fields.insert("license".into(), plain(d.license));
    fields.insert("license_expr".into(), opt(strict));
    fields.insert("license_suggestion".into(), opt(suggestion));
    Value::Record(Arc::new(MapRecord {
        kind: RecordKind(&MANIFEST),
        fields,
        location: Some(location),
    }))
}

/// The strict SPDX reading of a declared license: valid ids and operators only
pub fn strict_expression(s: &str) -> Option<String> {
    spdx::Expression::parse(s.trim()).ok().map(|e| e.to_string())
}

/// The repository's license: the first root manifest (by path) that declares a valid
/// expression, as the declared intent; else the licenses of the root license files, joined
/// with `AND`; else null
fn project_license(facts: &RepoFacts, _: &[Value]) -> Result<Value, FactError> {
    let all = manifests(facts, &[])?;
    if let Value::List(items) = all.plain() {
        for m in items.iter() {
            let Value::Record(r) = m.plain() else { continue };
            let at_root = matches!(r.field("path")?.plain(), Value::Str(p) if !p.contains('/'));
            if let (true, Value::Str(e)) = (at_root, r.field("license_expr")?.plain()) {
                return Ok(Value::Str(e.clone()));
            }
        }
    }
    let ids = license_files_at_root(facts)?;
    Ok(if ids.is_empty() { Value::Null } else { Value::str(ids.join(" AND ")) })
}
