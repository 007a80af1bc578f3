//! Binary operators in the checker: comparison, membership, `matches`, `satisfies` and
//! arithmetic, with their type errors and help.

use super::Cx;
use super::expr::{Scope, unit_help};
use super::narrow::narrowed_when;
use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::model::Type;
use crate::syntax::ast::{BinOp, Expr, ExprKind};

impl Cx<'_> {
    pub(super) fn binary(
        &mut self,
        op: BinOp,
        a: &Expr,
        b: &Expr,
        e: &Expr,
        scope: &Scope,
    ) -> Type {
        match op {
            BinOp::And | BinOp::Or => {
                self.expect(a, scope, &Type::Bool, &format!("the left side of `{}`", op.as_str()));
                let mut inner = scope.clone();
                // The right side runs only when the left is true (`and`) or false (`or`).
                inner.narrowed.extend(narrowed_when(a, op == BinOp::And));
                self.expect(
                    b,
                    &inner,
                    &Type::Bool,
                    &format!("the right side of `{}`", op.as_str()),
                );
                Type::Bool
            }
            BinOp::Eq | BinOp::Ne => {
                let Some((ta, tb)) = self.operands(a, b, scope) else { return Type::Bool };
                let comparable = ta.fits(&tb)
                    || tb.fits(&ta)
                    || ta == Type::Null
                    || tb == Type::Null
                    || ta.unwrap_optional().fits(tb.unwrap_optional())
                    || tb.unwrap_optional().fits(ta.unwrap_optional());
                if !comparable {
                    return self.op_error(op, &ta, &tb, e, "values of these types are never equal");
                }
                Type::Bool
            }
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                let Some((ta, tb)) = self.operands(a, b, scope) else { return Type::Bool };
                if let Some(o) = [(&ta, a), (&tb, b)].into_iter().find(|(t, _)| t.is_optional()) {
                    self.optional_use(o.1, o.0);
                    return Type::Bool;
                }
                let numeric = |t: &Type| matches!(t, Type::Int | Type::Float);
                let ordered = (numeric(&ta) && numeric(&tb))
                    || (ta == tb
                        && matches!(ta, Type::Str | Type::Date | Type::Duration | Type::Size));
                if !ordered {
                    return self.op_error(op, &ta, &tb, e, "");
                }
                Type::Bool
            }
            BinOp::In => {
                let Some((ta, tb)) = self.operands(a, b, scope) else { return Type::Bool };
                self.membership(&tb, &ta, b, a, e, "in")
            }
            BinOp::Contains => {
                let Some((ta, tb)) = self.operands(a, b, scope) else { return Type::Bool };
                self.membership(&ta, &tb, a, b, e, "contains")
            }
            BinOp::Matches => {
                let Some((ta, tb)) = self.operands(a, b, scope) else { return Type::Bool };
                self.require_fits(&ta, &Type::Str, a, "the left side of `matches`");
                if !matches!(tb, Type::Regex | Type::Str) {
                    return self.op_error(
                        op,
                        &ta,
                        &tb,
                        e,
                        "`matches` takes a regex (`/…/`) or a glob string on its right",
                    );
                }
                Type::Bool
            }
            BinOp::Satisfies => {
                let Some((ta, tb)) = self.operands(a, b, scope) else { return Type::Bool };
                self.require_fits(&ta, &Type::Str, a, "the left side of `satisfies`");
                if !tb.fits(&Type::list(Type::Str)) && !tb.fits(&Type::Str) {
                    return self.op_error(
                        op,
                        &ta,
                        &tb,
                        e,
                        "`satisfies` takes an allow-list of SPDX ids on its right",
                    );
                }
                Type::Bool
            }
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem => {
                let ta = self.infer(a, scope);
                let tb = self.infer(b, scope);
                // An operand already in error (or `any`) stands for whatever the other one is.
                if ta.is_lenient() {
                    return tb;
                }
                if tb.is_lenient() {
                    return ta;
                }
                if let Some(t) = arith_type(op, &ta, &tb) {
                    return t;
                }
                if let Some(o) = [(&ta, a), (&tb, b)].into_iter().find(|(t, _)| t.is_optional()) {
                    self.optional_use(o.1, o.0);
                    return Type::Error;
                }
                self.op_error(op, &ta, &tb, e, "")
            }
        }
    }

    /// Infer both operands, left then right; `None` when either is lenient (already in
    /// error, or `any`), so that a comparison reports nothing more about it
    fn operands(&mut self, a: &Expr, b: &Expr, scope: &Scope) -> Option<(Type, Type)> {
        let ta = self.infer(a, scope);
        let tb = self.infer(b, scope);
        (!ta.is_lenient() && !tb.is_lenient()).then_some((ta, tb))
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
                    self.require_fits(item_t, &Type::Str, item, &format!("the needle of `{op}`"));
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

    fn op_error(&mut self, op: BinOp, ta: &Type, tb: &Type, e: &Expr, help: &str) -> Type {
        self.op_error_named(op.as_str(), ta, tb, e, help)
    }

    /// `ta` and `tb` are the types of the left and right operands of `e`, in source order
    fn op_error_named(&mut self, op: &str, ta: &Type, tb: &Type, e: &Expr, help: &str) -> Type {
        let mut d = Diagnostic::error(
            Code::CheckTypeMismatch,
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

/// The result type of arithmetic, if the operand types allow it
fn arith_type(op: BinOp, a: &Type, b: &Type) -> Option<Type> {
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
