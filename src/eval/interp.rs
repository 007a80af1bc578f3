//! The interpreter: evaluates IR nodes with a fuel budget (SPEC §2.3).

use super::ir::{CompiledLet, Helper, Ir, Node};
use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::facts::{FactSource, NoFacts};
use crate::model::Value;
use crate::model::{EvalError, FactError};
use crate::source::Span;
use crate::syntax::ast::{BinOp, Quantifier};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

type R = Result<Value, EvalError>;

/// Bytes of new values one step of fuel pays for: with the default budget of 10 million
/// steps, a rule builds at most about 40 MB of strings and lists
pub const BYTES_PER_STEP: u64 = 4;

/// The bytes a value made by `op` on `a` and `b` takes, for the values that grow
fn grown_size(a: &Value, b: &Value) -> usize {
    match (a.plain(), b.plain()) {
        (Value::Str(x), Value::Str(y)) => x.len() + y.len(),
        (Value::List(x), Value::List(y)) => (x.len() + y.len()) * std::mem::size_of::<Value>(),
        _ => 0,
    }
}

/// The bytes a helper's result takes, at most
fn helper_size(h: Helper, args: &[Value]) -> usize {
    let text = |i: usize| match args.get(i).map(Value::plain) {
        Some(Value::Str(s)) => s.len(),
        _ => 0,
    };
    match (h, args.first().map(Value::plain)) {
        (Helper::Lower | Helper::Upper | Helper::Trim, _) => text(0) * 2,
        // Every character may become an element of its own
        (Helper::Split, _) => text(0) * (std::mem::size_of::<Value>() + 4),
        (Helper::Join, Some(Value::List(items))) => items
            .iter()
            .map(|v| match v.plain() {
                Value::Str(s) => s.len(),
                _ => 32,
            })
            .sum::<usize>()
            .saturating_add(items.len().saturating_mul(text(1))),
        _ => 0,
    }
}

/// A let's value with the errors that did not stop it, or the error that did
type LetResult = Result<(Value, Vec<EvalError>), EvalError>;

/// The lets of a program evaluated on one repository: each at most once, shared by every
/// rule (and thread) that reads it
pub struct LetCache<'p> {
    lets: &'p [CompiledLet],
    /// The steps all lets of one repository may take together
    fuel: u64,
    /// Steps they took so far (order-independent once every let is done)
    used: AtomicU64,
    cells: Vec<OnceLock<LetResult>>,
}

impl<'p> LetCache<'p> {
    /// An empty cache for these lets, which may take `fuel` steps together
    pub fn new(lets: &'p [CompiledLet], fuel: u64) -> Self {
        LetCache {
            lets,
            fuel,
            used: AtomicU64::new(0),
            cells: lets.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// Did the lets need more than their budget? Every let costs the same whichever rule
    /// asks for it and whenever, so the answer does not depend on the order rules ran in,
    /// even though which let ran out may.
    pub fn exhausted(&self) -> bool {
        self.used.load(Ordering::Relaxed) > self.fuel
    }
}

/// Evaluation state for one (rule, repository)
pub struct Env<'a> {
    facts: &'a dyn FactSource,
    lets: &'a LetCache<'a>,
    /// Loop variable slots
    pub slots: Vec<Value>,
    fuel: u64,
    now: jiff::Timestamp,
    /// Errors that did not stop the evaluation but make its outcome `error`: a file that
    /// could not be read in one loop iteration, a listing of the tree that was incomplete
    pub deferred: Vec<EvalError>,
}

impl<'a> Env<'a> {
    /// A fresh environment
    pub fn new(
        facts: &'a dyn FactSource,
        lets: &'a LetCache<'a>,
        slots: usize,
        fuel: u64,
        now: jiff::Timestamp,
    ) -> Self {
        Env { facts, lets, slots: vec![Value::Null; slots], fuel, now, deferred: Vec::new() }
    }

