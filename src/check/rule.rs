//! Checking rules, waivers and tests: clause order, rule ids, waiver fields.

use super::Cx;
use super::expr::Scope;
use super::narrow::narrowed_by;
use crate::diag::Code;
use crate::diag::suggest;
use crate::diag::{Diagnostic, Severity};
use crate::model::Type;
use crate::policy::Policy;
use crate::source::Span;
use crate::syntax::ast::{ClauseKind, Expr, Ident, ItemKind, Rule, RuleId, Test, TestStmt, Waive};
use std::collections::BTreeMap;

/// Canonical clause order; `for` and `where` share a slot and may alternate
fn clause_rank(kind: &ClauseKind) -> u8 {
    match kind {
        ClauseKind::Severity(_) => 0,
        ClauseKind::Tags(_) => 1,
        ClauseKind::When(_) => 2,
        ClauseKind::For(..) | ClauseKind::Where(_) => 3,
        ClauseKind::Require(_) | ClauseKind::Forbid(_) => 4,
        ClauseKind::Message(_) => 5,
        ClauseKind::Help(_) => 6,
        ClauseKind::At(_) => 7,
        ClauseKind::Fix { .. } => 8,
    }
}

const ORDER_HELP: &str = "clauses go in this order: severity, tags, when, for/where, require or forbid, message, help, at, fix";

/// Is `id` kebab-case segments joined by `/`?
pub fn is_valid_rule_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('/').all(|seg| {
            !seg.is_empty()
                && seg.split('-').all(|w| {
                    !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                })
        })
}

