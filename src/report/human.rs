//! Human output (`--format human` and `plain`): each repository's findings as miette
//! reports with snippets of the scanned files, then its evaluation and repository errors
//! and its waived findings; at the end the policy's own diagnostics and a summary line.
//! Boxes for `human`, narration for `plain`. Built from the wire model alone.

use super::diagnostics::{Style, render_width};
use super::excerpt::escape_text;
use super::snippets::{Place, Snippets};
use super::wire::{self, OutcomeKind};
use super::{FileSource, NoFiles, ReportTail, Reporter, RunInfo};
use crate::diag::{Diagnostic, Label, Severity};
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Options for human output
#[derive(Clone, Copy, Debug)]
pub struct HumanOptions {
    /// Boxes or narration
    pub style: Style,
    /// Show `--explain` values
    pub explain: bool,
    /// Hide the list of waived findings
    pub quiet: bool,
    /// Columns of the boxes
    pub width: usize,
}

/// The `human` and `plain` formats
pub struct Human<'p> {
    opts: HumanOptions,
    policy: &'p dyn FileSource,
}

impl<'p> Human<'p> {
    /// A reporter whose evaluation errors and policy diagnostics show snippets of the
    /// policy files in `policy`
    pub fn new(opts: HumanOptions, policy: &'p dyn FileSource) -> Self {
        Human { opts, policy }
    }
}

impl Reporter for Human<'_> {
    fn begin(&mut self, _: &mut dyn Write, _: &RunInfo) -> io::Result<()> {
        Ok(())
    }

    fn repository(
        &mut self,
        out: &mut dyn Write,
        repo: &wire::Repository,
        files: &dyn FileSource,
    ) -> io::Result<()> {
        out.write_all(render_repo(repo, files, self.policy, self.opts).as_bytes())
    }

    fn finish(&mut self, out: &mut dyn Write, tail: &ReportTail) -> io::Result<()> {
        let mut snippets = Snippets::new(&NoFiles, self.policy);
        let diags: Vec<Diagnostic> =
            tail.policy.iter().map(|d| policy_diagnostic(d, &mut snippets)).collect();
        let mut text = render_width(&diags, &snippets.files, self.opts.style, self.opts.width);
        let s = tail.summary;
        let _ = writeln!(
            text,
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
        out.write_all(text.as_bytes())
    }
}

fn severity(s: wire::Severity) -> Severity {
    match s {
        wire::Severity::Note => Severity::Note,
        wire::Severity::Warning => Severity::Warning,
        wire::Severity::Error => Severity::Error,
    }
}

fn render_repo(
    repo: &wire::Repository,
    files: &dyn FileSource,
    policy: &dyn FileSource,
    opts: HumanOptions,
) -> String {
    let mut snippets = Snippets::new(files, policy);
    let mut diags = Vec::new();
    let mut waived = Vec::new();
    // Findings read file by file: sorted by (path, line, rule), repository-level first.
    let mut findings: Vec<(&wire::Outcome, &wire::Violation)> =
        repo.outcomes.iter().flat_map(|o| o.violations.iter().map(move |v| (o, v))).collect();
    findings.sort_by(|(a, va), (b, vb)| {
        sort_place(va).cmp(&sort_place(vb)).then_with(|| a.rule.cmp(&b.rule))
    });
    for (o, v) in findings {
        if v.waived {
            waived.push((o.rule.as_str(), v));
            continue;
        }
        diags.push(finding(o, v, &mut snippets, opts.explain));
    }
    for o in repo.outcomes.iter().filter(|o| o.outcome == OutcomeKind::Error) {
        if let Some(e) = &o.error {
            diags.push(evaluation_error(&o.rule, e, &mut snippets));
        }
    }
    // A repository with errors and no outcome at all could not be opened, and its errors
    // say why: they are errors. Otherwise they are files the walk could not read, and the
    // rules ran. The wire model has no per-repository `complete`, so under a policy with
    // no rule at all, walk problems are shown as errors too (only the wording: the exit
    // code comes from the run).
    let level = if repo.outcomes.is_empty() { Severity::Error } else { Severity::Warning };
    diags.extend(repo.errors.iter().map(|e| repository_error(e, level, &mut snippets)));
    let mut out = render_width(&diags, &snippets.files, opts.style, opts.width);
    // Problems with the repository's own waivers, quoted from its `.tenet/`
    if !repo.policy.is_empty() {
        let mut own = Snippets::new(&NoFiles, files);
        let diags: Vec<Diagnostic> =
            repo.policy.iter().map(|d| policy_diagnostic(d, &mut own)).collect();
        out.push_str(&render_width(&diags, &own.files, opts.style, opts.width));
    }
    if !waived.is_empty() && !opts.quiet {
        let _ = writeln!(out, "waived in {}:", escape_text(&repo.name, false));
        for (rule, v) in waived {
            let place = v.path.as_ref().map_or_else(String::new, |p| {
                format!(" at {}", display_place(p, v.line, v.column))
            });
            // Paths and messages may come from the scanned repository: never raw
            let line = format!("  {rule}{place}: {}", v.message);
            let _ = writeln!(out, "{}", escape_text(&line, false));
        }
    }
    out
}

