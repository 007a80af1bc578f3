//! AST → IR, once per policy: names become slots or constants, lets are inlined (and
//! folded when they read no facts), calls get their arguments in signature order.

use super::interp;
use super::ir::{CPart, CTemplate, CompiledLet, CompiledRule, Fix, Helper, Ir, Loop, Node};
use crate::check::UnitNames;
use crate::check::callee::Callee;
use crate::diag::Code;
use crate::diag::{Diagnostic, Severity};
use crate::model::Value;
use crate::model::schema::ParamKind;
use crate::syntax::ast::{Arg, ClauseKind, Expr, ExprKind, Lit, Rule, Template, TemplatePart};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Compiles expressions of one unit
pub(crate) struct Compiler<'a> {
    names: &'a UnitNames,
    params: &'a BTreeMap<String, Value>,
    scopes: Vec<(String, usize)>,
    next_slot: usize,
    max_slot: usize,
    folded: BTreeMap<String, Node>,
    /// Lets that read facts, numbered from `let_base` across the program
    pub(crate) lets: Vec<CompiledLet>,
    let_base: usize,
    pub(crate) diags: Vec<Diagnostic>,
    now: jiff::Timestamp,
}

impl<'a> Compiler<'a> {
    /// A compiler for a unit with resolved param values
    pub(crate) fn new(
        names: &'a UnitNames,
        params: &'a BTreeMap<String, Value>,
        now: jiff::Timestamp,
    ) -> Self {
        Compiler {
            names,
            params,
            scopes: Vec::new(),
            next_slot: 0,
            max_slot: 0,
            folded: BTreeMap::new(),
            lets: Vec::new(),
            let_base: 0,
            diags: Vec::new(),
            now,
        }
    }

    /// Number the lets this compiler makes from `base` (the lets of earlier units)
    pub(crate) fn with_let_base(mut self, base: usize) -> Self {
        self.let_base = base;
        self
    }

    fn bind(&mut self, name: &str) -> usize {
        let slot = self.next_slot;
        self.next_slot += 1;
        self.max_slot = self.max_slot.max(self.next_slot);
        self.scopes.push((name.to_string(), slot));
        slot
    }

    fn unbind(&mut self) {
        self.scopes.pop();
        self.next_slot -= 1;
    }

    /// Compile and evaluate an expression that must not read facts (param values, `--set`)
    pub(crate) fn constant(&mut self, e: &Expr) -> Result<Value, Diagnostic> {
        let node = self.expr(e);
        interp::eval_const(&node, self.max_slot, self.now)
    }

