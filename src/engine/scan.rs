//! `tenet scan` in the library: many repositories evaluated with one compiled central
//! policy, in parallel, each repository's results handed to the caller in path order as
//! soon as every repository before it is done, and its facts dropped then. A repository
//! that cannot be opened is reported with its error and the scan goes on.
//!
//! A repository's own `.tenet/` composes with the central policy (SPEC §2.4): its rules are
//! added, but its waivers of central rules count only when the central policy sets
//! `param trust_local_waivers: bool = true`; it loads no file from outside the repository.
//! Such a repository gets its own program, compiled for it alone. With no central policy,
//! a repository with a `.tenet/` uses it alone, and the others share `std/recommended`.

use super::policy::load_with_sets;
use super::shard::in_shard;
use super::{EngineOptions, WaiverUse, data_dirs, evaluation_pool};
use crate::diag::{Code, Diagnostic, Severity};
use crate::eval::program::{Program, SetArg};
use crate::eval::run::{RunOptions, run_rules};
use crate::facts::repo::{RepoFacts, RepoOptions};
use crate::model::{FactError, Value};
use crate::policy::PolicySpec;
use crate::repo::{FoundRepo, Target, TreeChoice, TreeSource, find_repositories};
use crate::report::wire::Shard;
use crate::report::{RepoReport, convert, wire};
use crate::source::SourceMap;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The param of a central policy that lets repositories waive central rules
pub const TRUST_LOCAL_WAIVERS: &str = "trust_local_waivers";

/// Which repositories a scan covers
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// The repositories, sorted by path, each once
    pub repositories: Vec<FoundRepo>,
    /// Directories that could not be read while looking for repositories
    pub errors: Vec<FactError>,
}

