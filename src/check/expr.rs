//! Type inference for expressions, with `T?` narrowing (SPEC §2.3).

use super::Cx;
use super::schema::{self, ParamKind, Sig};
use super::suggest;
use super::types::Type;
use crate::diag::Diagnostic;
use crate::syntax::ast::{Arg, BinOp, Expr, ExprKind, Lit, Template, TemplatePart};

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

/// `d.license` for a chain of names and fields; the key narrowing works on. A call whose
/// arguments are all literals (`file("README.md")`) is a path too: facts are memoised per
/// repository, so the same call yields the same value within one evaluation.
pub(crate) fn path_key(e: &Expr) -> Option<String> {
    match &e.kind {
        ExprKind::Name(n) => Some(n.clone()),
        ExprKind::Field(inner, f) => path_key(inner).map(|k| format!("{k}.{}", f.name)),
        ExprKind::Paren(inner) => path_key(inner),
        ExprKind::Call(name, args) => {
            let lits: Option<Vec<String>> = args
                .iter()
                .map(|a| match (&a.name, &a.value.kind) {
                    (None, ExprKind::Lit(l)) => Some(format!("{l:?}")),
                    _ => None,
                })
                .collect();
            lits.map(|l| format!("{}({})", name.name, l.join(",")))
        }
        _ => None,
    }
}

/// Paths that are non-null when `cond` is true
pub(super) fn narrowed_by(cond: &Expr) -> Vec<String> {
    match &cond.kind {
        ExprKind::Binary(BinOp::Ne, a, b) => non_null_side(a, b),
        ExprKind::Binary(BinOp::And, a, b) => {
            let mut v = narrowed_by(a);
            v.extend(narrowed_by(b));
            v
        }
        ExprKind::Paren(inner) => narrowed_by(inner),
        ExprKind::Not(inner) => narrowed_when_false(inner),
        _ => Vec::new(),
    }
}

/// Paths that are non-null when `cond` is false
fn narrowed_when_false(cond: &Expr) -> Vec<String> {
    match &cond.kind {
        ExprKind::Binary(BinOp::Eq, a, b) => non_null_side(a, b),
        ExprKind::Binary(BinOp::Or, a, b) => {
            let mut v = narrowed_when_false(a);
            v.extend(narrowed_when_false(b));
            v
        }
        ExprKind::Paren(inner) => narrowed_when_false(inner),
        ExprKind::Not(inner) => narrowed_by(inner),
        _ => Vec::new(),
    }
}

