//! Diagnostics as data: every phase returns its problems as [`Diagnostic`] values.
//!
//! Only `report/` and `cli/` turn them into text. Codes are `phase::snake_name`, listed in
//! [`CODES`] and documented under one heading each in docs/diagnostics.md (a test checks both).

mod code;
pub mod suggest;

pub use code::Code;

use crate::source::Span;
use serde::Serialize;
use std::borrow::Cow;

/// How serious a diagnostic or a rule is
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational
    Note,
    /// Should be fixed
    Warning,
    /// Must be fixed
    Error,
}

impl Severity {
    /// Parse `error`, `warning` or `note`
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "note" => Some(Severity::Note),
            _ => None,
        }
    }

    /// The keyword form
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A labelled span
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// Where
    pub span: Span,
    /// What to say under it
    pub message: Option<String>,
}

/// One problem found by a phase
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Stable code, e.g. `check::unknown_fact`; for findings, the rule id
    pub code: Cow<'static, str>,
    /// How serious
    pub severity: Severity,
    /// One lowercase sentence, user text in backticks
    pub message: String,
    /// Labelled spans; the first is the primary one
    pub labels: Vec<Label>,
    /// How to fix it
    pub help: Option<String>,
    /// Further diagnostics shown with this one (e.g. "first defined here")
    pub related: Vec<Diagnostic>,
}

impl Diagnostic {
    /// An error with a code and message
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic::new(Cow::Borrowed(code.as_str()), Severity::Error, message)
    }

    /// A finding or diagnostic with any code: for findings, the rule id
    pub fn new(code: Cow<'static, str>, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            related: Vec::new(),
        }
    }

    /// A warning with a code and message
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, message) }
    }

    /// Add a label
    #[must_use]
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        let message = message.into();
        self.labels.push(Label { span, message: (!message.is_empty()).then_some(message) });
        self
    }

    /// Set the help text
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attach a related diagnostic
    #[must_use]
    pub fn with_related(mut self, related: Diagnostic) -> Self {
        self.related.push(related);
        self
    }

    /// The primary span, if any
    pub fn primary_span(&self) -> Option<Span> {
        self.labels.first().map(|l| l.span)
    }
}
