//! Evaluating a [`Program`] on one repository: one [`Outcome`] per rule.

use super::interp::{Env, LetCache};
use super::ir::{CPart, CTemplate, CompiledRule, Ir, Node};
use super::program::Program;
use crate::diag::Code;
use crate::facts::FactSource;
use crate::model::{EvalError, Location, Outcome, OutcomeKind, PlannedFix, Value, Violation};
use rayon::prelude::*;
use std::collections::BTreeSet;

/// Evaluation settings
#[derive(Clone, Copy, Debug)]
pub struct RunOptions {
    /// Steps each (rule, repository) may take
    pub fuel: u64,
    /// Run the rules in parallel on the caller's pool. A scan that already keeps every
    /// thread busy with a repository of its own turns this off: a rule of one repository
    /// stolen by another repository's thread would only wait there for a fact the first
    /// is still computing.
    pub parallel: bool,
}

/// Evaluate every rule of `program` on one repository, waivers not applied (the engine
/// applies them)
pub fn run_rules(program: &Program, facts: &dyn FactSource, opts: RunOptions) -> Vec<Outcome> {
    // Rules run in parallel on the caller's rayon pool; `collect` keeps their order, so
    // the outcomes are the same whatever the number of threads
    let lets = LetCache::new(&program.lets, opts.fuel);
    let eval = |r| eval_rule(r, facts, &lets, program.now, opts);
    let mut outcomes: Vec<Outcome> = if opts.parallel {
        program.rules.par_iter().map(eval).collect()
    } else {
        program.rules.iter().map(eval).collect()
    };
    if lets.exhausted() {
        // Which let ran out depends on which rule asked first: say it of every rule.
        for o in &mut outcomes {
            o.kind = OutcomeKind::Error;
            o.violations.clear();
            o.error = Some(EvalError::new(
                Code::EvalFuelExhausted,
                format!("the policy's lets need more than {} steps on this repository", opts.fuel),
                program.lets.first().map(|l| l.node.span).unwrap_or_default(),
            ));
        }
    }
    outcomes
}

/// Evaluate one rule
pub fn eval_rule(
    rule: &CompiledRule,
    facts: &dyn FactSource,
    lets: &LetCache<'_>,
    now: jiff::Timestamp,
    opts: RunOptions,
) -> Outcome {
    let mut env = Env::new(facts, lets, rule.slots, opts.fuel, now);
    let mut out = Outcome {
        rule: rule.id.clone(),
        severity: rule.severity,
        kind: OutcomeKind::Pass,
        violations: Vec::new(),
        error: None,
    };
    // Pre-commit mode: a rule whose first loop lists files sees only the selected ones
    let selection = facts.selection();
    let per_file = rule.loops.first().is_some_and(|l| lists_files(&l.coll));
    if selection.is_some_and(|s| s.only_file_rules && !per_file) {
        out.kind = OutcomeKind::Skipped;
        return out;
    }
    let only = selection.filter(|_| per_file).map(|s| &s.paths);
    let result = (|| -> Result<bool, EvalError> {
        if let Some(when) = &rule.when
            && !env.bool(when)?
        {
            return Ok(false);
        }
        walk(rule, 0, &mut env, &mut out.violations, only)?;
        Ok(true)
    })();
    match result {
        Ok(false) => out.kind = OutcomeKind::Skipped,
        Ok(true) if !env.deferred.is_empty() => {
            // Violations found besides the error are kept: a file that could not be read
            // must not hide the findings in the others.
            out.kind = OutcomeKind::Error;
            out.error = env.deferred.first().cloned();
            sort_violations(&mut out.violations);
        }
        Ok(true) if out.violations.is_empty() => out.kind = OutcomeKind::Pass,
        Ok(true) => {
            out.kind = OutcomeKind::Fail;
            sort_violations(&mut out.violations);
        }
        Err(e) => {
            out.kind = OutcomeKind::Error;
            sort_violations(&mut out.violations);
            out.error = Some(e);
        }
    }
    out
}

