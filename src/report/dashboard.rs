//! The dashboard of `tenet report`: compliance measured over JSON reports, possibly of
//! several dates. Reports are grouped by the day of their `scanned_at` (shards of one day
//! add up); the latest day gives the details (pass rate per pack and per rule, repositories
//! worst first, findings by severity, waivers and policy problems), and every day a point
//! of each trend. HTML is one self-contained file: inline CSS and SVG, no script, no
//! external asset, nothing fetched. Markdown gives the same figures as text.

use super::scores::{Counts, Scores};
use super::text::{markdown as md, xml};
use super::wire::{self, Report, Severity};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Repositories listed in full (worst first); the rest are counted
pub const REPOSITORIES_SHOWN: usize = 500;

/// The figures of one day
#[derive(Debug, Default)]
pub struct Day {
    /// `YYYY-MM-DD`
    pub date: String,
    /// Figures over every repository of that day's reports
    pub scores: Scores,
    /// False when some report of the day is incomplete
    pub complete: bool,
    /// Policy problems (expired and unused waivers), each once
    pub policy: Vec<wire::Diagnostic>,
    /// Waivers, the central policy's then the repositories' own, each once
    pub waivers: Vec<WaiverRow>,
}

/// A waiver as the dashboard lists it
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaiverRow {
    /// The waived rule
    pub rule: String,
    /// Where it applies: its repository and path globs, or the repository whose own
    /// `.tenet/` has it
    pub scope: String,
    /// Why
    pub reason: String,
    /// Who answers for it
    pub owner: String,
    /// Last day, `YYYY-MM-DD` (empty when the report has none)
    pub expires: String,
    /// Days from the report's day to the last one (0 on the last day; negative once past)
    pub days_left: Option<i64>,
    /// Past its last day: it waives nothing
    pub expired: bool,
    /// A repository's own waiver the central policy does not trust: it waives nothing
    pub ignored: bool,
}

impl WaiverRow {
    fn new(w: &wire::Waiver, repository: Option<&str>, date: &str) -> Self {
        let globs = |label: &str, g: &[String]| {
            (!g.is_empty()).then(|| format!("{label} {}", g.join(", ")))
        };
        let mut scope: Vec<String> = Vec::new();
        if let Some(repo) = repository {
            scope.push(format!("in {repo} (its own .tenet/)"));
        }
        scope.extend(globs("repos", &w.repos));
        scope.extend(globs("paths", &w.paths));
        if scope.is_empty() {
            scope.push("everywhere".to_string());
        }
        let day = |s: &str| s.parse::<jiff::civil::Date>().ok();
        let days_left = match (day(date), day(&w.expires)) {
            (Some(from), Some(to)) => from.until(to).ok().map(|span| i64::from(span.get_days())),
            _ => None,
        };
        WaiverRow {
            rule: w.rule.clone(),
            scope: scope.join("; "),
            reason: w.reason.clone(),
            owner: w.owner.clone(),
            expires: w.expires.clone(),
            days_left,
            expired: w.expired || days_left.is_some_and(|d| d < 0),
            ignored: w.ignored,
        }
    }

    /// What the last column says: the days left, or why it waives nothing
    fn status(&self) -> String {
        let days = self.days_left.map_or_else(String::new, |d| d.to_string());
        if self.expired {
            return match self.days_left {
                Some(d) if d < 0 => {
                    format!("expired {} day{} ago", -d, if d == -1 { "" } else { "s" })
                }
                _ => "expired".to_string(),
            };
        }
        if self.ignored {
            return format!("{days} (ignored: not trusted)").trim_start().to_string();
        }
        days
    }
}

