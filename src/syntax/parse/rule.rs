//! Bodies of `rule`, `waive` and `test` items. Rule bodies recover at clause boundaries.

use super::error::{PError, PResult};
use super::expr::{expr, template};
use super::item::{last_span, rule_id};
use super::{Tokens, cut, describe, ident, keyword, punct, skip_until, string};
use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::diag::suggest;
use crate::source::Span;
use crate::syntax::ast::{Clause, ClauseKind, Expr, ExprKind, Ident, TestStmt};
use crate::syntax::token::{Token, TokenKind};

/// Clause keywords in canonical order
pub(crate) const CLAUSE_KEYWORDS: &[&str] = &[
    "severity", "tags", "when", "for", "where", "require", "forbid", "message", "help", "at", "fix",
];

/// A clause keyword, an item keyword or the `}` closing the rule
pub(super) fn is_clause_start(t: &Token) -> bool {
    CLAUSE_KEYWORDS.iter().any(|k| t.is_keyword(k)) || t.is_punct("}") || is_item_keyword(t)
}

fn is_item_keyword(t: &Token) -> bool {
    ["import", "param", "let", "rule", "waive", "test"].iter().any(|k| t.is_keyword(k))
}

/// A rule body that ends (at the next item, or the end of the file) before its `}`:
/// labelled at the `{` left open, which is where the reader must look
fn unclosed(i: Tokens<'_>, open: Option<Span>) -> PError {
    let mut d = Diagnostic::error(Code::SyntaxExpected, "expected `}` to close the rule");
    if let Some(open) = open {
        d = d.with_label(open, "this `{` is never closed");
    }
    d = if let Some(t) = i.peek() {
        d.with_label(
            t.span,
            format!("found {}: the next item starts here", super::describe_token(i, t)),
        )
    } else {
        let at = i.span();
        d.with_label(Span { start: at.start, end: at.start, ..at }, "the file ends here")
    };
    PError::custom(d.with_help("add `}` after the rule's last clause"))
}

/// `{ clause* }`: each broken clause is reported and skipped
pub(super) fn rule_body<'a>(
    i: Tokens<'a>,
    errors: &mut Vec<Diagnostic>,
) -> PResult<'a, Vec<Clause>> {
    let open = i.peek().map(|t| t.span);
    let (mut i, _) = cut(punct("{")(i))?;
    let mut clauses = Vec::new();
    loop {
        match i.peek() {
            Some(t) if t.is_punct("}") => return Ok((i.skip(1), clauses)),
            None => return Err(nom::Err::Failure(unclosed(i, open))),
            // An item keyword that starts a line starts the next item; one inside a line
            // (`require rule > 1`) is a misused reserved word, reported by its clause.
            Some(t) if is_item_keyword(t) && i.starts_line(t.span) => {
                return Err(nom::Err::Failure(unclosed(i, open)));
            }
            Some(_) => {}
        }
        match clause(i) {
            Ok((rest, c)) => {
                clauses.push(c);
                i = rest;
            }
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => {
                push_unless_explained(errors, describe(e, i), i.span());
                let rest = skip_until(i.skip(1), |t| {
                    is_clause_start(t) && (!is_item_keyword(t) || i.starts_line(t.span))
                });
                // A broken check is still a check, and a broken `for` still binds its
                // variable: keep placeholders so that the checker does not also report the
                // rule as having no check, or every use of the variable as unknown.
                if let Some(t) = i.peek() {
                    let placeholder = Expr { kind: ExprKind::Error, span: t.span };
                    let word = i.slice(t.span);
                    let meant = if t.kind == TokenKind::Ident {
                        suggest::did_you_mean(word, ["require", "forbid"])
                    } else {
                        None
                    };
                    if t.is_keyword("require") || meant == Some("require") {
                        clauses
                            .push(Clause { kind: ClauseKind::Require(placeholder), span: t.span });
                    } else if t.is_keyword("forbid") || meant == Some("forbid") {
                        clauses
                            .push(Clause { kind: ClauseKind::Forbid(placeholder), span: t.span });
                    } else if t.is_keyword("for")
                        && let Ok((_, var)) = ident(i.skip(1))
                    {
                        clauses
                            .push(Clause { kind: ClauseKind::For(var, placeholder), span: t.span });
                    }
                }
                i = rest;
            }
            Err(nom::Err::Incomplete(_)) => return Ok((i, clauses)),
        }
    }
}

/// Record a clause's parse error, unless a lexical error between `from` (the clause start)
/// and the error already explains it (an unclosed string swallows the `)` after it)
pub(super) fn push_unless_explained(
    errors: &mut Vec<Diagnostic>,
    d: Diagnostic,
    from: crate::source::Span,
) {
    let until = d.primary_span().map_or(from.start, |s| s.start);
    let explained = errors.iter().any(|e| {
        matches!(
            Code::parse(&e.code),
            Some(
                Code::SyntaxUnclosedString
                    | Code::SyntaxUnclosedRegex
                    | Code::SyntaxUnexpectedChar
                    | Code::SyntaxBadNumber
            )
        ) && e.primary_span().is_some_and(|s| s.start >= from.start && s.start <= until)
    });
    if !explained {
        errors.push(d);
    }
}

