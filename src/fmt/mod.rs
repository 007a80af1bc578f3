//! The canonical formatter behind `tenet fmt`: a parsed policy back to text.
//!
//! It sits right after [`crate::syntax`] and needs nothing else. Items, clauses and
//! expressions are printed from the tree; literals and templates are sliced from the source
//! as written, and comments are put back from [`File::comments`] by position. Invariant: the
//! output parses to the same tree, keeps every comment, and formatting it again changes nothing.

use crate::diag::Diagnostic;
use crate::source::{SourceId, Span};
use crate::syntax::ast::{
    Arg, Clause, ClauseKind, Expr, ExprKind, File, Ident, Item, ItemKind, TestStmt, TypeExpr,
};
use crate::syntax::token::Comment;

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
                self.block(
                    item,
                    end(rule.id.span),
                    &format!("rule {} {{", rule.id.id),
                    &body,
                    next,
                );
            }
            ItemKind::Waive(waive) => {
                let body: Vec<Line> = waive.fields.iter().map(|(n, v)| self.field(n, v)).collect();
                let header = format!("waive {} {{", waive.rule.id);
                self.block(item, end(waive.rule.span), &header, &body, next);
            }
            ItemKind::Test(test) => {
                let name = self.text(test.name.span);
                let body: Vec<Line> = test.stmts.iter().map(|st| self.stmt(st)).collect();
                self.block(item, end(test.name.span), &format!("test {name} {{"), &body, next);
            }
        }
    }

    /// `HEADER {`, the body one per line, `}` (or `HEADER {}` when there is nothing inside);
    /// the item's span ends just past the closing brace
    fn block(&mut self, item: &Item, header_end: usize, header: &str, body: &[Line], next: usize) {
        let (s, item_end) = (start(item.span), end(item.span));
        let close = item_end.saturating_sub(1);
        let rest = self.comments.get(self.next..).unwrap_or_default();
        let inside = rest.iter().any(|c| (header_end..close).contains(&start(c.span)));
        if body.is_empty() && !inside {
            self.line(0, s, item_end, &format!("{header}}}"), next);
            return;
        }
        let first = body.first().map_or(close, |l| l.start);
        self.line(0, s, header_end, header, first);
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
        let mut flat = Writer { src: self.src, out: String::new(), brk: None };
        write(&mut flat);
        if indent + flat.out.chars().count() <= MAX_WIDTH {
            return flat.out;
        }
        let mut broken = Writer { src: self.src, out: String::new(), brk: Some(indent) };
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

/// Prints expressions on one line; with `brk` set, list literals go one element per line
struct Writer<'a> {
    src: &'a str,
    out: String,
    /// Indentation of the line being written, when lists should break
    brk: Option<usize>,
}

