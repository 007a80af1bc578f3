//! The report formats added for scans (`sarif`, `junit`, `markdown`, `github`) render the
//! sample report (snapshots), stay well-formed, and never let a control character or a
//! workflow command through from a scanned repository.

#![expect(clippy::unwrap_used, reason = "tests")]

mod common;
mod sample;

use sample::sample_report;
use tenet::report::github::Github;
use tenet::report::junit::Junit;
use tenet::report::markdown::Markdown;
use tenet::report::sarif::Sarif;
use tenet::report::wire::Report;
use tenet::report::{NoFiles, Reporter, write_report};

fn render(reporter: &mut dyn Reporter, report: &Report) -> String {
    let mut out = Vec::new();
    write_report(reporter, &mut out, report, &|_| Box::new(NoFiles)).unwrap();
    String::from_utf8(out).unwrap()
}

fn hostile() -> Report {
    let mut r = sample_report();
    let repo = r.repositories.first_mut().unwrap();
    repo.name = "evil\u{1b}[2J\n::error::owned".to_string();
    for o in &mut repo.outcomes {
        for v in &mut o.violations {
            v.message = format!("{}\r\n::warning::x <b>&\u{7}", v.message);
        }
    }
    r
}

#[test]
fn sample_report_as_sarif() {
    let text = render(&mut Sarif::new(std::collections::BTreeMap::default()), &sample_report());
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], "2.1.0");
    insta::assert_snapshot!(text);
}

#[test]
fn sample_report_as_junit() {
    insta::assert_snapshot!(render(&mut Junit::new(), &sample_report()));
}

#[test]
fn sample_report_as_markdown() {
    insta::assert_snapshot!(render(&mut Markdown::new(), &sample_report()));
}

#[test]
fn sample_report_as_github() {
    insta::assert_snapshot!(render(&mut Github::new(), &sample_report()));
}

#[test]
fn no_control_character_or_command_gets_through() {
    let report = hostile();
    for (name, text) in [
        ("sarif", render(&mut Sarif::new(std::collections::BTreeMap::default()), &report)),
        ("junit", render(&mut Junit::new(), &report)),
        ("markdown", render(&mut Markdown::new(), &report)),
        ("github", render(&mut Github::new(), &report)),
    ] {
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{name}: {text}");
        if name == "github" {
            // A command is only read at the start of a line: every line is one of ours.
            for line in text.lines() {
                assert!(
                    ["::error ", "::warning ", "::notice "].iter().any(|p| line.starts_with(p)),
                    "{line}"
                );
            }
        }
        if name == "junit" {
            assert!(!text.contains("<b>"), "{text}");
        }
        if name == "sarif" {
            serde_json::from_str::<serde_json::Value>(&text).unwrap();
        }
    }
}
