//! What a terminal is shown of a source file: the few lines around a diagnostic's labels,
//! with every control character escaped and very long lines cut to a window around the
//! labels. `diagnostics` hands miette an [`Excerpts`] instead of the file, so that
//! nothing from a scanned repository reaches the terminal raw (no escape sequence can
//! clear the screen or fake a result), a minified file costs a few hundred columns
//! instead of a megabyte per finding, and no column is ever past what miette can pad
//! (its format widths overflow, and panic, past 65,535).
//!
//! The excerpt lives in its own offset space ("shown" offsets): labels are translated
//! with [`Excerpts::span`], and line numbers are those of the file. `\r` before `\n` stays
//! a line break; a lone `\r` is shown escaped, as tenet's locations do not count it as one.

use crate::source::SourceFile;
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use std::fmt::Write as _;
use std::ops::Range;

/// Lines up to this many characters are shown whole
pub const LONG_LINE: usize = 240;
/// Characters shown on each side of a label's start and end in a long line
const PAD: usize = 80;
/// Lines of context miette asks for, plus the one more it scans on each side
const CONTEXT: usize = 2;

/// The parts of one file a render shows
#[derive(Debug)]
pub struct Excerpts {
    name: String,
    excerpts: Vec<Excerpt>,
}

/// Whole lines of the file, as shown
#[derive(Debug)]
struct Excerpt {
    /// Byte range in the file: starts a line, ends after a line break or at the end
    orig: Range<usize>,
    /// Shown offset of `text`'s first byte
    base: usize,
    /// Line breaks in the file before `orig.start`
    first_line: usize,
    text: String,
    /// Where the shown text stops copying the file, sorted by `orig`
    marks: Vec<Mark>,
}

/// From `orig` on, the shown text copies the file (`replaced: None`) or shows
/// `replaced` bytes in place of the original up to the next mark
#[derive(Clone, Copy, Debug)]
struct Mark {
    orig: usize,
    shown: usize,
    replaced: Option<usize>,
}

