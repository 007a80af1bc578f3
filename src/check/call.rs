//! Checking calls in the checker: facts, helpers and record methods against their
//! signatures in `schema`, and glob literals compiled early so a typo is a check error.

use super::Cx;
use super::callee::Callee;
use super::expr::Scope;
use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::diag::suggest;
use crate::facts::{Compute, Fact};
use crate::model::Type;
use crate::model::schema::{ParamKind, Sig};
use crate::syntax::ast::{Arg, Expr, ExprKind, Lit};

impl Cx<'_> {
    pub(super) fn method(
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
                        Code::CheckUnknownMethod,
                        format!("`{}` has no method `{}`", kind.name(), name.name),
                    )
                    .with_label(name.span, "");
                    if kind.field_def(&name.name).is_some() {
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
                    Diagnostic::error(Code::CheckUnknownMethod, format!("`{t}` has no methods"))
                        .with_label(name.span, "");
                if matches!(Callee::find(&name.name), Some(Callee::Helper(_))) {
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

    pub(super) fn call(
        &mut self,
        name: &crate::syntax::ast::Ident,
        args: &[Arg],
        e: &Expr,
        scope: &Scope,
    ) -> Type {
        let Some(callee) = Callee::find(&name.name) else {
            let names = Callee::names();
            let mut d = Diagnostic::error(
                Code::CheckUnknownFact,
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
        let sig = callee.sig();
        if let Callee::Fact(Fact { compute: Compute::Unavailable, .. }) = callee {
            self.diags.push(
                Diagnostic::warning(
                    Code::CheckUnavailableFact,
                    format!("`{}` is not computed by this version of tenet yet", sig.name),
                )
                .with_label(name.span, "a rule that calls this ends as an error when run")
                .with_help("leave the rule out of the policy until a version of tenet computes it"),
            );
        }
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
                    Code::CheckArity,
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
                let want = crate::facts::registry::parse_type(p.ty).unwrap_or(Type::Any);
                // A variadic parameter also takes a list of its type, spliced in.
                let spliced = p.kind == ParamKind::Variadic && t.fits(&Type::list(want.clone()));
                if !spliced {
                    self.require_fits(
                        &t,
                        &want,
                        &a.value,
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
                let want = crate::facts::registry::parse_type(p.ty).unwrap_or(Type::Any);
                self.require_fits(
                    &t,
                    &want,
                    &a.value,
                    &format!("argument `{}` of `{}`", p.name, sig.name),
                );
            } else {
                let names =
                    sig.params.iter().filter(|p| p.kind != ParamKind::Variadic).map(|p| p.name);
                let mut d = Diagnostic::error(
                    Code::CheckUnknownArgument,
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
        crate::facts::registry::parse_type(sig.ret).unwrap_or(Type::Error)
    }

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
                        Diagnostic::error(Code::CheckBadGlob, err)
                            .with_label(e.span, "")
                            .with_help("globs use `*`, `**`, `?`, `[abc]` and `{a,b}`"),
                    );
                }
            }
        }
    }
}
