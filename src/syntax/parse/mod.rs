//! The parser: tokens to a [`File`], recovering at item and clause boundaries.
//!
//! Items and clauses are nom parsers over [`Tokens`]. After a keyword commits to a
//! production, errors are `Failure`s (nom's `cut`) so they point at the culprit. The
//! item loop catches each failure, records it, and resyncs at the next item keyword, so one
//! run reports every syntax error in a file.

mod error;
mod expr;
mod input;
mod item;
mod rule;

pub use input::Tokens;

use super::ast::File;
use super::lex::lex;
use super::token::{Token, TokenKind};
use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::source::{SourceId, Span};
use error::{PError, PResult};
use nom::Input;
use std::cell::RefCell;

/// Parse one policy file, returning the tree and every syntax error found
pub fn parse_file(text: &str, source: SourceId) -> (File, Vec<Diagnostic>) {
    let lexed = lex(text, source, 0);
    let mut errors = lexed.errors;
    let eof = Span::new(source, text.len(), text.len());
    let recovered = RefCell::new(Vec::new());
    let input = Tokens { toks: &lexed.tokens, text, base: 0, eof, recovered: &recovered };
    let (version, items) = item::parse_items(input, &lexed.comments, &mut errors);
    errors.extend(recovered.take());
    errors.sort_by_key(|d| d.primary_span().map(|s| s.start));
    (File { source, version, items, comments: lexed.comments }, errors)
}

/// Parse a standalone expression (used by `--set` values and tests)
pub fn parse_expr(text: &str, source: SourceId) -> Result<super::ast::Expr, Vec<Diagnostic>> {
    let lexed = lex(text, source, 0);
    if !lexed.errors.is_empty() {
        return Err(lexed.errors);
    }
    let eof = Span::new(source, text.len(), text.len());
    let recovered = RefCell::new(Vec::new());
    let input = Tokens { toks: &lexed.tokens, text, base: 0, eof, recovered: &recovered };
    match expr::expr(input) {
        Ok(_) if !recovered.borrow().is_empty() => Err(recovered.take()),
        Ok((rest, e)) if rest.toks.is_empty() => Ok(e),
        Ok((rest, _)) => Err(vec![describe(PError::expected(rest, "end of expression"), rest)]),
        Err(nom::Err::Error(e) | nom::Err::Failure(e)) => Err(vec![describe(e, input)]),
        Err(nom::Err::Incomplete(_)) => {
            Err(vec![describe(PError::expected(input, "an expression"), input)])
        }
    }
}

/// Turn a parse error into a diagnostic, describing the token it points at
fn describe(e: PError, i: Tokens<'_>) -> Diagnostic {
    let found =
        find_token(i, e.span).map_or_else(|| "end of input".to_string(), |t| describe_token(i, t));
    e.into_diagnostic(&found)
}

fn find_token(i: Tokens<'_>, span: Span) -> Option<&Token> {
    // Errors point at tokens at or after `i`; search the whole remaining slice.
    i.toks.iter().find(|t| t.span.start == span.start)
}

/// "`foo`", "keyword `rule`", "end of input"
fn describe_token(i: Tokens<'_>, t: &Token) -> String {
    let text = i.slice(t.span);
    match t.kind {
        TokenKind::Keyword(k) => format!("keyword `{k}`"),
        TokenKind::Str => "a string".to_string(),
        _ => format!("`{text}`"),
    }
}

// ---- primitives shared by the item, rule and expression parsers ----

/// The next token if it is keyword `kw`
fn keyword<'a>(kw: &'static str) -> impl Fn(Tokens<'a>) -> PResult<'a, &'a Token> {
    move |i: Tokens<'a>| match i.peek() {
        Some(t) if t.is_keyword(kw) => Ok((i.skip(1), t)),
        _ => Err(nom::Err::Error(PError::expected(i, format!("`{kw}`")))),
    }
}

/// The next token if it is punctuation `p`
fn punct<'a>(p: &'static str) -> impl Fn(Tokens<'a>) -> PResult<'a, &'a Token> {
    move |i: Tokens<'a>| match i.peek() {
        Some(t) if t.is_punct(p) => Ok((i.skip(1), t)),
        _ => Err(nom::Err::Error(PError::expected(i, format!("`{p}`")))),
    }
}

