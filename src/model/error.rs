//! Why something could not be computed: [`FactError`] from facts, [`EvalError`] from the
//! evaluator. Plain data, shared by facts, eval, the engine and reports.

use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::source::Span;

/// Why a fact could not be computed
#[derive(Clone, Debug, PartialEq)]
pub struct FactError {
    /// Diagnostic code, e.g. `facts::bad_yaml`
    pub code: Code,
    /// One lowercase sentence
    pub message: String,
    /// The file it concerns, relative to the repository
    pub path: Option<String>,
    /// 1-based line in that file, when known
    pub line: Option<u32>,
}

impl FactError {
    /// An error about the repository as a whole
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        FactError { code, message: message.into(), path: None, line: None }
    }

    /// An error about one file
    pub fn at(code: Code, message: impl Into<String>, path: impl Into<String>) -> Self {
        FactError { code, message: message.into(), path: Some(path.into()), line: None }
    }
}

/// Why an evaluation stopped
#[derive(Clone, Debug, PartialEq)]
pub struct EvalError {
    /// Diagnostic code
    pub code: Code,
    /// One lowercase sentence
    pub message: String,
    /// The policy expression that failed
    pub span: Span,
    /// The scanned file concerned, when a fact failed on one
    pub path: Option<String>,
    /// Line in that file
    pub line: Option<u32>,
}

impl EvalError {
    pub(crate) fn new(code: Code, message: impl Into<String>, span: Span) -> Self {
        EvalError { code, message: message.into(), span, path: None, line: None }
    }

    /// As a diagnostic labelled in the policy
    pub fn to_diagnostic(&self) -> Diagnostic {
        let mut d = Diagnostic::error(self.code, self.message.clone())
            .with_label(self.span, "while evaluating this");
        if self.code == Code::EvalFuelExhausted {
            d = d.with_help("narrow the rule's loops, or raise the budget with `--fuel`");
        }
        d
    }
}
