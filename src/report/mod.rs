//! Reports: the last step of the pipeline. The engine hands over each repository's results
//! ([`RepoReport`]); [`convert`] turns them into the [`wire`] model once, and one
//! [`Reporter`] per format writes them, repository by repository, so a scan of thousands
//! of repositories writes each one as it finishes. Only this module and `cli` write output,
//! and renderers read scanned files only through a [`FileSource`].

pub mod convert;
pub mod dashboard;
pub mod diagnostics;
pub mod excerpt;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod merge;
mod reporter;
pub mod rule_docs;
pub mod sarif;
pub mod scores;
mod snippets;
pub mod summary;
mod text;
pub mod wire;
mod writer;

pub use reporter::{FileSource, NoFiles, ReportTail, Reporter, RunInfo, write_report};
pub use snippets::SNIPPET_CAP;
/// Text from a scanned repository made fit for one line of a terminal or a log
pub(crate) use text::one_line as escape_text;
pub use writer::ReportWriter;

use crate::diag::{Diagnostic, Severity};
use crate::model::FactError;
use crate::model::{Outcome, OutcomeKind};
use std::path::PathBuf;

/// The engine's results for one repository, before conversion to [`wire::Repository`]
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
    /// Problems with the repository's own `.tenet/` policy in a scan (its expired, unused
    /// and ignored waivers), already placed in its files
    pub policy: Vec<wire::Diagnostic>,
    /// The waivers of the repository's own `.tenet/` policy in a scan
    pub waivers: Vec<wire::Waiver>,
}

/// The engine's results of a run, before conversion to [`wire::Report`]
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
    /// The waivers of the policy, expired ones included
    pub waivers: Vec<wire::Waiver>,
}

impl Report {
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
        let local = self.repositories.iter().flat_map(|r| &r.policy);
        failing
            || self.policy.iter().any(|d| d.severity >= threshold)
            || local.map(|d| convert::diag_severity(d.severity)).any(|s| s >= threshold)
    }
}
