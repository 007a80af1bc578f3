//! The parser's error type: what was expected, where, and what was found.

use super::input::Tokens;
use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::source::Span;
use nom::error::{ErrorKind, ParseError};

/// A parse failure at one token
#[derive(Clone, Debug)]
pub(crate) struct PError {
    /// Where (the offending token)
    pub(crate) span: Span,
    /// What the parser wanted, e.g. "`{`"
    pub(crate) expected: String,
    /// Override for the whole message (for errors that are not "expected X");
    /// boxed so that every `PResult` stays small
    pub(crate) custom: Option<Box<Diagnostic>>,
}

impl PError {
    /// "expected X" at the next token of `i`
    pub(crate) fn expected(i: Tokens<'_>, what: impl Into<String>) -> Self {
        PError { span: i.span(), expected: what.into(), custom: None }
    }

    /// A fully formed diagnostic
    pub(crate) fn custom(diag: Diagnostic) -> Self {
        PError {
            span: diag.primary_span().unwrap_or_default(),
            expected: String::new(),
            custom: Some(Box::new(diag)),
        }
    }

    /// Render as a diagnostic; `found` describes the offending token
    pub(crate) fn into_diagnostic(self, found: &str) -> Diagnostic {
        if let Some(d) = self.custom {
            return *d;
        }
        let label = if found == "end of input" {
            "the file ends here".to_string()
        } else {
            format!("found {found}")
        };
        Diagnostic::error(Code::SyntaxExpected, format!("expected {}", self.expected))
            .with_label(self.span, label)
    }
}

impl<'a> ParseError<Tokens<'a>> for PError {
    fn from_error_kind(input: Tokens<'a>, kind: ErrorKind) -> Self {
        PError::expected(input, format!("{kind:?}").to_lowercase())
    }

    fn append(_: Tokens<'a>, _: ErrorKind, other: Self) -> Self {
        other
    }

    fn or(self, other: Self) -> Self {
        // Keep the error that got further; on a tie, merge the expectations.
        if other.span.start > self.span.start {
            other
        } else if other.span.start == self.span.start
            && self.custom.is_none()
            && other.custom.is_none()
        {
            PError { expected: format!("{} or {}", self.expected, other.expected), ..self }
        } else {
            self
        }
    }
}

/// Results of token parsers
pub(crate) type PResult<'a, T> = nom::IResult<Tokens<'a>, T, PError>;
