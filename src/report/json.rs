//! The JSON report (SPEC §5), a public contract documented in docs/report.schema.json:
//! [`wire::Report`] pretty-printed, written by a streaming [`Reporter`].
//!
//! `complete` comes before `repositories` in schema 1 but is known only at the end, so the
//! document cannot be written front to back as repositories finish. Each repository is
//! serialized when it arrives into a spool (memory up to 1 MiB, then an anonymous
//! temporary file: memory stays flat however many repositories a scan has), and `finish`
//! writes the head, the spool and the tail. The bytes are exactly those of
//! [`wire::Report::to_json`]: the head and tail come from serializing the same struct with
//! no repositories, and each repository is indented to its depth.

use super::wire;
use super::{FileSource, ReportTail, Reporter, RunInfo};
use std::io::{self, Seek, SeekFrom, Write};
use tempfile::SpooledTempFile;

/// Spooled repositories kept in memory before they go to a temporary file: a check's
/// report stays in memory, a scan's goes to disk before it shows in the peak memory
const SPOOL_MEMORY: usize = 1 << 20;

/// Where the array of repositories sits in a report serialized with none: a raw line
/// break cannot occur inside a JSON string, so this is found only at the top level
const EMPTY_REPOSITORIES: &str = "\n  \"repositories\": []";

/// The `json` format
pub struct Json {
    run: Option<RunInfo>,
    spool: SpooledTempFile,
    repositories: usize,
}

impl Default for Json {
    fn default() -> Self {
        Json { run: None, spool: SpooledTempFile::new(SPOOL_MEMORY), repositories: 0 }
    }
}

impl Json {
    /// A reporter with an empty spool
    pub fn new() -> Self {
        Json::default()
    }
}

fn json_error(e: serde_json::Error) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, e)
}

impl Reporter for Json {
    fn begin(&mut self, _: &mut dyn Write, run: &RunInfo) -> io::Result<()> {
        self.run = Some(run.clone());
        Ok(())
    }

    fn repository(
        &mut self,
        _: &mut dyn Write,
        repo: &wire::Repository,
        _: &dyn FileSource,
    ) -> io::Result<()> {
        let text = serde_json::to_string_pretty(repo).map_err(json_error)?;
        let separator = if self.repositories == 0 { "    " } else { ",\n    " };
        self.spool.write_all(separator.as_bytes())?;
        // Two levels deep: in the report object, in the `repositories` array.
        self.spool.write_all(text.replace('\n', "\n    ").as_bytes())?;
        self.repositories += 1;
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, tail: &ReportTail) -> io::Result<()> {
        let run = self.run.take().ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "json report finished before it began")
        })?;
        let skeleton = wire::Report {
            schema: wire::SCHEMA,
            tool: run.tool,
            scanned_at: run.scanned_at,
            complete: tail.complete,
            scan: run.scan,
            repositories: Vec::new(),
            policy: tail.policy.clone(),
            waivers: tail.waivers.clone(),
            summary: tail.summary,
        };
        let text = skeleton.to_json().map_err(json_error)?;
        let at = text.find(EMPTY_REPOSITORIES).ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidData, "no repositories in the report skeleton")
        })? + EMPTY_REPOSITORIES.len();
        let (head, rest) = (text.get(..at - 2).unwrap_or(""), text.get(at..).unwrap_or(""));
        out.write_all(head.as_bytes())?;
        if self.repositories == 0 {
            out.write_all(b"[]")?;
        } else {
            out.write_all(b"[\n")?;
            self.spool.seek(SeekFrom::Start(0))?;
            io::copy(&mut self.spool, out)?;
            out.write_all(b"\n  ]")?;
        }
        out.write_all(rest.as_bytes())?;
        self.spool = SpooledTempFile::new(SPOOL_MEMORY);
        self.repositories = 0;
        Ok(())
    }
}