    /// The value of a let, computed by the first rule that reads it in this repository and
    /// shared by every other. The lets of a repository share one budget, not the rule's;
    /// when they exceed it, every outcome of the repository is an error
    /// ([`LetCache::exhausted`]), so results never depend on the order threads ran in.
    fn let_value(&mut self, index: usize, span: Span) -> R {
        let Some((def, cell)) = self.lets.lets.get(index).zip(self.lets.cells.get(index)) else {
            return Err(EvalError::new(Code::EvalInternal, "let out of range", span));
        };
        let result = cell.get_or_init(|| {
            let left = self.lets.fuel.saturating_sub(self.lets.used.load(Ordering::Relaxed));
            let mut env = Env::new(self.facts, self.lets, def.slots, left, self.now);
            let value = env.eval(&def.node);
            // A let that ran out is charged one step more than was left, so the total
            // shows the budget was exceeded.
            let spent = if env.fuel == 0 { left + 1 } else { left - env.fuel };
            self.lets.used.fetch_add(spent, Ordering::Relaxed);
            value.map(|v| (v, env.deferred))
        });
        match result {
            Ok((v, deferred)) => {
                if self.deferred.is_empty() {
                    self.deferred.extend(deferred.iter().cloned());
                }
                Ok(v.clone())
            }
            Err(e) => Err(e.clone()),
        }
    }

    /// Pay for a value of `bytes` about to be made, before it is made: fuel bounds memory
    /// as well as time (one step per [`BYTES_PER_STEP`] bytes)
    pub fn charge(&mut self, bytes: usize, span: Span) -> Result<(), EvalError> {
        let steps = (bytes as u64) / BYTES_PER_STEP + 1;
        if steps > self.fuel {
            self.fuel = 0;
            return Err(EvalError::new(
                Code::EvalFuelExhausted,
                "the rule ran out of fuel: the values it builds are too large",
                span,
            ));
        }
        self.fuel -= steps;
        Ok(())
    }

    fn burn(&mut self, span: Span) -> Result<(), EvalError> {
        if self.fuel == 0 {
            return Err(EvalError::new(Code::EvalFuelExhausted, "the rule ran out of fuel", span));
        }
        self.fuel -= 1;
        Ok(())
    }

    fn set(&mut self, slot: usize, v: Value) {
        if let Some(s) = self.slots.get_mut(slot) {
            *s = v;
        }
    }

