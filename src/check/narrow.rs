//! `T?` narrowing in the checker (SPEC §2.3): the optional paths a condition proves
//! non-null, keyed by [`path_key`].

use crate::syntax::ast::{BinOp, Expr, ExprKind, Lit};

/// `d.license` for a chain of names and fields; the key narrowing works on. A call whose
/// arguments are all literals (`file("README.md")`) is a path too: facts are memoised per
/// repository, so the same call yields the same value within one evaluation.
pub(super) fn path_key(e: &Expr) -> Option<String> {
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
    narrowed_when(cond, true)
}

/// Paths that are non-null when `cond` evaluates to `outcome`
pub(super) fn narrowed_when(cond: &Expr, outcome: bool) -> Vec<String> {
    // `a != null` proves `a` when true, `a == null` when false; likewise both sides of a
    // true `and` or of a false `or` hold.
    let (null_test, both) = if outcome { (BinOp::Ne, BinOp::And) } else { (BinOp::Eq, BinOp::Or) };
    match &cond.kind {
        ExprKind::Binary(op, a, b) if *op == null_test => non_null_side(a, b),
        ExprKind::Binary(op, a, b) if *op == both => {
            let mut v = narrowed_when(a, outcome);
            v.extend(narrowed_when(b, outcome));
            v
        }
        ExprKind::Paren(inner) => narrowed_when(inner, outcome),
        ExprKind::Not(inner) => narrowed_when(inner, !outcome),
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
