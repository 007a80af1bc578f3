//! `tenet test`: run the `test` blocks of each policy file on its own, with that file's
//! imports, and print pass/fail per test like `opa test`. Fixtures with a `history.fi`
//! become throwaway git repositories (the one place tenet runs `git`, on the author's files).

use crate::cli::Exit;
use crate::cli::args::{Cli, TestArgs};
use crate::cli::output;
use crate::cli::policy::now;
use crate::engine::policy::{Loaded, load_with_sets};
use crate::engine::{EngineOptions, check_repo, data_dirs, evaluation_pool};
use crate::eval::program::SetArg;
use crate::facts::repo::RepoOptions;
use crate::model::OutcomeKind;
use crate::policy::PolicySpec;
use crate::repo::{Target, TreeChoice};
use crate::report::diagnostics::{Style, render};
use crate::syntax::ast::{ItemKind, Test, TestStmt};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub(crate) fn run(cli: &Cli, args: &TestArgs) -> Result<Exit, String> {
    evaluation_pool(None)?.install(|| run_tests(cli, args))
}

fn run_tests(cli: &Cli, args: &TestArgs) -> Result<Exit, String> {
    let roots =
        if args.paths.is_empty() { vec![PathBuf::from(".tenet")] } else { args.paths.clone() };
    // A file argument means that file and its imports; a directory means its files, and
    // the files of one directory share one namespace, so each directory is loaded as one
    // unit and the tests of each of its files run against it.
    let mut groups: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    let mut files = Vec::new();
    for root in &roots {
        if !root.exists() {
            return Err(if args.paths.is_empty() {
                "no `.tenet/` directory here: name the policy files or directories to test, \
                 e.g. `tenet test policies/`"
                    .to_string()
            } else {
                format!("`{}` does not exist", root.display())
            });
        }
        if root.is_file() {
            groups.entry(root.clone()).or_default().push(root.clone());
        } else {
            collect_policy_files(root, &mut files);
        }
    }
    let parent = |f: &PathBuf| {
        f.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    };
    for file in files {
        let files = groups.entry(parent(&file)).or_default();
        if !files.contains(&file) {
            files.push(file);
        }
    }
    let clock = now(args.now.as_deref())?;
    let (mut passed, mut failed, mut broken) = (0usize, 0usize, false);
    let mut text = String::new();
    for (path, files) in &mut groups {
        files.sort();
        let spec = PolicySpec::Path(path.clone());
        let loaded = load_with_sets(std::slice::from_ref(&spec), &[], clock);
        if loaded.has_errors() {
            output::eprint(&render(
                &loaded.diagnostics,
                &loaded.policy.sources,
                Style::Fancy { color: false },
            ));
            broken = true;
            continue;
        }
        let Some(root) = loaded.policy.units.iter().find(|u| u.is_root) else { continue };
        let unit_name = root.name.clone();
        for file in files.iter() {
            for t in &tests_of(root, file, &loaded.policy.sources) {
                match run_test(t, file, &spec, &unit_name, clock, &loaded) {
                    Ok(()) => {
                        passed += 1;
                        if !cli.quiet {
                            let _ = writeln!(text, "PASS  {}: {}", file.display(), t.name.value);
                        }
                    }
                    Err(why) => {
                        failed += 1;
                        let _ = writeln!(text, "FAIL  {}: {}", file.display(), t.name.value);
                        for line in why.lines() {
                            let _ = writeln!(text, "        {line}");
                        }
                    }
                }
            }
        }
    }
    let _ = writeln!(text, "{passed} passed, {failed} failed");
    output::print(&text).map_err(|e| e.to_string())?;
    Ok(if broken {
        Exit::Error
    } else if failed > 0 {
        Exit::Findings
    } else {
        Exit::Clean
    })
}

/// The `test` items written in `file`, one of the unit's files
fn tests_of(
    unit: &crate::policy::Unit,
    file: &Path,
    sources: &crate::source::SourceMap,
) -> Vec<Test> {
    let wanted = std::fs::canonicalize(file).ok();
    unit.files
        .iter()
        .filter(|f| {
            sources.get(f.source).is_some_and(|s| std::fs::canonicalize(&s.name).ok() == wanted)
        })
        .flat_map(|f| &f.items)
        .filter_map(|i| if let ItemKind::Test(t) = &i.kind { Some(t.clone()) } else { None })
        .collect()
}

/// `.tenet` files under `root`, skipping fixture directories
fn collect_policy_files(root: &Path, out: &mut Vec<PathBuf>) {
    if root.is_file() {
        out.push(root.to_path_buf());
        return;
    }
    let Ok(entries) = std::fs::read_dir(root) else { return };
    for e in entries.flatten() {
        let p = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir()
            && e.file_name() != "fixtures"
            && e.file_name() != ".git"
            && e.file_name() != "target"
        {
            collect_policy_files(&p, out);
        } else if ft.is_file() && p.extension().is_some_and(|x| x == "tenet") {
            out.push(p);
        }
    }
}

