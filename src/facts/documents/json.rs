//! JSON documents with `jsonc-parser`, held to strict JSON (RFC 8259): every JSONC and
//! JSON5 extension is off, and what the parser still accepts beyond JSON (raw control
//! characters in strings, non-ASCII whitespace, numbers out of range) is refused here.
//! Nesting is limited to [`MAX_DEPTH`] levels (the parser itself stops at 512).

use super::{Doc, MAX_DEPTH, place};
use crate::diag::Code;
use crate::model::{FactError, Value};
use jsonc_parser::ast::{self, ObjectPropName};
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};
use std::collections::BTreeMap;
use std::sync::Arc;

const CODE: Code = Code::FactsBadJson;

/// Parse a JSON document
pub(super) fn parse(doc: &Doc<'_>) -> Result<Value, FactError> {
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let parsed = parse_to_ast(doc.body, &CollectOptions::default(), &strict).map_err(|e| {
        let why = e.kind().to_string();
        doc.error(CODE, "JSON", &why, Some(e.range().start))
    })?;
    let Some(root) = parsed.value else {
        return Err(doc.error(CODE, "JSON", "the file holds no value", None));
    };
    check_characters(doc)?;
    let at = doc.span(range(&root).start, range(&root).end);
    Ok(place(convert(doc, &root, 0)?, at))
}

fn range(v: &ast::Value<'_>) -> jsonc_parser::common::Range {
    match v {
        ast::Value::StringLit(s) => s.range,
        ast::Value::NumberLit(n) => n.range,
        ast::Value::BooleanLit(b) => b.range,
        ast::Value::Object(o) => o.range,
        ast::Value::Array(a) => a.range,
        ast::Value::NullKeyword(n) => n.range,
    }
}

/// A node's plain value; its children are located (keys at their names, items at
/// themselves), each before its own children so that lookups move forward in the text
fn convert(doc: &Doc<'_>, v: &ast::Value<'_>, depth: usize) -> Result<Value, FactError> {
    if depth >= MAX_DEPTH && matches!(v, ast::Value::Array(_) | ast::Value::Object(_)) {
        let why = format!("nesting deeper than {MAX_DEPTH} levels");
        return Err(doc.error(CODE, "JSON", &why, Some(range(v).start)));
    }
    Ok(match v {
        ast::Value::NullKeyword(_) => Value::Null,
        ast::Value::BooleanLit(b) => Value::Bool(b.value),
        ast::Value::StringLit(s) => Value::str(&*s.value),
        ast::Value::NumberLit(n) => number(n.value).ok_or_else(|| {
            doc.error(CODE, "JSON", &format!("`{}` is out of range", n.value), Some(n.range.start))
        })?,
        ast::Value::Array(a) => {
            let mut items = Vec::with_capacity(a.elements.len());
            for item in &a.elements {
                let r = range(item);
                let at = doc.span(r.start, r.end);
                items.push(place(convert(doc, item, depth + 1)?, at));
            }
            Value::List(items.into())
        }
        ast::Value::Object(o) => {
            let mut map = BTreeMap::new();
            for prop in &o.properties {
                let (key, r) = match &prop.name {
                    ObjectPropName::String(s) => (s.value.to_string(), s.range),
                    // Unreachable with `allow_loose_object_property_names` off.
                    ObjectPropName::Word(w) => (w.value.to_string(), w.range),
                };
                let at = doc.span(r.start, r.end);
                // A repeated name keeps the last value, as JavaScript's `JSON.parse` does.
                map.insert(key, place(convert(doc, &prop.value, depth + 1)?, at));
            }
            Value::Map(Arc::new(map))
        }
    })
}

/// An integer when it fits `i64`, else a float; `None` beyond `f64` (`1e400`)
fn number(text: &str) -> Option<Value> {
    if !text.contains(['.', 'e', 'E'])
        && let Ok(i) = text.parse::<i64>()
    {
        return Some(Value::Int(i));
    }
    text.parse::<f64>().ok().filter(|f| f.is_finite()).map(Value::Float)
}

/// Refuse what the parser accepts beyond JSON: raw control characters inside strings, and
/// whitespace other than space, tab, line feed and carriage return between tokens. The
/// text has parsed, so its strings are well formed and quotes delimit them.
fn check_characters(doc: &Doc<'_>) -> Result<(), FactError> {
    let (mut in_string, mut escaped) = (false, false);
    for (i, &b) in doc.body.as_bytes().iter().enumerate() {
        let bad = if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            (b < 0x20).then_some("a control character must be escaped inside a string")
        } else {
            in_string = b == b'"';
            (!b.is_ascii() || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')))
                .then_some("unexpected character outside a string")
        };
        if let Some(why) = bad {
            return Err(doc.error(CODE, "JSON", why, Some(i)));
        }
    }
    Ok(())
}
