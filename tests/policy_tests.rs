//! `tenet test` and `tenet fmt` through the real binary.

mod common;

use common::{repo, tenet};

const HISTORY: &str = "commit refs/heads/main
author Ada <ada@example.com> 1700000000 +0000
committer Ada <ada@example.com> 1700000000 +0000
data 5
init
M 644 inline README.md
data 3
hi

";

const POLICY: &str = r#"tenet 1

param want_git: bool = true

rule git/not-a-repository {
  when want_git
  require repo.is_git
}

test "a fixture with history.fi is a git repository" {
  fixture "fixtures/with-history"
  expect no git/not-a-repository
}

test "a plain fixture is not" {
  fixture "fixtures/plain"
  expect git/not-a-repository
}

test "set turns the rule off" {
  fixture "fixtures/plain"
  set want_git = false
  expect no git/not-a-repository
}
"#;

#[test]
fn test_command_runs_each_test_and_builds_histories() {
    let dir = repo(&[
        ("p.tenet", POLICY),
        ("fixtures/with-history/history.fi", HISTORY),
        ("fixtures/with-history/README.md", "hi\n"),
        ("fixtures/plain/README.md", "hi\n"),
    ]);
    let out = tenet().current_dir(dir.path()).args(["test", "p.tenet"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        text.contains("PASS  p.tenet: a fixture with history.fi is a git repository"),
        "{text}"
    );
    assert!(text.ends_with("3 passed, 0 failed\n"), "{text}");
    assert!(
        !dir.path().join("fixtures/with-history/.git").exists(),
        "the fixture itself is never modified"
    );
}

#[test]
fn failing_expectation_exits_1_and_says_why() {
    let wrong = POLICY.replace(
        "expect no git/not-a-repository\n}\n\ntest \"a plain",
        "expect git/not-a-repository\n}\n\ntest \"a plain",
    );
    let dir = repo(&[
        ("p.tenet", &wrong),
        ("fixtures/with-history/history.fi", HISTORY),
        ("fixtures/with-history/README.md", "hi\n"),
        ("fixtures/plain/README.md", "hi\n"),
    ]);
    let out = tenet().current_dir(dir.path()).args(["test", "p.tenet"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("expected `git/not-a-repository` to fail, but it passed"), "{text}");
    assert!(text.ends_with("2 passed, 1 failed\n"), "{text}");
}

#[test]
fn fmt_check_lists_unformatted_files_and_fmt_fixes_them() {
    let dir = repo(&[
        ("a.tenet", "tenet 1\nlet   x=1\nrule a/b { require x==1 }\n"),
        ("b.tenet", "tenet 1\n"),
    ]);
    let out = tenet()
        .current_dir(dir.path())
        .args(["fmt", "--check", "a.tenet", "b.tenet"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "a.tenet\n");
    let status = tenet().current_dir(dir.path()).args(["fmt", "a.tenet"]).status().unwrap();
    assert_eq!(status.code(), Some(0));
    let formatted = std::fs::read_to_string(dir.path().join("a.tenet")).unwrap();
    assert_eq!(formatted, "tenet 1\n\nlet x = 1\n\nrule a/b {\n  require x == 1\n}\n");
    let again =
        tenet().current_dir(dir.path()).args(["fmt", "--check", "a.tenet"]).status().unwrap();
    assert_eq!(again.code(), Some(0));
}

#[test]
fn fmt_refuses_a_broken_file_and_leaves_it_alone() {
    let dir = repo(&[("a.tenet", "tenet 1\nrule a/b { require }\n")]);
    let out = tenet().current_dir(dir.path()).args(["fmt", "a.tenet"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("syntax::expected"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.tenet")).unwrap(),
        "tenet 1\nrule a/b { require }\n"
    );
}
