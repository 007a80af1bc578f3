//! `manifests()` and `project_license()` on a fixture repository with one manifest of each
//! kind: name, version, declared license (strict and suggested), and the line it is on.

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
    let facts = RepoFacts::new(Arc::new(target), RepoOptions::default());
    (dir, facts)
}

fn call(facts: &RepoFacts, name: &str) -> Value {
    facts.fact(registry::fact(name).unwrap(), &[]).unwrap()
}

/// (path, kind, name, version, license, `license_expr`, suggestion, line of the license)
fn rows(v: &Value) -> Vec<String> {
    let Value::List(items) = v else { panic!("{v}") };
    items
        .iter()
        .map(|m| {
            let Value::Record(r) = m else { panic!("{m}") };
            let f = |n: &str| r.field(n).unwrap().plain().to_string();
            let line = r.location().and_then(|l| l.line).map_or("-".into(), |l| l.to_string());
            format!(
                "{} {} name={} version={} license={} expr={} suggestion={} line={line}",
                f("path"),
                f("kind"),
                f("name"),
                f("version"),
                f("license"),
                f("license_expr"),
                f("license_suggestion")
            )
        })
        .collect()
}

#[test]
fn every_manifest_kind_is_read_and_located() {
    let (_d, facts) = repo(&[
        (
            "Cargo.toml",
            "[package]\nname = \"c\"\nversion.workspace = true\nlicense = \"MIT/Apache-2.0\"\n",
        ),
        (
            "package.json",
            "{\n  \"name\": \"n\",\n  \"version\": \"1.0.0\",\n  \"license\": \"Apache 2\"\n}\n",
        ),
        (
            "py/pyproject.toml",
            "[project]\nname = \"p\"\nversion = \"1.0\"\nlicense = {text = \"MIT\"}\n",
        ),
        ("py639/pyproject.toml", "[project]\nname = \"q\"\nlicense = \"MIT OR Apache-2.0\"\n"),
        ("poetry/pyproject.toml", "[tool.poetry]\nname = \"r\"\nlicense = \"BSD-3-Clause\"\n"),
        ("cfg/setup.cfg", "[metadata]\nname = s\nversion = 3\nlicense = BSD-3-Clause\n"),
        (
            "mvn/pom.xml",
            "<project>\n  <parent>\n    <artifactId>par</artifactId>\n  </parent>\n  <artifactId>app</artifactId>\n  <version>2.0</version>\n  <licenses>\n    <license>\n      <name>Apache License, Version 2.0</name>\n    </license>\n  </licenses>\n</project>\n",
        ),
        ("go/go.mod", "module example.com/x\n\ngo 1.22\n"),
        (
            "php/composer.json",
            "{\"name\": \"v/p\", \"license\": [\"MIT\", \"GPL-3.0-or-later\"]}\n",
        ),
        (
            "rb/g.gemspec",
            "Gem::Specification.new do |s|\n  s.name = \"g\"\n  s.version = \"0.1\"\n  s.licenses = [\"MIT\", \"Apache-2.0\"]\nend\n",
        ),
        ("node_modules/dep/package.json", "{\"name\": \"dep\", \"license\": \"GPL\"}\n"),
    ]);
    insta::assert_snapshot!(rows(&call(&facts, "manifests")).join("\n"), @r"
    Cargo.toml cargo name=c version=null license=MIT/Apache-2.0 expr=null suggestion=MIT OR Apache-2.0 line=4
    cfg/setup.cfg setup.cfg name=s version=3 license=BSD-3-Clause expr=BSD-3-Clause suggestion=null line=4
    go/go.mod go name=example.com/x version=null license=null expr=null suggestion=null line=-
    mvn/pom.xml maven name=app version=2.0 license=Apache License, Version 2.0 expr=null suggestion=Apache-2.0 line=9
    package.json npm name=n version=1.0.0 license=Apache 2 expr=null suggestion=Apache-2.0 line=4
    php/composer.json composer name=v/p version=null license=MIT OR GPL-3.0-or-later expr=MIT OR GPL-3.0-or-later suggestion=null line=1
    poetry/pyproject.toml pyproject name=r version=null license=BSD-3-Clause expr=BSD-3-Clause suggestion=null line=3
    py/pyproject.toml pyproject name=p version=1.0 license=MIT expr=MIT suggestion=null line=4
    py639/pyproject.toml pyproject name=q version=null license=MIT OR Apache-2.0 expr=MIT OR Apache-2.0 suggestion=null line=3
    rb/g.gemspec gemspec name=g version=0.1 license=MIT OR Apache-2.0 expr=MIT OR Apache-2.0 suggestion=null line=4
    ");
}

#[test]
fn project_license_prefers_a_valid_root_manifest_then_the_license_files() {
    let mit = "MIT License\n\nCopyright (c) 2024 Example\n\nPermission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the \"Software\"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions:\n\nThe above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software.\n\nTHE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.\n";
    let (_d, facts) = repo(&[("LICENSE", mit), ("package.json", "{\"license\": \"Apache 2\"}")]);
    assert_eq!(call(&facts, "project_license").to_string(), "MIT");
    let (_d, facts) =
        repo(&[("LICENSE", mit), ("Cargo.toml", "[package]\nlicense = \"MIT OR Apache-2.0\"\n")]);
    assert_eq!(call(&facts, "project_license").to_string(), "MIT OR Apache-2.0");
    let (_d, facts) = repo(&[("README.md", "hi")]);
    assert!(matches!(call(&facts, "project_license"), Value::Null));
}

#[test]
fn a_malformed_manifest_is_an_error_at_its_file() {
    let (_d, facts) = repo(&[("package.json", "{\"license\": ")]);
    let e = facts.fact(registry::fact("manifests").unwrap(), &[]).unwrap_err();
    assert_eq!(e.code, "facts::bad_json");
    assert_eq!(e.path.as_deref(), Some("package.json"));
}

#[test]
fn a_latin1_or_binary_license_file_is_read_lossily_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("COPYING"), b"Copyright \xa9 1999 J\xfcrgen\n\x00\x01\x02")
        .unwrap();
    std::fs::write(dir.path().join("LICENSE"), b"").unwrap();
    let target = Target::open(dir.path(), &TreeChoice::Auto).unwrap();
    let facts = RepoFacts::new(Arc::new(target), RepoOptions::default());
    let v =
        facts.fact(registry::fact("license_files").unwrap(), &[Value::Null, Value::Null]).unwrap();
    let Value::List(items) = v else { panic!("{v}") };
    assert_eq!(items.len(), 2);
    for f in items.iter() {
        let Value::Record(r) = f else { panic!("{f}") };
        let Value::Record(l) = r.field("license").unwrap() else { panic!() };
        assert_eq!(l.field("expr").unwrap().to_string(), "NOASSERTION");
    }
}