    /// Evaluate a node
    pub fn eval(&mut self, n: &Node) -> R {
        self.burn(n.span)?;
        match &n.ir {
            Ir::Const(v) => Ok(v.clone()),
            Ir::Local(slot) => Ok(self.slots.get(*slot).cloned().unwrap_or(Value::Null)),
            Ir::Let(index) => self.let_value(*index, n.span),
            Ir::Fact(fact, args) => {
                // Facts match on plain values (and memoise on them)
                let args = args
                    .iter()
                    .map(|a| self.eval(a).map(|v| v.unlocated()))
                    .collect::<Result<Vec<_>, _>>()?;
                let value = self.facts.fact(fact, &args).map_err(|e| from_fact(e, n.span))?;
                if fact.lists_tree
                    && self.deferred.is_empty()
                    && let Some(e) = self.facts.incomplete()
                {
                    self.deferred.push(from_fact(e, n.span));
                }
                Ok(value)
            }
            Ir::Helper(h, args) => {
                let args = args.iter().map(|a| self.eval(a)).collect::<Result<Vec<_>, _>>()?;
                self.charge(helper_size(*h, &args), n.span)?;
                helper(*h, &args, self.now)
                    .map_err(|m| EvalError::new(Code::EvalTypeError, m, n.span))
            }
            Ir::Field(recv, name) => {
                let v = self.eval(recv)?;
                field(v.plain(), name).map_err(|e| from_fact(e, n.span))
            }
            Ir::Method(recv, name, args) => {
                let v = self.eval(recv)?;
                let args = args
                    .iter()
                    .map(|a| self.eval(a).map(|v| v.unlocated()))
                    .collect::<Result<Vec<_>, _>>()?;
                match v.plain() {
                    Value::Record(r) => r.method(name, &args).map_err(|e| from_fact(e, n.span)),
                    v => Err(EvalError::new(
                        Code::EvalTypeError,
                        format!("`{}` has no method `{name}`", v.type_name()),
                        n.span,
                    )),
                }
            }
            Ir::Index(recv, index) => {
                let (v, i) = (self.eval(recv)?, self.eval(index)?);
                index_value(v.plain(), i.plain(), n.span)
            }
            Ir::Not(a) => Ok(Value::Bool(!self.bool(a)?)),
            Ir::Neg(a) => {
                match self.eval(a)?.plain() {
                    Value::Int(i) => i.checked_neg().map(Value::Int).ok_or_else(|| {
                        EvalError::new(Code::EvalOverflow, "integer overflow", n.span)
                    }),
                    Value::Float(f) => Ok(Value::Float(-f)),
                    Value::Duration(d) => d.checked_neg().map(Value::Duration).ok_or_else(|| {
                        EvalError::new(Code::EvalOverflow, "duration overflow", n.span)
                    }),
                    v => Err(type_err(n.span, "-", v)),
                }
            }
            Ir::And(a, b) => Ok(Value::Bool(self.bool(a)? && self.bool(b)?)),
            Ir::Or(a, b) => Ok(Value::Bool(self.bool(a)? || self.bool(b)?)),
            Ir::Binary(op, a, b) => {
                let (lhs, rhs) = (self.eval(a)?, self.eval(b)?);
                if *op == BinOp::Add {
                    self.charge(grown_size(&lhs, &rhs), n.span)?;
                }
                super::ops::binary(*op, &lhs, &rhs, self.now)
                    .map_err(|(code, m)| EvalError::new(code, m, n.span))
            }
            Ir::Quant(q, slot, coll, cond) => {
                let items = self.iterate(coll)?;
                for item in items.iter() {
                    self.burn(n.span)?;
                    self.set(*slot, item.clone());
                    let holds = self.bool(cond)?;
                    match (q, holds) {
                        (Quantifier::Any, true) => return Ok(Value::Bool(true)),
                        (Quantifier::All, false) | (Quantifier::None, true) => {
                            return Ok(Value::Bool(false));
                        }
                        _ => {}
                    }
                }
                Ok(Value::Bool(!matches!(q, Quantifier::Any)))
            }
            Ir::Count(slot, coll, cond) => {
                let items = self.iterate(coll)?;
                let mut count = 0i64;
                for item in items.iter() {
                    self.burn(n.span)?;
                    self.set(*slot, item.clone());
                    if self.bool(cond)? {
                        count += 1;
                    }
                }
                Ok(Value::Int(count))
            }
            Ir::Comprehension { slot, coll, cond, elem } => {
                let items = self.iterate(coll)?;
                let mut out = Vec::new();
                for item in items.iter() {
                    self.burn(n.span)?;
                    self.set(*slot, item.clone());
                    if let Some(c) = cond
                        && !self.bool(c)?
                    {
                        continue;
                    }
                    let v = self.eval(elem)?;
                    self.charge(std::mem::size_of::<Value>(), n.span)?;
                    out.push(v);
                }
                Ok(Value::List(out.into()))
            }
            Ir::List(items) => {
                self.charge(items.len() * std::mem::size_of::<Value>(), n.span)?;
                Ok(Value::List(
                    items.iter().map(|i| self.eval(i)).collect::<Result<Vec<_>, _>>()?.into(),
                ))
            }
            Ir::Map(fields) => {
                let mut m = BTreeMap::new();
                for (k, v) in fields {
                    m.insert(k.clone(), self.eval(v)?);
                }
                Ok(Value::Map(Arc::new(m)))
            }
        }
    }

