//! Reports: the results of a run as one [`Report`] value, rendered by one module per
//! format. Only this module and `cli` write output.

pub mod diagnostics;
pub mod human;
pub mod json;
pub mod rule_docs;

use crate::diag::{Diagnostic, Severity};
use crate::model::FactError;
use crate::model::{Outcome, OutcomeKind};
use std::path::PathBuf;

/// The results for one repository
#[derive(Debug)]
pub struct RepoReport {
    /// Directory name
    pub name: String,
    /// Absolute path (as given when it cannot be resolved): reports say which checkout they describe
    pub path: PathBuf,
    /// Problems reading the repository that no rule owns
    pub errors: Vec<FactError>,
    /// One outcome per rule, sorted by rule id
    pub outcomes: Vec<Outcome>,
    /// The repository read, for showing snippets of its files; `None` when it could not be
    /// opened
    pub target: Option<std::sync::Arc<crate::repo::Target>>,
}

/// The results of a run
#[derive(Debug)]
pub struct Report {
    /// RFC 3339 time of the run (the `--now` clock)
    pub scanned_at: String,
    /// False when some repository could not be scanned at all
    pub complete: bool,
    /// Repositories, sorted by path
    pub repositories: Vec<RepoReport>,
    /// Problems with the policy found while running (expired and unused waivers)
    pub policy: Vec<Diagnostic>,
}

/// Counts of outcomes
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Repositories
    pub repositories: usize,
    /// Rules in force
    pub rules: usize,
    /// Outcomes `pass`
    pub pass: usize,
    /// Outcomes `fail`
    pub fail: usize,
    /// Outcomes `waived`
    pub waived: usize,
    /// Outcomes `skipped`
    pub skipped: usize,
    /// Outcomes `error`
    pub error: usize,
}

impl Report {
    /// Count the outcomes
    pub fn summary(&self) -> Summary {
        let mut s = Summary { repositories: self.repositories.len(), ..Summary::default() };
        s.rules = self.repositories.iter().map(|r| r.outcomes.len()).max().unwrap_or(0);
        for o in self.repositories.iter().flat_map(|r| &r.outcomes) {
            match o.kind {
                OutcomeKind::Pass => s.pass += 1,
                OutcomeKind::Fail => s.fail += 1,
                OutcomeKind::Waived => s.waived += 1,
                OutcomeKind::Skipped => s.skipped += 1,
                OutcomeKind::Error => s.error += 1,
            }
        }
        s
    }

    /// Did anything fail to evaluate?
    pub fn has_errors(&self) -> bool {
        !self.complete
            || self
                .repositories
                .iter()
                .flat_map(|r| &r.outcomes)
                .any(|o| o.kind == OutcomeKind::Error)
    }

    /// Is there an unwaived finding (or a policy problem) at or above `threshold`?
    pub fn has_findings_at(&self, threshold: Severity) -> bool {
        let failing = self
            .repositories
            .iter()
            .flat_map(|r| &r.outcomes)
            .any(|o| o.kind == OutcomeKind::Fail && o.severity >= threshold);
        failing || self.policy.iter().any(|d| d.severity >= threshold)
    }
}
