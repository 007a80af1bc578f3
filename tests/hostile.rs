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

/// `tenet lint` on one policy file: exit code and stderr
#[expect(clippy::unwrap_used, reason = "test helper: a failure should fail the test")]
fn lint(policy: &str) -> (Option<i32>, String) {
    let dir = repo(&[("p.tenet", policy)]);
    let out = tenet().current_dir(dir.path()).args(["lint", "p.tenet"]).output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// A rule whose check is `expr`
fn rule_requiring(expr: &str) -> String {
    format!("tenet 1\nrule a/b {{\n  require {expr}\n}}\n")
}

#[test]
fn long_operator_chain_is_an_error_not_a_crash() {
    // Each operator is one more level of a left-leaning tree, though nothing is nested.
    let (code, stderr) = lint(&rule_requiring(&format!("1{} > 0", " + 1".repeat(5000))));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("syntax::too_deep"), "{stderr}");
    let (code, stderr) = lint(&rule_requiring(&format!("{} or true", "false or ".repeat(5000))));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("syntax::too_deep"), "{stderr}");
}

#[test]
fn long_field_chain_is_an_error_not_a_crash() {
    let (code, stderr) = lint(&rule_requiring(&format!("repo{} == \"\"", ".name".repeat(5000))));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("syntax::too_deep"), "{stderr}");
    let (code, stderr) = lint(&rule_requiring(&format!("[[1]]{} == 1", "[0]".repeat(5000))));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("syntax::too_deep"), "{stderr}");
}

#[test]
fn chains_in_nested_parentheses_add_up() {
    // 60 levels of parentheses, each holding a chain of 60: every chain alone is short.
    let mut expr = "1".to_string();
    for _ in 0..60 {
        expr = format!("({expr}{})", " + 1".repeat(60));
    }
    let (code, stderr) = lint(&rule_requiring(&format!("{expr} > 0")));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("syntax::too_deep"), "{stderr}");
}

