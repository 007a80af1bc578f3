//! Expressions by precedence climbing (SPEC §2.3), and `message`/`help`/`fix` templates.

use super::error::{PError, PResult};
use super::item::last_span;
use super::{Tokens, cut, decode_escapes, ident, keyword, punct};
use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::source::Span;
use crate::syntax::ast::{
    Arg, BinOp, Expr, ExprKind, Ident, Lit, Quantifier, Template, TemplatePart,
};
use crate::syntax::lex::lex;
use crate::syntax::token::{Token, TokenKind};

/// A whole expression (loosest level: `or`)
pub(crate) fn expr(i: Tokens<'_>) -> PResult<'_, Expr> {
    let _guard = Depth::enter(i)?;
    binary(i, 1)
}

/// How tall an expression tree may grow; taller input is an error, not a stack overflow.
/// Every later phase (checker, compiler, formatter, evaluator) recurses once per level.
const MAX_DEPTH: u32 = 200;

thread_local! {
    /// Levels of nesting the parser is inside (parentheses, `not`, unary `-`, arguments)
    static DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    /// Highest level reached by the tree being built in the innermost [`Height`] scope. Loops
    /// in `binary` and `postfix` add one level per operator or `.field` on top of their first
    /// operand, which is already built when they start, so nesting alone does not bound them.
    static HEIGHT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

fn too_deep(at: Span, label: String) -> nom::Err<PError> {
    nom::Err::Failure(PError::custom(
        Diagnostic::error(Code::SyntaxTooDeep, "expression nested too deeply")
            .with_label(at, label)
            .with_help("split the expression with `let`s"),
    ))
}

/// One level of expression nesting, released on drop
struct Depth;

impl Depth {
    fn enter(i: Tokens<'_>) -> Result<Depth, nom::Err<PError>> {
        let depth = DEPTH.with(|d| {
            d.set(d.get() + 1);
            d.get()
        });
        let guard = Depth;
        if depth > MAX_DEPTH {
            return Err(too_deep(
                i.span(),
                format!("more than {MAX_DEPTH} levels of nesting here"),
            ));
        }
        HEIGHT.with(|h| h.set(h.get().max(depth)));
        Ok(guard)
    }
}

impl Drop for Depth {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// Measures the height of the subtree built while it lives, starting from the current
/// nesting, and hands the result on to the enclosing scope on drop. Siblings (two arguments,
/// two list items) are measured in scopes of their own, so only the tallest one counts.
struct Height {
    outer: u32,
}

impl Height {
    fn start() -> Height {
        let depth = DEPTH.with(std::cell::Cell::get);
        Height { outer: HEIGHT.with(|h| h.replace(depth)) }
    }

    /// The tree grew one level above everything built so far in this scope
    #[expect(
        clippy::unused_self,
        reason = "a method on the guard, so that growth is only ever counted inside a scope"
    )]
    fn grow(&self, at: Span) -> Result<(), nom::Err<PError>> {
        let height = HEIGHT.with(|h| {
            h.set(h.get() + 1);
            h.get()
        });
        if height > MAX_DEPTH {
            return Err(too_deep(
                at,
                format!("the expression is more than {MAX_DEPTH} levels deep here"),
            ));
        }
        Ok(())
    }
}

impl Drop for Height {
    fn drop(&mut self) {
        HEIGHT.with(|h| h.set(h.get().max(self.outer)));
    }
}

fn bin_op(t: &Token) -> Option<BinOp> {
    Some(match &t.kind {
        TokenKind::Keyword("or") => BinOp::Or,
        TokenKind::Keyword("and") => BinOp::And,
        TokenKind::Keyword("in") => BinOp::In,
        TokenKind::Keyword("matches") => BinOp::Matches,
        TokenKind::Keyword("contains") => BinOp::Contains,
        TokenKind::Keyword("satisfies") => BinOp::Satisfies,
        TokenKind::Punct(p) => match *p {
            "==" => BinOp::Eq,
            "!=" => BinOp::Ne,
            "<" => BinOp::Lt,
            "<=" => BinOp::Le,
            ">" => BinOp::Gt,
            ">=" => BinOp::Ge,
            "+" => BinOp::Add,
            "-" => BinOp::Sub,
            "*" => BinOp::Mul,
            "/" => BinOp::Div,
            "%" => BinOp::Rem,
            _ => return None,
        },
        _ => return None,
    })
}

/// Operators binding at least as tight as `min`; `not` sits at level 3
fn binary(i: Tokens<'_>, min: u8) -> PResult<'_, Expr> {
    let height = Height::start();
    let (mut i, mut lhs) = if min <= 3 { not_expr(i)? } else { unary(i)? };
    let mut last_cmp: Option<Span> = None;
    while let Some((op, tok)) = i.peek().and_then(|t| bin_op(t).map(|op| (op, t))) {
        let prec = op.precedence();
        if prec < min {
            break;
        }
        if prec == 4 {
            if let Some(first) = last_cmp {
                return Err(nom::Err::Failure(PError::custom(
                    Diagnostic::error(
                        Code::SyntaxChainedComparison,
                        "comparison operators cannot be chained",
                    )
                    .with_label(tok.span, "second comparison")
                    .with_label(first, "first comparison")
                    .with_help("combine two comparisons with `and`: `a < b and b < c`"),
                )));
            }
            last_cmp = Some(tok.span);
        }
        let after_op = i.skip(1);
        let (rest, rhs) = match cut(binary(after_op, prec + 1)) {
            Ok(parsed) => parsed,
            Err(e) => {
                let e = missing_operand(e, after_op, tok, op);
                // `a and` before the next clause: report it, and keep `a` for the checker
                // so the rest of the clause still gets its name and type errors
                match e {
                    nom::Err::Failure(pe) if ends_clause(after_op) => {
                        let found = after_op.peek().map_or_else(
                            || "end of input".to_string(),
                            |t| super::describe_token(after_op, t),
                        );
                        after_op.recovered.borrow_mut().push(pe.into_diagnostic(&found));
                        (after_op, Expr { kind: ExprKind::Error, span: tok.span })
                    }
                    e => return Err(e),
                }
            }
        };
        height.grow(tok.span)?;
        let span = lhs.span.to(rhs.span);
        lhs = Expr { kind: ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)), span };
        i = rest;
    }
    // `=` never follows an operand: it is a comparison written the way other languages do.
    if let Some(t) = i.peek().filter(|t| t.is_punct("=")) {
        return Err(nom::Err::Failure(PError::custom(
            Diagnostic::error(Code::SyntaxExpected, "`=` is not a comparison operator")
                .with_label(t.span, "")
                .with_help("write `==` to compare two values"),
        )));
    }
    Ok((i, lhs))
}

