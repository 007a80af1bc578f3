//! `tenet check [PATH]`: evaluate the policy on one repository and report.

use crate::cli::Exit;
use crate::cli::args::{CheckArgs, Cli, FailOn, Format};
use crate::cli::output;
use crate::cli::policy::{load_policy, now, specs_for};
use crate::diag::{Diagnostic, Severity};
use crate::eval::program::Program;
use crate::eval::run::{RunOptions, run_repo};
use crate::eval::value::Value;
use crate::facts::FactError;
use crate::facts::repo::{RepoFacts, RepoOptions};
use crate::fix;
use crate::policy::{Policy, PolicySpec};
use crate::repo::{Source, Target, TreeChoice};
use crate::report::diagnostics::Style;
use crate::report::human::HumanOptions;
use crate::report::{RepoReport, Report};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

pub(crate) fn run(cli: &Cli, args: &CheckArgs) -> Result<Exit, String> {
    let max_file_size = parse_size(&args.max_file_size)?;
    let choice = args.rev.clone().map_or(TreeChoice::Auto, TreeChoice::Rev);
    let opened = Target::open(&args.path, &choice);
    // The policy and the fixes belong to the repository's root, however deep in it the
    // check started; relative to the path as given, so diagnostics keep relative paths.
    let root = match &opened {
        Ok(target) => root_as_given(&args.path, target.path()),
        Err(_) => args.path.clone(),
    };
    let specs = specs_for(&args.policy.policies, &root);
    let clock = now(args.policy.now.as_deref())?;
    let loaded = load_policy(&specs, &args.policy, clock)?;
    let diag_format = if args.format == Format::Json { Format::Human } else { args.format };
    if loaded.has_errors() || !loaded.diagnostics.is_empty() {
        super::print_diagnostics(cli, &loaded.diagnostics, &loaded.policy.sources, diag_format)?;
    }
    let Some(program) = &loaded.program else { return Ok(Exit::Error) };
    if let Ok(target) = &opened
        && !cli.quiet
        && args.format != Format::Json
    {
        output::eprint(&format!(
            "checking {} ({}) with {}\n",
            target.path().display(),
            target.source(),
            describe_policy(&specs, &loaded.policy)
        ));
    }
    let on_disk =
        opened.as_ref().is_ok_and(|t| matches!(t.source(), Source::WorkTree | Source::Directory));
    if args.fix && opened.is_ok() && !on_disk {
        return Err(
            "`--fix` writes files, so it needs a work tree: not a bare repository or `--rev`"
                .to_string(),
        );
    }
    let repo_opts = RepoOptions { max_file_size, data_dirs: data_dirs(&loaded.policy) };
    let run_opts = RunOptions { fuel: args.fuel };
    let pool = evaluation_pool(args.jobs)?;
    let check =
        |target, opts| pool.install(|| check_repo(program, target, &args.path, opts, run_opts));
    let mut report = check(opened, repo_opts.clone());
    let mut fix_failed = false;
    if args.fix {
        let fixes = fix::collect_fixes(report.repositories.iter().flat_map(|r| &r.outcomes));
        if !fixes.is_empty() {
            let results = fix::apply_fixes(&root, &fixes);
            print_fix_summary(cli, &results);
            fix_failed = results.iter().any(fix::FixResult::is_failure);
            // Like `cargo clippy --fix`: the report describes the repository as it is now.
            report = check(Target::open(&args.path, &choice), repo_opts);
        }
    }
    let text = match args.format {
        Format::Json => crate::report::json::render(&report, &loaded.policy.sources),
        Format::Human | Format::Plain => {
            let color = args.output.is_none() && output::use_color(cli.color, false);
            let style =
                if args.format == Format::Plain { Style::Plain } else { Style::Fancy { color } };
            crate::report::human::render(
                &report,
                &loaded.policy.sources,
                HumanOptions { style, explain: args.explain, quiet: cli.quiet },
            )
        }
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, text).map_err(|e| format!("writing `{}`: {e}", path.display()))?;
        }
        None => output::print(&text).map_err(|e| e.to_string())?,
    }
    let threshold = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Note => Severity::Note,
    };
    Ok(if report.has_errors() || fix_failed {
        Exit::Error
    } else if report.has_findings_at(threshold) {
        Exit::Findings
    } else {
        Exit::Clean
    })
}

/// The fix summary goes to stderr, before the report, in every format (JSON stays schema 1);
/// `--quiet` keeps only the fixes that were refused or failed
fn print_fix_summary(cli: &Cli, results: &[fix::FixResult]) {
    let mut text = String::new();
    for r in results {
        if !cli.quiet || matches!(r.status, fix::FixStatus::Refused(_) | fix::FixStatus::Failed(_))
        {
            text.push_str(&r.to_string());
            text.push('\n');
        }
    }
    output::eprint(&text);
}

/// The threads rules are evaluated on: `jobs` of them (default one per CPU), each with the
/// main thread's stack, since the checker's nesting limit is sized for it
pub(crate) fn evaluation_pool(jobs: Option<u16>) -> Result<rayon::ThreadPool, String> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.map_or(0, usize::from))
        .stack_size(8 << 20)
        .build()
        .map_err(|e| format!("cannot start the evaluation threads: {e}"))
}

