//! `tenet explain`: the documentation of a rule (its `##` lines) or a diagnostic code.

use crate::cli::Exit;
use crate::cli::args::{Cli, ExplainArgs};
use crate::cli::output;
use crate::cli::policy::{load_policy, now};
use crate::diag::Code;
use crate::diag::suggest;
use crate::engine::policy::specs_for;
use crate::policy::{PolicySpec, pack_names};
use std::fmt::Write as _;
use std::path::Path;

/// docs/diagnostics.md, embedded so `explain CODE` works anywhere
const DIAGNOSTICS_MD: &str = include_str!("../../../docs/diagnostics.md");

pub(crate) fn run(_cli: &Cli, args: &ExplainArgs) -> Result<Exit, String> {
    if args.what.contains("::") {
        return explain_code(&args.what);
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
            .unwrap_or_else(|| "`tenet rules` lists the rules in force".to_string());
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
