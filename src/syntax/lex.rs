//! The lexer: characters to [`Token`]s, with comments kept aside for `fmt`.
//!
//! Atoms are nom parsers over `nom_locate` spans. Whether `/` starts a regex or divides is
//! decided here, as in JavaScript: it divides after a token that can end an operand.

use super::token::{Comment, KEYWORDS, Token, TokenKind};
use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::source::{SourceId, Span};
use nom::IResult;
use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{char, digit1, satisfy};
use nom::combinator::{opt, recognize};
use nom_locate::LocatedSpan;

type In<'a> = LocatedSpan<&'a str>;

/// The result of lexing one file
#[derive(Debug, Default)]
pub struct Lexed {
    /// Tokens in order
    pub tokens: Vec<Token>,
    /// Comments in order
    pub comments: Vec<Comment>,
    /// Lexical errors; the lexer skips the bad character and goes on
    pub errors: Vec<Diagnostic>,
}

/// Lex `text`; `base` is added to every offset (templates lex a slice of a file)
pub fn lex(text: &str, source: SourceId, base: usize) -> Lexed {
    let mut out = Lexed::default();
    let mut input = In::new(text);
    let span = |s: usize, e: usize| Span::new(source, base + s, base + e);
    loop {
        input = skip_space(input);
        let start = input.location_offset();
        let Some(c) = input.fragment().chars().next() else { break };
        if c == '#' {
            let (rest, body) = take_until_newline(input);
            let text = (*body.fragment()).to_string();
            out.comments.push(Comment {
                is_doc: text.starts_with("##"),
                text: text.trim_end().to_string(),
                span: span(start, rest.location_offset()),
            });
            input = rest;
            continue;
        }
        let regex_allowed = out.tokens.last().is_none_or(|t| !t.ends_operand());
        let result = if c == '/' && regex_allowed {
            lex_regex(input)
        } else if c == '"' {
            lex_string(input)
        } else if c.is_ascii_digit() {
            lex_number(input)
        } else if (c.is_alphanumeric() || c == '_')
            && expects_rule_id(&out.tokens)
            && !is_no_keyword(input, &out.tokens)
        {
            lex_rule_id(input)
        } else if c.is_alphabetic() || c == '_' {
            lex_word(input, out.tokens.last())
        } else {
            lex_punct(input)
        };
        match result {
            Ok((rest, kind)) => {
                out.tokens.push(Token { kind, span: span(start, rest.location_offset()) });
                input = rest;
            }
            Err(LexError { rest, diag, recover }) => {
                let end = rest.location_offset().max(start + c.len_utf8());
                out.errors.push(diag(span(start, end)));
                // The mistake is reported; its evident meaning keeps the parser on track.
                if let Some(kind) = recover {
                    out.tokens.push(Token { kind, span: span(start, end) });
                }
                input = if rest.location_offset() > start {
                    rest
                } else {
                    advance(input, c.len_utf8())
                };
            }
        }
    }
    out
}

struct LexError<'a> {
    rest: In<'a>,
    diag: Box<dyn FnOnce(Span) -> Diagnostic>,
    /// The token the text evidently meant, lexed in its place after the error
    recover: Option<TokenKind>,
}

type LexResult<'a> = Result<(In<'a>, TokenKind), LexError<'a>>;

fn fail(rest: In<'_>, make: impl FnOnce(Span) -> Diagnostic + 'static) -> LexError<'_> {
    LexError { rest, diag: Box::new(make), recover: None }
}

/// Like [`fail`], but the parser goes on as if `meant` had been written
fn fail_as(
    rest: In<'_>,
    meant: TokenKind,
    make: impl FnOnce(Span) -> Diagnostic + 'static,
) -> LexError<'_> {
    LexError { recover: Some(meant), ..fail(rest, make) }
}