/// Evaluate a program on one repository target; `given` names it when it could not be
/// opened
pub(crate) fn check_repo(
    program: &Program,
    target: Result<Target, FactError>,
    given: &Path,
    opts: RepoOptions,
    run: RunOptions,
) -> Report {
    let scanned_at = program.now.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    let used: Vec<AtomicBool> = program.waivers.iter().map(|_| AtomicBool::new(false)).collect();
    let mut repositories = Vec::new();
    let mut complete = true;
    match target {
        Ok(target) => {
            let target = Arc::new(target);
            let facts = RepoFacts::new(target.clone(), opts);
            let outcomes = run_repo(program, &facts, facts.name(), run, &used);
            repositories.push(RepoReport {
                name: facts.name().to_string(),
                path: facts.path().to_path_buf(),
                errors: facts.problems().to_vec(),
                outcomes,
                target: Some(target),
            });
        }
        Err(e) => {
            complete = false;
            repositories.push(RepoReport {
                name: given.display().to_string(),
                path: std::fs::canonicalize(given).unwrap_or_else(|_| given.to_path_buf()),
                errors: vec![e],
                outcomes: Vec::new(),
                target: None,
            });
        }
    }
    let mut policy_diags = program.waiver_diagnostics.clone();
    policy_diags.extend(unused_waivers(program, &used));
    Report { scanned_at, complete, repositories, policy: policy_diags }
}

/// The repository root, spelled from the path as given when it is that path or one of its
/// ancestors (`..` for each level), so that policy diagnostics keep relative paths
fn root_as_given(given: &Path, root: &Path) -> PathBuf {
    let Some(depth) = std::fs::canonicalize(given)
        .ok()
        .and_then(|g| g.strip_prefix(root).ok().map(|rest| rest.components().count()))
    else {
        return root.to_path_buf();
    };
    if depth == 0 {
        return given.to_path_buf();
    }
    let mut path = if given == Path::new(".") { PathBuf::new() } else { given.to_path_buf() };
    for _ in 0..depth {
        path.push("..");
    }
    path
}

/// Which policy a check uses, for the status line: `.tenet/ (2 files)`,
/// `std/recommended (embedded)`
fn describe_policy(specs: &[PolicySpec], policy: &Policy) -> String {
    let files = |dir: &Path| {
        let name = dir.display().to_string();
        let n: usize = policy
            .units
            .iter()
            .filter(|u| u.is_root && u.name == name)
            .map(|u| u.files.len())
            .sum();
        if n == 1 { "1 file".to_string() } else { format!("{n} files") }
    };
    let parts: Vec<String> = specs
        .iter()
        .map(|spec| match spec {
            PolicySpec::Local { dir, .. } => format!(".tenet/ ({})", files(dir)),
            PolicySpec::Std(pack) => format!("std/{pack} (embedded)"),
            PolicySpec::Path(p) if p.is_dir() => format!("{} ({})", p.display(), files(p)),
            PolicySpec::Path(p) => p.display().to_string(),
            PolicySpec::Text(name, _) => name.clone(),
        })
        .collect();
    parts.join(", ")
}

fn unused_waivers(program: &Program, used: &[AtomicBool]) -> Vec<Diagnostic> {
    program
        .waivers
        .iter()
        .zip(used)
        .filter(|(w, u)| w.active && !u.load(Ordering::Relaxed))
        .map(|(w, _)| {
            Diagnostic::warning(
                "policy::unused_waiver",
                format!("waiver for `{}` was never used", w.rule),
            )
            .with_label(w.span, "matched no violation")
            .with_help("remove it if the problem is fixed, or check its `repos` and `paths` globs")
        })
        .collect()
}

/// Where `data(name)` looks: the directory of every loaded unit, roots first, so a data
/// file beside an imported policy is found. A repository's own policy only gets the
/// directories inside that repository.
pub(crate) fn data_dirs(policy: &Policy) -> Vec<std::path::PathBuf> {
    let roots = policy.units.iter().filter(|u| u.is_root);
    let imported = policy.units.iter().filter(|u| !u.is_root);
    let mut seen = std::collections::HashSet::new();
    let mut dirs = Vec::new();
    for dir in roots.chain(imported).filter_map(|u| u.dir.as_ref()) {
        let real = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.clone());
        if policy.repository.as_ref().is_some_and(|repo| !real.starts_with(repo)) {
            continue;
        }
        if seen.insert(real) {
            dirs.push(dir.clone());
        }
    }
    dirs
}

/// Parse a size such as `10MiB` or `5MB`
pub(crate) fn parse_size(s: &str) -> Result<u64, String> {
    let lexed = crate::syntax::parse_expr(s, crate::source::SourceId(0));
    let value = lexed.ok().and_then(|e| crate::eval::compile::literal_value(&e));
    match value {
        Some(Value::Size(n)) => Ok(n),
        Some(Value::Int(n)) if n >= 0 => Ok(n as u64),
        _ => Err(format!("`{s}` is not a size such as `10MiB` or `5MB`")),
    }
}