/// Shown escaped: control characters (but tab), bidirectional overrides (they reorder
/// what a reader sees) and the byte-order mark
pub fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{feff}')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// A string fit for a terminal: characters of [`needs_escape`] as `\u{…}`, and line breaks
/// too unless `keep_newlines`
pub fn escape_text(s: &str, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    let escape = |c: char| needs_escape(c) && !(keep_newlines && c == '\n');
    if !s.chars().any(escape) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if escape(c) {
            let _ = write!(out, "{}", c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out.into()
}

impl Excerpts {
    /// The excerpts of `file` that show `spans` (byte ranges of the file)
    pub fn new(file: &SourceFile, spans: &[Range<usize>]) -> Self {
        let text = &*file.text;
        let mut lines: Vec<Range<usize>> = spans
            .iter()
            .map(|s| {
                let start = s.start.min(text.len());
                let end = s.end.clamp(start, text.len());
                let first = file.line_col(start).0.saturating_sub(1 + CONTEXT);
                let last = file.line_col(end).0 + CONTEXT;
                first..last
            })
            .collect();
        lines.sort_by_key(|r| r.start);
        let mut merged: Vec<Range<usize>> = Vec::new();
        for r in lines {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        let mut excerpts = Vec::with_capacity(merged.len());
        let mut base = 0;
        for r in merged {
            let start = file.line_start(r.start + 1).unwrap_or(text.len());
            let end = file.line_start(r.end + 1).unwrap_or(text.len());
            let excerpt = Excerpt::new(text, start..end, r.start, base, spans);
            // One byte between excerpts, so that no shown offset belongs to two of them
            base += excerpt.text.len() + 1;
            excerpts.push(excerpt);
        }
        Excerpts { name: file.name.clone(), excerpts }
    }

    /// A span of the file as shown; `None` when no excerpt holds it
    pub fn span(&self, span: Range<usize>) -> Option<SourceSpan> {
        let i = self.excerpts.partition_point(|e| e.orig.end < span.start);
        let e = self.excerpts.get(i)?;
        if span.start < e.orig.start {
            return None;
        }
        let start = e.shown_start(span.start);
        let end = e.shown_end(span.end.clamp(span.start, e.orig.end)).max(start);
        Some(SourceSpan::new((e.base + start).into(), end - start))
    }
}

impl Excerpt {
    fn new(
        text: &str,
        orig: Range<usize>,
        first_line: usize,
        base: usize,
        spans: &[Range<usize>],
    ) -> Self {
        let mut e = Excerpt {
            orig: orig.clone(),
            base,
            first_line,
            text: String::new(),
            marks: Vec::new(),
        };
        let mut line_start = orig.start;
        while line_start < orig.end {
            let rest = text.get(line_start..orig.end).unwrap_or("");
            let line_end = rest.find('\n').map_or(orig.end, |i| line_start + i + 1);
            e.push_line(text, line_start..line_end, spans);
            line_start = line_end;
        }
        e
    }

    /// One line (with its break), whole or cut to the windows around the labels on it
    fn push_line(&mut self, text: &str, line: Range<usize>, spans: &[Range<usize>]) {
        let body = text.get(line.clone()).unwrap_or("");
        let chars: Vec<(usize, char)> =
            body.char_indices().map(|(i, c)| (line.start + i, c)).collect();
        let keep = if chars.len() <= LONG_LINE {
            std::iter::once(0..chars.len()).collect()
        } else {
            windows(&chars, &line, spans)
        };
        let mut next = 0;
        for window in keep {
            if window.start > next {
                let from = chars.get(next).map_or(line.end, |c| c.0);
                self.replace(from, "…");
            }
            for &(offset, c) in chars.get(window.clone()).unwrap_or(&[]) {
                let crlf = c == '\r' && text.get(offset + 1..offset + 2) == Some("\n");
                if needs_escape(c) && c != '\n' && !crlf {
                    self.replace(offset, &c.escape_unicode().to_string());
                } else {
                    self.copy(offset, c);
                }
            }
            next = window.end;
        }
        if next < chars.len() {
            let from = chars.get(next).map_or(line.end, |c| c.0);
            self.replace(from, "…");
        }
    }

    fn copy(&mut self, orig: usize, c: char) {
        let copying = self
            .marks
            .last()
            .is_some_and(|m| m.replaced.is_none() && m.orig + (self.text.len() - m.shown) == orig);
        if !copying {
            self.marks.push(Mark { orig, shown: self.text.len(), replaced: None });
        }
        self.text.push(c);
    }

    fn replace(&mut self, orig: usize, with: &str) {
        self.marks.push(Mark { orig, shown: self.text.len(), replaced: Some(with.len()) });
        self.text.push_str(with);
    }

    fn mark(&self, orig: usize) -> Option<&Mark> {
        let i = self.marks.partition_point(|m| m.orig <= orig);
        self.marks.get(i.checked_sub(1)?)
    }

    /// Shown offset (in `text`) of a file offset where a span starts
    fn shown_start(&self, orig: usize) -> usize {
        match self.mark(orig) {
            Some(m) if m.replaced.is_none() => m.shown + (orig - m.orig),
            Some(m) => m.shown,
            None => 0,
        }
    }

    /// Shown offset of a file offset where a span ends: a span ending inside a replaced
    /// stretch covers all of its replacement
    fn shown_end(&self, orig: usize) -> usize {
        match self.mark(orig) {
            Some(m) if m.orig == orig => m.shown,
            Some(m) => m.shown + m.replaced.unwrap_or(orig - m.orig),
            None => 0,
        }
        .min(self.text.len())
    }

    /// File offset of a shown offset
    fn orig_of(&self, shown: usize) -> usize {
        let i = self.marks.partition_point(|m| m.shown <= shown);
        match i.checked_sub(1).and_then(|i| self.marks.get(i)) {
            Some(m) if m.replaced.is_none() => m.orig + (shown - m.shown),
            Some(m) => m.orig,
            None => self.orig.start,
        }
    }
}

/// The characters of a long line to show: around each label's start and end on it, or
/// the line's head when a label only passes through it
fn windows(
    chars: &[(usize, char)],
    line: &Range<usize>,
    spans: &[Range<usize>],
) -> Vec<Range<usize>> {
    let index = |offset: usize| chars.partition_point(|c| c.0 < offset);
    let mut points = Vec::new();
    for s in spans {
        let on_line = |o: usize| line.contains(&o);
        if on_line(s.start) {
            points.push(index(s.start));
        }
        if on_line(s.end) {
            points.push(index(s.end));
        }
        if s.start < line.start && s.end >= line.end {
            points.push(0);
        }
    }
    if points.is_empty() {
        points.push(0);
    }
    points.sort_unstable();
    let mut out: Vec<Range<usize>> = Vec::new();
    for p in points {
        let w = p.saturating_sub(PAD)..(p + PAD).min(chars.len());
        match out.last_mut() {
            Some(last) if w.start <= last.end => last.end = last.end.max(w.end),
            _ => out.push(w),
        }
    }
    // The line break itself is always shown, so the next line starts on its own
    if let Some(last) = chars.len().checked_sub(1)
        && chars.get(last).is_some_and(|c| c.1 == '\n')
        && out.last().is_none_or(|w| w.end <= last)
    {
        out.push(last..chars.len());
    }
    out
}

impl SourceCode for Excerpts {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let i = self.excerpts.partition_point(|e| e.base + e.text.len() < span.offset());
        let e = self.excerpts.get(i).filter(|e| e.base <= span.offset());
        let e = e.ok_or(MietteError::OutOfBounds)?;
        let local = SourceSpan::new((span.offset() - e.base).into(), span.len());
        let inner =
            e.text.as_bytes().read_span(&local, context_lines_before, context_lines_after)?;
        // The column miette prints is the byte column in the file, not in the excerpt:
        // miette's own answer, corrected by what was cut or escaped before the span on its
        // line (miette answers 0 for some reads with context; so do we).
        let local_line =
            e.text.get(..local.offset()).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
        let cut = (e.orig_of(local.offset()) - e.orig_of(local_line)) as isize
            - (local.offset() - local_line) as isize;
        let column = match inner.column() {
            0 => 0,
            c => c.saturating_add_signed(cut),
        };
        Ok(Box::new(
            MietteSpanContents::new_named(
                self.name.clone(),
                inner.data(),
                SourceSpan::new((inner.span().offset() + e.base).into(), inner.span().len()),
                inner.line() + e.first_line,
                column,
                // miette counts line breaks from the start of the text to the end of the
                // snippet, and compares the sums to decide whether two snippets overlap.
                inner.line_count() + e.first_line,
            )
            .with_language("tenet"),
        ))
    }
}

#[cfg(test)]
#[path = "excerpt_tests.rs"]
mod tests;
