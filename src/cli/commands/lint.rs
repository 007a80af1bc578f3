//! `tenet lint`: load and check policies, report every problem, run nothing.

use crate::cli::Exit;
use crate::cli::args::{Cli, LintArgs, PolicyArgs};
use crate::cli::output;
use crate::cli::policy::{load_policy, now};
use crate::engine::policy::specs_for;
use std::path::Path;

pub(crate) fn run(cli: &Cli, args: &LintArgs) -> Result<Exit, String> {
    let specs = specs_for(&args.policies, Path::new("."));
    let policy_args =
        PolicyArgs { policies: args.policies.clone(), sets: args.sets.clone(), now: None };
    let mut loaded = load_policy(&specs, &policy_args, now(None)?)?;
    if let Some(p) = &loaded.program {
        loaded.diagnostics.extend(p.waiver_diagnostics.iter().cloned());
    }
    super::print_diagnostics(cli, &loaded.diagnostics, &loaded.policy.sources, args.format)?;
    let errors =
        loaded.diagnostics.iter().filter(|d| d.severity == crate::diag::Severity::Error).count();
    let warnings = loaded.diagnostics.len() - errors;
    if !cli.quiet && args.format != crate::cli::args::Format::Json {
        let rules = loaded.program.as_ref().map_or(0, |p| p.rules.len());
        let summary = if errors == 0 {
            format!(
                "{} unit(s), {rules} rule(s): ok{}\n",
                loaded.policy.units.len(),
                plural_warnings(warnings)
            )
        } else {
            format!("{errors} error(s){}\n", plural_warnings(warnings))
        };
        output::eprint(&summary);
    }
    Ok(if errors > 0 { Exit::Error } else { Exit::Clean })
}

fn plural_warnings(n: usize) -> String {
    if n == 0 { String::new() } else { format!(", {n} warning(s)") }
}
