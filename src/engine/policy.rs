//! Loading, checking and building a policy for a command, with the lookup of SPEC §4:
//! `--policy`, else `<repo>/.tenet/`, else the embedded `std/recommended`.

use crate::check::{Checked, check};
use crate::diag::{Diagnostic, Severity};
use crate::eval::program::{Program, SetArg, build};
use crate::policy::{Policy, PolicySpec, load};
use std::path::Path;

/// A loaded policy and everything learned about it
pub struct Loaded {
    /// Sources and units
    pub policy: Policy,
    /// Names and types
    pub checked: Checked,
    /// The runnable program, when there were no errors
    pub program: Option<Program>,
    /// Every diagnostic, sorted by place
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// True when any diagnostic is an error
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

/// The policy specs for a repository, following the lookup order. Policies named with
/// `--policy` are trusted; a repository's own `.tenet/` is not, and may load no file from
/// outside the repository.
pub fn specs_for(args: &[String], repo: &Path) -> Vec<PolicySpec> {
    if !args.is_empty() {
        return args.iter().map(|a| PolicySpec::from_arg(a)).collect();
    }
    let local = repo.join(".tenet");
    if local.is_dir() {
        return vec![PolicySpec::Local { dir: local, repo: repo.to_path_buf() }];
    }
    vec![PolicySpec::Std("recommended".to_string())]
}

/// Load, check and build with parsed `--set`s
pub fn load_with_sets(specs: &[PolicySpec], sets: &[SetArg], now: jiff::Timestamp) -> Loaded {
    let mut policy = load(specs);
    let checked = check(&policy);
    let mut diagnostics = std::mem::take(&mut policy.diagnostics);
    diagnostics.extend(checked.diagnostics.iter().cloned());
    let broken = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let program = if broken {
        None
    } else {
        let (program, diags) = build(&mut policy, &checked, sets, now);
        diagnostics.extend(diags);
        program
    };
    diagnostics.sort_by_key(|d| d.primary_span().map(|s| (s.source, s.start)));
    Loaded { policy, checked, program, diagnostics }
}
