//! Type inference for expressions in the checker: the `infer` walk, literals, names, fields,
//! indexing and loops. Calls, operators and `T?` narrowing (SPEC §2.3) have their own modules.

use super::Cx;
use super::callee::Callee;
use super::narrow::path_key;
use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::diag::suggest;
use crate::model::Type;
use crate::source::Span;
use crate::syntax::ast::{Expr, ExprKind, Lit, Template, TemplatePart};

use super::narrow::narrowed_by;

/// Variables in scope and the optional paths known to be non-null
#[derive(Clone, Debug, Default)]
pub(super) struct Scope {
    pub(super) vars: Vec<(String, Type)>,
    pub(super) narrowed: Vec<String>,
}

impl Scope {
    pub(super) fn with_var(&self, name: &str, ty: Type) -> Scope {
        let mut s = self.clone();
        s.vars.push((name.to_string(), ty));
        s
    }

    fn var(&self, name: &str) -> Option<&Type> {
        self.vars.iter().rev().find(|(n, _)| n == name).map(|(_, t)| t)
    }
}

impl Cx<'_> {
    /// Infer with no variables in scope (lets, param defaults)
    pub(super) fn infer_const(&mut self, e: &Expr) -> Type {
        self.infer(e, &Scope::default())
    }

    /// Infer and require `want`
    pub(super) fn expect(&mut self, e: &Expr, scope: &Scope, want: &Type, what: &str) -> Type {
        let t = self.infer(e, scope);
        self.require_fits(&t, want, e, what);
        t
    }

    pub(super) fn require_fits(&mut self, t: &Type, want: &Type, e: &Expr, what: &str) -> bool {
        if t.fits(want) {
            return true;
        }
        if let Type::Optional(inner) = t
            && inner.fits(want)
        {
            self.optional_use(e, t);
            return false;
        }
        let mut d = Diagnostic::error(
            Code::CheckTypeMismatch,
            format!("{what} must be `{want}`, found `{t}`"),
        )
        .with_label(e.span, format!("this is `{t}`"));
        if let Some(h) = mismatch_help(t, want) {
            d = d.with_help(h);
        }
        self.diags.push(d);
        false
    }

    pub(super) fn optional_use(&mut self, e: &Expr, t: &Type) {
        let text = self.policy.sources.slice(e.span).to_string();
        self.diags.push(
            Diagnostic::error(Code::CheckOptionalUse, format!("`{text}` may be null"))
                .with_label(e.span, format!("this is `{t}`"))
                .with_help(format!("narrow it first with `where {text} != null` (`when` in a rule without `for`), or test it with `{text} != null and …`")),
        );
    }

    pub(super) fn check_template(&mut self, t: &Template, scope: &Scope) {
        for part in &t.parts {
            if let TemplatePart::Expr(e) = part {
                self.infer(e, scope);
            }
        }
    }

    /// The type of `e`, reporting every problem inside it
    pub(super) fn infer(&mut self, e: &Expr, scope: &Scope) -> Type {
        let t = self.infer_inner(e, scope);
        // A narrowed path is non-null from here on.
        match (&t, path_key(e)) {
            (Type::Optional(inner), Some(k)) if scope.narrowed.contains(&k) => (**inner).clone(),
            _ => t,
        }
    }

    fn infer_inner(&mut self, e: &Expr, scope: &Scope) -> Type {
        match &e.kind {
            ExprKind::Lit(l) => self.lit(l, e),
            ExprKind::Name(n) => self.name(n, e, scope),
            ExprKind::List(items) => {
                let mut elem: Option<Type> = None;
                for item in items {
                    let t = self.infer(item, scope);
                    elem = Some(match elem {
                        None => t,
                        Some(prev) => prev.join(&t).unwrap_or_else(|| {
                            self.diags.push(
                                Diagnostic::error(Code::CheckTypeMismatch, format!("list mixes `{prev}` and `{t}`"))
                                    .with_label(item.span, format!("this is `{t}`"))
                                    .with_help(format!("the items of a list share one type; the first items are `{prev}`")),
                            );
                            Type::Error
                        }),
                    });
                }
                Type::list(elem.unwrap_or(Type::Any))
            }
            ExprKind::Map(fields) => {
                let mut elem: Option<Type> = None;
                for (_, v) in fields {
                    let t = self.infer(v, scope);
                    elem = Some(elem.map_or(t.clone(), |p| p.join(&t).unwrap_or(Type::Any)));
                }
                Type::Map(Box::new(elem.unwrap_or(Type::Any)))
            }
            ExprKind::Paren(inner) => self.infer(inner, scope),
            ExprKind::Not(inner) => {
                self.expect(inner, scope, &Type::Bool, "the operand of `not`");
                Type::Bool
            }
            ExprKind::Neg(inner) => {
                let t = self.infer(inner, scope);
                if !matches!(t, Type::Int | Type::Float | Type::Duration) && !t.is_lenient() {
                    self.mismatch(inner, &t, "the operand of `-` must be a number or a duration");
                    return Type::Error;
                }
                t
            }
            ExprKind::Binary(op, a, b) => self.binary(*op, a, b, e, scope),
            ExprKind::Field(recv, name) => {
                let t = self.infer(recv, scope);
                self.field(&t, recv, name)
            }
            ExprKind::Call(name, args) => self.call(name, args, e, scope),
            ExprKind::Method(recv, name, args) => {
                let t = self.infer(recv, scope);
                self.method(&t, recv, name, args, scope)
            }
            ExprKind::Index(recv, index) => {
                let t = self.infer(recv, scope);
                let it = self.infer(index, scope);
                match &t {
                    Type::List(elem) => {
                        self.require_fits(&it, &Type::Int, index, "a list index");
                        (**elem).clone()
                    }
                    Type::Map(elem) => {
                        self.require_fits(&it, &Type::Str, index, "a map key");
                        Type::optional((**elem).clone())
                    }
                    Type::Str => {
                        self.require_fits(&it, &Type::Int, index, "a string index");
                        Type::Str
                    }
                    t if t.is_lenient() => Type::Any,
                    Type::Optional(_) => {
                        self.optional_use(recv, &t);
                        Type::Error
                    }
                    t => {
                        self.mismatch(recv, t, "only lists, maps and strings can be indexed");
                        Type::Error
                    }
                }
            }
            ExprKind::Quant(_, var, coll, cond) => {
                let inner = self.bind(var, coll, scope);
                self.expect(cond, &inner, &Type::Bool, "a quantifier's condition");
                Type::Bool
            }
            ExprKind::Count(var, coll, cond) => {
                let inner = self.bind(var, coll, scope);
                self.expect(cond, &inner, &Type::Bool, "a count's condition");
                Type::Int
            }
            ExprKind::Comprehension { elem, var, coll, cond } => {
                let mut inner = self.bind(var, coll, scope);
                if let Some(c) = cond {
                    self.expect(c, &inner, &Type::Bool, "a comprehension's `if`");
                    inner.narrowed.extend(narrowed_by(c));
                }
                Type::list(self.infer(elem, &inner))
            }
            ExprKind::Error => Type::Error,
        }
    }

    /// Bind `var` to the elements of `coll`, returning the inner scope
    pub(super) fn bind(
        &mut self,
        var: &crate::syntax::ast::Ident,
        coll: &Expr,
        scope: &Scope,
    ) -> Scope {
        let t = self.infer(coll, scope);
        let elem = match t.element() {
            Some(el) => el,
            None if t.is_optional() => {
                self.optional_use(coll, &t);
                Type::Error
            }
            None => {
                let mut d =
                    Diagnostic::error(Code::CheckTypeMismatch, "`in` needs a list to iterate over")
                        .with_label(coll.span, format!("this is `{t}`"));
                if t == Type::Str {
                    d = d.with_help("to go through a file line by line, iterate over its `.lines`");
                }
                self.diags.push(d);
                Type::Error
            }
        };
        if scope.var(&var.name).is_some()
            || self.names.lets.contains_key(&var.name)
            || self.names.params.contains_key(&var.name)
        {
            self.diags.push(
                Diagnostic::warning(
                    Code::CheckShadowed,
                    format!("`{}` hides another name", var.name),
                )
                .with_label(var.span, "")
                .with_help("pick a different name for the loop variable"),
            );
        }
        scope.with_var(&var.name, elem)
    }

    pub(super) fn mismatch(&mut self, e: &Expr, t: &Type, msg: &str) {
        self.diags.push(
            Diagnostic::error(Code::CheckTypeMismatch, msg.to_string())
                .with_label(e.span, format!("this is `{t}`")),
        );
    }

    fn lit(&mut self, l: &Lit, e: &Expr) -> Type {
        match l {
            Lit::Null => Type::Null,
            Lit::Bool(_) => Type::Bool,
            Lit::Int(_) => Type::Int,
            Lit::Float(_) => Type::Float,
            Lit::Str(_) => Type::Str,
            Lit::Duration(_) => Type::Duration,
            Lit::Size(_) => Type::Size,
            Lit::Date(year, month, day) => {
                if jiff::civil::Date::new(*year, *month, *day).is_err() {
                    self.diags.push(
                        Diagnostic::error(
                            Code::CheckBadDate,
                            format!("`{year:04}-{month:02}-{day:02}` is not a calendar date"),
                        )
                        .with_label(e.span, "")
                        .with_help("dates are written YYYY-MM-DD"),
                    );
                }
                Type::Date
            }
            Lit::Regex(p, flags) => {
                if let Err(err) = crate::model::build_regex(p, flags) {
                    let err = err.trim_start_matches("error: ");
                    let at = self.regex_error_span(e.span, p, flags);
                    self.diags.push(
                        Diagnostic::error(Code::CheckBadRegex, format!("invalid regex: {err}"))
                            .with_label(at.unwrap_or(e.span), if at.is_some() { err } else { "" })
                            .with_help("the syntax is that of the Rust `regex` crate; flags are i, m, s, x"),
                    );
                }
                Type::Regex
            }
        }
    }

    /// The offending characters of a regex literal, when the literal's text between its
    /// slashes is the pattern itself (no `\/` escapes to shift the offsets)
    fn regex_error_span(&self, literal: Span, pattern: &str, flags: &str) -> Option<Span> {
        let at = crate::model::regex_error_span(pattern, flags)?;
        let text = self.policy.sources.slice(literal);
        let inner = text.strip_prefix('/')?.get(..pattern.len())?;
        (inner == pattern).then(|| {
            let start = literal.start as usize + 1;
            Span::new(literal.source, start + at.start, start + at.end.max(at.start + 1))
        })
    }

    fn name(&mut self, n: &str, e: &Expr, scope: &Scope) -> Type {
        if let Some(t) = scope.var(n) {
            return t.clone();
        }
        if self.names.lets.contains_key(n) {
            self.used.insert(n.to_string());
            return self.let_type(n);
        }
        if let Some(p) = self.names.params.get(n) {
            self.used.insert(n.to_string());
            return p.ty.clone();
        }
        if n == "repo" {
            return Callee::find(n).map_or(Type::Error, Callee::ret_type);
        }
        if Callee::find(n).is_some() {
            let vars: Vec<String> = scope.vars.iter().map(|(v, _)| format!("`{v}`")).collect();
            let help = if vars.is_empty() {
                format!("call it: `{n}(…)`")
            } else {
                format!("call it: `{n}(…)`, or use a loop variable in scope: {}", vars.join(", "))
            };
            self.diags.push(
                Diagnostic::error(Code::CheckUnknownName, format!("`{n}` is a function"))
                    .with_label(e.span, "")
                    .with_help(help),
            );
            return Type::Error;
        }
        let mut candidates: Vec<&str> = scope.vars.iter().map(|(n, _)| n.as_str()).collect();
        candidates.extend(self.names.lets.keys().map(String::as_str));
        candidates.extend(self.names.params.keys().map(String::as_str));
        candidates.push("repo");
        let suggestion = suggest::did_you_mean(n, candidates).map(str::to_string);
        let mut d = Diagnostic::error(Code::CheckUnknownName, format!("unknown name `{n}`"))
            .with_label(e.span, "not defined here");
        d = d.with_help(suggestion.as_ref().map_or_else(
            || {
                "names are loop variables, `let`s and `param`s of this file or pack, and `repo`"
                    .to_string()
            },
            |s| format!("did you mean `{s}`?"),
        ));
        // The misspelt let or param is meant to be used: do not also report it as unused.
        if let Some(s) = suggestion {
            self.used.insert(s);
        }
        self.diags.push(d);
        Type::Error
    }

    fn field(&mut self, t: &Type, recv: &Expr, name: &crate::syntax::ast::Ident) -> Type {
        match t {
            Type::Record(kind) => crate::facts::registry::field_type(*kind, &name.name)
                .unwrap_or_else(|| {
                    let methods = kind.methods();
                    let mut d = Diagnostic::error(
                        Code::CheckUnknownField,
                        format!("`{}` has no field `{}`", kind.name(), name.name),
                    )
                    .with_label(name.span, "");
                    if methods.iter().any(|m| m.name == name.name) {
                        d = d.with_help(format!(
                            "`{}` is a method: call it as `.{}(…)`",
                            name.name, name.name
                        ));
                    } else if let Some(h) =
                        suggest::help_for(&name.name, kind.fields().iter().map(|f| f.0))
                    {
                        d = d.with_help(h);
                    } else {
                        let fields: Vec<&str> = kind.fields().iter().map(|f| f.0).collect();
                        d = d.with_help(format!("its fields are: {}", fields.join(", ")));
                    }
                    self.diags.push(d);
                    Type::Error
                }),
            Type::Map(elem) => Type::optional((**elem).clone()),
            t if t.is_lenient() => Type::Any,
            Type::Optional(_) => {
                self.optional_use(recv, t);
                Type::Error
            }
            t => {
                self.diags.push(
                    Diagnostic::error(Code::CheckUnknownField, format!("`{t}` has no fields"))
                        .with_label(name.span, "")
                        .with_label(recv.span, format!("this is `{t}`")),
                );
                Type::Error
            }
        }
    }
}

