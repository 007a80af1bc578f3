//! File facts and the operators that meet their values, end to end against repositories
//! built at test time: `files`/`exists` patterns (no pattern, an empty list, literal paths,
//! globs, brace alternatives), `./` paths, directory symlinks, an unreadable
//! `.gitattributes`, null document values in `matches`/`satisfies`/`in`/`contains`, and
//! duration overflow.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

mod common;

use common::{repo, tenet};
use std::collections::BTreeMap;
use std::sync::Arc;
use tenet::facts::FactSource;
use tenet::facts::repo::{RepoFacts, RepoOptions};
use tenet::model::Value;
use tenet::repo::{Target, TreeChoice};

/// Run `policy` on the repository at `dir`; the outcomes by rule id, and the exit code
fn check(dir: &std::path::Path, policy: &str) -> (BTreeMap<String, serde_json::Value>, i32) {
    let pol = repo(&[("p.tenet", policy)]);
    let out = tenet()
        .args(["check", "--format", "json", "-p"])
        .arg(pol.path().join("p.tenet"))
        .arg(dir)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let outcomes = v["repositories"][0]["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["rule"].as_str().unwrap().to_string(), o.clone()))
        .collect();
    (outcomes, out.status.code().unwrap_or(-1))
}

fn outcome(outcomes: &BTreeMap<String, serde_json::Value>, rule: &str) -> String {
    outcomes.get(rule).unwrap_or_else(|| panic!("no outcome for {rule}: {outcomes:?}"))["outcome"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The error of a rule that ended in `error`: code and message
fn error(outcomes: &BTreeMap<String, serde_json::Value>, rule: &str) -> (String, String) {
    let o = &outcomes[rule];
    assert_eq!(o["outcome"], "error", "{rule}: {o}");
    (o["error"]["code"].as_str().unwrap().into(), o["error"]["message"].as_str().unwrap().into())
}

/// A fact by name, from the registry
fn fact(name: &str) -> &'static tenet::facts::Fact {
    tenet::facts::registry::fact(name).unwrap()
}

fn facts(dir: &std::path::Path) -> RepoFacts {
    RepoFacts::new(Arc::new(Target::open(dir, &TreeChoice::Auto).unwrap()), RepoOptions::default())
}

fn list(items: Vec<Value>) -> Value {
    Value::List(Arc::from(items))
}

fn paths(v: &Value) -> Vec<String> {
    let Value::List(items) = v else { panic!("not a list: {v}") };
    items.iter().map(ToString::to_string).collect()
}

const FILES: &[(&str, &str)] = &[
    ("README.md", "# demo\n"),
    ("package.json", "{\"name\": \"demo\", \"license\": \"MIT\", \"globs\": [\"*.md\", 3]}\n"),
    ("conf.yml", "name: demo\n"),
    ("Cargo.toml", "[package]\nname = \"demo\"\n"),
    ("src/main.rs", "fn main() {}\n"),
    ("src/lib.rs", "\n"),
    ("docs/SECURITY.md", "x\n"),
];

// ---------------------------------------------------------------------------------------
// files / exists patterns
// ---------------------------------------------------------------------------------------

#[test]
fn an_empty_pattern_list_matches_no_file_and_no_pattern_matches_every_file() {
    let dir = repo(FILES);
    let f = facts(dir.path());
    let all = f.fact(fact("files"), &[]).unwrap();
    assert_eq!(paths(&all).len(), FILES.len());
    // `files()`: the variadic arrives as an empty list — no pattern argument at all
    assert_eq!(paths(&f.fact(fact("files"), &[list(vec![]), Value::Null]).unwrap()), paths(&all));
    assert_eq!(f.fact(fact("exists"), &[list(vec![]), Value::Null]).unwrap().to_string(), "true");
    // `files(empty)` with `let empty = []`: one empty list spliced in — no pattern
    let spliced_empty = list(vec![list(vec![])]);
    assert_eq!(
        paths(&f.fact(fact("files"), &[spliced_empty.clone(), Value::Null]).unwrap()).len(),
        0
    );
    assert_eq!(f.fact(fact("exists"), &[spliced_empty, Value::Null]).unwrap().to_string(), "false");
}

#[test]
fn empty_lists_through_the_language() {
    let dir = repo(FILES);
    let policy = r#"tenet 1
let empty = []
rule t/files-empty {
  for f in files(empty)
  require false
}
rule t/exists-empty {
  forbid exists(empty)
}
rule t/files-none {
  require len(files()) == 7
}
rule t/exists-none {
  require exists()
}
rule t/spliced {
  require len(files(empty, ["README.md"], "src/*.rs")) == 3
}
"#;
    let (o, _) = check(dir.path(), policy);
    for rule in ["t/files-empty", "t/exists-empty", "t/files-none", "t/exists-none", "t/spliced"] {
        assert_eq!(outcome(&o, rule), "pass", "{rule}: {:?}", o[rule]);
    }
}

#[test]
fn non_string_patterns_are_type_errors() {
    let dir = repo(FILES);
    let policy = r#"tenet 1
rule t/int-pattern {
  require len(files(json("package.json").globs)) > 0
}
rule t/null-pattern {
  require exists(json("package.json").misspelt)
}
"#;
    let (o, exit) = check(dir.path(), policy);
    assert_eq!(exit, 2);
    let (code, message) = error(&o, "t/int-pattern");
    assert_eq!(code, "eval::type_error");
    assert!(message.contains("must be strings, found `int`"), "{message}");
    let (code, message) = error(&o, "t/null-pattern");
    assert_eq!(code, "eval::type_error");
    assert!(message.contains("found `null`"), "{message}");
    // Directly: a non-string among spliced patterns
    let f = facts(dir.path());
    let e = f.fact(fact("files"), &[list(vec![list(vec![Value::str("*.md"), Value::Int(3)])])]);
    assert_eq!(e.err().map(|e| e.code.as_str()), Some("eval::type_error"));
}

#[test]
fn literal_paths_and_globs_agree() {
    let dir = repo(FILES);
    let f = facts(dir.path());
    let files = |patterns: &[&str], nocase: bool| {
        let ps = patterns.iter().map(|p| Value::str(*p)).collect();
        paths(&f.fact(fact("files"), &[list(ps), Value::Bool(nocase)]).unwrap())
    };
    // Literal paths: exact, `./` ignored, sorted and without duplicates, in tree order
    assert_eq!(files(&["src/main.rs"], false), ["src/main.rs"]);
    assert_eq!(files(&["./src/main.rs"], false), ["src/main.rs"]);
    assert_eq!(
        files(&["src/main.rs", "README.md", "src/main.rs"], false),
        ["README.md", "src/main.rs"]
    );
    assert!(files(&["src/missing.rs", "src", "src/"], false).is_empty());
    assert!(files(&["readme.md"], false).is_empty());
    assert_eq!(files(&["readme.md"], true), ["README.md"]);
    // Globs, alone and mixed with literal paths
    assert_eq!(files(&["src/*.rs"], false), ["src/lib.rs", "src/main.rs"]);
    assert_eq!(files(&["README.md", "src/m*.rs"], false), ["README.md", "src/main.rs"]);
    assert_eq!(
        files(&["{docs/,}SECURITY.md", "*.{toml,yml}"], false),
        ["Cargo.toml", "conf.yml", "docs/SECURITY.md"]
    );
    let exists = |p: &str| {
        f.fact(fact("exists"), &[list(vec![Value::str(p)]), Value::Null]).unwrap().to_string()
    };
    assert_eq!(exists("README.md"), "true");
    assert_eq!(exists("./docs/SECURITY.md"), "true");
    assert_eq!(exists("SECURITY.md"), "false");
    assert_eq!(exists("**/SECURITY.md"), "true");
}

#[test]
fn brace_alternatives_are_capped_and_cheap() {
    let dir = repo(&[("abababababababababab", "x\n"), ("README.md", "x\n")]);
    // Twenty groups without an empty alternative are globset's own: no expansion at all
    let many = "{a,b}".repeat(20);
    let nine = "{a,}".repeat(9);
    let policy = format!(
        "tenet 1\nrule t/many {{\n  require exists(\"{many}\")\n}}\n\
         rule t/glob-op {{\n  require \"abababababababababab\" matches \"{many}\"\n}}\n\
         let nine = \"{{a,}}\" + \"{}\"\n\
         rule t/too-many {{\n  require exists(nine)\n}}\n\
         rule t/too-many-op {{\n  require \"a\" matches nine\n}}\n",
        "{a,}".repeat(8)
    );
    let (o, _) = check(dir.path(), &policy);
    assert_eq!(outcome(&o, "t/many"), "pass", "{o:?}");
    assert_eq!(outcome(&o, "t/glob-op"), "pass", "{o:?}");
    for rule in ["t/too-many", "t/too-many-op"] {
        let (c, m) = error(&o, rule);
        assert_eq!(c, "eval::bad_glob", "{rule}");
        assert!(m.contains("too many alternatives"), "{rule}: {m}");
    }
    // Written as a literal, the checker refuses it before anything runs
    let policy = format!("tenet 1\nrule t/x {{\n  require exists(\"{nine}\")\n}}\n");
    let pol = repo(&[("p.tenet", &policy)]);
    let out = tenet().args(["lint"]).arg(pol.path().join("p.tenet")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text =
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("check::bad_glob") && text.contains("too many alternatives"), "{text}");
}

// ---------------------------------------------------------------------------------------
// Paths, symlinks, .gitattributes
// ---------------------------------------------------------------------------------------

#[test]
fn documents_take_the_same_paths_as_file() {
    let dir = repo(FILES);
    let policy = r#"tenet 1
rule t/file-dot {
  require file("./package.json") != null
}
rule t/json-dot {
  require json("./package.json").name == "demo"
}
rule t/yaml-dot {
  require yaml("./conf.yml").name == "demo"
}
rule t/toml-dot {
  require toml("./Cargo.toml").package.name == "demo"
}
rule t/nested-dot {
  require file("./src/main.rs") != null and exists("./src/main.rs")
}
rule t/absent {
  require json("./nope.json") == null and file("nope") == null and json("src") == null
}
"#;
    let (o, _) = check(dir.path(), policy);
    for rule in ["t/file-dot", "t/json-dot", "t/yaml-dot", "t/toml-dot", "t/nested-dot", "t/absent"]
    {
        assert_eq!(outcome(&o, rule), "pass", "{rule}: {:?}", o[rule]);
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_directory_of_the_repository_is_not_a_file() {
    let dir = repo(&[("docs/v2/index.md", "# v2\n"), ("README.md", "x\n")]);
    std::os::unix::fs::symlink("v2", dir.path().join("docs/latest")).unwrap();
    std::os::unix::fs::symlink("README.md", dir.path().join("README.link")).unwrap();
    let f = facts(dir.path());
    assert_eq!(
        paths(&f.fact(fact("files"), &[]).unwrap()),
        ["README.link", "README.md", "docs/v2/index.md"],
        "the directory link is left out, the file link stays"
    );
    assert!(f.problems().is_empty(), "{:?}", f.problems());
    let policy = r#"tenet 1
rule t/read-all {
  for f in files()
  require len(f.text) > 0
}
rule t/no-latest {
  forbid exists("docs/latest") or exists("docs/latest/**")
}
"#;
    let (o, code) = check(dir.path(), policy);
    assert_eq!(outcome(&o, "t/read-all"), "pass", "{:?}", o["t/read-all"]);
    assert_eq!(outcome(&o, "t/no-latest"), "pass", "{:?}", o["t/no-latest"]);
    assert_eq!(code, 0);
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_directory_outside_is_still_reported() {
    let dir = repo(&[("README.md", "x\n")]);
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("out")).unwrap();
    let f = facts(dir.path());
    assert!(f.problems().iter().any(|p| p.code == "facts::symlink_escape"), "{:?}", f.problems());
}

#[test]
fn an_unreadable_gitattributes_makes_languages_an_error() {
    let dir = repo(&[("main.rs", "fn main() {}\n"), ("gen/a.py", "x\n")]);
    std::fs::write(dir.path().join(".gitattributes"), b"gen/** linguist-generated\n\xff\n")
        .unwrap();
    let policy = r#"tenet 1
rule t/no-python {
  forbid languages().has("python")
}
"#;
    let (o, code) = check(dir.path(), policy);
    assert_eq!(code, 2);
    assert_eq!(error(&o, "t/no-python").0, "facts::not_utf8");
    assert_eq!(o["t/no-python"]["error"]["path"], ".gitattributes");
    // A readable one still applies
    std::fs::write(dir.path().join(".gitattributes"), "gen/** linguist-generated\n").unwrap();
    let (o, code) = check(dir.path(), policy);
    assert_eq!(outcome(&o, "t/no-python"), "pass", "{o:?}");
    assert_eq!(code, 0);
}

// ---------------------------------------------------------------------------------------
// Null document values meeting operators
// ---------------------------------------------------------------------------------------

#[test]
fn a_null_document_value_is_an_error_where_a_value_is_needed() {
    let dir = repo(FILES);
    let policy = r#"tenet 1
let pkg = json("package.json")
rule t/matches {
  forbid json("package.json").licnese matches /GPL/
}
rule t/matches-glob {
  forbid json("package.json").licnese matches "GPL*"
}
rule t/satisfies {
  require json("package.json").licnese satisfies ["MIT"]
}
rule t/in-null-collection {
  require "MIT" in json("package.json").licenses
}
rule t/contains-null-collection {
  require json("package.json").licenses contains "MIT"
}
rule t/null-in-string {
  require json("package.json").licnese in "MIT OR ISC"
}
rule t/string-contains-null {
  require "MIT OR ISC" contains json("package.json").licnese
}
rule t/null-in-list {
  require json("package.json").licnese in ["MIT", null] and not (json("package.json").licnese in ["MIT"])
}
rule t/list-contains-null {
  require [null] contains json("package.json").licnese
}
rule t/spelt-right {
  require json("package.json").license matches /MIT/ and json("package.json").license satisfies ["MIT"]
}
"#;
    let (o, code) = check(dir.path(), policy);
    assert_eq!(code, 2);
    for (rule, message) in [
        ("t/matches", "the left side of `matches` is null"),
        ("t/matches-glob", "the left side of `matches` is null"),
        ("t/satisfies", "the left side of `satisfies` is null"),
        ("t/in-null-collection", "the right side of `in` is null"),
        ("t/contains-null-collection", "the left side of `contains` is null"),
        ("t/null-in-string", "the left side of `in` is null"),
        ("t/string-contains-null", "the right side of `contains` is null"),
    ] {
        assert_eq!(error(&o, rule), ("eval::type_error".to_string(), message.to_string()));
    }
    for rule in ["t/null-in-list", "t/list-contains-null", "t/spelt-right"] {
        assert_eq!(outcome(&o, rule), "pass", "{rule}: {:?}", o[rule]);
    }
}

// ---------------------------------------------------------------------------------------
// Duration overflow
// ---------------------------------------------------------------------------------------

#[test]
fn negating_the_smallest_duration_overflows() {
    let dir = repo(&[("README.md", "x\n")]);
    let policy = r"tenet 1
let smallest = (-9223372036854775807s) - 1s
rule t/neg {
  require -smallest > 0s
}
rule t/date-minus {
  require 2027-01-01 - smallest > 2027-01-01
}
rule t/fine {
  require -(-90d) == 90d and 2027-01-11 - 10d == 2027-01-01
}
";
    let (o, _) = check(dir.path(), policy);
    assert_eq!(error(&o, "t/neg").0, "eval::overflow");
    assert_eq!(error(&o, "t/date-minus").0, "eval::overflow");
    assert_eq!(outcome(&o, "t/fine"), "pass", "{:?}", o["t/fine"]);
}

#[test]
fn records_compare_by_what_they_describe() {
    // See: issue 8 — two matches with the same text on the same line of different files
    // compared equal because their display strings did.
    let dir = repo(&[("a.txt", "TODO one\n"), ("b.txt", "TODO two\n")]);
    let policy = "tenet 1\n\
        rule t/distinct {\n  for a in files(\"a.txt\")\n  for b in files(\"b.txt\")\n  \
        require a.find(/TODO/)[0] != b.find(/TODO/)[0]\n}\n\
        rule t/itself {\n  for a in files(\"a.txt\")\n  require a.find(/TODO/)[0] == a.find(/TODO/)[0]\n}\n";
    let (outcomes, _) = check(dir.path(), policy);
    assert_eq!(outcome(&outcomes, "t/distinct"), "pass");
    assert_eq!(outcome(&outcomes, "t/itself"), "pass");
}

#[test]
fn languages_leave_out_linguist_documentation_and_vendored_paths() {
    // See: issue 8 — a `.js` file under `doc/` made a C++ library a JavaScript project.
    let dir = repo(&[
        ("src/lib.cpp", "int f() { return 1; }\n"),
        ("doc/search.js", "var x = 1;\n"),
        ("third_party/z/z.py", "x = 1\n"),
        ("examples/demo.rb", "puts 1\n"),
    ]);
    let policy = "tenet 1\n\
        rule t/cpp {\n  require languages().has(\"c++\")\n}\n\
        rule t/no-js {\n  require not languages().has(\"javascript\")\n}\n\
        rule t/no-python {\n  require not languages().has(\"python\")\n}\n\
        rule t/no-ruby {\n  require not languages().has(\"ruby\")\n}\n";
    let (outcomes, code) = check(dir.path(), policy);
    for rule in ["t/cpp", "t/no-js", "t/no-python", "t/no-ruby"] {
        assert_eq!(outcome(&outcomes, rule), "pass", "{rule}");
    }
    assert_eq!(code, 0);
}

#[cfg(unix)]
#[test]
fn a_license_that_cannot_be_read_is_no_license() {
    // See: issue 8 — `hygiene/missing-license` passed when LICENSE was a dangling symlink
    // or one that points outside the repository.
    use std::os::unix::fs::symlink;
    let outside = repo(&[("MIT.txt", "MIT License\n")]);
    for target in [outside.path().join("MIT.txt"), "no-such-file".into()] {
        let dir = repo(&[("README.md", "# x\n")]);
        symlink(&target, dir.path().join("LICENSE")).unwrap();
        let out = tenet()
            .args(["check", "--format", "json", "--policy", "std/hygiene"])
            .arg(dir.path())
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let o = v["repositories"][0]["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["rule"] == "hygiene/missing-license")
            .unwrap()
            .clone();
        assert_eq!(o["outcome"], "fail", "{}: {o}", target.display());
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_repository_hides_no_finding_of_the_other_files() {
    // See: issue 8 — one escaping symlink made every rule that read files end as `error`
    // with no violations.
    use std::os::unix::fs::symlink;
    let outside = repo(&[("secret.txt", "TODO outside\n")]);
    let dir = repo(&[("a.txt", "TODO here\n"), ("b.txt", "fine\n")]);
    symlink(outside.path().join("secret.txt"), dir.path().join("evil.txt")).unwrap();
    let policy = "tenet 1\nrule t/todo {\n  for f in files(\"*.txt\")\n  for m in f.find(/TODO/)\n  forbid true\n}\n";
    let (outcomes, code) = check(dir.path(), policy);
    let o = &outcomes["t/todo"];
    assert_eq!(o["outcome"], "error", "{o}");
    assert_eq!(o["error"]["code"], "facts::symlink_escape", "{o}");
    let paths: Vec<&str> =
        o["violations"].as_array().unwrap().iter().map(|v| v["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["a.txt"]);
    assert_eq!(code, 2);
}

#[test]
fn a_let_is_evaluated_once_per_repository_not_per_iteration() {
    // See: issue 9 — a let of all file paths read inside `for f in files()` was
    // recomputed for every file and ran out of fuel.
    let files: Vec<(String, String)> =
        (0..300).map(|i| (format!("src/f{i}.txt"), "x\n".to_string())).collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, c)| (p.as_str(), c.as_str())).collect();
    let dir = repo(&refs);
    let pol = repo(&[(
        "p.tenet",
        "tenet 1\nlet paths = [g.path for g in files()]\n\
         rule t/listed {\n  for f in files()\n  require f.path in paths\n}\n\
         rule t/also {\n  for f in files(\"src/*\")\n  require len(paths) == 300\n}\n",
    )]);
    let out = tenet()
        .args(["check", "--format", "json", "--fuel", "60000", "-p"])
        .arg(pol.path().join("p.tenet"))
        .arg(dir.path())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for o in v["repositories"][0]["outcomes"].as_array().unwrap() {
        assert_eq!(o["outcome"], "pass", "{o}");
    }
}