fn advance(input: In<'_>, n: usize) -> In<'_> {
    use nom::Input;
    input.take_from(n.min(input.fragment().len()))
}

fn skip_space(input: In<'_>) -> In<'_> {
    let r: IResult<In<'_>, In<'_>> = take_while(char::is_whitespace)(input);
    r.map_or(input, |(rest, _)| rest)
}

fn take_until_newline(input: In<'_>) -> (In<'_>, In<'_>) {
    let r: IResult<In<'_>, In<'_>> = take_while(|c| c != '\n')(input);
    r.unwrap_or((input, input))
}

/// `expect no ID`: the `no` is a keyword, not the start of an id.
fn is_no_keyword(input: In<'_>, tokens: &[Token]) -> bool {
    let text = input.fragment();
    tokens.last().is_some_and(|t| t.is_keyword("expect"))
        && text.starts_with("no")
        && text.get(2..).is_some_and(|r| r.starts_with(char::is_whitespace))
}

fn lex_word<'a>(input: In<'a>, prev: Option<&Token>) -> LexResult<'a> {
    let r: IResult<In<'_>, In<'_>> =
        recognize((satisfy(|c| c.is_alphabetic() || c == '_'), take_while(is_word_char)))
            .parse(input);
    let Ok((rest, word)) = r else { return Err(unexpected(input)) };
    let after_dot = prev.is_some_and(|t| t.is_punct("."));
    // `tags(` calls the fact; the `tags [...]` clause never has `(` right after the word.
    let fact_call = *word.fragment() == "tags" && rest.fragment().starts_with('(');
    let kind = match KEYWORDS.iter().find(|k| **k == *word.fragment()) {
        Some(k) if !after_dot && !fact_call => TokenKind::Keyword(k),
        _ => TokenKind::Ident,
    };
    Ok((rest, kind))
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// After `rule`, `waive`, `expect` and `expect no` comes a rule id such as
/// `license/missing-file`, lexed whole so that `/` and keywords inside it mean nothing.
fn expects_rule_id(tokens: &[Token]) -> bool {
    match tokens {
        [.., t] if t.is_keyword("rule") || t.is_keyword("waive") => true,
        [.., t] if t.is_keyword("expect") => true,
        [.., e, t] => t.is_keyword("no") && e.is_keyword("expect"),
        _ => false,
    }
}

fn lex_rule_id(input: In<'_>) -> LexResult<'_> {
    let r: IResult<In<'_>, In<'_>> =
        take_while1(|c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '/'))(input);
    match r {
        Ok((rest, _)) => Ok((rest, TokenKind::RuleId)),
        Err(_) => Err(unexpected(input)),
    }
}

fn unexpected(input: In<'_>) -> LexError<'_> {
    let text = *input.fragment();
    // Operators and quotes from other languages: say what to write instead.
    for (from, to, kw) in [("&&", "and", "and"), ("||", "or", "or"), ("!", "not", "not")] {
        if text.starts_with(from) && !text.starts_with("!=") {
            return fail_as(advance(input, from.len()), TokenKind::Keyword(kw), move |span| {
                Diagnostic::error(
                    Code::SyntaxUnexpectedChar,
                    format!("`{from}` is not an operator"),
                )
                .with_label(span, "")
                .with_help(format!("write `{to}`"))
            });
        }
    }
    if let Some(body) = text.strip_prefix('\'')
        && let Some(close) =
            body.find(['\'', '\n']).filter(|&e| body.get(e..).is_some_and(|r| r.starts_with('\'')))
    {
        let inner = body.get(..close).unwrap_or("").to_string();
        return fail_as(advance(input, close + 2), TokenKind::Str, move |span| {
            Diagnostic::error(Code::SyntaxUnexpectedChar, "strings use double quotes")
                .with_label(span, "")
                .with_help(format!("write `\"{inner}\"`"))
        });
    }
    let c = text.chars().next().unwrap_or(' ');
    // A run of stray characters (NULs, a binary blob, emoji) is one mistake, not one per
    // character: a file of 100,000 NULs gets one diagnostic.
    let run =
        text.char_indices().skip(1).find(|&(_, c)| !is_stray(c)).map_or(text.len(), |(i, _)| i);
    if run > c.len_utf8() {
        let count = text.get(..run).map_or(0, |r| r.chars().count());
        let shown: String = text.get(..run).unwrap_or("").chars().take(8).collect();
        let more = if count > 8 { "…" } else { "" };
        return fail(advance(input, run), move |span| {
            Diagnostic::error(
                Code::SyntaxUnexpectedChar,
                format!("{count} unexpected characters `{shown}{more}`"),
            )
            .with_label(span, "no token starts with these")
        });
    }
    fail(advance(input, c.len_utf8()), move |span| {
        Diagnostic::error(Code::SyntaxUnexpectedChar, format!("unexpected character `{c}`"))
            .with_label(span, "no token starts with this")
    })
}

/// A character that can start no token and is not one a policy author types by mistake
/// for another language's operator: controls, symbols, non-ASCII punctuation
fn is_stray(c: char) -> bool {
    !(c.is_alphanumeric() || c.is_whitespace() || c.is_ascii_punctuation() || c == '_')
}

const PUNCTS: &[&str] = &[
    "==", "!=", "<=", ">=", "{", "}", "[", "]", "(", ")", ",", ":", ".", "=", "<", ">", "+", "-",
    "*", "/", "%", "?",
];

fn lex_punct(input: In<'_>) -> LexResult<'_> {
    for p in PUNCTS {
        if input.fragment().starts_with(p) {
            return Ok((advance(input, p.len()), TokenKind::Punct(p)));
        }
    }
    Err(unexpected(input))
}

fn lex_string(input: In<'_>) -> LexResult<'_> {
    let close = scan_delimited(input, '"', |open| {
        Diagnostic::error(Code::SyntaxUnclosedString, "unclosed string literal")
            .with_label(open, "string starts here")
            .with_help("close it with a matching `\"` on the same line; write a newline as `\\n`")
    })?;
    Ok((advance(input, close + 1), TokenKind::Str))
}

fn lex_regex(input: In<'_>) -> LexResult<'_> {
    let close = scan_delimited(input, '/', |open| {
        Diagnostic::error(Code::SyntaxUnclosedRegex, "unclosed regex literal")
            .with_label(open, "regex starts here")
            .with_help("close it with `/` on the same line; write a literal slash as `\\/`")
    })?;
    let text = input.fragment();
    let pattern = text.get(1..close).unwrap_or("").replace("\\/", "/");
    let after = advance(input, close + 1);
    let r: IResult<In<'_>, In<'_>> = take_while(|c: char| c.is_ascii_alphabetic())(after);
    let (rest, flags) = r.unwrap_or((after, after));
    Ok((rest, TokenKind::Regex(pattern, (*flags.fragment()).to_string())))
}

/// The offset of the `delim` that closes the literal opened by the first character of
/// `input`, on the same line and skipping `\`-escaped characters. An unclosed literal is
/// an error up to the end of the line; `unclosed` gets the span of the opening character.
fn scan_delimited(
    input: In<'_>,
    delim: char,
    unclosed: impl FnOnce(Span) -> Diagnostic + 'static,
) -> Result<usize, LexError<'_>> {
    let text = input.fragment();
    let mut chars = text.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            c if c == delim => return Ok(i),
            '\\' => {
                chars.next();
            }
            '\n' => break,
            _ => {}
        }
    }
    let line_end = text.find('\n').unwrap_or(text.len());
    Err(fail(advance(input, line_end), move |span| unclosed(Span { end: span.start + 1, ..span })))
}

fn lex_number<'a>(input: In<'a>) -> LexResult<'a> {
    let date: IResult<In<'_>, (In<'_>, char, In<'_>, char, In<'_>)> =
        (digit1, char('-'), digit1, char('-'), digit1).parse(input);
    // Dates are exactly YYYY-MM-DD, so `10-5-3` stays a subtraction.
    let widths = |y: &In<'_>, m: &In<'_>, d: &In<'_>| {
        y.fragment().len() == 4 && m.fragment().len() == 2 && d.fragment().len() == 2
    };
    if let Ok((rest, (y, _, m, _, d))) = date
        && widths(&y, &m, &d)
    {
        let parsed =
            (y.fragment().parse::<i16>(), m.fragment().parse::<i8>(), d.fragment().parse::<i8>());
        if let (Ok(y), Ok(m), Ok(d)) = parsed {
            return Ok((rest, TokenKind::Date(y, m, d)));
        }
    }
    let num: IResult<In<'_>, In<'_>> =
        recognize((digit1, opt((char('.'), digit1)), opt(alt((tag("e"), tag("E")))))).parse(input);
    let Ok((rest, _)) = num else { return Err(unexpected(input)) };
    // A trailing `e` is a unit-less exponent only when digits follow; otherwise re-lex.
    let (rest, number) = number_part(input, rest);
    let unit: IResult<In<'_>, In<'_>> = take_while1(|c: char| c.is_ascii_alphabetic())(rest);
    let (rest, unit) = match unit {
        Ok((r, u)) => (r, *u.fragment()),
        Err(_) => (rest, ""),
    };
    if unit.is_empty()
        && let Some(spaced) = spaced_unit(number.as_str(), rest)
    {
        return Err(spaced);
    }
    let literal = format!("{number}{unit}");
    let units_help = "durations use s, m, h, d, w (`90d`); sizes use B, KB, MB, GB, TB, KiB, MiB, GiB, TiB (`5MB`)";
    let bad = {
        let literal = literal.clone();
        move |rest: In<'a>, why: &'static str| {
            let literal = literal.clone();
            fail(rest, move |span| {
                Diagnostic::error(Code::SyntaxBadNumber, format!("malformed literal `{literal}`"))
                    .with_label(span, why)
                    .with_help(units_help)
            })
        }
    };
    // A unit in the wrong case or spelt out (`5mb`, `90days`): suggest the right one and
    // lex the literal as meant, so that one slip gives one diagnostic.
    if !unit.is_empty()
        && duration_seconds(unit).is_none()
        && size_bytes(unit).is_none()
        && let Some(fixed) = fix_unit(unit)
        && let Ok(meant) = lex_number(In::new(&format!("{number}{fixed}"))).map(|(_, k)| k)
    {
        let number = number.clone();
        return Err(fail_as(rest, meant, move |span| {
            Diagnostic::error(Code::SyntaxBadNumber, format!("malformed literal `{literal}`"))
                .with_label(span, "unknown unit")
                .with_help(format!("write `{number}{fixed}`; units are case-sensitive"))
        }));
    }
    if number.contains('.') || number.contains('e') || number.contains('E') {
        let Ok(f) = number.parse::<f64>() else { return Err(bad(rest, "not a number")) };
        if unit.is_empty() {
            return Ok((rest, TokenKind::Float(f)));
        }
        return size_bytes(unit).map_or_else(
            || Err(bad(rest, "unknown unit")),
            |m| Ok((rest, TokenKind::Size((f * m as f64).round() as u64))),
        );
    }
    let Ok(n) = number.parse::<i64>() else { return Err(bad(rest, "too large")) };
    if unit.is_empty() {
        return Ok((rest, TokenKind::Int(n)));
    }
    if let Some(secs) = duration_seconds(unit) {
        return n
            .checked_mul(secs)
            .map_or_else(|| Err(bad(rest, "too large")), |v| Ok((rest, TokenKind::Duration(v))));
    }
    match size_bytes(unit).and_then(|m| (n as u64).checked_mul(m)) {
        Some(v) => Ok((rest, TokenKind::Size(v))),
        None => Err(bad(rest, "unknown unit")),
    }
}

