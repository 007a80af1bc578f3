//! The canonical formatter behind `tenet fmt`: a parsed policy back to text.
//!
//! It sits right after [`crate::syntax`] and needs nothing else. Items, clauses and
//! expressions are printed from the tree; literals and templates are sliced from the source
//! as written, and comments are put back from [`File::comments`] by position. Invariant: the
//! output parses to the same tree, keeps every comment, and formatting it again changes nothing.

use crate::diag::Diagnostic;
use crate::source::{SourceId, Span};
use crate::syntax::ast::{Clause, ClauseKind, Expr, File, Ident, Item, ItemKind, TestStmt};
use crate::syntax::token::Comment;
use expr::Writer;

mod expr;
#[cfg(test)]
mod tests;

/// Lines longer than this get their list literals broken one element per line
const MAX_WIDTH: usize = 100;
/// One level of indentation
const INDENT: usize = 2;

/// Format policy text canonically. Errors: the syntax diagnostics (the file is left alone).
pub fn format_source(text: &str) -> Result<String, Vec<Diagnostic>> {
    let (file, diags) = crate::syntax::parse_file(text, SourceId(0));
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(Printer::new(text, &file).print(&file))
}

/// A formatted line of code and the source range it came from
struct Line {
    start: usize,
    end: usize,
    text: String,
}

fn start(span: Span) -> usize {
    span.start as usize
}

fn end(span: Span) -> usize {
    span.end as usize
}

fn is_block(kind: &ItemKind) -> bool {
    matches!(kind, ItemKind::Rule(_) | ItemKind::Waive(_) | ItemKind::Test(_))
}

/// Writes lines and weaves the comments back in, consuming them in source order
struct Printer<'a> {
    src: &'a str,
    comments: &'a [Comment],
    /// `is_doc[i]`: comment `i` is part of a rule's `##` docs, so it must stay directly above
    is_doc: Vec<bool>,
    /// Index of the first comment not yet written
    next: usize,
    /// Overrides the blank-line decision for the next line written (item and block boundaries)
    sep: Option<bool>,
    out: String,
}

impl<'a> Printer<'a> {
    fn new(src: &'a str, file: &'a File) -> Self {
        let mut is_doc = vec![false; file.comments.len()];
        for item in &file.items {
            if let ItemKind::Rule(rule) = &item.kind {
                // The parser takes docs from the comments right before the rule keyword.
                let k = file.comments.partition_point(|c| c.span.start < item.span.start);
                for i in k.saturating_sub(rule.docs.len())..k {
                    if let Some(flag) = is_doc.get_mut(i) {
                        *flag = true;
                    }
                }
            }
        }
        Printer { src, comments: &file.comments, is_doc, next: 0, sep: None, out: String::new() }
    }

    fn print(mut self, file: &File) -> String {
        let first = file.items.first().map_or(self.src.len(), |it| start(it.span));
        if let Some((v, span)) = file.version {
            self.line(0, start(span), end(span), &format!("tenet {v}"), first);
        }
        let mut prev: Option<&ItemKind> = None;
        for (i, item) in file.items.iter().enumerate() {
            let next = file.items.get(i + 1).map_or(self.src.len(), |it| start(it.span));
            let first_line = self
                .comments
                .get(self.next)
                .map_or(start(item.span), |c| start(c.span).min(start(item.span)));
            let blank = match prev {
                None => true,
                Some(p) => {
                    is_block(p)
                        || is_block(&item.kind)
                        || std::mem::discriminant(p) != std::mem::discriminant(&item.kind)
                        || self.blank_before(first_line)
                }
            };
            self.sep = Some(blank);
            self.item(item, next);
            prev = Some(&item.kind);
        }
        self.comments_before(usize::MAX, 0);
        if self.out.is_empty() {
            self.out.push('\n');
        }
        self.out
    }

