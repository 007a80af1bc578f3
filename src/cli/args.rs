//! Command-line arguments (clap derive).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// tenet: policy-as-code for Open Source Program Offices
#[derive(Debug, Parser)]
#[command(name = "tenet", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// What to do
    #[command(subcommand)]
    pub command: Command,
    /// Colors: auto (when stdout is a terminal), always, never
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Print only findings and errors
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Keep license detection answers between runs in DIR (default: `$TENET_CACHE_DIR`,
    /// else the user cache directory, e.g. `~/.cache/tenet`)
    #[arg(long, global = true, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Keep nothing between runs (also `TENET_NO_CACHE=1`)
    #[arg(long, global = true)]
    pub no_cache: bool,
}

/// When to color output
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// When writing to a terminal
    Auto,
    /// Always
    Always,
    /// Never
    Never,
}

/// Output formats
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Snippets and colors, for terminals
    Human,
    /// Narrated text, for logs and screen readers
    Plain,
    /// The JSON report (docs/report.schema.json)
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers
    Sarif,
    /// `JUnit` XML: one testcase per (rule, repository)
    Junit,
    /// A Markdown summary for a pull-request comment or an issue
    Markdown,
    /// GitHub Actions workflow-command annotations
    Github,
}

impl Format {
    /// The format of the policy's own diagnostics, printed before a report in this format:
    /// narrated text for `plain`, snippets otherwise (they go to stderr)
    #[must_use]
    pub fn for_diagnostics(self) -> Format {
        if self == Format::Plain { Format::Plain } else { Format::Human }
    }
}

/// Severity thresholds
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Only errors fail
    Error,
    /// Warnings and errors fail
    Warning,
    /// Everything fails
    Note,
}

impl FailOn {
    /// The lowest severity that fails
    pub fn severity(self) -> crate::diag::Severity {
        match self {
            FailOn::Error => crate::diag::Severity::Error,
            FailOn::Warning => crate::diag::Severity::Warning,
            FailOn::Note => crate::diag::Severity::Note,
        }
    }
}

/// How `tenet scan` shows its progress on stderr
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Progress {
    /// A bar when stderr is a terminal, nothing otherwise
    Auto,
    /// One line per repository finished (for CI logs, where no bar can be drawn)
    Lines,
    /// Nothing
    Never,
}

/// The subcommands
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate the policy on one repository
    Check(CheckArgs),
    /// Find the repositories under some directories and evaluate them in parallel
    Scan(ScanArgs),
    /// Join the JSON reports of `scan --shard` into one
    Merge(MergeArgs),
    /// A compliance dashboard from JSON reports, with trends across their dates
    Report(ReportArgs),
    /// Check policy files without evaluating them
    Lint(LintArgs),
    /// Format policy files in place
    Fmt(FmtArgs),
    /// Run the `test` blocks of policy files
    Test(TestArgs),
    /// Show the documentation of a rule or a diagnostic code
    Explain(ExplainArgs),
    /// List the rules in force
    Rules(RulesArgs),
}

/// Where the policy comes from
#[derive(Debug, Args, Clone, Default)]
pub struct PolicyArgs {
    /// A policy file, a directory of them, or an embedded pack (`std/recommended`); repeatable.
    /// Default: `<repo>/.tenet/`, else `std/recommended`
    #[arg(long = "policy", short = 'p', value_name = "FILE|DIR|std/PACK")]
    pub policies: Vec<String>,
    /// Set a param: `NAME=VALUE` or `PACK.NAME=VALUE` (values in the language's syntax)
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub sets: Vec<String>,
    /// Fix the clock (`2027-03-01`); default: `SOURCE_DATE_EPOCH`, else now
    #[arg(long, value_name = "DATE")]
    pub now: Option<String>,
}

/// How results are reported (`check` and `scan`)
#[derive(Debug, Args)]
pub struct ReportingArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to a file instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Lowest severity that makes the exit code 1
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Show the values that made each violation fail
    #[arg(long)]
    pub explain: bool,
}