/// Find the repositories under `roots` (at most `max_depth` directories down) and those
/// listed in `listed` (one path a line, `#` comments, as given), keep those of `shard`, and
/// sort them by their canonical path so that the order of the roots does not matter
pub fn plan(roots: &[PathBuf], listed: &[String], max_depth: usize, shard: Option<Shard>) -> Plan {
    let mut plan = Plan::default();
    let mut all = Vec::new();
    for root in roots {
        let (found, errors) = find_repositories(root, max_depth);
        all.extend(found);
        plan.errors.extend(errors);
    }
    for line in listed {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        all.push(FoundRepo { path: PathBuf::from(line), relative: line.to_string() });
    }
    // Sorted as the report sorts them, by the path it shows, as a string (so `tenet merge`
    // can restore the order from the reports alone)
    let mut keyed: Vec<(String, FoundRepo)> = all
        .into_iter()
        .filter(|r| shard.is_none_or(|s| in_shard(s, &r.relative)))
        .map(|r| {
            let real = std::fs::canonicalize(&r.path).unwrap_or_else(|_| r.path.clone());
            (real.display().to_string(), r)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.dedup_by(|a, b| a.0 == b.0);
    plan.repositories = keyed.into_iter().map(|(_, r)| r).collect();
    plan
}

/// How to scan
#[derive(Clone, Debug)]
pub struct ScanOptions {
    /// Fuel, threads and how repositories are read (data directories of the central policy)
    pub engine: EngineOptions,
    /// The central policy (`--policy`), or `std/recommended` when none was named
    pub specs: Vec<PolicySpec>,
    /// True when the central policy was named: repositories' `.tenet/` compose with it
    /// rather than replace it
    pub compose: bool,
    /// `--set`s, applied to every program
    pub sets: Vec<SetArg>,
}

/// A scan in progress: the central program and the waiver use of the whole run
pub struct Scanner<'p> {
    program: &'p Program,
    opts: ScanOptions,
    pool: rayon::ThreadPool,
    waivers: WaiverUse,
    central_rules: HashSet<&'p str>,
    trust_local_waivers: bool,
    incomplete: AtomicBool,
}

impl<'p> Scanner<'p> {
    /// A scanner for the central `program`; fails only when the threads cannot start
    pub fn new(program: &'p Program, opts: ScanOptions) -> Result<Self, String> {
        Ok(Scanner {
            program,
            pool: evaluation_pool(opts.engine.jobs)?,
            waivers: WaiverUse::new(program),
            central_rules: program.rules.iter().map(|r| r.id.as_str()).collect(),
            trust_local_waivers: program
                .params
                .iter()
                .any(|p| matches!(p.get(TRUST_LOCAL_WAIVERS), Some(Value::Bool(true)))),
            incomplete: AtomicBool::new(false),
            opts,
        })
    }

    /// Record that something asked for was not evaluated (an unreadable directory, an
    /// interrupted scan)
    pub fn mark_incomplete(&self) {
        self.incomplete.store(true, Ordering::Relaxed);
    }

    /// Was everything asked for evaluated?
    pub fn complete(&self) -> bool {
        !self.incomplete.load(Ordering::Relaxed)
    }

    /// The central policy's own findings after the run (expired and unused waivers)
    pub fn policy_diagnostics(&self) -> Vec<Diagnostic> {
        self.waivers.diagnostics(self.program)
    }

    /// Evaluate `repos` on `jobs` threads and hand each report to `sink` in order. Workers
    /// take repositories in order, so at most about one report per thread waits for an
    /// earlier one. Once `stop` is set (Ctrl-C) or `sink` fails, no repository is started;
    /// those already started are finished and handed over. Gives how many were handed over.
    pub fn run(
        &self,
        repos: &[FoundRepo],
        stop: &AtomicBool,
        started: &(dyn Fn(&FoundRepo) + Sync),
        sink: &mut dyn FnMut(RepoReport) -> std::io::Result<()>,
    ) -> std::io::Result<usize> {
        let next = AtomicUsize::new(0);
        let failed = AtomicBool::new(false);
        let (tx, rx) = std::sync::mpsc::channel::<(usize, RepoReport)>();
        let workers = self.pool.current_num_threads().max(1);
        let (next, failed) = (&next, &failed);
        std::thread::scope(|s| {
            s.spawn(move || {
                self.pool.scope(|ps| {
                    for _ in 0..workers {
                        let tx = tx.clone();
                        ps.spawn(move |_| {
                            loop {
                                if stop.load(Ordering::Relaxed) || failed.load(Ordering::Relaxed) {
                                    break;
                                }
                                let i = next.fetch_add(1, Ordering::Relaxed);
                                let Some(repo) = repos.get(i) else { break };
                                started(repo);
                                // Each thread has a repository of its own until fewer
                                // are left than threads: then its rules share them
                                let parallel = repos.len() - i < workers;
                                if tx.send((i, self.scan_one(repo, parallel))).is_err() {
                                    break;
                                }
                            }
                        });
                    }
                });
                drop(tx);
            });
            let mut pending = BTreeMap::new();
            let mut delivered = 0;
            let mut result = Ok(());
            for (i, report) in rx {
                pending.insert(i, report);
                while let Some(report) = pending.remove(&delivered) {
                    if result.is_ok() {
                        result = sink(report);
                        if result.is_err() {
                            failed.store(true, Ordering::Relaxed);
                        }
                    }
                    delivered += 1;
                }
            }
            if delivered < repos.len() {
                self.mark_incomplete();
            }
            result.map(|()| delivered)
        })
    }

    /// Open and evaluate one repository, its rules in parallel or one after another
    fn scan_one(&self, repo: &FoundRepo, parallel: bool) -> RepoReport {
        let target = match Target::open_at(&repo.path, &TreeChoice::Auto) {
            Ok(t) => Arc::new(t),
            Err(e) => return self.not_evaluated(&repo.path, e),
        };
        let local = target.path().join(".tenet");
        let has_local = matches!(target.source(), TreeSource::WorkTree | TreeSource::Directory)
            && local.is_dir();
        if !has_local {
            return self.evaluate(
                self.program,
                &self.waivers,
                target,
                &self.opts.engine.repo,
                parallel,
            );
        }
        let mut specs = if self.opts.compose { self.opts.specs.clone() } else { Vec::new() };
        specs.push(PolicySpec::Local { dir: local, repo: target.path().to_path_buf() });
        let loaded = load_with_sets(&specs, &self.opts.sets, self.program.now);
        let program = match loaded.program {
            Some(p) if !loaded.has_errors() => p,
            _ => {
                let first = loaded.diagnostics.iter().find(|d| d.severity == Severity::Error);
                let why = first.map_or_else(
                    || "it could not be built".to_string(),
                    |d| format!("{}: {}", d.code, d.message),
                );
                let e = FactError::new(
                    Code::ScanLocalPolicy,
                    format!(
                        "the repository's own policy has errors ({why}); run `tenet lint .tenet` in it"
                    ),
                );
                return self.not_evaluated(target.path(), e);
            }
        };
        let dirs = data_dirs(&loaded.policy);
        self.evaluate_local(program, &loaded.policy.sources, &dirs, target, parallel)
    }

    /// Evaluate with a repository's own program; central waivers used there count for the
    /// whole run. The repository's own waivers go into its report, and so do their
    /// problems, as `tenet check` reports them in that repository: expired, unused, and
    /// (new in a scan) ignored because the central policy does not trust them.
    fn evaluate_local(
        &self,
        mut program: Program,
        sources: &SourceMap,
        dirs: &[PathBuf],
        target: Arc<Target>,
        parallel: bool,
    ) -> RepoReport {
        // The central units load first, so the central waivers are the first ones.
        let central = if self.opts.compose { self.program.waivers.len() } else { 0 };
        let mut ignored = Vec::new();
        if self.opts.compose && !self.trust_local_waivers {
            for (i, w) in program.waivers.iter_mut().enumerate().skip(central) {
                if self.central_rules.contains(w.rule.as_str()) {
                    w.active = false;
                    ignored.push(i);
                }
            }
        }
        let waivers = WaiverUse::new(&program);
        let mut repo_opts = self.opts.engine.repo.clone();
        for d in dirs {
            if !repo_opts.data_dirs.contains(d) {
                repo_opts.data_dirs.push(d.clone());
            }
        }
        let mut report = self.evaluate(&program, &waivers, target, &repo_opts, parallel);
        self.waivers.absorb(&waivers, central);
        // The repository's own waivers, and the files they are in: the central policy's
        // problems are the whole run's, reported once at its end.
        let own = program.waivers.iter().enumerate().skip(central);
        let files: HashSet<_> = own.clone().map(|(_, w)| w.span.source).collect();
        let mut problems: Vec<Diagnostic> = waivers
            .diagnostics(&program)
            .into_iter()
            .filter(|d| d.primary_span().is_some_and(|s| files.contains(&s.source)))
            .collect();
        problems.extend(ignored.iter().filter_map(|&i| program.waivers.get(i)).map(|w| {
            Diagnostic::warning(
                Code::PolicyIgnoredWaiver,
                format!(
                    "waiver for `{}` is ignored: the central policy does not trust the repository's own waivers of its rules",
                    w.rule
                ),
            )
            .with_label(w.span, "this waiver waives nothing")
            .with_help(format!(
                "fix the violations, or ask for a central waiver; the central policy can trust local waivers with `param {TRUST_LOCAL_WAIVERS}: bool = true`"
            ))
        }));
        let root = report.path.clone();
        report.policy = problems
            .iter()
            .map(|d| {
                let mut d = convert::diagnostic(d, sources);
                relative_files(&mut d, &root);
                d
            })
            .collect();
        report.waivers =
            own.map(|(i, w)| convert::waiver(w, program.now, ignored.contains(&i))).collect();
        report
    }

    fn evaluate(
        &self,
        program: &Program,
        waivers: &WaiverUse,
        target: Arc<Target>,
        repo_opts: &RepoOptions,
        parallel: bool,
    ) -> RepoReport {
        let facts = RepoFacts::new(target.clone(), repo_opts.clone());
        let run = RunOptions { fuel: self.opts.engine.fuel, parallel };
        let mut outcomes = run_rules(program, &facts, run);
        for o in &mut outcomes {
            waivers.apply(program, facts.name(), o);
        }
        RepoReport {
            name: facts.name().to_string(),
            path: facts.path().to_path_buf(),
            errors: facts.problems().to_vec(),
            outcomes,
            target: Some(target),
            policy: Vec::new(),
            waivers: Vec::new(),
        }
    }

    fn not_evaluated(&self, given: &Path, e: FactError) -> RepoReport {
        self.mark_incomplete();
        let path = std::fs::canonicalize(given).unwrap_or_else(|_| given.to_path_buf());
        let name = path
            .file_name()
            .map_or_else(|| given.display().to_string(), |n| n.to_string_lossy().into_owned());
        RepoReport {
            name,
            path,
            errors: vec![e],
            outcomes: Vec::new(),
            target: None,
            policy: Vec::new(),
            waivers: Vec::new(),
        }
    }
}

/// Name the files of a repository's own policy as the repository does (`.tenet/x.tenet`),
/// so reports show them like its other files and can quote them
fn relative_files(d: &mut wire::Diagnostic, root: &Path) {
    let strip = |file: &mut String| {
        if let Ok(rest) = Path::new(file.as_str()).strip_prefix(root) {
            *file = rest.to_string_lossy().replace('\\', "/");
        }
    };
    if let Some(file) = &mut d.file {
        strip(file);
    }
    for l in &mut d.detail.labels {
        strip(&mut l.file);
    }
    for r in &mut d.detail.related {
        relative_files(r, root);
    }
}