    fn item(&mut self, item: &Item, next: usize) {
        let (s, e) = (start(item.span), end(item.span));
        match &item.kind {
            ItemKind::Import(import) => {
                let text = self.code(0, &|w| {
                    w.push("import ");
                    w.slice(import.path.span);
                    if !import.with.is_empty() {
                        w.push(" with ");
                        w.map(&import.with);
                    }
                });
                self.line(0, s, e, &text, next);
            }
            ItemKind::Param(param) => {
                let text = self.code(0, &|w| {
                    w.push("param ");
                    w.push(&param.name.name);
                    w.push(": ");
                    w.ty(&param.ty);
                    if let Some(default) = &param.default {
                        w.push(" = ");
                        w.expr(default);
                    }
                });
                self.line(0, s, e, &text, next);
            }
            ItemKind::Let(binding) => {
                let text = self.code(0, &|w| {
                    w.push("let ");
                    w.push(&binding.name.name);
                    w.push(" = ");
                    w.expr(&binding.value);
                });
                self.line(0, s, e, &text, next);
            }
            ItemKind::Rule(rule) => {
                let body: Vec<Line> = rule.clauses.iter().map(|c| self.clause(c)).collect();
                self.block(item, &format!("rule {} {{", rule.id.id), &body, next);
            }
            ItemKind::Waive(waive) => {
                let body: Vec<Line> = waive.fields.iter().map(|(n, v)| self.field(n, v)).collect();
                let header = format!("waive {} {{", waive.rule.id);
                self.block(item, &header, &body, next);
            }
            ItemKind::Test(test) => {
                let name = self.text(test.name.span);
                let body: Vec<Line> = test.stmts.iter().map(|st| self.stmt(st)).collect();
                self.block(item, &format!("test {name} {{"), &body, next);
            }
        }
    }

    /// `HEADER {`, the body one per line, `}` (or `HEADER {}` when there is nothing inside);
    /// the item's span ends just past the closing brace. A comment written inside the header
    /// goes at the end of the header line if it was on its first line, else first in the
    /// body: above the header it would come between a rule and its `##` docs.
    fn block(&mut self, item: &Item, header: &str, body: &[Line], next: usize) {
        let (s, item_end) = (start(item.span), end(item.span));
        let close = item_end.saturating_sub(1);
        let rest = self.comments.get(self.next..).unwrap_or_default();
        let inside = rest.iter().any(|c| (s..close).contains(&start(c.span)));
        if body.is_empty() && !inside {
            self.line(0, s, item_end, &format!("{header}}}"), next);
            return;
        }
        let first = body.first().map_or(close, |l| l.start);
        self.line(0, s, s, header, first);
        self.sep = Some(false);
        for (i, l) in body.iter().enumerate() {
            let after = body.get(i + 1).map_or(close, |n| n.start);
            self.line(INDENT, l.start, l.end, &l.text, after);
        }
        self.comments_before(close, INDENT);
        self.sep = Some(false);
        self.line(0, close, item_end, "}", next);
    }

    fn clause(&self, clause: &Clause) -> Line {
        let text = self.code(INDENT, &|w| {
            w.push(clause.kind.keyword());
            w.push(" ");
            match &clause.kind {
                ClauseKind::Severity(level) => w.push(&level.name),
                ClauseKind::Tags(e)
                | ClauseKind::When(e)
                | ClauseKind::Where(e)
                | ClauseKind::Require(e)
                | ClauseKind::Forbid(e)
                | ClauseKind::At(e) => w.expr(e),
                ClauseKind::For(var, coll) => {
                    w.push(&var.name);
                    w.push(" in ");
                    w.expr(coll);
                }
                ClauseKind::Message(t) | ClauseKind::Help(t) => w.slice(t.span),
                ClauseKind::Fix { action, path, from } => {
                    w.push(&action.name);
                    w.push(" ");
                    w.slice(path.span);
                    w.push(" from ");
                    w.slice(from.span);
                }
            }
        });
        Line { start: start(clause.span), end: end(clause.span), text }
    }

    fn field(&self, name: &Ident, value: &Expr) -> Line {
        let text = self.code(INDENT, &|w| {
            w.push(&name.name);
            w.push(" ");
            w.expr(value);
        });
        Line { start: start(name.span), end: end(value.span), text }
    }

