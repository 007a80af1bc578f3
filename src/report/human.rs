//! Human output: each finding as a miette report with a snippet of the scanned file,
//! then waived findings, errors and a summary line. `plain` narrates the same reports.

use super::diagnostics::{Style, render as render_diags};
use super::{RepoReport, Report};
use crate::diag::{Diagnostic, Severity};
use crate::model::Location;
use crate::model::{OutcomeKind, Violation};
use crate::repo::Target;
use crate::source::{SourceFile, SourceId, SourceMap, Span};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Largest scanned file shown as a snippet
const SNIPPET_CAP: u64 = 1 << 20;

/// Options for human output
#[derive(Clone, Copy, Debug)]
pub struct HumanOptions {
    /// Boxes or narration
    pub style: Style,
    /// Show `--explain` values
    pub explain: bool,
    /// Hide passes, skips and the summary's detail
    pub quiet: bool,
}

/// Render the report for people
pub fn render(report: &Report, policy_sources: &SourceMap, opts: HumanOptions) -> String {
    let mut out = String::new();
    for repo in &report.repositories {
        render_repo(&mut out, repo, report.complete, policy_sources, opts);
    }
    out.push_str(&render_diags(&report.policy, policy_sources, opts.style));
    let s = report.summary();
    let _ = writeln!(
        out,
        "{} rule{} on {} repositor{}: {} passed, {} failed, {} waived, {} skipped, {} error{}",
        s.rules,
        if s.rules == 1 { "" } else { "s" },
        s.repositories,
        if s.repositories == 1 { "y" } else { "ies" },
        s.pass,
        s.fail,
        s.waived,
        s.skipped,
        s.error,
        if s.error == 1 { "" } else { "s" },
    );
    out
}

fn render_repo(
    out: &mut String,
    repo: &RepoReport,
    complete: bool,
    policy_sources: &SourceMap,
    opts: HumanOptions,
) {
    let mut snippets = Snippets::new(repo.target.as_deref());
    let mut diags = Vec::new();
    let mut waived = Vec::new();
    // Findings read file by file: sorted by (path, line, rule), repository-level first.
    let mut findings: Vec<(&crate::model::Outcome, &Violation)> =
        repo.outcomes.iter().flat_map(|o| o.violations.iter().map(move |v| (o, v))).collect();
    findings.sort_by(|(a, va), (b, vb)| {
        va.location.cmp(&vb.location).then_with(|| a.rule.cmp(&b.rule))
    });
    for (o, v) in findings {
        if v.waived_by.is_some() {
            waived.push((o.rule.as_str(), v));
            continue;
        }
        diags.push(finding(&o.rule, o.severity, v, &mut snippets, opts.explain));
    }
    out.push_str(&render_diags(&diags, &snippets.files, opts.style));
    let errors: Vec<Diagnostic> = repo
        .outcomes
        .iter()
        .filter(|o| o.kind == OutcomeKind::Error)
        .filter_map(|o| {
            let e = o.error.as_ref()?;
            let mut d = e.to_diagnostic();
            d.message = format!("rule `{}` could not be evaluated: {}", o.rule, e.message);
            if let Some(p) = &e.path {
                d = d.with_help(format!(
                    "in `{}`{}",
                    p,
                    e.line.map_or(String::new(), |l| format!(" line {l}"))
                ));
            }
            Some(d)
        })
        .collect();
    out.push_str(&render_diags(&errors, policy_sources, opts.style));
    // A repository that could not be opened has no outcome at all, and its errors say why:
    // they are errors. Otherwise they are files the walk could not read, and the rules ran.
    // (No outcome alone is not enough: a policy may have no rules.)
    let level = if !complete && repo.outcomes.is_empty() { "error" } else { "warning" };
    for e in &repo.errors {
        let named = e.path.as_ref().is_some_and(|p| e.message.contains(&format!("`{p}`")));
        let place = match (&e.path, e.line) {
            (Some(_), Some(line)) if named => format!(" (line {line})"),
            (Some(p), Some(line)) => format!(" ({p}:{line})"),
            (Some(p), None) if !named => format!(" ({p})"),
            _ => String::new(),
        };
        let _ = writeln!(out, "{level}[{}]: {}{place}", e.code, e.message);
    }
    if !waived.is_empty() && !opts.quiet {
        let _ = writeln!(out, "waived in {}:", repo.name);
        for (rule, v) in waived {
            let place = v
                .location
                .as_ref()
                .map_or_else(String::new, |l| format!(" at {}", display_location(l)));
            let _ = writeln!(out, "  {rule}{place}: {}", v.message);
        }
    }
}

