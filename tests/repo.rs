//! The repository target against repositories built at test time with the `git` CLI (the
//! tests' own fixtures, with no global configuration and fixed dates): which files a git
//! work tree has, root discovery, bare repositories, `--rev`, the index, symlinks in trees,
//! unreadable directories, non-UTF-8 names, corrupt `.git` and hostile configuration.
//! Issue #8 items 2 and 7.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

mod common;

use common::{git_as_author as git, repo, tenet};
use std::path::Path;
use std::process::Command;
use tenet::repo::{Mode, Target, TreeChoice};

/// A git work tree with `files`, all committed (`git add -f`, so ignored ones too)
fn git_repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = repo(files);
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-f", "."]);
    git(dir.path(), &["commit", "-q", "-m", "initial"]);
    dir
}

fn paths(target: &Target) -> Vec<String> {
    target.entries().iter().map(|e| e.path.to_string()).collect()
}

fn entry<'a>(target: &'a Target, path: &str) -> &'a tenet::repo::Entry {
    target
        .entries()
        .iter()
        .find(|e| &*e.path == path)
        .unwrap_or_else(|| panic!("no `{path}` in {:?}", paths(target)))
}

fn read(target: &Target, path: &str) -> Result<String, String> {
    target
        .read(entry(target, path), 1 << 20)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .map_err(|e| e.code.to_string())
}

/// `tenet check` as JSON: exit code, the report, and stderr
fn check_json(dir: &Path, args: &[&str]) -> (Option<i32>, serde_json::Value, String) {
    let out =
        tenet().current_dir(dir).args(["check", "--format", "json"]).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    let v = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code(), v, stderr)
}

/// (rule, outcome, violation paths) of a JSON report's first repository
fn outcomes(v: &serde_json::Value) -> Vec<(String, String, Vec<String>)> {
    v["repositories"][0]["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            let paths = o["violations"]
                .as_array()
                .map(|vs| vs.iter().map(|v| v["path"].to_string()).collect())
                .unwrap_or_default();
            (o["rule"].to_string(), o["outcome"].to_string(), paths)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Which files a git work tree has
// ---------------------------------------------------------------------------------------

#[test]
fn issue_8_a_committed_file_matched_by_gitignore_is_a_file() {
    let dir = git_repo(&[
        (".gitignore", "*.pem\n"),
        ("README.md", "# hi\n"),
        ("keys/deploy.pem", "-----BEGIN PRIVATE KEY-----\n"),
    ]);
    std::fs::write(dir.path().join("keys/untracked.pem"), "x\n").unwrap();
    let target = Target::open(dir.path(), &TreeChoice::Auto).unwrap();
    assert_eq!(paths(&target), [".gitignore", "README.md", "keys/deploy.pem"]);
    assert!(target.meta().is_git && !target.meta().is_bare);
    assert_eq!(target.meta().branch.as_deref(), Some("main"));
    assert_eq!(target.meta().head.as_ref().map(String::len), Some(40));
}

#[test]
fn issue_8_a_committed_binary_matched_by_gitignore_is_found_by_the_default_policy() {
    let dir = git_repo(&[(".gitignore", "*.exe\n"), ("tools/helper.exe", "MZ\0\0binary")]);
    let (_, v, _) = check_json(dir.path(), &["--now", "2026-01-01"]);
    let binary = outcomes(&v).into_iter().find(|o| o.0 == "\"hygiene/committed-binary\"").unwrap();
    assert_eq!(binary.1, "\"fail\"");
    assert_eq!(binary.2, ["\"tools/helper.exe\""]);
}

#[test]
fn issue_8_a_dot_ignore_file_hides_nothing_and_info_exclude_hides_untracked_files() {
    let dir = git_repo(&[(".ignore", "*.txt\n"), ("README.md", "# hi\n")]);
    std::fs::write(dir.path().join("notes.txt"), "x\n").unwrap();
    std::fs::write(dir.path().join("scratch.log"), "x\n").unwrap();
    std::fs::write(dir.path().join(".git/info/exclude"), "*.log\n").unwrap();
    let target = Target::open(dir.path(), &TreeChoice::Auto).unwrap();
    assert_eq!(paths(&target), [".ignore", "README.md", "notes.txt"]);
}

#[test]
fn a_plain_directory_honours_gitignore_but_not_dot_ignore() {
    let dir = repo(&[
        (".gitignore", "build/\n"),
        (".ignore", "*.txt\n"),
        ("build/out.bin", "x"),
        ("notes.txt", "x\n"),
    ]);
    let target = Target::open(dir.path(), &TreeChoice::Auto).unwrap();
    assert_eq!(paths(&target), [".gitignore", ".ignore", "notes.txt"]);
    assert!(!target.meta().is_git);
}

#[test]
fn deleted_tracked_files_are_gone_and_a_nested_repository_is_not_part_of_the_tree() {
    let dir = git_repo(&[("README.md", "# hi\n"), ("gone.txt", "x\n")]);
    std::fs::remove_file(dir.path().join("gone.txt")).unwrap();
    let nested = dir.path().join("vendor/other");
    std::fs::create_dir_all(&nested).unwrap();
    git(&nested, &["init", "-q"]);
    std::fs::write(nested.join("inner.txt"), "x\n").unwrap();
    let target = Target::open(dir.path(), &TreeChoice::Auto).unwrap();
    assert_eq!(paths(&target), ["README.md"]);
}

#[cfg(unix)]
#[test]
fn entries_carry_their_mode_and_the_blob_id_of_unchanged_files() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = repo(&[("run.sh", "#!/bin/sh\n"), ("same.txt", "same\n"), ("edited.txt", "v1\n")]);
    let run = dir.path().join("run.sh");
    std::fs::set_permissions(&run, std::fs::Permissions::from_mode(0o755)).unwrap();
    // Files older than the index are not "racy": their stat alone tells they are unchanged.
    for f in ["run.sh", "same.txt", "edited.txt"] {
        let status = Command::new("touch")
            .args(["-d", "2020-01-01T00:00:00"])
            .arg(dir.path().join(f))
            .status()
            .unwrap();
        assert!(status.success());
    }
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "initial"]);
    std::fs::write(dir.path().join("edited.txt"), "v2, longer\n").unwrap();
    let target = Target::open(dir.path(), &TreeChoice::Auto).unwrap();
    assert_eq!(entry(&target, "run.sh").mode, Mode::Executable);
    assert_eq!(entry(&target, "same.txt").mode, Mode::Regular);
    let staged = |p: &str| {
        let out = Command::new("git")
            .args(["rev-parse", &format!(":{p}")])
            .current_dir(dir.path())
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    assert_eq!(entry(&target, "same.txt").blob.map(|b| b.to_string()), Some(staged("same.txt")));
    assert_eq!(entry(&target, "edited.txt").blob, None, "modified since it was staged");
}

