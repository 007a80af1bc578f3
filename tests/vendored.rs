//! `vendored()` on fixture repositories: the unit of each ecosystem (a Go module of
//! `vendor/modules.txt`, not its host directory; a `cargo vendor` crate; a committed
//! `node_modules` package; a directory under a root), its license files and declared
//! license, where it points; and hostile inputs (malformed or escaping modules.txt, a
//! vendor symlink out of the repository, a huge modules.txt), each a clear error.

#![expect(clippy::unwrap_used, clippy::panic, reason = "test")]

use std::fmt::Write as _;
use std::sync::Arc;
use tenet::facts::FactSource;
use tenet::facts::registry;
use tenet::facts::repo::{RepoFacts, RepoOptions};
use tenet::model::{FactError, Value};
use tenet::repo::{Target, TreeChoice};

fn facts_of(dir: &std::path::Path, opts: RepoOptions) -> RepoFacts {
    let target = Target::open(dir, &TreeChoice::Auto).unwrap();
    RepoFacts::new(Arc::new(target), opts)
}

fn write(dir: &std::path::Path, files: &[(&str, &str)]) {
    for (p, s) in files {
        let path = dir.join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, s).unwrap();
    }
}

fn call(facts: &RepoFacts, roots: Value) -> Result<Value, FactError> {
    facts.fact(registry::fact("vendored").unwrap(), &[roots])
}

/// One line per unit: where it points, and its fields
fn rows(v: &Value) -> String {
    let Value::List(items) = v else { panic!("{v}") };
    let rows: Vec<String> = items
        .iter()
        .map(|u| {
            let Value::Record(r) = u else { panic!("{u}") };
            let f = |n: &str| r.field(n).unwrap().to_string();
            let at = r.location().unwrap();
            format!(
                "{}:{} {} {} {} {} declared={} has_license={} {}",
                at.path,
                at.line.map_or("-".into(), |l| l.to_string()),
                f("path"),
                f("ecosystem"),
                f("name"),
                f("version"),
                f("declared"),
                f("has_license"),
                f("license_paths"),
            )
        })
        .collect();
    rows.join("\n")
}

fn units(files: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), files);
    rows(&call(&facts_of(dir.path(), RepoOptions::default()), Value::Null).unwrap())
}

fn error(dir: &std::path::Path, opts: RepoOptions) -> FactError {
    match call(&facts_of(dir, opts), Value::Null) {
        Err(e) => e,
        Ok(v) => panic!("no error: {}", rows(&v)),
    }
}

