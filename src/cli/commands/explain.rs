//! `tenet explain`: the documentation of a rule (its `##` lines), a diagnostic code, a fact
//! or helper, or (`tenet explain facts`) the list of every fact and helper.

use crate::cli::Exit;
use crate::cli::args::{Cli, ExplainArgs};
use crate::cli::output;
use crate::cli::policy::{load_policy, now};
use crate::diag::Code;
use crate::diag::suggest;
use crate::engine::policy::specs_for;
use crate::facts::registry;
use crate::model::schema::HELPERS;
use crate::policy::{PolicySpec, pack_names};
use std::fmt::Write as _;
use std::path::Path;

/// docs/diagnostics.md, embedded so `explain CODE` works anywhere
const DIAGNOSTICS_MD: &str = include_str!("../../../docs/diagnostics.md");

pub(crate) fn run(_cli: &Cli, args: &ExplainArgs) -> Result<Exit, String> {
    if args.what.contains("::") {
        return explain_code(&args.what);
    }
    if args.what == "facts" {
        output::print(&facts_list()).map_err(|e| e.to_string())?;
        return Ok(Exit::Clean);
    }
    if let Some(text) = explain_callable(&args.what) {
        output::print(&text).map_err(|e| e.to_string())?;
        return Ok(Exit::Clean);
    }
    let mut specs = specs_for(&args.policy.policies, Path::new("."));
    // Every standard pack too, so `explain` finds rules that are not in force here.
    specs.extend(pack_names().into_iter().map(|p| PolicySpec::Std(p.to_string())));
    let loaded = load_policy(&specs, &args.policy, now(args.policy.now.as_deref())?)?;
    let Some(program) = &loaded.program else {
        return Err("the policy has errors; run `tenet lint`".into());
    };
    let Some(rule) = program.rules.iter().find(|r| r.id == args.what) else {
        let hint = suggest::help_for(&args.what, program.rules.iter().map(|r| r.id.as_str()))
            .unwrap_or_else(|| {
                "`tenet rules` lists the rules in force, `tenet explain facts` the facts"
                    .to_string()
            });
        return Err(format!("no rule or diagnostic code `{}`: {hint}", args.what));
    };
    let mut text = format!("{}  ({}, from {})\n", rule.id, rule.severity, rule.unit);
    if !rule.tags.is_empty() {
        let _ = writeln!(text, "tags: {}", rule.tags.join(", "));
    }
    text.push('\n');
    if rule.docs.is_empty() {
        text.push_str("(this rule has no `##` documentation)\n");
    }
    for line in &rule.docs {
        text.push_str(line);
        text.push('\n');
    }
    output::print(&text).map_err(|e| e.to_string())?;
    Ok(Exit::Clean)
}

/// Every fact and helper with its signature and one line on what it gives; facts this
/// version cannot compute yet are marked as planned
fn facts_list() -> String {
    let mut text = String::from("facts (computed once per repository):\n");
    for f in registry::facts() {
        let planned = if f.is_unavailable() { "  [planned: always `error` today]" } else { "" };
        let _ = writeln!(text, "  {}{planned}\n      {}", f.sig.display(), f.sig.doc);
    }
    text.push_str("\nhelpers:\n");
    for h in HELPERS {
        let _ = writeln!(text, "  {}\n      {}", h.display(), h.doc);
    }
    text.push_str("\n`tenet explain NAME` shows one of them with the fields of what it returns.\n");
    text
}

/// One fact or helper: signature, doc, and the fields of the record it returns
fn explain_callable(name: &str) -> Option<String> {
    let (sig, planned) = registry::fact(name)
        .map(|f| (&f.sig, f.is_unavailable()))
        .or_else(|| HELPERS.iter().find(|h| h.name == name).map(|h| (h, false)))?;
    let mut text = format!("{}\n\n{}\n", sig.display(), sig.doc);
    if planned {
        text.push_str("\nPlanned: this version of tenet does not compute it yet; a rule that calls it ends in `error`.\n");
    }
    let element = sig.ret.trim_start_matches("list<").trim_end_matches('>').trim_end_matches('?');
    if let Some(kind) = registry::record(element) {
        let _ = writeln!(text, "\n`{element}` fields:");
        for (field, ty, doc) in kind.0.fields {
            let _ = writeln!(text, "  {field}: {ty}  {doc}");
        }
    }
    Some(text)
}

fn explain_code(code: &str) -> Result<Exit, String> {
    let Some(summary) = Code::parse(code).map(Code::summary) else {
        let hint =
            suggest::help_for(code, Code::ALL.iter().map(|c| c.as_str())).unwrap_or_default();
        return Err(format!("no diagnostic code `{code}` {hint}").trim_end().to_string());
    };
    let body = doc_section(code).unwrap_or_default();
    output::print(&format!("{code}: {summary}\n\n{body}")).map_err(|e| e.to_string())?;
    Ok(Exit::Clean)
}

/// The text under `## code` in docs/diagnostics.md
pub(crate) fn doc_section(code: &str) -> Option<String> {
    let heading = format!("## {code}");
    let start = DIAGNOSTICS_MD.lines().position(|l| l.trim() == heading)?;
    let body: Vec<&str> =
        DIAGNOSTICS_MD.lines().skip(start + 1).take_while(|l| !l.starts_with("## ")).collect();
    Some(format!("{}\n", body.join("\n").trim()))
}
