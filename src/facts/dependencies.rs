//! The `dependencies` provider: what the repository uses, from its lockfiles and SBOMs
//! (package-lock.json v2/v3, Cargo.lock, poetry.lock, uv.lock, go.sum, `CycloneDX` and SPDX
//! JSON), each located at its entry. Where the lockfile states no license, it is taken
//! offline from what is in the repository (`node_modules/<name>/package.json`, a vendored
//! `vendor/<name>/Cargo.toml`), else left `null`: never guessed. Reads the located
//! documents of `facts::documents`.

use super::documents;
use super::manifests;
use super::registry::Provider;
use super::repo::RepoFacts;
use super::{Compute, Fact};
use crate::model::schema::{RecordKind, RecordSchema, Sig};
use crate::model::{FactError, Location, MapRecord, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The `dependency` record
pub static DEPENDENCY: RecordSchema = RecordSchema {
    name: "dependency",
    fields: &[
        ("name", "string", "the package name"),
        ("version", "string", "the locked version (`\"\"` when the source gives none)"),
        ("ecosystem", "string", "`npm`, `cargo`, `pypi`, `go`, or an SBOM's package URL type"),
        ("license", "string?", "its license as the source states it, null when unknown"),
        ("source", "string", "the lockfile or SBOM it came from"),
    ],
    methods: &[],
    element: None,
    located: true,
};

/// Its facts and records
pub static PROVIDER: Provider = Provider {
    name: "dependencies",
    facts: &[Fact {
        sig: Sig {
            name: "dependencies",
            params: &[],
            ret: "list<dependency>",
            doc: "dependencies from lockfiles and SBOMs, located at their entries",
        },
        compute: Compute::By(dependencies),
        memo: true,
        lists_tree: true,
    }],
    records: &[&DEPENDENCY],
};

/// Directories whose lockfiles belong to other projects
const FOREIGN: &[&str] = &["node_modules", "vendor", "third_party", ".git"];

/// One dependency as read, before it becomes a record
struct Dep {
    name: String,
    version: String,
    ecosystem: String,
    license: Option<String>,
    at: Option<Location>,
}

fn dependencies(facts: &RepoFacts, _: &[Value]) -> Result<Value, FactError> {
    let mut out = Vec::new();
    for (index, entry) in facts.entries().iter().enumerate() {
        let path = &*entry.path;
        let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
        if entry.is_symlink() || dir.split('/').any(|d| FOREIGN.contains(&d)) {
            continue;
        }
        let read = |format: &str| -> Result<Value, FactError> {
            documents::parse(format, &facts.text_at(index)?, path)
        };
        let deps = match name {
            "package-lock.json" => npm_lock(facts, &read("json")?),
            "Cargo.lock" => toml_lock(facts, &read("toml")?, "cargo", dir),
            "poetry.lock" | "uv.lock" => toml_lock(facts, &read("toml")?, "pypi", dir),
            "go.sum" => go_sum(&facts.text_at(index)?, path),
            n if n.ends_with(".cdx.json") || n == "bom.json" => cyclonedx(&read("json")?),
            n if n.ends_with(".spdx.json") => spdx_sbom(&read("json")?),
            _ => continue,
        };
        for d in deps {
            out.push(record(d, path));
        }
    }
    Ok(Value::list(out))
}

fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    match v.plain() {
        Value::Map(m) => m.get(key),
        _ => None,
    }
}

fn string(v: Option<&Value>) -> Option<String> {
    match v?.plain() {
        Value::Str(s) if !s.trim().is_empty() => Some(s.to_string()),
        _ => None,
    }
}

fn items(v: Option<&Value>) -> &[Value] {
    match v.map(Value::plain) {
        Some(Value::List(items)) => items,
        _ => &[],
    }
}

/// The `license` of a package.json-like node: a string, or the old `{ "type": … }`
fn npm_license(node: &Value) -> Option<String> {
    let l = get(node, "license")?;
    string(Some(l)).or_else(|| string(get(l, "type")))
}

/// package-lock.json v2/v3: `packages`, keyed by install path (`node_modules/a/node_modules/b`)
fn npm_lock(facts: &RepoFacts, doc: &Value) -> Vec<Dep> {
    let Some(Value::Map(packages)) = get(doc, "packages").map(Value::plain) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, node) in packages.iter() {
        let Some((_, name)) = key.rsplit_once("node_modules/") else { continue };
        let license = npm_license(node).or_else(|| {
            // The installed package states it, when node_modules is in the tree
            let manifest = facts.lookup(&format!("{key}/package.json"))?;
            let text = facts.text_at(manifest).ok()?;
            npm_license(&documents::parse("json", &text, key).ok()?)
        });
        out.push(Dep {
            name: string(get(node, "name")).unwrap_or_else(|| name.to_string()),
            version: string(get(node, "version")).unwrap_or_default(),
            ecosystem: "npm".into(),
            license,
            at: node.location(),
        });
    }
    out
}

