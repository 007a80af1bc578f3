//! `tenet check [PATH]`: evaluate the policy on one repository and report.

use crate::cli::Exit;
use crate::cli::args::{CheckArgs, Cli, Format};
use crate::cli::output;
use crate::cli::policy::{load_policy, now};
use crate::engine::policy::specs_for;
use crate::engine::{EngineOptions, check_repo, data_dirs};
use crate::facts::Selection;
use crate::facts::repo::RepoOptions;
use crate::fix;
use crate::model::Value;
use crate::policy::{Policy, PolicySpec};
use crate::repo::{Target, TreeChoice, TreeSource};
use crate::report::{FileSource, Report, ReportWriter, Reporter, SNIPPET_CAP};
use crate::source::SourceMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub(crate) fn run(cli: &Cli, args: &CheckArgs) -> Result<Exit, String> {
    let max_file_size = parse_size(&args.budget.max_file_size)?;
    let choice = if args.staged {
        TreeChoice::Index
    } else {
        args.rev.clone().map_or(TreeChoice::Auto, TreeChoice::Rev)
    };
    let opened = Target::open(&args.path, &choice);
    let selection = selection(args, opened.as_ref().ok())?;
    // The policy and the fixes belong to the repository's root, however deep in it the
    // check started; relative to the path as given, so diagnostics keep relative paths.
    let root = match &opened {
        Ok(target) => root_as_given(&args.path, target.path()),
        Err(_) => args.path.clone(),
    };
    let specs = specs_for(&args.policy.policies, &root);
    let clock = now(args.policy.now.as_deref())?;
    let loaded = load_policy(&specs, &args.policy, clock)?;
    let diag_format = args.report.format.for_diagnostics();
    if loaded.has_errors() || !loaded.diagnostics.is_empty() {
        super::print_diagnostics(cli, &loaded.diagnostics, &loaded.policy.sources, diag_format)?;
    }
    let Some(program) = &loaded.program else { return Ok(Exit::Error) };
    if let Ok(target) = &opened
        && !cli.quiet
        && matches!(args.report.format, Format::Human | Format::Plain)
    {
        output::eprint(&format!(
            "checking {} ({}) with {}\n",
            target.path().display(),
            target.source(),
            describe_policy(&specs, &loaded.policy)
        ));
    }
    if args.fix
        && let Ok(target) = &opened
        && !matches!(target.source(), TreeSource::WorkTree | TreeSource::Directory)
    {
        return Err(
            "`--fix` writes files, so it needs a work tree: not a bare repository or `--rev`"
                .to_string(),
        );
    }
    let opts = EngineOptions {
        fuel: args.budget.fuel,
        jobs: args.budget.jobs,
        repo: RepoOptions { max_file_size, data_dirs: data_dirs(&loaded.policy), selection },
    };
    let mut report = check_repo(program, opened, &args.path, opts.clone())?;
    let mut fix_failed = false;
    if args.fix {
        let fixes = fix::collect_fixes(report.repositories.iter().flat_map(|r| &r.outcomes));
        if !fixes.is_empty() {
            let results = fix::apply_fixes(&root, &fixes);
            print_fix_summary(cli, &results);
            fix_failed = results.iter().any(fix::FixResult::is_failure);
            // Like `cargo clippy --fix`: the report describes the repository as it is now.
            report = check_repo(program, Target::open(&args.path, &choice), &args.path, opts)?;
        }
    }
    let help = crate::report::sarif::rule_help(&program.rules);
    let mut reporter = super::formats::reporter(
        cli,
        args.report.format,
        args.report.explain,
        args.report.output.is_some(),
        &loaded.policy.sources,
        help,
    );
    let sources = &loaded.policy.sources;
    match &args.report.output {
        Some(path) => std::fs::File::create(path)
            .and_then(|f| write_report(&mut *reporter, &mut BufWriter::new(f), &report, sources))
            .map_err(|e| format!("writing `{}`: {e}", path.display()))?,
        None => write_report(&mut *reporter, &mut output::stdout(), &report, sources)
            .map_err(|e| e.to_string())?,
    }
    let threshold = args.report.fail_on.severity();
    Ok(if report.has_errors() || fix_failed {
        Exit::Error
    } else if report.has_findings_at(threshold) {
        Exit::Findings
    } else {
        Exit::Clean
    })
}

/// Pre-commit mode: the files `--staged` or `--files` select (relative to the root,
/// `/`-separated), or `None` for a whole check
fn selection(args: &CheckArgs, target: Option<&Target>) -> Result<Option<Arc<Selection>>, String> {
    let paths = if args.staged {
        match target {
            Some(t) => t.staged_paths().map_err(|e| e.message)?,
            // The check reports why the repository could not be opened.
            None => return Ok(None),
        }
    } else if !args.files.is_empty() {
        args.files
            .iter()
            .map(|f| {
                let f = f.replace('\\', "/");
                f.strip_prefix("./").unwrap_or(&f).to_string()
            })
            .collect()
    } else if args.only_files {
        return Err("`--only-files` needs `--staged` or `--files`".to_string());
    } else {
        return Ok(None);
    };
    Ok(Some(Arc::new(Selection { paths, only_file_rules: args.only_files })))
}

/// Write the report repository by repository, snippets read from each one's checked tree
pub(super) fn write_report(
    reporter: &mut dyn Reporter,
    out: &mut dyn Write,
    report: &Report,
    policy: &SourceMap,
) -> std::io::Result<()> {
    let mut writer = ReportWriter::begin(reporter, out, policy, &report.scanned_at)?;
    for repo in &report.repositories {
        writer.repository(repo, &TargetFiles(repo.target.as_deref()))?;
    }
    writer.finish(report.complete, &report.policy, report.waivers.clone()).map(drop)
}

/// A repository's files for snippets, read from the tree that was checked (so `--rev` and
/// bare repositories show the right text): only files the tree lists, none too large to
/// show, none that is not UTF-8
pub(super) struct TargetFiles<'a>(pub(super) Option<&'a Target>);

impl FileSource for TargetFiles<'_> {
    fn read(&self, path: &str) -> Option<Arc<str>> {
        let bytes = self.0?.read_path(path, SNIPPET_CAP as u64)?.ok()?;
        std::str::from_utf8(&bytes).ok().map(Arc::from)
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