/// Does the input stop here, at the end of the clause, item or bracket an operand
/// was missing from? Only then can the parser carry on as if the operand were there.
fn ends_clause(i: Tokens<'_>) -> bool {
    i.peek().is_none_or(|t| {
        super::rule::is_clause_start(t) || [")", "]", ","].iter().any(|p| t.is_punct(p))
    })
}

/// Point "expected an expression" right after the operator that lacks its right side
fn missing_operand(
    e: nom::Err<PError>,
    at: Tokens<'_>,
    op_tok: &Token,
    op: BinOp,
) -> nom::Err<PError> {
    match e {
        nom::Err::Failure(pe) if pe.custom.is_none() && pe.span == at.span() => {
            let found = at
                .peek()
                .map_or_else(|| "end of input".to_string(), |t| super::describe_token(at, t));
            nom::Err::Failure(PError::custom(
                Diagnostic::error(
                    Code::SyntaxExpected,
                    format!("missing operand after `{}`", op.as_str()),
                )
                .with_label(at.span(), format!("expected an expression, found {found}"))
                .with_label(op_tok.span, "this operator needs a right-hand side"),
            ))
        }
        other => other,
    }
}

fn not_expr(i: Tokens<'_>) -> PResult<'_, Expr> {
    let _guard = Depth::enter(i)?;
    match keyword("not")(i) {
        Ok((rest, t)) => {
            let (rest, inner) = cut(not_expr(rest))?;
            let span = t.span.to(inner.span);
            Ok((rest, Expr { kind: ExprKind::Not(Box::new(inner)), span }))
        }
        Err(_) => binary(i, 4),
    }
}

fn unary(i: Tokens<'_>) -> PResult<'_, Expr> {
    let _guard = Depth::enter(i)?;
    match punct("-")(i) {
        Ok((rest, t)) => {
            let (rest, inner) = cut(unary(rest))?;
            let span = t.span.to(inner.span);
            Ok((rest, Expr { kind: ExprKind::Neg(Box::new(inner)), span }))
        }
        Err(_) => postfix(i),
    }
}

fn postfix(i: Tokens<'_>) -> PResult<'_, Expr> {
    let height = Height::start();
    let (mut i, mut e) = primary(i)?;
    loop {
        if let Ok((rest, dot)) = punct(".")(i) {
            let (rest, name) = cut(field_name(rest))?;
            if let Ok((rest2, open)) = punct("(")(rest) {
                let (rest2, args) = args(rest2, open.span)?;
                height.grow(dot.span)?;
                let span = e.span.to(last_span(i, rest2).unwrap_or(name.span));
                e = Expr { kind: ExprKind::Method(Box::new(e), name, args), span };
                i = rest2;
            } else {
                height.grow(dot.span)?;
                let span = e.span.to(name.span);
                e = Expr { kind: ExprKind::Field(Box::new(e), name), span };
                i = rest;
            }
        } else if let Ok((rest, open)) = punct("[")(i) {
            let (rest, index) = cut(expr(rest))?;
            let (rest, close) = cut(punct("]")(rest))?;
            height.grow(open.span)?;
            let span = e.span.to(close.span);
            e = Expr { kind: ExprKind::Index(Box::new(e), Box::new(index)), span };
            i = rest;
        } else {
            return Ok((i, e));
        }
    }
}

/// Any word after `.` is a field name, keywords included (`f.in`)
fn field_name(i: Tokens<'_>) -> PResult<'_, Ident> {
    match i.peek() {
        Some(t) if matches!(t.kind, TokenKind::Ident | TokenKind::Keyword(_)) => {
            Ok((i.skip(1), Ident { name: i.slice(t.span).to_string(), span: t.span }))
        }
        _ => Err(nom::Err::Error(PError::expected(i, "a field name"))),
    }
}

/// `(args)` after the `(`
fn args(mut i: Tokens<'_>, open: Span) -> PResult<'_, Vec<Arg>> {
    let mut out = Vec::new();
    loop {
        if let Ok((rest, _)) = punct(")")(i) {
            return Ok((rest, out));
        }
        let named = matches!(i.peek().map(|t| &t.kind), Some(TokenKind::Ident))
            && i.peek2().is_some_and(|t| t.is_punct(":"));
        let (rest, name) = if named {
            let (rest, name) = ident(i)?;
            (rest.skip(1), Some(name))
        } else {
            (i, None)
        };
        let (rest, value) = cut(expr(rest))?;
        out.push(Arg { name, value });
        i = match punct(",")(rest) {
            Ok((rest, _)) => rest,
            Err(_) => {
                return cut(punct(")")(rest))
                    .map(|(r, _)| (r, out))
                    .map_err(|_| unclosed(rest, open, "`,` or `)`"));
            }
        };
    }
}

/// "expected `)`" at `at`, also labelling the bracket at `open` that is still open
fn unclosed(at: Tokens<'_>, open: Span, expected: &str) -> nom::Err<PError> {
    let label = at.peek().map_or_else(
        || "the file ends here".to_string(),
        |t| format!("found {}", super::describe_token(at, t)),
    );
    let bracket = at.slice(open).to_string();
    nom::Err::Failure(PError::custom(
        Diagnostic::error(Code::SyntaxExpected, format!("expected {expected}"))
            .with_label(at.span(), label)
            .with_label(open, format!("this `{bracket}` is not closed")),
    ))
}

fn primary(i: Tokens<'_>) -> PResult<'_, Expr> {
    let Some(t) = i.peek() else {
        return Err(nom::Err::Error(PError::expected(i, "an expression")));
    };
    let lit = |l: Lit| Ok((i.skip(1), Expr { kind: ExprKind::Lit(l), span: t.span }));
    match &t.kind {
        TokenKind::Int(n) => lit(Lit::Int(*n)),
        TokenKind::Float(f) => lit(Lit::Float(*f)),
        TokenKind::Duration(d) => lit(Lit::Duration(*d)),
        TokenKind::Size(s) => lit(Lit::Size(*s)),
        TokenKind::Date(year, month, day) => lit(Lit::Date(*year, *month, *day)),
        TokenKind::Regex(p, f) => lit(Lit::Regex(p.clone(), f.clone())),
        TokenKind::Keyword("true") => lit(Lit::Bool(true)),
        TokenKind::Keyword("false") => lit(Lit::Bool(false)),
        TokenKind::Keyword("null") => lit(Lit::Null),
        TokenKind::Str => {
            let (rest, s) = super::string(i)?;
            Ok((rest, Expr { kind: ExprKind::Lit(Lit::Str(s.value)), span: s.span }))
        }
        TokenKind::Ident => {
            let (rest, name) = ident(i)?;
            if let Ok((rest, open)) = punct("(")(rest) {
                let (rest, args) = args(rest, open.span)?;
                let span = name.span.to(last_span(i, rest).unwrap_or(name.span));
                return Ok((rest, Expr { kind: ExprKind::Call(name, args), span }));
            }
            Ok((rest, Expr { kind: ExprKind::Name(name.name), span: name.span }))
        }
        TokenKind::Keyword(q @ ("all" | "any" | "none")) => quantifier(i, q),
        TokenKind::Keyword("count") => count(i),
        TokenKind::Punct("(") => {
            let (rest, inner) = cut(expr(i.skip(1)))?;
            let (rest, close) = cut(punct(")")(rest)).map_err(|_| unclosed(rest, t.span, "`)`"))?;
            Ok((rest, Expr { kind: ExprKind::Paren(Box::new(inner)), span: t.span.to(close.span) }))
        }
        TokenKind::Punct("[") => list(i),
        TokenKind::Punct("{") => {
            let (rest, fields) = super::item::map_fields(i.skip(1))?;
            let span = t.span.to(last_span(i, rest).unwrap_or(t.span));
            Ok((rest, Expr { kind: ExprKind::Map(fields), span }))
        }
        _ => Err(nom::Err::Error(PError::expected(i, "an expression"))),
    }
}

fn quantifier<'a>(i: Tokens<'a>, q: &str) -> PResult<'a, Expr> {
    let start = i.span();
    let kind = match q {
        "all" => Quantifier::All,
        "any" => Quantifier::Any,
        _ => Quantifier::None,
    };
    let (r, var) = cut(ident(i.skip(1)))?;
    let (r, _) = cut(keyword("in")(r))?;
    let (r, coll) = cut(binary(r, 5))?;
    let (r, _) = cut(punct(":")(r))?;
    let (r, cond) = cut(expr(r))?;
    let span = start.to(cond.span);
    Ok((r, Expr { kind: ExprKind::Quant(kind, var, Box::new(coll), Box::new(cond)), span }))
}

fn count(i: Tokens<'_>) -> PResult<'_, Expr> {
    let start = i.span();
    let (r, _) = cut(punct("(")(i.skip(1)))?;
    let (r, var) = cut(ident(r))?;
    let (r, _) = cut(keyword("in")(r))?;
    let (r, coll) = cut(binary(r, 5))?;
    let (r, _) = cut(punct(":")(r))?;
    let (r, cond) = cut(expr(r))?;
    let (r, close) = cut(punct(")")(r))?;
    Ok((
        r,
        Expr {
            kind: ExprKind::Count(var, Box::new(coll), Box::new(cond)),
            span: start.to(close.span),
        },
    ))
}

/// `[a, b]` or `[e for x in xs if cond]`
fn list(i: Tokens<'_>) -> PResult<'_, Expr> {
    let start = i.span();
    let mut r = i.skip(1);
    let mut items = Vec::new();
    loop {
        if let Ok((rest, close)) = punct("]")(r) {
            return Ok((rest, Expr { kind: ExprKind::List(items), span: start.to(close.span) }));
        }
        let (rest, e) = cut(expr(r))?;
        if items.is_empty() && keyword("for")(rest).is_ok() {
            return comprehension(rest.skip(1), e, start);
        }
        items.push(e);
        let Ok((after_comma, _)) = punct(",")(rest) else {
            let (rest, close) =
                cut(punct("]")(rest)).map_err(|_| unclosed(rest, start, "`,` or `]`"))?;
            return Ok((rest, Expr { kind: ExprKind::List(items), span: start.to(close.span) }));
        };
        r = after_comma;
    }
}

fn comprehension(i: Tokens<'_>, elem: Expr, start: Span) -> PResult<'_, Expr> {
    let (r, var) = cut(ident(i))?;
    let (r, _) = cut(keyword("in")(r))?;
    let (r, coll) = cut(expr(r))?;
    let (r, cond) = match keyword("if")(r) {
        Ok((r, _)) => {
            let (r, c) = cut(expr(r))?;
            (r, Some(Box::new(c)))
        }
        Err(_) => (r, None),
    };
    let (r, close) = cut(punct("]")(r))?;
    let kind = ExprKind::Comprehension { elem: Box::new(elem), var, coll: Box::new(coll), cond };
    Ok((r, Expr { kind, span: start.to(close.span) }))
}

/// A string literal whose `{expr}` parts are interpolated; `{{` and `}}` write braces.
/// Every error in the template is reported (recovered in place), not only the first.
pub(crate) fn template(i: Tokens<'_>) -> PResult<'_, Template> {
    let Some(t) = i.peek().filter(|t| t.kind == TokenKind::Str) else {
        return Err(nom::Err::Error(PError::expected(i, "a string")));
    };
    let raw = i.slice(t.span);
    let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or("");
    let base = t.span.start as usize + 1;
    let (parts, mut errors) = template_parts(inner, base, i, t);
    // A `"` inside the braces ended the string early: what follows it is no clause, so stop
    // here rather than report the rest of the line as a cascade of errors.
    if string_cut_short(i, t)
        && let Some(last) = errors.pop()
    {
        i.recovered.borrow_mut().extend(errors);
        return Err(nom::Err::Failure(PError::custom(last)));
    }
    i.recovered.borrow_mut().extend(errors);
    Ok((i.skip(1), Template { parts, span: t.span }))
}

/// The parts of a template, and the errors found in it (the template is still usable for
/// formatting the rest of the file, but a file with errors is never compiled)
fn template_parts(
    inner: &str,
    base: usize,
    i: Tokens<'_>,
    t: &Token,
) -> (Vec<TemplatePart>, Vec<Diagnostic>) {
    let source = t.span.source;
    let mut parts = Vec::new();
    let mut errors = Vec::new();
    let mut text_start = 0;
    let mut text = String::new();
    let mut pos = 0;
    let bytes = inner.as_bytes();
    let flush = |text: &mut String, errors: &mut Vec<Diagnostic>, from: usize, to: usize| {
        let raw = inner.get(from..to).unwrap_or("");
        match decode_escapes(raw, base + from, source) {
            Ok(decoded) => text.push_str(&decoded),
            Err(d) => errors.push(d),
        }
    };
    while pos < bytes.len() {
        match bytes.get(pos) {
            Some(b'\\') => pos += 2,
            Some(b'{') if bytes.get(pos + 1) == Some(&b'{') => {
                flush(&mut text, &mut errors, text_start, pos + 1);
                pos += 2;
                text_start = pos;
            }
            Some(b'}') if bytes.get(pos + 1) == Some(&b'}') => {
                flush(&mut text, &mut errors, text_start, pos + 1);
                pos += 2;
                text_start = pos;
            }
            Some(b'}') => {
                errors.push(
                    Diagnostic::error(Code::SyntaxBadTemplate, "unmatched `}` in template")
                        .with_label(Span::new(source, base + pos, base + pos + 1), "")
                        .with_help("write a literal brace as `}}`"),
                );
                flush(&mut text, &mut errors, text_start, pos);
                pos += 1;
                text_start = pos;
            }
            Some(b'{') => {
                flush(&mut text, &mut errors, text_start, pos);
                if !text.is_empty() {
                    parts.push(TemplatePart::Text(std::mem::take(&mut text)));
                }
                let close = inner.get(pos..).and_then(|s| s.find('}')).map(|c| c + pos);
                let Some(close) = close else {
                    errors.push(unclosed_brace(base + pos, i, t));
                    text_start = bytes.len();
                    break;
                };
                let src = inner.get(pos + 1..close).unwrap_or("");
                match template_expr(src, base + pos + 1, source) {
                    Ok(e) => parts.push(TemplatePart::Expr(e)),
                    Err(d) => errors.push(d),
                }
                pos = close + 1;
                text_start = pos;
            }
            _ => pos += 1,
        }
    }
    flush(&mut text, &mut errors, text_start, bytes.len().min(inner.len()));
    if !text.is_empty() {
        parts.push(TemplatePart::Text(text));
    }
    (parts, errors)
}

/// A token glued to the closing quote of template `t` means a `"` inside the braces ended
/// the string early: `"{upper("x")}"`.
fn string_cut_short(i: Tokens<'_>, t: &Token) -> bool {
    i.toks.get(1).is_some_and(|next| next.span.start == t.span.end)
}

/// A `{` with no `}` after it in the string
fn unclosed_brace(at: usize, i: Tokens<'_>, t: &Token) -> Diagnostic {
    let source = t.span.source;
    let d = Diagnostic::error(Code::SyntaxBadTemplate, "unclosed `{` in template")
        .with_label(Span::new(source, at, at + 1), "interpolation starts here");
    if string_cut_short(i, t) {
        d.with_label(
            Span::new(source, t.span.end as usize - 1, t.span.end as usize),
            "this `\"` ends the string",
        )
        .with_help(
            "a string cannot contain `\"` inside `{…}`: put that string in a `let` and interpolate its name",
        )
    } else {
        d.with_help("close it with `}`, or write a literal brace as `{{`")
    }
}

fn template_expr(
    raw: &str,
    offset: usize,
    source: crate::source::SourceId,
) -> Result<Expr, Diagnostic> {
    let src = unescape_quotes(raw);
    let span = Span::new(source, offset, offset + src.len());
    let lexed = lex(&src, source, offset);
    if let Some(e) = lexed.errors.into_iter().next() {
        return Err(e);
    }
    if lexed.tokens.is_empty() {
        return Err(Diagnostic::error(Code::SyntaxBadTemplate, "empty `{}` in template")
            .with_label(span, "")
            .with_help("put an expression inside, or write literal braces as `{{}}`"));
    }
    let recovered = std::cell::RefCell::new(Vec::new());
    let input = Tokens {
        toks: &lexed.tokens,
        text: &src,
        base: offset,
        eof: Span { start: span.end, ..span },
        recovered: &recovered,
    };
    match expr(input) {
        Ok(_) if let Some(e) = recovered.take().into_iter().next() => Err(e),
        Ok((rest, e)) if rest.toks.is_empty() => Ok(e),
        Ok((rest, _)) => {
            Err(super::describe(PError::expected(rest, "`}` to end the interpolation"), rest))
        }
        Err(nom::Err::Error(e) | nom::Err::Failure(e)) => Err(super::describe(e, input)),
        Err(nom::Err::Incomplete(_)) => {
            Err(Diagnostic::error(Code::SyntaxBadTemplate, "incomplete interpolation")
                .with_label(span, ""))
        }
    }
}

/// Inside the outer string a quote is written `\"`. Rewriting an opening `\"` as ` "` and
/// a closing one as `" ` lexes as a string literal while every byte keeps its offset, so
/// spans stay exact.
fn unescape_quotes(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut in_string = false;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek() == Some(&'"') {
            chars.next();
            out.push_str(if in_string { "\" " } else { " \"" });
            in_string = !in_string;
        } else {
            out.push(c);
        }
    }
    out
}