/// Where a violation sorts: by file, then position; repository-level ones first
fn sort_place(v: &wire::Violation) -> Option<(&str, [Option<u32>; 4])> {
    v.path.as_deref().map(|p| (p, [v.line, v.column, v.end_line, v.end_column]))
}

fn display_place(path: &str, line: Option<u32>, column: Option<u32>) -> String {
    match (line, column) {
        (Some(line), Some(col)) => format!("{path}:{line}:{col}"),
        (Some(line), None) => format!("{path}:{line}"),
        _ => path.to_string(),
    }
}

/// Point `d` at a place in a scanned file: a snippet when the file can be shown, else the
/// place in the message (unless the message already names the file)
fn locate(d: &mut Diagnostic, place: Option<Place<'_>>, path: &str, snippets: &mut Snippets) {
    match place.map(|p| (p, snippets.place(p))) {
        Some((_, Some(span))) => d.labels.push(Label { span, message: None }),
        // A line in a file too large (or unsafe) to show: keep the place in the message.
        Some((p, None)) => {
            d.message = format!("{}: {}", display_place(path, Some(p.line), p.column), d.message);
        }
        None if !d.message.contains(path) => d.message = format!("{path}: {}", d.message),
        None => {}
    }
}

fn finding(
    o: &wire::Outcome,
    v: &wire::Violation,
    snippets: &mut Snippets,
    explain: bool,
) -> Diagnostic {
    let mut d = Diagnostic::new(Cow::Owned(o.rule.clone()), severity(o.severity), &v.message);
    d.help.clone_from(&v.help);
    if let Some(path) = &v.path {
        let place = v.line.map(|line| Place {
            path,
            line,
            column: v.column,
            end: v.end_line.zip(v.end_column),
        });
        locate(&mut d, place, path, snippets);
    }
    if explain && !v.values.is_empty() {
        // Help keeps its line breaks, so values from the repository are escaped one by one
        let values: Vec<String> = v
            .values
            .iter()
            .map(|(k, val)| escape_text(&format!("{k} = {val}"), false).into_owned())
            .collect();
        let help = d.help.take().map_or(String::new(), |h| format!("{h}\n"));
        d.help = Some(format!("{help}because {}", values.join(", ")));
    }
    d
}

/// An `error` outcome: labelled in the policy where evaluation stopped, and in the scanned
/// file that made it stop, when there is one
fn evaluation_error(rule: &str, e: &wire::Error, snippets: &mut Snippets) -> Diagnostic {
    let mut d = Diagnostic::new(
        Cow::Owned(e.code.clone()),
        Severity::Error,
        format!("rule `{rule}` could not be evaluated: {}", e.message),
    );
    d.labels = policy_labels(&e.detail.labels, snippets);
    d.help.clone_from(&e.detail.help);
    if let Some(path) = &e.path {
        let place = e.line.map(|line| Place { path, line, column: None, end: None });
        if let Some(span) = place.and_then(|p| snippets.place(p)) {
            d.labels.push(Label { span, message: Some("while reading this".to_string()) });
        } else {
            let line = e.line.map_or(String::new(), |l| format!(" line {l}"));
            d.help = Some(format!("in `{}`{line}", escape_text(path, false)));
        }
    }
    d
}

/// A problem reading the repository that no rule owns
fn repository_error(e: &wire::Error, level: Severity, snippets: &mut Snippets) -> Diagnostic {
    let mut d = Diagnostic::new(Cow::Owned(e.code.clone()), level, &e.message);
    if let Some(path) = &e.path {
        let place = e.line.map(|line| Place { path, line, column: None, end: None });
        locate(&mut d, place, path, snippets);
    }
    d
}

fn policy_labels(labels: &[wire::Label], snippets: &mut Snippets) -> Vec<Label> {
    labels
        .iter()
        .filter_map(|l| Some(Label { span: snippets.label(l)?, message: l.message.clone() }))
        .collect()
}

/// A policy diagnostic; one read back from JSON has only its primary place, which becomes
/// an unlabelled point
fn policy_diagnostic(d: &wire::Diagnostic, snippets: &mut Snippets) -> Diagnostic {
    let fallback;
    let labels = if d.detail.labels.is_empty() {
        fallback = d
            .file
            .clone()
            .zip(d.line)
            .map(|(file, line)| {
                let at = (line, d.column.unwrap_or(1));
                wire::Label { file, start: at, end: at, message: None }
            })
            .into_iter()
            .collect::<Vec<_>>();
        &fallback
    } else {
        &d.detail.labels
    };
    Diagnostic {
        code: Cow::Owned(d.code.clone()),
        severity: severity(d.severity),
        message: d.message.clone(),
        labels: policy_labels(labels, snippets),
        help: d.help.clone(),
        related: d.detail.related.iter().map(|r| policy_diagnostic(r, snippets)).collect(),
    }
}