fn non_null_side(a: &Expr, b: &Expr) -> Vec<String> {
    let is_null = |e: &Expr| matches!(e.kind, ExprKind::Lit(Lit::Null));
    match (is_null(a), is_null(b)) {
        (false, true) => path_key(a).into_iter().collect(),
        (true, false) => path_key(b).into_iter().collect(),
        _ => Vec::new(),
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
        self.require_fits(&t, want, e, scope, what);
        t
    }

    fn require_fits(
        &mut self,
        t: &Type,
        want: &Type,
        e: &Expr,
        _scope: &Scope,
        what: &str,
    ) -> bool {
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
            "check::type_mismatch",
            format!("{what} must be `{want}`, found `{t}`"),
        )
        .with_label(e.span, format!("this is `{t}`"));
        if let Some(h) = mismatch_help(t, want) {
            d = d.with_help(h);
        }
        self.diags.push(d);
        false
    }

    fn optional_use(&mut self, e: &Expr, t: &Type) {
        let text = self.policy.sources.slice(e.span).to_string();
        self.diags.push(
            Diagnostic::error("check::optional_use", format!("`{text}` may be null"))
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
                                Diagnostic::error("check::type_mismatch", format!("list mixes `{prev}` and `{t}`"))
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
                        self.require_fits(&it, &Type::Int, index, scope, "a list index");
                        (**elem).clone()
                    }
                    Type::Map(elem) => {
                        self.require_fits(&it, &Type::Str, index, scope, "a map key");
                        Type::optional((**elem).clone())
                    }
                    Type::Str => {
                        self.require_fits(&it, &Type::Int, index, scope, "a string index");
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
                    Diagnostic::error("check::type_mismatch", "`in` needs a list to iterate over")
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
                    "check::shadowed",
                    format!("`{}` hides another name", var.name),
                )
                .with_label(var.span, "")
                .with_help("pick a different name for the loop variable"),
            );
        }
        scope.with_var(&var.name, elem)
    }

    fn mismatch(&mut self, e: &Expr, t: &Type, msg: &str) {
        self.diags.push(
            Diagnostic::error("check::type_mismatch", msg.to_string())
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
                            "check::bad_date",
                            format!("`{year:04}-{month:02}-{day:02}` is not a calendar date"),
                        )
                        .with_label(e.span, "")
                        .with_help("dates are written YYYY-MM-DD"),
                    );
                }
                Type::Date
            }
            Lit::Regex(p, flags) => {
                if let Err(err) = crate::eval::build_regex(p, flags) {
                    let err = err.trim_start_matches("error: ");
                    self.diags.push(
                        Diagnostic::error("check::bad_regex", format!("invalid regex: {err}"))
                            .with_label(e.span, "")
                            .with_help("the syntax is that of the Rust `regex` crate; flags are i, m, s, x"),
                    );
                }
                Type::Regex
            }
        }
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
            return Type::Record(schema::RecordKind::Repo);
        }
        if schema::function(n).is_some() {
            let vars: Vec<String> = scope.vars.iter().map(|(v, _)| format!("`{v}`")).collect();
            let help = if vars.is_empty() {
                format!("call it: `{n}(…)`")
            } else {
                format!("call it: `{n}(…)`, or use a loop variable in scope: {}", vars.join(", "))
            };
            self.diags.push(
                Diagnostic::error("check::unknown_name", format!("`{n}` is a function"))
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
        let mut d = Diagnostic::error("check::unknown_name", format!("unknown name `{n}`"))
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
            Type::Record(kind) => kind.field(&name.name).unwrap_or_else(|| {
                let methods = kind.methods();
                let mut d = Diagnostic::error(
                    "check::unknown_field",
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
                    Diagnostic::error("check::unknown_field", format!("`{t}` has no fields"))
                        .with_label(name.span, "")
                        .with_label(recv.span, format!("this is `{t}`")),
                );
                Type::Error
            }
        }
    }

    fn method(
        &mut self,
        t: &Type,
        recv: &Expr,
        name: &crate::syntax::ast::Ident,
        args: &[Arg],
        scope: &Scope,
    ) -> Type {
        match t {
            Type::Record(kind) => {
                if let Some(sig) = kind.method(&name.name) {
                    self.args(sig, args, recv.span.to(name.span), scope)
                } else {
                    let mut d = Diagnostic::error(
                        "check::unknown_method",
                        format!("`{}` has no method `{}`", kind.name(), name.name),
                    )
                    .with_label(name.span, "");
                    if kind.field(&name.name).is_some() {
                        d = d.with_help(format!(
                            "`{}` is a field: write `.{}` without parentheses",
                            name.name, name.name
                        ));
                    } else if let Some(h) =
                        suggest::help_for(&name.name, kind.methods().iter().map(|m| m.name))
                    {
                        d = d.with_help(h);
                    }
                    self.diags.push(d);
                    self.infer_args(args, scope);
                    Type::Error
                }
            }
            t if t.is_lenient() => {
                self.infer_args(args, scope);
                Type::Any
            }
            Type::Optional(_) => {
                self.optional_use(recv, t);
                Type::Error
            }
            t => {
                let mut d =
                    Diagnostic::error("check::unknown_method", format!("`{t}` has no methods"))
                        .with_label(name.span, "");
                if schema::HELPERS.iter().any(|h| h.name == name.name) {
                    d = d.with_help(format!(
                        "`{0}` is a helper function: write `{0}(…)`",
                        name.name
                    ));
                }
                self.diags.push(d);
                self.infer_args(args, scope);
                Type::Error
            }
        }
    }

    fn infer_args(&mut self, args: &[Arg], scope: &Scope) {
        for a in args {
            self.infer(&a.value, scope);
        }
    }

    fn call(
        &mut self,
        name: &crate::syntax::ast::Ident,
        args: &[Arg],
        e: &Expr,
        scope: &Scope,
    ) -> Type {
        let Some(sig) = schema::function(&name.name) else {
            let names = schema::FACTS.iter().chain(schema::HELPERS).map(|s| s.name);
            let mut d = Diagnostic::error(
                "check::unknown_fact",
                format!("unknown function `{}`", name.name),
            )
            .with_label(name.span, "");
            if let Some(h) = suggest::help_for(&name.name, names) {
                d = d.with_help(h);
            } else {
                d = d.with_help("the facts and helpers are listed in docs/language.md and by `tenet explain facts`");
            }
            self.diags.push(d);
            self.infer_args(args, scope);
            return Type::Error;
        };
        let ret = self.args(sig, args, e.span, scope);
        if matches!(sig.name, "files" | "exists") {
            self.check_glob_literals(args);
        }
        if sig.name == "len"
            && let Some(a) = args.first()
        {
            // `args` has already reported any problem inside the argument: infer it again
            // only for its type, without reporting twice.
            let reported = self.diags.len();
            let t = self.infer(&a.value, scope);
            self.diags.truncate(reported);
            if !matches!(t, Type::List(_) | Type::Map(_) | Type::Str) && !t.is_lenient() {
                if t.is_optional() {
                    self.optional_use(&a.value, &t);
                } else {
                    self.mismatch(&a.value, &t, "`len` takes a list, a map or a string");
                }
            }
        }
        ret
    }

    /// Check arguments against a signature, returning its result type
    fn args(
        &mut self,
        sig: &Sig,
        args: &[Arg],
        call_span: crate::source::Span,
        scope: &Scope,
    ) -> Type {
        let positional: Vec<&Arg> = args.iter().filter(|a| a.name.is_none()).collect();
        let variadic = sig.params.iter().find(|p| p.kind == ParamKind::Variadic);
        let fixed: Vec<_> = sig.params.iter().filter(|p| p.kind != ParamKind::Variadic).collect();
        let required = fixed.iter().filter(|p| p.kind == ParamKind::Required).count();
        let max_positional = if variadic.is_some() { usize::MAX } else { fixed.len() };
        if positional.len() < required || positional.len() > max_positional {
            let want = if variadic.is_some() {
                "any number of".to_string()
            } else if required == fixed.len() {
                required.to_string()
            } else {
                format!("{required} to {}", fixed.len())
            };
            self.diags.push(
                Diagnostic::error(
                    "check::arity",
                    format!(
                        "`{}` takes {want} argument{}, but {} {} given",
                        sig.name,
                        if want == "1" { "" } else { "s" },
                        positional.len(),
                        if positional.len() == 1 { "was" } else { "were" }
                    ),
                )
                .with_label(call_span, "")
                .with_help(format!("its signature is `{}`", sig.display())),
            );
        }
        for (i, a) in positional.iter().enumerate() {
            let p = if variadic.is_some() { variadic } else { fixed.get(i).copied() };
            let t = self.infer(&a.value, scope);
            if let Some(p) = p
                && p.ty != "any"
            {
                let want = Type::parse(p.ty).unwrap_or(Type::Any);
                // A variadic parameter also takes a list of its type, spliced in.
                let spliced = p.kind == ParamKind::Variadic && t.fits(&Type::list(want.clone()));
                if !spliced {
                    self.require_fits(
                        &t,
                        &want,
                        &a.value,
                        scope,
                        &format!("argument `{}` of `{}`", p.name, sig.name),
                    );
                }
            }
        }
        for a in args.iter().filter(|a| a.name.is_some()) {
            let Some(n) = &a.name else { continue };
            let t = self.infer(&a.value, scope);
            if let Some(p) =
                sig.params.iter().find(|p| p.name == n.name && p.kind != ParamKind::Variadic)
            {
                let want = Type::parse(p.ty).unwrap_or(Type::Any);
                self.require_fits(
                    &t,
                    &want,
                    &a.value,
                    scope,
                    &format!("argument `{}` of `{}`", p.name, sig.name),
                );
            } else {
                let names =
                    sig.params.iter().filter(|p| p.kind != ParamKind::Variadic).map(|p| p.name);
                let mut d = Diagnostic::error(
                    "check::unknown_argument",
                    format!("`{}` has no argument `{}`", sig.name, n.name),
                )
                .with_label(n.span, "");
                d = d.with_help(
                    suggest::help_for(&n.name, names)
                        .unwrap_or_else(|| format!("its signature is `{}`", sig.display())),
                );
                self.diags.push(d);
            }
        }
        sig.ret_type()
    }

    fn binary(&mut self, op: BinOp, a: &Expr, b: &Expr, e: &Expr, scope: &Scope) -> Type {
        match op {
            BinOp::And | BinOp::Or => {
                self.expect(a, scope, &Type::Bool, &format!("the left side of `{}`", op.as_str()));
                let mut inner = scope.clone();
                inner.narrowed.extend(if op == BinOp::And {
                    narrowed_by(a)
                } else {
                    narrowed_when_false(a)
                });
                self.expect(
                    b,
                    &inner,
                    &Type::Bool,
                    &format!("the right side of `{}`", op.as_str()),
                );
                return Type::Bool;
            }
            _ => {}
        }
        let ta = self.infer(a, scope);
        let tb = self.infer(b, scope);
        if ta.is_lenient() || tb.is_lenient() {
            return Self::lenient_result(op, &ta, &tb);
        }
        let ok = match op {
            BinOp::Eq | BinOp::Ne => {
                let comparable = ta.fits(&tb)
                    || tb.fits(&ta)
                    || ta == Type::Null
                    || tb == Type::Null
                    || ta.unwrap_optional().fits(tb.unwrap_optional())
                    || tb.unwrap_optional().fits(ta.unwrap_optional());
                if !comparable {
                    return self.op_error(op, &ta, &tb, e, "values of these types are never equal");
                }
                return Type::Bool;
            }
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                if let Some(o) = [(&ta, a), (&tb, b)].into_iter().find(|(t, _)| t.is_optional()) {
                    self.optional_use(o.1, o.0);
                    return Type::Bool;
                }
                let numeric = |t: &Type| matches!(t, Type::Int | Type::Float);
                (numeric(&ta) && numeric(&tb))
                    || (ta == tb
                        && matches!(ta, Type::Str | Type::Date | Type::Duration | Type::Size))
            }
            BinOp::In => {
                return self.membership(&tb, &ta, b, a, e, "in");
            }
            BinOp::Contains => {
                return self.membership(&ta, &tb, a, b, e, "contains");
            }
            BinOp::Matches => {
                self.require_fits(&ta, &Type::Str, a, scope, "the left side of `matches`");
                if !matches!(tb, Type::Regex | Type::Str) {
                    return self.op_error(
                        op,
                        &ta,
                        &tb,
                        e,
                        "`matches` takes a regex (`/…/`) or a glob string on its right",
                    );
                }
                return Type::Bool;
            }
            BinOp::Satisfies => {
                self.require_fits(&ta, &Type::Str, a, scope, "the left side of `satisfies`");
                if !tb.fits(&Type::list(Type::Str)) && !tb.fits(&Type::Str) {
                    return self.op_error(
                        op,
                        &ta,
                        &tb,
                        e,
                        "`satisfies` takes an allow-list of SPDX ids on its right",
                    );
                }
                return Type::Bool;
            }
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem => {
                if let Some(t) = arith_type(op, &ta, &tb) {
                    return t;
                }
                if let Some(o) = [(&ta, a), (&tb, b)].into_iter().find(|(t, _)| t.is_optional()) {
                    self.optional_use(o.1, o.0);
                    return Type::Error;
                }
                false
            }
            BinOp::And | BinOp::Or => true,
        };
        if !ok {
            return self.op_error(op, &ta, &tb, e, "");
        }
        Type::Bool
    }

    fn membership(
        &mut self,
        coll_t: &Type,
        item_t: &Type,
        coll: &Expr,
        item: &Expr,
        e: &Expr,
        op: &str,
    ) -> Type {
        match coll_t {
            Type::List(elem) => {
                if !item_t.fits(elem) && !elem.fits(item_t) && !item_t.unwrap_optional().fits(elem)
                {
                    let (left, right) =
                        if op == "in" { (item_t, coll_t) } else { (coll_t, item_t) };
                    return self.op_error_named(
                        op,
                        left,
                        right,
                        e,
                        &format!("a `{item_t}` is never in a `{coll_t}`"),
                    );
                }
            }
            Type::Str | Type::Map(_) => {
                if !item_t.fits(&Type::Str) {
                    self.require_fits(
                        item_t,
                        &Type::Str,
                        item,
                        &Scope::default(),
                        &format!("the needle of `{op}`"),
                    );
                }
            }
            Type::Optional(_) => self.optional_use(coll, coll_t),
            t => {
                let (left, right) = if op == "in" { (item_t, t) } else { (t, item_t) };
                return self.op_error_named(
                    op,
                    left,
                    right,
                    e,
                    &format!("`{op}` needs a list, a string or a map"),
                );
            }
        }
        Type::Bool
    }

    fn lenient_result(op: BinOp, ta: &Type, tb: &Type) -> Type {
        match op {
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem => {
                if ta.is_lenient() {
                    tb.clone()
                } else {
                    ta.clone()
                }
            }
            _ => Type::Bool,
        }
    }

    fn op_error(&mut self, op: BinOp, ta: &Type, tb: &Type, e: &Expr, help: &str) -> Type {
        self.op_error_named(op.as_str(), ta, tb, e, help)
    }

    /// `ta` and `tb` are the types of the left and right operands of `e`, in source order
    fn op_error_named(&mut self, op: &str, ta: &Type, tb: &Type, e: &Expr, help: &str) -> Type {
        let mut d = Diagnostic::error(
            "check::type_mismatch",
            format!("`{op}` cannot combine `{ta}` and `{tb}`"),
        );
        d = match &e.kind {
            ExprKind::Binary(_, a, b) => d
                .with_label(a.span, format!("this is `{ta}`"))
                .with_label(b.span, format!("this is `{tb}`")),
            _ => d.with_label(e.span, ""),
        };
        if !help.is_empty() {
            d = d.with_help(help.to_string());
        } else if let Some(h) = unit_help(ta, tb).or_else(|| {
            let numeric = |t: &Type| matches!(t, Type::Int | Type::Float);
            ((*ta == Type::Str && numeric(tb)) || (numeric(ta) && *tb == Type::Str))
                .then_some("write numbers without quotes")
        }) {
            d = d.with_help(h);
        }
        self.diags.push(d);
        Type::Error
    }
}

