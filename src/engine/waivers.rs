//! Waiver bookkeeping, in one place: which violations a waiver covers, which waivers were
//! used over a whole run (one repository or thousands), and what to say about the rest.

use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::eval::program::Program;
use crate::model::{Outcome, OutcomeKind};
use std::sync::atomic::{AtomicBool, Ordering};

/// Which waivers of a program have matched a violation so far; shared by worker threads
#[derive(Debug)]
pub struct WaiverUse {
    used: Vec<AtomicBool>,
}

impl WaiverUse {
    /// No waiver used yet
    pub fn new(program: &Program) -> Self {
        WaiverUse { used: program.waivers.iter().map(|_| AtomicBool::new(false)).collect() }
    }

    /// Mark the violations of a failed outcome that a waiver covers; an outcome whose
    /// violations are all waived becomes `waived`
    pub fn apply(&self, program: &Program, repo: &str, o: &mut Outcome) {
        if o.kind != OutcomeKind::Fail {
            return;
        }
        for v in &mut o.violations {
            let path = v.location.as_ref().map(|l| &*l.path);
            if let Some(i) =
                program.waivers.iter().position(|w| w.rule == o.rule && w.covers(repo, path))
            {
                v.waived_by = Some(i);
                if let Some(flag) = self.used.get(i) {
                    flag.store(true, Ordering::Relaxed);
                }
            }
        }
        if o.violations.iter().all(|v| v.waived_by.is_some()) {
            o.kind = OutcomeKind::Waived;
        }
    }

    /// Count as used here the first `n` waivers used in `other`: a repository evaluated
    /// with the central policy composed with its own `.tenet/` uses the central waivers,
    /// which come first in the composed program, under other indices of nothing else
    pub fn absorb(&self, other: &WaiverUse, n: usize) {
        for (mine, theirs) in self.used.iter().zip(&other.used).take(n) {
            if theirs.load(Ordering::Relaxed) {
                mine.store(true, Ordering::Relaxed);
            }
        }
    }

    /// The policy's own findings after a run: expired waivers, and active waivers that
    /// matched nothing
    pub fn diagnostics(&self, program: &Program) -> Vec<Diagnostic> {
        let mut out = program.waiver_diagnostics.clone();
        out.extend(
            program
                .waivers
                .iter()
                .zip(&self.used)
                .filter(|(w, u)| w.active && !u.load(Ordering::Relaxed))
                .map(|(w, _)| {
                    Diagnostic::warning(
                        Code::PolicyUnusedWaiver,
                        format!("waiver for `{}` was never used", w.rule),
                    )
                    .with_label(w.span, "matched no violation")
                    .with_help(
                        "remove it if the problem is fixed, or check its `repos` and `paths` globs",
                    )
                }),
        );
        out
    }
}