    /// Evaluate a node that must give a bool
    pub fn bool(&mut self, n: &Node) -> Result<bool, EvalError> {
        match self.eval(n)?.plain() {
            Value::Bool(b) => Ok(*b),
            v => Err(EvalError::new(
                Code::EvalTypeError,
                format!("expected a bool, found `{}`", v.type_name()),
                n.span,
            )),
        }
    }

    /// Evaluate a collection to its elements. A map yields its keys; a document's keys are
    /// located where they are written (each entry's value is located at its key).
    pub fn iterate(&mut self, n: &Node) -> Result<Arc<[Value]>, EvalError> {
        let v = self.eval(n)?;
        match v.plain() {
            Value::List(items) => Ok(items.clone()),
            Value::Null => Ok(Arc::from(Vec::new())),
            Value::Map(m) if matches!(v, Value::Located(_)) => Ok(m
                .iter()
                .map(|(k, v)| match v.location() {
                    Some(at) => Value::located(Value::str(k), at),
                    None => Value::str(k),
                })
                .collect()),
            Value::Map(m) => Ok(m.keys().map(Value::str).collect()),
            Value::Record(r) => r.elements().map_err(|e| from_fact(e, n.span)),
            v => Err(EvalError::new(
                Code::EvalTypeError,
                format!("cannot iterate over `{}`", v.type_name()),
                n.span,
            )),
        }
    }
}

fn type_err(span: Span, op: &str, v: &Value) -> EvalError {
    EvalError::new(Code::EvalTypeError, format!("`{op}` cannot take `{}`", v.type_name()), span)
}

/// Evaluate a node that reads no facts
pub fn eval_const(n: &Node, slots: usize, now: jiff::Timestamp) -> Result<Value, Diagnostic> {
    let lets = LetCache::new(&[], 0);
    Env::new(&NoFacts, &lets, slots, 1_000_000, now).eval(n).map_err(|e| e.to_diagnostic())
}

/// A fact or record failure as an evaluation error at `span`, keeping its code and file
fn from_fact(e: FactError, span: Span) -> EvalError {
    let known = matches!(e.code.phase(), "facts" | "eval");
    EvalError {
        code: if known { e.code } else { Code::EvalFactFailed },
        message: e.message,
        span,
        path: e.path,
        line: e.line,
    }
}

fn field(v: &Value, name: &str) -> Result<Value, FactError> {
    let type_error = |m: String| FactError::new(Code::EvalTypeError, m);
    match v {
        Value::Record(r) => r.field(name),
        Value::Map(m) => Ok(m.get(name).cloned().unwrap_or(Value::Null)),
        Value::Null => Err(type_error(format!("cannot read `.{name}` of null"))),
        v => Err(type_error(format!("`{}` has no field `{name}`", v.type_name()))),
    }
}

type R2 = Result<Value, String>;

fn index_value(v: &Value, i: &Value, span: Span) -> R {
    let out_of_range =
        || EvalError::new(Code::EvalIndexOutOfRange, format!("index {i} is out of range"), span);
    match (v, i) {
        (Value::List(items), Value::Int(k)) => {
            let k = if *k < 0 { items.len() as i64 + k } else { *k };
            usize::try_from(k).ok().and_then(|k| items.get(k)).cloned().ok_or_else(out_of_range)
        }
        (Value::Str(s), Value::Int(k)) => {
            let k = if *k < 0 { s.chars().count() as i64 + k } else { *k };
            usize::try_from(k)
                .ok()
                .and_then(|k| s.chars().nth(k))
                .map(|c| Value::str(c.to_string()))
                .ok_or_else(out_of_range)
        }
        (Value::Map(m), Value::Str(k)) => Ok(m.get(&**k).cloned().unwrap_or(Value::Null)),
        (Value::Null, _) => Err(EvalError::new(Code::EvalTypeError, "cannot index null", span)),
        (v, i) => Err(EvalError::new(
            Code::EvalTypeError,
            format!("cannot index `{}` with `{}`", v.type_name(), i.type_name()),
            span,
        )),
    }
}

/// A helper on evaluated arguments (located ones act as their plain values)
fn helper(h: Helper, args: &[Value], now: jiff::Timestamp) -> R2 {
    let s = |i: usize| match args.get(i).map(Value::plain) {
        Some(Value::Str(s)) => Ok(s.clone()),
        Some(v) => Err(format!("expected a string, found `{}`", v.type_name())),
        None => Err("missing argument".to_string()),
    };
    Ok(match h {
        Helper::Len => match args.first().map(Value::plain) {
            Some(Value::List(l)) => Value::Int(l.len() as i64),
            Some(Value::Str(s)) => Value::Int(s.chars().count() as i64),
            Some(Value::Map(m)) => Value::Int(m.len() as i64),
            Some(v) => return Err(format!("`len` cannot take `{}`", v.type_name())),
            None => return Err("missing argument".into()),
        },
        // History rules lower two addresses and two names per commit, most of them lower
        // case already: an ASCII string with nothing to change is returned as it is, not
        // copied.
        Helper::Lower => {
            let v = s(0)?;
            if v.is_ascii() && !v.bytes().any(|b| b.is_ascii_uppercase()) {
                Value::Str(v)
            } else {
                Value::str(v.to_lowercase())
            }
        }
        Helper::Upper => {
            let v = s(0)?;
            if v.is_ascii() && !v.bytes().any(|b| b.is_ascii_lowercase()) {
                Value::Str(v)
            } else {
                Value::str(v.to_uppercase())
            }
        }
        Helper::Trim => {
            let v = s(0)?;
            if v.trim().len() == v.len() { Value::Str(v) } else { Value::str(v.trim()) }
        }
        Helper::StartsWith => Value::Bool(s(0)?.starts_with(&*s(1)?)),
        Helper::EndsWith => Value::Bool(s(0)?.ends_with(&*s(1)?)),
        Helper::Split => {
            let (text, sep) = (s(0)?, s(1)?);
            if sep.is_empty() {
                Value::list(text.chars().map(|c| Value::str(c.to_string())))
            } else {
                Value::list(text.split(&*sep).map(Value::str))
            }
        }
        Helper::Join => match args.first().map(Value::plain) {
            Some(Value::List(items)) => {
                let parts: Vec<String> = items.iter().map(ToString::to_string).collect();
                Value::str(parts.join(&*s(1)?))
            }
            _ => return Err("`join` takes a list".into()),
        },
        Helper::Now => Value::Date(now),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]
    use super::{Helper, Value, helper};
    use std::sync::Arc;

    fn call(h: Helper, s: &str) -> (Arc<str>, Arc<str>) {
        let input: Arc<str> = Arc::from(s);
        match helper(h, &[Value::Str(input.clone())], jiff::Timestamp::UNIX_EPOCH).unwrap() {
            Value::Str(out) => (input, out),
            other => panic!("not a string: {other:?}"),
        }
    }

    #[test]
    fn case_and_trim_helpers_copy_only_what_they_change() {
        for (h, s) in
            [(Helper::Lower, "dev@example.org"), (Helper::Upper, "ABC-1"), (Helper::Trim, "a b")]
        {
            let (input, out) = call(h, s);
            assert!(Arc::ptr_eq(&input, &out), "{s:?} was copied");
        }
        for (h, s, want) in [
            (Helper::Lower, "Dev@Example.org", "dev@example.org"),
            (Helper::Lower, "ÉCOLE", "école"),
            (Helper::Lower, "ǅ", "ǆ"),
            (Helper::Upper, "straße", "STRASSE"),
            (Helper::Upper, "abc", "ABC"),
            (Helper::Trim, " a b\n", "a b"),
        ] {
            assert_eq!(&*call(h, s).1, want, "{s:?}");
        }
    }
}
