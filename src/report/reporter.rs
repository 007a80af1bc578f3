//! The interface every output format implements, and the files renderers may read.

use super::wire;
use crate::source::SourceMap;
use std::io::{self, Write};
use std::sync::Arc;

/// What is known about a run before its first repository
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunInfo {
    /// The tool that produced the results
    pub tool: wire::Tool,
    /// RFC 3339 time of the run
    pub scanned_at: String,
    /// What a scan covers (`None` for `tenet check`)
    pub scan: Option<wire::Scan>,
}

/// What is known only once every repository is written
#[derive(Clone, Debug, PartialEq)]
pub struct ReportTail {
    /// False when the run did not evaluate everything it was asked to
    pub complete: bool,
    /// Problems with the policy found while running (expired and unused waivers)
    pub policy: Vec<wire::Diagnostic>,
    /// The waivers of the policy, expired ones included
    pub waivers: Vec<wire::Waiver>,
    /// Counts over every repository
    pub summary: wire::Summary,
}

/// One output format. It is called `begin`, then `repository` once per repository in
/// report order, then `finish`; what it writes in between is its own business, but the
/// bytes it writes in all are a function of the report alone.
pub trait Reporter {
    /// Start the output
    fn begin(&mut self, out: &mut dyn Write, run: &RunInfo) -> io::Result<()>;
    /// Write one repository; `files` reads its files for snippets while it is still open
    fn repository(
        &mut self,
        out: &mut dyn Write,
        repo: &wire::Repository,
        files: &dyn FileSource,
    ) -> io::Result<()>;
    /// End the output
    fn finish(&mut self, out: &mut dyn Write, tail: &ReportTail) -> io::Result<()>;
}

/// The text of files, by name, for snippets. Renderers never touch the filesystem: a
/// repository's files come through its target, policy files from the loaded policy.
pub trait FileSource {
    /// The text of `path`, or `None` when it cannot (or should not) be shown
    fn read(&self, path: &str) -> Option<Arc<str>>;
}

/// No file at all: a report read back from JSON, whose repositories are not at hand
#[derive(Clone, Copy, Debug, Default)]
pub struct NoFiles;

impl FileSource for NoFiles {
    fn read(&self, _: &str) -> Option<Arc<str>> {
        None
    }
}

/// The policy files of a run, by the name they were loaded under
impl FileSource for SourceMap {
    fn read(&self, path: &str) -> Option<Arc<str>> {
        self.get(self.find(path)?).map(|f| f.text.clone())
    }
}

/// Write a whole report; `files` gives each repository's files (use [`NoFiles`] for a
/// report read back from JSON)
pub fn write_report(
    reporter: &mut dyn Reporter,
    out: &mut dyn Write,
    report: &wire::Report,
    files: &dyn Fn(&wire::Repository) -> Box<dyn FileSource + '_>,
) -> io::Result<()> {
    reporter.begin(
        out,
        &RunInfo {
            tool: report.tool.clone(),
            scanned_at: report.scanned_at.clone(),
            scan: report.scan.clone(),
        },
    )?;
    for repo in &report.repositories {
        reporter.repository(out, repo, &*files(repo))?;
    }
    reporter.finish(
        out,
        &ReportTail {
            complete: report.complete,
            policy: report.policy.clone(),
            waivers: report.waivers.clone(),
            summary: report.summary,
        },
    )
}
