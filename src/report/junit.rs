//! The `junit` format: `JUnit` XML as CI systems read it. One `testsuite` per repository and
//! one `testcase` per (rule, repository): `fail` is a `failure` listing the violations,
//! `error` an `error`, `waived` and `skipped` are `skipped`. A repository's own reading
//! problems go to its `system-err`. Each suite carries its own counts, so nothing waits
//! for the end of the run.

use super::text::xml;
use super::wire::{self, OutcomeKind};
use super::{FileSource, ReportTail, Reporter, RunInfo};
use std::fmt::Write as _;
use std::io::{self, Write};

/// The `junit` format
#[derive(Debug, Default)]
pub struct Junit;

impl Junit {
    /// A reporter
    pub fn new() -> Self {
        Junit
    }
}

fn place(v: &wire::Violation) -> String {
    match (&v.path, v.line) {
        (Some(p), Some(l)) => format!("{p}:{l}: "),
        (Some(p), None) => format!("{p}: "),
        _ => String::new(),
    }
}

impl Reporter for Junit {
    fn begin(&mut self, out: &mut dyn Write, run: &RunInfo) -> io::Result<()> {
        writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(out, "<testsuites name=\"tenet\" timestamp=\"{}\">", xml(&run.scanned_at))
    }

    fn repository(
        &mut self,
        out: &mut dyn Write,
        repo: &wire::Repository,
        _: &dyn FileSource,
    ) -> io::Result<()> {
        let count = |k: OutcomeKind| repo.outcomes.iter().filter(|o| o.outcome == k).count();
        let skipped = count(OutcomeKind::Skipped) + count(OutcomeKind::Waived);
        // A repository that could not be opened has no outcome: one error stands for it.
        let unopened = repo.outcomes.is_empty() && !repo.errors.is_empty();
        let errors = count(OutcomeKind::Error) + usize::from(unopened);
        let mut s = String::new();
        let _ = writeln!(
            s,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
            xml(&repo.name),
            repo.outcomes.len() + usize::from(unopened),
            count(OutcomeKind::Fail),
            errors,
            skipped
        );
        let _ = writeln!(
            s,
            "    <properties><property name=\"path\" value=\"{}\"/></properties>",
            xml(&repo.path)
        );
        let class = xml(&repo.name);
        if unopened {
            let _ = writeln!(s, "    <testcase classname=\"{class}\" name=\"(repository)\">");
            for e in &repo.errors {
                let _ = writeln!(
                    s,
                    "      <error type=\"{}\" message=\"{}\"/>",
                    xml(&e.code),
                    xml(&e.message)
                );
            }
            let _ = writeln!(s, "    </testcase>");
        }
        for o in &repo.outcomes {
            let name = xml(&o.rule);
            let _ = write!(s, "    <testcase classname=\"{class}\" name=\"{name}\"");
            match o.outcome {
                OutcomeKind::Pass => {
                    let _ = writeln!(s, "/>");
                }
                OutcomeKind::Skipped | OutcomeKind::Waived => {
                    let why = if o.outcome == OutcomeKind::Waived {
                        "waived"
                    } else {
                        "when-clause false"
                    };
                    let _ = writeln!(s, ">\n      <skipped message=\"{why}\"/>\n    </testcase>");
                }
                OutcomeKind::Fail => {
                    let open: Vec<&wire::Violation> =
                        o.violations.iter().filter(|v| !v.waived).collect();
                    let first = open.first().map_or(String::new(), |v| v.message.clone());
                    let _ = writeln!(
                        s,
                        ">\n      <failure type=\"{:?}\" message=\"{}\">",
                        o.severity,
                        xml(&first)
                    );
                    for v in open {
                        let _ = writeln!(s, "{}{}", xml(&place(v)), xml(&v.message));
                    }
                    let _ = writeln!(s, "      </failure>\n    </testcase>");
                }
                OutcomeKind::Error => {
                    let (code, message) =
                        o.error.as_ref().map_or((String::new(), String::new()), |e| {
                            (e.code.clone(), e.message.clone())
                        });
                    let _ = writeln!(
                        s,
                        ">\n      <error type=\"{}\" message=\"{}\"/>\n    </testcase>",
                        xml(&code),
                        xml(&message)
                    );
                }
            }
        }
        if !unopened && !repo.errors.is_empty() {
            let _ = writeln!(s, "    <system-err>");
            for e in &repo.errors {
                let at = e.path.as_deref().map_or(String::new(), |p| format!(" ({p})"));
                let _ = writeln!(s, "{}: {}{}", xml(&e.code), xml(&e.message), xml(&at));
            }
            let _ = writeln!(s, "    </system-err>");
        }
        let _ = writeln!(s, "  </testsuite>");
        out.write_all(s.as_bytes())
    }

    fn finish(&mut self, out: &mut dyn Write, tail: &ReportTail) -> io::Result<()> {
        if !tail.complete {
            writeln!(out, "  <!-- incomplete: not everything asked for was evaluated -->")?;
        }
        writeln!(out, "</testsuites>")
    }
}
