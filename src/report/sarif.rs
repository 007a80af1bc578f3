//! The `sarif` format: SARIF 2.1.0, as GitHub code scanning accepts it. One run; one result
//! per violation (waived ones carry an external suppression) and per `error` outcome; every
//! result has a physical location (a repository-level violation points at the repository
//! root, `.`), and a partial fingerprint that stays put when lines move. Rules, with their
//! documentation as help, come at the end of the run, once every rule seen is known;
//! results are written as repositories arrive.

use super::text::visible;
use super::wire::{self, OutcomeKind, Severity};
use super::{FileSource, ReportTail, Reporter, RunInfo};
use crate::eval::ir::CompiledRule;
use crate::model::digest::fnv1a64;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

/// What SARIF says about a rule
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleHelp {
    /// One line
    pub summary: String,
    /// The rule's documentation, Markdown
    pub markdown: String,
    /// Its tags
    pub tags: Vec<String>,
}

/// The documentation of compiled rules, for [`Sarif::new`]
pub fn rule_help<'a>(
    rules: impl IntoIterator<Item = &'a CompiledRule>,
) -> BTreeMap<String, RuleHelp> {
    rules
        .into_iter()
        .map(|r| {
            let markdown = r.docs.join("\n").trim().to_string();
            let summary = r
                .docs
                .iter()
                .map(|l| l.trim())
                .find(|l| !l.is_empty() && !l.starts_with('#'))
                .unwrap_or(&r.id)
                .to_string();
            (r.id.clone(), RuleHelp { summary, markdown, tags: r.tags.clone() })
        })
        .collect()
}

/// The `sarif` format
pub struct Sarif {
    help: BTreeMap<String, RuleHelp>,
    /// Every rule seen, with the severity it had
    rules: BTreeMap<String, Severity>,
    /// Problems reading repositories, as tool notifications
    notifications: Vec<Value>,
    tool: Option<wire::Tool>,
    results: usize,
}

impl Sarif {
    /// A reporter that documents rules from `help` (rules not in it get a pointer to
    /// `tenet explain`)
    pub fn new(help: BTreeMap<String, RuleHelp>) -> Self {
        Sarif { help, rules: BTreeMap::new(), notifications: Vec::new(), tool: None, results: 0 }
    }

