//! Binary operators on values (SPEC §2.3): comparison, membership, `matches`,
//! `satisfies`, and arithmetic on numbers, strings, lists, dates, durations and sizes.

use crate::diag::Code;
use crate::model::Value;
use crate::syntax::ast::BinOp;
use std::cmp::Ordering;

type R = Result<Value, (Code, String)>;

/// A null operand where a value is needed: only untyped document values (`json`, `yaml`,
/// `data`) get here, as the checker makes `T?` be narrowed first, so a misspelt key must
/// be an error rather than a silently false (and so vacuous) condition
fn null_side(op: BinOp, side: &str) -> (Code, String) {
    (Code::EvalTypeError, format!("the {side} side of `{}` is null", op.as_str()))
}

fn type_error(op: BinOp, a: &Value, b: &Value) -> (Code, String) {
    (
        Code::EvalTypeError,
        format!("`{}` cannot combine `{}` and `{}`", op.as_str(), a.type_name(), b.type_name()),
    )
}

/// Apply `op` to two evaluated operands (located operands act as their plain values)
pub(super) fn binary(op: BinOp, a: &Value, b: &Value, _now: jiff::Timestamp) -> R {
    let (a, b) = (a.plain(), b.plain());
    match op {
        BinOp::Eq => Ok(Value::Bool(a.equals(b))),
        BinOp::Ne => Ok(Value::Bool(!a.equals(b))),
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            let ord = compare(a, b).ok_or_else(|| type_error(op, a, b))?;
            Ok(Value::Bool(match op {
                BinOp::Lt => ord == Ordering::Less,
                BinOp::Le => ord != Ordering::Greater,
                BinOp::Gt => ord == Ordering::Greater,
                _ => ord != Ordering::Less,
            }))
        }
        BinOp::In => match (b, a) {
            (Value::Null, _) => Err(null_side(op, "right")),
            (Value::Str(_) | Value::Map(_), Value::Null) => Err(null_side(op, "left")),
            _ => contains(b, a).map(Value::Bool).ok_or_else(|| type_error(op, a, b)),
        },
        BinOp::Contains => match (a, b) {
            (Value::Null, _) => Err(null_side(op, "left")),
            (Value::Str(_) | Value::Map(_), Value::Null) => Err(null_side(op, "right")),
            _ => contains(a, b).map(Value::Bool).ok_or_else(|| type_error(op, a, b)),
        },
        BinOp::Matches | BinOp::Satisfies if matches!(a, Value::Null) => Err(null_side(op, "left")),
        BinOp::Matches => matches(a, b)
            .map(Value::Bool)
            .map_err(|m| m.map_or_else(|| type_error(op, a, b), |m| (Code::EvalBadGlob, m))),
        BinOp::Satisfies => match (a, b) {
            (Value::Str(expr), Value::List(allow)) => {
                let ids: Vec<&str> = allow
                    .iter()
                    .filter_map(|v| if let Value::Str(s) = v.plain() { Some(&**s) } else { None })
                    .collect();
                Ok(Value::Bool(super::satisfies::satisfies(expr, &ids)))
            }
            (Value::Str(expr), Value::Str(one)) => {
                Ok(Value::Bool(super::satisfies::satisfies(expr, &[one])))
            }
            _ => Err(type_error(op, a, b)),
        },
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem => arith(op, a, b),
        BinOp::And | BinOp::Or => match (a, b) {
            (Value::Bool(x), Value::Bool(y)) => {
                Ok(Value::Bool(if op == BinOp::And { *x && *y } else { *x || *y }))
            }
            _ => Err(type_error(op, a, b)),
        },
    }
}

fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) | (Value::Duration(x), Value::Duration(y)) => Some(x.cmp(y)),
        (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
            as_f64(a)?.partial_cmp(&as_f64(b)?)
        }
        (Value::Str(x), Value::Str(y)) => Some(x.cmp(y)),
        (Value::Date(x), Value::Date(y)) => Some(x.cmp(y)),
        (Value::Size(x), Value::Size(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

/// Does `coll` contain `item`? `None` when the types do not allow the question. A null
/// item is plain equality against a list's elements; other nulls are refused by the caller.
fn contains(coll: &Value, item: &Value) -> Option<bool> {
    match (coll, item) {
        (Value::List(items), x) => Some(items.iter().any(|i| i.equals(x))),
        (Value::Str(s), Value::Str(x)) => Some(s.contains(&**x)),
        (Value::Map(m), Value::Str(k)) => Some(m.contains_key(&**k)),
        _ => None,
    }
}

/// `s matches /re/` or `s matches "glob"`; `Err(None)` for a type error
fn matches(a: &Value, b: &Value) -> Result<bool, Option<String>> {
    match (a, b) {
        (Value::Str(s), Value::Regex(r)) => Ok(r.is_match(s)),
        (Value::Str(s), Value::Str(glob)) => {
            let set = crate::facts::glob::cached_glob_set(&[&**glob], false).map_err(Some)?;
            Ok(set.is_match(&**s))
        }
        _ => Err(None),
    }
}

fn arith(op: BinOp, a: &Value, b: &Value) -> R {
    let overflow = || (Code::EvalOverflow, format!("`{}` overflowed", op.as_str()));
    let zero = || (Code::EvalDivisionByZero, "division by zero".to_string());
    Ok(match (op, a, b) {
        (_, Value::Int(x), Value::Int(y)) => Value::Int(match op {
            BinOp::Add => x.checked_add(*y).ok_or_else(overflow)?,
            BinOp::Sub => x.checked_sub(*y).ok_or_else(overflow)?,
            BinOp::Mul => x.checked_mul(*y).ok_or_else(overflow)?,
            BinOp::Div => {
                if *y == 0 {
                    return Err(zero());
                }
                x.checked_div(*y).ok_or_else(overflow)?
            }
            _ => {
                if *y == 0 {
                    return Err(zero());
                }
                x.checked_rem(*y).ok_or_else(overflow)?
            }
        }),
        (BinOp::Rem, _, _) => return Err(type_error(op, a, b)),
        (_, Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
            let (x, y) = (as_f64(a).unwrap_or(0.0), as_f64(b).unwrap_or(0.0));
            Value::Float(match op {
                BinOp::Add => x + y,
                BinOp::Sub => x - y,
                BinOp::Mul => x * y,
                _ => {
                    if y == 0.0 {
                        return Err(zero());
                    }
                    x / y
                }
            })
        }
        (BinOp::Add, Value::Str(x), Value::Str(y)) => Value::str(format!("{x}{y}")),
        (BinOp::Add, Value::List(x), Value::List(y)) => {
            Value::List(x.iter().chain(y.iter()).cloned().collect::<Vec<_>>().into())
        }
        (BinOp::Add | BinOp::Sub, Value::Date(t), Value::Duration(d)) => {
            let secs = if op == BinOp::Add { Some(*d) } else { d.checked_neg() };
            let span = jiff::SignedDuration::from_secs(secs.ok_or_else(overflow)?);
            Value::Date(t.checked_add(span).map_err(|_| overflow())?)
        }
        (BinOp::Sub, Value::Date(x), Value::Date(y)) => {
            Value::Duration(x.as_second() - y.as_second())
        }
        (BinOp::Add, Value::Duration(x), Value::Duration(y)) => {
            Value::Duration(x.checked_add(*y).ok_or_else(overflow)?)
        }
        (BinOp::Sub, Value::Duration(x), Value::Duration(y)) => {
            Value::Duration(x.checked_sub(*y).ok_or_else(overflow)?)
        }
        (BinOp::Add, Value::Size(x), Value::Size(y)) => {
            Value::Size(x.checked_add(*y).ok_or_else(overflow)?)
        }
        (BinOp::Sub, Value::Size(x), Value::Size(y)) => {
            Value::Size(x.checked_sub(*y).ok_or_else(overflow)?)
        }
        (BinOp::Mul | BinOp::Div, Value::Duration(d), n @ (Value::Int(_) | Value::Float(_))) => {
            Value::Duration(scale(*d as f64, as_f64(n).unwrap_or(1.0), op).ok_or_else(zero)? as i64)
        }
        (BinOp::Mul, n @ (Value::Int(_) | Value::Float(_)), Value::Duration(d)) => {
            Value::Duration((*d as f64 * as_f64(n).unwrap_or(1.0)) as i64)
        }
        (BinOp::Mul | BinOp::Div, Value::Size(s), n @ (Value::Int(_) | Value::Float(_))) => {
            Value::Size(
                non_negative(scale(*s as f64, as_f64(n).unwrap_or(1.0), op).ok_or_else(zero)?)
                    .ok_or_else(overflow)?,
            )
        }
        (BinOp::Mul, n @ (Value::Int(_) | Value::Float(_)), Value::Size(s)) => {
            Value::Size(non_negative(*s as f64 * as_f64(n).unwrap_or(1.0)).ok_or_else(overflow)?)
        }
        (BinOp::Div, Value::Size(x), Value::Size(y)) => {
            if *y == 0 {
                return Err(zero());
            }
            Value::Float(*x as f64 / *y as f64)
        }
        (BinOp::Div, Value::Duration(x), Value::Duration(y)) => {
            if *y == 0 {
                return Err(zero());
            }
            Value::Float(*x as f64 / *y as f64)
        }
        _ => return Err(type_error(op, a, b)),
    })
}

/// Sizes cannot be negative: a negative product is an overflow, not a silent `0B`
fn non_negative(x: f64) -> Option<u64> {
    (x >= 0.0 && x.is_finite()).then_some(x as u64)
}

fn scale(x: f64, n: f64, op: BinOp) -> Option<f64> {
    if op == BinOp::Mul {
        Some(x * n)
    } else if n == 0.0 {
        None
    } else {
        Some(x / n)
    }
}