/// The days of `reports`, oldest first
pub fn days(reports: &[Report]) -> Vec<Day> {
    let mut by_day: BTreeMap<String, Vec<&Report>> = BTreeMap::new();
    for r in reports {
        let date = r.scanned_at.get(..10).unwrap_or(&r.scanned_at).to_string();
        by_day.entry(date).or_default().push(r);
    }
    by_day
        .into_iter()
        .map(|(date, rs)| {
            let mut day = Day { date, complete: true, ..Day::default() };
            for r in rs {
                day.complete &= r.complete;
                for repo in &r.repositories {
                    day.scores.add(repo);
                }
                for d in r.policy.iter().chain(r.repositories.iter().flat_map(|x| &x.policy)) {
                    if !day.policy.contains(d) {
                        day.policy.push(d.clone());
                    }
                }
                let own = r
                    .repositories
                    .iter()
                    .flat_map(|x| x.waivers.iter().map(move |w| (w, Some(x.name.as_str()))));
                for (w, repo) in r.waivers.iter().map(|w| (w, None)).chain(own) {
                    let row = WaiverRow::new(w, repo, &day.date);
                    if !day.waivers.contains(&row) {
                        day.waivers.push(row);
                    }
                }
            }
            day
        })
        .collect()
}

fn pct(x: f64) -> String {
    format!("{x:.1}")
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// An inline SVG line of `points` (percentages), or nothing for fewer than two
fn sparkline(points: &[f64]) -> String {
    if points.len() < 2 {
        return String::new();
    }
    let (w, h) = (120.0, 24.0);
    let step = w / (points.len() - 1) as f64;
    let coords: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            // A pixel of margin, so lines at 0% and 100% are drawn whole
            format!(
                "{:.1},{:.1}",
                i as f64 * step,
                1.0 + (h - 2.0) * (1.0 - p.clamp(0.0, 100.0) / 100.0)
            )
        })
        .collect();
    format!(
        "<svg class=\"spark\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"trend\"><polyline fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" points=\"{}\"/></svg>",
        coords.join(" ")
    )
}

/// A horizontal bar of `rate` percent
fn bar(rate: f64) -> String {
    let width = rate.clamp(0.0, 100.0);
    let class = if rate >= 90.0 {
        "good"
    } else if rate >= 60.0 {
        "fair"
    } else {
        "poor"
    };
    format!(
        "<svg class=\"bar\" width=\"100\" height=\"10\" role=\"img\" aria-label=\"{}%\"><rect width=\"100\" height=\"10\" class=\"track\"/><rect width=\"{width:.1}\" height=\"10\" class=\"{class}\"/></svg>",
        pct(rate)
    )
}

/// The trend of a figure across days, for a key of a per-day map
fn trend<F: Fn(&Day) -> Option<f64>>(days: &[Day], f: F) -> Vec<f64> {
    days.iter().filter_map(f).collect()
}

const STYLE: &str = "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#1b1f24}\
h1{margin-bottom:0}table{border-collapse:collapse;margin:1em 0}\
td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:left}td.n,th.n{text-align:right}\
.big{font-size:2.5em;font-weight:600}.warn{background:#fff3cd;padding:.5em 1em}\
.track{fill:#eee}.good{fill:#2da44e}.fair{fill:#d4a72c}.poor{fill:#cf222e}.spark{color:#0969da}\
tr.expired td{background:#ffebe9}tr.ignored td{color:#6e7781}";

fn counts_cells(c: &Counts) -> String {
    format!(
        "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>",
        c.pass, c.fail, c.waived, c.error
    )
}