    fn write_result(&mut self, out: &mut dyn Write, result: &Value) -> io::Result<()> {
        let text = serde_json::to_string(result).map_err(io::Error::other)?;
        let sep = if self.results == 0 { "\n        " } else { ",\n        " };
        out.write_all(sep.as_bytes())?;
        out.write_all(text.as_bytes())?;
        self.results += 1;
        Ok(())
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn location(path: Option<&str>, v: Option<&wire::Violation>) -> Value {
    let mut region = serde_json::Map::new();
    if let Some(v) = v {
        for (key, value) in [
            ("startLine", v.line),
            ("startColumn", v.column),
            ("endLine", v.end_line),
            ("endColumn", v.end_column),
        ] {
            if let Some(n) = value {
                region.insert(key.to_string(), json!(n));
            }
        }
    }
    let mut physical = json!({ "artifactLocation": { "uri": uri(path.unwrap_or(".")) } });
    if !region.is_empty()
        && let Some(obj) = physical.as_object_mut()
    {
        obj.insert("region".to_string(), Value::Object(region));
    }
    json!([{ "physicalLocation": physical }])
}

/// A relative path as a URI reference: `%`, spaces and other characters outside the URI
/// syntax percent-encoded, `/` kept
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn fingerprint(rule: &str, repo: &str, path: &str, message: &str) -> String {
    let h = fnv1a64(&[
        rule.as_bytes(),
        b"\0",
        repo.as_bytes(),
        b"\0",
        path.as_bytes(),
        b"\0",
        message.as_bytes(),
    ]);
    format!("{h:016x}")
}

impl Reporter for Sarif {
    fn begin(&mut self, out: &mut dyn Write, run: &RunInfo) -> io::Result<()> {
        self.tool = Some(run.tool.clone());
        out.write_all(
            b"{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"results\": [",
        )
    }

    fn repository(
        &mut self,
        out: &mut dyn Write,
        repo: &wire::Repository,
        _: &dyn FileSource,
    ) -> io::Result<()> {
        let props =
            json!({ "repository": visible(&repo.name), "repositoryPath": visible(&repo.path) });
        for e in &repo.errors {
            self.notifications.push(json!({
                "level": "warning",
                "message": { "text": visible(&format!("{}: {}: {}", repo.name, e.code, e.message)) },
                "properties": props,
            }));
        }
        for o in &repo.outcomes {
            self.rules.entry(o.rule.clone()).or_insert(o.severity);
            for v in &o.violations {
                let path = v.path.as_deref();
                let mut result = json!({
                    "ruleId": o.rule,
                    "level": level(o.severity),
                    "message": { "text": visible(&v.message) },
                    "locations": location(path, Some(v)),
                    "partialFingerprints": {
                        "tenet/v1": fingerprint(&o.rule, &repo.name, path.unwrap_or(""), &v.message)
                    },
                    "properties": props,
                });
                if v.waived
                    && let Some(obj) = result.as_object_mut()
                {
                    obj.insert("suppressions".to_string(), json!([{ "kind": "external" }]));
                }
                self.write_result(out, &result)?;
            }
            if o.outcome == OutcomeKind::Error
                && let Some(e) = &o.error
            {
                let text = format!("could not be evaluated: {}: {}", e.code, e.message);
                let result = json!({
                    "ruleId": o.rule,
                    "level": "error",
                    "kind": "fail",
                    "message": { "text": visible(&text) },
                    "locations": location(e.path.as_deref(), None),
                    "partialFingerprints": {
                        "tenet/v1": fingerprint(&o.rule, &repo.name, e.path.as_deref().unwrap_or(""), &e.code)
                    },
                    "properties": props,
                });
                self.write_result(out, &result)?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, tail: &ReportTail) -> io::Result<()> {
        let tool = self.tool.take().unwrap_or_else(wire::Tool::current);
        let rules: Vec<Value> = self
            .rules
            .iter()
            .map(|(id, severity)| {
                let help = self.help.get(id).cloned().unwrap_or_default();
                let summary = if help.summary.is_empty() { id.clone() } else { help.summary };
                let markdown = if help.markdown.is_empty() {
                    format!("Run `tenet explain {id}` for this rule's documentation.")
                } else {
                    help.markdown
                };
                json!({
                    "id": id,
                    "name": id,
                    "shortDescription": { "text": summary },
                    "fullDescription": { "text": markdown },
                    "help": { "text": markdown, "markdown": markdown },
                    "defaultConfiguration": { "level": level(*severity) },
                    "properties": { "tags": help.tags },
                })
            })
            .collect();
        for d in &tail.policy {
            self.notifications.push(json!({
                "level": level(d.severity),
                "message": { "text": format!("{}: {}", d.code, d.message) },
            }));
        }
        let rest = json!({
            "tool": { "driver": {
                "name": tool.name,
                "version": tool.version,
                "informationUri": "https://example.invalid/tenet",
                "rules": rules,
            } },
            "invocations": [{
                "executionSuccessful": tail.complete,
                "toolExecutionNotifications": self.notifications,
            }],
        });
        let text = serde_json::to_string_pretty(&rest).map_err(io::Error::other)?;
        // `rest` is an object: append its members after `results`, indented to the run.
        let members = text.trim().trim_start_matches('{').trim_end_matches('}').trim_end();
        let close = if self.results == 0 { "]," } else { "\n      ]," };
        out.write_all(close.as_bytes())?;
        out.write_all(members.replace('\n', "\n    ").as_bytes())?;
        out.write_all(b"\n    }\n  ]\n}\n")?;
        self.results = 0;
        self.notifications.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("src/a b%.rs"), "src/a%20b%25.rs");
        assert_eq!(uri("ünï"), "%C3%BCn%C3%AF");
    }
}