/// A help for a value of type `t` met where `want` was expected, when the fix is likely
fn mismatch_help(t: &Type, want: &Type) -> Option<&'static str> {
    match (t, want) {
        (_, Type::Bool) => Some(
            "a condition is a comparison (`==`, `<`, …), a test (`in`, `matches`, `contains`, `satisfies`), or `true`/`false`",
        ),
        _ => value_help(t, want),
    }
}

/// A help for a literal value (param default, `with`, `set`) of type `t` where `want` was expected
pub(super) fn value_help(t: &Type, want: &Type) -> Option<&'static str> {
    match (t, want) {
        (Type::Str, Type::Bool) => Some("write `true` or `false`, without quotes"),
        (Type::Str, Type::Int | Type::Float) => Some("write numbers without quotes"),
        (t, Type::List(elem)) if t.fits(elem) => Some("wrap it in a list: `[…]`"),
        _ => unit_help(t, want),
    }
}

/// A help for a number met where a quantity with a unit (or a number) was meant
pub(super) fn unit_help(a: &Type, b: &Type) -> Option<&'static str> {
    let numeric = |t: &Type| matches!(t, Type::Int | Type::Float);
    match (a, b) {
        (Type::Duration, t) | (t, Type::Duration) if numeric(t) => {
            Some("a duration needs its unit, e.g. `90d`")
        }
        (Type::Size, t) | (t, Type::Size) if numeric(t) => {
            Some("a size needs its unit, e.g. `5MB`")
        }
        _ => None,
    }
}
