//! From the engine's results to the [`wire`] model: the one place where outcomes,
//! violations, fact and evaluation errors and policy diagnostics become report data.
//! Spans in policy files become lines and columns here, while the policy's sources are
//! at hand; nothing after this step needs the engine's types.

use super::summary::Tally;
use super::{RepoReport, Report, wire};
use crate::diag::{self, Diagnostic};
use crate::eval::program::{CompiledWaiver, Program};
use crate::model::{EvalError, FactError, Outcome, OutcomeKind, Violation};
use crate::source::SourceMap;

/// A severity on the wire
pub fn severity(s: diag::Severity) -> wire::Severity {
    match s {
        diag::Severity::Note => wire::Severity::Note,
        diag::Severity::Warning => wire::Severity::Warning,
        diag::Severity::Error => wire::Severity::Error,
    }
}

/// A severity from the wire
pub fn diag_severity(s: wire::Severity) -> diag::Severity {
    match s {
        wire::Severity::Note => diag::Severity::Note,
        wire::Severity::Warning => diag::Severity::Warning,
        wire::Severity::Error => diag::Severity::Error,
    }
}

/// A compiled waiver as the report shows it, expired or not at `now`; `ignored` when it
/// is a repository's own waiver the central policy does not trust
pub fn waiver(w: &CompiledWaiver, now: jiff::Timestamp, ignored: bool) -> wire::Waiver {
    let expires = if w.expires == jiff::Timestamp::MAX {
        String::new()
    } else {
        w.expires.to_zoned(jiff::tz::TimeZone::UTC).date().to_string()
    };
    wire::Waiver {
        rule: w.rule.clone(),
        repos: w.repos_text.clone(),
        paths: w.paths_text.clone(),
        reason: w.reason.clone(),
        owner: w.owner.clone(),
        expires,
        expired: w.expired_at(now),
        ignored,
    }
}

/// The waivers of a program as the report shows them
pub fn waivers(program: &Program) -> Vec<wire::Waiver> {
    program.waivers.iter().map(|w| waiver(w, program.now, false)).collect()
}

fn outcome_kind(k: OutcomeKind) -> wire::OutcomeKind {
    match k {
        OutcomeKind::Pass => wire::OutcomeKind::Pass,
        OutcomeKind::Fail => wire::OutcomeKind::Fail,
        OutcomeKind::Waived => wire::OutcomeKind::Waived,
        OutcomeKind::Skipped => wire::OutcomeKind::Skipped,
        OutcomeKind::Error => wire::OutcomeKind::Error,
    }
}

/// One repository's results; `policy` holds the policy files evaluation errors point into
pub fn repository(r: &RepoReport, policy: &SourceMap) -> wire::Repository {
    wire::Repository {
        name: r.name.clone(),
        path: r.path.display().to_string(),
        errors: r.errors.iter().map(fact_error).collect(),
        outcomes: r.outcomes.iter().map(|o| outcome(o, policy)).collect(),
        policy: r.policy.clone(),
        waivers: r.waivers.clone(),
    }
}

/// A whole run, summary included
pub fn report(r: &Report, policy: &SourceMap) -> wire::Report {
    let repositories: Vec<wire::Repository> =
        r.repositories.iter().map(|repo| repository(repo, policy)).collect();
    let mut tally = Tally::default();
    for repo in &repositories {
        tally.add(repo);
    }
    wire::Report {
        schema: wire::SCHEMA,
        tool: wire::Tool::current(),
        scanned_at: r.scanned_at.clone(),
        complete: r.complete,
        scan: None,
        repositories,
        policy: r.policy.iter().map(|d| diagnostic(d, policy)).collect(),
        waivers: r.waivers.clone(),
        summary: tally.summary(),
    }
}

fn fact_error(e: &FactError) -> wire::Error {
    wire::Error {
        code: e.code.as_str().to_string(),
        message: e.message.clone(),
        path: e.path.clone(),
        line: e.line,
        detail: wire::Detail::default(),
    }
}

/// The error of an `error` outcome; the policy expression that failed and the advice for
/// it go into the detail for people
fn eval_error(e: &EvalError, policy: &SourceMap) -> wire::Error {
    let d = e.to_diagnostic();
    wire::Error {
        code: e.code.as_str().to_string(),
        message: e.message.clone(),
        path: e.path.clone(),
        line: e.line,
        detail: wire::Detail {
            labels: d.labels.iter().filter_map(|l| label(l, policy)).collect(),
            help: d.help,
            related: Vec::new(),
        },
    }
}

fn outcome(o: &Outcome, policy: &SourceMap) -> wire::Outcome {
    wire::Outcome {
        rule: o.rule.clone(),
        severity: severity(o.severity),
        outcome: outcome_kind(o.kind),
        violations: o.violations.iter().map(violation).collect(),
        error: o.error.as_ref().map(|e| eval_error(e, policy)),
    }
}

fn violation(v: &Violation) -> wire::Violation {
    let loc = v.location.as_ref();
    wire::Violation {
        message: v.message.clone(),
        help: v.help.clone(),
        path: loc.map(|l| l.path.to_string()),
        line: loc.and_then(|l| l.line),
        column: loc.and_then(|l| l.column),
        end_line: loc.and_then(|l| l.end_line),
        end_column: loc.and_then(|l| l.end_column),
        waived: v.waived_by.is_some(),
        values: v.values.iter().cloned().collect(),
    }
}

fn label(l: &diag::Label, sources: &SourceMap) -> Option<wire::Label> {
    let file = sources.get(l.span.source)?;
    Some(wire::Label {
        file: file.name.clone(),
        start: file.line_col(l.span.start as usize),
        end: file.line_col(l.span.end as usize),
        message: l.message.clone(),
    })
}

/// A diagnostic about the policy: its primary place on the wire, every label for people
pub fn diagnostic(d: &Diagnostic, sources: &SourceMap) -> wire::Diagnostic {
    let place = d.primary_span().and_then(|s| {
        sources.get(s.source).map(|f| (f.name.clone(), f.line_col(s.start as usize)))
    });
    wire::Diagnostic {
        code: d.code.to_string(),
        severity: severity(d.severity),
        message: d.message.clone(),
        help: d.help.clone(),
        file: place.as_ref().map(|p| p.0.clone()),
        line: place.as_ref().map(|p| p.1.0),
        column: place.as_ref().map(|p| p.1.1),
        detail: wire::Detail {
            labels: d.labels.iter().filter_map(|l| label(l, sources)).collect(),
            help: None,
            related: d.related.iter().map(|r| diagnostic(r, sources)).collect(),
        },
    }
}
