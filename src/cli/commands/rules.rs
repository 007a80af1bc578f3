//! `tenet rules`: the rules in force, with severity, tags and origin.

use crate::cli::Cli;
use crate::cli::Exit;
use crate::cli::args::RulesArgs;
use crate::cli::output;
use crate::cli::policy::{load_policy, now};
use crate::engine::policy::specs_for;

use std::fmt::Write as _;

pub(crate) fn run(cli: &Cli, args: &RulesArgs) -> Result<Exit, String> {
    let specs = specs_for(&args.policy.policies, &args.repo);
    let loaded = load_policy(&specs, &args.policy, now(args.policy.now.as_deref())?)?;
    let Some(program) = &loaded.program else {
        output::eprint_diagnostics(&loaded.diagnostics, &loaded.policy.sources, cli.color);
        return Ok(Exit::Error);
    };
    let width = program.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut text = String::new();
    for r in &program.rules {
        let tags =
            if r.tags.is_empty() { String::new() } else { format!("  [{}]", r.tags.join(", ")) };
        let _ = writeln!(text, "{:<width$}  {:<7}  {}{tags}", r.id, r.severity.as_str(), r.unit);
    }
    output::print(&text).map_err(|e| e.to_string())?;
    Ok(Exit::Clean)
}