/// A help for a value of type `t` met where `want` was expected, when the fix is likely
pub(super) fn mismatch_help(t: &Type, want: &Type) -> Option<&'static str> {
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

impl Cx<'_> {
    /// Glob patterns written as literals are compiled now, so a typo is a lint error
    fn check_glob_literals(&mut self, args: &[Arg]) {
        for a in args.iter().filter(|a| a.name.is_none()) {
            let literals: Vec<&Expr> = match &a.value.kind {
                ExprKind::List(items) => items.iter().collect(),
                _ => vec![&a.value],
            };
            for e in literals {
                if let ExprKind::Lit(Lit::Str(s)) = &e.kind
                    && let Err(err) = crate::facts::glob::glob_set([s.as_str()], false)
                {
                    self.diags.push(
                        Diagnostic::error("check::bad_glob", err)
                            .with_label(e.span, "")
                            .with_help("globs use `*`, `**`, `?`, `[abc]` and `{a,b}`"),
                    );
                }
            }
        }
    }
}

/// The result type of arithmetic, if the operand types allow it
pub(crate) fn arith_type(op: BinOp, a: &Type, b: &Type) -> Option<Type> {
    use Type::{Date, Duration, Float, Int, Size, Str};
    Some(match (op, a, b) {
        (BinOp::Rem, Int, Int) => Int,
        (_, Int, Int) if op != BinOp::Rem => Int,
        (BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div, Int | Float, Int | Float)
        | (BinOp::Div, Size, Size)
        | (BinOp::Div, Duration, Duration) => Float,
        (BinOp::Add, Str, Str) => Str,
        (BinOp::Add, Type::List(x), Type::List(y)) => Type::list(x.join(y)?),
        (BinOp::Add | BinOp::Sub, Date, Duration) => Date,
        (BinOp::Sub, Date, Date)
        | (BinOp::Add | BinOp::Sub, Duration, Duration)
        | (BinOp::Mul | BinOp::Div, Duration, Int | Float)
        | (BinOp::Mul, Int | Float, Duration) => Duration,
        (BinOp::Add | BinOp::Sub, Size, Size)
        | (BinOp::Mul | BinOp::Div, Size, Int | Float)
        | (BinOp::Mul, Int | Float, Size) => Size,
        _ => return None,
    })
}
