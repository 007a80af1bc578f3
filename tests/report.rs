//! The report model: the wire types are schema 1 (round trip, schema validation), every
//! format renders `sample_report()` (snapshots), the JSON reporter streams the same bytes
//! as serializing the whole report, and the summary counts distinct rules.

#![expect(clippy::unwrap_used, reason = "tests")]

mod common;
mod sample;

use sample::{policy_files, repo_files, sample_report};
use tenet::report::diagnostics::Style;
use tenet::report::human::{Human, HumanOptions};
use tenet::report::json::Json;
use tenet::report::wire::{self, Report, Summary};
use tenet::report::{FileSource, NoFiles, Reporter, write_report};

fn render(reporter: &mut dyn Reporter, report: &Report, with_files: bool) -> String {
    let mut out = Vec::new();
    if with_files {
        write_report(reporter, &mut out, report, &sample_files).unwrap();
    } else {
        write_report(reporter, &mut out, report, &no_files).unwrap();
    }
    String::from_utf8(out).unwrap()
}

fn sample_files(r: &wire::Repository) -> Box<dyn FileSource + '_> {
    Box::new(repo_files(&r.name))
}

fn no_files(_: &wire::Repository) -> Box<dyn FileSource + '_> {
    Box::new(NoFiles)
}

fn human(style: Style, report: &Report) -> String {
    let policy = policy_files();
    let opts = HumanOptions { style, explain: true, quiet: false, width: 80 };
    render(&mut Human::new(opts, &policy), report, true)
}

fn json(report: &Report) -> String {
    render(&mut Json::new(), report, false)
}

#[test]
fn sample_report_as_json() {
    insta::assert_snapshot!(json(&sample_report()));
}

#[test]
fn sample_report_as_human() {
    insta::assert_snapshot!(human(Style::Fancy { color: false }, &sample_report()));
}

#[test]
fn sample_report_as_plain() {
    insta::assert_snapshot!(human(Style::Plain, &sample_report()));
}

#[test]
fn a_report_read_back_renders_without_its_files() {
    let text = sample_report().to_json().unwrap();
    let back = Report::from_json(&text).unwrap();
    let policy = NoFiles;
    let opts = HumanOptions { style: Style::Plain, explain: true, quiet: false, width: 80 };
    insta::assert_snapshot!(render(&mut Human::new(opts, &policy), &back, false));
}

#[test]
fn streaming_json_is_the_serialized_report() {
    let mut report = sample_report();
    assert_eq!(json(&report), report.to_json().unwrap());
    report.repositories.truncate(1);
    report.summary = Summary::of(&report.repositories);
    assert_eq!(json(&report), report.to_json().unwrap());
    report.repositories.clear();
    report.policy.clear();
    report.summary = Summary::of(&report.repositories);
    assert_eq!(json(&report), report.to_json().unwrap());
}

#[test]
fn streaming_json_past_the_memory_spool_is_the_serialized_report() {
    // More than the 1 MiB the spool keeps in memory: the rest goes through a temporary file
    let mut report = sample_report();
    while report.to_json().unwrap().len() < 3 << 20 {
        let copy = report.repositories.clone();
        report.repositories.extend(copy);
    }
    report.summary = Summary::of(&report.repositories);
    assert_eq!(json(&report), report.to_json().unwrap());
}

#[test]
fn json_round_trips_byte_for_byte() {
    let text = json(&sample_report());
    let back = Report::from_json(&text).unwrap();
    assert_eq!(back.to_json().unwrap(), text);
    assert_eq!(json(&back), text);
}

#[test]
fn cli_json_round_trips_and_matches_the_schema() {
    let validator = schema();
    let mut seen = 0;
    for entry in std::fs::read_dir("rules/std/hygiene/fixtures").unwrap() {
        let fail = entry.unwrap().path().join("fail");
        if !fail.is_dir() {
            continue;
        }
        // A copy outside this repository: checked in place, the fixture would be a
        // subdirectory of tenet's own repository, and its root is what would be checked.
        let copy = tempfile::tempdir().unwrap();
        copy_dir(&fail, copy.path());
        let out = common::tenet()
            .args(["check", "--format", "json", "--now", "2026-01-01", "--policy"])
            .arg("std/recommended")
            .arg(copy.path())
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let back = Report::from_json(&text).unwrap();
        assert!(back.repositories.iter().any(|r| !r.outcomes.is_empty()), "{text}");
        assert_eq!(back.to_json().unwrap(), text, "{}", fail.display());
        assert_valid(&validator, &text);
        seen += 1;
    }
    assert!(seen > 0);
}

#[test]
fn sample_json_matches_the_schema() {
    // The sample has an `error` outcome that kept a violation, policy diagnostics and
    // repository errors: every optional part of schema 1.
    assert_valid(&schema(), &sample_report().to_json().unwrap());
}

#[test]
fn the_schema_rejects_what_is_not_a_report() {
    let validator = schema();
    let mut value: serde_json::Value =
        serde_json::from_str(&sample_report().to_json().unwrap()).unwrap();
    value["repositories"][0]["outcomes"][0]["outcome"] = "maybe".into();
    assert!(!validator.is_valid(&value));
}

#[test]
fn another_schema_version_is_refused() {
    let text = sample_report().to_json().unwrap().replacen("\"schema\": 1", "\"schema\": 2", 1);
    let e = Report::from_json(&text).unwrap_err();
    assert!(e.to_string().contains("schema 2 is not supported"), "{e}");
    assert!(Report::from_json("[]").is_err());
}

#[test]
fn summary_counts_distinct_rules_across_repositories() {
    let report = sample_report();
    // alpha has 5 rules, beta 3, and `meta/has-readme` is in both: 7 rules, 8 outcomes.
    let s = Summary::of(&report.repositories);
    assert_eq!((s.repositories, s.rules), (2, 7));
    assert_eq!(s.pass + s.fail + s.waived + s.skipped + s.error, 8);
    assert_eq!((s.pass, s.fail, s.waived, s.skipped, s.error), (2, 3, 1, 1, 1));
    let one = Summary::of(&report.repositories[1..]);
    assert_eq!((one.repositories, one.rules), (1, 3));
    assert_eq!(Summary::of(&[]).rules, 0);
}

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string("docs/report.schema.json").unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, text: &str) {
    let value: serde_json::Value = serde_json::from_str(text).unwrap();
    let errors: Vec<String> = validator.iter_errors(&value).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}\n{text}");
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
