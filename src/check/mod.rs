//! The checker: names and types of a loaded [`Policy`], before anything runs.
//!
//! It reports every problem at once (unknown names with "did you mean", arity, types and
//! `T?` narrowing, clause order, duplicates, unused names) and hands the compiler the
//! resolved types of each unit's lets and params.

mod call;
pub mod callee;
mod expr;
mod narrow;
mod operators;
mod rule;
pub use rule::is_valid_rule_id;

use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::diag::suggest;
use crate::model::Type;
use crate::policy::{Policy, UnitId};
use crate::source::Span;
use crate::syntax::ast::{Expr, ItemKind, TypeExpr};
use std::collections::{BTreeMap, HashSet};

/// A declared `param`
#[derive(Clone, Debug)]
pub struct ParamInfo {
    /// Declared type
    pub ty: Type,
    /// Default value expression
    pub default: Option<Expr>,
    /// The name's span
    pub span: Span,
}

/// A declared `let`
#[derive(Clone, Debug)]
pub struct LetInfo {
    /// Its value
    pub value: Expr,
    /// Inferred type
    pub ty: Type,
    /// The name's span
    pub span: Span,
}

/// The names one unit declares
#[derive(Clone, Debug, Default)]
pub struct UnitNames {
    /// Params by name
    pub params: BTreeMap<String, ParamInfo>,
    /// Lets by name
    pub lets: BTreeMap<String, LetInfo>,
}

/// What checking found
#[derive(Debug, Default)]
pub struct Checked {
    /// Names of each unit, indexed like [`Policy::units`]
    pub names: Vec<UnitNames>,
    /// Every problem found
    pub diagnostics: Vec<Diagnostic>,
}

/// Check a loaded policy
pub fn check(policy: &Policy) -> Checked {
    let mut out = Checked::default();
    let all_rules = rule::collect_rule_ids(policy, &mut out.diagnostics);
    for (i, unit) in policy.units.iter().enumerate() {
        let mut cx = Cx::new(policy, UnitId(i));
        cx.declare_names();
        cx.infer_lets();
        let mut test_names: BTreeMap<String, Span> = BTreeMap::new();
        for file in &unit.files {
            for item in &file.items {
                if let ItemKind::Test(t) = &item.kind
                    && let Some(first) = test_names.insert(t.name.value.clone(), t.name.span)
                {
                    cx.diags.push(
                        Diagnostic::warning(
                            Code::CheckDuplicateTest,
                            format!("two tests are named `{}`", t.name.value),
                        )
                        .with_label(t.name.span, "again here")
                        .with_label(first, "first here")
                        .with_help("rename one so `tenet test` output tells them apart"),
                    );
                }
                match &item.kind {
                    ItemKind::Rule(r) => cx.check_rule(r),
                    ItemKind::Waive(w) => cx.check_waiver(w, item.span, &all_rules),
                    ItemKind::Test(t) => cx.check_test(t, &all_rules),
                    ItemKind::Import(imp) => cx.check_import(imp),
                    ItemKind::Param(_) | ItemKind::Let(_) => {}
                }
            }
        }
        cx.report_unused();
        out.diagnostics.append(&mut cx.diags);
        out.names.push(cx.names);
    }
    out
}

/// Per-unit checking state
struct Cx<'p> {
    policy: &'p Policy,
    unit: UnitId,
    names: UnitNames,
    used: HashSet<String>,
    diags: Vec<Diagnostic>,
    /// Lets whose type is being inferred (to stop on cycles)
    inferring: Vec<String>,
    /// A chain of lets too long to follow was reported (once per unit)
    too_deep: bool,
}

/// How many lets a let may be defined through, one inside the other. Every phase after
/// the checker (compiler, evaluator) follows such a chain recursively, each step with an
/// expression up to the parser's depth limit: longer chains are an error, not a stack
/// overflow.
const MAX_LET_CHAIN: usize = 32;

impl<'p> Cx<'p> {
    fn new(policy: &'p Policy, unit: UnitId) -> Self {
        Cx {
            policy,
            unit,
            names: UnitNames::default(),
            used: HashSet::new(),
            diags: Vec::new(),
            inferring: Vec::new(),
            too_deep: false,
        }
    }

    fn files(&self) -> impl Iterator<Item = &'p crate::syntax::ast::File> + use<'p> {
        let policy: &'p Policy = self.policy;
        policy.units.get(self.unit.0).into_iter().flat_map(|u| &u.files)
    }

