//! Compliance figures over a report, kept while repositories stream past: per repository
//! (its score, the worst first), per rule and per pack (pass rates), and findings by
//! severity. The `markdown` format, the table after a human `scan` and the dashboard all
//! read them. Memory grows with repositories and rules, by a few numbers each.

use super::wire::{OutcomeKind, Repository, Severity};
use std::collections::BTreeMap;

/// Outcome counts of one repository, rule or pack
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// `pass`
    pub pass: usize,
    /// `fail`
    pub fail: usize,
    /// `waived`
    pub waived: usize,
    /// `skipped`
    pub skipped: usize,
    /// `error`
    pub error: usize,
}

impl Counts {
    fn add(&mut self, k: OutcomeKind) {
        match k {
            OutcomeKind::Pass => self.pass += 1,
            OutcomeKind::Fail => self.fail += 1,
            OutcomeKind::Waived => self.waived += 1,
            OutcomeKind::Skipped => self.skipped += 1,
            OutcomeKind::Error => self.error += 1,
        }
    }

    /// Outcomes that say something about compliance: all but `skipped`
    pub fn applicable(&self) -> usize {
        self.pass + self.fail + self.waived + self.error
    }

    /// Share of applicable outcomes that pass or are waived, in percent; 100 when nothing
    /// applies
    pub fn rate(&self) -> f64 {
        let n = self.applicable();
        if n == 0 { 100.0 } else { (self.pass + self.waived) as f64 * 100.0 / n as f64 }
    }
}

/// The figures of one repository
#[derive(Clone, Debug, PartialEq)]
pub struct RepoScore {
    /// Its name
    pub name: String,
    /// Its path
    pub path: String,
    /// Its outcomes
    pub counts: Counts,
    /// Unwaived violations
    pub findings: usize,
    /// Problems reading it; a repository not opened has these and no outcome
    pub errors: usize,
}

/// Figures over many repositories
#[derive(Clone, Debug, Default)]
pub struct Scores {
    /// Per repository, in report order
    pub repositories: Vec<RepoScore>,
    /// Per rule id
    pub rules: BTreeMap<String, Counts>,
    /// Per pack: the rule id up to its last `/`
    pub packs: BTreeMap<String, Counts>,
    /// Unwaived violations by severity
    pub findings: BTreeMap<Severity, usize>,
    /// Waived violations
    pub waived_violations: usize,
    /// Every outcome
    pub total: Counts,
}

/// The pack of a rule id: `hygiene/missing-readme` is in `hygiene`
pub fn pack_of(rule: &str) -> &str {
    rule.rsplit_once('/').map_or(rule, |(p, _)| p)
}

impl Scores {
    /// Count one repository
    pub fn add(&mut self, repo: &Repository) {
        let mut counts = Counts::default();
        let mut findings = 0;
        for o in &repo.outcomes {
            counts.add(o.outcome);
            self.total.add(o.outcome);
            self.rules.entry(o.rule.clone()).or_default().add(o.outcome);
            self.packs.entry(pack_of(&o.rule).to_string()).or_default().add(o.outcome);
            for v in &o.violations {
                if v.waived {
                    self.waived_violations += 1;
                } else {
                    findings += 1;
                    *self.findings.entry(o.severity).or_default() += 1;
                }
            }
        }
        self.repositories.push(RepoScore {
            name: repo.name.clone(),
            path: repo.path.clone(),
            counts,
            findings,
            errors: repo.errors.len(),
        });
    }

    /// The figures of whole reports' repositories
    pub fn of<'a>(repos: impl IntoIterator<Item = &'a Repository>) -> Scores {
        let mut s = Scores::default();
        for r in repos {
            s.add(r);
        }
        s
    }

    /// Overall compliance: the pass rate of every applicable outcome
    pub fn compliance(&self) -> f64 {
        self.total.rate()
    }

    /// The `n` repositories with the lowest score (then most findings, then path); those
    /// not opened count as worst of all
    pub fn worst_repositories(&self, n: usize) -> Vec<&RepoScore> {
        let mut v: Vec<&RepoScore> = self.repositories.iter().collect();
        v.sort_by(|a, b| {
            let unopened = |r: &RepoScore| r.counts.applicable() == 0 && r.errors > 0;
            unopened(b)
                .cmp(&unopened(a))
                .then(a.counts.rate().total_cmp(&b.counts.rate()))
                .then(b.findings.cmp(&a.findings))
                .then(a.path.cmp(&b.path))
        });
        v.truncate(n);
        v
    }

    /// The `n` rules failing in the most repositories (then by id)
    pub fn worst_rules(&self, n: usize) -> Vec<(&str, Counts)> {
        let mut v: Vec<(&str, Counts)> = self
            .rules
            .iter()
            .filter(|(_, c)| c.fail + c.error > 0)
            .map(|(id, c)| (id.as_str(), *c))
            .collect();
        v.sort_by(|a, b| (b.1.fail + b.1.error).cmp(&(a.1.fail + a.1.error)).then(a.0.cmp(b.0)));
        v.truncate(n);
        v
    }
}
