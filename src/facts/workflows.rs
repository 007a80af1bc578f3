//! The `workflows` provider: GitHub Actions workflow files (`.github/workflows/*.yml` and
//! `*.yaml`) read through the located YAML of `documents`, as records of triggers,
//! permissions, jobs and steps. Every record and every value taken from the file keeps the
//! place it is written, so a rule over a step points at the step, and over its `run` text
//! at the `run:` line.

use super::documents;
use super::registry::Provider;
use super::repo::RepoFacts;
use super::{Compute, Fact};
use crate::diag::Code;
use crate::model::schema::{RecordKind, RecordSchema, Sig};
use crate::model::{FactError, Location, MapRecord, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The `workflow` record
pub static WORKFLOW: RecordSchema = RecordSchema {
    name: "workflow",
    fields: &[
        ("path", "string", "the workflow file"),
        ("name", "string?", "its `name:`"),
        ("triggers", "list<string>", "event names of `on:`, each located"),
        ("on", "any", "the `on:` node as written"),
        ("permissions", "any", "top-level `permissions:` (null when absent)"),
        ("jobs", "list<job>", "its jobs"),
        ("steps", "list<step>", "the steps of all its jobs"),
    ],
    methods: &[],
    element: None,
    located: true,
};

/// The `job` record
pub static JOB: RecordSchema = RecordSchema {
    name: "job",
    fields: &[
        ("id", "string", "the job's key"),
        ("name", "string?", "its `name:`"),
        ("workflow", "string", "the workflow file"),
        ("permissions", "any", "the job's `permissions:` (null when absent)"),
        ("runs_on", "any", "its `runs-on:`"),
        ("uses", "string?", "a reusable workflow it calls"),
        ("pin", "string?", "pin kind of `uses` (see `step.pin`)"),
        ("steps", "list<step>", "its steps"),
    ],
    methods: &[],
    element: None,
    located: true,
};

/// The `step` record
pub static STEP: RecordSchema = RecordSchema {
    name: "step",
    fields: &[
        ("name", "string?", "its `name:`"),
        ("job", "string", "the job's key"),
        ("workflow", "string", "the workflow file"),
        ("uses", "string?", "the action, as written (`actions/checkout@v4`)"),
        ("action", "string?", "the action without its ref (`actions/checkout`)"),
        ("ref", "string?", "the ref after `@`"),
        (
            "pin",
            "string?",
            "how `uses` is pinned: sha, tag, branch, local, docker-digest, docker-tag or none",
        ),
        ("run", "string?", "the shell script, located at `run:`"),
        ("with", "any", "its `with:` inputs (null when absent)"),
    ],
    methods: &[],
    element: None,
    located: true,
};

/// Its facts and records
pub static PROVIDER: Provider = Provider {
    name: "workflows",
    facts: &[Fact {
        sig: Sig {
            name: "workflows",
            params: &[],
            ret: "list<workflow>",
            doc: "GitHub Actions workflows, parsed and located",
        },
        compute: Compute::By(workflows),
        memo: true,
        lists_tree: true,
    }],
    records: &[&WORKFLOW, &JOB, &STEP],
};

/// How `uses` is pinned
pub fn pin_kind(uses: &str) -> &'static str {
    if uses.starts_with("./") {
        return "local";
    }
    if let Some(image) = uses.strip_prefix("docker://") {
        return if image.contains("@sha256:") { "docker-digest" } else { "docker-tag" };
    }
    let Some((_, r)) = uses.rsplit_once('@') else { return "none" };
    if r.len() == 40 && r.bytes().all(|b| b.is_ascii_hexdigit()) {
        "sha"
    } else if r.trim_start_matches('v').starts_with(|c: char| c.is_ascii_digit()) {
        "tag"
    } else {
        "branch"
    }
}

fn text(v: &Value) -> Option<&str> {
    match v.plain() {
        Value::Str(s) => Some(s),
        _ => None,
    }
}

fn get<'a>(node: &'a Value, key: &str) -> Option<&'a Value> {
    match node.plain() {
        Value::Map(m) => m.get(key).filter(|v| !matches!(v.plain(), Value::Null)),
        _ => None,
    }
}

fn string(node: &Value, key: &str) -> Value {
    match get(node, key) {
        Some(v) if matches!(v.plain(), Value::Str(_)) => v.clone(),
        _ => Value::Null,
    }
}

fn any(node: &Value, key: &str) -> Value {
    get(node, key).cloned().unwrap_or(Value::Null)
}

fn record(kind: &'static RecordSchema, fields: BTreeMap<String, Value>, at: Location) -> Value {
    Value::Record(Arc::new(MapRecord { kind: RecordKind(kind), fields, location: Some(at) }))
}

/// The event names of `on:`: a string, a list of strings or a map's keys
fn triggers(on: &Value) -> Value {
    let at = |v: &Value, name: &str| match v.location() {
        Some(l) => Value::located(Value::str(name), l),
        None => Value::str(name),
    };
    match on.plain() {
        Value::Str(s) => Value::list([at(on, s)]),
        Value::List(items) => Value::list(items.iter().filter_map(|i| text(i).map(|s| at(i, s)))),
        Value::Map(m) => Value::list(m.iter().map(|(k, v)| at(v, k))),
        _ => Value::list([]),
    }
}

