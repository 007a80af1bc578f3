//! REUSE tags in a file's text: `SPDX-License-Identifier`, `SPDX-FileCopyrightText` and
//! the `Copyright …` / `© …` lines REUSE accepts as copyright notices, each with its line;
//! `REUSE-IgnoreStart`/`REUSE-IgnoreEnd` blocks are skipped. Follows reuse-tool's
//! `extract_reuse_info` (src/reuse/extract.py), line by line. Also: whether an SPDX
//! expression is valid syntax (as reuse-tool's `license-expression` parse: any id, the
//! grammar only).

use regex::Regex;
use std::sync::LazyLock;

/// One tag found in a text
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Tag {
    /// The expression, or the whole copyright notice
    pub(super) value: String,
    /// 1-based line
    pub(super) line: u32,
}

/// The tags of one text
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Tags {
    pub(super) licenses: Vec<Tag>,
    pub(super) copyrights: Vec<Tag>,
}

impl Tags {
    pub(super) fn is_empty(&self) -> bool {
        self.licenses.is_empty() && self.copyrights.is_empty()
    }
}

/// The endings of comments reuse-tool strips after a tag's value (its comment styles'
/// multi-line ends, and the special endings of extract.py)
const END: &str = r#"\s*(?:\*\)|--%>|\}|--\}\}|\*/|-->|#\}|=#|-/|'/|\*#|:\)|"\s*/*>|'\s*/*>|\]\s*::|"\s*\))*\s*$"#;

/// A line that may hold a tag, and what comes before it
static CANDIDATE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(.*?)(?:SPDX-\S+:|Copyright|©)").ok());

/// A copyright notice: REUSE's `COPYRIGHT_NOTICE_PATTERN` (`(?=\s)` spelled `\s`)
static COPYRIGHT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let symbol = r"(?:©|\([Cc]\))";
    let string = format!(r"(?:Copyright(?:\s*{symbol}|\s))");
    let prefix =
        format!(r"(?:SPDX-(?:File|Snippet)CopyrightText:(?:\s*(?:{symbol}|{string}))?|{string}|©)");
    Regex::new(&format!(r"^.*?(?P<notice>{prefix}\s*(?P<text>.*?)){END}")).ok()
});

/// A license tag
static LICENSE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(r"^.*?SPDX-License-Identifier:\s*(?P<value>.*?){END}")).ok()
});

const IGNORE_START: &str = "REUSE-IgnoreStart";
const IGNORE_END: &str = "REUSE-IgnoreEnd";

/// The tags of `text`, in the order they are written, each value once
pub(super) fn extract(text: &str) -> Tags {
    let (Some(candidate), Some(copyright), Some(license)) =
        (CANDIDATE.as_ref(), COPYRIGHT.as_ref(), LICENSE.as_ref())
    else {
        return Tags::default();
    };
    let mut tags = Tags::default();
    let mut ignoring = false;
    for (n, raw) in text.lines().enumerate() {
        let line = u32::try_from(n + 1).unwrap_or(u32::MAX);
        let kept = unignored(raw, &mut ignoring);
        let kept = kept.trim_end_matches('\r');
        let Some(caps) = candidate.captures(kept) else { continue };
        // `/* SPDX-License-Identifier: MIT */`: what opens the comment, reversed, closes it
        let prefix = caps.get(1).map_or("", |m| m.as_str()).trim();
        let reversed: String = prefix.chars().rev().collect();
        let body = kept.strip_suffix(reversed.as_str()).unwrap_or(kept);
        if let Some(c) = copyright.captures(body) {
            let notice = c.name("notice").map_or("", |m| m.as_str()).trim();
            push(&mut tags.copyrights, notice, line);
        } else if let Some(c) = license.captures(body) {
            let value = c.name("value").map_or("", |m| m.as_str()).trim();
            push(&mut tags.licenses, value, line);
        }
    }
    tags
}

fn push(tags: &mut Vec<Tag>, value: &str, line: u32) {
    if !tags.iter().any(|t| t.value == value) {
        tags.push(Tag { value: value.to_string(), line });
    }
}

