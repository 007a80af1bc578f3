//! Expressions, types and argument lists of one line of code, for [`super::Printer`].

use super::INDENT;
use crate::source::Span;
use crate::syntax::ast::{Arg, Expr, ExprKind, Ident, TypeExpr};

/// Prints expressions on one line; with `brk` set, list literals go one element per line
pub(super) struct Writer<'a> {
    src: &'a str,
    /// The text written so far
    pub(super) out: String,
    /// Indentation of the line being written, when lists should break
    brk: Option<usize>,
}

impl<'a> Writer<'a> {
    /// A writer slicing literals from `src`; `brk` is the line's indentation if lists break
    pub(super) fn new(src: &'a str, brk: Option<usize>) -> Self {
        Writer { src, out: String::new(), brk }
    }

    pub(super) fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// The source text as written (literals, templates)
    pub(super) fn slice(&mut self, span: Span) {
        let src = self.src;
        self.push(src.get(span.range()).unwrap_or(""));
    }

    pub(super) fn ty(&mut self, ty: &TypeExpr) {
        self.push(&ty.name.name);
        if !ty.args.is_empty() {
            self.push("<");
            for (i, arg) in ty.args.iter().enumerate() {
                if i > 0 {
                    self.push(", ");
                }
                self.ty(arg);
            }
            self.push(">");
        }
        if ty.optional {
            self.push("?");
        }
    }

    pub(super) fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Lit(_) | ExprKind::Error => self.slice(e.span),
            ExprKind::Name(name) => self.push(name),
            ExprKind::List(items) => self.list(items),
            ExprKind::Map(fields) => self.map(fields),
            ExprKind::Paren(inner) => {
                self.push("(");
                self.expr(inner);
                self.push(")");
            }
            ExprKind::Not(inner) => {
                self.push("not ");
                self.expr(inner);
            }
            ExprKind::Neg(inner) => {
                self.push("-");
                self.expr(inner);
            }
            ExprKind::Binary(op, lhs, rhs) => {
                self.expr(lhs);
                self.push(" ");
                self.push(op.as_str());
                self.push(" ");
                self.expr(rhs);
            }
            ExprKind::Field(recv, name) => {
                self.expr(recv);
                self.push(".");
                self.push(&name.name);
            }
            ExprKind::Call(name, args) => {
                self.push(&name.name);
                self.args(args);
            }
            ExprKind::Method(recv, name, args) => {
                self.expr(recv);
                self.push(".");
                self.push(&name.name);
                self.args(args);
            }
            ExprKind::Index(recv, index) => {
                self.expr(recv);
                self.push("[");
                self.expr(index);
                self.push("]");
            }
            ExprKind::Quant(q, var, coll, cond) => {
                self.push(q.as_str());
                self.push(" ");
                self.binding(var, coll, cond);
            }
            ExprKind::Count(var, coll, cond) => {
                self.push("count(");
                self.binding(var, coll, cond);
                self.push(")");
            }
            ExprKind::Comprehension { elem, var, coll, cond } => {
                self.push("[");
                self.expr(elem);
                self.push(" for ");
                self.push(&var.name);
                self.push(" in ");
                self.expr(coll);
                if let Some(cond) = cond {
                    self.push(" if ");
                    self.expr(cond);
                }
                self.push("]");
            }
        }
    }

    /// `x in xs: cond`
    fn binding(&mut self, var: &Ident, coll: &Expr, cond: &Expr) {
        self.push(&var.name);
        self.push(" in ");
        self.expr(coll);
        self.push(": ");
        self.expr(cond);
    }

    fn list(&mut self, items: &[Expr]) {
        // Only the outermost lists break; their elements stay on one line each.
        match self.brk.take() {
            Some(indent) if !items.is_empty() => {
                self.push("[\n");
                for item in items {
                    self.out.extend(std::iter::repeat_n(' ', indent + INDENT));
                    self.expr(item);
                    self.push(",\n");
                }
                self.out.extend(std::iter::repeat_n(' ', indent));
                self.push("]");
                self.brk = Some(indent);
            }
            brk => {
                self.brk = brk;
                self.push("[");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.expr(item);
                }
                self.push("]");
            }
        }
    }

    pub(super) fn map(&mut self, fields: &[(Ident, Expr)]) {
        if fields.is_empty() {
            self.push("{}");
            return;
        }
        self.push("{ ");
        for (i, (name, value)) in fields.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.push(&name.name);
            self.push(": ");
            self.expr(value);
        }
        self.push(" }");
    }

    pub(super) fn args(&mut self, args: &[Arg]) {
        self.push("(");
        for (i, arg) in args.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            if let Some(name) = &arg.name {
                self.push(&name.name);
                self.push(": ");
            }
            self.expr(&arg.value);
        }
        self.push(")");
    }
}
