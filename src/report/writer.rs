//! Streaming a run into a [`Reporter`]: each repository's results are converted to the
//! wire model, counted and written as soon as the engine hands them over, while the
//! repository (and its files, for snippets) is still open.

use super::summary::Tally;
use super::{FileSource, RepoReport, ReportTail, Reporter, RunInfo, convert, wire};
use crate::diag::Diagnostic;
use crate::source::SourceMap;
use std::io::{self, Write};

/// A report being written
pub struct ReportWriter<'a> {
    reporter: &'a mut dyn Reporter,
    out: &'a mut dyn Write,
    policy: &'a SourceMap,
    tally: Tally,
}

impl<'a> ReportWriter<'a> {
    /// Start a report of a run at `scanned_at`; `policy` holds the loaded policy files
    pub fn begin(
        reporter: &'a mut dyn Reporter,
        out: &'a mut dyn Write,
        policy: &'a SourceMap,
        scanned_at: &str,
    ) -> io::Result<Self> {
        let run =
            RunInfo { tool: wire::Tool::current(), scanned_at: scanned_at.to_string(), scan: None };
        Self::begin_run(reporter, out, policy, &run)
    }

    /// Start a report of the run `run` (a scan says what it covers there)
    pub fn begin_run(
        reporter: &'a mut dyn Reporter,
        out: &'a mut dyn Write,
        policy: &'a SourceMap,
        run: &RunInfo,
    ) -> io::Result<Self> {
        reporter.begin(out, run)?;
        Ok(ReportWriter { reporter, out, policy, tally: Tally::default() })
    }

    /// Write one repository's results; `files` reads its files for snippets
    pub fn repository(&mut self, repo: &RepoReport, files: &dyn FileSource) -> io::Result<()> {
        let repo = convert::repository(repo, self.policy);
        self.tally.add(&repo);
        self.reporter.repository(self.out, &repo, files)
    }

    /// End the report with the policy's own diagnostics and its waivers; gives the summary
    /// written
    pub fn finish(
        self,
        complete: bool,
        policy: &[Diagnostic],
        waivers: Vec<wire::Waiver>,
    ) -> io::Result<wire::Summary> {
        let tail = ReportTail {
            complete,
            policy: policy.iter().map(|d| convert::diagnostic(d, self.policy)).collect(),
            waivers,
            summary: self.tally.summary(),
        };
        self.reporter.finish(self.out, &tail)?;
        self.out.flush()?;
        Ok(tail.summary)
    }
}
