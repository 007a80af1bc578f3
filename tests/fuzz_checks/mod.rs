//! What "survives hostile input" means, in one place: the checks behind the libFuzzer
//! targets in `fuzz/` (nightly, the hour-long run) and behind `tests/fuzz.rs` (stable, a
//! few seconds in `cargo test`). `fuzz/src/lib.rs` includes this file by path, so both runs
//! hold every input to the same properties. A check fails by panicking, which libFuzzer
//! records as a crash and `cargo test` as a failure.

pub mod generate;
pub mod repo;

use std::path::Path;
use std::sync::Arc;

use tenet::diag::Diagnostic;
use tenet::engine::policy::{Loaded, load_with_sets};
use tenet::eval::run::{RunOptions, run_rules};
use tenet::facts::repo::{RepoFacts, RepoOptions};
use tenet::policy::PolicySpec;
use tenet::repo::{Target, TreeChoice};
use tenet::report::diagnostics::{Style, render, to_json};
use tenet::source::SourceId;

/// Steps each generated rule may take: small, so one input is milliseconds, not seconds
const FUEL: u64 = 100_000;

/// A fixed clock, so waiver expiry and `now()` do not depend on the day of the run
fn clock() -> jiff::Timestamp {
    jiff::Timestamp::constant(1_796_256_000, 0)
}

/// Load, check and build `text` as a policy file given on the command line
pub fn load(text: &str) -> Loaded {
    load_with_sets(&[PolicySpec::Text("fuzz.tenet".into(), text.into())], &[], clock())
}

/// Target (a): lexer, parser, checker and program builder on any text, and every renderer
/// of what they report. Nothing may panic or overflow the stack.
pub fn policy(text: &str) {
    let _ = tenet::syntax::parse_expr(text, SourceId(0));
    let loaded = load(text);
    let sources = &loaded.policy.sources;
    let _ = render(&loaded.diagnostics, sources, Style::Plain);
    let _ = render(&loaded.diagnostics, sources, Style::Fancy { color: false });
    for d in &loaded.diagnostics {
        let _ = to_json(d, sources);
    }
}

/// The diagnostics of `tenet lint` without their places: what must not change when only
/// the layout of a file does
fn lint_codes(diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut codes: Vec<String> =
        diagnostics.iter().map(|d| format!("{:?} {}", d.severity, d.code)).collect();
    codes.sort();
    codes
}

/// Target (b): formatting is idempotent, keeps every comment, and `lint` finds the same
/// problems before and after
pub fn fmt(text: &str) {
    let Ok(once) = tenet::fmt::format_source(text) else { return };
    match tenet::fmt::format_source(&once) {
        Ok(twice) => assert_eq!(once, twice, "formatting twice changed the text of\n{text}"),
        Err(d) => panic!(
            "the formatted text does not parse: {d:?}\n--- input\n{text}\n--- formatted\n{once}"
        ),
    }
    let comments = |t: &str| tenet::syntax::parse_file(t, SourceId(0)).0.comments.len();
    assert_eq!(comments(text), comments(&once), "formatting lost a comment of\n{text}");
    let before = lint_codes(&load(text).diagnostics);
    let after = lint_codes(&load(&once).diagnostics);
    assert_eq!(
        before, after,
        "lint disagrees after formatting\n--- input\n{text}\n--- formatted\n{once}"
    );
}

/// Target (c): a policy that checks clean is evaluated on the repository at `repo`, twice,
/// with the same outcomes (deterministic output), and within its fuel
pub fn eval(text: &str, repo: &Path) {
    let loaded = load(text);
    let Some(program) = &loaded.program else { return };
    let run = || {
        let target = match Target::open_at(repo, &TreeChoice::Auto) {
            Ok(t) => Arc::new(t),
            Err(e) => panic!("the fuzz repository does not open: {e:?}"),
        };
        let facts = RepoFacts::new(target, RepoOptions::default());
        run_rules(program, &facts, RunOptions { fuel: FUEL, parallel: true })
    };
    let first = run();
    let second = run();
    assert_eq!(first, second, "two runs of the same policy differ:\n{text}");
}

/// Target (d): each document parser on any bytes, read the way facts read files
pub fn documents(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for kind in ["json", "yaml", "toml"] {
        let _ = tenet::facts::documents::parse(kind, &text, "fuzz/document");
    }
}
