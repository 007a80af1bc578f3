//! The engine: a compiled [`Program`] evaluated on repositories. It opens each repository,
//! runs the rules on a rayon pool, applies waivers and tracks their use over the whole run,
//! and hands each repository's results to the caller. The CLI, tests and benches drive
//! tenet through this API; nothing below it knows about the command line.

pub mod policy;
pub mod scan;
pub mod shard;
mod waivers;

use crate::eval::program::Program;
use crate::eval::run::{RunOptions, run_rules};
use crate::facts::FactSource;
use crate::facts::repo::{RepoFacts, RepoOptions};
use crate::model::FactError;
use crate::model::Outcome;
use crate::policy::Policy;
use crate::repo::{Target, TreeChoice};
use crate::report::{RepoReport, Report};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
pub use waivers::WaiverUse;

/// How to evaluate
#[derive(Clone, Debug)]
pub struct EngineOptions {
    /// Steps each (rule, repository) may take
    pub fuel: u64,
    /// Worker threads (default: one per CPU)
    pub jobs: Option<u16>,
    /// How repositories are read
    pub repo: RepoOptions,
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions { fuel: 10_000_000, jobs: None, repo: RepoOptions::default() }
    }
}

/// A program ready to evaluate repositories, with the waiver use of the run so far
pub struct Engine<'p> {
    program: &'p Program,
    opts: EngineOptions,
    pool: rayon::ThreadPool,
    waivers: WaiverUse,
    /// Set when something asked for could not be evaluated (a repository not opened)
    incomplete: AtomicBool,
}

impl<'p> Engine<'p> {
    /// An engine for `program`; fails only when the worker threads cannot start
    pub fn new(program: &'p Program, opts: EngineOptions) -> Result<Self, String> {
        let pool = evaluation_pool(opts.jobs)?;
        Ok(Engine {
            program,
            opts,
            pool,
            waivers: WaiverUse::new(program),
            incomplete: AtomicBool::new(false),
        })
    }

    /// The program being run
    pub fn program(&self) -> &'p Program {
        self.program
    }

    /// Evaluate every rule on the facts of one repository named `repo_name`, waivers
    /// applied; outcomes come in rule order whatever the number of threads
    pub fn evaluate(&self, facts: &dyn FactSource, repo_name: &str) -> Vec<Outcome> {
        let run = RunOptions { fuel: self.opts.fuel, parallel: true };
        self.pool.install(|| {
            let mut outcomes = run_rules(self.program, facts, run);
            for o in &mut outcomes {
                self.waivers.apply(self.program, repo_name, o);
            }
            outcomes
        })
    }

    /// Open the repository `path` is in (its root found as git does) and evaluate the
    /// program on its work tree
    pub fn check_path(&self, path: &Path) -> RepoReport {
        self.check_target(Target::open(path, &TreeChoice::Auto), path)
    }

    /// Evaluate the program on an opened repository target; `given` names the repository
    /// when it could not be opened
    pub fn check_target(&self, target: Result<Target, FactError>, given: &Path) -> RepoReport {
        match target {
            Ok(target) => {
                let target = Arc::new(target);
                let facts = RepoFacts::new(target.clone(), self.opts.repo.clone());
                let outcomes = self.evaluate(&facts, facts.name());
                let report = RepoReport {
                    name: facts.name().to_string(),
                    path: facts.path().to_path_buf(),
                    errors: facts.problems().to_vec(),
                    outcomes,
                    target: Some(target),
                    policy: Vec::new(),
                    waivers: Vec::new(),
                };
                drop_in_background(facts);
                report
            }
            Err(e) => {
                self.incomplete.store(true, Ordering::Relaxed);
                RepoReport {
                    name: given.display().to_string(),
                    path: std::fs::canonicalize(given).unwrap_or_else(|_| given.to_path_buf()),
                    errors: vec![e],
                    outcomes: Vec::new(),
                    target: None,
                    policy: Vec::new(),
                    waivers: Vec::new(),
                }
            }
        }
    }

    /// The report of a run over `paths`, waiver diagnostics included
    pub fn report(&self, repositories: Vec<RepoReport>) -> Report {
        let scanned_at = self.program.now.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
        let complete = !self.incomplete.load(Ordering::Relaxed);
        Report {
            scanned_at,
            complete,
            repositories,
            policy: self.waivers.diagnostics(self.program),
            waivers: crate::report::convert::waivers(self.program),
        }
    }
}

/// Evaluate a program on one repository target: the whole run of `tenet check`; `given`
/// names the repository when it could not be opened
pub fn check_repo(
    program: &Program,
    target: Result<Target, FactError>,
    given: &Path,
    opts: EngineOptions,
) -> Result<Report, String> {
    let engine = Engine::new(program, opts)?;
    let repo = engine.check_target(target, given);
    Ok(engine.report(vec![repo]))
}

/// The threads rules are evaluated on: `jobs` of them (default one per CPU), each with the
/// main thread's stack, since the checker's nesting limit is sized for it
pub fn evaluation_pool(jobs: Option<u16>) -> Result<rayon::ThreadPool, String> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.map_or(0, usize::from))
        .stack_size(8 << 20)
        .build()
        .map_err(|e| format!("cannot start the evaluation threads: {e}"))
}

/// Where `data(name)` looks: the directory of every loaded unit, roots first, so a data
/// file beside an imported policy is found. A repository's own policy only gets the
/// directories inside that repository.
pub fn data_dirs(policy: &Policy) -> Vec<PathBuf> {
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

/// Free a repository's facts off the caller's thread: a history of 100,000 commits takes
/// longer to free than its rules take to report, and a process that exits next need not
/// wait for it at all
fn drop_in_background(facts: RepoFacts) {
    // Had no thread been made, the closure, and the facts in it, are dropped right here.
    drop(std::thread::Builder::new().name("tenet-drop".into()).spawn(move || drop(facts)));
}
