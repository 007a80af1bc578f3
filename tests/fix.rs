//! `tenet check --fix`: the real binary creating missing files, and refusing every unsafe write.

mod common;

use common::{repo, tenet};
use std::path::{Path, PathBuf};
use std::process::Output;

const SECURITY: &str = r##"tenet 1

rule docs/missing-security {
  require exists("SECURITY.md")
  fix create "SECURITY.md" from "# Security\n\nReport to {repo.name}@example.com\n"
}
"##;

/// A policy whose one rule fails while `wanted` is missing and whose fix creates `path`
fn policy(wanted: &str, path: &str) -> String {
    format!(
        "tenet 1\n\nrule docs/missing-file {{\n  require exists(\"{wanted}\")\n  fix create \"{path}\" from \"fixed\\n\"\n}}\n"
    )
}

#[expect(clippy::unwrap_used, reason = "test helper: a failure should fail the test")]
fn check(dir: &Path, args: &[&str]) -> Output {
    tenet().arg("check").arg(dir).args(args).output().unwrap()
}

/// What `--fix` printed on stderr, without the `checking …` status line
fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr)
        .split_inclusive('\n')
        .filter(|l| !l.starts_with("checking "))
        .collect()
}

/// Every path under `dir`, with the content of files, sorted
#[expect(clippy::unwrap_used, reason = "test helper: a failure should fail the test")]
fn tree(dir: &Path) -> Vec<(PathBuf, Option<Vec<u8>>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let rel = path.strip_prefix(dir).unwrap().to_path_buf();
            if meta.is_dir() {
                stack.push(path);
                out.push((rel, None));
            } else {
                out.push((rel, std::fs::read(&path).ok()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn fix_creates_the_missing_file_and_the_check_after_it_passes() {
    let dir = repo(&[(".tenet/policy.tenet", SECURITY)]);
    let out = check(dir.path(), &["--fix"]);
    assert_eq!(out.status.code(), Some(0), "the report describes the fixed repository");
    assert_eq!(stderr(&out), "created SECURITY.md (rule docs/missing-security)\n");
    let name = dir.path().file_name().unwrap().to_str().unwrap();
    let written = std::fs::read_to_string(dir.path().join("SECURITY.md")).unwrap();
    assert_eq!(written, format!("# Security\n\nReport to {name}@example.com\n"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("1 passed, 0 failed"), "{stdout}");

    let again = check(dir.path(), &["--fix"]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(stderr(&again), "", "nothing left to fix");
}

#[test]
fn fix_with_json_keeps_the_report_schema_and_writes_the_summary_to_stderr() {
    let dir = repo(&[(".tenet/policy.tenet", SECURITY)]);
    let out = check(dir.path(), &["--fix", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "created SECURITY.md (rule docs/missing-security)\n");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], 1);
    assert_eq!(v["summary"]["pass"], 1);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("fix"));
    assert!(dir.path().join("SECURITY.md").is_file());
}

#[test]
fn fix_never_overwrites_an_existing_file() {
    let dir = repo(&[
        (".tenet/policy.tenet", &policy("docs/SECURITY.md", "SECURITY.md")),
        ("SECURITY.md", "ours\n"),
    ]);
    let out = check(dir.path(), &["--fix"]);
    assert_eq!(out.status.code(), Some(1), "the rule still fails");
    assert_eq!(stderr(&out), "skipped SECURITY.md: already exists\n");
    assert_eq!(std::fs::read_to_string(dir.path().join("SECURITY.md")).unwrap(), "ours\n");
}

#[test]
fn fix_refuses_a_path_that_climbs_out_of_the_repository() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("repo");
    std::fs::create_dir_all(root.join(".tenet")).unwrap();
    std::fs::write(root.join(".tenet/p.tenet"), policy("SECURITY.md", "../escape.md")).unwrap();
    let before = tree(outer.path());
    let out = check(&root, &["--fix"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "refused ../escape.md (rule docs/missing-file): the path contains `..`\n"
    );
    assert_eq!(tree(outer.path()), before, "nothing written anywhere");
}

#[test]
fn fix_refuses_absolute_paths_and_paths_into_git() {
    let dir = repo(&[
        (".tenet/a.tenet", &policy("A.md", "/tmp/tenet-fix-absolute.md")),
        (".tenet/b.tenet", &policy("B.md", ".git/hooks/pre-commit").replace("missing-file", "b")),
    ]);
    let before = tree(dir.path());
    let out = check(dir.path(), &["--fix"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("refused .git/hooks/pre-commit (rule docs/b): the path is inside `.git`"));
    assert!(err.contains(
        "refused /tmp/tenet-fix-absolute.md (rule docs/missing-file): the path is absolute"
    ));
    assert!(!Path::new("/tmp/tenet-fix-absolute.md").exists());
    assert_eq!(tree(dir.path()), before);
}

#[test]
fn without_fix_nothing_is_written() {
    let dir = repo(&[(".tenet/policy.tenet", SECURITY)]);
    let before = tree(dir.path());
    for format in ["human", "json"] {
        let out = check(dir.path(), &["--format", format]);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(stderr(&out), "");
    }
    assert_eq!(tree(dir.path()), before);
}

#[test]
fn waived_violations_are_not_fixed() {
    let waived = format!(
        "{SECURITY}\nwaive docs/missing-security {{\n  reason \"private mirror\"\n  owner \"ospo@example.com\"\n  expires 2099-01-01\n}}\n"
    );
    let dir = repo(&[(".tenet/policy.tenet", &waived)]);
    let out = check(dir.path(), &["--fix"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    assert!(!dir.path().join("SECURITY.md").exists());
}

#[test]
fn two_rules_wanting_one_file_the_first_by_rule_id_wins() {
    let a = policy("SECURITY.md", "SECURITY.md").replace("missing-file", "a").replace("fixed", "a");
    let b = policy("SECURITY.md", "SECURITY.md").replace("missing-file", "b").replace("fixed", "b");
    let dir = repo(&[(".tenet/b.tenet", &b), (".tenet/a.tenet", &a)]);
    let out = check(dir.path(), &["--fix"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "created SECURITY.md (rule docs/a)\n");
    assert_eq!(std::fs::read_to_string(dir.path().join("SECURITY.md")).unwrap(), "a\n");
}

#[test]
fn fix_creates_missing_parent_directories_inside_the_repository() {
    let dir = repo(&[(".tenet/p.tenet", &policy("docs/sec/SECURITY.md", "docs/sec/SECURITY.md"))]);
    let out = check(dir.path(), &["--fix"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("docs/sec/SECURITY.md")).unwrap(),
        "fixed\n"
    );
}

#[cfg(unix)]
#[test]
fn fix_refuses_a_symlinked_parent_directory_that_points_outside() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("repo");
    std::fs::create_dir_all(root.join(".tenet")).unwrap();
    std::fs::create_dir(outer.path().join("outside")).unwrap();
    std::os::unix::fs::symlink("../outside", root.join("docs")).unwrap();
    std::fs::write(
        root.join(".tenet/p.tenet"),
        policy("docs/new/SECURITY.md", "docs/new/SECURITY.md"),
    )
    .unwrap();
    let before = tree(outer.path());
    let out = check(&root, &["--fix"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "refused docs/new/SECURITY.md (rule docs/missing-file): `docs` leads outside the repository"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(tree(outer.path()), before, "no directory or file created outside");
}

#[cfg(unix)]
#[test]
fn fix_never_writes_through_a_symlink() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("repo");
    std::fs::create_dir_all(root.join(".tenet")).unwrap();
    // A dangling link: following it would create a file outside the repository.
    std::os::unix::fs::symlink("../target.md", root.join("SECURITY.md")).unwrap();
    std::fs::write(root.join(".tenet/p.tenet"), policy("docs/SECURITY.md", "SECURITY.md")).unwrap();
    let before = tree(outer.path());
    let out = check(&root, &["--fix"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("refused SECURITY.md (rule docs/missing-file): it is a symlink"));
    assert_eq!(tree(outer.path()), before);
}

#[cfg(unix)]
#[test]
fn fix_may_follow_a_symlinked_directory_that_stays_inside() {
    let dir = repo(&[(".tenet/p.tenet", &policy("docs/SECURITY.md", "linked/SECURITY.md"))]);
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    std::os::unix::fs::symlink("docs", dir.path().join("linked")).unwrap();
    let out = check(dir.path(), &["--fix"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(dir.path().join("docs/SECURITY.md")).unwrap(), "fixed\n");
}

#[test]
fn a_fix_that_cannot_be_rendered_makes_the_rule_an_error_even_without_fix() {
    let bad = "tenet 1\n\nrule docs/bad-fix {\n  require exists(\"NOPE.md\")\n  fix create \"N{len(files()) / 0}.md\" from \"x\"\n}\n";
    let dir = repo(&[(".tenet/p.tenet", bad)]);
    let before = tree(dir.path());
    for args in [&[][..], &["--fix"][..]] {
        let out = check(dir.path(), args);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stdout).contains("division by zero"));
    }
    assert_eq!(tree(dir.path()), before);
}
