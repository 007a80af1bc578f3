//! `tenet check [PATH]`: evaluate the policy on one repository and report.

use crate::cli::Exit;
use crate::cli::args::{CheckArgs, Cli, FailOn, Format};
use crate::cli::output;
use crate::cli::policy::{load_policy, now};
use crate::diag::Severity;
use crate::engine::policy::specs_for;
use crate::engine::{EngineOptions, check_repo, data_dirs};
use crate::facts::repo::RepoOptions;
use crate::fix;
use crate::model::Value;
use crate::report::diagnostics::Style;
use crate::report::human::{Human, HumanOptions};
use crate::report::json::Json;
use crate::report::{FileSource, Report, ReportWriter, Reporter, SNIPPET_CAP};
use crate::source::SourceMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub(crate) fn run(cli: &Cli, args: &CheckArgs) -> Result<Exit, String> {
    let max_file_size = parse_size(&args.max_file_size)?;
    let specs = specs_for(&args.policy.policies, &args.path);
    let clock = now(args.policy.now.as_deref())?;
    let loaded = load_policy(&specs, &args.policy, clock)?;
    let diag_format = if args.format == Format::Json { Format::Human } else { args.format };
    if loaded.has_errors() || !loaded.diagnostics.is_empty() {
        super::print_diagnostics(cli, &loaded.diagnostics, &loaded.policy.sources, diag_format)?;
    }
    let Some(program) = &loaded.program else { return Ok(Exit::Error) };
    let opts = EngineOptions {
        fuel: args.fuel,
        jobs: args.jobs,
        repo: RepoOptions { max_file_size, data_dirs: data_dirs(&loaded.policy) },
    };
    let check = || check_repo(program, &args.path, opts.clone());
    let mut report = check()?;
    let mut fix_failed = false;
    if args.fix {
        let fixes = fix::collect_fixes(report.repositories.iter().flat_map(|r| &r.outcomes));
        if !fixes.is_empty() {
            let results = fix::apply_fixes(&args.path, &fixes);
            print_fix_summary(cli, &results);
            fix_failed = results.iter().any(fix::FixResult::is_failure);
            // Like `cargo clippy --fix`: the report describes the repository as it is now.
            report = check()?;
        }
    }
    let mut reporter: Box<dyn Reporter + '_> = match args.format {
        Format::Json => Box::new(Json::new()),
        Format::Human | Format::Plain => {
            let color = args.output.is_none() && output::use_color(cli.color, false);
            let style =
                if args.format == Format::Plain { Style::Plain } else { Style::Fancy { color } };
            let opts = HumanOptions { style, explain: args.explain, quiet: cli.quiet, width: 100 };
            Box::new(Human::new(opts, &loaded.policy.sources))
        }
    };
    let sources = &loaded.policy.sources;
    match &args.output {
        Some(path) => std::fs::File::create(path)
            .and_then(|f| write_report(&mut *reporter, &mut BufWriter::new(f), &report, sources))
            .map_err(|e| format!("writing `{}`: {e}", path.display()))?,
        None => write_report(&mut *reporter, &mut output::stdout(), &report, sources)
            .map_err(|e| e.to_string())?,
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

/// Write the report repository by repository, snippets read from each one's directory
fn write_report(
    reporter: &mut dyn Reporter,
    out: &mut dyn Write,
    report: &Report,
    policy: &SourceMap,
) -> std::io::Result<()> {
    let mut writer = ReportWriter::begin(reporter, out, policy, &report.scanned_at)?;
    for repo in &report.repositories {
        writer.repository(repo, &RepoFiles::new(&repo.path))?;
    }
    writer.finish(report.complete, &report.policy).map(drop)
}

/// A repository's files for snippets, read from its directory: never a file outside it,
/// never one too large to show
struct RepoFiles {
    root: PathBuf,
    /// `None` when the root cannot be resolved: then no file is shown
    canonical_root: Option<PathBuf>,
}

impl RepoFiles {
    fn new(root: &Path) -> Self {
        RepoFiles { root: root.to_path_buf(), canonical_root: std::fs::canonicalize(root).ok() }
    }
}

impl FileSource for RepoFiles {
    fn read(&self, path: &str) -> Option<Arc<str>> {
        let root = self.canonical_root.as_ref()?;
        let target = std::fs::canonicalize(self.root.join(path)).ok()?;
        if !target.starts_with(root) || std::fs::metadata(&target).ok()?.len() > SNIPPET_CAP as u64
        {
            return None;
        }
        std::fs::read_to_string(&target).ok().map(Arc::from)
    }
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
