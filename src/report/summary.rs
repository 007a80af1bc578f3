//! The counts at the end of a report, kept while repositories stream past: outcomes by
//! kind, repositories, and the distinct rules that ran (not the outcomes of the biggest
//! repository: two repositories with different rules count every rule once).

use super::wire::{OutcomeKind, Repository, Summary};
use std::collections::BTreeSet;

/// Counts so far; memory grows with the number of distinct rules, not of repositories
#[derive(Clone, Debug, Default)]
pub struct Tally {
    summary: Summary,
    rules: BTreeSet<String>,
}

impl Tally {
    /// Count one repository
    pub fn add(&mut self, repo: &Repository) {
        let s = &mut self.summary;
        s.repositories += 1;
        for o in &repo.outcomes {
            match o.outcome {
                OutcomeKind::Pass => s.pass += 1,
                OutcomeKind::Fail => s.fail += 1,
                OutcomeKind::Waived => s.waived += 1,
                OutcomeKind::Skipped => s.skipped += 1,
                OutcomeKind::Error => s.error += 1,
            }
            if !self.rules.contains(&o.rule) {
                self.rules.insert(o.rule.clone());
            }
        }
    }

    /// The counts of every repository added
    pub fn summary(&self) -> Summary {
        Summary { rules: self.rules.len(), ..self.summary }
    }
}

impl Summary {
    /// The counts of some repositories
    pub fn of<'a>(repos: impl IntoIterator<Item = &'a Repository>) -> Summary {
        let mut tally = Tally::default();
        for r in repos {
            tally.add(r);
        }
        tally.summary()
    }
}