fn step(node: &Value, job: &str, path: &Arc<str>, file: &Location) -> Value {
    let uses = string(node, "uses");
    let mut fields = BTreeMap::new();
    let (action, r, pin) = match uses.plain() {
        Value::Str(u) => {
            let (action, r) = match u.rsplit_once('@') {
                Some((a, r)) if !u.starts_with("docker://") => (Value::str(a), Value::str(r)),
                _ => (Value::Str(u.clone()), Value::Null),
            };
            (action, r, Value::str(pin_kind(u)))
        }
        _ => (Value::Null, Value::Null, Value::Null),
    };
    fields.insert("name".into(), string(node, "name"));
    fields.insert("job".into(), Value::str(job));
    fields.insert("workflow".into(), Value::Str(path.clone()));
    fields.insert("uses".into(), uses);
    fields.insert("action".into(), action);
    fields.insert("ref".into(), r);
    fields.insert("pin".into(), pin);
    fields.insert("run".into(), string(node, "run"));
    fields.insert("with".into(), any(node, "with"));
    record(&STEP, fields, node.location().unwrap_or_else(|| file.clone()))
}

fn job(id: &str, node: &Value, path: &Arc<str>, file: &Location) -> (Value, Vec<Value>) {
    let steps: Vec<Value> = match get(node, "steps").map(Value::plain) {
        Some(Value::List(items)) => items.iter().map(|s| step(s, id, path, file)).collect(),
        _ => Vec::new(),
    };
    let uses = string(node, "uses");
    let pin = text(&uses).map_or(Value::Null, |u| Value::str(pin_kind(u)));
    let mut fields = BTreeMap::new();
    fields.insert("id".into(), Value::str(id));
    fields.insert("name".into(), string(node, "name"));
    fields.insert("workflow".into(), Value::Str(path.clone()));
    fields.insert("permissions".into(), any(node, "permissions"));
    fields.insert("runs_on".into(), any(node, "runs-on"));
    fields.insert("uses".into(), uses);
    fields.insert("pin".into(), pin);
    fields.insert("steps".into(), Value::list(steps.iter().cloned()));
    (record(&JOB, fields, node.location().unwrap_or_else(|| file.clone())), steps)
}

/// One workflow file, parsed
pub fn workflow(path: &str, text: &str) -> Result<Value, FactError> {
    let doc = documents::parse("yaml", text, path)?;
    let path: Arc<str> = Arc::from(path);
    let file = Location::file(path.clone());
    if !matches!(doc.plain(), Value::Map(_) | Value::Null) {
        return Err(FactError::at(
            Code::FactsBadYaml,
            format!("`{path}` is not a GitHub Actions workflow: its document is not a mapping"),
            &*path,
        ));
    }
    let on = any(&doc, "on");
    let mut jobs = Vec::new();
    let mut steps = Vec::new();
    if let Some(Value::Map(m)) = get(&doc, "jobs").map(Value::plain) {
        for (id, node) in m.iter() {
            let (j, s) = job(id, node, &path, &file);
            jobs.push(j);
            steps.extend(s);
        }
    }
    let mut fields = BTreeMap::new();
    fields.insert("path".into(), Value::Str(path.clone()));
    fields.insert("name".into(), string(&doc, "name"));
    fields.insert("triggers".into(), triggers(&on));
    fields.insert("on".into(), on);
    fields.insert("permissions".into(), any(&doc, "permissions"));
    fields.insert("jobs".into(), Value::list(jobs));
    fields.insert("steps".into(), Value::list(steps));
    Ok(record(&WORKFLOW, fields, file))
}

#[expect(
    clippy::case_sensitive_file_extension_comparisons,
    reason = "GitHub runs only files ending in lowercase `.yml` or `.yaml`"
)]
fn workflows(facts: &RepoFacts, _: &[Value]) -> Result<Value, FactError> {
    let mut out = Vec::new();
    for (index, entry) in facts.entries().iter().enumerate() {
        let Some(name) = entry.path.strip_prefix(".github/workflows/") else { continue };
        if name.contains('/') || !(name.ends_with(".yml") || name.ends_with(".yaml")) {
            continue;
        }
        out.push(workflow(&entry.path, &facts.text_at(index)?)?);
    }
    Ok(Value::list(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_told_apart() {
        assert_eq!(pin_kind("actions/checkout@8e5e7e5ab8b370d6c329ec480221332ada57f0ab"), "sha");
        assert_eq!(pin_kind("actions/checkout@v4"), "tag");
        assert_eq!(pin_kind("actions/checkout@4.1.0"), "tag");
        assert_eq!(pin_kind("actions/checkout@main"), "branch");
        assert_eq!(pin_kind("./.github/actions/build"), "local");
        assert_eq!(pin_kind("docker://alpine@sha256:abcd"), "docker-digest");
        assert_eq!(pin_kind("docker://alpine:3.20"), "docker-tag");
        assert_eq!(pin_kind("actions/checkout"), "none");
    }
}
