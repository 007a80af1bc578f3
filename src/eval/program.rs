//! Building the [`Program`]: param values resolved (`default` < `with` < `--set`), rules
//! and waivers compiled. The program is immutable and shared by every worker.

use super::compile::Compiler;
use super::ir::{CompiledLet, CompiledRule};
use crate::check::Checked;
use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::diag::suggest;
use crate::model::Value;
use crate::model::types::Type;
use crate::policy::{Policy, UnitId};
use crate::source::Span;
use crate::syntax::ast::{Expr, ExprKind, ItemKind};
use globset::GlobSet;
use std::collections::BTreeMap;

/// A compiled waiver
#[derive(Debug)]
pub struct CompiledWaiver {
    /// The waived rule
    pub rule: String,
    /// Repository-name globs (all repositories when absent)
    pub repos: Option<GlobSet>,
    /// Violation-path globs (every violation when absent)
    pub paths: Option<GlobSet>,
    /// The `repos` globs as written, for reports
    pub repos_text: Vec<String>,
    /// The `paths` globs as written, for reports
    pub paths_text: Vec<String>,
    /// Why
    pub reason: String,
    /// Who answers for it
    pub owner: String,
    /// When it ends
    pub expires: jiff::Timestamp,
    /// The `waive` item, for diagnostics
    pub span: Span,
    /// False once expired: it then waives nothing
    pub active: bool,
}

impl CompiledWaiver {
    /// Does it waive a violation of its rule at `path` in repository `repo`?
    pub fn covers(&self, repo: &str, path: Option<&str>) -> bool {
        self.active
            && self.repos.as_ref().is_none_or(|g| g.is_match(repo))
            && self.paths.as_ref().is_none_or(|g| path.is_some_and(|p| g.is_match(p)))
    }

    /// Has it expired at `now`? A waiver is good through the whole of its expiry day (UTC).
    pub fn expired_at(&self, now: jiff::Timestamp) -> bool {
        self.expires.checked_add(jiff::SignedDuration::from_hours(24)).is_ok_and(|end| end <= now)
    }
}

/// A policy ready to run
#[derive(Debug)]
pub struct Program {
    /// Rules sorted by id
    pub rules: Vec<CompiledRule>,
    /// Lets that read facts, evaluated at most once per repository
    pub lets: Vec<CompiledLet>,
    /// Waivers in policy order
    pub waivers: Vec<CompiledWaiver>,
    /// Problems with the waivers themselves (expired): reported with the results
    pub waiver_diagnostics: Vec<Diagnostic>,
    /// Resolved param values per unit
    pub params: Vec<BTreeMap<String, Value>>,
    /// The clock rules see
    pub now: jiff::Timestamp,
}

/// One `--set NAME=VALUE` (or `UNIT.NAME=VALUE`)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetArg {
    /// `std/contribution` in `std/contribution.dco=true`
    pub unit: Option<String>,
    /// The param
    pub name: String,
    /// The value, in expression syntax
    pub value: String,
}

impl SetArg {
    /// Parse `NAME=VALUE` or `UNIT.NAME=VALUE`
    pub fn parse(s: &str) -> Result<SetArg, String> {
        let (lhs, value) = s.split_once('=').ok_or_else(|| format!("`{s}` is not NAME=VALUE"))?;
        let (unit, name) = match lhs.rsplit_once('.') {
            Some((u, n)) => (Some(u.to_string()), n.to_string()),
            None => (None, lhs.to_string()),
        };
        Ok(SetArg { unit, name: name.trim().to_string(), value: value.to_string() })
    }
}

