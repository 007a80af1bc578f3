//! `dependencies()` on a fixture repository with one lockfile or SBOM of each kind: name,
//! version, ecosystem, license (stated, read from the repository, or null), and the line
//! of the entry.

#![expect(clippy::unwrap_used, clippy::panic, reason = "test")]

use std::sync::Arc;
use tenet::facts::FactSource;
use tenet::facts::registry;
use tenet::facts::repo::{RepoFacts, RepoOptions};
use tenet::model::Value;
use tenet::repo::{Target, TreeChoice};

fn repo(files: &[(&str, &str)]) -> (tempfile::TempDir, RepoFacts) {
    let dir = tempfile::tempdir().unwrap();
    for (p, s) in files {
        let path = dir.path().join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, s).unwrap();
    }
    let target = Target::open(dir.path(), &TreeChoice::Auto).unwrap();
    (dir, RepoFacts::new(Arc::new(target), RepoOptions::default()))
}

fn rows(facts: &RepoFacts) -> String {
    let v = facts.fact(registry::fact("dependencies").unwrap(), &[]).unwrap();
    let Value::List(items) = v else { panic!("{v}") };
    let rows: Vec<String> = items
        .iter()
        .map(|d| {
            let Value::Record(r) = d else { panic!("{d}") };
            let f = |n: &str| r.field(n).unwrap().to_string();
            let at = r.location().unwrap();
            format!(
                "{}:{} {} {} {} license={}",
                at.path,
                at.line.map_or("-".into(), |l| l.to_string()),
                f("ecosystem"),
                f("name"),
                f("version"),
                f("license")
            )
        })
        .collect();
    rows.join("\n")
}

#[test]
fn every_lockfile_and_sbom_kind_is_read_and_located() {
    let (_d, facts) = repo(&[
        (
            "package-lock.json",
            "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"\": {\"name\": \"demo\"},\n    \"node_modules/a\": {\"version\": \"1.0.0\", \"license\": \"MIT\"},\n    \"node_modules/b\": {\"version\": \"2.0.0\"},\n    \"node_modules/c\": {\"version\": \"3.0.0\"}\n  }\n}\n",
        ),
        ("node_modules/b/package.json", "{\"name\": \"b\", \"license\": \"ISC\"}"),
        (
            "Cargo.lock",
            "version = 4\n\n[[package]]\nname = \"demo\"\nversion = \"0.1.0\"\n\n[[package]]\nname = \"itoa\"\nversion = \"1.0.15\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n[[package]]\nname = \"ryu\"\nversion = \"1.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n",
        ),
        ("vendor/itoa/Cargo.toml", "[package]\nname = \"itoa\"\nlicense = \"MIT OR Apache-2.0\"\n"),
        ("py/poetry.lock", "[[package]]\nname = \"requests\"\nversion = \"2.32.0\"\n"),
        ("go.sum", "golang.org/x/text v0.3.0 h1:abc=\ngolang.org/x/text v0.3.0/go.mod h1:def=\n"),
        (
            "bom.json",
            "{\"bomFormat\": \"CycloneDX\", \"components\": [\n  {\"name\": \"left-pad\", \"version\": \"1.3.0\", \"purl\": \"pkg:npm/left-pad@1.3.0\", \"licenses\": [{\"license\": {\"id\": \"WTFPL\"}}]},\n  {\"name\": \"x\", \"licenses\": [{\"expression\": \"MIT OR GPL-2.0-only\"}]}\n]}\n",
        ),
        (
            "sbom.spdx.json",
            "{\"packages\": [\n  {\"name\": \"zlib\", \"versionInfo\": \"1.3\", \"licenseConcluded\": \"NOASSERTION\", \"licenseDeclared\": \"Zlib\"},\n  {\"name\": \"y\", \"licenseConcluded\": \"NOASSERTION\"}\n]}\n",
        ),
    ]);
    insta::assert_snapshot!(rows(&facts), @r"
    Cargo.lock:7 cargo itoa 1.0.15 license=MIT OR Apache-2.0
    Cargo.lock:12 cargo ryu 1.0.0 license=null
    bom.json:2 npm left-pad 1.3.0 license=WTFPL
    bom.json:3 unknown x  license=MIT OR GPL-2.0-only
    go.sum:1 go golang.org/x/text v0.3.0 license=null
    package-lock.json:5 npm a 1.0.0 license=MIT
    package-lock.json:6 npm b 2.0.0 license=ISC
    package-lock.json:7 npm c 3.0.0 license=null
    py/poetry.lock:1 pypi requests 2.32.0 license=null
    sbom.spdx.json:2 unknown zlib 1.3 license=Zlib
    sbom.spdx.json:3 unknown y  license=null
    ");
}

#[test]
fn a_malformed_lockfile_is_an_error_at_its_file() {
    let (_d, facts) = repo(&[("Cargo.lock", "[[package]\nname = ")]);
    let e = facts.fact(registry::fact("dependencies").unwrap(), &[]).unwrap_err();
    assert_eq!(e.code, "facts::bad_toml");
    assert_eq!(e.path.as_deref(), Some("Cargo.lock"));
}
