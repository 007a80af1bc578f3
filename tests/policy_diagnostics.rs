//! Snapshot tests of the diagnostics for bad policies (STYLE §6).
//!
//! Every top-level `tests/fixtures/check/*.tenet` file is one realistic mistake, stated by
//! its `# intent:` line; its rendered diagnostics are snapshotted. Files in subdirectories
//! (`cycle/`, `lib/`) are only imported. `tests/fixtures/check_ok/*.tenet` are control
//! cases that must load without a single diagnostic.

use std::path::{Path, PathBuf};
use tenet::cli::policy::load_with_sets;
use tenet::diag::Diagnostic;
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
        let (diags, sources) = diagnostics_of(path);
        assert!(
            diags.is_empty(),
            "{} should be clean, but:\n{}",
            relative(path).display(),
            render(&diags, &sources, Style::Fancy { color: false })
        );
    });
}