// ---------------------------------------------------------------------------------------
// Root discovery
// ---------------------------------------------------------------------------------------

#[test]
fn issue_8_check_from_a_subdirectory_uses_the_root_and_its_policy() {
    let policy = "tenet 1\nrule t/readme {\n  require exists(\"README.md\")\n}\n";
    let dir = git_repo(&[(".tenet/p.tenet", policy), ("README.md", "# hi\n"), ("src/lib.rs", "")]);
    let out = tenet().current_dir(dir.path().join("src")).arg("check").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let root = std::fs::canonicalize(dir.path()).unwrap();
    assert_eq!(
        stderr.lines().next().unwrap(),
        format!("checking {} (git work tree) with .tenet/ (1 file)", root.display())
    );
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 rule on 1 repository: 1 passed"));
    // Quiet and JSON runs print no status line.
    let quiet = tenet().current_dir(dir.path()).args(["check", "-q"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&quiet.stderr), "");
    let (_, v, stderr) = check_json(&dir.path().join("src"), &[]);
    assert_eq!(stderr, "");
    assert_eq!(v["repositories"][0]["path"], root.display().to_string());
}

#[test]
fn a_directory_in_no_repository_is_checked_as_it_is() {
    let dir = repo(&[("README.md", "# hi\n"), ("sub/x.txt", "x\n")]);
    let target = Target::open(&dir.path().join("sub"), &TreeChoice::Auto).unwrap();
    assert_eq!(paths(&target), ["x.txt"]);
    assert_eq!(target.name(), "sub");
}

// ---------------------------------------------------------------------------------------
// Bare repositories, revisions, the index
// ---------------------------------------------------------------------------------------