/// `5 MB`: a number, blanks, then a word that is a unit. A number is never followed by a
/// name in the grammar, so this is one literal with a stray space: one diagnostic that says
/// to remove it, and the literal lexed as meant so the parser stays on track.
fn spaced_unit<'a>(number: &str, after: In<'a>) -> Option<LexError<'a>> {
    let text = after.fragment();
    let blanks = text.len() - text.trim_start_matches([' ', '\t']).len();
    let word_len = text
        .get(blanks..)?
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .unwrap_or(text.len() - blanks);
    let word = text.get(blanks..blanks + word_len)?;
    if blanks == 0 || word.is_empty() {
        return None;
    }
    let unit = if duration_seconds(word).is_some() || size_bytes(word).is_some() {
        word
    } else {
        fix_unit(word)?
    };
    let written = format!("{number}{}{word}", text.get(..blanks)?);
    let fixed = format!("{number}{unit}");
    let (_, meant) = lex_number(In::new(&fixed)).ok()?;
    Some(fail_as(advance(after, blanks + word_len), meant, move |span| {
        Diagnostic::error(Code::SyntaxBadNumber, format!("malformed literal `{written}`"))
            .with_label(span, "a number and its unit are written together")
            .with_help(format!("remove the space: `{fixed}`"))
    }))
}