/// Cargo.lock, poetry.lock, uv.lock: `[[package]]` with `name` and `version`. Cargo
/// packages without a `source` are the workspace's own crates, not dependencies.
fn toml_lock(facts: &RepoFacts, doc: &Value, ecosystem: &str, dir: &str) -> Vec<Dep> {
    let mut out = Vec::new();
    for p in items(get(doc, "package")) {
        let Some(name) = string(get(p, "name")) else { continue };
        if ecosystem == "cargo" && get(p, "source").is_none() {
            continue;
        }
        let version = string(get(p, "version")).unwrap_or_default();
        let license =
            if ecosystem == "cargo" { vendored_crate(facts, dir, &name, &version) } else { None };
        out.push(Dep { name, version, ecosystem: ecosystem.into(), license, at: p.location() });
    }
    out
}

/// The license of a crate vendored by `cargo vendor` beside the lockfile
fn vendored_crate(facts: &RepoFacts, dir: &str, name: &str, version: &str) -> Option<String> {
    let base = if dir.is_empty() { "vendor".to_string() } else { format!("{dir}/vendor") };
    let index = facts
        .lookup(&format!("{base}/{name}/Cargo.toml"))
        .or_else(|| facts.lookup(&format!("{base}/{name}-{version}/Cargo.toml")))?;
    let (_, declared) = manifests::read_manifest(facts, index).ok()??;
    string(declared.license.as_ref())
}

/// go.sum: `module version hash` lines; a module's `/go.mod` line and its tree line are one
/// dependency
fn go_sum(text: &str, path: &str) -> Vec<Dep> {
    let mut out: Vec<Dep> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut words = line.split_whitespace();
        let (Some(module), Some(version)) = (words.next(), words.next()) else { continue };
        let version = version.trim_end_matches("/go.mod");
        if out.iter().any(|d| d.name == module && d.version == version) {
            continue;
        }
        let line = u32::try_from(n + 1).ok();
        out.push(Dep {
            name: module.into(),
            version: version.into(),
            ecosystem: "go".into(),
            license: None,
            at: Some(Location {
                path: path.into(),
                line,
                column: Some(1),
                end_line: line,
                end_column: None,
            }),
        });
    }
    out
}

/// `CycloneDX` JSON: `components`, license from `licenses[].license.id|name` or
/// `licenses[].expression` (several joined with `AND`), ecosystem from the package URL
fn cyclonedx(doc: &Value) -> Vec<Dep> {
    items(get(doc, "components"))
        .iter()
        .filter_map(|c| {
            let names: Vec<String> = items(get(c, "licenses"))
                .iter()
                .filter_map(|l| {
                    string(get(l, "expression")).or_else(|| {
                        let lic = get(l, "license")?;
                        string(get(lic, "id")).or_else(|| string(get(lic, "name")))
                    })
                })
                .collect();
            let license = match names.len() {
                0 => None,
                1 => names.into_iter().next(),
                _ => Some(names.iter().map(|n| format!("({n})")).collect::<Vec<_>>().join(" AND ")),
            };
            Some(Dep {
                name: string(get(c, "name"))?,
                version: string(get(c, "version")).unwrap_or_default(),
                ecosystem: purl_type(string(get(c, "purl")).as_deref()),
                license,
                at: c.location(),
            })
        })
        .collect()
}

/// SPDX JSON: `packages`, license from `licenseConcluded`, else `licenseDeclared`
/// (`NOASSERTION` and `NONE` are no license)
fn spdx_sbom(doc: &Value) -> Vec<Dep> {
    items(get(doc, "packages"))
        .iter()
        .filter_map(|p| {
            let stated = |k: &str| {
                string(get(p, k)).filter(|l| !matches!(l.as_str(), "NOASSERTION" | "NONE"))
            };
            let purl = items(get(p, "externalRefs"))
                .iter()
                .find_map(|r| string(get(r, "referenceLocator")).filter(|l| l.starts_with("pkg:")));
            Some(Dep {
                name: string(get(p, "name"))?,
                version: string(get(p, "versionInfo")).unwrap_or_default(),
                ecosystem: purl_type(purl.as_deref()),
                license: stated("licenseConcluded").or_else(|| stated("licenseDeclared")),
                at: p.location(),
            })
        })
        .collect()
}

/// `pkg:npm/left-pad@1.3.0` → `npm`; no package URL → `unknown`
fn purl_type(purl: Option<&str>) -> String {
    purl.and_then(|p| p.strip_prefix("pkg:"))
        .and_then(|p| p.split('/').next())
        .map_or_else(|| "unknown".to_string(), ToString::to_string)
}

fn record(d: Dep, source: &str) -> Value {
    let mut fields = BTreeMap::new();
    fields.insert("name".into(), Value::str(&d.name));
    fields.insert("version".into(), Value::str(&d.version));
    fields.insert("ecosystem".into(), Value::str(&d.ecosystem));
    fields.insert("license".into(), d.license.map_or(Value::Null, Value::str));
    fields.insert("source".into(), Value::str(source));
    Value::Record(Arc::new(MapRecord {
        kind: RecordKind(&DEPENDENCY),
        fields,
        location: Some(d.at.unwrap_or_else(|| Location::file(source))),
    }))
}
