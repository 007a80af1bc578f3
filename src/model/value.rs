//! Run-time values. Cheap to clone: strings, lists, maps and records are shared.
//!
//! A value read from a repository document may be [`Value::Located`]: the plain value plus
//! where it is written. Every operation sees through it ([`Value::plain`]), so a located
//! value behaves exactly like its plain value; only [`Value::location`] tells them apart.

use super::Location;
use super::record::Record;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// A value
#[derive(Clone, Debug)]
pub enum Value {
    /// `null`
    Null,
    /// `bool`
    Bool(bool),
    /// `int`
    Int(i64),
    /// `float`
    Float(f64),
    /// `string`
    Str(Arc<str>),
    /// `regex`
    Regex(Arc<regex::Regex>),
    /// `duration`, seconds
    Duration(i64),
    /// `date`
    Date(jiff::Timestamp),
    /// `size`, bytes
    Size(u64),
    /// `list<T>`
    List(Arc<[Value]>),
    /// `map<T>`
    Map(Arc<BTreeMap<String, Value>>),
    /// A record from a fact
    Record(Arc<dyn Record>),
    /// A document value with where it is written (`json`, `yaml`, `toml`); never nested.
    /// Operations read it through [`Value::plain`]
    Located(Arc<Located>),
}

/// A value of a repository document and its place in the document
#[derive(Debug)]
pub struct Located {
    // INVARIANT: never itself `Value::Located`; `Value::located` is the only constructor.
    value: Value,
    location: Location,
}

impl Located {
    /// The plain value
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// Where it is written
    pub fn location(&self) -> &Location {
        &self.location
    }
}

impl Value {
    /// A string value
    pub fn str(s: impl AsRef<str>) -> Value {
        Value::Str(Arc::from(s.as_ref()))
    }

    /// A list value
    pub fn list(items: impl IntoIterator<Item = Value>) -> Value {
        // Most lists a rule asks for per commit or per file are empty (a trailer nobody
        // wrote): they share one allocation
        static EMPTY: std::sync::LazyLock<Arc<[Value]>> =
            std::sync::LazyLock::new(|| Arc::from(Vec::new()));
        let mut items = items.into_iter().peekable();
        if items.peek().is_none() {
            return Value::List(EMPTY.clone());
        }
        Value::List(items.collect())
    }

    /// `value` located at `location`; a located value gets the new location
    pub fn located(value: Value, location: Location) -> Value {
        let value = match value {
            Value::Located(l) => l.value.clone(),
            v => v,
        };
        Value::Located(Arc::new(Located { value, location }))
    }

    /// The value without its location: what every operation works on
    pub fn plain(&self) -> &Value {
        match self {
            Value::Located(l) => &l.value,
            v => v,
        }
    }

    /// The value with no location anywhere inside it (lists and maps are rebuilt only when
    /// they hold located values): for the arguments of facts and record methods, which
    /// match on plain values
    #[must_use]
    pub fn unlocated(&self) -> Value {
        if has_location(self) { strip(self) } else { self.clone() }
    }

    /// The type name, for run-time errors
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Located(l) => l.value.type_name(),
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "string",
            Value::Regex(_) => "regex",
            Value::Duration(_) => "duration",
            Value::Date(_) => "date",
            Value::Size(_) => "size",
            Value::List(_) => "list",
            Value::Map(_) => "map",
            Value::Record(r) => r.kind().name(),
        }
    }

    /// The location of a located record or document value
    pub fn location(&self) -> Option<Location> {
        match self {
            Value::Record(r) => r.location(),
            Value::Located(l) => Some(l.location.clone()),
            _ => None,
        }
    }

    /// Structural equality; ints and floats compare numerically; locations are ignored
    pub fn equals(&self, other: &Value) -> bool {
        match (self.plain(), other.plain()) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) | (Value::Duration(a), Value::Duration(b)) => a == b,
            #[expect(clippy::float_cmp, reason = "`==` in policies is exact, as in the source")]
            (Value::Float(a), Value::Float(b)) => a == b,
            #[expect(clippy::float_cmp, reason = "`1 == 1.0` holds; exact, as in the source")]
            (Value::Int(a), Value::Float(b)) | (Value::Float(b), Value::Int(a)) => {
                (*a as f64) == *b
            }
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Regex(a), Value::Regex(b)) => a.as_str() == b.as_str(),
            (Value::Date(a), Value::Date(b)) => a == b,
            (Value::Size(a), Value::Size(b)) => a == b,
            (Value::List(a), Value::List(b)) => {
                a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| x.equals(y))
            }
            (Value::Map(a), Value::Map(b)) => {
                a.len() == b.len()
                    && a.iter().zip(b.iter()).all(|((ka, va), (kb, vb))| ka == kb && va.equals(vb))
            }
            // Records compare by what they describe: their kind, where they point, and
            // what they read as (a match in `a.txt:1` is not a match in `b.txt:1`).
            (Value::Record(a), Value::Record(b)) => {
                Arc::ptr_eq(a, b)
                    || (a.kind() == b.kind()
                        && a.location() == b.location()
                        && a.display() == b.display())
            }
            _ => false,
        }
    }
}

