//! TOML documents with `toml::de::DeTable`, which keeps byte spans on every key and value.
//! The parser refuses duplicate keys and limits nesting (80 levels); integers that do not
//! fit 64 bits are refused here.

use super::{Doc, place};
use crate::diag::Code;
use crate::model::{FactError, Value};
use std::collections::BTreeMap;
use std::sync::Arc;
use toml::de::{DeTable, DeValue};

const CODE: Code = Code::FactsBadToml;

/// Parse a TOML document
pub(super) fn parse(doc: &Doc<'_>) -> Result<Value, FactError> {
    let root = DeTable::parse(doc.body)
        .map_err(|e| doc.error(CODE, "TOML", e.message(), e.span().map(|s| s.start)))?;
    let at = doc.span(root.span().start, root.span().end);
    Ok(place(table(doc, root.get_ref())?, at))
}

/// A table's plain value: each value located at its key (a table at its header's key)
fn table(doc: &Doc<'_>, t: &DeTable<'_>) -> Result<Value, FactError> {
    let mut map = BTreeMap::new();
    for (k, v) in t {
        let at = doc.span(k.span().start, k.span().end);
        map.insert(k.get_ref().to_string(), place(convert(doc, v)?, at));
    }
    Ok(Value::Map(Arc::new(map)))
}

fn convert(doc: &Doc<'_>, v: &toml::Spanned<DeValue<'_>>) -> Result<Value, FactError> {
    let out_of_range = || {
        let why = "the number is out of range";
        doc.error(CODE, "TOML", why, Some(v.span().start))
    };
    Ok(match v.get_ref() {
        DeValue::String(s) => Value::str(s),
        DeValue::Integer(i) => {
            Value::Int(i64::from_str_radix(i.as_str(), i.radix()).map_err(|_| out_of_range())?)
        }
        DeValue::Float(f) => Value::Float(f.as_str().parse().map_err(|_| out_of_range())?),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::str(d.to_string()),
        DeValue::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                // An item of an array of tables is located at its `[[header]]`.
                let at = doc.span(item.span().start, item.span().end);
                out.push(place(convert(doc, item)?, at));
            }
            Value::List(out.into())
        }
        DeValue::Table(t) => table(doc, t)?,
    })
}