#[test]
fn each_ecosystem_has_its_own_unit() {
    insta::assert_snapshot!(units(&[
        (
            "vendor/modules.txt",
            "# github.com/org/repo v1.2.3\n## explicit\ngithub.com/org/repo\n\
             # github.com/org/repo/v2 v2.0.0\ngithub.com/org/repo/v2\n\
             # golang.org/x/net v0.1.0 => ./net\ngolang.org/x/net/html\n\
             # example.com/unused v1.0.0\n## explicit\n",
        ),
        ("vendor/github.com/org/repo/LICENSE", "MIT License\n"),
        ("vendor/github.com/org/repo/repo.go", "package repo\n"),
        // A nested module: its files, and no license, are its own
        ("vendor/github.com/org/repo/v2/repo.go", "package repo\n"),
        ("vendor/golang.org/x/net/html/h.go", "package html\n"),
        ("vendor/golang.org/x/net/LICENSE", ""),
        ("rust/vendor/itoa/Cargo.toml", "[package]\nname = \"itoa\"\nversion = \"1.0.15\"\nlicense = \"MIT OR Apache-2.0\"\n"),
        ("rust/vendor/itoa/.cargo-checksum.json", "{}"),
        ("rust/vendor/itoa/LICENSE-MIT", "MIT\n"),
        ("rust/vendor/itoa/LICENSE-APACHE", "Apache\n"),
        ("action/node_modules/@actions/core/package.json", "{\"name\": \"@actions/core\", \"version\": \"1.10.0\", \"license\": \"MIT\"}"),
        ("action/node_modules/@actions/core/LICENSE.md", "MIT\n"),
        ("action/node_modules/left-pad/package.json", "{\"name\": \"left-pad\",\n \"license\": \"WTFPL\"}"),
        ("third_party/zlib/zlib.h", "/* zlib */\n"),
        ("third_party/zlib/LICENSES/Zlib.txt", "zlib\n"),
        ("third_party/zlib/contrib/LICENSE", "not the unit's top\n"),
        ("third_party/README.md", "a file directly under a root is no unit\n"),
        ("src/third-party/fmt/pyproject.toml", "[project]\nname = \"fmt\"\nversion = \"1\"\nlicense = \"MIT\"\n"),
        ("external/broken/package.json", "{ not json"),
    ]), @r#"
    action/node_modules/@actions/core/package.json:1 action/node_modules/@actions/core npm @actions/core 1.10.0 declared=MIT has_license=true ["action/node_modules/@actions/core/LICENSE.md"]
    action/node_modules/left-pad/package.json:2 action/node_modules/left-pad npm left-pad null declared=WTFPL has_license=false []
    external/broken:- external/broken generic broken null declared=null has_license=false []
    rust/vendor/itoa/Cargo.toml:4 rust/vendor/itoa cargo itoa 1.0.15 declared=MIT OR Apache-2.0 has_license=true ["rust/vendor/itoa/LICENSE-APACHE", "rust/vendor/itoa/LICENSE-MIT"]
    src/third-party/fmt/pyproject.toml:4 src/third-party/fmt pyproject fmt 1 declared=MIT has_license=false []
    third_party/zlib:- third_party/zlib generic zlib null declared=null has_license=true ["third_party/zlib/LICENSES/Zlib.txt"]
    vendor/modules.txt:1 vendor/github.com/org/repo go github.com/org/repo v1.2.3 declared=null has_license=true ["vendor/github.com/org/repo/LICENSE"]
    vendor/modules.txt:4 vendor/github.com/org/repo/v2 go github.com/org/repo/v2 v2.0.0 declared=null has_license=false []
    vendor/modules.txt:6 vendor/golang.org/x/net go golang.org/x/net v0.1.0 declared=null has_license=false []
    "#);
}

#[test]
fn a_gopath_vendor_tree_is_not_cut_at_its_hosts() {
    // No modules.txt: `vendor/github.com` is a host, never a unit; plain children still are
    insta::assert_snapshot!(units(&[
        ("vendor/github.com/org/repo/repo.go", "package repo\n"),
        ("vendor/gopkg.in/yaml.v2/yaml.go", "package yaml\n"),
        ("vendor/zlib-1.3/zlib.h", "/* zlib */\n"),
        // A root inside a root is no unit: its children are
        ("third_party/vendor/x/x.c", "int x;\n"),
    ]), @r"
    third_party/vendor/x:- third_party/vendor/x generic x null declared=null has_license=false []
    vendor/zlib-1.3:- vendor/zlib-1.3 generic zlib-1.3 null declared=null has_license=false []
    ");
}

#[test]
fn roots_are_a_parameter() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &[("deps/a/a.c", ""), ("third_party/b/b.c", "")]);
    let facts = facts_of(dir.path(), RepoOptions::default());
    let v = call(&facts, Value::list([Value::str("deps")])).unwrap();
    insta::assert_snapshot!(rows(&v), @"deps/a:- deps/a generic a null declared=null has_license=false []");
    let e = call(&facts, Value::list([Value::str("deps/[")])).unwrap_err();
    assert_eq!(e.code.as_str(), "eval::bad_glob", "{}", e.message);
}

#[test]
fn a_malformed_modules_txt_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            ("vendor/modules.txt", "# github.com/a/b v1.0.0\ngithub.com/a/b\n#\n"),
            ("vendor/github.com/a/b/b.go", "package b\n"),
        ],
    );
    let e = error(dir.path(), RepoOptions::default());
    assert_eq!(
        (e.code.as_str(), e.path.as_deref(), e.line),
        ("facts::vendor_list", Some("vendor/modules.txt"), Some(3))
    );
    insta::assert_snapshot!(e.message, @"`vendor/modules.txt` is not a Go vendor list: line 3: a `#` module line without a module path");
}

#[test]
fn a_module_path_that_leaves_vendor_is_an_error() {
    for (module, says) in [
        ("../../etc", "`.` or `..` element"),
        ("github.com/a/../../../../tmp", "`.` or `..` element"),
        ("/etc", "absolute"),
        ("..\\..\\etc", "`\\`"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &[("vendor/modules.txt", &format!("# {module} v1.0.0\n{module}\n"))]);
        let e = error(dir.path(), RepoOptions::default());
        assert_eq!(e.code.as_str(), "facts::vendor_list", "{module}");
        assert_eq!(e.line, Some(1), "{module}");
        assert!(e.message.contains(says), "{module}: {}", e.message);
    }
}

