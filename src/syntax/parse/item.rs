//! Top-level items: `tenet 1`, `import`, `param`, `let`, `rule`, `waive`, `test`.

use super::error::{PError, PResult};
use super::expr::expr;
use super::rule::{rule_body, test_body, waive_body};
use super::{Tokens, cut, describe, ident, keyword, punct, skip_until, string};
use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::source::Span;
use crate::syntax::ast::{Import, Item, ItemKind, Let, Param, Rule, RuleId, Test, TypeExpr, Waive};
use crate::syntax::token::{Comment, Token, TokenKind};

const ITEM_KEYWORDS: &[&str] = &["import", "param", "let", "rule", "waive", "test", "tenet"];

fn is_item_start(t: &Token) -> bool {
    ITEM_KEYWORDS.iter().any(|k| t.is_keyword(k))
}

/// Parse every item, recording errors and resyncing at the next item keyword
pub(super) fn parse_items(
    mut i: Tokens<'_>,
    comments: &[Comment],
    errors: &mut Vec<Diagnostic>,
) -> (Option<(u32, Span)>, Vec<Item>) {
    let version = match version(i) {
        Ok((rest, v)) => {
            i = rest;
            Some(v)
        }
        Err(nom::Err::Failure(e)) => {
            errors.push(describe(e, i));
            i = skip_until(i.skip(1), is_item_start);
            None
        }
        Err(_) => {
            let at = i.peek().map_or(i.eof, |t| t.span);
            errors.push(
                Diagnostic::error(
                    Code::SyntaxMissingVersion,
                    "the file does not start with `tenet 1`",
                )
                .with_label(Span { end: at.start, ..at }, "")
                .with_help("add `tenet 1` as the first line"),
            );
            None
        }
    };
    let mut items = Vec::new();
    while let Some(t) = i.peek() {
        if !is_item_start(t) {
            let found = super::describe_token(i, t);
            errors.push(
                Diagnostic::error(Code::SyntaxExpected, format!("expected an item, found {found}"))
                    .with_label(t.span, "")
                    .with_help(
                        "items start with `import`, `param`, `let`, `rule`, `waive` or `test`",
                    ),
            );
            i = skip_until(i.skip(1), is_item_start);
            continue;
        }
        match item(i, comments, errors) {
            Ok((rest, it)) => {
                items.push(it);
                i = rest;
            }
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => {
                errors.push(describe(e, i));
                // `let rule = 5`: the reserved word is the mistake, not the next item.
                let named_by_keyword = (t.is_keyword("let") || t.is_keyword("param"))
                    && i.skip(1).peek().is_some_and(|n| matches!(n.kind, TokenKind::Keyword(_)));
                let rest = skip_until(i.skip(if named_by_keyword { 2 } else { 1 }), is_item_start);
                // A broken `let` still declares its name, so that its uses are not also
                // reported as unknown.
                if t.is_keyword("let")
                    && let Ok((after, name)) = ident(i.skip(1))
                    && after.peek().is_some_and(|t| t.is_punct("="))
                {
                    let span = t.span.to(last_span(i, rest).unwrap_or(name.span));
                    let value = crate::syntax::ast::Expr {
                        kind: crate::syntax::ast::ExprKind::Error,
                        span,
                    };
                    items.push(Item { kind: ItemKind::Let(Let { name, value }), span });
                }
                i = rest;
            }
            Err(nom::Err::Incomplete(_)) => break,
        }
    }
    (version, items)
}

fn version(i: Tokens<'_>) -> PResult<'_, (u32, Span)> {
    let (i, kw) = keyword("tenet")(i)?;
    match i.peek() {
        Some(t @ Token { kind: TokenKind::Int(n), .. }) => {
            if *n != 1 {
                return Err(nom::Err::Failure(PError::custom(
                    Diagnostic::error(
                        Code::SyntaxUnsupportedVersion,
                        format!("unsupported language version `{n}`"),
                    )
                    .with_label(t.span, "this tenet understands version 1")
                    .with_help("write `tenet 1`"),
                )));
            }
            Ok((i.skip(1), (1, kw.span.to(t.span))))
        }
        _ => Err(nom::Err::Failure(PError::expected(i, "the language version, as in `tenet 1`"))),
    }
}

fn item<'a>(
    i: Tokens<'a>,
    comments: &[Comment],
    errors: &mut Vec<Diagnostic>,
) -> PResult<'a, Item> {
    let start = i.span();
    let (rest, kind) = match i.peek().map(|t| &t.kind) {
        Some(TokenKind::Keyword("import")) => import(i.skip(1))?,
        Some(TokenKind::Keyword("param")) => param(i.skip(1))?,
        Some(TokenKind::Keyword("let")) => let_item(i.skip(1))?,
        Some(TokenKind::Keyword("rule")) => {
            let (r, id) = cut(rule_id(i.skip(1)))?;
            let (r, clauses) = rule_body(r, errors)?;
            let docs = doc_lines(comments, start, i.text, i.base);
            (r, ItemKind::Rule(Rule { id, docs, clauses }))
        }
        Some(TokenKind::Keyword("waive")) => {
            let (r, rule) = cut(rule_id(i.skip(1)))?;
            let (r, fields) = waive_body(r)?;
            (r, ItemKind::Waive(Waive { rule, fields }))
        }
        Some(TokenKind::Keyword("test")) => {
            let (r, name) = cut(string(i.skip(1)))?;
            let (r, stmts) = test_body(r)?;
            (r, ItemKind::Test(Test { name, stmts }))
        }
        Some(TokenKind::Keyword("tenet")) => {
            return Err(nom::Err::Failure(PError::custom(
                Diagnostic::error(
                    Code::SyntaxExpected,
                    "the language version may only appear once, first",
                )
                .with_label(start, "")
                .with_help("remove this line"),
            )));
        }
        _ => return Err(nom::Err::Error(PError::expected(i, "an item"))),
    };
    let end = last_span(i, rest).unwrap_or(start);
    Ok((rest, Item { kind, span: start.to(end) }))
}

