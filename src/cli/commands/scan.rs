//! `tenet scan ROOT…`: find repositories, evaluate them in parallel with one compiled
//! central policy, and stream the report repository by repository. A progress bar shows on
//! a terminal; Ctrl-C stops starting repositories and ends the report, marked incomplete.

use super::check::{TargetFiles, parse_size};
use super::formats::reporter;
use crate::cli::Exit;
use crate::cli::args::{Cli, Format, Progress, ScanArgs};
use crate::cli::output;
use crate::cli::policy::{load_policy, now};
use crate::engine::scan::{ScanOptions, Scanner, plan};
use crate::engine::shard::{parse_shard, policy_digest};
use crate::engine::{EngineOptions, data_dirs};
use crate::eval::program::SetArg;
use crate::facts::repo::RepoOptions;
use crate::model::OutcomeKind;
use crate::policy::PolicySpec;
use crate::report::markdown::WithWorst;
use crate::report::wire::{Scan, Tool};
use crate::report::{ReportWriter, Reporter, RunInfo, convert};
use std::io::{BufRead as _, IsTerminal as _, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Set by Ctrl-C: no repository is started after it
static STOP: AtomicBool = AtomicBool::new(false);

pub(crate) fn run(cli: &Cli, args: &ScanArgs) -> Result<Exit, String> {
    let max_file_size = parse_size(&args.budget.max_file_size)?;
    let shard = args.shard.as_deref().map(parse_shard).transpose()?;
    let clock = now(args.policy.now.as_deref())?;
    let compose = !args.policy.policies.is_empty();
    let specs: Vec<PolicySpec> = if compose {
        args.policy.policies.iter().map(|a| PolicySpec::from_arg(a)).collect()
    } else {
        vec![PolicySpec::Std("recommended".to_string())]
    };
    let loaded = load_policy(&specs, &args.policy, clock)?;
    if !loaded.diagnostics.is_empty() {
        let format = args.report.format.for_diagnostics();
        super::print_diagnostics(cli, &loaded.diagnostics, &loaded.policy.sources, format)?;
    }
    let Some(program) = &loaded.program else { return Ok(Exit::Error) };
    let listed = match &args.repos_from {
        Some(path) => read_list(path)?,
        None => Vec::new(),
    };
    let roots = if args.roots.is_empty() && args.repos_from.is_none() {
        vec![std::path::PathBuf::from(".")]
    } else {
        args.roots.clone()
    };
    let plan = plan(&roots, &listed, args.max_depth, shard);
    let sets = args.policy.sets.iter().map(|s| SetArg::parse(s)).collect::<Result<Vec<_>, _>>()?;
    let opts = ScanOptions {
        engine: EngineOptions {
            fuel: args.budget.fuel,
            jobs: args.budget.jobs,
            repo: RepoOptions {
                max_file_size,
                data_dirs: data_dirs(&loaded.policy),
                ..RepoOptions::default()
            },
        },
        specs,
        compose,
        sets,
    };
    let scanner = Scanner::new(program, opts)?;
    for e in &plan.errors {
        output::eprint(&format!("error: {}\n", crate::report::escape_text(&e.message)));
        scanner.mark_incomplete();
    }
    // Without a handler (one is already set, in tests) Ctrl-C ends the process as usual.
    let _ = ctrlc::set_handler(|| STOP.store(true, Ordering::Relaxed));

    let total = plan.repositories.len();
    let bar = if args.progress == Progress::Auto { progress_bar(cli, total) } else { None };
    let lines = args.progress == Progress::Lines && !cli.quiet;
    let mut done = 0usize;
    let findings = AtomicUsize::new(0);
    let started = |repo: &crate::repo::FoundRepo| {
        if let Some(bar) = &bar {
            let name = if repo.relative.is_empty() {
                repo.path.display().to_string()
            } else {
                repo.relative.clone()
            };
            bar.set_message(format!(
                "{} findings · {}",
                findings.load(Ordering::Relaxed),
                crate::report::escape_text(&name)
            ));
        }
    };

    let help = crate::report::sarif::rule_help(&program.rules);
    let to_file = args.report.output.is_some();
    let inner = reporter(
        cli,
        args.report.format,
        args.report.explain,
        to_file,
        &loaded.policy.sources,
        help,
    );
    let mut reporter: Box<dyn Reporter + '_> =
        if args.report.format == Format::Human { Box::new(WithWorst::new(inner)) } else { inner };
    let mut out: Box<dyn Write> = match &args.report.output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .map_err(|e| format!("writing `{}`: {e}", path.display()))?,
        )),
        None => Box::new(output::stdout()),
    };
    let run = RunInfo {
        tool: Tool::current(),
        scanned_at: program.now.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        scan: Some(Scan { policy_digest: policy_digest(&loaded.policy.sources), shard }),
    };
    let threshold = args.report.fail_on.severity();
    let (mut errors, mut failing) = (false, false);
    let written = (|| {
        let mut writer =
            ReportWriter::begin_run(&mut *reporter, &mut *out, &loaded.policy.sources, &run)?;
        scanner.run(&plan.repositories, &STOP, &started, &mut |repo| {
            for o in &repo.outcomes {
                errors |= o.kind == OutcomeKind::Error;
                failing |= o.kind == OutcomeKind::Fail && o.severity >= threshold;
                let open = o.violations.iter().filter(|v| v.waived_by.is_none()).count();
                findings.fetch_add(open, Ordering::Relaxed);
            }
            // The repository's own waivers' problems count as the central policy's do.
            failing |= repo.policy.iter().any(|d| convert::diag_severity(d.severity) >= threshold);
            if let Some(bar) = &bar {
                bar.inc(1);
            }
            let written = writer.repository(&repo, &TargetFiles(repo.target.as_deref()));
            done += 1;
            if lines {
                output::eprint(&format!(
                    "scanned {done}/{total} {}\n",
                    crate::report::escape_text(&repo.path.display().to_string())
                ));
            }
            written
        })?;
        if STOP.load(Ordering::Relaxed) {
            scanner.mark_incomplete();
        }
        let policy = scanner.policy_diagnostics();
        failing |= policy.iter().any(|d| d.severity >= threshold);
        writer.finish(scanner.complete(), &policy, convert::waivers(program))
    })();
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    written.map_err(|e| match &args.report.output {
        Some(path) => format!("writing `{}`: {e}", path.display()),
        None => e.to_string(),
    })?;
    if STOP.load(Ordering::Relaxed) {
        output::eprint(
            "interrupted: the report covers the repositories finished so far and is marked incomplete\n",
        );
    }
    Ok(if errors || !scanner.complete() {
        Exit::Error
    } else if failing {
        Exit::Findings
    } else {
        Exit::Clean
    })
}

/// The lines of `--repos-from FILE` (`-`: stdin)
fn read_list(path: &std::path::Path) -> Result<Vec<String>, String> {
    let err = |e: std::io::Error| format!("reading `{}`: {e}", path.display());
    if path.as_os_str() == "-" {
        return std::io::stdin().lock().lines().collect::<Result<_, _>>().map_err(err);
    }
    let text = std::fs::read_to_string(path).map_err(err)?;
    Ok(text.lines().map(str::to_string).collect())
}

/// A progress bar on stderr when it is a terminal (and not `--quiet`); none otherwise
fn progress_bar(cli: &Cli, len: usize) -> Option<indicatif::ProgressBar> {
    if cli.quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    let style = indicatif::ProgressStyle::with_template(
        "{bar:30} {pos}/{len} repositories, {elapsed} · {wide_msg}",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    Some(bar)
}
