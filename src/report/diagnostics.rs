//! Rendering [`Diagnostic`]s about policies: miette's graphical handler for people,
//! its narratable handler for `--format plain`, and JSON for machines (the report's wire
//! form).
//!
//! Each source file is handed to miette once per render, borrowed from the [`SourceMap`],
//! and answers `read_span` from the lines around the span only, so a file with thousands of
//! labels costs no more per label than a small one.

use crate::diag::{Diagnostic, Severity};
use crate::source::{SourceFile, SourceId, SourceMap};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    NarratableReportHandler, SourceCode, SourceSpan, SpanContents,
};
use std::collections::BTreeMap;
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

/// One source file as miette sees it. miette's own `SourceCode` for text scans from byte 0
/// on every `read_span`, which makes a file with many labels quadratic; this one runs that
/// same scan over a window of a few lines around the span and shifts the answer back, so
/// the output is byte for byte what miette would have produced.
#[derive(Debug)]
struct FileSource<'s> {
    file: &'s SourceFile,
    /// Offsets of `\r` not followed by `\n`: miette counts them as line breaks, the line
    /// index of [`SourceFile`] does not. Almost always empty.
    lone_cr: Vec<usize>,
}

impl<'s> FileSource<'s> {
    fn new(file: &'s SourceFile) -> Self {
        let bytes = file.text.as_bytes();
        let lone_cr = file
            .text
            .match_indices('\r')
            .map(|(i, _)| i)
            .filter(|&i| bytes.get(i + 1) != Some(&b'\n'))
            .collect();
        FileSource { file, lone_cr }
    }

    /// Line breaks before `offset` as miette counts them; `offset` starts a line
    fn lines_before(&self, offset: usize) -> usize {
        let (line, _) = self.file.line_col(offset);
        line - 1 + self.lone_cr.partition_point(|&cr| cr < offset)
    }
}

/// Start of the line `n` lines above the one holding `offset`
fn line_start_above(text: &[u8], offset: usize, n: usize) -> usize {
    let mut pos = offset.min(text.len());
    for _ in 0..=n {
        match text.get(..pos).and_then(|t| t.iter().rposition(|&b| b == b'\n')) {
            Some(newline) => pos = newline,
            None => return 0,
        }
    }
    pos + 1
}

/// Just past the `n + 1`th line break at or after `offset`, or the end of the text
fn line_end_below(text: &[u8], offset: usize, n: usize) -> usize {
    let mut pos = offset.min(text.len());
    for _ in 0..=n {
        match text.get(pos..).and_then(|t| t.iter().position(|&b| b == b'\n')) {
            Some(i) => pos += i + 1,
            None => return text.len(),
        }
    }
    pos
}

impl SourceCode for FileSource<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = self.file.text.as_bytes();
        // Past the end miette's own scan may slice out of range and panic.
        if span.offset() > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        // One line more than asked on each side: miette's scan looks at the line break just
        // before the span's line and past the last context line, and its answer for a
        // window cut exactly there could differ from its answer for the whole text.
        let start = line_start_above(text, span.offset(), context_lines_before + 1);
        let end =
            line_end_below(text, span.offset().saturating_add(span.len()), context_lines_after + 1);
        let window = text.get(start..end).ok_or(MietteError::OutOfBounds)?;
        let local = SourceSpan::new(span.offset().saturating_sub(start).into(), span.len());
        let inner = window.read_span(&local, context_lines_before, context_lines_after)?;
        let above = self.lines_before(start);
        let contents = MietteSpanContents::new_named(
            self.file.name.clone(),
            inner.data(),
            SourceSpan::new((inner.span().offset() + start).into(), inner.span().len()),
            inner.line() + above,
            inner.column(),
            // miette reports the line breaks from the start of the text to the end of the
            // snippet, not the snippet's own; it uses the sum to decide whether two snippets
            // overlap.
            inner.line_count() + above,
        )
        .with_language("tenet");
        Ok(Box::new(contents))
    }
}

/// The files the diagnostics of one render point into, each prepared once
type Files<'s> = BTreeMap<SourceId, FileSource<'s>>;

fn collect_files<'s>(d: &Diagnostic, sources: &'s SourceMap, files: &mut Files<'s>) {
    for l in &d.labels {
        if !files.contains_key(&l.span.source)
            && let Some(f) = sources.get(l.span.source)
        {
            files.insert(l.span.source, FileSource::new(f));
        }
    }
    for r in &d.related {
        collect_files(r, sources, files);
    }
}

/// A [`Diagnostic`] dressed for miette: one source per report, labels in other sources
/// become related reports
#[derive(Debug)]
struct Dressed<'f> {
    message: String,
    code: String,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<&'f FileSource<'f>>,
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

fn dress<'f>(d: &Diagnostic, files: &'f Files<'f>) -> Dressed<'f> {
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
                source: files.get(&l.span.source),
                labels: vec![LabeledSpan::new_with_span(None, l.span)],
                related: Vec::new(),
            });
        }
    }
    related.extend(d.related.iter().map(|r| dress(r, files)));
    Dressed {
        message: d.message.clone(),
        code: d.code.to_string(),
        severity: miette_severity(d.severity),
        help: d.help.clone(),
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
    let mut files = Files::new();
    for d in diags {
        collect_files(d, sources, &mut files);
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything miette reads from a `SpanContents`
    fn parts(c: &dyn SpanContents<'_>) -> (Vec<u8>, usize, usize, usize, usize, usize) {
        (c.data().to_vec(), c.span().offset(), c.span().len(), c.line(), c.column(), c.line_count())
    }

    #[test]
    fn windowed_read_span_agrees_with_miette_on_every_span() {
        let texts = [
            "",
            "one line, no break",
            "a\nbb\n\nccc\ndddd\n",
            "\n\n\nx\n\n",
            "crlf\r\nlines\r\n\r\nhere\r\n",
            "lone\rcarriage\rreturns\nmixed\r\nend",
            "çé\nunicode ü\n\nlast",
        ];
        for text in texts {
            let file = SourceFile::new("f", text);
            let ours = FileSource::new(&file);
            assert!(ours.read_span(&SourceSpan::new((text.len() + 1).into(), 0), 0, 0).is_err());
            for start in 0..=text.len() {
                for len in 0..=text.len() + 1 - start {
                    for (before, after) in [(0, 0), (1, 1), (2, 1), (0, 2)] {
                        let span = SourceSpan::new(start.into(), len);
                        let want = text.read_span(&span, before, after);
                        let got = ours.read_span(&span, before, after);
                        match (want, got) {
                            (Ok(w), Ok(g)) => {
                                assert_eq!(
                                    parts(&*w),
                                    parts(&*g),
                                    "{text:?} {start}+{len} ({before},{after})"
                                );
                                assert_eq!(g.name(), Some("f"));
                            }
                            (Err(_), Err(_)) => {}
                            (w, g) => panic!(
                                "{text:?} {start}+{len}: miette {:?}, ours {:?}",
                                w.is_ok(),
                                g.is_ok()
                            ),
                        }
                    }
                }
            }
        }
    }
}