fn clause(i: Tokens<'_>) -> PResult<'_, Clause> {
    let Some(t) = i.peek() else { return Err(nom::Err::Error(PError::expected(i, "a clause"))) };
    let TokenKind::Keyword(kw) = t.kind else {
        let found = super::describe_token(i, t);
        let word = i.slice(t.span);
        let help = match suggest::did_you_mean(word, CLAUSE_KEYWORDS.iter().copied()) {
            Some(k) if t.kind == TokenKind::Ident => format!("did you mean `{k}`?"),
            _ if t.is_punct("=") => "to compare, write `==`".to_string(),
            _ => format!("clauses start with one of: {}", CLAUSE_KEYWORDS.join(", ")),
        };
        return Err(nom::Err::Failure(PError::custom(
            Diagnostic::error(Code::SyntaxExpected, format!("expected a clause, found {found}"))
                .with_label(t.span, "")
                .with_help(help),
        )));
    };
    let body = i.skip(1);
    let (rest, kind) = match kw {
        "severity" => {
            let (r, id) = cut(ident(body))?;
            (r, ClauseKind::Severity(id))
        }
        "tags" => map1(cut(expr(body)), ClauseKind::Tags)?,
        "when" => map1(cut(expr(body)), ClauseKind::When)?,
        "where" => map1(cut(expr(body)), ClauseKind::Where)?,
        "require" => map1(cut(expr(body)), ClauseKind::Require)?,
        "forbid" => map1(cut(expr(body)), ClauseKind::Forbid)?,
        "at" => map1(cut(expr(body)), ClauseKind::At)?,
        "message" => map1(cut(template(body)), ClauseKind::Message)?,
        "help" => map1(cut(template(body)), ClauseKind::Help)?,
        "for" => {
            let (r, var) = cut(ident(body))?;
            let (r, _) = cut(keyword("in")(r))?;
            let (r, coll) = cut(expr(r))?;
            (r, ClauseKind::For(var, coll))
        }
        "fix" => {
            let (r, action) = cut(ident(body))?;
            if action.name != "create" {
                return Err(nom::Err::Failure(PError::custom(
                    Diagnostic::error(
                        Code::SyntaxExpected,
                        format!("unknown fix action `{}`", action.name),
                    )
                    .with_label(action.span, "")
                    .with_help(
                        "the only fix action is `create`: `fix create \"PATH\" from \"TEMPLATE\"`",
                    ),
                )));
            }
            let (r, path) = cut(template(r))?;
            let (r, from) = match r.peek() {
                Some(t) if t.kind == TokenKind::Ident && r.slice(t.span) == "from" => {
                    cut(template(r.skip(1)))?
                }
                _ => {
                    return Err(nom::Err::Failure(PError::expected(
                        r,
                        "`from` and the file's content",
                    )));
                }
            };
            (r, ClauseKind::Fix { action, path, from })
        }
        _ => {
            let found = super::describe_token(i, t);
            return Err(nom::Err::Failure(PError::custom(
                Diagnostic::error(
                    Code::SyntaxExpected,
                    format!("expected a clause, found {found}"),
                )
                .with_label(t.span, "")
                .with_help(format!("clauses start with one of: {}", CLAUSE_KEYWORDS.join(", "))),
            )));
        }
    };
    let span = t.span.to(last_span(i, rest).unwrap_or(t.span));
    Ok((rest, Clause { kind, span }))
}

fn map1<T, U>(r: PResult<'_, T>, f: impl FnOnce(T) -> U) -> PResult<'_, U> {
    r.map(|(i, v)| (i, f(v)))
}

/// `{ (repos|paths|reason|owner|expires) EXPR … }`
pub(super) fn waive_body(i: Tokens<'_>) -> PResult<'_, Vec<(Ident, Expr)>> {
    let (mut i, _) = cut(punct("{")(i))?;
    let mut fields = Vec::new();
    loop {
        if let Ok((rest, _)) = punct("}")(i) {
            return Ok((rest, fields));
        }
        let (rest, name) = cut(ident(i)).map_err(|_| {
            nom::Err::Failure(PError::expected(
                i,
                "a waiver field (`repos`, `paths`, `reason`, `owner`, `expires`) or `}`",
            ))
        })?;
        let (rest, value) = cut(expr(rest))?;
        fields.push((name, value));
        i = rest;
    }
}

/// `{ fixture "…" | set NAME = EXPR | expect [no] ID [at "path"] … }`
pub(super) fn test_body(i: Tokens<'_>) -> PResult<'_, Vec<TestStmt>> {
    let (mut i, _) = cut(punct("{")(i))?;
    let mut stmts = Vec::new();
    loop {
        let Some(t) = i.peek() else {
            return Err(nom::Err::Failure(PError::expected(i, "`}` to close the test")));
        };
        let stmt_start = t.span;
        let (rest, stmt) = match t.kind {
            TokenKind::Punct("}") => return Ok((i.skip(1), stmts)),
            TokenKind::Keyword("fixture") => map1(cut(string(i.skip(1))), TestStmt::Fixture)?,
            TokenKind::Keyword("set") => {
                let (r, name) = cut(ident(i.skip(1)))?;
                let (r, _) = cut(punct("=")(r))?;
                let (r, value) = cut(expr(r))?;
                (r, TestStmt::Set(name, value))
            }
            TokenKind::Keyword("expect") => {
                let (r, negated) = match keyword("no")(i.skip(1)) {
                    Ok((r, _)) => (r, true),
                    Err(_) => (i.skip(1), false),
                };
                let (r, rule) = cut(rule_id(r))?;
                let (r, at) = match keyword("at")(r) {
                    Ok((r, _)) => {
                        let (r, s) = cut(string(r))?;
                        (r, Some(s))
                    }
                    Err(_) => (r, None),
                };
                let span = stmt_start.to(last_span(i, r).unwrap_or(stmt_start));
                (r, TestStmt::Expect { negated, rule, at, span })
            }
            _ => {
                return Err(nom::Err::Failure(PError::expected(
                    i,
                    "`fixture`, `set`, `expect` or `}`",
                )));
            }
        };
        stmts.push(stmt);
        i = rest;
    }
}