/// The dashboard as one HTML document
pub fn html(days: &[Day]) -> String {
    let mut h =
        String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(
        h,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    );
    let _ = writeln!(h, "<title>tenet compliance</title>\n<style>{STYLE}</style>\n</head>\n<body>");
    let Some(last) = days.last() else {
        let _ = writeln!(h, "<h1>tenet compliance</h1>\n<p>No report.</p>\n</body>\n</html>");
        return h;
    };
    let s = &last.scores;
    let _ = writeln!(h, "<h1>tenet compliance</h1>");
    let dates: Vec<&str> = days.iter().map(|d| d.date.as_str()).collect();
    let _ = writeln!(
        h,
        "<p>Latest results of <span id=\"date\">{}</span>; {} dated result set(s): {}.</p>",
        xml(&last.date),
        days.len(),
        xml(&dates.join(", "))
    );
    if !last.complete {
        let _ = writeln!(
            h,
            "<p class=\"warn\" id=\"incomplete\">These results are incomplete: not everything asked for was evaluated.</p>"
        );
    }
    let _ = writeln!(
        h,
        "<section><h2>Overall</h2><div class=\"big\"><span id=\"compliance\" data-value=\"{0}\">{0}</span>%</div>{1}",
        pct(s.compliance()),
        sparkline(&trend(days, |d| Some(d.scores.compliance())))
    );
    let t = s.total;
    let _ = writeln!(
        h,
        "<table id=\"totals\"><tr><th>repositories</th><th>pass</th><th>fail</th><th>waived</th><th>skipped</th><th>error</th></tr>\
<tr><td class=\"n\" data-key=\"repositories\">{}</td><td class=\"n\" data-key=\"pass\">{}</td><td class=\"n\" data-key=\"fail\">{}</td><td class=\"n\" data-key=\"waived\">{}</td><td class=\"n\" data-key=\"skipped\">{}</td><td class=\"n\" data-key=\"error\">{}</td></tr></table></section>",
        s.repositories.len(),
        t.pass,
        t.fail,
        t.waived,
        t.skipped,
        t.error
    );
    let _ = writeln!(
        h,
        "<section><h2>Findings by severity</h2><table id=\"severity\"><tr><th>severity</th><th class=\"n\">findings</th><th>trend</th></tr>"
    );
    for sev in [Severity::Error, Severity::Warning, Severity::Note] {
        let n = s.findings.get(&sev).copied().unwrap_or(0);
        let max = days
            .iter()
            .filter_map(|d| d.scores.findings.get(&sev))
            .copied()
            .max()
            .unwrap_or(0)
            .max(1);
        let points = trend(days, |d| {
            Some(d.scores.findings.get(&sev).copied().unwrap_or(0) as f64 * 100.0 / max as f64)
        });
        let _ = writeln!(
            h,
            "<tr data-severity=\"{0}\"><td>{0}</td><td class=\"n\">{n}</td><td>{1}</td></tr>",
            severity_name(sev),
            sparkline(&points)
        );
    }
    let _ = writeln!(
        h,
        "</table><p>Waived violations: <span id=\"waived-violations\">{}</span>.</p></section>",
        s.waived_violations
    );

    for (title, id, map, all) in [
        (
            "Pass rate per pack",
            "packs",
            &s.packs,
            days.iter().map(|d| &d.scores.packs).collect::<Vec<_>>(),
        ),
        (
            "Pass rate per rule",
            "rules",
            &s.rules,
            days.iter().map(|d| &d.scores.rules).collect::<Vec<_>>(),
        ),
    ] {
        let _ = writeln!(
            h,
            "<section><h2>{title}</h2><table id=\"{id}\"><tr><th>{}</th><th class=\"n\">pass rate</th><th></th><th class=\"n\">pass</th><th class=\"n\">fail</th><th class=\"n\">waived</th><th class=\"n\">error</th><th>trend</th></tr>",
            if id == "packs" { "pack" } else { "rule" }
        );
        let mut rows: Vec<(&String, &Counts)> = map.iter().collect();
        rows.sort_by(|a, b| a.1.rate().total_cmp(&b.1.rate()).then(a.0.cmp(b.0)));
        for (key, c) in rows {
            let points: Vec<f64> =
                all.iter().filter_map(|m| m.get(key).map(Counts::rate)).collect();
            let _ = writeln!(
                h,
                "<tr data-key=\"{0}\" data-rate=\"{1}\"><td><code>{0}</code></td><td class=\"n\">{1}%</td><td>{2}</td>{3}<td>{4}</td></tr>",
                xml(key),
                pct(c.rate()),
                bar(c.rate()),
                counts_cells(c),
                sparkline(&points)
            );
        }
        let _ = writeln!(h, "</table></section>");
    }

    let _ = writeln!(
        h,
        "<section><h2>Repositories, worst first</h2><table id=\"repositories\"><tr><th>repository</th><th class=\"n\">score</th><th></th><th class=\"n\">pass</th><th class=\"n\">fail</th><th class=\"n\">waived</th><th class=\"n\">error</th><th class=\"n\">findings</th><th>trend</th></tr>"
    );
    let worst = s.worst_repositories(REPOSITORIES_SHOWN);
    for r in &worst {
        let score =
            if r.counts.applicable() == 0 { "n/a".to_string() } else { pct(r.counts.rate()) };
        let points: Vec<f64> = days
            .iter()
            .filter_map(|d| {
                d.scores.repositories.iter().find(|x| x.path == r.path).map(|x| x.counts.rate())
            })
            .collect();
        let _ = writeln!(
            h,
            "<tr data-path=\"{}\" data-score=\"{score}\"><td title=\"{}\">{}</td><td class=\"n\">{score}</td><td>{}</td>{}<td class=\"n\">{}</td><td>{}</td></tr>",
            xml(&r.path),
            xml(&r.path),
            xml(&r.name),
            bar(r.counts.rate()),
            counts_cells(&r.counts),
            r.findings,
            sparkline(&points)
        );
    }
    let _ = writeln!(h, "</table>");
    if s.repositories.len() > worst.len() {
        let _ =
            writeln!(h, "<p>…and {} more repositories.</p>", s.repositories.len() - worst.len());
    }
    let _ = writeln!(h, "</section>");

    let _ = writeln!(h, "<section><h2>Waivers and policy</h2>");
    waivers_html(&mut h, &last.waivers);
    if last.policy.is_empty() {
        let _ = writeln!(h, "<p>No expired or unused waiver.</p>");
    } else {
        let _ = writeln!(h, "<ul id=\"policy\">");
        for d in &last.policy {
            let _ = writeln!(
                h,
                "<li><strong>{}</strong> <code>{}</code>: {}</li>",
                severity_name(d.severity),
                xml(&d.code),
                xml(&d.message)
            );
        }
        let _ = writeln!(h, "</ul>");
    }
    let _ = writeln!(h, "</section>\n</body>\n</html>");
    h
}

