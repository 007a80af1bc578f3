//! Outcomes: what evaluating one rule on one repository gave. Produced by `eval::run`,
//! read by the engine, `fix` and reports.

use super::{EvalError, Location};
use crate::diag::Severity;
use serde::Serialize;

/// What happened to one (rule, repository) pair
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OutcomeKind {
    /// The check held everywhere
    Pass,
    /// At least one unwaived violation
    Fail,
    /// Violations, all waived
    Waived,
    /// `when` was false
    Skipped,
    /// Could not be evaluated
    Error,
}

/// One violation of a rule
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    /// The rendered `message`
    pub message: String,
    /// The rendered `help`
    pub help: Option<String>,
    /// Where it points; `None` for repository-level violations
    pub location: Option<Location>,
    /// Index of the waiver that covers it
    pub waived_by: Option<usize>,
    /// Values of the check's operands (`--explain`)
    pub values: Vec<(String, String)>,
    /// The rule's `fix`, rendered in this violation's bindings; applied only by `check --fix`
    pub fix: Option<PlannedFix>,
}

/// A `fix create "PATH" from "TEMPLATE"` rendered for one violation, not yet applied
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedFix {
    /// The file to create, relative to the repository root (validated only when applied)
    pub path: String,
    /// Its content
    pub content: String,
}

/// The result of one rule on one repository
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Rule id
    pub rule: String,
    /// Rule severity
    pub severity: Severity,
    /// What happened
    pub kind: OutcomeKind,
    /// Violations, sorted by location
    pub violations: Vec<Violation>,
    /// Why it could not be evaluated
    pub error: Option<EvalError>,
}
