//! The hostile-repository catalog, built at test time (issue 9, item 15): for every case,
//! `tenet check` ends (no panic, no abort, no hang), says what it found, exits with a code
//! that is right for the case (never a silent pass), and leaves the tree as it was.
//! bench/hostile-catalog.sh runs the same cases at full size and reports time and memory.

mod common;
mod hostile_cases;

use common::tenet;
use hostile_cases::{POLICY, Scale, cases, tree_digest};
use std::time::{Duration, Instant};

#[test]
fn every_hostile_case_is_reported_and_changes_nothing() {
    let policy_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let policy = policy_dir.path().join("catalog.tenet");
    std::fs::write(&policy, POLICY).unwrap_or_else(|e| panic!("{e}"));
    let mut failures = Vec::new();
    for case in cases() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        if let Err(e) = (case.build)(dir.path(), Scale::Test) {
            failures.push(format!("{}: could not build: {e}", case.name));
            continue;
        }
        let before = tree_digest(dir.path());
        let mut cmd = tenet();
        cmd.args(["check", "--color", "never"]);
        if !case.own_policy {
            cmd.arg("-p").arg(&policy);
        }
        let mut child = cmd
            .arg(dir.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        // A hang is a failure too; the bound is generous (this is no timing test).
        let start = Instant::now();
        while child.try_wait().is_ok_and(|s| s.is_none())
            && start.elapsed() < Duration::from_mins(2)
        {
            std::thread::sleep(Duration::from_millis(25));
        }
        if child.try_wait().is_ok_and(|s| s.is_none()) {
            let _ = child.kill();
            failures.push(format!("{}: still running after 120 s", case.name));
            continue;
        }
        let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let code = out.status.code();
        if !code.is_some_and(|c| case.exits.contains(&c)) {
            failures.push(format!(
                "{}: exit {code:?}, expected one of {:?}\n{text}",
                case.name, case.exits
            ));
        }
        if text.contains("panicked") {
            failures.push(format!("{}: panicked\n{text}", case.name));
        }
        if !text.contains(case.says) {
            failures.push(format!("{}: does not say `{}`\n{text}", case.name, case.says));
        }
        if text.contains('\u{1b}') {
            failures.push(format!("{}: a raw escape reached the output", case.name));
        }
        if tree_digest(dir.path()) != before {
            failures.push(format!("{}: the tree changed", case.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