    /// Compile one expression
    pub(crate) fn expr(&mut self, e: &Expr) -> Node {
        let ir = match &e.kind {
            ExprKind::Lit(l) => Ir::Const(self.lit(l, e)),
            ExprKind::Name(n) => return self.name(n, e),
            ExprKind::List(items) => {
                let nodes: Vec<Node> = items.iter().map(|i| self.expr(i)).collect();
                // A list of constants (`any k in ["Reviewed-by", "Acked-by"]: …` inside a
                // loop over 100,000 commits) is built once, here, not on each evaluation.
                if nodes.iter().all(|n| matches!(n.ir, Ir::Const(_))) {
                    Ir::Const(Value::list(nodes.into_iter().filter_map(|n| match n.ir {
                        Ir::Const(v) => Some(v),
                        _ => None,
                    })))
                } else {
                    Ir::List(nodes)
                }
            }
            ExprKind::Map(fields) => {
                Ir::Map(fields.iter().map(|(k, v)| (k.name.clone(), self.expr(v))).collect())
            }
            ExprKind::Paren(inner) => return self.expr(inner),
            ExprKind::Not(inner) => Ir::Not(Box::new(self.expr(inner))),
            ExprKind::Neg(inner) => Ir::Neg(Box::new(self.expr(inner))),
            ExprKind::Binary(op, a, b) => {
                let (a, b) = (Box::new(self.expr(a)), Box::new(self.expr(b)));
                match op {
                    crate::syntax::ast::BinOp::And => Ir::And(a, b),
                    crate::syntax::ast::BinOp::Or => Ir::Or(a, b),
                    op => Ir::Binary(*op, a, b),
                }
            }
            ExprKind::Field(recv, name) => {
                Ir::Field(Box::new(self.expr(recv)), Arc::from(name.name.as_str()))
            }
            ExprKind::Method(recv, name, args) => {
                let recv = self.expr(recv);
                Ir::Method(
                    Box::new(recv),
                    Arc::from(name.name.as_str()),
                    args.iter().map(|a| self.expr(&a.value)).collect(),
                )
            }
            ExprKind::Index(recv, index) => {
                Ir::Index(Box::new(self.expr(recv)), Box::new(self.expr(index)))
            }
            ExprKind::Call(name, args) => self.call(&name.name, args),
            ExprKind::Quant(q, var, coll, cond) => {
                let coll = Box::new(self.expr(coll));
                let slot = self.bind(&var.name);
                let cond = Box::new(self.expr(cond));
                self.unbind();
                Ir::Quant(*q, slot, coll, cond)
            }
            ExprKind::Count(var, coll, cond) => {
                let coll = Box::new(self.expr(coll));
                let slot = self.bind(&var.name);
                let cond = Box::new(self.expr(cond));
                self.unbind();
                Ir::Count(slot, coll, cond)
            }
            ExprKind::Comprehension { elem, var, coll, cond } => {
                let coll = Box::new(self.expr(coll));
                let slot = self.bind(&var.name);
                let cond = cond.as_ref().map(|c| Box::new(self.expr(c)));
                let elem = Box::new(self.expr(elem));
                self.unbind();
                Ir::Comprehension { slot, coll, cond, elem }
            }
            ExprKind::Error => Ir::Const(Value::Null),
        };
        Node { ir, span: e.span }
    }

    fn lit(&mut self, l: &Lit, e: &Expr) -> Value {
        match l {
            Lit::Null => Value::Null,
            Lit::Bool(b) => Value::Bool(*b),
            Lit::Int(i) => Value::Int(*i),
            Lit::Float(f) => Value::Float(*f),
            Lit::Str(s) => Value::str(s),
            Lit::Duration(d) => Value::Duration(*d),
            Lit::Size(s) => Value::Size(*s),
            Lit::Date(year, month, day) => date_value(*year, *month, *day).unwrap_or(Value::Null),
            Lit::Regex(pattern, flags) => match crate::model::build_regex(pattern, flags) {
                Ok(re) => Value::Regex(re),
                Err(err) => {
                    self.diags.push(
                        Diagnostic::error(Code::CheckBadRegex, format!("invalid regex: {err}"))
                            .with_label(e.span, ""),
                    );
                    Value::Null
                }
            },
        }
    }

    fn name(&mut self, n: &str, e: &Expr) -> Node {
        if let Some((_, slot)) = self.scopes.iter().rev().find(|(name, _)| name == n) {
            return Node { ir: Ir::Local(*slot), span: e.span };
        }
        if let Some(node) = self.folded.get(n) {
            return node.clone();
        }
        if let Some(info) = self.names.lets.get(n) {
            // Lets see no loop variables: compile the value in an empty scope, with slots
            // of its own.
            let saved = (std::mem::take(&mut self.scopes), self.next_slot, self.max_slot);
            (self.next_slot, self.max_slot) = (0, 0);
            let node = self.expr(&info.value.clone());
            let slots = self.max_slot;
            (self.scopes, self.next_slot, self.max_slot) = saved;
            let folded = if is_pure(&node)
                && let Ok(v) = interp::eval_const(&node, slots, self.now)
            {
                Node { ir: Ir::Const(v), span: node.span }
            } else {
                // It reads facts: evaluated once per repository, however often it is read.
                let index = self.let_base + self.lets.len();
                self.lets.push(CompiledLet { name: n.to_string(), node, slots });
                Node { ir: Ir::Let(index), span: e.span }
            };
            self.folded.insert(n.to_string(), folded.clone());
            return folded;
        }
        if let Some(v) = self.params.get(n) {
            return Node { ir: Ir::Const(v.clone()), span: e.span };
        }
        match crate::facts::registry::fact("repo") {
            Some(f) => Node { ir: Ir::Fact(f, Vec::new()), span: e.span },
            None => Node { ir: Ir::Const(Value::Null), span: e.span },
        }
    }

