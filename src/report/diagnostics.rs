//! Rendering [`Diagnostic`]s about policies: miette's graphical handler for people,
//! its narratable handler for `--format plain`, and JSON for machines (the report's wire
//! form).
//!
//! Each source file is handed to miette as [`Excerpts`]: only the lines around the labels,
//! escaped and with long lines cut, built once per render, so a file with thousands of
//! labels costs no more per label than a small one and nothing reaches the terminal raw.

use super::excerpt::{Excerpts, escape_text};
use crate::diag::{Diagnostic, Severity};
use crate::source::{SourceId, SourceMap, Span};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, NarratableReportHandler, SourceCode,
};
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

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

/// The files the diagnostics of one render point into, each cut once to what they show
type Files = BTreeMap<SourceId, Excerpts>;

/// Every label's byte range, by file
fn collect_spans(d: &Diagnostic, spans: &mut BTreeMap<SourceId, Vec<Range<usize>>>) {
    for l in &d.labels {
        spans.entry(l.span.source).or_default().push(l.span.range());
    }
    for r in &d.related {
        collect_spans(r, spans);
    }
}

fn collect_files(diags: &[Diagnostic], sources: &SourceMap) -> Files {
    let mut spans = BTreeMap::new();
    for d in diags {
        collect_spans(d, &mut spans);
    }
    spans
        .into_iter()
        .filter_map(|(id, spans)| Some((id, Excerpts::new(sources.get(id)?, &spans))))
        .collect()
}

/// A label as shown: its span translated into its file's excerpts, its text escaped
fn shown_label(message: Option<&str>, span: Span, files: &Files) -> Option<LabeledSpan> {
    let shown = files.get(&span.source)?.span(span.range())?;
    Some(LabeledSpan::new_with_span(message.map(|m| escape_text(m, false).into_owned()), shown))
}

/// A [`Diagnostic`] dressed for miette: one source per report, labels in other sources
/// become related reports
#[derive(Debug)]
struct Dressed<'f> {
    message: String,
    code: String,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<&'f Excerpts>,
    labels: Vec<LabeledSpan>,
    related: Vec<Dressed<'f>>,
}

impl fmt::Display for Dressed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Dressed<'_> {}

impl miette::Diagnostic for Dressed<'_> {
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
        self.source.map(|s| s as &dyn SourceCode)
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

fn dress<'f>(d: &Diagnostic, files: &'f Files) -> Dressed<'f> {
    let primary: Option<SourceId> = d.labels.first().map(|l| l.span.source);
    let mut labels = Vec::new();
    let mut related = Vec::new();
    for l in &d.labels {
        if Some(l.span.source) == primary {
            labels.extend(shown_label(l.message.as_deref(), l.span, files));
        } else {
            let message = l.message.as_deref().unwrap_or("see also");
            related.push(Dressed {
                message: escape_text(message, false).into_owned(),
                code: String::new(),
                severity: miette::Severity::Advice,
                help: None,
                source: files.get(&l.span.source),
                labels: shown_label(None, l.span, files).into_iter().collect(),
                related: Vec::new(),
            });
        }
    }
    related.extend(d.related.iter().map(|r| dress(r, files)));
    Dressed {
        // Messages and labels may quote a scanned repository: escaped, line breaks too,
        // so no text from it can start a line of its own. Help is tenet's or the
        // policy's, and may span lines.
        message: escape_text(&d.message, false).into_owned(),
        code: d.code.to_string(),
        severity: miette_severity(d.severity),
        help: d.help.as_deref().map(|h| escape_text(h, true).into_owned()),
        source: primary.and_then(|id| files.get(&id)),
        labels,
        related,
    }
}

/// Render diagnostics for a terminal or a log, 100 columns wide
pub fn render(diags: &[Diagnostic], sources: &SourceMap, style: Style) -> String {
    render_width(diags, sources, style, 100)
}

/// Render diagnostics for a terminal or a log, `width` columns wide
pub fn render_width(
    diags: &[Diagnostic],
    sources: &SourceMap,
    style: Style,
    width: usize,
) -> String {
    let files = collect_files(diags, sources);
    let mut out = String::new();
    for d in diags {
        let dressed = dress(d, &files);
        let _ = match style {
            Style::Fancy { color } => {
                let theme = if color {
                    GraphicalTheme::unicode()
                } else {
                    GraphicalTheme::unicode_nocolor()
                };
                GraphicalReportHandler::new_themed(theme)
                    .with_width(width)
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

/// A diagnostic as JSON (`tenet lint --format json`): the wire form of the report's
/// policy diagnostics
pub type JsonDiagnostic = super::wire::Diagnostic;

/// Convert for JSON output
pub fn to_json(d: &Diagnostic, sources: &SourceMap) -> JsonDiagnostic {
    super::convert::diagnostic(d, sources)
}