impl Writer<'_> {
    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// The source text as written (literals, templates)
    fn slice(&mut self, span: Span) {
        let src = self.src;
        self.push(src.get(span.range()).unwrap_or(""));
    }

    fn ty(&mut self, ty: &TypeExpr) {
        self.push(&ty.name.name);
        if !ty.args.is_empty() {
            self.push("<");
            for (i, arg) in ty.args.iter().enumerate() {
                if i > 0 {
                    self.push(", ");
                }
                self.ty(arg);
            }
            self.push(">");
        }
        if ty.optional {
            self.push("?");
        }
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Lit(_) | ExprKind::Error => self.slice(e.span),
            ExprKind::Name(name) => self.push(name),
            ExprKind::List(items) => self.list(items),
            ExprKind::Map(fields) => self.map(fields),
            ExprKind::Paren(inner) => {
                self.push("(");
                self.expr(inner);
                self.push(")");
            }
            ExprKind::Not(inner) => {
                self.push("not ");
                self.expr(inner);
            }
            ExprKind::Neg(inner) => {
                self.push("-");
                self.expr(inner);
            }
            ExprKind::Binary(op, lhs, rhs) => {
                self.expr(lhs);
                self.push(" ");
                self.push(op.as_str());
                self.push(" ");
                self.expr(rhs);
            }
            ExprKind::Field(recv, name) => {
                self.expr(recv);
                self.push(".");
                self.push(&name.name);
            }
            ExprKind::Call(name, args) => {
                self.push(&name.name);
                self.args(args);
            }
            ExprKind::Method(recv, name, args) => {
                self.expr(recv);
                self.push(".");
                self.push(&name.name);
                self.args(args);
            }
            ExprKind::Index(recv, index) => {
                self.expr(recv);
                self.push("[");
                self.expr(index);
                self.push("]");
            }
            ExprKind::Quant(q, var, coll, cond) => {
                self.push(q.as_str());
                self.push(" ");
                self.binding(var, coll, cond);
            }
            ExprKind::Count(var, coll, cond) => {
                self.push("count(");
                self.binding(var, coll, cond);
                self.push(")");
            }
            ExprKind::Comprehension { elem, var, coll, cond } => {
                self.push("[");
                self.expr(elem);
                self.push(" for ");
                self.push(&var.name);
                self.push(" in ");
                self.expr(coll);
                if let Some(cond) = cond {
                    self.push(" if ");
                    self.expr(cond);
                }
                self.push("]");
            }
        }
    }

    /// `x in xs: cond`
    fn binding(&mut self, var: &Ident, coll: &Expr, cond: &Expr) {
        self.push(&var.name);
        self.push(" in ");
        self.expr(coll);
        self.push(": ");
        self.expr(cond);
    }

    fn list(&mut self, items: &[Expr]) {
        // Only the outermost lists break; their elements stay on one line each.
        match self.brk.take() {
            Some(indent) if !items.is_empty() => {
                self.push("[\n");
                for item in items {
                    self.out.extend(std::iter::repeat_n(' ', indent + INDENT));
                    self.expr(item);
                    self.push(",\n");
                }
                self.out.extend(std::iter::repeat_n(' ', indent));
                self.push("]");
                self.brk = Some(indent);
            }
            brk => {
                self.brk = brk;
                self.push("[");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.expr(item);
                }
                self.push("]");
            }
        }
    }

    fn map(&mut self, fields: &[(Ident, Expr)]) {
        if fields.is_empty() {
            self.push("{}");
            return;
        }
        self.push("{ ");
        for (i, (name, value)) in fields.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.push(&name.name);
            self.push(": ");
            self.expr(value);
        }
        self.push(" }");
    }

    fn args(&mut self, args: &[Arg]) {
        self.push("(");
        for (i, arg) in args.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            if let Some(name) = &arg.name {
                self.push(&name.name);
                self.push(": ");
            }
            self.expr(&arg.value);
        }
        self.push(")");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(src: &str) -> String {
        match format_source(src) {
            Ok(out) => out,
            Err(diags) => panic!("{src}\nfailed to format: {diags:?}"),
        }
    }

    /// Formats, checks the output re-parses, formats again and checks nothing changed
    fn assert_idempotent(src: &str) -> String {
        let once = fmt(src);
        let twice = fmt(&once);
        assert_eq!(once, twice, "not idempotent for:\n{src}");
        assert!(once.ends_with('\n') && !once.ends_with("\n\n"), "{once:?}");
        let comments = |s: &str| {
            crate::syntax::parse_file(s, SourceId(0))
                .0
                .comments
                .into_iter()
                .map(|c| c.text)
                .collect::<Vec<_>>()
        };
        assert_eq!(comments(src), comments(&once), "comments lost or reordered:\n{once}");
        assert_eq!(tokens(src), tokens(&once), "meaning changed:\n{once}");
        once
    }

    /// Token kinds and texts, without trailing commas: equal streams parse to equal trees
    fn tokens(src: &str) -> Vec<String> {
        let toks = crate::syntax::lex::lex(src, SourceId(0), 0).tokens;
        let text =
            |t: &crate::syntax::token::Token| src.get(t.span.range()).unwrap_or("").to_string();
        let mut out: Vec<String> = Vec::new();
        for t in &toks {
            if matches!(t.kind, crate::syntax::token::TokenKind::Punct("]" | "}" | ")"))
                && out.last().is_some_and(|l| l == ",")
            {
                out.pop();
            }
            out.push(text(t));
        }
        out
    }

    #[test]
    fn messy_input_with_comments_formats_canonically() {
        let src = r#"# policy header
tenet   1
import "std/licenses"   with {dco:true,  window: 90d}
let approved=["MIT","Apache-2.0",]   # allow-list
let   limit = 5MB


## The project license must be approved.
## Second line.
rule license/unapproved {   # header note
  severity   error # why
  # before tags
  tags ["license"]
  for f in license_files() where f.license.confidence>=0.9
  require f.license.expr satisfies approved and
     # inside the expression
     not (f.is_bot or -f.size<-1KiB)
  message "`{f.path}` is   licensed {f.license.expr}"
  # before close
}
waive license/unapproved { reason "OSPO-142"  owner "ospo@example.com"
  expires 2027-06-30 }   # until then
# after the last item
"#;
        let expected = r#"# policy header
tenet 1

import "std/licenses" with { dco: true, window: 90d }

let approved = ["MIT", "Apache-2.0"]  # allow-list
let limit = 5MB

## The project license must be approved.
## Second line.
rule license/unapproved {  # header note
  severity error  # why
  # before tags
  tags ["license"]
  for f in license_files()
  where f.license.confidence >= 0.9
  # inside the expression
  require f.license.expr satisfies approved and not (f.is_bot or -f.size < -1KiB)
  message "`{f.path}` is   licensed {f.license.expr}"
  # before close
}

waive license/unapproved {
  reason "OSPO-142"
  owner "ospo@example.com"
  expires 2027-06-30
}  # until then
# after the last item
"#;
        assert_eq!(fmt(src), expected);
        assert_idempotent(src);
    }

    #[test]
    fn adjacent_lets_stay_together_and_kinds_are_separated() {
        let src = "tenet 1\nlet a = 1\nlet b = 2\n\n\n\nlet c = 3\nparam p: int = 1\n";
        assert_eq!(fmt(src), "tenet 1\n\nlet a = 1\nlet b = 2\n\nlet c = 3\n\nparam p: int = 1\n");
    }

    #[test]
    fn doc_comments_stay_docs_and_plain_comments_stay_apart() {
        let src = "tenet 1\nlet x = 1 ## about r\nrule r { require true }\n## not a doc\n\nrule s {\n  require true\n}\n";
        let out = assert_idempotent(src);
        assert_eq!(
            out,
            "tenet 1\n\nlet x = 1\n\n## about r\nrule r {\n  require true\n}\n\n## not a doc\n\nrule s {\n  require true\n}\n"
        );
        let (file, _) = crate::syntax::parse_file(&out, SourceId(0));
        let docs: Vec<_> =
            file.items
                .iter()
                .filter_map(|i| {
                    if let ItemKind::Rule(r) = &i.kind { Some(r.docs.clone()) } else { None }
                })
                .collect();
        assert_eq!(docs, vec![vec!["about r".to_string()], vec![]]);
    }

    #[test]
    fn every_clause_kind_is_idempotent() {
        let src = r#"tenet 1
param dco: bool = false
param approved: list<string> = ["MIT"]
param owner: string?
rule contribution/missing-signoff {
  severity warning
  tags ["dco"]
  when dco and languages().has("rust")
  for c in commits(merges: false, since: 90d) where not c.is_bot
  for t in c.trailers("Signed-off-by")
  where t.value matches /^(.+) <(.+)>$/i and len([x for x in c.files if x.size > 5MB]) == 0
  require any t in c.trailers("Signed-off-by"): lower(t.email) == lower(c.author.email)
  forbid count(f in c.files: f.path contains "secret") > 0 or all f in c.files: f.lines[0] != "x"
  message "commit {c.short} by {c.author.email} has no {{sign-off}}"
  help "run `git commit -s`"
  at c
  fix create "DCO" from "Signed-off: {c.author.name}\n"
}
"#;
        assert_idempotent(src);
    }

    #[test]
    fn waivers_tests_and_imports_are_idempotent() {
        let src = r#"tenet 1
import "std/licenses"
import "./common.tenet" with { dco: true, approved: ["MIT", "ISC"], window: 30d }
waive license/unapproved {
  repos ["legacy-*"] # optional
  paths ["third_party/**"]
  reason "OSPO-142: vendored"
  owner "ospo@example.com"
  expires 2027-06-30
}
test "gpl is rejected" {
  # the fixture
  fixture "fixtures/gpl-project"   # a directory

  set dco = true
  expect license/unapproved at "LICENSE"
  expect no license/missing-file
}
"#;
        let out = assert_idempotent(src);
        assert!(
            out.contains(
                "\n  fixture \"fixtures/gpl-project\"  # a directory\n\n  set dco = true\n"
            ),
            "{out}"
        );
        assert!(out.contains("\n  expect no license/missing-file\n}\n"), "{out}");
        assert!(out.contains("repos [\"legacy-*\"]  # optional\n"), "{out}");
    }

    #[test]
    fn long_list_breaks_one_element_per_line() {
        let src = r#"tenet 1
let approved = ["MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "Zlib", "Unicode-3.0", "MPL-2.0"]
rule license/unapproved {
  require f.license.expr satisfies ["MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "Zlib"] # ok
}
"#;
        let out = assert_idempotent(src);
        let expected = r#"tenet 1

let approved = [
  "MIT",
  "Apache-2.0",
  "BSD-2-Clause",
  "BSD-3-Clause",
  "ISC",
  "Zlib",
  "Unicode-3.0",
  "MPL-2.0",
]

rule license/unapproved {
  require f.license.expr satisfies [
    "MIT",
    "Apache-2.0",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "ISC",
    "Zlib",
  ]  # ok
}
"#;
        assert_eq!(out, expected);
    }

    #[test]
    fn literals_are_printed_as_written() {
        let out = fmt(
            "tenet 1\nlet x = [0.90, 1e3, 90d, 512KiB, 2027-03-01, \"a\\tb\", /a\\/b/i, null]\n",
        );
        assert_eq!(
            out,
            "tenet 1\n\nlet x = [0.90, 1e3, 90d, 512KiB, 2027-03-01, \"a\\tb\", /a\\/b/i, null]\n"
        );
    }

    #[test]
    fn syntax_error_returns_diagnostics() {
        let errs = format_source("tenet 1\nrule a {\n  require\n}\n").err().unwrap_or_default();
        assert!(!errs.is_empty());
        assert!(format_source("let x = 1\n").is_err());
    }

    #[test]
    fn odd_layouts_are_idempotent_and_lossless() {
        let cases = [
            "tenet 1 # v\n",
            "tenet 1\n# only a comment\n",
            "# a\n\n# b\ntenet 1\n\n\n# c\n\nlet x = 1\n",
            "tenet 1\nrule a {}\n# x\nrule b {}\nrule c { # in\n}\n",
            "tenet 1\nrule a { } # t\n",
            "tenet 1\nrule # weird\n a # after id\n { require true }\n",
            "tenet 1\r\nlet x = 1 # crlf\r\n\r\nlet y = 2\r\n",
            "tenet 1\nrule a {\n\n\n  severity error\n\n\n  require true\n\n}\n",
            "tenet 1\nrule a {\n  severity error\n\n  require a and # inner\n    b\n}\n",
            "tenet 1\nlet x = [\n  \"a\", # first\n  \"b\",\n]\n",
            "tenet 1\nlet x = {}\nlet y = { a: [1, 2], b: {c: 1} }\nlet z = -(-1) - -1 - --x\n",
            "tenet 1\nlet r = a / /re/ / 2\nlet q = (all x in xs: x > 1) and not not y\n",
            "tenet 1\nparam t: list<list<string>>? = null\nparam u: int?\n",
            "tenet 1\ntest \"t\" {\n  fixture # odd\n \"x\"\n}\n",
            "tenet 1\nwaive a/b { reason \"r\" owner \"o\" expires 2027-01-01 } rule c { require true }\n",
            "tenet 1\nlet x = 1\n## doc\n\n\n## doc2\nrule a { require true } # end\n\n\n# tail\n\n\n# tail2\n",
            "tenet 1\nrule a { require f.in == x[0].y(1, n: 2)[1] }\n",
        ];
        for c in cases {
            assert_idempotent(c);
        }
    }
}