fn has_location(v: &Value) -> bool {
    match v {
        Value::Located(_) => true,
        Value::List(items) => items.iter().any(has_location),
        Value::Map(m) => m.values().any(has_location),
        _ => false,
    }
}

fn strip(v: &Value) -> Value {
    match v.plain() {
        Value::List(items) => Value::List(items.iter().map(strip).collect()),
        Value::Map(m) => {
            Value::Map(Arc::new(m.iter().map(|(k, v)| (k.clone(), strip(v))).collect()))
        }
        plain => plain.clone(),
    }
}

/// Durations print in the largest whole unit: `90d`, `36h`, `45s`
pub fn format_duration(secs: i64) -> String {
    for (unit, n) in [("w", 604_800), ("d", 86_400), ("h", 3600), ("m", 60)] {
        if secs != 0 && secs % n == 0 {
            return format!("{}{unit}", secs / n);
        }
    }
    format!("{secs}s")
}

/// Sizes print in the largest unit that divides them: `5MB`, `512KiB`, `17B`
pub fn format_size(bytes: u64) -> String {
    for (unit, n) in [
        ("TiB", 1u64 << 40),
        ("TB", 1_000_000_000_000),
        ("GiB", 1 << 30),
        ("GB", 1_000_000_000),
        ("MiB", 1 << 20),
        ("MB", 1_000_000),
        ("KiB", 1 << 10),
        ("KB", 1000),
    ] {
        if bytes != 0 && bytes.is_multiple_of(n) {
            return format!("{}{unit}", bytes / n);
        }
    }
    format!("{bytes}B")
}

impl fmt::Display for Value {
    /// The text a template interpolates: strings bare, everything else as a literal
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            // Whole floats keep their `.0` so they read as floats: `3.0`, not `3`.
            Value::Float(x) if x.is_finite() && x.fract() == 0.0 => write!(f, "{x:.1}"),
            Value::Float(x) => write!(f, "{x}"),
            Value::Str(s) => f.write_str(s),
            Value::Regex(r) => write!(f, "/{}/", r.as_str()),
            Value::Duration(d) => f.write_str(&format_duration(*d)),
            Value::Date(t) => {
                let z = t.to_zoned(jiff::tz::TimeZone::UTC);
                if z.time() == jiff::civil::Time::midnight() {
                    write!(f, "{}", z.date())
                } else {
                    write!(f, "{}", t.strftime("%Y-%m-%dT%H:%M:%SZ"))
                }
            }
            Value::Size(s) => f.write_str(&format_size(*s)),
            Value::List(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    v.fmt_quoted(f)?;
                }
                f.write_str("]")
            }
            Value::Map(m) => {
                f.write_str("{")?;
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k}: ")?;
                    v.fmt_quoted(f)?;
                }
                f.write_str("}")
            }
            Value::Record(r) => f.write_str(&r.display()),
            Value::Located(l) => l.value.fmt(f),
        }
    }
}

impl Value {
    fn fmt_quoted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.plain() {
            Value::Str(s) => write!(f, "{s:?}"),
            v => write!(f, "{v}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_literal_like() {
        assert_eq!(Value::Duration(90 * 86_400).to_string(), "90d");
        assert_eq!(Value::Size(5_000_000).to_string(), "5MB");
        assert_eq!(Value::list([Value::str("a"), Value::Int(1)]).to_string(), "[\"a\", 1]");
        assert!(Value::Int(1).equals(&Value::Float(1.0)));
    }
}
