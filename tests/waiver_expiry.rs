//! A waiver holds through its `expires` day (UTC) and is an error-severity finding from the
//! next day on: exit 1, not 2, since the policy is valid and the repository has lapsed
//! (SPEC §2.4; issue 9, items 12 and 13).

mod common;

use common::{repo, tenet};

const POLICY: &str = r#"tenet 1
rule t/always {
  forbid true
  message "always fails"
}
waive t/always {
  reason "testing the boundary"
  owner "ospo@example.com"
  expires 2026-06-30
}
"#;

/// Exit code and all output of `tenet check --now NOW`
#[expect(clippy::unwrap_used, reason = "test helper: a failure should fail the test")]
fn check_at(now: &str) -> (Option<i32>, String) {
    let dir = repo(&[("p.tenet", POLICY), ("README.md", "x\n")]);
    let out = tenet()
        .args(["check", "--color", "never", "--now", now, "-p"])
        .arg(dir.path().join("p.tenet"))
        .arg(dir.path())
        .output()
        .unwrap();
    let text =
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.code(), text)
}

#[test]
fn a_waiver_holds_through_the_last_second_of_its_day() {
    for now in ["2026-06-30", "2026-06-30T23:59:59Z"] {
        let (code, text) = check_at(now);
        assert_eq!(code, Some(0), "{now}: {text}");
        assert!(!text.contains("expired_waiver"), "{now}: {text}");
    }
}

#[test]
fn from_the_next_day_it_is_an_error_finding_with_exit_1() {
    for now in ["2026-07-01", "2026-07-01T00:00:00Z", "2030-01-01"] {
        let (code, text) = check_at(now);
        assert_eq!(code, Some(1), "{now}: {text}");
        assert!(text.contains("policy::expired_waiver"), "{now}: {text}");
        assert!(text.contains("waiver for `t/always` expired on 2026-06-30"), "{now}: {text}");
    }
}

#[test]
fn lint_reports_an_expired_waiver_as_a_finding_with_exit_1() {
    let dir = repo(&[("p.tenet", POLICY)]);
    let lint = |now: &str| {
        let out = tenet()
            .args(["lint", "--color", "never", "--now", now])
            .arg(dir.path().join("p.tenet"))
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (code, text) = lint("2026-07-01");
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("policy::expired_waiver"), "{text}");
    assert!(text.contains("1 rule(s): ok, 1 expired waiver(s)"), "{text}");
    let (code, text) = lint("2026-06-30");
    assert_eq!(code, Some(0), "{text}");
}