fn number_part<'a>(start: In<'a>, end: In<'a>) -> (In<'a>, String) {
    let len = end.location_offset() - start.location_offset();
    let text = start.fragment().get(..len).unwrap_or("");
    // `1e` followed by a non-digit is not an exponent: give the `e` back to the unit.
    let exp_digits: IResult<In<'_>, In<'_>> =
        recognize((opt(alt((char('+'), char('-')))), digit1)).parse(end);
    if text.ends_with(['e', 'E']) {
        if let Ok((rest, digits)) = exp_digits {
            return (rest, format!("{text}{}", digits.fragment()));
        }
        let back = advance(start, len - 1);
        return (back, text.get(..len - 1).unwrap_or("").to_string());
    }
    (end, text.to_string())
}

/// The unit meant by a unit in the wrong case (`mb`, `Kib`) or spelt out (`days`, `hours`)
fn fix_unit(unit: &str) -> Option<&'static str> {
    const SIZES: &[&str] = &["B", "KB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "TiB"];
    if let Some(s) = SIZES.iter().find(|s| s.eq_ignore_ascii_case(unit) && unit.len() > 1) {
        return Some(s);
    }
    Some(match unit.to_ascii_lowercase().as_str() {
        "s" | "sec" | "secs" | "second" | "seconds" => "s",
        "min" | "mins" | "minute" | "minutes" => "m",
        "h" | "hr" | "hrs" | "hour" | "hours" => "h",
        "d" | "day" | "days" => "d",
        "w" | "wk" | "wks" | "week" | "weeks" => "w",
        _ => return None,
    })
}

