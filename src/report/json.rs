//! The JSON report (SPEC §5), a public contract documented in docs/report.schema.json.
//! Field order is fixed by the structs below; arrays are already sorted.

use super::Report;
use crate::model::{Outcome, OutcomeKind, Violation};
use crate::report::Summary;
use crate::source::SourceMap;
use serde::Serialize;

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    schema: u32,
    tool: Tool,
    scanned_at: &'a str,
    complete: bool,
    repositories: Vec<JsonRepo<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    policy: Vec<super::diagnostics::JsonDiagnostic>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonRepo<'a> {
    name: &'a str,
    path: String,
    errors: Vec<JsonError<'a>>,
    outcomes: Vec<JsonOutcome<'a>>,
}

#[derive(Serialize)]
struct JsonError<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
}

#[derive(Serialize)]
struct JsonOutcome<'a> {
    rule: &'a str,
    severity: crate::diag::Severity,
    outcome: OutcomeKind,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    violations: Vec<JsonViolation<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<JsonError<'a>>,
}

#[derive(Serialize)]
struct JsonViolation<'a> {
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
    waived: bool,
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    values: serde_json::Map<String, serde_json::Value>,
}

fn violation(v: &Violation) -> JsonViolation<'_> {
    let loc = v.location.as_ref();
    JsonViolation {
        message: &v.message,
        help: v.help.as_deref(),
        path: loc.map(|l| &*l.path),
        line: loc.and_then(|l| l.line),
        column: loc.and_then(|l| l.column),
        end_line: loc.and_then(|l| l.end_line),
        end_column: loc.and_then(|l| l.end_column),
        waived: v.waived_by.is_some(),
        values: v
            .values
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect(),
    }
}

fn outcome(o: &Outcome) -> JsonOutcome<'_> {
    JsonOutcome {
        rule: &o.rule,
        severity: o.severity,
        outcome: o.kind,
        violations: o.violations.iter().map(violation).collect(),
        error: o.error.as_ref().map(|e| JsonError {
            code: e.code.as_str(),
            message: &e.message,
            path: e.path.as_deref(),
            line: e.line,
        }),
    }
}

/// Render the report as pretty JSON with a trailing newline
pub fn render(report: &Report, sources: &SourceMap) -> String {
    let json = JsonReport {
        schema: 1,
        tool: Tool { name: "tenet", version: env!("CARGO_PKG_VERSION") },
        scanned_at: &report.scanned_at,
        complete: report.complete,
        repositories: report
            .repositories
            .iter()
            .map(|r| JsonRepo {
                name: &r.name,
                path: r.path.display().to_string(),
                errors: r
                    .errors
                    .iter()
                    .map(|e| JsonError {
                        code: e.code.as_str(),
                        message: &e.message,
                        path: e.path.as_deref(),
                        line: e.line,
                    })
                    .collect(),
                outcomes: r.outcomes.iter().map(outcome).collect(),
            })
            .collect(),
        policy: report.policy.iter().map(|d| super::diagnostics::to_json(d, sources)).collect(),
        summary: report.summary(),
    };
    let mut s =
        serde_json::to_string_pretty(&json).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
