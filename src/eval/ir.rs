//! The compiled form of a policy: immutable, shared by every worker thread.

use crate::diag::Severity;
use crate::model::Value;
use crate::source::Span;
use crate::syntax::ast::{BinOp, Quantifier};
use std::sync::Arc;

/// A compiled expression with the span it came from (for run-time errors)
#[derive(Clone, Debug)]
pub struct Node {
    /// What to do
    pub ir: Ir,
    /// Where it was written
    pub span: Span,
}

/// Pure helper functions
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Helper {
    /// `len`
    Len,
    /// `lower`
    Lower,
    /// `upper`
    Upper,
    /// `trim`
    Trim,
    /// `starts_with`
    StartsWith,
    /// `ends_with`
    EndsWith,
    /// `split`
    Split,
    /// `join`
    Join,
    /// `now`
    Now,
}

impl Helper {
    /// Look up by name
    pub fn from_name(name: &str) -> Option<Helper> {
        Some(match name {
            "len" => Helper::Len,
            "lower" => Helper::Lower,
            "upper" => Helper::Upper,
            "trim" => Helper::Trim,
            "starts_with" => Helper::StartsWith,
            "ends_with" => Helper::EndsWith,
            "split" => Helper::Split,
            "join" => Helper::Join,
            "now" => Helper::Now,
            _ => return None,
        })
    }
}

/// Compiled expression kinds
#[derive(Clone, Debug)]
pub enum Ir {
    /// A constant (literals, params, folded lets)
    Const(Value),
    /// A loop variable's slot
    Local(usize),
    /// A `let` that reads facts: evaluated at most once per repository (index into
    /// `Program::lets`)
    Let(usize),
    /// A fact call; arguments in signature order, absent optionals as `null`, variadics as one list
    Fact(&'static crate::facts::Fact, Vec<Node>),
    /// A helper call
    Helper(Helper, Vec<Node>),
    /// `e.field`
    Field(Box<Node>, Arc<str>),
    /// `e.method(args)`
    Method(Box<Node>, Arc<str>, Vec<Node>),
    /// `e[i]`
    Index(Box<Node>, Box<Node>),
    /// `not e`
    Not(Box<Node>),
    /// `-e`
    Neg(Box<Node>),
    /// `a and b` (short-circuit)
    And(Box<Node>, Box<Node>),
    /// `a or b` (short-circuit)
    Or(Box<Node>, Box<Node>),
    /// Any other binary operator
    Binary(BinOp, Box<Node>, Box<Node>),
    /// `all/any/none x in xs: cond`
    Quant(Quantifier, usize, Box<Node>, Box<Node>),
    /// `count(x in xs: cond)`
    Count(usize, Box<Node>, Box<Node>),
    /// `[elem for x in xs if cond]`
    Comprehension {
        /// Slot of the bound variable
        slot: usize,
        /// The collection
        coll: Box<Node>,
        /// The filter
        cond: Option<Box<Node>>,
        /// The element
        elem: Box<Node>,
    },
    /// `[a, b]`
    List(Vec<Node>),
    /// `{k: v}`
    Map(Vec<(String, Node)>),
}

/// A compiled template: text and expressions
#[derive(Clone, Debug, Default)]
pub struct CTemplate {
    /// Pieces in order
    pub parts: Vec<CPart>,
}

/// A piece of a compiled template
#[derive(Clone, Debug)]
pub enum CPart {
    /// Literal text
    Text(String),
    /// An interpolation
    Expr(Node),
}

/// One `for` of a rule, with the `where`s that follow it
#[derive(Clone, Debug)]
pub struct Loop {
    /// Slot it binds
    pub slot: usize,
    /// The collection
    pub coll: Node,
    /// Filters, all of which must hold
    pub filters: Vec<Node>,
}

/// `fix create "PATH" from "TEMPLATE"`
#[derive(Clone, Debug)]
pub struct Fix {
    /// The file to create
    pub path: CTemplate,
    /// Its content
    pub content: CTemplate,
}

/// A `let` that reads facts, compiled once and evaluated at most once per repository
#[derive(Clone, Debug)]
pub struct CompiledLet {
    /// Its name, for diagnostics
    pub name: String,
    /// Its value
    pub node: Node,
    /// Variable slots its quantifiers need
    pub slots: usize,
}

/// A compiled rule
#[derive(Clone, Debug)]
pub struct CompiledRule {
    /// Its id
    pub id: String,
    /// Where the id is written
    pub span: Span,
    /// The unit it came from (`std/hygiene`, a path)
    pub unit: String,
    /// Severity of its findings
    pub severity: Severity,
    /// Tags
    pub tags: Vec<String>,
    /// `##` documentation lines
    pub docs: Vec<String>,
    /// `when`
    pub when: Option<Node>,
    /// `for`s in order
    pub loops: Vec<Loop>,
    /// The condition of `require`/`forbid`
    pub check: Node,
    /// True for `forbid`
    pub forbid: bool,
    /// `message`
    pub message: Option<CTemplate>,
    /// `help`
    pub help: Option<CTemplate>,
    /// `at`
    pub at: Option<Node>,
    /// `fix`
    pub fix: Option<Fix>,
    /// Sub-expressions of the check whose values `--explain` shows: (source text, node)
    pub explain: Vec<(String, Node)>,
    /// Number of variable slots
    pub slots: usize,
}