    fn stmt(&self, stmt: &TestStmt) -> Line {
        match stmt {
            TestStmt::Fixture(dir) => Line {
                start: self.keyword_before(start(dir.span), "fixture"),
                end: end(dir.span),
                text: format!("fixture {}", self.text(dir.span)),
            },
            TestStmt::Set(name, value) => Line {
                start: self.keyword_before(start(name.span), "set"),
                end: end(value.span),
                text: self.code(INDENT, &|w| {
                    w.push("set ");
                    w.push(&name.name);
                    w.push(" = ");
                    w.expr(value);
                }),
            },
            TestStmt::Expect { negated, rule, at, span } => {
                let mut text = String::from(if *negated { "expect no " } else { "expect " });
                text.push_str(&rule.id);
                if let Some(path) = at {
                    text.push_str(" at ");
                    text.push_str(self.text(path.span));
                }
                Line { start: start(*span), end: end(*span), text }
            }
        }
    }

    /// Where the keyword `kw` right before `pos` starts (the AST keeps no span for it)
    fn keyword_before(&self, pos: usize, kw: &str) -> usize {
        let before = self.src.get(..pos).unwrap_or("").trim_end();
        if before.ends_with(kw) { before.len() - kw.len() } else { pos }
    }

    fn text(&self, span: Span) -> &'a str {
        self.src.get(span.range()).unwrap_or("")
    }

    /// Render one line's code flat; if that is too wide, again with list literals broken
    fn code(&self, indent: usize, write: &dyn Fn(&mut Writer<'a>)) -> String {
        let mut flat = Writer::new(self.src, None);
        write(&mut flat);
        if indent + flat.out.chars().count() <= MAX_WIDTH {
            return flat.out;
        }
        let mut broken = Writer::new(self.src, Some(indent));
        write(&mut broken);
        broken.out
    }

    /// Did the author leave a blank line right before `pos`?
    fn blank_before(&self, pos: usize) -> bool {
        let before = self.src.get(..pos).unwrap_or("");
        before.get(before.trim_end().len()..).is_some_and(|ws| ws.matches('\n').count() >= 2)
    }

    fn start_line(&mut self, indent: usize, blank: bool) {
        if self.sep.take().unwrap_or(blank) && !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out.extend(std::iter::repeat_n(' ', indent));
    }

    /// Write every remaining comment that starts before `pos`, each on its own line
    fn comments_before(&mut self, pos: usize, indent: usize) {
        while let Some(c) = self.comments.get(self.next).filter(|c| start(c.span) < pos) {
            let doc = self.is_doc.get(self.next).copied().unwrap_or(false);
            self.next += 1;
            self.start_line(indent, self.blank_before(start(c.span)));
            self.out.push_str(&c.text);
            self.out.push('\n');
            if doc {
                self.sep = Some(false);
            }
        }
    }

    /// Write one line of code spanning `s..e` in the source. Comments before it go above;
    /// comments inside it (a multi-line expression) move above too; a comment after it on the
    /// same source line, before `next` starts, stays at the end of the line.
    fn line(&mut self, indent: usize, s: usize, e: usize, text: &str, next: usize) {
        self.comments_before(s, indent);
        let mut blank = self.blank_before(s);
        while let Some(c) = self.comments.get(self.next).filter(|c| start(c.span) < e) {
            self.next += 1;
            self.start_line(indent, blank);
            blank = false;
            self.out.push_str(&c.text);
            self.out.push('\n');
        }
        self.start_line(indent, blank);
        self.out.push_str(text);
        if let Some(c) = self.comments.get(self.next) {
            let (cs, doc) = (start(c.span), self.is_doc.get(self.next).copied().unwrap_or(false));
            if cs < next && !doc && self.src.get(e..cs).is_some_and(|gap| !gap.contains('\n')) {
                self.next += 1;
                self.out.push_str("  ");
                self.out.push_str(&c.text);
            }
        }
        self.out.push('\n');
    }
}
