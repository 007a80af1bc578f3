//! Conformance of the fact providers: every declared fact is either computed or declared
//! unavailable (and then says so, at check time and at run time), and every record a
//! provider makes has exactly the fields and methods its schema declares, with values of
//! the declared types.

#![expect(clippy::unwrap_used, clippy::panic, reason = "test")]

use std::collections::BTreeSet;
use std::sync::Arc;
use tenet::facts::registry::{self, PROVIDERS};
use tenet::facts::repo::{RepoFacts, RepoOptions};
use tenet::facts::{Compute, FactSource};
use tenet::model::schema::RecordKind;
use tenet::model::{Type, Value};
use tenet::repo::{Target, TreeChoice};

/// A repository with something for every computed fact to find
fn fixture() -> (tempfile::TempDir, RepoFacts) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |p: &str, s: &str| {
        let path = root.join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, s).unwrap();
    };
    write("README.md", "# demo\n\nMIT licensed.\n");
    write("LICENSE", "MIT License\n");
    write("LICENSES/MIT.txt", "MIT License\n");
    write("src/main.rs", "fn main() {\n    // TODO: x\n}\n");
    write(
        "package.json",
        "{\"name\": \"demo\", \"license\": \"MIT\", \"files\": [1, 2.5, true, null]}",
    );
    write("ci.yml", "on: [push]\njobs:\n  test: {runs-on: ubuntu}\n");
    write("Cargo.toml", "[package]\nname = \"demo\"\nversion = \"0.1.0\"\n");
    write(
        "vendor/itoa/Cargo.toml",
        "[package]\nname = \"itoa\"\nversion = \"1.0.15\"\nlicense = \"MIT\"\n",
    );
    write("vendor/itoa/.cargo-checksum.json", "{}");
    write("policy/teams.json", "{\"owners\": [\"a\"]}");
    write("CODEOWNERS", "* @acme/all\n[Docs] @acme/docs\n*.md\n!x @y\n");
    write(
        ".github/workflows/ci.yml",
        "on: [push]\npermissions: read-all\njobs:\n  test:\n    runs-on: ubuntu\n    \
         steps:\n      - uses: actions/checkout@v4\n        with: {fetch-depth: 0}\n      \
         - run: make\n  call:\n    uses: ./.github/workflows/x.yml\n",
    );
    // A history with a signed-off commit and an annotated tag, for the history facts
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(["-c", "init.defaultBranch=main", "-c", "core.hooksPath=/dev/null"])
            .args(["-c", "user.name=Ada", "-c", "user.email=ada@example.org"])
            .args(args)
            .current_dir(root)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "Initial\n\nSigned-off-by: Ada <ada@example.org>"]);
    git(&["tag", "-a", "v1.0", "-m", "Release"]);
    let opts = RepoOptions { data_dirs: vec![root.join("policy")], ..RepoOptions::default() };
    let target = Target::open(root, &TreeChoice::Auto).unwrap();
    let facts = RepoFacts::new(Arc::new(target), opts);
    (dir, facts)
}

/// One call of each computed fact; a new fact must add its own here
fn sample_args(fact: &str) -> Vec<Value> {
    let s = Value::str;
    match fact {
        "repo"
        | "languages"
        | "tags"
        | "history_blobs"
        | "codeowners"
        | "workflows"
        | "manifests"
        | "project_license"
        | "dependencies"
        | "spdx_headers"
        | "reuse_license_texts" => vec![],
        "vendored" => vec![Value::Null],
        "files" | "exists" => vec![Value::list([]), Value::Null],
        "file" => vec![s("src/main.rs")],
        "json" => vec![s("package.json")],
        "yaml" => vec![s("ci.yml")],
        "toml" => vec![s("Cargo.toml")],
        "data" => vec![s("teams")],
        "commits" => vec![Value::Null, Value::Null, Value::Null, Value::Null],
        "owners_of" => vec![s("README.md")],
        "license_files" => vec![Value::Bool(true), Value::Null],
        "license_info" => vec![s("MIT OR Apache-2.0")],
        "history_matches" => {
            vec![
                Value::Regex(Arc::new(regex::Regex::new("read-all").unwrap())),
                Value::Null,
                Value::Null,
            ]
        }
        other => panic!("no sample call for the fact `{other}`: add one to tests/providers.rs"),
    }
}

/// Does a value fit a declared type?
fn fits(v: &Value, t: &Type) -> bool {
    match (v, t) {
        // A document value keeps its place and behaves as the plain value (workflows)
        (Value::Located(l), t) => fits(l.value(), t),
        (v, Type::Optional(inner)) => matches!(v, Value::Null) || fits(v, inner),
        (_, Type::Any)
        | (Value::Bool(_), Type::Bool)
        | (Value::Int(_), Type::Int | Type::Float)
        | (Value::Float(_), Type::Float)
        | (Value::Str(_), Type::Str)
        | (Value::Regex(_), Type::Regex)
        | (Value::Duration(_), Type::Duration)
        | (Value::Date(_), Type::Date)
        | (Value::Size(_), Type::Size) => true,
        (Value::List(items), Type::List(e)) => items.iter().all(|i| fits(i, e)),
        (Value::Map(m), Type::Map(e)) => m.values().all(|i| fits(i, e)),
        (Value::Record(r), Type::Record(k)) => r.kind() == *k,
        _ => false,
    }
}