fn run_test(
    t: &Test,
    file: &Path,
    spec: &PolicySpec,
    unit: &str,
    clock: jiff::Timestamp,
    loaded: &Loaded,
) -> Result<(), String> {
    let sources = &loaded.policy.sources;
    let dir = file.parent().unwrap_or(Path::new("."));
    let mut sets = Vec::new();
    let mut fixture = None;
    for stmt in &t.stmts {
        match stmt {
            TestStmt::Fixture(f) => fixture = Some(dir.join(&f.value)),
            TestStmt::Set(name, value) => sets.push(SetArg {
                unit: Some(unit.to_string()),
                name: name.name.clone(),
                value: sources.slice(value.span).to_string(),
            }),
            TestStmt::Expect { .. } => {}
        }
    }
    let fixture = fixture.ok_or("the test has no `fixture`")?;
    if !fixture.is_dir() {
        return Err(format!("fixture `{}` is not a directory", fixture.display()));
    }
    // The unit's program serves every test that sets no param; a test with `set` gets its own.
    let reloaded;
    let loaded = if sets.is_empty() {
        loaded
    } else {
        reloaded = load_with_sets(std::slice::from_ref(spec), &sets, clock);
        &reloaded
    };
    let Some(program) = &loaded.program else {
        let msgs: Vec<String> =
            loaded.diagnostics.iter().map(|d| format!("{}: {}", d.code, d.message)).collect();
        return Err(msgs.join("\n"));
    };
    let prepared = prepare_fixture(&fixture)?;
    let repo_path = prepared.as_ref().map_or(fixture.as_path(), |t| t.path());
    let repo = RepoOptions { data_dirs: data_dirs(&loaded.policy), ..RepoOptions::default() };
    // A fixture stands for a repository of its own, wherever it is: no search upwards.
    let target = Target::open_at(repo_path, &TreeChoice::Auto);
    let opts = EngineOptions { repo, ..EngineOptions::default() };
    let report = check_repo(program, target, repo_path, opts)?;
    let outcomes = report.repositories.first().map(|r| r.outcomes.as_slice()).unwrap_or_default();
    let mut problems = Vec::new();
    for stmt in &t.stmts {
        let TestStmt::Expect { negated, rule, at, .. } = stmt else { continue };
        let Some(o) = outcomes.iter().find(|o| o.rule == rule.id) else {
            problems.push(format!("rule `{}` is not in force", rule.id));
            continue;
        };
        if let Some(e) = &o.error {
            problems.push(format!("`{}` could not be evaluated: {}", rule.id, e.message));
            continue;
        }
        let hits: Vec<&str> = o
            .violations
            .iter()
            .filter(|v| v.waived_by.is_none())
            .filter(|v| {
                at.as_ref().is_none_or(|a| v.location.as_ref().is_some_and(|l| *l.path == *a.value))
            })
            .map(|v| v.message.as_str())
            .collect();
        let place = at.as_ref().map_or(String::new(), |a| format!(" at `{}`", a.value));
        match (negated, hits.is_empty()) {
            (false, true) => {
                let found: Vec<String> = o
                    .violations
                    .iter()
                    .map(|v| {
                        v.location
                            .as_ref()
                            .map_or("(repository)".to_string(), |l| l.path.to_string())
                    })
                    .collect();
                let outcome = if o.kind == OutcomeKind::Skipped {
                    "was skipped"
                } else if found.is_empty() {
                    "passed"
                } else {
                    "failed elsewhere"
                };
                let elsewhere = if found.is_empty() {
                    String::new()
                } else {
                    format!(": {}", found.join(", "))
                };
                problems.push(format!(
                    "expected `{}`{place} to fail, but it {outcome}{elsewhere}",
                    rule.id
                ));
            }
            (true, false) => {
                problems.push(format!(
                    "expected no `{}`{place}, but: {}",
                    rule.id,
                    hits.join("; ")
                ));
            }
            _ => {}
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(problems.join("\n")) }
}

/// A fixture with `history.fi` is copied to a temporary directory and given a git history
fn prepare_fixture(fixture: &Path) -> Result<Option<tempfile::TempDir>, String> {
    let stream = fixture.join("history.fi");
    if !stream.is_file() {
        return Ok(None);
    }
    let tmp = tempfile::Builder::new()
        .prefix("tenet-fixture-")
        .tempdir()
        .map_err(|e| format!("cannot create a temporary directory: {e}"))?;
    copy_dir(fixture, tmp.path())
        .map_err(|e| format!("cannot copy fixture `{}`: {e}", fixture.display()))?;
    let git = |args: &[&str], input: Option<&Path>| -> Result<(), String> {
        let mut cmd = std::process::Command::new("git");
        cmd.args(["-c", "core.hooksPath=/dev/null", "-c", "init.defaultBranch=main"])
            .args(args)
            .current_dir(tmp.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped());
        if let Some(file) = input {
            cmd.stdin(std::fs::File::open(file).map_err(|e| e.to_string())?);
        }
        let out = cmd
            .output()
            .map_err(|e| format!("cannot run git (needed for `history.fi` fixtures): {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "git {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    };
    git(&["init", "-q"], None)?;
    git(&["fast-import", "--quiet"], Some(&stream))?;
    let _ = std::fs::remove_file(tmp.path().join("history.fi"));
    Ok(Some(tmp))
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let target = to.join(e.file_name());
        let ft = e.file_type()?;
        if ft.is_dir() {
            std::fs::create_dir_all(&target)?;
            copy_dir(&e.path(), &target)?;
        } else if ft.is_file() {
            std::fs::copy(e.path(), &target)?;
        }
    }
    Ok(())
}
