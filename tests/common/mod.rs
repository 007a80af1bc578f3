//! Shared helpers for integration tests: the real binary, temp repositories, filters.

#![allow(dead_code, reason = "each test binary uses a different subset")]
#![expect(clippy::unwrap_used, reason = "test helpers: a failure should fail the test")]
#![allow(clippy::panic, reason = "test helpers: a panic is the failure report")]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The `tenet` binary built for this test run, with a fixed clock and no colors
pub(crate) fn tenet() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tenet"));
    cmd.env("SOURCE_DATE_EPOCH", "1795651200").env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    // Tests keep nothing between runs, unless one gives `--cache-dir`
    cmd.env("TENET_NO_CACHE", "1");
    cmd
}

/// Write `files` (path, content) under a new temporary directory
pub(crate) fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, content) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, content).unwrap();
    }
    dir
}

/// Insta settings that replace a temporary directory by `[TMP]`
pub(crate) fn filters(dir: &Path) -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    let canonical: PathBuf = std::fs::canonicalize(dir).unwrap();
    for p in [canonical.display().to_string(), dir.display().to_string()] {
        s.add_filter(&regex::escape(&p), "[TMP]");
    }
    s.add_filter(r"tmp\w{6,}", "[TMPNAME]");
    s.add_filter(env!("CARGO_PKG_VERSION"), "[VERSION]");
    s
}

/// Run `git` on the test's own fixture, with no user or system configuration
pub(crate) fn git(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> String {
    run_git(dir, args, stdin, &[])
}

/// `git` as [`git`] does, committing as `A U Thor <author@example.com>` on 2026-01-01, so
/// fixtures made with `git commit` have the same ids in every run
pub(crate) fn git_as_author(dir: &Path, args: &[&str]) -> String {
    const WHO: &[(&str, &str)] = &[
        ("GIT_AUTHOR_NAME", "A U Thor"),
        ("GIT_AUTHOR_EMAIL", "author@example.com"),
        ("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z"),
        ("GIT_COMMITTER_NAME", "A U Thor"),
        ("GIT_COMMITTER_EMAIL", "author@example.com"),
        ("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z"),
    ];
    run_git(dir, args, None, WHO)
}

fn run_git(dir: &Path, args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> String {
    use std::io::Write as _;
    let mut child = Command::new("git")
        .args(["-c", "init.defaultBranch=main", "-c", "core.hooksPath=/dev/null"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .envs(env.iter().copied())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.unwrap_or_default()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Run `tenet check --format json` with `policy` (written to a file of its own) and `args`
/// on `dir`: the JSON report
pub(crate) fn check_json(dir: &Path, policy: &str, args: &[&str]) -> serde_json::Value {
    let pol = repo(&[("p.tenet", policy)]);
    let out = tenet()
        .args(["check", "--format", "json", "-p"])
        .arg(pol.path().join("p.tenet"))
        .args(args)
        .arg(dir)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}
