//! Records: the structured values facts return (files, matches, commits…), each of a
//! kind declared by its provider (`schema::RecordSchema`).

use super::schema::RecordKind;
use super::{FactError, Location, Value};
use crate::diag::Code;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// A record from a fact: a file, a match, a commit…
pub trait Record: Send + Sync + fmt::Debug {
    /// Which kind (decides the fields and methods the checker allowed)
    fn kind(&self) -> RecordKind;
    /// A field's value; reading content may fail on this record's file
    fn field(&self, name: &str) -> Result<Value, FactError>;
    /// Call a method; arguments follow the schema's parameter order
    fn method(&self, name: &str, _args: &[Value]) -> Result<Value, FactError> {
        Err(FactError::new(
            Code::EvalTypeError,
            format!("`{}` has no method `{name}`", self.kind().name()),
        ))
    }
    /// Where it points, for located kinds
    fn location(&self) -> Option<Location> {
        None
    }
    /// How it reads in a message template
    fn display(&self) -> String;
    /// What iterating over it yields (for kinds with an element type)
    fn elements(&self) -> Result<Arc<[Value]>, FactError> {
        Err(FactError::new(
            Code::EvalTypeError,
            format!("cannot iterate over `{}`", self.kind().name()),
        ))
    }
}

/// A record backed by a map of fields: parsed documents, and facts in tests
#[derive(Debug)]
pub struct MapRecord {
    /// Its kind
    pub kind: RecordKind,
    /// Field values
    pub fields: BTreeMap<String, Value>,
    /// Where it points
    pub location: Option<Location>,
}

impl Record for MapRecord {
    fn kind(&self) -> RecordKind {
        self.kind
    }

    fn field(&self, name: &str) -> Result<Value, FactError> {
        self.fields.get(name).cloned().ok_or_else(|| {
            FactError::new(
                Code::EvalTypeError,
                format!("`{}` has no field `{name}`", self.kind.name()),
            )
        })
    }

    fn location(&self) -> Option<Location> {
        self.location.clone()
    }

    fn display(&self) -> String {
        ["path", "name", "short", "id", "value"]
            .iter()
            .find_map(|k| self.fields.get(*k))
            .map_or_else(|| self.kind.name().to_string(), ToString::to_string)
    }
}