#[test]
fn issue_8_a_bare_clone_has_the_files_and_findings_of_its_work_tree() {
    let dir = git_repo(&[
        ("README.md", "# demo\n"),
        ("tools/helper.exe", "MZ\0binary"),
        ("src/main.rs", "fn main() {}\n"),
    ]);
    let parent = tempfile::tempdir().unwrap();
    let work = dir.path().to_str().unwrap();
    git(parent.path(), &["clone", "-q", "--bare", work, "demo.git"]);
    let bare = parent.path().join("demo.git");
    let target = Target::open(&bare, &TreeChoice::Auto).unwrap();
    assert!(target.meta().is_git && target.meta().is_bare);
    assert_eq!(target.name(), "demo.git");
    assert_eq!(paths(&target), ["README.md", "src/main.rs", "tools/helper.exe"]);
    assert_eq!(read(&target, "README.md").unwrap(), "# demo\n");
    // From inside the git directory, the bare repository is found too.
    let inside = Target::open(&bare.join("refs"), &TreeChoice::Auto).unwrap();
    assert_eq!(inside.path(), std::fs::canonicalize(&bare).unwrap());

    let (code_work, work_report, _) = check_json(dir.path(), &["--now", "2026-01-01"]);
    let (code_bare, bare_report, _) = check_json(&bare, &["--now", "2026-01-01"]);
    assert_eq!(code_work, code_bare);
    assert_eq!(outcomes(&work_report), outcomes(&bare_report));
    let binary =
        outcomes(&bare_report).into_iter().find(|o| o.0 == "\"hygiene/committed-binary\"").unwrap();
    assert_eq!(binary.2, ["\"tools/helper.exe\""]);
    // Nothing can be written to a tree in the object database.
    let out = tenet().current_dir(&bare).args(["check", "--fix"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`--fix` writes files"));
}

#[test]
fn an_empty_bare_repository_is_an_empty_tree_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "--bare", "empty.git"]);
    let target = Target::open(&dir.path().join("empty.git"), &TreeChoice::Auto).unwrap();
    assert!(target.entries().is_empty());
    assert!(target.meta().is_bare);
    assert_eq!(target.meta().head, None);
    assert_eq!(target.problems().len(), 1);
    assert!(target.problems()[0].message.contains("no commit yet"), "{:?}", target.problems());
}

#[test]
fn issue_8_rev_reads_an_older_commits_tree() {
    let policy = "tenet 1\nrule t/readme {\n  for f in files(\"README.md\")\n  require f.text == \"old\\n\"\n}\n";
    let dir = git_repo(&[("README.md", "old\n")]);
    std::fs::write(dir.path().join("README.md"), "new\n").unwrap();
    std::fs::write(dir.path().join("added.txt"), "x\n").unwrap();
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "second"]);
    let target = Target::open(dir.path(), &TreeChoice::Rev("HEAD~1".into())).unwrap();
    assert_eq!(paths(&target), ["README.md"]);
    assert_eq!(read(&target, "README.md").unwrap(), "old\n");
    assert_eq!(target.head(entry(&target, "README.md"), 2).unwrap().as_ref(), b"ol");

    let pol = repo(&[("p.tenet", policy)]);
    let p = pol.path().join("p.tenet");
    let p = p.to_str().unwrap();
    let (code, _, stderr) = check_json(dir.path(), &["-p", p, "--rev", "HEAD~1"]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, _, _) = check_json(dir.path(), &["-p", p]);
    assert_eq!(code, Some(1), "the work tree has the new text");
    let human =
        tenet().current_dir(dir.path()).args(["check", "-p", p, "--rev", "HEAD~1"]).output();
    let stderr = String::from_utf8(human.unwrap().stderr).unwrap();
    assert!(stderr.contains("(git tree of `HEAD~1`) with "), "{stderr}");
    // A revision that does not exist stops the check.
    let (code, v, _) = check_json(dir.path(), &["-p", p, "--rev", "no-such-rev"]);
    assert_eq!(code, Some(2));
    assert_eq!(v["repositories"][0]["errors"][0]["code"], "facts::git");
}

#[test]
fn issue_8_the_index_source_lists_staged_content() {
    let dir = git_repo(&[("a.txt", "committed\n"), ("b.txt", "b\n")]);
    std::fs::write(dir.path().join("a.txt"), "staged\n").unwrap();
    git(dir.path(), &["add", "a.txt"]);
    std::fs::write(dir.path().join("a.txt"), "in the work tree\n").unwrap();
    std::fs::write(dir.path().join("new.txt"), "staged new\n").unwrap();
    git(dir.path(), &["add", "new.txt"]);
    git(dir.path(), &["rm", "-q", "--cached", "b.txt"]);
    let index = Target::open(dir.path(), &TreeChoice::Index).unwrap();
    assert_eq!(paths(&index), ["a.txt", "new.txt"]);
    assert_eq!(read(&index, "a.txt").unwrap(), "staged\n");
    assert!(entry(&index, "a.txt").blob.is_some());
    let work = Target::open(dir.path(), &TreeChoice::Auto).unwrap();
    assert_eq!(read(&work, "a.txt").unwrap(), "in the work tree\n");
}