/// What an evaluation may spend (`check` and `scan`)
#[derive(Debug, Args)]
pub struct BudgetArgs {
    /// Evaluation steps each rule may take on a repository
    #[arg(long, default_value_t = 10_000_000)]
    pub fuel: u64,
    /// Files larger than this are not read (`--max-file-size 5MB`)
    #[arg(long, value_name = "SIZE", default_value = "10MiB")]
    pub max_file_size: String,
    /// Threads (default: one per CPU); the output is the same for any value
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

/// `tenet check`
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The repository (default: the current directory)
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Policy selection
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Output
    #[command(flatten)]
    pub report: ReportingArgs,
    /// Apply the rules' safe fixes (create missing files, never overwrite), then check again;
    /// the report and exit code describe the repository after the fixes
    #[arg(long)]
    pub fix: bool,
    /// Pre-commit: check what is staged in the git index; rules iterating `files(…)` see
    /// only the staged files
    #[arg(long, conflicts_with_all = ["fix", "rev", "files"])]
    pub staged: bool,
    /// Pre-commit: rules iterating `files(…)` see only these files (relative to the
    /// repository root, as `pre-commit` passes them)
    #[arg(long, num_args = 1.., value_name = "FILE", conflicts_with = "fix")]
    pub files: Vec<String>,
    /// With `--staged` or `--files`: skip the rules that do not iterate files
    #[arg(long)]
    pub only_files: bool,
    /// Check the tree of a revision (`v1.0`, `HEAD~3`, a commit id) instead of the work tree,
    /// read from the object database; the policy still comes from the work tree
    #[arg(long, value_name = "REV", conflicts_with = "fix")]
    pub rev: Option<String>,
    /// Limits
    #[command(flatten)]
    pub budget: BudgetArgs,
}

/// `tenet lint`
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Policy files, directories or `std/PACK` (default: `.tenet/`, else `std/recommended`)
    pub policies: Vec<String>,
    /// Set a param: `NAME=VALUE`
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub sets: Vec<String>,
    /// Output format for the diagnostics
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Fix the clock for waiver expiry (`2027-03-01`); default: `SOURCE_DATE_EPOCH`, else now
    #[arg(long, value_name = "DATE")]
    pub now: Option<String>,
}

/// `tenet fmt`
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Files to format (`-` reads stdin and writes stdout)
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Change nothing; list the files that would change and exit 1 if any
    #[arg(long)]
    pub check: bool,
}

/// `tenet test`
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Policy files or directories holding them (default: `.tenet/`)
    pub paths: Vec<PathBuf>,
    /// Fix the clock for the tests
    #[arg(long, value_name = "DATE")]
    pub now: Option<String>,
}

/// `tenet explain`
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule id (`hygiene/missing-readme`) or a diagnostic code (`check::unknown_fact`)
    pub what: String,
    /// Policy selection (to find rules outside the standard packs)
    #[command(flatten)]
    pub policy: PolicyArgs,
}

/// `tenet rules`
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Policy selection
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// The repository whose `.tenet/` to use
    #[arg(long, default_value = ".")]
    pub repo: PathBuf,
}

/// `tenet scan`
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Directories to search for repositories (default: the current directory, unless
    /// `--repos-from` is given)
    pub roots: Vec<PathBuf>,
    /// Also scan the repositories listed in FILE, one path a line (`-` reads stdin)
    #[arg(long, value_name = "FILE")]
    pub repos_from: Option<PathBuf>,
    /// How many directories below a root to look for repositories
    #[arg(long, value_name = "N", default_value_t = 6)]
    pub max_depth: usize,
    /// Evaluate only shard I of N (a stable split by repository path), for `tenet merge`
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// The central policy; each repository's own `.tenet/` adds its rules to it
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Output
    #[command(flatten)]
    pub report: ReportingArgs,
    /// Limits
    #[command(flatten)]
    pub budget: BudgetArgs,
    /// Progress on stderr: a bar on a terminal (`auto`), a line per repository finished
    /// (`lines`), or nothing; `--quiet` means `never`
    #[arg(long, value_enum, default_value_t = Progress::Auto)]
    pub progress: Progress,
}

/// `tenet merge`
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// JSON reports of `tenet scan --shard I/N`, one per shard
    #[arg(required = true)]
    pub reports: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Write the report to a file instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Dashboard formats
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DashboardFormat {
    /// One self-contained HTML file (inline CSS and SVG, nothing fetched)
    Html,
    /// The same figures as Markdown
    Markdown,
}

/// `tenet report`
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// JSON reports of `tenet check`, `scan` or `merge`, of one date or several
    #[arg(required = true)]
    pub reports: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = DashboardFormat::Html)]
    pub format: DashboardFormat,
    /// Write the dashboard to a file instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}
