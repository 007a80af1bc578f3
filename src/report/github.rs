//! The `github` format: GitHub Actions workflow commands, one annotation per unwaived
//! violation (`::error file=…,line=…::message`), per `error` outcome and per repository
//! problem, then a one-line summary. Paths are relative to the repository, which is what
//! GitHub expects when tenet runs at the root of the checkout. Values are escaped as the
//! workflow-command syntax requires, so a message can never inject a command of its own.

use super::text::visible;
use super::wire::{self, OutcomeKind, Severity};
use super::{FileSource, ReportTail, Reporter, RunInfo};
use std::io::{self, Write};

/// The `github` format
#[derive(Debug, Default)]
pub struct Github;

impl Github {
    /// A reporter
    pub fn new() -> Self {
        Github
    }
}

/// The message part: `%`, CR and LF escaped (GitHub's own escaping)
fn data(s: &str) -> String {
    visible(s).replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A property value: also `:` and `,`
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    }
}

impl Reporter for Github {
    fn begin(&mut self, _: &mut dyn Write, _: &RunInfo) -> io::Result<()> {
        Ok(())
    }

    fn repository(
        &mut self,
        out: &mut dyn Write,
        repo: &wire::Repository,
        _: &dyn FileSource,
    ) -> io::Result<()> {
        for e in &repo.errors {
            let file =
                e.path.as_deref().map_or(String::new(), |p| format!("file={},", property(p)));
            writeln!(
                out,
                "::warning {file}title={}::{}",
                property(&format!("tenet: {}", e.code)),
                data(&format!("{}: {}", repo.name, e.message))
            )?;
        }
        for o in &repo.outcomes {
            for v in o.violations.iter().filter(|v| !v.waived) {
                let mut props = Vec::new();
                if let Some(p) = &v.path {
                    props.push(format!("file={}", property(p)));
                }
                for (key, value) in [
                    ("line", v.line),
                    ("col", v.column),
                    ("endLine", v.end_line),
                    ("endColumn", v.end_column),
                ] {
                    if let Some(n) = value {
                        props.push(format!("{key}={n}"));
                    }
                }
                props.push(format!("title={}", property(&o.rule)));
                writeln!(
                    out,
                    "::{} {}::{}",
                    command(o.severity),
                    props.join(","),
                    data(&v.message)
                )?;
            }
            if o.outcome == OutcomeKind::Error
                && let Some(e) = &o.error
            {
                writeln!(
                    out,
                    "::error title={}::{}",
                    property(&o.rule),
                    data(&format!(
                        "{}: could not be evaluated: {}: {}",
                        repo.name, e.code, e.message
                    ))
                )?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, tail: &ReportTail) -> io::Result<()> {
        for d in &tail.policy {
            let file =
                d.file.as_deref().map_or(String::new(), |f| format!("file={},", property(f)));
            let line = d.line.map_or(String::new(), |l| format!("line={l},"));
            writeln!(
                out,
                "::{} {file}{line}title={}::{}",
                command(d.severity),
                property(&d.code),
                data(&d.message)
            )?;
        }
        let s = tail.summary;
        let incomplete = if tail.complete { "" } else { " (incomplete)" };
        writeln!(
            out,
            "::notice title=tenet::{} repositories, {} rules: {} pass, {} fail, {} waived, {} skipped, {} error{incomplete}",
            s.repositories, s.rules, s.pass, s.fail, s.waived, s.skipped, s.error
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_injects_a_command() {
        assert_eq!(data("a\n::error::x%"), "a%0A::error::x%25");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(data("\u{1b}[2J"), "\\u{1b}[2J");
    }
}
