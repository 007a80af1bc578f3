//! The syntax tree. Every node has a [`Span`]; comments live beside the tree in
//! [`File::comments`] so that `fmt` can put them back.

use super::token::Comment;
use crate::source::{SourceId, Span};

/// A name with its span
#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    /// The name
    pub name: String,
    /// Where it is written
    pub span: Span,
}

/// One parsed policy file
#[derive(Clone, Debug)]
pub struct File {
    /// Which source
    pub source: SourceId,
    /// `tenet N`, when present
    pub version: Option<(u32, Span)>,
    /// Items in order
    pub items: Vec<Item>,
    /// All comments in order
    pub comments: Vec<Comment>,
}

/// A top-level item
#[derive(Clone, Debug)]
pub struct Item {
    /// What it is
    pub kind: ItemKind,
    /// From its keyword to its end
    pub span: Span,
}

/// The kinds of items
#[derive(Clone, Debug)]
pub enum ItemKind {
    /// `import "std/licenses" with { … }`
    Import(Import),
    /// `param dco: bool = false`
    Param(Param),
    /// `let approved = […]`
    Let(Let),
    /// `rule ID { … }`
    Rule(Rule),
    /// `waive ID { … }`
    Waive(Waive),
    /// `test "name" { … }`
    Test(Test),
}

/// `import "path" with { name: value }`
#[derive(Clone, Debug)]
pub struct Import {
    /// The path as written, with its span
    pub path: StrLit,
    /// Param values for the imported file
    pub with: Vec<(Ident, Expr)>,
}

/// A decoded string literal
#[derive(Clone, Debug, PartialEq)]
pub struct StrLit {
    /// The decoded value
    pub value: String,
    /// Span including quotes
    pub span: Span,
}

/// A written type: `bool`, `list<string>`, `int?`
#[derive(Clone, Debug, PartialEq)]
pub struct TypeExpr {
    /// The type's name
    pub name: Ident,
    /// Arguments of `list<T>`
    pub args: Vec<TypeExpr>,
    /// `?` suffix
    pub optional: bool,
    /// Whole span
    pub span: Span,
}

/// `param NAME: TYPE = DEFAULT`
#[derive(Clone, Debug)]
pub struct Param {
    /// The name
    pub name: Ident,
    /// The declared type
    pub ty: TypeExpr,
    /// The default value (required unless the type is optional)
    pub default: Option<Expr>,
}

/// `let NAME = EXPR`
#[derive(Clone, Debug)]
pub struct Let {
    /// The name
    pub name: Ident,
    /// The value
    pub value: Expr,
}

/// A rule id such as `license/unapproved`
#[derive(Clone, Debug, PartialEq)]
pub struct RuleId {
    /// The id text
    pub id: String,
    /// Where it is written
    pub span: Span,
}

/// `rule ID { clauses }`
#[derive(Clone, Debug)]
pub struct Rule {
    /// The id
    pub id: RuleId,
    /// `##` lines directly above, without the `## ` prefix
    pub docs: Vec<String>,
    /// Clauses in written order
    pub clauses: Vec<Clause>,
}

/// One clause of a rule
#[derive(Clone, Debug)]
pub struct Clause {
    /// What it is
    pub kind: ClauseKind,
    /// From its keyword to its end
    pub span: Span,
}

/// The kinds of rule clauses
#[derive(Clone, Debug)]
pub enum ClauseKind {
    /// `severity error`
    Severity(Ident),
    /// `tags [..]`
    Tags(Expr),
    /// `when COND`
    When(Expr),
    /// `for x in COLLECTION`
    For(Ident, Expr),
    /// `where COND`
    Where(Expr),
    /// `require COND`
    Require(Expr),
    /// `forbid COND`
    Forbid(Expr),
    /// `message "…"`
    Message(Template),
    /// `help "…"`
    Help(Template),
    /// `at EXPR`
    At(Expr),
    /// `fix create "PATH" from "TEMPLATE"`
    Fix {
        /// The fix action (`create`)
        action: Ident,
        /// The path to create
        path: Template,
        /// Its content
        from: Template,
    },
}

impl ClauseKind {
    /// The clause keyword
    pub fn keyword(&self) -> &'static str {
        match self {
            ClauseKind::Severity(_) => "severity",
            ClauseKind::Tags(_) => "tags",
            ClauseKind::When(_) => "when",
            ClauseKind::For(..) => "for",
            ClauseKind::Where(_) => "where",
            ClauseKind::Require(_) => "require",
            ClauseKind::Forbid(_) => "forbid",
            ClauseKind::Message(_) => "message",
            ClauseKind::Help(_) => "help",
            ClauseKind::At(_) => "at",
            ClauseKind::Fix { .. } => "fix",
        }
    }
}

/// A string with `{expr}` interpolations
#[derive(Clone, Debug)]
pub struct Template {
    /// Literal text and expressions in order
    pub parts: Vec<TemplatePart>,
    /// Span including quotes
    pub span: Span,
}

