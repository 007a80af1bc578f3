//! Rendering [`Diagnostic`]s about policies: miette's graphical handler for people,
//! its narratable handler for `--format plain`, and JSON for machines.

use crate::diag::{Diagnostic, Severity};
use crate::source::{SourceId, SourceMap};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, NarratableReportHandler,
};
use serde::Serialize;
use std::fmt;

/// How to draw diagnostics for people
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Boxes and arrows; `color` picks the ANSI theme
    Fancy {
        /// Use ANSI colors
        color: bool,
    },
    /// Narrated text for screen readers and logs
    Plain,
}

/// A [`Diagnostic`] dressed for miette: one source per report, labels in other sources
/// become related reports
#[derive(Debug)]
struct Dressed {
    message: String,
    code: String,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<NamedSource<String>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Dressed>,
}

impl fmt::Display for Dressed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Dressed {}

impl miette::Diagnostic for Dressed {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.code.is_empty()).then(|| Box::new(&self.code) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        (!self.labels.is_empty())
            .then(|| Box::new(self.labels.iter().cloned()) as Box<dyn Iterator<Item = LabeledSpan>>)
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        (!self.related.is_empty()).then(|| {
            Box::new(self.related.iter().map(|r| r as &dyn miette::Diagnostic))
                as Box<dyn Iterator<Item = &dyn miette::Diagnostic>>
        })
    }
}

fn miette_severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Note => miette::Severity::Advice,
    }
}

fn dress(d: &Diagnostic, sources: &SourceMap) -> Dressed {
    let primary: Option<SourceId> = d.labels.first().map(|l| l.span.source);
    let mut labels = Vec::new();
    let mut related = Vec::new();
    for l in &d.labels {
        let span = LabeledSpan::new_with_span(l.message.clone(), l.span);
        if Some(l.span.source) == primary {
            labels.push(span);
        } else {
            related.push(Dressed {
                message: l.message.clone().unwrap_or_else(|| "see also".to_string()),
                code: String::new(),
                severity: miette::Severity::Advice,
                help: None,
                source: named(sources, l.span.source),
                labels: vec![LabeledSpan::new_with_span(None, l.span)],
                related: Vec::new(),
            });
        }
    }
    related.extend(d.related.iter().map(|r| dress(r, sources)));
    Dressed {
        message: d.message.clone(),
        code: d.code.to_string(),
        severity: miette_severity(d.severity),
        help: d.help.clone(),
        source: primary.and_then(|id| named(sources, id)),
        labels,
        related,
    }
}

fn named(sources: &SourceMap, id: SourceId) -> Option<NamedSource<String>> {
    sources
        .get(id)
        .map(|f| NamedSource::new(f.name.clone(), f.text.to_string()).with_language("tenet"))
}

/// Render diagnostics for a terminal or a log
pub fn render(diags: &[Diagnostic], sources: &SourceMap, style: Style) -> String {
    let mut out = String::new();
    for d in diags {
        let dressed = dress(d, sources);
        let _ = match style {
            Style::Fancy { color } => {
                let theme = if color {
                    GraphicalTheme::unicode()
                } else {
                    GraphicalTheme::unicode_nocolor()
                };
                GraphicalReportHandler::new_themed(theme)
                    .with_width(100)
                    .with_links(false)
                    .render_report(&mut out, &dressed)
            }
            Style::Plain => NarratableReportHandler::new().render_report(&mut out, &dressed),
        };
        // A blank line between reports keeps each one readable on its own.
        out.push('\n');
    }
    out
}

/// A diagnostic as JSON: code, severity, message, help, and the primary location
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    /// Code
    pub code: String,
    /// Severity
    pub severity: Severity,
    /// Message
    pub message: String,
    /// Help
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// File of the primary label
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based character column
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

/// Convert for JSON output
pub fn to_json(d: &Diagnostic, sources: &SourceMap) -> JsonDiagnostic {
    let place = d.primary_span().and_then(|s| {
        sources.get(s.source).map(|f| (f.name.clone(), f.line_col(s.start as usize)))
    });
    JsonDiagnostic {
        code: d.code.to_string(),
        severity: d.severity,
        message: d.message.clone(),
        help: d.help.clone(),
        file: place.as_ref().map(|p| p.0.clone()),
        line: place.as_ref().map(|p| p.1.0),
        column: place.as_ref().map(|p| p.1.1),
    }
}