    /// Collect lets and params of every file of the unit, reporting duplicates
    fn declare_names(&mut self) {
        let mut seen: BTreeMap<String, Span> = BTreeMap::new();
        for file in self.files() {
            for item in &file.items {
                let (name, span) = match &item.kind {
                    ItemKind::Param(p) => (&p.name.name, p.name.span),
                    ItemKind::Let(l) => (&l.name.name, l.name.span),
                    _ => continue,
                };
                if let Some(first) = seen.get(name) {
                    self.diags.push(
                        Diagnostic::error(Code::CheckDuplicateName, format!("`{name}` is declared twice"))
                            .with_label(span, "declared again here")
                            .with_label(*first, "first declared here")
                            .with_help("rename one of them; the files of a pack or directory share one namespace"),
                    );
                    continue;
                }
                seen.insert(name.clone(), span);
                match &item.kind {
                    ItemKind::Param(p) => {
                        let ty = self.resolve_type(&p.ty);
                        if p.default.is_none() && !ty.is_optional() {
                            self.diags.push(
                                Diagnostic::error(Code::CheckMissingDefault, format!("param `{name}` needs a default value"))
                                    .with_label(p.ty.span, format!("`{ty}` has no natural default"))
                                    .with_help({
                                        let written = self.policy.sources.slice(p.ty.span);
                                        format!("write `param {name}: {written} = …`, or make it optional: `{written}?`")
                                    }),
                            );
                        }
                        self.names.params.insert(
                            name.clone(),
                            ParamInfo { ty, default: p.default.clone(), span },
                        );
                    }
                    ItemKind::Let(l) => {
                        self.names.lets.insert(
                            name.clone(),
                            LetInfo { value: l.value.clone(), ty: Type::Error, span },
                        );
                    }
                    _ => {}
                }
            }
        }
        let params: Vec<(String, ParamInfo)> =
            self.names.params.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        for (name, p) in params {
            if let Some(default) = &p.default {
                let t = self.infer_const(default);
                if !t.fits(&p.ty) {
                    self.diags.push(
                        Diagnostic::error(
                            Code::CheckTypeMismatch,
                            format!("default of `{name}` is `{t}`, not `{}`", p.ty),
                        )
                        .with_label(default.span, format!("this is `{t}`"))
                        .with_help(
                            expr::value_help(&t, &p.ty).unwrap_or(
                                "give a default of the declared type, or change the type",
                            ),
                        ),
                    );
                }
            }
        }
    }

    fn infer_lets(&mut self) {
        let names: Vec<String> = self.names.lets.keys().cloned().collect();
        for name in names {
            self.let_type(&name);
        }
    }

    /// The type of a let, inferring it on first use
    fn let_type(&mut self, name: &str) -> Type {
        let Some(info) = self.names.lets.get(name) else { return Type::Error };
        if info.ty != Type::Error {
            return info.ty.clone();
        }
        if self.inferring.iter().any(|n| n == name) {
            let span = info.span;
            self.diags.push(
                Diagnostic::error(
                    Code::CheckLetCycle,
                    format!("`{name}` is defined in terms of itself"),
                )
                .with_label(span, "")
                .with_help("a `let` may use other lets, but not in a cycle"),
            );
            return Type::Error;
        }
        if self.inferring.len() >= MAX_LET_CHAIN {
            if !std::mem::replace(&mut self.too_deep, true) {
                let span = info.span;
                self.diags.push(
                    Diagnostic::error(
                        Code::CheckTooDeep,
                        format!(
                            "`{name}` is defined through more than {MAX_LET_CHAIN} other lets, \
                             one inside the other"
                        ),
                    )
                    .with_label(span, "too deep to follow")
                    .with_help("compute the value in fewer steps, each `let` using a few others"),
                );
            }
            return Type::Error;
        }
        let value = info.value.clone();
        self.inferring.push(name.to_string());
        let ty = self.infer_const(&value);
        self.inferring.pop();
        if let Some(info) = self.names.lets.get_mut(name) {
            info.ty = if ty == Type::Error { Type::Any } else { ty.clone() };
        }
        ty
    }

    fn resolve_type(&mut self, t: &TypeExpr) -> Type {
        resolve_type(t, &mut self.diags)
    }