/// Check every record reachable from `v` against its schema; returns the kinds seen
fn conform(v: &Value, seen: &mut BTreeSet<&'static str>, depth: usize) {
    assert!(depth < 8, "records nest too deeply");
    match v {
        Value::List(items) => items.iter().for_each(|i| conform(i, seen, depth + 1)),
        Value::Map(m) => m.values().for_each(|i| conform(i, seen, depth + 1)),
        Value::Record(r) => {
            let kind: RecordKind = r.kind();
            assert!(
                registry::record(kind.name()).is_some_and(|k| k == kind),
                "record `{}` is not declared by any provider",
                kind.name()
            );
            seen.insert(kind.name());
            for (name, ty, _) in kind.fields() {
                let value = r.field(name).unwrap_or_else(|e| {
                    panic!("`{}.{name}` is declared but fails: {}", kind.name(), e.message)
                });
                let t = registry::parse_type(ty).unwrap();
                assert!(fits(&value, &t), "`{}.{name}` is `{value}`, declared `{ty}`", kind.name());
                conform(&value, seen, depth + 1);
            }
            assert!(
                r.field("no_such_field").is_err(),
                "`{}` answers an undeclared field",
                kind.name()
            );
            assert_eq!(
                r.location().is_some(),
                kind.is_located(),
                "`{}`: a located kind has a location, and only it",
                kind.name()
            );
            if let Some(element) = kind.element() {
                for e in r.elements().unwrap().iter() {
                    assert!(fits(e, &element), "`{}` yields `{e}`", kind.name());
                    conform(e, seen, depth + 1);
                }
            }
        }
        _ => {}
    }
}

#[test]
fn every_declared_fact_is_computed_or_declared_unavailable() {
    let (_dir, facts) = fixture();
    let mut seen = BTreeSet::new();
    for fact in registry::facts() {
        match fact.compute {
            Compute::By(_) => {
                let args = sample_args(fact.name());
                let value = facts.fact(fact, &args).unwrap_or_else(|e| {
                    panic!("`{}` failed on the fixture: {}", fact.name(), e.message)
                });
                let ret = registry::parse_type(fact.sig.ret).unwrap();
                assert!(fits(&value, &ret), "`{}` gave `{value}`, declared `{ret}`", fact.name());
                conform(&value, &mut seen, 0);
            }
            Compute::Unavailable => {
                let e = facts.fact(fact, &[]).unwrap_err();
                assert_eq!(e.code, "facts::unavailable", "{}", fact.name());
            }
        }
    }
    // Records of computed facts are all exercised; the others belong to unavailable facts.
    for kind in [
        "repo",
        "file",
        "languages",
        "language",
        "commit",
        "person",
        "tag",
        "codeowners",
        "codeowners_entry",
        "codeowners_section",
        "codeowners_problem",
        "workflow",
        "job",
        "step",
        "spdx_header",
        "reuse_license_text",
    ] {
        assert!(seen.contains(kind), "no fact made a `{kind}` record");
    }
}

#[test]
fn file_records_answer_their_methods() {
    let (_dir, facts) = fixture();
    let file = facts.fact(registry::fact("file").unwrap(), &[Value::str("src/main.rs")]).unwrap();
    let Value::Record(r) = file else { panic!("not a record") };
    let re = tenet::model::build_regex("TODO", "").unwrap();
    let mut seen = BTreeSet::new();
    for m in RecordKind::methods(r.kind()) {
        let args = match m.name {
            "head" => vec![Value::Int(1)],
            "find" => vec![Value::Regex(Arc::clone(&re))],
            other => panic!("no sample call for `file.{other}`"),
        };
        let v = r.method(m.name, &args).unwrap();
        assert!(fits(&v, &registry::parse_type(m.ret).unwrap()), "`file.{}` gave `{v}`", m.name);
        conform(&v, &mut seen, 0);
    }
    assert!(seen.contains("match"));
}

#[test]
fn unavailable_facts_warn_at_check_time_and_fail_at_run_time() {
    for fact in registry::facts().filter(|f| f.is_unavailable()) {
        let policy = format!(
            "tenet 1\nrule t/x {{\n  require len({}{}) >= 0\n}}\n",
            fact.name(),
            if fact.sig.params.iter().any(|p| p.kind == tenet::model::schema::ParamKind::Required) {
                "(\"MIT\")"
            } else {
                "()"
            }
        );
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("p.tenet"), &policy).unwrap();
        let spec =
            tenet::policy::PolicySpec::from_arg(&dir.path().join("p.tenet").display().to_string());
        let now = jiff::Timestamp::from_second(0).unwrap();
        let loaded = tenet::engine::policy::load_with_sets(&[spec], &[], now);
        assert!(
            loaded.diagnostics.iter().any(|d| d.code == "check::unavailable_fact"),
            "`{}` gives no check::unavailable_fact",
            fact.name()
        );
    }
}

#[test]
fn providers_declare_distinct_names() {
    let mut facts = BTreeSet::new();
    let mut records = BTreeSet::new();
    for p in PROVIDERS {
        for f in p.facts {
            assert!(facts.insert(f.name()), "fact `{}` declared twice", f.name());
        }
        for r in p.records {
            assert!(records.insert(r.name), "record `{}` declared twice", r.name);
        }
    }
}