/// An identifier
fn ident(i: Tokens<'_>) -> PResult<'_, super::ast::Ident> {
    match i.peek() {
        Some(t) if t.kind == TokenKind::Ident => {
            Ok((i.skip(1), super::ast::Ident { name: i.slice(t.span).to_string(), span: t.span }))
        }
        Some(t) if matches!(t.kind, TokenKind::Keyword(_)) => {
            let e = PError::custom(
                Diagnostic::error(
                    Code::SyntaxExpected,
                    format!("expected a name, found keyword `{}`", i.slice(t.span)),
                )
                .with_label(t.span, "reserved word")
                .with_help("pick another name; reserved words are listed in docs/language.md"),
            );
            Err(nom::Err::Error(e))
        }
        _ => Err(nom::Err::Error(PError::expected(i, "a name"))),
    }
}

/// A string literal, decoded
fn string(i: Tokens<'_>) -> PResult<'_, super::ast::StrLit> {
    match i.peek() {
        Some(t) if t.kind == TokenKind::Str => {
            let raw = i.slice(t.span);
            let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or("");
            let value = decode_escapes(inner, t.span.start as usize + 1, t.span.source)
                .map_err(|d| nom::Err::Failure(PError::custom(d)))?;
            Ok((i.skip(1), super::ast::StrLit { value, span: t.span }))
        }
        _ => Err(nom::Err::Error(PError::expected(i, "a string"))),
    }
}

/// Decode `\" \\ \n \t \u{…}` escapes; `offset` is where `raw` starts in its file
fn decode_escapes(raw: &str, offset: usize, source: SourceId) -> Result<String, Diagnostic> {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let bad = |len: usize| {
            Diagnostic::error(Code::SyntaxBadEscape, "unknown escape sequence")
                .with_label(Span::new(source, offset + i, offset + i + len), "")
                .with_help("the escapes are `\\\"`, `\\\\`, `\\n`, `\\t` and `\\u{…}`")
        };
        match chars.next() {
            Some((_, '"')) => out.push('"'),
            Some((_, '\\')) => out.push('\\'),
            Some((_, 'n')) => out.push('\n'),
            Some((_, 't')) => out.push('\t'),
            Some((_, 'u')) => {
                let rest = raw.get(i + 2..).unwrap_or("");
                let end = rest.find('}').filter(|_| rest.starts_with('{')).ok_or_else(|| bad(2))?;
                let hex = rest.get(1..end).unwrap_or("");
                let c = u32::from_str_radix(hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| bad(end + 3))?;
                out.push(c);
                for _ in 0..=end {
                    chars.next();
                }
            }
            Some((_, c)) => return Err(bad(1 + c.len_utf8())),
            None => return Err(bad(1)),
        }
    }
    Ok(out)
}

/// Turn a recoverable `Error` into a `Failure` (nom's `cut`), keeping the message
fn cut<T>(r: PResult<'_, T>) -> PResult<'_, T> {
    r.map_err(|e| match e {
        nom::Err::Error(e) => nom::Err::Failure(e),
        other => other,
    })
}

/// Skip tokens until `stop` holds at bracket depth zero; returns the rest (at the stop token)
fn skip_until(i: Tokens<'_>, stop: impl Fn(&Token) -> bool) -> Tokens<'_> {
    // Brackets opened while skipping; a stop token inside them is skipped too, except that
    // reserved words other than `for` (which comprehensions use) never occur inside an
    // expression, and a closer that matches no opener (the `}` of a rule after an unclosed
    // `(`) ends the skip: an unbalanced bracket must not swallow the rest of the file.
    let mut open: Vec<&str> = Vec::new();
    let mut n = 0;
    for t in i.toks {
        let hard = matches!(t.kind, TokenKind::Keyword(k) if k != "for");
        if stop(t) && (open.is_empty() || hard) {
            break;
        }
        match t.kind {
            TokenKind::Punct(p @ ("(" | "[" | "{")) => open.push(p),
            TokenKind::Punct(p @ (")" | "]" | "}")) => {
                let opener = match p {
                    ")" => "(",
                    "]" => "[",
                    _ => "{",
                };
                if open.last() == Some(&opener) {
                    open.pop();
                } else if stop(t) {
                    break;
                }
            }
            _ => {}
        }
        n += 1;
    }
    i.take_from(n)
}