/// Build a program; `None` when a param could not be resolved (diagnostics say why)
pub fn build(
    policy: &mut Policy,
    checked: &Checked,
    sets: &[SetArg],
    now: jiff::Timestamp,
) -> (Option<Program>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let params = resolve_params(policy, checked, sets, now, &mut diags);
    let mut rules = Vec::new();
    let mut lets = Vec::new();
    let mut waivers = Vec::new();
    // Waivers whose globs do not compile: reported with the results, and inactive
    let mut bad_waivers = Vec::new();
    for (i, unit) in policy.units.iter().enumerate() {
        let (Some(names), Some(values)) = (checked.names.get(i), params.get(i)) else { continue };
        let mut compiler = Compiler::new(names, values, now).with_let_base(lets.len());
        for item in unit.files.iter().flat_map(|f| &f.items) {
            match &item.kind {
                ItemKind::Rule(r) => {
                    let mut rule = compiler.rule(r, &unit.name);
                    for (text, node) in &mut rule.explain {
                        *text = policy.sources.slice(node.span).to_string();
                    }
                    rules.push(rule);
                }
                ItemKind::Waive(w) => {
                    let (waiver, problems) = compile_waiver(w, item.span, &mut compiler);
                    waivers.push(waiver);
                    bad_waivers.extend(problems);
                }
                _ => {}
            }
        }
        diags.append(&mut compiler.diags);
        lets.append(&mut compiler.lets);
    }
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    let mut waiver_diagnostics = bad_waivers;
    for w in waivers.iter_mut().filter(|w| w.active) {
        if w.expired_at(now) {
            w.active = false;
            waiver_diagnostics.push(
                Diagnostic::error(
                    Code::PolicyExpiredWaiver,
                    format!("waiver for `{}` expired on {}", w.rule, Value::Date(w.expires)),
                )
                .with_label(w.span, "this waiver no longer applies")
                .with_help(format!(
                    "fix the violations it covered, or renew it with its owner ({})",
                    w.owner
                )),
            );
        }
    }
    let failed = diags.iter().any(|d| d.severity == crate::diag::Severity::Error);
    let program =
        (!failed).then_some(Program { rules, lets, waivers, waiver_diagnostics, params, now });
    (program, diags)
}

/// Compile a waiver. A `repos` or `paths` field that does not give globs that compile
/// makes the waiver inactive (it waives nothing) and is reported: without its globs it
/// would otherwise waive every repository or every path.
fn compile_waiver(
    w: &crate::syntax::ast::Waive,
    span: Span,
    compiler: &mut Compiler<'_>,
) -> (CompiledWaiver, Vec<Diagnostic>) {
    let mut out = CompiledWaiver {
        rule: w.rule.id.clone(),
        repos: None,
        paths: None,
        repos_text: Vec::new(),
        paths_text: Vec::new(),
        reason: String::new(),
        owner: String::new(),
        expires: jiff::Timestamp::MAX,
        span: crate::source::Span { end: w.rule.span.end, ..span },
        active: true,
    };
    let mut problems = Vec::new();
    for (name, value) in &w.fields {
        let v = compiler.constant(value);
        match (name.name.as_str(), v) {
            (field @ ("repos" | "paths"), v) => {
                match v.map_err(|d| d.message).and_then(|v| globs(&v)) {
                    Ok((set, text)) if field == "repos" => {
                        out.repos = Some(set);
                        out.repos_text = text;
                    }
                    Ok((set, text)) => {
                        out.paths = Some(set);
                        out.paths_text = text;
                    }
                    Err(why) => {
                        out.active = false;
                        problems.push(
                            Diagnostic::error(
                                Code::CheckBadGlob,
                                format!("{why} in `{field}` of the waiver for `{}`", out.rule),
                            )
                            .with_label(out.span, "this waiver waives nothing")
                            .with_label(value.span, format!("the `{field}` globs come from here"))
                            .with_help(GLOB_HELP),
                        );
                    }
                }
            }
            ("reason", Ok(Value::Str(s))) => out.reason = s.to_string(),
            ("owner", Ok(Value::Str(s))) => out.owner = s.to_string(),
            ("expires", Ok(Value::Date(t))) => out.expires = t,
            _ => {}
        }
    }
    (out, problems)
}

const GLOB_HELP: &str = "globs use `*`, `**`, `?`, `[abc]` and `{a,b}`; write a literal bracket or brace as `[[]` or `[{]`";

/// The globs of a waiver's `repos` or `paths`, and their text; an error unless every one
/// compiles
fn globs(value: &Value) -> Result<(GlobSet, Vec<String>), String> {
    let Value::List(items) = value else {
        return Err(format!("`{}` is not a list of globs", value.type_name()));
    };
    let mut patterns = Vec::new();
    for item in items.iter() {
        match item {
            Value::Str(s) => patterns.push(&**s),
            other => return Err(format!("`{other}` is not a glob")),
        }
    }
    let text = patterns.iter().map(ToString::to_string).collect();
    crate::facts::glob::glob_set(patterns, false).map(|set| (set, text))
}