#[test]
fn listing_the_index_opens_no_object_and_a_corrupt_one_fails_only_who_reads_it() {
    // Pre-commit lists every staged file but reads a few: sizes come from the object
    // headers on demand, so a corrupt blob no rule needs costs nothing and hides nothing.
    let dir = git_repo(&[("bad.txt", "corrupt me\n"), ("good.txt", "fine\n")]);
    let index = Target::open(dir.path(), &TreeChoice::Index).unwrap();
    let id = entry(&index, "bad.txt").blob.unwrap().to_string();
    let object = dir.path().join(".git/objects").join(&id[..2]).join(&id[2..]);
    let mut perms = std::fs::metadata(&object).unwrap().permissions();
    #[expect(clippy::permissions_set_readonly_false, reason = "the test owns this file")]
    perms.set_readonly(false);
    std::fs::set_permissions(&object, perms).unwrap();
    std::fs::write(&object, b"not zlib at all").unwrap();

    let index = Target::open(dir.path(), &TreeChoice::Index).unwrap();
    assert_eq!(paths(&index), ["bad.txt", "good.txt"]);
    assert!(index.problems().is_empty(), "{:?}", index.problems());
    assert_eq!(index.size(entry(&index, "good.txt")).unwrap(), 5);
    let err = index.size(entry(&index, "bad.txt")).unwrap_err();
    assert_eq!((err.code.to_string(), err.path.as_deref()), ("facts::git".into(), Some("bad.txt")));
    let policy = "tenet 1\nrule t/small {\n  for f in files()\n  require f.size < 1KiB\n}\n";
    let pol = repo(&[("p.tenet", policy)]);
    let p = pol.path().join("p.tenet");
    let (code, v, _) = check_json(dir.path(), &["--rev", "HEAD", "-p", p.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{v}");
    let outcome = &v["repositories"][0]["outcomes"][0];
    assert_eq!(outcome["outcome"], "error", "{v}");
}

// ---------------------------------------------------------------------------------------
// Symlinks
// ---------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn symlinks_in_a_git_tree_resolve_inside_it_only() {
    use std::os::unix::fs::symlink;
    let dir = git_repo(&[("README.md", "# hi\n"), ("docs/guide.md", "guide\n")]);
    let p = dir.path();
    symlink("../README.md", p.join("docs/readme-link")).unwrap();
    symlink("docs", p.join("docs-link")).unwrap();
    symlink("docs-link/guide.md", p.join("through-dir-link")).unwrap();
    symlink("../../../etc/passwd", p.join("escape")).unwrap();
    symlink("/etc/passwd", p.join("absolute")).unwrap();
    symlink("missing.txt", p.join("dangling")).unwrap();
    symlink("loop-b", p.join("loop-a")).unwrap();
    symlink("loop-a", p.join("loop-b")).unwrap();
    git(p, &["add", "."]);
    git(p, &["commit", "-q", "-m", "links"]);
    for choice in [TreeChoice::Rev("HEAD".into()), TreeChoice::Auto] {
        let target = Target::open(p, &choice).unwrap();
        let listed = paths(&target);
        assert!(!listed.contains(&"docs-link".to_string()), "a link to a directory: {listed:?}");
        assert_eq!(entry(&target, "docs/readme-link").mode, Mode::Symlink);
        assert_eq!(read(&target, "docs/readme-link").unwrap(), "# hi\n", "{choice:?}");
        assert_eq!(read(&target, "through-dir-link").unwrap(), "guide\n", "{choice:?}");
        assert_eq!(read(&target, "escape").unwrap_err(), "facts::symlink_escape", "{choice:?}");
        assert_eq!(read(&target, "absolute").unwrap_err(), "facts::symlink_escape", "{choice:?}");
        assert_eq!(read(&target, "dangling").unwrap_err(), "facts::io", "{choice:?}");
        assert_eq!(read(&target, "loop-a").unwrap_err(), "facts::io", "{choice:?}");
        let codes: Vec<_> = target.problems().iter().map(|e| e.path.clone().unwrap()).collect();
        for bad in ["absolute", "dangling", "escape", "loop-a", "loop-b"] {
            assert!(codes.contains(&bad.to_string()), "{choice:?}: {codes:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Unreadable directories
// ---------------------------------------------------------------------------------------

/// A directory whose path is longer than the system allows: the walk cannot list it, even
/// as root. Built bottom-up by renaming, so no call ever names the long path.
#[cfg(target_os = "linux")]
fn too_deep(root: &Path) -> String {
    let long = "d".repeat(250);
    let depth = 20; // 20 × 251 bytes > PATH_MAX (4096)
    let mut short = root.to_path_buf();
    for _ in 0..depth {
        short.push("s");
    }
    std::fs::create_dir_all(&short).unwrap();
    std::fs::write(short.join("deep.txt"), "x").unwrap();
    let mut display = Vec::new();
    for level in (1..=depth).rev() {
        let mut parent = root.to_path_buf();
        for _ in 1..level {
            parent.push("s");
        }
        std::fs::rename(parent.join("s"), parent.join(&long)).unwrap();
        display.push(long.clone());
    }
    display.join("/")
}

#[cfg(target_os = "linux")]
#[test]
fn issue_8_a_directory_that_cannot_be_listed_is_a_problem_and_unlisted() {
    let dir = repo(&[("README.md", "# hi\n")]);
    too_deep(dir.path());
    let target = Target::open(dir.path(), &TreeChoice::Auto).unwrap();
    assert_eq!(paths(&target), ["README.md"]);
    assert_eq!(target.unlisted().len(), 1, "{:?}", target.problems());
    let problem = &target.problems()[0];
    assert_eq!(problem.code, "facts::walk");
    let path = problem.path.as_deref().unwrap();
    assert_eq!(&*target.unlisted()[0], path);
    assert_eq!(problem.message.matches(path).count(), 1, "{}", problem.message);
}

#[cfg(unix)]
#[test]
fn issue_8_a_directory_without_permissions_is_unlisted_unless_running_as_root() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = repo(&[("README.md", "# hi\n"), ("locked/secret.txt", "x\n")]);
    let locked = dir.path().join("locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads it anyway: then there is nothing to test here (the test above covers it).
    let readable = std::fs::read_dir(&locked).is_ok();
    let target = Target::open(dir.path(), &TreeChoice::Auto).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    if readable {
        return;
    }
    assert_eq!(target.unlisted(), [std::sync::Arc::from("locked")]);
    assert_eq!(target.problems()[0].path.as_deref(), Some("locked"));
    let out = tenet().current_dir(dir.path()).arg("check").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("warning[facts::walk]: cannot list directory `locked`: "), "{text}");
}

// ---------------------------------------------------------------------------------------
// Names that are not UTF-8
// ---------------------------------------------------------------------------------------

#[cfg(target_os = "linux")]
#[test]
fn issue_8_non_utf8_names_stay_distinct_readable_and_escaped() {
    use std::os::unix::ffi::OsStrExt as _;
    let dir = repo(&[("README.md", "# hi\n"), ("a\\xff.txt", "a backslash\n")]);
    let name = |b: &[u8]| dir.path().join(std::ffi::OsStr::from_bytes(b));
    std::fs::write(name(b"a\xff.txt"), "ff\n").unwrap();
    std::fs::write(name(b"a\xfe.txt"), "fe\n").unwrap();
    std::fs::write(name(b"tab\there.txt"), "tab\n").unwrap();
    let check = |target: &Target| {
        assert_eq!(
            paths(target),
            ["README.md", "a\\\\xff.txt", "a\\xfe.txt", "a\\xff.txt", "tab\\there.txt"]
        );
        assert_eq!(read(target, "a\\xff.txt").unwrap(), "ff\n");
        assert_eq!(read(target, "a\\xfe.txt").unwrap(), "fe\n");
        assert_eq!(read(target, "a\\\\xff.txt").unwrap(), "a backslash\n");
        assert_eq!(read(target, "tab\\there.txt").unwrap(), "tab\n");
    };
    check(&Target::open(dir.path(), &TreeChoice::Auto).unwrap());
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "names"]);
    check(&Target::open(dir.path(), &TreeChoice::Auto).unwrap());
    check(&Target::open(dir.path(), &TreeChoice::Rev("HEAD".into())).unwrap());
    check(&Target::open(dir.path(), &TreeChoice::Index).unwrap());
}

// ---------------------------------------------------------------------------------------
// Corrupt and hostile repositories
// ---------------------------------------------------------------------------------------

#[test]
fn issue_8_a_garbage_head_is_a_git_error() {
    let dir = git_repo(&[("README.md", "# hi\n")]);
    let parent = tempfile::tempdir().unwrap();
    git(parent.path(), &["clone", "-q", "--bare", dir.path().to_str().unwrap(), "b.git"]);
    std::fs::write(dir.path().join(".git/HEAD"), "garbage\n").unwrap();
    std::fs::write(parent.path().join("b.git/HEAD"), "garbage\n").unwrap();
    // A work tree still has its files (from the index and the disk): HEAD is a warning.
    let (code, v, _) = check_json(dir.path(), &[]);
    assert_ne!(code, Some(2));
    let error = &v["repositories"][0]["errors"][0];
    assert_eq!(error["code"], "facts::git");
    assert!(error["message"].as_str().unwrap().starts_with("cannot read `HEAD`: "), "{error}");
    // A bare repository's files are HEAD's tree: without HEAD it cannot be checked.
    let (code, v, _) = check_json(&parent.path().join("b.git"), &[]);
    assert_eq!(code, Some(2));
    assert_eq!(v["complete"], false);
    assert_eq!(v["repositories"][0]["errors"][0]["code"], "facts::git");
}

#[test]
fn issue_8_a_garbage_index_stops_the_check_with_a_git_error() {
    let dir = git_repo(&[("README.md", "# hi\n")]);
    std::fs::write(dir.path().join(".git/index"), "DIRC garbage").unwrap();
    let (code, v, _) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(2));
    let error = &v["repositories"][0]["errors"][0];
    assert_eq!(error["code"], "facts::git", "{v}");
    assert!(error["message"].as_str().unwrap().starts_with("cannot read the git index"));
}

#[test]
fn issue_8_a_truncated_object_is_a_git_error_of_the_file() {
    let policy = "tenet 1\nrule t/text {\n  for f in files()\n  require f.text != \"\"\n}\n";
    let dir = git_repo(&[("README.md", "# hi\n")]);
    let out = Command::new("git")
        .args(["rev-parse", "HEAD:README.md"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let object = dir.path().join(".git/objects").join(&id[..2]).join(&id[2..]);
    let mut perms = std::fs::metadata(&object).unwrap().permissions();
    #[expect(clippy::permissions_set_readonly_false, reason = "a test's own temporary file")]
    perms.set_readonly(false);
    std::fs::set_permissions(&object, perms).unwrap();
    let bytes = std::fs::read(&object).unwrap();
    std::fs::write(&object, &bytes[..bytes.len() / 2]).unwrap();
    let pol = repo(&[("p.tenet", policy)]);
    let p = pol.path().join("p.tenet");
    let (code, v, _) = check_json(dir.path(), &["-p", p.to_str().unwrap(), "--rev", "HEAD"]);
    assert_eq!(code, Some(2), "{v}");
    let outcome = &v["repositories"][0]["outcomes"][0];
    assert_eq!(outcome["outcome"], "error");
    assert_eq!(outcome["error"]["code"], "facts::git");
}

#[test]
fn issue_8_a_hostile_repository_config_does_not_make_tenet_read_files_elsewhere() {
    let outside = repo(&[
        ("excludes", "*.txt\n"),
        ("include", "[remote \"origin\"]\n\turl = https://evil.example/\n"),
        ("mailmap", "Evil Name <author@example.com>\n"),
    ]);
    let dir = git_repo(&[("README.md", "# hi\n")]);
    std::fs::write(dir.path().join("notes.txt"), "x\n").unwrap();
    let o = outside.path().display();
    let config = std::fs::read_to_string(dir.path().join(".git/config")).unwrap();
    std::fs::write(
        dir.path().join(".git/config"),
        format!(
            "{config}[core]\n\texcludesFile = {o}/excludes\n[include]\n\tpath = {o}/include\n\
             [mailmap]\n\tfile = {o}/mailmap\n"
        ),
    )
    .unwrap();
    let target = Target::open(dir.path(), &TreeChoice::Auto).unwrap();
    assert_eq!(paths(&target), ["README.md", "notes.txt"], "core.excludesFile is not read");
    assert_eq!(target.meta().remote, None, "include.path is not followed");
    let repo = target.git().unwrap().to_thread_local();
    assert!(repo.open_mailmap().entries().is_empty(), "mailmap.file is not read");
}