/// Stable sort: violations at one place keep their evaluation order
fn sort_violations(v: &mut [Violation]) {
    v.sort_by(|a, b| a.location.cmp(&b.location).then_with(|| a.message.cmp(&b.message)));
}

/// Is `coll` a call of the `files(…)` fact?
fn lists_files(coll: &Node) -> bool {
    matches!(&coll.ir, Ir::Fact(f, _) if f.name() == "files")
}

/// Is `item` a file record whose path is in `only`? (Anything else is kept.)
fn selected(item: &Value, only: &BTreeSet<String>) -> bool {
    match item.plain() {
        Value::Record(r) => match r.field("path") {
            Ok(Value::Str(p)) => only.contains(&*p),
            _ => true,
        },
        _ => true,
    }
}

/// Bind loop `depth` and recurse; at the bottom, run the check. An error about one file
/// (it could not be read) ends only that binding: it is kept in `env.deferred`, and the
/// other bindings still run. `only` restricts the items of the first loop (pre-commit).
fn walk(
    rule: &CompiledRule,
    depth: usize,
    env: &mut Env<'_>,
    out: &mut Vec<Violation>,
    only: Option<&BTreeSet<String>>,
) -> Result<(), EvalError> {
    let Some(l) = rule.loops.get(depth) else {
        let holds = env.bool(&rule.check)?;
        if holds == rule.forbid {
            out.push(violation(rule, env)?);
        }
        return Ok(());
    };
    let items = env.iterate(&l.coll)?;
    'items: for item in items.iter() {
        if depth == 0
            && let Some(only) = only
            && !selected(item, only)
        {
            continue;
        }
        if let Some(s) = env.slots.get_mut(l.slot) {
            *s = item.clone();
        }
        for f in &l.filters {
            match env.bool(f) {
                Ok(true) => {}
                Ok(false) => continue 'items,
                Err(e) if e.path.is_some() => {
                    env.deferred.push(e);
                    continue 'items;
                }
                Err(e) => return Err(e),
            }
        }
        match walk(rule, depth + 1, env, out, only) {
            Err(e) if e.path.is_some() => env.deferred.push(e),
            other => other?,
        }
    }
    Ok(())
}

fn violation(rule: &CompiledRule, env: &mut Env<'_>) -> Result<Violation, EvalError> {
    let message = match &rule.message {
        Some(t) => render(t, env)?,
        None => rule.docs.first().cloned().unwrap_or_else(|| format!("`{}` is violated", rule.id)),
    };
    let help = rule.help.as_ref().map(|t| render(t, env)).transpose()?;
    let location = match &rule.at {
        // A located value (a record, a document node) points where it is; a plain string
        // names a file.
        Some(at) => {
            let v = env.eval(at)?;
            match (v.location(), v.plain()) {
                (Some(l), _) => Some(l),
                (None, Value::Str(p)) => Some(Location::file(p.clone())),
                (None, v) => {
                    return Err(EvalError {
                        code: Code::EvalBadLocation,
                        message: format!("`at` gave a `{}`, which points nowhere", v.type_name()),
                        span: at.span,
                        path: None,
                        line: None,
                    });
                }
            }
        }
        None => {
            rule.loops.iter().rev().find_map(|l| env.slots.get(l.slot).and_then(Value::location))
        }
    };
    let fix = match &rule.fix {
        Some(f) => {
            Some(PlannedFix { path: render(&f.path, env)?, content: render(&f.content, env)? })
        }
        None => None,
    };
    let mut values = Vec::new();
    for (text, node) in &rule.explain {
        if let Ok(v) = env.eval(node) {
            values.push((text.clone(), v.to_string()));
        }
    }
    Ok(Violation { message, help, location, waived_by: None, values, fix })
}

/// Render a template in the current bindings; the text is paid for like any value
pub fn render(t: &CTemplate, env: &mut Env<'_>) -> Result<String, EvalError> {
    let mut s = String::new();
    for p in &t.parts {
        match p {
            CPart::Text(text) => s.push_str(text),
            CPart::Expr(n) => {
                let text = env.eval(n)?.to_string();
                env.charge(text.len(), n.span)?;
                s.push_str(&text);
            }
        }
    }
    Ok(s)
}
