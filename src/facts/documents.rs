//! Parsed documents: `json(p)`, `yaml(p)`, `toml(p)` of the repository and `data(name)`
//! beside the policy, converted to values. Malformed input is a located [`FactError`].

use super::registry::Provider;
use super::repo::RepoFacts;
use super::{Compute, Fact};
use crate::diag::Code;
use crate::model::FactError;
use crate::model::Value;
use crate::model::schema::{Sig, req};
use std::collections::BTreeMap;
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

/// Parse `text` as `kind` (`json`, `yaml` or `toml`); `path` is for error messages
pub(super) fn parse(kind: &str, text: &str, path: &str) -> Result<Value, FactError> {
    match kind {
        "json" => {
            serde_json::from_str::<serde_json::Value>(text).map(|v| from_json(&v)).map_err(|e| {
                FactError {
                    line: Some(e.line() as u32),
                    ..FactError::at(
                        Code::FactsBadJson,
                        format!("`{path}` is not valid JSON: {e}"),
                        path,
                    )
                }
            })
        }
        "yaml" => {
            use saphyr::LoadableYamlNode;
            let docs = saphyr::Yaml::load_from_str(text).map_err(|e| FactError {
                line: Some(e.marker().line() as u32),
                ..FactError::at(
                    Code::FactsBadYaml,
                    format!("`{path}` is not valid YAML: {}", e.info()),
                    path,
                )
            })?;
            Ok(docs.first().map_or(Value::Null, from_yaml))
        }
        _ => text.parse::<toml::Table>().map(|t| from_toml(&toml::Value::Table(t))).map_err(|e| {
            let line =
                e.span().map(|s| text.get(..s.start).map_or(1, |p| p.matches('\n').count() + 1));
            FactError {
                line: line.map(|l| l as u32),
                ..FactError::at(
                    Code::FactsBadToml,
                    format!("`{path}` is not valid TOML: {}", e.message()),
                    path,
                )
            }
        }),
    }
}

/// `data(name)`: the first of `name`, `name.json`, `name.yaml`, `name.yml`, `name.toml`
/// found in the policy directories. Names are relative: absolute names and `..` are
/// refused, and so is a file that resolves (symlinks followed) outside its directory.
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
            let kind = match path.extension().and_then(|e| e.to_str()) {
                Some("yaml" | "yml") => "yaml",
                Some("toml") => "toml",
                _ => "json",
            };
            return parse(kind, &text, &path.display().to_string());
        }
    }
    Err(FactError::new(
        Code::FactsDataNotFound,
        format!("no data file `{name}` (.json, .yaml or .toml) beside the policy"),
    ))
}

fn from_json(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => {
            n.as_i64().map_or_else(|| Value::Float(n.as_f64().unwrap_or(0.0)), Value::Int)
        }
        serde_json::Value::String(s) => Value::str(s),
        serde_json::Value::Array(a) => Value::list(a.iter().map(from_json)),
        serde_json::Value::Object(o) => {
            Value::Map(Arc::new(o.iter().map(|(k, v)| (k.clone(), from_json(v))).collect()))
        }
    }
}

fn from_yaml(v: &saphyr::Yaml<'_>) -> Value {
    use saphyr::{Scalar, Yaml};
    match v {
        Yaml::Value(Scalar::Null) | Yaml::BadValue | Yaml::Alias(_) => Value::Null,
        Yaml::Value(Scalar::Boolean(b)) => Value::Bool(*b),
        Yaml::Value(Scalar::Integer(i)) => Value::Int(*i),
        Yaml::Value(Scalar::FloatingPoint(f)) => Value::Float(f.into_inner()),
        Yaml::Value(Scalar::String(s)) | Yaml::Representation(s, _, _) => Value::str(s),
        Yaml::Sequence(items) => Value::list(items.iter().map(from_yaml)),
        Yaml::Mapping(m) => {
            let map: BTreeMap<String, Value> =
                m.iter().map(|(k, v)| (yaml_key(k), from_yaml(v))).collect();
            Value::Map(Arc::new(map))
        }
        Yaml::Tagged(_, inner) => from_yaml(inner),
    }
}

fn yaml_key(k: &saphyr::Yaml<'_>) -> String {
    match from_yaml(k) {
        Value::Str(s) => s.to_string(),
        other => other.to_string(),
    }
}

fn from_toml(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::str(s),
        toml::Value::Integer(i) => Value::Int(*i),
        toml::Value::Float(f) => Value::Float(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::str(d.to_string()),
        toml::Value::Array(a) => Value::list(a.iter().map(from_toml)),
        toml::Value::Table(t) => {
            Value::Map(Arc::new(t.iter().map(|(k, v)| (k.clone(), from_toml(v))).collect()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_documents_are_located_errors() {
        let e = parse("json", "{\n  \"a\": ,\n}", "x.json").err();
        assert_eq!(e.as_ref().map(|e| (e.code, e.line)), Some((Code::FactsBadJson, Some(2))));
        let e = parse("yaml", "a: [1, 2\nb: c", "x.yml").err();
        assert_eq!(e.map(|e| e.code), Some(Code::FactsBadYaml));
        let e = parse("toml", "a = 1\nb = = 2", "x.toml").err();
        assert_eq!(e.as_ref().map(|e| (e.code, e.line)), Some((Code::FactsBadToml, Some(2))));
    }

    #[test]
    fn data_names_may_not_leave_the_directory_searched() {
        let dir = tempfile::tempdir().ok();
        let Some(dir) = dir else { return };
        let policy = dir.path().join("policy");
        let _ = std::fs::create_dir_all(&policy);
        let _ = std::fs::write(dir.path().join("secret.json"), "{\"token\": 1}");
        let _ = std::fs::write(policy.join("teams.json"), "{\"n\": 3}");
        let dirs = vec![policy.clone()];
        assert_eq!(data("teams", &dirs).ok().map(|v| v.to_string()).as_deref(), Some("{n: 3}"));
        let abs = dir.path().join("secret.json");
        for name in [abs.display().to_string(), "../secret".to_string(), "/etc/hostname".into()] {
            let e = data(&name, &dirs).err();
            assert_eq!(e.map(|e| e.code), Some(Code::FactsDataNotFound), "{name}");
        }
        #[cfg(unix)]
        {
            let _ = std::os::unix::fs::symlink(&abs, policy.join("cfg.json"));
            let e = data("cfg", &dirs).err();
            assert!(e.is_some_and(|e| e.message.contains("leads outside")));
        }
    }

    #[test]
    fn documents_become_values() {
        let v = parse("yaml", "name: x\nlist: [1, two]\n", "x.yml").ok();
        assert_eq!(v.map(|v| v.to_string()).as_deref(), Some("{list: [1, \"two\"], name: \"x\"}"));
    }
}
