//! The files human output shows snippets of, for one repository: its own files, read
//! through the repository's [`FileSource`], and the policy files evaluation errors point
//! into. Each file is read and indexed once, however many labels it has.

use super::FileSource;
use super::wire;
use crate::source::{SourceFile, SourceId, SourceMap, Span};
use std::collections::HashMap;

/// Largest scanned file shown as a snippet, in bytes; a [`FileSource`] need not read more
pub const SNIPPET_CAP: usize = 1 << 20;

/// A place in a scanned file, as violations and errors give it (1-based, columns in
/// characters, the end exclusive)
#[derive(Clone, Copy, Debug)]
pub(super) struct Place<'a> {
    pub(super) path: &'a str,
    pub(super) line: u32,
    pub(super) column: Option<u32>,
    pub(super) end: Option<(u32, u32)>,
}

pub(super) struct Snippets<'a> {
    repo: &'a dyn FileSource,
    policy: &'a dyn FileSource,
    /// Everything loaded; the labels of the diagnostics built from it point here
    pub(super) files: SourceMap,
    repo_loaded: HashMap<String, Option<SourceId>>,
    policy_loaded: HashMap<String, Option<SourceId>>,
}

impl<'a> Snippets<'a> {
    pub(super) fn new(repo: &'a dyn FileSource, policy: &'a dyn FileSource) -> Self {
        Snippets {
            repo,
            policy,
            files: SourceMap::default(),
            repo_loaded: HashMap::new(),
            policy_loaded: HashMap::new(),
        }
    }

    /// The span of a place in a scanned file, if the file can be shown; a place without
    /// an end covers the rest of its start line
    pub(super) fn place(&mut self, place: Place<'_>) -> Option<Span> {
        let (repo, files) = (self.repo, &mut self.files);
        let id = *self.repo_loaded.entry(place.path.to_string()).or_insert_with(|| {
            let text = repo.read(place.path)?;
            (text.len() <= SNIPPET_CAP).then(|| files.add(place.path, text))
        });
        let file = self.files.get(id?)?;
        let line = place.line as usize;
        let start = offset(file, line, place.column.map_or(1, |c| c as usize));
        let end = if let Some((line, column)) = place.end {
            offset(file, line as usize, column as usize)
        } else {
            let line_start = offset(file, line, 1);
            let rest = file.text.get(line_start..).unwrap_or("");
            line_start + rest.find('\n').unwrap_or(rest.len())
        };
        Some(Span::new(id?, start, end.max(start)))
    }

    /// The span of a label in a policy file, if the file is at hand
    pub(super) fn label(&mut self, label: &wire::Label) -> Option<Span> {
        let (policy, files) = (self.policy, &mut self.files);
        let id = *self
            .policy_loaded
            .entry(label.file.clone())
            .or_insert_with(|| Some(files.add(&label.file, policy.read(&label.file)?)));
        let file = self.files.get(id?)?;
        let start = offset(file, label.start.0, label.start.1);
        let end = offset(file, label.end.0, label.end.1);
        Some(Span::new(id?, start, end.max(start)))
    }
}

/// Byte offset of a 1-based line and character column; past the end, the end
fn offset(file: &SourceFile, line: usize, column: usize) -> usize {
    let text = &*file.text;
    let start = file.line_start(line.max(1)).unwrap_or(text.len());
    let rest = text.get(start..).unwrap_or("");
    start + rest.char_indices().nth(column.saturating_sub(1)).map_or(rest.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_give_back_the_byte_offset() {
        for text in ["", "a\nbb\n", "çé\nünï\r\nx\rlone\n\nend", "no break"] {
            let file = SourceFile::new("f", text);
            for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let (line, col) = file.line_col(i);
                assert_eq!(offset(&file, line, col), i, "{text:?} at {i}");
            }
        }
    }
}