/// The table of waivers, expired and ignored ones marked
fn waivers_html(h: &mut String, rows: &[WaiverRow]) {
    if rows.is_empty() {
        let _ = writeln!(h, "<p>No waiver.</p>");
        return;
    }
    let _ = writeln!(
        h,
        "<table id=\"waivers\"><tr><th>rule</th><th>scope</th><th>reason</th><th>owner</th><th>expires</th><th class=\"n\">days left</th></tr>"
    );
    for w in rows {
        let class = if w.expired {
            " class=\"expired\""
        } else if w.ignored {
            " class=\"ignored\""
        } else {
            ""
        };
        let _ = writeln!(
            h,
            "<tr{class} data-rule=\"{0}\" data-expires=\"{3}\" data-days-left=\"{5}\"><td><code>{0}</code></td><td>{1}</td><td>{2}</td><td>{4}</td><td>{3}</td><td class=\"n\">{6}</td></tr>",
            xml(&w.rule),
            xml(&w.scope),
            xml(&w.reason),
            xml(&w.expires),
            xml(&w.owner),
            w.days_left.map_or_else(String::new, |d| d.to_string()),
            xml(&w.status())
        );
    }
    let _ = writeln!(h, "</table>");
}

/// The table of waivers as Markdown
fn waivers_markdown(m: &mut String, rows: &[WaiverRow]) {
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(
        m,
        "\n## Waivers\n\n| rule | scope | reason | owner | expires | days left |\n|---|---|---|---|---|---:|"
    );
    for w in rows {
        let status = w.status();
        let status = if w.expired || w.ignored { format!("**{status}**") } else { status };
        let _ = writeln!(
            m,
            "| `{}` | {} | {} | {} | {} | {status} |",
            w.rule.replace('`', "'"),
            md(&w.scope),
            md(&w.reason),
            md(&w.owner),
            md(&w.expires)
        );
    }
}

