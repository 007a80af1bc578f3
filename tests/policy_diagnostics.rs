//! Snapshot tests of the diagnostics for bad policies (STYLE §6).
//!
//! Every top-level `tests/fixtures/check/*.tenet` file is one realistic mistake, stated by
//! its `# intent:` line; its rendered diagnostics are snapshotted. Files in subdirectories
//! (`cycle/`, `lib/`) are only imported. `tests/fixtures/check_ok/*.tenet` are control
//! cases that must load without a single diagnostic.

use std::path::{Path, PathBuf};
use tenet::diag::Diagnostic;
use tenet::engine::policy::load_with_sets;
use tenet::policy::PolicySpec;
use tenet::report::diagnostics::{Style, render};
use tenet::source::SourceMap;

/// The fixed clock: waivers expiring before it are expired
#[expect(clippy::expect_used, reason = "a fixed, valid date")]
fn now() -> jiff::Timestamp {
    jiff::civil::date(2026, 11, 26)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp())
        .expect("a valid date")
}

/// The fixture's path relative to the crate root, so that no snapshot holds an absolute path
fn relative(path: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Load, check and build a policy file the way every command does, with no `--set`
fn diagnostics_of(path: &Path) -> (Vec<Diagnostic>, SourceMap) {
    let loaded = load_with_sets(&[PolicySpec::Path(relative(path))], &[], now());
    let mut diags = loaded.diagnostics;
    // Expired waivers are reported with the results of `tenet check`; include them here.
    if let Some(program) = &loaded.program {
        diags.extend(program.waiver_diagnostics.iter().cloned());
    }
    (diags, loaded.policy.sources)
}

#[test]
fn bad_policies_are_reported_with_a_snapshot_each() {
    insta::glob!("fixtures/check/*.tenet", |path| {
        let (diags, sources) = diagnostics_of(path);
        assert!(
            !diags.is_empty(),
            "{} produced no diagnostic: the mistake it shows went unnoticed",
            relative(path).display()
        );
        let rendered = render(&diags, &sources, Style::Fancy { color: false });
        insta::assert_snapshot!(rendered);
    });
}

#[test]
fn every_bad_policy_states_its_intent() {
    insta::glob!("fixtures/check/*.tenet", |path| {
        let text = std::fs::read_to_string(path).expect("readable fixture");
        assert!(
            text.lines().take(2).any(|l| l.starts_with("# intent: ")),
            "{} does not start with a `# intent:` line",
            relative(path).display()
        );
    });
}

#[test]
fn good_policies_load_without_any_diagnostic() {
    insta::glob!("fixtures/check_ok/*.tenet", |path| {
        let (mut diags, sources) = diagnostics_of(path);
        // The controls call every declared fact; that this build does not compute some of
        // them yet says nothing about the policy.
        diags.retain(|d| d.code != "check::unavailable_fact");
        assert!(
            diags.is_empty(),
            "{} should be clean, but:\n{}",
            relative(path).display(),
            render(&diags, &sources, Style::Fancy { color: false })
        );
    });
}

#[test]
fn spdx_headers_is_computed_and_checks_without_a_warning() {
    // It was the example of `check::unavailable_fact` until REUSE 3.3 was built; that path
    // is now tested in src/engine/policy.rs with a fact only the unit tests declare.
    let text = "tenet 1
rule license/headers {
  for h in spdx_headers()
  require len(h.licenses) > 0
}
";
    let spec = PolicySpec::Text("p.tenet".into(), text.into());
    let loaded = load_with_sets(&[spec], &[], now());
    let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| &*d.code).collect();
    assert!(codes.is_empty(), "{codes:?}");
    assert!(loaded.program.is_some());
}

#[test]
fn lint_says_ok_of_a_policy_calling_spdx_headers() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("p.tenet");
    std::fs::write(
        &path,
        "tenet 1\nrule a/b {\n  for f in spdx_headers()\n  require f.path != \"\"\n}\n",
    )
    .expect("a writable temporary directory");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tenet"))
        .env("NO_COLOR", "1")
        .arg("lint")
        .arg(&path)
        .output()
        .expect("the tenet binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("check::unavailable_fact"), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}
