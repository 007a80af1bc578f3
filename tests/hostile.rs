//! Hostile repositories, built at test time: a symlink out of the repository, a symlink
//! loop, a non-UTF-8 file and an oversized file. Each ends in a diagnostic; nothing panics,
//! nothing outside the repository is read, and the rest of the run goes on.

mod common;

use common::{repo, tenet};
use std::fmt::Write as _;

const POLICY: &str = r#"tenet 1

rule files/secret-word {
  for f in files("**/*.txt")
  forbid f.text contains "secret"
  message "`{f.path}` mentions a secret"
}

rule files/readme-missing {
  require exists("README.md")
}

rule files/escape-text {
  for f in files("escape")
  require f.text == ""
}
"#;

#[cfg(unix)]
#[expect(clippy::unwrap_used, reason = "test fixture: a failure should fail the test")]
fn hostile() -> tempfile::TempDir {
    let dir = repo(&[(".tenet/p.tenet", POLICY), ("README.md", "# hi\n"), ("ok.txt", "fine\n")]);
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(outside.path(), "secret from outside\n").unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("escape")).unwrap();
    std::os::unix::fs::symlink("loop_b", dir.path().join("loop_a")).unwrap();
    std::os::unix::fs::symlink("loop_a", dir.path().join("loop_b")).unwrap();
    std::fs::write(dir.path().join("latin1.txt"), b"caf\xe9 secret\n").unwrap();
    std::fs::write(dir.path().join("big.txt"), vec![b'a'; 2 << 20]).unwrap();
    // Keep the outside file alive as long as the directory: leak its guard into the dir's lifetime.
    std::mem::forget(outside);
    dir
}

#[cfg(unix)]
#[test]
fn hostile_files_become_diagnostics_and_the_run_goes_on() {
    let dir = hostile();
    let out = tenet()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "--max-file-size", "1MB"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "rules that could not read a file are errors");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let repo = &v["repositories"][0];
    let errors: Vec<String> = repo["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{} {}", e["code"], e["path"]))
        .collect();
    assert!(errors.contains(&"\"facts::symlink_escape\" \"escape\"".to_string()), "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("loop_a")), "{errors:?}");
    let outcome = |rule: &str| {
        repo["outcomes"].as_array().unwrap().iter().find(|o| o["rule"] == rule).unwrap().clone()
    };
    let secret = outcome("files/secret-word");
    assert_eq!(secret["outcome"], "error");
    assert!(
        ["facts::not_utf8", "facts::too_large"]
            .contains(&secret["error"]["code"].as_str().unwrap()),
        "{secret}"
    );
    assert_eq!(outcome("files/readme-missing")["outcome"], "pass", "other rules still run");
    let escape = outcome("files/escape-text");
    assert_eq!(escape["outcome"], "error");
    assert_eq!(escape["error"]["code"], "facts::symlink_escape");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("from outside"));
}

#[cfg(unix)]
#[test]
fn human_output_names_each_hostile_file() {
    let dir = hostile();
    let out =
        tenet().current_dir(dir.path()).args(["check", "--max-file-size", "1MB"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("symlink `escape` points outside the repository"), "{text}");
    assert!(text.contains("rule `files/secret-word` could not be evaluated"), "{text}");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn non_utf8_is_reported_with_its_line() {
    let dir = repo(&[(".tenet/p.tenet", POLICY), ("README.md", "x\n")]);
    std::fs::write(dir.path().join("a.txt"), b"line one\nline \xff two\n").unwrap();
    let out = tenet().current_dir(dir.path()).args(["check", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let o = v["repositories"][0]["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["rule"] == "files/secret-word")
        .unwrap()
        .clone();
    assert_eq!(o["error"]["code"], "facts::not_utf8");
    assert_eq!(o["error"]["path"], "a.txt");
    assert_eq!(o["error"]["line"], 2);
}

#[test]
fn deeply_nested_policy_is_an_error_not_a_crash() {
    let deep = format!("tenet 1\nlet x = {}1{}\n", "(".repeat(50_000), ")".repeat(50_000));
    let dir = repo(&[("p.tenet", &deep)]);
    let out = tenet().current_dir(dir.path()).args(["lint", "p.tenet"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("syntax::too_deep"));
}

#[test]
fn yaml_alias_bomb_is_refused() {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
    {
        let refs = vec![format!("*{prev}"); 9].join(",");
        writeln!(bomb, "{name}: &{name} [{refs}]").unwrap();
    }
    let policy = "tenet 1\nrule ci/odd {\n  require yaml(\"bomb.yml\").i != null\n}\n";
    let dir = repo(&[(".tenet/p.tenet", policy), ("bomb.yml", &bomb)]);
    let out = tenet().current_dir(dir.path()).args(["check", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["repositories"][0]["outcomes"][0]["error"]["code"], "facts::bad_yaml");
}