/// A piece of a template
#[derive(Clone, Debug)]
pub enum TemplatePart {
    /// Literal text (decoded)
    Text(String),
    /// `{expr}`
    Expr(Expr),
}

/// `waive ID { field value … }`
#[derive(Clone, Debug)]
pub struct Waive {
    /// The waived rule
    pub rule: RuleId,
    /// `repos`, `paths`, `reason`, `owner`, `expires`, in written order
    pub fields: Vec<(Ident, Expr)>,
}

/// `test "name" { … }`
#[derive(Clone, Debug)]
pub struct Test {
    /// The test's name
    pub name: StrLit,
    /// Its statements in order
    pub stmts: Vec<TestStmt>,
}

/// A statement inside a test
#[derive(Clone, Debug)]
pub enum TestStmt {
    /// `fixture "dir"`
    Fixture(StrLit),
    /// `set name = value`
    Set(Ident, Expr),
    /// `expect [no] ID [at "path"]`
    Expect {
        /// `expect no`
        negated: bool,
        /// The rule
        rule: RuleId,
        /// Optional path the violation must point at
        at: Option<StrLit>,
        /// Whole statement
        span: Span,
    },
}

/// An expression
#[derive(Clone, Debug)]
pub struct Expr {
    /// What it is
    pub kind: ExprKind,
    /// Where it is
    pub span: Span,
}

/// Literal values
#[derive(Clone, Debug, PartialEq)]
pub enum Lit {
    /// `null`
    Null,
    /// `true`, `false`
    Bool(bool),
    /// `42`
    Int(i64),
    /// `0.9`
    Float(f64),
    /// `"text"`
    Str(String),
    /// `/re/flags`
    Regex(String, String),
    /// `90d`, in seconds
    Duration(i64),
    /// `5MB`, in bytes
    Size(u64),
    /// `2027-03-01`
    Date(i16, i8, i8),
}

/// Binary operators
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `or`
    Or,
    /// `and`
    And,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `in`
    In,
    /// `matches`
    Matches,
    /// `contains`
    Contains,
    /// `satisfies`
    Satisfies,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
}

impl BinOp {
    /// As written
    pub fn as_str(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::In => "in",
            BinOp::Matches => "matches",
            BinOp::Contains => "contains",
            BinOp::Satisfies => "satisfies",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
        }
    }

    /// Binding power: higher binds tighter (SPEC §2.3)
    pub fn precedence(self) -> u8 {
        match self {
            BinOp::Or => 1,
            BinOp::And => 2,
            BinOp::Eq
            | BinOp::Ne
            | BinOp::Lt
            | BinOp::Le
            | BinOp::Gt
            | BinOp::Ge
            | BinOp::In
            | BinOp::Matches
            | BinOp::Contains
            | BinOp::Satisfies => 4,
            BinOp::Add | BinOp::Sub => 5,
            BinOp::Mul | BinOp::Div | BinOp::Rem => 6,
        }
    }
}

/// `all`, `any`, `none`
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantifier {
    /// Every element satisfies
    All,
    /// At least one element satisfies
    Any,
    /// No element satisfies
    None,
}

impl Quantifier {
    /// As written
    pub fn as_str(self) -> &'static str {
        match self {
            Quantifier::All => "all",
            Quantifier::Any => "any",
            Quantifier::None => "none",
        }
    }
}

/// A call argument, positional or named
#[derive(Clone, Debug)]
pub struct Arg {
    /// `name:` for named arguments
    pub name: Option<Ident>,
    /// The value
    pub value: Expr,
}

/// The kinds of expressions
#[derive(Clone, Debug)]
pub enum ExprKind {
    /// A literal
    Lit(Lit),
    /// A bare name
    Name(String),
    /// `[a, b]`
    List(Vec<Expr>),
    /// `{ key: value }`
    Map(Vec<(Ident, Expr)>),
    /// `(e)`, kept so `fmt` preserves the author's grouping
    Paren(Box<Expr>),
    /// `not e`
    Not(Box<Expr>),
    /// `-e`
    Neg(Box<Expr>),
    /// `a op b`
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `e.field`
    Field(Box<Expr>, Ident),
    /// `name(args)`
    Call(Ident, Vec<Arg>),
    /// `e.method(args)`
    Method(Box<Expr>, Ident, Vec<Arg>),
    /// `e[i]`
    Index(Box<Expr>, Box<Expr>),
    /// `all x in xs: cond`
    Quant(Quantifier, Ident, Box<Expr>, Box<Expr>),
    /// `count(x in xs: cond)`
    Count(Ident, Box<Expr>, Box<Expr>),
    /// `[e for x in xs if cond]`
    Comprehension {
        /// The element expression
        elem: Box<Expr>,
        /// The bound variable
        var: Ident,
        /// The collection
        coll: Box<Expr>,
        /// Optional filter
        cond: Option<Box<Expr>>,
    },
    /// Stand-in for an expression that failed to parse (already reported)
    Error,
}