/// Every rule id in the policy with where it is defined; reports duplicates and bad ids
pub(super) fn collect_rule_ids(
    policy: &Policy,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Span> {
    let mut ids: BTreeMap<String, Span> = BTreeMap::new();
    for file in policy.units.iter().flat_map(|u| &u.files) {
        for item in &file.items {
            let ItemKind::Rule(r) = &item.kind else { continue };
            if !is_valid_rule_id(&r.id.id) {
                diags.push(
                    Diagnostic::error(
                        Code::CheckBadRuleId,
                        format!("`{}` is not a valid rule id", r.id.id),
                    )
                    .with_label(r.id.span, "")
                    .with_help(format!(
                        "use lowercase kebab-case segments joined by `/`, e.g. `{}`",
                        suggest_id(&r.id.id)
                    )),
                );
            }
            if let Some(first) = ids.get(&r.id.id) {
                diags.push(
                    Diagnostic::error(
                        Code::CheckDuplicateRule,
                        format!("rule `{}` is defined twice", r.id.id),
                    )
                    .with_label(r.id.span, "defined again here")
                    .with_label(*first, "first defined here")
                    .with_help(
                        "rename one of them; rule ids are global across every imported file",
                    ),
                );
            } else {
                ids.insert(r.id.id.clone(), r.id.span);
            }
        }
    }
    ids
}

fn suggest_id(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars() {
        match c {
            'A'..='Z' => {
                if out.chars().last().is_some_and(|p| p.is_ascii_lowercase()) {
                    out.push('-');
                }
                out.push(c.to_ascii_lowercase());
            }
            'a'..='z' | '0'..='9' | '/' | '-' => out.push(c),
            _ => out.push('-'),
        }
    }
    // Empty segments and dashes at a segment's ends are what made it invalid: drop them.
    let segments: Vec<String> = out
        .split('/')
        .map(|s| {
            let mut seg = s.trim_matches('-').to_string();
            while seg.contains("--") {
                seg = seg.replace("--", "-");
            }
            seg
        })
        .filter(|s| !s.is_empty())
        .collect();
    match segments.as_slice() {
        [] => "area/name".to_string(),
        [one] => format!("area/{one}"),
        _ => segments.join("/"),
    }
}

impl Cx<'_> {
    pub(super) fn check_rule(&mut self, r: &Rule) {
        let mut scope = Scope::default();
        let mut seen: BTreeMap<&str, (&str, Span)> = BTreeMap::new();
        let mut max_rank = 0u8;
        // The latest clause in canonical order seen so far: its keyword and span
        let mut furthest: Option<(&str, Span)> = None;
        let mut has_for = false;
        let mut has_check = false;
        for c in &r.clauses {
            let rank = clause_rank(&c.kind);
            let kw = c.kind.keyword();
            let kw_span = Span { end: c.span.start + kw.len() as u32, ..c.span };
            if rank < max_rank {
                let mut d =
                    Diagnostic::error(Code::CheckClauseOrder, format!("`{kw}` is out of order"));
                if let Some((later, later_span)) = furthest {
                    d = Diagnostic::error(
                        Code::CheckClauseOrder,
                        format!("`{kw}` must come before `{later}`"),
                    )
                    .with_label(kw_span, "out of order")
                    .with_label(later_span, format!("`{later}` is here"));
                } else {
                    d = d.with_label(kw_span, "");
                }
                self.diags.push(d.with_help(ORDER_HELP));
            }
            if rank > max_rank || furthest.is_none() {
                furthest = Some((kw, kw_span));
            }
            max_rank = max_rank.max(rank);
            let once_key = match &c.kind {
                ClauseKind::For(..) | ClauseKind::Where(_) => None,
                ClauseKind::Require(_) | ClauseKind::Forbid(_) => Some("require"),
                k => Some(k.keyword()),
            };
            if let Some(key) = once_key {
                if let Some((first_kw, first)) = seen.get(key) {
                    let message = if *first_kw == kw {
                        format!("rule `{}` has a second `{kw}`", r.id.id)
                    } else {
                        format!("rule `{}` has both `{first_kw}` and `{kw}`", r.id.id)
                    };
                    self.diags.push(
                        Diagnostic::error(Code::CheckDuplicateClause, message)
                            .with_label(kw_span, "repeated here")
                            .with_label(Span { end: first.start + first_kw.len() as u32, ..*first }, "first here")
                            .with_help(if key == "require" {
                                "a rule has one check: combine conditions with `and`, or split the rule"
                            } else {
                                "keep one of them"
                            }),
                    );
                }
                seen.entry(key).or_insert((kw, c.span));
            }
            match &c.kind {
                ClauseKind::Severity(id) => self.check_severity(id),
                ClauseKind::Tags(e) => {
                    self.expect(e, &scope, &Type::list(Type::Str), "`tags`");
                }
                ClauseKind::When(e) => {
                    self.expect(e, &scope, &Type::Bool, "a `when` condition");
                    scope.narrowed.extend(narrowed_by(e));
                }
                ClauseKind::For(var, coll) => {
                    has_for = true;
                    scope = self.bind(var, coll, &scope);
                }
                ClauseKind::Where(e) => {
                    if !has_for {
                        self.diags.push(
                            Diagnostic::error(
                                Code::CheckClauseOrder,
                                "`where` must follow a `for`",
                            )
                            .with_label(Span { end: c.span.start + 5, ..c.span }, "")
                            .with_help("to make the whole rule conditional, use `when`"),
                        );
                    }
                    self.expect(e, &scope, &Type::Bool, "a `where` condition");
                    scope.narrowed.extend(narrowed_by(e));
                }
                ClauseKind::Require(e) | ClauseKind::Forbid(e) => {
                    has_check = true;
                    self.expect(e, &scope, &Type::Bool, &format!("the `{kw}` condition"));
                }
                ClauseKind::Message(t) | ClauseKind::Help(t) => self.check_template(t, &scope),
                ClauseKind::At(e) => self.check_at(e, &scope),
                ClauseKind::Fix { path, from, .. } => {
                    self.check_template(path, &scope);
                    self.check_template(from, &scope);
                }
            }
        }
        if !has_check {
            self.diags.push(
                Diagnostic::error(Code::CheckMissingCheck, format!("rule `{}` has no `require` or `forbid`", r.id.id))
                    .with_label(r.id.span, "")
                    .with_help("add `require CONDITION` (what must hold) or `forbid CONDITION` (what must not)"),
            );
        }
    }

    fn check_severity(&mut self, id: &Ident) {
        if Severity::parse(&id.name).is_none() {
            let mut d = Diagnostic::error(
                Code::CheckUnknownSeverity,
                format!("unknown severity `{}`", id.name),
            )
            .with_label(id.span, "");
            d = d.with_help(suggest::help_for(&id.name, ["error", "warning", "note"]).map_or_else(
                || "the severities are `error`, `warning` and `note`".to_string(),
                |h| format!("{h} (the severities are `error`, `warning` and `note`)"),
            ));
            self.diags.push(d);
        }
    }

    fn check_at(&mut self, e: &Expr, scope: &Scope) {
        let t = self.infer(e, scope);
        let ok = match &t {
            Type::Str => true,
            Type::Record(k) => k.is_located(),
            t => t.is_lenient(),
        };
        if !ok {
            self.diags.push(
                Diagnostic::error(
                    Code::CheckTypeMismatch,
                    format!("`at` needs a located value or a path, found `{t}`"),
                )
                .with_label(e.span, format!("this is `{t}`"))
                .with_help("point at a file (`f`), a match (`m`) or a path string"),
            );
        }
    }

    pub(super) fn check_waiver(
        &mut self,
        w: &Waive,
        item_span: Span,
        rules: &BTreeMap<String, Span>,
    ) {
        self.check_rule_ref(&w.rule, rules);
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        // Fields whose misspelling was already reported with a "did you mean"
        let mut suggested: Vec<&str> = Vec::new();
        for (name, value) in &w.fields {
            let want = match name.name.as_str() {
                "repos" | "paths" => Type::list(Type::Str),
                "reason" | "owner" => Type::Str,
                "expires" => Type::Date,
                other => {
                    let mut d = Diagnostic::error(
                        Code::CheckWaiverField,
                        format!("unknown waiver field `{other}`"),
                    )
                    .with_label(name.span, "");
                    let meant = suggest::did_you_mean(
                        other,
                        ["repos", "paths", "reason", "owner", "expires"],
                    );
                    suggested.extend(meant);
                    d = d.with_help(meant.map_or_else(
                        || {
                            "waiver fields are `repos`, `paths`, `reason`, `owner` and `expires`"
                                .to_string()
                        },
                        |m| format!("did you mean `{m}`?"),
                    ));
                    self.diags.push(d);
                    continue;
                }
            };
            if let Some(first) = seen.insert(name.name.as_str(), name.span) {
                self.diags.push(
                    Diagnostic::error(
                        Code::CheckWaiverField,
                        format!("waiver field `{}` is given twice", name.name),
                    )
                    .with_label(name.span, "again here")
                    .with_label(first, "first here"),
                );
            }
            self.expect(value, &Scope::default(), &want, &format!("waiver field `{}`", name.name));
            if matches!(name.name.as_str(), "repos" | "paths") {
                self.check_globs(value);
            }
        }
        let missing: Vec<&str> = ["reason", "owner", "expires"]
            .into_iter()
            .filter(|f| !seen.contains_key(f) && !suggested.contains(f))
            .collect();
        if !missing.is_empty() {
            self.diags.push(
                Diagnostic::error(Code::CheckWaiverField, format!("waiver for `{}` lacks {}", w.rule.id, backticked(&missing)))
                    .with_label(Span { end: item_span.start + 5, ..item_span }, "")
                    .with_help("every waiver says why (`reason`), who answers for it (`owner`) and when it ends (`expires`)"),
            );
        }
    }

    fn check_globs(&mut self, e: &Expr) {
        let crate::syntax::ast::ExprKind::List(items) = &e.kind else { return };
        for item in items {
            if let crate::syntax::ast::ExprKind::Lit(crate::syntax::ast::Lit::Str(s)) = &item.kind
                && let Err(err) = crate::facts::glob::glob_set([s.as_str()], false)
            {
                self.diags.push(Diagnostic::error(Code::CheckBadGlob, err)
                        .with_label(item.span, "")
                        .with_help("globs use `*`, `**`, `?`, `[abc]` and `{a,b}`; write a literal bracket or brace as `[[]` or `[{]`"),
                );
            }
        }
    }

    fn check_rule_ref(&mut self, id: &RuleId, rules: &BTreeMap<String, Span>) {
        if rules.contains_key(&id.id) {
            return;
        }
        let mut d = Diagnostic::error(Code::CheckUnknownRule, format!("no rule `{}`", id.id))
            .with_label(id.span, "");
        d = d.with_help(
            suggest::help_for(&id.id, rules.keys().map(String::as_str))
                .unwrap_or_else(|| "`tenet rules` lists the rules in force".into()),
        );
        self.diags.push(d);
    }

    /// A fixture must be a directory beside the policy file (packs embed no fixtures)
    fn check_fixture_dir(&mut self, f: &crate::syntax::ast::StrLit) {
        let Some(unit) = self.policy.units.get(self.unit.0) else { return };
        let Some(file) = self.policy.sources.get(f.span.source) else { return };
        let base = match &unit.dir {
            Some(_) => std::path::Path::new(&file.name)
                .parent()
                .map(std::path::Path::to_path_buf)
                .unwrap_or_default(),
            None => return,
        };
        let dir = base.join(&f.value);
        if !dir.is_dir() {
            self.diags.push(
                Diagnostic::error(
                    Code::CheckTestFixture,
                    format!("fixture `{}` is not a directory", f.value),
                )
                .with_label(f.span, format!("looked for `{}`", dir.display()))
                .with_help(
                    "fixtures are directories relative to the policy file that holds the test",
                ),
            );
        }
    }

    pub(super) fn check_test(&mut self, t: &Test, rules: &BTreeMap<String, Span>) {
        let mut fixtures = 0;
        for stmt in &t.stmts {
            match stmt {
                TestStmt::Fixture(f) => {
                    fixtures += 1;
                    self.check_fixture_dir(f);
                }
                TestStmt::Set(name, value) => {
                    let ty = self.infer_const(value);
                    if let Some(p) = self.names.params.get(&name.name) {
                        let want = p.ty.clone();
                        self.used.insert(name.name.clone());
                        if !ty.fits(&want) {
                            self.diags.push(
                                Diagnostic::error(
                                    Code::CheckTypeMismatch,
                                    format!("param `{}` is `{want}`, not `{ty}`", name.name),
                                )
                                .with_label(value.span, format!("this is `{ty}`"))
                                .with_help(
                                    super::expr::value_help(&ty, &want)
                                        .unwrap_or("give a value of the param's type"),
                                ),
                            );
                        }
                    } else {
                        let mut d = Diagnostic::error(
                            Code::PolicyUnknownParam,
                            format!("no param `{}` in this file", name.name),
                        )
                        .with_label(name.span, "");
                        if let Some(h) = suggest::help_for(
                            &name.name,
                            self.names.params.keys().map(String::as_str),
                        ) {
                            d = d.with_help(h);
                        }
                        self.diags.push(d);
                    }
                }
                TestStmt::Expect { rule, .. } => self.check_rule_ref(rule, rules),
            }
        }
        if fixtures != 1 {
            self.diags.push(
                Diagnostic::error(
                    Code::CheckTestFixture,
                    format!("test `{}` needs exactly one `fixture`", t.name.value),
                )
                .with_label(t.name.span, "")
                .with_help("add `fixture \"fixtures/NAME\"`: a directory relative to this file"),
            );
        }
    }
}

fn backticked(names: &[&str]) -> String {
    let v: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match v.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => v.join(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_kebab_segments() {
        assert!(is_valid_rule_id("license/missing-file"));
        assert!(is_valid_rule_id("a/b/c-2"));
        assert!(!is_valid_rule_id("License/Missing"));
        assert!(!is_valid_rule_id("a//b"));
        assert!(!is_valid_rule_id("a/b-"));
        assert_eq!(suggest_id("licenseMissing"), "area/license-missing");
    }

    #[test]
    fn every_suggested_id_is_valid_and_new() {
        // See: issue 9 — `a/b/` was suggested as the fix for itself.
        for bad in ["a/b/", "/a", "a//b", "a/b-", "-a/b", "A_B/C.D", "x/é", "//", "a/--b", "_"] {
            let fix = suggest_id(bad);
            assert!(is_valid_rule_id(&fix), "{bad} -> {fix}");
            assert_ne!(fix, bad);
        }
        assert_eq!(suggest_id("a/b/"), "a/b");
        assert_eq!(suggest_id("Hygiene/Large_File"), "hygiene/large-file");
    }
}