#[cfg(unix)]
#[test]
fn a_vendor_symlink_out_of_the_repository_is_an_error() {
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        &[("modules.txt", "# github.com/a/b v1.0.0\n"), ("github.com/a/b/b.go", "package b\n")],
    );
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &[("go.mod", "module x\n"), ("third_party/ok/LICENSE", "MIT\n")]);
    std::os::unix::fs::symlink(outside.path(), dir.path().join("vendor")).unwrap();
    let e = error(dir.path(), RepoOptions::default());
    assert_eq!(
        (e.code.as_str(), e.path.as_deref()),
        ("facts::symlink_escape", Some("vendor")),
        "{}",
        e.message
    );
    assert!(
        e.message.starts_with("`vendor` is a symlink where vendored code is expected"),
        "{}",
        e.message
    );

    // A unit that is a symlink out of the repository, likewise
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &[("third_party/ok/LICENSE", "MIT\n")]);
    std::os::unix::fs::symlink(outside.path(), dir.path().join("third_party/lib")).unwrap();
    let e = error(dir.path(), RepoOptions::default());
    assert_eq!(e.path.as_deref(), Some("third_party/lib"), "{}", e.message);
}

#[test]
fn a_huge_modules_txt_is_read_or_refused_cleanly() {
    // 100,000 modules (4.5 MB), a few vendored: read in one pass, no unit made up
    let mut text = String::new();
    for i in 0..100_000 {
        writeln!(text, "# example.com/org{i}/module v1.0.{i}\n## explicit").unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            ("vendor/modules.txt", &text),
            ("vendor/example.com/org7/module/m.go", "package m\n"),
            ("vendor/example.com/org99999/module/LICENSE", "MIT\n"),
        ],
    );
    let v = call(&facts_of(dir.path(), RepoOptions::default()), Value::Null).unwrap();
    insta::assert_snapshot!(rows(&v), @r#"
    vendor/modules.txt:15 vendor/example.com/org7/module go example.com/org7/module v1.0.7 declared=null has_license=false []
    vendor/modules.txt:199999 vendor/example.com/org99999/module go example.com/org99999/module v1.0.99999 declared=null has_license=true ["vendor/example.com/org99999/module/LICENSE"]
    "#);
    // Over the size cap: the file is refused with the cap's error, not read
    let small = RepoOptions { max_file_size: 1 << 20, ..RepoOptions::default() };
    let e = error(dir.path(), small);
    assert_eq!(
        (e.code.as_str(), e.path.as_deref()),
        ("facts::too_large", Some("vendor/modules.txt")),
        "{}",
        e.message
    );
}

#[test]
fn a_modules_txt_that_is_not_text_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("vendor/github.com/a/b")).unwrap();
    std::fs::write(root.join("vendor/modules.txt"), b"# github.com/a/b v1\xff\xfe\n").unwrap();
    std::fs::write(root.join("vendor/github.com/a/b/b.go"), "package b\n").unwrap();
    let e = error(root, RepoOptions::default());
    assert_eq!(e.code.as_str(), "facts::not_utf8", "{}", e.message);
}

#[test]
fn a_license_file_the_manifest_names_counts_inside_the_unit_only() {
    insta::assert_snapshot!(units(&[
        ("LICENSE", "MIT\n"),
        ("vendor/a/Cargo.toml", "[package]\nname = \"a\"\nlicense-file = \"COPYRIGHT\"\n"),
        ("vendor/a/COPYRIGHT", "All rights reserved.\n"),
        ("vendor/a/.cargo-checksum.json", "{}"),
        ("vendor/b/Cargo.toml", "[package]\nname = \"b\"\nlicense-file = \"../../LICENSE\"\n"),
        ("vendor/b/.cargo-checksum.json", "{}"),
        ("third_party/c/pyproject.toml", "[project]\nname = \"c\"\nlicense = { file = \"docs/terms.txt\" }\n"),
        ("third_party/c/docs/terms.txt", "terms\n"),
    ]), @r#"
    third_party/c/pyproject.toml:2 third_party/c pyproject c null declared=null has_license=true ["third_party/c/docs/terms.txt"]
    vendor/a/Cargo.toml:2 vendor/a cargo a null declared=null has_license=true ["vendor/a/COPYRIGHT"]
    vendor/b/Cargo.toml:2 vendor/b cargo b null declared=null has_license=false []
    "#);
}
