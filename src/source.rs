//! Source files and spans, shared by every phase.
//!
//! Every AST node and diagnostic carries a [`Span`]: a source id plus a byte range. The
//! text lives once in the [`SourceMap`] and is looked up only when a diagnostic is rendered.

use std::sync::Arc;

/// Identifies one file in a [`SourceMap`]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct SourceId(pub u32);

/// A byte range in one source file
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// The file the range is in
    pub source: SourceId,
    /// Byte offset of the first byte
    pub start: u32,
    /// Byte offset one past the last byte
    pub end: u32,
}

impl Span {
    /// A span over `start..end` of `source`
    pub fn new(source: SourceId, start: usize, end: usize) -> Self {
        Span { source, start: start as u32, end: end as u32 }
    }

    /// The smallest span covering both (same source assumed)
    #[must_use]
    pub fn to(self, other: Span) -> Span {
        Span {
            source: self.source,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The byte range as `usize`
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True for an empty range
    pub fn is_empty(self) -> bool {
        self.end == self.start
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        (span.start as usize, span.len()).into()
    }
}

/// One loaded source text with its line index
#[derive(Debug)]
pub struct SourceFile {
    /// Display name (a path, `std/hygiene`, `<stdin>`)
    pub name: String,
    /// The whole text
    pub text: Arc<str>,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Index a text
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let line_starts = line_starts(&text);
        SourceFile { name: name.into(), text, line_starts }
    }

    /// 1-based line and 1-based character column of a byte offset
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        line_col(&self.text, &self.line_starts, offset)
    }

    /// Byte offset where 1-based line `line` starts, if the text has that line
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line.checked_sub(1)?).copied()
    }

    /// The text of a span
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }
}

/// Byte offsets where each line starts
pub fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

/// 1-based (line, character column) of `offset`, given [`line_starts`]
pub fn line_col(text: &str, starts: &[usize], offset: usize) -> (usize, usize) {
    let line = starts.partition_point(|&s| s <= offset).max(1);
    let start = starts.get(line - 1).copied().unwrap_or(0);
    let col = text.get(start..offset.min(text.len())).map_or(1, |s| s.chars().count() + 1);
    (line, col)
}

/// Byte offset → 1-based (line, character column) for any number of lookups in any order,
/// in O(log n) plus a bounded scan. [`line_col`] counts from the start of the line, which is
/// quadratic over the nodes of a long line (a minified JSON document); this keeps a
/// character count every 256 bytes.
#[derive(Debug)]
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
    /// Characters in `text[..i * STEP]`
    checkpoints: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    const STEP: usize = 256;

    /// Index a text
    pub fn new(text: &'t str) -> Self {
        let mut checkpoints = Vec::with_capacity(text.len() / Self::STEP + 1);
        let mut count = 0;
        for chunk in text.as_bytes().chunks(Self::STEP) {
            checkpoints.push(count);
            count += chars_in(chunk);
        }
        LineIndex { text, starts: line_starts(text), checkpoints }
    }

    /// 1-based line and 1-based character column of a byte offset (clamped to the text)
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = match self.text.as_bytes().get(start..offset) {
            Some(head) if head.len() <= Self::STEP => chars_in(head),
            _ => self.chars_before(offset) - self.chars_before(start),
        };
        (line, column + 1)
    }

    /// [`line_col`](Self::line_col) of `offset`, given the position `at` of an earlier offset
    /// `from`: a short step forward is counted directly
    pub fn line_col_after(&self, from: usize, at: (usize, usize), offset: usize) -> (usize, usize) {
        match self.text.as_bytes().get(from..offset) {
            Some(step) if step.len() <= Self::STEP => {
                let (mut line, mut column) = at;
                for &b in step {
                    if b == b'\n' {
                        (line, column) = (line + 1, 1);
                    } else if b & 0xC0 != 0x80 {
                        column += 1;
                    }
                }
                (line, column)
            }
            _ => self.line_col(offset),
        }
    }

    fn chars_before(&self, offset: usize) -> usize {
        let block = offset / Self::STEP;
        let from = block * Self::STEP;
        self.checkpoints.get(block).copied().unwrap_or(0)
            + self.text.as_bytes().get(from..offset).map_or(0, chars_in)
    }
}

/// Characters in UTF-8 bytes cut anywhere: the bytes that do not continue a character
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

/// All sources of one run; ids index into it
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// Add a file, returning its id
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<Arc<str>>) -> SourceId {
        let id = SourceId(self.files.len() as u32);
        self.files.push(SourceFile::new(name, text));
        id
    }

    /// Look up a file
    pub fn get(&self, id: SourceId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// The id of the file with this name, if loaded
    pub fn find(&self, name: &str) -> Option<SourceId> {
        self.files.iter().position(|f| f.name == name).map(|i| SourceId(i as u32))
    }

    /// The text of a span, or "" when unknown
    pub fn slice(&self, span: Span) -> &str {
        self.get(span.source).map_or("", |f| f.slice(span))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let f = SourceFile::new("x", "ab\nçd\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(5), (2, 2));
        assert_eq!(f.line_col(7), (3, 1));
    }

    #[test]
    fn line_index_agrees_with_line_col_on_every_offset() {
        let long = "é".repeat(300) + "x";
        let text = format!("ab\nçd\n{long}\n\n日本{long}z");
        let starts = line_starts(&text);
        let index = LineIndex::new(&text);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let want = line_col(&text, &starts, offset);
            assert_eq!(index.line_col(offset), want, "offset {offset}");
            for from in [0, offset.saturating_sub(3), offset.saturating_sub(300)] {
                if text.is_char_boundary(from) {
                    let at = index.line_col(from);
                    assert_eq!(index.line_col_after(from, at, offset), want, "{from}..{offset}");
                }
            }
        }
    }
}
