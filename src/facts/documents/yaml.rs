//! YAML documents with saphyr's `MarkedYaml` (YAML 1.2 core schema, duplicate keys refused).
//!
//! saphyr's alias budget counts a mapping key as one node however large it is, so aliases
//! used inside keys still expand exponentially; and block nesting has no depth limit, so
//! a deep document overflows the stack. A guard sees every parser event before saphyr's
//! loader: it counts what each alias will copy (keys included) against one budget, and
//! refuses nesting deeper than [`MAX_DEPTH`], aliased subtrees included. Only the first
//! document of a stream is loaded.

use super::{Doc, MAX_DEPTH, place};
use crate::diag::Code;
use crate::model::{FactError, Location, Value};
use saphyr::{MarkedYaml, Scalar, YamlData, YamlLoader};
use saphyr_parser::{Event, Parser, ScanError, Span, SpannedEventReceiver as _};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

const CODE: Code = Code::FactsBadYaml;

/// Nodes that aliases may copy in one document stream (saphyr's default budget)
const ALIAS_BUDGET: u64 = 100_000;

/// Parse the first document of a YAML stream (`null` for an empty stream)
pub(super) fn parse(doc: &Doc<'_>) -> Result<Value, FactError> {
    let mut guard = Guard {
        loader: YamlLoader::default(),
        open: Vec::new(),
        anchors: HashMap::new(),
        copied: 0,
        error: None,
    };
    // Events are pulled one by one: the parser's own `load` recurses once per nesting level,
    // before any limit. The first document is loaded; the rest of the stream is parsed, so
    // a syntax error anywhere is still reported.
    let mut parser = Parser::new_from_str(doc.body);
    let mut first_loaded = false;
    while let Some(next) = parser.next_event() {
        let (ev, span) = next.map_err(|e| scan_error(doc, &e))?;
        if !first_loaded {
            first_loaded = matches!(ev, Event::DocumentEnd);
            guard.on_event(ev, span);
            if let Some(e) = guard.error.as_ref().or_else(|| guard.loader.error()) {
                return Err(scan_error(doc, e));
            }
        }
    }
    let docs = guard.loader.into_documents();
    let Some(root) = docs.first() else { return Ok(Value::Null) };
    Ok(place(convert(doc, root), at(doc, root)))
}

fn scan_error(doc: &Doc<'_>, e: &ScanError) -> FactError {
    let m = e.marker();
    let column = m.col() + 1 + usize::from(doc.bom && m.line() == 1);
    doc.error_at(CODE, "YAML", e.info(), Some((m.line(), column)))
}

fn at(doc: &Doc<'_>, node: &MarkedYaml<'_>) -> Option<Location> {
    let (start, end) = (node.span.start, node.span.end);
    doc.line_col((start.line(), start.col()), (end.line(), end.col()))
}

/// A node's plain value, its children located: a mapping's values at their keys
fn convert(doc: &Doc<'_>, node: &MarkedYaml<'_>) -> Value {
    match &node.data {
        YamlData::Value(Scalar::Null) | YamlData::BadValue | YamlData::Alias(_) => Value::Null,
        YamlData::Value(Scalar::Boolean(b)) => Value::Bool(*b),
        YamlData::Value(Scalar::Integer(i)) => Value::Int(*i),
        YamlData::Value(Scalar::FloatingPoint(f)) => Value::Float(f.into_inner()),
        YamlData::Value(Scalar::String(s)) | YamlData::Representation(s, _, _) => Value::str(s),
        YamlData::Sequence(items) => {
            Value::list(items.iter().map(|item| place(convert(doc, item), at(doc, item))))
        }
        YamlData::Mapping(m) => {
            let map: BTreeMap<String, Value> =
                m.iter().map(|(k, v)| (key(doc, k), place(convert(doc, v), at(doc, k)))).collect();
            Value::Map(Arc::new(map))
        }
        YamlData::Tagged(_, inner) => convert(doc, inner),
    }
}

/// A mapping key as the string a map is indexed by (`1: x` has the key `"1"`)
fn key(doc: &Doc<'_>, k: &MarkedYaml<'_>) -> String {
    match convert(doc, k) {
        Value::Str(s) => s.to_string(),
        other => other.to_string(),
    }
}

/// Passes parser events to saphyr's loader while they stay within the alias budget and the
/// depth limit; after the first refusal, passes nothing more
struct Guard<'input> {
    loader: YamlLoader<'input, MarkedYaml<'input>>,
    /// Open collections, outermost first
    open: Vec<Open>,
    /// Each anchor's subtree, as an alias to it copies it
    anchors: HashMap<usize, Subtree>,
    /// Nodes copied by aliases so far
    copied: u64,
    error: Option<ScanError>,
}

/// A collection being read
struct Open {
    /// Its anchor id (0 for none)
    anchor: usize,
    /// Its nodes so far, itself included
    nodes: u64,
    /// The greatest height of its children so far
    height: usize,
}

/// The size of a finished node: its nodes, and its height (1 for a scalar)
#[derive(Clone, Copy)]
struct Subtree {
    nodes: u64,
    height: usize,
}

impl Guard<'_> {
    fn check(&mut self, ev: &Event<'_>, span: Span) -> Result<(), ScanError> {
        let too_deep =
            || ScanError::new(span.start, format!("nesting deeper than {MAX_DEPTH} levels"));
        let (anchor, node) = match ev {
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.open.len() >= MAX_DEPTH {
                    return Err(too_deep());
                }
                self.open.push(Open { anchor: *anchor, nodes: 1, height: 0 });
                return Ok(());
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(done) = self.open.pop() else { return Ok(()) };
                (done.anchor, Subtree { nodes: done.nodes, height: done.height + 1 })
            }
            Event::Scalar(_, _, anchor, _) => (*anchor, Subtree { nodes: 1, height: 1 }),
            Event::Alias(id) => {
                let copy = self.anchors.get(id).copied().unwrap_or(Subtree { nodes: 1, height: 1 });
                self.copied = self.copied.saturating_add(copy.nodes);
                if self.copied > ALIAS_BUDGET {
                    return Err(ScanError::new(
                        span.start,
                        format!("aliases expand to more than {ALIAS_BUDGET} nodes"),
                    ));
                }
                if self.open.len() + copy.height > MAX_DEPTH {
                    return Err(too_deep());
                }
                (0, copy)
            }
            _ => return Ok(()),
        };
        if anchor > 0 {
            self.anchors.insert(anchor, node);
        }
        if let Some(parent) = self.open.last_mut() {
            parent.nodes = parent.nodes.saturating_add(node.nodes);
            parent.height = parent.height.max(node.height);
        }
        Ok(())
    }
}

impl<'input> Guard<'input> {
    fn on_event(&mut self, ev: Event<'input>, span: Span) {
        if self.error.is_some() {
            return;
        }
        match self.check(&ev, span) {
            Ok(()) => self.loader.on_event(ev, span),
            Err(e) => self.error = Some(e),
        }
    }
}