    fn call(&mut self, name: &str, args: &[Arg]) -> Ir {
        let Some(callee) = Callee::find(name) else { return Ir::Const(Value::Null) };
        let sig = callee.sig();
        let mut positional = args.iter().filter(|a| a.name.is_none());
        let mut out = Vec::new();
        for p in sig.params {
            let named = args.iter().find(|a| a.name.as_ref().is_some_and(|n| n.name == p.name));
            let node = match p.kind {
                ParamKind::Variadic => {
                    let items: Vec<Node> =
                        positional.by_ref().map(|a| self.expr(&a.value)).collect();
                    let span = items.first().map(|n| n.span).unwrap_or_default();
                    Node { ir: Ir::List(items), span }
                }
                _ => match named.or_else(|| positional.next()) {
                    Some(a) => self.expr(&a.value),
                    None => {
                        Node { ir: Ir::Const(Value::Null), span: crate::source::Span::default() }
                    }
                },
            };
            out.push(node);
        }
        match (callee, Helper::from_name(name)) {
            (Callee::Fact(f), _) => Ir::Fact(f, out),
            (Callee::Helper(_), Some(h)) => Ir::Helper(h, out),
            (Callee::Helper(_), None) => Ir::Const(Value::Null),
        }
    }

    fn template(&mut self, t: &Template) -> CTemplate {
        let parts = t
            .parts
            .iter()
            .map(|p| match p {
                TemplatePart::Text(s) => CPart::Text(s.clone()),
                TemplatePart::Expr(e) => CPart::Expr(self.expr(e)),
            })
            .collect();
        CTemplate { parts }
    }

    /// Compile a checked rule
    pub(crate) fn rule(&mut self, r: &Rule, unit: &str) -> CompiledRule {
        self.scopes.clear();
        self.next_slot = 0;
        self.max_slot = 0;
        let mut out = CompiledRule {
            id: r.id.id.clone(),
            span: r.id.span,
            unit: unit.to_string(),
            severity: Severity::Error,
            tags: Vec::new(),
            docs: r.docs.clone(),
            when: None,
            loops: Vec::new(),
            check: Node { ir: Ir::Const(Value::Bool(true)), span: r.id.span },
            forbid: false,
            message: None,
            help: None,
            at: None,
            fix: None,
            explain: Vec::new(),
            slots: 0,
        };
        let mut check_expr = None;
        for c in &r.clauses {
            match &c.kind {
                ClauseKind::Severity(id) => {
                    out.severity = Severity::parse(&id.name).unwrap_or(Severity::Error);
                }
                ClauseKind::Tags(e) => {
                    let node = self.expr(e);
                    if let Ok(Value::List(items)) =
                        interp::eval_const(&node, self.max_slot, self.now)
                    {
                        out.tags = items.iter().map(ToString::to_string).collect();
                    }
                }
                ClauseKind::When(e) => out.when = Some(self.expr(e)),
                ClauseKind::For(var, coll) => {
                    let coll = self.expr(coll);
                    let slot = self.bind(&var.name);
                    out.loops.push(Loop { slot, coll, filters: Vec::new() });
                }
                ClauseKind::Where(e) => {
                    let node = self.expr(e);
                    if let Some(l) = out.loops.last_mut() {
                        l.filters.push(node);
                    }
                }
                ClauseKind::Require(e) | ClauseKind::Forbid(e) => {
                    out.forbid = matches!(c.kind, ClauseKind::Forbid(_));
                    out.check = self.expr(e);
                    check_expr = Some(e);
                }
                ClauseKind::Message(t) => out.message = Some(self.template(t)),
                ClauseKind::Help(t) => out.help = Some(self.template(t)),
                ClauseKind::At(e) => out.at = Some(self.expr(e)),
                ClauseKind::Fix { path, from, .. } => {
                    out.fix = Some(Fix { path: self.template(path), content: self.template(from) });
                }
            }
        }
        if let Some(e) = check_expr {
            let mut found = Vec::new();
            explain_parts(e, &mut found);
            for part in found {
                let node = self.expr(part);
                if !matches!(node.ir, Ir::Const(_)) {
                    out.explain.push((String::new(), node));
                }
            }
        }
        out.slots = self.max_slot;
        out
    }
}

