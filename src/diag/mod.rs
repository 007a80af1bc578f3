//! Diagnostics as data: every phase returns its problems as [`Diagnostic`] values.
//!
//! Only `report/` and `cli/` turn them into text. Codes are `phase::snake_name`, listed in
//! [`CODES`] and documented under one heading each in docs/diagnostics.md (a test checks both).

pub mod suggest;

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
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            code: Cow::Borrowed(code),
            severity: Severity::Error,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            related: Vec::new(),
        }
    }

    /// A warning with a code and message
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
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

/// Every diagnostic code with a one-line summary; docs/diagnostics.md has a heading for each
pub const CODES: &[(&str, &str)] = &[
    ("syntax::unexpected_char", "a character that starts no token"),
    ("syntax::unclosed_string", "a string literal without its closing quote"),
    ("syntax::bad_escape", "an unknown escape sequence in a string"),
    ("syntax::bad_number", "a malformed number, duration, size or date literal"),
    ("syntax::unclosed_regex", "a regex literal without its closing slash"),
    ("syntax::expected", "the parser expected something else here"),
    ("syntax::missing_version", "the file does not start with `tenet 1`"),
    ("syntax::unsupported_version", "a language version this tenet does not know"),
    ("syntax::chained_comparison", "comparisons do not chain"),
    ("syntax::bad_template", "a malformed `{…}` interpolation in a template"),
    ("syntax::too_deep", "an expression nested too deeply to read safely"),
    ("check::unknown_name", "a name that is neither a variable, let, param nor helper"),
    ("check::unknown_fact", "a call to a function that does not exist"),
    ("check::unknown_field", "a field that the value's type does not have"),
    ("check::unknown_method", "a method that the value's type does not have"),
    ("check::arity", "a call with the wrong number of arguments"),
    ("check::unknown_argument", "a named argument the function does not take"),
    ("check::type_mismatch", "a value of the wrong type"),
    ("check::optional_use", "an optional value used before it was narrowed"),
    ("check::bad_regex", "a regex literal the regex engine rejects"),
    ("check::bad_glob", "a glob pattern that does not compile"),
    ("check::unknown_severity", "a severity other than error, warning or note"),
    ("check::unknown_type", "a type name that does not exist"),
    ("check::duplicate_rule", "two rules with the same id"),
    ("check::duplicate_name", "two lets or params with the same name in one file"),
    ("check::duplicate_clause", "a clause that may appear once is repeated"),
    ("check::clause_order", "a clause out of the canonical order"),
    ("check::missing_check", "a rule without `require` or `forbid`"),
    ("check::unused_let", "a `let` that nothing reads"),
    ("check::unused_param", "a `param` that nothing reads"),
    ("check::unknown_rule", "a waiver or test that names no rule"),
    ("check::bad_rule_id", "a rule id that is not kebab-case segments joined by `/`"),
    ("check::waiver_field", "a missing, repeated or unknown field in a waiver"),
    ("check::bad_date", "a date literal that is not a real calendar date"),
    ("check::shadowed", "a loop variable that hides another name"),
    ("check::missing_default", "a param that is neither optional nor given a default"),
    ("check::let_cycle", "lets defined in terms of each other"),
    (
        "check::test_fixture",
        "a test without exactly one fixture, or whose fixture directory does not exist",
    ),
    ("check::duplicate_test", "two tests with the same name in one file"),
    ("check::unavailable_fact", "a call to a fact this version of tenet does not compute yet"),
    ("policy::import_not_found", "an import that names no file or pack"),
    ("policy::import_cycle", "files that import each other"),
    ("policy::unknown_param", "a `with` or `--set` for a param that does not exist"),
    ("policy::ambiguous_param", "a `--set` name declared by more than one file"),
    ("policy::bad_set", "a `--set` value that does not parse or has the wrong type"),
    ("policy::io", "a policy file that could not be read"),
    ("policy::expired_waiver", "a waiver past its expiry date"),
    ("policy::unused_waiver", "a waiver that matched no violation"),
    ("policy::no_policy", "a policy directory without any .tenet file"),
    (
        "policy::outside_repository",
        "a repository's own policy that loads a file from outside the repository",
    ),
    ("eval::fuel_exhausted", "a rule ran out of its step budget"),
    ("eval::type_error", "a value of the wrong type met at run time"),
    ("eval::fact_failed", "a fact the rule needed could not be computed"),
    ("eval::bad_glob", "a glob built at run time does not compile"),
    ("eval::bad_location", "an `at` expression that is not a location"),
    ("eval::overflow", "arithmetic overflowed"),
    ("eval::division_by_zero", "division or remainder by zero"),
    ("eval::index_out_of_range", "a list index past its end"),
    ("eval::internal", "a bug in tenet"),
    ("facts::io", "a file that could not be read"),
    ("facts::not_utf8", "a text file that is not UTF-8"),
    ("facts::too_large", "a file over the size cap"),
    ("facts::symlink_escape", "a symlink that points out of the repository"),
    ("facts::walk", "a directory entry the walk could not read"),
    ("facts::bad_json", "a JSON document that does not parse"),
    ("facts::bad_yaml", "a YAML document that does not parse"),
    ("facts::bad_toml", "a TOML document that does not parse"),
    ("facts::data_not_found", "a `data(name)` file that is not beside the policy"),
    ("facts::unavailable", "a fact this build of tenet does not compute yet"),
];

/// The summary of a code, if it is registered
pub fn code_summary(code: &str) -> Option<&'static str> {
    CODES.iter().find(|(c, _)| *c == code).map(|(_, s)| *s)
}