/// The parts of one line outside ignore blocks; `ignoring` carries an open block over
fn unignored(line: &str, ignoring: &mut bool) -> String {
    let mut out = String::new();
    let mut rest = line;
    loop {
        if *ignoring {
            let Some(i) = rest.find(IGNORE_END) else { return out };
            rest = rest.get(i + IGNORE_END.len()..).unwrap_or("");
            *ignoring = false;
        } else {
            let Some(i) = rest.find(IGNORE_START) else {
                out.push_str(rest);
                return out;
            };
            out.push_str(rest.get(..i).unwrap_or(""));
            rest = rest.get(i + IGNORE_START.len()..).unwrap_or("");
            *ignoring = true;
        }
    }
}

/// The ids (licenses and exceptions) of an expression that is valid SPDX syntax, in order
/// and each once; `None` when it is not valid. Any id is accepted, as by reuse-tool:
/// whether it is on the SPDX list is a question for LICENSES/.
pub(super) fn expression_ids(expr: &str) -> Option<Vec<String>> {
    let tokens = tokenize(expr);
    let mut p = Parser { tokens: &tokens, at: 0, ids: Vec::new(), depth: 0 };
    p.expr()?;
    if p.at != tokens.len() {
        return None;
    }
    let mut ids: Vec<String> = Vec::new();
    for id in p.ids {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Some(ids)
}

#[derive(Debug, PartialEq)]
enum Token<'a> {
    Open,
    Close,
    And,
    Or,
    With,
    Id(&'a str),
}

fn tokenize(expr: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = expr;
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            rest = rest.get(c.len_utf8()..).unwrap_or("");
        } else if c == '(' || c == ')' {
            out.push(if c == '(' { Token::Open } else { Token::Close });
            rest = rest.get(1..).unwrap_or("");
        } else {
            let end = rest.find(|c: char| c.is_whitespace() || c == '(' || c == ')');
            let word = end.map_or(rest, |e| rest.get(..e).unwrap_or(rest));
            rest = end.map_or("", |e| rest.get(e..).unwrap_or(""));
            out.push(match word.to_ascii_uppercase().as_str() {
                "AND" => Token::And,
                "OR" => Token::Or,
                "WITH" => Token::With,
                _ => Token::Id(word),
            });
        }
    }
    out
}

/// The characters of a license key, as the `license-expression` library reuse-tool uses
/// accepts them: letters, digits, `_`, `-`, `.`, `:` and `+`
fn is_key(id: &str) -> bool {
    id.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '+'))
}

/// Parentheses nest at most this deep (a hostile header cannot overflow the stack)
const MAX_DEPTH: usize = 64;

struct Parser<'t, 'a> {
    tokens: &'t [Token<'a>],
    at: usize,
    ids: Vec<String>,
    depth: usize,
}

impl Parser<'_, '_> {
    fn peek(&self) -> Option<&Token<'_>> {
        self.tokens.get(self.at)
    }

    /// term (("AND" | "OR") term)*
    fn expr(&mut self) -> Option<()> {
        self.term()?;
        while matches!(self.peek(), Some(Token::And | Token::Or)) {
            self.at += 1;
            self.term()?;
        }
        Some(())
    }

    /// id ["WITH" id] | "(" expr ")"
    fn term(&mut self) -> Option<()> {
        match self.peek()? {
            Token::Open => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return None;
                }
                self.at += 1;
                self.expr()?;
                if self.peek() != Some(&Token::Close) {
                    return None;
                }
                self.at += 1;
                self.depth -= 1;
                Some(())
            }
            Token::Id(id) => {
                if !is_key(id) {
                    return None;
                }
                self.ids.push((*id).to_string());
                self.at += 1;
                if self.peek() == Some(&Token::With) {
                    self.at += 1;
                    let Some(Token::Id(exception)) =
                        self.peek().filter(|t| matches!(t, Token::Id(e) if is_key(e)))
                    else {
                        return None;
                    };
                    self.ids.push((*exception).to_string());
                    self.at += 1;
                }
                Some(())
            }
            _ => None,
        }
    }
}