/// The span of the last token consumed between `before` and `after`
pub(super) fn last_span(before: Tokens<'_>, after: Tokens<'_>) -> Option<Span> {
    let used = before.toks.len() - after.toks.len();
    used.checked_sub(1).and_then(|n| before.toks.get(n)).map(|t| t.span)
}

/// A rule id token (lexed whole after `rule`, `waive`, `expect`)
pub(super) fn rule_id(i: Tokens<'_>) -> PResult<'_, RuleId> {
    match i.peek() {
        Some(t) if t.kind == TokenKind::RuleId => {
            Ok((i.skip(1), RuleId { id: i.slice(t.span).to_string(), span: t.span }))
        }
        _ => Err(nom::Err::Error(PError::expected(i, "a rule id such as `license/missing-file`"))),
    }
}

fn import(i: Tokens<'_>) -> PResult<'_, ItemKind> {
    let (i, path) = cut(string(i))?;
    let (i, with) = match keyword("with")(i) {
        Ok((i, _)) => {
            let (i, _) = cut(punct("{")(i))?;
            let (i, fields) = map_fields(i)?;
            (i, fields)
        }
        Err(_) => (i, Vec::new()),
    };
    Ok((i, ItemKind::Import(Import { path, with })))
}

/// `name: expr, …}` after a `{`
pub(super) fn map_fields(
    mut i: Tokens<'_>,
) -> PResult<'_, Vec<(crate::syntax::ast::Ident, crate::syntax::ast::Expr)>> {
    let mut fields = Vec::new();
    loop {
        if let Ok((rest, _)) = punct("}")(i) {
            return Ok((rest, fields));
        }
        let (rest, name) = cut(ident(i))?;
        let (rest, _) = cut(punct(":")(rest))?;
        let (rest, value) = cut(expr(rest))?;
        fields.push((name, value));
        let Ok((after_comma, _)) = punct(",")(rest) else {
            let (rest, _) = cut(punct("}")(rest))?;
            return Ok((rest, fields));
        };
        i = after_comma;
    }
}

fn param(i: Tokens<'_>) -> PResult<'_, ItemKind> {
    let (i, name) = cut(ident(i))?;
    let (i, _) = cut(punct(":")(i))?;
    let (i, ty) = cut(type_expr(i))?;
    let (i, default) = match punct("=")(i) {
        Ok((i, _)) => {
            let (i, e) = cut(expr(i))?;
            (i, Some(e))
        }
        Err(_) => (i, None),
    };
    Ok((i, ItemKind::Param(Param { name, ty, default })))
}

/// How deeply types may nest (`list<list<…>>`); deeper input is `syntax::too_deep`
const MAX_TYPE_DEPTH: usize = 16;

/// `bool`, `list<string>`, `int?`
pub(super) fn type_expr(start: Tokens<'_>) -> PResult<'_, TypeExpr> {
    nested_type(start, 0)
}

fn nested_type(start: Tokens<'_>, depth: usize) -> PResult<'_, TypeExpr> {
    let (i, name) = ident(start)?;
    let (i, args) = match punct("<")(i) {
        Ok(_) if depth >= MAX_TYPE_DEPTH => {
            return Err(nom::Err::Failure(PError::custom(
                Diagnostic::error(Code::SyntaxTooDeep, "type nested too deeply")
                    .with_label(name.span, format!("more than {MAX_TYPE_DEPTH} levels of `<…>`"))
                    .with_help("no value of tenet nests that deeply: use `any` for the inner part"),
            )));
        }
        Ok((i, _)) => {
            let (i, arg) = cut(nested_type(i, depth + 1))?;
            let (i, _) = cut(punct(">")(i))?;
            (i, vec![arg])
        }
        Err(_) => (i, Vec::new()),
    };
    let (i, optional) = match punct("?")(i) {
        Ok((i, _)) => (i, true),
        Err(_) => (i, false),
    };
    let span = name.span.to(last_span(start, i).unwrap_or(name.span));
    Ok((i, TypeExpr { name, args, optional, span }))
}

fn let_item(i: Tokens<'_>) -> PResult<'_, ItemKind> {
    let (i, name) = cut(ident(i))?;
    let (i, _) = cut(punct("=")(i))?;
    let (i, value) = cut(expr(i))?;
    Ok((i, ItemKind::Let(Let { name, value })))
}

/// The `##` lines directly above `start`: contiguous, and nothing but whitespace between
fn doc_lines(comments: &[Comment], start: Span, text: &str, base: usize) -> Vec<String> {
    let mut docs = Vec::new();
    let mut next = start.start as usize;
    for c in comments.iter().rev() {
        if (c.span.end as usize) > next {
            continue;
        }
        let gap = text.get(c.span.end as usize - base..next - base).unwrap_or("x");
        if !c.is_doc || !gap.trim().is_empty() || gap.matches('\n').count() > 1 {
            break;
        }
        docs.push(
            c.text
                .trim_start_matches("##")
                .strip_prefix(' ')
                .unwrap_or(c.text.trim_start_matches("##"))
                .to_string(),
        );
        next = c.span.start as usize;
    }
    docs.reverse();
    docs
}
