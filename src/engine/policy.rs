//! Loading, checking and building a policy for a command, with the lookup of SPEC §4:
//! `--policy`, else `<repo>/.tenet/`, else the embedded `std/recommended`.

use crate::check::{Checked, check};
use crate::diag::{Code, Diagnostic, Severity};
use crate::eval::program::{Program, SetArg, build};
use crate::policy::{Policy, PolicySpec, load};
use crate::source::{SourceId, Span};
use std::path::Path;

/// A loaded policy and everything learned about it
pub struct Loaded {
    /// Sources and units
    pub policy: Policy,
    /// Names and types
    pub checked: Checked,
    /// The runnable program, when there were no errors
    pub program: Option<Program>,
    /// Every diagnostic, sorted by place
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// True when any diagnostic is an error
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

/// The policy specs for a repository, following the lookup order. Policies named with
/// `--policy` are trusted; a repository's own `.tenet/` is not, and may load no file from
/// outside the repository.
pub fn specs_for(args: &[String], repo: &Path) -> Vec<PolicySpec> {
    if !args.is_empty() {
        return args.iter().map(|a| PolicySpec::from_arg(a)).collect();
    }
    let local = repo.join(".tenet");
    if local.is_dir() {
        return vec![PolicySpec::Local { dir: local, repo: repo.to_path_buf() }];
    }
    vec![PolicySpec::Std("recommended".to_string())]
}

/// Load, check and build with parsed `--set`s
pub fn load_with_sets(specs: &[PolicySpec], sets: &[SetArg], now: jiff::Timestamp) -> Loaded {
    let mut policy = load(specs);
    let checked = check(&policy);
    let mut diagnostics = std::mem::take(&mut policy.diagnostics);
    diagnostics.extend(checked.diagnostics.iter().cloned());
    let broken = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let program = if broken {
        None
    } else {
        let (program, diags) = build(&mut policy, &checked, sets, now);
        diagnostics.extend(diags);
        program
    };
    diagnostics.sort_by_key(|d| d.primary_span().map(|s| (s.source, s.start)));
    let diagnostics = cap_per_file(diagnostics, &policy);
    Loaded { policy, checked, program, diagnostics }
}

/// Diagnostics shown per policy file; a file of garbage gets this many and a count
pub const MAX_DIAGNOSTICS_PER_FILE: usize = 50;

/// Keep the first [`MAX_DIAGNOSTICS_PER_FILE`] diagnostics of each file (sorted by place)
/// and say how many more there are, at the severity of the worst left out, so the exit
/// code does not change
fn cap_per_file(diagnostics: Vec<Diagnostic>, policy: &Policy) -> Vec<Diagnostic> {
    let mut out = Vec::with_capacity(diagnostics.len().min(4 * MAX_DIAGNOSTICS_PER_FILE));
    let mut source = None;
    let mut shown = 0;
    let mut dropped: Vec<Diagnostic> = Vec::new();
    let flush = |out: &mut Vec<Diagnostic>,
                 dropped: &mut Vec<Diagnostic>,
                 source: Option<SourceId>| {
        let Some(worst) = dropped.iter().map(|d| d.severity).max_by_key(|s| rank(*s)) else {
            return;
        };
        let name = source.and_then(|id| policy.sources.get(id)).map_or("?", |f| f.name.as_str());
        let mut note = Diagnostic::new(
            Code::PolicyTooManyDiagnostics.as_str().into(),
            worst,
            format!("{} more problems in `{name}` are not shown", dropped.len()),
        )
        .with_help("fix the ones above and run `tenet lint` again");
        if let Some(last) = out.last().and_then(Diagnostic::primary_span) {
            note = note.with_label(Span { start: last.end, ..last }, "the last one shown");
        }
        out.push(note);
        dropped.clear();
    };
    for d in diagnostics {
        let here = d.primary_span().map(|s| s.source);
        if here != source {
            flush(&mut out, &mut dropped, source);
            (source, shown) = (here, 0);
        }
        if here.is_some() && shown >= MAX_DIAGNOSTICS_PER_FILE {
            dropped.push(d);
        } else {
            shown += 1;
            out.push(d);
        }
    }
    flush(&mut out, &mut dropped, source);
    out
}

fn rank(s: Severity) -> u8 {
    match s {
        Severity::Note => 0,
        Severity::Warning => 1,
        Severity::Error => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `planned_example()` is declared unavailable by the unit-test registry
    /// (`facts::registry::PLANNED`): this version computes every fact it declares.
    #[test]
    fn unavailable_facts_are_a_warning_at_each_call() {
        let text = "tenet 1
rule a/planned {
  for h in planned_example()
  require h != \"\"
}
rule repo/readme-missing {
  require exists(\"README.md\")
}
";
        let spec = PolicySpec::Text("p.tenet".into(), text.into());
        let now = jiff::Timestamp::from_second(1_800_000_000).expect("a valid instant");
        let loaded = load_with_sets(&[spec], &[], now);
        let found: Vec<(&str, Severity, &str, &str)> = loaded
            .diagnostics
            .iter()
            .map(|d| {
                let label = d.primary_span().map_or("", |s| loaded.policy.sources.slice(s));
                (&*d.code, d.severity, d.message.as_str(), label)
            })
            .collect();
        assert_eq!(
            found,
            [(
                "check::unavailable_fact",
                Severity::Warning,
                "`planned_example` is not computed by this version of tenet yet",
                "planned_example"
            )]
        );
        assert!(loaded.program.is_some(), "a warning does not stop the policy from building");
    }
}