fn display_location(l: &Location) -> String {
    match (l.line, l.column) {
        (Some(line), Some(col)) => format!("{}:{line}:{col}", l.path),
        (Some(line), None) => format!("{}:{line}", l.path),
        _ => l.path.to_string(),
    }
}

fn finding(
    rule: &str,
    severity: Severity,
    v: &Violation,
    snippets: &mut Snippets,
    explain: bool,
) -> Diagnostic {
    let mut d = Diagnostic {
        code: rule.to_string().into(),
        severity,
        message: v.message.clone(),
        labels: Vec::new(),
        help: v.help.clone(),
        related: Vec::new(),
    };
    if let Some(loc) = &v.location {
        match loc.line.map(|_| snippets.span(loc)) {
            Some(Some(span)) => d = d.with_label(span, ""),
            // A line in a file too large (or unsafe) to show: keep the place in the message.
            Some(None) => d.message = format!("{}: {}", display_location(loc), v.message),
            // A whole file: name it, unless the message does.
            None if !v.message.contains(&*loc.path) => {
                d.message = format!("{}: {}", loc.path, v.message);
            }
            None => {}
        }
    }
    if explain && !v.values.is_empty() {
        let values: Vec<String> = v.values.iter().map(|(k, val)| format!("{k} = {val}")).collect();
        let help = d.help.take().map_or(String::new(), |h| format!("{h}\n"));
        d.help = Some(format!("{help}because {}", values.join(", ")));
    }
    d
}

/// Scanned files shown as snippets, for one repository. Each file is read (through the
/// repository target, so from the tree that was checked) and indexed once, however many
/// findings it has.
struct Snippets<'a> {
    /// `None` when the repository could not be opened: then no file is shown
    target: Option<&'a Target>,
    /// The loaded files; snippets come from the repository, not from the policy
    files: SourceMap,
    /// Each path asked for: its file, or `None` when it cannot be shown
    loaded: HashMap<String, Option<SourceId>>,
}

impl<'a> Snippets<'a> {
    fn new(target: Option<&'a Target>) -> Self {
        Snippets { target, files: SourceMap::default(), loaded: HashMap::new() }
    }

    /// The span of a location in its file, if the file can be shown
    fn span(&mut self, loc: &Location) -> Option<Span> {
        if !self.loaded.contains_key(&*loc.path) {
            let file = self.load(&loc.path);
            self.loaded.insert(loc.path.to_string(), file);
        }
        let id = (*self.loaded.get(&*loc.path)?)?;
        Some(location_span(id, self.files.get(id)?, loc))
    }

    /// Read a scanned file (inside the repository, not too large, UTF-8)
    fn load(&mut self, rel: &str) -> Option<SourceId> {
        let bytes = self.target?.read_path(rel, SNIPPET_CAP)?.ok()?;
        let text = String::from_utf8(bytes.to_vec()).ok()?;
        Some(self.files.add(rel, text))
    }
}

/// Byte span of a location; a location without an end covers its start line
fn location_span(id: SourceId, file: &SourceFile, loc: &Location) -> Span {
    let text = &*file.text;
    let offset = |line: u32, col: u32| -> usize {
        let start = file.line_start((line as usize).max(1)).unwrap_or(text.len());
        let rest = text.get(start..).unwrap_or("");
        start
            + rest.char_indices().nth(col.saturating_sub(1) as usize).map_or(rest.len(), |(i, _)| i)
    };
    let line = loc.line.unwrap_or(1);
    let start = offset(line, loc.column.unwrap_or(1));
    let end = if let (Some(l), Some(c)) = (loc.end_line, loc.end_column) {
        offset(l, c)
    } else {
        let line_start = offset(line, 1);
        line_start
            + text.get(line_start..).and_then(|r| r.find('\n')).unwrap_or(text.len() - line_start)
    };
    Span::new(id, start, end.max(start))
}