/// The dashboard as Markdown
pub fn markdown(days: &[Day]) -> String {
    let mut m = String::from("# tenet compliance\n\n");
    let Some(last) = days.last() else {
        m.push_str("No report.\n");
        return m;
    };
    let s = &last.scores;
    let _ = writeln!(m, "Latest results of {}.\n", md(&last.date));
    if !last.complete {
        let _ = writeln!(m, "> **Incomplete:** not everything asked for was evaluated.\n");
    }
    let _ = writeln!(
        m,
        "**Compliance {}%** over {} repositories.\n",
        pct(s.compliance()),
        s.repositories.len()
    );
    if days.len() > 1 {
        let _ = writeln!(
            m,
            "## Trend\n\n| date | compliance | repositories | error findings | warning findings | note findings |\n|---|---:|---:|---:|---:|---:|"
        );
        for d in days {
            let f = |sev| d.scores.findings.get(&sev).copied().unwrap_or(0);
            let _ = writeln!(
                m,
                "| {} | {}% | {} | {} | {} | {} |",
                md(&d.date),
                pct(d.scores.compliance()),
                d.scores.repositories.len(),
                f(Severity::Error),
                f(Severity::Warning),
                f(Severity::Note)
            );
        }
        m.push('\n');
    }
    let _ = writeln!(m, "## Findings by severity\n");
    for sev in [Severity::Error, Severity::Warning, Severity::Note] {
        let _ =
            writeln!(m, "- {}: {}", severity_name(sev), s.findings.get(&sev).copied().unwrap_or(0));
    }
    let _ = writeln!(m, "- waived violations: {}\n", s.waived_violations);
    for (title, map) in [("Pass rate per pack", &s.packs), ("Pass rate per rule", &s.rules)] {
        let _ = writeln!(
            m,
            "## {title}\n\n| | pass rate | pass | fail | waived | error |\n|---|---:|---:|---:|---:|---:|"
        );
        let mut rows: Vec<(&String, &Counts)> = map.iter().collect();
        rows.sort_by(|a, b| a.1.rate().total_cmp(&b.1.rate()).then(a.0.cmp(b.0)));
        for (k, c) in rows {
            let _ = writeln!(
                m,
                "| `{}` | {}% | {} | {} | {} | {} |",
                k.replace('`', "'"),
                pct(c.rate()),
                c.pass,
                c.fail,
                c.waived,
                c.error
            );
        }
        m.push('\n');
    }
    let _ = writeln!(
        m,
        "## Repositories, worst first\n\n| repository | score | fail | error | findings |\n|---|---:|---:|---:|---:|"
    );
    for r in s.worst_repositories(REPOSITORIES_SHOWN) {
        let score = if r.counts.applicable() == 0 {
            "n/a".to_string()
        } else {
            format!("{}%", pct(r.counts.rate()))
        };
        let _ = writeln!(
            m,
            "| {} | {score} | {} | {} | {} |",
            md(&r.name),
            r.counts.fail,
            r.counts.error + r.errors,
            r.findings
        );
    }
    waivers_markdown(&mut m, &last.waivers);
    if !last.policy.is_empty() {
        let _ = writeln!(m, "\n## Policy problems\n");
        for d in &last.policy {
            let _ =
                writeln!(m, "- **{}** `{}`: {}", severity_name(d.severity), d.code, md(&d.message));
        }
    }
    m
}