#[test]
fn long_chains_below_the_limit_are_fine() {
    // Siblings do not add up: each item of the list is a chain of 150.
    let chain = format!("1{}", " + 1".repeat(150));
    let items = vec![chain.clone(); 20].join(", ");
    let policy = rule_requiring(&format!("len([{items}]) > 0 and {chain} > 0"));
    let (code, stderr) = lint(&policy);
    assert_eq!(code, Some(0), "{stderr}");
    // Every later phase walks the tree too: checking and formatting it must not crash.
    let dir = repo(&[(".tenet/p.tenet", &policy)]);
    let out = tenet().current_dir(dir.path()).args(["check", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let out = tenet().current_dir(dir.path()).args(["fmt", "--check", ".tenet/p.tenet"]).output();
    assert!(matches!(out.unwrap().status.code(), Some(0 | 1)), "`tenet fmt` did not exit normally");
}

#[test]
fn a_repository_that_cannot_be_opened_is_an_error() {
    let dir = repo(&[("p.tenet", "tenet 1\nrule a/b {\n  require exists(\"README.md\")\n}\n")]);
    let out = tenet()
        .current_dir(dir.path())
        .args(["check", "--policy", "p.tenet", "no-such-directory"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    // A miette report: code, then the error sign and the message; never a warning.
    assert!(text.starts_with("facts::io\n\n  × cannot open `no-such-directory`"), "{text}");
    assert!(!text.contains('⚠'), "{text}");
}

#[cfg(unix)]
#[test]
fn walk_problems_stay_warnings_and_name_their_path_once() {
    let dir = hostile();
    let out =
        tenet().current_dir(dir.path()).args(["check", "--max-file-size", "1MB"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "facts::symlink_escape\n\n  ⚠ symlink `escape` points outside the repository and is not read\n"
        ),
        "{text}"
    );
}

#[test]
fn a_finding_in_a_file_too_large_to_show_keeps_its_line() {
    let policy = "tenet 1\nrule todo/left {\n  for f in files(\"*.rs\")\n  for m in f.find(/TODO/)\n  forbid true\n  message \"leftover `{m.text}`\"\n}\n";
    let big = format!("x\nx\n   // TODO here\n{}\n", "y".repeat(1_200_000));
    let dir = repo(&[(".tenet/p.tenet", policy), ("big.rs", &big)]);
    let out = tenet()
        .current_dir(dir.path())
        .args(["check", "--max-file-size", "5MB", "--format", "plain"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("big.rs:3:7: leftover `TODO`"), "{text}");
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

#[test]
fn a_type_nested_ten_thousand_deep_is_too_deep_not_a_stack_overflow() {
    // See: issue 9 — `list<list<…>>` 10,000 deep overflowed the parser's stack.
    let policy =
        format!("tenet 1\nparam p: {}int{} = null\n", "list<".repeat(10_000), ">".repeat(10_000));
    let (code, text) = lint(&policy);
    assert_eq!(code, Some(2), "{}", &text[..text.len().min(2000)]);
    assert!(text.contains("syntax::too_deep"));
}

#[test]
fn a_chain_of_five_thousand_lets_is_too_deep_not_a_stack_overflow() {
    // See: issue 9 — 5,000 lets defined by each other overflowed the checker's stack.
    let mut policy = String::from("tenet 1\n");
    for i in 0..5000 {
        let _ = writeln!(policy, "let l{i} = l{} + 1", i + 1);
    }
    policy.push_str("let l5000 = len(files())\nrule t/x {\n  require l0 > 0\n}\n");
    let (code, text) = lint(&policy);
    assert_eq!(code, Some(2), "{}", &text[..text.len().min(2000)]);
    assert_eq!(text.matches("check::too_deep").count(), 1, "one diagnostic, not a flood");
}

#[test]
fn the_longest_chain_of_the_deepest_lets_still_runs() {
    // The limits leave room for each other: 31 lets, each nested as deep as the parser
    // allows, are checked, compiled and evaluated on the main thread without overflow.
    let mut depth = 1;
    let probe = |d: usize| {
        lint(&format!(
            "tenet 1\nlet x = {}1{}\nrule t/x {{\n  require x > 0\n}}\n",
            "(".repeat(d),
            ")".repeat(d)
        ))
    };
    while probe(depth + 1).0 == Some(0) {
        depth += 1;
    }
    let mut policy = String::from("tenet 1\n");
    for i in 0..30 {
        let (open, close) = ("(".repeat(depth), ")".repeat(depth));
        let _ = writeln!(policy, "let l{i} = {open}l{}{close} + 1", i + 1);
    }
    policy.push_str("let l30 = len(files())\n");
    policy.push_str("rule t/x {\n  require l0 > 0\n}\n");
    let out = check_with(&policy);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn lets_that_double_a_string_end_in_fuel_exhausted_with_bounded_memory() {
    // See: issue 9 — 29 lets that each doubled a string reached 3 GB and aborted.
    let mut policy = String::from("tenet 1\nlet s0 = \"xxxxxxxxxxxxxxxx\" + repo.name\n");
    for i in 1..40 {
        let _ = writeln!(policy, "let s{i} = s{} + s{}", i - 1, i - 1);
    }
    policy.push_str("rule t/x {\n  require len(s39) > 0\n}\nrule t/y {\n  require true\n}\n");
    let out = check_with(&policy);
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for o in v["repositories"][0]["outcomes"].as_array().unwrap() {
        assert_eq!(o["outcome"], "error", "{o}");
        assert_eq!(o["error"]["code"], "eval::fuel_exhausted", "{o}");
    }
}

/// `tenet check --format json` of a one-file repository with `policy` as its policy
#[expect(clippy::unwrap_used, reason = "test helper: a failure should fail the test")]
fn check_with(policy: &str) -> std::process::Output {
    let dir = repo(&[("p.tenet", policy), ("README.md", "x\n")]);
    tenet()
        .args(["check", "--format", "json", "-p"])
        .arg(dir.path().join("p.tenet"))
        .arg(dir.path())
        .output()
        .unwrap()
}