/// Seconds in one duration unit
pub fn duration_seconds(unit: &str) -> Option<i64> {
    Some(match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 604_800,
        _ => return None,
    })
}

/// Bytes in one size unit
pub fn size_bytes(unit: &str) -> Option<u64> {
    Some(match unit {
        "B" => 1,
        "KB" => 1000,
        "MB" => 1_000_000,
        "GB" => 1_000_000_000,
        "TB" => 1_000_000_000_000,
        "KiB" => 1 << 10,
        "MiB" => 1 << 20,
        "GiB" => 1 << 30,
        "TiB" => 1 << 40,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<TokenKind> {
        let l = lex(src, SourceId(0), 0);
        assert!(l.errors.is_empty(), "{:?}", l.errors);
        l.tokens.into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn slash_after_operand_divides() {
        assert_eq!(
            kinds("a / 2"),
            vec![TokenKind::Ident, TokenKind::Punct("/"), TokenKind::Int(2)]
        );
        assert_eq!(
            kinds("x matches /a b/i"),
            vec![
                TokenKind::Ident,
                TokenKind::Keyword("matches"),
                TokenKind::Regex("a b".into(), "i".into())
            ]
        );
        assert_eq!(kinds("(a) / b").get(3), Some(&TokenKind::Punct("/")));
    }

    #[test]
    fn units_and_dates() {
        assert_eq!(
            kinds("90d 12h 5MB 512KiB 2027-03-01 0.9 1.5KB"),
            vec![
                TokenKind::Duration(90 * 86_400),
                TokenKind::Duration(12 * 3600),
                TokenKind::Size(5_000_000),
                TokenKind::Size(512 * 1024),
                TokenKind::Date(2027, 3, 1),
                TokenKind::Float(0.9),
                TokenKind::Size(1500),
            ]
        );
    }

    #[test]
    fn words_after_dot_are_fields() {
        assert_eq!(kinds("f.in"), vec![TokenKind::Ident, TokenKind::Punct("."), TokenKind::Ident]);
        assert_eq!(
            kinds("rule test/not-here {"),
            vec![TokenKind::Keyword("rule"), TokenKind::RuleId, TokenKind::Punct("{")]
        );
        assert_eq!(kinds("expect no a/b")[2], TokenKind::RuleId);
        assert_eq!(kinds("x-1").len(), 3);
    }

    #[test]
    fn misspelt_units_are_reported_and_lexed_as_meant() {
        let l = lex("5mb 90days 2Hours", SourceId(0), 0);
        assert_eq!(l.errors.len(), 3);
        let kinds: Vec<TokenKind> = l.tokens.into_iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            vec![
                TokenKind::Size(5_000_000),
                TokenKind::Duration(90 * 86_400),
                TokenKind::Duration(2 * 3600)
            ]
        );
    }

    #[test]
    fn foreign_operators_and_quotes_are_reported_and_lexed_as_meant() {
        let l = lex("a && !b || 'x'", SourceId(0), 0);
        assert_eq!(l.errors.len(), 4);
        let kinds: Vec<TokenKind> = l.tokens.into_iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            vec![
                TokenKind::Ident,
                TokenKind::Keyword("and"),
                TokenKind::Keyword("not"),
                TokenKind::Ident,
                TokenKind::Keyword("or"),
                TokenKind::Str
            ]
        );
    }

    #[test]
    fn comments_are_kept() {
        let l = lex("a # one\n## doc\nb", SourceId(0), 0);
        assert_eq!(l.comments.len(), 2);
        assert!(l.comments[1].is_doc);
    }

    #[test]
    fn unclosed_string_reports_and_continues() {
        let l = lex("\"abc\nx", SourceId(0), 0);
        assert_eq!(l.errors.len(), 1);
        assert_eq!(l.tokens.len(), 1);
    }
}
