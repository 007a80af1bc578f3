//! `tenet report`: the dashboard over JSON reports of several dates. Its figures match the
//! reports, the HTML references nothing outside itself, and hostile names are escaped.
//! (It is also rendered in a real headless Chromium by examples/dashboard/check.sh.)

mod common;
mod sample;

use common::tenet;
use sample::sample_report;
use tenet::report::dashboard::{days, html, markdown};
use tenet::report::wire::Report;

fn dated(date: &str) -> Report {
    let mut r = sample_report();
    r.scanned_at = format!("{date}T00:00:00Z");
    r
}

#[test]
fn figures_match_the_reports_and_trends_cover_every_date() {
    let older = {
        let mut r = dated("2026-11-01");
        r.repositories.truncate(1);
        r
    };
    let newer = dated("2026-12-01");
    let d = days(&[newer.clone(), older]);
    assert_eq!(d.iter().map(|d| d.date.as_str()).collect::<Vec<_>>(), ["2026-11-01", "2026-12-01"]);
    let page = html(&d);
    // sample_report: 2 pass + 1 waived of 2 + 3 + 1 + 1 applicable outcomes
    assert!(page.contains("<span id=\"compliance\" data-value=\"42.9\">"), "{page}");
    assert!(page.contains("data-key=\"fail\">3<"));
    assert!(page.contains("<polyline"));
    for forbidden in ["<script", "http://", "https://", "src=", "@import", "url("] {
        assert!(!page.contains(forbidden), "{forbidden}");
    }
    let text = markdown(&d);
    assert!(
        text.contains("| 2026-11-01 |") && text.contains("| 2026-12-01 | 42.9% | 2 |"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn names_from_repositories_are_escaped() {
    let mut r = dated("2026-12-01");
    r.repositories[0].name = "<img src=x onerror=alert(1)>".to_string();
    let page = html(&days(&[r]));
    assert!(!page.contains("<img"));
    assert!(page.contains("&lt;img src=x"));
}

#[test]
fn the_command_writes_one_file() {
    let dir = tempfile::tempdir().unwrap();
    for (name, date) in [("a.json", "2026-11-01"), ("b.json", "2026-12-01")] {
        std::fs::write(dir.path().join(name), dated(date).to_json().unwrap()).unwrap();
    }
    let out = tenet()
        .current_dir(dir.path())
        .args(["report", "a.json", "b.json", "--format", "html", "-o", "dash.html"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let page = std::fs::read_to_string(dir.path().join("dash.html")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    std::fs::write(dir.path().join("bad.json"), "{\"schema\": 2}").unwrap();
    let out = tenet().current_dir(dir.path()).args(["report", "bad.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("schema 2 is not supported"));
}

/// Waivers with their expiry dates: the central policy's and the repositories' own, days
/// left counted from the report's day, expired and ignored ones marked
#[test]
fn waivers_are_listed_with_days_left_and_expired_ones_marked() {
    let d = days(&[dated("2026-12-01")]);
    let page = html(&d);
    let start = page.find("<table id=\"waivers\">").unwrap();
    let end = start + page[start..].find("</table>").unwrap();
    insta::assert_snapshot!(&page[start..end]);
    assert!(page.contains("tr.expired td{"));
    let rows = &d[0].waivers;
    assert_eq!(
        rows.iter().map(|w| (w.rule.as_str(), w.days_left, w.expired)).collect::<Vec<_>>(),
        [
            ("hygiene/codeowners", Some(90), false),
            ("hygiene/large-file", Some(-335), true),
            ("licenses/allowed", Some(211), false),
        ]
    );
    // The last day of a waiver: 0 days left, not expired
    let last_day = days(&[dated("2027-03-01")]);
    assert_eq!(last_day[0].waivers[0].days_left, Some(0));
    assert!(!last_day[0].waivers[0].expired);
}