/// Does a run-time value fit a declared param type?
fn value_fits(v: &Value, t: &Type) -> bool {
    match (v, t) {
        (_, Type::Any)
        | (Value::Null, Type::Optional(_))
        | (Value::Bool(_), Type::Bool)
        | (Value::Int(_), Type::Int | Type::Float)
        | (Value::Float(_), Type::Float)
        | (Value::Str(_), Type::Str)
        | (Value::Regex(_), Type::Regex)
        | (Value::Duration(_), Type::Duration)
        | (Value::Date(_), Type::Date)
        | (Value::Size(_), Type::Size) => true,
        (v, Type::Optional(inner)) => value_fits(v, inner),
        (Value::List(items), Type::List(elem)) => items.iter().all(|i| value_fits(i, elem)),
        (Value::Map(m), Type::Map(elem)) => m.values().all(|i| value_fits(i, elem)),
        _ => false,
    }
}

fn resolve_params(
    policy: &mut Policy,
    checked: &Checked,
    sets: &[SetArg],
    now: jiff::Timestamp,
    diags: &mut Vec<Diagnostic>,
) -> Vec<BTreeMap<String, Value>> {
    let empty = BTreeMap::new();
    let mut values: Vec<BTreeMap<String, Value>> = Vec::new();
    for names in &checked.names {
        let mut compiler = Compiler::new(names, &empty, now);
        let mut unit_values = BTreeMap::new();
        for (name, p) in &names.params {
            let v = match &p.default {
                Some(e) => compiler.constant(e).unwrap_or_else(|d| {
                    diags.push(d);
                    Value::Null
                }),
                None => Value::Null,
            };
            unit_values.insert(name.clone(), v);
        }
        values.push(unit_values);
    }
    // Every `--set`, checked once, in the order given (a later one wins)
    let set_values: Vec<(UnitId, String, Value)> =
        sets.iter().filter_map(|set| set_value(policy, checked, set, now, diags)).collect();
    // Importers before what they import: each unit's own `--set`s are applied before its
    // `with` values are computed (so `with { x: p }` sees `--set p=…`), and after its
    // importers' `with`s reached it (so `--set` on the unit itself wins over `with`).
    for i in importers_first(policy) {
        for (target, name, v) in &set_values {
            if target.0 == i
                && let Some(m) = values.get_mut(i)
            {
                m.insert(name.clone(), v.clone());
            }
        }
        let (Some(unit), Some(names), Some(own)) =
            (policy.units.get(i), checked.names.get(i), values.get(i).cloned())
        else {
            continue;
        };
        let mut compiler = Compiler::new(names, &own, now);
        for edge in &unit.imports {
            for (name, e) in &edge.with {
                match compiler.constant(e) {
                    Ok(v) => {
                        if let Some(target) = values.get_mut(edge.target.0)
                            && target.contains_key(&name.name)
                        {
                            target.insert(name.name.clone(), v);
                        }
                    }
                    Err(d) => diags.push(d),
                }
            }
        }
    }
    values
}

/// Unit indexes with every importer before the units it imports (a topological order;
/// ties, and units on an import cycle, in load order)
fn importers_first(policy: &Policy) -> Vec<usize> {
    let n = policy.units.len();
    let mut importers = vec![0usize; n];
    for edge in policy.units.iter().flat_map(|u| &u.imports) {
        if let Some(c) = importers.get_mut(edge.target.0) {
            *c += 1;
        }
    }
    let mut ready: std::collections::BTreeSet<usize> =
        importers.iter().enumerate().filter(|(_, c)| **c == 0).map(|(i, _)| i).collect();
    let mut order = Vec::with_capacity(n);
    let mut placed = vec![false; n];
    while let Some(i) = ready.pop_first() {
        order.push(i);
        if let Some(p) = placed.get_mut(i) {
            *p = true;
        }
        for edge in policy.units.get(i).map(|u| u.imports.as_slice()).unwrap_or_default() {
            if let Some(c) = importers.get_mut(edge.target.0) {
                *c = c.saturating_sub(1);
                if *c == 0 {
                    ready.insert(edge.target.0);
                }
            }
        }
    }
    order.extend(placed.iter().enumerate().filter(|(_, p)| !**p).map(|(i, _)| i));
    order
}

