//! Applying fixes (`tenet check --fix`): after evaluation, before the report is rerun.
//!
//! Evaluation renders each violation's `fix create "PATH" from "TEMPLATE"` into a
//! [`PlannedFix`]; this module turns the failing, unwaived ones into files. It is the only
//! place tenet writes to a scanned repository, so its invariant is that repository's safety:
//! it only creates new files strictly inside the root, never overwrites, never writes through
//! a symlink, never follows one out of the root, and never touches `.git`.

use crate::model::{Outcome, OutcomeKind, PlannedFix};
use std::ffi::OsStr;
use std::fmt;
use std::io::{ErrorKind, Write};
use std::path::{Component, Path, PathBuf};

/// A fix wanted by one rule
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleFix {
    /// The rule whose violation asked for it
    pub rule: String,
    /// What to create
    pub fix: PlannedFix,
}

/// What happened to one fix
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FixStatus {
    /// The file was created
    Created,
    /// The file (or something else by that name) already exists; nothing was written
    Exists,
    /// The fix is unsafe; nothing was written
    Refused(String),
    /// Writing failed
    Failed(String),
}

/// The result of one fix, for the summary
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixResult {
    /// The rule that wanted it
    pub rule: String,
    /// The path, as the rule rendered it
    pub path: String,
    /// What happened
    pub status: FixStatus,
}

impl FixResult {
    /// True when the fix could not be written for a reason other than policy (an I/O error)
    pub fn is_failure(&self) -> bool {
        matches!(self.status, FixStatus::Failed(_))
    }
}

impl fmt::Display for FixResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A rendered path may hold any character; keep each result on one line.
        let path = self.path.escape_debug();
        let rule = &self.rule;
        match &self.status {
            FixStatus::Created => write!(f, "created {path} (rule {rule})"),
            FixStatus::Exists => write!(f, "skipped {path}: already exists"),
            FixStatus::Refused(why) => write!(f, "refused {path} (rule {rule}): {why}"),
            FixStatus::Failed(why) => write!(f, "failed to create {path} (rule {rule}): {why}"),
        }
    }
}

/// The fixes of failing, unwaived violations, sorted by path; one per path, the first by rule id
pub fn collect_fixes<'a>(outcomes: impl IntoIterator<Item = &'a Outcome>) -> Vec<RuleFix> {
    let mut fixes: Vec<RuleFix> = outcomes
        .into_iter()
        .filter(|o| o.kind == OutcomeKind::Fail)
        .flat_map(|o| {
            o.violations
                .iter()
                .filter(|v| v.waived_by.is_none())
                .filter_map(|v| v.fix.clone())
                .map(|fix| RuleFix { rule: o.rule.clone(), fix })
        })
        .collect();
    // Stable: one rule's violations keep their (location) order, so the first one wins.
    fixes.sort_by(|a, b| a.fix.path.cmp(&b.fix.path).then_with(|| a.rule.cmp(&b.rule)));
    fixes.dedup_by(|later, first| later.fix.path == first.fix.path);
    fixes
}

/// Apply `fixes` in order to the repository at `root`
pub fn apply_fixes(root: &Path, fixes: &[RuleFix]) -> Vec<FixResult> {
    let root = root.canonicalize();
    fixes
        .iter()
        .map(|f| FixResult {
            rule: f.rule.clone(),
            path: f.fix.path.clone(),
            status: match &root {
                Ok(root) => apply_one(root, &f.fix),
                Err(e) => FixStatus::Failed(format!("reading the repository root: {e}")),
            },
        })
        .collect()
}

/// Create one file; `root` is canonical
fn apply_one(root: &Path, fix: &PlannedFix) -> FixStatus {
    let names = match relative_names(&fix.path) {
        Ok(names) => names,
        Err(why) => return FixStatus::Refused(why),
    };
    let Some((file, dirs)) = names.split_last() else {
        return FixStatus::Refused("the path is empty".into());
    };
    let dir = match enter_dirs(root, dirs) {
        Ok(dir) => dir,
        Err(status) => return status,
    };
    let target = dir.join(file);
    match std::fs::symlink_metadata(&target) {
        Ok(m) if m.file_type().is_symlink() => {
            return FixStatus::Refused("it is a symlink, and fixes never write through one".into());
        }
        Ok(_) => return FixStatus::Exists,
        Err(e) if e.kind() == ErrorKind::NotFound => {}
        Err(e) => return FixStatus::Failed(e.to_string()),
    }
    // `create_new` is O_EXCL: it fails rather than follow a symlink or overwrite a file that
    // appeared since the check above.
    let mut out = match std::fs::OpenOptions::new().write(true).create_new(true).open(&target) {
        Ok(out) => out,
        Err(e) if e.kind() == ErrorKind::AlreadyExists => return FixStatus::Exists,
        Err(e) => return FixStatus::Failed(e.to_string()),
    };
    match out.write_all(fix.content.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => FixStatus::Created,
        Err(e) => {
            drop(out);
            // The file is ours (we just created it): do not leave half of it behind.
            let _ = std::fs::remove_file(&target);
            FixStatus::Failed(e.to_string())
        }
    }
}