/// The value of a plain literal expression (for command-line values such as sizes)
pub fn literal_value(e: &Expr) -> Option<Value> {
    match &e.kind {
        ExprKind::Lit(Lit::Size(n)) => Some(Value::Size(*n)),
        ExprKind::Lit(Lit::Int(n)) => Some(Value::Int(*n)),
        _ => None,
    }
}

/// A date literal as a value (midnight UTC). The last days of year 9999 lie past the
/// latest instant a timestamp holds: they become that instant, so `9999-12-31` still
/// compares later than every other date instead of being `null`.
pub(crate) fn date_value(y: i16, m: i8, d: i8) -> Option<Value> {
    let date = jiff::civil::Date::new(y, m, d).ok()?;
    let at = match date.to_zoned(jiff::tz::TimeZone::UTC) {
        Ok(z) => z.timestamp(),
        Err(_) if y > 0 => jiff::Timestamp::MAX,
        Err(_) => jiff::Timestamp::MIN,
    };
    Some(Value::Date(at))
}

/// Does evaluating `n` depend on nothing but constants?
fn is_pure(n: &Node) -> bool {
    match &n.ir {
        Ir::Const(_) => true,
        Ir::Local(_)
        | Ir::Let(_)
        | Ir::Fact(..)
        | Ir::Helper(Helper::Now, _)
        | Ir::Quant(..)
        | Ir::Count(..)
        | Ir::Comprehension { .. } => false,
        Ir::Helper(_, args) | Ir::List(args) => args.iter().all(is_pure),
        Ir::Method(r, _, args) => is_pure(r) && args.iter().all(is_pure),
        Ir::Map(fields) => fields.iter().all(|(_, v)| is_pure(v)),
        Ir::Field(a, _) | Ir::Not(a) | Ir::Neg(a) => is_pure(a),
        Ir::Index(a, b) | Ir::And(a, b) | Ir::Or(a, b) | Ir::Binary(_, a, b) => {
            is_pure(a) && is_pure(b)
        }
    }
}

/// The sub-expressions of a check worth showing with `--explain`: the operands that read
/// data (fields, calls, variables), outside quantifiers whose variables would be unbound.
fn explain_parts<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    match &e.kind {
        ExprKind::Binary(_, a, b) => {
            explain_parts(a, out);
            explain_parts(b, out);
        }
        ExprKind::Not(a) | ExprKind::Paren(a) | ExprKind::Neg(a) => explain_parts(a, out),
        ExprKind::Field(..)
        | ExprKind::Method(..)
        | ExprKind::Call(..)
        | ExprKind::Index(..)
        | ExprKind::Name(_) => out.push(e),
        ExprKind::Quant(_, _, coll, _) | ExprKind::Count(_, coll, _) => explain_parts(coll, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic, reason = "tests fail loudly")]
    use super::{Compiler, Ir};
    use crate::syntax::ast::{Expr, ExprKind, Lit};

    fn lit(l: Lit) -> Expr {
        Expr { kind: ExprKind::Lit(l), span: crate::source::Span::default() }
    }

    #[test]
    fn a_list_of_constants_is_built_once_at_compile_time() {
        let names = crate::check::UnitNames::default();
        let params = std::collections::BTreeMap::new();
        let mut compiler = Compiler::new(&names, &params, jiff::Timestamp::UNIX_EPOCH);
        let list =
            |items| Expr { kind: ExprKind::List(items), span: crate::source::Span::default() };
        let e = list(vec![lit(Lit::Str("Reviewed-by".into())), lit(Lit::Int(3))]);
        match compiler.expr(&e).ir {
            Ir::Const(v) => assert_eq!(v.to_string(), r#"["Reviewed-by", 3]"#),
            other => panic!("not folded: {other:?}"),
        }
        // A list reading a loop variable is built on each evaluation.
        let e = list(vec![
            lit(Lit::Int(1)),
            Expr { kind: ExprKind::Name("x".into()), span: crate::source::Span::default() },
        ]);
        let _slot = compiler.bind("x");
        assert!(matches!(compiler.expr(&e).ir, Ir::List(_)));
    }
}
