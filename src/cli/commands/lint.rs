//! `tenet lint`: load and check policies, report every problem, run nothing.

use crate::cli::Exit;
use crate::cli::args::{Cli, LintArgs, PolicyArgs};
use crate::cli::output;
use crate::cli::policy::{load_policy, now};
use crate::diag::{Code, Severity};
use crate::engine::policy::specs_for;
use std::path::Path;

pub(crate) fn run(cli: &Cli, args: &LintArgs) -> Result<Exit, String> {
    let specs = specs_for(&args.policies, Path::new("."));
    let policy_args =
        PolicyArgs { policies: args.policies.clone(), sets: args.sets.clone(), now: None };
    let mut loaded = load_policy(&specs, &policy_args, now(args.now.as_deref())?)?;
    if let Some(p) = &loaded.program {
        loaded.diagnostics.extend(p.waiver_diagnostics.iter().cloned());
    }
    super::print_diagnostics(cli, &loaded.diagnostics, &loaded.policy.sources, args.format)?;
    // An expired waiver is a finding, not a policy error (SPEC §2.4): the policy is valid,
    // the repository has lapsed, so it exits 1 as `check` does.
    let expired =
        loaded.diagnostics.iter().filter(|d| d.code == Code::PolicyExpiredWaiver.as_str()).count();
    let errors =
        loaded.diagnostics.iter().filter(|d| d.severity == Severity::Error).count() - expired;
    let warnings = loaded.diagnostics.len() - errors - expired;
    if !cli.quiet && args.format != crate::cli::args::Format::Json {
        let rules = loaded.program.as_ref().map_or(0, |p| p.rules.len());
        let summary = if errors == 0 {
            format!(
                "{} unit(s), {rules} rule(s): ok{}{}\n",
                loaded.policy.units.len(),
                plural_warnings(warnings),
                if expired == 0 { String::new() } else { format!(", {expired} expired waiver(s)") }
            )
        } else {
            format!("{errors} error(s){}\n", plural_warnings(warnings))
        };
        output::eprint(&summary);
    }
    Ok(if errors > 0 {
        Exit::Error
    } else if expired > 0 {
        Exit::Findings
    } else {
        Exit::Clean
    })
}

fn plural_warnings(n: usize) -> String {
    if n == 0 { String::new() } else { format!(", {n} warning(s)") }
}
