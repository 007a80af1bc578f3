//! The `markdown` format: a summary fit for a pull-request comment or an issue: the overall
//! compliance and counts, the worst repositories and rules, findings by severity, and the
//! first findings in a collapsed list. Written at the end, from [`Scores`] kept as
//! repositories stream past (and the first [`FINDINGS_SHOWN`] findings).

use super::scores::Scores;
use super::text::markdown as md;
use super::wire::{self, Severity};
use super::{FileSource, ReportTail, Reporter, RunInfo};
use std::fmt::Write as _;
use std::io::{self, Write};

/// Findings listed in full; the rest are counted
pub const FINDINGS_SHOWN: usize = 50;

/// Rows in the tables of worst repositories and rules
pub const WORST_SHOWN: usize = 10;

/// The `markdown` format
#[derive(Debug, Default)]
pub struct Markdown {
    scores: Scores,
    findings: Vec<String>,
    more: usize,
    run: Option<RunInfo>,
}

impl Markdown {
    /// A reporter
    pub fn new() -> Self {
        Markdown::default()
    }
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// The tables of the worst repositories and rules, in Markdown
pub fn worst_tables(scores: &Scores, out: &mut String) {
    let worst = scores.worst_repositories(WORST_SHOWN);
    if scores.repositories.len() > 1 && !worst.is_empty() {
        let _ = writeln!(out, "\n### Worst repositories\n");
        let _ = writeln!(
            out,
            "| repository | score | fail | error | findings |\n|---|---:|---:|---:|---:|"
        );
        for r in worst {
            let score = if r.counts.applicable() == 0 {
                "n/a".to_string()
            } else {
                format!("{:.0}%", r.counts.rate())
            };
            let _ = writeln!(
                out,
                "| {} | {score} | {} | {} | {} |",
                md(&r.name),
                r.counts.fail,
                r.counts.error + r.errors,
                r.findings
            );
        }
    }
    let rules = scores.worst_rules(WORST_SHOWN);
    if !rules.is_empty() {
        let _ = writeln!(out, "\n### Rules failing most\n");
        let _ = writeln!(out, "| rule | fail | error | pass rate |\n|---|---:|---:|---:|");
        for (id, c) in rules {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {:.0}% |",
                id.replace('`', "'"),
                c.fail,
                c.error,
                c.rate()
            );
        }
    }
}

impl Reporter for Markdown {
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
        self.scores.add(repo);
        for o in &repo.outcomes {
            for v in o.violations.iter().filter(|v| !v.waived) {
                if self.findings.len() >= FINDINGS_SHOWN {
                    self.more += 1;
                    continue;
                }
                let at = match (&v.path, v.line) {
                    (Some(p), Some(l)) => format!(" `{}:{l}`", p.replace('`', "'")),
                    (Some(p), None) => format!(" `{}`", p.replace('`', "'")),
                    _ => String::new(),
                };
                self.findings.push(format!(
                    "- **{}** `{}` in {}{at}: {}",
                    severity_name(o.severity),
                    o.rule.replace('`', "'"),
                    md(&repo.name),
                    md(&v.message)
                ));
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, tail: &ReportTail) -> io::Result<()> {
        let s = &self.scores;
        let mut text = String::from("## tenet report\n\n");
        if let Some(run) = &self.run {
            let _ = writeln!(
                text,
                "Scanned at {} by tenet {}.",
                md(&run.scanned_at),
                md(&run.tool.version)
            );
        }
        if !tail.complete {
            let _ = writeln!(text, "\n> **Incomplete:** not everything asked for was evaluated.");
        }
        let _ = writeln!(
            text,
            "\n**Compliance {:.1}%** over {} repositories and {} rules.\n",
            s.compliance(),
            tail.summary.repositories,
            tail.summary.rules
        );
        let t = tail.summary;
        let _ = writeln!(
            text,
            "| pass | fail | waived | skipped | error |\n|---:|---:|---:|---:|---:|"
        );
        let _ = writeln!(
            text,
            "| {} | {} | {} | {} | {} |",
            t.pass, t.fail, t.waived, t.skipped, t.error
        );
        if !s.findings.is_empty() {
            let by: Vec<String> = s
                .findings
                .iter()
                .rev()
                .map(|(sev, n)| format!("{n} {}", severity_name(*sev)))
                .collect();
            let _ =
                writeln!(text, "\nFindings: {}; waived: {}.", by.join(", "), s.waived_violations);
        }
        worst_tables(s, &mut text);
        if !tail.policy.is_empty() {
            let _ = writeln!(text, "\n### Policy\n");
            for d in &tail.policy {
                let _ = writeln!(
                    text,
                    "- **{}** `{}`: {}",
                    severity_name(d.severity),
                    d.code,
                    md(&d.message)
                );
            }
        }
        if !self.findings.is_empty() {
            let _ = writeln!(text, "\n<details><summary>Findings</summary>\n");
            for f in &self.findings {
                let _ = writeln!(text, "{f}");
            }
            if self.more > 0 {
                let _ = writeln!(text, "\n…and {} more.", self.more);
            }
            let _ = writeln!(text, "\n</details>");
        }
        out.write_all(text.as_bytes())
    }
}

/// A reporter followed by the tables of the worst repositories and rules, for people
/// reading a scan on a terminal
pub struct WithWorst<'a> {
    inner: Box<dyn Reporter + 'a>,
    scores: Scores,
}

impl<'a> WithWorst<'a> {
    /// `inner`, then the tables
    pub fn new(inner: Box<dyn Reporter + 'a>) -> Self {
        WithWorst { inner, scores: Scores::default() }
    }
}

impl Reporter for WithWorst<'_> {
    fn begin(&mut self, out: &mut dyn Write, run: &RunInfo) -> io::Result<()> {
        self.inner.begin(out, run)
    }

    fn repository(
        &mut self,
        out: &mut dyn Write,
        repo: &wire::Repository,
        files: &dyn FileSource,
    ) -> io::Result<()> {
        self.scores.add(repo);
        self.inner.repository(out, repo, files)
    }

    fn finish(&mut self, out: &mut dyn Write, tail: &ReportTail) -> io::Result<()> {
        self.inner.finish(out, tail)?;
        let mut text = String::new();
        worst_tables(&self.scores, &mut text);
        if !text.is_empty() {
            let _ = writeln!(text, "\ncompliance {:.1}%", self.scores.compliance());
        }
        out.write_all(text.as_bytes())
    }
}
