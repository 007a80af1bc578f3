//! A token slice as a nom input, so the parser can use nom's combinators.

use crate::diag::Diagnostic;
use crate::source::Span;
use crate::syntax::token::Token;
use nom::{Input, Needed};
use std::cell::RefCell;

/// The parser's input: the remaining tokens plus the file text for decoding literals
#[derive(Clone, Copy, Debug)]
pub struct Tokens<'a> {
    /// Remaining tokens
    pub toks: &'a [Token],
    /// The whole source text (token spans index into it, minus `base`)
    pub text: &'a str,
    /// Offset of `text` in its file (non-zero when parsing a template's slice)
    pub base: usize,
    /// Span used for "end of input"
    pub eof: Span,
    /// Errors the parser recovered from in place (a missing operand), so that it could
    /// build the rest of the tree and the checker could still look at it
    pub recovered: &'a RefCell<Vec<Diagnostic>>,
}

impl<'a> Tokens<'a> {
    /// The next token, if any
    pub fn peek(&self) -> Option<&'a Token> {
        self.toks.first()
    }

    /// The token after the next
    pub fn peek2(&self) -> Option<&'a Token> {
        self.toks.get(1)
    }

    /// The span of the next token, or end of input
    pub fn span(&self) -> Span {
        self.peek().map_or(self.eof, |t| t.span)
    }

    /// The source text of a span
    pub fn slice(&self, span: Span) -> &'a str {
        let (s, e) = (span.start as usize, span.end as usize);
        self.text.get(s.saturating_sub(self.base)..e.saturating_sub(self.base)).unwrap_or("")
    }

    /// Is the span the first thing on its line (only blanks before it)?
    pub fn starts_line(&self, span: Span) -> bool {
        let start = (span.start as usize).saturating_sub(self.base);
        let before = self.text.get(..start).unwrap_or("");
        let line = before.rsplit('\n').next().unwrap_or("");
        line.chars().all(|c| c == ' ' || c == '\t')
    }

    /// Skip `n` tokens
    #[must_use]
    pub fn skip(&self, n: usize) -> Self {
        self.take_from(n.min(self.toks.len()))
    }
}

impl<'a> Input for Tokens<'a> {
    type Item = &'a Token;
    type Iter = std::slice::Iter<'a, Token>;
    type IterIndices = std::iter::Enumerate<std::slice::Iter<'a, Token>>;

    fn input_len(&self) -> usize {
        self.toks.len()
    }

    fn take(&self, index: usize) -> Self {
        Tokens { toks: self.toks.get(..index).unwrap_or(self.toks), ..*self }
    }

    fn take_from(&self, index: usize) -> Self {
        Tokens { toks: self.toks.get(index..).unwrap_or(&[]), ..*self }
    }

    fn take_split(&self, index: usize) -> (Self, Self) {
        (self.take_from(index), self.take(index))
    }

    fn position<P>(&self, predicate: P) -> Option<usize>
    where
        P: Fn(Self::Item) -> bool,
    {
        self.toks.iter().position(predicate)
    }

    fn iter_elements(&self) -> Self::Iter {
        self.toks.iter()
    }

    fn iter_indices(&self) -> Self::IterIndices {
        self.toks.iter().enumerate()
    }

    fn slice_index(&self, count: usize) -> Result<usize, Needed> {
        if self.toks.len() >= count { Ok(count) } else { Err(Needed::new(count - self.toks.len())) }
    }
}