    fn check_import(&mut self, imp: &crate::syntax::ast::Import) {
        let target = self
            .policy
            .units
            .get(self.unit.0)
            .and_then(|u| u.imports.iter().find(|e| e.span == imp.path.span))
            .map(|e| e.target);
        let Some(target) = target else { return };
        let declared = param_decls(self.policy, target);
        for (name, value) in &imp.with {
            let t = self.infer_const(value);
            match declared.get(&name.name) {
                Some(want) if !t.fits(want) => self.diags.push(
                    Diagnostic::error(
                        Code::CheckTypeMismatch,
                        format!("param `{}` is `{want}`, not `{t}`", name.name),
                    )
                    .with_label(value.span, format!("this is `{t}`"))
                    .with_help(
                        expr::value_help(&t, want).unwrap_or("give a value of the param's type"),
                    ),
                ),
                Some(_) => {}
                None => {
                    let unit = self.policy.units.get(target.0).map_or("?", |u| u.name.as_str());
                    let mut d = Diagnostic::error(
                        Code::PolicyUnknownParam,
                        format!("`{unit}` has no param `{}`", name.name),
                    )
                    .with_label(name.span, "");
                    let help = suggest::help_for(&name.name, declared.keys().map(String::as_str))
                        .unwrap_or_else(|| {
                            if declared.is_empty() {
                                format!("`{unit}` declares no params")
                            } else {
                                format!(
                                    "its params are: {}",
                                    declared.keys().cloned().collect::<Vec<_>>().join(", ")
                                )
                            }
                        });
                    d = d.with_help(help);
                    self.diags.push(d);
                }
            }
        }
    }

    fn report_unused(&mut self) {
        for (name, l) in &self.names.lets {
            if !self.used.contains(name) && !name.starts_with('_') {
                self.diags.push(
                    Diagnostic::warning(Code::CheckUnusedLet, format!("`{name}` is never used"))
                        .with_label(l.span, "")
                        .with_help(format!("remove it, or name it `_{name}` to keep it")),
                );
            }
        }
        for (name, p) in &self.names.params {
            if !self.used.contains(name) && !name.starts_with('_') {
                self.diags.push(
                    Diagnostic::warning(
                        Code::CheckUnusedParam,
                        format!("param `{name}` is never used"),
                    )
                    .with_label(p.span, "")
                    .with_help("remove it, or use it in a `when` or a condition"),
                );
            }
        }
    }
}

/// The declared params (name → type) of a unit, without reporting anything: the unit's
/// own check reports its type errors (a param whose type has one is `Type::Error`, which
/// any value fits)
pub fn param_decls(policy: &Policy, unit: UnitId) -> BTreeMap<String, Type> {
    let mut out = BTreeMap::new();
    let mut ignored = Vec::new();
    for file in policy.units.get(unit.0).into_iter().flat_map(|u| &u.files) {
        for item in &file.items {
            if let ItemKind::Param(p) = &item.kind {
                out.entry(p.name.name.clone()).or_insert_with(|| resolve_type(&p.ty, &mut ignored));
            }
        }
    }
    out
}

/// The type a type expression names, reporting unknown names and wrong argument counts
fn resolve_type(t: &TypeExpr, diags: &mut Vec<Diagnostic>) -> Type {
    let args: Vec<Type> = t.args.iter().map(|a| resolve_type(a, diags)).collect();
    let needs_arg = matches!(t.name.name.as_str(), "list" | "map");
    if needs_arg != (args.len() == 1) {
        diags.push(
            Diagnostic::error(
                Code::CheckUnknownType,
                format!(
                    "`{}` takes {} type argument",
                    t.name.name,
                    if needs_arg { "one" } else { "no" }
                ),
            )
            .with_label(t.span, "")
            .with_help(if needs_arg {
                format!("write `{}<string>`", t.name.name)
            } else {
                format!("write `{}`", t.name.name)
            }),
        );
        return Type::Error;
    }
    match Type::from_name(&t.name.name, args) {
        Some(ty) if t.optional => Type::optional(ty),
        Some(ty) => ty,
        None => {
            let mut d = Diagnostic::error(
                Code::CheckUnknownType,
                format!("unknown type `{}`", t.name.name),
            )
            .with_label(t.name.span, "");
            if let Some(h) = suggest::help_for(&t.name.name, Type::NAMES.iter().copied()) {
                d = d.with_help(h);
            }
            diags.push(d);
            Type::Error
        }
    }
}