/// The unit, param and value a `--set` gives; `None` (with a diagnostic) when it names
/// no param, an ambiguous one, or gives a value of the wrong type
fn set_value(
    policy: &mut Policy,
    checked: &Checked,
    set: &SetArg,
    now: jiff::Timestamp,
    diags: &mut Vec<Diagnostic>,
) -> Option<(UnitId, String, Value)> {
    let wanted_unit = set.unit.as_deref().map(crate::policy::normalize_name);
    let declaring: Vec<UnitId> = checked
        .names
        .iter()
        .enumerate()
        .filter(|(i, n)| {
            n.params.contains_key(&set.name)
                && wanted_unit.as_ref().is_none_or(|u| {
                    policy
                        .units
                        .get(*i)
                        .is_some_and(|unit| crate::policy::normalize_name(&unit.name) == *u)
                })
        })
        .map(|(i, _)| UnitId(i))
        .collect();
    let flag = format!(
        "--set {}{}={}",
        set.unit.as_ref().map_or(String::new(), |u| format!("{u}.")),
        set.name,
        set.value
    );
    let target = match declaring.as_slice() {
        [one] => *one,
        [] => {
            let all: Vec<&str> =
                checked.names.iter().flat_map(|n| n.params.keys().map(String::as_str)).collect();
            let mut d = Diagnostic::error(
                Code::PolicyUnknownParam,
                format!("no param `{}` in the policy (`{flag}`)", set.name),
            );
            d = d.with_help(suggest::help_for(&set.name, all.iter().copied()).unwrap_or_else(
                || {
                    if all.is_empty() {
                        "the policy declares no params".to_string()
                    } else {
                        format!("the params are: {}", all.join(", "))
                    }
                },
            ));
            diags.push(d);
            return None;
        }
        many => {
            let forms: Vec<String> = many
                .iter()
                .filter_map(|u| policy.units.get(u.0))
                .map(|u| format!("`--set {}.{}=…`", u.name, set.name))
                .collect();
            diags.push(
                Diagnostic::error(
                    Code::PolicyAmbiguousParam,
                    format!("`{}` is declared by {} files", set.name, many.len()),
                )
                .with_help(format!("say which one: {}", forms.join(" or "))),
            );
            return None;
        }
    };
    let info = checked.names.get(target.0).and_then(|n| n.params.get(&set.name))?;
    let source = policy.sources.add(flag.clone(), set.value.clone());
    let parsed = crate::syntax::parse_expr(&set.value, source);
    let empty = BTreeMap::new();
    let names = checked.names.get(target.0).cloned().unwrap_or_default();
    let value = match parsed {
        Ok(e) if !is_bare_word(&e) => {
            let mut compiler = Compiler::new(&names, &empty, now);
            let value = compiler.constant(&e).ok();
            // A value that parses but does not compile (`/(/`) says why, in its own words.
            if !compiler.diags.is_empty() {
                diags.extend(
                    compiler
                        .diags
                        .into_iter()
                        .map(|d| Diagnostic { message: format!("`{flag}`: {}", d.message), ..d }),
                );
                return None;
            }
            value
        }
        // A bare word given for a string param reads as that string: `--set owner=ospo`.
        _ if info.ty.unwrap_optional() == &Type::Str => Some(Value::str(&set.value)),
        _ => None,
    };
    match value {
        Some(v) if value_fits(&v, &info.ty) => Some((target, set.name.clone(), v)),
        Some(Value::Str(_)) | None if info.ty.unwrap_optional() == &Type::Str => {
            Some((target, set.name.clone(), Value::str(&set.value)))
        }
        other => {
            diags.push(
                Diagnostic::error(
                    Code::PolicyBadSet,
                    format!(
                        "`{flag}`: `{}` is `{}`, and `{}` is not",
                        set.name, info.ty, set.value
                    ),
                )
                .with_label(
                    Span::new(source, 0, set.value.len()),
                    other.map_or_else(
                        || "does not parse".to_string(),
                        |v| format!("this is `{}`", v.type_name()),
                    ),
                )
                .with_help(example_for(&info.ty)),
            );
            None
        }
    }
}

fn is_bare_word(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Name(_))
}

fn example_for(t: &Type) -> String {
    let ex = match t.unwrap_optional() {
        Type::Bool => "true",
        Type::Int => "42",
        Type::Float => "0.9",
        Type::Duration => "90d",
        Type::Date => "2027-03-01",
        Type::Size => "5MB",
        Type::Regex => "/pattern/i",
        Type::List(_) => "'[\"MIT\", \"Apache-2.0\"]'",
        _ => "\"text\"",
    };
    format!("values use the language's syntax, e.g. `{ex}`")
}