/// The names of a relative path, or why it is refused
fn relative_names(path: &str) -> Result<Vec<&OsStr>, String> {
    if path.ends_with('/') || path.ends_with('\\') {
        return Err("the path names a directory, not a file".into());
    }
    let mut names = Vec::new();
    for c in Path::new(path).components() {
        match c {
            Component::Normal(name) => names.push(name),
            Component::CurDir => {}
            Component::ParentDir => return Err("the path contains `..`".into()),
            Component::RootDir | Component::Prefix(_) => {
                return Err("the path is absolute; fix paths are relative to the repository".into());
            }
        }
    }
    if names.iter().any(|n| is_git_dir(n)) {
        return Err("the path is inside `.git`".into());
    }
    Ok(names)
}

/// Walk (creating where missing) the directories `dirs` under the canonical `root`, checking at
/// each step that the canonical directory is still inside the root and outside `.git`
fn enter_dirs(root: &Path, dirs: &[&OsStr]) -> Result<PathBuf, FixStatus> {
    let mut dir = root.to_path_buf();
    let mut shown = PathBuf::new();
    for name in dirs {
        shown.push(name);
        let next = dir.join(name);
        match std::fs::symlink_metadata(&next) {
            Ok(_) => {
                // Follows a symlink, which is fine only if it stays inside the root.
                let canonical = next.canonicalize().map_err(|e| {
                    FixStatus::Refused(format!("`{}` cannot be resolved: {e}", shown.display()))
                })?;
                let Ok(inside) = canonical.strip_prefix(root) else {
                    return Err(FixStatus::Refused(format!(
                        "`{}` leads outside the repository",
                        shown.display()
                    )));
                };
                if inside.iter().any(is_git_dir) {
                    return Err(FixStatus::Refused(format!(
                        "`{}` leads into `.git`",
                        shown.display()
                    )));
                }
                if !canonical.is_dir() {
                    return Err(FixStatus::Refused(format!(
                        "`{}` is not a directory",
                        shown.display()
                    )));
                }
                dir = canonical;
            }
            Err(e) if e.kind() == ErrorKind::NotFound => {
                // `dir` is canonical and inside the root, so the new directory is too.
                std::fs::create_dir(&next).map_err(|e| {
                    FixStatus::Failed(format!("creating `{}`: {e}", shown.display()))
                })?;
                dir = next;
            }
            Err(e) => return Err(FixStatus::Failed(format!("reading `{}`: {e}", shown.display()))),
        }
    }
    Ok(dir)
}

fn is_git_dir(name: &OsStr) -> bool {
    name.eq_ignore_ascii_case(".git")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;
    use crate::model::Violation;

    fn outcome(rule: &str, kind: OutcomeKind, fixes: &[(&str, &str, bool)]) -> Outcome {
        Outcome {
            rule: rule.into(),
            severity: Severity::Error,
            kind,
            violations: fixes
                .iter()
                .map(|(path, content, waived)| Violation {
                    message: String::new(),
                    help: None,
                    location: None,
                    waived_by: waived.then_some(0),
                    values: Vec::new(),
                    fix: Some(PlannedFix { path: (*path).into(), content: (*content).into() }),
                })
                .collect(),
            error: None,
        }
    }

    #[test]
    fn fixes_are_sorted_by_path_and_the_first_rule_wins() {
        let outcomes = [
            outcome("z/rule", OutcomeKind::Fail, &[("B.md", "z", false), ("A.md", "z", false)]),
            outcome("a/rule", OutcomeKind::Fail, &[("B.md", "a1", false), ("B.md", "a2", false)]),
            outcome("w/rule", OutcomeKind::Fail, &[("C.md", "w", true)]),
            outcome("p/rule", OutcomeKind::Pass, &[("D.md", "p", false)]),
        ];
        let got: Vec<(String, String, String)> = collect_fixes(&outcomes)
            .into_iter()
            .map(|f| (f.fix.path, f.rule, f.fix.content))
            .collect();
        assert_eq!(
            got,
            [
                ("A.md".into(), "z/rule".into(), "z".into()),
                ("B.md".into(), "a/rule".into(), "a1".into()),
            ]
        );
    }

    #[test]
    fn unsafe_paths_are_refused_before_touching_the_disk() {
        assert!(relative_names("../x").unwrap_err().contains(".."));
        assert!(relative_names("a/../../x").unwrap_err().contains(".."));
        assert!(relative_names("/etc/passwd").unwrap_err().contains("absolute"));
        assert!(relative_names(".git/hooks/pre-commit").unwrap_err().contains(".git"));
        assert!(relative_names("sub/.GIT/config").unwrap_err().contains(".git"));
        assert!(relative_names("docs/").unwrap_err().contains("directory"));
        assert_eq!(relative_names("./docs/SECURITY.md").unwrap(), ["docs", "SECURITY.md"]);
        assert!(relative_names(".").unwrap().is_empty());
    }
}
