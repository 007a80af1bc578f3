//! Hostile input meeting the output: floods of bad characters, policy files too large or
//! not regular, findings in minified files, escape sequences in file names and contents.
//! Each ends in a bounded, escaped diagnostic; nothing panics (issue 9, items 1, 3 and 5).

mod common;

use common::{repo, tenet};
use std::fmt::Write as _;
use std::process::Output;

/// stderr and stdout together, lossily
fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

#[expect(clippy::unwrap_used, reason = "test helper: a failure should fail the test")]
fn lint_bytes(policy: &[u8]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.tenet"), policy).unwrap();
    tenet().current_dir(dir.path()).args(["lint", "p.tenet"]).output().unwrap()
}

#[test]
fn a_line_of_nuls_is_one_diagnostic() {
    // See: issue 9 — 32,000 NULs gave one diagnostic per byte: 22 s and 1 GB.
    let mut policy = b"tenet 1\n".to_vec();
    policy.extend(std::iter::repeat_n(0u8, 32_000));
    policy.push(b'\n');
    let out = lint_bytes(&policy);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert_eq!(all.matches("syntax::unexpected_char").count(), 1, "{all}");
    assert!(all.contains("32000 unexpected characters"), "{all}");
    assert!(!all.contains('\0'), "a raw NUL reached the terminal");
    assert!(all.len() < 4_000, "{} bytes of output", all.len());
}

#[test]
fn a_repository_policy_of_nuls_is_refused_quickly_and_briefly() {
    // See: issue 9 — 100 KB of NULs as `.tenet/policy.tenet` was killed at 4.9 GB.
    let dir = repo(&[("README.md", "x\n")]);
    std::fs::create_dir(dir.path().join(".tenet")).unwrap_or_default();
    let nuls: Vec<u8> = [b"tenet 1\n".as_slice(), &vec![0u8; 100_000]].concat();
    std::fs::write(dir.path().join(".tenet/policy.tenet"), nuls).unwrap_or_default();
    let out =
        tenet().current_dir(dir.path()).arg("check").output().unwrap_or_else(|e| panic!("{e}"));
    let all = text(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(all.len() < 4_000, "{} bytes of output", all.len());
}

#[test]
fn many_problems_in_one_file_are_capped_with_a_count() {
    let mut policy = String::from("tenet 1\n");
    for i in 0..200 {
        let _ = writeln!(policy, "rule a/r{i} {{\n  require nothing{i}\n}}");
    }
    let out = lint_bytes(policy.as_bytes());
    let all = text(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert_eq!(all.matches("check::unknown_name").count(), 50, "{all}");
    assert!(all.contains("150 more problems in `p.tenet` are not shown"), "{all}");
    assert!(all.contains("policy::too_many_diagnostics"), "{all}");
}

#[cfg(unix)]
#[test]
fn a_sparse_gigabyte_policy_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let f = std::fs::File::create(dir.path().join("p.tenet")).unwrap_or_else(|e| panic!("{e}"));
    f.set_len(1 << 30).unwrap_or_else(|e| panic!("{e}"));
    let out = tenet()
        .current_dir(dir.path())
        .args(["lint", "p.tenet"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let all = text(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(all.contains("policy::io") && all.contains("over the limit of 1048576 bytes"), "{all}");
}

#[cfg(unix)]
#[test]
fn a_fifo_policy_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fifo = dir.path().join("p.tenet");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo on this machine: nothing to test
    }
    // Opening a FIFO blocks until a writer comes: a regression would hang, so it is killed.
    let mut child = tenet()
        .current_dir(dir.path())
        .args(["lint", "p.tenet"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let start = std::time::Instant::now();
    while child.try_wait().is_ok_and(|s| s.is_none()) {
        if start.elapsed() > std::time::Duration::from_secs(30) {
            let _ = child.kill();
            panic!("tenet lint waited on a FIFO");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    let all = text(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(all.contains("is not a regular file"), "{all}");
}

const FIND_NEEDLE: &str = r#"tenet 1
rule t/needle {
  for f in files("**/*") where not f.is_binary
  for m in f.find(/NEEDLE/)
  forbid true
  message "`{f.path}` holds a needle: {m.text}"
}
"#;

#[expect(clippy::unwrap_used, reason = "test helper: a failure should fail the test")]
fn check_human(dir: &std::path::Path, format: &str) -> Output {
    tenet()
        .args(["check", "--color", "never", "--format", format, "-p"])
        .arg(dir.join("p.tenet"))
        .arg(dir)
        .output()
        .unwrap()
}

#[test]
fn a_finding_past_column_65535_of_a_minified_file_shows_a_window() {
    // See: issue 9 — miette panicked (exit 101) on any column past 65,535.
    let line = format!("{}NEEDLE{}\n", "a".repeat(70_000), "b".repeat(70_000));
    let dir = repo(&[("p.tenet", FIND_NEEDLE), ("bundle.min.js", &line)]);
    for format in ["human", "plain"] {
        let out = check_human(dir.path(), format);
        let all = text(&out);
        assert_eq!(out.status.code(), Some(1), "{format}: {all}");
        assert!(all.contains("NEEDLE") && all.contains('…'), "{format}: {all}");
        assert!(all.len() < 6_000, "{format}: {} bytes", all.len());
    }
    let all = text(&check_human(dir.path(), "human"));
    assert!(all.contains("bundle.min.js:1:70001"), "{all}");
}

#[cfg(unix)]
#[test]
fn escape_sequences_in_names_and_contents_never_reach_the_terminal() {
    // See: issue 9 — a test file cleared the screen, set the window title and printed a
    // fake "all rules passed".
    let evil = "\u{1b}[2J\u{1b}]0;pwned\u{7}\r\u{1b}[32mall rules passed\u{1b}[0m";
    let dir = repo(&[("p.tenet", FIND_NEEDLE)]);
    let name = format!("name{evil}.txt");
    std::fs::write(dir.path().join(&name), format!("NEEDLE {evil}\n"))
        .unwrap_or_else(|e| panic!("{e}"));
    for format in ["human", "plain"] {
        let out = check_human(dir.path(), format);
        let all = text(&out);
        assert_eq!(out.status.code(), Some(1), "{format}: {all}");
        let raw: Vec<char> =
            all.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\t')).collect();
        assert!(raw.is_empty(), "{format}: raw {raw:?} in {all}");
        assert!(all.contains("\\u{1b}[2J"), "{format}: {all}");
    }
}

#[test]
fn the_new_user_scenario_of_issue_9() {
    // A minified bundle, a file named with an escape sequence, and a repository policy with
    // a type nested 10,000 deep: clean output, a too-deep error, exit 2, no crash.
    let deep =
        format!("tenet 1\nparam p: {}int{} = []\n", "list<".repeat(10_000), ">".repeat(10_000));
    let bundle = format!("{}NEEDLE\n", "x".repeat(80_000));
    let dir =
        repo(&[(".tenet/policy.tenet", &deep), ("dist/app.min.js", &bundle), ("README.md", "x\n")]);
    #[cfg(unix)]
    std::fs::write(dir.path().join("a\u{1b}[2Jb.txt"), "x\n").unwrap_or_else(|e| panic!("{e}"));
    let out = tenet()
        .current_dir(dir.path())
        .args(["check", "--color", "never"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let all = text(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(all.contains("too_deep"), "{all}");
    assert!(!all.contains('\u{1b}'), "{all}");
}
