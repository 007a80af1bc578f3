//! Pre-commit mode: `check --staged` reads the index (gix) and restricts rules that iterate
//! `files(…)` to the staged files; `--files` names them; repository-level rules still run
//! unless `--only-files`.

#![expect(clippy::unwrap_used, reason = "tests")]

mod common;

use common::{git_as_author as git, repo, tenet};
use std::path::Path;

const POLICY: &str = r#"tenet 1

rule code/todo {
  for f in files("**/*.rs")
  for m in f.find(/TODO/)
  forbid true
  message "TODO in `{f.path}`"
}

rule docs/readme {
  require exists("README*")
  message "no README"
}
"#;

/// Committed: a.rs (clean), b.rs (TODO); then a.rs gets a TODO and is staged, c.rs (TODO)
/// is created but not staged
fn fixture() -> tempfile::TempDir {
    let dir = repo(&[
        (".tenet/policy.tenet", POLICY),
        ("a.rs", "fn a() {}\n"),
        ("b.rs", "fn b() {} // TODO\n"),
    ]);
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "initial"]);
    std::fs::write(dir.path().join("a.rs"), "fn a() {} // TODO\n").unwrap();
    git(dir.path(), &["add", "a.rs"]);
    std::fs::write(dir.path().join("c.rs"), "// TODO\n").unwrap();
    dir
}

/// (rule, outcome, violation paths)
type Row = (String, String, Vec<String>);

/// The exit code and a row per outcome
#[expect(clippy::indexing_slicing, reason = "test helper: a missing field should fail the test")]
fn check(dir: &Path, args: &[&str]) -> (Option<i32>, Vec<Row>) {
    let out =
        tenet().current_dir(dir).args(["check", "--format", "json"]).args(args).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| serde_json::json!({ "stderr": String::from_utf8_lossy(&out.stderr) }));
    let outcomes = v["repositories"][0]["outcomes"].as_array().cloned().unwrap_or_default();
    let rows = outcomes
        .iter()
        .map(|o| {
            let paths = o["violations"]
                .as_array()
                .map(|vs| vs.iter().filter_map(|v| v["path"].as_str().map(String::from)).collect())
                .unwrap_or_default();
            (
                o["rule"].as_str().unwrap().to_string(),
                o["outcome"].as_str().unwrap().to_string(),
                paths,
            )
        })
        .collect();
    (out.status.code(), rows)
}

fn row(rule: &str, outcome: &str, paths: &[&str]) -> Row {
    (rule.to_string(), outcome.to_string(), paths.iter().map(|p| (*p).to_string()).collect())
}

#[test]
fn staged_files_only_for_per_file_rules() {
    let dir = fixture();
    let (code, rows) = check(dir.path(), &["--staged"]);
    assert_eq!(code, Some(1));
    assert_eq!(rows, [row("code/todo", "fail", &["a.rs"]), row("docs/readme", "fail", &[])]);
    let (_, rows) = check(dir.path(), &["--staged", "--only-files"]);
    assert_eq!(rows, [row("code/todo", "fail", &["a.rs"]), row("docs/readme", "skipped", &[])]);
}

#[test]
fn named_files_and_nothing_staged() {
    let dir = fixture();
    let (_, rows) = check(dir.path(), &["--files", "./b.rs", "c.rs"]);
    assert_eq!(rows[0], row("code/todo", "fail", &["b.rs", "c.rs"]));
    let (_, rows) = check(dir.path(), &["--files", "missing.rs", "--only-files"]);
    assert_eq!(rows[0], row("code/todo", "pass", &[]));
    git(dir.path(), &["commit", "-q", "-m", "second"]);
    let (code, rows) = check(dir.path(), &["--staged", "--only-files"]);
    assert_eq!(code, Some(0));
    assert_eq!(rows[0], row("code/todo", "pass", &[]));
}

#[test]
fn misuse_is_a_clear_error() {
    let dir = fixture();
    let out = tenet().current_dir(dir.path()).args(["check", "--only-files"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs `--staged` or `--files`"));
    let plain = repo(&[("a.rs", "// TODO\n")]);
    let out = tenet().current_dir(plain.path()).args(["check", "--staged"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("no index"), "{out:?}");
}
