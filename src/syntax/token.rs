//! Tokens produced by the lexer and consumed by the parser.

use crate::source::Span;

/// Reserved words of SPEC §2.1
pub const KEYWORDS: &[&str] = &[
    "tenet",
    "import",
    "with",
    "param",
    "let",
    "rule",
    "waive",
    "test",
    "severity",
    "tags",
    "when",
    "for",
    "in",
    "where",
    "require",
    "forbid",
    "message",
    "help",
    "at",
    "fix",
    "set",
    "fixture",
    "expect",
    "no",
    "and",
    "or",
    "not",
    "all",
    "any",
    "none",
    "count",
    "if",
    "true",
    "false",
    "null",
    "matches",
    "contains",
    "satisfies",
];

/// What a token is
#[derive(Clone, Debug, PartialEq)]
pub enum TokenKind {
    /// A name that is not reserved (or any word after `.`)
    Ident,
    /// A rule id after `rule`, `waive` or `expect`: `license/missing-file`
    RuleId,
    /// A reserved word
    Keyword(&'static str),
    /// `42`
    Int(i64),
    /// `0.9`
    Float(f64),
    /// `"…"`; the value is decoded later (templates need the raw text)
    Str,
    /// `/re/flags`: pattern and flags, as written
    Regex(String, String),
    /// `90d`: seconds
    Duration(i64),
    /// `5MB`: bytes
    Size(u64),
    /// `2027-03-01`
    Date(i16, i8, i8),
    /// Punctuation and operators
    Punct(&'static str),
}

/// A token and where it is
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// What it is
    pub kind: TokenKind,
    /// Where it is
    pub span: Span,
}

impl Token {
    /// Is this the keyword `kw`?
    pub fn is_keyword(&self, kw: &str) -> bool {
        matches!(self.kind, TokenKind::Keyword(k) if k == kw)
    }

    /// Is this the punctuation `p`?
    pub fn is_punct(&self, p: &str) -> bool {
        matches!(self.kind, TokenKind::Punct(q) if q == p)
    }

    /// Can this token end an operand? Decides whether a following `/` divides or starts a regex.
    pub fn ends_operand(&self) -> bool {
        match self.kind {
            TokenKind::Keyword(k) => matches!(k, "true" | "false" | "null"),
            TokenKind::Punct(p) => matches!(p, ")" | "]" | "}"),
            _ => true,
        }
    }
}

/// A comment, kept for `fmt`
#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    /// The text including the leading `#`
    pub text: String,
    /// Where it is
    pub span: Span,
    /// True for `##` documentation comments
    pub is_doc: bool,
}
